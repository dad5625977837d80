"""git attributes files read as git reads them (review of session 50: P6, P7, P10).

Each test copies fixtures/rota-repo/ into a throw-away git work tree, plants a
`.gitattributes` (fixtures/gitattributes50/README.md says what each gave before) and asserts
the exact output, or what is kept of the file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_ci_gate import run  # main() in-process: (exit code, stdout, stderr)

from workrules import limits, resources

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HERE = FIXTURES / "gitattributes50"
ENGINES = ["python", "columnar"]
LFS = "".join(f"assets/scan-{i:06d}.pdf filter=lfs diff=lfs merge=lfs -text\n"
              for i in range(18_000))  # fmt: skip  # (as `git lfs track` writes them)


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    """A git work tree holding fixtures/rota-repo/ with its rota moved to `rotas/` as
    `2024-06-rota.yaml`; the current directory while the test runs."""
    here = os.getcwd()
    work = tmp_path / "repo"
    shutil.copytree(FIXTURES / "rota-repo", work)
    (work / ".git").mkdir()
    (work / "rotas").mkdir()
    (work / "rota.yaml").rename(work / "rotas" / "2024-06-rota.yaml")
    os.chdir(work)
    yield work
    os.chdir(here)


def _check(engine: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run(["check", "--today", "2024-07-01", "--engine", engine, "--format", "json", "--",
                "rotas/", "staff.yaml"], capsys)  # fmt: skip


def _refused(name: str, line: int, attr: str) -> str:
    return (f"workrules: rotas/{name}: is written on checkout in another encoding than it was "
            f"committed in (.gitattributes:{line} gives it '{attr}'): the gate would read "
            "other text than the forge shows; remove the attribute\n")


# --------------------------------- P6: a large .gitattributes that gives no encoding is read


@pytest.mark.parametrize("engine", ENGINES)
def test_a_gitattributes_of_18000_git_lfs_lines_changes_nothing(
        repo: Path, capsys: pytest.CaptureFixture[str], engine: str) -> None:  # fmt: skip
    # 1.1 MB: over the 1 MiB then read, every data file failed with exit 2
    plain = _check(engine, capsys)
    assert plain[0] == 1 and '"file": "rotas/2024-06-rota.yaml"' in plain[1]
    (repo / ".gitattributes").write_text(LFS)
    assert os.path.getsize(repo / ".gitattributes") > 1 << 20
    assert _check(engine, capsys) == plain


@pytest.mark.parametrize("engine", ENGINES)
def test_an_encoding_after_18000_git_lfs_lines_is_found(
        repo: Path, capsys: pytest.CaptureFixture[str], engine: str) -> None:  # fmt: skip
    (repo / ".gitattributes").write_text(LFS + "rotas/*.yaml working-tree-encoding=UTF-16\n")
    assert _check(engine, capsys) == (2, "", _refused("2024-06-rota.yaml", 18_001,
                                                      "working-tree-encoding=UTF-16"))


def test_a_gitattributes_over_git_s_100_mib_is_refused_in_one_line(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    # git ignores such a file; a line past the bound could give an encoding, so it is refused
    # (written sparse: a line, then zero bytes to one over the bound)
    assert limits.MAX_ATTRIBUTES_BYTES == 100 << 20
    with open(repo / ".gitattributes", "wb") as handle:
        handle.write(b"*.pdf -text\n")
        handle.truncate((100 << 20) + 1)
    code, out, err = _check("python", capsys)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == (
        "workrules: rotas/2024-06-rota.yaml: cannot be told apart from a file git writes in "
        "another encoding on checkout: .gitattributes is larger than the 100 MiB git reads of "
        "an attributes file; shorten it")


@pytest.mark.parametrize(("line", "said"), [
    ("rotas/" + "x" * 2100 + " working-tree-encoding=UTF-16", "working-tree-encoding"),
    ("[attr]" + "m" * 2100 + " working-tree-encoding=UTF-16", "working-tree-encoding"),
    ("rotas/*.yaml " + "text " * 500 + "legacy", "legacy"),  # (a macro that gives one)
])  # fmt: skip
def test_a_line_longer_than_git_reads_that_can_give_an_encoding_is_refused(
        repo: Path, capsys: pytest.CaptureFixture[str], line: str, said: str) -> None:  # fmt: skip
    # git (2.39.1 on) ignores a line of 2,048 bytes or more, older git reads it: refused, not
    # kept, so that what is kept stays small whatever the file
    (repo / ".gitattributes").write_text("[attr]legacy working-tree-encoding=UTF-16\n"
                                         + line + "\n")  # fmt: skip
    code, out, err = _check("python", capsys)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == (
        "workrules: rotas/2024-06-rota.yaml: cannot be told apart from a file git writes in "
        "another encoding on checkout: .gitattributes:2 is longer than the 2,048 bytes git "
        "reads of a line and names working-tree-encoding or a macro that gives it; shorten it")
    assert said in line


def test_a_long_line_that_gives_no_encoding_is_passed_over(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    plain = _check("python", capsys)
    (repo / ".gitattributes").write_text("assets/" + "y" * 200_000 + " -text\n")
    assert _check("python", capsys) == plain


# --------------------------------------- P7: only the lines that can give an encoding are kept


def test_only_the_lines_and_macros_that_can_give_an_encoding_are_kept(repo: Path) -> None:
    (repo / ".gitattributes").write_text(
        "[attr]plain text eol=lf\n[attr]legacy working-tree-encoding=UTF-16LE\n" + LFS
        + "*.txt plain\nrotas/old-* legacy\ndocs/*.csv working-tree-encoding=CP1252 text\n")
    source = str(repo / ".gitattributes")
    stamp = resources._stamp(source)
    assert resources._read_attributes(source, stamp, frozenset()) == resources._Attributes(
        lines=((18_005, "docs/*.csv", ("working-tree-encoding=CP1252", "text")),),
        macros=(("legacy", ("working-tree-encoding=UTF-16LE",)),))  # fmt: skip
    assert resources._read_attributes(source, stamp, frozenset({"legacy"})).lines == (
        (18_004, "rotas/old-*", ("legacy",)),
        (18_005, "docs/*.csv", ("working-tree-encoding=CP1252", "text")))  # fmt: skip


def test_reading_a_megabyte_attributes_file_keeps_almost_nothing(repo: Path) -> None:
    # 1 MiB of `a b` lines kept 39 MB, for each of up to 256 files
    (repo / ".gitattributes").write_text("a b\n" * 262_000)
    resources._read_attributes.cache_clear()
    resources._encoding_lines.cache_clear()
    resources._macros.cache_clear()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        assert resources.checkout_encoding("rotas/2024-06-rota.yaml") is None
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 100_000


# ------------------------------------- P10: POSIX classes, quoted patterns and a BOM, as git


@pytest.mark.parametrize(("fixture", "rota", "attr"), [
    ("posix-class", "2024-06-rota.yaml", "working-tree-encoding=UTF-16"),
    ("quoted", "june rota.yaml", "working-tree-encoding=UTF-16LE"),
    ("bom", "2024-06-rota.yaml", "working-tree-encoding=UTF-16"),
])  # fmt: skip
@pytest.mark.parametrize("engine", ENGINES)
def test_an_encoding_git_gives_by_a_class_a_quoted_name_or_after_a_bom_is_found(
        repo: Path, capsys: pytest.CaptureFixture[str], fixture: str, rota: str, attr: str,
        engine: str) -> None:  # fmt: skip
    shutil.copy(HERE / f"{fixture}.gitattributes", repo / ".gitattributes")
    (repo / "rotas" / "2024-06-rota.yaml").rename(repo / "rotas" / rota)
    line = 1 if fixture == "bom" else 2
    assert _check(engine, capsys) == (2, "", _refused(rota, line, attr))


def test_a_class_that_names_no_digit_leaves_the_rota_as_committed(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    plain = _check("python", capsys)
    (repo / ".gitattributes").write_text("rotas/[[:alpha:]]*.yaml working-tree-encoding=UTF-16\n"
                                         '"rotas/2024 06-rota.yaml" working-tree-encoding=UTF-16\n')
    assert _check("python", capsys) == plain


PATTERNS = ["[[:digit:]]*.yaml", "[[:alpha:]]*.yaml", "[![:digit:]]*.yaml", "[[:upper:]]*",
            "[[:alnum:]_]*-x.yaml", "[[:space:]]*", "[[:punct:]]*", "[[:xdigit:]][[:xdigit:]]*",
            "[[:lower:][:digit:]]a", "[a-c]*", "[!a-c]*", "[\\]]*", "[]-]*", "[:]*",
            "[[:digit:]-z]*", "a\\*b", "sub/[[:digit:]]*", "[[:blank:]]*",
            '"a b.yaml"', '"\\141 b.yaml"', '"tab\\tx"', '"q\\"x"']  # fmt: skip
NAMES = ["1a.yaml", "a.yaml", "B", "_-x.yaml", " a", "-x", "]x", "2a", "ab", "aa", "ca", "da",
         ":x", "z", "a*b", "axb", "sub/1.yaml", "sub/a.yaml", "a b.yaml", "tab\tx", 'q"x',
         "fa", "9"]  # fmt: skip


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_patterns_match_the_names_git_check_attr_gives_the_encoding(tmp_path: Path) -> None:
    # git itself, over every pattern and name: what it gives an encoding, workrules refuses
    for number, pattern in enumerate(PATTERNS):
        work = tmp_path / str(number)
        subprocess.run(["git", "init", "-q", str(work)], check=True)
        (work / ".gitattributes").write_text(f"{pattern} working-tree-encoding=UTF-16\n")
        for name in NAMES:
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            (work / name).write_text("x")
        said = subprocess.run(["git", "-C", str(work), "check-attr", "-z",
                               "working-tree-encoding", "--", *NAMES],
                              capture_output=True, check=True).stdout.decode().split("\0")
        by_git = {said[at] for at in range(0, len(said) - 1, 3) if said[at + 2] == "UTF-16"}
        ours = {name for name in NAMES if resources.checkout_encoding(str(work / name))}
        assert (pattern, ours) == (pattern, by_git)


def _c_quoted(text: bytes) -> bytes:
    """`text` as git quotes a name (quote.c's `quote_c_style`)."""
    escapes = {7: b"\\a", 8: b"\\b", 9: b"\\t", 10: b"\\n", 11: b"\\v", 12: b"\\f", 13: b"\\r",
               34: b'\\"', 92: b"\\\\"}  # fmt: skip
    return b'"' + b"".join(escapes.get(byte) or (bytes([byte]) if 32 <= byte < 127
                                                  else b"\\%03o" % byte) for byte in text) + b'"'


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=30), st.lists(st.from_regex(r"[a-z-]{1,8}(=[A-Z0-9-]{1,6})?",
                                                      fullmatch=True), min_size=1, max_size=3))
def test_a_quoted_pattern_is_read_back_as_the_name_git_quoted(
        name: bytes, attrs: list[str]) -> None:  # fmt: skip
    line = _c_quoted(name) + b" " + " ".join(attrs).encode()
    assert resources._attribute_line(line) == (False, name.decode("utf-8", "replace"),
                                                 tuple(attrs))  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60))
def test_any_attributes_line_is_read_without_an_error(line: bytes) -> None:
    read = resources._attribute_line(line.replace(b"\n", b" "))
    assert read is None or (read[2] and all(read[2]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5000), st.sampled_from([b"", b"enc", b"mac"]),
                          st.integers(0, 5000)), max_size=12),
       st.integers(5, 3000), st.booleans())  # fmt: skip
def test_the_lines_that_name_a_mark_are_found_whatever_the_blocks(
        shape: list[tuple[int, bytes, int]], block_size: int, ended: bool) -> None:  # fmt: skip
    # each line that names a mark is given whole with its number, or said to be longer than
    # git reads; no other line is
    import io
    import re

    lines = [(b"x" * length)[:at] + mark + (b"x" * length)[at:] for length, mark, at in shape]
    text = b"\n".join(lines) + (b"\n" if ended and lines else b"")
    marker = re.compile(b"enc|mac")
    found = [(number, b"LONG" if long or len(line) > 2049 else line) for number, line, long
             in resources._named_lines(io.BytesIO(text), marker, 3, block_size)]  # fmt: skip
    assert found == [(number, b"LONG" if len(line) > 2049 else line)
                     for number, line in enumerate(lines, start=1) if marker.search(line)]
