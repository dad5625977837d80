"""Session 36: what the helpers found, on the files in fixtures/review46/.

- job descriptions, round 40 (how duties are phrased): a capped or hedged duty, a passive
  denial, a case picked up, links with partners, a span counted before the verb, a text that
  only points to another;
- a hostile repository, round 13 (data files and the gate's machinery): a Parquet file's
  pandas metadata naming a field's column as its index, ids that differ by a look-alike dash
  or mark or by blanks in a row, a half-precision column, and the exit status when standard
  output or standard error cannot be written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import check_text, jd_found

from workrules.dataset import lookalike, padding

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review46"
HOSTILE = HERE / "hostile"


# ---------------------------------------------------------------- a hostile repository, round 13

@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_field_column_the_pandas_metadata_calls_an_index_is_still_read(engine: str) -> None:
    folder = HOSTILE / "A1-pandas-index"
    control = check_text("staff.yaml", "control-cases.parquet", "--today", "2025-03-10",
                         cwd=folder, engine=engine)  # fmt: skip
    hidden = check_text("staff.yaml", "hidden-cases.parquet", "--today", "2025-03-10",
                        cwd=folder, engine=engine)  # fmt: skip
    assert control[0] == hidden[0] == 1
    assert "case-role-boundary [7a]" in hidden[1]
    assert hidden[1].replace("hidden-cases", "control-cases") == control[1]


@pytest.mark.parametrize(("case", "id_", "named", "plain"), [
    ("A2-id-dash/hyphen-u2010", "P\u20101", "U+2010 HYPHEN, which looks like '-'", "P-1"),
    ("A2-id-dash/nbhyphen-u2011", "P\u20111", "U+2011 NON-BREAKING HYPHEN, which looks like "
     "'-'", "P-1"),
    ("A2-id-dash/endash-u2013", "P\u20131", "U+2013 EN DASH, which looks like '-'", "P-1"),
    ("A2-id-dash/minus-u2212", "P\u22121", "U+2212 MINUS SIGN, which looks like '-'", "P-1"),
    ("A3-id-near/apostrophe", "O\u2019N1", "U+2019 RIGHT SINGLE QUOTATION MARK, which looks "
     "like \"'\"", "O'N1"),
    ("A3-id-near/division-slash", "P\u22151", "U+2215 DIVISION SLASH, which looks like '/'",
     "P/1"),
    ("A3-id-near/middle-dot", "P\u00b71", "U+00B7 MIDDLE DOT, which looks like '.'", "P.1"),
])  # fmt: skip
def test_two_ids_that_differ_by_a_mark_drawn_alike_are_refused(
        case: str, id_: str, named: str, plain: str) -> None:  # fmt: skip
    # one person's 41 h week split in two under ids a word processor made to look alike
    code, out, err = check_text("staff.yaml", "rota.yaml", cwd=HOSTILE / case)
    assert (code, out) == (2, "")
    assert err == (f"workrules: staff.yaml:5: staff {id_} and staff {plain} (at staff.yaml:4) "
                   f"differ only in a mark drawn alike ({named}); write one person's id the "
                   f"same way in every file ('{plain}'), and give two people ids that differ "
                   "in more than that\n")


def test_an_id_with_a_full_width_mark_is_refused_alone() -> None:
    code, out, err = check_text("staff.yaml", "rota.yaml",
                                cwd=HOSTILE / "A2-id-dash" / "control-fullwidth-uff0d")  # fmt: skip
    assert (code, out) == (2, "")
    assert err == ("workrules: staff.yaml:5: staff member id 'P\uff0d1' holds U+FF0D FULLWIDTH "
                   "HYPHEN-MINUS, which looks like '-': read as it is, it is another id than "
                   "'P-1'; write 'P-1'\n")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_ids_written_with_an_en_dash_throughout_are_read_as_written(engine: str) -> None:
    # (review 46: refused outright, naming an id 'NE-0412' no file held)
    code, out, err = check_text("staff.csv", "timesheets.csv",
                                cwd=HERE / "review" / "ids-unique-endash", engine=engine)
    assert (code, err) == (1, "")
    assert out.splitlines()[0].startswith(
        "timesheets.csv:2: unrecompensed-hours [4c] NE\u20130412 worked 45 h in the week of "
        "2025-03-03")


def test_an_id_with_blanks_in_a_row_is_refused() -> None:
    code, out, err = check_text("staff.yaml", "rota.yaml",
                                cwd=HOSTILE / "A3-id-near" / "double-space")  # fmt: skip
    assert (code, out) == (2, "")
    assert err == "workrules: staff.yaml:5: staff member id 'P  1' has 2 spaces in a row; " \
                  "write 'P 1'\n"  # fmt: skip


def test_a_unit_name_keeps_its_own_dash_and_an_id_does_not() -> None:
    assert lookalike("Durham \u2013 Darlington") is None
    assert lookalike("NE\u20130412") is None  # (an id's marks are told apart, not refused)
    assert lookalike("P\u20131", marks=True) == ("U+2013 EN DASH, which looks like '-'", "P-1")
    assert lookalike("P\u20141", marks=True) == ("U+2014 EM DASH, which looks like '-'", "P-1")
    assert lookalike("Ł1", marks=True) is None  # a Latin letter of its own, as before
    assert padding("P 1") is None
    assert padding("P\t\t1") == "2 tabs in a row"


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_half_precision_number_is_read_as_written(engine: str) -> None:
    # 22.2 is stored as 22.203125: read so, it was 0.0031 h over a contract of 22.2 h
    code, out, err = check_text("pt-staff.yaml", "parttime-timesheets.parquet",
                                cwd=HERE / "review" / "float16", engine=engine)  # fmt: skip
    assert (code, out, err) == (0, "", "")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_pandas_index_beside_the_column_of_its_field_is_not_read(engine: str) -> None:
    folder = HERE / "review" / "parquet-index"
    for data, rule in (("cases.parquet", "case-role-boundary [7a]"),
                       ("timesheets.parquet", "unrecompensed-hours [4c]")):  # fmt: skip
        code, out, err = check_text("staff.yaml", data, "--today", "2025-03-10", cwd=folder,
                                    engine=engine)  # fmt: skip
        assert (code, err) == (1, "")
        assert rule in out


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_half_precision_column_is_read_as_a_number(engine: str) -> None:
    code, out, err = check_text("--format", "json", "staff.yaml", "x-timesheets.parquet",
                                cwd=HOSTILE / "A4-float16", engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert [(f["rule"], f["subject"], f["period"]["start"], f["value"], f["line"])
            for f in json.loads(out)["findings"]] == [
        ("unrecompensed-hours", "P1", "2025-03-03", 4.0, 2)]  # fmt: skip


_UNIX = pytest.mark.skipif(sys.platform == "win32" or not os.path.exists("/dev/full"),
                           reason="/dev/full and sh's `2>&-` are Unix's")  # fmt: skip


def _status(shell: str) -> int:
    """The exit status of `workrules check` run by `sh -c` with the redirections of `shell`
    (`$W` is the command), in the folder of a rota with one 4c breach."""
    done = subprocess.run(["sh", "-c", shell.replace("$W", f"'{sys.executable}' -m workrules")],
                          cwd=HOSTILE / "A5-findings", check=False)  # fmt: skip
    return done.returncode


@_UNIX
@pytest.mark.parametrize("redirect", ["2>/dev/full >/dev/null", "2>&- >&-",
                                      "--format github >/dev/full 2>&1"])  # fmt: skip
def test_a_refused_run_exits_2_when_its_error_cannot_be_written(redirect: str) -> None:
    assert _status(f"$W check --no-config staff.yaml missing.yaml {redirect}") == 2


@_UNIX
@pytest.mark.parametrize("redirect", [">/dev/full 2>/dev/null", ">/dev/null 2>&-",
                                      ">/dev/full 2>&-", "--format json >/dev/full 2>/dev/null"])
def test_findings_exit_1_when_the_report_or_messages_cannot_be_written(redirect: str) -> None:
    assert _status(f"$W check --no-config staff.yaml rota.yaml {redirect}") == 1


@_UNIX
def test_a_full_standard_output_is_said_on_standard_error() -> None:
    done = subprocess.run(["sh", "-c", f"'{sys.executable}' -m workrules check --no-config "
                           "staff.yaml rota.yaml >/dev/full"], cwd=HOSTILE / "A5-findings",
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == ("workrules: the report could not be written to standard output "
                           "(No space left on device); the exit status is still the verdict\n")


@_UNIX
def test_a_table_in_an_ascii_locale_escapes_what_it_cannot_write() -> None:
    env = {**os.environ, "PYTHONUTF8": "0", "LC_ALL": "C", "LANG": "C"}
    env.pop("PYTHONIOENCODING", None)
    done = subprocess.run([sys.executable, "-m", "workrules", "check", "--no-config",
                           "--format", "table", "staff.yaml", "rota.yaml"],
                          cwd=HOSTILE / "A5-findings", env=env, capture_output=True,
                          check=False)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == b""
    assert b"\\u250c" in done.stdout  # the table's corner, as an escape
    assert b"unrecompensed-hours" in done.stdout


# ---------------------------------------------------------------- a rep's case file, round 36

SCENARIOS = HERE / "scenarios"


def test_a_grade_seconded_to_a_body_outside_the_service_is_refused_as_away() -> None:
    code, out, err = check_text("staff.csv", "--set", "span_of_control_max[SPO]=2",
                                cwd=SCENARIOS / "F1-seconded-to-hmip-not-refused")  # fmt: skip
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"workrules: staff.csv:{line}: staff[{line - 2}] ({who}): grade: '{grade}' says its "
        f"holder is away ('{said}'), not a grade: give their grade, and the absence in absences"
        for line, who, grade, said in (
            (2, "T01", "Seconded to HMIP", "Seconded to HMIP"),
            (3, "T02", "PO - Seconded to HMIP", "Seconded to HMIP"),
            (4, "T03", "PO Seconded to YOT", "Seconded to YOT"))]  # fmt: skip


@pytest.mark.parametrize(("title", "said"), [
    ("PO seconded to the YOT", "Seconded to the YOT"),
    ("PO seconded to Youth Offending Team", "Seconded to Youth Offending"),
    ("Seconded to Probation HQ", "Seconded to Probation HQ"),
    ("Seconded to the Home Office", "Seconded to the Home Office"),
    ("PO seconded to HM Inspectorate of Probation", "Seconded to HM Inspectorate"),
    ("PO - Secondment to the YOT", "Secondment to the YOT")])  # fmt: skip
def test_a_secondment_is_read_by_the_body_named(title: str, said: str) -> None:
    from workrules.model import title_status

    assert title_status(title) == ("away", said)


@pytest.mark.parametrize(("title", "grade"), [
    ("PO seconded to AP", "PO"), ("PSO (On Secondment from Police)", "PSO"),
    ("PO Seconded to Court Team", "PO"),
    # not refused: an unknown grade, said, and the run goes on
    ("PO seconded to Home Detention Curfew team", None),
    ("PSO Seconded to Police IOM team", None)])  # fmt: skip
def test_a_secondment_to_a_post_of_the_service_is_the_grade_held(title: str,
                                                                grade: str | None) -> None:
    from workrules.model import canonical_grade, title_status

    assert title_status(title) is None
    assert canonical_grade(title) == grade


def test_unpaid_hours_over_contract_leave_out_a_contract_given_as_an_fte() -> None:
    from workrules import indicators

    report = indicators([SCENARIOS / "F2-indicator-counts-fte-as-hours"], period="2025-03",
                        min_cell=2)  # fmt: skip
    (unpaid,) = [i for i in report.indicators if i.id == "unpaid_over"]
    national = [c for c in unpaid.cells if c.scope == "national" and c.group == "all"]
    assert [(c.people, round(c.level or 0, 2)) for c in national] == [(2, 3.4)]
    # (3 + 3.8) / 2: T02's 26 h against a "contract" of 0.6 h made it 10.73
    assert unpaid.caveat == (
        "1 staff member in post with contracted hours below 2 h a week left out, as `workrules "
        "check` leaves them out of 4c: read as hours a week, they would overstate the hours "
        "over contract (a full-time equivalent (1.0 for full time, 0.5 for half), hours a day "
        "(7.4 for 37 h a week) or a month's hours (160.33) look so); 2 of the 3 staff in post in "
        "the period returned a timesheet it reads (2 person-weeks, of the 10 weeks the 2 with "
        "contracted hours it counts were in post): the figure is the average of the weeks "
        "given, not of the staff's time in post, and a week with no timesheet is not a week "
        "with no hours over contract")  # (how few weeks the sheets cover: round 53, P4)


def test_hand_typed_numbers_are_refused_saying_what_to_write() -> None:
    code, out, err = check_text("staff.csv", "mappa_meetings.csv", "timesheets.csv",
                                "upw_sessions.csv",
                                cwd=SCENARIOS / "F6-refusals-without-what-to-write")  # fmt: skip
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "workrules: mappa_meetings.csv:2: level: 'MAPPA 2' is not a number; give the number "
        "alone: 2",
        "workrules: mappa_meetings.csv:3: level: 'L2' is not a number; give the number alone: 2",
        "workrules: timesheets.csv:2: hours_worked: '7 1/2' is not a number; write it as a "
        "decimal number: 7.5",
        "workrules: timesheets.csv:3: hours_worked: 'sick' is not a number; 'sick' says where "
        "the time went, not how much: give the hours as a number (0 for none); an absence "
        "(sickness, leave) goes in the staff file's absences",
        "workrules: timesheets.csv:4: toil_hours: 'TOIL' is not a number; 'TOIL' says where the "
        "time went, not how much: give the hours as a number (0 for none); an absence "
        "(sickness, leave) goes in the staff file's absences",
        "workrules: upw_sessions.csv:2: members: '10+1' is not a number; '10+1' is a sum: give "
        "one number"]  # fmt: skip


@pytest.mark.parametrize(("text", "hint"), [
    ("7½", "; write it as a decimal number: 7.5"), ("37 3/4", "; write it as a decimal number: "
    "37.75"), ("12/05", ""), ("2/3", ""), ("30/40", ""), ("training", ""),
    ("cat 1 lvl 2", "; give the number alone: 2"),
    ("3 + 2", "; '3 + 2' is a sum: give one number")])  # fmt: skip
def test_a_number_hint_reads_fractions_sums_and_levels(text: str, hint: str) -> None:
    from workrules.hints import number_hint

    assert number_hint(text) == hint


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_level_of_risk_reads_as_words_in_a_finding(engine: str) -> None:
    # (7a's sentence names what puts the case outside the boundary, of the RoSH, the MAPPA
    # level and the flags, as the condition says it: scenarios round 50, P1)
    code, out, _ = check_text("staff.csv", "cases.csv", "timesheets.csv",
                              cwd=SCENARIOS / "F7-report-words-for-a-manager",
                              engine=engine)  # fmt: skip
    assert code == 1
    assert out.splitlines()[:3] == [
        "cases.csv:2: case-role-boundary [7a] T02 (PSO) was allocated case X1, outside the role "
        "boundary of a PSO: the RoSH level is very high; such cases are held by Probation "
        "Officers (7a). Held from 2025-02-03 to 2025-03-13.",
        "    error: fails the run",
        "    subject X1; 2025-02-03 to 2025-03-13; measured the RoSH level is very high, limit "
        "not allowed"]  # fmt: skip


def test_a_row_pasted_twice_is_refused_as_one_record_given_twice() -> None:
    code, out, err = check_text("staff.csv", "cases.csv",
                                cwd=SCENARIOS / "F8-identical-duplicate-row-message")
    assert (code, out) == (2, "")
    assert err == ("workrules: cases.csv:3: case 'X123456' is given twice, the same in every "
                   "field: here and at cases.csv:2; delete one of the two\n")


# ---------------------------------------------------------------- job descriptions, round 40

JD = HERE / "jd"


@pytest.mark.parametrize(("name", "found"), [
    # a cap on the work gives it; an open list widens it
    ("psr-no-more-than.md", [("jd-psr-role-boundary", 6)]),
    ("cases-including-but-not-limited.md", [("jd-cases-role-boundary", 6)]),
    ("cases-including-but-not-limited-pqip.md", [("jd-cases-role-boundary", 6)]),
    # what waits on checks is still the post's report
    ("psr-once-checks-returned.md", [("jd-psr-role-boundary", 6)]),
    # "pick up" reads no object across a gap (review 46 found reception duties picked up), but
    # the cases right after it are its own (JDs, round 49: "taking on the domestic abuse cases")
    ("cases-pick-up.md", [("jd-cases-role-boundary", 6)]),
    # the TACT duty, not the links with counter-terrorism policing partners two lines before
    ("pso-from-april-2026-tact.md", [("jd-cases-role-boundary", 14)]),
    # denied in the passive
    ("psr-passive-never-fires.md", []), ("pso-never.md", []),
    ("cases-counter-terrorism.md", []),
    # eleven reports counted before "I line manage every one of them"
    ("span-counted-before-verb.md", []),
])  # fmt: skip
def test_a_duty_is_read_as_its_phrasing_gives_it(name: str, found: list[tuple[str, int]]
                                                 ) -> None:  # fmt: skip
    assert [(rule, line) for _, rule, line in jd_found(JD, name)] == found


def test_a_text_that_only_points_to_another_document_is_not_judged() -> None:
    from workrules import check

    result = check([JD / "unjudgeable-set-out-in.md"], select=["jd-*"])
    assert result.findings == ()
    reasons = {n.rule: n.reason for n in result.not_applied}
    assert reasons["jd-cases-role-boundary"].endswith(
        'unjudgeable-set-out-in.md only points to another document, or to one to come ("The '
        'duties of this post are set out in"), which is not given')


@pytest.mark.parametrize(("text", "found"), [
    # a cap's own "no" is excepted, never another's in its clause (review 46)
    ("You will hold no more than 35 cases and no cases assessed as high risk of serious harm.",
     False),
    ("Never hold cases assessed as high risk of serious harm, and hold no more than 40 cases in "
     "all.", False),
    ("Learners may not prepare PSRs on people assessed as high risk, other than under the "
     "direct supervision of their PTA.", True),
    # a passive denial is the post's only when said of the post
    ("You will prepare PSRs on defendants with a history of domestic abuse, which must not be "
     "delayed.", True),
    ("You will manage high risk of serious harm cases that will not be allocated to a PO.", True),
    ("PSRs on high risk cases are never prepared by the PSO.", False),
    # (a second review: only "never", the passive said of the post for ever)
    ("You will manage high risk of serious harm cases, which will not be allocated to you "
     "without SPO approval.", True),
    ("Domestic abuse cases will be held by the PSO, and MAPPA level 3 cases will not be "
     "allocated to the PSO.", True),
    # links the post builds stop the object before them, not a duty after them
    ("Maintain links with MAPPA partners and hold MAPPA level 2 cases.", True),
    ("The post holder will manage a caseload of low risk individuals and build links with "
     "counter-terrorism policing partners.", False),
    # people with links with organised crime are 7b's; links the post builds are not cases
    ("Prepare PSRs on defendants with links with organised crime groups.", True),
    ("Supervise people who have links with organised crime groups.", True),
    ("The PSO will pick up reception duties and cover the office when high risk cases report.",
     False),
    ("Refer any PSR on a defendant with a history of domestic abuse to the Court Probation "
     "Officer.", False),
    ("The post holder will hold no more than five high risk cases.", True),
    ("The post holder will hold no high risk cases.", False),
    ("Cases assessed as high risk will never be allocated to the PSO.", False),
    ("Pick up duty calls about high risk cases.", False),
    ("Duties as discussed at interview.", False),
])  # fmt: skip
def test_a_sentence_gives_the_post_the_work_or_not(text: str, found: bool) -> None:
    from conftest import claim_matcher

    pattern = ("reports_outside_role_boundary" if "PSR" in text
               else "cases_outside_role_boundary")  # fmt: skip
    assert bool(claim_matcher(pattern).every(text)) is found


# ---------------------------------------------------------------- the library, a first hour

def test_the_packages_modules_are_reached_as_the_docs_write_them() -> None:
    code = ("import workrules, sys; assert 'workrules.report' not in sys.modules; "
            "print(sorted(workrules.report.REPORTER_BY_NAME)); "
            "print(workrules.InputErrors.__mro__[1].__name__); "
            "print(hasattr(workrules, 'no_such_module'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "['codequality', 'csv', 'github', 'html', 'json', 'junit', 'sarif', 'table', 'text']",
        "InputError", "False"]


def test_indicators_with_no_dated_work_name_the_argument_or_the_option() -> None:
    import workrules

    staff = HOSTILE / "A5-findings" / "staff.yaml"
    with pytest.raises(workrules.UsageError) as err:
        workrules.indicators([staff])
    assert str(err.value) == ("the default period is the quarter of the latest timesheet, "
                              "absence, incident or count of unallocated cases, and the data "
                              "has none: give the period (period=, as '2024-Q2')")
    done = subprocess.run([sys.executable, "-m", "workrules", "indicators", str(staff)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("workrules: the default period is the quarter of the latest "
                           "timesheet, absence, incident or count of unallocated cases, and the "
                           "data has none: give --period\n")


def test_ids_that_share_a_mark_and_differ_in_padding_are_said_to_differ_in_padding(
        tmp_path: Path) -> None:  # fmt: skip
    (tmp_path / "staff.csv").write_text("id,name,grade,contracted_hours\nP1,Sam Reed,PSO,37\n")
    (tmp_path / "cases.csv").write_text("id,practitioner,rosh\nC\u20137,P1,low\n"
                                        "C\u201307,P1,low\n")  # fmt: skip
    code, out, err = check_text("staff.csv", "cases.csv", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == ("workrules: cases.csv:3: case C\u201307 and case C\u20137 (at cases.csv:2) "
                   "differ only in case or in the zeros that pad a number; write one case's id "
                   "the same way in every file ('C\u20137'), and give two cases ids that differ "
                   "in more than that\n")


@pytest.mark.parametrize(("text", "said"), [
    ("## Main duties\n\nThe duties of this post are set out in the national PSO job "
     "description.\n", "The duties of this post are set out in"),
    ("## Duties\n\nAs agreed with your line manager.\n", "As agreed with"),
    ("## Duties\nManage low risk cases; other duties as required.\n", None),
    ("Work within the role boundaries set out in the Tiering Framework document.", None),
])  # fmt: skip
def test_a_text_is_said_to_point_elsewhere_only_when_it_opens_so(text: str,
                                                                said: str | None) -> None:
    from workrules.textpattern import unreadable

    found = unreadable(text)
    assert found == (None if said is None else f'only points to another document, or to one '
                     f'to come ("{said}"), which is not given')
