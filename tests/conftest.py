"""Test-wide settings: the policy cache and its key live in temporary folders, never the
user's. Shared fixtures: the shipped example, run from its folder."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from workrules.textpattern import TextMatcher

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
def read_ahead(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of sources of each load read a few at once (`dataset._read_ahead`)."""
    from workrules import dataset

    ahead: list[int] = []
    real = dataset._read_ahead

    def spy(sources: list[object], *args: object) -> object:
        ahead.append(len(sources))
        return real(sources, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(dataset, "_read_ahead", spy)
    return ahead


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The example's files, with the working folder set to fixtures/example."""
    monkeypatch.chdir(FIXTURES / "example")
    return EXAMPLE


# What a report says made it changes with every commit of the policy (its digest), every
# release (the version) and, without --today, every day: the reports a test holds are compared
# with those masked (`made_by_masked`); tests/test_review56_provenance.py checks them.
_DIGESTS = re.compile(r"\b[0-9a-f]{64}\b|(?<=sha256:)[0-9a-f]{12}\b")
_VERSION = re.compile(r"(Made by policy .*? and workrules )[^\s,<]+?(?=[,.]?(?:\s|<|$))", re.M)
_RAN_ON = re.compile(r"judged as on \d{4}-\d\d-\d\d \(the day it ran\)")


def made_by_masked(text: str) -> str:
    """`text` with each policy digest (whole, or the text report's first 12 digits) written
    `<digest>`, and in a "Made by" line the version `<version>` and the day the run ran (not a
    day given) `<today>`."""
    text = _VERSION.sub(r"\1<version>", _DIGESTS.sub("<digest>", text))
    return _RAN_ON.sub("judged as on <today> (the day it ran)", text)


def run_workrules(*args: str, cwd: Path | None = None,
                  input: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m workrules ARGS` in a fresh process, as a user runs it: its exit code and
    output, as text."""
    return subprocess.run([sys.executable, "-m", "workrules", *args], cwd=cwd, input=input,
                          capture_output=True, text=True, check=False)  # fmt: skip


# The ways a load reads large files, as the environment and the thresholds set it: the exact
# path, the fast loaders (on by size: forced with thresholds of 0), records kept as columns,
# and JSON and NDJSON read into Arrow columns.
LOAD_PATHS = {
    "exact": ({"WORKRULES_NO_FAST_LOAD": "1"}, {}, "tables"),
    "fast": ({}, {"_FAST_MIN": 0}, "tables"),
    "kept": ({}, {"_FAST_MIN": 0}, "all"),
    "columns": ({}, {"_FAST_MIN": 0, "_COLUMNS_MIN": 0}, "all"),
}


def said_on_every_path(files: list[str], folder: Path,
                       monkeypatch: pytest.MonkeyPatch) -> set[str]:  # fmt: skip
    """What loading `files` (in `folder`) says on every path of `LOAD_PATHS`: the refusal, or
    the kinds of record the data set holds. One refusal, word for word, is a set of one."""
    from workrules.dataset import load_kept
    from workrules.errors import InputError

    said = set()
    for env, thresholds, keep in LOAD_PATHS.values():
        with monkeypatch.context() as patch:
            patch.chdir(folder)
            for name, value in env.items():
                patch.setenv(name, value)
            for name, number in thresholds.items():
                patch.setattr(f"workrules.dataset.{name}", number)
            try:
                data = load_kept(files, keep)
            except InputError as err:
                said.add(str(err))
            else:
                said.add(repr(sorted(k for k, v in data.records.items() if v)))
    return said


def partial_notices(result: Any) -> list[tuple[str, str]]:
    """A check's "applied in part" notices, as (rule, reason)."""
    return [(na.rule, na.reason) for na in result.not_applied if na.partial]


def jd_found(folder: Path, *names: str) -> list[tuple[str, str, int]]:
    """The job-description findings of files in `folder`, checked together: file name, rule,
    line."""
    from workrules import check

    result = check([folder / name for name in names], select=["jd-*"])
    return [(Path(f.file).name, f.rule, f.line) for f in result.findings]


def check_text(*args: str, cwd: Path, engine: str = "python") -> tuple[int, str, str]:
    """`workrules check --no-config -q --format text --engine ENGINE ARGS` run in `cwd`: its
    exit code, standard output and standard error."""
    done = run_workrules("check", "--no-config", "-q", "--format", "text", "--engine", engine,
                         *args, cwd=cwd)  # fmt: skip
    return done.returncode, done.stdout, done.stderr


@functools.cache
def claim_matcher(pattern: str) -> TextMatcher:
    """The claim's text pattern `pattern`, compiled once for the tests that read sentences
    with it (`.gives(text)`, `.first(text)`)."""
    from workrules.errors import PolicyError
    from workrules.policy import load_policy
    from workrules.textpattern import compile_pattern

    policy = load_policy()
    return compile_pattern(policy.patterns[pattern], policy.words,
                           lambda message, pos: PolicyError(message), policy.patterns)  # fmt: skip
