"""Recorded exceptions given twice: a waiver has no start, so of two for the same rule and
subject the later `until` covers every finding the other does. Which one was agreed is not
for workrules to guess: the second is refused at its line, naming the first."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_workrules
from hypothesis import given
from hypothesis import strategies as st

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HERE = FIXTURES / "waivers-twice"


def test_a_config_waiver_given_twice_is_refused_at_the_second(tmp_path: Path) -> None:
    shutil.copy(HERE / "workrules.toml", tmp_path / "workrules.toml")
    shutil.copy(FIXTURES / "example" / "rota.yaml", tmp_path / "rota.yaml")
    done = run_workrules("check", "--today", "2024-07-01", "rota.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: workrules.toml:12: a second waiver of upw-contact-hours for 'S011' (the "
        "first is at workrules.toml:5): keep one, with the date agreed\n")


def test_a_policy_waiver_written_twice_is_refused_at_the_second(tmp_path: Path) -> None:
    shutil.copy(HERE / "twice.wr", tmp_path / "twice.wr")
    shutil.copy(FIXTURES / "example" / "rota.yaml", tmp_path / "rota.yaml")
    done = run_workrules("check", "--no-config", "--policy", "./twice.wr", "--today",
                         "2024-07-01", "rota.yaml", cwd=tmp_path)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: ./twice.wr:12: a second waiver of programme-sessions-per-week for 'S020' "
        "(the first is at ./twice.wr:6): keep one, with the date agreed\n")


def test_a_config_waiver_that_repeats_the_policys_is_refused(tmp_path: Path) -> None:
    # the policy waives S020's sessions; the config records the same exception again
    shutil.copy(HERE / "twice.wr", tmp_path / "local.wr")
    text = (tmp_path / "local.wr").read_text(encoding="utf-8")
    (tmp_path / "local.wr").write_text(text[:text.rindex("waive ")], encoding="utf-8")
    (tmp_path / "workrules.toml").write_text(
        'policy = "./local.wr"\n\n[[waiver]]\nrule = "programme-sessions-per-week"\n'
        'subject = "S020"\nreason = "Cover"\nagreed-by = "Head of PDU"\nuntil = 2025-03-31\n',
        encoding="utf-8")  # fmt: skip
    shutil.copy(FIXTURES / "example" / "rota.yaml", tmp_path / "rota.yaml")
    done = run_workrules("check", "--today", "2024-07-01", "rota.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: workrules.toml:3: a second waiver of programme-sessions-per-week for "
        "'S020' (the first is at local.wr:6): keep one, with the date agreed\n")


def test_waivers_of_one_rule_for_different_subjects_are_each_kept(tmp_path: Path) -> None:
    # the second waiver names S021: two exceptions, not one twice; S020's finding is waived
    text = (HERE / "twice.wr").read_text(encoding="utf-8")
    at = text.rindex('"S020"')
    (tmp_path / "two.wr").write_text(f'{text[:at]}"S021"{text[at + 6:]}', encoding="utf-8")
    for name in ("staff.yaml", "rota.yaml", "allocation.yaml"):
        shutil.copy(FIXTURES / "example" / name, tmp_path / name)
    done = run_workrules("check", "--no-config", "--policy", "./two.wr", "--today",
                         "2024-07-01", "--format", "text", "staff.yaml", "rota.yaml",
                         "allocation.yaml", cwd=tmp_path)  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    lines = done.stdout.splitlines()
    assert [line for line in lines[:-2] if "waived" in line] == [
        "rota.yaml:28: programme-sessions-per-week [8a] (waived) S020 delivered 5 programme "
        "sessions in the week of 2024-06-10 (P210, P211, P212, P213, P214); the cap is 4 (8a).",
        "    error, waived: does not fail the run",
        "    waived until 2024-12-31, agreed by Head of PDU: Cover for a facilitator on "
        "long-term sick leave (./two.wr:6)",
    ]
    assert lines[-1] == ("9 findings (1 waived) from 33 rules of policy claim-waived-twice over "
                         "3 files; 8 fail the run (--fail-on warning).")


# -- a waiver subject that can cover no one (attack round 31, P3; first hour 51, P7) ---------

SUBJECTS = FIXTURES / "waiver-subjects"


def _example(tmp_path: Path) -> Path:
    for name in ("staff.yaml", "rota.yaml"):
        shutil.copy(FIXTURES / "example" / name, tmp_path / name)
    return tmp_path


def test_a_waiver_subject_with_a_character_that_does_not_show_is_refused_at_its_line(
        tmp_path: Path) -> None:  # fmt: skip
    for case, said in (
            ("zwj", "'S010\\u200d' holds U+200D ZERO WIDTH JOINER, which does not show"),
            ("fullwidth", "'\uff33010' holds U+FF33 FULLWIDTH LATIN CAPITAL LETTER S, which "
                          "looks like 'S'")):  # fmt: skip
        shutil.copy(SUBJECTS / case / "workrules.toml", _example(tmp_path) / "workrules.toml")
        done = run_workrules("check", "--today", "2024-07-01", "rota.yaml", cwd=tmp_path)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == (
            f"workrules: workrules.toml:2: a waiver's subject {said}: no finding's subject "
            "holds one, so it covers no finding where a reader sees 'S010'; write 'S010'\n")


def test_a_policy_waiver_for_a_look_alike_subject_is_refused_at_its_for(tmp_path: Path) -> None:
    shutil.copy(SUBJECTS / "lookalike.wr", _example(tmp_path) / "lookalike.wr")
    done = run_workrules("check", "--no-config", "--policy", "./lookalike.wr", "rota.yaml",
                         cwd=tmp_path)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: ./lookalike.wr:6:5: waiver of upw-contact-hours: its subject '\uff33010' "
        "holds U+FF33 FULLWIDTH LATIN CAPITAL LETTER S, which looks like 'S': no finding's "
        "subject holds one, so it covers no finding where a reader sees 'S010'; write 'S010'\n"
        '        for "\uff33010"\n'
        "        ^^^^^^^^^^\n")


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("where", ["config", "policy"])
def test_a_waiver_that_names_no_one_in_the_data_says_it_covers_nothing(
        tmp_path: Path, engine: str, where: str) -> None:  # fmt: skip
    _example(tmp_path)
    if where == "config":
        shutil.copy(SUBJECTS / "nobody" / "workrules.toml", tmp_path / "workrules.toml")
        chosen, at, policy = [], ("workrules.toml", 2), "claim-2024"
    else:
        shutil.copy(SUBJECTS / "nobody.wr", tmp_path / "nobody.wr")
        chosen, at, policy = ["--no-config", "--policy", "./nobody.wr"], ("./nobody.wr", 5), \
            "claim-2024"  # fmt: skip
    done = run_workrules("check", *chosen, "--engine", engine, "--today", "2024-07-01",
                         "--format", "json", "staff.yaml", "rota.yaml", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert [s for s in report["settings"] if s["name"].startswith("waiver")] == [{
        "name": "waiver upw-contact-hours",
        "value": 'for "S 010" until 2027-06-30, which names no one in the data (no id, unit or '
                 "file), so it covers nothing: write the subject as the data writes it",
        "policy": f"no waiver in {policy}", "file": at[0], "line": at[1]}]
    assert [(f["subject"], f["file"], f["line"], f["period"]["start"], f["waiver"])
            for f in report["findings"] if f["rule"] == "upw-contact-hours"] == [
        ("S011", "rota.yaml", 15, "2024-06-06", None),
        ("S010", "rota.yaml", 16, "2024-06-07", None)]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_waiver_naming_the_unit_for_a_rule_whose_findings_are_people_says_it_covers_none(
        tmp_path: Path, engine: str) -> None:  # fmt: skip
    """The review of session 51, P6: "Fixture PDU" is a name in the data, but 5c's findings
    are each supervisor's, so the waiver covered none of them, and nothing said so."""
    _example(tmp_path)
    shutil.copy(SUBJECTS / "unit" / "workrules.toml", tmp_path / "workrules.toml")
    done = run_workrules("check", "--engine", engine, "--today", "2024-07-01", "--format",
                         "json", "staff.yaml", "rota.yaml", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert [s for s in report["settings"] if s["name"].startswith("waiver")] == [{
        "name": "waiver upw-contact-hours",
        "value": 'for "Fixture PDU" until 2027-06-30, which names a unit, region or file, but '
                 "the findings of upw-contact-hours are of people or records (S010, S011), so "
                 "it covers none of them: name each one's id",
        "policy": "no waiver in claim-2024", "file": "workrules.toml", "line": 2}]
    assert [(f["subject"], f["waiver"]) for f in report["findings"]
            if f["rule"] == "upw-contact-hours"] == [("S011", None), ("S010", None)]


def test_a_waiver_that_names_someone_without_a_finding_says_nothing_more(tmp_path: Path) -> None:
    # S001 is in the staff list and has no 5c finding: a waiver kept in case, not a slip
    text = (SUBJECTS / "nobody.wr").read_text(encoding="utf-8").replace('"S 010"', '"S001"')
    (_example(tmp_path) / "kept.wr").write_text(text, encoding="utf-8")
    done = run_workrules("check", "--no-config", "--policy", "./kept.wr", "--today",
                         "2024-07-01", "--format", "json", "staff.yaml", "rota.yaml",
                         cwd=tmp_path)  # fmt: skip
    assert [s["value"] for s in json.loads(done.stdout)["settings"]] == [
        'for "S001" until 2027-06-30']


@given(st.text(max_size=12))
def test_any_waiver_subject_is_refused_in_words_or_holds_nothing_hidden_or_alike(
        subject: str) -> None:  # fmt: skip
    from workrules.dataset import hidden, lookalike
    from workrules.findings import waiver_subject_problem

    problem = waiver_subject_problem(subject)
    assert problem is None or isinstance(problem, str)
    if problem is None:
        assert hidden(subject) is None and lookalike(subject) is None
