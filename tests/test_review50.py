"""Session 40: what the helpers found, on the files in fixtures/review50/.

- scenarios, round 39 (left from session 39): a share just over a cap of two places said as
  the cap itself;
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from workrules import check
from workrules.render import apart, number

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review50"


# ---------------------------------------------------------------- a value at its limit's places

def test_a_share_just_over_its_cap_is_said_to_the_places_that_show_it_over() -> None:
    # one practitioner of three above 110% of WMT: 33.333...%, over a cap set at 33.33%;
    # "33.33% ..., more than the 33.33% agreed" read as a false breach
    edge = HERE / "share-edge"
    result = check([edge / "staff.yaml", edge / "allocation.yaml"], set_values=["safeguard_over_ceiling_share_max=33.33%"],
                   today=dt.date(2025, 4, 30),
                   select=["safeguard-over-ceiling-share"])  # fmt: skip
    [f] = result.findings
    assert (f.measured, f.limit, f.line) == ("33.333%", "at most 33.33%", 4)
    assert f.message.startswith(
        "Tees PDU, week of 2025-03-03: 33.333% of the practitioners with a reading above 110% "
        "of WMT (1 of 3), more than the 33.33% agreed for Operation Safeguard (1.1g); ")
    assert f.value == 100 / 3 and f.limit_value == 33.33  # the numbers as they are


def test_a_share_over_its_cap_by_more_than_two_places_show_is_said_as_before() -> None:
    edge = HERE / "share-edge"
    result = check([edge / "staff.yaml", edge / "allocation.yaml"], set_values=["safeguard_over_ceiling_share_max=30%"],
                   today=dt.date(2025, 4, 30),
                   select=["safeguard-over-ceiling-share"])  # fmt: skip
    [f] = result.findings
    assert (f.measured, f.limit) == ("33.33%", "at most 30%")


@given(st.floats(0.001, 10_000, allow_nan=False), st.floats(1e-6, 0.009))
def test_a_value_and_a_limit_said_alike_are_said_apart_on_the_side_they_are(
        limit: float, over: float) -> None:  # fmt: skip
    value = limit + over
    said, limit_said = number(value), number(limit)
    shown, shown_limit = apart(value, limit, said, limit_said)
    if said != limit_said:
        assert (shown, shown_limit) == (value, limit)
    else:
        places = shown.places  # type: ignore[attr-defined]
        assert float(number(shown)) > float(number(shown_limit))  # on the side they are
        for x, text in ((value, number(shown)), (limit, number(shown_limit))):  # rounded
            assert abs(float(text) - x) <= 0.5 * 10**-places + 1e-12
