"""Session 27's review: job descriptions as HR writes them, and what the helpers found.

Each test names a behaviour on a real file under fixtures/review37, and asserts the exact
findings (rule and line) of a check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import check_text, partial_notices
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules import check
from workrules.inputs import is_workrules_data
from workrules.textpattern import _grid_rows, sentences

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review37"


def _found(*names: str) -> list[tuple[str, str, int]]:
    result = check([HERE / name for name in names], select=["jd-*"])
    return [(Path(f.file).name, f.rule, f.line) for f in result.findings]


@pytest.mark.parametrize(("name", "expected"), [
    # a Probation Officer who remains the case manager keeps the high risk cases (7a)
    ("jd/pso-po-remains-case-manager.md", []),
    # ... and a PSO who is the case manager for them holds them
    ("jd/pso-is-case-manager.md", [("pso-is-case-manager.md", "jd-cases-role-boundary", 11)]),
    # watching the preparation of a report, or shadowing an officer, is learning, not a duty
    ("jd/pqip-observes-psrs.md", []),
    # ... but observing a report's timescales is the post's own duty to write it (7b)
    ("jd/pso-observes-timescales.md",
     [("pso-observes-timescales.md", "jd-psr-role-boundary", 9)]),
])
def test_who_keeps_the_case_and_who_only_watches(name: str, expected: list[object]) -> None:
    assert _found(name) == expected


def test_a_heading_numbered_as_word_numbers_it_is_a_heading_not_a_grant() -> None:
    # "2. Line Management" over "2.1 The post has no direct reports." names the topic
    assert _found("jd/sao-numbered-headings.md") == []


def test_a_numbered_duty_of_line_management_still_grants_it() -> None:
    # "1. Line management of the case administration team." ends as a sentence: a duty
    assert _found("jd/ao-numbered-duty.md") == [("ao-numbered-duty.md", "jd-span-stated", 7)]


def test_leading_and_managing_the_senior_management_team_is_line_management() -> None:
    assert _found("jd/spo-manages-the-smt.md") == [
        ("spo-manages-the-smt.md", "jd-span-stated", 9)]


def test_attending_or_serving_the_senior_management_team_is_not() -> None:
    assert _found("jd/spo-member-of-the-smt.md") == []


@pytest.mark.parametrize(("name", "expected"), [
    # a pandoc grid table's cell wrapped over three lines is read as one cell (7b)
    ("jd/pso-court-grid-table.md", [("pso-court-grid-table.md", "jd-psr-role-boundary", 16)]),
    # ... and two rows between borders stay apart: reports in one, domestic abuse training in
    # the other
    ("jd/pso-grid-rows-apart.md", []),
    # a setext heading ("Line management" over "---") is read with the value under it
    ("jd/spo-setext-span.md", []),
])
def test_tables_and_headings_as_pandoc_writes_them(name: str, expected: list[object]) -> None:
    assert _found(name) == expected


def test_supervise_and_allocate_work_to_staff_is_line_management_of_them() -> None:
    # "Manage the room bookings and allocate work to the duty officers" is not: its own object
    assert _found("jd/sao-supervise-and-allocate.md") == [
        ("sao-supervise-and-allocate.md", "jd-span-zero-but-text-gives", 10)]


def test_a_count_of_staff_in_brackets_in_words_states_the_span() -> None:
    # "(nineteen staff in all)", as "(19 staff)" did; "(each with 24 beds)" counts no staff
    assert _found("jd/ap-manager-staff-in-all.md") == []
    assert _found("jd/ap-manager-beds.md") == [("ap-manager-beds.md", "jd-span-stated", 6)]


def test_a_team_which_comprises_a_list_of_counted_staff_states_the_span() -> None:
    assert _found("jd/plm-team-comprises.md") == []
    # ... and so does a count before the clause that gives the line management
    assert _found("jd/spo-all-of-whom.md") == []


@pytest.mark.parametrize(("name", "expected"), [
    # supervision is no exception that keeps a report with a Probation Officer (7b)
    ("jd/pqip-direct-supervision-exception.md",
     [("pqip-direct-supervision-exception.md", "jd-psr-role-boundary", 9)]),
    # ... but co-working where the PO remains case manager keeps the case with the PO (7a)
    ("jd/pqip-co-worker-exception.md", []),
    # a hedge before the negation, in its clause, makes it no boundary
    ("jd/pso-hedged-negations.md", [("pso-hedged-negations.md", "jd-cases-role-boundary", 9)]),
    # ... a hedge in another clause does not
    ("jd/pso-hedge-in-another-clause.md", []),
])
def test_exceptions_and_hedges_to_a_boundary(name: str, expected: list[object]) -> None:
    assert _found(name) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("jd/pso-tiers.md", [("pso-tiers.md", "jd-cases-role-boundary", 9)]),  # tiers A and B
    ("jd/pso-teams-a-and-b.md", []),  # teams, not tiers
    ("jd/pso-upw-placements.md", []),  # an Unpaid Work placement is no case
    ("jd/pqip-observes-report-writers.md", []),  # watching report writers is learning
])
def test_what_is_a_case_or_a_duty(name: str, expected: list[object]) -> None:
    assert _found(name) == expected


@pytest.mark.parametrize(("name", "expected"), [
    # a sentence a PDF's page break cuts ("... people convicted of" / "Page 1 of 3" /
    # "OFFICIAL" / "sexual offences.") is read whole
    ("jd/pso-page-break.md", [("pso-page-break.md", "jd-cases-role-boundary", 6)]),
    # ... but a new list item after the break starts a sentence of its own
    ("jd/pso-page-break-new-item.md", []),
])
def test_a_sentence_broken_by_a_page_is_read_whole(name: str, expected: list[object]) -> None:
    assert _found(name) == expected


# ------------------------------------------------------------------------------ hypothesis

_CELL = st.text(alphabet="ab c|+-=\n", max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_CELL, st.sampled_from(["+---+---+", "+===+===+", "| a | b |",
                                                    "| c d | e |", "===", "---", ""])),
                max_size=12))  # fmt: skip
def test_grid_rows_only_move_words_within_a_row(rows: list[str]) -> None:
    rows = [r.replace("\n", "") for r in rows]
    out = _grid_rows(rows)
    assert len(out) == len(rows)
    words = sorted(w for r in rows for w in r.replace("|", " ").split())
    assert sorted(w for r in out for w in r.replace("|", " ").split()) == words


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_CELL, st.sampled_from(["Line management", "2. Line Management",
                                                    "2.1 None.", "===", "---", "", "- item",
                                                    "Page 1 of 3", "OFFICIAL", "work of",
                                                    "cases of", "```", "``` x ```"])),
                max_size=12))  # fmt: skip
def test_any_layout_of_headings_and_tables_splits_into_sentences(rows: list[str]) -> None:
    rows = [r.replace("\n", "") for r in rows]
    said = sentences("\n".join(rows))
    for s in said:  # each word of a sentence is on a line of the text
        assert all(1 <= line <= len(rows) for line in s.lines)
        assert len(s.lines) == len(s.words)


# ------------------------------------------------------------------------------ a hostile JD

HOSTILE = sorted(p.name for p in (HERE / "hostile").glob("*.md"))


@pytest.mark.parametrize("name", HOSTILE)
def test_a_breach_a_reader_sees_is_found_however_the_markup_hides_it(name: str) -> None:
    # processing instructions, CDATA, custom elements, reference links, links with brackets,
    # footnote labels, code spans and mixed emphasis inside a word, Latin lookalike letters, a
    # blank that shows as a space, and headings the reader sees (setext, HTML) or does not (a
    # code block's `#` line)
    line = {"setext-after-criteria.md": 13, "html-heading-after-criteria.md": 12,
            "code-block-heading.md": 10}.get(name, 6)  # fmt: skip
    assert _found(f"hostile/{name}") == [(name, "jd-cases-role-boundary", line)]


@pytest.mark.parametrize(("folder", "said"), [
    ("kind-job-description", "kind 'Job Description' is not one of rota, allocation, staff, "
                             "job-description (did you mean 'job-description'?)"),
    ("kind-job-desc", "kind 'job-desc' is not one of rota, allocation, staff, job-description "
                      "(did you mean 'job-description'?)"),
    ("kind-jd", "kind 'JD' is not one of rota, allocation, staff, job-description (did you "
                "mean 'job-description'?)"),
    ("key-cyrillic", "has no top-level 'kind:' (rota, allocation, staff or job-description)"),
])
def test_a_folder_walk_refuses_what_the_loader_refuses_never_skips_it(folder: str,
                                                                     said: str) -> None:
    code, out, err = check_text(folder, cwd=HERE / "walk")
    assert (code, out) == (2, "")
    assert err == f"workrules: {folder}/pso.md:2: {said}\n"


def test_a_git_lfs_pointer_is_refused_as_one_not_skipped() -> None:
    code, _, err = check_text("lfs", cwd=HERE / "walk")
    assert code == 2
    assert err == ("workrules: lfs/job-descriptions/pso.md:1: is a Git LFS pointer, not the "
                   "file it stands for: fetch the files (git lfs pull, or `lfs: true` in "
                   "actions/checkout) before checking\n")
    # ... where it is named as data (as the hook names it): a pointer elsewhere is skipped
    assert check_text("lfs-unrelated", cwd=HERE / "walk")[:2] == (0, "")


def test_a_folder_walk_skips_files_that_are_not_workrules_data() -> None:
    # a Kubernetes manifest's `kind: Deployment`, a blog post's front matter
    code, out, err = check_text("unrelated", cwd=HERE / "walk")
    assert (code, out, err) == (0, "", "")
    assert not is_workrules_data(str(HERE / "walk" / "unrelated" / "deploy.yaml"))
    assert not is_workrules_data(str(HERE / "walk" / "unrelated" / "post.md"))


# ------------------------------------------------------------------------------ data as exported

DATA = HERE / "data"


def _level(folder: str, indicator: str, period: str = "2024-06") -> Any:
    import workrules

    files = sorted(str(p) for p in (DATA / folder).iterdir() if p.suffix in (".yaml", ".csv"))
    report = workrules.indicators(files, period, min_cell=2)
    found = next(i for i in report.indicators if i.id == indicator)
    return found.cells[0]


@pytest.mark.parametrize("folder", ["sick-days-part-time", "sick-days-shifts"])
def test_the_sickness_rate_is_never_above_100_whatever_days_an_absence_gives(folder: str) -> None:
    # half-timers' 20 half-days lost in June; a weekend rota's 22 shifts: all of their time
    assert _level(folder, "sickness").level == 100.0


def test_a_percentage_change_is_given_on_no_base_below_zero() -> None:
    cell = _level("negative-vacancy", "vacancy")
    assert (round(cell.previous, 6), round(cell.level, 6), cell.change) == (-5.0, 15.0, None)


def test_an_exact_half_is_rounded_up_as_by_hand() -> None:
    from workrules.workforce_report import half_up

    assert [str(half_up(v, 2)) for v in (0.625, 0.875, 2.675, -0.625, 1.0)] == [
        "0.63", "0.88", "2.68", "-0.63", "1.00"]
    code, out, _ = _cli(["indicators", str(DATA / "rounding"), "--period", "2024-06",
                         "--min-cell", "2", "--format", "csv"])  # fmt: skip
    assert code == 0
    rows = {line.split(",")[0]: line.split(",")[6] for line in out.splitlines()
            if line.startswith(("paid_over,", "unpaid_over,"))
            and ",Tyne (the files given),all,all," in line}  # (one region's: round 48, P5)
    assert rows == {"paid_over": "0.63", "unpaid_over": "0.88"}


def _cli(args: list[str]) -> tuple[int, str, str]:
    from conftest import run_workrules

    done = run_workrules(*args)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_export_without_contracted_hours_says_the_vacancies_could_not_be_judged(
        engine: str) -> None:  # fmt: skip
    folder = DATA / "no-contracted-hours"
    result = check([folder / "hr-staff.csv", folder / "hr-establishment.csv"], engine=engine,
                   set_values=["safeguard_vacancies_max=0.5"], today=dt.date(2024, 6, 30))
    assert [(f.rule, f.subject) for f in result.findings] == [("safeguard-vacancies", "Tyne")]
    assert partial_notices(result) == [("safeguard-vacancies", (
        "applied in part: no staff member in the data gives any contracted hours, so each was "
        "read as having none; if the export leaves them out, this rule could not judge by "
        "them"))]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_export_naming_no_line_manager_pta_or_assessor_says_so_where_caps_count_by_them(
        engine: str) -> None:  # fmt: skip
    result = check([DATA / "no-line-manager" / "hr-staff.csv"], engine=engine,
                   set_values=["span_of_control_max[SPO]=1", "pta_learners_max=1",
                               "pso_assessees_max=1"])  # fmt: skip
    assert result.findings == ()
    said = "applied in part: no staff member in the data gives any {}, so each was read as " \
           "having none; if the export leaves them out, this rule could not judge by them"
    assert partial_notices(result) == [("pta-learners", said.format("Practice Tutor Assessor")),
                             ("pso-assessees", said.format("PSO assessor")),
                             ("span-of-control", said.format("line manager"))]


def test_a_utc_timestamp_is_refused_without_suggesting_a_day() -> None:
    code, out, err = check_text(".", cwd=DATA / "utc-timestamp")
    assert (code, out) == (2, "")
    assert err == (
        "workrules: ./upw_sessions.csv:2: upw_sessions[0] (W1).date: '2024-06-02T23:00:00Z' is "
        "not a date in the form YYYY-MM-DD; it is a date and a time of day in a time zone: give "
        "the date alone, the day it fell on where the work was done (23:00 UTC is the next day "
        "in UK summer time)\n")


def test_an_sfo_export_without_sign_offs_says_so_in_plain_words() -> None:
    folder = DATA / "sfo-no-sign-offs"
    result = check([folder / "staff.csv", folder / "sfo_reviews.csv"],
                   set_values=["sfo_open_reviews_max=2"])  # fmt: skip
    assert [reason for rule, reason in partial_notices(result) if rule == "sfo-open-reviews"] == [
        "applied in part: no SFO review in the data gives any sign-offs, so each was read as "
        "having none; if the export leaves them out, this rule could not judge by them"]


# ------------------------------------------------------------------------------ grades, SARIF

GRADES = HERE / "grades"


def test_a_config_s_grades_are_listed_with_the_values_set_in_every_report() -> None:
    # `PS0 = ""` (a zero) takes a PSO's job description out of 7a's rules: said where it was set;
    # and since session 51 its title ("Probation Services Officer") over that grade is a
    # `jd-title-grade` warning (attack round 31, P4), so the run fails
    for fmt, said in (("text", "grade PS0 a grade of its own (the policy's: not declared; "
                               "set by workrules.toml:4)"),
                      ("junit", '<testcase classname="values set for this run" name="grade '
                                'PS0" file="workrules.toml" line="4">')):  # fmt: skip
        done = _cli_in(GRADES, ["check", "--format", fmt, "jd/pso-zero.md"])
        assert done[0] == 1
        assert said in [line.strip() for line in done[1].splitlines()]
        assert "jd-title-grade" in done[1]


def _cli_in(cwd: Path, args: list[str]) -> tuple[int, str, str]:
    from conftest import run_workrules

    done = run_workrules(*args, cwd=cwd)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("name", ["pso-1.md", "pso-2.md", "pso-3.md", "pso-4.md"])
def test_a_pso_titled_as_hr_titles_the_post_is_a_pso(name: str) -> None:
    # "PSO Case Manager", "Case Manager (PSO)", "Trainee PSO", "P S O"
    assert _found(f"grades/titles/{name}") == [(name, "jd-cases-role-boundary", 6)]


def test_grade_words_that_name_another_post_stay_unknown() -> None:
    from workrules.model import canonical_grade

    assert [canonical_grade(g) for g in ("Probation Officer (Trainee)", "PO in training",
                                         "PSO Assessor", "Case Manager", "Trainee PO")] == [
        None, None, None, None, "PQiP"]  # fmt: skip


def test_a_sarif_location_names_the_file_as_it_is_not_as_a_log_shows_it(tmp_path: Path) -> None:
    import json

    (tmp_path / "jd").mkdir()
    name = "jd/e ##[group]x.md"
    (tmp_path / name).write_text((HERE / "hostile" / "script-g.md").read_text(encoding="utf-8"),
                                 encoding="utf-8")  # fmt: skip
    code, out, _ = _cli_in(tmp_path, ["check", "--no-config", "--format", "sarif", name])
    assert code == 1
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "jd/e%20%23%23%5Bgroup%5Dx.md", "uriBaseId": "%SRCROOT%"}
    # (the log's text, `##\[group]`, with each backslash and bracket escaped as SARIF's plain
    # text asks, 3.11.6: attack round 33, P4)
    assert result["message"]["text"].startswith("jd/e ##\\\\\\[group\\]x.md ")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_export_without_flags_is_named_when_another_file_gives_them(engine: str) -> None:
    folder = DATA / "psr-export-without-flags"
    result = check([folder / "staff.yaml", folder / "allocation.yaml",
                    folder / "court-reports.csv"], engine=engine)  # fmt: skip
    assert result.findings == ()
    said = (f"applied in part: no pre-sentence report in {folder / 'court-reports.csv'} gives "
            "any flags, nor MAPPA level other than 0, so each was read as having none; if the "
            "export leaves them out, this rule could not judge by them")
    assert partial_notices(result) == [(rule, said) for rule in (
        "psr-role-boundary", "psr-role-boundary-before-qualifying",
        "psr-role-boundary-reoffending-unknown")]  # fmt: skip


# ------------------------------------------------------------------------------ review of it

@pytest.mark.parametrize(("name", "expected"), [
    # a hedge after the negation, said of someone else, leaves the prohibition standing
    ("hedge-after-negation.md", []),
    # supporting the senior leadership team is no line management of it
    ("smt-supported.md", []),
    # a numbered duty with points under it is no heading: its span is read
    ("numbered-duty.md", []),
    # a grid cell's bullets are read apart: "not" in one denies nothing in the next
    ("grid-bullets.md", [("grid-bullets.md", "jd-cases-role-boundary", 11)]),
    # shadowing, then the post's own caseload: the caseload is the post's
    ("shadow-then-hold.md", [("shadow-then-hold.md", "jd-cases-role-boundary", 7)]),
    # a Probation Officer who remains absent keeps no case: the post covers it
    ("po-remains-absent.md", [("po-remains-absent.md", "jd-cases-role-boundary", 7)]),
    # a sentence over `---` is read as one, not as a heading
    ("sentence-over-rule.md", [("sentence-over-rule.md", "jd-cases-role-boundary", 7)]),
    # "the tiers a PSO may hold" names no Tier A
    ("tiers-article.md", []),
    # ```nDelius``` on one line is inline code: the criteria heading below still heads
    ("inline-code-line.md", []),
    # overseeing a duty rota and allocating its work is no line management
    ("duty-rota.md", []),
])
def test_what_the_review_of_this_change_found_stays_mended(name: str,
                                                          expected: list[object]) -> None:
    assert _found(f"regressions/{name}") == expected


def test_a_folder_walk_refuses_a_kind_written_with_a_word_after_it() -> None:
    code, out, err = check_text("kind-with-words", cwd=HERE / "walk")
    assert (code, out) == (2, "")
    assert err.endswith("kind 'rota june' is not one of rota, allocation, staff, job-description "
                        "(did you mean 'rota'?)\n")
