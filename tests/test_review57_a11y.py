"""Reports a screen reader or a phone can use (review 57, first hour round 47).

A blind rep with a screen reader and a rep with only a phone read the reports of their own
team: in `text` and `table` an advisory finding differed from a failing one by its colour
alone; the table could not be made lastingly `text`; "Not applied" listed rules applied in
part, after their findings; and the HTML page was 900 px wide on a 360 px phone, its chart
labels 5.5 px high, its charts named "3: 1", its opening a 64-character digest, and its title
the same for every report. fixtures/review57/a11y/README.md says what the files hold.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import made_by_masked

from workrules import __version__
from workrules.cli import main

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review57" / "a11y"
CHECK = ["check", "team/", "--today", "2026-11-02", "--no-config"]


@pytest.fixture(autouse=True)
def _in_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    monkeypatch.delenv("WORKRULES_FORMAT", raising=False)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _expected(name: str) -> str:
    return (HERE / "expected" / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- P1: severity


def test_the_text_report_says_each_findings_severity_in_words_under_it() -> None:
    code, out, err = run(*CHECK, "--format", "text")
    assert (code, made_by_masked(out), err) == (1, made_by_masked(_expected("team.txt")), "")
    assert ("team/rota.yaml:9: hours-without-contract [3] TP121 worked 22 h in the week of "
            "2026-10-19 but has no contracted hours in the staff list, so hours over contract "
            "(4c) could not be judged (3).\n    advisory: does not fail the run\n    subject "
            "TP121; ") in out
    assert out.count("\n    error: fails the run\n") == 4


def test_the_severity_follows_fail_on_and_a_waiver() -> None:
    _, out, _ = run(*CHECK, "--format", "text", "--fail-on", "advisory")
    assert "\n    advisory: fails the run\n" in out
    _, out, _ = run(*CHECK, "--format", "text", "--fail-on", "never")
    assert out.count(": does not fail the run\n") == 5
    # a waived finding (fixtures/redact's config waives one under 5c) fails no run
    code, out, _ = run("check", str(ROOT / "fixtures" / "redact"), "--config",
                       str(ROOT / "fixtures" / "redact" / "workrules.toml"), "--today",
                       "2024-07-01", "--format", "text")  # fmt: skip
    assert code == 1
    assert re.search(r"upw-contact-hours \[5c\] \(waived\) [^\n]*\n    error, waived: does not "
                     r"fail the run\n", out)  # fmt: skip


def test_the_table_says_the_severity_under_the_rule_without_colour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run(*CHECK, "--format", "table")
    assert code == 1 and "\x1b" not in out
    assert made_by_masked(out) == made_by_masked(_expected("team-table.txt"))
    assert "│ [3]                    │" in out
    assert "│ advisory: does not     │" in out and "│ fail the run           │" in out


# ------------------------------------------------------------------ P3: text as the default


def test_workrules_format_makes_text_the_default_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")  # (NVDA in Windows Terminal, VoiceOver)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    out = io.StringIO()
    monkeypatch.setattr(out, "isatty", lambda: True, raising=False)
    with contextlib.redirect_stdout(out):
        assert main([*CHECK]) == 1
    assert out.getvalue().startswith("┌")  # a table, by default
    monkeypatch.setenv("WORKRULES_FORMAT", "text")
    out = io.StringIO()
    monkeypatch.setattr(out, "isatty", lambda: True, raising=False)
    with contextlib.redirect_stdout(out):
        assert main([*CHECK]) == 1
    assert made_by_masked(out.getvalue()) == made_by_masked(_expected("team.txt"))
    # the whole sentence on one line, as the first hour's reproduction listens for it
    assert "was above 110% of WMT from 2026-10-05 to 2026-10-18" in out.getvalue()


def test_format_and_the_output_files_suffix_win_over_workrules_format(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setenv("WORKRULES_FORMAT", "json")
    code, out, _ = run(*CHECK)
    assert code == 1 and out.startswith("{")
    code, out, _ = run(*CHECK, "--format", "text")
    assert code == 1 and out.startswith("team/allocation.yaml:5: wmt-over-ceiling")
    code, _, _ = run(*CHECK, "-o", str(tmp_path / "pack.html"))
    assert code == 1 and (tmp_path / "pack.html").read_text().startswith("<!DOCTYPE html>")
    monkeypatch.setenv("WORKRULES_FORMAT", " Text ")  # as a profile may write it
    code, out, _ = run(*CHECK)
    assert code == 1 and out.startswith("team/allocation.yaml:5: wmt-over-ceiling")


def test_a_workrules_format_that_names_no_format_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WORKRULES_FORMAT", "txt")
    assert run(*CHECK) == (2, "", "workrules: WORKRULES_FORMAT=txt: choose one of table, text, "
                           "json, sarif, junit, codequality, github, html, csv (did you mean "
                           "'text'?), or "
                           "unset it\n")  # fmt: skip
    # (unread when --format names the format)
    assert run(*CHECK, "--format", "text")[0] == 1


def test_a_projects_config_cannot_choose_the_format(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # the format is the user's, from the environment: a repository's config that could set
    # it is a config that could change what a gate's log shows
    (tmp_path / "workrules.toml").write_text('format = "json"\n', encoding="utf-8")
    for name in ("staff.yaml", "rota.yaml", "allocation.yaml"):
        (tmp_path / name).write_text((HERE / "team" / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")  # fmt: skip
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "staff.yaml", "rota.yaml")
    assert (code, out) == (2, "") and "the config has no setting 'format'" in err


# ------------------------------------------------------------------ P7: applied in part


def test_rules_applied_in_part_are_not_listed_as_not_applied() -> None:
    _, out, _ = run(*CHECK, "--format", "text")
    not_applied = out[out.index("\nNot applied (7 rules):\n"):out.index("\nApplied in part")]
    assert "applied in part" not in not_applied and "unrecompensed-hours" not in not_applied
    assert ("\nApplied in part (5 rules):\n  unrecompensed-hours [4c]: applied in part: no "
            "timesheet in the data gives TOIL hours") in out
    _, page, _ = run(*CHECK, "--format", "html")
    assert "<h2>Rules not applied (7)</h2>" in page
    assert "<h2>Rules applied in part (5)</h2>" in page
    unjudged = page[page.index("<h2>Rules not applied"):page.index("<h2>Rules applied in part")]
    assert "unrecompensed-hours" not in unjudged and "applied in part:" not in unjudged


# ------------------------------------------------------------------------ P2, P6, P8, P9, P14


def test_the_page_opens_with_a_short_digest_and_keeps_the_whole_one_in_its_head() -> None:
    _, page, _ = run(*CHECK, "--format", "html")
    whole = hashlib.sha256((ROOT / "policies" / "claim-2024.wr").read_bytes()).hexdigest()
    head, body = page.split("<body>")
    assert f'<meta name="workrules-policy-digest" content="sha256:{whole}">' in head
    assert re.search(r"[0-9a-f]{64}", body) is None
    assert (f"<p>Made by policy claim-2024 (sha256:{whole[:12]}, of policies/claim-2024.wr) and "
            f"workrules {__version__}.</p>") in body  # fmt: skip


def test_the_page_title_names_the_unit_and_the_day() -> None:
    _, page, _ = run(*CHECK, "--format", "html")
    title = "Tees PDU, judged as on 2026-11-02: workrules check, policy claim-2024"
    assert f"<title>{title}</title>" in page and f"<h1>{title}</h1>" in page
    # with no finding, or none with a unit, the files (three, then a count)
    from workrules.findings import Result
    from workrules.html_report import check_page

    many = Result(policy="claim-2024", files=("a.yaml", "b.yaml", "c.yaml", "d.yaml"),
                  findings=(), not_applied=(), rules_applied=3)  # fmt: skip
    assert "<title>a.yaml, b.yaml, c.yaml and 1 more: workrules check, policy claim-2024</title>" \
        in check_page(many)


def test_the_charts_are_named_in_words() -> None:
    _, page, _ = run(*CHECK, "--format", "html")
    assert ('aria-label="clause 1.2k(i): 1 finding; clause 3: 1 finding; clause 4c: 1 finding; '
            'clause 5a: 1 finding; clause 7: 1 finding"') in page
    assert 'aria-label="Tees PDU: 5 findings"' in page
    assert 'aria-label="week of 2026-10-05: 1 finding; week of 2026-10-19: 4 findings"' in page


def test_a_finding_is_a_card_on_a_narrow_screen_and_each_table_has_its_own_box() -> None:
    _, page, _ = run(*CHECK, "--format", "html")
    assert "@media screen and (max-width: 40rem)" in page
    assert page.count('<div class="table-box">') == page.count("<table") == 9
    assert page.count('<table class="findings cards" role="table">') == 5
    assert ('<td role="cell" data-label="severity">advisory: does not fail the run</td><th '
            'scope="row" role="rowheader" data-label="subject">TP121</th>') in page


# What a 360 px phone shows, in Chromium (skipped without it, as tests/test_browser.py's are).
import test_browser  # noqa: E402

_open = test_browser._open
browser = test_browser.browser  # the fixture: a Chromium, or a skip saying why

_MEASURE = """() => {
  const r = {page: document.documentElement.scrollWidth, outside: [], label: 99};
  document.querySelectorAll('table').forEach(t => {
    const box = t.closest('.table-box');
    if (t.getBoundingClientRect().width > box.getBoundingClientRect().width + 1
        && getComputedStyle(box).overflowX !== 'auto') r.outside.push(t.className); });
  document.querySelectorAll('svg.bars text').forEach(t => {
    r.label = Math.min(r.label, t.getBoundingClientRect().height); });
  r.sentence = document.querySelector('table.findings td').getBoundingClientRect().width;
  return r; }"""


@pytest.mark.parametrize("report", ["team", "example"])
def test_the_page_fits_a_360_px_phone(browser: Any, tmp_path: Path, report: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    if report == "example":
        monkeypatch.chdir(ROOT / "fixtures" / "example")
        args = ["check", "staff.yaml", "rota.yaml", "allocation.yaml", "jd/business-manager.md",
                "--no-config", "--today", "2024-07-01"]  # fmt: skip
    else:
        args = CHECK
    _, html, _ = run(*args, "--format", "html")
    opened = _open(browser, tmp_path, html)
    page_ = opened.page
    page_.set_viewport_size({"width": 360, "height": 740})
    seen = page_.evaluate(_MEASURE)
    assert seen["page"] <= 360, seen  # was 900 and 934
    assert seen["outside"] == [], seen  # a wider table scrolls in its own box
    assert seen["label"] >= 10, seen  # a label's line, 5.5 px high when drawn 720 wide
    assert seen["sentence"] >= 300, seen  # the sentence across the card, not a word a line
    page_.close()


# ------------------------------------------------------------------------------ P12: README


def test_the_readmes_sample_shows_the_shipped_claims_digest_and_this_version() -> None:
    # tests/test_docs.py runs the sample with digests and versions masked (they change with
    # each commit of the policy); a rep compares their own output with this one, so a stale
    # digest read as another policy (a first hour, round 47). After a change to the claim,
    # paste the digest this names into README.md.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((ROOT / "policies" / "claim-2024.wr").read_bytes()).hexdigest()
    shown = re.findall(r"Made by policy claim-2024 sha256:([0-9a-f]+) and workrules (\S+),",
                       readme)  # fmt: skip
    assert shown == [(digest[:12], __version__)]
