"""Every kind of bad input is refused the same way.

Exit status 2, nothing on stdout, and on stderr one line that starts `workrules: FILE:LINE: `
and says what is wrong (a misspelt name with "did you mean"), never a traceback. A policy error
also shows the offending line with a caret under the column it names.

Each case is a small file under `fixtures/invalid/`, run through the command line in-process
from the `fixtures/` folder, so the paths in the messages are the paths given.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pytest

from workrules import load
from workrules.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STAFF = "example/staff.yaml"  # a valid staff list, for the cases that need one alongside


@pytest.fixture(autouse=True)
def _in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)


def run(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse exits rather than returning
        code = exit_.code  # type: ignore[assignment]
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(
    argv: Sequence[str],
    capsys: pytest.CaptureFixture[str],
    where: str,
    line: int | None,
    *phrases: str,
) -> str:
    """Run, check the contract, and return the one-line reason."""
    code, out, err = run(argv, capsys)
    assert "Traceback" not in err
    assert code == 2, err
    assert out == ""
    assert len(err.splitlines()) == 1, err  # one line: no excerpt for data files
    first = err.splitlines()[0]
    prefix = f"workrules: {where}:{line}: " if line is not None else f"workrules: {where}: "
    assert first.startswith(prefix), first
    for phrase in phrases:
        assert phrase in first, first
    return first


# ---------------------------------------------------------------------------------------------
# Data files: one case per kind of mistake.


class Case(NamedTuple):
    id: str  # what the case shows
    file: str  # the bad file, under fixtures/invalid/
    line: int | None  # the line the message must name (None: the file as a whole)
    phrases: tuple[str, ...]  # what the message must say
    with_staff: bool = True  # pass the valid staff list too


DATA_CASES = [
    # 1. malformed text
    Case(
        "malformed-yaml-names-the-line-libyaml-stopped-at",
        "yaml-syntax-error.yaml",
        5,
        ("not valid YAML", "expected ',' or '}'", "flow mapping at line 4"),
    ),
    Case(
        "malformed-json-names-the-line",
        "json-syntax-error.json",
        6,
        ("not valid JSON", "Expecting ',' delimiter"),
    ),
    # A trailing comma is not JSON, though some writers produce it: refused, not skipped.
    Case("json-trailing-comma-in-a-list", "json-trailing-comma.json", 5,
         ("not valid JSON", "a trailing comma")),
    Case("json-records-without-a-comma", "json-missing-comma.json", 4,
         ("not valid JSON", "expected ',' or ']'")),
    Case(
        "control-character-in-yaml",
        "control-character.yaml",
        5,
        ("not valid YAML", "control character U+0007"),
    ),
    # 2. duplicate keys
    Case(
        "duplicate-key-in-a-yaml-record",
        "duplicate-key.yaml",
        8,
        ("duplicate key 'hours_worked'", "first at line 6"),
    ),
    Case(
        "duplicate-top-level-key-in-yaml",
        "duplicate-key-top.yaml",
        5,
        ("duplicate key 'timesheets'", "first at line 3"),
    ),
    Case(
        "duplicate-key-in-a-json-record",
        "duplicate-key.json",
        10,
        ("duplicate key 'hours_worked'", "first at line 9"),
    ),
    Case(
        "duplicate-key-in-front-matter-counts-lines-from-the-top-of-the-file",
        "jd/duplicate-key.md",
        5,
        ("duplicate key 'grade'", "first at line 4"),
    ),
    Case(
        "duplicate-top-level-key-in-json",
        "duplicate-key-top.json",
        5,
        ("duplicate key 'unit'", "first at line 3"),
    ),
    # 3. unknown or misspelt fields
    Case(
        "misspelt-field-in-a-record",
        "unknown-field.yaml",
        6,
        ("unknown field 'hours_workd'", "(did you mean 'hours_worked'?)"),
    ),
    Case(
        "misspelt-field-in-a-json-record",
        "unknown-field.json",
        4,
        ("unknown field 'hours_workd'", "(did you mean 'hours_worked'?)"),
    ),
    Case(
        "misspelt-top-level-field",
        "unknown-field-top.yaml",
        3,
        ("unknown field 'timesheet'", "(did you mean 'timesheets'?)"),
    ),
    Case(
        "misspelt-field-in-a-report-subject",
        "unknown-field-subject.yaml",
        10,
        ("unknown field 'reofending'", "subject", "(did you mean 'reoffending'?)"),
    ),
    Case(
        "misspelt-field-with-a-line-break-stays-on-one-line",
        "key-with-line-break.yaml",
        4,
        ("unknown field 'hours\\nworked'", "(did you mean 'hours_worked'?)"),
    ),
    Case(
        "misspelt-field-in-job-description-front-matter",
        "jd/unknown-field.md",
        5,
        ("unknown field 'span_of_contrl'", "(did you mean 'span_of_control'?)"),
    ),
    # 4. wrong types and unusable numbers
    Case(
        "text-for-hours",
        "hours-as-text.yaml",
        6,
        ("hours_worked", "'41,5' is not a number; write numbers with '.' as the decimal point"),
    ),
    Case(
        "decimal-comma-inside-braces",
        "comma-in-flow-mapping.yaml",
        5,
        ("a key must be text, not the number 5", "41.5"),
    ),
    Case("list-for-a-date", "date-as-list.yaml", 5, ("date", "a list is given where text is expected")),
    Case("number-for-an-id", "id-as-number.yaml", 4, ("id", "100 is not text; write it in quotes ('100') if it is meant as text")),
    Case(
        "yaml-boolean-for-a-count",
        "members-as-boolean.yaml",
        4,
        ("members", "true is not a whole number"),
    ),
    Case(
        "json-boolean-for-hours",
        "hours-as-boolean.json",
        3,
        ("hours_worked", "true is not a number"),
    ),
    Case(
        "negative-hours",
        "hours-negative.yaml",
        5,
        ("hours_worked", "-1 is less than 0; give 0 or more"),
    ),
    Case("yaml-nan-hours", "hours-nan.yaml", 5, (".nan is not a finite number",)),
    Case("yaml-infinite-hours", "hours-infinite.yaml", 6, (".inf is not a finite number",)),
    Case("yaml-float-too-large", "hours-overflow.yaml", 4, ("1.0e+400 is not a finite number",)),
    Case(
        "yaml-integer-too-large-for-a-float", "hours-huge-integer.yaml", 4, ("too large a number",)
    ),
    Case("yaml-integer-too-long-to-read", "hours-too-many-digits.yaml", 4, ("too large a number",)),
    # a JSON document's own field is placed at its key's line, not the document's first
    Case("json-unit-not-text-names-its-key-line", "json-unit-a-number.json", 3,
         ("unit: 5 is not text",)),
    Case("json-unknown-top-field-names-its-key-line", "json-unknown-top-field.json", 4,
         ("unknown field 'unallocated_case' (did you mean 'unallocated_cases'?)",)),
    Case("json-nan-hours", "hours-nan.json", 5, ("NaN is not a finite number",)),
    Case("json-infinite-hours", "hours-infinity.json", 3, ("-Infinity is not a finite number",)),
    Case("json-float-too-large", "hours-overflow.json", 4, ("1e400 is not a finite number",)),
    Case(
        "json-integer-too-large-for-a-float", "hours-huge-integer.json", 3, ("too large a number",)
    ),
    Case("json-integer-too-long-to-read", "hours-too-many-digits.json", 3, ("too large a number",)),
    # 5. dates and weeks
    Case("impossible-date", "date-impossible.yaml", 5, ("'2024-02-30' is not a real date",)),
    Case("month-thirteen", "date-month-13.yaml", 4, ("'2024-13-01' is not a real date",)),
    Case(
        "date-not-in-iso-form",
        "date-in-other-form.yaml",
        4,
        ("'04/06/2024' is not a date in the form YYYY-MM-DD",),
    ),
    Case(
        "iso-week-that-does-not-exist",
        "week-does-not-exist.yaml",
        5,
        ("'2024-W54' is not a real ISO week",),
    ),
    Case(
        "week-not-given-by-its-monday",
        "week-not-monday.yaml",
        5,
        ("'2024-06-05' is a Wednesday", "(2024-06-03)", "(2024-W23)"),
    ),
    # 6. references and identity
    Case(
        "timesheet-for-someone-not-on-the-staff-lists",
        "dangling-timesheet-staff.yaml",
        5,
        ("staff 'S099' is not the id of anyone",),
    ),
    Case(
        "supervisor-not-on-the-staff-lists",
        "dangling-supervisor.yaml",
        4,
        ("supervisors 'S101' is not the id of anyone",),
    ),
    Case(
        "line-manager-not-on-the-staff-lists",
        "dangling-line-manager.yaml",
        4,
        ("line_manager 'S090' is not the id of anyone",),
        False,
    ),
    Case(
        "same-record-id-twice",
        "duplicate-record-id.yaml",
        6,
        ("id 'U101' is used twice", "invalid/duplicate-record-id.yaml:5"),
    ),
    Case(
        "same-person-and-week-twice",
        "timesheet-twice-in-a-week.yaml",
        6,
        ("a second timesheet for S001 in the week of 2024-06-03",
         "invalid/timesheet-twice-in-a-week.yaml:4"),
    ),
    Case(
        "two-wmt-readings-for-one-person-and-week",
        "wmt-twice-in-a-week.yaml",
        7,
        ("a second WMT reading for S001 for the week of 2024-06-03",
         "invalid/wmt-twice-in-a-week.yaml:4"),
    ),
    Case(
        "two-wmt-readings-for-one-person-and-day",
        "wmt-twice-on-a-day.yaml",
        6,
        ("a second WMT reading for S005 on 2024-06-04", "invalid/wmt-twice-on-a-day.yaml:4"),
    ),
    Case(
        "case-closed-before-it-is-opened",
        "case-closed-before-opened.yaml",
        5,
        ("the case is closed (2024-02-28) before it is opened (2024-03-01)",),
    ),
    # 7. hostile or accidental documents
    Case("billion-laughs-aliases", "billion-laughs.yaml", 4, ("aliases (*name) are not allowed",)),
    Case("alias-of-a-scalar", "alias.yaml", 5, ("aliases (*name) are not allowed",)),
    Case("merge-key", "merge-key.yaml", 5, ("merge keys (<<) are not allowed",)),
    Case("deeply-nested-flow-yaml", "deeply-nested.yaml", 3, ("nested more than 32 levels",)),
    Case(
        "deeply-nested-block-yaml", "deeply-nested-block.yaml", 4, ("nested more than 32 levels",)
    ),
    Case("deeply-nested-json", "deeply-nested.json", 2, ("nested too deeply",)),
    Case("binary-file", "binary.yaml", 2, ("is not UTF-8 text (byte 0x80)",)),
    Case("nul-byte", "nul-byte.yaml", 4, ("contains a NUL byte",)),
    Case(
        "unicode-line-separator-that-would-shift-every-line",
        "line-separator.yaml",
        4,
        ("U+2028", "line break"),
    ),
    Case("latin-1-text", "not-utf8.yaml", 4, ("is not UTF-8 text (byte 0xe9)",)),
    Case("empty-file", "empty.yaml", 1, ("is empty",)),
    Case("top-level-yaml-list", "top-level-list.yaml", 1, ("must be a mapping",)),
    Case("top-level-json-list", "top-level-list.json", 1, ("must be a mapping",)),
    Case("missing-kind", "missing-kind.yaml", 2, ("has no top-level 'kind:'",)),
    Case("misspelt-kind", "unknown-kind.yaml", 2, ("kind 'rotta'", "(did you mean 'rota'?)")),
    Case("markdown-without-front-matter", "jd/no-front-matter.md", 1, ("front matter",)),
    Case("markdown-front-matter-never-closed", "jd/unclosed-front-matter.md", 1, ("front matter",)),
    Case("directory-given-as-a-file", "a-directory.yaml", None, ("is a directory",)),
    Case("file-that-does-not-exist", "no-such-file.yaml", None, ("cannot be read", "No such file")),
    # 9. grades, sign-offs and fixed values: any case is read, a near miss is refused
    Case("grade-with-a-zero-for-an-o", "grade-zero-for-o.yaml", 6,
         ("staff S091: grade 'PS0' is not a known grade (did you mean 'PSO'?)",
          "declare it with 'grade PS0' in the policy")),
    Case("grade-one-letter-short-of-a-head", "grade-near-miss-head.yaml", 5,
         ("grade 'HEAD_OF_INTERVENTION' is not a known grade",
          "(did you mean 'HEAD_OF_INTERVENTIONS'?)")),
    Case("job-description-grade-near-miss-names-the-grade-line", "jd/grade-near-miss.md", 4,
         ("grade 'SP0_COURTS' is not a known grade (did you mean 'SPO_COURTS'?)",)),
    Case("sign-off-with-letters-swapped", "signoff-near-miss.yaml", 6,
         ("sfo_reviews[1] (F791): signed_off: 'sop' is not a known sign-off",
          "(did you mean 'spo'?)")),
    Case("report-type-misspelt-though-another-in-capitals-is-read", "report-type-unknown.yaml",
         12, ("reports[1] (R791).type: 'short_fromat' is not one of sdr, short_format, oral",
              "(did you mean 'short_format'?)")),
]


@pytest.mark.parametrize("case", DATA_CASES, ids=[c.id for c in DATA_CASES])
def test_bad_data_file_is_refused_with_file_line_and_reason(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    path = f"invalid/{case.file}"
    files = [STAFF, path] if case.with_staff else [path]
    first = assert_refused(["check", *files], capsys, path, case.line, *case.phrases)
    assert len(first) < 400


def test_every_invalid_fixture_has_a_case() -> None:
    used = {c.file for c in DATA_CASES} | {"staff-conflict.yaml"}
    used |= {f"policies/{c.file}" for c in POLICY_CASES + XFAIL_POLICY_CASES + VISIT_ERROR_CASES}
    on_disk = set()
    for path in (FIXTURES / "invalid").rglob("*"):
        relative = str(path.relative_to(FIXTURES / "invalid"))
        # a file, or a directory posing as a data file
        if (path.is_dir() and path.suffix) or (path.is_file() and path.name != ".keep"):
            on_disk.add(relative)
    assert on_disk - used == set()


def test_duplicate_key_is_refused_with_both_lines(capsys: pytest.CaptureFixture[str]) -> None:
    first = assert_refused(
        ["check", "invalid/duplicate-key.yaml"],
        capsys,
        "invalid/duplicate-key.yaml",
        8,
        "duplicate key 'hours_worked'",
    )
    assert "(first at line 6)" in first


def test_misspelt_field_is_never_taken_for_the_right_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The record is also missing hours_worked; the message is about the misspelling.
    first = assert_refused(
        ["check", STAFF, "invalid/unknown-field.yaml"],
        capsys,
        "invalid/unknown-field.yaml",
        6,
        "unknown field 'hours_workd'",
    )
    assert "has no 'hours_worked'" not in first


def test_same_staff_id_with_different_details_names_both_places(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = assert_refused(
        ["check", STAFF, "invalid/staff-conflict.yaml"],
        capsys,
        "invalid/staff-conflict.yaml",
        4,
        "staff S001 is listed twice with different details",
    )
    assert "example/staff.yaml:5" in first


def test_file_above_the_size_limit_is_refused_before_it_is_parsed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(load, "MAX_YAML_BYTES", 200)
    assert_refused(["check", STAFF], capsys, STAFF, None, "bytes are refused")


def test_json_file_above_its_size_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(load, "MAX_JSON_BYTES", 100)
    assert_refused(
        ["check", STAFF, "invalid/duplicate-key.json"],
        capsys,
        "invalid/duplicate-key.json",
        None,
        "bytes are refused",
    )


def test_deep_nesting_hidden_among_quoted_brackets_is_still_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Quoted "]" would fool a count of brackets; the loader must not compose this.
    path = tmp_path / "quoted.yaml"
    path.write_text("kind: rota\ntimesheets: " + '[ "]", ' * 50000 + "\n")
    assert_refused(["check", str(path)], capsys, str(path), 2, "nested more than 32 levels")


@pytest.mark.parametrize("events", [False, True], ids=["while-constructing", "before-composing"])
def test_nesting_limit_is_the_same_whichever_check_applies(
    events: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if events:  # make the cheap bound give up, so that the events are walked
        monkeypatch.setattr(load, "_SAFE_TO_COMPOSE", 0)
    deepest = "a: " + "[" * (load.MAX_DEPTH - 1) + "]" * (load.MAX_DEPTH - 1)
    assert load.parse_yaml(deepest, "d.yaml") is not None
    with pytest.raises(load.InputError, match="nested more than 32 levels") as err:
        load.parse_yaml("a:\n  " + "[" * load.MAX_DEPTH + "]" * load.MAX_DEPTH, "d.yaml")
    assert (err.value.file, err.value.line) == ("d.yaml", 2)


def test_yaml_numbers_yaml_11_would_misread_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for value, phrase in (("37:30", "base-60"), ("010", "octal"), ("0x25", "hexadecimal")):
        path = tmp_path / "odd.yaml"
        path.write_text(
            f"kind: staff\nstaff:\n  - id: S1\n    grade: PO\n    contracted_hours: {value}\n"
        )
        assert_refused(["check", str(path)], capsys, str(path), 5, phrase)


@pytest.mark.parametrize(
    "tag",
    [
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!timestamp 2024-06-03",
        "!!omap [{a: 1}]",
        "!!float abc",
        "!!int ''",
    ],
)
def test_yaml_tags_for_other_types_are_refused(
    tag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tagged.yaml"
    path.write_text(f"kind: staff\nunit: {tag}\n")
    assert_refused(["check", str(path)], capsys, str(path), 2)


def test_endless_input_is_refused_unread(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(load, "MAX_YAML_BYTES", 4096)  # were it read, it would stop here
    assert_refused(["check", "/dev/zero"], capsys, "/dev/zero", None, "is not a regular file")


# ---------------------------------------------------------------------------------------------
# Policies: the reason, then the source line, then a caret under the column.


class PolicyCase(NamedTuple):
    id: str
    file: str  # under fixtures/invalid/policies/
    line: int
    column: int
    phrases: tuple[str, ...]


POLICY_CASES = [
    PolicyCase(
        "rule-id-written-in-capitals",
        "rule-id-in-capitals.wr",
        4,
        6,
        ("unexpected 'UPW'", "rule ids are lower case"),
    ),
    PolicyCase(
        "unclosed-brace-in-a-sentence",
        "unclosed-brace.wr",
        8,
        10,
        ("'{' in this sentence is never closed",),
    ),
    PolicyCase("double-equals", "double-equals.wr", 6, 18, ("unexpected '='", "write =")),
    PolicyCase(
        "misspelt-field", "unknown-field.wr", 6, 13, ("'percnt'", "(did you mean 'percent'?)")
    ),
    PolicyCase(
        "hours-measured-against-a-percentage",
        "hours-against-percent.wr",
        6,
        34,
        ("the limit is in percent", "in hours"),
    ),
    PolicyCase(
        "hours-compared-with-a-percentage",
        "compare-hours-percent.wr",
        6,
        25,
        ("cannot compare hours_worked (hours) with 110% (percent)",),
    ),
    PolicyCase("misspelt-enum-value", "enum-typo.wr", 6, 29, ("'hgh'", "(did you mean 'high'?)")),
    PolicyCase("misspelt-grade-in-a-set", "grade-typo.wr", 6, 28,
               ("'PS0' is not a known grade", "(did you mean 'PSO'?)", "'grade PS0'")),
    PolicyCase(
        "misspelt-parameter",
        "unknown-parameter.wr",
        8,
        42,
        ("'upw_ration'", "(did you mean 'upw_ratio'?)"),
    ),
    PolicyCase(
        "set-of-a-parameter-that-does-not-exist",
        "unknown-set.wr",
        4,
        5,
        ("no parameter 'sfo_open_review_max'", "(did you mean 'sfo_open_reviews_max'?)"),
    ),
    PolicyCase(
        "default-of-the-wrong-unit", "bad-default.wr", 3, 26, ("110% is not a value for hours_max",)
    ),
    PolicyCase(
        "same-rule-id-twice",
        "duplicate-rule-id.wr",
        8,
        6,
        ("rule id 'hours-cap' is used twice", "first at line 3"),
    ),
    PolicyCase(
        "misspelt-kind-after-for-each",
        "unknown-kind.wr",
        5,
        14,
        ("'upw_sesion'", "(did you mean 'upw_session'?)"),
    ),
    PolicyCase(
        "missing-limit-at-the-end",
        "missing-limit-at-end.wr",
        7,
        26,
        ("need a limit after them",),
    ),
]

XFAIL_POLICY_CASES = [
    # Another line follows `at most`: the error still points just after it, with the hint.
    PolicyCase("missing-limit-before-another-line", "missing-limit.wr", 7, 26, ("need a limit",)),
]


# Errors found while the parser builds the tree (Lark wraps them; parse.py unwraps them).
VISIT_ERROR_CASES = [
    PolicyCase("impossible-date-as-a-default", "impossible-date.wr", 3, 30, ("not a real date",)),
    PolicyCase("invalid-pattern", "invalid-pattern.wr", 6, 24, ("not a valid pattern",)),
    PolicyCase("regex-repeat-beyond-any-engine", "regex-huge-repeat.wr", 6, 24,
               ("repeat count of 4294967296 is too large",)),
    PolicyCase("regex-look-behind", "regex-lookbehind.wr", 6, 24, ("linear time",)),
    PolicyCase("unknown-word-list", "unknown-word-list.wr", 6, 11, ("did you mean 'staff'?",)),
    PolicyCase("unknown-text-pattern", "unknown-text-pattern.wr", 11, 11,
               ("did you mean 'manages_staff'?",)),
    PolicyCase("gap-in-a-word-list", "gap-in-word-list.wr", 3, 23, ("'...' has no place",)),
]


def assert_policy_refused(case: PolicyCase, capsys: pytest.CaptureFixture[str]) -> None:
    path = f"invalid/policies/{case.file}"
    code, out, err = run(["check", "--policy", path, STAFF], capsys)
    assert "Traceback" not in err
    assert (code, out) == (2, ""), err
    reason, source, caret, *rest = err.splitlines()
    assert reason.startswith(f"workrules: {path}:{case.line}:{case.column}: "), reason
    for phrase in case.phrases:
        assert phrase in reason, reason
    text = (FIXTURES / path).read_text().splitlines()[case.line - 1]
    assert source == "    " + text.expandtabs(1)
    assert caret.strip(" ^") == ""
    assert caret.index("^") == 4 + case.column - 1
    assert rest == []


@pytest.mark.parametrize("case", POLICY_CASES, ids=[c.id for c in POLICY_CASES])
def test_policy_error_shows_the_line_with_a_caret_at_the_column(
    case: PolicyCase, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_policy_refused(case, capsys)


@pytest.mark.parametrize("case", XFAIL_POLICY_CASES, ids=[c.id for c in XFAIL_POLICY_CASES])
def test_policy_error_for_a_missing_limit_points_at_the_limit(
    case: PolicyCase, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_policy_refused(case, capsys)


@pytest.mark.parametrize("case", VISIT_ERROR_CASES, ids=[c.id for c in VISIT_ERROR_CASES])
def test_policy_error_found_while_building_the_tree_is_refused_like_any_other(
    case: PolicyCase, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_policy_refused(case, capsys)


@pytest.mark.parametrize("setting", ["upw_ratio_from=2024-02-30", "upw_ratio=0:6"])
def test_impossible_value_in_set_is_refused(
    setting: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", "--set", setting, STAFF], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"workrules: --set {setting}: ")


@pytest.mark.parametrize(
    "chain",
    ["not " * 2000 + "hours_worked > 1 h", "hours_worked" + " + 1 h" * 2000 + " > 1 h"],
    ids=["2000-nots", "2000-additions"],
)
def test_long_policy_expression_is_checked_or_refused_without_a_traceback(
    chain: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.wr"
    path.write_text(f"rule r\n    for each timesheet\n    forbid {chain}\n")
    code, out, err = run(["check", "--policy", str(path), STAFF], capsys)
    assert "Traceback" not in err
    if code == 2:  # refused: said where
        assert out == "" and err.startswith(f"workrules: {path}:3:")
    else:  # or checked like any other rule
        assert code in (0, 1)


@pytest.mark.parametrize(
    ("setting", "phrases"),
    [
        (
            "sfo_open_review_max=3",
            ("no parameter 'sfo_open_review_max'", "(did you mean 'sfo_open_reviews_max'?)"),
        ),
        ("sfo_open_reviews_max=abc", ("abc is not a value for sfo_open_reviews_max",)),
        ("sfo_open_reviews_max=2.5", ("2.5 is not a value", "a whole number")),
        ("wmt_ceiling=7h", ("7 h is not a value for wmt_ceiling", "a percentage")),
        ("sfo_open_reviews_max", ("write NAME=VALUE",)),
        ("span_of_control_max[SPX]=3", ("no value for 'SPX'", "(did you mean 'SPO'?)")),
    ],
    ids=[
        "unknown-parameter",
        "not-a-number",
        "fraction-for-a-count",
        "hours-for-a-percentage",
        "no-value",
        "misspelt-key",
    ],
)
def test_bad_set_on_the_command_line_is_refused(
    setting: str, phrases: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", "--set", setting, STAFF], capsys)
    assert (code, out) == (2, "")
    assert "Traceback" not in err
    assert err.startswith(f"workrules: --set {setting}: ")
    assert len(err.splitlines()) == 1
    for phrase in phrases:
        assert phrase in err


def test_policy_that_does_not_exist_is_refused_with_a_suggestion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["check", "--policy", "claim-2042", STAFF], capsys)
    assert (code, out) == (2, "")
    assert err == ("workrules: policy 'claim-2042' is not a shipped policy (did you mean "
                   "'claim-2024'?); shipped: claim-2024, claim-5b-double-staffed, "
                   "employer-current; a policy file is named by a path ending in .wr, such as "
                   "./claim-2042.wr\n")


# ---------------------------------------------------------------------------------------------
# Command-line misuse


@pytest.mark.parametrize(
    ("argv", "phrase"),
    [
        (["check", "--frobnicate", STAFF], "unrecognized arguments: --frobnicate"),
        (["check", "--format", "nonsense", STAFF], "invalid choice: 'nonsense'"),
        (["check"], "required: FILE"),
        (["chek", STAFF], "invalid choice: 'chek'"),
        ([], "required: COMMAND"),
    ],
    ids=["unknown-option", "unknown-format", "no-files", "unknown-command", "no-command"],
)
def test_command_line_misuse_exits_2_without_a_traceback(
    argv: list[str], phrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)
    assert (code, out) == (2, "")
    assert "Traceback" not in err
    reasons = [ln for ln in err.splitlines() if ln.startswith("workrules: ")]
    assert len(reasons) == 1
    assert phrase in reasons[0]


def test_report_that_cannot_be_written_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "out.txt"
    assert_refused(
        ["check", "-o", str(target), STAFF], capsys, str(target), None, "cannot write the report"
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["chek", STAFF], "workrules: argument COMMAND: invalid choice: 'chek' (choose from "
         "'check', 'rules', 'explain', 'compile', 'diff', 'render', 'test', 'fmt', 'indicators', 'completion') "
         "(did you mean 'check'?) (see "
         "'workrules --help')"),
        (["check", STAFF, "--format", "sarf"], "workrules: argument --format: invalid choice: "
         "'sarf' (choose from 'codequality', 'csv', 'github', 'html', 'json', 'junit', 'sarif', 'table', 'text') (did you "
         "mean 'sarif'?) (see 'workrules check --help')"),
        (["check"], "workrules: the following arguments are required: FILE (see 'workrules "
         "check --help')"),
    ],
    ids=["misspelt-command", "misspelt-format", "no-files"],
)
def test_command_line_misuse_is_refused_in_one_line_with_a_suggestion(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)
    assert (code, out, err) == (2, "", expected + "\n")
