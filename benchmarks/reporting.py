"""Reporting, format by format, side by side: the same findings written as each `--format`,
timed in one process, with the median and the spread (min-max) over --repeat runs.

    python benchmarks/reporting.py --data /tmp/wr-bench/national-1-json --save /tmp/r.pickle
    python benchmarks/reporting.py --load /tmp/r.pickle [--repeat 5] [--formats json,sarif]
    python benchmarks/reporting.py --load /tmp/r.pickle --write DIR  # each report, to compare

`--data` checks a folder once (the default policy) and, with `--save`, pickles the Result, so
later runs (`--load`) time the reporters alone, on the same findings, without checking again.
`--write DIR` also writes each format's output to DIR/report.FORMAT, for a byte-for-byte
comparison between two versions of the code. The garbage collector is paused while each
report is written, as the command line pauses it (`--gc`: leave it running). Timings are
measurements, never assertions.
"""

from __future__ import annotations

import argparse
import glob
import pickle
import statistics
import sys
import time
from pathlib import Path

FORMATS = ("json", "text", "sarif", "junit", "github", "html", "table")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = ap.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", help="a folder of workrules files to check once")
    source.add_argument("--load", help="a Result pickled by an earlier --save")
    ap.add_argument("--save", help="with --data: pickle the Result to this file")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--formats", default=",".join(FORMATS[:-1]),
                    help=f"comma-separated, of {', '.join(FORMATS)} (default: all but table, "
                         "whose tabulate layout takes minutes on national data)")  # fmt: skip
    ap.add_argument("--write", help="write each report to DIR/report.FORMAT")
    ap.add_argument("--gc", action="store_true",
                    help="leave the garbage collector running (the command line pauses it "
                         "while it writes the report; a library caller may not)")  # fmt: skip
    args = ap.parse_args(argv)
    import gc

    from workrules.report import REPORTER_BY_NAME

    if args.data:
        from workrules.api import check

        files = sorted(glob.glob(str(Path(args.data) / "*")))
        t = time.perf_counter()
        result = check(files)
        print(f"{args.data}: checked in {time.perf_counter() - t:.1f} s")
        if args.save:
            with open(args.save, "wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    else:
        with open(args.load, "rb") as handle:
            result = pickle.load(handle)  # a file this script wrote
    print(f"{len(result.findings):,} findings, {len(result.not_applied)} rules not applied; "
          f"median (min-max) of {args.repeat} runs")  # fmt: skip
    for name in args.formats.split(","):
        reporter = REPORTER_BY_NAME[name]
        runs = []
        for _ in range(args.repeat):
            gc.collect()
            if not args.gc:
                gc.disable()
            t = time.perf_counter()
            output = reporter(result)
            runs.append(time.perf_counter() - t)
            gc.enable()
        print(f"{name:8} {statistics.median(runs):8.3f} s ({min(runs):.3f}-{max(runs):.3f})"
              f"  {len(output.encode()):>12,} bytes")  # fmt: skip
        if args.write:
            Path(args.write).mkdir(parents=True, exist_ok=True)
            Path(args.write, f"report.{name}").write_text(output, encoding="utf-8")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
