"""Test-wide settings: the policy cache and its key live in temporary folders, never the
user's. Shared fixtures: the shipped example, run from its folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Time is measured in benchmarks/, never asserted in tests: hypothesis's per-example deadline
# (200 ms) is a timing assertion, and fails on a loaded machine for no fault of the code.
settings.register_profile("workrules", deadline=None)
settings.load_profile("workrules")


@pytest.fixture(autouse=True, scope="session")
def _policy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workrules-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKRULES_CACHE_DIR", str(folder))
    mp.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("workrules-state")))  # its key
    yield folder
    mp.undo()


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXAMPLE = ["staff.yaml", "rota.yaml", "allocation.yaml", "jd/business-manager.md",
           "jd/case-administrator.md", "jd/senior-probation-officer.md"]  # fmt: skip


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The example's files, with the working folder set to fixtures/example."""
    monkeypatch.chdir(FIXTURES / "example")
    return EXAMPLE


def run_workrules(*args: str, cwd: Path | None = None,
                  input: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m workrules ARGS` in a fresh process, as a user runs it: its exit code and
    output, as text."""
    return subprocess.run([sys.executable, "-m", "workrules", *args], cwd=cwd, input=input,
                          capture_output=True, text=True, check=False)  # fmt: skip


def check_text(*args: str, cwd: Path, engine: str = "python") -> tuple[int, str, str]:
    """`workrules check --no-config -q --format text --engine ENGINE ARGS` run in `cwd`: its
    exit code, standard output and standard error."""
    done = run_workrules("check", "--no-config", "-q", "--format", "text", "--engine", engine,
                         *args, cwd=cwd)  # fmt: skip
    return done.returncode, done.stdout, done.stderr
