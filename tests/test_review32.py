"""Review 32: the gate on an untrusted repository, as a CI runner's log reads its output.

GitHub Actions obeys `::command::` at the start of a line after whatever .NET's `TrimStart()`
removes (a no-break space, an ideographic space: not only a space and a tab), and its old
`##[command]` anywhere in a line; Azure Pipelines obeys `##vso[...]` anywhere in a line, on
standard output and standard error (`##vso[task.setvariable]`, `##vso[task.prependpath]`:
what later steps of the pipeline run with). Each test runs the real files of
fixtures/review32/ (README.md there says what each gave before), or plants what a pull request
would commit in a throw-away git work tree, and asserts the exact output.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import made_by_masked
from hypothesis import given
from hypothesis import strategies as st
from test_ci_gate import run  # main() in-process: (exit code, stdout, stderr)

from workrules.errors import inert, no_log_commands, printable

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review32"
ENGINES = ["python", "columnar"]
FORMATS = ["text", "table", "github", "junit", "sarif", "html", "json"]

# What .NET's Char.IsWhiteSpace holds (String.TrimStart() with no argument trims these): the
# Actions runner trims them before it looks for `::`.
DOTNET_BLANKS = ("\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                 "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")  # fmt: skip
# A command as the runners find it: Actions' `::` after the trimmed blanks, and `##WORD[`
# anywhere (Actions' `##[`, Azure Pipelines' `##vso[`, TeamCity's `##teamcity[`).
LOG_COMMAND = re.compile(r"##[A-Za-z]*\[")


def obeyed(output: str) -> list[str]:
    """The lines of `output` a CI runner would take for a command."""
    return [line for line in output.split("\n")
            if line.lstrip(DOTNET_BLANKS).startswith("::") or LOG_COMMAND.search(line)]


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    """A git work tree holding fixtures/review32/repo/ (a staff list and a rota with one
    breach of the 5c cap); the current directory while the test runs."""
    here = os.getcwd()
    work = tmp_path / "repo"
    shutil.copytree(HERE / "repo", work)
    (work / ".git").mkdir()
    os.chdir(work)
    yield work
    os.chdir(here)


# ------------------------------------- 1. a line that starts with a blank the runner trims


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("blank", ["\xa0", "\u3000", "\u2003", "\u1680", "\u202f"])
def test_a_file_name_after_a_unicode_blank_starts_no_workflow_command(
    repo: Path, capsys: pytest.CaptureFixture[str], blank: str, engine: str
) -> None:
    # A rota committed as "<no-break space>::set-output name=gate::passed-rota.yaml" (which
    # the hook's file pattern takes): the text report's finding line started with it, and
    # the runner, trimming the blank, set the step's output `gate`. Only a space and a tab
    # before `::` were escaped.
    name = f"{blank}::set-output name=gate::passed-rota.yaml"
    shutil.copy("rota.yaml", name)
    code, out, err = run(["check", "--no-config", "-q", "--engine", engine, "staff.yaml",
                          "--", name], capsys)  # fmt: skip
    assert (code, err) == (1, "")
    assert out == (
        f"{blank}%3A%3Aset-output name=gate::passed-rota.yaml:5: upw-contact-hours [5c] S1 had 9 h"
        " of contact with work groups on 2026-11-27 (U1); the cap is 8 h a day (5c).\n"
        "    error: fails the run\n"
        "    subject S1; 2026-11-27; measured 9 h, limit at most 8 h\n"
        f"    evidence U1 ({name}:5)\n")  # fmt: skip
    assert obeyed(out) == []


@pytest.mark.parametrize(("policy", "said", "quoted"), [
    ("command-on-a-line.wr", "unexpected ':'", "    %3A%3Aset-output name=gate::passed"),
    ("blank-command.wr", "unexpected character '\\xa0'", "    \xa0%3A%3Aadd-mask::everything"),
])  # fmt: skip
def test_a_policy_line_quoted_under_a_refusal_starts_no_workflow_command(
    repo: Path, capsys: pytest.CaptureFixture[str], policy: str, said: str, quoted: str
) -> None:
    # A parse error quotes the policy's line, indented: "    ::set-output name=gate::passed"
    # on standard error, which the runner reads too, set the step's output. The caret stays
    # under what it marks.
    shutil.copy(HERE / "policies" / policy, ".")
    code, out, err = run(["check", "--no-config", "--policy", f"./{policy}", "staff.yaml",
                          "rota.yaml"], capsys)  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (f"workrules: ./{policy}:2:1: {said}; expected 'extends', 'grade', 'leave', "
                   f"'param', 'pattern', 'policy', 'rule', 'set', ...\n{quoted}\n    ^\n")
    assert obeyed(err) == []


# ------------------------------------------------- 2. Azure Pipelines' `##vso[` anywhere


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_carries_an_azure_logging_command_from_a_file_name(
    repo: Path, capsys: pytest.CaptureFixture[str], fmt: str, engine: str
) -> None:
    # `##vso[task.setvariable variable=GATE]passed-rota.yaml`: every format wrote the name as
    # it is (the text report at the start of a line, JSON and JUnit in a value), and Azure
    # Pipelines, which finds `##vso[` anywhere in a line, set GATE for the later steps.
    name = "##vso[task.setvariable variable=GATE]passed-rota.yaml"
    shutil.copy("rota.yaml", name)
    code, out, err = run(["check", "--no-config", "-q", "--engine", engine, "--format", fmt,
                          "staff.yaml", "--", name], capsys)  # fmt: skip
    assert (code, err) == (1, "")
    assert obeyed(out.replace("::warning ", "", 1).replace("::error ", "", 1)) == []
    if fmt == "text":
        assert out.splitlines()[0] == (
            "##vso\\[task.setvariable variable=GATE]passed-rota.yaml:5: upw-contact-hours [5c] "
            "S1 had 9 h of contact with work groups on 2026-11-27 (U1); the cap is 8 h a day "
            "(5c).")  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_carries_a_log_command_from_ids_or_a_policy(
    repo: Path, capsys: pytest.CaptureFixture[str], fmt: str, engine: str
) -> None:
    # A supervisor's id and a session's id holding `##vso[...]`, and a policy whose title, why
    # and sentence hold `##vso[`, `##teamcity[` and `##[`: none reaches a report as it is.
    for name in ("azure-staff.yaml", "azure-rota.yaml"):
        shutil.copy(HERE / "data" / name, ".")
    shutil.copy(HERE / "policies" / "azure-title.wr", ".")
    for files in (["azure-staff.yaml", "azure-rota.yaml"], ["staff.yaml", "rota.yaml"]):
        policy = ["--policy", "./azure-title.wr"] if files[0] == "staff.yaml" else []
        code, out, err = run(["check", "--no-config", "-q", "--engine", engine, "--format",
                              fmt, *policy, *files], capsys)  # fmt: skip
        assert (code, err) == (1, "")
        assert obeyed(out.replace("::error ", "", 1)) == []


def test_the_text_report_shows_an_escaped_azure_command_where_the_id_stood(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("azure-staff.yaml", "azure-rota.yaml"):
        shutil.copy(HERE / "data" / name, ".")
    code, out, err = run(["check", "--no-config", "-q", "azure-staff.yaml", "azure-rota.yaml"],
                         capsys)  # fmt: skip
    assert (code, err) == (1, "")
    assert out == (HERE / "expected" / "azure-ids.txt").read_text(encoding="utf-8")


def test_a_refusal_naming_a_file_carries_no_log_command(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A rota that is not valid YAML, committed as `##[error]gate-rota.yaml`: the refusal on
    # standard error quoted the name as it is, an Actions command of the old form.
    Path("##[error]gate-rota.yaml").write_text("kind: rota\nunit: North PDU\nupw_sessions: [1\n")
    code, out, err = run(["check", "--no-config", "staff.yaml", "--", "##[error]gate-rota.yaml"],
                         capsys)  # fmt: skip
    assert (code, out) == (2, "")
    assert err == ("workrules: ##\\[error]gate-rota.yaml:4: not valid YAML: did not find expected "
                   "',' or ']' (while parsing a flow sequence at line 3)\n")  # fmt: skip
    for fmt in ("github", "sarif", "junit"):  # the CI report of the refused run
        code, out, err = run(["check", "--no-config", "--format", fmt, "staff.yaml", "--",
                              "##[error]gate-rota.yaml"], capsys)  # fmt: skip
        assert code == 2
        assert obeyed(out.replace("::error ", "", 1)) == [] and obeyed(err) == []
        if fmt != "sarif":  # (SARIF writes the path as a URI: %23%23%5Berror%5D...)
            assert "##\\[error]gate-rota.yaml" in out


def test_rules_and_explain_print_a_policy_s_titles_without_log_commands(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(HERE / "policies" / "azure-title.wr", ".")
    code, out, err = run(["rules", "--policy", "./azure-title.wr"], capsys)
    assert (code, out, err) == (0, "long-day [5c] error: ##vso\\[task.prependpath]bin\n", "")
    code, out, err = run(["explain", "--policy", "./azure-title.wr", "long-day"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "# long-day (5c): ##vso\\[task.prependpath]bin"
    assert obeyed(out) == []


def test_render_writes_a_policy_s_log_commands_inert(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(HERE / "policies" / "azure-title.wr", ".")
    code, out, err = run(["render", "--format", "html", "./azure-title.wr"], capsys)
    assert (code, err) == (0, "")
    assert obeyed(out) == []
    # the bracket as a character reference: the browser still shows "##vso[...]"
    assert "<h1>##vso&#91;task.setvariable variable=GATE]passed</h1>" in out
    code, out, err = run(["render", "./azure-title.wr"], capsys)
    assert (code, err) == (0, "")
    assert obeyed(out) == []
    assert out.splitlines()[0] == "# ##vso\\[task.setvariable variable=GATE\\]passed"


@given(st.text(st.characters(codec="utf-8"), max_size=40),
       st.sampled_from(["::", "##[", "##vso[", "##teamcity[", "\n::", "\xa0::", "\u3000::"]),
       st.text(st.sampled_from(DOTNET_BLANKS + ":#[]vso"), max_size=8))  # fmt: skip
def test_no_text_made_inert_holds_what_a_runner_obeys(text: str, command: str,
                                                      blanks: str) -> None:  # fmt: skip
    for candidate in (command + text, blanks + command + text, text + blanks + command):
        assert obeyed(inert(candidate)) == []
        made = no_log_commands(printable(candidate))
        assert made == inert(candidate) and "\n" not in made


def test_text_with_nothing_to_escape_is_returned_as_it_is() -> None:
    for text in ("S1 had 9 h", "a: b", "x ## [y]", "#vso[", "line\n  :: not first? no"):
        if not obeyed(text):
            assert no_log_commands(text) is text


# ------------------------------------------------------ 3. Markdown: a code span broken out


def test_a_code_span_in_rendered_markdown_is_fenced_longer_than_any_backtick_run(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A waiver's subject "a``<img src=x onerror=alert(1)>``b" was written in a code span of
    # two backticks, which its own two closed: Markdown (mkdocs, a forge's viewer) passed the
    # <img> on as HTML, and its onerror ran in the policy's published page.
    shutil.copy(HERE / "policies" / "code-span.wr", ".")
    code, out, err = run(["render", "./code-span.wr"], capsys)
    assert (code, err) == (0, "")
    waived = [line for line in out.splitlines() if "onerror" in line]
    assert waived == [  # (the policy's waivers are listed with what it sets: every `<`
        # and backtick escaped there, session 47)
        "| `waiver upw-contact-hours` | for \"a\\`\\`\\<img src=x onerror=alert(1)\\>\\`\\`b\" "
        "until 2027-01-01 | no waiver in claim-2024 | `./code-span.wr:5` |",
        "| [`upw-contact-hours`](#upw-contact-hours) | ``` a``<img src=x onerror=alert(1)>``b ``` "
        "| 2027-01-01 | A signatory | A reason | `./code-span.wr:5` |",
        "- Waived for ``` a``<img src=x onerror=alert(1)>``b ``` until 2027-01-01, agreed by A "
        "signatory: A reason",
    ]  # fmt: skip


@given(st.text(st.sampled_from("`ab <>"), min_size=1, max_size=12))
def test_a_code_span_holds_its_text_whatever_its_backticks(text: str) -> None:
    from workrules.document import _md_code

    span = _md_code(text)
    fence = re.match("`+", span).group()  # type: ignore[union-attr]
    inner = span[len(fence):-len(fence)]
    # CommonMark: the span ends at the first run of exactly as many backticks as opened it
    assert all(len(run) != len(fence) for run in re.findall("`+", inner))
    assert inner.strip(" ") == text.strip(" ") or inner[1:-1] == text


# ------------------------------------------- 4. a policy's extends: refused at its line


@pytest.mark.parametrize(("policy", "plant", "said"), [
    ("extends-missing.wr", None, "policy file 'missing.wr' does not exist"),
    ("extends-not-utf8.wr", "not-utf8.wr", "policy file 'not-utf8.wr' is not UTF-8 text (byte 67)"),
    ("extends-fifo.wr", "fifo", "policy file 'fifo.wr' is not a regular file"),
    ("extends-huge.wr", "huge", "policy file 'huge.wr' is more than 1,048,576 bytes; longer "
                                "policies are refused"),
])  # fmt: skip
def test_an_extended_policy_that_cannot_be_read_is_refused_at_the_extends(
    repo: Path, capsys: pytest.CaptureFixture[str], policy: str, plant: str | None, said: str
) -> None:
    # Each was refused in a line naming neither the policy that extends it nor the line.
    shutil.copy(HERE / "policies" / policy, ".")
    if plant == "fifo":
        os.mkfifo("fifo.wr")
    elif plant == "huge":
        Path("huge.wr").write_text("#" * (1 << 20) + "\n")
    elif plant is not None:
        shutil.copy(HERE / "policies" / plant, ".")
    code, out, err = run(["check", "--no-config", "--policy", f"./{policy}", "staff.yaml",
                          "rota.yaml"], capsys)  # fmt: skip
    extends = f'extends "{policy.removeprefix("extends-")}"'
    assert (code, out) == (2, "")
    assert err == (f"workrules: ./{policy}:3:1: {said}\n    {extends}\n"
                   f"    {'^' * len(extends)}\n")  # fmt: skip


def test_a_policy_that_is_not_utf8_is_refused_at_the_line_of_its_bad_byte(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(HERE / "policies" / "not-utf8.wr", ".")
    code, out, err = run(["check", "--no-config", "--policy", "./not-utf8.wr", "staff.yaml",
                          "rota.yaml"], capsys)  # fmt: skip
    assert (code, out, err) == (2, "", "workrules: ./not-utf8.wr:4: policy file './not-utf8.wr' "
                                       "is not UTF-8 text (byte 67)\n")  # fmt: skip


# ------------------------------------------ 5. a config's [set]: a name is not a value


@pytest.mark.parametrize(("config", "said"), [
    ("set-name-with-equals.toml", "set: 'upw_contact_hours_max=24 h #' is not a parameter's "
                                  "name: a name or key holds no '=', '[' or ']'"),
    ("set-key-with-bracket.toml", "set: 'SPO]=99 #' is not a key of span_of_control_max: a name "
                                  "or key holds no '=', '[' or ']'"),
])  # fmt: skip
def test_a_set_name_or_key_that_writes_a_value_is_refused_at_its_line(
    repo: Path, capsys: pytest.CaptureFixture[str], config: str, said: str
) -> None:
    # `"upw_contact_hours_max=24 h #" = 1` was passed on as the text
    # `upw_contact_hours_max=24 h #=1` and read as a cap of 24 h (the `#` a comment): the run
    # passed (exit 0) on a value no line of the config writes.
    shutil.copy(HERE / "config" / config, "workrules.toml")
    code, out, err = run(["check", "staff.yaml", "rota.yaml"], capsys)
    assert (code, out, err) == (2, "", f"workrules: workrules.toml:3: {said}\n")


# ------------------------------------- 6. a config's select and ignore: said, not silent


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("config", "said", "rules"), [
    ("ignore-the-breached-rule.toml", "ignore upw-contact-hours", "9 rules"),
    ("select-around-it.toml", "select upw-group-ratio", "1 rule"),
])  # fmt: skip
def test_a_rule_the_config_leaves_out_is_listed_beside_the_findings(
    repo: Path, capsys: pytest.CaptureFixture[str], config: str, said: str, rules: str,
    engine: str,
) -> None:
    # A pull request's `ignore = ["upw-contact-hours"]` (or a `select` around it) left out
    # the rule its rota breaks, and the report said only "0 findings from 29 rules of policy
    # claim-2024 over 2 files; nothing to report": neither the rule nor the file that left it
    # out. Now listed with the values set over the policy's, as a raised cap is.
    shutil.copy(HERE / "config" / config, "workrules.toml")
    code, out, err = run(["check", "--engine", engine, "staff.yaml", "rota.yaml"], capsys)
    assert (code, err) == (0, "")
    assert made_by_masked(out.lstrip("\n").split("\n\n")[-1]) == (
        "Values set for this run, over the policy's (1):\n"
        f"  {said} (the policy's: all 60 rules; set by workrules.toml:2)\n"
        "Made by policy claim-2024 sha256:<digest> and workrules <version>, judged as on <today> "
        "(the day it ran).\n"
        f"0 findings from {rules} of policy claim-2024 over 2 files; nothing to report.\n")
    code, out, err = run(["check", "--engine", engine, "--format", "json", "staff.yaml",
                          "rota.yaml"], capsys)  # fmt: skip
    option, value = said.split(" ")
    assert (code, err) == (0, "")
    assert (f'"settings": [\n    {{\n      "name": "{option}",\n      "value": "{value}",\n'
            '      "policy": "all 60 rules",\n      "file": "workrules.toml",\n      "line": 2\n'
            '    }\n  ],') in out  # fmt: skip


def test_the_command_line_s_own_select_is_not_listed_as_the_config_s(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --select is what the CI job's author typed; it replaces the config's select, which is
    # then not in force and not listed.
    shutil.copy(HERE / "config" / "select-around-it.toml", "workrules.toml")
    code, out, err = run(["check", "--select", "upw-*", "staff.yaml", "rota.yaml"], capsys)
    assert (code, err) == (1, "")
    assert "Values set" not in out
    assert out.endswith("\n1 finding from 4 rules of policy claim-2024 over 2 files; 1 fails the "
                        "run (--fail-on warning).\n")  # fmt: skip


# --------------------------------------- 7. a policy's regexes: bounded in all, not one by one


def test_a_policy_whose_regexes_compile_to_too_large_a_program_is_refused_at_the_one_over(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # RE2 searches in linear time, but compiles in time with the size of its program; each
    # `/\pL{50}N/` is 59,805 steps. 2,500 rules with patterns like these (430 KB, well under
    # the 1 MiB bound) held a run for over five minutes before a record was read. (The bound
    # was 100,000 steps, and the second was refused; it is 1,000 since a search can cost 10 ms
    # a step, tests/test_hostile19.py, and the first is.)
    monkeypatch.setenv("WORKRULES_NO_CACHE", "1")
    shutil.copy(HERE / "policies" / "big-regexes.wr", ".")
    code, out, err = run(["check", "--no-config", "--policy", "./big-regexes.wr", "staff.yaml",
                          "rota.yaml"], capsys)  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        "workrules: ./big-regexes.wr:9:22: the policy's patterns are too large in all: with "
        "this one they compile to 59,805 steps of RE2's program, and at most 1,000 are allowed "
        "in a policy file (a real one needs a few dozen, and a step can cost 10 ms a search of "
        "a long text); write fewer or smaller patterns\n"
        "        where id matches /\\pL{50}0/\n"
        "                         ^^^^^^^^^^\n")  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_a_policy_s_small_regexes_run_and_a_miss_reads_as_english(
    repo: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    # (The explanation of a regex that did not match read "id does not matche".)
    shutil.copy(HERE / "policies" / "small-regexes.wr", ".")
    code, out, err = run(["check", "--no-config", "-q", "--engine", engine, "--policy",
                          "./small-regexes.wr", "staff.yaml", "rota.yaml"], capsys)  # fmt: skip
    assert (code, err) == (1, "")
    assert out == (
        "rota.yaml:5: long-day [5c] U1 ran 9 h (yes).\n"
        "    error: fails the run\n"
        "    subject U1; 2026-11-27; measured the contact hours are 9 h, limit required\n"
        '    because id matches "U1"; id does not match "/(?i)^TEST-/"; the contact hours are 9 h\n'
        "    evidence U1 (rota.yaml:5)\n")  # fmt: skip


# ------------------------------------------ 8. a policy's text searches: bounded in all


def test_mentions_phrases_too_long_in_all_are_refused_at_the_one_over(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A `mentions` phrase is searched for at every word of a text, word by word: one of 3,000
    # words (6 KB of policy) over a job description of "a a a ..." took half a minute.
    shutil.copy(HERE / "policies" / "long-mentions.wr", ".")
    code, out, err = run(["check", "--no-config", "--policy", "./long-mentions.wr",
                          "staff.yaml", "rota.yaml"], capsys)  # fmt: skip
    assert (code, out) == (2, "")
    first, quoted, caret = err.split("\n")[:3]
    assert first == (
        "workrules: ./long-mentions.wr:8:32: the policy's 'mentions' phrases are too long in "
        "all: with this one they have 501 words, and at most 500 are searched for in a policy "
        "file (a real phrase has a few); write shorter phrases")  # fmt: skip
    assert quoted.startswith('        require not (text mentions "a a a ') and caret.startswith(
        " " * 35 + "^")  # fmt: skip


# A text pattern whose 300 phrases start with the same 19 words, over a job description of
# 4,000 words "a": each phrase was tried word by word at every word (over five minutes when
# found, a minute since). The phrases are walked together as a trie of their places, and a
# place's alternatives as a trie of their words: under two seconds.
def test_a_text_pattern_of_many_phrases_that_start_alike_runs_in_seconds(repo: Path) -> None:
    import subprocess
    import sys

    shutil.copy(HERE / "policies" / "wide-pattern.wr", ".")
    shutil.copy(HERE / "jd" / "all-a.md", ".")
    env = {**os.environ, "WORKRULES_NO_CACHE": "1"}
    try:
        done = subprocess.run([sys.executable, "-m", "workrules", "check", "--no-config", "-q",
                               "--policy", "./wide-pattern.wr", "all-a.md"], env=env,
                              capture_output=True, text=True, timeout=20, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("still running after 20 s")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


REFUSALS = {
    # Each entry of a word list stands in every place that names it: four lists of three
    # entries, each naming the one before three times, are 3**81 phrases. The policy, 250
    # bytes, took all the machine's memory (killed after a minute, 53 s of it in the kernel).
    "word lists that multiply, before they are expanded": (
        "list-bomb.wr",
        "workrules: ./list-bomb.wr:7:12: \"{x3} {x3} {x3}\" brings the phrases the policy's "
        "word lists expand to over 500,000 words (the claim's need about 180,000): each entry of "
        "a list stands in every place that names it; name fewer lists in one entry\n"
        '    words x4 = "{x3} {x3} {x3}"\n'
        "               ^^^^^^^^^^^^^^^^\n"),
    # 300 phrases, each of its own word list of 20 words starting alike: the lists are other
    # places, so no trie shares them, and each word of "a a a ..." starts 300 walks (6,000
    # steps a word; the claim's patterns take at most about 60). Refused once the text has
    # cost 500 steps a word (MAX_MATCH_STEPS), in about a second, at the pattern's line.
    "a text pattern that tries too much at each word, at its line": (
        "many-lists.wr",
        "workrules: ./many-lists.wr:307: pattern many takes more than 500 steps for each word "
        "of a text to read it (the claim's take at most 70): its phrases, word lists or gaps "
        "try too much at each word; write fewer phrases or entries, or shorter ones\n"),
}  # fmt: skip


@pytest.mark.parametrize("case", REFUSALS)
def test_a_policy_that_would_hold_the_machine_is_refused(
    case: str, repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    policy, refusal = REFUSALS[case]
    monkeypatch.setenv("WORKRULES_NO_CACHE", "1")
    shutil.copy(HERE / "policies" / policy, ".")
    shutil.copy(HERE / "jd" / "all-a.md", ".")
    code, out, err = run(["check", "--no-config", "--policy", f"./{policy}", "all-a.md"], capsys)
    assert (code, out, err) == (2, "", refusal)


def test_the_claim_s_patterns_read_dense_text_well_within_the_bound_of_steps() -> None:
    from workrules import textpattern
    from workrules.limits import MAX_MATCH_STEPS
    from workrules.policy import load_policy

    policy = load_policy("claim-2024")
    # each pattern over text made of its own policy's phrases, each after a negation (so that
    # every one is read and cancelled): the most a word costs the claim
    negations = [i.value for i in policy.words["negation"].items if "{" not in i.value]
    entries = [i.value for w in policy.words.values() for i in w.items
               if "{" not in i.value and "..." not in i.value]  # fmt: skip
    text = " ".join(f"{negations[k % len(negations)]} {e}" for k, e in enumerate(entries))
    words = 1 + len(text.split())
    for decl in policy.patterns.values():
        matcher = textpattern.compile_pattern(decl, policy.words, lambda m, p: AssertionError(m),
                                              policy.patterns)  # fmt: skip
        textpattern._LAST[:] = [None, None, None]
        matcher.first(text)
        assert textpattern._WORK[0] < MAX_MATCH_STEPS // 5 * words, decl.name


def test_the_claim_s_word_lists_expand_well_within_the_bound() -> None:
    from workrules import textpattern
    from workrules.limits import MAX_PATTERN_WORDS
    from workrules.policy import load_policy

    policy = load_policy("claim-2024")
    decls = dict(policy.patterns)
    budget = [0]
    for decl in decls.values():
        textpattern.compile_pattern(decl, policy.words, lambda m, p: AssertionError(m), decls,
                                    budget=budget)  # fmt: skip
    # two fifths of the bound at most: a policy that extends the claim has the rest (48,606
    # when this was written; 110,326 in session 29, raised from a fifth then; 124,997 in
    # session 30, whose new phrases were cut to fit a quarter; 183,010 in session 31, raised to
    # two fifths then: compiling the claim's patterns took 0.07-0.11 s at 125,000 words and at
    # 166,000, as their places are made when first walked; 201,565 in session 35, raised to
    # nine twentieths, which leaves an extending policy 275,000; 228,439 in session 41, raised
    # to 23 fiftieths, which leaves it 270,000: a job description's check measured the same;
    # 229,753 in session 42; 232,365 in session 44, raised to 47 hundredths, which leaves it
    # 265,000; 235,211 in session 48, raised to 48 hundredths, which leaves it 260,000;
    # 243,695 in session 51 (the organisations of earlier years, another's role as the
    # subject), raised to a half, which leaves it 250,000; 251,713 in session 52 (JD
    # templates' and drafts' words, posts of changing grade), raised to 52 hundredths, which
    # leaves it 240,000: the largest JD fixture, review39's repeated lines, checked in 1.43-1.46 s
    # against 1.12-1.27 s before, one run each in turns)
    assert 40_000 < budget[0] < MAX_PATTERN_WORDS * 52 // 100
