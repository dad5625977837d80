"""Per rule, side by side on the same loaded data: the columnar engine, the Python engine, and
(for the eight clauses it covers, together) handwritten.py's plain loops.

    python benchmarks/engines.py                          # national data, scale 0.5
    python benchmarks/engines.py --national-scale 1 --repeat 5
    python benchmarks/engines.py --data /tmp/wr-nat-small # any folder of workrules files
    python benchmarks/engines.py --duckdb                 # also: two rules as DuckDB SQL
    python benchmarks/engines.py --cpu                    # CPU time: a shared machine
    python benchmarks/engines.py --rules span-of-control  # only these rules

The data is loaded once. The columnar engine's frames are built once per data set (the
first row, "frames", is that cost: a run pays it once, whatever the number of rules);
every timing after that is of the rule alone. Medians and spreads (min-max) over --repeat
runs, with the cyclic GC paused as `Policy.check` runs. Each of the eight rules is also
timed against its own clause's loop in handwritten.py (`BY_RULE`), the two alternately, with
the ratio of each pair. Timings are measurements, never assertions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EIGHT = ("wmt-over-ceiling", "unrecompensed-hours", "upw-group-ratio", "upw-contact-hours",
         "psr-role-boundary", "programme-sessions-per-week", "mappa-chairing-per-day",
         "span-of-control")  # fmt: skip


CLOCK = time.perf_counter  # --cpu: time.process_time


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, float]:
    runs = []
    for _ in range(repeat):
        t = CLOCK()
        fn()
        runs.append(CLOCK() - t)
    return statistics.median(runs), min(runs), max(runs)


def alternated(a: Callable[[], Any], b: Callable[[], Any], repeat: int
               ) -> tuple[tuple[float, float, float], tuple[float, float, float], list[float]]:
    """`a` and `b` run back to back, alternately first: each one's median and spread, and
    the ratio a/b of each pair (min-max of those says how steady the comparison was)."""
    runs: tuple[list[float], list[float]] = ([], [])
    for i in range(repeat):
        for which in ((0, 1) if i % 2 == 0 else (1, 0)):
            t = CLOCK()
            (a, b)[which]()
            runs[which].append(CLOCK() - t)
    ta, tb = ((statistics.median(r), min(r), max(r)) for r in runs)
    return ta, tb, [x / y for x, y in zip(*runs, strict=True)]


def shown(t: tuple[float, float, float]) -> str:
    return f"{t[0] * 1000:9.1f} ms ({t[1] * 1000:.1f}-{t[2] * 1000:.1f})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="a folder of workrules files (default: generated national)")
    ap.add_argument("--national-scale", type=float, default=0.5)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--duckdb", action="store_true",
                    help="also time two rules written as DuckDB SQL over the same frames")
    ap.add_argument("--rules", help="comma-separated rule ids: time only these (and skip the "
                    "totals and the whole check)")
    ap.add_argument("--cpu", action="store_true",
                    help="time this process's CPU, not the wall clock: steadier on a shared "
                         "machine (polars' own threads are counted too)")  # fmt: skip
    args = ap.parse_args(argv)
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time
    sys.path.insert(0, str(HERE))
    import handwritten
    from run import CAPS, files_of, generate

    from workrules import load_data, load_policy
    from workrules.engine import columnar, python
    from workrules.engine.common import Env
    from workrules.gc_pause import paused_gc

    if args.data:
        folder = Path(args.data)
    else:
        scale = args.national_scale
        folder = generate(f"national-{scale:g}", "national", "--scale", f"{scale:g}")
    files = files_of(folder) or sorted(glob.glob(str(folder / "*.json")))
    t = time.perf_counter()
    data = load_data(files)
    print(f"{folder}: {sum(map(len, data.records.values())):,} records, loaded in "
          f"{time.perf_counter() - t:.1f} s; median (min-max) of {args.repeat} runs")
    policy = load_policy(None, CAPS)
    env = Env(data.staff, policy.values_at(dt.date.today()), policy.grades)
    rows: list[tuple[str, str, str, str]] = []
    totals: dict[str, float] = {"python": 0.0, "columnar": 0.0}
    by_hand: list[str] = []
    col_by_hand: list[str] = []
    with paused_gc():
        frames = timed(lambda: [columnar.frames(data).of(data, cr.kind, columnar._needed(cr)[0])
                                for cr in policy.rules if not columnar.unsupported(cr)], 1)
        print(f"{'frames (once per data set)':45} {'':28} {shown(frames)}")
        print(f"{'rule':45} {'python engine':28} {'columnar engine':28} where")
        chosen = set(args.rules.split(",")) if args.rules else None
        for cr in policy.rules:
            if not data.of(cr.kind.name) or (chosen is not None and cr.id not in chosen):
                continue
            py = timed(lambda cr=cr: python.run_rule(cr, data, env), args.repeat)  # type: ignore[misc]
            col = timed(lambda cr=cr: columnar.run_rule(cr, data, env), args.repeat)  # type: ignore[misc]
            where = columnar.unsupported(cr)
            where = f"python ({where})" if where else "columnar"
            print(f"{cr.id:45} {shown(py):28} {shown(col):28} {where}")
            rows.append((cr.id, shown(py), shown(col), where))
            if cr.id in EIGHT:
                totals["python"] += py[0]
                totals["columnar"] += col[0]
                fn = handwritten.BY_RULE[cr.id]
                caps = {"span_caps": {"SPO": 6}} if cr.id == "span-of-control" else {}
                pe, hw, ratios = alternated(
                    lambda cr=cr: python.run_rule(cr, data, env),  # type: ignore[misc]
                    lambda fn=fn, caps=caps: fn(data, [], **caps), args.repeat)  # type: ignore[misc]
                by_hand.append(f"{cr.id:45} {shown(pe):28} {shown(hw):28} "
                               f"{pe[0] / hw[0]:5.2f}x ({min(ratios):.2f}-{max(ratios):.2f})")
                # the columnar engine against the same loop, in turns too (its plans begun
                # by run_rule itself, as for a rule run alone)
                ce, hw, ratios = alternated(
                    lambda cr=cr: columnar.run_rule(cr, data, env),  # type: ignore[misc]
                    lambda fn=fn, caps=caps: fn(data, [], **caps), args.repeat)  # type: ignore[misc]
                col_by_hand.append(f"{cr.id:45} {shown(ce):28} {shown(hw):28} "
                                   f"{ce[0] / hw[0]:5.2f}x ({min(ratios):.2f}-{max(ratios):.2f})")
        print(f"\n{'rule (python engine and its clause alone, alternately)':45} "
              f"{'python engine':28} {'hand-written':28} ratio (min-max of pairs)")
        print("\n".join(by_hand))
        print(f"\n{'rule (columnar engine and its clause alone, alternately)':45} "
              f"{'columnar engine':28} {'hand-written':28} ratio (min-max of pairs)")
        print("\n".join(col_by_hand))
        if chosen is not None:
            return 0
        hand = timed(lambda: handwritten.check(data, {"SPO": 6}), args.repeat)
        print(f"\nthe eight clauses of handwritten.py: hand-written {shown(hand)}, "
              f"python engine {totals['python'] * 1000:.1f} ms "
              f"({totals['python'] / hand[0]:.2f}x), columnar {totals['columnar'] * 1000:.1f} ms "
              f"({totals['columnar'] / hand[0]:.2f}x; frames not counted)")
        for engine in ("python", "columnar"):
            columnar._FRAMES.clear()
            full = timed(lambda e=engine: policy.check(data, engine=e), 1)  # type: ignore[misc]
            print(f"whole check (rules, placing, frames), {engine:8}: {shown(full)}")
    if args.duckdb:
        duck(data, columnar, args.repeat)
    return 0


def duck(data: Any, columnar: Any, repeat: int) -> None:
    """mappa-chairing-per-day and upw-contact-hours as SQL and as polars plans, written by
    hand over the same frames, so that only the query engines differ."""
    import tempfile

    import duckdb
    import polars as pl

    from workrules.model import KINDS

    fr = columnar.frames(data)
    mm = fr.of(data, KINDS["mappa_meeting"], {"chair", "type", "date", "level"})
    upw = fr.of(data, KINDS["upw_session"], {"supervisors", "date", "contact_hours"})
    con = duckdb.connect()
    with tempfile.TemporaryDirectory() as tmp:  # no pyarrow needed: through Parquet
        for name, frame in (("mm", mm), ("upw", upw)):
            frame.write_parquet(f"{tmp}/{name}.parquet")
            con.execute(f"create table {name} as select * from '{tmp}/{name}.parquet'")

    def with_polars() -> None:
        (mm.lazy().filter(pl.col("level") == 2).group_by("chair", "type", "date")
         .agg(pl.len().alias("n"), pl.col("_row").min().alias("first"))
         .filter(pl.col("n") > 1).sort("first").collect())
        (upw.lazy().explode("supervisors").group_by("supervisors", "date")
         .agg(pl.col("contact_hours").sum().alias("h"), pl.col("_row").min().alias("first"))
         .filter(pl.col("h") > 8).sort("first").collect())

    def with_duckdb() -> None:
        con.execute("select chair, type, date, count(*) n, min(_row) first from mm "
                    "where level = 2 group by all having count(*) > 1 order by first").fetchall()
        con.execute("select s, date, sum(contact_hours) h, min(_row) first from (select "
                    "unnest(supervisors) s, date, contact_hours, _row from upw) group by all "
                    "having sum(contact_hours) > 8 order by first").fetchall()

    print(f"\ntwo rules by hand, polars lazy: {shown(timed(with_polars, repeat))}")
    print(f"two rules by hand, DuckDB SQL:  {shown(timed(with_duckdb, repeat))}")


if __name__ == "__main__":
    raise SystemExit(main())
