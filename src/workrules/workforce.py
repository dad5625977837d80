"""The workload indicators of clause 3: what the unions ask the employer to report, computed
from the data set, by region, grade (occupation), pay band, gender and ethnicity.

    from workrules import indicators
    report = indicators(["staff.yaml", "rota.yaml"], period="2024-Q2")
    for ind in report.indicators: ...

Each indicator is measured in a period and in the period before it (the same kind of period
just before: the quarter, month or year before; for a range of days, as many days ending the
day before it starts). Every figure is for a group of people. A group of fewer than
`min_cell` people is suppressed, and so are enough other groups that no suppressed figure can
be worked out from the totals or from the national and regional rows (see `suppress` and
docs/indicators.md); a group's count of people is hidden alike in every indicator that counts
the same people (`_shared_counts`). The period before shows what its own report shows, and the
change is given where both figures are (`_cells`). No figure is ever about one person.
The definitions are written out in `SPECS` and shown with every report.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from . import model as m
from .errors import InputError, UsageError, did_you_mean
from .indicator_options import DEFAULT_MIN_CELL, DIMENSIONS, PERIOD_FORMS

if TYPE_CHECKING:
    from .dataset import Dataset

FULL_TIME_HOURS = 37.0  # a full-time week (the National Probation Service's standard week)
DIMENSION_NAMES = {"region": "region", "grade": "grade (occupation)", "band": "pay band",
                   "gender": "gender", "ethnicity": "ethnicity"}  # fmt: skip
# clause 3's own words for two breakdowns, which `--by` names otherwise
_CLAIMS_WORDS = {"occupation": "grade", "pay band": "band", "payband": "band"}
# a unit's words: no breakdown, as a unit's figures are its own files' (`parse_by`)
_UNIT_WORDS = frozenset({"unit", "units", "pdu", "pdus", "probation delivery unit",
                         "probation delivery units", "team", "teams"})  # fmt: skip
NATIONAL = "national"  # the scope of every row not limited to one region
ALL = "all"  # the dimension and group of a scope's whole row
NOT_GIVEN = "not given"  # the group of people whose record does not give the field
# the breakdowns a staff record may leave out (a grade is required, and a region comes from
# the file where the record gives none)
_MAY_BE_BLANK = frozenset({"band", "gender", "ethnicity"})
# What an HR export writes in such a field where it holds no answer: read as `not given`, and
# said (`unanswered`), where a group `Not known` beside `not given` split one unknown into two
# small cells (scenarios round 53, P5). An answer the person gave stays a group of its own:
# "Prefer not to say", "Declined", and "Not stated" (the NHS data dictionary's code for a
# person asked who declined, where "Not known" is one never asked).
NO_ANSWER_WORDS = frozenset({"not known", "unknown", "n/k", "nk", "not recorded", "n/a", "na",
                             "not applicable", "missing", "blank", "null", "none recorded",
                             "no data", "not provided", "not collected", "-", "?"})  # fmt: skip
SUPPRESSED = "[c]"  # how a table or CSV shows a suppressed figure (as official statistics do)

# ---------------------------------------------------------------------------------------------
# Periods


@attrs.frozen
class Window:
    """A period of whole days, first and last inclusive, and what kind of period it is."""

    start: dt.date
    end: dt.date
    label: str
    kind: Literal["year", "quarter", "month", "days"] = "days"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Window:
        """The same kind of period just before this one."""
        if self.kind == "year":
            return _year(self.start.year - 1)
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            return _quarter(self.start.year - (q == 1), 4 if q == 1 else q - 1)
        if self.kind == "month":
            last = self.start - dt.timedelta(days=1)
            return _month(last.year, last.month)
        end = self.start - dt.timedelta(days=1)
        months = _whole_months(self.start, self.end)
        if months:  # whole months (a financial year): as many months before, whatever their
            # days (2024-04-01..2025-03-31 after 2023-04-01..2024-03-31, a leap year's 366)
            year, month = divmod(self.start.year * 12 + self.start.month - 1 - months, 12)
            return _days(dt.date(year, month + 1, 1), end)
        length = self.end - self.start
        return _days(end - length, end)


def _whole_months(start: dt.date, end: dt.date) -> int:
    """How many calendar months `start` to `end` (inclusive) are, if whole months; else 0."""
    after = end + dt.timedelta(days=1)
    if start.day != 1 or after.day != 1:
        return 0
    return (after.year - start.year) * 12 + after.month - start.month


def _year(year: int) -> Window:
    return Window(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}", "year")


def _quarter(year: int, q: int) -> Window:
    end = dt.date(year, 3 * q, 1) + dt.timedelta(days=31)
    return Window(dt.date(year, 3 * q - 2, 1), end - dt.timedelta(days=end.day),
                  f"{year}-Q{q}", "quarter")  # fmt: skip


def _month(year: int, month: int) -> Window:
    end = dt.date(year, month, 1) + dt.timedelta(days=31)
    return Window(dt.date(year, month, 1), end - dt.timedelta(days=end.day),
                  f"{year}-{month:02d}", "month")  # fmt: skip


def _days(start: dt.date, end: dt.date) -> Window:
    return Window(start, end, f"{start.isoformat()}..{end.isoformat()}", "days")


_PERIOD = re.compile(r"(\d{4})(?:-Q([1-4])|-(\d{2}))?|(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


def _period_hint(text: str) -> str:
    """What a period written another way most likely means: a quarter written `2024-q2`,
    `Q2 2024` or `2024Q2`; one day (`2024-06-03..2024-06-03`); an ISO week (its days); a
    financial year (its days)."""
    words = text.strip()
    if (fy := _financial_year(words)) is not None:  # (a first hour, round 42: "2026-27" was
        return f" (a financial year is its days: '{fy}')"  # told "month must be in 1..12")
    quarter = (re.fullmatch(r"(\d{4})[ -]?[Qq]([1-4])", words)
               or re.fullmatch(r"[Qq]([1-4])[ -]?(\d{4})", words))  # fmt: skip
    if quarter is not None:
        year, number = sorted(quarter.groups(), key=len, reverse=True)
        return f" (did you mean '{year}-Q{number}'?)"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", words):
        try:
            dt.date.fromisoformat(words)
        except ValueError:
            return f" ({words} is not a day of the calendar)"
        return f" (one day is '{words}..{words}')"
    week = re.fullmatch(r"(\d{4})-?[Ww](\d{2})", words)
    if week is not None:
        try:
            monday = dt.date.fromisocalendar(int(week[1]), int(week[2]), 1)
        except ValueError:
            return ""
        sunday = monday + dt.timedelta(days=6)
        return f" (the ISO week {words} is '{monday.isoformat()}..{sunday.isoformat()}')"
    return ""


def _financial_year(text: str) -> str | None:
    """The days of the UK financial year `text` names as HR writes one (`2026-27`, `2026/27`,
    `2026-2027`: 1 April to 31 March), or None."""
    found = re.fullmatch(r"(\d{4})[-/](\d{2}|\d{4})", text)
    if found is None:
        return None
    first, second = int(found[1]), found[2]
    if (int(second) if len(second) == 4 else (first + 1) % 100) != (
            first + 1 if len(second) == 4 else int(second)):  # fmt: skip
        return None
    return f"{first}-04-01..{first + 1}-03-31"


def parse_period(text: str) -> Window:
    """`2024`, `2024-Q2`, `2024-06` or `2024-04-01..2024-06-30` (both days included)."""
    from .limits import date_problem

    match = _PERIOD.fullmatch(text.strip())
    if match is None:
        raise UsageError(f"'{text}' is not a period: give {PERIOD_FORMS}{_period_hint(text)}")
    year, quarter, month, first, last = match.groups()
    try:
        if first is not None:
            window = _days(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
        elif quarter is not None:
            window = _quarter(int(year), int(quarter))
        elif month is not None:
            window = _month(int(year), int(month))
        else:
            window = _year(int(year))
    except OverflowError:  # a period ending after 9999-12-31
        raise UsageError(f"'{text}' {date_problem(dt.date.max)}") from None
    except ValueError as err:
        if _financial_year(text.strip()) is not None:
            raise UsageError(f"'{text}' is not a period: give {PERIOD_FORMS}"
                             f"{_period_hint(text)}") from None  # fmt: skip
        raise UsageError(f"'{text}' is not a period ({err}): give {PERIOD_FORMS}"
                         ) from None  # fmt: skip
    if window.end < window.start:
        raise UsageError(f"'{text}' ends before it starts")
    for day in (window.start, window.end):  # before the previous period, which may not exist
        problem = date_problem(day)
        if problem is not None:
            raise UsageError(f"'{text}' {problem}")
    before = window.previous()
    problem = date_problem(before.start)
    if problem is not None:  # the period is accepted; the one before it, to compare, is not
        raise UsageError(f"'{text}' has no period before it to compare with: "
                         f"{before.start.isoformat()} {problem}")  # fmt: skip
    return window


def parse_by(text: str) -> tuple[str, ...]:
    """`region,gender`: the dimensions to break the indicators down by, in the order of
    DIMENSIONS (the order given does not change the report)."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    for name in names:
        if name not in DIMENSIONS:
            phrase = " ".join(name.lower().replace("_", " ").replace("-", " ").split())
            if phrase in _UNIT_WORDS:
                # Refused, not a sixth breakdown: clause 3 asks for none by unit, and a unit's
                # figures are exactly those of its own records, which its files alone give,
                # labelled with it (`scope_labels`); a breakdown would split a PDU's people
                # further, into cells the suppression mostly hides (a first hour, round 48, P9:
                # a PDU head with a regional export was given only the list of breakdowns).
                raise UsageError(
                    f"'{name}' is not a breakdown: for one unit's (PDU's) figures, give only "
                    "its files (or, from an export of several units, only its staff and "
                    "their records), and the report is labelled with the unit; the "
                    f"breakdowns are {', '.join(DIMENSIONS)}")
            word = _CLAIMS_WORDS.get(phrase)
            hint = (f" (did you mean '{word}'? clause 3's {phrase} is the {word} here)" if word
                    else did_you_mean(name, DIMENSIONS))  # fmt: skip
            raise UsageError(f"'{name}' is not a breakdown: give some of "
                             f"{', '.join(DIMENSIONS)}{hint}")
    return tuple(d for d in DIMENSIONS if d in names)


def _of(data: Dataset, kind: str) -> Sequence[Any]:
    """The records of one kind, typed where they are read."""
    return data.of(kind)


def default_window(data: Dataset) -> Window:
    """The calendar quarter of the latest day the data records work on (a timesheet's week,
    the start of an absence, an incident, a count of unallocated cases). An absence's last
    day is not such a day: an export taken on a quarter's last day lists the sickness that
    runs on into the next, and a quarter the data holds nothing else of is no default."""
    days = _work_days(data)
    if not days:
        said = _no_default_period(data) + ": give "
        raise UsageError(said + "the period (period=, as '2024-Q2')",
                         cli=said + "--period")  # fmt: skip
    last = max(days)
    return _quarter(last.year, (last.month - 1) // 3 + 1)


def _work_days(data: Dataset) -> list[dt.date]:
    """The days the data records work on (`default_window`)."""
    days: list[dt.date] = [t.week for t in _of(data, "timesheet")]
    days += [a.first_day for a in _of(data, "absence")]
    days += [i.date for i in _of(data, "incident")]
    days += [u.week for u in _of(data, "unallocated")]
    return days


_RECORDS_NAMED = {"timesheet": "timesheets", "absence": "absences", "incident": "incidents",
                  "unallocated": "counts of unallocated cases"}


def _no_default_period(data: Dataset) -> str:
    """Why there is no default period, truthfully: which records set it, and which dated
    records the data does hold that do not (the scenarios of round 51, P7: a rota of dated
    Unpaid Work sessions was told "the data records no dated work")."""
    setting = [m.KINDS[k].noun for k in _RECORDS_NAMED]
    others = [k.nouns() for k in m.KINDS.values()
              if k.name not in _RECORDS_NAMED and k.name not in ("staff", "job_description")
              and (k.date_fields or k.span_fields) and _of(data, k.name)]  # fmt: skip
    said = (f"the default period is the quarter of the latest {', '.join(setting[:-1])} or "
            f"{setting[-1]}, and the data has none")
    if others:
        listed = others[0] if len(others) == 1 else (f"{', '.join(others[:-1])} and "
                                                     f"{others[-1]}")  # fmt: skip
        said += f" (its {listed} do not set it)"
    return said


def _named(data: Dataset, kind: str) -> str:
    """The records a span is of, as the data has them ("timesheets and absences")."""
    kinds = [k for k in _RECORDS_NAMED if (k == kind or kind == "work") and _of(data, k)]
    said = [_RECORDS_NAMED[k] for k in kinds]
    return " and ".join(said) if len(said) < 3 else ", ".join(said[:-1]) + " and " + said[-1]


def _span(data: Dataset, kind: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day that the data's timesheets cover (each its week), or with
    `kind` "work" its records of work of every kind: timesheets, absences, incidents and
    counts of unallocated cases (the days an absence or an accident may fall on: a quarter
    with none of either, inside them, is a quarter of none); None without any."""
    weekly = [*_of(data, "timesheet"), *(_of(data, "unallocated") if kind == "work" else ())]
    spans = [(t.week, t.week + dt.timedelta(days=6)) for t in weekly]
    if kind == "work":
        spans += [(a.first_day, a.last_day) for a in _of(data, "absence")]
        spans += [(i.date, i.date) for i in _of(data, "incident")]
    return (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None


def _outside(spec: Spec, span: tuple[dt.date, dt.date] | None, w: Window,
             data: Dataset) -> str | None:  # fmt: skip
    """Why an indicator read from one kind of record has no figure for `w`: the records run
    wholly before or after it (the first hour of session 38: a quarter before the data's
    absences began gave a sickness rate of 0.0%, and one before its timesheets gave the hours
    indicators with no row and no word)."""
    if span is None or (w.end >= span[0] and w.start <= span[1]):
        return None
    return (f"the data's {_named(data, spec.over)} run from {span[0]} to {span[1]}, none in "
            f"{w.label}: a figure for it would be a nought the data does not bear")


def _partly(spec: Spec, span: tuple[dt.date, dt.date] | None, w: Window,
            data: Dataset) -> str | None:  # fmt: skip
    """A caveat for a figure that counts the days of `w` its records do not cover as days
    with nothing in them (a sickness rate over a year whose first quarter has no absences).
    A week's slack at each end: a quarter's timesheets, exported by the weeks whose Monday
    falls in it, start up to six days after it does (review 48)."""
    week = dt.timedelta(days=6)
    if span is None or not spec.diluted or (w.start >= span[0] - week
                                            and w.end <= span[1] + week):  # fmt: skip
        return None
    return (f"the data's {_named(data, spec.over)} run from {span[0]} to {span[1]}, part of "
            f"{w.label} only: its days outside them count as days with none, so the figure "
            "may be too low")


def _uncovered(window: Window, work: Sequence[dt.date], dates: Sequence[dt.date],
               ends: Sequence[dt.date] = ()) -> str | None:  # fmt: skip
    """Why no figure for `window` can be given when the data records nothing in it: it ends
    before the first day the data records (`work`, a week's record covering its week, or
    `dates`, the days people started and left) or starts after the last day of work (or the
    last day of a sickness absence, `ends`: a month inside a long sickness is a month the data
    records, scenarios round 46); None when it does not, or the data records no work at all
    (a staff list alone, whose period the caller chose, and which reaches to the day it was
    exported)."""
    if not work:
        return None
    first, last = min([*work, *dates]), max([max(work) + dt.timedelta(days=6), *ends])
    if window.end >= first and window.start <= last:
        return None
    return (f"the data records nothing in {window.label} (its timesheets, absences, incidents "
            f"and counts run from {min(work)} to {last}, and the first day anyone started or "
            f"left is {min(dates) if dates else 'not given'}): a figure for it would be a "
            "nought the data does not bear")


# ---------------------------------------------------------------------------------------------
# Who is who


@attrs.frozen
class Person:
    """What the indicators read of one member of staff."""

    id: str
    groups: tuple[str, ...]  # region, grade, band, gender, ethnicity (NOT_GIVEN where unset)
    unit: str | None
    contracted: float | None
    started_on: dt.date | None
    left_on: dt.date | None
    flexitime: bool | None

    @property
    def fte(self) -> float:
        """Full-time equivalent: contracted hours over FULL_TIME_HOURS (0 without a contract)."""
        return (self.contracted or 0.0) / FULL_TIME_HOURS

    def in_post(self, day: dt.date) -> bool:
        return m.in_post(self.started_on, self.left_on, day, day)

    def in_post_during(self, w: Window) -> bool:
        # leaving on the day they start, they were never in post: not a leaver either
        return m.in_post(self.started_on, self.left_on, w.start, w.end)


def occupation(grade: str) -> str:
    """The occupation a grade is counted in: its own, but for a role of a grade (SPO_COURTS,
    SPO_VICTIMS: 9c's SPO roles) the grade's, SPO. A role is no occupation: its holders are of
    one grade and pay band, which the caps read as one (9c), and split into a row each, every
    row was suppressed at a PDU's size and the SPO figure went from the report (scenarios round
    48, P7). A grade with a family of its own (an NQO, a Head of Interventions) keeps its row:
    it is a grade, not a role of one. The report says where roles were joined (`_roles_joined`).
    A grade that gives a spell of acting up with its dates (`PO (Acting SPO 04-11-2024 to
    31-01-2025)`) is the holder's own grade's (PO), or "not given" where it names none: a
    spell is no occupation, and a row named by its dates is one person's (scenarios round 52,
    P9)."""
    if m.acting_spell(grade):
        held = m.held_before_acting(grade)
        return occupation(held) if held is not None else NOT_GIVEN
    family = m.grade_family(grade)
    return family if family and any(grade.startswith(prefix) for prefix, of in
                                    m.GRADE_FAMILY_PREFIXES.items() if of == family) else grade


def _no_answer(value: str | None) -> bool:
    """Whether a band, gender or ethnicity as written holds no answer (`NO_ANSWER_WORDS`)."""
    return value is None or " ".join(value.split()).rstrip(".").casefold() in NO_ANSWER_WORDS


def _answer(value: str | None) -> str:
    return NOT_GIVEN if value is None or _no_answer(value) else value


def people(data: Dataset) -> dict[str, Person]:
    """Every member of staff, with the file's unit and region where the record gives none, in
    the group of their grade's occupation (`occupation`); a band, gender or ethnicity written
    as no answer ("Not known") in the group `not given`."""
    out: dict[str, Person] = {}
    for sid in sorted(data.staff):
        s = data.staff[sid]
        region = s.region or data.regions.get(s.file) or NOT_GIVEN
        out[sid] = Person(sid, (region, occupation(s.grade), _answer(s.band),
                                _answer(s.gender),
                                _answer(s.ethnicity)), s.unit or data.units.get(s.file),
                          s.contracted_hours, s.started_on, s.left_on, s.flexitime)  # fmt: skip
    return out


def unanswered(data: Dataset, by: Iterable[str]) -> tuple[tuple[str, str, int], ...]:
    """Each breakdown's words written for no answer and read as `not given` (breakdown, the
    words as written, how many staff records), so the report says so."""
    seen: dict[tuple[str, str], int] = {}
    for d in (d for d in DIMENSIONS if d in set(by) & _MAY_BE_BLANK):
        for s in data.staff.values():
            value = getattr(s, d)
            if value is not None and _no_answer(value):
                seen[d, value] = seen.get((d, value), 0) + 1
    return tuple((d, word, n) for (d, word), n in sorted(
        seen.items(), key=lambda item: (DIMENSIONS.index(item[0][0]), item[0][1])))


def _regions(data: Dataset, staff: dict[str, Person]) -> Callable[[str, str | None], str]:
    """The region of a record that is no one's, from its file and unit: the file's region,
    else that of the first member of staff (by id) in its unit. A record of no unit (a CSV
    export has no file-wide unit) goes with the staff of no unit, as the vacancy rate pairs
    them, when they are all of one region."""
    by_unit: dict[str | None, str] = {}
    unitless: set[str] = set()
    for p in staff.values():
        by_unit.setdefault(p.unit, p.groups[0])
        if p.unit is None:
            unitless.add(p.groups[0])
    if len(unitless) != 1:
        by_unit.pop(None, None)

    def region(file: str, unit: str | None) -> str:
        if file in data.regions:
            return data.regions[file]
        return by_unit.get(unit, NOT_GIVEN)

    return region


def weekdays(first: dt.date, last: dt.date) -> int:
    """Monday to Friday days from `first` to `last`, both included (0 if last < first)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    whole, rest = divmod(days, 7)
    start = first.weekday()
    return whole * 5 + sum(1 for k in range(rest) if (start + k) % 7 < 5)


# ---------------------------------------------------------------------------------------------
# Measures. Each gives, for a period, each person's (numerator, denominator), and the parts
# that are no one's (an incident with no one named, a unit's funded posts) with the groups
# they belong to (None: not in any group of that dimension).

Amounts = dict[str, tuple[float, float]]
# (groups, numerator, denominator, the person or None, whether it counts in its scope's whole)
Extra = list[tuple[tuple[str | None, ...], float, float, str | None, bool]]
Measure = Callable[["Dataset", dict[str, Person], Window], tuple[Amounts, Extra]]


def _turnover(data: Dataset, staff: dict[str, Person], w: Window) -> tuple[Amounts, Extra]:
    out: Amounts = {}
    for p in staff.values():
        if p.in_post_during(w):
            out[p.id] = (float(_left_in(p, w)), (p.in_post(w.start) + p.in_post(w.end)) / 2)
    return out, []


def _left_in(p: Person, w: Window) -> bool:
    """Whether a person's last day in post (the day before `left_on`) falls in the period."""
    return p.left_on is not None and w.start < p.left_on <= w.end + dt.timedelta(days=1)


def _vacancy(data: Dataset, staff: dict[str, Person], w: Window) -> tuple[Amounts, Extra]:
    posts: dict[str | None, dict[str | None, float]] = defaultdict(dict)  # unit -> grade -> FTE
    region_of: dict[str | None, str] = {}
    _region = _regions(data, staff)
    held = {p.grade for p in data.staff.values()}
    for e in _of(data, "establishment"):
        est: m.Establishment = e
        if est.grade is not None and est.grade not in held and m.is_pay_band(est.grade):
            from .errors import InputError  # (as `check` refuses it: every post read vacant)

            raise InputError(f"establishment: grade {est.grade!r} {m.PAY_BAND_NOT_A_GRADE}",
                             file=est.file, line=est.line)  # fmt: skip
        unit = est.unit or data.units.get(est.file)
        grade = None if est.grade is None else occupation(est.grade)  # (SPO_COURTS: SPO's)
        posts[unit][grade] = posts[unit].get(grade, 0.0) + est.posts
        region_of.setdefault(unit, _region(est.file, unit))
    extra: Extra = []
    for unit in sorted(posts, key=str):
        grades = posts[unit]
        whole = None in grades  # an all-grades entry is the unit's whole establishment
        if whole:
            extra.append(((region_of[unit], None, None, None, None), grades[None],
                          grades[None], None, True))  # fmt: skip
        for grade in sorted(g for g in grades if g is not None):
            extra.append(((region_of[unit], grade, None, None, None), grades[grade],
                          grades[grade], None, not whole))  # fmt: skip
    for p in staff.values():
        grades = posts.get(p.unit, {})
        grade = _funded_as(p.groups[1], grades)  # an NQO fills a PO's post (its family)
        if p.in_post(w.end) and (None in grades or grade in grades):
            extra.append(((p.groups[0], grade if grade in grades else None, None, None, None),
                          -p.fte, 0.0, p.id, True))  # fmt: skip
    return {}, extra


def _funded_as(grade: str, funded: Mapping[str | None, float]) -> str:
    """The grade of the funded posts a holder of `grade` fills: its own, else the first grade
    up its family that a unit funds (an NQO fills a PO's post, an SPO_COURTS an SPO's)."""
    return m.in_family(grade, funded) or grade


def _sickness(data: Dataset, staff: dict[str, Person], w: Window) -> tuple[Amounts, Extra]:
    # Each weekday is lost once: where a person's absences overlap, the day counts once, at
    # the largest share of it any of them gives (all of it, unless its `days` say less).
    days: dict[str, dict[dt.date, float]] = defaultdict(dict)
    lost: dict[str, float] = defaultdict(float)
    for a in _of(data, "absence"):
        ab: m.Absence = a
        p = staff[ab.staff]
        if ab.reason != "sickness":
            continue
        first, last = _in_post_span(p, max(ab.first_day, w.start), min(ab.last_day, w.end))
        share = _working_share(p)  # a part-timer loses their share of each weekday
        if ab.days is not None:
            spell = weekdays(ab.first_day, ab.last_day)
            if not spell:  # a spell of weekend days only, with the days lost given
                lost[ab.staff] += ab.days if first <= last else 0.0
                continue
            # its days shared across its weekdays, never more of one than the person works
            # (a half-timer's 20 half-days lost in a month of 20 weekdays are 10 days; a
            # rota's 22 shifts lost, weekends too, are no more than the 20 weekdays)
            share = min(share, ab.days / spell)
        own = days[ab.staff]
        day = first
        while day <= last:
            if day.weekday() < 5 and own.get(day, 0.0) < share:
                own[day] = share
            day += dt.timedelta(days=1)
    for pid, own in days.items():
        lost[pid] += sum(own.values())
    out: Amounts = {}
    for p in staff.values():
        if p.in_post_during(w):
            first, last = _in_post_span(p, w.start, w.end)
            in_post = weekdays(first, last) * _working_share(p)
            out[p.id] = (min(lost.get(p.id, 0.0), in_post), in_post)  # (none loses more)
    return out, []


def _working_share(p: Person) -> float:
    """The share of each weekday a person works: their FTE (a half-timer works half of the
    weekdays in post, and loses half of each day off sick); a full day when no contracted
    hours are given, as before (their working days are not known to be fewer)."""
    return p.fte if p.contracted else 1.0


def _in_post_span(p: Person, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    if p.started_on is not None:
        first = max(first, p.started_on)
    if p.left_on is not None:
        last = min(last, p.left_on - dt.timedelta(days=1))
    return first, last


def _held_on(data: Dataset, day: dt.date) -> dict[str, int]:
    """The cases each practitioner holds on `day` (from opened until the day before closed)."""
    held: dict[str, int] = defaultdict(int)
    for c in _of(data, "case"):
        case: m.Case = c
        if (case.opened is None or case.opened <= day) and (
                case.closed is None or day < case.closed):  # fmt: skip
            held[case.practitioner] += 1
    return held


def _productivity(data: Dataset, staff: dict[str, Person], w: Window) -> tuple[Amounts, Extra]:
    held = _held_on(data, w.end)
    return {pid: (float(n), staff[pid].fte) for pid, n in held.items()
            if staff[pid].in_post(w.end) and staff[pid].fte > 0}, []  # fmt: skip


def _accidents(data: Dataset, staff: dict[str, Person], w: Window) -> tuple[Amounts, Extra]:
    count: dict[str, int] = defaultdict(int)
    extra: Extra = []
    _region = _regions(data, staff)
    for i in _of(data, "incident"):
        inc: m.Incident = i
        if inc.type != "accident" or not w.contains(inc.date):
            continue
        if inc.staff is not None:
            count[inc.staff] += 1
        else:
            region = _region(inc.file, inc.unit or data.units.get(inc.file))
            extra.append(((region, None, None, None, None), 1.0, 0.0, None, True))
    out: Amounts = {}
    for p in staff.values():
        if p.in_post_during(w) or p.id in count:
            out[p.id] = (float(count.get(p.id, 0)),
                         p.fte * (p.in_post(w.start) + p.in_post(w.end)) / 2)  # fmt: skip
    return out, extra


def _flexitime(data: Dataset, staff: dict[str, Person], w: Window) -> tuple[Amounts, Extra]:
    return {p.id: (float(p.flexitime is True), 1.0) for p in staff.values()
            if p.in_post(w.end)}, []  # fmt: skip


def _weekly(hours: Callable[[m.Timesheet, float | None], float | None],
            over_contract: bool = False) -> Measure:  # fmt: skip
    """A mean over the person-weeks of the period (timesheets whose week starts in it) that
    `hours` measures (None: the timesheet is not one it reads). `over_contract`: the hours
    over a contract, where a contract below a week's plausible hours (an FTE of 0.6 read as
    0.6 h) would overstate them; such a person is left out, as `check` leaves them out of 4c
    (scenario round 36: 10.73 unpaid hours a week where the others' give 3.40)."""

    def measure(data: Dataset, staff: dict[str, Person], w: Window) -> tuple[Amounts, Extra]:
        out: dict[str, tuple[float, float]] = {}
        low = _low_contracts(data) if over_contract else frozenset()
        for ts in _timesheets_in(data, w):
            if ts.staff in low:
                continue
            value = hours(ts, staff[ts.staff].contracted)
            if value is not None:
                num, den = out.get(ts.staff, (0.0, 0.0))
                out[ts.staff] = (num + value, den + 1)
        return out, []

    return measure


_IN_WINDOW: dict[tuple[dt.date, dt.date], list[Any]] = {}  # during one `compute`, by window


def _timesheets_in(data: Dataset, w: Window) -> list[m.Timesheet]:
    """The timesheets of a period, found once for the three measures that read them."""
    key = (w.start, w.end)
    if key not in _IN_WINDOW:
        start, end = w.start, w.end
        _IN_WINDOW[key] = [t for t in _of(data, "timesheet") if start <= t.week <= end]
    return _IN_WINDOW[key]


def _paid_over(ts: m.Timesheet, contracted: float | None) -> float | None:
    return ts.paid_excess_hours if contracted else None


def _due(ts: m.Timesheet, contracted: float) -> float:
    """The hours the week asks of the person: the row's `hours_due` where it gives them (a
    week with a bank holiday or days of leave), else their contracted hours, as 4c's rule
    reads them."""
    return contracted if ts.hours_due is None else ts.hours_due


def _unpaid_over(ts: m.Timesheet, contracted: float | None) -> float | None:
    if not contracted:
        return None
    return max(0.0, ts.hours_worked - _due(ts, contracted) - ts.toil_hours
               - ts.paid_excess_hours)  # fmt: skip


def _no_contract(ts: m.Timesheet, contracted: float | None) -> float | None:
    return None if contracted else ts.hours_worked


# ---------------------------------------------------------------------------------------------
# The indicators


@attrs.frozen
class Spec:
    id: str
    title: str
    unit: str  # what the level is measured in
    scale: float  # the level is numerator / denominator * scale (0: the numerator, a count)
    definition: str
    measure: Measure
    needs: Callable[[Dataset], str | None]  # why the data cannot give it, or None
    dimensions: tuple[str, ...] = DIMENSIONS
    places: int = 1
    # What bounds each person's numerator, so that a sum of hidden figures at a bound tells
    # each of them: `floor`, never below 0; `ceiling`, never above their denominator ("den":
    # days lost of days in post, flexitime of one) or above 1 ("one": a leaver leaves once).
    floor: bool = True
    ceiling: Literal["den", "one", ""] = ""
    # what in the data the figure rests on that may make it wrong, said beside it (`_caveat`)
    caveat: Caveat | None = None
    # the records whose days bound the figure (`_span`: "timesheet", or "work" of every kind):
    # a period outside them has no figure, one partly outside them a caveat, where the figure
    # counts days the records do not cover as days with nothing in them (`diluted`)
    over: str = ""
    diluted: bool = False
    # what the rows by grade leave out, said when the figures are broken down by grade
    by_grade: Callable[[Dataset, Mapping[str, Person], Window], list[str]] | None = None
    # what the level's numerator and denominator count (a cell gives both, the claim's
    # "level/number": scenarios round 53, P3), and why a group with people in it can have a
    # denominator of 0, said in place of its level (round 53, P1)
    counts: tuple[str, str] = ("", "")
    zero_den: str = ""


def _needs_dates(data: Dataset) -> str | None:
    if any(s.started_on or s.left_on for s in data.staff.values()):
        return None
    return "no start or leaving dates (started_on, left_on) in the data"


def _needs(kind: str, what: str) -> Callable[[Dataset], str | None]:
    def needs(data: Dataset) -> str | None:
        return None if data.of(kind) else f"no {what} in the data"

    return needs


def _needs_contracts(data: Dataset) -> str | None:
    """Why an indicator by full-time equivalent (FTE) cannot be given: no staff record gives
    contracted hours, not even 0 (every post read vacant, every person of no FTE), or the
    export gives them in another unit than hours a week (an FTE of 1.0, a month's 160.33: a
    97.6% vacancy rate, 31.5 unpaid hours a week); as `check` says of its rules (`policy`)."""
    if data.staff and all(s.contracted_hours is None for s in data.staff.values()):
        return ("no staff record gives contracted hours, so no one's full-time equivalent is "
                "known")
    _, whole, _, _, why = _contracts_read(data)
    if whole is not None:
        return (f"the staff's contracted hours (their middle value {whole:g} h) look given in "
                f"another unit than hours a week: {why}")
    return None


def _contracts_read(data: Dataset) -> tuple[list[tuple[str, float]], float | None, float, float,
                                            str]:  # fmt: skip
    """The staff's contracted hours against the plausible range of the data model
    (`dataset.implausible`): the members of staff outside it, the middle value of an export
    wholly in another unit (else None), the range's ends, and why it is the range."""
    from .datamodel import BY_NAME
    from .dataset import implausible

    plausible = BY_NAME["staff"].field("contracted_hours").plausible
    assert plausible is not None
    least, most, why, middle = plausible
    odd, whole = implausible(data, "contracted_hours", least, most, middle)
    return odd, whole, least, most, why


def _funded_units(data: Dataset) -> set[str | None]:
    """The units the establishment funds posts in (None: an entry of no unit)."""
    return {e.unit or data.units.get(e.file) for e in _of(data, "establishment")}


def _needs_vacancy(data: Dataset) -> str | None:
    """Why the vacancy rate cannot be given: besides the establishment and the contracts, no
    one in post in a unit the establishment funds (its unit written another way, `Tyne` for
    `Tyne PDU`, or the staff given no unit): every post would read vacant."""
    said = _needs("establishment", "establishment (funded posts)")(data) or _needs_contracts(data)
    if said is not None:
        return said
    funded = _funded_units(data)
    held = {s.unit or data.units.get(s.file) for s in data.staff.values()}
    if held and funded.isdisjoint(held):  # (a unit with no one in post is all vacant)
        def named(units: set[str | None]) -> str:
            return ", ".join(sorted(repr(u) if u else "none given" for u in units))

        return (f"no member of staff is in a unit the establishment funds posts in (the "
                f"establishment's units: {named(funded)}; the staff's: {named(held)}), so every "
                "post would read vacant: write each unit alike in both")
    return None


def _members(count: int) -> str:
    return f"{count:,} staff member{'' if count == 1 else 's'}"


def _odd_contracts(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """What some staff members' contracted hours say, where they cannot be a week's: hours
    above 0 outside the plausible range (an FTE of 1.0 beside weekly hours in one export).
    (An export wholly in another unit is `_needs_contracts`'s.)"""
    odd, whole, least, most, why = _contracts_read(data)
    if whole is not None:
        return []
    count = sum(1 for who, value in odd if not least <= value <= most
                and staff[who].in_post_during(w))  # fmt: skip
    return [f"{_members(count)} in post with contracted hours below {least:g} h or above "
            f"{most:g} h a week, read as hours a week, so the figure may be wrong ({why}; "
            "`workrules check` names them)"] * bool(count) + _day_like(
        odd, staff, w, "read as hours a week, so the figure may be wrong")


def _day_like(odd: list[tuple[str, float]], staff: Mapping[str, Person], w: Window,
              read: str) -> list[str]:
    """What `_contracts_read` gives within the plausible range: contracted hours below a week's
    middle (`dataset.implausible`), as a day's would be, beside others that can only be a
    week's (scenario round 37: weekend contracts of 7.5 h beside 37 h): left out of the
    figures of hours over contract (`_low_contracts`), read as a week's in the others."""
    from .datamodel import BY_NAME

    plausible = BY_NAME["staff"].field("contracted_hours").plausible
    assert plausible is not None
    least, most, _, middle = plausible
    count = sum(1 for who, value in odd if least <= value <= most and staff[who].in_post_during(w))
    return [f"{_members(count)} in post with contracted hours below {middle:g} h and weeks of "
            f"2.5 times them worked or more, as a day's would be, beside others that can only "
            f"be a week's: {read} (`workrules check` names them)"] if count else []


def _low_contracts(data: Dataset) -> frozenset[str]:
    """The staff members whose contracted hours lie above 0 and below a week's plausible
    least, or below a week's middle beside others that can only be a week's
    (`dataset.implausible`), in an export not wholly in another unit: hours over their contract
    would be overstated, so they are left out of the figures of hours over it."""
    odd, whole, _, most, _ = _contracts_read(data)
    return frozenset(who for who, value in odd if value <= most) if whole is None \
        else frozenset()  # fmt: skip


def _odd_contracts_over(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """`_odd_contracts` for a figure of hours over contract, which leaves out the staff whose
    contracted hours would overstate it (`_low_contracts`) and says so."""
    odd, whole, least, most, why = _contracts_read(data)
    if whole is not None:
        return []
    low = sum(1 for who, value in odd if value < least and staff[who].in_post_during(w))
    high = sum(1 for who, value in odd if value > most and staff[who].in_post_during(w))
    said = [f"{_members(low)} in post with contracted hours below {least:g} h a week left out, "
            f"as `workrules check` leaves them out of 4c: read as hours a week, they would "
            f"overstate the hours over contract ({why})"] if low else []
    said += [f"{_members(high)} in post with contracted hours above {most:g} h a week, read as "
             f"hours a week, so the figure may be wrong ({why}; `workrules check` names "
             "them)"] if high else []  # fmt: skip
    return said + _day_like(odd, staff, w, "left out, as `workrules check` leaves them out of "
                                         "4c")


def _recompensed_apart(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """The person-weeks of the period whose TOIL or paid hours come in a week with no hours
    over contract: recompense recorded in another week than the hours it repays. The figure
    counts each week's own recompense only, so the week repaid counts in full (scenarios
    round 47, P3: a region whose `toil_recorded_late` lets `workrules check` set them against
    each other read 1.03 h a week unpaid here, with nothing said)."""
    count = 0
    for ts in _timesheets_in(data, w):
        if ts.toil_hours or ts.paid_excess_hours:
            person = data.staff.get(ts.staff)
            contracted = person.contracted_hours if person is not None else None
            if contracted and ts.hours_worked <= _due(ts, contracted):
                count += 1
    return [f"{count:,} person-week{'' if count == 1 else 's'} record TOIL or paid hours in a "
            "week with no hours over contract, recompense for another week: this figure counts "
            "each week's own recompense only, so the week it repays counts in full "
            "(`workrules check` sets them against each other within toil_recorded_late)"
            ] if count else []  # fmt: skip


def _no_contract_given(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """The staff members in post on the period's first or last day, the days the figures by
    FTE in post are taken on, whose record gives no contracted hours, counted at no FTE (one
    in post only between them bears on no figure: scenarios round 38, F3)."""
    if all(s.contracted_hours is None for s in data.staff.values()):
        return []  # (none given at all: `_needs_contracts`)
    count = sum(1 for sid, s in data.staff.items() if s.contracted_hours is None and (
        staff[sid].in_post(w.start) or staff[sid].in_post(w.end)))  # fmt: skip
    return [f"{_members(count)} in post whose record gives no contracted hours, counted as no "
            "full-time equivalent in post"] if count else []


def _hours_not_given(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """The people with timesheets in the period whose record gives no contracted hours at all
    (not 0), counted among the staff with none: an export that left their hours out makes them
    look so (scenarios round 40: two PSOs without hours shown as staff with no contract
    working 25 h a week, with no word)."""
    if all(s.contracted_hours is None for s in data.staff.values()):
        return []  # (none given at all: `_needs_uncontracted`)
    given = data.staff
    count = len({t.staff for t in _timesheets_in(data, w)
                 if t.staff in given and given[t.staff].contracted_hours is None})  # fmt: skip
    return [f"{_members(count)} counted because their record gives no contracted hours, not 0: "
            "if the export left their hours out, they are not staff without a contract"
            ] if count else []  # fmt: skip


def _posts_of_no_grade(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """The units whose funded posts are given for all grades only, where others give theirs by
    grade: the rows by grade cover the others alone (scenarios round 41: "PO 0.0%" beside
    "66.7%" for everyone, one unit's POs and posts in no grade's row, with no word)."""
    graded: dict[str | None, bool] = {}
    for e in _of(data, "establishment"):
        unit = e.unit or data.units.get(e.file)
        graded[unit] = graded.get(unit, False) or e.grade is not None
    whole = {u for u, by_grade in graded.items() if not by_grade}
    if not whole:
        return []
    people = sum(1 for p in staff.values() if p.unit in whole and p.in_post(w.end))
    if len(whole) == len(graded):
        return ["no unit's funded posts are given by grade, so the vacancy rate has no rows by "
                "grade"]
    units = f"{len(whole):,} unit{'' if len(whole) == 1 else 's'}"
    return [f"the rows by grade cover only the units whose funded posts are given by grade: "
            f"{units} give{'s its' if len(whole) == 1 else ' theirs'} for all grades only, so "
            f"{'its' if len(whole) == 1 else 'their'} posts and {_members(people)} in post "
            "count in the rows for everyone but in no grade's"]


def _caseholders_left_out(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """The caseholders in post on the period's last day whom productivity leaves out, with
    their cases: no contracted hours (or 0), so no full-time equivalent (scenarios round 41:
    a caseholder and their case were left out with no word)."""
    out = [n for pid, n in _held_on(data, w.end).items()
           if pid in staff and staff[pid].in_post(w.end) and staff[pid].fte <= 0]
    cases = sum(out)
    return [f"{_members(len(out))} in post holding {cases:,} case{'' if cases == 1 else 's'} "
            "on the period's last day left out, as their record gives no contracted hours (or "
            "0), so no full-time equivalent"] if out else []


def _unitless_staff(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """The staff members in post of no unit, where the establishment funds posts by unit: in
    no unit's posts."""
    if _funded_units(data) == {None}:
        return []
    count = sum(1 for p in staff.values() if p.unit is None and p.in_post_during(w))
    return [f"{_members(count)} in post with no unit given, in none of the units' posts, so "
            "the figure may be wrong"] if count else []


def _handovers_counted(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """The leavers of the period whose record shares a name with one starting as they leave
    (`dataset.handovers`): one person under two ids (a second assignment, a move under a new
    number) counts as a leaver and a starter (scenarios round 46, P6: a national turnover of
    20.0% where no one left the service). Counted; `workrules check` names them."""
    from .dataset import handovers

    count = len({a.id for a, _ in handovers(data)
                 if a.left_on is not None and w.contains(a.left_on - dt.timedelta(days=1))})
    return [f"{_members(count)} leaving in the period whose record shares a name with one "
            "starting as they leave, counted as a leaver and a starter: if they are one person "
            "under two ids (a move under a new number, a second assignment), they did not "
            "leave the service (`workrules check` names them; the data model holds one grade, "
            "region and unit per staff record, so a promotion or move within the period cannot "
            "be given as one person's, and the figure cannot tell the two apart)"
            ] if count else []  # (scenarios round 53, P7: "give one person one staff record"
            # was advice the data model cannot follow)


_ONCE: dict[tuple[int, str], Any] = {}  # during one `compute`: found once over its data


def _namesake_pairs(data: Dataset
                    ) -> list[tuple[m.Staff, m.Staff, tuple[dt.date | None, dt.date | None]]]:
    """`dataset.spells_beside_namesakes`, found once for the indicators that ask."""
    key = (id(data), "namesakes")
    if key not in _ONCE:
        from .dataset import spells_beside_namesakes

        _ONCE[key] = spells_beside_namesakes(data)
    return _ONCE[key]  # type: ignore[no-any-return]


Part = Callable[["Dataset", Mapping[str, Person], Window], list[str]]


def _namesakes_counted(how: str, on: Literal["period", "last day", "cases"] = "period") -> Part:
    """The pairs of staff records of one name in one region, one a spell with a start and an
    end (`dataset.spells_beside_namesakes`), both in post in the period (on its last day, for a
    figure read on it; and holding cases then, for productivity), named by
    their file and line (no id nor name: the report names no one), and how the figure counted
    them (`how`): if they are one person, a loan given a local id in another unit, they count
    twice (scenarios round 48, P3: a vacancy rate of 20.0% where a headcount gives 40%, and a
    leaver when the loan ended, with no word). Not merged: two people may share a name."""

    def part(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
        pairs = _namesake_pairs(data)
        if not pairs:
            return []
        first = w.end if on != "period" else w.start
        held = _held_on(data, w.end) if on == "cases" else None
        both = []
        for a, b, (since, until) in pairs:
            lo = first if since is None else max(first, since)
            hi = w.end if until is None else min(w.end, until)
            if lo <= hi and (held is None or all(  # (productivity's caseholders: by FTE)
                    s.id in held and staff[s.id].fte > 0 for s in (a, b))):
                both.append(f"{a.file}:{a.line} and {b.file}:{b.line}, "
                            + (f"on {lo}" if lo == hi else f"from {lo} to {hi}"))
        if not both:
            return []
        one = len(both) == 1
        shown = "; ".join(both[:5]) + (f"; and {len(both) - 5:,} more" if len(both) > 5 else "")
        when = "in the period" if on == "period" else "on the period's last day"
        return [(f"2 staff records share a name and are both in post {when} ({shown}), "
                 if one else f"{len(both):,} pairs of staff records each share a name and are "
                 f"both in post {when} ({shown}), ") + f"{how}: if "
                f"{'they are' if one else 'a pair is'} one person (a loan or a second post "
                "under a local id), they are counted twice (the data model holds one unit per "
                "staff record, so a loan to another unit cannot be given as one person's)"]

    return part


def _agency_holders(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """The staff members in post on the period's last day, in funded posts, whose grade says
    they are agency, locum or contractor staff (`model.agency_held`): counted as filling the
    posts at their contracted hours, as written, where HMPPS counts such posts as vacancies
    covered by agency staff (scenarios round 48, P4: two of five PO posts held by "Agency PO"s
    gave a vacancy rate of 0.0%, with no word). One without contracted hours is
    `_no_contract_given`'s."""
    held = [s for s in data.staff.values() if s.agency is not None]
    if not held:
        return []
    funded: dict[str | None, set[str | None]] = defaultdict(set)
    for e in _of(data, "establishment"):
        funded[e.unit or data.units.get(e.file)].add(
            None if e.grade is None else occupation(e.grade))
    counted = []
    for s in held:
        p = staff[s.id]
        grades = funded.get(p.unit, set())
        if p.in_post(w.end) and p.fte > 0 and (
                None in grades or m.in_family(p.groups[1], grades) is not None):
            counted.append(s)
    if not counted:
        return []
    written = sorted({s.agency or "" for s in counted})
    fte = sum(staff[s.id].fte for s in counted)
    return [f"{_members(len(counted))} in post whose grade says they are agency, locum or "
            f"contractor staff ({', '.join(repr(g) for g in written[:3])}"
            f"{f' and {len(written) - 3:,} more' if len(written) > 3 else ''}), counted as "
            f"filling funded posts at their contracted hours ({fte:,.1f} FTE): where such posts "
            "count as vacancies covered by agency staff, as in HMPPS's own figures, the rate is "
            "higher"]


def _agency_leavers(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """The leavers of the period whose grade says they are agency, locum or contractor staff
    (`model.agency_held`): counted as leavers, as the vacancy rate counts them in post
    (`_agency_holders`), where HMPPS's turnover is of its employees and a placement's end is
    none leaving (scenarios round 52, P2: a PO turnover of 30.0% where no employed PO
    left)."""
    left = [s for s in data.staff.values() if s.agency is not None
            and staff[s.id].in_post_during(w) and _left_in(staff[s.id], w)]  # fmt: skip
    if not left:
        return []
    written = sorted({s.agency or "" for s in left})
    return [f"{_members(len(left))} leaving in the period whose grade says they are agency, "
            f"locum or contractor staff ({', '.join(repr(g) for g in written[:3])}"
            f"{f' and {len(written) - 3:,} more' if len(written) > 3 else ''}), counted as "
            f"{'a leaver' if len(left) == 1 else 'leavers'}: where turnover counts employees "
            "alone, as HMPPS's own figures do, a placement's end is no leaver and the rate is "
            "lower"]


def _roles_joined(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """Where the rows by grade count a grade's roles with it (`occupation`): whether staff in
    post in the period hold each role, and whether the establishment funds its posts,
    said so that a reader of the SPO row knows it holds SPO_COURTS too."""
    roles: dict[str, int] = defaultdict(int)
    spells: dict[str, int] = defaultdict(int)  # a dated acting spell's holders, by row
    for sid, p in staff.items():
        grade = data.staff[sid].grade
        if p.groups[1] != grade and p.in_post_during(w):
            if m.acting_spell(grade):
                spells[p.groups[1]] += 1
            else:
                roles[grade] += 1
    said_spells = [f"{_members(sum(spells.values()))} whose grade gives a spell of acting up "
                   f"with its dates {'is' if sum(spells.values()) == 1 else 'are'} counted in "
                   f"the row of their own grade, not the grade acted in (a spell is no "
                   f"occupation): " + ", ".join(f"{n} in {row}" for row, n in
                                                sorted(spells.items()))] if spells else []
    funded = {e.grade for e in _of(data, "establishment")
              if e.grade is not None and occupation(e.grade) != e.grade
              and not m.acting_spell(e.grade)}  # fmt: skip
    if not roles and not funded:
        return said_spells
    joined: dict[str, list[str]] = defaultdict(list)
    for grade in sorted({*roles, *funded}):
        # (named, never counted: a role held by one is a cell under `--min-cell`, the review
        # of session 47)
        said = ["its staff in post"] if grade in roles else []
        said += ["its funded posts"] if grade in funded else []
        joined[occupation(grade)].append(f"{grade} ({' and '.join(said)})")
    return [f"the row of {family} counts its roles too, one grade in the claim "
            f"({m.grade_index()[m.word_key(family)].clause}): {', '.join(held)}"
            for family, held in sorted(joined.items())] + said_spells  # fmt: skip


@attrs.frozen
class Caveat:
    """What an indicator's figure for a period rests on that may make it wrong (review 41: a
    vacancy rate of 47.2% where it is 18%, from two contracts given as FTEs among weekly hours,
    was printed with no word): said beside the figure, which is still given. Counts only, of
    the staff in post in the period: no one is named in the indicators. Each part is said
    apart (`said`), so that the period before's can be told from the period's own."""

    parts: tuple[Part, ...]

    def said(self, data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
        return [text for part in self.parts for text in part(data, staff, w)]

    def __call__(self, data: Dataset, staff: Mapping[str, Person], w: Window) -> str | None:
        return "; ".join(self.said(data, staff, w)) or None


def _caveat(*parts: Part) -> Caveat:
    return Caveat(parts)


def _needs_with_contracts(kind: str, what: str) -> Callable[[Dataset], str | None]:
    needs = _needs(kind, what)

    def needs_both(data: Dataset) -> str | None:
        return needs(data) or _needs_contracts(data)

    return needs_both


def _needs_flexitime(data: Dataset) -> str | None:
    if any(s.flexitime is not None for s in data.staff.values()):
        return None
    return "no staff record says whether the person works flexitime (flexitime)"


def _needs_uncontracted(data: Dataset) -> str | None:
    if not _of(data, "timesheet"):
        return "no timesheets in the data"
    if all(s.contracted_hours for s in data.staff.values()):
        return "every member of staff has contracted hours"
    if all(s.contracted_hours is None for s in data.staff.values()):  # (no column for them)
        return "no staff record gives contracted hours, so everyone would count as having none"
    return None


def _joined_and_left(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
    """The leavers of the period who were in post on neither its first nor its last day
    (they joined and left within it: a PQiP cohort, a short fixed-term contract, an agency
    placement): each is a leaver but in neither day's headcount, so a group's rate can pass
    100%, and a group of such staff alone has a headcount of 0 and no rate (scenarios round
    53, P1: a PQiP row of two leavers showed `-`, read as no one in the group)."""
    count = sum(1 for p in staff.values() if p.in_post_during(w) and _left_in(p, w)
                and not p.in_post(w.start) and not p.in_post(w.end))  # fmt: skip
    return [f"{_members(count)} joined and left within the period: each counts as a leaver "
            "but in neither day's headcount (its first and last day), so a group's rate can "
            "pass 100%, and a group of such staff alone has no rate (its row says why)"
            ] if count else []  # fmt: skip


def _mondays(w: Window) -> list[dt.date]:
    """The Mondays of a period: the weeks whose timesheets belong to it."""
    first = w.start + dt.timedelta(days=(7 - w.start.weekday()) % 7)
    return [first + dt.timedelta(weeks=k) for k in range((w.end - first).days // 7 + 1)
            if first <= w.end]  # fmt: skip


def _sheets_returned(contracted: bool, over_contract: bool = False) -> Part:
    """How much of the staff's time in post the period's timesheets cover, where they cover
    less than all of it: the weekly averages are of the weeks given, and clause 3 opens on the
    employer keeping no record of overtime (scenarios round 53, P4: 5 of 18 staff in post
    returned a timesheet, and 2.10 unpaid hours a week read as the workforce's). `contracted`:
    the staff the figure reads are those with contracted hours (else those with none);
    `over_contract`: less those whose contracts `_weekly` leaves out."""

    def part(data: Dataset, staff: Mapping[str, Person], w: Window) -> list[str]:
        low = _low_contracts(data) if over_contract else frozenset()
        in_post = [p for p in staff.values() if p.in_post_during(w)]
        read = [p for p in in_post if bool(p.contracted) == contracted and p.id not in low]
        if not read:
            return []
        weeks = sum(1 for p in read for monday in _mondays(w)
                    if m.in_post(p.started_on, p.left_on, monday, monday + dt.timedelta(6)))
        ids = {p.id for p in read}
        sheets = {(t.staff, t.week) for t in _timesheets_in(data, w) if t.staff in ids}
        returned = {sid for sid, _ in sheets}
        if len(returned) >= len(read) and len(sheets) >= weeks:
            return []
        kind = "with contracted hours" if contracted else "with no contracted hours"
        what = "hours over contract" if contracted else "hours worked"
        return [f"{len(returned):,} of the {len(in_post):,} staff in post in the period "
                f"returned a timesheet it reads ({len(sheets):,} person-weeks, of the "
                f"{weeks:,} weeks the {len(read):,} {kind} it counts were in post): the figure "
                "is the average of the weeks given, not of the staff's time in post, and a week "
                f"with no timesheet is not a week with no {what}"]

    return part


# The unit of the weekly averages, whole: an average over person-weeks, not hours in all (a
# first hour, round 49, P11: the CSV's `hours` beside 1.33 read as the period's total).
PER_WEEK = "hours per person-week"

SPECS: tuple[Spec, ...] = (
    Spec("turnover", "Turnover rate", "%", 100,
         "leavers in the period (people whose last day in post, the day before left_on, falls "
         "in it) per 100 of the average headcount (people in post on the first day and on the "
         "last day, halved)", _turnover, _needs_dates, ceiling="one",
         counts=("leavers", "average headcount"),
         zero_den="none of them was in post on the period's first or last day (they joined "
         "and left within it), so the average headcount is 0",
         caveat=_caveat(_handovers_counted, _agency_leavers, _joined_and_left,
                        _namesakes_counted(
             "counted as two people in the headcount, and as a leaver where one's record ends "
             "in the period"))),
    Spec("vacancy", "Vacancy rate", "%", 100,
         "funded posts (establishment, FTE) less the FTE in post on the period's last day, per "
         "100 funded posts; a unit's all-grades entry is its whole establishment, else the sum "
         "of its grade entries; by region and grade only (a vacant post has no band, gender or "
         "ethnicity)", _vacancy, _needs_vacancy,
         ("region", "grade"), floor=False, counts=("FTE vacant", "funded posts (FTE)"),
         zero_den="no posts are funded",
         caveat=_caveat(_odd_contracts, _no_contract_given, _unitless_staff, _agency_holders,
                        _namesakes_counted("each counted in post at their record's full-time "
                                           "equivalent", "last day")),
         by_grade=_posts_of_no_grade),
    Spec("sickness", "Sickness absence rate", "%", 100,
         "working days (Monday to Friday; bank holidays are not known) lost to sickness in the "
         "period, per 100 working days the people were in post in it, each weekday counted at "
         "the person's FTE (a whole day without contracted hours); an absence's own days lost, "
         "when given, are shared across its weekdays, never more of a day than the person works "
         "(nor more days than they were in post); a day two absences share is lost once",
         _sickness,
         _needs("absence", "absences"), ceiling="den", over="work", diluted=True,
         counts=("working days lost", "working days in post"),
         zero_den="none of them was in post on a working day of the period",
         caveat=_caveat(_odd_contracts, _namesakes_counted(
             "each counted with their own days in post and days lost"))),
    Spec("productivity", "Productivity: cases held per FTE caseholder", "cases per FTE", 1,
         "the claim does not define productivity: this is the cases held on the period's last "
         "day per full-time equivalent of the staff in post holding them (a case is held from "
         "opened until the day before closed; caseholders without contracted hours are left "
         "out)", _productivity, _needs_with_contracts("case", "cases"), places=2,
         counts=("cases held", "FTE of caseholders"),
         caveat=_caveat(_odd_contracts, _caseholders_left_out, _namesakes_counted(
             "each counted as a caseholder at their record's full-time equivalent, with the "
             "cases held under their own id", "cases"))),
    Spec("accidents", "Accident incident rate", "per 100 FTE", 100,
         "incidents of type accident in the period per 100 FTE in post (the FTE in post on "
         "the first and the last day, halved); an accident naming no one counts in its "
         "region's and the national rate only", _accidents,
         _needs_with_contracts("incident", "incidents"),
         caveat=_caveat(_odd_contracts, _no_contract_given, _namesakes_counted(
             "each counted in post at their record's full-time equivalent")), over="work",
         diluted=True, counts=("accidents", "average FTE in post"),
         zero_den="none of them was in post with contracted hours on the period's first or "
         "last day, so the average FTE in post is 0"),
    Spec("paid_over", "Average weekly paid hours over contract", PER_WEEK, 1,
         "paid excess hours (paid_excess_hours) per person-week, over the timesheets of the "
         "period's weeks (a week belongs to the period its Monday falls in) of staff with "
         "contracted hours", _weekly(_paid_over), _needs_with_contracts("timesheet", "timesheets"),
         places=2, caveat=_caveat(_odd_contracts, _sheets_returned(True)), over="timesheet",
         counts=("paid hours over contract", "person-weeks")),
    Spec("flexitime", "Staff working to the flexitime instruction (PI 15/2017)", "staff", 0,
         "people in post on the period's last day whose record says flexitime: true",
         _flexitime, _needs_flexitime, places=0, ceiling="den",
         counts=("staff on flexitime", "staff in post on the last day"),
         caveat=_caveat(_namesakes_counted("each counted as a person in post", "last day"))),
    Spec("unpaid_over", "Average weekly unpaid hours over contract", PER_WEEK, 1,
         "hours worked beyond contracted hours and not given back as TOIL or paid as excess "
         "hours, per person-week of staff with contracted hours (weeks as above)",
         _weekly(_unpaid_over, over_contract=True),
         _needs_with_contracts("timesheet", "timesheets"), places=2,
         caveat=_caveat(_odd_contracts_over, _recompensed_apart,
                        _sheets_returned(True, over_contract=True)), over="timesheet",
         counts=("unpaid hours over contract", "person-weeks")),
    Spec("no_contract", "Average weekly hours of staff with no contracted hours", PER_WEEK, 1,
         "hours worked per person-week of staff with no (or zero) contracted hours (weeks as "
         "above)", _weekly(_no_contract), _needs_uncontracted, places=2, over="timesheet",
         caveat=_caveat(_hours_not_given, _sheets_returned(False)),
         counts=("hours worked", "person-weeks")),
)  # fmt: skip
SPEC_IDS = tuple(s.id for s in SPECS)

# ---------------------------------------------------------------------------------------------
# Cells: one figure for one group in one period

Key = tuple[str, str, str]  # scope (NATIONAL or a region), dimension (or ALL), group (or ALL)


@attrs.frozen
class Cell:
    """One row of an indicator: a group of people, its level now and before, and the national
    and regional figures beside it. A suppressed figure is None, with its flag set."""

    scope: str
    dimension: str
    group: str
    people: int | None
    level: float | None
    previous: float | None
    change: float | None  # percentage change on the previous period
    national: float | None  # the same group nationally
    regional: float | None  # the whole of the row's region
    suppressed: bool = False
    previous_suppressed: bool = False
    national_suppressed: bool = False
    regional_suppressed: bool = False
    # Why each hidden figure is hidden, in words (None where it is shown): the group now (its
    # people, level and change), its people alone (the same people are hidden in another
    # indicator), the period before, and the change (either figure hidden). A first hour,
    # round 45, P1: `previous_suppressed: true` alone left a negotiator nothing to say.
    people_suppressed: bool = False
    why: str | None = None
    people_why: str | None = None
    previous_why: str | None = None
    change_why: str | None = None
    # The counts behind the level (the claim's "level/number"; the indicator's `numerator`
    # and `denominator` say what they count): None where the level or the people are hidden,
    # as a reader could take a hidden count from them (scenarios round 53, P3)
    numerator: float | None = None
    denominator: float | None = None
    # Why a shown level, or the period before's, is no figure though the group had people in
    # it: its denominator is 0 (two PQiP learners who joined and left in the quarter: no one
    # in post on its first or last day); None where there is a figure, or no one (round 53, P1)
    level_why: str | None = None
    previous_level_why: str | None = None


@attrs.frozen
class Indicator:
    id: str
    title: str
    unit: str
    definition: str
    places: int
    available: bool
    reason: str | None  # why not, when not available
    cells: tuple[Cell, ...] = ()
    caveat: str | None = None  # what may make the figures wrong, when available
    # why the period before has no figure, or what may make its figures wrong
    previous_caveat: str | None = None
    # what each cell's numerator and denominator count ("leavers", "average headcount")
    numerator: str = ""
    denominator: str = ""


@attrs.frozen
class IndicatorReport:
    period: Window
    previous: Window
    min_cell: int
    full_time_hours: float
    by: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    # what the data given covers, in words ("1 region (North East), 1 unit (Tees North PDU)"):
    # the national rows are its whole, the nation's only when it covers every region (a first
    # hour, round 37: one team's turnover was labelled national)
    covers: str = ""
    # what each scope's rows are labelled in every format (`scope_labels`): `national` and
    # each region's name only where the staff are in every region, else what the files cover
    # ("Medway PDU (the files given)"); and the plain title of each grade row written as a code
    # (`grade_titles`: CASE_ADMIN, "Case Administrator")
    scopes: dict[str, str] = attrs.field(factory=dict, hash=False)
    grades: dict[str, str] = attrs.field(factory=dict, hash=False)
    # the breakdowns asked for that no staff record gives (no pay band anywhere), which have
    # no rows: one row `not given` would repeat the whole (scenarios round 53, P6)
    no_rows_by: tuple[str, ...] = ()
    # the words written for no answer read as `not given` (`unanswered`): (breakdown, words,
    # staff records)
    read_as_not_given: tuple[tuple[str, str, int], ...] = ()


def _covers(staff: Mapping[str, Person]) -> str:
    """The regions and units the staff are in, in words (at most three of each named)."""

    def counted(noun: str, names: set[str], unnamed: int) -> str:
        shown = sorted(names)
        if not shown:
            return f"no {noun} given"
        said = f"{len(shown):,} {noun}{'' if len(shown) == 1 else 's'} (" + ", ".join(
            shown[:3]) + (f" and {len(shown) - 3:,} more" if len(shown) > 3 else "") + ")"
        return said + (f" and {_members(unnamed)} of none" if unnamed else "")

    regions = {p.groups[0] for p in staff.values() if p.groups[0] != NOT_GIVEN}
    units = {p.unit for p in staff.values() if p.unit}
    return (f"{counted('region', regions, sum(p.groups[0] == NOT_GIVEN for p in staff.values()))}"
            f", {counted('unit', units, sum(not p.unit for p in staff.values()))}")


# The twelve regions of the Probation Service in England and Wales: the rows of all the files
# given are labelled national only when their staff are in every one (a first hour, round 48,
# P5: one PDU's vacancy rate went into a board paper labelled "national" and with its whole
# region's name, as its CSV named neither the PDU nor what the files cover).
PROBATION_REGIONS = ("North East", "North West", "Yorkshire and the Humber",
                     "Greater Manchester", "East Midlands", "West Midlands", "East of England",
                     "Wales", "London", "Kent, Surrey and Sussex", "South Central",
                     "South West")  # fmt: skip
THE_FILES = "the files given"  # what a label of less than the nation says it is the whole of
_UNITS_NAMED = 3  # a label names this many units at most, and counts more


def _region_key(name: str) -> str:
    """A region's name as compared with PROBATION_REGIONS: any case, `&` as `and`, with its
    punctuation and runs of blanks as one space ("Kent, Surrey & Sussex")."""
    return " ".join(re.sub(r"[^\w]+", " ", name.replace("&", " and ")).split()).casefold()


_EVERY_REGION = frozenset(map(_region_key, PROBATION_REGIONS))


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def scope_labels(staff: Mapping[str, Person], scopes: Iterable[str]) -> dict[str, str]:
    """What the rows of each of `scopes` (NATIONAL, and the regions that have rows) are
    labelled: as named where the staff are in every probation region; else by what the files
    cover, said to be the files' (`_covered`): "Medway PDU (the files given)" for the national
    rows, "Kent, Surrey and Sussex: Medway PDU (the files given)" for its region's, never the
    nation's or the whole region's name alone. A region not given keeps its rows' name."""
    shown = [NATIONAL, *sorted(set(scopes) - {NATIONAL})]
    if {_region_key(p.groups[0]) for p in staff.values()} >= _EVERY_REGION:
        return {scope: scope for scope in shown}
    everyone = list(staff.values())
    out = {}
    for scope in shown:
        if scope == NATIONAL:
            out[scope] = _covered(everyone, None)
        elif scope == NOT_GIVEN:
            out[scope] = scope
        else:
            out[scope] = _covered([p for p in everyone if p.groups[0] == scope], scope)
    return out


def _covered(group: Sequence[Person], region: str | None) -> str:
    """A group of people's label (`scope_labels`): their units, named when a few and each
    person is in one, after their region's name for a region's rows ("Kent, Surrey and
    Sussex: Medway PDU"); else how many units, then (for everyone's rows: "4 units in Kent,
    Surrey and Sussex") in which region, or how many."""
    units = sorted({p.unit for p in group if p.unit})
    few = bool(units) and len(units) <= _UNITS_NAMED and all(p.unit for p in group)
    count = (_and(units) if few else
             f"{len(units):,} unit{'' if len(units) == 1 else 's'}" if units else None)
    said: str | None
    if region is not None:
        said = ": ".join(filter(None, (region, count)))
    elif few:
        said = count
    else:
        regions = sorted({p.groups[0] for p in group} - {NOT_GIVEN})
        where = (regions[0] if len(regions) == 1 else
                 f"{len(regions):,} regions" if regions else None)  # fmt: skip
        said = " in ".join(filter(None, (count, where)))
    return f"{said} ({THE_FILES})" if said else THE_FILES


@attrs.frozen
class _Tally:
    num: float
    den: float
    members: frozenset[str]


def tally(staff: dict[str, Person], amounts: Amounts, extra: Extra, by: Sequence[str],
          dimensions: Sequence[str]) -> dict[Key, _Tally]:  # fmt: skip
    """Sum each person's amounts into every group they belong to."""
    dims = [(i, d) for i, d in enumerate(DIMENSIONS) if d in by and d in dimensions and i]
    regional = "region" in by and "region" in dimensions
    num: dict[Key, float] = defaultdict(float)
    den: dict[Key, float] = defaultdict(float)
    members: dict[Key, set[str]] = defaultdict(set)

    known: dict[tuple[tuple[str | None, ...], bool], list[Key]] = {}

    def keys_of(groups: tuple[str | None, ...], whole: bool) -> list[Key]:
        scopes = [NATIONAL] + ([groups[0]] if regional and groups[0] is not None else [])
        out: list[Key] = []
        for scope in scopes:
            if whole:
                out.append((scope, ALL, ALL))
            out.extend((scope, dim, g) for i, dim in dims if (g := groups[i]) is not None)
        return out

    def add(groups: tuple[str | None, ...], n: float, d: float, pid: str | None,
            whole: bool) -> None:  # fmt: skip
        keys = known.get((groups, whole))
        if keys is None:
            keys = known[(groups, whole)] = keys_of(groups, whole)
        for key in keys:
            num[key] += n
            den[key] += d
            bucket = members[key]
            if pid is not None:
                bucket.add(pid)

    for person in sorted(amounts):
        n, d = amounts[person]
        add(staff[person].groups, n, d, person, True)
    for groups, n, d, pid, whole in extra:
        add(groups, n, d, pid, whole)
    return {k: _Tally(num[k], den[k], frozenset(v)) for k, v in members.items()}


def _level(spec: Spec, t: _Tally | None) -> float | None:
    if t is None:
        return None
    if spec.scale == 0:
        return t.num
    return None if t.den == 0 else t.num / t.den * spec.scale


# ---------------------------------------------------------------------------------------------
# Suppression


def lines(keys: Iterable[Key]) -> list[tuple[Key, list[Key]]]:
    """The sums a reader could do, each a whole and the groups that make it up: each scope's
    groups of one dimension make up the scope (everyone is in one group of each dimension,
    NOT_GIVEN included), and the regions' rows of a group make up its national row."""
    groups: dict[tuple[str, str], list[Key]] = defaultdict(list)  # (scope, dimension) -> keys
    regions: dict[tuple[str, str], list[Key]] = defaultdict(list)  # (dimension, group) -> keys
    for key in sorted(set(keys)):
        scope, dim, group = key
        if dim != ALL:
            groups[(scope, dim)].append(key)
        if scope != NATIONAL:
            regions[(dim, group)].append(key)
    return ([((scope, ALL, ALL), parts) for (scope, _), parts in sorted(groups.items())]
            + [((NATIONAL, dim, group), parts)
               for (dim, group), parts in sorted(regions.items())])  # fmt: skip


def suppress(people: Mapping[Key, int], hidden: Iterable[Key], min_cell: int,
             at_bound: Callable[[list[Key]], bool] | None = None) -> set[Key]:  # fmt: skip
    """The cells to suppress: those of fewer than `min_cell` people (but some), those in
    `hidden`, and then, until no sum gives a suppressed figure away, another cell of each sum
    that would: a sum with exactly one suppressed cell, or one whose whole is shown and whose
    suppressed parts, taken together, are `at_bound` (their numerators add up to 0, or to
    all they could be: each of them is then known). The cell added is the smallest part that
    takes the suppressed parts off the bound, else the whole."""
    out = {k for k, n in people.items() if 0 < n < min_cell} | set(hidden)
    sums = lines(people)
    while True:
        _one_by_one(sums, people, out, at_bound)
        solved = solvable(sums, people, out)
        if not solved:
            return out
        # All the sums at once can still give a suppressed figure away (two groups of
        # suppressed cells joined by one cell): suppress another cell of a sum it is in, the
        # smallest part first, and go round again.
        cell = solved[0]
        near = [k for whole, parts in sums if cell == whole or cell in parts
                for k in [whole, *parts] if k not in out and people.get(k, 0) > 0]  # fmt: skip
        near = near or [k for whole, parts in sums for k in [whole, *parts]
                        if k not in out and people.get(k, 0) > 0]  # fmt: skip
        if not near:
            return out
        wholes = {whole for whole, _ in sums if whole != cell}
        out.add(min(near, key=lambda k: (k in wholes, people[k], k)))


_PRIME = (1 << 61) - 1  # the sums are solved in the integers modulo this prime


def solvable(sums: Sequence[tuple[Key, list[Key]]], people: Mapping[Key, int],
             hidden: set[Key]) -> list[Key]:  # fmt: skip
    """The hidden cells a reader who knows every shown cell's counts can work out exactly
    from all the sums taken together (each sum a linear equation; a cell is known when the
    equations give it alone). A cell of no people is known (it has no figure)."""
    unknown = sorted(k for k in hidden if people.get(k, 0) > 0)
    column = {k: i for i, k in enumerate(unknown)}
    pivots: dict[int, dict[int, int]] = {}  # reduced row echelon form: pivot -> its row
    for whole, parts in sums:
        row: dict[int, int] = {}
        for k, sign in ((whole, 1), *((p, -1) for p in parts)):
            if k in column:
                row[column[k]] = (row.get(column[k], 0) + sign) % _PRIME
        row = {c: v for c, v in row.items() if v}
        for c in [c for c in row if c in pivots]:
            factor = row.get(c, 0)
            if factor:
                for cc, v in pivots[c].items():
                    row[cc] = (row.get(cc, 0) - factor * v) % _PRIME
                row = {cc: v for cc, v in row.items() if v}
        if not row:
            continue
        first = min(row)
        inverse = pow(row[first], _PRIME - 2, _PRIME)
        row = {c: v * inverse % _PRIME for c, v in row.items()}
        for prow in pivots.values():
            factor = prow.get(first, 0)
            if factor:
                for c, v in row.items():
                    prow[c] = (prow.get(c, 0) - factor * v) % _PRIME
                for c in [c for c, v in prow.items() if not v]:
                    del prow[c]
        pivots[first] = row
    return sorted(unknown[p] for p, row in pivots.items() if len(row) == 1)


def _one_by_one(sums: Sequence[tuple[Key, list[Key]]], people: Mapping[Key, int],
                out: set[Key], at_bound: Callable[[list[Key]], bool] | None) -> None:
    """Suppress, sum by sum, until none gives a suppressed figure away by itself."""
    at = at_bound or (lambda keys: False)
    changed = True
    while changed:
        changed = False
        for whole, parts in sums:
            cells = [k for k in [whole, *parts] if people.get(k, 0) > 0]
            hid = [k for k in cells if k in out and k != whole]
            shown = [k for k in cells if k not in out]
            hidden_terms = len(hid) + (whole in cells and whole in out)
            if not shown or not hidden_terms:
                continue
            judged = at_bound is not None and bool(hid) and whole in shown
            bound = judged and at(hid)
            if hidden_terms != 1 and not bound:
                continue
            parts_shown = [k for k in shown if k != whole]
            mending = [k for k in parts_shown
                       if not (judged and at([*hid, k]))]  # fmt: skip
            if bound and not mending:
                out.add(whole)  # no part takes them off the bound: the whole gives them away
            else:  # the smallest part first; the whole only when no other part is left
                out.add(min(mending or shown, key=lambda k: (k == whole, people[k], k)))
            changed = True


def bounds(spec: Spec, tallies: Mapping[Key, _Tally]) -> Callable[[list[Key]], bool]:
    """Whether the figures of these cells (of one sum: no one is in two), added up, are at a
    bound of `spec`'s numerator: then each one is at it too, and can be read off."""

    def at_bound(keys: list[Key]) -> bool:
        got = [tallies[k] for k in keys if k in tallies]
        num = sum(t.num for t in got)
        if spec.floor and abs(num) < 1e-9:
            return True
        if spec.ceiling == "den":
            cap = sum(t.den for t in got)
        elif spec.ceiling == "one":
            cap = float(sum(len(t.members) for t in got))
        else:
            return False
        return abs(num - cap) < 1e-9

    return at_bound


# ---------------------------------------------------------------------------------------------
# The report


def compute(data: Dataset, window: Window | None = None, *, by: Sequence[str] = DIMENSIONS,
            min_cell: int = DEFAULT_MIN_CELL) -> IndicatorReport:  # fmt: skip
    """Every indicator of clause 3 for `window` (default: `default_window`) and the period
    before it, broken down `by` the dimensions named, small cells suppressed."""
    from .arguments import whole

    if whole(min_cell, "min_cell") < 2:  # a group of one would be one person's figure
        why = "give 2 or more (no figure is about one person)"
        raise UsageError(f"min_cell={min_cell!r}: {why}", cli=f"--min-cell {min_cell}: {why}")
    from .dataset import refuse_groups_written_two_ways

    refuse_groups_written_two_ways(data.staff)  # `Band 4` and `BAND 4` are not two groups
    window = window or default_window(data)
    before = window.previous()
    work = _work_days(data)  # and the days people started and left, which turnover reads
    dates = [d for s in data.staff.values() for d in (s.started_on, s.left_on) if d is not None]
    # a sickness absence's last day: sickness is recorded as it runs, where leave is booked
    # ahead (parental leave to next June says nothing of the months it reaches into: the
    # review of session 44)
    ends = [a.last_day for a in _of(data, "absence") if a.reason == "sickness"]
    uncovered = _uncovered(window, work, dates, ends)
    before_uncovered = _uncovered(before, work, dates, ends)
    staff = people(data)
    if "region" in by:
        _no_region_called_national(data, staff)
    # A breakdown no staff record gives (no band anywhere in the export) has no rows: one row
    # `not given` would repeat the whole as if it were a group (scenarios round 53, P6)
    blank = [d for d in by if d in _MAY_BE_BLANK and staff and all(
        p.groups[DIMENSIONS.index(d)] == NOT_GIVEN for p in staff.values())]
    rows_by = tuple(d for d in by if d not in blank)
    out = []
    counted: list[tuple[int, Spec, dict[Key, _Tally], dict[Key, _Tally]]] = []
    _IN_WINDOW.clear()
    _ONCE.clear()
    joined = _roles_joined(data, staff, window) if "grade" in by else []
    try:
        for spec in SPECS:
            span = _span(data, spec.over) if spec.over else None
            # A period the data says nothing of has no figure. Turnover, vacancy, productivity
            # and flexitime read the staff list, the establishment and the cases, which reach
            # the period before one the data covers: one June timesheet added to the files took
            # away their figures for the quarter before (scenarios round 48, P1), which that
            # timesheet is no part of; a period the data reaches nowhere near (2019, from a
            # 2024 staff list and timesheet) stays without figures, as those read from the
            # records of work (`over`), bounded by both periods (the review of session 47).
            bounded, bounded_then = ((uncovered, before_uncovered) if spec.over
                                     else (uncovered, None))  # fmt: skip
            reason = (spec.needs(data) or bounded  # (a period the data says nothing of)
                      or _outside(spec, span, window, data))  # fmt: skip
            if reason is not None:
                out.append(Indicator(spec.id, spec.title, spec.unit, spec.definition,
                                     spec.places, False, reason))  # fmt: skip
                continue
            now = tally(staff, *spec.measure(data, staff, window), rows_by, spec.dimensions)
            # the period before: no figure where the data says nothing of it, and said so
            # (scenarios round 41: its "-" read as "no one in post then"), a caveat where it
            # covers part of it (a rise of 147.6% on a month of which 23 days had no records)
            none_then = bounded_then or _outside(spec, span, before, data)
            then = ({} if none_then
                    else tally(staff, *spec.measure(data, staff, before), rows_by,
                               spec.dimensions))  # fmt: skip
            own = spec.caveat.said(data, staff, window) if spec.caveat else []
            said = [*own, *filter(None, [_partly(spec, span, window, data)])]
            if spec.by_grade is not None and "grade" in by:
                said += spec.by_grade(data, staff, window)
            if "grade" in spec.dimensions:
                said += joined  # (where the rows by grade count a grade's roles as the grade)
            earlier = None
            if bounded_then:  # (said short: a quarter's export has it on every figure)
                earlier = (f"the period before, {before.label}, has no figure: the data's "
                           "timesheets, absences, incidents and counts record nothing in it")
            elif none_then:
                earlier = f"the period before, {before.label}, has no figure: {none_then}"
            elif span is not None and _partly(spec, span, before, data):
                earlier = (f"the figure for the period before, {before.label}, may be too low, "
                           f"and the change too high: the data's {_named(data, spec.over)} "
                           f"run from {span[0]} to {span[1]}, part of it only")  # fmt: skip
            # what the period before's figures rest on that may make them wrong, as its own
            # report says, where the period's own does not say it: the change rests on them
            # too (scenarios round 53, P2: Q1's agency PO counted as filling a post made Q2's
            # PO vacancy change +66.7%, where HMPPS's count gives 0.0%, with no word in Q2's)
            then_said = ([c for c in spec.caveat.said(data, staff, before) if c not in own]
                         if spec.caveat and not none_then else [])  # fmt: skip
            if then_said:
                earlier = "; ".join(filter(None, (earlier, (
                    f"the figures for the period before, {before.label}, and so the change, "
                    f"rest on what its own report says: {'; '.join(then_said)}"))))
            counted.append((len(out), spec, now, then))
            out.append(Indicator(spec.id, spec.title, spec.unit, spec.definition, spec.places,
                                 True, None, (), "; ".join(said) or None, earlier,
                                 *spec.counts))  # fmt: skip
    finally:
        _IN_WINDOW.clear()  # it holds one data set's timesheets, only while they are read
        _ONCE.clear()
    hidden = [(_hidden(spec, now, min_cell), _hidden(spec, then, min_cell))
              for _, spec, now, then in counted]  # fmt: skip
    shared = _shared_counts([(spec, now, hid[0]) for (_, spec, now, _), hid
                             in zip(counted, hidden, strict=True)])  # fmt: skip
    for (i, spec, now, then), (hidden_now, hidden_then), people_why in zip(
            counted, hidden, shared, strict=True):  # fmt: skip
        out[i] = attrs.evolve(out[i], cells=_cells(spec, now, then, hidden_now, hidden_then,
                                                   people_why, min_cell, before.label))
    return IndicatorReport(window, before, min_cell, FULL_TIME_HOURS, tuple(by), tuple(out),
                           _covers(staff),
                           scope_labels(staff, (c.scope for i in out for c in i.cells)),
                           grade_titles(c.group for i in out for c in i.cells
                                        if c.dimension == "grade"), tuple(blank),
                           unanswered(data, by))  # fmt: skip


def grade_titles(grades: Iterable[str]) -> dict[str, str]:
    """The plain title of each grade written as a code (CASE_ADMIN, HEAD_OF_PDU: a name with
    an underscore) that the vocabulary has (`model.GRADES`), shown beside it (a first hour,
    round 48, P8: a board read `CASE_ADMIN` and `CP_SUPERVISOR`); a short form that is also
    the grade's everyday name (PO, PSO, SPO) is left as it is, and a local grade has none."""
    out = {}
    for grade in sorted(set(grades)):
        known = m.grade_index().get(m.word_key(grade)) if "_" in grade else None
        if known is not None and known.name == grade:
            # the title's first words: SPO's and 9h's say what their family holds after them
            out[grade] = re.split(r"[;:]", known.title)[0].strip()
    return out


def _no_region_called_national(data: Dataset, staff: Mapping[str, Person]) -> None:
    """Refuse a region named as the national rows are (`national`): its rows would be the
    national ones, and its people would count twice in every national figure."""
    for sid, person in staff.items():
        if person.groups[0] == NATIONAL:
            record = data.staff[sid]
            raise InputError(f"staff {sid}: region {NATIONAL!r} is the name of the indicators' "
                             "rows for everyone, and its people would count twice in them: "
                             "give the region its own name",
                             file=record.file, line=record.line)  # fmt: skip
    for file, region in sorted(data.regions.items()):
        if region == NATIONAL:
            raise InputError(f"region {NATIONAL!r} is the name of the indicators' rows for "
                             "everyone, and its people would count twice in them: give the "
                             "region its own name", file=file)


def _hidden(spec: Spec, tallies: dict[Key, _Tally], min_cell: int) -> set[Key]:
    """The groups of one period whose figures `spec` suppresses: its small cells, and those
    that would give one away. The same for a period whether it is the report's own or the
    period before another's, so that the previous column shows what that period's own report
    shows."""
    return suppress({k: len(t.members) for k, t in tallies.items()}, (), min_cell,
                    bounds(spec, tallies))  # fmt: skip


def _shared_counts(counted: Sequence[tuple[Spec, dict[Key, _Tally], set[Key]]]
                   ) -> list[dict[Key, str]]:  # fmt: skip
    """For each indicator, the groups whose people count is hidden though its figure is not,
    each with the indicator that hides it: another indicator counts the same people in that
    group (turnover and sickness both count those in post during the period) and hides them.
    Shown in one and hidden in the other, the count would be known from the first, and the
    two indicators' shown counts together could give a small group's (a first hour, round
    45, P13: 174 women shown under sickness, `[c]` under turnover)."""
    hiding: dict[tuple[Key, frozenset[str]], str] = {}  # (group, its people) -> who hides it
    for spec, now, hidden_now in counted:
        for key in sorted(hidden_now):
            tally = now.get(key)
            if tally is not None and tally.members:  # (its title: the id, `paid_over`, was
                hiding.setdefault((key, tally.members), spec.title)  # no name a reader knew)
    out = []
    for _spec, now, hidden_now in counted:
        own: dict[Key, str] = {}
        for key, tally in now.items():
            by = hiding.get((key, tally.members)) if key not in hidden_now else None
            if by is not None:
                own[key] = by
        out.append(own)
    return out


def _why(people: int, min_cell: int) -> str:
    """Why a group's figure is suppressed, in a few words (the CSV's note and the table's last
    column say it so; the JSON's `why` fields too)."""
    if people < min_cell:
        return f"fewer than {min_cell} people"
    return "hidden with a small group"  # (else the small group's could be worked out)


def _cells(spec: Spec, now: dict[Key, _Tally], then: dict[Key, _Tally], hidden_now: set[Key],
           hidden_then: set[Key], people_why: Mapping[Key, str], min_cell: int,
           before: str) -> tuple[Cell, ...]:  # fmt: skip
    # The period before shows what its own report shows (`hidden_then` is that report's): a
    # figure published there tells nothing here that it does not. The change is given where
    # both figures are, and hidden where either is: with one of them it would give the other.
    # (Hiding the figure before wherever a group's people changed by a few (a first hour,
    # round 45, P1: every region's change, every quarter) protected no one: that figure is
    # in the period's own report. See docs/indicators.md, "The previous period".)
    cells = []
    for key in _order({**then, **now}):  # a group with no one now still shows its past
        scope, dim, group = key
        shown = key not in hidden_now
        level = _level(spec, now.get(key)) if shown else None
        before_hidden = key in then and key in hidden_then
        previous = None if before_hidden else _level(spec, then.get(key))
        change = None
        if level is not None and previous is not None and previous > 0:
            change = (level - previous) / previous * 100  # (of a rate below 0: none)
        nat_key = (NATIONAL, dim, group)
        reg_key = (scope, ALL, ALL)
        people = len(now[key].members) if key in now else 0
        why = None if shown else _why(people, min_cell)
        shared = people_why.get(key) if shown else None
        counts = shown and shared is None and key in now  # (hidden with its people)
        no_rate_then = None if before_hidden else _no_rate(spec, then.get(key))
        previous_why = (f"{_why(len(then[key].members), min_cell)} in {before}"
                        if before_hidden else None)  # fmt: skip
        change_why = ("the figure now is suppressed" if not shown
                      else f"the figure for {before} is suppressed" if before_hidden
                      else None)  # fmt: skip
        cells.append(Cell(
            scope, dim, group, people if shown and shared is None else None, level, previous,
            change, _level(spec, now.get(nat_key)) if nat_key not in hidden_now else None,
            None if scope == NATIONAL or reg_key in hidden_now else _level(spec, now.get(reg_key)),
            not shown, before_hidden, nat_key in hidden_now,
            scope != NATIONAL and reg_key in hidden_now, not shown or shared is not None, why,
            None if shared is None else f"hidden under {shared}, which counts the same people",
            previous_why, change_why,
            numerator=now[key].num if counts else None,
            denominator=now[key].den if counts else None,
            level_why=_no_rate(spec, now.get(key)) if shown else None,
            previous_level_why=no_rate_then))  # fmt: skip
    return tuple(cells)


def _no_rate(spec: Spec, t: _Tally | None) -> str | None:
    """Why a group with people in it has no level: its denominator is 0 (two PQiP learners
    who joined and left in the quarter, in post on neither its first nor its last day), said
    in its row, where a bare `-` read as no one in the group (scenarios round 53, P1)."""
    if t is None or not t.members or spec.scale == 0 or t.den != 0:
        return None
    numerator, denominator = spec.counts
    why = spec.zero_den or f"the {denominator} is 0"
    return f"no rate ({_count(t.num)} {numerator}): {why}"


def _count(value: float) -> str:
    """A count behind a rate in words: whole where it is whole, else to two places."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _order(tallies: Mapping[Key, _Tally]) -> list[Key]:
    """National first, then the regions by name; in each, the whole, then each dimension's
    groups by name with NOT_GIVEN last."""
    rank = {d: i for i, d in enumerate((ALL, *DIMENSIONS))}
    return sorted(tallies, key=lambda k: (k[0] != NATIONAL, k[0] == NOT_GIVEN, k[0],
                                          rank[k[1]], k[2] == NOT_GIVEN, k[2]))  # fmt: skip


def indicators(files: Iterable[str | os.PathLike[str]], period: str | Window | None = None,
               *, by: Sequence[str] = DIMENSIONS, min_cell: int = DEFAULT_MIN_CELL,
               root: str | os.PathLike[str] | None = None) -> IndicatorReport:  # fmt: skip
    """Load `files` as one data set and compute clause 3's indicators (see `compute`).
    `period`: `2024-Q2`, `2024-06`, `2024`, `2024-04-01..2024-06-30` or a Window. `root`: a
    folder every file read must be inside (see `workrules.check`)."""
    from .resources import confined_to

    with confined_to(root):
        return _indicators(files, period, by, min_cell)


def _indicators(files: Iterable[str | os.PathLike[str]], period: str | Window | None,
                by: Sequence[str], min_cell: int) -> IndicatorReport:  # fmt: skip
    """`indicators`, within its `root`."""
    from .arguments import file_names, many, whole
    from .dataset import load_data

    names, by = file_names(files, "files"), many(by, "by", "('region', 'gender')")
    if any(os.path.isdir(n) for n in names):  # a folder, walked as the command line walks it
        from .inputs import expand_paths

        names = expand_paths(names)[0]
    if not (period is None or isinstance(period, str | Window)):
        raise UsageError(f"period: expected text such as '2024-Q2' or a Window, not "
                         f"{type(period).__name__}")  # fmt: skip
    window = parse_period(period) if isinstance(period, str) else period
    for d in by:
        parse_by(d)
    whole(min_cell, "min_cell")  # refused before the files are read
    return compute(load_data(names), window, by=by, min_cell=min_cell)
