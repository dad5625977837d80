"""Review 59: a cap on what a person holds at once says when the breach began and ended.

The cases cap, 8d, 8e, 8's interim caseloads and 9 (`measure most at once ... at most`)
reported the day the peak was first reached, as a one-day period, in the present tense ("holds
46 cases"), whether the count fell back the next day or was still over the cap months later
(first hour of round 49, P3; scenarios of round 51, P2). Each spell over the cap is now a
finding, from the first day over to the last (or to the day judged, still over then), with
the peak and its day; two spells with the count within the cap between them are two
findings, as two spells above the WMT ceiling are. A PTA's learners who started before the
PTA did count for the PTA from the PTA's own first day (round 51, P3).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import check_text, run_workrules

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review59" / "spell"
DOCS = Path(__file__).resolve().parents[1] / "docs"
ENGINES = ["python", "columnar"]
CASES = ("staff.yaml", "allocation.yaml", "--set", "cases_max=2", "--today", "2026-10-05")


def _heads(out: str) -> list[str]:
    return [line for line in out.split("\n\n")[0].splitlines() if not line.startswith(" ")]


@pytest.mark.parametrize("engine", ENGINES)
def test_each_spell_over_a_cap_held_at_once_says_when_it_began_and_ended(engine: str) -> None:
    code, out, err = check_text(*CASES, cwd=HERE, engine=engine)
    assert (code, err) == (1, "")
    assert _heads(out) == [
        # over from January, and still on the day judged: "since", to the day judged
        "allocation.yaml:4: cases-per-practitioner [2025] P1: 3 cases at once; the agreed total "
        "is 2 (2025 demands). Over the cap since 2026-01-05, and still on 2026-10-05 (the day "
        "judged); all 3 were held on 2026-01-05.",
        # one case closed the next day: one day over, not the same as P1's nine months
        "allocation.yaml:7: cases-per-practitioner [2025] P2: 3 cases at once; the agreed total "
        "is 2 (2025 demands). Over the cap on 2026-01-05 only; all 3 were held on 2026-01-05.",
        # two spells, a month within the cap between them: two breaches, each with its peak
        "allocation.yaml:10: cases-per-practitioner [2025] P3: 3 cases at once; the agreed total "
        "is 2 (2025 demands). Over the cap from 2026-02-02 to 2026-03-01; all 3 were held on "
        "2026-02-02.",
        "allocation.yaml:10: cases-per-practitioner [2025] P3: 4 cases at once; the agreed total "
        "is 2 (2025 demands). Over the cap from 2026-04-06 to 2026-05-03; all 4 were held on "
        "2026-04-13.",
        # a case the records close after the day judged: still over, with its planned end
        "allocation.yaml:15: cases-per-practitioner [2025] P4: 3 cases at once; the agreed total "
        "is 2 (2025 demands). Over the cap since 2026-09-07, and still on 2026-10-05 (the day "
        "judged), to 2026-10-18 as the records plan it; all 3 were held on 2026-09-07.",
        # a third case allocated ahead: planned, not yet held
        "allocation.yaml:18: cases-per-practitioner [2025] P5: 3 cases at once; the agreed total "
        "is 2 (2025 demands). Over the cap from 2026-11-02 on, after the day judged (2026-10-05): "
        "planned, not yet held; all 3 will be held on 2026-11-02."]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_json_period_of_a_spell_runs_from_its_first_day_to_its_last(engine: str) -> None:
    done = run_workrules("check", "--no-config", "--format", "json", "--engine", engine, *CASES,
                         cwd=HERE)  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    assert [(f["subject"], f["period"], f["value"], f["limit_value"])
            for f in json.loads(done.stdout)["findings"]] == [
        ("P1", {"kind": "span", "start": "2026-01-05", "end": "2026-10-05"}, 3, 2.0),
        ("P2", {"kind": "span", "start": "2026-01-05", "end": "2026-01-05"}, 3, 2.0),
        ("P3", {"kind": "span", "start": "2026-02-02", "end": "2026-03-01"}, 3, 2.0),
        ("P3", {"kind": "span", "start": "2026-04-06", "end": "2026-05-03"}, 4, 2.0),
        ("P4", {"kind": "span", "start": "2026-09-07", "end": "2026-10-18"}, 3, 2.0),
        ("P5", {"kind": "span", "start": "2026-11-02", "end": "2026-11-02"}, 3, 2.0)]  # fmt: skip


def test_the_csv_gives_each_spell_its_start_and_end() -> None:
    done = run_workrules("check", "--no-config", "--format", "csv", *CASES, cwd=HERE)
    rows = [line.split(",")[5:10] for line in done.stdout.splitlines()[1:4]]
    assert rows == [
        ["P1", "Medway PDU", "2026-01-05 to 2026-10-05", "2026-01-05", "2026-10-05"],
        ["P2", "Medway PDU", "2026-01-05", "2026-01-05", "2026-01-05"],
        ["P3", "Medway PDU", "2026-02-02 to 2026-03-01", "2026-02-02", "2026-03-01"]]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_assessors_spell_ends_when_a_pso_qualifies_and_a_pta_holds_none_before_starting(
        engine: str) -> None:  # fmt: skip
    code, out, err = check_text("staff-assessors.yaml", "--set", "pta_learners_max=2", "--set",
                                "pso_assessees_max=2", "--today", "2025-10-06", cwd=HERE,
                                engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert _heads(out) == [
        # 8e (round 51, P2): from the day the third PSO started to the day before one qualified
        "staff-assessors.yaml:5: pso-assessees [8e] PO603: assessor to 3 PSOs at once (PSO801, "
        "PSO802, PSO803); cap 2 (8e). Over the cap from 2025-08-01 to 2025-08-31; all 3 were in "
        "post on 2025-08-01.",
        # 8d (round 51, P3): the learners started in September 2024, their PTA in March 2025
        "staff-assessors.yaml:10: pta-learners [8d] PO610: Practice Tutor Assessor to 3 PQiP "
        "learners at once (L1, L2, L3); the cap is 2 (8d). Over the cap since 2025-03-03, and "
        "still on 2025-10-06 (the day judged); all 3 were in post on 2025-03-03."]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_spell_across_a_change_of_the_cap_ends_on_the_last_day_of_the_first(
        engine: str) -> None:  # fmt: skip
    code, out, err = check_text("--policy", "dated.wr", "staff-span.yaml", "--today",
                                "2025-10-06", cwd=HERE, engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert _heads(out) == [
        "staff-span.yaml:6: span-of-control [9] M1 (SPO): line manager to 9 people at once (R1, "
        "R2, R3, R4, R5, R6, R7, R8, R9); the span of control for the grade is 8 (9). Over the cap "
        "from 2025-06-02 to 2025-06-30 (the last day of this cap: it changed on 2025-07-01); all "
        "9 were in post on 2025-06-02.",
        # 9 until R9 leaves, then 8: still over 6, and so one spell on to the day judged
        "staff-span.yaml:6: span-of-control [9] M1 (SPO): line manager to 9 people at once (R1, "
        "R2, R3, R4, R5, R6, R7, R8, R9); the span of control for the grade is 6 (9). Over the cap "
        "since 2025-07-01, and still on 2025-10-06 (the day judged); all 9 were in post on "
        "2025-07-01."]


def test_the_data_model_says_a_staff_records_links_are_one_for_the_whole_run() -> None:
    text = " ".join((DOCS / "data-model.md").read_text(encoding="utf-8").split())
    assert ("**So are its links to other staff:** `pta`, `pso_assessor` and `line_manager` are "
            "one each for the whole run") in text
    assert ("check each spell as its own run, with the staff record as it stood in it") in text
