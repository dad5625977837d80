"""Defects found in the fresh-eyes review of 0.4.0 (fixtures/review6): inputs written the way
HR exports and people write them, each refused in one line that says what is wrong in the
data model's words, or checked with the figures worked out by hand."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import conftest
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.api import load_data
from workrules.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review6"
STAFF = ROOT / "fixtures" / "example" / "staff.yaml"


def _run(*args: str, cwd: Path = HERE) -> subprocess.CompletedProcess[str]:
    return conftest.run_workrules(*args, cwd=cwd)


@pytest.mark.parametrize(("name", "message"), [
    # Excel's CSV where the decimal comma makes `;` the separator: once "has 2 cells where
    # the header names 1 columns", on the first record; its decimal commas said with it, and
    # how to have Excel write commas (a first hour, round 46)
    ("excel-semicolon-timesheets.csv", "excel-semicolon-timesheets.csv:1: the header is one "
     "column, 'staff;week;hours_worked;toil_hours': a CSV export separates its columns with "
     "',' and writes numbers with '.' as the decimal point (this one seems to use ';', and "
     "decimal commas: '41,5' on line 2); save it as CSV with commas and decimal points: Excel "
     "writes ';' and decimal commas where Windows' decimal symbol is ','; in Windows' Region "
     "settings, under Additional settings, set the decimal symbol to '.' and the list "
     "separator to ',', then save it as CSV UTF-8 again"),
    # two exports joined with `cat`: once "hours_worked: 'hours_worked' is not a number"
    ("joined-timesheets.csv", "joined-timesheets.csv:3: repeats the header row (line 1); a "
     "CSV export has one header, at the top"),
    # a week in another form was refused in the JSON Schema validator's words ("is not valid
    # under any of the schemas listed in the 'anyOf' keyword")
    ("uk-date-timesheets.csv", "uk-date-timesheets.csv:2: timesheets[0].week: '03/06/2024' "
     "is not a date in the form YYYY-MM-DD or an ISO week YYYY-Www; it may be day first "
     "(2024-06-03) or month first (2024-03-06), which is not guessed"),
    ("short-date-week.yaml", "short-date-week.yaml:5: timesheets[0].week: '2024-6-3' is not "
     "a date in the form YYYY-MM-DD or an ISO week YYYY-Www; write it as 2024-06-03"),
    # dates other than `date` and `qualified_on` were refused as regular expressions
    # ('does not match "^[0-9]{4}-..."') or lengths ('is longer than 10 characters')
    ("start-date-with-time.yaml", "start-date-with-time.yaml:5: staff[0] (N1).started_on: "
     "'2024-06-03 09:00:00' is not a date in the form YYYY-MM-DD; give the day alone, "
     "without the time: 2024-06-03"),
    ("absence-in-words.yaml", "absence-in-words.yaml:6: absences[0].first_day: '3 June 2024' "
     "is not a date in the form YYYY-MM-DD; write it as 2024-06-03"),
    # libyaml's "found character that cannot start any token"
    ("tab-indented.yaml", "tab-indented.yaml:5: not valid YAML: a tab where YAML wants "
     "spaces; indent with spaces, never tabs"),
    ("octal-id.yaml", "octal-id.yaml:4: '0712' starts with 0, which YAML reads as an octal "
     "number; write it in decimal (or quote it, '0712', if it is an id)"),
    ("north-wmts.ndjson", "north-wmts.ndjson:1: the header's list 'wmts' is not a list of an "
     "allocation file: one of staff, wmt, cases, reports, sfo_reviews, unallocated (did you "
     "mean 'wmt'?)"),
    # jsonschema's "null is not of type "number""
    ("empty-hours.yaml", "empty-hours.yaml:6: staff[0] (E1).contracted_hours: is empty; give "
     "a value, or leave it out if it is not known"),
    # jsonschema's "["S010","S011","S010"] has non-unique elements"
    ("north-upw_sessions.csv", "north-upw_sessions.csv:2: upw_sessions[0] (U1).supervisors: "
     "'S010' is given twice; name each one once"),
])  # fmt: skip
def test_a_messy_export_is_refused_in_the_data_models_words(name: str, message: str) -> None:
    done = _run("check", "--no-config", str(STAFF), name)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"workrules: {message}\n")


def test_an_excel_csv_with_bom_crlf_and_blank_rows_is_read() -> None:
    # 41.5 h worked on a 37 h contract, 2 h of TOIL: 4.5 - 2 = 2.5 h unrecompensed (4c)
    done = _run("check", "--no-config", "-q", "--format", "text", str(STAFF),
                "bom-crlf-timesheets.csv")  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines()[0] == (
        "bom-crlf-timesheets.csv:2: unrecompensed-hours [4c] S001 worked 41.5 h in the week "
        "of 2024-06-03, 4.5 h over their 37 h contracted, but 2 h of it was given as TOIL or "
        "paid: 2.5 h unrecompensed (4c).")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789-/ .W", min_size=1, max_size=12))
def test_a_week_in_any_other_form_is_refused_as_not_a_date(tmp_path_factory: pytest.TempPathFactory,
                                                           week: str) -> None:  # fmt: skip
    path = tmp_path_factory.mktemp("week") / "rota.json"
    record = json.dumps({"staff": "S001", "week": week, "hours_worked": 1})
    path.write_text(f'{{"kind": "rota", "timesheets": [\n{record}]}}')
    try:
        load_data([str(STAFF), str(path)])
    except InputError as err:
        message = str(err)
        assert "anyOf" not in message and "does not match" not in message, message
        assert message.startswith(f"{path}:2: "), message


# ------------------------------------------------------------------ a repository's config
CONFIG = HERE / "config"


@pytest.mark.parametrize(("config", "message"), [
    # a blank line before the key put the refusal on the line above it (`^\s*` ran over
    # line breaks), and a wrong policy file was refused with no file or line
    ("policy-with-suffix.toml", "policy-with-suffix.toml:3: policy 'claim-2024.wr' does not "
     "exist (the shipped policy is named claim-2024, without .wr)"),
    # blamed the shipped policy ("policies/claim-2024.wr: policy claim-2024 has no rules")
    ("ignore-everything.toml", "ignore-everything.toml:4: ignore *: no rule of policy "
     "claim-2024 is left to check, so the run would check nothing"),
    # accepted: Heads of Operations (9h) silently held to the SAO's cap
    ("known-grade.toml", "known-grade.toml:4: grade HEAD_OF_OPERATIONS: the data model knows "
     "this grade (HEAD_OF_OPERATIONS); declare only grades beyond its vocabulary"),
    # "unexpected 'T09'; expected ')', ']', 'among', 'and', ..."
    ("date-with-time.toml", "date-with-time.toml:3: set: wmt_assessed_from must be a number, "
     'a quantity such as "7.5 h", a ratio such as "1:6", a date, or "unset"'),
    # named the config but no line
    ("family-typo.toml", "family-typo.toml:4: grade DEPUTY_LEAD: 'like SOP' names no known "
     "or declared grade (did you mean 'SPO'?)"),
])  # fmt: skip
def test_a_config_that_cannot_be_used_is_refused_at_its_line(config: str, message: str) -> None:
    done = _run("check", "--config", config, "team-leads.yaml", cwd=CONFIG)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"workrules: {message}\n")


@pytest.mark.parametrize("how", [("--config", "team-lead.toml"),
                                 ("--no-config", "--policy", "team-lead.wr")])  # fmt: skip
def test_a_grade_declared_as_a_title_keeps_its_family(how: tuple[str, ...]) -> None:
    # "Team Lead" was declared under that name while the data's grade folds to TEAM_LEAD:
    # the family was lost and the cap "not applied ... no cap for this grade"
    done = _run("check", *how, "-q", "--format", "text", "team-leads.yaml", cwd=CONFIG)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines()[0] == (
        "team-leads.yaml:5: span-of-control [9] T1 (TEAM_LEAD): line manager to 2 people at once "
        "(T2, T3); the span of control for the grade is 1 (9).")


# ------------------------------------------------------------------ indicators from CSV
def test_indicators_from_an_excel_export_of_no_unit_match_the_sums_by_hand() -> None:
    # the funded posts of no unit were put in the region "not given" (100% vacant, no one
    # in post) while the national rate paired them with the people of no unit, all in Wales
    here = HERE / "indicators"
    done = _run("indicators", "wales-staff.csv", "wales-establishment.csv",
                "wales-absences.csv", "--period", "2024-Q2", "--min-cell", "2", "--by",
                "region", "--format", "csv", cwd=here)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (here / "expected.csv").read_text()
    rows = {tuple(r.split(",")[:3]): r.split(",")[6] for r in done.stdout.splitlines()}
    wales = "Wales (the files given)"  # (one region's files: a first hour, round 48, P5)
    assert rows[("vacancy", "%", wales)] == "37.5"
    assert rows[("turnover", "%", wales)] == "33.3"
    # 6 days lost over 65 + 44 + 65 weekdays and A2's 44 at half time, 22: 6 / 196
    assert rows[("sickness", "%", wales)] == "3.1"
    assert ("vacancy", "%", "not given") not in rows


def test_a_folders_export_named_for_a_near_miss_of_a_list_is_refused_not_skipped() -> None:
    # `north-timesheet.csv` was skipped as "not workrules data", its hours never checked
    done = _run("check", "--no-config", str(STAFF), "walk")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "workrules: skipped 1 file that is not workrules data (first: walk/notes.csv)",
        "workrules: walk/north-timesheet.csv: a CSV or Parquet file names the list it fills at "
        "the end of its name (e.g. region-01-timesheets.csv); 'timesheet' is not one of "
        "absences, cases, establishment, incidents, mappa_meetings, programme_sessions, "
        "reports, sfo_reviews, staff, timesheets, unallocated, upw_sessions, wmt (did you "
        "mean 'timesheets'?)"]


def test_a_folders_file_with_kind_in_capitals_is_refused_not_skipped() -> None:
    # `Kind: staff` was skipped as "not workrules data" (and, named, refused with no hint)
    done = _run("check", "--no-config", "walk-kind")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        "workrules: walk-kind/staff.yaml:2: has no top-level 'kind:' (rota, allocation, staff "
        "or job-description) ('Kind' is not 'kind': keys are written in lower case)\n"))


def test_one_person_in_a_hand_kept_list_and_an_hr_export_with_roles_in_another_order() -> None:
    # roles are a set: "facilitator; PSR_Author" was "listed twice with different details"
    # beside [psr_author, facilitator]. Five sessions in the week of 3 June, cap 4 (8a).
    done = _run("check", "--no-config", "-q", "--format", "text", "staff.yaml",
                "hr-staff.csv", "rota.yaml", cwd=HERE / "merge")  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines()[0] == (
        "rota.yaml:4: programme-sessions-per-week [8a] F1 delivered 5 programme sessions in "
        "the week of 2024-06-03 (P1, P2, P3, P4, P5); the cap is 4 (8a).")


def test_a_role_keyed_cap_reads_its_key_as_the_data_reads_a_role() -> None:
    # `VLO` was refused ("caseload_max has no value for 'VLO'") with no suggestion, though
    # the data reads roles in any case. V1 holds C1 and C2 on 3 June: 2 against a cap of 1.
    done = _run("check", "--config", "role-caps.toml", "-q", "--format", "text",
                "vlo-allocation.yaml", cwd=CONFIG)  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines()[0] == (
        "vlo-allocation.yaml:6: caseload-by-role [8] V1: 2 cases at once; the interim cap for "
        "their role is 1, the lowest set for any of their roles (vlo) (8). Over the cap from "
        "2024-06-03 to 2024-06-19; both were held on 2024-06-03.")



def test_an_indicators_csv_never_hands_a_spreadsheet_a_formula_from_the_data() -> None:
    # a region or a group written by the HR export went out as it was: `=HYPERLINK(...)`
    # opened in a spreadsheet is a link that sends what the sheet holds
    done = _run("indicators", "hr-staff.csv", "--period", "2024-Q2", "--min-cell", "2",
                "--by", "region,gender", "--format", "csv", cwd=HERE / "formulas")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    # (one region's files, no unit given: labelled with the region, which is made inert as
    # before, as the files': a first hour, round 48, P5)
    whole = "\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"click\"\") (the files given)\""
    assert lines[2:5] == [
        f"turnover,%,{whole},gender,{group},[c],[c],[c],[c],[c],,\"why [c]: fewer than 2 "
        "people, now and in 2024-Q1\",2024-Q2,[c],[c]" for group in ("'+cmd", "'-2+3",
                                                                     "'@SUM(1)")]
    assert lines[5] == ("turnover,%,\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"click\"\") "
                        "(the files given)\","
                        "all,all,[c],[c],[c],[c],[c],[c],\"why [c]: hidden with a small group, "
                        "now and in 2024-Q1\",2024-Q2,[c],[c]")
    cells = [cell for row in csv.reader(lines[1:]) for cell in row[2:5]]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


# ------------------------------------------------------------------ job descriptions
def test_an_hr_table_of_reports_counted_by_grade_gives_line_management() -> None:
    # "Responsible for | 10 x PO, 4 x PSO": line management, with its span stated in the
    # text, so jd-span-stated is met (review 13)
    done = _run("check", "--no-config", "-q", "--format", "text", "jd/hr-table-of-reports.md")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize(("name", "line", "found"), [
    # "case" stopped the gap: a Case Administration team was taken for a caseload
    ("case-admin-team-leader.md", 8, '(phrase "line manager for ... {staff}" found "line '
     'manager for the case administration team", line 8)'),
])  # fmt: skip
def test_job_description_phrases_as_hr_writes_them(name: str, line: int, found: str) -> None:
    done = _run("check", "--no-config", "-q", "--format", "text", f"jd/{name}")
    assert (done.returncode, done.stderr) == (1, "")
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"jd/{name}:{line}: jd-span-stated [9] ")
    assert found in lines[3]  # (after the sentence, its severity and subject)


def test_an_hr_forms_number_of_direct_reports_states_the_span() -> None:
    # "| No. of direct reports | 7 |" was read as a denial ("no direct reports"); it is line
    # management with its span stated in the text, so jd-span-stated is met (review 13)
    done = _run("check", "--no-config", "-q", "--format", "text", "jd/number-of-reports.md")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_no_direct_reports_counted_as_0_is_no_line_management() -> None:
    done = _run("check", "--no-config", "-q", "jd/number-of-reports-none.md")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_yaml_job_descriptions_block_text_is_counted_from_the_line_after_its_key() -> None:
    # the phrase on line 8 was put on line 7: the block's first line was taken to be its key's
    done = _run("check", "--no-config", "-q", "--format", "text", "jd/sao-block-text.yaml")
    assert (done.returncode, done.stderr) == (1, "")
    lines = done.stdout.splitlines()
    assert lines[0] == ("jd/sao-block-text.yaml:8: jd-span-stated [9] jd/sao-block-text.yaml "
                        "(Senior Administrative Officer) gives the post line management but "
                        "states no span of control (9).")
    assert '(phrase "line manages" found "line manages", line 8)' in lines[3]


def test_a_csv_export_piped_in_is_refused_with_why() -> None:
    # standard input is read as YAML or JSON: a CSV export there was refused as "must be a
    # mapping" with no word of CSV
    text = (HERE / "bom-crlf-timesheets.csv").read_text(encoding="utf-8-sig")
    done = conftest.run_workrules("check", "--no-config", "-", cwd=HERE, input=text)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: <stdin>:1: must be a mapping with a top-level 'kind:' (rota, allocation, "
        "staff or job-description) (it looks like CSV: a CSV export is read from a file named "
        "for the list it fills, such as region-01-timesheets.csv)\n")
