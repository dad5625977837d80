"""The type-checked policy as plain data, for the policy cache (`ast_cache`).

A warm run loads a policy from the cache of its type-checked form: the IR of each rule
(`lang/ir.py`), its head (id, clause, title, `from`, place, the grades it judges by), the
parameters' facts, values, waivers and grades. It never decodes the AST, so it imports
neither the AST classes (`lang/nodes.py`) nor the type-check stage; the tools that read the
AST (describe, explain, document, policy diff) have it decoded when they ask (`policy.py`).

The entry is JSON of lists, strings and numbers that `decode` turns back into the IR's
NamedTuple classes, field types, the data model's kinds (by name), dates, sets, dicts,
parameter histories and the policy's compiled text patterns (by name), and nothing else.
It is signed and checked as every entry is (`ast_cache._load`): one not written with this
user's key is a miss. Unlike an AST, which is type-checked again, the IR is what the Python
engine writes its code from, so that signature is what stands between an entry and the run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from typing import Any

from . import model as m
from .lang import ir

FORMAT = b"workrules-ir-json-1"  # part of every key: a new encoding never reads an old one

_IR_CLASSES: dict[str, type] = {
    name: cls for name, cls in vars(ir).items()
    if isinstance(cls, type) and cls.__module__ == ir.__name__ and issubclass(cls, tuple)
}  # fmt: skip
_IR_NAMES: dict[type, str] = {cls: name for name, cls in _IR_CLASSES.items()}
_SCALARS = frozenset({str, bool, int, float, type(None)})
# What decides the checked form beside the policy's own files (whose keys cover the grammar,
# the parser and the AST classes): the type-check, the IR, the data model, the merging of a
# chain of files, and this encoding.
_CHECKER_MODULES = ("lang/typecheck.py", "lang/ir.py", "model.py", "datamodel.py", "policy.py",
                    "ir_cache.py", "textpattern.py")  # fmt: skip
_CODE: list[bytes] = []


def entry_name(parts: list[str]) -> str:
    """The name of the entry for the policy whose place is told by `parts` (its name, path,
    resolved path and repository), checked by the code of this run."""
    from . import __version__, ast_cache

    if not _CODE:
        here = os.path.dirname(os.path.abspath(__file__))
        code = b""
        for module in _CHECKER_MODULES:
            with open(os.path.join(here, module), "rb") as handle:
                code += handle.read() + b"\0"
        _CODE.append(code)
    key = ast_cache.content_hash(b"\0".join([FORMAT, __version__.encode(), _CODE[0],
                                             *(p.encode() for p in parts)]))  # fmt: skip
    return f"checked-{key.hex()[:32]}.json"


def encode(value: Any, matchers: Mapping[str, Any]) -> Any:
    """A checked policy's parts as plain data: IR nodes, field types, kinds, the compiled text
    patterns (by their names in `matchers`), dates, tuples, sets, dicts, value histories."""
    from .policy import ValueHistory

    types: dict[m.FieldType, int] = {}
    table: list[Any] = []
    pattern_names = {id(matcher): name for name, matcher in matchers.items()}

    def enc(v: Any) -> Any:
        if type(v) in _SCALARS:
            return v
        name = _IR_NAMES.get(type(v))
        if name is not None:  # before plain tuples: a node is a tuple too
            return [name, *map(enc, v)]
        if isinstance(v, m.FieldType):
            if v not in types:
                row = [v.name, v.dim, list(v.values), enc(v.elem), v.record, v.optional]
                types[v] = len(table)
                table.append(row)
            return ["T", types[v]]
        if isinstance(v, m.Kind):
            if m.KINDS.get(v.name) is not v:
                raise TypeError(f"not a kind of the data model: {v.name}")
            return ["K", v.name]
        if id(v) in pattern_names:
            return ["G", pattern_names[id(v)]]
        if type(v) is tuple:
            return ["", *map(enc, v)]
        if type(v) is frozenset:
            return ["S", *map(enc, v)]
        if type(v) is dt.date:
            return ["@", v.isoformat()]
        if type(v) is dict:
            return ["D", *(x for k, item in v.items() for x in (_key(k), enc(item)))]
        if type(v) is ValueHistory:
            return ["V", enc(v.steps)]
        raise TypeError(f"not part of a checked policy: {type(v).__name__}")

    encoded = enc(value)
    return {"types": table, "value": encoded}


def _key(k: Any) -> str:
    if type(k) is not str:
        raise TypeError("a dict of a checked policy is keyed by text")
    return k


# The fields whose text is free (said in sentences, or bound as values); every other text of
# an IR node is a name, a keyword or an operator, as the engine writes into its code: no
# quote, bracket, dot or line break, whatever a signed entry holds.
_FREE_TEXT: dict[str, tuple[str, ...]] = {
    "Const": ("value",), "TextMatch": ("pattern",), "Gives": ("pattern",),
    "NumberIn": ("pattern",),
    "Fact": ("text", "words"), "Ratio": ("left_text", "right_text"), "Rule": ("template",),
    "Counted": ("singular", "plural"), "Those": ("text",),
    "RuleHead": ("id", "clause", "title", "why", "severity", "effective", "file"),
}  # fmt: skip
_NAME_TEXT = re.compile(r"[A-Za-z0-9_ <>=!+\-*/%]*")


def _plain_words(value: Any) -> bool:
    """Whether every text in `value` (a text, or a tuple of them) is plain: see _FREE_TEXT."""
    if type(value) is str:
        return value in _PLAIN or _plain_text(value)
    if type(value) is tuple and not hasattr(value, "_fields"):
        return all(_plain_words(v) for v in value)
    return True


def _plain_text(text: str) -> bool:
    """Whether `text` is plain (`_NAME_TEXT`), kept in `_PLAIN` when it is: an entry names
    the same fields, types and operators thousands of times."""
    if _NAME_TEXT.fullmatch(text) is None:
        return False
    if len(_PLAIN) < 10_000:
        _PLAIN.add(text)
    return True


_PLAIN: set[str] = set()
# For each IR class, the places of its fields whose text must be plain (not in _FREE_TEXT)
_NAMED_AT: dict[str, tuple[int, ...]] = {
    tag: tuple(i for i, f in enumerate(cls._fields)  # type: ignore[attr-defined]
               if f not in _FREE_TEXT.get(tag, ()))
    for tag, cls in _IR_CLASSES.items()
}  # fmt: skip


def decode(data: Any, matchers: Mapping[str, Any]) -> Any:
    """What `encode` gave `data`; ValueError (or KeyError, TypeError) for anything else."""
    from .policy import ValueHistory

    rows = data["types"]
    types: list[m.FieldType | None] = [None] * len(rows)
    plain = _PLAIN

    def field_type(i: int) -> m.FieldType:
        t = types[i]
        if t is None:
            name, dim, values, elem, record, optional = rows[i]
            elem_t = dec(elem) if elem is not None else None
            if not (isinstance(name, str) and isinstance(dim, str) and isinstance(record, str)
                    and type(optional) is bool and (elem_t is None
                                                    or isinstance(elem_t, m.FieldType))):
                raise ValueError("not an encoded field type")
            t = types[i] = m.FieldType(name, dim, tuple(map(str, values)), elem_t, record,
                                       optional)  # fmt: skip
        return t

    def dec(d: Any) -> Any:
        if type(d) in _SCALARS:
            return d
        if type(d) is not list or not d:
            raise ValueError("not an encoded checked policy")
        tag = d[0]
        if tag == "T" and len(d) == 2 and type(d[1]) is int and d[1] >= 0:
            return field_type(d[1])
        if tag == "K" and len(d) == 2:
            return m.KINDS[d[1]]
        if tag == "G" and len(d) == 2:
            return matchers[d[1]]
        if tag == "@" and len(d) == 2 and type(d[1]) is str:
            return dt.date.fromisoformat(d[1])
        items = [x if type(x) in _SCALARS else dec(x) for x in d[1:]]
        if tag == "":
            return tuple(items)
        if tag == "S":
            return frozenset(items)
        if tag == "D":
            if any(type(k) is not str for k in items[::2]):
                raise ValueError("a dict of a checked policy is keyed by text")
            return dict(zip(items[::2], items[1::2], strict=True))
        if tag == "V" and len(items) == 1 and type(items[0]) is tuple:
            return ValueHistory(items[0])
        cls: Any = _IR_CLASSES[tag]
        if len(items) != len(cls._fields):
            raise ValueError(f"{tag} has {len(cls._fields)} fields")
        for at in _NAMED_AT[tag]:
            item = items[at]
            kind = type(item)
            if kind is str:
                if item not in plain and not _plain_text(item):
                    raise ValueError(f"{tag}.{cls._fields[at]}: not a name")
            elif kind is tuple and not _plain_words(item):
                raise ValueError(f"{tag}.{cls._fields[at]}: not a name")
        return cls(*items)

    return dec(data["value"])
