"""Session 27's review: job descriptions as HR writes them, and what the helpers found.

Each test names a behaviour on a real file under fixtures/review37, and asserts the exact
findings (rule and line) of a check."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules import check
from workrules.inputs import is_workrules_data
from workrules.textpattern import _grid_rows, sentences

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review37"


def _found(*names: str) -> list[tuple[str, str, int]]:
    result = check([HERE / name for name in names], select=["jd-*"])
    return [(Path(f.file).name, f.rule, f.line) for f in result.findings]


@pytest.mark.parametrize(("name", "expected"), [
    # a Probation Officer who remains the case manager keeps the high risk cases (7a)
    ("jd/pso-po-remains-case-manager.md", []),
    # ... and a PSO who is the case manager for them holds them
    ("jd/pso-is-case-manager.md", [("pso-is-case-manager.md", "jd-cases-role-boundary", 11)]),
    # watching the preparation of a report, or shadowing an officer, is learning, not a duty
    ("jd/pqip-observes-psrs.md", []),
    # ... but observing a report's timescales is the post's own duty to write it (7b)
    ("jd/pso-observes-timescales.md",
     [("pso-observes-timescales.md", "jd-psr-role-boundary", 9)]),
])
def test_who_keeps_the_case_and_who_only_watches(name: str, expected: list[object]) -> None:
    assert _found(name) == expected


def test_a_heading_numbered_as_word_numbers_it_is_a_heading_not_a_grant() -> None:
    # "2. Line Management" over "2.1 The post has no direct reports." names the topic
    assert _found("jd/sao-numbered-headings.md") == []


def test_a_numbered_duty_of_line_management_still_grants_it() -> None:
    # "1. Line management of the case administration team." ends as a sentence: a duty
    assert _found("jd/ao-numbered-duty.md") == [("ao-numbered-duty.md", "jd-span-stated", 7)]


def test_leading_and_managing_the_senior_management_team_is_line_management() -> None:
    assert _found("jd/spo-manages-the-smt.md") == [
        ("spo-manages-the-smt.md", "jd-span-stated", 9)]


def test_attending_or_serving_the_senior_management_team_is_not() -> None:
    assert _found("jd/spo-member-of-the-smt.md") == []


@pytest.mark.parametrize(("name", "expected"), [
    # a pandoc grid table's cell wrapped over three lines is read as one cell (7b)
    ("jd/pso-court-grid-table.md", [("pso-court-grid-table.md", "jd-psr-role-boundary", 16)]),
    # ... and two rows between borders stay apart: reports in one, domestic abuse training in
    # the other
    ("jd/pso-grid-rows-apart.md", []),
    # a setext heading ("Line management" over "---") is read with the value under it
    ("jd/spo-setext-span.md", []),
])
def test_tables_and_headings_as_pandoc_writes_them(name: str, expected: list[object]) -> None:
    assert _found(name) == expected


def test_supervise_and_allocate_work_to_staff_is_line_management_of_them() -> None:
    # "Manage the room bookings and allocate work to the duty officers" is not: its own object
    assert _found("jd/sao-supervise-and-allocate.md") == [
        ("sao-supervise-and-allocate.md", "jd-span-zero-but-text-gives", 10)]


def test_a_team_which_comprises_a_list_of_counted_staff_states_the_span() -> None:
    assert _found("jd/plm-team-comprises.md") == []


@pytest.mark.parametrize(("name", "expected"), [
    # supervision is no exception that keeps a report with a Probation Officer (7b)
    ("jd/pqip-direct-supervision-exception.md",
     [("pqip-direct-supervision-exception.md", "jd-psr-role-boundary", 9)]),
    # ... but co-working where the PO remains case manager keeps the case with the PO (7a)
    ("jd/pqip-co-worker-exception.md", []),
    # a hedge before the negation, in its clause, makes it no boundary
    ("jd/pso-hedged-negations.md", [("pso-hedged-negations.md", "jd-cases-role-boundary", 9)]),
    # ... a hedge in another clause does not
    ("jd/pso-hedge-in-another-clause.md", []),
])
def test_exceptions_and_hedges_to_a_boundary(name: str, expected: list[object]) -> None:
    assert _found(name) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("jd/pso-tiers.md", [("pso-tiers.md", "jd-cases-role-boundary", 9)]),  # tiers A and B
    ("jd/pso-teams-a-and-b.md", []),  # teams, not tiers
    ("jd/pso-upw-placements.md", []),  # an Unpaid Work placement is no case
    ("jd/pqip-observes-report-writers.md", []),  # watching report writers is learning
])
def test_what_is_a_case_or_a_duty(name: str, expected: list[object]) -> None:
    assert _found(name) == expected


# ------------------------------------------------------------------------------ hypothesis

_CELL = st.text(alphabet="ab c|+-=\n", max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_CELL, st.sampled_from(["+---+---+", "+===+===+", "| a | b |",
                                                    "| c d | e |", "===", "---", ""])),
                max_size=12))  # fmt: skip
def test_grid_rows_only_move_words_within_a_row(rows: list[str]) -> None:
    rows = [r.replace("\n", "") for r in rows]
    out = _grid_rows(rows)
    assert len(out) == len(rows)
    words = sorted(w for r in rows for w in r.replace("|", " ").split())
    assert sorted(w for r in out for w in r.replace("|", " ").split()) == words


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_CELL, st.sampled_from(["Line management", "2. Line Management",
                                                    "2.1 None.", "===", "---", "", "- item"])),
                max_size=12))  # fmt: skip
def test_any_layout_of_headings_and_tables_splits_into_sentences(rows: list[str]) -> None:
    rows = [r.replace("\n", "") for r in rows]
    said = sentences("\n".join(rows))
    for s in said:  # each word of a sentence is on a line of the text
        assert all(1 <= line <= len(rows) for line in s.lines)
        assert len(s.lines) == len(s.words)


# ------------------------------------------------------------------------------ a hostile JD

HOSTILE = sorted(p.name for p in (HERE / "hostile").glob("*.md"))


@pytest.mark.parametrize("name", HOSTILE)
def test_a_breach_a_reader_sees_is_found_however_the_markup_hides_it(name: str) -> None:
    # processing instructions, CDATA, custom elements, reference links, links with brackets,
    # footnote labels, code spans and mixed emphasis inside a word, Latin lookalike letters, a
    # blank that shows as a space, and headings the reader sees (setext, HTML) or does not (a
    # code block's `#` line)
    line = {"setext-after-criteria.md": 13, "html-heading-after-criteria.md": 12,
            "code-block-heading.md": 10}.get(name, 6)  # fmt: skip
    assert _found(f"hostile/{name}") == [(name, "jd-cases-role-boundary", line)]


@pytest.mark.parametrize(("folder", "said"), [
    ("kind-job-description", "kind 'Job Description' is not one of rota, allocation, staff, "
                             "job-description (did you mean 'job-description'?)"),
    ("kind-job-desc", "kind 'job-desc' is not one of rota, allocation, staff, job-description "
                      "(did you mean 'job-description'?)"),
    ("kind-jd", "kind 'JD' is not one of rota, allocation, staff, job-description"),
    ("key-cyrillic", "has no top-level 'kind:' (rota, allocation, staff or job-description)"),
])
def test_a_folder_walk_refuses_what_the_loader_refuses_never_skips_it(folder: str,
                                                                     said: str) -> None:
    code, out, err = check_text(folder, cwd=HERE / "walk")
    assert (code, out) == (2, "")
    assert err == f"workrules: {folder}/pso.md:2: {said}\n"


def test_a_git_lfs_pointer_is_refused_as_one_not_skipped() -> None:
    code, _, err = check_text("lfs", cwd=HERE / "walk")
    assert code == 2
    assert err == ("workrules: lfs/pso.md:1: is a Git LFS pointer, not the file it stands for: "
                   "fetch the files (git lfs pull, or `lfs: true` in actions/checkout) before "
                   "checking\n")


def test_a_folder_walk_skips_files_that_are_not_workrules_data() -> None:
    # a Kubernetes manifest's `kind: Deployment`, a blog post's front matter
    code, out, err = check_text("unrelated", cwd=HERE / "walk")
    assert (code, out, err) == (0, "", "")
    assert not is_workrules_data(str(HERE / "walk" / "unrelated" / "deploy.yaml"))
    assert not is_workrules_data(str(HERE / "walk" / "unrelated" / "post.md"))
