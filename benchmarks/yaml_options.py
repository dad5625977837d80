"""Measure the ways to read YAML with line numbers and duplicate-key refusal.

    python benchmarks/yaml_options.py [FILES...]     # default: the 50-unit set's YAML

Each option parses the same files (best of 3, in-process). What each one gives:

- workrules: libyaml's C parser, and a constructor that records each mapping's line and
  refuses duplicate keys and aliases (what `workrules check` uses).
- pyyaml-c-plain: libyaml's C loader with no lines and no duplicate check: the floor.
- pyyaml-python: PyYAML's pure-Python parser with the same constructor as workrules.
- ruamel-rt: ruamel.yaml's round-trip loader, the one that keeps line numbers (`.lc`) and
  refuses duplicate keys (only if ruamel.yaml is installed).
- ruamel-safe-c: ruamel.yaml's C-based safe loader: refuses duplicates, but keeps no lines.
"""

from __future__ import annotations

import glob
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from workrules import load

HERE = Path(__file__).resolve().parent


def best_of(fn: Callable[[str], object], texts: list[str], n: int = 3) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        for t in texts:
            fn(t)
        times.append(time.perf_counter() - start)
    return min(times)


class _PyLoader(yaml.SafeLoader):
    pass


_PyLoader.yaml_implicit_resolvers = load._DataLoader.yaml_implicit_resolvers
_PyLoader.add_constructor("tag:yaml.org,2002:map", load._construct_map)
_PyLoader.add_constructor("tag:yaml.org,2002:seq", load._construct_seq)


def main(argv: list[str]) -> int:
    files = argv or sorted(glob.glob(str(HERE / "data" / "units50" / "unit-*" / "*.yaml")))
    if not files:
        raise SystemExit("no files: run benchmarks/run.py --only units50 first, or name files")
    texts = [Path(f).read_text() for f in files]
    size = sum(len(t) for t in texts)
    options: dict[str, Callable[[str], object]] = {
        "workrules": lambda t: load.parse_yaml(t, "f.yaml"),
        "pyyaml-c-plain": lambda t: yaml.load(t, Loader=yaml.CSafeLoader),
        "pyyaml-python": lambda t: yaml.load(t, Loader=_PyLoader),
    }
    try:
        from ruamel.yaml import YAML

        rt, safe = YAML(typ="rt"), YAML(typ="safe", pure=False)
        options["ruamel-rt"] = rt.load
        options["ruamel-safe-c"] = safe.load
    except ImportError:
        print("(ruamel.yaml not installed: its options are left out)")
    print(f"{len(files)} files, {size / 1e6:.2f} MB")
    print("| option | seconds (best of 3) | MB/s | lines | refuses duplicate keys |")
    print("|---|---|---|---|---|")
    facts = {"workrules": ("yes", "yes"), "pyyaml-c-plain": ("no", "no"),
             "pyyaml-python": ("yes", "yes"), "ruamel-rt": ("yes", "yes"),
             "ruamel-safe-c": ("no", "yes")}  # fmt: skip
    for name, fn in options.items():
        secs = best_of(fn, texts)
        lines, dups = facts[name]
        print(f"| {name} | {secs:.3f} | {size / 1e6 / secs:.2f} | {lines} | {dups} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
