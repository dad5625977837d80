"""Session 34: what five helpers found, on the files in fixtures/review44/.

- a hostile repository, round 11: data a walk passed over unread (a job description named
  `.rst` or `.txt`, or whose front matter follows a blank line or a comment, or in a folder
  behind a committed `pyvenv.cfg`) and duties hidden in what GitHub shows (a ruby's empty
  annotation inside a word, an I drawn by a letter that is no capital, a word of look-alikes);
- job descriptions, round 38 (formal templates and specialist posts);
- dated caps: a count held at once judged day by day, a spell across a change of value;
- rules that read no record, said as such (first hour, session 33);
- a negotiator's diff and an analyst's figures.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import jd_found, run_workrules

import workrules
from workrules.textpattern import as_shown
from workrules.workforce import Window

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review44"
ENGINES = ["python", "columnar"]


def _repo(tmp_path: Path, folder: str) -> Path:
    """A copy of `folder` as a git work tree, every file added (as a pull request's are)."""
    shutil.copytree(HERE / "hostile" / folder, tmp_path, dirs_exist_ok=True)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    return tmp_path


# ---------------------------------------------------------------- a hostile repository, round 11


@pytest.mark.parametrize("suffix", ["rst", "adoc", "org", "txt"])
def test_a_walk_refuses_a_job_description_saved_under_a_name_it_does_not_read(
        tmp_path: Path, suffix: str) -> None:  # fmt: skip
    repo = _repo(tmp_path, "misnamed")
    for other in (repo / "job-descriptions").glob("pso.*"):
        if other.suffix != f".{suffix}":
            other.unlink()
    done = run_workrules("check", "--no-config", "--", "job-descriptions/", cwd=repo)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"workrules: job-descriptions/pso.{suffix}:1: starts with the front matter of workrules "
        f"data (kind: job-description) but is named 'pso.{suffix}', which workrules does not "
        "read as data: name it .md (a job description) or .yaml\n")


def test_a_walk_passes_over_other_files_unsaid(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "misnamed")
    for other in (repo / "job-descriptions").glob("pso.*"):
        other.unlink()
    (repo / "job-descriptions" / "README.rst").write_text("Job descriptions\n================\n")
    (repo / "job-descriptions" / "notes.txt").write_text("kind: of a note, not data\n")
    done = run_workrules("check", "--no-config", "--", "job-descriptions/", cwd=repo)
    assert (done.returncode, done.stderr) == (0, "")


def test_a_walk_refuses_front_matter_a_comment_stands_before(tmp_path: Path) -> None:
    # named, it was refused; walked, it was skipped as prose, and the gate passed
    repo = _repo(tmp_path, "late-front-matter")
    done = run_workrules("check", "--no-config", "--", "job-descriptions/", cwd=repo)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: job-descriptions/pso.md:1: a Markdown job description must start with YAML "
        "front matter between '---' lines; it has none: its first line is not '---'\n")


def test_a_committed_pyvenv_cfg_hides_no_folder(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "committed-pyvenv")
    done = run_workrules("check", "--no-config", "-q", "--", "job-descriptions/", cwd=repo)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.startswith("job-descriptions/team-a/pso.md:")
    # never added to git, a `pyvenv.cfg` alone proves no tool's folder: walked (attack round
    # 32, P5: where git's index cannot be read, such a marker hid a breach); with a virtual
    # environment's own folders beside it, the job description in it is said, never passed
    # over in silence
    subprocess.run(["git", "rm", "-q", "--cached", "job-descriptions/team-a/pyvenv.cfg"],
                   cwd=repo, check=True)  # fmt: skip
    done = run_workrules("check", "--no-config", "-q", "--", "job-descriptions/", cwd=repo)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.startswith("job-descriptions/team-a/pso.md:")
    (repo / "job-descriptions" / "team-a" / "lib" / "python3.12" / "site-packages").mkdir(
        parents=True)
    done = run_workrules("check", "--no-config", "--", "job-descriptions/", cwd=repo)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: job-descriptions/team-a/pso.md: is workrules data in a folder that "
        "pyvenv.cfg beside it marks as a tool's (a virtual environment or cache), which a walk "
        "does not enter: move the data out of that folder, or remove the marker\n")


@pytest.mark.parametrize("name", ["ruby.md", "capital-i-lisu.md", "capital-i-click.md",
                                  "whole-word-cyrillic.md"])  # fmt: skip
def test_a_duty_github_shows_is_read_as_shown(name: str) -> None:
    assert [(f, rule) for f, rule, _ in jd_found(HERE / "hostile", name)] == [
        (name, "jd-cases-role-boundary")]


@pytest.mark.parametrize(("written", "read"), [
    ("cases assessed as <ruby>hi<rt></rt>gh</ruby> risk", "cases assessed as high risk"),
    ("<ruby>high<rp>(</rp><rt>low</rt><rp>)</rp></ruby> risk", "high low risk"),
    ("THE POST HOLDER WILL MANAGE H\ua4f2GH RISK CASES", "THE POST HOLDER WILL MANAGE HIGH RISK "
     "CASES"),
    ("assessed as \ua4e7\ua4f2\ua4d6\ua4e7 risk of harm", "assessed as HIGH risk of harm"),
    ("manage cases assessed as \u04bb\u0456\u050d\u04bb risk", "manage cases assessed as high "
     "risk"),
    # a line of another language keeps its words
    ("\u0441\u043e\u0440 \u043c\u0438\u0440 \u0434\u043e\u043c", "\u0441\u043e\u0440 "
     "\u043c\u0438\u0440 \u0434\u043e\u043c"),
    ("x \u0441\u043e\u0440 y", "x \u0441\u043e\u0440 y"),  # too few English words to tell
    # a letter alone, or two, is a symbol or an initial, not a word in disguise
    ("the \u03b1 level of the \u03b2 cases", "the \u03b1 level of the \u03b2 cases"),
])  # fmt: skip
def test_text_is_read_as_a_reader_sees_it(written: str, read: str) -> None:
    assert as_shown(written) == read


# ------------------------------------------------------------------ job descriptions, round 38


@pytest.mark.parametrize(("name", "rule", "line"), [
    # a competency framework: its title and its numbered competencies head duties, not criteria
    ("competency-framework-title.md", "jd-cases-role-boundary", 10),
    ("numbered-competency.md", "jd-cases-role-boundary", 8),
    # "The Senior Probation Officers in the PDU are line managed by the post holder."
    ("staff-in-the-pdu-line-managed.md", "jd-line-management-contradicted", 7),
    # the caseload's in-boundary levels named first, then the case type the claim keeps
    ("low-and-medium-then-excluded-unless-directed.md", "jd-cases-role-boundary", 6),
    ("low-and-medium-and-da-cases.md", "jd-cases-role-boundary", 6),
])  # fmt: skip
def test_a_formal_template_s_duty_is_read(name: str, rule: str, line: int) -> None:
    assert jd_found(HERE / "jd", name) == [(name, rule, line)]


def test_a_span_counted_in_pqip_learners_is_stated() -> None:
    # "Line management of eight PQiP learners." states the span (9)
    assert jd_found(HERE / "jd", "span-in-pqip-learners.md") == []


# ------------------------------------------------------------------------------ dated caps


def _check(folder: Path, *args: str, engine: str) -> list[str]:
    """The findings' first lines (not the caps a local policy fills in, listed after them)."""
    done = run_workrules("check", "--no-config", "-q", "--engine", engine, *args, cwd=folder)
    assert done.stderr == ""
    found = done.stdout.split("\nValues set for this run", 1)[0]
    return [line for line in found.splitlines() if not line.startswith(" ")]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_count_held_at_once_is_judged_by_the_cap_in_force_on_its_days(engine: str) -> None:
    # M1 line managed 7 until R7 left on 2025-06-01, then 6. Cap 8, then 6 from 2025-07-01:
    # no breach (it was judged by today's 6 against the all-time peak of 7, dated 2024-01-08).
    folder = HERE / "dated" / "at-once"
    assert _check(folder, "--today", "2025-12-31", "--policy", "local.wr", "staff.yaml",
                  engine=engine) == []  # fmt: skip
    # cap 6, then 8: the 7 breached 6 until June 2025, whatever the run's day
    assert _check(folder, "--today", "2025-12-31", "--policy", "raised.wr", "staff.yaml",
                  engine=engine) == [
        "staff.yaml:4: span-of-control [9] M1 (SPO): line manager to 7 people at once (R1, R2, "
        "R3, R4, R5, R6, R7); the span of control for the grade is 6 (9). Over the cap from "
        "2024-01-08 to 2025-05-31; all 7 were in post on 2024-01-08."]
    # the 2025 total, reviewed quarterly (40, then 35 from April): P2 held 38 only until March
    assert _check(folder / "cases", "--today", "2025-06-30", "--policy", "local.wr",
                  "staff.yaml", "allocation.yaml", engine=engine) == [
        "allocation.yaml:4: cases-per-practitioner [2025] P1: 38 cases at once; the agreed total "
        "is 35 (2025 demands). Over the cap since 2025-04-01, and still on 2025-06-30 (the day "
        "judged); all 38 were held on 2025-04-01."]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_spell_runs_on_across_a_change_of_its_ceiling(engine: str) -> None:
    # P3 above 110% from 24 March to 3 April: above the old ceiling and the new (105% from
    # 28 March) alike; cut at the change it was two short spells, and no finding
    found = _check(HERE / "dated" / "spell", "--today", "2025-12-31", "--policy", "local.wr",
                   "--select", "wmt-over-ceiling", "staff.yaml", "allocation.yaml",
                   engine=engine)  # fmt: skip
    assert [line.split(" was above")[0] for line in found if ": wmt-over-ceiling" in line] == [
        "allocation.yaml:6: wmt-over-ceiling [1.2k(i)] P1 (PO)",
        "allocation.yaml:10: wmt-over-ceiling [1.2k(i)] P3 (PO)"]
    assert ("P3 (PO) was above 110% of WMT from 2025-03-24 to 2025-04-03 (11 days; peak 112%)"
            in found[1])  # fmt: skip


# -------------------------------------------------------------- rules that read no record


def test_a_job_description_check_names_what_it_did_not_read() -> None:
    done = run_workrules("check", "--no-config", "fixtures/example/jd/",
                         cwd=HERE.parents[1])  # fmt: skip
    lines = done.stdout.splitlines()
    # the caps of rules with nothing to judge (no rota, no caseload) are moot: not listed
    assert "Not applied (2 rules):" in lines
    assert lines[-3] == (
        "Nothing to check (47 rules): the data has no WMT readings, timesheets, unpaid work "
        "sessions, pre-sentence reports, programme sessions, MAPPA meetings, SFO reviews, staff "
        "members, cases, counts of unallocated cases, establishment entries or absences, the "
        "records they judge.")
    assert lines[-1] == ("1 finding from 11 rules of policy claim-2024 over 3 files; 1 fails the "
                         "run (--fail-on warning).")  # fmt: skip


def test_a_rule_that_read_nothing_is_a_skipped_junit_case_not_a_pass() -> None:
    from junitparser import JUnitXml, Skipped

    done = run_workrules("check", "--no-config", "--format", "junit", "fixtures/example/jd/",
                         cwd=HERE.parents[1])  # fmt: skip
    suites = {s.name: s for s in JUnitXml.fromstring(done.stdout)}
    # (one case for the 44 rules that read nothing, not one each: a first hour, round 53, P9)
    (case,) = suites["nothing to check"]
    assert case.name == "rules with no records to judge"  # (one name: the review of
    # session 53, P8)
    assert [(type(r), r.message[:56]) for r in case.result] == [
        (Skipped, "47 rules read no records: the data has no WMT readings, ")]
    assert "wmt-over-ceiling [1.2k(i)]: the data has no WMT readings" in case.system_out
    (case,) = suites["jd-cases-role-boundary"]
    assert case.result == []  # it read the job descriptions, and found nothing: a pass


def test_the_json_report_lists_the_rules_that_read_nothing() -> None:
    result = workrules.check([HERE.parents[1] / "fixtures" / "example" / "jd"])
    report = json.loads(result.to_json())
    assert list(report)[-8:-4] == ["unread", "today", "files_not_read", "exit_code"]
    assert report["unread"][0] == {"rule": "wmt-over-ceiling", "clause": "1.2k(i)",
                                   "records": "WMT readings"}  # fmt: skip
    assert {u.rule for u in result.unread}.isdisjoint({na.rule for na in result.not_applied})


# ------------------------------------------------------------------ negotiators and analysts


@pytest.mark.parametrize(("number", "hint"), [
    ("1e3", "('e3'): 1000"), ("25e2", "('e2'): 2500"), ("5e-2", "('e-2'): 0.05"),
    # session 35: with decimals, and too large
    ("1.5e2", "('e2'): 150"), ("2.5e3", "('e3'): 2500"),
    ("1e10", "('e10'): 1e10 is too large a number (the largest accepted is 1,000,000,000)"),
    ("1e400", "('e400'); the largest accepted is 1,000,000,000"),
])  # fmt: skip
def test_an_exponent_s_hint_writes_the_number_it_means(tmp_path: Path, number: str,
                                                       hint: str) -> None:  # fmt: skip
    (tmp_path / "p.wr").write_text(f"policy p\nparam cap: count = {number}\n")
    done = run_workrules("check", "--no-config", "--policy", "p.wr", "x.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].endswith(
        f"a number is written out in full, without an exponent {hint}")


def test_a_set_written_in_another_order_is_no_change(tmp_path: Path) -> None:
    claim = (HERE.parents[1] / "policies" / "claim-2024.wr").read_text(encoding="utf-8")
    swapped = claim.replace("    forbid subject.rosh in {high, very_high}",
                            "    forbid subject.rosh in {very_high, high}").replace(
        "policy claim-2024 ", "policy claim-2024-swapped ")  # (a copy may not take its name)
    assert swapped != claim
    (tmp_path / "swapped.wr").write_text(swapped, encoding="utf-8")
    done = run_workrules("diff", "claim-2024", str(tmp_path / "swapped.wr"))
    assert done.returncode == 0, done.stdout


def test_a_finding_from_an_export_that_names_no_unit_carries_its_staff_member_s() -> None:
    result = workrules.check([HERE / "data" / "unit-from-staff"])
    assert [(f.rule, f.subject, f.unit) for f in result.findings] == [
        ("unrecompensed-hours", "P1", "North PDU 1"),
        ("unrecompensed-hours", "P2", "North PDU 2")]


def test_indicators_for_a_period_the_data_records_no_work_in_are_not_available() -> None:
    report = workrules.indicators([HERE.parents[1] / "fixtures" / "workforce"], "2023-Q1")
    assert {i.available for i in report.indicators} == {False}
    # (to the last day of a sickness that runs into July: session 44)
    assert report.indicators[0].reason == (
        "the data records nothing in 2023-Q1 (its timesheets, absences, incidents and counts "
        "run from 2024-02-05 to 2024-07-05, and the first day anyone started or left is "
        "2024-02-01): a figure for it would be a nought the data does not bear")
    # a staff list alone reaches to the day it was exported: its periods are its caller's
    staff_only = workrules.indicators([HERE.parents[1] / "fixtures" / "review6" / "formulas" /
                                       "hr-staff.csv"], "2024-Q2", min_cell=2)  # fmt: skip
    assert [i.id for i in staff_only.indicators if i.available] == ["turnover"]


def test_a_financial_year_is_compared_with_the_year_before_it_whole() -> None:
    # 365 days back from 2024-04-01..2025-03-31 started on 2023-04-02: a leaver on
    # 2023-04-01 fell out of the previous year
    year = Window(dt.date(2024, 4, 1), dt.date(2025, 3, 31), "2024-04-01..2025-03-31")
    before = year.previous()
    assert (before.start, before.end) == (dt.date(2023, 4, 1), dt.date(2024, 3, 31))
    days = Window(dt.date(2024, 4, 3), dt.date(2024, 4, 9), "a week")
    assert (days.previous().start, days.previous().end) == (dt.date(2024, 3, 27),
                                                            dt.date(2024, 4, 2))


def test_the_indicators_csv_writes_numbers_a_spreadsheet_reads_as_numbers() -> None:
    from workrules.workforce import Cell, Indicator, IndicatorReport
    from workrules.workforce_report import csv_text

    quarter = Window(dt.date(2024, 4, 1), dt.date(2024, 6, 30), "2024-Q2", "quarter")
    cell = Cell("national", "all", "all", 4801, 2677.0, 2604.0, 2.8, 2677.0, None)
    flexi = Indicator("flexitime", "Staff working to the flexitime instruction", "staff",
                      "staff", 0, True, None, (cell,))  # fmt: skip
    report = IndicatorReport(quarter, quarter.previous(), 10, 37.0, (), (flexi,))
    row = csv_text(report).splitlines()[1]
    # (a cell built with no counts behind it: `-` in round 53's columns)
    assert row == "flexitime,staff,national,all,all,4801,2677,2604,+2.8,2677,,,2024-Q2,-,-"


def test_an_expect_not_whose_period_its_rule_never_writes_fails_saying_how_it_writes_it() -> None:
    done = run_workrules("test", str(HERE / "policy-tests"))
    assert done.returncode == 1
    said = [line.strip() for line in done.stdout.splitlines() if line.startswith("    ")]
    assert said == [
        "! expect_not 'upw-contact-hours S1 week of 2024-06-03': 'week of 2024-06-03' is no "
        "period as the rule's findings write it (it counts by day: a day, 2024-06-04), so it "
        "tests nothing",
        "! expect_not 'upw-contact-hours S1 2024-06': '2024-06' is no period as the rule's "
        "findings write it (it counts by day: a day, 2024-06-04), so it tests nothing",
        "! expect_not 'programme-sessions-per-week S1 week of 2024-06-04': 'week of 2024-06-04' "
        "is no period as the rule's findings write it (it counts by week: 'week of "
        "2024-06-03', the week's Monday), so it tests nothing"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_leave_from_a_month_s_first_monday_covers_the_month(engine: str) -> None:
    # P3's parental leave from Monday 3 February 2025: 1-2 February are a weekend, and the
    # month was "no WMT reading in February 2025, though in post throughout it" (1.2i)
    assert _check(HERE / "data" / "leave-from-a-monday", "--today", "2025-11-15", "--set",
                  "wmt_assessed_from=2025-01-01", "--select", "wmt-not-assessed", ".",
                  engine=engine) == []  # fmt: skip


def test_a_dated_value_given_for_a_run_says_where_dated_values_are_written() -> None:
    done = run_workrules("check", "--no-config", "--set", "wmt_ceiling=110%, 105% from 2025-03-28",
                         "fixtures/example/jd/", cwd=HERE.parents[1])  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: --set wmt_ceiling=110%, 105% from 2025-03-28: 110%, 105% from 2025-03-28: a "
        "value set for a run holds for the whole of it; values that change on a date are "
        "written in a policy that extends this one: set wmt_ceiling = 110%, 105% from "
        "2025-03-28 (see docs/language.md, 'Dated values')\n")


def test_a_spell_a_laxer_offer_shortens_is_one_breach_both_flag() -> None:
    # readings 114, 114, 119, 121%: above 110% for 28 days, above 115% for the last 14 of them;
    # matched by period only, it was a breach only the claim flags and one only the offer does
    from workrules.policy_diff import impact

    folder = HERE / "impact-spell"
    found = impact(workrules.load_policy("claim-2024"),
                   workrules.load_policy(str(folder / "offer.wr")),
                   workrules.load_data([folder / "staff.yaml", folder / "allocation.yaml"]))
    assert (len(found.only_old), len(found.only_new), len(found.both)) == (0, 0, 1)
    (pair,) = found.both
    assert pair.old is not None and pair.new is not None
    assert (pair.old.when(), pair.new.when()) == ("2024-05-27 to 2024-06-23",
                                                  "2024-06-10 to 2024-06-23")


# ------------------------------------------------------------ the review of the session's change

REVIEW = HERE / "review"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_spell_breaches_the_stricter_grace_it_runs_into(engine: str) -> None:
    # 30 days' grace, then 7 from 28 March: above 110% for four weeks from 24 March breaches
    # the 7 (judged by the 30 of its first day only, it was passed)
    found = _check(REVIEW / "r11-spell", "--today", "2025-12-31", "--policy", "grace.wr",
                   "--select", "wmt-over-ceiling", "staff.yaml", "allocation.yaml",
                   engine=engine)  # fmt: skip
    assert found[0].startswith(
        "allocation.yaml:4: wmt-over-ceiling [1.2k(i)] P3 (PO) was above 110% of WMT from "
        "2025-03-24 to 2025-04-20 (28 days; peak 115%); the claim (1.2k(i)) allows at most 7 "
        "days.")


@pytest.mark.parametrize(("folder", "args", "found"), [
    # a minimum held at once (`at least`), dated: no window before the records is judged
    ("r3-atleast", ("--policy", "min.wr", "staff.yaml"), []),
    # reports no day dates: judged once, by the cap in force on the run's day
    ("r1-undated", ("--policy", "local.wr", "staff.yaml"), [
        "staff.yaml:4: span-of-control [9] M1 (SPO): line manager to 7 people at once (R1, R2, "
        "R3, R4, R5, R6, R7); the span of control for the grade is 6 (9)."]),
])  # fmt: skip
def test_a_dated_cap_on_a_count_at_once_judges_what_it_should(folder: str, args: tuple[str, ...],
                                                              found: list[str]) -> None:  # fmt: skip
    for engine in ENGINES:
        assert _check(REVIEW / folder, "--today", "2025-12-31", *args, engine=engine) == found


@pytest.mark.parametrize(("policy", "span"), [
    ("plain.wr", "from 2025-05-01 on"),
    # (dated: the cap of 8 ends on 31 December; the cap of 6 after it, after the run's day, is
    # not yet judged)
    ("dated.wr", "from 2025-05-01 to 2025-12-31 (the last day of this cap: it changes on "
                 "2026-01-01)")])  # fmt: skip
def test_reports_starting_after_the_run_s_day_count_whether_the_cap_is_dated_or_not(
        policy: str, span: str) -> None:  # fmt: skip
    assert _check(REVIEW / "r4-future", "--today", "2025-03-01", "--policy", policy,
                  "staff.yaml", engine="python") == [
        "staff.yaml:4: span-of-control [9] M1 (SPO): line manager to 9 people at once (R1, R2, "
        "R3, R4, R5, R6, R7, R8, R9); the span of control for the grade is 8 (9). Over the cap "
        # (a day after the run's: said as to come, scenarios round 50, P7)
        f"{span}, after the day judged (2025-03-01): planned, not yet in post; all 9 will be in "
        "post on 2025-05-01."]


def test_a_manager_s_span_finding_carries_the_manager_s_unit() -> None:
    folder = REVIEW / "r9-unit"
    result = workrules.check([folder / "staff.csv"], policy=str(folder / "p.wr"))
    assert [(f.rule, f.subject, f.unit) for f in result.findings] == [
        ("span-of-control", "M1", "Tees PDU")]  # (not Durham PDU, where its reports are)


def test_a_template_of_a_job_description_is_named_as_skipped_not_refused() -> None:
    done = run_workrules("check", "--no-config", ".", cwd=REVIEW / "r5-template")
    assert done.returncode == 1
    assert done.stderr == ("workrules: skipped 1 file that is not workrules data (first: "
                           "./templates/job-description.md.tmpl)\n")


def test_a_sarif_log_too_big_for_code_scanning_is_said(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from workrules import cli

    monkeypatch.setattr(cli, "SARIF_RESULTS_MAX", 5)  # (the example holds 10 findings)
    monkeypatch.chdir(HERE.parents[1] / "fixtures" / "example")
    assert cli.main(["check", "--no-config", "--format", "sarif", "-o", "/dev/null",
                     "staff.yaml", "rota.yaml", "allocation.yaml", "jd/"]) == 1
    assert capsys.readouterr().err == (
        "workrules: the SARIF log holds 10 results; GitHub code scanning rejects a run of more "
        "than 5 (and shows 5,000): upload one log per region, or --select the rules to show "
        "(docs/ci.md)\nworkrules: 10 findings from 44 rules of policy claim-2024 over 6 files; "
        "10 fail the run (--fail-on warning). The report is in /dev/null.\n")


def test_a_cap_agreed_from_a_date_before_every_record_leaves_nothing_applied_in_part() -> None:
    # cases_max = 45 from 2025-01-01, the one case opened 2025-02-01: "applied in part; cap
    # not yet agreed for earlier records" named records that do not exist
    folder = REVIEW / "dated-notice"
    result = workrules.check([folder / "staff.yaml", folder / "allocation.yaml"],
                             policy=str(folder / "policy.wr"), select=["cases-per-practitioner"],
                             today=dt.date(2025, 6, 1))  # fmt: skip
    assert (result.findings, result.not_applied) == ((), ())


def test_an_aggregate_by_another_name_is_refused_with_the_one_meant() -> None:
    done = run_workrules("check", "--no-config", "--policy", "aggregate-slip.wr", "x.yaml",
                         cwd=HERE / "policies")  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        "workrules: aggregate-slip.wr:8:21: 'average of' is no aggregate (did you mean 'mean "
        "of'?); the aggregates are sum of, max of, min of, mean of, latest of, number of, "
        "count of, share of")
