"""Session 44: what the helpers found, on the files in fixtures/review54/.

- an insider who wants the gate to pass (attack round 23, left from session 43): a PSO's
  high-risk duty worded with a negation that asks for more ("not only ... but also", "not
  fewer than", "is not excluded from", "no upper limit on"), or after a condition on staffing
  ("if PO capacity falls below 75%"), or under a heading of what the post will learn ("##
  Experience you will gain in post"), gave no 7a finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import jd_found

HERE = Path(__file__).parent.parent / "fixtures" / "review54"


# ------------------------------------------- job descriptions: what each round's files give


INSIDER = [  # attack round 23: a negation that asks for more denies nothing
    ("not-only-but-also.md", [("jd-cases-role-boundary", 6)]),
    ("not-fewer-than.md", [("jd-cases-role-boundary", 6)]),
    ("never-fewer-than.md", [("jd-cases-role-boundary", 6)]),
    ("not-excluded-from.md", [("jd-cases-role-boundary", 6)]),
    ("no-upper-limit.md", [("jd-cases-role-boundary", 6)]),
    # a condition on staffing sets no cases apart, as "below high risk" does
    ("capacity-falls-below.md", [("jd-cases-role-boundary", 6)]),
    ("lower-than-agreed.md", [("jd-cases-role-boundary", 6)]),
    # what the post will learn in post is what it does
    ("gain-in-post.md", [("jd-cases-role-boundary", 12)]),
]
STILL_DENIED = [  # read as before: each still keeps the cases from the post
    ("below-high-still-apart.md", []),  # "cases assessed as below high risk"
    ("exempt-from-still-denies.md", []),  # "PSOs are exempt from holding ..."
    ("but-also-after-a-denial.md", []),  # "will not hold ..., but also support the POs"
    ("falls-below-still-denied.md", []),  # "if ... falls below 75%, PSOs will still not hold"
    ("experience-criteria.md", []),  # "## Experience" heads a candidate's criteria
]


@pytest.mark.parametrize(("name", "found"), INSIDER + STILL_DENIED)
def test_each_job_description_gives_the_findings_a_reader_sees_in_it(
    name: str, found: list[tuple[str, int]]
) -> None:
    assert jd_found(HERE / "jd", name) == [(name, rule, line) for rule, line in found]
