"""Records kept unbuilt (`lazyrows`: a Parquet export's columns, an NDJSON export's decoded
Structs) are the records the fast path builds: read one by one or all at once, as frames of
the columnar engine, and refused word for word as the exact path refuses them when keys or
references across files are wrong."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.dataset import load_kept
from workrules.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("pyarrow")


def _national(tmp_path_factory: pytest.TempPathFactory, form: str) -> Path:
    out = tmp_path_factory.mktemp(form) / "data"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "national",
                    str(out), "--scale", "0.01", "--weeks", "8", "--format", form],
                   check=True, capture_output=True)  # fmt: skip
    return out


@pytest.fixture(scope="module")
def national_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _national(tmp_path_factory, "parquet")


@pytest.fixture(scope="module", params=["parquet", "ndjson"])
def national_either(request: pytest.FixtureRequest,
                    tmp_path_factory: pytest.TempPathFactory) -> Path:  # fmt: skip
    return _national(tmp_path_factory, request.param)


def _small_files_read_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)  # an NDJSON file at any size


def _outcome(files: list[str], monkeypatch: pytest.MonkeyPatch, exact: bool) -> object:
    with monkeypatch.context() as patch:
        if exact:
            patch.setenv("WORKRULES_NO_FAST_LOAD", "1")
        try:
            data = load_kept(files, "all")
        except InputError as err:
            return str(err)
        return {kind: [(r, r.file, r.line) for r in records]  # type: ignore[attr-defined]
                for kind, records in data.records.items()}  # fmt: skip


def test_records_read_one_by_one_are_those_built_in_bulk(
        national_either: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from workrules.lazyrows import LAZY_KINDS, TABLE_KINDS, Rows

    _small_files_read_fast(monkeypatch)
    files = sorted(str(p) for p in national_either.iterdir())
    lazy, bulk = load_kept(files, "all"), load_kept(files, "none")
    kept = [k for k in lazy.records if isinstance(lazy.of(k), Rows)]
    kinds = TABLE_KINDS if files[0].endswith(".parquet") else LAZY_KINDS  # cases as columns
    assert set(kept) == {k for k in kinds if lazy.of(k)} and "timesheet" in kept
    picker = random.Random(11)
    for kind in kept:
        rows, every = lazy.of(kind), list(bulk.of(kind))
        assert isinstance(rows, Rows)
        places = picker.sample(range(len(rows)), min(40, len(rows)))
        rows.prefetch(places[:20])  # some in bulk, then the rest one at a time
        for i in places:
            assert (rows[i], rows[i].file, rows[i].line) == (every[i], every[i].file,  # type: ignore[attr-defined]
                                                             every[i].line)  # type: ignore[attr-defined]
        first = rows[places[0]]
        assert list(rows) == every and rows[places[0]] is first  # kept when all are built


def test_frames_from_columns_are_the_frames_from_records(
        national_either: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from workrules import model as m
    from workrules.engine import columnar
    from workrules.lazyrows import Rows

    _small_files_read_fast(monkeypatch)
    files = sorted(str(p) for p in national_either.iterdir())
    data = load_kept(files, "all")
    for kind in data.records:
        rows = data.of(kind)
        if not isinstance(rows, Rows):
            continue
        fields = dict(m.KINDS[kind].fields)
        names = sorted(columnar._fields(fields))
        built = list(bulk_of(files, kind))
        for name, from_records in zip(names, columnar._columns(fields, built, names),
                                      strict=True):  # fmt: skip
            from_columns = rows.series(name, *columnar._fields(fields)[name])
            assert from_columns.dtype == from_records.dtype, (kind, name)
            assert from_columns.to_list() == from_records.to_list(), (kind, name)


def bulk_of(files: list[str], kind: str) -> list[object]:
    """The records of `kind` as the load builds them in bulk (a fresh load: reading them all
    would leave the frames to be made from the records)."""
    return list(load_kept(files, "none").of(kind))


def test_a_timesheet_given_in_two_files_is_refused_as_the_exact_path_refuses_it(
    national_either: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    _small_files_read_fast(monkeypatch)
    name = next(p.name for p in national_either.iterdir() if "region-01-rota-timesheets" in p.name)
    shutil.copy(national_either / name, tmp_path / f"again-{name}")
    files = [str(p) for p in sorted(national_either.iterdir()) if p.name.startswith(
        "region-01")] + [str(tmp_path / f"again-{name}")]  # fmt: skip
    fast = _outcome(files, monkeypatch, exact=False)
    assert fast == _outcome(files, monkeypatch, exact=True)
    assert isinstance(fast, str) and "a second timesheet for" in fast


def test_a_staff_id_no_one_has_is_refused_as_the_exact_path_refuses_it(
    national_either: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    _small_files_read_fast(monkeypatch)
    files = [str(p) for p in sorted(national_either.iterdir())
             if p.name.startswith("region-01") and "staff-staff" not in p.name]  # fmt: skip
    files += [str(p) for p in national_either.iterdir() if "region-02-staff-staff" in p.name]
    fast = _outcome(files, monkeypatch, exact=False)
    assert fast == _outcome(files, monkeypatch, exact=True)
    assert isinstance(fast, str) and "is not the id of anyone in the staff lists given" in fast


def test_a_kind_given_as_parquet_and_as_json_loads_as_the_exact_path_loads_it(
    national_parquet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    import pyarrow.parquet as pq

    rows = pq.read_table(national_parquet / "region-02-allocation-wmt.parquet").to_pylist()
    doc = {"kind": "allocation", "wmt": [{k: v for k, v in r.items() if v is not None}
                                         for r in rows[:5]]}  # fmt: skip
    (tmp_path / "more.json").write_text(json.dumps(doc, indent=1))
    files = [str(p) for p in sorted(national_parquet.iterdir()) if p.name.startswith(
        ("region-01", "region-02-staff-staff"))] + [str(tmp_path / "more.json")]  # fmt: skip
    fast = _outcome(files, monkeypatch, exact=False)
    assert isinstance(fast, dict) and fast == _outcome(files, monkeypatch, exact=True)


def test_a_record_given_as_parquet_and_again_as_json_is_refused_as_the_exact_path_refuses_it(
    national_parquet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    import pyarrow.parquet as pq

    rows = pq.read_table(national_parquet / "region-01-allocation-wmt.parquet").to_pylist()
    doc = {"kind": "allocation", "wmt": [{k: v for k, v in r.items() if v is not None}
                                         for r in rows[3:5]]}  # fmt: skip
    (tmp_path / "again.json").write_text(json.dumps(doc, indent=1))
    files = [str(p) for p in sorted(national_parquet.iterdir()) if p.name.startswith(
        "region-01")] + [str(tmp_path / "again.json")]  # fmt: skip
    fast = _outcome(files, monkeypatch, exact=False)
    assert fast == _outcome(files, monkeypatch, exact=True)
    assert isinstance(fast, str) and "a second WMT reading for" in fast


@pytest.mark.parametrize("keep,exact", [("tables", False), ("none", False), ("none", True)])
def test_a_float32_column_is_read_as_written_on_every_path(
        keep: str, exact: bool, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # 37.1 stored as a float32 is 37.099998474121094 as a double: read as the person wrote it
    folder = ROOT / "fixtures" / "colload2"
    if exact:
        monkeypatch.setenv("WORKRULES_NO_FAST_LOAD", "1")
    data = load_kept([str(folder / "float32-staff.parquet"),
                      str(folder / "float32-timesheets.parquet")], keep)  # fmt: skip
    sheets = [(t.staff, t.hours_worked, t.toil_hours, t.line)  # type: ignore[attr-defined]
              for t in data.of("timesheet")]  # fmt: skip
    assert sheets == [("s1", 37.1, 0.1, 1), ("s1", 41.3, 0, 2), ("s2", 7.5, 2.2, 3)]
    assert [s.contracted_hours for s in data.staff.values()] == [37.1, 22.2]


def _verdict(judge: Any) -> str:
    from workrules.fastload import Declined

    try:
        return "vouched" if judge() is not False else "left to the whole check"
    except Declined:
        return "declined"


# good values mostly, so that as many columns are vouched for as declined
_ITEMS = st.sampled_from(["s1", "s2", "s3", "s4"] * 6 + ["", None])
_LISTS = st.lists(st.none() | st.lists(_ITEMS, max_size=3), min_size=1, max_size=5)
_RISK = st.sampled_from(["low", "high"] * 8 + ["", "severe", None])
_SUBJECT = st.fixed_dictionaries({
    "rosh": _RISK, "reoffending": _RISK, "mappa_level": st.sampled_from([0, 3] * 8 + [7, None]),
    "flags": st.none() | st.lists(st.sampled_from(["iom", "ocg", "tact"] * 5 + ["nope", None]),
                                  max_size=2),
})  # fmt: skip
_SUBJECTS = st.lists(st.none() | _SUBJECT, min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(lists=_LISTS, required=st.booleans())
def test_a_list_column_is_vetted_on_its_items_as_value_by_value(
        lists: list[Any], required: bool) -> None:  # fmt: skip
    import pyarrow as pa

    from workrules.fastload import _forms
    from workrules.lazyrows import _vet_nested, _vet_whole

    form = _forms()[1]["rota"]
    t = form.types["upwSession"]["supervisors"]
    column = pa.chunked_array([pa.array(lists, pa.list_(pa.string()))])
    by_items = _verdict(lambda: _vet_nested(form, "upwSession", "supervisors", column, t,
                                            required))  # fmt: skip
    assert by_items == _verdict(
        lambda: _vet_whole(form, "upwSession", "supervisors", lists, t, required))


@settings(max_examples=300, deadline=None)
@given(subjects=_SUBJECTS)
def test_a_nested_record_column_is_vetted_on_its_fields_as_value_by_value(
        subjects: list[Any]) -> None:  # fmt: skip
    import pyarrow as pa

    from workrules.fastload import _forms
    from workrules.lazyrows import _vet_nested, _vet_whole

    form = _forms()[1]["allocation"]
    t = form.types["report"]["subject"]
    kind = pa.struct([("rosh", pa.string()), ("reoffending", pa.string()),
                      ("mappa_level", pa.int64()), ("flags", pa.list_(pa.string()))])
    column = pa.chunked_array([pa.array(subjects, kind)])
    assert _verdict(lambda: _vet_nested(form, "report", "subject", column, t, True)) == _verdict(
        lambda: _vet_whole(form, "report", "subject", column.to_pylist(), t, True))


@settings(max_examples=300, deadline=None)
@given(subjects=st.lists(_SUBJECT, min_size=1, max_size=6), data=st.data())
def test_reports_built_as_a_rules_candidates_are_those_built_in_bulk(
        subjects: list[Any], data: st.DataObject) -> None:  # fmt: skip
    # a nested record (a report's subject) of the rows a rule's candidates name, built from
    # those rows' values (`Chunk.build_rows`, every subject in one conversion), is the record
    # the fast path builds from the whole table (`Chunk.build_all`)
    import pyarrow as pa
    from hypothesis import assume

    from workrules.fastload import Declined
    from workrules.lazyrows import vet

    kind = pa.struct([("rosh", pa.string()), ("reoffending", pa.string()),
                      ("mappa_level", pa.int64()), ("flags", pa.list_(pa.string()))])
    table = pa.table({"id": [f"R{i}" for i in range(len(subjects))],
                      "author": ["s1"] * len(subjects), "type": ["sdr"] * len(subjects),
                      "date": ["2024-06-03"] * len(subjects),
                      "subject": pa.array(subjects, kind)})  # fmt: skip
    try:
        chunk = vet(table, "region-allocation-reports.parquet", "allocation", "reports")
    except Declined:
        assume(False)
    every = chunk.build_all()
    rows = data.draw(st.lists(st.integers(0, len(subjects) - 1), unique=True).map(sorted))
    built = chunk.build_rows(rows)
    assert [(r, r.file, r.line) for r in built] == [(every[i], every[i].file, every[i].line)
                                                    for i in rows]  # fmt: skip


_SESSIONS = st.lists(st.fixed_dictionaries({
    "id": st.sampled_from(["u1", "u2", "ü3"] * 6 + ["", None]),
    "date": st.sampled_from(["2024-01-08", "2024-02-29"] * 6 + ["2023-02-29", "", None]),
    "site": st.sampled_from(["Leeds", "", None]),
    "supervisors": st.lists(_ITEMS, min_size=1, max_size=2),
    "members": st.sampled_from([3, 0] * 6 + [-1, None]),
    "contact_hours": st.sampled_from([7.5, 2.0] * 6 + [-1.0, None]),
}), min_size=1, max_size=4)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(sessions=_SESSIONS)
def test_a_table_vouched_for_on_its_columns_is_one_the_fast_path_builds(
        sessions: list[Any]) -> None:  # fmt: skip
    # `vet` judges each distinct value, or a text column on its lengths; the fast path
    # (`read_fast_columns`) converts every value: the same tables are declined
    import pyarrow as pa

    from workrules.fastload import read_fast_columns
    from workrules.lazyrows import vet
    from workrules.tabular import _columns

    table = pa.Table.from_pylist(sessions, schema=pa.schema([
        ("id", pa.string()), ("date", pa.string()), ("site", pa.string()),
        ("supervisors", pa.list_(pa.string())), ("members", pa.int64()),
        ("contact_hours", pa.float64())]))  # fmt: skip
    path = "region-upw_sessions.parquet"
    on_columns = _verdict(lambda: vet(table, path, "rota", "upw_sessions"))
    built = _verdict(lambda: read_fast_columns(_columns(table), table.num_rows, path, "rota",
                                               "upw_sessions"))  # fmt: skip
    assert on_columns == built


def test_cases_are_kept_as_columns_and_one_closed_before_it_opens_is_refused_exactly(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from workrules.lazyrows import Rows

    folder = ROOT / "fixtures" / "colload2"
    staff = str(folder / "float32-staff.parquet")
    spans = [staff, str(folder / "spans-cases.parquet")]
    assert isinstance(load_kept(spans, "tables").of("case"), Rows)
    assert _outcome(spans, monkeypatch, exact=False) == _outcome(spans, monkeypatch, exact=True)
    early = [staff, str(folder / "closed-early-cases.parquet")]
    refused = _outcome(early, monkeypatch, exact=False)
    assert refused == _outcome(early, monkeypatch, exact=True)
    assert refused == (f"{folder / 'closed-early-cases.parquet'}:3: cases[2] (c3): the case is closed "
                       "(2024-01-01) before it is opened (2024-02-02)")  # fmt: skip
