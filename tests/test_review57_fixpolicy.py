"""A local policy that weakens the claim and looks as if it does not (attack round 27).

A policy author wrote local policies meant to read as tidy-ups: a base that calls itself
`claim-2024` with 5c raised, a look-alike letter in a `where` that switched 7 off, a "local
agreement" built on `employer-current`, a renamed copy of the claim, a blanket waiver, a
weekly cap made daily. fixtures/review57/fixpolicy/README.md says what each file holds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import made_by_masked, run_workrules

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review57" / "fixpolicy"
TODAY = ("--today", "2024-07-15")


def _check(policy: str, *more: str, cwd: Path = HERE, data: str = "data/") -> tuple[int, str, str]:
    done = run_workrules("check", "--no-config", "--policy", policy, data, *TODAY, "--format",
                         "text", *more, cwd=cwd)  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def _values_set(out: str) -> list[str]:
    """The lines of the text report's "Values set for this run" section."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Values set"))
    return [line for line in lines[start + 1:] if line.startswith("  ")]


# ----------------------------------- P1: a base that calls itself by a shipped policy's name

BASE_REFUSED = (
    "workrules: policies/tees-local.wr:2:1: policies/claim-2024.wr calls itself 'claim-2024' "
    "(line 3), the name of a shipped policy, so every report would pass this chain's base off "
    "as the shipped one; give that file a name of its own (policy claim-2024-local), or extend "
    "the shipped policy by its name (extends \"claim-2024\")\n"
    "    extends \"claim-2024.wr\"\n"
    "    ^^^^^^^^^^^^^^^^^^^^^^^\n")


def test_a_base_that_calls_itself_the_claim_is_refused_at_the_extends_naming_its_line() -> None:
    # tees-local.wr sets only 8c, which reads as a tightening; its base raised 5c to 10 h, and
    # the 5c findings went with no word of it
    assert _check("policies/tees-local.wr", cwd=HERE / "chain", data="../data/") == (
        2, "", BASE_REFUSED)


def test_diff_refuses_the_chain_as_check_does() -> None:
    done = run_workrules("diff", "claim-2024", "policies/tees-local.wr", cwd=HERE / "chain")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", BASE_REFUSED)


def test_a_base_named_by_its_file_alone_is_refused_too(tmp_path: Path) -> None:
    shutil.copytree(HERE / "chain", tmp_path / "chain")
    base = tmp_path / "chain" / "policies" / "claim-2024.wr"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "policy claim-2024 \"Trade union workload reduction claim, 2024\"\n", ""),
        encoding="utf-8")  # fmt: skip
    done = run_workrules("diff", "claim-2024", "policies/tees-local.wr",
                         cwd=tmp_path / "chain")  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        "workrules: policies/tees-local.wr:2:1: policies/claim-2024.wr declares no name, so it "
        "takes 'claim-2024' from its file name, the name of a shipped policy, so every report "
        "would pass this chain's base off as the shipped one; give that file a name of its own "
        "(policy claim-2024-local), or extend the shipped policy by its name (extends "
        "\"claim-2024\")")


def test_diff_heading_tells_a_repository_file_from_the_shipped_one_of_the_same_name() -> None:
    # the base under a name of its own is accepted; its file is named as the shipped claim's
    done = run_workrules("diff", "claim-2024", "policies/tees-local.wr",
                         cwd=HERE / "renamed-base")  # fmt: skip
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == [
        "OLD claim-2024 (policies/claim-2024.wr)",
        "NEW tees-valley-local (policies/tees-local.wr, extending policies/claim-2024.wr: the "
        "repository's, not the shipped claim-2024, policies/claim-2024.wr)"]


def test_diff_compares_a_policy_that_calls_itself_the_claim_where_check_refuses_it() -> None:
    # an older version of the claim, kept as released, is what negotiators diff; `check`
    # refuses it, so that no report passes it off as the shipped claim
    said = ("workrules: same-name/claim-2024.wr:1:1: this policy calls itself 'claim-2024', "
            "the name of a shipped policy; give a policy of your own a name of its own (policy "
            "claim-2024-local), so that no report passes it off as the shipped one\n"
            "    policy claim-2024 \"Trade union workload reduction claim, 2024\"\n"
            "    ^\n")  # fmt: skip
    done = run_workrules("diff", "claim-2024", "same-name/claim-2024.wr", cwd=HERE)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.splitlines()[1] == (
        "NEW claim-2024 (same-name/claim-2024.wr: the repository's, not the shipped claim-2024, "
        "extending policies/claim-2024.wr)")
    assert _check("same-name/claim-2024.wr") == (2, "", said)


def test_the_shipped_policies_diff_as_before() -> None:
    done = run_workrules("diff", "policies/claim-2024.wr", "policies/employer-current.wr",
                         cwd=ROOT)  # fmt: skip
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == [
        "OLD claim-2024 (policies/claim-2024.wr)",
        "NEW employer-current (policies/employer-current.wr)"]


# ------------------------------------------------- P2: a look-alike in a quoted value of `where`

@pytest.mark.parametrize(("name", "column", "said"), [
    ("cyrillic", 28, "U+0435 CYRILLIC SMALL LETTER IE, which looks like 'e', where a quoted "
                     "value holding it equals no value written with 'e'; write 'e'"),
    ("nbsp", 23, "U+00A0 NO-BREAK SPACE shows as a space but is not one, and a quoted value "
                 "holding it equals no value written with a space; write a plain space"),
    ("trailing", 34, "a quoted value with a space at its end equals no value written without "
                     "it, and no report or diff shows it; write \"Tees Valley PDU\""),
])  # fmt: skip
def test_a_look_alike_in_a_quoted_value_is_refused_at_its_column(name: str, column: int,
                                                                 said: str) -> None:  # fmt: skip
    # each made 7's rule select no report, and both PSO reports went unflagged in silence
    code, out, err = _check(f"lookalike/{name}.wr")
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == f"workrules: lookalike/{name}.wr:16:{column}: {said}"
    assert err.splitlines()[2] == " " * (4 + column - 1) + "^"


def test_the_plain_spelling_flags_both_reports() -> None:
    code, out, _ = _check("lookalike/plain.wr")
    assert code == 1
    assert [line.split(" ", 2)[1] for line in out.splitlines()
            if " psr-role-boundary [7] " in line] == ["psr-role-boundary"] * 2  # fmt: skip


# ------------------------------------- P3, P4: what a repository's policy rests on, and reads

def test_a_local_agreement_built_on_employer_current_says_so_and_what_it_never_read() -> None:
    code, out, err = _check("employer/local.wr")
    assert (code, err) == (0, "")
    assert made_by_masked(out) == (
        "\nValues set for this run, over the policy's (3):\n"
        "  extends employer-current, a shipped policy other than claim-2024 (the policy's: the "
        "default, claim-2024; set by employer/local.wr:2)\n"
        "  wmt_grace 21 days (the policy's: 28 days in employer-current; set by "
        "employer/local.wr:6)\n"
        "  no rule reads the data's timesheets, unpaid work sessions, programme sessions, MAPPA "
        "meetings, pre-sentence reports or job descriptions (the policy's: claim-2024's rules "
        "read them; set by employer/local.wr)\n"
        "Made by policy claim-2024-tees-valley sha256:<digest> and workrules <version>, judged "
        "as on 2024-07-15 (--today 2024-07-15).\n"
        "0 findings from 1 rule of policy claim-2024-tees-valley over 5 files; none found, but "
        "no rule of the policy read some of the records given (see the values set for this "
        "run).\n")


def test_the_records_no_rule_reads_are_in_every_format() -> None:
    done = run_workrules("check", "--no-config", "--policy", "employer/local.wr", "data/",
                         *TODAY, "--format", "json", cwd=HERE)  # fmt: skip
    import json

    settings = json.loads(done.stdout)["settings"]
    assert [s["name"] for s in settings] == ["extends", "wmt_grace", "no rule reads the data's"]


def test_a_renamed_copy_of_the_claim_says_it_extends_no_shipped_policy(tmp_path: Path) -> None:
    # the claim copied whole as `claim-2024-north-east`, 5c raised to 10 h: nothing in it was
    # compared with the claim, and the report said nothing of it
    shutil.copytree(HERE / "data", tmp_path / "data")
    claim = (ROOT / "policies" / "claim-2024.wr").read_text(encoding="utf-8")
    copy = claim.replace("policy claim-2024 ", "policy claim-2024-north-east ").replace(
        "param upw_contact_hours_max: hours = 8 h", "param upw_contact_hours_max: hours = 10 h")
    assert copy.count("claim-2024-north-east") == 1 and "= 10 h" in copy
    (tmp_path / "north-east.wr").write_text(copy, encoding="utf-8")
    line = 1 + copy.splitlines().index(next(x for x in copy.splitlines()
                                            if x.startswith("policy ")))  # fmt: skip
    code, out, _ = _check("north-east.wr", cwd=tmp_path)
    assert code == 1
    assert _values_set(out) == [
        "  extends no shipped policy, so nothing in it is compared with the claim: compare it "
        "with `workrules diff claim-2024 north-east.wr` (the policy's: the default, "
        f"claim-2024; set by north-east.wr:{line})"]
    assert " upw-contact-hours [5c] " not in out


def test_a_local_agreement_on_the_claim_lists_what_it_did_before() -> None:
    # (the claim's own local agreement: nothing new is said of what it rests on)
    done = run_workrules("check", "--no-config", "--policy", "fixtures/policies/local-agreement.wr",
                         "fixtures/example/", "--today", "2024-07-15", "--format", "text",
                         cwd=ROOT)  # fmt: skip
    assert not any(line.startswith(("  extends", "  no rule reads"))
                   for line in done.stdout.splitlines())  # fmt: skip


# --------------------------------------------------------- P5: a policy's waivers are listed

def test_a_blanket_waiver_of_a_policy_is_listed_with_the_values_set() -> None:
    code, out, _ = _check("waiver/local.wr")
    assert code == 1
    assert _values_set(out) == [
        "  waiver upw-contact-hours for \"*\" until 2999-12-31, which covers every subject: no "
        "finding of the rule fails a run until then (the policy's: no waiver in claim-2024; "
        "set by waiver/local.wr:5)"]


# ------------------------------------------------------ P7: a key called by another period's name

def test_a_per_key_called_by_another_period_s_name_is_refused() -> None:
    assert _check("per-alias/local.wr") == (2, "", (
        "workrules: per-alias/local.wr:11:42: a 'per' key cannot be called 'week', the name of "
        "a period, unless it groups per week: the rule's periods would read as weeks where they "
        "are not; write 'per week' for that period, or name the key otherwise\n"
        "        per facilitators as facilitator, per day as week\n"
        "                                             ^^^\n"))


# ----------------------------------------------------------------- P8, P10: words that misled

def test_the_docs_say_an_unset_parameter_in_a_sentence_reads_not_given() -> None:
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    assert "including in `from` and in its sentence" not in text
    assert "A parameter\nnamed only in its sentence stops nothing" in text


@pytest.mark.parametrize("written", ["1 : 6", "1 to 6"])
def test_a_ratio_written_with_spaces_is_given_a_ratio_s_hint(written: str) -> None:
    done = run_workrules("check", "--no-config", "data/", "--set", f"upw_ratio={written}",
                         cwd=HERE)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"workrules: --set upw_ratio={written}: {written} is not a value for upw_ratio, which "
        "is a ratio (1:6); write a ratio as two whole numbers joined by ':', with no spaces: "
        "1:6\n")
