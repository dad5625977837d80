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
_DECIMAL_COMMA = re.compile(r"\s*-?[0-9]+(,[0-9]+)+(\.[0-9]+)?\s*\Z")
# `0x29` is a number in another base (0b, 0o too), not 0 and a unit 'x29',
# and `1e10` is a number with an exponent, not 1 and a unit 'e10'
_NUMBER_AND_UNIT = re.compile(r"\s*(?!-?0[xXbBoO])-?[0-9]+(\.[0-9]+)?\s*"
                              r"(?![eE][-+]?[0-9]+\s*\Z)(%|[^\W\d_][\w ./%]*)\Z")
_EXPONENT = re.compile(r"\s*-?[0-9]+(\.[0-9]+)?[eE]([-+]?[0-9]{1,6})\s*\Z")
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


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_TIME = re.compile(r"\s*([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9]{1,2}:[0-9]{2}"
                        r"(:[0-9]{2}([.,][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?\s*\Z")
_DAY_MONTH_NAME = re.compile(r"\s*([0-9]{1,2})(?:st|nd|rd|th)?[- /.]([A-Za-z]{3,9})\.?[- /.,]*"
                             r"([0-9]{4})\s*\Z")
_BASIC_ISO = re.compile(r"\s*([0-9]{4})([0-9]{2})([0-9]{2})(?:\.0+)?\s*\Z")
_SHORT_ISO = re.compile(r"\s*([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})\s*\Z")
# (a time of midnight after it, as a spreadsheet saves a date cell: `03/06/2024 00:00`)
_NUMERIC_DATE = re.compile(r"\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})"
                           r"(?:[ T]0?0:00(?::00)?)?\s*\Z")


def date_hint(text: str) -> str:
    """How to write a date given in another common form (`2024-06-03T00:00:00`,
    `3-Jun-2024`, `13/06/2024`) as YYYY-MM-DD, as `; ...` to end a refusal; empty when the
    form is not one of these. `03/06/2024` could be either day first or month first, and
    is not guessed."""
    import datetime as dt

    def iso(year: int, month: int, day: int) -> str:
        try:
            return f"; write it as {dt.date(year, month, day).isoformat()}"
        except ValueError:
            return ""

    if (serial := serial_hint(text)):
        return serial
    if (found := _WEEK_ENDING.match(text)) is not None:  # `w/e 09/06/2024`: its last day
        return ("; a week is given by the date of its Monday (or as an ISO week, YYYY-Www), "
                "not by the day it ends")  # fmt: skip
    if (found := _LEADING_WORDS.match(text)) is not None and found.end() < len(text):
        # `w/c 03/06/2024`, `Monday 3 June 2024`: the date alone, without the words before it
        return date_hint(text[found.end():])
    if (found := _TWO_DIGIT_YEAR.match(text)) is not None:  # `03-Jun-24`, `3/6/24`
        return (f"; write the year in four digits, as YYYY-MM-DD ('{found[1]}' could be "
                f"20{found[1]} or 19{found[1]})")  # fmt: skip
    if (found := _MONTH_NAME_FIRST.match(text)) is not None:  # `Jun 3, 2024`, `2024-Jun-03`
        day, name, year = ((found[2], found[1], found[3]) if found[1] else
                           (found[6], found[5], found[4]))  # fmt: skip
        return date_hint(f"{int(day)} {name} {year}")
    if (found := _ISO_WEEK_DAY.match(text)) is not None:
        year, week, day = int(found[1]), int(found[2]), int(found[3] or 1)
        try:
            monday = dt.date.fromisocalendar(year, week, 1)
            when = dt.date.fromisocalendar(year, week, day)
        except ValueError:  # no such week (2025-W53)
            return ""
        if found[3]:
            return f"; that is {when.isoformat()}, day {day} of the ISO week {year}-W{week:02d}"
        return f"; that is the ISO week {year}-W{week:02d}, which starts on {monday.isoformat()}"
    if (found := _DATE_TIME.match(text)) is not None:
        return f"; give the day alone, without the time: {found[1]}"
    if (found := _DAY_MONTH_NAME.match(text)) is not None:
        name = found[2].lower()
        month = next((i for i, m in enumerate(_MONTHS, 1) if name.startswith(m)), 0)
        full = dt.date(2000, month, 1).strftime("%B").lower() if month else ""
        if month and (len(name) == 3 or full.startswith(name) or name == "sept"):
            return iso(int(found[3]), month, int(found[1]))
        return ""
    if (found := _BASIC_ISO.match(text)) is not None:  # ISO 8601's basic form, `20240603`
        return iso(int(found[1]), int(found[2]), int(found[3]))
    if (found := _SHORT_ISO.match(text)) is not None:
        return iso(int(found[1]), int(found[3]), int(found[4]))
    if (found := _NUMERIC_DATE.match(text)) is not None:
        first, second, year = int(found[1]), int(found[2]), int(found[3])
        if first > 12 >= second:
            return iso(year, second, first)
        if second > 12 >= first:
            return iso(year, first, second)
        return "; it may be day first or month first, which is not guessed"
    return ""


# words before a date, as rotas head a week: `w/c`, `WC`, `week commencing`, `w/b`, a day's
# name (`Monday 3 June 2024`, `Mon 03/06/2024`)
_LEADING_WORDS = re.compile(
    r"\s*(?:(?:w/?c|w/?b|wk\.?\s*(?:comm?\.?|beg\.?)|week\s+(?:commencing|beginning|starting)"
    r"|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?)\b\.?[\s:,]*)+", re.IGNORECASE)
_WEEK_ENDING = re.compile(r"\s*(?:w/?e|week\s+ending)\b", re.IGNORECASE)
# a date whose year has two digits: `03-Jun-24` (Excel's d-mmm-yy), `3/6/24`, `03.06.24`
_TWO_DIGIT_YEAR = re.compile(r"\s*[0-9]{1,2}(?:st|nd|rd|th)?[- /.](?:[A-Za-z]{3,9}\.?|[0-9]{1,2})"
                             r"[- /.,]+([0-9]{2})\s*\Z")
# a month's name before its day: `Jun 3, 2024`, `June 3rd 2024`; or a year, the month's name,
# the day: `2024-Jun-03`
_MONTH_NAME_FIRST = re.compile(
    r"\s*(?:([A-Za-z]{3,9})\.?[- /.]([0-9]{1,2})(?:st|nd|rd|th)?[- /.,]+([0-9]{4})"
    r"|([0-9]{4})[- /.]([A-Za-z]{3,9})\.?[- /.]([0-9]{1,2}))\s*\Z")


# an ISO week as it is also written: with its day (`2024-W23-1`), or spelt otherwise (`2024w23`)
_ISO_WEEK_DAY = re.compile(r"\s*([0-9]{4})-?[Ww]([0-9]{2})(?:-?([1-7]))?\s*\Z")
_SERIAL = re.compile(r"\s*([0-9]{5})(?:\.0+)?\s*\Z")


def serial_hint(text: str) -> str:
    """For a spreadsheet's day number where a date belongs (Excel writes 2024-06-03 as 45446
    when a column is not formatted as dates), what date it stands for, as `; ...` to end a
    refusal; empty for any other text. Said, never taken: the number alone is refused."""
    import datetime as dt

    found = _SERIAL.match(text)
    if found is None:
        return ""
    day = dt.date(1899, 12, 30) + dt.timedelta(days=int(found[1]))  # Excel's day 0
    return (f"; {found[1]} looks like a spreadsheet's day number ({day.isoformat()}): format "
            "the column as dates (YYYY-MM-DD) before saving")


def number_hint(text: str) -> str:
    """How to write as a number a text that is nearly one (`41,5`, `1,234`, `37.5 hrs`), as
    `; ...` to end a refusal; empty for any other text."""
    if _DECIMAL_COMMA.match(text):
        return ("; write numbers with '.' as the decimal point and no thousands separator "
                "(a ',' may be either)")  # fmt: skip
    exponent = _EXPONENT.match(text)  # `1e1` is 10 to JSON and YAML 1.2, text to YAML 1.1
    if exponent and abs(int(exponent.group(2))) <= 9:  # written out, a number of a line
        from decimal import Decimal

        return f"; write it without an exponent, as {Decimal(text.strip()):f}"
    clock = _HOURS_MINUTES.match(text)  # `37:30`, `7h30`: hours and minutes, not 37 or 7
    if clock and int(clock[2]) < 60:
        from decimal import Decimal

        hours, minutes = int(clock[1]), int(clock[2])
        exact = Decimal(hours) + Decimal(minutes) / 60
        written = f"{exact.quantize(Decimal('0.01')).normalize():f}"
        about = "" if minutes % 3 == 0 else "about "
        return (f"; write the hours as a decimal number: {hours} h {minutes} min is {about}"
                f"{written}")  # fmt: skip
    level = _LEVEL.match(text)  # `Level 2`, `L2`, `MAPPA level 2`: a MAPPA level in words
    if level:
        return f"; give the number alone: {level[1]}"
    span = _RANGE.match(text)  # `8-10`, `8 to 10`: a range, where one number is wanted
    if span:
        return f"; {text.strip()!r} is a range, from {span[1]} to {span[2]}: give one number"
    unit = _NUMBER_AND_UNIT.match(text)
    if unit:
        return f"; give the number alone, without '{unit.group(2).strip()}'"
    bare = _BARE_POINT.match(text)  # `+45`, `.5`, `7.`
    if bare and (bare[2] or bare[4]) and (bare[1] or (bare[3] and not (bare[2] and bare[4]))):
        return f"; write it as {bare[2] or '0'}{'.' + bare[4] if bare[4] else ''}"
    if text.strip().casefold() in _NO_VALUE:
        return (f"; {text.strip()!r} stands for no value: give the value, or leave the cell "
                "empty where it is not known")  # fmt: skip
    return ""


# a level written with its word, as case-management systems and minutes write a MAPPA level
_LEVEL = re.compile(r"\s*(?:mappa\s*)?(?:level|lvl\.?|l)\s*([0-9])\s*\Z", re.IGNORECASE)
# a range of two numbers: `8-10`, `8 - 10`, `8 to 10`, and with an en or em dash
_RANGE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(?:-|\u2013|\u2014|to)\s*"
                    r"([0-9]+(?:\.[0-9]+)?)\s*\Z", re.IGNORECASE)
# hours and minutes, as a clock or in words: `37:30`, `7h30`, `7 hrs 30 mins`
_HOURS_MINUTES = re.compile(r"\s*([0-9]{1,4})\s*(?::|h(?:ou)?r?s?\.?)\s*([0-9]{1,2})\s*"
                            r"(?:m(?:in(?:ute)?s?)?\.?)?\s*\Z", re.IGNORECASE)
# a number with a `+`, or with no digit on one side of its point: `+45`, `.5`, `7.`
_BARE_POINT = re.compile(r"\s*(\+?)([0-9]*)(?:(\.)([0-9]*))?\s*\Z")
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
    "contact_hours": "a session is on one day, and a day has 24 hours",
}  # fmt: skip


def plain_words(name: str, field: Any, limit: Any, types: Any, value: Any) -> str | None:
    """What is wrong with `value` (of the field named `field`), in words, for a jsonschema_rs
    error of kind `name` (with its `limit` or expected `types`); None for a kind this function
    does not word."""
    if name == "Type":
        wanted = [t for t in (types or ()) if t in _EXPECTED]
        if not wanted:
            return None
        expected = " or ".join(_EXPECTED[t] for t in wanted)
        if isinstance(value, list | dict):
            return f"{shown(value)} is given where {expected} is expected"
        hint = ""
        if isinstance(value, str) and {"number", "integer"} & set(wanted):
            hint = number_hint(value) or ("; write it without quotes"
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
        return (f"{shown(value)} is not a grade{grade_hint(value)}: a grade is a code or a job "
                "title of letters, digits, spaces, '_', hyphens, dashes and parentheses, "
                "starting with a letter, on one line")  # fmt: skip
    return None


# what a grade cannot hold that HR writes in one: full stops (`P.O.`, `S.P.O.`, a title
# ending in one), apostrophes, commas
_GRADE_MARKS = re.compile(r"[.'\u2019,]")


def grade_hint(value: Any) -> str:
    """The known grade a refused grade is, written with full stops or apostrophes (`P.O.`,
    `S.P.O.`, `Probation Services Officer.`), as ` (did you mean 'PO'?)`; or that a word for no
    value (`N/A`, `-`) is none. Empty otherwise: nothing else is guessed."""
    if not isinstance(value, str):
        return ""
    if value.strip().casefold() in _NO_VALUE:
        return f" ({value.strip()!r} stands for no value)"
    from .model import canonical_grade

    known = canonical_grade(_GRADE_MARKS.sub("", value))
    return f" (did you mean '{known}'?)" if known is not None else ""
