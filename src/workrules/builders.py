"""Builders: a typed record from a record as read, one function per record kind, generated
from the one description of the data model (`datamodel.py`).

A field's type says how it is converted (a date is parsed and checked, a week read as its
Monday, a list becomes a tuple); a field may name a converter of its own (`grade`,
`signoffs`), and a kind a whole-record step (`staff`: anyone with a `pta` is a PQiP learner,
and a grade brings the roles it implies; `case`: closed on or after opened; `sfo`: a sign-off
given is one of those required). The source of each builder can be read with
`builder_source(kind)`.

Two forms are generated from the same description: one reads a mapping (the exact path,
`dataset.py`), the other a decoded msgspec Struct whose absent fields are UNSET (the fast
path, `fastload.py`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any

from . import datamodel as dm
from . import model as m
from .limits import date_problem
from .schemacheck import _NO_VALUE


class _BadValue(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# Dates repeat across millions of records (a year has 365 days): parse each once, and let
# every record share one date object.
_DATES: dict[str, dt.date] = {}
_WEEKS: dict[str, dt.date] = {}


def _date(value: str, field: str) -> dt.date:
    day = _DATES.get(value)
    if day is not None:
        return day
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise _BadValue(field, f"{field} {value!r} is not a real date") from None
    if day == _NO_DATE:
        raise _BadValue(field, f"{field} {value!r} is the date a spreadsheet or an HR system "
                               "writes for no date, not a day; leave it empty if it is not known")
    if (problem := date_problem(day)) is not None:
        raise _BadValue(field, f"{field} {value!r} {problem}")
    _DATES[value] = day
    return day


# The day exports write for "no date" (Excel's day 1, SAP's start of time; those before it, and
# 9999-12-31, are outside the dates accepted): a leaving date of 1900-01-01 took staff out of
# post in silence.
_NO_DATE = dt.date(1900, 1, 1)


def _week(value: str, field: str = "week") -> dt.date:
    monday = _WEEKS.get(value)
    if monday is None:
        monday = _WEEKS[value] = _parse_week(value, field)
    return monday


def _parse_week(value: str, field: str) -> dt.date:
    if "W" in value:
        year, week = value.split("-W")
        try:
            monday = dt.date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            raise _BadValue(field, f"{field} {value!r} is not a real ISO week") from None
        if (problem := date_problem(monday)) is not None:
            raise _BadValue(field, f"{field} {value!r} {problem}")
        return monday
    day = _date(value, field)
    if day.weekday() >= 5:  # a week's last day, or the first of one that runs to the next
        before = day - dt.timedelta(days=day.weekday())
        after = before + dt.timedelta(days=7)
        raise _BadValue(
            field,
            f"{field} {value!r} is a {day:%A}; a week is given by its Monday: {before} if this "
            f"is the last day of the week meant, {after} if it is the first (which is not "
            f"guessed), or as an ISO week ({_iso_week(before)} or {_iso_week(after)})",
        )
    if day.weekday() != 0:
        raise _BadValue(
            field,
            f"{field} {value!r} is a {day:%A}; a week is given by its Monday "
            f"({day - dt.timedelta(days=day.weekday())}) or as an ISO week ({_iso_week(day)})",
        )
    return day


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _opt(convert: Callable[[str, str], dt.date], value: str | None, field: str) -> dt.date | None:
    return None if value is None else convert(value, field)


@functools.lru_cache(maxsize=4096)
def _grade(written: str) -> str:
    """A grade in its canonical spelling (`pqip`, `TPO`, `Trainee Probation Officer` ->
    `PQiP`; `SPO - Courts` -> `SPO_COURTS`), or folded like one (`Band 4` -> `BAND_4`) when
    the vocabulary lacks it (the check then refuses a near miss, or reports it)."""
    return m.canonical_grade(written) or m.word_key(written)


def _signoffs(values: Iterable[str], field: str) -> tuple[str, ...]:
    """Sign-offs, matched in any case (`SPO` is `spo`); a near miss of a known one (`sop`)
    is refused."""
    out = []
    for v in values:
        low = v.strip().lower()
        if low not in m.SIGNOFFS:
            close = m.near_miss(low, m.SIGNOFFS)
            if close is not None:
                raise _BadValue(field, f"{field}: {v!r} is not a known sign-off (did you "
                                f"mean '{close}'?)")  # fmt: skip
        out.append(low)
    return tuple(out)




def _check_staff(v: dict[str, Any]) -> dict[str, Any]:
    for field in ("id", "name"):  # a vacant post or a list of cases held as a person
        written = v[field]
        what = m.placeholder_of(written) if written is not None else None
        if what is not None:
            raise _BadValue(field, f"{field}: {written!r} {_PLACEHOLDER_SAYS[what]}")
    started, left = v["started_on"], v["left_on"]
    if started is not None and left is not None and left < started:
        raise _BadValue("left_on", f"left_on {left} is before started_on {started}; where HR "
                        "keeps a leaving date beside a later start (someone who left and was "
                        "hired again), give the spell in post now: started_on, and no left_on")
    if v["pta"] is not None:
        v["grade"] = m.PQIP  # whoever has a Practice Tutor Assessor is a PQiP learner
        v["acting"] = None  # (so read whatever the grade acted in)
    implied = m.implied_roles(v["grade"])
    if implied:
        v["roles"] += tuple(role for role in implied if role not in v["roles"])
    return v


# What a staff record that is no person is (`model.placeholder_of`), and where it goes: held
# as staff, its cases are no one's caseload and it counts as staff in post (attack round 26,
# P2: a PO vacancy rate of 2.5% where it was 27.5%, 46 cases beside an unallocated count of 3)
_HOLDING_LIST = ("not a person: a staff list lists the people in post; give the cases waiting "
                 "for allocation in the unallocated counts (by unit and week), and each case "
                 "allocated under the person who holds it")
_PLACEHOLDER_SAYS = {
    "vacant": "is a vacant post, not a person: a staff list lists the people in post; give the "
              "post in the establishment's funded posts, and its cases in the unallocated "
              "counts (by unit and week) or under the people who hold them",
    "unallocated": f"is a list of cases not allocated, {_HOLDING_LIST}",
    "duty": f"is a duty or holding list, {_HOLDING_LIST}",
}


def _check_case(v: dict[str, Any]) -> dict[str, Any]:
    opened, closed = v["opened"], v["closed"]
    if opened is not None and closed is not None and closed < opened:
        raise _BadValue("closed", f"the case is closed ({closed}) before it is opened ({opened})")
    return v


def _check_sfo(v: dict[str, Any]) -> dict[str, Any]:
    required = v["required_signoffs"]
    for given in v["signed_off"]:
        close = None if given in required else m.near_miss(given, required)
        if close is not None:
            raise _BadValue("signed_off", f"signed_off: {given!r} is not among the required "
                            f"sign-offs (did you mean '{close}'?)")  # fmt: skip
    return v


def _check_absence(v: dict[str, Any]) -> dict[str, Any]:
    first, last = v["first_day"], v["last_day"]
    if last < first:
        raise _BadValue("last_day", f"the absence ends ({last}) before it starts ({first})")
    spell = (last - first).days + 1
    if v["days"] is not None and v["days"] > spell:
        raise _BadValue("days", f"days: {v['days']} working days lost in a spell of {spell} "
                        f"day{'s' * (spell > 1)} ({first} to {last}); give the working days "
                        f"lost, at most {spell}: a day counts as one whatever its hours (a "
                        "compressed 9.25 h day is 1, not 1.25)")  # fmt: skip
    return v


def _tuple(values: Iterable[str], field: str) -> tuple[str, ...]:
    return tuple(values)


def _same(value: Any, field: str) -> Any:
    return value


# A word for a grade not yet known (`grade: TBC` in a template, `To be confirmed` in a draft):
# read as a grade of its own, it was named as an unknown grade, and the advice was to declare
# it (JDs round 68, P8), where `span_of_control: TBC` was refused as no value
NO_GRADE = _NO_VALUE | {"tbd", "tbc.", "to be confirmed", "to be agreed", "to be determined",
                         "to be decided", "not known", "not yet known", "pending"}
NO_GRADE_SAID = ("stands for no value, not a grade: give the grade, and leave the record or "
                 "file out until it is known")


def _grade_of(written: str, field: str) -> str:
    if " ".join(written.split()).casefold() in NO_GRADE:
        raise _BadValue(field, f"{field}: {written!r} {NO_GRADE_SAID}")
    status = m.title_status(written)
    if status is not None:  # "Vacant PO", "PO (Leaver)": no grade of someone in post
        said, words = status
        raise _BadValue(field, f"{field}: {written!r} says {_STATUS_SAYS[said].format(words)}")
    return _grade(written)


def _staff_grade(written: str, field: str) -> str:
    """A staff record's grade: as `_grade_of`, but a pay band alone (`Band 4`; `PSO Band 3` is
    a PSO) is refused, as an establishment's is (`model.PAY_BAND_NOT_A_GRADE`): read as an
    unknown grade, every rule that judges by grade passed its holder over (HR's `Grade`
    column of bands mapped to `grade`: first hour, round 52, P1)."""
    if m.is_pay_band(written):
        raise _BadValue(field, f"{field}: {written!r} {STAFF_PAY_BAND}")
    return _grade_of(written, field)


STAFF_PAY_BAND = ("is a pay band, not a grade: a band names no role, so no rule that judges by "
                  "grade could judge its holder; give the grade (PO, PSO, SPO, ...; HR's job "
                  "title) in grade, and the band in band")


_STATUS_SAYS = {
    "vacant": "the post is vacant ('{}'), not a grade: a staff list lists the people in post; "
              "give the funded posts in the establishment",
    "left": "its holder has left ('{}'), not a grade: give their grade, and the day they left "
            "in left_on",
    "away": "its holder is away ('{}'), not a grade: give their grade, and the absence in "
            "absences",
}


# Conversions by field type, and the named ones a field may ask for instead.
BY_TYPE: dict[str, Callable[[Any, str], Any]] = {"date": _date, "week": _week, "list": _tuple}
CONVERTERS: dict[str, Callable[[Any, str], Any]] = {
    "grade": _grade_of, "staff_grade": _staff_grade, "signoffs": _signoffs}
CHECKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "staff": _check_staff, "case": _check_case, "sfo": _check_sfo, "absence": _check_absence,
}  # fmt: skip


def _converter(f: dm.Field) -> str | None:
    """The name, in the generated code's namespace, of the function converting `f`."""
    if f.convert:
        return f"_c_{f.convert}"
    if f.type == "record":
        return f"_b_{f.record}"
    if f.type in BY_TYPE:
        return f"_t_{f.type}"
    return None


def builder_source(kind: dm.RecordKind, attr: bool = False) -> str:
    """The Python source of the builder for `kind`: `build(r, file, line)` reading a mapping
    (or, with `attr`, a Struct whose absent fields are UNSET)."""
    lines = ["def build(r, file, line):"]
    for f in kind.fields:
        conv = _converter(f)
        if attr and f.type == "list" and not f.convert:
            conv = None  # decoded as a tuple already
        default = "None" if f.default is None else repr(f.default)
        if attr:
            get = f"r.{f.name}"
            lines.append(f"    x = {get}")
            if f.type in _SHARED_TYPES:  # one string object for each id or value repeated
                lines.append("    x = _share(x, x)")
            if not f.required:
                lines.append(f"    if x is UNSET: x = {default}")
                if conv:
                    lines.append(f"    elif x is not None: x = {conv}(x, {f.name!r})")
            elif f.type in ("date", "week") and not f.convert:  # the cache first, in C
                lines.append(f"    x = _known_{f.type}(x) or {conv}(x, {f.name!r})")
            elif conv:
                lines.append(f"    x = {conv}(x, {f.name!r})")
        elif f.required:
            lines.append(f"    x = r[{f.name!r}]")
            if conv:
                lines.append(f"    x = {conv}(x, {f.name!r})")
        else:
            lines.append(f"    x = r.get({f.name!r}, {default})")
            if conv:
                lines.append(f"    if x is not None: x = {conv}(x, {f.name!r})")
        lines.append(f"    v_{f.name} = x")
    args = ", ".join(f"{f.name}=v_{f.name}" for f in kind.fields)
    place = "" if kind.name == "report_subject" else ", file=file, line=line"
    # a staff record keeps its grade as written when it is acting with no dates: read as the
    # grade acted in for the whole run, which a check then says (`model.acting_undated`); and
    # when it says its holder is agency or locum staff, which the vacancy rate then says
    # (`model.agency_held`)
    grade = "r.grade" if attr else "r['grade']"
    acting, agency = (f"_acting({grade})", f"_agency({grade})") if kind.name == "staff" \
        else ("", "")  # fmt: skip
    if acting:
        args += f", acting={acting}, agency={agency}"
    if kind.check:
        values = ", ".join(f"{f.name!r}: v_{f.name}" for f in kind.fields)
        values += f", 'acting': {acting}, 'agency': {agency}" if acting else ""
        lines.append(f"    v = _check({{{values}}})")
        lines.append(f"    return Cls(**v{place})")
    else:
        lines.append(f"    return Cls({args}{place})")
    return "\n".join(lines) + "\n"


Builder = Callable[[Any, str, int], Any]

# The decoder makes a new string for every value; a national export names each member of
# staff in a hundred records, so the fast builders keep one string for each (about 150 MB
# less at national scale).
_SHARED_TYPES = ("staff", "enum", "grade", "string")
_SHARED: dict[Any, Any] = {}


@functools.cache
def builder(name: str, attr: bool = False) -> Builder:
    """The generated builder of a record kind (compiled on first use)."""
    kind = dm.NESTED_KINDS.get(name) or dm.BY_NAME[name]
    namespace: dict[str, Any] = {
        "Cls": m.KINDS[name].cls if name in m.KINDS else m.ReportSubject,
        "_check": CHECKS.get(kind.check),
        "UNSET": _unset() if attr else None,
        "_share": _SHARED.setdefault,
        "_known_date": _DATES.get,
        "_known_week": _WEEKS.get,
        "_acting": m.acting_undated,
        "_agency": m.agency_held,
    }
    for type_name, fn in BY_TYPE.items():
        namespace[f"_t_{type_name}"] = fn
    for conv_name, fn in CONVERTERS.items():
        namespace[f"_c_{conv_name}"] = fn
    for f in kind.fields:
        if f.type == "record":
            namespace[f"_b_{f.record}"] = functools.partial(_nested, builder(f.record, attr))
    code = compile(builder_source(kind, attr), f"<workrules builder {name}>", "exec")
    exec(code, namespace)
    return namespace["build"]  # type: ignore[no-any-return]


def _nested(build: Builder, raw: Any, field: str) -> Any:
    return build(raw, "", 0)


def _unset() -> Any:
    import msgspec

    return msgspec.UNSET
