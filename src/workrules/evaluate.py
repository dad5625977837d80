"""Place what an engine measured: the clause, the subject, the period, the file and line,
the facts that held and the sentence, as yamllint's linter places what its rules yield.

A rule is type-checked into its IR (`lang.typecheck`), run by an engine (`engine.python`),
and what the run yields (`Measured`) is placed here. See docs/architecture.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from . import model as m
from .dataset import Dataset
from .engine.common import Env, Facts, Group, Measured, Missing
from .engine.python import Explainer, run_rule
from .errors import PolicyError
from .findings import Evidence, Finding, Period
from .lang import ir
from .lang import nodes as n
from .lang.typecheck import CALENDAR
from .render import render

CompiledRule = ir.Rule  # the name the other modules know a checked rule by


def _period_of_record(kind: m.Kind, record: Any) -> Period | None:
    for name in kind.date_fields:
        d = getattr(record, name)
        if d is not None:
            if name == "week":
                return Period("week", d, d + dt.timedelta(days=6))
            return Period("day", d, d)
    return None


def _period_of_key(calendar: str, value: dt.date) -> Period:
    if calendar == "day":
        return Period("day", value, value)
    if calendar == "week":
        return Period("week", value, value + dt.timedelta(days=6))
    nxt = (value.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return Period("month", value, nxt - dt.timedelta(days=1))


def placer(cr: CompiledRule, env: Env, data: Dataset) -> Callable[[Measured], Finding]:
    """What turns one rule's measurements into findings."""
    want = isinstance(cr.check, ir.Require) and not cr.check.forbid
    explainers: list[Explainer] = []  # bound at the first finding: most rules find none

    def place_one(measured: Measured) -> Finding:
        if not explainers:
            explainers.append(Explainer(cr, env, data))
        explainer = explainers[0]
        # What held is worked out here, for the breaches only: the `where` conditions of a
        # record-level rule, and the parts of a require/forbid condition.
        where_facts, check_facts = explainer.where, explainer.check
        if measured.facts is None and check_facts is not None:
            facts = tuple(check_facts(measured.x, not want))
            text = "; ".join(f for f, _ in facts)
            measured = attrs.evolve(measured, value=text, measured=text, facts=facts)
        if isinstance(measured.x, Group):  # what `among` read is evidence too
            own = {id(r) for r in measured.evidence}  # an `among` of the rule's own kind
            extra = tuple(r for r in explainer.among_records(measured.x.keys) if id(r) not in own)
            if extra:
                measured = attrs.evolve(measured, evidence=measured.evidence + extra)
        if where_facts is not None and not isinstance(measured.x, Group):
            measured = attrs.evolve(measured, facts=tuple(where_facts(measured.x, True))
                                    + (measured.facts or ()))  # fmt: skip
        return place(cr, measured, data, explainer)

    return place_one


def _texts(cr: CompiledRule, measured: Measured) -> tuple[str, str]:
    """The measured value and the limit in words. A `measure` check leaves them to here, so
    only breaches that are reported pay for rendering."""
    if measured.measured is not None and measured.limit_text is not None:
        return measured.measured, measured.limit_text
    word = "at most" if getattr(cr.check, "op", "") == "most" else "at least"
    return (render(measured.value, cr.value_type),
            f"{word} {render(measured.limit, cr.limit_type)}")  # fmt: skip


def _label(record: Any, data: Dataset) -> str:
    """A record as evidence names it; a unit's record without its own unit (funded posts,
    unallocated cases) is named by its file's unit."""
    if getattr(record, "unit", "") is None and m.KIND_BY_CLASS[type(record)].subject == "unit":
        record = m.replace(record, unit=data.units.get(record.file, "(no unit)"))
    return m.record_label(record)


def place(cr: CompiledRule, measured: Measured, data: Dataset,
          explainer: Explainer) -> Finding:  # fmt: skip
    """Attach subject, period, location, evidence and the sentence to a measurement."""
    x = measured.x
    rule = cr.rule
    evidence_records = sorted(measured.evidence, key=lambda r: (r.file, r.line))
    evidence = tuple(
        Evidence(r.file, r.line, m.KIND_BY_CLASS[type(r)].name, _label(r, data))
        for r in evidence_records
    )
    period = measured.period
    if isinstance(x, Group):
        assert cr.keys is not None
        subject_key = next((k for k in cr.keys if k.type.name == "staff"), None) or next(
            (k for k in cr.keys if not k.calendar), None
        )
        subject = render(x.keys[subject_key.position]) if subject_key is not None else rule.id
        if period is None:
            cal = next((k for k in cr.keys if k.calendar), None)
            if cal is not None:
                period = _period_of_key(cal.calendar, x.keys[cal.position])
    else:
        subject = str(getattr(x, cr.kind.subject))
        if period is None:
            period = _period_of_record(cr.kind, x)
    fact_lines = [line for _, line in measured.facts or () if line is not None]
    field_lines = dict(getattr(x, "field_lines", ()))
    fact_lines += [field_lines[f] for f in cr.focus if f in field_lines][:1]
    # a record of the rule's own kind, before any that `among` read
    first = next((r for r in evidence_records if m.KIND_BY_CLASS[type(r)] is cr.kind),
                 evidence_records[0])  # fmt: skip
    if fact_lines:
        file, line = first.file, min(fact_lines)
    else:
        file, line = first.file, first.line
    facts = tuple(text for text, _ in measured.facts or ())
    message = _sentence(cr, measured, explainer, subject, period, evidence)
    if measured.note:
        message = f"{message} {measured.note}"
    measured_text, limit_text = _texts(cr, measured)
    unit = data.units.get(file, "")
    if isinstance(x, Group):  # grouped `per unit`: the group's unit, wherever its records are
        key = next((k for k in cr.keys or () if isinstance(k.get, ir.Place)
                    and k.get.what == "unit"), None)  # fmt: skip
        if key is not None:
            unit = x.keys[key.position]
    return Finding(
        rule=rule.id, clause=rule.clause, severity=rule.severity, subject=subject,
        period=period, file=file, line=line, measured=measured_text,
        limit=limit_text, value=measured.value, limit_value=measured.limit,
        evidence=evidence, facts=facts, message=message, unit=unit,
    )  # fmt: skip


def _sentence(cr: CompiledRule, measured: Measured, explainer: Explainer, subject: str,
              period: Period | None, evidence: tuple[Evidence, ...]) -> str:  # fmt: skip
    rule = cr.rule
    if not cr.template:
        what = rule.title or rule.id
        when = f" ({period.describe()})" if period else ""
        measured_text, limit_text = _texts(cr, measured)
        return f"{subject}{when}: {what}: measured {measured_text}, {limit_text}."
    facts = Facts(
        x=measured.x, value=measured.value, limit=measured.limit,
        start=period.start if period else None, end=period.end if period else None,
        period=period.describe() if period else "", evidence=", ".join(e.label for e in evidence),
        clause=rule.clause, rule=rule.id,
    )  # fmt: skip
    return "".join(explainer.sentence(facts))


def check_names(rules: Iterable[CompiledRule]) -> None:
    """Rule ids are unique within one policy (a base's rules may be replaced by id)."""
    seen: dict[str, n.Rule] = {}
    for cr in rules:
        if cr.id in seen:
            first = seen[cr.id]
            raise PolicyError(f"rule id '{cr.id}' is used twice (first at line {first.pos.line})",
                              file=cr.rule.pos.file, line=cr.rule.pos.line,
                              column=cr.rule.pos.column)  # fmt: skip
        seen[cr.id] = cr.rule


__all__ = ["CALENDAR", "CompiledRule", "Env", "Group", "Measured", "Missing",
           "placer", "run_rule"]
