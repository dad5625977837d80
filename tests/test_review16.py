"""Review 16: job descriptions as they reach a repository (fixtures/review16/README.md says
what each tests and what the claim says). Text saved from Word writes a paragraph, a label or
a duty to a line, with Symbol-font bullets, tables whose cells are apart by tabs, numbered
sections and invisible characters; the duties are written in the passive, negated or hedged.
Each test runs a real file under both engines and asserts its exact report, kept under
fixtures/review16/expected/ and read finding by finding against the claim (7a, 7b, 9)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text
from hypothesis import given
from hypothesis import strategies as st

from workrules.textpattern import sentences

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review16"
CAPS = ("--set", "span_of_control_max[SPO]=6", "--set", "span_of_control_max[BUSINESS_MANAGER]=10")
ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def _expected(name: str) -> str:
    return (HERE / "expected" / f"{name}.txt").read_text(encoding="utf-8")


@ENGINES
@pytest.mark.parametrize("name", [
    "pso-courts-plain-text",  # 7b on line 12; "completed by a Probation Officer" is no duty
    "pso-word-symbol-bullets",  # 7a under Word's Symbol bullets, past a negated bullet
    "pqip-numbered-sections",  # 7a: "1.2 Hold cases managed at MAPPA L2 under supervision"
    "pso-passive-allocation",  # 7a: "domestic abuse may also be allocated to the post holder"
    "pso-invisible-characters",  # 7b through a soft hyphen and a non-breaking hyphen
    "upw-manager-labels-then-paragraph",  # 9: a duty on the line after "Reports to: ..."
    "pso-iioc-caseload",  # 7a: indecent images of children are sexual offending
])
def test_a_duty_across_the_boundary_or_without_a_span_is_found(name: str, engine: str) -> None:
    assert check_text(f"jd/{name}.md", cwd=HERE, engine=engine) == (1, _expected(name), "")


@ENGINES
@pytest.mark.parametrize("name", [
    "pso-programmes-facilitator",  # programmes and group sessions are not cases held
    "pso-negations-and-conditions",  # "remain the responsibility of the Probation Officer", ...
    "ap-residential-worker-residents",  # "Supervise residents, including those ... high risk"
    "pso-upw-groups-including",  # "Supervise Unpaid Work groups, including people convicted of"
])
def test_work_kept_by_a_probation_officer_or_negated_is_not_the_posts(name: str,
                                                                       engine: str) -> None:
    assert check_text(f"jd/{name}.md", cwd=HERE, engine=engine) == (0, "", "")


@ENGINES
@pytest.mark.parametrize("name", [
    "spo-table-saved-as-text",  # "Direct reports", a tab, "8"
    "spo-staff-line-managed-label",  # "**Number of staff line managed:** 12"
    "business-manager-fte-label",  # "Number of direct reports (FTE): 6"
])
def test_a_span_stated_as_hr_labels_it_is_stated(name: str, engine: str) -> None:
    assert check_text(f"jd/{name}.md", cwd=HERE, engine=engine) == (0, "", "")
    # and it is the span the text states, reported once a cap is agreed (jd-span-in-text-only)
    assert check_text(*CAPS, f"jd/{name}.md", cwd=HERE, engine=engine) == (
        1, _expected(f"{name}-capped"), "")


def test_a_finding_quotes_the_duty_alone_not_the_heading_or_label_above_it() -> None:
    _, out, _ = check_text("jd/pso-courts-plain-text.md", cwd=HERE)
    assert ': "The post holder will prepare reports for the Magistrates\' and Crown Courts on ' \
        'people charged with domestic abuse offences, using OASys to assess risk."' in out
    assert "Responsibilities, Activities and Duties" not in out
    assert "completed by a Probation Officer" not in out


# --- how a text saved from a word processor is cut into sentences


def _read(text: str) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
    return [(s.words, s.lines) for s in sentences(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # a line that ends its sentence, then one that starts one
    ("Cases are low risk.\nPrepare reports.", [["cases", "are", "low", "risk"],
                                               ["prepare", "reports"]]),
    # a wrapped line starting in lower case continues its sentence
    ("Prepare reports for the\ncourt on cases.", [["prepare", "reports", "for", "the", "court",
                                                   "on", "cases"]]),
    # a label's value ends at its line when the next starts with a capital
    ("Reports to: SPO\nLine manages PSOs.", [["reports", "to", ":", "spo"],
                                             ["line", "manages", "psos"]]),
    # a label's long value wraps onto a line that may start with a capital ("IOM")
    ("Job purpose: The post holder will manage a caseload of people, including\nIOM cases.",
     [["job", "purpose", ":", "the", "post", "holder", "will", "manage", "a", "caseload", "of",
       "people", "including", "iom", "cases"]]),
    # cells apart by tabs read as a table row's
    ("Direct reports\t8\nGrade:\tBand 4", [["direct", "reports", ":", "8"],
                                          ["grade", ":", "band", "4"]]),
    # Word's bullets, numbered sections and roman numerals start sentences
    ("\uf0b7\tOne duty\no\tTwo duty\n1.1 Three duty\n(ii) Four duty\n\u27a2 Five duty",
     [["one", "duty"], ["two", "duty"], ["three", "duty"], ["four", "duty"], ["five", "duty"]]),
    # a number that starts a wrapped line is no bullet ("8.5 FTE")
    ("Span of control:\n8.5 FTE", [["span", "of", "control", ":", "8", "5", "fte"]]),
    # invisible characters are not read; Unicode hyphens are hyphens
    ("\u200b- super\u00advise the day\u2011to\u2011day work", [["supervise", "the",
                                                                 "day-to-day", "work"]]),
])
def test_how_saved_text_is_cut_into_sentences(text: str, expected: list[list[str]]) -> None:
    assert [list(words) for words, _ in _read(text)] == expected


_invisible = st.sampled_from(["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
_text = st.text(st.sampled_from([*"abc ABC.,:;\t\n-|*1o", "\uf0b7", "\u2011", "\u00a0"]),
                max_size=60)


@given(_text, st.lists(st.tuples(st.integers(0, 60), _invisible), max_size=5))
def test_an_invisible_character_anywhere_changes_no_sentence(text: str,
                                                             marks: list[tuple[int, str]]) -> None:
    marked = text
    for at, char in sorted(marks, reverse=True):
        marked = marked[:at] + char + marked[at:]
    assert _read(marked) == _read(text)


@given(_text)
def test_any_saved_text_reads_the_same_twice_with_its_lines_in_order(text: str) -> None:
    read = _read(text)
    assert read == _read(text)
    lines = [line for _, ls in read for line in ls]
    assert lines == sorted(lines)
    assert all(1 <= line <= text.count("\n") + 1 for line in lines)


@given(st.lists(st.text(st.sampled_from(list("abcde ")), min_size=1, max_size=12)
                .filter(str.strip), min_size=2, max_size=4))
def test_cells_apart_by_tabs_read_as_a_markdown_table_row(cells: list[str]) -> None:
    assert _read("\t".join(cells)) == _read("| " + " | ".join(cells) + " |")


@ENGINES
def test_a_word_broken_across_lines_with_a_hyphen_is_read_whole(engine: str) -> None:
    # "super-" / "vise a team of ...": the sentence is read both ways, split and made whole
    # (the reader has no dictionary to tell "super-vise" from "pre-sentence")
    name = "spo-word-broken-across-lines"
    assert check_text(f"jd/{name}.md", cwd=HERE, engine=engine) == (1, _expected(name), "")


_BROKEN_WORDS = ["supervise", "manage", "appraise", "safeguarding", "probation", "officers"]


@given(st.sampled_from(_BROKEN_WORDS), st.data())
def test_a_word_broken_anywhere_at_a_lines_end_is_read_whole_as_well(
        word: str, data: st.DataObject) -> None:  # fmt: skip
    at = data.draw(st.integers(1, len(word) - 1))
    text = f"The post holder will {word[:at]}-\n{word[at:]} the team."
    said = sentences(text)
    assert len(said) == 1 and said[0].joined is not None
    assert said[0].joined.words == ("the", "post", "holder", "will", word, "the", "team")
    assert said[0].words == ("the", "post", "holder", "will", word[:at], word[at:], "the", "team")


def test_a_hyphen_before_a_capital_or_within_a_line_is_no_broken_word() -> None:
    # "Senior-" / "Probation" and "line-manage" on one line are written so, not broken
    assert sentences("Reports to the Senior-\nProbation Officer.")[0].joined is None
    assert sentences("Will line-manage staff.")[0].joined is None
