"""Review 25: rota, allocation and staff files as HR and case-management systems export them
(fixtures/review25/README.md says what each was read as before and after). Each is checked
with `staff.csv` (N1 and N2 under N3, all on 37 h) or alone (a staff file), and read every way
a file can be read (`conftest.LOAD_PATHS`) and under both engines: a refusal is one line
naming the file and the line (the row, for Parquet), word for word the same everywhere; a file
that is read gives the same findings under both engines."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from conftest import check_text, said_on_every_path
from hypothesis import given
from hypothesis import strategies as st

from workrules.errors import InputError
from workrules.load import parse_json, parse_yaml
from workrules.schemacheck import date_hint
from workrules.tabular import read_tabular

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review25"
ENGINES = ("python", "columnar")
WEEK_FORM = "is not a date in the form YYYY-MM-DD or an ISO week YYYY-Www"
YAML_UNDERSCORE = ("is a number to YAML 1.1, which reads '_' as a digit separator ({} is {}); "
                   "write the number without it, or quote it if it is text")  # fmt: skip

# (files, the refusal): found wrong by the review, and fixed
FIXED = [
    # an HR export writes the head of its tree as their own line manager: read as written,
    # they were one of their own direct reports (9)
    (["self-managed-staff.yaml"], "self-managed-staff.yaml:4: H1: line_manager 'H1' is their "
     "own id: no one is their own line manager; leave line_manager out where theirs is not in "
     "the files given"),
    (["self-managed-staff.parquet"], "self-managed-staff.parquet:1: H1: line_manager 'H1' is "
     "their own id: no one is their own line manager; leave line_manager out where theirs is "
     "not in the files given"),
    (["self-tutor-staff.csv"], "self-tutor-staff.csv:2: L1: pta 'L1' is their own id: no one "
     "is their own Practice Tutor Assessor; leave pta out where theirs is not in the files "
     "given"),
    # YAML 1.1 reads `_` as a digit separator: 3_7 was 37 hours, 1_5 hours of TOIL 15
    (["underscore-staff.yaml"],
     "underscore-staff.yaml:3: '3_7' " + YAML_UNDERSCORE.format("3_7", "37")),
    (["staff.csv", "underscore-rota.yaml"],
     "underscore-rota.yaml:3: '1_5' " + YAML_UNDERSCORE.format("1_5", "15")),
    # ="007": the cell an export writes for Excel to keep the zeros; the id was `="007"`
    (["text-formula-staff.csv"], "text-formula-staff.csv:2: id: '=\"007\"' is a spreadsheet "
     "formula that shows the text '007' (as an export writes a value for Excel to keep its "
     "zeros); write '007' alone"),
    (["staff.csv", "text-formula-timesheets.csv"], "text-formula-timesheets.csv:2: staff: "
     "'=\"N1\"' is a spreadsheet formula that shows the text 'N1' (as an export writes a value "
     "for Excel to keep its zeros); write 'N1' alone"),
    # a title of one cell above the header: the header's line is named
    (["staff.csv", "titled-timesheets.csv"], "titled-timesheets.csv:1: the column 'Timesheets "
     "for June 2024' is not a field of timesheets records (line 3 looks like the header row: "
     "remove the lines above it, as a CSV export starts with its header row); the fields are "
     "staff, week, hours_worked, toil_hours, paid_excess_hours, hours_due"),
    # two exports joined with each one's header kept ("unknown field 'kind' in wmt[1]")
    (["staff.csv", "joined-wmt.ndjson"], "joined-wmt.ndjson:3: repeats the header line (line "
     "1); an NDJSON export has one header, on its first line"),
    # JSON as other tools allow it ("Expecting value", "Expecting property name ...")
    (["staff.csv", "trailing-comma-rota.json"], "trailing-comma-rota.json:4: not valid JSON: a "
     "',' before the closing ']' (a trailing comma, which JSON does not allow); remove it"),
    (["single-quoted-rota.json"], "single-quoted-rota.json:1: not valid JSON: text in single "
     "quotes; JSON writes text and keys in double quotes"),
    (["staff.csv", "comment-after-timesheets.ndjson"], "comment-after-timesheets.ndjson:2: not "
     "valid JSON: a comment after the document, and JSON has none; remove it"),
    # ISO 8601's basic form: refused as before, now told the date
    (["staff.csv", "basic-date-timesheets.csv"], "basic-date-timesheets.csv:2: "
     f"timesheets[0].week: '20240603' {WEEK_FORM}; write it as 2024-06-03"),
    (["staff.csv", "basic-date-rota.json"], "basic-date-rota.json:1: timesheets[0].week: "
     f"20240603 {WEEK_FORM}; write it as 2024-06-03"),
    # libyaml's "mapping values are not allowed in this context"
    (["staff.csv", "misindented-rota.yaml"], "misindented-rota.yaml:8: not valid YAML: a 'key: "
     "value' where YAML expects none (is this line indented more than the keys above it, or "
     "does a value hold ': ' and need quotes?)"),
    # a payroll number stored as a number: "write it in quotes", which a Parquet file has not
    (["int-id-staff.parquet"], "int-id-staff.parquet:1: staff[0].id: 100234 is not text; store "
     "the column as text (a string column) if it is meant as text"),
    # one person in two exports: the detail that differs is named
    (["staff.csv", "clash-staff.yaml"], "clash-staff.yaml:3: staff N1 is listed twice with "
     "different details: here and at staff.csv:2; contracted_hours is 37.5 here and 37 there"),
]

# (files, the refusal): refused rightly before the review, and still
KEPT = [
    (["norway-staff.yaml"], "norway-staff.yaml:3: staff[0].id: false is not text; YAML reads "
     "yes, no, on and off (in any case) as true or false: write the value in quotes if it is "
     "text"),
    (["octal-staff.yaml"], "octal-staff.yaml:3: '007' starts with 0, which YAML reads as an "
     "octal number; write it in decimal (or quote it, '007', if it is an id)"),
    (["staff.csv", "tuesday-rota.yaml"], "tuesday-rota.yaml:3: timesheets[0]: week "
     "'2024-06-04' is a Tuesday; a week is given by its Monday (2024-06-03) or as an ISO week "
     "(2024-W23)"),
    (["staff.csv", "feb-30-rota.yaml"],
     "feb-30-rota.yaml:3: timesheets[0]: week '2024-02-30' is not a real date"),
    (["absent-manager-staff.yaml"], "absent-manager-staff.yaml:3: M1: line_manager 'X99' is "
     "not the id of anyone in the staff lists given; pass the file that lists them too"),
    (["staff.csv", "percent-sign-wmt.csv"],
     "percent-sign-wmt.csv:2: percent: '112%' is not a number; give the number alone, without "
     "'%'"),
    (["staff.csv", "hrs-timesheets.csv"], "hrs-timesheets.csv:2: hours_worked: '37.5 hrs' is "
     "not a number; give the number alone, without 'hrs'"),
    (["staff.csv", "decimal-comma-timesheets.csv"], "decimal-comma-timesheets.csv:2: "
     "hours_worked: '37,5' is not a number; write numbers with '.' as the decimal point and no "
     "thousands separator (a ',' may be either)"),
    (["staff.csv", "uk-date-timesheets.csv"], "uk-date-timesheets.csv:2: timesheets[0].week: "
     f"'03/06/2024' {WEEK_FORM}; it may be day first (2024-06-03) or month first (2024-03-06), "
     "which is not guessed"),
    (["staff.csv", "serial-timesheets.csv"], "serial-timesheets.csv:2: timesheets[0].week: "
     f"'45446' {WEEK_FORM}; 45446 looks like a spreadsheet's day number (2024-06-03): format "
     "the column as dates (YYYY-MM-DD) before saving"),
    (["staff.csv", "datetime-timesheets.csv"], "datetime-timesheets.csv:2: timesheets[0].week: "
     f"'2024-06-03T00:00:00' {WEEK_FORM}; give the day alone, without the time: 2024-06-03"),
    (["staff.csv", "totals-timesheets.csv"], "totals-timesheets.csv:3: this row is a 'Total' "
     "row, not a record; an export lists records only: remove it"),
    (["staff.csv", "comment-wmt.ndjson"],
     "comment-wmt.ndjson:2: not valid JSON: a comment, and JSON has none; remove it"),
    (["staff.csv", "string-number-rota.json"], "string-number-rota.json:1: "
     "timesheets[0].hours_worked: '41.5' is not a number; write it without quotes"),
    (["staff.csv", "anchors-rota.yaml"],
     "anchors-rota.yaml:4: merge keys (<<) are not allowed in data files"),
    (["staff.csv", "tab-rota.yaml"], "tab-rota.yaml:3: not valid YAML: a tab where YAML wants "
     "spaces; indent with spaces, never tabs"),
    (["staff.csv", "duplicate-key-rota.yaml"], "duplicate-key-rota.yaml:6: duplicate key "
     "'hours_worked' (first at line 5); YAML would silently keep only the last one"),
]


@pytest.mark.parametrize(("files", "said"), FIXED + KEPT, ids=[f[-1] for f, _ in FIXED + KEPT])
def test_a_messy_export_is_refused_in_one_line_alike_on_every_path_and_engine(
        files: list[str], said: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    if any(f.endswith(".parquet") for f in files):
        pytest.importorskip("pyarrow")
    assert said_on_every_path(files, HERE, monkeypatch) == {said}
    for engine in ENGINES:
        assert check_text(*files, cwd=HERE, engine=engine) == (2, "", f"workrules: {said}\n")


# (the file checked with staff.csv, its exit status, the kinds of record it holds)
READ = [
    # Excel's CSV: a byte-order mark, CRLF, titled headers, an empty TOIL cell, a row of
    # empty cells: N1's 41.5 h with 2 h of TOIL leaves 2.5 h unrecompensed (4c)
    ("excel-timesheets.csv", 1, ["staff", "timesheet"]),
    # a header titled with non-breaking spaces (`Hours\u00a0Worked`): was refused as "not a
    # field (did you mean 'hours_worked'?)", naming a column that showed as a field's title
    ("nbsp-header-timesheets.csv", 1, ["staff", "timesheet"]),
    ("nbsp-header-timesheets.parquet", 1, ["staff", "timesheet"]),
    # 1.12 where 112 is meant: reported (advisory, exit 0), never passed over
    ("fraction-wmt.csv", 0, ["staff", "wmt"]),
    ("iso-week-rota.yaml", 1, ["staff", "timesheet"]),
]


@pytest.mark.parametrize(("file", "status", "kinds"), READ, ids=[f for f, _, _ in READ])
def test_a_messy_export_the_contract_accepts_is_read_with_the_same_findings(
        file: str, status: int, kinds: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    if file.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    assert said_on_every_path(["staff.csv", file], HERE, monkeypatch) == {repr(kinds)}
    expected = (HERE / "expected" / f"{file}.txt").read_text(encoding="utf-8")
    for engine in ENGINES:
        assert check_text("staff.csv", file, cwd=HERE, engine=engine) == (status, expected, "")


@pytest.mark.parametrize("file", ["yes-staff.csv", "blank-last-wmt.ndjson"])
def test_flags_titles_and_a_blank_last_line_are_read(
        file: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    files = ["staff.csv", file] if file.endswith("ndjson") else [file]
    kinds = ["staff", "wmt"] if file.endswith("ndjson") else ["staff"]
    assert said_on_every_path(files, HERE, monkeypatch) == {repr(kinds)}
    for engine in ENGINES:
        assert check_text(*files, cwd=HERE, engine=engine) == (0, "", "")


def test_yes_flags_and_grades_as_titles_are_read_as_the_contract_says() -> None:
    from workrules.dataset import load_data

    data = load_data([str(HERE / "yes-staff.csv")])
    assert [(s.id, s.grade, s.flexitime, s.contracted_hours) for s in data.staff.values()] == [
        ("F1", "PO", True, 37), ("F2", "SPO", True, 37), ("F3", "PSO", True, 22.5)]


# ------------------------------------------------------------------ properties of the parsers


@given(st.integers(min_value=10, max_value=10**8), st.data())
def test_a_yaml_number_with_an_underscore_is_refused_and_without_it_read(
        number: int, data: st.DataObject) -> None:  # fmt: skip
    digits = str(number)
    at = data.draw(st.integers(min_value=1, max_value=len(digits) - 1))
    written = digits[:at] + "_" + digits[at:] + data.draw(st.sampled_from(["", ".5"]))
    with pytest.raises(InputError) as err:
        parse_yaml(f"kind: staff\nhours: {written}\n", "x.yaml")
    assert (err.value.line, err.value.message) == (
        2, f"'{written}' " + YAML_UNDERSCORE.format(written, written.replace("_", "")))
    assert parse_yaml(f"hours: {digits}\n", "x.yaml")["hours"] == number


@given(st.lists(st.integers(min_value=0, max_value=168), min_size=1, max_size=6),
       st.sampled_from(["", " ", "\n  "]))  # fmt: skip
def test_a_json_trailing_comma_is_named_where_it_closes(items: list[int], gap: str) -> None:
    text = '{"kind": "rota", "hours": [' + ", ".join(map(str, items)) + "," + gap + "]}"
    with pytest.raises(InputError) as err:
        parse_json(text, "x.json")
    assert (err.value.line, err.value.message) == (
        1 + gap.count("\n"), "not valid JSON: a ',' before the closing ']' (a trailing comma, "
        "which JSON does not allow); remove it")  # fmt: skip
    assert parse_json(text.replace("," + gap + "]", gap + "]"), "x.json")["hours"] == items


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_a_date_in_the_basic_form_is_told_as_the_date(day: dt.date) -> None:
    assert date_hint(day.strftime("%Y%m%d")) == f"; write it as {day.isoformat()}"
    assert date_hint(str(int(day.strftime("%Y%m%d")))) == f"; write it as {day.isoformat()}"


_ID = st.text(st.characters(min_codepoint=48, max_codepoint=122).filter(str.isalnum),
              min_size=1, max_size=12)  # fmt: skip


@given(_ID)
def test_a_csv_cell_written_for_excel_to_keep_as_text_is_refused_with_the_text(
        ident: str) -> None:  # fmt: skip
    raw = f'id,grade\n="{ident}",PO\n'.encode()
    with pytest.raises(InputError) as err:
        read_tabular(raw, "x-staff.csv", ".csv")
    assert (err.value.line, err.value.message) == (
        2, f"id: '=\"{ident}\"' is a spreadsheet formula that shows the text '{ident}' (as an "
        f"export writes a value for Excel to keep its zeros); write '{ident}' alone")
    with pytest.raises(InputError, match=r"shows the text '' .*; leave the cell empty\Z"):
        read_tabular(b'id,grade,name\nN1,PO,=""\n', "x-staff.csv", ".csv")
    read = read_tabular(f"id,grade\n{ident},PO\n".encode(), "x-staff.csv", ".csv")
    assert [dict(r) for r in read.data["staff"]] == [{"id": ident, "grade": "PO"}]


@given(st.sampled_from(["staff", "week", "hours_worked", "toil_hours", "paid_excess_hours"]),
       st.sampled_from(["\u00a0", "\u202f", "\u2009", " ", " \u00a0"]),
       st.sampled_from([str.title, str.upper, str.lower]))  # fmt: skip
def test_a_header_titled_with_any_blank_is_its_field(field: str, blank: str, case: object) -> None:
    title = case(field.replace("_", blank))  # type: ignore[operator]
    others = [f for f in ("staff", "week", "hours_worked") if f != field]
    values = {"staff": "N1", "week": "2024-06-03", "hours_worked": "41", "toil_hours": "1",
              "paid_excess_hours": "0"}  # fmt: skip
    header = [title, *others]
    out = io.StringIO()
    out.write(",".join(header) + "\n" + ",".join(values[f] for f in [field, *others]) + "\n")
    read = read_tabular(out.getvalue().encode(), "x-timesheets.csv", ".csv")
    record = dict(read.data["timesheets"][0])
    assert sorted(record) == sorted([field, *others])
    assert json.dumps(record[field]) == json.dumps(
        values[field] if field in ("staff", "week") else int(values[field]))
