"""Review 18: what a hostile repository could still do through the ways in that earlier
reviews left alone: the pre-commit hooks' file names, `workrules fmt`, `workrules test` and a
policy's name. Each test plants what an attacker would commit (fixtures/review18/, copied into
a throw-away git work tree with the files it tries to reach beside it) and asserts the exact
refusal, or that nothing happened. SECURITY.md says what is trusted and what is not.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import xml.dom.minidom
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from conftest import made_by_masked, run_workrules
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ci_gate import run  # main() in-process: (exit code, stdout, stderr)

from workrules.cli import _refuse_options_that_are_files
from workrules.errors import UsageError

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review18"
SECRET = "SECRET"  # in every file of fixtures/review18/outside/ but token.txt
TOKEN = "ghp_FAKE0review18secret0NOT0A0REAL0TOKEN"


def _repo(top: Path, *contents: str) -> Path:
    """A git work tree at `top`/repo holding the named folders of fixtures/review18/, with
    fixtures/review18/outside/ beside it; the current directory is the work tree."""
    repo = top / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.copytree(HERE / "outside", top / "outside")
    for folder in contents:
        shutil.copytree(HERE / folder, repo, dirs_exist_ok=True)
    os.chdir(repo)
    return repo.resolve()


@pytest.fixture
def top(tmp_path: Path) -> Iterator[Path]:
    """A throw-away folder, the current directory restored afterwards."""
    here = os.getcwd()
    yield tmp_path
    os.chdir(here)


# ------------------------------------------- 1. a committed file name is never an option


@pytest.mark.parametrize("name", ["-o../x-rota.yaml", "--output=../x-rota.yaml"])
def test_a_committed_file_named_like_an_option_is_refused_not_obeyed(
    top: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # pre-commit runs the hook's entry (`workrules check --format text`) with the commit's
    # file names after it and no `--`: `-o../x-rota.yaml` (x-rota.yaml in a folder `-o..`)
    # was read as `-o ../x-rota.yaml`, and the report written outside the repository.
    repo = _repo(top, "repo")
    (repo / name).parent.mkdir()
    shutil.copy(repo / "rota.yaml", repo / name)
    code, out, err = run(["check", "--format", "text", "staff.yaml", "rota.yaml", name], capsys)
    assert (code, out) == (2, "")
    assert err == (f"workrules: '{name}' is the name of a file here, so it is not taken as an "
                   "option; put '--' before the files (workrules check [OPTION]... -- FILE...)\n")
    assert sorted(os.listdir(top)) == ["outside", "repo"]  # nothing written beside the repo


def test_after_a_double_dash_a_name_like_an_option_is_a_file(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo(top, "repo")
    (repo / "-o..").mkdir()
    shutil.copy(repo / "rota.yaml", repo / "-o.." / "x-rota.yaml")
    code, out, err = run(["check", "--format", "text", "-q", "--", "staff.yaml",
                          "-o../x-rota.yaml"], capsys)  # fmt: skip
    assert (code, err) == (1, "")
    assert out.startswith("-o../x-rota.yaml:5: upw-contact-hours [5c] S1 had 9 h of contact ")
    assert sorted(os.listdir(top)) == ["outside", "repo"]


_NAME = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"),
                min_size=1, max_size=30)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rest=_NAME, planted=st.booleans())
def test_an_option_word_is_refused_exactly_when_a_file_has_its_name(rest: str,
                                                                    planted: bool) -> None:
    word = "-" + rest
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            if planted:
                try:
                    Path(word).write_text("kind: rota\n", encoding="utf-8")
                except OSError:  # a name this file system cannot hold (too long, `.`, `..`)
                    planted = os.path.lexists(word)
            if os.path.lexists(word):
                with pytest.raises(UsageError, match="is the name of a file here"):
                    _refuse_options_that_are_files(["check", "x.yaml", word])
            else:
                _refuse_options_that_are_files(["check", "x.yaml", word])
            if word == "--" and os.path.lexists(word):  # `--` itself, the file's name
                with pytest.raises(UsageError, match="would end the options unread"):
                    _refuse_options_that_are_files(["check", "--", "x.yaml", word])
            else:
                _refuse_options_that_are_files(["check", "--", "x.yaml", word])  # files, all
        finally:
            os.chdir(here)


# ------------------------------------------ 2. `workrules fmt` reads only the repository's


@pytest.mark.parametrize("argv", [["fmt", "evil.wr"], ["fmt", "--check", "evil.wr"]])
def test_fmt_refuses_a_policy_link_out_of_the_repository_unread(
    top: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    # The workrules-fmt hook is given the commit's *.wr files. `evil.wr` linked to a token
    # had its first line quoted in the parse error, and a link to a valid policy outside had
    # that policy's text written into the repository.
    repo = _repo(top, "repo")
    (repo / "evil.wr").symlink_to(top / "outside" / "token.txt")
    code, out, err = run(argv, capsys)
    assert (code, out) == (2, "")
    assert err == (f"workrules: evil.wr: is a link to a file outside its repository ({repo}); "
                   "name the file itself\n")
    assert (repo / "evil.wr").is_symlink()


def test_fmt_leaves_a_link_to_a_policy_outside_as_it_was(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo(top, "repo")
    (repo / "copied.wr").symlink_to(top / "outside" / "outside.wr")
    code, out, err = run(["fmt", "copied.wr"], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("workrules: copied.wr: is a link to a file outside its repository")
    assert os.readlink(repo / "copied.wr") == str(top / "outside" / "outside.wr")


def test_fmt_refuses_a_fifo_without_waiting_for_a_writer(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo(top, "repo")
    os.mkfifo(repo / "pipe.wr")
    assert run(["fmt", "--check", "pipe.wr"], capsys) == (
        2, "", "workrules: policy file 'pipe.wr' is not a regular file\n")


# ----------------------------------- 3. `workrules test` reads only the repository's files


@pytest.mark.parametrize(("test_file", "line", "said"), [
    ("reads-outside-data.wrtest.yaml", 4, "data: '../outside/creds.yaml'"),
    ("reads-outside-policy.wrtest.yaml", 2, "policy: '../outside/outside.wr'"),
])  # fmt: skip
def test_a_policy_test_cannot_name_a_file_beside_the_repository(
    top: Path, capsys: pytest.CaptureFixture[str], test_file: str, line: int, said: str
) -> None:
    # A test's data used to be read wherever it was (its values then quoted in the refusal:
    # `unknown field 'AWS_SECRET'`), and its policy too (a parse error quoting its line).
    repo = _repo(top, "policy-tests")
    code, out, err = run(["test", test_file], capsys)
    assert (code, out) == (2, "")
    assert err == (f"workrules: {test_file}:{line}: {said} is outside the repository ({repo}); "
                   "a test names a shipped policy, or files inside its repository\n")


def test_a_policy_test_file_linked_out_of_the_repository_is_refused_unread(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo(top, "repo")
    (top / "outside" / "t.wrtest.yaml").write_text(f"tests: []\n{SECRET}: 1\n", encoding="utf-8")
    (repo / "link.wrtest.yaml").symlink_to(top / "outside" / "t.wrtest.yaml")
    assert run(["test"], capsys) == (
        2, "", f"workrules: link.wrtest.yaml: the test file is a link to a file outside its "
               f"repository ({repo}); name the file itself\n")  # fmt: skip


def test_a_policy_test_file_that_is_a_fifo_is_refused_without_waiting(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo(top, "repo")
    os.mkfifo(repo / "pipe.wrtest.yaml")
    assert run(["test"], capsys) == (
        2, "", "workrules: pipe.wrtest.yaml: is not a regular file (a FIFO, device or socket); "
               "only files are read\n")  # fmt: skip


def test_a_test_naming_a_file_with_a_nul_is_refused_at_its_line_not_a_crash(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _repo(top, "policy-tests")  # exit 70 ("internal error: embedded null byte") before
    assert run(["test", "nul-name.wrtest.yaml"], capsys) == (
        2, "", "workrules: nul-name.wrtest.yaml:4: data: 'rota\\x00.yaml' is not a file name "
               "(it holds a control character, or is longer than any path)\n")  # fmt: skip


def test_a_tests_data_named_dash_is_a_file_never_standard_input(
    top: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    _repo(top, "policy-tests")
    monkeypatch.setattr("sys.stdin", io.StringIO("kind: staff\n"))
    assert run(["test", "stdin.wrtest.yaml"], capsys) == (
        1, "FAIL stdin.wrtest.yaml:4: a file named -\n"
           "    the data was refused: ./-: cannot be read: No such file or directory\n"
           "1 test in 1 file: 1 failed.\n", "")  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.one_of(
    st.sampled_from(["../outside/creds.yaml", "../outside/token.txt", ".git/config", "rota.yaml",
                     "./../repo/rota.yaml", "", ".", "..", "-", "~/x.yaml", "$HOME/x.yaml",
                     "C:\\x.yaml", "\\\\server\\share\\x.yaml"]),
    st.text(max_size=40).map(lambda t: t.replace("\ud800", "")),
    st.text(max_size=10).map(lambda t: "/" + t),
))  # fmt: skip
def test_any_data_name_in_a_test_is_read_inside_or_refused_in_one_line(name: str) -> None:
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        try:
            repo = _repo(Path(folder), "repo")
            (repo / ".git" / "config").write_text(f"[core]\n{SECRET} = 1\n", encoding="utf-8")
            spec = {"tests": [{"name": "t", "data": [name], "expect": []}]}
            (repo / "x.wrtest.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
            code, out, err = _run_here(["test", "x.wrtest.yaml"])
        finally:
            os.chdir(here)
    assert code in (1, 2), (code, err)
    assert SECRET not in out + err and TOKEN not in out + err
    if code == 2:
        assert out == "" and err.count("\n") == 1 and err.startswith("workrules: x.wrtest.yaml:")


def _run_here(argv: list[str]) -> tuple[int, str, str]:
    import contextlib
    import io

    from workrules.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_a_test_report_shows_hostile_names_as_text_and_its_junit_is_xml(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A test's name and expectations were printed as they are: a line of its own starting
    # `::error` (a GitHub workflow command), the terminal's escapes; and the JUnit XML held an
    # ESC, which no XML reader accepts.
    _repo(top, "policy-tests")
    code, out, err = run(["test", "hostile-names.wrtest.yaml", "--junit", "out.xml"], capsys)
    assert (code, out, err) == (1, (HERE / "expected" / "test-report.txt").read_text(), "")
    written = Path("out.xml").read_text(encoding="utf-8")
    assert written == (HERE / "expected" / "test-report.xml").read_text(encoding="utf-8")
    xml.dom.minidom.parseString(written)
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())


# ----------------------------------------- 4. a repository's policy is not the shipped one


def test_a_policy_of_the_repository_cannot_pass_for_the_claim(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # weak.wr calls itself claim-2024: its one rule found nothing, and the report said
    # "0 findings from 1 rule of policy claim-2024", with the SARIF category of the claim.
    _repo(top, "shadow")
    code, out, err = run(["check", "--format", "sarif", "rota.yaml"], capsys)
    assert code == 2
    assert '"id": "workrules/claim-2024/"' not in out
    assert err == (
        "workrules: weak.wr:2:1: this policy calls itself 'claim-2024', the name of a shipped "
        "policy; give a policy of your own a name of its own (policy claim-2024-local), so that "
        "no report passes it off as the shipped one\n"
        "    policy claim-2024 \"The probation unions' workload claim\"\n"
        "    ^\n")  # fmt: skip


def test_a_policy_file_named_like_the_claim_without_a_name_is_refused(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo(top, "shadow")
    text = (repo / "weak.wr").read_text(encoding="utf-8").replace(
        "policy claim-2024 \"The probation unions' workload claim\"\n", "")
    (repo / "claim-2024.wr").write_text(text, encoding="utf-8")
    code, out, err = run(["check", "--no-config", "--policy", "./claim-2024.wr",
                          "staff.yaml", "rota.yaml"], capsys)  # fmt: skip
    assert (code, out) == (2, "")
    assert err == ("workrules: ./claim-2024.wr: this policy file declares no name, so it takes "
                   "'claim-2024' from its file name, the name of a shipped policy; give a "
                   "policy of your own a name of its own (policy claim-2024-local), so that no "
                   "report passes it off as the shipped one\n")


def test_a_policy_of_the_repository_under_its_own_name_runs_as_itself(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo(top, "shadow")
    text = (repo / "weak.wr").read_text(encoding="utf-8")
    (repo / "weak.wr").write_text(text.replace("policy claim-2024 ", "policy claim-2024-local "),
                                  encoding="utf-8")  # fmt: skip
    # (the config's choice of it is listed, as a value set over the default: attack 16; and
    # that it extends no shipped policy: attack round 27, P4)
    code, out, err = run(["check", "--format", "text", "rota.yaml"], capsys)
    assert (code, made_by_masked(out), err) == (
        0, "\nValues set for this run, over the policy's (2):\n  policy claim-2024-local, the "
           "repository's weak.wr (the policy's: the default, claim-2024; set by "
           "workrules.toml:2)\n  extends no shipped policy, so nothing in it is compared with "
           "the claim: compare it with `workrules diff claim-2024 weak.wr` (the policy's: the "
           "default, claim-2024; set by weak.wr:2)\nMade by policy claim-2024-local "
           "sha256:<digest> and workrules <version>, judged as on <today> (the day it ran).\n"
           "0 findings from 1 rule of policy claim-2024-local over 1 file; nothing to "
           "report.\n", "")  # fmt: skip
    code, out, _ = run(["check", "--no-config", "--format", "text", "-q", "staff.yaml",
                        "rota.yaml"], capsys)  # fmt: skip
    assert (code, out.splitlines()[0]) == (
        1, "rota.yaml:5: upw-contact-hours [5c] S1 had 9 h of contact with work groups on "
           "2026-11-27 (U1); the cap is 8 h a day (5c).")  # fmt: skip


# ------------------------------------------------- 5. folders as deep as git can hold them


@pytest.fixture
def deep(top: Path) -> Iterator[Callable[[Path], Path]]:
    """Makes `repo`/a/a/.../a, 1,100 folders down, a step at a time (os.makedirs recurses),
    and takes it down again the same way: shutil.rmtree recurses too, and a tree left in
    pytest's temporary folder would crash the cleanup of a later run."""
    made: list[Path] = []

    def make(repo: Path) -> Path:
        here = os.getcwd()
        os.chdir(repo)
        try:
            for _ in range(1100):
                os.mkdir("a")
                os.chdir("a")
            made.append(repo)
            return Path(os.getcwd())
        finally:
            os.chdir(here)

    yield make
    here = os.getcwd()
    for repo in made:
        os.chdir(repo)
        depth = 0
        while os.path.isdir("a"):
            os.chdir("a")
            depth += 1
        for _ in range(depth):
            for name in os.listdir("."):
                os.unlink(name)
            os.chdir("..")
            os.rmdir("a")
    os.chdir(here)


def test_a_folder_checked_may_be_a_thousand_folders_deep(
    top: Path, capsys: pytest.CaptureFixture[str], deep: Callable[[Path], Path]
) -> None:
    # The walk of `workrules check .` recursed once a folder: 1,100 folders down, Python's
    # recursion gave out (exit 70, "internal error").
    repo = _repo(top, "repo")
    shutil.move(repo / "rota.yaml", deep(repo) / "rota.yaml")
    code, out, err = run(["check", "--format", "text", "-q", "."], capsys)
    assert (code, err) == (1, "")
    assert out.startswith(f"./{'a/' * 1100}rota.yaml:5: upw-contact-hours [5c] S1 had 9 h ")


def test_policy_tests_may_be_a_thousand_folders_deep(
    top: Path, capsys: pytest.CaptureFixture[str], deep: Callable[[Path], Path]
) -> None:
    repo = _repo(top, "policy-tests")
    shutil.move(repo / "nul-name.wrtest.yaml", deep(repo) / "nul-name.wrtest.yaml")
    for name in os.listdir(repo):
        if name.endswith(".wrtest.yaml"):
            os.unlink(repo / name)
    code, out, err = run(["test"], capsys)
    assert (code, out) == (2, "")
    # (the path's folders cut, the file's name whole: session 35)
    assert err == (f"workrules: {'a/' * 30}...(2,139 characters left out).../nul-name.wrtest.yaml:4: "
                   "data: 'rota\\x00.yaml' is not a file name (it holds a control character, or "
                   "is longer than any path)\n")


def _old_data_walk(folder: str, top: str = "", seen: set[str] | None = None) -> list[str]:
    """The recursive walk of `workrules check FOLDER` before review 18, for comparison (since
    session 33 into hidden folders but `.git`, and linked folders that stay inside the folder
    walked, each real folder once)."""
    from workrules.inputs import DATA_SUFFIXES, SHEET_SUFFIXES

    top = top or folder
    seen = {os.path.realpath(folder)} if seen is None else seen
    out: list[str] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        linked = entry.is_symlink() and os.path.isdir(entry.path)
        if entry.is_dir(follow_symlinks=False) or linked:
            real = os.path.realpath(entry.path)
            inside = real == os.path.realpath(top) or real.startswith(
                os.path.realpath(top) + os.sep)  # fmt: skip
            if entry.name != ".git" and (not linked or inside) and real not in seen:
                seen.add(real)
                out.extend(_old_data_walk(entry.path, top, seen))
        elif entry.name.lower().endswith((*DATA_SUFFIXES, *SHEET_SUFFIXES)) and entry.is_file():
            out.append(entry.path)
    return out


def _old_test_walk(folder: str) -> list[str]:
    """How `workrules test FOLDER` found test files before review 18 (os.walk)."""
    from workrules.policy_tests import _SKIP_DIRS, TEST_SUFFIX

    found: list[str] = []
    for at, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        found.extend(os.path.normpath(os.path.join(at, f))
                     for f in sorted(files) if f.endswith(TEST_SUFFIX))  # fmt: skip
    return found


_PART = st.sampled_from(["a", "b", ".h", "node_modules", "B", "a.yaml", "x.wrtest.yaml",
                         "r.csv", "n.md", "z.json"])  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(paths=st.lists(st.lists(_PART, min_size=1, max_size=4), max_size=12),
       links=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=3))
def test_the_walks_find_what_the_recursive_walks_found(paths: list[list[str]],
                                                       links: list[tuple[int, int]]) -> None:
    from workrules.inputs import DATA_SUFFIXES, SHEET_SUFFIXES, _walk
    from workrules.policy_tests import find_test_files

    with tempfile.TemporaryDirectory() as folder:
        made: list[Path] = []
        for parts in paths:
            path = Path(folder, *parts)
            try:
                if parts[-1].count(".") and not parts[-1].startswith("."):
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text("kind: rota\n", encoding="utf-8")
                else:
                    path.mkdir(parents=True, exist_ok=True)
            except OSError:  # a file where a folder is wanted, or the other way round
                continue
            made.append(path)
        for source, target in links:  # links to folders (loops too) and files: not followed
            if source < len(made) and target < len(made):
                link = made[source].parent / f"link{source}{target}"
                if not os.path.lexists(link):
                    link.symlink_to(made[target])
        # (every file since session 34: one of another name is looked at for data misnamed)
        # (by the files reached: the old walk followed a link inside the tree before the folder
        # it links to, and so named `link02/a.yaml` the file the walk names `node_modules/a.yaml`)
        assert sorted(os.path.realpath(p) for p in _walk(folder, []) if p.lower().endswith(
            (*DATA_SUFFIXES, *SHEET_SUFFIXES))) == sorted(
            map(os.path.realpath, _old_data_walk(folder)))  # fmt: skip
        old = _old_test_walk(folder)
        if old:
            assert find_test_files([folder]) == old
        else:
            with pytest.raises(UsageError, match="no policy test files"):
                find_test_files([folder])


# ---------------------------------------------- 6. an indicator's CSV is one line a row


def test_a_region_named_with_a_line_break_stays_on_its_row_of_the_csv() -> None:
    # The region's line break was written into the CSV as it is (a quoted field), so that
    # standard output held a line starting `::error file=staff.yaml,...`, which GitHub
    # Actions obeys as a workflow command in any step's log.
    done = run_workrules("indicators", "staff.yaml", "--period", "2024-Q2", "--by", "region",
                         "--format", "csv", cwd=HERE / "workforce")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (HERE / "expected" / "indicators.csv").read_text(encoding="utf-8")
    assert not any(line.startswith("::") for line in done.stdout.splitlines())


# ----------------------------------------------- 7. extends reads each policy file once


def test_a_tree_of_policies_each_extending_three_is_refused_at_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every way through the tree was followed: 3^10 = 59,049 files read and parsed, and the
    # gate never ended. SECURITY.md promises no unbounded work from `extends`.
    monkeypatch.chdir(HERE / "fanout")
    said = run(["check", "--no-config", "--policy", "top.wr", "rota.yaml", "staff.yaml"], capsys)
    assert said == (2, "", "workrules: l8b.wr:2:1: extends l9a.wr a second time: l8a.wr "
                           "extends it already; a chain extends each policy once\n"
                           '    extends "l9a.wr"\n'
                           "    ^^^^^^^^^^^^^^^^\n")  # fmt: skip


def test_a_policy_extending_the_claim_by_two_ways_is_refused_in_one_line(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _repo(top, "repo")
    (repo / "both.wr").write_text('policy both\nextends "claim-5b-double-staffed"\n'
                                  'extends "claim-2024"\n', encoding="utf-8")  # fmt: skip
    assert run(["check", "--no-config", "--policy", "both.wr", "rota.yaml"], capsys) == (
        2, "", "workrules: both.wr:3:1: extends policies/claim-2024.wr a second time: "
               "policies/claim-5b-double-staffed.wr extends it already; a chain extends each "
               "policy once\n"
               '    extends "claim-2024"\n'
               "    ^^^^^^^^^^^^^^^^^^^^\n")  # fmt: skip


# --------------------------------------- 8. the command, or python -P, imports nothing planted


def test_the_command_and_python_dash_p_import_no_module_of_the_repository(top: Path) -> None:
    # `python -m workrules` puts the current folder first on the import path, and Python's
    # runpy imports contextlib from there before workrules runs (SECURITY.md): the ways the
    # documentation gives, the `workrules` command and `python -P -m workrules`, do not.
    import subprocess
    import sys

    shutil.copytree(HERE / "planted", top / "repo")
    (top / "repo" / ".git").mkdir()
    script = Path(sys.executable).with_name("workrules")
    for argv in ([str(script)], [sys.executable, "-P", "-m", "workrules"]):
        done = subprocess.run([*argv, "check", "--format", "text", "-q", "staff.yaml",
                               "rota.yaml"], cwd=top / "repo", capture_output=True, text=True,
                              check=False)  # fmt: skip
        assert (done.returncode, done.stderr) == (1, ""), argv
        assert done.stdout.startswith("rota.yaml:5: upw-contact-hours [5c] S1 had 9 h ")
        assert not (top / "repo" / "ran-planted-module").exists()


# ----------------------------- 9. a gate reads the policy file as reviewed, not only the config


def test_the_reviewed_config_with_the_pull_requests_policy_file_is_no_gate() -> None:
    # docs/ci.md said the reviewed config's `policy` is read from the pull request's files
    # "as it should be": the pull request added a waiver for everyone to local.wr, which the
    # reviewed config names, and the gate passed. The recipe now passes the reviewed policy.
    gate = HERE / "gate"
    before = run_workrules("check", "-q", "--format", "text", "--config", "base-workrules.toml",
                           "rota.yaml", cwd=gate)  # fmt: skip
    assert (before.returncode, before.stderr) == (0, "")
    assert "[5c] (waived) S1 had 9 h" in before.stdout
    after = run_workrules("check", "-q", "--format", "text", "--config", "base-workrules.toml",
                          "--policy", "./base-local.wr", "rota.yaml", cwd=gate)  # fmt: skip
    assert (after.returncode, after.stdout, after.stderr) == (1, (
        "rota.yaml:5: upw-contact-hours [5c] S1 had 9 h of contact with work groups on "
        "2026-11-27 (U1); the cap is 8 h a day (5c).\n"
        "    error: fails the run\n"
        "    subject S1; 2026-11-27; measured 9 h, limit at most 8 h\n"
        "    evidence U1 (rota.yaml:5)\n"), "")
    page = (Path(__file__).resolve().parents[1] / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "--config base-workrules.toml --policy ./base-local.wr" in page


# --------------------------------------------- 10. -o replaces a repository's link, never through


def test_a_report_file_committed_as_a_link_to_a_pipe_is_replaced_not_written_through(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GitLab's recipe writes `-o workrules.xml` in the checkout. A pull request committed
    # workrules.xml as a link to a pipe outside: the run opened the pipe and waited for a
    # reader for ever (a link to a device would have been written to).
    repo = _repo(top, "repo")
    os.mkfifo(top / "pipe")
    (repo / "workrules.xml").symlink_to(top / "pipe")
    code, out, err = run(["check", "--format", "junit", "-o", "workrules.xml", "--",
                          "staff.yaml", "rota.yaml"], capsys)  # fmt: skip
    # (the log says why the job failed, where the report is: a first hour, round 41)
    assert (code, out) == (1, "")
    assert err.startswith("workrules: ") and err.endswith(" The report is in workrules.xml.\n")
    assert not (repo / "workrules.xml").is_symlink()
    assert (repo / "workrules.xml").read_text(encoding="utf-8").startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="workrules"')
    assert (top / "pipe").is_fifo()


# ------------------------------------------------- 11. a NUL in an extends is a policy error


def test_an_extends_naming_a_file_with_a_nul_is_refused_at_its_line_not_a_crash(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(HERE / "policies")  # exit 70 ("internal error: embedded null byte")
    assert run(["check", "--no-config", "--policy", "nul-extends.wr", "rota.yaml"], capsys) == (
        2, "", "workrules: nul-extends.wr:3:1: extends 'base\\x00.wr': not the name of a file "
               "(it holds a control character)\n"
               '    extends "base\\x00.wr"\n'
               "    ^^^^^^^^^^^^^^^^^^\n")  # fmt: skip
