"""Review 56: a rep's sheets and an analyst's previous period (a first hour, round 45: P1, P3,
P8, P9, P10, P11 and P13), on the files in fixtures/review56/sheet/ (its README says which):

- the change on the previous period is given wherever both periods' own reports show their
  figures, and each hidden figure says why (the JSON's `why` fields, the table's last column,
  the CSV's note); a region whose people changed by a few is no longer hidden;
- a group's count of people is shown or hidden alike in every indicator that counts the same
  people;
- a date that may be day first or month first is told both readings, and what another date
  of its column proves;
- a title line over a blank row, a sheet with a column for each week, a rota's staff columns
  and a warehouse's staff export in a folder are each told what to do in the first refusal.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from conftest import run_workrules
from hypothesis import given, settings
from hypothesis import strategies as st
from test_indicators import PEOPLE, _generated, _staff_file

import workrules
from workrules.workforce import (
    ALL,
    NATIONAL,
    SPECS,
    IndicatorReport,
    compute,
    lines,
    parse_period,
    people,
    solvable,
    tally,
)
from workrules.workforce_report import csv_text, json_text, table

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review56" / "sheet"
REGIONS = [str(HERE / "regions" / "staff.yaml")]
WORKFORCE = [str(ROOT / "fixtures" / "workforce" / f)
             for f in ("staff.yaml", "rota.yaml", "allocation.yaml")]  # fmt: skip
BY = ("region", "grade", "gender", "ethnicity")


def _rows(report: IndicatorReport, indicator: str) -> list[str]:
    return [",".join(row.split(",")[2:12]) for row in csv_text(report).splitlines()
            if row.startswith(f"{indicator},")]  # fmt: skip


def _cells(report: IndicatorReport) -> dict[tuple[str, str, str, str], Any]:
    return {(i.id, c.scope, c.dimension, c.group): c for i in report.indicators for c in i.cells}


# ------------------------------------------------------------ P1: the change on the period before


def test_a_region_whose_people_changed_by_a_few_shows_its_change() -> None:
    # North: N13 left in February, N14 joined and N12 left in May. Both quarters' own reports
    # show North's turnover, so its change is given (it was `[c]` in every region).
    # (three regions' files, no unit given: each row labelled as the files', a first hour,
    # round 48, P5)
    report = workrules.indicators(REGIONS, "2024-Q2", by=("region",))
    assert _rows(report, "turnover") == [
        "3 regions (the files given),all,all,37,5.6,2.7,+105.6,5.6,,",
        "North (the files given),all,all,13,8.3,8.0,+4.2,5.6,8.3,",
        "South (the files given),all,all,14,0.0,0.0,-,5.6,0.0,",
        "West (the files given),all,all,10,10.5,0.0,-,5.6,10.5,",
    ]
    # On 30 June West has 9 people, and North is hidden with it (the national whole less
    # South would give West's). Their Q1 figures are Q1's own report's, shown: 6 and 4.
    assert _rows(report, "flexitime") == [
        "3 regions (the files given),all,all,35,14,14,0.0,14,,",
        "North (the files given),all,all,[c],[c],6,[c],14,[c],why [c]: hidden with a small group",
        "South (the files given),all,all,14,4,4,0.0,14,4,",
        "West (the files given),all,all,[c],[c],4,[c],14,[c],why [c]: fewer than 10 people",
    ]
    before = workrules.indicators(REGIONS, "2024-Q1", by=("region",))
    assert [r.split(",")[4] for r in _rows(before, "flexitime")] == ["14", "6", "4", "4"]


def _same_as_its_own_report(now: IndicatorReport, before: IndicatorReport) -> None:
    for ind, earlier in zip(now.indicators, before.indicators, strict=True):
        assert ind.available == earlier.available or not earlier.available, ind.id
        if not (ind.available and earlier.available) or ind.previous_caveat:
            continue  # (a period before the data's records has no figure, said so)
        then = {(c.scope, c.dimension, c.group): c for c in earlier.cells}
        for cell in ind.cells:
            was = then.get((cell.scope, cell.dimension, cell.group))
            if was is None:  # a group with no one then
                assert (cell.previous, cell.previous_suppressed) == (None, False)
                continue
            assert (cell.previous, cell.previous_suppressed) == (was.level, was.suppressed), (
                ind.id, cell)
            shown = not cell.suppressed and not cell.previous_suppressed
            assert (cell.change is not None) == (
                shown and cell.level is not None and (cell.previous or 0) > 0), (ind.id, cell)


@pytest.mark.parametrize(("files", "period", "by", "min_cell"), [
    (REGIONS, "2024-Q2", ("region",), 10),
    (REGIONS, "2024-Q2", ("region", "gender"), 5),
    (WORKFORCE, "2024-Q2", BY, 10),
    (WORKFORCE, "2024-Q2", ("gender",), 2),
    (WORKFORCE, "2024-05", BY, 5),
])  # fmt: skip
def test_the_period_before_shows_what_its_own_report_shows(
        files: list[str], period: str, by: tuple[str, ...], min_cell: int) -> None:  # fmt: skip
    now = workrules.indicators(files, period, by=by, min_cell=min_cell)
    before = workrules.indicators(files, now.previous, by=by, min_cell=min_cell)
    _same_as_its_own_report(now, before)


@settings(max_examples=25, deadline=None)
@given(PEOPLE, st.integers(2, 12))
def test_the_period_before_shows_what_its_own_report_shows_on_any_population(
        found: list[Any], min_cell: int) -> None:  # fmt: skip
    records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    absences = []
    for i, (region, gender, grade, flexi, started, left) in enumerate(found):
        p = _generated(i, grade, gender, flexi, started, left)
        records[region].append(p)
        if i % 3 == 0:
            absences.append({"staff": p["id"], "first_day": "2024-03-04" if i % 2 else
                             "2024-05-06", "last_day": "2024-05-07", "reason": "sickness"})
    files: list[Any] = [_staff_file(v, k) for k, v in sorted(records.items())]
    files[0]["absences"] = absences
    data = workrules.load_data(files)
    by = ("region", "grade", "gender")
    now = compute(data, parse_period("2024-Q2"), by=by, min_cell=min_cell)
    _same_as_its_own_report(now, compute(data, now.previous, by=by, min_cell=min_cell))


def test_the_men_s_accidents_before_are_hidden_as_their_own_quarter_hides_them() -> None:
    # Q1's own report hides the men's accident rate and shows the women's 0.0. The Q2 report
    # showed the men's (10.5), hiding the women's: with Q1's report and its whole (1 accident),
    # that told the two people of no gender given had none. Now it shows what Q1's shows.
    cells = _cells(workrules.indicators(WORKFORCE, "2024-Q2", by=BY))
    men, women = (cells[("accidents", NATIONAL, "gender", g)] for g in ("Male", "Female"))
    assert (men.previous, men.previous_suppressed, men.change) == (None, True, None)
    assert (women.previous, women.previous_suppressed) == (0.0, False)


def test_each_hidden_figure_says_why_in_the_json() -> None:
    report = workrules.indicators(WORKFORCE, "2024-Q2", by=BY)
    whys = {key: (c.why, c.people_why, c.previous_why, c.change_why)
            for key, c in _cells(report).items()}  # fmt: skip
    assert whys[("turnover", NATIONAL, "gender", "Female")] == (
        "hidden with a small group", None, "hidden with a small group in 2024-Q1",
        "the figure now is suppressed")
    assert whys[("turnover", NATIONAL, "gender", "not given")] == (
        "fewer than 10 people", None, "fewer than 10 people in 2024-Q1",
        "the figure now is suppressed")
    assert whys[("accidents", NATIONAL, "gender", "Male")] == (
        None, "hidden under Sickness absence rate, which counts the same people",
        "hidden with a small group in 2024-Q1", "the figure for 2024-Q1 is suppressed")
    assert whys[("turnover", NATIONAL, ALL, ALL)] == (None, None, None, None)
    # every flag set has its why, and none is set without it
    for c in _cells(report).values():
        assert (c.why is not None, c.previous_why is not None) == (
            c.suppressed, c.previous_suppressed)
        assert c.people_suppressed == (c.why is not None or c.people_why is not None)
        assert (c.change_why is not None) == (c.suppressed or c.previous_suppressed)
    cell = json.loads(json_text(report))["indicators"][0]["cells"][3]
    keys = ("group", "why", "people_why", "previous_why", "change_why")
    assert {k: cell[k] for k in keys} == {
        "group": "Female", "why": "hidden with a small group", "people_why": None,
        "previous_why": "hidden with a small group in 2024-Q1",
        "change_why": "the figure now is suppressed"}


def test_the_table_says_why_each_figure_is_hidden_in_its_last_column() -> None:
    text = table(workrules.indicators(WORKFORCE, "2024-Q2", by=BY))
    turnover = text.split("\n\n")[0].splitlines()
    # (two units' files: labelled with them, the national column "all files", and the change
    # a relative one; the indicator that hides a group's people named by its title: a first
    # hour, round 48, P5 and P8)
    assert turnover[2].split() == ["region", "group", "people", "level", "number", "previous",
                                   "relative", "change", "all", "files", "regional", "why",
                                   "[c]", "or", "-"]  # fmt: skip
    units = "Tyne PDU and Wear PDU (the files given)"
    assert [" ".join(line.split()) for line in turnover[7:10]] == [
        f"{units} gender: Female [c] [c] [c] [c] [c] [c] hidden with a small group, now and in "
        "2024-Q1",
        f"{units} gender: Male [c] 0.0 [c] 0.0 - 0.0 people: hidden under Sickness absence rate, "
        "which counts the same people",
        f"{units} gender: not given [c] [c] [c] [c] [c] [c] fewer than 10 people, now and in "
        "2024-Q1",
    ]
    accidents = next(s for s in text.split("\n\n") if s.startswith("Accident"))
    assert " ".join(accidents.splitlines()[8].split()) == (
        f"{units} gender: Male [c] 0.0 [c] [c] [c] 0.0 people: hidden under Sickness absence "
        "rate, which counts the same people; before: hidden with a small group in 2024-Q1")
    assert "when a group's members changed" not in text  # (the legend's old rule)


# ------------------------------------------------------ P13: the same people in two indicators


def test_a_count_of_people_is_hidden_alike_where_two_indicators_count_the_same_people() -> None:
    # Turnover and sickness both count the people in post during the quarter. Turnover hides
    # the women (both leavers are women), sickness the men: the women's 18 shown under
    # sickness and the men's 10 under turnover, of 30, gave the 2 of no gender given.
    data = workrules.load_data(WORKFORCE)
    report = compute(data, parse_period("2024-Q2"), by=BY)
    cells = _cells(report)
    staff = people(data)
    keys = {k[1:] for k in cells if k[0] == "turnover"}
    for key in keys:
        assert (cells[("turnover", *key)].people is None) == (
            cells[("sickness", *key)].people is None), key
    # what a reader knows of the counts, from every indicator that counts these people
    counted = {}
    for spec in SPECS:
        if spec.id in ("turnover", "sickness"):
            counted[spec.id] = tally(staff, *spec.measure(data, staff, report.period), BY,
                                     spec.dimensions)  # fmt: skip
    assert all(counted["turnover"][k].members == counted["sickness"][k].members for k in keys)
    sizes = {k: len(t.members) for k, t in counted["turnover"].items()}
    hidden = {k for k in keys if all(cells[(i, *k)].people is None for i in counted)}
    assert ("national", "gender", "not given") in hidden
    assert solvable(lines(sizes), sizes, hidden) == []


def test_the_analysts_q1_women_are_shown_or_hidden_alike_in_turnover_and_sickness() -> None:
    # (as the first hour's check: the national women in post during Q1, under both)
    cells = _cells(workrules.indicators(REGIONS, "2024-Q2", by=("region", "gender")))
    for scope, group in ((NATIONAL, "Female"), (NATIONAL, "Male"), ("North", "Female")):
        assert (cells[("turnover", scope, "gender", group)].people is None) == (
            cells[("sickness", scope, "gender", group)].people is None)


# ------------------------------------------------------------------------ P3: a UK date


def test_a_date_either_way_is_told_what_its_columns_day_first_date_proves() -> None:
    done = run_workrules("check", "--no-config", "uk-date", cwd=HERE)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        "workrules: uk-date/team-timesheets.csv:2: timesheets[0].week: '03/06/2024' is not a "
        "date in the form YYYY-MM-DD or an ISO week YYYY-Www; it may be day first (2024-06-03) "
        "or month first (2024-03-06), which is not guessed; the column's 17/06/2024 at line 3 "
        "is day first, so write 2024-06-03")


def test_a_date_either_way_alone_in_its_column_is_told_both_readings(tmp_path: Path) -> None:
    (tmp_path / "team-staff.csv").write_text("id,grade\nAK,PO\n", encoding="utf-8")
    (tmp_path / "team-wmt.csv").write_text("staff,date,percent\nAK,06/03/2024,118\n"
                                           "AK,07/03/2024,118\n", encoding="utf-8")  # fmt: skip
    done = run_workrules("check", "--no-config", ".", cwd=tmp_path)
    assert done.stderr.splitlines()[0] == (
        "workrules: ./team-wmt.csv:2: wmt[0].date: '06/03/2024' is not a date in the form "
        "YYYY-MM-DD; it may be day first (2024-03-06) or month first (2024-06-03), which is not "
        "guessed")


def test_a_month_first_column_proves_the_other_way(tmp_path: Path) -> None:
    (tmp_path / "staff.yaml").write_text(
        "kind: staff\nstaff:\n  - {id: AK, grade: PO}\nabsences:\n"
        "  - {staff: AK, first_day: 06/03/2024, last_day: 2024-06-04, reason: sickness}\n"
        "  - {staff: AK, first_day: 06/17/2024, last_day: 2024-06-18, reason: sickness}\n",
        encoding="utf-8")  # fmt: skip
    done = run_workrules("check", "--no-config", "staff.yaml", cwd=tmp_path)
    assert done.stderr.splitlines()[0] == (
        "workrules: staff.yaml:5: absences[0].first_day: '06/03/2024' is not a date in the form "
        "YYYY-MM-DD; it may be day first (2024-03-06) or month first (2024-06-03), which is not "
        "guessed; the field first_day's 06/17/2024 at line 6 is month first, so write "
        "2024-06-03")


# --------------------------------------------------------------- P8-P11: a rep's sheets


def test_a_title_line_over_a_blank_row_is_called_a_title() -> None:
    done = run_workrules("check", "--no-config", "title", cwd=HERE)
    assert done.returncode == 2
    assert done.stderr == (
        "workrules: title/team-cases.csv:1: the column 'Stockton SM Team 2 - Caseload "
        "allocation (June 2024)' is not a field of cases records (is line 1 a title above the "
        "header? line 3 looks like the header row: remove the lines above it, as a CSV export "
        "starts with its header row); the fields are id, practitioner, tier, rosh, opened, "
        "closed, mappa_level, flags\n")


def test_a_sheet_with_a_column_for_each_week_is_told_the_shape_of_a_record() -> None:
    done = run_workrules("check", "--no-config", "wide", cwd=HERE)
    assert done.returncode == 2
    assert done.stderr == (
        "workrules: wide/team-wmt.csv:1: the columns 'w/c 03/06/2024', 'w/c 10/06/2024' are "
        "dates: this sheet has a column for each week, but a wmt record is one row for each "
        "person and week, with the columns staff, week, percent; reshape it so (in Excel, Power "
        "Query's Unpivot Columns turns the week columns into rows); and the column 'Officer' "
        "(did you mean 'staff'?) is not a field of wmt records\n")


def test_a_rotas_staff_columns_are_pointed_to_the_staff_list() -> None:
    done = run_workrules("check", "--no-config", "rota", cwd=HERE)
    assert done.returncode == 2
    assert done.stderr == (
        "workrules: rota/team-timesheets.csv:1: the columns 'Grade', 'Contracted Hrs' are not "
        "fields of timesheets records; the fields are staff, week, hours_worked, toil_hours, "
        "paid_excess_hours, hours_due; 'Grade' and 'Contracted Hrs' are a staff member's, given once in "
        "the staff list (a file named for it, as unit-staff.csv, with a row for each person: id, "
        "grade, contracted_hours...), not here: remove them\n")


def test_one_staff_column_in_a_rota_is_pointed_to_the_staff_list(tmp_path: Path) -> None:
    (tmp_path / "team-staff.csv").write_text("id,grade\nAK,PO\n", encoding="utf-8")
    (tmp_path / "team-timesheets.csv").write_text(
        "staff,week,hours_worked,Grade\nAK,2024-06-03,40,PO\n", encoding="utf-8")
    done = run_workrules("check", "--no-config", ".", cwd=tmp_path)
    assert done.stderr == (
        "workrules: ./team-timesheets.csv:1: the column 'Grade' is not a field of timesheets "
        "records; the fields are staff, week, hours_worked, toil_hours, paid_excess_hours, hours_due; "
        "'Grade' is a staff member's, given once in the staff list (a file named for it, as "
        "unit-staff.csv, with a row for each person: id, grade, contracted_hours...), not here: "
        "remove it\n")


def test_a_folder_walk_reads_a_warehouses_staff_export_to_say_what_to_rename() -> None:
    # (skipped before with a bare note, and then: "staff 'AK' is not the id of anyone...;
    # pass the file that lists them too")
    walked = run_workrules("check", "--no-config", "warehouse", cwd=HERE)
    named = run_workrules("check", "--no-config", "warehouse/ne_staff.csv",
                          "warehouse/ne-timesheets.csv", cwd=HERE)  # fmt: skip
    assert walked.returncode == named.returncode == 2
    assert walked.stderr == named.stderr == (
        "workrules: warehouse/ne_staff.csv: a CSV or Parquet file names the list it fills at "
        "the end of its name (e.g. region-01-timesheets.csv); 'ne_staff' is not one of "
        "absences, cases, establishment, incidents, mappa_meetings, programme_sessions, "
        "reports, sfo_reviews, staff, timesheets, unallocated, upw_sessions, wmt (did you mean "
        "'staff'?): rename it ne-staff.csv\n"
        "workrules: warehouse/ne_staff.csv:1: the columns 'Staff ID' (did you mean 'id'?), "
        "'Job Title' (did you mean 'grade'?) are not fields of staff records; the fields are "
        "id, name, grade, roles, contracted_hours, qualified_on, line_manager, pta, "
        "pso_assessor, unit, region, band, gender, ethnicity, started_on, left_on, flexitime\n")


def test_a_staff_survey_in_a_folder_is_still_passed_over(tmp_path: Path) -> None:
    # (a file that names the staff list but whose columns are nothing like it)
    (tmp_path / "team-staff.csv").write_text("id,grade\nAK,PO\n", encoding="utf-8")
    (tmp_path / "staff-survey-2024.csv").write_text("respondent,question,answer\n1,2,3\n",
                                                    encoding="utf-8")  # fmt: skip
    done = run_workrules("check", "--no-config", ".", cwd=tmp_path)
    assert done.returncode == 0
    assert "skipped 1 file that is not workrules data (first: ./staff-survey-2024.csv)" in (
        done.stderr)
