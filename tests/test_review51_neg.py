"""A union negotiator's counter-offer, diff, impact and meeting pack (a first hour, round 51).

fixtures/review51/neg/README.md says what each file holds. P1: a rule renamed in an extending
policy (`leave out` and the same rule under a new id) split the impact into false "only"
lists; P2 and P9: a title over a dated cap gave one value, worked out from the machine's clock;
P3: a condition that can never hold loaded and read as a pass; P4: `clause "8 b"` was taken as
a clause of its own; P6: the impact hid 7's change from error to warning; P8: the pack put an
offer's own `set` lines down to a config.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workrules.cli import main
from workrules.dataset import load_data
from workrules.errors import PolicyError
from workrules.policy import load_policy
from workrules.policy_diff import diff_policies, impact

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review51" / "neg"
DATA = [str(HERE / "data" / f) for f in ("staff.yaml", "rota.yaml", "allocation.yaml")]
TODAY = dt.date(2026, 7, 14)
OFFER = str(HERE / "offer.wr")


@pytest.fixture(scope="module")
def found():  # type: ignore[no-untyped-def]
    return impact("claim-2024", OFFER, DATA, today=TODAY)


def test_a_rule_left_out_and_written_again_under_a_new_id_is_a_rename():
    diff = diff_policies("claim-2024", OFFER)
    assert diff.renamed == (("programme-sessions-per-week", "facilitator-weekly-sessions"),)
    kinds = {(c.kind, c.name) for c in diff.changes if c.clause == "8a"}
    assert ("rule-renamed", "facilitator-weekly-sessions") in kinds
    assert not [c for c in diff.changes if c.kind in ("rule-left-out", "rule-added")
                and c.clause == "8a"]  # fmt: skip


def test_a_renamed_rules_findings_are_matched_through_the_rename(found):  # type: ignore[no-untyped-def]
    row = next(t for t in found.by_clause if t.name == "8a")
    assert (row.only_old, row.only_new, row.both) == (19, 0, 30)
    unit = next(t for t in found.by_unit if t.name == "Tees PDU")
    assert (unit.only_old - unit.only_old_not_judged_by_new, unit.only_new, unit.both) == (
        82, 0, 78)
    line = next(s for s in found.summary if s.startswith("8a:"))
    assert line == ("8a: programme-sessions-per-week renamed facilitator-weekly-sessions under "
                    f"NEW (left out at {OFFER}:20, written again at {OFFER}:23); 49 "
                    "facilitator-weeks in breach under OLD, 30 under NEW")


def test_a_rule_written_again_with_another_check_stays_left_out():
    # fixtures/review59/leave/interim.wr writes 7a's rule again, weaker: not a rename
    interim = ROOT / "fixtures" / "review59" / "leave" / "interim.wr"
    diff = diff_policies("claim-2024", interim)
    assert diff.renamed == ()
    assert ("rule-left-out", "case-role-boundary") in {(c.kind, c.name) for c in diff.changes}


def test_a_change_of_severity_is_said_on_the_rows_both_flag(found):  # type: ignore[no-untyped-def]
    rows = [p for p in found.both if p.rule == "psr-role-boundary"]
    assert len(rows) == 13
    assert {(p.old.severity, p.new.severity) for p in rows} == {("error", "warning")}
    from workrules.policy_diff import text

    said = text(diff_policies("claim-2024", OFFER), found)
    assert ("  data/allocation.yaml:14: psr-role-boundary [7] R002, 2026-01-08, Tees PDU: the "
            "person's RoSH level is high (not allowed); error under claim-2024, warning under "
            "employer-counter-2026") in said.replace(str(HERE) + "/", "")


def test_a_title_over_a_dated_cap_says_it_whole_whatever_the_day():
    policy = load_policy(OFFER)
    rule = next(cr for cr in policy.rules if cr.id == "facilitator-weekly-sessions")
    assert rule.head.title == ("More than five programme sessions (four from 2026-04-01) a "
                               "week for one facilitator")


@pytest.mark.parametrize("today", ["2026-03-15", "2026-07-14"])
def test_the_packs_clause_heading_says_both_caps(tmp_path: Path, today: str):
    out = tmp_path / "pack.html"
    main(["check", *DATA, "--policy", OFFER, "--today", today, "--format", "html", "-o",
          str(out)])
    page = out.read_text()
    assert ("Clause 8a: More than five programme sessions (four from 2026-04-01) a week for "
            "one facilitator") in page
    assert "More than four programme" not in page
    assert ("These values were set over the policy&#x27;s own, by the policy file "
            f"{OFFER} that extends it.") in page or (
        f"These values were set over the policy's own, by the policy file {OFFER} that "
        "extends it.") in page


def test_a_condition_that_can_never_hold_is_refused_at_its_line(capsys):  # type: ignore[no-untyped-def]
    code = main(["check", "--policy", str(HERE / "mistakes" / "never-fires.wr"), *DATA,
                 "--today", "2026-07-14"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines()[0] == (
        f"workrules: {HERE}/mistakes/never-fires.wr:8:11: this condition can never hold: no "
        "record has level = 2 and level = 3 at once, so the rule would never find anything; "
        "to take either, join them with 'or'")


def _policy_with(tmp_path: Path, where: str, clause: str = "8b") -> Path:
    path = tmp_path / "p.wr"
    path.write_text(f'policy p "p"\nextends "claim-2024"\n\nrule mappa-x\n    clause "{clause}"\n'
                    f'    title "X"\n    for each mappa_meeting\n    where {where}\n'
                    "    per chair, per day\n    measure count at most 3\n")
    return path


@pytest.mark.parametrize("where", [
    "level in {1, 2} and level = 3", "level = 2 and level != 2", "level > 2 and level < 2",
    "level = 3 and level < 3", "(level = 2 and level >= 1) and level = 3",
    "type = initial and type = review", "level = 1 or level = 2 and level = 3"])
def test_each_kind_of_condition_that_can_never_hold_is_refused(tmp_path: Path, where: str):
    # (a side of an `or`: "this part of the condition can never hold", the review of session 52)
    with pytest.raises(PolicyError, match=r"(this|this part of the) condition can never hold"):
        load_policy(_policy_with(tmp_path, where))


@pytest.mark.parametrize("where", [
    "level = 2 and level = 2", "level in {2, 3} and level = 3", "level >= 2 and level <= 2",
    "level > 1 and level < 3", "level = 2 and type = initial", "level = 2 or level = 3"])
def test_a_condition_that_can_hold_loads(tmp_path: Path, where: str):
    load_policy(_policy_with(tmp_path, where))


@given(a=st.integers(0, 5), b=st.integers(0, 5), op=st.sampled_from(["=", "!=", "<", ">="]))
def test_an_and_of_two_levels_is_refused_exactly_when_no_level_meets_it(a: int, b: int,
                                                                         op: str):  # fmt: skip
    import tempfile

    # (a MAPPA level is 1, 2 or 3: any other is refused as input, so a condition no level of
    # those meets can never hold either)
    holds = any(x == a and {"=": x == b, "!=": x != b, "<": x < b, ">=": x >= b}[op]
                for x in (1, 2, 3))
    with tempfile.TemporaryDirectory() as tmp:
        path = _policy_with(Path(tmp), f"level = {a} and level {op} {b}")
        if holds:
            load_policy(path)
        else:
            with pytest.raises(PolicyError, match="can never hold"):
                load_policy(path)


@pytest.mark.parametrize("where,asks", [
    ("level = 4", "level = 4"), ("level > 3", "level > 3"), ("0 = level", "0 = level"),
    ("level in {0, 4}", "level in {0, 4}"), ("level not in {1, 2, 3}", "level not in {1, 2, 3}"),
    ("level >= 2 and level > 3", "level > 3"), ("level >= 2 and level < 2",
                                                "level >= 2 and level < 2")])
def test_a_mappa_level_no_record_can_have_is_refused_naming_the_levels(
        tmp_path: Path, where: str, asks: str):  # fmt: skip
    """A MAPPA level is 1, 2 or 3 (any other refused as input): `where level = 4` would load
    and read as a pass (the first hour of round 51, left in its note)."""
    with pytest.raises(PolicyError) as err:
        load_policy(_policy_with(tmp_path, where))
    assert (err.value.line, err.value.message) == (8, (
        "this condition can never hold: a record's MAPPA level is 1, 2 or 3 (any other is "
        f"refused as input), so none has {asks}: the rule would never find anything"))


@pytest.mark.parametrize("where", ["not (level > 3)", "not (level = 2 and level = 3)",
                                   "not (level = 4 or level = 0)"])
def test_a_part_that_can_never_hold_under_not_loads(tmp_path: Path, where: str):
    """`not (level > 3)` always holds: no mistake to refuse (the review of session 52, P5)."""
    load_policy(_policy_with(tmp_path, where))


@pytest.mark.parametrize("where,asks", [
    ("level > 3 or type = initial", "a record's MAPPA level is 1, 2 or 3 (any other is refused "
     "as input), so none has level > 3: it selects"),
    ("type = initial or (level = 2 and level = 3)", "no record has level = 2 and level = 3 at "
     "once, so it selects")])
def test_a_part_of_an_or_that_can_never_hold_is_refused_as_a_part(
        tmp_path: Path, where: str, asks: str):  # fmt: skip
    """A dead side of an `or` is a mistake, but the rule does find records: the refusal says
    the part selects none, never that the rule finds nothing (the review of session 52, P5)."""
    with pytest.raises(PolicyError) as err:
        load_policy(_policy_with(tmp_path, where))
    assert err.value.message == (
        f"this part of the condition can never hold: {asks} no record, whatever the other side "
        "of 'or' selects" + ("; to take either, join them with 'or'" if "at once" in asks
                             else ""))


@pytest.mark.parametrize("where", ["level in {3, 4}", "level != 1", "level >= 3",
                                   "level < 4 and level > 2"])
def test_a_mappa_level_condition_some_record_can_meet_loads(tmp_path: Path, where: str):
    load_policy(_policy_with(tmp_path, where))


@pytest.mark.parametrize("kind,where,per", [("case", "mappa_level = 4", "practitioner"),
                                            ("report", "subject.mappa_level > 3", "author")])
def test_a_case_or_report_subject_mappa_level_no_record_can_have_is_refused(
        tmp_path: Path, kind: str, where: str, per: str):  # fmt: skip
    path = tmp_path / "p.wr"
    path.write_text(f'policy p "p"\nextends "claim-2024"\n\nrule x\n    clause "7a"\n'
                    f'    title "X"\n    for each {kind}\n    where {where}\n'
                    f"    per {per}\n    measure count at most 3\n")
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert err.value.message.startswith(
        "this condition can never hold: a record's MAPPA level is 0, 1, 2 or 3 (any other")


@pytest.mark.parametrize("clause", ["8 b", "8B", "8(b)"])
def test_a_claim_clause_spelt_another_way_is_refused_with_the_clause_meant(
        tmp_path: Path, clause: str):  # fmt: skip
    with pytest.raises(PolicyError) as err:
        load_policy(_policy_with(tmp_path, "level = 3", clause))
    assert err.value.line == 5
    assert err.value.message.startswith(
        f'clause "{clause}" is clause 8b written another way; did you mean clause "8b"?')


@pytest.mark.parametrize("clause", ["local 1", "4a", "8b"])
def test_a_clause_of_ones_own_or_the_claims_own_spelling_loads(tmp_path: Path, clause: str):
    load_policy(_policy_with(tmp_path, "level = 3", clause))


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_renamed_rule_finds_the_same_under_both_engines(engine: str):
    result = load_policy(OFFER).check(load_data(DATA), today=TODAY, engine=engine)
    mine = [f for f in result.findings if f.rule == "facilitator-weekly-sessions"]
    assert len(mine) == 30
    assert sum(f.limit == "at most 5" for f in mine) == 9


# Round 51's review (P5, P6, P9): fixtures/review51/neg/review

REVIEW = HERE / "review"


def test_two_grades_one_declared_like_the_other_can_both_hold():
    # `grade COURT_PO like PO`: a COURT_PO's report compares as a PO's too (P5)
    policy = load_policy(REVIEW / "declared-like.wr")
    rule = next(cr for cr in policy.rules if cr.id == "court-po-psr")
    assert rule.head.clause == "local 2"


def _declared_like_with(tmp_path: Path, where: str) -> Path:
    """declared-like.wr (`grade COURT_PO like PO`) with another `where`."""
    path = tmp_path / "p.wr"
    path.write_text((REVIEW / "declared-like.wr").read_text().replace(
        "author.grade = PO and author.grade = COURT_PO", where))
    return path


@pytest.mark.parametrize("where", [
    "author.grade = PO and author.grade = COURT_PO",
    "author.grade in {PSO, PQiP} and author.grade = COURT_PO",
    "author.grade = COURT_PO and author.grade != PO"])
def test_a_declared_grade_is_never_called_apart_from_another(tmp_path: Path, where: str):
    load_policy(_declared_like_with(tmp_path, where))


@pytest.mark.parametrize("where", [
    "author.grade = PO and author.grade = PSO",
    "author.grade = COURT_PO and author.grade != COURT_PO"])
def test_grades_no_declaration_can_join_are_still_refused(tmp_path: Path, where: str):
    with pytest.raises(PolicyError, match="this condition can never hold") as err:
        load_policy(_declared_like_with(tmp_path, where))
    assert err.value.line == 10


def test_a_weekly_cap_left_out_for_a_daily_one_is_not_a_rename():
    # P6: the same clause and check, counted by the day: left out and added
    daily = REVIEW / "daily-cap.wr"
    diff = diff_policies("claim-2024", daily)
    assert diff.renamed == ()
    assert {(c.kind, c.name) for c in diff.changes if c.clause == "8a"} == {
        ("rule-left-out", "programme-sessions-per-week"),
        ("rule-added", "facilitator-daily-sessions")}
    found = impact("claim-2024", daily, DATA, today=TODAY)
    row = next(t for t in found.by_clause if t.name == "8a")
    assert (row.only_old, row.only_new, row.both) == (49, 0, 0)
    assert {p.rule for p in found.only_old if p.clause == "8a"} == {
        "programme-sessions-per-week"}


def test_a_rule_written_again_over_other_records_is_not_a_rename(tmp_path: Path):
    # P6: the weekly cap again, per day left as it was but with a `where` of its own
    path = tmp_path / "p.wr"
    path.write_text((REVIEW / "daily-cap.wr").read_text().replace(
        "per facilitators as facilitator, per day",
        "where programme = \"Thinking Skills\"\n    per facilitators as facilitator, per week"))
    assert diff_policies("claim-2024", path).renamed == ()


def test_a_title_over_a_value_set_only_from_a_date_says_it_is_to_be_agreed_before():
    # P9: never "More than to be agreed (two ... from 2026-04-01)"
    policy = load_policy(REVIEW / "dated-from-unset.wr")
    rule = next(cr for cr in policy.rules if cr.id == "mappa-chairing-per-day")
    assert rule.head.title == ("More than two Level 2 MAPPA meetings (from 2026-04-01; to be "
                               "agreed before) of a type chaired in a day")
