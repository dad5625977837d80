"""Session 42: what the helpers found, on the files in fixtures/review52/.

- a hostile repository, twentieth attack (every command but `check`): a policy's phrase or
  regex holding a character that does not show, or shows as another, matched nothing and
  `diff` showed the two versions alike; `diff --format markdown` wrote a policy's text as
  Markdown and HTML; `-o` and `--junit` wrote through a folder committed as a link out of the
  repository; a policy test passed on a finding its waiver covers; `render` and `explain`
  left out what the config changes; `fmt` made a private policy readable by all; `test
  --junit` overwrote the test file it ran.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import jd_found, run_workrules

import workrules

HERE = Path(__file__).parent.parent / "fixtures" / "review52"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """fixtures/review52/hostile as a git work tree of its own, with a folder outside it."""
    repo = tmp_path / "repo"
    shutil.copytree(HERE / "hostile", repo)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (tmp_path / "outside").mkdir()
    return repo


# ------------------------------------------- 1. a character that does not show, in a policy


@pytest.mark.parametrize(("old", "new", "col", "said"), [
    ('"high", "very high"', '"hi\u200bgh", "very high"', 22,
     "U+200B ZERO WIDTH SPACE does not show where it stands, and a phrase, word or regex "
     "holding it matches no text; delete it"),
    ("/high risk/i", "/high\u00a0risk/i", 31,
     "U+00A0 NO-BREAK SPACE shows as a space but is not one, and a phrase, word or regex "
     "holding it matches no text; write a plain space"),
    ("/high risk/i", "/h\u0456gh risk/i", 28,
     "U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I, which looks like 'i', where a "
     "phrase, word or regex holding it matches no text written with 'i'; write 'i'"),
    ("# one", "# a bidi control \u202e in a comment", 18,
     "U+202E RIGHT-TO-LEFT OVERRIDE reorders how the text around it shows, so that what a "
     "reviewer reads is not what the checker reads; a policy holds none, comments too: delete "
     "it"),
])  # fmt: skip
def test_a_policy_character_that_does_not_show_or_shows_as_another_is_refused_at_its_place(
    hostile: Path, old: str, new: str, col: int, said: str
) -> None:
    # A zero-width space in "high", a no-break space or a Cyrillic i in a regex: the phrase
    # matched no job description again, the PSO's 7a finding went, and `workrules diff`
    # printed the old and new entries alike.
    text = (hostile / "local.wr").read_text(encoding="utf-8").replace(
        "rule upw-local", "# one\nrule upw-local")  # fmt: skip
    assert old in text
    (hostile / "e1.wr").write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(i for i, t in enumerate(text.split("\n"), 1) if old in t)
    for args in (["check", "--no-config", "--policy", "e1.wr", "pso-high.md"],
                 ["diff", "local.wr", "e1.wr"]):  # fmt: skip
        done = run_workrules(*args, cwd=hostile)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr.split("\n")[0] == f"workrules: e1.wr:{line}:{col}: {said}"


def test_a_policy_s_own_letters_accents_dashes_and_symbols_are_read_as_ever(
    hostile: Path,
) -> None:
    # A Welsh or French letter and an en dash show as themselves: kept; a comment and a text
    # for readers may hold any symbol a person writes (the review of session 42: `m²`, an
    # emoji with its variation selector, a ligature, a name in Cyrillic were refused)
    text = (hostile / "local.wr").read_text(encoding="utf-8")
    (hostile / "e2.wr").write_text(text.replace('"very high"', '"très high", "uchel \u2013 ŵ"')
                                   .replace("rule upw-local", "# m\u00b2 \u26a0\ufe0f \ufb01 "
                                            "Олена\nrule upw-local")
                                   .replace('({clause})."', '({clause}) \u26a0\ufe0f."', 1),
                                   encoding="utf-8")  # fmt: skip
    done = run_workrules("check", "--no-config", "--policy", "e2.wr", "-q", "pso-high.md",
                         cwd=hostile)  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")


# ----------------------------------------------------- 2. diff --format markdown, escaped


def test_a_markdown_diff_writes_a_policy_s_comments_tags_and_images_as_text(
    hostile: Path,
) -> None:
    text = (hostile / "local.wr").read_text(encoding="utf-8")
    (hostile / "m1.wr").write_text(text.replace(
        '"high", "very high"', '"hi<!-- -->gh", "very high"').replace(
        '"A group has at most six members for each supervisor."',
        '"<details>![i](https://evil.example/t.png) &lt;b&gt; a|b"'), encoding="utf-8")  # fmt: skip
    done = run_workrules("diff", "local.wr", "m1.wr", "--format", "markdown", cwd=hostile)
    assert done.returncode == 1
    rows = [line for line in done.stdout.split("\n") if line.startswith("| ")]
    assert '| changed | riskwords | 7b | words | "high" | "hi\\<!-- --\\>gh" |' in rows
    # (the address in a code span: shown as typed, never a link, as in the job summary)
    assert ("| reworded | upw-local | 5a | why | A group has at most six members for each "
            "supervisor. | \\<details\\>!\\[i\\](`https://evil.example/t.png`) \\&lt;b\\&gt; "
            "a\\|b |") in rows  # fmt: skip


# ------------------------------------------------ 3. -o through a folder linked out, refused


@pytest.mark.parametrize("args", [
    ["render", "claim-2024", "-o", "reports/claim-2024.md"],
    ["check", "--no-config", "-q", "pso-high.md", "-o", "reports/workrules.sarif"],
    ["diff", "claim-2024", "local.wr", "-o", "reports/d.md"],
    ["test", "waived.wrtest.yaml", "--junit", "reports/tests.xml"],
])  # fmt: skip
def test_no_output_is_written_through_a_folder_the_repository_links_out_of_it(
    hostile: Path, args: list[str]
) -> None:
    (hostile / "reports").symlink_to(hostile.parent / "outside")
    done = run_workrules(*args, cwd=hostile)
    assert done.returncode == 2
    name = args[-1]
    assert done.stderr.split("\n")[-2] == (
        f"workrules: {name}: the folder reports is a link, or lies under one, that leads out of "
        f"the repository (to {hostile.parent / 'outside'}); workrules writes no report through "
        "it: name the folder the report is to go to as it is")  # fmt: skip
    assert list((hostile.parent / "outside").iterdir()) == []
    # named as it is, outside the repository, the folder is the user's choice
    done = run_workrules(*args[:-1], str(hostile.parent / "outside" / "r"), cwd=hostile)
    assert done.returncode in (0, 1)
    assert [p.name for p in (hostile.parent / "outside").iterdir()] == ["r"]


def test_test_junit_never_writes_over_a_test_file_it_ran(hostile: Path) -> None:
    before = (hostile / "waived.wrtest.yaml").read_bytes()
    done = run_workrules("test", "waived.wrtest.yaml", "--junit", "waived.wrtest.yaml",
                         cwd=hostile)  # fmt: skip
    assert (done.returncode, done.stderr) == (2, (
        "workrules: --junit waived.wrtest.yaml: a JUnit report is XML, and this file is not one; "
        "name the report *.xml\n"))  # fmt: skip
    assert (hostile / "waived.wrtest.yaml").read_bytes() == before


# ------------------------------------------------ 4. a waived finding in a policy's tests


def test_a_policy_test_expects_a_waived_finding_as_waived_and_only_so(hostile: Path) -> None:
    # `waive upw-group-ratio for "*"`: the test's plain expectation passed, and `check` of the
    # same data passed the gate.
    done = run_workrules("test", "waived.wrtest.yaml", cwd=hostile)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == (
        "FAIL waived.wrtest.yaml:4: seven in a group with one supervisor is over 1:6\n"
        "    - upw-group-ratio U1 2024-06-04   (expected, not given: it is given waived; a "
        "waived finding is expected as 'RULE SUBJECT PERIOD (waived)')\n"
        "    + upw-group-ratio U1 2024-06-04 (waived) @ waived.wrtest.yaml:9, by the waiver at "
        "waiving.wr:4 until 2030-12-31   (given, not expected)\n"
        "2 tests in 1 file: 1 failed.\n")  # fmt: skip


# ---------------------------------------- 5. render and explain say what the config changes


def test_render_lists_what_the_config_sets_and_leaves_out(hostile: Path) -> None:
    done = run_workrules("render", cwd=hostile)
    assert done.returncode == 0
    section = done.stdout.split("## Set over the policy\n\n", 1)[1].split("\n\n", 1)[0]
    assert section == (
        "| setting | value used | the policy's | set by |\n"
        "|---|---|---|---|\n"
        "| `upw_ratio` | 1:60 | 1:6 | `workrules.toml:4` |\n"
        "| `ignore` | upw-contact-hours | all 60 rules | `workrules.toml:1` |")  # fmt: skip


def test_explain_of_a_rule_the_config_leaves_out_says_so(hostile: Path) -> None:
    done = run_workrules("explain", "upw-contact-hours", cwd=hostile)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: policy claim-2024 has the rule 'upw-contact-hours', but the config "
        "workrules.toml leaves it out, so `check` does not apply it here; `workrules explain "
        "--no-config upw-contact-hours` explains it as the policy states it\n")  # fmt: skip
    done = run_workrules("explain", "upw-contact-hourz", cwd=hostile)
    assert done.stderr == ("workrules: policy claim-2024 has no rule 'upw-contact-hourz' (did "
                           "you mean 'upw-contact-without-members'?)\n")  # fmt: skip


# --------------------------------------------------------------- 6. fmt keeps a file's mode


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_fmt_keeps_a_private_policy_private(hostile: Path) -> None:
    policy = hostile / "waiving.wr"
    policy.write_text(policy.read_text(encoding="utf-8").replace("\n\n", "\n\n\n"),
                      encoding="utf-8")  # fmt: skip
    policy.chmod(0o600)
    done = run_workrules("fmt", "waiving.wr", cwd=hostile)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(policy.stat().st_mode) == 0o600
    assert "\n\n\n" not in policy.read_text(encoding="utf-8")


# ------------------------------- 7. an HR officer's sheets saved as CSV (first hour, round 42)

HR = HERE / "hr"
LISTS = ("absences, cases, establishment, incidents, mappa_meetings, programme_sessions, "
         "reports, sfo_reviews, staff, timesheets, unallocated, upw_sessions, wmt")


def test_a_sheet_of_funded_posts_in_a_folder_is_refused_with_its_name_not_skipped() -> None:
    # "Tees PDU posts.csv" (Unit,Grade,Posts) beside the staff list: the walk skipped it as
    # not workrules data, and the vacancy rule, its cap set, had nothing to check.
    done = run_workrules("check", "--no-config", "posts-in-a-folder", cwd=HR)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: posts-in-a-folder/Tees PDU posts.csv: a CSV or Parquet file names the list "
        "it fills at the end of its name (e.g. region-01-timesheets.csv); 'Tees PDU posts' is "
        "not one of "
        f"{LISTS}; its columns are those of establishment: rename it Tees PDU "
        "posts-establishment.csv\n")  # fmt: skip


def test_a_sheet_named_posts_is_told_its_list_by_its_columns_not_a_name_alike() -> None:
    done = run_workrules("check", "--no-config", "posts-named/posts.csv", cwd=HR)
    assert done.stderr == (
        "workrules: posts-named/posts.csv: a CSV or Parquet file names the list it fills at the "
        f"end of its name (e.g. region-01-timesheets.csv); 'posts' is not one of {LISTS}; its "
        "columns are those of establishment: rename it posts-establishment.csv\n")  # fmt: skip


def test_a_sheet_s_name_may_end_with_its_list_after_a_blank_or_a_spaced_dash(
    tmp_path: Path,
) -> None:
    # "Tees PDU - staff.csv" was refused as ' staff', "did you mean 'staff'?"
    done = run_workrules("check", "--no-config", "-q", "--format", "text",
                         "dash-space/Tees PDU - staff.csv", cwd=HR)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    shutil.copy(HR / "dash-space" / "Tees PDU - staff.csv", tmp_path / "Tees staff.csv")
    done = run_workrules("check", "--no-config", "-q", "Tees staff.csv", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")


def test_a_folder_s_staff_sheet_not_named_for_its_list_is_refused_as_when_named() -> None:
    # `Staff list.csv` of `Staff ID,Name,Grade,Contracted Hours`: passed over before, with
    # "a directory with no workrules data in it"; read now, as a file named itself is, to be
    # told its name and its columns in one run (a first hour, round 45, P11)
    done = run_workrules("check", "--no-config", "unnamed", cwd=HR)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == run_workrules("check", "--no-config", "unnamed/Staff list.csv",
                                        cwd=HR).stderr  # fmt: skip
    assert done.stderr == (
        "workrules: unnamed/Staff list.csv: a CSV or Parquet file names the list it fills at "
        "the end of its name (e.g. region-01-timesheets.csv); 'Staff list' is not one of "
        "absences, cases, establishment, incidents, mappa_meetings, programme_sessions, "
        "reports, sfo_reviews, staff, timesheets, unallocated, upw_sessions, wmt (did you mean "
        "'staff'?)\n"
        "workrules: unnamed/Staff list.csv:1: the column 'Staff ID' is not a field of staff "
        "records (did you mean 'id'?); the fields are id, name, grade, roles, contracted_hours, "
        "qualified_on, line_manager, pta, pso_assessor, unit, region, band, gender, ethnicity, "
        "started_on, left_on, flexitime\n")  # fmt: skip


# --------------------------- 8. one person in a unit's list and in HR's export (scenarios 42)


@pytest.mark.parametrize("order", [("staff.yaml", "hr/staff.csv"), ("hr/staff.csv", "staff.yaml")])
def test_a_person_in_a_unit_s_list_and_in_hr_s_export_naming_that_unit_is_one_person(
    order: tuple[str, str],
) -> None:
    # staff.yaml says `unit: Middlesbrough PDU` for its file; HR's CSV has a Unit column
    # saying the same of each row: refused as "unit is ... here and not given there".
    done = run_workrules("check", "--no-config", "-q", "--format", "text", *order, "rota.yaml",
                         cwd=HERE / "staff-twice")  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    assert [line for line in done.stdout.split("\n") if line and not line[0].isspace()] == [
        "rota.yaml:4: unrecompensed-hours [4c] M171 worked 41 h in the week of 2024-06-03, 4 h "
        "over their 37 h contracted, but 0 h of it was given as TOIL or paid: 4 h unrecompensed "
        "(4c).",
        "rota.yaml:7: unrecompensed-hours [4c] M174 worked 22.5 h in the week of 2024-06-03, 4 h "
        "over their 18.5 h contracted, but 0 h of it was given as TOIL or paid: 4 h "
        "unrecompensed (4c)."]  # fmt: skip


def test_a_person_whose_export_names_another_unit_than_their_list_s_is_still_refused(
    tmp_path: Path,
) -> None:
    shutil.copytree(HERE / "staff-twice", tmp_path / "d")
    csv = tmp_path / "d" / "hr" / "staff.csv"
    csv.write_text(csv.read_text(encoding="utf-8-sig").replace(
        "Middlesbrough PDU", "Redcar PDU"), encoding="utf-8")  # fmt: skip
    done = run_workrules("check", "--no-config", "staff.yaml", "hr/staff.csv", "rota.yaml",
                         cwd=tmp_path / "d")  # fmt: skip
    # every person of the export, in one run (scenarios round 49, P3: one a run, before)
    assert (done.returncode, done.stderr) == (2, "".join(
        f"workrules: hr/staff.csv:{line}: staff {who} is listed twice with different details: "
        f'here and at staff.yaml:{line + 3}; unit is "Redcar PDU" here and "Middlesbrough PDU" '
        "there\n" for line, who in enumerate(("M170", "M171", "M172", "M173", "M174"), 2)))


# ------------------------------------- 9. a post's duties told outside its JD (JDs, round 49)


@pytest.mark.parametrize(("name", "found"), [
    # a case taken on with the cases right after the verb; not a duty picked up about them
    ("taking-on-cases.md", [("jd-cases-role-boundary", 6)]),
    ("taking-over-duties.md", []),
    # a section's name in sentence case, numbered or alone on its line, is a title
    ("numbered-sentence-case-heading.md", []),
    # ... and one that runs on into its next line is still read with it
    ("line-management-duty.md", [("jd-line-management-contradicted", 7)]),
    # a chat's question answered no by its speaker; answered yes, the work is given
    ("chat-question-refused.md", []), ("chat-question-agreed.md", [("jd-cases-role-boundary", 6)]),
    # a question told, not asked
    ("asked-whether.md", []),
])  # fmt: skip
def test_a_duty_told_in_a_letter_an_email_or_a_chat_is_read_as_written(
    name: str, found: list[tuple[str, int]]
) -> None:
    assert [(rule, line) for _, rule, line in jd_found(HERE / "jd", name)] == found


# ------------------------------- 10. extracts that overlap or are exported again (scenarios 42)

EXPORTS = HERE / "exports"


def test_every_record_two_overlapping_extracts_repeat_is_told_in_one_run() -> None:
    done = run_workrules("check", "--no-config", "staff.yaml", "rota-2024-jan-jun.yaml",
                         "rota-2024-apr-dec.yaml", cwd=EXPORTS / "overlap")  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "".join(
        f"workrules: rota-2024-apr-dec.yaml:{line}: a second timesheet for {who} in the week of "
        f"{week} (the first is at rota-2024-jan-jun.yaml:{first}), the same in every field; give "
        "one row per person per week\n"
        for line, who, week, first in ((5, "P101", "2024-04-01", 7), (6, "P102", "2024-04-01", 8),
                                       (7, "P101", "2024-04-08", 9),
                                       (8, "P102", "2024-04-08", 10)))  # fmt: skip


def test_a_re_export_s_repeats_are_told_in_each_list_with_what_changed() -> None:
    done = run_workrules("check", "--no-config", "staff.yaml", "rota-2024-03.yaml",
                         "rota-2024-03-v2.yaml", cwd=EXPORTS / "reexport")  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: rota-2024-03-v2.yaml:5: a second timesheet for P601 in the week of "
        "2024-03-11 (the first is at rota-2024-03.yaml:5), toil_hours 7 here and 0 there; give "
        "one row per person per week\n"
        "workrules: rota-2024-03-v2.yaml:7: unpaid work session id 'UPW-0311-A' is used twice: "
        "here and at rota-2024-03.yaml:7\n")  # fmt: skip


def test_a_case_exported_twice_to_one_practitioner_is_told_to_be_kept_once() -> None:
    # "give each its own id", followed, counted the case twice, the January copy never closed
    done = run_workrules("check", "--no-config", "staff.yaml", "2024-01-cases.csv",
                         "2024-02-cases.csv", cwd=EXPORTS / "case-reexported")  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.split("\n")[0] == (
        "workrules: 2024-02-cases.csv:2: case id 'X700101' is used twice: here and at "
        '2024-01-cases.csv:2; both give it to R201, closed "2024-02-09" here and not given '
        "there: if they are one holding exported twice, keep the later copy alone, this one "
        "(its file's name is dated 2024-02, the other's 2024-01)")


# ------------------------------------------------------------ 11. the review of session 42

REVIEW = HERE / "review"


@pytest.mark.parametrize(("name", "found"), [
    # a Probation Officer who took over or picked up the cases holds them, not the post
    ("review-p1a-po-took-over.md", []), ("review-p1b-spo-picked-up.md", []),
    # a question told sets aside what it asks about, and no more of its sentence
    ("review-p2a-unsure-whether.md", [("jd-cases-role-boundary", 6)]),
    ("review-p2b-asked-if-agreed.md", [("jd-cases-role-boundary", 6)]),
    ("review-p2c-unclear-if.md", [("jd-cases-role-boundary", 6)]),
    ("review-p2d-asked-whether-confirmed.md", [("jd-span-stated", 6)]),
    ("review-p2e-to-check-whether.md", [("jd-cases-role-boundary", 6)]),
    # "No problem." agrees
    ("review-p4a-chat-no-problem.md", [("jd-cases-role-boundary", 6)]),
    # a short duty line is no section's name
    ("review-p5a-plain-provide-lm.md", [("jd-span-stated", 8)]),
])  # fmt: skip
def test_what_the_session_s_words_must_not_take_or_hide(
    name: str, found: list[tuple[str, int]]
) -> None:
    assert [(rule, line) for _, rule, line in jd_found(HERE / "jd", name)] == found


def test_outside_git_a_folder_linked_by_the_user_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "reports").symlink_to(tmp_path / "shared")
    done = run_workrules("render", "claim-2024", "-o", "reports/claim.md", cwd=tmp_path / "work")
    assert (done.returncode, done.stderr) == (0, "")
    assert (tmp_path / "shared" / "claim.md").is_file()


def test_a_folder_linked_to_another_repository_s_folder_is_still_refused(hostile: Path) -> None:
    other = hostile.parent / "outside"
    subprocess.run(["git", "init", "-q", str(other)], check=True)
    (hostile / "reports").symlink_to(other)
    done = run_workrules("render", "claim-2024", "-o", "reports/claim.md", cwd=hostile)
    assert done.returncode == 2
    assert not (other / "claim.md").exists()


def test_a_sheet_whose_name_ends_in_a_word_near_a_list_s_is_skipped_by_a_walk() -> None:
    # "Training sessions.csv" (Date,Course,Attendee,Trainer): "did you mean 'upw_sessions'?"
    done = run_workrules("check", "--no-config", "--today", "2026-06-30", ".",
                         cwd=REVIEW / "training")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, (
        "workrules: skipped 1 file that is not workrules data (first: ./Training sessions.csv)\n"))


def test_a_case_reopened_by_one_practitioner_is_two_holdings() -> None:
    done = run_workrules("check", "--no-config", "--today", "2024-05-31", "staff.yaml",
                         "2024-03b-cases.csv", "2024-05-cases.csv", cwd=REVIEW / "reopened")
    assert done.stderr == (
        "workrules: 2024-05-cases.csv:2: case id 'X700101' is used twice: here and at "
        "2024-03b-cases.csv:2; both give it to R201, opened 2024-04-22 here and 2023-12-01 "
        "there: a case reopened is two holdings: give each its own id, with its own opened and "
        "closed dates\n")  # fmt: skip


def test_one_file_s_repeats_are_told_in_the_order_of_their_lines() -> None:
    done = run_workrules("check", "--no-config", "staff.yaml", "rota-a.yaml", "rota-b.yaml",
                         cwd=REVIEW / "order")  # fmt: skip
    assert [line.split(":")[2] for line in done.stderr.splitlines()] == ["4", "6"]


def test_explain_of_a_clause_the_config_leaves_out_says_so(hostile: Path) -> None:
    (hostile / "workrules.toml").write_text('ignore = ["upw-*"]\n', encoding="utf-8")
    done = run_workrules("explain", "5a", cwd=hostile)
    assert done.stderr == (
        "workrules: policy claim-2024 has rules for clause 5a (upw-group-ratio), but the config "
        "workrules.toml leaves them out, so `check` does not apply them here; `workrules explain "
        "--no-config 5a` explains it as the policy states it\n")  # fmt: skip


# -------------------------------------------- 12. numbers that are no span (JDs, round 50)


@pytest.mark.parametrize(("name", "line"), [
    ("numbers-p1-fte-hours-in-brackets.md", 7),  # "Hours: 37 per week (1 FTE)."
    ("numbers-p2-label-then-any-number.md", 6),  # "Direct reports: TBC (see section 5.1)."
    ("numbers-p3-duty-rota-x1.md", 6),  # "Acts as duty manager x 1 day per week."
    ("numbers-p5-staff-up-to-days.md", 6),  # "cover for reception staff up to 2 days a week"
    ("numbers-p7-peers-counted.md", 6),  # "... as one of three SAOs in the region."
])  # fmt: skip
def test_a_number_that_is_no_span_leaves_line_management_without_one(name: str, line: int
                                                                      ) -> None:  # fmt: skip
    # each was read as a stated span, and a post with line management passed clause 9
    assert [(rule, at) for _, rule, at in jd_found(HERE / "jd", name)] == [
        ("jd-span-stated", line)]


# ----------------------------------------- 13. a local agreement's caps (scenarios, round 43)


def test_a_cap_set_for_a_grade_the_parameter_does_not_list_is_shown_and_diffed() -> None:
    # `set span_of_control_max[SPO_COURTS] = 20` raised the Courts SPO's cap from the SPO's 8:
    # unlisted among the values set, and `diff` said "No differences"
    done = run_workrules("check", "--no-config", "--policy", "raise.wr", "staff.yaml",
                         "--today", "2025-03-01", cwd=HERE / "agreement")  # fmt: skip
    assert "  span_of_control_max[SPO_COURTS] 20 (the policy's: to be agreed in claim-2024; " \
        "set by raise.wr:4)" in done.stdout.splitlines()
    done = run_workrules("diff", "base.wr", "raise.wr", "--format", "markdown",
                         cwd=HERE / "agreement")  # fmt: skip
    assert done.returncode == 1
    assert "| changed | span_of_control_max | 9 | value\\[SPO_COURTS\\] |  | 20 |" in (
        done.stdout.splitlines())


# --------------------------------------------------- 14. data a notebook holds (first hour)


def test_a_missing_value_pandas_gives_as_nan_is_named_with_its_field() -> None:
    with pytest.raises(workrules.InputError) as refused:
        workrules.load_data([("staff.json", {"kind": "staff", "staff": [
            {"id": "M1", "grade": "SPO", "line_manager": float("nan")}]})])  # fmt: skip
    assert str(refused.value) == (
        "staff.json:4: staff[0] (M1).line_manager: NaN is no value: pandas and polars give it "
        "for a value missing; leave the field out where it is not known")


def test_an_absence_s_reason_as_hr_names_it_is_told_the_value_it_is() -> None:
    with pytest.raises(workrules.InputError) as refused:
        workrules.load_data([("absences.yaml", (
            "kind: staff\nstaff:\n  - {id: P1, grade: PO}\nabsences:\n  - {staff: P1, "
            "first_day: 2026-04-13, last_day: 2026-04-24, reason: Maternity Leave}\n"))])
    assert str(refused.value).endswith("(did you mean 'parental_leave'?)")


# -------------------------------------------------- 15. out of memory (attack round 21)


def test_running_out_of_memory_is_said_as_such_not_as_a_bug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from workrules import cli

    def exhausted(*args: object, **kwargs: object) -> int:
        raise MemoryError

    monkeypatch.setattr(cli, "_check", exhausted)
    assert cli.main(["check", str(HERE / "staff-twice" / "staff.yaml")]) == 70
    out, err = capsys.readouterr()
    assert (out, err) == ("", (
        "workrules: the machine ran out of memory checking this data (MemoryError): no finding "
        "was made. The data is within workrules' bounds but larger than this machine holds: "
        "check it in parts (a region or a year at a time), or on a machine with more memory.\n"))


# ---------------------------------------- 16. SARIF's related locations (attack round 21)


def test_a_sarif_result_lists_at_most_a_hundred_evidence_records_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    # a supervisor on 150 one-hour sessions in a day: 5c's one finding cites every session
    # (2,000 such findings of 400 sessions made a 337 MB SARIF file)
    sessions = "".join(f"  - {{id: U{i}, date: 2026-11-27, supervisors: [S1], members: 1, "
                       f"contact_hours: 1}}\n" for i in range(150))  # fmt: skip
    (tmp_path / "rota.yaml").write_text(f"kind: rota\nupw_sessions:\n{sessions}",
                                        encoding="utf-8")  # fmt: skip
    (tmp_path / "staff.yaml").write_text(
        "kind: staff\nstaff:\n  - {id: S1, grade: PSO}\n", encoding="utf-8")  # fmt: skip
    done = run_workrules("check", "--no-config", "--select", "upw-contact-hours", "--format",
                         "sarif", "staff.yaml", "rota.yaml", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1, done.stderr
    (result,) = json.loads(done.stdout)["runs"][0]["results"]
    assert len(result["relatedLocations"]) == 100
    assert result["relatedLocations"][-1]["message"]["text"] == "U99"
    assert result["properties"]["relatedLocationsNotListed"] == 50


# ------------------------------------------- 17. a financial year (a first hour, round 42)


@pytest.mark.parametrize("period", ["2026-27", "2026/27", "2026-2027"])
def test_a_financial_year_is_told_as_its_days(period: str) -> None:
    # "2026-27" was told "month must be in 1..12"
    done = run_workrules("indicators", str(HERE / "staff-twice" / "staff.yaml"), "--period",
                         period)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"workrules: argument --period: '{period}' is not a period: give a year (2024), a "
        "quarter (2024-Q2), a month (2024-06) or days (2024-04-01..2024-06-30) (a financial "
        "year is its days: '2026-04-01..2027-03-31') (see 'workrules indicators --help')\n")
