"""Posts whose grade is ambiguous, shared or changing (JDs, round 67): what a learner or a PSO
is told they will do once qualified as a Probation Officer (P1), or in a spell of acting up as
one (P5), is a Probation Officer's work; a learner watching their own tutor is not doing the
work (P3); a title naming a PSO case manager is a PSO's (P2), and one naming learners or PSOs as
those the post supports, or the PQiP as done, is not (P4, P6). Each near miss of the fix is
kept a breach. (The titles one by one: `tests/test_jd_title_grade.py`.)"""

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
         _cases("p5-psos-act-up-no-spell.md", "Probation Services Officer", "PSO"))]


_QUALIFYING = ["Once qualified as a Probation Officer,", "Once you have qualified as a PO",
               "After you qualify as a Probation Officer,", "On qualification as a PO",
               "Following qualification as a Probation Officer,",
               "When qualified as a Probation Officer", "On completion of the PQiP programme,"]
_THEN = ["you will manage people assessed as high risk of serious harm.",
         "you will hold cases managed at MAPPA level 2.",
         "you will prepare pre-sentence reports on people with a history of domestic abuse."]


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(qualifying=st.sampled_from(_QUALIFYING), then=st.sampled_from(_THEN),
       grade=st.sampled_from(["PQiP", "PSO"]), stop=st.booleans())  # fmt: skip
def test_work_once_qualified_as_a_po_is_not_the_posts_until_a_clause_ends_it(
        tmp_path: Path, qualifying: str, then: str, grade: str, stop: bool) -> None:  # fmt: skip
    # with `stop`, a semicolon ends what qualifying covers: the duty after it is the post's own
    text = (f"{qualifying} you will manage a full caseload; {then}" if stop
            else f"{qualifying} {then}")
    jd = tmp_path / f"jd-{abs(hash((qualifying, then, grade, stop)))}.md"
    jd.write_text(f"---\nkind: job-description\ntitle: Learner\ngrade: {grade}\n"
                  f"line_management: false\n---\n## After qualifying\n\n{text}\n",
                  encoding="utf-8")  # fmt: skip
    result = check([str(jd)], config=False,
                   select=["jd-cases-role-boundary", "jd-psr-role-boundary"])  # fmt: skip
    assert [f.line for f in result.findings] == ([9] if stop else [])

