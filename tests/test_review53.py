"""Session 43: what the helpers found, on the files in fixtures/review53/.

- a local agreement's dated values (scenarios round 43, left from session 42): a WMT spell
  that runs from one ceiling into a lower one advised a cut of -3% back to the old ceiling.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text

HERE = Path(__file__).parent.parent / "fixtures" / "review53"


# ------------------------------------------- 1. a WMT spell across a change of its ceiling


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize(("policy", "data", "said"), [
    ("lowered.wr", "allocation.yaml",
     "STK112 (PO) was above 110% (105% from 2025-04-07) of WMT from 2025-03-31 to 2025-04-20 "
     "(21 days; peak 112%); the claim (1.2k(i)) allows at most 7 days. Reducing the workload "
     "by 2% of WMT would bring them back to 105%."),
    ("raised.wr", "allocation-raised.yaml",
     "STK112 (PO) was above 105% (110% from 2025-04-07) of WMT from 2025-03-31 to 2025-04-20 "
     "(21 days; peak 112%); the claim (1.2k(i)) allows at most 7 days. Reducing the workload "
     "by 2% of WMT would bring them back to 110%."),
])  # fmt: skip
def test_a_wmt_spell_running_into_another_ceiling_says_the_change_and_cuts_to_the_latest(
    policy: str, data: str, said: str, engine: str
) -> None:
    # 112% over 110%, then 107% over the 105% agreed from 7 April: one spell of 21 days, its
    # cut worked out against the ceiling of the latest reading (it advised -3% back to 110%),
    # and the ceiling it was above said with its change; raised, the same the other way.
    code, out, err = check_text("--policy", policy, "staff.yaml", data, "--today",
                                "2025-05-01", cwd=HERE / "ceiling", engine=engine)
    assert (code, err) == (1, "")
    assert out.splitlines()[:3] == [
        f"{data}:5: wmt-over-ceiling [1.2k(i)] {said}",
        "    subject STK112; 2025-03-31 to 2025-04-20; measured 21 days, limit at most 7 days",
        f"    evidence WMT STK112 week 2025-03-31 ({data}:5), WMT STK112 week 2025-04-07 "
        f"({data}:6), WMT STK112 week 2025-04-14 ({data}:7)",
    ]


def test_a_wmt_spell_within_one_ceiling_reads_as_before() -> None:
    # Readings all after the change: the sentence names the one ceiling they were judged by.
    code, out, _ = check_text("--policy", "lowered.wr", "staff.yaml", "within.yaml", "--today",
                              "2025-06-01", cwd=HERE / "ceiling")
    assert code == 1
    assert out.splitlines()[0] == (
        "within.yaml:4: wmt-over-ceiling [1.2k(i)] STK112 (PO) was above 105% of WMT from "
        "2025-04-07 to 2025-04-27 (21 days; peak 108%); the claim (1.2k(i)) allows at most 7 "
        "days. Reducing the workload by 1% of WMT would bring them back to 105%.")
