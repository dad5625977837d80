"""Senior, corporate and support posts whose prose is full of numbers (JDs, round 69,
`fixtures/jd-senior/`): a headcount the post has through others and a whole unit's chart are
no span of control; every count of a sentence is read, and the counts of one list add up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import claim_matcher
from hypothesis import given
from hypothesis import strategies as st

from workrules.api import check
from workrules.errors import InputError, PolicyError
from workrules.lang.nodes import unparse_pattern
from workrules.policy import load_policy

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "jd-senior"
ENGINES = ("python", "columnar")
TODAY = dt.date(2025, 6, 1)
CAPS = ("span_of_control_max[SPO]=8", "span_of_control_max[PLM]=10",
        "span_of_control_max[BUSINESS_MANAGER]=6", "span_of_control_max[SAO]=6",
        "span_of_control_max[HEAD_OF_PDU]=8", "span_of_control_max[HEAD_OF_SERVICE]=6",
        "span_of_control_max[HEAD_OF_FUNCTION]=6",
        "span_of_control_max[AP_AREA_MANAGER]=8")  # fmt: skip

# every file of the folder but the refused one, with the findings it gives: (rule, line)
FOUND: dict[str, list[tuple[str, int]]] = {
    "b01-head-pdu-span-11.md": [("jd-span-cap", 6)],
    "b02-court-team-manager-14-psos.md": [("jd-span-in-text-only", 11)],
    "b03-business-manager-span-9.md": [("jd-span-cap", 6)],
    "b04-head-pdu-text-11-over-7.md": [("jd-span-text-larger", 6)],
    "b05-ap-manager-span-12.md": [("jd-span-cap", 6)],
    "b06-head-of-operations-span-8.md": [("jd-span-cap", 6)],
    "b07-plm-span-13.md": [("jd-span-cap", 6)],
    "b08-vlm-direct-reports-10.md": [("jd-span-in-text-only", 11)],
    "b09-programmes-manager-6-plus-3.md": [("jd-span-text-larger", 6)],
    "b10-bm-hr-table-sum-7.md": [("jd-span-text-larger", 6)],
    "b11-head-pdu-list-9.md": [("jd-span-cap", 6)],
    "b12-deputy-head-spo-span-10.md": [("jd-span-cap", 6)],
    "b13-court-team-manager-span-14.md": [("jd-span-cap", 6)],
    "b14-contract-manager-lm-no-span.md": [("jd-span-stated", 5)],
    "b15-head-pdu-140-through-7.md": [("jd-span-in-text-only", 6)],
    "b16-head-pdu-lm-no-number.md": [("jd-span-stated", 6)],
    "b17-vlm-lm-false-contradicted.md": [("jd-line-management-contradicted", 8),
                                         ("jd-span-in-text-only", 8)],
    "b18-court-lm-true-span-0.md": [("jd-line-management-with-span-zero", 6),
                                    ("jd-span-zero-but-text-gives", 8)],
    "b19-estates-direct-reports-list.md": [("jd-span-in-text-only", 10)],
    "b20-head-pdu-number-of-direct-reports.md": [("jd-span-in-text-only", 12)],
    "b21-ap-area-manager-span-10.md": [("jd-span-cap", 6)],
    "b22-bm-text-7-staff-span-4.md": [("jd-span-text-larger", 6)],
    "b23-head-pdu-range.md": [("jd-span-in-text-only", 6)],
    "b24-pqip-lead-hub-title-grade.md": [("jd-title-grade", 3)],
    "n24-head-pdu-direct-reports-tbc.md": [("jd-span-stated", 5)],
    "p1-responsible-for-140.md": [("jd-span-text-larger", 6)],
    "p3-larger-first.md": [("jd-span-text-larger", 6)],
    "p3-two-lines.md": [("jd-span-text-larger", 6)],
    "p3-two-sentences-one-line.md": [("jd-span-text-larger", 6)],
    **{name: [] for name in (
        "n01-head-pdu-numbers-span-7.md", "n02-deputy-head-unknown-grade.md",
        "n03-hrbp-no-lm.md", "n04-data-analyst-no-lm.md", "n05-quality-lead-no-lm.md",
        "n06-court-numbers-span-6.md", "n07-ap-manager-hr-list-7.md", "n08-bm-hr-list-fte.md",
        "n09-head-pdu-span-fte.md", "n10-head-pdu-org-chart.md",
        "n11-rpd-unknown-grade-span-12.md", "n12-nsd-sol-cap-unset.md",
        "n14-contract-manager-no-lm.md", "n15-vlm-span-7.md", "n16-programmes-pool.md",
        "n17-plm-matrix-30.md", "n18-head-ops-380-staff.md", "n19-head-pdu-job-share.md",
        "n20-bm-supports-hop.md", "n21-estates-no-lm.md", "n22-court-8-plus-hmcts.md",
        "n23-quality-lead-unknown-grade.md", "n25-treatment-manager-no-cap-key.md",
        "p1-accountable-performance-380.md", "p1-indirect-140.md",
        "p1-overall-responsibility-96.md", "p1-workforce-140.md",
        "p2-reporting-lines-table.md", "p2-structure-reports-to-spos.md")},
}


def _check(name: str, engine: str) -> list[tuple[str, int, str]]:
    result = check([str(HERE / name)], None, CAPS, today=TODAY, engine=engine)
    return [(f.rule, f.line, f.message.replace(f"{HERE}/", "")) for f in result.findings]


def test_every_file_of_the_folder_is_checked() -> None:
    names = {p.name for p in HERE.glob("*.md")} - {"README.md"}
    assert names == {*FOUND, "n13-span-string-fte.md"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(FOUND))
def test_senior_job_descriptions_give_exactly_their_findings(name: str, engine: str) -> None:
    assert [(rule, line) for rule, line, _ in _check(name, engine)] == FOUND[name]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "title", "span", "text"), [
    ("b04-head-pdu-text-11-over-7.md", "Head of PDU", 7, 11),
    # P4: the counts of one list add up
    ("b09-programmes-manager-6-plus-3.md", "Programmes Manager", 6, 9),
    ("b10-bm-hr-table-sum-7.md", "Business Manager", 5, 7),
    ("b22-bm-text-7-staff-span-4.md", "Business Manager", 4, 7),
    ("p3-larger-first.md", "Business Manager", 4, 7),
    # P3: a later, larger count of a line is read; separate sentences are not added up
    ("p3-two-sentences-one-line.md", "Business Manager", 4, 5),
    ("p3-two-lines.md", "Business Manager", 4, 5),
    # P1, kept: nothing says the staff a post is responsible for are not its own
    ("p1-responsible-for-140.md", "Head of PDU", 8, 140),
])  # fmt: skip
def test_a_text_stating_more_staff_than_the_span_names_both(name: str, title: str, span: int,
                                                           text: int, engine: str) -> None:
    assert _check(name, engine) == [(
        "jd-span-text-larger", 6,
        f"{name} ({title}) states a span of control of {span}, but its text gives the post "
        f"{text} staff to manage; correct one of them (9).")]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_a_sum_quotes_the_whole_list_at_its_line(engine: str) -> None:
    result = check([str(HERE / "b09-programmes-manager-6-plus-3.md")], None, CAPS,
                   today=TODAY, engine=engine)  # fmt: skip
    (finding,) = result.findings
    assert finding.facts[-1] == (
        'number in text gives span_of_control_stated is 9, the span of control 6 (phrase '
        '"{manage_verbs} ... {number} {staff_kinds} {counted_staff}" found "line manages 6 '
        'programme facilitators and 3 treatment managers", line 9): "The post holder line '
        'manages 6 programme facilitators and 3 treatment managers."')


def test_a_span_written_with_its_fte_is_refused_at_its_line() -> None:
    with pytest.raises(InputError) as refused:
        check([str(HERE / "n13-span-string-fte.md")], None, CAPS, today=TODAY)
    assert str(refused.value).endswith(
        "n13-span-string-fte.md:6: span_of_control: '8 (6.4 FTE)' is not a whole number")


@pytest.mark.parametrize(("sentence", "number"), [
    # P1: a headcount the post has through others
    ("Accountable for 140 staff through 7 SPOs.", None),
    ("Has overall responsibility for 96 staff through the PDU's SPOs.", None),
    ("Line manages 7 SPOs and, through them, 140 staff.", 7),
    ("Leads a workforce of 140 staff across 3 offices.", None),
    ("Manages 140 staff (indirect reports).", None),
    ("Accountable for 380 staff and a budget of £14m.", None),
    ("Accountable for 12 PSOs.", 12),
    ("Responsible for 140 staff.", 140),
    # P2: a count said to report to someone else
    ("38 x PO (report to the SPOs)", None),
    ("6 x SPO (report to this post)", 6),
    # P3, P4
    ("Line manages 2 SAOs and 5 AOs.", 7),
    ("Line manages 2 SAOs, 5 AOs and 1 Case Administrator.", 8),
    ("Line manages 2 SAOs, 5 AOs, 3 case administrators, 4 PSOs and 1 PO.", 15),
    ("Line manages 2 SAOs and 5 AOs, and manages 3 contracts.", 7),
    ("Line manages 2 SAOs. Line manages 5 AOs.", 5),
    ("Team: 8 direct reports (6 PSOs, 2 POs).", 8),
    ("Line management: 2 x Band 4 PSOs, 3 x PO", 5),
    ("Line manages a team of 10-12 staff.", 12),
])  # fmt: skip
def test_the_number_a_sentence_states(sentence: str, number: int | None) -> None:
    assert claim_matcher("span_of_control_stated").number(sentence) == number


@pytest.mark.parametrize("heading", ["## Structure of the PDU", "## PDU structure",
                                     "## Organisation chart of the PDU"])
def test_a_whole_units_chart_is_no_span(heading: str) -> None:
    text = f"{heading}\n- 6 x SPO\n- 38 x PO\n"
    assert claim_matcher("span_of_control_stated").number(text) is None


def test_the_posts_own_team_structure_is_its_span() -> None:
    text = "## Team structure\n- 6 x SPO\n- 12 x PO\n"
    assert claim_matcher("span_of_control_stated").number(text) == 12


_KINDS = ("SAOs", "AOs", "PSOs", "POs", "case administrators", "SPOs")


@given(st.lists(st.tuples(st.integers(1, 20), st.sampled_from(_KINDS)), min_size=1, max_size=5,
                unique_by=lambda c: c[1]),
       st.sampled_from((", ", " and ", ", and ", " plus ")))
def test_the_counts_of_one_list_add_up(counts: list[tuple[int, str]], join: str) -> None:
    listed = [f"{n} {kind}" for n, kind in counts]
    sentence = "Line manages " + (", ".join(listed[:-1]) + join + listed[-1]
                                  if len(listed) > 1 else listed[0]) + "."  # fmt: skip
    assert claim_matcher("span_of_control_stated").number(sentence) == sum(
        n for n, _ in counts)


@given(st.lists(st.integers(1, 20), min_size=2, max_size=4))
def test_a_total_before_its_parts_is_not_added_to_them(parts: list[int]) -> None:
    listed = ", ".join(f"{n} {kind}" for n, kind in zip(parts, _KINDS, strict=False))
    sentence = f"Team: {sum(parts)} direct reports ({listed})."
    assert claim_matcher("span_of_control_stated").number(sentence) == sum(parts)


def test_counts_add_up_is_written_once_and_back_as_read(tmp_path: Path) -> None:
    policy = load_policy()
    decl = policy.patterns["span_of_control_stated"]
    assert ' counts add up when joined by "{count_joins_69}" ' in unparse_pattern(decl)
    twice = tmp_path / "twice.wr"
    twice.write_text('words joins = "and"\n\npattern p\n    finds "line manages"\n'
                     '    counts add up when joined by "{joins}"\n'
                     '    counts add up when joined by "plus"\n')
    with pytest.raises(PolicyError, match=r"twice\.wr:6.*second 'joins' part; the first is "
                                          r"at line 5"):  # fmt: skip
        load_policy(twice)
