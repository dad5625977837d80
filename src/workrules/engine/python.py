"""The Python engine: each rule becomes one generated Python module.

`program(rule)` writes a module from the rule's typed IR: `where(records)` keeps the records
the rule selects, `group(records)` indexes them by the `per` keys (`gather` too, with no list
for a group of one record), the check's functions (`select(items)` for a measure, require or
forbid, the parts of the others) and one function per part of the sentence and per fact a
finding explains. Every expression is written inline as Python, so a record or a group costs
one call, not one per node of the tree, and no object is made per record that only a breach
needs.

Values are never written into the source: constants (numbers, dates, sets, regexes, text
patterns) are bound by name (`_c0`...), parameter values are bound per run (`_p0`...), so no
text from a policy or the data is ever evaluated, and the same rule always generates the same
source. Compiled code is cached by source. Each module is registered in `linecache` under a
name of its own (`<workrules rule ID>`), so a traceback or pdb shows the generated line;
`workrules compile RULE` prints the module.

What is not an expression (the loops of `ratio`, `spell`, `most at once` and `repaid by`, and
how a fact is put in words) is plain Python here, run over the generated functions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import linecache
import operator
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import repeat
from types import CodeType
from typing import TYPE_CHECKING, Any, cast

from .. import datamodel as dm
from .. import model as m
from ..dataset import KEY_FIELDS, PLACING_KINDS, Dataset
from ..findings import Period
from ..lang import ir
from ..render import counted, in_words, number, plural_of, render, renderer, singular_of, value_word
from .common import (
    EPSILON,
    TOLERANT_SOURCE,
    Env,
    Facts,
    Group,
    JudgedApart,
    Measured,
    Missing,
    NoEntry,
    OverSpell,
    UnsetParam,
    held_at_peak,
    latest,
    lookup,
    missing,
    numeric,
    peak_of,
    spells_over,
)

if TYPE_CHECKING:
    from ..policy import Policy

_ONE_DAY = dt.timedelta(days=1)
_BACK_TO_MONDAY = tuple(dt.timedelta(days=i) for i in range(7))
_SYMBOLS = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "+": "+",
            "-": "-", "*": "*", "/": "/"}  # fmt: skip
# A Measured made in generated code: the tuple made at once, its defaults written out (a
# named tuple's own constructor is a Python function: one call more per breach)
_MEASURED = "_new(_Measured, ("
_new = tuple.__new__
_REST = ", ".join(map(repr, Measured._field_defaults.values()))  # (), None, '': literals
# expressions whose Python is a bool whatever the values (a missing side gives False)
_BOOLEAN = (ir.Compare, ir.IsSet, ir.Not, ir.BoolOp, ir.TextMatch, ir.KnownGrade)
Describe = Callable[[Any, bool], tuple[str, int | None]]  # (record, wanted) -> (fact, line)


def mentions_pattern(words: str) -> re.Pattern[str]:
    """`mentions "line manag"`: the words in order, any case, spaces or hyphens between."""
    parts = [re.escape(w) for w in words.split()]
    return re.compile(r"(?i)\b" + r"[\s-]+".join(parts))


def text_regex(e: ir.TextMatch) -> Any:
    """What `mentions` or `matches` searches with. `mentions` builds a plain sequence of
    escaped words (no nested repeats: Python's engine runs it in linear time); a policy's own
    `/regex/` runs on RE2, which never backtracks (see `textpattern.regex`)."""
    if e.how == "mentions":
        return mentions_pattern(e.pattern)
    from ..textpattern import regex

    return regex(e.pattern)


# ---------------------------------------------------------------------------------------------
# Writing the module


@functools.cache
def _getter(name: str) -> Callable[[Any], Any]:
    """One `attrgetter` per field name, so that a module binds it once."""
    return operator.attrgetter(name)


def _tolerant(op: str, a: str, b: str) -> str:
    """The source of `a op b` for numbers: a difference within EPSILON is none (common.py)."""
    return TOLERANT_SOURCE[op].format(a=a, b=b).replace("EPSILON", repr(EPSILON))


def _shown(value: Any) -> str:
    """A constant as a comment shows it: a set in sorted order, so the source is the same
    from one run to the next."""
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(map(repr, value))) + "}"
    return repr(value)


class _NotSingle(Exception):
    """A value over a group that has no form for a group of one record (`measure_groups`)."""


class Writer:
    """The source of one rule's module, with the values it binds by name."""

    def __init__(self) -> None:
        self.consts: dict[str, Any] = {}
        self.notes: list[str] = []  # what each bound name holds, said at the top
        self.params: dict[str, str] = {}  # parameter -> the name its value is bound to
        self.memos: list[str] = []  # a keyed parameter's values by key: a dict made per run
        self.defs: list[str] = []
        self.temps = 0
        self.amongs: list[ir.Among] = []  # each `among`, in order: bound per run as _amongN
        self._functions = 0
        self._bound: dict[Any, str] = {}
        self._renderers: dict[tuple[bool, str], str] = {}
        self._choice_words: dict[tuple[tuple[str, str], ...], str] = {}
        self.unpacked = False  # writing a loop over (keys, records) pairs, not Groups
        # writing one pass over the records (`passes`): a staff member's field, by its source,
        # and the name it is read into once per record where the pass reads it twice or more
        self.shared: dict[str, str] | None = None
        # writing the lines of a pass (`passes`): a field of a staff member that an optional
        # field names is shared too (it reads that field with a temporary of its own)
        self.in_pass = False
        self.single = False  # ... and of a group of one record: `_rs` is the record
        self.params_set = False  # writing for a run whose every parameter has a value
        self.unguarded = 0  # how many tests for a parameter's None that leaves out

    def bind(self, value: Any, note: str) -> str:
        """A name for `value`; an equal value of the same type shares the name."""
        try:
            key: Any = (type(value), value, note)
            name = self._bound.get(key)
        except TypeError:  # unhashable: a name of its own
            key, name = None, None
        if name is None:
            name = f"_c{len(self.consts) - len(self._renderers)}"
            self.consts[name] = value
            self.notes.append(f"# {name}: {note}")
            if key is not None:
                self._bound[key] = name
        return name

    def renderer(self, type_: m.FieldType) -> str:
        """A name for a function that puts a value of `type_` in words (`render.renderer`)."""
        key = (type_.name == "ratio", type_.dim)
        if key not in self._renderers:
            self._renderers[key] = name = f"_r{len(self._renderers)}"
            self.consts[name] = renderer(type_)
            self.notes.append(f"# {name}: puts a value of type {type_.describe()} in words")
        return self._renderers[key]

    def choice_words(self, type_: m.FieldType) -> str | None:
        """A name for the values of a list of choices (`type_`, an enum) that a sentence says
        otherwise than written (`render.in_words`: `very_high` is "very high"), each with its
        words; None when it has none."""
        said = {v: in_words(v) for v in type_.values if in_words(v) != v}
        if not said:
            return None
        key = tuple(sorted(said.items()))
        if key not in self._choice_words:
            self._choice_words[key] = name = f"_w{len(self._choice_words)}"
            self.consts[name] = said
            self.notes.append(f"# {name}: the values of {type_.describe()} said in words")
        return self._choice_words[key]

    def param(self, name: str) -> str:
        if name not in self.params:
            self.params[name] = f"_p{len(self.params)}"
            self.notes.append(f"# {self.params[name]}: the value of parameter {name}")
        return self.params[name]

    def tmp(self) -> str:
        self.temps += 1
        return f"_t{self.temps}"

    def define(self, name: str, args: str, body: list[str]) -> str:
        self.defs.append(f"def {name}({args}):\n" + "".join(f"    {b}\n" for b in body))
        return name

    def function(self, e: ir.Expr) -> str:
        """A function of the record or group `x` returning `e`."""
        self._functions += 1
        return self.define(f"_e{self._functions}", "x", [f"return {self.expr(e)}"])

    def source(self, title: str, defs: list[str]) -> str:
        head = [f"# {title}", *self.notes]
        return "\n".join(head) + "\n\n\n" + "\n\n".join(defs)

    # expressions ---------------------------------------------------------------------------
    def expr(self, e: ir.Expr, x: str = "x") -> str:
        """`e` as a Python expression over `x` (a record, a group, or in a sentence the record
        or group of the finding `f`)."""
        if isinstance(e, ir.Const):
            return self.bind(e.value, _shown(e.value))
        if isinstance(e, ir.Param):
            return self.param(e.name)
        if isinstance(e, ir.Field):
            return f"{x}.{e.name}"
        if isinstance(e, ir.Key):
            return f"{self.keys_of(x)}[{e.position}]"
        if isinstance(e, ir.Calendar):
            return self.calendar(e.unit, e.fields, x)
        if isinstance(e, ir.Attr):
            return self.attr(e, x)
        if isinstance(e, ir.Lookup):
            table, name, key = self.param(e.name), self.bind(e.name, "a parameter name"), (
                self.expr(e.key, x))  # fmt: skip
            if e.key.type.name == "list":  # several keys (roles): a tuple, looked up each time
                return f"_lookup({table}, {name}, {key}, _grades)"
            # a key's value kept once found, in a dict of the run's own (`Program.bind`):
            # most keys (grades) recur from one record or group to the next; a key left
            # unset raises each time, as it is never kept
            memo, k, v = f"_m{table}", self.tmp(), self.tmp()
            if memo not in self.memos:
                self.memos.append(memo)
            return (f"({v} if ({v} := {memo}.get({k} := {key}, {memo})) is not {memo} else "
                    f"_lookup_kept({memo}, {table}, {name}, {k}, _grades))")
        if isinstance(e, ir.Count):
            return "1" if self.single and x == "x" else f"len({self.records_of(x)})"
        if isinstance(e, ir.MostAtOnce):
            spans = self.bind(e.spans, "span fields")
            staff = ", _staff" if any(type(u) is tuple for u in e.spans[2:]) else ""
            return f"len(_held_at_peak({self.records_of(x)}, {spans}{staff})[1])"
        if isinstance(e, ir.Aggregate):
            return self.aggregate(e, x)
        if isinstance(e, ir.NumberOf):
            t = self.tmp()
            return f"(None if ({t} := {self.expr(e.arg, x)}) is None else len({t}))"
        if isinstance(e, ir.Those):
            # the condition as a function of one staff record (nothing of the record judged
            # is shared into it), the ids meeting it worked out once a run (`_those`)
            shared, self.shared = self.shared, None
            try:
                test = self.function(e.cond)
            finally:
                self.shared = shared
            memo = f"_m{test}"
            if memo not in self.memos:
                self.memos.append(memo)
            return f"_those({memo}, {test}, _staff, {self.expr(e.arg, x)})"
        if isinstance(e, ir.Arith):
            return self.arith(e, x)
        if isinstance(e, ir.Shift):
            a, by = self.expr(e.arg, x), self.bind(dt.timedelta(days=e.days), f"{e.days} days")
            if not e.type.optional:  # (an unset parameter is: see `typecheck.shift`)
                return f"({a} + {by})"
            t, a = self.named(a)
            return f"(None if {a} is None else {t} + {by})"
        if isinstance(e, ir.Compare):
            return self.compare(e, x)
        if isinstance(e, ir.IsSet):
            if isinstance(e.arg, ir.Lookup) and e.arg.key.type.name != "list":
                # a keyed cap "is set" for a key that has no entry, nor its family: it is not
                # (a PSO's job description, where only an SPO's span is capped, was said to be
                # "applied in part" on every run: a first hour, round 43); an entry left unset
                # is still said
                table, name = self.param(e.arg.name), self.bind(e.arg.name, "a parameter name")
                found = f"_lookup_set({table}, {name}, {self.expr(e.arg.key, x)}, _grades)"
                return f"(not {found})" if e.negated else found
            return f"({self.expr(e.arg, x)} {'is None' if e.negated else 'is not None'})"
        if isinstance(e, ir.KnownGrade):  # (a missing grade is in no set of unknown ones)
            return f"({self.expr(e.arg, x)} not in _unknown)"
        if isinstance(e, ir.TextMatch):
            t, rx = self.tmp(), self.bind(text_regex(e), f"{e.how} {e.pattern!r}")
            return f"(({t} := {self.expr(e.arg, x)}) is not None and {rx}.search({t}) is not None)"
        if isinstance(e, ir.Gives):
            gives = self.bind(e.matcher.gives, f"text pattern {e.pattern}")
            return f"{gives}({self.expr(e.arg, x)})"
        if isinstance(e, ir.NumberIn):
            number = self.bind(e.matcher.number, f"text pattern {e.pattern}'s number")
            return f"{number}({self.expr(e.arg, x)})"
        if isinstance(e, ir.Not):
            return f"(not {self.expr(e.arg, x)})"
        if isinstance(e, ir.BoolOp):
            return "bool(" + f" {e.op} ".join(self.expr(a, x) for a in e.args) + ")"
        if isinstance(e, ir.Otherwise):
            t = self.tmp()
            return (f"({t} if ({t} := {self.expr(e.first, x)}) is not None else "
                    f"{self.expr(e.second, x)})")
        if isinstance(e, ir.Place):
            return self.place(e, x)
        if isinstance(e, ir.Mean) and e.member is not None:
            r = self.tmp()
            pairs = (f"[({self.expr(e.member, r)}, {self.expr(e.arg, r)}) for {r} in "
                     f"{self.records_of(x)}]")  # fmt: skip
            return f"_mean_by({pairs})"
        if isinstance(e, ir.Mean):
            r, v = self.tmp(), self.tmp()
            each = self.each(e.arg, x, r, v)
            return f"_mean([{each}])"
        if isinstance(e, ir.Distinct):
            r, v = self.tmp(), self.tmp()
            each = self.each(e.arg, x, r, v)
            return f"len({{{each}}})"
        if isinstance(e, ir.Share):
            r = self.tmp()
            pairs = (f"[({self.expr(e.member, r)}, {self.expr(e.cond, r)}) for {r} in "
                     f"{self.records_of(x)}]")  # fmt: skip
            return f"_share({pairs}, {e.percent})"
        if isinstance(e, ir.Among):
            return self.among(e, x)
        if isinstance(e, ir.Counted):
            nouns = self.bind((e.singular, e.plural), "a noun and its plural")
            return f"_counted({self.expr(e.arg, x)}, *{nouns})"
        if isinstance(e, ir.Today):
            return "_today"
        assert isinstance(e, ir.Builtin)
        return f"f.{e.name}"

    def test(self, e: ir.Expr, x: str = "x") -> str:
        """`e` as a condition, where only its truth is used (`if`, `not`, `and`, `or`): `and`
        and `or` are written without the `bool()` that makes their value True or False."""
        if isinstance(e, ir.BoolOp):
            return "(" + f" {e.op} ".join(self.test(a, x) for a in e.args) + ")"
        if isinstance(e, ir.Not):
            return f"(not {self.test(e.arg, x)})"
        return self.expr(e, x)

    def among(self, e: ir.Among, x: str) -> str:
        """`e.agg` over the other kind's records that match the group `x` (`_among_index`)."""
        i, t = len(self.amongs), self.tmp()
        self.amongs.append(e)
        shared, self.shared = self.shared, None  # the functions' own `x`: nothing read once
        try:
            gets = "".join(f"{self.expr(mt.get, 'x')}, " for mt in e.matches
                           if mt.get is not None)  # fmt: skip
            key = self.define(f"_amk{i}", "x", [f"return ({gets})"])
            where = "None"
            if e.where is not None:
                where = self.define(f"_amw{i}", "x", [f"return {self.expr(e.where)}"])
        finally:
            self.shared = shared
        group = f", {self.records_of(x)}" if e.same is not None else ""
        return (f"(None if not ({t} := _among({i}, {key}, {where}, {self.keys_of(x)}{group}))"
                f".records else {self.expr(e.agg, t)})")

    def place(self, e: ir.Place, x: str) -> str:
        """A record's unit or region (`ir.Place`), inline: its own, else its person's (their
        own, else their file's), else its file's."""
        table, body = f"_{e.what}s", f"_{e.what}s.get({x}.file)"
        if e.person:
            p, f = self.tmp(), self.tmp()
            person = x if e.person == "self" else f"_staff.get({x}.{e.person})"
            body = (f"({f} if ({p} := {person}) is not None and ({f} := ({p}.{e.what} or "
                    f"{table}.get({p}.file))) is not None else {body})")
        if e.own:
            t = self.tmp()
            body = f"({t} if ({t} := {x}.{e.what}) is not None else {body})"
        return body

    def day(self, fields: tuple[str, ...], x: str) -> str:
        """The record's day: the first of its date fields that is given."""
        if not fields:
            return "None"
        body = f"{x}.{fields[-1]}"
        for f in reversed(fields[:-1]):
            t = self.tmp()
            body = f"({t} if ({t} := {x}.{f}) is not None else {body})"
        return body

    def order(self, fields: tuple[str, ...]) -> str:
        """A record's place in time (`common.latest_order`): its day, then which of its date
        fields gave it, so that on one day a daily reading comes after a weekly one."""
        body = "None"
        for i in reversed(range(len(fields))):
            t = self.tmp()
            body = f"(({t}, {i}) if ({t} := x.{fields[i]}) is not None else {body})"
        return body

    def calendar(self, unit: str, fields: tuple[str, ...], x: str) -> str:
        if not fields:  # a kind with no date: every week the data covers (`data_weeks`)
            return "_data_weeks"
        day = self.day(fields, x)
        if unit == "day":
            return day
        t = self.tmp()
        start = (f"{t} - {self.bind(_BACK_TO_MONDAY, 'timedelta(days=0..6)')}[{t}.weekday()]"
                 if unit == "week" else f"{t}.replace(day=1)")
        return f"(None if ({t} := {day}) is None else {start})"

    def attr(self, e: ir.Attr, x: str) -> str:
        base, t = self.expr(e.base, x), self.tmp()
        if not e.staff:
            return f"(None if ({t} := {base}) is None else {t}.{e.name})"
        # a staff member's field: the base is one staff id (the type check gives a list no
        # fields), looked up in the staff list; an optional id may be missing
        if not e.base.type.optional:
            src = f"_staff[{base}].{e.name}"
            if self.shared is not None and isinstance(e.base, ir.Field) and x == "x":
                return self.shared.setdefault(src, f"_h{len(self.shared)}")
            return src
        if self.in_pass and self.shared is not None and isinstance(e.base, ir.Field) \
                and x == "x":  # fmt: skip
            # (a line of its own at the top of a pass, or written where it is read once)
            src = f"(None if (_b := {base}) is None else _staff[_b].{e.name})"
            return self.shared.setdefault(src, f"_h{len(self.shared)}")
        return f"(None if ({t} := {base}) is None else _staff[{t}].{e.name})"

    def aggregate(self, e: ir.Aggregate, x: str) -> str:
        r, v = self.tmp(), self.tmp()
        inner = self.expr(e.arg, r)
        if e.fn == "latest":
            k = self.tmp()
            return (f"_latest([({k}, {v}) for {r} in {self.records_of(x)} if ({k} := "
                    f"_order({r})) is not None and ({v} := {inner}) is not None])")
        default = "" if e.fn == "sum" else ", default=None"
        if isinstance(e.arg, ir.Field) and not e.arg.type.optional:  # no Python per record
            if self.single and x == "x":  # sum([v]) is 0 + v, max([v]) and min([v]) are v
                return f"(0 + _rs.{e.arg.name})" if e.fn == "sum" else f"_rs.{e.arg.name}"
            get = self.bind(_getter(e.arg.name), f"gets a record's {e.arg.name}")
            return f"{e.fn}(map({get}, {self.records_of(x)}){default})"
        return f"{e.fn}([{self.each(e.arg, x, r, v, inner)}]{default})"

    def each(self, e: ir.Expr, x: str, r: str, v: str, inner: str | None = None) -> str:
        """`e` of each of the group `x`'s records `r` where it is given: a value that is never
        missing (a field that is not optional) is taken as it is."""
        inner = inner if inner is not None else self.expr(e, r)
        if not e.type.optional and isinstance(e, ir.Field):
            return f"{inner} for {r} in {self.records_of(x)}"
        return f"{v} for {r} in {self.records_of(x)} if ({v} := {inner}) is not None"

    def records_of(self, x: str) -> str:
        """The records of the group `x`; in a loop over a grouping's (keys, records) pairs,
        the name of the records."""
        if self.single and x == "x":
            raise _NotSingle
        return "_rs" if self.unpacked and x == "x" else f"{x}.records"

    def keys_of(self, x: str) -> str:
        return "_ks" if self.unpacked and x == "x" else f"{x}.keys"

    def arith(self, e: ir.Arith, x: str) -> str:
        a, b, sym = self.expr(e.left, x), self.expr(e.right, x), _SYMBOLS[e.op]
        if not e.type.optional:
            return f"({a} {sym} {b})"
        (ta, a), (tb, b) = self.named(a), self.named(b)
        zero = f" or {tb} == 0" if sym == "/" else ""
        return f"(None if {a} is None or {b} is None{zero} else {ta} {sym} {tb})"

    def named(self, a: str) -> tuple[str, str]:
        """A name for the value of the Python `a`, and `a` written so that it binds the name
        (a name already, as a value read once per record is: `passes`, taken as it is)."""
        if a.isidentifier():
            return a, a
        t = self.tmp()
        return t, f"({t} := {a})"

    def compare(self, e: ir.Compare, x: str) -> str:
        a = self.expr(e.left, x)
        op = _SYMBOLS.get(e.op)
        if op is not None and numeric(e.left.type, e.right.type):  # within EPSILON: equal
            def op_of(left: str, right: str) -> str:
                return _tolerant(e.op, left, right)
        else:
            def op_of(left: str, right: str) -> str:
                return f"{left} {op} {right}"
        if op is not None and ir.is_const(e.right):
            c = self.expr(e.right, x)
            guard = f"{c} is not None and " if isinstance(e.right, ir.Param) else ""
            if guard and self.params_set:
                guard, self.unguarded = "", self.unguarded + 1
            if not e.left.type.optional:
                return f"({guard}{op_of(f'({a})', c)})"
            t, a = self.named(a)
            return f"({guard}{a} is not None and {op_of(t, c)})"
        if (isinstance(e.right, ir.Const) and isinstance(e.right.value, (set, frozenset))
                and None not in e.right.value):  # fmt: skip
            # a set written in the policy: never None, so neither tested nor named (a
            # missing left side is in no such set, as the general form below gives False)
            c = self.expr(e.right, x)
            if e.op == "in":
                return f"({a} in {c})"
            t, a = self.named(a)
            test = {"not-in": f"{t} not in {c}", "within": f"{c}.issuperset({t})",
                    "overlaps": f"not {c}.isdisjoint({t})"}.get(e.op)  # fmt: skip
            if test is not None:
                return f"({a} is not None and {test})"
        ta, tb = self.tmp(), self.tmp()
        both = f"({ta} := {a}) is not None and ({tb} := {self.expr(e.right, x)}) is not None"
        test = {"in": f"{ta} in {tb}", "not-in": f"{ta} not in {tb}",
                "within": f"set({ta}) <= set({tb})",
                "overlaps": f"not set({ta}).isdisjoint({tb})"}.get(e.op)  # fmt: skip
        return f"({both} and {test or op_of(ta, tb)})"

    # the rule ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def passes(self, body: list[str], who: str = "") -> Iterator[None]:
        """Writing the lines of one pass over the records (`for x in records:` ends `body`
        when it starts): a staff member's field that the lines read twice or more for a
        record (a `where` and the value measured, say) is read once, at the top of the
        loop; so is one read through an optional id (`line_manager.left_on`: None when no
        one is named). A staff id a record names is always in the staff lists (`dataset`
        refuses data that names anyone else), and a field of the staff record is only read,
        so reading it earlier than the lines would changes nothing they do.

        With `who` (the field naming the person a record is about), the loop notes that
        person as `_s`, and only when it changes from one record to the next (a file lists
        a person's records together) does it read that person's shared fields again and
        set `n` to None, for the lines to fill in once per run of records."""
        self.shared, top, self.in_pass = {}, len(body), True
        try:
            yield
        finally:
            shared, self.shared, self.in_pass = self.shared, None, False
        once: list[str] = []
        through: dict[str, list[tuple[str, str]]] = {}  # optional id -> (name, field) read
        for src, name in shared.items():
            uses = re.compile(rf"\b{name}\b")
            if sum(len(uses.findall(line)) for line in body[top:]) > 1:
                if who and src.startswith(f"_staff[x.{who}]."):
                    once.append(f"        {name} = {src.replace(f'x.{who}', '_s', 1)}")
                elif (by := _THROUGH.fullmatch(src)) is not None:
                    through.setdefault(by[1], []).append((name, by[2]))
                else:
                    body.insert(top, f"    {name} = {src}")
            else:
                body[top:] = [uses.sub(src.replace("\\", r"\\"), line) for line in body[top:]]
        for at, (base, read) in enumerate(through.items()):
            # the person an optional id names looked up once, then each field read from them
            # (as `_q0`: `_p0` is a parameter's value, `Writer.param`)
            names = " = ".join(n for n, _ in read)
            fields = "; ".join(f"{n} = _q{at}.{f}" for n, f in read)
            body[top:top] = [f"    if (_b := {base}) is None: {names} = None",
                             f"    else: _q{at} = _staff[_b]; {fields}"]  # fmt: skip
        if who:
            body[top:top] = [f"    if (_s := x.{who}) != _who:", "        _who, n = _s, None",
                             *once]  # fmt: skip

    def grouping(self, keys: tuple[ir.GroupKey, ...], where: ir.Expr | None = None,
                 name: str = "group", lists: bool = True) -> None:  # fmt: skip
        """The grouping loop written out for these keys: one pass, no call per key. A list
        key (`per supervisors`) puts the record in one group per item. With `where`, the
        records it does not select are skipped in the same pass. A key that is never missing
        (its type is not optional) is not tested for None. Unless `lists`, a group of one
        record holds the record itself, a list only from its second (`_records`): most
        groups of a day hold one record, and no list is made for them."""
        body = ["groups = defaultdict(list)" if lists else "groups = {}", "for x in records:"]
        names = []
        if (isinstance(where, ir.IsSet) and not where.negated
                and any(k.get == where.arg and k.get.type.optional for k in keys)):  # fmt: skip
            where = None  # `where KEY is set`: a record whose key is missing is skipped anyway
        # keys the `where` requires to be set (`where line_manager is set and ...`): a record
        # it selects has them, so they are not tested for None again
        given = {a.arg for a in (where.args if isinstance(where, ir.BoolOp) and where.op == "and"
                                 else (where,)) if isinstance(a, ir.IsSet) and not a.negated}
        with self.passes(body):
            if where is not None:
                body.append(f"    if not {self.test(where)}: continue")
            for i, k in enumerate(keys):
                get = self.expr(k.get)
                if (not k.get.type.optional or k.get in given) and re.fullmatch(r"x\.\w+", get):
                    names.append(get)  # a field that is always given: read where it is used
                    continue
                body.append(f"    k{i} = {get}")
                if k.get.type.optional:
                    body.append(f"    if k{i} is None: continue")
                names.append(f"k{i}")
        indent = "    "
        for i, k in enumerate(keys):
            if k.explode:
                body.append(f"{indent}for i{i} in {names[i]}:")
                indent += "    "
                names[i] = f"i{i}"
        key = names[0] if len(names) == 1 else f"({''.join(nm + ', ' for nm in names)})"
        if lists:
            body.append(f"{indent}groups[{key}].append(x)")
        else:
            body += [f"{indent}_g = groups.get(_k := {key})",
                     f"{indent}if _g is None: groups[_k] = x",
                     f"{indent}elif type(_g) is list: _g.append(x)",
                     f"{indent}else: groups[_k] = [_g, x]"]  # fmt: skip
        # one key: grouped by it, made a tuple once per group
        body.append("return {(k,): v for k, v in groups.items()}" if len(names) == 1 else
                    "return groups")  # fmt: skip
        self.define(name, "records", body)

    def measure(self, check: ir.Measure, x: str, evidence: str, loop: str, within: str
                ) -> list[str]:  # fmt: skip
        """The body of a `measure` check's selection: a `Measured` for each breach. A
        limit that is the same for every item (a constant or a plain parameter) is read once,
        and a value that is never missing is not tested for None."""
        value = f"(_val := {self.expr(check.value)})"
        if ir.is_const(check.limit):
            test = (f"{value} is not None and not ({within})"
                    if check.value.type.optional else f"not ({within.replace('_val', value, 1)})")
            return [f"_lim = {self.expr(check.limit)}", "if _lim is None: return []",
                    f"return [{_MEASURED}{x}, {evidence}, _val, _lim, None, None, {_REST})) "
                    f"for {loop} "
                    f"if {test}]"]  # fmt: skip
        return [f"return [{_MEASURED}{x}, {evidence}, _val, _lim, None, None, {_REST})) "
                f"for {loop} if "
                f"{value} is not None and (_lim := "
                f"{self.expr(check.limit)}) is not None and not ({within})]"]

    def measure_groups(self, check: ir.Measure, within: str) -> list[str]:
        """`measure` over `gather`'s dict, in one loop; a `Group` is made for breaches only.
        A group of one record (the record itself) is measured by the value written for one
        record (`count` is 1, `sum of FIELD` the field) where the value has such a form, else
        as a list that is used again from one group to the next."""
        head = ["out = []"]
        if ir.is_const(check.limit):
            head[:0] = [f"_lim = {self.expr(check.limit)}", "if _lim is None: return []"]

        def test() -> str:
            value = f"(_val := {self.expr(check.value)})"
            if ir.is_const(check.limit):
                at_once = within.replace("_val", value, 1)  # the value taken as it is tested
                return (f"{value} is not None and not ({within})"
                        if check.value.type.optional else f"not ({at_once})")
            return (f"{value} is not None and (_lim := {self.expr(check.limit)}) is not None "
                    f"and not ({within})")

        many = test()
        self.single = True
        try:
            one: str | None = test()
        except _NotSingle:
            one = None
        finally:
            self.single = False
        found = "{}_new(_Group, (_ks, {})), {}, _val, _lim, None, None, {})))"
        if one is None:
            own = "[*_rs] if _rs is _one else _rs"  # the reused list is not a group's own
            return [*head, "_one = [None]", "for _ks, _rs in groups.items():",
                    "    if type(_rs) is not list: _one[0] = _rs; _rs = _one",
                    f"    if {many}:",
                    f"        out.append({found.format(_MEASURED, own, 'tuple(_rs)', _REST)}",
                    "return out"]  # fmt: skip
        if not re.search(r"\b_[kr]s\b", one):  # the same for every group of one record
            # (`count` is 1): tested once, and again for a group only if it holds
            head.append(f"_single = {one}")
            one = f"_single and {one}"
        return [*head, "for _ks, _rs in groups.items():",
                "    if type(_rs) is not list:",
                f"        if {one}: out.append({found.format(_MEASURED, '[_rs]', '(_rs,)', _REST)}",
                "        continue",
                f"    if {many}: out.append({found.format(_MEASURED, '_rs', 'tuple(_rs)', _REST)}",
                "return out"]  # fmt: skip

    def people(self, check: ir.Repaid, kind: m.Kind, where: ir.Expr | None = None,
               name: str = "people") -> None:  # fmt: skip
        """`repaid by`, in one pass over the records (with `where`, skipping those it does
        not select): for each person they are about, [their last day, their rows], a row
        being (day, owed, paid, record). With `every` false, only the rows that owe or pay
        something: a row that does neither only moves the day on (`_repaid`), and no object
        is made for it."""
        body = ["people = {}", "for x in records:"]
        with self.passes(body):
            if where is not None:
                body.append(f"    if not {self.test(where)}: continue")
            body += [f"    d = {self.day(kind.date_fields, 'x')}",
                     f"    e = people.get(x.{kind.subject})",
                     f"    if e is None: e = people[x.{kind.subject}] = [d, []]",
                     "    elif d > e[0]: e[0] = d",
                     f"    o = {self.expr(check.owed)}", f"    p = {self.expr(check.paid)}",
                     "    if every or (o is not None and (p or not o <= 0)): "
                     "e[1].append((d, o, p, x))"]  # fmt: skip
        body.append("return people")
        self.define(name, "records, every", body)

    def owing(self, check: ir.Repaid, kind: m.Kind, where: ir.Expr | None = None,
              name: str = "owing") -> None:  # fmt: skip
        """`repaid by` with nothing repaid later (`_repaid`): each record stands alone. In
        one pass (with `where`, skipping the records it does not select): the (day, owed,
        paid, record, the person's place in the order they first come) rows, the place
        taken while the record is at hand (with `every` false, only the rows that still owe
        something once they repay their own debt, worked out as `_repaid` does)."""
        who = kind.subject
        body = ["first = {}", "rows = []", "_who, n = object(), None",
                "for x in records:"]
        with self.passes(body, who):
            if where is not None:
                body.append(f"    if not {self.test(where)}: continue")
            after_where = len(body)
            # with `every` false, a row is kept if something is left owed once it repays its
            # own debt: owed more than nothing, and more than it repaid (when it repaid).
            # What is paid is read only for a row that owes, unless reading it could raise
            # (a keyed parameter: `run_rule` then goes one by one and notes what was unset)
            paid = self.expr(check.paid)
            body += ["    if n is None:",
                     "        if (n := first.get(_s)) is None: n = first[_s] = len(first)",
                     f"    o = {self.expr(check.owed)}"]  # fmt: skip
            if "_lookup(" in paid:
                body += [f"    p = {paid}", "    if o is None or not every and (o <= 0 or p "
                         "and p > 0 and o <= p): continue"]  # fmt: skip
            else:
                body += ["    if o is None or not every and o <= 0: continue",
                         f"    p = {paid}",
                         "    if not every and p and p > 0 and o <= p: continue"]  # fmt: skip
            body.append(f"    rows.append(({self.day(kind.date_fields, 'x')}, o, p, x, n))")
            after_where = len(body) - after_where
        if where is not None:
            # a `where` that reads only the person's fields is tested once per run of their
            # records, with those fields (`passes`)
            at = len(body) - after_where - 1
            test = body[at][len("    if not "):-len(": continue")].replace(
                f"_staff[x.{who}]", "_staff[_s]")  # fmt: skip
            if not re.search(r"\bx\b", test):
                body[at:at + 1] = ["    if not _ok: continue"]
                body.insert(at, f"        _ok = {test}")
        body.append("return rows")
        self.define(name, "records, every", body)

    def check(self, check: ir.Check, kind: m.Kind, grouped: bool,
              where: ir.Expr | None = None) -> None:  # fmt: skip
        if isinstance(check, ir.Measure):
            within = "<=" if check.op == "most" else ">="
            within = (_tolerant(within, "_val", "_lim") if numeric(check.value.type)
                      else f"_val {within} _lim")  # fmt: skip
            evidence = "tuple(x.records)" if grouped else "(x,)"
            self.define("select", "items",
                        self.measure(check, "x", evidence, "x in items", within))
            if grouped:  # the same over `group`'s dict: a Group is made for breaches only
                self.unpacked = True
                self.define("select_groups", "groups", self.measure_groups(check, within))
                self.unpacked = False
        elif isinstance(check, ir.Require):
            test = "" if check.forbid else "not "
            self.define("select", "items",
                        [f"return [x for x in items if {test}{self.test(check.cond)}]"])
            if not grouped:  # `from`, `where` and the condition in one pass (`run_rule`)
                limit = repr("not allowed" if check.forbid else "required")
                # facts None: worked out when placed, as `_require`'s
                made = f"{_MEASURED}x, (x,), None, {limit}, None, {limit}, None, None, ''))"
                self.shared = {}
                try:
                    cond = f"{test}{self.test(check.cond)}"
                    if where is not None:
                        cond = f"{self.test(where)} and {cond}"
                finally:
                    shared, self.shared = self.shared, None
                cond, once = _read_once(cond, shared)
                day = self.day(kind.date_fields, "x")
                since = f"(_d := {day}) is not None and _d >= since"
                self.define("found", "items, since=None", [
                    f"if since is not None: return [{made} for x in items if {since}{once} "
                    f"if {cond}]",
                    f"return [{made} for x in items{once} if {cond}]"])  # fmt: skip
        elif isinstance(check, ir.Ratio):
            self.define("left", "x", [f"return {self.expr(check.left)}"])
            self.define("right", "x", [f"return {self.expr(check.right)}"])
            limits = ", ".join(self.expr(lim) for lim in check.limits)
            self.define("limits", "x", [f"return [{limits}]"])
            # the items no limit is met by, in one pass, each with why (`_ratio`'s `_said`,
            # worked out once for each pair of the two sides' values)
            n = len(check.limits)
            met = " or ".join(f"(_n >= _a{i} and _rv * _a{i} <= _b{i} * _n)" for i in range(n))
            # a side that is never missing is not tested for None, and a list's length is
            # taken as such (the left side counts a list's items, or is a number)
            lt = check.left.type
            if lt.name == "list" and not lt.optional:
                left = f"(_n := len({self.expr(check.left)})) is not None"
            elif lt.name != "list" and lt.name != "any":
                left = f"(_n := {self.expr(check.left)}) is not None"
            else:
                left = (f"(_lv := {self.expr(check.left)}) is not None and (_n := len(_lv) "
                        f"if isinstance(_lv, tuple) else _lv) is not None")  # fmt: skip
            right = f"(_rv := {self.expr(check.right)}) is not None"
            test = f"{left} and {right} and not ({met})"
            found = "_n, _rv"
            # (a side read with a name bound, `:=`, cannot be read in a comprehension's `for
            # ... in (...)`, where `_said` reads the two sides again: `members otherwise 0`)
            right_src = self.expr(check.right)
            if n == 1 and left.startswith("(_n := len(") and not check.right.type.optional \
                    and ":=" not in right_src:  # fmt: skip
                # one limit, and neither side is ever missing: the left side is counted as
                # the limit tests it, and the right read again for the items found only
                met = met.replace("_n >= _a0", f"{left[:-len(' is not None')]} >= _a0", 1)
                test = f"not ({met.replace('_rv', right_src, 1)})"
                found = f"_n, {right_src}"
            # with a `from`, its test comes first, in the same pass (`run_rule`)
            day = self.day(kind.date_fields, "x")
            since = f"(_d := {day}) is not None and _d >= since"
            if len(kind.date_fields) == 1 and not kind.fields[kind.date_fields[0]].optional:
                since = f"{day} >= since"
            one: list[str] = []
            if n == 1 and left.startswith("(_n := len(") and not check.right.type.optional \
                    and ":=" not in right_src + left[len("(_n := len("):]:  # fmt: skip
                # a limit of one to b (the usual form): unmet when the list is empty or the
                # right side passes b times its length, the test a hand-written loop makes
                lsrc = self.expr(check.left)
                test1 = f"(not {lsrc} or {right_src} > _b0 * len({lsrc}))"
                found1 = _said(f"len({lsrc}), {right_src}")
                one = ["if _a0 == 1:",
                       f"    if since is not None: return [{_SAID} for x in items if {since} "
                       f"and {test1}{found1}]",
                       f"    return [{_SAID} for x in items if {test1}{found1}]"]  # fmt: skip
            found = _said(found)
            self.define("unmet", "items, since=None", [
                "_ls = limits(None)", *(f"_a{i}, _b{i} = _ls[{i}]" for i in range(n)), *one,
                f"if since is not None: return [{_SAID} for x in items if {since} and {test}"
                f"{found}]",
                f"return [{_SAID} for x in items if {test}{found}]"])  # fmt: skip
        elif isinstance(check, ir.Spell):
            cond = self.expr(check.cond)
            if not isinstance(check.cond, _BOOLEAN):  # a comparison is a bool already
                cond = f"bool({cond})"
            self.define("flags", "rs", [f"return [{cond} for x in rs]"])
            self.params_set, self.unguarded = True, 0  # the same, every parameter set
            amongs = len(self.amongs)
            try:
                bare = self.expr(check.cond)
            finally:
                self.params_set = False
            if len(self.amongs) > amongs:  # an `among` is bound once a run: the general one
                del self.amongs[amongs:]
            elif self.unguarded:
                if not isinstance(check.cond, _BOOLEAN):
                    bare = f"bool({bare})"
                self.define("flags_set", "rs", [f"return [{bare} for x in rs]"])
            # each record's day and place in time (`order_of`), inline: no call per record
            self.define("days", "rs", [f"return [{self.day(kind.date_fields, 'x')} for x in rs]"])
            self.define("places", "rs", [f"return [{self.order(kind.date_fields)} for x in rs]"])
            self.define("limit", "x", [f"return {self.expr(check.limit)}"])
            if check.holding is not None:
                self.define("holding", "x", [f"return {self.expr(check.holding)}"])
        elif isinstance(check, ir.Absent):
            pass  # plain Python over the records (`_absent`)
        elif isinstance(check, ir.AtOnce):
            self.define("limit", "x", [f"return {self.expr(check.limit)}"])
            if grouped and check.op == "most":  # by the keys alone: `run_rule` passes over
                self.unpacked = True  # a group with no more records than its limit
                try:
                    by_keys = self.expr(check.limit)
                finally:
                    self.unpacked = False
                if not re.search(r"\b_rs\b", by_keys):
                    self.define("limit_of_keys", "_ks", [f"return {by_keys}"])
                    if isinstance(check.limit, ir.Lookup) and check.limit.key.type.name != "list":
                        # the key the cap is looked up by (a grade): `_over_limit` looks
                        # each up once
                        self.unpacked = True
                        try:
                            key = self.expr(check.limit.key)
                        finally:
                            self.unpacked = False
                        # every group's, in one comprehension (no call per group)
                        self.define("lookup_keys_of", "groups",
                                    [f"return [{key} for _ks in groups]"])
        else:
            self.people(check, kind)
            self.owing(check, kind)
            if where is not None:  # selected in the same pass (`run_rule`)
                self.people(check, kind, where, "where_people")
                self.owing(check, kind, where, "where_owing")
            self.define("limit", "x", [f"return {self.expr(check.limit)}"])
            late = self.expr(check.late) if check.late is not None else "0"
            self.define("late", "x", [f"return {late}"])


# A ratio's breach: the item, and what `_ratio`'s `_said` says of its two sides' values
_SAID = "_new(_Measured, (x, (x,), *_w))"


# a staff field read through an optional id, as `Writer.attr` writes it in a pass
_THROUGH = re.compile(r"\(None if \(_b := (x\.\w+)\) is None else _staff\[_b\]\.(\w+)\)")


def _said(sides: str) -> str:
    """The clauses of a comprehension that take what `_said` says of the two sides' values
    (`sides`), and keep an item only if it says something (no limit is met)."""
    return f" for _w in (_said[{sides}],) if _w is not None"


def _read_once(cond: str, shared: dict[str, str]) -> tuple[str, str]:
    """`cond` (a test of one record, in a comprehension) with the staff member it reads two or
    more fields of (`_staff[x.author]`) looked up once, as a comprehension's `for NAME in
    (PERSON,)` clause (which Python makes a plain assignment), and each field then read from
    it where it is used: the clauses, and `cond` so written. The person a record names is
    always in the staff lists, so looking them up before the test would changes nothing it
    does (`Writer.passes`)."""
    people: dict[str, int] = {}
    for src, name in shared.items():
        person = src.rsplit(".", 1)[0]
        people[person] = people.get(person, 0) + len(re.findall(rf"\b{name}\b", cond))
    once = ""
    for src, name in shared.items():
        person, field = src.rsplit(".", 1)
        if people[person] > 1:
            alias = f"_s{list(people).index(person)}"
            if f" for {alias} in " not in once:
                once += f" for {alias} in ({person},)"
            src = f"{alias}.{field}"
        cond = re.sub(rf"\b{name}\b", src.replace("\\", r"\\"), cond)
    return cond, once


class Explained:
    """An `ir.Explain` with the names of the generated functions it needs."""

    def __init__(self, e: ir.Explain, w: Writer) -> None:
        self.how = e.how
        self.fact = e.fact
        self.children = tuple(Explained(c, w) for c in e.children)
        every = e.how in ("and", "or")
        self.tests = tuple(w.function(c.cond) for c in e.children) if every else ()
        self.given = w.function(e.given) if e.given is not None else None
        self.args: tuple[str, ...] = ()
        if e.fact is not None:
            args = e.fact.args
            if e.fact.kind in ("text", "gives"):
                args = (cast(Any, args[0]).arg,)
            elif e.fact.kind == "compare" and not e.fact.words[1]:
                args = args[:1]
            if e.fact.kind == "compare" and isinstance(e.fact.args[0], ir.NumberIn):
                args = (*args, e.fact.args[0].arg)  # the text: where the number is stated
            self.args = tuple(w.function(a) for a in args)

    def bind(self, ns: dict[str, Any],
             every: bool = False) -> Callable[[Any, bool], list[tuple[str, int | None]]]:
        """The facts of this part for a record or group `x` (`want`: whether the condition
        was wanted to hold), as one function made for this kind of part: a condition's parts
        are explained for each breach (120k on national data). With `every` (a check's
        condition, whose breach a finding reports), a text pattern that holds gives a fact for
        each line it is found at, not only the first: each is a place to put right."""
        parts = [c.bind(ns, every) for c in self.children]
        if self.given is not None:
            given, first, second = ns[self.given], parts[0], parts[1]
            return lambda x, want: first(x, want) if given(x) is not None else second(x, want)
        if self.fact is not None:
            describe = _describer(self.fact, [ns[a] for a in self.args])
            if every and self.fact.kind == "gives":
                return _every_place(self.fact, ns[self.args[0]], describe)
            return lambda x, want: [describe(x, want)]
        if self.how == "not":
            inner = parts[0]
            return lambda x, want: inner(x, not want)
        tested = list(zip(parts, [ns[t] for t in self.tests], strict=True))
        every_when = self.how == "and"  # and + want True / or + want False: every part

        def facts(x: Any, want: bool) -> list[tuple[str, int | None]]:
            out: list[tuple[str, int | None]] = []
            if want == every_when:
                for part, _ in tested:
                    out += part(x, want)
            else:
                for part, t in tested:
                    if bool(t(x)) == want:  # (nothing said yet: nothing said again)
                        found = part(x, want)
                        out += [f for f in found if not _said_before(f[0], out)] if out \
                            else found  # fmt: skip
            return out

        return facts


def _said_before(fact: str, said: list[tuple[str, int | None]]) -> bool:
    """Whether a fact only says again that a value is not given ("the leaving date is not
    given, the line manager's leaving date 2025-03-01" after "the leaving date is not given"):
    two parts of a condition that fail for want of one value give one reason."""
    return any(fact.startswith(f"{s}, ") for s, _ in said
               if s.endswith((" is not given", " are not given")))  # fmt: skip


def _may_repeat(rule: ir.Rule) -> bool:
    """Whether two atoms of the rule's `where` and `require`/`forbid` condition may put a
    finding's facts in the same words: both read one field ("reoffending is set and
    reoffending != low" says "subject.reoffending is medium" twice). A fact begins with what
    it reads, so atoms that read different things never say the same."""
    explains = [rule.where_explain, rule.check.explain if isinstance(rule.check, ir.Require)
                else None]  # fmt: skip
    seen: set[str] = set()
    todo = [e for e in explains if e is not None]
    while todo:
        e = todo.pop()
        todo.extend(e.children)
        if e.fact is not None:
            f = e.fact
            read = f.words[0] if f.kind in ("text", "gives", "set", "compare") else f.text
            if read in seen:
                return True
            seen.add(read)
    return False


# The lines a finding about a text names, at most: the rest are counted.
MAX_PLACES = 5


def _text_start(arg: ir.Expr) -> Callable[[Any], int]:
    """The line of the first line of the text `arg` reads, of a record: a job description's
    body (`text`) its own (`text_line`); a field of its front matter (`title gives NAME`) its
    key's line, or the line after for a block (`|`: a value that keeps its line breaks); any
    other field the record's line. A title's phrase was said found at the body's line, three
    lines below the title (review 31, mended in session 51)."""
    name = arg.name if isinstance(arg, ir.Field) else None
    if name is None or name == "text":
        return lambda x: getattr(x, "text_line", None) or 1

    def start(x: Any) -> int:
        line: int | None = dict(getattr(x, "field_lines", ())).get(name)
        if line is None:
            return int(getattr(x, "line", None) or 1)
        value = getattr(x, name, None)
        return line + 1 if isinstance(value, str) and "\n" in value.rstrip("\n") else line

    return start


def _every_place(fact: ir.Fact, get: Callable[[Any], Any],
                 describe: Describe) -> Callable[[Any, bool], list[tuple[str, int | None]]]:
    """How `text gives NAME` reads when it held: one fact for each line the pattern is found
    at ("Manage cases assessed as high RoSH", line 8; "Hold MAPPA level 3 cases", line 9), the
    first MAX_PLACES of them, and how many more and where."""
    gives, subject_text = cast(ir.Gives, fact.args[0]), fact.words[0]
    matcher, start = gives.matcher, _text_start(gives.arg)

    def places(x: Any, want: bool) -> list[tuple[str, int | None]]:
        hits = matcher.every(get(x), start(x)) if want else []
        if not hits:
            return [describe(x, want)]
        out: list[tuple[str, int | None]] = [(hit.fact(subject_text), hit.line)
                                             for hit in hits[:MAX_PLACES]]
        if len(hits) > MAX_PLACES:  # a list of a thousand such duties: a finding, not a book
            more = len(hits) - MAX_PLACES
            out.append((f"and found at {more:,} more line{'s' if more > 1 else ''} (the first "
                        f"{hits[MAX_PLACES].line}, the last {hits[-1].line})", None))
        return out

    return places


def _value_renderer(t: m.FieldType) -> Callable[[Any], str]:
    """`renderer`, with an enumerated value in words ("very high", "SDR"), alone or in a list
    ("sexual offending, IOM"). Each value is put in words once a run: a national check says a
    case's flags in 19,000 findings, most of them alike."""
    say = renderer(t)
    enums = t.name == "list" and t.elem is not None and t.elem.name == "enum"
    if not enums and t.name != "enum":
        return say
    said: dict[Any, str] = {}

    def in_words(v: Any) -> str:
        if isinstance(v, set | frozenset):
            v = sorted(v, key=str)  # (as `render` orders them)
        if isinstance(v, tuple | list):
            return say([value_word(x) if x.__class__ is str else x for x in v])
        return value_word(v) if v.__class__ is str else say(v)

    def cached(v: Any) -> str:
        try:
            return said[v]
        except KeyError:
            out = in_words(v)
            if len(said) < 4096:
                said[v] = out
            return out
        except TypeError:  # (a list: not hashed)
            return in_words(v)

    return cached


def _verb(said: str, t: m.FieldType) -> str:
    """"are" after a list or a plural in words ("the staff member's contracted hours are 30
    h", "the hours worked are 50 h"), else "is" ("the date the case was closed is ...")."""
    if t.name == "list":
        return "are"
    if not said.startswith("the "):  # (as written: `hours_worked`)
        return "is"
    words = said.rsplit("'s ", 1)[-1].removeprefix("the ").split()

    def plural(word: str) -> bool:
        return word.endswith("s") and not word.endswith(("ss", "us", "is"))

    head = words[0] if len(words) == 2 and words[1].endswith(("ed", "en")) else words[-1]
    return "are" if plural(head) else "is"


def _describer(fact: ir.Fact, fns: list[Callable[[Any], Any]]) -> Describe:
    """How one atom of a condition reads, with the values it had."""
    text, get = fact.text, fns[0]
    if fact.kind == "text":
        match = cast(ir.TextMatch, fact.args[0])
        rx, arg_text, start = text_regex(match), fact.words[0], _text_start(match.arg)
        verb, negated = (("mentions", "does not mention") if match.how == "mentions"
                         else ("matches", "does not match"))  # (was "does not matche")
        target = match.pattern if match.how == "mentions" else f"/{match.pattern}/"

        def describe_text(x: Any, want: bool) -> tuple[str, int | None]:
            value = get(x) or ""
            found = rx.search(value)
            if found is None:
                return (f'{arg_text} {negated} "{target}"', None)
            line = start(x) + value.count("\n", 0, found.start())
            return (f'{arg_text} {verb} "{found.group(0)}"', line)

        return describe_text
    if fact.kind == "gives":
        gives, subject_text = cast(ir.Gives, fact.args[0]), fact.words[0]
        matcher, none = gives.matcher, f"no sentence of {subject_text} gives {gives.pattern}"
        start = _text_start(gives.arg)

        def describe_gives(x: Any, want: bool) -> tuple[str, int | None]:
            hit = matcher.first(get(x), start(x))
            if hit is None:
                return (none, None)
            return (hit.fact(subject_text), hit.line)

        return describe_gives
    if fact.kind == "set":
        say_arg, set_text = _value_renderer(fact.args[0].type), fact.words[0]
        verb = _verb(set_text, fact.args[0].type)

        def describe_set(x: Any, want: bool) -> tuple[str, int | None]:
            v = get(x)
            if v is None:
                return (f"{set_text} {verb} not given", None)
            return (f"{set_text} {verb} {say_arg(v)}", None)

        return describe_set
    if fact.kind == "compare":
        left_t, say_left, say_right = fact.args[0].type, _value_renderer(
            fact.args[0].type), _value_renderer(fact.args[1].type)
        left_text, right_text = fact.words
        verb = _verb(left_text, left_t)
        right = fns[1] if right_text else None

        # `number in text gives NAME`: the sentence that states the number, and its line
        stating = fact.args[0].matcher if isinstance(fact.args[0], ir.NumberIn) else None
        text_of = fns[-1]
        text_start = _text_start(fact.args[0].arg) if isinstance(fact.args[0], ir.NumberIn) \
            else None  # fmt: skip

        def describe_cmp(x: Any, want: bool) -> tuple[str, int | None]:
            left = get(x)
            out = f"{left_text} {verb} {say_left(left)}"
            if right is not None:
                out += f", {right_text} {say_right(right(x))}"
            if stating is not None and left is not None:
                found = stating.stating(text_of(x), text_start(x) if text_start else 1)
                if found is not None:
                    hit = found[1]
                    return (f'{out} (phrase "{hit.phrase}" found "{hit.words}", line '
                            f'{hit.line}): "{hit.sentence.quote()}"', hit.line)
            return (out, None)

        return describe_cmp
    if fact.kind == "path":
        say_cond, head, said = renderer(fact.args[0].type), fact.words[0], fact.words[-1]
        return lambda x, want: (f"{said} is {say_cond(get(x))}",
                                dict(getattr(x, "field_lines", ())).get(head))  # fmt: skip
    return lambda x, want: (text if get(x) else f"not ({text})", None)


def _mean(values: list[Any]) -> Any:
    return sum(values) / len(values) if values else None


def _mean_by(pairs: list[tuple[Any, Any]]) -> Any:
    """The mean of each member's mean (the first of each pair, given, over the values it is
    given with); None when no member has a value."""
    sums: dict[Any, list[Any]] = {}
    for member, value in pairs:
        if member is not None and value is not None:
            if (held := sums.get(member)) is None:
                sums[member] = [value, 1]
            else:
                held[0] += value
                held[1] += 1
    if not sums:
        return None
    return sum(total / count for total, count in sums.values()) / len(sums)


def _share(pairs: list[tuple[Any, bool]], percent: bool) -> Any:
    """Of the members (the first of each pair, given), how many have a pair whose condition
    holds; as a percentage of them with `percent` (None when there are none)."""
    members = {k for k, _ in pairs if k is not None}
    meeting = {k for k, held in pairs if k is not None and held}
    if not percent:
        return len(meeting)
    return 100 * len(meeting) / len(members) if members else None


def _period_end(calendar: str, start: dt.date) -> dt.date:
    if calendar == "day":
        return start
    if calendar == "week":
        return start + dt.timedelta(days=6)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _in_post(person: m.Staff, first: dt.date, last: dt.date) -> bool:
    """In post on some day from `first` to `last` (`model.in_post`)."""
    return m.in_post(person.started_on, person.left_on, first, last)


def _among_index(e: ir.Among, key_of: Callable[[Any], tuple[Any, ...]],
                 where: Callable[[Any], Any] | None, data: Dataset | None,
                 today: dt.date | None = None, left: list[Any] | None = None,
                 grades: Mapping[str, str] | None = None,
                 ) -> Callable[[tuple[Any, ...], Sequence[Any]], Group]:  # fmt: skip
    """`_amongN(keys, records)`: the records of `e.kind` that match a group's keys
    (`ir.Match`) and, with `with the same FIELD`, its records' values of FIELD, as a group
    (a grade, or a grade of its family: an NQO fills a PO's funded post, an SPO_COURTS an
    SPO's; `grades` are the declared ones' families); the index is built at the first call."""
    grades = grades or {}
    eq = [i for i, mt in enumerate(e.matches) if mt.how == "eq"]
    posts = [(i, mt.calendar) for i, mt in enumerate(e.matches) if mt.how == "in_post"]
    index: dict[tuple[Any, ...], list[Any]] = {}
    built: list[bool] = []
    now = None
    if any(mt.how == "in_post_today" for mt in e.matches):
        now = today or dt.date.today()
    same = e.same
    # The records a group's keys select, filtered once per bucket of `index` and signature
    # (`signature`), not once per group: a unit's staff in post, week by week (52 weeks of
    # each unit of national data for 1.1g's vacancies: scenarios round 56, P2)
    kept: dict[tuple[Any, ...], list[Any]] = {}
    alike: dict[tuple[Any, ...], list[Any]] = {}  # ... and of the values of `same` given
    bounds: dict[tuple[Any, ...], tuple[list[Any], list[Any]]] = {}  # a bucket's days, sorted

    def signature(key: tuple[Any, ...], keys: tuple[Any, ...]) -> tuple[Any, ...]:
        """What decides which records of bucket `key` are in post in the group's periods
        (`posts`). Whether a record is in post in a period from `start` to `end` turns only
        on whether it started by `end` and left after `start` (`model.in_post`), so on how
        many of the bucket's days of starting are on or before `end`, and how many of its
        days of leaving on or before `start`: two groups with the same counts select the
        same records."""
        if (held := bounds.get(key)) is None:
            records = index.get(key, ())
            held = bounds[key] = (
                sorted({r.started_on for r in records if r.started_on is not None}),
                sorted({r.left_on for r in records if r.left_on is not None}))
        starts, leaves = held
        counts: list[Any] = [key]
        for i, calendar in posts:
            start = keys[i]
            counts += (bisect_right(starts, _period_end(calendar, start)),
                       bisect_right(leaves, start))
        return tuple(counts)

    def in_post(key: tuple[Any, ...], keys: tuple[Any, ...]) -> list[Any]:
        """The records of bucket `key` in post today (`now`) and in the group's periods."""
        records = index.get(key, [])
        if now is not None:
            records = [r for r in records if _in_post(r, now, now)]
        for i, calendar in posts:
            start = keys[i]
            records = [r for r in records if _in_post(r, start, _period_end(calendar, start))]
        return records

    def among(keys: tuple[Any, ...], group: Sequence[Any] = ()) -> Group:
        if not built:
            for r in data.of(e.kind) if data is not None else ():
                if where is None or where(r):
                    k = key_of(r)
                    if None not in k:
                        index.setdefault(k, []).append(r)
                    elif left is not None:
                        left.append(r)
            built.append(True)
        sig = key = tuple([keys[i] for i in eq])
        if posts:
            sig = signature(key, keys)
        if now is None and not posts:
            records = index.get(key, [])
        else:
            if (held := kept.get(sig)) is None:
                held = kept[sig] = in_post(key, keys)
            records = held
        if same is not None:  # `with the same FIELD`: a value the group's records give
            values = frozenset([getattr(r, same) for r in group])
            if None not in values:  # a record giving none stands for every value
                if (chosen := alike.get(both := (sig, values))) is None:
                    chosen = alike[both] = [r for r in records if _same(getattr(r, same), values)]
                records = chosen
        return Group(keys, records)

    def _same(value: Any, values: frozenset[Any]) -> bool:
        if value in values or not by_grade or value is None:
            return value in values
        # a grade of a family the group gives (an NQO's is PO): up its chain
        return m.in_family(value, values, grades) is not None

    by_grade = e.same is not None and dm.BY_NAME[e.kind].field(e.same).type == "grade"

    return among


class Program:
    """One rule's generated module: its source, compiled, and what it binds. The functions a
    finding needs (its sentence, the facts that held) are a second module, compiled at the
    first finding: most rules find nothing."""

    def __init__(self, rule: ir.Rule) -> None:
        w = Writer()
        kind = rule.kind
        w.define("day_of", "x", [f"return {w.day(kind.date_fields, 'x')}"])
        w.define("order_of", "x", [f"return {w.order(kind.date_fields)}"])
        if rule.effective is not None:  # `from`: the records dated on or after `since`
            w.define("dated_from", "records, since", [
                f"return [x for x in records if (_d := {w.day(kind.date_fields, 'x')}) is not "
                f"None and _d >= since]"])  # fmt: skip
        if rule.where is not None:
            w.define("where", "records", [f"return [x for x in records if {w.test(rule.where)}]"])
        if rule.keys is not None:
            w.grouping(rule.keys)  # a list for each group (the columnar engine's regrouping)
            placed = [k.get for k in rule.keys if isinstance(k.get, ir.Place)]
            if placed:  # the records no `per unit` (or region) group takes: `_left_unplaced`
                w.define("unplaced", "records", [
                    "return [x for x in records if "
                    f"{' or '.join(f'{w.expr(p)} is None' for p in placed)}]"])  # fmt: skip
            # `run_rule`'s: per day, most groups hold one record, and none is made a list;
            # per week, month or person, a group holds many, and a list from the first
            few = any(k.calendar == "day" for k in rule.keys)
            if few:
                w.grouping(rule.keys, name="gather", lists=False)
            if rule.where is not None:  # selected and grouped in one pass (`run_rule`)
                w.grouping(rule.keys, rule.where, "where_gather", lists=not few)
        w.check(rule.check, kind, rule.keys is not None, rule.where)
        run_defs = len(w.defs)
        self.where_explain = (Explained(rule.where_explain, w)
                              if rule.where_explain is not None else None)  # fmt: skip
        self.check_explain = (Explained(rule.check.explain, w)
                              if isinstance(rule.check, ir.Require) else None)  # fmt: skip
        self.template: list[str | tuple[str, m.FieldType]] = []
        said: list[str] = []  # each value's expression, as its `say` function returns it
        for part in rule.template:
            if isinstance(part, str):
                self.template.append(part)
            else:
                expr, slot = w.expr(part), w.tmp()
                # text reads as itself: called only for other values (a sentence puts 5-10 in
                # words, for each of 120k findings)
                said_as = w.choice_words(part.type) if part.type.name == "enum" else None
                text = slot if said_as is None else f"{said_as}.get({slot}, {slot})"
                said.append(f"({text} if ({slot} := {expr}).__class__ is str else "
                            f"{w.renderer(part.type)}({slot}))")
                name = w.define(f"say{len(self.template)}", "f", ["x = f.x", f"return {expr}"])
                self.template.append((name, part.type))
        if rule.template:  # the whole sentence, one format: text bound by name, %s per value
            fmt = "".join(p.replace("%", "%%") if isinstance(p, str) else "%s"
                          for p in rule.template)  # fmt: skip
            # the values' expressions inline, not a call of each `say` (120k findings)
            values = "".join(f"{v}, " for v in said)
            fmt_name = w.bind(fmt, "the sentence: " + repr(fmt))
            w.define("sentence", "f", ["x = f.x", f"return {fmt_name} % ({values})"])
        title = f"rule {rule.id} ({kind.name}): generated by workrules from its typed IR"
        self.source = w.source(title, w.defs[:run_defs])
        self.explain_source = w.source(f"{title}; what a finding says", w.defs[run_defs:])
        self.consts = w.consts
        self.memos = tuple(w.memos)
        self.params = w.params
        self.amongs = tuple(w.amongs)
        self.filename = _register(f"<workrules rule {rule.id}>", self.source)
        self.code = _code_of(self.source, self.filename)
        self._explain_code: CodeType | None = None

    def bind(self, rule: ir.Rule, env: Env, explain: bool = False,
             data: Dataset | None = None) -> dict[str, Any]:
        """The module run for `env` (and `data`, which `unit`, `region` and `among` read):
        its functions, by name (with `explain`, those a finding needs as well)."""
        ns: dict[str, Any] = dict(self.consts)
        for name, slot in self.params.items():
            ns[slot] = env.params.get(name)
        ns.update(_RUNTIME)
        ns["_staff"], ns["_grades"], ns["_days"] = env.staff, env.grades, env.days
        ns["_today"], ns["_unknown"] = env.today, env.unknown_grades
        for memo in self.memos:
            ns[memo] = {}
        ns["_units"] = data.units if data is not None else {}
        ns["_regions"] = data.regions if data is not None else {}
        # (with no dated record at all, the week of the day judged)
        ns["_data_weeks"] = (data_weeks(data, env.today) if data is not None else []) or (
            [env.today - dt.timedelta(days=env.today.weekday())] if env.today else [])
        if self.amongs:
            left: dict[int, list[Any]] = {}  # each `among`'s records in no group: no unit, say
            ns["_among_left"] = left
            ns["_among"] = _among_runner(self.amongs, data, env.today, left, env.grades)
        exec(self.code, ns)
        ns["_order"] = ns["order_of"]
        if explain:
            if self._explain_code is None:
                name = _register(f"<workrules rule {rule.id} finding>", self.explain_source)
                self._explain_code = _code_of(self.explain_source, name)
            exec(self._explain_code, ns)
        return ns


def data_weeks(data: Dataset, today: dt.date | None = None) -> list[dt.date]:
    """The Mondays of the weeks in which a dated record of the run's work falls (a timesheet, a
    WMT reading, a count of unallocated cases, a session, a meeting, a report), up to the week
    of `today`: the weeks a kind with no date (funded posts) is judged in by `per week`. Not an
    absence or an incident, which a staff file gives for any time (an old sickness, leave
    booked ahead), and not a week no record falls in: every week from the first to the last
    judged weeks the data says nothing of, and a year mistyped judged a thousand of them (the
    review of session 53, P1, P2). Read once per data set, over each kind's date columns."""
    memo = _WEEKS.get(id(data))
    if memo is not None and memo[0] is data and memo[1] == today:
        return memo[2]
    from ..dataset import distinct

    mondays: set[dt.date] = set()
    for kind in m.KINDS.values():
        if kind.name in _NOT_WORK or not kind.date_fields:
            continue
        records = data.of(kind.name)
        if not records:
            continue
        for f in kind.date_fields:
            mondays |= {d - dt.timedelta(days=d.weekday()) for d in distinct(records, f)
                        if isinstance(d, dt.date)}  # fmt: skip
    weeks = sorted(w for w in mondays if today is None or w <= today)
    _WEEKS.clear()
    _WEEKS[id(data)] = (data, today, weeks)
    return weeks


# the dated kinds that are no week's work: a staff file's absences and incidents
_NOT_WORK = frozenset({"staff", "absence", "incident"})
_WEEKS: dict[int, tuple[Any, dt.date | None, list[dt.date]]] = {}


def _lookup_set(table: Any, name: str, k: Any, grades: Mapping[str, str]) -> bool:
    """Whether a keyed cap has a value for `k`: False where neither `k` nor its family has an
    entry (`NoEntry`); an entry left unset still raises, to be said as not yet agreed."""
    try:
        return lookup(table, name, k, grades) is not None
    except NoEntry:
        return False


def _lookup_kept(memo: dict[Any, Any], table: Any, name: str, k: Any,
                 grades: Mapping[str, str]) -> Any:  # fmt: skip
    """`lookup`, its value kept in `memo` by key (not when it raises: an unset key)."""
    value = memo[k] = lookup(table, name, k, grades)
    return value


def _those(memo: dict[None, frozenset[str]], test: Callable[[Any], Any],
           staff: Mapping[str, Any], items: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """`(L where COND)`: the ids of `items` whose staff record meets `test`; all of them
    where no staff member of the run's does (an export that does not say what `test` reads),
    as `ir.Those` says. Who meets it is worked out once a run, in `memo`."""
    if items is None:
        return None
    kept = memo.get(None)
    if kept is None:
        kept = memo[None] = frozenset(i for i, p in staff.items() if test(p))
    return tuple(i for i in items if i in kept) if kept else items


_RUNTIME: dict[str, Any] = {"defaultdict": defaultdict, "_lookup": lookup, "_latest": latest,
                            "_those": _those,
                            "_held_at_peak": held_at_peak, "__name__": "workrules.generated",
                            "_mean": _mean, "_mean_by": _mean_by, "_share": _share,
                            "_counted": counted, "_Group": Group, "_Measured": Measured,
                            "_new": _new,
                            "_lookup_kept": _lookup_kept, "_lookup_set": _lookup_set}

_FILES: dict[str, str] = {}  # linecache name -> source
_MAX_FILES = 2048  # a service checking many uploaded policies keeps at most this many sources
_DROPPED = [False]  # whether any were dropped


def _register(name: str, source: str) -> str:
    """A linecache name of the source's own: the rule's, or, when another policy gave the
    same rule id another source, the rule's with a digest of the source (as attrs names its
    generated methods; a name read off the source finds it at once, where a count of those
    taken grew with each upload: attack round 19). At most `_MAX_FILES` are kept: the oldest
    half is dropped from `linecache` then, so that a long-running service's memory stays
    bounded (a traceback through a dropped rule's code shows no source line)."""
    if _FILES.get(name, source) != source or (_DROPPED[0] and name not in _FILES):
        # (once some were dropped, a name is never reused for another source: code still in
        # use would show the other's lines in a traceback. A digest names one source only.)
        import hashlib

        digest = hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=6)
        name = f"{name[:-1]}-{digest.hexdigest()}>"
    if name not in _FILES and len(_FILES) >= _MAX_FILES:
        for old in list(_FILES)[: _MAX_FILES // 2]:
            del _FILES[old]
            linecache.cache.pop(old, None)
        _DROPPED[0] = True
    _FILES[name] = source
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    return name


@functools.lru_cache(maxsize=2048)
def _code_of(source: str, filename: str) -> CodeType:
    # Sources come from a checked IR; every value is bound by name, so no text from a policy
    # or the data is ever evaluated. Cached: the same rule writes the same source every run.
    return compile(source, filename, "exec")


def program(rule: ir.Rule) -> Program:
    """The generated module of `rule`, written once per rule (and kept with it)."""
    return ir.worked_out(rule, "program", Program)


def source_of(rule: ir.Rule) -> str:
    """The Python the engine generates for `rule` (`workrules compile RULE`): the module that
    measures, then the one that words a finding."""
    prog = program(rule)
    return f"{prog.source}\n\n{prog.explain_source}"


def rule_source(policy: Policy, rule_id: str) -> str:
    """The generated Python of the rule `rule_id` of `policy` (a UsageError, with a
    suggestion, if the policy has no such rule), after the values its parameters have in this
    policy (the config's and `--set`'s applied): the code names them, and a run binds them."""
    import re

    source = source_of(policy.rule(rule_id))
    names = dict.fromkeys(re.findall(r"# _p\d+: the value of parameter (\w+)", source))
    if not names:
        return source
    values = "".join(f"#   {name} = {policy.describe_value(name)}\n" for name in names)
    return f"# the values of its parameters in this policy, bound at each run:\n{values}{source}"


# ---------------------------------------------------------------------------------------------
# Running


def _among_runner(amongs: tuple[ir.Among, ...], data: Dataset | None,
                  today: dt.date | None = None, left: dict[int, list[Any]] | None = None,
                  grades: Mapping[str, str] | None = None,
                  ) -> Callable[..., Group]:  # fmt: skip
    """`_among(N, key_of, where, keys)` in a rule's module: one index per `among`, per run
    (the records each leaves out, with a key it has no value of, in `left`)."""
    made: dict[int, Callable[[tuple[Any, ...], Sequence[Any]], Group]] = {}

    def among(i: int, key_of: Callable[[Any], tuple[Any, ...]],
              where: Callable[[Any], Any] | None, keys: tuple[Any, ...],
              group: Sequence[Any] = ()) -> Group:  # fmt: skip
        if i not in made:
            made[i] = _among_index(amongs[i], key_of, where, data, today,
                                   None if left is None else left.setdefault(i, []), grades)
        return made[i](keys, group)

    return among


def _records(g: Any) -> list[Any]:
    """A group's records from `group`'s dict: a group of one holds the record itself."""
    return g if type(g) is list else [g]


def _over_limit(groups: dict[Any, Any], limit_of_keys: Callable[[Any], Any],
                unset: set[Missing], lookup_keys: Sequence[Any] | None = None,
                limits: dict[Any, Any] | None = None,
                idle: Callable[[list[Any]], bool] | None = None) -> dict[Any, Any]:  # fmt: skip
    """The groups of `most at once` that hold more records than their limit: the peak of
    the others holds at most their records (`_at_once`). A group whose keyed limit is unset
    is noted as not judged, as `_one_by_one` notes it, unless it holds no record on the days
    of the run (`idle`, with `Env.days`: nothing there went unjudged), or is judged in
    another run (`JudgedApart`). With `lookup_keys` (the limit is a keyed parameter, looked
    up by that key of each group's keys, in the groups' order: a grade), each key's limit,
    or why it has none, is worked out once. `limits`, if given, gets the limit of each group
    kept, by its keys (the check reads it there rather than work it out again)."""
    over = {}
    known: dict[Any, Any] = {}  # lookup key -> limit, or the UnsetParam it raised
    for (k, v), lk in zip(groups.items(), lookup_keys or repeat(known), strict=False):
        lim: Any = known if lookup_keys is None else known.get(lk, known)
        if lim is known:
            try:
                lim = limit_of_keys(k)
            except UnsetParam as u:
                lim = u
            if lookup_keys is not None:
                known[lk] = lim
        if isinstance(lim, UnsetParam):  # (only a key with no entry names the group)
            if isinstance(lim, NoEntry):
                unset.add(missing(lim, Group(k, _records(v))))
            elif not isinstance(lim, JudgedApart) and (idle is None or not idle(_records(v))):
                unset.add(missing(lim, None))
            continue
        if lim is not None and (len(v) if type(v) is list else 1) > lim:
            over[k] = v
            if limits is not None:
                limits[k] = lim
    return over


def _one_by_one(fn: Callable[[Sequence[Any]], list[Any]], items: Sequence[Any], unset: set[Missing]
                ) -> list[Any]:  # fmt: skip
    """`fn` over the items one at a time, noting what a keyed cap left unset could not judge
    (an item whose key is judged in another run, `JudgedApart`, is left to that run)."""
    out = []
    for x in items:
        try:
            out.extend(fn([x]))
        except JudgedApart:
            continue
        except UnsetParam as u:
            unset.add(missing(u, x))
    return out


def _each(check: Callable[[Any], Any]) -> Callable[[Sequence[Any]], list[Any]]:
    """A check of one item as a check of a list of them."""
    def run(items: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for x in items:
            found = check(x)
            if isinstance(found, list):
                out.extend(found)
            elif found is not None:
                out.append(found)
        return out

    return run


def anchor_of(rule: ir.Rule, day: Callable[[Any], dt.date | None]
              ) -> Callable[[Any], dt.date | None]:  # fmt: skip
    """The day that decides which parameter values apply to a record: its own day, or the
    first day of its week or month when the rule counts per week or month (so a week is never
    split between two values)."""
    calendar = next((k.calendar for k in rule.keys or () if k.calendar), "")
    if calendar == "week":
        return lambda r: None if (d := day(r)) is None else d - dt.timedelta(days=d.weekday())
    if calendar == "month":
        return lambda r: None if (d := day(r)) is None else d.replace(day=1)
    return day


Window = tuple[dt.date | None, dt.date | None]


def run_rule(
    rule: ir.Rule, data: Dataset, env: Env, window: Window | None = None,
    undated: bool = True,
) -> tuple[list[Measured], set[Missing]]:
    """Measure every record or group of `rule`; return the breaches and any unset keyed caps.

    With a `window` (start inclusive, end exclusive; None is open), only records whose
    anchor day falls inside it are measured, and records without a day only if `undated`.
    """
    unset: set[Missing] = set()
    # the data set's own sequence, not a copy: nothing here changes it (filters make lists)
    records: Sequence[Any] = data.of(rule.kind.name)
    if not records:  # nothing to measure: no module to write (one job description, say)
        return [], unset
    ns = program(rule).bind(rule, env, data=data)
    if env.by_day:  # each period's values bound apart (a spell across a change of value)
        import msgspec

        ns["_windows"] = [(lo, hi, program(rule).bind(rule, msgspec.structs.replace(
            env, params=values, by_day=()), data=data)) for lo, hi, values in env.by_day]
    if isinstance(rule.check, ir.Absent):
        if rule.where is not None:
            records = ns["where"](records)
        since = env.params.get(rule.effective) if isinstance(rule.effective, str) else (
            rule.effective)
        return _absent(rule.check, records, data, since, unset,
                       env.today or dt.date.today()), unset  # fmt: skip
    day = ns["day_of"]
    if window is not None:
        anchor, (lo, hi) = anchor_of(rule, day), window
        records = [r for r in records
                   if ((d := anchor(r)) is None and undated)
                   or (d is not None and (lo is None or d >= lo) and (hi is None or d < hi))]
    if rule.effective is not None:
        since = env.params[rule.effective] if isinstance(rule.effective, str) else rule.effective
        if isinstance(rule.check, ir.Ratio) and rule.where is None and rule.keys is None \
                and since is not None:  # fmt: skip
            # `from` tested in the ratio's own pass over the records (`unmet`)
            return _ratio(rule, ns)(records, since), unset
        if "found" in ns and since is not None:
            with contextlib.suppress(UnsetParam):  # else step by step, below
                return ns["found"](records, since), unset
        records = ns["dated_from"](records, since)
    elif "found" in ns:
        with contextlib.suppress(UnsetParam):
            return ns["found"](records), unset
    groups = None
    if rule.where is not None and rule.keys is not None:
        with contextlib.suppress(UnsetParam):  # else selected one by one, below
            groups = ns["where_gather"](records)
    if rule.where is not None and isinstance(rule.check, ir.Repaid):
        try:  # selected and put by person in one pass
            return _repaid(rule, ns, "where_people")(records), unset
        except UnsetParam:
            pass  # selected, then measured one by one, below
    if rule.where is not None and groups is None:
        try:
            records = ns["where"](records)
        except UnsetParam:
            records = _one_by_one(ns["where"], records, unset)
    if rule.keys is not None:
        # In input order; findings are sorted once, at the end of the run.
        selected = groups is None  # (else `where_gather` selected as it grouped)
        groups = ns.get("gather", ns["group"])(records) if groups is None else groups
        if "unplaced" in ns:
            _left_unplaced(rule, ns, data, records, groups, selected, unset)
        measured = run_groups(rule, ns, groups, unset)
        for i, left in sorted(ns.get("_among_left", {}).items()):
            if left and any(isinstance(k.get, ir.Place) for k in rule.keys):
                _note_left(m.KINDS[program(rule).amongs[i].kind], left, rule, data, unset,
                           " (read beside this rule's own)")
        return measured, unset
    return _run_items(rule, ns, records, unset), unset


def _left_unplaced(rule: ir.Rule, ns: dict[str, Any], data: Dataset, records: Sequence[Any],
                   groups: dict[Any, Any], selected: bool, unset: set[Missing]) -> None:
    """Say which records a rule judging units (or regions) left out, having none: no unit of
    their own, nor their staff member's, nor their file's (where the data set names one unit,
    a silent file whose people are the unit's is in it: `dataset._place_silent_files`); what
    its `among` reads beside them is said after the run (`_note_left`). Left out in
    silence, they would make a unit's figures look whole: a mean WMT over the readings placed
    only, or funded posts filled by nobody. Counted first: most data sets place every record."""
    if not any(k.explode for k in rule.keys or ()) and selected and len(records) == sum(
            len(v) if type(v) is list else 1 for v in groups.values()):  # fmt: skip
        return
    left = ns["unplaced"](records)
    if left and not selected:  # `where_gather` grouped the records `where` selects only
        try:
            left = ns["where"](left)
        except UnsetParam:
            left = [x for x in left if _selects(ns["where"], x)]
    if not left:
        return
    _note_left(rule.kind, left, rule, data, unset)


def _note_left(kind: m.Kind, left: Sequence[Any], rule: ir.Rule, data: Dataset,
               unset: set[Missing], read: str = "") -> None:
    """Note the records of `kind` a rule judging units (or regions) left out, having none."""
    what = " or ".join(sorted({k.get.what for k in rule.keys or ()
                               if isinstance(k.get, ir.Place)}))  # fmt: skip
    one = len(left) == 1
    noun = kind.noun if one else (f"counts{kind.noun[5:]}" if kind.noun.startswith("count ")
                                  else plural_of(kind.noun))  # fmt: skip
    whose, place = ("its", "it") if one else ("their", "they")
    no_subject = {kind.subject: f"(no {what})"}  # (a funded post's subject is its unit)
    shown = [x if getattr(x, kind.subject) is not None else m.replace(x, **no_subject)
             for x in left[:5]]  # fmt: skip
    named = [f"{m.record_label(x)} ({x.file}:{x.line})" for x in shown]
    more = f" and {len(left) - 5:,} more" if len(left) > 5 else ""
    person = "" if kind.name == "staff" else f"nor {whose} staff member's, "
    why = (f"{place} {'has' if one else 'have'} no {what} of {whose} own, {person}nor {whose} "
           f"file's, so which {what} {'it counts' if one else 'they count'} towards is not "
           f"known" if _names(data, what) else f"the data names no {what} at all")  # fmt: skip
    unset.add(("", f"{len(left):,} {noun}{read} left out: {why}: {', '.join(named)}{more}", ""))


def _names(data: Dataset, what: str) -> bool:
    """Whether the data set names any unit (or region: `what`): in a file, a staff member's
    own, a funded post's or a count of unallocated cases'."""
    return bool(data.units if what == "unit" else data.regions) or any(
        getattr(r, what, None) is not None for kind in PLACING_KINDS
        for r in data.of(kind)) or any(getattr(s, what) is not None for s in data.staff.values())


def _selects(where: Callable[[Sequence[Any]], list[Any]], x: Any) -> bool:
    try:
        return bool(where([x]))
    except UnsetParam:  # a keyed cap unset for it: it is noted as not judged already
        return False


def run_groups(rule: ir.Rule, ns: dict[str, Any], groups: dict[Any, Any], unset: set[Missing]
               ) -> list[Measured]:  # fmt: skip
    """The check of a grouped rule over its groups (keys -> records, or a group of one's
    record itself, as `gather` makes them), with `ns` bound for the run; what a keyed cap
    left unset could not judge goes in `unset`. The columnar engine runs it on its candidate
    groups."""
    if "select_groups" in ns:
        with contextlib.suppress(UnsetParam):  # else one by one, below
            return ns["select_groups"](groups)  # type: ignore[no-any-return]
    if "limit_of_keys" in ns:
        ns["_limits"] = {}  # (the run's own ns, as `_said` is)
        keys_of = ns.get("lookup_keys_of")
        groups = _over_limit(groups, ns["limit_of_keys"], unset,
                             None if keys_of is None else keys_of(groups), ns["_limits"],
                             _idle(rule, ns))  # fmt: skip
    return _run_items(rule, ns, [_new(Group, (k, _records(v))) for k, v in groups.items()],
                      unset)  # fmt: skip


def _run_items(rule: ir.Rule, ns: dict[str, Any], items: Sequence[Any], unset: set[Missing]
               ) -> list[Measured]:  # fmt: skip
    ns["_unset"] = unset  # what a check could not judge, said as it runs (`_spell`)
    run = _RUNS[type(rule.check)](rule, ns)
    try:
        return run(items)
    except UnsetParam:  # a keyed cap without a value for some item: go one by one
        return _one_by_one(run, items, unset)


def _absent(check: ir.Absent, people: Sequence[Any], data: Dataset, since: dt.date | None,
            unset: set[Missing], today: dt.date) -> list[Measured]:  # fmt: skip
    """`require some KIND` (`ir.Absent`): each person in post throughout a period, and not
    absent throughout it (the data's absences cover every day of it: a parental leave, a long
    sickness), with no record of the kind naming them. The periods run from the first to the
    last in which the data has any such record (from `since`, with `from`); a period with
    none at all, or data with none, cannot be judged, and is noted in `unset` as ("", reason,
    "" or "all"); nor can one not over on the run's day (`today`: a record may still come)."""
    kind, cal = check.kind, check.calendar
    fields = kind.date_fields
    noun = kind.noun

    def start_of(d: dt.date) -> dt.date:
        if cal == "week":
            return d - dt.timedelta(days=d.weekday())
        return d.replace(day=1) if cal == "month" else d

    seen: defaultdict[str, set[dt.date]] = defaultdict(set)  # person -> periods named in
    by_file: defaultdict[str, set[dt.date]] = defaultdict(set)  # file -> periods it covers
    named_by: defaultdict[str, set[str]] = defaultdict(set)  # file -> the people it names
    starts: dict[dt.date, dt.date] = {}  # a day -> its period's first day
    link = check.link
    for r in data.of(kind.name):
        who = getattr(r, link)
        if who is None:
            continue
        for f in fields:
            day = getattr(r, f)
            if day is not None:
                break
        else:
            continue
        start = starts.get(day)
        if start is None:
            start = starts[day] = start_of(day)
        seen[who].add(start)
        by_file[r.file].add(start)
        named_by[r.file].add(who)
    periods = set(starts.values())
    if not periods:
        unset.add(("", f"the data has no {noun} at all, so no {cal} can be judged", "all"))
        return []
    first = min(periods) if since is None else max(min(periods), start_of(since))
    if since is not None and since > first:  # a period that starts before `from` is not judged
        first = _period_end(cal, first) + dt.timedelta(days=1)
    every: list[dt.date] = []
    day = first
    while day <= max(periods):
        every.append(day)
        day = _period_end(cal, day) + dt.timedelta(days=1)
    going = [p for p in every if _period_end(cal, p) > today]
    said = []  # what could not be judged, in the periods' order (one note: notes are sorted)
    if going:  # not over yet: a record may still come
        shown = ", ".join(Period(cal, p, _period_end(cal, p)).describe() for p in going[:5])
        every = [p for p in every if p not in going]
        said.append(f"not applied for {shown}{' and more' if len(going) > 5 else ''}: not over "
                    f"on {today.isoformat()}, so {kind.a_noun} may still come")  # fmt: skip
    empty = [p for p in every if p not in periods]
    if empty:
        shown = ", ".join(Period(cal, p, _period_end(cal, p)).describe() for p in empty[:5])
        more = f" and {len(empty) - 5} more" if len(empty) > 5 else ""
        said.insert(0, f"not applied for {shown}{more}: the data has no {noun} at all for "
                       f"{'it' if len(empty) == 1 else 'them'}")  # fmt: skip
    judged = [(p, _period_end(cal, p)) for p in every if p in periods]
    # each unit's periods: those of the files that are its export, and those its people are
    # named in. A file is a unit's export where it says so (`unit:`), or where it names more
    # than half the unit's people judged here (a region's export; a CSV or Parquet export
    # says no unit). A unit whose own export is missing, or ends sooner, is not judged by
    # another unit's (scenario round 35), nor by one that names one of its people (the review
    # of session 35).
    unit_of = _units_of(data)
    members: defaultdict[str, set[str]] = defaultdict(set)
    for person in people:
        members[unit_of(person.id)].add(person.id)
    covered: defaultdict[str, set[dt.date]] = defaultdict(set)
    for file, days in by_file.items():
        if data.units.get(file):
            covered[data.units[file]] |= days
        for unit, ids in members.items():
            if 2 * len(ids & named_by[file]) > len(ids):
                covered[unit] |= days
    for who, named_in in seen.items():
        covered[unit_of(who)] |= named_in
    lacking: dict[str, list[dt.date]] = {}
    for person in people:
        unit = unit_of(person.id)
        if unit not in lacking:
            lacking[unit] = [p for p, _ in judged if p not in covered[unit]]
    for unit, gaps in sorted(lacking.items()):
        if not gaps:
            continue
        named_unit = unit or "the staff of no unit"
        if len(gaps) == len(judged):
            said.append(f"not applied for {named_unit}: the data has no {noun} of its staff "
                        f"at all (is an export missing?)")
        else:
            shown = ", ".join(Period(cal, p, _period_end(cal, p)).describe() for p in gaps[:5])
            more = f" and {len(gaps) - 5} more" if len(gaps) > 5 else ""
            said.append(f"not applied for {named_unit} in {shown}{more}: the data has no "
                        f"{noun} of its staff for {'it' if len(gaps) == 1 else 'them'}")
    if said:
        unset.add(("", "; ".join(said), "" if every else "all"))
    out = []
    word = "a day" if cal == "day" else f"a {cal}"
    none: set[dt.date] = set()
    away = _away(data)
    # (person, the span of absence) -> the periods it excused: named where the data questions
    # it (`_excused_note`)
    excused: dict[tuple[str, int], list[tuple[dt.date, dt.date]]] = {}
    for person in people:
        named, began, left = seen.get(person.id, none), person.started_on, person.left_on
        spans = away.get(person.id, ())
        own = covered[unit_of(person.id)]
        for p, end in judged:  # in post throughout the period, and named in no record of it
            if p not in own:
                continue
            if ((began is None or began <= p) and (left is None or left > end)
                    and p not in named):  # fmt: skip
                first_day, last_day = _weekday_on(p, 1), _weekday_on(end, -1)
                at = next((i for i, (a, b, _) in enumerate(spans)
                           if a <= first_day and last_day <= b), None)  # fmt: skip
                if at is None:
                    out.append(Measured(person, (person,), 0, 1, f"no {noun}",
                                        f"at least one {word}", (), Period(cal, p, end)))
                else:
                    excused.setdefault((person.id, at), []).append((p, end))
    if excused:
        note = _excused_note(check, cal, excused, away, data)
        if note is not None:
            unset.add(note)
    return out


def _excused_note(check: ir.Absent, cal: str,
                  excused: dict[tuple[str, int], list[tuple[dt.date, dt.date]]],
                  away: dict[str, list[tuple[dt.date, dt.date, list[Any]]]],
                  data: Dataset) -> Missing | None:  # fmt: skip
    """The absences `require some` read as excusing periods (`excused`: by person and span of
    `away`) that the data says may be wrong: the person's own timesheets give hours worked in
    a week whose working days lie inside it and in a period it excused (annual leave for May
    beside three weeks of 37 h: attack 48, P2), or it starts before `PLAUSIBLE_FIRST` or runs
    past `PLAUSIBLE_LAST`, as no record of work does (special leave from 1900-01-02 to
    2999-12-31 excused every month). The absence is still read as written: `require some`
    counts absences alone (language.md), and records that disagree are named, not chosen
    between (the daily and weekly WMT readings of one week: `notices.monday_readings_notice`).
    As ("", reason, "at FILE:LINE") of the first absence named, or None. One pass over the
    timesheets' columns, only when an absence excused a period."""
    from ..limits import PLAUSIBLE_FIRST, PLAUSIBLE_LAST

    people = {who for who, _ in excused}
    worked: defaultdict[str, list[int]] = defaultdict(list)  # person -> timesheets' places
    timesheets = data.of("timesheet")
    if timesheets:
        from ..dataset import values

        hours = values(timesheets, "hours_worked")
        for i, who in enumerate(values(timesheets, "staff")):
            if who in people and hours[i] > 0:
                worked[who].append(i)
    parts: list[tuple[Any, str]] = []  # (the first absence record, what is said of it)
    periods = 0
    for (who, at), judged in sorted(excused.items()):
        first, last, records = away[who][at]
        weeks: list[m.Timesheet] = []
        for i in worked.get(who, ()):
            sheet = cast(m.Timesheet, timesheets[i])
            monday = sheet.week
            friday = monday + dt.timedelta(days=4)
            if first <= monday and friday <= last and any(
                    monday <= end and p <= friday for p, end in judged):  # fmt: skip
                weeks.append(sheet)
        far = [w for w, out in (("starts before 2000", first < PLAUSIBLE_FIRST),
                                ("runs past 2100", last > PLAUSIBLE_LAST)) if out]  # fmt: skip
        if not weeks and not far:
            continue
        periods += len(judged)
        record = records[0]
        what = " and ".join(sorted({in_words(r.reason) for r in records}))
        said = (f"{who}'s {what} from {first} to {last} ({record.file}:{record.line})"
                + (f", which {' and '.join(far)} as no record of work does," if far else ""))
        named = [Period(cal, p, end).describe() for p, end in judged]
        said += (f" excused {named[0]}" if len(named) == 1 else
                 f" excused {len(named)} {cal}s ({named[0]} to {named[-1]})")  # fmt: skip
        if weeks:
            hours_said = renderer(m.KINDS["timesheet"].fields["hours_worked"])
            weeks.sort(key=lambda t: t.week)
            listed = ", ".join(f"{hours_said(t.hours_worked)} in the week of {t.week} "
                               f"({t.file}:{t.line})" for t in weeks[:5])  # fmt: skip
            more = f" and {len(weeks) - 5} more" if len(weeks) > 5 else ""
            said += (f", and their timesheets give hours worked in weeks inside it: "
                     f"{listed}{more}")
        parts.append((record, said))
    if not parts:
        return None
    one, many = len(parts) == 1, periods > 1
    shown = "; ".join(said for _, said in parts[:5]) + (
        f"; and {len(parts) - 5:,} more" if len(parts) > 5 else "")
    them = "it" if one else "them"
    reason = (f"{'an absence' if one else f'{len(parts):,} absences'} excused "
              f"{f'{cal}s' if many else f'a {cal}'} from needing {check.kind.a_noun}, though "
              f"the data says {'it' if one else 'they'} may be wrong: {shown}; "
              f"{'the absence was' if one else 'each absence was'} read as written: if "
              f"they were at work, or {'its' if one else 'the'} dates are wrong, correct "
              f"{them}, and the {f'{cal}s are' if many else f'{cal} is'} judged")
    first_record = parts[0][0]
    return ("", reason, f"at {first_record.file}:{first_record.line}")


def _units_of(data: Dataset) -> Callable[[str], str]:
    """Each staff member's unit, by id: theirs, else their file's; "" for one not in the
    staff list, or in no unit."""
    staff, units = data.staff, data.units

    def unit_of(who: str) -> str:
        person = staff.get(who)
        return "" if person is None else (person.unit or units.get(person.file, ""))

    return unit_of


def _weekday_on(day: dt.date, step: int) -> dt.date:
    """`day`, or the first weekday from it going by `step` days (1: on; -1: back): an absence
    from the Monday 3 February covers a month whose first two days are a weekend (scenario
    round 34: a parental leave gave "no WMT reading in February")."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=step)
    return day


def _away(data: Dataset) -> dict[str, list[tuple[dt.date, dt.date, list[Any]]]]:
    """Each staff member's days of absence, as spans joined where they meet or overlap (a
    sickness from 28 June to 2 August and annual leave from 3 August are one span), or where
    only a weekend lies between them (a sickness to a Friday, a leave from the Monday); each
    with the absences it joins, in order."""
    spans: defaultdict[str, list[m.Absence]] = defaultdict(list)
    for absence in data.of("absence"):
        assert isinstance(absence, m.Absence)
        spans[absence.staff].append(absence)
    out: dict[str, list[tuple[dt.date, dt.date, list[Any]]]] = {}
    for who, found in spans.items():
        joined: list[tuple[dt.date, dt.date, list[Any]]] = []
        for absence in sorted(found, key=lambda a: (a.first_day, a.last_day)):
            first, last = absence.first_day, absence.last_day
            if joined and _weekday_on(first, -1) <= _weekday_on(
                    joined[-1][1] + dt.timedelta(days=1), 1):  # fmt: skip
                joined[-1][2].append(absence)
                joined[-1] = (joined[-1][0], max(joined[-1][1], last), joined[-1][2])
            else:
                joined.append((first, last, [absence]))
        out[who] = joined
    return out


def _measure(rule: ir.Rule, ns: dict[str, Any]) -> Callable[[Sequence[Any]], list[Measured]]:
    """A `measure` check: one generated comprehension measures the value, the limit and the
    comparison inline; a Measured is made for breaches only."""
    select = ns["select"]

    return cast(Callable[[Sequence[Any]], list[Measured]], select)


def _require(rule: ir.Rule, ns: dict[str, Any]) -> Callable[[Sequence[Any]], list[Measured]]:
    """`require`/`forbid`: what held is explained later, for the breaches only (`placer`)."""
    select = ns["select"]

    def run(items: Sequence[Any]) -> list[Measured]:
        return breaches(rule, select(items))

    return run


def breaches(rule: ir.Rule, items: Sequence[Any]) -> list[Measured]:
    """The `Measured` of a `require`/`forbid` rule's items, each known to breach it (by its
    `select`, or by a columnar plan that tested the same condition)."""
    assert isinstance(rule.check, ir.Require)
    limit = "not allowed" if rule.check.forbid else "required"
    return [_new(Measured, (x, tuple(x.records) if isinstance(x, Group) else (x,), None, limit,
                            None, limit, None, None, ""))
            for x in items]  # fmt: skip


def _ratio(rule: ir.Rule, ns: dict[str, Any]) -> Callable[..., list[Measured]]:
    """`ratio`: the items no limit is met by (`unmet`, with a `from` tested in the same pass
    when `run_rule` gives its day), each with why, worked out once per pair of values."""
    limits = ns["limits"](None)
    check_ir = rule.check
    assert isinstance(check_ir, ir.Ratio)
    lname, rname = check_ir.left_text, check_ir.right_text
    unmet = ns["unmet"]
    # the two sides' names as the policy writes them, plurals: singular for exactly one
    nouns = {lname: singular_of(lname), rname: singular_of(rname)}

    def of(count: float, name: str) -> str:
        return counted(count, nouns[name], name)

    def there(count: float) -> str:
        return f"there {'is' if count == 1 else 'are'} {number(count)}"

    class Said(dict[tuple[Any, Any], "tuple[Any, ...] | None"]):
        """What `why` says of each (left, right) pair, worked out when first asked for: few
        pairs recur over many items."""

        def __missing__(self, pair: tuple[Any, Any]) -> tuple[Any, ...] | None:
            words = self[pair] = why(*pair)
            return words

    said = Said()


    def why(lv: Any, rv: Any) -> tuple[Any, ...] | None:
        """A breach's value, limit, measurement, its limit in words and the reasons, which
        depend on the two sides' values only; None if a limit is met."""
        reasons = []
        for a, b in limits:
            if lv >= a and rv * a <= b * lv:
                return None
            if lv < a:
                reasons.append((f"{a}:{b} needs at least {of(a, lname)} ({there(lv)})", None))
            else:
                reasons.append((f"{a}:{b} allows at most {of(b * lv / a, rname)} for "
                                f"{of(lv, lname)} ({there(rv)})", None))  # fmt: skip
        measured = f"{rname} {number(rv)}, {lname} {number(lv)}"
        if lv:
            measured = f"1:{number(rv / lv)} ({measured})"
        limit = " or ".join(f"{a}:{b}" for a, b in limits)
        value = round(rv / lv, 4) if lv else None
        return (value, limit, measured, f"at most {limit}", tuple(reasons), None, "")

    def run(items: Sequence[Any], since: dt.date | None = None) -> list[Measured]:
        ns["_said"] = said  # (the run's own: `Program.bind` makes ns for each run)
        return unmet(items, since)  # type: ignore[no-any-return]

    return run


def _idle(rule: ir.Rule, ns: dict[str, Any]) -> Callable[[list[Any]], bool] | None:
    """For `most at once` run on the days a dated cap holds one value (`Env.days`): whether
    a group's records are none of them held on those days. Its cap left unset then left
    nothing unjudged (a PQiP's cap agreed from 1 April, over cases held since May, is no cap
    "not yet agreed": the first hour of round 44)."""
    days, check = ns.get("_days"), rule.check
    if days is None or not isinstance(check, ir.AtOnce):
        return None
    spans, staff = check.spans, ns.get("_staff")

    def idle(records: list[Any]) -> bool:
        day, held, _ = peak_of(records, spans, days, staff)
        return day is None and not held

    return idle


def _at_once(rule: ir.Rule, ns: dict[str, Any]) -> Callable[[Sequence[Any]], list[Measured]]:
    """`measure most at once`: over an `at most` limit, each spell of days the group held more
    records than it (`common.spells_over`: when it began, when it ended or that it goes on,
    and its peak, with the records held then); under an `at least` one, the first day most
    records were held together, and those. Records no day dates give no spell: the peak is
    all of them, and the finding no period."""
    check_ir, kind = rule.check, rule.kind
    assert isinstance(check_ir, ir.AtOnce)
    limit, spans, most = ns["limit"], check_ir.spans, check_ir.op == "most"
    verb, opened, with_undated = kind.span_verb, str(spans[0]), kind.undated_note
    no_day = (f"No {kind.noun} gives an {opened} date, so every listed {kind.noun} was "
              f"counted." if with_undated else "")  # fmt: skip
    notes: dict[tuple[Any, ...], tuple[str, Period]] = {}  # by the words' facts: most recur
    known = ns.get("_limits") or {}  # each group's limit, if `_over_limit` worked it out
    days = ns.get("_days")  # the days a dated cap holds the value this run has (`Env.days`)
    staff = ns.get("_staff")  # (`until line_manager.left_on`: the manager's date)
    today = ns.get("_today")  # (a peak after the day judged is planned, not yet held)
    idle = _idle(rule, ns)
    first_of = operator.attrgetter(opened)
    # the key naming the person who holds the records (a PTA, a practitioner): nothing is
    # held by them before they started, whatever the records' own dates (scenarios round 51,
    # P3: a PTA's learners counted from the learners' start, before the data can know)
    who = next((k.position for k in rule.keys or () if k.type.name == "staff"), None)

    def held_on(v: int, day: dt.date, undated: int, said_ahead: bool = False) -> str:
        """"All 3 were in post on 2025-08-01", or "will be" after the day judged (and, with
        `said_ahead`, that it is planned)."""
        ahead = today is not None and day > today  # a holding booked ahead (an OMiC
        # handover on a release day) is no breach that happened: said as to come
        # (scenarios round 50, P7)
        all_v = (("It will be" if v == 1 else "Both will be" if v == 2 else f"All {v} will be")
                 if ahead else  # (a cap of 0: one breaches)
                 "It was" if v == 1 else "Both were" if v == 2 else f"All {v} were")
        after = (f", after the day judged ({today}): planned, not yet {verb}"
                 if ahead and said_ahead else "")  # fmt: skip
        return (f"{all_v} {verb} on {day}{after} ({undated} with no {opened} date, counted as "
                f"{verb} throughout)" if undated and with_undated else
                f"{all_v} {verb} on {day}{after}")  # fmt: skip

    def spell_words(sp: OverSpell, last: dt.date, v: int, undated: int) -> str:
        """The spell in the tense that is true on the day judged, then its peak (first hour
        of round 49, P3; scenarios round 51, P2: a breach that ended months before the day
        judged read "holds", dated to its first day alone)."""
        start = (f"before {sp.start} (the first date the records give)" if sp.before
                 else str(sp.start))  # fmt: skip
        one_day = not sp.before and sp.end is not None and sp.start == last
        peak = held_on(v, sp.peak, undated)
        if today is not None and sp.start > today:  # the whole spell to come
            span = (f"on {start} only" if one_day else f"from {start} to {last}"
                    if sp.end is not None else f"from {start} on")  # fmt: skip
            changes = f" (the last day of this cap: it changes on {sp.end})" if sp.cut else ""
            return (f"Over the cap {span}{changes}, after the day judged ({today}): planned, "
                    f"not yet {verb}; {peak[0].lower()}{peak[1:]}.")
        if sp.end is not None and (today is None or last <= today):  # over, and ended
            span = f"on {start} only" if one_day else f"from {start} to {last}"
            changed = f" (the last day of this cap: it changed on {sp.end})" if sp.cut else ""
            return f"Over the cap {span}{changed}; {peak[0].lower()}{peak[1:]}."
        if today is None:
            return f"Over the cap since {start}, with no end in the records; " \
                   f"{peak[0].lower()}{peak[1:]}."
        still = (f"Over the cap from {start}, the day judged" if sp.start == today else
                 f"Over the cap since {start}, and still on {today} (the day judged)")
        if sp.end is not None:  # an end the records give after the day judged
            still += (f", to {last}, the last day of this cap (it changes on {sp.end})"
                      if sp.cut else f", to {last} as the records plan it")  # fmt: skip
        return f"{still}; {peak[0].lower()}{peak[1:]}."

    def breach(g: Group, sp: OverSpell, lim: Any) -> Measured:
        """One spell's Measured: its peak, and its days as the period."""
        held = sp.held
        v = len(held)
        undated = sum(1 for r in held if first_of(r) is None)
        if sp.end is not None:
            last = sp.end - _ONE_DAY
        elif today is not None and sp.start <= today:
            last = today  # still over on the day judged: the period runs to it
        else:
            last = max(sp.start, sp.peak)
        key = (sp.start, sp.end, sp.cut, sp.before, sp.peak, last, v, undated)
        said = notes.get(key)
        if said is None:
            said = notes[key] = (spell_words(sp, last, v, undated),
                                 Period("span", sp.start, last))  # fmt: skip
        note, period = said
        return _new(Measured, (Group(g.keys, held), tuple(held), v, lim, None, None, (),
                               period, note))  # fmt: skip

    def check(g: Group) -> Measured | list[Measured] | None:
        lim = known.get(g.keys, known)
        if lim is known:
            try:
                lim = limit(g)
            except UnsetParam as u:  # noted (`_one_by_one`) unless nothing was held then
                if idle is not None and not isinstance(u, NoEntry) and idle(g.records):
                    return None
                raise
        if lim is None or (most and len(g.records) <= lim):
            return None  # the peak holds some of the records: at most all of them
        day, held, undated = peak_of(g.records, spans, days, staff)  # every undated one is held
        v = len(held)
        if v <= lim if most else v >= lim:
            return None
        if most and day is not None:
            looked = days
            person = staff.get(g.keys[who]) if who is not None and staff else None
            began = person.started_on if person is not None else None
            if began is not None and (days is None or days[0] is None or began > days[0]):
                if days is not None and days[1] is not None and began >= days[1]:
                    return None  # this cap's days are all before they started
                looked = (began, None if days is None else days[1])
            return [breach(g, sp, lim)
                    for sp in spells_over(g.records, spans, lim, looked, staff)]  # fmt: skip
        if day is None:
            note, period = no_day, None
        elif (said := notes.get((v, day, undated))) is not None:
            note, period = said  # the same count and day recur from one group to another
        else:
            note = f"{held_on(v, day, undated, True)}."
            period = Period("day", day, day)
            notes[v, day, undated] = note, period
        # (`at least`: a peak of no one is cited by the group's records, who were counted)
        cited = tuple(held) or tuple(g.records)
        return _new(Measured, (Group(g.keys, held), cited, v, lim, None, None, (), period,
                               note))

    return _each(check)


def _repaid(rule: ir.Rule, ns: dict[str, Any], people: str = "people"
            ) -> Callable[[Sequence[Any]], list[Measured]]:  # fmt: skip
    """`measure OWED repaid by PAID up to LATE later at most LIMIT` (see `ir.Repaid`), over
    the records put by person by the generated `people` (or `where_people`, which selects
    them in the same pass)."""
    check_ir = rule.check
    assert isinstance(check_ir, ir.Repaid)
    people_of, limit = ns[people], ns["limit"]
    late = ns["late"](None)
    most = check_ir.op == "most"
    grace = dt.timedelta(days=late)
    # a limit that is a constant or a plain parameter is the same for every record
    fixed = ir.is_const(check_ir.limit)
    fixed_limit = limit(None) if fixed else None
    # A debt with nothing left takes no later payment; under a fixed limit that nothing
    # breaches (or none), it is never reported either, so it is not kept.
    inert = fixed and (fixed_limit is None or (fixed_limit >= 0 if most else fixed_limit <= 0))

    def by_person(persons: dict[Any, Any]) -> list[Measured]:
        out: list[Measured] = []
        for last, rows in persons.values():
            # The rows that owe or pay, by day, stable (one record per person and day,
            # dataset.py). Under an inert limit, a row that does neither changes nothing:
            # the debts it would see fall due are settled, in the same order and with the
            # same payers, at the next row or at the end.
            rows.sort(key=_first)
            debts: list[list[Any]] = []  # [record, day it is due by, still owed, payers]

            def settle(debt: list[Any], last: dt.date = last) -> None:
                r, due, left, payers = debt
                lim = fixed_limit if fixed else limit(r)
                # within EPSILON of the limit is on it (common.py): 3.1 h repaid of 3.1 h owed
                if lim is None or (left - lim <= EPSILON if most else lim - left <= EPSILON):
                    return
                note = ""
                if late and due > last:
                    note = (f"The files end (last record {last}) before its time to be "
                            f"repaid is over.")  # fmt: skip
                out.append(_new(Measured, (r, (r, *payers), left, lim, None, None, (), None,
                                           note)))  # fmt: skip

            for d, o, p, r in rows:
                if debts:
                    while debts and debts[0][1] < d:
                        settle(debts.pop(0))
                if o is None:
                    continue  # nothing known to be owed (4c needs contracted hours)
                left = 0 if o < 0 else o  # max(o, 0)
                if p:  # repays the oldest debts first, its own last
                    for debt in debts:
                        owing = debt[2]
                        take = owing if owing < p else p  # min(p, owing), without a call
                        if take > 0:
                            debt[2] -= take
                            p -= take
                            debt[3].append(r)
                        if not p:
                            break
                    else:
                        take = left if left < p else p  # min(p, left)
                        if take > 0:
                            left -= take
                if left == 0 and inert:
                    continue
                debts.append([r, d + grace, left, []])
            for debt in debts:
                settle(debt)
        return out

    # With nothing repaid later, a record's payment can only go to its own debt: every
    # older debt fell due on its own day, before it (one record per person and day), so
    # each record stands alone and needs neither its person's other records nor an order.
    subject = rule.kind.subject
    alone = not late and KEY_FIELDS.get(rule.kind.name) == (subject, *rule.kind.date_fields)
    owing_of = ns[people.replace("people", "owing")]

    def each_alone(rows: list[Any]) -> list[Measured]:
        # most files list a person's records together and by day: then the breaches are in
        # the order `by_person` says them already, and are not sorted
        found: list[Measured] = []
        add, last_n, last_d = found.append, -1, None
        for d, o, p, r, n in rows:
            left = 0 if o < 0 else o  # max(o, 0)
            if p:
                take = left if left < p else p  # min(p, left)
                if take > 0:
                    left -= take
            if left == 0 and inert:
                continue
            lim = fixed_limit if fixed else limit(r)
            if lim is None or (left - lim <= EPSILON if most else lim - left <= EPSILON):
                continue
            if n != last_n:
                if n < last_n:
                    return each_sorted(rows)
                last_n = n
            elif d < last_d:
                return each_sorted(rows)
            last_d = d
            add(_new(Measured, (r, (r,), left, lim, None, None, (), None, "")))
        return found

    def each_sorted(rows: list[Any]) -> list[Measured]:
        found = []
        for d, o, p, r, n in rows:
            left = 0 if o < 0 else o  # max(o, 0)
            if p:
                take = left if left < p else p  # min(p, left)
                if take > 0:
                    left -= take
            if left == 0 and inert:
                continue
            lim = fixed_limit if fixed else limit(r)
            if lim is None or (left - lim <= EPSILON if most else lim - left <= EPSILON):
                continue
            found.append((n, d, _new(Measured, (r, (r,), left, lim, None, None, (), None, ""))))
        found.sort(key=_person_day)  # as `by_person` says them: by person, then by day
        return [f for _, _, f in found]

    def run(items: Sequence[Any]) -> list[Measured]:
        if alone:
            return each_alone(owing_of(items, not inert))
        return by_person(people_of(items, not inert))

    return run


_first = operator.itemgetter(0)
_PARAM = re.compile(r"_p\d+")  # the name a parameter's value is bound to (`Writer.param`)
_person_day = operator.itemgetter(0, 1)


def _spell(rule: ir.Rule, ns: dict[str, Any]) -> Callable[[Sequence[Any]], list[Measured]]:
    """Runs of one person's consecutive readings for which the condition holds (`ir.Spell`)."""
    check_ir = rule.check
    assert isinstance(check_ir, ir.Spell)
    flags_of, days_of, places_of, limit = ns["flags"], ns["days"], ns["places"], ns["limit"]
    windows = ns.get("_windows")  # (first day, day after the last, namespace), `Env.by_day`
    if windows:
        flags_of, limit = _flags_by_day(windows, days_of), _limit_by_day(windows)
    elif "flags_set" in ns and all(ns[p] is not None for p in ns if _PARAM.fullmatch(p)):
        flags_of = ns["flags_set"]  # no parameter is None: none is tested for it
    holding = ns.get("holding")
    most = check_ir.op == "most"
    said = renderer(_days_type())
    weekly = "week" in rule.kind.fields  # a reading's own period: its week, or its day
    staff = ns["_staff"]
    # the key that names the person (the type checker insists on one)
    who = next(k.position for k in rule.keys or () if k.type.name == "staff")

    def in_post(g: Group, run: list[Any]) -> list[Any]:
        """`run` cut to the days its person was in post (from `started_on`, before
        `left_on`): a reading holds no day before they started or from the day they left,
        and one that holds none is no part of the spell."""
        person = staff.get(g.keys[who])
        began = person.started_on if person is not None else None
        left = person.left_on if person is not None else None
        if began is None and left is None:
            return run
        first = began.toordinal() if began is not None else None
        last = left.toordinal() if left is not None else None
        cut = []
        for r, s, e, own in run:
            own_end = s + own
            if first is not None and s < first:
                s = first
            if last is not None:
                e, own_end = min(e, last), min(own_end, last)
            if e > s:
                cut.append((r, s, e, max(0, own_end - s)))
        return cut

    limit_texts: dict[float, str] = {}  # a limit in words, made once for each limit

    def long(g: Group, run: list[Any], lim: float) -> list[Measured]:
        """The spell of `run` (in post) if it breaches the limit (with values by day, the
        first limit a day of it exceeds, counted from its start: `_limit_by_day`)."""
        if windows:  # the limit a day of it first breaches, counted from its start
            run = in_post(g, run)
            if not run:
                return []
            found = limit(g, dt.date.fromordinal(run[0][1]), run[-1][2] if most else None)
            if found is None:
                return []
            lim = found
        if most and run[-1][2] - run[0][1] <= lim:
            return []  # within the limit: cut to the days in post, it is no longer
        run = in_post(g, run)
        if not run:
            return []
        days = run[-1][2] - run[0][1]
        if days <= lim if most else days >= lim:
            return []
        text = limit_texts.get(lim)
        if text is None:
            text = limit_texts[lim] = f"{'at most' if most else 'at least'} {said(lim)}"
        return [_spell_breach(g, run, lim, most, said, text)]

    # a limit (and a reading's hold) that is the same for every group is read once
    same_limit = ir.is_const(check_ir.limit) and not windows
    same_hold = holding is None or check_ir.holding is None or ir.is_const(check_ir.holding)
    the_limit = limit(None) if same_limit else None
    the_hold = holding(None) if holding is not None and same_hold else None

    def check(g: Group) -> list[Measured] | None:
        lim = the_limit if same_limit else limit(g)
        if lim is None:
            return None
        records = g.records
        held = flags_of(records)
        if True not in held:
            return None  # never above the line: no spell to measure
        # Unset, a reading holds until the next one; set, for at most that many days.
        most_days = the_hold if same_hold or holding is None else holding(g)
        # By day; on one day a daily reading comes after the weekly one it falls in. A
        # spell is only checked for kinds whose every record is dated (the schemas say so):
        # a record's place in time is never None.
        # A file usually lists a person's readings one a day, in order: then there is
        # nothing to sort, and no place in time is made for each.
        dates = days_of(records)
        if not all(map(operator.lt, dates, dates[1:])):
            places = places_of(records)
            order = sorted(range(len(records)), key=places.__getitem__)  # stable
            records, held = [records[i] for i in order], [held[i] for i in order]
            dates = [places[i][0] for i in order]
        readings, flags = records, held
        last = len(readings) - 1
        out: list[Measured] = []
        run: list[Any] = []
        # A reading below the line outside a spell changes nothing: from one spell to the
        # next, the loop jumps to the next reading above it.
        i = flags.index(True)
        while True:  # days as numbers: cheap to subtract
            start = dates[i].toordinal()
            own = 7 if weekly and readings[i].week is not None else 1
            end = dates[i + 1].toordinal() if i < last else start + own
            if end == start:
                pass  # a later reading on the same day supersedes this one
            elif most_days is not None and end - start > max(own, most_days) and not \
                    _weekend_between(start + max(own, int(most_days)), end):  # fmt: skip
                # held no longer than the policy allows; the days after are unknown
                cut = start + max(own, int(most_days))
                if flags[i]:
                    run.append((readings[i], start, cut, own))
                if run:
                    out += long(g, run, lim)
                run = []
            elif flags[i]:
                run.append((readings[i], start, end, own))
            elif run:
                out += long(g, run, lim)
                run = []
            i += 1
            if i > last:
                break
            if not run:
                try:
                    i = flags.index(True, i)
                except ValueError:
                    break
        if run:
            out += long(g, run, lim)
        if most_days is not None and most:
            lapsed(g, readings, flags, dates, lim, most_days)
        return out or None

    # Where a reading held no longer than `holding at most` allows, and the next came later,
    # the days between are unknown: said where they fall in a run of readings meeting the
    # condition that, read without the hold, lasts longer than the limit (a spell that may
    # have gone on through them), never passed over as if judged.
    unknown: list[tuple[str, int, int, Any]] = []  # (person, first day, day after, reading)

    def lapsed(g: Group, readings: Sequence[Any], flags: Sequence[bool],
               dates: Sequence[dt.date], lim: float, most_days: float) -> None:  # fmt: skip
        person = staff.get(g.keys[who])
        began = person.started_on.toordinal() if person and person.started_on else None
        left = person.left_on.toordinal() if person and person.left_on else None
        days = 0  # the run's days, read without the hold (the columnar engine's candidates)
        found: list[tuple[str, int, int, Any]] = []
        last = len(readings) - 1
        for i in range(last + 1):
            start = dates[i].toordinal()
            own = 7 if weekly and readings[i].week is not None else 1
            end = dates[i + 1].toordinal() if i < last else start + own
            if end == start:
                continue  # superseded the same day
            if not flags[i]:
                if days > lim:
                    unknown.extend(found)
                days, found = 0, []
                continue
            days += end - start
            if end - start > max(own, most_days) and not _weekend_between(
                    start + max(own, int(most_days)), end):  # fmt: skip
                first = start + max(own, int(most_days))
                if began is not None:
                    first = max(first, began)
                stop = end if left is None else min(end, left)
                if stop > first:
                    found.append((str(g.keys[who]), first, stop, readings[i]))
        if days > lim:
            unknown.extend(found)

    each = _each(check)
    unset = ns.get("_unset")

    def run(items: Sequence[Any]) -> list[Measured]:
        unknown.clear()
        out = each(items)
        if unknown and unset is not None:
            unset.add(("", _lapsed_note(rule.kind, unknown,
                                        said(the_hold) if the_hold is not None else ""), ""))
        return out

    return run


def _weekend_between(first: int, end: int) -> bool:
    """Whether the days from `first` to the day before `end` (ordinals) are a Saturday or a
    Sunday, or both, alone: days no one works a WMT reading (the loader refuses a weekly
    reading dated on one), so a reading held to the Friday by `holding at most` goes on to the
    next on the Monday. A daily export has readings on working days only: with
    `wmt_reading_holds = "1 day"`, three weeks above 110% were three spells of five days,
    and no finding (attack 48, P5). A stretch with a working day in it is a gap, as before."""
    # (the ordinal 1, 1 January of the year 1, is a Monday: (day - 1) % 7 is 5 on Saturdays)
    return end - first <= 2 and all((day - 1) % 7 >= 5 for day in range(first, end))


def _lapsed_note(kind: m.Kind, unknown: Sequence[tuple[str, int, int, Any]], hold: str) -> str:
    """What a spell with `holding at most` could not judge: the days after a reading that held
    no longer than it may, before the next (`_spell`)."""
    one = len(unknown) == 1
    shown = [f"{who} from {dt.date.fromordinal(first).isoformat()} to "
             f"{dt.date.fromordinal(stop - 1).isoformat()} (after {r.file}:{r.line})"
             for who, first, stop, r in sorted(unknown, key=lambda u: (u[0], u[1]))[:5]]
    more = f" and {len(unknown) - 5:,} more" if len(unknown) > 5 else ""
    held = f" (a reading stands for at most {hold})" if hold else ""
    return (f"not judged for {len(unknown):,} {'stretch' if one else 'stretches'} of days "
            f"with no {kind.noun} standing{held}, inside a run of readings the rule's "
            f"condition held for: {', '.join(shown)}{more}; a spell may have gone on through "
            f"{'it' if one else 'them'}")


@functools.cache
def _days_type() -> m.FieldType:
    return m.number("days")


def _flags_by_day(windows: Sequence[tuple[dt.date | None, dt.date | None, dict[str, Any]]],
                  days_of: Callable[[Sequence[Any]], list[dt.date]],
                  ) -> Callable[[Sequence[Any]], list[Any]]:  # fmt: skip
    """A spell's condition of each reading, tested with the values in force on its day (none
    in force, as before a first date: not tested, so no part of a spell)."""
    def flags(records: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for r, day in zip(records, days_of(records), strict=True):
            ns = _window_of(windows, day)
            out.append(False if ns is None else ns["flags"]([r])[0])
        return out

    return flags


def _limit_by_day(windows: Sequence[tuple[dt.date | None, dt.date | None, dict[str, Any]]],
                  ) -> Callable[..., Any]:  # fmt: skip
    """A spell's limit for a group: with its first day (`start`) and the day after its last
    (`end`, an ordinal), the first limit a day of it breaches, counted from its start (a
    spell that runs from under 30 days' grace into 7 days' breaches the 7 once it has lasted
    more than 7 days: the review of session 34), or None if none is; with `start` alone, the
    limit in force on it; with no day, the least of them all, or None if none is set (a
    group no value judges)."""
    def limit(g: Any, start: dt.date | None = None, end: int | None = None) -> Any:
        if start is None:
            set_ = [v for _, _, ns in windows if (v := ns["limit"](g)) is not None]
            return min(set_) if set_ else None
        if end is None:
            ns = _window_of(windows, start)
            return None if ns is None else ns["limit"](g)
        first = start.toordinal()
        for lo, hi, ns in windows:
            stop = end if hi is None else min(end, hi.toordinal())
            if (lo is not None and lo.toordinal() >= end) or stop <= first:
                continue  # (the window holds no day of the spell)
            lim = ns["limit"](g)
            if lim is not None and stop - first > lim:
                return lim
        return None

    return limit


def _window_of(windows: Sequence[tuple[dt.date | None, dt.date | None, dict[str, Any]]],
               day: dt.date) -> dict[str, Any] | None:  # fmt: skip
    return next((ns for lo, hi, ns in windows
                 if (lo is None or day >= lo) and (hi is None or day < hi)), None)  # fmt: skip


def _spell_breach(g: Group, run: list[Any], lim: float, most: bool,
                  said: Callable[[Any], str], limit_text: str | None = None) -> Measured:
    """A run of (reading, first day, day after its last, its own period in days), the days
    as ordinals, that lasted too long (or not long enough: `_spell` tests it): its
    Measured. `said` puts a number of days in words (`render`'s, each value once a run);
    `limit_text` is the limit so put, when the caller has it (the same for every run)."""
    first, last = run[0][1], run[-1][2]
    days = last - first
    records = []
    carried = 0  # days held by a reading past its own week or day: weeks with no reading
    for r, s, e, own in run:
        records.append(r)
        if e - s > own:
            carried += e - s - own
    note = ""
    if carried:
        note = (f"1 of these {said(days)} has no reading of its own: an earlier reading "
                f"was carried forward over it." if carried == 1 else
                f"{number(carried)} of these {said(days)} have no reading of their "
                f"own: an earlier reading was carried forward over them.")  # fmt: skip
    if limit_text is None:
        limit_text = f"{'at most' if most else 'at least'} {said(lim)}"
    return Measured(Group(g.keys, records), tuple(records), days, lim, said(days), limit_text,
                    (), Period("span", dt.date.fromordinal(first),
                               dt.date.fromordinal(last - 1)), note)  # fmt: skip


Run = Callable[[Sequence[Any]], list[Measured]]  # a check over the records or groups
_RUNS: dict[type, Callable[[ir.Rule, dict[str, Any]], Run]] = {
    ir.Measure: _measure, ir.Require: _require, ir.Ratio: _ratio, ir.Spell: _spell,
    ir.AtOnce: _at_once, ir.Repaid: _repaid,
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# For placing: what a finding's sentence and facts need


class Explainer:
    """One rule's sentence and facts, bound for a run (see `evaluate.placer`)."""

    def __init__(self, rule: ir.Rule, env: Env, data: Dataset | None = None) -> None:
        prog = program(rule)
        ns = prog.bind(rule, env, explain=True, data=data)
        self.where = prog.where_explain.bind(ns) if prog.where_explain is not None else None
        self.check = (prog.check_explain.bind(ns, every=True) if prog.check_explain is not None
                      else None)  # fmt: skip
        # whether two facts of one finding may read alike (`evaluate._place` says each once)
        self.may_repeat = _may_repeat(rule)
        self.template = tuple(part if isinstance(part, str) else (ns[part[0]], part[1])
                              for part in prog.template)  # fmt: skip
        # the generated sentence (None when the rule has none); a value that needs a keyed
        # parameter left unset raises UnsetParam: `sentence` then says it "not given"
        self.generated_sentence: Callable[[Facts], str] | None = ns.get("sentence")
        # each `among` the rule's code reads, once: the sentence's and the check's alike find
        # the same records (what an `among` finds turns on its kind, keys, `where` and `same`)
        first: dict[tuple[Any, ...], int] = {}
        for i, a in enumerate(prog.amongs):
            first.setdefault((a.kind, a.matches, a.where, a.same), i)
        self._amongs = [(i, ns[f"_amk{i}"], ns.get(f"_amw{i}")) for i in first.values()]
        self._ns = ns
        # None when the rule reads no other kind
        self.among_records = self._among_records if self._amongs else None

    def _among_records(self, keys: tuple[Any, ...], group: Sequence[Any] = ()
                       ) -> tuple[Any, ...]:  # fmt: skip
        """The other kinds' records that `among` found for a group (its `keys` and
        `group`'s records): evidence too."""
        out: dict[int, Any] = {}
        for i, key_of, where in self._amongs:
            for r in self._ns["_among"](i, key_of, where, keys, group).records:
                out[id(r)] = r
        return tuple(out.values())

    def sentence(self, facts: Facts) -> str:
        """The finding's sentence: one generated function puts every value in words; a value
        that needs a keyed parameter left unset reads "not given"."""
        if self.generated_sentence is not None:
            try:
                return self.generated_sentence(facts)
            except UnsetParam:
                pass
        return "".join(self._parts(facts))

    def _parts(self, facts: Facts) -> Iterator[str]:
        for i, part in enumerate(self.template):
            yield part if isinstance(part, str) else self.value_said(i, facts)

    def value_said(self, i: int, facts: Facts) -> str:
        """The sentence's `i`th part, a value, in words ("not given" for an unset cap)."""
        part = self.template[i]
        assert not isinstance(part, str)
        fn, type_ = part
        try:
            value = fn(facts)
        except UnsetParam:
            value = None
        return (in_words(value) if type_.name == "enum" and value.__class__ is str
                else render(value, type_))  # fmt: skip
