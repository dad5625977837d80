"""Time workrules at each size, process start to exit, and the rules against hand-written loops.

    python benchmarks/run.py                      # everything (national takes a few minutes)
    python benchmarks/run.py --only precommit,unit,units50
    python benchmarks/run.py --repeat 7 --national-scale 0.25

Data sets are generated once into benchmarks/data/ (ignored by git) with generate.py.
Medians are printed as a Markdown table and written to benchmarks/results/latest.json.
Timings are measurements, never assertions: nothing here fails on a slow machine.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"
CAPS = ["sfo_open_reviews_max=2", "pta_learners_max=2", "span_of_control_max[SPO]=6"]


def generate(name: str, *args: str) -> Path:
    out = DATA / name
    if not out.is_dir() or not any(out.iterdir()):
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), *args, str(out)], check=True)
    return out


def files_of(folder: Path) -> list[str]:
    found = [p for pat in ("*.yaml", "*.json", "*/*.yaml", "jd/*.md")
             for p in glob.glob(str(folder / pat))]  # fmt: skip
    return sorted(found)


def timed_process(cmd: list[str], repeat: int, ok: tuple[int, ...] = (0, 1),
                  cwd: Path | None = None) -> dict[str, float]:  # fmt: skip
    """Median wall time, median CPU time and the largest peak RSS (MiB) of `repeat` runs of a
    command.

    Each run goes through `peak.py`, a fresh launcher, so that the peak is the command's own
    and not the high-water mark of this process (which may have loaded a national data set
    in-process before); the launcher times the command itself, so its own start-up is not
    counted.
    """
    return timed_alternately({"": (cmd, cwd)}, repeat, ok)[""]


def timed_alternately(cmds: dict[str, tuple[list[str], Path | None]], repeat: int,
                      ok: tuple[int, ...] = (0, 1)) -> dict[str, dict[str, float]]:
    """`timed_process` of each named command (and its folder), the commands taking turns
    run by run (a, b, c, a, b, c, ...), so that a machine that slows or speeds up in the
    middle weighs on each alike: their ratio is then steadier than that of two series run
    one after the other."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in cmds}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _ in range(repeat):
        for name, (cmd, cwd) in cmds.items():
            out = subprocess.run([sys.executable, str(HERE / "peak.py"), *cmd], env=env,
                                 cwd=cwd, capture_output=True, text=True, check=True)  # fmt: skip
            run = json.loads(out.stdout)
            if run["exit"] not in ok:
                raise SystemExit(f"{' '.join(cmd[:4])} ... exited {run['exit']}: "
                                 f"{run['stderr']!r}")  # fmt: skip
            runs[name].append(run)
    return {name: {"median_s": statistics.median(r["wall_s"] for r in done),
                   "min_s": min(r["wall_s"] for r in done),
                   "max_s": max(r["wall_s"] for r in done),
                   "cpu_median_s": statistics.median(r["cpu_s"] for r in done),
                   "max_rss_mib": max(r["max_rss_mib"] for r in done), "runs": repeat}
            for name, done in runs.items()}  # fmt: skip


def workrules_cmd() -> list[str]:
    exe = shutil.which("workrules")
    return [exe] if exe else [sys.executable, "-m", "workrules.cli"]


def bench_precommit(repeat: int) -> dict[str, object]:
    """One job description, process start to exit, beside check-jsonschema on one small file."""
    unit = generate("unit", "unit")
    jd = sorted(glob.glob(str(unit / "jd" / "*.md")))[0]
    # As a pre-commit hook runs it: linter-style `file:line:` lines, not a table.
    hook = [*workrules_cmd(), "check", jd, "--format", "text"]
    # The hook as a job-description repository runs it: its workrules.toml found and read
    # (policy, agreed spans), one changed file passed in.
    repo = Path(__file__).resolve().parents[1] / "fixtures" / "jd-repo"
    cmds: dict[str, tuple[list[str], Path | None]] = {
        "workrules_one_jd": (hook, None),
        "hook_one_changed_file_with_config": ([*workrules_cmd(), "check", "--format", "text",
                                               "job-descriptions/spo-enlarged-team.md"], repo),
    }  # fmt: skip
    cj = shutil.which("check-jsonschema")
    if cj:  # taking turns with workrules, run by run
        schemas = Path(__file__).resolve().parents[1] / "src" / "workrules" / "schemas"
        schema = schemas / "staff.schema.json"
        cmds["check_jsonschema_one_file"] = (
            [cj, "--schemafile", str(schema), str(unit / "staff.yaml")], None)
    out: dict[str, object] = dict(timed_alternately(cmds, repeat))
    if cj:
        a = out["workrules_one_jd"]["median_s"]  # type: ignore[index]
        b = out["check_jsonschema_one_file"]["median_s"]  # type: ignore[index]
        out["ratio_to_check_jsonschema"] = a / b
        # The same ratio in CPU time: steadier than wall time on a machine shared with others.
        a = out["workrules_one_jd"]["cpu_median_s"]  # type: ignore[index]
        b = out["check_jsonschema_one_file"]["cpu_median_s"]  # type: ignore[index]
        out["cpu_ratio_to_check_jsonschema"] = a / b
    return out


def bench_size(name: str, folder: Path, repeat: int) -> dict[str, object]:
    files = files_of(folder)
    cmd = [*workrules_cmd(), "check", *files, "--format", "json", "-o", os.devnull]
    for cap in CAPS:
        cmd += ["--set", cap]
    result: dict[str, object] = {"files": len(files),
                                 "bytes": sum(os.path.getsize(f) for f in files)}  # fmt: skip
    result["check_process"] = timed_process(cmd, repeat)
    result.update(in_process(files, repeat))
    return result


def in_process(files: list[str], repeat: int) -> dict[str, object]:
    """Load once, then time the compiled rules and the hand-written loop on the same records."""
    sys.path.insert(0, str(HERE))
    import handwritten

    from workrules import load_data, load_policy
    from workrules.compile import Env

    t = time.perf_counter()
    data = load_data(files)
    load_s = time.perf_counter() - t
    policy = load_policy(None, CAPS)
    eight = {"wmt-over-ceiling", "unrecompensed-hours", "upw-group-ratio", "upw-contact-hours",
             "psr-role-boundary", "programme-sessions-per-week", "mappa-chairing-per-day",
             "span-of-control"}  # fmt: skip
    rules = [cr for cr in policy.rules if cr.id in eight]
    env = Env(data.staff, policy.values)
    # Both loops run with the cyclic GC paused, as `Policy.check` runs (see gc_pause.py), so
    # neither pays for collections the other would not trigger.
    from workrules.gc_pause import paused_gc

    with paused_gc():
        timed = _timed_loops(rules, data, env, policy, repeat, handwritten)
    compiled, hand, full, got, expected, result = timed
    records = sum(len(v) for v in data.records.values())
    return {
        "records": records,
        "load_s": load_s,
        "rules_8_median_s": statistics.median(compiled),
        "handwritten_8_median_s": statistics.median(hand),
        "ratio_rules_to_handwritten": statistics.median(compiled) / statistics.median(hand),
        "full_check_median_s": statistics.median(full),
        "findings": len(result.findings),
        "same_breaches_as_handwritten": len(got) == len(expected),
    }


def _timed_loops(rules, data, env, policy, repeat, handwritten):  # type: ignore[no-untyped-def]
    from workrules.evaluate import run_rule

    compiled, hand, full = [], [], []
    for _ in range(repeat):
        t = time.perf_counter()
        got = [m for cr in rules for m in run_rule(cr, data, env)[0]]
        compiled.append(time.perf_counter() - t)
        t = time.perf_counter()
        expected = handwritten.check(data, {"SPO": 6})
        hand.append(time.perf_counter() - t)
        t = time.perf_counter()
        result = policy.check(data)
        full.append(time.perf_counter() - t)
    return compiled, hand, full, got, expected, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="precommit,unit,units50,national,linear",
                    help="comma-separated: precommit, unit, units50, national, linear")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--national-scale", type=float, default=1.0)
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    results: dict[str, object] = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    if "precommit" in only:
        results["precommit"] = bench_precommit(max(args.repeat, 7))
    if "unit" in only:
        results["unit"] = bench_size("unit", generate("unit", "unit"), args.repeat)
    if "units50" in only:
        results["units50"] = bench_size("units50", generate("units50", "units", "50"), args.repeat)
    scale = args.national_scale
    if "national" in only or "linear" in only:
        nat = generate(f"national-{scale:g}", "national", "--scale", f"{scale:g}")
        results["national"] = bench_size("national", nat, max(1, min(args.repeat, 3)))
    if "linear" in only:
        half = generate(f"national-{scale / 2:g}", "national", "--scale", f"{scale / 2:g}")
        results["national_half"] = bench_size("national_half", half, max(1, min(args.repeat, 3)))
        a = results["national"]["check_process"]["median_s"]  # type: ignore[index]
        b = results["national_half"]["check_process"]["median_s"]  # type: ignore[index]
        results["linear_growth_ratio"] = a / b
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
