"""Outputs a planner can sum, and reports that say what they are (review 59).

A first hour, round 49 (an employer's planner): a finding named the person it was about only
in its sentence for 5a (the session) and 7a (the case), so no one could count people across
clauses without parsing sentences (P6); `value` had no unit, and 1.2k's days were summed as
WMT percent; no page said what the outputs cannot tell (P7); the indicators' CSV gave a
per person-week average the unit `hours` (P11). Scenarios of round 51: a clean text report
did not say what made it (P6), and `indicators` said "the data records no dated work" over
dated Unpaid Work sessions (P7). fixtures/review59/plan/README.md says what its files hold.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest
from conftest import made_by_masked

from workrules.cli import main
from workrules.evaluate import value_unit
from workrules.policy import load_policy
from workrules.report import CSV_HEADERS

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review59" / "plan"
REGION = ["region/", "--set", "cases_max=3", "--today", "2026-10-05"]
CLEAN = ["clean/", "--set", "upw_contact_hours_max=7", "--today", "2025-10-06"]


@pytest.fixture(autouse=True)
def _in_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def findings(*args: str) -> list[dict[str, object]]:
    code, out, _ = run("check", "--no-config", *args, "--format", "json")
    assert code == 1
    found: list[dict[str, object]] = json.loads(out)["findings"]
    return found


# -- P6 (first hour 49): whom a finding is about, and what its value is counted in ----------


def test_each_finding_names_the_staff_it_is_about_and_the_unit_of_its_value() -> None:
    got = [(f["rule"], f["subject"], f["staff"], f["value"], f["limit_value"], f["value_unit"])
           for f in findings(*REGION)]  # fmt: skip
    assert got == [
        ("cases-per-practitioner", "P1", ["P1"], 4, 3.0, "cases"),
        ("case-role-boundary", "C8", ["Q1"], "the RoSH level is high", "not allowed", ""),
        ("unrecompensed-hours", "P1", ["P1"], 4, 0.0, "h"),
        ("unrecompensed-hours", "S1", ["S1"], 2, 0.0, "h"),
        ("upw-contact-hours", "S1", ["S1"], 9, 8.0, "h"),
        ("upw-group-ratio", "U1", ["S1"], 7.0, "1:6", "members per supervisor"),
        ("upw-group-ratio", "U2", ["S2"], 8.0, "1:6", "members per supervisor"),
    ]  # fmt: skip


def test_the_new_fields_come_after_every_field_a_finding_had() -> None:
    first = findings(*REGION)[0]
    assert list(first) == ["rule", "clause", "severity", "subject", "period", "file", "line",
                           "measured", "limit", "value", "limit_value", "evidence", "facts",
                           "message", "unit", "waiver", "staff", "value_unit"]  # fmt: skip


def test_people_are_counted_across_clauses_each_once() -> None:
    people: dict[str, set[str]] = {}
    for f in findings(*REGION):
        assert isinstance(f["staff"], list)
        people.setdefault(str(f["clause"]), set()).update(f["staff"])
    assert people == {"2025": {"P1"}, "4c": {"P1", "S1"}, "5a": {"S1", "S2"}, "5c": {"S1"},
                      "7a": {"Q1"}}  # fmt: skip
    assert sum(map(len, people.values())) == 7
    assert set().union(*people.values()) == {"P1", "Q1", "S1", "S2"}


def test_the_csv_adds_staff_and_value_unit_after_message() -> None:
    code, out, _ = run("check", "--no-config", *REGION, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 1
    assert CSV_HEADERS[-3:] == ("message", "staff", "value_unit")
    assert rows[0] == ["kind", "rule", "clause", "severity", "waived", "subject", "unit",
                       "period", "start", "end", "file", "line", "measured", "limit", "value",
                       "limit_value", "evidence", "message", "staff",
                       "value_unit"]  # fmt: skip
    assert all(len(r) == len(CSV_HEADERS) for r in rows)
    got = [(r[1], r[5], r[6], r[14], r[15], r[18], r[19]) for r in rows if r[0] == "finding"]
    assert got == [
        ("cases-per-practitioner", "P1", "Medway PDU", "4", "3.0", "P1", "cases"),
        ("case-role-boundary", "C8", "Medway PDU", "the RoSH level is high", "not allowed",
         "Q1", ""),
        ("unrecompensed-hours", "P1", "Medway PDU", "4", "0.0", "P1", "h"),
        ("unrecompensed-hours", "S1", "Medway PDU", "2", "0.0", "S1", "h"),
        ("upw-contact-hours", "S1", "Medway PDU", "9", "8.0", "S1", "h"),
        ("upw-group-ratio", "U1", "Medway PDU", "7.0", "1:6", "S1", "members per supervisor"),
        ("upw-group-ratio", "U2", "Medway PDU", "8.0", "1:6", "S2", "members per supervisor"),
    ]  # fmt: skip


def test_every_rule_of_the_claim_has_its_unit_from_its_types_and_the_data_model() -> None:
    units = {r.id: value_unit(r) for r in load_policy("claim-2024").rules if value_unit(r)}
    assert units == {
        "wmt-over-ceiling": "days", "unrecompensed-hours": "h",
        "upw-group-ratio": "members per supervisor", "upw-contact-hours": "h",
        "programme-sessions-per-week": "programme sessions",
        "mappa-chairing-per-day": "MAPPA meetings", "sfo-open-reviews": "SFO reviews",
        "pta-learners": "PQiP learners", "pso-assessees": "PSOs in assessment",
        "caseload-by-role": "cases", "psr-reports-per-month": "pre-sentence reports",
        "cases-per-practitioner": "cases", "span-of-control": "direct reports",
        "jd-span-cap": "direct reports", "safeguard-wmt-mean": "%",
        "safeguard-over-ceiling-share": "%", "safeguard-unallocated": "cases",
        "safeguard-vacancies": "posts", "wmt-reading-as-fraction": "WMT readings",
        "mappa-meetings-per-day": "MAPPA meetings",
    }  # fmt: skip


def test_a_redacted_report_gives_the_pseudonyms_in_staff_and_keeps_the_unit() -> None:
    got = [(f["subject"], f["staff"], f["value_unit"])
           for f in findings(*REGION, "--redact") if f["rule"] == "upw-group-ratio"]
    assert got == [("U1", ["staff-04"], "members per supervisor"),
                   ("U2", ["staff-05"], "members per supervisor")]  # fmt: skip


# -- P6 (scenarios 51): a clean report says what made it ------------------------------------


MADE_BY = ("Made by policy claim-2024 sha256:<digest> and workrules <version>, judged as on "
           "2025-10-06 (--today 2025-10-06).")


def test_a_clean_text_report_names_the_policy_its_digest_and_the_day() -> None:
    code, out, err = run("check", "--no-config", *CLEAN, "--format", "text")
    assert (code, err) == (0, "")
    assert made_by_masked(out).splitlines()[-4:] == [
        "Values set for this run, over the policy's (1):",
        "  upw_contact_hours_max 7 h (the policy's: 8 h; set by --set)",
        MADE_BY,
        "0 findings from 12 rules of policy claim-2024 over 2 files; nothing to report."]


def test_a_clean_csv_ends_with_what_made_it() -> None:
    code, out, _ = run("check", "--no-config", *CLEAN, "--format", "csv")
    last = list(csv.DictReader(io.StringIO(made_by_masked(out))))[-1]
    assert code == 0
    assert {k: v for k, v in last.items() if v} == {
        "kind": "made by", "subject": "claim-2024", "start": "2025-10-06",
        "value": "sha256:<digest>", "message": MADE_BY}  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "sarif", "html"])
def test_the_other_formats_of_a_clean_report_give_the_digest_and_the_day(fmt: str) -> None:
    code, out, _ = run("check", "--no-config", *CLEAN, "--format", fmt)
    assert code == 0
    assert "sha256:<digest>" in made_by_masked(out) and "2025-10-06" in out


# -- P11 (first hour 49) and P7 (scenarios 51): the indicators --------------------------------


def test_the_weekly_averages_are_in_hours_per_person_week() -> None:
    code, out, _ = run("indicators", "region/", "--period", "2026-Q3", "--by", "grade",
                       "--min-cell", "2", "--format", "csv")
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["dimension"] == "all"]
    assert code == 0
    assert {r["indicator"]: r["unit"] for r in rows} == {
        "productivity": "cases per FTE",  # (unchanged: a rate's unit was whole already)
        "paid_over": "hours per person-week", "unpaid_over": "hours per person-week"}
    unpaid = next(r for r in rows if r["indicator"] == "unpaid_over")
    assert (unpaid["level"], unpaid["unit"]) == ("3.00", "hours per person-week")  # 6 h / 2


def test_the_table_titles_a_weekly_average_with_its_whole_unit() -> None:
    _, out, _ = run("indicators", "region/", "--period", "2026-Q3", "--format", "table")
    assert "Average weekly unpaid hours over contract (hours per person-week)" in out.splitlines()


def test_without_the_records_that_set_the_default_period_it_names_those_it_has() -> None:
    code, out, err = run("indicators", "clean/")
    assert (code, out) == (2, "")
    assert err == ("workrules: the default period is the quarter of the latest timesheet, "
                   "absence, incident or count of unallocated cases, and the data has none "
                   "(its unpaid work sessions and MAPPA meetings do not set it): give "
                   "--period\n")


# -- P7 (first hour 49): a page for planners --------------------------------------------------


def test_the_planners_page_is_linked_from_the_index_and_the_indicators_guide() -> None:
    docs = ROOT / "docs"
    page = (docs / "planners.md").read_text(encoding="utf-8")
    for said in ("No FTE, capacity or cost", "Clauses overlap", "not pro rata",
                 "Counting people across clauses, each once"):
        assert said in page
    for linking in ("index.md", "indicators.md"):
        assert "(planners.md)" in (docs / linking).read_text(encoding="utf-8")
