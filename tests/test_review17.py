"""Review 17: data files as HR and case-management systems write them, and as an attacker
would (fixtures/review17/README.md says which is which). Each refusal is one line naming the
file and the line (the row, for Parquet), word for word the same on every way a file is read:
the exact path, the fast loaders (which switch on by size: forced here by setting their
thresholds to 0), the records kept as columns, and both engines."""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest
from conftest import run_workrules, said_on_every_path
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workrules.dataset import load_kept
from workrules.errors import InputError, did_you_mean

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review17"
pytest.importorskip("pyarrow")

def _said(files: list[str], monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """What loading `files` (in fixtures/review17) says on every path: the refusal, or the
    kinds of record the data set holds."""
    return said_on_every_path(files, HERE, monkeypatch)


def _check(*args: str, engine: str = "python", cwd: Path = HERE) -> tuple[int, str, str]:
    done = run_workrules("check", "-q", "--no-config", "--format", "text", "--engine", engine,
                         *args, cwd=cwd)  # fmt: skip
    return done.returncode, done.stdout, done.stderr


REFUSED = [
    # nested a thousand levels deep: msgspec, which the fast loaders decode with, gave up
    # with a RecursionError (exit 70, "internal error") where the exact path refuses it
    ("deep-header-timesheets.ndjson",
     "deep-header-timesheets.ndjson:1: not valid JSON: nested too deeply to be a data file"),
    ("deep-unit-rota.json",
     "deep-unit-rota.json:1: not valid JSON: nested too deeply to be a data file"),
    # text in another encoding, named as a CSV's is: was "not UTF-8 text (byte 0xff)"
    ("windows-1252-rota.json",
     "windows-1252-rota.json:2: is not UTF-8 text (byte 0xe9) (in Windows-1252, the encoding "
     "of older Excel exports, it would be 'é'); save it as UTF-8"),
    ("utf16-staff.yaml",
     "utf16-staff.yaml:1: is UTF-16 text (it starts with UTF-16's byte-order mark), not "
     "UTF-8; save it as UTF-8"),
    # numbers beyond the bound every JSON and YAML number is held to: a CSV cell and a
    # Parquet column (uint64, float) were read whatever their size
    ("huge-hours-timesheets.csv",
     "huge-hours-timesheets.csv:3: hours_worked: 5000000000 is too large a number for a data "
     "file (the largest accepted is 1,000,000,000: no hour, count or percentage comes near it)"),
    ("huge-hours-timesheets.parquet",
     "huge-hours-timesheets.parquet:2: hours_worked: 9223372036854775813 is too large a number "
     "for a data file (the largest accepted is 1,000,000,000: no hour, count or percentage "
     "comes near it)"),
    ("float-hours-timesheets.parquet",
     "float-hours-timesheets.parquet:1: hours_worked: 5000000000000.0 is too large a number "
     "for a data file (the largest accepted is 1,000,000,000: no hour, count or percentage "
     "comes near it)"),
    # a Parquet date Python cannot hold, or a timestamp to the nanosecond: pyarrow's
    # to_pylist raised (OverflowError, ValueError; exit 70)
    ("far-date-timesheets.parquet",
     "far-date-timesheets.parquet:2: week: a date before the year 1 or after 9999, far "
     "outside the dates workrules accepts (1900-01-01 to 2999-12-31)"),
    ("nanosecond-timesheets.parquet",
     "nanosecond-timesheets.parquet:2: week: 2024-06-03 00:00:00.000000001 is a date and a "
     "time of day (to the nanosecond); give the date alone (a date column, or midnight)"),
    # a person's id in another case, or padded with zeros: named, never taken
    ("lower-case-timesheets.csv",
     "lower-case-timesheets.csv:3: timesheet n2 week 2024-06-03: staff 'n2' is not the id of "
     "anyone in the staff lists given (did you mean 'N2'?); pass the file that lists them too"),
    ("padded-timesheets.csv",
     "padded-timesheets.csv:2: timesheet N01 week 2024-06-03: staff 'N01' is not the id of "
     "anyone in the staff lists given (did you mean 'N1'?); pass the file that lists them too"),
    # one person listed twice under an id written two ways would be two people, each with
    # part of the hours and cases
    ("more-staff.yaml",
     "more-staff.yaml:4: staff n1 and staff N1 (at staff.csv:2) differ only in case or in the "
     "zeros that pad a number; write one person's id the same way in every file ('N1'), and "
     "give two people ids that differ in more than that"),
    ("padded-staff.json",
     "padded-staff.json:4: staff N002 and staff N2 (at staff.csv:3) differ only in case or in "
     "the zeros that pad a number; write one person's id the same way in every file ('N2'), and "
     "give two people ids that differ in more than that"),
    # more hours than a week or a day has
    ("week-hours-timesheets.csv",
     "week-hours-timesheets.csv:3: timesheets[1].hours_worked: 200 is more than 168; give 168 "
     "or less (a timesheet row is one week's, and a week has 168 hours)"),
    ("week-hours-timesheets.ndjson",
     "week-hours-timesheets.ndjson:3: timesheets[1].hours_worked: 168.5 is more than 168; give "
     "168 or less (a timesheet row is one week's, and a week has 168 hours)"),
    ("day-hours-rota.yaml",
     "day-hours-rota.yaml:4: upw_sessions[1] (U2).contact_hours: 25 is more than 24; give 24 "
     "or less (a session is on one day, and a day has 24 hours)"),
    ("contract-staff.yaml",
     "contract-staff.yaml:3: staff[0] (N3).contracted_hours: 370 is more than 168; give 168 or "
     "less (contracted hours are a week's, and a week has 168 hours)"),
    # nearly numbers and nearly dates, each with what to write
    ("plus-timesheets.csv",
     "plus-timesheets.csv:2: hours_worked: '+45' is not a number; write it as 45"),
    ("point-timesheets.csv",
     "point-timesheets.csv:2: toil_hours: '.5' is not a number; write it as 0.5"),
    ("na-timesheets.csv",
     "na-timesheets.csv:2: hours_worked: 'N/A' is not a number; 'N/A' stands for no value: "
     "give the value; it is required, so leave the record out until it is known"),
    # hours and minutes were "without 'h30'", as if 7h30 were 7 h
    ("clock-timesheets.csv",
     "clock-timesheets.csv:2: hours_worked: '37:30' is not a number; write the hours as a "
     "decimal number: 37 h 30 min is 37.5"),
    ("hours-and-minutes-timesheets.ndjson",
     "hours-and-minutes-timesheets.ndjson:2: timesheets[0].hours_worked: '7h30' is not a "
     "number; write the hours as a decimal number: 7 h 30 min is 7.5"),
    ("excel-datetime-timesheets.csv",
     "excel-datetime-timesheets.csv:2: timesheets[0].week: '17/06/2024 00:00' is not a date in "
     "the form YYYY-MM-DD or an ISO week YYYY-Www; write it as 2024-06-17"),
    # a CSV has no column 'subject': its fields are columns of their own
    ("no-subject-reports.csv",
     "no-subject-reports.csv:1: has no column 'subject.rosh', which every reports record "
     "needs"),
    ("slash-date-timesheets.csv",
     "slash-date-timesheets.csv:2: timesheets[0].week: '2024/06/03' is not a date in the form "
     "YYYY-MM-DD or an ISO week YYYY-Www; write it as 2024-06-03"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "said"), REFUSED, ids=[f for f, _ in REFUSED])
def test_an_export_that_cannot_be_used_is_refused_alike_on_every_path(
        file: str, said: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assert _said(["staff.csv", file], monkeypatch) == {said}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_refusal_reaches_the_command_line_as_one_line_and_exit_2(engine: str) -> None:
    for file, said in (REFUSED[0], REFUSED[3], REFUSED[7], REFUSED[9]):
        assert _check("staff.csv", file, engine=engine) == (2, "", f"workrules: {said}\n")


def test_a_large_ndjson_export_with_a_deep_header_is_refused_not_a_crash(
        tmp_path: Path) -> None:  # fmt: skip
    # above 64 KiB the fast loader reads an NDJSON export by default: no threshold is set
    # here, as a user runs it
    deep = "[" * 40_000 + "]" * 40_000
    (tmp_path / "staff.csv").write_text((HERE / "staff.csv").read_text())
    (tmp_path / "big-timesheets.ndjson").write_text(
        '{"kind": "rota", "list": "timesheets", "unit": ' + deep + "}\n"
        '{"staff": "N1", "week": "2024-06-03", "hours_worked": 45}\n')
    for engine in ("python", "columnar"):
        assert _check("staff.csv", "big-timesheets.ndjson", engine=engine, cwd=tmp_path) == (
            2, "", "workrules: big-timesheets.ndjson:1: not valid JSON: nested too deeply to "
            "be a data file\n")


def test_a_week_of_168_hours_and_a_session_of_24_are_read_and_judged(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    expected = (HERE / "expected" / "at-the-limits.txt").read_text(encoding="utf-8")
    for engine in ("python", "columnar"):
        assert _check("staff.csv", "at-the-limits-rota.yaml", engine=engine) == (
            1, expected, "")
    assert _said(["staff.csv", "at-the-limits-rota.yaml"], monkeypatch) == {
        "['staff', 'timesheet', 'upw_session']"}


def test_a_quote_never_closed_in_a_long_csv_is_named_as_the_likely_cause(
        tmp_path: Path) -> None:  # fmt: skip
    # csv's own words were "field larger than field limit (131072)"
    rows = "N1,2024-06-10,40\n" * (csv.field_size_limit() // 16)
    path = tmp_path / "unit-timesheets.csv"
    path.write_text(f'staff,week,hours_worked\nN1,2024-06-03,45\nN2,"2024-06-03,45\n{rows}')
    (tmp_path / "staff.csv").write_text((HERE / "staff.csv").read_text())
    assert _check("staff.csv", "unit-timesheets.csv", cwd=tmp_path) == (
        2, "", "workrules: unit-timesheets.csv:3: not valid CSV: a cell in this row runs on for "
        "more than 131,072 characters (a value in quotes whose closing quote is missing takes "
        "in every row after it)\n")


@given(st.from_regex(r"[A-Z]{1,2}[1-9][0-9]{0,2}", fullmatch=True), st.integers(0, 2),
       st.booleans())  # fmt: skip
def test_an_id_in_another_case_or_padded_otherwise_is_named_only_when_alone(
        id_: str, zeros: int, lower: bool) -> None:  # fmt: skip
    letters = id_.rstrip("0123456789")
    written = (letters.lower() if lower else letters) + "0" * zeros + id_[len(letters):]
    assume(written != id_)
    assert did_you_mean(written, [id_, f"{id_}X", "Q9Q"]).startswith(
        f" (did you mean '{id_}'?")
    # two ids it could be (`N1` and `n1`; `N1` and `N01`): neither is named
    twin = letters.lower() + id_[len(letters):] if letters.lower() != letters else None
    if twin is not None and written not in (id_, twin):
        assert did_you_mean(written, [id_, twin]) == ""


_CELL = st.from_regex(r"\+?[0-9]{0,3}(\.[0-9]{0,2})?", fullmatch=True)


@given(_CELL)
def test_a_number_written_with_a_plus_or_a_bare_point_is_refused_with_its_value(
        cell: str) -> None:  # fmt: skip
    from workrules.schemacheck import number_hint
    from workrules.tabular import _NUMBER

    hint = number_hint(cell)
    if _NUMBER.fullmatch(cell) or not re.search("[0-9]", cell):
        assert hint == ""  # a number as it is, or no number at all
        return
    written = hint.removeprefix("; write it as ")
    assert hint.startswith("; write it as ") and _NUMBER.fullmatch(written), (cell, hint)
    assert math.isclose(float(written), float(cell)) or float(written) == float(cell)


@given(st.integers(0, 200), st.integers(0, 59),
       st.sampled_from(["{h}:{m:02d}", "{h}h{m:02d}", "{h}h {m}", "{h} hrs {m} mins",
                        "{h} hours {m} minutes"]))  # fmt: skip
def test_hours_and_minutes_are_refused_with_their_decimal(hours: int, minutes: int,
                                                          form: str) -> None:  # fmt: skip
    from decimal import Decimal

    from workrules.schemacheck import number_hint

    hint = number_hint(form.format(h=hours, m=minutes))
    said = re.fullmatch(r"; write the hours as a decimal number: ([0-9]+) h ([0-9]+) min is "
                        r"(about )?([0-9]+(\.[0-9]{1,2})?)", hint)  # fmt: skip
    assert said is not None, hint
    assert (int(said[1]), int(said[2])) == (hours, minutes)
    exact = Decimal(hours) + Decimal(minutes) / 60
    assert abs(Decimal(said[4]) - exact) < Decimal("0.005")
    assert (said[3] is None) == (Decimal(said[4]) == exact)


def test_an_id_written_as_pandas_writes_a_whole_number_is_named_never_taken(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # pandas writes the ids of a column with a gap in it as 8.0
    assert _said(["numbered-staff.csv", "float-id-timesheets.csv"], monkeypatch) == {
        "float-id-timesheets.csv:3: timesheet 8.0 week 2024-06-03: staff '8.0' is not the id "
        "of anyone in the staff lists given (did you mean '8'?); pass the file that lists them "
        "too"}


SAVE_AS_CSV = ("save each sheet as CSV UTF-8, named for the list it fills (e.g. "
               "region-01-timesheets.csv), or export the data as JSON or Parquet")


@pytest.mark.parametrize(("file", "said"), [
    ("region-01-timesheets.xlsx", "region-01-timesheets.xlsx: is a spreadsheet workbook "
     f"(.xlsx), which workrules does not read; {SAVE_AS_CSV}"),
    # a workbook saved under a CSV's name was "not UTF-8 text (byte 7 is a NUL byte...)";
    # as YAML, "the control character U+0003 is not allowed"
    ("workbook-timesheets.csv", "workbook-timesheets.csv: is a spreadsheet workbook or a ZIP "
     f"archive (it starts as one does), not text; {SAVE_AS_CSV}"),
    ("region-01-staff.tsv", "region-01-staff.tsv: is tab-separated text; workrules reads CSV "
     "with commas: save it as CSV UTF-8 (e.g. region-01-timesheets.csv)"),
    # in a folder, a workbook named for a list is data, and refused; it was skipped unread,
    # and the check ran without its timesheets (the workbook named for no list is skipped)
    ("folder", "folder/region-01-timesheets.xlsx: is a spreadsheet workbook (.xlsx), which "
     f"workrules does not read; {SAVE_AS_CSV}"),
])  # fmt: skip
def test_a_spreadsheet_is_refused_with_what_to_export_instead(file: str, said: str) -> None:
    for engine in ("python", "columnar"):
        assert _check(file, engine=engine, cwd=HERE / "sheets") == (2, "", f"workrules: {said}\n")


def test_a_workbook_piped_in_is_refused_as_one() -> None:
    done = run_workrules("check", "--no-config", "-", cwd=HERE / "sheets",
                         input=(HERE / "sheets" / "region-01-timesheets.xlsx").read_text(
                             "latin-1"))  # fmt: skip
    assert done.returncode == 2 and done.stderr.startswith(
        "workrules: <stdin>: is a spreadsheet workbook or a ZIP archive")


@settings(max_examples=60)
@given(st.one_of(st.integers(-10, 400), st.integers(-(10**12), 10**12)), st.booleans())
def test_any_whole_number_of_hours_in_a_csv_is_read_or_refused_in_one_line(
        tmp_path_factory: pytest.TempPathFactory, hours: int, decimal: bool) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("hours")
    (folder / "staff.csv").write_text((HERE / "staff.csv").read_text())
    cell = f"{hours}.0" if decimal else str(hours)
    (folder / "unit-timesheets.csv").write_text(f"staff,week,hours_worked\nN1,2024-06-03,{cell}\n")
    try:
        data = load_kept([str(folder / "staff.csv"), str(folder / "unit-timesheets.csv")], "none")
    except InputError as err:
        said = str(err).removeprefix(f"{folder / 'unit-timesheets.csv'}:2: ")
        if abs(hours) > 1_000_000_000:
            assert said.startswith(f"hours_worked: {cell} is too large a number for a data file")
        elif hours < 0:
            assert said == f"timesheets[0].hours_worked: {cell} is less than 0; give 0 or more"
        else:
            assert said == (f"timesheets[0].hours_worked: {cell} is more than 168; give 168 or "
                            "less (a timesheet row is one week's, and a week has 168 hours)")
    else:
        assert 0 <= hours <= 168
        assert [t.hours_worked for t in data.records["timesheet"]] == [hours]


@settings(max_examples=25)
@given(st.integers(-(2**31), 2**31 - 1))
def test_any_parquet_date_is_read_or_refused_at_its_row(
        tmp_path_factory: pytest.TempPathFactory, days: int) -> None:  # fmt: skip
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path_factory.mktemp("dates")
    path = folder / "unit-cases.parquet"
    pq.write_table(pa.table({"id": ["C1", "C2"], "practitioner": ["N1", "N1"],
                             "opened": pa.array([19877, days], pa.date32())}), path)  # fmt: skip
    try:
        load_kept([str(HERE / "staff.csv"), str(path)], "tables")
    except InputError as err:
        assert str(err).startswith(f"{path}:2: "), str(err)
        assert "\n" not in str(err)
    else:
        assert dt.date(1900, 1, 1) <= dt.date(1970, 1, 1) + dt.timedelta(days) <= dt.date(
            2999, 12, 31)
