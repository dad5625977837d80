"""A quick answer to "is this small document surely valid under its JSON Schema?".

The pre-commit path checks one job description, and jsonschema_rs costs it more to import
(with the `email.utils` it pulls in) than the whole check of the file. So the loader first asks
`surely_valid`: a few plain Python tests over the handful of keywords the job-description
schema uses. The answer is True only when the document is valid beyond doubt. Anything else
(a keyword this module does not know, a float where an integer is wanted, a pattern applied to
text outside printable ASCII, an error) is "not sure", and the loader runs jsonschema_rs exactly
as before, so every refusal comes from jsonschema_rs with the same words. This can make the
loader skip a validator, never accept a document the schema refuses.
"""

from __future__ import annotations

import re
from typing import Any

# Keywords that say nothing about validity.
_NOTES = frozenset({"$schema", "$id", "$comment", "title", "description", "$defs", "examples"})
_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),  # the loader's mappings and lists are subclasses
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: _is_int(v) and -(2**53) < v < 2**53,
    "null": lambda v: v is None,
}
_PRINTABLE_ASCII = re.compile(r"[ -~]*\Z")
_REGEX_SYNTAX = "\\^$.|?*+()[]{}"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Unsure(Exception):
    """The question is beyond this module: ask jsonschema_rs."""


def surely_valid(schema: dict[str, Any], document: Any) -> bool:
    """True when `document` is valid under `schema` beyond doubt; False when it is not, or
    when this module cannot tell."""
    try:
        return _valid(schema, document, schema, 0)
    except (_Unsure, RecursionError, TypeError, ValueError, KeyError, re.error):
        return False


def _valid(schema: Any, value: Any, root: dict[str, Any], depth: int) -> bool:
    if not isinstance(schema, dict) or depth > 32:
        raise _Unsure
    for keyword, arg in schema.items():
        if keyword in _NOTES:
            continue
        check = _KEYWORDS.get(keyword)
        if check is None:
            raise _Unsure
        if not check(arg, value, schema, root, depth):
            return False
    return True


def _ref(arg: Any, value: Any, schema: Any, root: dict[str, Any], depth: int) -> bool:
    if not isinstance(arg, str) or not arg.startswith("#/$defs/") or "~" in arg:
        raise _Unsure
    return _valid(root["$defs"][arg[len("#/$defs/"):]], value, root, depth + 1)


def _type(arg: Any, value: Any, *_: Any) -> bool:
    return bool(_TYPES[arg](value))  # an unknown or listed type: KeyError/TypeError, unsure


def _const(arg: Any, value: Any, *_: Any) -> bool:
    if type(arg) is not str:
        raise _Unsure
    return isinstance(value, str) and value == arg


def _enum(arg: Any, value: Any, *_: Any) -> bool:
    if not isinstance(arg, list) or not all(type(o) is str for o in arg):
        raise _Unsure
    return isinstance(value, str) and value in arg


def _required(arg: Any, value: Any, *_: Any) -> bool:
    return not isinstance(value, dict) or all(name in value for name in arg)


def _properties(arg: Any, value: Any, schema: Any, root: dict[str, Any], depth: int) -> bool:
    if not isinstance(value, dict):
        return True
    return all(_valid(arg[k], v, root, depth + 1) for k, v in value.items() if k in arg)


def _additional(arg: Any, value: Any, schema: Any, *_: Any) -> bool:
    if arg is not False or "patternProperties" in schema:
        raise _Unsure
    return not isinstance(value, dict) or all(k in schema.get("properties", ()) for k in value)


def _length(arg: Any, value: Any) -> int | None:
    if type(arg) is not int:
        raise _Unsure
    return len(value) if isinstance(value, str) else None


def _min_length(arg: Any, value: Any, *_: Any) -> bool:
    n = _length(arg, value)
    return n is None or n >= arg


def _max_length(arg: Any, value: Any, *_: Any) -> bool:
    n = _length(arg, value)
    return n is None or n <= arg


def _minimum(arg: Any, value: Any, *_: Any) -> bool:
    if type(arg) is not int:
        raise _Unsure
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return True
    if not _is_int(value) or not -(2**53) < value < 2**53:
        raise _Unsure  # floats and huge numbers: leave rounding questions to the validator
    return value >= arg


def _pattern(arg: Any, value: Any, *_: Any) -> bool:
    if not isinstance(value, str):
        return True
    # The schema's regular expressions are ECMA-262 ones run by jsonschema_rs; Python's `re`
    # reads them alike for text of printable ASCII (no newline for `$`, no Unicode classes).
    if not _PRINTABLE_ASCII.match(value):
        raise _Unsure
    if re.search(arg, value) is None:
        raise _Unsure  # a refusal is the validator's to word
    return True


def _not(arg: Any, value: Any, *_: Any) -> bool:
    # Only the form the schemas use: `not: {pattern: LITERAL}`, "must not contain LITERAL".
    literal = arg.get("pattern") if isinstance(arg, dict) and len(arg) == 1 else None
    if not isinstance(literal, str) or not literal or any(c in literal for c in _REGEX_SYNTAX):
        raise _Unsure
    if not isinstance(value, str):
        return False  # a non-string passes `pattern`, so `not` refuses it
    return arg["pattern"] not in value


_KEYWORDS: dict[str, Any] = {
    "$ref": _ref, "type": _type, "const": _const, "enum": _enum, "required": _required,
    "properties": _properties, "additionalProperties": _additional, "minLength": _min_length,
    "maxLength": _max_length, "minimum": _minimum, "pattern": _pattern, "not": _not,
}  # fmt: skip
