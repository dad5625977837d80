"""The review of session 49 (P1, P3 and P4): three ways fixpdf's reading of job descriptions
pulled out of PDFs and Word files went wrong, on the files in fixtures/review59/mendtp/:

- a line of tick boxes with every box ticked is a clear answer (tick all that apply), read as
  every answer ticked; only one with none ticked, or with answers ticked that contradict each
  other ("Yes" and "No"), cannot be told apart;
- past a page break a line in lower case that opens a list's item with a noun ("preparation
  of ...") is read apart from the line before, whose "not" no longer cancels its duty: a
  line goes on into the next page only where it cannot end (review 33's rule holds);
- a short heading over a sentence that holds ";" is a heading over a sentence, not a table
  flattened a cell a line.
"""

from __future__ import annotations

from pathlib import Path

from conftest import jd_found

from workrules import check
from workrules.textpattern import sentences, undecided_boxes

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review59" / "mendtp"


def _read(name: str) -> list[tuple[int, str]]:
    text = (HERE / name).read_text(encoding="utf-8").split("---\n", 2)[2]
    return [(s.lines[0], " ".join(s.words)) for s in sentences(text)]


def _partial(name: str) -> dict[str, str]:
    result = check([str(HERE / name)], root=str(HERE))
    return {na.rule: na.reason for na in result.not_applied if na.partial}


# --------------------------------------------------------------- P1: every box ticked


def test_every_box_ticked_reads_as_every_answer_and_finds_the_7a_breach() -> None:
    assert _read("pso-boxes-all-ticked.md")[0] == (
        3, "cases you will manage : low rosh medium rosh high rosh")
    assert jd_found(HERE, "pso-boxes-all-ticked.md") == [
        ("pso-boxes-all-ticked.md", "jd-cases-role-boundary", 8)]
    assert _partial("pso-boxes-all-ticked.md") == {}  # no "could not be told apart"
    assert undecided_boxes("Holds: \u2612 Low RoSH \u2612 Medium RoSH \u2612 High RoSH") == ()


def test_answers_ticked_that_contradict_each_other_cannot_be_told_apart() -> None:
    assert _read("spo-boxes-yes-and-no-ticked.md") == [
        (7, "lead the court team's work with the magistrates and crown courts"),
        (8, "quality assure pre sentence reports")]
    assert jd_found(HERE, "spo-boxes-yes-and-no-ticked.md") == []
    assert _partial("spo-boxes-yes-and-no-ticked.md") == {rule: (
        "applied in part: 1 job description has tick boxes that could not be told apart (none "
        "ticked, or answers ticked that contradict each other), which were not read, so the "
        "answer they give was not judged; read the form by hand: "
        "spo-boxes-yes-and-no-ticked.md line 8")
        for rule in ("jd-span-stated", "jd-line-management-text-contradicts-itself")}
    assert undecided_boxes("Holds: \u2612 Case holding \u2612 Not case holding") == (1,)
    assert undecided_boxes("Agreed: \u2612 Yes, with the SPO \u2612 No") == (1,)


# ------------------------------------------- P3: a lost list's item after a page break


def test_an_item_opening_with_a_noun_after_a_page_break_is_not_joined_to_a_not() -> None:
    assert _read("pso-lost-bullets-pagebreak.md") == [
        (1, "main duties : not case holding"),
        (5, "page 1 of 2"),
        (7, "preparation of pre sentence reports for the court on people assessed as high risk "
            "of serious harm")]
    assert jd_found(HERE, "pso-lost-bullets-pagebreak.md") == [
        ("pso-lost-bullets-pagebreak.md", "jd-psr-role-boundary", 12)]


def test_an_item_after_no_line_management_and_a_page_break_keeps_its_duty() -> None:
    assert _read("pso-no-line-management-pagebreak.md") == [
        (1, "main duties"),
        (3, "no line management responsibility"),
        (5, "page 1 of 2"),
        (7, "completion of pre sentence reports for the court on people assessed as high risk "
            "of serious harm")]
    assert jd_found(HERE, "pso-no-line-management-pagebreak.md") == [
        ("pso-no-line-management-pagebreak.md", "jd-psr-role-boundary", 12)]


def test_past_a_page_break_only_a_word_a_clause_goes_on_with_joins_a_lower_case_line() -> None:
    page = "\n\nPage 2 of 3\n\n"
    assert [(s.lines[0], " ".join(s.words)) for s in sentences(
        "Not case holding" + page + "supervision of people on licence\n")] == [
        (1, "not case holding"), (3, "page 2 of 3"), (5, "supervision of people on licence")]
    assert [(s.lines[0], " ".join(s.words)) for s in sentences(
        "Reports for people" + page + "assessed as high risk of serious harm\n")] == [
        (1, "reports for people assessed as high risk of serious harm")]  # the page skipped
    assert [(s.lines[0], " ".join(s.words)) for s in sentences(
        "Reports for people" + page + "who are assessed as high risk\n")] == [
        (1, "reports for people who are assessed as high risk")]


# --------------------------------------------- P4: a heading over a sentence with ";"


def test_a_heading_over_a_sentence_with_a_semicolon_is_no_table_row() -> None:
    assert _read("pso-heading-over-a-sentence.md") == [
        (1, "caseload cases are allocated by the spo using the tiering framework ; high rosh "
            "cases go to probation officers")]
    assert _read("pso-heading-over-a-sentence-held.md") == [
        (1, "caseload high rosh cases are held by probation officers ; mappa level 2 and 3 "
            "cases likewise")]
    assert jd_found(HERE, "pso-heading-over-a-sentence.md",
                    "pso-heading-over-a-sentence-held.md") == []


def test_a_label_in_a_run_of_label_and_value_pairs_is_read_as_its_row() -> None:
    # "Line management" / "None" over "Caseload": a table flattened a cell a line, whose value
    # is read as its row's even with a verb in it
    assert _read("pso-flattened-table-run.md") == [
        (1, "line management none"),
        (3, "caseload : low or medium rosh cases ; high rosh cases are held by exception"),
        (4, "high rosh cases are held by exception")]
    assert jd_found(HERE, "pso-flattened-table-run.md") == [
        ("pso-flattened-table-run.md", "jd-cases-role-boundary", 9)]
