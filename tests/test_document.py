"""A rule as a sentence, and a policy as a document (`workrules render`).

Sentences are asserted word for word: they are what a negotiator reads. The committed
documents under docs/policies/ must be exactly what `render` writes today.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules import PolicyError, UsageError, load_policy
from workrules.cli import main
from workrules.describe import describe_rule, describe_value
from workrules.document import render_policy
from workrules.model import KINDS
from workrules.resources import shipped_policies

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


def sentence(rule_id: str, policy: str = "claim-2024", *values: str) -> str:
    p = load_policy(policy, values)
    return describe_rule(p.rule(rule_id), p)


# ---------------------------------------------------------------------------------------------
# Sentences


def test_ratio_parameter_reads_as_members_for_each_supervisor() -> None:
    assert sentence("upw-group-ratio") == (
        "For each Unpaid Work session from 2024-06-03, there must be at most 6 group members "
        "for each supervisor (upw_ratio 1:6).")


def test_ratio_alternatives_each_say_what_they_allow() -> None:
    path = str(FIXTURES / "cases" / "upw-ratio-alternatives" / "policy.wr")
    assert sentence("upw-either", path) == (
        "For each Unpaid Work session, there must be at most 5 group members for each "
        "supervisor (1:5), or at least 2 supervisors and at most 6 group members for each "
        "supervisor (2:12).")


def test_double_staffed_ratio_needs_a_second_supervisor() -> None:
    assert sentence("upw-group-ratio", "claim-5b-double-staffed") == (
        "For each Unpaid Work session from 2024-06-03 where the group members is above 0 or the "
        "contact hours is above 0 h, there must be at least 2 supervisors and at most 5 group "
        "members for each supervisor (upw_ratio_double 2:10).")


def test_spell_reads_as_how_long_it_may_last() -> None:
    assert sentence("wmt-over-ceiling") == (
        "For each staff member, a spell of WMT readings in which the WMT level is above 110% "
        "(wmt_ceiling) may last at most 7 days (wmt_grace). A WMT reading holds until the next one "
        "(wmt_reading_holds is unset, so with no limit).")


def test_count_per_group_names_the_groups_and_the_records() -> None:
    assert sentence("programme-sessions-per-week") == (
        "For each facilitator and week, the number of programme sessions must be at most 4 "
        "(programme_sessions_max).")
    assert sentence("mappa-chairing-per-day") == (
        "For each chair, meeting type and day, the number of MAPPA meetings where the MAPPA "
        "level is 2 and (the chair's grade is MAPPA_COORDINATOR or the chair's roles include "
        "MAPPA coordinator) must be at most 1 (mappa_level2_per_day_max).")


def test_sum_per_group_reads_as_a_total() -> None:
    assert sentence("upw-contact-hours") == (
        "For each supervisor and day, the total contact hours of the Unpaid Work sessions "
        "must be at most 8 h (upw_contact_hours_max).")


def test_forbid_of_alternatives_lists_what_may_not_hold() -> None:
    assert sentence("psr-role-boundary") == (
        "For each pre-sentence report from 2024-06-01 where the author's grade is PSO, or (the "
        "author's grade is PQiP and the author's qualification date is not given), or (the "
        "author's grade is PQiP and the date is before the author's qualification date), none "
        "of these may hold: the person's RoSH level is high or very high; the "
        "person's likelihood of reoffending is high or very high; the person's MAPPA level is "
        "2 or 3; the person's flags include any of IOM, sexual offending, domestic abuse, "
        "safeguarding, OCG, TACT, terrorism related, transgender or complex mental health.")


def test_require_reads_as_must() -> None:
    assert sentence("jd-span-stated") == (
        "For each job description where the line management is yes (or, where that is not "
        "given, (the text gives line management (text pattern line_management) and the text "
        "does not give no line management (text pattern no_line_management))), at least one of "
        "these must hold: the span of control is given; the text gives span of control stated "
        "(text pattern span_of_control_stated).")


def test_named_steps_are_said_before_the_check() -> None:
    assert sentence("unrecompensed-hours") == (
        'For each timesheet where the staff member\'s contracted hours is above 0 h, taking '
        '"over" as the hours worked minus (the hours due that week (or, where that is not '
        'given, the staff member\'s contracted hours)) and "recompensed" as the TOIL hours '
        'plus the paid excess hours, '
        '"over", less "recompensed" recorded in the same record or one up to 0 days '
        '(toil_recorded_late) later (oldest first), must be at most 0 h.')


def test_keyed_cap_reads_as_the_cap_for_the_key() -> None:
    # (the conditions keep to the days both are in post: review 33)
    assert sentence("span-of-control") == (
        "For each line manager, the most staff members where the line manager is given, and "
        "(the line manager's leaving date is not given, or the start date is not given, or the "
        "start date is before the line manager's leaving date), and (the line manager's start "
        "date is not given, or the leaving date is not given, or the leaving date is after the "
        "line manager's start date), in post and before the leaving date of their line manager "
        "on any one day, must be at most the cap for the line manager's grade "
        "(span_of_control_max, to be agreed).")
    assert sentence("jd-span-cap", "claim-2024", "span_of_control_max[SPO]=6") == (
        "For each job description where the span of control is given, the span of control "
        "must be at most the cap for its grade (span_of_control_max, to be agreed for some "
        "grades).")


def test_cap_looked_up_by_a_list_is_the_lowest() -> None:
    assert sentence("caseload-by-role") == (
        "For each practitioner, the most cases where (the practitioner's leaving date is not "
        "given, or the date the case was opened is not given, or the date the case was opened "
        "is before the practitioner's leaving date) and (the practitioner's start date is not "
        "given, or the date the case was closed is not given, or the date the case was closed "
        "is after the practitioner's start date), held on any one day, must be at most the "
        "lowest cap among the practitioner's roles (caseload_max, to be agreed).")


def test_unset_cap_is_to_be_agreed_until_set() -> None:
    assert sentence("sfo-open-reviews") == (
        "For each reviewing manager, the number of SFO reviews where the required sign-offs "
        "are not all among the sign-offs given and the reviewing manager's leaving date is not on "
        "or before today must be at most sfo_open_reviews_max (to be agreed).")
    assert sentence("sfo-open-reviews", "claim-2024", "sfo_open_reviews_max=2").endswith(
        "must be at most 2 (sfo_open_reviews_max).")


def test_dated_cap_is_the_one_in_force_at_the_time() -> None:
    path = str(FIXTURES / "policies" / "dated-caps.wr")
    assert sentence("sfo-open-reviews", path).endswith(
        "must be at most sfo_open_reviews_max (as in force at the time).")


def test_value_history_reads_in_order_with_its_dates() -> None:
    p = load_policy(FIXTURES / "policies" / "dated-caps.wr")
    assert describe_value(p, "sfo_open_reviews_max") == (
        "to be agreed until 2025-01-01, then 6 from 2025-01-01, then 5 from 2025-07-01")
    assert describe_value(p, "programme_sessions_max") == "5, then 4 from 2025-04-01"
    assert describe_value(p, "span_of_control_max") == (
        "SPO 6; to be agreed for SAO, BUSINESS_MANAGER, NSD_SOL, PLM, AP_AREA_MANAGER, "
        "HEAD_OF_PDU, HEAD_OF_FUNCTION, HEAD_OF_SERVICE")
    assert describe_value(load_policy(), "caseload_max") == "to be agreed for every role"


@pytest.mark.parametrize("name", sorted(shipped_policies()))
def test_every_shipped_rule_has_a_sentence(name: str) -> None:
    p = load_policy(name)
    for cr in p.rules:
        text = describe_rule(cr, p)
        assert text.startswith("For each ") and text.endswith("."), (cr.id, text)


# Small valid rules, built from the data model: describe_rule says every one of them.

_UNITS = {"percent": "%", "hours": " h", "days": " days", "count": "", "number": ""}


def _conditions(kind: str) -> list[str]:
    out = []
    for name, t in KINDS[kind].fields.items():
        if t.name == "number":
            out.append(f"{name} > 3{_UNITS[t.dim]}")
        elif t.name == "enum":
            out.append(f"{name} in {{{', '.join(t.values[:2])}}}")
        elif t.name == "string":
            out.append(f'{name} != "x"')
        elif t.name == "staff":
            out += [f"{name}.grade in {{PSO, SPO}}", f"psr_author in {name}.roles"]
        elif t.name == "list":
            out.append(f"number of {name} >= 2")
        elif t.name == "text":
            out += [f'{name} mentions "line"', f"{name} matches /line[- ]manag/i"]
        elif t.name == "bool":
            out.append(f'{name} otherwise text mentions "x"')
        elif t.name == "date":
            out.append(f"{name} >= 2024-06-01")
        if t.optional:
            out.append(f"{name} is not set")
    return out


@st.composite
def small_rules(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(sorted(KINDS)))
    k = KINDS[kind]
    conds = _conditions(kind)
    cond = st.sampled_from(conds)
    combined = st.one_of(
        cond, st.builds(lambda a, b: f"{a} and {b}", cond, cond),
        st.builds(lambda a, b: f"{a} or not ({b})", cond, cond),
    )
    lines = [f"rule r\n    for each {kind}"]
    if draw(st.booleans()):
        lines.append(f"    where {draw(combined)}")
    if k.date_fields and draw(st.booleans()):
        lines.append(draw(st.sampled_from(["    from 2024-06-01", "    from start"])))
    keys = [n for n, t in k.fields.items() if t.name in ("staff", "enum", "string")
            or (t.name == "list" and t.elem is not None and t.elem.name == "staff")]
    staff_keys = [n for n, t in k.fields.items() if t.name == "staff"]
    numbers = [(n, t.dim) for n, t in k.fields.items() if t.name == "number"]
    check = draw(st.sampled_from(["require", "forbid", "measure", "count", "spell", "ratio"]))
    if check in ("require", "forbid"):
        lines.append(f"    {check} {draw(combined)}")
    elif check == "measure" and numbers:
        name, dim = draw(st.sampled_from(numbers))
        limit = draw(st.sampled_from(["4", "cap", "dated"])) if dim in ("count", "number") \
            else f"4{_UNITS[dim]}"
        lines.append(f"    let v = {name}\n    measure v at {draw(st.sampled_from(['most', 'least']))} {limit}")
    elif check == "count" and keys:
        key = draw(st.sampled_from(keys))
        lines.append(f"    per {key} as who" + (", per week" if k.date_fields and draw(st.booleans()) else ""))
        limit = draw(st.sampled_from(["2", "cap", "dated"] + (
            ["keyed[who.grade]"] if key in staff_keys or k.fields[key].name == "list" else [])))
        lines.append(f"    measure count at most {limit}")
    elif check == "spell" and staff_keys and k.date_fields:
        lines.append(f"    per {staff_keys[0]}\n    spell {draw(cond)} lasting at most 7 days")
    elif check == "ratio" and kind == "upw_session":
        lines.append("    ratio supervisors to members at most " + draw(st.sampled_from(
            ["1:6", "ratio", "1:6 or 2:9", "unset_ratio or 3:12"])))
    else:
        lines.append(f"    require {draw(cond)}")
    return "\n".join(lines) + "\n"


PARAMS = """\
param cap: count
param dated: count = 3 from 2025-01-01, 2 from 2025-06-01
param keyed: count by grade {SPO, PO}
param ratio: ratio = 1:5
param unset_ratio: ratio
param start: date = 2024-06-03
set keyed[SPO] = 6
"""


@settings(max_examples=60, deadline=None)
@given(small_rules())
def test_any_valid_rule_can_be_described(rule: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.wr"
        path.write_text(PARAMS + rule)
        try:
            p = load_policy(str(path))
        except PolicyError:
            return  # not a valid rule after all; the parser's own properties cover those
        text = describe_rule(p.rules[0], p)
    assert text.startswith("For each ") and text.endswith("."), text


# ---------------------------------------------------------------------------------------------
# Documents


@pytest.mark.parametrize("name", ["claim-2024", "claim-5b-double-staffed"])
def test_committed_policy_document_is_what_render_writes(name: str) -> None:
    committed = ROOT / "docs" / "policies" / f"{name}.md"
    assert committed.read_text(encoding="utf-8") == render_policy(load_policy(name)), (
        f"{committed} is out of date: regenerate it with "
        f"`workrules render {name} -o docs/policies/{name}.md`")


def test_render_command_writes_the_document(tmp_path: Path) -> None:
    out = tmp_path / "claim.md"
    assert main(["render", "claim-2024", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_policy(load_policy("claim-2024"))


def test_render_is_deterministic() -> None:
    p = load_policy("claim-5b-double-staffed")
    assert render_policy(p, "html") == render_policy(load_policy("claim-5b-double-staffed"), "html")


def test_rule_section_gives_sentence_why_severity_date_parameters_and_file() -> None:
    text = render_policy(load_policy("claim-2024"))
    section = text[text.index("### `upw-group-ratio`"):text.index("### `upw-contact-hours`")]
    assert section == (
        "### `upw-group-ratio`\n\n"
        "**Clause 5a: Unpaid Work group above 1:6**\n\n"
        "**What it checks.** For each Unpaid Work session from 2024-06-03, there must be at "
        "most 6 group members for each supervisor (upw_ratio 1:6).\n\n"
        "**Why.** An Unpaid Work group has at most six members for each supervisor once the "
        "ratio is in force.\n\n"
        "- Severity: error\n"
        "- In force: from 2024-06-03 (upw_ratio_from)\n"
        "- Status: applied\n"
        "- Parameter `upw_ratio`: 1:6\n"
        "- Parameter `upw_ratio_from`: 2024-06-03\n"
        "- Written in `policies/claim-2024.wr`, line 84\n\n")


def test_unset_cap_shows_the_rule_waits_for_it() -> None:
    text = render_policy(load_policy("claim-2024"))
    assert ("| [`sfo-open-reviews`](#sfo-open-reviews) | 8c | Too many open SFO reviews for "
            "one reviewing manager | not applied until sfo_open_reviews_max is agreed |") in text
    assert "- Parameter `sfo_open_reviews_max`: to be agreed\n" in text
    assert "| `span_of_control_max` | count by grade | to be agreed for every grade |" in text


def test_variant_says_which_file_a_rule_comes_from_and_what_it_replaces() -> None:
    text = render_policy(load_policy("claim-5b-double-staffed"))
    assert ("Policy `claim-5b-double-staffed`, from `policies/claim-2024.wr`, extended by "
            "`policies/claim-5b-double-staffed.wr`.") in text
    assert ("- Written in `policies/claim-5b-double-staffed.wr`, line 10, replacing the rule "
            "of the same id in `policies/claim-2024.wr`\n") in text
    assert "- Written in `policies/claim-2024.wr`, line 95\n" in text  # upw-contact-hours


def test_dated_history_and_waiver_are_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = render_policy(load_policy("fixtures/policies/dated-caps.wr"))
    assert ("- Parameter `sfo_open_reviews_max`: to be agreed until 2025-01-01, then 6 from "
            "2025-01-01, then 5 from 2025-07-01\n") in text
    assert ("| [`sfo-open-reviews`](#sfo-open-reviews) | 8c | Too many open SFO reviews for "
            "one reviewing manager | applied from 2025-01-01 (sfo_open_reviews_max is to be "
            "agreed before then) |") in text
    assert "- Parameter `programme_sessions_max`: 5, then 4 from 2025-04-01\n" in text
    assert ("- Waived for `S010` until 2024-12-31, agreed by Joint negotiating committee: "
            "Covers a vacant supervisor post until it is filled.\n") in text
    assert ("| [`upw-contact-hours`](#upw-contact-hours) | `S010` | 2024-12-31 | Joint "
            "negotiating committee | Covers a vacant supervisor post until it is filled. | "
            "`fixtures/policies/dated-caps.wr:11` |") in text


def test_html_is_a_standalone_page_with_every_text_escaped(tmp_path: Path) -> None:
    path = tmp_path / "odd.wr"
    path.write_text(
        'policy odd "Caps <for> R&D | \\"quoted\\""\n'
        "param cap: count = 2\n"
        "  \"A cap, with <b>markup</b> & an ampersand.\"\n"
        "rule r\n"
        '  clause "<1>"\n'
        '  title "Title with <script>alert(1)</script>"\n'
        '  why "Because a < b & c > d."\n'
        "  for each case\n"
        "  per practitioner\n"
        "  measure count at most cap\n")
    page = render_policy(load_policy(str(path)), "html")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")
    assert page.endswith("</body>\n</html>\n")
    assert "<title>Caps &lt;for&gt; R&amp;D | &quot;quoted&quot;</title>" in page
    assert "<strong>Clause &lt;1&gt;: Title with &lt;script&gt;alert(1)&lt;/script&gt;</strong>" in page
    assert "<strong>Why.</strong> Because a &lt; b &amp; c &gt; d.</p>" in page
    assert "<td>A cap, with &lt;b&gt;markup&lt;/b&gt; &amp; an ampersand.</td>" in page
    assert "<script>" not in page and "<b>" not in page
    markdown = render_policy(load_policy(str(path)))
    assert "| `cap` | count | 2 | [`r`](#r) | A cap, with \\<b\\>markup\\</b\\> & an ampersand. |" in markdown


def test_unknown_document_format_is_refused() -> None:
    with pytest.raises(UsageError, match="no document format 'pdf'"):
        render_policy(load_policy(), "pdf")
