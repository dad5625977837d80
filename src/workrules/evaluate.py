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
from .dataset import Dataset
from .engine.common import Env, Facts, Group, Measured, Missing
from .engine.python import Explainer, run_rule
from .findings import Evidence, Finding, Period
from .lang import ir
from .lang.ir import CALENDAR
from .render import renderer

CompiledRule = ir.Rule  # the name the other modules know a checked rule by


def _period_of_record(kind: m.Kind, record: Any,
                      period_of: Callable[[str, dt.date], Period] | None = None
                      ) -> Period | None:  # fmt: skip
    """The week or day of a record's first date (`period_of`: the Period of a calendar
    and a day, as `_period_of_key` gives it)."""
    for name in kind.date_fields:
        d = getattr(record, name)
        if d is not None:
            calendar = "week" if name == "week" else "day"
            return (period_of or _period_of_key)(calendar, d)
    return None


def _period_of_key(calendar: str, value: dt.date) -> Period:
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
        return lambda record: str(record.id)  # (`record_label`'s first two cases)
    if kind.subject != "unit":
        return m.record_label

    def label(record: Any) -> str:
        if getattr(record, "unit", "") is None:
            record = m.replace(record, unit=units.get(record.file, "(no unit)"))
        return m.record_label(record)

    return label


def placer(cr: CompiledRule, env: Env, data: Dataset) -> Callable[[Measured], Finding]:
    """What turns one rule's measurements into findings. What is the same for every finding
    of the rule (where its subject, period and unit come from, how its values read) is worked
    out once, here; the sentence is one generated function (`Explainer.sentence`)."""
    want = isinstance(cr.check, ir.Require) and not cr.check.forbid
    explainers: list[Explainer] = []  # bound at the first finding: most rules find none
    rule, kind, keys = cr.head, cr.kind, cr.keys or ()
    subject_key = next((k for k in keys if k.type.name == "staff"), None) or next(
        (k for k in keys if not k.calendar), None)  # fmt: skip
    calendar_key = next((k for k in keys if k.calendar), None)
    unit_key = next((k for k in keys if isinstance(k.get, ir.Place) and k.get.what == "unit"),
                    None)  # fmt: skip
    word = "at most" if getattr(cr.check, "op", "") == "most" else "at least"
    say_value, say_limit, say_key = renderer(cr.value_type), renderer(cr.limit_type), renderer()
    kinds: dict[type, tuple[m.Kind, str, Callable[[Any], str]]] = {}  # by a record's class:
    # its kind, the kind's name, and how evidence names a record of it
    by_place = operator.attrgetter("file", "line")
    units = data.units
    periods: dict[tuple[str, dt.date], Period] = {}  # one Period per value: most recur

    def kind_of(record: Any) -> tuple[m.Kind, str, Callable[[Any], str]]:
        cls = record.__class__
        found = kinds.get(cls)
        if found is None:
            k = m.KIND_BY_CLASS[cls]
            found = kinds[cls] = (k, k.name, _namer(k, units))
        return found

    def period_of(calendar: str, value: dt.date) -> Period:
        found = periods.get((calendar, value))
        if found is None:
            found = periods[calendar, value] = _period_of_key(calendar, value)
        return found

    def place_one(measured: Measured) -> Finding:
        if not explainers:
            explainers.append(Explainer(cr, env, data))
        explainer = explainers[0]
        x, value, facts = measured.x, measured.value, measured.facts
        measured_text = measured.measured
        evidence_records: Sequence[Any] = measured.evidence
        grouped = isinstance(x, Group)
        # What held is worked out here, for the breaches only: the `where` conditions of a
        # record-level rule, and the parts of a require/forbid condition.
        if facts is None and explainer.check is not None:
            facts = tuple(explainer.check(x, not want))
            value = measured_text = "; ".join(f for f, _ in facts)
        if grouped:  # what `among` read is evidence too
            if explainer.among_records is not None:
                own = {id(r) for r in evidence_records}  # an `among` of the rule's own kind
                evidence_records = (*evidence_records, *(
                    r for r in explainer.among_records(x.keys, x.records) if id(r) not in own))
        elif explainer.where is not None:
            facts = tuple(explainer.where(x, True)) + (facts or ())
        if len(evidence_records) > 1:
            evidence_records = sorted(evidence_records, key=by_place)
        evidence = []
        first = None  # a record of the rule's own kind, before any that `among` read
        for r in evidence_records:
            k, name, label = kinds.get(r.__class__) or kind_of(r)
            if first is None and k is kind:
                first = r
            evidence.append(Evidence(r.file, r.line, name, label(r)))
        if first is None:
            first = evidence_records[0]
        period = measured.period
        if grouped:
            subject = (say_key(x.keys[subject_key.position]) if subject_key is not None
                       else rule.id)  # fmt: skip
            if period is None and calendar_key is not None:
                period = period_of(calendar_key.calendar, x.keys[calendar_key.position])
        else:
            subject = str(getattr(x, kind.subject))
            if period is None:
                period = _period_of_record(kind, x, period_of)
        fact_lines = [line for _, line in facts or () if line is not None]
        if cr.focus:
            field_lines = dict(getattr(x, "field_lines", ()))
            fact_lines += [field_lines[f] for f in cr.focus if f in field_lines][:1]
        file, line = first.file, min(fact_lines) if fact_lines else first.line
        if measured_text is None or measured.limit_text is None:  # `measure` leaves them here
            measured_text = say_value(value)
            limit_text = f"{word} {say_limit(measured.limit)}"
        else:
            limit_text = measured.limit_text
        if cr.template:
            message = explainer.sentence(Facts(x, value, measured.limit, period, evidence,
                                               rule.clause, rule.id))  # fmt: skip
        else:
            when = f" ({period.describe()})" if period else ""
            message = (f"{subject}{when}: {rule.title or rule.id}: measured {measured_text}, "
                       f"{limit_text}.")  # fmt: skip
        if measured.note:
            message = f"{message} {measured.note}"
        unit = units.get(file, "")
        if grouped and unit_key is not None:  # the group's unit, wherever its records are
            unit = x.keys[unit_key.position]
        return Finding(
            rule=rule.id, clause=rule.clause, severity=rule.severity, subject=subject,
            period=period, file=file, line=line, measured=measured_text,
            limit=limit_text, value=value, limit_value=measured.limit,
            evidence=tuple(evidence), facts=tuple([text for text, _ in facts]) if facts else (),
            message=message, unit=unit,
        )  # fmt: skip

    return place_one


__all__ = ["CALENDAR", "CompiledRule", "Env", "Group", "Measured", "Missing",
           "placer", "run_rule"]
