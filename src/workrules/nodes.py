"""The policy AST: frozen attrs classes that know where they were written.

The parser (`parse.py`) builds these from the Lark tree; the checker (`typecheck.py`)
resolves names and types against the data model; the compiler (`compile.py`) turns them into
closures. Nothing here evaluates anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Union

import attrs


@attrs.frozen
class Pos:
    """Where a node was written: file, 1-based line and column, and its width on that line."""

    file: str
    line: int
    column: int
    width: int = 1


# ---------------------------------------------------------------------------------------------
# Expressions


@attrs.frozen
class Num:
    value: float
    dim: str  # percent | hours | days | count | number
    pos: Pos


@attrs.frozen
class DateLit:
    value: dt.date
    pos: Pos


@attrs.frozen
class RatioLit:
    left: int
    right: int
    pos: Pos


@attrs.frozen
class Str:
    value: str
    pos: Pos


@attrs.frozen
class Symbol:
    """A bare word in a set literal: an enum value or a grade, such as `high` or `PSO`."""

    value: str
    pos: Pos


@attrs.frozen
class BoolLit:
    value: bool
    pos: Pos


@attrs.frozen
class Path:
    """A name, or a dotted path through fields: `percent`, `author.grade`, `subject.rosh`."""

    parts: tuple[str, ...]
    pos: Pos


@attrs.frozen
class Lookup:
    """A keyed parameter looked up by an expression: `span_of_control_max[grade]`."""

    name: str
    key: Expr
    pos: Pos


@attrs.frozen
class SetLit:
    items: tuple[Expr, ...]
    pos: Pos


@attrs.frozen
class Count:
    pos: Pos


@attrs.frozen
class Aggregate:
    fn: str  # sum | max | min
    arg: Expr
    pos: Pos


@attrs.frozen
class NumberOf:
    """How many items a list holds: `number of supervisors`."""

    arg: Expr
    pos: Pos


@attrs.frozen
class Arith:
    op: str
    left: Expr
    right: Expr
    pos: Pos


@attrs.frozen
class Compare:
    op: str  # = != < <= > >= in not-in within overlaps
    left: Expr
    right: Expr
    pos: Pos


@attrs.frozen
class IsSet:
    arg: Expr
    negated: bool
    pos: Pos


@attrs.frozen
class TextMatch:
    """`text mentions "line manag"` (case-insensitive words) or `text matches /re/`."""

    arg: Expr
    pattern: str
    how: str  # mentions | matches
    pos: Pos


@attrs.frozen
class Not:
    arg: Expr
    pos: Pos


@attrs.frozen
class BoolOp:
    op: str  # and | or
    args: tuple[Expr, ...]
    pos: Pos


@attrs.frozen
class Otherwise:
    """`a otherwise b`: a, or b where a is not given."""

    first: Expr
    second: Expr
    pos: Pos


Expr = Union[
    Num, DateLit, RatioLit, Str, Symbol, BoolLit, Path, Lookup, SetLit, Count, Aggregate,
    NumberOf, Arith, Compare, IsSet, TextMatch, Not, BoolOp, Otherwise,
]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Checks: what a rule measures and against what.


@attrs.frozen
class Bound:
    op: str  # most | least
    limit: Expr
    pos: Pos


@attrs.frozen
class Measure:
    value: Expr
    bound: Bound
    pos: Pos


@attrs.frozen
class Require:
    cond: Expr
    pos: Pos


@attrs.frozen
class Forbid:
    cond: Expr
    pos: Pos


@attrs.frozen
class RatioCheck:
    """`ratio supervisors to members at most 1:6 or 2:10`: any one alternative suffices."""

    left: Path
    right: Path
    limits: tuple[RatioLit | Path, ...]
    pos: Pos


@attrs.frozen
class Spell:
    """`spell percent > 110% lasting at most 7 days`: runs of consecutive readings."""

    cond: Expr
    bound: Bound
    pos: Pos


Check = Union[Measure, Require, Forbid, RatioCheck, Spell]


# ---------------------------------------------------------------------------------------------
# Declarations


@attrs.frozen
class GroupKey:
    path: Path
    alias: str
    pos: Pos


@attrs.frozen
class Let:
    name: str
    value: Expr
    pos: Pos


@attrs.frozen
class Template:
    """A `say` sentence: literal text and `{expression}` placeholders, in order."""

    parts: tuple[str | Expr, ...]
    pos: Pos


@attrs.frozen
class Rule:
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


@attrs.frozen
class Param:
    name: str
    type: str  # percent | hours | days | count | number | date | ratio
    pos: Pos
    keyed_by: str = ""  # e.g. grade: the parameter holds one value per key
    keys: tuple[str, ...] = ()
    default: Expr | None = None
    doc: str = ""


@attrs.frozen
class SetParam:
    name: str
    key: str | None
    value: Expr | None  # None: unset
    pos: Pos


@attrs.frozen
class PolicyFile:
    """One parsed policy file, before `extends` is followed."""

    file: str
    name: str
    title: str
    extends: tuple[tuple[str, Pos], ...]
    params: tuple[Param, ...]
    sets: tuple[SetParam, ...]
    rules: tuple[Rule, ...]


# ---------------------------------------------------------------------------------------------


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
