"""Review 58: a public protection team's records (scenarios round 50: P1, P2, P3, P4, P7, P8),
on the files in fixtures/review58/pp/:

- a case gives `mappa_level` and `flags` as a report's subject gives them, refused alike, and
  7a's `case-role-boundary` judges them as `jd-cases-role-boundary` reads a job description's
  cases (7b's categories); where no case gives either, the rule says it judged a PSO's or
  learner's cases by their RoSH alone;
- a chair named MAPPA co-ordinator by job title alone, in an export with no roles, is named
  by 8b with what they chaired;
- a chair covering a neighbouring PDU: the finding's unit is the chair's own, whatever the
  files are called;
- a grade "seconded to" a body outside the service, or "(Secondment)", is refused as away;
- a holding that starts after the day judged is said to be to come;
- a MAPPA meeting id given twice says what to do.
"""

from __future__ import annotations

from datetime import date as _date
from pathlib import Path

import pytest
from conftest import partial_notices, run_workrules

from workrules import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review58" / "pp"
TODAY = _date(2025, 4, 7)


def _run(folder: str, *args: str, today: str = "2025-04-07") -> tuple[int, str, str]:
    done = run_workrules("check", "-q", "--no-config", "--today", today, "--format", "text",
                         *args, cwd=HERE / folder)  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def _heads(out: str) -> list[str]:
    return [line for line in out.splitlines() if line and not line.startswith(" ")]


# ---------------------------------------------------------------- P1: a case's MAPPA level, flags


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_case_of_mappa_level_2_or_with_a_flag_7b_names_is_outside_a_psos_boundary(
        engine: str) -> None:  # fmt: skip
    code, out, err = _run("p1-case-categories", "--engine", engine, "staff.yaml",
                          "allocation.yaml")
    assert (code, err) == (1, "")
    # the sentence says what holds, and no more: a MAPPA case of medium RoSH is not said to be
    # of high RoSH; a MAPPA level 1 case, and a PO's MAPPA level 3 case, are inside
    assert _heads(out) == [
        "allocation.yaml:6: case-role-boundary [7a] SU-PSO2 (PSO) was allocated case Y310022, "
        "outside the role boundary of a PSO: the MAPPA level is 2; such cases are held by "
        "Probation Officers (7a). Held since 2024-10-14, and still on 2025-04-07 (the day "
        "judged).",
        "allocation.yaml:8: case-role-boundary [7a] SU-PSO2 (PSO) was allocated case Y310045, "
        "outside the role boundary of a PSO: the flags are sexual offending; such cases are "
        "held by Probation Officers (7a). Held since 2025-01-20, and still on 2025-04-07 (the "
        "day judged).",
        "allocation.yaml:10: case-role-boundary [7a] SU-PQ1 (PQiP) was allocated case "
        "Y310046, outside the role boundary of a PQiP: the RoSH level is high; the flags are "
        "domestic abuse; such cases are held by Probation Officers (7a). Held since "
        "2025-01-27, and still on 2025-04-07 (the day judged)."]


def test_a_case_export_giving_mappa_level_and_flags_as_csv_columns_is_read() -> None:
    code, out, err = _run("p1-csv", "staff.yaml", "sunderland-cases.csv")
    assert (code, err) == (1, "")
    assert _heads(out) == [
        "sunderland-cases.csv:2: case-role-boundary [7a] SU-PSO2 (PSO) was allocated case "
        "Y310022, outside the role boundary of a PSO: the MAPPA level is 2; such cases are "
        "held by Probation Officers (7a). Held since 2024-10-14, and still on 2025-04-07 (the "
        "day judged).",
        # ("Sexual Offending" is the flag's spelling, as a report subject's is)
        "sunderland-cases.csv:3: case-role-boundary [7a] SU-PSO2 (PSO) was allocated case "
        "Y310045, outside the role boundary of a PSO: the flags are sexual offending, IOM; "
        "such cases are held by Probation Officers (7a). Held since 2025-01-20, and still on "
        "2025-04-07 (the day judged)."]


def test_a_cases_mappa_level_and_flags_are_refused_as_a_report_subjects_are() -> None:
    code, out, err = _run("p1-refused", "staff.yaml", "allocation.yaml")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "workrules: allocation.yaml:5: cases[0] (Y1).mappa_level: 4 is not one of 0, 1, 2, 3",
        "workrules: allocation.yaml:6: cases[1] (Y2).flags[0]: 'sexual_offence' is not one of "
        "iom, sexual_offending, domestic_abuse, safeguarding, ocg, tact, terrorism_related, "
        "transgender, complex_mental_health (did you mean 'sexual_offending'?)",
        "workrules: allocation.yaml:7: cases[2] (Y3).flags[0]: 'MAPPA 2' is not one of iom, "
        "sexual_offending, domestic_abuse, safeguarding, ocg, tact, terrorism_related, "
        "transgender, complex_mental_health; MAPPA is given by its level, as the case's "
        "mappa_level (1, 2 or 3), not as a flag",
        "workrules: allocation.yaml:8: cases[3] (Y4).flags: 'iom' is given twice; name each one "
        "once"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_cases_with_no_mappa_level_or_flags_anywhere_are_said_judged_by_rosh_alone(
        engine: str) -> None:  # fmt: skip
    result = check([HERE / "p1-no-categories"], today=TODAY, engine=engine)
    alloc = str(HERE / "p1-no-categories" / "allocation.yaml")
    # the learner's high RoSH case is a finding; the PSO's two medium ones passed, named
    assert [(f.rule, f.subject) for f in result.findings] == [("case-role-boundary", "Y310046")]
    assert dict(partial_notices(result))["case-role-boundary"] == (
        "applied in part: no case in the data gives a MAPPA level other than 0, nor any flags, "
        "so this rule judged the cases it selected by their RoSH level alone, and passed 2 of "
        f"them: Y310022 (SU-PSO2, RoSH level medium, {alloc}:5); Y310045 (SU-PSO2, RoSH level "
        f"medium, {alloc}:6); it forbids a case by its MAPPA level and flags too, whatever its "
        "RoSH level: give each case's mappa_level and flags, or check these cases by hand")
    notice = next(na for na in result.not_applied if na.rule == "case-role-boundary")
    assert (notice.file, notice.line) == (alloc, 5)


def test_no_word_of_rosh_alone_where_only_probation_officers_hold_cases() -> None:
    # the shipped example: a PO's cases, which 7a does not judge; no notice, as before
    example = Path(__file__).resolve().parents[1] / "fixtures" / "example"
    result = check(sorted(example.glob("*.yaml")), today=_date(2024, 7, 1))
    assert "case-role-boundary" not in dict(partial_notices(result))


def test_no_word_of_rosh_alone_where_a_case_gives_a_mappa_level() -> None:
    result = check([HERE / "p1-case-categories"], today=TODAY)
    assert "case-role-boundary" not in dict(partial_notices(result))


# ---------------------------------------------------------------- P2: a co-ordinator by job title


def test_a_mappa_coordinator_by_job_title_alone_is_named_with_what_they_chaired() -> None:
    folder = HERE / "p2-coordinator-by-title"
    result = check([folder / "staff.csv", folder / "rota.yaml"], today=TODAY)
    assert result.findings == ()
    # the SPO whose title names no MAPPA role is left to the notice on roles, as before
    assert dict(partial_notices(result))["mappa-chairing-per-day"] == (
        "applied in part: 2 MAPPA meetings name as chair 1 staff member whom this rule does not "
        "judge (chair.grade = MAPPA_COORDINATOR or mappa_coordinator in chair.roles does not "
        "hold for them), so they were not judged: SU-SPO5 (SPO_MAPPA_COORDINATOR): 2 MAPPA "
        f"meetings, and judged they would give 1 finding: 2 (review, 2025-02-04; "
        f"{folder / 'rota.yaml'}:5), against a limit of 1; if they do this work, record the "
        "grade or role this rule reads, and it will judge them; no staff member in the data "
        "gives any roles, so each was read as having none; if the export leaves them out, this "
        "rule could not judge by them")


@pytest.mark.parametrize(("grade", "role", "named"), [
    ("SPO_MAPPA_COORDINATOR", "mappa_coordinator", True),
    ("SPO_MAPPA_CHAIR", "mappa_coordinator", True),
    ("MAPPA_CHAIR", "mappa_coordinator", True),
    ("SPO_PUBLIC_PROTECTION", "mappa_coordinator", False),
    ("SPO_MAPPA", "mappa_coordinator", False),
    ("SPO", "mappa_coordinator", False)])  # fmt: skip
def test_a_job_title_names_a_role_by_its_words(grade: str, role: str, named: bool) -> None:
    from workrules.model import title_names_role

    assert title_names_role(grade, role) is named


# ---------------------------------------------------------------- P3: a chair covering a neighbour


@pytest.mark.parametrize("name", ["rota-south-tyneside.yaml", "rota-tyneside-south.yaml"])
def test_a_chair_covering_a_neighbouring_pdu_is_found_in_their_own_unit(name: str) -> None:
    folder = HERE / "p3-chair-covering"
    result = check([folder / "staff.yaml", folder / "rota-sunderland.yaml", folder / name],
                   today=TODAY)  # fmt: skip
    assert [(f.rule, f.subject, f.unit, [e.label for e in f.evidence])
            for f in result.findings] == [
        ("mappa-chairing-per-day", "SU-SPO2", "Sunderland PDU", ["MM-ST-0077", "MM-SU-0301"]
         if name < "rota-sunderland.yaml" else ["MM-SU-0301", "MM-ST-0077"])]


# ---------------------------------------------------------------- P4: a secondment in the grade


def test_a_grade_seconded_out_anywhere_is_refused_as_away() -> None:
    code, out, err = _run("p4-seconded", "staff.csv")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"workrules: staff.csv:{line}: staff[{line - 2}] ({who}): grade: '{grade}' says its "
        f"holder is away ('{said}'), not a grade: give their grade, and the absence in absences"
        for line, who, grade, said in (
            (2, "SU-PO8", "Probation Officer (Seconded to Police PPU)", "Seconded to Police PPU"),
            (3, "SU-PSO8", "PSO - Seconded to Northumbria Police",
             "Seconded to Northumbria Police"),
            (4, "SU-PSO9", "PSO (Secondment)", "Secondment"))]  # fmt: skip


@pytest.mark.parametrize(("title", "said"), [
    ("Probation Officer (Seconded to Police PPU)", ("away", "Seconded to Police PPU")),
    ("PSO (Seconded)", ("away", "Seconded")),
    ("PO (Seconded to Police) - Sunderland", ("away", "Seconded to Police")),
    # a post of the service, where it is named; a secondment in, or from elsewhere
    ("PO seconded to AP", None), ("PO (Seconded to Approved Premises)", None),
    ("PO (Seconded to OMU)", None), ("PSO Seconded to Police IOM team", None),
    ("PO (Seconded In)", None), ("PO (Secondment from Police)", None),
    ("PO (Secondee)", None)])  # fmt: skip
def test_a_secondment_is_away_unless_to_a_post_of_the_service(
        title: str, said: tuple[str, str] | None) -> None:  # fmt: skip
    from workrules.model import title_status

    assert title_status(title) == said


# ---------------------------------------------------------------- P7: a holding to come


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_holding_that_starts_after_the_day_judged_is_said_to_come(engine: str) -> None:
    code, out, err = _run("p7-future-holding", "--engine", engine, "--set", "cases_max=3",
                          "staff.yaml", "allocation.yaml")
    assert (code, err) == (1, "")
    assert _heads(out) == [
        "allocation.yaml:4: cases-per-practitioner [2025] SU-PO3: 4 cases at once; the agreed "
        "total is 3 (2025 demands). Over the cap from 2025-04-14 on, after the day judged "
        "(2025-04-07): planned, not yet held; all 4 will be held on 2025-04-14."]


def test_a_holding_judged_on_or_after_its_day_is_said_held() -> None:
    code, out, _ = _run("p7-future-holding", "--set", "cases_max=3", "staff.yaml",
                        "allocation.yaml", today="2025-04-14")
    assert code == 1
    assert _heads(out)[0].endswith(
        "Over the cap from 2025-04-14, the day judged; all 4 were held on 2025-04-14.")


# ---------------------------------------------------------------- P8: a meeting id used twice


def test_a_meeting_id_used_twice_says_a_meeting_is_given_once_on_the_day_it_was_held() -> None:
    code, out, err = _run("p8-meeting-twice", "staff.yaml", "rota-c.yaml")
    assert (code, out) == (2, "")
    assert err == (
        "workrules: rota-c.yaml:6: MAPPA meeting id 'MM-25-0412' is used twice: here and at "
        "rota-c.yaml:5; it has date \"2025-02-20\" here and \"2025-02-18\" there: a MAPPA "
        "meeting is given once, on the day it was held: leave out a booking that was cancelled "
        "or moved (a meeting that did not take place was not chaired), and give two meetings "
        "that were both held an id each\n")
