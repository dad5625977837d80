"""Defects found in the fresh-eyes review of session 7 (fixtures/review7): HR exports as Excel
and hand-written YAML make them, each read as it means or refused in one line that names the
field, what it holds and what it should hold."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import conftest
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.api import load_data
from workrules.errors import InputError, InputErrors

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review7"
STAFF = ROOT / "fixtures" / "example" / "staff.yaml"


def _run(*args: str, cwd: Path = HERE) -> subprocess.CompletedProcess[str]:
    return conftest.run_workrules(*args, cwd=cwd)


def _refusals(*names: str) -> list[str]:
    """Each refusal of loading the example staff with `names`, with paths as given here."""
    old = os.getcwd()
    os.chdir(HERE)
    try:
        load_data([os.path.relpath(STAFF, HERE), *names])
    except InputErrors as errs:
        return [str(e) for e in errs.errors]
    except InputError as err:
        return [str(err)]
    finally:
        os.chdir(old)
    raise AssertionError(f"{names} was read")


# ------------------------------------------------------------------ CSV as Excel writes it
UNRECOMPENSED = (
    "{name}:2: unrecompensed-hours [4c] S001 worked 41.5 h in the week of 2024-06-03, 4.5 h "
    "over their 37 h contracted, but 2 h of it was given as TOIL or paid: 2.5 h unrecompensed "
    "(4c).")  # fmt: skip


@pytest.mark.parametrize("name", [
    # headers as HR titles them ("Hours Worked"), a BOM, CRLF, trailing empty columns and a
    # blank row: once "the column '' is given twice"
    "hr-titled-timesheets.csv",
    # Excel's "Unicode text" (UTF-16 with its byte-order mark): once "is not UTF-8 text"
    "unicode-text-timesheets.csv",
])  # fmt: skip
def test_an_excel_export_is_read_as_it_means(name: str) -> None:
    done = _run("check", "--no-config", "-q", "--format", "text",
                os.path.relpath(STAFF, HERE), name)  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines()[0] == UNRECOMPENSED.format(name=name)


def test_yes_and_no_as_y_and_n_are_read_as_true_and_false() -> None:
    docs = load_data([str(HERE / "yes-no-staff.csv")])
    assert [(s.id, s.flexitime) for s in docs.staff.values()] == [("N1", True), ("N2", False)]


@pytest.mark.parametrize(("name", "message"), [
    # a title above the header: once "the column '' is given twice"
    ("title-row-timesheets.csv", "title-row-timesheets.csv:1: the column 'Timesheets June "
     "2024' is not a field of timesheets records (line 2 looks like the header row: remove "
     "the lines above it, as a CSV export starts with its header row); the fields are staff, "
     "week, hours_worked, toil_hours, paid_excess_hours, hours_due"),
    # once "timesheets[2] has no 'week'"
    ("totals-row-timesheets.csv", "totals-row-timesheets.csv:4: this row is a 'Total' row, "
     "not a record; an export lists records only: remove it"),
    ("unnamed-column-timesheets.csv", "unnamed-column-timesheets.csv:1: column 4 has no name "
     "in the header row, but line 2 has 'see note' in it"),
    # an unknown column was refused on the first record's line, and not at all with no rows
    ("unknown-column-timesheets.csv", "unknown-column-timesheets.csv:1: the column 'toil' is "
     "not a field of timesheets records (did you mean 'toil_hours'?); the fields are staff, "
     "week, hours_worked, toil_hours, paid_excess_hours, hours_due"),
    ("column-twice-timesheets.csv", "column-twice-timesheets.csv:1: the column "
     "'hours_worked' is given twice (columns 3 and 4)"),
    ("decimal-comma-timesheets.csv", "decimal-comma-timesheets.csv:2: hours_worked: '41,5' "
     "is not a number; write numbers with '.' as the decimal point and no thousands "
     "separator (a ',' may be either)"),
    ("hours-with-unit-timesheets.csv", "hours-with-unit-timesheets.csv:2: hours_worked: "
     "'41.5 hrs' is not a number; give the number alone, without 'hrs'"),
    ("month-name-week-timesheets.csv", "month-name-week-timesheets.csv:2: timesheets[0].week: "
     "'03-Jun-2024' is not a date in the form YYYY-MM-DD or an ISO week YYYY-Www; write it "
     "as 2024-06-03"),
    # once "supervisors[0]: staff 'S010,S011' is not the id of anyone"
    ("comma-list-upw_sessions.csv", "comma-list-upw_sessions.csv:2: supervisors: 'S010,S011': "
     "a CSV cell separates the items of a list with ';' (S010;S011)"),
    ("flexitime-maybe-staff.csv", "flexitime-maybe-staff.csv:2: flexitime: 'maybe' is not "
     "true or false (write true or false, yes or no, Y or N, 1 or 0)"),
    ("windows-1252-staff.csv", "windows-1252-staff.csv:2: is not UTF-8 text (byte 0xe9) (in "
     "Windows-1252, the encoding of older Excel exports, it would be 'é'); save it as UTF-8 "
     "(in Excel: CSV UTF-8)"),
    # once "the column 'sep=' is not a field" ... or "the column '' is given twice"
    ("sep-hint-timesheets.csv", "sep-hint-timesheets.csv:1: line 1 is Excel's separator hint "
     "'sep=,', not a header; remove it (a CSV export starts with its header row)"),
    ("tab-separated-timesheets.csv", "tab-separated-timesheets.csv:1: the header is one "
     "column, 'staff\\tweek\\thours_worked': a CSV export separates its columns with ',' "
     "(this one seems to use tabs); save it as CSV with commas"),
])  # fmt: skip
def test_a_messy_csv_is_refused_in_one_line_that_says_how_to_fix_it(name: str,
                                                                      message: str) -> None:
    assert _refusals(name) == [message]


def test_a_refusal_reaches_the_command_line_as_one_line_and_exit_2() -> None:
    done = _run("check", "--no-config", os.path.relpath(STAFF, HERE), "totals-row-timesheets.csv")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("workrules: totals-row-timesheets.csv:4: this row is a 'Total' "
                           "row, not a record; an export lists records only: remove it\n")


# ------------------------------------------------------------------ refusals in plain words
def test_the_schemas_refusals_are_worded_for_the_files_author() -> None:
    # once '"37,5" is not of type "number"', '-1 is less than the minimum of 0', '"P.O." does
    # not match "^ *[A-Za-z]..."', '[] has less than 1 item', 'false is not of type "string"'
    assert _refusals("schema-words.yaml") == [
        "schema-words.yaml:5: staff[0] (N1).contracted_hours: '37,5' is not a number; write "
        "numbers with '.' as the decimal point and no thousands separator (a ',' may be "
        "either)",
        "schema-words.yaml:6: staff[1] (N2).contracted_hours: -1 is less than 0; give 0 or "
        "more",
        "schema-words.yaml:7: staff[2] (N3).grade: 'P.O.' is not a grade (did you mean "
        "'PO'?): a grade is a code or a job title of letters, digits, spaces, '_', hyphens, "
        "dashes and parentheses, starting with a letter, on one line",
        "schema-words.yaml:8: staff[3] (N4).contracted_hours: '37' is not a number; write it "
        "without quotes",
        "schema-words.yaml:9: staff[4].id: false is not text; YAML reads yes, no, on and off "
        "(in any case) as true or false: write the value in quotes if it is text",
        "schema-words.yaml:10: staff[5] (N6).flexitime: 'maybe' is not true or false; write "
        "true or false",
        "schema-words.yaml:11: staff[6] (N7).roles: a mapping is given where a list is "
        "expected",
        "schema-words.yaml:12: staff[7].id: is empty text; give a value",
        "schema-words.yaml:13: staff[8] (N9).qualified_on: '2019-07-01T00:00:00' is not a "
        "date in the form YYYY-MM-DD; give the day alone, without the time: 2019-07-01",
    ]


def test_a_rotas_empty_list_and_fraction_of_a_person_are_refused_in_words() -> None:
    assert _refusals("schema-words-rota.yaml") == [
        "schema-words-rota.yaml:4: upw_sessions[0] (U1).supervisors: is an empty list; name "
        "at least one",
        "schema-words-rota.yaml:5: upw_sessions[1] (U2).members: 6.5 is not a whole number",
    ]


def test_a_comment_in_json_is_named_as_one() -> None:
    # once "not valid JSON: Expecting value"
    assert _refusals("comment.json") == [
        "comment.json:3: not valid JSON: a comment, and JSON has none; remove it"]


def test_a_percent_sign_and_a_list_of_one_written_bare_say_how_to_write_them() -> None:
    assert _refusals("schema-words-allocation.yaml") == [
        "schema-words-allocation.yaml:4: wmt[0].percent: '110%' is not a number; give the "
        "number alone, without '%'",
        "schema-words-allocation.yaml:6: reports[0] (R1).subject.flags: 'iom' is not a list; "
        'write it as a list, ["iom"]',
    ]


@pytest.mark.parametrize(("name", "message"), [
    # once at line 1, where the document starts, in the words "is empty; give a value"
    ("empty-list-item.yaml", "empty-list-item.yaml:5: this item of a list is empty (a '-' "
     "with nothing after it, or null); remove it or give its value"),
    ("null-list-item.json", "null-list-item.json:3: this item of a list is null; remove it "
     "or give its value"),
])  # fmt: skip
def test_an_empty_list_item_is_refused_at_its_own_line(name: str, message: str) -> None:
    assert _refusals(name) == [message]


_SCHEMA_WORDS = ("of type", "minimum of", "does not match", "has less than", "shorter than",
                 "is not allowed for", "anyOf", "oneOf")  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6)
                    | st.floats(-1e6, 1e6, allow_nan=False) | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=2)
                    | st.dictionaries(st.text(max_size=4), inner, max_size=2),
                    max_leaves=4),
       st.sampled_from(["hours_worked", "toil_hours", "week", "staff"]))  # fmt: skip
def test_no_value_in_a_timesheet_is_refused_in_the_validators_words(
        tmp_path_factory: pytest.TempPathFactory, value: object, field: str) -> None:  # fmt: skip
    record = {"staff": "S001", "week": "2024-06-03", "hours_worked": 40, field: value}
    path = tmp_path_factory.mktemp("any") / "rota.json"
    path.write_text('{"kind": "rota", "timesheets": [\n' + json.dumps(record) + "]}")
    try:
        load_data([str(STAFF), str(path)])
    except InputError as err:
        message = str(err)
        assert message.startswith(f"{path}:2: ") and "\n" not in message, message
        assert not any(words in message for words in _SCHEMA_WORDS), message


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet="0123456789.,-+eE hrsHRS£%", min_size=1, max_size=10))
def test_a_csv_number_is_read_as_a_number_or_refused_on_its_line(
        tmp_path_factory: pytest.TempPathFactory, cell: str) -> None:  # fmt: skip
    path = tmp_path_factory.mktemp("cell") / "unit-timesheets.csv"
    quoted = '"' + cell.replace('"', '""') + '"'
    path.write_text(f"staff,week,hours_worked\nS001,2024-06-03,{quoted}\n")
    try:
        docs = load_data([str(STAFF), str(path)])
    except InputError as err:
        message = str(err)
        assert message.startswith(f"{path}:2: ") and "hours_worked" in message, message
        assert "\n" not in message and not any(w in message for w in _SCHEMA_WORDS), message
        return
    (sheet,) = docs.of("timesheet")
    assert math.isclose(sheet.hours_worked, float(cell))


@settings(max_examples=120, deadline=None)
@given(st.lists(st.text(alphabet="abcdeiklmnorstuwHW _-.\t;", max_size=14), min_size=1,
                max_size=4))  # fmt: skip
def test_any_csv_header_is_read_or_refused_on_line_1(
        tmp_path_factory: pytest.TempPathFactory, header: list[str]) -> None:  # fmt: skip
    path = tmp_path_factory.mktemp("header") / "unit-timesheets.csv"
    cells = ['"' + h.replace('"', '""') + '"' for h in header]
    path.write_text(",".join(cells) + "\n" + ",".join("x" for _ in cells) + "\n")
    try:
        load_data([str(STAFF), str(path)])
    except InputError as err:
        message = str(err)
        assert message.startswith(f"{path}:"), message
        assert "\n" not in message and not any(w in message for w in _SCHEMA_WORDS), message


# ------------------------------------------------------------------ known leftovers
def test_a_parquet_column_named_twice_is_refused_as_a_csv_ones_is() -> None:
    pytest.importorskip("pyarrow")
    # once pyarrow's "Multiple matches for FieldRef.Name(hours_worked) in staff: string ..."
    assert _refusals("column-twice-timesheets.parquet") == [
        "column-twice-timesheets.parquet: the column 'hours_worked' is given twice (columns 3 "
        "and 4)"]


@pytest.mark.parametrize(("written", "value"), [
    (r'"Caf\u00e9"', "Café"),  # once "Cafu00e9": the backslash dropped
    (r'"\u00E9t\u00e9"', "été"),
    (r'"\u12"', r"\u12"),  # not four hex digits: kept as written
    (r'"\ud800"', r"\ud800"),  # half of a surrogate pair: no text can hold it
    (r'"a\u0000.wr"', r"a\u0000.wr"),  # a NUL, which crashed `extends` once it was read
    (r'"\u001b[31m"', r"\u001b[31m"),  # an ANSI escape
    (r'"\u202e"', r"\u202e"),  # a bidi control
    (r'"a\\u00e9"', r"a\u00e9"),  # an escaped backslash, then the letters
    (r'"say \"no\""', 'say "no"'),
])  # fmt: skip
def test_a_policy_string_reads_a_unicode_escape_as_json_does(written: str, value: str) -> None:
    from workrules.lang.parse import parse_expression

    assert parse_expression(written).value == value  # type: ignore[attr-defined]


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")),
               max_size=12))
def test_any_text_written_as_unicode_escapes_reads_back(text: str) -> None:
    from workrules.errors import PolicyError
    from workrules.lang.parse import _unseen_in_value, parse_expression

    written = '"' + "".join(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else c for c in text) + '"'
    if _unseen_in_value(written) is not None:  # (a look-alike or a stray blank, as written:
        with pytest.raises(PolicyError):  # refused at its column, session 47)
            parse_expression(written)
        return
    assert parse_expression(written).value == text  # type: ignore[attr-defined]


@pytest.mark.parametrize(("by", "message"), [
    # once read as `--by region`
    ("region,region", "'region' is given twice in 'region,region'; name each breakdown once"),
    ("region,,gender", "'region,,gender' has an empty breakdown; give names separated by "
     "commas, such as region,gender"),
])  # fmt: skip
def test_a_breakdown_given_twice_or_empty_is_refused(by: str, message: str) -> None:
    done = _run("indicators", str(ROOT / "fixtures" / "workforce" / "staff.yaml"),
                "--period", "2024-Q2", "--by", by)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"workrules: argument --by: {message} (see 'workrules indicators "
                           "--help')\n")


# ------------------------------------------------------------------ clause 9 in HR's words
@pytest.fixture(scope="module")
def reading() -> object:
    from workrules.errors import PolicyError
    from workrules.policy import load_policy
    from workrules.textpattern import compile_pattern

    policy = load_policy()

    def compiled(name: str) -> object:
        return compile_pattern(policy.patterns[name], policy.words,
                               lambda message, pos: PolicyError(message),
                               policy.patterns)  # fmt: skip

    gives, denies = compiled("line_management"), compiled("no_line_management")
    return lambda text: gives.gives(text) and not denies.gives(text)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("sentence", "gives"), [
    # missed before: the line manager's duties as HMPPS job descriptions word them
    ("Act as Reporting Officer for the Probation Officers in the team.", True),
    ("Hold monthly 1:1s with practitioners, including reflective practice.", True),
    ("Undertake PDRs and performance conversations for Case Administrators.", True),
    ("Complete PDRs for the PSOs in the team.", True),
    ("Manage attendance and sickness absence in line with HMPPS policy.", True),
    ("Carry out return-to-work interviews after any sickness absence.", True),
    ("Approve annual leave for the case administration team.", True),
    # and what must stay unflagged
    ("Your Reporting Officer will be the SPO, who completes your mid-year review.", False),
    ("You will have monthly 1:1s with your line manager.", False),
    ("Hold 1:1 sessions with people on probation.", False),
    ("Complete your PDR on time.", False),
    ("The post holder is not responsible for conducting PDRs.", False),
    ("There is no requirement to manage sickness absence.", False),
    ("Manage your own sickness absence in line with the Attendance Management policy.", False),
    ("Support the SPO with sickness absence management.", False),
    # the post's own manager, managing "you": once a finding of line management
    ("The SPO will line manage you and provide monthly supervision.", False),
    ("Your SPO will supervise you and complete your PDR.", False),
])  # fmt: skip
def test_line_management_in_hr_words_is_read(reading: object, sentence: str,
                                             gives: bool) -> None:  # fmt: skip
    assert reading(sentence) is gives  # type: ignore[operator]


def test_a_quoted_policy_sentence_is_not_the_posts_duty(reading: object) -> None:
    text = (HERE / "jd" / "vlo-quotes-policy.md").read_text().split("---\n", 2)[2]
    assert reading(text) is False  # type: ignore[operator]


# ------------------------------------------------------------------ a hostile repository
def _repo(tmp_path: Path, config: str) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "staff.yaml").write_text(STAFF.read_text())
    (tmp_path / "workrules.toml").write_text(config)
    return tmp_path


@pytest.mark.parametrize(("config", "message"), [
    # once an internal error (exit 70): "ValueError: embedded null byte"
    ('data = ["a\\u0000b"]\n', "workrules.toml:1: data: 'a\\x00b' is not a file name (it holds "
     "a control character, or is longer than any path)"),
    ('policy = "a\\u0000.wr"\n', "workrules.toml:1: policy: 'a\\x00.wr' is not a file name (it "
     "holds a control character, or is longer than any path)"),
    # once "~/.bashrc: cannot be read: No such file or directory", without the config's line
    ('data = ["~/.bashrc"]\n', "workrules.toml:1: data: '~/.bashrc' does not exist (a config's "
     "paths are relative to its folder; '~' and '$NAME' are not expanded)"),
    ('data = ["$HOME/.bashrc"]\n', "workrules.toml:1: data: '$HOME/.bashrc' does not exist (a "
     "config's paths are relative to its folder; '~' and '$NAME' are not expanded)"),
    # once read as standard input
    ('data = ["-"]\n', "workrules.toml:1: data: '-' does not exist (a config's paths are "
     "relative to its folder)"),
])  # fmt: skip
def test_a_config_naming_what_no_file_is_refused_at_its_line(tmp_path: Path, config: str,
                                                            message: str) -> None:  # fmt: skip
    repo = _repo(tmp_path, config)
    done = _run("check", "staff.yaml", cwd=repo)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"workrules: {message}\n")


def test_a_config_file_named_dash_is_that_file_not_standard_input(tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'data = ["-"]\n')
    (repo / "-").write_text((repo / "staff.yaml").read_text())
    done = subprocess.run([sys.executable, "-m", "workrules", "check", "staff.yaml", "-q",
                           "--format", "text"], cwd=repo, capture_output=True, text=True,
                          input="kind: nonsense\n")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(("name", "why"), [
    # once the same words for both, though the first does start with '---'
    ("front-matter-never-closed.md", "its front matter opens with '---' on line 1 but no '---' "
     "line closes it"),
    # (said as TOML since attack round 34, P4)
    ("toml-front-matter.md", "its front matter is TOML, between '+++' lines, which workrules "
     "does not read: write it as YAML between '---' lines, each `key = \"value\"` as `key: "
     "value` (kind: job-description, title, grade)"),
])  # fmt: skip
def test_a_job_description_without_front_matter_says_which_way_it_is_wrong(name: str,
                                                                          why: str) -> None:
    assert _refusals(f"jd/{name}") == [
        f"jd/{name}:1: a Markdown job description must start with YAML front matter between "
        f"'---' lines; {why}"]
