"""Review 34: a hostile job description, data alone, against the shipped claim.

- A breach written so that a reader sees it and the check did not: a character that does not
  show inside a word ("hi\\u034fgh"), an HTML comment or an empty tag inside it, an entity
  ("h&#105;gh"), Markdown emphasis ("h*i*gh"), a Cyrillic letter in a Latin word ("h\\u0456gh"),
  full-width or mathematical letters. Each is read as it shows (`as_shown`), and the breach
  is found at its line (fixtures/review34/hidden, one file for each).
- A heading of 64,000 words over a line of 10,000 "these cases" took 2.7 GB and crashed
  (exit 70): a heading of more than `HEADING_STANDS_FOR` words stands for nothing.
- A line of 87,000 short questions ("A? A? ...") took 6.4 minutes: each was read as the
  answer to the one before, which was then a question again. An answer is no question.

fixtures/review34/README.md says what each case gave before and after."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text, claim_matcher
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.textpattern import HEADING_STANDS_FOR, as_shown, sentences

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review34"
HIDDEN = sorted(p.name for p in (HERE / "hidden").glob("*.md"))


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("name", HIDDEN)
def test_a_breach_written_with_what_does_not_show_is_found_at_its_line(name: str,
                                                                       engine: str) -> None:
    code, out, err = check_text(f"hidden/{name}", cwd=HERE, engine=engine)
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        f"hidden/{name}:6: jd-cases-role-boundary [7a] hidden/{name} (Probation Services "
        "Officer) gives a PSO cases outside the role boundary of the grade (7a).")
    assert ('found "manage cases assessed as high risk", line 6): "The post holder will manage '
            'cases assessed as high risk of serious harm."') in out


@pytest.mark.parametrize(("text", "shown"), [
    ("hi\u034fgh \u2066risk\u2069", "high risk"),
    ("h&#105;gh &amp; h&#x69;gh", "high & high"),
    ("hi<!-- a\nb -->gh", "hi\ngh"),  # a comment over lines leaves its line end
    ("line&#10;manage", "line manage"),  # an entity for a line end is a space
    ("**Duties** h*i*gh hi**gh** hi<b></b>gh", "**Duties** high high high"),
    # a Cyrillic letter in a Latin word, full-width letters; the Welsh and French letters and
    # a word wholly in Cyrillic as written
    ("h\u0456gh \uff48\uff49\uff47\uff48, Gw\u0175yl caf\u00e9 \u0420\u041e",
     "high high, Gw\u0175yl caf\u00e9 \u0420\u041e"),
    # as written: an underscore inside a word (no emphasis in Markdown), a comment never
    # closed, a line break, an ampersand that is no entity
    ("line_manager <!-- open", "line_manager <!-- open"),
    ("high<br>risk & reward", "high<br>risk & reward"),
    # a block tag between words is a break (`<br>`), and a superscript stays apart: a space
    # (a row's cells joined as a pipe table's are: JDs round 52)
    ("<td>Duties</td><td>Manage</td></p><p>x", "<br>Duties : Manage<br><br><br>x"),
    ("high risk<sup>1</sup> and high risk\u00b9", "high risk 1  and high risk\u00b9"),
    # a lone `*` is no emphasis (review 34's second reading: "3*PSOs" read "3PSOs")
    ("Line manage 3*PSOs and 2*SAOs, 24*7", "Line manage 3*PSOs and 2*SAOs, 24*7"),
])  # fmt: skip
def test_text_is_read_as_it_shows_rendered(text: str, shown: str) -> None:
    assert as_shown(text) == shown


def test_markup_that_never_closes_is_read_as_written_at_once() -> None:
    # Each is read in one pass: a run of emphasis or tags with no letter after it, a comment
    # opened 20,000 times and never closed, a long word beside one letter that is not ASCII
    # (as first written, `(?:\*+|...)+` took 2^n steps for a run of n stars, and a comment
    # or a word was searched for again from each character).
    assert as_shown("a" + "*" * 40 + " b") == "a" + "*" * 40 + " b"
    assert as_shown("a" + "<b>" * 20_000 + ".") == "a" + " " * 20_000 + "."
    assert as_shown("a <!--" * 20_000) == "a <!--" * 20_000  # inside a paragraph: text
    assert as_shown("<!--" * 20_000) == ""  # at a block's start: hides the rest (review 35)
    assert as_shown("a" * 100_000 + " \u00e9") == "a" * 100_000 + " \u00e9"


PIECES = ["&#10;", "&amp;", "\n", "\r", "*", "**", "<b>", "</td>", "a", " ", "\u034f", "\ufe0f",
          "&", "<br>", "\u2028", "&#x0d;", "\u0456", "\uff48", "\u00b9"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "<!--", "-->"]), max_size=40).map("".join))
def test_reading_text_as_it_shows_keeps_every_line_end(text: str) -> None:
    assert as_shown(text).count("\n") == text.count("\n")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_without_comments_each_line_is_read_as_it_shows_where_it_was(text: str) -> None:
    # with no comment over lines, each line reads as it would alone: nothing moves a word
    # from one line to another, so a finding's line is the line the words are on
    assert as_shown(text).split("\n") == [as_shown(line) for line in text.split("\n")]


def test_a_question_is_answered_by_what_is_no_question() -> None:
    said = [s.text for s in sentences("Line management? No. Span? 0. Budget? Yes? Maybe.")]
    assert said == ["Line management? No.", "Span? 0.", "Budget?", "Yes? Maybe."]
    # a question left unanswered does not take the next question as its answer (as first
    # changed, "Why join us?" took it, and "No" was left alone: line management read as given)
    said = [s.text for s in sentences("Why join us?\n\nLine management responsibility? No")]
    assert said == ["Why join us?", "Line management responsibility? No"]
    # a run of short questions: each a sentence of its own, not one sentence of them all
    assert len(sentences("A? " * 1000)) == 1000


def test_a_heading_of_more_than_forty_words_stands_for_nothing() -> None:
    cases = claim_matcher("cases_outside_role_boundary")
    heading = "Cases assessed as high risk of serious harm"
    body = "\n\nThe post holder will hold a small number of these cases.\n"
    assert cases.gives(f"# {heading}{body}")
    long = heading + " and" + " more" * (HEADING_STANDS_FOR - len(heading.split()))
    assert len(long.split()) == HEADING_STANDS_FOR + 1
    assert not cases.gives(f"# {long}{body}")
    # the same heading's words in a sentence of its own are still read
    assert cases.gives(f"# {long}\n\nThe post holder will hold {heading.lower()}.\n")


def test_job_descriptions_read_from_several_threads_give_what_each_gives_alone() -> None:
    from concurrent.futures import ThreadPoolExecutor

    cases = claim_matcher("cases_outside_role_boundary")
    texts = [(HERE / "hidden" / name).read_text(encoding="utf-8") for name in HIDDEN]
    texts += ["The post holder will support the PO with low risk cases.\n" * n for n in (1, 50)]
    alone = [cases.first(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(cases.first, texts * 8))
    assert together == alone * 8
    assert [h is not None for h in alone] == [True] * len(HIDDEN) + [False, False]
