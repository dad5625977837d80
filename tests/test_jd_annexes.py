"""Job families written as one generic role profile and an annex per post (JDs, round 63):
duties marked as another grade's, applicability tables, version history, and an annex whose
core duties are in a profile not given (`fixtures/jd-annexes/`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules.api import check
from workrules.textpattern import _denied_in_every_column, sentences, unreadable

ANNEXES = Path(__file__).resolve().parents[1] / "fixtures" / "jd-annexes"
ENGINES = ("python", "columnar")
TODAY = dt.date(2025, 6, 30)


def _found(name: str, engine: str) -> list[tuple[str, int, str]]:
    result = check([str(ANNEXES / name)], today=TODAY, engine=engine)
    return [(f.rule, f.line, f.subject) for f in result.findings]


@pytest.mark.parametrize("engine", ENGINES)
def test_psr_boundary_breach_stands_when_a_later_clause_says_the_po_is_not_in_court(
        engine: str) -> None:  # fmt: skip
    assert _found("court-cover-when-po-absent.md", engine) == [
        ("jd-psr-role-boundary", 8, str(ANNEXES / "court-cover-when-po-absent.md"))]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["family-duties-marked.md", "applicability-columns.md",
                                  "lm-row-not-applicable.md", "version-history.md"])
def test_duties_the_profile_says_are_not_the_posts_give_no_finding(name: str,
                                                                   engine: str) -> None:
    assert _found(name, engine) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_annex_whose_core_duties_are_in_a_generic_profile_is_applied_in_part(
        engine: str) -> None:  # fmt: skip
    result = check([str(ANNEXES / "annex-core-elsewhere.md")], today=TODAY, engine=engine)
    partial = {n.rule for n in result.not_applied if n.partial
               and "says its duties are in another document" in n.reason}  # fmt: skip
    assert result.findings == ()
    assert {"jd-psr-role-boundary", "jd-cases-role-boundary", "jd-span-stated"} <= partial


def test_table_rows_answered_no_in_every_column_read_as_not_applying() -> None:
    text = (ANNEXES / "applicability-columns.md").read_text().split("---\n", 2)[2]
    said = [s.text for s in sentences(text)]
    assert "Hold a caseload of IOM cases : PSO no : PSO no" in said
    assert ("Prepare pre-sentence reports on people with a history of domestic abuse : "
            "does not apply to this post") in said
    assert "Complete home visits with a colleague : Y" in said


def test_generic_profile_that_sets_out_the_core_duties_is_named() -> None:
    said = unreadable("This annex is to be read with the generic PSO role profile (v4), which\n"
                      "sets out the core duties of the grade. The post holder will also ...")
    assert said == ('says its duties are in another document ("read with the generic PSO role '
                    'profile (v4), which sets out the core duties"), which is not given')
    assert unreadable("Core duties: see the role profile below.") is None


_ANSWERS = st.sampled_from(["Y", "N", "N/A", "No", "Yes", "x", "\u2717", "", "weekly"])


@given(st.text(max_size=40), st.lists(_ANSWERS, max_size=5))
def test_a_row_is_read_as_written_unless_every_answer_says_no(duty: str,
                                                              answers: list[str]) -> None:
    cells = [duty, *answers]
    read = _denied_in_every_column(cells)
    given_answers = [a for a in answers if a]
    every_no = bool(given_answers) and all(a in {"N", "N/A", "No", "\u2717"}
                                           for a in given_answers)  # fmt: skip
    assert read == ([duty, "does not apply to this post"] if every_no else cells)


@given(st.text(max_size=300))
def test_reading_where_the_duties_are_never_fails(text: str) -> None:
    said = unreadable(text)
    assert said is None or isinstance(said, str)
