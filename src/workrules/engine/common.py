"""What every engine shares: the environment of a run, and what a check yields.

An engine measures; `workrules.evaluate` places what it measured (subject, period, file and
line, the sentence). `Measured` is the boundary between them.
"""

from __future__ import annotations

import datetime as dt
import operator
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from .. import model as m
from ..findings import Period
from ..limits import MAX_SENTENCE_CHARS

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ..named_tuple import NamedTuple

# Numbers in files are decimals (22.2 h, 0.4 of a post) that binary floating point holds only
# nearly: 25.3 - 22.2 is 3.1000000000000014, and 2 - 1.4 is 0.6000000000000001. Both engines
# compare numbers so that a difference within EPSILON is none (`tolerant`): hours given back
# in full leave nothing owed, and 0.6 vacant posts are not over a cap of 0.6. Every figure
# the claim's rules compare is far larger than EPSILON, and whole numbers differ by 1 or more.
EPSILON = 1e-09
# a op b as a difference against EPSILON: the Python engine writes these into its generated
# code, and the columnar engine applies the same (`TOLERANT`) to polars expressions, so both
# make the same IEEE operations.
TOLERANT_SOURCE = {">": "{a} - {b} > EPSILON", ">=": "{b} - {a} <= EPSILON",
                   "<": "{b} - {a} > EPSILON", "<=": "{a} - {b} <= EPSILON",
                   "=": "abs({a} - {b}) <= EPSILON", "!=": "abs({a} - {b}) > EPSILON"}
TOLERANT: dict[str, Callable[[Any, Any], Any]] = {
    op: eval(f"lambda a, b: {src.format(a='(a)', b='(b)')}", {"EPSILON": EPSILON})
    for op, src in TOLERANT_SOURCE.items()}  # fmt: skip


def numeric(*types: m.FieldType) -> bool:
    """Whether values of these types are all numbers, compared tolerantly."""
    return all(t.name == "number" for t in types)


class Env(msgspec.Struct, frozen=True):
    """What a run knows that the policy does not: the staff index and the parameter values."""

    staff: Mapping[str, m.Staff]
    params: Mapping[str, Any]  # plain: a value or None; keyed: a dict of key -> value or None
    # declared grade -> family, or ""
    grades: Mapping[str, str] = msgspec.field(default_factory=dict)
    today: dt.date | None = None  # the run's day (`--today`): who is in post, with no period
    # the days a `most at once` peak is looked for on (start inclusive, end exclusive; None is
    # open): the days a dated cap holds its value, when the rule is run once for each value
    days: tuple[dt.date | None, dt.date | None] | None = None
    # a spell's values day by day, when a dated cap changes: (first day, day after the last,
    # the values then) for each period of constant values; a reading is judged by those of
    # its own day, and a spell runs on across a change (the run's `params`: today's values)
    by_day: tuple[tuple[dt.date | None, dt.date | None, Mapping[str, Any]], ...] = ()
    # the first day the rule's caps have held the values in `params`, where a dated value
    # changed them (None: no change before); a sentence's `{limit_from}` (`Facts`)
    values_from: dt.date | None = None
    # the grades of the data neither known nor declared (`Policy._unknown_grades`): a record
    # whose grade a comparison with the policy's grades reads is not judged (`ir.KnownGrade`)
    unknown_grades: frozenset[str] = frozenset()


class UnsetParam(Exception):
    """A keyed parameter had no value for the key a record needed."""

    def __init__(self, name: str, key: str) -> None:
        super().__init__(name, key)
        self.name = name
        self.key = key


class NoEntry(UnsetParam):
    """A keyed parameter has no entry at all for the key a record needed (a grade with no
    cap of its own and no family that has one): the record is reported, never skipped."""


class JudgedApart(UnsetParam):
    """A keyed parameter's entry for a key whose values change on other days than those of
    this run (`APART`): the record or group is judged in the run of its own key's periods
    (`Policy._runs_apart`), neither here nor noted as not judged."""


class _Apart:
    __slots__ = ()

    def __repr__(self) -> str:
        return "APART"


# The entry of a key judged in another run (`JudgedApart`): a cap keyed by grade whose grades'
# values are dated apart is run once for the periods of each set of keys whose values change
# on the same days, so a grade's subject is cut only at its own changes, never at another's.
APART: Any = _Apart()

# A keyed cap a record or group could not be judged by: (parameter, key, subject); the
# subject is "" when the key has an entry left unset, and names who has a key with no entry.
# With no parameter, ("", reason, "" or "all" or "at FILE:LINE"): what the data did not let
# the rule judge, for none of it with "all", and where the first record it names stands.
Missing = tuple[str, str, str]


class Group(NamedTuple):
    """The records that share one value of a rule's `per` keys (a named tuple: generated
    code makes one for each breach of a group as `tuple.__new__(Group, (keys, records))`,
    with no call of Python code)."""

    keys: tuple[Any, ...]
    records: list[Any]


class Facts:
    """What a sentence can name: the record or group (`x`) and the finding's own facts. The
    period and the evidence are put in words only when a sentence names them."""

    __slots__ = ("_evidence", "_period", "clause", "limit", "limit_from", "rule", "today",
                 "value", "x")

    def __init__(self, x: Any, value: Any, limit: Any, period: Period | None,
                 evidence: Sequence[Any], clause: str | None, rule: str,
                 today: dt.date | None = None, limit_from: dt.date | None = None,
                 ) -> None:  # fmt: skip
        self.x, self.value, self.limit = x, value, limit
        self._period, self._evidence = period, evidence
        self.clause, self.rule = clause, rule
        self.today = today  # the run's day: who is in post in a group with no period
        # the first day the limit has held: the rule's `from`, or a dated cap's later change
        self.limit_from = limit_from

    @property
    def start(self) -> dt.date | None:
        return self._period.start if self._period is not None else None

    @property
    def end(self) -> dt.date | None:
        return self._period.end if self._period is not None else None

    @property
    def period(self) -> str:
        return self._period.describe() if self._period is not None else ""

    @property
    def evidence(self) -> str:
        return said_list([e.label for e in self._evidence])


def said_list(labels: Sequence[str]) -> str:
    """`labels` joined by commas, as a sentence's `{evidence}` names a finding's records; where
    that would be longer than MAX_SENTENCE_CHARS, the first of them, up to half of it, and how
    many more there are ("U1, U2 and 2,998 more"): a list of thousands of records, written 32
    times in one sentence, made a finding of megabytes (attack round 33, P5)."""
    size = -2
    for label in labels:
        size += len(label) + 2
        if size > MAX_SENTENCE_CHARS:
            break
    else:
        return ", ".join(labels)
    shown: list[str] = []
    size = -2
    for label in labels:
        size += len(label) + 2
        if shown and size > MAX_SENTENCE_CHARS // 2:
            break
        shown.append(label)
    return f"{', '.join(shown)} and {len(labels) - len(shown):,} more"


# What of a sentence over MAX_SENTENCE_CHARS is kept: its start, and its end (where a sentence
# says the limit and the clause)
_SAID_HEAD, _SAID_TAIL = 7_000, 2_000


def said_within(sentence: str) -> str:
    """A finding's `sentence`, cut to its start and end, saying how much was left out, where it
    is longer than MAX_SENTENCE_CHARS (the same object otherwise)."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    left = len(sentence) - _SAID_HEAD - _SAID_TAIL
    return (f"{sentence[:_SAID_HEAD]} ...({left:,} characters left out)... "
            f"{sentence[-_SAID_TAIL:]}")


class Measured(NamedTuple):
    """What a check found for one record or group, before it is placed and explained (a
    named tuple: one is made for every breach, and a tuple is the cheapest to make)."""

    x: Any  # the record or Group
    evidence: tuple[Any, ...]
    value: Any
    limit: Any
    measured: str | None  # None: rendered when the finding is placed
    limit_text: str | None
    facts: tuple[tuple[str, int | None], ...] | None = ()  # None: worked out when placed
    period: Period | None = None
    note: str = ""  # said after the sentence: what the check had to assume


def missing(u: UnsetParam, x: Any) -> Missing:
    """What `u` says could not be judged, for the record or group `x`."""
    if not isinstance(u, NoEntry):
        return (u.name, u.key, "")
    who = " ".join(map(str, x.keys)) if isinstance(x, Group) else m.record_label(x)
    return (u.name, u.key, who)


def family_of(key: str, grades: Mapping[str, str]) -> str:
    """The family a key (a grade) falls under: the vocabulary's, or its declaration's."""
    return grades.get(key) or m.grade_family(key)


def lookup(table: Mapping[str, Any] | None, name: str, k: Any, grades: Mapping[str, str]) -> Any:
    """A keyed parameter's value for the key `k` (see `ir.Lookup`)."""
    if k is None:
        return None
    table = table or {}
    if isinstance(k, tuple):  # several keys (roles): the tightest cap that is set
        values = []
        for item in k:
            if item in table:
                if table[item] is None:
                    raise UnsetParam(name, item)
                if table[item] is APART:
                    raise JudgedApart(name, item)
                values.append(table[item])
        if not values and k:
            raise NoEntry(name, ", ".join(k))
        return min(values) if values else None  # no key: outside the rule
    if k in table:  # most keys have an entry of their own: no walk up the families
        value = table[k]
        if value is None:
            raise UnsetParam(name, k)
        if value is APART:
            raise JudgedApart(name, k)
        return value
    key, seen = k, {k}
    while key not in table:  # up its families: SPO_COURTS -> SPO
        key = family_of(key, grades)
        if not key or key in seen:
            raise NoEntry(name, k)  # reported as not applied for this key
        seen.add(key)
    if table[key] is None:
        raise UnsetParam(name, key)
    if table[key] is APART:
        raise JudgedApart(name, key)
    return table[key]


def latest(pairs: list[tuple[Any, Any]]) -> Any:
    """The value of the latest (place in time, value) pair; of equals, the last."""
    best: tuple[Any, Any] | None = None
    for pair in pairs:
        if best is None or pair[0] >= best[0]:
            best = pair
    return None if best is None else best[1]


def latest_order(kind: m.Kind, day_of: Callable[[Any], dt.date | None]
                 ) -> Callable[[Any], tuple[dt.date, int] | None]:  # fmt: skip
    """A record's place in time: its day, then which date field dated it, so that on one
    day a daily WMT reading comes after (supersedes) the weekly reading it falls in."""
    fields = kind.date_fields

    def order(r: Any) -> tuple[dt.date, int] | None:
        d = day_of(r)
        if d is None:
            return None
        for i, f in enumerate(fields):
            if getattr(r, f) is not None:
                return d, i
        return d, 0

    return order


def held_at_peak(records: Sequence[Any], spans: tuple[str | tuple[str, str], ...],
                 staff: Mapping[str, Any] | None = None,
                 ) -> tuple[dt.date | None, list[Any]]:  # fmt: skip
    """The first day on which most records are held at once, and those records. A record is
    held from its first span field up to (not on) its second (or a third, `until`, if that is
    earlier: a field of its own, or `REF.FIELD`, of the staff member in `staff` its field REF
    names); without a first it is held throughout, without a second (or third) it is still
    held. With no first date at all, the day is None and every record counts."""
    day, held, _ = peak_of(records, spans, staff=staff)
    return day, held


def peak_of(records: Sequence[Any], spans: tuple[str | tuple[str, str], ...],
            days: tuple[dt.date | None, dt.date | None] | None = None,
            staff: Mapping[str, Any] | None = None,
            ) -> tuple[dt.date | None, list[Any], int]:  # fmt: skip
    """`held_at_peak`, and how many of the records held have no first span date (all the
    records without one: they are held throughout). `days`: the peak is looked for on those
    days only (`Env.days`)."""
    pairs = _pairs_of(records, spans, staff)
    if days is not None:
        return _peak_within(records, pairs, days)
    if not any([c for _, c in pairs]):  # none closed (the usual group): all held at the end
        opened = [o for o, _ in pairs if o is not None]
        return (max(opened) if opened else None), list(records), len(pairs) - len(opened)
    dated = sorted([o for o, _ in pairs if o is not None])
    undated = len(pairs) - len(dated)
    if not dated:
        return None, [r for r, (o, _) in zip(records, pairs, strict=True) if o is None], undated
    return _peak_on(records, pairs, dated, dated, undated)


def _pairs_of(records: Sequence[Any], spans: tuple[str | tuple[str, str], ...],
              staff: Mapping[str, Any] | None) -> list[Any]:  # fmt: skip
    """(first day, day it is no longer held) of each record, read once: the second span
    field, or the first `until` date given if earlier (see `held_at_peak`); None where not
    given."""
    pairs: list[Any]
    if len(spans) > 2 and any(type(u) is tuple for u in spans[2:]):  # `until REF.FIELD`:
        # the staff member's date, looked up by the id the record's field REF gives
        people = staff or {}
        ends: list[tuple[str, str | None]] = [
            (u, None) if isinstance(u, str) else u for u in spans[2:]]
        get = operator.attrgetter(spans[0], spans[1], *[u for u, _ in ends])  # type: ignore
        pairs = []
        for o, c, *given in map(get, records):
            last = c
            for (_, field), u in zip(ends, given, strict=True):
                if field is not None:  # the date of the staff member the field names
                    u = getattr(people.get(u), field, None) if u is not None else None
                if u is not None and (last is None or u < last):
                    last = u
            pairs.append((o, last))
        return pairs
    spans_of = _SPANS.get(spans) or _SPANS.setdefault(
        spans, operator.attrgetter(*spans))  # type: ignore[arg-type]
    pairs = list(map(spans_of, records))  # (opened, closed) of each record, read once
    if len(spans) == 3:  # `until`: held up to the earlier of the second and the third
        pairs = [(o, c if u is None or (c is not None and c <= u) else u) for o, c, u in pairs]
    elif len(spans) > 3:  # `until A or B`: the first of them given
        pairs = [(o, min([d for d in ends if d is not None], default=None))
                 for o, *ends in pairs]
    return pairs


class OverSpell(NamedTuple):
    """One spell of days on which a group holds more records at once than its limit
    (`spells_over`). `start`: its first day; `end`: the day after its last (None: still over
    on the last day the records give, their spans open); `cut`: `end` is the end of the days
    looked at (a dated cap's change), not a day the count fell; `before`: over the limit
    already before the first date the records give (`start` is that date: records with no
    first date, held throughout, are over it by themselves). `peak`: the first day of the
    spell on which most are held, and `held`, those records."""

    start: dt.date
    end: dt.date | None
    cut: bool
    before: bool
    peak: dt.date
    held: list[Any]


def spells_over(records: Sequence[Any], spans: tuple[str | tuple[str, str], ...],
                limit: float, days: tuple[dt.date | None, dt.date | None] | None = None,
                staff: Mapping[str, Any] | None = None) -> list[OverSpell]:  # fmt: skip
    """The spells of days on which more than `limit` of `records` are held at once (as
    `held_at_peak` holds them), in order, on the days from `days[0]` up to (not on) `days[1]`
    only (`Env.days`; None: open). A count over the limit by records with no first date alone,
    before any date, has no day it began: the spell is marked `before`, from the first date
    the records give. Two spells are two breaches, as two spells of a WMT reading above the
    ceiling are: between them the count was within the limit."""
    pairs = _pairs_of(records, spans, staff)
    change: dict[dt.date, int] = {}  # how the count changes on each day the records date
    count = 0  # held before the first of those days: the records with no first date
    for o, c in pairs:
        if o is None:
            count += 1
        else:
            change[o] = change.get(o, 0) + 1
        if c is not None:  # (closed before it opened: never held, as `_peak_on` has it)
            gone = c if o is None or c >= o else o
            change[gone] = change.get(gone, 0) - 1
    lo, hi = days if days is not None else (None, None)
    points = sorted(change)
    at = 0
    if lo is not None:  # what is held on the first day looked at
        while at < len(points) and points[at] <= lo:
            count += change[points[at]]
            at += 1
    # (day, count held from it), from the first day looked at, else the first day dated
    steps: list[tuple[dt.date, int]] = [] if lo is None else [(lo, count)]
    before = lo is None and count > limit  # over the limit before any date given
    for day in points[at:]:
        if hi is not None and day >= hi:
            break
        count += change[day]
        steps.append((day, count))
    out: list[OverSpell] = []
    open_at: dt.date | None = None  # the first day of the spell under way
    began_before, peak_day, most = False, None, -1
    for day, held in steps:
        if held > limit:
            if open_at is None:  # (only a spell under way on the first day dated, with
                open_at, began_before = day, before  # none looked at before it, began
            if held > most:  # before it)
                peak_day, most = day, held
        elif open_at is not None and peak_day is not None:
            out.append(_spell(records, pairs, open_at, day, False, began_before, peak_day))
            open_at, peak_day, most = None, None, -1
        before = False
    if open_at is not None and peak_day is not None:
        out.append(_spell(records, pairs, open_at, hi, hi is not None, began_before, peak_day))
    return out


def _spell(records: Sequence[Any], pairs: list[Any], start: dt.date, end: dt.date | None,
           cut: bool, before: bool, peak: dt.date) -> OverSpell:
    """An `OverSpell`, with the records held on its peak day."""
    held = [r for r, (o, c) in zip(records, pairs, strict=True)
            if (o is None or o <= peak) and (c is None or peak < c)]
    return OverSpell(start, end, cut, before, peak, held)


def _peak_within(records: Sequence[Any], pairs: list[tuple[Any, Any]],
                 days: tuple[dt.date | None, dt.date | None],
                 ) -> tuple[dt.date | None, list[Any], int]:  # fmt: skip
    """`peak_of` on the days from `days[0]` up to (not on) `days[1]` only: the first of those
    days most records are held, from the first of them (records held since before it) and
    each day one is opened in them. No day in them holds a dated record: the day is None,
    and the records without a first date (held throughout) are those held."""
    lo, hi = days
    undated = sum(1 for o, _ in pairs if o is None)
    starts = sorted({o for o, _ in pairs if o is not None and (lo is None or o >= lo)
                     and (hi is None or o < hi)})  # fmt: skip
    if lo is not None and (hi is None or lo < hi) and (not starts or starts[0] != lo):
        starts.insert(0, lo)
    dated = sorted([o for o, _ in pairs if o is not None])
    # records without a first date are held throughout, but one closed (or `until` a manager
    # left) before the days is not held in them: the count is each day's own, from the first
    closing = lo is not None and any(o is None and c is not None and c <= lo for o, c in pairs)
    return _peak_on(records, pairs, starts, dated, undated, -1 if closing else undated)


def _peak_on(records: Sequence[Any], pairs: list[tuple[Any, Any]], looked: Sequence[dt.date],
             dated: list[dt.date], undated: int, floor: int | None = None,
             ) -> tuple[dt.date | None, list[Any], int]:  # fmt: skip
    """The first of the days `looked` at (in order) on which most records are held, and
    those records; with none held on any beyond the undated ones, None and those. Held on
    `day`: opened by then (`dated`, sorted), and not gone by then (closed, and opened, by
    then); so each day's count is two bisections, and only the peak's records are listed."""
    gone = sorted([c if o is None or c >= o else o for o, c in pairs if c is not None])
    # (`floor`: the count to beat; the undated records, held throughout, unless some of them
    # are gone before the first day looked at)
    best_day, best, seen = None, undated if floor is None else floor, None
    for day in looked:  # each day once (a day may recur in `looked`, in a row)
        if day == seen:
            continue
        seen = day
        held = undated + bisect_right(dated, day) - bisect_right(gone, day)
        if held > best:
            best_day, best = day, held
    if best_day is None:
        return None, [r for r, (o, _) in zip(records, pairs, strict=True) if o is None], undated
    return best_day, [r for r, (o, c) in zip(records, pairs, strict=True)
                      if (o is None or o <= best_day) and (c is None or best_day < c)], undated


# an attrgetter of the two span fields, by the fields: one per kind
_SPANS: dict[tuple[str | tuple[str, str], ...], Callable[[Any], tuple[Any, ...]]] = {}
