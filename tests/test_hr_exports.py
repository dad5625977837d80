"""Staff, rota and allocation files as HR and case-management systems export them, on what
review 30 left (fixtures/hr-exports/README.md): hours and minutes written as a decimal
(`7.30`), one payroll number in a file that names no unit beside files that name several,
ids in scientific notation in JSON and YAML, and absences outside a person's time in post. A
refusal is one line naming the file and the line, the same on every way a file is read
(`conftest.LOAD_PATHS`) and under both engines."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import check_text, said_on_every_path
from hypothesis import given
from hypothesis import strategies as st

from workrules.errors import InputError
from workrules.tabular import read_tabular

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "hr-exports"
ENGINES = ("python", "columnar")
SCIENTIFIC = ("is a number as a spreadsheet shows a long one (in scientific notation), not an "
              "id: saved so, the digits it hides are lost, and two ids may become one; format "
              "the column as text before saving")  # fmt: skip

# (folder, files, the one-line refusal)
REFUSED = [
    ("hours", ["staff.csv", "minutes-timesheets.csv"], "minutes-timesheets.csv:3: hours_worked: "
     "'42.30' is 42 h 30 min as HR systems write hours and minutes, or 42.3 hours (42 h 18 min) "
     "as a decimal number, and which is meant is not guessed: write 42.5 for 42 h 30 min, or "
     "42.3 for 42.3 hours"),
    ("hours", ["minutes-staff.csv"], "minutes-staff.csv:2: contracted_hours: '37.30' is 37 h 30 "
     "min as HR systems write hours and minutes, or 37.3 hours (37 h 18 min) as a decimal "
     "number, and which is meant is not guessed: write 37.5 for 37 h 30 min, or 37.3 for 37.3 "
     "hours"),
    ("hours", ["staff.csv", "quarter-upw_sessions.csv"], "quarter-upw_sessions.csv:2: "
     "contact_hours: '7.45' is 7 h 45 min as HR systems write hours and minutes, or 7.45 hours "
     "(7 h 27 min) as a decimal number, and which is meant is not guessed: write 7.75 for 7 h "
     "45 min, or 7.450 for 7.45 hours"),
    ("hours", ["staff.csv", "hundredths-timesheets.csv"], "hundredths-timesheets.csv:3: "
     "toil_hours: '0.10' is 0 h 10 min as HR systems write hours and minutes, or 0.1 hours (0 h "
     "6 min) as a decimal number, and which is meant is not guessed: write about 0.17 for 0 h "
     "10 min, or 0.1 for 0.1 hours"),
    ("scientific", ["staff.json"], f"staff.json:3: staff member id '4.41235E+11' {SCIENTIFIC}"),
    ("scientific", ["staff.yaml"], f"staff.yaml:5: staff member id '1E+05' {SCIENTIFIC}"),
    ("scientific", ["good-staff.yaml", "timesheets.json"], "timesheets.json:3: timesheet "
     f"1.00234E+05 week 2026-11-30: staff '1.00234E+05' {SCIENTIFIC}"),
    ("scientific", ["good-staff.yaml", "timesheets.ndjson"], "timesheets.ndjson:3: timesheet "
     f"1.00234E+05 week 2026-11-30: staff '1.00234E+05' {SCIENTIFIC}"),
    ("scientific", ["good-staff.yaml", "allocation.yaml"],
     f"allocation.yaml:4: case id '1.2E+05' {SCIENTIFIC}"),
    ("scientific", ["good-staff.yaml", "cases.ndjson"],
     f"cases.ndjson:3: case id '1.2E+05' {SCIENTIFIC}"),
    # a number, not text: a type error, as before
    ("scientific", ["good-staff.yaml", "number-allocation.json"], "number-allocation.json:3: "
     "cases[1].id: 120000.0 is not text; write it in quotes ('120000.0') if it is meant as "
     "text"),
    ("regions", ["north-staff.yaml", "payroll-staff.yaml", "north-allocation.yaml",
                 "south-allocation.yaml"],
     "payroll-staff.yaml:4: staff 1001 is listed twice, here and at north-staff.yaml:5, and only "
     "one of the two files says where: neither record gives a unit, this file names no unit, "
     "that file's is \"Tyne PDU\", and the files given name 2 units (\"Avon PDU\", \"Tyne "
     "PDU\"), so which unit this 1001 is in is not known; if they are two people, give them "
     "different ids; if one, give the same unit in each of their records"),
    ("regions", ["payroll-staff.csv", "south-allocation.yaml", "north-staff.yaml"],
     "north-staff.yaml:5: staff 1001 is listed twice, here and at payroll-staff.csv:2, and only "
     "one of the two files says where: neither record gives a unit, this file's unit is \"Tyne "
     "PDU\", that file names none, and the files given name 2 units (\"Avon PDU\", \"Tyne "
     "PDU\"), so which unit this 1001 is in is not known; if they are two people, give them "
     "different ids; if one, give the same unit in each of their records"),
    # a Parquet struct (a report's `subject` whole) beside a column for one field of it: the
    # later column's value was read, the other lost, whichever way round
    ("nested", ["staff.yaml", "whole-first-reports.parquet"], "whole-first-reports.parquet: the "
     "column 'subject.rosh' is given twice (columns 5 and 6: 'subject' gives the whole of its "
     "record, and 'subject.rosh' one field of it); give one or the other"),
    ("nested", ["staff.yaml", "part-first-reports.parquet"], "part-first-reports.parquet: the "
     "column 'subject.rosh' is given twice (columns 5 and 6: 'subject' gives the whole of its "
     "record, and 'subject.rosh' one field of it); give one or the other"),
    # a Parquet cell of spaces only is a value not given on every path, as a CSV's blank cell:
    # the fast paths read it as written ("staff '  ' is not the id of anyone")
    ("blank", ["staff.yaml", "spaces-timesheets.parquet"], "spaces-timesheets.parquet:2: "
     "timesheets[1] has no 'staff', which is required"),
]  # fmt: skip


@pytest.mark.parametrize(("folder", "files", "said"), REFUSED,
                         ids=[f"{d}/{f[-1]}" for d, f, _ in REFUSED])  # fmt: skip
def test_an_hr_export_is_refused_in_one_line_alike_on_every_path(
        folder: str, files: list[str], said: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assert said_on_every_path(files, HERE / folder, monkeypatch) == {said}
    for engine in ENGINES:
        assert check_text("--set", "cases_max=2", *files, cwd=HERE / folder,
                          engine=engine) == (2, "", f"workrules: {said}\n")  # fmt: skip


def test_a_parquet_cell_of_spaces_only_is_not_given_on_every_path(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assert said_on_every_path(["staff.yaml", "spaces-cases.parquet"], HERE / "blank",
                              monkeypatch) == {"['case', 'staff']"}  # fmt: skip
    for engine in ENGINES:
        code, out, err = check_text("staff.yaml", "spaces-cases.parquet", cwd=HERE / "blank",
                                    engine=engine)  # fmt: skip
        assert (code, err) == (0, "")
        assert out.startswith("spaces-cases.parquet:2: case-role-boundary-risk-unknown [7a] S2 "
                              "(PSO) was allocated case C2 with no risk of serious harm recorded")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_nested_records_fields_as_columns_of_their_own_are_read(engine: str) -> None:
    code, out, err = check_text("staff.yaml", "parts-reports.parquet", cwd=HERE / "nested",
                                engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert out.startswith("parts-reports.parquet:1: psr-role-boundary [7] S002 (PSO) wrote "
                          "pre-sentence report R1 (sdr, 2024-06-10) on a person outside the role "
                          "boundary of a PSO: the person's RoSH level is high; the person's flags are IOM (7).")


@pytest.mark.parametrize("engine", ENGINES)
def test_hours_written_as_hundredths_are_read_as_written(engine: str) -> None:
    # 41.50 and 40.33 are no hours and minutes (.50 is a half hour as a decimal; 33 is no whole
    # number of five minutes), 38.3 has one decimal, 37.50 contracted hours are 37.5 h
    code, out, err = check_text("staff.csv", "decimal-timesheets.csv", cwd=HERE / "hours",
                                engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert [line.split(": ", 1)[1].split(" (4c)")[0] for line in out.splitlines()
            if not line.startswith(" ")] == [
        "unrecompensed-hours [4c] N1 worked 41.5 h in the week of 2026-11-30, 4.5 h over their "
        "37 h contracted, but 0 h of it was given as TOIL or paid: 4.5 h unrecompensed",
        "unrecompensed-hours [4c] N2 worked 40.33 h in the week of 2026-11-30, 2.83 h over "
        "their 37.5 h contracted, but 0 h of it was given as TOIL or paid: 2.83 h unrecompensed",
        "unrecompensed-hours [4c] N3 worked 38.3 h in the week of 2026-11-30, 1.3 h over their "
        "37 h contracted, but 0 h of it was given as TOIL or paid: 1.3 h unrecompensed"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_payroll_list_beside_one_units_files_is_that_units_person(engine: str) -> None:
    # the files name one unit only: the payroll's 1001 is Tyne PDU's (as review 6's HR export
    # beside a unit's own list), holding its two cases
    assert check_text("--set", "cases_max=2", "north-staff.yaml", "payroll-staff.yaml",
                      "north-allocation.yaml", cwd=HERE / "regions", engine=engine) == (
        0, "", "")  # fmt: skip


def test_one_unit_given_in_each_record_makes_the_payroll_person_one(tmp_path: Path) -> None:
    from workrules.dataset import load_data

    for name in ("north-staff.yaml", "payroll-staff.yaml", "south-allocation.yaml"):
        text = (HERE / "regions" / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("contracted_hours: 37}",
                                                  "contracted_hours: 37, unit: Tyne PDU, region: North East}"),
                                     encoding="utf-8")  # fmt: skip
    data = load_data([str(tmp_path / n) for n in ("north-staff.yaml", "payroll-staff.yaml",
                                                  "south-allocation.yaml")])  # fmt: skip
    assert list(data.staff) == ["1001"]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_absence_outside_a_persons_time_in_post_is_reported(engine: str) -> None:
    # reported: L1's week of sickness after leaving, P1's leave ending the day before they
    # started, and (CSV) L1's absence from the day they left; not: a spell running over the
    # leaving day, one ending on the first day in post, one of someone with no dates in post
    code, out, err = check_text("staff.yaml", "absences.csv", cwd=HERE / "absences",
                                engine=engine)  # fmt: skip
    assert (code, err) == (0, "")
    assert [line for line in out.splitlines() if not line.startswith(" ")] == [
        "absences.csv:2: absence-outside-post [3] L1 has an absence (sickness) from 2026-10-01 "
        "to 2026-10-02, outside their time in post (started_on 2026-06-01, left_on 2026-10-01 "
        "in the staff list); the absence or the dates are wrong (3).",
        "staff.yaml:9: absence-outside-post [3] L1 has an absence (sickness) from 2026-11-02 to "
        "2026-11-06, outside their time in post (started_on 2026-06-01, left_on 2026-10-01 in "
        "the staff list); the absence or the dates are wrong (3).",
        "staff.yaml:13: absence-outside-post [3] P1 has an absence (annual leave) from "
        "2026-05-18 to 2026-05-31, outside their time in post (started_on 2026-06-01, left_on "
        "not given in the staff list); the absence or the dates are wrong (3)."]


# ------------------------------------------------------------------ properties of the parser


@given(st.integers(min_value=0, max_value=168), st.integers(min_value=0, max_value=99),
       st.sampled_from(["hours_worked", "toil_hours", "paid_excess_hours"]))  # fmt: skip
def test_two_decimals_are_refused_exactly_when_they_may_be_minutes(
        hours: int, digits: int, column: str) -> None:  # fmt: skip
    written = f"{hours}.{digits:02d}"
    row = {"hours_worked": "40", "toil_hours": "0", "paid_excess_hours": "0", column: written}
    raw = ("staff,week,hours_worked,toil_hours,paid_excess_hours\nN1,2026-11-30,"
           + ",".join(row[c] for c in ("hours_worked", "toil_hours", "paid_excess_hours"))
           + "\n").encode()  # fmt: skip
    minutes = digits < 60 and digits % 5 == 0 and digits % 25 != 0
    if not minutes:
        doc = read_tabular(raw, "x-timesheets.csv", ".csv")
        assert doc.data["timesheets"][0][column] == float(written)
        return
    with pytest.raises(InputError) as err:
        read_tabular(raw, "x-timesheets.csv", ".csv")
    said = err.value.message
    assert err.value.line == 2 and said.startswith(f"{column}: '{written}' is {hours} h "
                                                   f"{digits} min as HR systems write")
    # each way it says to write is read as what it says it means
    for_minutes, for_hundredths = said.rsplit(": write ", 1)[1].split(", or ")
    value = for_minutes.removeprefix("about ").split(" for ")[0]
    assert abs(Decimal(value) - (hours + Decimal(digits) / 60)) <= Decimal("0.005")
    again = for_hundredths.split(" for ")[0]
    doc = read_tabular(raw.replace(written.encode(), again.encode()), "x-timesheets.csv", ".csv")
    assert doc.data["timesheets"][0][column] == float(written)


@given(st.integers(min_value=0, max_value=168), st.text("0123456789", min_size=1, max_size=4)
       .filter(lambda d: len(d) != 2))  # fmt: skip
def test_hours_with_other_than_two_decimals_are_read_as_decimals(hours: int, digits: str) -> None:
    written = f"{hours}.{digits}"
    raw = f"staff,week,hours_worked\nN1,2026-11-30,{written}\n".encode()
    doc = read_tabular(raw, "x-timesheets.csv", ".csv")
    assert doc.data["timesheets"][0]["hours_worked"] == float(written)


@given(st.from_regex(r"[1-9](\.[0-9]{1,6})?[eE]\+[0-9]{2}", fullmatch=True),
       st.sampled_from(["id", "line_manager"]))  # fmt: skip
def test_an_id_in_scientific_notation_is_refused_in_json_as_in_csv(
        written: str, field: str) -> None:  # fmt: skip
    from workrules.dataset import load_data

    person = {"id": "N1", "grade": "PO"}
    person[field] = written
    with pytest.raises(InputError) as err:
        load_data([("x.json", {"kind": "staff", "staff": [person]})])
    noun = "staff member id" if field == "id" else "N1: line_manager"
    assert err.value.message == f"{noun} '{written}' {SCIENTIFIC}"


def test_an_id_in_scientific_notation_is_refused_in_parquet_on_every_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    (tmp_path / "staff.yaml").write_bytes((HERE / "scientific" / "good-staff.yaml").read_bytes())
    pq.write_table(pa.table({"id": ["C1", "1.2E+05"], "practitioner": ["N1", "N2"],
                             "rosh": ["medium", "low"]}), tmp_path / "cases.parquet")  # fmt: skip
    assert said_on_every_path(["staff.yaml", "cases.parquet"], tmp_path, monkeypatch) == {
        f"cases.parquet:2: case id '1.2E+05' {SCIENTIFIC}"}
