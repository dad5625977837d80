"""`unless under NAME until NAME` (the review of session 51, P3): a heading inside the first
pattern's section that gives the second ends what the first covers, so the post's role under
another person's letter ("# Welcome from the Head of PDU" over "## The role") is read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules.errors import PolicyError
from workrules.fmt import format_policy
from workrules.lang import nodes as n
from workrules.lang.parse import parse_policy
from workrules.textpattern import TextMatcher, compile_pattern

SOURCE = '''words staff = "staff", "team"
pattern lm
    finds "manage ... {staff}"
    unless under letter until role
pattern letter
    finds "welcome from"
pattern role
    finds "the role", "duties"
    unless under spec
pattern spec
    finds "person specification"
'''


def _lm(source: str = SOURCE) -> TextMatcher:
    policy = parse_policy(source, "p.wr")
    decls = {p.name: p for p in policy.patterns}
    words = {w.name: w for w in policy.words}
    return compile_pattern(decls["lm"], words, lambda message, pos: PolicyError(message), decls)


def test_a_role_heading_inside_a_letter_ends_the_letter() -> None:
    lm = _lm()
    assert lm.gives("# Welcome from the Head\n\n## The role\n\nYou will manage the team.\n")
    assert lm.gives("## Welcome from the Head\n\n### Duties\n\nManage the team.\n")


def test_a_letters_own_sub_heading_stays_the_letters() -> None:
    lm = _lm()
    assert not lm.gives("# Welcome from the Head\n\nI manage the team.\n")
    assert not lm.gives("# Welcome from the Head\n\n## My office\n\nI manage the team.\n")
    # a letter inside the role's section is still the letter's
    assert not lm.gives("# The role\n\n## Welcome from the Head\n\nI manage the team.\n")
    # a role's heading under a person specification's (the `until` pattern's own `unless
    # under`) is a criterion's, and ends nothing
    assert not lm.gives("# Welcome from the Head\n\n## Person specification\n\n"
                        "### Duties\n\nManage the team.\n")


_LEVELS = st.integers(min_value=1, max_value=3)  # with `deeper`, at most an H6


@given(_LEVELS, st.integers(min_value=1, max_value=3), st.booleans())
def test_under_until_reads_by_heading_level(letter: int, deeper: int, role: bool) -> None:
    inner = "The role" if role else "My office"
    text = (f"{'#' * letter} Welcome from the Head\n\n{'#' * (letter + deeper)} {inner}\n\n"
            "You will manage the team.\n")
    assert _lm().gives(text) is role


def test_until_is_kept_by_fmt_and_unparse() -> None:
    policy = parse_policy(SOURCE, "p.wr")
    assert "    unless under letter until role\n" in format_policy(SOURCE, "p.wr")
    lm = next(p for p in policy.patterns if p.name == "lm")
    assert (lm.under, lm.under_until) == ("letter", "role")
    assert n.unparse_pattern(lm).endswith("unless under letter until role")


def test_until_an_unknown_pattern_is_refused() -> None:
    with pytest.raises(PolicyError) as refused:
        _lm(SOURCE.replace("until role", "until rol"))
    assert str(refused.value).startswith(
        "pattern lm: there is no text pattern 'rol' to read a heading with (did you mean "
        "'role'?)")
