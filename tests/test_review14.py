"""Review 14: a hostile repository's config and HR exports as spreadsheets save them, tried
where the earlier reviews did not look (fixtures/review14). Each test names the behaviour,
runs a real file (or one planted as an attacker would plant it) and asserts the exact exit
status and message.
"""

from __future__ import annotations

import os
import re
import resource
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_workrules
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.config import _Lines, _walk, read_config
from workrules.errors import UsageError
from workrules.limits import MAX_CONFIG_BYTES
from workrules.schemacheck import date_hint, serial_hint

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review14"
CONFIG = HERE / "config"
DATA = HERE / "data"


def _check(*args: str, cwd: Path = HERE) -> tuple[int, str, str]:
    done = run_workrules("check", "-q", "--format", "text", *args, cwd=cwd)
    return done.returncode, done.stdout, done.stderr


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ------------------------------------------------------------------- numbers too long to write out


def test_a_set_value_of_thousands_of_digits_is_refused_at_its_line_not_a_crash() -> None:
    # tomllib raised ValueError (Python writes no int of more than 4,300 digits), which is no
    # TOMLDecodeError: the run ended "internal error", exit 70
    assert _check("--config", "config/long-number.toml", "data/staff.yaml") == (2, "", (
        "workrules: config/long-number.toml:3: a number too long to be a value (the largest "
        "accepted is 1,000,000,000)\n"))


def test_a_keyed_cap_of_forty_digits_is_refused_without_writing_it_out() -> None:
    assert _check("--config", "config/huge-cap.toml", "data/staff.yaml") == (2, "", (
        "workrules: config/huge-cap.toml:3: set: span_of_control_max = a number of over 30 "
        "digits is too large a number (the largest accepted is 1,000,000,000)\n"))


@given(st.integers(min_value=10**9 + 1, max_value=10**4000))
@settings(max_examples=40, deadline=None)
def test_any_set_value_beyond_the_bound_is_refused_in_one_usage_error(value: int,
                                                                      ) -> None:  # fmt: skip
    path = CONFIG / "long-number.toml"
    text = f"[set]\nsfo_open_reviews_max = {value}\n"
    with pytest.raises(UsageError) as caught:
        _read_text(path.parent, text)
    assert caught.value.line == 2
    assert "too large a number" in caught.value.message
    assert len(caught.value.message) < 200


def _read_text(folder: Path, text: str) -> object:
    """read_config of `text`, written to a scratch file beside the fixtures."""
    scratch = folder / f"scratch-{os.getpid()}.toml"
    scratch.write_text(text, encoding="utf-8")
    try:
        return read_config(str(scratch))
    finally:
        scratch.unlink()


# ------------------------------------------------------------------- a config that would hang the run


def test_a_glob_of_many_stars_in_a_deep_folder_ends_at_once(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    deep = repo.joinpath(*(["x"] * 25))
    deep.mkdir(parents=True)
    (repo / ".git").mkdir()
    (deep / "staff.yaml").write_bytes((DATA / "staff.yaml").read_bytes())
    (repo / "workrules.toml").write_bytes((CONFIG / "many-stars.toml").read_bytes())
    before = _cpu()
    config = read_config(str(repo / "workrules.toml"))
    assert _cpu() - before < 2.0  # the old walk had not ended after a minute
    assert config is not None
    assert [Path(f).resolve() for f in config.data] == [(deep / "staff.yaml").resolve()]


def test_a_config_of_forty_thousand_values_is_read_in_one_pass(tmp_path: Path) -> None:
    # each value's line was looked for from the top of the file: 578 KB took minutes
    path = tmp_path / "workrules.toml"
    path.write_text("grades = [" + ",".join(f'"G{i}"' for i in range(20_000)) + "]\n[set]\n"
                    + "".join(f"p{i} = {i}\n" for i in range(40_000)), encoding="utf-8")
    assert path.stat().st_size < MAX_CONFIG_BYTES
    before = _cpu()
    config = read_config(str(path))
    assert _cpu() - before < 3.0
    assert config is not None
    assert (config.set_values[-1], config.set_lines[-1]) == ("p39999=39999", 40_002)
    assert (config.grades[-1], config.grade_lines[-1]) == (("G19999", ""), 1)


def test_a_config_above_a_mebibyte_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "workrules.toml"
    path.write_text("# padding\n" * (MAX_CONFIG_BYTES // 10 + 1), encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_config(str(path))
    assert caught.value.message == (
        "the config file is more than 1,048,576 bytes; a config sets a policy, data, values, "
        "grades and waivers, and needs a few kilobytes")


# ------------------------------------------------------------------- a config planted as a link


def test_a_config_that_links_out_of_its_repository_is_refused_unread(tmp_path: Path) -> None:
    outside = tmp_path / "secrets.toml"
    outside.write_text('token = "s3cret"\n', encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "staff.yaml").write_bytes((DATA / "staff.yaml").read_bytes())
    (repo / "workrules.toml").symlink_to(outside)
    code, out, err = _check("staff.yaml", cwd=repo)
    assert (code, out) == (2, "")
    assert err == ("workrules: workrules.toml: the config file is a link to a file outside its "
                   f"repository ({repo.resolve()}); name the file itself\n")
    assert "token" not in err and "s3cret" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_config_found_as_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    # os.path.isfile says no to a FIFO; a link to one says yes (it follows the link)
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "workrules.toml").symlink_to(tmp_path / "pipe")
    (tmp_path / "staff.yaml").write_bytes((DATA / "staff.yaml").read_bytes())
    # found by its name, it is passed over (the run is not blocked); opened as found (a FIFO
    # put there after the look), it is refused at once, not waited on
    assert _check("staff.yaml", cwd=tmp_path) == (0, "", "")
    with pytest.raises(UsageError) as caught:
        read_config(str(tmp_path / "workrules.toml"), found=True)
    assert caught.value.message == "the config file is not a regular file"


def test_a_config_named_on_the_command_line_may_be_a_pipe_or_dev_null() -> None:
    # `--config <(git show origin/main:workrules.toml)` is the user's own choice
    assert _check("--config", os.devnull, "data/staff.yaml") == (0, "", "")
    done = run_workrules("check", "-q", "--format", "text", "--config", "/dev/stdin",
                         "data/staff.yaml", cwd=HERE, input='fail-on = "never"\n')  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, (
        "\nValues set for this run, over the policy's (1):\n"
        "  fail-on never (the policy's: warning (the default); set by /dev/stdin:1)\n"), "")


def test_the_ci_recipe_removes_a_planted_link_before_writing_the_reviewed_config() -> None:
    # `> base-workrules.toml` writes through a symlink of that name that the pull request
    # commits (to ~/.bashrc, say); `rm -f` first makes the redirect create a new file
    page = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert ("rm -f base-workrules.toml && git show origin/main:workrules.toml > "
            "base-workrules.toml") in page


# ------------------------------------------------------------------- the glob walk, against the old one


def _old_walk(folder: str, parts: list[str]) -> Iterator[str]:
    """The recursive walk of 0.8.0, kept as the reference: right, but exponential in `**`."""
    import glob
    from fnmatch import fnmatchcase

    head, rest = parts[0], parts[1:]
    if not glob.has_magic(head):
        path = os.path.normpath(os.path.join(folder, head))
        if not rest:
            yield path
        elif os.path.isdir(path) and not os.path.islink(path):
            yield from _old_walk(path, rest)
        return
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    hidden_ok = head.lstrip("*").startswith(".")
    for entry in entries:
        if entry.name.startswith(".") and not hidden_ok:
            continue
        is_dir = entry.is_dir(follow_symlinks=False)
        if head == "**":
            if is_dir:
                yield from _old_walk(entry.path, parts)
            elif not rest:
                yield entry.path
        elif fnmatchcase(entry.name, head):
            if not rest:
                yield entry.path
            elif is_dir:
                yield from _old_walk(entry.path, rest)
    if head == "**" and rest:
        yield from _old_walk(folder, rest)


_NAMES = st.sampled_from(["a", "b", ".h", "a.yaml", "b.yaml", ".h.yaml"])
_TREES = st.recursive(st.just(None), lambda kids: st.dictionaries(_NAMES, kids, max_size=3),
                      max_leaves=12)  # fmt: skip
_SEGMENTS = st.sampled_from(["**", "*", "a", "b", ".h", "*.yaml", "a.yaml", ".*", "?"])


def _plant(folder: Path, tree: object) -> None:
    assert isinstance(tree, dict)
    for name, sub in tree.items():
        if sub is None:
            (folder / name).write_text("kind: staff\n", encoding="utf-8")
        else:
            (folder / name).mkdir()
            _plant(folder / name, sub)


@given(tree=st.dictionaries(_NAMES, _TREES, max_size=4),
       pattern=st.lists(_SEGMENTS, min_size=1, max_size=5))  # fmt: skip
@settings(max_examples=150, deadline=None)
def test_the_walk_finds_the_files_the_old_walk_found(tmp_path_factory: pytest.TempPathFactory,
                                                     tree: dict[str, object],
                                                     pattern: list[str]) -> None:  # fmt: skip
    base = tmp_path_factory.mktemp("walk")
    _plant(base, tree)
    files = {p for p in _walk(str(base), pattern) if os.path.isfile(p)}
    expected = {os.path.normpath(p) for p in _old_walk(str(base), pattern) if os.path.isfile(p)}
    assert {os.path.normpath(p) for p in files} == expected


# ------------------------------------------------------------------- where a config's keys are


_KEYS = st.sampled_from(["set", "policy", "waiver", "grades", "sfo_max", "SPO", "a-b", "x"])
_LINES = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", _KEYS, st.sampled_from(["1", '"x"', "[1, 2]"])),
    st.builds(lambda k: f'"{k}" = 2', _KEYS),
    st.builds(lambda k: f"[{k}]", _KEYS),
    st.builds(lambda k: f"[tool.workrules.{k}]", _KEYS),
    st.builds(lambda k: f"[[{k}]]", _KEYS),
    st.builds(lambda k: f"  {k}=3", _KEYS),
    st.builds(lambda k: f"# {k} = 4", _KEYS),
    st.just(""),
)
_TABLES = st.sampled_from(["", "set", "grades", "tool.ruff.lint", "tool.workrules",
                           "tool.workrules.set", "tool.workrules.grades"])  # fmt: skip
_TABLE_KEYS = st.sampled_from(["ignore", "select", "policy", "upw_ratio", "SPO", "x-y"])


@given(st.lists(st.tuples(_TABLES, st.lists(st.tuples(_TABLE_KEYS, st.booleans()),
                                            max_size=4)),
                max_size=5))  # fmt: skip
def test_a_keys_line_is_the_one_in_its_own_table_and_never_one_in_a_string(
        tables: list[tuple[str, list[tuple[str, bool]]]]) -> None:  # fmt: skip
    # Each key is written once in its table, some as a multi-line string whose lines look like
    # the other keys' assignments (`upw_ratio = "1:6"` in a waiver's reason); the text is a
    # valid TOML file, and each key's line is where it was written in its own table.
    import tomllib

    lines: list[str] = []
    written: dict[str, int] = {}
    seen_tables: set[str] = {""}
    for table, keys in tables:
        if table in seen_tables or any(t.startswith(f"{table}.") or table.startswith(f"{t}.")
                                       for t in seen_tables if t):  # fmt: skip
            continue  # (a table written twice, or one inside another's keys: not TOML)
        seen_tables.add(table)
        lines.append(f"[{table}]")
        done: set[str] = set()
        for key, multiline in keys:
            if key in done:
                continue
            done.add(key)
            written[f"{table}.{key}"] = len(lines) + 1
            if multiline:
                lines.extend([f'{key} = """', 'upw_ratio = "1:6"', "[set]", 'ignore = ["x"]',
                              '"""'])  # fmt: skip
            else:
                lines.append(f'{key} = "v"')
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)
    found = _Lines(text)
    assert {path: found.at(path) for path in written} == written
    for path, line in written.items():
        table, _, key = path.rpartition(".")
        if table:
            assert _Lines(text, table).of(key) == line


@given(st.lists(_LINES, max_size=12))
def test_each_waiver_table_is_found_at_its_own_line(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    opened = [i for i, line in enumerate(lines, 1) if line == "[[waiver]]"]
    found = _Lines(text)
    assert [found.table("waiver", i) for i in range(len(opened) + 1)] == [*opened, None]


# ------------------------------------------------------------------- dates saved as day numbers


def test_a_json_date_given_as_a_spreadsheets_day_number_is_refused_with_the_day_it_reads() -> None:
    # once: "45321 is not text; write it in quotes ('45321')", and quoted it is no date either
    assert _check("data/serial-staff.json") == (2, "", (
        "workrules: data/serial-staff.json:2: staff[0] (S1).started_on: 45321 is not a date in "
        "the form YYYY-MM-DD; 45321 looks like a spreadsheet's day number (2024-01-30): format "
        "the column as dates (YYYY-MM-DD) before saving\n"))


def test_a_csv_week_given_as_a_spreadsheets_day_number_is_refused_with_the_day_it_reads() -> None:
    assert _check("data/staff.yaml", "data/serial-timesheets.csv") == (2, "", (
        "workrules: data/serial-timesheets.csv:2: timesheets[0].week: '45446' is not a date in "
        "the form YYYY-MM-DD or an ISO week YYYY-Www; 45446 looks like a spreadsheet's day "
        "number (2024-06-03): format the column as dates (YYYY-MM-DD) before saving\n"))


@given(st.integers(min_value=10_000, max_value=99_999))
def test_a_day_number_is_named_as_the_day_a_spreadsheet_shows(serial: int) -> None:
    import datetime as dt

    hint = serial_hint(str(serial))
    day = dt.date.fromisoformat(re.findall(r"\((\d{4}-\d{2}-\d{2})\)", hint)[0])
    assert (day - dt.date(1899, 12, 30)).days == serial
    assert date_hint(f" {serial} ") == hint


@given(st.text(max_size=12))
def test_only_five_digits_read_as_a_day_number(text: str) -> None:
    assert bool(serial_hint(text)) == bool(re.fullmatch(r"\s*[0-9]{5}(\.0+)?\s*", text))


# ------------------------------------------------------------------- a refusal's line stays a line


def test_a_refusal_quotes_a_value_of_50000_characters_by_its_start_and_end() -> None:
    assert _check("data/long-kind.yaml") == (2, "", (
        "workrules: data/long-kind.yaml:2: kind '" + ("stafx" * 20)[:99] + "...(49,882 "
        "characters left out)...tafxstafxstafxstafx' is not one of rota, allocation, staff, "
        "job-description\n"))


@given(st.text(alphabet=st.sampled_from("ab \n\x1b\u202e'"), max_size=5000),
       st.text(alphabet=st.sampled_from("ab/."), max_size=50))  # fmt: skip
def test_any_refusal_is_one_bounded_line(message: str, file: str) -> None:
    shown = str(UsageError(message, file=file or None, line=3))
    assert "\n" not in shown and "\x1b" not in shown and "\u202e" not in shown
    assert len(shown) <= len(file) + 2_000 + 100
    assert not re.search(r"\S{201,}", shown[len(file) + 3:])


@given(st.text(max_size=200))
def test_a_short_refusal_is_as_written(message: str) -> None:
    from workrules.errors import printable

    assert str(UsageError(message)) == printable(message) or len(printable(message)) > 200


# ------------------------------------------------------------------- rows that are not records


def test_a_row_of_an_end_of_file_mark_is_refused_as_what_it_is() -> None:
    assert _check("data/staff.yaml", "data/eof-mark-timesheets.csv") == (2, "", (
        "workrules: data/eof-mark-timesheets.csv:3: this row holds only characters that do not "
        "show (U+001A; U+001A is the end-of-file mark of old tools): remove the row\n"))


def test_a_row_of_one_cell_is_counted_in_the_singular() -> None:
    assert _check("data/staff.yaml", "data/one-cell-timesheets.csv") == (2, "", (
        "workrules: data/one-cell-timesheets.csv:3: has 1 cell where the header names 5 "
        "columns\n"))


@given(st.lists(st.sampled_from(["\x1a", "\u200b", "\x7f", "\ufeff", " ", "\u2060"]),
                min_size=1, max_size=4).filter(lambda cs: any(not c.isspace() for c in cs)))
def test_a_row_of_only_invisible_characters_is_refused_never_read(chars: list[str]) -> None:
    from workrules.errors import InputError
    from workrules.tabular import _columns_of, _csv_rows, record_of

    raw = ("staff,week,hours_worked,toil_hours,paid_excess_hours\n"
           "S001,2024-06-03,37,0,0\n" + ",".join(chars) + "\n").encode()
    known = _columns_of(record_of("timesheets"))
    with pytest.raises(InputError) as caught:
        _csv_rows(raw, "x-timesheets.csv", "timesheets", known)
    assert (caught.value.line, caught.value.message.split(" (")[0]) == (
        3, "this row holds only characters that do not show")


# ------------------------------------------------------------------- git's own folder is not the repository's


def _repo_with_a_token(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    # the first line a CSV refusal quotes: its "header"
    (repo / ".git" / "config").write_text(
        'extraheader,AUTHORIZATION: basic c2VjcmV0\n[core]\n', encoding="utf-8")
    (repo / "staff.yaml").write_bytes((DATA / "staff.yaml").read_bytes())
    return repo


@pytest.mark.parametrize("name", ["leak-timesheets.csv", "leak.yaml", "policy.wr"])
def test_a_link_into_the_git_folder_is_refused_unread(tmp_path: Path, name: str) -> None:
    repo = _repo_with_a_token(tmp_path)
    (repo / name).symlink_to(Path(".git") / "config")
    args = ("--policy", name, "staff.yaml") if name.endswith(".wr") else ("staff.yaml", name)
    code, out, err = _check("--no-config", *args, cwd=repo)
    assert (code, out) == (2, "")
    what = f"policy '{name}'" if name.endswith(".wr") else f"{name}:"
    assert err == (f"workrules: {what} is a link to a file outside its repository "
                   f"({repo.resolve()}); name the file itself\n")  # fmt: skip


@pytest.mark.parametrize("data", ['".git/config"', '".git/*"', '".GIT/config"'])
def test_a_configs_data_in_the_git_folder_is_refused(tmp_path: Path, data: str) -> None:
    repo = _repo_with_a_token(tmp_path)
    (repo / "workrules.toml").write_text(f"data = [{data}]\n", encoding="utf-8")
    code, out, err = _check("staff.yaml", cwd=repo)
    assert (code, out) == (2, "")
    assert "c2VjcmV0" not in err and "AUTHORIZATION" not in err
    assert err.startswith("workrules: workrules.toml:1: data: ")


@given(st.lists(st.sampled_from([".git", ".GIT", ".Git", "git", ".gitx", "a", ".github"]),
                min_size=1, max_size=3))  # fmt: skip
def test_a_git_folder_in_any_case_at_any_depth_is_outside(parts: list[str]) -> None:
    # (review 41: a second repository checked out inside the work tree keeps its token in its
    # own `.git`, which was read as inside)
    from workrules.resources import is_within

    root = str(ROOT.resolve())
    inside = is_within(os.path.join(root, *parts), root)
    assert inside == all(part.lower() != ".git" for part in parts)


def test_a_yaml_week_given_as_a_day_number_is_refused_with_the_day_it_reads() -> None:
    assert _check("data/staff.yaml", "data/serial-week-rota.yaml") == (2, "", (
        "workrules: data/serial-week-rota.yaml:5: timesheets[0].week: 45446 is not a date in "
        "the form YYYY-MM-DD or an ISO week YYYY-Www; 45446 looks like a spreadsheet's day "
        "number (2024-06-03): format the column as dates (YYYY-MM-DD) before saving\n"))


# ------------------------------------------------------------------- a file name that is an option


def _repo_with_a_name_that_splits(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "rotas").mkdir(parents=True)
    (repo / ".git").mkdir()
    (repo / "rotas" / "staff.yaml").write_bytes((ROOT / "fixtures/example/staff.yaml").read_bytes())
    (repo / "rotas" / "zz").write_bytes((ROOT / "fixtures/example/rota.yaml").read_bytes())
    (repo / "rotas" / "zz --config=evil.yaml").write_text("", encoding="utf-8")
    (repo / "evil.yaml").write_text('fail-on = "never"\n', encoding="utf-8")
    (repo / "base.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    return repo


def test_a_file_name_split_into_a_second_config_is_refused(tmp_path: Path) -> None:
    # `$(git ls-files 'rotas/*.yaml')` gave: rotas/staff.yaml rotas/zz --config=evil.yaml,
    # and the pull request's evil.yaml replaced the reviewed config: exit 0 on 6 findings
    repo = _repo_with_a_name_that_splits(tmp_path)
    words = ["rotas/staff.yaml", "rotas/zz", "--config=evil.yaml"]
    assert _check("--config", "base.toml", *words, cwd=repo) == (2, "", (
        "workrules: '--config=evil.yaml' after '--config': --config is given once (a later one "
        "would replace the first in silence); if a file name starts with '-', put '--' before "
        "the files\n"))


def test_the_ci_recipe_keeps_each_file_name_whole(tmp_path: Path) -> None:
    # as `git ls-files -z | xargs -0 workrules check ... --` passes them: the odd name is a
    # file (an empty one, refused), never an option
    repo = _repo_with_a_name_that_splits(tmp_path)
    code, out, err = _check("--config", "base.toml", "--", "rotas/staff.yaml", "rotas/zz",
                            "rotas/zz --config=evil.yaml", cwd=repo)  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith("workrules: rotas/zz --config=evil.yaml:1: is empty; ")
    page = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    recipes = [line for line in page.splitlines() if "workrules check" in line
               and line.lstrip().startswith(("- run:", "- git", "- workrules"))]  # fmt: skip
    # with review 18's (the reviewed policy file passed too), GitLab's HTML report (a first
    # hour, round 41), the changed files of a pull request only (a first hour, round 49), and
    # GitLab's Code Quality report and changed files (a first hour, round 53)
    assert len(recipes) == 8
    # each walks folders the recipe names (review 41: a list of patterns passed a rota saved
    # in a form it did not name), or the files a pull request changed, NUL-separated, after
    # `--`; none takes names from the pull request unquoted
    assert all(" -- " in r + " " and "ls-files" not in r and "$(" not in r for r in recipes)
    assert all("xargs -0" in r for r in recipes if "git diff" in r)
    # where names are listed, they are passed whole
    listed = [line for line in page.splitlines() if "ls-files" in line and "workrules" in line]
    assert listed and all("ls-files -z" in r and "xargs -0 -r workrules check" in r
                          and " -- " in r + " " for r in listed)  # fmt: skip


@pytest.mark.parametrize(("words", "first"), [
    (["--policy", "claim-2024", "--pol=employer-current"], "--policy"),
    (["--fail-on", "error", "--fail-on", "never"], "--fail-on"),
    (["--no-config", "--config", "base.toml"], "--no-config"),
    (["--config", "base.toml", "--no-conf"], "--config"),
])  # fmt: skip
def test_an_option_that_sets_the_gate_is_given_once(tmp_path: Path, words: list[str],
                                                     first: str) -> None:  # fmt: skip
    repo = _repo_with_a_name_that_splits(tmp_path)
    code, out, err = _check(*words, "rotas/staff.yaml", cwd=repo)
    assert (code, out) == (2, "")
    second = words[-1] if "=" in words[-1] or words[-1] == "--no-conf" else words[-2]
    assert err.startswith(f"workrules: {second!r} after {first!r}: ")


def test_set_select_and_ignore_may_still_be_given_again() -> None:
    code, out, err = _check("--no-config", "--select", "upw-*", "--select", "psr-*",
                            "--ignore", "upw-group-ratio", "--ignore", "psr-reports-per-month",
                            "data/staff.yaml", "../example/rota.yaml")  # fmt: skip
    assert (code, err) == (1, "")
    rules = {line.split(" ")[1] for line in out.splitlines() if not line.startswith(" ")}
    assert rules == {"upw-contact-hours"}
