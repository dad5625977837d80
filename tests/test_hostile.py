"""A repository checked by workrules may be hostile: nothing in it may crash the run, and no
value in it may act on a terminal, a CI log or a rendered document.

- A crash is never a finding: an unexpected exception exits 70 (not 1) with one line that says
  it is a bug; `--debug` (before or after the command) adds the traceback.
- Each input that once crashed (a lone surrogate, dates near the year 9999, an escape-only id,
  a number beyond 64 bits, odd YAML tags, a 4,300-digit ratio, 200 chained terms, 2,000 nested
  TOML brackets, a YAML file that needs gigabytes) is refused in one line with its place
  (exit 2), or checked as normal.
- Values are inert in every format: a line break, control character, ANSI escape or bidi
  control in data or a policy is written as an escape, and no line of a report starts with a
  GitHub workflow command (`::`) that the data put there.

The fuzz tests at the end push generated policies and data, built from valid pieces and
hostile strings, numbers and dates, through every output format. They run a few hundred
examples by default; `WORKRULES_FUZZ=long` runs thousands (the `hostile-long` profile):

    WORKRULES_FUZZ=long .venv/bin/python -m pytest -q tests/test_hostile.py -k fuzz
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from workrules import load
from workrules.cli import EXIT_BUG, main
from workrules.document import render_policy
from workrules.errors import printable
from workrules.limits import MAX_NUMBER
from workrules.policy import load_policy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STAFF = "example/staff.yaml"
TODAY = "2024-07-01"
FORMATS = ("table", "text", "json", "sarif", "junit", "github", "html")

# What must never reach an output from the data: C0/C1 controls but for the line breaks and
# tabs a format writes itself, DEL, bidi controls, Unicode line separators.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
ANNOTATION = re.compile(r"::(error|warning|notice) file=[^\s:]*(,line=\d+)?(,title=[^:]*)?::")


@pytest.fixture(autouse=True)
def _in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)


def run(argv: Sequence[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse exits rather than returning
            code = exit_.code  # type: ignore[assignment]
    return code, out.getvalue(), err.getvalue()


def check(*files: str, policy: str | None = None, fmt: str = "text") -> list[str]:
    args = ["check", *files, "--no-config", "--today", TODAY, "--format", fmt]
    return args + (["--policy", policy] if policy else [])


def refused(argv: Sequence[str], where: str, *phrases: str, excerpt: bool = False) -> str:
    """Exit 2, nothing on stdout, one line `workrules: WHERE: ...` (plus the policy excerpt)."""
    code, out, err = run(argv)
    assert (code, out) == (2, ""), err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == (3 if excerpt else 1), err
    assert lines[0].startswith(f"workrules: {where}: "), lines[0]
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    return lines[0]


# ---------------------------------------------------------------------------------------------
# A crash is a bug, in its own words and with its own exit status.


def _crash(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("boom\n::error::not from workrules")


def test_an_unexpected_exception_exits_70_with_one_line_that_says_it_is_a_bug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("workrules.api.check", _crash)
    code, out, err = run(check("example/rota.yaml", STAFF))
    assert (code, out) == (EXIT_BUG, "")
    assert EXIT_BUG == 70
    (line,) = err.splitlines()
    assert line.startswith("workrules: internal error (RuntimeError: boom\\n::error::not from ")
    assert "This is a bug in workrules, not a finding" in line
    assert "--debug" in line


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_before_or_after_the_command_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.setattr("workrules.api.check", _crash)
    argv = check("example/rota.yaml", STAFF)
    argv = ["--debug", *argv] if where == "before" else [*argv, "--debug"]
    code, _, err = run(argv)
    assert code == EXIT_BUG
    assert err.startswith("Traceback (most recent call last):")
    assert err.splitlines()[-1].startswith("workrules: internal error (RuntimeError: boom")


def test_help_and_readme_give_the_exit_status_of_a_bug() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    assert "70 an internal error (a bug in" in " ".join(out.split())
    for page in ("README.md", "docs/index.md"):
        text = " ".join((FIXTURES.parent / page).read_text(encoding="utf-8").split())
        assert "70 means workrules itself failed" in text or "70 workrules itself failed" in text


# ---------------------------------------------------------------------------------------------
# Data that crashed: refused in one line with its place.


@pytest.mark.parametrize(
    ("file", "line", "phrase"),
    [
        ("lone-surrogate.json", 3, "\\ud800 is half of a UTF-16 surrogate pair"),
        ("week-in-9999.yaml", 5, "week '9999-12-27' is outside the dates workrules accepts "
                                 "(1900-01-01 to 2999-12-31)"),
        ("session-on-9999-12-31.yaml", 5, "date '9999-12-31' is outside the dates"),
        ("hours-beyond-64-bits.yaml", 5, "99999999999999999999 is too large a number for a "
                                         "data file (the largest accepted is 1,000,000,000"),
        ("hours-beyond-64-bits.json", 4, "99999999999999999999 is too large a number"),
        ("hours-that-sum-to-infinity.yaml", 5, "1.7e+308 is too large a number"),
        ("bool-tag-maybe.yaml", 4, "'maybe' is not true or false"),
        ("int-tag-on-text.yaml", 4, "'abc' is not a whole number"),
        ("map-tag-on-text.yaml", 2, "the YAML tag !!map is given to a value that is not a "
                                    "mapping"),
    ],
)  # fmt: skip
def test_data_that_crashed_is_refused_with_its_line(file: str, line: int, phrase: str) -> None:
    for fmt in FORMATS:
        if fmt in ("sarif", "junit", "github"):  # these still report, saying why (exit 2)
            code, out, err = run(check(f"hostile/{file}", STAFF, fmt=fmt))
            assert code == 2 and out and err.startswith(f"workrules: hostile/{file}:{line}: ")
            _assert_inert(fmt, out)
            continue
        refused(check(f"hostile/{file}", STAFF, fmt=fmt), f"hostile/{file}:{line}", phrase)


def test_a_refused_input_writes_no_report(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    argv = [*check("hostile/lone-surrogate.json", STAFF, fmt="json"), "-o", str(target)]
    refused(argv, "hostile/lone-surrogate.json:3", "surrogate")
    assert not target.exists()


def test_a_paired_surrogate_escape_is_an_ordinary_character(tmp_path: Path) -> None:
    data = tmp_path / "emoji.json"
    data.write_text('{"kind": "staff", "unit": "PDU \\ud83d\\ude00 \\\\ud800", "staff": []}\n')
    doc = load.read_document(str(data))
    assert doc.data["unit"] == "PDU \U0001f600 \\ud800"


@pytest.mark.parametrize("number", ["1e10", "9.9e9", "1000000001", "-1000000001"])
def test_json_numbers_beyond_the_bound_are_refused(tmp_path: Path, number: str) -> None:
    data = tmp_path / "big.json"
    data.write_text(f'{{"kind": "staff", "unit": "X",\n "staff": [{{"id": "S1", "grade": "PO", '
                    f'"contracted_hours": {number}}}]}}\n')  # fmt: skip
    refused(["check", str(data), "--no-config"], f"{data}:2", f"{number} is too large a number")


def test_numbers_up_to_the_bound_load(tmp_path: Path) -> None:
    data = tmp_path / "edge.json"
    data.write_text(f'{{"a": {MAX_NUMBER}, "b": -{MAX_NUMBER}, "c": 1.5e-7, "d": 999999999.5}}')
    assert load.read_document(str(data)).data == {
        "a": MAX_NUMBER, "b": -MAX_NUMBER, "c": 1.5e-7, "d": 999999999.5}  # fmt: skip


def test_today_outside_the_date_range_is_refused() -> None:
    code, out, err = run([*check("example/rota.yaml", STAFF), "--today", "9999-12-31"])
    assert (code, out) == (2, "")
    assert "'9999-12-31' is outside the dates workrules accepts" in err


def test_a_config_with_2000_nested_brackets_is_refused() -> None:
    argv = ["check", STAFF, "--config", "hostile/nested-brackets.toml"]
    refused(argv, "hostile/nested-brackets.toml", "not valid TOML: nested too deeply")


# YAML memory: libyaml builds a node for every value before any is used.


def test_yaml_with_more_values_than_the_bound_is_refused_before_parsing(tmp_path: Path) -> None:
    data = tmp_path / "many.yaml"
    data.write_text("kind: rota\nunit: X\ntimesheets: [" + ",".join(["1"] * 1_000_001) + "]\n")
    assert data.stat().st_size < load.MAX_YAML_BYTES
    refused(["check", str(data), "--no-config"], str(data),
            "YAML files are limited to 1,000,000", "export large data sets as JSON")  # fmt: skip


def test_yaml_above_the_size_bound_is_refused_unread(tmp_path: Path) -> None:
    data = tmp_path / "big.yaml"
    data.write_text("# " + "x" * load.MAX_YAML_BYTES + "\n")
    refused(["check", str(data), "--no-config"], str(data),
            "files above 8,388,608 bytes are refused", "export large data sets as JSON")  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Policies that crashed: refused at policy-check time with file, line and caret.


def test_a_4300_digit_ratio_in_a_policy_is_refused_with_a_caret() -> None:
    argv = check("example/rota.yaml", STAFF, policy="./hostile/huge-ratio.wr")
    first = refused(argv, "./hostile/huge-ratio.wr:5:17", "(4,302 characters) is too large a "
                    "number (the largest accepted is 1,000,000,000)", excerpt=True)  # fmt: skip
    assert "99999" in first


@pytest.mark.parametrize("value", ["9" * 5000, "1:" + "9" * 4300, "9" * 400 + " h", "1000000001"])
def test_a_huge_or_infinite_set_value_is_refused(value: str) -> None:
    name = "upw_ratio" if ":" in value else "upw_contact_hours_max"
    code, out, err = run(["rules", "--set", f"{name}={value}"])
    assert (code, out) == (2, ""), err
    assert "Traceback" not in err
    assert "is too large a number (the largest accepted is 1,000,000,000)" in err, err


def test_200_chained_terms_are_refused_with_a_caret() -> None:
    argv = check("example/rota.yaml", STAFF, policy="./hostile/chained-terms.wr")
    refused(argv, "./hostile/chained-terms.wr:9:1033", "this expression is nested more than 64 "
            "levels deep", "split it with 'let'", excerpt=True)  # fmt: skip


@pytest.mark.parametrize(
    ("policy", "where", "phrase"),
    [
        ("doubling-lets", "22:19", "this expression grows to 16,383 terms with its lets written "
                                   "out where they are used (at most 10,000 terms and 64 levels)"),
        ("deep-lets", "73:19", "this expression nests 65 levels deep with its lets written out"),
    ],
)  # fmt: skip
def test_lets_that_grow_without_bound_when_written_out_are_refused(
    policy: str, where: str, phrase: str
) -> None:
    argv = check("example/rota.yaml", STAFF, policy=f"./hostile/{policy}.wr")
    refused(argv, f"./hostile/{policy}.wr:{where}", phrase, excerpt=True)


def test_a_date_in_9999_in_a_policy_is_refused_with_a_caret() -> None:
    argv = check("example/rota.yaml", STAFF, policy="./hostile/date-in-9999.wr")
    refused(argv, "./hostile/date-in-9999.wr:4:22", "9999-12-31 is outside the dates",
            excerpt=True)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Values are inert in every format.


def _outputs(argv: list[str]) -> dict[str, str]:
    outs = {}
    for fmt in FORMATS:
        code, out, err = run([*argv, "--format", fmt])
        assert code == 1, err
        outs[fmt] = out
    return outs


def _assert_inert(fmt: str, out: str) -> None:
    assert RAW_CONTROL.search(out) is None, (fmt, RAW_CONTROL.search(out))
    for line in out.splitlines():
        if line.lstrip().startswith("::"):
            assert fmt == "github" and ANNOTATION.match(line), (fmt, line)
    if fmt in ("json", "sarif"):
        json.loads(out)
    if fmt == "junit":
        ET.fromstring(out)
    if fmt == "html":
        assert_only_our_markup(out)


# The elements and attributes the HTML report writes itself: a value that brought markup of
# its own would add another, or an attribute, or a second <title> or <style>.
_HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p",
              "section", "figure", "figcaption", "svg", "g", "text", "rect", "table",
              "caption", "thead", "tbody", "tr", "th", "td", "br", "main", "a",
              "div"}  # fmt: skip
_HTML_ATTRS = {"lang", "charset", "http-equiv", "content", "name", "class", "role",
               "aria-label", "xmlns", "viewbox", "width", "height", "x", "y", "text-anchor",
               "scope", "id", "href", "data-label"}  # fmt: skip


def assert_only_our_markup(page: str) -> None:
    """`page` holds only the report's own elements and attributes, one <style>, and no
    <title> but the page's and one per chart bar."""
    from html.parser import HTMLParser

    seen: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            assert tag in _HTML_TAGS, tag
            assert {a for a, _ in attrs} <= _HTML_ATTRS, (tag, attrs)
            # the one link is the report's own, to its first table of findings
            assert all(v == "#findings" for a, v in attrs if a == "href"), attrs
            seen.append(tag)

    Tags().feed(page)
    assert seen.count("style") == 1 and seen.count("script") == 0 and seen.count("a") <= 1
    assert seen.count("title") == 1 + seen.count("rect")
    assert "<script" not in page.lower()


@pytest.mark.parametrize(("fixture", "line", "id_"), [
    ("workflow-command-in-an-id.yaml", 6, "'U1\\n::add-mask::secret\\n::error file=x::injected'"),
    ("escape-only-id.yaml", 6, "'\\u001b[0m'"),
])  # fmt: skip
def test_control_characters_and_workflow_commands_in_an_id_are_refused_and_shown_escaped(
    fixture: str, line: int, id_: str
) -> None:
    # An id with a line break and a workflow command after it, a NUL and an ANSI colour, or
    # nothing but an escape: such an id is another than the one it shows (attack round 22:
    # `S<DEL>1` split one supervisor in two), refused in every format, its id written as
    # escapes on one line of the error, never obeyed.
    for fmt in FORMATS:
        code, out, err = run(["check", f"hostile/{fixture}", STAFF, "--no-config", "--today",
                              TODAY, "--format", fmt])  # fmt: skip
        assert code == 2, (fmt, err)  # (SARIF and JUnit say so in a report of their own)
        assert RAW_CONTROL.search(err) is None and len(err.splitlines()) == 1, (fmt, err)
        assert RAW_CONTROL.search(out) is None, fmt
        assert err.startswith(f"workrules: hostile/{fixture}:{line}: unpaid work session id "
                              f"{id_} "), (fmt, err)  # fmt: skip


def test_a_line_break_in_a_policy_text_is_refused_with_a_caret() -> None:
    argv = check("example/rota.yaml", STAFF, policy="./hostile/title-with-line-breaks.wr")
    refused(argv, "./hostile/title-with-line-breaks.wr:3:21", "a text in a policy is one line "
            "of printable characters; this one holds \\n (U+000A)", excerpt=True)  # fmt: skip


def test_commands_and_markup_in_policy_texts_are_shown_as_text() -> None:
    argv = ["check", "example/rota.yaml", STAFF, "--no-config", "--today", TODAY,
            "--policy", "./hostile/commands-in-policy-texts.wr"]  # fmt: skip
    outs = _outputs(argv)
    for fmt, out in outs.items():
        _assert_inert(fmt, out)
    assert outs["github"].startswith(
        "::error file=example/rota.yaml,line=16,title=upw-many [%3A%3Aerror%3A%3A5a]::"
        "::add-mask::2024-06-07 has 2 sessions (::error::5a).\n"
    )
    policy = load_policy("./hostile/commands-in-policy-texts.wr")
    markdown = render_policy(policy, "markdown")
    assert [h for h in markdown.splitlines() if h.startswith("#")] == [
        "# ::add-mask::secret \\<script\\>x\\</script\\>", "## Contents", "## Parameters",
        "## Rules", "### `upw-many`"]  # fmt: skip
    assert "<h1>::add-mask::secret &lt;script&gt;x&lt;/script&gt;</h1>" in render_policy(
        policy, "html")


def test_a_document_writes_line_breaks_in_its_text_as_escapes() -> None:
    from workrules.document import Span

    assert Span("Title\n# heading\x1b[0m").text == "Title\\n# heading\\x1b[0m"


def test_a_file_named_like_a_workflow_command_does_not_start_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "::error::x.yaml").write_text(
        (FIXTURES / "example/rota.yaml").read_text(encoding="utf-8"))
    (folder / "staff.yaml").write_text((FIXTURES / STAFF).read_text(encoding="utf-8"))
    monkeypatch.chdir(folder)
    argv = ["check", "::error::x.yaml", "staff.yaml", "--no-config", "--today", TODAY]
    outs = _outputs(argv)
    for fmt, out in outs.items():
        _assert_inert(fmt, out)
    assert outs["text"].startswith("./::error::x.yaml:6: unrecompensed-hours [4c]")


# Every text of the example data (ids, names, units, sites, references alike, so that they
# still resolve), with a hostile ending, through every format.
# Sign-offs are a vocabulary too: one more character on a known one is a slip, refused.
_FIXED_VOCABULARY = {"kind", "date", "week", "qualified_on", "until", "grade", "roles", "flags",
                     "rosh", "reoffending", "type", "required_signoffs",
                     "signed_off"}  # fmt: skip


# Ids and the references to them: an id with a control character is refused (attack round 22)
_IDS = {"id", "staff", "supervisors", "chair", "practitioner", "line_manager", "pta",
        "pso_assessor", "author", "allocated_to", "facilitators", "manager"}  # fmt: skip


def _with_ending(node: Any, ending: str, key: str = "", ids: bool = True) -> Any:
    if isinstance(node, dict):
        return {k: _with_ending(v, ending, k, ids) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_ending(v, ending, key, ids) for v in node]
    skip = _FIXED_VOCABULARY if ids else _FIXED_VOCABULARY | _IDS
    return node + ending if isinstance(node, str) and key not in skip else node


@pytest.mark.parametrize(
    "ending", ["\x1b[0m", "\n::error::x", "\x00", "##[error]", "::add-mask::s"]
)
def test_every_text_of_the_example_data_can_be_hostile(tmp_path: Path, ending: str) -> None:
    # Its ids too, where an id may hold the ending; one with a control character is refused
    # (attack round 22), and every other text then carries the ending.
    ids = not re.search("[\x00-\x08\x0e-\x1b\x7f]", ending)
    files = []
    for name in ("rota", "allocation", "staff"):
        doc = load.read_document(str(FIXTURES / f"example/{name}.yaml"))
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(_with_ending(doc.data, ending, ids=ids)), encoding="utf-8")
        files.append(str(path))
    for fmt, out in _outputs(["check", *files, "--no-config", "--today", TODAY]).items():
        _assert_inert(fmt, out)


# ---------------------------------------------------------------------------------------------
# Fuzz: generated data and policies through every format.

settings.register_profile(
    "hostile", max_examples=120, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.filter_too_much],
)  # fmt: skip
settings.register_profile("hostile-long", parent=settings.get_profile("hostile"),
                          max_examples=3000, derandomize=False)  # fmt: skip
FUZZ = settings.get_profile(
    "hostile-long" if os.environ.get("WORKRULES_FUZZ") == "long" else "hostile"
)

NASTY = [
    "", " ", "\n::error::injected", "::add-mask::secret", "\r\n::warning file=x::y", "\x00",
    "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\u202eexe.txt", "\u2066x\u2069", "\u2028",
    "\x85", "\x7f", "\ud800", "\udfff", "##[error]old command", "%0A%25", "a,b:c", "<b>&amp;",
    "`code`", "| pipe |", "# heading", "-", "1e999", "NaN", "S001", "U\ud800", "\t",
    "\ufeff", "x" * 300, "\U0001f600",
]  # fmt: skip
hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=12),
)
hostile_number = st.one_of(
    st.sampled_from([0, 1, 7, 37.5, -1, 1e308, 1.7e308, 10**20, 2**63, MAX_NUMBER,
                     MAX_NUMBER + 1, 0.1, 1e-300]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**25), max_value=10**25),
)
hostile_date = st.one_of(
    st.sampled_from(["9999-12-31", "9999-12-27", "0001-01-01", "1899-12-31", "2999-12-31",
                     "1900-01-01", "2024-02-30", "2024-W53", "2020-W53", "2024-06-03"]),
    st.dates().map(lambda d: d.isoformat()),
)
value = st.one_of(hostile_text, hostile_number, hostile_date, st.sampled_from(["S010", "S001"]))


@st.composite
def rota(draw: st.DrawFn) -> dict[str, Any]:
    """A rota with sessions and timesheets, each field sometimes valid, sometimes hostile: text
    fields (which reach the reports) often, numbers and dates (which are refused) seldom."""

    def pick(valid: Any) -> Any:
        text = isinstance(valid, str) and valid[:1] in ("U", "F")
        if draw(st.integers(0, 9)) >= (5 if text else 9):
            return draw(hostile_text if text else value)
        return valid

    sessions = [
        {"id": pick(f"U{i}"), "date": pick("2024-06-04"), "supervisors": [pick("S010")],
         "members": pick(8), "contact_hours": pick(7)}
        for i in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    sheets = [
        {"staff": pick("S001"), "week": pick("2024-06-03"), "hours_worked": pick(41.5),
         "toil_hours": pick(2), "paid_excess_hours": pick(0)}
        for _ in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    return {"kind": "rota", "unit": pick("Fixture PDU"), "upw_sessions": sessions,
            "timesheets": sheets}  # fmt: skip


def _write_data(folder: Path, data: dict[str, Any], as_yaml: bool) -> str | None:
    if as_yaml:
        try:
            text = yaml.safe_dump(data, allow_unicode=True)
            text.encode("utf-8")
        except (yaml.YAMLError, UnicodeEncodeError):
            return None
        path = folder / "rota.yaml"
        path.write_text(text, encoding="utf-8")
    else:
        path = folder / "rota.json"
        path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return str(path)


def _assert_contract(code: int, out: str, err: str) -> None:
    assert code in (0, 1, 2), (code, err)
    assert code != EXIT_BUG and "Traceback" not in err, err
    assert RAW_CONTROL.search(err) is None, err
    if code == 2:  # one line per error (a policy error adds a 2-line excerpt)
        lines = err.splitlines()
        assert lines and lines[0].startswith("workrules: "), err
        assert len(lines) == 3 or all(line.startswith("workrules: ") for line in lines), err


def _every_format(files: list[str], policy: str | None, folder: Path) -> None:
    for fmt in FORMATS:
        target = folder / f"out.{fmt}"
        target.unlink(missing_ok=True)
        argv = ["check", *files, "--no-config", "--today", TODAY, "--format", fmt,
                "-o", str(target)]  # fmt: skip
        code, _, err = run(argv + (["--policy", policy] if policy else []))
        _assert_contract(code, "", err)
        event(f"check exits {code}")
        if code == 2:
            event(re.sub(r"[0-9]+", "N", err.split(": ", 2)[-1][:40]))
        if code == 2:
            assert not target.exists()
            return  # refused: every format refuses it alike
        _assert_inert(fmt, target.read_text(encoding="utf-8"))


@FUZZ
@given(data=rota(), as_yaml=st.booleans())
def test_fuzz_hostile_data_through_every_format(data: dict[str, Any], as_yaml: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _write_data(folder, data, as_yaml)
        if path is not None:
            _every_format([path, str(FIXTURES / STAFF)], None, folder)


def _dsl_string(text: str) -> str:
    """`text` as a policy string: a line break written `\\n`, which the string then holds."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


@st.composite
def policy_text(draw: st.DrawFn) -> str:
    """A small policy from valid pieces, with hostile text, numbers, dates and chains: texts
    that look like commands or markup always, and at most one piece a policy must refuse."""
    hostile = draw(st.sampled_from(["none", "none", "none", "text", "num", "ratio", "date"]))
    num, ratio, when = "8", "1:6", "2024-06-03"
    if hostile == "num":
        num = draw(st.one_of(st.sampled_from(["9" * 400, "1000000001", "1.5 h", "0"]),
                             st.integers(0, 10**12).map(str)))  # fmt: skip
    elif hostile == "ratio":
        ratio = draw(st.integers(0, 10**12).map(lambda k: f"1:{k}"))
    elif hostile == "date":
        when = draw(hostile_date)
    terms = draw(st.integers(1, 80))
    chain = " + ".join(["contact_hours"] * terms)
    policy_text = (
        hostile_text.filter(lambda t: not re.search("[\ud800-\udfff]", t))
        if hostile == "text"
        else st.sampled_from([t for t in NASTY if printable(t) == t])
    )
    return "\n".join([
        f"policy fuzz {_dsl_string(draw(policy_text))}",
        f"param cap: hours = {num}",
        f"param ratio: ratio = {ratio}",
        f"param since: date = {when}",
        "",
        "rule fuzz-rule",
        f"    clause {_dsl_string(draw(policy_text))}",
        f"    title {_dsl_string(draw(policy_text))}",
        f"    why {_dsl_string(draw(policy_text))}",
        "    from since",
        "    for each upw_session",
        f"    where {chain} > 0",
        "    per date",
        "    measure sum of contact_hours at most cap",
        f"    say {_dsl_string(draw(policy_text) + ' {date} {value} {limit} ({clause})')}",
        "",
        "rule fuzz-ratio",
        f"    clause {_dsl_string(draw(policy_text))}",
        f"    title {_dsl_string(draw(policy_text))}",
        '    why "w"',
        "    for each upw_session",
        "    ratio supervisors to members at most ratio",
        '    say "{id}: {value} ({clause})."',
        "",
    ])  # fmt: skip


@FUZZ
@given(source=policy_text())
def test_fuzz_hostile_policies_through_every_format_and_render(source: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        policy = folder / "fuzz.wr"
        try:
            policy.write_text(source, encoding="utf-8")
        except UnicodeEncodeError:  # a lone surrogate cannot be in a file: write its bytes
            policy.write_bytes(source.encode("utf-8", "surrogatepass"))
        for fmt in ("markdown", "html"):
            target = folder / f"policy.{fmt[:2]}"
            code, _, err = run(["render", str(policy), "--format", fmt, "-o", str(target)])
            _assert_contract(code, "", err)
            if code == 0:
                rendered = target.read_text(encoding="utf-8")
                assert RAW_CONTROL.search(rendered) is None
                if fmt == "markdown":
                    assert rendered.startswith("# ") and not rendered.startswith("# \n")
                    assert sum(line.startswith("# ") for line in rendered.splitlines()) == 1
        data = [str(FIXTURES / "example/rota.yaml"), str(FIXTURES / STAFF)]
        _every_format(data, str(policy), folder)
