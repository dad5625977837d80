"""Session 45: what the helpers found, on the files in fixtures/review55/.

- job descriptions whose reporting lines are drawn as a tree in a code block (round 54): a
  count on another post's branch (a peer's team, the whole PDU's, a dotted line) was read as
  the post's own span, so a post given line management with no span of its own passed 9.
- job descriptions drafted by a chat assistant (round 55): a template's example left in square
  brackets where the span should be, the tool's own note that it cannot verify the line
  management, and the post's own SPO providing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import jd_found

HERE = Path(__file__).parent.parent / "fixtures" / "review55"


# ------------------------------------------- job descriptions: what each round's files give


CHARTS = [  # round 54: a tree with the post's node marked "(this post)"
    ("sibling-teams-count.md", [("jd-span-stated", 6)]),  # "Court PSO x 6": another SPO's
    ("peers-count.md", [("jd-span-stated", 6)]),  # "SPO x 4 (this post is one of them)"
    # "SPO x 5 (including this post)" over "PO x 31": five SPOs' teams, not this post's
    ("shared-teams-count.md", [("jd-span-stated", 5)]),
    ("dotted-line-count.md", [("jd-span-stated", 6)]),  # "Facilitators x 14 (dotted line)"
    ("own-team-count.md", []),  # the counts on the post's own branch are its span
    ("unmarked-chart-count.md", []),  # no node marked: the chart is read as it is
]
ASSISTANT = [  # round 55: drafted by a chat assistant
    # "**Span of control:** [e.g., 6-8 direct reports - confirm with HR]": no span given
    ("example-placeholder-span.md", [("jd-span-stated", 6)]),
    ("assistant-cannot-verify.md", []),  # "As an AI, I cannot verify the ... line management"
    ("supported-by-spo.md", []),  # "supported by an experienced SPO who provides line ..."
]


@pytest.mark.parametrize(("name", "found"), CHARTS + ASSISTANT)
def test_each_job_description_gives_the_findings_a_reader_sees_in_it(
    name: str, found: list[tuple[str, int]]
) -> None:
    assert jd_found(HERE / "jd", name) == [(name, rule, line) for rule, line in found]
