"""`diff --data` where one policy leaves a rule out and one does not judge a rule (round 48).

Two changes made side by side: a rule a counter-offer leaves out (`leave out RULE`) is said
before any count, with where it was left out (tests/test_review58_neg.py); a rule a policy does
not judge (a cap to be agreed) is said before any count, and that policy gives no count where
none of the clause's rules that flag a breach was applied (tests/test_review58_diff.py). Here
both stand in one diff, and in one clause. fixtures/review58/mergeneg/README.md says what each
file holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workrules.cli import main
from workrules.policy_diff import impact

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review58" / "mergeneg"
DATA = ROOT / "fixtures" / "review58" / "diff" / "data"
FILES = sorted(DATA.iterdir())  # (impact reads files; the CLI a folder)
REASON = "The employer side does not accept clause 4c (ES/24/07 para 2)."


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(HERE)
    return HERE


def _diff(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["diff", *args, "--data", str(DATA), "--today", "2026-12-01"]) == 1
    return capsys.readouterr().out.splitlines()


def test_a_clause_left_out_and_a_cap_not_judged_are_each_said_before_any_count(
        here: Path) -> None:  # fmt: skip
    found = impact("claim-2024", "offer.wr", FILES)
    assert found.summary == (
        "4c: not applied under NEW (left out at offer.wr:18 and offer.wr:20); 1 timesheet in "
        "breach under OLD",
        "5a: 1 unpaid work session in breach under OLD, 1 under NEW",
        "8c: not judged under OLD (cap to be agreed: sfo_open_reviews_max unset); 1 finding "
        "under NEW",
        # (9's other rules judge job descriptions, and the data has none: no count for OLD;
        # the review of session 48, P5)
        "9: span-of-control not judged under OLD (cap to be agreed: span_of_control_max unset); "
        "0 findings under NEW",
    )
    # each clause's row says it too: `4c | 1 | 0 | 0` read as the offer meeting 4c
    assert [(t.name, t.not_judged) for t in found.by_clause] == [
        ("4c", "not applied under NEW (left out at offer.wr:18 and offer.wr:20)"),
        ("5a", ""),
        ("8c", "not judged under OLD (cap to be agreed: sfo_open_reviews_max unset)"),
    ]


def test_one_clause_with_a_rule_left_out_and_a_cap_not_judged_reads_as_one_line(
        here: Path) -> None:  # fmt: skip
    found = impact("claim-2024", "one-clause.wr", FILES)
    assert found.summary[2:] == (
        "8c: sfo-review-requires-no-signoff not applied under NEW (left out at "
        "one-clause.wr:7); not judged under OLD (cap to be agreed: sfo_open_reviews_max unset); "
        "1 finding under NEW",
        # (no rule of 9 read a record under either: its other rules judge job descriptions, and
        # the data has none; "0 findings under OLD from the clause's 9 other rules" read as 9
        # judged and met, the review of session 48, P5)
        "9: jd-span-stated not applied under NEW (left out at one-clause.wr:8); "
        "span-of-control not applied under both",
    )


def test_the_other_way_round_the_words_follow_the_policies(here: Path) -> None:
    found = impact("one-clause.wr", "claim-2024", FILES)
    assert found.summary[2] == (
        "8c: sfo-review-requires-no-signoff not applied under OLD (left out at "
        "one-clause.wr:7); not judged under NEW (cap to be agreed: sfo_open_reviews_max unset); "
        "1 finding under OLD")


def test_the_headline_counts_rules_left_out_among_the_things_that_differ(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["diff", "claim-2024", "offer.wr"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "9 differences: rules: 2 left out; parameters: 7 changed. They take 10 rows: one for "
        "each part that changed, or for a whole rule or parameter added or removed.")


def test_text_says_each_rule_left_out_on_a_line_with_where_and_why(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    lines = _diff(capsys, "claim-2024", "offer.wr", "--format", "text")
    at = lines.index("Rules (2):")
    assert lines[at + 1:at + 3] == [
        '  unrecompensed-hours [4c]: "Hours over contract neither given as TOIL nor paid" under '
        f"claim-2024 only, left out by offer.wr:18: {REASON}",
        '  recompense-beyond-the-week [4c]: "TOIL or pay recorded beyond the week\'s hours over '
        f'contract" under claim-2024 only, left out by offer.wr:20: {REASON}',
    ]
    at = lines.index("By clause:")
    assert lines[at + 1:at + 4] == [
        "  4c, not applied under employer-offer-2026 (left out at offer.wr:18 and offer.wr:20): "
        "1 only under claim-2024",
        "  5a: 1 under both",
        "  8c, not judged under claim-2024 (cap to be agreed: sfo_open_reviews_max unset): 1 only "
        "under employer-offer-2026",
    ]


def test_text_the_other_way_round_says_where_the_added_rules_were_left_out(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    lines = _diff(capsys, "offer.wr", "claim-2024", "--format", "text")
    at = lines.index("Rules (2):")
    assert lines[at + 1] == (
        '  unrecompensed-hours [4c], added: "Hours over contract neither given as TOIL nor paid" '
        f"under claim-2024 only, left out by offer.wr:18: {REASON}")
