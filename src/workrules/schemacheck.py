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

import functools
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
    return _within(arg, value, lambda bound: value >= bound)


def _maximum(arg: Any, value: Any, *_: Any) -> bool:
    return _within(arg, value, lambda bound: value <= bound)


def _within(arg: Any, value: Any, holds: Any) -> bool:
    """A whole number's bound (`minimum`, `maximum`) kept by `value`, if it is a number."""
    if type(arg) is not int:
        raise _Unsure
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return True
    if not _is_int(value) or not -(2**53) < value < 2**53:
        raise _Unsure  # floats and huge numbers: leave rounding questions to the validator
    return bool(holds(arg))


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
    "maxLength": _max_length, "minimum": _minimum, "maximum": _maximum, "pattern": _pattern,
    "not": _not,
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# A refusal in plain words. jsonschema_rs words a refusal for schema authors ('"41,5" is not of
# type "number"', '-1 is less than the minimum of 0'); a rota's author wants the field, what it
# holds and what it should hold.

_EXPECTED = {
    "number": "a number", "integer": "a whole number", "string": "text",
    "boolean": "true or false", "array": "a list", "object": "a mapping of fields",
    "null": "empty",
}  # fmt: skip
_NUMERIC_TEXT = re.compile(r"\s*-?[0-9]+(\.[0-9]+)?\s*\Z")


def json_text(text: str) -> str:
    """`text` as a JSON (and YAML) string."""
    import json

    return json.dumps(text, ensure_ascii=False)


def shown(value: Any) -> str:
    """A value as a refusal quotes it: text in quotes, true/false as written, a list or a
    mapping by what it is."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__


def date_hint(text: str) -> str:
    """`hints.date_hint`, its module (and its regular expressions) imported on the first
    refusal that asks: the pre-commit path of a valid job description never compiles them."""
    from .hints import date_hint as hint

    return hint(text)


def serial_hint(text: str) -> str:
    """`hints.serial_hint`, imported when first asked (as `date_hint`)."""
    from .hints import serial_hint as hint

    return hint(text)


def number_hint(text: str, advice: str = "") -> str:
    """`hints.number_hint`, imported when first asked (as `date_hint`)."""
    from .hints import number_hint as hint

    return hint(text, advice)


# what an export writes in a cell that has no value
_NO_VALUE = frozenset(("n/a", "na", "n.a.", "n.a", "-", "\u2013", "\u2014", "none", "null", "nil",
                       "tbc", "tba", "?", "unknown"))


@functools.cache
def _date_fields() -> frozenset[str]:
    """The names of the data model's date and week fields."""
    from . import datamodel

    return frozenset(f.name for r in datamodel.BY_NAME.values() for f in r.fields
                     if f.type in ("date", "week"))  # fmt: skip


# Why a field of hours has a most (the schemas' weekHours and dayHours).
_AT_MOST = {
    "hours_worked": "a timesheet row is one week's, and a week has 168 hours",
    "contracted_hours": "contracted hours are a week's, and a week has 168 hours",
    # TOIL or pay of 480 h in a week's row was read as 480 hours (attack round 24: minutes)
    "toil_hours": "a timesheet row's TOIL is a week's excess hours, and a week has 168 hours",
    "paid_excess_hours": ("a timesheet row's paid excess is a week's excess hours, and a week "
                          "has 168 hours"),
    "hours_due": "a timesheet row's hours due are a week's, and a week has 168 hours",
    "contact_hours": "a session is on one day, and a day has 24 hours",
}  # fmt: skip


def plain_words(name: str, field: Any, limit: Any, types: Any, value: Any,
                advice: str = "") -> str | None:  # fmt: skip
    """What is wrong with `value` (of the field named `field`), in words, for a jsonschema_rs
    error of kind `name` (with its `limit` or expected `types`); None for a kind this function
    does not word. `advice`: what to write for a value not known (`hints.no_value_advice`)."""
    if name == "Type":
        wanted = [t for t in (types or ()) if t in _EXPECTED]
        if not wanted:
            return None
        expected = " or ".join(_EXPECTED[t] for t in wanted)
        if isinstance(value, list | dict):
            return f"{shown(value)} is given where {expected} is expected"
        hint = ""
        if isinstance(value, str) and {"number", "integer"} & set(wanted):
            hint = number_hint(value, advice) or ("; write it without quotes"
                                          if _NUMERIC_TEXT.match(value) else "")  # fmt: skip
        elif isinstance(value, bool) and "string" in wanted:
            hint = ("; YAML reads yes, no, on and off (in any case) as true or false: write "
                    "the value in quotes if it is text")  # fmt: skip
        elif isinstance(value, str) and wanted == ["array"]:
            hint = f"; write it as a list, [{json_text(value)}]"
        elif isinstance(value, str) and "boolean" in wanted:
            hint = "; write true or false"
        elif isinstance(value, int | float) and not isinstance(value, bool) and "string" in wanted:
            if field in _date_fields():  # a number where a date belongs: quotes won't do
                form = "YYYY-MM-DD or an ISO week YYYY-Www" if field == "week" else "YYYY-MM-DD"
                return f"{shown(value)} is not a date in the form {form}{date_hint(str(value))}"
            hint = f"; write it in quotes ('{value}') if it is meant as text"
        return f"{shown(value)} is not {expected}{hint}"
    if name == "Minimum":
        return f"{shown(value)} is less than {limit}; give {limit} or more"
    if name == "Maximum":
        why = _AT_MOST.get(field)
        return f"{shown(value)} is more than {limit}; give {limit} or less" + (
            f" ({why})" if why else "")
    if name == "MinLength":
        if limit == 1:
            return "is empty text; give a value"
        return f"{shown(value)} is shorter than {limit} characters"
    if name == "MaxLength":
        return f"is longer than {limit} characters"
    if name == "MinItems":
        return "is an empty list; name at least one" if limit == 1 else (
            f"lists fewer than {limit}; name at least {limit}")
    if name in ("Pattern", "Not") and field == "grade":
        days = _spell_days(value)
        if days is not None:  # (said without the form of a grade: a long value, quoted twice)
            return (f"{shown(value)} is not a grade: write its days with hyphens ('{days}': a "
                    "spell of acting up, read as an unknown grade, its holder named as not "
                    "judged)")
        return (f"{shown(value)} is not a grade{grade_hint(value)}: a grade is a code or a job "
                "title of letters, digits, spaces, '_', hyphens, dashes and parentheses, "
                "starting with a letter, on one line")  # fmt: skip
    return None


# what a grade cannot hold that HR writes in one: full stops (`P.O.`, `S.P.O.`, a title
# ending in one), apostrophes, commas
_GRADE_MARKS = re.compile(r"[.'\u2019,]")
# a post's full-time equivalent beside its grade ("SPO (0.6)"): a term of the post, not a role
# ("SPO_06", review 42)
_FTE_FIGURE = re.compile(r"\(\s*[01]?\.\d+\s*(?:FTE|WTE)?\s*\)|\b[01]?\.\d+\s*(?:FTE|WTE)?")


def grade_hint(value: Any) -> str:
    """The known grade a refused grade is, written with full stops or apostrophes (`P.O.`,
    `S.P.O.`, `Probation Services Officer.`), as ` (did you mean 'PO'?)`; or that a word for no
    value (`N/A`, `-`) is none. Empty otherwise: nothing else is guessed."""
    if not isinstance(value, str):
        return ""
    if value.strip().casefold() in _NO_VALUE:
        return f" ({value.strip()!r} stands for no value)"
    from .model import acting_short_form, canonical_grade

    if _spell_days(value) is not None:
        return ""  # (`plain_words` says how to write it)
    # HMPPS's "A/SPO", "PO (A/SPO)": an acting SPO; not a team's "A/B" ("PSO (Court A/B)",
    # review 50, P8: "write 'PSO (Court Acting B)'"), as the model reads it
    acting = _ACTING.sub(lambda a: a[1] + "Acting " if acting_short_form(value[a.end():])
                         else a[0], value)  # fmt: skip
    if acting != value and (known := canonical_grade(acting)) is not None:
        return (f" ('A/' is HR's short form of 'Acting': write '{acting.strip()}', read as "
                f"{known})")
    known = canonical_grade(_GRADE_MARKS.sub("", _FTE_FIGURE.sub(" ", value)))
    if known is not None:
        return f" (did you mean '{known}'?)"
    return _mojibake_hint(value)


def _spell_days(value: Any) -> str | None:
    """A grade that gives a spell of acting up with its days written with slashes or full
    stops ("PO (Acting SPO 04/11/2024 - 31/01/2025)"), written with hyphens, as a grade is
    read; else None. Such a spell was read as an SPO role made of its dates (scenarios round
    52, P3)."""
    if not isinstance(value, str):
        return None
    from .model import acting_spell

    days = _DAY.sub(lambda d: "-".join(re.split(r"[/.]", d[0])), value).strip()
    return days if days != value.strip() and acting_spell(days) else None


_ACTING = re.compile(r"(^\s*|[\s(])[Aa]\s*/\s*(?=\S)")
_DAY = re.compile(r"(?<![\d/.])\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?![\d/.])")


def _mojibake_hint(value: str) -> str:
    """Where UTF-8 text was read once as Windows-1252 (an en dash's three bytes read as three
    characters, "PSO \u00e2\u20ac\u201c Courts"), the text it was, as ` ('...' in UTF-8, read
    as Windows-1252: ...)`; empty otherwise."""
    if not any(mark in value for mark in ("\u00e2\u20ac", "\u00c3", "\u00c2")):
        return ""
    try:
        was = value.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return ""
    return f" ({was!r} in UTF-8, read as Windows-1252: save it as UTF-8)" if was != value else ""
