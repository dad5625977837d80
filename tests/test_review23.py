"""Review 23: job descriptions that name line management and deny it in the same sentence
("Line management of staff is not part of this role"), and one whose "not" belongs to a second
verb of the post ("line manage the team's PSOs and is not required to hold a caseload").
fixtures/review23/README.md says what each was read as before.

Each is checked word for word, under both engines, against clause 9's rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review23"
ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


@ENGINES
@pytest.mark.parametrize("name", [
    "pso-line-management-not-part",  # "Line management of staff is not part of this role."
    "po-team-management-not-required",  # "... of other staff does not form part of this post"
])  # fmt: skip
def test_line_management_denied_after_it_is_named_gives_the_post_none(
        name: str, engine: str) -> None:  # fmt: skip
    # the denial comes four or five words after "line management": it was read as naming line
    # management and denying it, and reported as text that contradicts itself
    assert check_text(f"jd/{name}.md", cwd=HERE, engine=engine) == (0, "", "")


@ENGINES
def test_a_not_of_the_posts_second_verb_leaves_its_line_management(engine: str) -> None:
    # "... and is not required to hold a caseload": the post still line manages its PSOs,
    # and states no span of control
    name = "spo-line-manages-and-is-not-required"
    expected = (HERE / "expected" / f"{name}.txt").read_text(encoding="utf-8")
    assert check_text(f"jd/{name}.md", cwd=HERE, engine=engine) == (1, expected, "")
    assert expected.startswith(f"jd/{name}.md:8: jd-span-stated [9] ")
