"""Review 57: clause 3's indicators in a staffing crisis (scenarios round 48, P1, P3, P4 and
P7), on the files in fixtures/review57/indicators/:

- a rota added to the files leaves the figures of turnover, vacancy and productivity, which
  read no timesheet, as they were, the period before's too; the indicators read from
  timesheets still have no figure for a period they record nothing in;
- two staff records of one name in one region, in post at once (a loan given a local id in
  another unit), are named by their file and line under each indicator that counts people,
  with how they were counted; never merged, nor named by id or name;
- the holders of funded posts whose grade says agency, locum or contractor are counted in
  the vacancy rate's caveat, from YAML and CSV alike;
- an SPO role (`SPO - Courts`) is counted in the SPO's row, one occupation, and the report
  says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run_workrules

import workrules
from workrules.workforce_report import to_dict

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review57" / "indicators"


def _report(*files: str, by: tuple[str, ...] = ("grade",)) -> dict[str, Any]:
    report = workrules.indicators([HERE / f for f in files], "2024-Q2", by=by, min_cell=2)
    return {i["id"]: i for i in to_dict(report)["indicators"]}


def _cells(indicator: dict[str, Any]) -> list[tuple[str, str, float | None, float | None]]:
    return [(c["dimension"], c["group"], c["level"], c["previous"])
            for c in indicator["cells"]]  # fmt: skip


# ---------------------------------------------------------------- a rota added (P1)


def test_a_rota_added_leaves_turnover_vacancy_and_their_period_before_as_they_were() -> None:
    alone = _report("rota-prev/staff.yaml")
    with_rota = _report("rota-prev/staff.yaml", "rota-prev/rota.yaml")
    for which in ("turnover", "vacancy"):
        assert with_rota[which] == alone[which]
    # Q1: all ten in post, none leaving; on 31 March Mo Begum (PO) still in post: PO 5.6 FTE
    # of 8 posts, PSO 4 of 6 (as round 48's case 01 works them out by hand)
    assert _cells(with_rota["turnover"]) == [
        ("all", "all", 10.526316, 0.0), ("grade", "PO", 18.181818, 0.0),
        ("grade", "PSO", 0.0, 0.0)]
    assert _cells(with_rota["vacancy"]) == [
        ("all", "all", 38.571429, 31.428571), ("grade", "PO", 42.5, 30.0),
        ("grade", "PSO", 33.333333, 33.333333)]
    assert (with_rota["turnover"]["previous_caveat"], with_rota["vacancy"]["caveat"]) == (
        None, None)


def test_a_rota_added_leaves_the_productivity_of_the_period_before_as_it_was() -> None:
    alone = _report("rota-prev-cases/staff.yaml", "rota-prev-cases/allocation.yaml")
    with_rota = _report("rota-prev-cases/staff.yaml", "rota-prev-cases/allocation.yaml",
                        "rota-prev-cases/rota.yaml")  # fmt: skip
    assert with_rota["productivity"] == alone["productivity"]
    # 5 cases on 30 June, 4 on 31 March (one opened in May), over 2 FTE
    assert _cells(with_rota["productivity"]) == [("all", "all", 2.5, 2.0),
                                                 ("grade", "PO", 2.5, 2.0)]


def test_the_figures_read_from_timesheets_still_have_none_for_a_quarter_without_them() -> None:
    with_rota = _report("rota-prev-cases/staff.yaml", "rota-prev-cases/allocation.yaml",
                        "rota-prev-cases/rota.yaml")  # fmt: skip
    for which in ("paid_over", "unpaid_over"):
        assert with_rota[which]["previous_caveat"] == (
            "the period before, 2024-Q1, has no figure: the data's timesheets, absences, "
            "incidents and counts record nothing in it")
        assert {c["previous"] for c in with_rota[which]["cells"]} == {None}


def test_a_quarter_the_data_reaches_nowhere_near_has_no_figure_of_any_kind() -> None:
    # fixtures/workforce records work from February 2024 and its first start or leaving is in
    # February 2024: its 2023-Q1 has no figure, not even those read from the staff list alone
    # (a 0.0% turnover the data does not bear: the review of session 47); the quarter before
    # a quarter it covers keeps them (above)
    report = workrules.indicators([HERE.parents[1] / "workforce"], "2023-Q1")
    assert {i.id: i.reason for i in report.indicators}["turnover"] == (
        "the data records nothing in 2023-Q1 (its timesheets, absences, incidents and counts "
        "run from 2024-02-05 to 2024-07-05, and the first day anyone started or left is "
        "2024-02-01): a figure for it would be a nought the data does not bear")


# ---------------------------------------------------------------- one person, two ids (P3)

def test_two_records_of_one_name_in_post_at_once_are_named_with_how_they_were_counted() -> None:
    got = _report("loan-two-ids/staff.yaml", "loan-two-ids/namesakes.yaml")
    where = f"{HERE / 'loan-two-ids'}/"
    pair = f"{where}staff.yaml:9 and {where}staff.yaml:11"
    assert got["turnover"]["caveat"] == (
        f"2 staff records share a name and are both in post in the period ({pair}, from "
        "2024-04-01 to 2024-06-30), counted as two people in the headcount, and as a leaver "
        "where one's record ends in the period: if they are one person (a loan or a second "
        "post under a local id), they are counted twice (the data model holds one unit per "
        "staff record, so a loan to another unit cannot be given as one person's)")
    assert got["vacancy"]["caveat"] == (
        f"2 staff records share a name and are both in post on the period's last day ({pair}, "
        "on 2024-06-30), each counted in post at their record's full-time equivalent: if they "
        "are one person (a loan or a second post under a local id), they are counted twice "
        "(the data model holds one unit per staff record, so a loan to another unit cannot be "
        "given as one person's)")
    # counted as written: 4 FTE in post of 5 posts (Tyne and Leigh fund none); a leaver of 6
    assert _cells(got["vacancy"])[0] == ("all", "all", 20.0, 40.0)
    assert _cells(got["turnover"])[0][:3] == ("all", "all", 16.666667)


def test_the_indicators_name_the_two_records_by_place_never_by_id_or_name() -> None:
    done = run_workrules("indicators", "staff.yaml", "namesakes.yaml", "--period", "2024-Q2",
                         "--min-cell", "2", "--format", "json",
                         cwd=HERE / "loan-two-ids")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert "staff.yaml:9 and staff.yaml:11" in done.stdout
    # a namesake in another region, or open beside an open record, is not named
    for said in ("BO1", "WG7", "TY1", "LE1", "Yan Parr", "Zed Quay", "Abe Rudd",
                 "namesakes.yaml:", "staff.yaml:12"):
        assert said not in done.stdout


# ---------------------------------------------------------------- agency and locum holders (P4)


AGENCY = ("staff members in post whose grade says they are agency, locum or contractor staff "
          "({}), counted as filling funded posts at their contracted hours ({} FTE): where such "
          "posts count as vacancies covered by agency staff, as in HMPPS's own figures, the rate "
          "is higher")


@pytest.mark.parametrize(("files", "level", "caveat"), [
    # 6 posts less 3 + 1 + 0.5 FTE: the locum without hours is the no-contract caveat's
    ("agency/staff.yaml", 25.0, "1 staff member in post whose record gives no contracted "
     "hours, counted as no full-time equivalent in post; 2 " + AGENCY.format(
         "'Agency PO', 'PO (Locum)'", "1.5")),
    # a CSV export's grades, as YAML's
    ("agency-csv", 0.0, "2 " + AGENCY.format("'Agency PO', 'PO (Agency)'", "2.0")),
])  # fmt: skip
def test_agency_and_locum_holders_of_funded_posts_are_counted_in_the_vacancy_caveat(
        files: str, level: float, caveat: str) -> None:  # fmt: skip
    vacancy = _report(files)["vacancy"]
    assert _cells(vacancy)[0] == ("all", "all", level, level)
    assert vacancy["caveat"] == caveat


def test_an_agency_grade_is_read_as_the_grade_by_the_check() -> None:
    staff = workrules.load_data([HERE / "agency-csv" / "staff.csv"]).staff.values()
    assert [(s.grade, s.agency) for s in staff] == [
        ("PO", None), ("PO", None), ("PO", None), ("PO", "Agency PO"), ("PO", "PO (Agency)")]


# ---------------------------------------------------------------- the SPO's roles (P7)

JOINED = ("the row of SPO counts its roles too, one grade in the claim (9c): SPO_COURTS (its "
          "staff in post and its funded posts)")


def test_an_spo_role_is_counted_in_the_spo_row_and_the_report_says_so() -> None:
    got = _report("spo-roles/staff.yaml", "spo-roles/allocation.yaml")
    # the courts SPO's post and its holder join the SPO's: 2 posts, 2 in post
    assert _cells(got["vacancy"]) == [("all", "all", 20.0, 20.0),
                                      ("grade", "PO", 33.333333, 33.333333),
                                      ("grade", "SPO", 0.0, 0.0)]
    # 3 cases and 1 over 2 FTE
    assert _cells(got["productivity"])[2] == ("grade", "SPO", 2.0, 2.0)
    assert (got["vacancy"]["caveat"], got["productivity"]["caveat"]) == (JOINED, JOINED)


def test_the_roles_joined_are_not_said_without_a_breakdown_by_grade() -> None:
    got = _report("spo-roles/staff.yaml", "spo-roles/allocation.yaml", by=("region",))
    assert (got["vacancy"]["caveat"], got["productivity"]["caveat"]) == (None, None)


def test_the_command_line_shows_the_spo_row_once() -> None:
    done = run_workrules("indicators", "staff.yaml", "allocation.yaml", "--period", "2024-Q2",
                         "--by", "grade", "--min-cell", "2", "--format", "json",
                         cwd=HERE / "spo-roles")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    groups = {c["group"] for i in json.loads(done.stdout)["indicators"] for c in i["cells"]}
    assert groups == {"all", "PO", "SPO"}
