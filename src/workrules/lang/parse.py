"""Parse policy text into the AST of `nodes.py`.

The Lark parser is built once per process from `grammar/policy.lark`, never from Lark's own
cache: Lark keeps it as a pickle in the shared temporary folder, under a name the same on
every machine, and unpickles it before any check, so a file planted there would run code. A
run that parses no policy (the parsed policy is in workrules' own signed cache, `ast_cache`)
builds no parser at all. Syntax errors become
`PolicyError`s with file, line, column, the offending line and a caret, and a sentence that
says what was expected in words a negotiator can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import attrs
from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from ..errors import PolicyError, closest, did_you_mean, printable, visible
from ..findings import SEVERITIES, waiver_subject_problem
from ..limits import (
    MAX_MENTION_WORDS,
    MAX_POLICY_TOKENS,
    MAX_REGEX_PROGRAM,
    MAX_SAY_PLACEHOLDERS,
    MAX_TEXT_CHARS,
    date_problem,
    decimals_problem,
    number_problem,
)
from ..resources import data_dir
from . import nodes as n

PARAM_TYPES = ("percent", "hours", "days", "count", "number", "date", "ratio")
UNIT_DIMS = n.UNIT_DIMS


# How deeply an expression may nest (`a + b + c` is two levels; `a and b and c` one): far more
# than any rule needs, and well inside the 200 brackets Python's parser takes in the compiled
# rule.
MAX_NESTING = 64
# How large an expression may grow once each `let` is written out where it is used.
MAX_WRITTEN_OUT = 10_000


@cache
def parser() -> Lark:
    grammar = data_dir("grammar").joinpath("policy.lark").read_text(encoding="utf-8")
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        start=["start", "expr"],
        propagate_positions=True,
        maybe_placeholders=False,
        cache=False,  # Lark's cache is an unsigned pickle in the shared temporary folder
    )


_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|.)")


def _unescape(found: re.Match[str]) -> str:
    """One escape: `\\n`, `\\t`, `\\uXXXX` (a character by its code, as in JSON), or `\\`
    before any other character, which stands for that character. `\\u` not followed by four
    hex digits, or naming a character no line of text should hold (a control character such
    as NUL, a bidi control, half of a surrogate pair), is kept as written."""
    code = found[1]
    if len(code) == 5:
        char = chr(int(code[1:], 16))
        return char if printable(char) == char else found[0]
    if code == "u":
        return found[0]
    return {"n": "\n", "t": "\t"}.get(code, code)


def _unquote(token: Token) -> str:
    return _ESCAPE.sub(_unescape, str(token)[1:-1])


class _ToAst(Transformer):  # type: ignore[type-arg]
    """Lark tree -> nodes. Each method receives the children already transformed."""

    def __init__(self, file: str, lines: list[str], line_offset: int = 0, col_offset: int = 0,
                 regex_steps: list[int] | None = None) -> None:  # fmt: skip
        super().__init__()
        self.file = file
        self.lines = lines
        # The steps of RE2's programs the file's regexes have compiled to so far, and the words
        # of its `mentions` phrases (one list, shared with the parsers of its sentences'
        # placeholders): see MAX_REGEX_PROGRAM and MAX_MENTION_WORDS.
        self.regex_steps = regex_steps if regex_steps is not None else [0, 0]
        self.line_offset = line_offset
        self.col_offset = col_offset
        # How deep each node built so far stands over its leaves (and the node, so that its
        # id is not reused while the file is transformed).
        self.depths: dict[int, tuple[Any, int]] = {}

    def _call_userfunc(self, tree: Tree, new_children: Any = None) -> Any:  # type: ignore[type-arg]
        # Bound nesting here, once for every construct: the compiled rule nests a bracket for
        # each level, and Python's parser stops at 200 (a chain of 200 `+` did it).
        result = super()._call_userfunc(tree, new_children)  # type: ignore[no-untyped-call]
        if not attrs.has(type(result)):
            return result
        depths = self.depths
        depth = 1
        for field in attrs.fields(type(result)):
            value = getattr(result, field.name)
            for child in value if isinstance(value, tuple) else (value,):
                if id(child) in depths:
                    depth = max(depth, depths[id(child)][1] + 1)
        depths[id(result)] = (result, depth)
        if depth > MAX_NESTING:
            raise self.error(
                f"this expression is nested more than {MAX_NESTING} levels deep (each operator "
                "is a level); split it with 'let'",
                getattr(result, "pos", None) or tree.meta,
            )
        return result

    def transform(self, tree: Tree) -> Any:  # type: ignore[type-arg]
        """Lark wraps errors raised while building in VisitError: give back our own."""
        try:
            return super().transform(tree)
        except VisitError as err:
            if isinstance(err.orig_exc, PolicyError):
                raise err.orig_exc from None
            raise
        except RecursionError:
            raise self.error("this expression is nested too deeply; split it with 'let'",
                             getattr(tree, "meta", None)) from None  # fmt: skip

    # positions ---------------------------------------------------------------------------
    def pos(self, item: Any) -> n.Pos:
        line = getattr(item, "line", None) or 1
        column = getattr(item, "column", None) or 1
        end_line = getattr(item, "end_line", line)
        end_column = getattr(item, "end_column", column + 1) or column + 1
        width = end_column - column if end_line == line else 1
        col = column + (self.col_offset if line == 1 else 0)
        return n.Pos(self.file, line + self.line_offset, col, max(1, width))

    def refuse_unseen(self, tok: Token) -> None:
        """Refuse a quoted text or regex holding a character that shows as another or not at
        all (`_unseen_character`), at that character's column."""
        text = str(tok)
        if text.isascii():
            return
        found = _unseen_character(text)
        if found is not None:
            at, said = found
            pos = self.pos(tok)
            raise self.error(said, n.Pos(pos.file, pos.line, pos.column + at, 1))

    def error(self, message: str, item: Any) -> PolicyError:
        pos = item if isinstance(item, n.Pos) else self.pos(item)
        src = self.lines[pos.line - 1] if 0 < pos.line <= len(self.lines) else None
        return PolicyError(
            message, file=pos.file, line=pos.line, column=pos.column, source_line=src,
            width=pos.width,
        )

    # literals ------------------------------------------------------------------------------
    def bounded(self, value: float, tok: Token) -> float:
        """`value`, or a refusal at `tok` when it is not finite or out of bounds (limits.py)."""
        problem = number_problem(value)
        digits = re.match(r"[0-9.]+", str(tok))
        if problem is None and digits is not None:
            problem = decimals_problem(digits.group())
        if problem is not None:
            raise self.error(f"{_short(str(tok))} {problem}", tok)
        return value

    def number(self, children: list[Token]) -> n.Num:
        (tok,) = children
        return n.Num(self.bounded(float(tok), tok), "number", self.pos(tok))

    def quantity(self, children: list[Token]) -> n.Num:
        (tok,) = children
        match = re.fullmatch(r"([0-9.]+)\s*(\S+)", str(tok))
        assert match is not None
        value, unit = float(match.group(1)), match.group(2)
        if unit.startswith("week"):
            value *= 7
        return n.Num(self.bounded(value, tok), UNIT_DIMS[unit], self.pos(tok))

    def date(self, children: list[Token]) -> n.DateLit:
        (tok,) = children
        try:
            day = dt.date.fromisoformat(str(tok))
        except ValueError:
            raise self.error(f"{tok} is not a real date", tok) from None
        problem = date_problem(day)
        if problem is not None:
            raise self.error(f"{tok} {problem}", tok)
        return n.DateLit(day, self.pos(tok))

    def ratio(self, children: list[Token]) -> n.RatioLit:
        (tok,) = children
        left, right = (int(self.bounded(float(x), tok)) for x in str(tok).split(":"))
        if left == 0:
            raise self.error("a ratio needs at least 1 on its left side (1:6, 2:10)", tok)
        return n.RatioLit(left, right, self.pos(tok))

    def string(self, children: list[Token]) -> n.Str:
        (tok,) = children
        found = _unseen_in_value(str(tok))
        if found is not None:
            at, said = found
            pos = self.pos(tok)
            raise self.error(said, n.Pos(pos.file, pos.line, pos.column + at, 1))
        return n.Str(_unquote(tok), self.pos(tok))

    def symbol(self, children: list[Token]) -> n.Symbol:
        (tok,) = children
        return n.Symbol(str(tok), self.pos(tok))

    @v_args(meta=True)
    def true(self, meta: Any, children: list[Any]) -> n.BoolLit:
        return n.BoolLit(True, self.pos(meta))

    @v_args(meta=True)
    def false(self, meta: Any, children: list[Any]) -> n.BoolLit:
        return n.BoolLit(False, self.pos(meta))

    # expressions ---------------------------------------------------------------------------
    @v_args(meta=True)
    def path(self, meta: Any, children: list[Token]) -> n.Path:
        return n.Path(tuple(str(c) for c in children), self.pos(meta))

    @v_args(meta=True)
    def lookup(self, meta: Any, children: list[Any]) -> n.Lookup:
        name, key = children
        return n.Lookup(str(name), key, self.pos(name))

    @v_args(meta=True)
    def set_literal(self, meta: Any, children: list[Any]) -> n.SetLit:
        return n.SetLit(tuple(c for c in children if c is not None), self.pos(meta))

    @v_args(meta=True)
    def count(self, meta: Any, children: list[Any]) -> n.Count:
        return n.Count(self.pos(meta))

    def _agg(self, fn: str, meta: Any, children: list[Any]) -> n.Aggregate:
        return n.Aggregate(fn, children[0], self.pos(meta))

    @v_args(meta=True)
    def sum_of(self, meta: Any, children: list[Any]) -> n.Aggregate:
        return self._agg("sum", meta, children)

    @v_args(meta=True)
    def max_of(self, meta: Any, children: list[Any]) -> n.Aggregate:
        return self._agg("max", meta, children)

    @v_args(meta=True)
    def min_of(self, meta: Any, children: list[Any]) -> n.Aggregate:
        return self._agg("min", meta, children)

    @v_args(meta=True)
    def latest_of(self, meta: Any, children: list[Any]) -> n.Aggregate:
        return self._agg("latest", meta, children)

    @v_args(meta=True)
    def most_at_once(self, meta: Any, children: list[Any]) -> n.MostAtOnce:
        # `until FIELD or ...`: the record's own dates that end its span (or its staff
        # member's), the first of them that comes
        return n.MostAtOnce(self.pos(meta), tuple(children))

    def _tally(self, fn: str, meta: Any, children: list[Any]) -> n.Tally:
        among = next((c for c in children[1:] if isinstance(c, n.Among)), None)
        cond = next((c for c in children[1:] if not isinstance(c, n.Among)), None)
        return n.Tally(fn, children[0], self.pos(meta), cond, among)

    @v_args(meta=True)
    def mean_of(self, meta: Any, children: list[Any]) -> n.Tally:
        return self._tally("mean", meta, children)

    @v_args(meta=True)
    def mean_by(self, meta: Any, children: list[Any]) -> n.Tally:
        among = children[1] if len(children) == 3 else None
        return n.Tally("mean", children[0], self.pos(meta), among=among, by=children[-1])

    @v_args(meta=True)
    def sum_among(self, meta: Any, children: list[Any]) -> n.Tally:
        return self._tally("sum", meta, children)

    @v_args(meta=True)
    def count_of(self, meta: Any, children: list[Any]) -> n.Tally:
        return self._tally("count", meta, children)

    @v_args(meta=True)
    def share_of(self, meta: Any, children: list[Any]) -> n.Tally:
        return self._tally("share", meta, children)

    @v_args(meta=True)
    def how_many(self, meta: Any, children: list[Any]) -> n.Tally:
        return self._tally("how_many", meta, children)

    @v_args(meta=True)
    def among(self, meta: Any, children: list[Any]) -> n.Among:
        kind, same = children[0], None
        rest = children[1:]
        if rest and isinstance(rest[0], Token) and rest[0].type == "SAME":
            same, rest = str(rest[0]), rest[1:]
        return n.Among(str(kind), rest[0] if rest else None, self.pos(kind), same)

    def among_same(self, children: list[Any]) -> Token:
        return Token("SAME", str(children[0]))

    @v_args(meta=True)
    def those(self, meta: Any, children: list[Any]) -> n.Those:
        return n.Those(children[0], children[1], self.pos(meta))

    @v_args(meta=True)
    def number_of(self, meta: Any, children: list[Any]) -> n.NumberOf:
        return n.NumberOf(children[0], self.pos(meta))

    def arith(self, children: list[Any]) -> n.Arith:
        left, op, right = children
        return n.Arith(str(op), left, right, self.pos(op))

    def compare(self, children: list[Any]) -> n.Compare:
        left, op, right = children
        return n.Compare(str(op), left, right, self.pos(op))

    def _binary(self, op: str, meta: Any, children: list[Any]) -> n.Compare:
        left, right = children
        return n.Compare(op, left, right, self.pos(meta))

    @v_args(meta=True)
    def in_(self, meta: Any, children: list[Any]) -> n.Compare:
        return self._binary("in", meta, children)

    @v_args(meta=True)
    def not_in(self, meta: Any, children: list[Any]) -> n.Compare:
        return self._binary("not-in", meta, children)

    @v_args(meta=True)
    def within(self, meta: Any, children: list[Any]) -> n.Compare:
        return self._binary("within", meta, children)

    @v_args(meta=True)
    def overlaps(self, meta: Any, children: list[Any]) -> n.Compare:
        return self._binary("overlaps", meta, children)

    @v_args(meta=True)
    def is_set(self, meta: Any, children: list[Any]) -> n.IsSet:
        return n.IsSet(children[0], False, self.pos(meta))

    @v_args(meta=True)
    def is_not_set(self, meta: Any, children: list[Any]) -> n.IsSet:
        return n.IsSet(children[0], True, self.pos(meta))

    @v_args(meta=True)
    def mentions(self, meta: Any, children: list[Any]) -> n.TextMatch:
        arg, tok = children
        self.refuse_unseen(tok)
        words = _unquote(tok)
        self.regex_steps[1] += len(words.split())  # (MAX_MENTION_WORDS)
        if self.regex_steps[1] > MAX_MENTION_WORDS:
            raise self.error(f"the policy's 'mentions' phrases are too long in all: with this "
                             f"one they have {self.regex_steps[1]:,} words, and at most "
                             f"{MAX_MENTION_WORDS:,} are searched for in a policy file (a real "
                             "phrase has a few); write shorter phrases", tok)  # fmt: skip
        return n.TextMatch(arg, words, "mentions", self.pos(meta))

    @v_args(meta=True)
    def matches(self, meta: Any, children: list[Any]) -> n.TextMatch:
        arg, tok = children
        self.refuse_unseen(tok)
        text = str(tok)
        flags = "i" if text.endswith("i") else ""
        body = text[1 : -1 - len(flags)]
        from ..textpattern import regex

        try:
            compiled = regex(("(?i)" if flags else "") + body)
        except ValueError as err:
            raise self.error(f"not a valid pattern: {err}", tok) from None
        self.regex_steps[0] += compiled.compiled.programsize
        if self.regex_steps[0] > MAX_REGEX_PROGRAM:
            raise self.error(f"the policy's patterns are too large in all: with this one they "
                             f"compile to {self.regex_steps[0]:,} steps of RE2's program, and "
                             f"at most {MAX_REGEX_PROGRAM:,} are allowed in a policy file (a "
                             "real one needs a few dozen, and a step can cost 10 ms a search of "
                             "a long text); write fewer or smaller patterns",
                             tok)  # fmt: skip
        return n.TextMatch(arg, ("(?i)" if flags else "") + body, "matches", self.pos(tok))

    @v_args(meta=True)
    def gives(self, meta: Any, children: list[Any]) -> n.Gives:
        arg, tok = children
        return n.Gives(arg, str(tok), self.pos(meta))

    @v_args(meta=True)
    def number_in(self, meta: Any, children: list[Any]) -> n.NumberIn:
        arg, tok = children
        return n.NumberIn(arg, str(tok), self.pos(meta))

    @v_args(meta=True)
    def not_(self, meta: Any, children: list[Any]) -> n.Not:
        return n.Not(children[0], self.pos(meta))

    def _boolop(self, op: str, meta: Any, children: list[Any]) -> n.BoolOp:
        args: list[n.Expr] = []
        for child in children:
            if isinstance(child, n.BoolOp) and child.op == op:
                args.extend(child.args)
            else:
                args.append(child)
        return n.BoolOp(op, tuple(args), self.pos(meta))

    @v_args(meta=True)
    def and_(self, meta: Any, children: list[Any]) -> n.BoolOp:
        return self._boolop("and", meta, children)

    @v_args(meta=True)
    def or_(self, meta: Any, children: list[Any]) -> n.BoolOp:
        return self._boolop("or", meta, children)

    @v_args(meta=True)
    def otherwise(self, meta: Any, children: list[Any]) -> n.Otherwise:
        return n.Otherwise(children[0], children[1], self.pos(meta))

    def param_ref(self, children: list[Token]) -> n.Path:
        (tok,) = children
        return n.Path((str(tok),), self.pos(tok))


def _written_out(
    node: Any, lets: dict[str, n.Let], memo: dict[str, tuple[int, int]], active: set[str]
) -> tuple[int, int]:
    """The size (nodes) and depth of `node` with each let written out where it is used."""
    if isinstance(node, n.Path) and node.parts[0] in lets and node.parts[0] not in active:
        name = node.parts[0]
        if name not in memo:
            active.add(name)  # a let defined by itself is the compiler's to report
            memo[name] = _written_out(lets[name].value, lets, memo, active)
            active.discard(name)
        return memo[name]
    if isinstance(node, (str, n.Pos)) or not attrs.has(type(node)):
        return 0, 0
    size, depth = 1, 0
    for field in attrs.fields(type(node)):
        value = getattr(node, field.name)
        for child in value if isinstance(value, tuple) else (value,):
            if attrs.has(type(child)):
                child_size, child_depth = _written_out(child, lets, memo, active)
                size, depth = size + child_size, max(depth, child_depth)
    return size, depth + 1


def _strings(tokens: list[Token], to_ast: _ToAst) -> str:
    """Texts for readers (a title, a clause, a reason), each one line of printable text, of at
    most MAX_TEXT_CHARS characters in all (refused at the string that goes over)."""
    texts: list[str] = []
    size = 0
    for t in tokens:
        texts.append(_one_line(t, to_ast))
        size += len(texts[-1])
        if size > MAX_TEXT_CHARS:
            raise _too_long(size, t, to_ast)
    return "".join(texts)


def _too_long(size: int, token: Token, to_ast: _ToAst) -> PolicyError:
    return to_ast.error(f"a text in a policy is at most {MAX_TEXT_CHARS:,} characters (it is "
                        "printed in reports, some with each finding; the claim's longest is "
                        f"under 500), and this one has {size:,} with this string",
                        token)  # fmt: skip


def _one_line(token: Token, to_ast: _ToAst) -> str:
    # A title or sentence is printed in reports, logs and documents: a line break (`\n`) or a
    # control character in it could end a line there and start another (a heading, a GitHub
    # workflow command), colour a terminal or reorder the text.
    text = _unquote(token)
    if printable(text) != text:
        bad = next(c for c in text if printable(c) != c)
        raise to_ast.error(
            f"a text in a policy is one line of printable characters; this one holds "
            f"{printable(bad)} (U+{ord(bad):04X})",
            token,
        )
    if not text.isascii() and (at := _unshown_at(str(token))) is not None:
        pos = to_ast.pos(token)
        raise to_ast.error(
            f"a text in a policy holds only characters that show; this one holds "
            f"{_named(at[1])}, which every report, `explain` and `diff` would print "
            f"as if it were not there (a clause '5c' with one inside is not the '5c' that "
            f"`--select 5c` names); delete it",
            n.Pos(pos.file, pos.line, pos.column + at[0], 1))  # fmt: skip
    return text


def _unshown_at(written: str) -> tuple[int, str] | None:
    """Where in a text for readers (a clause, a title, a rule's `why`, a sentence, a reason), as
    written, quotes included, the first character stands that hides or splits what is read
    (`dataset.hiding`: a zero-width space, a word joiner, a soft hyphen, a byte-order mark, a
    filler, a joiner between ASCII letters...), and that character; or None. A clause "5" +
    U+200B + "c" showed as "5c" in every report, `explain`, `rules` and `diff`, where `--select
    5c` named no rule (attack round 33, P1). The text is read as it is decoded, so an escape
    (`"5\\u200bc"`) is found where it is written (the review of session 53, P3); an emoji, or a
    joiner inside a Persian or Sinhala word, is kept (P2)."""
    from ..dataset import hiding

    columns: list[int] = []  # the column, in `written`, each decoded character comes from
    decoded: list[str] = []
    at = 1
    for found in _ESCAPE.finditer(written, 1, len(written) - 1):
        columns += range(at, found.start())
        decoded.append(written[at:found.start()])
        one = _unescape(found)
        columns += [found.start()] * len(one)
        decoded.append(one)
        at = found.end()
    columns += range(at, len(written) - 1)
    decoded.append(written[at:len(written) - 1])
    text = "".join(decoded)
    where = hiding(text)
    return (columns[where[0]], text[where[0]]) if where else None


# What ends a line to an editor, a forge or `str.splitlines`, but not to the grammar (which
# counts line feeds, and ignores a CR before one).
_ODD_LINE_ENDS = {"\r": "a carriage return (CR) with no line feed after it",
                  "\x0b": "a vertical tab", "\x0c": "a form feed",
                  "\x1c": "a file separator", "\x1d": "a group separator",
                  "\x1e": "a record separator", "\x85": "a next-line character (U+0085)",
                  "\u2028": "a line separator (U+2028)",
                  "\u2029": "a paragraph separator (U+2029)"}
_ODD_LINE_END = re.compile("\r(?!\n)|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


# The bidirectional controls: in a comment as anywhere, they reorder what an editor and a
# forge show (the "Trojan Source" attack), so a reviewer reads other code than the checker
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _named(c: str) -> str:
    import unicodedata

    return f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip()


def _unseen_character(text: str, what: str = "a phrase, word or regex",
                      fails: str = "matches no text") -> tuple[int, str] | None:  # fmt: skip
    """The first character of a quoted text or a regex of a policy (as written, quotes
    included) that shows as another or not at all, and the reason, or None. A job
    description's text is read with invisible characters dropped, blanks as spaces, and
    full-width letters, ligatures and look-alike letters read as the Latin letters they show
    (`textpattern`): a phrase, word or regex holding a zero-width space (`"hi\u200bgh"`), a
    no-break space, or a Cyrillic letter for a Latin one (`/h\u0456gh risk/`) matched nothing
    ever again, and `workrules diff` showed the two versions alike (attack round 20). A
    comment, and a title or sentence for readers, may hold any symbol (`m²`, an emoji)."""
    from ..dataset import hidden, lookalike

    for at, c in enumerate(text):
        if c.isascii():
            continue
        if hidden(c) is not None:
            return at, (f"{_named(c)} does not show where it stands, and {what} holding it "
                        f"{fails}; delete it")
        if c.isspace():
            return at, (f"{_named(c)} shows as a space but is not one, and {what} holding it "
                        f"{fails}; write a plain space")
        if c.isalnum():
            like = lookalike(c)
            if like is not None:
                return at, (f"{like[0]}, where {what} holding it {fails} written with "
                            f"'{like[1]}'; write '{like[1]}'")
    return None


def _unseen_in_value(text: str) -> tuple[int, str] | None:
    """`_unseen_character` for a quoted value a rule compares with (`unit = "Tees Valley
    PDU"`), or a blank at its start or end, or two in a row, which no report or diff shows:
    a Cyrillic `e` (U+0435), a no-break space or a trailing space switched a rule's `where` off, and
    it selected no record, in silence (attack round 27, P2). `text` is as written, quotes
    included."""
    from ..dataset import padding

    found = None if text.isascii() else _unseen_character(
        text, "a quoted value", "equals no value")  # fmt: skip
    if found is not None:
        at, said = found
        return at, said.replace("equals no value; write a plain space",
                                "equals no value written with a space; write a plain space")
    body = text[1:-1]
    blank = padding(body) if body.strip() else None
    if blank is None:
        return None
    at = 1 + (len(body) - len(body.lstrip()) - 1 if body[:1].isspace() else
              len(body.rstrip()) if body[-1:].isspace() else
              re.search(r"\s{2,}|[^\S ]", body).start())  # type: ignore[union-attr]
    from ..dataset import unpadded_id

    return at, (f"a quoted value with {blank} equals no value written without it, and no "
                f"report or diff shows it; write \"{unpadded_id(body)}\"")


# A token of a policy, as counted before it is parsed (`MAX_POLICY_TOKENS`): a quoted text, a
# word or a number, or any other sign; comments and blanks are skipped.
_TOKEN = re.compile(r'(#[^\n]*)|"(?:[^"\\\n]|\\.)*"|[A-Za-z0-9_.]+|[^\s#A-Za-z0-9_."]')


class PolicyParser:
    """Parses one policy file's text into a `nodes.PolicyFile`."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        # lines as the grammar counts them, at line feeds only (a CR ends no line of a policy)
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]
        self.to_ast = _ToAst(file, self.lines)
        odd = _ODD_LINE_END.search(text)
        if odd is not None:  # (attack round 14: "# a comment\r    and contact_hours <= 6 h")
            line = text.count("\n", 0, odd.start()) + 1
            what = _ODD_LINE_ENDS[odd.group()] if not text.startswith("\r\n", odd.end()) else (
                "a second carriage return (CR) before a line feed (a file saved twice with "
                "Windows line ends?)")  # fmt: skip
            raise self.to_ast.error(
                f"{what} here ends a line to an editor or a forge's "
                "diff, but not to a policy, where what follows it in a comment would be hidden "
                "from the checker: end lines with a line feed",
                n.Pos(file, line, odd.start() - text.rfind("\n", 0, odd.start()), 1))
        if not text.isascii() and (bidi := _BIDI.search(text)) is not None:
            at = bidi.start()
            line = text.count("\n", 0, at) + 1
            raise self.to_ast.error(
                f"{_named(text[at])} reorders how the text around it shows, so that what a "
                "reviewer reads is not what the checker reads; a policy holds none, comments "
                "too: delete it", n.Pos(file, line, at - text.rfind("\n", 0, at), 1))

    def parse(self) -> n.PolicyFile:
        self._count_tokens()
        tree = self._parse_tree(self.text, "start")
        name, title = "", ""
        extends: list[tuple[str, n.Pos]] = []
        params: list[n.Param] = []
        sets: list[n.SetParam] = []
        rules: list[n.Rule] = []
        waivers: list[n.Waiver] = []
        grades: list[n.GradeDecl] = []
        words: list[n.WordList] = []
        patterns: list[n.TextPattern] = []
        leave_out: list[n.LeaveOut] = []
        for item in tree.children:
            assert isinstance(item, Tree)
            kind = item.data
            c: list[Any] = item.children
            if kind == "policy_name":
                name = str(c[0])
                title = _one_line(c[1], self.to_ast) if len(c) > 1 else ""
            elif kind == "extends":
                extends.append((_unquote(c[0]), self.to_ast.pos(item.meta)))
            elif kind == "param":
                params.append(self._param(item))
            elif kind == "set_param":
                sets.append(self._set(item))
            elif kind == "rule":
                rules.append(self._rule(item))
            elif kind == "waiver":
                waivers.append(self._waiver(item))
            elif kind == "grade_decl":
                grades.append(self._grade(item))
            elif kind == "words":
                words.append(n.WordList(str(c[0]), self._strs(c[1:]),
                                        self.to_ast.pos(c[0])))  # fmt: skip
            elif kind == "pattern":
                patterns.append(self._pattern(item))
            elif kind == "leave_out":
                said = "".join(_unquote(t) for t in c[1:])  # (before `_strings` refuses
                # an invisible character: a reason of nothing else is said to show nothing)
                if said and not visible(said):  # (as a config's waiver's reason: attack
                    # round 29, P5: "left out by local.wr:4: " and nothing read as a reason;
                    # `because ""` is no reason given, said as none, as without `because`)
                    raise self.to_ast.error(
                        f"leave out {c[0]}: its reason after 'because' shows nothing (only "
                        "blanks or invisible characters); say why the rule is left out, or "
                        "leave 'because' out", c[1])  # fmt: skip
                reason = _strings(c[1:], self.to_ast)
                leave_out.append(n.LeaveOut(str(c[0]), reason, self.to_ast.pos(c[0])))
        for decls in (words, patterns):
            seen: dict[str, n.Pos] = {}
            for decl in decls:
                if decl.name in seen:
                    what = "word list" if isinstance(decl, n.WordList) else "pattern"
                    raise self.to_ast.error(f"{what} '{decl.name}' is declared twice (first at "
                                            f"line {seen[decl.name].line})", decl.pos)
                seen[decl.name] = decl.pos
        return n.PolicyFile(
            self.file, name, title, tuple(extends), tuple(params), tuple(sets), tuple(rules),
            tuple(waivers), tuple(grades), tuple(words), tuple(patterns), tuple(leave_out),
        )

    def _grade(self, item: Tree) -> n.GradeDecl:  # type: ignore[type-arg]
        names = [c for c in item.children if isinstance(c, Token) and c.type == "NAME"]
        like = [c for c in item.children if isinstance(c, Tree)]
        doc = [c for c in item.children if isinstance(c, Token) and c.type == "STRING"]
        family = str(like[0].children[0]) if like else ""
        return n.GradeDecl(tuple(str(t) for t in names), family, _strings(doc, self.to_ast),
                           self.to_ast.pos(names[0]))  # fmt: skip

    def _strs(self, tokens: list[Token]) -> tuple[n.Str, ...]:
        for t in tokens:
            self.to_ast.refuse_unseen(t)
        return tuple(n.Str(_unquote(t), self.to_ast.pos(t)) for t in tokens)

    def _pattern(self, item: Tree) -> n.TextPattern:  # type: ignore[type-arg]
        """`pattern NAME "doc" finds ... unless ...`: each part at most once."""
        name_tok, *parts = item.children
        doc = [p for p in parts if isinstance(p, Token)]
        fields: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        for part in parts:
            if isinstance(part, Token):
                continue
            kind = part.data.removeprefix("pattern_")
            if kind in seen:
                raise self.to_ast.error(f"pattern {name_tok} has a second '{kind}' part; the "
                                        f"first is at line {seen[kind].line}", part.meta)
            seen[kind] = part.meta
            tokens: list[Token] = [t for t in part.children if isinstance(t, Token)]
            strings = [t for t in tokens if t.type == "STRING"]
            numbers = [t for t in tokens if t.type == "NUMBER"]
            if numbers and not str(numbers[0]).isdigit():
                raise self.to_ast.error("a number of words is a whole number", numbers[0])
            reach = int(str(numbers[0])) if numbers else 0
            if kind == "gap":
                fields["gap"] = reach
            elif kind == "quoted":
                fields["unless_quoted"] = True
            elif kind == "under":
                fields["under"] = str(part.children[0])
                if len(part.children) > 1:
                    fields["under_until"] = str(part.children[1])
            elif kind in ("after", "before"):
                side = "before" if kind == "after" else "after"  # negations before a match
                fields[side], fields[f"{side}_reach"] = self._strs(strings), reach
                past = [t for sub in part.children if isinstance(sub, Tree)
                        for t in sub.children if isinstance(t, Token) and t.type == "STRING"]
                if past:  # `not past "..."`: where the words after a match stop being read
                    fields["after_stops"] = self._strs(past)
            else:
                fields[kind] = self._strs(strings)
        return n.TextPattern(str(name_tok), self.to_ast.pos(name_tok),
                             _strings(doc, self.to_ast), **fields)  # fmt: skip

    def _waiver(self, item: Tree) -> n.Waiver:  # type: ignore[type-arg]
        id_tok, *parts = item.children
        fields: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        for part in parts:
            kind = part.data.removeprefix("waiver_")
            if kind in seen:
                raise self.to_ast.error(f"waiver of {id_tok} has a second '{kind}'; the first "
                                        f"is at line {seen[kind].line}", part.meta)  # fmt: skip
            seen[kind] = part.meta
            if kind == "until":
                fields[kind] = self.to_ast.transform(Tree("date", part.children)).value
            else:
                fields[kind] = _strings(part.children, self.to_ast)  # type: ignore[arg-type]
        words = {"subject": "for \"SUBJECT\"", "reason": "because \"...\"",
                 "agreed": "agreed by \"WHO\"", "until": "until DATE"}  # fmt: skip
        missing = [w for k, w in words.items() if k not in fields]
        if missing:
            raise self.to_ast.error(f"waiver of {id_tok} must say {', '.join(missing)}: an "
                                    "exception records whom it covers, why, who agreed it and "
                                    "when it ends", id_tok)  # fmt: skip
        if (problem := waiver_subject_problem(fields["subject"])) is not None:
            raise self.to_ast.error(f"waiver of {id_tok}: its subject {problem}", seen["subject"])
        return n.Waiver(str(id_tok), fields["subject"], fields["reason"], fields["agreed"],
                        fields["until"], self.to_ast.pos(id_tok))  # fmt: skip

    def _values(self, tree: Any) -> n.Expr | n.History:
        """A parameter's value, or its dated history (`6 from 2025-01-01, 5 from ...`)."""
        items: list[n.Dated] = []
        for dv in tree.children:
            value = self.to_ast.transform(dv.children[0])
            since = None
            if len(dv.children) > 1:
                since = self.to_ast.transform(Tree("date", dv.children[1:])).value
            items.append(n.Dated(value, since, value.pos))
        if len(items) == 1 and items[0].since is None:
            return items[0].value
        for i, item in enumerate(items):
            if i and item.since is None:
                raise self.to_ast.error("only the first value of a history may have no "
                                        "'from DATE'", item.pos)  # fmt: skip
            if i and items[i - 1].since is not None and item.since is not None and (
                item.since <= items[i - 1].since  # type: ignore[operator]
            ):
                raise self.to_ast.error(f"dates of a history must rise: {item.since} is not "
                                        f"after {items[i - 1].since}", item.pos)  # fmt: skip
        return n.History(tuple(items), items[0].pos)

    def _count_tokens(self) -> None:
        """Refuse a policy of more tokens than `MAX_POLICY_TOKENS`, at the first one over, before
        the parser spends seconds on it (a quoted text is one token, a comment none)."""
        count = 0
        for token in _TOKEN.finditer(self.text):
            count += token.group(1) is None
            if count > MAX_POLICY_TOKENS:
                line = self.text.count("\n", 0, token.start()) + 1
                raise self.to_ast.error(
                    f"the policy has more than {MAX_POLICY_TOKENS:,} words, numbers, quoted "
                    "texts and signs (the claim's has about 10,000): split what it says into "
                    "fewer, shorter rules and lists",
                    n.Pos(self.file, line, token.start() - self.text.rfind("\n", 0,
                                                                           token.start()), 1))

    # ---------------------------------------------------------------------------------------
    def _parse_tree(self, text: str, start: str) -> Tree:  # type: ignore[type-arg]
        try:
            return parser().parse(text, start=start)
        except UnexpectedInput as err:
            raise self._syntax_error(err, text, start == "start") from None

    def _syntax_error(self, err: UnexpectedInput, text: str, whole: bool = True) -> PolicyError:
        """`err` in words; `whole`: in a policy file (a value given alone, on `--set`, has
        hints of its own)."""
        line = getattr(err, "line", None) or 1
        column = getattr(err, "column", None) or 1
        if isinstance(err, UnexpectedEOF) or line < 1:
            line = max(1, len(self.lines))
            column = len(self.lines[-1]) + 1 if self.lines else 1
        if isinstance(err, UnexpectedCharacters):
            at = err.pos_in_stream or 0
            char = text[at] if at < len(text) else ""
            message = f"unexpected character {char!r}"
        elif isinstance(err, UnexpectedToken):
            got = str(err.token) if err.token.type != "$END" else "the end of the file"
            message = f"unexpected {got!r}" if err.token.type != "$END" else (
                "the policy ends too early")
        else:
            message = "the policy ends too early"
        expected = sorted(getattr(err, "expected", None) or getattr(err, "allowed", None) or ())
        words = _expected_words(expected)
        taught = _teach(err, text, expected, whole)
        if taught:
            message = taught
        elif words:
            message += f"; expected {words}"
        dangling = _dangling_bound(self.lines, line)
        inside = _item_in_rule(self.lines, line, err) if whole else None
        if dangling is not None:  # `at most` ended its line and what followed is no limit
            line, column = dangling
            message = "'at most' and 'at least' need a limit after them, on the same line"
            hint = ""
        elif inside is not None:  # `words ...` written among a rule's lines
            line, column, message = inside
            hint = ""
        else:
            hint = _hint(text, line, words)
        if hint:
            message += f" ({hint})"
        src = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        token = getattr(err, "token", None)
        width = len(str(token)) if token is not None and token.type != "$END" else 1
        if inside is not None:
            width = len(src.split()[0]) if src.split() else 1
        return PolicyError(
            message, file=self.file, line=line, column=column, source_line=src, width=width
        )

    def _param(self, item: Tree) -> n.Param:  # type: ignore[type-arg]
        name_tok, type_tok, *rest = item.children
        ptype = str(type_tok)
        if ptype not in PARAM_TYPES:
            raise self.to_ast.error(
                f"'{ptype}' is not a parameter type; use one of {', '.join(PARAM_TYPES)}"
                f"{did_you_mean(ptype, PARAM_TYPES)}",
                type_tok,
            )
        keyed_by, default = "", None
        keys: tuple[str, ...] = ()
        doc: list[Token] = []
        for part in rest:
            if isinstance(part, Tree) and part.data == "param_keys":
                keyed_by = str(part.children[0])
                keys = tuple(str(k) for k in part.children[1:])
            elif isinstance(part, Tree) and part.data == "param_default":
                default = self._values(part.children[0])
            elif isinstance(part, Token):
                doc.append(part)
        return n.Param(
            str(name_tok), ptype, self.to_ast.pos(name_tok), keyed_by, keys, default,
            _strings(doc, self.to_ast),
        )

    def _set(self, item: Tree) -> n.SetParam:  # type: ignore[type-arg]
        name_tok, *rest = item.children
        key = None
        if rest and isinstance(rest[0], Tree) and rest[0].data == "param_key":
            # `[Senior Probation Officer]`: a grade's name in words, read as the data reads it
            key = " ".join(str(word) for word in rest[0].children)
            rest = rest[1:]
        value_tree = rest[0]
        value = None
        if not (isinstance(value_tree, Tree) and value_tree.data == "unset"):
            value = self._values(value_tree)
        return n.SetParam(str(name_tok), key, value, self.to_ast.pos(name_tok))

    def _rule(self, item: Tree) -> n.Rule:  # type: ignore[type-arg]
        id_tok, *parts = item.children
        rule_pos = self.to_ast.pos(id_tok)
        seen: dict[str, Any] = {}
        fields: dict[str, Any] = {}
        per: list[n.GroupKey] = []
        lets: list[n.Let] = []
        checks = ("measure", "require", "forbid", "ratio_check", "spell", "absent")
        for part in parts:
            kind = part.data
            key = "check" if kind in checks else kind
            if key in seen and key not in ("let", "per"):
                what = "check (measure, require, forbid, ratio or spell)" if key == "check" else (
                    f"'{kind}'"
                )
                raise self.to_ast.error(
                    f"rule {id_tok} has a second {what}; the first is at line "
                    f"{seen[key].line}",
                    part.meta,
                )
            seen[key] = part.meta
            c: list[Any] = part.children
            if kind in ("clause", "title", "why"):
                fields[kind] = _strings(c, self.to_ast)
                if kind == "title":
                    fields["title_pos"] = self.to_ast.pos(c[0])
                    self._title_slots(c)
            elif kind == "replaces":
                fields["replaces"] = _strings(c, self.to_ast)
                fields["replaces_pos"] = self.to_ast.pos(c[0])
            elif kind == "severity":
                severity = str(c[0])
                if severity not in SEVERITIES:
                    raise self.to_ast.error(
                        f"severity '{severity}' is not one of {', '.join(SEVERITIES)}"
                        f"{did_you_mean(severity, SEVERITIES)}",
                        c[0],
                    )
                fields["severity"] = severity
            elif kind == "effective":
                fields["effective_pos"] = self.to_ast.pos(part.meta)  # `from DATE`, whole
                if c[0].type == "NAME":
                    fields["effective"] = str(c[0])
                else:
                    fields["effective"] = self.to_ast.transform(Tree("date", c)).value
            elif kind == "scope":
                fields["scope"] = str(c[0])
                fields["scope_pos"] = self.to_ast.pos(c[0])
            elif kind == "where":
                fields["where"] = self.to_ast.transform(c[0])
            elif kind == "per":
                for key_tree in c:
                    path = self.to_ast.transform(key_tree.children[0])
                    alias = str(key_tree.children[1]) if len(key_tree.children) > 1 else (
                        path.parts[-1]
                    )
                    per.append(n.GroupKey(path, alias, path.pos))
            elif kind == "let":
                lets.append(
                    n.Let(str(c[0]), self.to_ast.transform(c[1]), self.to_ast.pos(c[0]))
                )
            elif kind == "say":
                fields["say"] = self._template(c)
            else:
                fields["check"] = self._check(part)
        for required, words in (("scope", "'for each KIND'"), ("check", "check (measure, "
                                "require, forbid, ratio or spell)")):  # fmt: skip
            if required not in fields:
                raise self.to_ast.error(f"rule {id_tok} has no {words}", id_tok)
        rule = n.Rule(id=str(id_tok), pos=rule_pos, per=tuple(per), lets=tuple(lets), **fields)
        self._check_written_out(rule)
        return rule

    def _title_slots(self, tokens: list[Token]) -> None:
        """Refuse a title's `{...}` that names no parameter's value (`render.title_parts`), or
        a brace left alone, at its column; each quoted piece is read on its own, so a slot
        does not run from one into the next."""
        from ..render import title_parts

        for tok in tokens:
            try:
                title_parts(_unquote(tok))
            except ValueError as err:
                at, said = err.args[0]
                pos = self.to_ast.pos(tok)
                raise self.to_ast.error(said, n.Pos(pos.file, pos.line, pos.column + 1 + at,
                                                    1)) from None  # fmt: skip

    def _check_written_out(self, rule: n.Rule) -> None:
        """Refuse a rule whose expressions, with every `let` written out where it is used, grow
        too large or too deep: the compiled rule repeats a let at each use, so 40 lets that
        each use the one before twice would be a trillion terms."""
        lets = {let.name: let for let in rule.lets}
        memo: dict[str, tuple[int, int]] = {}
        parts: list[tuple[Any, n.Pos]] = [(let.value, let.pos) for let in rule.lets]
        parts += [(getattr(rule, f), rule.pos) for f in ("where", "check", "say")]
        for node, pos in parts:
            size, depth = _written_out(node, lets, memo, set())
            problem = (f"grows to {size:,} terms" if size > MAX_WRITTEN_OUT else
                       f"nests {depth} levels deep" if depth > MAX_NESTING else "")  # fmt: skip
            if problem:
                where = getattr(node, "pos", pos)
                raise self.to_ast.error(
                    f"this expression {problem} with its lets written out where they are used "
                    f"(at most {MAX_WRITTEN_OUT:,} terms and {MAX_NESTING} levels); use each "
                    "let fewer times",
                    where,
                )

    def _check(self, part: Tree) -> n.Check:  # type: ignore[type-arg]
        t = self.to_ast
        kind, c, pos = part.data, part.children, t.pos(part.meta)
        if kind == "measure":
            if len(c) == 3:  # measure EXPR repaid by EXPR [up to EXPR later] BOUND
                repaid = [t.transform(x) for x in c[1].children]
                late = repaid[1] if len(repaid) > 1 else None
                return n.Measure(t.transform(c[0]), self._bound(c[2]), pos, repaid[0], late)
            return n.Measure(t.transform(c[0]), self._bound(c[1]), pos)
        if kind == "require":
            return n.Require(t.transform(c[0]), pos)
        if kind == "absent":
            return n.Absent(str(c[0]), str(c[1]) if len(c) > 1 else "", t.pos(c[0]))
        if kind == "forbid":
            return n.Forbid(t.transform(c[0]), pos)
        if kind == "spell":
            holding = self._bound(c[2].children[0]) if len(c) > 2 else None
            if holding is not None and holding.op != "most":
                raise t.error("a reading holds 'at most' some days ('holding at most N days')",
                              c[2].children[0].children[0])  # fmt: skip
            return n.Spell(t.transform(c[0]), self._bound(c[1]), pos, holding)
        left, right, *limits = (t.transform(x) for x in c)
        return n.RatioCheck(left, right, tuple(limits), pos)

    def _bound(self, tree: Tree) -> n.Bound:  # type: ignore[type-arg]
        word, limit = tree.children
        return n.Bound(str(word), self.to_ast.transform(limit), self.to_ast.pos(word))

    def _template(self, tokens: list[Token]) -> n.Template:
        parts: list[str | n.Expr] = []
        size = 0
        for tok in tokens:
            size += len(_one_line(tok, self.to_ast))
            if size > MAX_TEXT_CHARS:
                raise _too_long(size, tok, self.to_ast)
            raw = str(tok)[1:-1]
            i, literal = 0, ""
            while i < len(raw):
                ch = raw[i]
                if raw.startswith("{{", i) or raw.startswith("}}", i):
                    literal += ch
                    i += 2
                elif ch == "\\" and i + 1 < len(raw):
                    literal += {"n": "\n", "t": "\t"}.get(raw[i + 1], raw[i + 1])
                    i += 2
                elif ch == "{":
                    end, depth = i + 1, 1
                    while end < len(raw) and depth:
                        depth += {"{": 1, "}": -1}.get(raw[end], 0)
                        end += 1
                    if depth:
                        raise self.to_ast.error(
                            "a '{' in this sentence is never closed (write '{{' for a brace)",
                            n.Pos(self.file, tok.line or 1, (tok.column or 1) + 1 + i),
                        )
                    if literal:
                        parts.append(literal)
                        literal = ""
                    parts.append(self._placeholder(raw[i + 1 : end - 1], tok, i + 2))
                    i = end
                else:
                    literal += ch
                    i += 1
            if literal:
                parts.append(literal)
            if sum(not isinstance(p, str) for p in parts) > MAX_SAY_PLACEHOLDERS:
                # each is a value of the data, as long as the data makes it: `{title}` 2,000
                # times over a title of 100,000 characters was a finding of 200 MB
                raise self.to_ast.error(f"a sentence has at most {MAX_SAY_PLACEHOLDERS} "
                                        "placeholders (the claim's have at most 11), and this "
                                        "one has more with this string", tok)  # fmt: skip
        return n.Template(tuple(parts), self.to_ast.pos(tokens[0]))

    def _nouns(self, text: str, tok: Token, offset: int) -> tuple[str, str]:
        found = _nouns_of(text)
        if found is None:
            line, column = tok.line or 1, (tok.column or 1) + offset - 1
            raise self.to_ast.error(
                f"after '|' in a sentence's placeholder comes the noun it counts, in letters: "
                f"'| supervisor' (1 supervisor, 2 supervisors) or '| person/people' for an "
                f"irregular plural; not '{text.strip()}'", n.Pos(self.file, line, column))
        return found

    def _placeholder(self, source: str, tok: Token, offset: int) -> n.Expr:
        """`{EXPR}`, or `{EXPR | noun}` / `{EXPR | noun/plural}`: a number with its noun."""
        if "|" in source:
            expr_source, _, nouns = source.rpartition("|")
            expr = self._placeholder(expr_source, tok, offset)
            singular, plural = self._nouns(nouns, tok, offset + len(expr_source) + 1)
            return n.Counted(expr, singular, plural, expr.pos)
        line, column = tok.line or 1, (tok.column or 1) + offset - 1
        sub = PolicyParser.__new__(PolicyParser)
        sub.text, sub.file, sub.lines = source, self.file, self.lines
        sub.to_ast = _ToAst(self.file, self.lines, line_offset=line - 1, col_offset=column,
                            regex_steps=self.to_ast.regex_steps)  # fmt: skip
        try:
            tree = sub._parse_tree(source, "expr")
        except PolicyError as err:
            err.line = line
            err.column = column + (err.column or 1) - 1
            err.source_line = self.lines[line - 1] if line <= len(self.lines) else None
            err.message = f"in the sentence's {{{source}}}: {err.message}"
            raise
        return sub.to_ast.transform(tree)  # type: ignore[no-any-return]


def _nouns_of(text: str) -> tuple[str, str] | None:
    """`noun` or `noun/plural` after a placeholder's `|` (`render.nouns_of`)."""
    from ..render import nouns_of

    return nouns_of(text)


_KEYWORD_NAMES = {"NAME": "a name", "ID": "an id (lower case, with dashes)", "STRING":
                  'a "quoted text"', "NUMBER": "a number",
                  "QUANTITY": "a quantity (110%, 7.5 h, 7 days)",
                  "DATE": "a date (YYYY-MM-DD)", "RATIO": "a ratio (1:6)", "REGEX": "a /pattern/",
                  "COMPARATOR": "a comparison (=, <, >, ...)", "ADD_OP": "+ or -",
                  "MUL_OP": "* or /", "BOUND_WORD": "most or least"}  # fmt: skip


def _expected_words(expected: list[str]) -> str:
    words: list[str] = []
    terminals = {t.name: t for t in parser().terminals}
    for name in expected:
        if name in _KEYWORD_NAMES:
            words.append(_KEYWORD_NAMES[name])
        elif name in terminals and terminals[name].pattern.type == "str":
            words.append(f"'{terminals[name].pattern.value}'")
    words = sorted(set(words))
    if not words:
        return ""
    if len(words) > 8:
        return ", ".join(words[:8]) + ", ..."
    return ", ".join(words)


_HINTS = (
    (re.compile(r"^\s*rule\s+[A-Z_]"), "rule ids are lower case words joined by dashes"),
    (re.compile(r"\bat\s+(most|least)\s*$"), "'at most' and 'at least' need a limit after them"),
    (re.compile(r"==|&&|\|\|"), "write =, and, or"),
    (re.compile(r"\bfor\s+(?!each\b)\w"), "write 'for each KIND'"),
)
# where the parser wanted quoted text after `for`: a waiver's subject (`for "S1"`)
_WAIVER_FOR = re.compile(r"\bfor\s+[^\s\"]")


# A measure's limit written as a comparison: "measure members more than 6", "<= 6", "≤ 6"
_COMPARED_LIMIT = re.compile(r"\s*measure\b.*?(?:\b(?:no\s+)?(?:more|less|fewer|greater)\s+than\b"
                             r"|\b(?:under|over|below|above|up\s+to|maximum|minimum)\s+[0-9]"
                             r"|<=?|>=?|[\u2264\u2265]|=<|=>)")


_AT_MOST = re.compile(r"\bat\s+(?:most|least)\b")
# a limit's number just written, with a word after it ("at most 40 cases")
_COUNTED_AFTER = re.compile(r"\b(at[ \t]+(?:most|least))[ \t]+([0-9]+(?:\.[0-9]+)?)[ \t]+$")
# a parameter's value, or a value set, just written as a number, with a word after it
# (`param first_year_cases_max: count = 28 cases`, `set cases_max = 40 cases`)
_VALUE_COUNTED = re.compile(r"(?m)^[ \t]*(?:param|set)\b[^\n=]*=[ \t]*([0-9]+(?:\.[0-9]+)?)"
                            r"[ \t]+$")
# A rule's line that is a bare condition ("rosh = very_high", "grade in {PSO, PQiP}")
_BARE_CONDITION = re.compile(r"\s*[a-z_][\w.]*\s*(?:!=|<=|>=|=|<|>|\bin\b|\bis\b|\bnot\b)")
# `mentions` with nothing before it to read ("forbid mentions ...", "require not mentions")
_MENTIONS_ALONE = re.compile(r"^\s*(?:forbid|require|where|and|or|not)\s+(?:not\s+)?mentions\b")


# Common mistakes that are syntax errors, each shown by small examples of it, matched by the
# parser state they leave (Lark's `match_examples`): the message says what to write instead.
_MISTAKES: dict[str, list[str]] = {
    "'rule' needs an id after it, on the same line: rule upw-group-ratio": [
        'rule\n clause "5a"\n', 'rule\n title "t"\n', 'rule\n why "w"\n',
        "rule\n for each staff\n", "rule\n from 2024-01-01\n", "rule\n measure count\n",
        'rule\n say "s"\n',
    ],
    "'waive' needs the id of the rule it waives after it: waive upw-group-ratio": [
        'waive\n for "S1"\n', 'waive\n because "b"\n', 'waive\n until 2025-01-01\n',
    ],
    "'severity' needs one of advisory, warning, error after it": [
        'rule r\n severity\n title "t"\n', 'rule r\n severity\n clause "c"\n',
        'rule r\n severity\n why "w"\n', 'rule r\n severity\n say "s"\n',
    ],
    "a parameter needs its type: param NAME: TYPE (percent, hours, days, count, number, date "
    "or ratio)": [
        "param x = 5\n", "param x\n", 'param x "about x"\n',
    ],
    "'not past' goes with 'unless before' only (the words after a match are read up to it)": [
        'pattern p\n finds "a"\n unless after "b" within 3 words not past "c"\n',
    ],
}
# ... at the file's start, and after what a policy writes before them (the parser's state
# differs): a `policy` line, a parameter, a rule; a rule's `severity` after another part
_BEFORE = ('policy p "P"\n', "param a: count = 1\n", 'policy p "P"\nparam a: count = 1\n',
           'rule a\n clause "c"\n for each staff\n require grade = PO\n',
           'policy p "P"\nrule a\n clause "c"\n for each staff\n require grade = PO\n')
_MISTAKES = {label: [e for base in (*examples, *(e.replace("rule r\n", 'rule r\n clause "c"\n', 1)
                                              for e in examples if e.startswith("rule r\n")))
                     for e in (base, *(before + base for before in _BEFORE))]
             for label, examples in _MISTAKES.items()}  # fmt: skip


def _teach(err: UnexpectedInput, text: str, expected: list[str], whole: bool = True) -> str:
    """What to write instead, for a mistake `_MISTAKES` knows, a misspelt keyword, or a
    quoted text left open; "" when there is nothing better to say than what was expected."""
    written_line = text.split("\n")[err.line - 1] if 0 < (err.line or 0) <= text.count(
        "\n") + 1 else ""  # fmt: skip
    if _COMPARED_LIMIT.match(written_line) and not _AT_MOST.search(written_line):
        return ("a measure's limit is written 'at most N' or 'at least N' (a finding when what "
                "is measured is more than N, or less): measure members at most 6")
    written_at = (err.column or 1) - 1  # (a first hour, round 48: a value written another way)
    value_hint = next((said for rx, say in _VALUES_WRITTEN if whole
                       and (found := rx.search(written_line))
                       and found.start() <= written_at < found.end()
                       and (said := say(found))), "")  # fmt: skip
    if value_hint:
        return value_hint
    if isinstance(err, UnexpectedCharacters):
        at = err.pos_in_stream or 0
        if text[at : at + 1] == '"':
            return "this quoted text is not closed: a closing \" is missing on this line"
        return ""
    if not isinstance(err, UnexpectedToken) or err.token.type == "$END":
        return ""
    written = str(err.token)
    start = getattr(err.token, "start_pos", None)
    if (start and text[start - 1 : start].isdigit() and re.fullmatch(r"[eE][+-]?[0-9]+", written)
            and written[1:].lstrip("+-").isdigit()):  # fmt: skip
        from decimal import Decimal

        from ..limits import MAX_NUMBER, number_problem

        # the number before the exponent, its decimals too: `1e3` is 1000, `1.5e2` is 150
        digits = re.search(r"[0-9]+(?:\.[0-9]+)?$", text[:start][-40:])
        power = int(written[1:].lstrip("+"))
        said = f"a number is written out in full, without an exponent ('{written}')"
        if digits is None or not -30 <= power <= 30:
            return f"{said}; the largest accepted is {MAX_NUMBER:,}"
        value = Decimal(digits.group()) * Decimal(10) ** power
        if number_problem(float(value)):
            return f"{said}: {digits.group()}{written} {number_problem(float(value))}"
        full = format(value, "f")
        return f"{said}: {full.rstrip('0').rstrip('.') if '.' in full else full}"
    before = text[:start].split()[-1:] if start else []
    if written == "of" and before:  # `average of percent`: an aggregate by another name
        meant = _AGGREGATES.get(before[0].lower()) or closest(before[0], _AGGREGATE_NAMES)
        if meant:
            return (f"'{before[0]} of' is no aggregate (did you mean '{meant} of'?); the "
                    f"aggregates are {', '.join(f'{a} of' for a in _AGGREGATE_NAMES)}")
    valued = _VALUE_COUNTED.search(text[:start]) if start and written.isalpha() else None
    if valued is not None:  # `param first_year_cases_max: count = 28 cases` (a first hour,
        # round 55: the tokens the parser expected)
        return (f"a value is a number with no word after it but its unit (%, h, days or "
                f"weeks): what it counts is said in the parameter's description, so write "
                f"'= {valued.group(1)}'")
    counted = _COUNTED_AFTER.search(text[:start]) if start and written.isalpha() else None
    if counted is not None:  # "at most 40 cases" (a first hour, round 44: "did you mean
        # 'clause'?")
        return (f"a limit is a number with no word after it but its unit (%, h, days or "
                f"weeks): what is counted is the measure's, so write '{counted.group(1)} "
                f"{counted.group(2)}'")
    keywords = [w.strip("'") for w in (_expected_words([e]) for e in expected)
                if w.startswith("'") and w[1:-1].isalpha()]  # fmt: skip
    if written.isalpha() and keywords:
        suggestion = did_you_mean(written, keywords)
        if suggestion:
            return f"'{written}' is not a keyword that can stand here{suggestion}"
    # a first hour, round 44: a condition left without its `where` ("unexpected 'rosh'") and
    # a `mentions` without the text it reads (a dump of what the parser expected)
    if _BARE_CONDITION.match(written_line) and any(
            _expected_words([e]) == "'where'" for e in expected):  # fmt: skip
        return (f"a rule's condition on its records is written after 'where': where "
                f"{written_line.strip()}")
    if _MENTIONS_ALONE.search(written_line):
        return ("'mentions' reads a text named before it: forbid text mentions \"post sentence "
                "supervision\" (a job description's body is 'text')")
    label = err.match_examples(_parse_start, _MISTAKES, use_accepts=True,
                               token_type_match_fallback=True)  # fmt: skip
    # A match of the parser's state alone is not enough: the word that stopped it must be of a
    # kind the examples stop at too (`rule r` then a stray word is no missing id).
    if label and err.token.type in _mistake_tokens()[label]:
        return str(label)
    return ""


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"


def _iso(day: str, month: str, year: str, written: str, how: str = "") -> str:
    """What to write for a date written `written` (day, month and year as read from it)."""
    number = int(month) if month.isdigit() else next(
        i for i, name in enumerate(_MONTHS, 1) if name.startswith(month[:3].lower()))
    try:
        iso = dt.date(int(year), number, int(day)).isoformat()
    except ValueError:
        return f"a date is written YYYY-MM-DD (2025-04-01), and '{written}' is no real date"
    return f"a date is written YYYY-MM-DD: write {iso} for '{written}'{how}"


def _calendar_move(found: re.Match[str]) -> str:
    """`+ 1 year`, `- 6 months`: a date moves by days or weeks, which are of one length."""
    sign, many, unit = found[1], int(found[2]), found[3].lower()
    if unit.startswith("y"):
        return (f"a date moves by days or weeks, not years (a year is 365 or 366 days): write "
                f"{sign} {many * 365} days for '{found[0]}', or {sign} {many * 52} weeks")
    return (f"a date moves by days or weeks, not months (a month is 28 to 31 days): write "
            f"the days meant, such as {sign} {round(many * 365 / 12)} days for '{found[0]}'")


def _hours(found: re.Match[str]) -> str:
    hours, minutes = int(found[1]), int(found[2])
    if minutes >= 60:
        return ""
    from ..render import number

    return (f"hours are written as one number with h: write {number(hours + minutes / 60)} h "
            f"for '{found[0].strip()}' ({hours} h {minutes} min)")


# A value written as a person writes it, where the parser stopped (`_teach`): what to write
_VALUES_WRITTEN: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b"),
     lambda f: _iso(f[1], f[2], f[3], f[0], " (read as day/month/year)")),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.I),
     lambda f: _iso(f[1], f[2], f[3], f[0])),
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I),
     lambda f: _iso(f[2], f[1], f[3], f[0])),
    (re.compile(r"([+-])[ \t]*(\d+)[ \t]*(years?|yrs?|months?)\b", re.I), _calendar_move),
    (re.compile(r"\b(\d+)\s*(?:to|-to-)\s*(\d+)\b"),
     lambda f: f"a ratio is written with a colon: write {f[1]}:{f[2]} for '{f[0]}'"),
    (re.compile(r"\b(\d+)\s*h(?:rs?|ours?)?\s*(\d{1,2})(?:\s*(?:m|mins?|minutes?)\b)?", re.I),
     _hours),
    (re.compile(r"\b(\d+(?:\.\d+)?)\s*hrs?\b", re.I),
     lambda f: f"hours are written with h: write {f[1]} h for '{f[0]}'"),
    (re.compile(r"^\s*(?:remove|delete|drop|ignore|exclude|disable|omit|skip)\s+(?:rule\s+)?"
                r"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)?", re.I),
     lambda f: ("a policy leaves a rule of the policy it extends out with 'leave out "
                f"{f[1] or 'RULE'}' (docs/language.md, \"Leaving a clause out\"); a config's "
                "'ignore' leaves rules out of one run")),
    (re.compile(r"^\s*leave\s+out\s+(?:rule\s+)?([0-9][\w.()]*)"),
     lambda f: (f"'leave out' takes a rule's id, not a clause ('{f[1]}'): leave out each of the "
                "clause's rules, by the ids 'workrules rules' lists with their clauses")),
)


# The aggregates (`mean of`, ...), and words written for them that are not theirs
_AGGREGATE_NAMES = ("sum", "max", "min", "mean", "latest", "number", "count", "share")
_AGGREGATES = {"average": "mean", "avg": "mean", "total": "sum", "maximum": "max",
               "minimum": "min", "highest": "max", "lowest": "min", "last": "latest"}


def _parse_start(text: str) -> Any:
    return parser().parse(text, start="start")


@cache
def _mistake_tokens() -> dict[str, set[str]]:
    """For each mistake, the kinds of token its examples stop at."""
    kinds: dict[str, set[str]] = {}
    for label, examples in _MISTAKES.items():
        for example in examples:
            try:
                _parse_start(example)
            except UnexpectedToken as err:
                kinds.setdefault(label, set()).add(err.token.type)
    return kinds


# The items a policy writes outside any rule, by their first word: what each is called
_ITEMS = {"words": "a word list", "pattern": "a text pattern", "param": "a parameter",
          "set": "a value set", "grade": "a grade's declaration", "waive": "a waiver",
          "leave": "a 'leave out'"}  # fmt: skip
# The words that begin a rule's parts
_RULE_PARTS = frozenset(("clause", "replaces", "title", "why", "severity", "from", "for",
                         "where", "per", "let", "say", "measure", "require", "forbid", "ratio",
                         "spell"))  # fmt: skip


def _item_in_rule(lines: list[str], line: int, err: UnexpectedInput,
                  ) -> tuple[int, int, str] | None:  # fmt: skip
    """(line, column, message) for an item of its own (`words chair_grades = ...`) written
    among a rule's lines: the item ends the rule, and the parser stopped at the rule's next
    part, listing tokens (a first hour, round 55). None for any other error."""
    token = getattr(err, "token", None)
    if not isinstance(err, UnexpectedToken) or token is None or str(token) not in _RULE_PARTS:
        return None
    for number in range(min(line, len(lines)) - 1, 0, -1):
        src = lines[number - 1].split("#", 1)[0]
        first = src.split()[0] if src.split() else ""
        if not first or first.startswith('"') or first == ",":
            continue  # (a blank line, or the item's quoted texts continued)
        if first not in _ITEMS or not src[:1].isspace():
            return None
        above = [t for t in lines[: number - 1] if t.split("#", 1)[0].strip()]
        if not above or not above[-1][:1].isspace():
            return None  # (the item is not under a rule's indented lines)
        return (number, len(src) - len(src.lstrip()) + 1,
                f"'{first}' begins {_ITEMS[first]}, an item of its own, which ends the rule "
                f"above it (the rule's next line, '{token}', then has no rule): write "
                f"{_ITEMS[first]} outside any rule, unindented, before or after the rule")
    return None


def _dangling_bound(lines: list[str], line: int) -> tuple[int, int] | None:
    """(line, column) just after an `at most`/`at least` that ends a line before `line`."""
    for number in range(min(line, len(lines)), 0, -1):
        src = lines[number - 1].split("#", 1)[0].rstrip()
        if number < line and src:
            match = re.search(r"\bat\s+(most|least)$", src)
            return (number, len(src) + 1) if match else None
        if number == line and re.search(r"\bat\s+(most|least)$", src):
            return (number, len(src) + 1)
    return None


def _hint(text: str, line: int, words: str) -> str:
    """What to write instead, from the line of a syntax error (`words`: what was expected)."""
    lines = text.split("\n")
    src = lines[line - 1].removesuffix("\r") if 0 < line <= len(lines) else ""
    if "quoted text" in words and "'each'" not in words and _WAIVER_FOR.search(src):
        return 'a waiver\'s subject is quoted text: for "S1"'
    return next((hint for rx, hint in _HINTS if rx.search(src)), "")


def parse_policy(text: str, file: str = "<policy>") -> n.PolicyFile:
    return PolicyParser(text, file).parse()


def parse_expression(text: str, file: str = "<expression>") -> n.Expr:
    """One expression (a value given on the command line, say) as an AST node."""
    tree = PolicyParser(text, file)._parse_tree(text, "expr")
    return _ToAst(file, [text]).transform(tree)  # type: ignore[no-any-return]


def _short(text: str, limit: int = 40) -> str:
    """A literal as quoted in a message: a 5,000-digit number is shown by its ends."""
    return text if len(text) <= limit else f"{text[:20]}...{text[-10:]} ({len(text):,} characters)"
