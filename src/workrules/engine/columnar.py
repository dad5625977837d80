"""The columnar engine: each rule's typed IR becomes one polars lazy plan.

The plan does the heavy part over whole columns: the date window and `from`, the `where`
filter (staff fields read by each row's place among the staff; a condition on one person's
fields alone worked out once per person), the `per` keys (list keys exploded, calendar days,
weeks and months), the aggregates (count, sum, max, min) and the comparison with the
limit, parameters and keyed caps included. What it yields is a short list of *candidates*:
the records or groups that may breach. Those, and only those, are handed to the Python
engine's check (`engine.python`), which measures them exactly and makes the `Measured`
values; so the values, evidence, notes, periods and their order are the Python engine's by
construction, and a float sum that polars adds in another order can never change a finding
(candidates are chosen with a small tolerance, then confirmed exactly). One exception: a
`require` or `forbid` with no `per`, whose condition names no parameter or keyed cap, is
tested by the plan as exactly as its `where` is, so its rows are the breaches and Python only
makes their `Measured` (`Plan.exact`).

Which rules run here is decided at compile time (`plan_of`): a rule whose `where` or `per`
the plan cannot express exactly (text patterns, `mentions`, a keyed cap in `where`, a staff
field of a list of ids...) runs on the Python engine, and `workrules compile RULE --engine
columnar` says so. So does a rule whose check the plan cannot narrow down (`latest of`, a cap
keyed by a list of roles): every group would be a candidate, and Python alone is faster.

To support a new IR node: add it to `_Compiler.expr` (raise `_Unknown` where only Python can
judge it, `Unsupported` where it is in `where` or `per`, which must be exact).

polars is imported here only: the pre-commit path never loads this module.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import accumulate, chain, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import polars as pl

from .. import model as m
from ..lang import ir
from . import python
from .common import TOLERANT, Env, JudgedApart, Measured, Missing, UnsetParam, lookup, numeric

if TYPE_CHECKING:
    from ..dataset import Dataset

Window = tuple[dt.date | None, dt.date | None]
_TOLERANCE = 1e-9  # relative: a float sum polars adds in another order is still a candidate
_SMALL_FRAME = 50_000  # rows: a plan over fewer runs on polars' in-memory engine (`Plan.collect`)


class Unsupported(Exception):
    """The plan cannot express this part of a rule exactly: the rule runs on Python."""


class _Unknown(Exception):
    """A part of a check the plan cannot compute: every item is a candidate."""


# ---------------------------------------------------------------------------------------------
# Frames: one per kind of record, and one of the staff, cached per data set


def _dtype(t: m.FieldType) -> Any:
    if t.name == "number":
        return pl.Float64
    if t.name == "date":
        return pl.Date
    if t.name == "bool":
        return pl.Boolean
    if t.name == "list":
        return pl.List(_dtype(t.elem) if t.elem is not None else pl.String)
    return pl.String


_SEP = "\x1f"  # joins a list of words into one string, split again by polars


_EPOCH = dt.date(1970, 1, 1).toordinal()


def _column(name: str, t: m.FieldType, values: list[Any]) -> pl.Series:
    if t.name == "date":  # as days since 1970: twice as fast as polars reading dates; each
        # distinct day converted once (a data set has few)
        days = {d: None if d is None else d.toordinal() - _EPOCH for d in set(values)}
        return pl.Series(name, list(map(days.__getitem__, values)),
                         dtype=pl.Int32).cast(pl.Date)  # fmt: skip
    if t.name != "list":
        return pl.Series(name, values, dtype=_dtype(t), strict=False)
    if t.elem is None or t.elem.name not in ("string", "enum", "staff"):
        return pl.Series(name, [None if v is None else list(v) for v in values],
                         dtype=_dtype(t), strict=False)  # fmt: skip
    # lists of words, fast: each distinct list once (the same few people staff many
    # sessions), then a row's list taken from those by its place
    places: dict[Any, int] = {}
    place = places.setdefault
    try:
        index = [place(v, len(places)) for v in values]
    except TypeError:  # a list that is not a tuple: each row's own
        return _words(name, values)
    return _words(name, list(places)).gather(pl.Series(index, dtype=pl.UInt32))


def _words(name: str, values: list[Any]) -> pl.Series:
    """Lists of words: one joined string each, split in polars; an empty list has no words
    (a split of "" gives one empty word, so it is cleared)."""
    texts = [None if v is None else _SEP.join(v) if v else None for v in values]
    given = [v for v in values if v]
    if sum(map(str.count, filter(None, texts), repeat(_SEP))) != sum(map(len, given)) - len(
            given):  # a word holding the separator itself (a control character): not split
        return pl.Series(name, [None if v is None else list(v) for v in values],
                         dtype=pl.List(pl.String))  # fmt: skip
    joined = pl.Series(name, texts, dtype=pl.String)
    empty = pl.Series([v is not None and not v for v in values], dtype=pl.Boolean)
    frame = pl.DataFrame({name: joined, "_empty": empty})
    return frame.select(pl.when(pl.col("_empty")).then(pl.lit([], dtype=pl.List(pl.String)))
                        .otherwise(pl.col(name).str.split(_SEP)).alias(name)).to_series()


def _fields(fields: dict[str, m.FieldType]) -> dict[str, tuple[str, str, m.FieldType]]:
    """Every column a kind's frame can have: name -> (field, nested field or "", type). Text
    is left out: it is read by text patterns only, which run on Python."""
    out: dict[str, tuple[str, str, m.FieldType]] = {}
    for name, t in fields.items():
        if t.name == "record":
            for sub, st in m.NESTED[t.record].items():
                out[f"{name}.{sub}"] = (name, sub, st)
        elif t.name != "text":
            out[name] = (name, "", t)
    return out


def _columns(fields: dict[str, m.FieldType], records: Any, names: Any) -> list[pl.Series]:
    out = []
    columns = _fields(fields)
    for col in names:
        name, sub, t = columns[col]
        values = list(map(attrgetter(name), records))
        if sub:
            get = attrgetter(sub)
            values = [None if v is None else get(v) for v in values]
        out.append(_column(col, t, values))
    return out


class Frames:
    """The frames of one data set: a row number (`_row`, the record's place in
    `Dataset.of(kind)`) and one column per field; a nested record's fields as `field.sub`.
    Each column is built the first time a rule reads it."""

    def __init__(self) -> None:
        self._columns: dict[tuple[str, str], pl.Series] = {}
        self._one_a_day: dict[str, bool] = {}
        self._joined: dict[str, dict[tuple[str, str], pl.Series]] = {}

    def _frame(self, kind: str, fields: dict[str, m.FieldType], records: Any,
               names: set[str]) -> pl.DataFrame:  # fmt: skip
        names = {n for n in names if n in _fields(fields)}
        missing = sorted(n for n in names if (kind, n) not in self._columns)
        from ..lazyrows import Rows

        made = ([records.series(n, *_fields(fields)[n]) for n in missing]
                if isinstance(records, Rows) and records.chunks
                else _columns(fields, records, missing))  # fmt: skip
        for series in made:
            self._columns[kind, series.name] = series
        columns = [self._columns[kind, n] for n in sorted(names)]
        # (a rule that reads none of a kind's fields: rows, and no column)
        return pl.DataFrame(columns or None, height=len(records))

    def of(self, data: Dataset, kind: m.Kind, names: set[str]) -> pl.DataFrame:
        records = data.of(kind.name)
        frame = self._frame(kind.name, dict(kind.fields), records, names)
        return frame.with_row_index("_row").with_columns(pl.col("_row").cast(pl.Int64))

    def one_a_day(self, data: Dataset, kind: m.Kind) -> bool:
        """Whether no subject has two records of `kind` on one day: the hashes of (subject,
        day) are all different (two pairs that hash alike, even by chance, say no)."""
        hit = self._one_a_day.get(kind.name)
        if hit is None:
            hit = self.one_a_day_in(kind, self.of(data, kind, {kind.subject, *kind.date_fields}))
        return hit

    def one_a_day_in(self, kind: m.Kind, frame: pl.DataFrame) -> bool:
        """`one_a_day`, over `frame` (made by `of`, with the subject and the date fields)."""
        hit = self._one_a_day.get(kind.name)
        if hit is None:
            pairs = pl.col(kind.subject).hash(1).xor(day_of(kind.date_fields).hash(2))
            hit = self._one_a_day[kind.name] = frame.select(pairs.n_unique()).item() == len(frame)
        return hit

    def joined(self, kind: m.Kind) -> dict[tuple[str, str], pl.Series]:
        """Each of `kind`'s rows' place among the staff, by (field holding the staff id, ""):
        looked up once, and shared by every rule that reads a field of that person
        (`_places`, `Plan._joined`)."""
        return self._joined.setdefault(kind.name, {})

    def staff(self, data: Dataset, names: set[str]) -> pl.DataFrame:
        return self._frame("", m.STAFF_FIELDS, list(data.staff.values()), {"id", *names})


_FRAMES: dict[int, tuple[Callable[[], Any], Frames]] = {}


def frames(data: Dataset) -> Frames:
    """The frames of `data`, built once and shared by every rule of a run (held while the
    data set lives: by a weak reference, so a cache never keeps a data set alive)."""
    hit = _FRAMES.get(id(data))
    if hit is not None and hit[0]() is data:
        return hit[1]
    for key in [k for k, (ref, _) in _FRAMES.items() if ref() is None]:
        del _FRAMES[key]
    try:
        ref: Callable[[], Any] = weakref.ref(data)
    except TypeError:  # no weak reference: kept for the next call only
        _FRAMES.clear()
        ref = lambda: data  # noqa: E731
    found = Frames()
    _FRAMES[id(data)] = (ref, found)
    return found


def _empty_frames(kind: m.Kind) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Frames with every column and no rows: enough to write (and show) a plan."""
    fields = dict(kind.fields)
    rows = pl.DataFrame([pl.Series("_row", [], dtype=pl.Int64),
                         *_columns(fields, [], _fields(fields))])  # fmt: skip
    return rows, pl.DataFrame(_columns(m.STAFF_FIELDS, [], _fields(m.STAFF_FIELDS)))


# ---------------------------------------------------------------------------------------------
# Expressions


def _lit(value: Any) -> pl.Expr:
    if isinstance(value, (set, frozenset, tuple, list)):
        raise Unsupported("a set of values outside in, within or overlaps")
    if isinstance(value, dt.date):
        return pl.lit(value, dtype=pl.Date)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return pl.lit(float(value), dtype=pl.Float64)
    return pl.lit(value)


def _values(value: Any) -> list[Any]:
    """A set of values as a list in a stable order (numbers as floats, as in the frames)."""
    items = sorted(value, key=repr)
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
        return [float(v) for v in items]
    return items


_CMP: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}  # fmt: skip
_ARITH: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
}  # fmt: skip


class _Compiler:
    """IR expressions as polars expressions, over the rows of a kind's frame (`group` False)
    or over the groups after aggregation (`group` True: keys are `_k0`..., aggregates are
    columns `_a0`... computed per group from the rows, the count is `_n`)."""

    def __init__(self, env: Env, joins: list[tuple[str, str]]) -> None:
        self.env = env
        self.joins = joins  # (column holding a staff id, staff field): joined in as "col.field"
        self.aggs: list[pl.Expr] = []  # per group, over the rows (group context only)
        self.uncertain: list[pl.Expr] = []  # true where a keyed cap may be unset
        self.group = False
        # the frames and the rule's keys: where a keyed cap's key can take its values from
        self.frames: tuple[pl.DataFrame, pl.DataFrame] | None = None
        self.keys: tuple[Any, ...] = ()
        # what works out an expression of one staff member's fields over the staff, once per
        # person, and reads it by row (`Plan._lift`): None, where it cannot
        self.lift: Callable[[str, ir.Expr], pl.Expr | None] | None = None
        self.placed: set[str] = set()  # fields of the rows with their places (`_places`)

    def truth(self, e: ir.Expr) -> pl.Expr:
        """A condition as Python reads it: a missing value is false."""
        return self.expr(e).fill_null(False)

    def column(self, e: ir.Expr) -> str:
        """The name of the column holding a field, key or staff field."""
        if isinstance(e, ir.Field):
            if self.group:
                raise _Unknown("a record's field outside an aggregate")
            return e.name
        if isinstance(e, ir.Key):
            if not self.group:
                raise Unsupported("a key outside a group")
            return f"_k{e.position}"
        if isinstance(e, ir.Attr):
            base = self.column(e.base)
            if not e.staff:
                return f"{base}.{e.name}"
            if isinstance(e.base, ir.Key) and e.base.position < len(self.keys):
                key = self.keys[e.base.position]
                if isinstance(key.get, ir.Field) and not key.explode \
                        and key.get.name in self.placed:  # fmt: skip
                    base = key.get.name  # the same person in every row: read by row
            if e.base.type.name == "list":
                raise Unsupported(f"a staff field ({e.name}) of a list of staff ids")
            if (base, e.name) not in self.joins:
                self.joins.append((base, e.name))
            return f"{base}.{e.name}"
        raise Unsupported(f"{type(e).__name__} as a column")

    def expr(self, e: ir.Expr) -> pl.Expr:
        if self.lift is not None and not self.group and not isinstance(e, _ONE_COLUMN):
            base = _staff_only(e)
            lifted = None if base is None else self.lift(base, e)
            if lifted is not None:
                return lifted
        if isinstance(e, ir.Const):
            return _lit(e.value)
        if isinstance(e, ir.Param):
            return _lit(self.env.params.get(e.name))
        if isinstance(e, ir.Today):
            return _lit(self.env.today)
        if isinstance(e, (ir.Field, ir.Key, ir.Attr)):
            return pl.col(self.column(e))
        if isinstance(e, ir.Calendar):
            if not e.fields:  # a dateless kind's every week (`python.data_weeks`)
                raise Unsupported("the weeks of a kind with no date")
            if self.group:
                raise _Unknown("a record's day outside an aggregate")
            return calendar(e.unit, e.fields)
        if isinstance(e, ir.Count):
            if not self.group:
                raise Unsupported("count outside a group")
            return pl.col("_n")
        if isinstance(e, ir.Aggregate):
            return self.aggregate(e)
        if isinstance(e, ir.NumberOf):
            return self.expr(e.arg).list.len().cast(pl.Float64)
        if isinstance(e, ir.Those):
            return self.those(e)
        if isinstance(e, ir.Arith):
            return self.arith(e)
        if isinstance(e, ir.Shift):  # a missing date stays missing
            return self.expr(e.arg) + pl.duration(days=e.days)
        if isinstance(e, ir.Compare):
            return self.compare(e)
        if isinstance(e, ir.IsSet):
            a = self.expr(e.arg)
            return a.is_null() if e.negated else a.is_not_null()
        if isinstance(e, ir.Not):
            return ~self.truth(e.arg)
        if isinstance(e, ir.BoolOp):
            parts = [self.truth(a) for a in e.args]
            return pl.all_horizontal(parts) if e.op == "and" else pl.any_horizontal(parts)
        if isinstance(e, ir.KnownGrade):  # a missing grade is not an unknown one
            a, unknown = self.expr(e.arg), sorted(self.env.unknown_grades)
            # (true for each row, a column: a literal is one row, where a person's is lifted)
            return ~a.is_in(unknown).fill_null(False) if unknown else a.is_null() | a.is_not_null()
        if isinstance(e, ir.Otherwise):
            return pl.coalesce(self.expr(e.first), self.expr(e.second))
        if isinstance(e, ir.Lookup):
            return self.lookup(e)
        # TextMatch, Gives, NumberIn (Python matchers), MostAtOnce, Builtin
        raise Unsupported(f"{type(e).__name__} ({_what(e)})")

    def those(self, e: ir.Those) -> pl.Expr:
        """`(L where COND)`: the ids of the list that the staff frame's rows meeting COND
        hold; the whole list where none does (`ir.Those`)."""
        if self.frames is None:
            raise Unsupported("a list's staff kept by a condition, with no staff frame")
        staff = self.frames[1]
        cond = _Compiler(self.env, [])  # over the staff frame's rows
        keep = staff.filter(cond.truth(e.cond))["id"].to_list() if len(staff) else []
        arg = self.expr(e.arg)
        if not keep:
            return arg
        return arg.list.eval(pl.element().filter(pl.element().is_in(keep)))

    def aggregate(self, e: ir.Aggregate) -> pl.Expr:
        if not self.group:
            raise Unsupported("an aggregate outside a group")
        if e.fn not in ("sum", "max", "min"):
            raise _Unknown(f"{e.fn} of")
        if any(isinstance(x, ir.Lookup) for x in ir.walk(e.arg)):
            raise _Unknown("a keyed cap inside an aggregate")
        self.group = False
        try:
            arg = self.expr(e.arg)
        finally:
            self.group = True
        name = f"_a{len(self.aggs)}"
        if e.fn == "sum" and all(isinstance(x, (ir.Const, ir.Param, ir.Arith))
                                 for x in ir.walk(e.arg)):  # fmt: skip
            # a value that reads no record (`sum of 5 h`): once for each record of the group,
            # where `pl.lit(5).sum()` is 5 once
            agg = arg * pl.len()
        else:
            agg = arg.sum() if e.fn == "sum" else arg.max() if e.fn == "max" else arg.min()
        self.aggs.append(agg.alias(name))
        return pl.col(name)

    def arith(self, e: ir.Arith) -> pl.Expr:
        if e.type.name != "number":
            raise Unsupported(f"arithmetic on {e.type.describe()}")
        a, b = self.expr(e.left), self.expr(e.right)
        if e.op == "/":
            return pl.when(b == 0).then(None).otherwise(a / b)
        return _ARITH[e.op](a, b)

    def compare(self, e: ir.Compare) -> pl.Expr:
        a = self.expr(e.left)
        if e.op in _CMP:
            if e.left.type.name == "list" or e.right.type.name == "list":
                raise Unsupported(f"{e.op} between lists")
            b = self.expr(e.right)
            if numeric(e.left.type, e.right.type):
                # polars orders NaN (an overflow's inf - inf) above every number, Python
                # compares nothing with it: no comparison with NaN holds, as in Python
                test: pl.Expr = TOLERANT[e.op](a, b) & (a - b).is_not_nan()
            else:
                test = _CMP[e.op](a, b)
            return (a.is_not_null() & b.is_not_null() & test).fill_null(False)
        if isinstance(e.right, (ir.Const, ir.Param)):  # in | not-in | within | overlaps a set
            value = e.right.value if isinstance(e.right, ir.Const) else self.env.params.get(
                e.right.name)
            if value is None:
                return pl.lit(False)
            if not isinstance(value, (set, frozenset, tuple, list)):
                raise Unsupported(f"{e.op} a single value")
            values = _values(value)
            if e.op in ("in", "not-in"):
                if e.left.type.name == "list":
                    raise Unsupported(f"a list {e.op} a set")
                test = a.is_in(values)
                test = test if e.op == "in" else ~test
            else:
                each = a.list.eval(pl.element().is_in(values))
                test = each.list.all() if e.op == "within" else each.list.any()
            return (a.is_not_null() & test).fill_null(False)
        b = self.expr(e.right)
        if e.op in ("in", "not-in"):
            if e.left.type.name == "list" or e.right.type.name != "list":
                raise Unsupported(f"{e.op} of these types")
            test = b.list.contains(a)
            test = test if e.op == "in" else ~test
        elif e.op == "within":
            test = a.list.set_difference(b).list.len() == 0
        else:
            test = a.list.set_intersection(b).list.len() > 0
        return (a.is_not_null() & b.is_not_null() & test).fill_null(False)

    def lookup(self, e: ir.Lookup) -> pl.Expr:
        """A keyed cap: its value per key, and where it would raise (unset, or no entry)
        the item is a candidate, so that Python reports it as not applied."""
        if e.key.type.name == "list":
            raise _Unknown("a cap keyed by a list")
        key = self.expr(e.key)
        table, grades, name = self.env.params.get(e.name), self.env.grades, e.name
        values: dict[Any, tuple[Any, bool]] = {}

        def value_of(k: Any) -> tuple[Any, bool]:
            hit = values.get(k)
            if hit is None:
                try:
                    hit = (lookup(table, name, k, grades), False)
                except JudgedApart:  # judged in another run (`common.APART`): no candidate
                    hit = (None, False)
                except UnsetParam:
                    hit = (None, True)
                values[k] = hit
            return hit

        domain = self.domain(e.key)
        if domain is not None:  # each value the key can take looked up once, here
            found = [value_of(k) for k in domain]
            self.uncertain.append(key.replace_strict(
                domain, [u for _, u in found], default=False, return_dtype=pl.Boolean)
                .fill_null(False))  # fmt: skip
            return key.replace_strict(domain, [_number(v) for v, _ in found], default=None,
                                      return_dtype=pl.Float64)  # fmt: skip

        def per_key_of(which: int, dtype: Any) -> Callable[[pl.Series], pl.Series]:
            # each distinct key looked up once, then every row's read from that table
            def per_key(s: pl.Series) -> pl.Series:
                keys = s.drop_nulls().unique().to_list()
                found = [value_of(k)[which] for k in keys]
                if dtype == pl.Float64:
                    found = [_number(v) for v in found]
                return s.replace_strict(keys, found, default=None, return_dtype=dtype)

            return per_key

        self.uncertain.append(key.map_batches(per_key_of(1, pl.Boolean), return_dtype=pl.Boolean)
                              .fill_null(False))  # fmt: skip
        return key.map_batches(per_key_of(0, pl.Float64), return_dtype=pl.Float64)

    def domain(self, e: ir.Expr) -> list[Any] | None:
        """Every value `e` takes in the frames, when it reads one column (a field, a
        staff field, or a key that is one of these): None otherwise."""
        if self.frames is None:
            return None
        rows, staff = self.frames
        if isinstance(e, ir.Key) and e.position < len(self.keys):
            return self.domain(self.keys[e.position].get)
        if isinstance(e, ir.Field):
            frame, name = rows, e.name
        elif isinstance(e, ir.Attr) and e.staff:
            frame, name = staff, e.name
        elif isinstance(e, ir.Attr) and isinstance(e.base, ir.Field):
            frame, name = rows, f"{e.base.name}.{e.name}"
        else:
            return None
        if name not in frame.columns:
            return None
        values = frame.get_column(name)
        if isinstance(values.dtype, pl.List):
            values = values.explode()
        return values.drop_nulls().unique(maintain_order=True).to_list()


# a node read as it is: a constant, or one column (a staff field's is looked up once per data
# set, `Plan._joined`)
_ONE_COLUMN = (ir.Const, ir.Param, ir.Today, ir.Field, ir.Attr)
# what an expression over one staff member's fields may hold to be worked out per person
_PER_PERSON = (ir.Const, ir.Param, ir.Today, ir.Field, ir.Attr, ir.Compare, ir.BoolOp, ir.Not,
               ir.IsSet, ir.Arith, ir.Otherwise, ir.NumberOf, ir.Shift, ir.KnownGrade)  # fmt: skip


def _staff_only(e: ir.Expr) -> str | None:
    """The field naming the one staff member whose fields are all that `e` reads (`chair` in
    `chair.grade = MAPPA_COORDINATOR or mappa_coordinator in chair.roles`), or None: then
    `e` is the same for every row naming that person, or naming no one."""
    base: str | None = None
    bases = 0
    for x in ir.walk(e):
        if not isinstance(x, _PER_PERSON):
            return None
        if isinstance(x, ir.Attr):
            if not (x.staff and isinstance(x.base, ir.Field) and x.base.type.name == "staff"):
                return None
            if base is not None and x.base.name != base:
                return None
            base, bases = x.base.name, bases + 1
        elif isinstance(x, ir.Field):
            bases -= 1  # each field must be the base of a staff field
    return base if bases == 0 else None


def _number(v: Any) -> float | None:
    return None if v is None else float(v)


def _what(e: ir.Expr) -> str:
    if isinstance(e, ir.TextMatch):
        return f"{e.how} {e.pattern!r}"
    if isinstance(e, ir.Gives):
        return f"text gives {e.pattern}"
    if isinstance(e, ir.NumberIn):
        return f"number in text gives {e.pattern}"
    return "not in the plan"


def _places(rule: ir.Rule, rows: pl.DataFrame, staff: pl.DataFrame,
            joined: dict[tuple[str, str], pl.Series]) -> pl.DataFrame:
    """`rows` with, for each field of theirs whose staff member's fields the rule reads, each
    row's place in `staff` (one past the last for a row that names no one) as `_at.FIELD`:
    worked out once per data set and kind (kept in `joined`, `Frames.joined`)."""
    bases = sorted({x.base.name for e in _exprs(rule) for x in ir.walk(e)
                    if isinstance(x, ir.Attr) and x.staff and isinstance(x.base, ir.Field)
                    and x.base.name in rows.columns})  # fmt: skip
    if not bases:
        return rows
    ids = staff.get_column("id")
    out = []
    for base in bases:
        places = joined.get((base, ""))
        if places is None:
            places = joined[base, ""] = rows.select(
                pl.col(base).replace_strict(ids, pl.int_range(len(ids), dtype=pl.UInt32,
                                                              eager=True),
                                            default=len(ids), return_dtype=pl.UInt32)
                .fill_null(len(ids)).alias(f"_at.{base}")).to_series()  # fmt: skip
        out.append(places)
    return rows.with_columns(out)


def _by_place(values: pl.Series, base: str) -> pl.Expr:
    """Each row's value of `values` (one per member of staff, and no one's last), read by
    the row's place among the staff (`_at.BASE`). A column missing for everyone is one
    missing value of its type: polars' in-memory engine (2.1) took two such columns (hours
    and a yes/no) for one common subexpression, and read one as the other."""
    if values.null_count() == len(values):
        return pl.lit(None, dtype=values.dtype)
    return pl.lit(values).gather(pl.col(f"_at.{base}"))


def _with_no_one(values: pl.Series) -> pl.Series:
    """A staff frame's column and, one past the last, the value of no one: missing."""
    return values.extend_constant(None, 1)


def day_of(fields: tuple[str, ...]) -> pl.Expr:
    """The record's day: the first of its date fields that is given."""
    if not fields:
        return pl.lit(None, dtype=pl.Date)
    return pl.coalesce([pl.col(f) for f in fields]) if len(fields) > 1 else pl.col(fields[0])


def calendar(unit: str, fields: tuple[str, ...]) -> pl.Expr:
    d = day_of(fields)
    if unit == "week":
        return d - pl.duration(days=d.dt.weekday() - 1)
    if unit == "month":
        return d.dt.month_start()
    return d


# ---------------------------------------------------------------------------------------------
# Plans


class Plan:
    """One rule's lazy plan for one run: the candidates, as rows (no `per`) or as groups."""

    def __init__(self, rule: ir.Rule, env: Env, rows: pl.DataFrame, staff: pl.DataFrame,
                 window: Window | None = None, undated: bool = True, one_a_day: bool = False,
                 joined: dict[tuple[str, str], pl.Series] | None = None) -> None:  # fmt: skip
        self.rule = rule
        # the staff fields of the rows looked up (`Frames.joined`): None, looked up each time
        self.rows, self.joined = rows, joined
        self.one_a_day = one_a_day  # no subject has two records on one day
        self.by_record = False  # candidates are records, in order of their subject's first
        self.staff, self.env = staff, env
        joins: list[tuple[str, str]] = []
        c = _Compiler(env, joins)
        c.frames, c.keys = (rows, staff), tuple(rule.keys or ())
        if joined is not None:  # each row's place among the staff, by the ids it names
            self.rows = rows = _places(rule, rows, staff, joined)
            c.placed = {n[len("_at."):] for n in rows.columns if n.startswith("_at.")}
            if len(rows) > len(staff):  # (else it costs what it saves)
                c.lift = self._lift
        kind = rule.kind
        keep: list[pl.Expr] = []
        day = day_of(kind.date_fields)
        if window is not None:
            unit = next((k.calendar for k in rule.keys or () if k.calendar), "day")
            anchor, (lo, hi) = calendar(unit, kind.date_fields), window
            dated = anchor.is_not_null()
            if lo is not None:
                dated = dated & (anchor >= _lit(lo))
            if hi is not None:
                dated = dated & (anchor < _lit(hi))
            keep.append(dated | anchor.is_null() if undated else dated)
        if rule.effective is not None:
            since = (env.params.get(rule.effective) if isinstance(rule.effective, str)
                     else rule.effective)  # fmt: skip
            keep.append((day.is_not_null() & (day >= _lit(since))).fill_null(False))
        if rule.where is not None:
            if any(isinstance(x, ir.Lookup) for x in ir.walk(rule.where)):
                raise Unsupported("a keyed cap in `where`")
            if _inexact(rule.where):  # (`where` must be exact: no candidate is lost)
                raise Unsupported("a division in `where`")
            keep.append(c.truth(rule.where))
        lf = self._joined(rows.lazy(), staff, joins, 0)
        row_joins = len(joins)
        if keep:
            lf = lf.filter(pl.all_horizontal(keep))
        check = rule.check
        self.exact = False  # the candidates are the breaches (`_finished`)
        if rule.keys is None:
            self.grouped = False
            self.keys = 0
            cand = self._candidates(c, check)
            # A condition the plan compiled whole is the Python engine's own test, null for
            # null, as `where` is (which the plan alone decides); so its rows are the
            # breaches. Not so with a parameter or keyed cap that may be unset, which Python
            # reports as not judged.
            self.exact = (isinstance(check, ir.Require) and not c.uncertain
                          and not any(isinstance(x, (ir.Param, ir.Lookup))
                                      for x in ir.walk(check.cond)))  # fmt: skip
            lf = self._joined(lf, staff, joins, row_joins)
            if not self.by_record:
                self.lf = lf.filter(cand).select("_row")
                return
            # each candidate with the row where its subject first appears (no window over
            # every row: the first rows of the subjects, joined to the candidates)
            subject = kind.subject
            firsts = lf.filter(pl.col(subject).is_first_distinct()).select(
                subject, pl.col("_row").alias("_first"))  # fmt: skip
            self.lf = (lf.filter(cand).select("_row", subject)
                       .join(firsts, on=subject, how="left", nulls_equal=True,
                             maintain_order="left")
                       .select("_row", "_first"))  # fmt: skip
            return
        # per keys: one column each; a list key puts the row in a group per item
        self.grouped = True
        self.keys = len(rule.keys)
        names = [f"_k{i}" for i in range(len(rule.keys))]
        got = []
        for i, k in enumerate(rule.keys):
            if any(isinstance(x, ir.Lookup) for x in ir.walk(k.get)):
                raise Unsupported("a keyed cap in `per`")
            if _inexact(k.get):
                raise Unsupported("a division in `per`")
            got.append(c.expr(k.get).alias(names[i]))
        lf = self._joined(lf, staff, joins, row_joins)
        row_joins = len(joins)
        lf = lf.with_columns(got)
        # a list key: each item's place in its list, so that groups that begin with the same
        # record come in the order of their items (as Python makes them)
        places = [f"_p{i}" for i, k in enumerate(rule.keys) if k.explode]
        for i, k in enumerate(rule.keys):
            if k.explode:
                lf = lf.with_columns(pl.int_ranges(pl.col(names[i]).list.len())
                                     .alias(f"_p{i}")).explode([names[i], f"_p{i}"])
        lf = lf.filter(pl.all_horizontal([pl.col(nm).is_not_null() for nm in names]))
        c.group = True
        cand = self._candidates(c, check)  # may add aggregates and key joins
        c.group = False
        per_row = list(c.aggs)
        runs_only = False
        if isinstance(check, ir.Spell):
            lf, longest = _longest_runs(c, check, rule.kind, lf, names)
            # (not with a list key: a record in two groups could bring one's rows to the other
            # when groups are made again in Python)
            if (check.op == "most" and not places and not c.uncertain
                    and all(ir.is_const(e) for e in (check.limit, check.holding)
                            if e is not None)):  # fmt: skip
                lf, runs_only = _long_runs(lf, longest, c.expr(check.limit)), True
            else:
                per_row.append(longest.max().alias("_longest"))
                if check.op == "most":
                    cand = cand & (pl.col("_longest") > c.expr(check.limit)).fill_null(False)
        by = names
        if not runs_only:
            # Each row is given its group's count and aggregates (windows over the keys), and
            # the rows of candidate groups only are gathered into lists: most groups are not.
            lf, by = _grouping(lf, names, {
                names[i]: f"_at.{k.get.name}" for i, k in enumerate(rule.keys)
                if isinstance(k.get, ir.Field) and not k.explode and k.get.name in c.placed})
            # the staff fields the check reads joined first: an aggregate may read one
            # (`sum of practitioner.contracted_hours`)
            lf = self._joined(lf, staff, joins, row_joins)
            lf = lf.with_columns(pl.len().over(by).cast(pl.Float64).alias("_n"),
                                 *(a.over(by) for a in per_row)).filter(cand)  # fmt: skip
        keys = [pl.col(n).first() for n in names if n not in by]
        if not isinstance(check, ir.Spell):
            # The rows are in input order (each list key's items in their order): groups in
            # the order they first appear are in the Python engine's order, and a group's rows
            # keep their order (polars keeps the order of rows within each group).
            self.lf = lf.group_by(by, maintain_order=True).agg(pl.col("_row").alias("_rows"),
                                                              *keys)  # fmt: skip
            return
        # a group's rows in input order (a spell's sort moved them), in the Python engine's
        # order: by each group's first record, then by item
        self.lf = (lf.group_by(by).agg(pl.col("_row").sort().alias("_rows"), *keys,
                                       *(pl.col(p).sort_by("_row").first() for p in places))
                   .with_columns(pl.col("_rows").list.first().alias("_first"))
                   .sort(["_first", *places]))  # fmt: skip

    def collect(self) -> pl.DataFrame:
        """The candidates. A plan over a small frame runs on polars' in-memory engine, whose
        start costs less than the streaming engine's (measured on the claim's rules over
        national data: rules over 20,000 staff or 5,000 reviews take a third to a half less
        time in memory; over 100,000 rows or more neither engine is faster throughout)."""
        small = len(self.rows) < _SMALL_FRAME
        return self.lf.collect(engine="in-memory" if small else "auto")

    def _joined(self, lf: pl.LazyFrame, staff: pl.DataFrame, joins: list[tuple[str, str]],
                start: int) -> pl.LazyFrame:  # fmt: skip
        """`lf` with the staff fields named in `joins[start:]` joined in by id: a field of the
        rows read from the staff by each row's place among them (`_at.FIELD`, looked up once
        per data set: `_places`); otherwise a field of one value each looked up in a table of
        the staff (cheaper than a join), a list joined."""
        for base, name in joins[start:]:
            if f"_at.{base}" in self.rows.columns:
                lf = lf.with_columns(_by_place(_with_no_one(staff.get_column(name)), base)
                                     .alias(f"{base}.{name}"))
                continue
            values = staff.get_column(name)
            if isinstance(values.dtype, pl.List):
                right = staff.lazy().select(pl.col("id").alias(f"_id_{base}"),
                                            pl.col(name).alias(f"{base}.{name}"))  # fmt: skip
                lf = lf.join(right, left_on=base, right_on=f"_id_{base}", how="left",
                             maintain_order="left")  # fmt: skip
                continue
            by_id = pl.col(base).replace_strict(staff.get_column("id"), values, default=None,
                                                return_dtype=values.dtype)  # fmt: skip
            lf = lf.with_columns(by_id.alias(f"{base}.{name}"))
        return lf

    def _lift(self, base: str, e: ir.Expr) -> pl.Expr | None:
        """`e`, which reads only fields of the staff member named in `base` (`_staff_only`),
        worked out once per member of staff (and once for no one) and read by row: a
        condition on the chair's grade and roles costs a lookup per row, not a join."""
        if f"_at.{base}" not in self.rows.columns:
            return None
        fields = {x.name for x in ir.walk(e) if isinstance(x, ir.Attr)}
        people = pl.DataFrame([_with_no_one(self.staff.get_column(n)).alias(f"{base}.{n}")
                               for n in sorted(fields)], height=len(self.staff) + 1)
        per_person = people.select(_Compiler(self.env, []).expr(e).alias("_v")).to_series()
        return _by_place(per_person, base)

    def _candidates(self, c: _Compiler, check: ir.Check) -> pl.Expr:
        """Where the check may find a breach: a superset of the breaches, never fewer."""
        try:
            cand = self._maybe(c, check)
        except _Unknown as e:  # the plan would only pass everything on: Python is faster
            raise Unsupported(f"{e} (every {'group' if self.keys else 'record'} would be a "
                              f"candidate)") from e
        if c.uncertain:
            cand = cand | pl.any_horizontal(c.uncertain)
        return cand

    def _maybe(self, c: _Compiler, check: ir.Check) -> pl.Expr:
        if isinstance(check, ir.Measure):
            return _beyond(c.expr(check.value), c.expr(check.limit), check.op,
                           _inexact(check.value, check.limit))  # fmt: skip
        if isinstance(check, ir.Require):
            if _inexact(check.cond):  # float sums and divisions: judged in Python
                raise _Unknown("a sum or division in a condition")
            held = c.truth(check.cond)
            return held if check.forbid else ~held
        if isinstance(check, ir.AtOnce):
            if self.keys == 0:
                raise Unsupported("most at once without `per`")
            if check.op != "most":
                raise _Unknown("most at once at least")
            # most at once is at most the group's count
            return _beyond(pl.col("_n"), c.expr(check.limit), check.op, _inexact(check.limit))
        if isinstance(check, ir.Spell):
            if self.keys == 0:
                raise Unsupported("a spell without `per`")
            return c.expr(check.limit).is_not_null()
        if isinstance(check, ir.Ratio):
            return _ratio_breach(c, check)
        if not isinstance(check, ir.Repaid):
            raise Unsupported(f"a check of kind {type(check).__name__}")
        if self.keys:
            raise Unsupported("repaid by with `per`")
        if check.op != "most":
            raise _Unknown("repaid at least")
        late = (0 if check.late is None else check.late.value if isinstance(check.late, ir.Const)
                else c.env.params.get(check.late.name) if isinstance(check.late, ir.Param)
                else None)  # fmt: skip
        if late == 0 and self.one_a_day and ir.is_const(check.limit):
            # Repaid on the day or never, with one record a day: each record's debt is left
            # to itself (every older one is settled before it), what it still owes is what it
            # owed less what it paid, and only the records that may breach go to Python, in
            # the order it meets them (by person, as each first appears).
            self.by_record = True
            owed = c.expr(check.owed)
            owed = pl.when(owed < 0).then(0.0).otherwise(owed)
            paid = c.expr(check.paid).fill_null(0.0)
            left = pl.max_horizontal(owed - pl.when(paid < 0).then(0.0).otherwise(paid), 0.0)
            return _beyond(pl.when(owed.is_null()).then(None).otherwise(left),
                           c.expr(check.limit), check.op,
                           _inexact(check.owed, check.paid, check.limit))  # fmt: skip
        # A person can breach only if a record owed more than the limit (what it still owes
        # is at most what it owed) and a record was not repaid in full by its own payment
        # (if every record's payment covers its own debt, no debt is ever left, as payments
        # go to the oldest debt first and every older one is already paid).
        inexact = _inexact(check.owed, check.paid, check.limit)
        owed, limit = c.expr(check.owed), c.expr(check.limit)
        owed = pl.when(owed < 0).then(0.0).otherwise(owed)
        short = owed - c.expr(check.paid).fill_null(0.0)
        short = short > -_TOLERANCE * (owed.abs() + 1.0) if inexact else short > 0
        subject = pl.col(self.rule.kind.subject)
        over = _beyond(owed, limit, check.op, inexact).any().over(subject)
        unpaid = (short | (limit < 0)).fill_null(False).any().over(subject)
        return (over & unpaid).fill_null(False)


def _grouping(lf: pl.LazyFrame, names: list[str], placed: dict[str, str] | None = None
              ) -> tuple[pl.LazyFrame, list[str]]:  # fmt: skip
    """Columns that group the rows exactly as the keys `names` do, and cost less to group
    by: each key as a 32-bit code (a staff id by its place among the staff, from `placed`:
    key -> column of places; a text by its category, a day by its number, a truth as 0 or
    1), two codes packed into one 64-bit number. One key: its place, or as it is; a key of
    another type: as they are (measured: a code saves a sixth to a quarter with two or three
    keys, and a category costs more than it saves with one)."""
    placed = placed or {}
    if len(names) < 2:
        return lf, [placed.get(n, n) for n in names]
    schema = lf.collect_schema()
    codes = []
    for name in names:
        key, dtype = pl.col(name), schema[name]
        if name in placed:
            codes.append(pl.col(placed[name]).cast(pl.UInt64))
        elif dtype == pl.String:
            codes.append(key.cast(pl.Categorical).to_physical().cast(pl.UInt64))
        elif dtype == pl.Date:
            codes.append((key.to_physical().cast(pl.Int64) + (1 << 31)).cast(pl.UInt64))
        elif dtype == pl.Boolean:
            codes.append(key.cast(pl.UInt64))
        else:
            return lf, names
    packed = [codes[i] * (1 << 32) + codes[i + 1] if i + 1 < len(codes) else codes[i]
              for i in range(0, len(codes), 2)]  # fmt: skip
    by = [f"_g{i}" for i in range(len(packed))]
    return lf.with_columns(e.alias(n) for e, n in zip(packed, by, strict=True)), by


def _inexact(*exprs: ir.Expr | None) -> bool:
    """Whether polars may compute a value other than Python's last bit: a sum of floats, which
    it may add in another order, or a division, which it may make a multiplication by the
    divisor's reciprocal (`1e-09 / 11.1`: 9.00900900900901e-11 in Python, ...011e-11 in
    polars). Every other operation is the same IEEE operation in both."""
    return any((isinstance(x, ir.Aggregate) and x.fn == "sum")
               or (isinstance(x, ir.Arith) and x.op == "/")
               for e in exprs if e is not None for x in ir.walk(e))  # fmt: skip


def _longest_runs(c: _Compiler, check: ir.Spell, kind: m.Kind, lf: pl.LazyFrame,
                  names: list[str]) -> tuple[pl.LazyFrame, pl.Expr]:  # fmt: skip
    """The rows in each group's reading order, and per row the days of the run of readings
    holding the condition that it falls in: at least as long as the spell Python measures
    (a reading holds until the next; a reading superseded the same day neither extends nor
    breaks a run; `holding at most` can only shorten it, so it is left to Python)."""
    try:
        if any(isinstance(x, ir.Lookup) or (isinstance(x, ir.Attr) and x.staff)
               for x in ir.walk(check.cond)):  # fmt: skip
            raise _Unknown("a keyed cap or a staff field in a spell's condition")
        if _inexact(check.cond):  # a run cut short by a last bit could be lost
            raise _Unknown("a division in a spell's condition")
        flag = c.truth(check.cond)
    except _Unknown as e:
        raise Unsupported(f"{e} (every group would be a candidate)") from e
    fields = kind.date_fields
    day = day_of(fields)
    which = pl.lit(0)
    for i, f in reversed(list(enumerate(fields))):
        which = pl.when(pl.col(f).is_not_null()).then(pl.lit(i)).otherwise(which)
    own = (pl.when(pl.col("week").is_not_null()).then(7).otherwise(1) if "week" in fields
           else pl.lit(1))  # fmt: skip
    # one sort of every row, by group and reading order; then each row's run, and the days
    # it holds, are found by comparing neighbours and by running sums: no window, no hashing
    lf = _reading_order(lf.with_columns(day.alias("_day"), which.alias("_which"),
                                        flag.alias("_flag"), own.alias("_own")), names)
    same = pl.all_horizontal([pl.col(n) == pl.col(n).shift(-1) for n in names]).fill_null(False)
    end = pl.when(same).then(pl.col("_day").shift(-1)).otherwise(
        pl.col("_day") + pl.duration(days=pl.col("_own")))
    lf = lf.with_columns((end - pl.col("_day")).dt.total_days().alias("_gap"),
                         same.shift(1).fill_null(False).alias("_cont"))  # fmt: skip
    live = pl.col("_gap") > 0
    held = pl.when(live & pl.col("_flag")).then(pl.col("_gap")).otherwise(0)
    lf = lf.with_columns((~pl.col("_cont") | (live & ~pl.col("_flag"))).alias("_start"),
                         held.cum_sum().alias("_sum"), held.alias("_h"))  # fmt: skip
    # a run's days: the running sum at its last row less the running sum before its first
    before = pl.when(pl.col("_start")).then(pl.col("_sum") - pl.col("_h")).forward_fill()
    last = pl.col("_start").shift(-1).fill_null(True)
    days = pl.when(last).then(pl.col("_sum") - before).backward_fill()
    lf = lf.with_columns(days.cast(pl.Float64).alias("_held"))
    return lf, pl.col("_held")


def _reading_order(lf: pl.LazyFrame, names: list[str]) -> pl.LazyFrame:
    """The rows by group, then day, then which date field dated them, then input order. One
    text or date key: sorted by one number made of the three (a sort by a text column and
    three more costs twice as much), stably, as the rows come in input order here."""
    dtype = lf.collect_schema()[names[0]]
    if len(names) != 1 or dtype not in (pl.String, pl.Date):
        return lf.sort([*names, "_day", "_which", "_row"])
    key = pl.col(names[0])
    code = (key.cast(pl.Categorical) if dtype == pl.String else key).to_physical()
    day = pl.col("_day").to_physical().cast(pl.Int64).fill_null(-(1 << 24)) + (1 << 24)
    place = ((code.cast(pl.Int64) + (1 << 31)) * (1 << 28) + day * 4
             + pl.col("_which").cast(pl.Int64))  # fmt: skip
    return lf.sort(place, maintain_order=True)


def _long_runs(lf: pl.LazyFrame, held: pl.Expr, limit: pl.Expr) -> pl.LazyFrame:
    """Only the rows of runs that may last longer than `limit` (a constant), each with the
    reading that ends it: Python measures those runs exactly as it would in the whole group
    (a run begins where its state is reset, and every day in it ends where it would), and a
    run left out holds for no longer than here, so cannot breach. `holding at most` only
    cuts a run shorter."""
    long = (held > limit).fill_null(False)
    lf = lf.with_columns(long.alias("_long"))
    ends = (pl.col("_long").shift(1) & pl.col("_cont") & pl.col("_start")).fill_null(False)
    return lf.filter(pl.col("_long") | ends)


def _beyond(value: pl.Expr, limit: pl.Expr, op: str, inexact: bool) -> pl.Expr:
    """`value` may be past `limit`: exactly, or with a small tolerance for an inexact value
    (a value on the limit is then a candidate, and Python decides)."""
    slack = (limit.abs() + 1.0) * _TOLERANCE if inexact else pl.lit(0.0)
    past = value > limit - slack if op == "most" else value < limit + slack
    return (value.is_not_null() & limit.is_not_null() & past).fill_null(False)


def _ratio_breach(c: _Compiler, check: ir.Ratio) -> pl.Expr:
    left, right = c.expr(check.left), c.expr(check.right)
    inexact = _inexact(check.left, check.right)
    if check.left.type.name == "list":
        left = left.list.len().cast(pl.Float64)
    oks = []
    for lim in check.limits:
        value = c.env.params.get(lim.name) if isinstance(lim, ir.Param) else (
            lim.value if isinstance(lim, ir.Const) else None)
        if value is None:  # unset: the rule is not applied
            continue
        a, b = (float(v) for v in value)
        slack = (left.abs() + 1.0) * b * _TOLERANCE if inexact else pl.lit(0.0)
        oks.append((left >= a) & (right * a <= b * left - slack))
    ok = pl.any_horizontal(oks).fill_null(False) if oks else pl.lit(False)
    return (left.is_not_null() & right.is_not_null() & ~ok).fill_null(False)


# ---------------------------------------------------------------------------------------------
# Which rules run here


def _exprs(rule: ir.Rule) -> list[Any]:
    """The expressions of a rule's `where`, keys and check."""
    exprs: list[Any] = [rule.where, *(k.get for k in rule.keys or ())]
    for value in rule.check:
        exprs.extend((value,) if ir.is_node(value) or not isinstance(value, tuple) else value)
    return [e for e in exprs if ir.is_node(e)]


def _needed(rule: ir.Rule) -> tuple[set[str], set[str]]:
    """The columns a rule's plan may read: of its kind's frame, and of the staff frame."""
    kind = rule.kind
    rows = {*kind.date_fields}
    if isinstance(rule.check, ir.Repaid):  # by person
        rows.add(kind.subject)
    staff: set[str] = set()
    # a `(L where COND)`'s condition reads staff records: its fields are the staff frame's
    kept = {id(x) for e in _exprs(rule) for t in ir.walk(e) if type(t) is ir.Those
            for x in ir.walk(t.cond)}  # fmt: skip
    for e in _exprs(rule):
        for x in ir.walk(e):
            if id(x) in kept:
                if isinstance(x, ir.Field):
                    staff.add(x.name)
            elif isinstance(x, ir.Field):
                rows.add(x.name)
            elif isinstance(x, ir.Attr) and isinstance(x.base, ir.Field) and not x.staff:
                rows.add(f"{x.base.name}.{x.name}")
            elif isinstance(x, ir.Attr) and x.staff:
                staff.add(x.name)
    return rows, staff


def unsupported(rule: ir.Rule) -> str:
    """Why `rule` runs on the Python engine, or "" when it runs here. Decided once per rule
    (and kept with it), by writing its plan over empty frames with every parameter unset."""
    return ir.worked_out(rule, "unsupported", _unsupported)


def _unsupported(rule: ir.Rule) -> str:
    try:
        _plan(rule, Env({}, {}), *_empty_frames(rule.kind))
    except Unsupported as e:
        return str(e)
    return ""


def _plan(rule: ir.Rule, env: Env, rows: pl.DataFrame, staff: pl.DataFrame,
          window: Window | None = None, undated: bool = True,
          one_a_day: bool = False,
          joined: dict[tuple[str, str], pl.Series] | None = None) -> Plan:  # fmt: skip
    params = dict(env.params)
    for name in rule.params | rule.optional_params:
        params.setdefault(name, None)
    return Plan(rule, Env(env.staff, params, env.grades, env.today,
                          unknown_grades=env.unknown_grades),
                rows, staff, window, undated,
                one_a_day, joined)  # fmt: skip


def describe(rule: ir.Rule, params: dict[str, Any] | None = None) -> str:
    """Where `rule` runs and, here, its plan with these parameter values (`workrules compile
    RULE --engine columnar`)."""
    reason = unsupported(rule)
    if reason:
        return (f"# rule {rule.id}: runs on the Python engine (the columnar plan cannot "
                f"express {reason})\n\n{python.source_of(rule)}")
    plan = _plan(rule, Env({}, params or {}), *_empty_frames(rule.kind))
    then = ("its rows are the breaches (the plan tests the whole condition)" if plan.exact
            else "each candidate is then measured by the Python engine's check")
    return (f"# rule {rule.id} ({rule.kind.name}): a polars plan of its candidates; {then}\n\n"
            f"{plan.lf.explain(optimized=False)}\n")


# ---------------------------------------------------------------------------------------------
# Running


def run_rule(
    rule: ir.Rule, data: Dataset, env: Env, window: Window | None = None,
    undated: bool = True,
) -> tuple[list[Measured], set[Missing]]:
    """As `engine.python.run_rule`, with the same results in the same order."""
    if unsupported(rule):
        return python.run_rule(rule, data, env, window, undated)
    records = data.of(rule.kind.name)
    if not records:
        return [], set()
    begun = _batch().pop(rule, data, env) if window is None and undated else None
    try:
        plan, found = begun.result() if begun is not None else (None, None)
    except Exception:  # planned again below, to fail as it always did
        plan = found = None
    if plan is None or found is None:
        plan = _planned(rule, data, env, window, undated)
        found = plan.collect()
    return _finished(rule, records, env, plan, found)


def _planned(rule: ir.Rule, data: Dataset, env: Env, window: Window | None = None,
             undated: bool = True) -> Plan:  # fmt: skip
    """The plan of a rule that runs here, over `data`'s frames."""
    return _inputs(rule, data)(env, window, undated)


def _inputs(rule: ir.Rule, data: Dataset) -> Callable[..., Plan]:
    """The rule's frames, made now; and what writes its plan over them (reading no record:
    it may run on another thread, `_Batch`)."""
    fr, (row_names, staff_names) = frames(data), _needed(rule)
    rows, staff = fr.of(data, rule.kind, row_names), fr.staff(data, staff_names)
    repaid = isinstance(rule.check, ir.Repaid)
    days = fr.of(data, rule.kind, {rule.kind.subject, *rule.kind.date_fields}) if repaid \
        else None  # fmt: skip

    def plan(env: Env, window: Window | None = None, undated: bool = True) -> Plan:
        one_a_day = days is not None and fr.one_a_day_in(rule.kind, days)
        return _plan(rule, env, rows, staff, window, undated, one_a_day, fr.joined(rule.kind))

    return plan


def _finished(rule: ir.Rule, records: Any, env: Env, plan: Plan, found: pl.DataFrame
              ) -> tuple[list[Measured], set[Missing]]:  # fmt: skip
    """The Python engine's check of the candidates a plan found."""
    ns = python.program(rule).bind(rule, env)
    unset: set[Missing] = set()
    take = _taker(records)
    if plan.grouped:  # as the Python engine runs its groups (a keyed cap once per key...)
        return python.run_groups(rule, ns, _groups(found, plan.keys, take, ns), unset), unset
    items = take((found.sort("_first", "_row") if plan.by_record else found.sort("_row"))
                 .get_column("_row").to_list())  # fmt: skip
    if plan.exact:  # the plan tested the condition: what it found breaches
        return python.breaches(rule, items), unset
    return python._run_items(rule, ns, items, unset), unset


class _Batch:
    """The plans of a run's rules, begun together (`begin`): each rule's frames are made on
    the run's thread, then its plan is written and collected on a thread of its own, while
    the run's thread checks and places the candidates of the rules before it (polars
    releases the interpreter while it works, so on two cores the plans cost the run little
    time). A rule's plan is taken (`pop`) by the `run_rule` call with the same rule, data set
    and environment, and no window; only polars frames are read on the other thread, never a
    record."""

    def __init__(self) -> None:
        self._frames: Frames | None = None
        self._env: Env | None = None
        self._begun: dict[int, tuple[ir.Rule, Future[tuple[Plan, pl.DataFrame]]]] = {}

    def begin(self, rules: Sequence[ir.Rule], data: Dataset, env: Env) -> None:
        self.end()
        rules = [r for r in rules if not unsupported(r) and data.of(r.kind.name)]
        if len(rules) < 2:  # nothing to overlap
            return
        global _POOL
        if _POOL is None:
            _POOL = ThreadPoolExecutor(1, thread_name_prefix="workrules-plans")
        self._frames, self._env = frames(data), env
        for rule in rules:  # the first plans run while the frames of the next are made
            try:
                planner = _inputs(rule, data)
            except Exception:  # left to its `run_rule`, which fails as it always did, in
                continue  # the rules' order
            self._begun[id(rule)] = (rule, _POOL.submit(_collected, planner, env))

    def pop(self, rule: ir.Rule, data: Dataset, env: Env
            ) -> Future[tuple[Plan, pl.DataFrame]] | None:  # fmt: skip
        hit = self._begun.get(id(rule))
        if hit is None or hit[0] is not rule or env is not self._env \
                or frames(data) is not self._frames:  # fmt: skip
            return None
        del self._begun[id(rule)]
        if not self._begun:
            self._frames = self._env = None
        return hit[1]

    def end(self) -> None:
        """Drop the plans not taken (a run that stopped early): those not begun never are."""
        for _, future in self._begun.values():
            future.cancel()
        self._begun.clear()
        self._frames = self._env = None


def _collected(planner: Callable[..., Plan], env: Env) -> tuple[Plan, pl.DataFrame]:
    plan = planner(env)
    return plan, plan.collect()


_POOL: ThreadPoolExecutor | None = None  # one thread, shared: plans run one at a time
_LOCAL = threading.local()  # a batch per thread that runs checks: runs never meet


def _batch() -> _Batch:
    """This thread's batch of begun plans."""
    batch: _Batch | None = getattr(_LOCAL, "batch", None)
    if batch is None:
        batch = _LOCAL.batch = _Batch()
    return batch


def begin(rules: Sequence[ir.Rule], data: Dataset, env: Env) -> None:
    """Begin the plans of these rules over `data` with `env`, each to be taken by the
    `run_rule(rule, data, env)` that follows on this thread (the same results as without:
    only sooner)."""
    _batch().begin(rules, data, env)


# Key columns whose values polars gives back as Python has them (a number may be an int in
# a record and a float here): other keys are taken from the Python engine's own grouping.
_EXACT_KEYS = (pl.String, pl.Date, pl.Boolean)


def _taker(records: Any) -> Callable[[list[int]], list[Any]]:
    """The records in these places: records kept as columns (`lazyrows.Rows`) are built in
    bulk, only those read."""
    from ..lazyrows import Rows

    if isinstance(records, Rows):
        return records.take
    return lambda places: list(map(records.__getitem__, places))


def _groups(found: pl.DataFrame, keys: int, take: Callable[[list[int]], list[Any]],
            ns: dict[str, Any]) -> dict[tuple[Any, ...], list[Any]]:  # fmt: skip
    """The candidate groups (keys -> records), in the Python engine's order, each with its
    records in input order (found is in the order of each group's first record, then of the
    place of its items)."""
    names = [f"_k{i}" for i in range(keys)]
    places = found.get_column("_rows")
    if all(found.schema[n] in _EXACT_KEYS for n in names):
        # every group's records read at once, then cut into groups by their counts (slices
        # of one list, made with no call of Python code)
        built = take(places.explode().to_list())
        ends = list(accumulate(places.list.len().to_list()))
        cut = map(built.__getitem__, map(slice, chain((0,), ends), ends))
        keys_of = zip(*(_values_of(found.get_column(n)) for n in names), strict=True)
        return dict(zip(keys_of, cut, strict=False))
    # regrouped by the Python engine's own grouping, so keys are its values, in its order
    # (a group's first record decides its place; all of a candidate's records are here)
    wanted = set(found.select(names).iter_rows())
    groups = ns["group"](take(places.explode().unique().sort().to_list()))
    return {k: v for k, v in groups.items() if k in wanted}


def _values_of(column: pl.Series) -> list[Any]:
    """A column's values as Python has them; a date made once per distinct day."""
    if column.dtype != pl.Date:
        return column.to_list()
    days = column.to_physical().to_list()
    made = {d: None if d is None else dt.date.fromordinal(d + _EPOCH) for d in set(days)}
    return list(map(made.__getitem__, days))
