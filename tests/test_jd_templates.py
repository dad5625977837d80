"""A job description from a template filled in part (JDs round 68, problem 7): a placeholder
left among its words ("a caseload of XX cases including [risk levels]") stands for what was
never written, so every rule that reads the text says which lines it could not judge, rather
than passing the file as checked and fine. A finished text's brackets, links, tick boxes and
signature blanks are no placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules import check
from workrules.textpattern import unfilled_placeholders

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "jd-templates"
SAID = ("applied in part: 1 job description has a template's placeholders not filled in, so "
        "what they stand for was not judged; fill them in and check again: ")
PSO_TEXT_RULES = ("jd-cases-role-boundary", "jd-psr-role-boundary", "jd-span-stated",
                  "jd-line-management-text-contradicts-itself")


def _run(name: str, engine: str) -> tuple[list[tuple[str, int]], dict[str, str]]:
    result = check([str(HERE / name)], root=str(HERE), engine=engine)
    return ([(f.rule, f.line) for f in result.findings],
            {na.rule: na.reason for na in result.not_applied if na.partial})


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_caseload_of_xx_cases_including_risk_levels_is_said_not_judged(engine: str) -> None:
    found, partial = _run("pso-half-filled.md", engine)
    assert found == []
    assert partial == {rule: SAID + "pso-half-filled.md line 8" for rule in PSO_TEXT_RULES}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_same_template_filled_in_breaches_7a_and_says_nothing_of_placeholders(
        engine: str) -> None:
    found, partial = _run("pso-filled-in.md", engine)
    assert found == [("jd-cases-role-boundary", 8)]
    assert partial == {}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_merge_fields_angle_brackets_and_a_number_to_come_are_named_by_line(engine: str) -> None:
    found, partial = _run("pso-merge-fields.md", engine)
    assert found == []
    assert partial == {rule: SAID + "pso-merge-fields.md lines 8 and 13"
                       for rule in PSO_TEXT_RULES}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_links_footnotes_tick_boxes_and_a_signature_blank_are_no_placeholders(
        engine: str) -> None:
    assert _run("po-finished.md", engine) == ([], {})


@pytest.mark.parametrize("text", [
    "Hold XX cases.", "Hold [number] cases.", "Based in [Team name].", "Grade: {{grade}}",
    "In the <insert region> region.", "In the <<region>> region.", "Band \u00abBand\u00bb",
    "Line manage [N] staff.", "Hold [insert number] cases."])
def test_each_form_of_placeholder_is_found(text: str) -> None:
    assert unfilled_placeholders(f"## Duties\n\n{text}\n") == (3,)


@pytest.mark.parametrize("text", [
    "Hold [x] cases.", "See [the guidance](https://example.org).", "See [the guidance][1].",
    "Signed: ________", "Boxes: [x] Yes [ ] No", "Footnote [1].", "<!-- Hold XX cases -->",
    "~~Hold XX cases~~", "A Xx-large office.", "Reports to [the SPO].",
    # the review of session 53, P3: a remark, an insertion, a wiki-link, a Roman numeral, a
    # quotation in guillemets, a shortcut link whose label the text defines
    "Support the SPO [see Annex B for grade].", "Work in [their local area].",
    "See [[Court reports team]].", "Under Part XX of the specification.",
    "Work with \u00abTeam Around the Family\u00bb.",
    "Work across the [North East region].\n\n[North East region]: https://example.org"])
def test_what_a_finished_text_holds_is_no_placeholder(text: str) -> None:
    assert unfilled_placeholders(f"## Duties\n\n{text}\n") == ()


@given(st.lists(st.sampled_from([*"aX[]<>{}\u00ab\u00bb-_ \n~!#*", "XX", "<!--", "-->",
                                 "[number]"]), max_size=60).map("".join))
def test_placeholder_lines_are_lines_of_the_text(text: str) -> None:
    lines = unfilled_placeholders(text)
    assert list(lines) == sorted(set(lines))
    assert all(1 <= i <= text.count("\n") + 1 for i in lines)
