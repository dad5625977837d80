"""Unit-level rules (issue 12, section 1): grouping by unit and region, aggregates over a
group's members (`mean of`, `count of`, `share of`/`how many of ... where`, `... among KIND`),
records that are absent (`require some KIND`), and the claim's Operation Safeguard (1.1g) and
1.2i rules. The figures are checked against plain restatements over generated input."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workrules
from workrules import PolicyError
from workrules import nodes as n
from workrules.parse import parse_expression

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "fixtures" / "units"
FILES = [str(UNITS / "staff.yaml"), str(UNITS / "allocation.yaml")]
AGREED = ["safeguard_wmt_mean_max=120%", "safeguard_over_ceiling_share_max=50%",
          "safeguard_unallocated_max=100", "safeguard_vacancies_max=2",
          "wmt_assessed_from=2024-06-01"]  # fmt: skip


def test_every_safeguard_level_and_1_2i_are_not_applied_until_agreed() -> None:
    result = workrules.check(FILES)
    reasons = {na.rule: na.reason for na in result.not_applied}
    assert {rule: reasons[rule] for rule in (
        "safeguard-wmt-mean", "safeguard-over-ceiling-share", "safeguard-unallocated",
        "safeguard-vacancies", "wmt-not-assessed")} == {
        "safeguard-wmt-mean": "cap not yet agreed: safeguard_wmt_mean_max is unset (set with "
                              "--set safeguard_wmt_mean_max=N)",
        "safeguard-over-ceiling-share": "cap not yet agreed: safeguard_over_ceiling_share_max "
                                        "is unset (set with --set "
                                        "safeguard_over_ceiling_share_max=N)",
        "safeguard-unallocated": "cap not yet agreed: safeguard_unallocated_max is unset (set "
                                 "with --set safeguard_unallocated_max=N)",
        "safeguard-vacancies": "cap not yet agreed: safeguard_vacancies_max is unset (set with "
                               "--set safeguard_vacancies_max=N)",
        "wmt-not-assessed": "date not yet agreed: wmt_assessed_from is unset (set with --set "
                            "wmt_assessed_from=DATE)",
    }  # fmt: skip
    assert not [f for f in result.findings if f.clause in ("1.1g", "1.2i")]


def test_a_full_unit_is_named_with_its_week_figures_and_evidence() -> None:
    result = workrules.check(FILES, set_values=AGREED, today=dt.date(2026, 12, 1))
    (share,) = [f for f in result.findings
                if f.rule == "safeguard-over-ceiling-share" and f.subject == "North PDU"]
    assert share.message == (
        "North PDU, week of 2024-06-03: 100% of the practitioners with a reading above 110% of "
        "WMT (2 of 2), more than the 50% agreed for Operation Safeguard (1.1g); mean WMT: 135%; "
        "cases unallocated: 650. The unit may declare itself full.")
    assert (share.measured, share.limit, share.unit) == ("100%", "at most 50%", "North PDU")
    (south,) = [f for f in result.findings if f.rule == "safeguard-wmt-mean"
                and f.subject == "South PDU"]  # fmt: skip
    assert (south.file, south.unit) == (FILES[1], "South PDU")  # in North's file, South's
    assert [(e.kind, e.label, e.line) for e in share.evidence] == [
        ("wmt", "WMT N1 week 2024-06-03", 7), ("wmt", "WMT N2 week 2024-06-03", 8),
        ("unallocated", "count of unallocated cases North PDU week 2024-06-03", 20)]
    # vacancies are judged in each week the files cover (scenarios round 56, P2), the weeks a
    # record of the work falls in (not those between them: the review of session 53, P1): N4
    # left before the first, and N5 gives no contracted hours, so each week is 4.5 of 8 vacant
    vacancies = [f for f in result.findings if f.rule == "safeguard-vacancies"]
    assert [(f.when(), f.value) for f in vacancies] == [
        (f"week of {week}", 4.5) for week in ("2024-06-03", "2024-06-10", "2024-07-01",
                                               "2024-07-08", "2024-09-02")]
    vacant = vacancies[0]
    assert vacant.message == (
        "North PDU, week of 2024-06-03: vacant funded full-time posts: 4.5 of 8 (3.5 FTE in post "
        "for some of the week, at 37 h a week), more than the 2 agreed for Operation Safeguard "
        "(1.1g). The unit may declare itself full.")
    assert [e.label for e in vacant.evidence] == [
        "N1", "N2", "N3", "N6", "establishment entry North PDU"]
    # N5, who starts on 2024-06-19 with no contracted hours, is evidence from their week on
    assert [e.label for e in vacancies[2].evidence] == [
        "N1", "N2", "N3", "N5", "N6", "establishment entry North PDU"]


def test_a_month_with_no_reading_at_all_is_said_not_judged() -> None:
    result = workrules.check(FILES, set_values=AGREED)
    (notice,) = [na for na in result.not_applied if na.rule == "wmt-not-assessed"]
    assert (notice.reason, notice.partial) == (
        "applied in part; not applied for August 2024: the data has no WMT reading at all for it",
        True)
    assert [(f.subject, f.when()) for f in result.findings if f.rule == "wmt-not-assessed"] \
        == [("N3", "June 2024"), ("N3", "July 2024"), ("S1", "July 2024"), ("S1", "September 2024")]


def test_data_with_no_reading_at_all_cannot_judge_1_2i() -> None:
    result = workrules.check([FILES[0]], set_values=AGREED)
    (notice,) = [na for na in result.not_applied if na.rule == "wmt-not-assessed"]
    assert (notice.reason, notice.partial) == (
        "the data has no WMT reading at all, so no month can be judged", False)


def test_a_period_before_the_rule_is_in_force_is_not_judged() -> None:
    result = workrules.check(FILES, set_values=[*AGREED[:4], "wmt_assessed_from=2024-07-02"])
    assert [(f.subject, f.when()) for f in result.findings if f.rule == "wmt-not-assessed"] \
        == [("S1", "September 2024")]


def _policy(tmp: Path, text: str) -> str:
    path = tmp / "p.wr"
    path.write_text(text)
    return str(path)


def test_unit_and_region_are_the_records_own_else_their_persons_else_their_files(
    tmp_path: Path,
) -> None:
    policy = _policy(tmp_path, (
        "rule people\n    for each staff\n    per region, per unit\n"
        "    measure count at least 100\n"
        "rule readings\n    for each wmt\n    per staff.grade as grade, per unit\n"
        "    measure count of staff at least 100\n"
        "rule waiting\n    for each unallocated\n    per region, per unit\n"
        "    measure sum of cases at least 1000\n"))  # fmt: skip
    found = workrules.check(FILES, policy=policy).findings
    assert sorted((f.rule, f.subject, f.value) for f in found) == [
        ("people", "North East", 6), ("people", "Yorkshire", 1),
        ("readings", "PO", 1), ("readings", "PO", 3), ("readings", "PQiP", 1),
        ("waiting", "North East", 12), ("waiting", "North East", 690)]
    assert sorted(f.message.split(":")[0] for f in found if f.rule == "readings") == [
        "PO", "PO", "PQiP"]


@pytest.mark.parametrize(("text", "message"), [
    ("rule r\n for each wmt\n per month\n require some wmt\n",
     "2:11: 'require some' looks for records naming each member of staff: write it in a rule "
     "'for each staff'"),
    ("rule r\n for each staff\n per grade\n require some wmt\n",
     "3:6: 'require some' looks in each period: give the rule one 'per day', 'per week' or "
     "'per month'"),
    ("rule r\n for each staff\n per month\n require some wnt\n",
     "4:15: there is no kind of record called 'wnt' (did you mean 'wmt'?)"),
    ("rule r\n for each staff\n per month\n require some report\n",
     "4:15: 'id' of a pre-sentence report does not name one member of staff; name the field "
     "that does with 'by' (author)"),
    ("rule r\n for each wmt\n per staff\n measure sum of cases among unallocated at most 1\n",
     "4:29: 'among unallocated' finds the records of the group's unit, region, day, week or "
     "month; this rule is also grouped per staff"),
    ("rule r\n for each wmt\n per unit\n measure mean of staff at most 1\n",
     "4:18: 'mean of' needs a number, not staff id"),
    ("rule r\n for each staff\n per unit\n measure share of roles where grade = PO at most 1\n",
     "4:19: 'share of' counts the different values of a field, such as staff; roles is a list"),
    ("rule r\n for each wmt\n measure mean of percent at most 1\n",
     "3:10: 'mean of' counts the records of a group: add 'per ...' to the rule"),
])  # fmt: skip
def test_unit_level_parts_misused_are_refused_in_one_line(
    text: str, message: str, tmp_path: Path
) -> None:
    path = _policy(tmp_path, text)
    with pytest.raises(PolicyError) as err:
        workrules.load_policy(path)
    assert str(err.value).splitlines()[0] == f"{path}:{message}"


@pytest.mark.parametrize("text", [
    "mean of percent", "count of staff", "share of staff where percent > 110%",
    "how many of staff where (percent > 110% and staff.grade = PO)",
    "sum of cases among unallocated", "mean of percent among (wmt where percent > 0%)",
    "share of staff among wmt where percent > wmt_ceiling",
])  # fmt: skip
def test_aggregates_write_back_as_they_parse(text: str) -> None:
    once = n.unparse(parse_expression(text, "p.wr"))
    assert n.unparse(parse_expression(once, "p.wr")) == once


# ---------------------------------------------------------------------------------------------
# The aggregates against plain restatements

readings = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 250)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(rows=readings, waiting=st.lists(st.integers(0, 900), max_size=3), ceiling=st.integers(
    50, 200))
def test_unit_aggregates_are_their_plain_restatements(
    rows: list[tuple[int, int]], waiting: list[int], ceiling: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _check_aggregates(rows, waiting, ceiling, Path(tmp))


def _check_aggregates(rows: list[tuple[int, int]], waiting: list[int], ceiling: int,
                      tmp: Path) -> None:  # fmt: skip
    people = "".join(f"  - {{id: P{i}, grade: PO}}\n" for i in range(6))
    (tmp / "staff.yaml").write_text(f"kind: staff\nunit: U\nstaff:\n{people}")
    days = [f"2024-06-{3 + i:02d}" for i in range(len(rows))]  # one reading a day, one week
    wmt = "".join(f"  - {{staff: P{p}, date: {d}, percent: {v}}}\n"
                  for (p, v), d in zip(rows, days, strict=False) if d <= "2024-06-09")
    counts = "".join(f"  - {{unit: {'U' if i == 0 else f'V{i}'}, week: 2024-06-03, "
                     f"cases: {c}}}\n" for i, c in enumerate(waiting))
    (tmp / "alloc.yaml").write_text(f"kind: allocation\nunit: U\nwmt:\n{wmt}"
                                    + (f"unallocated:\n{counts}" if counts else ""))
    rows = rows[:7]
    measures = {
        "mean": "mean of percent at least 100000%",
        "members": "count of staff at least 1000",
        "share": f"share of staff where percent > {ceiling}% at least 1000%",
        "over": f"how many of staff where percent > {ceiling}% at least 1000",
        "waiting": "sum of cases among unallocated at least 100000",
    }
    text = "".join(f"rule {name}\n    for each wmt\n    per unit, per week\n    measure {m}\n"
                   for name, m in measures.items())  # fmt: skip
    policy = _policy(tmp, text)
    found = {f.rule: f.value for f in workrules.check(
        [str(tmp / "staff.yaml"), str(tmp / "alloc.yaml")], policy=policy).findings}
    members = {p for p, _ in rows}
    over = {p for p, v in rows if v > ceiling}
    expected = {
        "mean": sum(v for _, v in rows) / len(rows),
        "members": len(members),
        "share": 100 * len(over) / len(members),
        "over": len(over),
    }
    if waiting:  # only U's own count is U's; none means not given, so no finding
        expected["waiting"] = waiting[0]
    assert found == pytest.approx(expected)


# ---------------------------------------------------------------------------------------------
# `require some` against a plain restatement


JUNE = dt.date(2024, 6, 1)
on = st.integers(0, 120).map(lambda d: JUNE + dt.timedelta(days=d))


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, day = [], first.replace(day=1)
    while day <= last:
        out.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return out


def _month_end(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


@settings(max_examples=60, deadline=None)
@given(people=st.lists(st.tuples(st.none() | on, st.none() | on), min_size=1, max_size=4),
       seen=st.lists(st.tuples(st.integers(0, 3), on), max_size=10))  # fmt: skip
def test_absent_readings_are_each_person_month_in_post_with_none(
    people: list[tuple[dt.date | None, dt.date | None]], seen: list[tuple[int, dt.date]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _check_absent(people, seen, Path(tmp))


def _check_absent(people: list[tuple[dt.date | None, dt.date | None]],
                  seen: list[tuple[int, dt.date]], tmp: Path) -> None:  # fmt: skip
    rows = ""
    if any(s and lft and lft < s for s, lft in people):  # refused: no one leaves before starting
        people = [(s, lft) if not (s and lft and lft < s) else (lft, s) for s, lft in people]
    for i, (start, left) in enumerate(people):
        dates = (f", started_on: {start}" if start else "") + (f", left_on: {left}" if left else "")
        rows += f"  - {{id: P{i}, grade: PO{dates}}}\n"
    (tmp / "staff.yaml").write_text(f"kind: staff\nstaff:\n{rows}")
    readings = {(f"P{p}", d) for p, d in seen if p < len(people)}
    wmt = "".join(f"  - {{staff: {p}, date: {d}, percent: 100}}\n" for p, d in sorted(readings))
    (tmp / "alloc.yaml").write_text(f"kind: allocation\nwmt:\n{wmt}" if wmt
                                    else "kind: allocation\nwmt: []\n")  # fmt: skip
    policy = _policy(tmp, "rule a\n    for each staff\n    per month\n    require some wmt\n")
    result = workrules.check([str(tmp / "staff.yaml"), str(tmp / "alloc.yaml")], policy=policy)
    got = sorted((f.subject, f.period.start) for f in result.findings if f.period)
    days = sorted(d for _, d in readings)
    if not days:
        assert got == [] and [na.partial for na in result.not_applied] == [False]
        return
    months = _months(days[0], days[-1])
    with_any = {d.replace(day=1) for d in days}
    expected = sorted(
        (f"P{i}", month) for i, (start, left) in enumerate(people) for month in months
        if month in with_any
        and (start is None or start <= month) and (left is None or left > _month_end(month))
        and not any(p == f"P{i}" and d.replace(day=1) == month for p, d in readings))
    assert got == expected
    empty = [m for m in months if m not in with_any]
    assert bool(result.not_applied) == bool(empty)


_DAYS = st.dates(dt.date(2024, 1, 1), dt.date(2024, 3, 31))


@given(_DAYS, st.integers(0, 20), st.none() | _DAYS, st.none() | _DAYS)
def test_in_post_means_some_day_from_the_start_to_the_day_before_leaving(
        first: dt.date, days: int, started: dt.date | None, left: dt.date | None) -> None:  # fmt: skip
    # `among staff` within a period counts those in post on some day of it; someone who
    # leaves the day they start is never in post (the indicators count so too)
    from workrules.engine.python import _in_post
    from workrules.model import Staff

    last = first + dt.timedelta(days=days)
    person = Staff(id="S1", grade="PO", file="s.yaml", line=1, started_on=started, left_on=left)
    in_post_on = [first + dt.timedelta(days=i) for i in range(days + 1)
                  if (started is None or started <= first + dt.timedelta(days=i))
                  and (left is None or first + dt.timedelta(days=i) < left)]  # fmt: skip
    assert _in_post(person, first, last) == bool(in_post_on)
