"""Defects found in the review of 0.3.0 (fixtures/review3): each input is refused with the
one line that names its file, its line and what is wrong, never a finding or a crash."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review3"
STAFF = ROOT / "fixtures" / "example" / "staff.yaml"


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workrules", "check", *args],
                          cwd=HERE, capture_output=True, text=True)  # fmt: skip


@pytest.mark.parametrize(("name", "message"), [
    # float() takes 'nan', 'inf' and '1_000'; a CSV cell is a number as JSON writes one
    ("nan-timesheets.csv", "nan-timesheets.csv:3: hours_worked: 'nan' is not a number"),
    ("inf-timesheets.csv", "inf-timesheets.csv:2: hours_worked: 'inf' is not a number"),
    ("underscore-wmt.csv", "underscore-wmt.csv:2: percent: '1_10' is not a number"),
    # a line that is not a record was reported at the header's line
    ("not-an-object.ndjson",
     "not-an-object.ndjson:4: each line after the header is one record, a JSON object ({...})"),
    ("list-not-a-list.ndjson",
     "list-not-a-list.ndjson:1: the header's list 'unit' is not a list of a rota file: one of "
     "staff, timesheets, upw_sessions, programme_sessions, mappa_meetings"),
    # the last column's unclosed quote took row 3 (staff B) into A's name, silently
    ("unclosed-quote-staff.csv", "unclosed-quote-staff.csv:2: not valid CSV: a value in quotes "
     "starts in this row and is never closed"),
    # accepted silently: a person in post for less than no time, sickness lost nine days
    # in one
    ("left-before-start.yaml",
     "left-before-start.yaml:4: staff[0] (A): left_on 2024-05-01 is before started_on "
     "2024-06-01; where HR keeps a leaving date beside a later start (someone who left and was "
     "hired again), give the spell in post now: started_on, and no left_on"),
    # `.csv` was read as YAML (its suffix taken for a hidden file's name)
    (".csv", ".csv: a CSV file's name says which list it fills (e.g. "
     "region-01-timesheets.csv); this one has no name before .csv"),
    # a slip in a funded grade counted all its posts vacant, silently
    ("establishment-grade.yaml", "establishment-grade.yaml:10: establishment: grade 'PP' is "
     "not a known grade, nor the grade of anyone in the staff lists given (did you mean "
     "'PQiP'?); if it is a grade of its own, declare it with 'grade PP' in the policy or "
     "grades = [\"PP\"] in workrules.toml"),
    ("absence-days.yaml",
     "absence-days.yaml:7: absences[1]: days: 9 working days lost in a spell of 1 day "
     "(2024-06-10 to 2024-06-10); give the working days lost, at most 1: a day counts as one "
     "whatever its hours (a compressed 9.25 h day is 1, not 1.25)"),
])  # fmt: skip
def test_a_bad_export_is_refused_in_one_line(name: str, message: str) -> None:
    done = _check(str(STAFF), name)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"workrules: {message}\n")


@pytest.mark.parametrize("period", ["9999-Q4", "0001-01", "0001-Q1", "0001-01-01..0001-01-02"])
def test_a_period_beyond_the_calendar_is_refused_not_a_crash(period: str) -> None:
    # these raised OverflowError (exit 70) or argparse's "invalid convert value"
    done = subprocess.run([sys.executable, "-m", "workrules", "indicators",
                           str(ROOT / "fixtures" / "workforce" / "staff.yaml"),
                           "--period", period], capture_output=True, text=True)  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"workrules: argument --period: '{period}' is outside the dates workrules accepts "
        "(1900-01-01 to 2999-12-31) (see 'workrules indicators --help')\n"))


def test_redact_replaces_ids_joined_by_dash_or_slash_and_curly_apostrophe_names() -> None:
    # `S1-S10` and `S100/S10` kept their ids (a separator then a letter was taken for a
    # number's), and `O\u2019Neill` its name (the staff list writes `O'Neill`)
    done = _check("redact", "--redact", "--format", "json")
    assert done.returncode == 1
    for leak in ("S1", "S10", "S100", "Siobh", "Neill", "Zoë", "Picard"):
        assert leak not in done.stdout
    assert ('"The post holder (now staff-02) has line management of the administrative team, '
            'and covers for staff-01 and staff-01-staff-02 (staff-03/staff-02) when away."'
            ) in done.stdout.replace('\\"', '"')  # fmt: skip


@pytest.mark.parametrize("text", ["2024-06-10", "37.5", "1:6", "S1.5", "10/06", "112%"])
def test_redact_leaves_numbers_and_dates_that_hold_an_id(text: str) -> None:
    from types import SimpleNamespace

    from workrules.redact import _pattern, pseudonyms

    ids = ("2024", "06", "10", "37", "5", "1", "6", "112", "S1")
    pattern = _pattern(pseudonyms([SimpleNamespace(id=i, name=None) for i in ids]))  # type: ignore[misc]
    assert pattern is not None and pattern.search(text) is None


@pytest.mark.parametrize(("name", "message"), [
    # these were internal errors (exit 70), or NaN read as null
    ("bytes-timesheets.parquet", "bytes-timesheets.parquet:1: hours_worked: a Parquet value of "
     "type bytes is not a text, number, true/false, date or list"),
    ("nan-timesheets.parquet", "nan-timesheets.parquet:1: hours_worked: nan is not a number"),
    # pyarrow's own words, with '<Buffer>' for the file
    ("text-staff.parquet", "text-staff.parquet: is not a Parquet file: it does not begin and "
     "end with Parquet's marks (PAR1); damaged, cut short, or another format named .parquet"),
    ("dates-upw_sessions.parquet", "dates-upw_sessions.parquet:1: U1: supervisors '2024-01-01' "
     "is not the id of anyone in the staff lists given; pass the file that lists them too"),
])  # fmt: skip
def test_a_parquet_value_json_has_no_form_for_is_refused(name: str, message: str) -> None:
    pytest.importorskip("pyarrow")
    done = _check(str(STAFF), name)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"workrules: {message}\n")


def test_a_parquet_decimal_is_read_as_the_number_it_is() -> None:
    # a Decimal went through as itself and was shown without its unit ("worked 45.5 in")
    pytest.importorskip("pyarrow")
    done = _check(str(STAFF), "decimal-timesheets.parquet")
    assert done.stdout.splitlines()[0] == (
        "decimal-timesheets.parquet:1: unrecompensed-hours [4c] S001 worked 45.5 h in the week "
        "of 2024-06-03, 8.5 h over their 37 h contracted, but 0 h of it was given as TOIL or "
        "paid: 8.5 h unrecompensed (4c).")


def test_a_day_two_sickness_absences_share_is_lost_once() -> None:
    # 6-10 May and 8-17 May were counted as 5 + 8 = 13 days lost; they are 10
    from workrules import indicators

    report = indicators([HERE / "overlapping-absences.yaml"], "2024-Q2", by=())
    (sickness,) = [i for i in report.indicators if i.id == "sickness"]
    assert sickness.cells[0].level == 10 / 650 * 100


def test_safeguard_vacancies_and_the_vacancy_rate_count_alike() -> None:
    # fixtures/review3/vacancies: an all-grades entry beside grade entries (posts counted
    # twice: 28), a leaver still in post on the day (counted gone), a person with no
    # contracted hours (counted full time) and a starter not yet in post (counted in)
    import workrules

    files = [HERE / "vacancies" / "staff.yaml"]
    result = workrules.check(files, set_values=["safeguard_vacancies_max=2"],
                             today=dt.date(2024, 6, 30))  # fmt: skip
    (vacant,) = [f for f in result.findings if f.rule == "safeguard-vacancies"]
    assert vacant.message == (
        "Tees PDU, week of 2024-06-24: vacant funded full-time posts: 4.5 of 14 (9.5 FTE in post "
        "for some of the week, at 37 h a week), more than the 2 agreed for Operation Safeguard "
        "(1.1g). The unit may declare itself full.")
    report = workrules.indicators(files, "2024-Q2", by=(), min_cell=2)
    (rate,) = [i for i in report.indicators if i.id == "vacancy"]
    assert rate.cells[0].level == 4.5 / 14 * 100  # the same 4.5 posts of 14


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_safeguard_rule_without_its_data_says_so(engine: str) -> None:
    # with its cap set and no unallocated list, safeguard-unallocated was silent, and the
    # other rules' findings read "not given cases unallocated" and "over 1 practitioners"
    import workrules

    folder = HERE / "safeguard-no-unallocated"
    result = workrules.check([folder / "staff.yaml", folder / "allocation.yaml"], engine=engine,
                             set_values=["safeguard_unallocated_max=30",
                                         "safeguard_wmt_mean_max=120%"])  # fmt: skip
    reasons = {na.rule: (na.reason, na.partial) for na in result.not_applied}
    # the rule whose own records are missing read none: said so (not a cap's notice)
    assert "safeguard-unallocated" not in reasons
    assert [(u.rule, u.records) for u in result.unread if u.rule.startswith("safeguard")] == [
        ("safeguard-unallocated", "counts of unallocated cases")]
    # (first, the weeks judged without a reading of someone read in others: round 56, P1)
    assert reasons["safeguard-wmt-mean"] == (
        "applied in part: a unit's week is judged over the readings dated in it, none carried "
        "forward from an earlier week; 7 readings missing, each of a practitioner of the unit "
        "in post all week and read in other weeks, who is in none of that week's figures: N1 "
        "(North PDU, week of 2024-07-08, last read 100% for the week of 2024-07-01 "
        f"({folder / 'allocation.yaml'}:12)); N2 (North PDU, week of 2024-07-08, last read 100% "
        f"for the week of 2024-07-01 ({folder / 'allocation.yaml'}:13)); N3 (North PDU, week of "
        "2024-06-03); N3 (North PDU, week of 2024-06-10); N3 (North PDU, week of 2024-07-01); "
        "and 2 more; a low reading missing raises the mean and a high one lowers it: give the "
        "week's reading, or check the week by hand; the data has no count of unallocated cases "
        "(no 'unallocated' list, or an empty one), so its findings cannot give that figure", True)
    assert [f.message for f in result.findings if f.rule == "safeguard-wmt-mean"] == [
        "North PDU, week of 2024-06-03: mean 135% of WMT, above the 120% agreed for Operation "
        "Safeguard (1.1g); practitioners with a reading: 2; above 110%: 2 (100%); cases "
        "unallocated: not given. The unit may declare itself full.",
        "South PDU, week of 2024-06-10: mean 200% of WMT, above the 120% agreed for Operation "
        "Safeguard (1.1g); practitioners with a reading: 1; above 110%: 1 (100%); cases "
        "unallocated: not given. The unit may declare itself full."]
