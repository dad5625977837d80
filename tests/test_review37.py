"""Session 27's review: job descriptions as HR writes them, and what the helpers found.

Each test names a behaviour on a real file under fixtures/review37, and asserts the exact
findings (rule and line) of a check."""

from __future__ import annotations

from pathlib import Path

import pytest

from workrules import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review37"


def _found(*names: str) -> list[tuple[str, str, int]]:
    result = check([HERE / name for name in names], select=["jd-*"])
    return [(Path(f.file).name, f.rule, f.line) for f in result.findings]


@pytest.mark.parametrize(("name", "expected"), [
    # a Probation Officer who remains the case manager keeps the high risk cases (7a)
    ("jd/pso-po-remains-case-manager.md", []),
    # ... and a PSO who is the case manager for them holds them
    ("jd/pso-is-case-manager.md", [("pso-is-case-manager.md", "jd-cases-role-boundary", 11)]),
    # watching the preparation of a report, or shadowing an officer, is learning, not a duty
    ("jd/pqip-observes-psrs.md", []),
    # ... but observing a report's timescales is the post's own duty to write it (7b)
    ("jd/pso-observes-timescales.md",
     [("pso-observes-timescales.md", "jd-psr-role-boundary", 9)]),
])
def test_who_keeps_the_case_and_who_only_watches(name: str, expected: list[object]) -> None:
    assert _found(name) == expected


def test_a_heading_numbered_as_word_numbers_it_is_a_heading_not_a_grant() -> None:
    # "2. Line Management" over "2.1 The post has no direct reports." names the topic
    assert _found("jd/sao-numbered-headings.md") == []


def test_a_numbered_duty_of_line_management_still_grants_it() -> None:
    # "1. Line management of the case administration team." ends as a sentence: a duty
    assert _found("jd/ao-numbered-duty.md") == [("ao-numbered-duty.md", "jd-span-stated", 7)]


def test_leading_and_managing_the_senior_management_team_is_line_management() -> None:
    assert _found("jd/spo-manages-the-smt.md") == [
        ("spo-manages-the-smt.md", "jd-span-stated", 9)]


def test_attending_or_serving_the_senior_management_team_is_not() -> None:
    assert _found("jd/spo-member-of-the-smt.md") == []
