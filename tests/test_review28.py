"""Review 28: the claim's data rules on scenarios a probation unit lives and earlier reviews did
not try (fixtures/review28/README.md says what each tests and what it gave before and after):
learners who qualified mid-month holding cases allocated before, a newly qualified officer's
workload left unassessed, the turn of 2026 into 2027 (ISO week 53) with a PO acting up and a
MAPPA chair who had left, and a region's quarter across two PDUs. Each test runs real files and
asserts the exact report, under both engines; the reports under fixtures/review28/expected/
were read finding by finding against the claim."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text, run_workrules

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review28"
ENGINES = ["python", "columnar"]


def _expected(name: str) -> str:
    return (HERE / "expected" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_case_allocated_before_its_holder_qualified_is_reported_whatever_their_grade_now(
        engine: str) -> None:
    # 7a: Q1 (now PO, tutor taken off) and Q2 (now a newly qualified officer) were allocated
    # high and very high RoSH cases before qualifying on 14 December: reported as Q3's (still
    # PQiP on the record) is. C4 has no RoSH: said, not passed. C5 was opened on the day Q1
    # qualified and C6 is medium: neither. C7 is undated: judged as a PO's (their grade now).
    # Q2's report R1 before qualifying is 7's (7b); Q1's R2 after it is a PO's.
    assert check_text("--today", "2027-01-04", "staff.yaml", "allocation.yaml",
                      cwd=HERE / "qualified", engine=engine) == (
        1, _expected("qualified.txt"), "")


@pytest.mark.parametrize("engine", ENGINES)
def test_the_findings_on_cases_before_qualifying_name_the_day_allocated_and_the_grade_then(
        engine: str) -> None:
    _, out, _ = check_text("--today", "2027-01-04", "--select", "case-role-boundary-before-*",
                           "staff.yaml", "allocation.yaml", cwd=HERE / "qualified",
                           engine=engine)  # fmt: skip
    assert [line for line in out.splitlines() if not line.startswith(" ")] == [
        "allocation.yaml:4: case-role-boundary-before-qualifying [7a] Q1 (PO, qualified on "
        "2026-12-14) was allocated case C1 on 2026-12-01, while a PQiP learner: the RoSH "
        "level is high; outside a PQiP learner's role boundary, such cases are allocated to "
        "Probation Officers (7a). Held since 2026-12-01, and still on 2027-01-04 (the day "
        "judged).",
        "allocation.yaml:5: case-role-boundary-before-qualifying [7a] Q2 (NQO, qualified on "
        "2026-12-14) was allocated case C2 on 2026-11-20, while a PQiP learner: the RoSH "
        "level is very high; outside a PQiP learner's role boundary, such cases are allocated "
        "to Probation Officers (7a). Held from 2026-11-20 to 2026-12-09.",
        "allocation.yaml:7: case-role-boundary-before-qualifying-risk-unknown [7a] Q1 (PO, "
        "qualified on 2026-12-14) was allocated case C4 on 2026-12-02, while a PQiP learner, "
        "with no risk of serious harm recorded, so whether it is inside a PQiP learner's role "
        "boundary could not be judged (7a). Held since 2026-12-02, and still on 2027-01-04 "
        "(the day judged).",
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_newly_qualified_officers_workload_must_be_assessed_each_month(engine: str) -> None:
    # 1.2i: N2 ("Newly Qualified Officer", an NQO) has no reading in November: reported (it
    # was passed in silence, the rule naming only PO, PQiP and PSO). N3, an NQO on daily
    # readings on the last day of each month, and N4, who started mid-October, are assessed.
    assert check_text("--today", "2027-01-04", "--set", "wmt_assessed_from=2026-10-01",
                      "staff.yaml", "allocation.yaml", cwd=HERE / "nqo", engine=engine) == (
        1, _expected("nqo.txt"), "")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_grade_the_claim_does_not_know_is_said_never_passed(engine: str) -> None:
    done = run_workrules("check", "--no-config", "--format", "text", "--engine", engine,
                         "--today", "2027-01-04", "--set", "wmt_assessed_from=2026-10-01",
                         "--select", "wmt-not-assessed", "staff.yaml", "allocation.yaml",
                         cwd=HERE / "nqo")  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    assert ("  wmt-not-assessed [1.2i]: applied in part; not applied for unknown grades: this "
            "rule judges by grade, and this grade is not known, so their holders were not "
            "judged: SENIOR_PRACTITIONER (N5) (declare a grade of its own with 'grade NAME' in "
            "the policy or [grades] in workrules.toml)") in done.stdout.splitlines()


@pytest.mark.parametrize("engine", ENGINES)
def test_iso_week_53_and_new_year_are_one_week_of_the_claims_caps(engine: str) -> None:
    # 2026-W53 (28 Dec to 3 Jan) is the week of 2026-12-28 however it is written: P1's 1 h
    # (2 h over an 18.5 h contract, 1 h of it TOIL) and P2's 2 h are owed (4c); FAC1's five sessions across New
    # Year are over 8a's four, FAC2's three in it and one in 2027-W01 are not; UPW1's 8 h on
    # 31 December is at 5c's cap; U3 on New Year's Day is over 1:6 (5a). MC1 left on 29
    # December: two initial Level 2 meetings the next day are judged (8b) and reported (3).
    # MC2's initial, review and Level 3 meetings on one day are within 8b. P3 started on 30
    # December: 24 h in their first week is under contract.
    assert check_text("staff.yaml", "rota.yaml", cwd=HERE / "year-end", engine=engine) == (
        1, _expected("year-end.txt"), "")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_po_acting_up_as_line_manager_is_said_to_have_no_span_of_control(engine: str) -> None:
    done = run_workrules("check", "--no-config", "--format", "text", "--engine", engine,
                         "--set", "span_of_control_max[SPO]=2", "--select", "span-*",
                         "staff.yaml", cwd=HERE / "year-end")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    # (with how many report to them: attack round 26, P7; and those who give no line manager,
    # where others do, counted in no one's span: review 59)
    assert ("  span-of-control [9]: applied in part: 5 staff members give no line manager, where "
            "others do: MC1 (staff.yaml:11); MC2 (staff.yaml:12); UPW1 (staff.yaml:13); FAC1 "
            "(staff.yaml:14); FAC2 (staff.yaml:15); this rule counts per line manager, so it "
            "counted each for none: give each one's line_manager, or check them by hand; not "
            "applied for grade PO: no cap for this grade (span_of_control_max has no entry for "
            "it, nor for its family; AC1: 3 direct reports)") in done.stdout.splitlines()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_regions_quarter_is_judged_unit_by_unit(engine: str) -> None:
    # 1.1g: X1 is South PDU's (their own unit), listed in both staff files: their reading
    # counts in South's week, not North's, and they fill none of North's funded PO posts. N2's
    # 1.15 is a percentage written as a fraction (3); N2 started on 12 February, so January
    # and February are not judged under 1.2i.
    assert check_text("--today", "2025-04-01", "--set", "wmt_assessed_from=2025-01-01",
                      "--set", "safeguard_wmt_mean_max=100", "--set",
                      "safeguard_vacancies_max=0", "--set", "safeguard_unallocated_max=10",
                      "staff-north.yaml", "staff-south.yaml", "allocation.yaml",
                      cwd=HERE / "region", engine=engine) == (1, _expected("region.txt"), "")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_grade_declared_like_a_claim_grade_is_held_to_that_grades_rules(engine: str) -> None:
    done = run_workrules("check", "-q", "--format", "text", "--engine", engine, "--today",
                         "2027-01-04", "--set", "wmt_assessed_from=2026-11-01", "staff.yaml",
                         "allocation.yaml", cwd=HERE / "declared")  # fmt: skip
    heads = [line for line in done.stdout.splitlines() if not line.startswith(" ")]
    assert (done.returncode, done.stderr) == (1, "")
    assert heads == [
        "allocation.yaml:6: case-role-boundary [7a] D2 (LOCAL_PSO) was allocated case C1, "
        "outside the role boundary of a LOCAL_PSO: the RoSH level is high; such cases are "
        "held by Probation Officers (7a). Held since 2026-11-02, and still on 2027-01-04 (the "
        "day judged).",
        "staff.yaml:4: wmt-not-assessed [1.2i] D1 (COURT_PO) has no WMT reading in November 2026, "
        "though in post throughout it; each workload is to be assessed regularly (1.2i).",
        "staff.yaml:5: wmt-not-assessed [1.2i] D2 (LOCAL_PSO) has no WMT reading in November 2026, "
        "though in post throughout it; each workload is to be assessed regularly (1.2i).",
        "", "Values set for this run, over the policy's (2):",  # (the config's grades, below)
    ]
    assert done.stdout.splitlines()[-2:] == [
        "  grade COURT_PO like PO (the policy's: not declared; set by workrules.toml:3)",
        "  grade LOCAL_PSO like PSO (the policy's: not declared; set by workrules.toml:4)"]
