"""Session 39: what the helpers found, on the files in fixtures/review49/.

- job descriptions, round 44 (specialist and non-field posts): the cases of Approved Premises
  residents or programme participants, named as cases, held by the post; people described by
  where they are before the kind of case; a report's kinds followed by a clause of its own; a
  victim's history;
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import jd_found

from workrules import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review49"
JD = HERE / "jd"


def lines_found(name: str) -> list[tuple[str, list[int]]]:
    """Each job-description finding of `name`: its rule and the line of every sentence its
    text pattern found (the finding's facts)."""
    result = check([JD / name], select=["jd-*"])
    return [(f.rule, [int(n) for fact in f.facts for n in re.findall(r", line (\d+)\)", fact)])
            for f in result.findings]  # fmt: skip


# ---------------------------------------------------------------- job descriptions, round 44

def test_cases_of_residents_participants_and_people_described_at_length_are_held() -> None:
    # 10: "hold the cases of AP residents managed at MAPPA level 2 or 3"; 11: "the cases of
    # programme participants convicted of domestic abuse offences"; 12 and 13: people described
    # by where they are ("released on licence", "on licence in the community") before the kind
    assert lines_found("specialist-pso-breaches.md") == [
        ("jd-cases-role-boundary", [10, 11, 12, 13]),
        # "... reports on domestic abuse cases and record the information on nDelius": what
        # follows "and record" says nothing of the cases
        ("jd-psr-role-boundary", [14]),
    ]  # fmt: skip


def test_a_learner_allocated_residents_cases_holds_them() -> None:
    assert jd_found(JD, "specialist-pqip-residents.md") == [
        ("specialist-pqip-residents.md", "jd-cases-role-boundary", 6)]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_keywork_supervision_victims_and_partners_are_not_cases_held(engine: str) -> None:
    # women who "have experienced domestic abuse", keywork with and supervision of residents,
    # DA information for a PO's report, a partner's DA unit, group work with participants
    result = check([JD / "specialist-pso-controls.md"], select=["jd-*"], engine=engine)
    assert [(f.rule, f.line) for f in result.findings] == []
