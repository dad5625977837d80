"""Conditions where the two engines once parted, found by a differential fuzzer (session 22):
each is judged alike by both, and as the language says a missing value is judged (a
condition on it does not hold). `fixtures/engine-edges/edges.wr` says what each rule reads.

- A number that overflows to infinity, less itself, is NaN: polars orders NaN above every
  number, Python compares nothing with it. No comparison with NaN holds, in either engine.
- `A otherwise B` is missing where both sides are (it was typed as never missing, so the
  Python engine compared None with a date, and found `None != 2024-06-30` true).
- `number of L`, with L read through an id that is missing (`pta.roles` of someone with no
  PTA), is missing (it was typed as never missing: the Python engine crashed on None - 1).
- The columnar engine crashed on a rule that reads no field of its kind (a frame of rows and
  no column), and on two staff fields that no one gives read through one id (polars' common
  subexpressions took the two missing columns for one).
- A division: polars may divide by multiplying by the reciprocal, a last bit away from
  Python's quotient, and on the tolerance that bit decides (`1e-09 / 11.1 * 22.2` less
  `1e-09` is exactly 1e-09 in Python). A condition with a division is judged by Python.

Session 23 (`session23.wr`): a ratio whose right side binds a name; a grouped `where` that
looks a person up through an optional id beside a parameter (the two had one name); a sum of
a value that reads no record; a list item holding the columnar engine's separator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workrules import load_data, load_policy

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "engine-edges"
FILES = [str(HERE / name) for name in ("staff.json", "rota.json", "allocation.json")]
EXPECTED = [
    ("closed-or-left", "C1", "the date the case was closed otherwise the practitioner's leaving "
     "date is not given"),
    ("reads-no-field", "C1", "0.3% is 0.3%"),
    ("closed-or-left", "C2", "the date the case was closed otherwise the practitioner's leaving "
     "date is 2024-06-30"),
    ("reads-no-field", "C2", "0.3% is 0.3%"),
    ("reads-no-field", "C3", "0.3% is 0.3%"),
    ("manager-fields-no-one-gives", "F1", "the reviewing manager's contracted hours are not "
     "given; the required sign-offs are cpo, the required sign-offs cpo; the reviewing manager's "
     "qualification date is not given, the reviewing manager's start date not given; the "
     "reviewing manager's name is not given"),
    ("on-the-tolerance", "U2", "(contact_hours / (22.2 h / 2)) * 22.2 is 0, the contact hours 0 h"),
    ("pta-roles", "S1", "number of pta.roles is not given"),
    ("pta-roles", "S3", "number of pta.roles is not given"),
]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_overflow_otherwise_and_number_of_a_missing_list_are_judged_alike(engine: str) -> None:
    result = load_policy(str(HERE / "edges.wr")).check(
        load_data(FILES), today=dt.date(2025, 1, 1), engine=engine)
    assert [(f.rule, f.subject, f.measured) for f in result.findings] == EXPECTED
    # no one's roles are given, so the rule that reads them says it read them as none
    assert [(na.rule, na.reason) for na in result.not_applied] == [(
        "pta-roles", "applied in part: no staff member in the data gives any roles, so each was "
        "read as having none; if the export leaves them out, this rule could not judge by them"), (
        "manager-fields-no-one-gives", "applied in part: no staff member in the data gives "
        "flexitime participation, which the rule's selection compares, so none was selected by "
        "it; if the export leaves it out, this rule could not judge by it")]  # (session 43)


def test_otherwise_is_missing_only_where_both_sides_may_be() -> None:
    rules = {r.id: r for r in load_policy(str(HERE / "edges.wr")).rules}
    compare = rules["closed-or-left"].check.cond  # type: ignore[union-attr]
    assert compare.left.type.optional
    number_of = rules["pta-roles"].check.cond.left  # type: ignore[union-attr]
    assert number_of.type.optional


def test_a_condition_with_a_division_runs_on_the_python_engine() -> None:
    from workrules.engine import columnar

    rules = {r.id: r for r in load_policy(str(HERE / "edges.wr")).rules}
    assert "division" in columnar.unsupported(rules["on-the-tolerance"])
    assert not columnar.unsupported(rules["reads-no-field"])


GROUPED = [str(HERE / "grouped-staff.json"), str(HERE / "grouped-allocation.json")]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_grouped_rules_at_the_edges_are_judged_alike(engine: str) -> None:
    # an aggregate of a staff field read through an id (the columnar plan summed it before
    # it was joined in); a spell of at least some days (the Python engine crashed); the
    # fewest held at once when the peak holds no one (both crashed placing it: no evidence)
    result = load_policy(str(HERE / "grouped.wr")).check(
        load_data(GROUPED), today=dt.date(2025, 1, 1), engine=engine)
    assert [(f.rule, f.subject, f.message, [e.line for e in f.evidence])
            for f in result.findings] == [
        ("hours-of-practitioners", "S1", "S1: hours-of-practitioners: measured 37 h, at most 8 h.",
         [2]),
        ("long-enough-above", "S3", "S3 (2024-06-17 to 2024-06-23): long-enough-above: measured "
         "7 days, at least 10 days.", [4]),
        ("fewest-trainees", "S1", "S1: fewest-trainees: measured 0, at least 1.", [3]),
    ]


def test_a_list_on_the_right_of_a_ratio_is_refused_with_the_way_round(tmp_path: Path) -> None:
    from workrules import PolicyError

    policy = tmp_path / "ratio.wr"
    policy.write_text('policy r "r"\n\nrule r0\n    for each upw_session\n'
                      "    ratio members to supervisors at most 1:6\n")
    with pytest.raises(PolicyError) as refused:
        load_policy(str(policy))
    assert str(refused.value).splitlines()[0] == (
        f"{policy}:5:22: a ratio counts a list on its left only; supervisors is a list: write "
        "'ratio supervisors to members', with each limit turned round (6:1 as 1:6)")


SESSION23 = [str(HERE / "session23-staff.json"), str(HERE / "session23-rota.json")]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_rules_a_third_fuzzer_crashed_or_parted_on_are_judged_alike(engine: str) -> None:
    # a ratio whose right side binds a name (`members otherwise 0`: both engines' Python was
    # a SyntaxError); a grouped `where` reading `pta.started_on` twice beside a parameter
    # (the person looked up was named as the parameter's value: a crash, or a count of
    # people whose tutor started on the very day); `sum of 5 h` (the columnar plan summed
    # it once a group, and found nothing); a supervisor's id holding U+001F (the columnar
    # engine split it into two people, `S` and `5`)
    result = load_policy(str(HERE / "session23.wr")).check(
        load_data(SESSION23), today=dt.date(2025, 1, 1), engine=engine)
    assert [(f.rule, f.subject, f.message) for f in result.findings] == [
        ("hours-per-supervisor", "S1", "S1: hours-per-supervisor: measured 2 h, at most 1 h."),
        ("ratio-right-otherwise", "U1", "U1 (2024-06-03): ratio-right-otherwise: measured 1:7 "
         "(helpers 7, supervisors 1), at most 1:6."),
        ("sum-of-a-constant", "sum-of-a-constant", "sum-of-a-constant (2024-06-03): "
         "sum-of-a-constant: measured 10 h, at most 8 h."),
        ("hours-per-supervisor", "S 5", "S 5: hours-per-supervisor: measured 2 h, at most "
         "1 h."),
        ("tutor-started-apart", "PQiP", "PQiP: tutor-started-apart: measured 1, at most 0."),
    ]
    assert result.not_applied == ()
