"""Acting up written the ways HR writes it (scenarios round 52), on fixtures/acting-up/:

- a spell in the grade above written without "Acting" (`PSO (TP to PO)`, `PSO (Promoted to
  PO)`, `PSO (Act PO)`, `PO (TDA SPO)`, `PO (Covering SPO)`, `PO (A/SPO)`) is read as the
  grade acted in and named by every rule that judges by grade, never silently as the holder's
  own (P1); `PO (Acting up to SPO)` is an SPO, not an SPO role named `TO` (P6);
- a spell's days written with slashes or full stops are refused at the line, saying how to
  write them (P3);
- the indicators count a dated spell's holder in their own grade's row (P9), and say how
  many agency placements ending they counted as leavers (P2);
- the learners' caseload notice counts a qualified learner's cases opened before they
  qualified alone (P8).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import check_text, partial_notices
from hypothesis import given, settings
from hypothesis import strategies as st

import workrules
from workrules import model as m
from workrules.workforce_report import to_dict

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "acting-up"
ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


@pytest.mark.parametrize(("written", "acted", "own"), [
    ("PSO (TP to PO)", "PO", "PSO"), ("PSO (Promoted to PO)", "PO", "PSO"),
    ("PSO (Act PO)", "PO", "PSO"), ("PO (TDA SPO)", "SPO", "PO"),
    ("PO (Covering SPO)", "SPO", "PO"), ("PO (A/SPO)", "SPO", "PO"),
    ("PSO (Temporary Promotion to PO)", "PO", "PSO"), ("PO (Acting up to SPO)", "SPO", "PO"),
    ("PO (acting up as SPO)", "SPO", "PO"), ("SPO (TP to Head of PDU)", "HEAD_OF_PDU", "SPO"),
])  # fmt: skip
def test_a_spell_in_the_grade_above_written_without_acting_is_read_as_acting(
        written: str, acted: str, own: str) -> None:
    assert (m.canonical_grade(written), m.acting_undated(written),
            m.held_before_acting(written)) == (acted, written, own)


@pytest.mark.parametrize("written", [
    "PO (Covering Courts)", "PO (Mental Health Act)", "PO (Maternity Cover)", "PSO (Courts)"])
def test_cover_or_act_with_no_grade_after_it_stays_a_place(written: str) -> None:
    assert (m.canonical_grade(written), m.acting_undated(written)) == (
        m.canonical_grade(written.split(" (")[0]), None)


@pytest.mark.parametrize("written", ["PO (SPO Shadowing)", "PSO (PO Pathway)"])
def test_a_grade_among_the_words_in_brackets_is_no_place(written: str) -> None:
    assert m.canonical_grade(written) is None


@pytest.mark.parametrize("written", [
    "PO (Acting SPO 04/11/2024 - 31/01/2025)", "PO (Acting SPO 04.11.2024 - 31.01.2025)",
    "PSO (TP to PO 02-12-2024 to 28-02-2025)", "PO (Covering SPO until 31 March 2025)"])
def test_a_spell_with_its_days_however_written_is_an_unknown_grade(written: str) -> None:
    assert (m.canonical_grade(written), m.acting_spell(written)) == (None, True)


@settings(max_examples=80, deadline=None)
@given(own=st.sampled_from(["PSO", "PO", "Probation Officer"]),
       how=st.sampled_from(["TP", "TP to", "Promoted to", "Act", "TDA", "Covering", "A/",
                            "Acting up to", "Acting as", "Temporary Promotion to"]),
       acted=st.sampled_from(["SPO", "Senior Probation Officer", "Head of PDU"]),
       brackets=st.booleans())  # fmt: skip
def test_a_grade_acting_in_another_is_the_grade_acted_in_or_unknown_never_its_own(
        own: str, how: str, acted: str, brackets: bool) -> None:
    written = f"{own} ({how} {acted})" if brackets else f"{own} {how} {acted}"
    written = written.replace("/ ", "/")
    assert m.canonical_grade(written) in (m.canonical_grade(acted), None)
    if m.canonical_grade(written) is not None:
        assert m.acting_undated(written) == written


def _notices(result: Any) -> dict[str, str]:
    return dict(partial_notices(result))


@ENGINES
def test_work_in_the_grade_acted_in_is_no_breach_and_the_holders_are_named(engine: str) -> None:
    result = workrules.check([HERE / "staff.yaml", HERE / "allocation.yaml"],
                             set_values=["cases_max=30"], engine=engine)  # fmt: skip
    assert [(f.rule, f.subject) for f in result.findings] == []
    said = _notices(result)
    for rule in ("case-role-boundary", "psr-role-boundary"):
        assert ('T1 ("PSO (TP to PO)", read as PO, their own grade PSO); T2 ("PSO (Promoted '
                'to PO)", read as PO, their own grade PSO); T3 ("PO (Covering SPO)", read as '
                'SPO, their own grade PO); T4 ("PO (Acting up to SPO)", read as SPO, their own '
                'grade PO)') in said[rule]
        assert ("PO_ACTING_SPO_04_11_2024_TO_31_01_2025 (D1), "
                "PSO_TP_TO_PO_02_12_2024_TO_28_02_2025 (D2)") in said[rule]
    assert "SPO_TO" not in str(result.not_applied)


@ENGINES
def test_a_learner_who_qualified_is_named_with_the_cases_opened_before(engine: str) -> None:
    result = workrules.check([HERE / "staff.yaml", HERE / "allocation.yaml"],
                             set_values=["cases_max=30"], engine=engine)  # fmt: skip
    assert _notices(result)["cases-per-practitioner"] == (
        "applied in part: 1 PQiP learner's cases are held to the same limit as everyone's "
        "(cases_max), not a learner's protected caseload, which the files do not give: L1 (2 "
        f"cases opened before qualifying on 2024-12-16, {HERE / 'staff.yaml'}:16); check a "
        "learner's caseload against the PQiP workload guidance")


@pytest.mark.parametrize(("name", "written"), [
    ("staff-slashes.yaml", "04/11/2024 - 31/01/2025"),
    ("staff-full-stops.yaml", "04.11.2024 - 31.01.2025")])
def test_a_spell_s_days_with_slashes_or_full_stops_are_refused_saying_how_to_write_them(
        name: str, written: str) -> None:
    code, out, err = check_text(name, "allocation.yaml", cwd=HERE)
    assert (code, out, err) == (2, "", (
        f"workrules: {name}:11: staff[5] (D1).grade: 'PO (Acting SPO {written})' is not a "
        "grade: write its days with hyphens ('PO (Acting SPO 04-11-2024 - 31-01-2025)': a "
        "spell of acting up, read as an unknown grade, its holder named as not judged)\n"))


def _turnover() -> dict[str, Any]:
    report = workrules.indicators([HERE / "staff.yaml", HERE / "allocation.yaml"], "2024-Q4",
                                  by=("grade",), min_cell=2)  # fmt: skip
    return next(i for i in to_dict(report)["indicators"] if i["id"] == "turnover")


def test_a_dated_spell_is_counted_in_its_holder_s_own_grade_and_agency_leavers_said() -> None:
    turnover = _turnover()
    assert [c["group"] for c in turnover["cells"]] == ["all", "PO", "PQiP", "PSO", "SPO"]
    assert [(c["group"], c["people"]) for c in turnover["cells"]
            if c["group"] in ("all", "SPO")] == [("all", 11), ("SPO", 3)]  # fmt: skip
    assert turnover["caveat"] == (
        "1 staff member leaving in the period whose grade says they are agency, locum or "
        "contractor staff ('Agency PO'), counted as a leaver: where turnover counts employees "
        "alone, as HMPPS's own figures do, a placement's end is no leaver and the rate is "
        "lower; 2 staff members whose grade gives a spell of acting up with its dates are "
        "counted in the row of their own grade, not the grade acted in (a spell is no "
        "occupation): 1 in PO, 1 in PSO")
