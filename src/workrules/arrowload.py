"""Large NDJSON exports, and the lists of large JSON documents written one record a line,
read straight into Arrow columns, as a Parquet export's are, so the columnar engine runs on
them as it does on Parquet (`lazyrows.Rows.tabular`), building only each rule's candidates
as records.

pyarrow's JSON reader reads a list's records (one a line) into a table with the data
model's types (`arrow_schema`, made from the fast path's typed form), refusing a key given
twice, a field the record does not have, and a value of the wrong kind (a text for a number,
a number for a text, a fraction for a whole number, a lone surrogate, bytes that are not
UTF-8). The table is then vetted as a Parquet table is (`lazyrows.vet`: patterns, lengths,
ranges, dates, unique items, required fields); the keys and references across files are
checked on the columns by `dataset.build_dataset`, as for Parquet.

It is exact by declining, as the fast path is: whatever pyarrow would read otherwise than
the exact path, the file is left to `fastload.read_fast_ndjson` (and, when that declines,
to the exact path, which says what is wrong and where, in the same words as ever):

- `null`, and an empty text (`""`): pyarrow reads both as a value not given, where the
  exact path refuses the one and keeps the other as a value. Either declines.
- Numbers: a field that may be a whole number or a fraction is read as a double, so `37`
  and `37.0` would read alike (the exact path keeps an int and a float apart, and reports
  each as written). A double's whole values are built as ints (`lazyrows.Chunk.whole`),
  which is what was written as long as no number is written as a whole number with a
  fraction part or an exponent (`37.0`, `1e2`), or as minus zero: any of those declines.
- Lines: every line after the header starts a record, and the records are as many as the
  lines (no blank line, no record over two lines, no two records on one line). A record's
  line is the header's line plus its place, as on the fast path.

A JSON document's lists are read so by `read_json_columns` (which says how); what it cannot
vouch for is left to `fastload.read_fast`, and from there to the exact path.

Imported only for a JSON or NDJSON export of 64 KiB or more in a load of
`dataset._COLUMNS_MIN` bytes of them, when records may be kept unbuilt.
"""

from __future__ import annotations

import re
import typing
from typing import Any

import msgspec

from . import datamodel as dm
from .fastload import Built, Declined, _Form, _name_not_ascii, ndjson_header, unmarked
from .load import refuse_long_text

# A number a double cannot say how it was written: a whole number with a fraction part or
# an exponent (`37.0`, `1e2`, `2.5E1`). A text that holds the same bytes only declines.
_FRACTION_ZERO = r"\.0+[^0-9]"
_EXPONENT = r"[eE][-+0-9]"

# Bytes a block of pyarrow's reader: it parses the blocks of one file on its threads, so a
# file in blocks of 1 MiB is read on every core (a region's 7 MB of timesheets, on two
# cores: half the wall time of one 64 MiB block, the same CPU). A record longer than a
# block is refused by the reader, and the file declines to the exact path.
_BLOCK = 1 << 20


def _arrow_type(t: Any, form: _Form, whole: list[str] | None = None, name: str = "") -> Any:
    """The Arrow type the typed form's `t` is read as; Declined for one it has none for."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    if typing.get_origin(t) is typing.Annotated:
        t = typing.get_args(t)[0]
    origin = typing.get_origin(t)
    if t is str:
        return pa.string()
    if t is int:
        return pa.int64()
    if t is bool:
        return pa.bool_()
    if origin is typing.Literal:
        values = typing.get_args(t)
        if all(isinstance(v, str) for v in values):
            return pa.string()
        if all(type(v) is int for v in values):
            return pa.int64()
        raise Declined
    if origin is tuple:
        return pa.list_(_arrow_type(typing.get_args(t)[0], form))
    if isinstance(t, type) and issubclass(t, msgspec.Struct):
        types = form.types[t.__name__]
        return pa.struct([(f, _arrow_type(types[f], form)) for f in t.__struct_fields__])
    args = typing.get_args(t)
    bare = [typing.get_args(a)[0] if typing.get_origin(a) is typing.Annotated else a
            for a in args]  # fmt: skip
    if bare == [int, float]:  # a whole number or a fraction: a double, ints made again
        if whole is None:
            raise Declined  # (inside a list or a nested record)
        whole.append(name)
        return pa.float64()
    raise Declined


def arrow_schema(form: _Form, ref: str) -> tuple[Any, list[str]]:
    """The Arrow schema of the records `ref` of `form`, and its fields of whole numbers or
    fractions (read as doubles)."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    cls = form.structs[ref]
    types = form.types[ref]
    whole: list[str] = []
    fields = [(f, _arrow_type(types[f], form, whole, f)) for f in cls.__struct_fields__]
    return pa.schema(fields), whole


def _whole(body: Any) -> Any:
    """`body` (a pyarrow Buffer) as the one value of an Arrow array, in place (no copy)."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    offsets = pa.array([0, body.size], pa.int64()).buffers()[1]
    return pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, body])


def _found(body: Any, pattern: str) -> bool:
    """Whether `pattern` (RE2's syntax) matches somewhere in `body` (a pyarrow Buffer): RE2
    over the bytes in place, several times as fast as `re` (a literal is found at memchr's
    speed), letting go of the GIL."""
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    return bool(pc.match_substring_regex(_whole(body), pattern)[0].as_py())


def _lines(body: Any) -> Any:
    """`body` (a pyarrow Buffer) without the comma of each comma, newline and `{`: the bytes
    `bytes.replace` makes, made by Arrow with no copy of `body` first, letting go of the GIL
    (the other reading thread, and the merging of the documents read before, go on
    meanwhile)."""
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    return pc.replace_substring(_whole(body), ",\n{", "\n{")[0].as_buffer()


def _has_empty_text(array: Any) -> bool:
    """Whether a column (or a list's items, or a nested record's fields) holds `""`."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    t = array.type
    if pa.types.is_string(t):
        return bool(pc.any(pc.equal(array, "")).as_py())
    if pa.types.is_list(t):
        return _has_empty_text(pc.list_flatten(array))
    if pa.types.is_struct(t):
        return any(_has_empty_text(pc.struct_field(array, [i])) for i in range(t.num_fields))
    return False


def _negative_zero(column: Any) -> bool:
    """Whether a column of doubles holds -0.0 (which an int would read as 0)."""
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    zeros = pc.if_else(pc.equal(column, 0.0), column, 1.0)
    return bool(pc.any(pc.less(pc.divide(1.0, zeros), 0.0)).as_py())


def read_table(body: Any, schema: Any, whole: list[str]) -> Any:
    """Records, one a line from the first byte of `body` (a pyarrow Buffer, each of whose
    lines is known to start with `{`), as a table of `schema` (whose fields `whole` are whole
    numbers or fractions, read as doubles); Declined where it cannot be vouched for."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.json as pj  # type: ignore[import-untyped,import-not-found,unused-ignore]

    # nothing reads as null
    if _found(body, "null") or (
            whole and (_found(body, _FRACTION_ZERO) or _found(body, _EXPONENT))):  # fmt: skip
        raise Declined
    try:
        table = pj.read_json(
            pa.BufferReader(body),
            read_options=pj.ReadOptions(block_size=_BLOCK),
            parse_options=pj.ParseOptions(explicit_schema=schema,
                                          unexpected_field_behavior="error"),
        )  # fmt: skip
    except (pa.ArrowException, UnicodeDecodeError):
        raise Declined from None
    if any(_has_empty_text(column) for column in table.columns) \
            or any(_negative_zero(table.column(name)) for name in whole):  # fmt: skip
        raise Declined
    # a field no record gives is no column (as in a Parquet export without it)
    empty = [n for n in table.column_names if table.column(n).null_count == table.num_rows]
    return table.drop_columns(empty) if empty else table


def read_ndjson_columns(raw: bytes, path: str) -> Built:
    """An NDJSON export's records kept as Arrow columns (a `lazyrows.Chunk` over a table);
    Declined when they cannot be vouched for so."""
    from .lazyrows import TABLE_KINDS, vet

    raw = unmarked(raw)
    refuse_long_text(raw, path)  # (as the exact path refuses it)
    _, kind, section, record_kind, form, top, end = ndjson_header(raw)
    if record_kind not in TABLE_KINDS or not raw.endswith(b"\n") or raw[end + 1:end + 2] != b"{":
        raise Declined
    try:
        import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise Declined from None
    ref = form.root["properties"][section]["items"]["$ref"].rsplit("/", 1)[1]
    schema, whole = arrow_schema(form, ref)
    # every line starts a record (a newline followed by anything but `{` is a blank line or a
    # record written over lines): each newline but the last, the file's, is of a `\n{`
    # (counted at memchr's speed: a regular expression takes three times as long)
    lines = raw.count(b"\n", end + 1)
    if raw.count(b"\n{", end) != lines:
        raise Declined
    table = read_table(pa.py_buffer(raw).slice(end + 1), schema, whole)
    # as many records as lines, each line starting one: no line holds two
    if table.num_rows != lines:
        raise Declined
    chunk = vet(table, path, kind, section)
    chunk.first = 2
    chunk.whole = frozenset(whole)
    sections: list[tuple[str, Any]] = [(k, chunk if k == record_kind else [])
                                       for k in dm.LISTS[kind].values()]  # fmt: skip
    if _name_not_ascii(top):
        raise Declined  # the exact path looks at it, and says where it is (dataset)
    return Built(path, kind, top, sections)


# A line that opens a list whose records follow, one a line: it ends `"name":[`
_OPENER = re.compile(rb'"([a-z_]+)":\[\Z')


def read_json_columns(raw: bytes, path: str, lazy: bool = False) -> Built:
    """A JSON document written one record a line (as large exports are), its lists of the
    kinds kept as columns read into Arrow columns as an NDJSON export's are, the rest by the
    fast path; Declined when it cannot be vouched for so.

    Each such list's records are cut out of the document: the lines from the one after its
    opener (`"name":[`) to its last record's, the line after which must start with `]`. Every
    line but the last must end with the comma between two records (`,` then the newline):
    without it, the lines are NDJSON, read by `read_table` (a line is a record, so a key
    given twice within a record is refused there). What is left of the document (each cut
    list left empty) is decoded and checked by `fastload.read_fast`, which counts its keys (a
    top-level key given twice, or an unknown one, declines) and the lines of every list in
    the whole document (`_first_lines`), and takes each cut list's records, at the line where
    they start."""
    from .fastload import _forms, _other_lines, read_fast
    from .lazyrows import TABLE_KINDS, vet

    raw = unmarked(raw)
    if raw[:1] != b"{":
        raise Declined
    refuse_long_text(raw, path)  # (as the exact path refuses it)
    try:
        import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise Declined from None
    others = _other_lines(raw)
    # each list with records: its name, its opener's newline, the newline after its last
    # record, and how many lines that start no record come before it
    lists: list[tuple[str, int, int, int]] = []
    for index, at in enumerate([-1, *others]):
        end = raw.find(b"\n", at + 1)
        close = others[index] if index < len(others) else -1
        if end < 0 or end == close:
            continue  # a line that starts no record follows
        opener = _OPENER.search(raw, at + 1, end)
        if opener is None or close < 0 or raw[close + 1:close + 2] != b"]":
            raise Declined  # a layout this does not know
        lists.append((opener[1].decode(), end, close, index))
    try:
        kind = msgspec.json.decode(_cut(raw, [(a + 1, b + 1) for _, a, b, _ in lists]))["kind"]
        sections = dm.LISTS[kind]
        form = _forms()[1][kind]
    except (msgspec.DecodeError, KeyError, TypeError, RecursionError):  # nested thousands deep
        raise Declined from None
    kept: dict[str, Any] = {}
    cut: list[tuple[int, int]] = []
    # the newlines from each list's opener's to its last record's: its records, a newline
    # before each (for `_first_lines` too, which counts them otherwise)
    counted: dict[tuple[int, int], int] = {}
    records_before = 0  # newlines before here that start a record
    buffer = pa.py_buffer(raw)
    for section, end, close, index in lists:
        first = index + records_before + 2  # the line of its first record
        start, stop = end + 1, close + 1
        if sections.get(section) not in TABLE_KINDS:  # decoded with the rest
            counted[end, close] = raw.count(b"\n", end, close)
            records_before += counted[end, close]
            continue
        if section in kept or not raw.startswith(b"}\n", stop - 2):
            raise Declined  # a list given twice; a comma after the last record
        # every newline between its records starts a record (`others` holds none of them):
        # it is followed by `{` and comes after a `,` or a `[` (`_NOT_A_RECORD`), or after
        # either and a `\r`. With no `\r` and no `[\n` among them (found at memchr's speed),
        # each is the middle of a `,\n{`, whose comma `_lines` drops: the records are as many
        # as the commas dropped and one
        body = buffer.slice(start, stop - start)
        if raw.find(b"\r", start, stop) >= 0 or _found(body, "\\[\n"):
            raise Declined
        lines = _lines(body)
        count = counted[end, close] = 1 + body.size - lines.size
        records_before += count
        try:
            ref = form.root["properties"][section]["items"]["$ref"].rsplit("/", 1)[1]
        except (KeyError, TypeError):
            raise Declined from None
        schema, whole = arrow_schema(form, ref)
        table = read_table(lines, schema, whole)
        if table.num_rows != count:
            raise Declined  # a line holding two records
        chunk = vet(table, path, kind, section)
        chunk.first = first
        chunk.whole = frozenset(whole)
        kept[section] = chunk
        cut.append((start, stop))
    if not kept:
        raise Declined
    return read_fast(raw, path, lazy, _cut(raw, cut), kept, others, counted)


def _cut(raw: bytes, spans: list[tuple[int, int]]) -> bytes:
    """`raw` without the bytes of `spans` (ascending, apart)."""
    parts = []
    at = 0
    for start, stop in spans:
        parts.append(raw[at:start])
        at = stop
    parts.append(raw[at:])
    return b"".join(parts)
