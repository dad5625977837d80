"""What a hostile or messy export still got through the loaders (fixtures/limits/README.md):
a Parquet file of kilobytes that declares millions of rows or repeats a text of a million
characters, and record ids written two ways.
Each refusal is one line naming the file (and the line or row), word for word the same on
every way a file is read: the exact path, the fast loaders (forced here by setting their
thresholds to 0), the records kept as columns, and both engines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import said_on_every_path
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workrules import limits
from workrules.dataset import load_kept
from workrules.errors import _unpadded, unpadded_all

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "limits"
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

def _said(files: list[str], monkeypatch: pytest.MonkeyPatch, folder: Path = HERE) -> set[str]:
    """What loading `files` (in `folder`) says on every path: the refusal, or the kinds of
    record the data set holds."""
    return said_on_every_path(files, folder, monkeypatch)


def _check(*args: str, engine: str, cwd: Path = HERE,
           env: dict[str, str] | None = None) -> tuple[int, str, str]:  # fmt: skip
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "workrules", "check", "-q", "--no-config",
                           "--format", "text", "--engine", engine, *args], cwd=cwd,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})  # fmt: skip
    return done.returncode, done.stdout, done.stderr


# ---------------------------------------------------------------------------------------------
# A Parquet file that declares more rows than any export holds


def _timesheets(rows: int) -> object:
    """A timesheet table of `rows` rows, all one person's one week: dictionary-encoded, it is
    a few bytes whatever its length."""
    zeros = pa.Array.from_buffers(pa.int32(), rows, [None, pa.py_buffer(bytes(4 * rows))])

    def one(value: object) -> object:
        return pa.DictionaryArray.from_arrays(zeros, pa.array([value]))

    return pa.table({"staff": one("N1"), "week": one("2024-06-03"),
                     "hours_worked": one(37.5)})  # fmt: skip


def _bomb(path: Path, groups: list[int]) -> Path:
    """A Parquet timesheet file of row groups of these sizes."""
    with pq.ParquetWriter(path, _timesheets(1).schema, compression="zstd") as writer:
        for rows in groups:
            writer.write_table(_timesheets(rows), row_group_size=rows)
    return path


def _unread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any Parquet column is decoded."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a column was decoded")

    monkeypatch.setattr(pq.ParquetFile, "read", refuse)
    monkeypatch.setattr(pq, "read_table", refuse)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the staff and a timesheet file one row above the bound, in three row
    groups: a few kilobytes that once took minutes and gigabytes."""
    folder = tmp_path_factory.mktemp("bomb")
    shutil.copy(HERE / "staff.csv", folder)
    half = limits.MAX_FILE_ROWS // 2
    _bomb(folder / "bomb-timesheets.parquet", [half, half, 1])
    return folder


def _too_many(size: int) -> str:
    """Why a Parquet file of `size` bytes that declares too many rows is refused."""
    return (f"workrules reads up to 2,000,000 rows from a Parquet file, and more only from a "
            f"larger file, 8 rows a byte (this one is {size:,} bytes): an export takes more "
            "than an eighth of a byte a row, and more rows than that are a few values repeated "
            "by run-length or dictionary encoding, not records")


def _bomb_said(folder: Path) -> str:
    return ("bomb-timesheets.parquet: declares 2,000,001 rows in its Parquet metadata (row "
            "2,000,001 is in row group 3 of 3); "
            + _too_many((folder / "bomb-timesheets.parquet").stat().st_size))


def test_a_parquet_file_declaring_more_rows_than_a_file_holds_is_refused_unread(
        bomb: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assert (bomb / "bomb-timesheets.parquet").stat().st_size < 100_000
    _unread(monkeypatch)
    assert _said(["staff.csv", "bomb-timesheets.parquet"], monkeypatch, bomb) == {_bomb_said(bomb)}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_parquet_bomb_reaches_the_command_line_as_one_line_and_exit_2(
        bomb: Path, engine: str) -> None:  # fmt: skip
    for env in ({}, {"WORKRULES_NO_FAST_LOAD": "1"}):
        assert _check("staff.csv", "bomb-timesheets.parquet", engine=engine, cwd=bomb,
                      env=env) == (2, "", f"workrules: {_bomb_said(bomb)}\n")  # fmt: skip


def test_a_row_group_declaring_more_rows_than_a_file_holds_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    shutil.copy(HERE / "staff.csv", tmp_path)
    one = _bomb(tmp_path / "one-timesheets.parquet", [5, limits.MAX_FILE_ROWS + 10])
    _unread(monkeypatch)
    assert _said(["staff.csv", "one-timesheets.parquet"], monkeypatch, tmp_path) == {
        "one-timesheets.parquet: declares 2,000,015 rows in its Parquet metadata (row "
        "2,000,001 is in row group 2 of 2); " + _too_many(one.stat().st_size)}


def test_a_file_at_the_bound_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # one person's one week, two million times: read, and refused for what it holds (a
    # second timesheet), not for its size; monkeypatched bound, so the test stays quick
    shutil.copy(HERE / "staff.csv", tmp_path)
    _bomb(tmp_path / "edge-timesheets.parquet", [3])
    monkeypatch.setattr("workrules.limits.MAX_FILE_ROWS", 3)
    monkeypatch.setattr("workrules.limits.ROWS_PER_BYTE", 0)
    assert _said(["staff.csv", "edge-timesheets.parquet"], monkeypatch, tmp_path) == {
        "edge-timesheets.parquet:2: a second timesheet for N1 in the week of 2024-06-03 (the "
        "first is at edge-timesheets.parquet:1), the same in every field; give one row per "
        "person per week"}


def test_a_list_column_declaring_more_items_than_a_file_holds_is_refused_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # one session whose supervisors are N1, 2,000,001 times: 2 KB, and 5,000,000 of them took
    # 37 s and 1.6 GB; the rows bound (one row) does not see it
    shutil.copy(HERE / "staff.csv", tmp_path)
    items = limits.MAX_FILE_ROWS + 1
    names = pa.DictionaryArray.from_arrays(pa.Array.from_buffers(
        pa.int32(), items, [None, pa.py_buffer(bytes(4 * items))]), pa.array(["N1"]))
    supervisors = pa.ListArray.from_arrays(pa.array([0, items], pa.int32()),
                                           names.dictionary_decode())  # fmt: skip
    pq.write_table(pa.table({"id": ["U1"], "date": ["2024-06-03"], "supervisors": supervisors,
                             "members": [5], "contact_hours": [6]}),
                   tmp_path / "list-upw_sessions.parquet", compression="zstd")  # fmt: skip
    assert (tmp_path / "list-upw_sessions.parquet").stat().st_size < 100_000
    said = ("list-upw_sessions.parquet: declares 2,000,001 values of the column 'supervisors' "
            "in its Parquet metadata (value 2,000,001 is in row group 1 of 1); a column's values "
            "(a list column's items too) are held as its rows are: " + _too_many(
                (tmp_path / "list-upw_sessions.parquet").stat().st_size))  # fmt: skip
    assert _check("staff.csv", "list-upw_sessions.parquet", engine="columnar",
                  cwd=tmp_path) == (2, "", f"workrules: {said}\n")  # fmt: skip
    _unread(monkeypatch)
    assert _said(["staff.csv", "list-upw_sessions.parquet"], monkeypatch, tmp_path) == {said}


def _dense(path: Path, rows: int) -> Path:
    """A timesheet file of `rows` rows shaped as a nation's history: 2,500 people, a week each
    over the years, hours that repeat every 97 rows (more regular, so denser, than any real
    export; benchmarks/generate.py national's files are 0.66 bytes a row and more)."""
    people = 2_500
    staff = pa.DictionaryArray.from_arrays(pa.array([i % people for i in range(rows)], pa.int32()),
                                           pa.array([f"N{n}" for n in range(people)]))
    weeks = pa.DictionaryArray.from_arrays(
        pa.array([i // people for i in range(rows)], pa.int32()),
        pa.array([f"{2000 + w // 52}-W{w % 52 + 1:02d}" for w in range(rows // people + 1)]))
    hours = pa.array([30 + (i * 7919 % 97) / 10 for i in range(rows)])
    pq.write_table(pa.table({"staff": staff.cast(pa.string()), "week": weeks.cast(pa.string()),
                             "hours_worked": hours}), path, compression="zstd")  # fmt: skip
    return path


def test_a_dense_parquet_file_of_three_million_rows_is_within_its_bound(tmp_path: Path) -> None:
    # a nation's timesheets of 23 years in one file: 3,000,000 rows in about 800 KB, once
    # refused (above 2,000,000 rows) though a real export; read in full it takes minutes, so
    # its footer is held to the bound here, and a smaller file end to end below
    from workrules.tabular import parquet_rows

    path = _dense(tmp_path / "nation-timesheets.parquet", 3_000_000)
    size = path.stat().st_size
    assert size < 3_000_000 // 2  # denser than the bound's floor, so its bytes vouch for it
    assert parquet_rows(pq.read_metadata(path), str(path), size) == 3_000_000
    assert limits.file_rows(size) == 8 * size > 3_000_000


def test_a_dense_parquet_file_above_the_rows_of_a_file_is_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # the same shape, with the floor lowered to 1,000 rows so that the file's size alone
    # vouches for its 20,000: read on every path, refused only for what it holds
    shutil.copy(HERE / "staff.csv", tmp_path)
    size = _dense(tmp_path / "dense-timesheets.parquet", 20_000).stat().st_size
    monkeypatch.setattr("workrules.limits.MAX_FILE_ROWS", 1_000)
    assert _said(["staff.csv", "dense-timesheets.parquet"], monkeypatch, tmp_path) == {
        "dense-timesheets.parquet:1: timesheet N0 week 2000-01-03: staff 'N0' is not the id of "
        "anyone in the staff lists given; pass the file that lists them too"}
    # and refused, unread, where its bytes are too few for its rows: at one row a byte
    assert 1_000 < size < 20_000
    monkeypatch.setattr("workrules.limits.ROWS_PER_BYTE", 1)
    _unread(monkeypatch)
    assert _said(["staff.csv", "dense-timesheets.parquet"], monkeypatch, tmp_path) == {
        "dense-timesheets.parquet: declares 20,000 rows in its Parquet metadata (row "
        f"{size + 1:,} is in row group 1 of 1); workrules reads up to 1,000 rows from a Parquet "
        f"file, and more only from a larger file, 1 rows a byte (this one is {size:,} bytes): "
        "an export takes more than an eighth of a byte a row, and more rows than that are a "
        "few values repeated by run-length or dictionary encoding, not records"}


def _long(name: str, length: int, row: int, unit: str = "characters") -> str:
    return (f"{name}: a text of {length:,} {unit}; workrules reads a text of at most 131,072 "
            "characters, as a CSV cell may hold: no name, id or note comes near it")


def test_a_parquet_text_of_a_million_characters_in_every_row_is_refused_undecoded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # 50 rows of one name of 1,000,000 characters: a few kilobytes, once 50 MB of text (200
    # rows of 2,000,000: 1.3 GB and 12 s); refused from its dictionary, at the first row
    rows = 50
    pq.write_table(pa.table({"id": [f"N{n}" for n in range(rows)], "grade": ["PO"] * rows,
                             "name": ["N" * 1_000_000] * rows}),
                   tmp_path / "wide-staff.parquet", compression="zstd")  # fmt: skip
    assert (tmp_path / "wide-staff.parquet").stat().st_size < 100_000
    said = "wide-staff.parquet:1: " + _long("name", 1_000_000, 1)
    assert _said(["wide-staff.parquet"], monkeypatch, tmp_path) == {said}
    for engine in ("python", "columnar"):
        assert _check("wide-staff.parquet", engine=engine, cwd=tmp_path) == (
            2, "", f"workrules: {said}\n")


def test_a_long_text_in_a_list_or_a_plain_page_is_refused_at_its_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # an item of a list column, written plain (no dictionary in the file), and a record's field
    shutil.copy(HERE / "staff.csv", tmp_path)
    rows = 6
    roles = [["pta"]] * 3 + [["pta", "é" * 131_073]] + [["pta"]] * 2
    pq.write_table(pa.table({"id": [f"N{n}" for n in range(rows)], "grade": ["PO"] * rows,
                             "roles": roles}), tmp_path / "plain-staff.parquet",
                   use_dictionary=False)  # fmt: skip
    assert _said(["plain-staff.parquet"], monkeypatch, tmp_path) == {
        "plain-staff.parquet:4: " + _long("roles", 131_073, 4)}
    # as many bytes as that but fewer characters: a CSV cell would hold it, and so is it read
    names = ["A"] * 3 + ["é" * 131_072] + ["B"] * 2
    pq.write_table(pa.table({"id": [f"N{n}" for n in range(rows)], "grade": ["PO"] * rows,
                             "name": names}), tmp_path / "plain-staff.parquet",
                   use_dictionary=False)  # fmt: skip
    assert _said(["plain-staff.parquet"], monkeypatch, tmp_path) == {"['staff']"}


def _repeated(path: Path, **written: object) -> Path:
    """A staff file of 2,100 rows whose names are one name of 131,072 characters (as long as a
    CSV cell may be), read back as a text column (no Arrow schema kept)."""
    rows = 2_100
    name = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()),
                                          pa.array(["N" * 131_072]))  # fmt: skip
    pq.write_table(pa.table({"id": [f"N{n}" for n in range(rows)], "grade": ["PO"] * rows,
                             "name": name}), path, store_schema=False, **written)  # fmt: skip
    return path


def test_a_parquet_file_whose_texts_add_up_past_its_bound_is_refused_undecoded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # 2,100 rows of a name of 131,072 characters, each as long as a CSV cell may be: 275 MB of
    # text from a file of kilobytes, refused by its dictionary before it is decoded
    size = _repeated(tmp_path / "long-staff.parquet").stat().st_size
    assert size < 100_000
    assert _said(["long-staff.parquet"], monkeypatch, tmp_path) == {
        "long-staff.parquet: decodes into 275,264,790 bytes of text or more (by its "
        "dictionaries, up to the column 'name'); workrules reads at most 268,435,456 bytes of "
        f"text from a Parquet file of {size:,} bytes: one text repeated in every row by "
        "dictionary encoding, not an export"}


def test_a_parquet_file_whose_pages_uncompress_past_its_bound_is_refused_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # the same texts written without a dictionary: zstd packs 275 MB of pages into kilobytes,
    # each page decompressed whole before it is read; refused from the footer's sizes
    path = _repeated(tmp_path / "packed-staff.parquet", use_dictionary=False,
                     compression="zstd")  # fmt: skip
    size = path.stat().st_size
    assert size < 100_000
    pages = sum(group.column(c).total_uncompressed_size for group in (
        pq.read_metadata(path).row_group(0),) for c in range(3))
    _unread(monkeypatch)
    assert _said(["packed-staff.parquet"], monkeypatch, tmp_path) == {
        f"packed-staff.parquet: declares {pages:,} bytes once its pages are uncompressed (in "
        f"its Parquet metadata); workrules reads at most 268,435,456 from a Parquet file of "
        f"{size:,} bytes: a few values compressed over and over, not an export"}


def test_fixed_length_bytes_too_long_or_too_many_are_refused_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # fixed-length bytes are read with no dictionary: their length and count, from the footer
    for rows, length in ((50, 131_073), (3_000, 100_000)):
        pq.write_table(pa.table({"id": ["N1"] * rows, "grade": ["PO"] * rows, "x": pa.array(
            [b"a" * length] * rows, pa.binary(length))}), tmp_path / "fixed-staff.parquet")
        monkeypatch.undo()
        _unread(monkeypatch)
        size = (tmp_path / "fixed-staff.parquet").stat().st_size
        assert size < 100_000
        assert _said(["fixed-staff.parquet"], monkeypatch, tmp_path) == ({
            "fixed-staff.parquet: x: a column of values of 131,073 bytes each (fixed-length "
            "bytes); workrules reads a value of at most 131,072, as a CSV cell may hold"}
            if rows == 50 else {
            "fixed-staff.parquet: declares 300,000,126 bytes once its pages are uncompressed (in "
            "its Parquet metadata); workrules reads at most 268,435,456 from a Parquet file of "
            f"{size:,} bytes: a few values compressed over and over, not an export"})  # fmt: skip


_WORD = st.text(st.sampled_from("aé\u20ac\U0001f600 "), max_size=12)
_TEXT = st.one_of(st.none(), _WORD)


@settings(max_examples=150, deadline=None)
@given(names=st.lists(_TEXT, min_size=1, max_size=12),
       roles=st.lists(st.one_of(st.none(), st.lists(_WORD, max_size=3)),
                      min_size=12, max_size=12),
       longest=st.integers(1, 12), dictionary=st.booleans(),
       compression=st.sampled_from(["none", "snappy", "zstd"]),
       group=st.integers(1, 12))  # fmt: skip
@example(names=[None, None], roles=[[""], [""], *[None] * 10], longest=1, dictionary=True,
         compression="none", group=1)  # a name column of nulls alone, in two row groups
def test_parquet_texts_are_read_as_written_or_the_first_too_long_is_refused_at_its_row(
        names: list[str | None], roles: list[list[str] | None], longest: int, dictionary: bool,
        compression: str, group: int) -> None:  # fmt: skip
    # texts of any length, written with or without a dictionary, in row groups of any size:
    # within the bound (a CSV cell's, lowered here), the table is the one pyarrow reads; past
    # it, the first too long (column by column, row by row) is refused at its row
    import csv
    import io

    from workrules.errors import InputError
    from workrules.tabular import _as_written, _parquet_table

    roles = roles[: len(names)]
    buffer = io.BytesIO()
    pq.write_table(pa.table({"name": names, "roles": pa.array(roles, pa.list_(pa.string()))}),
                   buffer, use_dictionary=dictionary, compression=compression,
                   row_group_size=group)  # fmt: skip
    raw = buffer.getvalue()
    first = next(((column, row, len(value)) for column, values in (("name", [[n] for n in names]),
                                                                    ("roles", roles))
                  for row, items in enumerate(values, start=1) for value in items or []
                  if value is not None and len(value) > longest), None)  # fmt: skip
    before = csv.field_size_limit(longest)
    try:
        if first is None:
            table = _parquet_table(raw, "p-staff.parquet")
            plain = _as_written(pq.ParquetFile(pa.BufferReader(raw)).read())
            assert table.equals(plain, check_metadata=True)
            # a decoded column is in one chunk, as a plain read gives it (a column of nulls
            # alone, of no type, keeps the dictionary read's chunk a row group: the same nulls)
            texts = [i for i, f in enumerate(plain.schema) if not pa.types.is_null(f.type)]
            assert ([table.column(i).num_chunks for i in texts]
                    == [plain.column(i).num_chunks for i in texts])  # fmt: skip
        else:
            column, row, length = first
            with pytest.raises(InputError) as refused:
                _parquet_table(raw, "p-staff.parquet")
            assert str(refused.value) == (
                f"p-staff.parquet:{row}: {column}: a text of {length:,} characters; workrules "
                f"reads a text of at most {longest:,} characters, as a CSV cell may hold: no "
                "name, id or note comes near it")
    finally:
        csv.field_size_limit(before)


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_parquet_files_declaring_more_rows_than_a_check_reads_are_refused_before_any_is_read(
        tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # 51 files of 2,000,000 rows each: each within the bound of a file, 102M in all
    shutil.copy(HERE / "staff.csv", tmp_path)
    first = _bomb(tmp_path / "r00-timesheets.parquet", [limits.MAX_FILE_ROWS])
    names = ["staff.csv", first.name]
    for n in range(1, 51):
        shutil.copy(first, tmp_path / f"r{n:02d}-timesheets.parquet")
        names.append(f"r{n:02d}-timesheets.parquet")
    said = ("r50-timesheets.parquet: brings the rows of this check's Parquet files to "
            "102,000,000 (by their metadata); a check reads at most 100,000,000: check the data "
            "in parts (a region at a time)")  # fmt: skip
    assert _check(*names, engine=engine, cwd=tmp_path) == (2, "", f"workrules: {said}\n")
    # and in a folder, as `workrules check exports/` walks it
    assert _check(".", engine=engine, cwd=tmp_path) == (
        2, "", f"workrules: {said.replace('r50', './r50', 1)}\n")
    if engine == "python":
        _unread(monkeypatch)
        assert _said(names, monkeypatch, tmp_path) == {said}


# ---------------------------------------------------------------------------------------------
# Record ids that differ only in case or in the zeros that pad a number


def _two_ways(noun: str, second: str, first: str, where: str, one: str = "") -> str:
    return (f"{second} and {noun} {first} (at {where}) differ only in case or in the zeros "
            f"that pad a number; write one {noun}'s id the same way in every file ('{first}'), "
            f"and give two {one or noun + 's'} ids that differ in more than that")


def _case(second: str, first: str, where: str) -> str:
    return _two_ways("case", f"case {second}", first, where)


CASES = [
    # the first case is in cases.csv: CRN123 at line 2, C7 at line 3
    ("lower-case-allocation.yaml", "lower-case-allocation.yaml:4: " + _case(
        "crn123", "CRN123", "cases.csv:2")),
    ("padded-allocation.json", "padded-allocation.json:4: " + _case(
        "C007", "C7", "cases.csv:3")),
    ("lower-cases.ndjson", "lower-cases.ndjson:3: " + _case("Crn123", "CRN123", "cases.csv:2")),
    ("padded-cases.csv", "padded-cases.csv:3: " + _case("C07", "C7", "cases.csv:3")),
    ("lower-cases.parquet", "lower-cases.parquet:2: " + _case(
        "crn123", "CRN123", "cases.csv:2")),
    ("padded-cases.parquet", "padded-cases.parquet:2: " + _case(
        "C0007", "C7", "cases.csv:3")),
]  # fmt: skip


@pytest.mark.parametrize(("file", "said"), CASES, ids=[f for f, _ in CASES])
def test_a_case_id_written_two_ways_is_refused_alike_on_every_path(
        file: str, said: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assert _said(["staff.csv", "cases.csv", file], monkeypatch) == {said}


PARQUET_PAIRS = [
    # both kept as columns: the pair is found on the columns, and the refusal is the exact
    # path's
    ("lower-cases.parquet", "lower-cases.parquet:2: " + _case(
        "crn123", "CRN123", "first-cases.parquet:1")),
    ("padded-cases.parquet", "padded-cases.parquet:2: " + _case(
        "C0007", "C7", "first-cases.parquet:2")),
]  # fmt: skip


@pytest.mark.parametrize(("file", "said"), PARQUET_PAIRS, ids=[f for f, _ in PARQUET_PAIRS])
def test_a_case_id_written_two_ways_in_two_parquet_exports_is_refused(
        file: str, said: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assert _said(["staff.csv", "first-cases.parquet", file], monkeypatch) == {said}
    for engine in ("python", "columnar"):
        assert _check("staff.csv", "first-cases.parquet", file, engine=engine) == (
            2, "", f"workrules: {said}\n")


OTHERS = [
    ("twice-mappa-rota.yaml", "twice-mappa-rota.yaml:4: " + _two_ways(
        "MAPPA meeting", "MAPPA meeting m300", "M300", "twice-mappa-rota.yaml:3")),
    ("twice-upw-rota.yaml", "twice-upw-rota.yaml:4: " + _two_ways(
        "unpaid work session", "unpaid work session U0001", "U1", "twice-upw-rota.yaml:3")),
    ("twice-programme-rota.yaml", "twice-programme-rota.yaml:4: " + _two_ways(
        "programme session", "programme session bbr-01", "BBR-1",
        "twice-programme-rota.yaml:3")),
    ("twice-reports-allocation.yaml", "twice-reports-allocation.yaml:4: " + _two_ways(
        "pre-sentence report", "pre-sentence report psr-2024-1", "PSR-2024-0001",
        "twice-reports-allocation.yaml:3")),
    ("twice-sfo-allocation.yaml", "twice-sfo-allocation.yaml:4: " + _two_ways(
        "SFO review", "SFO review f700", "F700", "twice-sfo-allocation.yaml:3")),
    ("twice-incidents-staff.yaml", "twice-incidents-staff.yaml:6: " + _two_ways(
        "incident", "incident inc-010", "INC-10", "twice-incidents-staff.yaml:5")),
]  # fmt: skip


@pytest.mark.parametrize(("file", "said"), OTHERS, ids=[f for f, _ in OTHERS])
def test_any_record_id_written_two_ways_is_refused(
        file: str, said: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assert _said(["staff.csv", file], monkeypatch) == {said}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_case_id_written_two_ways_reaches_the_command_line_as_one_line_and_exit_2(
        engine: str) -> None:  # fmt: skip
    for file, said in (CASES[0], CASES[2], CASES[4], OTHERS[0]):
        assert _check("staff.csv", "cases.csv", file, engine=engine) == (
            2, "", f"workrules: {said}\n")


def test_ids_that_differ_in_more_than_case_and_padding_are_read(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # C7 and C70, CRN123 and C8: different cases, kept as columns on the fast paths
    assert _said(["staff.csv", "first-cases.parquet", "seventy-cases.csv"], monkeypatch) == {
        "['case', 'staff']"}
    from workrules.lazyrows import Rows

    monkeypatch.chdir(HERE)  # a Parquet export alone stays as its columns: vouched for
    assert isinstance(load_kept(["staff.csv", "first-cases.parquet"], "all").of("case"), Rows)


# ---------------------------------------------------------------------------------------------
# Record ids with a character that does not show


def _hidden(noun: str, shown: str, named: str, clean: str) -> str:
    return (f"{noun} id '{shown}' holds {named}, which does not show: read as it is, it is "
            f"another id than '{clean}'; write '{clean}'")


HIDDEN = [
    ("hidden-staff.yaml", "hidden-staff.yaml:4: " + _hidden(
        "staff member", "N3\\u200b", "U+200B ZERO WIDTH SPACE", "N3")),
    ("hidden-allocation.json", "hidden-allocation.json:4: " + _hidden(
        "case", "C7\\u2060", "U+2060 WORD JOINER", "C7")),
    ("hidden-cases.csv", "hidden-cases.csv:3: " + _hidden(
        "case", "\\u200bC9", "U+200B ZERO WIDTH SPACE", "C9")),
    ("hidden-cases.ndjson", "hidden-cases.ndjson:3: " + _hidden(
        "case", "C9\\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE", "C9")),
    ("hidden-cases.parquet", "hidden-cases.parquet:2: " + _hidden(
        "case", "C\\u00ad9", "U+00AD SOFT HYPHEN", "C9")),
]  # fmt: skip


@pytest.mark.parametrize(("file", "said"), HIDDEN, ids=[f for f, _ in HIDDEN])
def test_an_id_with_a_character_that_does_not_show_is_refused_alike_on_every_path(
        file: str, said: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # `N3` and `N3` with a zero-width space were two people, each with part of the hours
    assert _said(["staff.csv", file], monkeypatch) == {said}
    for engine in ("python", "columnar"):
        assert _check("staff.csv", file, engine=engine) == (2, "", f"workrules: {said}\n")


def test_every_format_character_is_one_that_does_not_show() -> None:
    import sys
    import unicodedata

    from workrules.dataset import HIDDEN as RANGES
    from workrules.errors import _UNPRINTABLE

    listed = {c for a, b in RANGES for c in range(a, b + 1)}
    assert {c for c in range(sys.maxunicode + 1)
            if unicodedata.category(chr(c)) == "Cf"} <= listed  # fmt: skip
    # of them, only the bidirectional controls and the control characters that are no blank
    # are written as escapes by every report; an id is refused for them all the same: in the
    # data file they do not show (review 40, attack round 22)
    assert {c for c in listed if _UNPRINTABLE.match(chr(c))} == {
        0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A),
        *range(0x00, 0x09), *range(0x0E, 0x1C), *range(0x7F, 0x85), *range(0x86, 0xA0)}


# (U+13439 to U+1343F are format characters from Unicode 15, listed before Python knows them)
@given(st.text(st.characters(blacklist_characters=[chr(c) for c in range(0x13439, 0x13440)]),
               max_size=6))  # fmt: skip
def test_an_id_is_named_as_holding_a_character_that_does_not_show_exactly_when_it_does(
        value: str) -> None:  # fmt: skip
    import unicodedata

    from workrules.dataset import UNSEEN, hidden
    from workrules.errors import _UNPRINTABLE

    def unseen(c: str) -> bool:  # (review 27: the Hangul fillers, variation selectors, ...)
        return any(a <= ord(c) <= b for a, b in UNSEEN)

    def control(c: str) -> bool:  # (attack round 22: DEL, escape, ...; not a blank)
        return unicodedata.category(c) == "Cc" and not c.isspace()

    assert (hidden(value) is not None) == any(
        (unicodedata.category(c) == "Cf" and not _UNPRINTABLE.match(c)) or unseen(c)
        or control(c) for c in value)


# ---------------------------------------------------------------------------------------------
# The folding of ids in bulk is the folding of each id

_ID = st.text(st.sampled_from("0012389aAbB.-\n\u00dfS\u0130\u017f "), max_size=8)


@given(st.lists(_ID, max_size=30))
def test_ids_folded_in_bulk_are_folded_as_one_by_one(ids: list[str]) -> None:
    assert unpadded_all(ids) == list(map(_unpadded, ids))


@settings(max_examples=300)
@given(st.lists(_ID, max_size=30, unique=True))
def test_ids_told_apart_without_folding_each_fold_apart(ids: list[str]) -> None:
    from workrules.errors import surely_apart

    if surely_apart(ids):
        assert len(set(map(_unpadded, ids))) == len(ids)


@settings(max_examples=200)
@given(st.lists(_ID, max_size=30, unique=True))
def test_ids_written_two_ways_are_found_on_the_columns_as_on_the_records(
        ids: list[str]) -> None:  # fmt: skip
    import polars as pl

    from workrules.lazyrows import _written_two_ways

    assert _written_two_ways(pl.Series(ids, dtype=pl.String)) == (
        len(set(map(_unpadded, ids))) != len(ids))


# ---------------------------------------------------------------------------------------------
# Memory asked for in proportion to the file, never the bound


def test_a_file_is_read_in_full_and_one_byte_past_its_bound_at_most() -> None:
    import io

    from workrules.load import _read_up_to

    # as large as fstat said: all of it, with no more asked for
    assert _read_up_to(io.BytesIO(b"x" * 10), 10, 100) == b"x" * 10
    # grown since fstat: read on to its end, or to one past the bound, which refuses it
    assert _read_up_to(io.BytesIO(b"x" * 10), 4, 100) == b"x" * 10
    assert _read_up_to(io.BytesIO(b"x" * 10), 4, 6) == b"x" * 7
    # shrunk since: what is there
    assert _read_up_to(io.BytesIO(b"x" * 3), 10, 100) == b"x" * 3


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs setrlimit (POSIX)")
@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_small_export_is_checked_under_a_limit_on_address_space(engine: str) -> None:
    # a CSV, JSON, NDJSON or Parquet file may be up to 2 GiB, and reading it once asked for
    # all of that at once: under `ulimit -v` (a CI sandbox) a check of two rows was an
    # internal error (MemoryError, exit 70)
    import subprocess
    import sys

    resource = pytest.importorskip("resource")

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run([sys.executable, "-m", "workrules", "check", "-q", "--no-config",
                           "--format", "text", "--engine", engine, "staff.csv", "cases.csv"],
                          cwd=HERE, capture_output=True, text=True, check=False,
                          preexec_fn=limited)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("cases.csv:3: case-role-boundary-risk-unknown [7a] N2 (PSO) "
                                  "was allocated case C7 with no risk of serious harm recorded")


@pytest.mark.parametrize(("name", "named"), [
    ("S1\ufe0f", "U+FE0F VARIATION SELECTOR-16"),  # not a format character: a mark
    ("S1\u3164", "U+3164 HANGUL FILLER"),  # a letter
    ("S1\u00ad", "U+00AD SOFT HYPHEN"),  # a format character, as before
    ("S1\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
])  # fmt: skip
def test_a_suggestion_names_every_character_an_id_may_not_hold_for_not_showing(
        name: str, named: str) -> None:  # fmt: skip
    # the suggestion for a dangling id named only format characters (Unicode's Cf), where an
    # id is refused for any that `dataset.HIDDEN` holds: `S1` with U+FE0F was "did you mean
    # 'S1'?", two names that look the same, with nothing to tell them apart
    from workrules.errors import did_you_mean

    assert did_you_mean(name, ["S1", "S2"]) == (
        f" (did you mean 'S1'? The name given holds {named}, which does not show.)")
