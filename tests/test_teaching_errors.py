"""Common syntax mistakes in a policy are refused with what to write instead, at the line and
column of the mistake, with the caret excerpt every policy error shows."""

from __future__ import annotations

import pytest

from workrules.errors import PolicyError
from workrules.parse import parse_policy

RULE = '''rule upw-group-ratio
    clause "5a"
    title "Unpaid Work group above 1:6"
    for each upw_session
    measure members at most 6
    say "The group had {members} members."
'''


def _refusal(text: str) -> str:
    with pytest.raises(PolicyError) as err:
        parse_policy(text, "p.wr")
    return f"{err.value}\n{err.value.details()}"


@pytest.mark.parametrize(("wrong", "right", "refusal"), [
    pytest.param("measure members", "mesure members",
                 "p.wr:5:5: 'mesure' is not a keyword that can stand here (did you mean "
                 "'measure'?)\n        mesure members at most 6\n        ^^^^^^", id="misspelt-keyword"),
    pytest.param('clause "5a"', 'clase "5a"',
                 "p.wr:2:5: 'clase' is not a keyword that can stand here (did you mean "
                 "'clause'?)\n        clase \"5a\"\n        ^^^^^", id="misspelt-clause"),
    pytest.param("at most 6", "at most",
                 "p.wr:5:28: 'at most' and 'at least' need a limit after them, on the same "
                 "line\n        measure members at most\n                               ^",
                 id="at-most-without-a-value"),
    pytest.param('members."', "members.",
                 "p.wr:6:9: this quoted text is not closed: a closing \" is missing on this "
                 "line\n        say \"The group had {members} members.\n            ^",
                 id="unclosed-string"),
    pytest.param("rule upw-group-ratio", "rule",
                 "p.wr:2:12: 'rule' needs an id after it, on the same line: rule "
                 "upw-group-ratio\n        clause \"5a\"\n               ^^^^",
                 id="rule-without-id"),
    pytest.param('clause "5a"', "severity",
                 "p.wr:3:11: 'severity' needs one of advisory, warning, error after it\n"
                 "        title \"Unpaid Work group above 1:6\"\n              "
                 "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^", id="severity-without-a-value"),
    pytest.param("for each upw_session", "for upw_session",
                 "p.wr:4:9: unexpected 'upw'; expected 'each' (write 'for each KIND')\n"
                 "        for upw_session\n            ^^^", id="for-without-each"),
])  # fmt: skip
def test_a_common_mistake_is_refused_with_what_to_write(wrong: str, right: str,
                                                        refusal: str) -> None:  # fmt: skip
    assert wrong in RULE
    assert _refusal(RULE.replace(wrong, right)) == refusal


def test_a_parameter_without_its_type_is_told_the_types() -> None:
    assert _refusal("param upw_ratio = 1:6\n") == (
        "p.wr:1:17: a parameter needs its type: param NAME: TYPE (percent, hours, days, count, "
        "number, date or ratio)\n    param upw_ratio = 1:6\n                    ^")


def test_a_waiver_without_its_rule_is_told_to_name_it() -> None:
    assert _refusal('waive\n    for "S001"\n').splitlines()[0] == (
        "p.wr:2:9: 'waive' needs the id of the rule it waives after it: waive upw-group-ratio")


def test_a_stray_word_after_a_rule_id_is_not_taken_for_a_missing_id() -> None:
    # The parser is in the same state as after `rule` + a keyword, but the word is no keyword
    # and no misspelling of one: the refusal lists what may stand there instead.
    first = _refusal(RULE.replace('clause "5a"', 'zzz "5a"')).splitlines()[0]
    assert first.startswith("p.wr:2:5: unexpected 'zzz'; expected 'clause', ")


@pytest.mark.parametrize("waiver", [
    'waive upw-group-ratio for S001 because "b" agreed by "a" until 2025-01-01\n',
    'waive upw-group-ratio\n    for S001\n    because "b"\n    agreed by "a"\n'
    '    until 2025-01-01\n',
])  # fmt: skip
def test_a_waivers_subject_left_unquoted_is_told_to_quote_it(waiver: str) -> None:
    # not told to write 'for each KIND', which is a rule's, not a waiver's
    first = _refusal(waiver).splitlines()[0]
    assert first.endswith("""unexpected 'S001'; expected a "quoted text" (a waiver's subject """
                          """is quoted text: for "S1")""")  # fmt: skip
