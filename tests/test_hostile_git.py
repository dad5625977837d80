"""Attack round 32: the checked repository is hostile through git's own files, links and pipes.

Each test copies fixtures/hostile-git/ (its README says what each file shows) into a throw-away
folder, plants there what a pull request commits or an unpacked archive holds (links and FIFOs
are made here: git cannot hold a FIFO), and runs the command line in a fresh process with a
timeout, so that a walk that waits for ever fails the test rather than blocks the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules.textpattern import as_shown

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile-git"
ENGINES = ["python", "columnar"]
TIMEOUT = 60  # seconds: each run takes about one; a hang is a failure, not a blocked suite
GIT = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-c",
       "init.defaultBranch=main"]  # fmt: skip
BREACH = ("rotas/2024/june-rota.yaml:4: upw-group-ratio [5a] U100 on 2024-06-04 had 9 group "
          "members to 1 supervisor (S010); from 2024-06-03 the ratio is at most 1:6 (5a).")
IN_A_TOOLS_FOLDER = ("workrules: rotas/2024/june-rota.yaml: is workrules data in a folder that "
                     "pyvenv.cfg beside it marks as a tool's (a virtual environment or cache), "
                     "which a walk does not enter: move the data out of that folder, or remove "
                     "the marker\n")  # fmt: skip


def _git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """fixtures/hostile-git/repo/ (staff, config, an OK rota in `rotas/`, a 5a breach in
    `rotas/2024/`), not yet a git work tree."""
    work = tmp_path / "repo"
    shutil.copytree(HERE / "repo", work)
    return work


def _check(repo: Path, *argv: str, engine: str = "python",
           stdin: int | None = subprocess.DEVNULL) -> tuple[int, str, str]:  # fmt: skip
    """`workrules check` as CI runs it (standard input /dev/null, standard error a pipe)."""
    done = subprocess.run([sys.executable, "-m", "workrules", "check", "-q", "--today",
                           "2024-07-01", "--engine", engine, *argv], cwd=repo, stdin=stdin,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def _first_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line and not line.startswith(" ")]


@pytest.fixture
def pipe() -> Iterator[int]:
    """The read end of a pipe no one writes to (kept open): what waits for ever if read."""
    read, write = os.pipe()
    yield read
    os.close(read)
    os.close(write)


# ------------------------------------------------ P1: a `CACHEDIR.TAG` that is a link or a FIFO


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("target", ["/proc/self/fd/2", "/dev/stdin"])
def test_a_committed_cachedir_tag_link_to_a_stream_hides_nothing_and_waits_for_nothing(
        repo: Path, pipe: int, target: str, engine: str) -> None:  # fmt: skip
    _git(repo, "init", "-q", ".")
    os.symlink(target, repo / "rotas" / "2024" / "CACHEDIR.TAG")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a pull request")
    code, out, err = _check(repo, "--", "rotas/", engine=engine, stdin=pipe)
    assert (code, err) == (1, "")
    assert _first_lines(out) == [BREACH]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_fifo_named_cachedir_tag_in_an_unpacked_archive_is_no_marker(
        repo: Path, engine: str) -> None:  # fmt: skip
    os.mkfifo(repo / "rotas" / "2024" / "CACHEDIR.TAG")
    code, out, err = _check(repo, "--", "rotas/", engine=engine)
    assert (code, err) == (1, "")
    assert _first_lines(out) == [BREACH]


def test_a_real_cache_folder_is_still_passed_over_and_named(repo: Path) -> None:
    cache = repo / "rotas" / ".pytest_cache"
    (cache / "v").mkdir(parents=True)
    (cache / "CACHEDIR.TAG").write_bytes(
        b"Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag.\n")
    (cache / "v" / "bad.yaml").write_text("kind: rota\nbroken: [\n")
    (repo / "rotas" / "2024" / "june-rota.yaml").unlink()
    done = subprocess.run([sys.executable, "-m", "workrules", "check", "--today", "2024-07-01",
                           "--", "rotas/"], cwd=repo, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)  # fmt: skip
    assert done.returncode == 0
    assert done.stderr == (
        "workrules: did not walk 1 folder: a virtual environment or cache, or a link leading "
        "out of the folder walked or the repository (first: rotas/.pytest_cache/)\n")


@pytest.mark.parametrize("record", ["history", "python-3.12.0-h1.json"])
def test_a_conda_environment_is_passed_over_by_its_history_or_a_package_record(
        repo: Path, record: str) -> None:  # fmt: skip
    """pixi's environments (and conda-pack's, repo2docker's) keep package records but no
    `history`: walked, a package's example rota was read as the repository's (the review of
    session 52, P4)."""
    env = repo / "rotas" / ".pixi" / "envs" / "default"
    (env / "conda-meta").mkdir(parents=True)
    (env / "conda-meta" / record).write_text('{"name": "python", "version": "3.12.0"}\n')
    examples = env / "lib" / "python3.12" / "site-packages" / "pkg" / "examples"
    examples.mkdir(parents=True)
    (examples / "bad.yaml").write_text("kind: rota\nbroken: [\n")
    (repo / "rotas" / "2024" / "june-rota.yaml").unlink()
    done = subprocess.run([sys.executable, "-m", "workrules", "check", "--today", "2024-07-01",
                           "--", "rotas/"], cwd=repo, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "workrules: did not walk 1 folder: a virtual environment or cache, or a link leading "
        "out of the folder walked or the repository (first: rotas/.pixi/envs/default/)\n")


# ------------------------------------------ P3: git's index as a FIFO, or a link to a device


@pytest.mark.parametrize("index", ["fifo", "/dev/zero", "/proc/self/fd/0"])
def test_an_index_that_is_no_regular_file_is_not_read_and_waits_for_nothing(
        repo: Path, pipe: int, index: str) -> None:  # fmt: skip
    # an unpacked archive: a `.git` folder, a virtual environment's folders beside a rota
    (repo / ".git").mkdir()
    if index == "fifo":
        os.mkfifo(repo / ".git" / "index")
    else:
        os.symlink(index, repo / ".git" / "index")
    venv = repo / "rotas" / "2024"
    (venv / "lib" / "python3.12" / "site-packages").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("")
    code, out, err = _check(repo, "--", "rotas/", stdin=pipe)
    assert (code, out, err) == (2, "", IN_A_TOOLS_FOLDER)


# ------------------------------------------------- P2: LFS pointers in git-lfs's older spellings


@pytest.mark.parametrize(("pointer", "name"), [("hawser-pointer", "rotas/june-rota.yaml"),
                                               ("git-media-pointer", "jd/spo-courts.md")])
def test_an_lfs_pointer_in_an_older_spelling_is_refused(
        repo: Path, pointer: str, name: str) -> None:  # fmt: skip
    _git(repo, "init", "-q", ".")
    shutil.copy(HERE / "lfs" / "gitattributes", repo / ".gitattributes")
    shutil.rmtree(repo / "rotas" / "2024")
    (repo / name).parent.mkdir(exist_ok=True)
    shutil.copy(HERE / "lfs" / pointer, repo / name)
    _git(repo, "add", "-A")
    code, out, err = _check(repo, "--", ".")
    assert (code, out) == (2, "")
    assert err == (f"workrules: ./{name}:1: is a Git LFS pointer, not the file it stands for: "
                   "fetch the files (git lfs pull, or `lfs: true` in actions/checkout) before "
                   "checking\n")  # fmt: skip


def test_an_lfs_pointer_not_named_as_data_is_named_as_a_pointer(repo: Path) -> None:
    shutil.rmtree(repo / "rotas" / "2024")
    (repo / "notes").mkdir()
    shutil.copy(HERE / "lfs" / "git-media-pointer", repo / "notes" / "minutes.yaml")
    done = subprocess.run([sys.executable, "-m", "workrules", "check", "--today", "2024-07-01",
                           "--", "."], cwd=repo, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=TIMEOUT, check=False)  # fmt: skip
    assert done.returncode == 0
    assert ("workrules: did not read 1 Git LFS pointer, not the file it stands for (first: "
            "./notes/minutes.yaml): fetch the files (git lfs pull, or `lfs: true` in "
            "actions/checkout) before checking\n") in done.stderr


# ------------------------------------------------------------ P4: `-o` through a link into .git


@pytest.mark.parametrize(("link", "target", "output"), [
    ("reports", ".git", "reports/workrules.sarif"),
    ("hooks", ".git/hooks", "hooks/post-checkout"),
    (None, None, ".git/workrules.sarif")])  # fmt: skip
def test_a_report_is_never_written_into_git_s_folder(
        repo: Path, link: str | None, target: str | None, output: str) -> None:  # fmt: skip
    _git(repo, "init", "-q", ".")
    if link is not None and target is not None:
        os.symlink(target, repo / link)
    _git(repo, "add", "-A")
    before = sorted(p.name for p in (repo / ".git").rglob("*"))
    code, out, err = _check(repo, "--format", "sarif", "-o", output, "--",
                            "rotas/2024/june-rota.yaml")  # fmt: skip
    folder = os.path.dirname(output)
    assert (code, out) == (2, "")
    assert err == (f"workrules: {output}: the folder {folder} is git's own folder (.git), or "
                   "leads there through a link: workrules writes no report into it; name a "
                   "folder of the work tree\n")  # fmt: skip
    assert sorted(p.name for p in (repo / ".git").rglob("*")) == before


# ---------------------------- P5: a marker alone hides nothing where git's index cannot say


@pytest.mark.parametrize("engine", ENGINES)
def test_an_empty_pyvenv_cfg_hides_no_rota_in_a_linked_worktree(
        tmp_path: Path, repo: Path, engine: str) -> None:  # fmt: skip
    (repo / "rotas" / "2024" / "pyvenv.cfg").write_text("")
    _git(repo, "init", "-q", ".")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a pull request")
    _git(repo, "worktree", "add", "-q", str(tmp_path / "wt"))
    code, out, err = _check(tmp_path / "wt", "--", "rotas/", engine=engine)
    assert (code, err) == (1, "")
    assert _first_lines(out) == [BREACH]


def test_a_virtual_environment_with_a_rota_beside_its_marker_is_refused(
        tmp_path: Path, repo: Path) -> None:  # fmt: skip
    # the marker and the folders that prove a virtual environment, all committed, in a
    # worktree (git's index unread): the rota beside them is said, never passed over
    venv = repo / "rotas" / "2024"
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (venv / "bin").mkdir()
    os.symlink("/usr/bin/python3", venv / "bin" / "python")
    _git(repo, "init", "-q", ".")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a pull request")
    _git(repo, "worktree", "add", "-q", str(tmp_path / "wt"))
    assert _check(tmp_path / "wt", "--", "rotas/") == (2, "", IN_A_TOOLS_FOLDER)


# ------------------------------------ P6: a span in the digits of another script, in JD text


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("script", ["arabic", "devanagari"])
def test_a_span_written_in_another_script_s_digits_is_read_as_its_number(
        tmp_path: Path, script: str, engine: str) -> None:  # fmt: skip
    shutil.copytree(HERE / "jd", tmp_path / "jd")
    code, out, err = _check(tmp_path / "jd", "--", f"spo-{script}.md", engine=engine)
    assert (code, err) == (1, "")
    assert _first_lines(out) == [
        f"spo-{script}.md:6: jd-span-text-larger [9] spo-{script}.md (Senior Probation Officer) "
        "states a span of control of 6, but its text gives the post 12 staff to manage; correct "
        "one of them (9).", "Values set for this run, over the policy's (1):"]


# the zeros of the scripts whose digits Unicode gives as decimal (Nd), a sample of each kind
_ZEROS = [0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xBE6, 0xE50, 0xFF10, 0x1D7CE, 0x1D7EC]


@given(st.sampled_from(_ZEROS), st.integers(min_value=0, max_value=10_000))
def test_digits_of_any_script_in_text_read_as_the_number_they_write(zero: int, n: int) -> None:
    written = "".join(chr(zero + int(d)) for d in str(n))
    assert as_shown(f"The post holder line manages {written} probation officers") == (
        f"The post holder line manages {n} probation officers")
