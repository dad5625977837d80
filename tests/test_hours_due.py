"""A week's own hours (`hours_due` on a timesheet row): a bank holiday, days of leave or a
working pattern's short week ask fewer hours than the contract's, and 4c judges the hours
worked beyond what the week asks (scenarios round 56, P3: a bank holiday week was judged
against a full week's contract, in silence). On fixtures/hours-due/ and the case
fixtures/cases/hours-due-in-a-short-week/ (run by tests/test_cases.py under both engines).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import partial_notices, run_workrules
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workrules import check, load_data
from workrules.workforce import _unpaid_over

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "hours-due"
TODAY = dt.date(2025, 4, 1)


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_week_is_judged_against_its_hours_due_and_a_row_without_them_against_the_contract(
        engine: str) -> None:  # fmt: skip
    result = check([HERE / "staff.yaml", HERE / "rota.yaml"], today=TODAY, engine=engine)
    assert [(f.rule, f.subject, f.when(), f.line, round(f.value, 6)) for f in result.findings] == [
        # the four-day week worked in full: 41.1 h against the 32.9 h it asks
        ("unrecompensed-hours", "S3", "week of 2025-03-24", 11, 8.2),
        # no hours_due: the long week of annualised hours against the 37 h contract
        ("unrecompensed-hours", "S4", "week of 2025-03-03", 13, 8.0),
        # a week of leave (0 h due) with a 3 h meeting in it
        ("unrecompensed-hours", "S5", "week of 2025-03-03", 16, 3.0),
    ]  # fmt: skip
    assert result.findings[0].message == (
        "S3 worked 41.1 h in the week of 2025-03-24, 8.2 h over their 32.9 h contracted, but "
        "0 h of it was given as TOIL or paid: 8.2 h unrecompensed (4c).")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_pattern_given_week_by_week_is_not_named_as_perhaps_a_pattern(engine: str) -> None:
    # S3's weeks go above and below the contract with no TOIL, as a pattern's do, but each
    # row says what its week asks: only S4, whose rows do not, is named
    result = check([HERE / "staff.yaml", HERE / "rota.yaml"], today=TODAY, engine=engine)
    (said,) = [why for rule, why in partial_notices(result) if rule == "unrecompensed-hours"]
    assert "(S4: 2 weeks of 29 h to 45 h against 37 h" in said
    assert "S3" not in said
    assert "give each week's hours in its row's hours_due" in said


def test_the_unpaid_hours_indicator_reads_a_week_s_hours_due() -> None:
    data = load_data([HERE / "staff.yaml", HERE / "rota.yaml"])
    unpaid = {(ts.staff, ts.week.isoformat()): _unpaid_over(ts, data.staff[ts.staff]
                                                             .contracted_hours)
              for ts in data.of("timesheet")}  # fmt: skip
    assert unpaid[("S3", "2025-03-03")] == 4.1 - 4.1  # 41.1 h worked, 41.1 h due
    assert round(unpaid[("S3", "2025-03-24")], 6) == 8.2
    assert unpaid[("S5", "2025-03-03")] == 3.0
    assert unpaid[("S4", "2025-03-03")] == 8.0  # the contract's 37 h


def test_an_export_s_expected_hours_column_is_refused_naming_hours_due(tmp_path: Path) -> None:
    (tmp_path / "staff.yaml").write_text((HERE / "staff.yaml").read_text())
    (tmp_path / "2025-03-timesheets.csv").write_text(
        "staff,week,hours_worked,Expected hours\nS3,2025-03-03,41.1,41.1\n")
    done = run_workrules("check", "staff.yaml", "2025-03-timesheets.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(
        "workrules: 2025-03-timesheets.csv:1: the column 'Expected hours' is not a field of "
        "timesheets records (did you mean 'hours_due'?)")


def test_hours_due_above_a_week_s_hours_is_refused_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "staff.yaml").write_text((HERE / "staff.yaml").read_text())
    (tmp_path / "rota.yaml").write_text(
        "kind: rota\ntimesheets:\n  - {staff: S3, week: 2025-03-03, hours_worked: 40,\n"
        "     hours_due: 370}\n")
    done = run_workrules("check", "staff.yaml", "rota.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("workrules: rota.yaml:")
    assert "hours_due" in done.stderr and "168" in done.stderr
    assert len(done.stderr.splitlines()) == 1


@settings(max_examples=60, deadline=None)
@given(worked=st.decimals(0, 80, places=1), due=st.decimals(0, 60, places=1),
       toil=st.decimals(0, 20, places=1))  # fmt: skip
@example(worked=37, due=29.6, toil=0)
def test_what_is_owed_is_the_hours_worked_beyond_the_week_s_hours_due_less_toil(
        tmp_path_factory: pytest.TempPathFactory, worked: object, due: object,
        toil: object) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("due")
    (folder / "staff.yaml").write_text(
        "kind: staff\nstaff:\n  - {id: S1, grade: PO, contracted_hours: 37}\n")
    (folder / "rota.yaml").write_text(
        f"kind: rota\ntimesheets:\n  - {{staff: S1, week: 2025-03-03, hours_worked: {worked}, "
        f"hours_due: {due}, toil_hours: {toil}}}\n")
    owed = round(float(worked) - float(due) - float(toil), 6)  # type: ignore[arg-type]
    for engine in ("python", "columnar"):
        result = check([folder / "staff.yaml", folder / "rota.yaml"], today=TODAY,
                       engine=engine)  # fmt: skip
        got = [round(f.value, 6) for f in result.findings if f.rule == "unrecompensed-hours"]
        assert got == ([owed] if owed > 0 else [])


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_one_week_s_hours_due_leaves_the_person_s_other_weeks_read_as_perhaps_a_pattern(
        tmp_path: Path, engine: str) -> None:  # fmt: skip
    # a nine-day fortnight's weeks with no hours_due, and one bank holiday week with it: the
    # four weeks are still named as perhaps a pattern (the review of session 54, P5)
    (tmp_path / "staff.yaml").write_text(
        "kind: staff\nstaff:\n  - {id: S1, grade: PSO, contracted_hours: 37}\n")
    weeks = [("2025-03-03", 41.1), ("2025-03-10", 32.9), ("2025-03-17", 41.1),
             ("2025-03-24", 32.9)]  # fmt: skip
    rows = "".join(f"  - {{staff: S1, week: {w}, hours_worked: {h}}}\n" for w, h in weeks)
    rows += "  - {staff: S1, week: 2025-05-05, hours_worked: 29.6, hours_due: 29.6}\n"
    (tmp_path / "rota.yaml").write_text(f"kind: rota\ntimesheets:\n{rows}")
    result = check([tmp_path / "staff.yaml", tmp_path / "rota.yaml"], today=TODAY,
                   engine=engine)  # fmt: skip
    (said,) = [why for rule, why in partial_notices(result) if rule == "unrecompensed-hours"]
    assert "(S1: 4 weeks of 32.9 h to 41.1 h against 37 h" in said
