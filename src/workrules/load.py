"""Read input files into plain documents that remember where every record stands.

A document is a tree of `Mapping`s (dicts that know their line), lists, strings, numbers and
booleans. Three encodings are read:

- YAML, through libyaml (PyYAML's C parser). Dates stay strings (the timestamp resolver is
  off) so that the loader, not YAML, decides what a valid date is and can say where a bad
  one stands. Duplicate keys, aliases and merge keys are refused: a data file states each
  fact once, and an alias can make a small file expand without bound. So are the numbers
  YAML 1.1 reads in surprising ways (`010` is 8, `37:30` is 2250), tags other than the plain
  types, and nesting deeper than any data file needs (libyaml's composer recurses in C and
  would crash the process on a few thousand levels).
- JSON, through the standard library's C decoder. Each record of a top-level list is decoded
  on its own so that its line is known without a position-tracking parser. Duplicate keys
  are refused, and so are NaN, Infinity and numbers too large for a float.

In every encoding a number is finite, so NaN cannot slip past a schema's `minimum`.
- Markdown job descriptions with YAML front matter; the body becomes the `text` field.

Nothing here knows the data model; `dataset.py` validates and types what this returns.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import re
import stat
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

import msgspec

from .errors import InputError, did_you_mean, printable
from .limits import MAX_NUMBER

if TYPE_CHECKING:
    import yaml

    class _DataLoader(yaml.CSafeLoader):
        line_offset: int


# Limits on hostile or accidental inputs. YAML costs far more to read than JSON (libyaml
# builds a node of ~350 bytes for every value before any is used: a 10 MB file of `[1,1,...]`
# took 1.7 GB and 28 s), so a YAML file is held both to a size (about 12 s of parsing) and to
# a count of values, estimated from a few scans of the text before parsing; above either,
# the advice is to export JSON, which is read a record at a time and may be much larger.
MAX_YAML_BYTES = 8 * 1024 * 1024
MAX_YAML_VALUES = 1_000_000
MAX_JSON_BYTES = 2 * 1024 * 1024 * 1024
# A job description's text, in characters. Real ones are a few pages: a few thousand words,
# well under 50,000 characters. Reading prose for the policy's text patterns is linear but not
# cheap (256 KiB of JD prose took 4.5 s on a loaded machine, 1 MB about 30 s), so a longer
# one, which no post has, is refused rather than read for minutes in a pre-commit hook.
MAX_JD_CHARS = 256 * 1024
# Every number is bounded (see limits.py): sums stay finite and exact, and every value within
# what a 64-bit JSON writer takes.
# Collections inside collections: a data file needs five (document, list, record, subject,
# flags); more is a mistake or an attack.
MAX_DEPTH = 32


class Mapping(dict):  # type: ignore[type-arg]
    """A dict that knows the line (1-based) where it starts in its file (0: not known).

    No `__init__` of its own: dict's C constructor runs, and `line` is set by whoever makes
    one. A Python `__init__` here cost a national run a second and a half.
    """

    __slots__ = ("line",)
    line: int


class Top(Mapping):
    """A JSON document's top-level mapping: its line, and the line of each of its keys (a
    JSON document keeps no text, so what is wrong with `unit` is placed at the key's line,
    not the document's first)."""

    __slots__ = ("key_lines",)
    key_lines: dict[str, int]


class Document(msgspec.Struct, frozen=True):
    """One input file, read but not yet validated."""

    path: str  # as the user named it
    data: Any  # the parsed tree; a Mapping for every well-formed input
    text: str  # the file's text (for error locations; only kept for YAML and Markdown)
    encoding: str  # yaml | json | markdown
    body_line: int = 0  # markdown: the line where the body (the `text` field) starts
    key_lines: tuple[tuple[str, int], ...] = ()  # job descriptions: the line of each key


# ---------------------------------------------------------------------------------------------
# YAML


def _mark_line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _too_deep(line: int | None) -> InputError:
    return InputError(
        f"nested more than {MAX_DEPTH} levels deep; a data file needs no more than five",
        line=line,
    )


def _generator_line(generator: Any) -> int | None:
    frame = getattr(generator, "gi_frame", None)
    node = frame.f_locals.get("node") if frame is not None else None
    return _mark_line(node) if isinstance(node, yaml.Node) else None


class _AliasError(InputError):
    """An alias was met; its line (not its anchor's) is found by `parse_yaml`."""


def _refuse_alias(loader: _DataLoader, node: yaml.Node) -> None:
    # libyaml gives an alias the very node of its anchor, so a node met a second time is one.
    if node in loader.constructed_objects:
        raise _AliasError("aliases (*name) are not allowed in data files; write the value out")


def _event_line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else None


def _alias_line(text: str) -> int | None:
    """The line of the first alias in `text` (slow: for the error message only)."""
    import yaml

    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent):
                return _event_line(event)
    except yaml.YAMLError:
        pass
    return None


def _wrong_node(node: yaml.Node, wanted: str) -> InputError:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return InputError(f"the YAML tag {tag} is given to a value that is not {wanted}",
                      line=_mark_line(node))  # fmt: skip


def _construct_map(loader: _DataLoader, node: yaml.MappingNode) -> Iterator[Mapping]:
    if not isinstance(node, yaml.MappingNode):  # `!!map abc`
        raise _wrong_node(node, "a mapping")
    data = Mapping()
    data.line = _mark_line(node)
    yield data
    seen: dict[Any, int] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise InputError(
                "merge keys (<<) are not allowed in data files", line=_mark_line(key_node)
            )
        key = loader.construct_object(key_node)
        if not isinstance(key, str):
            raise _bad_key(node, key_node, key)
        if key in seen:
            raise InputError(
                f"duplicate key '{key}' (first at line {seen[key] + loader.line_offset}); "
                "YAML would silently keep only the last one",
                line=_mark_line(key_node),
            )
        seen[key] = _mark_line(key_node)
        _refuse_alias(loader, value_node)
        value = data[key] = loader.construct_object(value_node)
        if len(key) > csv.field_size_limit():
            raise long_text_error(len(key), "", None, _mark_line(key_node))
        if value.__class__ is str and len(value) > csv.field_size_limit() and key != "text":
            # (a job description's prose: held to MAX_JD_CHARS, with its own words, when
            # read, and a file to 8 MiB)
            raise long_text_error(len(value), key, None, _mark_line(value_node))


def _bad_key(node: yaml.MappingNode, key_node: yaml.Node, key: Any) -> InputError:
    shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key)
    hint = ""
    if isinstance(key, (int, float)) and not isinstance(key, bool) and node.flow_style:
        hint = " (inside { } a comma starts a new entry: write decimals with a point, 41.5)"
    return InputError(
        f"a key must be text, not {_describe(key)} {_shorten(shown)}{hint}",
        line=_mark_line(key_node),
    )


def _describe(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "the constant"
    if isinstance(value, (int, float)):
        return "the number"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else "the value"


def _construct_seq(loader: _DataLoader, node: yaml.SequenceNode) -> Iterator[list[Any]]:
    if not isinstance(node, yaml.SequenceNode):  # `!!seq abc`
        raise _wrong_node(node, "a list")
    data: list[Any] = []
    yield data
    for child in node.value:
        _refuse_alias(loader, child)
        data.append(item := loader.construct_object(child))
        if item.__class__ is str and len(item) > csv.field_size_limit():
            raise long_text_error(len(item), None, None, _mark_line(child))
    if None in data:  # `-` alone: a list holds no empty item, and a None has no line of its own
        raise InputError("this item of a list is empty (a '-' with nothing after it, or null); "
                         "remove it or give its value",
                         line=_mark_line(node.value[data.index(None)]))  # fmt: skip


def _construct_int(loader: _DataLoader, node: yaml.ScalarNode) -> int:
    text = node.value
    # The common case, in fewer steps than PyYAML's own: a plain decimal below MAX_NUMBER.
    if (
        text.__class__ is str
        and len(text) < 10
        and text.isascii()
        and text.isdigit()
        and (text[0] != "0" or len(text) == 1)
    ):
        return int(text)
    return _slow_int(loader, node)


def _slow_int(loader: _DataLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    digits = text.replace("_", "").lstrip("+-")
    if ":" in digits:
        raise _base60(node)
    if "_" in text:
        raise _underscored(node)
    if len(digits) > 1 and digits[0] == "0":
        base = {"x": "a hexadecimal", "b": "a binary"}.get(digits[1], "an octal")
        raise InputError(
            f"{text!r} starts with 0, which YAML reads as {base} number; write it in decimal"
            " (or quote it, '" + text + "', if it is an id)",
            line=_mark_line(node),
        )
    if not digits.replace("_", "").isdigit():
        raise InputError(f"{_shorten(text)!r} is not a whole number", line=_mark_line(node))
    return _bounded(_to_int(text.replace("_", "")), text, _mark_line(node))  # type: ignore[no-any-return]


def _to_int(text: str) -> int | None:
    """`text`'s integer, or None for one of more digits than could ever be in bounds."""
    return int(text) if len(text.lstrip("+-")) <= 30 else None


def _bounded(value: Any, text: str, line: int | None = None) -> Any:
    """`value` if it is a number no larger in size than MAX_NUMBER; refused otherwise."""
    if value is not None and -MAX_NUMBER <= value <= MAX_NUMBER:
        return value
    raise InputError(
        f"{_shorten(text)} is too large a number for a data file (the largest accepted is "
        f"{MAX_NUMBER:,}: no hour, count or percentage comes near it)",
        line=line,
    )


def _construct_float(loader: _DataLoader, node: yaml.ScalarNode) -> float:
    if "_" in node.value:
        raise _underscored(node)
    try:
        value = float(node.value)  # takes 1.5e+3 as YAML does
    except (ValueError, TypeError):  # .inf, .nan, 1:30.5, a tagged non-number
        value = _slow_float(loader, node)
    if value - value == 0:  # false for infinities and NaN
        return _bounded(value, node.value, _mark_line(node))  # type: ignore[no-any-return]
    raise InputError(
        f"{_shorten(node.value)} is not a finite number; hours, counts and percentages are "
        "ordinary numbers such as 7.5",
        line=_mark_line(node),
    )


def _slow_float(loader: _DataLoader, node: yaml.ScalarNode) -> float:
    text = loader.construct_scalar(node)
    if ":" in text:
        raise _base60(node)
    try:
        return float(yaml.SafeLoader.construct_yaml_float(loader, node))
    except (ValueError, IndexError):
        raise InputError(f"{_shorten(text)!r} is not a number", line=_mark_line(node)) from None


def _construct_bool(loader: _DataLoader, node: yaml.ScalarNode) -> bool:
    value = loader.construct_scalar(node)
    found = yaml.SafeLoader.bool_values.get(str(value).lower())
    if found is None:  # `!!bool maybe`
        raise InputError(f"{_shorten(str(value))!r} is not true or false", line=_mark_line(node))
    return found


def _underscored(node: yaml.ScalarNode) -> InputError:
    """A number written with `_` (`3_7`): YAML 1.1 reads `_` as a digit separator, so a slip
    for `37.5` (`37_5`) would be 375, and `1_5` hours 15; refused, never read."""
    text = _shorten(node.value)
    return InputError(
        f"{text!r} is a number to YAML 1.1, which reads '_' as a digit separator ({text} is "
        f"{_shorten(node.value.replace('_', ''))}); write the number without it, or quote it "
        "if it is text",
        line=_mark_line(node),
    )


def _base60(node: yaml.ScalarNode) -> InputError:
    """A number written with `:` (`7:30`): YAML 1.1 reads it in base 60 (450), where a rota's
    author means hours and minutes (7.5 h); refused, saying both, never read."""
    from decimal import Decimal, InvalidOperation

    text = _shorten(node.value)
    parts = node.value.replace("_", "").lstrip("+-").split(":")
    try:
        value = Decimal(0)
        for part in parts:
            value = value * 60 + Decimal(part)
    except InvalidOperation:  # (YAML's resolver matched it, so this is not met)
        return InputError(f"{text!r} is a base-60 number in YAML 1.1; write a decimal, or "
                          "quote it if it is text", line=_mark_line(node))  # fmt: skip
    sign = "-" if node.value.startswith("-") else ""
    said = f"{text!r} is a base-60 number in YAML 1.1 ({text} would be {sign}{value.normalize():f})"
    rest = parts[1:]
    if len(rest) in (1, 2) and all(p.isdigit() and len(p) == 2 and int(p) < 60 for p in rest):
        hours = Decimal(parts[0]) + sum(Decimal(p) / 60 ** i for i, p in enumerate(rest, 1))
        rounded = hours.quantize(Decimal("0.01"))
        clock = " ".join(f"{int(p)} {u}" for p, u in zip(parts, ("h", "min", "s"), strict=False))
        said += (f"; if it means {clock}, write {'' if rounded == hours else 'about '}{sign}"
                 f"{rounded.normalize():f} (hours as a decimal number)")
    else:
        said += "; write hours as a decimal number"
    return InputError(
        f"{said}, or quote it if it is text",
        line=_mark_line(node),
    )


def _refuse_tag(loader: _DataLoader, node: yaml.Node) -> None:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    raise InputError(
        f"the YAML tag {tag} is not allowed in data files; write plain text, numbers, lists "
        "and mappings",
        line=_mark_line(node),
    )


@functools.cache
def _data_loader() -> Any:
    """The loader class, made on first use: PyYAML is imported only when YAML is read the
    long way (a job description's plain front matter is read without it, see
    `_plain_front_matter`). It binds the module's `yaml` too, for the constructors below,
    which run only inside a loader and, once per node, are better without an import each."""
    global yaml
    import yaml

    class DataLoader(yaml.CSafeLoader):
        """libyaml's parser with a constructor that records lines and refuses ambiguity."""

        line_offset = 0  # where the text starts in its file (front matter), for messages

        def construct_document(self, node: yaml.Node) -> Any:
            # PyYAML's own loop, counting its rounds: round n fills the collections at depth n
            # (the document's own mapping is at depth 1), at no cost per node.
            data = self.construct_object(node)
            depth = 0
            while self.state_generators:
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(_generator_line(self.state_generators[0]))
                generators, self.state_generators = self.state_generators, []
                for generator in generators:
                    for _ in generator:
                        pass
            self.constructed_objects = {}
            self.recursive_objects = {}
            self.deep_construct = False
            return data

    DataLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    for tag, construct in (("map", _construct_map), ("seq", _construct_seq),
                           ("int", _construct_int), ("float", _construct_float),
                           ("bool", _construct_bool), ("binary", _refuse_tag),
                           ("timestamp", _refuse_tag), ("omap", _refuse_tag),
                           ("pairs", _refuse_tag), ("set", _refuse_tag)):  # fmt: skip
        DataLoader.add_constructor(f"tag:yaml.org,2002:{tag}", construct)
    return DataLoader


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else f"{text[: limit - 20]}...{text[-10:]}"


# Nesting. libyaml's composer recurses in C, about 300 bytes of stack a level, so a few
# thousand `[` crash the process. Before composing, cheap scans over the whole text (no Python
# work per line or record) bound the depth from above; only a text the bound cannot clear is
# walked event by event, and composing starts only once the depth is known to be safe.
# Construction (above) then holds documents to MAX_DEPTH.
_SAFE_TO_COMPOSE = 2000  # levels: about 600 KB of stack
# Block nesting needs indentation or a `- `/`? `/`: ` indicator for each level (two levels
# per column at most, for a list that is a mapping's value); a line starting with this many
# such characters may nest deeply.
_BLOCK_RUN = 100
_LONG_BLOCK_RUN = re.compile(rf"\n[ \t?:-]{{{_BLOCK_RUN}}}")
_LONG_BLOCK_START = re.compile(rf"[ \t?:-]{{{_BLOCK_RUN}}}")
# Flow nesting. Each bracket could open a level, and two where it holds a `key: value` pair
# (`[a: [b: c]]` is a list, then a mapping). But a balanced group of brackets, up to four deep,
# can be dropped from the count when it opens nothing it does not close, which holds for:
#  - a group with no quote, comment or tag in it: every bracket in it is real (a flow scalar
#    ends at a bracket), or lies in a block-context scalar, or the whole group is in a quoted
#    scalar;
#  - a group on one line whose quotes are all either inside a word (O'Brien) or open a quoted
#    scalar at the start of a token (after `[`, `{`, `,` or `: `) whose text starts with a
#    letter or digit: if libyaml reads the group as written, it sees the same brackets; if the
#    group starts inside a quoted scalar of libyaml's reading, that scalar ends at the group's
#    first quote and the letter after it is a syntax error, so libyaml stops there.
# A record written on one line in flow style, quoted or not, is such a group.
_FLOW_GROUP_DEPTH = 4


def _nested(plain: str) -> re.Pattern[str]:
    group = plain
    for _ in range(_FLOW_GROUP_DEPTH - 1):
        group = plain + r"(?:[\[{]" + group + r"[\]}]" + plain + r")*+"
    return re.compile(r"[\[{]" + group + r"[\]}]")


_OPENS_QUOTE = r"(?:(?<=[\[{,])|(?<=[\[{,:] ))"
_QUOTED_TEXT = r"""[A-Za-z0-9](?:[^"'\\\[\]{}#!\n]|['"](?=[A-Za-z0-9]))*"""


@functools.cache
def _balanced() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two group patterns, compiled on first use (only files with many brackets need
    them; compiling them costs a pre-commit run ~9 ms)."""
    plain = _nested(r"""[^\[\]{}"'#!]*+""")
    quoted = _nested(
        r"""(?:[^\[\]{}"'#!\n]++|(?<=[A-Za-z0-9])'(?=[A-Za-z0-9])"""
        + rf"""|{_OPENS_QUOTE}"{_QUOTED_TEXT}"|{_OPENS_QUOTE}'{_QUOTED_TEXT}')*+"""
    )
    return plain, quoted


def _open_brackets(text: str) -> int:
    """Brackets that may open a flow level: those outside the groups that can be dropped."""
    balanced, balanced_quoted = _balanced()
    # A dropped group leaves a `!`, which no group may hold: the second pass cannot then drop
    # a group around one the first dropped (`[key: [` + a group of four + `]]` is six deep).
    rest = balanced_quoted.sub("!", balanced.sub("!", text))
    return rest.count("[") + rest.count("{")


def _nesting_bound(text: str) -> int:
    """An upper bound on how deeply `text` nests, from a few scans at C speed."""
    if _LONG_BLOCK_RUN.search(text) or _LONG_BLOCK_START.match(text):
        return len(text)
    bound = 2 * _BLOCK_RUN + 2 + 2 * _FLOW_GROUP_DEPTH
    opens = text.count("[") + text.count("{")
    if bound + 2 * opens > _SAFE_TO_COMPOSE:
        opens = _open_brackets(text)
    return bound + 2 * opens


def _check_nesting(text: str) -> None:
    import yaml

    if _nesting_bound(text) <= _SAFE_TO_COMPOSE:
        return
    start = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    end = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, start):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(_event_line(event))
            elif isinstance(event, end):
                depth -= 1
    except yaml.YAMLError:
        return  # the parse proper stops at the same place, and says why


# YAML also breaks lines at these; a file that has them would get line numbers that differ
# from every editor's, and a plain scalar would have one folded into a space.
_UNICODE_BREAK = re.compile("[\x85\u2028\u2029]")
# a carriage return alone before what YAML would read as a key or a list's item
_LONE_CR_KEY = re.compile(r"\r(?![\r\n])(?=[ \t]*(?:-(?:[ \t]|$)|[\"']?[A-Za-z_][\w .-]*[\"']?"
                          r"[ \t]*:(?:[ \t]|$)))")


def _check_breaks(text: str) -> None:
    if "\r\r\n" in text:  # (a script on Windows writing "\r\n" in text mode)
        raise InputError(
            "ends a line with two carriage returns and a line feed (CR CR LF), which YAML and "
            "editors read as two line ends; save it with ordinary line ends",
            line=text.count("\n", 0, text.index("\r\r\n")) + 1,
        )
    if "\r" in text and "\n" in text and (lone := _LONE_CR_KEY.search(text)) is not None:
        # a file of line feeds with a carriage return alone before a key or an item: YAML
        # breaks the line there, where `git diff` shows one line (a `toil_hours:` hidden in a
        # comment: attack 22); inside a value it hides nothing, and is read (the review)
        raise InputError(
            "contains a carriage return (U+000D) alone, which YAML reads as a line break "
            "where a diff shows none; remove it or write an ordinary line break",
            line=text.count("\n", 0, lone.start()) + 1,
        )
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return  # three scans at C speed, quicker than one regular expression
    found = _UNICODE_BREAK.search(text)
    if found is not None:
        char = f"U+{ord(found.group()):04X}"
        raise InputError(
            f"contains the character {char}, which YAML reads as a line break; remove it or "
            "write an ordinary line break",
            line=text.count("\n", 0, found.start()) + 1,
        )


def _check_values(text: str) -> None:
    # Every node libyaml builds but the first is preceded by one of these (a flow or block
    # separator, an indicator or a line break), so their count bounds the nodes from above.
    # Dates make it overcount real data by about a half, which the limit allows for.
    estimate = sum(text.count(c) for c in ",:\n-[{?")
    if estimate > MAX_YAML_VALUES:
        raise InputError(
            f"holds up to {estimate:,} values; YAML files are limited to "
            f"{MAX_YAML_VALUES:,} (export large data sets as JSON, which is read a record at "
            "a time)",
        )


_ODD_BLANK = re.compile("[\xa0\u2000-\u200b\u202f\u205f\u3000\ufeff]")


def _odd_blank_near(text: str, line: int, line_offset: int) -> str:
    """What a YAML error says of a character on its (0-based) line or the two before it
    that shows as a space or as nothing but is no blank to YAML: a no-break space after
    `kind:`, a byte-order mark where two exports were joined (attack round 22); else ''."""
    import unicodedata

    lines = text.split("\n", line + 1)[max(0, line - 2):line + 1]
    for n, content in enumerate(lines, start=max(0, line - 2)):
        found = _ODD_BLANK.search(content, 1 if n == 0 else 0)
        if found is not None:
            char = found.group()
            what = ("a byte-order mark, as where two files were joined: delete it"
                    if char == "\ufeff" else "which YAML does not read as a space: write a "
                    "plain space")  # fmt: skip
            return (f"; line {n + 1 + line_offset} holds U+{ord(char):04X} "
                    f"{unicodedata.name(char, 'SPACE')}, {what}")
    return ""


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a mark's (0-based) line and column, or ''."""
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Any:
    """Parse one YAML document; errors name `path` and the line (shifted by `line_offset`)."""
    import yaml

    loader = None
    try:
        _check_breaks(text)
        _check_values(text)
        _check_nesting(text)
        loader = _data_loader()(text)
        loader.line_offset = line_offset
        return loader.get_single_data()
    except InputError as err:
        err.file = path
        if isinstance(err, _AliasError):
            err.line = _alias_line(text)
        if err.line is not None:
            err.line += line_offset
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = int(mark.line) + 1 + line_offset if mark is not None else None
        if "nesting depth" in str(err.problem):
            # libyaml 0.2.6 and later stop deep nesting themselves (at 1000 levels); the
            # refusal is ours whatever the libyaml underneath does.
            too_deep = _too_deep(line)
            too_deep.file = path
            raise too_deep from None
        reason = str(err.problem or err.context)
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            reason = "a tab where YAML wants spaces; indent with spaces, never tabs"
        elif str(err.problem).startswith("mapping values are not allowed"):
            reason = ("a 'key: value' where YAML expects none (is this line indented more than "
                      "the keys above it, or does a value hold ': ' and need quotes?)")
        elif err.problem and err.context and not str(err.context).startswith("while"):
            reason = f"{err.context} {err.problem}"  # "expected a single document ..."
        elif err.problem and err.context:
            context_line = int(err.context_mark.line) + 1 + line_offset if err.context_mark else 0
            where = f" at line {context_line}" if context_line and context_line != line else ""
            reason += f" ({err.context}{where})"
        if mark is not None:
            reason += _odd_blank_near(text, int(mark.line), line_offset)
        raise InputError(f"not valid YAML: {reason}", file=path, line=line) from None
    except yaml.reader.ReaderError as err:  # a control character
        line = text.count("\n", 0, err.position) + 1 + line_offset
        char = f"U+{err.character:04X}" if isinstance(err.character, int) else repr(err.character)
        raise InputError(
            f"not valid YAML: the control character {char} is not allowed", file=path, line=line
        ) from None
    except yaml.YAMLError as err:
        raise InputError(f"not valid YAML: {err}".splitlines()[0], file=path) from None
    except UnicodeEncodeError:  # a lone surrogate in a str not read from a file
        raise InputError("is not UTF-8 text", file=path) from None
    except RecursionError:
        raise InputError("nested too deeply to be a data file", file=path) from None
    finally:
        if loader is not None:
            loader.dispose()


def key_lines(text: str, path: tuple[str | int, ...], line_offset: int = 0) -> dict[str, int]:
    """The line of each key of the mapping at `path` (slow: for error messages only)."""
    import yaml

    node = _composed(text)
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step] if step < len(node.value) else None
        else:
            node = None
        if node is None:
            return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: _mark_line(k) + line_offset for k, _ in node.value}


# The last text `key_lines` composed, and its node tree (None: not YAML). A file's refusal says
# where each of its bad records is, up to MAX_ERRORS_PER_FILE of them, and composing a file of
# 50,000 records once for each took a minute (a first hour, round 44: P14's bad records of
# every kind, said at once); `forget_composed` lets it go once a load ends.
_COMPOSED: list[tuple[str, Any]] = []


def _composed(text: str) -> Any:
    """`text` composed as YAML nodes (None where it is not YAML), the last one kept."""
    import yaml

    kept = next(iter(_COMPOSED), None)  # (another thread's, or none: composed again)
    if kept is not None and (kept[0] is text or kept[0] == text):
        return kept[1]
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        node = None
    _COMPOSED[:] = [(text, node)]
    return node


def forget_composed() -> None:
    """Let go of the text `key_lines` keeps composed (a load has ended)."""
    _COMPOSED.clear()


# ---------------------------------------------------------------------------------------------
# JSON

_WS = re.compile(r"[ \t\n\r]*")
_SEPARATOR = re.compile(r"[ \t\n\r]*(,)?[ \t\n\r]*")


def _json_pairs(pairs: list[tuple[str, Any]]) -> Mapping:
    data = Mapping(pairs)
    data.line = 0  # the record's line is set by parse_json, which knows where it starts
    if len(data) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise InputError(f"duplicate key '{dup}'")
    return data


_NOT_FINITE = (
    "is not a finite number; hours, counts and percentages are ordinary numbers such as 7.5"
)


def _json_constant(name: str) -> float:
    raise InputError(f"{name} {_NOT_FINITE}")


def _json_float(text: str) -> float:
    value = float(text)
    if value - value != 0:
        raise InputError(f"{_shorten(text)} {_NOT_FINITE}")
    return _bounded(value, text)  # type: ignore[no-any-return]


def _json_int(text: str) -> int:
    return _bounded(_to_int(text), text)  # type: ignore[no-any-return]


# NaN and Infinity reach `parse_constant`, which costs nothing until one appears. A number
# above MAX_NUMBER needs a positive exponent (9.9e9) or ten digits in a row not after a point;
# only a text in which a scan finds one (perhaps inside a string) pays for checking every
# number as it is decoded.
_DECODER = json.JSONDecoder(object_pairs_hook=_json_pairs, parse_constant=_json_constant)
_CHECKING_DECODER = json.JSONDecoder(
    object_pairs_hook=_json_pairs,
    parse_constant=_json_constant,
    parse_float=_json_float,
    parse_int=_json_int,
)
_DIGITS_TO_ZERO = str.maketrans("123456789E", "000000000e")
_LONG_DIGITS = "0" * 10
_LONG_NUMBER = re.compile(r"(?<![0-9.])[0-9]{10}|(?<=[0-9.])[eE]\+?[0-9]")


def _extra(text: str, end: int) -> str:
    """Why the text after a JSON document's end is refused: a comment, or more data."""
    if text.startswith(("//", "/*", "#"), _WS.match(text, end).end()):  # type: ignore[union-attr]
        return "a comment after the document, and JSON has none; remove it"
    return "extra data after the document"


def _json_why(text: str, err: json.JSONDecodeError) -> str:
    """What is wrong where the JSON decoder stopped, in a user's words where it is a slip
    other tools allow (a comment, a trailing comma, text in single quotes)."""
    if text.startswith(("//", "/*", "#"), err.pos):
        return "a comment, and JSON has none; remove it"
    before = text[max(0, err.pos - 4096):err.pos]  # (not all of it: a file may be 2 GiB)
    if text.startswith(("]", "}"), err.pos) and before.rstrip().endswith(","):
        return (f"a ',' before the closing '{text[err.pos]}' (a trailing comma, which JSON "
                "does not allow); remove it")
    if text.startswith("'", err.pos):
        return "text in single quotes; JSON writes text and keys in double quotes"
    return err.msg


def _may_overflow(text: str) -> bool:
    """Whether `text` may hold a number above MAX_NUMBER (a millisecond or two a MB)."""
    size = 1 << 20  # a megabyte at a time, so that a large export is not copied whole
    for start in range(0, len(text), size):
        chunk = text[max(0, start - 10) : start + size]
        digits = chunk.translate(_DIGITS_TO_ZERO)
        if (_LONG_DIGITS in digits or "0e0" in digits or "0e+0" in digits) and (
            _LONG_NUMBER.search(chunk) is not None
        ):
            return True
    return False


_JSON_TOKEN = re.compile(
    r"""[ \t\n\r]*(?:("(?:[^"\\]|\\.)*+")|([{}\[\]:,])|(-?Infinity|NaN)|"""
    r"""(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)|true|false|null)""",
    re.S,
)


def _json_problem(text: str, pos: int) -> tuple[str, int] | None:
    """The first duplicate key or unusable number in the JSON value at `pos`, and its offset.

    Slow (a token at a time, in Python): only for placing an error the decoder found.
    """
    stack: list[dict[str, int] | None] = []  # the keys seen so far in each open object
    expect_key = False
    while (m := _JSON_TOKEN.match(text, pos)) is not None:
        pos = m.end()
        string, punct, constant, number = m.group(1, 2, 3, 4)
        if punct is not None:
            if punct in "{[":
                stack.append({} if punct == "{" else None)
                expect_key = punct == "{"
            elif punct in "}]":
                if len(stack) <= 1:
                    return None
                stack.pop()
                expect_key = False
            else:
                expect_key = punct == "," and stack[-1] is not None
            continue
        if string is not None and expect_key and stack and stack[-1] is not None:
            key, seen, at = json.loads(string), stack[-1], m.start(1)
            if key in seen:
                first = text.count("\n", 0, seen[key]) + 1
                message = (
                    f"duplicate key '{key}' (first at line {first}); JSON readers would "
                    "silently keep only the last one"
                )
                return message, at
            seen[key] = at
            expect_key = False
        elif constant is not None:
            return f"{constant} {_NOT_FINITE}", m.start(3)
        elif number is not None:
            try:
                (_json_int if number.lstrip("-").isdigit() else _json_float)(number)
            except InputError as err:
                return err.message, m.start(4)
        if not stack:
            return None
    return None


# A JSON text (a string: a value, an item of a list, a key) longer than a CSV cell may be
# (`csv.field_size_limit()`, 131,072 characters) is refused at its line, as a Parquet file's
# and a CSV file's are: no name, id or note comes near it, and one of 50 MB was read and
# passed where those refuse it (attack round 28, P6). Found without decoding the file: a
# JSON string holds no line break, and no quotation mark but an escaped one, so a string that
# long holds a whole stretch of `_STRETCH` characters aligned to a multiple of it, in which
# there is neither; only such a stretch (none in an export, minified or not) is looked into.
_STRETCH = 1 << 16
# a string, or the rest of its line where it is not closed: each match runs on to one or the
# other, so a line is read once, whatever it holds
_STRING = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+(?:"|\\?\Z)'
# the key a string is the value of, or an item of the list of, just before it
_KEY = r'"([^"\\\n\r]{1,64})"\s*:\s*(?:\[(?:[^\[\]{}"]|"[^"\\\n\r]*")*)?\Z'
_STRINGS: dict[type, re.Pattern[Any]] = {str: re.compile(_STRING),
                                         bytes: re.compile(_STRING.encode())}
_KEY_BEFORE: dict[type, re.Pattern[Any]] = {str: re.compile(_KEY),
                                            bytes: re.compile(_KEY.encode())}


def long_text(data: str | bytes) -> tuple[int, int, str | None] | None:
    """The first JSON string in `data` (a JSON or NDJSON file's text or bytes) longer than
    `csv.field_size_limit()` characters (a job description's `text`, than `MAX_JD_CHARS`):
    where it starts, its length, and the key it is the value of (or an item of the list of),
    "" if it is a key itself; None if there is none."""
    limit = csv.field_size_limit()
    stretch = min(_STRETCH, (limit + 1) // 2)  # (a text over the limit holds a whole one)
    if len(data) <= limit or stretch < 1:
        return None
    text: Any = data  # (str or bytes: the same methods)
    newline, quote, escaped = ("\n", '"', '\\"') if isinstance(data, str) else (
        b"\n", b'"', b'\\"')
    resume = 0
    for at in range(0, len(text) - stretch + 1, stretch):
        if at < resume or text.find(newline, at, at + stretch) >= 0:
            continue
        if text.count(quote, at, at + stretch) != text.count(escaped, max(0, at - 1),
                                                             at + stretch):  # fmt: skip
            continue  # a quotation mark that ends or starts a string: not inside one
        first = text.rfind(newline, 0, at) + 1
        end = text.find(newline, at)
        end = len(text) if end < 0 else end
        for found in _STRINGS[type(data)].finditer(text, first, end):
            if found.end() - found.start() - 2 <= limit:
                continue
            try:
                value = json.loads(found.group())
            except ValueError:  # (not UTF-8, or an escape JSON has not: refused when read)
                continue
            if len(value) <= limit:
                continue
            if text[found.end():found.end() + 16].lstrip()[:1] in (":", b":"):
                return found.start(), len(value), ""
            key = _KEY_BEFORE[type(data)].search(text, max(first, found.start() - 256),
                                                 found.start())  # fmt: skip
            name = key.group(1) if key else None
            if isinstance(name, bytes):
                name = name.decode("utf-8", "replace")
            if name == "text" and len(value) <= MAX_JD_CHARS:
                continue  # a job description's prose, held to its own bound
            return found.start(), len(value), name
        resume = end
    return None


def refuse_long_text(data: str | bytes, path: str) -> None:
    """Refuse a JSON or NDJSON file's text (or bytes) holding a string longer than a CSV cell
    may be (`long_text`), at its line, naming its key."""
    found = long_text(data)
    if found is not None:
        at, length, key = found
        text: Any = data
        raise long_text_error(length, key, path,
                              text.count("\n" if isinstance(data, str) else b"\n", 0, at) + 1)


def long_text_error(length: int, key: str | None, path: str | None,
                    line: int | None) -> InputError:  # fmt: skip
    """The refusal of a text of `length` characters, the value of `key` (or an item of its
    list; "": a key itself; None: not known), worded as a Parquet file's is."""
    what = "a key" if key == "" else f"{printable(_shorten(key))}: a text" if key else "a text"
    return InputError(f"{what} of {length:,} characters; workrules reads a text of at most "
                      f"{csv.field_size_limit():,} characters, as a CSV cell may hold: no "
                      "name, id or note comes near it", file=path, line=line)  # fmt: skip


def parse_json(text: str, path: str, keep_lines: bool = True) -> Any:
    """Parse JSON, giving each element of a top-level list the line where it starts.

    The top-level object and its lists are walked here; each element is decoded by the C
    decoder with `raw_decode`, so the cost per record is one call, and the line is counted
    incrementally from the offsets. The list loop is kept tight (the C scanner called
    directly, one separator match per record, errors decoded again afterwards for their
    message). On 308k records this parse alone went from 2.6 s to 1.3 s with the collector
    running; inside `load_data`, where the collector is paused, the whole load gained ~8%.
    (Decoding each list whole and deriving lines from a one-record-per-line layout was
    measured and was slower; orjson is faster but keeps the last of duplicate keys, and
    finding them in the text costs more than it saves.)
    """
    refuse_long_text(text, path)
    line = 1
    last = 0

    def line_at(offset: int) -> int:
        nonlocal line, last
        line += text.count("\n", last, offset)
        last = offset
        return line

    def fail(message: str, offset: int) -> InputError:
        return InputError(f"not valid JSON: {message}", file=path, line=line_at(offset))

    decoder = _CHECKING_DECODER if _may_overflow(text) else _DECODER

    def decode(offset: int) -> tuple[Any, int]:
        try:
            return decoder.raw_decode(text, offset)
        except json.JSONDecodeError as err:
            raise InputError(f"not valid JSON: {_json_why(text, err)}", file=path,
                             line=err.lineno) from None  # fmt: skip
        except InputError as err:  # from a hook: find the key or number it is about
            err.file = path
            found = _json_problem(text, offset)
            if found is None:
                err.line = line_at(offset)
                err.message += " in the record that starts here"
            else:
                err.message, err.line = found[0], text.count("\n", 0, found[1]) + 1
            raise
        except ValueError:  # an integer of more digits than Python converts
            raise fail("a number has too many digits to be read", offset) from None
        except RecursionError:
            raise fail("nested too deeply to be a data file", offset) from None

    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    if not text.startswith("{", pos):
        data, end = decode(pos)
        if _WS.match(text, end).end() != len(text):  # type: ignore[union-attr]
            raise fail(_extra(text, end), end)
        return data
    # (each top-level key's line kept, `Top`, unless `keep_lines` is False: an NDJSON line)
    top = Top() if keep_lines else Mapping()
    top.line = line_at(pos)
    lines_of: dict[str, int] | None = None
    if isinstance(top, Top):
        lines_of = top.key_lines = {}
    key_lines: dict[str, int] = {}
    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
    while not text.startswith("}", pos):
        if top and not text.startswith(",", pos):
            raise fail("expected ',' or '}'", pos)
        if top:
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        key_at = pos
        key, pos = decode(pos)
        if not isinstance(key, str):
            raise fail("a key must be a string", key_at)
        if key in top:
            first = text.count("\n", 0, key_lines[key]) + 1
            raise InputError(
                f"duplicate key '{key}' (first at line {first}); JSON readers would silently "
                "keep only the last one",
                file=path,
                line=line_at(key_at),
            )
        key_lines[key] = key_at
        if lines_of is not None:
            lines_of[key] = line_at(key_at)
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if not text.startswith(":", pos):
            raise fail("expected ':'", pos)
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        if text.startswith("[", pos):
            items: list[Any] = []
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if not text.startswith("]", pos):
                # The hot loop of a national export: one C call per record, the line counted
                # from the last record's, the separator matched in one step. Any trouble is
                # decoded again by `decode`, which says what and where.
                # `scan_once` is the C scanner under `raw_decode`, without its Python frame.
                scan = decoder.scan_once  # type: ignore[attr-defined]
                separator, add = _SEPARATOR.match, items.append
                start = pos
                null_at = -1
                try:
                    while True:
                        item, pos = scan(text, start)
                        if item.__class__ is Mapping:
                            line += text.count("\n", last, start)
                            last = start
                            item.line = line
                        elif item is None:  # `null`, which has no line of its own
                            null_at = start
                            break
                        add(item)
                        sep = separator(text, pos)
                        if sep.group(1) is None:  # type: ignore[union-attr]
                            pos = sep.end()  # type: ignore[union-attr]
                            break
                        start = sep.end()  # type: ignore[union-attr]
                except (StopIteration, json.JSONDecodeError, InputError, ValueError,
                        RecursionError):  # fmt: skip
                    decode(start)  # raises the error, with what and where
                    raise fail("a record cannot be read", start) from None  # not reached
                if null_at >= 0:
                    raise InputError("this item of a list is null; remove it or give its "
                                     "value", file=path, line=line_at(null_at))  # fmt: skip
                if not text.startswith("]", pos):
                    raise fail("expected ',' or ']'", pos)
            pos += 1
            top[key] = items
        else:
            top[key], pos = decode(pos)
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text):
            raise fail("the document ends before its closing '}'", pos)
    if _WS.match(text, pos + 1).end() != len(text):  # type: ignore[union-attr]
        raise fail(_extra(text, pos + 1), pos + 1)
    return top


JSON_SUFFIXES = (".json", ".ndjson", ".jsonl")
LARGE_SUFFIXES = (*JSON_SUFFIXES, ".csv", ".parquet")  # read up to MAX_JSON_BYTES
_FIRST_AT = re.compile(r"\(first at line ([0-9]+)\)")
NDJSON_HEADER = (
    'the first line of an NDJSON file is a header naming the kind of file and the list its '
    'lines fill, e.g. {"kind": "rota", "unit": "North East", "list": "timesheets"}'
)


def _shift_first(shift: int, found: re.Match[str]) -> str:
    return f"(first at line {int(found[1]) + shift})"


def parse_ndjson(text: str, path: str) -> Any:
    """Parse newline-delimited JSON: a header line (the document's top-level values, and in
    `list` the list that the other lines fill), then one record per line. The result is the
    document as its JSON form would give it, each record knowing its line. Blank lines are
    skipped; every line is read as `parse_json` reads a file, and refused alike."""
    lines = text.split("\n")
    records: list[Any] = []
    header: Any = None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        marked = header is not None and line.startswith("\ufeff")  # a file's start, inside
        if marked:
            line = line[1:]
        try:
            value = parse_json(line, path, keep_lines=False)  # (one line: its own number)
        except InputError as err:
            if err.line is not None:
                err.line += number - 1
            err.message = _FIRST_AT.sub(functools.partial(_shift_first, number - 1), err.message)
            raise
        if header is None:
            header = value
            if not isinstance(header, Mapping) or not isinstance(header.get("list"), str):
                raise InputError(NDJSON_HEADER, file=path, line=number)
            header.line = number
            from .datamodel import LISTS  # NDJSON is not on the pre-commit path

            lists = LISTS.get(str(header.get("kind")), {})
            if lists and header["list"] not in lists:
                raise InputError(
                    f"the header's list '{header['list']}' is not a list of "
                    f"{'an' if str(header['kind'])[:1] in 'aeiou' else 'a'} {header['kind']} "
                    f"file: one of {', '.join(lists)}"
                    f"{did_you_mean(header['list'], lists)}", file=path, line=number)
            continue
        if not isinstance(value, Mapping):
            raise InputError("each line after the header is one record, a JSON object "
                             "({...})", file=path, line=number)  # fmt: skip
        if "kind" in value and "list" in value:  # files joined with each one's header kept
            raise InputError(f"repeats the header line (line {header.line}); an NDJSON export "
                             "has one header, on its first line", file=path,
                             line=number)  # fmt: skip
        if marked:
            raise InputError("starts with a byte-order mark (U+FEFF), which starts a file, not "
                             "a line: are two exports joined here? An NDJSON export has one "
                             "header, on its first line", file=path, line=number)  # fmt: skip
        value.line = number
        records.append(value)
    if header is None:
        raise InputError(f"is empty; {NDJSON_HEADER}", file=path, line=1)
    name = header.pop("list")
    if name in header:
        raise InputError(f"the header gives '{name}' and names it as the list the lines fill; "
                         "give the records on the lines only", file=path, line=header.line)
    header[name] = records
    return header


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_PAIR = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def _check_surrogates(text: str, path: str) -> None:
    """Refuse a `\\ud800` escape that is not half of a pair: JSON can write one, but it is no
    character, and no text with one in it can be printed or saved as UTF-8."""
    if "\\u" not in text or _SURROGATE.search(text) is None:
        return
    unpaired = _PAIR.sub("", text)  # a pair holds no line break: lines count the same
    for found in _SURROGATE.finditer(unpaired):
        before = unpaired[max(0, found.start() - 1000) : found.start()]
        if (len(before) - len(before.rstrip("\\"))) % 2:
            continue  # `\\ud800` in the JSON: a backslash, then the letters
        line = unpaired.count("\n", 0, found.start()) + 1
        raise InputError(
            f"{found.group()} is half of a UTF-16 surrogate pair, not a character: not valid "
            "text",
            file=path,
            line=line,
        )


# ---------------------------------------------------------------------------------------------
# Markdown with front matter

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)


# Front matter as job descriptions are written: `key: value` lines and nothing else, each
# value a whole number, true, false or plain text that YAML reads as text. Such front matter
# is read here, without PyYAML (whose import alone was a tenth of a pre-commit hook's run);
# anything else at all (a comment, a blank line, quotes, a list, a value YAML could read as
# something else) goes to `parse_yaml`, which gives the same for what this takes (a
# hypothesis test in tests/test_precommit_path.py holds the two together).
# The text's characters: these of ASCII, or any from U+00A0 to U+D7FF but YAML's line breaks
# U+2028 and U+2029, written as a negated class: a class that spans those 55,000 code points
# takes `re` some 2 ms to compile, each run.
_PLAIN_LINE = re.compile(
    "([a-z_][a-z0-9_]*): (0|[1-9][0-9]{0,8}"
    r"|[A-Za-z](?:[A-Za-z0-9_ (),./&'-]|[^\x00-\x9f\u2028\u2029\ud800-\U0010ffff])*)"
)
_NOT_PLAIN_TEXT = frozenset({"yes", "no", "on", "off", "true", "false", "null"})


def _plain_front_matter(front: str) -> tuple[Mapping, tuple[tuple[str, int], ...]] | None:
    """The front matter `front` (the text between the `---` lines) as `parse_yaml` reads it,
    with the line in the file of each key; None when it is not plain `key: value` lines."""
    lines = front.split("\n")
    if len(lines) < 2 or lines.pop() != "":
        return None
    data = Mapping()
    data.line = 1
    where: list[tuple[str, int]] = []
    for number, line in enumerate(lines, start=2):
        match = _PLAIN_LINE.fullmatch(line)
        if match is None:
            return None
        key, text = match.groups()
        if key in data or key in _NOT_PLAIN_TEXT or text.endswith(" "):
            return None
        value: Any = text
        if text[0].isdigit():
            value = int(text)
        elif text in ("true", "false"):
            value = text == "true"
        elif text.lower() in _NOT_PLAIN_TEXT:
            return None
        data[key] = value
        where.append((key, number))
    return data, tuple(where)


_LONE_CR = re.compile(r"\r(?!\n)")


def lone_cr_as_lf(text: str) -> str:
    """Markdown's text with each carriage return that no line feed follows read as the line
    ending CommonMark (and so the forge's page) reads it as: a job description saved with CR
    line ends, or with one CR among LF ends, shows a heading or a paragraph of its own where
    read as one line it would have stayed under the criteria heading or the "will not:" before
    it (review 41). A CR before a line feed is the CRLF line end, read as it always was."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


# a '---' line with a key after it: front matter, though not on the first line
_LATE_FRONT = re.compile(r"^---[ \t]*\r?\n[ \t]*[A-Za-z_]+[ \t]*:", re.M)


def parse_markdown(text: str, path: str) -> tuple[Any, int]:
    """Front matter as a Mapping with the body under `text`, and the body's first line."""
    match = _FRONT.match(text)
    if match is None:
        first = text.lstrip("\ufeff").partition("\n")[0].rstrip("\r ")
        why = ("its front matter opens with '---' on line 1 but no '---' line closes it"
               if first == "---" else "it has none: its first line is not '---'")  # fmt: skip
        if first == "+++":  # TOML, as Hugo writes it (attack round 34, P4): what to write
            why = ("its front matter is TOML, between '+++' lines, which workrules does not "
                   "read: write it as YAML between '---' lines, each `key = \"value\"` as "
                   "`key: value` (kind: job-description, title, grade)")
        elif first != "---" and not _LATE_FRONT.search(text[:1 << 14]):  # a job description
            # pasted from Word, with no front matter anywhere (one after a comment is there,
            # misplaced): say what to add (a first hour, round 49)
            from .jdlike import front_matter_to_add, reads_as_job_description

            shown = reads_as_job_description(lone_cr_as_lf(text), path)
            if shown is not None:
                why += f"; it reads as a job description, so {front_matter_to_add(shown)}"
        raise InputError(
            "a Markdown job description must start with YAML front matter between '---' "
            f"lines; {why}",
            file=path,
            line=1,
        )
    plain = _plain_front_matter(match.group(1))
    data = plain[0] if plain else parse_yaml(match.group(1), path, line_offset=1)
    if not isinstance(data, Mapping):
        raise InputError("the front matter must be a mapping of keys", file=path, line=2)
    data.line += 1  # the front matter starts on the line after the opening '---'
    if "text" in data:
        where = dict(plain[1]) if plain else key_lines(match.group(1), (), 1)
        raise InputError(
            "a Markdown job description takes its text from the body, not a 'text' key",
            file=path,
            line=where.get("text", data.line),
        )
    body_line = text.count("\n", 0, match.end()) + 1
    data["text"] = text[match.end() :]
    return data, body_line


# ---------------------------------------------------------------------------------------------


STDIN = "-"  # the file name that means standard input
STDIN_NAME = "<stdin>"  # how findings and errors name it
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def _check_confined(path: str) -> None:
    """A path inside a git work tree must lead to a file inside it. A checked repository may
    be hostile, and CI names its files (`git ls-files`) as the pull request gives them: a
    symlink out of it would have workrules read, and echo in findings and errors, any file
    the runner can read. A path outside any repository is the user's own choice."""
    from .resources import caller_root, checkout_encoding, git_root, is_within

    confined = caller_root()  # a library caller's `root`: every file named stays in it
    if confined is not None and not is_within(path, confined):
        raise InputError(f"is outside the folder this check is confined to "
                         f"({printable(confined)}); name a file inside it", file=path)
    root = git_root(path)
    if root is not None and not is_within(path, root):
        raise InputError(
            f"is a link to a file outside its repository ({printable(root)}); name the file "
            "itself",
            file=path,
        )
    if root is not None and (given := checkout_encoding(path)) is not None:
        raise InputError(
            f"is written on checkout in another encoding than it was committed in ({given}): "
            "the gate would read other text than the forge shows; remove the attribute",
            file=path,
        )


def read_document(path: str) -> Document:
    """Read and parse one file (`-`: standard input, named `<stdin>`). Raises InputError
    naming the file (and line) on any problem."""
    if path == STDIN:
        return _read_stdin()
    raw, suffix = read_raw(path)
    return decode_document(raw, path, suffix)


# The names a Markdown file goes by, as GitHub renders them (a job description saved as
# `.mkd` or `.mdown` was skipped by a folder walk and the hook, and refused as YAML when named)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mdwn", ".mkd", ".mkdn", ".mkdown", ".livemd",
                     ".ronn", ".scd", ".workbook", ".rmd", ".litcoffee")
# Spreadsheets and tab-separated text, which a user may hand over as the export itself
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".numbers", ".tsv", ".tab")
# how a workbook's file starts: a ZIP archive (.xlsx, .ods, .numbers) or an OLE2 file (.xls)
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
# how a Parquet file starts: its mark, then the first field of a page header (or, with no row,
# of its footer), which Thrift writes as this byte and no text holds
PARQUET_MAGIC = b"PAR1\x15"
_FORMS = {".json": "JSON", ".ndjson": "NDJSON", ".jsonl": "NDJSON", ".csv": "CSV",
          ".yaml": "YAML", ".yml": "YAML", **dict.fromkeys(MARKDOWN_SUFFIXES, "Markdown")}
_SAVE_AS_CSV = ("save each sheet as CSV UTF-8, named for the list it fills (e.g. "
                "region-01-timesheets.csv), or export the data as JSON or Parquet")


# a job description as a word processor saves it, or a PDF: named by its suffix
DOCUMENT_SUFFIXES = {".docx": "a Word document", ".docm": "a Word document",
                     ".doc": "a Word document", ".odt": "an OpenDocument text",
                     ".rtf": "a Rich Text document", ".pages": "a Pages document",
                     ".pdf": "a PDF"}  # fmt: skip
_SAVE_AS_MARKDOWN = ("save a job description as Markdown (.md): YAML front matter between "
                     "'---' lines (kind: job-description, title, grade), then its text")


def _refuse_spreadsheet(path: str, suffix: str, raw: bytes = b"") -> None:
    """Refuse a spreadsheet or a document, by its name or by how it starts, saying what to
    export instead."""
    if suffix in DOCUMENT_SUFFIXES:
        raise InputError(f"is {DOCUMENT_SUFFIXES[suffix]} ({suffix}), which workrules does not "
                         f"read; {_SAVE_AS_MARKDOWN}", file=path)  # fmt: skip
    if raw.startswith((b"%PDF-", b"{\\rtf")):
        kind = "a PDF" if raw.startswith(b"%PDF-") else "a Rich Text document"
        raise InputError(f"is {kind} (it starts as one does), which workrules does not read; "
                         f"{_SAVE_AS_MARKDOWN}", file=path)  # fmt: skip
    if suffix in (".tsv", ".tab"):
        raise InputError("is tab-separated text; workrules reads CSV with commas: save it as "
                         "CSV UTF-8 (e.g. region-01-timesheets.csv)", file=path)  # fmt: skip
    if suffix in SPREADSHEET_SUFFIXES:
        raise InputError(f"is a spreadsheet workbook ({suffix}), which workrules does not "
                         f"read; {_SAVE_AS_CSV}", file=path)  # fmt: skip
    if raw.startswith(_WORKBOOK_MAGIC):
        raise InputError("is a spreadsheet workbook or a ZIP archive (it starts as one does), "
                         f"not text; {_SAVE_AS_CSV}", file=path)  # fmt: skip
    if raw.startswith(PARQUET_MAGIC):  # (a Parquet file named .json was told it was not
        # UTF-8, at a line 4 it has not: attack round 28, P5)
        name = os.path.basename(path)
        stem = name[: -len(suffix)] if suffix and name.lower().endswith(suffix) else name
        named = f": name it {stem}.parquet" if stem and path != STDIN_NAME else (
            ": give it as a file named .parquet")
        raise InputError(f"is a Parquet file (it starts as one does), not "
                         f"{_FORMS.get(suffix, 'text')}{named}", file=path)  # fmt: skip


_SIBLINGS_READ = 1000  # names of a folder read to suggest one for a file name misspelt


def sibling_hint(path: str, shown: str | None = None) -> str:
    """` (did you mean 'staff.yaml'?)` for `stafff.yaml`, from the files beside where it
    would be (the first _SIBLINGS_READ names of that folder), or an empty string. `shown`:
    the name as the user wrote it (a config's, relative to its folder), if not `path`."""
    from itertools import islice

    from .errors import closest

    folder, name = os.path.split(path)
    written = os.path.dirname(shown if shown is not None else path)
    try:
        with os.scandir(folder or ".") as entries:
            names = [e.name for e in islice(entries, _SIBLINGS_READ) if e.is_file()]
    except OSError:
        return ""
    stem, suffix = os.path.splitext(name)
    same_stem = [n for n in names if os.path.splitext(n)[0] == stem]  # staff.yml: staff.yaml
    if len(same_stem) == 1:
        close = same_stem[0]
    else:  # the names with its suffix, compared without it (`.yaml` alike in every name)
        stems = {os.path.splitext(n)[0]: n for n in names if os.path.splitext(n)[1] == suffix}
        near = closest(stem, stems)
        if near is None:
            return ""
        close = stems[near]
    return f" (did you mean '{os.path.join(written, close)}'?)"


def read_raw(path: str) -> tuple[bytes, str]:
    """A file's bytes and its suffix, refused (InputError) as `read_document` refuses it."""
    _check_confined(path)
    name = os.path.basename(path)  # `.csv` is a CSV file with no name, not a hidden file
    suffix = name[name.rindex("."):].lower() if "." in name else ""
    if name.startswith("~$") and office_lock(path):  # (before its suffix: `~$pso.xlsx` was
        _refuse_office_lock(path)  # refused as a workbook: a first hour, round 46)
    _refuse_spreadsheet(path, suffix)
    limit = MAX_JSON_BYTES if suffix in LARGE_SUFFIXES else MAX_YAML_BYTES
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
    except IsADirectoryError:  # where a folder cannot be opened
        raise InputError("is a directory, not a data file", file=path) from None
    except OSError as err:
        hint = sibling_hint(path) if isinstance(err, FileNotFoundError) else ""
        raise InputError(f"cannot be read: {err.strerror}{hint}", file=path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory, not a data file", file=path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                "is not a regular file (a FIFO, device or socket); only files are read", file=path
            )
        if info.st_size > limit:
            raise InputError(
                f"is {info.st_size:,} bytes; files above {limit:,} bytes are refused"
                + ("" if suffix in LARGE_SUFFIXES else " (export large data sets as JSON)"),
                file=path,
            )
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = _read_up_to(handle, info.st_size, limit)
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror}", file=path) from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise InputError(f"is more than {limit:,} bytes; longer files are refused", file=path)
    if suffix != ".parquet":
        _refuse_spreadsheet(path, suffix, raw[:8])
    if suffix == ".txt" and unicode_text(raw):
        _refuse_unicode_text(path)
    if raw.startswith(LFS_POINTER):
        raise InputError("is a Git LFS pointer, not the file it stands for: fetch the files "
                         "(git lfs pull, or `lfs: true` in actions/checkout) before checking",
                         file=path, line=1)  # fmt: skip
    return raw, suffix


_LOCK_MAX = 1024  # bytes: Excel's lock file is 165, Word's 162


def office_lock(path: str) -> bool:
    """Whether a file is the lock file (the "owner file") that Excel or Word keeps beside a
    file it has open: named `~$` and the rest of the name of a file beside it, at most
    `_LOCK_MAX` bytes, and not text (the user's name after a byte of its length, and again in
    UTF-16). A text file so named is read as its suffix says: a name alone hides no data from
    a folder walk. A lock file beside an open CSV stopped the whole check, told to save it as
    CSV UTF-8 (a first hour, round 46)."""
    folder, name = os.path.split(path)
    if not name.startswith("~$") or len(name) < 4:
        return False
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= _LOCK_MAX:
            return False
        # the file it locks beside it (Word's lock takes the place of a letter or two of its
        # name): a small UTF-16 list named `~$...` was passed over as a lock, hiding its
        # breaches (the review of session 46)
        rest = name[2:]
        if not any(other != name and other.endswith(rest) for other in os.listdir(folder or ".")):
            return False
        with open(path, "rb") as handle:
            raw = handle.read(_LOCK_MAX)
    except OSError:
        return False
    # its first byte the length of the user's name (a byte-order mark, or text, is no lock)
    return raw[:1] < b" " and raw[:1] not in b"\t\n\r" and b"\x00" in raw


def _refuse_office_lock(path: str) -> None:
    folder, name = os.path.split(path)
    locked = name[2:]  # (Excel's: the whole name; Word's may lose a letter or two of it)
    here = f" (here {locked!r})" if os.path.isfile(os.path.join(folder, locked)) else ""
    raise InputError(f"is the lock file Excel or Word keeps beside a file it has open{here}, "
                     "not data: close that file, then check the file itself, not its lock "
                     "file", file=path)  # fmt: skip


_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def unicode_text(raw: bytes) -> bool:
    """Whether `raw`, a file's bytes (or their first few KiB), is text as Excel saves "Unicode
    Text" (`.txt`): UTF-16 with its byte-order mark (not UTF-32's), tabs between the columns
    of its first line."""
    if raw[:2] not in _UTF16_MARKS or raw[:4] in UTF32_MARKS:
        return False
    head = raw[2:4098]
    text = head[: len(head) // 2 * 2].decode(
        "utf-16-le" if raw[:2] == b"\xff\xfe" else "utf-16-be", "replace")
    return "\t" in text.split("\n", 1)[0]


def _refuse_unicode_text(path: str) -> None:
    """Refuse a list saved as Excel's "Unicode Text", saying how to save it and the name to
    give it: the CSV's, as its name or its header names the list. (A folder walk passed one
    over unsaid, and its breaches with it; named, it was told to save it as UTF-8, with no
    word of CSV: a first hour, round 46.)"""
    from .tabular import header_list, list_of

    stem = os.path.basename(path)[: -len(".txt")]
    name = None
    if stem and list_of(f"{stem}.csv") is not None:
        name = f"{stem}.csv"
    elif stem and (section := header_list(path)) is not None:
        name = f"{stem}-{section}.csv"
    named = (f"named {name!r}" if name is not None else
             "named for the list it fills (e.g. region-01-timesheets.csv)")  # fmt: skip
    raise InputError("is tab-separated UTF-16 text, as Excel saves \"Unicode Text\", which "
                     "workrules does not read; in Excel, save it as CSV UTF-8 (Comma "
                     f"delimited), {named}", file=path)  # fmt: skip


# how a Git LFS pointer starts: a checkout that does not fetch LFS files leaves one in each.
# git-lfs reads the spec's older names as its own too (hawser's, git-media's): a pointer so
# written was passed over by a walk as "not workrules data" (attack round 32, P2)
LFS_POINTER = (b"version https://git-lfs.github.com/spec/",
               b"version https://hawser.github.com/spec/", b"version http://git-media.io/v/")


_PIECE = 1 << 24  # bytes read at once past a file's size as it was when opened


def _read_up_to(handle: BinaryIO, size: int, limit: int) -> bytes:
    """The file's bytes, up to one past `limit`. As much memory as the file holds is asked for
    (`size`, from fstat), never `limit`: reading 2 GiB at once has Python allocate them first,
    which fails under a limit on address space (a CI sandbox, `ulimit -v`) for any file. A
    file that grows while it is read is read on, a piece at a time, to one past `limit`."""
    raw = handle.read(min(size, limit) + 1)
    if len(raw) <= size:
        return raw  # (the usual case: all of it, and its end seen)
    parts, total = [raw], len(raw)
    while total <= limit and (more := handle.read(min(_PIECE, limit + 1 - total))):
        parts.append(more)
        total += len(more)
    return b"".join(parts)


def _read_stdin() -> Document:
    """Standard input as a document: JSON if it starts with `{` or `[`, Markdown with front
    matter if it starts with a `---` line that a later `---` line closes, YAML otherwise."""
    import sys

    raw = sys.stdin.buffer.read(MAX_YAML_BYTES + 1)
    if len(raw) > MAX_YAML_BYTES:
        raise InputError(f"is more than {MAX_YAML_BYTES:,} bytes; longer input is refused",
                         file=STDIN_NAME)  # fmt: skip
    _refuse_spreadsheet(STDIN_NAME, "", raw[:8])
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start[:1] in (b"{", b"["):
        suffix = ".json"
    elif raw.startswith((b"---\n", b"---\r\n")) and _FRONT.match(raw.decode("utf-8", "replace")):
        suffix = ".md"
    else:
        suffix = ".yaml"
    return decode_document(raw, STDIN_NAME, suffix)


def decode_document(raw: bytes, path: str, suffix: str) -> Document:
    """Parse a file's bytes as the format its `suffix` names (YAML unless .json or .md)."""
    if raw[:4] in UTF32_MARKS:
        raise utf32(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise not_utf8(raw, err.start, path) from None
    return parse_document(text, path, suffix)


UTF32_MARKS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")  # UTF-32's byte-order marks


def utf32(path: str, advice: str = "save it as UTF-8") -> InputError:
    """The refusal of a file in UTF-32 (by its byte-order mark): no export means it, and read
    as UTF-16 (whose mark starts it) every other character would be a NUL."""
    return InputError(f"is UTF-32 text (it starts with UTF-32's byte-order mark), not UTF-8; "
                      f"{advice}", file=path, line=1)  # fmt: skip


def not_utf8(raw: bytes, at: int, path: str, advice: str = "save it as UTF-8") -> InputError:
    """The refusal of a file that is not UTF-8, whose first bad byte is at `at`: UTF-16 (by
    its byte-order mark) said so; a byte of Windows-1252 (older Excel and Windows tools)
    named with the character it would be there."""
    if raw[:4] in UTF32_MARKS:  # (its mark starts as UTF-16's does)
        return utf32(path, advice)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return InputError(f"is UTF-16 text (it starts with UTF-16's byte-order mark), not "
                          f"UTF-8; {advice}", file=path, line=1)  # fmt: skip
    byte = raw[at]
    legacy = bytes([byte]).decode("cp1252", "replace")
    # (0x80-0x9F after ASCII too: Word's and Excel's curly quotes and dashes, the commonest
    # such bytes, where after a byte beyond ASCII it is more likely UTF-8 cut short)
    legible = legacy.isprintable() and legacy != "\ufffd" and (
        byte >= 0xA0 or at == 0 or raw[at - 1] < 0x80)  # fmt: skip
    hint = (f" (in Windows-1252, the encoding of older Excel exports, it would be "
            f"{legacy!r})" if legible else "")  # fmt: skip
    return InputError(f"is not UTF-8 text (byte 0x{byte:02x}){hint}; {advice}", file=path,
                      line=raw.count(b"\n", 0, at) + 1)  # fmt: skip


def _refuse_long_jd(chars: int, path: str) -> None:
    """Refuse a job description longer than `MAX_JD_CHARS` characters."""
    if chars > MAX_JD_CHARS:
        raise InputError(f"is a job description of {chars:,} characters; a real one is a few "
                         f"pages (under 50,000 characters), and workrules reads one of at most "
                         f"{MAX_JD_CHARS:,}, so that reading its prose takes seconds",
                         file=path)  # fmt: skip


def parse_document(text: str, path: str, suffix: str | None = None) -> Document:
    """Parse one file's text; `path` names it in errors and findings, and `suffix` (by
    default the path's own) says how it is written (.json, Markdown's .md, .markdown and the
    rest of `MARKDOWN_SUFFIXES`; YAML otherwise)."""
    if suffix is None:
        suffix = os.path.splitext(path)[1].lower()
    if "\x00" in text:
        from .inputs import _wide

        line = text.count("\n", 0, text.index("\x00")) + 1
        head = text[:64].encode("utf-8", "surrogateescape")
        if line == 1 and _wide(head) is not None:  # ASCII with a zero byte beside each letter
            wide = "UTF-32" if head[1:4] == b"\x00\x00\x00" or head[:3] == b"\x00\x00\x00" else (
                "UTF-16")
            raise InputError(f"is {wide} text (with no byte-order mark), not UTF-8; save it as "
                             "UTF-8", file=path, line=1)  # fmt: skip
        raise InputError("contains a NUL byte: not a text file", file=path, line=line)
    if suffix in (".json", ".ndjson", ".jsonl"):
        # a carriage return alone is JSON's blank, read as the line end an editor shows
        text = lone_cr_as_lf(text)
    if suffix == ".json":
        if not text.strip():  # an export that wrote nothing: "is empty", as YAML is
            return Document(path, None, "", "json")
        data = parse_json(text, path)
        _check_surrogates(text, path)
        return Document(path, data, "", "json")
    if suffix in (".ndjson", ".jsonl"):
        data = parse_ndjson(text, path)
        _check_surrogates(text, path)
        return Document(path, data, "", "json")
    if suffix in MARKDOWN_SUFFIXES:
        _refuse_long_jd(len(text), path)
        text = lone_cr_as_lf(text)
        data, body_line = parse_markdown(text, path)
        front = _FRONT.match(text)
        assert front is not None
        plain = _plain_front_matter(front.group(1))
        lines = plain[1] if plain else tuple(key_lines(front.group(1), (), 1).items())
        return Document(path, data, text, "markdown", body_line, lines)
    try:
        data = parse_yaml(text, path)
    except InputError:
        if suffix not in (".yaml", ".yml"):  # (`pso.txt` holding a job description, named)
            from .inputs import misnamed_front_matter

            if (misnamed := misnamed_front_matter(text, path)) is not None:
                raise misnamed from None
        raise
    if isinstance(data, dict) and data.get("kind") == "job-description":
        if isinstance(data.get("text"), str):
            _refuse_long_jd(len(data["text"]), path)
        return Document(path, data, text, "yaml", 0, tuple(key_lines(text, ()).items()))
    return Document(path, data, text, "yaml")
