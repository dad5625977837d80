"""`diff --data` read aloud: units, and rules that judged nothing (review of session 48, P4, P5).

A clause's line says first what one policy did not judge (a cap to be agreed, a rule left out),
but the count by unit did not: "Medway PDU: 1 only under employer-offer-2026" was 8c, which the
claim leaves to be agreed, read aloud as the offer finding what the claim passed (P4). And a
rule applied only in part (no staff member gives a line manager), or rules that read no record
(nine rules of job descriptions, and no job description given), were counted as "0 findings
under NEW" and "from the clause's 9 other rules", as if they had judged and found nothing
(P5). fixtures/review58/neg3/README.md says what each file holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workrules.cli import main
from workrules.policy_diff import Tally, impact

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review58" / "neg3"
DATA = sorted((HERE / "data").iterdir())
NO_LINE_MANAGER = sorted((HERE / "no-line-manager").iterdir())
JD = [HERE / "jd" / "case-administrator.md"]
TODAY = ["--today", "2026-12-01"]
SPAN_IN_PART = ("no staff member in the data gives any line manager, so each was read as "
                "having none; if the export leaves them out, this rule could not judge by them")


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(HERE)
    return HERE


def _diff(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["diff", "claim-2024", "offer.wr", *args, *TODAY]) == 1
    return capsys.readouterr().out


def _section(out: str, heading: str) -> list[str]:
    """The lines of `out` from `heading` to the next blank line."""
    lines = out.splitlines()
    start = lines.index(heading)
    return lines[start:lines.index("", start)]


# ------------------------------------------------------------------- P4: the count by unit


def test_a_unit_says_apart_the_findings_of_a_clause_one_policy_did_not_judge(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    out = _diff(capsys, "--data", "data", "--format", "text")
    # Medway's 8c is the offer's alone because the claim leaves its cap to be agreed; Swale's
    # 4c is the claim's alone because the offer leaves it out, and its 9 the offer's alone
    # because the claim leaves the span to be agreed. Only Swale's 5a (a group of 7: above
    # the claim's 1:6, not the offer's 1:7) is a difference the two policies' terms make.
    assert _section(out, "By unit:") == [
        "By unit:",
        "  Medway PDU: 1 under both; 1 under employer-offer-2026 of a clause not judged under "
        "claim-2024 (8c)",
        "  Swale PDU: 1 only under claim-2024; 1 under claim-2024 of a clause not judged under "
        "employer-offer-2026 (4c); 1 under employer-offer-2026 of a clause not judged under "
        "claim-2024 (9)",
    ]
    # (the clauses' lines and rows are as they were: each says it of the whole clause)
    assert _section(out, "By clause:") == [
        "By clause:",
        "  4c, not applied under employer-offer-2026 (left out at offer.wr:11 and "
        "offer.wr:14): 1 only under claim-2024",
        "  5a: 1 only under claim-2024, 1 under both",
        "  8c, not judged under claim-2024 (cap to be agreed: sfo_open_reviews_max unset): 1 "
        "only under employer-offer-2026",
        "  9, span-of-control not judged under claim-2024 (cap to be agreed: "
        "span_of_control_max unset): 1 only under employer-offer-2026",
    ]


def test_a_unit_s_row_counts_the_differences_and_says_the_rest_in_its_first_cell(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    out = _diff(capsys, "--data", "data", "--format", "markdown")
    assert _section(out, "| unit | only OLD | only NEW | both |") == [
        "| unit | only OLD | only NEW | both |",
        "|---|---|---|---|",
        "| Medway PDU: 1 under NEW of a clause not judged under OLD (8c) | 0 | 0 | 1 |",
        "| Swale PDU: 1 under OLD of a clause not judged under NEW (4c); 1 under NEW of a "
        "clause not judged under OLD (9) | 1 | 0 | 0 |",
    ]
    lines = _diff(capsys, "--data", "data").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("│ unit ")) - 1
    assert "\n".join(lines[at:lines.index("", at)]) == """\
┌─────────────────────────┬────────────┬────────────┬────────┐
│ unit                    │ only OLD   │ only NEW   │ both   │
├─────────────────────────┼────────────┼────────────┼────────┤
│ Medway PDU: 1 under NEW │ 0          │ 0          │ 1      │
│ of a clause not judged  │            │            │        │
│ under OLD (8c)          │            │            │        │
├─────────────────────────┼────────────┼────────────┼────────┤
│ Swale PDU: 1 under OLD  │ 1          │ 0          │ 0      │
│ of a clause not judged  │            │            │        │
│ under NEW (4c); 1 under │            │            │        │
│ NEW of a clause not     │            │            │        │
│ judged under OLD (9)    │            │            │        │
└─────────────────────────┴────────────┴────────────┴────────┘"""


def test_json_counts_every_finding_one_policy_flags_and_how_many_the_other_did_not_judge(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    found = json.loads(_diff(capsys, "--data", "data", "--format", "json"))["impact"]
    assert found["by_unit"] == [
        {"name": "Medway PDU", "only_old": 0, "only_new": 1, "both": 1,
         "not_judged": "1 under NEW of a clause not judged under OLD (8c)",
         "only_old_not_judged_by_new": 0, "only_new_not_judged_by_old": 1},
        {"name": "Swale PDU", "only_old": 2, "only_new": 1, "both": 0,
         "not_judged": "1 under OLD of a clause not judged under NEW (4c); 1 under NEW of a "
                       "clause not judged under OLD (9)",
         "only_old_not_judged_by_new": 1, "only_new_not_judged_by_old": 1},
    ]  # fmt: skip
    # a clause's tally says how many of its own are so, beside its words
    assert [(t["name"], t["only_old_not_judged_by_new"], t["only_new_not_judged_by_old"])
            for t in found["by_clause"]] == [("4c", 1, 0), ("5a", 0, 0), ("8c", 0, 1),
                                             ("9", 0, 1)]  # fmt: skip


def test_a_unit_s_finding_of_a_rule_the_other_policy_applied_only_in_part_is_said_so(
        here: Path) -> None:  # fmt: skip
    # the span is agreed for SAOs alone under OLD: its span-of-control judged no SPO, and
    # found nothing, where NEW flags an SPO with 3 direct reports
    found = impact("sao-agreed.wr", "offer.wr", DATA)
    # (and M01 and S01 give no line manager where others do: counted by none, review 59)
    data = HERE / "data"
    assert found.summary[3] == (
        f"9: span-of-control applied in part under OLD (2 staff members give no line manager, "
        f"where others do: M01 ({data / 'medway-staff.yaml'}:5); S01 ({data / 'swale-staff.yaml'}"
        f":5); this rule counts per line manager, so it counted each for none: give each one's "
        f"line_manager, or check them by hand; cap not yet agreed for SPO: "
        f"span_of_control_max[SPO] is unset; set with --set span_of_control_max[SPO]=N); 1 "
        f"finding under NEW")  # (it was "9: 0 findings under OLD, 1 under NEW")
    assert found.by_unit[1] == Tally(
        "Swale PDU", 2, 1, 0, "1 under OLD of a clause not judged under NEW (4c); 1 under NEW "
        "of a clause applied only in part under OLD (9)", 1, 1)  # fmt: skip


def test_a_unit_whose_findings_both_policies_judged_is_counted_as_before(here: Path) -> None:
    found = impact("claim-2024", "sao-agreed.wr", DATA)
    # (both judge 4c, 5a and 9 alike here; only 8c's cap is agreed by neither)
    assert found.by_unit == (Tally("Medway PDU", 0, 0, 1), Tally("Swale PDU", 0, 0, 2))


# -------------------------------------------------- P5: rules that judged nothing, no count


def test_a_rule_applied_in_part_that_found_nothing_gives_its_policy_no_0(here: Path) -> None:
    found = impact("claim-2024", "offer.wr", NO_LINE_MANAGER)
    # (it was "9: span-of-control not judged under OLD (...); 0 findings under OLD from the
    # clause's 9 other rules, 0 under NEW": no job description given, and no line manager)
    assert found.summary[2] == (
        "9: span-of-control not judged under OLD (cap to be agreed: span_of_control_max "
        f"unset); span-of-control applied in part under NEW ({SPAN_IN_PART})")


def test_rules_that_read_no_record_are_not_counted_among_the_clause_s_other_rules(
        here: Path) -> None:  # fmt: skip
    found = impact("claim-2024", "offer.wr", DATA)
    assert found.summary[3] == (
        "9: span-of-control not judged under OLD (cap to be agreed: span_of_control_max "
        "unset); 1 finding under NEW")
    # nor a rule left out beside a clause that read no record: the data has no timesheet
    found = impact("claim-2024", "offer.wr", NO_LINE_MANAGER)
    assert found.summary[1] == "4c: not applied under NEW (left out at offer.wr:11 and offer.wr:14)"


def test_with_a_job_description_the_clause_s_other_rules_are_counted(here: Path) -> None:
    found = impact("claim-2024", "offer.wr", [*NO_LINE_MANAGER, *JD])
    assert found.summary[2] == (
        "9: jd-span-cap, jd-span-in-text-only, span-of-control not judged under OLD (cap to "
        "be agreed: span_of_control_max unset); span-of-control applied in part under NEW "
        f"({SPAN_IN_PART}); 0 findings under OLD from the clause's 8 other rules, 0 under NEW "
        "from the clause's 10 other rules")


def test_a_rule_applied_in_part_alike_under_both_is_said_once(here: Path) -> None:
    found = impact("claim-2024", "no-beyond.wr", sorted((HERE / "no-overtime").iterdir()))
    assert found.summary == (
        "4c: unrecompensed-hours applied in part under both (no timesheet in the data gives "
        "TOIL hours or paid excess hours other than 0, so each was read as having none; if "
        "the export leaves them out, this rule could not judge by them); "
        "recompense-beyond-the-week not judged under NEW (its 'where' is false, so it judges "
        "no record; to leave a rule out, write: leave out recompense-beyond-the-week)",)
    # and alone, it is no difference: no line
    found = impact("sao-agreed.wr", "offer.wr", NO_LINE_MANAGER)
    assert not [line for line in found.summary if line.startswith("9:")]


def test_the_review_s_repro_reads_true(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    out = _diff(capsys, "--data", "no-line-manager", "--format", "text")
    assert _section(out, "What each flags on 2 data files:") == [
        "What each flags on 2 data files:",
        "  5a: 1 unpaid work session in breach under claim-2024, 1 under employer-offer-2026",
        "  4c: not applied under employer-offer-2026 (left out at offer.wr:11 and offer.wr:14)",
        "  9: span-of-control not judged under claim-2024 (cap to be agreed: span_of_control_max "
        f"unset); span-of-control applied in part under employer-offer-2026 ({SPAN_IN_PART})",
    ]
