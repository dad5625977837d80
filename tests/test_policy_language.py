"""What the policy language means: names, values, units, alternatives, extension."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from workrules import PolicyError, check, load_policy
from workrules.cli import main
from workrules.nodes import unparse
from workrules.parse import parse_expression, parse_policy
from workrules.resources import shipped_policies

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXAMPLE = FIXTURES / "example"
FILES = [str(EXAMPLE / f) for f in ("staff.yaml", "rota.yaml", "allocation.yaml")]


def policy_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "p.wr"
    path.write_text(text)
    return str(path)


def test_bare_word_that_names_a_field_is_not_taken_for_a_value(tmp_path: Path) -> None:
    path = policy_file(tmp_path, "rule r\n  for each staff\n  forbid pta in roles\n")
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert err.value.line == 3
    assert 'write "pta" in quotes' in err.value.message


def test_quoted_value_tests_membership_of_a_list(tmp_path: Path) -> None:
    path = policy_file(tmp_path, 'rule r\n  for each staff\n  forbid "pta" in roles\n')
    result = check(FILES, policy=path)
    assert [f.subject for f in result.findings] == ["S005"]


def test_percent_is_never_compared_with_hours(tmp_path: Path) -> None:
    path = policy_file(tmp_path, "rule r\n  for each wmt\n  measure percent at most 8 h\n")
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert (err.value.line, err.value.column) == (3, 27)  # the caret is under "8 h"
    assert "the limit is in hours but what is measured is in percent" in err.value.message


def test_parameter_named_only_in_the_sentence_does_not_stop_the_rule(tmp_path: Path) -> None:
    path = policy_file(tmp_path, 'param cap: count\nrule r\n  for each case\n  per practitioner\n'
                       '  measure count at most 1\n  say "{practitioner}: {value} (cap {cap})"\n')  # fmt: skip
    result = check(FILES, policy=path)
    assert [f.message for f in result.findings] == ["S001: 2 (cap not given)"]
    assert result.not_applied == ()


def test_otherwise_prefers_the_stated_field_over_the_text(tmp_path: Path) -> None:
    jd = tmp_path / "jd.md"
    jd.write_text("---\nkind: job-description\ntitle: T\ngrade: SPO\nline_management: false\n"
                  "---\nLine manages nobody, despite these words.\n")  # fmt: skip
    result = check([str(jd)])
    assert [f.rule for f in result.findings] == []


def test_stated_line_management_is_the_line_a_finding_points_at(tmp_path: Path) -> None:
    jd = tmp_path / "jd.md"
    jd.write_text("---\nkind: job-description\ntitle: T\ngrade: SPO\nline_management: true\n"
                  "---\nLeads the team.\n")  # fmt: skip
    (found,) = check([str(jd)]).findings
    assert (found.rule, found.line) == ("jd-span-stated", 5)
    assert found.facts == ("the line management is yes", "the span of control is not given",
                           "no sentence of text gives span_of_control_stated")


@pytest.mark.parametrize("text", ["Line-managing officers", "LINE MANAGEMENT of staff",
                                  "has line\nmanagement duties"])  # fmt: skip
def test_mentions_finds_words_across_case_hyphens_and_lines(tmp_path: Path, text: str) -> None:
    jd = tmp_path / "jd.md"
    jd.write_text(f"---\nkind: job-description\ntitle: T\ngrade: SAO\n---\n{text}\n")
    assert [f.rule for f in check([str(jd)]).findings] == ["jd-span-stated"]


def test_mentions_does_not_match_inside_a_word(tmp_path: Path) -> None:
    jd = tmp_path / "jd.md"
    jd.write_text("---\nkind: job-description\ntitle: T\ngrade: SAO\n---\nOnline management.\n")
    assert check([str(jd)]).findings == ()


def test_effective_date_can_be_a_parameter_moved_with_set() -> None:
    before = check(FILES)
    later = check(FILES, set_values=["upw_ratio_from=2024-06-05"])
    assert "U101" in {f.subject for f in before.findings if f.rule == "upw-group-ratio"}
    assert "U101" not in {f.subject for f in later.findings if f.rule == "upw-group-ratio"}


def test_rule_of_an_extending_policy_replaces_the_base_rule() -> None:
    policy = load_policy("claim-5b-double-staffed")
    (rule,) = [cr for cr in policy.rules if cr.id == "upw-group-ratio"]
    assert rule.rule.clause == "5b"
    assert len([cr for cr in policy.rules if cr.id == "upw-group-ratio"]) == 1
    assert policy.files == ("policies/claim-2024.wr", "policies/claim-5b-double-staffed.wr")


def test_set_of_an_unset_keyed_cap_names_its_keys() -> None:
    with pytest.raises(Exception) as err:
        load_policy(None, ["span_of_control_max[SP0]=6"])
    assert "did you mean 'SPO'?" in str(err.value)


def test_rules_command_lists_parameters_with_their_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "upw-group-ratio [5a] error; from upw_ratio_from: Unpaid Work group above 1:6" in out
    assert "    upw_ratio = 1:6\n" in out
    assert "    sfo_open_reviews_max = to be agreed\n" in out


def _strip_positions(node: object) -> object:
    if attrs.has(type(node)):
        values = {f.name: _strip_positions(getattr(node, f.name)) for f in attrs.fields(type(node))
                  if f.name != "pos"}  # fmt: skip
        return (type(node).__name__, values)
    if isinstance(node, tuple):
        return tuple(_strip_positions(n) for n in node)
    return node


@pytest.mark.parametrize("name", sorted(shipped_policies()))
def test_every_shipped_expression_unparses_to_text_that_parses_the_same(name: str) -> None:
    pf = parse_policy(shipped_policies()[name].read_text(), f"{name}.wr")
    for rule in pf.rules:
        exprs = [rule.where, getattr(rule.check, "value", None), getattr(rule.check, "cond", None)]
        for expr in filter(None, exprs):
            again = parse_expression(unparse(expr))
            assert _strip_positions(again) == _strip_positions(expr)


@pytest.mark.parametrize(("where", "column", "message"), [
    ("per chair, per dya", 20, "unknown name 'dya' for a MAPPA meeting (did you mean 'day'?)"),
    ("per chair, per unti", 20, "unknown name 'unti' for a MAPPA meeting (did you mean "
     "'unit'?)"),
    ("per chiar, per day", 9, "unknown name 'chiar' for a MAPPA meeting (did you mean "
     "'chair'?)"),
])  # fmt: skip
def test_a_misspelt_per_key_is_refused_with_the_name_meant(
        tmp_path: Path, where: str, column: int, message: str) -> None:
    # the calendar's periods and the record's unit are names a rule can read, so a slip of
    # one is answered with it, as a slip of a field is
    path = policy_file(tmp_path, f"rule r\n    for each mappa_meeting\n    {where}\n"
                                 "    measure count at most 1\n")  # fmt: skip
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert (err.value.line, err.value.column, err.value.message) == (3, column, message)


SLIPS = FIXTURES / "policy-slips"


@pytest.mark.parametrize(("name", "line", "column", "message"), [
    ("zero-default", 5, 25, "per_fte cannot be 0: r divides by it, and nothing divided by 0 "
     "has a value"),
    ("zero-step", 5, 5, "per_fte cannot be 0: r divides by it, and nothing divided by 0 has a "
     "value"),
    ("let-twice", 7, 9, "'hours' is already a let of this rule (line 6); give each let a name "
     "of its own"),
    ("key-type-slip", 4, 7, "'grde' is not what a parameter is keyed by (did you mean "
     # (a case's flags, since review 58, come before an absence's reason in the data model)
     "'grade'?); key it by grade or by a fixed list (role, type, rosh, flag, reason, "
     "reoffending)"),
    ("key-twice", 4, 7, "cap: the key 'spo' is given twice (as 'SPO' before it); give each key "
     "once"),
    ("key-not-a-role", 4, 7, "cap: 'daos' is not a role (did you mean 'daso'?); the roles are "
     "pta, pso_assessor, facilitator, upw_supervisor, mappa_coordinator, "
     "sfo_reviewing_manager, psr_author, pom, pre_release, nsd_practitioner, vlo, daso, "
     "polygraph_examiner, case_admin, business_manager"),
    ("list-dangling", 5, 17, "there is no word list 'staf' (did you mean 'staff'?); declare it "
     'with: words NAME = "...", ...'),
    ("list-circle", 5, 11, "word list 'a' contains itself"),
])  # fmt: skip
def test_a_slip_in_a_policy_is_refused_at_its_line_not_read_silently(
        name: str, line: int, column: int, message: str) -> None:  # fmt: skip
    # each was accepted (fixtures/policy-slips/README.md says what was read instead)
    with pytest.raises(PolicyError) as err:
        load_policy(SLIPS / f"{name}.wr")
    assert (err.value.line, err.value.column, err.value.message) == (line, column, message)


def test_a_parameter_keyed_by_something_that_is_no_slip_is_read_as_before(
        tmp_path: Path) -> None:  # fmt: skip
    # `by unit` is no slip of grade or of a fixed list: its keys are read as written
    path = policy_file(tmp_path, 'policy by-unit "t"\n\nparam cap: count by unit {North, '
                                 "South}\n\nrule r\n    for each staff\n    per unit\n"
                                 "    measure count at most cap[unit]\n")  # fmt: skip
    assert load_policy(path).facts["cap"].keys == ("North", "South")


SET_TWICE = FIXTURES / "set-twice"


@pytest.mark.parametrize(("name", "line", "message"), [
    ("cap-twice", 5, "upw_contact_hours_max is set a second time in this policy (first at "
     "line 4); keep one value"),
    ("keyed-twice", 6, "span_of_control_max[SPO] is set a second time in this policy (first "
     "at line 4); keep one value"),
])  # fmt: skip
def test_a_value_set_twice_in_one_policy_is_refused(name: str, line: int, message: str) -> None:
    with pytest.raises(PolicyError) as err:
        load_policy(SET_TWICE / f"{name}.wr")
    assert (err.value.line, err.value.column, err.value.message) == (line, 5, message)


def test_a_policy_sets_a_value_over_its_base_policys() -> None:
    assert load_policy(SET_TWICE / "extends.wr").values["upw_contact_hours_max"] == 7


# ------------------------------------------------------------ `mean of X by M` (review 34)
MEAN_BY = ("rule r\n  for each wmt\n  per unit, per week\n"
           "  measure mean of percent by {by} at most 100%\n  say \"{{value}}\"\n")  # fmt: skip


def test_a_mean_by_a_field_is_written_back_as_it_reads() -> None:
    for text in ("mean of percent by staff", "mean of percent among wmt by staff",
                 "mean of (percent - 10%) among (wmt where percent > 0%) by staff"):
        assert unparse(parse_expression(text)) == text


@pytest.mark.parametrize(("by", "message"), [
    ("staff.roles", "'mean of ... by' takes the mean of each of the different values of a "
                    "field, such as staff; staff.roles is a list"),
    ("stafff", "unknown name 'stafff' for a WMT reading (did you mean 'staff'?)"),
])  # fmt: skip
def test_a_mean_by_what_is_no_single_value_is_refused_at_its_line(tmp_path: Path, by: str,
                                                                   message: str) -> None:  # fmt: skip
    with pytest.raises(PolicyError) as err:
        load_policy(policy_file(tmp_path, MEAN_BY.format(by=by)))
    assert (err.value.line, err.value.message) == (4, message)
