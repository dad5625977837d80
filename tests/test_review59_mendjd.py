"""The folder walk and a repository's notes (the review of session 49, P2), on the files of
`fixtures/review59/mendjd/`.

A walk refused ordinary notes as job descriptions pasted without front matter (exit 2): a
folder's NOTES.md with one "Reports to:" line, a comparison table with a `| Caseload |` row, a
rep's checklist with `## Caseload`, minutes titled "SPO forum ..." and a note titled "SPO
recruitment ..." over "Grade: SPO (Band 5)". A gate that had passed failed. A file now reads as
a job description only when it shows what one has and a note does not (`jdlike`); a pasted
job description is still refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workrules.cli import main
from workrules.jdlike import _post_title, reads_as_job_description

ROOT = Path(__file__).parent.parent
MEND = ROOT / "fixtures" / "review59" / "mendjd"
NOTES = ["./docs/pso-caseloads.md", "./job-descriptions/NOTES.md",
         "./job-descriptions/checklist.md", "./job-descriptions/comparison.md",
         "./job-descriptions/pso-vacancy.md", "./job-descriptions/writing-a-job-description.md",
         "./minutes/spo-forum-2026-11-03.md", "./notes/head-of-pdu-briefing.md",
         "./notes/spo-recruitment-2026.md"]  # fmt: skip


def _refused(path: str, title: str, grade: str) -> str:
    return (f"workrules: {path}:1: a Markdown job description must start with YAML front matter "
            "between '---' lines; it has none: its first line is not '---'; it reads as a job "
            "description, so add these lines at its top: '---', 'kind: job-description', "
            f"'title: {title}', 'grade: {grade}', '---' (and 'line_management: true', "
            "'span_of_control: N' if the post manages staff)")


def test_a_walk_of_a_repository_skips_its_notes_and_passes(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:  # fmt: skip
    summary = tmp_path / "summary.md"
    monkeypatch.chdir(MEND / "notes-repo")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code = main(["check", "--no-config", "--format", "github", "--today", "2026-12-07", "--",
                 "."])
    out, err = capsys.readouterr()
    assert code == 0
    assert out.splitlines()[0] == (
        "::notice file=./docs/pso-caseloads.md,line=1,title=workrules%3A 9 not read::The "
        "folders checked hold 9 files that workrules did not read, so did not judge: not "
        "workrules data: 9 (first: ./docs/pso-caseloads.md). The job summary lists each, with "
        "why; a job description among them is judged once it is saved as workrules reads it.")
    assert ("**Not read (9): files in the folders checked that workrules did not read, so did "
            "not judge**\n\n- " + ", ".join(NOTES) + ": not workrules data, so not read"
            ) in summary.read_text(encoding="utf-8")  # fmt: skip
    assert err == ("workrules: skipped 9 files that are not workrules data (first: "
                   "./docs/pso-caseloads.md)\n")


def test_a_walk_of_the_job_descriptions_folder_skips_its_notes_and_passes(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(MEND / "notes-repo")
    assert main(["check", "--no-config", "--format", "text", "--today", "2026-12-07", "--",
                 "job-descriptions/"]) == 0
    assert capsys.readouterr().err == (
        "workrules: skipped 5 files that are not workrules data (first: "
        "job-descriptions/NOTES.md)\n")


def test_a_job_description_pasted_without_front_matter_is_still_refused(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(MEND / "pasted")
    assert main(["check", "--no-config", "--format", "text", "-q", "--today", "2026-12-07",
                 "--", "."]) == 2
    assert capsys.readouterr().err.splitlines() == [
        _refused("./job-descriptions/pso-courts.md", "PSO - Courts", "PSO"),
        _refused("./roles/po-profile.md", "TITLE", "GRADE"),
        _refused("./roles/spo-job-description.md",
                 "Senior Probation Officer (Approved Premises)", "SPO")]


@pytest.mark.parametrize(("title", "grade"), [
    ("Probation Services Officer (Sentence Management)", "PSO"),
    ("PSO - Courts", "PSO"),
    ("PSO Courts", "PSO"),
    ("Court PSO", "PSO"),
    ("Uwch Swyddog Prawf / Senior Probation Officer", "SPO"),
    ("SPO forum, 3 November 2026", None),
    ("SPO Forum", None),
    ("PSO caseloads", None),
    ("Head of PDU briefing, 12 November 2026", None),
    ("SPO recruitment, Sentence Management, North Tyneside", None),
    ("Notes on these job descriptions", None),
])  # fmt: skip
def test_a_title_names_a_post_only_when_a_grade_is_the_post_not_a_topic(
        title: str, grade: str | None) -> None:
    assert _post_title(title) == grade


@pytest.mark.parametrize(("text", "path", "reads"), [
    # named in its title, with one more sign
    ("# Job Description: PSO (Courts)\n\n## Main duties\n", "roles/x.md", True),
    ("# SPO Job Description\n\n## Key responsibilities\n", "roles/x.md", True),
    # about job descriptions, not one
    ("# Rep's checklist for a new job description\n\n## Main duties\n\n- Check each.\n",
     "job-descriptions/x.md", False),
    # one section alone, in the folder: a "Reports to:" line, a caseload heading or table row
    ("# Notes\n\nReports to: branch secretary.\n", "job-descriptions/NOTES.md", False),
    ("# Checklist\n\n## Caseload\n\n## Line management\n", "job-descriptions/x.md", False),
    ("| | 2024 |\n|---|---|\n| Caseload | low |\n", "job-descriptions/x.md", False),
    # a note's title over a grade line, in the folder
    ("# SPO recruitment, Sentence Management\n\nGrade: SPO (Band 5)\n",
     "job-descriptions/x.md", False),
    # a heading in a post's words over a grade line, in the folder
    ("# Senior Practitioner\n\n**Grade:** PO\n\n- Hold a caseload.\n",
     "job-descriptions/x.md", True),
    ("# Senior Practitioner\n\n**Grade:** PO\n\n- Hold a caseload.\n", "roles/x.md", False),
])  # fmt: skip
def test_what_reads_as_a_job_description(text: str, path: str, reads: bool) -> None:
    assert (reads_as_job_description(text, path) is not None) is reads


def test_a_grade_line_with_a_band_in_brackets_gives_the_grade() -> None:
    shown = reads_as_job_description("# PSO - Courts\n\nGrade: SPO (Band 5)\n",
                                     "job-descriptions/x.md")  # fmt: skip
    assert shown is not None and shown.grade == "SPO"
