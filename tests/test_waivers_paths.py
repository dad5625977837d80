"""Waivers of job descriptions, however a run names their files (a first hour, round 53): a
waiver's file is its path from the config's folder or the repository's top, whatever the run
was given (P1); a waiver for a file the run was not given says nothing (P2); a waiver may pin
the value it was agreed for, and a worse breach then fails (P3); a waiver whose file is gone
says so, naming where it may be now (P4); a band grade is said once, as unknown (P8)."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules.cli import main

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "waivers-paths"
TODAY = ("--today", "2026-12-07")
AGREED = "Branch committee, minute 2026-12-01/2"


def _repo(tmp_path: Path) -> Path:
    """A copy of the fixture's repository, a git work tree of its own."""
    repo = tmp_path / "repo"
    shutil.copytree(HERE / "repo", repo)
    (repo / ".git").mkdir()
    return repo


def _run(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:  # fmt: skip
    monkeypatch.chdir(cwd)
    code = main(["check", *TODAY, "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def _waived(report: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    """Each finding's rule, subject and the line of the waiver that covers it (None: none)."""
    return [(f["rule"], f["subject"], f["waiver"] and f["waiver"]["line"])
            for f in report["findings"]]  # fmt: skip


def _waiver_settings(report: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(s["name"], s["value"], s["line"]) for s in report["settings"]
            if s["name"].startswith("waiver")]  # fmt: skip


@pytest.mark.parametrize(("where", "given", "prefix"), [
    ("", "job-descriptions/", "job-descriptions/"),
    ("", ".", "./job-descriptions/"),
    ("", "./job-descriptions/", "./job-descriptions/"),
    ("", "ABSOLUTE", "ABSOLUTE/"),
    ("job-descriptions", ".", "./"),
    ("job-descriptions/courts", "../", "../"),
])  # fmt: skip
def test_a_waiver_covers_its_file_however_the_run_names_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        where: str, given: str, prefix: str) -> None:  # fmt: skip
    repo = _repo(tmp_path)
    folder = os.path.realpath(repo / "job-descriptions")
    given = given.replace("ABSOLUTE", folder)
    prefix = prefix.replace("ABSOLUTE", folder)
    code, report = _run(repo / where, given, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert sorted(_waived(report)) == [
        ("jd-cases-role-boundary", f"{prefix}pso-public-protection.md", 17),
        ("jd-psr-role-boundary", f"{prefix}courts/pso-reports.md", 33),
        ("jd-span-cap", f"{prefix}courts/spo-courts.md", 26),
        ("jd-span-cap", f"{prefix}spo-enlarged-team.md", 9),
    ]
    assert _waiver_settings(report) == []


@pytest.mark.parametrize("given", ["job-descriptions/pso-community.md",
                                   "job-descriptions/spo-enlarged-team.md"])
def test_a_run_given_one_file_says_nothing_of_the_waivers_of_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        given: str) -> None:  # fmt: skip
    """P2: the hook passes the changed files only; the other waivers are not stale."""
    code, report = _run(_repo(tmp_path), given, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert _waived(report) == ([] if "community" in given else [
        ("jd-span-cap", "job-descriptions/spo-enlarged-team.md", 9)])
    assert _waiver_settings(report) == []
    assert [s["name"] for s in report["settings"]] == ["span_of_control_max[SPO]"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_breach_worse_than_the_value_its_waiver_pins_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        engine: str) -> None:  # fmt: skip
    """P3: a span of 12 waived is 20 now; a second sentence gives a PSO a sexual offences
    caseload beside the high-risk one waived. The court SPO's unpinned waiver covers 14."""
    repo = _repo(tmp_path)
    for name in ("spo-enlarged-team.md", "pso-public-protection.md"):
        shutil.copy(HERE / "worse" / name, repo / "job-descriptions" / name)
    shutil.copy(HERE / "worse" / "spo-courts.md", repo / "job-descriptions" / "courts")
    code, report = _run(repo, "--engine", engine, ".", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert _waived(report) == [
        ("jd-psr-role-boundary", "./job-descriptions/courts/pso-reports.md", 33),
        ("jd-span-cap", "./job-descriptions/courts/spo-courts.md", 26),
        ("jd-cases-role-boundary", "./job-descriptions/pso-public-protection.md", None),
        ("jd-span-cap", "./job-descriptions/spo-enlarged-team.md", None),
    ]
    by_file = {f["subject"].rpartition("/")[2]: f for f in report["findings"]}
    span = by_file["spo-enlarged-team.md"]
    assert (span["line"], span["value"], span["facts"]) == (6, 20, [
        "the span of control is 20",
        "a waiver of jd-span-cap for job-descriptions/spo-enlarged-team.md (agreed by "
        f"{AGREED}, workrules.toml:9) was agreed for 12: this is 20, so it is not waived"])
    cases = by_file["pso-public-protection.md"]
    assert (cases["line"], cases["facts"][-1]) == (9, (
        "a waiver of jd-cases-role-boundary for job-descriptions/pso-public-protection.md "
        f"(agreed by {AGREED}, workrules.toml:17) covers only the text it was agreed for, and "
        "this is new, so it is not waived: \"Supervises a caseload of people convicted of "
        "sexual offences, with the SPO's oversight.\""))
    assert _waiver_settings(report) == []


def test_a_breach_no_worse_than_the_value_pinned_stays_waived(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    repo = _repo(tmp_path)
    shutil.copy(HERE / "worse" / "spo-enlarged-team-smaller.md",
                repo / "job-descriptions" / "spo-enlarged-team.md")  # fmt: skip
    code, report = _run(repo, "job-descriptions/spo-enlarged-team.md",
                        monkeypatch=monkeypatch, capsys=capsys)  # fmt: skip
    assert code == 0
    assert [(f["value"], f["waiver"]["line"], f["waiver"]["value"])
            for f in report["findings"]] == [(10, 9, 12)]  # fmt: skip


def test_a_renamed_waived_file_says_its_waiver_names_a_file_not_there(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """P4: one renamed (its pinned breach found under the new name), one moved up a folder
    (its name found); their findings fail, and each waiver says where its file may be."""
    repo = _repo(tmp_path)
    jds = repo / "job-descriptions"
    (jds / "spo-enlarged-team.md").rename(jds / "spo-riverside.md")
    (jds / "courts" / "pso-reports.md").rename(jds / "pso-reports.md")
    code, report = _run(repo, "job-descriptions/", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert _waived(report) == [
        ("jd-span-cap", "job-descriptions/courts/spo-courts.md", 26),
        ("jd-cases-role-boundary", "job-descriptions/pso-public-protection.md", 17),
        ("jd-psr-role-boundary", "job-descriptions/pso-reports.md", None),
        ("jd-span-cap", "job-descriptions/spo-riverside.md", None),
    ]
    gone = ("which names a file that is not there (from the config's folder or the "
            "repository's top), so it covers nothing (was it renamed or removed?): ")
    new_name = "write the file's new name as the subject, or remove the waiver"
    assert _waiver_settings(report) == [
        ("waiver jd-span-cap", 'for "job-descriptions/spo-enlarged-team.md" until 2027-06-30, '
         f"{gone}job-descriptions/spo-riverside.md in this run has the breach it was agreed "
         f"for (jd-span-cap, 12); {new_name}", 9),
        ("waiver jd-psr-role-boundary", 'for "job-descriptions/courts/pso-reports.md" until '
         f"2027-06-30, {gone}job-descriptions/pso-reports.md in this run has its name; "
         f"{new_name}", 33)]
    # the hook, given the renamed file alone, says the same of the waiver it pins
    code, report = _run(repo, "job-descriptions/spo-riverside.md", monkeypatch=monkeypatch,
                        capsys=capsys)  # fmt: skip
    assert code == 1
    assert [s[0] for s in _waiver_settings(report)] == ["waiver jd-span-cap",
                                                       "waiver jd-psr-role-boundary"]
    assert "spo-riverside.md in this run has the breach" in _waiver_settings(report)[0][1]
    assert _waiver_settings(report)[1][1].endswith(f"(was it renamed or removed?): {new_name}")


@pytest.mark.parametrize(("pin", "said"), [
    ("true", "a waiver's value must be the finding's value it was agreed for, a number "
             "(value = 12) or its text, as the JSON report's `value` gives it"),
    ("[12]", "a waiver's value must be the finding's value it was agreed for, a number "
             "(value = 12) or its text, as the JSON report's `value` gives it"),
    ("nan", "a waiver's value nan is no number a finding has"),
    ('"  "', "a waiver's value must be non-empty text"),
])  # fmt: skip
def test_a_waiver_value_that_no_finding_has_is_refused_at_its_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        pin: str, said: str) -> None:  # fmt: skip
    repo = _repo(tmp_path)
    config = repo / "workrules.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("value = 12", f"value = {pin}"),
                      encoding="utf-8")  # fmt: skip
    monkeypatch.chdir(repo)
    assert main(["check", *TODAY, "job-descriptions/"]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"workrules: workrules.toml:9: {said}\n")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_band_grade_is_said_once_as_an_unknown_grade(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        engine: str) -> None:  # fmt: skip
    """P8: `grade: Band 4` was "no cap for this grade" and "unknown grade" in one notice."""
    code, report = _run(HERE, "--no-config", "--engine", engine, "--set",
                        "span_of_control_max[SPO]=8", "band/senior-admin.md",
                        monkeypatch=monkeypatch, capsys=capsys)  # fmt: skip
    assert code == 0
    span = [na for na in report["not_applied"] if na["rule"] == "jd-span-cap"]
    assert [(na["reason"], na["params"], na["file"], na["line"]) for na in span] == [(
        "applied in part; not applied for unknown grades: this rule judges by grade, and this "
        "grade is not known, so their holders were not judged: BAND_4 (band/senior-admin.md) "
        "(declare a grade of its own with 'grade NAME' in the policy or [grades] in "
        "workrules.toml)", ["BAND_4"], "band/senior-admin.md", 4)]


_TOML_VALUES = st.recursive(
    st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3), max_leaves=5)


@given(_TOML_VALUES)
def test_any_waiver_value_is_read_as_given_or_refused_at_its_line(value: Any) -> None:
    """The config's `value`, whatever TOML gives: a number or visible text is the pin; any
    other is refused in one line at the waiver's line, never a traceback."""
    from workrules.config import _parse
    from workrules.errors import UsageError

    section = {"waiver": [{
        "rule": "jd-span-cap", "subject": "job-descriptions/spo.md", "value": value,
        "reason": "merged teams", "agreed-by": AGREED, "until": dt.date(2027, 6, 30)}]}
    text = "[[waiver]]\nvalue = ...\n"  # (where the waiver is: its lines as TOML reads them)
    try:
        config = _parse(section, text, "workrules.toml", os.getcwd(), "")
    except UsageError as err:
        assert (err.file, err.line) == ("workrules.toml", 1)
        assert isinstance(value, bool | list) or (isinstance(value, float) and not math.isfinite(
            value)) or (isinstance(value, str) and not value.strip())  # fmt: skip
        return
    assert config.waivers[0].value == value or (value != value)


@given(st.integers(-50, 50), st.integers(-50, 50), st.integers(-50, 50))
def test_a_pinned_number_covers_its_own_breach_and_no_worse_one(
        value: int, limit: int, pin: int) -> None:  # fmt: skip
    from workrules.findings import Finding
    from workrules.waivers import pin_covers

    def finding(v: int) -> Finding:
        return Finding("jd-span-cap", "9", "error", "a.md", None, "a.md", 6, str(v),
                       f"at most {limit}", v, limit, (), (), "")  # fmt: skip

    assert pin_covers(value, finding(value))
    if value > limit:  # past a cap: covered when no higher than the pin
        assert pin_covers(pin, finding(value)) == (value <= pin)


@given(st.lists(st.text(st.characters(blacklist_characters='"\\;'), min_size=1, max_size=20),
                min_size=1, max_size=4), st.integers(1, 99))
def test_a_pinned_text_covers_its_sentences_on_any_line_and_not_a_new_one(
        sentences: list[str], shift: int) -> None:  # fmt: skip
    from workrules.findings import Finding
    from workrules.waivers import pin_covers

    def text(said: list[str], first: int) -> str:
        return "; ".join(f'text gives x (phrase "p" found "w", line {first + i}): "{s}"'
                         for i, s in enumerate(said))  # fmt: skip

    def finding(value: str) -> Finding:
        return Finding("jd-cases-role-boundary", "7a", "error", "a.md", None, "a.md", 6, value,
                       "not allowed", value, "not allowed", (), (), "")  # fmt: skip

    pin = text(sentences, 9)
    assert pin_covers(pin, finding(text(sentences, 9 + shift)))
    new = "Holds a caseload of people convicted of sexual offences."
    if " ".join(new.split()) not in {" ".join(s.split()) for s in sentences}:
        assert not pin_covers(pin, finding(text([*sentences, new], 9)))
