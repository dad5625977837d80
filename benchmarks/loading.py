#!/usr/bin/env python3
"""Loading, side by side: `workrules check` on the same national data written as JSON and as
NDJSON, at full and half size, process start to exit, with the median and the spread over N
runs and each run's peak RSS (through peak.py, a fresh launcher, so no parent's high-water
mark is inherited).

    python benchmarks/loading.py [--repeat 3] [--scales 1,0.5] [--forms json,ndjson,parquet]
        [--engines auto,python,columnar] [--keep DIR] [--exact] [--baseline SRC]

Data sets are generated into DIR (a temporary folder unless --keep) with generate.py.
`--exact` also times each run with the fast loader turned off (WORKRULES_NO_FAST_LOAD=1),
which is the loader as it was. `--engines` runs each with `--engine` (default: auto alone).
`--baseline SRC` also times another version of workrules (a folder holding its `workrules`
package, e.g. a `git archive` of a tag's `src`, put first on PYTHONPATH), its runs alternating
with this version's, so that the two are compared under the same load; each row then gives
the baseline's median and the ratio of the medians.
Each row gives the median wall time and its spread, the median CPU time (user + system: on
a shared machine the fairer measure) and the peak RSS. Prints one JSON object, and a
Markdown table on stderr. The first line says how fast the machine is (the CPU time of a
fixed pure-Python loop), so that runs on different machines can be set side by side.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def generate(out: Path, scale: float, form: str) -> Path:
    folder = out / f"national-{scale:g}-{form}"
    if not folder.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "national", str(folder),
                        "--scale", str(scale), "--format", form], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    return folder


def run(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(HERE / "peak.py"), *cmd], env=env, check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    result = json.loads(out)
    if result["exit"] not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {result['exit']}: {result['stderr']}")
    return {"wall_s": result["wall_s"], "cpu_s": result["cpu_s"],
            "max_rss_mib": result["max_rss_mib"]}


def machine_loop() -> float:
    """CPU seconds of a fixed pure-Python loop (10M additions), the best of 3: a yardstick
    for the machine, as the same code runs 2-3x apart on different ones."""
    best = float("inf")
    for _ in range(3):
        start, total = time.process_time(), 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.process_time() - start)
    return round(best, 3)


def timed(cmd: list[str], repeat: int, env: dict[str, str],
          baseline: dict[str, str] | None = None) -> dict[str, object]:
    """`cmd` run `repeat` times; with a `baseline` environment, as many runs under it,
    the two alternating (this, baseline, baseline, this, ...)."""
    if baseline is None:
        return summary([run(cmd, env) for _ in range(repeat)])
    mine: list[dict[str, float]] = []
    theirs: list[dict[str, float]] = []
    for i in range(repeat):
        for which in ((0, 1) if i % 2 == 0 else (1, 0)):
            (mine, theirs)[which].append(run(cmd, (env, baseline)[which]))
    row, base = summary(mine), summary(theirs)
    return {**row, "baseline": base,
            "ratio": round(float(row["median_s"]) / float(base["median_s"]), 3),  # type: ignore[arg-type]
            "cpu_ratio": round(float(row["cpu_s"]) / float(base["cpu_s"]), 3)}  # type: ignore[arg-type]


def summary(runs: list[dict[str, float]]) -> dict[str, object]:
    walls = sorted(r["wall_s"] for r in runs)
    return {
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(walls[0], 3),
        "max_s": round(walls[-1], 3),
        "cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 3),
        "peak_rss_mib": round(max(r["max_rss_mib"] for r in runs), 1),
        "runs": len(runs),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scales", default="1,0.5")
    parser.add_argument("--forms", default="json,ndjson")
    parser.add_argument("--engines", default="auto", help="each run with --engine E")
    parser.add_argument("--keep", default=None, help="generate into (and reuse) this folder")
    parser.add_argument("--exact", action="store_true", help="also time the exact loader alone")
    parser.add_argument("--baseline", default=None, metavar="SRC",
                        help="also time the workrules package in SRC, alternately")
    args = parser.parse_args(argv)
    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="wr-loading-"))
    out.mkdir(parents=True, exist_ok=True)
    workrules = [sys.executable, "-m", "workrules", "check", "--format", "json"]
    loop = machine_loop()
    print(f"machine: a pure-Python loop of 10M additions takes {loop} s of CPU", file=sys.stderr)
    results: dict[str, object] = {"command": " ".join(["python", *sys.argv]),
                                  "machine_loop_s": loop, "rows": []}  # fmt: skip
    rows: list[dict[str, object]] = results["rows"]  # type: ignore[assignment]
    for scale in (float(s) for s in args.scales.split(",")):
        for form in args.forms.split(","):
            folder = generate(out, scale, form)
            modes = [("fast", {})] + ([("exact", {"WORKRULES_NO_FAST_LOAD": "1"})]
                                      if args.exact else [])  # fmt: skip
            for (mode, extra), engine in itertools.product(modes, args.engines.split(",")):
                env = {**os.environ, **extra}
                base = None if args.baseline is None else {
                    **env, "PYTHONPATH": os.pathsep.join(
                        [str(Path(args.baseline).resolve()), *filter(None, [
                            os.environ.get("PYTHONPATH")])])}  # fmt: skip
                row = {"scale": scale, "form": form, "loader": mode, "engine": engine,
                       **timed([*workrules, "--engine", engine, str(folder)], args.repeat,
                               env, base)}  # fmt: skip
                rows.append(row)
                print(json.dumps(row), file=sys.stderr)
    print(json.dumps(results, indent=2))
    print("\n| scale | form | loader | engine | median | min–max | CPU | peak RSS |\n"  # noqa: RUF001
          "|---|---|---|---|---|---|---|---|", file=sys.stderr)  # fmt: skip
    for r in rows:
        print(f"| {r['scale']:g} | {r['form']} | {r['loader']} | {r['engine']} | "
              f"{r['median_s']} s | {r['min_s']}–{r['max_s']} s | {r['cpu_s']} s | "  # noqa: RUF001
              f"{r['peak_rss_mib']} MiB |", file=sys.stderr)  # fmt: skip
    if args.baseline is not None:
        print(f"\nagainst the baseline ({args.baseline}), run alternately:\n"
              "| scale | form | engine | baseline median | CPU | peak RSS | this / baseline "
              "(wall, CPU) |\n|---|---|---|---|---|---|---|", file=sys.stderr)  # fmt: skip
        for r in rows:
            b: dict[str, object] = r["baseline"]  # type: ignore[assignment]
            print(f"| {r['scale']:g} | {r['form']} | {r['engine']} | {b['median_s']} s "
                  f"({b['min_s']}–{b['max_s']} s) | {b['cpu_s']} s | {b['peak_rss_mib']} MiB | "  # noqa: RUF001
                  f"{r['ratio']}x, {r['cpu_ratio']}x |", file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
