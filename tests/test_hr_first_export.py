"""An HR data officer's first regional export (first hour, round 52): the files as HR and
case-management systems write them, and what each refusal says. fixtures/hr-first-export/
README.md says what each file shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_workrules
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.api import load_data
from workrules.errors import InputError
from workrules.model import canonical_grade, word_key

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "hr-first-export"
BAND_SAYS = ("is a pay band, not a grade: a band names no role, so no rule that judges by "
             "grade could judge its holder; give the grade (PO, PSO, SPO, ...; HR's job title) "
             "in grade, and the band in band")


def _refusal(*args: str) -> list[str]:
    done = run_workrules("check", "--no-config", *args, cwd=HERE)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    return done.stderr.splitlines()


# P1: HR's `Grade` column of bands mapped to `grade` was read as unknown grades: every rule
# that judges by grade passed its holders over, and the advice was to declare BAND_4.
def test_a_pay_band_given_as_a_staff_grade_is_refused_at_each_line() -> None:
    assert _refusal("band-as-grade/staff.csv") == [
        f"workrules: band-as-grade/staff.csv:{line}: staff[{i}] ({who}): grade: {band!r} "
        f"{BAND_SAYS}" for line, i, who, band in ((4, 2, "E1004", "Band 4"),
                                                  (5, 3, "E1016", "Band 3"))]


def test_a_pay_band_as_a_staff_grade_is_refused_by_indicators_too() -> None:
    done = run_workrules("indicators", "--by", "grade",
                         "band-as-grade/staff.csv", cwd=HERE)  # fmt: skip
    assert done.returncode == 2
    assert f"band-as-grade/staff.csv:4: staff[2] (E1004): grade: 'Band 4' {BAND_SAYS}" \
        in done.stderr


_SEPARATORS = st.sampled_from([" ", "_", "-", "", "  "])


@settings(max_examples=60, deadline=None)
@given(word=st.sampled_from(["Band", "BAND", "band", "PB", "Pay Band", "pay_band"]),
       sep=_SEPARATORS, number=st.integers(1, 9), letter=st.sampled_from(["", "a", "B"]),
       grade=st.sampled_from(["", "PSO ", "PO ", "Probation Services Officer "]))
def test_a_band_alone_is_refused_and_a_band_beside_a_grade_is_not(
        tmp_path_factory: pytest.TempPathFactory, word: str, sep: str, number: int,
        letter: str, grade: str) -> None:  # fmt: skip
    written = f"{grade}{word}{sep}{number}{letter}"
    path = tmp_path_factory.mktemp("band") / "staff.csv"
    path.write_text(f"id,grade\nS1,{written}\n", encoding="utf-8")
    if not grade:
        with pytest.raises(InputError) as err:
            load_data([path])
        assert (err.value.line, err.value.message) == (
            2, f"staff[0] (S1): grade: {written!r} {BAND_SAYS}")
    else:  # (read as before: the grade, or an unknown grade the check reports)
        assert load_data([path]).staff["S1"].grade == (
            canonical_grade(written) or word_key(written))


STAFF_FIELDS = ("id, name, grade, roles, contracted_hours, qualified_on, line_manager, pta, "
                "pso_assessor, unit, region, band, gender, ethnicity, started_on, left_on, "
                "flexitime")
LEFT_ON_SAYS = ("left_on is the first day not in post: an HR leaving or termination date is the "
                "last day of service, so give the day after it")


# P2 (a leaving date is the last day of service, left_on the first day not in post) and P6
# (Ethnic Origin and Flexi Scheme had no hint)
def test_hr_staff_columns_are_named_with_their_fields_and_the_day_after_a_leaving_date() -> None:
    assert _refusal("hr-headers/Tees PDU - staff.csv") == [
        "workrules: hr-headers/Tees PDU - staff.csv:1: the columns 'Employee No' (did you mean "
        "'id'?), 'Employee Name' (did you mean 'name'?), 'Job Title' (did you mean 'grade'?), "
        "'Line Manager No' (did you mean 'line_manager'?), 'Start Date' (did you mean "
        f"'started_on'?), 'Leaving Date' (did you mean 'left_on'? {LEFT_ON_SAYS}), 'Ethnic "
        "Origin' (did you mean 'ethnicity'?), 'Flexi Scheme' (did you mean 'flexitime'?) are "
        f"not fields of staff records; the fields are {STAFF_FIELDS}"]


# P6: a name column was offered as the `staff` reference (an id) beside the id column, and
# Paid Overtime had no hint
def test_a_name_column_in_timesheets_is_said_to_be_removed_not_offered_as_the_id() -> None:
    assert _refusal("hr-headers/2024-04-timesheets.csv") == [
        "workrules: hr-headers/2024-04-timesheets.csv:1: the columns 'Employee No' (did you "
        "mean 'staff'?), 'Employee Name', 'Week Commencing' (did you mean 'week'?), 'Paid "
        "Overtime' (did you mean 'paid_excess_hours'?), 'Approved' are not fields of timesheets "
        "records; the fields are staff, week, hours_worked, toil_hours, paid_excess_hours, hours_due; "
        "'Employee Name' is a staff member's, given once in the staff list (a file named for "
        "it, as unit-staff.csv, with a row for each person: id, grade, contracted_hours...), "
        "not here: remove it"]


def test_a_case_termination_date_is_closed_with_the_day_after_said() -> None:
    assert _refusal("hr-headers/2024-cases.csv") == [
        "workrules: hr-headers/2024-cases.csv:1: the columns 'CRN' (did you mean 'id'?), "
        "'Staff Code' (did you mean 'practitioner'?), 'Allocation Date' (did you mean "
        "'opened'?), 'Termination Date' (did you mean 'closed'? closed is the first day the "
        "case is not held: where the export's date is the last day it was held, give the day "
        "after it) are not fields of cases records; the fields are id, practitioner, tier, "
        "rosh, opened, closed, mappa_level, flags"]


# P3: a way to validate an export without judging it (check --data-only)
def test_data_only_says_nothing_about_good_data_and_exits_0() -> None:
    done = run_workrules("check", "--no-config", "--data-only", "data-only/good", cwd=HERE)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "workrules: the data loads (1 file); nothing to say about it. Findings are not "
        "reported (--data-only): run check without it for them.\n")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_data_only_gives_the_data_notices_and_no_finding(engine: str) -> None:
    done = run_workrules("check", "--no-config", "--engine", engine, "--data-only",
                         "data-only/notices", cwd=HERE)  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    unknown = ("applied in part; not applied for unknown grades: this rule judges by grade, and "
               "this grade is not known, so their holders were not judged: HOSTEL_WORKER "
               "(E1030) (declare a grade of its own with 'grade NAME' in the policy or [grades] "
               "in workrules.toml)")
    assert done.stdout.splitlines() == [
        f"data-only/notices/staff.csv:5: note: {rule} [{clause}] {unknown}"
        for rule, clause in (("case-role-boundary", "7a"), ("case-role-boundary-risk-unknown",
                                                             "7a"),
                             ("case-role-boundary-before-qualifying", "7a"),
                             ("case-role-boundary-before-qualifying-risk-unknown", "7a"),
                             ("pso-assessor-of-another-grade", "8e"),
                             ("pta-of-another-role", "8d"))] + [
        "workrules: the data loads (2 files); 6 notices about the data: read them before "
        "sending it. Findings are not reported (--data-only): run check without it for them."]
    # (check itself finds the PSO's high-RoSH case: the finding --data-only leaves out)
    assert run_workrules("check", "--no-config", "--format", "text", "data-only/notices",
                         cwd=HERE).returncode == 1  # fmt: skip


def test_data_only_refuses_bad_data_with_exit_2() -> None:
    assert _refusal("--data-only", "band-as-grade/staff.csv")[0].startswith(
        "workrules: band-as-grade/staff.csv:4: staff[2] (E1004): grade: 'Band 4' is a pay band")


def test_data_only_takes_no_report_format() -> None:
    assert _refusal("--data-only", "--format", "json", "data-only/good") == [
        "workrules: --data-only says its notices as text, on standard output: it takes no "
        "--format or -o (a report of findings is check's, without it)"]


# P7: a Total row hid the rest of the file's errors until the next run
def test_a_total_row_and_the_dates_of_the_same_file_are_said_in_one_run() -> None:
    assert _refusal("total-row/staff.csv") == [
        "workrules: total-row/staff.csv:5: this row is a 'Total' row, not a record; an export "
        "lists records only: remove it",
        "workrules: total-row/staff.csv:2: staff[0] (E1001).started_on: '01/04/2015' is not a "
        "date in the form YYYY-MM-DD; it may be day first (2015-04-01) or month first "
        "(2015-01-04), which is not guessed; the column's 14/01/2021 at line 4 is day first, "
        "so write 2015-04-01",
        "workrules: total-row/staff.csv:4: staff[2] (E1003).started_on: '14/01/2021' is not a "
        "date in the form YYYY-MM-DD; write it as 2021-01-14"]


@settings(max_examples=40, deadline=None)
@given(dates=st.lists(st.sampled_from(["2024-01-15", "15/01/2024", "", "2024-02-30"]),
                      min_size=1, max_size=6),
       total=st.integers(0, 6), word=st.sampled_from(["Total", "TOTAL", "Grand Total",
                                                      "Sub-total"]))
def test_every_bad_row_of_a_csv_export_is_said_in_one_run(
        tmp_path_factory: pytest.TempPathFactory, dates: list[str], total: int,
        word: str) -> None:  # fmt: skip
    rows = [f"S{i},PO,{day}" for i, day in enumerate(dates)]
    at = min(total, len(rows))
    rows.insert(at, f"{word},,")
    path = tmp_path_factory.mktemp("total") / "staff.csv"
    path.write_text("id,grade,started_on\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_data([path])
    said = getattr(err.value, "errors", (err.value,))
    # the row that is no record first, then each bad date, by line
    bad_lines = [line for line, row in enumerate(rows, start=2)
                 if row.endswith(("15/01/2024", "2024-02-30"))]  # fmt: skip
    assert [e.line for e in said] == [at + 2, *bad_lines]
    assert said[0].message == (f"this row is a {word!r} row, not a record; an export lists "
                               "records only: remove it")


# P5: a monthly export named list first was told only "did you mean 'timesheets'"
def test_a_monthly_file_named_list_first_is_given_the_name_to_write() -> None:
    assert _refusal("list-first/Timesheets April 2024.csv") == [
        "workrules: list-first/Timesheets April 2024.csv: a CSV or Parquet file names the list "
        "it fills at the end of its name; this one names 'timesheets' before the end: rename "
        "it 2024-04-timesheets.csv",
        "workrules: list-first/Timesheets April 2024.csv:1: the columns 'Employee No' (did you "
        "mean 'staff'?), 'Week Commencing' (did you mean 'week'?), 'Paid Overtime' (did you "
        "mean 'paid_excess_hours'?) are not fields of timesheets records; the fields are staff, "
        "week, hours_worked, toil_hours, paid_excess_hours, hours_due"]


_MONTH_NAMES = ["January", "Feb", "MARCH", "april", "May", "June", "Jul", "August", "Sept",
                "October", "Nov", "December"]


@settings(max_examples=40, deadline=None)
@given(listed=st.sampled_from(["timesheets", "absences", "wmt", "cases", "staff"]),
       month=st.integers(0, 11), year=st.integers(2000, 2039),
       sep=st.sampled_from([" ", "_", "-", " - "]), case=st.sampled_from([str.title, str.lower]))
def test_a_list_first_name_with_a_month_is_renamed_year_and_month_first(
        tmp_path_factory: pytest.TempPathFactory, listed: str, month: int, year: int, sep: str,
        case: object) -> None:  # fmt: skip
    name = f"{case(listed)}{sep}{_MONTH_NAMES[month]}{sep}{year}.csv"  # type: ignore[operator]
    path = tmp_path_factory.mktemp("named") / name
    path.write_text("x\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_data([path])
    first = getattr(err.value, "errors", (err.value,))[0]
    assert first.message.endswith(f"rename it {year}-{month + 1:02}-{listed}.csv")
