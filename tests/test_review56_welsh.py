"""JDs round 59 (problems 1, 2, 3 and 7): a bilingual job description's Welsh, a span of
control given twice, a text that contradicts itself under front matter that settles it, and a
JSON job description's key lines; on real files under fixtures/review56.

The rules of problems 2 and 3 are proposals for the claim: `span-twice/proposed.wr` holds them
as the claim would (a rule or pattern of the same name replaces the claim's), so these tests
check the proposed text with the language as it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text, partial_notices, run_workrules

from workrules import check
from workrules.errors import PolicyError
from workrules.policy import load_policy
from workrules.textpattern import not_in_english, stated

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review56"
WELSH = HERE / "welsh"
TWICE = HERE / "span-twice"
PROPOSED = TWICE / "proposed.wr"
ENGINES = ["python", "columnar"]

NOT_READ = ("applied in part: 1 job description has lines not in English, which were not read "
            "(the patterns read English), so what they say was not judged; check them against "
            "the English: ")


# -- 1: the Welsh beside the English ----------------------------------------------------------

@pytest.mark.parametrize(("name", "rules", "lines"), [
    # a Welsh paragraph over its English one, which gives less (round 59's w04)
    ("welsh-beside-english.md", ["jd-span-stated", "jd-line-management-text-contradicts-itself",
                                 "jd-psr-role-boundary", "jd-cases-role-boundary"], "line 6"),
    # an English summary over duties in Welsh alone, one bulleted item a line (m03)
    ("english-summary-welsh-duties.md",
     ["jd-span-stated", "jd-line-management-text-contradicts-itself", "jd-psr-role-boundary",
      "jd-cases-role-boundary"], "lines 11-13"),
    # a Welsh appendix under English duties (w37): a PO's, so no PSO rule reads it
    ("welsh-appendix.md", ["jd-span-stated", "jd-line-management-text-contradicts-itself"],
     "lines 14-16"),
    # a Cymraeg | English table: each Welsh cell, the one with no English beside it too (w09)
    ("table-welsh-cells.md", ["jd-span-stated", "jd-line-management-text-contradicts-itself",
                              "jd-psr-role-boundary", "jd-cases-role-boundary"], "lines 9-11"),
    # a Welsh line over its English one with no blank between, in a YAML block (w42)
    ("stacked.yaml", ["jd-span-stated", "jd-line-management-contradicted"], "lines 7 and 10"),
])  # fmt: skip
def test_lines_in_welsh_beside_english_are_named_as_not_read(name: str, rules: list[str],
                                                             lines: str) -> None:
    result = check([WELSH / name])
    assert not result.findings
    assert partial_notices(result) == [(rule, f"{NOT_READ}{WELSH / name} {lines}")
                                       for rule in rules]  # fmt: skip
    first = int(lines.split()[1].split("-")[0])
    assert {(na.file, na.line) for na in result.not_applied if na.partial} == {
        (str(WELSH / name), first)}  # a CI annotation stands at the first line not read


def test_the_notice_is_said_on_the_command_line_as_a_run_applied_in_part() -> None:
    done = run_workrules("check", "--no-config", "--format", "text",
                         "welsh-beside-english.md", cwd=WELSH)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert (f"  jd-cases-role-boundary [7a]: {NOT_READ}welsh-beside-english.md line 6"
            in done.stdout.splitlines())
    assert done.stdout.splitlines()[-1] == (
        "0 findings from 11 rules of policy claim-2024 over 1 file; none found, but 4 rules "
        "could not judge every record (see the rules applied in part).")


def test_a_bilingual_title_labels_counts_a_name_and_an_address_are_read_without_a_notice(
        ) -> None:  # fmt: skip
    # "Rheoli llinell / Line management: Dim / None", "Teitl y Swydd / Job Title: ...", a
    # Welsh address with its postcode, "5 x SPO, 31 x PO": nothing long in Welsh alone
    for name in ("bilingual-labels.md", "english-counts.md"):
        result = check([WELSH / name])
        assert (result.findings, partial_notices(result)) == ((), [])


def test_a_text_with_no_english_keeps_its_own_notice() -> None:
    said = dict(partial_notices(check([WELSH / "welsh-only.md"])))
    assert said["jd-span-stated"] == (
        "applied in part: the text of 1 job description could not be read, so it was not "
        f"judged: {WELSH / 'welsh-only.md'} has no word of English (the patterns read English)")


def test_a_rule_that_found_a_breach_in_the_english_still_names_the_welsh() -> None:
    # both languages give a PSO high risk cases: the finding stands on the English, and the
    # Welsh paragraph was still not read
    result = check([WELSH / "both-high.md"], select=["jd-cases-role-boundary"])
    assert [(f.rule, f.line) for f in result.findings] == [("jd-cases-role-boundary", 13)]
    assert partial_notices(result) == [
        ("jd-cases-role-boundary", f"{NOT_READ}{WELSH / 'both-high.md'} line 9")]


@pytest.mark.parametrize(("text", "runs"), [
    # a paragraph wrapped over lines is one part; Welsh paragraphs apart by a blank are one run
    ("Byddwch yn rheoli llwyth achosion o bobl\nrisg isel a chanolig yn y gymuned.\n\n"
     "Byddwch yn cadeirio cyfarfodydd dyrannu achosion bob wythnos.\n\nYou will hold cases.",
     ((0, 3),)),
    # a line of Welsh, then its English on the next line: the sentence ended, another starts
    ("Rheoli llwyth achosion o bobl ar drwydded a gorchmynion cymunedol.\n"
     "Manage a caseload of people on licence and community orders.", ((0, 0),)),
    # English wrapped mid-sentence over a line of no listed English word: one paragraph
    ("The post holder will write reports on people with\nsafeguarding concerns, domestic "
     "abuse, sexual offending, IOM, MAPPA, terrorism\nconnections.", ()),
    # a short Welsh label, a name, a heading; a quoted Welsh paragraph is a paragraph
    ("## Prif ddyletswyddau\n\nCyswllt: Siân Wyn Jones\n\n> Byddwch yn rheoli llwyth achosion "
     "o bobl risg uchel o niwed difrifol.", ((4, 4),)),
    # cells: the English cell is read, the Welsh one named
    ("| Paratoi adroddiadau cyn dedfrydu ar achosion cam-drin domestig. | Prepare reports. |",
     ((0, 0),)),
    ("", ()),
])  # fmt: skip
def test_not_in_english_judges_paragraphs_items_and_cells(
        text: str, runs: tuple[tuple[int, int], ...]) -> None:  # fmt: skip
    assert not_in_english(text) == runs


# -- 2: a span of control given twice ----------------------------------------------------------

@pytest.mark.parametrize(("words", "number"), [
    ("line manage nine administrative officers", 9), ("span of control : 8", 8),
    ("line management of a team of 10 12", 12), ("2 x band 4 psos", 2), ("staff x12", 12),
    ("a single direct report", 1), ("manage a team of a dozen", 12), ("line manage the team", None),
])  # fmt: skip
def test_the_number_a_match_states_is_its_largest_count(words: str, number: int | None) -> None:
    assert stated(words) == number


@pytest.mark.parametrize("engine", ENGINES)
def test_a_text_stating_a_larger_span_than_span_of_control_is_reported_and_capped(
        engine: str) -> None:  # fmt: skip
    # span_of_control: 6, "You will line manage nine administrative officers", the cap 8
    code, out, err = check_text("--policy", str(PROPOSED), "--set", "span_of_control_max[SAO]=8",
                                "text-larger.md", cwd=TWICE, engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert [line for line in out.splitlines() if line.startswith("text-larger.md")] == [
        "text-larger.md:4: jd-span-cap-in-text [9] text-larger.md (Senior Administrative "
        "Officer) gives the post 9 staff to manage in its text; the cap for SAO is 8 (9).",
        "text-larger.md:6: jd-span-text-larger [9] text-larger.md (Senior Administrative "
        "Officer) states a span of control of 6, but its text gives the post 9 staff to "
        "manage; correct one of them (9).",
    ]
    assert ('    because the span of control is 6; number in text gives span_of_control_stated '
            'is 9, the span of control 6 (phrase "{manage_verbs} ... {counted}" found "line manage nine '
            'administrative officers", line 8): "You will line manage nine administrative '
            'officers."') in out.splitlines()


def test_a_text_naming_part_or_all_of_the_span_is_not_reported() -> None:
    # "line manage six PSOs" of a span of 8; a span of 6 stated as 6 twice
    result = check([TWICE / "text-fewer.md", TWICE / "text-agrees.md"], PROPOSED,
                   ["span_of_control_max[SAO]=8", "span_of_control_max[SPO]=8"],
                   select=["jd-*"])  # fmt: skip
    assert result.findings == ()


def test_number_in_reads_only_a_text_and_a_declared_pattern(tmp_path: Path) -> None:
    base = ('policy p\npattern p finds "line manage"\nrule r\n    clause "9"\n    title "t"\n'
            '    why "w"\n    for each job_description\n    forbid {} > 1\n    say "{{id}}"\n')
    policy = tmp_path / "p.wr"
    for read, refusal in (("number in span_of_control gives p",
                           "'number in ... gives' searches text; span_of_control is"),
                          ("number in text gives nope", "there is no text pattern 'nope'")):
        policy.write_text(base.format(read), encoding="utf-8")
        with pytest.raises(PolicyError, match=refusal):
            load_policy(policy)


# -- 3: a text that contradicts itself, whatever the front matter says ------------------------

@pytest.mark.parametrize(("name", "found"), [
    # line_management: true and a span (round 59's e05, round 56's P8)
    ("flag-true-contradicts.md", [("jd-line-management-text-contradicts-itself", 8)]),
    # line_management: false: the front matter against the text, and the text against itself
    # (a span of 0 beside a text that gives staff stays jd-span-zero-but-text-gives's alone)
    ("flag-false-contradicts.md", [("jd-line-management-text-contradicts-itself", 7),
                                   ("jd-line-management-contradicted", 9)]),
])  # fmt: skip
def test_a_text_that_gives_and_denies_line_management_is_reported_whatever_its_flag(
        name: str, found: list[tuple[str, int]]) -> None:  # fmt: skip
    result = check([TWICE / name], PROPOSED, select=["jd-*"])
    assert [(f.rule, f.line) for f in result.findings] == found


def test_a_form_s_number_of_direct_reports_is_no_denial() -> None:
    # "| Line management in this role | No. of direct reports: 8 |" under line_management:
    # true: "No." is the count's, so the text does not contradict itself (round 48's n02)
    form = HERE.parent / "review48" / "review" / "lm-n02.md"
    assert check([form], PROPOSED, select=["jd-*"]).findings == ()


# -- 7: a JSON job description's lines ---------------------------------------------------------

def test_a_json_job_description_s_span_cap_points_at_its_key_s_line() -> None:
    result = check([TWICE / "span.json"], None, ["span_of_control_max[SAO]=5"],
                   select=["jd-span-cap"])  # fmt: skip
    assert [(f.rule, f.line) for f in result.findings] == [("jd-span-cap", 6)]
