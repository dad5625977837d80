"""Review 19: a new user's first hour (a manager's own unit, a repository owner, a negotiator,
an analyst) and the library API other tools import. fixtures/review19/README.md lists what was
found wrong. Each mistake a newcomer makes is refused with one line naming the file (and line),
exit 2, with the likely name where one was misspelt; a library call given the wrong type of
argument raises the documented `UsageError`, never a TypeError from deep inside."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import made_by_masked, run_workrules
from hypothesis import given, settings
from hypothesis import strategies as st

import workrules
from workrules.policy_diff import impact

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review19"
UNIT = ["unit/staff.yaml", "unit/rota.yaml", "unit/allocation.yaml"]


def _run(*args: str, cwd: Path = HERE) -> tuple[int, str, str]:
    done = run_workrules(*args, cwd=cwd)
    return done.returncode, done.stdout, done.stderr


def _expected(name: str) -> str:
    """The expected report `name`, what made it masked (compare `made_by_masked(out)`)."""
    return made_by_masked((HERE / "expected" / name).read_text(encoding="utf-8"))


# -- a manager checks their own unit -----------------------------------------------------


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("files", [["unit"], UNIT, list(reversed(UNIT))],
                         ids=["folder", "staff-first", "staff-last"])  # fmt: skip
def test_a_unit_written_by_hand_gives_its_four_findings_in_any_file_order(
    files: list[str], engine: str
) -> None:
    code, out, err = _run("check", "--no-config", "--format", "text", "--today", "2026-12-01",
                          "--engine", engine, *files)  # fmt: skip
    assert (code, err) == (1, "")
    assert made_by_masked(out) == _expected("unit-check.txt")


@pytest.mark.parametrize(("args", "line"), [
    (["check", "unit/stafff.yaml", "unit/rota.yaml"],
     "workrules: unit/stafff.yaml: cannot be read: No such file or directory "
     "(did you mean 'unit/staff.yaml'?)"),
    (["check", "unit/staff.yml", "unit/rota.yaml"],
     "workrules: unit/staff.yml: cannot be read: No such file or directory "
     "(did you mean 'unit/staff.yaml'?)"),
    (["check", "unit/nothing.yaml"],  # no name is near: nothing is suggested
     "workrules: unit/nothing.yaml: cannot be read: No such file or directory"),
    (["check", "no-such-folder/rota.yaml"],
     "workrules: no-such-folder/rota.yaml: cannot be read: No such file or directory"),
])  # fmt: skip
def test_a_misspelt_file_name_is_refused_with_the_file_beside_it(
    args: list[str], line: str
) -> None:
    assert _run(*args, "--no-config") == (2, "", line + "\n")


def test_the_library_suggests_the_file_beside_a_misspelt_one() -> None:
    with pytest.raises(workrules.InputError) as caught:
        workrules.load_data([str(HERE / "unit" / "rota.yml")])
    assert caught.value.message == ("cannot be read: No such file or directory (did you mean "
                                    f"'{HERE / 'unit' / 'rota.yaml'}'?)")  # fmt: skip


def test_a_long_value_refused_is_shown_by_its_start_and_end() -> None:
    with pytest.raises(workrules.UsageError) as caught:
        workrules.check("x" * 100)
    assert str(caught.value) == ("files: expected a list, not one str ('xxxxxxxxxxxxxxxxxxxxxxxxxxx"
                                 "xxxxxxxxxxxxxxxxx...xxxxxxxxx'); give a list, e.g. "
                                 "['staff.yaml', 'rota.yaml']")  # fmt: skip


# -- a repository owner's config ------------------------------------------------------------


@pytest.mark.parametrize(("config", "line"), [
    ("configs/tool-table.toml",
     "configs/tool-table.toml:2: [tool.workrules] is pyproject.toml's table; in workrules.toml "
     "the settings stand at the top, under no table"),
    ("configs/misspelt-data.toml",
     "configs/misspelt-data.toml:1: data: '../unit/stafff.yaml' does not exist (a config's paths "
     "are relative to its folder) (did you mean '../unit/staff.yaml'?)"),
])  # fmt: skip
def test_a_config_mistake_is_one_line_with_its_line_and_the_likely_name(
    config: str, line: str
) -> None:
    assert _run("check", "unit/rota.yaml", "--config", config) == (2, "", f"workrules: {line}\n")


SAVE_AS_MARKDOWN = ("which workrules does not read; save a job description as Markdown (.md): "
                    "YAML front matter between '---' lines (kind: job-description, title, "
                    "grade), then its text")


@pytest.mark.parametrize(("name", "said"), [
    ("jd/spo.docx", "is a Word document (.docx)"),
    ("jd/spo.pdf", "is a PDF (.pdf)"),
    ("jd/spo-printed.md", "is a PDF (it starts as one does)"),
])  # fmt: skip
def test_a_job_description_in_word_or_pdf_is_refused_saying_to_save_it_as_markdown(
    name: str, said: str
) -> None:
    # it was "a spreadsheet workbook or a ZIP archive ... save each sheet as CSV", or a YAML error
    assert _run("check", "--no-config", "unit/staff.yaml", name) == (
        2, "", f"workrules: {name}: {said}, {SAVE_AS_MARKDOWN}\n")


@pytest.mark.parametrize("files", [
    ["unit/staff.yaml", "unit/rota.yaml", "unit/allocation.yaml", "unit/rota.yaml"],
    ["unit/staff.yaml", "unit/rota.yaml", "unit/./rota.yaml", "unit/allocation.yaml"],
])  # fmt: skip
def test_a_file_named_twice_is_read_once(files: list[str]) -> None:
    # a shell glob and a name (`check *.yaml rota.yaml`): each timesheet was "a second
    # timesheet ... (the first is at rota.yaml:4)", the same line
    code, out, err = _run("check", "--no-config", "--format", "text", "--today", "2026-12-01",
                          *files)  # fmt: skip
    assert (code, err) == (1, "")
    assert made_by_masked(out) == _expected("unit-check.txt")


def test_a_folder_and_a_file_in_it_read_the_file_once() -> None:
    code, out, err = _run("check", "--no-config", "--format", "text", "--today", "2026-12-01",
                          "unit", "unit/rota.yaml")  # fmt: skip
    assert (code, err) == (1, "")
    assert made_by_masked(out) == _expected("unit-check.txt")


# -- misspelt commands and options ---------------------------------------------------------


@pytest.mark.parametrize(("args", "line"), [
    (["check", "--fromat", "text", "unit"],
     "unrecognized arguments: --fromat (did you mean '--format'?) (see 'workrules check --help')"),
    (["check", "unit", "--fromat=text"],
     "unrecognized arguments: --fromat (did you mean '--format'?) (see 'workrules check --help')"),
    (["check", "unit", "--formt", "text", "--quiet"],
     "unrecognized arguments: --formt (did you mean '--format'?) (see 'workrules check --help')"),
    (["--verison"],
     "unrecognized arguments: --verison (did you mean '--version'?) (see 'workrules --help')"),
    (["rules", "--selekt", "jd-*"],
     "unrecognized arguments: --selekt (did you mean '--select'?) (see 'workrules rules --help')"),
    (["diff", "claim-2024", "employer-current", "--dta", "unit"],
     "unrecognized arguments: --dta (did you mean '--data'?) (see 'workrules diff --help')"),
    (["indicators", "unit", "--mincell", "5"],
     "unrecognized arguments: --mincell (did you mean '--min-cell'?) "
     "(see 'workrules indicators --help')"),
    # the start of an option is not taken for it (a guess): refused, with the likely one
    (["check", "--selec", "jd-*", "unit"],
     "unrecognized arguments: --selec (did you mean '--select'?) (see 'workrules check --help')"),
    (["check", "--no-conf", "unit"], "unrecognized arguments: --no-conf (did you mean "
     "'--no-config'?) (see 'workrules check --help')"),
    (["diff", "claim-2024", "employer-current", "--dat", "unit"],
     "unrecognized arguments: --dat (did you mean '--data'?) (see 'workrules diff --help')"),
    # nothing near: argparse's words, and the command's help
    (["check", "unit", "--xyz"], "unrecognized arguments: --xyz (see 'workrules check --help')"),
    (["check", "--format", "txt", "unit"],
     "argument --format: invalid choice: 'txt' (choose from 'codequality', 'csv', 'github', "
     "'html', 'json', 'junit', 'sarif', 'table', 'text') (did you mean 'text'?) (see 'workrules check --help')"),
])  # fmt: skip
def test_a_misspelt_option_is_refused_with_the_likely_option(args: list[str], line: str) -> None:
    assert _run(*args) == (2, "", f"workrules: {line}\n")


@pytest.mark.parametrize(("args", "line"), [
    # read as the command `text` (did you mean 'test'?) or as an argument nobody has
    (["--format", "text", "check", "unit"],
     "--format is an option of check: give it after the command (workrules check --format ...) "
     "(see 'workrules check --help')"),
    (["--no-config", "check", "unit"],
     "--no-config is an option of check: give it after the command (workrules check "
     "--no-config ...) (see 'workrules check --help')"),
    (["--format=json", "check", "unit"],
     "--format is an option of check: give it after the command (workrules check --format ...) "
     "(see 'workrules check --help')"),
    (["--select", "jd-*"],
     "--select is an option of check and rules: give it after the command (workrules check "
     "--select ...) (see 'workrules --help')"),
])  # fmt: skip
def test_an_option_given_before_its_command_is_said_to_go_after_it(
    args: list[str], line: str
) -> None:
    assert _run(*args) == (2, "", f"workrules: {line}\n")


def test_the_options_of_workrules_itself_still_go_before_the_command() -> None:
    assert _run("--debug", "check", "--no-config", "unit/rota.yaml")[0] == 2  # no staff given
    code, out, _ = _run("--version")
    assert (code, out) == (0, f"workrules {workrules.__version__}\n")


def test_an_option_of_another_command_is_not_suggested() -> None:
    # `--data` is diff's; check has no option near it, so nothing is suggested
    code, _, err = _run("check", "unit", "--data", "x")
    assert (code, err) == (2, "workrules: unrecognized arguments: --data x "
                              "(see 'workrules check --help')\n")  # fmt: skip


# -- explain on what a finding shows --------------------------------------------------------


@pytest.mark.parametrize(("word", "rules"), [
    ("5a", ["upw-group-ratio"]),
    ("[1.2k(i)]", ["wmt-over-ceiling"]),
    ("8", ["caseload-by-role", "psr-reports-per-month"]),
])
def test_explain_given_a_clause_explains_each_of_its_rules(word: str, rules: list[str]) -> None:
    # (since session 33: it named them in a refusal, exit 2, where docs/cli.md says it names
    # them)
    code, out, err = _run("explain", "--no-config", word)
    assert (code, err) == (0, "")
    assert [line.split()[1] for line in out.splitlines() if line.startswith("# ")] == rules


@pytest.mark.parametrize(("word", "line"), [
    ("unit/rota.yaml:7", "policy claim-2024 has no rule 'unit/rota.yaml:7'; give the rule id a "
                         "finding shows after its file:line, e.g. 'wmt-over-ceiling' "
                         "('workrules rules' lists them)"),
    ("UW1", "policy claim-2024 has no rule 'UW1'; 'workrules rules' lists the rules"),
    ("upw-group-ration", "policy claim-2024 has no rule 'upw-group-ration' (did you mean "
                         "'upw-group-ratio'?)"),
])  # fmt: skip
def test_explain_given_what_a_finding_shows_names_the_rule_to_ask_for(
    word: str, line: str
) -> None:
    assert _run("explain", "--no-config", word) == (2, "", f"workrules: {line}\n")


# -- render takes --policy as rules and explain do ------------------------------------------


def test_render_takes_the_policy_as_an_option_too() -> None:
    by_option = _run("render", "--no-config", "--policy", "employer-current")
    assert by_option == _run("render", "--no-config", "employer-current")
    assert by_option[0] == 0
    assert by_option[1].startswith("# Employer's current practice on WMT")


def test_render_refuses_a_policy_given_twice() -> None:
    assert _run("render", "--no-config", "claim-2024", "--policy", "employer-current") == (
        2, "", "workrules: render: the policy is given twice (claim-2024 and --policy "
               "employer-current); give it once\n")  # fmt: skip


# -- a negotiator runs diff on a folder of real data ----------------------------------------


@pytest.mark.parametrize("data", [["unit"], UNIT], ids=["folder", "files"])
def test_diff_data_reads_a_folder_as_check_does(data: list[str]) -> None:
    code, out, err = _run("diff", "claim-2024", "employer-current", "--today", "2026-12-01",
                          "--data", *data)  # fmt: skip
    assert (code, err) == (1, "")
    assert out == _expected("unit-diff.txt")


# -- the docs show what the command prints --------------------------------------------------


def test_the_finding_shown_in_the_guide_is_one_the_example_prints() -> None:
    guide = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    shown = re.search(r"A finding, in the `text` format:\n\n```text\n(.*?)```", guide, re.S)
    assert shown is not None
    done = run_workrules("check", "--no-config", "--format", "text", "fixtures/example/rota.yaml",
                         "fixtures/example/staff.yaml", cwd=ROOT)  # fmt: skip
    assert shown.group(1) in done.stdout


# -- the library: arguments of the wrong type -----------------------------------------------

STAFF, ROTA = "unit/staff.yaml", "unit/rota.yaml"  # read from fixtures/review19


@pytest.fixture
def in_review19(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)


def _policy_check(data: Any = None, **kw: Any) -> Any:
    return workrules.load_policy().check(data, **kw)


WRONG_CALLS = [
    (lambda: workrules.check(STAFF),
     f"files: expected a list, not one str ({STAFF!r}); give a list, e.g. "
     "['staff.yaml', 'rota.yaml']"),
    (lambda: workrules.check(Path(STAFF)),
     "files: expected a list, not one PosixPath (PosixPath('unit/staff.yaml')); give a list, "
     "e.g. ['staff.yaml', 'rota.yaml']" if os.name == "posix" else None),
    (lambda: workrules.check(None),
     "files: expected a list, not NoneType; give a list, e.g. ['staff.yaml', 'rota.yaml']"),
    (lambda: workrules.check([3]), "files[0]: expected a file name or a path, not int (3)"),
    (lambda: workrules.check([STAFF], set_values="sfo_open_reviews_max=2"),
     "set_values: expected a list, not one str ('sfo_open_reviews_max=2'); give a list, e.g. "
     "['sfo_open_reviews_max=2']"),
    (lambda: workrules.check([STAFF], today="2025-01-01"),
     "today: expected a datetime.date, not str ('2025-01-01'); e.g. datetime.date(2025, 1, 1)"),
    (lambda: workrules.check([STAFF], today=dt.datetime(2025, 1, 1)),
     "today: expected a datetime.date, not datetime (datetime.datetime(2025, 1, 1, 0, 0)); "
     "e.g. datetime.date(2025, 1, 1) (a datetime: its .date())"),
    (lambda: workrules.load_data(STAFF),
     f"sources: expected a list, not one str ({STAFF!r}); give a list, e.g. "
     "['staff.yaml', 'rota.yaml']"),
    (lambda: workrules.load_data({"kind": "staff", "staff": []}),
     "sources: expected a list, not dict; give a list, e.g. ['staff.yaml', 'rota.yaml']"),
    (lambda: workrules.load_policy(3),  # type: ignore[arg-type]
     "policy: expected a shipped policy name or a policy file, not int"),
    (lambda: workrules.load_policy().with_values("sfo_open_reviews_max=2"),
     "set_values: expected a list, not one str ('sfo_open_reviews_max=2'); give a list, e.g. "
     "['sfo_open_reviews_max=2']"),
    (lambda: workrules.load_policy().with_values([2]),  # type: ignore[list-item]
     "set_values[0]: expected NAME=VALUE text, not int; e.g. 'sfo_open_reviews_max=2'"),
    (lambda: _policy_check([ROTA]),
     "data: expected a Dataset (from workrules.load_data), not list; workrules.check(files) "
     "loads files"),
    (lambda: _policy_check(workrules.load_data([STAFF]), today="2025-01-01"),
     "today: expected a datetime.date, not str ('2025-01-01'); e.g. datetime.date(2025, 1, 1)"),
    (lambda: workrules.indicators(STAFF),
     f"files: expected a list, not one str ({STAFF!r}); give a list, e.g. "
     "['staff.yaml', 'rota.yaml']"),
    (lambda: workrules.indicators([STAFF], by="region"),
     "by: expected a list, not one str ('region'); give a list, e.g. ('region', 'gender')"),
    (lambda: workrules.indicators([STAFF], min_cell="10"),  # type: ignore[arg-type]
     "min_cell: expected a whole number, not str ('10')"),
    (lambda: workrules.indicators([STAFF], 2024),  # type: ignore[arg-type]
     "period: expected text such as '2024-Q2' or a Window, not int"),
    (lambda: impact("claim-2024", "employer-current", [STAFF], today="x"),  # type: ignore[arg-type]
     "today: expected a datetime.date, not str ('x'); e.g. datetime.date(2025, 1, 1)"),
]


@pytest.mark.usefixtures("in_review19")
@pytest.mark.parametrize(("call", "message"), WRONG_CALLS)
def test_a_library_argument_of_the_wrong_type_is_a_usage_error(call: Any, message: str | None
                                                               ) -> None:  # fmt: skip
    if message is None:
        pytest.skip("a POSIX path's repr")
    with pytest.raises(workrules.UsageError) as caught:
        call()
    assert str(caught.value) == message


def test_today_as_text_is_refused_where_a_waiver_is_judged(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:  # fmt: skip
    # fixtures/rota-repo's config has a waiver: comparing its date with text was a TypeError
    monkeypatch.chdir(ROOT / "fixtures" / "rota-repo")
    with pytest.raises(workrules.UsageError) as caught:
        workrules.check(["rota.yaml"], config=True, today="2025-01-01")  # type: ignore[arg-type]
    assert str(caught.value).startswith("today: expected a datetime.date, not str")
    result = workrules.check(["rota.yaml"], config=True, today=dt.date(2025, 1, 1))
    assert result.exit_code == 1


@pytest.mark.usefixtures("in_review19")
def test_a_tuple_or_a_generator_of_files_is_a_list_of_files() -> None:
    as_list = workrules.check([STAFF, ROTA], today=dt.date(2026, 12, 1))
    assert workrules.check((STAFF, ROTA), today=dt.date(2026, 12, 1)) == as_list
    assert workrules.check(iter([STAFF, ROTA]), today=dt.date(2026, 12, 1)) == as_list
    assert [f.rule for f in as_list.findings] == ["unrecompensed-hours", "upw-group-ratio"]


_JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
    st.binary(max_size=10), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.lists(st.one_of(st.none(), st.integers(), st.binary(max_size=5)), min_size=1, max_size=3),
)


@pytest.mark.usefixtures("in_review19")
@settings(max_examples=60, deadline=None)
@given(junk=_JUNK)
def test_any_wrong_files_argument_is_a_workrules_error(junk: Any) -> None:
    # whatever a caller passes as files, indicators' files or today: a WorkrulesError or a
    # result, never a TypeError or AttributeError
    for call in (lambda: workrules.check(junk), lambda: workrules.load_data(junk),
                 lambda: workrules.indicators(junk),
                 lambda: workrules.check([STAFF], today=junk)):  # fmt: skip
        try:
            out = call()
        except workrules.WorkrulesError as err:
            assert str(err) and "\n" not in str(err)  # one line, as the command line prints
        else:
            assert isinstance(out, workrules.Result | workrules.Dataset | workrules.IndicatorReport)


def test_the_command_line_run_in_process_leaves_the_process_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a tool that runs `main(argv)` in its own process kept the policy cache on, data loads
    # pausing the collector, and ARROW_DEFAULT_MEMORY_POOL set, for every later library call
    from workrules import gc_pause, policy
    from workrules.cli import main

    monkeypatch.setattr(policy, "_USE_CACHE", False)
    monkeypatch.setattr(gc_pause, "_PAUSE", False)
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    monkeypatch.chdir(HERE)
    assert main(["check", "--no-config", "--format", "text", "--today", "2026-12-01",
                 *UNIT]) == 1  # fmt: skip
    assert made_by_masked(capsys.readouterr().out) == _expected("unit-check.txt")
    assert (policy._USE_CACHE, gc_pause._PAUSE) == (False, False)
    assert "ARROW_DEFAULT_MEMORY_POOL" not in os.environ
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")  # the caller's own, kept
    assert main(["rules", "--no-config"]) == 0
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "jemalloc"
