"""A contract changed within the run, exported as the one held today (scenarios round 52, P5),
on the files in fixtures/contract-change/: 4c judges every week against one weekly contract,
so the weeks before a cut from 37 h to 29.6 h read as 7.4 h over the new one. The findings
stand (the tool cannot tell a change from real overtime that stopped), and 4c names the person
as applied in part, with what to check; overtime that varies from week to week, overtime every
week, overtime that comes back, and a step after one week alone are not named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import partial_notices
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules import check, load_data
from workrules.dataset import contract_steps, load_kept
from workrules.lazyrows import Rows

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "contract-change"
TODAY = dt.date(2025, 4, 1)

STEP = (
    "applied in part: 1 staff member who worked the same hours over their contract each week "
    "until one week and at or under it every week since (C1: 37 h in each of 5 weeks before "
    "the week of 2024-12-09, then 3 weeks at or under 29.6 h), as a contract changed within "
    "the run and exported as the one held today would read: this rule judges every week "
    "against one weekly contract, so its findings about them before that week may be the old "
    "contract's hours; check their contracts' history, and check the weeks of each contract "
    "alone, a run for each with its own staff file; no timesheet in the data gives TOIL hours "
    "or paid excess hours other than 0, so each was read as having none; if the export leaves "
    "them out, this rule could not judge by them")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_weeks_before_a_contract_cut_are_named_the_findings_standing(engine: str) -> None:
    result = check([HERE / "staff.yaml", HERE / "rota.yaml"], today=TODAY, engine=engine)
    found = [(f.subject, f.period.start.isoformat() if f.period else "", f.value)
             for f in result.findings if f.rule == "unrecompensed-hours"]  # fmt: skip
    assert [(who, week) for who, week, _ in found] == [
        ("C1", "2024-11-04"), ("C1", "2024-11-11"), ("C1", "2024-11-18"), ("C1", "2024-11-25"),
        ("C1", "2024-12-02"),
        ("C2", "2024-11-04"), ("C2", "2024-11-11"), ("C2", "2024-11-18"), ("C2", "2024-11-25"),
        *[("C3", (dt.date(2024, 11, 4) + dt.timedelta(weeks=i)).isoformat()) for i in range(8)],
        ("C4", "2024-11-04"), ("C4", "2024-11-11"), ("C4", "2024-12-02"), ("C4", "2024-12-09"),
        ("C5", "2024-11-04"),
        ("C6", "2024-11-04"), ("C6", "2024-11-11"), ("C6", "2024-11-18"), ("C6", "2024-11-25")]
    assert [value for who, _, value in found if who == "C1"] == [pytest.approx(7.4)] * 5
    said = [na for na in result.not_applied if na.rule == "unrecompensed-hours"]
    assert [(na.reason, na.partial, na.file, na.line) for na in said] == [
        (STEP, True, str(HERE / "staff.yaml"), 7)]
    # the other 4c rule, and every other rule, say nothing of a contract changed
    assert not any("contract changed" in reason for rule, reason in partial_notices(result)
                   if rule != "unrecompensed-hours")  # fmt: skip


@pytest.mark.parametrize("keep", ["all", "none"])
def test_a_step_is_found_alike_on_records_kept_as_columns(
        keep: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)
    monkeypatch.setattr("workrules.dataset._COLUMNS_MIN", 0)
    data = load_kept([str(HERE / "staff.yaml"), str(HERE / "rota-timesheets.ndjson")], keep)
    assert isinstance(data.of("timesheet"), Rows) is (keep == "all")
    assert contract_steps(data, {"C1", "C2", "C3", "C4", "C5", "C6"}, 37.0) == [
        ("C1", dt.date(2024, 12, 9), 5, 37, 3, pytest.approx(29.6))]


def test_only_the_people_a_rule_found_are_read() -> None:
    data = load_data([HERE / "staff.yaml", HERE / "rota.yaml"])
    assert contract_steps(data, {"C2", "C3"}) == []
    assert [who for who, *_ in contract_steps(data, {"C1"})] == ["C1"]


def test_hours_longer_than_a_full_time_week_before_the_step_are_overtime() -> None:
    # C6: 41 h a week, then 37 h, against 37 h: no contract is longer than the full-time week
    # (the policy's full_time_hours, 37 h), so overtime that stopped (the review of session 51,
    # P8); without a full-time week to compare with, the step is named
    data = load_data([HERE / "staff.yaml", HERE / "rota.yaml"])
    assert contract_steps(data, {"C6"}, 37.0) == []
    assert contract_steps(data, {"C6"}) == [("C6", dt.date(2024, 12, 2), 4, 41, 4, 37)]


def _data(weeks: list[float], contract: float) -> object:
    start = dt.date(2025, 1, 6)
    staff = {"kind": "staff", "staff": [
        {"id": "S1", "name": "A B", "grade": "PO", "contracted_hours": contract}]}
    rota = {"kind": "rota", "timesheets": [
        {"staff": "S1", "week": (start + dt.timedelta(weeks=i)).isoformat(), "hours_worked": h}
        for i, h in enumerate(weeks)]}  # fmt: skip
    return load_data([("staff.yaml", staff), ("rota.yaml", rota)])


@settings(max_examples=60, deadline=None)
@given(before=st.integers(2, 8), after=st.integers(2, 8),
       contract=st.sampled_from([18.5, 22.2, 29.6, 30.0]),
       over=st.sampled_from([1.0, 3.7, 7.4, 14.8]))  # fmt: skip
def test_a_step_down_to_the_contract_is_found_at_its_first_week(
        before: int, after: int, contract: float, over: float) -> None:  # fmt: skip
    weeks = [contract + over] * before + [contract] * after
    assert contract_steps(_data(weeks, contract), {"S1"}) == [  # type: ignore[arg-type]
        ("S1", dt.date(2025, 1, 6) + dt.timedelta(weeks=before), before,
         pytest.approx(contract + over), after, contract)]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(weeks=st.lists(st.sampled_from([30.0, 37.0, 38.0, 40.0, 41.5, 45.0]), min_size=1,
                      max_size=10))  # fmt: skip
def test_no_step_where_overtime_varies_comes_back_or_never_stops(weeks: list[float]) -> None:
    # a step is every week over by one figure, then every week at or under: anything else
    # (hours that vary before, an over week after, no week at or under) is not one
    found = contract_steps(_data(weeks, 37.0), {"S1"})  # type: ignore[arg-type]
    at = next((i for i, h in enumerate(weeks) if h <= 37.5), len(weeks))
    step = (at >= 2 and len(weeks) - at >= 2 and len(set(weeks[:at])) == 1
            and all(h <= 37.5 for h in weeks[at:])
            and sum(h == 37.0 for h in weeks[at:]) * 2 >= len(weeks) - at)  # fmt: skip
    assert bool(found) is step
