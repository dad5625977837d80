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


def test_a_hook_run_loads_neither_argparse_nor_difflib(tmp_path: Path) -> None:
    # argparse (and what its help formatter loads), and difflib, which only a refusal needs.
    assert _imported_by_one_check(tmp_path, ("argparse", "gettext", "locale", "shutil",
                                             "difflib")) == "[]"  # fmt: skip


def test_a_hook_run_of_a_valid_job_description_leaves_the_refusal_hints_unimported(
        tmp_path: Path) -> None:  # fmt: skip
    # workrules.hints compiles some 20 regular expressions (3 ms) that only a refusal reads.
    assert _imported_by_one_check(tmp_path, ("workrules.hints",)) == "[]"


def test_a_refused_date_still_ends_with_its_hint() -> None:
    from workrules.schemacheck import date_hint, number_hint

    assert date_hint("13/06/2024") == "; write it as 2024-06-13"
    assert number_hint("37.5 hrs") == "; give the number alone, without 'hrs'"


def test_a_hook_run_loads_the_checked_policy_without_the_ast_or_the_type_check(
        tmp_path: Path) -> None:  # fmt: skip
    # The cache holds the type-checked policy: its AST is decoded only for the tools that
    # read it (describe, explain, document, policy diff).
    assert _imported_by_one_check(tmp_path, ("workrules.lang.nodes", "workrules.nodes",
                                             "workrules.lang.typecheck", "workrules.lang.parse",
                                             "lark")) == "[]"  # fmt: skip


def test_a_hook_run_loads_no_attrs(tmp_path: Path) -> None:
    # attrs (and the inspect, ast and dis it loads) is some 20 ms of a hook run: what a run
    # builds (policy, data, findings) are msgspec Structs; the AST keeps its attrs classes.
    assert _imported_by_one_check(tmp_path, ("attrs", "attr")) == "[]"


def test_what_a_run_reads_after_loading_needs_no_ast_class() -> None:
    """The IR, the Python engine, the text patterns, data loading and the reports load without
    the AST classes (`lang.nodes`, an attrs class each, some 8 ms of a hook run), the
    type-check stage or the parser: only loading a policy from its AST needs them."""
    code = ("import sys, workrules.engine.python, workrules.textpattern, workrules.dataset, "
            "workrules.report\n"
            "print(sorted(m for m in ('workrules.lang.nodes', 'workrules.nodes', "
            "'workrules.lang.typecheck', 'workrules.lang.parse', 'lark') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.strip() == "[]"


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
    assert done.stderr == (f"workrules: {bad}:5: unknown field 'span' (did you mean "
                           "'span_of_control'?); allowed here: grade, kind, line_management, "
                           "span_of_control, text, title, unit\n")  # fmt: skip


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


def test_a_plain_job_description_is_read_without_pyyaml(tmp_path: Path) -> None:
    assert _imported_by_one_check(tmp_path, ("yaml",)) == "[]"


_KEYS = st.sampled_from(["kind", "title", "grade", "span_of_control", "line_management", "_a",
                         "a1", "k"] * 4 + ["yes", "null", "on", "Title", "x-y"])  # fmt: skip
_SCALARS = st.one_of(
    st.sampled_from(["job-description", "Senior Probation Officer (Courts)", "PO", "true",
                     "false", "True", "FALSE", "yes", "No", "on", "OFF", "null", "Null", "~",
                     "0", "07", "12", "1e3", "1_000", "0x1F", "12:30", "3.5", ".inf", "2024-01-02",
                     "=", "<<", "a #b", "a: b", "a  b", "A&B", "'q'", "it's", "x,y", "a/b",
                     "9999999999", "-1", "+1", "y", "n", "NaN", "", "A_B", "_a"]),
    *[st.text(st.sampled_from("aaaaabbbbbbZZZ00_ -(),./&'\u00a0\u00e9\u2013\u2019"),
              max_size=8).map(lambda t: "Ab" + t)] * 3,
    st.text(st.sampled_from("aaaabbbZZ00_ -(),./&'\u00a0\u00e9\u2013\u2019#:\u0085\u2028\ufeff\x7f\""),
            max_size=8).map(lambda t: "Ab" + t),  # text, now and then made not plain
    st.text(st.sampled_from("aZ09_ ():#-,.'/&\"\\\t\u00a0\u2013\u2019\u0085\u2028\ufeff\x7f!*%@`|>"),
            max_size=8),
)
_KEY_VALUE = st.builds(lambda k, sep, v, end: f"{k}{sep}{v}{end}", _KEYS,
                      st.sampled_from([": "] * 6 + [":", ":  ", " : ", ":\t"]), _SCALARS,
                      st.sampled_from([""] * 6 + [" ", "  # c", "\t"]))  # fmt: skip
_PLAIN = st.builds(lambda k, v: f"{k}: {v}", _KEYS, _SCALARS)
# Mostly `key: value` lines, so that many draws are plain; now and then anything else.
_LINES = st.one_of(*[_PLAIN] * 8, _KEY_VALUE, st.sampled_from(
    ["", "# comment", "- a", "  nested: 1", "? k", "---", "%YAML 1.1", "\r"]))  # fmt: skip


@settings(max_examples=1000)
@given(st.lists(_LINES, max_size=5), st.sampled_from([True] * 5 + [False]))
def test_plain_front_matter_is_read_as_pyyaml_reads_it(lines: list[str], end: bool) -> None:
    """Whatever front matter is read without PyYAML, PyYAML (as `parse_yaml` drives it) reads
    to the same keys, values (types too), lines; the rest is left to it."""
    from workrules.errors import InputError
    from workrules.load import _plain_front_matter, key_lines, parse_yaml

    front = "\n".join(lines) + ("\n" if end else "")
    plain = _plain_front_matter(front)
    if plain is None:
        return
    data, where = plain
    try:
        slow = parse_yaml(front, "jd.md", line_offset=1)
    except InputError as err:
        raise AssertionError(f"PyYAML refuses what was read without it: {err}") from None
    assert [(k, type(v), v) for k, v in data.items()] == [
        (k, type(v), v) for k, v in slow.items()]  # fmt: skip
    assert data.line == slow.line
    assert where == tuple(key_lines(front, (), 1).items())


def test_every_job_description_in_fixtures_is_read_alike_with_or_without_pyyaml() -> None:
    from workrules.load import _FRONT, _plain_front_matter, parse_yaml

    plain = 0
    for path in sorted(ROOT.glob("fixtures/**/*.md")):
        match = _FRONT.match(path.read_text(encoding="utf-8"))
        read = _plain_front_matter(match.group(1)) if match else None
        if read is not None:
            plain += 1
            assert read[0] == parse_yaml(match.group(1), str(path), 1), path  # type: ignore[union-attr]
    assert plain >= len(list((ROOT / "fixtures" / "example" / "jd").glob("*.md")))


def test_the_cheap_named_tuple_makes_what_typing_makes() -> None:
    """`workrules.named_tuple.NamedTuple` (no ForwardRef compiled per field at import) gives
    the class typing.NamedTuple gives: fields, defaults, methods, docstring, refusals."""
    import typing

    from workrules import named_tuple

    def make(base: Any) -> type:
        class Point(base):  # type: ignore[misc, valid-type]
            """A point."""

            x: int
            y: float = 0.5
            tags: tuple[str, ...] = ()

            def norm(self) -> float:
                return abs(self.x) + abs(self.y)

        return Point

    ours, theirs = make(named_tuple.NamedTuple), make(typing.NamedTuple)
    assert set(vars(ours)) == set(vars(theirs))
    assert (ours._fields, ours._field_defaults, ours.__doc__, ours.__mro__[1:]) == (  # type: ignore[attr-defined]
        theirs._fields, theirs._field_defaults, theirs.__doc__, theirs.__mro__[1:])  # type: ignore[attr-defined]
    assert ours(3) == theirs(3) == (3, 0.5, ()) and ours(-2, 1).norm() == 3  # type: ignore[call-arg, attr-defined]
    assert repr(ours(1, 2)) == repr(theirs(1, 2)) == "Point(x=1, y=2, tags=())"  # type: ignore[call-arg]
    for base in (named_tuple.NamedTuple, typing.NamedTuple):
        with pytest.raises(TypeError, match="Non-default namedtuple field b cannot follow"):
            exec("class Bad(base):\n    a: int = 1\n    b: int\n", {"base": base})
        with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _make"):
            exec("class Bad(base):\n    a: int\n    def _make(self): pass\n", {"base": base})


def _hook_run(repo: Path, tmp_path: Path) -> tuple[int, str, str, bool]:
    """`workrules check jd.md` in `repo` as a hook runs it: exit code, stdout, stderr, and
    whether tomllib was imported."""
    code = ("import sys; from workrules.cli import main\n"
            "code = main(['check', 'jd.md', '--format', 'text'])\n"
            "print('tomllib' in sys.modules, code, file=sys.stderr)")  # fmt: skip
    env = {"PATH": "", "WORKRULES_CACHE_DIR": str(tmp_path / "cache"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "HOME": str(tmp_path)}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=repo)  # fmt: skip
    *err, last = done.stderr.splitlines()
    imported, exit_code = last.split()
    return int(exit_code), done.stdout, "\n".join(err), imported == "True"


def test_a_pyproject_without_a_workrules_table_is_parsed_once_then_remembered(
        tmp_path: Path) -> None:  # fmt: skip
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "jd.md").write_bytes(JD.read_bytes())
    pyproject = repo / "pyproject.toml"
    pyproject.write_text('[project]\nname = "jds"\n[tool.ruff]\nline-length = 99\n')
    first, second = _hook_run(repo, tmp_path), _hook_run(repo, tmp_path)
    assert first[3] and not second[3]  # the second run knows there is no config here
    assert first[:3] == second[:3] and first[0] in (0, 1)
    # Any change to the file is a miss: a table added now is read and applied.
    pyproject.write_text(pyproject.read_text() + '[tool.workrules]\nselect = ["jd-span-stated"]\n')
    third = _hook_run(repo, tmp_path)
    assert third[3] and third[1].endswith(" from 1 rule of policy claim-2024 over 1 file; "
                                          "nothing to report.\n")  # fmt: skip
    # A forged mark (not signed with this user's key) is a miss: the file is parsed.
    pyproject.write_text('[project]\nname = "jds"\n')
    _hook_run(repo, tmp_path)
    for mark in (tmp_path / "cache").glob("pyproject-*.json"):
        mark.write_bytes(b"\0" * 32 + b"true")
    assert _hook_run(repo, tmp_path)[3]


def test_an_invalid_pyproject_is_refused_on_every_run(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "jd.md").write_bytes(JD.read_bytes())
    (repo / "pyproject.toml").write_text('[project]\nname = "jds\n')
    for _ in range(2):
        code, out, err, imported = _hook_run(repo, tmp_path)
        assert (code, out, imported) == (2, "", True)
        assert err.startswith("workrules: pyproject.toml:2: not valid TOML")


def test_plain_text_takes_exactly_its_characters() -> None:
    """Plain front-matter text: after a letter, these ASCII characters, or any from U+00A0 to
    U+D7FF but YAML's line breaks U+2028 and U+2029 (the negated class is cheaper to compile
    than the ranges), checked for every code point."""
    from workrules.load import _PLAIN_LINE

    ascii_ok = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ (),./&'-")
    wrong = [c for c in range(0x110000)
             if bool(_PLAIN_LINE.fullmatch(f"title: A{chr(c)}b")) != (
                 chr(c) in ascii_ok or (0xA0 <= c <= 0xD7FF and c not in (0x2028, 0x2029)))]  # fmt: skip
    assert wrong == []
