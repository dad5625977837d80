"""Review 29: a grade declared `like` another (a policy's `grade NAME like FAMILY`, or a
project's `[grades]` in workrules.toml) compares as that grade does, and as itself, in every
rule that compares grades: `grade = PSO` holds for a LOCAL_PSO, `grade != PO` does not hold
for a COURT_PO, `in` and `not in` likewise, and a chain of declarations reaches each grade on
the way. The vocabulary's own families (NQO's PO) change no comparison. The declared grades
widen each comparison in the typed IR (`ir.widen_grades`), which both engines run.
fixtures/review29/README.md says what each case gave before and after."""

from __future__ import annotations

import datetime as dt
import functools
import time
from pathlib import Path

import pytest
from conftest import check_text, run_workrules
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workrules import Policy, check, load_data, load_policy
from workrules import model as m
from workrules.lang import ir

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review29"
ENGINES = ["python", "columnar"]


def _expected(name: str) -> str:
    return (HERE / "expected" / name).read_text(encoding="utf-8")


def _heads(out: str) -> list[str]:
    """The findings' first lines (not the values a repository's policy set, listed after)."""
    return [line for line in out.split("\n\n")[0].splitlines() if not line.startswith(" ")]


def _config_run(engine: str, *args: str) -> tuple[int, str, str]:
    """`workrules check` in fixtures/review29/config, with its workrules.toml."""
    done = run_workrules("check", "--format", "text", "--engine", engine, "--today",
                         "2026-12-07", "--set", "wmt_assessed_from=2026-11-01", *args,
                         "staff.yaml", "allocation.yaml", cwd=HERE / "config")  # fmt: skip
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_a_grade_declared_in_the_config_is_held_to_its_grades_rules(engine: str) -> None:
    # = (7a, 7): L1, a LOCAL_PSO, holds a high RoSH case and writes a PSR on a very high risk
    # person, reported as L2, a PSO, is. in (1.2i): C1 (COURT_PO), C2 (DUTY_COURT_PO, declared
    # like COURT_PO) and L1 have no WMT reading in November, reported as N1 (NQO) is.
    # C1's very high and C2's high cases are a PO's, and X1's grade is declared nowhere.
    assert _config_run(engine, "-q") == (1, _expected("config.txt"), "")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_declared_grade_is_never_named_as_an_unknown_grade(engine: str) -> None:
    _, out, _ = _config_run(engine)
    said = [line for line in out.splitlines() if "not applied for unknown grades" in line]
    assert [line.split(" [", 1)[0].strip() for line in said] == [
        "psr-role-boundary", "wmt-not-assessed",  # (8b reads no record: no MAPPA meetings)
        "psr-role-boundary-before-qualifying", "case-role-boundary",
        "case-role-boundary-risk-unknown", "case-role-boundary-before-qualifying",
        "case-role-boundary-before-qualifying-risk-unknown",
        "psr-role-boundary-reoffending-unknown", "pso-assessor-of-another-grade",
        "pta-of-another-role"]
    assert all(line.endswith(
        "so their holders were not judged: SENIOR_PRACTITIONER (X1) (declare a grade of its own "
        "with 'grade NAME' in the policy or [grades] in workrules.toml)") for line in said)


@pytest.mark.parametrize("engine", ENGINES)
def test_grades_declared_in_a_policy_compare_as_their_families(engine: str) -> None:
    # != : P1 (PO), T1 (TEAM_PO, like PO) and T2 (SENIOR_TEAM_PO, like TEAM_PO) hold very
    # high risk cases as Probation Officers; L1 (LOCAL_PSO), N1 (NQO) and N2 (LOCAL_NQO, like
    # NQO) do not. = with a declared grade: T1's and T2's undated cases, not P1's (a PO is no
    # TEAM_PO). not in: only S1, an SPO, holds a high risk case outside the practitioner
    # grades; the declared grades are in them.
    assert check_text("--today", "2026-12-07", "--policy", "local.wr", "staff.yaml",
                      "allocation.yaml", cwd=HERE / "policy", engine=engine) == (
        1, _expected("policy.txt"), "")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_shipped_nqo_does_not_compare_as_a_po(engine: str) -> None:
    _, out, _ = check_text("--today", "2026-12-07", "--policy", "local.wr", "--select",
                           "very-high-risk-outside-po", "staff.yaml", "allocation.yaml",
                           cwd=HERE / "policy", engine=engine)  # fmt: skip
    assert [line.split("] ", 1)[1].split(" holds")[0] for line in _heads(out)] == [
        "L1 (LOCAL_PSO)", "N1 (NQO)", "N2 (LOCAL_NQO)"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_chain_of_declarations_takes_the_nearest_cap(engine: str) -> None:
    assert check_text("--policy", "local.wr", "--select", "span-of-control", "staff.yaml",
                      cwd=HERE / "chain-cap", engine=engine) == (
        1, _expected("chain-cap.txt"), "")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_grade_declared_again_is_judged_by_its_last_declaration(engine: str) -> None:
    # the policy declares LOCAL_PSO like PSO; a config declares it like PO: L1 is a PO's
    # grade then, for every rule, and not a PSO's as well
    folder = HERE / "policy"
    policy = load_policy(folder / "local.wr").with_grades([("LOCAL_PSO", "PO")])
    data = load_data([folder / "staff.yaml", folder / "allocation.yaml"])
    found = policy.check(data, today=dt.date(2026, 12, 7), engine=engine).findings
    assert [(f.rule, f.subject) for f in found if f.subject == "K4"] == []
    again = policy.with_grades([("LOCAL_PSO", "PSO")])
    found = again.check(data, today=dt.date(2026, 12, 7), engine=engine).findings
    assert [(f.rule, f.subject) for f in found if f.subject == "K4"] == [
        ("case-role-boundary", "K4"), ("very-high-risk-outside-po", "K4")]


def test_a_long_chain_of_declared_grades_is_walked_once(tmp_path: Path) -> None:
    # a hostile config may declare grades each like the one before: 20,000 of them, under
    # a mebibyte; every comparison and cap still reaches the end of the chain, in one walk
    (tmp_path / "workrules.toml").write_text(
        '[grades]\nG0 = "PSO"\n' + "".join(f'G{i} = "G{i - 1}"\n' for i in range(1, 20_000)),
        encoding="utf-8")  # fmt: skip
    (tmp_path / "staff.yaml").write_text(
        "kind: staff\nstaff:\n" + "".join(f"  - {{id: S{i}, grade: G{i * 97 % 20_000}}}\n"
                                          for i in range(500)), encoding="utf-8")  # fmt: skip
    (tmp_path / "allocation.yaml").write_text(
        "kind: allocation\ncases:\n" + "".join(f"  - {{id: K{i}, practitioner: S{i}, rosh: high}}\n"
                                             for i in range(500)), encoding="utf-8")  # fmt: skip
    before = time.process_time()
    result = check([tmp_path / "staff.yaml", tmp_path / "allocation.yaml"],
                   config=tmp_path / "workrules.toml", select=["case-role-boundary"])
    assert time.process_time() - before < 10.0
    assert len(result.findings) == 500


def test_declared_grades_widen_only_the_rules_that_compare_grades() -> None:
    claim = load_policy("claim-2024")
    assert claim.with_grades([]) is claim
    declared = claim.with_grades([("LOCAL_PSO", "PSO")])
    widened = sorted(cr.id for cr, old in zip(declared.rules, claim.rules, strict=True)
                     if cr is not old)  # fmt: skip
    assert widened == sorted(declared.as_checked) == [
        "case-role-boundary", "case-role-boundary-before-qualifying",
        "case-role-boundary-before-qualifying-risk-unknown", "case-role-boundary-risk-unknown",
        "jd-cases-role-boundary", "jd-psr-role-boundary", "jd-title-grade", "pso-assessees",
        "pso-assessor-of-another-grade", "psr-role-boundary",
        "psr-role-boundary-before-qualifying", "psr-role-boundary-reoffending-unknown",
        "pta-of-another-role", "wmt-not-assessed"]
    # the policy as loaded is untouched: a run without the declaration judges LOCAL_PSO as
    # a grade it does not know
    assert claim.as_checked == {} and "LOCAL_PSO" not in claim.grades


def test_the_generated_code_names_the_widened_grades_in_order() -> None:
    done = run_workrules("compile", "case-role-boundary", cwd=HERE / "config")
    assert done.returncode == 0
    assert "# _c0: {'LOCAL_PSO', 'PSO'}" in done.stdout.splitlines()
    assert "(_staff[x.practitioner].grade in _c0)" in done.stdout
    plain = run_workrules("compile", "case-role-boundary", "--no-config", cwd=HERE / "config")
    assert "# _c0: 'PSO'" in plain.stdout.splitlines()


# ---------------------------------------------------------------------------------------------
# The widening, over any declarations: a grade compares as itself and as each grade up its
# chain of declarations to the first of the vocabulary, never further.

KNOWN = ["PO", "NQO", "PSO", "PQiP", "SPO", "SPO_COURTS", "HEAD_OF_SERVICE", "HEAD_OF_OPERATIONS"]
LOCAL = ["LOCAL_A", "LOCAL_B", "LOCAL_C", "LOCAL_D", "LOCAL_E"]
WMT_RULE = load_policy("claim-2024").rule("wmt-not-assessed")


@st.composite
def declarations(draw: st.DrawFn) -> list[list[tuple[str, str]]]:
    """Batches of declarations (a policy's, then a config's), each like a grade of the
    vocabulary, one declared before, or none; a later batch may declare a grade again."""
    batches, declared = [], []
    for _ in range(draw(st.integers(1, 2))):
        batch = []
        for _ in range(draw(st.integers(0, 4))):
            name = draw(st.sampled_from(LOCAL))
            family = draw(st.sampled_from(["", *KNOWN, *declared]))
            batch.append((name, family))
            declared.append(name)
        batches.append(batch)
    return batches


def _compares_as(grade: str, last: dict[str, str]) -> set[str]:
    """What `grade` compares as, read from the declarations as written (the last of each)."""
    out, family = {grade}, last.get(grade, "")
    while family and family not in out:
        out.add(family)
        family = last.get(family, "")
    return out


def _holds(e: ir.Expr, grade: str) -> bool:
    assert isinstance(e, ir.Compare) and isinstance(e.right, ir.Const)
    assert isinstance(e.left, ir.Field) and e.left.name == "grade"
    values = e.right.value if e.op in ("in", "not-in") else {e.right.value}
    return (grade in values) == (e.op in ("=", "in"))


@functools.cache
def _loaded(name: str | Path) -> Policy:
    """A policy loaded once for the properties below (a Policy is immutable: `with_grades`
    returns another), so that each example times the declarations, not a load."""
    return load_policy(name)


@settings(max_examples=200, deadline=None)
@given(declarations(), st.sampled_from(["=", "!=", "in", "not-in"]),
       st.sets(st.sampled_from(KNOWN + LOCAL), min_size=1, max_size=3))
@example([[("LOCAL_A", "PO"), ("LOCAL_B", "LOCAL_A")]], "=", {"PO"})
@example([[("LOCAL_A", "NQO")]], "!=", {"PO"})
@example([[("LOCAL_A", "PSO")], [("LOCAL_A", "PO")]], "in", {"PSO"})
def test_a_declared_grade_compares_as_each_grade_up_its_chain(
        batches: list[list[tuple[str, str]]], op: str, written: set[str]) -> None:  # fmt: skip
    policy = _loaded("claim-2024")
    last: dict[str, str] = {}
    for batch in batches:
        policy = policy.with_grades(batch)
        last.update((name, family) for name, family in batch)
    assert last == dict(policy.grades)
    written_grades = sorted(written) if op in ("in", "not-in") else sorted(written)[:1]
    value: object = frozenset(written_grades) if op in ("in", "not-in") else written_grades[0]
    const = ir.Const(m.FieldType("symbol", values=tuple(written_grades)), value)
    compare = ir.Compare(m.BOOL, op, ir.Field(m.STRING, "grade"), const)
    wide = ir.widen_grades(WMT_RULE._replace(where=compare), policy.grades).where
    assert wide is not None
    positive = op in ("=", "in")
    for grade in [*KNOWN, *LOCAL]:
        named = bool(_compares_as(grade, last) & set(written_grades))
        assert _holds(wide, grade) == (named if positive else not named), grade
    # the vocabulary's families alone change nothing: an NQO is no PO
    assert ir.widen_grades(WMT_RULE._replace(where=compare), {}).where is compare


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=-1, max_value=7), min_size=1, max_size=8),
       st.dictionaries(st.integers(min_value=0, max_value=7), st.integers(1, 9), max_size=4))
def test_a_declared_grade_takes_the_nearest_cap_on_its_chain(likes: list[int],
                                                             caps: dict[int, int]) -> None:
    # G0..Gn declared, each like another (a loop of a config's declarations included) or like
    # SPO (-1); some have a span cap. Each takes the cap of the first grade on its chain that
    # has one (itself included), else none of its own (the lookup goes on to SPO's family).
    names = [f"G{i}" for i in range(len(likes))]
    declared = [(n, "SPO" if like < 0 or like >= len(likes) else names[like])
                for n, like in zip(names, likes, strict=True)]  # fmt: skip
    policy = _loaded(HERE / "chain-cap" / "local.wr").with_grades(
        [(n, "") for n in names]).with_grades(declared)  # fmt: skip
    table = {"SPO": 5, "TEAM_LEAD": 1, **{names[i]: v for i, v in caps.items() if i < len(names)}}
    got = policy._nearest_caps({"span_of_control_max": table})["span_of_control_max"]
    family = dict(declared)
    for n in names:
        seen, up = set(), n
        while up in family and up not in table and up not in seen:
            seen.add(up)
            up = family[up]
        assert got.get(n) == table.get(up), (n, declared, caps)
