"""The columnar engine begins every rule's plan at once (`columnar.begin`), collected on a
thread of its own while the run checks the rules before: a rule's `run_rule` takes its own
plan, and only that; the findings are those of each rule planned alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules import load_data, load_policy
from workrules.engine import columnar
from workrules.engine.common import Env

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = sorted(str(p) for p in (ROOT / "fixtures" / "example").glob("*.yaml"))
TODAY = dt.date(2025, 1, 1)


def _claim_and_data() -> tuple[Any, Any, Env]:
    policy = load_policy(None)
    data = load_data(EXAMPLE)
    env = Env(data.staff, policy.values_at(TODAY), policy.grades, TODAY)
    return policy, data, env


def _planned_here(policy: Any, data: Any) -> list[Any]:
    return [cr for cr in policy.rules
            if not columnar.unsupported(cr) and data.of(cr.kind.name)]  # fmt: skip


def test_each_rule_takes_its_begun_plan_and_finds_what_it_finds_alone() -> None:
    policy, data, env = _claim_and_data()
    rules = _planned_here(policy, data)
    assert len(rules) >= 2  # the example has records for several planned rules
    alone = [columnar.run_rule(cr, data, env) for cr in rules]
    columnar.begin(rules, data, env)
    assert len(columnar._batch()._begun) == len(rules)
    together = [columnar.run_rule(cr, data, env) for cr in rules]
    assert together == alone
    assert not columnar._batch()._begun  # every plan taken, none left running


def test_a_begun_plan_is_not_taken_by_a_run_with_another_environment_or_window() -> None:
    policy, data, env = _claim_and_data()
    rules = _planned_here(policy, data)
    other = Env(data.staff, dict(env.params), env.grades, TODAY)  # equal, but not the run's
    alone = columnar.run_rule(rules[0], data, other)
    columnar.begin(rules, data, env)
    try:
        assert columnar.run_rule(rules[0], data, other) == alone
        columnar.run_rule(rules[0], data, env, (None, TODAY))
        assert id(rules[0]) in columnar._batch()._begun  # still there for its own run
    finally:
        columnar._batch().end()
    assert not columnar._batch()._begun


def test_policy_check_begins_the_plans_of_the_rules_run_once(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    policy, data, _ = _claim_and_data()
    begun: list[list[str]] = []
    real = columnar._Batch.begin

    def spy(self: columnar._Batch, rules: Any, data: Any, env: Env) -> None:
        begun.append([cr.id for cr in rules])
        real(self, rules, data, env)

    monkeypatch.setattr(columnar._Batch, "begin", spy)
    got = policy.check(data, today=TODAY, engine="columnar")
    want = policy.check(data, today=TODAY, engine="python")
    assert len(begun) == 1 and begun[0]  # once per run
    unset = {cr.id for cr in policy.rules if any(policy._wholly_unset(p) for p in cr.params)}
    assert unset and not unset & set(begun[0])  # a rule not applied is never planned
    assert got.findings == want.findings
    assert got.not_applied == want.not_applied
    assert not columnar._batch()._begun


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "a", "b", "S001", "é"]),
                          st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
                          st.booleans()), max_size=30),
       st.sampled_from([["a", "b"], ["a", "b", "c"], ["c", "b"], ["b"]]))  # fmt: skip
def test_group_codes_group_rows_exactly_as_their_keys(rows: list[tuple[str, dt.date, bool]],
                                                       names: list[str]) -> None:  # fmt: skip
    import polars as pl

    frame = pl.DataFrame(rows, schema={"a": pl.String, "b": pl.Date, "c": pl.Boolean},
                         orient="row").with_row_index("_row")  # fmt: skip
    lf, by = columnar._grouping(frame.lazy(), names)
    coded = lf.collect()

    def groups(cols: list[str]) -> set[tuple[int, ...]]:
        return {tuple(g) for g in coded.group_by(cols).agg(pl.col("_row").sort())
                .get_column("_row").to_list()}  # fmt: skip

    assert groups(by) == groups(names)
    assert (by == names) == (len(names) < 2)


def test_checks_run_at_once_on_two_threads_each_find_what_they_find_alone() -> None:
    from concurrent.futures import ThreadPoolExecutor

    policy, _, _ = _claim_and_data()
    sets = [load_data(EXAMPLE) for _ in range(4)]
    want = policy.check(sets[0], today=TODAY, engine="python").findings
    with ThreadPoolExecutor(2) as pool:
        got = list(pool.map(lambda d: policy.check(d, today=TODAY, engine="columnar").findings,
                            sets))  # fmt: skip
    assert got == [want] * 4
