"""What a check returns: findings, the rules it could not apply, and the run as a whole.

All values are frozen attrs classes; `to_dict` gives the JSON form (dates as ISO text).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs


@attrs.frozen(order=True)
class Period:
    """The day, week or span a finding concerns. `kind` is day | week | month | span."""

    kind: str
    start: dt.date
    end: dt.date

    def describe(self) -> str:
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            return f"week of {self.start.isoformat()}"
        if self.kind == "month":
            return self.start.strftime("%Y-%m")
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@attrs.frozen(order=True)
class Evidence:
    """One record that makes up a finding: what it is and where it stands."""

    file: str
    line: int
    kind: str
    label: str


@attrs.frozen
class Finding:
    """One breach of one rule by one subject in one period, explained."""

    rule: str
    clause: str
    severity: str
    subject: str
    period: Period | None
    file: str
    line: int
    measured: str  # the measured value, in words (14 days, 1:7, 9 h)
    limit: str  # the limit, in words (7 days, 1:6, 8 h)
    value: Any  # the measured value as a number or text, for machines
    limit_value: Any
    evidence: tuple[Evidence, ...]
    facts: tuple[str, ...]  # the conditions that held (or failed), with their values
    message: str
    unit: str = ""  # the organisational unit of the file, where it names one

    def sort_key(self) -> tuple[Any, ...]:
        period = self.period.start.isoformat() if self.period else ""
        return (self.file, self.line, self.rule, self.subject, period)

    def when(self) -> str:
        return self.period.describe() if self.period else "-"


@attrs.frozen
class NotApplied:
    """A rule that could not be applied (in full), and why."""

    rule: str
    clause: str
    reason: str
    params: tuple[str, ...]


@attrs.frozen
class Result:
    """The outcome of checking one data set against one policy."""

    policy: str
    files: tuple[str, ...]
    findings: tuple[Finding, ...]
    not_applied: tuple[NotApplied, ...]
    rules_applied: int

    @property
    def exit_code(self) -> int:
        return 1 if self.findings else 0


def _jsonable(inst: Any, field: Any, value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_dict(value: Any) -> dict[str, Any]:
    return attrs.asdict(value, value_serializer=_jsonable)
