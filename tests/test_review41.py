"""Session 31's review: what the helpers found, on real files under fixtures/review41.

Each test names a behaviour and asserts the exact findings (rule, subject, line) or notices of
a check."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import jd_found

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review41"
JD = HERE / "jd"


@pytest.mark.parametrize(("name", "expected"), [
    # a caseload sized against a Probation Officer's: the possessive keeps no case for the PO,
    # and the kinds that follow are the post's own
    ("pqip-half-a-po-caseload.md", [("pqip-half-a-po-caseload.md", "jd-cases-role-boundary", 8)]),
    ("pso-share-of-a-full-time-po.md",
     [("pso-share-of-a-full-time-po.md", "jd-cases-role-boundary", 8)]),
    # ... an exclusion after it still holds, and a case that stays on a PO's caseload is not the
    # post's
    ("pso-share-of-a-po-excluding.md", []),
    ("pqip-stays-on-a-po-caseload.md", []),
    # work a PQiP learner is told of for after qualifying is a Probation Officer's, before the
    # duty or after the cases ...
    ("pqip-once-qualified.md", []),
    ("pqip-high-risk-after-you-qualify.md", []),
    # ... not before qualifying, nor a duty of today's beside what comes after
    ("pqip-before-you-qualify.md", [("pqip-before-you-qualify.md", "jd-cases-role-boundary", 8)]),
    ("pqip-high-risk-now-apply-after.md",
     [("pqip-high-risk-now-apply-after.md", "jd-cases-role-boundary", 8)]),
    # 7b's kinds in more words: abuse of a partner in the past tense and an ex or former wife
    # or girlfriend, a civil order against domestic abuse, children's welfare, people managed
    # on ViSOR (not its records), a risk assessed in the past, a level left out after another
    ("pso-harassed-ex-girlfriend.md", [("pso-harassed-ex-girlfriend.md", "jd-cases-role-boundary", 8)]),
    ("pso-non-molestation-order.md", [("pso-non-molestation-order.md", "jd-psr-role-boundary", 8)]),
    ("pso-welfare-of-children.md", [("pso-welfare-of-children.md", "jd-cases-role-boundary", 8)]),
    ("pso-managed-on-visor.md", [("pso-managed-on-visor.md", "jd-cases-role-boundary", 8)]),
    ("pso-visor-records.md", []),
    ("pqip-risk-has-been-assessed.md",
     [("pqip-risk-has-been-assessed.md", "jd-cases-role-boundary", 8)]),
    ("pso-some-high.md", [("pso-some-high.md", "jd-cases-role-boundary", 8)]),
    # a report's day is not counted against what it is on; a place after the people is no kind
    # of risk ("in the Knowsley area"), where a risky area still is none
    ("pso-oral-reports-on-the-day.md",
     [("pso-oral-reports-on-the-day.md", "jd-psr-role-boundary", 8)]),
    ("pso-in-the-area.md", [("pso-in-the-area.md", "jd-cases-role-boundary", 8)]),
    ("pso-high-risk-areas.md", []),
    # a duty as a noun, a caseload as its mix, and a word underlined as pandoc writes it
    ("pso-supervision-of-men-on-shpo.md",
     [("pso-supervision-of-men-on-shpo.md", "jd-cases-role-boundary", 8)]),
    ("pso-case-mix.md", [("pso-case-mix.md", "jd-cases-role-boundary", 8)]),
    ("pso-pandoc-underline.md", [("pso-pandoc-underline.md", "jd-cases-role-boundary", 8)]),
    # clause 9: spans stated by naming the direct reports (a post named in the singular counts
    # one), by a total after the staff, by a team listed after a colon; a "no more than" bounds
    # the span and denies nothing
    ("spo-direct-reports-are.md", []),
    ("spo-named-direct-reports.md", []),
    ("spo-direct-reports-uncounted.md",
     [("spo-direct-reports-uncounted.md", "jd-span-stated", 8)]),
    ("spo-in-all.md", []),
    ("spo-colon-team.md", []),
    ("spo-no-more-than.md", []),
])
def test_job_description_findings(name: str, expected: list[tuple[str, str, int]]) -> None:
    assert jd_found(JD, name) == expected
