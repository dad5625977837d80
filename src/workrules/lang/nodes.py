"""The policy AST: frozen attrs classes that know where they were written.

The parser (`parse.py`) builds these from the Lark tree; the type-check stage
(`lang/typecheck.py`) resolves names and types against the data model and writes the typed IR
(`lang/ir.py`) that engines run. Nothing here evaluates anything.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from typing import TYPE_CHECKING, Any

import attrs

from ..limits import date_problem, decimals_problem, number_problem

if TYPE_CHECKING:
    from typing import NamedTuple

    from ..findings import Severity
else:
    from ..named_tuple import NamedTuple


class _Node:
    """One shared `__repr__`, `__eq__` and `__hash__` for every node: attrs would generate (and
    compile) them for each class, which costs a pre-commit run some 20 ms at import. They
    behave as attrs' own: equal when of the same class with equal fields, hashed by the
    fields."""

    __slots__ = ()

    def __repr__(self) -> str:
        cls: Any = type(self)
        fields = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in attrs.fields(cls))
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return field_values(self) == field_values(other)

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return field_values(self) != field_values(other)

    def __hash__(self) -> int:
        return hash((self.__class__, *field_values(self)))


_GETTERS: dict[type, Any] = {}  # each node class's fields, as one getter giving a tuple


def field_values(node: _Node) -> tuple[Any, ...]:
    """A node's fields, in order."""
    get = _GETTERS.get(node.__class__)
    if get is None:
        cls: Any = node.__class__
        names = [a.name for a in attrs.fields(cls)]
        get = _GETTERS[cls] = (
            operator.attrgetter(*names) if len(names) > 1
            else (lambda x, g=operator.attrgetter(*names): (g(x),)))  # fmt: skip
    return get(node)




@attrs.frozen(repr=False, eq=False)
class Pos(_Node):
    """Where a node was written: file, 1-based line and column, and its width on that line."""

    file: str
    line: int
    column: int
    width: int = 1


# ---------------------------------------------------------------------------------------------
# Expressions


@attrs.frozen(repr=False, eq=False)
class Num(_Node):
    value: float
    dim: str  # percent | hours | days | count | number
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class DateLit(_Node):
    value: dt.date
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class RatioLit(_Node):
    left: int
    right: int
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Str(_Node):
    value: str
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Symbol(_Node):
    """A bare word in a set literal: an enum value or a grade, such as `high` or `PSO`."""

    value: str
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class BoolLit(_Node):
    value: bool
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Path(_Node):
    """A name, or a dotted path through fields: `percent`, `author.grade`, `subject.rosh`."""

    parts: tuple[str, ...]
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Lookup(_Node):
    """A keyed parameter looked up by an expression: `span_of_control_max[grade]`."""

    name: str
    key: Expr
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class SetLit(_Node):
    items: tuple[Expr, ...]
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Count(_Node):
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class MostAtOnce(_Node):
    """`most at once [until FIELD [or FIELD ...]]`: the most records of a group whose date
    ranges cover one same day; with `until`, a record is held no longer than up to (not on)
    its date FIELD, the first of them given."""

    pos: Pos
    until: tuple[Path, ...] = ()


@attrs.frozen(repr=False, eq=False)
class Aggregate(_Node):
    fn: str  # sum | max | min | latest (the value in the group's latest-dated record)
    arg: Expr
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Among(_Node):
    """`among KIND` or `among (KIND where COND)`: the records of another kind that share the
    group's unit, region and period, in place of the group's own records; with `same`
    (`among (staff with the same grade)`), only those whose field `same` has a value one of
    the group's records gives (any value, where one of them gives none)."""

    kind: str
    where: Expr | None
    pos: Pos
    same: str | None = None


@attrs.frozen(repr=False, eq=False)
class Tally(_Node):
    """An aggregate over a group's members: `mean of percent`, `count of staff` (how many
    different values), `share of staff where percent > 110%` (the percentage of them for
    which the condition holds of a record), `how many of staff where ...` (how many of them),
    `sum of cases among unallocated`; each may look `among` another kind's records.
    `mean of percent by staff` (`by`): the mean of each member's mean."""

    fn: str  # mean | count | share | how_many | sum
    arg: Expr
    pos: Pos
    cond: Expr | None = None
    among: Among | None = None
    by: Expr | None = None


@attrs.frozen(repr=False, eq=False)
class Counted(_Node):
    """In a `say` sentence, a number with its noun: `{number of supervisors | supervisor}`
    reads `1 supervisor`, `2 supervisors` (`| person/people` names an irregular plural)."""

    arg: Expr
    singular: str
    plural: str
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class NumberOf(_Node):
    """How many items a list holds: `number of supervisors`."""

    arg: Expr
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Those(_Node):
    """The staff a list names whose own record meets a condition: `(supervisors where grade =
    CP_SUPERVISOR or upw_supervisor in roles)`."""

    arg: Path
    cond: Expr
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class NumberIn(_Node):
    """The largest number the phrases a text pattern finds state: `number in text gives
    span_of_control_stated`."""

    arg: Expr
    pattern: str
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Arith(_Node):
    op: str
    left: Expr
    right: Expr
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Compare(_Node):
    op: str  # = != < <= > >= in not-in within overlaps
    left: Expr
    right: Expr
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class IsSet(_Node):
    arg: Expr
    negated: bool
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class TextMatch(_Node):
    """`text mentions "line manag"` (case-insensitive words) or `text matches /re/`."""

    arg: Expr
    pattern: str
    how: str  # mentions | matches
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Gives(_Node):
    """`text gives line_management`: the policy's text pattern is found in the text."""

    arg: Expr
    pattern: str
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Not(_Node):
    arg: Expr
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class BoolOp(_Node):
    op: str  # and | or
    args: tuple[Expr, ...]
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Otherwise(_Node):
    """`a otherwise b`: a, or b where a is not given."""

    first: Expr
    second: Expr
    pos: Pos


Expr = (
    Num | DateLit | RatioLit | Str | Symbol | BoolLit | Path | Lookup | SetLit | Count | Aggregate
    | MostAtOnce | NumberOf | NumberIn | Arith | Compare | IsSet | TextMatch | Gives | Not | BoolOp
    | Otherwise | Tally | Counted | Those
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Checks: what a rule measures and against what.


@attrs.frozen(repr=False, eq=False)
class Bound(_Node):
    op: str  # most | least
    limit: Expr
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Measure(_Node):
    value: Expr
    bound: Bound
    pos: Pos
    # `repaid by EXPR [up to EXPR later]`: what is measured is owed, and paid back by this
    # record's and the same person's later records (within `late`), oldest debt first
    repaid: Expr | None = None
    late: Expr | None = None


@attrs.frozen(repr=False, eq=False)
class Require(_Node):
    cond: Expr
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Forbid(_Node):
    cond: Expr
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class RatioCheck(_Node):
    """`ratio supervisors to members at most 1:6 or 2:10`: any one alternative suffices."""

    left: Path
    right: Path
    limits: tuple[RatioLit | Path, ...]
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Spell(_Node):
    """`spell percent > 110% lasting at most 7 days`: runs of consecutive readings.
    `holding at most N days` caps how long one reading holds when no other follows it."""

    cond: Expr
    bound: Bound
    pos: Pos
    holding: Bound | None = None


@attrs.frozen(repr=False, eq=False)
class Absent(_Node):
    """`require some wmt [by staff]`: in a rule `for each staff` with one `per week|month|day`,
    each person in post for a whole period with no record of the kind that names them."""

    kind: str
    by: str  # the field of that kind naming the person; "" for its subject
    pos: Pos


Check = Measure | Require | Forbid | RatioCheck | Spell | Absent


# ---------------------------------------------------------------------------------------------
# Declarations


@attrs.frozen(repr=False, eq=False)
class GroupKey(_Node):
    path: Path
    alias: str
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Let(_Node):
    name: str
    value: Expr
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Template(_Node):
    """A `say` sentence: literal text and `{expression}` placeholders, in order."""

    parts: tuple[str | Expr, ...]
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Rule(_Node):
    id: str
    pos: Pos
    scope: str
    scope_pos: Pos
    check: Check
    clause: str = ""
    title: str = ""
    why: str = ""
    severity: Severity = "error"
    effective: dt.date | str | None = None  # a date, or the name of a date parameter
    effective_pos: Pos | None = None  # where `from` is written (a refusal of it points there)
    where: Expr | None = None
    per: tuple[GroupKey, ...] = ()
    lets: tuple[Let, ...] = ()
    say: Template | None = None
    title_pos: Pos | None = None  # where `title` is written (a refusal of a slot in it)
    # `replaces "5a"`: the clause of the rule of the same id it replaces, as the author
    # states it (None: not stated), and where it is written
    replaces: str | None = None
    replaces_pos: Pos | None = None


@attrs.frozen(repr=False, eq=False)
class Dated(_Node):
    """One value of a parameter's history, in force from `since` (None: from the start)."""

    value: Expr
    since: dt.date | None
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class History(_Node):
    """A parameter's dated values, oldest first: `6 from 2025-01-01, 5 from 2025-07-01`."""

    items: tuple[Dated, ...]
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Param(_Node):
    name: str
    type: str  # percent | hours | days | count | number | date | ratio
    pos: Pos
    keyed_by: str = ""  # e.g. grade: the parameter holds one value per key
    keys: tuple[str, ...] = ()
    default: Expr | History | None = None
    doc: str = ""


@attrs.frozen(repr=False, eq=False)
class SetParam(_Node):
    name: str
    key: str | None
    value: Expr | History | None  # None: unset
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class Waiver(_Node):
    """An agreed exception: findings of `rule` for subjects matching `subject` are waived
    for periods that start on or before `until`."""

    rule: str
    subject: str  # a subject, or a pattern with * and ?
    reason: str
    agreed_by: str
    until: dt.date
    pos: Pos


@attrs.frozen(repr=False, eq=False)
class LeaveOut(_Node):
    """`leave out RULE because "..."`: a rule of a policy this one extends, not applied
    under it (`reason`: "" when none is given)."""

    rule: str
    reason: str
    pos: Pos


class WordList(NamedTuple):
    """`words staff = "team", "officers", ...`: a vocabulary text patterns refer to as
    `{staff}`. Each entry is one or more words; `manag*` is any word starting `manag`.
    (A NamedTuple, like `TextPattern`: an attrs class costs the pre-commit path about 0.4 ms
    to build at import.)"""

    name: str
    items: tuple[Str, ...]
    pos: Pos


class TextPattern(NamedTuple):
    """`pattern line_management ...`: what a sentence must say for `text gives NAME`.

    `finds` phrases (with `{list}` slots and `...` gaps of at most `gap` words that stop at
    a `stops` entry and never cross a `walls` entry or a clause end, nor an `objects` entry
    once they have covered a word). A match is cancelled
    by a `before` entry within `before_reach` words before it (`unless after`), by an
    `after` entry within `after_reach` words after it (`unless before`), neither across a
    clause end (`ends`), by lying
    inside an `inside` phrase, or (`unless quoted`) by lying wholly inside quotation marks.
    A negation does not cancel it when its clause, or the clause opening right after it, holds
    a `lapses` entry (`negations lapse with`), an exception made to the negation. In a
    sentence under a heading, an `anaphors` entry (`headings stand for`) is read as the
    heading's words when the sentence as written gives nothing.
    With `unless under NAME`, a sentence in a section whose heading gives the pattern NAME
    (a person specification's criteria) gives nothing."""

    name: str
    pos: Pos
    doc: str = ""
    finds: tuple[Str, ...] = ()
    gap: int = 6
    stops: tuple[Str, ...] = ()
    walls: tuple[Str, ...] = ()
    ends: tuple[Str, ...] = ()
    objects: tuple[Str, ...] = ()  # a gap that has covered a word ends here (`objects end at`)
    before: tuple[Str, ...] = ()
    before_reach: int = 6
    after: tuple[Str, ...] = ()
    after_reach: int = 3
    # `negations lapse with`: phrases that make an exception to a negation ("not normally",
    # "unless directed by the SPO"); in the match's clause, or opening the clause after it, they
    # undo the cancelling by `before` and `after`
    lapses: tuple[Str, ...] = ()
    # `headings stand for`: words read as the heading over their sentence ("these cases")
    anaphors: tuple[Str, ...] = ()
    inside: tuple[Str, ...] = ()
    unless_quoted: bool = False  # `unless quoted`
    under: str = ""  # `unless under NAME`: the pattern a section's heading is read with
    # `unless under NAME until NAME`: a heading inside NAME's section that ends what it covers
    under_until: str = ""
    # `counts add up when joined by`: what joins the counts of one list, for `number in`
    joins: tuple[Str, ...] = ()
    # `unless before ... not past "..."`: phrases the words after a match are not read past
    # for an `after` entry ("domestic abuse, using the information ...": what follows the turn
    # says nothing of the match)
    after_stops: tuple[Str, ...] = ()


@attrs.frozen(repr=False, eq=False)
class GradeDecl(_Node):
    """`grade NAME, ... like FAMILY "doc"`: grades the data may carry beyond the vocabulary."""

    names: tuple[str, ...]
    family: str  # "" when it falls under no family
    doc: str
    pos: Pos

    def source(self) -> str:
        """The declaration written back as policy text."""
        like = f" like {self.family}" if self.family else ""
        doc = ' "' + self.doc.replace('"', '\\"') + '"' if self.doc else ""
        return f"grade {', '.join(self.names)}{like}{doc}"


@attrs.frozen(repr=False, eq=False)
class PolicyFile(_Node):
    """One parsed policy file, before `extends` is followed."""

    file: str
    name: str
    title: str
    extends: tuple[tuple[str, Pos], ...]
    params: tuple[Param, ...]
    sets: tuple[SetParam, ...]
    rules: tuple[Rule, ...]
    waivers: tuple[Waiver, ...] = ()
    grades: tuple[GradeDecl, ...] = ()
    words: tuple[WordList, ...] = ()
    patterns: tuple[TextPattern, ...] = ()
    leave_out: tuple[LeaveOut, ...] = ()


# ---------------------------------------------------------------------------------------------

UNIT_DIMS = {"%": "percent", "h": "hours", "hour": "hours", "hours": "hours", "day": "days",
             "days": "days", "week": "days", "weeks": "days"}  # fmt: skip
_LITERAL = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})|(?P<ratio>([0-9]+):([0-9]+))"
    r"|(?P<num>[0-9]+(?:\.[0-9]+)?)[ \t]*(?P<unit>%|h|hours?|days?|weeks?)?"
)


def parse_literal(text: str, file: str = "--set") -> Num | DateLit | RatioLit | None:
    """A plain literal (`6`, `7.5 h`, `110%`, `2 weeks`, `1:6`, `2025-01-01`) without the
    parser, so that values from a config or `--set` do not cost a Lark import; None when the
    text is anything else (the caller then parses it properly, with its error messages)."""
    match = _LITERAL.fullmatch(text.strip())
    if match is None:
        return None
    pos = Pos(file, 1, 1, max(1, len(text)))
    # Anything out of bounds (limits.py) is left to the parser, which says why.
    if match["date"]:
        try:
            day = dt.date.fromisoformat(match["date"])
        except ValueError:
            return None
        return DateLit(day, pos) if date_problem(day) is None else None
    if match["ratio"]:
        if max(len(match[3]), len(match[4])) > 9:
            return None
        left, right = int(match[3]), int(match[4])
        return RatioLit(left, right, pos) if left else None
    value, unit = float(match["num"]), match["unit"]
    if number_problem(value * 7) is not None or decimals_problem(match["num"]) is not None:
        return None
    if unit is None:
        return Num(value, "number", pos)
    return Num(value * 7 if unit.startswith("week") else value, UNIT_DIMS[unit], pos)


def _num(value: float) -> str:
    """`value` as policy text: exact, as it was written, and never in exponent form (`{:g}`
    wrote 1000000.4 as `1e+06`, and 7.0000001 as 7: attack round 14)."""
    if float(value).is_integer():
        return str(int(value))
    from decimal import Decimal

    return format(Decimal(repr(float(value))), "f")


_UNIT_SUFFIX = {"percent": "%", "hours": " h", "days": " days", "count": "", "number": ""}


def unparse(expr: Expr) -> str:
    """The expression written back as policy text (normalised spacing)."""
    if isinstance(expr, Num):
        return _num(expr.value) + _UNIT_SUFFIX[expr.dim]
    if isinstance(expr, DateLit):
        return expr.value.isoformat()
    if isinstance(expr, RatioLit):
        return f"{expr.left}:{expr.right}"
    if isinstance(expr, Str):
        return '"' + expr.value.replace('"', '\\"') + '"'
    if isinstance(expr, Symbol):
        return expr.value
    if isinstance(expr, BoolLit):
        return "true" if expr.value else "false"
    if isinstance(expr, Path):
        return ".".join(expr.parts)
    if isinstance(expr, Lookup):
        return f"{expr.name}[{unparse(expr.key)}]"
    if isinstance(expr, SetLit):
        return "{" + ", ".join(unparse(i) for i in expr.items) + "}"
    if isinstance(expr, Count):
        return "count"
    if isinstance(expr, MostAtOnce):
        return "most at once" + (
            f" until {' or '.join(unparse(u) for u in expr.until)}" if expr.until else "")
    if isinstance(expr, Aggregate):
        return f"{expr.fn} of {_wrap(expr.arg)}"
    if isinstance(expr, NumberOf):
        return f"number of {_wrap(expr.arg)}"
    if isinstance(expr, Those):
        return f"({unparse(expr.arg)} where {unparse(expr.cond)})"
    if isinstance(expr, NumberIn):
        return f"number in {_wrap(expr.arg)} gives {expr.pattern}"
    if isinstance(expr, Counted):
        return f"{unparse(expr.arg)} | {expr.singular}/{expr.plural}"
    if isinstance(expr, Tally):
        among = ""
        if expr.among is not None:
            same = f" with the same {expr.among.same}" if expr.among.same else ""
            among = f" among {expr.among.kind}" if expr.among.where is None and not same else (
                f" among ({expr.among.kind}{same}" + (
                    f" where {unparse(expr.among.where)})" if expr.among.where else ")"))
        cond = f" where {_wrap(expr.cond)}" if expr.cond is not None else ""
        word = "how many" if expr.fn == "how_many" else expr.fn
        by = f" by {_wrap(expr.by)}" if expr.by is not None else ""
        return f"{word} of {_wrap(expr.arg)}{among}{cond}{by}"
    if isinstance(expr, Arith):
        return f"{_wrap(expr.left)} {expr.op} {_wrap(expr.right)}"
    if isinstance(expr, Compare):
        op = {"not-in": "not in"}.get(expr.op, expr.op)
        return f"{_wrap(expr.left)} {op} {_wrap(expr.right)}"
    if isinstance(expr, IsSet):
        return f"{_wrap(expr.arg)} is {'not ' if expr.negated else ''}set"
    if isinstance(expr, TextMatch):
        if expr.how == "mentions":
            return f'{_wrap(expr.arg)} mentions "{expr.pattern}"'
        pattern = expr.pattern
        flags = "i" if pattern.startswith("(?i)") else ""
        return f"{_wrap(expr.arg)} matches /{pattern.removeprefix('(?i)')}/{flags}"
    if isinstance(expr, Gives):
        return f"{_wrap(expr.arg)} gives {expr.pattern}"
    if isinstance(expr, Not):
        return f"not {_wrap(expr.arg)}"
    if isinstance(expr, BoolOp):
        return f" {expr.op} ".join(_wrap(a) for a in expr.args)
    if isinstance(expr, Otherwise):
        return f"{_wrap(expr.first)} otherwise {_wrap(expr.second)}"
    raise TypeError(f"not an expression: {expr!r}")


def canonical(expr: Expr) -> Expr:
    """The expression with each set's members in one order (by their text), at any depth:
    `{very_high, high}` enforces what `{high, very_high}` does, so a policy diff compares
    this form. Quoted text is left as written, braces in it included."""
    if isinstance(expr, SetLit):
        items = sorted((canonical(i) for i in expr.items), key=unparse)
        return SetLit(tuple(items), expr.pos)
    if not isinstance(expr, _Node):
        return expr
    changed: dict[str, Any] = {}
    for field in attrs.fields(type(expr)):
        value = getattr(expr, field.name)
        if isinstance(value, _Node):
            new: Any = canonical(value)  # type: ignore[arg-type]
        elif isinstance(value, tuple) and any(isinstance(v, _Node) for v in value):
            new = tuple(canonical(v) if isinstance(v, _Node) else v for v in value)  # type: ignore[arg-type]
        else:
            continue
        if new is not value:
            changed[field.name] = new
    return attrs.evolve(expr, **changed) if changed else expr


def _wrap(expr: Expr) -> str:
    text = unparse(expr)
    simple = (Num, DateLit, RatioLit, Str, Symbol, BoolLit, Path, Lookup, SetLit, Count,
              MostAtOnce, Those)
    return text if isinstance(expr, simple) else f"({text})"


def _quoted(items: tuple[Str, ...]) -> str:
    return ", ".join(unparse(i) for i in items)


def unparse_words(decl: WordList) -> str:
    """A word list written back as policy text, on one line."""
    return f"words {decl.name} = {_quoted(decl.items)}"


def unparse_pattern(decl: TextPattern) -> str:
    """A text pattern written back as policy text, its parts in a fixed order, on one line."""
    parts = [f"pattern {decl.name}"]
    if decl.doc:
        parts.append(unparse(Str(decl.doc, decl.pos)))
    parts.append(f"finds {_quoted(decl.finds)}")
    parts.append(f"gaps of up to {decl.gap} words")
    for words, items in (("gaps stop at", decl.stops), ("gaps never cross", decl.walls),
                         ("objects end at", decl.objects),
                         ("clauses end at", decl.ends), ("unless inside", decl.inside)):
        if items:
            parts.append(f"{words} {_quoted(items)}")
    if decl.before:
        parts.append(f"unless after {_quoted(decl.before)} within {decl.before_reach} words")
    if decl.after:
        parts.append(f"unless before {_quoted(decl.after)} within {decl.after_reach} words"
                     + (f" not past {_quoted(decl.after_stops)}" if decl.after_stops else ""))
    if decl.lapses:
        parts.append(f"negations lapse with {_quoted(decl.lapses)}")
    if decl.anaphors:
        parts.append(f"headings stand for {_quoted(decl.anaphors)}")
    if decl.joins:
        parts.append(f"counts add up when joined by {_quoted(decl.joins)}")
    if decl.unless_quoted:
        parts.append("unless quoted")
    if decl.under:
        parts.append(f"unless under {decl.under}"
                     + (f" until {decl.under_until}" if decl.under_until else ""))
    return " ".join(parts)

