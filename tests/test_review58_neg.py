"""A counter-offer written as a policy (first hour, round 48: P1, P2, P7).

The unions' national officer wrote the employer's counter-offer as a policy that extends the
claim. A clause the offer does not accept could only be replaced by a rule that matches
nothing, which `diff --data` then read as "0 findings under NEW" (P2); the claim's titles kept
its numbers under the offer's values ("above 1:6" under 1:7, P1); and the mistakes met while
writing it were answered with lists of keywords (P7). fixtures/review58/neg/README.md says
what each file holds.
"""

from __future__ import annotations

import shutil
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules.cli import main
from workrules.policy import load_policy
from workrules.policy_diff import diff_policies, impact
from workrules.render import TitleSlot, title_parts

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review58" / "neg"
ERRORS = HERE / "errors"
TODAY = ["--today", "2026-12-01"]
REASON = "The employer side does not accept clause 4c (ES/24/07 para 2)."


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------- P2: a clause left out, said

@pytest.fixture
def neg(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(HERE)
    return HERE


def test_a_rule_left_out_is_listed_as_not_applied_with_the_line_that_left_it_out(
        neg: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    code, out, _ = _run(capsys, "check", "--no-config", "--policy", "offer.wr", "staff.yaml",
                        "rota.yaml", "--format", "text", *TODAY)  # fmt: skip
    assert code == 1
    lines = out.splitlines()
    at = lines.index("Not applied (6 rules):")
    assert lines[at + 1:at + 3] == [
        f"  unrecompensed-hours [4c]: left out by offer.wr:8: {REASON}",
        f"  recompense-beyond-the-week [4c]: left out by offer.wr:11: {REASON}",
    ]


def test_a_rule_left_out_stands_at_its_line_in_json_sarif_and_junit(
        neg: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    import json

    _, out, _ = _run(capsys, "check", "--no-config", "--policy", "offer.wr", "staff.yaml",
                     "rota.yaml", "--format", "json", *TODAY)  # fmt: skip
    first = json.loads(out)["not_applied"][0]
    assert (first["rule"], first["file"], first["line"]) == ("unrecompensed-hours", "offer.wr",
                                                             8)
    _, out, _ = _run(capsys, "check", "--no-config", "--policy", "offer.wr", "staff.yaml",
                     "rota.yaml", "--format", "junit", *TODAY)  # fmt: skip
    assert ('    <testcase classname="unrecompensed-hours" name="unrecompensed-hours [4c]: all '
            'subjects">\n'
            f'      <skipped message="left out by offer.wr:8: {REASON}" />') in out


def test_the_policy_diff_shows_a_rule_left_out_in_one_row(neg: Path) -> None:
    diff = diff_policies("claim-2024", "offer.wr")
    rows = [(c.kind, c.name, c.field, c.old, c.new) for c in diff.changes
            if c.kind.startswith("rule-")]  # fmt: skip
    assert rows == [
        ("rule-left-out", "unrecompensed-hours", "",
         "Hours over contract neither given as TOIL nor paid",
         f"left out by offer.wr:8: {REASON}"),
        ("rule-left-out", "recompense-beyond-the-week", "",
         "TOIL or pay recorded beyond the week's hours over contract",
         f"left out by offer.wr:11: {REASON}"),
    ]


def test_the_diff_s_headline_counts_rules_left_out(
        neg: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    _, out, _ = _run(capsys, "diff", "claim-2024", "offer.wr")
    assert "4 differences: rules: 2 left out; parameters: 2 changed." in out.splitlines()
    _, back, _ = _run(capsys, "diff", "offer.wr", "claim-2024", "--format", "markdown")
    assert (f"| added | unrecompensed-hours | 4c |  | left out by offer.wr:8: {REASON} | Hours "
            "over contract neither given as TOIL nor paid |") in back.splitlines()


def test_diff_data_says_a_clause_left_out_before_any_count(neg: Path) -> None:
    found = impact("claim-2024", "offer.wr", ["staff.yaml", "rota.yaml"])
    assert found.summary == (
        "4c: not applied under NEW (left out at offer.wr:8 and offer.wr:11); 1 timesheet in "
        "breach under OLD",
        "5a: 1 unpaid work session in breach under OLD, 1 under NEW",
    )


def test_a_clause_left_out_in_part_names_the_rule_left_out(tmp_path: Path) -> None:
    shutil.copy(HERE / "staff.yaml", tmp_path)
    shutil.copy(HERE / "rota.yaml", tmp_path)
    (tmp_path / "part.wr").write_text('policy part\nextends "claim-2024"\n\nleave out '
                                      'unrecompensed-hours\n', encoding="utf-8")  # fmt: skip
    found = impact("claim-2024", tmp_path / "part.wr",
                   [tmp_path / "staff.yaml", tmp_path / "rota.yaml"])  # fmt: skip
    assert found.summary[0] == (
        f"4c: unrecompensed-hours not applied under NEW (left out at {tmp_path / 'part.wr'}:4); "
        "1 timesheet in breach under OLD, 0 under NEW")


def test_rules_and_render_list_the_rules_left_out(
        neg: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    _, out, _ = _run(capsys, "rules", "--no-config", "--policy", "offer.wr")
    assert out.splitlines()[-3:] == [
        "Left out (2 rules), not applied:",
        f"  unrecompensed-hours [4c]: left out by offer.wr:8: {REASON}",
        f"  recompense-beyond-the-week [4c]: left out by offer.wr:11: {REASON}",
    ]
    _, out, _ = _run(capsys, "render", "--no-config", "offer.wr")
    assert (f"| `unrecompensed-hours` | 4c | `offer.wr:8` | {REASON} |") in out.splitlines()


def test_explain_and_ignore_of_a_rule_left_out_say_where_it_was_left_out(
        neg: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    code, _, err = _run(capsys, "explain", "--no-config", "--policy", "offer.wr",
                        "unrecompensed-hours")  # fmt: skip
    assert (code, err) == (2, "workrules: policy employer-offer-2026 has no rule "
                              "'unrecompensed-hours'; it is left out by offer.wr:8\n")


def test_a_policy_s_own_test_may_expect_a_rule_left_out_as_not_applied(
        neg: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert _run(capsys, "test", "offer.wrtest.yaml") == (
        0, "1 test in 1 file: all passed.\n", "")


def test_a_rule_left_out_is_kept_by_the_policy_cache(neg: Path) -> None:
    first, again = load_policy("offer.wr"), load_policy("offer.wr")
    assert first.left_out == again.left_out
    assert [lo.rule for lo in again.left_out] == ["unrecompensed-hours",
                                                  "recompense-beyond-the-week"]


def test_a_file_that_extends_the_offer_may_write_the_rule_again(tmp_path: Path) -> None:
    shutil.copy(HERE / "offer.wr", tmp_path)
    (tmp_path / "back.wr").write_text(
        'policy back\nextends "offer.wr"\n\nrule unrecompensed-hours\n    clause "4c"\n'
        "    for each timesheet\n    measure hours_worked at most 60 h\n", encoding="utf-8")
    policy = load_policy(tmp_path / "back.wr")
    assert [lo.rule for lo in policy.left_out] == ["recompense-beyond-the-week"]
    assert "unrecompensed-hours" in [cr.id for cr in policy.rules]


def test_a_rule_written_where_false_is_not_applied(tmp_path: Path) -> None:
    for name in ("staff.yaml", "rota.yaml"):
        shutil.copy(HERE / name, tmp_path)
    (tmp_path / "old.wr").write_text(
        'policy old\nextends "claim-2024"\n\nrule unrecompensed-hours\n    clause "4c"\n'
        "    for each timesheet\n    where false\n    per staff\n    measure count at most 0\n",
        encoding="utf-8")  # fmt: skip
    found = impact("claim-2024", tmp_path / "old.wr",
                   [tmp_path / "staff.yaml", tmp_path / "rota.yaml"])  # fmt: skip
    # (said before any count, and NEW gives none: 4c's other rule is advisory)
    assert found.summary[0] == ("4c: not judged under NEW (its 'where' is false, so it judges no "
                                "record; to leave a rule out, write: leave out "
                                "unrecompensed-hours); 1 finding under OLD")
    assert [na.reason for na in found.not_applied if na.rule == "unrecompensed-hours"] == [
        "OLD: applied in part: no timesheet in the data gives TOIL hours or paid excess hours "
        "other than 0, so each was read as having none; if the export leaves them out, this "
        "rule could not judge by them; NEW: its 'where' is false, so it judges no record (to "
        "leave a rule out, write: leave out unrecompensed-hours)"]


# ------------------------------------------------------------- P1: titles that name a value

CLAIM_TITLES = [
    "wmt-over-ceiling [1.2k(i)] error: Above 110% of WMT for more than one week",
    "upw-group-ratio [5a] error; from upw_ratio_from: Unpaid Work group above 1:6",
    "programme-sessions-per-week [8a] error: More than four programme sessions a week",
    "mappa-chairing-per-day [8b] error: More than one Level 2 MAPPA meeting of a type chaired "
    "in a day",
]


def _titled(out: str) -> list[str]:
    ids = ("wmt-over-ceiling ", "upw-group-ratio ", "programme-sessions-per-week ",
           "mappa-chairing-per-day ")  # fmt: skip
    return [line for line in out.splitlines() if line.startswith(ids)]


def test_the_claim_s_titles_read_as_they_did(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "rules", "--no-config")
    assert _titled(out) == CLAIM_TITLES


def test_a_counter_offer_s_titles_say_its_values(
        neg: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    _, out, _ = _run(capsys, "rules", "--no-config", "--policy", "titles.wr")
    assert _titled(out) == [
        "wmt-over-ceiling [1.2k(i)] error: Above 115% of WMT for more than two weeks",
        "upw-group-ratio [5a] error; from upw_ratio_from: Unpaid Work group above 1:7",
        "programme-sessions-per-week [8a] error: More than five programme sessions a week",
        CLAIM_TITLES[3],
    ]
    _, html, _ = _run(capsys, "check", "--no-config", "--policy", "titles.wr", "staff.yaml",
                      "rota.yaml", "--format", "html", *TODAY)  # fmt: skip
    assert "Clause 5a: Unpaid Work group above 1:7" in html
    assert "above 1:6" not in html


def test_a_value_set_on_the_command_line_is_the_title_s(
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    _, out, _ = _run(capsys, "rules", "--no-config", "--set", "mappa_level2_per_day_max=2",
                     "--set", "wmt_grace=10", "--set", "programme_sessions_max=24")
    assert _titled(out) == [
        "wmt-over-ceiling [1.2k(i)] error: Above 110% of WMT for more than ten days",
        CLAIM_TITLES[1],
        "programme-sessions-per-week [8a] error: More than 24 programme sessions a week",
        "mappa-chairing-per-day [8b] error: More than two Level 2 MAPPA meetings of a type "
        "chaired in a day",
    ]


def test_the_policy_diff_compares_titles_as_written(neg: Path) -> None:
    # the offer's 5a title says 1:7 and the claim's 1:6, but the title is the same: the
    # parameters' rows say the value
    assert [c.field for c in diff_policies("claim-2024", "titles.wr").changes] == [
        "value", "value", "value", "value"]


@given(st.lists(st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + " %:.,()-", max_size=12),
    st.builds(TitleSlot, st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True), st.booleans(),
              st.none(), st.just(0)),
), max_size=5))
def test_a_title_s_slots_and_words_are_read_back_as_written(
        parts: list[str | TitleSlot]) -> None:  # fmt: skip
    text = "".join(p if isinstance(p, str) else "{" + p.name + (" in words" if p.words else "")
                   + "}" for p in parts)  # fmt: skip
    read = title_parts(text)
    assert [p._replace(at=0) if isinstance(p, TitleSlot) else p for p in read] == [
        p for p in _merged(parts) if p != ""]


def _merged(parts: list[str | TitleSlot]) -> list[str | TitleSlot]:
    out: list[str | TitleSlot] = []
    for p in parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        else:
            out.append(p)
    return out


@given(st.text(max_size=30))
def test_any_title_is_read_or_refused_with_where(text: str) -> None:
    try:
        title_parts(text)
    except ValueError as err:
        at, said = err.args[0]
        assert 0 <= at < len(text) and text[at] in "{}"
        assert "write {{ or }} for a brace" in said


# ------------------------------------------------------------- P7: mistakes that teach

ERROR_CASES = {
    "date-slash": "4:24: a date is written YYYY-MM-DD: write 2025-04-01 for '01/04/2025' (read "
                  "as day/month/year)",
    "date-words": "4:24: a date is written YYYY-MM-DD: write 2025-04-01 for '1 April 2025'",
    "date-us": "4:22: a date is written YYYY-MM-DD: write 2025-04-01 for 'April 1, 2025'",
    "date-unreal": "4:24: a date is written YYYY-MM-DD (2025-04-01), and '31/02/2025' is no "
                   "real date",
    "ratio-to": "4:19: a ratio is written with a colon: write 1:7 for '1 to 7'",
    "hours-h30": "4:30: hours are written as one number with h: write 8.5 h for '8h30' (8 h 30 "
                 "min)",
    "hours-hrs": "4:31: hours are written with h: write 8 h for '8 hrs'",
    "no-extends": "3:5: there is no parameter 'upw_ratio' here: upw_ratio is declared in the "
                  "shipped policy claim-2024; to set it, add extends \"claim-2024\" at the top "
                  "of this policy",
    "other-base": "4:5: there is no parameter 'upw_ratio' here or in the policies this one "
                  "extends: upw_ratio is declared in the shipped policy claim-2024, which it "
                  "does not extend",
    "remove-rule": "4:1: a policy leaves a rule of the policy it extends out with 'leave out "
                   "unrecompensed-hours' (docs/language.md, \"Leaving a clause out\"); a "
                   "config's 'ignore' leaves rules out of one run",
    "ignore-rule": "4:1: a policy leaves a rule of the policy it extends out with 'leave out "
                   "unrecompensed-hours' (docs/language.md, \"Leaving a clause out\"); a "
                   "config's 'ignore' leaves rules out of one run",
    "leave-out-unknown": "4:11: the policies this one extends have no rule 'unrecompensed-hour' "
                         "to leave out (did you mean 'unrecompensed-hours'?)",
    "leave-out-clause": "4:11: 'leave out' takes a rule's id, not a clause ('4c'): leave out "
                        "each of the clause's rules, by the ids 'workrules rules' lists with "
                        "their clauses",
    "leave-out-twice": "5:11: rule unrecompensed-hours is left out a second time in this "
                       "policy (first at line 4); keep one",
    "leave-out-own": "9:11: rule unrecompensed-hours is written in this policy (line 4): 'leave "
                     "out' is for a rule of a policy this one extends; delete the rule instead",
    "leave-out-no-base": "3:11: this policy extends none, so it has no rule "
                         "'unrecompensed-hours' to leave out; 'leave out' takes a rule of the "
                         "policy named by 'extends' (add extends \"claim-2024\" to build on the "
                         "claim)",
    "leave-out-waived": "6:7: rule unrecompensed-hours is left out (by leave-out-waived.wr:4), "
                        "so there is nothing to waive; delete the waiver",
    "title-unknown": "6:11: the title's {hours_max} names no parameter; a title names the value "
                     "of a parameter the rule reads (this one reads none, so write its value in "
                     "the title)",
    "title-not-read": "6:11: the title's {upw_ratio} names a parameter this rule does not read; "
                      "a title names the value of a parameter the rule reads (this one reads "
                      "none, so write its value in the title)",
    "title-keyed": "6:11: the title's {span_of_control_max}: span_of_control_max holds one "
                   "value per grade, and a title says one value; name a parameter of one value, "
                   "or write the title without it",
    "title-words-ratio": "6:11: the title's {upw_ratio in words}: a ratio is said as a finding "
                         "says it; write {upw_ratio} ('in words' is for a count, a number or "
                         "days)",
    "title-noun-hours": "6:11: the title's {upw_contact_hours_max | ...}: the noun after '|' is "
                        "what a count counts, and upw_contact_hours_max is a number of hours; "
                        "write {upw_contact_hours_max}",
    "title-brace": "6:22: '{' in this title: a title names a parameter's value in braces: "
                   "{upw_ratio}, {wmt_grace in words} or {programme_sessions_max | programme "
                   "session}; write {{ or }} for a brace",
}


def test_every_error_case_has_its_file_and_every_file_its_case() -> None:
    assert sorted(p.stem for p in ERRORS.glob("*.wr")) == sorted(ERROR_CASES)


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_a_policy_mistake_is_refused_with_what_to_write(
        case: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.chdir(ERRORS)
    code, out, err = _run(capsys, "rules", "--no-config", "--policy", f"{case}.wr")
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == f"workrules: {case}.wr:{ERROR_CASES[case]}"


def test_a_grade_s_name_in_words_is_a_key_in_a_policy_as_on_set(
        neg: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    policy = load_policy("spo-name.wr")
    assert policy.values["span_of_control_max"]["SPO"] == 10


@given(st.lists(st.sampled_from(["Senior", "Probation", "Officer", "spo", "Spo", "SPO"]),
                min_size=1, max_size=4), st.sampled_from([" ", "  ", "\t"]))
def test_a_key_of_several_words_is_read_with_one_space_between(words: list[str],
                                                              gap: str) -> None:  # fmt: skip
    from workrules.lang.parse import parse_policy

    pf = parse_policy(f"set span_of_control_max[{gap.join(words)}] = 10\n")
    assert pf.sets[0].key == " ".join(words)


@given(st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,3}", fullmatch=True),
       # (a reason of blanks alone shows nothing, and is refused: tests/test_review59_leave.py)
       st.text(alphabet=string.ascii_letters + string.digits + " .,()", max_size=40).filter(
           lambda reason: not reason or reason.strip()),
       st.booleans())
def test_leave_out_reads_its_rule_and_reason(rule: str, reason: str, worded: bool) -> None:
    from workrules.lang.parse import parse_policy

    because = f' because "{reason}"' if reason or worded else ""
    pf = parse_policy(f'extends "claim-2024"\nleave out {"rule " if worded else ""}{rule}'
                      f"{because}\n")  # fmt: skip
    assert [(lo.rule, lo.reason, lo.pos.line) for lo in pf.leave_out] == [(rule, reason, 2)]
