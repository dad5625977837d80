"""Caseloads and spans of control over a year while people move (scenarios round 57):
fixtures/year-moves/README.md says what each file shows. A case allocated before its holder
qualified is judged by all of 7b's categories (P1); staff in post before their named line
manager started are said to be in nobody's span (P2); a finding on a case is dated by the days
it was held, in the tense true on the day judged (P4, P3); a case opened after its holder
left names the opening date (P6)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import check_text
from hypothesis import given
from hypothesis import strategies as st

from workrules import check
from workrules.evaluate import held_span

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "year-moves"
ENGINES = ["python", "columnar"]
CAPS = ["cases_max=8", "span_of_control_max[SPO]=8"]
FILES = ["year/staff.yaml", "year/allocation.yaml"]


def _findings(today: str, engine: str) -> list[str]:
    result = check([str(HERE / f) for f in FILES], set_values=CAPS, engine=engine,
                   today=dt.date.fromisoformat(today))  # fmt: skip
    return [f"{f.rule} {f.subject} {f.when()} {Path(f.file).parent.name}/{Path(f.file).name}:"
            f"{f.line}" for f in result.findings]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_the_year_end_export_gives_exactly_these_findings(engine: str) -> None:
    assert _findings("2026-03-31", engine) == [
        "cases-per-practitioner N2 2025-05-12 to 2026-01-11 year/allocation.yaml:5",
        # the PSO's cover case, handed back in January: held then, not now (P4)
        "case-role-boundary X1003-cover 2025-05-12 to 2026-01-11 year/allocation.yaml:11",
        "case-role-boundary-before-qualifying X5001 2025-10-01 to 2026-03-31 "
        "year/allocation.yaml:32",
        # a domestic abuse case of medium RoSH, allocated to the learner before qualifying (P1)
        "case-role-boundary-before-qualifying X5004 2025-07-07 to 2026-03-31 "
        "year/allocation.yaml:35",
        "case-outside-post X2502 2024-06-03 to 2026-03-31 year/allocation.yaml:43",
        "case-outside-post X2503 2025-11-10 to 2026-03-31 year/allocation.yaml:44",
        "case-role-boundary X8001 2025-08-04 to 2026-03-31 year/allocation.yaml:47",
        # S1-S6 in post before M4 started on 1 September 2025 (P2)
        *(f"line-manager-not-yet-in-post S{n} - year/staff.yaml:{14 + n}" for n in range(1, 7)),
        "line-manager-not-in-post C3 - year/staff.yaml:23",
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_text_report_says_each_case_in_the_tense_of_the_day_judged(engine: str) -> None:
    for today in ("2026-03-31", "2025-07-01"):
        expected = (HERE / "expected" / f"year-{today}.txt").read_text(encoding="utf-8")
        got = check_text("--set", CAPS[0], "--set", CAPS[1], "--today", today, *FILES,
                         cwd=HERE, engine=engine)  # fmt: skip
        assert got == (1, expected, "")
    said = (HERE / "expected" / "year-2025-07-01.txt").read_text(encoding="utf-8")
    # judged as on 1 July 2025: the case S2 is given in November after leaving is planned (P3)
    assert ("S2 is named as holding case X2503 (opened 2025-11-10, closed not given) outside "
            "their time in post") in said
    assert "From 2025-11-10, after the day judged (2025-07-01): planned, not yet held." in said
    assert ("Held since 2025-05-12, and still on 2025-07-01 (the day judged), to 2026-01-11 as "
            "the records plan it.") in said


def test_a_case_finding_has_the_days_it_was_held_as_its_period_in_json() -> None:
    code, out, err = check_text("--set", CAPS[0], "--today", "2026-03-31", "--format", "json",
                                "--select", "case-role-boundary", *FILES, cwd=HERE)  # fmt: skip
    assert (code, err) == (1, "")
    periods = {f["subject"]: f["period"] for f in json.loads(out)["findings"]}
    assert periods == {
        "X1003-cover": {"kind": "span", "start": "2025-05-12", "end": "2026-01-11"},
        "X8001": {"kind": "span", "start": "2025-08-04", "end": "2026-03-31"}}


def test_a_case_opened_after_its_holder_left_is_measured_by_its_opening_date() -> None:
    result = check([str(HERE / f) for f in FILES], select=["case-outside-post"],
                   today=dt.date(2026, 3, 31))  # fmt: skip
    measured = {f.subject: f.measured for f in result.findings}
    assert measured["X2503"] == ("the practitioner's leaving date is 2025-11-01; the date the "
                                 "case was opened is 2025-11-10, the practitioner's leaving "
                                 "date 2025-11-01")  # fmt: skip
    assert "closed" in measured["X2502"]


def test_a_case_history_with_its_crn_repeated_is_refused_saying_how_to_record_a_transfer() -> None:
    code, out, err = check_text("history/staff.yaml", "history/allocation.yaml", cwd=HERE)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == (
        "workrules: history/allocation.yaml:5: case id 'X1001' is used twice: here and at "
        "history/allocation.yaml:4; a case passed from one practitioner to another is two "
        "holdings: give each its own id, with its own opened and closed dates")


DAYS = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@given(DAYS, st.one_of(st.none(), DAYS), st.one_of(st.none(), DAYS))
def test_a_held_span_starts_on_the_opening_and_ends_by_the_closing_or_the_day_judged(
        first: dt.date, end: dt.date | None, today: dt.date | None) -> None:  # fmt: skip
    if end is not None and end < first:
        end = first
    period, said = held_span(first, end, today, "held")
    assert period.start == first and period.end >= first
    if end is not None and end > first:
        assert period.end <= end - dt.timedelta(days=1)
    if today is not None and first <= today:
        assert period.end <= today
    if today is not None and first > today:
        assert "after the day judged" in said and "planned" in said
    else:
        assert said.startswith("Held ") and "after the day judged" not in said
