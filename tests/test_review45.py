"""Session 35: what the helpers found, on the files in fixtures/review45/.

- job descriptions, round 39 (revised and legacy documents): tracked changes as pandoc,
  CriticMarkup and a converted Word file write them, reviewers' comments, the short forms of
  7b's kinds, and Probation Officers named as the subject of a comparison;
- a policy diff compares sets in one order at any depth, quoted members included, and leaves
  quoted text as written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import claim_matcher, jd_found, run_workrules

import workrules
from workrules.policy_diff import impact
from workrules.textpattern import as_shown

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review45"


# ---------------------------------------------------------------- a hostile repository, round 12

BREACH = "The post holder will manage cases assessed as high risk of serious harm."


@pytest.mark.parametrize(("folder", "name"), [
    *(("R1-invisible-beside-markup", n) for n in (
        "zwsp-bold.md", "bold-zwsp.md", "cgj-bold.md", "code-zwsp.md", "dot-above-bold.md",
        "emphasis-zwsp.md", "entity-shy-bold.md", "entity-zwsp-bold.md", "lrm-italic.md",
        "zwsp-emphasis.md", "zwsp-span.md")),
    *(("R2-empty-element-in-word", n) for n in (
        "empty-sup.md", "svg.md", "button.md", "iframe.md", "input.md")),
    *(("R5-link-definition-not-one", n) for n in ("angle-unclosed.md", "escaped-label.md")),
    *(("R6-table-header-carried", n) for n in (
        "two-tables.md", "row-after-blank.md", "columns-mismatch.md",
        "pipe-line-in-paragraph.md")),
    *(("R7-entity-made-structure", n) for n in ("entity-heading.md", "entity-quote.md")),
])  # fmt: skip
def test_a_duty_github_shows_is_read_as_it_shows(folder: str, name: str) -> None:
    assert [(f, rule) for f, rule, _ in jd_found(HERE / "hostile" / folder, name)] == [
        (name, "jd-cases-role-boundary")]


@pytest.mark.parametrize(("case", "file", "line"), [
    ("no-kind", "pso.md", 2), ("kind-commented", "pso.md", 3), ("type-not-kind", "pso.md", 2),
    ("yaml-no-kind", "pso.yaml", 1)])  # fmt: skip
def test_a_walk_refuses_a_job_description_without_its_kind(tmp_path: Path, case: str,
                                                           file: str, line: int) -> None:  # fmt: skip
    shutil.copytree(HERE / "hostile" / "R3-walk-no-kind" / case, tmp_path, dirs_exist_ok=True)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    done = run_workrules("check", "--no-config", "--", "job-descriptions/", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"workrules: job-descriptions/{file}:{line}: has no top-level 'kind:' (rota, "
        "allocation, staff or job-description)\n")


def _deep(top: Path, depth: int) -> None:
    """`top/job-descriptions/a/a/.../pso.md`, `depth` folders deep, with the breach."""
    jd = top / "job-descriptions"
    jd.mkdir()
    fd = os.open(jd, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("a", dir_fd=fd)
        deeper = os.open("a", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = deeper
    out = os.open("pso.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(out, ("---\nkind: job-description\ntitle: x\ngrade: PSO\n---\n" + BREACH + "\n")
             .encode())  # fmt: skip
    os.close(out)
    os.close(fd)


def _undeep(top: Path) -> None:
    """Remove `_deep`'s folders, deepest first, one at a time (pytest's removal of old
    temporary folders recurses once a folder, and gives out past 1,000 deep)."""
    fds = [os.open(top / "job-descriptions", os.O_RDONLY)]
    try:
        while True:
            try:
                fds.append(os.open("a", os.O_RDONLY, dir_fd=fds[-1]))
            except FileNotFoundError:
                break
        os.unlink("pso.md", dir_fd=fds[-1])
        while len(fds) > 1:
            os.close(fds.pop())
            os.rmdir("a", dir_fd=fds[-1])
    finally:
        for fd in fds:
            os.close(fd)


@pytest.fixture
def deep(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    if (tmp_path / "job-descriptions").exists():
        _undeep(tmp_path)


def test_a_walk_reaches_a_job_description_folders_deep(deep: Path) -> None:
    # each folder's real path was worked out afresh: 1,900 deep took a minute
    tmp_path = deep
    _deep(tmp_path, 1900)
    done = run_workrules("check", "--no-config", "-q", "--", "job-descriptions/", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("job-descriptions/a/a/")
    assert "jd-cases-role-boundary" in done.stdout


def test_a_path_too_long_to_open_is_refused_in_one_short_line(deep: Path) -> None:
    tmp_path = deep
    _deep(tmp_path, 2100)  # past the system's longest path
    done = run_workrules("check", "--no-config", "-q", "--", "job-descriptions/", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    [line] = done.stderr.splitlines()
    assert len(line) < 300
    assert line.startswith("workrules: job-descriptions/a/a/")
    assert line.endswith(" characters left out).../a: cannot be read: File name too long")


# ---------------------------------------------------------------- a negotiator's diff


def test_a_set_of_quoted_text_written_in_another_order_is_no_change() -> None:
    done = run_workrules("diff", str(HERE / "diff" / "quoted-set.wr"),
                         str(HERE / "diff" / "quoted-set-reordered.wr"))  # fmt: skip
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1] == (
        "No differences: OLD and NEW state the same rules, values, grades and waivers.")


def test_braces_inside_quoted_text_are_text_and_a_change_to_them_is_a_change() -> None:
    done = run_workrules("diff", "--format", "json", str(HERE / "diff" / "quoted-set.wr"),
                         str(HERE / "diff" / "quoted-text-changed.wr"))  # fmt: skip
    assert done.returncode == 1, done.stderr
    [change] = json.loads(done.stdout)["changes"]
    assert (change["field"], change["old"], change["new"]) == (
        "forbid", '(subject.rosh in {high, very_high}) or (subject.reoffending = "{b, a}")',
        '(subject.rosh in {high, very_high}) or (subject.reoffending = "{a, b}")')


# ------------------------------------------------------------------ job descriptions, round 39


@pytest.mark.parametrize(("name", "line"), [
    # 7b's kinds in the short forms revised job descriptions use
    ("cp-beside-da.md", 8),  # "children ... subject to CP plans"
    ("rosh-m-h.md", 8),  # "RoSH M/H cases"
    ("mappa-category-1.md", 8),  # registered sexual offenders, at any level
    ("convicted-under-tact.md", 8),
    ("tact-prisoners.md", 8),
    ("current-safeguarding.md", 8),  # 7b's "current or recent"
    # tracked changes: the inserted word is read, the deleted one is not
    ("pandoc-insertion.md", 8),
    ("criticmarkup.md", 9),  # a substitution's new text; line 8's deletion is not read
    # what is deleted or a comment is not read, and each line after stays where it was
    ("pandoc-deletion.md", 14),
    ("strike-over-line-break.md", 11),
    ("deleted-line.md", 10),
    # a Probation Officer named before a verb of one is the subject; the PSO after is the post
    ("po-as-subject.md", 10),
])  # fmt: skip
def test_a_revised_job_description_s_duty_is_read_where_it_stands(name: str, line: int
                                                                   ) -> None:  # fmt: skip
    assert jd_found(HERE / "jd", name) == [(name, "jd-cases-role-boundary", line)]


@pytest.mark.parametrize("name", [
    "reviewer-comment.md",  # "[Comment HR: do we want PSOs holding high risk cases ...?]"
    "outside-the-iom-cohort.md",  # "low risk individuals outside the IOM cohort"
    "support-po-court-duty-officer.md",  # "support the PO court duty officer with PSRs on ..."
    "po-only.md",  # "Hold MAPPA L2/L3 cases: PO only."
])  # fmt: skip
def test_what_a_revised_job_description_keeps_from_the_post_is_no_finding(name: str) -> None:
    assert jd_found(HERE / "jd", name) == []


@pytest.mark.parametrize(("written", "read"), [
    # pandoc's tracked changes: a deletion and a comment read as nothing, over lines too
    ('Manage [low]{.deletion author="HR"}[high]{.insertion author="HR"} risk',
     "Manage high risk"),
    ('[Hold DA\ncases.]{.deletion author="HR"\ndate="2024-01-01"} Next.', "\n\n Next."),
    ('[HR: why?]{.comment-start id="0" author="HR"}Hold low risk cases[]{.comment-end id="0"}',
     "Hold low risk cases"),
    ("[high\n\nrisk]{.underline}", "[high\n\nrisk]{.underline}"),  # never past a paragraph
    # CriticMarkup
    ("{--high--} {++low\nrisk++} {~~all~>low~~} {>>why?<<} {==cases==}",
     " low\nrisk low  cases"),
    ("{--high\n\nrisk--}", "{--high\n\nrisk--}"),
    # two tildes strike over a soft line break, never into the next item
    ("- ~~Manage high\n  risk cases.~~\n- Manage", "-  \n\n- Manage"),
    ("- ~~Manage high\n- risk cases.~~", "- ~~Manage high\n- risk cases.~~"),
    # a line marked deleted, and a reviewer's comment
    ("- [DELETED] Hold IOM cases.\nKeep [DELETED] this", "-  \nKeep [DELETED] this"),
    ("[HR comment: PSOs to hold DA cases?] Manage low risk cases.",
     "  Manage low risk cases."),
    # what does not show is gone before markup inside a word is read (attack round 12)
    ("hi\u200b<b>gh</b> risk", "high  risk"), ("hi&#8203;*gh* risk", "high risk"),
    # a raised number stays apart; an empty one, or a tag GitHub strips, shows nothing
    ("cases<sup>1</sup> held", "cases 1  held"), ("hi<sup></sup>gh", "high"),
    ("hi<button></button>gh", "high"),
    # an entity at a line's start starts no heading, quote or row; elsewhere it is as written
    ("&#35;&#35; Essential criteria", "\uff03# Essential criteria"), ("a &gt; b", "a > b"),
])  # fmt: skip
def test_a_tracked_change_or_a_comment_is_read_as_a_reviewer_reads_it(written: str, read: str
                                                                     ) -> None:  # fmt: skip
    assert as_shown(written) == read


def test_yes_or_no_in_a_condition_is_refused_naming_true_or_false(tmp_path: Path) -> None:
    (tmp_path / "p.wr").write_text('policy p\nrule r\n    clause "4"\n    for each staff\n'
                                   "    forbid flexitime = no\n")  # fmt: skip
    done = run_workrules("check", "--no-config", "--policy", "p.wr", "x.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        "workrules: p.wr:5:24: unknown name 'no' for a staff member: a yes or no is written "
        "'false'")


# ---------------------------------------------------------------- many units, many systems


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize(("files", "notice"), [
    # South sent no WMT export: its staff are not judged, never found unassessed
    (("north-wmt.ndjson",), "not applied for South PDU: the data has no WMT reading of its "
                            "staff at all (is an export missing?)"),
    # South's export ends in May, North's in June: South's June is not judged
    (("north-wmt.ndjson", "south-wmt.ndjson"), "not applied for South PDU in June 2024: the "
                                                "data has no WMT reading of its staff for it"),
])  # fmt: skip
def test_a_unit_is_judged_on_its_own_wmt_export(engine: str, files: tuple[str, ...],
                                                notice: str) -> None:  # fmt: skip
    done = run_workrules("check", "--no-config", "--engine", engine, "--format", "json",
                         "--today", "2024-07-01", "--set", "wmt_assessed_from=2024-04-01",
                         "--select", "wmt-not-assessed", "north-staff.yaml", "south-staff.yaml",
                         *files, cwd=HERE / "data" / "unit-without-wmt")  # fmt: skip
    assert done.returncode == 0, done.stdout
    report = json.loads(done.stdout)
    assert report["findings"] == []
    assert [n["reason"] for n in report["not_applied"]] == [f"applied in part; {notice}"]


# ---------------------------------------------------------------- a negotiation over time


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("staff", ["staff.yaml", "staff-dated.yaml"])
def test_a_manager_who_has_left_breaches_no_cap_that_comes_in_after(engine: str,
                                                                    staff: str) -> None:  # fmt: skip
    # M1 (SPO) left on 2024-12-31 with 7 reports; the cap is 8, then 6 from 2025-01-01
    done = run_workrules("check", "--no-config", "--engine", engine, "-q", "--policy",
                         "phased.wr", "--select", "span-of-control", "--today", "2025-03-31",
                         staff, cwd=HERE / "data" / "span-after-leaving")  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "\nValues set for this run, over the policy's (1):\n  span_of_control_max[SPO] 8, then "
           "6 from 2025-01-01 (the policy's: to be agreed in claim-2024; set by phased.wr:3)\n",
        "")  # fmt: skip


@pytest.mark.parametrize(("until", "error"), [
    ("line_manager.grade", "'until' takes a date of the staff member line_manager names "
                           "(qualified_on, started_on, left_on); not 'grade'"),
    ("line_manger.left_on", "'until' takes a date of the staff member, or of the staff member "
                            "one of its fields names (REF.FIELD, REF one of line_manager, pta, "
                            "pso_assessor); not 'line_manger.left_on' (did you mean "
                            "'line_manager'?)"),
])  # fmt: skip
def test_until_a_staff_member_s_date_is_type_checked(tmp_path: Path, until: str,
                                                     error: str) -> None:  # fmt: skip
    (tmp_path / "p.wr").write_text(
        'policy p\nparam cap: count = 6\nrule r\n    clause "9"\n    for each staff\n'
        f"    per line_manager\n    measure most at once until {until} at most cap\n")
    done = run_workrules("check", "--no-config", "--policy", "p.wr", "x.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].endswith(error)


# ---------------------------------------------------------------- a maintainer's first hour


def test_the_hook_passes_over_a_folder_s_readme_and_templates() -> None:
    # the hook refused a README committed to job-descriptions/ ("must start with YAML front
    # matter"), which the CI job's walk names as skipped (first hour 35)
    hook = yaml.safe_load((HERE.parents[1] / ".pre-commit-hooks.yaml").read_text(
        encoding="utf-8"))[0]  # fmt: skip
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    given = ["job-descriptions/README.md", "job-descriptions/Readme", "jd/index.md",
             "job-descriptions/template.yaml", "job-descriptions/jd-template.md",
             "job-descriptions/pso.md", "job-descriptions/readme-team-pso.md", "rota.yaml"]
    assert [f for f in given if files.search(f) and not exclude.search(f)] == [
        "job-descriptions/pso.md", "job-descriptions/readme-team-pso.md", "rota.yaml"]



@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize(("folder", "files", "found", "notice"), [
    # one export names every team's people: a team none of whose people it names is not
    # judged by it (an export of its own may be missing), and says so
    ("wmt-team", ("staff.yaml", "wmt-none.ndjson"), 0,
     "not applied for Courts Team: the data has no WMT reading of its staff at all (is an "
     "export missing?)"),
    # naming one of its three people once, it judges the team only in that month (April)
    ("wmt-team", ("staff.yaml", "wmt.ndjson"), 2,
     "not applied for Courts Team in May 2024, June 2024: the data has no WMT reading of its "
     "staff for them"),
    # North's own file names one of Courts' two people once: not Courts' export
    ("own-file-names-other", ("staff.yaml", "north-wmt.yaml"), 1,
     "not applied for Courts Team in May 2024, June 2024: the data has no WMT reading of its "
     "staff for them"),
    # each unit's own CSV export (a CSV names no unit); South's ends in May
    ("unit-csv-export", ("north-staff.yaml", "south-staff.yaml", "north-wmt.csv",
                         "south-wmt.csv"), 0,
     "not applied for South PDU in June 2024: the data has no WMT reading of its staff for it"),
])  # fmt: skip
def test_a_unit_is_judged_over_its_own_export_s_months(engine: str, folder: str,
                                                       files: tuple[str, ...], found: int,
                                                       notice: str | None) -> None:  # fmt: skip
    done = run_workrules("check", "--no-config", "--engine", engine, "--format", "json",
                         "--today", "2024-07-01", "--set", "wmt_assessed_from=2024-04-01",
                         "--select", "wmt-not-assessed", *files,
                         cwd=HERE / "data" / folder)  # fmt: skip
    report = json.loads(done.stdout)
    assert (done.returncode, len(report["findings"])) == (1 if found else 0, found)
    assert [n["reason"] for n in report["not_applied"]] == (
        [f"applied in part; {notice}"] if notice else [])


def test_a_region_written_with_a_hyphen_and_with_a_space_is_refused() -> None:
    done = run_workrules("indicators", "--period", "2024-Q2", "--by", "region", "north-staff.yaml",
                         "south-staff.csv", "region-timesheets.csv",
                         cwd=HERE / "data" / "region-hyphen")  # fmt: skip
    refusal = ('workrules: south-staff.csv:2: region "North-East" and region "North East" (at '
               "north-staff.yaml:5) differ only in case, spaces or hyphens: read as they are, "
               "they are two regions, each counted and judged apart; write one region's name "
               'the same way in every file ("North East")\n')
    assert (done.returncode, done.stdout, done.stderr) == (2, "", refusal)


def test_counts_of_a_unit_no_staff_list_names_say_the_unit_may_be_named_two_ways() -> None:
    # "Tyne and Wear PDU" counts 40 unallocated cases; the staff list's unit is "Tyne PDU":
    # the finding's WMT figures read "not given", and no notice said why (scenario round 35)
    folder = HERE / "data" / "unallocated-renamed"
    result = workrules.check([folder / "staff.yaml", folder / "allocation.yaml"],
                             set_values=["safeguard_unallocated_max=10"],
                             select=["safeguard-unallocated"])  # fmt: skip
    assert [(f.rule, f.subject) for f in result.findings] == [
        ("safeguard-unallocated", "Tyne and Wear PDU")]
    assert [(n.rule, n.reason) for n in result.not_applied] == [(
        "safeguard-unallocated",
        'applied in part: unit "Tyne and Wear PDU" has counts of unallocated cases and no one '
        'in the staff lists, and unit "Tyne PDU" has staff and no counts of unallocated cases: '
        "if a unit is named two ways, its counts would be judged without its staff's WMT "
        "readings; write its name the same way in every file")]


def test_a_session_of_an_export_naming_no_unit_carries_its_supervisors_unit() -> None:
    result = workrules.check([HERE / "data" / "session-unit" / name for name in (
        "north-staff.yaml", "south-staff.csv", "region-upw_sessions.csv")])  # fmt: skip
    assert sorted((f.rule, f.subject, f.unit) for f in result.findings) == [
        ("upw-contact-hours", "N1", "North PDU"), ("upw-group-ratio", "U3", "South PDU")]


def test_a_breach_both_offers_find_under_a_dated_cap_is_one_breach_both_flag() -> None:
    folder = HERE / "data" / "impact-dated"
    found = impact(folder / "counter.wr", folder / "settlement.wr", [folder / "staff.yaml"],
                   today=dt.date(2025, 3, 31))  # fmt: skip
    assert (len(found.only_old), len(found.only_new)) == (0, 0)
    assert [(p.rule, p.subject) for p in found.both] == [("span-of-control", "M1")]


def test_two_breaches_of_one_manager_a_year_apart_are_not_paired_as_one() -> None:
    # seven reports over OLD's 6 to 2024; from 2025 six others over NEW's 5: two breaches
    folder = HERE / "data" / "impact-two-breaches"
    found = impact(folder / "old.wr", folder / "new.wr", [folder / "staff.yaml"],
                   today=dt.date(2025, 6, 30))  # fmt: skip
    assert [(len(found.only_old), len(found.only_new), len(found.both))] == [(1, 1, 0)]


def test_a_cap_agreed_that_flags_nothing_is_said_in_the_impact() -> None:
    folder = HERE / "data" / "impact-newly-applied"
    found = impact(folder / "old.wr", folder / "new-high.wr",
                   [folder / "staff.yaml", folder / "allocation.yaml"],
                   today=dt.date(2025, 1, 1))  # fmt: skip
    # (why OLD did not judge it, said first: a first hour, round 48)
    assert found.summary == ("2025: not judged under OLD (cap to be agreed: cases_max unset); 0 "
                             "practitioners in breach under NEW",)


def test_a_site_page_with_a_school_grade_is_no_job_description_without_its_kind(
        tmp_path: Path) -> None:  # fmt: skip
    shutil.copytree(HERE / "review" / "walk-repo", tmp_path, dirs_exist_ok=True)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    done = run_workrules("check", "--no-config", "-q", "--", ".", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("./job-descriptions/pso.md:8: jd-cases-role-boundary [7a]")
    assert done.stderr == ""  # (the pages, and the site's config, are not refused)


@pytest.mark.parametrize(("written", "read"), [
    ("- [Removed] Hold IOM cases.", "-  "),  # a line marked removed, without "deleted" about
    ("[see comment: hold IOM cases] x", "[see comment: hold IOM cases] x"),  # no reviewer's
    ("- {>>x\n- Manage high risk cases<<}", "- {>>x\n- Manage high risk cases<<}"),  # open
    ("[Hold " + "x " * 150 + "cases \\[1\\]]{.deletion author=\"a\"} Next", " Next"),
])  # fmt: skip
def test_the_review_s_marks_are_read_as_a_reviewer_reads_them(written: str, read: str) -> None:
    assert as_shown(written) == read


@pytest.mark.parametrize(("sentence", "found"), [
    # the post's own clause after another grade's is the post's (the review of session 35)
    ("Where the PO holds the case at court, the PSO manages high risk of serious harm cases.",
     True),
    ("The PO holds MAPPA cases and the PSO holds high risk cases.", True),
    ("If the PO is responsible for the report, you will hold MAPPA level 2 cases.", True),
    ("Hold MAPPA L2/L3 cases alongside the PO only where cover is needed.", True),
    ("Assist the duty PO at court and manage MAPPA level 2 cases.", True),
    ("The PO holds high risk cases; the PSO holds low risk cases.", False),
    # a bare CP is also Community Payback
    ("Supervise individuals subject to CP requirements.", False),
    ("Supervise Unpaid Work (CP) and DA awareness sessions for the team.", False),
])  # fmt: skip
def test_another_grade_s_clause_hides_none_of_the_post_s(sentence: str, found: bool) -> None:
    assert bool(claim_matcher("cases_outside_role_boundary").gives(sentence)) is found


def test_a_comparison_table_s_answer_for_the_post_s_grade_is_read_with_it(tmp_path: Path
                                                                         ) -> None:  # fmt: skip
    head = "---\nkind: job-description\ntitle: PSO\ngrade: PSO\n---\n| Duty | PO | PSO |\n|---|---|---|\n"
    (tmp_path / "no.md").write_text(head + "| Hold MAPPA L2/L3 cases | Yes | No |\n")
    (tmp_path / "yes.md").write_text(head + "| Hold MAPPA L2/L3 cases | Yes | Yes |\n")
    assert jd_found(tmp_path, "no.md", "yes.md") == [("yes.md", "jd-cases-role-boundary", 8)]
