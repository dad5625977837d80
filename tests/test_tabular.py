"""CSV and Parquet exports: one file per list, named by it; a record's line is its CSV line
(the header is line 1) or its Parquet row number."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workrules.dataset import load_data
from workrules.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def _set(tmp: Path, form: str) -> Path:
    out = tmp / form
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "national",
                    str(out), "--scale", "0.01", "--weeks", "6", "--format", form],
                   check=True, capture_output=True)  # fmt: skip
    return out


def _plain(records: tuple[object, ...]) -> list[tuple[object, ...]]:
    return [tuple(getattr(r, f) for f in r.__struct_fields__  # type: ignore[attr-defined]
                  if f not in ("file", "line")) for r in records]  # fmt: skip


@pytest.mark.parametrize("form", ["csv", "parquet"])
def test_a_tabular_export_holds_the_records_of_its_json_form(tmp_path: Path, form: str) -> None:
    if form == "parquet":
        pytest.importorskip("pyarrow")
    from_json = load_data([str(p) for p in sorted(_set(tmp_path, "json").iterdir())])
    tabular = load_data([str(p) for p in sorted(_set(tmp_path, form).iterdir())])
    for kind, records in from_json.records.items():
        assert _plain(tabular.records[kind]) == _plain(records), kind
    first = tabular.records["timesheet"][0]
    assert first.file.endswith(f"region-01-rota-timesheets.{form}")  # type: ignore[union-attr]
    assert first.line == (2 if form == "csv" else 1)  # type: ignore[union-attr]


def _refusal(path: Path) -> str:
    with pytest.raises(InputError) as err:
        load_data([str(path), str(ROOT / "fixtures" / "example" / "staff.yaml")])
    return str(err.value)


def test_a_bad_csv_row_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "unit-wmt.csv"
    path.write_text("staff,week,percent\nS001,2024-06-03,104\nS001,2024-06-10,lots\n")
    assert _refusal(path) == f"{path}:3: percent: 'lots' is not a number"


def test_an_unknown_csv_column_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "unit-wmt.csv"
    path.write_text("staff,week,percnt\nS001,2024-06-03,104\n")
    # on the header's line, where the column is named (and so also for a file of no rows)
    assert _refusal(path) == (
        f"{path}:1: the column 'percnt' is not a field of wmt records (did you mean "
        "'percent'?); the fields are staff, week, date, percent")


def test_a_csv_named_for_no_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "unit-wmts.csv"
    path.write_text("staff,week,percent\n")
    assert _refusal(path) == (
        f"{path}: a CSV or Parquet file names the list it fills at the end of its name (e.g. "
        "region-01-timesheets.csv); 'wmts' is not one of absences, cases, establishment, "
        "incidents, mappa_meetings, programme_sessions, reports, sfo_reviews, staff, "
        "timesheets, unallocated, upw_sessions, wmt (did you mean 'wmt'?)")
