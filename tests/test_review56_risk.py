"""Review 56: records a rule skipped without a word (attack round 26, P3, P5, P6 and P7;
scenarios round 48, P2, P5 and P6), on the files in fixtures/review56/risk/:

- a PSO's or PQiP learner's tier A case with a RoSH of low or medium is named at the case's
  record by 7a's rule, which judged the RoSH and not the tier;
- Level 2 MAPPA meetings chaired by someone who is a MAPPA coordinator by neither grade nor
  role are named by 8b, with what the cap would have found;
- a newly qualified officer's case that 7a would fault in a PSO's hands is named, once, as not
  judged; so are caseholders of a grade 1.2i does not judge with no WMT reading, and PQiP
  learners held to the same case total as everyone;
- daily WMT readings above the ceiling, each spell broken by a short dip, that come back for
  longer than the grace are named;
- a line manager of a grade with no span cap is named with how many report to them and whom
  they report to.
"""

from __future__ import annotations

from datetime import date as _date
from pathlib import Path

import pytest
from conftest import partial_notices

from workrules import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review56" / "risk"


def _said(folder: str, *values: str, today: _date = _date(2025, 5, 1),
          engine: str = "auto") -> tuple[object, dict[str, str]]:  # fmt: skip
    result = check([HERE / folder], set_values=values, today=today, engine=engine)
    return result, dict(partial_notices(result))


# ---------------------------------------------------------------- 1: tier A beside a lower RoSH


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_tier_a_case_recorded_below_high_rosh_is_named_at_its_record(engine: str) -> None:
    result, said = _said("tier-a", engine=engine)
    alloc = str(HERE / "tier-a" / "allocation.yaml")
    # the tier A1 case recorded as high RoSH is a finding, judged by its RoSH, as before
    assert [(f.rule, f.subject) for f in result.findings] == [  # type: ignore[attr-defined]
        ("case-role-boundary", "D419217")]
    assert said["case-role-boundary"] == (
        "applied in part: 2 cases' tiers and risk of serious harm disagree: the tiering "
        "framework gives tier A to cases of the highest risk of harm, and the RoSH recorded "
        f"is low or medium: D419214 (DC420, tier A3, RoSH medium, {alloc}:4); "
        f"D419216 (DC421, tier a2, RoSH low, {alloc}:6); this rule judged the recorded "
        "RoSH, not the tier, so it found nothing in them; check each case's current OASys RoSH "
        "and its tier: a RoSH out of date is a case outside the role boundary; "
        # (and, with no MAPPA level or flags in the data, that it judged by RoSH alone:
        # scenarios round 50, P1)
        "no case in the data gives a MAPPA level other than 0, nor any flags, so this rule "
        "judged the cases it selected by their RoSH level alone, and passed 4 of them: "
        f"D419214 (DC420, RoSH level medium, {alloc}:4); D419215 (DC420, RoSH level medium, "
        f"{alloc}:5); D419216 (DC421, RoSH level low, {alloc}:6); D419219 (DC420, RoSH level "
        f"low, {alloc}:9); it forbids a case by its MAPPA level and flags too, whatever its "
        "RoSH level: give each case's mappa_level and flags, or check these cases by hand")
    notice = next(na for na in result.not_applied  # type: ignore[attr-defined]
                  if na.rule == "case-role-boundary")
    assert (notice.file, notice.line) == (alloc, 4)


# ---------------------------------------------------------------- 2: a chair who is no coordinator


def test_level_2_meetings_chaired_by_someone_not_a_coordinator_are_named_by_8b() -> None:
    result, said = _said("mappa-chair")
    rota = str(HERE / "mappa-chair" / "rota.yaml")
    assert result.findings == ()  # type: ignore[attr-defined]
    assert said["mappa-chairing-per-day"] == (
        "applied in part: 5 MAPPA meetings name as chair 2 staff members whom this rule does "
        "not judge (chair.grade = MAPPA_COORDINATOR or mappa_coordinator in chair.roles does "
        "not hold for them), so they were not judged: GM611 (SPO): 4 MAPPA meetings, and "
        f"judged they would give 1 finding: 3 (review, 2025-03-13; {rota}:4), against a limit "
        f"of 1; GM613 (PO): 1 MAPPA meeting ({rota}:9); if they do this work, record the grade "
        "or role this rule reads, and it will judge them")
    # a coordinator by role (GM612) is judged; a Level 1 meeting (GM613's second) is left out
    # by the rule's other condition, and not named; the rule over every level, its cap unset,
    # says so and nothing more
    assert "mappa-meetings-per-day" not in said


# ---------------------------------------------------------------- 3: groups no rule judges


def test_a_newly_qualified_officers_very_high_rosh_case_is_said_not_judged_once() -> None:
    result, said = _said("nqo", today=_date(2024, 6, 30))
    alloc = str(HERE / "nqo" / "allocation.yaml")
    assert result.findings == ()  # type: ignore[attr-defined]
    assert said["case-role-boundary"] == (
        "applied in part: clause 7a names the role boundary of the NQO (Newly qualified "
        "Probation Officer) too, and this rule judges PQiP and PSO only, so 1 case an NQO "
        "holds that it would fault for a PQiP or a PSO was not judged: CRN-U001 (U7001, rosh "
        f"very_high, {alloc}:4); the guidance that sets an NQO's boundary is not in the files: "
        "check it against that guidance")


def test_caseholders_of_a_grade_1_2i_does_not_judge_with_no_wmt_reading_are_named() -> None:
    _, said = _said("spo-caseload", "wmt_assessed_from=2024-04-01",
                    today=_date(2024, 6, 30))
    staff = str(HERE / "spo-caseload" / "staff.yaml")
    assert said["wmt-not-assessed"] == (
        "applied in part: 2 staff members hold cases but are of a grade this rule does not "
        "judge (grade in {PO, NQO, PQiP, PSO} does not hold for them), and have no WMT reading "
        f"in the data: G8001 (SPO, 3 cases, {staff}:5); G8002 (SPO_COURTS, 1 case, {staff}:6); "
        "their workload was not assessed under this rule")


def test_a_pqip_learners_cases_are_said_to_be_held_to_everyones_total() -> None:
    result, said = _said("pqip-cases", "cases_max=2", today=_date(2024, 6, 30))
    staff = str(HERE / "pqip-cases" / "staff.yaml")
    assert [f.subject for f in result.findings] == ["M4002"]  # type: ignore[attr-defined]
    assert said["cases-per-practitioner"] == (
        "applied in part: 1 PQiP learner's cases are held to the same limit as everyone's "
        f"(cases_max), not a learner's protected caseload, which the files do not give: M4002 "
        f"(3 cases, {staff}:7); check a learner's caseload against the PQiP workload "
        "guidance")


# ---------------------------------------------------------------- 4: daily readings, short dips


def test_daily_readings_above_the_ceiling_broken_by_short_dips_are_named() -> None:
    result, said = _said("wmt-daily")
    alloc = str(HERE / "wmt-daily" / "allocation.yaml")
    assert result.findings == ()  # type: ignore[attr-defined]
    assert said["wmt-over-ceiling"] == (
        "applied in part: 1 staff member's daily WMT readings were above the ceiling again and "
        "again, each spell broken by a dip shorter than the limit, for longer than the limit "
        "(7 days) in all: NN1101: 8 spells from 2025-02-03 to 2025-03-28, the dips 107% to "
        f"109% ({alloc}:5 and 7 more); no spell alone lasted longer, so none is a finding; "
        "check the readings that broke them")


# ---------------------------------------------------------------- 5: a deputy's reports


def test_a_line_manager_with_no_cap_is_named_with_their_reports_and_their_own_manager() -> None:
    _, said = _said("deputy", "span_of_control_max[SPO]=3")
    assert said["span-of-control"] == (
        "applied in part; not applied for grade PO: no cap for this grade (span_of_control_max "
        "has no entry for it, nor for its family; LC1210: 3 direct reports, and reports to "
        "LC1200 (SPO))")


def test_the_notices_stand_back_where_a_rule_of_the_clause_judges_tier_and_nqo() -> None:
    # a policy that judges a tier A case and an NQO's case by rules of 7a of its own: their
    # findings, and no notice saying the cases went unjudged
    policy = HERE / "with-tier-and-nqo-rules.wr"
    result = check([HERE / "tier-a", HERE / "nqo"], policy, today=_date(2024, 6, 30))
    assert sorted((f.rule, f.subject) for f in result.findings) == [
        ("case-role-boundary", "D419217"), ("case-role-boundary-nqo", "CRN-U001"),
        ("case-role-boundary-tier", "D419214"), ("case-role-boundary-tier", "D419216")]
    # (but for what no case gives: a MAPPA level or flags, scenarios round 50, P1)
    said = dict(partial_notices(result))["case-role-boundary"]
    assert said.startswith("applied in part: no case in the data gives a MAPPA level other "
                           "than 0, nor any flags, so this rule judged the cases it selected "
                           "by their RoSH level alone")
    assert "tiers and risk" not in said and "NQO" not in said
