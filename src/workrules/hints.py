"""How to write a value that is nearly what a field wants (a date in another form, a number
with a unit or a decimal comma, hours and minutes), as `; ...` to end a refusal.

Asked only when a value is refused, so this module, and the regular expressions it compiles,
are imported then (through `schemacheck`'s functions of the same names) and never on the way
of a valid file.
"""

from __future__ import annotations

import re

from .schemacheck import _NO_VALUE

_DECIMAL_COMMA = re.compile(r"\s*-?[0-9]+(,[0-9]+)+(\.[0-9]+)?\s*\Z")
# `0x29` is a number in another base (0b, 0o too), not 0 and a unit 'x29',
# and `1e10` is a number with an exponent, not 1 and a unit 'e10'
_NUMBER_AND_UNIT = re.compile(r"\s*(?!-?0[xXbBoO])-?[0-9]+(\.[0-9]+)?\s*"
                              r"(?![eE][-+]?[0-9]+\s*\Z)(%|[^\W\d_][\w ./%]*)\Z")
_EXPONENT = re.compile(r"\s*-?[0-9]+(\.[0-9]+)?[eE]([-+]?[0-9]{1,6})\s*\Z")


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# the months in Welsh, as a bilingual export in Wales writes them ("3 Mehefin 2024")
_WELSH_MONTHS = {"ionawr": 1, "chwefror": 2, "mawrth": 3, "ebrill": 4, "mai": 5, "mehefin": 6,
                 "gorffennaf": 7, "awst": 8, "medi": 9, "hydref": 10, "tachwedd": 11,
                 "rhagfyr": 12}
# a date with a time zone's offset and no time ("2024-06-03+01:00"): the day is the day
_DATE_OFFSET = re.compile(r"\s*([0-9]{4}-[0-9]{2}-[0-9]{2})(?:Z|[+-][0-9]{2}:?[0-9]{2})\s*\Z")
_DATE_TIME = re.compile(r"\s*([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9]{1,2}:[0-9]{2}"
                        r"(:[0-9]{2}([.,][0-9]+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
                        r"(Z|[+-][0-9]{2}:?[0-9]{2})?\s*\Z")
_DAY_MONTH_NAME = re.compile(r"\s*([0-9]{1,2})(?:st|nd|rd|th)?[- /.]([A-Za-z]{3,10})\.?[- /.,]*"
                             r"([0-9]{4})\s*\Z")
_BASIC_ISO = re.compile(r"\s*([0-9]{4})([0-9]{2})([0-9]{2})(?:\.0+)?\s*\Z")
_SHORT_ISO = re.compile(r"\s*([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})\s*\Z")
# (a time of midnight after it, as a spreadsheet saves a date cell: `03/06/2024 00:00`)
_NUMERIC_DATE = re.compile(r"\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})"
                           r"(?:[ T]0?0:00(?::00)?)?\s*\Z")


def date_hint(text: str) -> str:
    """How to write a date given in another common form (`2024-06-03T00:00:00`,
    `3-Jun-2024`, `13/06/2024`) as YYYY-MM-DD, as `; ...` to end a refusal; empty when the
    form is not one of these. `03/06/2024` could be either day first or month first: both
    readings are said, and neither is guessed."""
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
    if (found := _WEEK_NUMBER_FIRST.match(text)) is not None:  # `W23 2024`, `wk 23 2024`
        try:
            monday = dt.date.fromisocalendar(int(found[2]), int(found[1]), 1)
        except ValueError:  # no such week (W60)
            return ""
        # (numbered from 1 January as ISO's are, or from April as a financial year's: not
        # guessed, but the ISO week is the one workrules reads)
        return (f"; as an ISO week, write it {found[2]}-W{int(found[1]):02d} (it starts on "
                f"{monday.isoformat()}); a week numbered otherwise (from April, as a financial "
                "year's are) is another week: give its Monday's date")
    if (found := _YEAR_FIRST_SHORT.match(text)) is not None and (
            said := _year_first(*map(int, found.groups()))):  # `24-06-03`: 2024-06-03?
        return said
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
        if found[4] is None:  # a local time: its day is the day
            return f"; give the day alone, without the time: {found[1]}"
        # a time in UTC or at an offset: its day where the work was done may be another one
        # (23:00 UTC is the next day in UK summer time), so none is suggested
        return ("; it is a date and a time of day in a time zone: give the date alone, the "
                "day it fell on where the work was done (23:00 UTC is the next day in UK "
                "summer time)")
    if (found := _DATE_OFFSET.match(text)) is not None:
        return f"; give the date alone, without the time zone's offset: {found[1]}"
    if (found := _DAY_MONTH_NAME.match(text)) is not None:
        name = found[2].lower()
        if name in _WELSH_MONTHS:
            return iso(int(found[3]), _WELSH_MONTHS[name], int(found[1]))
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
        if first == second:  # `03/03/2025`: either way the same day (scenario round 37)
            return iso(year, first, second)
        readings = date_readings(text)
        if readings is None:  # (no such day either way: 31/04/2024 is no date)
            return ""
        return (f"; it may be day first ({readings[0]}) or month first ({readings[1]}), which "
                "is not guessed")  # fmt: skip
    return ""


def _year_first(first: int, month: int, last: int) -> str:
    """Both readings of `YY-MM-DD` with a two-digit year: year first, as ISO's YYYY-MM-DD
    writes it (`24-06-03`, most likely 2024-06-03), and day first, as `03-06-24` would be
    read (24 June 2003); empty where year first is no real date, for the day-first hint."""
    import datetime as dt

    def day(year: int, month: int, of: int) -> str:
        try:
            when = dt.date(2000 + year, month, of)
        except ValueError:
            return ""
        return f"{when.isoformat()} (or {when.replace(year=1900 + year).isoformat()})"

    ahead = day(first, month, last)
    if not ahead:
        return ""
    behind = day(last, month, first)
    return ("; write the year in four digits, as YYYY-MM-DD: year first, as in YYYY-MM-DD, it "
            f"is {ahead}" + (f"; day first, {behind}; which is meant is not guessed" if behind
                             else ""))  # fmt: skip


# a date with a two-digit year first, written as ISO's YYYY-MM-DD is: `24-06-03`
_YEAR_FIRST_SHORT = re.compile(r"\s*([0-9]{2})-([0-9]{2})-([0-9]{2})\s*\Z")
# a week's number before its year, as a rota heads a week: `W23 2024`, `Wk 23/2024`, `Week 23
# 2024`
_WEEK_NUMBER_FIRST = re.compile(r"\s*w(?:ee)?k?\.?\s*([0-9]{1,2})\s*[\s/,-]\s*([0-9]{4})\s*\Z",
                                re.IGNORECASE)


def date_readings(text: str) -> tuple[str, str] | None:
    """A numeric date that could be day first or month first (`03/06/2024`, `w/c 03/06/2024`):
    its two readings as YYYY-MM-DD, day first then month first; None for any other text."""
    import datetime as dt

    found = _numeric(text)
    if found is None or found[0] == found[1] or max(found[:2]) > 12:
        return None
    try:
        return (dt.date(found[2], found[1], found[0]).isoformat(),
                dt.date(found[2], found[0], found[1]).isoformat())  # fmt: skip
    except ValueError:
        return None


def date_order(text: str) -> str | None:
    """Which way a numeric date can only be read: "day first" (`17/06/2024`), "month first"
    (`06/17/2024`), or None (either, neither, or not such a date). What it proves of the
    column it is in: an export writes every date of a column one way."""
    found = _numeric(text)
    if found is None:
        return None
    first, second, _ = found
    if first > 12 >= second >= 1 and first <= 31:
        return "day first"
    if second > 12 >= first >= 1 and second <= 31:
        return "month first"
    return None


def _numeric(text: str) -> tuple[int, int, int] | None:
    """A numeric date's first number, second number and year, after any words a rota heads a
    week with (`w/c`)."""
    if (words := _LEADING_WORDS.match(text)) is not None and words.end() < len(text):
        text = text[words.end():]
    found = _NUMERIC_DATE.match(text)
    return None if found is None else (int(found[1]), int(found[2]), int(found[3]))


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
    r"\s*(?:([A-Za-z]{3,10})\.?[- /.]([0-9]{1,2})(?:st|nd|rd|th)?[- /.,]+([0-9]{4})"
    r"|([0-9]{4})[- /.]([A-Za-z]{3,10})\.?[- /.]([0-9]{1,2}))\s*\Z")


# an ISO week as it is also written: with its day (`2024-W23-1`), or spelt otherwise (`2024w23`)
# (a week of one digit, `2025-W1`, only at the end or before its day: `2025-W12` is week 12)
_ISO_WEEK_DAY = re.compile(r"\s*([0-9]{4})-?[Ww]([0-9]{2}|[0-9](?=-|\s*\Z))(?:-?([1-7]))?\s*\Z")
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


def no_value_advice(required: bool, default: object, cell: bool) -> str:
    """What to write where a value is not known, by what a blank one (an empty cell of a CSV
    export, if `cell`, else a key left out) is read as: a required field's record cannot be
    read without it; a field with a default (TOIL hours, 0) reads a blank as that default,
    which a rule judges as given, not as unknown (scenarios, round 40: a TOIL cell left empty,
    as the advice said, was a definite breach of 4c)."""
    if required:
        return "give the value; it is required, so leave the record out until it is known"
    if default is not None:
        blank = "an empty cell" if cell else "a value left out"
        return f"give the value; {blank} is read as {default}, not as unknown"
    return f"give the value, or {'leave the cell empty' if cell else 'leave it out'} where it " \
        "is not known"


_RATIO_WRITTEN = re.compile(r"\s*([0-9]+)\s*(?::|/|\bto\b|\bper\b)\s*([0-9]+)\s*$", re.IGNORECASE)


def ratio_hint(text: str) -> str:
    """How to write as a ratio a text that is nearly one (`1 : 6`, `1 to 6`, `1/6`), as `; ...`
    to end a refusal; empty for any other text. (`number_hint` read `1 : 6` as hours and
    minutes: "1 h 6 min is 1.1", attack round 27, P10.)"""
    found = _RATIO_WRITTEN.match(text)
    if found is None:
        return ""
    return (f"; write a ratio as two whole numbers joined by ':', with no spaces: "
            f"{int(found[1])}:{int(found[2])}")


def number_hint(text: str, advice: str = "") -> str:
    """How to write as a number a text that is nearly one (`41,5`, `1,234`, `37.5 hrs`), as
    `; ...` to end a refusal; empty for any other text. `advice`: what to write instead of a
    word for no value (`no_value_advice`), where the field is known."""
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
    part = _FRACTION.match(text)  # `7 1/2`, `7½`: a whole number and a fraction
    if part:
        from fractions import Fraction

        whole, (top, bottom) = ((part[1], (int(part[2]), int(part[3]))) if part[2]
                                else (part[4], _VULGAR[part[5]]))  # fmt: skip
        # (a half or a quarter; "30/40" in an hours cell is 30 of 40 hours, not 0.75)
        if bottom in (2, 4) and top < bottom:
            value = Fraction(int(whole or 0)) + Fraction(top, bottom)
            if (value * 100).denominator == 1:  # (a third has no decimal number)
                return f"; write it as a decimal number: {float(value):g}"
    if _SUM.match(text):  # `10+1`: a sum, where one number is wanted
        return f"; {text.strip()!r} is a sum: give one number"
    if text.strip().casefold() in _AWAY_WORDS:  # `sick`, `half day` in a timesheet's hours
        return (f"; {text.strip()!r} says where the time went, not how much: give the hours "
                "as a number (0 for none); an absence (sickness, leave) goes in the staff "
                "file's absences")
    unit = _NUMBER_AND_UNIT.match(text)
    if unit:
        return f"; give the number alone, without '{unit.group(2).strip()}'"
    bare = _BARE_POINT.match(text)  # `+45`, `.5`, `7.`
    if bare and (bare[2] or bare[4]) and (bare[1] or (bare[3] and not (bare[2] and bare[4]))):
        return f"; write it as {bare[2] or '0'}{'.' + bare[4] if bare[4] else ''}"
    if text.strip().casefold() in _NO_VALUE:
        advice = advice or "give the value, or leave the cell empty where it is not known"
        return f"; {text.strip()!r} stands for no value: {advice}"
    return ""


# a level written with its word, as case-management systems and minutes write a MAPPA level
# (`L2`, `MAPPA 2`, `MAPPA level 2`, `cat 1 lvl 2`: the category before it is not the level)
_LEVEL = re.compile(r"\s*(?:(?:mappa\s*)?(?:cat(?:egory)?\.?\s*[0-9]\s*[,/]?\s*)?"
                    r"(?:level|lvl\.?|l)|mappa)\s*([0-9])\s*\Z", re.IGNORECASE)
# a whole number and a fraction, as a person types half an hour: `7 1/2`, `7½`, `1/2`
_VULGAR = {"\u00bd": (1, 2), "\u00bc": (1, 4), "\u00be": (3, 4)}
_FRACTION = re.compile(r"\s*(?:(?:([0-9]+)\s+)?([0-9]+)\s*/\s*([0-9]+)|([0-9]+)?\s*"
                       r"([\u00bd\u00bc\u00be]))\s*\Z")
# a sum: `10+1`, `3 + 2`
_SUM = re.compile(r"\s*[0-9]+(?:\.[0-9]+)?(?:\s*\+\s*[0-9]+(?:\.[0-9]+)?)+\s*\Z")
# what a person types in a timesheet's hours for time not worked
_AWAY_WORDS = frozenset(("sick", "sickness", "off sick", "half day", "half-day", "toil", "al",
                         "a/l", "annual leave", "leave", "holiday", "hol", "bank holiday", "bh",
                         "off", "day off", "absent", "absence", "flexi",
                         "flexi leave", "flexi day"))
# a range of two numbers: `8-10`, `8 - 10`, `8 to 10`, and with an en or em dash
_RANGE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(?:-|\u2013|\u2014|to)\s*"
                    r"([0-9]+(?:\.[0-9]+)?)\s*\Z", re.IGNORECASE)
# hours and minutes, as a clock or in words: `37:30`, `7h30`, `7 hrs 30 mins`
_HOURS_MINUTES = re.compile(r"\s*([0-9]{1,4})\s*(?::|h(?:ou)?r?s?\.?)\s*([0-9]{1,2})\s*"
                            r"(?:m(?:in(?:ute)?s?)?\.?|:00)?\s*\Z", re.IGNORECASE)
# a number with a `+`, or with no digit on one side of its point: `+45`, `.5`, `7.`
_BARE_POINT = re.compile(r"\s*(\+?)([0-9]*)(?:(\.)([0-9]*))?\s*\Z")
