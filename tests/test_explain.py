"""`workrules explain RULE`: what a rule checks, why, its values, and a breach in the example."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workrules import UsageError, load_policy
from workrules.cli import main
from workrules.explain import explain_rule
from workrules.resources import example_files

ROOT = Path(__file__).resolve().parents[1]


def example_section(text: str) -> str:
    return text[text.index("## Example of a breach"):]


def test_explain_shows_the_first_breach_in_the_example() -> None:
    assert explain_rule(load_policy(), "upw-group-ratio") == """\
# upw-group-ratio (5a): Unpaid Work group above 1:6

## What it checks

For each Unpaid Work session from 2024-06-03, there must be at most 6 group members for
each supervisor (upw_ratio 1:6).

## Why

An Unpaid Work group has at most six members for each supervisor once the ratio is in
force.

## Parameters

- `upw_ratio` = 1:6: Unpaid Work group members for each supervisor (5a).
- `upw_ratio_from` = 2024-06-03: The date by which the 1:6 ratio is in force (5a).

## Severity and effective date

Severity: error
In force: from 2024-06-03 (upw_ratio_from)
Written in: policies/claim-2024.wr, line 84 (policy claim-2024)

## Example of a breach

The example data shipped with workrules (allocation.yaml, jd/business-manager.md,
jd/case-administrator.md, jd/senior-probation-officer.md, rota.yaml, staff.yaml),
checked as on 2025-01-01, breaches the rule once:

    rota.yaml:13: upw-group-ratio [5a] U101 on 2024-06-04 had 7 group members to 1 supervisor (S010); from 2024-06-03 the ratio is at most 1:6 (5a).
        subject U101; 2024-06-04; measured 1:7 (members 7, supervisors 1), limit at most 1:6
        because 1:6 allows at most 6 members for 1 supervisor (there are 7)
        evidence U101 (rota.yaml:13)
"""


def test_explain_counts_the_breaches_and_shows_the_first() -> None:
    section = example_section(explain_rule(load_policy(), "upw-contact-hours"))
    assert "checked as on 2025-01-01, breaches the rule 2 times. The first:\n" in section
    assert ("    rota.yaml:15: upw-contact-hours [5c] S011 had 9 h of contact with work groups "
            "on 2024-06-06 (U103); the cap is 8 h a day (5c).\n") in section


def test_example_paths_are_relative_to_the_example_folder() -> None:
    section = example_section(explain_rule(load_policy(), "jd-span-stated"))
    assert ("    jd/business-manager.md:6: jd-span-stated [9] jd/business-manager.md (Business "
            "Manager) gives the post line management but states no span of control (9).\n"
            ) in section
    assert os.sep + "fixtures" not in section and "examples" + os.sep not in section


def test_explain_rule_with_unset_cap_gives_the_set_that_applies_it() -> None:
    assert example_section(explain_rule(load_policy(), "sfo-open-reviews")) == """\
## Example of a breach

Not applied: the cap is not yet agreed (sfo_open_reviews_max is unset), so the rule
finds nothing in the example data. To apply it, give it a value (N) with --set, here or
with workrules check:

    workrules explain sfo-open-reviews --set sfo_open_reviews_max=N
"""


def test_explain_keyed_cap_names_its_keys() -> None:
    section = example_section(explain_rule(load_policy("claim-5b-double-staffed"),
                                           "span-of-control"))  # fmt: skip
    assert ("    workrules explain span-of-control --policy claim-5b-double-staffed --set "
            "'span_of_control_max[KEY]=N'\n") in section
    assert section.endswith(
        "KEY is a grade of span_of_control_max: SAO, BUSINESS_MANAGER, SPO, NSD_SOL, PLM,\n"
        "AP_AREA_MANAGER, HEAD_OF_PDU, HEAD_OF_FUNCTION, HEAD_OF_SERVICE; set each one that\n"
        "applies.\n")


def test_explain_with_the_cap_set_finds_the_example_breach() -> None:
    text = explain_rule(load_policy(set_values=["sfo_open_reviews_max=1"]), "sfo-open-reviews")
    assert "- `sfo_open_reviews_max` = 1: Open SFO reviews" in text
    assert ("    allocation.yaml:43: sfo-open-reviews [8c] S040 holds 3 open SFO reviews (F700, "
            "F701, F702); the cap is 1 (8c).\n"
            "        subject S040; -; measured 3, limit at most 1\n") in text


def test_explain_says_when_the_example_holds_no_breach() -> None:
    text = explain_rule(load_policy(set_values=["sfo_open_reviews_max=10"]), "sfo-open-reviews")
    assert example_section(text).endswith(
        "checked as on 2025-01-01, holds no breach of this rule.\n")


def test_explain_lists_waivers_and_dated_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    policy = load_policy("fixtures/policies/dated-caps.wr")
    text = explain_rule(policy, "upw-contact-hours")
    assert ("## Waivers\n\n- for `S010` until 2024-12-31, agreed by Joint negotiating "
            "committee: Covers a vacant\n  supervisor post until it is filled. "
            "(fixtures/policies/dated-caps.wr:11)\n") in text
    assert "checked as on 2025-01-01, breaches the rule 2 times (1 waived). The first:\n" in text
    text = explain_rule(policy, "sfo-open-reviews")
    assert ("- `sfo_open_reviews_max` = to be agreed until 2025-01-01, then 6 from 2025-01-01, "
            "then 5\n  from 2025-07-01: Open SFO reviews") in text
    assert "Written in: policies/claim-2024.wr, line 154 (policy dated-caps)\n" in text


def test_explain_rule_without_parameters_says_so() -> None:
    text = explain_rule(load_policy(), "psr-role-boundary")
    assert "## Parameters\n\nNone: the rule's limits are written into it.\n" in text
    assert "In force: from 2024-06-01\n" in text


def test_unknown_rule_suggests_the_likely_one() -> None:
    with pytest.raises(UsageError, match=r"has no rule 'upw-group-ration' \(did you mean "
                                         r"'upw-group-ratio'\?\)"):  # fmt: skip
        explain_rule(load_policy(), "upw-group-ration")


def test_explain_command_exits_2_for_an_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "upw-group-ration"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("workrules: policy claim-2024 has no rule 'upw-group-ration' (did "
                            "you mean 'upw-group-ratio'?)\n")


def test_explain_command_prints_the_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "sfo-open-reviews", "--set", "sfo_open_reviews_max=1"]) == 0
    out = capsys.readouterr().out
    assert out == explain_rule(load_policy(set_values=["sfo_open_reviews_max=1"]),
                               "sfo-open-reviews")  # fmt: skip
    assert out.startswith("# sfo-open-reviews (8c): Too many open SFO reviews for one "
                          "reviewing manager\n")  # fmt: skip


def test_example_files_are_the_shipped_example_with_its_job_descriptions() -> None:
    files = example_files()
    base = os.path.commonpath(files)
    assert [os.path.relpath(f, base).replace(os.sep, "/") for f in files] == [
        "allocation.yaml", "jd/business-manager.md", "jd/case-administrator.md",
        "jd/senior-probation-officer.md", "rota.yaml", "staff.yaml",
    ]  # fmt: skip
