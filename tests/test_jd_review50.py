"""Words beside a 7a/7b breach that round 63 read as taking the duty away, though they are
about something else (review of session 50, P1-P4, P9; `fixtures/jd-review50/`): "under
which" for how the post works now, a bare "not applicable" or "does not apply" about a benefit
or a sign-off, a one-column table asking something else of the duty, a restriction "removed",
and an annex whose own duty is judged beside core duties held elsewhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules.api import check
from workrules.textpattern import _asks_applies, sentences

REVIEW = Path(__file__).resolve().parents[1] / "fixtures" / "jd-review50"
ENGINES = ("python", "columnar")
TODAY = dt.date(2026, 12, 1)


def _found(name: str, engine: str) -> list[tuple[str, int, str]]:
    result = check([str(REVIEW / name)], today=TODAY, engine=engine)
    return [(f.rule, f.line, f.subject) for f in result.findings]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "rule", "line"), [
    ("under-which-current-model.md", "jd-cases-role-boundary", 10),
    ("marker-about-a-benefit.md", "jd-cases-role-boundary", 10),
    ("marker-about-sign-off.md", "jd-psr-role-boundary", 10),
    ("column-asks-about-induction.md", "jd-cases-role-boundary", 11),
    ("column-asks-about-a-reader.md", "jd-psr-role-boundary", 10),
    ("restriction-removed.md", "jd-cases-role-boundary", 10),
    ("annex-own-duty-core-elsewhere.md", "jd-cases-role-boundary", 12),
])
def test_a_breach_beside_words_about_something_else_is_found(name: str, rule: str, line: int,
                                                             engine: str) -> None:
    assert _found(name, engine) == [(rule, line, str(REVIEW / name))]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_annex_judged_on_its_own_text_is_not_said_to_be_unread(engine: str) -> None:
    path = REVIEW / "annex-own-duty-core-elsewhere.md"
    result = check([str(path)], today=TODAY, engine=engine)
    said = {n.rule: n.reason for n in result.not_applied if n.partial}
    assert sorted(said) == ["jd-line-management-text-contradicts-itself",
                            "jd-psr-role-boundary", "jd-span-stated"]  # fmt: skip
    assert said["jd-psr-role-boundary"] == (
        "applied in part: 1 job description refers duties to another document, so only its own "
        f"text was judged, not the duties that document holds: {path} says its duties are in "
        'another document ("Core responsibilities: see the national PSO job description"), '
        "which is not given")
    assert not any("not judged" in reason for reason in said.values())


def test_a_column_that_asks_something_else_leaves_the_row_as_written() -> None:
    text = (REVIEW / "column-asks-about-induction.md").read_text().split("---\n", 2)[2]
    assert "Hold a caseload of IOM cases : No" in [s.text for s in sentences(text)]


@pytest.mark.parametrize(("header", "asks"), [
    ("| Duty | Applies to this post (Y/N) |", True), ("| Duty | This post |", True),
    ("| Duty | Year 1 | Year 2 |", True), ("| Duty | Applicable? |", True),
    ("| Duty | Induction needed |", False), ("| Duty | Second reader (Y/N) |", False),
    ("| Duty | PO countersignature |", False), ("| Duty | Applies | Training required |", False),
    ("| Duty |", False),
])
def test_only_a_header_asking_whether_the_duty_applies_reads_no_as_not_the_posts(
        header: str, asks: bool) -> None:  # fmt: skip
    assert _asks_applies(header) is asks


@given(st.text(max_size=80))
def test_reading_a_header_never_fails(header: str) -> None:
    assert _asks_applies(header) in (True, False)
