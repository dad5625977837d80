"""A GitLab maintainer's first hour (round 53): a job description template is passed over by
the walk as by the hook (P7), and a JD-only repository's JUnit report has one skipped case
for the rules with nothing to check, not one a rule (P9). `fixtures/ci53/jd-only/README.md`
says what each file shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import run_workrules
from junitparser import JUnitXml, Skipped

from workrules.inputs import job_description_template

HERE = Path(__file__).parent
ROOT = HERE.parents[0]
REPO = ROOT / "fixtures" / "ci53" / "jd-only"
CAP = ("--no-config", "--set", "span_of_control_max[SPO]=8")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_walk_names_a_job_description_template_as_skipped_and_judges_it_not(
        engine: str) -> None:  # fmt: skip
    done = run_workrules("check", *CAP, "--engine", engine, "--format", "json",
                         "job-descriptions/", cwd=REPO)  # fmt: skip
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert [(f["rule"], f["file"], f["line"]) for f in report["findings"]] == [
        ("jd-span-cap", "job-descriptions/spo-merged-team.md", 6)]
    assert [n["file"] for n in report["files_not_read"]] == [
        "job-descriptions/_template.md", "job-descriptions/pso-template.md"]
    assert all(n["reason"].startswith("a template of a job description")
               for n in report["files_not_read"])  # fmt: skip
    assert "GRADE" not in done.stdout  # (the blank template's grade: no unknown grade)
    assert done.stderr == (
        "workrules: skipped 2 job description templates, not judged, as the pre-commit hook "
        "passes them over (first: job-descriptions/_template.md); name a file to check to "
        "have it judged\n")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_template_named_to_check_is_judged(engine: str) -> None:
    done = run_workrules("check", *CAP, "--engine", engine, "--format", "text",
                         "job-descriptions/pso-template.md", cwd=REPO)  # fmt: skip
    assert done.returncode == 1
    assert done.stdout.startswith("job-descriptions/pso-template.md:7: jd-cases-role-boundary "
                                  "[7a] ")  # fmt: skip


def test_the_walk_passes_over_the_markdown_files_the_hook_excludes_as_templates() -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    names = ["job-descriptions/_template.md", "jd/PSO-Template.MD", "jds/template/pso.md",
             "job-descriptions/templates.markdown", "job-descriptions/pso.md",
             "job-descriptions/temp-late.md", "job-descriptions/readme-team-pso.md"]
    hook_skips = [n for n in names if files.search(n) and exclude.search(n)
                  and not re.search(r"(?i)(^|/)(readme|index|contributing|changelog|"
                                    r"license)(\.[^/]*)?$", n)]  # fmt: skip
    assert hook_skips == [n for n in names if job_description_template(n)] == [
        "job-descriptions/_template.md", "jd/PSO-Template.MD",
        "job-descriptions/templates.markdown"]


def test_a_jd_only_repository_s_junit_has_one_skip_for_the_rules_that_read_nothing() -> None:
    done = run_workrules("check", *CAP, "--format", "junit", "job-descriptions/", cwd=REPO)
    assert done.returncode == 1
    root = JUnitXml.fromstring(done.stdout)
    suites = {s.name: s for s in root}
    assert "wmt-over-ceiling" not in suites  # (no suite a rule that read nothing)
    (case,) = suites["nothing to check"]
    assert case.name == "rules with no records to judge"
    (skipped,) = case.result
    assert isinstance(skipped, Skipped)
    assert skipped.message.startswith("47 rules read no records: the data has no WMT readings, "
                                      "timesheets, unpaid work sessions, ")  # fmt: skip
    lines = case.system_out.splitlines()
    assert len(lines) == 47
    assert lines[0] == "wmt-over-ceiling [1.2k(i)]: the data has no WMT readings"
    # one failure (the span), one skip for the 46 rules, one for the value set (--set), and
    # one for the two templates the walk did not read (attack round 34, P7)
    assert (root.tests, root.failures, root.skipped, root.errors) == (16, 1, 3, 0)
    (unread,) = suites["files not read"]
    assert unread.system_out.splitlines()[0].startswith(
        "job-descriptions/_template.md: a template of a job description")
    assert done.stdout.count("read no records") == 1


def test_select_jd_rules_leaves_nothing_unread_in_a_jd_only_repository(tmp_path: Path) -> None:
    (tmp_path / "workrules.toml").write_text(
        'policy = "claim-2024"\nselect = ["jd-*"]\n[set]\nspan_of_control_max = { SPO = 8 }\n',
        encoding="utf-8")  # fmt: skip
    (tmp_path / "job-descriptions").mkdir()
    for jd in (REPO / "job-descriptions").glob("*.md"):
        (tmp_path / "job-descriptions" / jd.name).write_bytes(jd.read_bytes())
    done = run_workrules("check", "--format", "junit", "job-descriptions/", cwd=tmp_path)
    root = JUnitXml.fromstring(done.stdout)
    assert "nothing to check" not in {s.name for s in root}
    assert [s.name for s in root if s.name.startswith("jd-")] != []
    assert all(s.name.startswith("jd-") or s.name in ("values set for this run",
                                                      "files not read") for s in root)
    text = run_workrules("check", "--format", "text", "job-descriptions/", cwd=tmp_path)
    assert "Nothing to check" not in text.stdout
