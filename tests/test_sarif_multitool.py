"""SARIF that every consumer accepts: Microsoft's SARIF Multitool validates our logs with the
rules of the SARIF spec, GitHub code scanning and GitHub Advanced Security for Azure DevOps
(`validate --rule-kind "Sarif;Gh;Ado"`), and must report no error and no warning.

The Multitool is a .NET program shipped on npm (`@microsoft/sarif-multitool`). `.ci/run`
installs it outside the repository and names its executable in WORKRULES_SARIF_MULTITOOL;
these tests are skipped only where that variable is unset (a local run), and say so. The
executable is called directly: the npm wrapper passes arguments through a shell unquoted.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from workrules import check
from workrules.ci_formats import automation_details, sarif
from workrules.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DIR = ROOT / "fixtures" / "example"
EXAMPLE = ["staff.yaml", "rota.yaml", "allocation.yaml", "jd/business-manager.md",
           "jd/case-administrator.md", "jd/senior-probation-officer.md"]  # fmt: skip
WAIVERS = "../../tests/data/ci-waivers.wr"  # a waiver in force and an expired one
MULTITOOL = os.environ.get("WORKRULES_SARIF_MULTITOOL", "")
RULE_KINDS = "Sarif;Gh;Ado"

needs_multitool = pytest.mark.skipif(
    not MULTITOOL,
    reason="WORKRULES_SARIF_MULTITOOL is unset: .ci/run installs the SARIF Multitool and sets "
           "it; locally, `npm install @microsoft/sarif-multitool` and point the variable at "
           "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool",
)  # fmt: skip

# Azure Pipelines' predefined variables as a pipeline run sets them (phase ids are GUIDs).
PIPELINE = {
    "TF_BUILD": "True",
    "SYSTEM_COLLECTIONURI": "https://dev.azure.com/unions/",
    "SYSTEM_TEAMPROJECT": "workload",
    "SYSTEM_DEFINITIONID": "12",
    "BUILD_DEFINITIONNAME": "rotas-ci",
    "SYSTEM_PHASEID": "3dc8fd7e-4368-5a92-293e-d53cefc8c4b3",
    "SYSTEM_PHASENAME": "Job",
    "BUILD_SOURCEBRANCH": "refs/heads/main",
    "BUILD_BUILDID": "345",
}


def validate(log: Path, tmp_path: Path, kinds: str = RULE_KINDS) -> list[str]:
    """The Multitool's errors and warnings about `log`, one line each."""
    out = tmp_path / "validation.sarif"
    done = subprocess.run([MULTITOOL, "validate", "--rule-kind", kinds, "--output", str(out),
                           str(log)], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert out.is_file(), f"the Multitool wrote no report:\n{done.stdout}{done.stderr}"
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8-sig"))
    problems = []
    for run in report["runs"]:
        for r in run.get("results", []):
            if r.get("level", "warning") in ("error", "warning"):
                message = r["message"].get("text") or r["message"].get("id")
                problems.append(f"{r['ruleId']} {r.get('level', 'warning')}: {message} "
                                f"{r['message'].get('arguments', '')}")  # fmt: skip
    return problems


@pytest.fixture
def in_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLE_DIR)
    for name in PIPELINE:
        monkeypatch.delenv(name, raising=False)


@needs_multitool
@pytest.mark.usefixtures("in_example")
def test_the_example_sarif_is_clean_for_every_consumer(tmp_path: Path) -> None:
    log = tmp_path / "example.sarif"
    assert main(["check", *EXAMPLE, "--policy", WAIVERS, "--format", "sarif", "--today",
                 "2025-01-01", "--no-config", "-o", str(log)]) == 1  # fmt: skip
    assert validate(log, tmp_path, "Sarif;Gh") == []


@needs_multitool
@pytest.mark.usefixtures("in_example")
def test_the_example_sarif_from_azure_pipelines_is_clean_for_ghazdo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in PIPELINE.items():
        monkeypatch.setenv(name, value)
    log = tmp_path / "pipeline.sarif"
    assert main(["check", *EXAMPLE, "--policy", WAIVERS, "--format", "sarif", "--today",
                 "2025-01-01", "--no-config", "-o", str(log)]) == 1  # fmt: skip
    assert validate(log, tmp_path) == []


@needs_multitool
@pytest.mark.usefixtures("in_example")
def test_the_sarif_of_a_run_that_exits_2_is_clean_when_written(tmp_path: Path) -> None:
    log = tmp_path / "refused.sarif"
    assert main(["check", "staff.yaml", "no-such-rota.yaml", "--format", "sarif",
                 "--no-config", "-o", str(log)]) == 2  # fmt: skip
    if not log.exists():
        pytest.skip("check writes no SARIF on exit 2 yet (issue 13, section 3)")
    assert validate(log, tmp_path, "Sarif;Gh") == []


@needs_multitool
def test_the_validation_is_not_vacuous(tmp_path: Path) -> None:
    log = tmp_path / "bare.sarif"
    log.write_text(json.dumps({"version": "2.1.0", "runs": [
        {"tool": {"driver": {"name": "workrules"}}, "results": []}]}), encoding="utf-8")
    problems = validate(log, tmp_path)
    for rule in ("GHAzDO1014", "GHAzDO1018", "SARIF2005"):
        assert any(p.startswith(f"{rule} ") for p in problems), problems


def test_the_run_category_names_the_policy_outside_a_pipeline() -> None:
    assert automation_details("claim-2024", {}) == {"id": "workrules/claim-2024/"}
    partial = {**PIPELINE, "BUILD_BUILDID": ""}  # a variable missing: not a usable identity
    assert automation_details("claim-2024", partial) == {"id": "workrules/claim-2024/"}


def test_in_azure_pipelines_the_run_carries_the_build_identity() -> None:
    ado = "azuredevops/pipeline/build/"
    assert automation_details("claim-2024", PIPELINE) == {
        "id": f"{ado}unions/workload/12/3dc8fd7e-4368-5a92-293e-d53cefc8c4b3/refs/heads/main/345",
        "properties": {f"{ado}buildDefinitionId": "12",
                       f"{ado}buildDefinitionName": "rotas-ci",
                       f"{ado}phaseId": "3dc8fd7e-4368-5a92-293e-d53cefc8c4b3",
                       f"{ado}phaseName": "Job"},
    }  # fmt: skip


@pytest.mark.usefixtures("in_example")
def test_the_driver_gives_full_name_and_information_uri() -> None:
    from workrules import __version__

    log = json.loads(sarif(check(EXAMPLE)))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["fullName"] == f"workrules {__version__}"
    assert driver["informationUri"] == "https://git.example.org/unions/workrules"
    assert log["runs"][0]["automationDetails"] == {"id": "workrules/claim-2024/"}
