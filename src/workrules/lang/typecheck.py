"""The type-check stage: an AST rule (`workrules.nodes`) becomes a typed IR rule (`ir`).

Every name is resolved against the data model (`model.KINDS`), the rule's lets and the
policy's parameters, and every expression is type-checked (percent is not hours, `rosh` has no
value `hgh`). This stage raises every `PolicyError` a rule can cause, at the line and column
where the mistake was written, with a caret and the likely name; what it returns an engine can
run without checking anything again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
from msgspec.structs import replace

from .. import model as m
from ..datamodel import BY_NAME, NESTED_KINDS, field_word
from ..errors import PolicyError, did_you_mean
from ..limits import MAX_SHIFT_DAYS
from . import ir
from . import nodes as n
from .ir import param_type

if TYPE_CHECKING:
    from ..textpattern import TextMatcher

CALENDAR = ir.CALENDAR
PLACES = ("unit", "region")  # a record's unit and region, as found (see `ir.Place`)
_STRINGISH = {"string", "enum", "symbol", "staff", "text"}
# Names a let may not take: what a rule's sentence and the language already read by them.
# (`week`, `unit` and the like may be a let's where the rule's kind has none of its own:
# review 47)
_NOT_A_LET = {
    **dict.fromkeys(("value", "limit", "start", "end", "period", "evidence", "clause", "rule",
                     "today", "limit_from"),
                    "a name a rule's sentence reads (`{value}`, `{limit}`, ...)"),
    **dict.fromkeys(("true", "false", "yes", "no", "count"), "a word of the policy language"),
}
_YES_NO = {"yes": "true", "no": "false"}
_LITERALS = (n.SetLit, n.Num, n.Str, n.Symbol, n.DateLit, n.BoolLit)


_FLIP = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _within(value: Any, low: tuple[float, bool, str] | None,
            high: tuple[float, bool, str] | None) -> bool:
    """Whether a value written in a rule lies within the bounds its condition sets."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return True
    if low is not None and (value < low[0] or (low[1] and value == low[0])):
        return False
    return high is None or not (value > high[0] or (high[1] and value == high[0]))


def _and_parts(e: ir.Expr) -> list[ir.Expr]:
    """The parts of a condition joined by `and`, all of them (`(a and b) and c`)."""
    if isinstance(e, ir.BoolOp) and e.op == "and":
        return [p for a in e.args for p in _and_parts(a)]
    return [e]


def _asked(e: ir.Expr) -> tuple[str, Any, frozenset[Any]] | None:
    """A comparison of something with values written in the rule (`grade = SPO`, `level in
    {2, 3}`, `rosh != low`), as (=|!=, what is compared, the values); else None."""
    if not isinstance(e, ir.Compare) or e.op not in ("=", "in", "!=", "not-in"):
        return None
    left, right = e.left, e.right
    if isinstance(left, ir.Const) and not isinstance(right, ir.Const):
        left, right = right, left
    if isinstance(left, ir.Const) or not isinstance(right, ir.Const) or right.value is None:
        return None
    values = right.value if isinstance(right.value, frozenset) else frozenset([right.value])
    if None in values:
        return None
    return ("=" if e.op in ("=", "in") else "!=", left, values)


def _always_holds(where: ir.Expr, cond: ir.Expr) -> bool:
    """Whether a `require`'s condition holds of every record the rule's `where` selects, as
    both are written: each part of `cond` is a part of `where`, or asks of the same thing
    values that include all `where` allows (`where grade = SPO`, `require grade in {SPO,
    PO}`), or bars only what `where` bars. Sound, not complete: a grade declared `like`
    another widens both sides alike, so the one set still holds the other; anything else
    (a parameter, a bound, an `or`) is never called always true (a first hour, round 55:
    `where chair.grade = SPO` over `require chair.grade = SPO` found nothing, silently)."""
    given = _and_parts(where)
    asked = [a for a in map(_asked, given) if a is not None]
    for part in _and_parts(cond):
        if part in given:
            continue
        want = _asked(part)
        if want is None or not any(
                op == want[0] and left == want[1]
                and (values <= want[2] if op == "=" else want[2] <= values)
                for op, left, values in asked):  # fmt: skip
            return False
    return True


def _vocabulary_grade(value: Any) -> bool:
    """Whether a grade written in a rule is the vocabulary's own: no grade is declared `like`
    another through one (a declared grade's chain ends at the first of them)."""
    return isinstance(value, str) and m.canonical_grade(value) == value


def _num_dim(a: m.FieldType, b: m.FieldType) -> str | None:
    """The common dimension of two numbers, or None if they cannot be mixed."""
    if a.dim == b.dim or b.dim == "number":
        return a.dim
    if a.dim == "number":
        return b.dim
    return None


def fraction_for_percent(percent: m.FieldType, node: n.Expr) -> str | None:
    """Why a plain number beside a percentage is refused, or None: written without '%' it is
    read as one, so 1.1 compared with a WMT reading is 1.1%, not 110%, as a parameter's value
    is refused for the same slip."""
    if not (percent.name == "number" and percent.dim == "percent" and isinstance(node, n.Num)
            and node.dim == "number" and 0 < node.value < 2):  # fmt: skip
        return None
    from ..render import render

    said = n.unparse(node)
    return (f"{said} beside a percentage is read as one, so {said} would be {said}%; write "
            f"{render(node.value * 100)}% if a fraction was meant, or {said}% if "
            f"{said}% was")


def _set_items(e: n.Expr) -> tuple[n.Expr, ...]:
    return e.items if isinstance(e, n.SetLit) else ()


class Scope:
    """Where an expression is checked: over one record, one group, or one finding."""

    def __init__(
        self,
        checker: RuleChecker,
        kind: m.Kind,
        keys: tuple[ir.GroupKey, ...] | None = None,
        builtins: Mapping[str, m.FieldType] | None = None,
    ) -> None:
        self.c = checker
        self.kind = kind
        self.keys = keys
        self.builtins = builtins or {}
        self._lets: dict[str, ir.Expr] = {}
        self._active: set[str] = set()
        # how deep the expression being typed is under `not` and under `or`: a part that can
        # never hold is no mistake under `not` (`not (level > 3)` always holds), and under `or`
        # it is a dead part, not a rule that finds nothing (`_can_hold`)
        self._under_not = 0
        self._under_or = 0
        # inside `(L where C)`: the scope C's names were looked for in before, and L as written
        # (a name of the rule's own record there is no staff member's: said so)
        self.outside: tuple[Scope, str] | None = None

    @property
    def grouped(self) -> bool:
        return self.keys is not None

    def error(self, message: str, pos: n.Pos) -> PolicyError:
        return self.c.error(message, pos)

    # ---------------------------------------------------------------------------------------
    def expr(self, e: n.Expr) -> ir.Expr:
        method: Any = getattr(self, "_" + type(e).__name__)
        return method(e)  # type: ignore[no-any-return]

    def boolean(self, e: n.Expr, what: str) -> ir.Expr:
        t = self.expr(e)
        if t.type.name != "bool":
            raise self.error(f"{what} must be a condition (true or false), not "
                             f"{t.type.describe()}", e.pos)  # fmt: skip
        return t

    def _Num(self, e: n.Num) -> ir.Expr:
        return ir.Const(m.number(e.dim), e.value)

    def _DateLit(self, e: n.DateLit) -> ir.Expr:
        return ir.Const(m.DATE, e.value)

    def _RatioLit(self, e: n.RatioLit) -> ir.Expr:
        return ir.Const(m.RATIO, (e.left, e.right))

    def _Str(self, e: n.Str) -> ir.Expr:
        return ir.Const(m.STRING, e.value)

    def _Symbol(self, e: n.Symbol) -> ir.Expr:
        return ir.Const(m.FieldType("symbol", values=(e.value,)), e.value)

    def _BoolLit(self, e: n.BoolLit) -> ir.Expr:
        return ir.Const(m.BOOL, e.value)

    # names ---------------------------------------------------------------------------------
    def names(self) -> list[str]:
        out = [*self.builtins, *self.c.lets, *self.c.params, "today"]
        if self.keys is not None:
            out += [k.alias for k in self.keys]
        else:
            out += [*self.kind.fields, *PLACES, *(CALENDAR if self.kind.date_fields else ())]
        return out

    def resolvable(self, name: str) -> bool:
        if name in self.builtins or name in self.c.lets or name in self.c.params or \
                name == "today":  # fmt: skip
            return True
        if self.keys is not None:
            return any(k.alias == name for k in self.keys)
        return name in self.kind.fields or name in PLACES or (
            name in CALENDAR and bool(self.kind.date_fields))

    def _Path(self, e: n.Path) -> ir.Expr:
        head, rest = e.parts[0], e.parts[1:]
        if head in self.builtins and not rest:
            return ir.Builtin(self.builtins[head], head)
        if head in self.c.lets:
            return self._deref(self.let(head, e.pos), rest, e)
        if self.keys is not None:
            key = next((k for k in self.keys if k.alias == head), None)
            if key is not None:
                return self._deref(ir.Key(key.type, key.position), rest, e)
        elif head in PLACES and not rest:
            return self.place(head)
        elif head in self.kind.fields:
            return self._deref(ir.Field(self.kind.fields[head], head), rest, e)
        elif head in CALENDAR and self.kind.date_fields and not rest:
            return self.calendar(head)
        if head in self.c.params:
            return self.param(head, e)
        if head == "today" and not rest:  # in a condition: the run's day (`ir.Today`)
            return ir.Today(m.DATE)
        if head == "today":  # (not "did you mean 'today'?": the review of session 53, P8)
            raise self.error(f"'today' is the day judged, a date; it has no part "
                             f"'{'.'.join(rest)}'", e.pos)  # fmt: skip
        if self.keys is not None and head in self.kind.fields:
            raise self.error(
                f"'{head}' differs from one {self.kind.noun} to another within a group; use it "
                f"inside count, sum of, max of or min of, or group by it with 'per {head}'",
                e.pos,
            )
        if not rest and head.lower() in _YES_NO:  # YAML's words for true and false
            raise self.error(f"unknown name '{head}' for {self.kind.a_noun}: a yes or no is "
                             f"written '{_YES_NO[head.lower()]}'",
                             attrs.evolve(e.pos, width=len(head)))  # fmt: skip
        if head in self.builtins and rest:  # `{value.__class__}` (attack round 14): no
            # "did you mean 'value'?" for the name given
            raise self.error(f"'{head}' is said whole ({{{head}}}); it has no part "
                             f"'{'.'.join(rest)}'", e.pos)  # fmt: skip
        if self.outside is not None and self.outside[0].resolvable(head):
            # the rule's own record's ("(supervisors where site = ...)": the session's site),
            # no staff member's (the review of session 52, P6): no parameter to declare
            outer, written = self.outside
            raise self.error(
                f"unknown name '{head}' for {self.kind.a_noun}: inside '({written} where ...)' "
                f"the condition reads each staff member's own record, and '{head}' is not a "
                f"field of it but {outer.kind.a_noun}'s; ask it of the {outer.kind.noun} in the "
                f"rule's own 'where'{did_you_mean(head, self.names())}",
                attrs.evolve(e.pos, width=len(head)))
        hint = did_you_mean(head, self.names())
        keys = [k.alias for k in self.keys or ()]
        if not hint or any(hint == did_you_mean(head, [k]) for k in keys):
            # a limit named but never declared ("at most facilitator_cap"): say how to declare
            # one, beside a 'per' key's name, which is no limit
            hint += (f"; a name that is no field, 'per' key or let is a parameter, declared "
                     f"as 'param {head}: TYPE = VALUE' (or 'param {head}: TYPE', to be agreed)")
        raise self.error(
            f"unknown name '{head}' for {self.kind.a_noun}{hint}",
            attrs.evolve(e.pos, width=len(head)),
        )

    def calendar(self, unit: str) -> ir.Expr:
        dates = self.kind.date_fields
        if not dates:  # (a dateless kind's weeks: every week of the data, a list)
            return ir.Calendar(m.list_of(m.DATE), unit, dates)
        return ir.Calendar(replace(m.DATE, optional=len(dates) > 1), unit, dates)

    def place(self, what: str) -> ir.Expr:
        """The record's unit or region (`ir.Place`): its own field, its person's, its file's."""
        kind, person = self.kind, ""
        if kind.name == "staff":
            person = "self"
        else:
            people = [f for f, t in kind.fields.items() if t.name == "staff"]
            if kind.subject in people:
                people.remove(kind.subject)
                people.insert(0, kind.subject)
            person = people[0] if people else ""
        return ir.Place(m.optional(m.STRING), what, what in kind.fields, person)

    def param(self, name: str, e: n.Path | n.Lookup) -> ir.Expr:
        decl = self.c.params[name]
        if decl.keyed_by and isinstance(e, n.Path):
            raise self.error(
                f"parameter '{name}' holds one value per {decl.keyed_by}; write "
                f"{name}[{decl.keyed_by}] or name the key",
                e.pos,
            )
        return ir.Param(param_type(decl), name)

    def let(self, name: str, pos: n.Pos) -> ir.Expr:
        if name in self._lets:
            return self._lets[name]
        if name in self._active:
            raise self.error(f"'{name}' is defined in terms of itself", pos)
        self._active.add(name)
        typed = self.expr(self.c.lets[name].value)
        self._active.discard(name)
        self._lets[name] = typed
        return typed

    def _deref(self, base: ir.Expr, rest: tuple[str, ...], e: n.Path) -> ir.Expr:
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
                ftype = replace(ftype, optional=True)
            typed = ir.Attr(ftype, typed, part, t.name == "staff")
        return typed

    def _Lookup(self, e: n.Lookup) -> ir.Expr:
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
        return ir.Lookup(replace(param_type(decl), optional=True), e.name, key)

    def _SetLit(self, e: n.SetLit) -> ir.Expr:
        items = [self.expr(i) for i in e.items]
        if not all(ir.is_const(t) for t in items):
            raise self.error("a set lists values, not fields", e.pos)
        elem = items[0].type if items else m.ANY
        # a parameter named in a set has no value here: it is read as None
        values = frozenset(t.value if isinstance(t, ir.Const) else None for t in items)
        symbols = tuple(sorted(str(v) for v in values))
        return ir.Const(m.FieldType("set", elem=replace(elem, values=symbols)), values)

    # groups --------------------------------------------------------------------------------
    def _need_group(self, what: str, pos: n.Pos) -> None:
        if not self.grouped:
            raise self.error(f"'{what}' counts the records of a group: add 'per ...' to the rule",
                             pos)  # fmt: skip

    def _Count(self, e: n.Count) -> ir.Expr:
        self._need_group("count", e.pos)
        return ir.Count(m.number("count"))

    def _MostAtOnce(self, e: n.MostAtOnce) -> ir.Expr:
        self._need_group("most at once", e.pos)
        if self.kind.span_fields is None:
            raise self.error(f"'most at once' needs records held over days; {self.kind.a_noun} "
                             f"has no opened and closed dates", e.pos)  # fmt: skip
        spans: tuple[str | tuple[str, str], ...] = self.kind.span_fields
        for path in e.until:  # `until A or B`: held up to the first of them given
            end = self._until(path)
            if end in spans[2:]:
                raise self.error(f"'until' names {'.'.join(path.parts)} twice", path.pos)
            spans += (end,)
        return ir.MostAtOnce(m.number("count"), spans)

    def _until(self, path: n.Path) -> str | tuple[str, str]:
        """`most at once until FIELD`: a date field of the rule's own kind of record, or a
        date field of the staff member one of its fields names (`line_manager.left_on`: a
        report is counted against a manager only while the manager is in post)."""
        name, fields = path.parts[0], self.kind.fields
        if len(path.parts) > 1:
            return self._until_of_staff(path)
        if name not in fields:
            dates = [f for f, t in fields.items()
                     if t.name == "date" and f not in (self.kind.span_fields or ())]
            raise self.error(f"{self.kind.a_noun} has no field '{name}'"
                             f"{did_you_mean(name, dates)}; 'until' takes one of its dates "
                             f"({', '.join(dates)})", path.pos)  # fmt: skip
        if fields[name].name != "date":
            raise self.error(f"'until' takes a date of the {self.kind.noun}; {name} is "
                             f"{fields[name].describe()}", path.pos)  # fmt: skip
        first, last = self.kind.span_fields or ("", "")
        if name in (first, last):
            raise self.error(f"{self.kind.a_noun} is held from {first} up to {last} already; "
                             f"'until' takes another of its dates", path.pos)  # fmt: skip
        return name

    def _until_of_staff(self, path: n.Path) -> tuple[str, str]:
        """`until REF.FIELD`: REF a field naming one staff member, FIELD a date of theirs."""
        ref, fields = path.parts[0], self.kind.fields
        refs = [f for f, t in fields.items() if t.name == "staff" and f != "id"]
        if ref not in refs or len(path.parts) != 2:
            raise self.error(f"'until' takes a date of the {self.kind.noun}, or of the staff "
                             f"member one of its fields names (REF.FIELD, REF one of "
                             f"{', '.join(refs) or 'none'}); not '{'.'.join(path.parts)}'"
                             f"{did_you_mean(ref, refs) if ref not in refs else ''}",
                             path.pos)  # fmt: skip
        staff_fields = m.KINDS["staff"].fields
        field = path.parts[1]
        dates = [f for f, t in staff_fields.items() if t.name == "date"]
        if field not in dates:
            raise self.error(f"'until' takes a date of the staff member {ref} names ("
                             f"{', '.join(dates)}); not '{field}'{did_you_mean(field, dates)}",
                             path.pos)  # fmt: skip
        return ref, field

    def _Aggregate(self, e: n.Aggregate) -> ir.Expr:
        self._need_group(f"{e.fn} of", e.pos)
        inner = self.c.record_scope.expr(e.arg)
        if e.fn == "latest":
            if not self.kind.date_fields:
                raise self.error(f"'latest of' needs dated records; {self.kind.a_noun} has no "
                                 f"date", e.pos)  # fmt: skip
            return ir.Aggregate(replace(inner.type, optional=True), "latest", inner,
                                self.kind.date_fields)  # fmt: skip
        if inner.type.name not in ("number", "date"):
            raise self.error(f"'{e.fn} of' needs a number, not {inner.type.describe()}", e.arg.pos)
        if e.fn == "sum" and inner.type.name != "number":
            raise self.error("'sum of' needs a number", e.arg.pos)
        return ir.Aggregate(replace(inner.type, optional=e.fn != "sum"), e.fn, inner)

    def _Tally(self, e: n.Tally) -> ir.Expr:
        word = "how many" if e.fn == "how_many" else e.fn
        self._need_group(f"{word} of", e.pos)
        if e.among is None:
            return self.tally(e, self.c.record_scope)
        among = e.among
        if among.kind not in m.KINDS:
            raise self.error(f"there is no kind of record called '{among.kind}'"
                             f"{did_you_mean(among.kind, m.KINDS)}", among.pos)  # fmt: skip
        other = m.KINDS[among.kind]
        record = Scope(self.c, other)
        where = record.boolean(among.where, "'where'") if among.where is not None else None
        agg = self.tally(e, record)
        matches = []
        for key in self.keys or ():
            calendar = key.calendar
            if calendar:
                if other.date_fields:
                    matches.append(ir.Match("eq", record.calendar(calendar)))
                else:
                    how = "in_post" if other.name == "staff" else "any"
                    matches.append(ir.Match(how, None, calendar))
            elif isinstance(key.get, ir.Place):
                matches.append(ir.Match("eq", record.place(key.get.what)))
            else:
                raise self.error(f"'among {among.kind}' finds the records of the group's unit, "
                                 f"region, day, week or month; this rule is also grouped per "
                                 f"{key.alias}", among.pos)  # fmt: skip
        if other.name == "staff" and not any(k.calendar for k in self.keys or ()):
            matches.append(ir.Match("in_post_today", None))  # no period: those in post today
        if among.same is not None:
            self._same_field(among, other)
        # none of them: the figure is not given (`otherwise 0` where none means none)
        return ir.Among(replace(agg.type, optional=True), other.name, agg, tuple(matches),
                        where, among.same)  # fmt: skip

    def _same_field(self, among: n.Among, other: m.Kind) -> None:
        """`with the same FIELD`: a field both kinds have, of one type."""
        name = str(among.same)
        mine, theirs = self.kind.fields.get(name), other.fields.get(name)
        if mine is None or theirs is None:
            lacking = self.kind if mine is None else other

            def a(noun: str) -> str:
                return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"

            raise self.error(f"'with the same {name}' needs a field both {a(self.kind.noun)} "
                             f"and {a(other.noun)} have; {a(lacking.noun)} has no '{name}'"
                             f"{did_you_mean(name, lacking.fields)}", among.pos)  # fmt: skip
        if mine.name != theirs.name or mine.name in ("list", "record"):
            raise self.error(f"'with the same {name}' compares single values of one type; "
                             f"{name} is {mine.describe()} in {self.kind.a_noun} and "
                             f"{theirs.describe()} in {other.a_noun}", among.pos)  # fmt: skip

    def tally(self, e: n.Tally, record: Scope) -> ir.Expr:
        """`mean of`, `count of`, `share of`, `how many of` or `sum of` over the records of
        `record`'s kind."""
        inner = record.expr(e.arg)
        if e.fn in ("mean", "sum"):
            if inner.type.name != "number":
                raise self.error(f"'{e.fn} of' needs a number, not {inner.type.describe()}",
                                 e.arg.pos)  # fmt: skip
            if e.fn == "sum":
                return ir.Aggregate(replace(inner.type, optional=False), "sum", inner)
            if e.by is None:
                return ir.Mean(replace(inner.type, optional=True), inner)
            member = self._members(record.expr(e.by), e.by,
                                   "'mean of ... by' takes the mean of each of")
            return ir.Mean(replace(inner.type, optional=True), inner, member)
        self._members(inner, e.arg, f"'{e.fn.replace('_', ' ')} of' counts")
        if e.fn == "count":
            return ir.Distinct(m.number("count"), inner)
        assert e.cond is not None
        cond = record.boolean(e.cond, "what follows 'where'")
        if e.fn == "share":
            return ir.Share(m.number("percent", optional=True), inner, cond, True)
        return ir.Share(m.number("count"), inner, cond, False)

    def _members(self, typed: ir.Expr, written: n.Expr, says: str) -> ir.Expr:
        """`typed` (written `written`), refused unless a single value whose different values
        are members (`count of staff`, `mean of percent by staff`); `says`: what the refusal
        says the aggregate does with them."""
        if (name := typed.type.name) in ("list", "set", "text"):
            raise self.error(f"{says} the different values of a field, such as staff; "
                             f"{n.unparse(written)} is {'text' if name == 'text' else 'a ' + name}",
                             written.pos)  # fmt: skip
        return typed

    def _Counted(self, e: n.Counted) -> ir.Expr:
        inner = self.expr(e.arg)
        if inner.type.name != "number" or inner.type.dim not in ("count", "number"):
            raise self.error(f"'| {e.singular}' counts a number of things, not "
                             f"{inner.type.describe()}", e.arg.pos)  # fmt: skip
        return ir.Counted(m.STRING, inner, e.singular, e.plural)

    def _Those(self, e: n.Those) -> ir.Expr:
        inner = self.expr(e.arg)
        elem = inner.type.elem
        if inner.type.name != "list" or elem is None or elem.name != "staff":
            raise self.error(f"'({n.unparse(e.arg)} where ...)' keeps the staff of a list of "
                             f"staff ids; {n.unparse(e.arg)} is {inner.type.describe()}",
                             e.arg.pos)  # fmt: skip
        # the condition reads the fields of each person's own staff record
        scope = Scope(self.c, m.KINDS["staff"])
        scope.outside = (self, n.unparse(e.arg))
        cond = scope.boolean(e.cond, "'where'")
        return ir.Those(inner.type, inner, cond, n.unparse(e.cond))

    def _NumberOf(self, e: n.NumberOf) -> ir.Expr:
        inner = self.expr(e.arg)
        if inner.type.name != "list":
            raise self.error(f"'number of' counts a list, not {inner.type.describe()}", e.arg.pos)
        # a list read through an id that may be missing (`pta.roles`) may be missing too
        return ir.NumberOf(m.number("count", optional=inner.type.optional), inner)

    # operators -----------------------------------------------------------------------------
    def _Arith(self, e: n.Arith) -> ir.Expr:
        left, right = self.expr(e.left), self.expr(e.right)
        if e.op in "+-" and "date" in (left.type.name, right.type.name):
            return self.shift(e, left, right)
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
        if e.op == "/" and _constant(right) == 0:  # (attack round 14: a rule that never fires)
            by = "0" if isinstance(right, ir.Const) else f"{n.unparse(e.right)}, which is 0"
            raise self.error(f"{n.unparse(e)} divides by {by}: nothing divided by 0 has a "
                             "value, so the rule would never judge anything",
                             e.right.pos)  # fmt: skip
        # a parameter named only in a sentence may be unset there (it reads "not given")
        maybe_missing = (left.type.optional or right.type.optional or e.op == "/"
                         or isinstance(left, ir.Param) or isinstance(right, ir.Param))
        return ir.Arith(m.number(dim, optional=maybe_missing), e.op, left, right)

    def shift(self, e: n.Arith, left: ir.Expr, right: ir.Expr) -> ir.Expr:
        """A date plus or minus a whole number of days written out: `week + 6 days`,
        `opened - 1 week`, `6 days + week`."""
        add = e.op == "+"
        if left.type.name == "date" and right.type.name == "date":
            raise self.error(f"cannot {'add a date to' if add else 'subtract a date from'} a "
                             f"date; a date moves by days ({n.unparse(e.left)} "
                             f"{e.op} 6 days)", e.pos)  # fmt: skip
        if left.type.name == "date":
            date, days, node = left, right, e.right
        elif add:
            date, days, node = right, left, e.left
        else:
            raise self.error(f"cannot subtract a date from {left.type.describe()}; subtract "
                             f"days from a date ({n.unparse(e.right)} - 6 days)",
                             e.pos)  # fmt: skip
        if days.type.name != "number" or days.type.dim != "days":
            said, what = n.unparse(node), days.type.describe()
            if days.type.name == "number":
                plain = days.type.dim == "number"
                what = "a plain number" if plain else f"in {days.type.dim}"
                what += f" (write {said} days)" if plain else ", not days (6 days, 1 week)"
            raise self.error(f"a date moves by days; {said} is {what}", node.pos)
        if not isinstance(days, ir.Const):
            raise self.error(f"a date moves by a number of days written out (6 days, 1 week); "
                             f"{n.unparse(node)} is not one", node.pos)  # fmt: skip
        if not float(days.value).is_integer():
            raise self.error(f"a date moves by whole days; {n.unparse(node)} is not a whole "
                             f"number of days", node.pos)  # fmt: skip
        moved = int(days.value) if add else -int(days.value)
        total = abs(moved) + sum(abs(x.days) for x in ir.walk(date) if isinstance(x, ir.Shift))
        if total > MAX_SHIFT_DAYS:
            raise self.error(f"a date moves by at most {MAX_SHIFT_DAYS:,} days in all; "
                             f"{n.unparse(e)} moves it by {total:,}", e.pos)  # fmt: skip
        maybe_missing = date.type.optional or isinstance(date, ir.Param)  # unset: in a sentence
        return ir.Shift(replace(m.DATE, optional=maybe_missing), date, moved)

    def _maybe_symbol(self, e: n.Expr, other: ir.Expr) -> n.Expr:
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
            for percent, beside, node in ((a, e.left, e.right), (b, e.right, e.left)):
                if (not isinstance(beside, n.Num)  # (a reading, a parameter: not `0.3% > 0.3`)
                        and (problem := fraction_for_percent(percent, node)) is not None):
                    raise self.error(problem, node.pos)
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

    def normalize(self, e: n.Compare) -> tuple[n.Compare, ir.Expr, ir.Expr]:
        """Bare words that name no field are values: `type = initial`, `pta in roles`."""
        if (e.op in ("in", "not-in") and isinstance(e.left, n.Path) and len(e.left.parts) == 1
                and not self.resolvable(e.left.parts[0])):  # fmt: skip
            e = attrs.evolve(e, left=n.Symbol(e.left.parts[0], e.left.pos))
        left = self.expr(e.left)
        right_node = self._maybe_symbol(e.right, left)
        if right_node is not e.right:
            e = attrs.evolve(e, right=right_node)
        return e, left, self.expr(e.right)

    def _Compare(self, e: n.Compare) -> ir.Expr:
        e, left, right = self.normalize(e)
        if e.op in ("in", "not-in"):
            self._membership(e, left, right)
        elif e.op in ("within", "overlaps"):
            self._sets(e, left, right)
        else:
            self._comparable(left.type, right.type, e)
        typed = ir.Compare(m.BOOL, e.op, left, right)
        self._can_hold(e, ((typed, e),))
        return typed

    def _membership(self, e: n.Compare, left: ir.Expr, right: ir.Expr) -> None:
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

    def _sets(self, e: n.Compare, left: ir.Expr, right: ir.Expr) -> None:
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

    def _IsSet(self, e: n.IsSet) -> ir.Expr:
        return ir.IsSet(m.BOOL, self.expr(e.arg), e.negated)

    def _TextMatch(self, e: n.TextMatch) -> ir.Expr:
        inner = self._text_arg(e, e.how)  # the parser refused a regex RE2 cannot take
        return ir.TextMatch(m.BOOL, e.how, e.pattern, inner)

    def _text_arg(self, e: n.TextMatch | n.Gives | n.NumberIn, verb: str) -> ir.Expr:
        inner = self.expr(e.arg)
        if inner.type.name not in ("text", "string"):
            raise self.error(f"'{verb}' searches text; {n.unparse(e.arg)} is "
                             f"{inner.type.describe()}", e.pos)  # fmt: skip
        return inner

    def matcher(self, e: n.Gives | n.NumberIn) -> TextMatcher:
        if e.pattern not in self.c.patterns:
            raise self.error(f"there is no text pattern '{e.pattern}'"
                             f"{did_you_mean(e.pattern, self.c.patterns)}; declare it with "
                             f"'pattern {e.pattern} finds \"...\"'", e.pos)  # fmt: skip
        return self.c.patterns[e.pattern]

    def _Gives(self, e: n.Gives) -> ir.Expr:
        inner = self._text_arg(e, "gives")
        return ir.Gives(m.BOOL, e.pattern, self.matcher(e), inner)

    def _NumberIn(self, e: n.NumberIn) -> ir.Expr:
        inner = self._text_arg(e, "number in ... gives")
        return ir.NumberIn(m.number("count", optional=True), e.pattern, self.matcher(e), inner)

    def _Not(self, e: n.Not) -> ir.Expr:
        self._under_not += 1
        try:
            return ir.Not(m.BOOL, self.boolean(e.arg, "what follows 'not'"))
        finally:
            self._under_not -= 1

    def _BoolOp(self, e: n.BoolOp) -> ir.Expr:
        self._under_or += e.op == "or"
        try:
            args = tuple(self.boolean(a, f"each side of '{e.op}'") for a in e.args)
        finally:
            self._under_or -= e.op == "or"
        if e.op == "and":
            self._can_hold(e, tuple(zip(args, e.args, strict=True)))
        return ir.BoolOp(m.BOOL, e.op, args)

    def _levels(self, e: ir.Expr) -> tuple[tuple[int, ...], str]:
        """The whole numbers a count field may be (`Field.levels`: a MAPPA level is 1, 2 or 3)
        and its words, or none."""
        if type(e) is ir.Field:
            kind = BY_NAME.get(self.kind.name) or NESTED_KINDS.get(self.kind.name)
        elif type(e) is ir.Attr and not e.staff:
            kind = NESTED_KINDS.get(e.base.type.record or "")
        else:
            return (), ""
        f = next((f for f in kind.fields if f.name == e.name), None) if kind else None
        if kind is None or f is None or not f.levels:
            return (), ""
        return f.levels, field_word(kind.name, f.name)

    def _can_hold(self, e: n.Expr, given: tuple[tuple[ir.Expr, n.Expr], ...]) -> None:
        """Refuse an `and` whose parts ask one field for values no record can give at once:
        `level = 2 and level = 3`, `rosh in {high, very_high} and rosh = low`, `level = 2 and
        level != 2`, `hours > 8 and hours < 4`. The rule would load, count as applied and
        find nothing, read as a pass (a first hour, round 51). Only values written in the
        rule are compared (a parameter's may change with a `set`), and only as the compiled
        rule compares them: a grade declared `like` another (here, or by a config loaded
        after) compares as that one too (`ir.widen_grades`), so `grade = PO and grade =
        COURT_PO` holds for a COURT_PO declared `like PO`; two sets of grades are called
        apart only when every grade in them is the vocabulary's, which no declaration widens
        into another (round 51's review, P5). One comparison too, where it asks a count for
        no whole number a record may give (`Field.levels`): `level = 4`, `subject.mappa_level
        > 3` (the first hour of round 51, left in its note)."""
        if self._under_not:
            return  # (`not (level = 2 and level = 3)` always holds)
        parts: list[tuple[ir.Expr, n.Expr]] = []
        todo = list(given)
        while todo:  # (`(a and b) and c`: its parts, all of them)
            typed, written = todo.pop(0)
            if isinstance(typed, ir.BoolOp) and typed.op == "and" and isinstance(
                    written, n.BoolOp):  # fmt: skip
                todo[:0] = zip(typed.args, written.args, strict=True)
            else:
                parts.append((typed, written))

        part = "this part of the condition" if self._under_or else "this condition"
        so = ("so it selects no record, whatever the other side of 'or' selects" if
              self._under_or else "so the rule would never find anything")  # fmt: skip

        def never(asks: str, hint: str = "") -> PolicyError:
            return self.error(f"{part} can never hold: no record has {asks} at once, {so}{hint}",
                              e.pos)  # fmt: skip

        allowed: dict[str, tuple[frozenset[Any], str]] = {}
        barred: dict[str, tuple[frozenset[Any], str]] = {}
        low: dict[str, tuple[float, bool, str]] = {}  # (bound, strict, as written)
        high: dict[str, tuple[float, bool, str]] = {}
        asked: dict[str, list[str]] = {}  # what each part asks of one field, as written
        for typed, written in parts:
            if not isinstance(typed, ir.Compare) or not isinstance(written, n.Compare):
                continue
            left, right, op = typed.left, typed.right, typed.op
            if isinstance(left, ir.Const) and not isinstance(right, ir.Const) and op in _FLIP:
                left, right, op = right, left, _FLIP[op]
            if isinstance(left, ir.Const) or not isinstance(right, ir.Const):
                continue
            if right.value is None or (isinstance(right.value, frozenset)
                                       and None in right.value):  # fmt: skip
                continue
            key, said = repr(left), n.unparse(written)
            values = right.value if isinstance(right.value, frozenset) else frozenset(
                [right.value])  # fmt: skip
            if op in ("=", "in"):
                before = allowed.get(key)
                kept = values if before is None else before[0] & values
                if not kept and before is not None and ir.is_grade_field(left, self.kind.name) \
                        and not all(_vocabulary_grade(v) for v in before[0] | values):
                    kept = before[0] | values  # (one may be declared like the other)
                if not kept:
                    assert before is not None
                    raise never(f"{before[1]} and {said}",
                                "; to take either, join them with 'or'")
                allowed[key] = (kept, said if before is None else f"{before[1]} and {said}")
            elif op in ("!=", "not-in"):
                before = barred.get(key)
                barred[key] = ((before[0] if before else frozenset()) | values,
                               said if before is None else f"{before[1]} and {said}")
            elif op in ("<", "<=", ">", ">=") and isinstance(right.value, int | float) and (
                    not isinstance(right.value, bool)):
                bound = (float(right.value), op in ("<", ">"), said)
                side = high if op in ("<", "<=") else low
                old = side.get(key)
                tighter = old is None or (bound[0] < old[0] if side is high else bound[0] > old[0])
                if tighter:
                    side[key] = bound
            asked.setdefault(key, []).append(said)
            levels, words = self._levels(left)
            if levels and not [
                    v for v in levels if (key not in allowed or v in allowed[key][0]) and (
                        key not in barred or v not in barred[key][0]) and _within(
                        v, low.get(key), high.get(key))]:  # fmt: skip
                shown = ", ".join(map(str, levels[:-1])) + f" or {levels[-1]}"
                raise self.error(
                    f"{part} can never hold: a record's {words} is {shown} (any other is "
                    f"refused as input), so none has {' and '.join(asked[key])}: "
                    f"{so.removeprefix('so ')}", e.pos)
            if key in allowed and key in barred and allowed[key][0] <= barred[key][0]:
                raise never(f"{allowed[key][1]} and {barred[key][1]}")
            lo, hi = low.get(key), high.get(key)
            empty = lo is not None and hi is not None and (
                lo[0] > hi[0] or (lo[0] == hi[0] and (lo[1] or hi[1])))  # fmt: skip
            if not empty and key in allowed and (lo or hi):
                empty = not any(_within(v, lo, hi) for v in allowed[key][0])
            if empty:
                asks = [b[2] for b in (lo, hi) if b is not None]
                if key in allowed:
                    asks.insert(0, allowed[key][1])
                raise never(" and ".join(asks))

    def _Otherwise(self, e: n.Otherwise) -> ir.Expr:
        first, second = self.expr(e.first), self.expr(e.second)
        a, b = first.type, second.type
        same = a.name == b.name and (a.name != "number" or _num_dim(a, b) is not None)
        if not same:
            raise self.error(f"both sides of 'otherwise' must be alike; {n.unparse(e.first)} is "
                             f"{a.describe()}, {n.unparse(e.second)} is {b.describe()}",
                             e.pos)  # fmt: skip
        # missing only where both are: a second side that may be missing (a field, or one
        # read through an id that may be missing) may leave it so
        return ir.Otherwise(replace(a, optional=a.optional and b.optional), first, second)

    # explanations --------------------------------------------------------------------------
    def explain(self, e: n.Expr) -> ir.Explain:
        """The condition `e`, taken apart so that a finding can say which parts held."""
        if isinstance(e, n.BoolOp):
            self._under_or += e.op == "or"  # (as `_BoolOp` and `_Not` count them)
            try:
                children = tuple(self.explain(a) for a in e.args)
            finally:
                self._under_or -= e.op == "or"
            return ir.Explain(e.op, children, self.expr(e))
        if isinstance(e, n.Not):
            self._under_not += 1
            try:
                inner = self.explain(e.arg)
            finally:
                self._under_not -= 1
            return ir.Explain("not", (inner,), self.expr(e))
        if isinstance(e, n.Otherwise):
            return ir.Explain("otherwise", (self.explain(e.first), self.explain(e.second)),
                              self.expr(e), given=self.expr(e.first))  # fmt: skip
        cond = self.expr(e)
        return ir.Explain("atom", (), cond, self._fact(e, cond))

    def said(self, e: n.Expr) -> str:
        """How a finding names what a condition read: a field of the record, or of a person
        or a record it names, in the data model's words ("the person's RoSH level", "the
        staff member's contracted hours", where `subject.rosh` and `staff.contracted_hours`
        were read out to a rep: a first hour, round 47, P4); anything else as written."""
        if isinstance(e, n.Path) and self.keys is None and e.parts[0] in self.kind.fields \
                and e.parts[0] not in self.c.lets and e.parts[0] not in self.builtins:
            t, words = self.kind.fields[e.parts[0]], [field_word(self.kind.name, e.parts[0])]
            for part in e.parts[1:]:
                owner = "staff" if t.name == "staff" else t.record if t.name == "record" else ""
                fields = m.STAFF_FIELDS if owner == "staff" else m.NESTED.get(owner)
                if not fields or part not in fields:
                    return n.unparse(e)
                words.append(field_word(owner, part))
                t = fields[part]
            if self.kind.name == "staff" and len(e.parts) == 1 and t.name != "staff":
                # a staff record's own date beside its manager's: "the line manager's leaving
                # date is 2026-07-01; the staff member's leaving date is not given", where
                # "the leaving date" read as the same one (the review of session 49, P6)
                words.insert(0, "staff member")
            return "the " + "'s ".join(words)
        if isinstance(e, n.Otherwise):  # `closed otherwise practitioner.left_on`
            return f"{self.said(e.first)} otherwise {self.said(e.second)}"
        return n.unparse(e)

    def _fact(self, e: n.Expr, cond: ir.Expr) -> ir.Fact:
        text = n.unparse(e)
        if isinstance(e, n.TextMatch):
            assert isinstance(cond, ir.TextMatch)
            return ir.Fact("text", text, (cond,), (n.unparse(e.arg),))
        if isinstance(e, n.Gives):
            assert isinstance(cond, ir.Gives)
            return ir.Fact("gives", text, (cond,), (n.unparse(e.arg),))
        if isinstance(e, n.IsSet):
            assert isinstance(cond, ir.IsSet)
            return ir.Fact("set", text, (cond.arg,), (self.said(e.arg),))
        if isinstance(e, n.Compare):
            e, left, right = self.normalize(e)
            shown = "" if isinstance(e.right, _LITERALS) else self.said(e.right)
            return ir.Fact("compare", text, (left, right), (self.said(e.left), shown))
        if isinstance(e, n.Path):
            return ir.Fact("path", text, (cond,), (e.parts[0], self.said(e)))
        return ir.Fact("other", text, (cond,))


class RuleChecker:
    """Resolves and type-checks one rule; holds its scopes."""

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
            first = next(x for x in rule.lets if x.name == let.name)
            if first is not let:  # which of the two was meant is not ours to guess
                raise self.error(f"'{let.name}' is already a let of this rule (line "
                                 f"{first.pos.line}); give each let a name of its own",
                                 let.pos)  # fmt: skip
            if let.name in _NOT_A_LET:  # (attack round 14: `let value = 1` read nowhere)
                raise self.error(f"'{let.name}' is {_NOT_A_LET[let.name]}, which a let of that "
                                 "name would never be read in place of; give it a name of its "
                                 "own", let.pos)  # fmt: skip
            if let.name in self.kind.fields or let.name in params:
                raise self.error(f"'{let.name}' is already the name of a "
                                 f"{'field' if let.name in self.kind.fields else 'parameter'}",
                                 let.pos)  # fmt: skip
        self.record_scope = Scope(self, self.kind)

    def error(self, message: str, pos: n.Pos) -> PolicyError:
        lines = self.lines.get(pos.file, [])
        src = lines[pos.line - 1] if 0 < pos.line <= len(lines) else None
        return PolicyError(message, file=pos.file, line=pos.line, column=pos.column,
                           source_line=src, width=pos.width)  # fmt: skip

    def group_keys(self) -> tuple[ir.GroupKey, ...] | None:
        if not self.rule.per:
            return None
        keys = []
        aliases: set[str] = set()
        for i, gk in enumerate(self.rule.per):
            path = gk.path
            # `per week` is the calendar week, also of a kind with a `week` field that dates it
            # (a WMT reading given a `date` only falls in the week of that date)
            if path.parts[0] in CALENDAR and len(path.parts) == 1 and (
                    path.parts[0] not in self.kind.fields
                    or path.parts[0] in self.kind.date_fields):  # fmt: skip
                if not self.kind.date_fields and path.parts[0] != "week":
                    raise self.error(f"{self.kind.a_noun} has no date, so it cannot be grouped "
                                     f"per {path.parts[0]}", path.pos)  # fmt: skip
                get = self.record_scope.calendar(path.parts[0])
                # a kind with no date (funded posts) stands in every week the data's dated
                # records cover: one group per week, each record in all (scenarios round 56, P2)
                info = ir.GroupKey(gk.alias, i, m.DATE, path.parts[0], get,
                                   not self.kind.date_fields)  # fmt: skip
            elif (len(path.parts) == 1 and path.parts[0] in _OTHER_PERIODS
                  and path.parts[0] not in self.kind.fields):  # fmt: skip
                # `per quarter` for a demand "reviewed quarterly" (a first hour, round 44: it
                # was told to declare a parameter called quarter)
                raise self.error(f"there is no 'per {path.parts[0]}': the periods a rule "
                                 f"groups by are {', '.join(CALENDAR)}; a cap that changes "
                                 "each quarter or year is a dated value ('set NAME = 40 from "
                                 "2025-04-01, 38 from 2025-07-01'; docs/language.md, 'Dated "
                                 "values')",
                                 attrs.evolve(path.pos, width=len(path.parts[0])))  # fmt: skip
            else:
                get = self.record_scope.expr(path)
                t = get.type
                if t.name == "list":
                    elem = replace(t.elem or m.ANY, optional=False)
                    info = ir.GroupKey(gk.alias, i, elem, "", get, True)
                elif t.name in ("bool", "text", "record", "set"):
                    raise self.error(f"cannot group per {n.unparse(path)} "
                                     f"({t.describe()})", path.pos)  # fmt: skip
                else:  # a group's key is never missing: records without one are left out
                    info = ir.GroupKey(gk.alias, i, replace(t, optional=False), "", get,
                                       False)  # fmt: skip
            if gk.alias in CALENDAR and [gk.alias] != list(path.parts):
                # `per day as week` grouped by day under a week's name: a weekly cap of 4 was
                # judged a day at a time, its title and findings still saying "a week"
                # (attack round 27, P7)
                raise self.error(f"a 'per' key cannot be called '{gk.alias}', the name of a "
                                 f"period, unless it groups per {gk.alias}: the rule's periods "
                                 f"would read as {gk.alias}s where they are not; write 'per "
                                 f"{gk.alias}' for that period, or name the key otherwise",
                                 gk.pos)  # fmt: skip
            if info.alias in aliases:
                raise self.error(f"two 'per' keys are called '{info.alias}'; name one with "
                                 f"'as'", gk.pos)  # fmt: skip
            aliases.add(info.alias)
            keys.append(info)
        return tuple(keys)


# periods a rule might be grouped by that the calendar keys are not
_OTHER_PERIODS = frozenset({"quarter", "year", "fortnight", "hour", "quarterly", "yearly",
                            "annual", "annually", "weekly", "monthly", "daily", "fy",
                            "financial_year"})


def check_rule(
    rule: n.Rule, params: Mapping[str, n.Param], lines: Mapping[str, list[str]],
    patterns: Mapping[str, TextMatcher] | None = None, grades: tuple[str, ...] = (),
) -> ir.Rule:
    """Type-check `rule` against the data model and the parameters: its typed IR (`grades`:
    where the grades it judges by stand, for its head)."""
    rc = RuleChecker(rule, params, lines, patterns)
    absent = isinstance(rule.check, n.Absent)
    keys = None if absent else rc.group_keys()
    kind = rc.kind
    record = rc.record_scope
    scope = Scope(rc, kind, keys) if keys is not None else record
    where = record.boolean(rule.where, "'where'") if rule.where is not None else None
    where_explain = record.explain(rule.where) if rule.where is not None else None
    if rule.effective is not None and not kind.date_fields and not absent:
        raise rc.error(f"{kind.a_noun} has no date, so 'from' cannot apply to it",
                       rule.effective_pos or rule.pos)  # at the `from` (first hour 44, P12)
    used: set[str] = set()
    if isinstance(rule.effective, str):
        decl = params.get(rule.effective)
        if decl is None or decl.type != "date" or decl.keyed_by:
            raise rc.error(f"'from' takes a date or a date parameter; '{rule.effective}' is "
                           f"{'not a parameter' if decl is None else 'a ' + decl.type}"
                           f"{did_you_mean(rule.effective, params) if decl is None else ''}",
                           rule.effective_pos or rule.pos)  # fmt: skip
        used.add(rule.effective)
    used |= ir.params_of(where)
    check, value_type, limit_type, optional = _check(rc, scope, keys, rule.check)
    if (where is not None and rule.where is not None and not keys
            and isinstance(check, ir.Require) and not check.forbid
            and _always_holds(where, check.cond)):  # fmt: skip
        assert isinstance(rule.check, n.Require)
        raise rc.error(f"this rule can never find anything: each record its 'where' "
                       f"({n.unparse(rule.where)}) selects has "
                       f"{n.unparse(rule.check.cond)}, which its 'require' asks, so it would "
                       "read as a pass; 'where' says which records the rule judges, "
                       "'require' what must hold of them", rule.where.pos)  # fmt: skip
    used |= _reads(check)
    for key in keys or ():
        used |= ir.params_of(key.get)
    builtins = {
        "value": value_type, "limit": limit_type, "start": m.DATE, "end": m.DATE,
        "period": m.STRING, "evidence": m.STRING, "clause": m.STRING, "rule": m.STRING,
        "today": m.DATE, "limit_from": m.DATE,
    }  # fmt: skip
    template: list[str | ir.Expr] = []
    if rule.say is not None:
        tscope = Scope(rc, kind, keys, builtins=builtins)
        for part in rule.say.parts:
            # a parameter named only in the sentence reads "not given" when unset
            template.append(part if isinstance(part, str) else tscope.expr(part))
    for let in rule.lets:  # a let nothing reads is checked too: a mistake in it is one
        if let.name not in record._lets and let.name not in scope._lets:
            try:
                record.let(let.name, let.pos)
            except PolicyError as err:
                if scope is record:
                    raise
                try:  # a group's let ("sum of posts among ..."), else the record's error
                    scope.let(let.name, let.pos)
                except PolicyError:
                    raise err from None
    if rule.title_pos is not None and ("{" in rule.title or "}" in rule.title):
        _check_title(rc, rule, params, used | optional)
    effective = rule.effective.isoformat() if isinstance(rule.effective, dt.date) else (
        rule.effective or "")
    head = ir.RuleHead(rule.id, rule.clause, rule.title, rule.why, rule.severity, effective,
                       rule.pos.file, rule.pos.line, grades)  # fmt: skip
    # a record whose compared grade is unknown is not judged, in `require` as in `where`
    where = ir.known_grades_only(where, check, kind.name, keys)
    return ir.Rule(
        head, kind, keys, rule.effective, where, where_explain, check, value_type, limit_type,
        tuple(template), frozenset(used), _focus(rule.check), optional - used,
        ir.AstRule(rule),
    )


def _check_title(rc: RuleChecker, rule: n.Rule, params: Mapping[str, n.Param],
                 read: set[str] | frozenset[str]) -> None:
    """A title's slots (`{upw_ratio}`, `{programme_sessions_max in words}`): each names a
    parameter the rule reads, with one value (not one per key), `in words` a count, a number
    or days, and a noun after `|` a count or a number. A title naming another parameter
    would say a value the rule does not judge by."""
    from ..render import TitleSlot, title_parts

    pos = rule.title_pos or rule.pos
    reads = (f"this one reads {', '.join(sorted(read))}" if read else
             "this one reads none, so write its value in the title")  # fmt: skip
    kinds = {"percent": "a percentage", "hours": "a number of hours", "days": "a number of "
             "days", "date": "a date", "ratio": "a ratio"}  # fmt: skip
    for part in title_parts(rule.title):
        if not isinstance(part, TitleSlot):
            continue
        name, decl = part.name, params.get(part.name)
        if decl is None or name not in read:
            what = "no parameter" if decl is None else "a parameter this rule does not read"
            raise rc.error(f"the title's {{{name}}} names {what}"
                           f"{did_you_mean(name, sorted(read)) if read else ''}; a title names "
                           f"the value of a parameter the rule reads ({reads})",
                           pos)  # fmt: skip
        if decl.keyed_by:
            raise rc.error(f"the title's {{{name}}}: {name} holds one value per "
                           f"{decl.keyed_by}, and a title says one value; name a parameter of "
                           "one value, or write the title without it", pos)  # fmt: skip
        if part.words and decl.type not in ("count", "number", "days"):
            raise rc.error(f"the title's {{{name} in words}}: {kinds[decl.type]} is said as "
                           f"a finding says it; write {{{name}}} ('in words' is for a count, a "
                           "number or days)", pos)  # fmt: skip
        if part.nouns is not None and decl.type not in ("count", "number"):
            raise rc.error(f"the title's {{{name} | ...}}: the noun after '|' is what a count "
                           f"counts, and {name} is {kinds.get(decl.type, 'no count')}; write "
                           f"{{{name}}}",
                           pos)  # fmt: skip


def _check(rc: RuleChecker, scope: Scope, keys: tuple[ir.GroupKey, ...] | None,
           check: n.Check) -> tuple[ir.Check, m.FieldType, m.FieldType, frozenset[str]]:
    """The check of a rule, with the types of what it measures and of its limit, and the
    parameters it reads only when they are set."""
    kind, record = rc.kind, rc.record_scope
    if isinstance(check, n.Measure):
        return _measure(rc, scope, keys, check)
    if isinstance(check, (n.Require, n.Forbid)):
        forbid = isinstance(check, n.Forbid)
        cond = scope.boolean(check.cond, "what is forbidden" if forbid else "what is required")
        return (ir.Require(cond, scope.explain(check.cond), forbid), m.STRING, m.STRING,
                frozenset())  # fmt: skip
    if isinstance(check, n.Absent):
        return _absent(rc, check), m.STRING, m.STRING, frozenset()
    if isinstance(check, n.RatioCheck):
        if keys is not None:
            raise rc.error("a ratio is checked for each record; remove 'per'", check.pos)
        left, right = record.expr(check.left), record.expr(check.right)
        for t, node in ((left, check.left), (right, check.right)):
            if t.type.name not in ("number", "list"):
                raise rc.error(f"a ratio compares numbers or lists; {n.unparse(node)} is "
                               f"{t.type.describe()}", node.pos)  # fmt: skip
        if right.type.name == "list":  # (neither engine counted it: refused, not guessed)
            r, lt = n.unparse(check.right), n.unparse(check.left)
            raise rc.error(f"a ratio counts a list on its left only; {r} is a list: write "
                           f"'ratio {r} to {lt}', with each limit turned round (6:1 as 1:6)",
                           check.right.pos)  # fmt: skip
        limits = []
        for lim in check.limits:
            t = record.expr(lim)
            if t.type.name != "ratio" or not ir.is_const(t):
                raise rc.error(f"{n.unparse(lim)} is not a ratio such as 1:6", lim.pos)
            limits.append(t)
        # a let that keeps some of a list (`(supervisors where ...)`) counts what the list
        # names: its findings' unit is "members per supervisor"
        let = rc.lets.get(check.left.parts[0]) if len(check.left.parts) == 1 else None
        shown = let.value.arg if let is not None and isinstance(let.value, n.Those) else check.left
        ratio = ir.Ratio(left, right, tuple(limits), n.unparse(shown),
                         n.unparse(check.right))  # fmt: skip
        return ratio, m.STRING, m.STRING, frozenset()
    assert isinstance(check, n.Spell)
    if keys is None or not any(k.type.name == "staff" for k in keys):
        raise rc.error("a spell follows one person's records over time: add 'per staff' "
                       "(or the field that names the person)", check.pos)  # fmt: skip
    if any(k.calendar for k in keys):
        raise rc.error("a spell runs across days and weeks; do not group it per day, week "
                       "or month", check.pos)  # fmt: skip
    if not kind.date_fields:
        raise rc.error(f"{kind.a_noun} has no date, so it cannot form a spell", check.pos)
    cond = record.boolean(check.cond, "a spell's condition")
    limit = scope.expr(check.bound.limit)
    if limit.type.name != "number" or limit.type.dim not in ("days", "number"):
        raise rc.error(f"a spell lasts days; {n.unparse(check.bound.limit)} is "
                       f"{limit.type.describe()}", check.bound.limit.pos)  # fmt: skip
    holding = None
    if check.holding is not None:
        holding = scope.expr(check.holding.limit)
        if holding.type.name != "number" or holding.type.dim not in ("days", "number"):
            raise rc.error(f"a reading holds for days; {n.unparse(check.holding.limit)} is "
                           f"{holding.type.describe()}", check.holding.limit.pos)  # fmt: skip
    days = m.number("days")
    # `holding` is read only when set: unset, a reading holds until the next one
    return ir.Spell(cond, limit, check.bound.op, holding), days, days, ir.params_of(holding)


def _absent(rc: RuleChecker, check: n.Absent) -> ir.Absent:
    """`require some KIND [by FIELD]`: checked against the rule's kind and its `per`."""
    if rc.kind.name != "staff":
        raise rc.error("'require some' looks for records naming each member of staff: write it "
                       "in a rule 'for each staff'", rc.rule.scope_pos)  # fmt: skip
    per = rc.rule.per
    if len(per) != 1 or per[0].path.parts[0] not in CALENDAR or len(per[0].path.parts) > 1:
        raise rc.error("'require some' looks in each period: give the rule one 'per day', "
                       "'per week' or 'per month'", per[0].pos if per else check.pos)  # fmt: skip
    if check.kind not in m.KINDS:
        raise rc.error(f"there is no kind of record called '{check.kind}'"
                       f"{did_you_mean(check.kind, m.KINDS)}", check.pos)  # fmt: skip
    other = m.KINDS[check.kind]
    if not other.date_fields:
        raise rc.error(f"{other.a_noun} has no date, so it cannot be looked for in a period",
                       check.pos)  # fmt: skip
    link = check.by or other.subject
    people = [f for f, t in other.fields.items() if t.name == "staff"]
    if link not in people:
        hint = (f"; name the field that does with 'by' ({', '.join(people)})" if people else "")
        raise rc.error(f"'{link}' of {other.a_noun} does not name one member of staff"
                       f"{did_you_mean(link, people) if check.by else ''}{hint}",
                       check.pos)  # fmt: skip
    return ir.Absent(other, link, per[0].path.parts[0])


def _reads(check: ir.Check) -> frozenset[str]:
    """The parameters a check needs set to judge anything."""
    if isinstance(check, ir.Absent):
        return frozenset()
    if isinstance(check, ir.Measure):
        return ir.params_of(check.value, check.limit)
    if isinstance(check, ir.AtOnce):
        return ir.params_of(check.limit)
    if isinstance(check, ir.Repaid):
        return ir.params_of(check.owed, check.limit, check.paid, check.late)
    if isinstance(check, ir.Require):
        return ir.params_of(check.cond)
    if isinstance(check, ir.Ratio):
        return ir.params_of(*check.limits)
    return ir.params_of(check.cond, check.limit)  # a spell's `holding` is optional


def _measure(rc: RuleChecker, scope: Scope, keys: tuple[ir.GroupKey, ...] | None,
             check: n.Measure) -> tuple[ir.Check, m.FieldType, m.FieldType, frozenset[str]]:
    value = scope.expr(check.value)
    limit = scope.expr(check.bound.limit)
    for t, node, what in ((value, check.value, "what is measured"),
                          (limit, check.bound.limit, "the limit")):  # fmt: skip
        if t.type.name != "number":
            raise rc.error(f"{what} must be a number, not {t.type.describe()}", node.pos)
    if value.type.dim != limit.type.dim and "number" not in (value.type.dim,
                                                             limit.type.dim):  # fmt: skip
        raise rc.error(f"the limit is in {limit.type.dim} but what is measured is in "
                       f"{value.type.dim}", check.bound.limit.pos)  # fmt: skip
    if (problem := fraction_for_percent(value.type, check.bound.limit)) is not None:
        raise rc.error(problem, check.bound.limit.pos)
    value_type = value.type if value.type.dim != "number" else limit.type
    limit_type = limit.type if limit.type.dim != "number" else value.type
    op = check.bound.op
    out: ir.Check = ir.Measure(value, limit, op)
    if isinstance(value, ir.MostAtOnce):  # names the day and the records held on it
        out = ir.AtOnce(limit, op, value.spans)
    if check.repaid is not None:
        if not ir.is_const(limit):
            raise rc.error("with 'repaid by', the limit is a value or a parameter",
                           check.bound.limit.pos)  # fmt: skip
        paid, late = _repaid_parts(rc, keys, value, check.repaid, check.late)
        out = ir.Repaid(value, limit, op, paid, late)
    return out, value_type, limit_type, frozenset()


def _repaid_parts(rc: RuleChecker, keys: tuple[ir.GroupKey, ...] | None, value: ir.Expr,
                  repaid: n.Expr, late: n.Expr | None) -> tuple[ir.Expr, ir.Expr | None]:
    """`repaid by EXPR [up to EXPR later]`: checked against the record and its kind."""
    kind, where = rc.kind, repaid.pos
    if keys is not None:
        raise rc.error("'repaid by' follows one person's records one by one; remove 'per'",
                       where)  # fmt: skip
    if not kind.date_fields or kind.fields[kind.subject].name != "staff":
        raise rc.error(f"'repaid by' follows one person's dated records; {kind.a_noun} is not "
                       f"one", where)  # fmt: skip
    paid = rc.record_scope.expr(repaid)
    if paid.type.name != "number" or (paid.type.dim != value.type.dim
                                      and "number" not in (paid.type.dim, value.type.dim)):
        raise rc.error(f"what repays must be in {value.type.dim}, like what is owed; "
                       f"{n.unparse(repaid)} is {paid.type.describe()}", where)  # fmt: skip
    if late is None:
        return paid, None
    lag = rc.record_scope.expr(late)
    if lag.type.name != "number" or lag.type.dim not in ("days", "number") or not (
            ir.is_const(lag)):  # fmt: skip
        raise rc.error(f"'up to ... later' takes days or weeks (4 weeks, or a days "
                       f"parameter); {n.unparse(late)} is {lag.type.describe()}",
                       late.pos)  # fmt: skip
    return paid, lag


def _focus(node: Any) -> tuple[str, ...]:
    """The first field of every path a check reads, in order of appearance."""
    out: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, n.Path):
            out.append(x.parts[0])
        elif attrs.has(type(x)):
            for field in attrs.fields(type(x)):
                value = getattr(x, field.name)
                for item in value if isinstance(value, tuple) else (value,):
                    walk(item)

    walk(node)
    return tuple(dict.fromkeys(out))


def _constant(e: ir.Expr) -> float | None:
    """The value of a number written out, or of arithmetic on such numbers alone (`3 - 3`);
    None for anything read from the data or a parameter."""
    if isinstance(e, ir.Const):
        return e.value if isinstance(e.value, int | float) and not isinstance(e.value, bool) \
            else None  # fmt: skip
    if isinstance(e, ir.Arith):
        left, right = _constant(e.left), _constant(e.right)
        if left is None or right is None:
            return None
        if e.op == "/":
            return None if right == 0 else left / right
        return left + right if e.op == "+" else left - right if e.op == "-" else left * right
    return None
