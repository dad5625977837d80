"""Run compiled rules over a data set and place what they find.

A compiled rule selects its records (`for each`, `from`, `where`), groups them (`per`),
and measures each record or group against its limit. What it yields is a measurement and
its evidence; this module attaches the clause, the subject, the period, the file and line,
the facts that held and the sentence, as yamllint's linter places what its rules yield.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs

from . import model as m
from . import nodes as n
from .compile import (
    CALENDAR,
    Env,
    Explain,
    Gen,
    KeyInfo,
    NoEntry,
    RuleCompiler,
    Scope,
    Typed,
    UnsetParam,
    code,
    held_at_peak,
    latest_order,
    run_generated,
)
from .dataset import Dataset
from .errors import PolicyError, did_you_mean
from .findings import Evidence, Finding, Period
from .render import number, render

if TYPE_CHECKING:
    from .textpattern import TextMatcher


class Group:
    """The records that share one value of a rule's `per` keys."""

    __slots__ = ("keys", "records")

    def __init__(self, keys: tuple[Any, ...], records: list[Any]) -> None:
        self.keys = keys
        self.records = records


class Facts:
    """What a sentence can name: the record or group (`x`) and the finding's own facts."""

    __slots__ = ("clause", "end", "evidence", "limit", "period", "rule", "start", "value", "x")

    def __init__(self, **kwargs: Any) -> None:
        for k, v in kwargs.items():
            setattr(self, k, v)


@attrs.frozen
class Measured:
    """What a check found for one record or group, before it is placed and explained."""

    x: Any  # the record or Group
    evidence: tuple[Any, ...]
    value: Any
    limit: Any
    measured: str | None  # None: rendered when the finding is placed (see `_texts`)
    limit_text: str | None
    facts: tuple[tuple[str, int | None], ...] | None = ()  # None: worked out by `placer`
    period: Period | None = None
    note: str = ""  # said after the sentence: what the check had to assume


@attrs.frozen
class CompiledRule:
    rule: n.Rule
    kind: m.Kind
    day_of: Callable[[Any], dt.date | None]
    keys: tuple[KeyInfo, ...] | None
    where: Typed | None
    where_explain: Explain | None
    check: Any  # a check-specific tuple of Typed parts (see compile_rule)
    value_type: m.FieldType
    limit_type: m.FieldType
    template: tuple[str | Typed, ...]
    params: frozenset[str]
    focus: tuple[str, ...] = ()  # fields the check reads: a finding points at their line
    # parameters read when set, whose absence is a meaning, not a cap to be agreed (a spell's
    # `holding at most`: unset, a reading holds until the next one)
    optional_params: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return self.rule.id

    def limit_params(self) -> frozenset[str]:
        return self.params


def compile_rule(
    rule: n.Rule, params: Mapping[str, n.Param], lines: Mapping[str, list[str]],
    patterns: Mapping[str, TextMatcher] | None = None,
) -> CompiledRule:
    """Type-check `rule` against the data model and the parameters; build its closures."""
    rc = RuleCompiler(rule, params, lines, patterns)
    keys = rc.group_keys()
    kind = rc.kind
    record = rc.record_scope
    scope = Scope(rc, kind, keys) if keys is not None else record
    where = record.boolean(rule.where, "'where'") if rule.where is not None else None
    where_explain = record.explain(rule.where) if rule.where is not None else None
    if rule.effective is not None and not kind.date_fields:
        raise rc.error(f"a {kind.noun} has no date, so 'from' cannot apply to it", rule.pos)
    check = rule.check
    used: set[str] = set()
    if isinstance(rule.effective, str):
        decl = params.get(rule.effective)
        if decl is None or decl.type != "date" or decl.keyed_by:
            raise rc.error(f"'from' takes a date or a date parameter; '{rule.effective}' is "
                           f"{'not a parameter' if decl is None else 'a ' + decl.type}"
                           f"{did_you_mean(rule.effective, params) if decl is None else ''}",
                           rule.pos)  # fmt: skip
        used.add(rule.effective)
    if where is not None:
        used |= where.params
    value_type, limit_type = m.BOOL, m.BOOL
    optional: frozenset[str] = frozenset()
    if isinstance(check, n.Measure):
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
        value_type = value.type if value.type.dim != "number" else limit.type
        limit_type = limit.type if limit.type.dim != "number" else value.type
        # `most at once` names the day and the records held on it (see `_at_once`)
        at_once = isinstance(check.value, n.MostAtOnce)
        parts: Any = ("at_once" if at_once else "measure", value, limit, check.bound.op)
        used |= value.params | limit.params
        if check.repaid is not None:
            if limit.const is None:
                raise rc.error("with 'repaid by', the limit is a value or a parameter",
                               check.bound.limit.pos)  # fmt: skip
            parts = ("repaid", value, limit, check.bound.op,
                     *_repaid_parts(rc, keys, kind, value, check.repaid, check.late))
            used |= parts[4].params | (parts[5].params if parts[5] is not None else frozenset())
    elif isinstance(check, (n.Require, n.Forbid)):
        cond = scope.boolean(check.cond, "what is required" if isinstance(check, n.Require)
                             else "what is forbidden")  # fmt: skip
        parts = ("require" if isinstance(check, n.Require) else "forbid", cond,
                 scope.explain(check.cond))  # fmt: skip
        value_type = limit_type = m.STRING
        used |= cond.params
    elif isinstance(check, n.RatioCheck):
        if keys is not None:
            raise rc.error("a ratio is checked for each record; remove 'per'", check.pos)
        left, right = record.expr(check.left), record.expr(check.right)
        for t, node in ((left, check.left), (right, check.right)):
            if t.type.name not in ("number", "list"):
                raise rc.error(f"a ratio compares numbers or lists; {n.unparse(node)} is "
                               f"{t.type.describe()}", node.pos)  # fmt: skip
        limits = []
        for lim in check.limits:
            t = record.expr(lim)
            if t.type.name != "ratio" or t.const is None:
                raise rc.error(f"{n.unparse(lim)} is not a ratio such as 1:6", lim.pos)
            limits.append(t)
            used |= t.params
        parts = ("ratio", left, right, tuple(limits))
        value_type = limit_type = m.STRING
    else:
        assert isinstance(check, n.Spell)
        if keys is None or not any(k.type.name == "staff" for k in keys):
            raise rc.error("a spell follows one person's records over time: add 'per staff' "
                           "(or the field that names the person)", check.pos)  # fmt: skip
        if any(k.calendar for k in keys):
            raise rc.error("a spell runs across days and weeks; do not group it per day, week "
                           "or month", check.pos)  # fmt: skip
        if not kind.date_fields:
            raise rc.error(f"a {kind.noun} has no date, so it cannot form a spell", check.pos)
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
        parts = ("spell", cond, limit, check.bound.op, holding)
        optional = holding.params if holding is not None else frozenset()
        value_type = limit_type = m.number("days")
        used |= cond.params | limit.params
    for key in keys or ():
        used |= key.get.params
    builtins = {
        "value": value_type, "limit": limit_type, "start": m.DATE, "end": m.DATE,
        "period": m.STRING, "evidence": m.STRING, "clause": m.STRING, "rule": m.STRING,
    }  # fmt: skip
    template: list[str | Typed] = []
    if rule.say is not None:
        tscope = Scope(rc, kind, keys, template=True, builtins=builtins)
        for part in rule.say.parts:
            if isinstance(part, str):
                template.append(part)
            else:  # a parameter named only in the sentence reads "not given" when unset
                template.append(tscope.expr(part))
    return CompiledRule(
        rule, kind, rc.day_of, keys, where, where_explain, parts, value_type, limit_type,
        tuple(template), frozenset(used), _focus(check), optional - used,
    )


def _repaid_parts(rc: RuleCompiler, keys: tuple[KeyInfo, ...] | None, kind: m.Kind,
                  value: Typed, repaid: n.Expr, late: n.Expr | None
                  ) -> tuple[Typed, Typed | None]:  # fmt: skip
    """`repaid by EXPR [up to EXPR later]`: checked against the record and its kind."""
    where = repaid.pos
    if keys is not None:
        raise rc.error("'repaid by' follows one person's records one by one; remove 'per'",
                       where)  # fmt: skip
    if not kind.date_fields or kind.fields[kind.subject].name != "staff":
        raise rc.error(f"'repaid by' follows one person's dated records; a {kind.noun} is not "
                       f"one", where)  # fmt: skip
    paid = rc.record_scope.expr(repaid)
    if paid.type.name != "number" or (paid.type.dim != value.type.dim
                                      and "number" not in (paid.type.dim, value.type.dim)):
        raise rc.error(f"what repays must be in {value.type.dim}, like what is owed; "
                       f"{n.unparse(repaid)} is {paid.type.describe()}", where)  # fmt: skip
    if late is None:
        return paid, None
    lag = rc.record_scope.expr(late)
    if lag.type.name != "number" or lag.type.dim not in ("days", "number") or lag.const is None:
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


# ---------------------------------------------------------------------------------------------
# Running


def _period_of_record(kind: m.Kind, record: Any) -> Period | None:
    for name in kind.date_fields:
        d = getattr(record, name)
        if d is not None:
            if name == "week":
                return Period("week", d, d + dt.timedelta(days=6))
            return Period("day", d, d)
    return None


def _period_of_key(calendar: str, value: dt.date) -> Period:
    if calendar == "day":
        return Period("day", value, value)
    if calendar == "week":
        return Period("week", value, value + dt.timedelta(days=6))
    nxt = (value.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return Period("month", value, nxt - dt.timedelta(days=1))


def _fused_filter(test_t: Typed, env: Env) -> Callable[[list[Any]], list[Any]] | None:
    """`where` as one generated list comprehension, when the condition has a source."""
    if test_t.src is None:
        return None
    gen = Gen()
    body = test_t.src(env, gen)
    return run_generated(f"lambda records: [x for x in records if {body}]",  # type: ignore[no-any-return]
                     gen.ns)  # fmt: skip


def _filter(records: list[Any], test_t: Typed, env: Env, unset: set[Missing]
            ) -> list[Any]:  # fmt: skip
    """The records that pass `test_t`: in one generated comprehension when it has a source;
    record by record (noting keyed caps left unset) only when that is needed."""
    fused = _fused_filter(test_t, env)
    try:
        if fused is not None:
            return fused(records)
        test = test_t.build(env)
        return [r for r in records if test(r)]
    except UnsetParam:
        test = test_t.build(env)
        kept = []
        for r in records:
            try:
                if test(r):
                    kept.append(r)
            except UnsetParam as u:
                unset.add(_missing(u, r))
        return kept


# A keyed cap a record or group could not be judged by: (parameter, key, subject); the
# subject is "" when the key has an entry left unset, and names who has a key with no entry.
Missing = tuple[str, str, str]


def _missing(u: UnsetParam, x: Any) -> Missing:
    if not isinstance(u, NoEntry):
        return (u.name, u.key, "")
    who = " ".join(map(str, x.keys)) if isinstance(x, Group) else m.record_label(x)
    return (u.name, u.key, who)


def _group(
    records: list[Any], keys: tuple[KeyInfo, ...], env: Env
) -> dict[tuple[Any, ...], list[Any]]:
    """Index records by their group key (one group per item of a list key)."""
    explode = [k.explode for k in keys]
    if all(k.get.src is not None for k in keys):
        return _generated_grouping(keys, env)(records)  # type: ignore[no-any-return]
    getters = [k.get.build(env) for k in keys]
    groups: defaultdict[tuple[Any, ...], list[Any]] = defaultdict(list)
    if not any(explode):
        if len(getters) == 1:
            (g0,) = getters
            for r in records:
                v = g0(r)
                if v is not None:
                    groups[(v,)].append(r)
        elif len(getters) == 2:
            g0, g1 = getters
            for r in records:
                k2 = (g0(r), g1(r))
                if None not in k2:
                    groups[k2].append(r)
        elif len(getters) == 3:
            g0, g1, g2 = getters
            for r in records:
                k3 = (g0(r), g1(r), g2(r))
                if None not in k3:
                    groups[k3].append(r)
        else:
            for r in records:
                k = tuple([g(r) for g in getters])
                if None not in k:
                    groups[k].append(r)
        return groups
    if explode == [True, False] and len(getters) == 2:  # per a list field, per day/week
        g0, g1 = getters
        for r in records:
            items, second = g0(r), g1(r)
            if items is not None and second is not None:
                for item in items:
                    groups[(item, second)].append(r)
        return groups
    for r in records:
        values = [g(r) for g in getters]
        if None in values:
            continue
        options = [v if ex else (v,) for v, ex in zip(values, explode, strict=True)]
        for combo in itertools.product(*options):
            groups[combo].append(r)
    return groups


def _generated_grouping(keys: tuple[KeyInfo, ...], env: Env) -> Callable[[list[Any]], Any]:
    """The grouping loop written out for these keys: one pass, no call per key per record.
    A list key (`per supervisors`) puts the record in one group per item."""
    gen = Gen()
    lines = ["def group(records):", "    groups = defaultdict(list)", "    for x in records:"]
    names = []
    for i, k in enumerate(keys):
        assert k.get.src is not None
        lines.append(f"        k{i} = {k.get.src(env, gen)}")
        lines.append(f"        if k{i} is None: continue")
        names.append(f"k{i}")
    indent = "        "
    for i, k in enumerate(keys):
        if k.explode:
            lines.append(f"{indent}for i{i} in k{i}:")
            indent += "    "
            names[i] = f"i{i}"
    lines.append(f"{indent}groups[({''.join(nm + ', ' for nm in names)})].append(x)")
    lines.append("    return groups")
    gen.ns["defaultdict"] = defaultdict
    run_generated("\n".join(lines) + "\n", gen.ns, "exec")
    return gen.ns["group"]  # type: ignore[no-any-return]


def _ratio_text(left: Any, right: Any) -> str:
    return f"{number(left)}:{number(right)}"


def anchor_of(cr: CompiledRule) -> Callable[[Any], dt.date | None]:
    """The day that decides which parameter values apply to a record: its own day, or the
    first day of its week or month when the rule counts per week or month (so a week is never
    split between two values)."""
    day = cr.day_of
    calendar = next((k.calendar for k in cr.keys or () if k.calendar), "")
    if calendar == "week":
        return lambda r: None if (d := day(r)) is None else d - dt.timedelta(days=d.weekday())
    if calendar == "month":
        return lambda r: None if (d := day(r)) is None else d.replace(day=1)
    return day


Window = tuple[dt.date | None, dt.date | None]


def run_rule(
    cr: CompiledRule, data: Dataset, env: Env, window: Window | None = None,
    undated: bool = True,
) -> tuple[list[Measured], set[Missing]]:
    """Measure every record or group of `cr`; return the breaches and any unset keyed caps.

    With a `window` (start inclusive, end exclusive; None is open), only records whose
    anchor day falls inside it are measured, and records without a day only if `undated`.
    """
    unset: set[Missing] = set()
    rule = cr.rule
    records: list[Any] = list(data.of(cr.kind.name))
    if window is not None:
        anchor, (lo, hi) = anchor_of(cr), window
        records = [r for r in records
                   if ((d := anchor(r)) is None and undated)
                   or (d is not None and (lo is None or d >= lo) and (hi is None or d < hi))]
    if rule.effective is not None:
        day = cr.day_of
        since = env.params[rule.effective] if isinstance(rule.effective, str) else rule.effective
        records = [r for r in records if (d := day(r)) is not None and d >= since]
    if cr.where is not None:
        records = _filter(records, cr.where, env, unset)
    items: list[Any]
    if cr.keys is not None:
        # In input order; findings are sorted once, at the end of the run.
        items = [Group(k, v) for k, v in _group(records, cr.keys, env).items()]
    else:
        items = records
    kind = cr.check[0]
    fused = _FUSED[kind](cr, env) if kind in _FUSED else None
    found: list[Any] = []
    try:
        if fused is not None:
            found = fused(items)
        else:
            try_measure = _CHECKS[kind](cr, env)
            found = [m for x in items if (m := try_measure(x)) is not None]
    except UnsetParam:  # a keyed cap without a value for some group: go one by one
        try_measure = _CHECKS[kind](cr, env)
        found = []
        for x in items:
            try:
                m = try_measure(x)
            except UnsetParam as u:
                unset.add(_missing(u, x))
                continue
            if m is not None:
                found.append(m)
    out: list[Measured] = []
    for m in found:
        if isinstance(m, list):
            out.extend(m)
        else:
            out.append(m)
    return out, unset


def _evidence_of(x: Any) -> tuple[Any, ...]:
    return tuple(x.records) if isinstance(x, Group) else (x,)


def _measure(cr: CompiledRule, env: Env) -> Callable[[Any], Measured | None]:
    _, value_t, limit_t, op = cr.check
    value, limit = value_t.build(env), limit_t.build(env)
    most = op == "most"
    fixed = limit_t.const(env) if limit_t.const is not None else None

    def check(x: Any) -> Measured | None:
        v = value(x)
        if v is None:
            return None
        lim = fixed if fixed is not None else limit(x)
        if lim is None or (v <= lim if most else v >= lim):
            return None
        return Measured(x, _evidence_of(x), v, lim, None, None)

    return check


def _fused_measure(cr: CompiledRule, env: Env) -> Callable[[list[Any]], list[Measured]] | None:
    """A `measure` check as one generated comprehension over the records or groups: the
    value, the limit and the comparison inline; a Measured is made for breaches only."""
    _, value_t, limit_t, op = cr.check
    if value_t.src is None:
        return None
    gen = Gen()
    value = value_t.src(env, gen)
    limit = gen.bind(limit_t.const(env)) if limit_t.const is not None else code(limit_t, env, gen)
    within = "<=" if op == "most" else ">="
    select = run_generated(
        f"lambda items: [(x, _val, _lim) for x in items if (_val := {value}) is not None "
        f"and (_lim := {limit}) is not None and not (_val {within} _lim)]", gen.ns)

    def measure(items: list[Any]) -> list[Measured]:
        return [Measured(x, _evidence_of(x), v, lim, None, None) for x, v, lim in select(items)]

    return measure


def _repaid(cr: CompiledRule, env: Env) -> Callable[[list[Any]], list[Measured]]:
    """`measure OWED repaid by PAID up to LATE later at most LIMIT`: each person's records in
    date order; what a record repays goes to the oldest debt not yet repaid whose record is at
    most LATE days older. What is still owed once its time has passed is measured."""
    _, owed_t, limit_t, op, paid_t, late_t = cr.check
    owed, paid, limit = owed_t.build(env), paid_t.build(env), limit_t.build(env)
    late = late_t.const(env) if late_t is not None else 0
    day_of = cast(Callable[[Any], dt.date], cr.day_of)
    subject = cr.kind.subject
    most = op == "most"

    def run(items: list[Any]) -> list[Measured]:
        people: defaultdict[Any, list[Any]] = defaultdict(list)
        for r in items:
            people[getattr(r, subject)].append(r)
        out: list[Measured] = []
        for records in people.values():
            records.sort(key=day_of)  # stable: one record per person and day (dataset.py)
            last = day_of(records[-1])
            debts: list[list[Any]] = []  # [record, day, still owed, records that repaid]

            def settle(debt: list[Any], last: dt.date = last) -> None:
                r, d, left, payers = debt
                lim = limit(r)
                if lim is None or (left <= lim if most else left >= lim):
                    return
                note = ""
                if late and d + dt.timedelta(days=late) > last:
                    note = (f"The files end (last record {last}) before its time to be "
                            f"repaid is over.")  # fmt: skip
                out.append(Measured(r, (r, *payers), left, lim, None, None, (), None, note))

            for r in records:
                d = day_of(r)
                while debts and debts[0][1] + dt.timedelta(days=late) < d:
                    settle(debts.pop(0))
                o, p = owed(r), paid(r)
                if o is None:
                    continue  # nothing known to be owed (4c needs contracted hours)
                debts.append([r, d, max(o, 0), []])
                for debt in debts:
                    if not p:
                        break
                    take = min(p, debt[2])
                    if take > 0:
                        debt[2] -= take
                        p -= take
                        if debt[0] is not r:
                            debt[3].append(r)
            for debt in debts:
                settle(debt)
        return out

    return run


def _require(cr: CompiledRule, env: Env) -> Callable[[Any], Measured | None]:
    kind, cond_t, _ = cr.check
    cond = cond_t.build(env)
    want = kind == "require"
    limit = "required" if want else "not allowed"

    def check(x: Any) -> Measured | None:
        if bool(cond(x)) == want:
            return None
        return Measured(x, _evidence_of(x), None, limit, None, limit, None)  # facts: placer

    return check


def _fused_require(cr: CompiledRule, env: Env) -> Callable[[list[Any]], list[Measured]] | None:
    """`require`/`forbid` as one generated comprehension; what held is explained later,
    for the breaches only (see `placer`)."""
    kind, cond_t, _ = cr.check
    if cond_t.src is None:
        return None
    gen = Gen()
    test = "not " if kind == "require" else ""
    select = run_generated(f"lambda items: [x for x in items if {test}{cond_t.src(env, gen)}]",
                       gen.ns)  # fmt: skip
    limit = "required" if kind == "require" else "not allowed"

    def check(items: list[Any]) -> list[Measured]:
        return [Measured(x, _evidence_of(x), None, limit, None, limit, None)
                for x in select(items)]  # fmt: skip

    return check


def _ratio(cr: CompiledRule, env: Env) -> Callable[[Any], Measured | None]:
    _, left_t, right_t, limits_t = cr.check
    left, right = left_t.build(env), right_t.build(env)
    limits = [t.const(env) for t in limits_t]
    ratio_check = cr.rule.check
    assert isinstance(ratio_check, n.RatioCheck)
    lname, rname = n.unparse(ratio_check.left), n.unparse(ratio_check.right)

    def check(x: Any) -> Measured | None:
        lv, rv = left(x), right(x)
        if lv is None or rv is None:
            return None
        lv = len(lv) if isinstance(lv, tuple) else lv
        reasons = []
        for a, b in limits:
            if lv >= a and rv * a <= b * lv:
                return None
            if lv < a:
                reasons.append((f"{a}:{b} needs at least {a} {lname} (there are {number(lv)})",
                                None))  # fmt: skip
            else:
                reasons.append((f"{a}:{b} allows at most {number(b * lv / a)} {rname} for "
                                f"{number(lv)} {lname} (there are {number(rv)})",
                                None))  # fmt: skip
        measured = f"{rname} {number(rv)}, {lname} {number(lv)}"
        if lv:
            measured = f"1:{number(rv / lv)} ({measured})"
        limit = " or ".join(f"{a}:{b}" for a, b in limits)
        value = round(rv / lv, 4) if lv else None
        return Measured(x, (x,), value, limit, measured, f"at most {limit}", tuple(reasons))

    return check


def _at_once(cr: CompiledRule, env: Env) -> Callable[[Any], Measured | None]:
    """`measure most at once`: the first day most records were held together, and those."""
    _, _, limit_t, op = cr.check
    limit = limit_t.build(env)
    spans = cr.kind.span_fields
    assert spans is not None  # compile_rule refused `most at once` otherwise
    most = op == "most"

    def check(g: Group) -> Measured | None:
        day, held = held_at_peak(g.records, spans)
        v = len(held)
        lim = limit(g)
        if lim is None or (v <= lim if most else v >= lim):
            return None
        undated = sum(1 for r in held if getattr(r, spans[0]) is None)
        if day is None:
            note = (f"No {cr.kind.noun} gives an {spans[0]} date, so every listed {cr.kind.noun} "
                    f"was counted.")  # fmt: skip
        else:
            note = f"All {v} were held on {day}"
            note += (f" ({undated} with no {spans[0]} date, counted as held throughout)."
                     if undated else ".")  # fmt: skip
        x = Group(g.keys, held)
        return Measured(x, tuple(held), v, lim, None, None, (),
                        Period("day", day, day) if day is not None else None, note)

    return check


def _spell(cr: CompiledRule, env: Env) -> Callable[[Any], list[Measured] | None]:
    _, cond_t, limit_t, op, holding_t = cr.check
    cond, limit = cond_t.build(env), limit_t.build(env)
    holding = holding_t.build(env) if holding_t is not None else None
    # A spell is only compiled for kinds whose every record is dated (the schemas say so).
    day_of = cast(Callable[[Any], dt.date], cr.day_of)
    order_of = latest_order(cr.kind, cr.day_of)
    most = op == "most"

    def holds_for(r: Any) -> int:
        # A reading's own period: its week, or its day.
        return 7 if getattr(r, "week", None) is not None else 1

    def flags_of(rs: list[Any]) -> list[Any]:
        return [bool(cond(r)) for r in rs]

    if cond_t.src is not None:  # the condition over a group's readings in one comprehension
        gen = Gen()
        flags_of = run_generated(f"lambda rs: [bool({cond_t.src(env, gen)}) for x in rs]", gen.ns)

    def check(g: Group) -> list[Measured] | None:
        lim = limit(g)
        if lim is None:
            return None
        held = flags_of(g.records)
        if True not in held:
            return None  # never above the line: no spell to measure
        # Unset, a reading holds until the next one; set, for at most that many days.
        most_days = holding(g) if holding is not None else None
        # by day; on one day a daily reading comes after the weekly one it falls in
        order = sorted(zip(map(order_of, g.records), range(len(held)), g.records, held,
                           strict=True))  # fmt: skip
        readings = [r for _, _, r, _ in order]
        days = [day_of(r) for r in readings]
        flags = [f for _, _, _, f in order]
        last = len(readings) - 1
        out: list[Measured] = []
        run: list[Any] = []
        for i, r in enumerate(readings):
            start = days[i]
            own = holds_for(r)
            end = days[i + 1] if i < last else start + dt.timedelta(days=own)
            if end == start:
                continue  # a later reading on the same day supersedes this one
            if most_days is not None and (end - start).days > max(own, most_days):
                # held no longer than the policy allows; the days after are unknown
                cut = start + dt.timedelta(days=max(own, int(most_days)))
                if flags[i]:
                    run.append((r, start, cut, own))
                if run:
                    out.extend(_spell_breach(g, run, lim, most))
                run = []
                continue
            if flags[i]:
                run.append((r, start, end, own))
            else:
                if run:
                    out.extend(_spell_breach(g, run, lim, most))
                run = []
        if run:
            out.extend(_spell_breach(g, run, lim, most))
        return out or None

    return check


def _spell_breach(g: Group, run: list[Any], lim: float, most: bool) -> list[Measured]:
    start, end = run[0][1], run[-1][2]
    days = (end - start).days
    if (days <= lim) if most else (days >= lim):
        return []
    x = Group(g.keys, [r for r, _, _, _ in run])
    word = "at most" if most else "at least"
    days_t = m.number("days")
    # days held by a reading past its own week or day: weeks with no reading of their own
    carried = sum(max(0, (e - s).days - own) for _, s, e, own in run)
    note = ""
    if carried:
        note = (f"{number(carried)} of these {render(days, days_t)} have no reading of their "
                f"own: an earlier reading was carried forward over them.")  # fmt: skip
    return [Measured(x, tuple(x.records), days, lim, render(days, days_t),
                     f"{word} {render(lim, days_t)}", (),
                     Period("span", start, end - dt.timedelta(days=1)), note)]  # fmt: skip


_CHECKS: dict[str, Callable[[CompiledRule, Env], Callable[[Any], Any]]] = {
    "measure": _measure, "require": _require, "forbid": _require, "ratio": _ratio,
    "spell": _spell, "at_once": _at_once,
}  # fmt: skip
_FUSED: dict[str, Callable[[CompiledRule, Env], Callable[[list[Any]], list[Measured]] | None]] = {
    "measure": _fused_measure, "require": _fused_require, "forbid": _fused_require,
    "repaid": _repaid,
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Placing and explaining


def placer(cr: CompiledRule, env: Env, data: Dataset) -> Callable[[Measured], Finding]:
    """What turns one rule's measurements into findings; its closures are built once."""
    template = tuple(part if isinstance(part, str) else (part.build(env), part.type)
                     for part in cr.template)  # fmt: skip
    # What held is worked out here, for the breaches only: the `where` conditions of a
    # record-level rule, and the parts of a require/forbid condition.
    where_facts = cr.where_explain.bind(env) if cr.where_explain is not None else None
    kind = cr.check[0]
    check_facts = cr.check[2].bind(env) if kind in ("require", "forbid") else None
    want = kind == "require"

    def place_one(measured: Measured) -> Finding:
        if measured.facts is None and check_facts is not None:
            facts = tuple(check_facts(measured.x, not want))
            text = "; ".join(f for f, _ in facts)
            measured = attrs.evolve(measured, value=text, measured=text, facts=facts)
        if where_facts is not None and not isinstance(measured.x, Group):
            measured = attrs.evolve(measured, facts=tuple(where_facts(measured.x, True))
                                    + (measured.facts or ()))  # fmt: skip
        return place(cr, measured, data, template)

    return place_one


def _texts(cr: CompiledRule, measured: Measured) -> tuple[str, str]:
    """The measured value and the limit in words. A `measure` check leaves them to here, so
    only breaches that are reported pay for rendering."""
    if measured.measured is not None and measured.limit_text is not None:
        return measured.measured, measured.limit_text
    word = "at most" if cr.check[3] == "most" else "at least"
    return (render(measured.value, cr.value_type),
            f"{word} {render(measured.limit, cr.limit_type)}")  # fmt: skip


def place(cr: CompiledRule, measured: Measured, data: Dataset,
          template: tuple[Any, ...]) -> Finding:  # fmt: skip
    """Attach subject, period, location, evidence and the sentence to a measurement."""
    x = measured.x
    rule = cr.rule
    evidence_records = sorted(measured.evidence, key=lambda r: (r.file, r.line))
    evidence = tuple(
        Evidence(r.file, r.line, m.KIND_BY_CLASS[type(r)].name, m.record_label(r))
        for r in evidence_records
    )
    period = measured.period
    if isinstance(x, Group):
        assert cr.keys is not None
        subject_key = next((k for k in cr.keys if k.type.name == "staff"), None) or next(
            (k for k in cr.keys if not k.calendar), None
        )
        subject = render(x.keys[subject_key.index]) if subject_key is not None else rule.id
        if period is None:
            cal = next((k for k in cr.keys if k.calendar), None)
            if cal is not None:
                period = _period_of_key(cal.calendar, x.keys[cal.index])
    else:
        subject = str(getattr(x, cr.kind.subject))
        if period is None:
            period = _period_of_record(cr.kind, x)
    fact_lines = [line for _, line in measured.facts or () if line is not None]
    field_lines = dict(getattr(x, "field_lines", ()))
    fact_lines += [field_lines[f] for f in cr.focus if f in field_lines][:1]
    first = evidence_records[0]
    if fact_lines:
        file, line = first.file, min(fact_lines)
    else:
        file, line = first.file, first.line
    facts = tuple(text for text, _ in measured.facts or ())
    message = _sentence(cr, measured, template, subject, period, evidence)
    if measured.note:
        message = f"{message} {measured.note}"
    measured_text, limit_text = _texts(cr, measured)
    return Finding(
        rule=rule.id, clause=rule.clause, severity=rule.severity, subject=subject,
        period=period, file=file, line=line, measured=measured_text,
        limit=limit_text, value=measured.value, limit_value=measured.limit,
        evidence=evidence, facts=facts, message=message, unit=data.units.get(file, ""),
    )  # fmt: skip


def _sentence(cr: CompiledRule, measured: Measured, template: tuple[Any, ...], subject: str,
              period: Period | None, evidence: tuple[Evidence, ...]) -> str:  # fmt: skip
    rule = cr.rule
    if not template:
        what = rule.title or rule.id
        when = f" ({period.describe()})" if period else ""
        measured_text, limit_text = _texts(cr, measured)
        return f"{subject}{when}: {what}: measured {measured_text}, {limit_text}."
    facts = Facts(
        x=measured.x, value=measured.value, limit=measured.limit,
        start=period.start if period else None, end=period.end if period else None,
        period=period.describe() if period else "", evidence=", ".join(e.label for e in evidence),
        clause=rule.clause, rule=rule.id,
    )  # fmt: skip
    out = []
    for part in template:
        if isinstance(part, str):
            out.append(part)
            continue
        fn, type_ = part
        try:
            value = fn(facts)
        except UnsetParam:
            value = None
        out.append(render(value, type_))
    return "".join(out)


def check_names(rules: Iterable[CompiledRule]) -> None:
    """Rule ids are unique within one policy (a base's rules may be replaced by id)."""
    seen: dict[str, n.Rule] = {}
    for cr in rules:
        if cr.id in seen:
            first = seen[cr.id]
            raise PolicyError(f"rule id '{cr.id}' is used twice (first at line {first.pos.line})",
                              file=cr.rule.pos.file, line=cr.rule.pos.line,
                              column=cr.rule.pos.column)  # fmt: skip
        seen[cr.id] = cr.rule


__all__ = ["CALENDAR", "CompiledRule", "Group", "compile_rule", "placer", "run_rule"]
