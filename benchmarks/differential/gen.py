"""Hostile random data sets for the differential run.

Writes DIR/setN/{staff*,rota,allocation}.json.
"""

import datetime as dt
import json
import pathlib
import random
import sys

out = pathlib.Path(sys.argv[1])
n = int(sys.argv[2])
seed0 = int(sys.argv[3]) if len(sys.argv) > 3 else 0
IDS = [
    "S1",
    "a%b",
    "%(x)s",
    "{id}",
    "x::y",
    "::warning::",
    "e\x1b[31m",
    "b\u202eidi",
    "n\nl",
    "%s%%",
    "S\u00e9",
    "##[x]",
    ":c",
    "{{b}}",
]
UNITS = ["North", "So%uth", "{unit}", "::u", "U\u2028x", None]
GRADES = ["PO", "PSO", "PQiP", "SPO", "HEAD_OF_PDU"]
EDGE = [
    dt.date(1900, 1, 1),
    dt.date(1900, 1, 7),
    dt.date(2999, 12, 31),
    dt.date(2999, 12, 25),
    dt.date(2024, 2, 28),
    dt.date(2024, 2, 29),
    dt.date(2024, 3, 1),
    dt.date(2023, 12, 31),
    dt.date(2024, 1, 1),
    dt.date(2024, 1, 31),
    dt.date(2024, 12, 30),
]


def day(r):
    if r.random() < 0.3:
        return r.choice(EDGE)
    return dt.date(2024, 1, 1) + dt.timedelta(days=r.randint(-20, 400))


def monday(d):
    return d - dt.timedelta(days=d.weekday())


def num(r, lo=0, hi=60):
    c = r.random()
    if c < 0.1:
        return r.choice([0, 0.0, 37, 37.0, 999999999, 1e9, 0.001, 1e-9])
    if c < 0.4:
        return round(r.uniform(lo, hi), r.choice([0, 1, 2, 3]))
    return r.randint(lo, hi)


def gen(seed):
    r = random.Random(seed)
    ids = r.sample(IDS, r.randint(2, 8))
    staff_a, staff_b = [], []
    for i in ids:
        s = {"id": i, "grade": r.choice(GRADES)}
        if r.random() < 0.6:
            s["contracted_hours"] = r.choice([0, 18.5, 37, 37.0, 36.999, 40])
        for f in ("line_manager", "pta", "pso_assessor"):
            if r.random() < 0.4:
                s[f] = r.choice(ids)
        if r.random() < 0.3:
            s["unit"] = r.choice([u for u in UNITS if u])
        if r.random() < 0.2:
            s["region"] = r.choice(["R%1", "{r}", "R\x07"])
        if r.random() < 0.3:
            s["started_on"] = day(r).isoformat()
        if r.random() < 0.3:
            s["left_on"] = max(
                day(r), dt.date.fromisoformat(s.get("started_on", "1900-01-01"))
            ).isoformat()
        if r.random() < 0.3:
            s["name"] = r.choice(["A %(n)s", "B {x}", "C\x1b]0;t\x07"])
        (staff_a if r.random() < 0.5 else staff_b).append(s)

    def who() -> str:
        return r.choice(ids)

    files = {}
    ua = r.choice(UNITS)
    files["staff-a.json"] = {
        "kind": "staff",
        **({"unit": ua, "region": "Reg%ion"} if ua else {}),
        "staff": staff_a,
        "establishment": [{"posts": r.randint(0, 9)}]
        + ([{"unit": r.choice(UNITS[:3]), "grade": "PO", "posts": 2}] if r.random() < 0.5 else []),
        "absences": [
            {
                "staff": who(),
                "first_day": (d := day(r)).isoformat(),
                "last_day": min(
                    d + dt.timedelta(days=r.randint(0, 40)), dt.date(2999, 12, 31)
                ).isoformat(),
                "reason": "sickness",
                **({"days": r.choice([0, 0.5, 1, 1.0])} if r.random() < 0.5 else {}),
            }
            for _ in range(r.randint(0, 4))
        ],
        "incidents": [
            {
                "id": f"I{k}%",
                "date": day(r).isoformat(),
                "type": "assault",
                **({"staff": who()} if r.random() < 0.5 else {}),
                **({"unit": r.choice(UNITS[:4])} if r.random() < 0.3 else {}),
            }
            for k in range(r.randint(0, 3))
        ],
    }
    files["staff-b.json"] = {"kind": "staff", "staff": staff_b}
    files["rota.json"] = {
        "kind": "rota",
        **({"unit": r.choice(UNITS[:4])} if r.random() < 0.5 else {}),
        "timesheets": [
            {
                "staff": s,
                "week": w.isoformat(),
                "hours_worked": num(r, 0, 70),
                **({"toil_hours": num(r, 0, 20)} if r.random() < 0.7 else {}),
                **({"paid_excess_hours": num(r, 0, 10)} if r.random() < 0.5 else {}),
            }
            for s, w in {(who(), monday(day(r))) for _ in range(r.randint(0, 12))}
        ],
        "upw_sessions": [
            {
                "id": f"U{k}{r.choice(['', '%', '{x}'])}",
                "date": day(r).isoformat(),
                "supervisors": r.sample(ids, r.randint(1, min(2, len(ids)))),
                "members": r.choice([0, 0, 1, 6, 7, 12, 13, 100]),
                "contact_hours": num(r, 0, 12),
            }
            for k in range(r.randint(0, 8))
        ],
        "programme_sessions": [
            {
                "id": f"P{k}",
                "date": day(r).isoformat(),
                "programme": "B%R",
                "facilitators": r.sample(ids, r.randint(1, min(2, len(ids)))),
            }
            for k in range(r.randint(0, 8))
        ],
        "mappa_meetings": [
            {
                "id": f"M{k}",
                "date": day(r).isoformat(),
                "chair": who(),
                "type": r.choice(["initial", "review"]),
                "level": r.randint(1, 3),
            }
            for k in range(r.randint(0, 6))
        ],
    }
    wmt, seen = [], set()
    for _ in range(r.randint(0, 16)):
        s, d, daily = who(), day(r), r.random() < 0.4
        key = (s, d if daily else monday(d), daily)
        if key in seen:
            continue
        seen.add(key)
        wmt.append(
            {
                "staff": s,
                "percent": num(r, 80, 140),
                ("date" if daily else "week"): (d if daily else monday(d)).isoformat(),
            }
        )
    cases = []
    for k in range(r.randint(0, 8)):
        c = {"id": f"C{k}", "practitioner": who()}
        if r.random() < 0.7:
            o = day(r)
            c["opened"] = o.isoformat()
            if r.random() < 0.5:
                c["closed"] = min(
                    o + dt.timedelta(days=r.randint(0, 60)), dt.date(2999, 12, 31)
                ).isoformat()
        elif r.random() < 0.5:
            c["closed"] = day(r).isoformat()
        cases.append(c)
    files["allocation.json"] = {
        "kind": "allocation",
        **({"unit": r.choice(UNITS[:4]), "region": "R%"} if r.random() < 0.6 else {}),
        "wmt": wmt,
        "cases": cases,
        "unallocated": [
            {"week": w, "cases": r.randint(0, 900), **({"unit": u} if u else {})}
            for w, u in {
                (monday(day(r)).isoformat(), r.choice([None, "North", "{unit}"]))
                for _ in range(r.randint(0, 4))
            }
        ],
        "reports": [
            {
                "id": f"R{k}",
                "author": who(),
                "date": day(r).isoformat(),
                "type": r.choice(["sdr", "oral"]),
                "subject": {
                    "rosh": r.choice(["low", "high"]),
                    "mappa_level": r.randint(0, 3),
                    "flags": r.sample(["iom", "ocg", "tact"], r.randint(0, 2)),
                    **({"reoffending": "high"} if r.random() < 0.5 else {}),
                },
            }
            for k in range(r.randint(0, 5))
        ],
        "sfo_reviews": [
            {
                "id": f"F{k}",
                "manager": who(),
                "required_signoffs": r.sample(["spo", "rpd"], r.randint(0, 2)),
                "signed_off": r.sample(["spo", "rpd"], r.randint(0, 2)),
            }
            for k in range(r.randint(0, 3))
        ],
    }
    return files


for i in range(n):
    d = out / f"set{seed0 + i}"
    d.mkdir(parents=True, exist_ok=True)
    for name, doc in gen(seed0 + i).items():
        (d / name).write_text(json.dumps(doc, indent=1))
