"""Session 38: what the helpers found, on the files in fixtures/review48/.

- job descriptions: cases the post keeps, the kind named straight after the verb, and cases a
  Probation Officer covers only while the post holder is away (review 47's N4 and N5);
- job descriptions, round 43 (recruitment packs): someone else's line management in "About
  the team", others' careers, others' work after qualifying, a selection exercise, an FAQ's
  bold question over its answer, and a pack whose duties are in another document;
- contracts read as a day's: no count of findings left out where the rule found none for them
  (review 47's N11);
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import jd_found, partial_notices

from workrules import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review48"
JD = HERE / "jd"
SCENARIOS = HERE / "scenarios"


# ---------------------------------------------------------------- job descriptions

@pytest.mark.parametrize(("name", "found"), [
    # "the PSO retains domestic abuse cases": kept, so held (7a)
    ("cases-kept-by-the-post.md", [("jd-cases-role-boundary", 9)]),
    # records kept about a kind's cases, or cases kept under review, are not held
    ("cases-kept-controls.md", []),
    # cases the duty PO covers only in the post holder's absence are the post's
    ("cases-covered-in-your-absence.md", [("jd-cases-role-boundary", 9)]),
])  # fmt: skip
def test_cases_the_post_keeps_are_held_and_records_kept_are_not(
        name: str, found: list[tuple[str, int]]) -> None:  # fmt: skip
    assert [(rule, line) for _, rule, line in jd_found(JD, name)] == found


@pytest.mark.parametrize(("name", "found"), [
    # "Our SPO line manages nine practitioners" is the team's SPO, not the post
    ("pack-team-spo-line-manages.md", []),
    # careers of others: "where they line manage", "and now line manage teams of their own",
    # "later become SPOs and line manage their own teams"
    ("pack-career-line-manage.md", []),
    ("pack-career-spos-line-manage.md", []),
    ("pack-career-nqo-later-spo.md", []),
    # "**Is there any line management in this role?**" over "No. ..."
    ("pack-faq-bold-question.md", []),
    # "Many of our PSOs go on to train as POs, where after qualifying they will hold ..."
    ("pack-pso-career-after-qualifying.md", []),
    # a selection exercise: "a group discussion on a news article about the supervision of
    # people convicted of sexual offences"
    ("pack-assessment-group-discussion.md", []),
    # ... while the post's own line management, "together with our SPO" beside it, is read
    ("pack-controls.md", [("jd-span-stated", 9)]),
])  # fmt: skip
def test_a_recruitment_pack_s_parts_that_are_no_duty_of_the_post_are_not_read_as_one(
        name: str, found: list[tuple[str, int]]) -> None:  # fmt: skip
    assert [(rule, line) for _, rule, line in jd_found(JD, name)] == found


def test_a_pack_whose_duties_are_in_another_document_says_it_was_not_judged() -> None:
    # 80 words of team, person specification and benefits: none of them duties
    result = check([JD / "pack-duties-in-other-document.md"], select=["jd-*"])
    assert not result.findings
    said = dict(partial_notices(result))
    assert sorted(said) == ["jd-cases-role-boundary", "jd-line-management-contradicted",
                            "jd-psr-role-boundary", "jd-span-stated"]  # fmt: skip
    assert ('says its duties are in another document ("The main duties of the post are set out '
            'in the generic PSO job description, which is attached to the advert as a separate '
            'document"), which is not given') in said["jd-cases-role-boundary"]  # fmt: skip


# ---------------------------------------------------------------- scenarios

def test_a_rule_that_found_nothing_for_a_day_s_contract_counts_no_findings_left_out() -> None:
    # S1-S4's 7.4 h beside a 37 h, with weeks of 37 h worked: a day's figure. 4c's own rule
    # had a finding for each, left out and counted; the rules that had none say only that
    # they did not judge them (it said "0 findings by the figure left out")
    folder = SCENARIOS / "hr-day-typo"
    said = dict(partial_notices(check([folder / "staff.yaml", folder / "rota.yaml"])))
    assert "this rule did not judge them (4 findings by the figure left out); give everyone's" \
        in said["unrecompensed-hours"]  # fmt: skip
    for rule in ("hours-without-contract", "recompense-beyond-the-week"):
        assert "this rule did not judge them; give everyone's contracted hours a week" \
            in said[rule]  # fmt: skip
        assert "0 findings" not in said[rule]
