"""Place what an engine measured: the clause, the subject, the period, the file and line,
the facts that held and the sentence, as yamllint's linter places what its rules yield.

A rule is type-checked into its IR (`lang.typecheck`), run by an engine (`engine.python`),
and what the run yields (`Measured`) is placed here. See docs/architecture.md.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import model as m
from .datamodel import BY_NAME, NESTED_KINDS
from .dataset import Dataset
from .engine.common import Env, Facts, Group, Measured, Missing, UnsetParam, said_within
from .engine.python import Explainer, run_rule
from .findings import Evidence, Finding, Period
from .lang import ir
from .lang.ir import CALENDAR
from .limits import MAX_SENTENCE_CHARS
from .render import apart, renderer, singular_of

CompiledRule = ir.Rule  # the name the other modules know a checked rule by


def held_span(first: dt.date, end: dt.date | None, today: dt.date | None,
              verb: str) -> tuple[Period, str]:
    """A record's span (a case held from `first` up to, not on, `end`) as a finding's period,
    and the span in the tense that is true on the day judged (`today`), as `most at once`
    says a spell: a case handed back months before reads as held then, not as still held
    (first hour of round 54, P2; scenarios round 57, P4), and one opened after the day judged
    as planned (scenarios round 57, P3)."""
    last = max(first, end - dt.timedelta(days=1)) if end is not None else None
    Verb = verb[:1].upper() + verb[1:]
    if today is not None and first > today:  # the whole span to come
        span = f"From {first} to {last}" if last is not None else f"From {first}"
        return (Period("span", first, last or first),
                f"{span}, after the day judged ({today}): planned, not yet {verb}.")
    if last is not None and (today is None or last <= today):
        return (Period("span", first, last),
                f"{Verb} on {first} only." if last == first else f"{Verb} from {first} to {last}.")
    if today is None:
        return Period("span", first, first), f"{Verb} since {first}, with no end in the records."
    still = (f"{Verb} from {first}, the day judged" if first == today else
             f"{Verb} since {first}, and still on {today} (the day judged)")
    if last is not None:  # an end the records give after the day judged
        still += f", to {last} as the records plan it"
    return Period("span", first, today), f"{still}."


def period_of_key(calendar: str, value: dt.date) -> Period:
    if calendar == "day":
        return Period("day", value, value)
    if calendar == "week":
        return Period("week", value, value + dt.timedelta(days=6))
    nxt = (value.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return Period("month", value, nxt - dt.timedelta(days=1))


def _namer(kind: m.Kind, units: Mapping[str, str]) -> Callable[[Any], str]:
    """How evidence names a record of `kind` (`model.record_label`, chosen once per kind). A
    unit's record without its own unit (funded posts, unallocated cases) is named by its
    file's unit (`units`)."""
    if "id" in kind.fields or kind.name == "job_description":
        return _by_id  # (`record_label`'s first two cases)
    if kind.subject != "unit":
        return _labeller(kind)

    def label(record: Any) -> str:
        if getattr(record, "unit", "") is None:
            record = m.replace(record, unit=units.get(record.file, "(no unit)"))
        return m.record_label(record)

    return label


def _labeller(kind: m.Kind) -> Callable[[Any], str]:
    """`model.record_label` for the records of `kind`, a kind with no id: what the kind
    calls a record, its subject and its day, with what is the same for every record of the
    kind looked up once (a timesheet rule finds 30k on national data)."""
    if kind.name == "wmt":
        return m.record_label
    fields, subject, noun = kind.date_fields, kind.subject, kind.noun
    week = "week " if fields and fields[0] == "week" else ""

    def label(record: Any) -> str:
        for name in fields:
            day = getattr(record, name)
            if day is not None:
                return f"{noun} {getattr(record, subject)} {week}{day}"
        return f"{noun} {getattr(record, subject)}"

    return label


def _said_once(facts: tuple[tuple[str, int | None], ...]) -> tuple[tuple[str, int | None], ...]:
    """`facts` with each said once: a repeat, or one that a later fact says again with more
    ("opened is 2024-05-20" before "opened is 2024-05-20, practitioner.started_on
    2024-06-03": scenario round 33), left out."""
    said = tuple(dict.fromkeys(facts))
    return tuple(f for f in said if not any(
        g[0].startswith(f"{f[0]}, ") for g in said))  # fmt: skip


def _by_id(record: Any) -> str:
    return str(record.id)


def limit_from(cr: CompiledRule, env: Env) -> dt.date | None:
    """The first day a rule's limit has held as it stands in `env`: the later of the rule's
    own `from` and the day a dated cap last changed (None when neither is known)."""
    effective = env.params.get(cr.effective) if isinstance(cr.effective, str) else cr.effective
    days = [d for d in (effective, env.values_from) if isinstance(d, dt.date)]
    return max(days) if days else None


# What a finding's `value` and `limit_value` are counted in, by the dimension of the rule's
# types (a count's noun is worked out from what it counts: `value_unit`).
_DIM_UNITS = {"hours": "h", "percent": "%", "days": "days"}


def value_unit(cr: CompiledRule) -> str:
    """What a rule's findings' `value` and `limit_value` are counted in, from its types and the
    data model, never written per rule: `h`, `%` or `days` by the dimension of its types; for a
    count, what it counts (`cases`, `programme sessions`, `members`); for a ratio, its right
    side per one of its left (`members per supervisor`: the value is the members each
    supervisor had, the limit `1:6` is one supervisor to 6); "" for text (what a `require` or
    `forbid` found) and for a plain number (a planner summed 1.2k's values, days, as WMT
    percent: a first hour, round 49)."""
    check = cr.check
    if isinstance(check, ir.Ratio):
        return f"{_words(check.right_text)} per {singular_of(_words(check.left_text))}"
    dim = cr.value_type.dim if cr.value_type.name == "number" else ""
    if dim != "count":
        return _DIM_UNITS.get(dim, "")
    if isinstance(check, ir.AtOnce):  # the records held at once: what they are to the person
        # they are counted for (`per line_manager`: direct reports), else their kind's noun
        return next((said for k in cr.keys or () if isinstance(k.get, ir.Field)
                     and (said := _field_counts(cr.kind.name, k.get.name, staff=True))),
                    cr.kind.nouns())  # fmt: skip
    if isinstance(check, ir.Measure):
        return _counts(check.value, cr.kind) or _counts(check.limit, cr.kind)
    return ""


def _words(name: str) -> str:
    """A field's name as a unit says it: `span_of_control` is "span of control"."""
    return name.replace("_", " ")


def _counts(e: ir.Expr, kind: m.Kind) -> str:
    """What the count `e` over records of `kind` counts, in words ("" when it cannot be told):
    the records (`count`), a count field's own words (`members`; `counts` in the data model
    where the name does not say it), the items of a list (`number of supervisors`)."""
    if isinstance(e, ir.Count | ir.MostAtOnce):
        return kind.nouns()
    if isinstance(e, ir.Field):
        return _field_counts(kind.name, e.name) if e.type.dim == "count" else ""
    if isinstance(e, ir.Attr):
        of = e.base.type.record if e.base.type.name == "record" else "staff" if e.staff else ""
        return _field_counts(of, e.name) if of and e.type.dim == "count" else ""
    if isinstance(e, ir.NumberOf):
        arg = e.arg
        return _words(arg.name) if isinstance(arg, ir.Field | ir.Attr) else ""
    if isinstance(e, ir.Aggregate | ir.Distinct):
        return _counts(e.arg, kind)
    if isinstance(e, ir.Among):
        return _counts(e.agg, m.KINDS[e.kind])
    if isinstance(e, ir.Otherwise):
        return _counts(e.first, kind) or _counts(e.second, kind)
    if isinstance(e, ir.Arith) and e.op in ("+", "-"):  # posts less the FTE in post: posts
        left, right = _counts(e.left, kind), _counts(e.right, kind)
        return left if not right or right == left else right if not left else ""
    return ""


def _field_counts(kind: str, name: str, *, staff: bool = False) -> str:
    """What the count field `name` of the record kind `kind` counts, in words; with `staff`,
    what the records naming a staff member by the field `name` are to them ("" if not said)."""
    described = BY_NAME.get(kind) or NESTED_KINDS.get(kind)
    field = next((f for f in described.fields if f.name == name), None) if described else None
    if staff:
        return field.counts if field is not None and field.type == "staff" else ""
    return (field.counts if field is not None else "") or _words(name)


def _people_fields(kind: m.Kind) -> tuple[tuple[str, bool], ...]:
    """The fields of `kind` naming the staff a finding about one of its records is about, each
    with whether it is a list: its subject, where that names a person (a staff record's own id,
    a timesheet's staff member), else each field naming staff (a case's practitioner, a
    session's supervisors, a report's author, a meeting's chair)."""
    subject = kind.fields.get(kind.subject)
    if subject is not None and subject.name == "staff":
        return ((kind.subject, False),)
    return tuple((name, t.name == "list") for name, t in kind.fields.items()
                 if t.name == "staff" or (t.name == "list" and t.elem is not None
                                          and t.elem.name == "staff"))  # fmt: skip


def _people(record: Any, fields: tuple[tuple[str, bool], ...]) -> tuple[str, ...]:
    """The staff ids `record` gives in `fields`, each once, in order."""
    if len(fields) == 1 and not fields[0][1]:  # (most kinds: one person, a case's practitioner)
        value = getattr(record, fields[0][0], None)
        return (value,) if value.__class__ is str else ()
    found: list[str] = []
    for name, many in fields:
        value = getattr(record, name, None)
        if many:
            found.extend(v for v in value or () if isinstance(v, str))
        elif isinstance(value, str):
            found.append(value)
    return tuple(dict.fromkeys(found)) if len(found) > 1 else tuple(found)


def placer(cr: CompiledRule, env: Env, data: Dataset
           ) -> Callable[[Sequence[Measured]], list[Finding]]:  # fmt: skip
    """What turns one rule's measurements into findings. What is the same for every finding
    of the rule (where its subject, period and unit come from, how its values read) is worked
    out once, here; the sentence is one generated function (`Explainer.sentence`). The
    findings of a rule are placed in one loop (120k on national data), its names local."""

    def place(batch: Sequence[Measured]) -> list[Finding]:
        return _place(cr, env, data, batch) if batch else []

    return place


def _place(cr: CompiledRule, env: Env, data: Dataset, batch: Sequence[Measured]
           ) -> list[Finding]:  # fmt: skip
    explainer = Explainer(cr, env, data)  # bound here: most rules find nothing
    check, where, among_records = explainer.check, explainer.where, explainer.among_records
    repeats = explainer.may_repeat
    sentence = explainer.generated_sentence
    want = isinstance(cr.check, ir.Require) and not cr.check.forbid
    rule, kind, keys = cr.head, cr.kind, cr.keys or ()
    rule_id, clause, severity, title = rule.id, rule.clause, rule.severity, rule.title or rule.id
    subject_key = next((k for k in keys if k.type.name == "staff"), None) or next(
        (k for k in keys if not k.calendar), None)  # fmt: skip
    subject_at = subject_key.position if subject_key is not None else None
    staff_subject = subject_key is not None and subject_key.type.name == "staff"
    own_record = staff_subject and kind.name == "staff"  # staff counted per staff member
    unit_of: dict[str, str] = {}  # a staff member's unit, by id (`_own_unit`)
    own_unit_of: dict[str, str] = {}  # ... their own, where their file's is not read
    calendar_key = next((k for k in keys if k.calendar), None)
    # whom each finding is about (`Finding.staff`): a group's keys naming staff, else none (a
    # unit's, a day's); a record's staff fields (`_people_fields`)
    staff_at = tuple(k.position for k in keys if k.type.name == "staff")
    # (one staff key, as every grouped rule of the claim has: that key, without a dict)
    lone_staff_at = staff_at[0] if len(staff_at) == 1 else None
    people_fields = _people_fields(kind)
    counted_in = value_unit(cr)
    unit_key = next((k for k in keys if isinstance(k.get, ir.Place) and k.get.what == "unit"),
                    None)  # fmt: skip
    unit_at = unit_key.position if unit_key is not None else None
    word = "at most" if getattr(cr.check, "op", "") == "most" else "at least"
    say_value, say_limit, say_key = renderer(cr.value_type), renderer(cr.limit_type), renderer()
    focus, subject_field = cr.focus, kind.subject
    # a text read phrase by phrase: its key's line only when no fact gives a phrase's line
    texts = {f for f in focus if getattr(kind.fields.get(f), "name", "") == "text"}
    # by a record's class: its kind, the kind's name, and how evidence names a record of it
    kinds: dict[type, tuple[m.Kind, str, Callable[[Any], str]]] = {}
    by_place = operator.attrgetter("file", "line")
    units = data.units
    # one Period per calendar and day: most recur
    periods: dict[str, dict[dt.date, Period]] = {calendar: {} for calendar in CALENDAR}
    # a record's period: that of its first date (the week or day)
    dated = [(name, periods["week" if name == "week" else "day"]) for name in kind.date_fields]
    if calendar_key is not None:
        calendar, calendar_at = calendar_key.calendar, calendar_key.position
        of_calendar = periods[calendar]
    # a record no date field dates, of a kind its span dates (a case): the days it was held
    spanned = kind.span_fields if kind.span_dates and not dated else None
    held: dict[tuple[Any, Any], tuple[Period, str]] = {}  # (opened, closed) -> its period

    has_lines: dict[type, bool] = {}
    # what the sentence reads: one object, its values set for each finding (no call)
    named = Facts(None, None, None, None, (), clause, rule_id, env.today, limit_from(cr, env))
    out: list[Finding] = []
    add = out.append
    for x, evidence_records, value, limit, measured_text, limit_text, facts, period, note \
            in batch:  # fmt: skip
        grouped = isinstance(x, Group)
        # What held is worked out here, for the breaches only: the `where` conditions of a
        # record-level rule, and the parts of a require/forbid condition.
        if facts is None and check is not None:
            facts = tuple(check(x, not want))
            if len(facts) > 1:  # a field the condition tests twice: one fact
                facts = _said_once(facts)
            value = measured_text = "; ".join([f for f, _ in facts])
        if grouped:  # what `among` read is evidence too
            if among_records is not None:
                own = {id(r) for r in evidence_records}  # an `among` of the rule's own kind
                evidence_records = (*evidence_records, *(
                    r for r in among_records(x.keys, x.records) if id(r) not in own))
        elif where is not None:
            facts = tuple(where(x, True)) + (facts or ())
            if repeats:  # what `where` and the check both read, said once
                facts = tuple(dict.fromkeys(facts))
        records: Sequence[Any] = evidence_records
        if len(records) == 1:  # most findings: one record, of the rule's own kind
            first = records[0]
            k, name, label = kinds.get(first.__class__) or _kind_of(first, kinds, units)
            said = first.id if label is _by_id else label(first)
            evidence: tuple[Evidence, ...] = (Evidence(
                first.file, first.line, name, said if said.__class__ is str else str(said)),)
        else:
            records = sorted(records, key=by_place)
            cited = []
            first = None  # a record of the rule's own kind, before any that `among` read
            for r in records:
                k, name, label = kinds.get(r.__class__) or _kind_of(r, kinds, units)
                if first is None and k is kind:
                    first = r
                if label is _by_id:
                    said = r.id
                    if said.__class__ is not str:
                        said = str(said)
                else:
                    said = label(r)
                cited.append(Evidence(r.file, r.line, name, said))
            evidence = tuple(cited)
            if first is None:
                first = records[0]
        if grouped:
            if subject_at is None:
                subject = rule_id
            else:
                subject = x.keys[subject_at]
                if subject.__class__ is not str:
                    subject = say_key(subject)
            if period is None and calendar_key is not None:
                day = x.keys[calendar_at]
                period = of_calendar.get(day) or of_calendar.setdefault(
                    day, period_of_key(calendar, day))
        else:
            subject = str(getattr(x, subject_field))
            if period is None:
                for field, of_day in dated:
                    day = getattr(x, field)
                    if day is not None:
                        period = of_day.get(day) or of_day.setdefault(
                            day, period_of_key("week" if field == "week" else "day", day))
                        break
                if spanned is not None and (first_day := getattr(x, spanned[0])) is not None:
                    key = (first_day, getattr(x, spanned[1]))
                    span = held.get(key) or held.setdefault(
                        key, held_span(*key, env.today, kind.span_verb))
                    period, said_span = span
                    note = f"{note} {said_span}" if note else said_span
        fact_lines = [at for _, at in facts if at is not None] if facts else []
        if focus:  # (only a job description has `field_lines`: looked for once per class)
            lined = has_lines.get(x.__class__)
            if lined is None:
                lined = has_lines[x.__class__] = hasattr(x, "field_lines")
            if lined:
                field_lines = dict(x.field_lines)
                fact_lines += [field_lines[f] for f in focus if f in field_lines
                               and (f not in texts or not fact_lines)][:1]  # fmt: skip
        file, line = first.file, min(fact_lines) if fact_lines else first.line
        if grouped and own_record and (person := data.staff.get(subject)) is not None:
            # a span, a PTA's or an assessor's count: at the manager's own record, not at
            # the first of those counted (a rep opened the file there and found one of the
            # team: attack round 17, a first hour and scenarios of round 42)
            file, line = person.file, person.line
        shown, shown_limit = value, limit
        if measured_text is None or limit_text is None:  # `measure` leaves them here
            measured_text, limit_said = say_value(value), say_limit(limit)
            if measured_text == limit_said:  # 33.333...% against 33.33%: more places
                shown, shown_limit = apart(value, limit, measured_text, limit_said)
                measured_text, limit_said = say_value(shown), say_limit(shown_limit)
            limit_text = f"{word} {limit_said}"
        if sentence is not None:
            named.x, named.value, named.limit, named._period, named._evidence = (
                x, shown, shown_limit, period, evidence)
            try:
                message = sentence(named)
            except UnsetParam:  # a keyed parameter left unset: that value reads "not given"
                message = explainer.sentence(named)
        else:
            when = f" ({period.describe()})" if period else ""
            message = f"{subject}{when}: {title}: measured {measured_text}, {limit_text}."
        if note:
            message = f"{message} {note}"
        if len(message) > MAX_SENTENCE_CHARS:
            message = said_within(message)
        if grouped and unit_at is not None:  # grouped by unit: that one
            unit = x.keys[unit_at]
        else:  # the record's own, or its staff member's own (the one a group is about: a
            # manager's span, not a report's), else its file's, else its staff member's
            # file's (the first hour of session 38: a region named as a JSON file's unit stood
            # on every finding from it, where a Parquet export of the same data gave each PDU)
            who = x.keys[subject_at] if grouped and staff_subject else None
            # (a file's own unit before a person's file's; but not where the records counted
            # come from files of two units, a chair covering a neighbouring PDU's meetings:
            # the first file by name was theirs, and renaming a file moved the finding to
            # the other unit (scenarios round 50, P3): then the person's own, or their file's)
            theirs, cache = (_NO_UNITS, own_unit_of) if units.get(file) and not (
                who is not None and len(evidence) > 1 and len(
                    {units.get(e.file) for e in evidence}) > 1) else (units, unit_of)
            unit = (_person_unit(who, data.staff, theirs, cache)
                    if isinstance(who, str) and who in data.staff
                    else _own_unit(first, data.staff, theirs, cache)) or units.get(file, "")
        people: tuple[str, ...]
        if grouped:
            if lone_staff_at is not None:
                about = x.keys[lone_staff_at]
                people = (about,) if about.__class__ is str else ()
            else:
                people = tuple(dict.fromkeys(
                    k for k in (x.keys[i] for i in staff_at) if k.__class__ is str))
        else:
            people = _people(x, people_fields)
        add(Finding(rule_id, clause, severity, subject, period, file, line, measured_text,
                    limit_text, value, limit, evidence,
                    tuple([text for text, _ in facts]) if facts else (), message, unit,
                    None, people, counted_in))
    return out


_NO_UNITS: Mapping[str, str] = {}


def _own_unit(record: Any, staff: Mapping[str, m.Staff], units: Mapping[str, str],
              unit_of: dict[str, str]) -> str:  # fmt: skip
    """A record's unit, as a rule's `unit` reads it, where its file names none: its own,
    else its staff member's (theirs, else their file's); "" if none is known. A national
    export of one CSV or Parquet file a list gave every finding no unit (first hour 34).
    `unit_of`: each staff member's, by id, as worked out (100,000 findings name a few
    thousand people)."""
    own = getattr(record, "unit", None)
    if own:
        return str(own)
    if isinstance(record, m.Staff):
        return _person_unit(record.id, staff, units, unit_of)
    fields = _PERSON_FIELDS.get(record.__class__)
    if fields is None:
        fields = _person_fields(record)
    for field in fields:
        who = getattr(record, field, None)
        if isinstance(who, str) and who in staff:
            return _person_unit(who, staff, units, unit_of)
        if isinstance(who, list | tuple) and who:  # a list of people (a session's
            # supervisors): their unit, where they all have one and it is the same
            found = {_person_unit(w, staff, units, unit_of) if w in staff else "" for w in who}
            if len(found) == 1 and "" not in found:
                return found.pop()
    return ""


def _person_unit(who: str, staff: Mapping[str, m.Staff], units: Mapping[str, str],
                 unit_of: dict[str, str]) -> str:  # fmt: skip
    """The unit of the staff member `who` (in `staff`): theirs, else their file's."""
    unit = unit_of.get(who)
    if unit is None:
        person = staff[who]
        unit = unit_of[who] = person.unit or units.get(person.file, "")
    return unit


_PERSON_FIELDS: dict[type, tuple[str, ...]] = {}  # each kind's fields naming a staff member


def _person_fields(record: Any) -> tuple[str, ...]:
    """The fields of `record`'s kind that name one staff member, its subject first (as a
    rule's `unit` reads its person: `typecheck.place`), then those that list staff members."""
    found = next((k for k in m.KINDS.values() if k.cls is record.__class__), None)
    if found is None:
        out: tuple[str, ...] = ()
    else:
        people = [f for f, t in found.fields.items() if t.name == "staff"]
        if found.subject in people:
            people.remove(found.subject)
            people.insert(0, found.subject)
        people += [f for f, t in found.fields.items()
                   if t.name == "list" and t.elem is not None and t.elem.name == "staff"]
        out = tuple(people)
    _PERSON_FIELDS[record.__class__] = out
    return out


def _kind_of(record: Any, kinds: dict[type, tuple[m.Kind, str, Callable[[Any], str]]],
             units: Mapping[str, str]) -> tuple[m.Kind, str, Callable[[Any], str]]:
    """The kind of `record`, its name and how evidence names it, kept in `kinds` by class."""
    k = m.KIND_BY_CLASS[record.__class__]
    found = kinds[record.__class__] = (k, k.name, _namer(k, units))
    return found


__all__ = ["CALENDAR", "CompiledRule", "Env", "Group", "Measured", "Missing",
           "placer", "run_rule"]
