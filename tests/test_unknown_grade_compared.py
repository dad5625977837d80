"""A grade comparison never judges an unknown grade: the holders the notice says were not
judged by a rule are not, in `require` and `forbid` as in `where` (session 51: review 31's
`pso-band-only.md` got both a finding "its grade is BAND_3" and "not applied for unknown
grades ... BAND_3"). A known grade outside the set is still reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_workrules
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.api import check

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "unknown-grade-compared"
RULES = ["pso-assessor-of-another-grade", "psr-role-boundary-before-qualifying",
         "jd-title-grade"]  # fmt: skip


def _run(engine: str) -> dict[str, object]:
    done = run_workrules("check", "--no-config", "--engine", engine, "--today", "2024-07-01",
                         "--format", "json", *(a for r in RULES for a in ("--select", r)), ".",
                         cwd=HERE)  # fmt: skip
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_known_grade_outside_the_set_is_reported_and_an_unknown_one_is_not(
        engine: str) -> None:  # fmt: skip
    found = [(f["rule"], f["file"], f["line"], f["subject"], f["measured"])
             for f in _run(engine)["findings"]]  # type: ignore[attr-defined]
    assert found == [
        ("psr-role-boundary-before-qualifying", "./allocation.yaml", 5, "R2",
         "the person's RoSH level is high; the person's flags are IOM"),
        ("jd-title-grade", "./jd/pso-graded-po.md", 3, "./jd/pso-graded-po.md",
         "the grade is PO"),
        ("pso-assessor-of-another-grade", "./staff.yaml", 5, "S2",
         "the staff member's grade is PO")]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_each_rule_says_the_unknown_grade_it_did_not_judge(engine: str) -> None:
    said = {(n["rule"], n["file"], n["line"], tuple(n["params"]))
            for n in _run(engine)["not_applied"]}  # type: ignore[attr-defined]
    assert said == {
        ("pso-assessor-of-another-grade", "./staff.yaml", 4, ("RESETTLEMENT_WORKER",)),
        ("psr-role-boundary-before-qualifying", "./staff.yaml", 4, ("RESETTLEMENT_WORKER",)),
        ("jd-title-grade", "./jd/pso-band-3.md", 4, ("BAND_3",))}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_title_phrase_is_found_at_the_title_line(engine: str) -> None:
    finding = next(f for f in _run(engine)["findings"]  # type: ignore[attr-defined]
                   if f["rule"] == "jd-title-grade")
    assert finding["facts"][0] == (
        'title gives title_names_boundary_grade (phrase "probation services officer*" found '
        '"probation services officer", line 3): "Probation Services Officer"')


@settings(max_examples=20, deadline=None)
@given(grade=st.sampled_from(["Band 3", "Band 4", "Senior PSO", "PSO Manager", "PO (NQO)",
                              "Acting SPO until 21 March 2025", "PSO", "PO", "SPO", "PQiP"]),
       unit=st.booleans())
def test_a_grade_is_reported_by_its_title_exactly_when_it_is_known_and_outside(
        tmp_path_factory: pytest.TempPathFactory, grade: str, unit: bool) -> None:
    jd = tmp_path_factory.mktemp("jd") / "jd.md"
    # the title after a unit, or not: its phrase is found at its own line, 4 or 3
    jd.write_text("---\nkind: job-description\n" + ("unit: Northtown PDU\n" if unit else "")
                  + f"title: Probation Services Officer\ngrade: {grade}\n"
                  "line_management: false\nspan_of_control: 0\n---\n## Main duties\n\n"
                  "Manage a caseload of people assessed as low risk of serious harm.\n",
                  encoding="utf-8")  # fmt: skip
    result = check([str(jd)], config=False, select=["jd-title-grade"])
    title_line = 4 if unit else 3
    assert [(f.line, f.measured) for f in result.findings] == (
        [(title_line, f"the grade is {grade}")] if grade in ("PO", "SPO") else [])
    assert all(f"line {title_line})" in f.facts[0] for f in result.findings)
    noted = [n for n in result.not_applied if n.rule == "jd-title-grade"]
    assert bool(noted) == (grade not in ("PSO", "PO", "SPO", "PQiP"))
