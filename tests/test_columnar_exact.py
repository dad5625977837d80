"""A `forbid` or `require` rule with no `per`, whose whole condition the columnar plan tests
as the Python engine does (no parameter or keyed cap that may be unset), takes the plan's
rows as its breaches: the Python engine is not asked to test each again. The findings are the
Python engine's, in its order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from workrules import load_data, load_policy
from workrules.engine import columnar, python
from workrules.engine.common import Env

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "columnar-exact"
FILES = [str(HERE / "staff.yaml"), str(HERE / "allocation.yaml")]
TODAY = dt.date(2025, 1, 1)


def _run(rule_id: str, values: tuple[str, ...] = ()) -> tuple[Any, Any, Any, Env]:
    policy = load_policy(str(HERE / "forbid.wr")).with_values(list(values))
    data = load_data(FILES)
    env = Env(data.staff, policy.values_at(TODAY), policy.grades, TODAY)
    rule = next(r for r in policy.rules if r.id == rule_id)
    return policy, rule, data, env


def _subjects(found: list[Any]) -> list[str]:
    return [m.x.id for m in found]


def test_a_forbid_whose_plan_tests_the_whole_condition_takes_its_rows_as_breaches(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    _, rule, data, env = _run("high-risk-by-a-pso")
    assert columnar._planned(rule, data, env).exact
    expected = python.run_rule(rule, data, env)
    # R4's subject gives no MAPPA level, read as 0: `not (subject.mappa_level < 2)` is false
    assert _subjects(expected[0]) == ["R1", "R3", "R5"]

    def asked(*args: Any) -> None:
        raise AssertionError("the Python engine tested the plan's rows again")

    monkeypatch.setattr(python, "_run_items", asked)
    assert columnar.run_rule(rule, data, env) == expected


def test_a_condition_naming_a_parameter_is_still_tested_by_the_python_engine() -> None:
    _, rule, data, env = _run("written-after-the-cutoff", ("cutoff=2024-06-07",))
    assert not columnar._planned(rule, data, env).exact
    expected = python.run_rule(rule, data, env)
    assert _subjects(expected[0]) == ["R5", "R6", "R7", "R8"]
    assert columnar.run_rule(rule, data, env) == expected


def test_the_whole_check_gives_the_same_report_under_both_engines() -> None:
    policy = load_policy(str(HERE / "forbid.wr"))
    python_run, columnar_run = (policy.check(load_data(FILES), today=TODAY, engine=e)
                                for e in ("python", "columnar"))  # fmt: skip
    assert [(f.rule, f.subject) for f in columnar_run.findings] == \
        [("high-risk-by-a-pso", "R1"), ("high-risk-by-a-pso", "R3"), ("high-risk-by-a-pso", "R5")]
    assert columnar_run.findings == python_run.findings
    assert columnar_run.not_applied == python_run.not_applied
