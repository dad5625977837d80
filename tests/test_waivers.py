"""Recorded exceptions given twice: a waiver has no start, so of two for the same rule and
subject the later `until` covers every finding the other does. Which one was agreed is not
for workrules to guess: the second is refused at its line, naming the first."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run_workrules

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
    assert lines[-1] == ("9 findings (1 waived) from 30 rules of policy claim-waived-twice over "
                         "3 files; 8 fail the run (--fail-on warning).")
