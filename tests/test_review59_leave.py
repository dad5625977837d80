"""A rule left out is never quiet, and the job summary shows texts as typed (attack round 29).

A repository policy's `leave out case-role-boundary` turned 7a off for a PSO's MAPPA level 2
case: `--format github` gave it no annotation where a `set` in the same file got one, and
`-q` dropped it from every report a person reads (P1); `--select 7a`, with every 7a rule left
out, said the policy "has no rule '7a'" (P4); and `because "<zero-width space>"` gave "left
out by local.wr:4: " and nothing (P5). `diff --data` counted, by unit, a finding of a rule
the offer leaves out as "of a clause not judged", where the offer judges 7a by its other
rules (P2). The job summary's list lines left `&#x202E;`, `~~`, web addresses and emoji codes
live (P3). fixtures/review59/leave/README.md says what each file holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workrules import check
from workrules.cli import main
from workrules.document import md_plain
from workrules.errors import PolicyError
from workrules.policy import load_policy
from workrules.report import text

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review59" / "leave"
TODAY = ["--today", "2026-08-01"]
REASON = ("Medway JNCC minute 2026-06/4: MAPPA level 2 cases stay with PSOs until the October "
          "transfer.")
LEFT_OUT = f"case-role-boundary [7a]: left out by local.wr:4: {REASON}"
POLICY_SET = ("policy medway-local, the repository's local.wr (the policy's: the default, "
              "claim-2024; set by workrules.toml:1)")


@pytest.fixture
def repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(HERE / "repo")
    return HERE / "repo"


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(HERE)
    return HERE


def _check(capsys: pytest.CaptureFixture[str], *args: str, code: int = 1) -> str:
    assert main(["check", *args, *TODAY]) == code
    return capsys.readouterr().out


def _after_findings(out: str) -> list[str]:
    """The lines of a report from its first blank line on."""
    lines = out.splitlines()
    return lines[lines.index(""):]


# ------------------------------------------------------ P1: listed under -q, annotated, said


def test_quiet_text_lists_a_rule_the_repository_policy_leaves_out(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    out = _check(capsys, "-q", "--format", "text", "rota.yaml", "allocation.yaml")
    assert _after_findings(out) == [
        "", "Not applied (1 rule):", f"  {LEFT_OUT}",
        "", "Values set for this run, over the policy's (1):", f"  {POLICY_SET}",
    ]


def test_quiet_table_lists_a_rule_the_repository_policy_leaves_out(
        repo: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("COLUMNS", "200")
    out = _check(capsys, "-q", "--format", "table", "rota.yaml", "allocation.yaml")
    assert out.splitlines()[-6:] == [
        "", "Not applied (1 rule):", f"  {LEFT_OUT}",
        "", "Values set for this run, over the policy's (1):", f"  {POLICY_SET}",
    ]


def test_quiet_leaves_out_the_other_rules_not_applied() -> None:
    # (the library's quiet text too: a cap to be agreed, a rule applied in part are notices)
    folder = HERE / "repo"
    result = check([folder / "rota.yaml", folder / "allocation.yaml", folder / "staff.yaml"],
                   policy=folder / "local.wr")  # fmt: skip
    assert len(result.not_applied) > 1
    quiet = text(result, quiet=True).splitlines()
    said = quiet[quiet.index("Not applied (1 rule):") + 1]
    assert said.startswith("  case-role-boundary [7a]: left out by ")
    assert said.endswith(f"local.wr:4: {REASON}")
    assert not any("not yet agreed" in line or "applied in part" in line for line in quiet)


@pytest.mark.parametrize("quiet", [[], ["-q"]])
def test_github_annotates_the_line_that_leaves_a_rule_out(
        repo: Path, capsys: pytest.CaptureFixture[str], quiet: list[str]) -> None:  # fmt: skip
    out = _check(capsys, *quiet, "--format", "github", "rota.yaml", "allocation.yaml")
    warnings = [line for line in out.splitlines() if line.startswith("::warning")]
    assert warnings[:2] == [
        "::warning file=workrules.toml,line=1,title=workrules%3A set over the policy's::policy "
        "medway-local, the repository's local.wr (the policy's: the default, claim-2024)",
        "::warning file=local.wr,line=4,title=workrules%3A case-role-boundary [7a] left out::"
        f"case-role-boundary [7a] is not applied: left out by local.wr:4: {REASON}",
    ]
    assert f"  {LEFT_OUT}" in out.splitlines()  # (and its plain line, as before)


def test_quiet_job_summary_lists_the_rule_left_out(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:  # fmt: skip
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _check(capsys, "-q", "--format", "github", "rota.yaml", "allocation.yaml")
    lines = summary.read_text(encoding="utf-8").splitlines()
    start = lines.index("**Not applied (1 rule):**")
    assert lines[start:start + 7] == [
        "**Not applied (1 rule):**", "",
        "- case-role-boundary \\[7a\\]: left out by local.wr:4: Medway JNCC minute 2026-06/4: "
        "MAPPA level 2 cases stay with PSOs until the October transfer.",
        "", "**Values set for this run, over the policy's (1):**", "",
        "- policy medway-local, the repository's local.wr (the policy's: the default, "
        "claim-2024; set by workrules.toml:1)",
    ]


def test_quiet_html_json_and_sarif_keep_the_rule_left_out(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    page = _check(capsys, "-q", "--format", "html", "rota.yaml", "allocation.yaml")
    assert "<h2 id=\"not-applied\"" in page or "Rules not applied (1)" in page
    assert REASON in page
    found = json.loads(_check(capsys, "-q", "--format", "json", "rota.yaml", "allocation.yaml"))
    assert found["not_applied"] == [{
        "rule": "case-role-boundary", "clause": "7a", "reason": f"left out by local.wr:4: {REASON}",
        "params": [], "partial": False, "file": "local.wr", "line": 4}]  # fmt: skip
    log = json.loads(_check(capsys, "-q", "--format", "sarif", "rota.yaml", "allocation.yaml"))
    said = log["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    left = [n for n in said if n["descriptor"]["id"] == "case-role-boundary"]
    # a warning at the line that left it out, as a value a file set is; a cap is a note
    assert [(n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             n["locations"][0]["physicalLocation"]["region"]["startLine"]) for n in left] == [
        ("warning", "local.wr", 4)]  # fmt: skip


def test_sarif_keeps_a_note_for_a_cap_not_yet_agreed(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    log = json.loads(_check(capsys, "--format", "sarif", "rota.yaml", "allocation.yaml"))
    said = log["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert {n["level"] for n in said if n["descriptor"]["id"] == "pta-learners"} == {"note"}


def test_select_that_picks_a_rule_left_out_says_so(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["check", "-q", "--select", "case-*", *TODAY, "allocation.yaml"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        "workrules: note: --select case-*: case-role-boundary (7a) is left out by local.wr:4, "
        "so this run does not judge it\n")
    assert f"  {LEFT_OUT}" in captured.out.splitlines()


def test_select_that_picks_no_rule_left_out_says_nothing_of_it(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["check", "-q", "--select", "upw-*", *TODAY, "rota.yaml"]) == 1
    assert capsys.readouterr().err == ""


# ------------------------------------------- P2: a unit counts what the offer's terms change


@pytest.mark.parametrize("offer", ["interim.wr", "offer.wr"])
def test_a_unit_counts_a_rule_left_out_of_a_clause_still_judged_as_a_difference(
        here: Path, capsys: pytest.CaptureFixture[str], offer: str) -> None:  # fmt: skip
    args = ["diff", "claim-2024", f"./{offer}", "--data", "staff.yaml", "allocation.yaml",
            *TODAY]  # fmt: skip
    assert main([*args, "--format", "text"]) == 1
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("By unit:")
    assert lines[start:start + 2] == ["By unit:",
                                      "  Medway PDU: 1 only under claim-2024, 1 under both"]
    assert main([*args, "--format", "markdown"]) == 1
    assert "| Medway PDU | 1 | 0 | 1 |" in capsys.readouterr().out.splitlines()
    assert main([*args, "--format", "json"]) == 1
    (unit,) = json.loads(capsys.readouterr().out)["impact"]["by_unit"]
    assert unit == {"name": "Medway PDU", "only_old": 1, "only_new": 0, "both": 1,
                    "not_judged": "", "only_old_not_judged_by_new": 0,
                    "only_new_not_judged_by_old": 0}  # fmt: skip


# ------------------------------------------------------ P3: the job summary shows as typed


def test_job_summary_shows_an_id_and_a_reason_as_typed(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:  # fmt: skip
    monkeypatch.chdir(HERE / "summary")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _check(capsys, "--no-config", "--policy", "./reason.wr", "--format", "github", "staff.yaml",
           "allocation.yaml", code=0)  # fmt: skip
    lines = summary.read_text(encoding="utf-8").splitlines()
    assert ("- case-role-boundary \\[7a\\]: left out by ./reason.wr:4: JNCC \\&#x202E;kcehc"
            "\\&#x202C; \\~\\~7a breached\\~\\~ see `www.evil.example` or "
            "`https://evil.example/login` `:white_check_mark:` `x@evil.example`") in lines
    held = [line for line in lines if line.startswith("- psr-role-boundary \\[7\\]")]
    assert held[0].endswith(
        "their holders were not judged: TEAM_LEAD (M05 \\&#x202E;sdrawkcab\\&#x202C; \\~\\~not "
        "judged\\~\\~ `www.evil.example`) (declare a grade of its own with 'grade NAME' in the "
        "policy or \\[grades\\] in workrules.toml)")


@pytest.mark.parametrize(("typed", "written"), [
    ("&#x202E;x&amp;", "\\&#x202E;x\\&amp;"),
    ("~~struck~~", "\\~\\~struck\\~\\~"),
    ("go to www.evil.example.", "go to `www.evil.example`."),
    ("(http://a.example/b?c=1), then", "(`http://a.example/b?c=1`), then"),
    ("1https://a.example", "1`https://a.example`"),
    ("mail jo.b@union.example", "mail `jo.b@union.example`"),
    (":white_check_mark: :+1: :100:", "`:white_check_mark:` `:+1:` `:100:`"),
    # a file:line, a ratio and a time are no emoji code, and stay as they were
    ("left out by local.wr:4: 1:6 at 12:30:00", "left out by local.wr:4: 1:6 at 12:30:00"),
    ("a `tick`, *b*, [c](d), <e>", "a \\`tick\\`, \\*b\\*, \\[c\\](d), \\<e\\>"),
    ("www.a.example`x`", "`` www.a.example`x` ``"),  # (a tick inside: a longer fence)
])  # fmt: skip
def test_md_plain_writes_each_text_to_show_as_typed(typed: str, written: str) -> None:
    assert md_plain(typed) == written


# ----------------------------------------------------- P4: a clause whose rules are left out


def test_select_of_a_clause_whose_rules_are_all_left_out_names_each_line(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["check", "--no-config", "--policy", "./all7a.wr", "--select", "7a", *TODAY,
                 "staff.yaml", "allocation.yaml"]) == 2  # fmt: skip
    assert capsys.readouterr().err == (
        "workrules: --select 7a: the rules of clause 7a are all left out by policy "
        "medway-all7a: case-role-boundary by ./all7a.wr:4, case-role-boundary-risk-unknown by "
        "./all7a.wr:5, case-role-boundary-before-qualifying by ./all7a.wr:6, "
        "case-role-boundary-before-qualifying-risk-unknown by ./all7a.wr:7, "
        "jd-cases-role-boundary by ./all7a.wr:8, jd-title-grade by ./all7a.wr:9; 'workrules "
        "rules' lists the rules it applies\n")


def test_select_of_a_pattern_whose_rules_are_all_left_out_names_each_line(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["check", "--no-config", "--policy", "./all7a.wr", "--select", "jd-cases-*",
                 *TODAY, "staff.yaml", "allocation.yaml"]) == 2  # fmt: skip
    assert capsys.readouterr().err == (
        "workrules: --select jd-cases-*: the rules matching 'jd-cases-*' are all left out by "
        "policy medway-all7a: jd-cases-role-boundary by ./all7a.wr:8; 'workrules rules' lists "
        "the rules it applies\n")


def test_select_of_one_rule_left_out_still_names_its_line(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["check", "--no-config", "--policy", "./offer.wr", "--select",
                 "case-role-boundary", *TODAY, "staff.yaml", "allocation.yaml"]) == 2
    assert capsys.readouterr().err == (
        "workrules: --select case-role-boundary: policy employer-offer-2026 has no rule "
        "'case-role-boundary'; it is left out by ./offer.wr:4\n")


# ------------------------------------------------------------ P5: a reason that shows nothing


@pytest.mark.parametrize("name", ["zero-width.wr", "blanks.wr"])
def test_a_reason_that_shows_nothing_is_refused_at_its_text(name: str) -> None:
    with pytest.raises(PolicyError) as err:
        load_policy(HERE / name)
    assert (err.value.file, err.value.line, err.value.column) == (str(HERE / name), 5, 13)
    assert str(err.value) == (
        f"{HERE / name}:5:13: leave out case-role-boundary: its reason after 'because' shows "
        "nothing (only blanks or invisible characters); say why the rule is left out, or "
        "leave 'because' out")


@pytest.mark.parametrize("name", ["no-reason.wr", "empty.wr"])
def test_a_rule_left_out_with_no_reason_is_still_allowed(name: str) -> None:
    # (no `because`, or `because ""`: no reason given, and none shown; a reason that looks
    # given and shows nothing is what misled)
    policy = load_policy(HERE / name)
    assert [lo.said() for lo in policy.left_out] == [f"left out by {HERE / name}:4"]
