"""Session 37: what the helpers found, on the files in fixtures/review47/.

- job descriptions, round 41 (who holds what): cases a manager hands to the post, a case kept
  once its risk rises, cover of an absent PO's caseload or of any case in the PDU, a key
  worker, duties after qualifying, line management under a structure or delegated away;
- scenarios, round 37 (working patterns): weekend contracts beside full-time ones, an SPO's
  working pattern beside the grade, columns for standby and travel time.
"""

from __future__ import annotations

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
    # a PQiP learner told what they will hold once qualified (as a PO)
    ("pqip-once-you-have-qualified.md", []),
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
def test_weekend_contracts_beside_full_time_ones_leave_no_one_unjudged(engine: str) -> None:
    # 7.5 h Saturday contracts beside a 37 h one: the middle value is below a week's, but 37 h
    # can be no day's, so the export is not read as hours a day and 4c judges everyone
    folder = SCENARIOS / "F1-middle-figure-drops-full-timers"
    code, out, err = check_text("--today", "2026-01-10", "staff.yaml", "rota.yaml", cwd=folder,
                                engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert [line for line in out.splitlines() if not line.startswith(" ")] == [
        "rota.yaml:4: unrecompensed-hours [4c] FT1 worked 40 h in the week of 2025-06-09, 3 h "
        "over their 37 h contracted, but only 0 h was given as TOIL or paid: 3 h unrecompensed "
        "(4c).",
        "rota.yaml:5: unrecompensed-hours [4c] WE1 worked 10 h in the week of 2025-06-09, 2.5 h "
        "over their 7.5 h contracted, but only 0.5 h was given as TOIL or paid: 2 h "
        "unrecompensed (4c)."]


def test_contracts_that_may_be_a_days_beside_a_weeks_are_said_to_be_read_as_a_weeks() -> None:
    from workrules import check

    folder = SCENARIOS / "F1-middle-figure-drops-full-timers"
    result = check([folder / "staff.yaml", folder / "rota.yaml"])
    reasons = {n.rule: n.reason for n in result.not_applied}
    assert reasons["unrecompensed-hours"] == (
        "applied in part: 2 staff members with contracted hours below 9 h (WE1 7.5 h, WE2 7.5 "
        "h), as hours a day would be, beside others that can only be a week's: this rule read "
        "them as hours a week, so what it found for them may be wrong; give contracted hours a "
        "week if they are a day's")
    done = run_workrules("indicators", str(folder), "--period", "2025-06", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert ("Read with care: 2 staff members in post with contracted hours below 9 h, as a "
            "day's would be, beside others that can only be a week's: read as hours a week, so "
            "the figure may be wrong (`workrules check` names them)") in done.stdout


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
        "staff.yaml:12: span-of-control [9] AU2 (SPO) line manages 3 people (T4, T5, T6); the "
        "span of control for the grade is 2 (9).")
    done = run_workrules("indicators", "staff.yaml", "--period", "2025-01", "--by", "grade",
                         "--min-cell", "2", cwd=folder)  # fmt: skip
    groups = {line.split("grade (occupation): ")[1].split()[0]
              for line in done.stdout.splitlines() if "grade (occupation): " in line}
    assert groups == {"PO", "PSO", "SPO"}


@pytest.mark.parametrize(("csv", "message"), [
    ("ap-timesheets.csv", "ap-timesheets.csv:1: the column 'on_call_hours' is not a field of "
     "timesheets records; the fields are staff, week, hours_worked, toil_hours, "
     "paid_excess_hours"),
    ("unit-timesheets.csv", "unit-timesheets.csv:1: the columns 'facility_time_hours', "
     "'travel_hours' are not fields of timesheets records; the fields are staff, week, "
     "hours_worked, toil_hours, paid_excess_hours"),
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
