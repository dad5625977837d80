"""Session 45: what the helpers found, on the files in fixtures/review55/.

- job descriptions whose reporting lines are drawn as a tree in a code block (round 54): a
  count on another post's branch (a peer's team, the whole PDU's, a dotted line) was read as
  the post's own span, so a post given line management with no span of its own passed 9.
- job descriptions drafted by a chat assistant (round 55): a template's example left in square
  brackets where the span should be, the tool's own note that it cannot verify the line
  management, and the post's own SPO providing it.
- specialist posts (round 57): cases "transferred in from the YOT, including ... high risk"
  were read as handed away; under negotiation (round 56): "once they have completed DA
  training" was read as domestic abuse training.
- job descriptions under negotiation (round 56): deletions marked "[REMOVED: ...]", "[DELETED]"
  at a line's end or "**DELETED:**", reviewers' comments in other labels or wrapped, a side's
  response in a block quote, a withdrawn option, a change log and a diff's removed lines were
  read as the post's duties.
- dates bent to hide breaches (attack round 25; attack round 24 P5): a leaving date keyed
  early, or a start date in 2999, left a month of WMT above the ceiling out of the caps with
  only advisories, and the run passed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import check_text, jd_found, run_workrules

HERE = Path(__file__).parent.parent / "fixtures" / "review55"


# ------------------------------------------- job descriptions: what each round's files give


CHARTS = [  # round 54: a tree with the post's node marked "(this post)"
    ("sibling-teams-count.md", [("jd-span-stated", 6)]),  # "Court PSO x 6": another SPO's
    ("peers-count.md", [("jd-span-stated", 6)]),  # "SPO x 4 (this post is one of them)"
    # "SPO x 5 (including this post)" over "PO x 31": five SPOs' teams, not this post's
    ("shared-teams-count.md", [("jd-span-stated", 5)]),
    ("dotted-line-count.md", [("jd-span-stated", 6)]),  # "Facilitators x 14 (dotted line)"
    ("own-team-count.md", []),  # the counts on the post's own branch are its span
    ("unmarked-chart-count.md", []),  # no node marked: the chart is read as it is
]
ASSISTANT = [  # round 55: drafted by a chat assistant
    # "**Span of control:** [e.g., 6-8 direct reports - confirm with HR]": no span given
    ("example-placeholder-span.md", [("jd-span-stated", 6)]),
    ("assistant-cannot-verify.md", []),  # "As an AI, I cannot verify the ... line management"
    ("supported-by-spo.md", []),  # "supported by an experienced SPO who provides line ..."
]


BOUNDARIES = [  # rounds 56 and 57
    ("transferred-in.md", [("jd-cases-role-boundary", 6)]),  # cases arrive by transfer
    ("transfer-away.md", []),  # "Transfer cases assessed as high risk ... to a PO"
    # "once they have completed DA training": a condition, not the training's subject
    ("training-condition.md", [("jd-cases-role-boundary", 8)]),
    ("training-course.md", []),  # "attend domestic abuse training"
    ("transferring-from.md", [("jd-cases-role-boundary", 6)]),  # "young adults transferring from"
    # "managed under MAPPA at level 1, including Category 1 cases": registered sex offenders
    ("category-1-apart.md", [("jd-cases-role-boundary", 6)]),
    ("individual-placements.md", []),  # Unpaid Work placements are no cases
    # "bail information reports for the court on defendants charged with domestic abuse": no
    # pre-sentence report; beside one, the pre-sentence report is still read
    ("bail-information-reports.md", []),
    ("bail-and-psr.md", [("jd-psr-role-boundary", 6)]),
    ("two-kind-words-span.md", []),  # "line manage two probation support workers": a span
]


NEGOTIATION = [  # round 56: drafts with their changes and comments marked
    # "[REMOVED: ...]", "... [DELETED]" at a bullet's end, "**DELETED:** ...", "[deleted: ...]"
    # wrapped over two lines: each struck
    ("deletion-marks.md", []),
    ("removed-not.md", [("jd-cases-role-boundary", 8)]),  # "will [REMOVED: not] manage ..."
    # "[Napo comment: ...]", "[JB: ...?]", "[Comment JB: ...]" wrapped over two lines
    ("comment-labels.md", []),
    # "> **Union response:** ...", a "> [!NOTE]" alert of a reviewer's, a Google Docs comment
    ("comments-outside-brackets.md", []),
    ("note-still-read.md", [("jd-cases-role-boundary", 8)]),  # "> **Note:** The post holder ..."
    ("option-withdrawn.md", []),  # "Option B (withdrawn): Manage cases ... high risk"
    ("change-log.md", []),  # "v0.2: removed the duty to hold high RoSH cases."
    ("diff-removed-line.md", []),  # a ```diff block's "-" line
    ("diff-added-line.md", [("jd-cases-role-boundary", 10)]),  # ... and its "+" line is read
    ("deleted-as-a-word.md", [("jd-cases-role-boundary", 8)]),  # "Deleted records are ..."
]


@pytest.mark.parametrize(("name", "found"), CHARTS + ASSISTANT + BOUNDARIES + NEGOTIATION)
def test_each_job_description_gives_the_findings_a_reader_sees_in_it(
    name: str, found: list[tuple[str, int]]
) -> None:
    assert jd_found(HERE / "jd", name) == [(name, rule, line) for rule, line in found]


# ------------------------------------------- records outside a person's time in post


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_readings_and_cases_outside_post_fail_the_run_as_they_count_toward_no_cap(
    engine: str,
) -> None:
    # left_on 2024-06-05 keyed early: three weeks at 121-124% and a case opened on 10 June
    # fall outside the post, so no ceiling or caseload cap counts them
    code, out, _ = check_text("--today", "2024-12-01", "staff.yaml", "allocation.yaml",
                              "cases.yaml", cwd=HERE / "outside-post", engine=engine)  # fmt: skip
    assert code == 1
    said = [line.split(" [")[0] for line in out.splitlines() if not line.startswith(" ")]
    assert said == ["allocation.yaml:5: wmt-outside-post", "allocation.yaml:6: wmt-outside-post",
                    "allocation.yaml:7: wmt-outside-post", "cases.yaml:4: case-outside-post"]


def test_a_reading_outside_post_is_a_warning_in_the_library_too() -> None:
    from workrules import check

    folder = HERE / "outside-post"
    result = check([folder / "staff.yaml", folder / "allocation.yaml"], today=date(2024, 12, 1))
    assert [(f.rule, f.severity) for f in result.findings] == [("wmt-outside-post", "warning")] * 3


def test_a_job_description_named_with_another_suffix_is_told_its_name_not_a_yaml_error() -> None:
    code, out, err = check_text("court-pso.txt", cwd=HERE / "misnamed")
    assert (code, out) == (2, "")
    assert err == ("workrules: court-pso.txt:1: starts with the front matter of workrules data "
                   "(kind: job-description) but is named 'court-pso.txt', which workrules does "
                   "not read as data: name it .md (a job description) or .yaml\n")


# ------------------------------------------- hours written with two decimals


def _checked(folder: str) -> tuple[int, str, str]:
    return check_text("--today", "2024-07-01", ".", cwd=HERE / "hours" / folder)


def test_a_column_one_cell_shows_to_be_decimals_is_read_so_in_every_row() -> None:
    # "39.70" and "29.60" are no hours and minutes: the columns' "32.10" and "22.20" are
    # decimals too (a warehouse's DECIMAL(5,2): a first hour, round 45, P5)
    code, out, err = _checked("decimal-column")
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        "./team-timesheets.csv:3: unrecompensed-hours [4c] A1 worked 39.7 h in the week of "
        "2024-06-10, 2.7 h over their 37 h contracted, but 0 h of it was given as TOIL or paid: "
        "2.7 h unrecompensed (4c).")


def test_a_part_time_contract_in_hours_and_minutes_is_refused_with_both_readings() -> None:
    # 22.12 is 0.6 of 37 h read as 22 h 12 min, and no fraction of it read as a decimal: a PO
    # working their contract owed 0.08 h a week (scenarios round 47, P1); 22.1 and 37 are read
    code, out, err = _checked("part-time-minutes")
    assert (code, out) == (2, "")
    assert err == (
        "workrules: ./team-staff.csv:2: contracted_hours: '22.12' is 22 h 12 min as HR systems "
        "write hours and minutes, or 22.12 hours (22 h 7 min) as a decimal number, and which is "
        "meant is not guessed: write 22.2 for 22 h 12 min, or 22.120 for 22.12 hours\n")


@pytest.mark.parametrize(("text", "refused"), [
    ("22.12", True), ("29.36", True), ("14.48", True), ("25.54", True),  # 0.6, 0.8, 0.4, 0.7
    ("22.2", False),  # one decimal: no minutes
    ("22.13", False), ("36.59", False),  # no fraction of 37 h either way
    ("18.30", True), ("22.20", True),  # a whole five minutes: refused as before
])  # fmt: skip
def test_which_contracts_read_as_hours_and_minutes_are_refused(text: str, refused: bool) -> None:
    from workrules.tabular import minutes_problem

    assert (minutes_problem(text, contract=True) is not None) is refused
    assert (minutes_problem(text) is not None) is (text in ("18.30", "22.20"))


def test_recompense_in_a_week_with_no_hours_over_is_a_caveat_of_the_unpaid_hours() -> None:
    done = run_workrules("indicators", "staff.yaml", "rota.yaml", "--period", "2025-03",
                         "--min-cell", "2", "--format", "json",
                         cwd=HERE / "hours" / "recompensed-apart")  # fmt: skip
    assert done.returncode == 0, done.stderr
    unpaid = next(i for i in json.loads(done.stdout)["indicators"] if i["id"] == "unpaid_over")
    assert unpaid["caveat"].startswith(
        "2 person-weeks record TOIL or paid hours in a week with no hours over contract, "
        "recompense for another week: this figure counts each week's own recompense only")


# ------------------------------------------- a waiver of a few days inside a long spell


def test_a_spell_that_runs_on_past_its_waiver_is_not_waived_and_says_so() -> None:
    # a two-week handover's waiver (until 16 June) waived a spell above 110% from 3 June to
    # 10 November (attack round 25, P3); only its expiry failed the run, and renewing it
    # would have hidden the five months after
    folder = HERE / "waiver-spell"
    done = run_workrules("check", "--config", "workrules.toml", "--today", "2024-12-01", "-q",
                         "--format", "json", ".", cwd=folder)  # fmt: skip
    assert done.returncode == 1, done.stderr
    found = {f["rule"]: f for f in json.loads(done.stdout)["findings"]}
    spell = found["wmt-over-ceiling"]
    assert spell.get("waiver") is None
    assert spell["facts"][-1] == (
        "a waiver of wmt-over-ceiling for PO1 (agreed by Tees PDU JNCC, minute 2024-06-04/2, "
        "workrules.toml:1) covers this spell to 2024-06-16 only: it runs on 147 days after, to "
        "2024-11-10, so it is not waived")
    assert set(found) == {"wmt-over-ceiling", "waiver-expired"}


# ------------------------------------------- a library caller's root, with the cwd inside it


def test_an_error_is_named_once_relative_to_root_when_the_cwd_is_inside_it(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # the load names a file relative to `root`; the safety net for errors named as given
    # named it again, relative to the current folder: `fixtures/fixtures/example/rota.yaml`
    import workrules

    fixtures = HERE.parent
    monkeypatch.chdir(fixtures)
    with pytest.raises(workrules.InputError) as refused:
        workrules.check(["example/rota.yaml"], root=fixtures.parent)
    assert str(refused.value).startswith("fixtures/example/rota.yaml:6: timesheet S001 week ")


# ------------------------------------------- a manager's sheets


def test_a_sheets_average_row_is_refused_as_a_summary_row_not_a_missing_person() -> None:
    code, out, err = check_text("--today", "2024-07-01", ".",
                                cwd=HERE / "sheets" / "average")  # fmt: skip
    assert (code, out) == (2, "")
    assert err == ("workrules: ./team-wmt.csv:3: this row is a 'Team average' row, not a "
                   "record; an export lists records only: remove it\n")


@pytest.mark.parametrize(("name", "renamed"), [
    ("team - WMT.csv", "team-wmt.csv"), ("ne_absences.csv", "ne-absences.csv")])
def test_a_file_named_for_its_list_in_another_form_is_told_the_name_to_give(
        name: str, renamed: str) -> None:  # fmt: skip
    code, _, err = check_text(name, cwd=HERE / "sheets" / "renamed")
    assert code == 2
    assert err.endswith(f"?): rename it {renamed}\n")


# ------------------------------------------- the review of the session's change


REVIEWED = [  # read as at the session's start
    # a grid table in a code block, its "Post holder" row no chart's marked node
    ("ascii-table-in-code.md", [("jd-cases-role-boundary", 12)]),
    # "> **Position summary:** You will manage ...": the post's, no side's response
    ("position-summary-quote.md", [("jd-cases-role-boundary", 8)]),
    ("bracket-eg-duty.md", [("jd-cases-role-boundary", 8)]),  # "[e.g. ...]" inside a duty
    ("foi-removed-name.md", [("jd-cases-role-boundary", 8)]),  # "... [removed]": a redaction
    # an unclosed "[Query from HR:" stops at the paragraph's end
    ("comment-spans-lines.md", [("jd-cases-role-boundary", 10), ("jd-psr-role-boundary", 11)]),
    ("topdown-chart.md", []),  # a top-down chart of boxes is no tree
    ("tabs-mixed-chart.md", []),  # a tab as deep as four blanks
    ("title-marked-chart.md", []),  # "Where this post sits:" is the chart's title
    ("transferred-in-admin.md", []),  # "Record cases transferred in on nDelius, including ..."
    ("transferring-from-advice.md", []),  # "advice to people transferring from custody"
]


@pytest.mark.parametrize(("name", "found"), REVIEWED)
def test_each_reviewed_job_description_is_read_as_before(
    name: str, found: list[tuple[str, int]]
) -> None:
    assert jd_found(HERE / "reviewed" / "jd", name) == [(name, r, line) for r, line in found]


def test_a_waiver_that_covers_the_whole_spell_waives_it_whatever_the_order() -> None:
    # a team's waiver to 16 June listed before PO1's own to 31 December
    done = run_workrules("check", "--config", "workrules.toml", "--today", "2024-12-01",
                         "--format", "json", ".", cwd=HERE / "reviewed" / "waiver-renewed")
    assert done.returncode == 1, done.stderr  # (the team's waiver has expired: said)
    found = {f["rule"]: f for f in json.loads(done.stdout)["findings"]}
    assert set(found) == {"wmt-over-ceiling", "waiver-expired"}
    assert found["wmt-over-ceiling"]["waiver"]["until"] == "2024-12-31"


@pytest.mark.parametrize("order", [("a-staff.yaml", "b-staff.yaml"),
                                   ("b-staff.yaml", "a-staff.yaml")])
def test_an_undated_acting_grade_is_said_whichever_staff_file_comes_first(
        order: tuple[str, str]) -> None:  # fmt: skip
    from workrules import check

    folder = HERE / "reviewed" / "acting-order"
    result = check([folder / order[0], folder / order[1], folder / "allocation.yaml"],
                   today=date(2024, 12, 1))  # fmt: skip
    acting = [n.rule for n in result.not_applied if "an acting grade with no dates" in n.reason]
    assert acting == ["psr-role-boundary", "psr-role-boundary-before-qualifying",
                      "psr-role-boundary-reoffending-unknown", "pso-assessor-of-another-grade",
                      "pta-of-another-role"]


def test_one_short_week_is_no_sign_of_hours_given_in_days() -> None:
    from workrules import check

    result = check([HERE / "reviewed" / "short-week"], today=date(2024, 12, 1))
    assert not [n for n in result.not_applied if "a fifth of their contracted" in n.reason]
