"""The two engines agree: on generated data sets, every rule of the claim and of a small policy
that uses each check kind gives the same findings (subjects, periods, values, messages,
evidence, file:line, in the same order) and the same not-applied notices under the Python
and the columnar engine. Also: which rules the columnar engine hands to Python, and that the
pre-commit path never imports it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workrules import load_data, load_policy
from workrules.errors import WorkrulesError
from workrules.policy import Policy

ROOT = Path(__file__).resolve().parents[1]
MONDAY = dt.date(2024, 5, 27)

KINDS_POLICY = ROOT / "fixtures" / "engines" / "every-check-kind.wr"

GRADES = ["PO", "PSO", "PQiP", "SPO", "SPO_COURTS", "HEAD_OF_PDU", "BAND_Q"]
ROLES = ["psr_author", "pom", "facilitator", "pta"]
FLAGS = ["iom", "ocg", "tact", "transgender"]
SIGNOFFS = ["spo", "head_of_pdu", "rpd"]
RISK = ["low", "medium", "high", "very_high"]


def _day(n: int) -> str:
    return (MONDAY + dt.timedelta(days=n)).isoformat()


def _week(n: int) -> str:
    return (MONDAY + dt.timedelta(weeks=n)).isoformat()


halves = st.integers(0, 20).map(lambda n: n / 2)
maybe = st.none() | st.just(1)


@st.composite
def data_sets(draw: Any) -> dict[str, Any]:
    """Staff, a rota and an allocation: small, with values around the claim's limits."""
    n = draw(st.integers(2, 7))
    ids = [f"S{i:03}" for i in range(n)]
    who = st.sampled_from(ids)
    staff = []
    for i in ids:
        s: dict[str, Any] = {"id": i, "grade": draw(st.sampled_from(GRADES))}
        if draw(st.booleans()):
            s["contracted_hours"] = draw(st.sampled_from([0, 30, 37, 37.5]))
        for field in ("line_manager", "pta", "pso_assessor"):  # someone else (never oneself)
            if draw(st.integers(0, 2)):
                s[field] = draw(st.sampled_from([o for o in ids if o != i]))
        roles = draw(st.lists(st.sampled_from(ROLES), unique=True, max_size=2))
        if roles:
            s["roles"] = roles
        # in post from, to, and qualified on: days moved by `week + 6 days`, `most at once
        # until qualified_on`
        for field, days in (("started_on", (-10, 30)), ("left_on", (31, 60)),
                            ("qualified_on", (-10, 50))):  # fmt: skip
            if draw(st.integers(0, 2)) == 0:
                s[field] = _day(draw(st.integers(*days)))
        staff.append(s)
    day = st.integers(0, 45)
    timesheets = [{"staff": s, "week": _week(w), "hours_worked": 30 + draw(halves),
                   "toil_hours": draw(st.sampled_from([0, 1, 2.5])),
                   "paid_excess_hours": draw(st.sampled_from([0, 1.5, 3]))}
                  for s, w in draw(st.sets(st.tuples(who, st.integers(0, 5)), max_size=10))]
    upw = [{"id": f"U{k}", "date": _day(draw(day)),
            "supervisors": draw(st.lists(who, min_size=1, max_size=2, unique=True)),
            "members": draw(st.integers(0, 14)), "contact_hours": draw(halves) / 2 + 1}
           for k in range(draw(st.integers(0, 8)))]  # fmt: skip
    programmes = [{"id": f"P{k}", "date": _day(draw(day)), "programme": "BBR",
                   "facilitators": draw(st.lists(who, min_size=1, max_size=2, unique=True))}
                  for k in range(draw(st.integers(0, 8)))]  # fmt: skip
    mappa = [{"id": f"M{k}", "date": _day(draw(st.integers(0, 10))), "chair": draw(who),
              "type": draw(st.sampled_from(["initial", "review"])),
              "level": draw(st.integers(1, 3))}
             for k in range(draw(st.integers(0, 8)))]  # fmt: skip
    wmt = []
    for s, w, daily in draw(st.sets(st.tuples(who, st.integers(0, 8), st.booleans()),
                                    max_size=14)):  # fmt: skip
        reading: dict[str, Any] = {"staff": s, "percent": draw(st.integers(90, 130))}
        reading["date" if daily else "week"] = _day(w * 7 + 2) if daily else _week(w)
        wmt.append(reading)
    cases = []
    for k in range(draw(st.integers(0, 8))):
        case: dict[str, Any] = {"id": f"C{k}", "practitioner": draw(who)}
        opened = draw(st.none() | st.integers(0, 30))
        if opened is not None:
            case["opened"] = _day(opened)
            if draw(st.booleans()):
                case["closed"] = _day(opened + draw(st.integers(1, 20)))
        if draw(st.booleans()):
            case["rosh"] = draw(st.sampled_from(RISK))
        cases.append(case)
    reports = []
    for k in range(draw(st.integers(0, 6))):
        subject: dict[str, Any] = {"rosh": draw(st.sampled_from(RISK)),
                                   "mappa_level": draw(st.integers(0, 3)),
                                   "flags": draw(st.lists(st.sampled_from(FLAGS), unique=True,
                                                          max_size=2))}  # fmt: skip
        if draw(st.booleans()):
            subject["reoffending"] = draw(st.sampled_from(RISK))
        reports.append({"id": f"R{k}", "author": draw(who), "date": _day(draw(day) + 5),
                        "type": draw(st.sampled_from(["sdr", "oral", "short_format"])),
                        "subject": subject})  # fmt: skip
    sfo = [{"id": f"F{k}", "manager": draw(who),
            "required_signoffs": draw(st.lists(st.sampled_from(SIGNOFFS), unique=True)),
            "signed_off": draw(st.lists(st.sampled_from(SIGNOFFS), unique=True))}
           for k in range(draw(st.integers(0, 5)))]  # fmt: skip
    return {
        "staff.json": {"kind": "staff", "staff": staff},
        "rota.json": {"kind": "rota", "timesheets": timesheets, "upw_sessions": upw,
                      "programme_sessions": programmes, "mappa_meetings": mappa},
        "allocation.json": {"kind": "allocation", "wmt": wmt, "cases": cases,
                            "reports": reports, "sfo_reviews": sfo},
    }  # fmt: skip


caps = st.fixed_dictionaries({}, optional={
    "sfo_open_reviews_max": st.integers(0, 2), "pta_learners_max": st.integers(0, 2),
    "pso_assessees_max": st.integers(0, 2), "cases_max": st.integers(0, 3),
    "psr_reports_per_month_max": st.integers(0, 2), "span_of_control_max[SPO]": st.integers(0, 3),
    "span_of_control_max[HEAD_OF_PDU]": st.integers(0, 3), "caseload_max[pom]": st.integers(0, 3),
    "wmt_reading_holds": st.integers(1, 14), "toil_recorded_late": st.integers(0, 14),
})  # fmt: skip
kinds_caps = st.fixed_dictionaries({}, optional={
    "span[SPO]": st.integers(0, 3), "span[PO]": st.integers(0, 2),
    "holds": st.integers(1, 10), "hours_day": st.sampled_from([4, 7.5, 8]),
})  # fmt: skip


def _outcome(policy: Policy, files: list[str], engine: str) -> Any:
    """What a check gives: its findings and notices, or the one error it refuses with."""
    try:
        result = policy.check(load_data(files), today=dt.date(2025, 1, 1), engine=engine)
    except WorkrulesError as e:
        return str(e)
    return result.findings, result.not_applied


def _written(files: dict[str, Any], folder: str) -> list[str]:
    """A data set's files written in `folder` as JSON: their paths."""
    paths = []
    for name, doc in files.items():
        path = Path(folder) / name
        path.write_text(json.dumps(doc, indent=1))
        paths.append(str(path))
    return paths


def _same_under_both(policy: Policy, files: dict[str, Any], values: dict[str, int]) -> None:
    policy = policy.with_values([f"{k}={v}" for k, v in values.items()])
    with tempfile.TemporaryDirectory() as folder:
        paths = _written(files, folder)
        python, columnar = (_outcome(policy, paths, e) for e in ("python", "columnar"))
    assert columnar == python


CLAIM = load_policy()
KINDS = load_policy(str(KINDS_POLICY))

FEW = settings(max_examples=60, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FEW
@given(data_sets(), caps)
def test_every_claim_rule_finds_the_same_under_both_engines(
        files: dict[str, Any], values: dict[str, int]) -> None:  # fmt: skip
    _same_under_both(CLAIM, files, values)


@FEW
@given(data_sets(), kinds_caps)
def test_every_check_kind_finds_the_same_under_both_engines(
        files: dict[str, Any], values: dict[str, int]) -> None:  # fmt: skip
    _same_under_both(KINDS, files, values)


@FEW
@given(data_sets(), caps)
def test_a_finding_per_one_staff_member_is_about_that_member(
        files: dict[str, Any], values: dict[str, int]) -> None:  # fmt: skip
    # whom a finding of a rule counted per one staff member is about (`Finding.staff`): that
    # member, the finding's subject; no one where the key gives no one ("not given")
    policy = CLAIM.with_values([f"{k}={v}" for k, v in values.items()])
    one = {cr.id for cr in policy.rules
           if [k.type.name for k in cr.keys or ()].count("staff") == 1}  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        outcome = _outcome(policy, _written(files, folder), "python")
    if isinstance(outcome, str):
        return
    for f in outcome[0]:
        if f.rule in one:
            assert f.staff == (f.subject,) or (f.staff, f.subject) == ((), "not given"), f


def test_the_kinds_policy_finds_something_on_a_fixed_data_set() -> None:
    """The differential test's policy is not vacuous: on a busy week it breaches."""
    files = {
        "staff.json": {"kind": "staff", "staff": [
            {"id": "S1", "grade": "PO", "contracted_hours": 37, "line_manager": "S2"},
            {"id": "S2", "grade": "SPO_COURTS"}]},
        "rota.json": {"kind": "rota", "upw_sessions": [
            {"id": "U1", "date": _day(8), "supervisors": ["S1"], "members": 9,
             "contact_hours": 5},
            {"id": "U2", "date": _day(8), "supervisors": ["S1"], "members": 3,
             "contact_hours": 4.5}]},
    }  # fmt: skip
    policy = KINDS.with_values(["span[SPO]=0"])
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, doc in files.items():
            (Path(folder) / name).write_text(json.dumps(doc))
            paths.append(str(Path(folder) / name))
        got = {e: policy.check(load_data(paths), today=dt.date(2025, 1, 1), engine=e)
               for e in ("python", "columnar")}  # fmt: skip
    assert got["python"].findings == got["columnar"].findings
    assert sorted({f.rule for f in got["columnar"].findings}) == [
        "day-sum", "group-ratio", "span-by-grade"]


def test_rules_the_plan_cannot_express_say_they_run_on_python() -> None:
    from workrules.engine.columnar import unsupported

    where = {cr.id: unsupported(cr) for cr in CLAIM.rules}
    assert where["jd-span-stated"] == "Gives (text gives line_management)"
    assert where["upw-contact-hours"] == ""
    assert where["caseload-by-role"] == ("a cap keyed by a list (every group would be a "
                                         "candidate)")
    assert [r for r, why in where.items() if why] == [
        "caseload-by-role", "jd-span-stated", "jd-line-management-contradicted",
        "jd-line-management-denied-by-text", "jd-span-zero-but-text-gives",
        "jd-line-management-text-contradicts-itself",
        # unit-level rules (issue 12): a unit or region key and the absence check
        "safeguard-wmt-mean", "safeguard-over-ceiling-share", "safeguard-unallocated",
        "safeguard-vacancies", "wmt-not-assessed",
        # clause 7 on job descriptions: text patterns, like clause 9's
        "jd-psr-role-boundary", "jd-cases-role-boundary",
        # clause 9: a span of control stated in the text (review 13), larger than the front
        # matter's (JDs round 64); a title that names a grade of 7a's boundary (attack round 31)
        "jd-span-in-text-only", "jd-span-text-larger", "jd-title-grade"]
    assert where["safeguard-vacancies"] == "Place (not in the plan)"
    assert where["wmt-not-assessed"] == "a check of kind Absent"


def test_compile_with_the_columnar_engine_shows_the_plan_or_the_fallback() -> None:
    run = [sys.executable, "-m", "workrules.cli", "compile"]
    plan = subprocess.run([*run, "mappa-chairing-per-day", "--engine", "columnar"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert plan.startswith("# rule mappa-chairing-per-day (mappa_meeting): a polars plan")
    # numbers are equal within engine.common.EPSILON, as in the Python engine
    assert '(((col("level") - 2.0)).abs() <= 1.0000e-9)' in plan
    fallback = subprocess.run([*run, "jd-span-stated", "--engine", "columnar"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert fallback.startswith("# rule jd-span-stated: runs on the Python engine (the columnar "
                               "plan cannot express Gives (text gives line_management))")


def test_an_unknown_engine_is_refused_with_a_suggestion() -> None:
    out = subprocess.run([sys.executable, "-m", "workrules.cli", "check", "--engine", "polar",
                          str(ROOT / "fixtures" / "example" / "staff.yaml")],
                         capture_output=True, text=True)  # fmt: skip
    assert out.returncode == 2
    assert "invalid choice: 'polar'" in out.stderr


def test_an_unknown_engine_in_the_environment_is_refused(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:  # fmt: skip
    from workrules.engine.choice import chosen

    monkeypatch.setenv("WORKRULES_ENGINE", "columner")
    with pytest.raises(WorkrulesError, match=r"^WORKRULES_ENGINE=columner: choose python or "
                       r"columnar \(did you mean 'columnar'\?\)$"):  # fmt: skip
        chosen("auto", load_data([]))


def test_auto_takes_python_for_small_data_and_columnar_for_large(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # fmt: skip
    from workrules.engine import choice

    monkeypatch.delenv("WORKRULES_ENGINE", raising=False)
    small = load_data([str(ROOT / "fixtures" / "example" / f) for f in ("staff.yaml", "rota.yaml")])
    assert choice.chosen("auto", small) == "python"
    assert choice.chosen("columnar", small) == "columnar"
    monkeypatch.setattr(choice, "AUTO_MIN_RECORDS", 1)
    # records loaded as Python objects never count: frames built from them cost more
    assert choice.chosen("auto", small) == "python"
    pytest.importorskip("pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq

    staff = ROOT / "fixtures" / "example" / "staff.yaml"
    ids = [s.id for s in load_data([str(staff)]).staff.values()]
    pq.write_table(pa.Table.from_pylist([{"staff": ids[0], "week": "2024-W10", "hours_worked":
                                          40.0}]), tmp_path / "region-01-timesheets.parquet")
    kept = load_data([str(staff), str(tmp_path / "region-01-timesheets.parquet")])
    assert type(kept.of("timesheet")).__name__ == "Rows"  # kept as its columns
    assert choice.chosen("auto", kept) == "columnar"
    assert choice.chosen("python", kept) == "python"
    monkeypatch.setattr(choice, "AUTO_MIN_RECORDS", 2)
    assert choice.chosen("auto", kept) == "python"


def test_the_pre_commit_path_never_imports_polars(tmp_path: Path) -> None:
    """`workrules check` on one job description runs the Python engine and never loads
    polars or the columnar engine (nor DuckDB)."""
    jd = next((ROOT / "fixtures").rglob("jd/*.md"))
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['workrules', 'check', {str(jd)!r}, '--format', 'text']\n"
        "try:\n    runpy.run_module('workrules.cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('polars', 'duckdb', 'workrules.engine.columnar')"
        " if m in sys.modules))"
    )  # fmt: skip
    env = {k: v for k, v in __import__("os").environ.items() if k != "WORKRULES_ENGINE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=tmp_path)  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr
