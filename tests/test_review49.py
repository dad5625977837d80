"""Session 39: what the helpers found, on the files in fixtures/review49/.

- job descriptions, round 44 (specialist and non-field posts): the cases of Approved Premises
  residents or programme participants, named as cases, held by the post; people described by
  where they are before the kind of case; a report's kinds followed by a clause of its own;
- a hostile repository, sixteenth attack (the gate's own settings as the weapon): a config's
  choice of policy, a repository policy's caps filled in and grades declared, listed and
  annotated where a reviewer sees them; a setting's line in its own table; a waiver's
  character class; a declared grade no data could hold; a rule applied in part a warning;
- scenarios, round 39 (every number at its edge): hours set as H.MM or a clock time;
- a first hour, round 39: the JSON's version and day; the language guide's example;
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import jd_found, run_workrules

from workrules import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review49"
JD = HERE / "jd"


def lines_found(name: str) -> list[tuple[str, list[int]]]:
    """Each job-description finding of `name`: its rule and the line of every sentence its
    text pattern found (the finding's facts)."""
    result = check([JD / name], select=["jd-*"])
    return [(f.rule, [int(n) for fact in f.facts for n in re.findall(r", line (\d+)\)", fact)])
            for f in result.findings]  # fmt: skip


# ---------------------------------------------------------------- job descriptions, round 44

def test_cases_of_residents_participants_and_people_described_at_length_are_held() -> None:
    # 10: "hold the cases of AP residents managed at MAPPA level 2 or 3"; 11: "the cases of
    # programme participants convicted of domestic abuse offences"; 12 and 13: people described
    # by where they are ("released on licence", "on licence in the community") before the kind;
    # 15: "people experiencing homelessness, including those managed at MAPPA level 2" (what
    # people experience is no victim's history unless it is abuse: review 49)
    assert lines_found("specialist-pso-breaches.md") == [
        ("jd-cases-role-boundary", [10, 11, 12, 13, 15]),
        # "... reports on domestic abuse cases and record the information on nDelius": what
        # follows "and record" says nothing of the cases
        ("jd-psr-role-boundary", [14]),
    ]  # fmt: skip


def test_a_learner_allocated_residents_cases_holds_them() -> None:
    assert jd_found(JD, "specialist-pqip-residents.md") == [
        ("specialist-pqip-residents.md", "jd-cases-role-boundary", 6)]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_keywork_supervision_victims_and_partners_are_not_cases_held(engine: str) -> None:
    # keywork with and supervision of residents, DA information for a PO's report, a
    # partner's DA unit, group work with participants, DA cases that "when identified, are
    # reallocated to a Probation Officer" (review 49)
    result = check([JD / "specialist-pso-controls.md"], select=["jd-*"], engine=engine)
    assert [(f.rule, f.line) for f in result.findings] == []


# ---------------------------------------------------------------- a hostile repository, attack 16
# The gate's own settings as the weapon: what a pull request may commit beside the data (a
# config, a policy of its own) switched rules off, and no report said so.

HOSTILE = HERE / "hostile"


def test_a_choice_of_rules_none_of_which_reads_the_staff_list_given_is_refused() -> None:
    # `select = ["jd-*"]` over a staff list alone: no rule reads it (the second review found a
    # staff list let through whatever the rules read); the claim's rules read one through the
    # records that name its people (`staff.grade`), so the claim over it alone still runs
    done = run_workrules("check", "--format", "text", "staff.yaml",
                         cwd=HOSTILE / "select-over-staff")  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: workrules.toml:2: select jd-*: no rule left of policy claim-2024 reads the "
        "records given (staff members), so the run would check nothing\n")
    done = run_workrules("check", "--no-config", "--format", "text", "-q", "staff.yaml",
                         cwd=HOSTILE / "select-over-staff")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")


def test_a_config_s_policy_that_reads_none_of_the_records_is_refused() -> None:
    done = run_workrules("check", "--format", "text", ".",
                         cwd=HOSTILE / "config-policy-reads-nothing")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "workrules: workrules.toml:2: policy employer-current: no rule of it reads the records "
        "given (staff members, unpaid work sessions), so the run would check nothing; the "
        "config chose it over the default, claim-2024\n")


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_config_s_choice_of_a_policy_of_its_own_is_listed_and_annotated(fmt: str) -> None:
    done = run_workrules("check", "--format", fmt, "-q", ".",
                         cwd=HOSTILE / "config-policy-of-its-own")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    said = "policy unit, the repository's unit.wr (the policy's: the default, claim-2024"
    if fmt == "text":
        assert f"  {said}; set by workrules.toml:2)\n" in done.stdout
    else:  # a warning on the config's line, which the pull request's diff shows
        assert done.stdout.startswith(
            "::warning file=workrules.toml,line=2,title=workrules%3A set over the policy's::"
            f"{said})\n")


def test_a_repository_policy_s_caps_filled_in_and_grades_declared_are_listed() -> None:
    done = run_workrules("check", "--format", "text", "-q", ".",
                         cwd=HOSTILE / "policy-fills-and-declares")  # fmt: skip
    # the PSO-titled JD graded PS0, a look-alike grade the policy declares: jd-title-grade
    # (attack round 31, P4) reports it, where this run passed before
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == (
        "./jd/pso.md:3: jd-title-grade [7a] ./jd/pso.md is titled \"Probation Services "
        "Officer\", a PSO's or PQiP learner's post, but its grade is PS0; the role "
        "boundary is judged by the grade, so correct one of them (7a).\n"
        "    warning: fails the run\n"
        "    subject ./jd/pso.md; -; measured the grade is PS0, limit required\n"
        "    because title gives title_names_boundary_grade (phrase \"probation services "
        "officer*\" found \"probation services officer\", line 3): \"Probation Services "
        "Officer\"; the grade is PS0\n"
        "    evidence ./jd/pso.md (./jd/pso.md:2)\n"
        "\nValues set for this run, over the policy's (3):\n"
        "  policy north, the repository's local.wr (the policy's: the default, claim-2024; set "
        "by workrules.toml:2)\n"
        "  span_of_control_max[SPO] 1000 (the policy's: to be agreed in claim-2024; set by "
        "local.wr:4)\n"
        "  grade PS0 a grade of its own (the policy's: not declared in claim-2024; set by "
        "local.wr:6)\n")


def test_a_repository_policy_s_settings_are_sarif_warnings_at_their_lines() -> None:
    import json

    done = run_workrules("check", "--format", "sarif", ".",
                         cwd=HOSTILE / "policy-fills-and-declares")  # fmt: skip
    notes = json.loads(done.stdout)["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    warned = [(n["message"]["text"].split(" (")[0],
               n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
               n["locations"][0]["physicalLocation"]["region"]["startLine"])
              for n in notes if n["level"] == "warning"]  # fmt: skip
    assert warned == [("policy north, the repository's local.wr", "workrules.toml", 2),
                      ("span_of_control_max[SPO] 1000", "local.wr", 4),
                      ("grade PS0 a grade of its own", "local.wr", 6)]  # fmt: skip


@pytest.mark.parametrize(("folder", "said"), [
    # ruff's `[tool.ruff.lint] ignore` (line 5) before workrules' own (line 8)
    ("pyproject-lines", "  ignore upw-group-ratio (the policy's: all 60 rules; set by "
                        "pyproject.toml:8)"),
    # a waiver's multi-line reason holds `upw_ratio = "1:6"` (line 8); `[set]`'s is line 12
    ("string-lines", "  upw_ratio 1:100 (the policy's: 1:6; set by workrules.toml:12)"),
])  # fmt: skip
def test_a_setting_s_line_is_its_own_table_s_never_one_in_a_string(folder: str,
                                                                    said: str) -> None:
    done = run_workrules("check", "--format", "text", "-q", ".", cwd=HOSTILE / folder)
    assert (done.returncode, done.stderr) == (0, "")
    assert said in done.stdout.splitlines()


@pytest.mark.parametrize(("folder", "error"), [
    ("waiver-class", "workrules.toml:1: a waiver's subject '[!Z]*' holds a bracket, which would "
                     "make a class of characters ([!Z]* is every subject not starting with Z) "
                     "where a reader sees an id; a waiver's pattern has * and ? only: write ? "
                     "for each bracket of a name that holds one ('?!Z?*')"),
    ("grade-name-control", "workrules.toml:1: grade 'Team\\n::error file=x::pwned': a grade's "
                           "name is written as the data's grades are, in letters, digits, "
                           "spaces, '_', hyphens, dashes and parentheses, starting with a "
                           "letter, on one line, in at most 100 characters"),
])  # fmt: skip
def test_a_waiver_s_character_class_and_a_grade_no_data_could_hold_are_refused(
        folder: str, error: str) -> None:  # fmt: skip
    done = run_workrules("check", "--format", "text", ".", cwd=HOSTILE / folder)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"workrules: {error}\n")


# ---------------------------------------------------------------- scenarios, round 39
# Every number in the claim at its edge: the limits held; how a limit is typed did not.

README = Path(__file__).resolve().parents[1] / "fixtures" / "readme"


@pytest.mark.parametrize(("value", "said"), [
    # 7 h 30 min as HR writes it, or 7.3 hours: the data loader refuses the same text in a
    # cell, and a 7.49 h day was a 5c breach of a cap read as 7.3 h
    ("7.30", "'7.30' is 7 h 30 min as HR systems write hours and minutes, or 7.3 hours (7 h 18 "
             "min) as a decimal number, and which is meant is not guessed: write 7.5 for 7 h "
             "30 min, or 7.3 for 7.3 hours"),
    ("7.30 hours", "'7.30' is 7 h 30 min as HR systems write hours and minutes, or 7.3 hours "
                   "(7 h 18 min) as a decimal number, and which is meant is not guessed: write "
                   "7.5 for 7 h 30 min, or 7.3 for 7.3 hours"),
    ("7.45 h", "'7.45' is 7 h 45 min as HR systems write hours and minutes, or 7.45 hours (7 h "
               "27 min) as a decimal number, and which is meant is not guessed: write 7.75 for "
               "7 h 45 min, or 7.450 for 7.45 hours"),
    # a clock time: refused, now saying what to write
    ("7:30", "7:30 is not a value for upw_contact_hours_max, which is a number of hours (7.5 "
             "h); write the hours as a decimal number: 7 h 30 min is 7.5"),
])  # fmt: skip
def test_hours_set_as_minutes_or_a_clock_time_are_refused_saying_what_to_write(
        value: str, said: str) -> None:  # fmt: skip
    done = run_workrules("check", "--no-config", "--set", f"upw_contact_hours_max={value}",
                         "rota.yaml", "staff.yaml", cwd=README)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"workrules: --set upw_contact_hours_max={value}: {said}\n"


@pytest.mark.parametrize("value", ["7.5", "7.50", "7.25", "7.3"])
def test_hours_that_are_no_clock_are_read(value: str) -> None:
    done = run_workrules("check", "--no-config", "-q", "--set", f"upw_contact_hours_max={value}",
                         "rota.yaml", "staff.yaml", cwd=README)  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")


# ---------------------------------------------------------------- a first hour, round 39
# A PDU head checking the union's report, and a policy author writing a local variant.

def test_the_json_report_names_its_version_and_the_day_it_was_judged_by() -> None:
    import json

    from workrules import __version__

    done = run_workrules("check", "--no-config", "--format", "json", "--today", "2026-12-01",
                         "rota.yaml", "staff.yaml", cwd=README)  # fmt: skip
    report = json.loads(done.stdout)
    assert list(report)[:2] == ["format_version", "workrules_version"]
    assert (report["workrules_version"], report["today"]) == (__version__, "2026-12-01")
    # without --today the real date is not written: the same input, the same bytes
    done = run_workrules("check", "--no-config", "--format", "json", "rota.yaml", "staff.yaml",
                         cwd=README)  # fmt: skip
    assert json.loads(done.stdout)["today"] is None


def test_the_language_guide_quotes_the_example_s_rules_not_applied_as_they_are() -> None:
    guide = (HERE.parents[1] / "docs" / "language.md").read_text(encoding="utf-8")
    block = guide.split("fixtures/example/allocation.yaml`):\n\n```text\n", 1)[1].split("```")[0]
    done = run_workrules("check", "--no-config", "fixtures/example/staff.yaml",
                         "fixtures/example/rota.yaml", "fixtures/example/allocation.yaml",
                         cwd=HERE.parents[1])  # fmt: skip
    lines = done.stdout.splitlines()
    at = lines.index(block.splitlines()[0])
    assert lines[at:at + 2] == block.splitlines()


def test_a_rule_applied_in_part_is_a_github_warning_and_a_cap_to_be_agreed_is_not() -> None:
    # a job description of a real title the data model does not know ("Probation
    # Practitioner") escaped 7a and 7b with a plain log line in the gate's green step
    done = run_workrules("check", "--no-config", "--format", "github", "pso.md",
                         cwd=HOSTILE / "unknown-grade-jd")  # fmt: skip
    # the grade not known, jd-title-grade does not judge it (session 51): it said so beside a
    # finding "its grade is PROBATION_PRACTITIONER" that failed the run
    assert (done.returncode, done.stderr) == (0, "")
    warned = [line for line in done.stdout.splitlines() if line.startswith("::")]
    said = ("not applied for unknown grades: this rule judges by grade, and this grade is not "
            "known, so their holders were not judged: PROBATION_PRACTITIONER (pso.md) (declare "
            "a grade of its own with 'grade NAME' in the policy or [grades] in workrules.toml)")
    assert warned == [
        # at the job description's grade (attack round 23: a warning with no file stood on
        # the run's summary page alone, not in the pull request's diff)
        f"::warning file=pso.md,line=4,title=workrules%3A jd-psr-role-boundary [7b] applied in "
        f"part::{said}",
        f"::warning file=pso.md,line=4,title=workrules%3A jd-cases-role-boundary [7a] applied "
        f"in part::{said}",
        # the title names a PSO's post, the grade is not known: jd-title-grade says it was not
        # applied for it (attack round 31, P4), and reports nothing
        f"::warning file=pso.md,line=4,title=workrules%3A jd-title-grade [7a] applied "
        f"in part::{said}",
    ]  # fmt: skip
    assert "jd-span-cap [9]: cap not yet agreed" in done.stdout  # a plain line, as before
