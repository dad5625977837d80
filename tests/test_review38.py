"""Session 28's review: what the helpers found, on real files under fixtures/review38.

Each test names a behaviour and asserts the exact findings (rule, subject, line) or notices of
a check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workrules import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review38"
DATA = HERE / "data"
FILES = [DATA / "wmt-holds-gap" / "staff.yaml", DATA / "wmt-holds-gap" / "allocation.yaml"]


def _said(result: Any) -> list[tuple[str, str]]:
    return [(na.rule, na.reason) for na in result.not_applied if na.partial]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_days_no_wmt_reading_may_stand_for_inside_a_run_above_the_line_are_said_unjudged(
        engine: str) -> None:  # fmt: skip
    folder = DATA / "wmt-holds-gap"
    result = check(FILES, engine=engine, select=["wmt-over-ceiling"],
                   set_values=["wmt_reading_holds=7 days"])  # fmt: skip
    assert result.findings == ()  # each reading above the line stood its week, no longer
    at = folder / "allocation.yaml"
    assert _said(result) == [("wmt-over-ceiling", (
        "applied in part; not judged for 2 stretches of days with no WMT reading standing (a "
        "reading stands for at most 7 days), inside a run of readings the rule's condition "
        f"held for: PO7 from 2024-06-10 to 2024-06-23 (after {at}:4), PO8 from 2024-06-10 to "
        f"2024-06-11 (after {at}:8); a spell may have gone on through them"))]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_reading_held_for_longer_leaves_fewer_days_unjudged(engine: str) -> None:
    folder = DATA / "wmt-holds-gap"
    result = check(FILES, engine=engine, select=["wmt-over-ceiling"],
                   set_values=["wmt_reading_holds=2 weeks"])  # fmt: skip
    assert [(f.subject, f.line, f.value) for f in result.findings] == [
        ("PO7", 4, 14), ("PO8", 8, 9)]  # PO8's spell ends the day she left
    assert _said(result) == [("wmt-over-ceiling", (
        "applied in part; not judged for 1 stretch of days with no WMT reading standing (a "
        "reading stands for at most 14 days), inside a run of readings the rule's condition "
        f"held for: PO7 from 2024-06-17 to 2024-06-23 (after {folder / 'allocation.yaml'}:4); "
        "a spell may have gone on through it"))]


def test_with_no_limit_on_how_long_a_reading_stands_every_day_is_judged() -> None:
    result = check(FILES, select=["wmt-over-ceiling"])
    assert [(f.subject, f.value) for f in result.findings] == [("PO7", 28), ("PO8", 9)]
    assert _said(result) == []
