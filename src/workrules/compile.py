"""Check a rule against the data model and compile it into closures.

Compiling happens when a policy loads: every name is resolved against the data model (`model.
KINDS`), the rule's lets and the policy's parameters, and every expression is type-checked
(percent is not hours, `rosh` has no value `hgh`). A mistake is a `PolicyError` at the line
and column where it was written, with a caret and the likely name.

What compiling produces is a tree of *builders*: `build(env)` returns a closure over one
record (or one group of records) that computes the value with no tree walking. The
environment `Env` holds what is only known at check time: the staff index and the parameter
values. Closures are built once per run, then called once per record.

Most expressions also know their Python *source* (`Typed.src`): `hours_worked -
staff.contracted_hours` becomes `(x.hours_worked - _v0[x.staff].contracted_hours)`. A node
with a source is built by generating one flat function for its whole subtree, so a record
costs one call instead of one per node. Values (constants, parameter values, the staff index,
patterns) are bound by name, never written into the source; field names come from the data
model. A node without a source (aggregates, keyed lookups, calendar keys) is bound as a
closure and called from the generated code.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from types import CodeType
from typing import TYPE_CHECKING, Any

import attrs

from . import model as m
from . import nodes as n
from .errors import PolicyError, did_you_mean
from .render import render

if TYPE_CHECKING:
    from .textpattern import TextMatcher

Fn = Callable[[Any], Any]
Describe = Callable[[Any, bool], tuple[str, int | None]]  # (record, wanted) -> (fact, line)
CALENDAR = ("day", "week", "month")


@attrs.frozen
class Env:
    """What closures need that only a check run knows."""

    staff: Mapping[str, m.Staff]
    params: Mapping[str, Any]  # plain: a value or None; keyed: a dict of key -> value or None
    grades: Mapping[str, str] = attrs.field(factory=dict)  # declared grade -> family, or ""


class UnsetParam(Exception):
    """A keyed parameter had no value for the key a record needed."""

    def __init__(self, name: str, key: str) -> None:
        super().__init__(name, key)
        self.name = name
        self.key = key


class NoEntry(UnsetParam):
    """A keyed parameter has no entry at all for the key a record needed (a grade with no
    cap of its own and no family that has one): the record is reported, never skipped."""


def family_of(key: str, env: Env) -> str:
    """The family a key (a grade) falls under: the vocabulary's, or its declaration's."""
    return env.grades.get(key) or m.grade_family(key)


class Gen:
    """The source of one generated function: bound values and fresh temporaries."""

    def __init__(self) -> None:
        self.ns: dict[str, Any] = {}
        self.temps = 0

    def bind(self, value: Any) -> str:
        name = f"_v{len(self.ns)}"
        self.ns[name] = value
        return name

    def tmp(self) -> str:
        self.temps += 1
        return f"_t{self.temps}"


Source = Callable[[Env, Gen], str]  # a Python expression over the record (or group) `x`


@attrs.frozen
class Typed:
    """A compiled expression: its type, how to build its closure, and what it depends on."""

    type: m.FieldType
    build: Callable[[Env], Fn]
    const: Callable[[Env], Any] | None = None  # the same value for every record
    params: frozenset[str] = frozenset()
    node: Any = None
    src: Source | None = None  # its Python source, when it has one (see the module doc)


def code(t: Typed, env: Env, gen: Gen) -> str:
    """`t` as a Python expression over `x`: its own source, or a call of its closure."""
    if t.src is not None:
        return t.src(env, gen)
    return f"{gen.bind(t.build(env))}(x)"


@functools.lru_cache(maxsize=2048)
def _code_of(source: str, mode: str) -> CodeType:
    return compile(source, "<workrules generated>", mode)


def run_generated(source: str, ns: dict[str, Any], mode: str = "eval") -> Any:
    """Evaluate (or, with mode "exec", execute) source that this package generated.

    The source is written from a checked AST; every value in it is bound by name in `ns`, so
    no text from a policy or the data is ever evaluated. Compiled code is cached by source:
    the same rule generates the same source on every run, so only the first run compiles.
    """
    code_obj = _code_of(source, mode)
    if mode == "eval":
        return eval(code_obj, ns)
    exec(code_obj, ns)
    return None


def generated(src: Source) -> Callable[[Env], Fn]:
    """A builder that generates one function from `src` (see the module doc)."""

    def build(env: Env) -> Fn:
        gen = Gen()
        body = src(env, gen)
        return run_generated(f"lambda x: {body}", gen.ns)  # type: ignore[no-any-return]

    return build


@attrs.frozen
class KeyInfo:
    """One `per` key of a rule: how it is bound and what it is."""

    alias: str
    index: int
    type: m.FieldType
    calendar: str  # day | week | month, or "" for a field
    get: Typed  # per record: the key value (a tuple for a list field: one group per item)
    explode: bool


@attrs.frozen
class Explain:
    """How to tell which parts of a condition held, with their values, after the fact."""

    how: str  # and | or | not | atom
    children: tuple[Explain, ...]
    cond: Typed
    describe: Callable[[Env], Callable[[Any, bool], tuple[str, int | None]]] | None = None
    given: Typed | None = None  # otherwise: is the first alternative given?

    def bind(self, env: Env) -> Callable[[Any, bool], list[tuple[str, int | None]]]:
        test = self.cond.build(env)
        parts = [c.bind(env) for c in self.children]
        tests = [c.cond.build(env) for c in self.children]
        describe = self.describe(env) if self.describe is not None else None
        given = self.given.build(env) if self.given is not None else None

        def facts(x: Any, want: bool) -> list[tuple[str, int | None]]:
            if given is not None:
                return parts[0](x, want) if given(x) is not None else parts[1](x, want)
            if self.how == "atom":
                assert describe is not None
                return [describe(x, want)]
            if self.how == "not":
                return parts[0](x, not want)
            # and + want True / or + want False: every part contributes
            every = (self.how == "and") == want
            out: list[tuple[str, int | None]] = []
            for part, t in zip(parts, tests, strict=True):
                if every or bool(t(x)) == want:
                    out.extend(part(x, want))
            return out

        del test
        return facts


def _const(type_: m.FieldType, value: Any, node: Any = None) -> Typed:
    return Typed(type_, lambda env: lambda x: value, lambda env: value, node=node,
                 src=lambda env, gen: gen.bind(value))  # fmt: skip


_STRINGISH = {"string", "enum", "symbol", "staff", "text"}
_BACK_TO_MONDAY = tuple(dt.timedelta(days=i) for i in range(7))
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}  # fmt: skip
_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
}  # fmt: skip


def _num_dim(a: m.FieldType, b: m.FieldType) -> str | None:
    """The common dimension of two numbers, or None if they cannot be mixed."""
    if a.dim == b.dim or b.dim == "number":
        return a.dim
    if a.dim == "number":
        return b.dim
    return None


def mentions_pattern(words: str) -> re.Pattern[str]:
    """`mentions "line manag"`: the words in order, any case, spaces or hyphens between."""
    parts = [re.escape(w) for w in words.split()]
    return re.compile(r"(?i)\b" + r"[\s-]+".join(parts))


def text_regex(e: n.TextMatch) -> Any:
    """What `mentions` or `matches` searches with. `mentions` builds a plain sequence of
    escaped words (no nested repeats: Python's engine runs it in linear time); a policy's own
    `/regex/` runs on RE2, which never backtracks (see `textpattern.regex`)."""
    if e.how == "mentions":
        return mentions_pattern(e.pattern)
    from .textpattern import regex

    return regex(e.pattern)


class Scope:
    """Where an expression is compiled: over one record, one group, or one finding."""

    def __init__(
        self,
        compiler: RuleCompiler,
        kind: m.Kind,
        keys: tuple[KeyInfo, ...] | None = None,
        template: bool = False,
        builtins: Mapping[str, m.FieldType] | None = None,
    ) -> None:
        self.c = compiler
        self.kind = kind
        self.keys = keys
        self.template = template
        self.builtins = builtins or {}
        self._lets: dict[str, Typed] = {}
        self._active: set[str] = set()

    @property
    def grouped(self) -> bool:
        return self.keys is not None

    def on_x(self, fn: Fn) -> Fn:
        """In a sentence, closures receive the finding's facts; the record or group is `.x`."""
        if not self.template:
            return fn
        return lambda f: fn(f.x)

    def error(self, message: str, pos: n.Pos) -> PolicyError:
        return self.c.error(message, pos)

    # ---------------------------------------------------------------------------------------
    def expr(self, e: n.Expr) -> Typed:
        method: Callable[[Any], Typed] = getattr(self, "_" + type(e).__name__)
        typed = method(e)
        if typed.src is not None and typed.const is None:
            return attrs.evolve(typed, node=e, build=generated(typed.src))
        return attrs.evolve(typed, node=e)

    def boolean(self, e: n.Expr, what: str) -> Typed:
        t = self.expr(e)
        if t.type.name != "bool":
            raise self.error(f"{what} must be a condition (true or false), not "
                             f"{t.type.describe()}", e.pos)  # fmt: skip
        return t

    def _Num(self, e: n.Num) -> Typed:
        return _const(m.number(e.dim), e.value)

    def _DateLit(self, e: n.DateLit) -> Typed:
        return _const(m.DATE, e.value)

    def _RatioLit(self, e: n.RatioLit) -> Typed:
        return _const(m.RATIO, (e.left, e.right))

    def _Str(self, e: n.Str) -> Typed:
        return _const(m.STRING, e.value)

    def _Symbol(self, e: n.Symbol) -> Typed:
        return _const(m.FieldType("symbol", values=(e.value,)), e.value)

    def _BoolLit(self, e: n.BoolLit) -> Typed:
        return _const(m.BOOL, e.value)

    # names ---------------------------------------------------------------------------------
    def names(self) -> list[str]:
        out = list(self.builtins) + list(self.c.lets) + list(self.c.params)
        if self.keys is not None:
            out += [k.alias for k in self.keys]
        else:
            out += list(self.kind.fields)
        return out

    def resolvable(self, name: str) -> bool:
        if name in self.builtins or name in self.c.lets or name in self.c.params:
            return True
        if self.keys is not None:
            return any(k.alias == name for k in self.keys)
        return name in self.kind.fields or (name in CALENDAR and bool(self.kind.date_fields))

    def _Path(self, e: n.Path) -> Typed:
        head, rest = e.parts[0], e.parts[1:]
        if head in self.builtins and not rest:
            btype = self.builtins[head]
            fact = operator.attrgetter(head)
            return Typed(btype, lambda env: fact)
        if head in self.c.lets:
            return self._deref(self.let(head, e.pos), rest, e)
        if self.keys is not None:
            key = next((k for k in self.keys if k.alias == head), None)
            if key is not None:
                index = key.index
                base = Typed(key.type, lambda env: self.on_x(lambda g: g.keys[index]),
                             src=None if self.template else (
                                 lambda env, gen: f"x.keys[{index}]"))  # fmt: skip
                return self._deref(base, rest, e)
        elif head in self.kind.fields:
            ftype = self.kind.fields[head]
            getter = operator.attrgetter(head)
            field_src: Source | None = None if self.template else (
                lambda env, gen: f"x.{head}")
            return self._deref(Typed(ftype, lambda env: self.on_x(getter), src=field_src),
                               rest, e)
        elif head in CALENDAR and self.kind.date_fields and not rest:
            return self.calendar(head)
        if head in self.c.params:
            return self.param(head, e)
        if self.keys is not None and head in self.kind.fields:
            raise self.error(
                f"'{head}' differs from one {self.kind.noun} to another within a group; use it "
                f"inside count, sum of, max of or min of, or group by it with 'per {head}'",
                e.pos,
            )
        raise self.error(
            f"unknown name '{head}' for a {self.kind.noun}"
            f"{did_you_mean(head, self.names())}",
            attrs.evolve(e.pos, width=len(head)),
        )

    def calendar(self, unit: str) -> Typed:
        day = self.c.day_of
        src: Source | None = None
        dates = self.kind.date_fields
        if len(dates) == 1 and not self.template:
            field = dates[0]
            if unit == "day":
                def src(env: Env, gen: Gen) -> str:
                    return f"x.{field}"
            else:
                def src(env: Env, gen: Gen) -> str:
                    t = gen.tmp()
                    start = (f"{t} - {gen.bind(_BACK_TO_MONDAY)}[{t}.weekday()]"
                             if unit == "week" else f"{t}.replace(day=1)")
                    return f"(None if ({t} := x.{field}) is None else {start})"
        if unit == "day":
            fn = day
        elif unit == "week":
            def fn(r: Any) -> Any:
                d = day(r)
                return None if d is None else d - dt.timedelta(days=d.weekday())
        else:
            def fn(r: Any) -> Any:
                d = day(r)
                return None if d is None else d.replace(day=1)
        return Typed(attrs.evolve(m.DATE, optional=len(self.kind.date_fields) > 1),
                     lambda env: self.on_x(fn), src=src)  # fmt: skip

    def param(self, name: str, e: n.Path | n.Lookup) -> Typed:
        decl = self.c.params[name]
        if decl.keyed_by and isinstance(e, n.Path):
            raise self.error(
                f"parameter '{name}' holds one value per {decl.keyed_by}; write "
                f"{name}[{decl.keyed_by}] or name the key",
                e.pos,
            )
        ptype = param_type(decl)

        def value(env: Env) -> Any:
            return env.params.get(name)

        def build(env: Env) -> Fn:
            v = value(env)
            return lambda x: v

        return Typed(ptype, build, value, params=frozenset({name}),
                     src=lambda env, gen: gen.bind(value(env)))  # fmt: skip

    def let(self, name: str, pos: n.Pos) -> Typed:
        if name in self._lets:
            return self._lets[name]
        if name in self._active:
            raise self.error(f"'{name}' is defined in terms of itself", pos)
        self._active.add(name)
        typed = self.expr(self.c.lets[name].value)
        self._active.discard(name)
        self._lets[name] = typed
        return typed

    def _deref(self, base: Typed, rest: tuple[str, ...], e: n.Path) -> Typed:
        typed = base
        for i, part in enumerate(rest):
            t = typed.type
            if t.name == "staff":
                fields: Mapping[str, m.FieldType] = m.STAFF_FIELDS
            elif t.name == "record":
                fields = m.NESTED[t.record]
            else:
                raise self.error(
                    f"'{'.'.join(e.parts[: i + 1])}' is {t.describe()} and has no fields",
                    e.pos,
                )
            if part not in fields:
                col = e.pos.column + sum(len(p) + 1 for p in e.parts[: i + 1])
                owner = "a staff member" if t.name == "staff" else f"a {t.record}"
                raise self.error(
                    f"{owner} has no field '{part}'{did_you_mean(part, fields)}",
                    attrs.evolve(e.pos, column=col, width=len(part)),
                )
            ftype = fields[part]
            if t.optional:
                ftype = attrs.evolve(ftype, optional=True)
            typed = self._field_of(typed, part, ftype, staff=t.name == "staff")
        return typed

    @staticmethod
    def _field_of(base: Typed, part: str, ftype: m.FieldType, staff: bool) -> Typed:
        getter = operator.attrgetter(part)
        src: Source | None = None
        if staff and not base.type.optional and base.type.name != "list":
            def src(env: Env, gen: Gen) -> str:
                return f"{gen.bind(env.staff)}[{code(base, env, gen)}].{part}"
        elif not staff:
            def src(env: Env, gen: Gen) -> str:
                t = gen.tmp()
                return f"(None if ({t} := {code(base, env, gen)}) is None else {t}.{part})"
        if staff and not base.type.optional:
            def build(env: Env) -> Fn:
                inner, index = base.build(env), env.staff
                return lambda x: getter(index[inner(x)])
        elif staff:
            def build(env: Env) -> Fn:
                inner, index = base.build(env), env.staff

                def get(x: Any) -> Any:
                    ref = inner(x)
                    if ref is None:
                        return None
                    if isinstance(ref, tuple):
                        return tuple(getter(index[r]) for r in ref)
                    return getter(index[ref])

                return get
        else:
            def build(env: Env) -> Fn:
                inner = base.build(env)

                def get(x: Any) -> Any:
                    v = inner(x)
                    return None if v is None else getter(v)

                return get
        return Typed(ftype, build, params=base.params, src=src)

    def _Lookup(self, e: n.Lookup) -> Typed:
        if e.name not in self.c.params:
            raise self.error(f"unknown parameter '{e.name}'"
                             f"{did_you_mean(e.name, self.c.params)}", e.pos)  # fmt: skip
        decl = self.c.params[e.name]
        if not decl.keyed_by:
            raise self.error(f"parameter '{e.name}' has a single value; write it without [...]",
                             e.pos)  # fmt: skip
        key = self.expr(e.key)
        elem = key.type.elem if key.type.name == "list" and key.type.elem else key.type
        if elem.name not in _STRINGISH:
            raise self.error(f"'{e.name}' is looked up by {decl.keyed_by}, not by "
                             f"{key.type.describe()}", e.key.pos)  # fmt: skip
        name = e.name

        def build(env: Env) -> Fn:
            table: Mapping[str, Any] = env.params.get(name) or {}
            get = key.build(env)

            def look(x: Any) -> Any:
                k = get(x)
                if k is None:
                    return None
                if isinstance(k, tuple):  # several keys (roles): the tightest cap that is set
                    values = []
                    for item in k:
                        if item in table:
                            if table[item] is None:
                                raise UnsetParam(name, item)
                            values.append(table[item])
                    if not values and k:
                        raise NoEntry(name, ", ".join(k))
                    return min(values) if values else None  # no key: outside the rule
                key, seen = k, {k}
                while key not in table:  # up its families: SPO_COURTS -> SPO
                    key = family_of(key, env)
                    if not key or key in seen:
                        raise NoEntry(name, k)  # reported as not applied for this key
                    seen.add(key)
                k = key
                if table[k] is None:
                    raise UnsetParam(name, k)
                return table[k]

            return look

        ptype = attrs.evolve(param_type(decl), optional=True)
        return Typed(ptype, build, params=frozenset({name}) | key.params)

    def _SetLit(self, e: n.SetLit) -> Typed:
        items = [self.expr(i) for i in e.items]
        if any(t.const is None for t in items):
            raise self.error("a set lists values, not fields", e.pos)
        elem = items[0].type if items else m.ANY
        values = frozenset(t.const(Env({}, {})) for t in items)  # type: ignore[misc]
        symbols = tuple(sorted(str(v) for v in values))
        stype = m.FieldType("set", elem=attrs.evolve(elem, values=symbols))
        return _const(stype, values)

    # groups --------------------------------------------------------------------------------
    def _records_scope(self) -> Scope:
        return self.c.record_scope

    def _need_group(self, what: str, pos: n.Pos) -> None:
        if not self.grouped:
            raise self.error(f"'{what}' counts the records of a group: add 'per ...' to the rule",
                             pos)  # fmt: skip

    def _Count(self, e: n.Count) -> Typed:
        self._need_group("count", e.pos)
        return Typed(m.number("count"), lambda env: self.on_x(lambda g: len(g.records)),
                     src=None if self.template else lambda env, gen: "len(x.records)")

    def _MostAtOnce(self, e: n.MostAtOnce) -> Typed:
        self._need_group("most at once", e.pos)
        if self.kind.span_fields is None:
            raise self.error(f"'most at once' needs records held over days; a {self.kind.noun} "
                             f"has no opened and closed dates", e.pos)  # fmt: skip
        spans = self.kind.span_fields
        return Typed(m.number("count"),
                     lambda env: self.on_x(lambda g: len(held_at_peak(g.records, spans)[1])))

    def _latest(self, e: n.Aggregate, inner: Typed) -> Typed:
        """`latest of X`: X in the group's latest-dated record that gives it."""
        if not self.kind.date_fields:
            raise self.error(f"'latest of' needs dated records; a {self.kind.noun} has no date",
                             e.pos)  # fmt: skip
        order = latest_order(self.kind, self.c.day_of)

        def build(env: Env) -> Fn:
            get = inner.build(env)

            def latest(g: Any) -> Any:
                dated = [(k, i, v) for i, r in enumerate(g.records)
                         if (k := order(r)) is not None and (v := get(r)) is not None]
                return max(dated, key=lambda t: (t[0], t[1]))[2] if dated else None

            return self.on_x(latest)

        return Typed(attrs.evolve(inner.type, optional=True), build, params=inner.params)

    def _Aggregate(self, e: n.Aggregate) -> Typed:
        self._need_group(f"{e.fn} of", e.pos)
        inner = self._records_scope().expr(e.arg)
        if e.fn == "latest":
            return self._latest(e, inner)
        if inner.type.name not in ("number", "date"):
            raise self.error(f"'{e.fn} of' needs a number, not {inner.type.describe()}", e.arg.pos)
        if e.fn == "sum" and inner.type.name != "number":
            raise self.error("'sum of' needs a number", e.arg.pos)
        folds: dict[str, Callable[[list[Any]], Any]] = {"sum": sum, "max": max, "min": min}
        fold = folds[e.fn]

        def build(env: Env) -> Fn:
            get = inner.build(env)

            def agg(g: Any) -> Any:
                values = [v for r in g.records if (v := get(r)) is not None]
                if not values:
                    return 0 if e.fn == "sum" else None
                return fold(values)

            return self.on_x(agg)

        src: Source | None = None
        if not self.template:
            fn = e.fn

            def src(env: Env, gen: Gen) -> str:
                # one generated function folds a group's records: one call per group
                sub = Gen()
                body = code(inner, env, sub)
                default = "" if fn == "sum" else ", default=None"
                fold_all = run_generated(
                    f"lambda rs: {fn}([_a for x in rs if (_a := {body}) is not None]{default})",
                    sub.ns)  # fmt: skip
                return f"{gen.bind(fold_all)}(x.records)"

        return Typed(attrs.evolve(inner.type, optional=e.fn != "sum"), build, params=inner.params,
                     src=src)  # fmt: skip

    def _NumberOf(self, e: n.NumberOf) -> Typed:
        inner = self.expr(e.arg)
        if inner.type.name != "list":
            raise self.error(f"'number of' counts a list, not {inner.type.describe()}", e.arg.pos)

        def build(env: Env) -> Fn:
            get = inner.build(env)
            return lambda x: None if (v := get(x)) is None else len(v)

        def src(env: Env, gen: Gen) -> str:
            t = gen.tmp()
            return f"(None if ({t} := {code(inner, env, gen)}) is None else len({t}))"

        return Typed(m.number("count"), build, params=inner.params, src=src)

    # operators -----------------------------------------------------------------------------
    def _Arith(self, e: n.Arith) -> Typed:
        left, right = self.expr(e.left), self.expr(e.right)
        for side, node in ((left, e.left), (right, e.right)):
            if side.type.name != "number":
                raise self.error(f"'{e.op}' needs numbers; {n.unparse(node)} is "
                                 f"{side.type.describe()}", node.pos)  # fmt: skip
        if e.op in "+-":
            dim = _num_dim(left.type, right.type)
            if dim is None:
                raise self.error(f"cannot {'add' if e.op == '+' else 'subtract'} "
                                 f"{right.type.dim} {'to' if e.op == '+' else 'from'} "
                                 f"{left.type.dim}", e.pos)  # fmt: skip
        elif e.op == "*":
            dim = _num_dim(left.type, right.type) if "number" in (left.type.dim,
                                                                  right.type.dim) else None
            if dim is None:
                raise self.error(f"cannot multiply {left.type.dim} by {right.type.dim}", e.pos)
        else:
            dim = left.type.dim if right.type.dim == "number" else (
                "number" if left.type.dim == right.type.dim else None)
            if dim is None:
                raise self.error(f"cannot divide {left.type.dim} by {right.type.dim}", e.pos)
        op = _ARITH[e.op]
        maybe_missing = left.type.optional or right.type.optional or e.op == "/"

        def build(env: Env) -> Fn:
            a, b = left.build(env), right.build(env)
            if not maybe_missing:
                if op is operator.sub:
                    return lambda x: a(x) - b(x)
                if op is operator.add:
                    return lambda x: a(x) + b(x)
                return lambda x: op(a(x), b(x))

            def arith(x: Any) -> Any:
                va, vb = a(x), b(x)
                if va is None or vb is None or (op is operator.truediv and vb == 0):
                    return None
                return op(va, vb)

            return arith

        sym = e.op

        def src(env: Env, gen: Gen) -> str:
            a, b = code(left, env, gen), code(right, env, gen)
            if not maybe_missing:
                return f"({a} {sym} {b})"
            ta, tb = gen.tmp(), gen.tmp()
            zero = f" or {tb} == 0" if sym == "/" else ""
            return (f"(None if ({ta} := {a}) is None or ({tb} := {b}) is None{zero} "
                    f"else {ta} {sym} {tb})")

        return Typed(m.number(dim, optional=maybe_missing), build,
                     params=left.params | right.params, src=src)  # fmt: skip

    def _maybe_symbol(self, e: n.Expr, other: Typed) -> n.Expr:
        """A bare word compared with a text field is a value (`type = initial`), not a name."""
        if (isinstance(e, n.Path) and len(e.parts) == 1 and not self.resolvable(e.parts[0])
                and other.type.name in _STRINGISH):  # fmt: skip
            return n.Symbol(e.parts[0], e.pos)
        return e

    def _check_value(self, t: m.FieldType, value: str, pos: n.Pos) -> None:
        if t.name == "enum" and value not in t.values:
            raise self.error(f"'{value}' is not a value it can take ({', '.join(t.values)})"
                             f"{did_you_mean(value, t.values)}", pos)  # fmt: skip

    def _comparable(self, a: m.FieldType, b: m.FieldType, e: n.Compare) -> None:
        ok = False
        if a.name == "number" and b.name == "number":
            ok = _num_dim(a, b) is not None
        elif a.name in _STRINGISH and b.name in _STRINGISH:
            ok = True
            for enum_t, sym_t, node in ((a, b, e.right), (b, a, e.left)):
                if enum_t.name == "enum" and sym_t.name == "symbol":
                    self._check_value(enum_t, sym_t.values[0], node.pos)
        else:
            ok = a.name == b.name and a.name in ("date", "bool", "ratio")
        if not ok:
            raise self.error(f"cannot compare {n.unparse(e.left)} ({a.describe()}) with "
                             f"{n.unparse(e.right)} ({b.describe()})", e.pos)  # fmt: skip

    def normalize(self, e: n.Compare) -> tuple[n.Compare, Typed, Typed]:
        """Bare words that name no field are values: `type = initial`, `pta in roles`."""
        if (e.op in ("in", "not-in") and isinstance(e.left, n.Path) and len(e.left.parts) == 1
                and not self.resolvable(e.left.parts[0])):  # fmt: skip
            e = attrs.evolve(e, left=n.Symbol(e.left.parts[0], e.left.pos))
        left = self.expr(e.left)
        right_node = self._maybe_symbol(e.right, left)
        if right_node is not e.right:
            e = attrs.evolve(e, right=right_node)
        return e, left, self.expr(e.right)

    def _Compare(self, e: n.Compare) -> Typed:
        e, left, right = self.normalize(e)
        params = left.params | right.params
        if e.op in ("in", "not-in"):
            return self._membership(e, left, right, params)
        if e.op in ("within", "overlaps"):
            return self._sets(e, left, right, params)
        self._comparable(left.type, right.type, e)
        op = _OPS[e.op]
        sym = "==" if e.op == "=" else e.op
        src: Source
        if right.const is not None:
            rconst, certain = right.const, not left.type.optional

            def src(env: Env, gen: Gen) -> str:
                c = rconst(env)
                if c is None:
                    return "False"
                a = code(left, env, gen)
                if certain:
                    return f"({a} {sym} {gen.bind(c)})"
                t = gen.tmp()
                return f"(({t} := {a}) is not None and {t} {sym} {gen.bind(c)})"
        else:
            def src(env: Env, gen: Gen) -> str:
                ta, tb = gen.tmp(), gen.tmp()
                return (f"(({ta} := {code(left, env, gen)}) is not None and "
                        f"({tb} := {code(right, env, gen)}) is not None and {ta} {sym} {tb})")

        if right.const is not None:
            const = right.const
            sure = not left.type.optional

            def build(env: Env) -> Fn:
                a, c = left.build(env), const(env)
                if c is None:
                    return lambda x: False
                if sure:
                    return lambda x: op(a(x), c)
                return lambda x: (v := a(x)) is not None and op(v, c)
        else:
            def build(env: Env) -> Fn:
                a, b = left.build(env), right.build(env)

                def cmp(x: Any) -> bool:
                    va, vb = a(x), b(x)
                    return va is not None and vb is not None and op(va, vb)

                return cmp

        return Typed(m.BOOL, build, params=params, src=src)

    def _membership(self, e: n.Compare, left: Typed, right: Typed, params: frozenset[str]) -> Typed:
        if right.type.name not in ("set", "list"):
            raise self.error(f"'in' needs a set {{a, b}} or a list on its right, not "
                             f"{right.type.describe()}", e.right.pos)  # fmt: skip
        if left.type.name == "list":
            raise self.error(f"{n.unparse(e.left)} is a list: use 'overlaps' or 'within'", e.pos)
        elem = right.type.elem or m.ANY
        if elem.name == "enum" and left.type.name not in ("enum", "symbol", "string"):
            hint = ""
            if isinstance(e.left, n.Path) and len(e.left.parts) == 1 and (
                    e.left.parts[0] in elem.values):  # fmt: skip
                hint = f"; to test for the value, write \"{e.left.parts[0]}\" in quotes"
            raise self.error(f"{n.unparse(e.left)} is {left.type.describe()}, but "
                             f"{n.unparse(e.right)} holds {elem.describe()}{hint}",
                             e.pos)  # fmt: skip
        if right.type.name == "set" and left.type.name == "enum":
            for item, node in zip(sorted(elem.values), _set_items(e.right), strict=False):
                del item
                if isinstance(node, n.Symbol):
                    self._check_value(left.type, node.value, node.pos)
        elif right.type.name == "list" and elem.name == "enum" and isinstance(e.left, n.Symbol):
            self._check_value(elem, e.left.value, e.left.pos)
        negate = e.op == "not-in"

        def build(env: Env) -> Fn:
            a, b = left.build(env), right.build(env)

            def member(x: Any) -> bool:
                va, vb = a(x), b(x)
                if va is None or vb is None:
                    return False
                return (va in vb) != negate

            return member

        word = "not in" if negate else "in"

        def src(env: Env, gen: Gen) -> str:
            ta, tb = gen.tmp(), gen.tmp()
            return (f"(({ta} := {code(left, env, gen)}) is not None and "
                    f"({tb} := {code(right, env, gen)}) is not None and {ta} {word} {tb})")

        return Typed(m.BOOL, build, params=params, src=src)

    def _sets(self, e: n.Compare, left: Typed, right: Typed, params: frozenset[str]) -> Typed:
        for side, node in ((left, e.left), (right, e.right)):
            if side.type.name not in ("list", "set"):
                raise self.error(f"'{e.op}' compares lists; {n.unparse(node)} is "
                                 f"{side.type.describe()}", node.pos)  # fmt: skip
        lelem, relem = left.type.elem or m.ANY, right.type.elem or m.ANY
        for enum_t, node in ((lelem, e.right), (relem, e.left)):
            if enum_t.name == "enum" and isinstance(node, n.SetLit):
                for item in node.items:
                    if isinstance(item, n.Symbol):
                        self._check_value(enum_t, item.value, item.pos)
        within = e.op == "within"

        def build(env: Env) -> Fn:
            a, b = left.build(env), right.build(env)

            def sets(x: Any) -> bool:
                va, vb = a(x), b(x)
                if va is None or vb is None:
                    return False
                return set(va) <= set(vb) if within else not set(va).isdisjoint(vb)

            return sets

        return Typed(m.BOOL, build, params=params)

    def _IsSet(self, e: n.IsSet) -> Typed:
        inner = self.expr(e.arg)
        negated = e.negated

        def build(env: Env) -> Fn:
            get = inner.build(env)
            return lambda x: (get(x) is None) == negated

        test = "is None" if negated else "is not None"
        return Typed(m.BOOL, build, params=inner.params,
                     src=lambda env, gen: f"({code(inner, env, gen)} {test})")  # fmt: skip

    def _TextMatch(self, e: n.TextMatch) -> Typed:
        inner = self._text_arg(e, e.how)
        rx = text_regex(e)

        def build(env: Env) -> Fn:
            get = inner.build(env)
            return lambda x: (t := get(x)) is not None and rx.search(t) is not None

        def src(env: Env, gen: Gen) -> str:
            t = gen.tmp()
            return (f"(({t} := {code(inner, env, gen)}) is not None and "
                    f"{gen.bind(rx.search)}({t}) is not None)")

        return Typed(m.BOOL, build, params=inner.params, src=src)

    def _text_arg(self, e: n.TextMatch | n.Gives, verb: str) -> Typed:
        inner = self.expr(e.arg)
        if inner.type.name not in ("text", "string"):
            raise self.error(f"'{verb}' searches text; {n.unparse(e.arg)} is "
                             f"{inner.type.describe()}", e.pos)  # fmt: skip
        return inner

    def matcher(self, e: n.Gives) -> TextMatcher:
        if e.pattern not in self.c.patterns:
            raise self.error(f"there is no text pattern '{e.pattern}'"
                             f"{did_you_mean(e.pattern, self.c.patterns)}; declare it with "
                             f"'pattern {e.pattern} finds \"...\"'", e.pos)  # fmt: skip
        return self.c.patterns[e.pattern]

    def _Gives(self, e: n.Gives) -> Typed:
        inner = self._text_arg(e, "gives")
        gives = self.matcher(e).gives

        def build(env: Env) -> Fn:
            get = inner.build(env)
            return lambda x: gives(get(x))

        return Typed(m.BOOL, build, params=inner.params,
                     src=lambda env, gen: f"{gen.bind(gives)}({code(inner, env, gen)})")

    def _Not(self, e: n.Not) -> Typed:
        inner = self.boolean(e.arg, "what follows 'not'")

        def build(env: Env) -> Fn:
            get = inner.build(env)
            return lambda x: not get(x)

        return Typed(m.BOOL, build, params=inner.params,
                     src=lambda env, gen: f"(not {code(inner, env, gen)})")  # fmt: skip

    def _BoolOp(self, e: n.BoolOp) -> Typed:
        args = [self.boolean(a, f"each side of '{e.op}'") for a in e.args]
        params = frozenset().union(*(a.params for a in args))
        conj = e.op == "and"

        def build(env: Env) -> Fn:
            fns = [a.build(env) for a in args]
            if len(fns) == 2:
                f0, f1 = fns
                if conj:
                    return lambda x: bool(f0(x) and f1(x))
                return lambda x: bool(f0(x) or f1(x))

            def combine(x: Any) -> bool:
                for f in fns:
                    if bool(f(x)) != conj:
                        return not conj
                return conj

            return combine

        def src(env: Env, gen: Gen) -> str:
            return "bool(" + f" {e.op} ".join(code(a, env, gen) for a in args) + ")"

        return Typed(m.BOOL, build, params=params, src=src)

    def _Otherwise(self, e: n.Otherwise) -> Typed:
        first, second = self.expr(e.first), self.expr(e.second)
        a, b = first.type, second.type
        same = a.name == b.name and (a.name != "number" or _num_dim(a, b) is not None)
        if not same:
            raise self.error(f"both sides of 'otherwise' must be alike; {n.unparse(e.first)} is "
                             f"{a.describe()}, {n.unparse(e.second)} is {b.describe()}",
                             e.pos)  # fmt: skip

        def build(env: Env) -> Fn:
            f, s = first.build(env), second.build(env)
            return lambda x: v if (v := f(x)) is not None else s(x)

        def src(env: Env, gen: Gen) -> str:
            t = gen.tmp()
            return (f"({t} if ({t} := {code(first, env, gen)}) is not None else "
                    f"{code(second, env, gen)})")

        return Typed(attrs.evolve(a, optional=False), build, params=first.params | second.params,
                     src=src)  # fmt: skip

    # explanations --------------------------------------------------------------------------
    def explain(self, e: n.Expr) -> Explain:
        """The condition `e`, compiled so that a finding can say which parts held."""
        if isinstance(e, n.BoolOp):
            children = tuple(self.explain(a) for a in e.args)
            return Explain(e.op, children, self.expr(e))
        if isinstance(e, n.Not):
            return Explain("not", (self.explain(e.arg),), self.expr(e))
        if isinstance(e, n.Otherwise):
            return Explain("otherwise", (self.explain(e.first), self.explain(e.second)),
                           self.expr(e), given=self.expr(e.first))  # fmt: skip
        cond = self.expr(e)
        return Explain("atom", (), cond, self._describer(e))

    def _describer(self, e: n.Expr) -> Callable[[Env], Describe]:
        text = n.unparse(e)
        if isinstance(e, n.TextMatch):
            arg = self.expr(e.arg)
            rx = text_regex(e)
            verb = "mentions" if e.how == "mentions" else "matches"
            target = e.pattern if e.how == "mentions" else f"/{e.pattern}/"
            arg_text = n.unparse(e.arg)

            def build_text(env: Env) -> Callable[[Any, bool], tuple[str, int | None]]:
                get = arg.build(env)

                def describe(x: Any, want: bool) -> tuple[str, int | None]:
                    value = get(x) or ""
                    found = rx.search(value)
                    if found is None:
                        return (f'{arg_text} does not {verb[:-1]} "{target}"', None)
                    line = getattr(x, "text_line", None)
                    if line is not None:
                        line += value.count("\n", 0, found.start())
                    return (f'{arg_text} {verb} "{found.group(0)}"', line)

                return describe

            return build_text
        if isinstance(e, n.Gives):
            arg, matcher = self.expr(e.arg), self.matcher(e)
            gives_text, subject_text = n.unparse(e), n.unparse(e.arg)

            def build_gives(env: Env) -> Callable[[Any, bool], tuple[str, int | None]]:
                get = arg.build(env)

                def describe(x: Any, want: bool) -> tuple[str, int | None]:
                    hit = matcher.first(get(x), getattr(x, "text_line", None) or 1)
                    if hit is None:
                        return (f"not ({gives_text}): no sentence of it does", None)
                    return (hit.fact(subject_text), hit.line)

                return describe

            return build_gives
        if isinstance(e, n.IsSet):
            arg = self.expr(e.arg)
            set_text = n.unparse(e.arg)

            def build_set(env: Env) -> Callable[[Any, bool], tuple[str, int | None]]:
                get = arg.build(env)

                def describe(x: Any, want: bool) -> tuple[str, int | None]:
                    v = get(x)
                    if v is None:
                        return (f"{set_text} is not given", None)
                    return (f"{set_text} is {render(v, arg.type)}", None)

                return describe

            return build_set
        if isinstance(e, n.Compare):
            e, left, right = self.normalize(e)
            right_node = e.right
            shown_right = not isinstance(right_node, (n.SetLit, n.Num, n.Str, n.Symbol,
                                                      n.DateLit, n.BoolLit))  # fmt: skip

            def build_cmp(env: Env) -> Callable[[Any, bool], tuple[str, int | None]]:
                a, b = left.build(env), right.build(env)

                def describe(x: Any, want: bool) -> tuple[str, int | None]:
                    va = a(x)
                    verb = "are" if left.type.name == "list" else "is"
                    out = f"{n.unparse(e.left)} {verb} {render(va, left.type)}"
                    if shown_right:
                        out += f", {n.unparse(right_node)} {render(b(x), right.type)}"
                    return (out, None)

                return describe

            return build_cmp
        cond = self.expr(e)
        if isinstance(e, n.Path):
            head = e.parts[0]

            def build_path(env: Env) -> Callable[[Any, bool], tuple[str, int | None]]:
                get = cond.build(env)
                return lambda x, want: (f"{text} is {render(get(x), cond.type)}",
                                        dict(getattr(x, "field_lines", ())).get(head))  # fmt: skip

            return build_path

        def build_other(env: Env) -> Callable[[Any, bool], tuple[str, int | None]]:
            get = cond.build(env)
            return lambda x, want: (text if get(x) else f"not ({text})", None)

        return build_other


def _set_items(e: n.Expr) -> tuple[n.Expr, ...]:
    return e.items if isinstance(e, n.SetLit) else ()


def latest_order(kind: m.Kind, day_of: Callable[[Any], dt.date | None]
                 ) -> Callable[[Any], tuple[dt.date, int] | None]:  # fmt: skip
    """A record's place in time: its day, then which date field dated it, so that on one
    day a daily WMT reading comes after (supersedes) the weekly reading it falls in."""
    fields = kind.date_fields

    def order(r: Any) -> tuple[dt.date, int] | None:
        d = day_of(r)
        if d is None:
            return None
        return d, next((i for i, f in enumerate(fields) if getattr(r, f) is not None), 0)

    return order


def held_at_peak(records: Sequence[Any], spans: tuple[str, str]
                 ) -> tuple[dt.date | None, list[Any]]:  # fmt: skip
    """The first day on which most records are held at once, and those records. A record is
    held from its first span field up to (not on) its second; without a first it is held
    throughout, without a second it is still held. With no first date at all, the day is None
    and every record counts."""
    first, last = spans
    days = sorted({d for r in records if (d := getattr(r, first)) is not None})
    best: tuple[dt.date | None, list[Any]] = (None, [r for r in records
                                                     if getattr(r, first) is None])
    for day in days:
        held = [r for r in records
                if ((o := getattr(r, first)) is None or o <= day)
                and ((c := getattr(r, last)) is None or day < c)]
        if len(held) > len(best[1]):
            best = (day, held)
    return best


def param_type(decl: n.Param) -> m.FieldType:
    if decl.type == "date":
        return m.DATE
    if decl.type == "ratio":
        return m.RATIO
    return m.number(decl.type)


class RuleCompiler:
    """Resolves and type-checks one rule; builds its scopes."""

    def __init__(
        self,
        rule: n.Rule,
        params: Mapping[str, n.Param],
        lines: Mapping[str, list[str]],
        patterns: Mapping[str, TextMatcher] | None = None,
    ) -> None:
        self.rule = rule
        self.params = params
        self.lines = lines
        self.patterns = patterns or {}
        if rule.scope not in m.KINDS:
            raise self.error(
                f"there is no kind of record called '{rule.scope}'"
                f"{did_you_mean(rule.scope, m.KINDS)}; kinds: {', '.join(m.KINDS)}",
                rule.scope_pos,
            )
        self.kind = m.KINDS[rule.scope]
        self.lets = {let.name: let for let in rule.lets}
        for let in rule.lets:
            if let.name in self.kind.fields or let.name in params:
                raise self.error(f"'{let.name}' is already the name of a "
                                 f"{'field' if let.name in self.kind.fields else 'parameter'}",
                                 let.pos)  # fmt: skip
        self.record_scope = Scope(self, self.kind)
        self.day_of = self._day_of()

    def error(self, message: str, pos: n.Pos) -> PolicyError:
        lines = self.lines.get(pos.file, [])
        src = lines[pos.line - 1] if 0 < pos.line <= len(lines) else None
        return PolicyError(message, file=pos.file, line=pos.line, column=pos.column,
                           source_line=src, width=pos.width)  # fmt: skip

    def _day_of(self) -> Callable[[Any], dt.date | None]:
        fields = self.kind.date_fields
        if not fields:
            return lambda r: None
        if len(fields) == 1:
            return operator.attrgetter(fields[0])
        # the first date field that is given: `week if week is not None else date`, generated
        body = f"x.{fields[-1]}"
        for f in reversed(fields[:-1]):
            body = f"(_d if (_d := x.{f}) is not None else {body})"
        return run_generated(f"lambda x: {body}", {})  # type: ignore[no-any-return]

    def group_keys(self) -> tuple[KeyInfo, ...] | None:
        if not self.rule.per:
            return None
        keys = []
        aliases: set[str] = set()
        for i, gk in enumerate(self.rule.per):
            path = gk.path
            if path.parts[0] in CALENDAR and len(path.parts) == 1 and (
                    path.parts[0] not in self.kind.fields):  # fmt: skip
                if not self.kind.date_fields:
                    raise self.error(f"a {self.kind.noun} has no date, so it cannot be grouped "
                                     f"per {path.parts[0]}", path.pos)  # fmt: skip
                get = self.record_scope.calendar(path.parts[0])
                info = KeyInfo(gk.alias, i, m.DATE, path.parts[0], get, False)
            else:
                get = self.record_scope.expr(path)
                t = get.type
                if t.name == "list":
                    elem = attrs.evolve(t.elem or m.ANY, optional=False)
                    info = KeyInfo(gk.alias, i, elem, "", get, True)
                elif t.name in ("bool", "text", "record", "set"):
                    raise self.error(f"cannot group per {n.unparse(path)} "
                                     f"({t.describe()})", path.pos)  # fmt: skip
                else:  # a group's key is never missing: records without one are left out
                    info = KeyInfo(gk.alias, i, attrs.evolve(t, optional=False), "", get, False)
            if info.alias in aliases:
                raise self.error(f"two 'per' keys are called '{info.alias}'; name one with "
                                 f"'as'", gk.pos)  # fmt: skip
            aliases.add(info.alias)
            keys.append(info)
        return tuple(keys)
