"""What a rule could not judge, or judged only in part, said beside its findings.

A rule over real data may pass over a record in silence: a field with a default the data
never gives, a staff member named two ways, a case with no risk assessed, a grade the claim
names without saying its limit, a person the rule selects by a role alone. Silence in a
report must mean "checked, and fine", so after each rule runs `Policy.check` asks each of
these notices whether the rule left anyone out, and lists what they say under "Not applied"
or "Applied in part" (`NotApplied`). Each reads records the run holds already, once, and
only where the rule's shape says it could have left some out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from .. import datamodel as dm
from .. import model as m
from ..dataset import (
    WORK_OF_A_DAY,
    Dataset,
    away_at_work,
    contract_steps,
    days_meet,
    distinct,
    handovers,
    implausible,
    monday_readings_apart,
    namesakes_in_post,
    places_matching,
    places_unset,
    spans_naming,
    taken,
    values_at,
    worked_as_days,
    working_patterns,
)
from ..dataset import values as field_values
from ..dataset import values_in as field_values_in
from ..evaluate import CompiledRule, period_of_key
from ..findings import (
    Finding,
    NotApplied,
    Period,
    Setting,
)
from ..lang import ir
from ..render import plural_of
from .common import Env
from .python import run_rule

if TYPE_CHECKING:
    pass

else:
    pass



def unknown_grade_notice(cr: CompiledRule,
                          unknown: Mapping[str, Mapping[str, list[tuple[str, str, int]]]]
                          ) -> NotApplied | None:  # fmt: skip
    """'Not applied' for the holders of unknown grades, if the rule judges by grade: at the
    first holder's record (of the first grade by name), so that a CI annotation stands on a
    line of the pull request ("Senior PSO" on a staff record turned 7a off, and the warning
    was on the run's summary page alone: attack round 23)."""
    grades: dict[str, list[tuple[str, str, int]]] = {}
    for where in cr.head.grades:
        for grade, who in unknown.get(where, {}).items():
            grades.setdefault(grade, []).extend(who)
    if not grades:
        return None
    parts = []
    for grade, who in sorted(grades.items()):
        ids = [w[0] for w in who]
        shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
        parts.append(f"{grade} ({shown})")
    what = "this grade is" if len(parts) == 1 else "these grades are"
    _, file, line = min(grades.items())[1][0]
    # a spell of acting up with its dates changes the holder's grade within the run: declared
    # as the grade acted in, it would judge them so after the spell too (scenarios round 46,
    # P7), so the advice is to check the spell alone
    spells = [g for g in sorted(grades) if m.acting_spell(g)]
    advice = "declare a grade of its own with 'grade NAME' in the policy or [grades] in " \
             "workrules.toml"  # fmt: skip
    if spells:
        named = f" ({', '.join(spells)})" if len(spells) < len(grades) else ""
        advice = (f"{'a grade that gives' if len(spells) == 1 else 'grades that give'} a spell "
                  f"of acting up{named} change{'s' if len(spells) == 1 else ''} "
                  "within the run: check the weeks of the spell alone, with the grade acted "
                  "in, and the rest with the holder's own"
                  + ("; declare any other grade of its own with 'grade NAME' in the policy or "
                     "[grades] in workrules.toml" if len(spells) < len(grades) else ""))
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part; not applied for unknown grades: this rule judges by grade, and "
        f"{what} not known, so their holders were not judged: {', '.join(parts)} "
        f"({advice})", tuple(sorted(grades)), True, file, line)


def _first_five(parts: list[str], count: int) -> str:
    """The first five of `count` things a notice names, apart by `;`, and how many more."""
    return "; ".join(parts[:5]) + (f"; and {count - 5:,} more" if count > 5 else "")


def _memoised(memo: dict[tuple[str, ...], Any], key: tuple[str, ...],
              made: Callable[[], Any]) -> Any:  # fmt: skip
    """What a run's notices find once over its data (`memo`, the run's), made on first ask."""
    if key not in memo:
        memo[key] = made()
    return memo[key]


def acting_notice(cr: CompiledRule, data: Dataset,
                   memo: dict[tuple[str, ...], Any]) -> NotApplied | None:  # fmt: skip
    """A rule that judges staff by grade, when a staff member's grade is held on acting or
    interim terms with no dates (`PSO (Acting PO)`, `model.acting_undated`): read as the grade
    acted in for every record of the run, though an acting spell ends within one (scenarios
    round 46, P4: a high-RoSH report of late July judged as a PO's, the spell over). Said at
    the first holder's record, as an unknown grade is (`unknown_grade_notice`)."""
    if "staff" not in cr.head.grades:
        return None
    acting = _memoised(memo, ("acting",), lambda: [s for s in data.staff.values() if s.acting])
    if not acting:
        return None
    from ..schemacheck import json_text

    def said(s: m.Staff) -> str:
        held = m.held_before_acting(s.acting or "")
        own = f", their own grade {held}" if held else ""
        return f"{s.id} ({json_text(s.acting or '')}, read as {s.grade}{own})"

    shown = _first_five([said(s) for s in acting[:5]], len(acting))
    one = len(acting) == 1
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {'an acting grade' if one else 'acting grades'} with no dates, "
        f"applied to every record of the run: {shown}; an acting spell ends within a run, so "
        f"check the weeks of the spell alone, with the grade acted in, and the rest with "
        f"{'the' if one else 'each'} holder's own grade", (), True, acting[0].file,
        acting[0].line)


def monday_readings_notice(cr: CompiledRule, data: Dataset,
                            memo: dict[tuple[str, ...], Any]) -> NotApplied | None:  # fmt: skip
    """A spell over WMT readings, when a weekly reading and a daily reading in its week give
    one person two percents (`dataset.monday_readings_apart`): the daily one is read from its
    day, as the newer (data-model.md), and on a Monday the weekly one holds on no day; one
    extra row a week can take a 1.2k(i) breach out of sight (attacks 47, P1, and 48, P4). The
    order is documented and tested (`fixtures/cases/wmt-carried-forward`, S008), so the two
    are named, not refused."""
    if cr.kind.name != "wmt" or not isinstance(cr.check, ir.Spell):
        return None
    pairs = _memoised(memo, ("monday",), lambda: monday_readings_apart(data))
    if not pairs:
        return None
    shown = _first_five([
        f"{w.staff}: {w.percent:g}% for the week of {w.week} ({w.file}:{w.line}) and "
        f"{d.percent:g}% on {d.date} ({d.file}:{d.line})" for w, d in pairs[:5]], len(pairs))
    what = "a weekly WMT reading and a daily reading" if len(pairs) == 1 else \
        f"{len(pairs):,} weekly WMT readings and daily readings"  # fmt: skip
    if all(d.date is not None and d.date.weekday() == 0 for _, d in pairs):
        said = ("on the Monday of its week disagree, and the daily one was read, as the newer, "
                "so the weekly one held on no day")
    else:  # (a daily reading later in the week holds from its day: attack 48, P4)
        said = ("in its week disagree, and the daily one was read from its day on, as the "
                "newer (on a Monday, the weekly one held on no day)")
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {what} {said}: {shown}; if the daily reading is a newer one, this "
        f"is right; if the two are one week's reading given twice, give it once, as one "
        f"weekly or one daily reading", (), True, pairs[0][1].file, pairs[0][1].line)


def from_notice(cr: CompiledRule, data: Dataset, since: Any,
                 settings: Sequence[Setting]) -> NotApplied | None:  # fmt: skip
    """A rule whose `from` date is after every record it reads (for `require some`, after the
    start of the last period with one), so that it judged none, and where the date was set: a
    config's `upw_ratio_from = 2030-01-01` left an 11:1 work group unjudged, and the summary
    said "nothing to report" (attack 48, P6). Asked only of a rule with no finding; the
    records' latest day is read from their columns."""
    check = cr.check
    kind = check.kind if isinstance(check, ir.Absent) else cr.kind
    if not isinstance(since, dt.date) or not kind.date_fields or kind.name == "staff":
        return None
    records = data.of(kind.name)
    if not records:
        return None
    latest = max((max(days) for field in kind.date_fields
                  if (days := [d for d in field_values(records, field) if d is not None])),
                 default=None)  # fmt: skip
    if latest is None:
        return None
    if isinstance(check, ir.Absent):
        cal = check.calendar
        start = latest - dt.timedelta(days=latest.weekday()) if cal == "week" else (
            latest.replace(day=1) if cal == "month" else latest)
        if start >= since:
            return None
        end = start + dt.timedelta(days=6) if cal == "week" else (
            (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            - dt.timedelta(days=1) if cal == "month" else start)  # fmt: skip
        after = (f"after the start of the last {cal} in which the data has {kind.a_noun} "
                 f"({Period(cal, start, end).describe()}; {len(records):,} "
                 f"{kind.noun if len(records) == 1 else kind.nouns()} in all), so the rule "
                 f"judged no {cal}")  # fmt: skip
    else:
        if latest >= since:
            return None
        after = (f"after every {kind.noun} in the data ({len(records):,}, "
                 f"{'' if len(records) == 1 else 'the latest '}dated {latest}), so the rule "
                 f"judged none")  # fmt: skip
    name = cr.effective if isinstance(cr.effective, str) else None
    if name is None:
        head = f"the rule applies from {since} (its own date)"
    else:
        from ..report import setter

        setting = next((s for s in settings if s.name == name), None)
        where = "the policy's value" if setting is None else (
            f"set by {setter(setting)}; the policy's: {setting.policy}")
        head = f"{name} is {since} ({where})"
    first = records[0]
    return NotApplied(cr.id, cr.head.clause, f"not applied: {head}, {after}",
                      () if name is None else (name,), False, first.file, first.line)


def _person_keyed(cr: CompiledRule) -> bool:
    """Whether a rule adds up a person's records (grouped `per` a staff member, a spell, a
    debt repaid): one person under two ids is judged as two."""
    if isinstance(cr.check, ir.Spell | ir.Repaid):
        return True
    return isinstance(cr.check, ir.Measure | ir.AtOnce) and any(
        k.type.name == "staff" or (k.type.elem is not None and k.type.elem.name == "staff")
        for k in cr.keys or ())  # fmt: skip


def _two_records_advice(met: list[tuple[m.Staff, m.Staff]]) -> str:
    """What a notice of two records of one name meeting on a day advises: one record for one
    person; but where the two hold different grades, a change of post, rightly two records (a
    staff record has one grade for the whole run): one record would judge the spell of one
    grade by the other's (scenarios round 55, P2)."""
    merge = ("give one person one staff record, and their records under its id (a spell away "
             "as an absence; a grade held for a spell checked over the spell alone)")
    moved = [(a, b) for a, b in met if a.grade != b.grade]
    if not moved:
        return merge
    shown = _first_five([f"{a.id} {a.grade} to {b.id} {b.grade}" for a, b in moved[:5]],
                        len(moved))
    keep = (f"where the two hold different grades ({shown}), that is a change of post: keep "
            f"both records, since a staff record has one grade for the whole run and one "
            f"record would judge both posts by one grade; a week or spell across the change "
            f"was judged in two parts, one for each record")
    return keep if len(moved) == len(met) else f"{merge}; but {keep}"


def two_ids_notice(cr: CompiledRule, data: Dataset,
                    memo: dict[tuple[str, ...], Any]) -> NotApplied | None:  # fmt: skip
    """A rule that adds up a person's records (`_person_keyed`), when two staff records with
    one name meet on a day, one leaving as the other starts (`dataset.handovers`), and its
    records name either: if they are one person under two ids (ESR's second assignment for an
    acting post, a new region's number), their spell, week or caseload is split in two
    (attack 47, P3). Or when two records of one name are in post in one unit on the same days
    (`dataset.namesakes_in_post`) and its records name each on a day both are in post: a
    second account, a loan under a local id, which split 8a's and 8b's caps in silence
    (attack round 26, P1). Said, naming both; whether they are one person is not guessed."""
    if not _person_keyed(cr):
        return None
    pairs = _memoised(memo, ("handovers",), lambda: handovers(data))
    together = _memoised(memo, ("namesakes",), lambda: namesakes_in_post(data))
    if not pairs and not together:
        return None
    kind = cr.kind.name
    spans = memo.get(("spans", kind))
    if spans is None:  # the days of the kind's records that name a pair's ids
        ids = {s.id for pair in pairs for s in pair} | {
            s.id for a, b, _ in together for s in (a, b)}  # fmt: skip
        spans = memo[("spans", kind)] = spans_naming(data, kind, ids)
    said = []
    # (a staff record names its own id: every pair, for a rule over the staff). A count held
    # at once is split by no such pair: their times in post do not overlap, so what each
    # holds on a day is all that person holds (a PSO promoted to PQiP under a new record is
    # counted under 8e to the change and under 8d after it: scenarios round 55, P2)
    met = [] if isinstance(cr.check, ir.AtOnce) else pairs if kind == "staff" else [
        (a, b) for a, b in pairs if a.id in spans or b.id in spans]  # fmt: skip
    if met:
        shown = _first_five([
            f"{a.id} ({a.file}:{a.line}), leaving on {a.left_on}, and {b.id} ({b.file}:"
            f"{b.line}), starting on {b.started_on}" for a, b in met[:5]], len(met))
        one = len(met) == 1
        what = "two staff records" if one else f"{len(met):,} pairs of staff records"
        said.append(
            f"{what} with one name meet on a day, one leaving as the other starts: {shown}; "
            f"if {'they are' if one else 'a pair is'} one person (a second assignment, an "
            f"acting post or a move under a new number), this rule counted them as two "
            f"people, apart; {_two_records_advice(met)}")
    both = [(a, b, days) for a, b, days in together
            if all(any(days_meet(days, d) for d in spans.get(s.id, ())) for s in (a, b))]
    if both:
        shown = _first_five([
            f"{a.id} ({a.file}:{a.line}) and {b.id} ({b.file}:{b.line}), both in post "
            f"{_days_said(days)}" for a, b, days in both[:5]], len(both))
        one = len(both) == 1
        what = "two staff records" if one else f"{len(both):,} pairs of staff records"
        said.append(
            f"{what} with one name {'are' if one else 'each'} in post in one unit on the same "
            f"days, and each {'' if one else 'of a pair '}has records this rule judges: {shown}; "
            f"this rule judged each cap "
            f"per id, so if {'they are' if one else 'a pair is'} one person (a second account, "
            f"a loan under a local id), their work was split between the ids and judged apart; "
            f"give one person one staff record, and their records under its id")
    if not said:
        return None
    first = met[0][0] if met else both[0][0]
    return NotApplied(cr.id, cr.head.clause, f"applied in part: {'; and '.join(said)}", (),
                      True, first.file, first.line)  # fmt: skip


def away_notice(cr: CompiledRule, data: Dataset,
                 memo: dict[tuple[str, ...], Any]) -> NotApplied | None:  # fmt: skip
    """A rule that counts a session's or a meeting's people (a ratio, a cap per person), when
    its records name someone the staff files show away all that day (`dataset.away_at_work`):
    the work was someone else's, or the absence is wrong; a group split under a supervisor on
    leave passed 5a (attack round 26, P4). Said, naming the record and the absence, as work
    outside a time in post is (`*-outside-post`)."""
    kind = cr.kind.name
    if kind not in WORK_OF_A_DAY or not (isinstance(cr.check, ir.Ratio) or _person_keyed(cr)):
        return None
    found = _memoised(memo, ("away",), lambda: away_at_work(data)).get(kind)
    if not found:
        return None

    def away(who: str, a: m.Absence) -> str:
        days = f"on {a.first_day}" if a.first_day == a.last_day else \
            f"from {a.first_day} to {a.last_day}"  # fmt: skip
        why = _ABSENCE_SAID.get(a.reason, a.reason.replace("_", " "))
        return f"{who} away for {why} {days} ({a.file}:{a.line})"

    shown = _first_five([f"{r.id} on {r.date} ({r.file}:{r.line}), {away(who, a)}"
                         for r, who, a in found[:5]], len(found))  # fmt: skip
    records = len({id(r) for r, _, _ in found})
    one = records == 1
    noun = cr.kind.noun if one else plural_of(cr.kind.noun)
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {records:,} {noun} name{'s' if one else ''} "
        f"{'someone' if len(found) == 1 else 'people'} the staff files show away all that day: "
        f"{shown}; this rule judged the work as theirs; if they were away, someone else did "
        f"it: give {'the' if one else 'each'} {cr.kind.noun} under the people who did the "
        f"work, or put the absence right", (), True, found[0][0].file, found[0][0].line)


_ABSENCE_SAID = {"other": "another reason"}


def _days_said(days: tuple[dt.date | None, dt.date | None]) -> str:
    """A span of days in post in words, either end perhaps open."""
    first, last = days
    if first is not None and last is not None:
        return f"from {first} to {last}"
    if first is not None:
        return f"from {first} on"
    return f"until {last}" if last is not None else "throughout (neither gives dates)"


def days_worked_notice(cr: CompiledRule, data: Dataset,
                        memo: dict[tuple[str, ...], Any]) -> NotApplied | None:  # fmt: skip
    """A rule that reads timesheets' hours worked, when a person's every week worked is below
    a fifth of their contract (`dataset.worked_as_days`), as days given for hours would be
    (attack 47, P10): read as hours, no hours over the contract are found. Said as contracted
    hours out of a week's range are (`implausible_notice`); the findings stand."""
    if cr.kind.name != "timesheet" or "hours_worked" not in _fields_read(
            cr.where, *cr.check, *(k.get for k in cr.keys or ())):  # fmt: skip
        return None
    low = _memoised(memo, ("days",), lambda: worked_as_days(data))
    if not low:
        return None
    shown = _first_five([
        f"{who}: {weeks} week{'' if weeks == 1 else 's'}, at most {most:g} h against "
        f"{contract:g} h" for who, weeks, most, contract in low[:5]], len(low))
    what = "1 staff member" if len(low) == 1 else f"{len(low):,} staff members"
    staff = data.staff.get(low[0][0])
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {what} whose "
        f"every week worked is below a fifth of their contracted "
        f"hours ({shown}), as days worked given for hours would be: this rule read them as "
        f"hours, so hours over a contract may be missed; give hours worked in hours a week",
        (), True, staff.file if staff else "", staff.line if staff else 0)


def pattern_notice(cr: CompiledRule, data: Dataset, findings: list[Finding],
                    first: int) -> NotApplied | None:  # fmt: skip
    """A rule that judges a timesheet's hours worked against the person's contracted hours,
    when someone it found hours over contract for has weeks that go above and below it and
    average to it, with no TOIL (`dataset.working_patterns`): a nine-day fortnight, compressed
    or annualised hours, which one weekly contract a run cannot express, so each long week
    reads as hours owed that a short week gave back (scenarios round 47, P2). Said, with what
    to check; the findings stand. Read only for the people the rule found for
    (`findings[first:]`)."""
    if len(findings) == first or not _hours_against_contract(cr):
        return None
    shaped = working_patterns(data, {f.subject for f in findings[first:]})
    if not shaped:
        return None
    shown = _first_five([
        f"{who}: {weeks} weeks of {low:g} h to {high:g} h against {contract:g} h, "
        f"{round(mean, 2):g} h a week on average"
        for who, weeks, low, high, mean, contract in shaped[:5]], len(shaped))
    one = len(shaped) == 1
    staff = data.staff[shaped[0][0]]
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {'1 staff member' if one else f'{len(shaped):,} staff members'} "
        f"whose weeks worked go above and below their contracted hours and average to them, "
        f"with no TOIL recorded ({shown}), as a working pattern's would (a nine-day "
        f"fortnight, compressed or annualised hours): this rule judges each week alone "
        f"against one weekly contract, so its findings about {'them' if one else 'these'} "
        f"may be hours a short week gave back; check their pattern, and give each week's "
        f"hours in its row's hours_due (a long week's 41.1 h), or record the time off in a "
        f"short week as TOIL in that week's row, with toil_recorded_late set to how long "
        f"after the long week it may come, or check {'their' if one else 'those'} weeks by "
        f"hand", (), True, staff.file, staff.line)


def _hours_against_contract(cr: CompiledRule) -> bool:
    """Whether `cr` judges a timesheet's hours worked against its person's contracted hours
    (4c): one weekly contract for the whole run, as the data model has it."""
    if cr.kind.name != "timesheet" or "hours_worked" not in _fields_read(cr.where, *cr.check):
        return False
    exprs = [e for e in (cr.where, *cr.check) if ir.is_node(e)]
    return any(isinstance(x, ir.Attr) and x.staff and x.name == "contracted_hours"
               for e in exprs for x in ir.walk(e))  # fmt: skip


def contract_step_notice(cr: CompiledRule, data: Dataset, env: Env, findings: list[Finding],
                         first: int) -> NotApplied | None:  # fmt: skip
    """A rule that judges a timesheet's hours worked against the person's contracted hours,
    when someone it found hours over contract for worked the same hours over it every week up
    to one week and at it from then on (`dataset.contract_steps`): a contract changed within
    the run (37 h cut to 29.6 h) and exported as the one held today, so every week before
    the change reads as hours over the new one (scenarios round 52, P5). Said, with what to
    check; the findings stand. Read only for the people the rule found for; hours before the
    step longer than the policy's full-time week (`full_time_hours`, where it has one) are
    overtime, not a contract."""
    if len(findings) == first or not _hours_against_contract(cr):
        return None
    full = env.params.get("full_time_hours")
    steps = contract_steps(data, {f.subject for f in findings[first:]},
                           float(full) if isinstance(full, int | float) else None)
    if not steps:
        return None
    shown = _first_five([
        f"{who}: {most:g} h in each of {over} weeks before the week of {week}, then {rest} "
        f"weeks at or under {contract:g} h"
        for who, week, over, most, rest, contract in steps[:5]], len(steps))
    one = len(steps) == 1
    staff = data.staff[steps[0][0]]
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {'1 staff member' if one else f'{len(steps):,} staff members'} "
        f"who worked the same hours over their contract each week until one week and at or "
        f"under it every week since ({shown}), as a contract changed within the run and "
        f"exported as the one held today would read: this rule judges every week against one "
        f"weekly contract, so its findings about {'them' if one else 'these'} before that week "
        f"may be the old contract's hours; check {'their' if one else 'those'} contracts' "
        f"history, and check the weeks of each contract alone, a run for each with its own "
        f"staff file",
        (), True, staff.file, staff.line)


def join_notice(not_applied: list[NotApplied], cr: CompiledRule, notice: NotApplied) -> None:
    """Add `notice` to the run's, joined to the rule's notice said already, if any, before
    it ("applied in part" said once)."""
    if not_applied and not_applied[-1].rule == cr.id:
        other = not_applied.pop()
        rest = other.reason
        if notice.partial and other.partial:
            rest = rest.removeprefix("applied in part; ").removeprefix("applied in part: ")
        notice = msgspec.structs.replace(other, partial=other.partial and notice.partial,
                                         reason=f"{notice.reason}; {rest}",
                                         file=other.file or notice.file,
                                         line=other.line if other.file else notice.line)
    not_applied.append(notice)


def _amongs(exprs: Iterable[Any]) -> set[str]:
    """The kinds of record that `exprs` read with `among`, beside the rule's own."""
    return {x.kind for e in exprs if ir.is_node(e) for x in ir.walk(e)
            if isinstance(x, ir.Among)}  # fmt: skip


def absent_data_notice(cr: CompiledRule, data: Dataset) -> NotApplied | None:
    """A rule that judges units or regions (`per unit`, `per region`) by figures the data
    must give: when its kind, or a kind it reads with `among`, has no record at all, no
    unit's figure is known, which is not the same as every unit within the limit."""
    if not any(isinstance(k.get, ir.Place) for k in cr.keys or ()):
        return None

    def none(kinds: Iterable[str]) -> list[str]:
        return [f"{m.KINDS[k].noun} (no '{m.KINDS[k].section}' list, or an empty one)"
                for k in sorted(kinds) if not data.of(k)]  # fmt: skip

    judged = none({cr.kind.name} | _amongs([*cr.check, cr.where]))
    if judged:
        return NotApplied(cr.id, cr.head.clause, f"not applied: the data has no "
                          f"{' and no '.join(judged)}, which this rule needs, so no unit "
                          "could be judged", ())  # fmt: skip
    said = none(_amongs(cr.template))
    if said:
        return NotApplied(cr.id, cr.head.clause, f"applied in part: the data has no "
                          f"{' and no '.join(said)}, so its findings cannot give that figure",
                          (), True)  # fmt: skip
    return None


def units_apart_notice(cr: CompiledRule, data: Dataset, findings: list[Finding],
                        first: int) -> NotApplied | None:  # fmt: skip
    """A rule that reads funded posts (`establishment`) beside staff, when units with funded
    posts have no one in the staff lists while units of the staff lists have no funded posts:
    one unit named two ways by a finance and an HR export ("Tyne PDU", "Tyne") reads as all of
    its posts vacant, and 1.1g's unit "may declare itself full", which is not the same as
    checked and fine. Said, naming both sides; which name is right is not guessed, so the
    rule's findings (`findings[first:]`) about the units with posts and no one in post are
    left out, as `workrules indicators` leaves out their vacancy (scenario round 33: "4 of 4
    vacant" failed the run, its caveat in a notice `-q` drops). The same for counts of
    unallocated cases: a unit's count judged beside no one's WMT reading ("mean WMT: not
    given"; scenario round 35)."""
    reads = {cr.kind.name} | _amongs([cr.where, *cr.check, *cr.template])
    kind = next((k for k in ("establishment", "unallocated") if k in reads and data.of(k)), None)
    if not data.staff or kind is None:
        return None

    def unit(r: Any) -> str | None:
        return getattr(r, "unit", None) or data.units.get(r.file)

    posts = {u for e in data.of(kind) if (u := unit(e))}
    people = {u for s in data.staff.values() if (u := unit(s))}
    posts_only, people_only = sorted(posts - people), sorted(people - posts)
    if not posts_only or not people_only:
        return None

    from ..schemacheck import json_text

    def named(units: list[str]) -> str:
        shown = ", ".join(json_text(u) for u in units[:5])
        return shown + (f" and {len(units) - 5} more" if len(units) > 5 else "")

    # left out: a unit with posts whose name may be one with staff written otherwise ("Tyne
    # PDU", "Tyne"); a unit with no such twin may be wholly vacant, and its finding stands
    apart = {u for u in posts_only if any(_twins(u, v) for v in people_only)}
    kept = [f for f in findings[first:] if f.unit not in apart]
    left_out = len(findings) - first - len(kept)
    findings[first:] = kept
    said = (f"; {left_out} finding{'s' if left_out > 1 else ''} about "
            f"{'them' if len(posts_only) > 1 else 'it'} left out, not judged" if left_out
            else "")  # fmt: skip
    what, reads_as = (("funded posts", "its posts would all read as vacant")
                      if kind == "establishment" else
                      ("counts of unallocated cases",
                       "its counts would be judged without its staff's WMT readings"))  # fmt: skip
    return NotApplied(cr.id, cr.head.clause, (
        f"applied in part: unit{'s' if len(posts_only) > 1 else ''} {named(posts_only)} "
        f"{'have' if len(posts_only) > 1 else 'has'} {what} and no one in the staff "
        f"lists, and unit{'s' if len(people_only) > 1 else ''} {named(people_only)} "
        f"{'have' if len(people_only) > 1 else 'has'} staff and no {what}: if a unit is "
        f"named two ways, {reads_as}; write its name the same way in every file{said}"), (),
        True)  # fmt: skip


def _twins(a: str, b: str) -> bool:
    """Whether two units' names may be one unit's, written two ways: the same words but for
    "PDU", "unit", "team" and marks ("Tyne PDU", "Tyne"; "North-East", "north east"), or one
    a near spelling of the other."""
    import difflib

    def words(name: str) -> str:
        kept = [w for w in re.findall(r"[a-z0-9]+", name.casefold())
                if w not in ("pdu", "unit", "team", "the", "probation", "delivery", "office")]
        return " ".join(kept)

    x, y = words(a), words(b)
    return bool(x and y) and (x == y or difflib.SequenceMatcher(None, x, y).ratio() >= 0.85)


def _left_out(count: int) -> str:
    """How many findings a figure no one can be judged by took out; none is not counted (review
    47's N11: "0 findings by the figure left out" of a rule that found nothing for them)."""
    return f" ({count:,} finding{'' if count == 1 else 's'} by the figure left out)" if count \
        else ""  # fmt: skip


def implausible_notice(cr: CompiledRule, data: Dataset, memo: dict[tuple[str, ...], Any],
                        findings: list[Finding], first: int) -> NotApplied | None:  # fmt: skip
    """A rule that reads a staff member's field with a plausible range (`Field.plausible`:
    contracted hours), when some staff member's value lies above 0 and outside it: an HR export
    that gives contracted hours as a full-time equivalent (1.0) or per month (160.33), read as
    hours a week, would judge everyone by a contract no one has (36 h a week over a contract of
    1 h; a unit's posts all vacant). A figure that would overstate what is found (below a
    week's range, or an export in hours a day) is not guessed at: the rule's findings
    (`findings[first:]`) about those staff members are left out, and the notice says how many.
    One that would understate it (a month's hours), and a unit's count that leans on each
    figure, stand, said to be read with care."""
    if not data.staff:
        return None
    names: set[str] = set()

    def visit(x: Any, kind: str) -> None:
        if isinstance(x, ir.Among):  # what it reads is of its own kind
            kind = x.kind
        elif (isinstance(x, ir.Attr) and x.staff) or (kind == "staff"
                                                      and isinstance(x, ir.Field)):  # fmt: skip
            names.add(x.name)
        for child in ir.children(x):
            visit(child, kind)

    for e in (cr.where, *cr.check, *(k.get for k in cr.keys or ())):
        if ir.is_node(e):
            visit(e, cr.kind.name)
    if not names or not (data.staff if cr.kind.name == "staff" else data.of(cr.kind.name)):
        return None  # (no record the rule judges: no one was judged by the figure)
    parts = []
    for field in dm.BY_NAME["staff"].fields:
        if field.plausible is None or field.name not in names or not data.staff:
            continue
        least, most, why, middle = field.plausible
        odd, whole = memo.get(("plausible", field.name)) or memo.setdefault(
            ("plausible", field.name), implausible(data, field.name, least, most, middle))
        if not odd:
            continue
        unit = " h" if field.type == "hours" else ""

        def listed(some: list[tuple[str, float]], unit: str = unit) -> str:
            return ", ".join(f"{who} {value:g}{unit}" for who, value in some[:5]) + (
                f" and {len(some) - 5:,} more" if len(some) > 5 else "")

        words = field.words or field.name.replace("_", " ")
        kept = "so what it found for them may be wrong"
        # below `middle` beside a week's, with weeks worked that read it as a day's
        # (`implausible`): read as a week's, a day's figure would overstate the hours over it 5
        # times (review 47: 29.6 h a week unpaid, from an export in hours a day with one 37 h
        # in it): the findings about them are left out (weekend contracts of 7.5 h, worked as
        # weeks of 7.5-15 h, are a week's and judged)
        day = [(who, value) for who, value in odd if least <= value <= most] if whole is None \
            else []  # fmt: skip
        if day:
            out = _leave_out(findings, first, {who for who, _ in day})
            # given a week already, a weekend contract worked as extra days most weeks reads
            # as a day's too: "give them a week" is what its user did (scenarios round 47, P5)
            one = len(day) == 1
            parts.append(f"{len(day):,} staff member{'' if one else 's'} with "
                         f"{words} below {middle:g}{unit} ({listed(day)}) and weeks of 2.5 "
                         f"times them worked or more, as hours a day would be, beside others "
                         f"that can only be a week's: this rule did not judge "
                         f"them{_left_out(out)}; give everyone's {words} a week; if "
                         f"{'it is' if one else 'they are'} a week's already (a weekend or "
                         f"one-day contract worked as extra days in most weeks given), the "
                         f"hours over {'it' if one else 'them'} were not judged: check "
                         f"{'their' if one else 'those'} weeks by hand")  # fmt: skip
            odd = [(who, value) for who, value in odd if not least <= value <= most]
            if not odd:
                continue
        shown = listed(odd)
        # a figure below a week's hours (an FTE, a day's) overstates the hours over it: the
        # findings about its holder are left out; a month's understates them, and a unit's
        # count only leans on it: those stand, said to be read with care
        overstated = ({who for who, _ in odd} if whole is not None and whole < middle
                      else set() if whole is not None
                      else {who for who, value in odd if value < least})  # fmt: skip
        left_out = _leave_out(findings, first, overstated)
        judged = ("this rule read them as hours a week, " + kept) if not left_out else (
            f"this rule did not judge them{_left_out(left_out)}")
        if left_out and len(overstated) < len(odd):  # both kinds: each said of its own
            judged = (f"this rule did not judge those below {least:g}{unit}"
                      f"{_left_out(left_out)}, and read the others as hours a week, "
                      f"{kept}")  # fmt: skip
        if whole is not None:  # the export's unit is not a week's: every value in it
            parts.append(f"{words} of {len(odd):,} staff members, their middle value "
                         f"{whole:g}{unit}, look given in another unit than hours a week "
                         f"({shown}): {why}; {judged}; give {words} a week")  # fmt: skip
            continue
        parts.append(f"{len(odd):,} staff member{'' if len(odd) == 1 else 's'} with "
                     f"{words} below {least:g}{unit} or above {most:g}{unit} a week ({shown}), "
                     f"no week's contract: {why}; {judged}; give {words} a week")  # fmt: skip
    if not parts:
        return None
    return NotApplied(cr.id, cr.head.clause, f"applied in part: {'; '.join(parts)}", (), True)


def unreadable_notice(cr: CompiledRule, data: Dataset, env: Env,
                       found: Sequence[Finding]) -> NotApplied | None:
    """A rule that reads a text (a job description's body) of a record it judges, when that
    text cannot be read for duties (`textpattern.unreadable`: empty, standing for an attached
    document, or not in English): the record passed, but it was not judged. A rule whose
    `where` reads no text judges the records its `where` selects (a PSO's job description, not
    an SPO's); one whose `where` reads the text could not choose, and judges every record. A
    record the rule found a breach in (`found`, its findings) was judged, however terse. A text
    read in English in part, beside lines in another language long enough to give a duty
    (`textpattern.not_in_english`: a bilingual job description's Welsh), has those lines named,
    so that a rep reads them: a duty only the Welsh gives passed in silence (JDs round 59)."""
    texts = {name for name, t in cr.kind.fields.items() if t.name == "text"}
    records = data.of(cr.kind.name) if texts else ()
    if not records:
        return None
    read_in_where = _fields_read(cr.where) & texts
    read = read_in_where | _fields_read(*cr.check) & texts
    if not read:
        return None
    from ..textpattern import (
        DUTIES_ELSEWHERE_SAID,
        not_in_english,
        undecided_boxes,
        unfilled_placeholders,
        unreadable,
    )

    breached = {f.subject for f in found}
    subject = cr.kind.subject
    said: list[tuple[Any, str]] = []
    # the lines of a text read in part not in English, as the file's lines (a record the rule
    # found a breach in too: its finding stands on its English alone)
    foreign: list[tuple[Any, list[tuple[int, int]]]] = []
    # the lines of a form whose tick boxes cannot be told apart ("☐ Yes ☐ No", the tick lost
    # in a conversion: JDs, round 62; "☒ Yes ☒ No"), read as nothing
    boxes: list[tuple[Any, list[tuple[int, int]]]] = []
    # the lines of a template filled in part, placeholders left among its words ("XX cases
    # including [risk levels]": JDs round 68, P7), what they stand for not given
    holes: list[tuple[Any, list[tuple[int, int]]]] = []
    for r in records:
        for name in sorted(read):
            value = getattr(r, name, None)
            if (why := unreadable(value)) is not None:
                if getattr(r, subject) not in breached:
                    said.append((r, why))
                continue
            start = getattr(r, "text_line", None) or 1
            if value and (runs := not_in_english(value)):
                foreign.append((r, [(start + a, start + b) for a, b in runs]))
            if value and (lines := undecided_boxes(value)):
                boxes.append((r, [(start + at - 1, start + at - 1) for at in lines]))
            if value and (lines := unfilled_placeholders(value)):
                holes.append((r, [(start + at - 1, start + at - 1) for at in lines]))
    if (said or foreign or boxes or holes) and cr.where is not None and not read_in_where:
        from .common import UnsetParam
        from .python import program

        where = program(cr).bind(cr, env)["where"]

        def chosen(record: Any) -> bool:
            try:
                return bool(where([record]))
            except UnsetParam:  # a cap with no value for it: said by the rule's own notice
                return False

        said = [(r, why) for r, why in said if chosen(r)]
        foreign = [(r, runs) for r, runs in foreign if chosen(r)]
        boxes = [(r, runs) for r, runs in boxes if chosen(r)]
        holes = [(r, runs) for r, runs in holes if chosen(r)]
    if not said and not foreign and not boxes and not holes:
        return None
    noun = cr.kind.noun
    parts = []
    # a text that refers its duties, or some of them, to a document not given was itself read
    # and judged (an annex's own duties): only the other document's were not (review of
    # session 50, P9)
    elsewhere = [(r, why) for r, why in said if why.startswith(DUTIES_ELSEWHERE_SAID)]
    said = [(r, why) for r, why in said if not why.startswith(DUTIES_ELSEWHERE_SAID)]
    if said:
        shown = _first_five([f"{getattr(r, subject)} {why}" for r, why in said[:5]], len(said))
        parts.append(
            f"the text of {len(said):,} {noun}{'' if len(said) == 1 else 's'} could not be "
            f"read, so {'it was' if len(said) == 1 else 'they were'} not judged: {shown}")
    if elsewhere:
        one = len(elsewhere) == 1
        shown = _first_five([f"{getattr(r, subject)} {why}" for r, why in elsewhere[:5]],
                            len(elsewhere))  # fmt: skip
        parts.append(
            f"{len(elsewhere):,} {noun}{'' if one else 's'} {'refers' if one else 'refer'} "
            f"duties to another document, so only {'its' if one else 'their'} own text was "
            f"judged, not the duties that document holds: {shown}")
    for named, what in (
            (foreign, "lines not in English, which were not read (the patterns read English), "
                      "so what they say was not judged; check them against the English"),
            (boxes, "tick boxes that could not be told apart (none ticked, or answers ticked "
                    "that contradict each other), which were not read, so the answer they give "
                    "was not judged; read the form by hand"),
            (holes, "a template's placeholders not filled in, so what they stand for was not "
                    "judged; fill them in and check again")):  # fmt: skip
        if named:
            shown = _first_five([f"{getattr(r, subject)} {_lines_said(runs)}"
                                 for r, runs in named[:5]], len(named))  # fmt: skip
            one = len(named) == 1
            parts.append(f"{len(named):,} {noun}{'' if one else 's'} {'has' if one else 'have'} "
                         f"{what}: {shown}")
    first = foreign[0] if foreign else boxes[0] if boxes else holes[0] if holes else None
    return NotApplied(cr.id, cr.head.clause, f"applied in part: {'; '.join(parts)}", (), True,
                      file=first[0].file if first else "",
                      line=first[1][0][0] if first else 0)  # fmt: skip


def _lines_said(runs: list[tuple[int, int]]) -> str:
    """Runs of lines in words: "line 9", "lines 9-11, 14 and 18", the first five and how many
    more."""
    each = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs[:5]]
    if len(runs) > 5:
        return f"lines {', '.join(each)} and {len(runs) - 5:,} more"
    if len(each) == 1:
        return f"line{'s' if '-' in each[0] else ''} {each[0]}"
    return f"lines {', '.join(each[:-1])} and {each[-1]}"


def _fields_read(*exprs: Any) -> set[str]:
    """The names of the record's own fields that `exprs` read (not another kind's, through
    `among`)."""
    names: set[str] = set()
    todo = [e for e in exprs if ir.is_node(e)]
    while todo:
        e = todo.pop()
        if isinstance(e, ir.Among):
            continue
        if isinstance(e, ir.Field):
            names.add(e.name)
        todo.extend(c for c in ir.children(e) if ir.is_node(c))
    return names


def _leave_out(findings: list[Finding], first: int, who: set[str]) -> int:
    """Take out of `findings[first:]` (one rule's) those about a staff member in `who`; how
    many."""
    kept = [f for f in findings[first:] if f.subject not in who]
    left_out = len(findings) - first - len(kept)
    findings[first:] = kept
    return left_out


def _defaulted_reads(cr: CompiledRule) -> tuple[tuple[str, str, str], ...]:
    """The fields with a default (`datamodel.Field.default`: flags, MAPPA level, roles, TOIL
    hours, sign-offs given), or that an export is expected to carry (`Field.expected`:
    contracted hours, line manager, PTA, PSO assessor), that a rule's selection, grouping or
    check reads, each as (record
    kind, field, nested field or ""), in the order of a walk of the rule. Found once a rule.
    A field the selection reads in one alternative of an `or` is among them: where no record
    gives it, the records that alternative would select were not judged."""
    return ir.worked_out(cr, "defaulted reads", _walked_for_defaulted)


def _walked_for_defaulted(cr: CompiledRule) -> tuple[tuple[str, str, str], ...]:
    out: dict[tuple[str, str, str], None] = {}

    def visit(x: Any, kind: str, expected: bool = False, equal: bool = False) -> None:
        # (`expected`: an expected field counts too, where the rule groups by it or reads it
        # with a value of its own for when it is missing, or the selection compares it: where
        # no record gives contracted hours, "where staff.contracted_hours > 0 h" judges no
        # timesheet (scenario round 33); a test of whether it is set only narrows which
        # records are judged: "where pta is set")
        # (`equal`: an optional field the selection compares with a value, "where
        # staff.flexitime = false": no record giving it, none was selected by it, in silence:
        # scenarios round 44)
        if isinstance(x, ir.Among):  # what it reads is of its own kind
            kind = x.kind
        elif isinstance(x, ir.Compare) and selecting:
            expected = True
            equal = x.op in ("=", "!=") and (isinstance(x.left, ir.Const)
                                             or isinstance(x.right, ir.Const))  # fmt: skip
        elif isinstance(x, ir.Otherwise):
            visit(x.first, kind, True)
            visit(x.second, kind, expected)
            return
        elif isinstance(x, ir.Field):
            # (a job description's front matter says what its author states, where the text
            # may say it instead: a field left out is the text's to give, not a column lost)
            if _read_as_defaulted(_described(dm.BY_NAME[kind], x.name), expected,
                                  equal and kind != "job_description"):  # fmt: skip
                out[(kind, x.name, "")] = None
        elif isinstance(x, ir.Attr) and x.staff:
            if _read_as_defaulted(_described(dm.BY_NAME["staff"], x.name), expected, equal):
                out[("staff", x.name, "")] = None
        elif (isinstance(x, ir.Attr) and isinstance(x.base, ir.Field)
              and x.base.type.record in dm.NESTED_KINDS):  # fmt: skip
            nested = _described(dm.NESTED_KINDS[x.base.type.record], x.name)
            if nested is not None and nested.default is not None:
                out[(kind, x.base.name, x.name)] = None
        for child in ir.children(x):
            visit(child, kind, expected, equal)

    selecting = True
    if cr.where is not None:  # (in an `or` too: a MAPPA chair by grade or by role, where
        visit(cr.where, cr.kind.name)  # no record gives roles, was judged by grade alone)
    selecting = False
    for key in cr.keys or ():
        visit(key.get, cr.kind.name, True)
    for e in cr.check:
        for item in (e,) if ir.is_node(e) or not isinstance(e, tuple) else e:
            if ir.is_node(item):
                visit(item, cr.kind.name)
    return tuple(out)


def _read_as_defaulted(field: dm.Field | None, expected: bool, equal: bool = False) -> bool:
    """Whether a rule's read of `field` counts for `unstated_notice`: it has a default, or
    it is expected (`Field.expected`) and read where that counts, or it is optional and the
    selection compares it with a value (`equal`)."""
    return field is not None and (field.default is not None or (expected and (
        bool(field.expected) or (equal and field.optional))))


def _described(kind: dm.RecordKind, name: str) -> dm.Field | None:
    return next((f for f in kind.fields if f.name == name), None)


def _stated(records: Sequence[Any], field: str, sub: str, default: Any) -> bool:
    """Whether any of `records` gives `field` (its nested field `sub`) a value other than its
    default. Records kept as a table's columns (`lazyrows.Rows`, not built) are read in those
    columns; a table without the column gives none."""
    from ..lazyrows import Rows

    if isinstance(records, Rows) and records.chunks:
        return any(_stated_in_chunk(chunk, field, sub, default) for chunk in records.chunks)
    return any(_gives(r, field, sub, default) for r in records)


def _gives(record: Any, field: str, sub: str, default: Any) -> bool:
    """Whether a built record gives `field` (its nested field `sub`) a value other than its
    default."""
    value = getattr(record, field)
    if sub:
        value = None if value is None else getattr(value, sub)
    return value is not None and value != default


# what an export is written as: a table of one kind's records, whose columns an HR or case
# system chooses (a YAML or JSON document leaves out a field to mean its default)
_EXPORTS = (".csv", ".parquet", ".ndjson", ".jsonl")


def _stated_by_export(records: Sequence[Any], field: str, sub: str, default: Any
                      ) -> tuple[set[str], set[str]]:  # fmt: skip
    """The export files (`_EXPORTS`) holding `records`, and those of them where one gives
    `field` (its nested field `sub`) a value other than its default."""
    from ..lazyrows import Rows

    held: set[str] = set()
    giving: set[str] = set()
    if isinstance(records, Rows) and records.chunks:
        for chunk in records.chunks:
            if chunk.path.lower().endswith(_EXPORTS):
                held.add(chunk.path)
                if _stated_in_chunk(chunk, field, sub, default):
                    giving.add(chunk.path)
        return held, giving
    for r in records:
        file = r.file
        if file in giving or not file.lower().endswith(_EXPORTS):
            continue
        held.add(file)
        if _gives(r, field, sub, default):
            giving.add(file)
    return held, giving


def _stated_in_chunk(chunk: Any, field: str, sub: str, default: Any) -> bool:
    """`_stated`, for one file's records kept unbuilt (`lazyrows.Chunk`)."""
    if chunk.structs is not None:  # decoded Structs: a value not given is UNSET
        for struct in chunk.structs:
            value = getattr(struct, field, None)
            if sub:
                value = None if value is None or value is msgspec.UNSET else getattr(
                    value, sub, None)  # fmt: skip
            if value is not None and value is not msgspec.UNSET and (
                    bool(value) if isinstance(default, tuple) else value != default):
                return True
        return False
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    table = chunk.table
    if field not in table.column_names:
        return False
    column = table.column(field)
    if sub:
        kind = column.type
        if not pa.types.is_struct(kind) or kind.get_field_index(sub) < 0:
            return False
        column = pc.struct_field(column, sub)
    if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        return bool(pc.max(pc.list_value_length(column)).as_py() or 0)
    if not isinstance(default, int | float):
        return bool(pc.any(pc.is_valid(column)).as_py())
    return bool(pc.any(pc.not_equal(column, default)).as_py())


def _required_set(where: ir.Expr | None) -> tuple[str, ...]:
    """The record's own fields a rule's selection requires to be given (`where pta is set`,
    alone or as a part of an `and`): where no record gives one, the rule selected none."""
    if where is None:
        return ()
    parts = where.args if isinstance(where, ir.BoolOp) and where.op == "and" else (where,)
    return tuple(p.arg.name for p in parts if isinstance(p, ir.IsSet) and not p.negated
                 and isinstance(p.arg, ir.Field))  # fmt: skip


def _stated_memo(data: Dataset, kind: str, field: str, memo: dict[tuple[str, ...], Any]
                 ) -> bool:  # fmt: skip
    """Whether any record of `kind` gives `field` (looked at once a run, in `memo`)."""
    key = (kind, field, "", "set")
    if key not in memo:
        memo[key] = _stated(_records_of(data, kind), field, "", None)
    return bool(memo[key])


def unstated_notice(cr: CompiledRule, data: Dataset,
                     memo: dict[tuple[str, ...], Any] | None = None
                     ) -> NotApplied | None:  # fmt: skip
    """A rule that reads a field with a default (`flags`, `mappa_level`, `roles`,
    `toil_hours` …), when no record in the data gives it a value but its default: an export
    without the column reads so, and the rule then judged every record as having none, which
    is not the same as checked and fine. Said, naming the fields, where the data gives none of
    those of a kind (a data set with TOIL but no paid hours carries both columns); and where it
    does, naming each export (CSV, Parquet, NDJSON) of the kind that gives none of them (a
    court's CSV of reports without flags, beside a file whose reports give them). Fields an
    export is expected to carry count where the rule groups by them (`_defaulted_reads`)."""
    reads = _defaulted_reads(cr)
    if not reads or not (data.staff if cr.kind.name == "staff" else data.of(cr.kind.name)):
        return None  # (no record the rule judges: nothing was read as none)
    memo = {} if memo is None else memo  # (each field looked at once a run)
    # ("where pta is set", and no record gives a PTA: none was selected, so no other field was
    # read as none; the PTA itself is still said where it is expected of someone)
    unset = [f for f in _required_set(cr.where) if not _stated_memo(data, cr.kind.name, f, memo)]
    if unset:
        reads = tuple(r for r in reads if r[0] == cr.kind.name and r[1] in unset and not r[2])
        if not reads:
            return None
    by_kind: dict[str, list[tuple[str, Any]]] = {}
    stated: set[str] = set()  # kinds that give one of the fields the rule reads
    exports = any(f.lower().endswith(_EXPORTS) for f in data.files)
    # an export (CSV, Parquet, NDJSON) of a kind that gives none of the fields the rule reads,
    # where another file gives one (a court's CSV of reports without flags, beside a YAML file
    # whose reports give them): by kind, the files holding its records and those giving one
    held: dict[str, set[str]] = {}
    giving: dict[str, set[str]] = {}
    alone: list[str] = []  # an optional field the selection compares, that no record gives
    beside = _alone_reads(cr)  # said by `judged_alone_notice` where no record gives any
    if beside and not _any_stated(data, cr.kind.name, beside, memo):
        reads = tuple(r for r in reads if r not in beside)
    for kind, field, sub in reads:
        described = dm.BY_NAME[kind].field(field)
        if sub:
            described = dm.NESTED_KINDS[described.record].field(sub)
        if not (data.staff if kind == "staff" else data.of(kind)):
            continue
        if isinstance(described.expected, str) and described.default is None and not _holders(
                data, described.expected, memo):  # fmt: skip
            continue  # (a PTA is a learner's: a staff list with no learner names none)
        words = described.words or described.name.replace("_", " ")
        if described.default is None and not described.expected:  # optional, compared by the
            given = memo.get((kind, field, sub))  # selection: judged on its own (a column
            if given is None:  # no export of the kind carries, whatever else it gives)
                given = memo[(kind, field, sub)] = _stated(_records_of(data, kind), field,
                                                           sub, None)  # fmt: skip
            if not given:
                alone.append(f"no {m.KINDS[kind].noun} in the data gives {words}, which the "
                              "rule's selection compares, so none was selected by it; if the "
                              "export leaves it out, this rule could not judge by it")
            continue
        by_kind.setdefault(kind, []).append((words.removesuffix(" given"), described.default))
        if exports:
            files = memo.get((kind, field, sub, "files"))
            if files is None:
                files = memo[(kind, field, sub, "files")] = _stated_by_export(
                    _records_of(data, kind), field, sub, described.default)  # fmt: skip
            held.setdefault(kind, set()).update(files[0])
            giving.setdefault(kind, set()).update(files[1])
        if kind in stated:
            continue
        given = memo.get((kind, field, sub))
        if given is None:
            given = memo[(kind, field, sub)] = _stated(_records_of(data, kind), field, sub,
                                                       described.default)  # fmt: skip
        if given:
            stated.add(kind)
    parts = []
    for kind, said in by_kind.items():
        lists = [words for words, default in said if default is None or isinstance(default, tuple)]
        numbers = [(words, default) for words, default in said
                   if default is not None and not isinstance(default, tuple)]  # fmt: skip
        gives = [f"any {' or '.join(lists)}"] if lists else []
        if numbers:  # (every number's default is 0)
            gives.append(f"{' or '.join(w for w, _ in numbers)} other than {numbers[0][1]}")
        them = "it" if len(said) == 1 and numbers else "them"
        if kind not in stated:
            where = "the data"
        else:  # an export that carries one of them: read as given, but for the exports without
            silent = sorted(held.get(kind, set()) - giving.get(kind, set()))
            if not silent:
                continue
            where = ", ".join(silent[:3]) + (f" and {len(silent) - 3} more" if len(silent) > 3
                                             else "")  # fmt: skip
        parts.append(f"no {m.KINDS[kind].noun} in {where} gives {', nor '.join(gives)}, so "
                     f"each was read as having none; if the export leaves {them} out, this "
                     f"rule could not judge by {them}")  # fmt: skip
    parts += alone
    if not parts:
        return None
    return NotApplied(cr.id, cr.head.clause, f"applied in part: {'; '.join(parts)}", (), True)


def _alone_reads(cr: CompiledRule) -> tuple[tuple[str, str, str], ...]:
    """The rule's reads (`_defaulted_reads`) of fields of its own kind that add to another
    (`datamodel.Field.adds_to`: a case's MAPPA level and flags beside its RoSH), where its
    `forbid` check reads both."""
    check = cr.check
    if not isinstance(check, ir.Require) or not check.forbid:
        return ()
    read = _fields_read(check.cond)
    kind = dm.BY_NAME[cr.kind.name]
    return tuple((k, f, sub) for k, f, sub in _defaulted_reads(cr)
                 if k == kind.name and not sub and f in read
                 and (d := _described(kind, f)) is not None and d.adds_to in read)  # fmt: skip


def _any_stated(data: Dataset, kind: str, reads: Sequence[tuple[str, str, str]],
                memo: dict[tuple[str, ...], Any]) -> bool:  # fmt: skip
    """Whether any record of `kind` gives one of the fields `reads` names a value other than
    its default (each field looked at once a run, as `unstated_notice` looks)."""
    for k, field, sub in reads:
        key = (k, field, sub)
        if key not in memo:
            memo[key] = _stated(_records_of(data, kind), field, sub,
                                dm.BY_NAME[kind].field(field).default)  # fmt: skip
        if memo[key]:
            return True
    return False


def judged_alone_notice(cr: CompiledRule, data: Dataset, env: Env,
                        memo: dict[tuple[str, ...], Any]) -> NotApplied | None:  # fmt: skip
    """A boundary (`forbid`) that judges a record by a field and by others that add to it
    (`datamodel.Field.adds_to`: 7a forbids a case by its RoSH, its MAPPA level and its flags),
    when no record in the data gives any of the others: an export without those columns reads
    as none, so the records the rule selected were judged by the one field alone (scenarios
    round 50, P1: a PSO's MAPPA level 2 case and a registered sex offender of medium RoSH
    passed 7a in silence). Said, naming the records it selected and found nothing in (the
    first five, at the first's record), in place of `unstated_notice`'s words; those of a
    person of another grade than the `where` names are never built."""
    records = data.of(cr.kind.name)
    beside = _alone_reads(cr) if records else ()
    if not beside or _any_stated(data, cr.kind.name, beside, memo):
        return None
    person, named = _grade_reads(cr.where)
    if person and named:  # (only the records of a person of a grade the rule selects)
        holders = {s.id for s in data.staff.values() if s.grade in named}
        places = places_matching(records, {person: holders}) if holders else []
    else:
        places = list(range(len(records)))
    judged = _judged_places(cr, env, records, places)
    if not judged:
        return None
    count = len(judged)
    passed = taken(records, judged[:5])  # (only those named are built: 104,000 nationally)
    kind = dm.BY_NAME[cr.kind.name]
    fields = [kind.field(f) for _, f, _ in beside]
    partner = kind.field(fields[0].adds_to)
    partner_words = partner.words or partner.name.replace("_", " ")
    lists = [f"any {f.words or f.name}" for f in fields if isinstance(f.default, tuple)]
    numbers = [f"a {f.words or f.name} other than {f.default}" for f in fields
               if not isinstance(f.default, tuple)]  # fmt: skip
    who = next((f.name for f in kind.fields if f.type == "staff"), None)
    shown = _first_five([
        f"{getattr(r, kind.subject)} ({f'{getattr(r, who)}, ' if who else ''}"
        f"{partner_words} {getattr(r, partner.name, None) or 'not given'}, {r.file}:{r.line})"
        for r in passed], count)  # fmt: skip
    one = count == 1
    noun = kind.noun
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: no {noun} in the data gives {', nor '.join(numbers + lists)}, so "
        f"this rule judged the {plural_of(noun)} it selected by their {partner_words} alone, "
        f"and passed {count:,} of them: {shown}; it forbids {_a(noun)} by its "
        f"{' and '.join(f.words or f.name for f in fields)} too, whatever its "
        f"{partner_words}: give each {noun}'s {' and '.join(f.name for f in fields)}, or "
        f"check {'this' if one else 'these'} {noun if one else plural_of(noun)} by hand",
        (), True, passed[0].file, passed[0].line)


def expected_notice(cr: CompiledRule, data: Dataset, env: Env,
                     memo: dict[tuple[str, ...], Any],
                     rules: Sequence[CompiledRule] = ()) -> NotApplied | None:  # fmt: skip
    """A rule that reads a field an export is expected to carry (`datamodel.Field.expected`:
    contracted hours, a line manager, a PQiP learner's PTA, a PSO's assessor) where that counts
    (`_defaulted_reads`), when some records give it and others it is expected of do not: a
    PQiP learner with no PTA, beside learners with one, was in no PTA's count under 8d, and
    the report was clean (scenarios round 51, P1). Where no record gives it, `unstated_notice`
    says so. Named, for each field: those that do not (the first five, at the first's record)
    and how many, and what the rule could not count; of a grade's field (a learner's PTA),
    only the holders of the grade who have not qualified. Where the rule reads the field
    through its own records (a timesheet's staff member's contracted hours), only the people
    they name, and none when a rule of the policy's over the same records requires the field
    (reports them itself, as clause 3's hours-without-contract does for 4c: `rules`)."""
    parts: list[str] = []
    first: Any = None  # (the first record named: where the notice stands)
    for kind, field, sub in _defaulted_reads(cr):
        described = dm.BY_NAME[kind].field(field)
        if sub or not described.expected or described.default is not None:
            continue
        records = _records_of(data, kind)
        if not records:
            continue
        if (kind, field, sub) not in memo:  # (as `unstated_notice` looks: once a run)
            memo[(kind, field, sub)] = _stated(records, field, sub, None)
        if not memo[(kind, field, sub)]:
            continue  # (no record gives it: said by `unstated_notice`)
        missing: list[Any] = _memoised(memo, ("expected", kind, field), lambda: _not_giving(
            records, described, env.today, env.grades))  # noqa: B023
        vias = _expected_vias(cr, kind, field)
        if "" not in vias and _memoised(memo, ("required", cr.kind.name, field), lambda: any(
                _expected_vias(r, kind, field, r.check.cond) for r in rules  # noqa: B023
                if r.kind.name == cr.kind.name and isinstance(r.check, ir.Require)
                and not r.check.forbid)):  # fmt: skip
            continue  # (another rule's findings name them)
        if missing and "" not in vias:  # only the people the rule's own records name
            ids = {r.id for r in missing}
            own = data.of(cr.kind.name)
            used: set[Any] = set()
            for via in vias:
                listed = dm.BY_NAME[cr.kind.name].field(via).type == "list"
                used |= field_values_in(own, via, ids, listed)
            missing = [r for r in missing if r.id in used]
        if not missing:
            continue
        if first is None:
            first = missing[0]
        parts.append(_not_given_said(cr, kind, described, missing, vias))
    if not parts:
        return None
    return NotApplied(cr.id, cr.head.clause, f"applied in part: {'; '.join(parts)}", (), True,
                      first.file, first.line)


def _not_given_said(cr: CompiledRule, kind: str, field: dm.Field, missing: list[Any],
                    vias: set[str]) -> str:  # fmt: skip
    """`expected_notice`'s words for one field: who does not give it, and what the rule could
    not count without it."""
    count = len(missing)
    one = count == 1
    words = field.words or field.name.replace("_", " ")
    grade = field.expected if isinstance(field.expected, str) else None
    described = dm.BY_NAME[kind]
    noun = described.noun if one else plural_of(described.noun)
    shown = _first_five([f"{getattr(r, described.subject)} ({r.file}:{r.line})"
                         for r in missing[:5]], count)  # fmt: skip
    if kind == cr.kind.name and any(isinstance(k.get, ir.Field) and k.get.name == field.name
                                    for k in cr.keys or ()):  # fmt: skip
        lost = f"this rule counts per {words}, so it counted {'them' if one else 'each'} for none"
    elif "" not in vias:  # (read through the rule's own records: a timesheet's staff member)
        lost = f"this rule could not judge their {plural_of(cr.kind.noun)} by it"
    elif (counted := _otherwise_of(cr, field.name)) is not None:
        lost = (f"{'they were' if one else 'each was'} counted as {counted} {words} here "
                f"(the rule's '{field.name} otherwise {counted}')")
    else:
        lost = "this rule could not count them by it"
    qualified = " (one who has qualified needs none: give their qualified_on instead)" \
        if grade and any(f.name == "qualified_on" for f in described.fields) else ""  # fmt: skip
    whose = "their" if one else "each one's"
    return (f"{count:,} {f'{grade} ' if grade else ''}{noun} give{'s' if one else ''} no "
            f"{words}, where others do: {shown}; {lost}: give {whose} {field.name}{qualified}, "
            f"or check them by hand")


def _otherwise_of(cr: CompiledRule, name: str) -> str | None:
    """The value the rule counts in place of field `name` where a record gives none (`name
    otherwise VALUE`, VALUE a constant), as written; None where it reads no such default."""
    for e in cr.check:
        if not ir.is_node(e):
            continue
        for x in ir.walk(e):
            if (isinstance(x, ir.Otherwise) and isinstance(x.first, ir.Field)
                    and x.first.name == name and isinstance(x.second, ir.Const)):  # fmt: skip
                v = x.second.value
                return f"{v:g}" if isinstance(v, float) else str(v)
    return None


def _not_giving(records: Sequence[Any], field: dm.Field, today: dt.date | None,
                declared: Mapping[str, str]) -> list[Any]:  # fmt: skip
    """The `records` an expected `field` is expected of (`Field.expected`: all, or the holders
    of its grade, or of a grade `declared` like it, who have not qualified by `today`) that do
    not give it, in order. Of a field naming staff (a line manager), not those others name in
    it: the top of the files' chain, a head of PDU whose own line manager is beyond them."""
    grade = field.expected if isinstance(field.expected, str) else None
    named = set(field_values(records, field.name)) if field.refers else set()
    out = []
    for r in records:
        if getattr(r, field.name) is not None or getattr(r, "id", None) in named:
            continue
        if grade is not None:
            held = getattr(r, "grade", "")
            if held != grade and declared.get(held) != grade:
                continue
            qualified = getattr(r, "qualified_on", None)
            if qualified is not None and (today is None or qualified <= today):
                continue  # (a learner's assessor is theirs until they qualify)
        out.append(r)
    return out


def _expected_vias(cr: CompiledRule, kind: str, field: str, *only: Any) -> set[str]:
    """How a rule reads `field` of `kind` (in its expressions `only`, if given): the fields of
    its own records whose staff member's it reads (`staff.contracted_hours` of a timesheet:
    "staff"), and "" where it reads the field of every record of the kind (its own records',
    or those it takes `among`)."""
    out: set[str] = set()
    for e in only or (cr.where, *(k.get for k in cr.keys or ()), *cr.check):
        for item in (e,) if ir.is_node(e) or not isinstance(e, tuple) else e:
            if not ir.is_node(item):
                continue
            for x in ir.walk(item):
                if isinstance(x, ir.Field) and x.name == field:
                    out.add("")
                elif isinstance(x, ir.Attr) and x.staff and x.name == field and kind == "staff":
                    base = x.base
                    out.add(base.name if isinstance(base, ir.Field) and cr.kind.name != "staff"
                            else "")  # fmt: skip
    return out


def _holders(data: Dataset, grade: str, memo: dict[tuple[str, ...], Any]) -> bool:
    """Whether anyone in the data holds `grade` (looked at once a run)."""
    key = ("grade", grade)
    if key not in memo:
        memo[key] = any(p.grade == grade for p in data.staff.values())
    return bool(memo[key])


def _records_of(data: Dataset, kind: str) -> Sequence[Any]:
    return list(data.staff.values()) if kind == "staff" else data.of(kind)


# ---------------------------------------------------------------------------------------------
# What a rule left out without a word (attack round 26, P3, P5, P6; scenarios round 48, P2, P5,
# P6): each notice reads records the run holds already, once, and only where the rule's shape
# says it could have left some out.

_TIER_A = re.compile(r"\s*(?:tier\s*)?a\s*[0-3]?\s*", re.IGNORECASE)  # nDelius: A, A0-A3


def _selected(cr: CompiledRule, env: Env, records: Sequence[Any],
              where: ir.Expr | None = None) -> list[Any]:  # fmt: skip
    """The `records` the rule's `where` (or `where`, over the same kind) selects, by the
    Python engine's code for it; none when a parameter it reads is unset (said by the rule's
    own notice). Called on the few records a notice names (or the staff, or stand-ins that
    carry a record's fields: `_judged_places`), never on a whole kind's."""
    from .common import UnsetParam
    from .python import program

    rule = cr if where is None else cr._replace(where=where)
    if rule.where is None:
        return list(records)
    try:
        return list(program(rule).bind(rule, env)["where"](list(records)))
    except UnsetParam:
        return []


def _judged_places(cr: CompiledRule, env: Env, records: Sequence[Any],
                   places: list[int]) -> list[int]:  # fmt: skip
    """Those of `places` (in `records`, the rule's kind's) whose record the rule's `where`
    selects and its `require` or `forbid` check does not fault: judged, and passed. Records
    kept as columns are not built: the two conditions are run over stand-ins that carry the
    fields they read, from the columns (a national export's tier A cases, thousands of them,
    were built for a notice that names five, and the run slowed by a tenth: review 56),
    unless they read more than a record's own fields and its people's."""
    if not places:
        return []
    check = cr.check
    conds = [c for c in (cr.where, check.cond if isinstance(check, ir.Require) else None)
             if c is not None]  # fmt: skip
    plain = hasattr(records, "take") and not any(
        isinstance(x, ir.Place | ir.Calendar | ir.Among | ir.Key)
        for c in conds for x in ir.walk(c))  # fmt: skip
    if plain:
        import collections

        fields = sorted(_fields_read(*conds))
        columns = [values_at(records, f, places) for f in fields]
        row = collections.namedtuple("row", [*fields, "place_"])  # type: ignore[misc]
        chosen: list[Any] = list(map(row._make, zip(*columns, places, strict=True)))
    else:
        chosen = taken(records, places)
    chosen = _selected(cr, env, chosen)
    if isinstance(check, ir.Require):
        faulted = set(map(id, _faulted(cr, env, chosen)))  # (a finding already)
        chosen = [r for r in chosen if id(r) not in faulted]
    if plain:
        return [r.place_ for r in chosen]
    at = {id(r): i for i, r in zip(places, taken(records, places), strict=True)}
    return [at[id(r)] for r in chosen]


def _faulted(cr: CompiledRule, env: Env, records: Sequence[Any]) -> list[Any]:
    """The `records` a `require` or `forbid` check faults, its `where` aside."""
    from .common import UnsetParam
    from .python import program

    try:
        return list(program(cr).bind(cr, env)["select"](list(records)))
    except UnsetParam:
        return []


def _grade_reads(cond: Any) -> tuple[str | None, set[str]]:
    """The person field whose grade `cond` compares (`practitioner` in `practitioner.grade =
    PSO`; "" for the record's own `grade`), and the grades it names as those it selects (`=`
    and `in`); (None, set()) when it compares no grade."""
    person: str | None = None
    named: set[str] = set()
    for x in (ir.walk(cond) if ir.is_node(cond) else ()):
        if not isinstance(x, ir.Compare):
            continue
        for side, other in ((x.left, x.right), (x.right, x.left)):
            if isinstance(side, ir.Attr) and side.staff and side.name == "grade" and \
                    isinstance(side.base, ir.Field):  # fmt: skip
                person = side.base.name
            elif isinstance(side, ir.Field) and side.name == "grade":
                person = ""
            else:
                continue
            if x.op in ("=", "in") and isinstance(other, ir.Const):
                value = other.value
                named |= {value} if isinstance(value, str) else {str(v) for v in value}
    return person, named


def tier_notice(cr: CompiledRule, data: Dataset, env: Env, memo: dict[tuple[str, ...], Any],
                 rules: Sequence[CompiledRule] = ()) -> NotApplied | None:  # fmt: skip
    """A role boundary over cases that forbids a risk of serious harm (7a), when a case it
    judged has tier A (the tiering framework's highest risk of harm: `A`, `A0` to `A3`) and
    a RoSH of low or medium: the rule judged the RoSH and passed it, though the policy reads
    tier A as high or very high RoSH elsewhere (a PSO's job description giving "Tier A cases"
    is a 7a finding). A PSO held `A3` cases recorded as medium RoSH, in silence (attack round
    26, P3). Which is right is not guessed: the tier may be out of date, or the RoSH; said at
    the first case's record. One pass over the cases' tiers, once a run; none when a rule of
    the policy's, of the same clause, reads the tier itself (`rules`)."""
    check = cr.check
    if cr.kind.name != "case" or not isinstance(check, ir.Require) or not check.forbid or \
            "rosh" not in _fields_read(check.cond) or _memoised(
                memo, ("tier-read", cr.head.clause), lambda: any(
                    "tier" in _fields_read(r.where, *r.check) for r in rules
                    if r.kind.name == "case" and r.head.clause == cr.head.clause)):  # fmt: skip
        return None

    cases = data.of("case")

    def scan() -> list[int]:  # (over the columns: a case is built only if named)
        odd = {t for t in distinct(cases, "tier") if isinstance(t, str) and _TIER_A.fullmatch(t)}
        if not odd:
            return []
        return places_matching(cases, {"tier": odd, "rosh": set(dm.RISK[:dm.RISK.index("high")])})

    places = _judged_places(cr, env, cases, _memoised(memo, ("tier-a",), scan))
    if not places:
        return None
    said = taken(cases, places[:5])
    # (the tier as written, unquoted: a quote in a report's JSON is a backslash there, which
    # sends a national report the long way, through `report.neutralised`, at twice the cost)
    shown = _first_five([f"{c.id} ({c.practitioner}, tier {c.tier}, RoSH {c.rosh}, "
                         f"{c.file}:{c.line})" for c in said], len(places))  # fmt: skip
    one = len(places) == 1
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {len(places):,} case{'' if one else 's'}' "
        f"tier{'' if one else 's'} and risk of serious harm disagree: the tiering framework "
        f"gives tier A to cases of the highest risk of harm, and the RoSH recorded is "
        f"low or medium: {shown}; this rule judged the recorded RoSH, not the tier, so it "
        f"found nothing in {'it' if one else 'them'}; check each case's current OASys RoSH "
        f"and its tier: a RoSH out of date is a case outside the role boundary", (), True,
        said[0].file, said[0].line)


def _assessments_read(cr: CompiledRule, cond: Any) -> list[tuple[str, str]]:
    """The assessments (`datamodel.Field.assessed`: a report's `subject.rosh`) of the rule's
    kind that `cond` reads, as (record field, nested field), in the order first read."""
    fields = dict(cr.kind.fields)
    out: dict[tuple[str, str], None] = {}
    for x in (ir.walk(cond) if ir.is_node(cond) else ()):
        if not isinstance(x, ir.Attr) or x.staff or not isinstance(x.base, ir.Field):
            continue
        t = fields.get(x.base.name)
        nested = dm.NESTED_KINDS.get(t.record) if t is not None else None
        if nested is not None and nested.field(x.name).assessed:
            out[x.base.name, x.name] = None
    return list(out)


def unassessed_notice(cr: CompiledRule, data: Dataset, env: Env,
                       memo: dict[tuple[str, ...], Any],
                       rules: Sequence[CompiledRule] = ()) -> NotApplied | None:  # fmt: skip
    """A boundary (`forbid`) that judges by an assessment a record may leave out until it is
    made (`datamodel.Field.assessed`: an on-the-day oral report's RoSH, scenarios round 49,
    P4), when a record it selects leaves it out and nothing else in it is faulted: the check
    read the missing level as none of those it forbids, so the record was not judged. No level
    is guessed; the records are named, the first five, at the first's record. One pass over
    the kind's values of the field, once a run (none walked when every record gives it:
    `dataset.places_unset`); none when a rule of the policy's, of the same kind and clause,
    requires the field given (reports it itself, as 7a's rule of a case with no RoSH does)."""
    check = cr.check
    if not isinstance(check, ir.Require) or not check.forbid:
        return None
    read = _assessments_read(cr, check.cond)
    if not read:
        return None
    required = _memoised(memo, ("assessed-required", cr.kind.name, cr.head.clause), lambda: {
        a for r in rules if r.kind.name == cr.kind.name and r.head.clause == cr.head.clause
        and isinstance(r.check, ir.Require) and not r.check.forbid
        for a in _assessments_read(r, r.check.cond)})  # fmt: skip
    records = data.of(cr.kind.name)
    for base, name in read:
        if (base, name) in required:
            continue
        places = _memoised(memo, ("unassessed", cr.kind.name, base, name),
                           lambda: places_unset(records, f"{base}.{name}"))  # noqa: B023
        if places:
            return _unassessed_named(cr, env, taken(records, places), base, name)
    return None


def _unassessed_named(cr: CompiledRule, env: Env, unset: list[Any], base: str,
                      name: str) -> NotApplied | None:  # fmt: skip
    """`unassessed_notice`'s, for the records `unset` that leave `base.name` out: those the
    rule judges (dated from its `from`, selected by its `where`) and does not fault."""
    from .common import UnsetParam
    from .python import program

    if cr.effective is not None:
        since = env.params.get(cr.effective) if isinstance(cr.effective, str) else cr.effective
        if since is None:
            return None
        try:
            unset = list(program(cr).bind(cr, env)["dated_from"](unset, since))
        except UnsetParam:
            return None
    chosen = _selected(cr, env, unset)
    faulted = set(map(id, _faulted(cr, env, chosen)))  # (a finding already)
    named = [r for r in chosen if id(r) not in faulted]
    if not named:
        return None
    kind = m.KINDS[cr.kind.name]
    who = next((f for f, t in kind.fields.items() if t.name == "staff"), None)
    field = dm.NESTED_KINDS[kind.fields[base].record].field(name)
    words = field.words or field.name
    shown = _first_five([
        f"{m.record_label(r)} ({f'{getattr(r, who)}, ' if who else ''}"
        f"{m.record_day(kind, r) or 'undated'}, {r.file}:{r.line})" for r in named[:5]],
        len(named))  # fmt: skip
    one = len(named) == 1
    noun = dm.BY_NAME[cr.kind.name].noun
    them, its = ("it", "its") if one else ("them", "their")
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {len(named):,} {noun if one else plural_of(noun)} "
        f"give{'s' if one else ''} no {words}, left out as not yet assessed: {shown}; this rule "
        f"judges by the {words}, and found nothing else in {them} to fault, so "
        f"{'it was' if one else 'they were'} not judged: judge {them} once {its} {words} is "
        "assessed", (), True, named[0].file, named[0].line)


def _a(word: str) -> str:
    """`word` after "a" or "an", as a grade's code is read out (an NQO, a PSO, an SPO)."""
    return f"{'an' if word[:1].upper() in 'AEFHILMNORSX' else 'a'} {word}"


def grade_of_clause_notice(cr: CompiledRule, data: Dataset, env: Env,
                            memo: dict[tuple[str, ...], Any],
                            rules: Sequence[CompiledRule] = ()) -> NotApplied | None:  # fmt: skip
    """A boundary (`forbid`) that selects the records it judges by their person's grade, when
    a grade the vocabulary places under the rule's clause as a kind of another grade (an NQO,
    a PO in their first year, under 7a) is not among those it selects, and a record of such a
    holder is one the check would fault: the clause names the grade's boundary, which the
    files do not give, so the record went unjudged (scenarios round 48, P2: an NQO's very
    high RoSH case, no finding and no notice). Said once a run for each grade, by the first
    rule that leaves it out, and not when another rule of the policy's, of the same clause,
    names the grade (`rules`: a rule of its own for an NQO's cases)."""
    check = cr.check
    if not isinstance(check, ir.Require) or not check.forbid or cr.where is None:
        return None
    person, named = _grade_reads(cr.where)
    if person is None or not named:
        return None
    judged = _memoised(memo, ("graded", cr.head.clause), lambda: {
        g for r in rules if r.head.clause == cr.head.clause for g in _grade_reads(r.where)[1]})
    grades = [g for g in m.GRADES if g.clause == cr.head.clause and g.family
              and g.name not in named | judged and ("said", g.name) not in memo]  # fmt: skip
    if not grades:
        return None
    records = data.of(cr.kind.name)
    parts: list[str] = []
    first: Any = None
    for g in grades:
        if person:  # (a record a person of the grade holds: a case)
            held = {s.id for s in data.staff.values() if s.grade == g.name}
            if not held:
                continue
            wanted = {person: held}
        else:  # (a record of the grade's own: a job description for an NQO post, round 60)
            wanted = {"grade": {g.name}}
        theirs = taken(records, places_matching(records, wanted))
        chosen = set(map(id, _selected(cr, env, theirs)))
        said = _faulted(cr, env, [r for r in theirs if id(r) not in chosen])
        if not said:
            continue
        memo[("said", g.name)] = True
        first = first or said[0]
        noun = cr.kind.noun
        if person:
            read = sorted(_fields_read(check.cond))
            # (a field with a default that a record leaves at it says nothing: a case's
            # MAPPA level 0 and no flags, beside its RoSH)
            defaults = {f: d.default for f in read
                        if (d := _described(dm.BY_NAME[cr.kind.name], f)) is not None
                        and d.default is not None}  # fmt: skip
            shown = _first_five([
                f"{getattr(r, cr.kind.subject)} ({getattr(r, person)}, "
                + "".join(f"{f} {_shown(getattr(r, f, None))}, " for f in read
                          if f not in defaults or getattr(r, f, None) != defaults[f])
                + f"{r.file}:{r.line})" for r in said[:5]], len(said))  # fmt: skip
            whose = f"{_a(g.name)} holds"
        else:  # (its own fields: a job description's text is not quoted here)
            shown = _first_five([
                f"{r.file}:{r.line}" if getattr(r, cr.kind.subject) == r.file else
                f"{getattr(r, cr.kind.subject)} ({r.file}:{r.line})" for r in said[:5]],
                len(said))  # fmt: skip
            whose = f"for {_a(g.name)} post"
        parts.append(
            f"clause {cr.head.clause} names the role boundary of the {g.name} ({g.title}) too, "
            f"and this rule judges {' and '.join(sorted(named))} only, so {len(said):,} "
            f"{noun}{'' if len(said) == 1 else 's'} {whose} that it would fault "
            f"for {' or '.join(map(_a, sorted(named)))} {'was' if len(said) == 1 else 'were'} not "
            f"judged: {shown}; the guidance that sets {_a(g.name)}'s boundary is not in the "
            f"files: check {'it' if len(said) == 1 else 'them'} against that guidance")
    if not parts:
        return None
    return NotApplied(cr.id, cr.head.clause, f"applied in part: {'; '.join(parts)}", (), True,
                      first.file, first.line)  # fmt: skip


def _shown(value: Any) -> str:
    """A field's value as a notice names it: a list's items in brackets (`[iom, ocg]`)."""
    return f"[{', '.join(map(str, value))}]" if isinstance(value, tuple) else str(value)


def caseholders_notice(cr: CompiledRule, data: Dataset, env: Env) -> NotApplied | None:
    """A rule that requires each staff member of some grades to have a record of a kind (1.2i:
    a WMT reading each month), when staff of the other grades hold cases and have no record
    of that kind in the data: an SPO holding fifteen high RoSH cases with no WMT reading was
    passed over in silence, though 1.2i asks for each employee's workload to be assessed
    (scenarios round 48, P6). Named, not judged: the grades are the policy's."""
    check = cr.check
    if cr.kind.name != "staff" or not isinstance(check, ir.Absent) or cr.where is None:
        return None
    person, _ = _grade_reads(cr.where)
    cases = data.of("case")
    if person != "" or not cases:
        return None
    chosen = set(map(id, _selected(cr, env, list(data.staff.values()))))
    others = {s.id: s for s in data.staff.values() if id(s) not in chosen}
    if not others:
        return None
    holders = field_values_in(cases, "practitioner", set(others))  # (on the column)
    readings = data.of(check.kind.name)
    if holders and readings:
        holders -= field_values_in(readings, check.link, holders)
    if not holders:
        return None
    # held from the day the rule judges from: a case closed before it is no workload the rule
    # could have assessed (an SPO's cases closed as a PO two years before were named: the
    # review of session 47)
    since = env.params.get(cr.effective) if isinstance(cr.effective, str) else cr.effective
    counts: dict[str, int] = {}
    for r in taken(cases, places_matching(cases, {"practitioner": holders})):
        if isinstance(since, dt.date) and r.closed is not None and r.closed <= since:
            continue
        counts[r.practitioner] = counts.get(r.practitioner, 0) + 1
    said = [s for s in others.values() if s.id in counts]
    if not said:
        return None
    shown = _first_five([f"{s.id} ({s.grade}, {counts[s.id]:,} case"
                         f"{'' if counts[s.id] == 1 else 's'}, {s.file}:{s.line})"
                         for s in said[:5]], len(said))  # fmt: skip
    one = len(said) == 1
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {len(said):,} staff member{' holds' if one else 's hold'} cases but "
        f"{'is' if one else 'are'} of a grade this rule does not judge "
        f"({_condition_text(cr.where_explain)} does not hold for them), and "
        f"{'has' if one else 'have'} no {check.kind.noun} in the data: {shown}; their "
        f"workload was not assessed under this rule", (), True, said[0].file, said[0].line)


def learners_total_notice(cr: CompiledRule, data: Dataset, env: Env) -> NotApplied | None:
    """A cap on the cases a practitioner holds that is one figure for every grade (the 2025
    demand's `cases_max`), when PQiP learners hold cases: a learner's protected caseload, under
    the PQiP workload guidance the files do not give, was held to everyone's total without a
    word (scenarios round 48, P5: 12 cases against 38 for a first-year learner). Named, with
    their cases, once a run by the rule: a learner who qualified within the run, with the cases
    opened before their `qualified_on` alone, as the caps of a qualified officer hold the rest
    (scenarios round 52, P8: two cases opened after qualifying counted as a learner's)."""
    check = cr.check
    keys = cr.keys or ()
    if cr.kind.name != "case" or not isinstance(check, ir.Measure | ir.AtOnce) or \
            not isinstance(check.limit, ir.Param | ir.Const) or len(keys) != 1 or \
            not isinstance(keys[0].get, ir.Field) or keys[0].get.type.name != "staff":  # fmt: skip
        return None
    field = keys[0].get.name
    learners = {s.id: s for s in data.staff.values() if s.grade == "PQiP"}
    if not learners:
        return None
    records = data.of("case")
    theirs = taken(records, places_matching(records, {field: set(learners)}))
    counts: dict[str, int] = {}
    for r in _selected(cr, env, theirs):
        who = getattr(r, field)
        qualified, opened = learners[who].qualified_on, getattr(r, "opened", None)
        if qualified is not None and opened is not None and opened >= qualified:
            continue
        counts[who] = counts.get(who, 0) + 1
    if not counts:
        return None
    said = [learners[who] for who in learners if who in counts]
    shown = _first_five([f"{s.id} ({counts[s.id]:,} case{'' if counts[s.id] == 1 else 's'}"
                         f"{_before_qualifying(s)}, {s.file}:{s.line})"
                         for s in said[:5]], len(said))  # fmt: skip
    limit = check.limit.name if isinstance(check.limit, ir.Param) else "a figure"
    one = len(said) == 1
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {len(said):,} PQiP learner{'s' if not one else ''}'"
        f"{'' if not one else 's'} "
        f"cases are held to the same limit as everyone's ({limit}), not a learner's protected "
        f"caseload, which the files do not give: {shown}; check a learner's caseload against "
        f"the PQiP workload guidance", (), True, said[0].file, said[0].line)


def _before_qualifying(s: m.Staff) -> str:
    """` opened before qualifying on DAY` for a learner who qualified within the run."""
    return f" opened before qualifying on {s.qualified_on}" if s.qualified_on else ""


def _condition_text(explain: ir.Explain | None) -> str:
    """A condition as written, from its atoms (`ir.Explain`): `a and (b or c)`."""
    if explain is None:
        return ""
    if explain.fact is not None:
        return explain.fact.text
    parts = [_condition_text(c) for c in explain.children]
    if explain.how == "not":
        return f"not ({parts[0]})"
    inner = [f"({p})" if c.how in ("and", "or") and c.how != explain.how else p
             for p, c in zip(parts, explain.children, strict=True)]  # fmt: skip
    return f" {explain.how} ".join(inner)


def _who_parts(explain: ir.Explain, keys: set[str]) -> tuple[list[ir.Explain], list[ir.Explain]]:
    """A `where`'s parts joined by `and`, split into those that read nothing but the grade
    and roles of a person the rule groups by, both of them (a job held by grade or by role:
    `chair.grade = MAPPA_COORDINATOR or mappa_coordinator in chair.roles`), and the rest."""
    parts = explain.children if explain.how == "and" else (explain,)
    who, rest = [], []
    for part in parts:
        read: set[tuple[str, str]] = set()
        bases: set[int] = set()  # (the person's field under each of their grade and roles)
        other = False
        for x in ir.walk(part.cond):
            if isinstance(x, ir.Attr):
                if x.staff and isinstance(x.base, ir.Field) and x.base.name in keys and \
                        x.name in ("grade", "roles"):  # fmt: skip
                    read.add((x.base.name, x.name))
                    bases.add(id(x.base))
                else:
                    other = True
            elif isinstance(x, ir.Field | ir.Key | ir.Calendar | ir.Among | ir.Place) and \
                    id(x) not in bases:  # fmt: skip
                other = True
        names = {name for _, name in read}
        if not other and "roles" in names and len({b for b, _ in read}) == 1:
            who.append(part)
        else:
            rest.append(part)
    return who, rest


def _roles_read(parts: Iterable[ir.Explain]) -> set[str]:
    """The roles a condition on who reads (`mappa_coordinator in chair.roles`)."""
    out: set[str] = set()
    for part in parts:
        for x in ir.walk(part.cond):
            if isinstance(x, ir.Compare) and any(
                    isinstance(side, ir.Attr) and side.name == "roles"
                    for side in (x.left, x.right)):  # fmt: skip
                for side in (x.left, x.right):
                    if isinstance(side, ir.Const):
                        value = side.value
                        out |= {value} if isinstance(value, str) else set(map(str, value))
    return out


def who_left_out_notice(cr: CompiledRule, data: Dataset, env: Env) -> NotApplied | None:
    """A rule that adds up a person's records (`per chair`) and selects them by that person's
    grade or role (8b: a MAPPA coordinator by grade, or by the role), when records its other
    conditions select have a person who is neither: an SPO with no coordinator role chaired
    four Level 2 meetings in a day, and 8b never named them (attack round 26, P5: dropping the
    role is the "recorded as attending" trick). Named, with what the rule would have found
    had it judged them (the rule run over their records alone)."""
    explain = cr.where_explain
    if explain is None or not isinstance(cr.check, ir.Measure | ir.AtOnce) or \
            not _person_keyed(cr):  # fmt: skip
        return None
    keys = {k.get.name for k in cr.keys or () if isinstance(k.get, ir.Field)
            and k.get.type.name == "staff"}  # fmt: skip
    who, rest = _who_parts(explain, keys)
    records = data.of(cr.kind.name)
    if not who or not records:
        return None
    titled: set[str] | None = None  # (everyone, where roles are given)
    if not _stated(list(data.staff.values()), "roles", "", ()):
        # no one's roles given: said so, by `unstated_notice`, of everyone; but one whose grade
        # names a role the rule reads by title ("Senior Probation Officer - MAPPA
        # Co-ordinator", read as SPO_MAPPA_COORDINATOR) is named here with what they did, as
        # when another record gives roles (scenarios round 50, P2)
        wanted = _roles_read(who)
        titled = {s.id for s in data.staff.values()
                  if any(m.title_names_role(s.grade, r) for r in wanted)}  # fmt: skip
        if not titled:
            return None
    base = next(x.base.name for x in ir.walk(who[0].cond)
                if isinstance(x, ir.Attr) and isinstance(x.base, ir.Field))  # fmt: skip
    # who is judged: the condition on who, run over a stand-in for each staff member; then
    # whether any record names one it does not hold for, on the column (a national export's
    # 200,000 MAPPA meetings, each chaired by a coordinator, are neither listed nor built)
    import collections

    who_where = who[0].cond if len(who) == 1 else ir.BoolOp(
        m.BOOL, "and", tuple(p.cond for p in who))  # fmt: skip
    row = collections.namedtuple("row", [base])  # type: ignore[misc]
    judged = {getattr(r, base) for r in _selected(cr, env, [row._make((s,)) for s in data.staff],
                                                  who_where)}  # fmt: skip
    used = field_values_in(records, base, (set(data.staff) if titled is None else titled)
                           - judged)  # fmt: skip
    if not used:
        return None
    places = places_matching(records, {base: used})
    rest_where = None if not rest else rest[0].cond if len(rest) == 1 else ir.BoolOp(
        m.BOOL, "and", tuple(p.cond for p in rest))  # fmt: skip
    left = taken(records, places)  # (no other condition: every record of theirs)
    if rest_where is not None:
        left = _selected(cr, env, left, rest_where)
    if not left:
        return None
    import msgspec as _ms

    from .common import UnsetParam

    rule = cr._replace(where=rest_where, where_explain=None)
    try:
        measured, _ = run_rule(rule, _ms.structs.replace(
            data, records={**data.records, cr.kind.name: left}), env)
    except UnsetParam:
        measured = []
    by_person: dict[str, list[Any]] = {}
    for r in left:
        by_person.setdefault(getattr(r, base), []).append(r)
    at = next(k.position for k in cr.keys or () if isinstance(k.get, ir.Field)
              and k.get.name == base)  # fmt: skip
    found: dict[str, list[Any]] = {}
    for x in measured:
        found.setdefault(x.x.keys[at], []).append(x)
    calendars = {k.position: k.get.unit for k in cr.keys or () if isinstance(k.get, ir.Calendar)}

    def said(i: int, key: Any) -> str:  # (a period's key as its findings name it: "July 2024")
        unit = calendars.get(i)
        return str(key) if unit is None or not isinstance(key, dt.date) else \
            period_of_key(unit, key).describe()  # fmt: skip

    parts = []
    noun = cr.kind.noun
    for person, theirs in by_person.items():
        s = data.staff.get(person)
        head = f"{person} ({s.grade if s is not None else '?'}): {len(theirs):,} " \
               f"{noun}{'' if len(theirs) == 1 else 's'}"  # fmt: skip
        breaches = found.get(person, [])
        if not breaches:
            parts.append(f"{head} ({theirs[0].file}:{theirs[0].line})")
            continue
        shown = ", ".join(
            f"{x.value:g} ({', '.join(said(i, k) for i, k in enumerate(x.x.keys) if i != at)}; "
            f"{x.evidence[0].file}:{x.evidence[0].line})" for x in breaches[:3])
        n = len(breaches)
        parts.append(f"{head}, and judged they would give {n:,} finding{'' if n == 1 else 's'}: "
                     f"{shown}{f' and {n - 3:,} more' if n > 3 else ''}, against a limit of "
                     f"{breaches[0].limit:g}")
    people = len(by_person)
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {len(left):,} {noun}{'' if len(left) == 1 else 's'} "
        f"name{'s' if len(left) == 1 else ''} as {base.replace('_', ' ')} "
        f"{people:,} staff member{'' if people == 1 else 's'} whom this rule does not judge "
        f"({' and '.join(_condition_text(p) for p in who)} does not hold for them), so "
        f"{'it was' if len(left) == 1 else 'they were'} not judged: "
        f"{_first_five(parts, people)}; if they do this work, record the grade or role this "
        f"rule reads, and it will judge them", (), True, left[0].file, left[0].line)


def daily_dips_notice(cr: CompiledRule, data: Dataset, env: Env, findings: list[Finding],
                       first: int) -> NotApplied | None:  # fmt: skip
    """A spell over WMT readings, when a person's daily readings (no weekly one) go above the
    condition again and again, each spell broken by a dip shorter than the limit, for longer
    than the limit in all, and no spell of theirs is a finding: Monday readings of 114-118%
    and Friday readings of 107-109% for eight weeks gave spells of four days and no word
    (attack round 26, P6). The weekly-plus-daily form is named (`monday_readings_notice`);
    this is the all-daily one. Over the daily readings alone, in one pass, by the rule's own
    condition; a limit that is not one number for all (a cap by grade) is not read here."""
    check = cr.check
    if cr.kind.name != "wmt" or not isinstance(check, ir.Spell) or check.op != "most" or \
            not ir.is_const(check.limit):  # fmt: skip
        return None
    readings = data.of("wmt")
    if not readings or distinct(readings, "date") <= {None}:
        return None  # (a weekly export: its column of days is empty, and nothing is listed)
    dates = field_values(readings, "date")
    daily = [i for i, d in enumerate(dates) if d is not None]
    from .common import UnsetParam
    from .python import program

    try:
        ns = program(cr).bind(cr, env)
        limit = ns["limit"](None)
        if limit is None:
            return None
        staff = field_values(readings, "staff")
        weekly = {staff[i] for i, d in enumerate(dates) if d is None}
        found = {f.subject for f in findings[first:]}
        people: dict[str, list[int]] = {}
        for i in daily:
            if staff[i] not in weekly and staff[i] not in found:
                people.setdefault(staff[i], []).append(i)
        if not people:
            return None
        said = []
        for who, places in people.items():
            places.sort(key=dates.__getitem__)
            rs = [readings[i] for i in places]
            over = ns["flags"](rs)
            chain = _dipped_chain(rs, over, limit)
            if chain is not None:
                said.append((who, *chain))
    except UnsetParam:
        return None
    if not said:
        return None
    parts = []
    for who, spells, start, end, dips in said[:5]:
        low = [d.percent for d in dips]
        span = f"{min(low):g}%" if min(low) == max(low) else f"{min(low):g}% to {max(low):g}%"
        more = f" and {len(dips) - 1:,} more" if len(dips) > 1 else ""
        parts.append(f"{who}: {spells:,} spells from {start} to {end}, the dips {span} "
                     f"({dips[0].file}:{dips[0].line}{more})")
    one = len(said) == 1
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {len(said):,} staff member{'' if one else 's'}'{'s' if one else ''} "
        f"daily WMT readings were above the ceiling again and again, each spell broken by a "
        f"dip shorter than the limit, for longer than the limit ({limit:g} days) in all: "
        f"{_first_five(parts, len(said))}; no spell alone lasted longer, so none is a finding; "
        f"check the readings that broke them", (), True, said[0][4][0].file,
        said[0][4][0].line)


def _dipped_chain(rs: list[Any], over: list[bool], limit: float
                  ) -> tuple[int, dt.date, dt.date, list[Any]] | None:  # fmt: skip
    """The first chain of one person's daily readings (`rs`, by day; `over`: the spell's
    condition for each) above the condition, spell after spell, each broken by a dip (the
    readings below it) that lasts less than `limit` days, whose whole length, from the first
    reading above to the reading that ends its last spell, is more than `limit` days: the
    number of spells, its first and last day, and the readings that broke it. None if none."""
    runs: list[tuple[bool, list[Any]]] = []  # the readings, in runs above and below
    for r, up in zip(rs, over, strict=True):
        if runs and runs[-1][0] == bool(up):
            runs[-1][1].append(r)
        else:
            runs.append((bool(up), [r]))
    i = 0
    while i < len(runs):
        if not runs[i][0]:
            i += 1
            continue
        start, spells, dips, j = runs[i][1][0].date, 1, [], i
        # on while the dip after a spell is short and another spell follows it
        while j + 2 < len(runs) and (runs[j + 2][1][0].date - runs[j + 1][1][0].date).days \
                < limit:  # fmt: skip
            dips += runs[j + 1][1]
            spells, j = spells + 1, j + 2
        after = runs[j + 1][1] if j + 1 < len(runs) else None
        end = after[0].date if after else runs[j][1][-1].date
        if spells > 1 and (end - start).days > limit:
            return spells, start, end, [*dips, *(after[:1] if after else ())]
        i = j + 1
    return None


def _those_of(cr: CompiledRule) -> list[ir.Those]:
    """The `(L where COND)` of a rule's selection and check that keep some of a list of the
    record's own (`(supervisors where ...)`), each once."""
    out: list[ir.Those] = []
    for e in (cr.where, *(v for v in cr.check if ir.is_node(v))):
        for x in ir.walk(e) if e is not None else ():
            if type(x) is ir.Those and type(x.arg) is ir.Field and x not in out:
                out.append(x)
    return out


def those_notice(cr: CompiledRule, data: Dataset, env: Env) -> NotApplied | None:
    """A rule that counts only some of the people a record names (`ratio supervising to
    members`, with `let supervising = (supervisors where grade = CP_SUPERVISOR or
    upw_supervisor in roles)`): the people it did not count, and the records naming them, at
    the first. A van driver named among a session's supervisors was counted as one, and 11
    members with one supervisor passed 5a (scenarios round 54, P1); not counted, he is said,
    so that the finding's one supervisor is read against the rota."""
    found = _those_of(cr)
    if not found:
        return None
    effective = cr.effective
    since = env.params.get(effective) if isinstance(effective, str) else effective
    date_field = cr.kind.date_fields[0] if cr.kind.date_fields else None
    staff = list(data.staff.values())
    parts: list[str] = []
    first: Any = None
    for those in found:
        assert type(those.arg) is ir.Field
        meets = {p.id for p in _selected(cr, env, staff, where=those.cond)}
        if not meets:  # no one meets it: every one named counts (`ir.Those`), and is said
            # (a van driver among a session's supervisors was counted again, unsaid, where no
            # staff record marked anyone: the review of session 52, P5)
            rs = [r for r in _selected(cr, env, _records_of(data, cr.kind.name))
                  if getattr(r, those.arg.name, None)]  # fmt: skip
            if rs:
                parts.append(f"it counts only those of {those.arg.name} where {those.text}, but "
                             "no staff member in the data is one, so it counted every one "
                             f"named in {those.arg.name}")
                first = first or rs[0]
            continue
        named: dict[str, list[Any]] = {}
        for r in _records_of(data, cr.kind.name):
            day = getattr(r, date_field) if date_field else None
            if since is not None and (day is None or day < since):
                continue
            for who in getattr(r, those.arg.name) or ():
                if who not in meets:
                    named.setdefault(who, []).append(r)
        said = []
        for who, rs in sorted(named.items()):
            rs = _selected(cr, env, rs)
            if not rs:
                continue
            person = data.staff.get(who)
            of = f"grade {person.grade}, {person.file}:{person.line}" if person else "no record"
            on = [r.id + (f" on {getattr(r, date_field)}" if date_field else "")
                  + f" ({r.file}:{r.line})" for r in rs[:3]]  # fmt: skip
            more = f" and {len(rs) - 3:,} more" if len(rs) > 3 else ""
            said.append(f"{who} ({of}) in {', '.join(on)}{more}")
            first = first or rs[0]
        if said:
            parts.append(f"it counts only those of {those.arg.name} where {those.text}, so did "
                         f"not count {_first_five(said, len(said))}")
    if not parts:
        return None
    return NotApplied(cr.id, cr.head.clause, "applied in part: " + "; ".join(parts), (), True,
                      first.file, first.line)  # fmt: skip


def one_site_notice(cr: CompiledRule, data: Dataset, findings: list[Finding],
                    first: int) -> NotApplied | None:  # fmt: skip
    """A rule that adds up a person's records of a day (5c's contact hours, `per supervisors
    as supervisor, per day`), when a finding of it adds two or more records of one site: if
    they ran at once (two groups side by side), they are one session given as two, and the
    day's sum counts its hours twice (the data model's `members`). A supervisor with two groups
    at one park was found to have 13 h of contact, and a manager read it as a 13-hour day
    (scenarios round 54, P2). Said beside the finding, naming the records and the site."""
    kind = cr.kind
    if "site" not in kind.fields or not _person_keyed(cr) \
            or not any(k.calendar == "day" for k in cr.keys or ()):  # fmt: skip
        return None
    several = [f for f in findings[first:] if f.rule == cr.id and len(f.evidence) > 1]
    if not several:
        return None
    # only the records the findings name, by id: on records kept as columns, every session of a
    # national export was made an object for this (60 MiB, a tenth of the run: the session's
    # end measure)
    from ..dataset import places_in

    records = _records_of(data, kind.name)
    places = places_in(records, "id", {e.label for f in several for e in f.evidence})
    take = getattr(records, "take", None)
    named = take(places) if take is not None else [records[i] for i in places]
    at = {(r.file, r.line): r for r in named}
    said: list[str] = []
    where: Any = None
    for f in several:
        by_site: dict[str, list[Any]] = {}
        for e in f.evidence:
            r = at.get((e.file, e.line))
            site = getattr(r, "site", None) if r is not None else None
            if site:
                by_site.setdefault(site, []).append(r)
        for site, rs in by_site.items():
            if len(rs) < 2:
                continue
            day = f" on {f.period.describe()}" if f.period is not None else ""
            said.append(f"{f.subject}{day}: {', '.join(f'{r.id} ({r.file}:{r.line})' for r in rs)}"
                        f", all at {site}")  # fmt: skip
            where = where or rs[0]
    if not said:
        return None
    noun = plural_of(kind.noun)
    return NotApplied(
        cr.id, cr.head.clause,
        f"applied in part: {len(said):,} finding{'s add' if len(said) > 1 else ' adds'} "
        f"{noun} of one person at one site on one day ({_first_five(said, len(said))}); if "
        f"they ran at once, they may be one {kind.noun} given as two, and its hours were "
        f"counted twice: give them as one {kind.noun}, with the members of both and the hours "
        f"once, so that its ratio is judged whole", (), True, where.file, where.line)


def _members_by_period(cr: CompiledRule) -> str | None:
    """The calendar of a rule that judges a unit (or region) per day, week or month by its
    members' records (`mean of X by M`, `share of M where ...`, over a kind whose subject is
    a staff member): a member with no record of the period is in none of its figures."""
    keys = cr.keys or ()
    cal = next((k.get.unit for k in keys if isinstance(k.get, ir.Calendar)), None)
    subject = cr.kind.subject
    if cal is None or not subject or not any(isinstance(k.get, ir.Place) for k in keys):
        return None
    own = [x for e in cr.check if ir.is_node(e) for x in ir.walk(e)]
    if not any((isinstance(x, ir.Mean) and x.member is not None) or isinstance(x, ir.Share)
               for x in own):  # fmt: skip
        return None
    return cal


def unread_members_notice(cr: CompiledRule, data: Dataset, env: Env) -> NotApplied | None:
    """A unit's figures for a week (1.1g's mean WMT and share above the ceiling) are taken over
    the readings dated in that week: a reading is not carried forward into them, as it is into
    a spell (1.2k(i)), since a unit declares itself full on what it knows of the week. A
    practitioner of the unit in post all week, read in other weeks but not in it, is in none
    of that week's figures, and a mean over fewer people moves either way: a missing low
    reading can make a Safeguard week, a missing high one hide it (scenarios round 56, P1).
    Named, for each unit and week judged: who had no reading of their own, with their last
    reading before it. Only where the rule's shape judges members per period
    (`_members_by_period`), and only once its levels are set: a run that judges no unit
    walks no reading here."""
    cal = _members_by_period(cr)
    if cal != "week" or cr.kind.name != "wmt" or cr.where is not None:
        return None  # (a rule selecting readings: who counts is its own)
    readings = data.of("wmt")
    if not readings or not data.staff:
        return None
    people = field_values(readings, "staff")
    weeks = field_values(readings, "week")
    dates = field_values(readings, "date")
    percents = field_values(readings, "percent")
    read: dict[str, dict[dt.date, int]] = {}  # person -> Monday -> their last reading's index
    for i, (who, week, day) in enumerate(zip(people, weeks, dates, strict=True)):
        monday = week if week is not None else day - dt.timedelta(days=day.weekday()) \
            if day is not None else None  # fmt: skip
        if who is not None and monday is not None:
            read.setdefault(who, {})[monday] = i

    def unit_of(s: m.Staff) -> str | None:
        return s.unit or data.units.get(s.file)

    judged: dict[str, set[dt.date]] = {}  # unit -> its weeks with a reading
    for who, by_week in read.items():
        s = data.staff.get(who)
        unit = unit_of(s) if s is not None else None
        if unit is not None:
            judged.setdefault(unit, set()).update(by_week)
    parts: list[str] = []
    first: Any = None
    for s in data.staff.values():
        own = read.get(s.id)
        unit = unit_of(s)
        if not own or unit not in judged:
            continue  # (never read at all: 1.2i's rule names them month by month)
        for monday in sorted(judged[unit] - own.keys()):
            sunday = monday + dt.timedelta(days=6)
            if (s.started_on is not None and s.started_on > monday) or \
                    (s.left_on is not None and s.left_on <= sunday):  # fmt: skip
                continue  # (not in post all week)
            before = [w for w in own if w < monday]
            last = ""
            if before:
                i = own[max(before)]
                r = taken(readings, [i])[0]
                last = (f", last read {percents[i]:g}% for the week of {max(before)} "
                        f"({r.file}:{r.line})")
                if first is None:
                    first = r
            parts.append(f"{s.id} ({unit}, week of {monday}{last})")
    if not parts:
        return None
    count = len(parts)
    return NotApplied(cr.id, cr.head.clause, (
        f"applied in part: a unit's week is judged over the readings dated in it, none carried "
        f"forward from an earlier week; {count} reading{'s' if count > 1 else ''} missing, "
        f"each of a practitioner of the unit in post all week and read in other weeks, who is "
        f"in none of that week's figures: {_first_five(parts, count)}; a low reading missing "
        f"raises the mean and a high one lowers it: give the week's reading, "
        f"or check the week by hand"), (), True,
        first.file if first is not None else "", first.line if first is not None else 0)
