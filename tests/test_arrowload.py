"""An NDJSON export read into Arrow columns (`arrowload`) is the export the exact path reads:
the same records (37 an int, 37.5 a float, each at its line), the same findings, and every
refusal word for word the exact path's, because whatever the columns cannot vouch for is
declined and read as before."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workrules.dataset import load_kept
from workrules.errors import InputError

pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "ndjsoncols"
STAFF = FIXTURES / "region-01-staff-staff.ndjson"


@pytest.fixture
def fast_at_any_size(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)  # the fixtures are small
    monkeypatch.setattr("workrules.dataset._COLUMNS_MIN", 0)
    yield


def _typed(records: object) -> list[tuple[object, ...]]:
    """Records as (type, value) pairs, and their place: 37 and 37.0 are equal, but print
    differently."""
    return [(*((type(getattr(r, f)), getattr(r, f)) for f in r.__struct_fields__),  # type: ignore[attr-defined]
             r.file, r.line) for r in records]  # type: ignore[attr-defined,union-attr]


def _outcome(files: list[str], keep: str = "tables") -> object:
    """The data set's records by kind, or the refusal's text."""
    try:
        data = load_kept(files, keep)
    except InputError as err:
        return str(err)
    return {kind: _typed(records) for kind, records in data.records.items()}


def _either_way(files: list[str], monkeypatch: pytest.MonkeyPatch,
                keep: str = "tables") -> tuple[object, object]:  # fmt: skip
    fast = _outcome(files, keep)
    with monkeypatch.context() as patch:
        patch.setenv("WORKRULES_NO_FAST_LOAD", "1")
        return fast, _outcome(files, keep)


def _fixture_files() -> list[str]:
    return sorted(str(p) for p in FIXTURES.iterdir())


@pytest.mark.parametrize("keep", ["tables", "all"])
def test_an_ndjson_export_is_kept_as_columns_with_the_exact_paths_records(
        keep: str, fast_at_any_size: None, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from workrules.lazyrows import Rows

    data = load_kept(_fixture_files(), keep)
    kept = {k for k in data.records if isinstance(data.of(k), Rows) and data.of(k).tabular}  # type: ignore[attr-defined]
    assert kept == {"timesheet", "wmt", "case", "report", "upw_session", "programme_session"}
    fast, exact = _either_way(_fixture_files(), monkeypatch, keep)
    assert isinstance(fast, dict) and fast == exact
    sheets = [(r.hours_worked, r.toil_hours, r.line)  # type: ignore[attr-defined]
              for r in load_kept(_fixture_files(), keep).of("timesheet")]  # fmt: skip
    # each number as written (37 an int, 2.5 a float), not given its default, from line 2
    assert [(type(h), h, type(t), t, line) for h, t, line in sheets] == [
        (int, 37, int, 0, 2), (int, 37, int, 0, 3), (int, 41, int, 4, 4), (int, 37, int, 0, 5),
        (int, 41, float, 2.5, 6), (int, 37, int, 0, 7), (int, 37, int, 0, 8),
        (float, 33.5, int, 0, 9)]


def _edited(tmp_path: Path, name: str, line: int, old: str, new: str) -> Path:
    """A copy of the fixtures with `old` replaced by `new` on line `line` of file `name`."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES, folder)
    path = folder / name
    lines = path.read_text().split("\n")
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines))
    return path


SHEETS = "region-01-rota-timesheets.ndjson"
CASES = "region-01-allocation-cases.ndjson"
REPORTS = "region-01-allocation-reports.ndjson"
UPW = "region-01-rota-upw_sessions.ndjson"

# (what, file, line, old, new, the refusal's words, whether one file alone shows it)
REFUSALS = [
    ("a key given twice", SHEETS, 3, '"hours_worked":37', '"hours_worked":37,"hours_worked":38',
     "duplicate key 'hours_worked'", True),
    ("a misspelt field", SHEETS, 3, '"hours_worked"', '"hours_workd"',
     "did you mean 'hours_worked'?", True),
    ("an unknown field", CASES, 4, '"rosh"', '"risk"', "risk", True),
    ("a text for a number", SHEETS, 3, '"hours_worked":37', '"hours_worked":"37"',
     "hours_worked", True),
    ("a fraction for a whole number", UPW, 3, '"members":4', '"members":4.5', "members", True),
    ("a null", SHEETS, 4, '"toil_hours":4', '"toil_hours":null', "toil_hours", True),
    ("a required field missing", SHEETS, 5, '"staff":"R01-U001-S0001",', "", "staff", True),
    ("an impossible date", REPORTS, 3, '"date":"2024-04-09"', '"date":"2024-04-31"',
     "not a real date", True),
    ("a week not a Monday", SHEETS, 3, '"week":"2024-04-08"', '"week":"2024-04-09"',
     "is a Tuesday", True),
    ("a value not among those allowed", CASES, 3, '"rosh":"medium"', '"rosh":"severe"',
     "severe", True),
    ("an unknown field of a nested record", REPORTS, 2, '"reoffending"', '"reofending"',
     "reofending", True),
    ("a flag given twice", REPORTS, 2, '"flags":["domestic_abuse"',
     '"flags":["domestic_abuse","domestic_abuse"', "given twice", True),
    ("a number in a list of ids", UPW, 2, '"supervisors":["R01-U001-S0017"]',
     '"supervisors":[17]', "supervisors", True),
    ("an empty list that needs an item", UPW, 2, '"supervisors":["R01-U001-S0017"]',
     '"supervisors":[]', "supervisors", True),
    ("two records on one line", SHEETS, 3, "}", '} {"staff":"R01-U001-S0001","week":'
     '"2024-06-03","hours_worked":37}', "extra data", True),
    ("an id given twice", CASES, 3, '"id":"R01-U001-C0002"', '"id":"R01-U001-C0001"',
     "R01-U001-C0001", False),
    ("a padded id", CASES, 3, '"id":"R01-U001-C0002"', '"id":"R01-U001-C0002 "',
     "R01-U001-C0002 ", False),
    ("a staff id no one has", SHEETS, 3, '"staff":"R01-U001-S0001"', '"staff":"R01-U001-S0099"',
     "R01-U001-S0099", False),
]


@pytest.mark.parametrize("what,name,line,old,new,words,alone", REFUSALS,
                         ids=[r[0] for r in REFUSALS])  # fmt: skip
def test_a_bad_export_is_refused_with_the_exact_paths_message(
    what: str, name: str, line: int, old: str, new: str, words: str, alone: bool,
    tmp_path: Path, fast_at_any_size: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workrules.arrowload import read_ndjson_columns
    from workrules.fastload import Declined

    path = _edited(tmp_path, name, line, old, new)
    if alone:  # the columns decline it: the exact path reads it, and refuses it
        with pytest.raises(Declined):
            read_ndjson_columns(path.read_bytes(), str(path))
    else:  # a file that is fine alone: the load, checking keys across files, declines it
        read_ndjson_columns(path.read_bytes(), str(path))
    files = sorted(str(p) for p in path.parent.iterdir())
    for keep in ("tables", "all"):
        fast, exact = _either_way(files, monkeypatch, keep)
        assert isinstance(fast, str) and fast == exact, what
        assert fast.startswith(f"{path}:") and words in fast, (what, fast)


@pytest.mark.parametrize("written,as_read", [
    ("37.0", (float, 37.0)), ("3.7e1", (float, 37.0)), ("370E-1", (float, 37.0)),
    ("37.50", (float, 37.5)), ("-0", None), ("37", (int, 37)),
])  # fmt: skip
def test_a_number_is_read_as_written_however_it_is_written(
    written: str, as_read: tuple[type, float] | None, tmp_path: Path, fast_at_any_size: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A double cannot tell `37` from `37.0`: a file with a whole number written with a
    fraction part or an exponent is read as before, and its value is the float written."""
    path = _edited(tmp_path, SHEETS, 3, '"hours_worked":37', f'"hours_worked":{written}')
    fast, exact = _either_way(sorted(str(p) for p in path.parent.iterdir()), monkeypatch)
    assert fast == exact
    if as_read is not None:
        assert isinstance(fast, dict) and fast["timesheet"][1][2] == as_read


@pytest.mark.parametrize("written", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_number_json_does_not_have_is_refused_as_on_the_exact_path(
    written: str, tmp_path: Path, fast_at_any_size: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pyarrow's reader takes NaN and Infinity, which JSON has not: the columns decline them
    (no number may be either), and the exact path refuses the file."""
    from workrules.arrowload import read_ndjson_columns
    from workrules.fastload import Declined

    path = _edited(tmp_path, SHEETS, 3, '"hours_worked":37', f'"hours_worked":{written}')
    with pytest.raises(Declined):
        read_ndjson_columns(path.read_bytes(), str(path))
    fast, exact = _either_way(sorted(str(p) for p in path.parent.iterdir()), monkeypatch)
    assert isinstance(fast, str) and fast == exact and fast.startswith(f"{path}:3: ")


def test_an_empty_text_is_a_value_as_on_the_exact_path(
        tmp_path: Path, fast_at_any_size: None, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from workrules.arrowload import read_ndjson_columns
    from workrules.fastload import Declined

    path = _edited(tmp_path, CASES, 3, '"tier":"C2"', '"tier":""')
    with pytest.raises(Declined):  # a table's empty text is a value not given
        read_ndjson_columns(path.read_bytes(), str(path))
    fast, exact = _either_way(sorted(str(p) for p in path.parent.iterdir()), monkeypatch)
    assert fast == exact


@pytest.mark.parametrize("old,new", [
    (',"hours_worked"', ',\n"hours_worked"'),  # a record over two lines
    ("}", "}\n"),  # a blank line
    ("}", "}\n  "),  # a line of spaces
])  # fmt: skip
def test_a_file_laid_out_otherwise_is_read_on_the_exact_path(
    old: str, new: str, tmp_path: Path, fast_at_any_size: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workrules.arrowload import read_ndjson_columns
    from workrules.fastload import Declined

    path = _edited(tmp_path, SHEETS, 3, old, new)
    with pytest.raises(Declined):
        read_ndjson_columns(path.read_bytes(), str(path))
    fast, exact = _either_way(sorted(str(p) for p in path.parent.iterdir()), monkeypatch)
    assert fast == exact


def test_an_export_with_windows_line_ends_reads_the_same_through_the_columns(
        tmp_path: Path, fast_at_any_size: None, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from workrules.arrowload import read_ndjson_columns

    folder = tmp_path / "data"
    shutil.copytree(FIXTURES, folder)
    path = folder / SHEETS
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    read_ndjson_columns(path.read_bytes(), str(path))
    fast, exact = _either_way(sorted(str(p) for p in folder.iterdir()), monkeypatch)
    assert isinstance(fast, dict) and fast == exact


def test_a_small_load_builds_its_records_as_before(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Below `_COLUMNS_MIN` bytes of NDJSON, decoding and building every record costs less
    than reading columns: the records are decoded as before (none kept as columns)."""
    from workrules.lazyrows import Rows

    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)
    data = load_kept(_fixture_files(), "tables")
    assert not any(isinstance(data.of(k), Rows) for k in data.records)
    monkeypatch.setattr("workrules.dataset._COLUMNS_MIN", 5000)  # the fixtures are 7 kB
    assert isinstance(load_kept(_fixture_files(), "tables").of("timesheet"), Rows)


def test_a_large_load_for_the_python_engine_builds_its_records_as_before(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """When the Python engine is sure to run (`--engine python`), it builds every record:
    reading columns first would cost more than decoding records, so a large NDJSON load is
    decoded as before, and the findings are the same."""
    from workrules import api
    from workrules.lazyrows import Rows

    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)
    monkeypatch.setattr("workrules.dataset._COLUMNS_MIN", 5000)  # the fixtures are 7 kB
    data = load_kept(_fixture_files(), "tables", columns=False)
    assert not any(isinstance(data.of(k), Rows) for k in data.records)
    kept: list[Any] = []
    monkeypatch.setattr(api, "load_kept", lambda *a, **k: kept.append(k) or load_kept(*a, **k))
    by_python = api.check(_fixture_files(), engine="python", today=dt.date(2024, 12, 1))
    by_columns = api.check(_fixture_files(), engine="columnar", today=dt.date(2024, 12, 1))
    assert [k["columns"] for k in kept] == [False, True]
    assert by_python.to_dict() == by_columns.to_dict()


# ---------------------------------------------------------------------------------------------
# Generated exports: the same findings through the columns as through the exact path

_STAFF_IDS = [f"R01-U001-S{n:04d}" for n in range(1, 19)]
_MONDAYS = [f"2024-{m:02d}-{d:02d}" for m, d in ((4, 1), (4, 8), (4, 15), (4, 22), (4, 29),
                                                 (5, 6), (5, 13), (5, 20))]  # fmt: skip
_HOURS = st.sampled_from([0, 7, 7.5, 22.5, 30, 37, 37.5, 39, 41, 42.5, 45, 48.25, 60])
_PERCENT = st.sampled_from([60, 95, 100, 105, 110, 110.5, 111, 115, 120.25, 130])


@st.composite
def _timesheets(draw: st.DrawFn) -> list[dict[str, object]]:
    out = []
    for staff in draw(st.lists(st.sampled_from(_STAFF_IDS), min_size=1, max_size=4,
                               unique=True)):  # fmt: skip
        for week in draw(st.lists(st.sampled_from(_MONDAYS), min_size=1, max_size=6,
                                  unique=True)):  # fmt: skip
            sheet: dict[str, object] = {"staff": staff, "week": week, "hours_worked": draw(_HOURS)}
            if draw(st.booleans()):
                sheet["toil_hours"] = draw(_HOURS)
            if draw(st.booleans()):
                sheet["paid_excess_hours"] = draw(_HOURS)
            out.append(sheet)
    return out


@st.composite
def _wmt(draw: st.DrawFn) -> list[dict[str, object]]:
    out = []
    for staff in draw(st.lists(st.sampled_from(_STAFF_IDS), min_size=1, max_size=3,
                               unique=True)):  # fmt: skip
        for week in _MONDAYS[: draw(st.integers(1, len(_MONDAYS)))]:
            out.append({"staff": staff, "week": week, "percent": draw(_PERCENT)})
    return out


@st.composite
def _upw(draw: st.DrawFn) -> list[dict[str, object]]:
    out = []
    for n in range(draw(st.integers(1, 12))):
        out.append({"id": f"U{n}", "date": draw(st.sampled_from(_MONDAYS)), "site": "Garden",
                    "supervisors": draw(st.lists(st.sampled_from(_STAFF_IDS[14:]), min_size=1,
                                                 max_size=2, unique=True)),
                    "members": draw(st.integers(0, 9)),
                    "contact_hours": draw(st.sampled_from([3, 3.5, 7, 7.5, 8, 9, 10.5]))})
    return out


def _write_ndjson(path: Path, kind: str, section: str, records: list[dict[str, object]]) -> None:
    header = json.dumps({"kind": kind, "unit": "North East", "list": section},
                        separators=(",", ":"))  # fmt: skip
    lines = [json.dumps(r, separators=(",", ":")) for r in records]
    path.write_text("\n".join([header, *lines]) + "\n")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(sheets=_timesheets(), wmt=_wmt(), upw=_upw(), engine=st.sampled_from(["python", "columnar"]))
def test_a_generated_export_gives_the_findings_of_the_exact_path(
    sheets: list[dict[str, object]], wmt: list[dict[str, object]],
    upw: list[dict[str, object]], engine: str, tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workrules.api import check
    from workrules.report import as_json

    folder = tmp_path_factory.mktemp("generated")
    shutil.copy(STAFF, folder / STAFF.name)
    _write_ndjson(folder / "region-01-rota-timesheets.ndjson", "rota", "timesheets", sheets)
    _write_ndjson(folder / "region-01-allocation-wmt.ndjson", "allocation", "wmt", wmt)
    _write_ndjson(folder / "region-01-rota-upw_sessions.ndjson", "rota", "upw_sessions", upw)
    files = sorted(str(p) for p in folder.iterdir())
    with monkeypatch.context() as patch:
        patch.setattr("workrules.dataset._FAST_MIN", 0)
        patch.setattr("workrules.dataset._COLUMNS_MIN", 0)
        fast = as_json(check(files, engine=engine))
        kept = load_kept(files, "tables").of("timesheet")
        patch.setenv("WORKRULES_NO_FAST_LOAD", "1")
        exact = as_json(check(files, engine=engine))
    assert getattr(kept, "tabular", 0) == len(sheets)  # read through the columns
    assert fast == exact
