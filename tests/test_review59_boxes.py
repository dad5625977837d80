"""Review 59: a form whose tick boxes cannot be told apart ("☐ Yes ☐ No", the tick lost when
a Word form was saved as text: JDs round 62, problem 7) is read as nothing, and every rule that
reads the text says so, naming the line, so that a rep reads the form by hand; a box ticked is
read as its answer, and said of no rule."""

from __future__ import annotations

from pathlib import Path

from workrules import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review59" / "boxes"


def _partial(name: str) -> dict[str, str]:
    result = check([str(HERE / name)], root=str(HERE))
    return {na.rule: na.reason for na in result.not_applied if na.partial}


def test_boxes_that_cannot_be_told_apart_are_said_at_their_line() -> None:
    said = _partial("spo-boxes-lost.md")
    assert said == {rule: (
        "applied in part: 1 job description has tick boxes that could not be told apart (none "
        "ticked, or answers ticked that contradict each other), which were not read, so the "
        "answer they give was not judged; read the form by hand: spo-boxes-lost.md line 8")
        for rule in ("jd-span-stated", "jd-line-management-text-contradicts-itself")}


def test_a_box_ticked_is_read_and_said_of_no_rule() -> None:
    assert _partial("spo-box-ticked.md") == {}
    result = check([str(HERE / "spo-box-ticked.md")], root=str(HERE))
    assert [(f.rule, f.line) for f in result.findings] == [("jd-span-stated", 8)]
