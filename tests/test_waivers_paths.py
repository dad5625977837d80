"""Waivers of job descriptions, however a run names their files (a first hour, round 53): a
waiver's file is its path from the config's folder or the repository's top, whatever the run
was given (P1); a waiver for a file the run was not given says nothing (P2); a waiver may pin
the value it was agreed for, and a worse breach then fails (P3); a waiver whose file is gone
says so, naming where it may be now (P4); a band grade is said once, as unknown (P8). And
from the review of session 53: a waiver's pattern is looked for on disk within bounds (P4), a
ratio's pin covers a better ratio (P5), a run's folder is no base of a waiver written
elsewhere (P7), and a `value` too large for any finding is refused at its line (P9)."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
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
    """What is said of the config's waivers beyond their listing among the values set, which
    every waiver has (attack round 34, P5: `waiver RULE for "SUBJECT" until DATE`)."""
    return [(s["name"], s["value"], s["line"]) for s in report["settings"]
            if s["name"].startswith("waiver") and not _LISTED.fullmatch(s["value"])]


_LISTED = re.compile(r'for "[^"]*" until \d{4}-\d\d-\d\d')


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
    assert [s["name"] for s in report["settings"] if not s["name"].startswith("waiver")] == [
        "span_of_control_max[SPO]"]


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
    ("9" * 400, "a waiver's value is a number of more than 15 digits, which no finding has"),
    ("-1_000_000_000_000_000", "a waiver's value is a number of more than 15 digits, which no "
                               "finding has"),
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
            value)) or (isinstance(value, str) and not value.strip()) or (
            isinstance(value, int) and abs(value) >= 10**15)  # fmt: skip
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


def _ratio_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
               engine: str, config: str | None = None) -> tuple[int, dict[str, Any]]:  # fmt: skip
    folder = tmp_path / "ratio"
    shutil.copytree(HERE / "ratio", folder)
    if config is not None:
        (folder / "workrules.toml").write_text(config, encoding="utf-8")
    return _run(folder, "--today", "2024-07-01", "--engine", engine, "--select",
                "upw-group-ratio", "staff.yaml", "rota.yaml", monkeypatch=monkeypatch,
                capsys=capsys)  # fmt: skip


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_ratio_pinned_covers_a_better_ratio_and_not_a_worse_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        engine: str) -> None:  # fmt: skip
    """Review 53, P5: pinned at 7 (1:7), a group of 13 to 2 (1:6.5) was not waived: the ratio's
    limit "1:6" was read as no number, and the pin matched only itself. 1:6.5 is nearer the
    limit than 1:7 and stays waived; 15 to 2 (1:7.5, pinned as "1:7") is worse, and fails."""
    code, report = _ratio_run(tmp_path, monkeypatch, capsys, engine)
    assert code == 1
    assert [(f["subject"], f["line"], f["value"], f["limit_value"], f["waiver"] and
             f["waiver"]["line"]) for f in report["findings"]] == [
        ("UPW-0611-PARK", 5, 6.5, "1:6", 4),
        ("UPW-0612-CHURCH", 6, 7.5, "1:6", None),
    ]  # fmt: skip
    assert report["findings"][1]["facts"][-1] == (
        "a waiver of upw-group-ratio for UPW-0612-CHURCH (agreed by UPW local forum, "
        "2024-06-03, workrules.toml:12) was agreed for 1:7: this is 1:7.5 (members 15, "
        "supervisors 2), so it is not waived")
    assert _waiver_settings(report) == []


@pytest.mark.parametrize(("pin", "waived"), [
    ("6.5", True), ('"1:6.5"', True), ('"2:13"', True), ("7.5", True), ('"1:8"', True),
    ("6", False), ('"1:6"', False), ("6.4", False),
])  # fmt: skip
def test_a_ratio_pin_is_read_as_a_number_or_as_the_ratio_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        pin: str, waived: bool) -> None:  # fmt: skip
    """The JSON report's `value` of 1:6.5 is 6.5, which the recipe writes; the ratio as
    agreed ("1:6.5", "2:13") is the same pin."""
    config = (HERE / "ratio" / "workrules.toml").read_text(encoding="utf-8")
    config = config.replace("value = 7\n", f"value = {pin}\n")
    code, report = _ratio_run(tmp_path, monkeypatch, capsys, "python", config)
    assert code == 1
    park = next(f for f in report["findings"] if f["subject"] == "UPW-0611-PARK")
    assert (park["waiver"] is not None) == waived


@given(st.integers(1, 40), st.integers(1, 4), st.integers(1, 12),
       st.sampled_from(["number", "ratio"]))
def test_a_pinned_ratio_covers_no_more_to_one_than_agreed(
        members: int, supervisors: int, pin: int, written_as: str) -> None:  # fmt: skip
    from workrules.findings import Finding
    from workrules.waivers import pin_covers

    value = round(members / supervisors, 4)
    ratio = Finding("upw-group-ratio", "5a", "error", "U1", None, "rota.yaml", 5,
                    f"1:{value}", "at most 1:6", value, "1:6", (), (), "")  # fmt: skip
    agreed: int | str = pin if written_as == "number" else f"1:{pin}"
    assert pin_covers(agreed, ratio) == (value <= pin)


@given(st.one_of(st.integers(), st.integers(10**14, 10**500), st.integers(-(10**500), -(10**14)),
                 st.floats(), st.text(st.sampled_from("0123456789.:e-+ or"), max_size=20)))
def test_a_waiver_value_refused_or_compared_never_raises(value: Any) -> None:
    """P9: any `value` TOML gives is refused in words (never written out in full) or
    compared with a finding's, a number's, a ratio's or a text's, without an error."""
    from workrules.findings import Finding
    from workrules.waivers import pin_covers, pin_problem

    problem = pin_problem(value)
    if problem is not None:
        assert len(problem) < 200
        return
    for found, limit in ((12, 8), (6.5, "1:6"), (7.5, "1:6 or 2:13"), ("text", "not allowed")):
        finding = Finding("r", "1", "error", "s", None, "f", 1, str(found), "x", found, limit,
                          (), (), "")  # fmt: skip
        assert pin_covers(value, finding) in (True, False)


def test_a_waiver_from_the_top_does_not_cover_a_file_of_its_path_below_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """Review 53, P7: run from `archive/`, `job-descriptions/courts/spo-courts.md` (a span of
    30) is `archive/job-descriptions/courts/spo-courts.md` from the config's folder, not the
    file its waiver names: it fails, and the waiver, whose file is there, says nothing."""
    repo = _repo(tmp_path)
    old = repo / "archive" / "job-descriptions" / "courts"
    old.mkdir(parents=True)
    shutil.copy(HERE / "archive" / "spo-courts.md", old)
    code, report = _run(repo / "archive", "job-descriptions/courts/spo-courts.md",
                        monkeypatch=monkeypatch, capsys=capsys)  # fmt: skip
    assert code == 1
    assert [(f["rule"], f["subject"], f["line"], f["value"], f["waiver"])
            for f in report["findings"]] == [
        ("jd-span-cap", "job-descriptions/courts/spo-courts.md", 6, 30, None)]  # fmt: skip
    assert _waiver_settings(report) == []
    # the file the waiver names, from the same folder, is still covered
    code, report = _run(repo / "archive", "../job-descriptions/courts/spo-courts.md",
                        monkeypatch=monkeypatch, capsys=capsys)  # fmt: skip
    assert (code, _waived(report)) == (
        0, [("jd-span-cap", "../job-descriptions/courts/spo-courts.md", 26)])


def test_a_config_outside_any_repository_names_files_from_the_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """A config copied out of the checkout (a CI job's, of the target branch) names files
    from the top of the repository the run is in, also from a subfolder of it."""
    repo = _repo(tmp_path)
    copied = tmp_path / "elsewhere" / "base.toml"
    copied.parent.mkdir()
    shutil.move(repo / "workrules.toml", copied)
    code, report = _run(repo / "job-descriptions", "--config", str(copied), ".",
                        monkeypatch=monkeypatch, capsys=capsys)  # fmt: skip
    assert code == 0
    assert sorted(_waived(report)) == [
        ("jd-cases-role-boundary", "./pso-public-protection.md", 17),
        ("jd-psr-role-boundary", "./courts/pso-reports.md", 33),
        ("jd-span-cap", "./courts/spo-courts.md", 26),
        ("jd-span-cap", "./spo-enlarged-team.md", 9),
    ]


_PATTERN_WAIVER = """
[[waiver]]
rule = "jd-span-cap"
subject = "{subject}"
reason = "teams merged"
agreed-by = "Branch committee, minute 2026-12-01/2"
until = 2027-06-30
"""


def _pattern_repo(tmp_path: Path, *subjects: str) -> Path:
    """The fixture's repository with two links that make loops (each harmless alone) and a
    waiver for each of `subjects`."""
    repo = _repo(tmp_path)
    (repo / "a").mkdir()
    (repo / "b").mkdir()
    os.symlink("..", repo / "a" / "up")
    os.symlink("../a", repo / "b" / "side")
    with (repo / "workrules.toml").open("a", encoding="utf-8") as config:
        for subject in subjects:
            config.write(_PATTERN_WAIVER.format(subject=subject))
    return repo


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX links")
def test_a_waiver_pattern_is_looked_for_without_following_links_round_the_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """Review 53, P4: `**/gone.md` was globbed through `a/up -> ..` and `b/side -> ../a` on
    every run (over 100 s a run given one file). Looked for without following a link to a
    folder: one naming nothing is said to cover nothing; one naming a file the run was not
    given (`**/spo-courts.md`, `job-descriptions/**/pso-*.md`) says nothing."""
    import time

    deep = "**/" * 16 + "nothing-here.md"
    repo = _pattern_repo(tmp_path, "**/gone.md", deep, "**/spo-courts.md",
                         "job-descriptions/**/pso-*.md")  # fmt: skip
    begun = time.monotonic()
    code, report = _run(repo, "job-descriptions/pso-community.md", monkeypatch=monkeypatch,
                        capsys=capsys)  # fmt: skip
    assert time.monotonic() - begun < 30
    assert (code, report["findings"]) == (0, [])
    assert _waiver_settings(report) == [
        ("waiver jd-span-cap", f'for "{subject}" until 2027-06-30, which names no one in the '
         "data (no id, unit or file), so it covers nothing: write the subject as the data "
         "writes it", line) for subject, line in (("**/gone.md", 40), (deep, 47))]


def test_a_waiver_pattern_whose_folders_are_more_than_is_looked_through_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """The look is bounded by count (and depth): past it, a pattern naming no file of the run
    is neither said to name nothing nor passed over in silence."""
    from workrules import waivers

    repo = _repo(tmp_path)
    with (repo / "workrules.toml").open("a", encoding="utf-8") as config:
        config.write(_PATTERN_WAIVER.format(subject="**/gone.md"))
    monkeypatch.setattr(waivers, "WALK_ENTRIES", 3)
    code, report = _run(repo, "job-descriptions/pso-community.md", monkeypatch=monkeypatch,
                        capsys=capsys)  # fmt: skip
    assert code == 0
    assert _waiver_settings(report) == [(
        "waiver jd-span-cap", 'for "**/gone.md" until 2027-06-30, which names files by a '
        "pattern, and names none of this run's; its folders hold more than the 3 files and "
        "folders, 32 deep, that are looked through for one, so whether it names a file the run "
        "was not given is not known: name the folder before its first `*`", 40)]
