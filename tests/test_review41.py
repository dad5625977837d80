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
])
def test_job_description_findings(name: str, expected: list[tuple[str, str, int]]) -> None:
    assert jd_found(JD, name) == expected
