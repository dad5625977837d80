"""Two helpers the engines share (engine/common.py), against plain definitions of what they
compute: `held_at_peak`/`peak_of` (the first day most records are held at once, with bisections)
against counting every record on every day, and `lookup` (a key with an entry of its own is
read at once) against walking up the families every time."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules.engine.common import NoEntry, UnsetParam, held_at_peak, lookup, peak_of


class Held(NamedTuple):
    name: str
    started_on: dt.date | None
    left_on: dt.date | None


DAY = st.none() | st.integers(0, 12).map(lambda n: dt.date(2024, 1, 1) + dt.timedelta(n))
SPANS = ("started_on", "left_on")


def _peak_by_counting(records: list[Held]) -> tuple[dt.date | None, list[Held]]:
    def held(day: dt.date) -> list[Held]:
        return [r for r in records if (r.started_on is None or r.started_on <= day)
                and (r.left_on is None or day < r.left_on)]  # fmt: skip

    undated = [r for r in records if r.started_on is None]
    best_day, best = None, len(undated)
    for day in sorted({r.started_on for r in records if r.started_on is not None}):
        if len(held(day)) > best:
            best_day, best = day, len(held(day))
    return (None, undated) if best_day is None else (best_day, held(best_day))


@given(st.lists(st.tuples(DAY, DAY), max_size=12))
def test_the_peak_is_the_first_day_most_records_are_held_as_counting_each_day_finds(
        spans: list[tuple[dt.date | None, dt.date | None]]) -> None:  # fmt: skip
    records = [Held(f"R{i}", o, c) for i, (o, c) in enumerate(spans)]
    day, held, undated = peak_of(records, SPANS)
    assert (day, held) == held_at_peak(records, SPANS) == _peak_by_counting(records)
    assert undated == sum(1 for r in records if r.started_on is None)


def test_a_record_that_leaves_before_it_starts_is_never_held() -> None:
    records = [Held("R1", dt.date(2024, 3, 1), dt.date(2024, 2, 1)),
               Held("R2", dt.date(2024, 3, 1), None), Held("R3", None, None)]  # fmt: skip
    assert peak_of(records, SPANS) == (dt.date(2024, 3, 1), records[1:], 1)


GRADES = st.sampled_from(["PO", "SPO", "SPO_COURTS", "PSO", "NEW"])
FAMILIES = {"SPO_COURTS": "SPO", "NEW": "NEW_FAMILY"}


def _walked(table: dict[str, Any], name: str, k: str) -> Any:
    key, seen = k, {k}
    while key not in table:
        key = FAMILIES.get(key) or ""
        if not key or key in seen:
            raise NoEntry(name, k)
        seen.add(key)
    if table[key] is None:
        raise UnsetParam(name, key)
    return table[key]


def _outcome(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except UnsetParam as u:  # (NoEntry is one)
        return (type(u).__name__, u.name, u.key)


@given(st.dictionaries(GRADES, st.none() | st.integers(0, 9)), GRADES)
def test_a_keyed_value_is_what_walking_up_the_families_finds(
        table: dict[str, Any], key: str) -> None:  # fmt: skip
    assert _outcome(lookup, table, "cap", key, FAMILIES) == _outcome(_walked, table, "cap", key)


@pytest.mark.parametrize(("table", "outcome"), [
    ({"SPO": 6}, 6),  # the family's cap
    ({"SPO": 6, "SPO_COURTS": None}, ("UnsetParam", "cap", "SPO_COURTS")),  # its own, unset
    ({"SPO": None}, ("UnsetParam", "cap", "SPO")),
    ({"PO": 3}, ("NoEntry", "cap", "SPO_COURTS")),
])  # fmt: skip
def test_a_grade_with_an_entry_of_its_own_is_read_before_its_family(
        table: dict[str, Any], outcome: Any) -> None:  # fmt: skip
    assert _outcome(lookup, table, "cap", "SPO_COURTS", FAMILIES) == outcome
