"""Review 56: part-time and flexible contracts the data model cannot express, said plainly, on
the files in fixtures/review56/parttime/ (scenarios round 47, P2, P4, P5 and P6):

- a working pattern's weeks (a nine-day fortnight, annualised hours), above and below the
  contract and averaging to it with no TOIL, are named by 4c as perhaps a pattern, with what
  to check, in every report; someone over their contract every week is not; the pattern
  recorded as TOIL (the route docs/data-model.md gives) is found repaid, with no notice;
- a job share's case exported under both partners is refused saying a case held jointly is
  recorded under one holder; a case passed on is refused as before;
- a weekend supervisor's 7.5 h, worked as three-day weeks in a summer's cover, is judged as
  a week's when most of the team on 7.5 h work it as one; one alone on a figure is left out,
  with advice that fits a figure given as a week's already;
- a second post in another PDU under the same id is refused saying each post needs its own id
  and what that does to the indicators;
- docs/data-model.md says what the model cannot express and how to record such staff.
"""

from __future__ import annotations

import json
from datetime import date as _date
from pathlib import Path

import pytest
from conftest import check_text, partial_notices, run_workrules

from workrules import check, indicators, load_data
from workrules.dataset import load_kept, working_patterns
from workrules.lazyrows import Rows

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review56" / "parttime"
DOCS = Path(__file__).resolve().parents[1] / "docs"
TODAY = _date(2025, 4, 1)


# ---------------------------------------------------------------- working patterns (P2)

PATTERN = (
    "applied in part: 2 staff members whose weeks worked go above and below their contracted "
    "hours and average to them, with no TOIL recorded (S3: 4 weeks of 32.9 h to 41.1 h against "
    "37 h, 37 h a week on average; S4: 4 weeks of 29 h to 45 h against 37 h, 37 h a week on "
    "average), as a working pattern's would (a nine-day fortnight, compressed or annualised "
    "hours): this rule judges each week alone against one weekly contract, so its findings "
    "about these may be hours a short week gave back; check their pattern, and give each "
    "week's hours in its row's hours_due (a long week's 41.1 h), or record the "
    "time off in a short week as TOIL in that week's row, with toil_recorded_late set to how "
    "long after the long week it may come, or check those weeks by hand; no timesheet in the "
    "data gives TOIL hours or paid excess hours other than 0, so each was read as having none; "
    "if the export leaves them out, this rule could not judge by them")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_working_pattern_s_weeks_are_named_as_perhaps_a_pattern_the_findings_standing(
        engine: str) -> None:  # fmt: skip
    folder = HERE / "pattern"
    result = check([folder / "staff.yaml", folder / "rota.yaml"], today=TODAY, engine=engine)
    # the findings stand: S3's long weeks, S4's, and S6's, who is over every week
    assert [(f.subject, f.value) for f in result.findings] == [
        ("S3", pytest.approx(4.1)), ("S3", pytest.approx(4.1)), ("S4", 8.0), ("S4", 8.0),
        ("S6", pytest.approx(7.8)), ("S6", pytest.approx(2.8)), ("S6", pytest.approx(7.8)),
        ("S6", pytest.approx(2.8))]
    said = [na for na in result.not_applied if na.rule == "unrecompensed-hours"]
    staff = str(folder / "staff.yaml")
    assert [(na.reason, na.partial, na.file, na.line) for na in said] == [
        (PATTERN, True, staff, 5)]
    # the rule that found nothing for them says nothing of a pattern
    assert not any("working pattern" in reason for rule, reason in partial_notices(result)
                   if rule != "unrecompensed-hours")  # fmt: skip


def test_someone_over_their_contract_every_week_is_no_pattern() -> None:
    data = load_data([HERE / "pattern" / "staff.yaml", HERE / "pattern" / "rota.yaml"])
    # S5 works their contract, S6 is over it every week: neither is a pattern
    assert [who for who, *_ in working_patterns(data, {"S3", "S4", "S5", "S6"})] == ["S3", "S4"]
    assert working_patterns(data, {"S6"}) == []


@pytest.mark.parametrize("keep", ["all", "none"])
def test_a_pattern_is_found_alike_on_records_kept_as_columns(
        keep: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # the same weeks as NDJSON, S4 with TOIL in one week: on the columns (`keep="all"`,
    # `lazyrows.Rows.untoiled_weeks`) as on the records, S3 alone is a pattern
    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)
    monkeypatch.setattr("workrules.dataset._COLUMNS_MIN", 0)
    folder = HERE / "pattern-json"
    data = load_kept([str(folder / "staff.yaml"), str(folder / "rota-timesheets.ndjson")], keep)
    assert isinstance(data.of("timesheet"), Rows) is (keep == "all")
    assert working_patterns(data, {"S3", "S4", "S5", "S6"}) == [
        ("S3", 4, 32.9, 41.1, pytest.approx(37.0), 37)]


@pytest.mark.parametrize(("form", "line"), [
    ("text", "  unrecompensed-hours [4c]: " + PATTERN),
    ("github", "::warning file=staff.yaml,line=5,title=workrules%3A unrecompensed-hours [4c] "
               "applied in part::" + PATTERN.removeprefix("applied in part: ")),
])  # fmt: skip
def test_the_pattern_notice_is_in_the_text_and_github_reports(form: str, line: str) -> None:
    done = run_workrules("check", "--no-config", "--today", "2025-04-01", "--format", form,
                         "staff.yaml", "rota.yaml", cwd=HERE / "pattern")  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert line in done.stdout.splitlines()


def test_the_pattern_notice_is_in_the_json_and_sarif_reports() -> None:
    args = ("check", "--no-config", "--today", "2025-04-01", "staff.yaml", "rota.yaml")
    done = run_workrules(*args, "--format", "json", cwd=HERE / "pattern")
    said = [na for na in json.loads(done.stdout)["not_applied"]
            if na["rule"] == "unrecompensed-hours"]  # fmt: skip
    assert [(na["reason"], na["partial"], na["file"], na["line"]) for na in said] == [
        (PATTERN, True, "staff.yaml", 5)]
    done = run_workrules(*args, "--format", "sarif", cwd=HERE / "pattern")
    notes = [n["message"]["text"] for run in json.loads(done.stdout)["runs"]
             for n in run["invocations"][0]["toolConfigurationNotifications"]]
    assert [text for text in notes if "working pattern" in text] == [PATTERN]


def test_a_pattern_recorded_as_toil_a_week_late_is_repaid_and_not_named() -> None:
    # the route docs/data-model.md gives: the short week's day off as TOIL in its own row,
    # with toil_recorded_late = "7 days" (workrules.toml)
    done = run_workrules("check", "--today", "2025-04-01", "--format", "text", "staff.yaml",
                         "rota.yaml", cwd=HERE / "pattern-toil")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert "toil_recorded_late 7 days (the policy's: 0 days; set by workrules.toml:2)" \
        in done.stdout  # fmt: skip
    assert "unrecompensed-hours" not in done.stdout and "working pattern" not in done.stdout


# ---------------------------------------------------------------- a job share's case (P4)

def test_a_case_held_by_two_at_once_is_refused_saying_to_record_it_under_one_holder() -> None:
    done = run_workrules("check", "--no-config", "staff.yaml", "allocation.yaml",
                         cwd=HERE / "jobshare-case")  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "workrules: allocation.yaml:7: case id 'C001' is used twice: here and at "
        "allocation.yaml:4; it is given to S1 there and to S2 here, both opened 2025-01-06, so "
        "held by the two at once: a case held jointly (a job share) is one holding, and cannot "
        "be given to two: record it under one holder alone; that holder's caseload then "
        "counts it, and productivity divides it by that holder's full-time equivalent alone",
        # with no dates, it may have been passed on too
        "workrules: allocation.yaml:8: case id 'C002' is used twice: here and at "
        "allocation.yaml:5; it is given to S1 there and to S2 here, both with no dates, so "
        "held by the two at once: a case held jointly (a job share) is one holding, and cannot "
        "be given to two: record it under one holder alone; that holder's caseload then "
        "counts it, and productivity divides it by that holder's full-time equivalent alone; "
        "if it was passed from one to the other, give each holding its own id, with its own "
        "opened and closed dates"]


def test_a_case_passed_on_is_refused_as_two_holdings_as_before() -> None:
    done = run_workrules("check", "--no-config", "staff.yaml", "allocation.yaml",
                         cwd=HERE / "handover-case")  # fmt: skip
    assert (done.returncode, done.stderr) == (2, (
        "workrules: allocation.yaml:6: case id 'C001' is used twice: here and at "
        "allocation.yaml:4; a case passed from one practitioner to another is two holdings: "
        "give each its own id, with its own opened and closed dates\n"))


# ---------------------------------------------------------------- a weekend contract (P5)

@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_weekend_contract_worked_as_three_day_weeks_is_judged_beside_the_team_s(
        engine: str) -> None:  # fmt: skip
    # W3's weeks (22.5, 22.5, 7.5) read 7.5 h as a day's alone; W4, W5 and W6 work their 7.5 h
    # as a week: it is a week's, and W3's 15 h over it each week are found
    code, out, err = check_text("--today", "2025-04-01", "staff.yaml", "rota.yaml",
                                cwd=HERE / "weekend-team", engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert [line for line in out.splitlines() if "[4c] W" in line] == [
        "rota.yaml:5: unrecompensed-hours [4c] W3 worked 22.5 h in the week of 2025-03-03, 15 h "
        "over their 7.5 h contracted, but 0 h of it was given as TOIL or paid: 15 h "
        "unrecompensed (4c).",
        "rota.yaml:6: unrecompensed-hours [4c] W3 worked 22.5 h in the week of 2025-03-10, 15 h "
        "over their 7.5 h contracted, but 0 h of it was given as TOIL or paid: 15 h "
        "unrecompensed (4c).",
        "rota.yaml:9: unrecompensed-hours [4c] W4 worked 15 h in the week of 2025-03-10, 7.5 h "
        "over their 7.5 h contracted, but 0 h of it was given as TOIL or paid: 7.5 h "
        "unrecompensed (4c)."]
    assert "as hours a day would be" not in out


def test_the_weekend_team_s_unpaid_hours_count_the_three_day_weeks() -> None:
    folder = HERE / "weekend-team"
    report = indicators([folder / "staff.yaml", folder / "rota.yaml"], period="2025-03",
                        min_cell=2)  # fmt: skip
    unpaid = next(i for i in report.indicators if i.id == "unpaid_over")
    # 15 + 15 + 7.5 h over contract in 9 person-weeks
    assert unpaid.cells[0].level == pytest.approx(37.5 / 9)
    assert "as a day's would be" not in (unpaid.caveat or "")


def test_one_alone_on_a_weekend_figure_is_left_out_with_advice_for_a_week_s_figure() -> None:
    # W3 is the only one on 7.5 h (the others' 7 h and 8 h are weeks): a day's or a week's
    # figure cannot be told apart, so 4c leaves them out, and says what to do if it is a week's
    folder = HERE / "weekend-alone"
    result = check([folder / "staff.yaml", folder / "rota.yaml"], today=TODAY)
    assert not result.findings
    assert dict(partial_notices(result))["unrecompensed-hours"].startswith(
        "applied in part: 1 staff member with contracted hours below 9 h (W3 7.5 h) and weeks "
        "of 2.5 times them worked or more, as hours a day would be, beside others that can "
        "only be a week's: this rule did not judge them (2 findings by the figure left out); "
        "give everyone's contracted hours a week; if it is a week's already (a weekend or "
        "one-day contract worked as extra days in most weeks given), the hours over it were "
        "not judged: check their weeks by hand; ")


# ---------------------------------------------------------------- a second post (P6)

def test_a_second_post_under_one_id_is_refused_saying_to_give_each_post_its_own_id() -> None:
    done = run_workrules("check", "--no-config", "tees", "durham", cwd=HERE / "second-post")
    assert (done.returncode, done.stderr) == (2, (
        "workrules: durham/staff.yaml:5: staff P10 is listed twice with different details: "
        "here and at tees/staff.yaml:5; contracted_hours is 14.8 here and 22.2 there; if they "
        "are one person's two posts (\"Tees North PDU\" there, \"Durham PDU\" here), give each "
        "post its own id (P10 and P10-2, say): each is then judged by its own contracted "
        "hours, and the indicators count each post as one person (the person twice in a "
        "headcount)\n"))


# ---------------------------------------------------------------- the data model's page

def test_the_data_model_says_what_it_cannot_express_and_how_to_record_such_staff() -> None:
    page = " ".join((DOCS / "data-model.md").read_text(encoding="utf-8").split())
    for said in ("cannot express a working pattern (a nine-day fortnight, compressed hours), "
                 "annualised hours, a term-time contract",
                 "give the time off in a short week as TOIL",
                 "or check each spell of one contract alone, a run for each",
                 "**A job share is two people.**", "Record it under one holder alone",
                 "**A second post is a record of its own.**",
                 "Give each post its own id (`P10` and `P10-2`)",
                 "the person counts twice in a headcount"):
        assert said in page, said
