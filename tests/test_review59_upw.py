"""Review 59: learners nobody counts, and a weekend inside leave, on the files in
fixtures/review59/upw/ (scenarios round 51, P1, P4 and P5):

- where some staff records give a field the data model expects (`datamodel.Field.expected`)
  and others it is expected of do not, a rule that counts by it names those that do not (the
  first five, and how many): a PQiP learner with no PTA (8d), a PSO with no assessor (8e), a
  PO with no line manager (9); not a learner who has qualified, nor a head of PDU others
  report to, nor the staff with no contracted hours that clause 3's rule reports for 4c;
- a Saturday or Sunday inside a Monday-to-Friday absence is no day of it, so a session on it
  is not named as work while away; a weekday of it, a weekend-only spell and a spell whose
  days count every day still are;
- a day whose group or supervisors change, split into sessions, gives 5a's findings for the
  parts and no 5c finding; a supervisor on two sites at once, as one session, gives 5a's.
"""

from __future__ import annotations

from datetime import date as _date
from pathlib import Path

import pytest
from conftest import partial_notices, run_workrules

from workrules import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review59" / "upw"
TODAY = _date(2025, 10, 6)
ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def _notices(folder: str, *set_values: str, engine: str = "auto") -> dict[str, str]:
    result = check([HERE / folder], set_values=set_values, today=TODAY, engine=engine)
    return dict(partial_notices(result))


# ---------------------------------------------------------------- an expected field left out

@ENGINES
def test_a_learner_with_no_pta_beside_learners_with_one_is_named(engine: str) -> None:
    staff = HERE / "learners" / "staff.yaml"
    result = check([staff], set_values=["pta_learners_max=2", "pso_assessees_max=2"],
                   today=TODAY, engine=engine)  # fmt: skip
    assert not result.findings
    said = {na.rule: na for na in result.not_applied if na.partial}
    assert said["pta-learners"].reason == (
        f"applied in part: 1 PQiP staff member gives no Practice Tutor Assessor, where others "
        f"do: L711 ({staff}:11); this rule counts per Practice Tutor Assessor, so it counted "
        f"them for none: give their pta (one who has qualified needs none: give their "
        f"qualified_on instead), or check them by hand")
    assert (said["pta-learners"].file, said["pta-learners"].line) == (str(staff), 11)
    # a PSO in assessment with no assessor, too; not L712 nor PSO813, who have qualified
    assert said["pso-assessees"].reason == (
        f"applied in part: 1 PSO staff member gives no PSO assessor, where others do: PSO812 "
        f"({staff}:15); this rule counts per PSO assessor, so it counted them for none: give "
        f"their pso_assessor (one who has qualified needs none: give their qualified_on "
        f"instead), or check them by hand")
    assert set(said) == {"pta-learners", "pso-assessees"}


def test_a_learner_qualified_after_the_day_judged_is_named() -> None:
    staff = HERE / "learners" / "staff.yaml"
    said = dict(partial_notices(check([staff], set_values=["pta_learners_max=2"],
                                      today=_date(2025, 6, 1))))  # fmt: skip
    assert said["pta-learners"].startswith(
        f"applied in part: 2 PQiP staff members give no Practice Tutor Assessor, where others "
        f"do: L711 ({staff}:11); L712 ({staff}:12); this rule counts per Practice Tutor "
        f"Assessor, so it counted each for none: give each one's pta ")


def test_a_grade_declared_like_pso_with_no_assessor_is_named() -> None:
    folder = HERE / "declared"
    said = dict(partial_notices(check([folder / "staff.yaml"], config=folder / "workrules.toml",
                                      set_values=["pso_assessees_max=2"], today=TODAY)))
    assert said == {"pso-assessees": (
        f"applied in part: 1 PSO staff member gives no PSO assessor, where others do: PSO821 "
        f"({folder / 'staff.yaml'}:7); this rule counts per PSO assessor, so it counted them "
        f"for none: give their pso_assessor (one who has qualified needs none: give their "
        f"qualified_on instead), or check them by hand")}


def test_past_five_learners_with_no_pta_are_counted() -> None:
    staff = HERE / "many" / "staff.yaml"
    said = _notices("many", "pta_learners_max=2")
    assert said == {"pta-learners": (
        f"applied in part: 7 PQiP staff members give no Practice Tutor Assessor, where others "
        f"do: L720 ({staff}:8); L721 ({staff}:9); L722 ({staff}:10); L723 ({staff}:11); L724 "
        f"({staff}:12); and 2 more; this rule counts per Practice Tutor Assessor, so it "
        f"counted each for none: give each one's pta (one who has qualified needs none: give "
        f"their qualified_on instead), or check them by hand")}


def test_a_po_with_no_line_manager_is_named_and_the_head_of_pdu_is_not() -> None:
    staff = HERE / "span" / "staff.yaml"
    said = _notices("span", "span_of_control_max[SPO]=6", "span_of_control_max[HEAD_OF_PDU]=6")
    assert said == {"span-of-control": (
        f"applied in part: 1 staff member gives no line manager, where others do: PO609 "
        f"({staff}:11); this rule counts per line manager, so it counted them for none: give "
        f"their line_manager, or check them by hand")}


def test_a_rule_reading_a_timesheets_contract_names_only_staff_with_timesheets() -> None:
    folder = HERE / "hours"
    result = check([folder / "staff.yaml", folder / "rota.yaml"], folder / "policy.wr",
                   today=TODAY)  # fmt: skip
    assert [(f.rule, f.subject) for f in result.findings] == [("over-contract", "S1")]
    assert partial_notices(result) == [("over-contract", (
        f"applied in part: 1 staff member gives no contracted hours, where others do: S3 "
        f"({folder / 'staff.yaml'}:8); this rule could not judge their timesheets by it: give "
        f"their contracted_hours, or check them by hand"))]


def test_4c_leaves_staff_with_no_contract_to_the_rule_that_reports_them() -> None:
    folder = HERE / "hours"
    result = check([folder / "staff.yaml", folder / "rota.yaml"], today=TODAY)
    assert [(f.rule, f.subject) for f in result.findings] == [
        ("unrecompensed-hours", "S1"), ("hours-without-contract", "S3")]
    assert not [n for n in partial_notices(result) if "where others do" in n[1]]


def test_the_scenarios_reproduction_names_the_learner_with_no_pta() -> None:
    staff = HERE / "learners" / "staff.yaml"
    done = run_workrules("check", "--no-config", "--today", "2025-10-06", "--format", "text",
                         "--set", "pta_learners_max=2", str(staff))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (f"  pta-learners [8d]: applied in part: 1 PQiP staff member gives no Practice Tutor "
            f"Assessor, where others do: L711 ({staff}:11); ") in done.stdout


# ---------------------------------------------------------------- a weekend inside leave

def test_a_weekend_session_inside_weekday_leave_is_not_work_while_away() -> None:
    rota, staff = HERE / "weekend" / "rota.yaml", HERE / "weekend" / "staff.yaml"
    said = _notices("weekend")
    upw = (
        f"applied in part: 3 unpaid work sessions name people the staff files show away all "
        f"that day: UPW-0814-ACK on 2025-08-14 ({rota}:7), CP118 away for annual leave from "
        f"2025-08-11 to 2025-08-22 ({staff}:11); UPW-0809-SAT on 2025-08-09 ({rota}:9), CP119 "
        f"away for sickness from 2025-08-09 to 2025-08-10 ({staff}:13); UPW-0817-SUN on "
        f"2025-08-17 ({rota}:11), CP120 away for annual leave from 2025-08-11 to 2025-08-17 "
        f"({staff}:15); this rule judged the work as theirs; if they were away, someone else "
        f"did it: give each unpaid work session under the people who did the work, or put the "
        f"absence right")
    assert said == {"upw-group-ratio": upw, "upw-contact-hours": upw}


def test_the_scenarios_saturday_inside_leave_is_not_named() -> None:
    rota, staff = HERE / "weekend" / "rota.yaml", HERE / "weekend" / "staff.yaml"
    done = run_workrules("check", "--no-config", "--today", "2025-10-06", "--format", "text",
                         str(staff), str(rota))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "UPW-0816-SAT" not in done.stdout
    assert "UPW-0814-ACK on 2025-08-14" in done.stdout


# ---------------------------------------------------------------- a day split into sessions

def test_a_day_split_where_its_group_or_supervisors_change_finds_each_part() -> None:
    rota = HERE / "split" / "rota.yaml"
    result = check([HERE / "split"], today=TODAY)
    assert [(f.rule, f.subject, f.file, f.line) for f in result.findings] == [
        ("upw-group-ratio", "UPW-0715-PM", str(rota), 8),
        ("upw-group-ratio", "UPW-0805-BIL-2", str(rota), 11)]  # (and no 5c: 7 h a day each)
    assert not partial_notices(result)


def test_one_supervisor_on_two_sites_at_once_as_one_session_breaks_the_ratio_only() -> None:
    result = check([HERE / "two-sites"], today=TODAY)
    assert [(f.rule, f.subject, f.message) for f in result.findings] == [(
        "upw-group-ratio", "UPW-0819-ESTON", "UPW-0819-ESTON on 2025-08-19 had 8 group members "
        "to 1 supervisor (CP111); from 2024-06-03 the ratio is at most 1:6 (5a).")]


def test_the_data_model_says_how_members_is_counted_and_when_to_split() -> None:
    text = (HERE.parents[2] / "docs" / "data-model.md").read_text()
    row = next(line for line in text.splitlines() if line.startswith("| Unpaid Work session"))
    assert "**`members`** (group size: the most members on site at once" in row
    assert "split the session" in row
