"""An id given in two Parquet files (a national export: one file per region, so the id
column the loader checks is made of one chunk per file) is refused word for word as the exact
path refuses it; ids all different load, on the columns, as the exact path loads them. The
check counts the ids of every file as one column (`lazyrows.vouched`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_lazyrows import _outcome

from workrules.dataset import load_kept
from workrules.errors import InputError, _unpadded

pytest.importorskip("pyarrow")
STAFF = Path(__file__).resolve().parents[1] / "fixtures" / "paddedid" / "clean-staff.csv"


def _meetings(folder: Path, files: list[list[str]]) -> list[str]:
    """MAPPA meetings (kept as columns) with these ids, one Parquet file per list."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = []
    for n, ids in enumerate(files):
        path = folder / f"region-{n:02d}-rota-mappa_meetings.parquet"
        pq.write_table(pa.Table.from_pylist([
            {"id": i, "date": "2024-06-03", "chair": "N1", "type": "review", "level": 2}
            for i in ids]), path)  # fmt: skip
        out.append(str(path))
    return [*out, str(STAFF)]


def _outcomes(files: list[str], monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What loading `files` gives, kept as columns and then on the exact path: the refusal,
    or each record with its file and line (`test_lazyrows._outcome`)."""
    return [_outcome(files, monkeypatch, exact) for exact in (False, True)]


def test_a_meeting_id_given_again_in_another_regions_file_is_refused_as_the_exact_path_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    files = _meetings(tmp_path, [["M1", "M2"], ["M3"], ["M4", "M2"]])
    fast, exact = _outcomes(files, monkeypatch)
    assert fast == exact
    assert isinstance(fast, str) and fast.startswith(f"{files[2]}:2: ") and "M2" in fast


def test_meeting_ids_all_different_across_files_load_from_the_columns(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from workrules.lazyrows import Rows

    files = _meetings(tmp_path, [["M1", "M2"], ["M3"], ["M4", "M5"]])
    assert isinstance(load_kept(files, "all").of("mappa_meeting"), Rows)  # vouched for
    fast, exact = _outcomes(files, monkeypatch)
    assert fast == exact
    assert isinstance(fast, dict)  # (a Parquet record's line is its row, from 1)
    assert [(r.id, file, line) for r, file, line in fast["mappa_meeting"]] == [
        ("M1", files[0], 1), ("M2", files[0], 2), ("M3", files[1], 1), ("M4", files[2], 1),
        ("M5", files[2], 2)]  # fmt: skip


_ID = st.text(st.sampled_from("M0129-"), min_size=1, max_size=3)


@settings(max_examples=30, deadline=None)
@given(files=st.lists(st.lists(_ID, min_size=1, max_size=4), min_size=1, max_size=4))
def test_ids_over_several_files_load_or_are_refused_as_on_the_exact_path(
        files: list[list[str]], tmp_path_factory: pytest.TempPathFactory) -> None:  # fmt: skip
    paths = _meetings(tmp_path_factory.mktemp("ids"), files)
    with pytest.MonkeyPatch.context() as patch:
        fast, exact = _outcomes(paths, patch)
    assert fast == exact
    every = [i for ids in files for i in ids]
    # an id given twice, or two written two ways (`M1`, `M01`: one meeting), is refused
    assert isinstance(fast, str) == (len(set(map(_unpadded, every))) < len(every))


# Timesheets and WMT readings as a Parquet export may give them: optional fields left out of
# a row (null) or empty, weeks and days as text, several files. Each rule's candidates are
# built from the columns field by field (`lazyrows._column_builder`); every record, read by
# place, must be the record the fast path's builder makes of its row, record by record.
_WEEK = st.sampled_from(["2024-W23", "2024-06-10", "2024-W25", "2024-06-24"])
_HOURS = st.one_of(st.none(), st.sampled_from([0, 1.5, 37.5, 40]))
_TIMESHEET = st.fixed_dictionaries({
    "staff": st.sampled_from(["N1", "N2"]), "week": _WEEK,
    "hours_worked": st.sampled_from([30.0, 37.5, 41.25]),
    "toil_hours": _HOURS, "paid_excess_hours": _HOURS})  # fmt: skip
_WMT = st.fixed_dictionaries({
    "staff": st.sampled_from(["N1", "N2"]), "percent": st.sampled_from([80, 101.5, 130]),
    "week": st.one_of(st.none(), st.just(""), _WEEK),
    "date": st.one_of(st.none(), st.sampled_from(["2024-06-03", "2024-06-05"]))})  # fmt: skip


def _exported(folder: Path, name: str, files: list[list[dict[str, object]]]) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    paths = []
    for n, rows in enumerate(files):
        path = folder / f"region-{n:02d}-{name}.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path)
        paths.append(str(path))
    return [*paths, str(STAFF)]


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(["timesheet", "wmt"]), data=st.data())
def test_records_built_from_columns_are_those_the_builder_makes_row_by_row(
        kind: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    from workrules import lazyrows
    from workrules.lazyrows import Rows

    rows = _TIMESHEET if kind == "timesheet" else _WMT
    files = data.draw(st.lists(st.lists(rows, min_size=1, max_size=4), min_size=1, max_size=3))
    if kind == "timesheet":  # one a week for each member of staff
        files = [[dict(r, staff=f"N{n % 2 + 1}", week=f"2024-W{10 + n}") for n, r in
                  enumerate(rows, start=10 * i)] for i, rows in enumerate(files)]  # fmt: skip
    name = "rota-timesheets" if kind == "timesheet" else "allocation-wmt"
    paths = _exported(tmp_path_factory.mktemp("cols"), name, files)
    total = sum(map(len, files))
    places = data.draw(st.lists(st.integers(0, total - 1), unique=True))
    made = []
    for by_column in (True, False):
        with pytest.MonkeyPatch.context() as patch:
            if not by_column:  # the fast path's builder, record by record
                patch.setattr(lazyrows, "_column_builder", lambda kind: None)
            try:
                records = load_kept(paths, "all").of(kind)
            except InputError as err:  # refused alike (a week given twice for one person)
                made.append(str(err))
                continue
            # (a column all null is not vouched for: those records are built on loading)
            taken = records.take(places) if isinstance(records, Rows) else [
                records[i] for i in places]  # fmt: skip
            made.append([(r, type(r), r.file, r.line, [type(getattr(r, f)) for f in
                          r.__struct_fields__]) for r in taken])  # fmt: skip
    assert made[0] == made[1]
    assert lazyrows._column_builder(kind) is not None  # this kind is built by column


def test_parquet_files_read_at_once_are_refused_in_the_order_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read_ahead: list[int]
) -> None:  # fmt: skip
    """Several Parquet files are read on threads at once (`dataset._read_ahead`); with two of
    them broken, the refusal is the first one's as given, as when read one at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    ahead = read_ahead
    good = _meetings(tmp_path, [["M1"], ["M2"]])[:2]
    day = tmp_path / "region-05-rota-mappa_meetings.parquet"
    kind = tmp_path / "region-06-rota-mappa_meetings.parquet"
    meeting = {"id": "M7", "date": "2024-06-03", "chair": "N1", "type": "review", "level": 2}
    pq.write_table(pa.Table.from_pylist([{**meeting, "date": "2024-06-31"}]), day)
    pq.write_table(pa.Table.from_pylist([{**meeting, "id": "M8", "type": "reviw"}]), kind)
    for files, first, words in (([*good, str(day), str(kind)], day, "not a real date"),
                                ([*good, str(kind), str(day)], kind, "did you mean")):
        fast, exact = _outcomes([*files, str(STAFF)], monkeypatch)
        assert fast == exact
        assert isinstance(fast, str) and fast.startswith(f"{first}:1: ") and words in fast, fast
    assert ahead and set(ahead) == {5}
