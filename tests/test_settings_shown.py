"""The values a run sets over the policy's own (a config's `[set]`, `--set`) are reported
beside its findings: a cap raised out of reach hides the findings it would have made, so a
reader of the report (a rep, a CI log) sees what the run used and who set it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import made_by_masked, run_workrules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXAMPLE = ("staff.yaml", "rota.yaml", "allocation.yaml")


def _example(tmp_path: Path) -> Path:
    for name in EXAMPLE:
        shutil.copy(FIXTURES / "example" / name, tmp_path / name)
    return tmp_path


def test_a_cap_raised_on_the_command_line_is_reported_with_the_policys_value(
        tmp_path: Path) -> None:  # fmt: skip
    # 5c's 8 h raised to 12 h: the two supervisors' 9 h days are no longer findings, and the
    # report says which value was used instead of the policy's, and who set it
    done = run_workrules("check", "--no-config", "--today", "2024-07-01", "--format", "text",
                         "--set", "upw_contact_hours_max=12", *EXAMPLE, cwd=_example(tmp_path))
    lines = made_by_masked(done.stdout).splitlines()
    assert (done.returncode, done.stderr) == (1, "")
    assert not [line for line in lines if "upw-contact-hours [5c]" in line]
    assert lines[-5:] == [
        "",
        "Values set for this run, over the policy's (1):",
        "  upw_contact_hours_max 12 h (the policy's: 8 h; set by --set)",
        "Made by policy claim-2024 sha256:<digest> and workrules <version>, judged as on "
        "2024-07-01 (--today 2024-07-01).",
        "7 findings from 33 rules of policy claim-2024 over 3 files; 7 fail the run "
        "(--fail-on warning).",
    ]


def test_values_a_config_sets_name_its_line_and_the_command_line_wins(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "rota-repo", repo)
    done = run_workrules("check", "--today", "2024-07-01", "--format", "text", "--set",
                         "span_of_control_max[SPO]=9", "rota.yaml", cwd=repo)  # fmt: skip
    lines = done.stdout.splitlines()
    start = lines.index("Values set for this run, over the policy's (5):")
    assert lines[start:-2] == [
        "Values set for this run, over the policy's (5):",
        "  pta_learners_max 2 (the policy's: to be agreed; set by workrules.toml:8)",
        "  span_of_control_max[HEAD_OF_PDU] 8 (the policy's: to be agreed; set by "
        "workrules.toml:9)",
        "  span_of_control_max[SPO] 9 (the policy's: to be agreed; set by --set)",
        # the config's waiver, listed as a policy file's is (attack round 34, P5)
        "  waiver upw-contact-hours for \"S01?\" until 2024-06-06 (the policy's: no waiver in "
        "claim-2024; set by workrules.toml:11)",
        "  data staff.yaml, read with the files named: 1 finding about it not shown, of "
        "pta-learners (name it to see it) (the policy's: none: every file's findings shown; set "
        "by workrules.toml:5)",
    ]


@pytest.mark.parametrize("form", ["json", "sarif", "github", "html", "table"])
def test_every_report_a_reader_sees_whole_says_what_was_set(form: str, tmp_path: Path) -> None:
    done = run_workrules("check", "--no-config", "--today", "2024-07-01", "--format", form,
                         "--set", "upw_ratio=1:8", *EXAMPLE, cwd=_example(tmp_path))
    assert (done.returncode, done.stderr) == (1, "")
    if form == "json":
        assert json.loads(done.stdout)["settings"] == [
            {"name": "upw_ratio", "value": "1:8", "policy": "1:6", "file": "", "line": 0}]
    elif form == "sarif":
        assert json.loads(done.stdout)["runs"][0]["properties"]["settings"] == [
            {"name": "upw_ratio", "value": "1:8", "policy": "1:6", "setBy": "--set"}]
    elif form == "html":
        assert "<h2>Values set for this run (1)</h2>" in done.stdout
        assert ('<td role="cell" data-label="parameter">upw_ratio</td><td role="cell" '
                'data-label="value used">1:8</td><td role="cell" data-label="the policy&#x27;s">1:6'
                '</td><td role="cell" data-label="set by">--set</td>') in done.stdout
    else:
        assert "  upw_ratio 1:8 (the policy's: 1:6; set by --set)" in done.stdout.splitlines()


def test_a_run_that_sets_nothing_says_nothing_of_values(tmp_path: Path) -> None:
    done = run_workrules("check", "--no-config", "--today", "2024-07-01", "--format", "text",
                         *EXAMPLE, cwd=_example(tmp_path))  # fmt: skip
    assert "Values set for this run" not in done.stdout
    done = run_workrules("check", "--no-config", "--today", "2024-07-01", "--format", "json",
                         *EXAMPLE, cwd=tmp_path)  # fmt: skip
    assert json.loads(done.stdout)["settings"] == []
