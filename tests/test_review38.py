"""Session 28's review: what the helpers found, on real files under fixtures/review38.

Each test names a behaviour and asserts the exact findings (rule, subject, line) or notices of
a check."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import partial_notices

from workrules import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review38"
DATA = HERE / "data"
FILES = [DATA / "wmt-holds-gap" / "staff.yaml", DATA / "wmt-holds-gap" / "allocation.yaml"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_days_no_wmt_reading_may_stand_for_inside_a_run_above_the_line_are_said_unjudged(
        engine: str) -> None:  # fmt: skip
    folder = DATA / "wmt-holds-gap"
    result = check(FILES, engine=engine, select=["wmt-over-ceiling"],
                   set_values=["wmt_reading_holds=7 days"])  # fmt: skip
    assert result.findings == ()  # each reading above the line stood its week, no longer
    at = folder / "allocation.yaml"
    assert partial_notices(result) == [("wmt-over-ceiling", (
        "applied in part; not judged for 2 stretches of days with no WMT reading standing (a "
        "reading stands for at most 7 days), inside a run of readings the rule's condition "
        f"held for: PO7 from 2024-06-10 to 2024-06-23 (after {at}:4), PO8 from 2024-06-10 to "
        f"2024-06-11 (after {at}:8); a spell may have gone on through them"))]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_reading_held_for_longer_leaves_fewer_days_unjudged(engine: str) -> None:
    folder = DATA / "wmt-holds-gap"
    result = check(FILES, engine=engine, select=["wmt-over-ceiling"],
                   set_values=["wmt_reading_holds=2 weeks"])  # fmt: skip
    assert [(f.subject, f.line, f.value) for f in result.findings] == [
        ("PO7", 4, 14), ("PO8", 8, 9)]  # PO8's spell ends the day she left
    assert partial_notices(result) == [("wmt-over-ceiling", (
        "applied in part; not judged for 1 stretch of days with no WMT reading standing (a "
        "reading stands for at most 14 days), inside a run of readings the rule's condition "
        f"held for: PO7 from 2024-06-17 to 2024-06-23 (after {folder / 'allocation.yaml'}:4); "
        "a spell may have gone on through it"))]


def test_with_no_limit_on_how_long_a_reading_stands_every_day_is_judged() -> None:
    result = check(FILES, select=["wmt-over-ceiling"])
    assert [(f.subject, f.value) for f in result.findings] == [("PO7", 28), ("PO8", 9)]
    assert partial_notices(result) == []


def _found(*names: str) -> list[tuple[str, str, int]]:
    result = check([HERE / "jd" / name for name in names], select=["jd-*"])
    return [(Path(f.file).name, f.rule, f.line) for f in result.findings]


@pytest.mark.parametrize(("name", "expected"), [
    # "incl." before a capital goes on with the sentence; "DA/SO" is domestic abuse and
    # sexual offending (7b)
    ("pso-sdrs-incl-da-so.md", [("pso-sdrs-incl-da-so.md", "jd-psr-role-boundary", 8)]),
    # ... "excl." leaves them out, and "so that" is no sexual offending
    ("pso-sdrs-excl-da.md", []),
    # a risk score rated after its name (7b)
    ("pqip-rsr-score-high.md", [("pqip-rsr-score-high.md", "jd-psr-role-boundary", 8)]),
    ("pqip-rsr-score-low.md", []),
    # a case duty written as a noun (7a) ...
    ("pso-the-supervision-of.md", [("pso-the-supervision-of.md", "jd-cases-role-boundary", 8)]),
    # ... but supervision the post receives is none
    ("pso-receives-supervision.md", []),
    # "non-IOM" is no IOM case; IOM beside it still is (7a)
    ("pso-non-iom.md", []),
    ("pso-iom-and-non-iom.md", [("pso-iom-and-non-iom.md", "jd-cases-role-boundary", 8)]),
    # help with a report someone else writes is not writing it (7b) ...
    ("pso-assists-with-preparation.md", []),
    # ... helping a team by writing them is
    ("pso-assists-the-team-by-preparing.md",
     [("pso-assists-the-team-by-preparing.md", "jd-psr-role-boundary", 8)]),
    # the court's Probation Officer keeps the reports (7b)
    ("pso-court-po-prepares.md", []),
    # what follows a turn to how the work is done says nothing of the cases before it ...
    ("pso-reports-then-using-information.md",
     [("pso-reports-then-using-information.md", "jd-psr-role-boundary", 8)]),
    ("pso-cases-then-working-in-area.md",
     [("pso-cases-then-working-in-area.md", "jd-cases-role-boundary", 8)]),
    # ... while the information about a kind is no case of it
    ("pso-using-da-information.md", []),
])
def test_how_job_descriptions_write_reports_and_cases_across_the_role_boundary(
        name: str, expected: list[object]) -> None:  # fmt: skip
    assert _found(name) == expected


def test_matrix_management_is_not_line_management() -> None:
    # "matrix manages the facilitators", whose line management stays with someone else (9)
    assert _found("spo-matrix-manages.md") == []


def test_line_management_beside_matrix_management_is_still_read() -> None:
    assert _found("spo-matrix-and-line-manages.md") == [
        ("spo-matrix-and-line-manages.md", "jd-span-stated", 8)]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_contracted_hours_given_as_fte_or_per_month_are_said_to_be_no_weekly_contract(
        engine: str) -> None:  # fmt: skip
    folder = DATA / "fte-as-hours"
    result = check([folder / "hr-staff.csv", folder / "hr-timesheets.csv"], engine=engine)
    # W2's 0.6 read as hours gave "21.6 h over contract", which fails the run: the figure is not
    # guessed at (review 42), the finding is left out and the notice says so
    assert result.findings == ()
    said = ("applied in part: 3 staff members with contracted hours below 2 h or above 60 h a "
            "week (W1 1 h, W2 0.6 h, W4 162.5 h), no week's contract: a full-time equivalent "
            "(1.0 for full time, 0.5 for half), hours a day (7.4 for 37 h a week) or a month's "
            "hours (160.33) look so; {}; give contracted hours a week")
    kept = "this rule read them as hours a week, so what it found for them may be wrong"
    assert partial_notices(result) == [
        ("unrecompensed-hours",
         said.format("this rule did not judge those below 2 h (1 finding by the figure left "
                     "out), and read the others as hours a week, so what it found for them may "
                     "be wrong")),
        ("hours-without-contract", said.format(kept)),
        ("recompense-beyond-the-week", said.format(kept))]


def test_weekly_contracted_hours_give_no_such_notice() -> None:
    result = check([DATA / "wmt-holds-gap" / "staff.yaml"])
    assert not any("full-time equivalent" in na.reason for na in result.not_applied)


def test_no_such_notice_where_the_rule_judged_no_record() -> None:
    # a staff list alone: the timesheet rules judged no one by the odd figures
    result = check([DATA / "fte-as-hours" / "hr-staff.csv"])
    assert not any("full-time equivalent" in na.reason for na in result.not_applied)


_TURNS = '''policy turns
words kinds = "domestic abuse", "high risk"
pattern reports
    finds "reports on ... {kinds}"
    unless before "information", "checks" within 7 words
                  not past "using", "sharing"
'''


def test_not_past_stops_the_words_after_a_match_being_read_for_what_cancels_it() -> None:
    from workrules.errors import PolicyError
    from workrules.lang.nodes import unparse_pattern
    from workrules.lang.parse import parse_policy
    from workrules.textpattern import compile_pattern

    pf = parse_policy(_TURNS)
    (decl,) = pf.patterns
    assert [s.value for s in decl.after_stops] == ["using", "sharing"]
    assert unparse_pattern(decl).endswith(
        'unless before "information", "checks" within 7 words not past "using", "sharing"')

    def error(message: str, pos: object) -> PolicyError:
        return PolicyError(message)

    matcher = compile_pattern(decl, {w.name: w for w in pf.words}, error)
    # the noun right after the kind says the match is no case ...
    assert matcher.first("Write reports on domestic abuse information for the court.") is None
    # ... but not past a turn to how the work is done
    hit = matcher.first("Write reports on domestic abuse, using the information from police.")
    assert hit is not None and hit.words == "reports on domestic abuse"
    assert matcher.first("Write reports on high risk cases, sharing checks.") is not None


def test_not_past_is_laid_out_as_one_list_with_its_unless_before() -> None:
    from workrules.fmt import format_policy

    # a break the source made is kept where the lines fit, as in any list
    assert format_policy(_TURNS).splitlines()[-2:] == [
        '    unless before "information", "checks" within 7 words not past',
        '                  "using", "sharing"']
    assert format_policy(_TURNS.replace("\n                  not past", " not past")
                         ).splitlines()[-1] == (
        '    unless before "information", "checks" within 7 words not past "using", "sharing"')


def _breaches(name: str) -> list[tuple[str, int]]:
    result = check([HERE / "hostile" / name], select=["jd-*"])
    return [(f.rule, f.line) for f in result.findings]


@pytest.mark.parametrize(("name", "expected"), [
    # a tab typed inside a sentence shows as a space: the row is read both ways
    ("tab-in-sentence.md", [("jd-cases-role-boundary", 8)]),
    # a duty set in bold, or written as a heading, is a duty still ...
    ("bold-duty.md", [("jd-cases-role-boundary", 8)]),
    ("heading-duty.md", [("jd-cases-role-boundary", 8)]),
    # ... while a topic heading grants nothing
    ("topic-heading.md", []),
    # a web address is a link, not prose: the "not" or "no" in it denies nothing
    ("autolink-not.md", [("jd-cases-role-boundary", 8)]),
    ("bare-url-no.md", [("jd-cases-role-boundary", 8)]),
    # a list's lead-in whose "not" denies none of its items ...
    ("not-be-limited.md", [("jd-cases-role-boundary", 10)]),
    # ... and a "no" that does deny
    ("by-no-means.md", []),
    # a title's full stop ends no sentence; a tier's letter before a capital still does
    ("dr-title.md", [("jd-cases-role-boundary", 8)]),
    ("tier-initial.md", []),
    # a heading inside a quoted advert heads only the quote
    ("criteria-in-quote.md", [("jd-cases-role-boundary", 13)]),
    # a nested list's lead-in ends with its list ...
    ("nested-will-not.md", [("jd-cases-role-boundary", 10)]),
    # ... and still reaches its own items
    ("nested-will-not-items.md", []),
    # a ruby's fallback brackets never show
    ("rp-not.md", [("jd-cases-role-boundary", 8)]),
])
def test_a_breach_a_reader_sees_is_found_however_the_page_is_marked_up(
        name: str, expected: list[tuple[str, int]]) -> None:  # fmt: skip
    assert _breaches(name) == expected


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_a_folder_walk_refuses_a_job_description_saved_as_utf_16_or_32(
        tmp_path: Path, encoding: str) -> None:  # fmt: skip
    from conftest import check_text

    text = (HERE / "hostile" / "bold-duty.md").read_text(encoding="utf-8")
    (tmp_path / "jd").mkdir()
    (tmp_path / "jd" / "pso.md").write_bytes(text.encode(encoding))
    (tmp_path / "README.md").write_bytes("# Our job descriptions\n".encode(encoding))
    code, _, err = check_text(".", cwd=tmp_path)
    assert code == 2
    assert err.splitlines()[0].startswith("workrules: ./jd/pso.md:1: ")


def test_a_folder_walk_passes_over_a_link_it_cannot_follow_and_checks_the_rest(
        tmp_path: Path) -> None:  # fmt: skip
    from conftest import check_text

    folder = tmp_path / "job-descriptions"
    folder.mkdir()
    (folder / "pso.md").write_text((HERE / "hostile" / "bold-duty.md").read_text("utf-8"))
    (folder / "loop1.md").symlink_to("loop2.md")
    (folder / "loop2.md").symlink_to("loop1.md")
    (folder / "through.md").symlink_to("pso.md/x")
    code, out, _ = check_text(".", cwd=tmp_path)
    assert code == 1
    assert out.splitlines()[0].startswith(
        "./job-descriptions/pso.md:8: jd-cases-role-boundary [7a]")


@pytest.mark.parametrize("declared", ['"" = ""', '" " = ""', '"_" = ""', '"-" = "PO"'])
def test_a_grade_declared_with_no_letter_or_digit_is_refused_at_its_line(
        tmp_path: Path, declared: str) -> None:  # fmt: skip
    from conftest import run_workrules

    (tmp_path / "workrules.toml").write_text(f'[grades]\nTEAM_LEAD = ""\n{declared}\n')
    (tmp_path / "a.md").write_text((HERE / "jd" / "pso-non-iom.md").read_text("utf-8"))
    done = run_workrules("check", "a.md", cwd=tmp_path)
    code, err = done.returncode, done.stderr
    assert code == 2
    assert err.splitlines()[0].startswith("workrules: workrules.toml:3: grade ")
    assert err.splitlines()[0].endswith(": a grade's name needs a letter or a digit")


def test_the_policy_parser_reads_and_writes_nothing_in_the_shared_temporary_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import tempfile

    from workrules.lang import parse

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    parse.parser.cache_clear()
    try:
        parse.parser().parse('policy p "x"\n', start="start")
    finally:
        parse.parser.cache_clear()
    assert list(tmp_path.iterdir()) == []


def test_exports_that_hold_no_records_are_refused_as_a_check_of_nothing() -> None:
    from conftest import check_text

    code, out, err = check_text(".", cwd=DATA / "empty-exports")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "workrules: ./hr-staff.csv: holds no records, nor do the 2 other data files: each list "
        "is empty (an export of its header row alone?), and a check of nothing would pass"]


def test_an_empty_export_beside_one_with_records_is_read_as_none() -> None:
    folder = DATA / "empty-exports"
    result = check([folder / "hr-wmt.csv", DATA / "wmt-holds-gap" / "staff.yaml"])
    assert result.findings == ()


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_unit_named_one_way_for_its_posts_and_another_for_its_staff_is_said(
        engine: str) -> None:  # fmt: skip
    import datetime as dt

    folder = DATA / "unit-named-two-ways"
    result = check([folder / "hr-staff.csv", folder / "finance-establishment.csv"],
                   engine=engine, set_values=["safeguard_vacancies_max=1"],
                   today=dt.date(2024, 6, 30))  # fmt: skip
    # the finding is left out, not guessed (since session 33: it failed the run as a fact, its
    # caveat in a notice `-q` drops, as `workrules indicators` refuses the figure); the notice
    # says why and how many
    assert result.findings == ()
    assert partial_notices(result) == [("safeguard-vacancies", (
        'applied in part: unit "Wear PDU" has funded posts and no one in the staff lists, and '
        'unit "Wear" has staff and no funded posts: if a unit is named two ways, its posts '
        "would all read as vacant; write its name the same way in every file; 1 finding about "
        "it left out, not judged"))]


def test_units_that_match_give_no_such_notice() -> None:
    result = check([DATA / "fte-as-hours" / "hr-staff.csv"], select=["safeguard-vacancies"],
                   set_values=["safeguard_vacancies_max=1"])  # fmt: skip
    assert not any("named two ways" in na.reason for na in result.not_applied)


def test_the_language_guide_s_table_of_record_kinds_is_what_its_script_prints() -> None:
    import contextlib
    import io

    page = (HERE.parents[1] / "docs" / "language.md").read_text(encoding="utf-8")
    script = page.split("To regenerate the table", 1)[1].split("```python\n", 1)[1]
    script = script.split("```", 1)[0]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(script, "language.md", "exec"), {})  # the guide's own script
    table = page.split("| kind (`for each`)", 1)[1].split("\n\nEvery field of type", 1)[0]
    assert "| kind (`for each`)" + table + "\n" == printed.getvalue().rstrip("\n") + "\n"


@pytest.mark.parametrize(("name", "said"), [
    ("rule-without-id.wr", "5:12: 'rule' needs an id after it, on the same line: rule "
                           "upw-group-ratio"),
    ("param-without-type.wr", "6:15: a parameter needs its type: param NAME: TYPE (percent, "
                              "hours, days, count, number, date or ratio)"),
    ("waive-without-rule.wr", "5:9: 'waive' needs the id of the rule it waives after it: waive "
                              "upw-group-ratio"),
    ("severity-without-level.wr", "7:11: 'severity' needs one of advisory, warning, error "
                                  "after it"),
])
def test_a_mistake_after_a_policy_line_is_taught_as_at_the_start_of_a_file(
        name: str, said: str) -> None:  # fmt: skip
    from workrules.errors import PolicyError
    from workrules.policy import load_policy

    path = HERE / "policies" / name
    with pytest.raises(PolicyError) as caught:
        load_policy(str(path))
    assert str(caught.value).splitlines()[0] == f"{path}:{said}"


@pytest.mark.parametrize(("folder", "said"), [
    # a second absence names its person, its first day and both ends
    ("second-absence", "./may-absences.csv:2: a second absence for W1 starting on 2024-05-20 "
                       "(the first is at ./june-absences.csv:2, ending 2024-06-14; this one ends "
                       "2024-05-31); give one absence for each person and first day"),
    # a Sunday may end the week meant or start it: both Mondays are given, neither guessed
    ("week-on-sunday", "./hr-timesheets.csv:2: timesheets[0]: week '2024-06-02' is a Sunday; "
                       "a week is given by its Monday: 2024-05-27 if this is the last day of "
                       "the week meant, 2024-06-03 if it is the first (which is not guessed), or "
                       "as an ISO week (2024-W22 or 2024-W23)"),
    # a duration as Excel writes one, with seconds, gets the decimal to write
    ("clock-values", "./hr-timesheets.csv:2: hours_worked: '41:30:00' is not a number; write "
                     "the hours as a decimal number: 41 h 30 min is 41.5"),
    # ... and a date with a 12-hour time, the day alone
    ("clock-dates", "./hr-timesheets.csv:2: timesheets[0].week: '2024-06-03 2:00 PM' is not a "
                    "date in the form YYYY-MM-DD or an ISO week YYYY-Www; give the day alone, "
                    "without the time: 2024-06-03"),
    # a grade's dash written as UTF-8 and read once as Windows-1252 is named as such
    ("mojibake-grade", "./hr-staff.csv:3: staff[1] (W2).grade: 'PSO \u00e2\u20ac\u201c Courts' "
                       "is not a grade ('PSO \u2013 Courts' in UTF-8, read as Windows-1252: save "
                       "it as UTF-8): a grade is a code or a job title of letters, digits, "
                       "spaces, '_', hyphens, dashes and parentheses, starting with a letter, on "
                       "one line"),
    # an NDJSON export named for its list, its header line missing, is refused, not skipped
    ("ndjson-without-header", "./region-01-timesheets.ndjson:1: the first line of an NDJSON "
                              "file is a header naming the kind of file and the list its lines "
                              'fill, e.g. {"kind": "rota", "unit": "North East", "list": '
                              '"timesheets"}'),
])
def test_an_hr_export_s_slip_is_refused_saying_what_to_give(folder: str, said: str) -> None:
    from conftest import check_text

    code, out, err = check_text(".", cwd=DATA / folder)
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"workrules: {said}"]


@pytest.mark.parametrize(("name", "expected"), [
    # a negation's clause with a "not only" in it is still a prohibition
    ("never-not-only.md", []),
    # "the management of" cases is the post's only when the post undertakes it or is given it
    ("spo-keeps-management.md", []),
    # "so" is a word before it is sexual offending
    ("so-as-a-word.md", []),
    # "Dept." may end a sentence, and the next is another's
    ("dept-ends-sentence.md", []),
    # a topic heading in sentence case is no duty
    ("topic-heading-sentence-case.md", []),
    # a lead-in bullet over items at its own depth, or indented by a tab, reaches them all
    ("flat-lead-bullet.md", []),
    ("tab-indented-list.md", []),
    # an exclusion does not reach past the inclusion after it
    ("excl-then-incl.md", [("jd-cases-role-boundary", 6)]),
    # group work on accredited programmes is no case, whatever "using" turns to
    ("using-accredited-programmes.md", []),
    # a ruby's annotation stands apart from the word it annotates
    ("ruby-annotation.md", []),
])
def test_a_review_of_this_change_s_readings(name: str, expected: list[object]) -> None:
    result = check([HERE / "regressions" / name], select=["jd-*"])
    assert [(f.rule, f.line) for f in result.findings] == expected


def test_every_record_naming_someone_missing_from_the_staff_list_is_refused_in_one_run() -> None:
    from conftest import check_text

    code, out, err = check_text(".", cwd=DATA / "leavers-missing")
    said = "is not the id of anyone in the staff lists given; pass the file that lists them too"
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"workrules: ./hr-timesheets.csv:3: timesheet W8 week 2024-06-03: staff 'W8' {said}",
        f"workrules: ./hr-timesheets.csv:4: timesheet W9 week 2024-06-03: staff 'W9' {said}",
        f"workrules: ./hr-cases.csv:2: K1: practitioner 'W7' {said}"]
