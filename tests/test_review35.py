"""Review 35: records whose unit the files do not name, under the rules that judge units
(Operation Safeguard, 1.1g), and a hostile job description's markup (a breach a reader sees,
hidden from the check; a denial no reader sees, read). fixtures/review35/README.md says what
each folder tests and what it gave before. Each test runs real files under both engines and
asserts the exact report, or the exact notice of what a rule left out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import check_text
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules import check
from workrules.textpattern import _quoted, _words, as_shown, sentences

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review35"
ENGINES = ["python", "columnar"]
LEVELS = ["safeguard_vacancies_max=0.5", "safeguard_unallocated_max=10",
          "safeguard_wmt_mean_max=100%", "safeguard_over_ceiling_share_max=50%"]
SETS = [arg for level in LEVELS for arg in ("--set", level)]
FILES = {"one-unit": ["staff.csv", "establishment.csv", "allocation.yaml"],
         "two-units": ["staff.csv", "wmt.csv"], "no-unit": ["staff.yaml", "allocation.yaml"]}


def _notices(folder: str, engine: str) -> dict[str, str]:
    result = check([HERE / folder / f for f in FILES[folder]], set_values=LEVELS,
                   today=dt.date(2026, 7, 1), engine=engine)
    return {n.rule: n.reason for n in result.not_applied if n.rule.startswith("safeguard-")}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("folder", sorted(FILES))
def test_the_unit_rules_give_the_report_read_against_the_claim(folder: str, engine: str) -> None:
    expected = (HERE / "expected" / f"{folder}.txt").read_text(encoding="utf-8")
    assert check_text("--today", "2026-07-01", *SETS, *FILES[folder], cwd=HERE / folder,
                      engine=engine) == (1 if expected else 0, expected, "")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_staff_export_with_no_unit_beside_one_units_files_is_in_that_unit(engine: str) -> None:
    # Three in post fill the three funded posts (no vacancy); the mean is over all three
    # readings, 100%, and no Safeguard rule leaves anything out.
    assert _notices("one-unit", engine) == {}
    out = (HERE / "expected" / "one-unit.txt").read_text(encoding="utf-8")
    assert [line.split(" [")[0] for line in out.splitlines() if not line.startswith(" ")] == [
        "allocation.yaml:9: safeguard-unallocated"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_record_in_no_unit_where_the_files_name_two_is_said_left_out(engine: str) -> None:
    left = ("1 WMT reading left out: it has no unit of its own, nor its staff member's, nor its "
            "file's, so which unit it counts towards is not known: WMT X1 week 2024-06-03 "
            f"({HERE / 'two-units' / 'wmt.csv'}:5)")
    no_list = ("applied in part: the data has no count of unallocated cases (no 'unallocated' "
               "list, or an empty one), so its findings cannot give that figure; ")
    notices = _notices("two-units", engine)
    assert notices["safeguard-wmt-mean"] == no_list + left
    assert notices["safeguard-over-ceiling-share"] == no_list + left


@pytest.mark.parametrize("engine", ENGINES)
def test_an_export_of_people_the_units_files_do_not_name_is_in_no_unit(engine: str) -> None:
    # North PDU's allocation (N1 90%, N2 95%) beside a national export of S1-S3 (150%, 140%,
    # 160%) with no unit: the export is not North's, so its readings are left out and said
    # so, and North's mean is 92.5%, no breach (as first written, the export was put in the
    # one unit named, and North's mean was 127%)
    folder = HERE / "export-beside-one-unit"
    result = check([folder / "allocation.yaml", folder / "staff.csv", folder / "wmt.csv"],
                   set_values=LEVELS, today=dt.date(2026, 7, 1), engine=engine)
    assert [f.rule for f in result.findings] == []
    reason = {n.rule: n.reason for n in result.not_applied}["safeguard-wmt-mean"]
    assert reason.endswith(
        "3 WMT readings left out: they have no unit of their own, nor their staff member's, "
        "nor their file's, so which unit they count towards is not known: WMT S1 week "
        f"2024-06-03 ({folder / 'wmt.csv'}:2), WMT S2 week 2024-06-03 ({folder / 'wmt.csv'}:3), "
        f"WMT S3 week 2024-06-03 ({folder / 'wmt.csv'}:4)")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_staff_export_with_a_starter_the_units_files_do_not_name_yet_is_the_units(
        engine: str) -> None:
    # N1 and N2 are in North's allocation, N3 a starter with no reading yet: most of the
    # export's people are North's, so all three fill its three posts (as first written, the
    # export had to name no one else, and all three posts were vacant)
    folder = HERE / "starter"
    result = check([folder / "allocation.yaml", folder / "establishment.csv",
                    folder / "staff.csv"], set_values=["safeguard_vacancies_max=0.5"],
                   today=dt.date(2026, 7, 1), engine=engine)  # fmt: skip
    assert [f.rule for f in result.findings] == []
    assert "safeguard-vacancies" not in {n.rule for n in result.not_applied}


@pytest.mark.parametrize("engine", ENGINES)
def test_data_naming_no_unit_says_what_each_unit_rule_left_out(engine: str) -> None:
    alloc, staff = HERE / "no-unit" / "allocation.yaml", HERE / "no-unit" / "staff.yaml"
    readings = (f"applied in part; 2 WMT readings left out: the data names no unit at all: "
                f"WMT N1 week 2024-06-03 ({alloc}:3), WMT N2 week 2024-06-03 ({alloc}:4)")
    assert _notices("no-unit", engine) == {
        "safeguard-wmt-mean": readings,
        "safeguard-over-ceiling-share": readings,
        "safeguard-unallocated": (
            "applied in part; 1 count of unallocated cases left out: the data names no unit at "
            f"all: count of unallocated cases (no unit) week 2024-06-03 ({alloc}:6)"),
        "safeguard-vacancies": (
            "applied in part; 1 establishment entry left out: the data names no unit at all: "
            f"establishment entry (no unit) ({staff}:4)"),
    }


# ---------------------------------------------------------------------------------------------
# A hostile job description: a breach a reader sees, hidden from the check by markup, and a
# denial no reader sees, which switched the check off (a helper's attack on the gate, review
# 35). Each file exits 0 before; each now gives its finding at the line a reader sees it on.

HIDDEN = {
    "pso-cause-then-a-plurals-apostrophe": ("jd-cases-role-boundary", 6),
    "pso-comment-closed-at-once": ("jd-cases-role-boundary", 6),
    "pso-dotless-i": ("jd-cases-role-boundary", 6),
    "pso-empty-image-inside-a-word": ("jd-cases-role-boundary", 6),
    "pso-link-text": ("jd-cases-role-boundary", 6),
    "pso-til-then-a-plurals-apostrophe": ("jd-cases-role-boundary", 6),
    "spo-bdi-tag-inside-a-word": ("jd-span-stated", 6),
    "spo-comment-closed-at-once": ("jd-span-stated", 8),
    "spo-comment-closed-with-bang": ("jd-span-stated", 8),
    "spo-denial-in-a-link-definition": ("jd-span-stated", 6),
    "spo-denial-in-a-link-title": ("jd-span-stated", 6),
    "spo-emphasis-at-a-words-start": ("jd-span-stated", 6),
    "spo-quote-in-an-attribute": ("jd-span-stated", 6),
    "spo-small-capitals": ("jd-span-stated", 6),
    "spo-tag-over-two-lines": ("jd-span-stated", 6),
    "spo-tag-with-a-long-attribute": ("jd-span-stated", 6),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_what_a_reader_sees_is_read_and_what_no_reader_sees_is_not(name: str,
                                                                   engine: str) -> None:
    rule, line = HIDDEN[name]
    code, out, err = check_text(f"hidden/{name}.md", cwd=HERE, engine=engine)
    assert (code, err) == (1, "")
    assert [o.split(" [", 1)[0] for o in out.splitlines() if not o.startswith(" ")] == [
        f"hidden/{name}.md:{line}: {rule}"]
    assert sorted([*HIDDEN, *REFUSED]) == sorted(p.stem for p in (HERE / "hidden").glob("*.md"))


# markup a browser hides but the forge's page shows: the check and a reviewer would read two
# texts, so the job description is refused (review 40: a duty in `<div hidden>` passed)
REFUSED = {
    "spo-denial-in-a-hidden-div": (8, "a <div> element with the attribute 'hidden'"),
    "spo-denial-in-a-template": (8, "a <template> element"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_markup_that_hides_text_in_a_browser_is_refused(name: str) -> None:
    line, what = REFUSED[name]
    code, out, err = check_text(f"hidden/{name}.md", cwd=HERE)
    assert (code, out) == (2, "")
    assert err.startswith(f"workrules: hidden/{name}.md:{line}: the text holds {what}, which a "
                          "browser hides but the forge's page and the diff show")


@pytest.mark.parametrize(("text", "shown"), [
    ("<!-->Line manages.<!-- -->", "Line manages."),
    ("<!--->Line manages.", "Line manages."),
    ("<!-- a --!>Line manages", "Line manages"),
    ("*man*ages and h*i*gh", "manages and high"),
    ("hi<kbd></kbd>gh, hi<sub></sub>gh, hi<img src=\"data:,\" alt=\"\">gh", "high, high, high"),
    ("hi<span title=\"a>b\"></span>gh", "high"),
    ("man<span\nclass=\"x\"></span>ages the team\nnext", "manages\n the team\nnext"),
    ("[high](https://intranet.example/rosh) risk", "high risk"),
    ("[team](#t \"no line management\") and ![no line management](x.png)", "team and "),
    ("[//]: # (No line management.)\nManages staff", "\nManages staff"),
    ("<template>No line management.</template>Manages", " Manages"),
    ("<div class=\"x\" hidden>No line\nmanagement.</div>Manages", "\n<br>Manages"),
    ("<div class='col hidden-print'>Manages a team.</div>", "<br>Manages a team.<br>"),
    ("<div hidden><div>Notes</div>No line management.</div>Manages", "<br>Manages"),
    # a block tag is a break between sentences (`<br>`); a row's cells are joined as a pipe
    # table's are (JDs round 52: a label cell and its value were read apart)
    ("<td>Budget</td><td>None</td>", "<br>Budget : None<br>"),
    # not a tag as CommonMark reads one: shown as written
    ("Duties <will manage high risk cases, as allocated>.",
     "Duties <will manage high risk cases, as allocated>."),
    # a link reference definition inside a paragraph is text; after a heading or a rule, none
    ("Manages a team.\n[Direct reports]: 8", "Manages a team.\n[Direct reports]: 8"),
    ("Manages a team.\n\n# Notes\n[//]: # (No line management.)", "Manages a team.\n\n# Notes\n"),
    ("Manages a team.\n\n***\n[//]: # (No line management.)", "Manages a team.\n\n***\n"),
    # a tag holds no blank line; `hidden` may be on the next line; many bare attributes
    ("Duties <x\n\nManage high risk cases.\n\n>", "Duties <x\n\nManage high risk cases.\n\n>"),
    ("<div\nhidden>No line management.</div>Manages", "\n<br>Manages"),
    ("<span " + "a " * 30 + "></span>x", "  x"),
    # a comment never closed: at a block's start it hides the rest; in a paragraph, text
    ("Manages a team.\n\n<!-- No line management.", "Manages a team.\n\n"),
    ("x <!-- y", "x <!-- y"),
    ("Super<b\nclass=\"x\">vis</b>es a team", "Supervises\n a team"),
    ("\u0130stanbul \u0130\u0130.\n<template>x</template>Manages",
     "Istanbul \u0130\u0130.\n Manages"),  # (a dotted capital I in a Latin word reads as I)
    ("<span title='\"'></span>high<span title='\"'></span>", "  high  "),
    ("Line \u1d0d\u1d00\u0274\u1d00\u0262\u1d07s h\u0131gh", "Line manages high"),
    # kept as written: a tag that never closes, a `<br>` (a line break), a sum; an autolink is
    # a link, read as a space (review 38: a "not" in its address denied a duty)
    ("<template>Manages", " Manages"),
    ("a<br>b <https://x.example> 3 < 5", "a<br>b   3 < 5"),
])  # fmt: skip
def test_markup_is_read_as_a_browser_shows_it(text: str, shown: str) -> None:
    assert as_shown(text) == shown


def test_a_single_quote_opens_a_short_quotation_and_an_apostrophe_none() -> None:
    def quoted(text: str) -> list[str]:
        words = _words(text)
        return [w for w, q in zip(words, _quoted(text, len(words)) or [False] * len(words),
                                  strict=True) if q]  # fmt: skip

    assert quoted("The Instruction says 'the SPO will line manage the team' here.") == [
        "the", "spo", "will", "line", "manage", "the", "team"]
    assert quoted("From now 'til then, manage high risk cases in the officers' absence.") == []
    assert quoted("'a " + "b " * 130 + "c' d") == []  # longer than a quoted sentence
    # 80,000 quotes that never close, and 16,000 that do, each read in one pass (as first
    # written, the first took 16 minutes)
    assert quoted("The post " + "'a " * 80_000 + "works.") == []
    assert len(quoted('x ' + '"a" ' * 16_000)) == 16_000
    # comments closed with "--!>" and templates, 30,000 and 12,000 of them, in one pass
    assert as_shown("<!----!>" * 30_000 + "Manages") == "Manages"
    assert as_shown("<template></template>" * 12_000) == " " * 12_000


PIECES = ["\n", "a", " ", "<b>", "</b>", "<span", ">", "hidden", "<div hidden>", "</div>",
          "<template>", "</template>", "[", "]", "(", ")", "](#x \"t\")", "!", "[x]: y", "<!--",
          "-->", "<!-->", "--!>", "*", "'", "\"", "&#10;"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_reading_markup_as_it_shows_keeps_every_line_end(text: str) -> None:
    assert as_shown(text).count("\n") == text.count("\n")


def test_a_title_in_capitals_is_read_with_its_short_value_as_a_heading_is() -> None:
    # Text saved from Word writes a heading as a line in capitals: "LINE MANAGEMENT
    # RESPONSIBILITIES" over "NONE" said the post had line management and no span (review
    # 35's fourth JD review); it now reads as "Line management responsibilities: None"
    said = [s.text for s in sentences("LINE MANAGEMENT RESPONSIBILITIES\n\nNONE\n\nMAIN DUTIES\n\n"
                                      "Deliver accredited programmes to groups of people on "
                                      "probation and manage group dynamics.")]  # fmt: skip
    assert said == ["LINE MANAGEMENT RESPONSIBILITIES NONE", "MAIN DUTIES",
                    "Deliver accredited programmes to groups of people on probation and manage "
                    "group dynamics."]
    assert check_text("facilitator-capitals-title-none.md", cwd=HERE) == (0, "", "")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_grade_written_with_its_team_is_that_grade(engine: str) -> None:
    # "PSO (Courts)" was the unknown grade PSO_COURTS: 7a was not applied to the job
    # description, and the gate passed (review 35's attack); a PSO in courts is a PSO
    code, out, err = check_text("grades/pso-courts.md", cwd=HERE, engine=engine)
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        "grades/pso-courts.md:6: jd-cases-role-boundary [7a] grades/pso-courts.md (Probation "
        "Services Officer (Court)) gives a PSO cases outside the role boundary of the grade "
        "(7a).")


@pytest.mark.parametrize(("written", "grade"), [
    ("PSO (Courts)", "PSO"), ("PSO - Courts", "PSO"), ("PSO-Court", "PSO"),
    ("Probation Services Officer \u2013 Court", "PSO"), ("Head of PDU - North", "HEAD_OF_PDU"),
    ("SPO (Courts)", "SPO_COURTS"),  # an SPO's role is a grade of its own (9c)
    ("PO (NQO)", None), ("PO - PSO", None),  # two grades: which is meant is not guessed
    ("Team Leader (Courts)", None),
    # what the holder is, not where they work: left unknown (the review of this change)
    ("Probation Officer (Trainee)", None), ("Probation Officer - Trainee", None),
    ("PSO (Senior)", None),
    # ... unless the two name a grade the vocabulary knows (review 41: an NQO)
    ("Probation Officer (Newly Qualified)", "NQO"),
    ("Band 4 PSO (Court)", "PSO"), ("PSO (Band 3) - Courts", "PSO"),
])  # fmt: skip
def test_the_words_beside_a_known_grade_are_where_its_holder_works(written: str,
                                                                   grade: str | None) -> None:
    from workrules.model import canonical_grade

    assert canonical_grade(written) == grade


@pytest.mark.parametrize(("text", "said"), [
    ("Line management: approx. 12 Probation Officers.",
     ["Line management: approx. 12 Probation Officers."]),
    ("Line management responsibility: No. 3 probation officers report to the post holder.",
     ["Line management responsibility: No.", "3 probation officers report to the post holder."]),
    ("The post holder is not based in Unit C. 8 probation officers report to the post holder.",
     ["The post holder is not based in Unit C.", "8 probation officers report to the post holder."]),
    ("The SAO will line manage approx. 8 administrative staff, e.g. Case Administrators.",
     ["The SAO will line manage approx. 8 administrative staff, e.g. Case Administrators."]),
])  # fmt: skip
def test_a_full_stop_after_an_abbreviation_before_a_number_ends_no_sentence(
        text: str, said: list[str]) -> None:
    assert [s.text for s in sentences(text)] == said
