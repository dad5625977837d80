"""Records kept as the columns they were read from (a Parquet export, or a large NDJSON
export read into Arrow columns by `arrowload`), built only when read.

A national export holds millions of records, and the columnar engine reads them as columns:
building a Python record for each (as the fast path does, `fastload.read_fast_columns`) costs
more than every rule. Here a Parquet file's list is checked whole, on its columns, and kept
as its pyarrow table (a `Chunk`); `Rows`, a sequence of the records of one kind over the
chunks of every file, builds a record when it is read: one by one when asked for by place
(the evidence of a finding), all of a chunk at once when iterated (the Python engine). The
columnar engine takes its frames from the columns themselves (`Rows.series`).

The checks are those of the fast path, made on each column's distinct values instead of on
every value (a type, a length, a pattern, a date or week, an enum: each judged value by
value, so judging each distinct value once gives the same verdict), and on whole columns for
lists and nested records. Whatever they cannot vouch for raises `Declined`, and the file is
read as before: on the fast path, and when that declines, on the exact path, which says what
is wrong and where. Only record kinds that need nothing of a whole record are kept so
(`LAZY_KINDS`: no whole-record step and no named conversion, keyed by their own fields), and
from Parquet cases too, whose one whole-record step is made on the columns (`TABLE_KINDS`); the
checks across files (the same key twice, a staff id no one has) are made on the columns by
`dataset.build_dataset`, and when one fails the whole load is read again on the exact path,
so a refusal is word for word the one it always was.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import math
import operator
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, overload

import msgspec

from . import datamodel as dm
from .builders import BY_TYPE, _BadValue, builder
from .fastload import Declined, _build, _Form, _forms, _structs

# Record kinds kept as columns: every field checked alone, no whole-record step (`check`), no
# named conversion, and a key of the record's own fields (establishment and unallocated
# entries take their unit from the file; the staff are merged by id across files).
LAZY_KINDS = frozenset(
    k.name for k in dm.RECORD_KINDS
    if not k.check and not any(f.convert for f in k.fields)
    and k.name not in ("staff", "job_description", "establishment", "unallocated")
)  # fmt: skip
# A Parquet export keeps these kinds as columns: those above, and cases, whose whole-record
# step (a case closed before it is opened) `vet` makes on the columns.
TABLE_KINDS = LAZY_KINDS | {"case"}


class Chunk:
    """One file's records of one kind, checked: a Parquet export's pyarrow table (or a large
    NDJSON export's, `arrowload`), or an NDJSON export's decoded Structs."""

    __slots__ = ("days", "first", "form", "path", "record_kind", "ref", "size", "structs",
                 "table", "whole")  # fmt: skip

    def __init__(self, table: Any, path: str, record_kind: str, form: _Form, ref: str,
                 days: dict[str, dict[str, dt.date]], structs: list[Any] | None = None,
                 first: int = 1) -> None:  # fmt: skip
        self.table = table
        self.path = path
        self.record_kind = record_kind
        self.form = form
        self.ref = ref  # the name of the record's Struct in `form`
        self.size = len(structs) if structs is not None else int(table.num_rows)
        self.days = days  # date or week field -> each distinct value given -> its day
        # an NDJSON export's records as decoded and checked (`fastload.read_fast_ndjson`),
        # where an empty text is a value; in a table (no Structs) it is a value not given
        self.structs = structs
        self.first = first  # the line of the first record
        # number columns read as doubles whose whole values were written as whole numbers (an
        # NDJSON export's, `arrowload`): built as ints, as the exact path reads them
        self.whole: frozenset[str] = frozenset()

    def build_all(self) -> list[Any]:
        """Every record, built in bulk as the fast path builds them (the first at line
        `first`: a Parquet row's line is its row, an NDJSON record's its line)."""
        if self.structs is not None:
            build = builder(self.record_kind, attr=True)
            return list(map(build, self.structs, itertools.repeat(self.path),
                            itertools.count(self.first)))  # fmt: skip
        columns = {n: _shared(self.table.column(n), n in self.whole)
                   for n in self.table.column_names}  # fmt: skip
        return _build(self.record_kind, _structs(self.form, self.ref, columns, self.size),
                      self.path, self.first, self.form)  # fmt: skip

    def build_rows(self, indices: list[int]) -> list[Any]:
        """The records in rows `indices` (from 0, ascending), built from those rows' values
        (checked already, so taken as they are: not given is UNSET, a list a tuple, a nested
        record its Struct) by the builder the fast path runs."""
        if self.structs is not None:
            build = builder(self.record_kind, attr=True)
            return [build(self.structs[i], self.path, i + self.first) for i in indices]
        import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

        cls = self.form.structs[self.ref]
        types = self.form.types[self.ref]
        build = builder(self.record_kind, attr=True)
        unset = msgspec.UNSET
        rows = self.table.take(pa.array(indices, type=pa.int64()))
        columns: list[list[Any]] = []
        for name in cls.__struct_fields__:
            if name not in rows.column_names:
                columns.append([unset] * len(indices))
                continue
            values = rows.column(name).to_pylist()
            t = types[name]
            if isinstance(t, type) and issubclass(t, msgspec.Struct):  # (in one call: a
                # call a record was half the time of a national check's 26k reports built)
                given = [None if v is None else {k: x for k, x in v.items() if x is not None}
                         for v in values]  # fmt: skip
                values = msgspec.convert(given, _list_of(t | None))
            elif dm.BY_NAME[self.record_kind].field(name).type == "list":
                values = [None if v is None else tuple(v) for v in values]
            else:
                if None in values or "" in values:  # (a scan in C: most columns have none)
                    values = [unset if v is None or v == "" else v for v in values]
                if name in self.whole:
                    values = list(map(_as_written, values))
            columns.append(values)
        path, first = self.path, self.first
        lines = list(map(first.__add__, indices))
        by_column = _column_builder(self.record_kind)
        if by_column is not None:
            return by_column(dict(zip(cls.__struct_fields__, columns, strict=True)), path, lines)
        return [build(cls(*args), path, line)
                for args, line in zip(zip(*columns, strict=True), lines, strict=True)]


# what builds records from their columns: (field -> its values, the file, each record's line)
ColumnBuilder = Callable[[dict[str, list[Any]], str, list[int]], list[Any]]
_BY_COLUMN: dict[str, ColumnBuilder | None] = {}


def _column_builder(record_kind: str) -> ColumnBuilder | None:
    """What builds the records of `record_kind` column by column: each field's values
    made as the kind's builder makes them (`builders.builder_source`: a text shared, a
    value not given its default, a date or week its day), each step a call in C over the
    column where it can be, then each record made from its values by place. None for a kind
    with a whole-record step, a named conversion or a nested record: those are built record
    by record. (A rule's candidates on national data, 200k records: about 0.03 s less CPU
    than record by record, benchmarks/README.md.)"""
    if record_kind in _BY_COLUMN:
        return _BY_COLUMN[record_kind]
    from . import builders as b
    from . import model as m

    kind = dm.BY_NAME[record_kind]
    cls = m.KINDS[record_kind].cls
    made: ColumnBuilder | None = None
    names = {*(f.name for f in kind.fields), "file", "line"}  # the record's fields, all given
    if not kind.check and not any(f.convert or f.type == "record" for f in kind.fields) \
            and set(getattr(cls, "__struct_fields__", ())) == names:  # fmt: skip
        made = functools.partial(_built_by_column, cls, kind.fields, b._SHARED, b.BY_TYPE,
                                 {"date": b._DATES.get, "week": b._WEEKS.get})  # fmt: skip
    _BY_COLUMN[record_kind] = made
    return made


def _built_by_column(cls: Any, fields: tuple[dm.Field, ...], shared: dict[Any, Any],
                     by_type: dict[str, Any], known: dict[str, Any],
                     columns: dict[str, list[Any]], path: str, lines: list[int]
                     ) -> list[Any]:  # fmt: skip
    from .builders import _SHARED_TYPES

    unset = msgspec.UNSET
    values: dict[str, Any] = {"file": itertools.repeat(path), "line": lines}
    for f in fields:
        column = columns[f.name]
        if f.type in _SHARED_TYPES:  # one string object for each text repeated
            column = list(map(shared.setdefault, column, column))
        conv = by_type.get(f.type) if f.type != "list" else None  # a list: a tuple already
        name = f.name
        if not f.required:
            default = f.default
            column = [default if x is unset else x if x is None or conv is None
                      else conv(x, name) for x in column]  # fmt: skip
        elif conv is not None and f.type in known:  # a date or week: its day, known once
            days = list(map(known[f.type], column))
            if None in days:
                days = [d if d is not None else conv(x, name) for d, x in zip(
                    days, column, strict=True)]  # fmt: skip
            column = days
        elif conv is not None:
            column = [conv(x, name) for x in column]
        values[name] = column
    return list(map(cls, *(values[name] for name in cls.__struct_fields__)))


def _as_written(value: Any) -> Any:
    """A double read from JSON as it was written: a whole value as an int (`arrowload`)."""
    return int(value) if value.__class__ is float and value.is_integer() else value


def _shared(column: Any, whole: bool = False) -> list[Any]:
    """A column's values, a number given many times (hours, a WMT level) one object: a
    national export's timesheets hold three million numbers of a few hundred values. With
    `whole`, a double's whole values are ints (as written in JSON, `arrowload`)."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    values: list[Any] = column.to_pylist()
    # -0.0 equals 0.0 but is written otherwise: a column with one is left as it is
    if pa.types.is_floating(column.type) and not pc.any(pc.less(
            pc.divide(1.0, pc.if_else(pc.equal(column, 0.0), column, 1.0)), 0.0)).as_py():
        seen: dict[Any, Any] = {}
        values = list(map(seen.setdefault, values, map(_as_written, values) if whole
                          else values))  # fmt: skip
    elif whole:
        values = list(map(_as_written, values))
    return values


class Rows(Sequence[Any]):
    """The records of one kind over the chunks of every file, in the order of the files,
    each built when first read and kept (so a record read twice is the same object)."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks
        self.starts = [0]
        for chunk in chunks:
            self.starts.append(self.starts[-1] + chunk.size)
        self._all: list[Any] | None = None
        self._one: dict[int, Any] = {}
        self._series: dict[str, Any] = {}  # a frame's column, made once

    def __len__(self) -> int:
        return self.starts[-1]

    @property
    def tabular(self) -> int:
        """How many of the records are kept as a table's columns (a Parquet export's, or an
        NDJSON export's read into Arrow columns), not yet built: the columnar engine's frames
        are those columns (`engine.choice`)."""
        return sum(c.size for c in self.chunks if c.structs is None and c.table is not None)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if self._all is not None:
            return self._all[index]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        record = self._one.get(index)
        if record is None:
            self.prefetch([index])
            record = self._one[index]
        return record

    def prefetch(self, indices: Any) -> None:
        """Build the records in places `indices` not built yet, in bulk (a rule's candidates,
        before they are read one by one)."""
        if self._all is not None:
            return
        wanted = sorted({i for i in indices if i not in self._one})
        for at, chunk in enumerate(self.chunks):
            lo, hi = self.starts[at], self.starts[at + 1]
            mine = wanted[bisect.bisect_left(wanted, lo):bisect.bisect_left(wanted, hi)]
            if mine:
                built = chunk.build_rows([i - lo for i in mine])
                self._one.update(zip(mine, built, strict=True))

    def take(self, indices: list[int]) -> list[Any]:
        """The records in places `indices` (from 0), those not built yet built in bulk."""
        if self._all is not None:
            return list(map(self._all.__getitem__, indices))
        self.prefetch(indices)
        return list(map(self._one.__getitem__, indices))

    def __iter__(self) -> Iterator[Any]:
        return iter(self.built())

    def __eq__(self, other: object) -> bool:
        """Equal to a sequence of the same records (a tuple of them, as loaded otherwise)."""
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(map(operator.eq, self, other))

    __hash__ = None  # type: ignore[assignment]

    def built(self) -> list[Any]:
        """Every record (built in bulk the first time), keeping those already built."""
        if self._all is None:
            records: list[Any] = []
            for chunk in self.chunks:
                records.extend(chunk.build_all())
                chunk.structs = chunk.table = None  # each freed once built: a lower peak
            for index, record in self._one.items():
                records[index] = record
            self._all, self._one = records, {}
            # the columns are no longer needed: frames come from the records
            self.chunks, self._series = [], {}
        return self._all

    def values(self, name: str) -> list[Any]:
        """Every record's field `name`, in order: the records' own once they are built, else
        the chunks' column, building no record (a check over every record, `dataset.values`)."""
        if self._all is not None or not self.chunks:
            return list(map(operator.attrgetter(name), self.built()))
        from . import model as m

        t = m.KINDS[self.chunks[0].record_kind].fields[name]
        return list(self.series(name, name, "", t).to_list())

    def values_in(self, name: str, wanted: set[Any]) -> set[Any] | None:
        """The values of field `name` (a list field's items) that are in `wanted`, found on
        the chunks' column without a list of every record's value (`dataset.values_in`); None
        once the records are built (read them then)."""
        if self._all is not None or not self.chunks:
            return None
        import polars as pl

        from . import model as m

        t = m.KINDS[self.chunks[0].record_kind].fields[name]
        column = self.series(name, name, "", t)
        if isinstance(column.dtype, pl.List):
            column = column.explode()
        return set(column.filter(column.is_in(list(wanted))).unique().to_list())

    def places_in(self, name: str, wanted: set[Any]) -> list[int] | None:
        """The places of the records whose field `name` (or an item of it, a list field) is in
        `wanted`, found on the chunks' column (`dataset.places_in`); None once the records are
        built."""
        if self._all is not None or not self.chunks:
            return None
        import polars as pl

        from . import model as m

        t = m.KINDS[self.chunks[0].record_kind].fields[name]
        column = self.series(name, name, "", t)
        found = column.list.eval(pl.element().is_in(list(wanted))).list.any() if isinstance(
            column.dtype, pl.List) else column.is_in(list(wanted))  # fmt: skip
        return list(found.fill_null(False).arg_true().to_list())

    def places_during(self, name: str, day: str, spans: Mapping[Any, list[tuple[Any, Any]]]
                      ) -> list[int] | None:  # fmt: skip
        """The places, in order, of the records whose field `name` (an item of it, a list
        field) is a key of `spans` and whose date field `day` is within one of that key's
        (first, last) days, found by a join of the chunks' columns (`dataset.places_during`);
        None once the records are built."""
        if self._all is not None or not self.chunks:
            return None
        import polars as pl

        from . import model as m

        fields = m.KINDS[self.chunks[0].record_kind].fields
        named = self.series(name, name, "", fields[name])
        frame = pl.DataFrame({"k": named, "d": self.series(day, day, "", fields[day])}
                             ).with_row_index("i")  # fmt: skip
        if isinstance(named.dtype, pl.List):
            frame = frame.explode("k")
        rows = [(k, first, last) for k, each in spans.items() for first, last in each]
        wanted = pl.DataFrame(rows, schema={"k": frame.schema["k"], "first": pl.Date,
                                            "last": pl.Date}, orient="row")  # fmt: skip
        found = frame.join(wanted, on="k").filter(
            (pl.col("d") >= pl.col("first")) & (pl.col("d") <= pl.col("last")))
        return list(found.get_column("i").unique().sort().to_list())

    def distinct(self, name: str) -> set[Any] | None:
        """The distinct values of field `name` (not a list), found on the chunks' column
        without a list of every record's value (`dataset.distinct`); None once the records
        are built."""
        if self._all is not None or not self.chunks:
            return None
        from . import model as m

        t = m.KINDS[self.chunks[0].record_kind].fields[name]
        return set(self.series(name, name, "", t).unique().to_list())

    def values_at(self, name: str, places: list[int]) -> list[Any] | None:
        """The field `name` of the records at `places`, read from the chunks' column, no
        record built (`dataset.values_at`); None once the records are built."""
        if self._all is not None or not self.chunks:
            return None
        from . import model as m

        t = m.KINDS[self.chunks[0].record_kind].fields[name]
        return list(self.series(name, name, "", t).gather(places).to_list())

    def places_matching(self, wanted: Mapping[str, set[Any]]) -> list[int] | None:
        """The places (from 0) of the records whose every field named in `wanted` (none a
        list) has one of its values, found on the chunks' columns (`dataset.places_matching`); None
        once the records are built."""
        if self._all is not None or not self.chunks:
            return None
        from . import model as m

        fields = m.KINDS[self.chunks[0].record_kind].fields
        mask = None
        for name, values in wanted.items():
            column = self.series(name, name, "", fields[name])
            hit = column.is_in(list(values)).fill_null(False)
            mask = hit if mask is None else mask & hit
        return [] if mask is None else list(mask.arg_true().to_list())

    def places_unset(self, name: str) -> list[int] | None:
        """The places (from 0) of the records that leave the field `name` out (`subject.rosh`:
        a nested record's field, as the columnar engine names its column), found on the
        chunks' column (`dataset.places_unset`); None once the records are built."""
        if self._all is not None or not self.chunks:
            return None
        from . import model as m

        field, _, sub = name.partition(".")
        t = m.KINDS[self.chunks[0].record_kind].fields[field]
        if sub:
            t = m.NESTED[t.record][sub]
        return list(self.series(name, field, sub, t).is_null().arg_true().to_list())

    def low_values(self, key: str, field: str, least: float
                   ) -> tuple[list[tuple[Any, Any]], int] | None:  # fmt: skip
        """((key, value) of the records above 0 whose key has no record of `field` at `least`
        or more, the number of keys), found on the chunks' columns (`dataset.worked_as_days`);
        None once the records are built."""
        if self._all is not None or not self.chunks:
            return None
        import polars as pl

        from . import model as m

        fields = m.KINDS[self.chunks[0].record_kind].fields
        frame = pl.DataFrame({"k": self.series(key, key, "", fields[key]),
                              "v": self.series(field, field, "", fields[field])})  # fmt: skip
        some = frame.filter(pl.col("v") >= least).get_column("k").unique()
        low = frame.filter(~pl.col("k").is_in(some.to_list()) & (pl.col("v") > 0))
        return (list(zip(low.get_column("k").to_list(), low.get_column("v").to_list(),
                         strict=True)), frame.get_column("k").n_unique())  # fmt: skip

    def untoiled_weeks(self, key: str, when: str, field: str, zero: str, wanted: set[Any],
                       unset: str) -> list[tuple[Any, Any, Any]] | None:  # fmt: skip
        """(key, when, value) of the records above 0 and without `unset` whose key is in
        `wanted` and has no record with `zero` above 0, found on the chunks' columns
        (`dataset.untoiled_weeks`); None once the records are built."""
        if self._all is not None or not self.chunks:
            return None
        import polars as pl

        from . import model as m

        fields = m.KINDS[self.chunks[0].record_kind].fields
        frame = pl.DataFrame({"k": self.series(key, key, "", fields[key]),
                              "w": self.series(when, when, "", fields[when]),
                              "v": self.series(field, field, "", fields[field]),
                              "z": self.series(zero, zero, "", fields[zero]),
                              "u": self.series(unset, unset, "", fields[unset])})  # fmt: skip
        theirs = frame.filter(pl.col("k").is_in(list(wanted)))
        some = theirs.filter(pl.col("z") > 0).get_column("k").unique()
        weeks = theirs.filter(~pl.col("k").is_in(some.to_list()) & (pl.col("v") > 0)
                              & pl.col("u").is_null())  # fmt: skip
        return list(zip(weeks.get_column("k").to_list(), weeks.get_column("w").to_list(),
                        weeks.get_column("v").to_list(), strict=True))  # fmt: skip

    def series(self, column: str, name: str, sub: str, t: Any) -> Any:
        """A frame's column (`engine.columnar`) from the chunks' columns: the values its
        records have, as `columnar._column` makes them from records."""
        hit = self._series.get(column)
        if hit is None:
            hit = self._series[column] = self._made_series(column, name, sub, t)
        return hit

    def _made_series(self, column: str, name: str, sub: str, t: Any) -> Any:
        import polars as pl

        from .engine.columnar import _dtype

        parts = []
        run: list[Chunk] = []  # tables one after another with this column, of one type

        def typed() -> None:  # the run's columns joined, made the records' values at once
            if run:
                parts.append(_table_series(run, column, name, sub, t))
                run.clear()

        for chunk in self.chunks:
            if chunk.structs is not None:
                typed()
                parts.append(_struct_series(chunk, column, name, sub, t))
            elif name not in chunk.table.column_names:
                typed()
                field = dm.BY_NAME[chunk.record_kind].field(name)
                value = None if sub else _frame_value(field.default, t)
                # one value repeated in polars (a list default, a case's `flags`, made from a
                # Python list of 1.1 million empty lists took 3.6 s of a national check)
                one = pl.Series(column, [value], dtype=_dtype(t))
                parts.append(one.new_from_index(0, chunk.size) if chunk.size else one.clear())
            else:
                if run and run[0].table.schema.field(name).type != \
                        chunk.table.schema.field(name).type:  # fmt: skip
                    typed()
                run.append(chunk)
        typed()
        return pl.concat(parts) if parts else pl.Series(column, [], dtype=_dtype(t))


def _table_series(run: list[Chunk], column: str, name: str, sub: str, t: Any) -> Any:
    """A frame's column from the same column of tables one after another (of one type)."""
    import polars as pl
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    joined = pa.chunked_array([part for chunk in run for part in chunk.table.column(name).chunks],
                              type=run[0].table.schema.field(name).type)  # fmt: skip
    s = pl.from_arrow(joined)
    assert isinstance(s, pl.Series)
    field = dm.BY_NAME[run[0].record_kind].field(name)
    whole = None
    if sub:  # a nested record's field; no nested record, no value
        whole = s.is_null()
        field = dm.NESTED_KINDS[field.record].field(sub)
        if sub in s.struct.fields:
            s = s.struct.field(sub)
        else:  # an export whose nested records give no such field: its default, as built
            from .engine.columnar import _dtype

            s = pl.Series(sub, [None] * len(s), dtype=_dtype(t))
    days = None
    if any(name in chunk.days for chunk in run):  # a date or week: each text's day
        days = {text: day for chunk in run for text, day in chunk.days.get(name, {}).items()}
    return _typed_series(s.alias(column), field, t, days, whole)


def _frame_value(value: Any, t: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if t.name == "number" and value is not None:
        return float(value)
    return value


def _typed_series(s: Any, field: dm.Field, t: Any, days: dict[str, dt.date] | None,
                  whole: Any) -> Any:  # fmt: skip
    """One table column as its records' values: not given (null, or an empty text) is the
    field's default; a date or week is its day; a number a float; a list a list."""
    import polars as pl

    from .engine.columnar import _dtype

    dtype = _dtype(t)
    frame = pl.DataFrame({"v": s})
    v = pl.col("v")
    if t.name == "list":
        out = v.cast(dtype)
        given = v.is_not_null()
    elif s.dtype == pl.String:
        given = v.is_not_null() & (v != "")
        if days is not None:
            out = v.replace_strict(list(days), list(days.values()), default=None,
                                   return_dtype=pl.Date)  # fmt: skip
        else:
            out = v.cast(dtype)
    else:
        given = v.is_not_null()
        out = v.cast(dtype)
    if field.required and whole is None:  # `vet` saw a value in every row
        return frame.select(out.alias(s.name)).to_series()
    default = _frame_value(field.default, t)
    out = pl.when(given).then(out).otherwise(pl.lit(default, dtype=dtype))
    if whole is not None:
        frame = frame.with_columns(pl.Series("_none", whole))
        out = pl.when(pl.col("_none")).then(pl.lit(None, dtype=dtype)).otherwise(out)
    return frame.select(out.alias(s.name)).to_series()


def vouched(rows: Rows, record_kind: str, key: tuple[str, ...], staff: Any) -> bool:
    """Whether no two of `rows` have the same key (`dataset.KEY_FIELDS`: a date or week as
    its day) and every staff id they name is someone's in `staff`: checked on the columns,
    as `dataset._add_unique` and `dataset._check_references` check records."""
    import polars as pl
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from . import model as m

    types = m.KINDS[record_kind].fields
    texts = _text_columns(rows, key)
    if texts is not None:  # an id, as given in every table: as many distinct ids as rows
        ids = pl.from_arrow(texts)  # (polars counts them in half the time pyarrow does)
        assert isinstance(ids, pl.Series)
        # counted as one chunk: polars counts a column of a dozen files' chunks (one per
        # region) three to four times slower than the same column made one (measured on
        # national data, benchmarks/README.md)
        ids = ids.rechunk()
        if ids.n_unique() != len(rows) or _padded(ids) or _written_two_ways(texts):
            return False
    else:
        keys = pl.DataFrame([rows.series(f, f, "", types[f]) for f in key])
        # equal keys hash alike: as many hashes as rows, no key twice (a chance collision
        # only sends the load to the exact path, which finds no duplicate and loads it)
        if keys.select(pl.struct(pl.all()).hash(7).n_unique()).item() != len(rows):
            return False
        if key == ("id",) and (_padded(keys["id"]) or _written_two_ways(keys["id"])):
            return False
    for field in dm.BY_NAME[record_kind].fields:
        if not field.refers:
            continue
        for chunk in rows.chunks:
            if chunk.structs is not None:  # an NDJSON export's: every value, as decoded
                get = operator.attrgetter(field.name)
                found = set(map(get, chunk.structs)) if field.type != "list" else set(
                    itertools.chain.from_iterable(map(get, chunk.structs)))
                found.discard(msgspec.UNSET)
                if not all(map(staff.__contains__, found)):
                    return False
                continue
            if field.name not in chunk.table.column_names:
                continue
            column = chunk.table.column(field.name)
            if field.type == "list":
                column = pc.list_flatten(column)
            named = set(pc.unique(column).to_pylist())
            named.discard(None)
            if field.type != "list":
                named.discard("")  # not given
            if not all(map(staff.__contains__, named)):
                return False
    return True


def _padded(ids: Any) -> bool:
    """Whether an id (of a polars text Series) has a blank at its start or its end, as
    `str.strip` sees one (`dataset.BLANKS`): the exact path refuses it (`'N1 '`, from a
    spreadsheet, would be a second case beside `N1`), and says which and why. A regex
    anchored at both ends (a third faster than comparing with `str.strip_chars`). So too an
    id with a character that does not show, or that looks like an ASCII letter or digit
    (`dataset.lookalike`): both are outside ASCII, and only such ids are looked at again."""
    from .dataset import BLANKS, HIDDEN, lookalike
    from .tabular import SCIENTIFIC_ID

    blank = "[" + "".join(f"\\x{{{ord(c):04X}}}" for c in BLANKS) + "]"
    not_space = "[" + "".join(f"\\x{{{ord(c):04X}}}" for c in BLANKS if c != " ") + "]"
    # (`4.41235E+11`: a spreadsheet's number; blanks in a row inside, or a blank that is not
    # a space: `dataset.padding`)
    suspect = f"^{blank}|{blank}$|{blank}{blank}|{not_space}|^{SCIENTIFIC_ID}$"
    # beyond ASCII, or a control character (a DEL inside: attack round 22)
    looked = "[^\\x00-\\x7F]|[\\x00-\\x08\\x0E-\\x1B\\x7F]"
    if not ids.str.contains(f"{suspect}|{looked}").any():
        return False
    if ids.str.contains(suspect).any():
        return True
    unseen = "[" + "".join(f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in HIDDEN) + "]"
    odd = ids.filter(ids.str.contains(looked)).unique()
    return bool(odd.str.contains(unseen).any()) or any(
        lookalike(value) is not None for value in odd.to_list())


def _written_two_ways(ids: Any) -> bool:
    """Whether two ids (each given once: a pyarrow text array, or a polars text Series)
    differ only in case or in the zeros that pad a number: the exact path refuses them
    (`dataset._refuse_written_two_ways`: `CRN123` and `crn123` would be two cases), and says
    which and where.

    Folding every id (`errors._unpadded`) is a regex match for each zero-padded number, a
    second or more on national data. Most columns are told apart as `errors.surely_apart`
    tells a list (a prefix's runs of one width), here on the Arrow column; the others by
    each id's folded prefix and its run's number."""
    import polars as pl
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from .errors import unpadded_all

    if isinstance(ids, pl.Series):
        ids = ids.to_arrow()
    if isinstance(ids, pa.ChunkedArray):
        ids = ids.combine_chunks()
    prefix = pc.ascii_rtrim(ids, "0123456789")  # (UTF-8 is read as bytes: only ASCII digits go)
    coded = pc.dictionary_encode(prefix)
    names = coded.dictionary.to_pylist()
    folded = unpadded_all(names)
    if any(p[-1:] == "." and p[:-1].isdigit() for p in names):  # a whole number written `12.0`
        return len(set(unpadded_all(ids.to_pylist()))) != len(ids)
    codes: dict[str, int] = {}
    lookup = pa.array([codes.setdefault(f, len(codes)) for f in folded], pa.uint64())
    if len(codes) == len(names):  # each prefix folds to its own: is each run of one width?
        width = pc.subtract(pc.binary_length(ids), pc.binary_length(prefix)).cast(pa.uint64())
        key = pc.add(pc.shift_left(coded.indices.cast(pa.uint64()), 32), width)
        if pc.count_distinct(key).as_py() == len(names):
            return False
    texts, runs = pl.from_arrow(ids), pl.from_arrow(prefix)
    assert isinstance(texts, pl.Series) and isinstance(runs, pl.Series)
    digits = texts.str.slice(runs.str.len_chars())
    number = digits.cast(pl.Int64, strict=False)  # no digits: null
    if (number.is_null() & (digits != "")).any():  # more digits than a number holds
        return len(set(unpadded_all(ids.to_pylist()))) != len(ids)
    code = pl.from_arrow(pc.take(lookup, coded.indices))
    keys = pl.DataFrame({"p": code, "n": number})
    return bool(keys.select(pl.struct("p", "n").n_unique()).item() != len(ids))


def _text_columns(rows: Rows, key: tuple[str, ...]) -> Any:
    """A key of one text field (an id, never empty: `vet` saw to it), given in every table of
    `rows`, as one Arrow column; None for any other key."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    if len(key) != 1 or not rows.chunks or any(
            c.structs is not None or key[0] not in c.table.column_names for c in rows.chunks):
        return None
    if dm.BY_NAME[rows.chunks[0].record_kind].field(key[0]).type != "id":
        return None
    parts = [c.table.column(key[0]) for c in rows.chunks]
    if any(not pa.types.is_string(p.type) for p in parts):
        return None
    return pa.chunked_array([chunk for part in parts for chunk in part.chunks], pa.string())


# ---------------------------------------------------------------------------------------------
# Checking a table on its columns


def vet(table: Any, path: str, kind: str, section: str) -> Chunk:
    """A Parquet table's records of a kind kept as columns, checked as the fast path checks
    them; Declined when it cannot vouch for them (the file is then read as before)."""
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from .tabular import _plain_type

    forms = _forms()[1]
    record_kind = dm.LISTS.get(kind, {}).get(section)
    if record_kind not in TABLE_KINDS or kind not in forms or not table.num_rows:
        raise Declined
    if not all(_plain_type(field.type) for field in table.schema):
        raise Declined
    form = forms[kind]
    ref = form.root["properties"][section]["items"]["$ref"].rsplit("/", 1)[1]
    cls = form.structs[ref]
    types = form.types[ref]
    names = table.column_names
    if not set(names) <= types.keys() or len(set(names)) != len(names):
        raise Declined  # an unknown column: the exact path says which, and what was meant
    required = cls.__struct_fields__[: len(cls.__struct_fields__) - len(cls.__struct_defaults__)]
    if not set(required) <= set(names):
        raise Declined
    fields = {f.name: f for f in dm.BY_NAME[record_kind].fields}
    patterns = dict(form.patterns.get(ref, ()))
    days: dict[str, dict[str, dt.date]] = {}
    for name in names:
        t = types[name]
        column = table.column(name)
        nested = column.type.num_fields > 0  # a list or struct column (of any field)
        if nested or fields[name].type in ("list", "record"):
            if not _vet_nested(form, ref, name, column, t, name in required):
                # a shape the columns cannot judge: value by value, as the fast path
                _vet_whole(form, ref, name, column.to_pylist(), t, name in required)
            continue
        pattern = patterns.get(name)
        bounds = _text_bounds(t, column.type) if pattern is None and fields[name].type not in (
            "date", "week") else None  # fmt: skip
        if bounds is not None:  # text of a length: judged on the lengths, not on each text
            if name in required and column.null_count:
                raise Declined
            if (name in required or bounds[0] > 0) and pc.any(pc.equal(column, "")).as_py():
                raise Declined  # an empty text is a value, of no characters
            if bounds[0] > 1 or bounds[1] < math.inf:
                span = pc.min_max(pc.utf8_length(column)).as_py()
                if span["min"] is not None and not bounds[0] <= span["min"] <= span["max"] \
                        <= bounds[1]:  # fmt: skip
                    raise Declined
            continue
        distinct = pc.unique(column).to_pylist()
        try:  # as the fast path: each value (an empty text too) against its type
            msgspec.convert([v for v in distinct if v is not None], list[t])  # type: ignore[valid-type]
        except msgspec.ValidationError:
            raise Declined from None
        values = [v for v in distinct if v is not None and v != ""]
        if len(values) != len(distinct) and name in required:
            raise Declined
        if pattern is not None and not all(map(pattern.search, values)):
            raise Declined
        if fields[name].type in ("date", "week"):
            convert = BY_TYPE[fields[name].type]
            try:
                days[name] = {v: convert(v, name) for v in values}
            except _BadValue:
                raise Declined from None
    if record_kind == "wmt":  # exactly one of week or date, in every row
        given = [pc.fill_null(pc.not_equal(table.column(n), ""), False) if n in names
                 else None for n in ("week", "date")]  # fmt: skip
        if given[0] is None or given[1] is None:
            if given[0] is None and given[1] is None:
                raise Declined
            if not pc.all(given[0] if given[0] is not None else given[1]).as_py():
                raise Declined
        elif pc.any(pc.equal(given[0], given[1])).as_py():
            raise Declined
    if record_kind == "case":
        _vet_case(table, days)
    return Chunk(table, path, record_kind, form, ref, days)


def _vet_case(table: Any, days: dict[str, dict[str, dt.date]]) -> None:
    """No case closed before it is opened (`builders._check_case`), on the columns: where each
    date given is written as its day's ISO form, the texts are in the order of the days."""
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    if not {"opened", "closed"} <= days.keys():
        return  # no case has both
    if not all(d.isoformat() == v for n in ("opened", "closed") for v, d in days[n].items()):
        raise Declined
    opened, closed = table.column("opened"), table.column("closed")
    both = pc.and_(pc.not_equal(opened, ""), pc.not_equal(closed, ""))  # null: not given
    if pc.any(pc.and_(both, pc.less(closed, opened))).as_py():
        raise Declined


def from_structs(structs: list[Any], path: str, record_kind: str, form: _Form,
                 first: int) -> Chunk:  # fmt: skip
    """A JSON or NDJSON export's records (one a line from line `first`, decoded and checked
    by `fastload.read_fast` or `read_fast_ndjson`) kept unbuilt: the frames' columns are
    taken from them."""
    if record_kind not in LAZY_KINDS or not structs:
        raise Declined
    days: dict[str, dict[str, dt.date]] = {}
    for f in dm.BY_NAME[record_kind].fields:
        if f.type in ("date", "week"):
            values = set(map(operator.attrgetter(f.name), structs))
            values.discard(msgspec.UNSET)
            try:
                days[f.name] = {v: BY_TYPE[f.type](v, f.name) for v in values}
            except _BadValue:
                raise Declined from None
    return Chunk(None, path, record_kind, form, type(structs[0]).__name__, days, structs, first)


def _struct_series(chunk: Chunk, column: str, name: str, sub: str, t: Any) -> Any:
    """A frame's column from an NDJSON chunk's Structs: the values its records have."""
    from .engine.columnar import _column

    assert chunk.structs is not None
    unset = msgspec.UNSET
    field = dm.BY_NAME[chunk.record_kind].field(name)
    values = list(map(operator.attrgetter(name), chunk.structs))
    if sub:  # a nested record's field; no nested record, no value
        field = dm.NESTED_KINDS[field.record].field(sub)
        get = operator.attrgetter(sub)
        values = [None if v is unset else get(v) for v in values]
    if unset in values:
        values = [field.default if v is unset else v for v in values]
    days = chunk.days.get(name)
    if days is not None:
        values = [None if v is None else days[v] for v in values]
    return _column(column, t, values)


_NOT_LENGTHS = ("gt", "ge", "lt", "le", "multiple_of", "pattern", "tz")  # msgspec.Meta's


def _text_bounds(t: Any, arrow: Any) -> tuple[float, float] | None:
    """The least and most characters a text column's values may have, where `t` (its type)
    asks nothing else of a text; None where it does, or the column is not text."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    if not (pa.types.is_string(arrow) or pa.types.is_large_string(arrow)):
        return None
    metas: tuple[Any, ...] = ()
    if typing.get_origin(t) is typing.Annotated:
        t, *rest = typing.get_args(t)
        metas = tuple(rest)
    if t is not str or not all(isinstance(m, msgspec.Meta) for m in metas):
        return None
    low, high = 0.0, math.inf
    for meta in metas:
        if any(getattr(meta, k) is not None for k in _NOT_LENGTHS):
            return None
        low = max(low, meta.min_length or 0)
        high = min(high, math.inf if meta.max_length is None else meta.max_length)
    return low, high


def _vet_nested(form: _Form, ref: str, name: str, column: Any, t: Any,
                required: bool) -> bool:  # fmt: skip
    """A list or nested record column checked on its flattened items, each distinct item once
    (a list's items, or a nested record's fields, against their types; a list's lengths; the
    unique items of each list), as `_vet_whole` checks it value by value. False where the
    column's shape is not one judged so (lists of lists, say): `_vet_whole` judges it."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    column = column.combine_chunks()
    if required and column.null_count:
        raise Declined
    if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        return _vet_list(column, t, name in form.unique.get(ref, ()))
    if pa.types.is_struct(column.type) and isinstance(t, type) and issubclass(t, msgspec.Struct):
        return _vet_struct(form, column, t)
    return False


def _vet_list(column: Any, t: Any, unique: bool) -> bool:
    """A list column (an Arrow array) against `t`, a tuple of items of one type."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    bare = typing.get_args(t)[0] if typing.get_origin(t) is typing.Annotated else t
    items = typing.get_args(bare)
    if typing.get_origin(bare) is not tuple or len(items) != 2 or items[1] is not Ellipsis \
            or not (pa.types.is_list(column.type) or pa.types.is_large_list(column.type)):
        return False
    flat = column.flatten()  # the items of the lists given (a null list has none)
    if flat.type.num_fields > 0:
        return False
    if flat.null_count:  # a null item: refused by the exact path
        raise Declined
    coded = pc.dictionary_encode(flat)
    distinct = coded.dictionary.to_pylist()
    lengths = pc.unique(pc.list_value_length(column).drop_null()).to_pylist()
    try:  # each distinct item against the items' type; each length against the list's
        msgspec.convert(distinct, _list_of(items[0]))
        msgspec.convert([distinct[:1] * n for n in lengths], _list_of(t))
    except msgspec.ValidationError:
        raise Declined from None
    if unique and len(flat):  # no item twice in one list: as many (list, item) pairs
        pairs = pc.add(pc.multiply(pc.list_parent_indices(column).cast(pa.int64()),
                                   len(distinct)), coded.indices.cast(pa.int64()))  # fmt: skip
        if len(pc.unique(pairs)) != len(flat):  # (count_distinct is three times slower)
            raise Declined
    return True


def _list_of(t: Any) -> Any:
    return list[t]


def _vet_struct(form: _Form, column: Any, t: Any) -> bool:
    """A nested record column (an Arrow struct array) against the Struct `t`: each field's
    distinct values where a record is given (a null field is a field not given)."""
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    sub = t.__name__
    types = form.types[sub]
    names = [column.type.field(i).name for i in range(column.type.num_fields)]
    if not set(names) <= types.keys() or len(set(names)) != len(names):
        raise Declined  # a field the record does not have
    fields = t.__struct_fields__
    required = set(fields[: len(fields) - len(t.__struct_defaults__)])
    if not required <= set(names) and column.null_count != len(column):
        raise Declined
    patterns = dict(form.patterns.get(sub, ()))
    for name, values in zip(names, column.flatten(), strict=True):  # null where no record
        if name in required and values.null_count != column.null_count:
            raise Declined
        if values.type.num_fields > 0:
            if not _vet_list(values, types[name], name in form.unique.get(sub, ())):
                return False
            continue
        distinct = [v for v in pc.unique(values).to_pylist() if v is not None]
        try:
            msgspec.convert(distinct, _list_of(types[name]))
        except msgspec.ValidationError:
            raise Declined from None
        pattern = patterns.get(name)
        if pattern is not None and not all(map(pattern.search, distinct)):
            raise Declined
    return True


def _vet_whole(form: _Form, ref: str, name: str, values: list[Any], t: Any,
               required: bool) -> None:  # fmt: skip
    """A list or nested record column, checked value by value as the fast path checks it."""
    nested = isinstance(t, type) and issubclass(t, msgspec.Struct)
    if nested:
        values = [None if v is None else {k: x for k, x in v.items() if x is not None}
                  for v in values]  # fmt: skip
    try:
        converted = msgspec.convert(values, list[t | None])
    except msgspec.ValidationError:
        raise Declined from None
    if required and None in converted:
        raise Declined
    given = [v for v in converted if v is not None]
    if name in form.unique.get(ref, ()) and any(len(set(v)) != len(v) for v in given):
        raise Declined
    if nested and given:
        sub = type(given[0]).__name__
        for field, pattern in form.patterns.get(sub, ()):
            found = {getattr(v, field) for v in given} - {msgspec.UNSET}
            if not all(map(pattern.search, found)):
                raise Declined
        for field in {*form.unique.get(sub, ()), *(("flags",) if sub == "ReportSubject" else ())}:
            for v in given:
                items = getattr(v, field)
                if items is not msgspec.UNSET and len(set(items)) != len(items):
                    raise Declined


__all__ = ["LAZY_KINDS", "TABLE_KINDS", "Chunk", "Rows", "from_structs", "vet", "vouched"]
