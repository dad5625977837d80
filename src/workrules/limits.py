"""Bounds on values, so that nothing read can overflow what workrules computes with.

A date outside `EARLIEST_DATE`..`LATEST_DATE` or a number larger in size than `MAX_NUMBER` is
refused where it is read (a data file, a policy, `--set`, `--today`), with its file and line.
The bounds are far outside any real rota, caseload or agreement, and far inside what the
arithmetic on them can hold: a week, a month or a span of years added to the latest date is
still a date, and a sum of millions of bounded numbers is still finite and exact.
"""

from __future__ import annotations

import datetime as dt

# Records of work are from this century; qualification dates go back decades, and waivers and
# effective dates look years ahead. Nothing real is before 1900 or after 2999.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)
DATE_RANGE = f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"

# A policy file: the claim's is under 50 KB. A bigger one is not an agreement but a way to
# make every run parse (and every rule evaluate) for minutes: 20,000 rules took 22 s.
MAX_POLICY_BYTES = 1 << 20

# A config file (workrules.toml, pyproject.toml): a real one is a few kilobytes. A larger one
# is not a project's settings but a way to make every run read and parse megabytes.
MAX_CONFIG_BYTES = 1 << 20

# No hour, count, percentage, ratio term or number of days comes near this.
MAX_NUMBER = 1_000_000_000

# The days a policy moves one date by (`week + 6 days`), all its moves added up: some 270
# years, so that any accepted date moved that far is still a date (Python's end at 9999).
MAX_SHIFT_DAYS = 100_000
# Rows of a Parquet file, read from its metadata before any column is decoded. Parquet's
# run-length and dictionary encodings let a file of a few hundred kilobytes declare tens of
# millions of rows (20M rows in 214 KB took minutes and gigabytes), so no limit on bytes
# bounds them. Real exports are far below: national data is 3.16M records in 156 files
# (benchmarks/generate.py national), the largest 102,492 rows (a region's timesheets for a
# year, as is each region-year file of the 50M-record history); a whole nation's year of
# timesheets in one file is 1.04M. A file at the bound took about 35 s and 1.5 GB where every
# row is read the exact way (the slowest), on a loaded machine.
MAX_FILE_ROWS = 2_000_000
# Rows of all the Parquet files of one check, added up from their metadata before any file is
# read: twice the 50M-record history (12 regions x 18 years, 1,992 files, 9.4 GiB), so that
# files each below MAX_FILE_ROWS cannot add up to a run without end.
MAX_CHECK_ROWS = 100_000_000


def date_problem(day: dt.date) -> str | None:
    """Why `day` is refused, or None."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return f"is outside the dates workrules accepts ({DATE_RANGE})"


def number_problem(value: float) -> str | None:
    """Why `value` is refused (NaN, or larger in size than MAX_NUMBER: infinity is), or None."""
    if value != value:
        return "is not a number"
    if -MAX_NUMBER <= value <= MAX_NUMBER:
        return None
    return f"is too large a number (the largest accepted is {MAX_NUMBER:,})"
