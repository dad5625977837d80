"""Attack round 34 (a hostile repository against the gate's file names, formats, config
waivers and walk): `fixtures/hostile-gate57/README.md` says what each folder shows."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import run_workrules
from hypothesis import given
from hypothesis import strategies as st

from workrules.inputs import job_description_template

ROOT = Path(__file__).parents[1]
HERE = ROOT / "fixtures" / "hostile-gate57"
TODAY = ("--today", "2026-12-07")
BREACH = ("job-descriptions/{name}:8: jd-cases-role-boundary [7a] job-descriptions/{name} "
          "(Probation Services Officer (Sentence Management)) gives a PSO cases outside the "
          "role boundary of the grade (7a).")
TO_ADD = ("add these lines at its top: '---', 'kind: job-description', 'title: Probation "
          "Services Officer (Sentence Management)', 'grade: PSO', '---' (and "
          "'line_management: true', 'span_of_control: N' if the post manages staff)")


# ------------------------------------------------------ P1, P2: what a template's name is


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_job_description_named_contemplated_is_judged(engine: str) -> None:
    done = run_workrules("check", "--no-config", *TODAY, "--engine", engine, "--format", "text",
                         "--", "job-descriptions/", cwd=HERE / "contemplated")  # fmt: skip
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == BREACH.format(name="pso-contemplated-merger.md")
    assert done.stderr == ""  # (nothing skipped as a template)


@pytest.mark.parametrize(("name", "template"), [
    ("job-descriptions/_template.md", True), ("jd/PSO-Template.MD", True),
    ("job-descriptions/templates.markdown", True), ("jd/Template PSO.md", True),
    ("job-descriptions/pso.template.md", True),
    ("job-descriptions/pso-contemplated-merger.md", False),
    ("job-descriptions/templated-duties.md", False), ("job-descriptions/temp-late.md", False),
    ("job-descriptions/contemplate.md", False), ("jds/template/pso.md", False),
])  # fmt: skip
def test_a_template_is_a_name_whose_word_is_template_in_the_walk_and_the_hook(
        name: str, template: bool) -> None:  # fmt: skip
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert bool(re.search(hook["exclude"], name)) is template
    assert job_description_template(name) is template  # (no such file: by its name)


@given(st.text(alphabet="abcdeilmnopt-_. ", max_size=30))
def test_the_walk_and_the_hook_agree_on_every_name(stem: str) -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    name = f"job-descriptions/{stem}.md"
    assert bool(re.search(hook["exclude"], name)) is job_description_template(name) or (
        re.search(r"(?i)(^|/)(readme|index|contributing|changelog|license)(\.[^/]*)?$", name))


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_post_written_in_full_and_named_as_a_template_is_judged_and_templates_are_not(
        engine: str) -> None:  # fmt: skip
    done = run_workrules("check", "--no-config", *TODAY, "--engine", engine, "--format", "json",
                         "--", "job-descriptions/", cwd=HERE / "named-template")  # fmt: skip
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert [(f["rule"], f["file"], f["line"]) for f in report["findings"]] == [
        ("jd-cases-role-boundary", "job-descriptions/pso-courts-template-2025.md", 8)]
    # the blank template (`grade: GRADE`) and the team's (`(TEAM NAME)`) stay passed over
    assert [n["file"] for n in report["files_not_read"]] == [
        "job-descriptions/_template.md", "job-descriptions/pso-template.md"]


# ------------------------------------------------------------------ P3: other markup


@pytest.mark.parametrize(("form", "named"), [
    ("rst", "reStructuredText"), ("adoc", "AsciiDoc"), ("org", "Org"), ("html", "HTML")])
def test_a_job_description_in_another_markup_is_refused_with_what_to_write(
        form: str, named: str) -> None:  # fmt: skip
    done = run_workrules("check", "--no-config", *TODAY, "--format", "github", "--",
                         "job-descriptions/", cwd=HERE / "markup" / form)  # fmt: skip
    assert done.returncode == 2
    assert f"workrules: job-descriptions/pso-sm.{form}:1: reads as a job description but is " \
        f"written as {named} ('pso-sm.{form}'), which workrules does not read: write it as " \
        f"Markdown, 'pso-sm.md', and {TO_ADD}\n" in done.stderr


def test_a_note_in_another_markup_is_still_passed_over(tmp_path: Path) -> None:
    folder = tmp_path / "job-descriptions"
    shutil.copytree(HERE / "markup" / "rst" / "job-descriptions", folder)
    (folder / "pso-sm.rst").write_text("Minutes of the SPO forum\n========================\n\n"
                                       "We discussed caseloads.\n", encoding="utf-8")
    done = run_workrules("check", "--no-config", *TODAY, "--", "job-descriptions/",
                         cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0


# ------------------------------------------------------------- P4: TOML front matter


def test_toml_front_matter_is_refused_with_what_to_write() -> None:
    done = run_workrules("check", "--no-config", *TODAY, "--", "job-descriptions/",
                         cwd=HERE / "toml-front")  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (
        "workrules: job-descriptions/pso-sm.md:1: a Markdown job description must start with "
        "YAML front matter between '---' lines; its front matter is TOML, between '+++' lines, "
        "which workrules does not read: write it as YAML between '---' lines, each `key = "
        "\"value\"` as `key: value` (kind: job-description, title, grade)\n")


# ---------------------------------------------------------------- P5, P6: waivers said


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_config_waiver_is_a_value_set_with_a_warning_at_its_line(engine: str) -> None:
    done = run_workrules("check", *TODAY, "--engine", engine, "--format", "github", "--",
                         "job-descriptions/", cwd=HERE / "config-waiver")  # fmt: skip
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[1] == (
        "::warning file=workrules.toml,line=3,title=workrules%3A set over the policy's::waiver "
        "jd-cases-role-boundary for \"*\" until 2027-03-31, which covers every subject: no "
        "finding of the rule fails a run until then (the policy's: no waiver in claim-2024)")
    assert "  waiver jd-cases-role-boundary for \"*\" until 2027-03-31, which covers every " \
        "subject: no finding of the rule fails a run until then (the policy's: no waiver in " \
        "claim-2024; set by workrules.toml:3)" in lines


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_waiver_whose_pattern_covers_every_subject_of_the_run_says_so(engine: str) -> None:
    done = run_workrules("check", "--no-config", *TODAY, "--engine", engine, "--policy",
                         "./local.wr", "--format", "github", "--", "job-descriptions/",
                         cwd=HERE / "folder-waiver")  # fmt: skip
    assert done.returncode == 0
    assert [line for line in done.stdout.splitlines() if line.startswith("::warning")] == [
        "::warning file=local.wr,line=3,title=workrules%3A set over the policy's::waiver "
        "jd-cases-role-boundary for \"job-descriptions/*\" until 2027-03-31, which covers every "
        "subject of the rule in this run (2 job descriptions, all it has): no finding of the "
        "rule fails a run until then (the policy's: no waiver in claim-2024)"]


def test_a_waiver_of_one_named_file_is_not_said_to_cover_everyone(tmp_path: Path) -> None:
    shutil.copytree(HERE / "folder-waiver", tmp_path, dirs_exist_ok=True)
    policy = tmp_path / "local.wr"
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        '"job-descriptions/*"', '"job-descriptions/pso-s?.md"'), encoding="utf-8")
    done = run_workrules("check", "--no-config", *TODAY, "--policy", "./local.wr", "--format",
                         "github", "--", "job-descriptions/", cwd=tmp_path)  # fmt: skip
    (warning,) = [line for line in done.stdout.splitlines() if line.startswith("::warning")]
    assert warning.endswith('for "job-descriptions/pso-s?.md" until 2027-03-31 (the policy\'s: '
                            "no waiver in claim-2024)")


# ------------------------------------------------- P7, P8: what a walk did not read, said


@pytest.mark.parametrize("form", ["junit", "codequality", "sarif", "html", "csv"])
def test_every_published_report_names_the_files_a_walk_did_not_read(form: str) -> None:
    done = run_workrules("check", "--no-config", *TODAY, "--fail-on", "never", "--format", form,
                         "--", "job-descriptions/", cwd=HERE / "named-template")  # fmt: skip
    assert done.returncode == 0
    for name in ("job-descriptions/_template.md", "job-descriptions/pso-template.md"):
        assert name in done.stdout
    if form == "junit":
        assert ('<skipped message="2 files in the folders checked were not read, so not judged '
                '(first: job-descriptions/_template.md)" />') in done.stdout
    if form == "codequality":
        issues = [i for i in json.loads(done.stdout) if i["check_name"] == "workrules-not-read"]
        assert [(i["location"]["path"], i["severity"]) for i in issues] == [
            ("job-descriptions/_template.md", "info"), ("job-descriptions/pso-template.md", "info")]
    if form == "sarif":
        notes = json.loads(done.stdout)["runs"][0]["invocations"][0][
            "toolConfigurationNotifications"]
        assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes
                if n["descriptor"]["id"] == "workrules-not-read"] == [
            "job-descriptions/_template.md", "job-descriptions/pso-template.md"]
    if form == "csv":
        assert [row.split(",")[10] for row in done.stdout.splitlines()
                if row.startswith("not read,")] == [
            "job-descriptions/_template.md", "job-descriptions/pso-template.md"]


def test_a_folder_beside_the_one_named_that_differs_in_case_is_named_as_not_walked(
        tmp_path: Path) -> None:  # fmt: skip
    shutil.copytree(HERE / "config-waiver" / "job-descriptions", tmp_path / "job-descriptions")
    (tmp_path / "Job-Descriptions").mkdir()
    shutil.copy(HERE / "contemplated" / "job-descriptions" / "pso-contemplated-merger.md",
                tmp_path / "Job-Descriptions" / "pso-sm.md")
    done = run_workrules("check", "--no-config", *TODAY, "--format", "json", "--",
                         "job-descriptions/", cwd=tmp_path)  # fmt: skip
    if (tmp_path / "job-descriptions").samefile(tmp_path / "Job-Descriptions"):
        pytest.skip("a file system that folds case holds one folder")
    assert done.returncode == 1  # (the PSO post in job-descriptions/ breaches 7a)
    assert json.loads(done.stdout)["files_not_read"] == [{
        "file": "Job-Descriptions/", "reason": (
            "a folder not walked: its name differs from a folder given only in case, and a "
            "walk reads the folders it is given; name it too, or check '.'")}]
    assert done.stderr == (
        "workrules: did not walk 1 folder whose name differs from a folder given only in case "
        "(first: Job-Descriptions/): name it too, or check '.'\n")
    both = run_workrules("check", "--no-config", *TODAY, "--format", "json", "--",
                         "job-descriptions/", "Job-Descriptions/", cwd=tmp_path)  # fmt: skip
    assert json.loads(both.stdout)["files_not_read"] == []
