"""What a check returns: findings, the rules it could not apply, and the run as a whole.

All values are frozen attrs classes; `to_dict` gives the JSON form (dates as ISO text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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


# Severities, weakest first, after Sentinel's enforcement levels: an `advisory` finding is
# reported; a `warning` (soft-mandatory) fails the run unless `--fail-on error` overrides it;
# an `error` (hard-mandatory) fails it unless the run is report-only (`--fail-on never`).
SEVERITIES = ("advisory", "warning", "error")
FAIL_ON = ("advisory", "warning", "error", "never")
DEFAULT_FAIL_ON = "warning"
# The rule id of the finding an expired waiver makes (it is no rule of any policy).
EXPIRED_WAIVER = "waiver-expired"


@attrs.frozen
class WaiverInfo:
    """The recorded exception that covers a finding: it is reported as waived, not hidden."""

    rule: str
    subject: str  # the subject or pattern the waiver names
    reason: str
    agreed_by: str
    until: dt.date
    file: str
    line: int


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
    waiver: WaiverInfo | None = None  # set when an agreed exception covers this finding

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
    partial: bool = False  # applied to some records or groups, not to others


@attrs.frozen
class RuleInfo:
    """What a report says about a rule: for SARIF rule metadata, JUnit suites, `explain`."""

    id: str
    clause: str
    title: str
    why: str
    severity: str
    effective: str  # ISO date or parameter name; "" when the rule is always in force
    file: str  # where the rule is written
    line: int


def fails(finding: Finding, fail_on: str) -> bool:
    """Whether `finding` fails a run that fails on `fail_on` and above (waived never fails)."""
    if finding.waiver is not None or fail_on == "never":
        return False
    return SEVERITIES.index(finding.severity) >= SEVERITIES.index(fail_on)


@attrs.frozen
class Result:
    """The outcome of checking one data set against one policy."""

    policy: str
    files: tuple[str, ...]
    findings: tuple[Finding, ...]
    not_applied: tuple[NotApplied, ...]
    rules_applied: int
    rules: tuple[RuleInfo, ...] = ()
    fail_on: str = DEFAULT_FAIL_ON

    def only_for(self, files: Iterable[str]) -> Result:
        """The findings about records in `files` only (the files a pre-commit run passed);
        the data around them was still loaded and checked. An expired waiver is reported
        whichever files were passed: it concerns the whole project."""
        import os

        keep = {os.path.normpath(f) for f in files}
        return attrs.evolve(
            self, files=tuple(f for f in self.files if os.path.normpath(f) in keep),
            findings=tuple(f for f in self.findings
                           if os.path.normpath(f.file) in keep or f.rule == EXPIRED_WAIVER),
        )  # fmt: skip

    @property
    def failing(self) -> tuple[Finding, ...]:
        """The findings that fail the run: not waived, and at or above `fail_on`."""
        return tuple(f for f in self.findings if fails(f, self.fail_on))

    @property
    def exit_code(self) -> int:
        """0: nothing fails the run; 1: some finding does (see `fail_on`)."""
        return 1 if self.failing else 0


def _jsonable(inst: Any, field: Any, value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_dict(value: Any) -> dict[str, Any]:
    return attrs.asdict(value, value_serializer=_jsonable)
