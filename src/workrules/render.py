"""Values in words: how a number, a date or a list reads in a finding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .model import FieldType


class Finer(float):
    """A number said to `places` decimals: a finding's value and its limit that two places
    would say alike, though one breaches the other (a share of 33.333...% against 33.33%: "33.33%
    of the practitioners, more than the 33.33% agreed"), each to as few more as tell them
    apart (`apart`). Arithmetic on it gives a plain float."""

    places: int


def apart(value: Any, limit: Any, said: str, limit_said: str) -> tuple[Any, Any]:
    """`value` and `limit` as a finding shows them: as they are, unless both are numbers said
    alike (`said`, `limit_said`) that differ (by more than a rounding's noise, 1e-9): then each a
    `Finer` to the fewest places, up to six, that say them apart."""
    if (said != limit_said or value.__class__ not in (int, float)
            or limit.__class__ not in (int, float) or abs(value - limit) <= 1e-9):  # fmt: skip
        return value, limit
    for places in range(3, 7):
        if f"{value:.{places}f}" != f"{limit:.{places}f}":
            break
    finer = []
    for v in (value, limit):
        f = Finer(v)
        f.places = places
        finer.append(f)
    return finer[0], finer[1]


def number(value: float) -> str:
    """A number as a finding says it: to two decimals at most, unless those would make a whole
    number of one that is not (110.004% of WMT above a ceiling of 110% is not "110%", nor is
    0.004% "0%"): then to four (a part below 0.00005 is still not shown). A `Finer` number to
    its own places."""
    if value.__class__ is Finer:
        text = f"{value:.{value.places}f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if "." not in text:
        text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def plural_of(noun: str) -> str:
    """The regular English plural of `noun` (of its last word): `supervisor` -> `supervisors`,
    `box` -> `boxes`, `duty` -> `duties`. An irregular plural is written out in the policy
    (`{... | person/people}`), never guessed."""
    head, _, last = noun.rpartition(" ")
    lower = last.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    elif lower.endswith("y") and lower[-2:-1] not in ("", "a", "e", "i", "o", "u"):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def singular_of(noun: str) -> str:
    """The singular of a one-word regular plural (`supervisors` -> `supervisor`, `duties` ->
    `duty`, `boxes` -> `box`), for a name the policy wrote as a plural; any other text (several
    words, or a word that is no regular plural, as `staff`) is returned as it is."""
    if not noun.isalpha() or not noun.islower() or noun.endswith("ss") or not noun.endswith("s"):
        return noun
    for ending, back in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"),
                         ("shes", "sh"), ("s", "")):  # fmt: skip
        if noun.endswith(ending) and len(noun) > len(ending) + 1:
            return noun[: -len(ending)] + back
    return noun


def counted(value: Any, singular: str, plural: str) -> str:
    """A number with its noun, singular for one as written: `1 supervisor`, `2 supervisors`,
    `0 supervisors`, `1.5 supervisors` (and `1 supervisor` for 1.00001, written `1`)."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"an unknown number of {plural}" if value is None else f"{render(value)} {plural}"
    text = number(value)
    return f"{text} {singular if text == '1' else plural}"


def render(value: Any, type_: FieldType | None = None) -> str:
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if type_ is not None and type_.name == "ratio" and isinstance(value, tuple):
        return f"{value[0]}:{value[1]}"
    if isinstance(value, (tuple, list, frozenset, set)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ", ".join(render(v) for v in items) if items else "none"
    if isinstance(value, (int, float)):
        dim = type_.dim if type_ is not None else ""
        if dim == "percent":
            return f"{number(value)}%"
        if dim == "hours":
            return f"{number(value)} h"
        if dim == "days":
            return f"{number(value)} day" + ("" if value == 1 else "s")
        return number(value)
    return str(value)


def in_words(value: str) -> str:
    """A value of a list of choices as a sentence says it: a word of the data model's own,
    written in lower case, with spaces for its `_` (`very_high` is "very high",
    `short_format` "short format"); a name in capitals (a grade, `HEAD_OF_PDU`) as it is."""
    return value.replace("_", " ") if value.islower() else value


def renderer(type_: FieldType | None = None) -> Callable[[Any], str]:
    """`render(·, type_)` as one function, for values rendered again and again (a rule's
    limits, periods and counts in every finding): text straight through, a number or a date
    rendered once per value. The same words as `render`, whatever the value."""
    cache: dict[Any, str] = {}
    date, string, integer, real = dt.date, str, int, float

    def rendered(value: Any) -> str:
        cls = value.__class__
        if cls is string:
            text: str = value
            return text
        if cls is integer or cls is real or cls is date:  # never a bool: 1 and 1.0 read
            found = cache.get(value)  # alike, True not; no date equals a number
            if found is None:
                found = render(value, type_)
                if len(cache) < 4096:
                    cache[value] = found
            return found
        return render(value, type_)

    return rendered
