"""Dated parameter values: each record is judged by the value in force on its day.

`fixtures/policies/history-caps.wr` lowers two caps during the example's fortnight, one cap
(on records without a day) at the turn of 2025, and agrees a fourth only from 2025.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workrules import load_data, load_policy
from workrules.errors import PolicyError
from workrules.findings import Result

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DATA = [FIXTURES / "example" / f for f in ("staff.yaml", "rota.yaml", "allocation.yaml")]


def check(today: str) -> Result:
    policy = load_policy(FIXTURES / "policies" / "history-caps.wr")
    return policy.check(load_data(DATA), today=dt.date.fromisoformat(today))


def of(result: Result, rule: str) -> list[tuple[str, str, str]]:
    return [(f.subject, f.when(), f.limit) for f in result.findings if f.rule == rule]


def test_a_daily_cap_takes_the_value_in_force_on_each_day() -> None:
    # 9 h a day until 2024-06-06, 8 h from 2024-06-07: S011's 9 h on the 6th is within the
    # old cap; S010's 9 h on the 7th breaches the new one.
    assert of(check("2024-06-30"), "upw-contact-hours") == [("S010", "2024-06-07", "at most 8 h")]


def test_a_weekly_cap_takes_the_value_in_force_on_the_monday_of_the_week() -> None:
    assert of(check("2024-06-30"), "programme-sessions-per-week") == [
        ("S020", "week of 2024-06-10", "at most 4"),
    ]


def test_the_sentence_names_the_value_that_applied() -> None:
    (finding,) = [f for f in check("2024-06-30").findings if f.rule == "upw-contact-hours"]
    assert finding.message == ("S010 had 9 h of contact with work groups on 2024-06-07 (U104, "
                               "U105); the cap is 8 h a day (5c).")


@pytest.mark.parametrize(("today", "expected"), [
    ("2024-12-31", []),
    ("2025-01-01", [("S040", "-", "at most 2")]),
])
def test_records_without_a_day_take_the_value_in_force_today(
    today: str, expected: list[tuple[str, str, str]]
) -> None:
    assert of(check(today), "sfo-open-reviews") == expected


def test_a_cap_agreed_from_a_date_is_reported_unset_before_it() -> None:
    result = check("2024-06-30")
    assert of(result, "pta-learners") == []
    (note,) = [na for na in result.not_applied if na.rule == "pta-learners"]
    assert note.reason == ("applied in part; cap not yet agreed for earlier records: "
                           "pta_learners_max unset before 2025-01-01; records with no date are "
                           "judged by the values in force on 2024-06-30 (the run's day), when "
                           "pta_learners_max is unset: none of them was judged")
    assert of(check("2025-01-01"), "pta-learners") == [("S005", "-", "at most 1")]


def test_rules_lists_the_history_of_each_value() -> None:
    policy = load_policy(FIXTURES / "policies" / "history-caps.wr")
    assert policy.describe_value("programme_sessions_max") == "5, then 4 from 2024-06-10"
    assert policy.describe_value("pta_learners_max") == "to be agreed, then 1 from 2025-01-01"


def test_a_set_on_the_command_line_replaces_the_history() -> None:
    policy = load_policy(FIXTURES / "policies" / "history-caps.wr", ["programme_sessions_max=5"])
    result = policy.check(load_data(DATA), today=dt.date(2024, 6, 30))
    assert of(result, "programme-sessions-per-week") == []


@pytest.mark.parametrize(("text", "message", "column"), [
    ("set programme_sessions_max = 5 from 2024-06-10, 4 from 2024-06-03",
     "dates of a history must rise: 2024-06-03 is not after 2024-06-10", 49),
    ("set programme_sessions_max = 5 from 2024-06-10, 4",
     "only the first value of a history may have no 'from DATE'", 49),
    ("set programme_sessions_max = 5, 4.5 from 2024-06-10",
     "4.5 is not a value for programme_sessions_max, which is a whole number", 33),
])
def test_a_bad_history_is_refused_with_its_column(
    text: str, message: str, column: int, tmp_path: Path
) -> None:
    policy = tmp_path / "p.wr"
    policy.write_text(f'extends "claim-2024"\n{text}\n', encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_policy(policy)
    assert (err.value.message, err.value.line, err.value.column) == (message, 2, column)
