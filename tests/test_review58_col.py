"""Review 58: hostile columnar exports (attack round 28), on the files in
fixtures/review58/col/ and larger ones made here:

- P1: a Parquet file of a row a row group (a writer flushing every record) took time as the
  square of its rows (100,000: 77 s where one row group took 3.6 s), its footer checked twice;
  it is read as the same rows in one group are, its footer checked once;
- P2: a footer that under-declares its pages' uncompressed sizes let 309 KB decompress into
  3.4 GB before pyarrow refused it in its own words; the pages' own headers are read first;
- P3: a reference of megabytes to no one's id asked difflib for a suggestion it could not
  make (30 MB: 16 s and 1.4 GB);
- P6: texts of JSON, NDJSON and YAML had no bound, where Parquet's and CSV's refuse one over
  131,072 characters; they are refused alike, at their line;
- P5: a Parquet file named .json, .ndjson, .csv or .yaml was refused as badly encoded text,
  at a line it has not; it is told to be named .parquet.
"""

from __future__ import annotations

import json
import shutil
import tracemalloc
from pathlib import Path

import pytest
from conftest import said_on_every_path

from workrules import limits
from workrules.cli import main

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review58" / "col"
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

LONGEST = ("a text of at most 131,072 characters, as a CSV cell may hold: no name, id or note "
           "comes near it")


def _json_out(folder: Path, engine: str, *files: str,
              capsys: pytest.CaptureFixture[str]) -> str:  # fmt: skip
    import os

    here = os.getcwd()
    os.chdir(folder)
    try:
        main(["check", "--no-config", "--today", "2025-03-20", "--format", "json", "--engine",
              engine, *files])  # fmt: skip
    finally:
        os.chdir(here)
    return capsys.readouterr().out


# ------------------------------------------------------- P1: a row a row group, as one group


def _row_groups(folder: Path, rows: int, size: int) -> None:
    ids = [f"X{i:05d}" for i in range(rows)]
    folder.mkdir()
    pq.write_table(pa.table({"id": ids, "grade": ["PO"] * rows,
                             "contracted_hours": [37.0] * rows}), folder / "staff.parquet")
    pq.write_table(pa.table({"staff": ids, "week": ["2025-03-03"] * rows, "hours_worked": [
        41.0 if i % 100 == 7 else 37.0 for i in range(rows)]}), folder / "timesheets.parquet",
        row_group_size=size, write_statistics=False)  # fmt: skip


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_parquet_file_of_a_row_a_row_group_gives_what_the_same_rows_in_one_group_give(
        tmp_path: Path, engine: str, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    _row_groups(tmp_path / "one", 3_000, 3_000)
    _row_groups(tmp_path / "many", 3_000, 1)
    assert pq.read_metadata(tmp_path / "many" / "timesheets.parquet").num_row_groups == 3_000
    one = _json_out(tmp_path / "one", engine, "staff.parquet", "timesheets.parquet",
                    capsys=capsys)  # fmt: skip
    assert len(json.loads(one)["findings"]) == 30  # (41 hours where 37 are contracted)
    assert _json_out(tmp_path / "many", engine, "staff.parquet", "timesheets.parquet",
                     capsys=capsys) == one  # fmt: skip


def test_a_parquet_file_of_many_small_row_groups_is_read_a_slice_at_a_time(
        tmp_path: Path) -> None:  # fmt: skip
    # a chunk a row group, each text column with a dictionary of its own, took twice the time
    # and memory of the rows: 1,024 row groups are made one chunk
    from workrules.tabular import _parquet_table

    _row_groups(tmp_path / "many", 3_000, 1)
    raw = (tmp_path / "many" / "timesheets.parquet").read_bytes()
    table = _parquet_table(raw, "timesheets.parquet")
    assert [table.column(name).num_chunks for name in table.column_names] == [1, 1, 3]
    assert table.column("staff").to_pylist() == [f"X{i:05d}" for i in range(3_000)]


def test_a_parquet_footer_is_checked_once_though_a_check_adds_up_its_rows_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # a check whose files' bounds add up past MAX_CHECK_ROWS reads their footers before any
    # file: the read then checked each footer again (79 s each for 100,000 row groups)
    from workrules import tabular
    from workrules.dataset import load_kept

    _row_groups(tmp_path / "many", 3_000, 1)
    checked: list[int] = []
    real = tabular.parquet_rows

    def counted(metadata: object, path: str, size: int) -> int:
        checked.append(size)
        return real(metadata, path, size)

    monkeypatch.setattr(tabular, "parquet_rows", counted)
    monkeypatch.setattr(tabular, "MAX_CHECK_ROWS", 6_000)  # (the two files' rows, not more)
    monkeypatch.chdir(tmp_path / "many")
    tabular._PASSED.clear()
    load_kept(["staff.parquet", "timesheets.parquet"], "none")
    assert sorted(checked) == sorted(
        (tmp_path / "many" / name).stat().st_size for name in ("staff.parquet",
                                                               "timesheets.parquet"))


def test_the_footer_check_reads_each_row_group_of_the_footer_a_bounded_number_of_times(
        tmp_path: Path) -> None:  # fmt: skip
    # each column's values were counted in a list of every row group's count, made again for
    # each column of each row group: the square of the row groups
    from workrules.tabular import parquet_rows

    _row_groups(tmp_path / "many", 3_000, 1)
    path = tmp_path / "many" / "timesheets.parquet"
    metadata = pq.read_metadata(path)
    seen = {"groups": 0}

    class Counted:
        def __getattr__(self, name: str) -> object:
            return getattr(metadata, name)

        def row_group(self, index: int) -> object:
            seen["groups"] += 1
            return metadata.row_group(index)

    assert parquet_rows(Counted(), str(path), path.stat().st_size) == 3_000
    assert seen["groups"] == 2 * 3_000


# ------------------------------------------------- P2: a footer that under-declares its pages


def test_a_footer_that_under_declares_its_pages_is_refused_by_the_pages_own_headers(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # 100 texts of 100,000 characters, zstd: 10 MB of pages in 2,470 bytes; the footer
    # rewritten to say each column is no larger uncompressed than compressed. The bound is
    # lowered to 1 MB here, as 2.5 GB took 309 KB (the attack's file)
    monkeypatch.setattr(limits, "MAX_FILE_TEXT", 1_000_000)
    lying = "bomb-footer-lies-upw_sessions.parquet"
    assert said_on_every_path([lying], HERE, monkeypatch) == {
        f"{lying}: its pages' own headers give 10,004,125 bytes once uncompressed (its footer "
        "says 1,563); workrules reads at most 1,000,000 bytes from a Parquet file of 2,470 "
        "bytes: a few values compressed over and over, not an export (if it is one, export it "
        "again, in parts)"}


def test_the_honest_twin_of_the_bomb_is_still_refused_from_its_footer(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(limits, "MAX_FILE_TEXT", 1_000_000)
    honest = "bomb-honest-upw_sessions.parquet"
    assert said_on_every_path([honest], HERE, monkeypatch) == {
        f"{honest}: declares 10,004,234 bytes once its pages are uncompressed (in its Parquet "
        "metadata); workrules reads at most 1,000,000 from a Parquet file of 2,477 bytes: a few "
        "values compressed over and over, not an export"}


def test_page_headers_are_added_up_as_pyarrow_reads_them_whatever_the_codec(
        tmp_path: Path) -> None:  # fmt: skip
    # the headers' sizes are the footer's own for an honest file, zstd, gzip or brotli; a
    # chunk stored plain counts its bytes, and one of Snappy 22 times its bytes at most
    from workrules.parquetpages import uncompressed_pages

    table = pa.table({"site": [f"{'x' * 500}{i}" for i in range(2_000)], "n": list(range(2_000))})
    for codec in ("zstd", "gzip", "brotli", "none", "snappy"):
        path = tmp_path / f"{codec}.parquet"
        pq.write_table(table, path, compression=codec, use_dictionary=False,
                       data_page_size=10_000, row_group_size=500)  # fmt: skip
        metadata = pq.read_metadata(path)
        chunks = [metadata.row_group(g).column(c) for g in range(4) for c in range(2)]
        declared = sum(chunk.total_uncompressed_size for chunk in chunks)
        counted = uncompressed_pages(path.read_bytes(), metadata)
        if codec == "snappy":
            assert counted == sum(max(chunk.total_uncompressed_size,
                                      22 * chunk.total_compressed_size) for chunk in chunks)
        else:
            assert counted == declared


def test_page_headers_that_cannot_be_read_end_the_count_without_an_error() -> None:
    from workrules.parquetpages import chunk_pages

    raw = (HERE / "bomb-honest-upw_sessions.parquet").read_bytes()
    assert chunk_pages(raw, 4, 10) == chunk_pages(raw, 4, 1) > 0  # one header, read whole
    for cut in (b"", b"\x15", b"\x15\x02\x15", b"\x19\xfc" + b"\xff" * 20, b"\x1c" * 40):
        assert chunk_pages(cut, 0, len(cut)) == 0


# ------------------------------------------------------------ P3: a reference of megabytes


def test_a_reference_of_megabytes_to_no_ones_id_asks_difflib_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # difflib indexes every character of the word before it scores a choice, and a word over
    # 7/3 of the longest choice scores under its cutoff against each: 50 MB took 70 s, 2.3 GB
    import difflib

    from workrules.errors import closest, did_you_mean

    asked: list[str] = []
    monkeypatch.setattr(difflib, "get_close_matches",
                        lambda word, *a, **k: asked.append(word) or [])  # fmt: skip
    ids = [f"P{i}" for i in range(1, 500)] + ["S1", "U1"]
    tracemalloc.start()
    try:
        assert did_you_mean("P" + "1" * 3_000_000, ids) == ""
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert asked == []
    assert peak < 8 * 3_000_000  # the word folded once or twice, not indexed
    assert closest("P111111", ["P1111111", "P2"]) is None  # (difflib, here, finds nothing)
    assert asked == ["P111111"]  # a word near a choice's length is still asked about


def test_a_staff_reference_of_megabytes_in_ndjson_is_refused_at_its_line_as_a_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    shutil.copy(HERE / "staff.yaml", tmp_path)
    rows = [{"kind": "rota", "list": "timesheets"},
            {"staff": "P1", "week": "2025-03-03", "hours_worked": 41.5},
            {"staff": "P" + "1" * 3_000_000, "week": "2025-03-10", "hours_worked": 37}]
    (tmp_path / "timesheets.ndjson").write_text("\n".join(map(json.dumps, rows)) + "\n")
    assert said_on_every_path(["staff.yaml", "timesheets.ndjson"], tmp_path, monkeypatch) == {
        f"timesheets.ndjson:3: staff: a text of 3,000,001 characters; workrules reads {LONGEST}"}


# -------------------------------------------------- P6: texts of JSON, NDJSON and YAML bounded


def _staff(name: str) -> list[dict[str, object]]:
    return [{"id": "P1", "name": "Priya Shah", "grade": "PO", "contracted_hours": 37},
            {"id": "S1", "name": name, "grade": "SPO", "contracted_hours": 37}]


@pytest.mark.parametrize("suffix", [".json", ".ndjson", ".yaml", ".minified.json"])
def test_a_text_over_the_bound_of_a_csv_cell_is_refused_in_json_ndjson_and_yaml_at_its_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:  # fmt: skip
    import yaml

    name = "Sam " + "Okafor" * 30_000  # 180,004 characters
    doc = {"kind": "staff", "unit": "Tees PDU", "staff": _staff(name)}
    path = tmp_path / f"staff{suffix}"
    if suffix == ".ndjson":
        path.write_text("\n".join(json.dumps(line) for line in [
            {"kind": "staff", "unit": "Tees PDU", "list": "staff"}, *doc["staff"]]) + "\n")
        line = 3
    elif suffix == ".yaml":
        path.write_text(yaml.safe_dump(doc, width=1_000_000, sort_keys=False))
        line = 9
    else:
        path.write_text(json.dumps(doc, indent=None if "minified" in suffix else 1))
        line = 1 if "minified" in suffix else 13
    assert said_on_every_path([path.name], tmp_path, monkeypatch) == {
        f"{path.name}:{line}: name: a text of 180,004 characters; workrules reads {LONGEST}"}


def test_a_text_just_within_the_bound_is_read_in_every_format(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import yaml

    doc = {"kind": "staff", "unit": "Tees PDU", "staff": _staff("é" * 131_072)}
    (tmp_path / "staff.json").write_text(json.dumps(doc))
    (tmp_path / "more.yaml").write_text(yaml.safe_dump(
        {**doc, "staff": _staff("x" * 131_072)[1:]}, width=1_000_000))  # fmt: skip
    assert said_on_every_path(["staff.json"], tmp_path, monkeypatch) == {"['staff']"}
    assert said_on_every_path(["more.yaml"], tmp_path, monkeypatch) == {"['staff']"}


def test_a_long_text_is_found_behind_escaped_quotes_a_key_and_a_list() -> None:
    from workrules.load import long_text

    for data, found in (
        (json.dumps({"note": 'a"b' * 50_000}), (9, 150_000, "note")),
        (json.dumps({"x" * 131_073: 1}), (1, 131_073, "")),
        (json.dumps({"supervisors": ["U1", "y" * 131_073]}), (23, 131_073, "supervisors")),
        (json.dumps(["z" * 131_073]), (1, 131_073, None)),
        (json.dumps({"a": [1] * 100_000}), None),  # long, but no text
        ('{"a": 1' + " " * 200_000 + "}", None),
        ('{"a": "' + 'x\\"' * 100_000, None),  # never closed: refused when read
    ):
        assert long_text(data) == found
        assert long_text(data.encode()) == found


# ------------------------------------------------- P5: a Parquet file named as another format


@pytest.mark.parametrize(("name", "form"), [("timesheets.json", "JSON"),
                                            ("timesheets.ndjson", "NDJSON"),
                                            ("timesheets.csv", "CSV"),
                                            ("timesheets.yaml", "YAML")])  # fmt: skip
def test_a_parquet_file_named_as_another_format_is_told_to_be_named_parquet(
        monkeypatch: pytest.MonkeyPatch, name: str, form: str) -> None:  # fmt: skip
    assert said_on_every_path(["staff.yaml", name], HERE, monkeypatch) == {
        f"{name}: is a Parquet file (it starts as one does), not {form}: name it "
        "timesheets.parquet"}


def test_text_that_starts_with_par1_is_read_as_the_text_it_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (tmp_path / "timesheets.ndjson").write_text('PAR1{"staff": "P1"}\nPAR1')
    assert said_on_every_path(["timesheets.ndjson"], tmp_path, monkeypatch) == {
        "timesheets.ndjson:1: not valid JSON: Expecting value"}


# ------------------------------------------- P4: a byte-order mark before a large NDJSON export


def test_a_byte_order_mark_before_an_ndjson_export_keeps_it_on_the_fast_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # the exact path reads the text after the mark, on the same lines: so does the fast path
    # (a Windows tool's mark sent 102 MB of timesheets the exact way: 56 s where it took 11 s)
    from workrules.arrowload import read_ndjson_columns
    from workrules.fastload import read_fast_ndjson

    lines = [{"kind": "rota", "list": "timesheets"}] + [
        {"staff": "P1" if i % 2 else "S1", "week": f"2025-W{i // 2 + 1:02d}",
         "hours_worked": 41.5 if i == 7 else 37} for i in range(40)]  # fmt: skip
    text = "\n".join(map(json.dumps, lines)) + "\n"
    (tmp_path / "timesheets.ndjson").write_bytes(b"\xef\xbb\xbf" + text.encode())
    shutil.copy(HERE / "staff.yaml", tmp_path)
    marked = read_fast_ndjson(b"\xef\xbb\xbf" + text.encode(), "timesheets.ndjson")
    plain = read_fast_ndjson(text.encode(), "timesheets.ndjson")
    assert [(r.line, r.hours_worked) for r in marked.sections[0][1]] == [
        (r.line, r.hours_worked) for r in plain.sections[0][1]]
    assert read_ndjson_columns(b"\xef\xbb\xbf" + text.encode(), "timesheets.ndjson").kind == "rota"
    assert said_on_every_path(["staff.yaml", "timesheets.ndjson"], tmp_path, monkeypatch) == {
        "['staff', 'timesheet']"}


def test_a_job_descriptions_prose_is_held_to_its_own_bound_not_a_cells(
        tmp_path: Path) -> None:  # fmt: skip
    # a job description's `text` is its prose, up to 262,144 characters (load.MAX_JD_CHARS)
    from workrules.load import long_text, parse_document

    prose = "The post holder supervises a team of Probation Services Officers. " * 3_000
    head = {"kind": "job-description", "title": "Senior Probation Officer", "grade": "SPO"}
    assert 131_072 < len(prose) < 262_144
    assert long_text(json.dumps({**head, "text": prose})) is None
    assert long_text(json.dumps({**head, "text": prose * 2})) == (89, 396_000, "text")
    yaml_jd = "".join(f"{k}: {v}\n" for k, v in head.items()) + f"text: {prose}\n"
    assert parse_document(yaml_jd, "jd.yaml").data["text"] == prose.strip()
