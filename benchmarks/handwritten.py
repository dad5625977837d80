"""A hand-written checker of eight of the claim's clauses, for comparison with compiled rules.

It works on the same loaded `Dataset` as the policy does, so the comparison is of the rules
alone: plain Python loops and dicts, as one would write them without a policy language.
Clauses: 1.2k(i), 4c, 5a, 5c, 7, 8a, 8b, 9 (span of control, staff).
`check` returns (rule, subject, period start) triples, which `run.py` compares with the
policy's. `BY_RULE` holds each clause's loop alone (`engines.py` times each against its rule);
`check` runs 5a and 5c in one loop over the Unpaid Work sessions, as one would by hand.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

RISKY = {"high", "very_high"}
FLAGS = {"iom", "sexual_offending", "domestic_abuse", "safeguarding", "ocg", "tact",
         "terrorism_related", "transgender", "complex_mental_health"}  # fmt: skip
Out = list[tuple[str, str, Any]]
UPW_FROM = dt.date(2024, 6, 3)  # 5a: 1:6 from 2024-06-03


def wmt_over_ceiling(data: Any, out: Out) -> None:
    """1.2k(i): above 110% for more than 7 days; a reading holds until the next, and no day
    counts before the person started or from the day they left (as the rule counts)."""
    readings = defaultdict(list)
    staff = data.staff
    for r in data.of("wmt"):
        readings[r.staff].append(r)
    for who, rs in readings.items():
        rs.sort(key=lambda r: r.week or r.date)
        person = staff[who]
        began, left = person.started_on, person.left_on
        start = None
        for i, r in enumerate(rs):
            day = r.week or r.date
            nxt = rs[i + 1] if i + 1 < len(rs) else None
            end = (nxt.week or nxt.date) if nxt else day + dt.timedelta(7 if r.week else 1)
            if r.percent > 110:
                start = start or day
                stop = end
            elif start is not None:
                _spell_over(who, start, stop, began, left, out)
                start = None
        if start is not None:
            _spell_over(who, start, stop, began, left, out)


def _spell_over(who: str, start: dt.date, stop: dt.date, began: dt.date | None,
                left: dt.date | None, out: Out) -> None:  # fmt: skip
    """A spell from `start` to the day before `stop`, cut to the days in post."""
    if began is not None and start < began:
        start = began
    if left is not None and stop > left:
        stop = left
    if (stop - start).days > 7:
        out.append(("wmt-over-ceiling", who, start))


def unrecompensed_hours(data: Any, out: Out) -> None:
    """4c: hours over contract not given as TOIL or paid."""
    staff = data.staff
    for t in data.of("timesheet"):
        contracted = staff[t.staff].contracted_hours
        if contracted is None or contracted <= 0:  # the rule: where contracted_hours > 0 h
            continue
        owed = t.hours_worked - contracted - t.toil_hours - t.paid_excess_hours
        if owed > 1e-9:  # within 1e-9 is none, as the engines compare numbers (EPSILON)
            out.append(("unrecompensed-hours", t.staff, t.week))


def upw(data: Any, out: Out) -> None:
    """5a: 1:6 from 2024-06-03, and 5c: contact hours per supervisor per day, in one loop."""
    contact: dict[tuple[str, dt.date], float] = defaultdict(float)
    for u in data.of("upw_session"):
        if u.date >= UPW_FROM and u.members > 6 * len(u.supervisors):
            out.append(("upw-group-ratio", u.id, u.date))
        for s in u.supervisors:
            contact[s, u.date] += u.contact_hours
    out.extend(("upw-contact-hours", s, d) for (s, d), h in contact.items() if h > 8)


def upw_group_ratio(data: Any, out: Out) -> None:
    """5a alone."""
    for u in data.of("upw_session"):
        if u.date >= UPW_FROM and u.members > 6 * len(u.supervisors):
            out.append(("upw-group-ratio", u.id, u.date))


def upw_contact_hours(data: Any, out: Out) -> None:
    """5c alone."""
    contact: dict[tuple[str, dt.date], float] = defaultdict(float)
    for u in data.of("upw_session"):
        for s in u.supervisors:
            contact[s, u.date] += u.contact_hours
    out.extend(("upw-contact-hours", s, d) for (s, d), h in contact.items() if h > 8)


def psr_role_boundary(data: Any, out: Out) -> None:
    """7: a PSO, or a PQiP learner not yet qualified on the report's day, writing PSRs on the
    categories, from 2024-06-01."""
    staff = data.staff
    psr_from = dt.date(2024, 6, 1)
    for r in data.of("report"):
        if r.date < psr_from:
            continue
        author = staff[r.author]
        grade = author.grade
        if grade != "PSO" and (grade != "PQiP" or (author.qualified_on is not None
                               and r.date >= author.qualified_on)):  # fmt: skip
            continue
        s = r.subject
        if (s.rosh in RISKY or s.reoffending in RISKY or s.mappa_level in (2, 3)
                or FLAGS.intersection(s.flags)):  # fmt: skip
            out.append(("psr-role-boundary", r.id, r.date))


def programme_sessions_per_week(data: Any, out: Out) -> None:
    """8a: programme sessions per facilitator per week."""
    sessions: dict[tuple[str, dt.date], int] = defaultdict(int)
    for p in data.of("programme_session"):
        monday = p.date - dt.timedelta(p.date.weekday())
        for f in p.facilitators:
            sessions[f, monday] += 1
    out.extend(("programme-sessions-per-week", f, w) for (f, w), c in sessions.items() if c > 4)


def mappa_chairing_per_day(data: Any, out: Out) -> None:
    """8b: level 2 MAPPA meetings per MAPPA coordinator (by grade or role) per type per day."""
    staff = data.staff
    coordinator: dict[str, bool] = {}
    chaired: dict[tuple[str, str, dt.date], int] = defaultdict(int)
    for m in data.of("mappa_meeting"):
        if m.level == 2:
            known = coordinator.get(m.chair)
            if known is None:
                s = staff[m.chair]
                known = coordinator[m.chair] = (s.grade == "MAPPA_COORDINATOR"
                                                or "mappa_coordinator" in s.roles)  # fmt: skip
            if known:
                chaired[m.chair, m.type, m.date] += 1
    out.extend(("mappa-chairing-per-day", c, d) for (c, t, d), k in chaired.items() if k > 1)


def span_of_control(data: Any, out: Out, span_caps: dict[str, int] | None = None) -> None:
    """9: span of control by the manager's grade: the most reports in post at once (from
    started_on, or always, until left_on, or still), counted only for a manager with more
    reports than the cap in all; a report whose time in post and the manager's do not overlap
    is not counted (review 33)."""
    if not span_caps:
        return
    staff = data.staff
    reports: dict[str, list[Any]] = defaultdict(list)
    for s in data.of("staff"):  # a report counts only if they and the manager overlap in post
        if s.line_manager is not None:
            m = staff[s.line_manager]
            if (m.left_on is None or s.started_on is None or s.started_on < m.left_on) and (
                    m.started_on is None or s.left_on is None or s.left_on > m.started_on):
                reports[s.line_manager].append(s)
    for m, rs in reports.items():
        cap = span_caps.get(staff[m].grade)
        if cap is None or len(rs) <= cap:
            continue
        peak = sum(1 for s in rs if s.started_on is None)
        for day in {s.started_on for s in rs if s.started_on is not None}:
            held = sum(1 for s in rs if (s.started_on is None or s.started_on <= day)
                       and (s.left_on is None or day < s.left_on))  # fmt: skip
            peak = max(peak, held)
        if peak > cap:
            out.append(("span-of-control", m, None))


BY_RULE: dict[str, Callable[..., None]] = {
    "wmt-over-ceiling": wmt_over_ceiling, "unrecompensed-hours": unrecompensed_hours,
    "upw-group-ratio": upw_group_ratio, "upw-contact-hours": upw_contact_hours,
    "psr-role-boundary": psr_role_boundary,
    "programme-sessions-per-week": programme_sessions_per_week,
    "mappa-chairing-per-day": mappa_chairing_per_day, "span-of-control": span_of_control,
}  # fmt: skip


def check(data: Any, span_caps: dict[str, int] | None = None) -> Out:
    out: Out = []
    wmt_over_ceiling(data, out)
    unrecompensed_hours(data, out)
    upw(data, out)
    psr_role_boundary(data, out)
    programme_sessions_per_week(data, out)
    mappa_chairing_per_day(data, out)
    span_of_control(data, out, span_caps)
    return out
