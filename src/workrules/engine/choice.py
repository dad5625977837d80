"""Which engine runs a check: `python` (generated Python, every rule), `columnar` (a polars
plan per rule, for large data sets) or `auto`, which takes the environment's
`WORKRULES_ENGINE` when set and otherwise chooses by the size of the data set
(`AUTO_MIN_RECORDS`).

This module imports no engine: the columnar one (and polars) is imported only when chosen.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import UsageError, did_you_mean

if TYPE_CHECKING:
    from ..dataset import Dataset

ENGINES = ("auto", "python", "columnar")
ENV_VAR = "WORKRULES_ENGINE"
# `auto` runs the columnar engine from this many records kept as their columns on (a
# Parquet export's, or a large NDJSON load's read into Arrow columns, `arrowload`:
# `lazyrows.Rows.tabular`; the engine's frames are those columns, and only its candidates are
# built as records); None: at no size. Records decoded from JSON or NDJSON as records, or read
# from YAML or CSV, never count: frames made from them cost about what the plans save and
# take more memory. Measured (benchmarks/README.md, CPU time of the whole check): Parquet even
# at about 90k records kept as columns, ahead from about 300k (0.1 national), a third less at
# 3.2M; NDJSON (kept as columns from 100 MB, `dataset._COLUMNS_MIN`) a fifth less at 1.6M and
# a quarter less at 3.2M, where below about 800k its records cost less built.
AUTO_MIN_RECORDS: int | None = 200_000

RunRule = Callable[..., Any]


def chosen(engine: str, data: Dataset) -> str:
    """`python` or `columnar`, for `engine` (auto, python or columnar) over `data`."""
    if engine not in ENGINES:
        choose = f"choose one of {', '.join(ENGINES)}{did_you_mean(engine, ENGINES)}"
        raise UsageError(f"engine={engine!r}: {choose}", cli=f"--engine {engine}: {choose}")
    if engine != "auto":
        return engine
    forced = os.environ.get(ENV_VAR, "")
    if forced:
        if forced not in ENGINES[1:]:
            raise UsageError(f"{ENV_VAR}={forced}: choose python or columnar"
                             f"{did_you_mean(forced, ENGINES[1:])}")  # fmt: skip
        return forced
    if AUTO_MIN_RECORDS is None:
        return "python"
    # records kept as columns are in a `lazyrows.Rows` (not imported here: the pre-commit path)
    size = sum(getattr(records, "tabular", 0) for records in data.records.values())
    return "columnar" if size >= AUTO_MIN_RECORDS else "python"


def runner(engine: str, data: Dataset) -> RunRule:
    """The `run_rule` of the engine chosen for `data`."""
    if chosen(engine, data) == "columnar":
        try:
            from .columnar import run_rule
        except ImportError as e:  # polars missing or broken: say so, never fall back silently
            needs = f"the columnar engine needs polars ({e}); install it, or run"
            raise UsageError(f"{needs} with engine='python'",
                             cli=f"{needs} with --engine python") from e
        return run_rule
    from .python import run_rule as run_python

    return run_python
