"""What a hostile repository, or a shared cache folder, cannot make workrules do (issue 10).

The repository workrules checks (its workrules.toml, its .wr files, its data) may be written by
an attacker: pre-commit runs workrules on contributors' machines, CI on pull requests. Each
test plants what an attacker would and asserts the exact refusal, or that nothing happened.
SECURITY.md says what is trusted and what is not.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import signal
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ci_gate import run  # main() in-process: (exit code, stdout, stderr)

from workrules import ast_cache
from workrules.api import check
from workrules.config import find_config, read_config
from workrules.errors import UsageError
from workrules.parse import parse_policy
from workrules.policy import load_policy, parse_cached

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
JD = FIXTURES / "jd-repo" / "job-descriptions" / "case-administrator.md"
STAFF = FIXTURES / "example" / "staff.yaml"
SHIPPED = "claim-2024, claim-5b-double-staffed, employer-current"
SMALL = "param x: count = 1\nrule r\n    for each timesheet\n    require hours_worked <= 99 h\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checked repository (a git work tree) with one job description, as the current
    directory; beside it, outside the repository, a file no policy may read."""
    top = tmp_path / "repo"
    (top / ".git").mkdir(parents=True)
    shutil.copy(JD, top / "case-administrator.md")
    (tmp_path / "secret.wr").write_text("hunter2 = 1\n", encoding="utf-8")
    monkeypatch.chdir(top)
    return top.resolve()  # as messages name it


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail, rather than hang the suite, when something blocks or loops for ever."""

    def expire(*_: object) -> None:  # pytest.fail, not an OSError, which glob would swallow
        pytest.fail("took more than 20 s: it blocked or looped")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# ------------------------------------------------------------------------ 1. the policy cache


def _entry(folder: Path, text: str = SMALL, name: str = "p.wr") -> Path:
    """The cache file that a parse of `text` writes (parsing it once to find out)."""
    parse_cached(text, name, cache=True)
    (entry,) = folder.glob("policy-*.json")
    return entry


class _RunsCode:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (self.marker,)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WORKRULES_CACHE_DIR", str(folder))
    monkeypatch.delenv("WORKRULES_NO_CACHE", raising=False)
    return folder


def test_a_planted_pickle_in_the_cache_never_runs(cache: Path, tmp_path: Path) -> None:
    entry = _entry(cache)
    marker = tmp_path / "ran"
    payload = pickle.dumps(_RunsCode(str(marker)))
    entry.write_bytes(payload)
    entry.with_suffix(".pickle").write_bytes(payload)  # where the old cache kept it
    assert parse_cached(SMALL, "p.wr", cache=True) == parse_policy(SMALL, "p.wr")
    assert not marker.exists()


@pytest.mark.parametrize(
    "planted",
    [b"", b"\xff\xfe\x00garbage", b"[", b"[" * 100_000, b'{"PolicyFile": 1}', b'["Nope", 1]',
     b'["PolicyFile", "p.wr"]', b'["Pos", "p.wr", 1, 1, 1]', b'["@", "2024-02-30"]', b"NaN",
     b'["PolicyFile", "p.wr", "", "", ["", ["", "x", ["Pos", "p.wr", 1, 1, 1]]], ["", 7], '
     b'["", ], ["", ]]'],
    ids=["empty", "not-utf-8", "truncated", "deeply-nested", "an-object", "unknown-class",
         "too-few-fields", "not-a-policy", "impossible-date", "a-number", "bad-json"],
)
def test_a_corrupt_cache_entry_is_a_miss(cache: Path, planted: bytes) -> None:
    entry = _entry(cache)
    entry.write_bytes(planted)
    assert parse_cached(SMALL, "p.wr", cache=True) == parse_policy(SMALL, "p.wr")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
    | st.sampled_from(["", "@", "PolicyFile", "Pos", "Num", "Rule"]),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values)
def test_any_json_in_a_cache_entry_is_a_miss_or_the_same_ast(cache: Path, value: object) -> None:
    entry = _entry(cache)
    entry.write_text(json.dumps(value), encoding="utf-8")
    assert parse_cached(SMALL, "p.wr", cache=True) == parse_policy(SMALL, "p.wr")


def test_the_cache_folder_is_created_private(cache: Path) -> None:
    _entry(cache)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


@pytest.mark.parametrize("whose", ["group-writable", "world-writable", "someone-else's"])
def test_a_cache_folder_others_can_write_is_not_used(
    cache: Path, whose: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.mkdir()
    planted = _RunsCode(str(cache / "ran"))
    if whose == "someone-else's":
        uid = cache.stat().st_uid
        monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    else:
        cache.chmod(0o770 if whose == "group-writable" else 0o707)
    # An entry planted there is not read, and nothing is written there.
    for name in ("policy-0.json", "policy-0.pickle"):
        (cache / name).write_bytes(pickle.dumps(planted))
    assert parse_cached(SMALL, "p.wr", cache=True) == parse_policy(SMALL, "p.wr")
    assert sorted(p.name for p in cache.iterdir()) == ["policy-0.json", "policy-0.pickle"]


def test_a_planted_symlink_in_the_cache_is_replaced_not_written_through(
    cache: Path, tmp_path: Path
) -> None:
    entry = _entry(cache)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    entry.unlink()
    entry.symlink_to(victim)
    assert parse_cached(SMALL, "p.wr", cache=True) == parse_policy(SMALL, "p.wr")
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not entry.is_symlink() and entry.is_file()
    assert [p.name for p in cache.iterdir()] == [entry.name]  # no temporary file left


def test_a_fifo_in_the_cache_does_not_block(cache: Path, deadline: None) -> None:
    entry = _entry(cache)
    entry.unlink()
    os.mkfifo(entry)
    assert parse_cached(SMALL, "p.wr", cache=True) == parse_policy(SMALL, "p.wr")


def test_no_cache_turns_the_cache_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKRULES_NO_CACHE", "1")
    parse_cached(SMALL, "p.wr", cache=True)
    assert not cache.exists()


def test_the_cache_is_the_command_lines_choice_and_off_for_library_callers(
    cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from workrules import policy

    # A library caller starts with it off; main() turns it on.
    monkeypatch.setattr(policy, "_USE_CACHE", False)
    load_policy("claim-2024")
    assert not cache.exists()
    assert run(["rules"], capsys)[0] == 0
    assert len(list(cache.glob("policy-*.json"))) == 1


def test_an_entry_altered_after_it_was_written_is_a_miss(cache: Path) -> None:
    # Valid JSON of a valid AST that says something else (a limit of 5 h for 99 h): someone
    # who can write the folder cannot make it stand, with its old MAC or with none.
    entry = _entry(cache)
    raw = entry.read_bytes()
    mac, data = raw[:ast_cache.KEY_BYTES], raw[ast_cache.KEY_BYTES:]
    assert b"99" in data and json.loads(data)
    altered = data.replace(b"99", b"5")
    assert ast_cache.decode(json.loads(altered)) != parse_policy(SMALL, "p.wr")
    for planted in (mac + altered, altered):
        entry.write_bytes(planted)
        assert ast_cache.load(str(cache), entry.name) is None
        assert parse_cached(SMALL, "p.wr", cache=True) == parse_policy(SMALL, "p.wr")


def test_an_entry_of_another_policy_or_another_key_is_a_miss(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = _entry(cache)
    other = _entry_of(cache, SMALL.replace("99", "5"), entry)
    other.replace(entry)  # a genuine entry, moved to another policy's name
    assert ast_cache.load(str(cache), entry.name) is None
    entry = _entry(cache)
    assert ast_cache.load(str(cache), entry.name) == parse_policy(SMALL, "p.wr")
    # A cache restored on a fresh CI runner (a key of its own) never applies there.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "new-runner"))
    assert ast_cache.load(str(cache), entry.name) is None


def _entry_of(folder: Path, text: str, besides: Path) -> Path:
    parse_cached(text, "p.wr", cache=True)
    (entry,) = (p for p in folder.glob("policy-*.json") if p != besides)
    return entry


def test_the_cache_key_is_private_and_outside_the_cache(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    _entry(cache)
    key = tmp_path / "state" / "workrules" / "cache-key"
    assert ast_cache.key_path() == str(key)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and key.stat().st_size == 32
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert not any(p.name == "cache-key" for p in cache.rglob("*"))


@pytest.mark.parametrize("how", ["readable-by-others", "a-symlink", "too-short", "a-folder",
                                 "folder-others-can-write", "cannot-be-made"])
def test_without_a_key_that_is_safe_there_is_no_cache(
    cache: Path, tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    folder, key = state / "workrules", state / "workrules" / "cache-key"
    folder.mkdir(parents=True, mode=0o700)
    if how == "readable-by-others":
        key.write_bytes(os.urandom(32))
        key.chmod(0o644)
    elif how == "a-symlink":
        (tmp_path / "elsewhere").write_bytes(os.urandom(32))
        (tmp_path / "elsewhere").chmod(0o600)
        key.symlink_to(tmp_path / "elsewhere")
    elif how == "too-short":
        key.write_bytes(b"x")
        key.chmod(0o600)
    elif how == "a-folder":
        key.mkdir()
    elif how == "folder-others-can-write":
        folder.chmod(0o777)
    else:
        shutil.rmtree(state)
        state.write_text("a file where the folder should be\n", encoding="utf-8")
    assert parse_cached(SMALL, "p.wr", cache=True) == parse_policy(SMALL, "p.wr")
    assert list(cache.glob("policy-*")) == []


def test_an_ast_from_the_cache_that_fails_is_parsed_afresh(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workrules import policy

    monkeypatch.setattr(policy, "_USE_CACHE", True)
    path = tmp_path / "p.wr"
    path.write_text(SMALL, encoding="utf-8")
    load_policy(path)  # cached
    real = ast_cache.load

    def wrong_types(folder: str, name: str) -> object:  # as an entry with type "bogus" gave
        pf = real(folder, name)
        return pf and attrs.evolve(pf, params=tuple(
            attrs.evolve(p, type="bogus") for p in pf.params))  # fmt: skip

    monkeypatch.setattr(ast_cache, "load", wrong_types)
    assert load_policy(path).params["x"].type == "count"


# ------------------------------------------------ 2. a config or policy cannot print any file


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('policy = "/proc/self/environ"\n',
         "workrules.toml:1: policy '/proc/self/environ' is not a policy file: a policy file's "
         "name ends in .wr"),
        ('policy = "../secret.wr"\n',
         "workrules.toml:1: policy '../secret.wr' is outside the repository ({repo}): a config "
         "names a shipped policy or a .wr file inside its repository"),
        ('policy = "../../../../../../../../etc/passwd"\n',
         "workrules.toml:1: policy '../../../../../../../../etc/passwd' is not a policy file: a "
         "policy file's name ends in .wr"),
    ],
    ids=["proc-environ", "outside-the-repository", "dot-dot-to-etc"],
)
def test_a_config_cannot_name_a_file_outside_the_repository_as_its_policy(
    repo: Path, config: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "workrules.toml").write_text(config, encoding="utf-8")
    code, out, err = run(["check", "case-administrator.md"], capsys)
    assert (code, out, err) == (2, "", f"workrules: {expected.format(repo=repo)}\n")


@pytest.mark.parametrize(
    ("extends", "reason"),
    [
        ("../secret.wr", "extends '../secret.wr': a policy may extend only a shipped policy or a "
                         ".wr file inside its own repository ({repo})"),
        ("/proc/self/environ", "policy '/proc/self/environ' is not a policy file: a policy "
                               "file's name ends in .wr"),
        ("./inside.wr", "extends './inside.wr': a policy may extend only a shipped policy or a "
                        ".wr file inside its own repository ({repo})"),
        ("./notes.txt", "policy './notes.txt' is not a policy file: a policy file's name ends "
                        "in .wr"),
    ],
    ids=["dot-dot", "proc-environ", "symlink-out-of-the-repository", "not-a-wr-file"],
)
def test_extends_reads_only_wr_files_inside_the_repository_and_echoes_no_other_file(
    repo: Path, extends: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "inside.wr").symlink_to(repo.parent / "secret.wr")
    (repo / "notes.txt").write_text("hunter2 = 1\n", encoding="utf-8")
    line = f'extends "{extends}"'
    (repo / "p.wr").write_text(line + "\n", encoding="utf-8")
    code, out, err = run(["check", "--policy", "p.wr", "case-administrator.md"], capsys)
    assert (code, out) == (2, "")
    assert err == (f"workrules: p.wr:1:1: {reason.format(repo=repo)}\n    {line}\n"
                   f"    {'^' * len(line)}\n")
    assert "hunter2" not in err


def test_a_policy_named_on_the_command_line_must_be_a_wr_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", "--policy", "/etc/passwd", "case-administrator.md"], capsys)
    assert (code, out, err) == (2, "", "workrules: policy '/etc/passwd' is not a policy file: a "
                                       "policy file's name ends in .wr\n")


def test_a_policy_named_in_ci_cannot_be_swapped_for_a_link_out_of_the_repository(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The workflow says --policy local.wr; the pull request turned local.wr into a symlink.
    (repo / "local.wr").symlink_to(repo.parent / "secret.wr")
    code, out, err = run(["check", "--policy", "local.wr", "case-administrator.md"], capsys)
    assert (code, out, err) == (2, "", f"workrules: policy 'local.wr' is a link to a file "
                                       f"outside its repository ({repo}); name the file itself\n")


def test_a_policy_file_that_is_a_fifo_is_refused_without_blocking(
    repo: Path, capsys: pytest.CaptureFixture[str], deadline: None
) -> None:
    os.mkfifo(repo / "pipe.wr")
    code, out, err = run(["check", "--policy", "pipe.wr", "case-administrator.md"], capsys)
    assert (code, out, err) == (2, "", "workrules: policy file 'pipe.wr' is not a regular file\n")


# ------------------------------------------- 3. a local file never replaces a shipped policy


def test_a_local_file_named_like_a_shipped_policy_is_not_read(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = [run(argv, capsys)[:2] for argv in (
        ["check", "case-administrator.md"],
        ["check", "--policy", "claim-2024", "case-administrator.md"],
        ["check", "--policy", "claim-5b-double-staffed", "case-administrator.md"],
    )]  # fmt: skip
    assert re.search(r"\n0 findings from [1-9][0-9]* rules of policy claim-2024 over 1 file; "
                     r"nothing to report\.\n$", clean[0][1]), clean[0][1]
    for name in ("claim-2024", "claim-5b-double-staffed"):
        (repo / name).write_text('policy "hijacked"\n', encoding="utf-8")
    planted = [run(argv, capsys)[:2] for argv in (
        ["check", "case-administrator.md"],
        ["check", "--policy", "claim-2024", "case-administrator.md"],
        ["check", "--policy", "claim-5b-double-staffed", "case-administrator.md"],
    )]  # fmt: skip
    (repo / "workrules.toml").write_text('policy = "claim-2024"\n', encoding="utf-8")
    planted.append(run(["check", "case-administrator.md"], capsys)[:2])
    assert planted == [*clean, clean[1]]


def test_a_local_policy_file_is_named_by_its_path(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "local").write_text(SMALL, encoding="utf-8")
    code, out, err = run(["check", "--policy", "local", "case-administrator.md"], capsys)
    assert (code, out) == (2, "")
    assert err == (f"workrules: policy 'local' is not a shipped policy; shipped: {SHIPPED}; a "
                   "policy file is named by a path ending in .wr, such as ./local.wr\n")
    (repo / "local.wr").write_text(SMALL, encoding="utf-8")
    code, out, err = run(["check", "--policy", "./local.wr", "case-administrator.md"], capsys)
    assert (code, err) == (0, "")
    assert "of policy local over 1 file; nothing to report.\n" in out


def test_a_policy_with_no_rules_is_refused_rather_than_passing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "empty.wr").write_text("param x: count = 1\n", encoding="utf-8")
    code, out, err = run(["check", "--policy", "./empty.wr", "case-administrator.md"], capsys)
    assert (code, out, err) == (2, "", "workrules: ./empty.wr: policy empty has no rules, so it "
                                       "would check nothing\n")
    with pytest.raises(UsageError, match=re.escape("policy empty has no rules, so it would "
                                                   "check nothing")):
        check([str(JD)], policy="empty.wr")


# ----------------------------------------------- 4. the config search stays in the repository


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home" / "me"
    folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    return folder


def _config(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "workrules.toml"
    path.write_text('fail-on = "never"\n', encoding="utf-8")
    return path


def _found(start: Path, monkeypatch: pytest.MonkeyPatch) -> str | None:
    start.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(start)
    config = find_config(".")
    return None if config is None else str(Path(config.file).resolve())


def test_a_config_planted_above_a_folder_outside_git_and_home_is_not_used(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(tmp_path / "shared")  # a /tmp/workrules.toml another user wrote
    assert _found(tmp_path / "shared" / "work" / "deep", monkeypatch) is None
    assert _found(tmp_path / "shared", monkeypatch) == str(tmp_path / "shared" / "workrules.toml")


def test_the_config_search_stops_at_home(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(tmp_path / "home")  # above home: never
    assert _found(home / "project" / "sub", monkeypatch) is None
    mine = _config(home / "project")
    assert _found(home / "project" / "sub", monkeypatch) == str(mine)


def test_the_config_search_stops_at_the_top_of_the_repository(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(tmp_path / "outer")
    (tmp_path / "outer" / "repo" / ".git").mkdir(parents=True)
    assert _found(tmp_path / "outer" / "repo" / "sub", monkeypatch) is None
    inner = _config(tmp_path / "outer" / "repo")
    assert _found(tmp_path / "outer" / "repo" / "sub", monkeypatch) == str(inner)


# ------------------------------------------------------------- 5. -o never destroys an input


@pytest.mark.parametrize(
    ("argv", "output"),
    [
        (["check", "rota.yaml", "staff.yaml", "-o", "rota.yaml"], "rota.yaml"),
        (["check", "rota.yaml", "staff.yaml", "-o", "hardlink.yaml"], "hardlink.yaml"),
        (["check", "rota.yaml", "staff.yaml", "--policy", "p.wr", "-o", "base.wr"], "base.wr"),
        (["check", "rota.yaml", "-o", "workrules.toml"], "workrules.toml"),
        (["check", "rota.yaml", "-o", "staff.yaml"], "staff.yaml"),
        (["render", "p.wr", "-o", "p.wr"], "p.wr"),
        (["diff", "claim-2024", "p.wr", "-o", "p.wr"], "p.wr"),
        (["diff", "claim-2024", "p.wr", "--data", "rota.yaml", "staff.yaml", "-o", "staff.yaml"],
         "staff.yaml"),
    ],
    ids=["the-rota", "a-hard-link-to-the-rota", "a-base-policy", "the-config",
         "config-data", "render-its-policy", "diff-its-policy", "diff-its-data"],
)
def test_output_over_an_input_is_refused_and_the_input_kept(
    repo: Path, argv: list[str], output: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("rota.yaml", "staff.yaml"):
        shutil.copy(FIXTURES / "example" / name, repo / name)
    os.link(repo / "rota.yaml", repo / "hardlink.yaml")
    (repo / "base.wr").write_text('extends "claim-2024"\nparam y: count = 1\n', encoding="utf-8")
    (repo / "p.wr").write_text('extends "base.wr"\n', encoding="utf-8")
    (repo / "workrules.toml").write_text('data = ["staff.yaml"]\n', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in repo.iterdir() if p.is_file()}
    code, out, err = run(argv, capsys)
    assert (code, out, err) == (2, "", f"workrules: {output}: -o would overwrite a file this "
                                       "command reads; write the output to another file\n")
    assert {p.name: p.read_bytes() for p in repo.iterdir() if p.is_file()} == before


def test_output_is_written_whole_through_a_new_file(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (repo / "report.txt").symlink_to(victim)
    code, out, err = run(["check", "case-administrator.md", "--format", "text", "-o",
                          "report.txt"], capsys)  # fmt: skip
    assert (code, out, err) == (0, "", "")
    assert victim.read_text(encoding="utf-8") == "keep me\n"  # the link is replaced
    assert (repo / "report.txt").read_text(encoding="utf-8").endswith("nothing to report.\n")
    assert sorted(p.name for p in repo.iterdir()) == [".git", "case-administrator.md",
                                                      "report.txt"]
    assert run(["check", "case-administrator.md", "-o", os.devnull], capsys) == (0, "", "")


# ----------------------------------------------------------------- 6. config data globs


def test_data_globs_skip_symlink_loops_fifos_and_folders_outside(
    repo: Path, tmp_path: Path, deadline: None
) -> None:
    staff = repo / "people" / "staff.yaml"
    staff.parent.mkdir()
    shutil.copy(STAFF, staff)
    (repo / "loop-a").symlink_to(repo / "loop-b")
    (repo / "loop-b").symlink_to(repo / "loop-a")
    (repo / "people" / "back").symlink_to(repo / "people")
    (repo / "elsewhere").symlink_to(tmp_path)  # outside the repository
    shutil.copy(STAFF, tmp_path / "outside.yaml")
    os.mkfifo(repo / "people" / "pipe.yaml")
    (repo / "people" / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    (repo / "workrules.toml").write_text('data = ["**/*.yaml"]\n', encoding="utf-8")
    assert read_config("workrules.toml").data == ("people/staff.yaml",)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("/**/x", "is outside the repository ({repo})"),
        ("../*.wr", "is outside the repository ({repo})"),
        ("../secret.wr", "is outside the repository ({repo})"),
        ("pipe.yaml", "is not a regular file"),
        ("/dev/stdin", "is outside the repository ({repo})"),
    ],
    ids=["the-whole-filesystem", "glob-above-the-repository", "file-above-the-repository",
         "a-fifo", "stdin"],
)
def test_data_outside_the_repository_or_not_a_file_is_refused(
    repo: Path, pattern: str, reason: str, capsys: pytest.CaptureFixture[str], deadline: None
) -> None:
    os.mkfifo(repo / "pipe.yaml")
    (repo / "workrules.toml").write_text(f'data = ["{pattern}"]\n', encoding="utf-8")
    code, out, err = run(["check", "case-administrator.md"], capsys)
    assert (code, out, err) == (
        2, "", f"workrules: workrules.toml:1: data: '{pattern}' {reason.format(repo=repo)}\n")


# ----------------------------------------------------------------------- 7. extends cycles


@pytest.mark.parametrize(
    ("files", "named", "expected"),
    [
        ({"self.wr": "./self.wr"}, "self.wr",
         "self.wr:1:1: extends goes round in a cycle: self.wr -> self.wr"),
        ({"a.wr": "b.wr", "b.wr": "a.wr"}, "./a.wr",
         "b.wr:1:1: extends goes round in a cycle: ./a.wr -> b.wr -> ./a.wr"),
        ({f"p{i}.wr": f"p{i + 1}.wr" for i in range(40)}, "p0.wr",
         "p15.wr:1:1: extends goes deeper than 16 policies: p0.wr -> p1.wr -> ... -> p14.wr "
         "-> p15.wr -> p16.wr"),
    ],
    ids=["itself", "two-files", "too-deep"],
)
def test_an_extends_cycle_or_a_chain_too_deep_is_refused_in_one_line(
    repo: Path, cache: Path, files: dict[str, str], named: str, expected: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, base in files.items():
        (repo / name).write_text(f'extends "{base}"\n', encoding="utf-8")
    code, out, err = run(["check", "--policy", named, "case-administrator.md"], capsys)
    assert (code, out) == (2, "")
    reason, source, caret = err.splitlines()
    assert reason == f"workrules: {expected}"
    assert source.startswith('    extends "') and caret.strip() == "^" * len(source.strip())
    assert len(list(cache.glob("policy-*.json"))) <= min(len(files), 16)


# ---------------------------------------------------------- 8. a bad [set] value in a config


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('fail-on = "warning"\n[set]\nsfo_open_reviews_max = "abc"\n',
         "workrules.toml:3: set sfo_open_reviews_max=abc: abc is not a value for "
         "sfo_open_reviews_max, which is a whole number"),
        ('[set]\npta_learners_max = 2\nspan_of_control_maxx = { SPO = 6 }\n',
         "workrules.toml:3: set span_of_control_maxx[SPO]=6: there is no parameter "
         "'span_of_control_maxx' (did you mean 'span_of_control_max'?)"),
    ],
    ids=["not-a-number", "misspelt-parameter"],
)
def test_a_bad_set_value_in_a_config_is_reported_at_its_line(
    repo: Path, text: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "workrules.toml").write_text(text, encoding="utf-8")
    assert run(["check", "case-administrator.md"], capsys) == (2, "", f"workrules: {expected}\n")


# --------------------------------------------------------------------------- 9. SECURITY.md


def test_security_policy_states_what_is_trusted_and_how_to_report() -> None:
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    for heading in ("## What workrules trusts", "## What workrules does not trust",
                    "## The policy cache", "## Reporting a problem"):  # fmt: skip
        assert f"\n{heading}\n" in text
    config_doc = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    for variable in ("WORKRULES_CACHE_DIR", "WORKRULES_NO_CACHE"):
        assert variable in text and variable in config_doc


# ------------------------------------------------ 8. data files named on the command line


def test_a_data_file_that_links_out_of_the_repository_is_refused_unread(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # CI passes $(git ls-files '*.yaml'): the pull request turned staff.yaml into a symlink.
    (tmp_path / "outside.yaml").write_text(
        "kind: staff\nstaff:\n  - {id: TOKEN_s3cr3t, grade: 'P!O'}\n", encoding="utf-8")
    (repo / "staff.yaml").symlink_to(tmp_path / "outside.yaml")
    (repo / "linked").symlink_to(tmp_path)  # a linked folder leads out as well
    for name in ("staff.yaml", "linked/outside.yaml"):
        code, out, err = run(["check", name], capsys)
        assert (code, out, err) == (2, "", f"workrules: {name}: is a link to a file outside "
                                           f"its repository ({repo}); name the file itself\n")


def test_a_link_inside_the_repository_or_a_path_outside_any_is_read(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(STAFF, repo / "staff.yaml")
    (repo / "people.yaml").symlink_to(repo / "staff.yaml")
    assert run(["check", "people.yaml"], capsys)[0] == 0
    outside = tmp_path / "mine"  # the user's own file, named explicitly, outside any repository
    outside.mkdir()
    shutil.copy(STAFF, outside / "staff.yaml")
    (outside / "link.yaml").symlink_to(outside / "staff.yaml")
    assert run(["check", str(outside / "link.yaml")], capsys)[0] == 0


@pytest.mark.parametrize("make", ["fifo", "link-to-fifo", "device"])
def test_a_data_file_that_is_not_a_regular_file_is_refused_without_blocking(
    repo: Path, make: str, capsys: pytest.CaptureFixture[str], deadline: None
) -> None:
    if make == "device":
        name = "/dev/zero"
    else:
        os.mkfifo(repo / "pipe.yaml")
        name = "pipe.yaml"
        if make == "link-to-fifo":
            (repo / "via.yaml").symlink_to(repo / "pipe.yaml")
            name = "via.yaml"
    code, out, err = run(["check", name], capsys)
    assert (code, out, err) == (2, "", f"workrules: {name}: is not a regular file (a FIFO, "
                                       "device or socket); only files are read\n")


# -- a repository that brings its own policy cache (attack round 31, P1 and P2) ----------------

HOSTILE = FIXTURES / "hostile-cache"


def _wr(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    import sys

    full = {**os.environ, **env}
    full.pop("WORKRULES_NO_CACHE", None)
    return subprocess.run([sys.executable, "-m", "workrules", "check", "--no-config", *args],
                          cwd=cwd, env=full, capture_output=True, text=True,
                          check=False)  # fmt: skip


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A clone (umask 077) of fixtures/hostile-cache/repo, whose `.wrcache/` holds the claim's
    checked policy without its upw-* rules, signed with the key the repository commits; and
    the environment under which the attacker's own run takes that entry (the control)."""
    repo = tmp_path / "victim"
    shutil.copytree(HOSTILE / "repo", repo)
    (repo / ".git").mkdir()
    key = repo / ".state" / "workrules" / "cache-key"
    for folder in (repo / ".state", key.parent):
        folder.chmod(0o700)
    key.chmod(0o600)
    home = tmp_path / "home"
    home.mkdir()
    attacker = {"HOME": str(home), "WORKRULES_CACHE_DIR": str(tmp_path / "attacker-cache"),
                "XDG_STATE_HOME": str(tmp_path / "attacker-state")}  # fmt: skip
    (tmp_path / "attacker-state" / "workrules").mkdir(parents=True, mode=0o700)
    shutil.copy(key, tmp_path / "attacker-state" / "workrules" / "cache-key")
    data = [str(repo / "staff.yaml"), str(repo / "upw-rota.yaml")]
    assert _wr(tmp_path, attacker, *data).returncode == 1  # the genuine entries, made
    (entry,) = (tmp_path / "attacker-cache").glob("checked-*.json")
    raw = entry.read_bytes()
    forged = json.loads(raw[ast_cache.KEY_BYTES:])
    rules = forged["ir"]["value"][2]
    forged["ir"]["value"][2] = [rules[0], *(r for r in rules[1:]
                                            if not r[1][1].startswith("upw-"))]  # fmt: skip
    body = json.dumps(forged, separators=(",", ":")).encode()
    entry.write_bytes(ast_cache._mac(key.read_bytes(), entry.name, body) + body)
    shutil.copytree(tmp_path / "attacker-cache", repo / ".wrcache")
    for path in (repo / ".wrcache", *(repo / ".wrcache").iterdir()):
        path.chmod(0o700 if path.is_dir() else 0o600)
    # the control: where the attacker's key is the user's, the forged entry drops 5a and 5c
    # (6 rules read the data left: line-manager-not-yet-in-post since scenarios round 57)
    done = _wr(tmp_path, attacker, *data)
    assert (done.returncode, done.stdout.splitlines()[-1]) == (
        0, "0 findings from 6 rules of policy claim-2024 over 2 files; nothing to report.")
    return repo, {"HOME": str(home)}


_BREACHES = [
    "upw-rota.yaml:5: upw-contact-hours [5c] S010 had 10 h of contact with work groups on "
    "2024-06-11 (U300); the cap is 8 h a day (5c).",
    "upw-rota.yaml:5: upw-group-ratio [5a] U300 on 2024-06-11 had 9 group members to 1 "
    "supervisor (S010); from 2024-06-03 the ratio is at most 1:6 (5a)."]


def _breaches(stdout: str) -> list[str]:
    """The findings of a text report, each with its file named by its base name."""
    return [os.path.basename(line.split(": ", 1)[0]) + ": " + line.split(": ", 1)[1]
            for line in stdout.splitlines() if "upw-rota.yaml:5: " in line]  # fmt: skip


def test_a_relative_cache_folder_or_key_folder_is_ignored_so_the_repository_cannot_supply_them(
        hostile: tuple[Path, dict[str, str]]) -> None:  # fmt: skip
    repo, env = hostile
    done = _wr(repo, {**env, "WORKRULES_CACHE_DIR": ".wrcache", "XDG_STATE_HOME": ".state"},
               "staff.yaml", "upw-rota.yaml")  # fmt: skip
    assert done.returncode == 1
    assert _breaches(done.stdout) == _BREACHES
    assert done.stderr.splitlines() == [
        "workrules: WORKRULES_CACHE_DIR=.wrcache is not an absolute path, so it is ignored for "
        "the policy cache (a relative one would name a folder of the repository checked)",
        "workrules: XDG_STATE_HOME=.state is not an absolute path, so it is ignored for the "
        "policy cache's key (a relative one would name a folder of the repository checked)"]
    # the cache and key the XDG spec falls back on, in the user's home
    home = Path(env["HOME"])
    assert (home / ".local" / "state" / "workrules" / "cache-key").stat().st_size == 32
    assert list((home / ".cache" / "workrules").glob("checked-*.json"))


def test_a_cache_folder_or_key_inside_the_checked_repository_is_not_used(
        hostile: tuple[Path, dict[str, str]], tmp_path: Path) -> None:  # fmt: skip
    repo, env = hostile
    inside = {**env, "WORKRULES_CACHE_DIR": str(repo / ".wrcache"),
              "XDG_STATE_HOME": str(repo / ".state")}  # fmt: skip
    top = os.path.realpath(repo)
    for cwd, files in ((repo, ["staff.yaml", "upw-rota.yaml"]),  # run from the repository
                       (tmp_path, [str(repo / "staff.yaml"), str(repo / "upw-rota.yaml")])):
        done = _wr(cwd, inside, *files)
        assert done.returncode == 1
        assert _breaches(done.stdout) == _BREACHES
        assert done.stderr.splitlines() == [
            f"workrules: the policy cache's folder {repo / '.wrcache'} lies inside the git work "
            f"tree {top}, whose files the repository can supply: no policy cache this run"]


def test_no_key_is_made_inside_the_checked_repository(tmp_path: Path) -> None:
    repo, home = tmp_path / "repo", tmp_path / "home"
    shutil.copytree(HOSTILE / "repo", repo, ignore=shutil.ignore_patterns(".state"))
    (repo / ".git").mkdir()
    home.mkdir()
    for state in (".state", str(repo / ".state")):
        done = _wr(repo, {"HOME": str(home), "XDG_STATE_HOME": state,
                          "WORKRULES_CACHE_DIR": str(tmp_path / "cache")}, ".")  # fmt: skip
        assert done.returncode == 1 and _breaches(done.stdout) == _BREACHES
        assert not (repo / ".state").exists()
        assert "policy cache's key" in done.stderr


def test_a_relative_home_gives_no_cache_so_a_folder_outside_git_cannot_supply_one(
        hostile: tuple[Path, dict[str, str]]) -> None:  # fmt: skip
    # HOME=. names the checked folder itself, a zip's unpacked files as much as a clone's: no
    # cache folder or key there, said once each (the review of session 51, P4)
    repo, env = hostile
    unset = {"WORKRULES_CACHE_DIR": "", "XDG_CACHE_HOME": "", "XDG_STATE_HOME": ""}  # (empty)
    done = _wr(repo, {**env, **unset, "HOME": "."}, "staff.yaml", "upw-rota.yaml")
    assert done.returncode == 1
    assert _breaches(done.stdout) == _BREACHES
    assert done.stderr.splitlines() == [
        "workrules: the policy cache's folder ./.cache/workrules is not an absolute path (is HOME "
        "relative?), so there is no policy cache this run"]
    assert not (repo / ".cache").exists() and not (repo / ".local").exists()


def test_a_home_that_is_itself_a_git_work_tree_keeps_its_cache(tmp_path: Path) -> None:
    # a dotfiles repository in the user's home: a run from a folder below it (no repository of
    # its own) keeps the cache in ~/.cache, said nothing (the review of session 51, P3); the
    # repository checked has no say in the user's home
    home = tmp_path / "home"
    work = home / "notes"
    (home / ".git").mkdir(parents=True)
    shutil.copytree(HOSTILE / "repo", work, ignore=shutil.ignore_patterns(".state", ".wrcache"))
    env = {"HOME": str(home), "WORKRULES_CACHE_DIR": "", "XDG_CACHE_HOME": "",
           "XDG_STATE_HOME": ""}  # (empty: unset, the defaults under HOME)
    for _ in range(2):
        done = _wr(work, env, "staff.yaml", "upw-rota.yaml")
        assert done.returncode == 1 and done.stderr == ""
        assert _breaches(done.stdout) == _BREACHES
    assert (home / ".local" / "state" / "workrules" / "cache-key").stat().st_size == 32
    assert list((home / ".cache" / "workrules").glob("checked-*.json"))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"),
                     max_size=12))  # fmt: skip
def test_any_cache_variable_gives_an_absolute_folder_outside_the_current_work_tree_or_none(
        monkeypatch: pytest.MonkeyPatch, value: str) -> None:  # fmt: skip
    monkeypatch.setattr(ast_cache, "_SAID", set())  # said once per process: again here
    for variable in ("WORKRULES_CACHE_DIR", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, value)
    folder, key = ast_cache.cache_dir(), ast_cache.key_path()
    assert folder is None or os.path.isabs(folder)
    top = ast_cache._work_tree(os.curdir)
    assert folder is None or top is None or not os.path.realpath(folder).startswith(top + os.sep)
    assert os.path.isabs(key) and (key.startswith(value) if os.path.isabs(value) else
                                   key.startswith(os.path.expanduser("~")))  # fmt: skip
