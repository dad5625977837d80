"""An ISO week date where a week or a day belongs (`2024-W23-1`, `2024W23`, `2024-w23`), as
some HR systems write one: refused at its line, as every date in another form is, and the
refusal names the day or week it stands for without taking it (fixtures/iso-week-dates)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import run_workrules
from hypothesis import given
from hypothesis import strategies as st

from workrules.schemacheck import date_hint

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "iso-week-dates"


def _check(*files: str) -> tuple[int, str]:
    done = run_workrules("check", "-q", "--format", "text", "staff.yaml", *files, cwd=HERE)
    assert done.stdout == ""
    return done.returncode, done.stderr


def test_a_week_written_with_its_day_is_refused_with_the_day_it_is() -> None:
    assert _check("rota.yaml") == (2, (
        "workrules: rota.yaml:5: timesheets[0].week: '2024-W23-1' is not a date in the form "
        "YYYY-MM-DD or an ISO week YYYY-Www; that is 2024-06-03, day 1 of the ISO week "
        "2024-W23\n"))


def test_a_meetings_day_written_as_a_week_day_is_refused_with_its_date() -> None:
    assert _check("mappa.yaml") == (2, (
        "workrules: mappa.yaml:5: mappa_meetings[0] (M1).date: '2024-W23-3' is not a date in "
        "the form YYYY-MM-DD; that is 2024-06-05, day 3 of the ISO week 2024-W23\n"))


def test_a_csv_week_without_its_hyphen_is_refused_with_the_week_it_is() -> None:
    assert _check("timesheets.csv") == (2, (
        "workrules: timesheets.csv:2: timesheets[0].week: '2024W23' is not a date in the form "
        "YYYY-MM-DD or an ISO week YYYY-Www; that is the ISO week 2024-W23, which starts on "
        "2024-06-03\n"))


def test_a_week_that_does_not_exist_gets_no_day() -> None:
    assert date_hint("2025-W53-1") == ""  # 2025 has 52 ISO weeks
    assert date_hint("2026-W53-7") == "; that is 2027-01-03, day 7 of the ISO week 2026-W53"


@given(st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31)), st.booleans(), st.booleans())
def test_any_iso_week_date_is_named_as_its_own_day(day: dt.date, hyphens: bool,
                                                   lower: bool) -> None:
    year, week, weekday = day.isocalendar()
    sep, w = ("-" if hyphens else ""), ("w" if lower else "W")
    assert date_hint(f"{year}{sep}{w}{week:02d}{sep}{weekday}") == (
        f"; that is {day.isoformat()}, day {weekday} of the ISO week {year}-W{week:02d}")
