"""Session 33's review: what the helpers found, on real files under fixtures/review43.

Each test names a behaviour and asserts the exact findings (rule, subject, line), messages or
notices of a check."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text

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
