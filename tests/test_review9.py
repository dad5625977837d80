"""Defects found in the adversarial review of session 9 (fixtures/review9): quotations in job
descriptions read as someone else's words, counts phrased with the right number, a post with
line management and no one to manage, and real-world files refused in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text, made_by_masked, run_workrules
from hypothesis import example, given
from hypothesis import strategies as st

from workrules.render import counted, plural_of, singular_of
from workrules.textpattern import sentences

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review9"


def _check(*args: str, engine: str = "python") -> tuple[int, str, str]:
    return check_text(*args, cwd=HERE, engine=engine)


# ------------------------------------------------------------------ quotations in a JD
@pytest.mark.parametrize("name", [
    # once jd-psr-role-boundary: the workload agreement, quoted, says who writes such reports
    "pso-quotes-the-claim.md",
    # once jd-line-management-contradicted: the Instruction, quoted, says the SPO manages
    "pso-quotes-in-one-sentence.md",
    # once jd-line-management-contradicted: a Markdown block quote of the operating model
    "po-block-quote.md",
])  # fmt: skip
@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_quotation_in_a_job_description_is_not_the_posts_duty(name: str, engine: str) -> None:
    assert _check(f"jd/{name}", engine=engine) == (0, "", "")


def test_a_duty_with_a_quoted_name_in_it_is_still_the_posts() -> None:
    code, out, err = _check("jd/spo-quoted-duty-in-title.md")
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        "jd/spo-quoted-duty-in-title.md:8: jd-span-stated [9] jd/spo-quoted-duty-in-title.md "
        "(Senior Probation Officer (Victim Contact)) gives the post line management but "
        "states no span of control (9).")  # fmt: skip


@pytest.mark.parametrize(("text", "quoted"), [
    ('The Instruction says "the SPO manages the team".',
     [False, False, False, True, True, True, True, True]),
    ("Its rule is \u201cno PSRs\u201d here.", [False, False, False, True, True, False]),
    ("It says 'the SPO manages' them.", [False, False, True, True, True, False]),
    # apostrophes are not quotation marks
    ("The officers' room doesn't open.", []),
    # a quotation never closed is no quotation
    ('The Instruction says "the SPO manages the team.', []),
])  # fmt: skip
def test_which_words_of_a_sentence_are_quoted(text: str, quoted: list[bool]) -> None:
    (sentence,) = sentences(text)
    assert list(sentence.quoted) == quoted


def test_a_block_quote_is_quoted_and_a_sentence_of_its_own() -> None:
    found = sentences("The model says:\n> The SPO manages\n> the team.\nThe post has none.")
    # the label "The model says:" is read with its short value, as any heading is
    assert [(s.text, s.quoted) for s in found] == [
        ("The model says : The SPO manages the team.", (False,) * 4 + (True,) * 5),
        ("The post has none.", ()),
    ]


@given(st.text(st.sampled_from("abc xyz',;:-"), max_size=40))
def test_every_word_of_a_closed_quotation_is_quoted_and_no_other(inside: str) -> None:
    (s,) = sentences(f'one "{inside}" two')
    quoted = s.quoted or (False,) * len(s.words)
    assert len(quoted) == len(s.words)
    assert (s.words[0], s.words[-1], quoted[0], quoted[-1]) == ("one", "two", False, False)
    assert all(quoted[1:-1])


# ------------------------------------------------------------------ a count and its noun
COUNTED = """\
upw-one-supervisor.yaml:3: upw-either [5a/5b] U1 had 2 group members to 1 supervisor.
    error: fails the run
    subject U1; 2024-06-04; measured 1:2 (members 2, supervisors 1), limit at most 1:1 or 2:12
    because 1:1 allows at most 1 member for 1 supervisor (there are 2); 2:12 needs at least 2 \
supervisors (there is 1)
    evidence U1 (upw-one-supervisor.yaml:3)
upw-one-supervisor.yaml:8: upw-too-small [5a] U2 had 1 group member and 2 supervisors.
    error: fails the run
    subject U2; 2024-06-05; measured the group members are 1, limit not allowed
    because the group members are 1
    evidence U2 (upw-one-supervisor.yaml:8)
"""


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_count_of_one_reads_singular_and_any_other_plural(engine: str) -> None:
    # once "to 1 supervisor(s)" in the claim's sentence, and "for 1 supervisors (there are 2)"
    # in the ratio's facts
    assert _check("--policy", "policies/counted.wr", "../example/staff.yaml",
                  "upw-one-supervisor.yaml", engine=engine) == (1, COUNTED, "")  # fmt: skip


@pytest.mark.parametrize(("name", "message"), [
    ("counted-hours.wr", "policies/counted-hours.wr:6:26: '| hour' counts a number of things, "
     "not hours"),
    ("counted-bad-noun.wr", "policies/counted-bad-noun.wr:6:28: after '|' in a sentence's "
     "placeholder comes the noun it counts, in letters: '| supervisor' (1 supervisor, 2 "
     "supervisors) or '| person/people' for an irregular plural; not '2'"),
])  # fmt: skip
def test_a_count_of_what_is_no_count_or_no_noun_is_refused(name: str, message: str) -> None:
    code, out, err = _check("--policy", f"policies/{name}", "upw-one-supervisor.yaml")
    assert (code, out, err.splitlines()[0]) == (2, "", f"workrules: {message}")


@pytest.mark.parametrize(("singular", "plural"), [
    ("supervisor", "supervisors"), ("box", "boxes"), ("duty", "duties"), ("day", "days"),
    ("group member", "group members"), ("PSO", "PSOs"), ("match", "matches"),
])  # fmt: skip
def test_a_regular_plural_and_its_singular(singular: str, plural: str) -> None:
    assert plural_of(singular) == plural
    if " " not in singular and singular.islower():
        assert singular_of(plural) == singular


@given(st.integers(0, 10**6) | st.floats(0, 1e6, allow_nan=False))
@example(0.99609375)
@example(1.001)
@example(1.00001)
@example(1.5)
def test_the_noun_agrees_with_the_number_as_written(count: float) -> None:
    # singular exactly when the number reads "1" (1 and 1.00001 both read "1"; review 10); a
    # number two decimals would make whole, and is not, is read to four (1.001; review 35)
    words = counted(count, "supervisor", "supervisors").split(" ")
    assert words[1] == ("supervisor" if words[0] == "1" else "supervisors")
    assert (words[0] == "1") == (float(f"{count:.4f}") == 1)


# ------------------------------------------------------------------ line management, no one
@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_line_management_with_a_span_of_control_of_0_is_never_silent(engine: str) -> None:
    # once no finding and no notice: the span was "stated", and 0 is under any cap
    assert _check("jd/spo-span-zero.md", engine=engine) == (1, (
        "jd/spo-span-zero.md:6: jd-line-management-with-span-zero [9] jd/spo-span-zero.md "
        "(Senior Probation Officer (vacant team)) says line_management: true, but states a "
        "span of control of 0 (9).\n"
        "    error: fails the run\n"
        "    subject jd/spo-span-zero.md; -; measured the span of control is 0, limit not allowed\n"
        "    because the line management is yes; the span of control is 0\n"
        "    evidence jd/spo-span-zero.md (jd/spo-span-zero.md:2)\n"), "")


# ------------------------------------------------------------------ a gate switched off
GATE = HERE / "gate-off"
JD = "job-descriptions/pso-court.md"


def test_a_config_that_leaves_no_rule_for_the_files_given_is_refused_at_its_line() -> None:
    # once "0 findings from 8 rules ...; nothing to report." and exit 0: `ignore = ["jd-*"]`
    # left the job description to no rule, and the gate passed
    done = run_workrules("check", JD, cwd=GATE)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        "workrules: workrules.toml:4: ignore jd-*: no rule left of policy claim-2024 reads the "
        "records given (job descriptions), so the run would check nothing\n"))


@pytest.mark.parametrize(("args", "said"), [
    (["--select", "upw-*"], "select upw-*"),
    (["--ignore", "jd-*"], "ignore jd-*"),
    (["--select", "span-of-control,jd-span-stated", "--ignore", "jd-*"],
     "select span-of-control, jd-span-stated and ignore jd-*"),
])  # fmt: skip
def test_a_choice_of_rules_that_reads_none_of_the_files_given_is_refused(args: list[str],
                                                                       said: str) -> None:  # fmt: skip
    done = run_workrules("check", "--no-config", JD, *args, cwd=GATE)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"workrules: {said}: no rule left of policy claim-2024 reads the records given (job "
        "descriptions), so the run would check nothing\n"))


def test_a_choice_of_rules_that_reads_some_of_the_files_given_runs() -> None:
    done = run_workrules("check", "--no-config", "-q", "--format", "text", "--select",
                         "jd-psr-*", JD, cwd=GATE)  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.startswith(f"{JD}:8: jd-psr-role-boundary [7b] ")


# ------------------------------------------------------------------ an id with a blank at its end
def test_an_id_with_a_space_at_its_end_is_refused_at_its_line() -> None:
    # once 'N1 ' was a second person beside 'N1' (fixed by paddedid: tests/test_padded_ids.py)
    assert _check("padded-id-staff.csv") == (2, "", (
        "workrules: padded-id-staff.csv:2: staff member id 'N1 ' has a space at its end; "
        "write 'N1'\n"))


# ------------------------------------------------------------------ one value given twice
def test_a_config_giving_one_grades_cap_twice_is_refused_at_its_line() -> None:
    # once the later of the two won in silence: `{ SPO = 6, "Senior Probation Officer" = 7 }`
    done = run_workrules("check", "../../example/staff.yaml", cwd=HERE / "set-twice")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        "workrules: workrules.toml:5: set span_of_control_max[Senior Probation Officer]=7: "
        "span_of_control_max[SPO] is already set by span_of_control_max[SPO]=6 (line 5); give "
        "each value once\n"))


def test_the_command_line_may_set_a_value_again_and_the_last_wins() -> None:
    done = run_workrules("check", "--no-config", "-q", "--format", "text", "--set",
                         "span_of_control_max[SPO]=6", "--set", "span_of_control_max[spo]=7",
                         "../example/staff.yaml", cwd=HERE)  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


# ------------------------------------------------------------------ the text report's counts
def test_one_rule_not_applied_is_counted_in_the_singular() -> None:
    example = ROOT / "fixtures" / "example"
    done = run_workrules("check", "--no-config", "--select", "caseload-by-role",
                         *map(str, sorted(example.glob("*.yaml"))), cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert made_by_masked(done.stdout).splitlines()[-4:] == [
        "Not applied (1 rule):",
        "  caseload-by-role [8]: cap not yet agreed: caseload_max is unset "
        "(set with --set caseload_max[KEY]=N)",
        "Made by policy claim-2024 sha256:<digest> and workrules <version>, judged as on <today> "
        "(the day it ran).",
        "0 findings from 0 rules of policy claim-2024 over 3 files; nothing to report.",
    ]
