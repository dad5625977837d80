"""The policy AST: frozen attrs classes that know where they were written.

The parser (`parse.py`) builds these from the Lark tree; the checker (`typecheck.py`)
resolves names and types against the data model; the compiler (`compile.py`) turns them into
closures. Nothing here evaluates anything.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs

from .limits import date_problem, number_problem


class _Node:
    """One shared `__repr__` for every node: attrs would generate (and compile) one per class,
    which costs a pre-commit run about 20 ms at import."""

    __slots__ = ()

    def __repr__(self) -> str:
        cls: Any = type(self)
        fields = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in attrs.fields(cls))
        return f"{type(self).__name__}({fields})"




@attrs.frozen(repr=False)
class Pos(_Node):
    """Where a node was written: file, 1-based line and column, and its width on that line."""

    file: str
    line: int
    column: int
    width: int = 1


# ---------------------------------------------------------------------------------------------
# Expressions


@attrs.frozen(repr=False)
class Num(_Node):
    value: float
    dim: str  # percent | hours | days | count | number
    pos: Pos


@attrs.frozen(repr=False)
class DateLit(_Node):
    value: dt.date
    pos: Pos


@attrs.frozen(repr=False)
class RatioLit(_Node):
    left: int
    right: int
    pos: Pos


@attrs.frozen(repr=False)
class Str(_Node):
    value: str
    pos: Pos


@attrs.frozen(repr=False)
class Symbol(_Node):
    """A bare word in a set literal: an enum value or a grade, such as `high` or `PSO`."""

    value: str
    pos: Pos


@attrs.frozen(repr=False)
class BoolLit(_Node):
    value: bool
    pos: Pos


@attrs.frozen(repr=False)
class Path(_Node):
    """A name, or a dotted path through fields: `percent`, `author.grade`, `subject.rosh`."""

    parts: tuple[str, ...]
    pos: Pos


@attrs.frozen(repr=False)
class Lookup(_Node):
    """A keyed parameter looked up by an expression: `span_of_control_max[grade]`."""

    name: str
    key: Expr
    pos: Pos


@attrs.frozen(repr=False)
class SetLit(_Node):
    items: tuple[Expr, ...]
    pos: Pos


@attrs.frozen(repr=False)
class Count(_Node):
    pos: Pos


@attrs.frozen(repr=False)
class Aggregate(_Node):
    fn: str  # sum | max | min
    arg: Expr
    pos: Pos


@attrs.frozen(repr=False)
class NumberOf(_Node):
    """How many items a list holds: `number of supervisors`."""

    arg: Expr
    pos: Pos


@attrs.frozen(repr=False)
class Arith(_Node):
    op: str
    left: Expr
    right: Expr
    pos: Pos


@attrs.frozen(repr=False)
class Compare(_Node):
    op: str  # = != < <= > >= in not-in within overlaps
    left: Expr
    right: Expr
    pos: Pos


@attrs.frozen(repr=False)
class IsSet(_Node):
    arg: Expr
    negated: bool
    pos: Pos


@attrs.frozen(repr=False)
class TextMatch(_Node):
    """`text mentions "line manag"` (case-insensitive words) or `text matches /re/`."""

    arg: Expr
    pattern: str
    how: str  # mentions | matches
    pos: Pos


@attrs.frozen(repr=False)
class Not(_Node):
    arg: Expr
    pos: Pos


@attrs.frozen(repr=False)
class BoolOp(_Node):
    op: str  # and | or
    args: tuple[Expr, ...]
    pos: Pos


@attrs.frozen(repr=False)
class Otherwise(_Node):
    """`a otherwise b`: a, or b where a is not given."""

    first: Expr
    second: Expr
    pos: Pos


Expr = (
    Num | DateLit | RatioLit | Str | Symbol | BoolLit | Path | Lookup | SetLit | Count | Aggregate
    | NumberOf | Arith | Compare | IsSet | TextMatch | Not | BoolOp | Otherwise
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Checks: what a rule measures and against what.


@attrs.frozen(repr=False)
class Bound(_Node):
    op: str  # most | least
    limit: Expr
    pos: Pos


@attrs.frozen(repr=False)
class Measure(_Node):
    value: Expr
    bound: Bound
    pos: Pos


@attrs.frozen(repr=False)
class Require(_Node):
    cond: Expr
    pos: Pos


@attrs.frozen(repr=False)
class Forbid(_Node):
    cond: Expr
    pos: Pos


@attrs.frozen(repr=False)
class RatioCheck(_Node):
    """`ratio supervisors to members at most 1:6 or 2:10`: any one alternative suffices."""

    left: Path
    right: Path
    limits: tuple[RatioLit | Path, ...]
    pos: Pos


@attrs.frozen(repr=False)
class Spell(_Node):
    """`spell percent > 110% lasting at most 7 days`: runs of consecutive readings."""

    cond: Expr
    bound: Bound
    pos: Pos


Check = Measure | Require | Forbid | RatioCheck | Spell


# ---------------------------------------------------------------------------------------------
# Declarations


@attrs.frozen(repr=False)
class GroupKey(_Node):
    path: Path
    alias: str
    pos: Pos


@attrs.frozen(repr=False)
class Let(_Node):
    name: str
    value: Expr
    pos: Pos


@attrs.frozen(repr=False)
class Template(_Node):
    """A `say` sentence: literal text and `{expression}` placeholders, in order."""

    parts: tuple[str | Expr, ...]
    pos: Pos


@attrs.frozen(repr=False)
class Rule(_Node):
    id: str
    pos: Pos
    scope: str
    scope_pos: Pos
    check: Check
    clause: str = ""
    title: str = ""
    why: str = ""
    severity: str = "error"
    effective: dt.date | str | None = None  # a date, or the name of a date parameter
    where: Expr | None = None
    per: tuple[GroupKey, ...] = ()
    lets: tuple[Let, ...] = ()
    say: Template | None = None


@attrs.frozen(repr=False)
class Dated(_Node):
    """One value of a parameter's history, in force from `since` (None: from the start)."""

    value: Expr
    since: dt.date | None
    pos: Pos


@attrs.frozen(repr=False)
class History(_Node):
    """A parameter's dated values, oldest first: `6 from 2025-01-01, 5 from 2025-07-01`."""

    items: tuple[Dated, ...]
    pos: Pos


@attrs.frozen(repr=False)
class Param(_Node):
    name: str
    type: str  # percent | hours | days | count | number | date | ratio
    pos: Pos
    keyed_by: str = ""  # e.g. grade: the parameter holds one value per key
    keys: tuple[str, ...] = ()
    default: Expr | History | None = None
    doc: str = ""


@attrs.frozen(repr=False)
class SetParam(_Node):
    name: str
    key: str | None
    value: Expr | History | None  # None: unset
    pos: Pos


@attrs.frozen(repr=False)
class Waiver(_Node):
    """An agreed exception: findings of `rule` for subjects matching `subject` are waived
    for periods that start on or before `until`."""

    rule: str
    subject: str  # a subject, or a pattern with * and ?
    reason: str
    agreed_by: str
    until: dt.date
    pos: Pos


@attrs.frozen(repr=False)
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
    if number_problem(value * 7) is not None:
        return None
    if unit is None:
        return Num(value, "number", pos)
    return Num(value * 7 if unit.startswith("week") else value, UNIT_DIMS[unit], pos)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


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
    if isinstance(expr, Aggregate):
        return f"{expr.fn} of {_wrap(expr.arg)}"
    if isinstance(expr, NumberOf):
        return f"number of {_wrap(expr.arg)}"
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
    if isinstance(expr, Not):
        return f"not {_wrap(expr.arg)}"
    if isinstance(expr, BoolOp):
        return f" {expr.op} ".join(_wrap(a) for a in expr.args)
    if isinstance(expr, Otherwise):
        return f"{_wrap(expr.first)} otherwise {_wrap(expr.second)}"
    raise TypeError(f"not an expression: {expr!r}")


def _wrap(expr: Expr) -> str:
    text = unparse(expr)
    simple = (Num, DateLit, RatioLit, Str, Symbol, BoolLit, Path, Lookup, SetLit, Count)
    return text if isinstance(expr, simple) else f"({text})"
