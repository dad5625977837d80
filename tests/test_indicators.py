"""Clause 3's indicators (`workrules indicators`): the hand-computed region in
fixtures/workforce/ (see its README.md), periods, and small-cell suppression tried with data
built to leak."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workrules
from workrules.cli import main
from workrules.errors import UsageError
from workrules.workforce import (
    ALL,
    NATIONAL,
    IndicatorReport,
    Window,
    compute,
    parse_by,
    parse_period,
    weekdays,
)
from workrules.workforce_report import json_text

FIXTURE = Path(__file__).parent.parent / "fixtures" / "workforce"
FILES = [str(FIXTURE / f) for f in ("staff.yaml", "rota.yaml", "allocation.yaml")]
ARGS = ["indicators", *FILES, "--period", "2024-Q2", "--by", "region,grade,gender,ethnicity"]


def _run(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    out = tmp_path / "out"
    assert main([*args, "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt,expected", [("table", "expected.txt"), ("csv", "expected.csv"),
                                          ("json", "expected.json")])  # fmt: skip
def test_the_small_region_gives_its_exact_report_in_each_format(
    fmt: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Paths in the report? None: it names groups, never files, so it is the same anywhere.
    got = _run([*ARGS, "--format", fmt], tmp_path, capsys)
    assert got == (FIXTURE / expected).read_text(encoding="utf-8")


def _national(report: IndicatorReport, places: int = 2) -> dict[str, Any]:
    return {i.id: None if not i.available else round(i.cells[0].level or 0, places)
            for i in report.indicators}  # fmt: skip


def test_the_national_levels_are_those_worked_out_by_hand_in_the_readme() -> None:
    report = workrules.indicators(FILES, "2024-Q2", by=("region", "gender"))
    assert _national(report) == {
        "turnover": round(2 / 28.5 * 100, 2), "vacancy": round((33 - 26) / 33 * 100, 2),
        "sickness": round(12 / 1810 * 100, 2), "productivity": round(66 / 26, 2),
        "accidents": round(3 / 26.5 * 100, 2), "paid_over": round(3 / 54, 2),
        "flexitime": 15, "unpaid_over": round(11 / 54, 2),
        "no_contract": 0,  # suppressed: one person (S29)
    }  # fmt: skip
    assert report.indicators[-1].cells[0].suppressed
    # With groups of 2 allowed, the previous quarter shows: worked out by hand too
    before = workrules.indicators(FILES, "2024-Q1", by=("gender",), min_cell=2)
    assert _national(before) == {
        "turnover": round(1 / 29.5 * 100, 2), "vacancy": round((33 - 27) / 33 * 100, 2),
        "sickness": round(9 / 1843 * 100, 2), "productivity": round(71 / 27, 2),
        "accidents": round(1 / 27.5 * 100, 2), "paid_over": round(5 / 54, 2),
        "flexitime": 15, "unpaid_over": round(3 / 54, 2), "no_contract": 0,
    }  # fmt: skip


def test_an_indicator_the_data_cannot_give_says_why_never_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    got = _run(["indicators", str(FIXTURE / "staff.yaml"), "--period", "2024-Q2"], tmp_path,
               capsys)  # fmt: skip
    assert "Average weekly paid hours over contract (hours per person-week)\n  not available: " \
           "no timesheets in the data\n" in got  # fmt: skip
    assert "not available: no cases in the data" in got
    csv = _run(["indicators", str(FIXTURE / "staff.yaml"), "--period", "2024-Q2", "--format",
                "csv"], tmp_path, capsys)  # fmt: skip
    assert ("paid_over,hours per person-week,,,,,,,,,,not available: no timesheets in the data,"
            "2024-Q2,,\n") in csv  # (no counts: round 53, P3)


def test_the_same_input_gives_byte_identical_json() -> None:
    a = json_text(workrules.indicators(FILES, "2024-Q2"))
    b = json_text(workrules.indicators(list(reversed(FILES)), "2024-Q2"))
    assert a == b


def test_redact_is_accepted_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run([*ARGS, "--redact"], tmp_path, capsys) == _run(ARGS, tmp_path, capsys)


def test_the_default_period_is_the_quarter_of_the_latest_work_the_data_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the latest work recorded is S16's sickness from 2024-06-24, in the second quarter; that
    # it runs on to 2024-07-05 does not make the third quarter, of which the data records
    # nothing else, the default
    got = _run(["indicators", *FILES, "--format", "json"], tmp_path, capsys)
    assert '"label": "2024-Q2"' in got and '"label": "2024-Q3"' not in got


def test_an_incident_in_a_later_quarter_makes_that_quarter_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    staff = (FIXTURE / "staff.yaml").read_text(encoding="utf-8").replace(
        "  - {id: I5, date: 2024-06-03, type: accident, staff: S17}\n",
        "  - {id: I5, date: 2024-06-03, type: accident, staff: S17}\n"
        "  - {id: I6, date: 2024-07-02, type: accident, staff: S17}\n")
    assert "I6" in staff
    (tmp_path / "staff.yaml").write_text(staff, encoding="utf-8")
    files = [str(tmp_path / "staff.yaml"), *FILES[1:]]
    got = _run(["indicators", *files, "--format", "json"], tmp_path, capsys)
    assert '"label": "2024-Q3"' in got


@pytest.mark.parametrize("args,message", [
    (["--period", "2024-13"], "argument --period: '2024-13' is not a period (month must be in "
     "1..12): give a year (2024), a quarter (2024-Q2), a month (2024-06) or days "
     "(2024-04-01..2024-06-30)"),
    (["--period", "Q2"], "argument --period: 'Q2' is not a period: give a year (2024), a "
     "quarter (2024-Q2), a month (2024-06) or days (2024-04-01..2024-06-30)"),
    (["--period", "2024-06-30..2024-04-01"],
     "argument --period: '2024-06-30..2024-04-01' ends before it starts"),
    (["--by", "region,gendr"], "argument --by: 'gendr' is not a breakdown: give some of "
     "region, grade, band, gender, ethnicity (did you mean 'gender'?)"),
    (["--min-cell", "1"], "argument --min-cell: '1' is not a whole number of people, 2 or more "
     "(no figure is about one person)"),
])  # fmt: skip
def test_a_bad_option_is_refused_in_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["indicators", *FILES, *args])
    assert exit.value.code == 2
    assert capsys.readouterr().err == (
        f"workrules: {message} (see 'workrules indicators --help')\n")


# ---------------------------------------------------------------------------------------------
# Periods


def test_each_kind_of_period_and_the_one_before_it() -> None:
    q = parse_period("2024-Q1")
    assert (q.start, q.end, q.previous().label) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31),
                                                    "2023-Q4")  # fmt: skip
    assert parse_period("2024-03").previous().label == "2024-02"
    assert parse_period("2024").previous() == parse_period("2023")
    days = parse_period("2024-04-01..2024-04-10")
    assert days.previous() == Window(dt.date(2024, 3, 22), dt.date(2024, 3, 31),
                                     "2024-03-22..2024-03-31", "days")  # fmt: skip


@given(st.dates(dt.date(1903, 1, 1), dt.date(2996, 1, 1)), st.integers(0, 800))
def test_a_range_of_days_is_read_back_and_its_previous_period_ends_the_day_before(
    first: dt.date, length: int
) -> None:
    last = first + dt.timedelta(days=length)
    w = parse_period(f"{first}..{last}")
    assert (w.start, w.end) == (first, last)
    before = w.previous()
    assert before.end + dt.timedelta(days=1) == w.start
    whole_months = w.start.day == 1 and (w.end + dt.timedelta(days=1)).day == 1
    if not whole_months:  # (whole months are compared with as many whole months: session 34)
        assert before.end - before.start == w.end - w.start
    else:
        assert before.start.day == 1


@given(st.integers(1901, 2998), st.integers(1, 4), st.integers(1, 12))
def test_calendar_periods_tile_the_year(year: int, quarter: int, month: int) -> None:
    for w in (parse_period(f"{year}-Q{quarter}"), parse_period(f"{year}-{month:02d}"),
              parse_period(str(year))):  # fmt: skip
        assert w.previous().end + dt.timedelta(days=1) == w.start
        assert w.start.day == 1 and (w.end + dt.timedelta(days=1)).day == 1


@given(st.text(max_size=30))
def test_any_text_is_a_period_or_a_usage_error(text: str) -> None:
    try:
        parse_period(text)
    except UsageError as err:
        assert "\n" not in str(err) or "\n" in text
    with contextlib.suppress(UsageError):
        parse_by(text)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), st.integers(-3, 60))
def test_weekdays_counts_monday_to_friday(first: dt.date, length: int) -> None:
    last = first + dt.timedelta(days=length)
    expected = sum(1 for k in range(length + 1) if (first + dt.timedelta(days=k)).weekday() < 5)
    assert weekdays(first, last) == expected


# ---------------------------------------------------------------------------------------------
# Suppression, tried with data built to leak


def _staff_file(people: list[dict[str, Any]], region: str = "North") -> dict[str, Any]:
    return {"kind": "staff", "region": region, "staff": people}


def _person(i: int, **fields: Any) -> dict[str, Any]:
    return {"id": f"P{i:03d}", "grade": "PO", "contracted_hours": 37, **fields}


Q2 = parse_period("2024-Q2")


def _flexi(report: IndicatorReport) -> dict[tuple[str, str, str], Any]:
    (ind,) = [i for i in report.indicators if i.id == "flexitime"]
    return {(c.scope, c.dimension, c.group): c for c in ind.cells}


def test_a_group_of_nine_beside_its_total_hides_a_second_group() -> None:
    # 16 women and 9 men: the men's figure is suppressed, and so must the women's be, or
    # the total less the women would give the men's.
    people = [_person(i, gender="Female" if i < 16 else "Male", flexitime=i % 2 == 0)
              for i in range(25)]  # fmt: skip
    cells = _flexi(compute(workrules.load_data([_staff_file(people)]), Q2, by=("gender",)))
    assert cells[(NATIONAL, ALL, ALL)].level == 13
    assert cells[(NATIONAL, "gender", "Male")].suppressed
    assert cells[(NATIONAL, "gender", "Female")].suppressed
    assert cells[(NATIONAL, "gender", "Female")].level is None
    assert cells[(NATIONAL, "gender", "Female")].people is None


def test_a_small_region_hides_another_region_and_the_national_rows_stay() -> None:
    north = [_person(i, flexitime=True) for i in range(20)]
    south = [_person(100 + i, flexitime=False) for i in range(4)]
    data = workrules.load_data([_staff_file(north), _staff_file(south, "South")])
    cells = _flexi(compute(data, Q2, by=("region",)))
    assert cells[(NATIONAL, ALL, ALL)].level == 20
    assert cells[("South", ALL, ALL)].suppressed and cells[("North", ALL, ALL)].suppressed
    assert cells[("South", ALL, ALL)].regional is None


def test_two_periods_differing_by_one_person_show_both_figures_as_each_report_does() -> None:
    # Fifteen in post all along; a sixteenth joins in May, working flexitime. The two counts
    # (16 now, 15 before) tell that the newcomer works flexitime, but Q1's own report
    # publishes its 15: hiding it again here protected no one (first hour, round 45, P1).
    people = [_person(i, flexitime=True) for i in range(15)]
    people.append(_person(99, flexitime=True, started_on="2024-05-01"))
    data = workrules.load_data([_staff_file(people)])
    whole = _flexi(compute(data, Q2, by=()))[(NATIONAL, ALL, ALL)]
    assert (whole.level, whole.previous, round(whole.change or 0, 6), whole.previous_why) == (
        16, 15, 6.666667, None)
    assert _flexi(compute(data, parse_period("2024-Q1"), by=()))[(NATIONAL, ALL, ALL)].level == 15


def test_a_group_whose_members_did_not_change_shows_its_change() -> None:
    people = [_person(i, flexitime=i < 12) for i in range(15)]
    cells = _flexi(compute(workrules.load_data([_staff_file(people)]), Q2, by=()))
    whole = cells[(NATIONAL, ALL, ALL)]
    assert (whole.level, whole.previous, whole.change) == (12, 12, 0.0)


def _attack(report: IndicatorReport) -> list[str]:
    """What a reader could work out of a suppressed figure from the report alone: a sum with
    one suppressed term, a change beside one figure, a national or regional column that
    repeats a suppressed row."""
    found = []
    for ind in report.indicators:
        rows = {(c.scope, c.dimension, c.group): c for c in ind.cells}
        sums: dict[tuple[str, ...], list[Any]] = defaultdict(list)
        for (scope, dim, group), c in rows.items():
            if dim != ALL:
                sums[("parts", scope, dim)].append(c)
            if scope != NATIONAL:
                sums[("regions", dim, group)].append(c)
        for key, parts in sums.items():
            whole = rows[(key[1], ALL, ALL)] if key[0] == "parts" else rows[
                (NATIONAL, key[1], key[2])]
            cells = [whole, *parts]
            if sum(c.suppressed for c in cells if c.people != 0) == 1 and any(
                    c.people for c in cells if not c.suppressed):  # fmt: skip
                found.append(f"{ind.id} {key}: one suppressed term")
            before = [c.previous_suppressed for c in cells if c.previous is not None or
                      c.previous_suppressed]  # fmt: skip
            if sum(before) == 1 and len(before) > 1:
                found.append(f"{ind.id} {key}: one suppressed term before")
        for key, c in rows.items():
            if c.change is not None and (c.suppressed or c.previous_suppressed):
                found.append(f"{ind.id} {key}: a change beside a suppressed figure")
            nat = rows[(NATIONAL, key[1], key[2])]
            if nat.suppressed and c.national is not None:
                found.append(f"{ind.id} {key}: the national column repeats a suppressed row")
            if key[0] != NATIONAL and rows[(key[0], ALL, ALL)].suppressed and c.regional:
                found.append(f"{ind.id} {key}: the regional column repeats a suppressed row")
            if c.people is not None and 0 < c.people < report.min_cell:
                found.append(f"{ind.id} {key}: a group of {c.people} shown")
    return found


def _generated(i: int, grade: str, gender: str | None, flexi: bool, started: str | None,
               left: str | None) -> dict[str, Any]:  # fmt: skip
    p = _person(i, grade=grade, flexitime=flexi)
    if gender:
        p["gender"] = gender
    if started:
        p["started_on"] = started
    if left and (not started or left > started):
        p["left_on"] = left
    return p


PEOPLE = st.lists(st.tuples(st.sampled_from(["North", "South", "West"]),
                            st.sampled_from(["Female", "Male", None]),
                            st.sampled_from(["PO", "PSO"]), st.booleans(),
                            st.sampled_from([None, "2024-02-01", "2024-05-01"]),
                            st.sampled_from([None, "2024-03-01", "2024-06-01"])),
                  min_size=1, max_size=60)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(PEOPLE, st.integers(2, 12))
def test_no_suppressed_figure_can_be_worked_out(people: list[Any], min_cell: int) -> None:
    records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    absences, timesheets = [], []
    for i, (region, gender, grade, flexi, started, left) in enumerate(people):
        p = _generated(i, grade, gender, flexi, started, left)
        records[region].append(p)
        if i % 3 == 0:
            absences.append({"staff": p["id"], "first_day": "2024-05-06",
                             "last_day": "2024-05-07", "reason": "sickness"})  # fmt: skip
        timesheets.append({"staff": p["id"], "week": "2024-06-03", "hours_worked": 37 + i % 4})
    files: list[Any] = [_staff_file(v, k) for k, v in sorted(records.items())]
    files[0]["absences"] = absences
    files.append({"kind": "rota", "timesheets": timesheets})
    report = compute(workrules.load_data(files), Q2, by=("region", "grade", "gender"),
                     min_cell=min_cell)  # fmt: skip
    assert _attack(report) == []


def test_nothing_suppressed_in_the_small_region_can_be_worked_out() -> None:
    for period in ("2024-Q1", "2024-Q2", "2024-05", "2024-04-15..2024-06-20"):
        for min_cell in (2, 5, 10, 20):
            report = workrules.indicators(FILES, period, min_cell=min_cell)
            assert _attack(report) == []


def test_data_sets_computed_in_turn_each_read_their_own_timesheets() -> None:
    def data(prefix: str, hours: float) -> Any:
        people = [{"id": f"{prefix}{i}", "grade": "PO"} for i in range(12)]  # no contract
        sheets = [{"staff": p["id"], "week": "2024-06-03", "hours_worked": hours} for p in people]
        # (and a contracted manager: where no one gives contracted hours, the export is taken
        # to have left them out, and the figure is not given)
        people.append({"id": f"{prefix}M", "grade": "SPO", "contracted_hours": 37})
        return workrules.load_data([_staff_file(people), {"kind": "rota", "timesheets": sheets}])

    for prefix, hours in (("A", 10), ("B", 20), ("A", 30)):
        report = compute(data(prefix, hours), Q2, by=())
        assert report.indicators[-1].cells[0].level == hours


def test_the_html_page_has_a_chart_and_a_table_for_each_indicator_it_can_give(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = _run([*ARGS, "--format", "html"], tmp_path, capsys)
    # nine tables; eight charts, as the hours of staff without a contract are one person's
    assert html.count("<svg") == 8 and html.count("<table") == 9
    assert "<p>(nothing to chart)</p>" in html
    # turnover, drawn for the region, labelled with the two units its files give (a first
    # hour, round 48, P5)
    assert "<title>North East: Tyne PDU and Wear PDU (the files given): 7%</title>" in html
    assert "not available" not in html
    assert html == _run([*ARGS, "--format", "html"], tmp_path, capsys)


def test_a_group_suppressed_now_shows_before_what_the_period_before_shows() -> None:
    # Male is suppressed in Q2 (to protect the two whose gender is not given). Its Q1 figure
    # is shown or hidden as Q1's own report shows or hides it: shown there, it is no secret
    # here. The change, which with the figure before would give the one now, is never shown.
    by = ("region", "grade", "gender", "ethnicity")
    now = workrules.indicators(FILES, "2024-Q2", by=by)
    before = workrules.indicators(FILES, "2024-Q1", by=by)
    hidden = [(i.id, c.scope, c.group) for i in now.indicators for c in i.cells
              if c.suppressed]  # fmt: skip
    assert ("flexitime", "national", "Male") in hidden
    for ind, earlier in zip(now.indicators, before.indicators, strict=True):
        then = {(c.scope, c.dimension, c.group): c for c in earlier.cells}
        for cell in ind.cells:
            was = then[(cell.scope, cell.dimension, cell.group)]
            assert (cell.previous, cell.previous_suppressed) == (was.level, was.suppressed)
            if cell.suppressed:
                assert cell.change is None and cell.change_why == "the figure now is suppressed"


# ---------------------------------------------------------------------------------------------
# Suppression at the extremes: an attacker who knows the counts behind every shown figure


def _bound_attack(data: Any, report: IndicatorReport) -> list[str]:
    """What a reader who knows the counts behind each shown figure (its numerator and
    denominator: leavers and headcount, days lost and days in post, flexitime staff...) could
    work out: hidden groups whose numerators, taken together, must be 0 (no one's can be
    below it) or all they could be (a leaver leaves once; no one loses more days than they
    were in post; one person is one flexitime worker). Then each hidden group is known."""
    from workrules.workforce import SPECS, people, tally

    floors = {s.id for s in SPECS} - {"vacancy"}
    caps = {"turnover": "people", "sickness": "den", "flexitime": "den"}
    staff = people(data)
    found = []
    for spec, ind in zip(SPECS, report.indicators, strict=True):
        if not ind.available:
            continue
        for window, flag in ((report.period, "suppressed"),
                             (report.previous, "previous_suppressed")):  # fmt: skip
            t = tally(staff, *spec.measure(data, staff, window), report.by, spec.dimensions)
            hidden = {(c.scope, c.dimension, c.group) for c in ind.cells if getattr(c, flag)}
            sums: dict[tuple[str, ...], list[Any]] = defaultdict(list)
            for scope, dim, group in t:
                if dim != ALL:
                    sums[(scope, ALL, ALL)].append((scope, dim, group))
                if scope != NATIONAL:
                    sums[(NATIONAL, dim, group)].append((scope, dim, group))
            for whole, parts in sums.items():
                by_dim: dict[str, list[Any]] = defaultdict(list)
                for p in parts:
                    by_dim[p[1] if whole[0] != NATIONAL or p[0] == NATIONAL else "region"
                           ].append(p)  # fmt: skip
                for terms in by_dim.values():
                    gone = [k for k in terms if k in hidden and t[k].members]
                    if whole in hidden or whole not in t or not gone:
                        continue
                    shown = [k for k in terms if k not in hidden]
                    num = t[whole].num - sum(t[k].num for k in shown)
                    den = t[whole].den - sum(t[k].den for k in shown)
                    n = len(t[whole].members) - sum(len(t[k].members) for k in shown)
                    extras = abs(sum(t[k].num for k in terms) - t[whole].num) > 1e-9
                    if spec.id in floors and abs(num) < 1e-9:
                        found.append(f"{ind.id} {window.label} {gone}: each is 0")
                    cap = {"people": n, "den": den}.get(caps.get(spec.id, ""))
                    if cap is not None and not extras and abs(num - cap) < 1e-9:
                        found.append(f"{ind.id} {window.label} {gone}: each is at its most")
    return found


def test_all_leavers_in_the_shown_group_hides_it_too() -> None:
    # fixtures/workforce: Q2's two leavers are women. Female shown beside the total would
    # tell that the hidden groups (no gender given) had no leaver.
    data = workrules.load_data(FILES)
    report = compute(data, Q2, by=("region", "grade", "gender", "ethnicity"))
    cells = {(i.id, c.scope, c.dimension, c.group): c for i in report.indicators
             for c in i.cells}  # fmt: skip
    for ind in ("turnover", "accidents", "paid_over", "unpaid_over"):
        assert cells[(ind, NATIONAL, "gender", "Female")].suppressed
        assert cells[(ind, NATIONAL, "ethnicity", "White British")].suppressed
    # Male (10 people, no leaver) is shown: its hidden siblings share both leavers
    male = cells[("turnover", NATIONAL, "gender", "Male")]
    assert (male.level, male.previous) == (0.0, 0.0)
    # (its 10 people are not shown: sickness hides Male, and counts the same people)
    assert (male.people, male.people_why) == (
        None, "hidden under Sickness absence rate, which counts the same people")
    assert _bound_attack(data, report) == []


def test_a_total_of_zero_hides_the_whole_that_would_give_a_small_group_away() -> None:
    # No one works flexitime: a shown 0 for the 25 would say the 9 men do not either. The
    # 16 women are enough to be shown, 0 and all.
    people = [_person(i, gender="Female" if i < 16 else "Male", flexitime=False)
              for i in range(25)]  # fmt: skip
    data = workrules.load_data([_staff_file(people)])
    report = compute(data, Q2, by=("gender",))
    assert [(k[2], c.level, c.suppressed) for k, c in _flexi(report).items()] == [
        (ALL, None, True), ("Female", 0, False), ("Male", None, True)]
    assert _bound_attack(data, report) == []


def test_hidden_groups_all_at_flexitime_are_not_left_to_be_read() -> None:
    # 16 women (8 on flexitime), 12 men and 3 whose gender is not given (all on flexitime).
    # Hiding the men beside the 3 would leave 15 of 15 on flexitime, so each of the 3 is:
    # the women are hidden instead.
    people = [_person(i, gender=("Female" if i < 16 else "Male") if i < 28 else None,
                      flexitime=i >= 8) for i in range(31)]  # fmt: skip
    for p in people:
        if p["gender"] is None:
            del p["gender"]
    data = workrules.load_data([_staff_file(people)])
    report = compute(data, Q2, by=("gender",))
    assert [(k[2], c.people, c.level) for k, c in _flexi(report).items()] == [
        (ALL, 31, 23), ("Female", None, None), ("Male", 12, 12), ("not given", None, None)]
    assert _bound_attack(data, report) == []


EXTREMES = st.lists(st.tuples(st.sampled_from(["North", "South"]),
                              st.sampled_from(["Female", "Male", None]),
                              st.sampled_from(["PO", "PSO"]), st.booleans(),
                              st.sampled_from([None, None, "2024-05-01"]),
                              st.sampled_from([None, None, "2024-02-01", "2024-06-01"]),
                              st.sampled_from([0, 0, 1, 2]), st.booleans()),
                    min_size=1, max_size=50)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(EXTREMES, st.integers(2, 12))
def test_no_hidden_figure_sits_at_a_bound_an_attacker_can_read(people: list[Any],
                                                                min_cell: int) -> None:
    # Every number of leavers, flexitime workers, sick days and paid hours, 0 and all
    # included, for groups of any size: nothing hidden can be read at 0 or at its most.
    records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    absences, incidents, sheets = [], [], []
    for i, (region, gender, grade, flexi, started, left, sick, paid) in enumerate(people):
        p = _generated(i, grade, gender, flexi, started, left)
        records[region].append(p)
        if sick:
            absences.append({"staff": p["id"], "first_day": "2024-04-01", "reason": "sickness",
                             "last_day": "2024-06-28" if sick == 2 else "2024-04-02"})
        if sick == 1:
            incidents.append({"id": f"I{i}", "date": "2024-04-10", "type": "accident",
                              "staff": p["id"]})  # fmt: skip
        sheets.append({"staff": p["id"], "week": "2024-06-03", "hours_worked": 40,
                       "paid_excess_hours": 3 if paid else 0})  # fmt: skip
    files: list[Any] = [_staff_file(v, k) for k, v in sorted(records.items())]
    files[0]["absences"], files[0]["incidents"] = absences, incidents
    files.append({"kind": "rota", "timesheets": sheets})
    data = workrules.load_data(files)
    report = compute(data, Q2, by=("region", "grade", "gender"), min_cell=min_cell)
    assert _bound_attack(data, report) == []
    assert _attack(report) == []
