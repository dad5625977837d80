"""Session 35: what the helpers found, on the files in fixtures/review45/.

- a policy diff compares sets in one order at any depth, quoted members included, and leaves
  quoted text as written.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_workrules

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review45"


# ---------------------------------------------------------------- a negotiator's diff


def test_a_set_of_quoted_text_written_in_another_order_is_no_change() -> None:
    done = run_workrules("diff", str(HERE / "diff" / "quoted-set.wr"),
                         str(HERE / "diff" / "quoted-set-reordered.wr"))  # fmt: skip
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1] == (
        "No differences: OLD and NEW state the same rules, values, grades and waivers.")


def test_braces_inside_quoted_text_are_text_and_a_change_to_them_is_a_change() -> None:
    done = run_workrules("diff", "--format", "json", str(HERE / "diff" / "quoted-set.wr"),
                         str(HERE / "diff" / "quoted-text-changed.wr"))  # fmt: skip
    assert done.returncode == 1, done.stderr
    [change] = json.loads(done.stdout)["changes"]
    assert (change["field"], change["old"], change["new"]) == (
        "forbid", '(subject.rosh in {high, very_high}) or (subject.reoffending = "{b, a}")',
        '(subject.rosh in {high, very_high}) or (subject.reoffending = "{a, b}")')
