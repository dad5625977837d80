"""Session 29's review: what the helpers found, on real files under fixtures/review39.

Each test names a behaviour and asserts the exact findings (rule, subject, line) or notices of
a check."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules import check
from workrules.textpattern import sentences

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review39"


def _found(*names: str) -> list[tuple[str, str, int]]:
    result = check([HERE / "jd" / name for name in names], select=["jd-*"])
    return [(Path(f.file).name, f.rule, f.line) for f in result.findings]


@pytest.mark.parametrize(("name", "expected"), [
    # Probation Officers as the subject of the duty: the work is theirs (7a, 7b) ...
    ("pso-pos-in-team-hold.md", []),
    ("pso-pos-will-prepare.md", []),
    ("pso-shadow-as-they-prepare.md", []),
    # ... but not when they are an aside between commas
    ("pqip-like-the-pos-aside.md", [("pqip-like-the-pos-aside.md", "jd-cases-role-boundary", 8)]),
    # a relative clause after a comma still tells of the officers, a PTA among them
    ("pso-alongside-pos-who-hold.md", []),
    ("pqip-pta-who-holds.md", []),
    # help for the officers ends where the post's own verb begins
    ("pso-support-pos-and-manage.md",
     [("pso-support-pos-and-manage.md", "jd-cases-role-boundary", 8)]),
    # MAPPA level 2 in the past is no current MAPPA case; a history of sexual offending is one
    ("pso-previously-mappa-2.md", []),
    ("pso-previously-convicted.md", [("pso-previously-convicted.md", "jd-cases-role-boundary", 8)]),
    # the statutory name of the case holder
    ("pso-responsible-officer.md", [("pso-responsible-officer.md", "jd-cases-role-boundary", 8)]),
    ("pso-responsible-officer-low.md", []),
    # cases the post is given or takes over, not guidance or a diary
    ("pqip-given-cases.md", [("pqip-given-cases.md", "jd-cases-role-boundary", 8)]),
    ("pqip-given-guidance.md", []),
    ("pso-take-over-supervision.md",
     [("pso-take-over-supervision.md", "jd-cases-role-boundary", 8)]),
    ("pso-take-over-diary.md", []),
    # cases said to hold safeguarding concerns, not concerns the post raises
    ("pso-cases-that-include-safeguarding.md",
     [("pso-cases-that-include-safeguarding.md", "jd-cases-role-boundary", 8)]),
    ("pso-raise-safeguarding-concerns.md", []),
    # domestic abuse named by whom it harms, not an offence against a stranger
    ("pso-stalking-former-partner.md",
     [("pso-stalking-former-partner.md", "jd-cases-role-boundary", 8)]),
    ("pso-stalking-stranger.md", []),
    ("pqip-violence-against-partner.md",
     [("pqip-violence-against-partner.md", "jd-psr-role-boundary", 8)]),
    ("pso-mappa-management-at-level-2.md",
     [("pso-mappa-management-at-level-2.md", "jd-psr-role-boundary", 8)]),
])
def test_who_holds_the_cases_and_which_cases_the_boundary_keeps(
        name: str, expected: list[object]) -> None:  # fmt: skip
    assert _found(name) == expected


def test_the_programme_s_own_name_in_a_heading_is_no_person_specification() -> None:
    # "Professional Qualification in Probation" heads duties, not a candidate's criteria
    assert _found("pqip-programme-name-heading.md") == [
        ("pqip-programme-name-heading.md", "jd-cases-role-boundary", 10)]


def test_a_qualifications_heading_still_heads_criteria() -> None:
    assert _found("pso-qualifications-heading.md") == []


@pytest.mark.parametrize(("name", "expected"), [
    # a role name beginning with "case" is staff: a team managed and no count given (9)
    ("spo-case-manager-team.md", [("spo-case-manager-team.md", "jd-span-stated", 8)]),
    ("spo-case-manager-team-spreadsheet.md", []),
    # a count after the staff: "typically 10-14 FTE", "(x 6)", "PO x 5"
    ("spo-typically-fte.md", []),
    ("sao-x-space-count.md", []),
    ("spo-org-chart-counts.md", []),
    # how often is not how many: the PSOs' number is still unstated
    ("spo-briefings-x-a-year.md", [("spo-briefings-x-a-year.md", "jd-span-stated", 8)]),
])
def test_spans_of_control_as_hr_exports_and_org_charts_write_them(
        name: str, expected: list[object]) -> None:  # fmt: skip
    assert _found(name) == expected


def test_a_sentence_knows_where_its_commas_fall() -> None:
    (said,) = sentences("The PQiP, like the POs in the team, will hold cases.")
    assert [w for w, p in zip(said.words, said.pauses, strict=True) if p] == ["pqip", "team"]
    # a relative pronoun after a comma goes on telling of the noun before it
    (said,) = sentences("Work alongside POs, who hold IOM cases.")
    assert said.pauses == ()


@given(st.text(alphabet=st.sampled_from(list("ab ,.;:()\n-\u2013Who")), max_size=60))
def test_a_sentence_s_pauses_are_none_or_one_for_each_word(text: str) -> None:
    for said in sentences(text):
        assert said.pauses == () or len(said.pauses) == len(said.words)
