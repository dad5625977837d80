"""The findings half of a check, timed in one process: placing and explaining what the rules
found, then writing each report, with the rules run only once.

    python benchmarks/findings.py --data /tmp/wr-bench/national-1-parquet
    python benchmarks/findings.py --data DIR --engine columnar --repeat 3 --formats json,sarif
    python benchmarks/findings.py --data DIR --write /tmp/out   # each report, to compare

The data is loaded once and every rule is run once (its measurements kept); "placing" is
then `Policy.check` over those kept measurements: the clause, subject, period, file:line,
evidence and sentence of every finding, waivers, the sort and the Result. Each reporter is
timed on that Result (and the JSON report as the UTF-8 bytes the command line writes,
`report.json_bytes`, where the code has it). Medians and spreads (min-max) of --repeat
runs, in process CPU time (steadier on a shared machine; `--wall` for the wall clock), with
the cyclic GC paused as the command line pauses it. `--write DIR` writes DIR/report.FORMAT
for a byte-for-byte comparison between two versions of the code. Timings are measurements,
never assertions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import glob
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMATS = ("json", "text", "sarif", "junit", "github", "html", "table")
CLOCK = time.process_time


def timed(fn: Callable[[], Any], repeat: int) -> tuple[tuple[float, float, float], Any]:
    runs, out = [], None
    for _ in range(repeat):
        out = None
        gc.collect()
        gc.disable()
        t = CLOCK()
        out = fn()
        runs.append(CLOCK() - t)
        gc.enable()
    return (statistics.median(runs), min(runs), max(runs)), out


def shown(t: tuple[float, float, float]) -> str:
    return f"{t[0]:7.3f} s ({t[1]:.3f}-{t[2]:.3f})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="a folder of workrules files")
    ap.add_argument("--engine", default="python", choices=("python", "columnar"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--formats", default=",".join(FORMATS[:-1]),
                    help=f"comma-separated, of {', '.join(FORMATS)} (default: all but table, "
                         "whose tabulate layout takes minutes on national data)")  # fmt: skip
    ap.add_argument("--write", help="write each report to DIR/report.FORMAT")
    ap.add_argument("--wall", action="store_true", help="the wall clock, not CPU time")
    args = ap.parse_args(argv)
    global CLOCK
    if args.wall:
        CLOCK = time.perf_counter
    from workrules import load_data, load_policy, report
    from workrules.engine.choice import runner
    from workrules.report import REPORTER_BY_NAME

    files = sorted(glob.glob(str(Path(args.data) / "*")))
    t = time.perf_counter()
    data = load_data(files)
    policy = load_policy()
    print(f"{args.data}: loaded in {time.perf_counter() - t:.1f} s; engine {args.engine}; "
          f"median (min-max) of {args.repeat} runs, {'wall' if args.wall else 'CPU'} time")
    run = runner(args.engine, data)
    kept: dict[tuple[Any, ...], Any] = {}

    def run_once(cr: Any, data: Any, env: Any, *rest: Any) -> Any:
        key = (cr.id, rest)  # rest: the period of a rule whose values change over time
        if key not in kept:
            kept[key] = run(cr, data, env, *rest)
        return kept[key]

    today = dt.date.today()
    t = time.perf_counter()
    gc.disable()
    policy._check(data, today, "warning", run_once)  # the rules, once
    gc.enable()
    print(f"{'rules (once)':10} {time.perf_counter() - t:7.3f} s wall")
    place, result = timed(lambda: policy._check(data, today, "warning", run_once), args.repeat)
    print(f"{'placing':10} {shown(place)}  {len(result.findings):,} findings")
    total = place[0]
    for name in args.formats.split(","):
        spent, output = timed(lambda r=REPORTER_BY_NAME[name]: r(result), args.repeat)
        total += spent[0]
        print(f"{name:10} {shown(spent)}  {len(output.encode()):>12,} bytes")
        if args.write:
            Path(args.write).mkdir(parents=True, exist_ok=True)
            Path(args.write, f"report.{name}").write_text(output, encoding="utf-8")
        as_bytes = getattr(report, "json_bytes", None) if name == "json" else None
        if as_bytes is not None:  # what the command line writes: the UTF-8, not decoded
            spent, raw = timed(lambda f=as_bytes: f(result), args.repeat)
            print(f"{'json bytes':10} {shown(spent)}  {len(raw):>12,} bytes (as written)")
        sys.stdout.flush()
    print(f"{'total':10} {total:7.3f} s (medians: placing and every format above)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
