"""Hostile review, attack round 30: the repository being checked is hostile.

Each test copies fixtures/rota-repo/ into a throw-away git work tree and plants there what a
pull request would commit (fixtures/hostile30/README.md says what each gave before), then
asserts the exact output.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_ci_gate import run  # main() in-process: (exit code, stdout, stderr)

from workrules import resources
from workrules.resources import _attribute_match

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HERE = FIXTURES / "hostile30"
ENGINES = ["python", "columnar"]
BIDI_NAME = "rotas/june-\u202elmay.atad-rota.yaml"  # (GitHub lists it as "hidden Unicode")


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    """A git work tree holding fixtures/rota-repo/ (staff, rota, allocation, config), with an
    empty `rotas/`; the current directory while the test runs."""
    here = os.getcwd()
    work = tmp_path / "repo"
    shutil.copytree(FIXTURES / "rota-repo", work)
    (work / ".git").mkdir()
    (work / "rotas").mkdir()
    os.chdir(work)
    yield work
    os.chdir(here)


def _rotas(repo: Path, count: int) -> None:
    """`count` one-session rotas in `rotas/`, each a group of 7 for S010: one 5a finding."""
    for i in range(count):
        (repo / "rotas" / f"unit{i:02d}-rota.yaml").write_text(
            "kind: rota\nunit: Fixture PDU\nupw_sessions:\n"
            f"  - {{id: V{i:03d}, date: 2024-06-{i + 1:02d}, supervisors: [S010], members: 7, "
            "contact_hours: 4}\n")  # fmt: skip


def _check(*argv: str, capsys: pytest.CaptureFixture[str],
           engine: str = "python") -> tuple[int, str, str]:  # fmt: skip
    return run(["check", "--today", "2024-07-01", "--engine", engine, *argv, "--", "rotas/",
                "staff.yaml"], capsys)  # fmt: skip


# ---------------------------- P1: a large .gitattributes is read once a run, its encodings alone


@pytest.mark.parametrize("engine", ENGINES)
def test_a_gitattributes_of_40000_patterns_is_read_once_and_only_its_encoding_lines_matched(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        engine: str) -> None:  # fmt: skip
    # 760 KB of `rNNNNN/*.yaml text`, read and compiled again for each data file: 2 s a file.
    # One line at the end gives a rota UTF-16, and is still found.
    (repo / ".gitattributes").write_text(
        "".join(f"r{i:05d}/*.yaml text\n" for i in range(40_000))
        + "rotas/unit03-rota.yaml working-tree-encoding=UTF-16\n")  # fmt: skip
    _rotas(repo, 12)
    compiled: list[str] = []
    wildmatch = resources._wildmatch
    monkeypatch.setattr(resources, "_wildmatch",
                        lambda pattern: compiled.append(pattern) or wildmatch(pattern))
    reads = resources._read_attributes.cache_info().misses
    code, out, err = _check(capsys=capsys, engine=engine)
    assert (code, out) == (2, "")
    assert err == ("workrules: rotas/unit03-rota.yaml: is written on checkout in another "
                   "encoding than it was committed in (.gitattributes:40001 gives it "
                   "'working-tree-encoding=UTF-16'): the gate would read other text than the "
                   "forge shows; remove the attribute\n")  # fmt: skip
    assert compiled == ["rotas/unit03-rota.yaml"]  # (once, for the one line that can say)
    # the top's .gitattributes and .git/info/attributes (absent), and rotas/.gitattributes
    # (absent): each read once, for 13 files
    assert resources._read_attributes.cache_info().misses - reads == 3


def test_a_gitattributes_line_past_a_megabyte_that_gives_an_encoding_is_seen(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    # A megabyte of comments, then a line giving every rota UTF-7: read to 1 MiB, the line
    # went unseen and the rotas were read as committed, not as CI's checkout writes them.
    # (It was then refused; now the file is read a line at a time to git's 100 MiB, round 50's
    # review, P6, and the line is found.)
    (repo / ".gitattributes").write_text("# padding\n" * 110_000
                                         + "*.yaml working-tree-encoding=UTF-7\n")  # fmt: skip
    _rotas(repo, 1)
    code, out, err = _check(capsys=capsys)
    assert (code, out) == (2, "")
    assert err.splitlines(keepends=True) == [
        f"workrules: {name}: is written on checkout in another encoding than it was committed "
        "in (.gitattributes:110001 gives it 'working-tree-encoding=UTF-7'): the gate would "
        "read other text than the forge shows; remove the attribute\n"
        for name in ("rotas/unit00-rota.yaml", "staff.yaml")]  # fmt: skip


def test_more_lines_that_give_an_encoding_than_are_matched_are_refused_at_the_one_over(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    # (each such line is matched against every data file: 40,000 of them fit in 1 MiB)
    (repo / ".gitattributes").write_text("# encodings\n" + "".join(
        f"docs/r{i:04d}/*.txt working-tree-encoding=UTF-8\n" for i in range(1_001)))
    _rotas(repo, 1)
    code, out, err = _check(capsys=capsys)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == (
        "workrules: rotas/unit00-rota.yaml: cannot be told apart from a file git writes in "
        "another encoding on checkout: .gitattributes:1002 gives files a working-tree-encoding "
        "after 1,000 lines that do, more than workrules matches; give fewer")


def test_a_macro_that_gives_an_encoding_is_matched_and_other_macros_are_not(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    (repo / ".gitattributes").write_text("[attr]plain text eol=lf\n[attr]legacy "
                                         "working-tree-encoding=UTF-16LE\n*.yaml plain\n"
                                         "rotas/unit00-* legacy\n")  # fmt: skip
    _rotas(repo, 2)
    code, out, err = _check(capsys=capsys)
    assert (code, out) == (2, "")
    assert err == ("workrules: rotas/unit00-rota.yaml: is written on checkout in another "
                   "encoding than it was committed in (.gitattributes:4 gives it "
                   "'working-tree-encoding=UTF-16LE'): the gate would read other text than "
                   "the forge shows; remove the attribute\n")  # fmt: skip


# ------------------------------ P2: a pattern is matched in time linear in the path, as git reads it


def test_a_pattern_of_many_stars_over_a_name_of_many_letters_is_decided_at_once(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    # `rotas/*a*a*a*a*a*a*a*a*a*a*b` over a name of 40 `a`s backtracked for 80 s
    shutil.copy(HERE / "star-pattern.gitattributes", repo / ".gitattributes")
    (repo / "rota.yaml").rename(repo / "rotas" / f"{'a' * 60}-rota.yaml")
    start = time.monotonic()
    code, out, _ = _check("--format", "json", capsys=capsys)
    assert time.monotonic() - start < 10  # (a 61st `a` doubled it)
    assert code == 1 and f'"file": "rotas/{"a" * 60}-rota.yaml"' in out


@pytest.mark.parametrize(("pattern", "path", "matched"), [
    ("rotas/" + "*a" * 10 + "*b", "rotas/" + "a" * 60 + "-rota.yaml", False),
    ("rotas/" + "*a" * 10 + "*b", "rotas/" + "a" * 60 + "b", True),
    ("**/" * 12 + "x", "a/" * 40 + "y", False),
    ("**/" * 12 + "x", "a/" * 40 + "x", True),
    ("jd/*.md", "jd/pso.md", True),
    ("jd/*.md", "jd/sub/pso.md", False),  # (`*` stays in a folder's name)
    ("jd/**/*.md", "jd/pso.md", True),
    ("jd/**/*.md", "jd/a/b/pso.md", True),
    ("jd/**", "jd/a/b", True),
    ("/jd/*.md", "jd/pso.md", True),  # (a leading `/`: from the file's folder)
    ("*.[mM][dD]", "jd/a/PSO.Md", True),  # (no slash: the name at any depth)
    ("jd/[!p]so.md", "jd/pso.md", False),
    ("jd/[^p]so.md", "jd/aso.md", True),
    ("jd/a[!x]b", "jd/a/b", False),  # (a class never matches a folder's `/`)
    ("jd/[]]x", "jd/]x", True),  # (a `]` first in a class is in it)
    ("jd/\\*.md", "jd/*.md", True),  # (`\\` makes the next character plain)
    ("jd/\\*.md", "jd/a.md", False),
    ("jd/p?o.md", "jd/pso.md", True),
    ("jd/p?o.md", "jd/p/o.md", False),
    ("jd/(a|b).md", "jd/a.md", False),  # (regex signs are plain characters)
    ("jd/(a|b).md", "jd/(a|b).md", True),
    ("jd/ü.md", "jd/ü.md", True),
    ("jd/*.md", "jd/\udcff.md", True),  # (a byte of a name that is not UTF-8)
    ("jd/[z-a]", "jd/pso.md", True),  # (not readable: matches, so its encoding is refused)
    ("jd/[!]x", "jd/pso.md", True),
])  # fmt: skip
def test_gitattributes_patterns_match_as_git_s_wildmatch(pattern: str, path: str,
                                                         matched: bool) -> None:  # fmt: skip
    start = time.monotonic()
    assert _attribute_match(pattern, path) is matched
    assert time.monotonic() - start < 1


def _reference(pattern: str, path: str) -> bool:
    """git's wildmatch (WM_PATHNAME) for `*`, `?`, `**/`, `/**` and plain characters, written
    as plainly as can be (backtracking: for short texts only)."""

    @functools.cache
    def at(p: int, t: int) -> bool:
        if p == len(pattern):
            return t == len(path)
        if pattern.startswith("**/", p):
            return at(p + 3, t) or any(at(p + 3, e + 1) for e in range(t, len(path))
                                       if path[e] == "/")  # fmt: skip
        if pattern.startswith("/**", p) and p + 3 == len(pattern):
            return path.startswith("/", t)
        if pattern[p] == "*":
            return at(p + 1, t) or (t < len(path) and path[t] != "/" and at(p, t + 1))
        if t == len(path):
            return False
        if pattern[p] == "?":
            return path[t] != "/" and at(p + 1, t + 1)
        return pattern[p] == path[t] and at(p + 1, t + 1)

    return at(0, 0)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab/*?", min_size=1, max_size=10),
       st.text(alphabet="ab/", max_size=10))  # fmt: skip
def test_a_pattern_with_a_slash_matches_what_git_s_wildmatch_does(pattern: str,
                                                                  path: str) -> None:  # fmt: skip
    pattern = pattern if "/" in pattern else f"{pattern}/x"
    assert _attribute_match(pattern, path) is _reference(pattern.removeprefix("/"), path)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="a*", min_size=1, max_size=30), st.integers(1, 200))
def test_any_pattern_of_stars_is_matched_in_linear_time(stars: str, letters: int) -> None:
    start = time.monotonic()
    _attribute_match(f"rotas/{stars}b", "rotas/" + "a" * letters + "-rota.yaml")
    assert time.monotonic() - start < 0.5


# ------------------------------------- P3: a test file's `today:` within the dates workrules accepts


@pytest.mark.parametrize(("name", "line", "day"), [
    ("far-day", 2, "9999-12-31"),  # (the file's)
    ("early-day-in-a-test", 8, "0001-01-01"),  # (a test's own, under the file's 2999-12-31)
])  # fmt: skip
def test_a_test_file_s_today_outside_the_dates_accepted_is_refused_at_its_line(
        name: str, line: int, day: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(HERE)
    code, out, err = run(["test", f"tests/{name}.wrtest.yaml"], capsys)
    assert (code, out) == (2, "")
    assert err == (f"workrules: tests/{name}.wrtest.yaml:{line}: today: '{day}' is outside "
                   "the dates workrules accepts (1900-01-01 to 2999-12-31)\n")  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.dates())
def test_a_test_file_s_today_is_read_as_check_today_reads_it(day: dt.date) -> None:
    from workrules.errors import UsageError
    from workrules.limits import EARLIEST_DATE, LATEST_DATE
    from workrules.policy_tests import _date

    text = f"tests: []\ntoday: {day}\n"
    if EARLIEST_DATE <= day <= LATEST_DATE:
        assert _date(day, (), "t.wrtest.yaml", text, 1) == day
    else:
        with pytest.raises(UsageError, match=rf"^t.wrtest.yaml:2: today: '{day}' is outside "
                                             r"the dates workrules accepts \(1900-01-01 to "
                                             r"2999-12-31\)$"):  # fmt: skip
            _date(day, (), "t.wrtest.yaml", text, 1)


# ------------------- P4: a file a bidi control is in is named made inert, never with the control


@pytest.mark.parametrize("engine", ENGINES)
def test_an_annotation_names_a_file_whose_name_holds_a_bidi_control_made_inert(
        repo: Path, capsys: pytest.CaptureFixture[str], engine: str) -> None:  # fmt: skip
    # the runner's log shows a workflow command's line as it is: a U+202E there would turn
    # the name around (a Trojan Source name); so it is named with the control as an escape,
    # a file GitHub cannot put on the diff, but the gate still fails (attack round 30, P4)
    (repo / "rota.yaml").rename(repo / BIDI_NAME)
    code, out, _ = _check("--format", "github", capsys=capsys, engine=engine)
    assert code == 1
    assert "\u202e" not in out
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    files = [re.match(r"::\w+ file=([^,]*),", line).group(1)  # type: ignore[union-attr]
             for line in annotations]  # fmt: skip
    # (the config's waiver is said among the values set, at its line: attack round 34, P5)
    assert files == ["rotas/june-\\u202elmay.atad-rota.yaml"] * 6 + ["staff.yaml"] * 2 + [
        "workrules.toml"] * 5


@pytest.mark.parametrize(("name", "file"), [
    ("a\n::error file=x::y-rota.yaml", "rotas/a%0A%3A%3Aerror file=x%3A%3Ay-rota.yaml"),
    ("b::c,d%0A-rota.yaml", "rotas/b%3A%3Ac%2Cd%250A-rota.yaml"),
    ("e\u2028f-rota.yaml", "rotas/e\\u2028f-rota.yaml"),  # (a line separator: made inert)
    ("g\x1b[31m-rota.yaml", "rotas/g\\x1b[31m-rota.yaml"),  # (a terminal's escape: too)
    ("h\u2066i\u2069-rota.yaml", "rotas/h\\u2066i\\u2069-rota.yaml"),  # (bidi: too)
])  # fmt: skip
def test_a_file_name_is_one_annotation_s_property_whatever_it_holds(
        repo: Path, capsys: pytest.CaptureFixture[str], name: str, file: str) -> None:  # fmt: skip
    (repo / "rota.yaml").rename(repo / "rotas" / name)
    code, out, _ = _check("--format", "github", capsys=capsys)
    assert code == 1
    lines = out.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 13 and all(
        line.startswith(f"::{kind} file={file},line=") for line, kind in zip(
            annotations[:6], ["error", "error", "notice", "error", "error", "error"],
            strict=True))  # fmt: skip
    assert not any(re.match(r"\s*::", line) for line in lines if line not in annotations)
