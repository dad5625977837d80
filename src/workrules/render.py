"""Values in words: how a number, a date or a list reads in a finding."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

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


# A value's words where its name with spaces is not enough (`very_high` reads "very high")
VALUE_WORDS = {
    "iom": "IOM", "ocg": "OCG", "tact": "TACT", "pta": "PTA", "pso_assessor": "PSO assessor",
    "upw_supervisor": "Unpaid Work supervisor", "mappa_coordinator": "MAPPA coordinator",
    "sfo_reviewing_manager": "SFO reviewing manager", "psr_author": "PSR author",
    "pom": "POM", "nsd_practitioner": "NSD practitioner", "vlo": "VLO", "daso": "DASO",
    "sdr": "SDR",
}  # fmt: skip


def value_word(value: str) -> str:
    """An enumerated value in words (`in_words`), with the data model's capitals: `sdr` is
    "SDR", `pso_assessor` "PSO assessor"."""
    return VALUE_WORDS.get(value) or in_words(value)


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


# (a word after the first may be a number: `| Level 2 MAPPA meeting`)
_NOUN = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*(?: [A-Za-z0-9][A-Za-z0-9'\u2019-]*)*")


def nouns_of(text: str) -> tuple[str, str] | None:
    """`noun` or `noun/plural` after a placeholder's `|`: its two forms, or None if it is not
    one or two nouns of words, the first of letters."""
    forms = [" ".join(f.split()) for f in text.split("/")]
    if len(forms) > 2 or not all(_NOUN.fullmatch(f) for f in forms):
        return None
    return forms[0], forms[1] if len(forms) == 2 else plural_of(forms[0])


# ---------------------------------------------------------------------------------------------
# A rule's title that names the value of a parameter: `title "Unpaid Work group above
# {upw_ratio}"` reads "above 1:7" under a policy that sets 1:7, where a title with the claim's
# number written in read "above 1:6" in every report of a counter-offer (a first hour, round 48)


class TitleSlot(NamedTuple):
    """`{NAME}`, `{NAME in words}` or `{NAME | noun}` in a title: a parameter's value as a
    finding says it (`1:6`, `110%`), or in words, its whole numbers up to twenty spelt out
    ("four", and days in whole weeks, "one week"), or a count in words with the noun it
    counts ("one Level 2 MAPPA meeting", "two ... meetings"), as a heading reads; `at`: where
    it starts in the title."""

    name: str
    words: bool
    nouns: tuple[str, str] | None
    at: int


_SLOT = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_SLOT_BODY = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)(\s+in\s+words)?\s*(?:\|(.*))?")
_SAY_SLOT = ("a title names a parameter's value in braces: {upw_ratio}, {wmt_grace in words} "
             "or {programme_sessions_max | programme session}; write {{ or }} for a brace")


def title_parts(text: str) -> list[str | TitleSlot]:
    """A title's words and its slots, in order; ValueError((offset, message)) for a slot that
    is not one or a brace left alone."""
    parts: list[str | TitleSlot] = []
    literal, at = "", 0
    for found in _SLOT.finditer(text):
        literal += text[at:found.start()]
        at = found.end()
        token = found.group()
        if token in ("{{", "}}"):
            literal += token[0]
            continue
        body = found.group(1)
        slot = _SLOT_BODY.fullmatch(body) if body is not None else None
        nouns = nouns_of(slot.group(3)) if slot is not None and slot.group(3) else None
        if slot is None or (slot.group(3) is not None and nouns is None):
            raise ValueError((found.start(), f"'{token}' in this title: {_SAY_SLOT}"))
        if literal:
            parts.append(literal)
            literal = ""
        parts.append(TitleSlot(slot.group(1), bool(slot.group(2)), nouns, found.start()))
    literal += text[at:]
    if literal:
        parts.append(literal)
    return parts


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                 "sixteen", "seventeen", "eighteen", "nineteen", "twenty")  # fmt: skip


def number_in_words(value: float) -> str:
    """A whole number from 0 to 20 in words (`four`), any other as a finding says it."""
    if float(value).is_integer() and 0 <= value <= 20:
        return _NUMBER_WORDS[int(value)]
    return number(value)


def slot_words(slot: TitleSlot, value: Any, type_: FieldType) -> str:
    """A title's slot filled with `value` of a parameter of type `type_`: as a finding says
    it (`1:7`, `115%`), or in words; "to be agreed" when it has none, and with its noun "an
    agreed number of programme sessions" (never "More than to be agreed a week": a first
    hour, round 55)."""
    if value is None:
        return f"an agreed number of {slot.nouns[1]}" if slot.nouns is not None else (
            "to be agreed")
    words = slot.words or slot.nouns is not None  # (a count with its noun reads as prose)
    if not words or not isinstance(value, (int, float)) or isinstance(value, bool):
        return render(value, type_)
    if type_.dim == "days":
        weeks = value / 7
        if float(value).is_integer() and value > 0 and weeks.is_integer():
            return f"{number_in_words(weeks)} week{'' if weeks == 1 else 's'}"
        return f"{number_in_words(value)} day{'' if value == 1 else 's'}"
    said = number_in_words(value)
    if slot.nouns is not None:
        said = f"{said} {slot.nouns[0] if value == 1 else slot.nouns[1]}"
    return said
