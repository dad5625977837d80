"""Review 13: clause 9 as HR writes job descriptions. A span of control stated in the text
("Direct reports | 8", "line manage twelve case administrators", "a team of 10-12
administrative staff") is stated: jd-span-stated must not say it is missing. The cap for the
grade cannot be checked against text, so once that cap is agreed such a job description is
reported (jd-span-in-text-only), never passed over. Each test runs a real file of
fixtures/review13/ and asserts the exact findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_workrules

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review13"
CAPS = ("--set", "span_of_control_max[SPO]=6", "--set", "span_of_control_max[SAO]=10",
        "--set", "span_of_control_max[BUSINESS_MANAGER]=10")  # fmt: skip


def _check(*args: str) -> tuple[int, str, str]:
    done = run_workrules("check", "-q", "--no-config", "--format", "text", *args, cwd=HERE)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("name", [
    "spo-direct-reports-table.md",  # a header table: "| Direct reports | 8 (POs and PSOs) |"
    "sao-twelve-in-words.md",  # "line manage twelve case administrators"
    "business-manager-range.md",  # "Manage a team of 10-12 administrative staff."
])  # fmt: skip
def test_a_span_of_control_stated_in_the_text_is_stated(name: str) -> None:
    assert _check(f"jd/{name}") == (0, "", "")


def test_line_management_with_no_count_still_states_no_span() -> None:
    # "three offices" and "40 miles" are numbers, not people managed.
    assert _check("jd/spo-no-number.md") == (1, (
        "jd/spo-no-number.md:8: jd-span-stated [9] jd/spo-no-number.md (Senior Probation "
        "Officer) gives the post line management but states no span of control (9).\n"
        "    error: fails the run\n"
        "    subject jd/spo-no-number.md; -; measured the span of control is not given; no sentence "
        "of text gives span_of_control_stated, limit required\n"
        "    because text gives line_management (phrase \"line manage\" found \"line "
        "manage\", line 8): \"Line manage a team of Probation Officers and "
        "Probation Services Officers.\"; no sentence of text gives no_line_management; the "
        "span of control is not given; no sentence of text gives span_of_control_stated\n"
        "    evidence jd/spo-no-number.md (jd/spo-no-number.md:2)\n"), "")


def test_a_number_of_teams_is_not_a_span_of_control() -> None:
    code, out, err = _check("jd/head-of-pdu-two-teams.md")
    assert (code, out.splitlines()[0], err) == (1, (
        "jd/head-of-pdu-two-teams.md:8: jd-span-stated [9] jd/head-of-pdu-two-teams.md (Head "
        "of PDU) gives the post line management but states no span of control (9)."), "")


def test_a_span_only_in_the_text_is_reported_once_the_grades_cap_is_agreed() -> None:
    code, out, err = _check(*CAPS, "jd/spo-direct-reports-table.md")
    assert (code, err) == (1, "")
    assert out == (
        "jd/spo-direct-reports-table.md:12: jd-span-in-text-only [9] "
        "jd/spo-direct-reports-table.md (Senior Probation Officer) states its span of control "
        "only in its text, so it could not be checked against the cap of 6 for SPO; give it "
        "as span_of_control (9).\n"
        "    warning: fails the run\n"
        "    subject jd/spo-direct-reports-table.md; -; measured text gives "
        "span_of_control_stated (phrase \"{span_labels} : ... {number}\" found \"direct "
        "reports : 8\", line 12): \"Direct reports : 8 (Probation Officers and PSOs)\", limit "
        "not allowed\n"
        "    because the span of control is not given; span_of_control_max[grade] is 6; text gives "
        "span_of_control_stated (phrase \"{span_labels} : ... {number}\" found \"direct "
        "reports : 8\", line 12): \"Direct reports : 8 (Probation Officers and PSOs)\"\n"
        "    evidence jd/spo-direct-reports-table.md (jd/spo-direct-reports-table.md:2)\n")


def test_numbers_in_words_and_ranges_are_read_as_the_span() -> None:
    code, out, _ = _check(*CAPS, "jd/sao-twelve-in-words.md", "jd/business-manager-range.md")
    found = [line for line in out.splitlines() if line.startswith("    subject")]
    assert code == 1
    assert found == [
        "    subject jd/business-manager-range.md; -; measured text gives span_of_control_stated "
        "(phrase \"{manage_verbs} ... {counted}\" found \"manage a team of 10 12 "
        "administrative staff\", line 8): \"Manage a team of 10-12 administrative staff.\", "
        "limit not allowed",
        "    subject jd/sao-twelve-in-words.md; -; measured text gives span_of_control_stated "
        "(phrase \"{manage_verbs} ... {counted}\" found \"line manage twelve case "
        "administrators\", line 8): \"The postholder will line manage twelve case "
        "administrators within the PDU admin hub.\", limit not allowed",
    ]


def test_a_span_only_in_the_text_is_not_applied_until_a_cap_is_agreed() -> None:
    done = run_workrules("check", "--no-config", "--format", "text",
                         "jd/spo-direct-reports-table.md", cwd=HERE)  # fmt: skip
    assert done.returncode == 0
    assert ("  jd-span-in-text-only [9]: cap not yet agreed: span_of_control_max is unset (set "
            "with --set span_of_control_max[KEY]=N)\n") in done.stdout


def test_a_hedged_duty_still_gives_a_pso_reports_outside_the_boundary() -> None:
    # "May be required to ... as and when required" is still a duty of the post (7b).
    code, out, err = _check("jd/pso-hedged-duties.md")
    assert (code, out.splitlines()[0], err) == (1, (
        "jd/pso-hedged-duties.md:9: jd-psr-role-boundary [7b] jd/pso-hedged-duties.md "
        "(Probation Services Officer) gives a PSO pre-sentence reports on people outside the "
        "role boundary of the grade (7b)."), "")


def test_up_to_a_number_of_meetings_targets_or_students_is_not_a_span_of_control() -> None:
    # "up to N" counts staff only when staff follow it: MAPPA meetings, targets and students
    # on placement are not people the post line manages.
    code, out, err = _check(*CAPS, "jd/spo-numbers-of-other-things.md")
    assert (code, out.splitlines()[0], err) == (1, (
        "jd/spo-numbers-of-other-things.md:5: jd-span-stated [9] "
        "jd/spo-numbers-of-other-things.md (Senior Probation Officer) gives the post line "
        "management but states no span of control (9)."), "")
    assert "jd-span-in-text-only" not in out
