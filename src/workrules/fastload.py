"""The fast path for large exports: msgspec decodes a whole JSON or NDJSON file into typed
Structs, or checks a Parquet file's columns whole against the same types.

It is exact by declining: whatever it cannot vouch for, it raises Declined, and the exact
path (`load.parse_json`, `load.parse_ndjson`, `tabular.read_tabular`, the JSON Schema,
`dataset.sections_of`) reads the file again and says what is wrong and where, in the same
one-line `FILE:LINE: reason` as ever.

- The typed form is made from the shipped JSON Schemas, keyword by keyword (a keyword it
  does not know leaves that document kind to the exact path), so it refuses at least what the
  schema refuses. What msgspec cannot say (unique items, a WMT reading's one of week or date)
  is checked after decoding.
- The records are built by the builders generated from the data-model description
  (`builders.py`), the same conversions the exact path runs.
- Duplicate keys: msgspec keeps the last of two equal keys, so the keys are counted. Each
  key is followed by one colon, so when the file's colons are as many as the fields the
  decoder filled, no key was given twice (one scan). A file with colons inside its strings
  (times of day) counts its `":` instead (every key ends with one, when no string holds an
  escape and no colon follows a space).
- Lines: a record's line is known when the file is written one record per line (as the
  national export is): every line of a list starts a record, checked by counting its
  newlines, each once (`_first_lines`). Any other layout goes to the exact path. An NDJSON
  record's line is its line; a Parquet record's, its row (the first is 1).

This module is imported only for an export of 64 KiB or more (`dataset._FAST_MIN`), and for
any Parquet file; `WORKRULES_NO_FAST_LOAD=1` turns it off.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal

import msgspec

from . import datamodel as dm
from .builders import _BadValue, builder
from .limits import MAX_NUMBER
from .load import refuse_long_text


class Declined(Exception):
    """The fast path cannot vouch for this file; read it on the exact path."""


class Built:
    """A document whose records are already built (the fast path's result)."""

    __slots__ = ("data", "kind", "path", "sections")

    def __init__(self, path: str, kind: str, data: dict[str, Any],
                 sections: list[tuple[str, Any]]) -> None:  # fmt: skip
        self.path = path
        self.kind = kind
        self.data = data  # the document's top-level values other than its lists (`unit`, ...)
        self.sections = sections  # (record kind, its records: a list, or a lazyrows.Chunk)


# ---------------------------------------------------------------------------------------------
# Typed form, from the JSON Schema

_KNOWN = {"description", "title", "$comment", "type", "$ref", "pattern", "maxLength",
          "minLength", "minimum", "maximum", "enum", "items", "uniqueItems", "minItems", "required",
          "properties", "additionalProperties", "anyOf", "oneOf", "not", "const"}  # fmt: skip


class _Unknown(Exception):
    pass


def _pattern(p: str) -> str:
    # JSON Schema's `$` is the end of the text; Python's also matches before a final newline.
    return p[:-1] + r"\Z" if p.endswith("$") else p


class _Form:
    """The msgspec types for one schema, with the checks msgspec cannot make."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.structs: dict[str, Any] = {}
        self.unique: dict[str, list[str]] = {}  # struct name -> list fields with unique items
        # struct name -> (field, pattern) for string fields the schema gives a pattern
        self.patterns: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self.pattern: str | None = None  # the pattern of the last string type made
        self.types: dict[str, dict[str, Any]] = {}  # struct name -> field -> its type (as given)
        # Whether a record holds a list of objects, or a list named as one of the document's:
        # then a line that starts with `{` may not be a record's (`_first_lines`)
        self.nested_lists = False

    def resolve(self, node: dict[str, Any]) -> tuple[dict[str, Any], str]:
        name = ""
        while "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            extra = set(node) - {"$ref", "description"}
            if extra:
                raise _Unknown(extra)
            node = self.root["$defs"][name]
        if set(node) - _KNOWN:
            raise _Unknown(set(node) - _KNOWN)
        return node, name

    def type_of(self, node: dict[str, Any]) -> Any:
        node, name = self.resolve(node)
        if "anyOf" in node:
            parts = [self.resolve(n)[0] for n in node["anyOf"]]
            if any(p.get("type") != "string" or "pattern" not in p for p in parts):
                raise _Unknown("anyOf")
            joined = "|".join(f"(?:{_pattern(p['pattern'])})" for p in parts)
            self.pattern = joined
            return str
        kind = node.get("type")
        if "not" in node and node["not"] != {"pattern": "\n"}:
            raise _Unknown("not")
        if kind == "object":
            return self.struct(name or "Doc", node)
        if "enum" in node:
            return Literal[tuple(node["enum"])]
        if kind == "string":
            # A pattern is checked after decoding, once for each distinct value (dates and
            # grades repeat); msgspec would run the regular expression on every value.
            self.pattern = _pattern(node["pattern"]) if "pattern" in node else None
            meta: dict[str, Any] = {
                "min_length": node.get("minLength"), "max_length": node.get("maxLength"),
            }  # fmt: skip
            return Annotated[str, msgspec.Meta(**{k: v for k, v in meta.items() if v is not None})]
        if kind in ("integer", "number"):
            low = node.get("minimum", -MAX_NUMBER)
            high = min(node.get("maximum", MAX_NUMBER), MAX_NUMBER)
            whole = Annotated[int, msgspec.Meta(ge=low, le=high)]
            if kind == "integer":
                return whole
            return whole | Annotated[float, msgspec.Meta(ge=low, le=high)]
        if kind == "boolean":
            return bool
        if kind == "array":
            items: Any = tuple[self.type_of(node["items"]), ...]  # type: ignore[misc]
            if self.pattern is not None:
                raise _Unknown("a pattern on the items of a list")
            if "minItems" in node:
                return Annotated[items, msgspec.Meta(min_length=node["minItems"])]
            return items
        raise _Unknown(kind)

    def struct(self, name: str, node: dict[str, Any]) -> Any:
        if name in self.structs:
            return self.structs[name]
        if node.get("additionalProperties") is not False or set(node) & {"anyOf", "not"}:
            raise _Unknown(name)
        required = set(node.get("required", ()))
        types: dict[str, Any] = {}
        fields: list[Any] = []
        unique = []
        patterns: list[tuple[str, re.Pattern[str]]] = []
        for prop, sub in node["properties"].items():
            if prop == "kind" and "const" in sub:
                continue  # the tag
            self.pattern = None
            t = types[prop] = self.type_of(sub)
            if self.pattern is not None:
                patterns.append((prop, re.compile(self.pattern)))
                self.pattern = None
            if sub.get("uniqueItems"):
                unique.append(prop)
            if prop in required:
                fields.insert(sum(1 for f in fields if len(f) == 2), (prop, t))
            else:
                fields.append((prop, t | msgspec.UnsetType, msgspec.UNSET))
        if "oneOf" in node and node["oneOf"] != [{"required": ["week"]}, {"required": ["date"]}]:
            raise _Unknown("oneOf")
        kind_const = node["properties"].get("kind", {}).get("const")
        options: dict[str, Any] = {"forbid_unknown_fields": True, "gc": False}
        if kind_const is not None:
            options.update(tag_field="kind", tag=kind_const)
        cls = msgspec.defstruct(name, fields, **options)
        self.structs[name] = cls
        self.unique[name] = unique
        self.patterns[name] = patterns
        self.types[name] = types
        return cls


def _item_type(t: Any) -> Any:
    """The type of the items of a list type, or None for any other."""
    if typing.get_origin(t) is Annotated:
        t = typing.get_args(t)[0]
    return typing.get_args(t)[0] if typing.get_origin(t) is tuple else None


@functools.cache
def _forms() -> tuple[Any, dict[str, _Form]]:
    """The tagged union of the document kinds the fast path reads, and each one's form."""
    from .dataset import schema

    forms: dict[str, _Form] = {}
    types = []
    for kind in ("rota", "allocation", "staff"):
        form = _Form(schema(kind))
        try:
            types.append(form.struct(kind.title(), schema(kind)))
        except _Unknown:
            continue  # a schema keyword this module does not know: the exact path reads it
        root_lists = {p for p, t in form.types[kind.title()].items() if _item_type(t)}
        form.nested_lists = any(
            (isinstance(item, type) and issubclass(item, msgspec.Struct)) or prop in root_lists
            for name, types in form.types.items() if name != kind.title()
            for prop, t in types.items() if (item := _item_type(t)) is not None
        )  # fmt: skip
        forms[kind] = form
    union: Any = types[0]
    for t in types[1:]:
        union = union | t
    return union, forms


# ---------------------------------------------------------------------------------------------
# The fast path

# Any space before a colon, wherever it is: `"key" :`, and as well `"key"  :` or `"key"\r\n:`,
# whose space before the quote is not one byte (a key so written would not be counted by `":`).
_SPACED_COLONS = (b" :", b"\t:", b"\n:", b"\r:")


def _no_duplicate_keys(raw: bytes, keys: int) -> bool:
    """Whether `raw` holds no more keys than the `keys` the decoder filled: no key given twice.

    Every key is followed by one colon, so the file's colons are its keys and the colons
    inside strings: when they number `keys`, no key is repeated (one scan at C speed). When a
    string holds a colon (a time of day), the keys are counted by their `":` instead, which
    needs every key to end `":` and no string to hide one: no escape at all (no escaped
    quote, no `\\u`: a lone surrogate is the exact path's to refuse), and every colon right
    after a quote, or else none after a space of any kind (a key written `"key"  :` ends in
    no `":`)."""
    colons = raw.count(b":")
    if colons == keys:
        return True
    if b"\\" in raw:
        return False
    quoted = raw.count(b'":')
    return quoted == keys and (colons == quoted or not any(s in raw for s in _SPACED_COLONS))


def read_fast(raw: bytes, path: str, lazy: bool = False, rest: bytes | None = None,
              kept: dict[str, Any] | None = None, others: list[int] | None = None,
              counted: dict[tuple[int, int], int] | None = None) -> Built:  # fmt: skip
    """The document in `raw`, built; raises Declined when the exact path must read it. With
    `lazy`, its lists' records are kept unbuilt where they can be (`_kept`).

    `rest` (from `arrowload.read_json_columns`): `raw` with the records of the lists `kept`
    cut out, each list left as `"name":[` and its `]` on the next line. `rest` is decoded
    and its keys counted; `kept` (list name -> its records, read already, as a
    `lazyrows.Chunk`) stand in for those lists, whose lines are counted in `raw` with the
    others (`others`: `_other_lines(raw)`, when known; `counted`: newlines of `raw` counted
    already, see `_first_lines`)."""
    if rest is None:
        raw = unmarked(raw)
        refuse_long_text(raw, path)  # (a text too long is refused as the exact path refuses it)
    if raw[:1] != b"{":
        raise Declined
    union, forms = _forms()
    try:
        doc = msgspec.json.decode(raw if rest is None else rest, type=union)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        raise Declined from None
    kind = type(doc).__name__.lower()
    form = forms[kind]
    _check_patterns(form, [doc])
    # `kind`, and every other top-level key given
    keys = 1 + sum(getattr(doc, f) is not msgspec.UNSET for f in doc.__struct_fields__)
    top = {"kind": kind}
    for name in doc.__struct_fields__:
        value = getattr(doc, name)
        if value is not msgspec.UNSET and not isinstance(value, list | tuple):
            top[name] = value
    lists: list[tuple[str, str, Any]] = []
    kept = dict(kept or {})
    columns = set(kept)
    for section, record_kind in dm.LISTS[kind].items():
        raws = getattr(doc, section)
        if section in kept:
            if raws is msgspec.UNSET or raws:
                raise Declined  # not the list cut out of `rest`
            lists.append((section, record_kind, kept.pop(section)))
            continue
        if raws is msgspec.UNSET or not raws:
            continue
        keys += _count_keys(raws, form)
        lists.append((section, record_kind, raws))
    if kept or not _no_duplicate_keys(raw if rest is None else rest, keys):
        raise Declined  # a duplicate key, or a layout the count cannot vouch for
    counts = [(section, raws.size if section in columns else len(raws))
              for section, _, raws in lists]  # fmt: skip
    firsts = _first_lines(raw, counts, form, others, counted)
    built_by_kind: dict[str, Any] = {}
    for first, (section, record_kind, raws) in zip(firsts, lists, strict=True):
        if section in columns:  # read as columns: where its first record is, checked
            if raws.first != first:
                raise Declined
            built_by_kind[record_kind] = raws
            continue
        chunk = _kept(record_kind, raws, path, first, form) if lazy else None
        built_by_kind[record_kind] = chunk or _build(record_kind, raws, path, first, form)
    sections = [(k, built_by_kind.get(k, [])) for k in dm.LISTS[kind].values()]
    if _name_not_ascii(top):
        raise Declined  # the exact path looks at it, and says where it is (dataset)
    return Built(path, kind, top, sections)


def unmarked(raw: bytes) -> bytes:
    """`raw` without the byte-order mark it starts with, if it does: the exact path reads the
    text after it (`utf-8-sig`), on the lines it gives, and so may these. A file saved by a
    Windows tool with one was read the exact way (attack round 28, P4: 102 MB of NDJSON
    timesheets, 56 s where it took 11 s without)."""
    return raw[3:] if raw[:3] == b"\xef\xbb\xbf" else raw


def ndjson_header(raw: bytes) -> tuple[dict[str, Any], str, str, str, _Form, dict[str, Any], int]:
    """An NDJSON export's header line, checked as a document's top level: the header's values
    (without `list`), its kind, the list it fills, that list's record kind, the kind's typed
    form, the document's top-level values, and where the header line ends; Declined when the
    exact path must read it."""
    if raw[:1] != b"{":
        raise Declined
    end = raw.find(b"\n")
    if end < 0:
        raise Declined
    try:
        header = msgspec.json.decode(raw[:end])
    except (msgspec.DecodeError, RecursionError):  # nested thousands deep: the exact path's
        raise Declined from None
    if not isinstance(header, dict) or not isinstance(header.get("list"), str) \
            or not _no_duplicate_keys(raw[:end], len(header)):  # fmt: skip
        raise Declined
    section = header.pop("list")
    from .dataset import required_lists

    union, forms = _forms()
    kind = header.get("kind")
    record_kind = dm.LISTS.get(kind, {}).get(section) if isinstance(kind, str) else None
    if record_kind is None or section in header or kind not in forms:
        raise Declined
    try:  # the header's other values, as the top level of a document of its kind
        lists: dict[str, list[Any]] = {key: [] for key in (*required_lists(kind), section)}
        doc = msgspec.json.decode(msgspec.json.encode({**header, **lists}), type=union)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        raise Declined from None
    form = forms[kind]
    _check_patterns(form, [doc])
    top = {"kind": kind}
    for name in doc.__struct_fields__:
        value = getattr(doc, name)
        if value is not msgspec.UNSET and not isinstance(value, list | tuple):
            top[name] = value
    return header, kind, section, record_kind, form, top, end


def read_fast_ndjson(raw: bytes, path: str, lazy: bool = False) -> Built:
    """An NDJSON export (a header line, then one record per line), built; Declined when the
    exact path must read it (`load.parse_ndjson`). With `lazy`, its records are kept unbuilt
    where they can be (`lazyrows.from_ndjson`)."""
    raw = unmarked(raw)
    refuse_long_text(raw, path)  # (as the exact path refuses it)
    header, kind, section, record_kind, form, top, end = ndjson_header(raw)
    ref = form.root["properties"][section]["items"]["$ref"].rsplit("/", 1)[1]
    body = raw[end + 1:]
    if not body.endswith(b"\n") or body[:1] != b"{":
        raise Declined  # no final newline: the exact path counts the lines
    try:
        item: Any = form.structs[ref]
        raws = msgspec.json.Decoder(item).decode_lines(body)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        raise Declined from None
    # One record a line: as many lines as records, each starting with one (no blank line,
    # and no line holding two, `{...} {...}`, which the exact path refuses)
    if len(raws) != body.count(b"\n") or len(raws) != body.count(b"\n{") + 1:
        raise Declined
    keys = len(header) + 1 + (_count_keys(raws, form) if raws else 0)  # + `list`
    if not _no_duplicate_keys(raw, keys):
        raise Declined
    built = _kept(record_kind, raws, path, 2, form) if lazy else None
    if built is None:
        built = _build(record_kind, raws, path, 2, form) if raws else []
    sections = [(k, built if k == record_kind else []) for k in dm.LISTS[kind].values()]
    if _name_not_ascii(top):
        raise Declined  # the exact path looks at it, and says where it is (dataset)
    return Built(path, kind, top, sections)


def _name_not_ascii(top: dict[str, Any]) -> bool:
    """Whether a file's unit or region is named with a character outside ASCII: the exact
    path checks that it shows, and looks like itself (`dataset._unseen_in_name`)."""
    return any(isinstance(v, str) and not v.isascii()
               for v in (top.get("unit"), top.get("region")))  # fmt: skip


def read_fast_columns(columns: dict[str, list[Any]], rows: int, path: str, kind: str,
                      section: str) -> Built:
    """A table's records (a Parquet export: one list, a column per field, None where a value
    is not given, a nested record's column holding mappings), built; Declined when the exact
    path must read it (`tabular.read_tabular`). A record's line is its row, the first being 1.

    Each column is checked whole against its field's type, in C (`msgspec.convert`); the
    records are then built as the JSON fast path builds them. As on the exact path, an empty
    text is a value not given."""
    forms = _forms()[1]
    record_kind = dm.LISTS.get(kind, {}).get(section)
    if record_kind is None or kind not in forms:
        raise Declined
    form = forms[kind]
    ref = form.root["properties"][section]["items"]["$ref"].rsplit("/", 1)[1]
    built = _build(record_kind, _structs(form, ref, columns, rows), path, 1, form) if rows else []
    sections = [(k, built if k == record_kind else []) for k in dm.LISTS[kind].values()]
    return Built(path, kind, {"kind": kind}, sections)


def _structs(form: _Form, name: str, columns: dict[str, list[Any]], rows: int) -> list[Any]:
    """The Structs `name` of a table's columns, each checked whole against its type."""
    cls = form.structs[name]
    types = form.types[name]
    if not columns.keys() <= types.keys():
        raise Declined  # an unknown column: the exact path says which, and what was meant
    required = len(cls.__struct_fields__) - len(cls.__struct_defaults__)
    args: list[Any] = []
    for index, field in enumerate(cls.__struct_fields__):
        values = columns.get(field)
        if values is None or len(values) != rows:
            if index < required:
                raise Declined
            args.append(itertools.repeat(msgspec.UNSET, rows))
            continue
        t = types[field]
        if isinstance(t, type) and issubclass(t, msgspec.Struct):  # a nested record
            values = [None if v is None else {k: x for k, x in v.items() if x is not None}
                      for v in values]  # fmt: skip
        try:
            values = msgspec.convert(values, list[t | None])  # type: ignore[valid-type]
        except msgspec.ValidationError:
            raise Declined from None
        if None in values or "" in values:  # not given
            if index < required:
                raise Declined
            values = list(map(_NOT_GIVEN.get, values, values))
        args.append(values)
    return list(map(cls, *args))


_NOT_GIVEN: dict[Any, Any] = {None: msgspec.UNSET, "": msgspec.UNSET}


def _count_keys(raws: list[Any], form: _Form) -> int:
    """The keys the decoder filled in a list of Structs (and in their nested Structs)."""
    cls = type(raws[0])
    fields = cls.__struct_fields__
    required = len(fields) - len(cls.__struct_defaults__)  # always there, in every record
    total = required * len(raws)
    for index, name in enumerate(fields):
        if index >= required:  # given where not UNSET
            total += len(raws) - operator.countOf(map(_getter(name), raws), msgspec.UNSET)
        elif isinstance(getattr(raws[0], name), msgspec.Struct):  # a required nested record
            total += _count_keys(list(map(_getter(name), raws)), form)
    return total


@functools.cache
def _getter(name: str) -> Callable[[Any], Any]:
    return operator.attrgetter(name)


# A newline that does not start a record's line: one not followed by `{`, or followed by a
# `{` that is not an item of a list (not after `[` or `,`: a nested record's `{`).
_NOT_A_RECORD = re.compile(rb"\n(?:(?!\{)|(?<![,\[]\n)(?<![,\[]\r\n))")


_MAX_OTHERS = 1000  # lines that start no record: a document's top-level keys, lists' brackets


def _other_lines(raw: bytes) -> list[int]:
    """Where the newlines are that start no record (`_NOT_A_RECORD`); Declined when there are
    `_MAX_OTHERS` or more (records on many lines each: an indented file)."""
    others = [m.start() for m in itertools.islice(_NOT_A_RECORD.finditer(raw), _MAX_OTHERS)]
    if len(others) == _MAX_OTHERS:
        raise Declined
    return others


def _first_lines(raw: bytes, lists: list[tuple[str, int]], form: _Form,
                 others: list[int] | None = None,
                 counted: dict[tuple[int, int], int] | None = None) -> list[int]:  # fmt: skip
    """The line of the first record of each list (`lists`: each one's name and its number of
    records), when each record starts a line of its own, one after another; Declined
    otherwise. One scan finds the newlines that start no record (a few: the lines that open
    and close the lists); each newline between them is counted once, in place.

    A raw newline cannot be inside a string, so a newline followed by `{` after a `[` or a
    `,` starts an item of a list of objects, and the only such lists are the document's
    (`_Form.nested_lists`). A list's opener must stand on a line that starts no record, with
    its first record on the next line: then its records are the newlines from there up to
    the next newline that starts none, when they are as many as its records (no other list
    is open between them). `counted`: the newlines of `raw` from one place up to another,
    counted already (`arrowload.read_json_columns` counts each list's), by those places:
    not counted again."""
    if form.nested_lists:
        raise Declined
    if others is None:
        others = _other_lines(raw)
    if any(raw[at + 1:at + 2] == b"{" for at in others):
        raise Declined  # a nested record's `{` starts a line
    line_starts = [0, *(at + 1 for at in others)]
    opened: list[tuple[int, int, int]] = []  # (where the opener is, which list, its records)
    for index, (section, count) in enumerate(lists):
        opener = f'"{section}":['.encode()
        for start in line_starts:
            at = raw.find(opener, start, raw.find(b"\n", start) + 1 or len(raw))
            if at >= 0:
                break
        else:
            raise Declined  # its opener is on a record's line, or written otherwise
        opened.append((at, index, count))
    opened.sort()
    lines = [0] * len(lists)
    before = 0  # records before this list
    for at, index, count in opened:
        newline = raw.find(b"\n", at)  # the one before its first record
        if newline < 0 or raw[newline + 1:newline + 2] != b"{":
            raise Declined
        after = bisect.bisect_left(others, at)  # the lines that start no record, before it
        if after < len(others) and others[after] == newline:
            raise Declined
        end = others[after] if after < len(others) else len(raw)
        newlines = (counted or {}).get((newline, end))
        if newlines is None:
            newlines = raw.count(b"\n", newline, end)
        if newlines != count:
            raise Declined
        lines[index] = after + before + 2
        before += count
    return lines


def _check_patterns(form: _Form, structs: list[Any]) -> None:
    """Each distinct value of a field the schema gives a pattern matches it."""
    for name, pattern in form.patterns.get(type(structs[0]).__name__, ()):
        values = set(map(_getter(name), structs))
        values.discard(msgspec.UNSET)
        if not all(map(pattern.search, values)):
            raise Declined


def _kept(record_kind: str, raws: list[Any], path: str, first: int, form: _Form) -> Any:
    """A list's records, one a line from line `first`, checked and kept unbuilt (a
    `lazyrows.Chunk`), or None where they are to be built now."""
    from .lazyrows import LAZY_KINDS, from_structs

    if record_kind not in LAZY_KINDS or not raws:
        return None
    _check_record(record_kind, raws, form)
    try:
        return from_structs(raws, path, record_kind, form, first)
    except Declined:
        return None


def _build(record_kind: str, raws: list[Any], path: str, first: int, form: _Form) -> list[Any]:
    build = builder(record_kind, attr=True)
    _check_record(record_kind, raws, form)
    try:
        return list(map(build, raws, itertools.repeat(path), itertools.count(first)))
    except _BadValue:
        raise Declined from None


def _check_record(record_kind: str, raws: list[Any], form: _Form) -> None:
    """What the decoder cannot check of a list of records: patterns, unique items, a WMT
    reading's one of week or date."""
    if not raws:
        return
    cls_name = type(raws[0]).__name__
    _check_patterns(form, raws)
    if record_kind == "report":
        _check_patterns(form, list(map(_getter("subject"), raws)))
    for name in form.unique.get(cls_name, ()):
        for v in map(_getter(name), raws):
            if v is not msgspec.UNSET and len(v) > 1 and len(set(v)) != len(v):
                raise Declined
    if record_kind == "report":
        for r in raws:
            flags = r.subject.flags
            if flags is not msgspec.UNSET and len(set(flags)) != len(flags):
                raise Declined
    if record_kind == "wmt":
        unset = msgspec.UNSET
        if any((r.week is unset) == (r.date is unset) for r in raws):
            raise Declined

