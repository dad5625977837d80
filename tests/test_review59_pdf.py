"""Review 59: job descriptions as text pulled out of PDFs and Word files (JDs round 62:
problems 1, 2, 4, 5, 7 and 6), on the files in fixtures/review59/pdf/:

- a sentence a page break cuts is read whole when its first half cannot end a sentence,
  whatever the next page starts with, and past a page's furniture after any word but a stop
  into a number or a line in lower case that opens with a word a clause goes on with (the
  review of session 49: not a verb or a noun, as a list's item opens);
- the bullets pdftotext and browsers leave (`∙`, `Ø`, `o`, a `•` inside a line) start items;
- Word's "2 | P a g e" and pdf-parse's "-- 1 of 2 --" are a page's number;
- a number wrapped to a line's start goes on the sentence, and "approx." ends none before one;
- a ticked box is read as its answer alone, boxes that cannot be told apart as nothing;
- a table flattened a cell a line reads as its row does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import jd_found

from workrules.textpattern import sentences, undecided_boxes

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review59" / "pdf"


def _read(text: str) -> list[tuple[int, str]]:
    return [(s.lines[0], " ".join(s.words)) for s in sentences(text)]


# ------------------------------------------------------------------- 1: a sentence a page cuts


@pytest.mark.parametrize(("name", "expected"), [
    # "for people" / "Page 1 of 2" / "with a history of domestic abuse": a PSO's oral reports
    ("pagebreak-after-a-noun.md", [("jd-psr-role-boundary", 6)]),
    # "including those managed under" / marking, page / "Multi-Agency Public Protection ..."
    ("pagebreak-capital-next.md", [("jd-cases-role-boundary", 6)]),
    # "You will line manage" / page / "9 PSOs and 3 Probation Officers": the span is stated
    ("pagebreak-digit-next.md", []),
    # after a noun, a capital on the next page starts a sentence of its own: the duty is found
    # at its own line
    ("pagebreak-capital-after-a-noun.md", [("jd-psr-role-boundary", 10)]),
])
def test_a_sentence_a_page_break_cuts_where_it_cannot_end_is_read_whole(
        name: str, expected: list[tuple[str, int]]) -> None:
    assert [(rule, line) for _, rule, line in jd_found(HERE, name)] == expected


def test_a_page_break_before_a_verb_as_a_list_s_item_opens_reads_the_halves_apart() -> None:
    text = ("The post holder will have no line management responsibility\n\nPage 2 of 3\n\n"
            "hold a caseload of people assessed as high risk of serious harm.\n")
    assert _read(text) == [
        (1, "the post holder will have no line management responsibility"),
        (3, "page 2 of 3"),
        (5, "hold a caseload of people assessed as high risk of serious harm")]


def test_a_line_ending_on_a_preposition_goes_on_past_a_page_into_a_number() -> None:
    assert _read("Line manage a team of\n\nPage 1 of 2\n\n9 Probation Officers.\n") == [
        (1, "line manage a team of 9 probation officers")]


def test_past_a_blank_line_alone_a_capital_after_a_preposition_starts_a_sentence() -> None:
    # no page's furniture between: a blank line in a PDF's text is a paragraph's end as often
    assert _read("Reporting to the Head of\n\nProbation Delivery Unit.\n") == [
        (1, "reporting to the head of"), (3, "probation delivery unit")]


# ------------------------------------------------------------------------------- 2: bullets


@pytest.mark.parametrize("name", ["bullets-symbol-dot.md", "bullets-o-slash.md"])
def test_a_glyph_pdftotext_leaves_for_a_bullet_starts_an_item_whose_not_stays_in_it(
        name: str) -> None:
    assert jd_found(HERE, name) == [(name, "jd-psr-role-boundary", 7)]


def test_o_and_spaces_in_a_run_of_lines_is_a_bullet() -> None:
    assert jd_found(HERE, "bullets-o-space.md") == [
        ("bullets-o-space.md", "jd-psr-role-boundary", 8)]


@pytest.mark.parametrize("glyph", ["\u2219", "\u2217", "\u25c7", "\u2756", "\uf0e0"])
def test_each_glyph_starts_an_item(glyph: str) -> None:
    assert _read(f"{glyph} Not case holding\n{glyph}  Prepare PSRs\n") == [
        (1, "not case holding"), (2, "prepare psrs")]


def test_a_lone_o_or_a_name_at_a_line_s_start_is_no_bullet() -> None:
    assert _read("o  what a day it was\nand so it ended\n") == [
        (1, "o what a day it was and so it ended")]
    # (a word reads its letters a to z alone: the name is not cut off as an item)
    assert _read("\u00d8ystein Berg manages\n\u00d8ystein Berg's team\n") == [
        (1, "ystein berg manages ystein berg's team")]


def test_a_browser_s_list_on_one_line_reads_item_by_item_after_its_lead_in() -> None:
    assert jd_found(HERE, "bullets-inline.md") == [
        ("bullets-inline.md", "jd-psr-role-boundary", 6)]
    said = sentences("The post holder will not: \u2022 hold cases \u2022 chair MAPPA meetings")
    assert [(" ".join(s.words), s.lead and s.lead.text) for s in said] == [
        ("the post holder will not :", None),
        ("hold cases", "The post holder will not:"),
        ("chair mappa meetings", "The post holder will not:")]


# -------------------------------------------------------------------------- 4: page footers


def test_word_s_letter_spaced_footer_is_a_page_s_number_between_a_sentence_s_halves() -> None:
    # "Provide supervision and appraisal to the" / "2 | P a g e" / "probation officers ..."
    assert jd_found(HERE, "footer-letterspaced.md") == [
        ("footer-letterspaced.md", "jd-span-stated", 6)]


def test_pdf_parse_s_page_separator_is_a_page_s_number() -> None:
    # "... staff team of" / "-- 1 of 2 --" / "14 Residential Workers ...": the span is stated
    assert jd_found(HERE, "footer-pdf-parse.md") == []
    assert _read("the team of\n\n-- 1 of 2 --\n\n14 Residential Workers.\n")[0] == (
        1, "the team of 14 residential workers")


# ------------------------------------------------------------ 5: numbers and abbreviations


def test_a_number_wrapped_to_a_line_s_start_ends_the_sentence_it_goes_on() -> None:
    assert _read("The post holder will supervise the probation officers in the team of\n"
                 "12. The team is based in Hartlepool.\n") == [
        (1, "the post holder will supervise the probation officers in the team of 12"),
        (2, "the team is based in hartlepool")]


def test_a_numbered_list_after_a_lead_in_without_a_colon_is_still_a_list() -> None:
    assert _read("The main duties include\n1. Hold a caseload.\n") == [
        (1, "the main duties include"), (2, "hold a caseload")]
    assert _read("11. Supervise the team of\n12. Chair the meeting.\n") == [
        (1, "supervise the team of"), (2, "chair the meeting")]


def test_approx_at_a_line_s_end_ends_no_sentence_before_a_number() -> None:
    assert jd_found(HERE, "approx-wrapped.md") == []  # the span is stated
    assert _read("Line manage a team of approx.\n12 Probation Officers.\n") == [
        (1, "line manage a team of approx 12 probation officers")]
    assert _read("A caseload of est.\n40 cases.\n") == [(1, "a caseload of est 40 cases")]


# --------------------------------------------------------------------------- 7: tick boxes


def test_a_ticked_box_reads_as_its_answer_alone() -> None:
    assert jd_found(HERE, "checkbox-ticked-yes.md", "checkbox-ticked-no.md") == [
        ("checkbox-ticked-yes.md", "jd-span-stated", 6)]
    assert _read("Line management responsibility: [x] Yes [ ] No") == [
        (1, "line management responsibility : yes")]


def test_boxes_that_cannot_be_told_apart_are_read_as_nothing_and_named() -> None:
    text = (HERE / "checkbox-none-ticked.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert _read(text) == [(3, "lead the gateshead sentence management team")]
    assert undecided_boxes(text) == (1,)
    # every box ticked is an answer (tick all that apply); "Yes" and "No" ticked contradict
    assert undecided_boxes("Holds: \u2612 Low \u2612 High") == ()  # the review of session 49
    assert undecided_boxes("Line management: \u2612 Yes \u2612 No") == (1,)


def test_a_template_s_x_to_fill_in_is_no_tick_box() -> None:
    assert undecided_boxes("Line manage [x] PSOs and [x] POs.") == ()
    assert _read("Line manage [x] PSOs and [x] POs.") == [(1, "line manage x psos and x pos")]


# -------------------------------------------------------------------- 6: a flattened table


def test_a_table_flattened_a_cell_a_line_reads_as_its_row() -> None:
    assert jd_found(HERE, "flattened-cell-label.md") == [
        ("flattened-cell-label.md", "jd-cases-role-boundary", 9)]
    text = ("Line management\nNone\nCaseload\nCases assessed as low or medium RoSH; high RoSH "
            "cases by exception\n")
    assert _read(text) == [
        (1, "line management none"),
        (3, "caseload : cases assessed as low or medium rosh ; high rosh cases by exception"),
        (4, "high rosh cases by exception")]
