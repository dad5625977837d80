"""The grammar, the shipped policies and the schemas are package data of the built wheel."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import workrules

SOURCE = Path(__file__).resolve().parents[1] / "src"
installed = not Path(workrules.__file__).resolve().is_relative_to(SOURCE)


@pytest.mark.skipif(not installed, reason="an editable install reads the checkout's folders")
@pytest.mark.parametrize("name", ["grammar/policy.lark", "policies/claim-2024.wr",
                                  "policies/claim-5b-double-staffed.wr",
                                  "schemas/rota.schema.json", "schemas/allocation.schema.json",
                                  "schemas/staff.schema.json",
                                  "schemas/job-description.schema.json",
                                  "py.typed"])  # fmt: skip
def test_package_data_is_inside_the_installed_package(name: str) -> None:
    assert resources.files("workrules").joinpath(name).is_file()


@pytest.mark.parametrize("module", ["workrules.cli", "workrules"])
def test_check_runs_from_another_directory_as_a_module(tmp_path: Path, module: str) -> None:
    jd = Path(__file__).resolve().parents[1] / "fixtures" / "example" / "jd" / "business-manager.md"
    run = subprocess.run([sys.executable, "-m", module, "check", str(jd), "--format", "text"],
                         cwd=tmp_path, capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "jd-span-stated [9]" in run.stdout


def test_the_package_says_it_is_typed() -> None:
    # PEP 561: type-checkers read the library's own annotations.
    assert resources.files("workrules").joinpath("py.typed").is_file()


def test_every_public_name_loads_and_only_those() -> None:
    assert sorted(workrules.__all__) == sorted(workrules._EXPORTS)
    for name in workrules.__all__:
        assert getattr(workrules, name).__name__ == name
