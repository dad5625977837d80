"""Defects found in the review of 0.3.0 (fixtures/review3): each input is refused with the
one line that names its file, its line and what is wrong, never a finding or a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review3"
STAFF = ROOT / "fixtures" / "example" / "staff.yaml"


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workrules", "check", *args],
                          cwd=HERE, capture_output=True, text=True)  # fmt: skip


@pytest.mark.parametrize(("name", "message"), [
    # float() takes 'nan', 'inf' and '1_000'; a CSV cell is a number as JSON writes one
    ("nan-timesheets.csv", "nan-timesheets.csv:3: hours_worked: 'nan' is not a number"),
    ("inf-timesheets.csv", "inf-timesheets.csv:2: hours_worked: 'inf' is not a number"),
    ("underscore-wmt.csv", "underscore-wmt.csv:2: percent: '1_10' is not a number"),
    # a line that is not a record was reported at the header's line
    ("not-an-object.ndjson",
     "not-an-object.ndjson:4: each line after the header is one record, a JSON object ({...})"),
    ("list-not-a-list.ndjson",
     "list-not-a-list.ndjson:1: the header's list 'unit' is not a list of a rota file: one of "
     "staff, timesheets, upw_sessions, programme_sessions, mappa_meetings"),
])  # fmt: skip
def test_a_bad_export_is_refused_in_one_line(name: str, message: str) -> None:
    done = _check(str(STAFF), name)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"workrules: {message}\n")


@pytest.mark.parametrize("period", ["9999-Q4", "0001-01", "0001-Q1", "0001-01-01..0001-01-02"])
def test_a_period_beyond_the_calendar_is_refused_not_a_crash(period: str) -> None:
    # these raised OverflowError (exit 70) or argparse's "invalid convert value"
    done = subprocess.run([sys.executable, "-m", "workrules", "indicators",
                           str(ROOT / "fixtures" / "workforce" / "staff.yaml"),
                           "--period", period], capture_output=True, text=True)  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"workrules: argument --period: '{period}' is outside the dates workrules accepts "
        "(1900-01-01 to 2999-12-31) (see 'workrules indicators --help')\n"))
