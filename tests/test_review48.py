"""Session 38: what the helpers found, on the files in fixtures/review48/.

- job descriptions: cases the post keeps, the kind named straight after the verb, and cases a
  Probation Officer covers only while the post holder is away (review 47's N4 and N5);
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
