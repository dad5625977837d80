"""Clause 9's reading of job-description prose (`text gives line_management`), the sentence
splitter under it, and policy regexes that run in linear time."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.api import check
from workrules.cli import main
from workrules.errors import PolicyError
from workrules.parse import parse_policy
from workrules.policy import load_policy
from workrules.textpattern import TextMatcher, compile_pattern, sentences

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fixtures" / "jd-corpus"
LABELS: dict[str, dict[str, object]] = yaml.safe_load((CORPUS / "labels.yaml").read_text())
INVALID = ROOT / "fixtures" / "invalid" / "policies"


@pytest.fixture(scope="module")
def matcher() -> TextMatcher:
    policy = load_policy()
    return compile_pattern(policy.patterns["line_management"], policy.words,
                           lambda message, pos: PolicyError(message),
                           policy.patterns)  # fmt: skip


def _jd(tmp_path: Path, body: str, front: str = "") -> str:
    path = tmp_path / "jd.md"
    path.write_text(f"---\nkind: job-description\ntitle: T\ngrade: SPO\n{front}---\n{body}")
    return str(path)


# ---------------------------------------------------------------------------------------------
# The labelled corpus


@pytest.fixture(scope="module")
def corpus_findings() -> dict[str, list[str]]:
    cwd = os.getcwd()
    os.chdir(CORPUS)
    try:
        result = check(sorted(LABELS))
    finally:
        os.chdir(cwd)
    found: dict[str, list[str]] = {name: [] for name in LABELS}
    for f in result.findings:
        found[f.file].append(f"{f.rule}:{f.line}")
    return {name: sorted(lines) for name, lines in found.items()}


def test_corpus_is_large_and_holds_both_kinds_of_job_description() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.md")) == sorted(LABELS)
    gives = [bool(v["gives"]) for v in LABELS.values()]
    assert len(gives) >= 60
    assert min(gives.count(True), gives.count(False)) >= 30


@pytest.mark.parametrize("name", sorted(LABELS))
def test_labelled_job_description_gets_exactly_its_findings(
        name: str, corpus_findings: dict[str, list[str]]) -> None:  # fmt: skip
    assert corpus_findings[name] == sorted(LABELS[name]["findings"])  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def denial() -> TextMatcher:
    policy = load_policy()
    return compile_pattern(policy.patterns["no_line_management"], policy.words,
                           lambda message, pos: PolicyError(message),
                           policy.patterns)  # fmt: skip


@pytest.mark.parametrize("name", sorted(LABELS))
def test_text_reading_agrees_with_the_label(name: str, matcher: TextMatcher,
                                            denial: TextMatcher) -> None:  # fmt: skip
    """The reading jd-span-stated uses: the text gives line management and does not deny it."""
    text = (CORPUS / name).read_text().split("---\n", 2)[2]
    assert (matcher.gives(text) and not denial.gives(text)) == LABELS[name]["gives"]


# ---------------------------------------------------------------------------------------------
# The issue's own examples, each in a sentence of its own


@pytest.mark.parametrize("sentence", [
    "The post holder line-manages the court team.",
    "Supervises and appraises a team of case administrators.",
    "You will manage a team of six PSOs.",
    "Lead, manage and develop a team of practitioners.",
    "Responsible for managing the performance and development of team members.",
    "Number of direct reports: 12",
    "The post has four SAOs reporting directly to the post.",
    "Carry out staff supervision and appraisals.",
    "Provides leadership of the team across both offices.",
    "Management of all the staff in their hierarchy.",
    "Completes staff appraisals every year.",
    # the reviewer's classes (issue 9 §1, second round), each as a general reading
    "Heads up a team of three SPOs, completing appraisals for each SPO.",
    "Oversees the day-to-day work of the 40 staff in the operational teams.",
    "The SPOs are managed by the post holder.",
    "Hold one-to-one meetings with each administrator.",
    "Does the post have line management responsibility? Yes",
])  # fmt: skip
def test_sentence_giving_line_management_is_found(sentence: str, matcher: TextMatcher) -> None:
    assert matcher.gives(sentence), sentence


@pytest.mark.parametrize("sentence", [
    "There are no line management responsibilities.",
    "The role does not include managing staff.",
    "Line manager: SPO",
    "Reports to: Head of PDU",
    "You will receive regular supervision from the line manager.",
    "Supervise people on probation.",
    "Manage a caseload.",
    "Manage the risk of serious harm.",
    "Supervise Unpaid Work groups.",
    "Manage own diary.",
    "This is an operational job with no line management responsibilities.",
    "This is an operational job with no line management responsibilities but with supervisory "
    "responsibilities.",
    "Organisation Level: First Line Management",
    "The post holder supervises no staff.",
    "Management of staff: the post holder has no staff to manage.",
    "Does the post have line management responsibility? No",
    "Experience of line management : Desirable",
    "Deliver line management training to new managers across the region.",
    "Support the SPO in the line management of the team by keeping attendance records.",
    "Advise managers on the attendance management of staff and on HR policies.",
    "Manage the IT asset register and support staff with their devices.",
    "Attend clinical supervision with the team leader.",
    "The PSOs in the team are managed by the SPO.",
    "Responsible for briefing the Head of PDU on performance.",
    "Hold one-to-ones with the manager.",
])  # fmt: skip
def test_sentence_not_giving_line_management_is_not_found(sentence: str,
                                                          matcher: TextMatcher) -> None:  # fmt: skip
    assert not matcher.gives(sentence), sentence


def test_finding_quotes_the_sentence_names_the_phrase_and_points_at_its_line(
        tmp_path: Path) -> None:  # fmt: skip
    jd = _jd(tmp_path, "Overview of the job\n\nThe post holder runs the office and\n"
                       "line manages the\nadministrators of the unit.\n")  # fmt: skip
    (found,) = check([jd]).findings
    assert (found.rule, found.line) == ("jd-span-stated", 9)
    assert found.facts[0] == (
        'text gives line_management (phrase "line manages" found "line manages", line 9): '
        '"The post holder runs the office and line manages the administrators of the unit."')


def test_front_matter_false_with_text_that_gives_line_management_is_a_finding(
        tmp_path: Path) -> None:  # fmt: skip
    jd = _jd(tmp_path, "- Manage a team of case administrators.\n", "line_management: false\n")
    (found,) = check([jd]).findings
    assert (found.rule, found.line) == ("jd-line-management-contradicted", 7)
    assert found.message.endswith("says line_management: false, but its text gives the post "
                                  "line management (9).")  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Sentences


def test_table_rows_headings_labels_and_wrapped_bullets_are_sentences_on_their_real_lines(
) -> None:  # fmt: skip
    text = ("Reports to: Head of PDU\n## Line management\n\nNone.\n\n- Manage a team of six\n"
            "  officers. Ensure cover.\n| Area | Duty |\n|---|---|\n| People | Appraise staff |\n")
    got = [(s.line, s.text) for s in sentences(text, 10)]
    assert got == [
        (10, "Reports to: Head of PDU"),
        (11, "Line management : None."),
        (15, "Manage a team of six officers."),
        (16, "Ensure cover."),
        (19, "People : Appraise staff"),  # the header row read with it (below), not alone
    ]
    assert [s.joined.text for s in sentences(text, 10) if s.joined is not None] == [
        "Area : People : Duty : Appraise staff"]


@functools.cache
def _claim_line_management() -> TextMatcher:
    """The claim's line-management pattern, compiled once (not once an example)."""
    policy = load_policy()
    return compile_pattern(policy.patterns["line_management"], policy.words,
                           lambda message, pos: PolicyError(message),
                           policy.patterns)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab :;.|#-*\n\tLM|manage staff no"), max_size=200)
       | st.text(max_size=200), st.integers(1, 10_000))  # fmt: skip
def test_splitter_and_matcher_take_any_text_and_stay_within_its_lines(text: str,
                                                                        first: int) -> None:  # fmt: skip
    matcher = _claim_line_management()
    last = first + text.count("\n")
    for s in sentences(text, first):
        assert len(s.words) == len(s.lines)
        assert all(first <= line <= last for line in s.lines)
    hit = matcher.first(text, first)
    if hit is not None:
        assert first <= hit.line <= last


# ---------------------------------------------------------------------------------------------
# Policy errors and regexes


@pytest.mark.parametrize(("file", "where", "reason"), [
    ("regex-huge-repeat.wr", "6:24", "not a valid pattern: a repeat count of 4294967296 is too "
                                     "large (at most 1000)"),
    ("regex-lookbehind.wr", "6:24", "not a valid pattern: invalid perl operator (patterns run in "
                                    "linear time, so look-arounds and back-references are not "
                                    "available)"),
    ("unknown-word-list.wr", "6:11", "there is no word list 'staf' (did you mean 'staff'?); "
                                     'declare it with: words NAME = "...", ...'),
    ("unknown-text-pattern.wr", "11:11", "there is no text pattern 'manage_staff' (did you mean "
                                         "'manages_staff'?); declare it with 'pattern "
                                         "manage_staff finds \"...\"'"),
    ("gap-in-word-list.wr", "3:23", "'...' has no place in \"officers ... reporting\": only "
                                    "'finds' and 'unless inside' phrases have gaps"),
])  # fmt: skip
def test_bad_text_pattern_or_regex_is_refused_in_words(
        file: str, where: str, reason: str, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """The exact reason; tests/test_bad_input.py checks the exit code, the line and the caret."""
    path = str(INVALID / file)
    assert main(["check", "--policy", path, str(ROOT / "fixtures/example/staff.yaml")]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"workrules: {path}:{where}: {reason}"


@pytest.mark.parametrize(("text", "snippet"), [
    ('pattern p finds "a"\npattern p finds "b"\n', "pattern 'p' is declared twice"),
    ('words w = "a"\nwords w = "b"\n', "word list 'w' is declared twice"),
    ('pattern p finds "a" finds "b"\n', "has a second 'finds' part"),
])  # fmt: skip
def test_text_declarations_are_refused_when_repeated(text: str, snippet: str) -> None:
    with pytest.raises(PolicyError, match=snippet):
        parse_policy(text, "p.wr")


def test_catastrophic_regex_runs_in_linear_time(tmp_path: Path) -> None:
    policy = tmp_path / "p.wr"
    policy.write_text("rule r\n  clause \"9\"\n  for each job_description\n"
                      "  where text matches /(a+)+$/\n  require span_of_control is set\n")
    jd = _jd(tmp_path, "a" * 40 + "!\n")
    started = time.perf_counter()
    result = check([jd], policy=str(policy))
    assert time.perf_counter() - started < 2
    assert result.findings == ()
    (found,) = check([_jd(tmp_path, "a" * 40 + "\n")], policy=str(policy)).findings
    assert found.facts[0] == 'text matches "' + "a" * 40 + '"'


def _imports(argv: Sequence[str]) -> str:
    code = (f"import sys\nfrom workrules.cli import main\nmain({list(argv)!r})\n"
            "print('re2' in sys.modules, 'lark' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=False)  # fmt: skip
    return run.stdout.strip().splitlines()[-1]


def test_checking_a_job_description_never_imports_the_regex_engine() -> None:
    assert _imports(["check", "fixtures/example/jd/business-manager.md"]).startswith("False")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab{}*.: -'x")) | st.characters(),
                        max_size=20), min_size=1, max_size=4),
       st.text(max_size=80))
def test_any_phrase_is_compiled_or_refused_and_then_matches_any_text(phrases: list[str],
                                                                     text: str) -> None:  # fmt: skip
    from workrules import nodes as n

    pos = n.Pos("p.wr", 1, 1)
    words = {"x": n.WordList("x", (n.Str("a b", pos), n.Str("ab*", pos)), pos)}
    decl = n.TextPattern("p", pos, finds=tuple(n.Str(p, pos) for p in phrases),
                         stops=(n.Str("{x}", pos),), inside=(n.Str("b ...", pos),))  # fmt: skip
    try:
        matcher = compile_pattern(decl, words, lambda message, at: PolicyError(message))
    except PolicyError:
        return
    hit = matcher.first(text)
    assert hit is None or 1 <= hit.line <= 1 + text.count("\n")


# ---------------------------------------------------------------------------------------------
# `objects end at`, and time on text where every word starts phrases

OBJECTS = '''words staff = "staff", "team"
words duties = "support", "maintain"
pattern p
    finds "manage ... {staff}", "supervise ... {staff}"
    objects end at "and {duties}"
'''


def _pattern(text: str) -> TextMatcher:
    policy = parse_policy(text, "p.wr")
    return compile_pattern(policy.patterns[0], {w.name: w for w in policy.words},
                           lambda message, pos: PolicyError(message))  # fmt: skip


@pytest.mark.parametrize(("sentence", "gives"), [
    ("Manage the asset register and support staff with their devices.", False),
    ("Manage and support the team.", True),  # no object yet: the verbs share one
    ("Supervise the duty rota, the court team and their cover.", True),
    ("Maintain the register and manage staff.", True),
])  # fmt: skip
def test_a_gap_that_has_covered_an_object_ends_at_the_next_duty(sentence: str,
                                                                  gives: bool) -> None:  # fmt: skip
    assert _pattern(OBJECTS).gives(sentence) == gives


def test_objects_part_is_written_back_as_policy_text() -> None:
    from workrules.nodes import unparse_pattern

    decl = parse_policy(OBJECTS, "p.wr").patterns[0]
    assert 'objects end at "and {duties}"' in unparse_pattern(decl)
    again = parse_policy(OBJECTS.split("pattern")[0] + unparse_pattern(decl) + "\n", "p.wr")
    assert [i.value for i in again.patterns[0].objects] == ["and {duties}"]


def test_words_that_each_start_many_phrases_are_read_in_linear_time(
        matcher: TextMatcher) -> None:  # fmt: skip
    def seconds(count: int) -> float:  # the quickest of three: the least disturbed
        times = []
        for i in range(3):
            # a text of its own each time: the matcher remembers the last text it read, and
            # the same text again timed a comparison of strings, microseconds, not a reading
            text = "line " * count + f"end{i}"
            started = time.perf_counter()
            assert not matcher.gives(text)
            times.append(time.perf_counter() - started)
        return min(times)

    # Growth, not a time: 4x the words in under 12x the time (quadratic reading gives 16x),
    # whatever the machine's speed or load.
    small, large = seconds(5_000), seconds(20_000)
    assert large < 4 * small * 3
