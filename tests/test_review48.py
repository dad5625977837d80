"""Session 38: what the helpers found, on the files in fixtures/review48/.

- job descriptions: cases the post keeps, the kind named straight after the verb, and cases a
  Probation Officer covers only while the post holder is away (review 47's N4 and N5);
- job descriptions, round 43 (recruitment packs): someone else's line management in "About
  the team", others' careers, others' work after qualifying, a selection exercise, an FAQ's
  bold question over its answer, and a pack whose duties are in another document;
- a hostile repository, fifteenth attack (the files the gate is given and how a walk finds
  them): a kind the walk's quick look could not read, a link as a tool's marker, a link of
  another suffix, a large file with no kind, the folder named a link out of the repository,
  a checkout in another encoding, `.GIT` outside git, a name with a line break in reports;
- indicators: a period outside the records an indicator is read from has no figure, one partly
  outside them a caveat (the first hour of session 38, H2 and H3);
- findings: the unit the rules read, whatever the form of the export;
- the library: a check beside a columnar engine another thread is still importing;
- scenarios, round 38 (people changing over time): an acting-up spell in a grade's name; a
  caveat on a vacancy rate for someone in post on neither day it is taken on;
- the reviews of the session's change: what its first readings lost or made up;
- contracts read as a day's: no count of findings left out where the rule found none for them
  (review 47's N11);
"""

from __future__ import annotations

import os
import sys
import types
from datetime import date as _date
from pathlib import Path

import pytest
from conftest import jd_found, partial_notices, run_workrules
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules import check, indicators
from workrules.errors import InputError
from workrules.inputs import expand_paths, is_workrules_data
from workrules.model import canonical_grade

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review48"
JD = HERE / "jd"
SCENARIOS = HERE / "scenarios"
HOSTILE = HERE / "hostile"


# ---------------------------------------------------------------- job descriptions

@pytest.mark.parametrize(("name", "found"), [
    # "the PSO retains domestic abuse cases": kept, so held (7a)
    ("cases-kept-by-the-post.md", [("jd-cases-role-boundary", 9)]),
    # records kept about a kind's cases, or cases kept under review, are not held
    ("cases-kept-controls.md", []),
    # cases the duty PO covers only in the post holder's absence are the post's
    ("cases-covered-in-your-absence.md", [("jd-cases-role-boundary", 9)]),
])  # fmt: skip
def test_cases_the_post_keeps_are_held_and_records_kept_are_not(
        name: str, found: list[tuple[str, int]]) -> None:  # fmt: skip
    assert [(rule, line) for _, rule, line in jd_found(JD, name)] == found


@pytest.mark.parametrize(("name", "found"), [
    # "Our SPO line manages nine practitioners" is the team's SPO, not the post
    ("pack-team-spo-line-manages.md", []),
    # careers of others: "where they line manage", "and now line manage teams of their own",
    # "later become SPOs and line manage their own teams"
    ("pack-career-line-manage.md", []),
    ("pack-career-spos-line-manage.md", []),
    ("pack-career-nqo-later-spo.md", []),
    # "**Is there any line management in this role?**" over "No. ..."
    ("pack-faq-bold-question.md", []),
    # "Many of our PSOs go on to train as POs, where after qualifying they will hold ..."
    ("pack-pso-career-after-qualifying.md", []),
    # a selection exercise: "a group discussion on a news article about the supervision of
    # people convicted of sexual offences"
    ("pack-assessment-group-discussion.md", []),
    # ... while the post's own line management, "together with our SPO" beside it, is read
    ("pack-controls.md", [("jd-span-stated", 9)]),
])  # fmt: skip
def test_a_recruitment_pack_s_parts_that_are_no_duty_of_the_post_are_not_read_as_one(
        name: str, found: list[tuple[str, int]]) -> None:  # fmt: skip
    assert [(rule, line) for _, rule, line in jd_found(JD, name)] == found


def test_a_pack_whose_duties_are_in_another_document_says_it_was_not_judged() -> None:
    # 80 words of team, person specification and benefits: none of them duties
    result = check([JD / "pack-duties-in-other-document.md"], select=["jd-*"])
    assert not result.findings
    said = dict(partial_notices(result))
    assert sorted(said) == ["jd-cases-role-boundary", "jd-line-management-contradicted",
                            "jd-psr-role-boundary", "jd-span-stated"]  # fmt: skip
    assert ('says its duties are in another document ("The main duties of the post are set out '
            'in the generic PSO job description, which is attached to the advert as a separate '
            'document"), which is not given') in said["jd-cases-role-boundary"]  # fmt: skip


# ---------------------------------------------------------------- attack round 15

@pytest.mark.parametrize("name", [
    # `kind: "\x6a\x6f..."`, `{"kind": "\u006a..."}`: escapes the loader reads as the kind
    "a1-escaped-kind.md", "a1-escaped-kind.yaml", "a1-escaped-kind.json",
    # `kind: ` (a blank after it) with its value on the next line
    "a1-kind-next-line.md",
    # `kind: Deployment` inside a quoted title, the real kind in a flow mapping or an escaped key
    "a2-kind-in-string.md", "a2-kind-in-string.yaml",
])  # fmt: skip
def test_a_walk_reads_a_file_whose_kind_only_the_loader_can_read(name: str) -> None:
    assert is_workrules_data(str(HOSTILE / name))


def test_another_tool_s_kind_written_plainly_is_still_not_workrules_data(tmp_path: Path) -> None:
    manifest = tmp_path / "deploy.yaml"
    manifest.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n")
    assert not is_workrules_data(str(manifest))


def test_a_link_as_a_tool_s_marker_does_not_hide_its_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    team = tmp_path / "jd" / "team"
    team.mkdir(parents=True)
    (team / "spo.md").write_text((HOSTILE / "a1-kind-next-line.md").read_text())
    os.symlink("../../.git/HEAD", team / "pyvenv.cfg")  # (no index: never git's tracked file)
    files, skipped = expand_paths([str(tmp_path / "jd")])
    assert files == [str(team / "spo.md")]
    assert skipped == [str(team / "pyvenv.cfg")]  # (the link itself, into .git: unread)


def test_a_link_of_another_suffix_to_a_job_description_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    jd = tmp_path / "jd"
    jd.mkdir()
    (jd / "plm.md").write_text((HOSTILE / "a4-plm.md").read_text())
    os.symlink("plm.md", jd / "0.yaml")  # named first, it was read as YAML, its text lost
    with pytest.raises(InputError, match=r"is a link to 'plm\.md', a file of another suffix"):
        expand_paths([str(jd)])


def test_a_large_file_with_no_kind_is_looked_at_a_mib_at_a_time(tmp_path: Path) -> None:
    big = tmp_path / "z.yaml"
    with open(big, "wb") as handle:
        handle.write(b"unit: x\n")
        handle.truncate(64 << 20)  # (sparse: read whole, a 3 GB one ran out of memory)
    assert not is_workrules_data(str(big))
    with open(big, "r+b") as handle:  # a 'kind' past the first MiB, in a file over the
        handle.seek(40 << 20)  # loader's bound for YAML: for the loader to refuse by its size
        handle.write(b"\nkind: rota\n")
    assert is_workrules_data(str(big))


def test_a_folder_named_that_leads_out_of_the_repository_is_refused_unread(
        tmp_path: Path) -> None:  # fmt: skip
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    (repo / ".git").mkdir(parents=True)
    outside.mkdir()
    (outside / "private-name.yaml").write_text("kind: rota SECRET\n")
    os.symlink(outside, repo / "jd")
    with pytest.raises(InputError) as refused:
        expand_paths([str(repo / "jd") + "/"])
    assert "leads out of the git work tree" in str(refused.value)
    assert "SECRET" not in str(refused.value) and "private-name" not in str(refused.value)


def _repo_with(tmp_path: Path, name: str = "pso.md") -> Path:
    """A work tree (a `.git` folder) with a PSO's job description that breaches 7a."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "jd").mkdir()
    (tmp_path / "jd" / name).write_text(
        "---\nkind: job-description\ntitle: Probation Services Officer\ngrade: PSO\n---\n"
        "Manage cases assessed as high\u00a0risk of serious harm.\n", encoding="utf-8")
    return tmp_path


def _refused_or_read(repo: Path, refused: bool) -> None:
    """The repository's job descriptions refused for their checkout's encoding, or read."""
    if refused:
        with pytest.raises(InputError, match="another encoding than it was committed in"):
            check([repo / "jd"])
    else:
        assert [f.rule for f in check([repo / "jd"]).findings] == ["jd-cases-role-boundary"]


@pytest.mark.parametrize("attributes", [
    "jd/pso.md working-tree-encoding=UTF-7\n",
    "jd/**/*.md working-tree-encoding=UTF-16\n",
    "[attr]enc working-tree-encoding=UTF-7\n*.md enc\n",  # (a macro)
])  # fmt: skip
def test_a_file_git_writes_in_another_encoding_on_checkout_is_refused(
        tmp_path: Path, attributes: str) -> None:  # fmt: skip
    # UTF-7 made "high\u00a0risk" the ASCII "high+AKA-risk" in CI's checkout: the breach passed
    repo = _repo_with(tmp_path)
    (repo / ".gitattributes").write_text(attributes)
    with pytest.raises(InputError, match=r"is written on checkout in another encoding than it "
                                         r"was committed in \(\.gitattributes:\d gives it "
                                         r"'working-tree-encoding=UTF-(7|16)'\)"):  # fmt: skip
        check([repo / "jd"])


@pytest.mark.parametrize("attributes", ["*.md text eol=lf\n",
                                        "*.md working-tree-encoding=UTF-7\n"
                                        "*.md -working-tree-encoding\n"])  # fmt: skip
def test_attributes_that_leave_the_text_as_committed_are_read(tmp_path: Path,
                                                              attributes: str) -> None:
    repo = _repo_with(tmp_path)
    (repo / ".gitattributes").write_text(attributes)
    assert [f.rule for f in check([repo / "jd"]).findings] == ["jd-cases-role-boundary"]


def test_a_git_like_folder_outside_git_is_named_not_passed_over(tmp_path: Path) -> None:
    hidden = tmp_path / "jd" / ".GIT"
    hidden.mkdir(parents=True)
    (hidden / "pso.md").write_text((HOSTILE / "a1-kind-next-line.md").read_text())
    (tmp_path / "jd" / "ok.md").write_text((HOSTILE / "a1-kind-next-line.md").read_text())
    files, skipped = expand_paths([str(tmp_path / "jd")])
    assert files == [str(tmp_path / "jd" / "ok.md")]
    assert skipped == [str(hidden) + os.sep]


def test_a_name_with_a_line_break_is_the_file_s_own_name_in_github_and_sarif(
        tmp_path: Path) -> None:  # fmt: skip
    repo = _repo_with(tmp_path, "a\nb.md")
    done = run_workrules("check", "--no-config", "--format", "github", "jd/", cwd=repo)
    assert done.stdout.startswith("::error file=jd/a%0Ab.md,line=6,")
    (repo / "jd" / "a\nb.md").write_text("---\nkind: job-description\ntitle: [\n---\n")
    done = run_workrules("check", "--no-config", "--format", "sarif", "jd/", cwd=repo)
    assert '"uri": "jd/a%0Ab.md"' in done.stdout  # (a refusal's: it was jd/a%5Cnb.md)
    done = run_workrules("check", "--no-config", "--format", "github", "jd/", cwd=repo)
    assert done.stdout.startswith("::error file=jd/a%0Ab.md,line=4,")


# ---------------------------------------------------------------- scenarios

def test_a_rule_that_found_nothing_for_a_day_s_contract_counts_no_findings_left_out() -> None:
    # S1-S4's 7.4 h beside a 37 h, with weeks of 37 h worked: a day's figure. 4c's own rule
    # had a finding for each, left out and counted; the rules that had none say only that
    # they did not judge them (it said "0 findings by the figure left out")
    folder = SCENARIOS / "hr-day-typo"
    said = dict(partial_notices(check([folder / "staff.yaml", folder / "rota.yaml"])))
    assert "this rule did not judge them (4 findings by the figure left out); give everyone's" \
        in said["unrecompensed-hours"]  # fmt: skip
    for rule in ("hours-without-contract", "recompense-beyond-the-week"):
        assert "this rule did not judge them; give everyone's contracted hours a week" \
            in said[rule]  # fmt: skip
        assert "0 findings" not in said[rule]


@pytest.mark.parametrize(("grade", "read"), [
    # a spell of acting up, with its dates or length, is no SPO role: unknown, never guessed
    ("PO (Acting SPO to 21-03-2025)", None), ("Acting SPO until 21 March 2025", None),
    ("SPO (Acting) 3 weeks", None), ("Acting SPO wef 03-03-2025", None),
    # ... where a role, a team's number and a working pattern stay as they were
    ("SPO (Day Services)", "SPO_DAY_SERVICES"), ("SPO (Team 2)", "SPO_TEAM_2"),
    ("PO (Acting SPO 2 days)", "SPO"), ("SPO (4 day week)", "SPO"), ("Acting SPO", "SPO"),
])  # fmt: skip
def test_an_acting_up_spell_in_a_grade_s_name_is_no_role(grade: str, read: str | None) -> None:
    assert canonical_grade(grade) == read


def test_staff_acting_up_for_a_spell_are_named_not_judged_as_spos_throughout() -> None:
    folder = SCENARIOS / "acting-spells"
    result = check([folder / "staff.yaml"], select=["span-of-control"], today=_date(2025, 4, 1),
                   set_values=["span_of_control_max[SPO]=0"])  # fmt: skip
    assert not result.findings  # (A3, "SPO (Acting) 3 weeks", had the SPO's cap of 0)
    said = dict(partial_notices(result))["span-of-control"]
    assert ("these grades are not known, so their holders were not judged: "
            "ACTING_SPO_UNTIL_21_MARCH_2025 (A2), PO_ACTING_SPO_TO_21_03_2025 (A1), "
            "PSO_ACTING_PO_2_WEEKS (A4), SPO_ACTING_3_WEEKS (A3)") in said  # fmt: skip


def test_a_check_beside_a_columnar_engine_half_imported_runs_as_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # another thread's import of the columnar engine, under way: the module is in sys.modules
    # without its functions yet (it raised AttributeError, no WorkrulesError, one run in three)
    monkeypatch.setitem(sys.modules, "workrules.engine.columnar",
                        types.ModuleType("workrules.engine.columnar"))  # fmt: skip
    example = Path(__file__).resolve().parents[1] / "fixtures" / "example"
    result = check([example / "staff.yaml", example / "rota.yaml", example / "allocation.yaml"],
                   engine="python")  # fmt: skip
    assert len(result.findings) == 9


def test_a_finding_s_unit_is_the_one_its_record_is_in_whatever_its_file_names(
        tmp_path: Path) -> None:  # fmt: skip
    # a file naming its region as the unit, its staff in PDUs of their own: each finding gives
    # the PDU, as an export of one list for many units does (it gave the region)
    (tmp_path / "staff.yaml").write_text(
        "kind: staff\nunit: North East\nstaff:\n"
        "  - {id: S1, name: A, grade: PO, contracted_hours: 37, unit: North East PDU 1}\n"
        "  - {id: S2, name: B, grade: PO, contracted_hours: 37}\n")
    (tmp_path / "rota.yaml").write_text(
        "kind: rota\nunit: North East\ntimesheets:\n"
        "  - {staff: S1, week: 2025-06-09, hours_worked: 40}\n"
        "  - {staff: S2, week: 2025-06-09, hours_worked: 40}\n")
    result = check([tmp_path / "staff.yaml", tmp_path / "rota.yaml"],
                   select=["unrecompensed-hours"])  # fmt: skip
    assert [(f.subject, f.unit) for f in result.findings] == [
        ("S1", "North East PDU 1"), ("S2", "North East")]


def _indicators(period: str) -> dict[str, tuple[bool, str | None, str | None]]:
    folder = HERE / "indicators"
    report = indicators([folder / "staff.yaml", folder / "rota.yaml"], period=period)
    return {i.id: (i.available, i.reason, i.caveat) for i in report.indicators}


def test_a_period_before_the_data_s_records_has_no_figure_read_from_them() -> None:
    # timesheets and absences from 2024-04-01: the first quarter gave a sickness rate of 0.0
    # and the hours indicators no row and no word
    said = _indicators("2024-Q1")
    assert said["sickness"] == (False, (
        "the data's timesheets and absences run from 2024-04-01 to "
        "2024-06-30, none in 2024-Q1: a figure for it would be a nought the data does not "
        "bear"), None)  # fmt: skip
    for hours in ("paid_over", "unpaid_over"):
        assert said[hours] == (False, (
            "the data's timesheets run from 2024-04-01 to 2024-06-30, none in 2024-Q1: a "
            "figure for it would be a nought the data does not bear"), None)  # fmt: skip


def test_a_period_partly_before_the_data_s_records_says_its_figure_may_be_too_low() -> None:
    said = _indicators("2024")
    assert said["sickness"] == (True, None, (
        "the data's timesheets and absences run from 2024-04-01 to "
        "2024-06-30, part of 2024 only: its days outside them count as days with none, so "
        "the figure may be too low"))  # fmt: skip
    # an average over the weeks given, which says how few of the year's they are (round 53, P4)
    assert said["unpaid_over"] == (True, None, (
        "4 of the 4 staff in post in the period returned a timesheet it reads (8 person-weeks, "
        "of the 212 weeks the 4 with contracted hours it counts were in post): the figure is "
        "the average of the weeks given, not of the staff's time in post, and a week with no "
        "timesheet is not a week with no hours over contract"))
    assert _indicators("2024-Q2")["sickness"] == (True, None, None)


# ---------------------------------------------------------------- the review of the change

REVIEW = HERE / "review"


@pytest.mark.parametrize(("name", "found"), [
    # a selection exercise's words no longer reach a duty after them
    ("jd-g01.md", [("jd-cases-role-boundary", 7)]),
    # "keep ... under review" only of the kind kept so, straight after the verb
    ("jd-g12.md", [("jd-cases-role-boundary", 7)]), ("jd-k04.md", [("jd-cases-role-boundary", 7)]),
    # kept up to date, informed, flagged, in employment, its records: no case held
    ("jd-g13.md", []), ("jd-g15.md", []), ("jd-g16.md", []), ("jd-k21.md", []), ("jd-k22.md", []),
    # an SPO pack's own line management: "Our SPOs line manage", "where they line manage",
    # "... and now line manage", "Our SPO will line manage"
    ("lm-l01.md", [("jd-span-stated", 7)]), ("lm-l02.md", [("jd-span-stated", 7)]),
    ("lm-m01.md", [("jd-span-stated", 7)]), ("lm-m10.md", [("jd-span-stated", 7)]),
    # "Our team manager has asked that the post holder line manage ...": the post's
    ("lm-l09.md", [("jd-line-management-contradicted", 8)]),
    # a form's "Line management in this role: No. of direct reports: 8" denies nothing
    ("lm-m02.md", []), ("lm-n02.md", []),
    # "set out in the job description below": itself, judged
    ("jd-e01.md", []),
])  # fmt: skip
def test_the_review_s_job_descriptions_are_read_as_before_the_change_or_better(
        name: str, found: list[tuple[str, int]]) -> None:  # fmt: skip
    assert [(rule, line) for _, rule, line in jd_found(REVIEW, name)] == found
    assert not partial_notices(check([REVIEW / name], select=["jd-*"]))


@pytest.mark.parametrize("folder", ["grade-to-in-team-name", "grade-fixed-term"])
def test_an_spo_team_s_name_or_a_fixed_term_is_no_acting_spell(folder: str) -> None:
    # "SPO (Transition to Adulthood)", "SPO (Custody to Community)", "SPO (Approved Premises)
    # 12 months FTC": SPOs, judged under the SPO's cap (unknown, or refused, after the change)
    result = check([REVIEW / folder / "staff.yaml"], select=["span-of-control"],
                   set_values=["span_of_control_max[SPO]=6"])  # fmt: skip
    assert result.findings and {f.rule for f in result.findings} == {"span-of-control"}
    assert not partial_notices(result)


def test_a_walk_passes_over_links_and_other_tools_files_as_before(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("# Job descriptions\n")
    os.symlink("README.md", tmp_path / "README")  # (a link of another suffix, no data)
    chart = tmp_path / "deploy" / "chart" / "templates"
    chart.mkdir(parents=True)
    (chart / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n"
        "{{- include \"chart.labels\" . | nindent 4 }}\n")
    (tmp_path / "deploy" / "app.yaml").write_text(
        "kind: ConfigMap\ndata:\n  settings.json: |\n    {\"a\": 1}\n---\nkind: Service\n"
        "spec:\n  path: C:\\Users\\app\n")
    (tmp_path / "jd").mkdir()
    (tmp_path / "jd" / "pso.md").write_text((HOSTILE / "a1-kind-next-line.md").read_text())
    files, skipped = expand_paths([str(tmp_path)])
    assert files == [str(tmp_path / "jd" / "pso.md")]
    assert sorted(os.path.relpath(p, tmp_path) for p in skipped) == [
        "README.md", "deploy/app.yaml", "deploy/chart/templates/deployment.yaml"]


@pytest.mark.parametrize(("attributes", "refused"), [
    ("*.md working-tree-encoding=UTF-8\n", False),  # (as committed: no change)
    ("jd/*.md working-tree-encoding=UTF-16\n", False),  # (not jd/sub/pso.md, as git reads it)
    ("jd/**/*.md working-tree-encoding=UTF-16\n", True),
])  # fmt: skip
def test_only_an_encoding_git_changes_the_checkout_by_is_refused(
        tmp_path: Path, attributes: str, refused: bool) -> None:  # fmt: skip
    repo = _repo_with(tmp_path)
    (repo / "jd" / "sub").mkdir()
    (repo / "jd" / "pso.md").rename(repo / "jd" / "sub" / "pso.md")
    (repo / ".gitattributes").write_text(attributes)
    _refused_or_read(repo, refused)


def test_a_vacancy_rate_s_caveat_counts_only_staff_in_post_on_the_days_it_is_taken(
        ) -> None:  # fmt: skip
    # AG1, an agency PO with no contracted hours, was in post from 6 January to 16 February:
    # on neither the quarter's first day nor its last, so no caveat on 2025-Q1's rate; on
    # February's first day, so one on its rate
    def caveat(period: str) -> str | None:
        report = indicators([HERE / "vacancy" / "staff.yaml"], period=period, by=("grade",))
        return next(i.caveat for i in report.indicators if i.id == "vacancy")

    assert caveat("2025-Q1") is None
    assert caveat("2025-02") == ("1 staff member in post whose record gives no contracted "
                                 "hours, counted as no full-time equivalent in post")


# ---------------------------------------------------------------- the second review

REVIEW2 = HERE / "review2"


@pytest.mark.parametrize(("name", "found"), [
    ("kept-short-forms.md", [("jd-cases-role-boundary", 7)]),  # "retains DA cases"
    ("kept-short-controls.md", []),  # "under close review", "DA cases records up to date"
    ("lm-this-post.md", [("jd-span-stated", 7)]),  # "Staff who progress to this post will ..."
    ("lm-faq-no-any.md", []),  # "Is there line management in this role?" over "No."
])  # fmt: skip
def test_the_second_review_s_job_descriptions(name: str, found: list[tuple[str, int]]) -> None:
    assert [(rule, line) for _, rule, line in jd_found(REVIEW2, name)] == found


@pytest.mark.parametrize("grade", [
    "Acting SPO - ends 31 March", "SPO (acting) to end of March", "Acting SPO (Mar-Jun 2025)",
    "Acting SPO 1st April - 30th Sept", "SPO (Acting up) - 6 week cover",
    "PO acting SPO from 1 April",
])  # fmt: skip
def test_an_acting_spell_however_written_is_an_unknown_grade(grade: str) -> None:
    assert canonical_grade(grade) is None


def test_a_walk_passes_over_a_link_to_no_data_and_a_template_that_opens_with_braces(
        tmp_path: Path) -> None:  # fmt: skip
    (tmp_path / ".git").mkdir()
    (tmp_path / "LICENSE").write_text("MIT\n")
    os.symlink("LICENSE", tmp_path / "LICENSE.md")  # (a data suffix, to a file of none)
    chart = tmp_path / "chart" / "templates"
    chart.mkdir(parents=True)
    (chart / "deployment.yaml").write_text(  # as `helm create` lays one out
        "{{- if .Values.enabled }}\napiVersion: apps/v1\nkind: Deployment\n{{- end }}\n")
    (tmp_path / "jd").mkdir()
    (tmp_path / "jd" / "pso.md").write_text((HOSTILE / "a1-kind-next-line.md").read_text())
    files, _ = expand_paths([str(tmp_path)])
    assert files == [str(tmp_path / "jd" / "pso.md")]


@pytest.mark.parametrize(("attributes", "refused"), [
    ("jd/*.[mM][dD] working-tree-encoding=UTF-16\n", True),  # (a class, as git matches it)
    ("*.md working-tree-encoding=UTF-16\n*.md working-tree-encoding=UTF-8\n", False),
])  # fmt: skip
def test_git_s_attributes_are_read_as_git_reads_them(tmp_path: Path, attributes: str,
                                                     refused: bool) -> None:
    repo = _repo_with(tmp_path)
    (repo / ".gitattributes").write_text(attributes)
    _refused_or_read(repo, refused)


def test_a_period_s_first_week_is_slack_for_the_caveat_on_what_the_records_cover() -> None:
    # timesheets by the weeks whose Monday falls in a period start up to six days after it
    folder = HERE / "indicators"
    report = indicators([folder / "staff.yaml", folder / "rota.yaml"], period="2024-Q3")
    assert not next(i for i in report.indicators if i.id == "sickness").available
    report = indicators([folder / "staff.yaml", folder / "rota.yaml"],
                        period="2024-03-26..2024-06-30", min_cell=2)  # fmt: skip
    assert next(i for i in report.indicators if i.id == "sickness").caveat is None
    report = indicators([folder / "staff.yaml", folder / "rota.yaml"],
                        period="2024-03-20..2024-06-30", min_cell=2)  # fmt: skip
    assert next(i for i in report.indicators if i.id == "sickness").caveat is not None


def test_duties_of_this_post_set_out_in_another_document_are_named_however_long_the_text(
        ) -> None:  # fmt: skip
    # "this" in "the duties of this post" is the post; the job description named is another
    # document (the last read of the session: "this" anywhere in the line read it as itself)
    from workrules.textpattern import unreadable

    text = ("## Duties\nThe duties of this post are set out in the national PSO job "
            "description, which HR holds.\n\n## About the team\n"
            + "We are a friendly team of officers in Leeds who work well together. " * 3)
    assert unreadable(text) == (
        'says its duties are in another document ("The duties of this post are set out in the '
        'national PSO job description, which HR holds"), which is not given')


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab/*?[]!^-\\z.", max_size=14))
def test_any_gitattributes_pattern_is_read_without_an_error(pattern: str) -> None:
    # "[!]" and "[z-a]" raised re.error from a hostile repository's .gitattributes (the last
    # read); a pattern this reader cannot read matches every path, so it fails closed
    from workrules.resources import _attribute_match

    assert _attribute_match(pattern, "jd/sub/pso.md") in (True, False)


def test_an_unreadable_gitattributes_pattern_refuses_rather_than_misses(tmp_path: Path) -> None:
    repo = _repo_with(tmp_path)
    (repo / ".gitattributes").write_text("jd/[!]x working-tree-encoding=UTF-7\n")
    _refused_or_read(repo, True)


def test_a_gitattributes_that_is_a_link_is_not_read_as_git_does_not(tmp_path: Path) -> None:
    # (a link to /dev/stdin would have waited for ever; git refuses to follow one)
    repo = _repo_with(tmp_path)
    (tmp_path / "elsewhere").write_text("*.md working-tree-encoding=UTF-7\n")
    os.symlink(tmp_path / "elsewhere", repo / ".gitattributes")
    _refused_or_read(repo, False)
