"""Hostile review (session 19): a pull request's policy, as `check` reads it from the repository.

Each test runs the real files of fixtures/hostile19/ (README.md there says what each gave
before) in a throw-away git work tree, or plants there what a pull request would commit, and
asserts the exact output.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import made_by_masked
from test_ci_gate import run  # main() in-process: (exit code, stdout, stderr)

from workrules import ast_cache

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile19"
ENGINES = ["python", "columnar"]


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    """A git work tree holding fixtures/hostile19/repo/ (a staff list, a rota with one breach
    of the 5c cap, a PSO's job description crossing the 7a role boundary) and the policies of
    fixtures/hostile19/policies/; the current directory while the test runs."""
    here = os.getcwd()
    work = tmp_path / "repo"
    shutil.copytree(HERE / "repo", work)
    for policy in (HERE / "policies").iterdir():
        shutil.copy(policy, work / policy.name)
    (work / ".git").mkdir()
    os.chdir(work)
    yield work
    os.chdir(here)


def _tail(out: str) -> str:
    """The last paragraph of a text report: the values set, and the summary (and the line
    saying what made it, masked: `made_by_masked`)."""
    return made_by_masked(out.lstrip("\n").split("\n\n")[-1])


# ------------------------------- 1. a policy that writes the claim's rules again: said, not silent


@pytest.mark.parametrize("engine", ENGINES)
def test_a_claim_rule_a_repository_policy_writes_again_is_listed_with_the_value_it_raises(
    repo: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    # `extends "claim-2024"` with the 5c rule written again (`at most 100 h`) and the claim's
    # 8 h cap raised to 24 h: the rota's 9 h day passed, and the report said only "0 findings
    # from 39 rules of policy local over 2 files; nothing to report", naming neither the rule
    # nor the file. Now each is listed with the values set over the policy's, run after run
    # (the second loads the policy from the cache of its checked form). The 5c rule written
    # again caps at 100 h of its own, so the 24 h set reads as what it is: read by no rule
    # (a first hour, round 55).
    for _ in range(2):
        code, out, err = run(["check", "--no-config", "--engine", engine, "--policy",
                              "./replaces-5c.wr", "staff.yaml", "rota.yaml"], capsys)  # fmt: skip
        assert (code, err) == (0, "")
        assert _tail(out) == (
            "Values set for this run, over the policy's (2):\n"
            "  upw_contact_hours_max 24 h, read by no rule of this policy (the policy's: 8 h in "
            "claim-2024; set by "
            "./replaces-5c.wr:6)\n"
            "  rule upw-contact-hours replaced (the policy's: as claim-2024 writes it; set by "
            "./replaces-5c.wr:8)\n"
            "Made by policy local sha256:<digest> and workrules <version>, judged as on <today> "
            "(the day it ran).\n"
            "0 findings from 10 rules of policy local over 2 files; nothing to report.\n")
    assert ast_cache.hits > 0


@pytest.mark.parametrize(("fmt", "shown"), [
    ("json", '      "name": "rule upw-contact-hours",\n      "value": "replaced",\n'
             '      "policy": "as claim-2024 writes it",\n      "file": "./replaces-5c.wr",\n'
             '      "line": 8\n'),
    ("sarif", '            "name": "rule upw-contact-hours",\n            "value": "replaced",\n'
              '            "policy": "as claim-2024 writes it",\n'
              '            "setBy": "./replaces-5c.wr:8"\n'),
    ("github", "  rule upw-contact-hours replaced (the policy's: as claim-2024 writes it; set by "
               "./replaces-5c.wr:8)\n"),
    ("html", '<td role="cell" data-label="parameter">rule upw-contact-hours</td><td role="cell" '
             'data-label="value used">replaced</td><td role="cell" data-label="the policy&#x27;s">'
             'as claim-2024 writes it</td><td role="cell" data-label="set by">./replaces-5c.wr:8'
             "</td>"),
])  # fmt: skip
def test_a_replaced_claim_rule_is_listed_in_every_format(
    repo: Path, capsys: pytest.CaptureFixture[str], fmt: str, shown: str
) -> None:
    code, out, err = run(["check", "--no-config", "--format", fmt, "--policy",
                          "./replaces-5c.wr", "staff.yaml", "rota.yaml"], capsys)  # fmt: skip
    assert (code, err) == (0, "")
    assert shown in out


def test_a_claim_pattern_a_repository_policy_writes_again_is_listed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The claim's pattern for cases outside a PSO's role boundary, written again to find a
    # phrase no job description holds: the 7a finding on jd/pso.md was gone, unsaid.
    code, out, err = run(["check", "--no-config", "--policy", "./replaces-pattern.wr",
                          "staff.yaml", "rota.yaml", "jd/pso.md"], capsys)  # fmt: skip
    assert (code, err) == (1, "")
    assert "jd-cases-role-boundary" not in out
    assert _tail(out) == (
        "Values set for this run, over the policy's (1):\n"
        "  pattern cases_outside_role_boundary replaced (the policy's: as claim-2024 writes it; "
        "set by ./replaces-pattern.wr:6)\n"
        "Made by policy local sha256:<digest> and workrules <version>, judged as on <today> (the "
        "day it ran).\n"
        "1 finding from 21 rules of policy local over 3 files; 1 fails the run "
        "(--fail-on warning).\n")  # fmt: skip


def test_a_local_agreement_that_gives_what_the_claim_leaves_to_be_agreed_lists_it(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Caps the claim leaves to be agreed, given, and a rule of its own added: what a local
    # policy is for. The caps are listed, as a config's `[set]` lists them: the same value
    # moved from a config into a policy went unlisted, and a cap of 1000 hid a span of 12
    # (the sixteenth attack).
    code, out, err = run(["check", "--no-config", "--policy", "./fills-the-claim.wr",
                          "staff.yaml", "rota.yaml", "jd/pso.md"], capsys)  # fmt: skip
    assert (code, err) == (1, "")
    assert made_by_masked(out).endswith(
        "\nValues set for this run, over the policy's (2):\n"
        "  sfo_open_reviews_max 3 (the policy's: to be agreed in claim-2024; set by "
        "./fills-the-claim.wr:6)\n"
        "  span_of_control_max[SPO] 8 (the policy's: to be agreed in claim-2024; set by "
        "./fills-the-claim.wr:7)\n"
        "Made by policy local sha256:<digest> and workrules <version>, judged as on <today> (the "
        "day it ran).\n"
        "2 findings from 25 rules of policy local over 3 files; 2 fail the run "
        "(--fail-on warning).\n")  # fmt: skip


def test_a_shipped_variant_of_the_claim_lists_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # claim-5b-double-staffed replaces the claim's 5a rule, but it is shipped: it is the
    # policy the report names, not a change a repository made to it.
    code, out, err = run(["check", "--no-config", "--policy", "claim-5b-double-staffed",
                          "staff.yaml", "rota.yaml"], capsys)  # fmt: skip
    assert (code, err) == (1, "")
    assert "Values set" not in out


# ------------------------------------------ 2. a chain of policies: bounded in all, not file by file


def _rules(prefix: str, count: int, comment: int = 0) -> str:
    """`count` rules, each under a comment of `comment` characters (a comment is no token of
    the 50,000 a policy may have, so a file of 1 MiB can still be read to its `extends`)."""
    said = f"# {'x' * comment}\n" if comment else ""
    return "".join(f'{said}rule {prefix}-{i}\n    clause "5c"\n    title "t"\n'
                   "    for each upw_session\n    per supervisors as supervisor, per day\n"
                   "    measure sum of contact_hours at most 8 h\n"
                   '    say "{supervisor} {value}"\n\n' for i in range(count))  # fmt: skip


def test_a_chain_of_policies_larger_in_all_than_one_may_be_is_refused_at_the_extends(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each file of a chain was held to 1 MiB, but 16 such files, each extending the next, were
    # read, parsed and type-checked (a file of 1 MiB took 24 s): minutes before a record was
    # read. Now the chain is held to 1 MiB in all, refused at the extends that goes over.
    shutil.copy(HERE / "policies" / "extends-big.wr", ".")
    Path("big-a.wr").write_text('extends "big-b.wr"\n' + _rules("a", 1_000, 400),
                                encoding="utf-8")  # fmt: skip
    Path("big-b.wr").write_text('extends "claim-2024"\n' + _rules("b", 1_000, 400),
                                encoding="utf-8")  # fmt: skip
    assert 512_000 < Path("big-a.wr").stat().st_size < 1 << 20
    code, out, err = run(["check", "--no-config", "--policy", "./extends-big.wr", "staff.yaml",
                          "rota.yaml"], capsys)  # fmt: skip
    assert (code, out, err) == (2, "", (
        "workrules: big-a.wr:1:1: extends big-b.wr: the policies of this chain are more than "
        "1,048,576 bytes in all with it (a real chain, the claim's with a local agreement, is a "
        "tenth of that); longer chains are refused\n"
        '    extends "big-b.wr"\n'
        "    ^^^^^^^^^^^^^^^^^^\n"))


def test_mentions_phrases_of_a_chain_too_long_in_all_are_refused_at_the_one_over(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A file's `mentions` phrases were held to 500 words, but 16 files of 500 words, each
    # extending the next, searched a job description of "a a a ..." for 23 s (one file: 2 s).
    # `mentions-2.wr` extends `mentions-1.wr`, each with 300 words.
    for name in ("mentions-1.wr", "mentions-2.wr"):
        shutil.copy(HERE / "policies" / name, ".")
    code, out, err = run(["check", "--no-config", "--policy", "./mentions-2.wr", "jd/pso.md"],
                         capsys)  # fmt: skip
    assert (code, out) == (2, "")
    first, quoted, caret = err.split("\n")[:3]
    assert first == (
        "workrules: ./mentions-2.wr:10:18: the 'mentions' phrases of this policy and those it "
        "extends are too long in all: with this one they have 600 words, and at most 500 are "
        "searched for in a policy (a real phrase has a few); write shorter phrases")
    assert quoted.startswith('        require not (text mentions "a a a ')
    assert caret.startswith(" " * 21 + "^^^^")
    # each file alone is within the bound
    code, out, err = run(["check", "--no-config", "--policy", "./mentions-1.wr", "jd/pso.md"],
                         capsys)  # fmt: skip
    assert (code, err) == (0, "")


# ------------------------------------------------ 3. a policy's regexes: bounded by what a search costs


def test_small_regexes_whose_dfa_gives_up_are_refused_at_the_one_over(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # RE2 searches in linear time, but when its DFA gives up (`[ab]*a[ab]{20}` needs 2**20
    # states) in time with the size of its program too: about 10 ms a step over a job
    # description of the largest size. 200 rules like these (8 KB, 7,000 steps, well under the
    # 100,000 allowed) took two minutes over one job description of "a" and "b".
    code, out, err = run(["check", "--no-config", "--policy", "./dfa-regexes.wr", "jd/pso.md"],
                         capsys)  # fmt: skip
    assert (code, out, err) == (2, "", (
        "workrules: ./dfa-regexes.wr:249:31: the policy's patterns are too large in all: with "
        "this one they compile to 1,005 steps of RE2's program, and at most 1,000 are allowed "
        "in a policy file (a real one needs a few dozen, and a step can cost 10 ms a search of "
        "a long text); write fewer or smaller patterns\n"
        "        require not (text matches /[ab]*a[ab]{20}c34/)\n"
        "                                  ^^^^^^^^^^^^^^^^^^^\n"))


def test_regexes_of_a_chain_too_large_in_all_are_refused_at_the_one_over(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each file's regexes were bounded, a chain's not: 16 files, each extending the next,
    # searched sixteen times as long as one.
    for name in ("regexes-1.wr", "regexes-2.wr"):
        shutil.copy(HERE / "policies" / name, ".")
    code, out, err = run(["check", "--no-config", "--policy", "./regexes-2.wr", "jd/pso.md"],
                         capsys)  # fmt: skip
    assert (code, out, err) == (2, "", (
        "workrules: ./regexes-2.wr:10:31: the patterns of this policy and those it extends are "
        "too large in all: with this one they compile to 1,216 steps of RE2's program, and at "
        "most 1,000 are allowed in a policy (a real one needs a few dozen, and a step can cost "
        "10 ms a search of a long text); write fewer or smaller patterns\n"
        "        require not (text matches /[ab]*a[ab]{600}c2/)\n"
        "                                  ^^^^^^^^^^^^^^^^^^^\n"))
    code, out, err = run(["check", "--no-config", "--policy", "./regexes-1.wr", "jd/pso.md"],
                         capsys)  # fmt: skip
    assert (code, err) == (0, "")


# --------------------------------------- 4. what a report prints again for each finding: bounded


def test_a_sentence_of_too_many_placeholders_is_refused_at_the_string_that_goes_over(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each placeholder is a value of the data, as long as the data makes it: 2,000 `{title}`s
    # (14 KB of policy) over a job description's title of 100,000 characters made one finding
    # of 200 MB, and the run took 860 MB of memory.
    code, out, err = run(["check", "--no-config", "--policy", "./say-bomb.wr", "jd/pso.md"],
                         capsys)  # fmt: skip
    assert (code, out, err) == (2, "", (
        "workrules: ./say-bomb.wr:13:9: a sentence has at most 32 placeholders (the claim's "
        "have at most 11), and this one has more with this string\n"
        '            "{title} {title} {title} {title} {title} {title} {title} {title} {title} '
        '{title}"\n'
        "            " + "^" * 81 + "\n"))


def test_a_policy_text_too_long_is_refused_at_the_string_that_goes_over(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A clause, a title, a sentence or a waiver's reason of 1 MiB was printed again with each
    # finding: 10,000 findings, 10 GB of report. A text is now 2,000 characters at most.
    code, out, err = run(["check", "--no-config", "--policy", "./long-why.wr", "jd/pso.md"],
                         capsys)  # fmt: skip
    assert (code, out) == (2, "")
    first, quoted, caret = err.split("\n")[:3]
    assert first == (
        "workrules: ./long-why.wr:13:9: a text in a policy is at most 2,000 characters (it is "
        "printed in reports, some with each finding; the claim's longest is under 500), and "
        "this one has 2,030 with this string")
    assert quoted.startswith('            "The reason, again and again. ') and caret.startswith(
        " " * 12 + "^^^^")  # fmt: skip


def test_a_config_waivers_reason_too_long_is_refused_at_its_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(HERE / "config" / "long-reason.toml", "workrules.toml")
    code, out, err = run(["check", "staff.yaml", "rota.yaml"], capsys)
    assert (code, out, err) == (2, "", (
        "workrules: workrules.toml:2: a waiver's reason is at most 2,000 characters (it is "
        "printed again with each finding it waives), and this one has 3,000\n"))


# ------------------------------------------------- 5. a config's data: each glob is a walk


def test_a_config_of_more_data_entries_than_any_needs_is_refused_at_its_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each glob walks the folders it can reach: 5,000 copies of `**/staff.y*ml` (100 KB of
    # config) took 17 s in a repository of 1,000 files, and a config of 1 MiB holds 60,000.
    shutil.copy(HERE / "config" / "many-globs.toml", "workrules.toml")
    code, out, err = run(["check", "rota.yaml"], capsys)
    assert (code, out, err) == (2, "", (
        "workrules: workrules.toml:3: data has 101 entries, and at most 100 are read (a real "
        "config names a staff list, or a glob or two)\n"))
