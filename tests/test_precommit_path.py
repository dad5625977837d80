"""The pre-commit path: one job description checked with as little imported as possible, and
nothing the exact path would refuse let through."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.cli import _parser, _quick_check_args
from workrules.dataset import schema
from workrules.schemacheck import surely_valid

ROOT = Path(__file__).resolve().parents[1]
JD = ROOT / "fixtures" / "example" / "jd" / "case-administrator.md"
SCHEMA = schema("job-description")
VALIDATOR = jsonschema_rs.validator_for(SCHEMA)


def _imported_by_one_check(tmp_path: Path, modules: tuple[str, ...]) -> list[str]:
    """The `modules` loaded by `workrules check JD` on a warm cache (the second run)."""
    code = ("import sys; from workrules.cli import main\n"
            f"main(['check', {str(JD)!r}, '--no-config', '--format', 'text'])\n"
            f"print(sorted(m for m in {modules!r} if m in sys.modules))")  # fmt: skip
    env = {"PATH": "", "WORKRULES_CACHE_DIR": str(tmp_path / "cache"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "HOME": str(tmp_path)}  # fmt: skip
    for _ in range(2):  # the first run fills the cache
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=env, cwd=tmp_path, check=True)  # fmt: skip
    return done.stdout.strip().splitlines()[-1]  # type: ignore[return-value]


def test_a_valid_job_description_is_checked_without_jsonschema_rs_or_lark(
        tmp_path: Path) -> None:  # fmt: skip
    assert _imported_by_one_check(tmp_path, ("jsonschema_rs", "email.utils", "lark")
                                  ) == "[]"  # fmt: skip


def test_the_policy_cache_is_authenticated_without_loading_openssl(tmp_path: Path) -> None:
    # hashlib and hmac load OpenSSL's _hashlib, a few milliseconds of every hook run.
    assert _imported_by_one_check(tmp_path, ("hashlib", "_hashlib", "hmac")) == "[]"


def test_a_hook_command_line_is_read_without_argparse(tmp_path: Path) -> None:
    # argparse, the parser of every command, and what its help formatter loads.
    assert _imported_by_one_check(tmp_path, ("argparse", "gettext", "locale", "shutil")
                                  ) == "[]"  # fmt: skip


def _argparse_reading(words: list[str]) -> dict[str, Any] | None:
    """What argparse makes of `workrules WORDS`, or None where it refuses them."""
    import contextlib
    import io

    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            return vars(_parser().parse_args(words))
    except SystemExit:
        return None


@pytest.mark.parametrize("words", [
    ["check", "jd/a.md", "--format", "text"],
    ["check", "--no-config", "-q", "a.md", "b.md", "--set", "x=1", "--set", "y[SPO]=2"],
    ["check", "--policy", "p.wr", "--select", "jd-*", "--ignore", "x", "a.md", "--debug",
     "--colour", "never", "-o", "out", "--fail-on", "error", "--engine", "python",
     "--config", "w.toml", "--redact", "--format", "json", "--color", "always"],
])  # fmt: skip
def test_a_hook_command_line_reads_as_argparse_reads_it(words: list[str]) -> None:
    quick = _quick_check_args(words)
    assert quick is not None and vars(quick) == _argparse_reading(words)


_WORDS = ["check", "check", "a.md", "b.md", "", "-", "--", "a b", "--format", "text", "json",
          "tabl", "--form", "--format=text", "-q", "--quiet", "--redact", "--no-config",
          "--debug", "--policy", "claim-2024", "--set", "x=1", "--select", "jd-*", "--ignore",
          "--color", "--colour", "always", "never", "auto", "-o", "-oout", "--output",
          "--fail-on", "error", "--engine", "python", "columnar", "--config", "--today",
          "2024-01-01", "-1", "--help", "-h", "rules", "-x", "--version", "-qo"]  # fmt: skip


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_WORDS), max_size=9), st.booleans())
def test_the_quick_reading_is_argparse_s_or_none(words: list[str], check: bool) -> None:
    """Whatever the quick reading of a command line accepts, argparse accepts the same way;
    everything else (refusals, help, the other commands) is argparse's alone."""
    words = ["check", *words] if check else words
    quick = _quick_check_args(words)
    if quick is not None:
        assert vars(quick) == _argparse_reading(words)


def test_an_invalid_job_description_is_refused_in_jsonschema_rs_words(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\nkind: job-description\ntitle: Officer\ngrade: PO\nspan: 3\n---\nText.\n")
    done = subprocess.run([sys.executable, "-m", "workrules", "check", str(bad), "--no-config"],
                          capture_output=True, text=True, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (f"workrules: {bad}:5: unknown field 'span'; allowed here: grade, kind, "
                           "line_management, span_of_control, text, title, unit\n")  # fmt: skip


_TEXT = st.one_of(st.text(max_size=12), st.sampled_from(
    ["job-description", "PO", "SPO \u2013 Courts", "Senior Probation Officer (Courts)", "", " PSO",
     "PO\n", "1PO", "P" * 101, "x" * 100]))  # fmt: skip
_VALUE: Any = st.one_of(st.none(), st.booleans(), st.integers(-3, 2**60), st.floats(), _TEXT,
                        st.lists(st.integers(), max_size=2))  # fmt: skip
_FIELDS = ["kind", "title", "grade", "unit", "line_management", "span_of_control", "text", "spam"]


@given(st.dictionaries(st.sampled_from(_FIELDS), _VALUE), st.booleans())
def test_the_quick_check_never_accepts_what_the_schema_refuses(
        document: dict[str, Any], well_formed: bool) -> None:  # fmt: skip
    if well_formed:  # most draws would fail at `kind`: give half of them a valid start
        document = {"kind": "job-description", "title": "Officer", "grade": "PO", **document}
    if surely_valid(SCHEMA, document):
        assert VALIDATOR.is_valid(document)


def test_the_quick_check_is_sure_of_the_shipped_job_descriptions() -> None:
    from workrules.load import read_document

    for path in sorted((ROOT / "fixtures" / "example" / "jd").glob("*.md")):
        assert surely_valid(SCHEMA, read_document(str(path)).data), path
