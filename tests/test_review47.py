"""Session 37: what the helpers found, on the files in fixtures/review47/.

- job descriptions, round 41 (who holds what): cases a manager hands to the post, a case kept
  once its risk rises, cover of an absent PO's caseload or of any case in the PDU, a key
  worker, duties after qualifying, line management under a structure or delegated away;
- scenarios, round 37 (working patterns): weekend contracts beside full-time ones, an SPO's
  working pattern beside the grade, columns for standby and travel time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import check_text, jd_found, run_workrules

from workrules.errors import did_you_mean
from workrules.model import canonical_grade

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review47"
JD = HERE / "jd"
SCENARIOS = HERE / "scenarios"


# ---------------------------------------------------------------- job descriptions, round 41

@pytest.mark.parametrize(("name", "found"), [
    # a manager hands the cases to the post, the active voice of "will be allocated to"
    ("cases-spo-allocates-to-pso.md", [("jd-cases-role-boundary", 6)]),
    ("cases-reallocated-po-cases.md", [("jd-cases-role-boundary", 6)]),
    # a case the post keeps once its risk has risen is held (7a: under any circumstances)
    ("cases-retained-after-risk-rises.md", [("jd-cases-role-boundary", 6)]),
    ("cases-kept-risen-to-high.md", [("jd-cases-role-boundary", 6)]),
    # cover: any case in the PDU, the caseload of an absent PO
    ("cases-any-case-in-the-pdu.md", [("jd-cases-role-boundary", 6)]),
    ("cases-caseload-of-absent-po.md", [("jd-cases-role-boundary", 6)]),
    ("cases-key-worker-iom.md", [("jd-cases-role-boundary", 6)]),
    # ... and what stays someone else's: a case covered by the duty PO, cases handed to POs,
    # a case referred on once its risk rises, a key worker for Approved Premises residents
    ("cases-covered-by-duty-po.md", []),
    ("cases-handing-controls.md", []),
    # line management under a new structure is the post's; under the SPO, or delegated, not
    ("spo-under-the-new-structure.md", [("jd-span-stated", 6)]),
    ("spo-under-the-spo.md", []),
    ("spo-line-management-delegated.md", []),
])  # fmt: skip
def test_who_holds_the_work_is_read_from_how_it_reaches_the_post(
        name: str, found: list[tuple[str, int]]) -> None:  # fmt: skip
    assert [(rule, line) for _, rule, line in jd_found(JD, name)] == found


# ---------------------------------------------------------------- scenarios, round 37

@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_weekend_contracts_beside_a_full_time_one_are_judged_as_a_week_s(engine: str) -> None:
    # 7.5 h Saturday contracts beside a 37 h one: the middle value is below a week's, but 37 h
    # can be no day's, and WE1's week of 10 h worked shows 7.5 h to be a week's: 4c judges
    # both (WE2 has no timesheet)
    folder = SCENARIOS / "F1-middle-figure-drops-full-timers"
    code, out, err = check_text("--today", "2026-01-10", "staff.yaml", "rota.yaml", cwd=folder,
                                engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert [line for line in out.splitlines() if not line.startswith(" ")] == [
        "rota.yaml:4: unrecompensed-hours [4c] FT1 worked 40 h in the week of 2025-06-09, 3 h "
        "over their 37 h contracted, but 0 h of it was given as TOIL or paid: 3 h unrecompensed "
        "(4c).",
        "rota.yaml:5: unrecompensed-hours [4c] WE1 worked 10 h in the week of 2025-06-09, 2.5 h "
        "over their 7.5 h contracted, but 0.5 h of it was given as TOIL or paid: 2 h "
        "unrecompensed (4c)."]
    from workrules import check

    result = check([folder / "staff.yaml", folder / "rota.yaml"], engine=engine)
    assert "unrecompensed-hours" not in {n.rule for n in result.not_applied}


def test_an_export_in_hours_a_day_with_one_week_s_figure_makes_no_false_4c_breach(
        tmp_path: Path) -> None:  # fmt: skip
    # review 47: four staff on 7.4 (a day's) beside one typed 37 had 29.6 h a week unpaid each
    (tmp_path / "staff.yaml").write_text(
        "kind: staff\nunit: Tees\nstaff:\n" + "".join(
            f"  - {{id: S{i}, grade: PO, contracted_hours: 7.4}}\n" for i in range(1, 5))
        + "  - {id: S5, grade: PO, contracted_hours: 37}\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "rota.yaml").write_text(
        "kind: rota\nunit: Tees\ntimesheets:\n" + "".join(
            f"  - {{staff: S{i}, week: 2025-06-09, hours_worked: 37}}\n" for i in range(1, 6)),
        encoding="utf-8")  # fmt: skip
    code, out, err = check_text("--today", "2026-01-10", "staff.yaml", "rota.yaml",
                                cwd=tmp_path)  # fmt: skip
    assert (code, out, err) == (0, "", "")
    from workrules import check

    result = check([tmp_path / "staff.yaml", tmp_path / "rota.yaml"])
    reasons = {n.rule: n.reason for n in result.not_applied}
    assert reasons["unrecompensed-hours"].startswith(
        "applied in part: 4 staff members with contracted hours below 9 h (S1 7.4 h, S2 7.4 h, "
        "S3 7.4 h, S4 7.4 h) and weeks of 2.5 times them worked or more, as hours a day would "
        "be, beside others that can only be a week's: this rule did not judge them (4 findings "
        "by the figure left out); give everyone's contracted hours a week;")
    done = run_workrules("indicators", ".", "--period", "2025-06", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert ("Read with care: 4 staff members in post with contracted hours below 9 h and weeks "
            "of 2.5 times them worked or more, as a day's would be, beside others that can only "
            "be a week's: left out, as `workrules check` leaves them out of 4c (`workrules "
            "check` names them)") in done.stdout


@pytest.mark.parametrize(("written", "grade"), [
    ("SPO (Compressed Hours)", "SPO"), ("Senior Probation Officer (Phased Return)", "SPO"),
    ("SPO (4 day week)", "SPO"), ("SPO (Flexi)", "SPO"), ("SPO - Nights", "SPO"),
    ("SPO (Sessional)", "SPO"), ("SPO 9 Day Fortnight", "SPO"), ("SPO (Mon-Thu)", "SPO"),
    ("PO (Acting SPO 2 days)", "SPO"), ("PO (Compressed Hours)", "PO"),
    # a place beside an SPO still names the SPO's role (9c)
    ("Court SPO", "SPO_COURT"), ("SPO Approved Premises", "SPO_APPROVED_PREMISES"),
    ("UPW Supervisor (Weekends)", "CP_SUPERVISOR"),
])  # fmt: skip
def test_how_a_post_is_worked_is_no_part_of_its_grade(written: str, grade: str) -> None:
    assert canonical_grade(written) == grade


def test_an_spo_on_a_working_pattern_is_counted_as_an_spo() -> None:
    folder = SCENARIOS / "F2-spo-working-pattern-becomes-role"
    code, out, err = check_text("--set", "span_of_control_max[SPO]=2", "staff.yaml",
                                cwd=folder)  # fmt: skip
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        "staff.yaml:11: span-of-control [9] AU2 (SPO): line manager to 3 people at once (T4, T5, "
        "T6); the span of control for the grade is 2 (9).")
    done = run_workrules("indicators", "staff.yaml", "--period", "2025-01", "--by", "grade",
                         "--min-cell", "2", cwd=folder)  # fmt: skip
    groups = {line.split("grade (occupation): ")[1].split()[0]
              for line in done.stdout.splitlines() if "grade (occupation): " in line}
    assert groups == {"PO", "PSO", "SPO"}


@pytest.mark.parametrize(("csv", "message"), [
    ("ap-timesheets.csv", "ap-timesheets.csv:1: the column 'on_call_hours' is not a field of "
     "timesheets records; the fields are staff, week, hours_worked, toil_hours, "
     "paid_excess_hours, hours_due"),
    ("unit-timesheets.csv", "unit-timesheets.csv:1: the columns 'facility_time_hours', "
     "'travel_hours' are not fields of timesheets records; the fields are staff, week, "
     "hours_worked, toil_hours, paid_excess_hours, hours_due"),
])  # fmt: skip
def test_a_column_for_standby_or_travel_is_refused_without_a_name_that_would_hide_it(
        csv: str, message: str) -> None:  # fmt: skip
    # renamed as 'toil_hours', standby or travel would be time given back, hiding 4c's hours
    code, out, err = check_text("staff.yaml", csv, cwd=SCENARIOS / "F4-column-suggests-toil")
    assert (code, out, err) == (2, "", f"workrules: {message}\n")


@pytest.mark.parametrize(("word", "said"), [
    ("on_call_hours", ""), ("travel_hours", ""), ("standby_hours", ""),
    ("toil_hour", " (did you mean 'toil_hours'?)"),
    ("hours_workd", " (did you mean 'hours_worked'?)"),
    ("line_manger", " (did you mean 'line_manager'?)"),
])  # fmt: skip
def test_a_name_is_suggested_only_where_more_than_a_shared_word_is_alike(
        word: str, said: str) -> None:  # fmt: skip
    names = ["staff", "week", "hours_worked", "toil_hours", "paid_excess_hours", "line_manager"]
    assert did_you_mean(word, names) == said


# ---------------------------------------------------------------- a hostile repository, round 14

HOSTILE = HERE / "hostile"
_HIDDEN_BY_A_LINE_END = ("here ends a line to an editor or a forge's diff, but not to a policy, "
                         "where what follows it in a comment would be hidden from the checker: "
                         "end lines with a line feed")


@pytest.mark.parametrize(("policy", "where", "what"), [
    # `require members <= 6 # ...\r    and contact_hours <= 6 h`: a reviewer sees two caps
    ("cr-comment/local.wr", "8:61", "a carriage return (CR) with no line feed after it"),
    ("excerpt-line/cr.wr", "2:25", "a carriage return (CR) with no line feed after it"),
    ("excerpt-line/ls.wr", "2:25", "a line separator (U+2028)"),
])  # fmt: skip
def test_a_line_end_the_policy_grammar_does_not_count_is_refused(
        policy: str, where: str, what: str) -> None:  # fmt: skip
    code, out, err = check_text("--policy", policy, "staff.yaml", "rota.yaml", cwd=HOSTILE)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == f"workrules: {policy}:{where}: {what} {_HIDDEN_BY_A_LINE_END}"


def test_a_policy_with_windows_line_ends_is_read(tmp_path: Path) -> None:
    from workrules.policy import load_policy

    text = (HOSTILE / "diff-rounding" / "old.wr").read_text(encoding="utf-8")
    crlf = tmp_path / "crlf.wr"
    crlf.write_bytes(text.replace("\n", "\r\n").encode())
    assert [r.id for r in load_policy(str(crlf)).rules] == ["upw-group-size"]


def _beside_the_data(tmp_path: Path, **policies: str) -> Path:
    """`tmp_path` with the round's staff and rota files and the policies given by file name
    (`more_places_wr` is `more-places.wr`)."""
    for name in ("staff.yaml", "rota.yaml"):
        shutil.copy(HOSTILE / name, tmp_path / name)
    for name, text in policies.items():
        (tmp_path / (name.removesuffix("_wr").replace("_", "-") + ".wr")).write_text(
            text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("written", "places"), [("7.0000001", 7), ("7.4999", 4), ("7.125", 3)])
def test_a_policy_number_has_at_most_two_decimal_places(tmp_path: Path, written: str,
                                                        places: int) -> None:  # fmt: skip
    # `>= 7.0000001` was written "at least 7" by render, explain and a finding, and diff found
    # no difference from `>= 7`
    text = (HOSTILE / "diff-rounding" / "old.wr").read_text(encoding="utf-8")
    folder = _beside_the_data(tmp_path, more_places_wr=text.replace(">= 7", f">= {written}"))
    code, out, err = check_text("--policy", "more-places.wr", "staff.yaml", cwd=folder)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == (
        f"workrules: more-places.wr:7:23: {written} has {places} decimal places; a policy's "
        "numbers have at most 2, as a limit needs no more (round it, or write it as another "
        "unit)")
    code, _, err = check_text("--set", f"wmt_ceiling={written}", "staff.yaml", cwd=folder)
    assert (code, err) == (2, f"workrules: --set wmt_ceiling={written}: {written} has {places} "
                              "decimal places; a policy's numbers have at most 2, as a limit "
                              "needs no more (round it, or write it as another unit)\n")


def test_diff_writes_a_changed_number_exactly(tmp_path: Path) -> None:
    text = (HOSTILE / "diff-rounding" / "old.wr").read_text(encoding="utf-8")
    folder = _beside_the_data(tmp_path, a_wr=text.replace(">= 7", ">= 1000000.5"),
                              b_wr=text.replace(">= 7", ">= 1000004.5"))  # fmt: skip
    done = run_workrules("diff", "a.wr", "b.wr", cwd=folder)
    assert done.returncode == 1, done.stderr
    assert "members >= 1000000.5" in done.stdout and "members >= 1000004.5" in done.stdout
    assert "e+06" not in done.stdout


@pytest.mark.parametrize(("policy", "message"), [
    ("div-zero/div.wr", "div-zero/div.wr:8:25: members / (3 - 3) divides by 3 - 3, which is 0: "
     "nothing divided by 0 has a value, so the rule would never judge anything"),
    ("let-builtin/let.wr", "let-builtin/let.wr:8:9: 'value' is a name a rule's sentence reads "
     "(`{value}`, `{limit}`, ...), which a let of that name would never be read in place of; "
     "give it a name of its own"),
])  # fmt: skip
def test_a_rule_that_could_never_do_what_it_says_is_refused(policy: str, message: str) -> None:
    code, out, err = check_text("--policy", policy, "staff.yaml", "rota.yaml", cwd=HOSTILE)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == f"workrules: {message}"


def test_a_code_point_in_a_regex_is_not_read_as_a_repeat_count() -> None:
    code, _, err = check_text("--policy", "regex-msg/rx.wr", "staff.yaml", cwd=HOSTILE)
    assert code == 2
    assert "repeat count" not in err and "invalid escape sequence" in err


def test_a_policy_of_too_many_tokens_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    import time

    # a 1 MiB `1+1+...+1` was parsed for 22-29 s and 1 GB before its nesting was refused
    folder = _beside_the_data(tmp_path, plus_wr=(
        'policy mine "Mine"\nrule r\n    clause "5a"\n    title "t"\n    for each upw_session\n'
        f"    where members > {'+'.join(['1'] * 400_000)}\n    require members <= 6\n"
        '    say "x"\n'))  # fmt: skip
    started = time.perf_counter()
    code, out, err = check_text("--policy", "plus.wr", "staff.yaml", cwd=folder)
    took = time.perf_counter() - started
    assert (code, out) == (2, "")
    assert err.startswith("workrules: plus.wr:6:50006: the policy has more than 50,000 words, "
                          "numbers, quoted texts and signs (the claim's has about 10,000)")
    assert took < 60  # (a bound on the attack, not a benchmark: it took 22 s and more)


def test_a_sentence_s_name_read_in_part_is_refused_as_such(tmp_path: Path) -> None:
    # once "unknown name 'value' ... (did you mean 'value'?)"
    text = (HOSTILE / "diff-rounding" / "old.wr").read_text(encoding="utf-8")
    folder = _beside_the_data(tmp_path, part_wr=text.replace("({clause})", "{value.__class__}"))
    code, out, err = check_text("--policy", "part.wr", "staff.yaml", cwd=folder)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == ("workrules: part.wr:8:46: 'value' is said whole ({value}); "
                                   "it has no part '__class__'")


# ---------------------------------------------------------------- a first hour, round 37

def test_a_walk_says_it_did_not_read_word_and_excel_files(tmp_path: Path) -> None:
    # a rep's folder: the SPO's job description as a Word file was passed over unsaid
    shutil.copy(SCENARIOS / "F1-middle-figure-drops-full-timers" / "staff.yaml", tmp_path)
    shutil.copy(SCENARIOS / "F1-middle-figure-drops-full-timers" / "rota.yaml", tmp_path)
    (tmp_path / "jd").mkdir()
    (tmp_path / "jd" / "SPO job description.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "rota.xlsx").write_bytes(b"PK\x03\x04")
    done = run_workrules("check", "--no-config", "--today", "2026-01-10", ".", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        "workrules: did not read 2 files of a word processor, a spreadsheet or a PDF (first: "
        "./jd/SPO job description.docx): workrules reads a job description as Markdown (.md) "
        "and a sheet as CSV UTF-8; save any that hold data so\n")


@pytest.mark.parametrize(("written", "said"), [
    ("03/03/2025", "; write it as 2025-03-03"),
    ("03/04/2025", "; it may be day first (2025-04-03) or month first (2025-03-04), which is "
                   "not guessed"),
    ("2025-W1", "; that is the ISO week 2025-W01, which starts on 2024-12-30"),
    ("2025-W12", "; that is the ISO week 2025-W12, which starts on 2025-03-17"),
])  # fmt: skip
def test_a_date_that_reads_the_same_either_way_is_given_its_one_form(written: str,
                                                                      said: str) -> None:  # fmt: skip
    from workrules.hints import date_hint

    assert date_hint(written) == said


def test_the_select_option_takes_a_clause() -> None:
    folder = SCENARIOS / "F1-middle-figure-drops-full-timers"
    code, out, err = check_text("--today", "2026-01-10", "--select", "4c", "staff.yaml",
                                "rota.yaml", cwd=folder)  # fmt: skip
    assert (code, err) == (1, "")
    assert {line.split(" ")[1] for line in out.splitlines() if not line.startswith(" ")} == {
        "unrecompensed-hours"}


def test_the_html_report_lists_clauses_in_the_claim_s_order() -> None:
    from workrules.html_report import _clause_key

    assert sorted(["9", "7a", "1.2k(i)", "4c", "7", "8a", "2025", "1.1g", "10"],
                  key=_clause_key) == ["1.1g", "1.2k(i)", "4c", "7", "7a", "8a", "9", "10",
                                       "2025"]  # fmt: skip


# ---------------------------------------------------------------- the review of the change

REVIEW = HERE / "review"


@pytest.mark.parametrize(("name", "found"), [
    # records kept of cases are no cases kept
    ("k02.md", []), ("k03.md", []), ("k06.md", []),
    # cases handed on to someone the post's name only begins
    ("h03.md", []), ("h04.md", []),
    # cases the post manages, "including those normally covered by the duty PO"
    ("k27.md", [("jd-cases-role-boundary", 6)]), ("k28.md", [("jd-cases-role-boundary", 6)]),
    # line management delegated to the post, or under an SPO's leadership, is the post's
    ("u04.md", [("jd-span-stated", 6)]), ("u07.md", [("jd-span-stated", 6)]),
])  # fmt: skip
def test_the_review_s_sentences_are_read_as_they_were_before_the_change(
        name: str, found: list[tuple[str, int]]) -> None:  # fmt: skip
    assert [(rule, line) for _, rule, line in jd_found(REVIEW, name)] == found


def test_a_day_in_an_spo_s_role_is_kept_where_a_number_of_days_is_dropped() -> None:
    assert [canonical_grade(g) for g in ("SPO (Day Services)", "Day Centre SPO",
                                         "SPO (4 day week)", "SPO 9 Day Fortnight")] == [
        "SPO_DAY_SERVICES", "SPO_DAY_CENTRE", "SPO", "SPO"]  # fmt: skip
    code, out, _ = check_text("--set", "span_of_control_max[SPO_DAY_SERVICES]=2", "staff.yaml",
                              cwd=REVIEW / "grade-day-services")  # fmt: skip
    assert code == 1
    assert out.splitlines()[0].startswith("staff.yaml:4: span-of-control [9] M1 "
                                          "(SPO_DAY_SERVICES): line manager to 3 people")


@pytest.mark.parametrize(("word", "said"), [
    ("sfo_reviews_max", " (did you mean 'sfo_open_reviews_max'?)"),
    ("upw_hours_max", " (did you mean 'upw_contact_hours_max'?)"),
])  # fmt: skip
def test_a_name_with_a_word_left_out_is_still_suggested(word: str, said: str) -> None:
    assert did_you_mean(word, ["sfo_open_reviews_max", "upw_contact_hours_max"]) == said


def test_a_let_named_as_a_calendar_key_is_read_where_the_kind_has_none(tmp_path: Path) -> None:
    text = (HOSTILE / "diff-rounding" / "old.wr").read_text(encoding="utf-8")
    folder = _beside_the_data(tmp_path, weekly_wr=text.replace(
        "    forbid members >= 7", "    let week = 7\n    forbid members >= week"))  # fmt: skip
    code, out, err = check_text("--policy", "weekly.wr", "staff.yaml", "rota.yaml", cwd=folder)
    shutil.copy(HOSTILE / "diff-rounding" / "old.wr", folder)
    before = check_text("--policy", "old.wr", "staff.yaml", "rota.yaml", cwd=folder)

    def said(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith(" ")]

    assert (code, said(out), err) == (before[0], said(before[1]), before[2]) == (1, [
        "rota.yaml:12: upw-group-size [5a] Session U100 had 8 members (5a).",
        "rota.yaml:13: upw-group-size [5a] Session U101 had 7 members (5a).",
        "rota.yaml:14: upw-group-size [5a] Session U102 had 10 members (5a)."], "")


def test_two_carriage_returns_before_a_line_feed_are_named_so(tmp_path: Path) -> None:
    (tmp_path / "twice.wr").write_bytes(b'policy t "t"\r\r\n')
    code, _, err = check_text("--policy", "twice.wr", str(HOSTILE / "staff.yaml"),
                              cwd=tmp_path)  # fmt: skip
    assert code == 2
    assert err.startswith("workrules: twice.wr:1:13: a second carriage return (CR) before a "
                          "line feed (a file saved twice with Windows line ends?) here ends a "
                          "line to an editor or a forge's diff")


@pytest.mark.parametrize("name", ["n04.md", "n05.md", "n06.md", "n14.md", "n15.md"])
def test_cases_handed_to_someone_the_post_s_name_begins_or_only_recorded_are_not_held(
        name: str) -> None:  # fmt: skip
    # "Give any high risk cases to the PSO team manager", "Record any case in the PDU,
    # including domestic abuse cases, on the allocation tracker" (the second review)
    assert jd_found(REVIEW, name) == []


def test_a_text_whose_tasks_are_to_be_confirmed_is_not_judged() -> None:
    from workrules import check

    result = check([REVIEW / "s08.md"], select=["jd-*"])
    assert result.findings == ()
    assert "only points to another document, or to one to come" in {
        n.rule: n.reason for n in result.not_applied}["jd-span-stated"]


def test_a_shift_beside_an_spo_s_role_is_dropped_as_nights_is() -> None:
    assert [canonical_grade(g) for g in ("Approved Premises SPO (Days)",
                                         "Approved Premises SPO (Nights)")] == [
        "SPO_APPROVED_PREMISES", "SPO_APPROVED_PREMISES"]  # fmt: skip


def test_a_local_agreement_s_clause_comes_after_the_claim_s() -> None:
    from workrules.html_report import _clause_key

    assert sorted(["local 1", "9", "4c"], key=_clause_key) == ["4c", "9", "local 1"]
