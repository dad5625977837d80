"""Numbers in a job description's prose and tables (JDs, round 64, `fixtures/jd-numbers/`):
a grade, level or tier is no count of staff; a span in a table whose labels are in its header
row is read; a text that states a larger span than `span_of_control` is reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules.api import check
from workrules.textpattern import _under_labels, sentences

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "jd-numbers"
ENGINES = ("python", "columnar")
TODAY = dt.date(2025, 3, 10)
CAPS = ("span_of_control_max[SPO]=8", "span_of_control_max[BUSINESS_MANAGER]=5")


def _found(name: str, engine: str) -> list[tuple[str, int, str, str]]:
    result = check([str(HERE / name)], None, CAPS, today=TODAY, engine=engine)
    return [(f.rule, f.line, Path(f.subject).name, _named(f.message)) for f in result.findings]


def _named(message: str) -> str:
    """A finding's message with the file named as in this folder."""
    return message.replace(f"{HERE}/", "")


def _no_span(name: str, title: str, line: int) -> list[tuple[str, int, str, str]]:
    return [("jd-span-stated", line, name, f"{name} ({title}) gives the post line management "
             "but states no span of control (9).")]  # fmt: skip


def _in_text(name: str, title: str, line: int) -> list[tuple[str, int, str, str]]:
    return [("jd-span-in-text-only", line, name, f"{name} ({title}) states its span of control "
             "only in its text, so it could not be checked against the cap of 8 for SPO; give "
             "it as span_of_control (9).")]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "title", "line"), [
    ("mappa-levels.md", "Senior Probation Officer (Public Protection)", 8),
    ("grade-and-tier.md", "Business Manager", 6),
    ("nvq-level.md", "Senior Probation Officer (Interventions)", 6),
    ("civil-service-code.md", "Business Manager", 6),
    ("pqip-year.md", "Senior Probation Officer (Learning)", 6),
])  # fmt: skip
def test_a_grade_level_or_tier_before_the_staff_is_no_span(name: str, title: str, line: int,
                                                           engine: str) -> None:
    assert _found(name, engine) == _no_span(name, title, line)


@pytest.mark.parametrize("engine", ENGINES)
def test_level_with_no_number_after_it_leaves_the_count_read(engine: str) -> None:
    assert _found("level-not-a-code.md", engine) == _in_text(
        "level-not-a-code.md", "Senior Probation Officer", 6)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "line"), [("key-facts-columns.md", 10),
                                            ("span-column-two-rows.md", 10)])
def test_a_span_under_its_label_in_a_header_row_is_read_at_its_row(name: str, line: int,
                                                                    engine: str) -> None:
    assert _found(name, engine) == _in_text(name, "Senior Probation Officer (Courts)", line)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_header_row_with_a_number_is_read_as_a_row_of_values(engine: str) -> None:
    assert _found("first-row-as-header.md", engine) == _in_text(
        "first-row-as-header.md", "Senior Probation Officer", 8)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_header_label_over_a_denial_gives_no_line_management(engine: str) -> None:
    assert _found("no-line-management-columns.md", engine) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_a_text_giving_more_staff_than_span_of_control_is_reported_at_both_lines(
        engine: str) -> None:  # fmt: skip
    result = check([str(HERE / "text-over-front-matter.md")], None, CAPS, today=TODAY,
                   engine=engine)  # fmt: skip
    assert [(f.rule, f.line, f.severity, _named(f.message)) for f in result.findings] == [
        ("jd-span-text-larger", 5, "warning", "text-over-front-matter.md (Senior Probation "
         "Officer) states a span of control of 5, but its text gives the post 9 staff to "
         "manage; correct one of them (9).")]  # fmt: skip
    (finding,) = result.findings
    assert ('number in text gives span_of_control_stated is 9, the span of control 5 (phrase '
            '"{manage_verbs} ... {counted}" found "line manages up to 9 probation officers", '
            'line 7): "Line manages up to 9 probation officers in the Wear team."') in finding.facts


@pytest.mark.parametrize("engine", ENGINES)
def test_a_text_naming_part_of_the_span_is_not_reported(engine: str) -> None:
    assert _found("text-within-front-matter.md", engine) == []


def test_a_row_under_a_header_of_labels_is_read_a_second_time_after_them() -> None:
    said = sentences("| Grade | Direct reports |\n|---|---|\n| SPO | 10 |\n")
    assert [(s.line, s.text, s.joined and s.joined.text) for s in said] == [
        (3, "SPO : 10", "Grade : SPO : Direct reports : 10")]


_LABELS = st.lists(st.text(alphabet="ab .:()/", max_size=8).map(str.strip), min_size=1,
                   max_size=5)  # fmt: skip
_CELLS = st.lists(st.text(alphabet="ab 1.,:", max_size=8).map(str.strip), min_size=1,
                  max_size=5)  # fmt: skip


@given(_LABELS, _CELLS, st.sampled_from(["", "10", "1.5", "£45,000", "9 "]))
def test_a_row_pairs_with_a_header_of_labels_only(heads: list[str], cells: list[str],
                                                  number: str) -> None:
    if number:  # a header with a number for a cell: a first row of values
        heads = [*heads[:-1], number]
    paired = _under_labels(heads, cells)
    if len(heads) != len(cells) or number:
        assert paired == ""
    else:
        assert paired == " : ".join(f"{h} : {c}" if h else c
                                    for h, c in zip(heads, cells, strict=True) if c)
