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
  qualified alone (P8);
- a word for acting means acting only where the grade it names ends the words or is
  followed by the spell's days alone: a grade's work covered (`PSO (Covering PO caseload)`)
  leaves the holder in their own grade, judged by 7a (review 50, P5), and "A/" is "Acting"
  only with a grade's code (`PO (A/SPO)`), not in a team's "A/B" (review 50, P8), on
  fixtures/acting-up/covering/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import check_text, partial_notices
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import workrules
from workrules import model as m
from workrules.schemacheck import grade_hint
from workrules.workforce_report import to_dict

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "acting-up"
COVERING = HERE / "covering"
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


@pytest.mark.parametrize(("written", "own"), [
    ("PSO (Covering PO caseload)", "PSO"), ("PSO (Covering PO work)", "PSO"),
    ("PSO (Covering PO duties)", "PSO"), ("PSO (covering a PO caseload)", "PSO"),
    ("PO (Covering SPO duties)", "PO"), ("PSO (TP to PO caseload)", "PSO"),
    ("PO (TDA SPO duties)", "PO"), ("PSO (Covering POs)", "PSO")])  # fmt: skip
def test_a_grade_s_work_covered_is_no_acting_up_and_leaves_the_holder_s_grade(
        written: str, own: str) -> None:
    assert (m.canonical_grade(written), m.acting_undated(written),
            m.held_before_acting(written)) == (own, None, None)


@pytest.mark.parametrize("written", [
    "PO (Covering SPO until 31 March 2025)", "PO (A/SPO until 31 March 2025)",
    "PO (A/SPO 04-11-2024 to 31-01-2025)", "PSO (Act PO for 3 months)"])
def test_a_word_for_acting_before_a_grade_and_its_days_alone_is_a_spell(written: str) -> None:
    assert (m.canonical_grade(written), m.acting_spell(written)) == (None, True)


@pytest.mark.parametrize(("written", "own"), [
    ("PO (Court A/B)", "PO"), ("PSO (Leeds A/B)", "PSO"), ("PO (A/C)", "PO"),
    ("PO (Team A/B)", "PO"), ("PSO (A/B rota)", "PSO"), ("PSO (A/Court)", "PSO"),
    ("PO (Team A/B 2024)", "PO")])  # fmt: skip
def test_a_team_named_with_a_slash_is_a_place_and_its_hint_the_holder_s_grade(
        written: str, own: str) -> None:
    assert (m.canonical_grade(written), m.acting_undated(written),
            grade_hint(written)) == (own, None, f" (did you mean '{own}'?)")


@pytest.mark.parametrize(("written", "acting", "acted"), [
    ("A/SPO", "Acting SPO", "SPO"), ("PO (A/SPO)", "PO (Acting SPO)", "SPO"),
    ("PO (A/Head of PDU)", "PO (Acting Head of PDU)", "HEAD_OF_PDU")])  # fmt: skip
def test_a_slash_before_a_grade_s_code_is_hinted_as_acting(
        written: str, acting: str, acted: str) -> None:
    assert (m.canonical_grade(written), grade_hint(written)) == (
        acted, f" ('A/' is HR's short form of 'Acting': write '{acting}', read as {acted})")


@settings(max_examples=80, deadline=None)
@given(own=st.sampled_from(["PSO", "PO", "Probation Services Officer"]),
       how=st.sampled_from(["Covering", "covering a", "TP to", "Act", "TDA", "Promoted to",
                            "Covering the", "A/"]),
       acted=st.sampled_from(["PO", "SPO", "Probation Officer"]),
       work=st.sampled_from(["caseload", "work", "duties", "cases", "workload", "tasks"]),
       brackets=st.booleans())  # fmt: skip
def test_a_grade_s_work_covered_is_read_as_the_holder_s_own_grade_or_unknown(
        own: str, how: str, acted: str, work: str, brackets: bool) -> None:
    words = f"{how} {acted} {work}".replace("/ ", "/")
    written = f"{own} ({words})" if brackets else f"{own} - {words}"
    assert m.canonical_grade(written) in (m.canonical_grade(own), None)
    assert m.acting_undated(written) is None


@settings(max_examples=80, deadline=None)
@given(own=st.sampled_from(["PSO", "PO", "Probation Officer"]),  # (an SPO's are roles: 9c)
       team=st.sampled_from(["", "Court ", "Leeds ", "Team ", "North "]),
       after=st.text(alphabet="BCDEFGHJKLMNQRTUVWXYZ", min_size=1, max_size=3),
       tail=st.sampled_from(["", " rota", " 2024"]))  # fmt: skip
def test_a_slash_before_no_grade_s_code_is_never_acting(
        own: str, team: str, after: str, tail: str) -> None:
    assume(m.word_key(after) not in m.grade_index())  # ("A/PO" is an acting PO)
    written = f"{own} ({team}A/{after}{tail})"
    assert (m.canonical_grade(written) in (m.canonical_grade(own), None),
            m.acting_undated(written), "Acting" in grade_hint(written)) == (True, None, False)


@ENGINES
def test_a_pso_covering_a_po_s_caseload_is_judged_as_a_pso(engine: str) -> None:
    result = workrules.check([COVERING / "staff.yaml", COVERING / "allocation.yaml"],
                             engine=engine, today=dt.date(2024, 12, 31))  # fmt: skip
    at = str(COVERING / "allocation.yaml")
    assert [(f.rule, f.clause, f.subject, f.file, f.line, f.staff, f.measured)
            for f in result.findings] == [
        ("case-role-boundary", "7a", "CRN-W201", at, 6, ("C1",), "the RoSH level is high"),
        ("case-role-boundary", "7a", "CRN-W202", at, 7, ("C2",), "the RoSH level is very high"),
        ("case-role-boundary", "7a", "CRN-W203", at, 8, ("C3",), "the RoSH level is high"),
        ("case-role-boundary", "7a", "CRN-W204", at, 9, ("C5",), "the RoSH level is high"),
        ("psr-role-boundary", "7", "PSR-W1", at, 12, ("C2",),
         "the person's RoSH level is high")]
    said = _notices(result)["case-role-boundary"]
    assert 'V1 ("PO (Covering SPO)", read as SPO, their own grade PO)' in said
    assert "Covering PO" not in said and "C4" not in said


def test_a_team_named_a_slash_b_is_refused_with_the_holder_s_grade_as_the_hint() -> None:
    assert check_text("staff-team-a-b.yaml", cwd=COVERING) == (2, "", (
        "workrules: staff-team-a-b.yaml:6: staff[1] (K1).grade: 'PSO (Court A/B)' is not a "
        "grade (did you mean 'PSO'?): a grade is a code or a job title of letters, digits, "
        "spaces, '_', hyphens, dashes and parentheses, starting with a letter, on one line\n"))
