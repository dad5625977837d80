"""A report says what made it (first hour, round 46: an auditor six months on).

A grievance's report said `policy: claim-2024` and, in JSON and SARIF, `workrules 0.8.0`, which
132 commits of the claim shared; the text report and the HTML named neither, and without
`--today` no format but HTML said which day the run judged by. Every format now names the
policy's digest (SHA-256 of the policy's file, then of each file it extends, as read: `sha256sum`
of a shipped policy's file gives it), each file's own, the workrules version and the day.
fixtures/review56/provenance/README.md says what its files hold.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workrules import __version__
from workrules.cli import main

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review56" / "provenance"
CLAIM = ROOT / "policies" / "claim-2024.wr"
FINDING = ["staff.yaml", "rota.yaml"]  # one finding, under 5c
WITHIN = ["staff.yaml", "within.yaml"]  # none


def _sha(*paths: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()


@pytest.fixture(autouse=True)
def _in_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", "--no-config", *args])
    return code, out.getvalue()


def report(*args: str) -> dict[str, object]:
    code, out = run(*args, "--format", "json")
    assert code in (0, 1)
    loaded: dict[str, object] = json.loads(out)
    return loaded


# -- the policy that made a report --------------------------------------------------------


def test_the_json_report_names_the_shipped_policys_digest_after_its_other_keys() -> None:
    got = report(*FINDING, "--today", "2026-12-03")
    assert list(got)[:14] == ["format_version", "workrules_version", "policy", "files",
                              "findings", "not_applied", "rules_applied", "rules", "fail_on",
                              "settings", "unread", "today", "files_not_read", "exit_code"]
    assert list(got)[14:] == ["policy_digest", "policy_files", "today_used", "today_given"]
    assert got["policy_digest"] == f"sha256:{_sha(CLAIM)}"  # `sha256sum policies/claim-2024.wr`
    assert got["policy_files"] == [{"file": "policies/claim-2024.wr", "sha256": _sha(CLAIM)}]
    assert got["workrules_version"] == __version__


def test_a_policy_that_extends_the_claim_is_digested_with_the_claim_after_it() -> None:
    got = report(*FINDING, "--policy", "local.wr", "--today", "2026-12-03")
    assert got["policy"] == "north-local"
    assert got["policy_digest"] == f"sha256:{_sha(HERE / 'local.wr', CLAIM)}"
    assert got["policy_files"] == [
        {"file": "local.wr", "sha256": _sha(HERE / "local.wr")},
        {"file": "policies/claim-2024.wr", "sha256": _sha(CLAIM)}]


def test_a_value_set_over_the_policy_is_listed_and_leaves_its_digest_alone() -> None:
    plain = report(*FINDING, "--today", "2026-12-03")
    raised = report(*FINDING, "--today", "2026-12-03", "--set", "upw_contact_hours_max=10")
    assert raised["policy_digest"] == plain["policy_digest"]  # the text's, to find its commit
    assert raised["settings"] == [{"name": "upw_contact_hours_max", "value": "10 h",
                                   "policy": "8 h", "file": "", "line": 0}]  # fmt: skip


def test_a_run_from_the_policy_cache_names_the_same_digest_as_a_first_run(
        tmp_path: Path) -> None:  # fmt: skip
    # The second run loads the checked policy from the cache, reading no AST: it must still
    # digest the files as they are now.
    env = {**os.environ, "WORKRULES_CACHE_DIR": str(tmp_path / "cache"),
           "XDG_STATE_HOME": str(tmp_path / "state")}  # fmt: skip
    env.pop("WORKRULES_NO_CACHE", None)
    outs = [subprocess.run([sys.executable, "-m", "workrules", "check", "--no-config",
                            "--policy", "local.wr", *FINDING, "--today", "2026-12-03",
                            "--format", "json"], cwd=HERE, env=env, capture_output=True,
                           text=True, check=False).stdout for _ in range(2)]  # fmt: skip
    assert outs[0] == outs[1]
    assert json.loads(outs[1])["policy_digest"] == f"sha256:{_sha(HERE / 'local.wr', CLAIM)}"


# -- the day a report was judged by ------------------------------------------------------


def test_without_today_the_json_report_gives_the_real_date_and_says_it_was_not_given() -> None:
    before = dt.date.today()
    got = report(*FINDING)
    assert got["today"] is None  # as the docs have always said: the day *given*
    assert got["today_used"] in {before.isoformat(), dt.date.today().isoformat()}
    assert got["today_given"] is False


def test_with_today_the_json_report_gives_that_day_and_says_it_was_given() -> None:
    got = report(*FINDING, "--today", "2026-12-03")
    assert (got["today"], got["today_used"], got["today_given"]) == (
        "2026-12-03", "2026-12-03", True)


# -- every format ---------------------------------------------------------------------------


def _line(day: str, how: str) -> str:
    return (f"Made by policy claim-2024 sha256:{_sha(CLAIM)[:12]} and workrules "
            f"{__version__}, judged as on {day} ({how}).")


def test_the_text_report_names_the_policy_version_and_day_above_its_summary() -> None:
    code, out = run(*FINDING, "--today", "2026-12-03", "--format", "text")
    lines = out.splitlines()
    assert code == 1
    assert lines[-2:] == [
        _line("2026-12-03", "--today 2026-12-03"),
        "1 finding from 10 rules of policy claim-2024 over 2 files; 1 fails the run "
        "(--fail-on warning)."]  # fmt: skip


def test_the_text_report_says_when_the_day_was_the_day_it_ran() -> None:
    before = dt.date.today().isoformat()
    _, out = run(*FINDING, "--format", "text")
    assert out.splitlines()[-2] in {_line(day, "the day it ran")
                                    for day in (before, dt.date.today().isoformat())}


def test_a_text_report_with_nothing_to_report_names_what_made_it_too() -> None:
    # A clean report kept with a meeting's papers is evidence too (scenarios of round 51, P6):
    # it had no line saying what made it until then.
    code, out = run(*WITHIN, "--today", "2026-12-03", "--format", "text")
    assert code == 0
    assert out.splitlines()[-2] == _line("2026-12-03", "--today 2026-12-03")


def test_the_quiet_text_report_lists_its_findings_alone() -> None:
    _, out = run(*FINDING, "--today", "2026-12-03", "--format", "text", "-q")
    assert "Made by" not in out


def test_the_sarif_log_names_the_policy_digest_and_the_day_in_the_runs_properties() -> None:
    _, out = run(*FINDING, "--today", "2026-12-03", "--format", "sarif")
    props = json.loads(out)["runs"][0]["properties"]
    assert props == {
        "policy": "claim-2024", "failOn": "warning", "rulesApplied": 10,
        "rulesUnread": props["rulesUnread"],
        "policyDigest": f"sha256:{_sha(CLAIM)}",
        "policyFiles": [{"file": "policies/claim-2024.wr", "sha256": _sha(CLAIM)}],
        "workrulesVersion": __version__, "today": "2026-12-03", "todayGiven": True}
    assert list(props)[:4] == ["policy", "failOn", "rulesApplied", "rulesUnread"]


def test_the_sarif_log_gives_the_real_date_when_none_was_given() -> None:
    _, out = run(*WITHIN, "--format", "sarif")
    props = json.loads(out)["runs"][0]["properties"]
    assert props["todayGiven"] is False
    assert dt.date.fromisoformat(props["today"]) >= dt.date.today() - dt.timedelta(days=1)


def test_the_html_page_names_the_policy_digest_version_and_day_in_its_intro() -> None:
    _, out = run(*FINDING, "--today", "2026-12-03", "--format", "html")
    # the first 12 hex digits where it is read, as the text report gives them; the whole
    # digest kept in the page's head (a first hour, round 47: 64 characters were read out
    # before the findings, and ran past a phone's screen)
    assert f'<meta name="workrules-policy-digest" content="sha256:{_sha(CLAIM)}">' in out
    assert f'<meta name="workrules-policy-file" content="policies/claim-2024.wr sha256:' \
        f'{_sha(CLAIM)}">' in out
    assert (f"<p>Made by policy claim-2024 (sha256:{_sha(CLAIM)[:12]}, of policies/claim-2024.wr) "
            f"and workrules {__version__}.</p>\n<p>Waivers and dated values were judged as on "
            "2026-12-03 (--today 2026-12-03): the same files and that day give this report "
            "again.</p>") in out  # fmt: skip


def test_the_html_page_of_a_policy_that_extends_another_gives_each_files_digest() -> None:
    _, out = run(*FINDING, "--policy", "local.wr", "--today", "2026-12-03", "--format", "html")
    assert (f"<p>Made by policy north-local (sha256:{_sha(HERE / 'local.wr', CLAIM)[:12]}, of "
            f"local.wr, sha256:{_sha(HERE / 'local.wr')[:12]}, then policies/claim-2024.wr, "
            f"sha256:{_sha(CLAIM)[:12]}) and workrules {__version__}.</p>") in out  # fmt: skip
    assert f'content="local.wr sha256:{_sha(HERE / "local.wr")}"' in out


def test_the_html_page_says_the_day_it_ran_when_none_was_given() -> None:
    _, out = run(*WITHIN, "--format", "html")
    today = dt.date.today().isoformat()
    assert (f"Waivers and dated values were judged as on {today}, the day it ran: give "
            f"--today {today} to make this report again.</p>") in out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "html", "table", "csv", "junit"])
def test_the_same_files_and_day_give_the_same_bytes(fmt: str) -> None:
    first = run(*FINDING, "--policy", "local.wr", "--today", "2026-12-03", "--format", fmt)
    assert run(*FINDING, "--policy", "local.wr", "--today", "2026-12-03", "--format",
               fmt) == first  # fmt: skip
