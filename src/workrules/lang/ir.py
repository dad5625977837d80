"""The typed intermediate form: what a rule checks, with every name resolved and typed.

`typecheck` writes it from the AST; engines (`workrules.engine`) read it, and nothing else
does. It says *what* is computed (fields, parameters, keys, aggregates, comparisons), never
how: the Python engine turns it into generated functions, and a columnar engine can turn the
same tree into a query plan. Every class is a NamedTuple: frozen, and about ten times
cheaper to create at import than an attrs class (the pre-commit path imports this module).
Compare nodes by identity or by type and fields, never with `==` alone: a NamedTuple equals
any tuple with the same items.

Expressions are evaluated over one record, one group (a rule with `per`: the records that
share its keys) or, in a rule's `say` sentence, one finding. Every expression carries its
`FieldType`. A missing value is None and stays None through arithmetic and comparisons (a
comparison with a missing side is false).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from .. import datamodel as dm
from .. import model as m

if TYPE_CHECKING:
    from typing import NamedTuple

    from ..findings import Severity
    from ..textpattern import TextMatcher
    from . import nodes as n  # the IR names AST classes in annotations only
else:
    from ..named_tuple import NamedTuple

T = TypeVar("T")
CALENDAR = ("day", "week", "month")  # the calendar keys of `per`

# ---------------------------------------------------------------------------------------------
# Expressions


class Const(NamedTuple):
    """A value written in the policy: a number, a date, a word, a ratio or a set of values."""

    type: m.FieldType
    value: Any


class Param(NamedTuple):
    """A parameter with one value (None while it is unset)."""

    type: m.FieldType
    name: str


class Field(NamedTuple):
    """A field of the record."""

    type: m.FieldType
    name: str


class Key(NamedTuple):
    """The value of a group's `per` key, by position."""

    type: m.FieldType
    position: int


class Calendar(NamedTuple):
    """The record's day, or the first day of its week (a Monday) or month. The day is the
    first of `fields` (the kind's date fields) that is given."""

    type: m.FieldType
    unit: str  # day | week | month
    fields: tuple[str, ...]


class Attr(NamedTuple):
    """A field of what `base` names: a staff member (looked up in the staff list by id; a
    list of ids gives the list of their fields) or a nested record."""

    type: m.FieldType
    base: Expr
    name: str
    staff: bool


class Lookup(NamedTuple):
    """A keyed parameter's value for a key: `cap[grade]`. A key with no entry goes up its
    grade families; a list of keys takes the tightest value that is set."""

    type: m.FieldType
    name: str
    key: Expr


class Count(NamedTuple):
    """How many records the group holds."""

    type: m.FieldType


class MostAtOnce(NamedTuple):
    """The most of the group's records held on any one day, by the kind's span fields: a
    record is held from the first up to (not on) the second, and with more (`until FIELD
    or ...`), up to (not on) the earliest of those it gives."""

    type: m.FieldType
    spans: tuple[str | tuple[str, str], ...]  # after two, each `until`; REF.FIELD: (REF, FIELD)


class Aggregate(NamedTuple):
    """`sum of`, `max of`, `min of` or `latest of` an expression over the group's records.
    Missing values are left out; the sum of none is 0, the others None. `latest` takes the
    value of the latest-dated record that gives one (see `order_of`)."""

    type: m.FieldType
    fn: str  # sum | max | min | latest
    arg: Expr  # over one record
    fields: tuple[str, ...] = ()  # latest: the kind's date fields


class NumberOf(NamedTuple):
    """How many items a list holds."""

    type: m.FieldType
    arg: Expr


class NumberIn(NamedTuple):
    """`number in text gives NAME`: the largest number the phrases the text pattern finds in
    the text state (`TextMatcher.number`), or None."""

    type: m.FieldType
    pattern: str
    matcher: TextMatcher
    arg: Expr


class Those(NamedTuple):
    """`(L where COND)`: the staff ids of the list `arg` whose staff record meets `cond` (a
    condition over one staff record), in order. Where no staff member of the run's meets it
    (an export that does not say what it reads), every id of the list."""

    type: m.FieldType  # the list's
    arg: Expr
    cond: Expr  # over one staff record
    text: str  # the condition as written, for the notice of those not kept


class Counted(NamedTuple):
    """In a sentence, a number with its noun, singular for exactly one (`render.counted`)."""

    type: m.FieldType  # text
    arg: Expr
    singular: str
    plural: str


class Arith(NamedTuple):
    """`+ - * /`; None when a side is missing or a divisor is 0."""

    type: m.FieldType
    op: str
    left: Expr
    right: Expr


class Shift(NamedTuple):
    """A date moved by a whole number of days (`week + 6 days`, `opened - 1 week`); None when
    the date is missing."""

    type: m.FieldType
    arg: Expr
    days: int  # negative: back


class Compare(NamedTuple):
    """`= != < <= > >=`, `in`/`not-in` (a set or list), `within`/`overlaps` (two lists)."""

    type: m.FieldType
    op: str
    left: Expr
    right: Expr


class IsSet(NamedTuple):
    type: m.FieldType
    arg: Expr
    negated: bool


class TextMatch(NamedTuple):
    """`mentions "words"` (the words in order, any case) or `matches /regex/` (RE2)."""

    type: m.FieldType
    how: str  # mentions | matches
    pattern: str
    arg: Expr


class Gives(NamedTuple):
    """`text gives NAME`: the policy's text pattern finds a sentence of the text."""

    type: m.FieldType
    pattern: str
    matcher: TextMatcher
    arg: Expr


class Not(NamedTuple):
    type: m.FieldType
    arg: Expr


class BoolOp(NamedTuple):
    type: m.FieldType
    op: str  # and | or
    args: tuple[Expr, ...]


class KnownGrade(NamedTuple):
    """Added to a rule's `where` (`known_grades_only`), never written: the grade `arg` is
    not one the run found neither known nor declared (`Env.unknown_grades`), or is missing.
    A record whose grade a comparison with the policy's grades reads is not judged when
    that grade is unknown, as its rule's notice says ("not applied for unknown grades")."""

    type: m.FieldType  # yes or no
    arg: Expr


class Otherwise(NamedTuple):
    """The first value, or the second where the first is missing."""

    type: m.FieldType
    first: Expr
    second: Expr


class Today(NamedTuple):
    """`today` in a condition: the run's day (`--today`, else the date), the day a record no
    day dates is judged on (an SFO review is open, or not, as the tracker stands today)."""

    type: m.FieldType  # a date


class Builtin(NamedTuple):
    """In a `say` sentence: one of the finding's facts (value, limit, start, period...)."""

    type: m.FieldType
    name: str


# ---------------------------------------------------------------------------------------------
# Units, regions and aggregates over a group's members (issue 12)


class Place(NamedTuple):
    """The record's unit (or region): its own `unit` field where its kind has one, else that
    of the staff member it is about (the person's own field, else the unit of the file that
    lists them), else the unit of the record's file."""

    type: m.FieldType
    what: str  # unit | region
    own: bool  # the kind has a field of that name
    person: str  # "self" (a staff record), a staff field of the record, or "" for none


class Mean(NamedTuple):
    """The mean of an expression over the group's records that give it; None for none. With
    `member` (`mean of percent by staff`): the mean, over the different values of `member`
    (the members), of each member's mean over its records, so that a member with more
    records counts no more than one with fewer."""

    type: m.FieldType
    arg: Expr
    member: Expr | None = None


class Distinct(NamedTuple):
    """`count of X`: how many different values X takes over the group's records."""

    type: m.FieldType
    arg: Expr


class Share(NamedTuple):
    """`share of X where COND` (a percentage; None for a group with no member) or `how many
    of X where COND`: of the different values of X (the members), those with a record of the
    group for which COND holds."""

    type: m.FieldType
    member: Expr
    cond: Expr
    percent: bool  # share: the percentage; how many: the number


class Match(NamedTuple):
    """How another kind's record is matched to one `per` key of the group: `eq` (its own
    value of the key: `get`), `any` (it has no such value: every group), `in_post` (a
    staff record matches a period it was in post for some of), or `in_post_today` (not a
    key's: in a group with no period, a staff record matches if in post on the run's day)."""

    how: str
    get: Expr | None
    calendar: str = ""


class Among(NamedTuple):
    """An aggregate (`agg`, over a group) taken over the records of another kind that match
    this group's keys, and meet `where`, instead of the group's own records (with `same`, only
    those whose field `same` has a value one of the group's records gives, or any value when
    one of them gives none); None (not given) when no record matches."""

    type: m.FieldType
    kind: str
    agg: Expr
    matches: tuple[Match, ...]
    where: Expr | None
    same: str | None = None  # `with the same FIELD`: a value of it the group's records give


Expr = (Const | Param | Field | Key | Calendar | Attr | Lookup | Count | MostAtOnce | Aggregate
        | NumberOf | NumberIn | Arith | Shift | Compare | IsSet | TextMatch | Gives | Not | BoolOp
        | KnownGrade | Otherwise | Today | Builtin | Place | Mean | Distinct | Share | Among
        | Counted | Those)  # fmt: skip


EXPRS: frozenset[type] = frozenset({
    Const, Param, Field, Key, Calendar, Attr, Lookup, Count, MostAtOnce, Aggregate, NumberOf,
    NumberIn, Arith, Shift, Compare, IsSet, TextMatch, Gives, Not, BoolOp, KnownGrade,
    Otherwise, Today, Builtin, Place, Mean, Distinct, Share, Among, Counted, Those,
})  # fmt: skip


def is_node(x: Any) -> bool:
    """Whether `x` is an expression of this form."""
    return type(x) in EXPRS


def children(e: Any) -> Iterator[Any]:
    """The sub-expressions of `e`, in order."""
    if type(e) is Among:
        yield e.agg
        if e.where is not None:
            yield e.where
        return
    for value in e:
        for item in (value,) if is_node(value) or not isinstance(value, tuple) else value:
            if is_node(item):
                yield item


def walk(e: Any) -> Iterator[Any]:
    """`e` and every expression under it, depth first."""
    yield e
    for c in children(e):
        yield from walk(c)


def params_of(*exprs: Any) -> frozenset[str]:
    """The parameters the expressions read."""
    return frozenset(x.name for e in exprs if e is not None for x in walk(e)
                     if isinstance(x, (Param, Lookup)))  # fmt: skip


def is_const(e: Expr) -> bool:
    """The same value for every record (a literal or a parameter)."""
    return isinstance(e, (Const, Param))


# ---------------------------------------------------------------------------------------------
# Explanations: which parts of a condition held, with their values


class Explain(NamedTuple):
    """A condition taken apart, so that a finding can say which parts held.

    `how` is and | or | not | otherwise (over `children`) or atom (`fact`)."""

    how: str
    children: tuple[Explain, ...]
    cond: Expr
    fact: Fact | None = None
    given: Expr | None = None  # otherwise: is the first alternative given?


class Fact(NamedTuple):
    """How one atom of a condition is put in words, in the engine-neutral terms of the
    AST's text: `kind` is text | gives | set | compare | path | other."""

    kind: str
    text: str  # the atom as written
    args: tuple[Expr, ...] = ()  # text, gives, set, path: the argument; compare: both sides
    words: tuple[str, ...] = ()  # the parts of the sentence (see the Python engine)


# ---------------------------------------------------------------------------------------------
# Checks: one class per kind


class GroupKey(NamedTuple):
    """One `per` key: how it is bound and what it is."""

    alias: str
    position: int
    type: m.FieldType
    calendar: str  # day | week | month, or "" for a field
    get: Expr  # over one record; a list (explode) puts the record in one group per item
    explode: bool


class Measure(NamedTuple):
    """`measure VALUE at most|at least LIMIT`, over each record or group."""

    value: Expr
    limit: Expr
    op: str  # most | least


class AtOnce(NamedTuple):
    """`measure most at once at most LIMIT`: the first day most of a group's records were
    held together, and those records."""

    limit: Expr
    op: str
    spans: tuple[str | tuple[str, str], ...]  # as `MostAtOnce.spans`


class Repaid(NamedTuple):
    """`measure OWED repaid by PAID [up to LATE later] at most LIMIT`: each person's records
    in date order; what a record repays goes to the oldest debt still owed that is at most
    LATE days older. What is still owed once its time has passed is measured."""

    owed: Expr
    limit: Expr
    op: str
    paid: Expr
    late: Expr | None


class Require(NamedTuple):
    """`require COND` or `forbid COND` (`forbid`: the condition must not hold)."""

    cond: Expr
    explain: Explain
    forbid: bool


class Ratio(NamedTuple):
    """`ratio LEFT to RIGHT at most A:B or C:D`: any one alternative suffices."""

    left: Expr
    right: Expr
    limits: tuple[Expr, ...]
    left_text: str
    right_text: str


class Spell(NamedTuple):
    """`spell COND lasting at most LIMIT [holding at most DAYS]`: runs of one person's
    consecutive readings for which COND holds."""

    cond: Expr  # over one record
    limit: Expr  # over the group
    op: str
    holding: Expr | None


class Absent(NamedTuple):
    """`require some KIND [by FIELD]` in a rule `for each staff` with `per day|week|month`:
    each person in post throughout a period, from the first to the last period in which the
    data has any record of the kind, with no such record naming them (`link`) in it."""

    kind: m.Kind
    link: str
    calendar: str  # day | week | month


Check = Measure | AtOnce | Repaid | Require | Ratio | Spell | Absent


class RuleHead(NamedTuple):
    """What a run reads of a rule as written, besides its IR: the words of its findings and
    notices, and where it is. `effective` is its `from` as written ("" for none); `grades`
    are where the grades it judges by stand ("staff", "job_description"), for the notice
    about holders of unknown grades."""

    id: str
    clause: str
    title: str
    why: str
    severity: Severity
    effective: str
    file: str
    line: int
    grades: tuple[str, ...] = ()


class AstRule:
    """A rule's AST, given, or fetched (decoded or parsed) the first time a tool asks for it:
    a policy loaded from the cache of its type-checked form holds no AST (see `policy.py`)."""

    __slots__ = ("_fetch", "_rule", "kept")

    def __init__(self, rule: n.Rule | None = None,
                 fetch: Callable[[], n.Rule] | None = None) -> None:  # fmt: skip
        self._rule, self._fetch = rule, fetch
        # what the engines work out once per rule (`worked_out`), by (what, id(rule)): the
        # rule held, so its id is not another's while the entry lasts
        self.kept: dict[tuple[str, int], tuple[Rule, Any]] = {}

    def get(self) -> n.Rule:
        if self._rule is None:
            assert self._fetch is not None
            self._rule = self._fetch()
        return self._rule

    def __repr__(self) -> str:
        return "AstRule(...)"


_KEPT_PER_RULE = 16  # entries on one rule's `AstRule`: its copies (`with_values`) share it
_KEPT_LOCK = threading.Lock()


def worked_out(rule: Rule, what: str, work: Callable[[Rule], T]) -> T:
    """`work(rule)`, done once for each rule and kept with it, on its `ast`: they go when the
    rule and the copies `_replace` made of it go (a module's dict keyed by `id(rule)` kept every
    rule a service ever loaded: 0.5 MB a check, a first hour, round 50). `what` names the work.
    A rule built without an `ast` (by hand, in a test) has it done each time."""
    holder = rule.ast
    if holder is None:
        return work(rule)
    key = (what, id(rule))
    hit = holder.kept.get(key)
    if hit is not None and hit[0] is rule:
        return hit[1]  # type: ignore[no-any-return]
    value = work(rule)
    with _KEPT_LOCK:  # (a library caller may check from several threads)
        holder.kept[key] = (rule, value)
        while len(holder.kept) > _KEPT_PER_RULE:
            del holder.kept[next(iter(holder.kept))]  # the oldest copy's
    return value


class Rule(NamedTuple):
    """One type-checked rule."""

    head: RuleHead  # as written: its id, clause, title, severity, `from`, place
    kind: m.Kind
    keys: tuple[GroupKey, ...] | None
    effective: dt.date | str | None  # `from`: a date, or a date parameter
    where: Expr | None
    where_explain: Explain | None
    check: Check
    value_type: m.FieldType
    limit_type: m.FieldType
    template: tuple[str | Expr, ...]  # the sentence: text, and expressions over a finding
    params: frozenset[str]
    focus: tuple[str, ...] = ()  # fields the check reads: a finding points at their line
    # parameters read when set, whose absence is a meaning, not a cap to be agreed (a spell's
    # `holding at most`: unset, a reading holds until the next one)
    optional_params: frozenset[str] = frozenset()
    ast: AstRule | None = None  # the rule as written (`rule`), for the tools that read it

    @property
    def id(self) -> str:
        return self.head.id

    @property
    def rule(self) -> n.Rule:
        """The rule's AST: its sentence, `let`s, conditions as written (decoded on demand)."""
        assert self.ast is not None
        return self.ast.get()

    def limit_params(self) -> frozenset[str]:
        return self.params


def param_type(decl: n.Param) -> m.FieldType:
    """The type of a parameter's value."""
    return type_named(decl.type)


def type_named(name: str) -> m.FieldType:
    """The type of a parameter's value, by the name its declaration gives it."""
    if name == "date":
        return m.DATE
    if name == "ratio":
        return m.RATIO
    return m.number(name)


# ---------------------------------------------------------------------------------------------
# Declared grades: how a grade declared `like` another compares


class GradeLikes:
    """What the grades declared beyond the vocabulary compare as. `declared` maps each to the
    grade it is declared `like` ("" for none). A declared grade compares as its family, and as
    that family's own family while the family is itself declared, up to the first grade of the
    vocabulary: the vocabulary's families (NQO's PO, the 9h Heads' HEAD_OF_SERVICE) are for
    caps only, since the claim names an NQO where it means one."""

    def __init__(self, declared: Mapping[str, str]) -> None:
        self.declared = {grade: family for grade, family in declared.items() if family}
        self._families = frozenset(self.declared.values())
        self._wider: dict[frozenset[str], frozenset[str]] = {}
        self.consts: dict[tuple[frozenset[Any], m.FieldType], Const] = {}  # one per set

    def __bool__(self) -> bool:
        return bool(self.declared)

    def wider(self, written: frozenset[str]) -> frozenset[str]:
        """`written` and each declared grade whose chain of declarations reaches one of them.
        Each chain is walked once for a set of grades (a config may declare thousands, one
        like the next), and a loop of declarations (a config's) ends."""
        hit = self._wider.get(written)
        if hit is not None:
            return hit
        if self._families.isdisjoint(written):  # no grade is declared like any of them
            self._wider[written] = written
            return written
        reaches = first_on_chains(self.declared, written.__contains__)
        hit = self._wider[written] = written | {g for g, found in reaches.items() if found}
        return hit


def first_on_chains(declared: Mapping[str, str], hit: Callable[[str], bool]
                    ) -> dict[str, str | None]:  # fmt: skip
    """For each grade of `declared` (each grade -> the grade it is declared like, "" for
    none), the first grade up its chain of declarations, itself left out, that `hit` holds
    for; None when the chain ends first (at "" or a grade not declared) or runs round a loop
    (a config's declarations may). Each chain is walked once, whatever its length: a config
    may declare thousands of grades, one like the next."""
    out: dict[str, str | None] = {}
    for start in declared:
        if start in out:
            continue
        path: dict[str, None] = {}  # this walk's grades, in order
        up, found = start, None
        while True:
            path[up] = None
            family = declared.get(up, "")
            if family and hit(family):
                found = family
                break
            if family in out:  # a chain walked before: its first hit is theirs
                found = out[family]
                break
            if family not in declared or family in path:
                break
            up = family
        out.update(dict.fromkeys(path, found))
    return out


# The fields that hold a grade, by kind (nested records included)
_GRADE_FIELDS = frozenset((kind.name, f.name) for kind in (*dm.RECORD_KINDS, dm.REPORT_SUBJECT)
                          for f in kind.fields if f.type == "grade")  # fmt: skip
_REBUILT = frozenset({*EXPRS, Explain, Fact, GroupKey, Match, Measure, AtOnce, Repaid, Require,
                      Ratio, Spell, Absent})  # fmt: skip


def is_grade_field(e: Any, kind: str) -> bool:
    """Whether `e`, over a record of `kind`, is a grade field of the record, of a staff member
    it names or of a nested record: a comparison of it with grades is widened (`widen_grades`).
    A `per` key is none here (`grade_of` reads one through the rule's keys)."""
    return grade_of(e, kind)


class _Widening:
    """`widen_grades` over one rule: each node rebuilt only when something under it changed."""

    def __init__(self, rule: Rule, likes: GradeLikes) -> None:
        self.rule, self.likes = rule, likes

    def is_grade(self, e: Any, kind: str) -> bool:
        """Whether `e`, over a record of `kind`, is a grade (`grade_of`)."""
        return grade_of(e, self.rule.kind.name if type(e) is Key else kind, self.rule.keys)

    def node(self, v: Any, kind: str) -> Any:
        t = type(v)
        if t is tuple:
            items = tuple(self.node(x, kind) for x in v)
            return v if all(a is b for a, b in zip(items, v, strict=True)) else items
        if t not in _REBUILT:
            return v
        # an `among` reads another kind's records, a `(L where COND)` staff records
        inner = v.kind if t is Among else "staff" if t is Those else kind
        fields = [self.node(x, inner) for x in v]
        if not all(a is b for a, b in zip(fields, v, strict=True)):
            v = t(*fields)
        return self.compare(v, kind) if t is Compare else v

    def compare(self, e: Compare, kind: str) -> Compare:
        """`grade = F` as `grade in {F, ...}` and `grade != F` as `grade not in {F, ...}`, with
        the grades declared like F; `in` and `not in` a set likewise."""
        if e.op not in ("=", "!=", "in", "not-in"):
            return e
        left, right = e.left, e.right
        if e.op in ("=", "!=") and type(left) is Const and self.is_grade(right, kind):
            left, right = right, left  # `"PSO" = grade`
        if type(right) is not Const or not self.is_grade(left, kind):
            return e
        if e.op in ("in", "not-in"):
            if not isinstance(right.value, frozenset):
                return e
            written: frozenset[Any] = right.value
            elem = right.type.elem or m.ANY
        else:
            written, elem = frozenset((right.value,)), right.type
        wider = written | self.likes.wider(frozenset(v for v in written if isinstance(v, str)))
        if wider == written:
            return e
        const = self.likes.consts.get((wider, elem))
        if const is None:  # (a set of a config's thousands of grades is sorted once)
            shown = tuple(sorted(str(v) for v in wider))
            kept = m.FieldType("set", elem=msgspec.structs.replace(elem, values=shown))
            const = self.likes.consts[wider, elem] = Const(kept, wider)
        return Compare(e.type, "in" if e.op in ("=", "in") else "not-in", left, const)


# the nodes under which a grade read is another record's (`among`, `share of`, `how many of`,
# an aggregate over a group's records): a comparison there selects records, not the one judged
_OTHER_RECORDS = frozenset({Among, Share, Match, Aggregate, Mean, Distinct, Count, MostAtOnce,
                            Those})  # fmt: skip


def grade_of(e: Any, kind: str, keys: tuple[GroupKey, ...] | None = None) -> bool:
    """Whether `e`, over a record of `kind`, is a grade: a grade field of the record, of a
    staff member it names, of a nested record, or a `per` key that is one of those."""
    if type(e) is Field:
        return (kind, e.name) in _GRADE_FIELDS
    if type(e) is Attr:
        owner = "staff" if e.staff else e.base.type.record
        return (owner, e.name) in _GRADE_FIELDS
    if type(e) is Key:
        return keys is not None and e.position < len(keys) and grade_of(keys[e.position].get,
                                                                        kind)  # fmt: skip
    return False


def graded_by(e: Any, kind: str, keys: tuple[GroupKey, ...] | None = None) -> list[Any]:
    """The grades (each once, in order) that a condition over one record of `kind` compares
    with grades the policy writes (`grade = PSO`, `author.grade not in {PSO, PQiP}`): not
    those of other records it reads (`among`, `share of`), nor a grade compared with another
    field (`grade = line_manager.grade`)."""
    out: list[Any] = []
    stack = [e]
    while stack:
        x = stack.pop()
        if type(x) in _OTHER_RECORDS or not is_node(x):
            continue
        if type(x) is Compare and x.op in ("=", "!=", "in", "not-in"):
            for side, other in ((x.left, x.right), (x.right, x.left)):
                if type(other) is Const and grade_of(side, kind, keys):
                    read = keys[side.position].get if type(side) is Key and keys else side
                    if read not in out:  # (a group's key: the grade its records give)
                        out.append(read)
        stack.extend(reversed(list(children(x))))
    return out


def known_grades_only(where: Expr | None, check: Check, kind: str,
                      keys: tuple[GroupKey, ...] | None) -> Expr | None:
    """`where`, with a record whose grade a comparison of its `where`, `require`, `forbid`
    or `spell` condition reads left out when that grade is unknown (`KnownGrade`): the rule's
    notice says the holders of unknown grades were not judged, and a `require grade in {PSO,
    PQiP}` found a `Band 3` job description in breach beside it (review 31), as `where grade
    not in {PSO, PQiP}` would have judged it. With no such comparison, `where` itself."""
    conds = [where] + ([check.cond] if isinstance(check, (Require, Spell)) else [])
    graded: list[Any] = []
    for cond in conds:
        graded += [g for g in graded_by(cond, kind, keys) if g not in graded]
    if not graded:
        return where
    known = tuple(KnownGrade(m.BOOL, g) for g in graded)
    if where is None:
        return known[0] if len(known) == 1 else BoolOp(m.BOOL, "and", known)
    if type(where) is Const and where.value is False:
        return where  # (`where false`: said as judging no record)
    return BoolOp(m.BOOL, "and", (where, *known))


def widen_grades(rule: Rule, declared: Mapping[str, str] | GradeLikes) -> Rule:
    """`rule` with each comparison of a grade with grades written in the policy widened to
    the grades declared like them (`GradeLikes`): `grade = PSO` holds for a grade declared
    `like PSO`, and `grade != PO` does not hold for one declared `like PO`. Findings still name
    the grade as the data gives it. Both engines run the widened rule, so they judge a declared
    grade alike; with nothing declared like a grade the rule compares, `rule` itself."""
    likes = declared if isinstance(declared, GradeLikes) else GradeLikes(declared)
    if not likes:
        return rule
    w = _Widening(rule, likes)
    kind = rule.kind.name
    parts = {name: w.node(getattr(rule, name), kind)
             for name in ("keys", "where", "where_explain", "check", "template")}
    if all(parts[name] is getattr(rule, name) for name in parts):
        return rule
    return rule._replace(**parts)
