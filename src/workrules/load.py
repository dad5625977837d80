"""Read input files into plain documents that remember where every record stands.

A document is a tree of `Mapping`s (dicts that know their line), lists, strings, numbers and
booleans. Three encodings are read:

- YAML, through libyaml (PyYAML's C parser). Dates stay strings (the timestamp resolver is
  off) so that the loader, not YAML, decides what a valid date is and can say where a bad
  one stands. Duplicate keys, aliases and merge keys are refused: a data file states each
  fact once, and an alias can make a small file expand without bound.
- JSON, through the standard library's C decoder. Each record of a top-level list is decoded
  on its own so that its line is known without a position-tracking parser.
- Markdown job descriptions with YAML front matter; the body becomes the `text` field.

Nothing here knows the data model; `dataset.py` validates and types what this returns.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any

import attrs
import yaml

from .errors import InputError

# Limits on hostile or accidental inputs. A YAML file above this is refused rather than
# parsed for minutes; a JSON export may be much larger.
MAX_YAML_BYTES = 64 * 1024 * 1024
MAX_JSON_BYTES = 2 * 1024 * 1024 * 1024


class Mapping(dict):  # type: ignore[type-arg]
    """A dict that knows the line (1-based) where it starts in its file."""

    __slots__ = ("line",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0


@attrs.frozen
class Document:
    """One input file, read but not yet validated."""

    path: str  # as the user named it
    data: Any  # the parsed tree; a Mapping for every well-formed input
    text: str  # the file's text (for error locations; only kept for YAML and Markdown)
    encoding: str  # yaml | json | markdown
    body_line: int = 0  # markdown: the line where the body (the `text` field) starts
    key_lines: tuple[tuple[str, int], ...] = ()  # job descriptions: the line of each key


# ---------------------------------------------------------------------------------------------
# YAML


class _DataLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
    """libyaml's parser with a constructor that records lines and refuses ambiguity."""


_DataLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mark_line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _refuse_alias(loader: _DataLoader, node: yaml.Node) -> None:
    if isinstance(node, yaml.CollectionNode) and node in loader.constructed_objects:
        raise InputError(
            "aliases (*name) are not allowed in data files; write the value out",
            line=_mark_line(node),
        )


def _construct_map(loader: _DataLoader, node: yaml.MappingNode) -> Iterator[Mapping]:
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
            raise InputError(
                f"a key must be text, not {type(key).__name__} {key!r}",
                line=_mark_line(key_node),
            )
        if key in seen:
            raise InputError(
                f"duplicate key '{key}' (first at line {seen[key]}); "
                "YAML would silently keep only the last one",
                line=_mark_line(key_node),
            )
        seen[key] = _mark_line(key_node)
        _refuse_alias(loader, value_node)
        data[key] = loader.construct_object(value_node)


def _construct_seq(loader: _DataLoader, node: yaml.SequenceNode) -> Iterator[list[Any]]:
    data: list[Any] = []
    yield data
    for child in node.value:
        _refuse_alias(loader, child)
        data.append(loader.construct_object(child))


_DataLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_DataLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Any:
    """Parse one YAML document; errors name `path` and the line (shifted by `line_offset`)."""
    loader = _DataLoader(text)
    try:
        return loader.get_single_data()
    except InputError as err:
        err.file = path
        if err.line is not None:
            err.line += line_offset
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = int(mark.line) + 1 + line_offset if mark is not None else None
        reason = " ".join(str(p) for p in (err.context, err.problem) if p)
        raise InputError(f"not valid YAML: {reason}", file=path, line=line) from None
    except yaml.YAMLError as err:  # e.g. a reader error on a control character
        raise InputError(f"not valid YAML: {err}".splitlines()[0], file=path) from None
    except RecursionError:
        raise InputError("nested too deeply to be a data file", file=path) from None
    finally:
        loader.dispose()


def key_lines(text: str, path: tuple[str | int, ...], line_offset: int = 0) -> dict[str, int]:
    """The line of each key of the mapping at `path` (slow: for error messages only)."""
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)  # type: ignore[attr-defined]
    except yaml.YAMLError:
        return {}
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


# ---------------------------------------------------------------------------------------------
# JSON

_WS = re.compile(r"[ \t\n\r]*")


def _json_pairs(pairs: list[tuple[str, Any]]) -> Mapping:
    data = Mapping(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise InputError(f"duplicate key '{dup}'")
    return data


_DECODER = json.JSONDecoder(object_pairs_hook=_json_pairs)


def parse_json(text: str, path: str) -> Any:
    """Parse JSON, giving each element of a top-level list the line where it starts.

    The top-level object and its lists are walked here; each element is decoded by the C
    decoder with `raw_decode`, so the cost per record is one call, and the line is counted
    incrementally from the offsets.
    """
    line = 1
    last = 0

    def line_at(offset: int) -> int:
        nonlocal line, last
        line += text.count("\n", last, offset)
        last = offset
        return line

    def fail(message: str, offset: int) -> InputError:
        return InputError(f"not valid JSON: {message}", file=path, line=line_at(offset))

    def decode(offset: int) -> tuple[Any, int]:
        try:
            return _DECODER.raw_decode(text, offset)  # type: ignore[no-any-return]
        except json.JSONDecodeError as err:
            raise InputError(f"not valid JSON: {err.msg}", file=path, line=err.lineno) from None
        except InputError as err:
            err.file, err.line = path, line_at(offset)
            err.message += " in the record that starts here"
            raise
        except RecursionError:
            raise fail("nested too deeply to be a data file", offset) from None

    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    if not text.startswith("{", pos):
        data, end = decode(pos)
        if _WS.match(text, end).end() != len(text):  # type: ignore[union-attr]
            raise fail("extra data after the document", end)
        return data
    top = Mapping()
    top.line = line_at(pos)
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
            raise InputError(f"duplicate key '{key}'", file=path, line=line_at(key_at))
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if not text.startswith(":", pos):
            raise fail("expected ':'", pos)
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        if text.startswith("[", pos):
            items: list[Any] = []
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            while not text.startswith("]", pos):
                if items:
                    if not text.startswith(",", pos):
                        raise fail("expected ',' or ']'", pos)
                    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                start = pos
                item, pos = decode(pos)
                if isinstance(item, Mapping):
                    item.line = line_at(start)
                items.append(item)
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            pos += 1
            top[key] = items
        else:
            top[key], pos = decode(pos)
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text):
            raise fail("the document ends before its closing '}'", pos)
    if _WS.match(text, pos + 1).end() != len(text):  # type: ignore[union-attr]
        raise fail("extra data after the document", pos + 1)
    return top


# ---------------------------------------------------------------------------------------------
# Markdown with front matter

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)


def parse_markdown(text: str, path: str) -> tuple[Any, int]:
    """Front matter as a Mapping with the body under `text`, and the body's first line."""
    match = _FRONT.match(text)
    if match is None:
        raise InputError(
            "a Markdown job description must start with YAML front matter between '---' lines",
            file=path,
            line=1,
        )
    data = parse_yaml(match.group(1), path, line_offset=1)
    if not isinstance(data, Mapping):
        raise InputError("the front matter must be a mapping of keys", file=path, line=2)
    data.line += 1  # the front matter starts on the line after the opening '---'
    if "text" in data:
        raise InputError(
            "a Markdown job description takes its text from the body, not a 'text' key",
            file=path,
            line=data.line,
        )
    body_line = text.count("\n", 0, match.end()) + 1
    data["text"] = text[match.end() :]
    return data, body_line


# ---------------------------------------------------------------------------------------------


def read_document(path: str) -> Document:
    """Read and parse one file. Raises InputError naming the file (and line) on any problem."""
    try:
        size = os.path.getsize(path)
        if os.path.isdir(path):
            raise InputError("is a directory, not a data file", file=path)
        suffix = os.path.splitext(path)[1].lower()
        limit = MAX_JSON_BYTES if suffix == ".json" else MAX_YAML_BYTES
        if size > limit:
            raise InputError(
                f"is {size:,} bytes; files above {limit:,} bytes are refused"
                + ("" if suffix == ".json" else " (export large data sets as JSON)"),
                file=path,
            )
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror}", file=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise InputError("is not UTF-8 text", file=path, line=line) from None
    if "\x00" in text:
        raise InputError("contains a NUL byte: not a text file", file=path)
    if suffix == ".json":
        return Document(path, parse_json(text, path), "", "json")
    if suffix in (".md", ".markdown"):
        data, body_line = parse_markdown(text, path)
        front = _FRONT.match(text)
        assert front is not None
        lines = tuple(key_lines(front.group(1), (), 1).items())
        return Document(path, data, text, "markdown", body_line, lines)
    data = parse_yaml(text, path)
    if isinstance(data, dict) and data.get("kind") == "job-description":
        return Document(path, data, text, "yaml", 0, tuple(key_lines(text, ()).items()))
    return Document(path, data, text, "yaml")
