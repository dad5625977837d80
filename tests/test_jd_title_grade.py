"""A job description's title against its grade (attack round 31, P4): a title that names a
PSO's or a PQiP learner's post over another grade is reported, at the first line its facts
name (the title's: its phrase is found at the title's own line, session 51); a title that
agrees with its grade, however written, is not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_workrules
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workrules.api import check

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "jd-title-grade"
SAID = ('{} is titled "{}", a PSO\'s or PQiP learner\'s post, but its grade is {}; the role '
        "boundary is judged by the grade, so correct one of them (7a).")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_title_naming_a_boundary_grade_over_another_grade_is_reported_at_the_title(
        engine: str) -> None:  # fmt: skip
    done = run_workrules("check", "--no-config", "--engine", engine, "--today", "2024-07-01",
                         "--format", "json", ".", cwd=HERE)  # fmt: skip
    assert done.returncode == 1, done.stderr
    found = [(f["rule"], f["clause"], f["severity"], f["subject"], f["file"], f["line"],
              f["message"]) for f in json.loads(done.stdout)["findings"]]  # fmt: skip
    assert found == [
        ("jd-title-grade", "7a", "warning", "./pso-court-graded-po.md", "./pso-court-graded-po.md",
         3, SAID.format("./pso-court-graded-po.md", "Probation Services Officer (Court)", "PO")),
        ("jd-cases-role-boundary", "7a", "error", "./pso-court-graded-pso.md",
         "./pso-court-graded-pso.md", 10,
         "./pso-court-graded-pso.md (Probation Services Officer (Court)) gives a PSO cases "
         "outside the role boundary of the grade (7a)."),
        ("jd-title-grade", "7a", "warning", "./trainee-graded-spo.md", "./trainee-graded-spo.md",
         3, SAID.format("./trainee-graded-spo.md", "Trainee Probation Officer", "SPO"))]


_TITLES = ["Probation Services Officer", "Probation Service Officer", "PSO", "Court PSO",
           "Trainee Probation Officer", "PQiP Learner", "Probation Services Officer (Trainee)",
           "Senior PSO", "Probation Services Officer (Public Protection)"]  # fmt: skip


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.sampled_from(_TITLES), grade=st.sampled_from(["PSO", "PQiP", "PO", "SPO"]))
def test_a_boundary_title_is_reported_exactly_when_its_grade_is_outside_the_boundary(
        tmp_path: Path, title: str, grade: str) -> None:  # fmt: skip
    jd = tmp_path / f"jd-{abs(hash((title, grade)))}.md"
    jd.write_text(f"---\nkind: job-description\ntitle: {title}\ngrade: {grade}\n"
                  "line_management: false\nspan_of_control: 0\n---\n## Main duties\n\n"
                  "Manage a caseload of people assessed as low risk of serious harm.\n",
                  encoding="utf-8")  # fmt: skip
    result = check([str(jd)], config=False, select=["jd-title-grade"])
    assert [(f.line, f.measured) for f in result.findings] == (
        [] if grade in ("PSO", "PQiP") else [(3, f"the grade is {grade}")])


# A title naming PSOs or learners as those the post teaches, assesses, manages or supports
# names no post of theirs (the review of session 51, P1); a learner's title written "Trainee
# PO" or in full names one (P7).
@pytest.mark.parametrize(("title", "grade", "reported"), [
    ("Practice Tutor Assessor (PQiP)", "SPO", False),
    ("PQiP Practice Tutor", "PO", False),
    ("PSO Line Manager", "SPO", False),
    ("Case Administrator - supporting PSOs", "PO", False),
    ("Senior Probation Officer (PSO team)", "SPO", False),
    ("Trainee PO", "SPO", True),
    ("Professional Qualification in Probation learner", "PO", True),
    ("PSO - Court", "PO", True),
    ("Probation Services Officer - Court", "PSO", False),
    ("Probation Officer (PQiP)", "PQiP", False),
    # a PSO's post named by its cases is theirs (JDs round 67, P2); one naming learners or PSOs
    # as those the post supports, administers or recruits (P4), or the PQiP as done (P6), is not
    ("PSO Case Manager", "PO", True),
    ("Case Manager (PSO)", "PO", True),
    ("PSO Offender Manager", "PO", True),
    ("Probation Services Officer - Case Manager", "PO", True),
    ("Probation Services Officer (Case Manager)", "NQO", True),
    ("PQiP Case Manager", "PO", True),
    ("Case Manager - PSO", "PO", True),
    ("PSO Case Manager", "PSO", False),
    ("PSO Line Manager", "SPO", False),
    ("PQiP Support Officer", "CASE_ADMIN", False),
    ("Business Support Officer (PSO team)", "CASE_ADMIN", False),
    ("PQiP Programme Officer", "CASE_ADMIN", False),
    ("PSO Recruitment Officer", "CASE_ADMIN", False),
    ("Learning and Development Officer (PQiP)", "CASE_ADMIN", False),
    ("Probation Services Officer (Resettlement Support Officer)", "PO", True),
    ("Newly Qualified Probation Officer (following PQiP)", "NQO", False),
    ("Probation Officer (post-PQiP consolidation year)", "NQO", False),
    ("Probation Services Officer (following PQiP)", "NQO", True),
])  # fmt: skip
def test_a_title_over_psos_or_learners_names_no_post_of_theirs(
        tmp_path: Path, title: str, grade: str, reported: bool) -> None:  # fmt: skip
    jd = tmp_path / "jd.md"
    jd.write_text(f"---\nkind: job-description\ntitle: {title}\ngrade: {grade}\n"
                  "line_management: false\nspan_of_control: 0\n---\n## Main duties\n\n"
                  "Write letters.\n", encoding="utf-8")  # fmt: skip
    for engine in ("python", "columnar"):
        result = check([str(jd)], config=False, select=["jd-title-grade"], engine=engine)
        assert [(f.line, f.measured) for f in result.findings] == (
            [(3, f"the grade is {grade}")] if reported else [])
