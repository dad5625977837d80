#!/usr/bin/env python3
"""Generate benchmark data sets for workrules, in the data-model form.

    python benchmarks/generate.py unit OUT_DIR
    python benchmarks/generate.py units N OUT_DIR
    python benchmarks/generate.py national OUT_DIR [--staff 20000] [--weeks 52] [--scale F]

`unit` writes one PDU (staff.yaml, rota.yaml, allocation.yaml, jd/*.md); `units` writes N
of them under OUT_DIR/unit-NN/ (plus one shared OUT_DIR/jd/); `national` writes one
region-NN-{staff,rota,allocation}.json per region, streamed region by region.

Only the standard library is needed. YAML is written by hand in flow style and JSON with
one compact record per line, so every record stands on a line of its own and a finding's
line number points at it. Output is deterministic for a given --seed: every (unit, list)
pair draws from its own random stream, seeded from the seed, the unit's id prefix and the
list's name, so lists can be streamed one after another without holding a region in memory.

About 3% of the records a rule looks at are made to break it (see README.md);
--manifest FILE writes the counts per list and the planted breach counts as JSON.
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import time
from collections import Counter

UNIT_START = dt.date(2024, 5, 13)      # 7 weeks from here straddle the June 2024 dates
NATIONAL_START = dt.date(2024, 4, 1)
UPW_RATIO_FROM = dt.date(2024, 6, 3)   # 5a: 1 supervisor to 6 members from this day
REPORT_LIMIT_FROM = dt.date(2024, 6, 1)  # 7: no PSO/PQiP reports on high RoSH / MAPPA 2-3

# How often a record is made to break the rule that looks at it (roughly; see README.md).
P_TS_BREACH = 0.03       # timesheet: hours over contract not all given as TOIL or pay
P_TS_COVERED = 0.15      # timesheet: hours over contract, all given as TOIL or pay
P_TS_UNDER = 0.06        # timesheet: leave or part week
P_TS_ISOWEEK = 0.05      # timesheet week written as 2024-W14
P_WMT_EPISODE = 0.012    # WMT: start a run of 2-4 weeks above 110%
P_WMT_SPIKE = 0.02       # WMT: a single week above 110% (not a breach)
P_WMT_AT_LIMIT = 0.02    # WMT: exactly 110% (not a breach)
P_UPW_MEMBERS = 0.035    # UPW: more than 6 members per supervisor (from 2024-06-03)
P_UPW_LONG = 0.012       # UPW: one session of more than 8 contact hours
P_UPW_SPLIT_LONG = 0.008  # UPW: two sessions in a day adding up to more than 8 hours
P_UPW_SPLIT = 0.05       # UPW: two sessions in a day, 8 hours or less (not a breach)
P_UPW_JOINT = 0.3        # UPW: a week with one session run by two supervisors
P_PROG_BREACH = 0.025    # programmes: a facilitator-week of 5 or more sessions
P_PROG_COFAC = 0.2       # programmes: a session with a second facilitator
P_MAPPA_BREACH = 0.025   # MAPPA: a chair-day with 2 initial level-2 meetings
P_REPORT_BREACH = 0.10   # reports by a PSO/PQiP on/after 2024-06-01 that break clause 7

REGIONS = [
    "North East", "Yorkshire and the Humber", "North West", "Greater Manchester",
    "Wales", "West Midlands", "East Midlands", "East of England", "London",
    "Kent, Surrey and Sussex", "South Central", "South West",
]
INITIALS = "ABCDEFGHJKLMNPRSTVW"
SURNAMES = [
    "Ahmed", "Baker", "Campbell", "Davies", "Evans", "Fletcher", "Green", "Hughes",
    "Iqbal", "Jones", "Khan", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Quinn",
    "Roberts", "Singh", "Taylor", "Usman", "Walker", "Wright", "Young", "O'Neill",
    "Kowalski", "Mensah", "Hussain", "Murphy", "Clarke",
]
SITES = [
    "Riverside allotments", "Town park", "Canal towpath", "Community garden",
    "Leisure centre", "Charity warehouse", "St Mary's churchyard", "Allotments, Eastfield",
    "Cemetery grounds", "Workshop",
]
PROGRAMMES = ["BBR", "TSP", "Kaizen", "Horizon", "iHorizon", "Resolve", "Building Choices"]
FLAGS = [  # (flag, chance on a report subject)
    ("iom", 0.08), ("sexual_offending", 0.04), ("domestic_abuse", 0.25),
    ("safeguarding", 0.15), ("ocg", 0.02), ("tact", 0.005),
    ("terrorism_related", 0.005), ("transgender", 0.01), ("complex_mental_health", 0.08),
]


def weighted(values, weights):
    """A table to `pick` from: each value repeated as often as its weight."""
    return tuple(v for v, w in zip(values, weights, strict=True) for _ in range(w))


def pick(rng, table):
    return table[int(rng.random() * len(table))]


RISKS = ("low", "medium", "high", "very_high")
T_HOURS = weighted((37, 30, 22.5, 18.5), (80, 10, 7, 3))
T_MAPPA_COUNT = weighted((1, 2, 3), (5, 4, 1))
T_MAPPA_LEVEL = weighted((2, 3, 1), (14, 5, 1))
T_CASE_ROSH_PO = weighted(RISKS, (5, 9, 5, 1))
T_CASE_ROSH_JUNIOR = weighted(RISKS[:2], (3, 2))
T_TIER = weighted("ABCD", (2, 5, 7, 6))
T_SUBJ_ROSH_PO = weighted(RISKS, (25, 40, 28, 7))
T_SUBJ_MAPPA_PO = weighted((0, 1, 2, 3), (40, 5, 4, 1))
T_SUBJ_ROSH_JUNIOR = weighted(RISKS[:2], (11, 9))
T_SUBJ_MAPPA_JUNIOR = weighted((0, 1), (9, 1))
T_SUBJ_ROSH_EARLY = weighted(RISKS[:3], (9, 8, 3))
T_SUBJ_MAPPA_EARLY = weighted((0, 1, 2), (17, 2, 1))
T_REOFFENDING = weighted(RISKS, (6, 8, 5, 1))
T_REPORT_TYPE = weighted(("sdr", "short_format", "oral"), (5, 9, 6))
T_SIGNOFFS = weighted((("spo",), ("spo", "ppg"), ("spo", "hmip"), ("spo", "ppg", "hmip")),
                      (8, 7, 3, 2))
T_UNIT_SIZE = weighted((17, 18, 19, 20, 21), (1, 2, 3, 2, 1))

STAFF_KEYS = ["id", "name", "grade", "roles", "contracted_hours", "qualified_on",
              "line_manager", "pta", "pso_assessor", "unit", "region", "band", "gender",
              "ethnicity", "started_on", "left_on", "flexitime"]

# Workforce facts for clause 3's indicators (national sets only; see Unit.workforce)
BANDS = {"HEAD_OF_PDU": "Band 7", "SPO": "Band 5", "PO": "Band 4", "PQiP": "Band 3",
         "PSO": "Band 3", "CP_SUPERVISOR": "Band 3", "MAPPA_COORDINATOR": "Band 4",
         "CASE_ADMIN": "Band 2"}
T_GENDER = weighted(("Female", "Male", None), (70, 28, 2))
T_ETHNICITY = weighted(("White British", "White other", "Asian or Asian British",
                        "Black or Black British", "Mixed", "Other", None),
                       (74, 5, 8, 6, 3, 2, 2))
T_ABSENCE = weighted(("sickness", "annual_leave", "training", "other"), (5, 10, 2, 1))
T_INCIDENT = weighted(("accident", "assault", "near_miss", "ill_health", "other"),
                      (5, 1, 3, 1, 1))
P_STARTED = 0.06   # started during the period
P_LEFT = 0.06      # left during the period
P_FLEXITIME = 0.6  # works to PI 15/2017 (not Community Payback supervisors)

JOB_DESCRIPTIONS = [
    # (file, front matter, text). The SPO and Head of PDU state a span of control; the
    # Business Manager, MAPPA Coordinator and Senior Administrator line manage without
    # stating one (clause 9); the rest do not line manage.
    ("senior-probation-officer.md",
     {"title": "Senior Probation Officer", "grade": "SPO", "line_management": True,
      "span_of_control": 7},
     "The post holder leads a sentence management team and line manages its probation\n"
     "officers, PQiP learners and probation service officers, holding supervision with\n"
     "each of them every month.\n"),
    ("head-of-pdu.md",
     {"title": "Head of Probation Delivery Unit", "grade": "HEAD_OF_PDU",
      "span_of_control": 6},
     "Leads the Probation Delivery Unit. Line manages the senior probation officers, the\n"
     "community payback supervisors and the MAPPA coordinator.\n"),
    ("business-manager.md",
     {"title": "Business Manager", "grade": "BUSINESS_MANAGER"},
     "Responsible for the PDU's budget and estates. The role includes line management of\n"
     "the administrative team and its case administrators.\n"),
    ("mappa-coordinator.md",
     {"title": "MAPPA Coordinator", "grade": "MAPPA_COORDINATOR"},
     "Chairs level 2 and level 3 MAPPA meetings and line manages the MAPPA\n"
     "administrators who minute them.\n"),
    ("senior-administrator.md",
     {"title": "Senior Administrator", "grade": "SAO", "line_management": True},
     "Leads the administration hub: allocates work to the case administrators and\n"
     "approves their leave.\n"),
    ("case-administrator.md",
     {"title": "Case Administrator", "grade": "CASE_ADMIN"},
     "Keeps case records up to date, books appointments and supports the practitioners\n"
     "of the team.\n"),
    ("probation-officer.md",
     {"title": "Probation Officer", "grade": "PO", "line_management": False},
     "Holds a caseload of people on probation, assesses risk, writes pre-sentence\n"
     "reports and works with partner agencies to reduce reoffending.\n"),
    ("community-payback-supervisor.md",
     {"title": "Community Payback Supervisor", "grade": "CP_SUPERVISOR"},
     "Leads work groups of people on probation doing unpaid work on community\n"
     "projects, and keeps the group safe and on task.\n"),
]


# --------------------------------------------------------------------------- period

class Period:
    """The weeks of a data set: Mondays from `start`, with their days as ISO strings."""

    def __init__(self, start, weeks):
        if start.weekday() != 0:
            raise SystemExit(f"generate.py: --start {start} is not a Monday")
        self.mondays = [start + dt.timedelta(weeks=i) for i in range(weeks)]
        self.week_iso = [d.isoformat() for d in self.mondays]
        self.week_w = [f"{d.isocalendar()[0]:04d}-W{d.isocalendar()[1]:02d}" for d in self.mondays]
        self.days = [[m + dt.timedelta(days=k) for k in range(7)] for m in self.mondays]
        self.day_iso = [[d.isoformat() for d in row] for row in self.days]
        # a week as written (its Monday, or 2024-W20) -> its Monday; a Monday -> its Sunday
        self.monday_of = {**dict(zip(self.week_w, self.week_iso, strict=True)),
                          **{m: m for m in self.week_iso}}  # fmt: skip
        self.sunday_of = {m: row[6] for m, row in zip(self.week_iso, self.day_iso, strict=True)}

    def __len__(self):
        return len(self.mondays)


def num(x):
    """A whole float as an int, so 37.0 is written 37."""
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


class Stats:
    def __init__(self):
        self.records = Counter()     # per list name
        self.breaches = Counter()    # planted breach records, per clause
        self.files = 0
        self.bytes = 0
        self.quota = {}              # clause -> running share, see Stats.due

    def due(self, key, p, rng):
        """True about once in 1/p calls, at jittered but evenly spread turns.

        Used where a data set offers few chances for a breach (facilitator-weeks), so
        the rate stays near p for the whole data set instead of varying with the luck
        of a few dozen draws."""
        acc = self.quota.get(key, rng.random()) + p * rng.uniform(0.5, 1.5)
        self.quota[key] = acc % 1.0
        return acc >= 1.0


# --------------------------------------------------------------------------- staff

class Unit:
    """One PDU: its staff and who holds which duty."""

    def __init__(self, prefix, name, n, period, rng, cases_per_po, region=None, wrng=None):
        self.prefix = prefix
        self.name = name
        self.region = region
        self.cases_per_po = cases_per_po
        staff = []

        def add(grade, roles=None, hours=None):
            rec = {
                "id": f"{prefix}S{len(staff) + 1:04d}",
                "name": f"{rng.choice(INITIALS)}. {rng.choice(SURNAMES)}",
                "grade": grade,
            }
            if roles:
                rec["roles"] = list(roles)
            if hours is None:
                hours = pick(rng, T_HOURS)
            rec["contracted_hours"] = hours
            staff.append(rec)
            return rec

        n_spo = 1 if n < 12 else (2 if n < 23 else 3)
        n_sup = 2 if n >= 16 and rng.random() < 0.25 else 1
        n_fac = 2 if n >= 16 and rng.random() < 0.25 else 1
        n_admin = 1 if n >= 19 else 0
        practitioners = n - (1 + n_spo + n_sup + n_fac + 1 + n_admin)
        if practitioners < 3:
            raise SystemExit(f"generate.py: a unit needs at least 8 staff, not {n}")
        n_pqip = max(1, round(practitioners * 0.25))
        n_pso = max(1, round(practitioners * 0.25))
        n_po = practitioners - n_pqip - n_pso
        # 2 learners to a Practice Tutor Assessor; in about 1 unit in 8, 3 to one (which a
        # learners-per-PTA cap of 2 flags)
        per_pta = 3 if rng.random() < 0.125 else 2
        n_pta = (n_pqip + per_pta - 1) // per_pta

        head = add("HEAD_OF_PDU", hours=37)
        spos = [add("SPO", ["sfo_reviewing_manager"] if i == 0 else None, 37)
                for i in range(n_spo)]
        pos = []
        for i in range(n_po):
            roles = []
            if i < n_pta:
                roles.append("pta")
            if i == n_pta or (n_po <= n_pta and i == 0):
                roles.append("pso_assessor")
            rec = add("PO", roles)
            r = rng.random()
            if r < 0.25:     # newly qualified: within 12 months of the period
                rec["qualified_on"] = (period.mondays[0] - dt.timedelta(
                    days=rng.randint(-14, 330))).isoformat()
            elif r < 0.75:
                rec["qualified_on"] = (period.mondays[0] - dt.timedelta(
                    days=rng.randint(400, 6000))).isoformat()
            pos.append(rec)
        ptas = [p for p in pos if "pta" in p.get("roles", ())]
        assessor = next(p for p in pos if "pso_assessor" in p.get("roles", ()))
        pqips = []
        for i in range(n_pqip):
            rec = add("PQiP", hours=37)
            rec["pta"] = ptas[min(i // per_pta, len(ptas) - 1)]["id"]
            pqips.append(rec)
        psos = []
        for i in range(n_pso):
            rec = add("PSO", ["psr_author"] if rng.random() < 0.5 else None)
            if i == 0 or rng.random() < 0.35:
                rec["pso_assessor"] = assessor["id"]
            psos.append(rec)
        facs = [add("PSO", ["facilitator"]) for _ in range(n_fac)]
        sups = [add("CP_SUPERVISOR", ["upw_supervisor"], 37) for _ in range(n_sup)]
        chairs = [add("MAPPA_COORDINATOR", ["mappa_coordinator"], 37)]
        admins = [add("CASE_ADMIN") for _ in range(n_admin)]

        team = pos + pqips + psos + facs
        rng.shuffle(team)
        for i, rec in enumerate(team):          # 5-9 each for a unit of 17-21
            rec["line_manager"] = spos[i % n_spo]["id"]
        for rec in spos + sups + chairs + admins:
            rec["line_manager"] = head["id"]

        if region is not None:
            self.workforce(staff, period, wrng)
        self.staff = [{k: s[k] for k in STAFF_KEYS if k in s} for s in staff]
        self.case_holders = [(s["id"], s["grade"]) for s in pos + pqips + psos]
        self.sups = [s["id"] for s in sups]
        self.facs = [s["id"] for s in facs]
        self.chairs = [s["id"] for s in chairs]
        self.sfo_managers = [s["id"] for s in spos if "roles" in s]
        self.unallocated = rng.randint(0, 12)


    def workforce(self, staff, period, rng):
        """Clause 3's facts on each person, from their own random stream (so the other
        lists stay as they were): unit, region, band, gender, ethnicity, flexitime, and
        start or leaving dates for some."""
        first, last = period.mondays[0], period.mondays[-1] + dt.timedelta(days=6)
        span = (last - first).days
        for rec in staff:
            rec["unit"] = self.name
            rec["region"] = self.region
            rec["band"] = BANDS[rec["grade"]]
            for key, table in (("gender", T_GENDER), ("ethnicity", T_ETHNICITY)):
                value = pick(rng, table)
                if value is not None:
                    rec[key] = value
            rec["flexitime"] = rec["grade"] != "CP_SUPERVISOR" and rng.random() < P_FLEXITIME
            r = rng.random()
            if r < P_STARTED:
                rec["started_on"] = (first + dt.timedelta(days=rng.randrange(span))).isoformat()
            elif r < P_STARTED + P_LEFT:
                rec["left_on"] = (first + dt.timedelta(days=rng.randrange(1, span))).isoformat()
            elif r < 0.6:
                rec["started_on"] = (first - dt.timedelta(days=rng.randint(30, 9000))).isoformat()
        self.fte = sum(rec["contracted_hours"] for rec in staff) / 37


# --------------------------------------------------------------------------- lists
# Each generator yields the records of one list for one unit, drawing from its own rng.
# `force` (the `unit` command) plants at least one breach of the list's rule.

def gen_timesheets(u, per, rng, st, force):
    nw = len(per)
    forced = (rng.randrange(len(u.staff)), rng.randrange(nw)) if force else None
    breaches = 0
    for si, s in enumerate(u.staff):
        c = float(s["contracted_hours"])
        sid = s["id"]
        for w in range(nw):
            week = per.week_w[w] if rng.random() < P_TS_ISOWEEK else per.week_iso[w]
            r = rng.random()
            toil = paid = 0.0
            if r < P_TS_BREACH or (si, w) == forced:
                excess = pick(rng, (1.5, 2.0, 2.5, 3.0, 4.0, 4.5, 5.0, 6.0))
                covered = 0.5 * rng.randrange(int(excess * 2))     # less than the excess
                if rng.random() < 0.7:
                    toil = covered
                else:
                    paid = covered
                hours = c + excess
                breaches += 1
            elif r < P_TS_BREACH + P_TS_COVERED:
                excess = pick(rng, (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0))
                toil = 0.5 * rng.randint(0, int(excess * 2))
                paid = excess - toil
                hours = c + excess
            elif r < P_TS_BREACH + P_TS_COVERED + P_TS_UNDER:
                hours = max(0.0, c - rng.choice((7.5, 7.5, 3.5, c)))
            else:
                hours = c
            if hours > c:
                yield {"staff": sid, "week": week, "hours_worked": num(hours),
                       "toil_hours": num(toil), "paid_excess_hours": num(paid)}
            else:   # nothing to give back: the optional fields are left out
                yield {"staff": sid, "week": week, "hours_worked": num(hours)}
    st.breaches["4c timesheets"] += breaches


def gen_wmt(u, per, rng, st, force):
    nw = len(per)
    holders = u.case_holders
    forced = rng.randrange(len(holders)) if force and nw >= 2 else -1
    for hi, (sid, _grade) in enumerate(holders):
        base = rng.randint(78, 100)

        def normal(base: int = base) -> int:
            return max(40, min(110, base + rng.randint(-6, 6)))

        vals = []
        while len(vals) < nw:
            r = rng.random()
            if r < P_WMT_EPISODE and len(vals) + 1 < nw:
                length = min(rng.choice((2, 2, 3, 4)), nw - len(vals))
                vals.extend(rng.randint(111, 126) for _ in range(length))
                vals.append(normal())
            elif r < P_WMT_EPISODE + P_WMT_SPIKE:
                vals.append(rng.randint(111, 120))
                vals.append(normal())
            elif r < P_WMT_EPISODE + P_WMT_SPIKE + P_WMT_AT_LIMIT:
                vals.append(110)
            else:
                vals.append(normal())
        del vals[nw:]
        if hi == forced and not _runs_above(vals):
            k = rng.randrange(nw - 1)
            vals[k] = rng.randint(112, 122)
            vals[k + 1] = rng.randint(112, 122)
            if k > 0:
                vals[k - 1] = min(vals[k - 1], 108)
            if k + 2 < nw:
                vals[k + 2] = min(vals[k + 2], 108)
        st.breaches["1.2k(i) wmt"] += _runs_above(vals)
        for w, v in enumerate(vals):
            yield {"staff": sid, "week": per.week_iso[w], "percent": v}


def _runs_above(vals, limit=110):
    """Readings that stand in a run of 2 or more consecutive weeks above `limit`."""
    total = run = 0
    for v in [*vals, 0]:
        if v > limit:
            run += 1
        else:
            if run >= 2:
                total += run
            run = 0
    return total


def _forced_week(per, rng, force, after=None):
    """A week for a planted breach: one starting on/after `after` where there is one."""
    if not force:
        return -1
    weeks = [w for w in range(len(per)) if after is None or per.mondays[w] >= after]
    return rng.choice(weeks) if weeks else rng.randrange(len(per))


def gen_upw(u, per, rng, st, force):
    sups = u.sups
    prefix = u.prefix
    n = 0
    forced_w = _forced_week(per, rng, force, UPW_RATIO_FROM)
    for w in range(len(per)):
        days = per.days[w]
        plan = []        # (day, supervisors, members, contact_hours)

        def members(d, nsup, forced=False, days=days):
            cap = 6 * nsup
            if days[d] >= UPW_RATIO_FROM:
                if forced or rng.random() < P_UPW_MEMBERS:
                    return cap + pick(rng, (1, 1, 2))
                return rng.randint(3 * nsup, cap)
            return rng.randint(3 * nsup, 8 * nsup)     # before 5a: up to 8 each

        days_of = {s: sorted(rng.sample(range(5), 4)) for s in sups}
        if len(sups) >= 2 and rng.random() < P_UPW_JOINT:
            a, b = sups[0], sups[1]
            common = [d for d in days_of[a] if d in days_of[b]]
            if common:
                d = rng.choice(common)
                days_of[a].remove(d)
                days_of[b].remove(d)
                plan.append((d, [a, b], members(d, 2), pick(rng, (7, 7.5))))
        for s in sups:
            for k, d in enumerate(days_of[s]):
                this = w == forced_w and s == sups[0]
                crowd = this and k == 0         # planted 5a breach
                r = rng.random()
                if r < P_UPW_LONG or (this and k == 1):
                    plan.append((d, [s], members(d, 1, crowd), pick(rng, (8.5, 9, 9.5))))
                elif r < P_UPW_LONG + P_UPW_SPLIT_LONG:
                    h1, h2 = rng.choice(((4.5, 4.5), (4, 4.5), (5, 4), (4.5, 5)))
                    plan.append((d, [s], members(d, 1, crowd), h1))
                    plan.append((d, [s], members(d, 1), h2))
                elif r < P_UPW_LONG + P_UPW_SPLIT_LONG + P_UPW_SPLIT:
                    h1, h2 = rng.choice(((4, 4), (3.5, 4), (3.5, 3.5), (4, 3.5)))
                    plan.append((d, [s], members(d, 1, crowd), h1))
                    plan.append((d, [s], members(d, 1), h2))
                else:
                    plan.append((d, [s], members(d, 1, crowd), pick(rng, (6.5, 7, 7, 7.5))))
        plan.sort(key=lambda p: (p[0], p[1][0]))
        hours = Counter()
        for d, ss, _m, h in plan:
            for s in ss:
                hours[(s, d)] += h
        for d, ss, m, h in plan:
            n += 1
            if days[d] >= UPW_RATIO_FROM and m > 6 * len(ss):
                st.breaches["5a upw members"] += 1
            if any(hours[(s, d)] > 8 for s in ss):
                st.breaches["5c upw hours"] += 1
            yield {"id": f"{prefix}U{n:04d}", "date": per.day_iso[w][d],
                   "site": pick(rng, SITES), "supervisors": ss, "members": m,
                   "contact_hours": h}


def gen_programmes(u, per, rng, st, force):
    facs = u.facs
    prefix = u.prefix
    home = {f: pick(rng, PROGRAMMES) for f in facs}
    forced_w = _forced_week(per, rng, force)
    n = 0
    for w in range(len(per)):
        left = {}
        for f in facs:
            if st.due("8a", P_PROG_BREACH, rng) or (w == forced_w and f == facs[0]):
                left[f] = pick(rng, (5, 5, 5, 6))
            else:
                left[f] = pick(rng, (3, 3, 4, 4, 4))
        plan = []
        for f in facs:
            while left[f] > 0:
                team = [f]
                left[f] -= 1
                others = [g for g in facs if g != f and left[g] > 0]
                if others and rng.random() < P_PROG_COFAC:
                    g = rng.choice(others)
                    team.append(g)
                    left[g] -= 1
                prog = home[f] if rng.random() < 0.8 else pick(rng, PROGRAMMES)
                plan.append((rng.randrange(5), prog, team))
        plan.sort(key=lambda p: p[0])
        load = Counter(f for _d, _p, team in plan for f in team)
        for d, prog, team in plan:
            n += 1
            if any(load[f] >= 5 for f in team):
                st.breaches["8a programme sessions"] += 1
            yield {"id": f"{prefix}P{n:04d}", "date": per.day_iso[w][d],
                   "programme": prog, "facilitators": team}


def gen_mappa(u, per, rng, st, force):
    prefix = u.prefix
    forced = (_forced_week(per, rng, force), rng.randrange(5)) if force else None
    n = 0
    for w in range(len(per)):
        for d in range(5):
            for chair in u.chairs:
                count = pick(rng, T_MAPPA_COUNT)
                breach = rng.random() < P_MAPPA_BREACH or (
                    (w, d) == forced and chair == u.chairs[0])
                if breach:
                    count = max(count, 2)
                meetings = []
                for _ in range(count):
                    typ = "initial" if rng.random() < 0.4 else "review"
                    level = pick(rng, T_MAPPA_LEVEL)
                    meetings.append([typ, level])
                if breach:
                    meetings[0] = ["initial", 2]
                    meetings[1] = ["initial", 2]
                else:       # at most one initial level-2 meeting on an ordinary day
                    seen = False
                    for m in meetings:
                        if m == ["initial", 2]:
                            if seen:
                                if rng.random() < 0.5:
                                    m[0] = "review"
                                else:
                                    m[1] = 3
                            seen = True
                initial2 = sum(1 for m in meetings if m == ["initial", 2])
                if initial2 >= 2:
                    st.breaches["8b mappa meetings"] += initial2
                for typ, level in meetings:
                    n += 1
                    yield {"id": f"{prefix}M{n:04d}", "date": per.day_iso[w][d],
                           "chair": chair, "type": typ, "level": level}


def gen_cases(u, per, rng, st, force):
    """A snapshot of each caseholder's cases. As a real export would, a case of someone who
    started in the period is opened on or after their start, and a leaver's cases are closed
    by the day they left (claim-2024's case-outside-post reports any other)."""
    prefix = u.prefix
    posts = {s["id"]: (s.get("started_on"), s.get("left_on")) for s in u.staff}
    first, last = per.day_iso[0][0], per.day_iso[-1][-1]
    n = 0
    for sid, grade in u.case_holders:
        share = {"PO": 1.0, "PQiP": 0.5, "PSO": 0.6}[grade]
        k = max(1, round(u.cases_per_po * share * rng.uniform(0.8, 1.2)))
        started, left = posts.get(sid, (None, None))
        for _ in range(k):
            n += 1
            rosh = pick(rng, T_CASE_ROSH_PO if grade == "PO" else T_CASE_ROSH_JUNIOR)
            tier = pick(rng, T_TIER) + pick(rng, "0123")
            rec = {"id": f"{prefix}C{n:04d}", "practitioner": sid, "tier": tier, "rosh": rosh}
            if started is not None and started >= first:
                rec["opened"] = max(started, min(_days_after(started, rng.randint(0, 20)), last))
            if left is not None:
                closed = _days_after(left, -rng.randint(0, 20))
                rec["closed"] = max(closed, rec.get("opened", closed))
            yield rec


def _days_after(day, n):
    return (dt.date.fromisoformat(day) + dt.timedelta(days=n)).isoformat()


def _subject(rng, senior, when, breach):
    if senior:      # a PO may write on anyone
        rosh = pick(rng, T_SUBJ_ROSH_PO)
        mappa = pick(rng, T_SUBJ_MAPPA_PO)
    elif breach:
        if rng.random() < 0.6:
            rosh, mappa = pick(rng, ("high", "high", "very_high")), 0
        else:
            rosh, mappa = "medium", rng.choice((2, 2, 3))
    elif when >= REPORT_LIMIT_FROM:
        rosh = pick(rng, T_SUBJ_ROSH_JUNIOR)
        mappa = pick(rng, T_SUBJ_MAPPA_JUNIOR)
    else:           # before clause 7 applied
        rosh = pick(rng, T_SUBJ_ROSH_EARLY)
        mappa = pick(rng, T_SUBJ_MAPPA_EARLY)
    return {"rosh": rosh, "reoffending": pick(rng, T_REOFFENDING),
            "mappa_level": mappa,
            "flags": [f for f, p in FLAGS if rng.random() < p]}


def gen_reports(u, per, rng, st, force):
    prefix = u.prefix
    rows = []
    for sid, grade in u.case_holders:
        rate = 0.2 if grade == "PO" else 0.15
        for w in range(len(per)):
            if rng.random() < rate:
                day = per.days[w][rng.randrange(5)]
                senior = grade == "PO"
                breach = (not senior and day >= REPORT_LIMIT_FROM
                          and rng.random() < P_REPORT_BREACH)
                rows.append((day, sid, senior, breach))
    if force and not any(r[3] for r in rows):
        juniors = [sid for sid, g in u.case_holders if g != "PO"]
        days = [d for row in per.days for d in row[:5] if d >= REPORT_LIMIT_FROM]
        if juniors and days:
            rows.append((rng.choice(days), rng.choice(juniors), False, True))
    rows.sort(key=lambda r: r[0])
    for n, (day, sid, senior, breach) in enumerate(rows, 1):
        subject = _subject(rng, senior, day, breach)
        if breach:
            st.breaches["7 reports"] += 1
        yield {"id": f"{prefix}R{n:04d}", "author": sid,
               "type": pick(rng, T_REPORT_TYPE),
               "date": day.isoformat(), "subject": subject}


def gen_sfo(u, per, rng, st, force):
    prefix = u.prefix
    n = 0
    for mgr in u.sfo_managers:
        for _ in range(max(1, round(len(per) / 13)) + rng.randint(0, 2)):
            n += 1
            req = list(pick(rng, T_SIGNOFFS))
            signed = [x for x in req if rng.random() < 0.6]
            yield {"id": f"{prefix}F{n:04d}", "manager": mgr,
                   "required_signoffs": req, "signed_off": signed}


def gen_staff(u, per, rng, st, force):
    return iter(u.staff)


def gen_establishment(u, per, rng, st, force):
    """The unit's funded posts: its FTE and up to 15% more (the vacancies)."""
    yield {"unit": u.name, "posts": round(u.fte * rng.uniform(1.0, 1.15), 1)}


def gen_absences(u, per, rng, st, force):
    days = [d for row in per.days for d in row[:5]]
    for s in u.staff:
        starts = set()
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            first = rng.choice(days)
            if first in starts:
                continue
            starts.add(first)
            length = rng.choice((1, 1, 2, 3, 5, 5, 10))
            yield {"staff": s["id"], "first_day": first.isoformat(),
                   "last_day": (first + dt.timedelta(days=length - 1)).isoformat(),
                   "reason": pick(rng, T_ABSENCE)}


def gen_incidents(u, per, rng, st, force):
    for n in range(1, rng.randint(0, max(1, len(per) // 8)) + 1):
        rec = {"id": f"{u.prefix}I{n:04d}",
               "date": rng.choice(rng.choice(per.day_iso)[:5]),
               "type": pick(rng, T_INCIDENT), "unit": u.name}
        if rng.random() < 0.8:
            rec["staff"] = rng.choice(u.staff)["id"]
        yield rec


def gen_unallocated(u, per, rng, st, force):
    for w in range(len(per)):
        yield {"unit": u.name, "week": per.week_iso[w],
               "cases": max(0, u.unallocated + rng.randint(-4, 8))}


STAFF_LISTS = [("staff", gen_staff)]
ROTA_LISTS = [("timesheets", gen_timesheets), ("upw_sessions", gen_upw),
              ("programme_sessions", gen_programmes), ("mappa_meetings", gen_mappa)]
ALLOCATION_LISTS = [("wmt", gen_wmt), ("cases", gen_cases), ("unallocated_cases", None),
                    ("reports", gen_reports), ("sfo_reviews", gen_sfo)]
# national sets also carry clause 3's workforce facts
WORKFORCE_LISTS = {"staff": [("establishment", gen_establishment), ("absences", gen_absences),
                             ("incidents", gen_incidents)],
                   "allocation": [("unallocated", gen_unallocated)]}


def lists_for(units, spec, per, seed, st, force):
    """(key, records or scalar) for one file: each list streams unit after unit."""
    out = []
    for key, fn in spec:
        if fn is None:
            out.append((key, sum(u.unallocated for u in units)))
            continue
        out.append((key, _stream(units, key, fn, per, seed, st, force)))
    return out


# The fields of a list's records that name the staff doing the work: a record naming someone
# not in post on its day (before started_on, or on or after left_on) is left out, as a real
# export has no work by someone not yet started or gone (claim-2024's *-outside-post rules).
_WORKERS = {"timesheets": "staff", "wmt": "staff", "upw_sessions": "supervisors",
            "programme_sessions": "facilitators", "mappa_meetings": "chair", "reports": "author"}


def _stream(units, key, fn, per, seed, st, force):
    field = _WORKERS.get(key)
    for u in units:
        records = fn(u, per, random.Random(f"{seed}:{u.prefix}:{key}"), st, force)
        posts = {s["id"]: (s.get("started_on"), s.get("left_on")) for s in u.staff
                 if "started_on" in s or "left_on" in s}
        if field is None or not posts:
            yield from records
        else:
            yield from (r for r in records if _in_post(r, r[field], posts, per))


def _in_post(rec, who, posts, per):
    """Whether everyone `who` names was in post on the record's day (a week's record: at
    some time in its week), as ISO strings compare."""
    week = rec.get("week")
    if week is not None:
        first = per.monday_of[week]
        last = per.sunday_of[first]
    else:
        first = last = rec["date"]
    for person in (who if isinstance(who, list) else (who,)):
        started, left = posts.get(person, (None, None))
        if (started is not None and last < started) or (left is not None and first >= left):
            return False
    return True


# --------------------------------------------------------------------------- writers

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.\- ]*[A-Za-z0-9_.]|[A-Za-z]")
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-W[0-9]{2}")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def yscalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(num(v))
    if isinstance(v, str):
        if (_PLAIN.fullmatch(v) and v.lower() not in _RESERVED and "  " not in v) \
                or _PLAIN_DATE.fullmatch(v):
            return v        # dates stay plain, as in the examples
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(yscalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {yscalar(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


def _finish(path, st):
    st.files += 1
    st.bytes += os.path.getsize(path)


def write_yaml(path, kind, unit_name, lists, st, header):
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        w = f.write
        w(f"# {header}\nkind: {kind}\nunit: {yscalar(unit_name)}\n")
        for key, val in lists:
            if isinstance(val, int):
                w(f"{key}: {val}\n")
                continue
            count = 0
            for rec in val:
                if not count:
                    w(f"{key}:\n")
                w(f"  - {yscalar(rec)}\n")
                count += 1
            if not count:
                w(f"{key}: []\n")
            st.records[key] += count
    _finish(path, st)


def json_encoder():
    """json.dumps(o, separators=(",", ":")), without rebuilding the C encoder per call."""
    plain = json.JSONEncoder(separators=(",", ":")).encode
    try:
        from json.encoder import c_make_encoder, encode_basestring_ascii
        it = c_make_encoder(None, json.JSONEncoder().default, encode_basestring_ascii,
                            None, ":", ",",
                            False, False, True)
        probe = {"a": "b'\u00e9", "n": [1, 2.5, None], "d": {"x": True}}

        def fast(o):
            return "".join(it(o, 0))
        if fast(probe) == plain(probe):
            return fast
    except (ImportError, TypeError):
        pass
    return plain


def write_json(path, kind, unit_name, lists, st):
    encode = json_encoder()
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        w = f.write
        w(f'{{"kind":{encode(kind)},"unit":{encode(unit_name)}')
        for key, val in lists:
            if isinstance(val, int):
                w(f',\n"{key}":{val:d}')
                continue
            w(f',\n"{key}":[')
            count = 0
            for rec in val:
                w(",\n" if count else "\n")
                w(encode(rec))
                count += 1
            w("\n]" if count else "]")
            st.records[key] += count
        w("\n}\n")
    _finish(path, st)


def write_ndjson(path, kind, unit_name, lists, st):
    """One NDJSON file per list: `PATH-<list>.ndjson`, a header line naming the kind and the
    list (with the file's other top-level values on the first list's header), then one
    record per line."""
    encode = json_encoder()
    extra = {}
    for key, val in lists:
        if isinstance(val, int):
            extra[key] = val
            continue
        name = f"{path}-{key}.ndjson"
        with open(name, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
            f.write(encode({"kind": kind, "unit": unit_name, **extra, "list": key}) + "\n")
            extra = {}
            count = 0
            for rec in val:
                f.write(encode(rec) + "\n")
                count += 1
            st.records[key] += count
        _finish(name, st)


def _flat(rec):
    """A record as CSV cells: lists joined by `;`, a nested record's fields as `subject.x`."""
    out = {}
    for key, val in rec.items():
        if isinstance(val, dict):
            for inner, v in _flat(val).items():
                out[f"{key}.{inner}"] = v
        elif isinstance(val, list):
            out[key] = ";".join(map(str, val))
        elif isinstance(val, bool):
            out[key] = "true" if val else "false"
        else:
            out[key] = val
    return out


DATED = ("date", "week", "first_day")  # the field a record's year is read from


def _by_year(rows):
    """Rows grouped by the year of their first dated field; undated rows under None."""
    out = {}
    for r in rows:
        day = next((r[f] for f in DATED if f in r), None)
        out.setdefault(day[:4] if isinstance(day, str) else None, []).append(r)
    return sorted(out.items(), key=lambda kv: kv[0] or "")


def write_tabular(path, kind, unit_name, lists, st, form, by_year=False):
    """One CSV (or Parquet) file per list, `PATH-<list>.csv`: a header row, then one row per
    record (an empty list has no CSV file: a CSV export starts with a header naming its
    columns). Lists are `;`-joined in CSV and Parquet lists in Parquet. Top-level counts
    (unallocated_cases) have no place in a table and are left out. With `by_year`, dated
    lists are written one file per year, `PATH-<year>-<list>.parquet`."""
    for key, val in lists:
        if isinstance(val, int):
            continue
        rows = list(val)
        st.records[key] += len(rows)
        parts = _by_year(rows) if by_year else [(None, rows)]
        for year, part in parts:
            name = f"{path}-{year}-{key}.{form}" if year else f"{path}-{key}.{form}"
            _write_table(name, part, form, st)


def _write_table(name, rows, form, st):
    if form == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq
        columns = list(dict.fromkeys(c for r in rows for c in r))  # not just the first's
        pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows]),
                       name)
    else:
        import csv

        if not rows:  # a CSV export starts with a header naming columns: an empty list has none
            return
        flat = [_flat(r) for r in rows]
        columns = list(dict.fromkeys(c for r in flat for c in r))
        with open(name, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(flat)
    _finish(name, st)


def write_jds(out_dir, st):
    jd_dir = os.path.join(out_dir, "jd")
    os.makedirs(jd_dir, exist_ok=True)
    for fname, front, text in JOB_DESCRIPTIONS:
        path = os.path.join(jd_dir, fname)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("---\nkind: job-description\n")
            for k, v in front.items():
                f.write(f"{k}: {yscalar(v)}\n")
            f.write("---\n" + text)
        st.records["job_descriptions"] += 1
        _finish(path, st)


# --------------------------------------------------------------------------- commands

def unit_sizes(rng, count):
    return [pick(rng, T_UNIT_SIZE) for _ in range(count)]


def split_units(rng, total):
    """Sizes of the units of a region of `total` staff: 17-21 each, none under 8."""
    sizes = []
    left = total
    while left > 0:
        size = min(left, pick(rng, T_UNIT_SIZE))
        if left - size < 8 and left <= 29:
            size = left
        sizes.append(size)
        left -= size
    if sizes[-1] < 8:           # only when the whole region is that small
        raise SystemExit(f"generate.py: a region of {total} staff is too small (8 at least)")
    return sizes


def write_unit_set(dirpath, units, per, seed, st, force, header):
    os.makedirs(dirpath, exist_ok=True)
    name = units[0].name
    for fname, kind, spec in (("staff.yaml", "staff", STAFF_LISTS),
                              ("rota.yaml", "rota", ROTA_LISTS),
                              ("allocation.yaml", "allocation", ALLOCATION_LISTS)):
        write_yaml(os.path.join(dirpath, fname), kind, name,
                   lists_for(units, spec, per, seed, st, force), st, header)


def cmd_unit(args, st):
    per = Period(args.start or UNIT_START, args.weeks or 7)
    rng = random.Random(f"{args.seed}:unit")
    u = Unit("", "Example Large PDU", args.staff, per, rng, args.cases_per_po or 4)
    header = f"generated by benchmarks/generate.py unit --seed {args.seed}"
    write_unit_set(args.out_dir, [u], per, args.seed, st, True, header)
    write_jds(args.out_dir, st)


def cmd_units(args, st):
    per = Period(args.start or UNIT_START, args.weeks or 7)
    width = max(2, len(str(args.n)))
    sizes = unit_sizes(random.Random(f"{args.seed}:sizes"), args.n)
    header = f"generated by benchmarks/generate.py units {args.n} --seed {args.seed}"
    for i, size in enumerate(sizes, 1):
        tag = f"{i:0{width}d}"
        prefix = f"U{tag}-"
        u = Unit(prefix, f"PDU {tag}", size, per,
                 random.Random(f"{args.seed}:{prefix}:staff"), args.cases_per_po or 4)
        write_unit_set(os.path.join(args.out_dir, f"unit-{tag}"), [u], per, args.seed,
                       st, False, header)
    write_jds(args.out_dir, st)


def cmd_national(args, st):
    per = Period(args.start or NATIONAL_START, args.weeks or 52)
    total = round(args.staff * args.scale)
    if total < 8:
        raise SystemExit(f"generate.py: {total} staff is too few (8 at least)")
    n_regions = max(1, min(len(REGIONS), total // 17))
    rng = random.Random(f"{args.seed}:regions")
    weights = [rng.uniform(0.75, 1.25) for _ in range(n_regions)]
    exact = [total * x / sum(weights) for x in weights]
    counts = [int(x) for x in exact]
    for i in sorted(range(n_regions), key=lambda i: counts[i] - exact[i])[:total - sum(counts)]:
        counts[i] += 1
    os.makedirs(args.out_dir, exist_ok=True)
    cases = args.cases_per_po or 30
    for r, count in enumerate(counts, 1):
        sizes = split_units(random.Random(f"{args.seed}:R{r:02d}:sizes"), count)
        units = []
        for i, size in enumerate(sizes, 1):
            prefix = f"R{r:02d}-U{i:03d}-"
            units.append(Unit(prefix, f"{REGIONS[r - 1]} PDU {i}", size, per,
                              random.Random(f"{args.seed}:{prefix}:staff"), cases,
                              REGIONS[r - 1], random.Random(f"{args.seed}:{prefix}:workforce")))
        region = REGIONS[r - 1]
        for kind, spec in (("staff", STAFF_LISTS), ("rota", ROTA_LISTS),
                           ("allocation", ALLOCATION_LISTS)):
            spec = spec + WORKFORCE_LISTS.get(kind, [])
            base = os.path.join(args.out_dir, f"region-{r:02d}-{kind}")
            lists = lists_for(units, spec, per, args.seed, st, False)
            if args.format == "ndjson":
                write_ndjson(base, kind, region, lists, st)
            elif args.format in ("csv", "parquet"):
                write_tabular(base, kind, region, lists, st, args.format, args.partition_years)
            else:
                write_json(base + ".json", kind, region, lists, st)


def _date(text):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date: {text!r}") from None


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Generate workrules benchmark data sets (see benchmarks/README.md).")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    common.add_argument("--weeks", type=int, default=None,
                        help="weeks covered (default 7 for unit/units, 52 for national)")
    common.add_argument("--start", type=_date, default=None,
                        help="first Monday (default 2024-05-13 for unit/units, "
                             "2024-04-01 for national)")
    common.add_argument("--cases-per-po", type=int, default=None,
                        help="cases held by a PO; PQiP hold half, PSOs 0.6 of it "
                             "(default 4 for unit/units, 30 for national)")
    common.add_argument("--manifest", default=None,
                        help="also write counts and planted breaches as JSON to this file "
                             "(keep it outside OUT_DIR)")
    common.add_argument("--force", action="store_true",
                        help="write into a non-empty OUT_DIR (files are overwritten, "
                             "others left alone)")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("unit", parents=[common], help="one PDU (~19 staff, 7 weeks)")
    p.add_argument("out_dir")
    p.add_argument("--staff", type=int, default=19, help="staff in the unit (default 19)")
    p = sub.add_parser("units", parents=[common], help="N PDUs, one directory each")
    p.add_argument("n", type=int)
    p.add_argument("out_dir")
    p = sub.add_parser("national", parents=[common], help="12 regions as JSON")
    p.add_argument("out_dir")
    p.add_argument("--staff", type=int, default=20000, help="staff at scale 1 (default 20000)")
    p.add_argument("--scale", type=float, default=1.0, help="multiplies --staff (default 1)")
    p.add_argument("--partition-years", action="store_true",
                   help="csv, parquet: dated lists one file per year (a history partitioned by "
                   "region and year)")
    p.add_argument("--format", choices=("json", "ndjson", "csv", "parquet"), default="json",
                   help="json: one file per region and kind; ndjson: one file per list, a "
                   "header line then one record per line; csv, parquet: one file per list, "
                   "one row per record (parquet needs pyarrow) (default json)")
    args = ap.parse_args(argv)

    if args.weeks is not None and args.weeks < 1:
        ap.error("--weeks must be 1 or more")
    if args.command == "units" and args.n < 1:
        ap.error("N must be 1 or more")
    if os.path.isdir(args.out_dir) and os.listdir(args.out_dir) and not args.force:
        ap.error(f"{args.out_dir} is not empty; use a new directory or --force")

    st = Stats()
    t0 = time.perf_counter()
    {"unit": cmd_unit, "units": cmd_units, "national": cmd_national}[args.command](args, st)
    secs = time.perf_counter() - t0
    total = sum(n for k, n in st.records.items() if k != "job_descriptions")
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as f:
            json.dump({"command": args.command, "seed": args.seed, "files": st.files,
                       "bytes": st.bytes, "records": total,
                       "per_list": dict(sorted(st.records.items())),
                       "planted_breach_records": dict(sorted(st.breaches.items()))},
                      f, indent=2)
            f.write("\n")
    print(f"wrote {st.files} files, {total:,} records, {st.bytes:,} bytes "
          f"to {args.out_dir} in {secs:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
