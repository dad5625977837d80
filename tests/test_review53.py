"""Session 43: what the helpers found, on the files in fixtures/review53/.

- a local agreement's dated values (scenarios round 43, left from session 42): a WMT spell
  that runs from one ceiling into a lower one advised a cut of -3% back to the old ceiling;
  5a's sentence dated a ratio agreed from July 2025 back to the claim's day in 2024.
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


# ------------------------------------------- 2. the day a dated limit came in, in a sentence


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_ratio_tightened_from_a_day_is_said_from_that_day_not_the_claims(engine: str) -> None:
    # 1:6 since the claim's date, 1:5 from 1 July 2025: the sentence read "from 2024-06-03 the
    # ratio is at most 1:5"; `{limit_from}` is the day the limit judged by came in.
    code, out, err = check_text("--policy", "agreement.wr", "staff.yaml", "rota-upw.yaml",
                                "--today", "2025-07-31", cwd=HERE / "ratio", engine=engine)
    assert (code, err) == (1, "")
    assert [line for line in out.splitlines() if "[5a]" in line] == [
        "rota-upw.yaml:4: upw-group-ratio [5a] UPW-250623-RS on 2025-06-23 had 7 group members "
        "to 1 supervisor (STK210); from 2024-06-03 the ratio is at most 1:6 (5a).",
        "rota-upw.yaml:6: upw-group-ratio [5a] UPW-250701-RS on 2025-07-01 had 6 group members "
        "to 1 supervisor (STK210); from 2025-07-01 the ratio is at most 1:5 (5a).",
        "rota-upw.yaml:8: upw-group-ratio [5a] UPW-250703-RS on 2025-07-03 had 11 group members "
        "to 2 supervisors (STK210, STK211); from 2025-07-01 the ratio is at most 1:5 (5a).",
    ]


def test_limit_from_reads_not_given_before_a_local_caps_first_change() -> None:
    # A rule with no `from`, its cap 5 h then 4 h from 1 July: no day to name before July.
    code, out, _ = check_text("--policy", "since.wr", "staff.yaml", "rota-upw.yaml", "--today",
                              "2025-07-31", cwd=HERE / "ratio")
    assert code == 1
    assert [line for line in out.splitlines() if "[5c-local]" in line] == [
        "rota-upw.yaml:4: contact-since [5c-local] STK210 had 6 h on 2025-06-23; since not "
        "given the cap is 5 h.",
        "rota-upw.yaml:5: contact-since [5c-local] STK210 had 6 h on 2025-06-30; since not "
        "given the cap is 5 h.",
        *[f"rota-upw.yaml:{line}: contact-since [5c-local] {who} had 6 h on 2025-07-0{day}; "
          "since 2025-07-01 the cap is 4 h."
          for line, who, day in [(6, "STK210", 1), (7, "STK210", 2), (7, "STK211", 2),
                                 (8, "STK210", 3), (8, "STK211", 3)]],
    ]
