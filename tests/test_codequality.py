"""GitLab's Code Quality report, `--format codequality` (first hour, round 53, P5): GitLab's
security dashboards take no SARIF, and a GitLab repository had only JUnit and an HTML
artefact. The report is a JSON array of issues (description, check_name, fingerprint,
severity, location.path, location.lines.begin), one a finding and one a refusal, with
fingerprints unique in a report and stable across runs and line moves."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import run_workrules
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.codequality import codequality, codequality_errors, issues
from workrules.errors import InputError
from workrules.findings import Finding, Result, WaiverInfo
from workrules.frozen import replace

HERE = Path(__file__).parent
FOLDER = HERE.parents[0] / "fixtures" / "codequality"
ISSUE_KEYS = ["description", "check_name", "fingerprint", "severity", "location"]
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_repository_s_findings_are_the_expected_code_quality_report(engine: str) -> None:
    done = run_workrules("check", "--today", "2026-12-07", "--engine", engine, "--format",
                         "codequality", "--", "job-descriptions/", cwd=FOLDER)  # fmt: skip
    assert done.returncode == 1
    expected = (FOLDER / "expected" / "gl-code-quality-report.json").read_text(encoding="utf-8")
    assert done.stdout == expected
    report = json.loads(done.stdout)
    assert [(i["check_name"], i["severity"], i["location"]["path"],
             i["location"]["lines"]["begin"]) for i in report] == [
        ("jd-cases-role-boundary", "critical", "job-descriptions/pso-public-protection.md", 9),
        ("jd-span-cap", "info", "job-descriptions/spo-merged-team.md", 6),
        ("workrules-set-over-policy", "info", "workrules.toml", 4),
        # the config's waiver, at its line, as a policy file's is (attack round 34, P5)
        ("workrules-set-over-policy", "minor", "workrules.toml", 6)]  # fmt: skip
    assert report[1]["description"].endswith(
        "(waived until 2027-06-30, agreed by Branch committee, minute 2026-12-01/2: the merged "
        "team is split in the spring restructure)")


def test_a_refused_run_writes_a_blocker_issue_at_the_line_refused() -> None:
    done = run_workrules("check", "--no-config", "--format", "codequality", "--", "refused/",
                         cwd=FOLDER)  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == (FOLDER / "expected" / "refused.json").read_text(encoding="utf-8")
    (issue,) = json.loads(done.stdout)
    assert (issue["severity"], issue["location"]) == (
        "blocker", {"path": "refused/pso-typo.md", "lines": {"begin": 5}})
    assert "unknown field 'line_managment'" in issue["description"]


def test_fingerprints_stay_when_a_line_moves_and_a_folder_is_spelt_with_dot(
        tmp_path: Path) -> None:  # fmt: skip
    shutil.copytree(FOLDER / "job-descriptions", tmp_path / "repo" / "job-descriptions")
    repo = tmp_path / "repo"
    args = ("check", "--no-config", "--set", "span_of_control_max[SPO]=8", "--format",
            "codequality", "--")
    before = json.loads(run_workrules(*args, "job-descriptions/", cwd=repo).stdout)
    jd = repo / "job-descriptions" / "pso-public-protection.md"
    text = jd.read_text(encoding="utf-8")
    jd.write_text(text.replace("---\nSupervises", "---\nA new first paragraph.\n\nSupervises"),
                  encoding="utf-8")  # fmt: skip
    after = json.loads(run_workrules(*args, "./job-descriptions/", cwd=repo).stdout)
    assert after[0]["location"] == {"path": "job-descriptions/pso-public-protection.md",
                                    "lines": {"begin": 11}}  # (moved down two lines)
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]


def _finding(**changes: object) -> Finding:
    plain = Finding("jd-cases-role-boundary", "7a", "error", "jd/pso.md", None, "jd/pso.md", 9,
                    "text gives cases", "not allowed", 1, 0, (), (), "A PSO is given cases.")
    return replace(plain, **changes)


def _result(*findings: Finding) -> Result:
    return Result("p", ("jd/pso.md",), findings, (), 1)


def test_two_findings_alike_get_fingerprints_of_their_own() -> None:
    # GitLab keeps one issue of a fingerprint: a second of the same rule, subject and period
    # (two lines of one job description) is told apart by its place among them
    one, two = _finding(line=9), _finding(line=13)
    report = issues(_result(one, two))
    assert len({i["fingerprint"] for i in report}) == 2
    assert issues(_result(replace(one, line=20), replace(two, line=30))) == [
        {**i, "location": {**i["location"], "lines": {"begin": line}}}
        for i, line in zip(report, (20, 30), strict=True)]


def test_a_finding_with_no_line_is_placed_at_line_1() -> None:
    (issue,) = issues(_result(_finding(line=0)))
    assert issue["location"] == {"path": "jd/pso.md", "lines": {"begin": 1}}


def test_every_severity_is_one_gitlab_reads() -> None:
    waiver = WaiverInfo("jd-cases-role-boundary", "jd/pso.md", "why", "who",
                        __import__("datetime").date(2030, 1, 1), "workrules.toml", 3)
    found = [issue["severity"] for issue in issues(_result(
        _finding(), _finding(severity="warning", subject="b"),
        _finding(severity="advisory", subject="c"), _finding(waiver=waiver, subject="d")))]
    assert found == ["critical", "major", "minor", "info"]


def _inert(value: str) -> bool:
    """Whether `value` holds no control character, line or paragraph break, bidi control or
    lone surrogate (what `errors.printable` writes as escapes), and no CI log command."""
    return "##vso[" not in value and not any(
        unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in BIDI for ch in value)


BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# hostile text: controls, line breaks, bidi controls, CI log commands, lone surrogates
HOSTILE = ["\x1b[2J", "a\nb", "\u202e", "##vso[task.setvariable variable=x]1", "::error::x",
           "\ud800", "\x00", '"}]', "\\"]
texts = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=4).map(
    "".join)


@settings(max_examples=150, deadline=None)
@given(rule=texts, subject=texts, file=texts, message=texts, line=st.integers(-5, 10**6))
def test_any_finding_text_gives_valid_json_with_every_field_gitlab_needs(
        rule: str, subject: str, file: str, message: str, line: int) -> None:  # fmt: skip
    f = _finding(rule=rule, subject=subject, file=file, message=message, line=line)
    text = codequality(_result(f, f))
    assert text.isascii() or "\ud800" not in text  # (no lone surrogate written)
    report = json.loads(text)
    assert len(report) == 2 and len({i["fingerprint"] for i in report}) == 2
    for issue in report:
        assert list(issue) == ISSUE_KEYS
        assert issue["severity"] in SEVERITIES
        assert isinstance(issue["location"]["path"], str) and issue["location"]["path"]
        assert issue["location"]["lines"]["begin"] >= 1
        for value in (issue["description"], issue["check_name"], issue["location"]["path"]):
            assert _inert(value), value
    assert text.splitlines()[0] == "[" and not any(
        line.lstrip().startswith("::") for line in text.splitlines())


@settings(max_examples=50, deadline=None)
@given(message=texts, file=texts, line=st.integers(0, 10**6))
def test_any_refusal_gives_valid_json(message: str, file: str, line: int) -> None:
    report = json.loads(codequality_errors([InputError(message or "x", file=file or None,
                                                       line=line or None)]))  # fmt: skip
    (issue,) = report
    assert list(issue) == ISSUE_KEYS and issue["severity"] == "blocker"
    assert _inert(issue["description"])


def test_the_report_is_byte_identical_run_after_run() -> None:
    runs = {run_workrules("check", "--today", "2026-12-07", "--format", "codequality", "--",
                          "job-descriptions/", cwd=FOLDER).stdout for _ in range(2)}
    assert len(runs) == 1
