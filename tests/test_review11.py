"""Review 11: scenarios and job descriptions written as managers, reps and HR write them, run
against the claim's policy. Each test names what a rep would expect; the fixtures are under
fixtures/review11/."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, check_text

from workrules.errors import PolicyError
from workrules.policy import load_policy
from workrules.textpattern import compile_pattern

HERE = FIXTURES / "review11"
ENGINES = ["python", "columnar"]


def findings(out: str) -> list[str]:
    """The first line of each finding in a text report."""
    return [line for line in out.splitlines() if line.startswith(("jd/", "staff/"))]


# ------------------------------------------------------------------------------ 9, JD text


@pytest.mark.parametrize("engine", ENGINES)
def test_health_and_safety_of_staff_is_not_line_management(engine: str) -> None:
    # "responsible for the health and safety of staff and visitors", "the welfare of staff":
    # every Business Manager and AP manager has it; it gives no span of control to state.
    code, out, err = check_text("jd/business-manager-health-and-safety.md", cwd=HERE,
                                engine=engine)  # fmt: skip
    assert (code, findings(out), err) == (0, [], "")


@pytest.mark.parametrize("engine", ENGINES)
def test_responsibility_for_a_team_is_line_management(engine: str) -> None:
    # "Has responsibility for the admin team (2 x SAO, 14 x Case Administrators)": line
    # management, and its span stated in the text, so jd-span-stated is met (review 13).
    code, out, err = check_text("jd/business-manager-admin-team.md", cwd=HERE, engine=engine)
    assert (code, err, findings(out)) == (0, "", [])


@pytest.mark.parametrize("engine", ENGINES)
def test_supervising_staff_as_cover_for_the_spo_still_needs_a_span(engine: str) -> None:
    # 9: any job description that refers to a responsibility for line management states the
    # span involved; supervision of staff while covering for the SPO is such a reference.
    code, out, err = check_text("jd/po-cover-for-spo.md", cwd=HERE, engine=engine)
    assert (code, err) == (1, "")
    assert findings(out) == [
        "jd/po-cover-for-spo.md:13: jd-span-stated [9] jd/po-cover-for-spo.md (Probation "
        "Officer (Senior Practitioner)) gives the post line management but states no span of "
        "control (9)."]


def test_welfare_and_responsibility_read_as_a_rep_reads_them() -> None:
    policy = load_policy()
    gives = compile_pattern(policy.patterns["line_management"], policy.words,
                            lambda message, pos: PolicyError(message),
                            policy.patterns).gives  # fmt: skip
    for text in [
        "Responsible for the health and safety of the office, and line manages two SAOs.",
        "The postholder will be responsible for the welfare and supervision of staff.",
        "Takes responsibility for a team of eight probation practitioners.",
    ]:
        assert gives(text), text
    for text in [
        "Responsible for the health and safety of staff and visitors.",
        "Has responsibility for ensuring the wellbeing of staff in the team.",
        "Takes responsibility for the safety of staff working alone in the community.",
    ]:
        assert not gives(text), text


# ------------------------------------------------------------------------------ 7b, JD text


@pytest.mark.parametrize("engine", ENGINES)
def test_a_report_written_as_hr_writes_it_is_a_pre_sentence_report(engine: str) -> None:
    # "PSR's" (the apostrophe plural) and "pre-sentance" (a common slip) are still reports.
    code, out, err = check_text("jd/pso-report-typo.md", "jd/pso-reports-as-written.md",
                                cwd=HERE, engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert findings(out) == [
        "jd/pso-report-typo.md:8: jd-psr-role-boundary [7b] jd/pso-report-typo.md (Probation "
        "Services Officer) gives a PSO pre-sentence reports on people outside the role "
        "boundary of the grade (7b).",
        "jd/pso-reports-as-written.md:11: jd-psr-role-boundary [7b] "
        "jd/pso-reports-as-written.md (Probation Services Officer (Courts)) gives a PSO "
        "pre-sentence reports on people outside the role boundary of the grade (7b)."]
    assert 'found "psr\'s on people assessed as high risk", line 11' in out
    assert 'found "pre sentance reports on people with a history of sexual offending"' in out


# ------------------------------------------------------------------------------ left to do


@pytest.mark.parametrize("engine", ENGINES)
def test_a_leaver_is_not_counted_with_who_came_after_them(engine: str) -> None:
    # A staff file kept for clause 3 lists leavers (left_on) and joiners (started_on). 8d, 8e
    # and 9 count the people allocated to someone at once: L1 left before L2 and L3 joined,
    # so A1 never had three learners, and M1 never six direct reports. P1 left with no
    # start date: in post before then, with P2, who has no dates at all.
    code, out, err = check_text(
        "staff/staff.yaml", "--set", "pta_learners_max=1", "--set", "pso_assessees_max=1",
        "--set", "span_of_control_max[SPO]=5", "--set", "span_of_control_max[HEAD_OF_PDU]=3",
        "--today", "2024-12-02", cwd=HERE, engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert out.split("\n\n")[0].splitlines() == [
        "staff/staff.yaml:8: pta-learners [8d] A1: Practice Tutor Assessor to 2 PQiP learners "
        "at once (L2, L3); the cap is 1 (8d). Over the cap since 2024-09-02, and still on "
        "2024-12-02 (the day judged); both were in post on 2024-09-02.",
        "    error: fails the run",
        "    subject A1; 2024-09-02 to 2024-12-02; measured 2, limit at most 1",
        "    evidence L2 (staff/staff.yaml:11), L3 (staff/staff.yaml:12)",
        "staff/staff.yaml:15: pso-assessees [8e] A2: assessor to 2 PSOs at once (P1, P2); cap 1 "
        "(8e).",
        "    error: fails the run",
        "    subject A2; -; measured 2, limit at most 1",
        "    evidence P1 (staff/staff.yaml:17), P2 (staff/staff.yaml:18)"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_span_at_the_cap_once_leavers_are_left_out_is_no_finding(engine: str) -> None:
    code, out, err = check_text("staff/staff.yaml", "--set", "span_of_control_max[SPO]=5",
                                "--set", "span_of_control_max[HEAD_OF_PDU]=3", cwd=HERE,
                                engine=engine)  # fmt: skip
    assert (code, findings(out), err) == (0, [], "")
    code, out, err = check_text("staff/staff.yaml", "--set", "span_of_control_max[SPO]=4",
                                "--set", "span_of_control_max[HEAD_OF_PDU]=3", "--today",
                                "2024-12-02", cwd=HERE, engine=engine)  # fmt: skip
    assert findings(out) == [
        "staff/staff.yaml:7: span-of-control [9] M1 (SPO): line manager to 5 people at once (A1, "
        "L2, L3, Q1, A2); the span of control for the grade is 4 (9). Over the cap since "
        "2024-09-02, and still on 2024-12-02 (the day judged); all 5 were in post on 2024-09-02."]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_report_written_before_its_author_qualified_is_a_pqip_learners(engine: str) -> None:
    """A PO's grade is today's: the report written five days before Q1 qualified was a PQiP
    learner's (7b); the one written after is a PO's."""
    code, out, _ = check_text("staff/staff.yaml", "staff/allocation.yaml", cwd=HERE,
                              engine=engine)  # fmt: skip
    assert code == 1
    assert findings(out) == [
        "staff/allocation.yaml:5: psr-role-boundary-before-qualifying [7] Q1 (PO, qualified on "
        "2024-06-15) wrote pre-sentence report R1 (sdr, 2024-06-10) as a PQiP learner, on a "
        "person outside a PQiP learner's role boundary: the person's RoSH level is high (7)."]
