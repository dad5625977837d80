"""Session 38: what the helpers found, on the files in fixtures/review48/.

- job descriptions: cases the post keeps, the kind named straight after the verb, and cases a
  Probation Officer covers only while the post holder is away (review 47's N4 and N5);
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import jd_found

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review48"
JD = HERE / "jd"


# ---------------------------------------------------------------- job descriptions

@pytest.mark.parametrize(("name", "found"), [
    # "the PSO retains domestic abuse cases": kept, so held (7a)
    ("cases-kept-by-the-post.md", [("jd-cases-role-boundary", 9)]),
    # records kept about a kind's cases, or cases kept under review, are not held
    ("cases-kept-controls.md", []),
    # cases the duty PO covers only in the post holder's absence are the post's
    ("cases-covered-in-your-absence.md", [("jd-cases-role-boundary", 9)]),
])  # fmt: skip
def test_cases_the_post_keeps_are_held_and_records_kept_are_not(
        name: str, found: list[tuple[str, int]]) -> None:  # fmt: skip
    assert [(rule, line) for _, rule, line in jd_found(JD, name)] == found
