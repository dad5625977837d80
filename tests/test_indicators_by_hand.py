"""Clause 3's indicators checked by hand (scenarios round 53, P1-P4 and P6), on the files in
fixtures/indicators-by-hand/: what the report says beside figures that all matched.

- a group with people whose rate divides by 0 (two PQiP learners who joined and left in the
  quarter) says why in every format, where a bare `-` read as no one in the group (P1);
- the period before's caveats reach the report of the change (P2);
- each shown level gives its numerator and denominator, the claim's "level/number" (P3);
- the weekly hours say how many of the staff in post returned timesheets (P4);
- a breakdown no staff record gives has no rows, and the note says so (P6).
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

import pytest

from workrules.cli import main

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "indicators-by-hand"
NO_RATE = ("no rate (2 leavers): none of them was in post on the period's first or last day "
           "(they joined and left within it), so the average headcount is 0")


def _run(capsys: pytest.CaptureFixture[str], folder: str, fmt: str, *args: str) -> str:
    code = main(["indicators", str(HERE / folder), "--period", "2025-Q2", "--min-cell", "2",
                 "--format", fmt, *args])  # fmt: skip
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out


def _json(capsys: pytest.CaptureFixture[str], folder: str) -> dict[str, dict]:  # type: ignore[type-arg]
    return {i["id"]: i for i in json.loads(_run(capsys, folder, "json"))["indicators"]}


def _cell(ind: dict, dim: str, group: str) -> dict:  # type: ignore[type-arg]
    return next(c for c in ind["cells"]
                if c["scope"] == "national" and c["dimension"] == dim and c["group"] == group)


def test_a_pqip_cohort_that_joined_and_left_says_why_it_has_no_turnover_rate(
        capsys: pytest.CaptureFixture[str]) -> None:
    turnover = _json(capsys, "zero")["turnover"]
    pqip = _cell(turnover, "grade", "PQiP")
    assert (pqip["people"], pqip["level"], pqip["numerator"], pqip["denominator"],
            pqip["level_why"], pqip["why"]) == (2, None, 2.0, 0.0, NO_RATE, None)
    # the whole counts them, and the note says why its rows do not add up to it
    whole = _cell(turnover, "all", "all")
    assert (whole["level"], whole["numerator"], whole["denominator"]) == (50.0, 2.0, 4.0)
    assert turnover["caveat"].startswith(
        "2 staff members joined and left within the period: each counts as a leaver but in "
        "neither day's headcount (its first and last day), so a group's rate can pass 100%")
    # (Q1's PSO rate of 200.0% is of 2 leavers in post on its first day alone: as defined)
    assert turnover["previous_caveat"] is None
    table = _run(capsys, "zero", "table").splitlines()
    row = next(line for line in table if "grade (occupation): PQiP" in line)
    assert row.split("PQiP")[1].split()[:5] == ["2", "-", "2", "/", "0"]
    assert row.endswith(NO_RATE)
    assert any("or a rate whose denominator is 0 though the group had people (the last column "
               "says why)" in line for line in table)
    rows = list(csv.DictReader(_run(capsys, "zero", "csv").splitlines()))
    got = next(r for r in rows if r["indicator"] == "turnover" and r["group"] == "PQiP")
    assert (got["level"], got["numerator"], got["denominator"]) == ("-", "2", "0")
    assert got["note"].startswith(f"why -: {NO_RATE}; read with care: ")
    assert html.escape(NO_RATE) in _run(capsys, "zero", "html")


def test_no_pay_band_anywhere_gives_no_band_rows_and_says_so(
        capsys: pytest.CaptureFixture[str]) -> None:
    got = json.loads(_run(capsys, "zero", "json"))
    assert not [c for i in got["indicators"] for c in i["cells"] if c["dimension"] == "band"]
    assert got["no_rows_by"] == ["band"]
    said = ("No rows by pay band: no staff record gives one, and a row of everyone as "
            "`not given` would be no group.")
    table = _run(capsys, "zero", "table").splitlines()
    assert table[-4] == said and not [line for line in table if "pay band: not given" in line]
    assert html.escape(said, quote=False) in _run(capsys, "zero", "html")
    assert ",band," not in _run(capsys, "zero", "csv")


def test_the_quarter_before_s_agency_po_reaches_the_report_of_the_change(
        capsys: pytest.CaptureFixture[str]) -> None:
    vacancy = _json(capsys, "main")["vacancy"]
    assert vacancy["previous_caveat"] == (
        "the figures for the period before, 2025-Q1, and so the change, rest on what its own "
        "report says: 1 staff member in post whose grade says they are agency, locum or "
        "contractor staff ('Agency PO'), counted as filling funded posts at their contracted "
        "hours (1.0 FTE): where such posts count as vacancies covered by agency staff, as in "
        "HMPPS's own figures, the rate is higher")
    assert "agency" not in vacancy["caveat"]  # (Q2's own: the PO left on 31 May)


def test_each_rate_gives_the_counts_it_is_of(capsys: pytest.CaptureFixture[str]) -> None:
    inds = _json(capsys, "main")
    got = {k: (i["numerator"], i["denominator"], _cell(i, "all", "all")["numerator"],
               _cell(i, "all", "all")["denominator"])
           for k, i in inds.items() if k in ("turnover", "vacancy", "sickness", "accidents")}
    assert got == {"turnover": ("leavers", "average headcount", 4.0, 14.0),
                   "vacancy": ("FTE vacant", "funded posts (FTE)", 5.9, 18.0),
                   "sickness": ("working days lost", "working days in post", 26.5, 910.5),
                   "accidents": ("accidents", "average FTE in post", 3.0, 12.1)}
    rows = list(csv.DictReader(_run(capsys, "main", "csv").splitlines()))
    whole = next(r for r in rows if r["indicator"] == "turnover" and r["dimension"] == "all")
    assert (whole["people"], whole["level"], whole["numerator"], whole["denominator"]) == (
        "18", "28.6", "4", "14")


def test_a_hidden_group_hides_its_counts_too(capsys: pytest.CaptureFixture[str]) -> None:
    for ind in _json(capsys, "main").values():
        for cell in ind["cells"]:
            if cell["suppressed"] or cell["people_suppressed"]:
                assert (cell["numerator"], cell["denominator"]) == (None, None)


def test_the_weekly_hours_say_how_few_staff_returned_timesheets(
        capsys: pytest.CaptureFixture[str]) -> None:
    inds = _json(capsys, "main")
    said = ("5 of the 18 staff in post in the period returned a timesheet it reads (10 "
            "person-weeks, of the 182 weeks the 17 with contracted hours it counts were in "
            "post): the figure is the average of the weeks given, not of the staff's time in "
            "post, and a week with no timesheet is not a week with no hours over contract")
    assert inds["paid_over"]["caveat"] == said
    assert inds["unpaid_over"]["caveat"].endswith("; " + said)


def test_words_written_for_no_answer_are_read_as_not_given_and_said(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Scenarios round 53, P5: `Not known`, `UNKNOWN`, `N/K`, `n/a` beside `not given` split one
    unknown into groups of their own; an answer given (`Prefer not to say`, `Not stated`)
    keeps its row."""
    got = json.loads(_run(capsys, "no-answer", "json", "--by", "gender,ethnicity,band"))
    assert got["read_as_not_given"] == [
        ["band", "n/a", 1], ["gender", "Not known", 1], ["gender", "UNKNOWN", 1],
        ["ethnicity", "N/K", 1], ["ethnicity", "Not known.", 1]]
    turnover = {(c["dimension"], c["group"]): c["people"]
                for c in got["indicators"][0]["cells"] if c["scope"] == "national"}
    assert turnover == {
        ("all", "all"): 7, ("band", "Band 4"): None, ("band", "Band 5"): 2,
        ("band", "not given"): None, ("gender", "Female"): None, ("gender", "Male"): None,
        ("gender", "Prefer not to say"): None, ("gender", "not given"): 3,
        ("ethnicity", "Not stated"): None, ("ethnicity", "White British"): None,
        ("ethnicity", "not given"): 2}
    said = ('Read as `not given`, as words an export writes where it holds no answer: pay band '
            '"n/a" (1 person); gender "Not known" (1 person); gender "UNKNOWN" (1 person); '
            'ethnicity "N/K" (1 person); ethnicity "Not known." (1 person). An answer given '
            '("Prefer not to say", "Not stated") keeps a row of its own.')
    table = _run(capsys, "no-answer", "table", "--by", "gender,ethnicity,band").splitlines()
    assert said in table
    assert html.escape(said) in _run(capsys, "no-answer", "html")
    # the analyst's own files: C07's "Not known" is no group beside `not given`
    main_cells = json.loads(_run(capsys, "main", "json"))["indicators"][0]["cells"]
    assert {c["group"] for c in main_cells if c["dimension"] == "ethnicity"} >= {"not given"}
    assert not [c for c in main_cells if c["group"] == "Not known"]
