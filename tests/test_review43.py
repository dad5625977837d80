"""Session 33's review: what the helpers found, on real files under fixtures/review43.

Each test names a behaviour and asserts the exact findings (rule, subject, line), messages or
notices of a check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import check_text, jd_found, partial_notices

from workrules import UsageError, WorkrulesError, check, load_policy

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
HERE = ROOT / "review43"
ENGINES = ["python", "columnar"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_wmt_reading_outside_post_names_the_days_it_covers_not_the_rules_expression(
        engine: str) -> None:
    # 3: a rep reads "reading_ends is 2024-06-09" where the finding said "(week + 6 days)
    # otherwise date is 2024-06-09"
    code, out, _ = check_text("--select", "wmt-outside-post", "--today", "2024-07-01",
                              "staff.yaml", "allocation.yaml", "rota.yaml",
                              cwd=ROOT / "review20", engine=engine)
    assert code == 0  # an advisory: it does not fail the run
    assert out.splitlines()[1] == (
        "    subject NS3; week of 2024-06-03; measured staff.started_on is 2024-06-10; "
        "reading_ends is 2024-06-09, staff.started_on 2024-06-10, limit required")


# -- round 36: job descriptions as a conversion from Word or PDF leaves them ------------------

JD = HERE / "jd"


@pytest.mark.parametrize(("name", "expected"), [
    # a page's marking and number between a sentence's halves, the first ending on a noun
    ("pagebreak-after-a-noun.md", [("jd-psr-role-boundary", 6)]),
    ("pagebreak-inside-domestic-abuse.md", [("jd-cases-role-boundary", 6)]),
    # the finding points at the sentence's first line, where "line" / "manage" starts
    ("pagebreak-inside-line-manage.md", [("jd-line-management-contradicted", 7)]),
])
def test_a_sentence_a_page_break_cuts_after_any_word_is_read_whole(
        name: str, expected: list[tuple[str, int]]) -> None:
    assert [(rule, line) for _, rule, line in jd_found(JD, name)] == expected


@pytest.mark.parametrize("name", [
    "learning-event-and-e-learning.md",  # training on the cases by another name
    "framework-revised-in-future.md",  # a change that may come, after consultation
    "tracked-change-deleted.md",  # "[deleted: Hold cases ...]", as struck text
    "span-in-brackets.md",  # "the region's Heads of PDU (nine)" states the span
])
def test_what_is_not_the_post_s_duty_now_gives_no_finding(name: str) -> None:
    assert jd_found(JD, name) == []


@pytest.mark.parametrize("name", ["page-furniture-only.md", "template-not-filled-in.md"])
def test_a_text_of_page_markings_or_unfilled_placeholders_is_said_not_judged(name: str) -> None:
    result = check([JD / name])
    assert result.findings == ()
    assert dict(partial_notices(result))["jd-cases-role-boundary"] == (
        "applied in part: the text of 1 job description could not be read, so it was not "
        f"judged: {JD / name} holds only a page's numbers and markings, headings, or a "
        "template's placeholders not filled in")


# -- a negotiator's and a policy author's slips (round 36's negotiator) ------------------------

POLICIES = HERE / "policies"


@pytest.mark.parametrize(("name", "at", "reason"), [
    # a let nothing reads is checked too: its slips were loaded in silence
    ("unused-let-misspelt.wr", "7:13",
     "unknown name 'precent' for a WMT reading (did you mean 'percent'?)"),
    ("unused-let-units.wr", "7:21", "cannot add hours to percent"),
    # a limit never declared: how to declare one, beside the 'per' key's near name
    ("undeclared-parameter.wr", "8:27",
     "unknown name 'facilitator_cap' for a programme session (did you mean 'facilitator'?); a "
     "name that is no field, 'per' key or let is a parameter, declared as 'param "
     "facilitator_cap: TYPE = VALUE' (or 'param facilitator_cap: TYPE', to be agreed)"),
    # the parser's list of tokens it expected, where a number had an exponent
    ("exponent.wr", "8:28",
     "a number is written out in full, without an exponent ('e20'): 1000000"),
    # a role key's slip is suggested as a grade key's is
    ("role-key-slip.wr", "5:5",
     "caseload_max has no value for 'VLOO' (did you mean 'vlo'?); its keys are pom, "
     "pre_release, nsd_practitioner, vlo, daso, polygraph_examiner, case_admin, "
     "business_manager"),
])
def test_a_policy_author_s_slip_is_refused_at_its_place_with_what_to_write(
        name: str, at: str, reason: str) -> None:
    with pytest.raises(WorkrulesError) as caught:
        load_policy(str(POLICIES / name))
    assert str(caught.value) == f"{POLICIES / name}:{at}: {reason}"


@pytest.mark.parametrize(("call", "library", "command_line"), [
    ({"set_values": ["wmt_grace=8h"]},
     "set value 'wmt_grace=8h': 8 h is not a value for wmt_grace, which is a number of days "
     "(7 days or 1 week)", ["--set", "wmt_grace=8h"]),
    ({"engine": "fast"}, "engine='fast': choose one of auto, python, columnar",
     ["--engine", "fast"]),
    ({"fail_on": "errors"}, "fail_on='errors': choose one of advisory, warning, error, never "
     "(did you mean 'error'?)", ["--fail-on", "errors"]),
])
def test_a_library_caller_s_mistake_names_the_argument_it_gave_not_a_command_line_option(
        call: dict[str, Any], library: str, command_line: list[str]) -> None:
    files = [ROOT / "example" / "staff.yaml"]
    with pytest.raises(UsageError) as caught:
        check(files, **call)
    assert str(caught.value) == library
    # the command line names its option, as before
    code, _, err = check_text(*command_line, str(files[0]), cwd=ROOT)
    assert code == 2 and "Traceback" not in err and command_line[0] in err
