"""A hand-written checker of eight of the claim's clauses, for comparison with compiled rules.

It works on the same loaded `Dataset` as the policy does, so the comparison is of the rules
alone: plain Python loops and dicts, as one would write them without a policy language.
Clauses: 1.2k(i), 4c, 5a, 5c, 7, 8a, 8b, 9 (span of control, staff).
It returns (rule, subject, period start) triples, which `run.py` compares with the policy's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

RISKY = {"high", "very_high"}
FLAGS = {"iom", "sexual_offending", "domestic_abuse", "safeguarding", "ocg", "tact",
         "terrorism_related", "transgender", "complex_mental_health"}  # fmt: skip


def check(data: Any, span_caps: dict[str, int] | None = None) -> list[tuple[str, str, Any]]:
    staff = data.staff
    out: list[tuple[str, str, Any]] = []

    # 1.2k(i): above 110% for more than 7 days; a reading holds until the next.
    readings = defaultdict(list)
    for r in data.of("wmt"):
        readings[r.staff].append(r)
    for who, rs in readings.items():
        rs.sort(key=lambda r: r.week or r.date)
        start = None
        for i, r in enumerate(rs):
            day = r.week or r.date
            nxt = rs[i + 1] if i + 1 < len(rs) else None
            end = (nxt.week or nxt.date) if nxt else day + dt.timedelta(7 if r.week else 1)
            if r.percent > 110:
                start = start or day
                stop = end
            elif start is not None:
                if (stop - start).days > 7:
                    out.append(("wmt-over-ceiling", who, start))
                start = None
        if start is not None and (stop - start).days > 7:
            out.append(("wmt-over-ceiling", who, start))

    # 4c: hours over contract not given as TOIL or paid.
    for t in data.of("timesheet"):
        contracted = staff[t.staff].contracted_hours
        if contracted is None:
            continue
        owed = t.hours_worked - contracted - t.toil_hours - t.paid_excess_hours
        if owed > 1e-9:  # within 1e-9 is none, as the engines compare numbers (EPSILON)
            out.append(("unrecompensed-hours", t.staff, t.week))

    # 5a: 1:6 from 2024-06-03.  5c: contact hours per supervisor per day.
    since = dt.date(2024, 6, 3)
    contact: dict[tuple[str, dt.date], float] = defaultdict(float)
    for u in data.of("upw_session"):
        if u.date >= since and u.members > 6 * len(u.supervisors):
            out.append(("upw-group-ratio", u.id, u.date))
        for s in u.supervisors:
            contact[s, u.date] += u.contact_hours
    out.extend(("upw-contact-hours", s, d) for (s, d), h in contact.items() if h > 8)

    # 7: PSO/PQiP writing PSRs on the categories, from 2024-06-01.
    psr_from = dt.date(2024, 6, 1)
    for r in data.of("report"):
        if r.date < psr_from or staff[r.author].grade not in ("PSO", "PQiP"):
            continue
        s = r.subject
        if (s.rosh in RISKY or s.reoffending in RISKY or s.mappa_level in (2, 3)
                or FLAGS.intersection(s.flags)):  # fmt: skip
            out.append(("psr-role-boundary", r.id, r.date))

    # 8a: programme sessions per facilitator per week.
    sessions: dict[tuple[str, dt.date], int] = defaultdict(int)
    for p in data.of("programme_session"):
        monday = p.date - dt.timedelta(p.date.weekday())
        for f in p.facilitators:
            sessions[f, monday] += 1
    out.extend(("programme-sessions-per-week", f, w) for (f, w), c in sessions.items() if c > 4)

    # 8b: level 2 MAPPA meetings per chair per type per day.
    chaired: dict[tuple[str, str, dt.date], int] = defaultdict(int)
    for m in data.of("mappa_meeting"):
        if m.level == 2:
            chaired[m.chair, m.type, m.date] += 1
    out.extend(("mappa-chairing-per-day", c, d) for (c, t, d), k in chaired.items() if k > 1)

    # 9: span of control by the manager's grade.
    if span_caps:
        reports: dict[str, int] = defaultdict(int)
        for s in data.of("staff"):
            if s.line_manager is not None:
                reports[s.line_manager] += 1
        for m, k in reports.items():
            cap = span_caps.get(staff[m].grade)
            if cap is not None and k > cap:
                out.append(("span-of-control", m, None))
    return out
