"""Where one check's CPU goes, phase by phase, in one process: loading, the columnar
engine's frames, the candidates built, placing, the JSON report.

    python benchmarks/phases.py /tmp/wr-bench/national-1-parquet
    python benchmarks/phases.py DIR --repeat 3

Each phase is the process CPU time (`time.process_time`) spent in one function, added up over
its calls (a phase inside another is counted in both), with the cyclic GC paused as the
command line pauses it. `api.check` runs with the engine `auto` chooses, then
`report.json_bytes`. Timings are measurements, never assertions.
"""

from __future__ import annotations

import argparse
import gc
import glob
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

# (module, owner of the function or "", function, what the phase is called)
PHASES = [
    ("workrules.api", "", "load_kept", "loading"),
    ("workrules.lazyrows", "", "vouched", "  keys across files (lazyrows.vouched)"),
    ("workrules.engine.columnar", "", "begin", "frames made and plans begun"),
    ("workrules.engine.columnar", "Frames", "of", "  frames (Frames.of)"),
    ("workrules.engine.columnar", "", "_finished", "candidates built and checked"),
    ("workrules.lazyrows", "Rows", "take", "  candidates built (Rows.take)"),
    ("workrules.lazyrows", "Chunk", "build_rows", "    Chunk.build_rows"),
    ("workrules.evaluate", "", "_place", "placing"),
    ("workrules.report", "", "json_bytes", "JSON report"),
]


def _timed(spent: Counter[str], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start

    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="a folder of data files (a national benchmark set)")
    parser.add_argument("--repeat", type=int, default=1, help="runs, each in this process")
    args = parser.parse_args()
    gc.disable()
    start = time.process_time()
    import importlib

    from workrules import api, report
    from workrules.gc_pause import use_gc_pause

    use_gc_pause()
    imported = time.process_time() - start
    files = sorted(glob.glob(f"{args.data}/*"))
    for run in range(args.repeat):
        spent: Counter[str] = Counter()
        undo = []
        for module, owner, function, name in PHASES:
            try:
                mod = importlib.import_module(module)
            except ImportError:  # the columnar engine's polars absent: that phase is not run
                continue
            holder = getattr(mod, owner) if owner else mod
            fn = getattr(holder, function)
            undo.append((holder, function, fn))
            setattr(holder, function, _timed(spent, name, fn))
        try:
            start = time.process_time()
            result = api.check(files)
            report.json_bytes(result)
            total = time.process_time() - start
        finally:
            for holder, function, fn in undo:
                setattr(holder, function, fn)
        print(f"run {run + 1}: {len(result.findings)} findings, {total:.3f} s CPU "
              f"(importing workrules before it: {imported:.3f} s)")  # fmt: skip
        for _, _, _, name in PHASES:
            if name in spent:
                print(f"  {name:44} {spent[name]:.3f} s")


if __name__ == "__main__":
    main()
