"""Hours and posts are decimals that binary floating point holds only nearly (25.3 - 22.2 is
3.1000000000000014): both engines compare numbers with a tolerance (engine/common.py,
EPSILON), so that what is given back in full leaves nothing owed and a figure on its cap is
not over it (fixtures/decimals)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules import check
from workrules.api import configured_policy, load_data

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "decimals"
ENGINES = ("python", "columnar")


def _said(result: object) -> list[tuple[str, str, int, str, str]]:
    return [(f.rule, f.subject, f.line, f.measured, f.message)
            for f in result.findings]  # type: ignore[attr-defined]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_hours_given_back_in_full_leave_nothing_unrecompensed(engine: str) -> None:
    # week 1: 3.1 h over, 0.1 h TOIL and 3 h paid; week 2: 0.05 h TOIL, so 0.05 h is owed
    result = check([HERE / "part-time-toil.yaml"], engine=engine)
    assert _said(result) == [(
        "unrecompensed-hours", "B1", 10, "0.05 h",
        "B1 worked 25.3 h in the week of 2024-06-10, 3.1 h over their 22.2 h contracted, but "
        "3.05 h of it was given as TOIL or paid: 0.05 h unrecompensed (4c).")]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_vacant_posts_on_the_cap_are_not_over_it(engine: str) -> None:
    # 2 funded posts, 1 + 14.8/37 = 1.4 in post: 0.6 vacant, on a cap of 0.6
    on_cap = check([HERE / "vacancies.yaml"], set_values=["safeguard_vacancies_max=0.6"],
                   today=dt.date(2024, 6, 30), engine=engine)  # fmt: skip
    assert [f.rule for f in on_cap.findings] == []
    over = check([HERE / "vacancies.yaml"], set_values=["safeguard_vacancies_max=0.5"],
                 today=dt.date(2024, 6, 30), engine=engine)  # fmt: skip
    assert [(f.rule, f.subject, f.measured, f.limit) for f in over.findings] == [
        ("safeguard-vacancies", "Decimal PDU", "0.6", "at most 0.5")]


_POLICY = configured_policy(None, (), False, select=["unrecompensed-hours"])[0]
_HOURS = st.decimals(min_value=Decimal("0"), max_value=Decimal("60"), places=2)


@settings(max_examples=40, deadline=None)
# (a week's contract: below 2 h a figure is no week's hours, and is not judged: review 42)
@given(contracted=st.decimals(min_value=Decimal("2"), max_value=Decimal("40"), places=2),
       over=_HOURS, toil_share=st.decimals(min_value=Decimal("0"), max_value=Decimal("1"),
                                           places=2),
       short=st.sampled_from([Decimal("0"), Decimal("0.01"), Decimal("0.5")]),
       engine=st.sampled_from(ENGINES))  # fmt: skip
def test_decimal_hours_owe_exactly_what_decimal_arithmetic_says(
        contracted: Decimal, over: Decimal, toil_share: Decimal, short: Decimal,
        engine: str) -> None:  # fmt: skip
    """Worked = contracted + over; given back = over - short, split between TOIL and pay:
    a finding exactly when `short` is more than nothing, whatever the decimals."""
    toil = (over * toil_share).quantize(Decimal("0.01"))
    paid = max(over - short - toil, Decimal(0))
    owed = over - toil - paid
    staff = {"kind": "staff", "unit": "U", "staff": [
        {"id": "P1", "grade": "PO", "contracted_hours": float(contracted)}]}
    rota = {"kind": "rota", "unit": "U", "timesheets": [
        {"staff": "P1", "week": "2024-06-03", "hours_worked": float(contracted + over),
         "toil_hours": float(toil), "paid_excess_hours": float(paid)}]}  # fmt: skip
    result = _POLICY.check(load_data([staff, rota]), engine=engine)
    assert [f.rule for f in result.findings] == (["unrecompensed-hours"] if owed > 0 else [])
