"""Session 33's review: what the helpers found, on real files under fixtures/review43.

Each test names a behaviour and asserts the exact findings (rule, subject, line), messages or
notices of a check."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text, jd_found, partial_notices

from workrules import check

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
HERE = ROOT / "review43"
ENGINES = ["python", "columnar"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_wmt_reading_outside_post_names_the_days_it_covers_not_the_rules_expression(
        engine: str) -> None:
    # 3: a rep reads "reading_ends is 2024-06-09" where the finding said "(week + 6 days)
    # otherwise date is 2024-06-09"
    code, out, _ = check_text("--select", "wmt-outside-post", "--today", "2024-07-01",
                              "staff.yaml", "allocation.yaml", "rota.yaml",
                              cwd=ROOT / "review20", engine=engine)
    assert code == 0  # an advisory: it does not fail the run
    assert out.splitlines()[1] == (
        "    subject NS3; week of 2024-06-03; measured staff.started_on is 2024-06-10; "
        "reading_ends is 2024-06-09, staff.started_on 2024-06-10, limit required")


# -- round 36: job descriptions as a conversion from Word or PDF leaves them ------------------

JD = HERE / "jd"


@pytest.mark.parametrize(("name", "expected"), [
    # a page's marking and number between a sentence's halves, the first ending on a noun
    ("pagebreak-after-a-noun.md", [("jd-psr-role-boundary", 6)]),
    ("pagebreak-inside-domestic-abuse.md", [("jd-cases-role-boundary", 6)]),
    # the finding points at the sentence's first line, where "line" / "manage" starts
    ("pagebreak-inside-line-manage.md", [("jd-line-management-contradicted", 7)]),
])
def test_a_sentence_a_page_break_cuts_after_any_word_is_read_whole(
        name: str, expected: list[tuple[str, int]]) -> None:
    assert [(rule, line) for _, rule, line in jd_found(JD, name)] == expected


@pytest.mark.parametrize("name", [
    "learning-event-and-e-learning.md",  # training on the cases by another name
    "framework-revised-in-future.md",  # a change that may come, after consultation
    "tracked-change-deleted.md",  # "[deleted: Hold cases ...]", as struck text
    "span-in-brackets.md",  # "the region's Heads of PDU (nine)" states the span
])
def test_what_is_not_the_post_s_duty_now_gives_no_finding(name: str) -> None:
    assert jd_found(JD, name) == []


@pytest.mark.parametrize("name", ["page-furniture-only.md", "template-not-filled-in.md"])
def test_a_text_of_page_markings_or_unfilled_placeholders_is_said_not_judged(name: str) -> None:
    result = check([JD / name])
    assert result.findings == ()
    assert dict(partial_notices(result))["jd-cases-role-boundary"] == (
        "applied in part: the text of 1 job description could not be read, so it was not "
        f"judged: {JD / name} holds only a page's numbers and markings, headings, or a "
        "template's placeholders not filled in")
