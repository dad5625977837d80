"""`workrules fmt`: policy files written out in one canonical layout, comments kept.

The layout is the claim's own (policies/claim-2024.wr): each item starts at the left margin, a
rule's or pattern's or waiver's parts follow on lines indented by four spaces in a fixed order
(a rule: clause, title, why, severity, from, for each, where, per, let, the check, say), texts
are wrapped at 100 columns as adjacent string literals and lists as comma-separated
continuation lines, and one blank line stands between items, except that parameters, `set`
lines, word lists and grades written together stay together.

Comments are kept: a comment on a line of its own goes with the item (or part of a rule) that
follows it, a comment after code with the item or part it ends. Formatting is idempotent and
changes nothing `workrules diff` can see. The parse tree, not the AST, is printed, so every
literal keeps its spelling (`7 days`, a regex, an escape in a string).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any

from lark import Lark, Token, Tree

WIDTH = 100
INDENT = "    "

# Order of a rule's parts in the canonical layout; every check kind shares the slot "check".
RULE_ORDER = ("clause", "replaces", "title", "why", "severity", "effective", "scope", "where",
              "per", "let", "check", "say")
CHECKS = ("measure", "require", "forbid", "ratio_check", "spell", "absent")
WAIVER_ORDER = ("waiver_subject", "waiver_reason", "waiver_agreed", "waiver_until")
PATTERN_ORDER = ("pattern_finds", "pattern_gap", "pattern_stops", "pattern_walls",
                 "pattern_objects", "pattern_ends", "pattern_after", "pattern_before",
                 "pattern_lapses", "pattern_anaphors", "pattern_inside", "pattern_quoted",
                 "pattern_under", "pattern_joins")  # fmt: skip
# Declarations written on consecutive lines stay together (the claim's parameter block, a
# policy line and the `extends` under it).
GROUPS = {"param": "param", "set_param": "set", "words": "words", "grade_decl": "grade",
          "policy_name": "head", "extends": "head"}

_comments: list[Token] = []


@cache
def _comment_parser() -> Lark:
    """The policy grammar with a lexer callback that keeps each comment it skips."""
    from .resources import data_dir

    grammar = data_dir("grammar").joinpath("policy.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual", start="start",
                propagate_positions=True, maybe_placeholders=False,
                lexer_callbacks={"COMMENT": _comments.append})  # fmt: skip


@dataclass
class _Unit:
    """An item, or one part of a rule, pattern or waiver, with the comments attached to it."""

    line: int
    end_line: int
    tree: Any
    leading: list[str] = field(default_factory=list)  # comment lines, "" for a blank line
    trailing: list[str] = field(default_factory=list)


def format_policy(text: str, name: str = "<policy>") -> str:
    """`text`, a policy file, in the canonical layout. Raises PolicyError when it does not parse
    (the same error `workrules check` gives)."""
    from .lang.parse import parse_policy

    parse_policy(text, name)  # every refusal the loader gives, with its line and caret
    _comments.clear()
    tree = _comment_parser().parse(text)
    comments = list(_comments)
    _comments.clear()
    lines = text.split("\n")  # as Lark counts lines: not at a \u2028 in a comment
    items: list[tuple[Tree, _Unit, list[_Unit]]] = []  # type: ignore[type-arg]
    units: list[_Unit] = []
    for item in tree.children:
        assert isinstance(item, Tree)
        head = _Unit(item.meta.line, item.meta.end_line, item)
        parts = [_Unit(p.meta.line, p.meta.end_line, p) for p in item.children
                 if isinstance(p, Tree) and item.data in ("rule", "waiver", "pattern")]
        if parts:  # the head is `rule ID`, `waive ID` or `pattern NAME "doc"`
            docs = [t.line or 0 for t in item.children
                    if isinstance(t, Token) and t.type == "STRING"]
            head.end_line = max([head.line, *docs])
        items.append((item, head, parts))
        units.extend([head, *parts])
    tail: list[str] = []
    _attach(comments, lines, units, tail)
    out: list[str] = []
    previous: Tree | None = None  # type: ignore[type-arg]
    for item, head, parts in items:
        if previous is not None:
            together = (_group(item) == _group(previous) != "" and "" not in head.leading
                        and _blank_free(lines, previous.meta.end_line, item.meta.line))
            if not together:
                out.append("")
        out.extend(_leading(head.leading))
        out.extend(_item(item, head, parts))
        previous = item
    if tail:
        if out:
            out.append("")
        out.extend(_leading(tail))
    return "\n".join(out).strip("\n") + "\n" if out else ""


def _group(item: Tree) -> str:  # type: ignore[type-arg]
    return GROUPS.get(item.data, "")


def _blank_free(lines: list[str], after: int, before: int) -> bool:
    return all(lines[i - 1].strip() for i in range(after + 1, before))


def _attach(comments: list[Token], lines: list[str], units: list[_Unit], tail: list[str]) -> None:
    """Give each comment to a unit: an own-line comment to the unit it stands in or else the
    next one, blank lines between
    comments and before the unit kept (one at most); a trailing comment to its line's unit."""
    for tok in comments:
        line = tok.line or 1
        own = not lines[line - 1][: (tok.column or 1) - 1].strip()
        text = str(tok).rstrip()
        if own:  # inside a unit: before it; else before the next unit
            inside = [u for u in units if u.line < line <= u.end_line]
            after = inside[-1] if inside else next((u for u in units if u.line > line), None)
            block = after.leading if after is not None else tail
            if block and not lines[line - 2].strip():
                block.append("")
            block.append(text)
            if after is not None and not _blank_free(lines, line, after.line):
                block.append("\b")  # a blank line between the block and its unit
        else:
            before = [u for u in units if u.line <= line]
            before[-1].trailing.append(text)
    for unit in (*units, None):
        block = unit.leading if unit is not None else tail
        # A blank-line marker counts only after a block's last comment.
        cleaned = [c for i, c in enumerate(block) if c != "\b" or i == len(block) - 1]
        block[:] = ["" if c == "\b" else c for c in cleaned]


def _leading(block: list[str], indent: str = "") -> list[str]:
    return [indent + c if c else "" for c in block]


def _with_trailing(lines: list[str], unit: _Unit) -> list[str]:
    if unit.trailing:
        lines[-1] += "  " + "  ".join(unit.trailing)
    return lines


# ------------------------------------------------------------------------------- items

def _item(item: Tree, head: _Unit, parts: list[_Unit]) -> list[str]:  # type: ignore[type-arg]
    kind, c = item.data, item.children
    if kind == "rule":
        return _rule(head, parts)
    if kind == "waiver":
        out = _with_trailing([f"waive {c[0]}"], head)
        order = sorted(parts, key=lambda u: WAIVER_ORDER.index(u.tree.data))
        for unit in order:
            out.extend(_leading(unit.leading, INDENT))
            out.extend(_with_trailing(_waiver_part(unit.tree), unit))
        return out
    if kind == "pattern":
        docs = [t for t in c[1:] if isinstance(t, Token)]
        out = [f"pattern {c[0]}"]
        if docs:
            out.extend(_adjacent(INDENT, docs))
        _with_trailing(out, head)
        for unit in sorted(parts, key=lambda u: PATTERN_ORDER.index(u.tree.data)):
            out.extend(_leading(unit.leading, INDENT))
            out.extend(_with_trailing(_pattern_part(unit.tree), unit))
        return out
    return _with_trailing(_declaration(item), head)


def _declaration(item: Tree) -> list[str]:  # type: ignore[type-arg]
    kind, c = item.data, item.children
    if kind == "policy_name":
        return [f"policy {c[0]}" + (f" {c[1]}" if len(c) > 1 else "")]
    if kind == "extends":
        return [f"extends {c[0]}"]
    if kind == "words":
        return _listed(f"words {c[0]} = ", c[1:])
    if kind == "set_param":
        name, *rest = c
        key = ""
        if isinstance(rest[0], Tree) and rest[0].data == "param_key":
            key = f"[{' '.join(str(word) for word in rest[0].children)}]"
            rest = rest[1:]
        value = "unset" if isinstance(rest[0], Tree) and rest[0].data == "unset" else (
            _values(rest[0]))
        return [f"set {name}{key} = {value}"]
    if kind == "leave_out":
        rule, *reason = c
        return [f"leave out {rule}", *(_adjacent(f"{INDENT}because ", reason) if reason else [])]
    if kind == "grade_decl":
        names = [str(t) for t in c if isinstance(t, Token) and t.type == "NAME"]
        like = [t for t in c if isinstance(t, Tree)]
        head = "grade " + ", ".join(names) + (f" like {like[0].children[0]}" if like else "")
        docs = [t for t in c if isinstance(t, Token) and t.type == "STRING"]
        return [head, *(_adjacent(INDENT, docs) if docs else [])]
    assert kind == "param", kind
    name, ptype, *rest = c
    out = f"param {name}: {ptype}"
    lines: list[str] = []
    docs = [t for t in rest if isinstance(t, Token)]
    default = ""
    for part in rest:
        if isinstance(part, Tree) and part.data == "param_default":
            default = " = " + _values(part.children[0])
    for part in rest:
        if isinstance(part, Tree) and part.data == "param_keys":
            keyed, *keys = part.children
            lines = _listed(f"{out} by {keyed} {{", keys, close="}" + default)
    if not lines:
        lines = [out + default]
    return lines + (_adjacent(INDENT, docs) if docs else [])


def _values(tree: Tree) -> str:  # type: ignore[type-arg]
    out = []
    for dated in tree.children:
        literal, *since = dated.children
        out.append(_expr(literal) + (f" from {since[0]}" if since else ""))
    return ", ".join(out)


def _waiver_part(tree: Tree) -> list[str]:  # type: ignore[type-arg]
    word = {"waiver_subject": "for", "waiver_reason": "because", "waiver_agreed": "agreed by",
            "waiver_until": "until"}[tree.data]
    if tree.data == "waiver_until":
        return [f"{INDENT}{word} {tree.children[0]}"]
    return _adjacent(f"{INDENT}{word} ", tree.children)


def _pattern_part(tree: Tree) -> list[str]:  # type: ignore[type-arg]
    kind, c = tree.data, tree.children
    strings = [t for t in c if isinstance(t, Token) and t.type == "STRING"]
    numbers = [str(t) for t in c if isinstance(t, Token) and t.type == "NUMBER"]
    if kind == "pattern_gap":
        return [f"{INDENT}gaps of up to {numbers[0]} words"]
    if kind == "pattern_quoted":
        return [f"{INDENT}unless quoted"]
    if kind == "pattern_under":
        return [f"{INDENT}unless under {c[0]}" + (f" until {c[1]}" if len(c) > 1 else "")]
    if kind in ("pattern_after", "pattern_before"):
        word = kind.removeprefix("pattern_")
        within = f" within {numbers[0]} words"
        past = [t for sub in c if isinstance(sub, Tree) for t in sub.children
                if isinstance(t, Token) and t.type == "STRING"]  # `not past "..."`
        if past:
            return _listed(f"{INDENT}unless {word} ", [*strings, *past],
                           joins={len(strings) - 1: f"{within} not past"})
        return _listed(f"{INDENT}unless {word} ", strings, close=within)
    words = {"pattern_finds": "finds", "pattern_stops": "gaps stop at",
             "pattern_walls": "gaps never cross", "pattern_objects": "objects end at",
             "pattern_ends": "clauses end at", "pattern_lapses": "negations lapse with",
             "pattern_anaphors": "headings stand for",
             "pattern_inside": "unless inside",
             "pattern_joins": "counts add up when joined by"}[kind]
    return _listed(f"{INDENT}{words} ", strings)


# ------------------------------------------------------------------------------- rules

def _rule(head: _Unit, parts: list[_Unit]) -> list[str]:
    out = _with_trailing([f"rule {head.tree.children[0]}"], head)

    def slot(unit: _Unit) -> int:
        kind = "check" if unit.tree.data in CHECKS else unit.tree.data
        return RULE_ORDER.index(kind)

    ordered = sorted(parts, key=slot)  # stable: lets and pers keep their order
    pers = [u for u in ordered if u.tree.data == "per"]
    for unit in ordered:
        kind, c = unit.tree.data, unit.tree.children
        if kind == "per":
            if unit is not pers[0]:
                continue
            for other in pers:
                out.extend(_leading(other.leading, INDENT))
            keys = [k for p in pers for k in p.tree.children]
            line = INDENT + "per " + ", per ".join(_group_key(k) for k in keys)
            out.append(line)
            for other in pers:
                _with_trailing(out, other)
            continue
        out.extend(_leading(unit.leading, INDENT))
        if kind in ("clause", "replaces", "title", "why", "say"):
            # (a title's `{upw_ratio}` is a slot too: never split)
            lines = _adjacent(f"{INDENT}{kind} ", c, template=kind in ("say", "title"))
        elif kind == "severity":
            lines = [f"{INDENT}severity {c[0]}"]
        elif kind == "effective":
            lines = [f"{INDENT}from {c[0]}"]
        elif kind == "scope":
            lines = [f"{INDENT}for each {c[0]}"]
        elif kind == "where":
            lines = _broken(f"{INDENT}where ", c[0])
        elif kind == "let":
            lines = _broken(f"{INDENT}let {c[0]} = ", c[1])
        else:
            lines = [INDENT + _check(unit.tree)]
            if kind in ("require", "forbid"):
                lines = _broken(f"{INDENT}{kind} ", c[0])
        out.extend(_with_trailing(lines, unit))
    return out


def _group_key(tree: Tree) -> str:  # type: ignore[type-arg]
    path, *alias = tree.children
    return _expr(path) + (f" as {alias[0]}" if alias else "")


def _bound(tree: Tree) -> str:  # type: ignore[type-arg]
    word, limit = tree.children
    return f"at {word} {_expr(limit)}"


def _check(tree: Tree) -> str:  # type: ignore[type-arg]
    kind, c = tree.data, tree.children
    if kind == "measure":
        text = f"measure {_expr(c[0])}"
        for part in c[1:]:
            if part.data == "repaid":
                text += f" repaid by {_expr(part.children[0])}"
                if len(part.children) > 1:
                    text += f" up to {_expr(part.children[1])} later"
            else:
                text += " " + _bound(part)
        return text
    if kind == "spell":
        text = f"spell {_expr(c[0])} lasting {_bound(c[1])}"
        if len(c) > 2:
            text += f" holding {_bound(c[2].children[0])}"
        return text
    if kind == "ratio_check":
        left, right, *limits = c
        return (f"ratio {_expr(left)} to {_expr(right)} at most "
                + " or ".join(_expr(limit) for limit in limits))
    if kind == "absent":
        return f"require some {c[0]}" + (f" by {c[1]}" if len(c) > 1 else "")
    return f"{kind} {_expr(c[0])}"  # require, forbid


# ------------------------------------------------------------------------------- expressions

# How tightly each construct binds, and what each operand needs (grammar/policy.lark).
_COMPARISONS = ("compare", "in_", "not_in", "within", "overlaps")
_POSTFIX = {"is_set": "is set", "is_not_set": "is not set"}
_LEVEL = {"otherwise": 0, "or_": 1, "and_": 2, "not_": 3, **dict.fromkeys(_COMPARISONS, 4),
          **dict.fromkeys(_POSTFIX, 4), "mentions": 4, "matches": 4, "gives": 4}


def _level(tree: Any) -> int:
    if isinstance(tree, Tree) and tree.data == "arith":
        return 5 if str(tree.children[1]) in "+-" else 6
    return _LEVEL.get(tree.data, 7) if isinstance(tree, Tree) else 7


def _at(tree: Any, level: int) -> str:
    text = _expr(tree)
    return text if _level(tree) >= level else f"({text})"


_TALLIES = {"mean_of": "mean", "sum_among": "sum", "count_of": "count", "share_of": "share",
            "how_many": "how many", "mean_by": "mean"}


def _expr(tree: Any) -> str:
    """An expression (a parse tree) as policy text, with only the brackets it needs."""
    if isinstance(tree, Token):
        return _literal(tree)
    kind, c = tree.data, tree.children
    if kind in ("number", "quantity", "date", "ratio", "string", "symbol", "param_ref"):
        return _literal(c[0])
    if kind in ("true", "false"):
        return str(kind)
    if kind == "path":
        return ".".join(str(p) for p in c)
    if kind == "lookup":
        return f"{c[0]}[{_expr(c[1])}]"
    if kind == "set_literal":
        return "{" + ", ".join(_expr(i) for i in c) + "}"
    if kind == "count":
        return "count"
    if kind == "most_at_once":
        return "most at once" + (f" until {' or '.join(_expr(p) for p in c)}" if c else "")
    if kind in ("sum_of", "max_of", "min_of", "latest_of", "number_of"):
        return f"{kind.removesuffix('_of')} of {_at(c[0], 7)}"
    if kind == "number_in":
        return f"number in {_at(c[0], 7)} gives {c[1]}"
    if kind in _TALLIES:
        text = f"{_TALLIES[kind]} of {_at(c[0], 7)}"
        by = f" by {_at(c[-1], 7)}" if kind == "mean_by" else ""
        for part in c[1:len(c) - (kind == "mean_by")]:
            if isinstance(part, Tree) and part.data == "among":
                kind_name, *where = part.children
                same = ""
                if where and isinstance(where[0], Tree) and where[0].data == "among_same":
                    same, where = f" with the same {where[0].children[0]}", where[1:]
                text += f" among ({kind_name}{same} where {_expr(where[0])})" if where else (
                    f" among ({kind_name}{same})" if same else f" among {kind_name}")
            else:
                text += f" where {_at(part, 3)}"
        return text + by
    if kind == "arith":
        level = _level(tree)
        return f"{_at(c[0], level)} {c[1]} {_at(c[2], level + 1)}"
    if kind == "compare":
        return f"{_at(c[0], 5)} {c[1]} {_at(c[2], 5)}"
    if kind in ("in_", "not_in", "within", "overlaps"):
        word = {"in_": "in", "not_in": "not in"}.get(kind, kind)
        return f"{_at(c[0], 5)} {word} {_at(c[1], 5)}"
    if kind in _POSTFIX:
        return f"{_at(c[0], 5)} {_POSTFIX[kind]}"
    if kind in ("mentions", "matches", "gives"):
        return f"{_at(c[0], 5)} {kind} {c[1]}"
    if kind == "not_":  # `not (a within b)`: the brackets are not needed, but read better
        return f"not {_at(c[0], 3 if _level(c[0]) == 3 else 5)}"
    if kind in ("or_", "and_"):
        level = _level(tree)
        return f"{_at(c[0], level)} {kind[:-1]} {_at(c[1], level + 1)}"
    if kind == "otherwise":
        return f"{_at(c[0], 1)} otherwise {_at(c[1], 0)}"
    if kind == "those":
        return f"({_expr(c[0])} where {_expr(c[1])})"
    raise ValueError(f"not an expression: {kind}")


def _literal(tok: Token) -> str:
    text = str(tok)
    if tok.type == "QUANTITY":  # `7days`, `7  days` -> `7 days`; `110 %` -> `110%`
        number = text.rstrip("%abcdefghijklmnopqrstuvwxyz").rstrip()
        unit = text[len(number):].strip()
        return number + unit if unit == "%" else f"{number} {unit}"
    return text


def _operands(tree: Any, kind: str) -> Iterator[Any]:
    """The operands of a chain of `or` (or `and`), left to right."""
    if isinstance(tree, Tree) and tree.data == kind:
        yield from _operands(tree.children[0], kind)
        yield tree.children[1]
    else:
        yield tree


def _broken(prefix: str, tree: Any) -> list[str]:
    """`prefix` and the expression, broken before each top-level `or` (or `and`) when it does
    not fit, and a set written last in a line wrapped inside its braces."""
    text = prefix + _expr(tree)
    if len(text) <= WIDTH:
        return [text]
    kind = tree.data if isinstance(tree, Tree) else ""
    if kind == "otherwise":  # `A` on the first line, `otherwise B` (itself broken) below it
        cont = " " * (len(prefix) - len(prefix.lstrip()) + 4) + "otherwise "
        first, rest = tree.children
        return [*_set_wrapped(prefix, first, 1), *_broken(cont, rest)]
    if kind not in ("or_", "and_"):
        return _set_wrapped(prefix, tree)
    word = kind[:-1]
    level = _level(tree)
    cont = " " * (len(prefix) - len(prefix.lstrip()) + 4) + word + " "
    out: list[str] = []
    for i, operand in enumerate(_operands(tree, kind)):
        out.extend(_set_wrapped(prefix if i == 0 else cont, operand, level + (i > 0)))
    return out


def _set_wrapped(prefix: str, tree: Any, level: int = 0) -> list[str]:
    text = prefix + _at(tree, level)
    if len(text) > WIDTH and isinstance(tree, Tree) and tree.data in _TALLIES and (
            _level(tree) >= level):  # `sum of X` on the first line, `among (...)` below it
        full = _expr(tree)
        cut = full.find(" among ")
        if cut > 0:
            cont = " " * (len(prefix) - len(prefix.lstrip()) + 4)
            return [prefix + full[:cut], cont + full[cut + 1:]]
    last = tree.children[-1] if isinstance(tree, Tree) and tree.children else None
    if (len(text) <= WIDTH or _level(tree) < level or not isinstance(last, Tree)
            or last.data != "set_literal" or not text.endswith("}")):
        return [text]
    start = text[: len(text) - len(_expr(last))]
    return _listed(start + "{", last.children, close="}")


def _listed(prefix: str, items: list[Any], close: str = "",
            joins: dict[int, str] | None = None) -> list[str]:  # fmt: skip
    """`prefix` then the items separated by commas (or, after item `i`, by `joins[i]`: the
    words between two lists), continuation lines lined up under the first item: broken where
    the source broke them when every line then fits in WIDTH, else filled."""
    texts = [_expr(i) for i in items]
    last = len(texts) - 1
    joins = joins or {}
    pieces = [t + (joins.get(i, ",") if i < last else close) for i, t in enumerate(texts)]
    pad = " " * len(prefix)
    kept: list[str] = []
    for i, piece in enumerate(pieces):
        if i and _line_of(items[i]) == _line_of(items[i - 1]):
            kept[-1] += " " + piece
        else:
            kept.append((pad if kept else prefix) + piece)
    if all(len(line) <= WIDTH for line in kept):
        return kept
    lines = [prefix]
    for piece in pieces:
        line = lines[-1]
        fresh = line in (prefix, pad)
        if fresh or len(line) + 1 + len(piece) <= WIDTH:
            lines[-1] = line + ("" if fresh else " ") + piece
        else:
            lines.append(pad + piece)
    return lines


def _line_of(item: Any) -> int | None:
    if isinstance(item, Token):
        return item.line
    return getattr(getattr(item, "meta", None), "line", None) if isinstance(item, Tree) else None


def _adjacent(prefix: str, tokens: list[Any], template: bool = False) -> list[str]:
    """Adjacent string literals (one text) rewrapped at WIDTH: each piece ends after a space,
    never inside an escape or (in a `say` template) inside a `{...}` placeholder."""
    pad = " " * len(prefix)
    kept = [(prefix if i == 0 else pad) + str(t) for i, t in enumerate(tokens)]
    if all(len(line) <= WIDTH for line in kept) and all(
            a.line != b.line for a, b in pairwise(tokens)):
        return kept
    body = "".join(str(t)[1:-1] for t in tokens)
    words: list[str] = []
    depth, i, start = 0, 0, 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if template and body.startswith(("{{", "}}"), i) and depth == 0:
            i += 2
            continue
        if template and ch in "{}":
            depth += 1 if ch == "{" else -1
        elif ch == " " and depth == 0 and (i + 1 >= len(body) or body[i + 1] != " "):
            words.append(body[start:i + 1])
            start = i + 1
        i += 1
    if start < len(body) or not words:
        words.append(body[start:])
    lines = [prefix + '"']
    for word in words:
        line = lines[-1]
        fresh = line in (prefix + '"', pad + '"')
        if fresh or len(line) + len(word) + 1 <= WIDTH:
            lines[-1] = line + word
        else:
            lines[-1] = line + '"'
            lines.append(pad + '"' + word)
    lines[-1] += '"'
    return lines


# ------------------------------------------------------------------------------- files

@dataclass(frozen=True)
class Formatted:
    """One file given to `workrules fmt`: its text as read and as formatted."""

    path: str  # "-" for standard input
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def format_files(paths: list[str], stdin: str | None = None) -> list[Formatted]:
    """Each policy file formatted (`-` is `stdin`). Every file is read and formatted before any
    is written, so a policy error in one leaves them all as they were. Raises UsageError for a
    file that is not a policy (.wr) and PolicyError for one that does not parse."""
    from .errors import UsageError, WorkrulesError
    from .policy import read_policy_bytes
    from .resources import is_within, repository_root

    done: list[Formatted] = []
    for path in paths:
        if path == "-":
            text = stdin if stdin is not None else ""  # (a byte-order mark: as for a file)
            done.append(Formatted(path, text, format_policy(text.removeprefix("\ufeff"),
                                                            "<stdin>")))  # fmt: skip
            continue
        if not path.endswith(".wr"):
            raise UsageError("workrules fmt formats policy files (*.wr) only", file=path)
        # The hook is given a repository's files: a `.wr` link out of it (to a token file,
        # say) would have its first line quoted in a parse error, or its text written into
        # the repository. A policy is read as `check` reads one: a regular file, bounded.
        root = repository_root(path)
        if not is_within(path, root):
            raise UsageError(f"is a link to a file outside its repository ({root}); name the "
                             "file itself", file=path)  # fmt: skip
        try:
            text = read_policy_bytes(path, path).decode("utf-8")
        except UnicodeDecodeError:
            raise WorkrulesError("cannot read the policy: not UTF-8 text", file=path) from None
        # a byte-order mark (Windows editors write one) is read past and not written back
        done.append(Formatted(path, text, format_policy(text.removeprefix("\ufeff"), path)))
    return done
