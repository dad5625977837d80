"""Posts whose grade is ambiguous, shared or changing (JDs, round 67): what a learner or a PSO
is told they will do once qualified as a Probation Officer (P1), or in a spell of acting up as
one (P5), is a Probation Officer's work; a learner watching their own tutor is not doing the
work (P3); a title naming a PSO case manager is a PSO's (P2), and one naming learners or PSOs as
those the post supports, or the PQiP as done, is not (P4, P6). Each near miss of the fix is
kept a breach, and so is each probe of the review of session 52 (`r*`). (The titles one by one:
`tests/test_jd_title_grade.py`.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_workrules
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workrules.api import check

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "jd-ambiguous-grade"
TITLED = ('{} is titled "{}", a PSO\'s or PQiP learner\'s post, but its grade is {}; the role '
          "boundary is judged by the grade, so correct one of them (7a).")


def _cases(name: str, title: str, grade: str) -> str:
    return (f"./{name} ({title}) gives a {grade} cases outside the role boundary of the grade "
            "(7a).")


# The review of session 52's probes, each kept a breach (P1, P6) or a title of its grade (P2), or
# no jd-title-grade (P3).
# P1: "as a Probation Officer" before "you will" with no qualifying said, or qualifying ahead
_REVIEW_P1 = [("r1-pqip-before-qualifying.md", "PQiP Learner", "PQiP"),
              ("r1-pso-alongside-po.md", "Probation Services Officer", "PSO"),
              ("r1-pso-before-qualifying.md", "Probation Services Officer", "PSO"),
              ("r1-pso-same-as-po.md", "Probation Services Officer", "PSO"),
              ("r1-pso-while-training.md", "Probation Services Officer", "PSO")]
# P2: a PSO's title over grade PO naming the PSO's team or function after the grade
_REVIEW_P2 = [("r2-pso-business-support-po.md",
               "Probation Services Officer - Business Support Hub"),
              ("r2-pso-l-and-d-po.md", "Probation Services Officer (Learning and Development)"),
              ("r2-pso-programme-officer-po.md", "Probation Services Officer (Programme Officer)"),
              ("r2-pso-recruitment-po.md",
               "Probation Services Officer - Recruitment and Retention")]
# P3: an SPO's, a tutor's or a lead's title naming the PSO or PQiP case managers it manages
_REVIEW_P3 = [("r3-pta-pqip-case-managers.md", "Practice Tutor Assessor for PQiP Case Managers"),
              ("r3-qa-lead-case-managers-pso.md", "Quality Lead - Case Managers (PSO)"),
              ("r3-spo-of-pso-case-managers.md", "Senior Probation Officer - PSO Case Managers"),
              ("r3-team-manager-pso-case-managers.md",
               "Senior Probation Officer (Team Manager, PSO Case Managers)")]
# P6: covering a PO's cases ("while acting as PO cover") is no spell of acting up
_REVIEW_P6 = ["r6-pso-acting-as-po-cover-duty.md", "r6-pso-acting-as-po-cover-short.md"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_round_67_posts_of_ambiguous_grade_give_exactly_their_breaches(engine: str) -> None:
    done = run_workrules("check", "--no-config", "--engine", engine, "--today", "2024-07-01",
                         "--format", "json", ".", cwd=HERE)  # fmt: skip
    assert done.returncode == 1, done.stderr
    found = [(f["rule"], f["severity"], f["file"], f["line"], f["message"])
             for f in json.loads(done.stdout)["findings"]]  # fmt: skip
    assert found == [
        ("jd-psr-role-boundary", "error", "./b02-pqip-psr-mappa2.md", 11,
         "./b02-pqip-psr-mappa2.md (PQiP Learner) gives a PQiP pre-sentence reports on people "
         "outside the role boundary of the grade (7b)."),
        ("jd-title-grade", "warning", "./b03-pso-title-grade-po.md", 3,
         TITLED.format("./b03-pso-title-grade-po.md", "Probation Services Officer", "PO")),
        ("jd-cases-role-boundary", "error", "./b10-case-manager-pso-sexual.md", 7,
         _cases("b10-case-manager-pso-sexual.md", "Case Manager", "PSO")),
        ("jd-cases-role-boundary", "error", "./b11-offender-manager-pso-mappa2.md", 7,
         _cases("b11-offender-manager-pso-mappa2.md", "Offender Manager", "PSO")),
        ("jd-cases-role-boundary", "error", "./p1-pqip-once-qualified-no-po.md", 11,
         _cases("p1-pqip-once-qualified-no-po.md", "Learner", "PQiP")),
        ("jd-cases-role-boundary", "error", "./p1-pqip-qualified-then-semicolon.md", 11,
         _cases("p1-pqip-qualified-then-semicolon.md", "Learner", "PQiP")),
        ("jd-title-grade", "warning", "./p2-case-manager-pso-po.md", 3,
         TITLED.format("./p2-case-manager-pso-po.md", "Case Manager (PSO)", "PO")),
        ("jd-title-grade", "warning", "./p2-pso-case-manager-po.md", 3,
         TITLED.format("./p2-pso-case-manager-po.md", "PSO Case Manager", "PO")),
        ("jd-cases-role-boundary", "error", "./p3-pqip-shadow-then-manage.md", 11,
         _cases("p3-pqip-shadow-then-manage.md", "Learner", "PQiP")),
        ("jd-title-grade", "warning", "./p4-pso-resettlement-support-officer-po.md", 3,
         TITLED.format("./p4-pso-resettlement-support-officer-po.md",
                       "Probation Services Officer (Resettlement Support Officer)", "PO")),
        ("jd-cases-role-boundary", "error", "./p5-psos-act-up-no-spell.md", 11,
         _cases("p5-psos-act-up-no-spell.md", "Probation Services Officer", "PSO")),
        *[("jd-cases-role-boundary", "error", f"./{name}", 8, _cases(name, title, grade))
          for name, title, grade in _REVIEW_P1],
        *[("jd-title-grade", "warning", f"./{name}", 3, TITLED.format(f"./{name}", title, "PO"))
          for name, title in _REVIEW_P2],
        # the review's P3 probes give line management with no span: that finding is theirs, and
        # no jd-title-grade
        *[("jd-span-stated", "error", f"./{name}", 5,
           f"./{name} ({title}) gives the post line management but states no span of control "
           "(9).") for name, title in _REVIEW_P3],
        *[("jd-cases-role-boundary", "error", f"./{name}", 8,
           _cases(name, "Probation Services Officer", "PSO")) for name in _REVIEW_P6]]


_QUALIFYING = ["Once qualified as a Probation Officer,", "Once you have qualified as a PO",
               "After you qualify as a Probation Officer,", "On qualification as a PO",
               "Following qualification as a Probation Officer,",
               "When qualified as a Probation Officer", "On completion of the PQiP programme,"]
_THEN = ["you will manage people assessed as high risk of serious harm.",
         "you will hold cases managed at MAPPA level 2.",
         "you will prepare pre-sentence reports on people with a history of domestic abuse."]


def _boundary_lines(tmp_path: Path, grade: str, text: str) -> list[int]:
    """The lines of the 7a/7b findings of a learner's JD of `grade` whose one paragraph (line 9)
    is `text`."""
    jd = tmp_path / f"jd-{abs(hash((grade, text)))}.md"
    jd.write_text(f"---\nkind: job-description\ntitle: Learner\ngrade: {grade}\n"
                  f"line_management: false\n---\n## After qualifying\n\n{text}\n",
                  encoding="utf-8")  # fmt: skip
    result = check([str(jd)], config=False,
                   select=["jd-cases-role-boundary", "jd-psr-role-boundary"])  # fmt: skip
    return [f.line for f in result.findings]


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(qualifying=st.sampled_from(_QUALIFYING), then=st.sampled_from(_THEN),
       grade=st.sampled_from(["PQiP", "PSO"]), stop=st.booleans())  # fmt: skip
def test_work_once_qualified_as_a_po_is_not_the_posts_until_a_clause_ends_it(
        tmp_path: Path, qualifying: str, then: str, grade: str, stop: bool) -> None:  # fmt: skip
    # with `stop`, a semicolon ends what qualifying covers: the duty after it is the post's own
    text = (f"{qualifying} you will manage a full caseload; {then}" if stop
            else f"{qualifying} {then}")
    assert _boundary_lines(tmp_path, grade, text) == ([9] if stop else [])


_NOT_QUALIFYING = ["Before you qualify as a Probation Officer,", "Before qualifying as a PO,",
                   "While you train towards qualifying as a Probation Officer,",
                   "Working alongside colleagues employed as a Probation Officer,",
                   "In the same way as a PO,", "Until you qualify as a Probation Officer"]


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(opening=st.sampled_from(_NOT_QUALIFYING), then=st.sampled_from(_THEN),
       grade=st.sampled_from(["PQiP", "PSO"]))  # fmt: skip
def test_a_probation_officer_named_with_no_qualifying_said_leaves_the_work_the_posts(
        tmp_path: Path, opening: str, then: str, grade: str) -> None:  # fmt: skip
    # the review of session 52, P1: only qualifying said ("once qualified as ...") puts off the
    # work; "as a Probation Officer" alone, or before qualifying, gives it to the post now
    assert _boundary_lines(tmp_path, grade, f"{opening} {then}") == [9]
