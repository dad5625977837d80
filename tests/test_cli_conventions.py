"""The command-line habits users bring from ruff, check-jsonschema and friends (issue 13 §3):
--version, `-` for stdin, directories, --quiet, a table that fits, colour, every input error,
CI formats on exit 2, --select/--ignore, config for rules/explain/render, completion, progress.

Runs go through `cli.main` in-process from `fixtures/`, so paths are as a user types them.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_hostile import run  # main() in-process: (exit code, stdout, stderr)

from workrules import __version__

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
STAFF = "example/staff.yaml"
ROTA = "example/rota.yaml"
TODAY = "2024-07-01"
SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(autouse=True)
def _in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    monkeypatch.delenv("NO_COLOR", raising=False)


def check(*args: str) -> list[str]:
    return ["check", *args, "--no-config", "--today", TODAY]


# ------------------------------------------------------------------------------ --version


def test_version_prints_the_package_version() -> None:
    assert run(["--version"]) == (0, f"workrules {__version__}\n", "")


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run([sys.executable, "-m", "workrules", "--version"], capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert (done.returncode, done.stdout) == (0, f"workrules {__version__}\n")


# -------------------------------------------------------------------------------- --quiet


def test_quiet_prints_the_findings_and_nothing_else() -> None:
    code, loud, _ = run(check(ROTA, STAFF))
    code_q, quiet, err = run(check(ROTA, STAFF, "-q"))
    assert (code, code_q, err) == (1, 1, "")
    assert "Not applied (5 rules):" in loud
    assert "\n\nNothing to check (36 rules): the data has no WMT readings, " in loud
    assert quiet == loud.split("\n\nNot applied")[0] + "\n"


def test_quiet_and_clean_prints_nothing() -> None:
    assert run(check("example/jd/case-administrator.md", "--quiet")) == (0, "", "")


def test_quiet_drops_the_not_applied_notices_from_machine_formats_too() -> None:
    code, out, _ = run(check(ROTA, STAFF, "-q", "--format", "json"))
    assert code == 1
    assert '"not_applied": []' in out


# ---------------------------------------------------------------- a table that fits the terminal


def test_piped_output_is_the_text_report_unless_a_format_is_named() -> None:
    _, piped, _ = run(check(ROTA, STAFF))
    _, text, _ = run(check(ROTA, STAFF, "--format", "text"))
    _, table, _ = run(check(ROTA, STAFF, "--format", "table"))
    assert piped == text
    assert table.startswith("┌")


@pytest.mark.parametrize("columns", [80, 100, 120, 200])
def test_the_table_fits_the_terminal_and_never_splits_a_path(
    columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _ = run(check(ROTA, STAFF, "--format", "table"))
    assert code == 1
    drawn = [line for line in out.splitlines() if line[:1] in "┌│├└"]
    assert max(len(line) for line in drawn) <= columns
    text = run(check(ROTA, STAFF, "--format", "text"))[1]
    places = re.findall(r"(?m)^(\S+:\d+):", text)
    assert len(places) == 6
    for place in places:  # every finding's place, whole on one line
        assert re.search(rf"│ {re.escape(place)} +│", out), place


def test_a_narrow_table_moves_the_evidence_into_the_finding_cell() -> None:
    from workrules.api import check as api_check
    from workrules.report import table

    result = api_check([ROTA, STAFF], today=None)
    narrow = table(result, width=80)
    assert "│ evidence" not in narrow.splitlines()[1]
    assert "evidence: U104, U105" in " ".join(narrow.split()).replace(" │ ", " ")


# ---------------------------------------------------------------------------------- colour


def test_colour_only_when_asked_or_on_a_terminal() -> None:
    _, plain, _ = run(check(ROTA, STAFF, "--format", "text"))
    _, always, _ = run(check(ROTA, STAFF, "--format", "text", "--color", "always"))
    _, never, _ = run(check(ROTA, STAFF, "--format", "text", "--color", "never"))
    assert "\x1b" not in plain and never == plain
    assert "\x1b[1mexample/rota.yaml:6:\x1b[0m \x1b[1;31munrecompensed-hours\x1b[0m [4c]" in always
    assert SGR.sub("", always) == plain


def test_no_color_turns_auto_colour_off_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from workrules.cli import _colour

    args = argparse.Namespace(color="auto", output=None)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert _colour(args) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert _colour(args) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert _colour(args) is False


def test_a_coloured_table_is_the_plain_table_with_codes_around_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    _, plain, _ = run(check(ROTA, STAFF, "--format", "table"))
    _, coloured, _ = run(check(ROTA, STAFF, "--format", "table", "--color", "always"))
    assert SGR.sub("", coloured) == plain
    assert "│ \x1b[1;31mupw-group-ratio\x1b[0m" in coloured


def test_colour_codes_are_ours_alone_the_data_stays_escaped(tmp_path: Path) -> None:
    # A job description's title that is an escape (an id with one is refused: attack 22).
    jd = tmp_path / "business-manager.md"
    jd.write_text(Path("example/jd/business-manager.md").read_text(encoding="utf-8").replace(
        "title: Business Manager", 'title: "\\e[0m"', 1), encoding="utf-8")
    argv = check(str(jd), "--color", "always")
    for fmt in ("text", "table"):
        _, out, _ = run([*argv, "--format", fmt])
        assert "\\x1b[0m" in out  # the title's own escape, shown as text
        assert re.sub(r"\x1b\[(1|2|33|36|1;31|0)m", "", out).count("\x1b") == 0


# ---------------------------------------------------------------------------------- stdin


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


@pytest.mark.parametrize("source", [ROTA, "example/jd/business-manager.md"])
def test_a_dash_reads_the_file_from_stdin_and_names_it_stdin(
    source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, from_file, _ = run(check(source, STAFF, "--format", "json"))
    _stdin(monkeypatch, Path(source).read_text(encoding="utf-8"))
    _, from_stdin, err = run(check("-", STAFF, "--format", "json"))
    assert err == ""
    assert from_stdin == from_file.replace(source, "<stdin>")


def test_json_on_stdin_is_read_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    import yaml

    data = yaml.safe_load(Path(STAFF).read_text(encoding="utf-8"))
    _stdin(monkeypatch, json.dumps(data, default=str))
    code, out, err = run(check("-"))
    assert (code, err) == (0, "")
    assert out.endswith("over 1 file; nothing to report.\n")


def test_bad_stdin_is_refused_naming_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, "kind: rota\nstaff:\n  - id: S1\n    grade: PO\n    colour: red\n")
    code, out, err = run(check("-"))
    assert (code, out) == (2, "")
    assert err.startswith("workrules: <stdin>:5: unknown field 'colour' in staff[0]")


# ----------------------------------------------------------------------------- directories


def test_a_directory_is_walked_for_workrules_files_and_the_rest_skipped_with_a_note() -> None:
    code, out, err = run(check("jd-repo", "--format", "text"))
    files = sorted(str(p.relative_to(FIXTURES)) for p in (FIXTURES / "jd-repo").rglob("*.md"))
    _, named, _ = run(check(*files, "--format", "text"))
    assert (code, err) == (1, "")
    assert out == named


def test_a_directory_walk_enters_hidden_folders_but_not_git_a_virtualenv_or_a_link_out(
        tmp_path: Path) -> None:  # fmt: skip
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "staff.yaml").write_text(Path(STAFF).read_text(encoding="utf-8"))
    # (the virtual environment's among its packages: one beside its `pyvenv.cfg` is refused,
    # never passed over unsaid, attack round 32, P5)
    for hidden in (".git", os.path.join(".venv", "lib", "python3.12", "site-packages")):
        (tmp_path / "data" / hidden).mkdir(parents=True)
        (tmp_path / "data" / hidden / "bad.yaml").write_text("kind: rota\nbroken: [\n")
    (tmp_path / "data" / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "data" / ".venv" / "bin").mkdir()
    (tmp_path / "data" / ".venv" / "bin" / "python").write_text("")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "bad.yaml").write_text("kind: rota\nbroken: [\n")
    (tmp_path / "data" / "link").symlink_to(outside, target_is_directory=True)
    (tmp_path / "data" / "notes.md").write_text("# notes\n")
    (tmp_path / "data" / ".pre-commit-config.yaml").write_text("repos: []\n")
    code, out, err = run(check(str(tmp_path / "data")))
    assert code == 0, err
    assert "over 1 file;" in out
    assert err == (
        "workrules: did not walk 2 folders: a virtual environment or cache, or a link leading "
        f"out of the folder walked or the repository (first: {tmp_path}/data/.venv/)\n"
        "workrules: skipped 2 files that are not workrules data (first: "
        f"{tmp_path}/data/.pre-commit-config.yaml)\n")  # fmt: skip
    # a hidden folder of the repository's own is walked: GitHub shows what it holds
    (tmp_path / "data" / ".archive").mkdir()
    (tmp_path / "data" / ".archive" / "bad.yaml").write_text("kind: rota\nbroken: [\n")
    code, _, err = run(check(str(tmp_path / "data")))
    assert code == 2 and "/data/.archive/bad.yaml:" in err, err


def test_a_broken_file_that_claims_a_workrules_kind_is_still_an_error(tmp_path: Path) -> None:
    (tmp_path / "rota.yaml").write_text("kind: rota\ntimesheets: [\n")
    (tmp_path / "misspelt.yaml").write_text("kind: Rotaa\n")
    code, out, err = run(check(str(tmp_path)))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"workrules: {tmp_path}/misspelt.yaml:1: kind 'Rotaa' is not one of rota, allocation, "
        "staff, job-description (did you mean 'rota'?)",
        f"workrules: {tmp_path}/rota.yaml:3: not valid YAML: did not find the closing ']' of "
        "the flow sequence started on line 2",
    ] or len(err.splitlines()) == 2


def test_a_directory_with_no_workrules_data_is_refused(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("repos: []\n")
    code, out, err = run(check(str(tmp_path)))
    assert (code, out) == (2, "")
    assert err.startswith(f"workrules: {tmp_path}: is a directory with no workrules data")


# --------------------------------------------------------------------- every input error


def test_every_bad_file_is_reported_each_on_its_own_line() -> None:
    files = ["invalid/unknown-field.yaml", "invalid/date-impossible.yaml", STAFF,
             "invalid/hours-as-text.yaml"]  # fmt: skip
    code, out, err = run(check(*files))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "workrules: invalid/unknown-field.yaml:6: unknown field 'hours_workd' in timesheets[0] "
        "(did you mean 'hours_worked'?); allowed here: hours_due, hours_worked, "
        "paid_excess_hours, staff, toil_hours, week",
        "workrules: invalid/date-impossible.yaml:5: upw_sessions[0] (U100): date '2024-02-30' "
        "is not a real date",
        "workrules: invalid/hours-as-text.yaml:6: timesheets[0].hours_worked: '41,5' is not a "
        "number; write numbers with '.' as the decimal point and no thousands separator (a ',' "
        "may be either)",
    ]


def test_independent_bad_records_of_one_file_are_each_reported(tmp_path: Path) -> None:
    path = tmp_path / "staff.yaml"
    path.write_text("kind: staff\nstaff:\n  - id: S1\n    grade: PO\n    colur: red\n"
                    "  - id: S2\n    grade: PO\n  - id: S3\n    grad: PO\n")  # fmt: skip
    code, _, err = run(check(str(path)))
    assert code == 2
    assert [line.split(": ", 2)[1] for line in err.splitlines()] == [f"{path}:5", f"{path}:9"]


def test_errors_beyond_the_limit_are_counted(tmp_path: Path) -> None:
    for i in range(25):
        (tmp_path / f"bad{i:02d}.yaml").write_text("kind: rota\nfoo: 1\n")
    code, _, err = run(check(*sorted(str(p) for p in tmp_path.iterdir())))
    lines = err.splitlines()
    assert (code, len(lines)) == (2, 21)
    assert lines[-1] == "workrules: ... and 5 more input errors"


# ------------------------------------------------------------------ CI formats on exit 2


def test_sarif_on_exit_2_is_a_failed_invocation_with_the_error(tmp_path: Path) -> None:
    import json

    import jsonschema

    out_file = tmp_path / "out.sarif"
    code, out, err = run(check("invalid/unknown-field.yaml", "--format", "sarif", "-o",
                               str(out_file)))  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith("workrules: invalid/unknown-field.yaml:6: unknown field")
    log = json.loads(out_file.read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests/data/sarif-schema-2.1.0.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls(schema, format_checker=cls.FORMAT_CHECKER).validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "invalid/unknown-field.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 6}}  # fmt: skip


def test_junit_and_github_on_exit_2_carry_the_error() -> None:
    import xml.etree.ElementTree as ET

    argv = check("invalid/unknown-field.yaml", "invalid/date-impossible.yaml")
    code, out, _ = run([*argv, "--format", "junit"])
    assert code == 2
    errors = ET.fromstring(out).findall(".//testcase/error")
    assert [e.get("message", "")[:40] for e in errors] == [
        "invalid/unknown-field.yaml:6: unknown fi", "invalid/date-impossible.yaml:5: upw_sess"]
    code, out, _ = run([*argv, "--format", "github"])
    assert code == 2
    assert out.splitlines()[1] == (
        "::error file=invalid/date-impossible.yaml,line=5,title=workrules could not check "
        "this::upw_sessions[0] (U100): date '2024-02-30' is not a real date")


# ------------------------------------------------------------------------ --select / --ignore


def test_select_and_ignore_take_ids_and_patterns() -> None:
    _, out, _ = run(check(ROTA, STAFF, "--select", "upw-*,mappa-chairing-per-day",
                          "--ignore", "upw-contact-hours", "-q"))  # fmt: skip
    rules = re.findall(r"(?m)^\S+:\d+: (\S+)", out)
    assert rules == ["upw-group-ratio", "mappa-chairing-per-day"]


def test_an_unknown_rule_in_select_is_refused_with_a_suggestion() -> None:
    code, out, err = run(check(ROTA, STAFF, "--select", "upw-group-ration"))
    assert (code, out) == (2, "")
    assert err == ("workrules: --select upw-group-ration: policy claim-2024 has no rule "
                   "'upw-group-ration' (did you mean 'upw-group-ratio'?)\n")  # fmt: skip
    code, _, err = run(check(ROTA, STAFF, "--ignore", "xx-*"))
    assert code == 2
    assert "has no rule matching 'xx-*'" in err


def test_select_and_ignore_in_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "workrules.toml"
    config.write_text('select = ["upw-*"]\nignore = ["upw-group-ratio"]\n')
    argv = ["check", str(FIXTURES / ROTA), str(FIXTURES / STAFF), "--today", TODAY,
            "--config", str(config), "-q"]  # fmt: skip
    _, out, _ = run(argv)
    assert set(re.findall(r"(?m)^\S+:\d+: (\S+)", out)) == {"upw-contact-hours"}
    _, out, _ = run([*argv, "--select", "upw-group-ratio,mappa-*"])  # replaces the select
    assert set(re.findall(r"(?m)^\S+:\d+: (\S+)", out)) == {"mappa-chairing-per-day"}
    config.write_text('ignore = ["upw-group-rato"]\n')
    code, _, err = run(argv)
    assert code == 2
    assert err.startswith(f"workrules: {config}:1: ignore upw-group-rato: policy claim-2024 has")


# --------------------------------------------------------- rules, explain, render and the config


def test_rules_explain_and_render_use_the_config_and_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "jd-repo")
    _, rules, _ = run(["rules"])
    assert "    span_of_control_max = SAO 6; BUSINESS_MANAGER 6; SPO 8; NSD_SOL to be" in rules
    _, bare, _ = run(["rules", "--no-config"])
    assert "    span_of_control_max = SAO to be agreed; BUSINESS_MANAGER to be agreed;" in bare
    _, render, _ = run(["render", "--set", "pta_learners_max=3"])
    assert "| `pta_learners_max` | count | 3 |" in render
    assert "| `span_of_control_max` | count by grade | SAO 6; BUSINESS_MANAGER 6; SPO 8;" in render
    _, explain, _ = run(["explain", "span-of-control"])
    _, explain_bare, _ = run(["explain", "span-of-control", "--no-config"])
    assert explain != explain_bare


# ----------------------------------------------------------------------------- completion


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_every_command_and_option(shell: str) -> None:
    code, out, err = run(["completion", shell])
    assert (code, err) == (0, "")
    for word in ("check", "rules", "explain", "diff", "render", "--select", "--quiet",
                 "sarif", "never"):  # fmt: skip
        assert word.lstrip("-") in out, word


def test_the_bash_completion_script_is_valid_bash() -> None:
    import shutil

    if shutil.which("bash") is None:
        pytest.skip("no bash")
    _, out, _ = run(["completion", "bash"])
    done = subprocess.run(["bash", "-n"], input=out, text=True, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr


# ------------------------------------------------------------------------------- progress


def test_progress_draws_nothing_for_a_quick_run_and_a_bar_for_a_slow_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workrules import terminal

    stream = io.StringIO()
    progress = terminal.Progress(10, stream)
    progress(5)
    progress.done()
    assert stream.getvalue() == ""
    clock = iter([0.0, 2.0, 2.05, 3.0])
    monkeypatch.setattr(terminal.time, "monotonic", lambda: next(clock))
    progress = terminal.Progress(10, stream)
    progress(3)
    progress(4)  # too soon to redraw
    progress(10)
    progress.done()
    assert stream.getvalue() == ("\r\x1b[2Kworkrules: reading files 3/10 [" + "=" * 9
                                 + " " * 21 + "]\r\x1b[2Kworkrules: reading files 10/10 ["
                                 + "=" * 30 + "]\r\x1b[2K")  # fmt: skip


def test_no_progress_when_stderr_is_not_a_terminal() -> None:
    from workrules.cli import _progress

    assert _progress(1000) is None  # pytest captures stderr


def test_the_check_path_imports_no_new_modules() -> None:
    code = ("import sys; from workrules.cli import main; "
            "main(['check', 'example/jd/case-administrator.md', '--no-config']); "
            "print(sorted(m for m in sys.modules if m.startswith('workrules')))")  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "WORKRULES_ENGINE"}  # the default
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=FIXTURES, env=env)  # fmt: skip
    loaded = done.stdout.strip().splitlines()[-1]
    for module in ("terminal", "inputs", "completion", "ci_formats", "workforce",
                   "workforce_report", "html_report", "redact", "tabular", "fastload",
                   "engine.columnar"):
        assert f"workrules.{module}'" not in loaded
