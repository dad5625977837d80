"""Job descriptions as drafts, with reviewers' notes, questions and superseded versions left in
(JDs round 68, `fixtures/jd-drafts/`): a note after a duty takes none of its cases away, a
question gives the post nothing, and duties referred to another document are named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules.api import check
from workrules.textpattern import unreadable

DRAFTS = Path(__file__).resolve().parents[1] / "fixtures" / "jd-drafts"
ENGINES = ("python", "columnar")
TODAY = dt.date(2025, 6, 1)
ELSEWHERE = "says its duties are in another document"


def _found(name: str, engine: str) -> list[tuple[str, int, str]]:
    result = check([str(DRAFTS / name)], today=TODAY, engine=engine)
    return [(f.rule, f.line, f.subject) for f in result.findings]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["todo-after-high-rosh.md", "plans-checked-by-spo.md",
                                  "high-rosh-across-an-area.md", "iom-in-an-area.md"])
def test_a_note_or_a_place_after_the_cases_leaves_them_the_posts(name: str,
                                                                 engine: str) -> None:
    assert _found(name, engine) == [("jd-cases-role-boundary", 8, str(DRAFTS / name))]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["checks-and-areas-not-cases.md", "todo-confirm-whether.md",
                                  "query-do-psos.md", "hr-to-confirm-lm.md",
                                  "version-superseded.md", "previous-version-withdrawn.md"])
def test_checks_questions_and_superseded_versions_give_the_post_nothing(name: str,
                                                                        engine: str) -> None:
    assert _found(name, engine) == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "said"), [
    ("check-whether-then-hold.md", "hold high rosh"),
    ("confirm-if-then-manage.md", "manage high risk"),
    ("check-if-then-hold.md", "hold the high risk"),
    ("clarify-whether-then-hold.md", "hold the high rosh")])
def test_a_duty_that_opens_by_checking_whether_is_no_question(name: str, said: str,
                                                              engine: str) -> None:
    """The review of session 52, P4: "Check whether ... and hold high RoSH cases" is the
    post's duty, not a reviewer's question; only a question set off as one gives nothing."""
    result = check([str(DRAFTS / name)], today=TODAY, engine=engine)
    assert [(f.rule, f.line, f.subject) for f in result.findings] == [
        ("jd-cases-role-boundary", 8, str(DRAFTS / name))]
    assert f'found "{said}", line 8' in str(result.findings[0].value)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "rule", "line", "said"), [
    ("changes-since-previous-version.md", "jd-cases-role-boundary", 12,
     'found "manages cases assessed as high risk", line 12'),
    ("what-has-changed-old-withdrawn.md", "jd-cases-role-boundary", 8,
     'found "holds high risk", line 8'),
    ("spo-changes-from-previous-version.md", "jd-span-stated", 12,
     "no sentence of text gives span_of_control_stated")])
def test_a_heading_over_what_changed_since_a_version_covers_the_posts_duties(
        name: str, rule: str, line: int, said: str, engine: str) -> None:
    """The review of session 52, P3: "## Changes since the previous version" and "## What has
    changed (old version withdrawn)" head the post as it now is; only a heading whose subject
    is the old version ("## Previous version (withdrawn)") sets its section aside."""
    result = check([str(DRAFTS / name)], today=TODAY, engine=engine)
    assert [(f.rule, f.line, f.subject) for f in result.findings] == [
        (rule, line, str(DRAFTS / name))]
    assert said in str(result.findings[0].value)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["duties-see-generic.md", "duties-see-generic-only.md",
                                  "as-the-po-jd-except.md"])
def test_duties_referred_to_another_document_are_applied_in_part(name: str,
                                                                 engine: str) -> None:
    result = check([str(DRAFTS / name)], today=TODAY, engine=engine)
    partial = {n.rule for n in result.not_applied if n.partial and ELSEWHERE in n.reason}
    assert result.findings == ()
    assert {"jd-psr-role-boundary", "jd-cases-role-boundary", "jd-span-stated"} <= partial


def test_the_document_the_duties_are_referred_to_is_quoted() -> None:
    assert unreadable("Duties: see generic PSO profile.") == (
        f'{ELSEWHERE} ("Duties: see generic PSO profile"), which is not given')
    opening = "A friendly team of officers and administrators in the town centre office. " * 3
    assert unreadable(f"{opening}\n\nDuties as per the generic PSO job description.\n") == (
        f'{ELSEWHERE} ("Duties as per the generic PSO job description"), which is not given')
    assert unreadable("As the PO JD, except:\n\n- no MAPPA meetings.\n") == (
        f'{ELSEWHERE} ("As the PO JD, except"), which is not given')
    assert unreadable("Duties: see the profile below.") is None


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_is_read_for_duties_elsewhere_without_error(text: str) -> None:
    said = unreadable(text)
    assert said is None or isinstance(said, str)
