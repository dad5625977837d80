"""A branch official writes the local agreement as a policy extending the claim (a first hour,
round 55): each mistake of fixtures/local-agreement/ (README.md there says what each shows),
with the exact message or report it gives now."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_ci_gate import run  # main() in-process: (exit code, stdout, stderr)

from workrules.errors import PolicyError
from workrules.fmt import format_policy
from workrules.lang.parse import parse_policy

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "local-agreement"
ENGINES = ["python", "columnar"]
CHECK = ["check", "--no-config", "--today", "2026-12-07", "--format", "text"]


@pytest.fixture(autouse=True)
def _in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)


def _heads(out: str) -> list[str]:
    """A text report's findings, their first lines."""
    return [line for line in out.split("\n") if line[:1] not in ("", " ") and ".yaml:" in line]


REFUSED = {
    "m3b.wr": "m3b.wr:20:6: rule id 'cases-per-practitioner' is the id of claim-2024's rule for "
              "clause 2025 (More cases than the agreed total for one practitioner), which this "
              "rule would replace, taking clause 2025 out of every run, while it cites clause "
              "local 1: give this rule an id of its own, or, to replace that rule, say so under "
              'its clause: replaces "2025"',
    "replaces-nothing.wr": "replaces-nothing.wr:35:14: the policies this one extends have no rule "
                           "'mappa-chair-grade' to replace (did you mean "
                           "'mappa-chairing-per-day'?); 'replaces' is for a rule of the same id "
                           "in the policy this one extends (delete the line for a rule of this "
                           "policy's own)",
    "m4b.wr": "m4b.wr:6:40: a value is a number with no word after it but its unit (%, h, days "
              "or weeks): what it counts is said in the parameter's description, so write "
              "'= 28'",
    "m4c.wr": "m4c.wr:27:43: a date moves by days or weeks, not years (a year is 365 or 366 "
              "days): write + 365 days for '+ 1 year', or + 52 weeks",
    "m5a.wr": "m5a.wr:38:5: 'words' begins a word list, an item of its own, which ends the rule "
              "above it (the rule's next line, 'require', then has no rule): write a word list "
              "outside any rule, unindented, before or after the rule",
    "m5b.wr": "m5b.wr:38:28: 'chair_grades' is a word list, which only a text pattern reads; a "
              "grade is compared with a set of grades written in the rule: in {SPO, SPO_COURTS}",
    "m6b.wr": "m6b.wr:38:23: this rule can never find anything: each record its 'where' "
              "(chair.grade = SPO) selects has chair.grade = SPO, which its 'require' asks, so "
              "it would read as a pass; 'where' says which records the rule judges, 'require' "
              "what must hold of them",
}


@pytest.mark.parametrize("policy", sorted(REFUSED))
def test_a_first_time_authors_mistake_is_refused_saying_what_to_write(
    capsys: pytest.CaptureFixture[str], policy: str
) -> None:
    code, out, err = run([*CHECK, "--policy", policy, "staff.yaml"], capsys)
    assert (code, out) == (2, "")
    assert err.split("\n")[0] == f"workrules: {REFUSED[policy]}"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_local_agreement_finds_its_own_breaches_and_the_claims(
    capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    code, out, _ = run([*CHECK, "--engine", engine, "--policy", "tees.wr", "staff.yaml",
                        "rota.yaml", "allocation.yaml"], capsys)  # fmt: skip
    assert code == 1
    assert [h.split(" ", 3)[:3] for h in _heads(out)] == [
        ["allocation.yaml:4:", "first-year-caseload", "[local"],
        ["allocation.yaml:128:", "cases-per-practitioner", "[2025]"],
        ["rota.yaml:6:", "mappa-chair-grade", "[local"],
        ["rota.yaml:7:", "mappa-chair-grade", "[local"],
        ["rota.yaml:8:", "mappa-chair-grade", "[local"],
        ["staff.yaml:6:", "span-of-control", "[9]"],
    ]
    assert ("rota.yaml:7: mappa-chair-grade [local 3] MM4 on 2026-11-25 was chaired by M2 "
            "(SPO_COURTS); only an SPO chairs a MAPPA meeting here (local 3).") in out
    assert ("allocation.yaml:128: cases-per-practitioner [2025] P5: 42 cases at once; the agreed "
            "total is 40 (2025 demands).") in out
    assert ("  cases_max 40 (the policy's: to be agreed in claim-2024; set by tees.wr:9)\n"
            in out)  # (read by a rule: no word of it)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_stated_replacement_loads_and_its_unread_value_is_said(
    capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    code, out, _ = run([*CHECK, "--engine", engine, "--policy", "replaces-stated.wr",
                        "staff.yaml", "allocation.yaml"], capsys)  # fmt: skip
    assert code == 1
    assert _heads(out)[0] == (
        "allocation.yaml:4: cases-per-practitioner [local 1] P1 qualified on 2026-03-02 and "
        "holds 31 cases at once; in the first year after qualifying the local cap is 28 (local "
        "1). Over the cap since 2026-11-02, and still on 2026-12-07 (the day judged); all 31 "
        "were held on 2026-11-02.")
    assert ("  cases_max 40, read by no rule of this policy (the policy's: to be agreed in "
            "claim-2024; set by replaces-stated.wr:9)\n") in out
    assert ("  rule cases-per-practitioner replaced (the policy's: as claim-2024 writes it; set "
            "by replaces-stated.wr:20)\n") in out


def test_a_value_whose_rule_is_left_out_is_said_to_be_read_by_no_rule(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run([*CHECK, "--policy", "unread.wr", "staff.yaml", "allocation.yaml"],
                       capsys)  # fmt: skip
    assert code == 0
    assert ("Values set for this run, over the policy's (1):\n  cases_max 40, read by no rule "
            "of this policy (the policy's: to be agreed in claim-2024; set by unread.wr:6)\n"
            ) in out


def test_an_unset_cap_in_a_title_keeps_its_noun(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "--no-config", "--policy", "tees.wr"], capsys)
    assert code == 0
    assert ("programme-sessions-per-week [8a] error: More than an agreed number of programme "
            "sessions a week\n") in out


def test_a_misspelt_parameter_in_a_test_files_set_is_refused_at_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["test", "settest"], capsys)
    assert (code, out) == (2, "")
    assert err == ("workrules: settest/misspelt-set.wrtest.yaml:3: set: 'cases_mx=40': there is "
                   "no parameter 'cases_mx' (did you mean 'cases_max'?)\n")


def test_the_shipped_5b_variant_states_what_it_replaces() -> None:
    text = (HERE.parents[1] / "policies" / "claim-5b-double-staffed.wr").read_text()
    (rule,) = parse_policy(text, "claim-5b-double-staffed.wr").rules
    assert (rule.id, rule.clause, rule.replaces) == ("upw-group-ratio", "5b", "5a")
    assert format_policy(text) == text


_CLAUSE = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E,
                                exclude_characters='"\\{}'), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(clause=_CLAUSE)
def test_replaces_reads_any_clause_and_formats_back(clause: str) -> None:
    text = (f'rule r\n    clause "x"\n    replaces "{clause}"\n    for each staff\n'
            "    require grade = PO\n")
    try:
        pf = parse_policy(text, "h.wr")
    except PolicyError as err:  # (a clause with a character a reader cannot see: refused)
        assert err.line == 3
        return
    assert pf.rules[0].replaces == clause
    assert parse_policy(format_policy(text), "h.wr").rules[0].replaces == clause


@settings(max_examples=40, deadline=None)
@given(years=st.integers(1, 40), unit=st.sampled_from(["year", "years", "yrs", "month",
                                                       "months"]))  # fmt: skip
def test_a_date_moved_by_years_or_months_is_told_to_move_by_days(years: int, unit: str) -> None:
    text = (f"rule r\n    clause \"x\"\n    for each staff\n    where started_on + {years} {unit} "
            "> today\n    require grade = PO\n")
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "h.wr")
    said = caught.value.message
    assert caught.value.line == 4
    if unit.startswith("y"):
        assert f"write + {years * 365} days for '+ {years} {unit}'" in said
    else:
        assert said.startswith("a date moves by days or weeks, not months")
