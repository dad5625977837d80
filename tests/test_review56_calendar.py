"""Review 56: dates and settings that hid a breach without a word (attack round 25's
remainder: attack 48, P2, P5, P6 and P7), on the files in fixtures/review56/calendar/:

- an absence that excuses a person from 1.2i (no WMT reading needed in a month) is named
  where their own timesheets give hours worked in weeks inside it, or where it starts before
  2000 or runs past 2100, as no record of work does; it is still read as written (the
  language's `require some` counts absences alone, and the codebase names records that
  disagree rather than choosing one: data-model.md);
- with `holding at most`, a stretch of Saturday and Sunday alone between two readings (a
  daily export's weekend) ends no spell; a stretch with a working day in it still does, and
  is named;
- a rule's `from` date later than every record it reads (a config's `upw_ratio_from =
  2030-01-01`) is said, with where it was set, where the rule judged nothing;
- `24-06-03` is hinted both ways, year first and day first; `W23 2024` is hinted as the ISO
  week it may be.
"""

from __future__ import annotations

import os
from datetime import date as _date
from pathlib import Path

import pytest
from conftest import partial_notices, run_workrules

from workrules import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review56" / "calendar"
TODAY = _date(2024, 12, 1)
ASSESSED = ["wmt_assessed_from=2024-01-01"]


def _notice(result: object, rule: str) -> tuple[str, bool, str, int]:
    said = [na for na in result.not_applied if na.rule == rule]  # type: ignore[attr-defined]
    assert len(said) == 1, said
    return said[0].reason, said[0].partial, said[0].file, said[0].line


# ------------------------------------------------------- an absence the data shows is wrong

@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_absence_over_weeks_worked_is_named_with_the_weeks(engine: str) -> None:
    folder = HERE / "leave-over-work"
    result = check([folder], set_values=ASSESSED, today=TODAY, engine=engine)
    assert not result.findings  # (read as written: May needed no reading)
    staff, rota = folder / "staff.yaml", folder / "rota.yaml"
    assert _notice(result, "wmt-not-assessed") == (
        f"applied in part; an absence excused a month from needing a WMT reading, though the "
        f"data says it may be wrong: PO1's annual leave from 2024-05-01 to 2024-05-31 "
        f"({staff}:9) excused May 2024, and their timesheets give hours worked in weeks inside "
        f"it: 37 h in the week of 2024-05-06 ({rota}:4), 37 h in the week of 2024-05-13 "
        f"({rota}:5), 37 h in the week of 2024-05-20 ({rota}:6); the absence was read as "
        f"written: if they were at work, or its dates are wrong, correct it, and the month is "
        f"judged", True, str(staff), 9)


def test_an_absence_from_1900_to_2999_over_weeks_worked_is_named_with_both() -> None:
    folder = HERE / "absence-1900-2999"
    result = check([folder], set_values=ASSESSED, today=TODAY)
    assert not result.findings
    staff, rota = folder / "staff.yaml", folder / "rota.yaml"
    assert _notice(result, "wmt-not-assessed") == (
        f"applied in part; an absence excused months from needing a WMT reading, though the "
        f"data says it may be wrong: PO1's special leave from 1900-01-02 to 2999-12-31 "
        f"({staff}:9), which starts before 2000 and runs past 2100 as no record of work does, "
        f"excused 3 months (April 2024 to June 2024), and their timesheets give hours worked in "
        f"weeks inside it: 37 h in the week of 2024-04-08 ({rota}:4), 37 h in the week of "
        f"2024-05-13 ({rota}:5), 37 h in the week of 2024-06-10 ({rota}:6); the absence was "
        f"read as written: if they were at work, or its dates are wrong, correct it, and the "
        f"months are judged", True, str(staff), 9)


def test_an_absence_running_past_2100_is_named_with_no_timesheet() -> None:
    folder = HERE / "absence-far-out"
    result = check([folder], set_values=ASSESSED, today=TODAY)
    staff = folder / "staff.yaml"
    assert _notice(result, "wmt-not-assessed") == (
        f"applied in part; an absence excused months from needing a WMT reading, though the "
        f"data says it may be wrong: PO1's sickness from 2024-03-25 to 2999-12-31 ({staff}:9), "
        f"which runs past 2100 as no record of work does, excused 3 months (April 2024 to June "
        f"2024); the absence was read as written: if they were at work, or its dates are "
        f"wrong, correct it, and the months are judged", True, str(staff), 9)


def test_an_absence_with_no_week_worked_inside_it_is_read_in_silence() -> None:
    # a week begun before the leave, and weeks of leave with no hours: nothing to question
    result = check([HERE / "leave-not-worked"], set_values=ASSESSED, today=TODAY)
    assert not result.findings
    assert "wmt-not-assessed" not in dict(partial_notices(result))


def test_the_absence_notice_is_in_every_report_and_the_summary() -> None:
    folder = HERE / "leave-over-work"
    staff = (folder / "staff.yaml").as_posix()
    for fmt, said in (("text", "  wmt-not-assessed [1.2i]: applied in part; an absence excused"),
                      ("json", '"reason": "applied in part; an absence excused'),
                      ("sarif", '"text": "applied in part; an absence excused'),
                      ("github", f"::warning file={staff},line=9,title=workrules%3A "
                                 "wmt-not-assessed [1.2i] applied in part::an absence excused"),
                      ):  # fmt: skip
        done = run_workrules("check", "--no-config", "--today", "2024-12-01", "--set",
                             ASSESSED[0], "--format", fmt, str(folder))  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert said in done.stdout, fmt
        if fmt == "text":
            assert "none found, but 3 rules could not judge every record" in done.stdout


# ------------------------------------------------------------------- a weekend between readings

@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_weekend_between_daily_readings_ends_no_spell_held_a_day(engine: str) -> None:
    folder = HERE / "weekend-gap-holds"
    result = check([folder], config=folder / "workrules.toml", today=TODAY, engine=engine)
    assert [(f.rule, f.subject, f.period.describe()) for f in result.findings] == [
        ("wmt-over-ceiling", "PO1", "2024-06-03 to 2024-06-23")]
    assert result.findings[0].message.endswith(
        "(21 days; peak 126%); the claim (1.2k(i)) allows at most 7 days. At the last reading "
        "of the spell, a cut of 10% of WMT was needed to bring them back to 110%. 6 of these 21 "
        "days have no reading of their own: an earlier reading was carried forward over them.")
    assert "wmt-over-ceiling" not in dict(partial_notices(result))


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_weekend_and_a_monday_with_no_reading_still_end_a_spell_and_are_named(
        engine: str) -> None:  # fmt: skip
    folder = HERE / "weekend-and-monday-gap"
    result = check([folder], config=folder / "workrules.toml", today=TODAY, engine=engine)
    # the first week's five days alone are no breach; the second runs on over its weekend
    assert [(f.rule, f.subject, f.period.describe()) for f in result.findings] == [
        ("wmt-over-ceiling", "PO1", "2024-06-11 to 2024-06-23")]
    assert dict(partial_notices(result))["wmt-over-ceiling"] == (
        "applied in part; not judged for 1 stretch of days with no WMT reading standing (a "
        "reading stands for at most 1 day), inside a run of readings the rule's condition held "
        f"for: PO1 from 2024-06-08 to 2024-06-10 (after {folder / 'allocation.yaml'}:8); a "
        "spell may have gone on through it")


# --------------------------------------------------------------- a `from` date past the data

def test_a_config_date_after_every_session_says_the_rule_judged_none() -> None:
    folder = HERE / "ratio-from-2030"
    result = check([folder], config=folder / "workrules.toml", today=TODAY)
    assert not result.findings
    config = os.path.relpath(folder / "workrules.toml")  # (as the config names it)
    assert _notice(result, "upw-group-ratio") == (
        f"not applied: upw_ratio_from is 2030-01-01 (set by {config}:2; the "
        f"policy's: 2024-06-03), after every unpaid work session in the data (1, dated "
        f"2024-09-14), so the rule judged none", False, str(folder / "rota.yaml"), 4)
    assert "upw-group-ratio" not in {u.rule for u in result.unread}


def test_a_config_date_after_every_month_of_readings_says_1_2i_judged_none() -> None:
    folder = HERE / "assessed-from-2999"
    result = check([folder], config=folder / "workrules.toml", today=TODAY)
    assert not result.findings
    config = os.path.relpath(folder / "workrules.toml")
    assert _notice(result, "wmt-not-assessed") == (
        f"not applied: wmt_assessed_from is 2999-01-01 (set by {config}:2; "
        f"the policy's: to be agreed), after the start of the last month in which the data has "
        f"a WMT reading (July 2024; 7 WMT readings in all), so the rule judged no month", False,
        str(folder / "allocation.yaml"), 4)


def test_a_date_past_the_data_is_said_in_the_text_report() -> None:
    folder = HERE / "ratio-from-2030"
    done = run_workrules("check", "--config", str(folder / "workrules.toml"), "--today",
                         "2024-12-01", "--format", "text", str(folder))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "  upw-group-ratio [5a]: not applied: upw_ratio_from is 2030-01-01" in done.stdout
    assert done.stdout.rstrip().endswith("0 findings from 9 rules of policy claim-2024 over 2 "
                                         "files; nothing to report.")  # fmt: skip


def test_a_from_date_within_the_data_says_nothing() -> None:
    # the policy's own upw_ratio_from (2024-06-03) is before the session: judged, as before
    folder = HERE / "ratio-from-2030"
    result = check([folder / "rota.yaml", folder / "staff.yaml"], today=TODAY)
    assert [(f.rule, f.subject) for f in result.findings] == [("upw-group-ratio", "UPW-77")]
    assert "upw-group-ratio" not in {na.rule for na in result.not_applied}


# -------------------------------------------------------------------------------------- hints

def test_a_two_digit_year_first_is_hinted_both_ways() -> None:
    folder = HERE / "two-digit-year"
    done = run_workrules("check", "--no-config", "--format", "text", str(folder))
    assert done.returncode == 2
    assert done.stderr == (
        f"workrules: {folder / 'rota.yaml'}:4: upw_sessions[0] (UPW-1).date: '24-06-03' is not "
        "a date in the form YYYY-MM-DD; write the year in four digits, as YYYY-MM-DD: year "
        "first, as in YYYY-MM-DD, it is 2024-06-03 (or 1924-06-03); day first, 2003-06-24 (or "
        "1903-06-24); which is meant is not guessed\n")


def test_a_week_number_before_its_year_is_hinted_as_an_iso_week() -> None:
    folder = HERE / "week-number-first"
    done = run_workrules("check", "--no-config", "--format", "text", str(folder))
    assert done.returncode == 2
    assert done.stderr == (
        f"workrules: {folder / 'tees-timesheets.csv'}:2: timesheets[0].week: 'W23 2024' is not "
        "a date in the form YYYY-MM-DD or an ISO week YYYY-Www; as an ISO week, write it "
        "2024-W23 (it starts on 2024-06-03); a week numbered otherwise (from April, as a "
        "financial year's are) is another week: give its Monday's date\n")


@pytest.mark.parametrize(("text", "hint"), [
    ("3/6/24", "; write the year in four digits, as YYYY-MM-DD ('24' could be 2024 or 1924)"),
    ("03-Jun-24", "; write the year in four digits, as YYYY-MM-DD ('24' could be 2024 or 1924)"),
    # (year first, no real day: day first alone, as before)
    ("24-13-05", "; write the year in four digits, as YYYY-MM-DD ('05' could be 2005 or 1905)"),
    ("24-02-30", "; write the year in four digits, as YYYY-MM-DD ('30' could be 2030 or 1930)"),
    # (day first, no real day: the year-first reading alone)
    ("31-06-03", "; write the year in four digits, as YYYY-MM-DD: year first, as in YYYY-MM-DD, "
                 "it is 2031-06-03 (or 1931-06-03)"),
    ("wk 23 2024", "; as an ISO week, write it 2024-W23 (it starts on 2024-06-03); a week "
                   "numbered otherwise (from April, as a financial year's are) is another "
                   "week: give its Monday's date"),
    ("W60 2024", ""),
])
def test_short_dates_and_week_numbers_are_hinted_as_they_can_be_read(text: str,
                                                                     hint: str) -> None:
    from workrules.hints import date_hint

    assert date_hint(text) == hint
