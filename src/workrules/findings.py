"""What a check returns: findings, the rules it could not apply, and the run as a whole.

All values are frozen msgspec Structs (`msgspec.structs.replace` makes a changed copy).
`Result.to_dict()` is the documented JSON form (what
`workrules check --format json` writes: dates as ISO text, tuples as lists, plus
`format_version`, `workrules_version` and `exit_code`); `Result.to_json()` is that form as
text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Final, Literal, TypeGuard

import msgspec

_NO_DAY = dt.date.min  # (dates in data files are held to `limits.DATE_RANGE`, long after it)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


class Period(msgspec.Struct, frozen=True, order=True, gc=False):
    """The day, week or span a finding concerns. `kind` is day | week | month | span."""

    kind: str
    start: dt.date
    end: dt.date

    def describe(self) -> str:
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            return f"week of {self.start.isoformat()}"
        if self.kind == "month":  # "June 2024", in English whatever the locale
            return f"{_MONTHS[self.start.month - 1]} {self.start.year}"
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


class Evidence(msgspec.Struct, frozen=True, order=True, gc=False):
    """One record that makes up a finding: what it is and where it stands."""

    file: str
    line: int
    kind: str
    label: str


# Severities, weakest first, after Sentinel's enforcement levels: an `advisory` finding is
# reported; a `warning` (soft-mandatory) fails the run unless `--fail-on error` overrides it;
# an `error` (hard-mandatory) fails it unless the run is report-only (`--fail-on never`).
Severity = Literal["advisory", "warning", "error"]
FailOn = Literal["advisory", "warning", "error", "never"]
SEVERITIES: tuple[Severity, ...] = ("advisory", "warning", "error")
FAIL_ON: tuple[FailOn, ...] = ("advisory", "warning", "error", "never")
DEFAULT_FAIL_ON: Final = "warning"
# The version of the JSON form (`Result.to_dict`, `--format json`). It goes up when a field is
# removed or renamed, or a field's meaning or type changes; a new field does not bump it, so
# readers must ignore fields they do not know.
JSON_FORMAT_VERSION: Final = 1


def is_severity(value: object) -> TypeGuard[Severity]:
    """Whether `value` is one of SEVERITIES (narrows a `str` for type-checkers)."""
    return value in SEVERITIES


def is_fail_on(value: object) -> TypeGuard[FailOn]:
    """Whether `value` is one of FAIL_ON (narrows a `str` for type-checkers)."""
    return value in FAIL_ON
# The rule id of the finding an expired waiver makes (it is no rule of any policy).
EXPIRED_WAIVER = "waiver-expired"


class WaiverInfo(msgspec.Struct, frozen=True):
    """The recorded exception that covers a finding: it is reported as waived, not hidden."""

    rule: str
    subject: str  # the subject or pattern the waiver names
    reason: str
    agreed_by: str
    until: dt.date
    file: str
    line: int
    # the finding's value it was agreed for (`value = 12` in workrules.toml), or None: it
    # covers then no worse a breach of its rule for its subject (a first hour, round 53, P3)
    value: int | float | str | None = None


def waiver_subject_problem(subject: str) -> str | None:
    """Why a waiver's subject can cover no finding as written, or None: findings name one
    subject each, with no space around it (an id, a unit, a file), so an empty subject, one
    with spaces around it, or a list of several covers nothing, and the agreement it records
    would not be applied. A bracket is refused too: the pattern has `*` and `?` (the
    sixteenth attack's `[!Z]*` waived every subject but those starting with Z)."""
    if not subject.strip():
        return "is empty; name the subject it covers (a staff id, a unit, a file) or a pattern"
    if subject != subject.strip():
        return f"{subject!r} has spaces around it, which no finding's subject has; write " \
               f"{subject.strip()!r}"
    if re.search(r"[,;]\s", subject):
        return (f"{subject!r} names several subjects; a waiver covers one subject or a "
                "pattern (S01*): write one waiver for each")
    if "[" in subject or "]" in subject:  # fnmatch's classes: `[!Z]*` waived everyone
        return (f"{subject!r} holds a bracket, which would make a class of characters "
                "([!Z]* is every subject not starting with Z) where a reader sees an id; a "
                "waiver's pattern has * and ? only: write ? for each bracket of a name that "
                f"holds one ({re.sub(r'[][]', '?', subject)!r})")
    if not (subject.isascii() and subject.isprintable()):
        return _unseen_in_subject(subject)
    return None


def _unseen_in_subject(subject: str) -> str | None:
    """A subject holding a character that does not show, or one that looks like an ASCII
    letter or digit (a full-width S, U+FF33), as ids, units and regions may not (`dataset`): it
    reads as `S010` and covers no finding (attack round 31, P3)."""
    from .dataset import _HIDDEN, escaped, hidden, lookalike, without_hidden

    named = hidden(subject)
    if named is not None:
        shown = _HIDDEN.sub(lambda c: escaped(c.group()), subject)
        clean = without_hidden(subject)
        return (f"'{shown}' holds {named}, which does not show: no finding's subject holds "
                f"one, so it covers no finding where a reader sees '{clean}'; write '{clean}'")
    alike = lookalike(subject)
    if alike is not None:
        return (f"'{subject}' holds {alike[0]}: no finding's subject holds one, so it covers "
                f"no finding where a reader sees '{alike[1]}'; write '{alike[1]}'")
    return None


class Setting(msgspec.Struct, frozen=True):
    """A parameter value a run set over the policy's own (a config's `[set]`, or `--set`):
    reported, so that a cap raised out of reach is seen, not only the findings it hides."""

    name: str  # the parameter, with its key: span_of_control_max[SPO]
    value: str  # the value the run used, in words (12 h)
    policy: str  # the policy's own value, in words ("to be agreed" when it leaves it unset)
    file: str  # the config that set it; "" for the command line
    line: int  # its line in that config (0: none)


class Finding(msgspec.Struct, frozen=True, gc=False):
    """One breach of one rule by one subject in one period, explained."""

    rule: str
    clause: str
    severity: Severity
    subject: str
    period: Period | None
    file: str
    line: int
    measured: str  # the measured value, in words (14 days, 1:7, 9 h)
    limit: str  # the limit, in words (7 days, 1:6, 8 h)
    # the measured value and the limit as a number (a count, hours, days, a percentage) or
    # as text (a ratio's `1:7`, a condition's facts, a date), for machines; `value_unit`
    # says which unit a number is counted in
    value: int | float | str
    limit_value: int | float | str
    evidence: tuple[Evidence, ...]
    facts: tuple[str, ...]  # the conditions that held (or failed), with their values
    message: str
    unit: str = ""  # the organisational unit of the file, where it names one
    waiver: WaiverInfo | None = None  # set when an agreed exception covers this finding
    # Added after `waiver` (a reader that takes the fields in order finds the old ones where
    # they were): the staff ids the finding is about, from the staff fields of its subject
    # (a session's supervisors, a case's practitioner; a person counted per person: that one),
    # so that findings can be summed by person without reading the sentence (a first hour,
    # round 49: a planner's count of people across clauses); and what `value` and
    # `limit_value` are counted in (h, %, days, cases, members per supervisor), from the
    # rule's types and the data model, "" where they are text or a plain number.
    staff: tuple[str, ...] = ()
    value_unit: str = ""

    def sort_key(self) -> tuple[Any, ...]:
        # a finding with no period first, as before any day (its first day is compared as a
        # date: no text made for each of a national check's 100,000 findings)
        period = self.period
        return (self.file, self.line, self.rule, self.subject,
                _NO_DAY if period is None else period.start)

    def when(self) -> str:
        return self.period.describe() if self.period else "-"


class NotApplied(msgspec.Struct, frozen=True):
    """A rule that could not be applied (in full), and why."""

    rule: str
    clause: str
    reason: str
    params: tuple[str, ...]
    partial: bool = False  # applied to some records or groups, not to others
    # where the first record it could not judge is, when one is known (a holder of a grade
    # the policy does not know): a CI annotation stands there, in the pull request's diff,
    # not on the run's summary page alone (attack round 23)
    file: str = ""
    line: int = 0


class LeftOut(msgspec.Struct, frozen=True):
    """A rule of a policy that an extending policy leaves out (`leave out RULE`): not applied,
    and listed as such in every report, with the file and line that left it out."""

    rule: str
    clause: str
    file: str
    line: int
    reason: str = ""  # the `because "..."` given, if any

    def said(self) -> str:
        """`left out by offer.wr:22: Not accepted by the employer`."""
        return f"left out by {self.file}:{self.line}" + (f": {self.reason}" if self.reason
                                                          else "")


class RuleInfo(msgspec.Struct, frozen=True):
    """What a report says about a rule: for SARIF rule metadata, JUnit suites, `explain`."""

    id: str
    clause: str
    title: str
    why: str
    severity: Severity
    effective: str  # ISO date or parameter name; "" when the rule is always in force
    file: str  # where the rule is written
    line: int


def fails(finding: Finding, fail_on: FailOn) -> bool:
    """Whether `finding` fails a run that fails on `fail_on` and above (waived never fails)."""
    if finding.waiver is not None or fail_on == "never":
        return False
    return SEVERITIES.index(finding.severity) >= SEVERITIES.index(fail_on)


class Unread(msgspec.Struct, frozen=True):
    """A rule that read no record: the data holds none of the kind it judges (`records`, in
    words: "timesheets"), so it found nothing, which is not the same as checked and fine."""

    rule: str
    clause: str
    records: str


class FileNotRead(msgspec.Struct, frozen=True):
    """A file a folder given to check holds that was not read (or a folder in it not walked),
    and why, in words (the command line's notes on stderr say the same): a service checking a
    folder upload was told "nothing fails" about a rota it never read (a first hour, round
    44)."""

    file: str
    reason: str


class PolicySource(msgspec.Struct, frozen=True):
    """One file of the policy a run was judged by, as named in messages
    (`policies/claim-2024.wr` for a shipped one), and the SHA-256 of its bytes as read: what
    `sha256sum`, or `git show COMMIT:policies/claim-2024.wr | sha256sum`, gives, so that a
    report made months ago can be traced to the commit whose policy made it."""

    file: str
    sha256: str


class Result(msgspec.Struct, frozen=True):
    """The outcome of checking one data set against one policy."""

    policy: str
    files: tuple[str, ...]
    findings: tuple[Finding, ...]
    not_applied: tuple[NotApplied, ...]
    rules_applied: int
    rules: tuple[RuleInfo, ...] = ()
    fail_on: FailOn = DEFAULT_FAIL_ON
    settings: tuple[Setting, ...] = ()  # the values set over the policy's for the run
    unread: tuple[Unread, ...] = ()  # the rules whose kind of record the data has none of
    today: dt.date | None = None  # the day the run was judged by, when one was given (--today)
    # what the folders given held that was not read (a Word file, a file with no `kind:`)
    files_not_read: tuple[FileNotRead, ...] = ()
    # What made the report, for one read months later (a first hour, round 46: 132 commits of
    # the claim said "0.8.0"); written after `exit_code` in JSON (`_LATER`). The SHA-256 of the
    # policy's files as read, one after another (`sha256:HEX`; "" for a policy not read from
    # files), and each file's own: the policy's file first, then each file it extends.
    policy_digest: str = ""
    policy_files: tuple[PolicySource, ...] = ()
    today_used: dt.date | None = None  # the day the run judged by, given or the real date
    today_given: bool = False  # whether `today_used` was given (`--today`)

    def only_for(self, files: Iterable[str]) -> Result:
        """The findings about records in `files` only (the files a pre-commit run passed):
        those that point at one, or cite one among their evidence (a day's sessions over two
        rotas points at the first, whichever the commit changed); the data around them was
        still loaded and checked. An expired waiver is reported whichever files were passed:
        it concerns the whole project. (Not those about someone listed in a passed staff file:
        a staff list lists everyone, and a new starter would fail the commit on every old
        breach.)"""
        import os

        keep = {os.path.normpath(f) for f in files}
        return msgspec.structs.replace(
            self, files=tuple(f for f in self.files if os.path.normpath(f) in keep),
            findings=tuple(f for f in self.findings
                           if os.path.normpath(f.file) in keep or f.rule == EXPIRED_WAIVER
                           or any(os.path.normpath(e.file) in keep for e in f.evidence)),
        )  # fmt: skip

    @property
    def failing(self) -> tuple[Finding, ...]:
        """The findings that fail the run: not waived, and at or above `fail_on`."""
        return tuple(f for f in self.findings if fails(f, self.fail_on))

    @property
    def exit_code(self) -> int:
        """0: nothing fails the run; 1: some finding does (see `fail_on`)."""
        fail_on = self.fail_on
        return 1 if any(fails(f, fail_on) for f in self.findings) else 0

    def to_dict(self, *, max_evidence: int | None = None) -> dict[str, Any]:
        """The JSON form, ready for `json.dumps`: `format_version` and `workrules_version`,
        then every field in declaration order (findings, rules not applied, ..., `today`, the
        day given to judge by, or None, `files_not_read`), then `exit_code`, then what made
        the report (`policy_digest`, `policy_files`, `today_used`, `today_given`). Dates are ISO
        text, tuples are lists, absent values are None. `--format json` writes exactly this.
        `max_evidence`: each finding lists at most that many of its evidence records, the
        first, and counts the rest in `evidence_not_listed` (as SARIF counts what it leaves
        out); None, the default, lists them all."""
        plain = to_dict(self)
        if max_evidence is not None:
            most = _evidence_bound(max_evidence)
            plain["findings"] = [_evidence_cut(f, most) for f in plain["findings"]]
        later = {name: plain.pop(name) for name in _LATER}
        return {"format_version": JSON_FORMAT_VERSION, "workrules_version": _version(),
                **plain, "exit_code": self.exit_code, **later}  # fmt: skip

    def to_json(self, *, max_evidence: int | None = None) -> str:
        """`to_dict()` as JSON text: the bytes `workrules check --format json` writes
        (`max_evidence` as for `to_dict`)."""
        return self.json_bytes(max_evidence=max_evidence).decode()

    def json_bytes(self, *, max_evidence: int | None = None) -> bytes:
        """`to_json()`, encoded (UTF-8), as orjson writes it."""
        import orjson

        fields = _fields_of(Result) or ()
        body = {"format_version": JSON_FORMAT_VERSION, "workrules_version": _version(),
                **{name: getattr(self, name) for name in fields if name not in _LATER},
                "exit_code": self.exit_code,
                **{name: getattr(self, name) for name in _LATER}}  # fmt: skip
        # the newline written by orjson: a national report is some 130 MB, and `+ "\n"` made
        # one more copy of it at the run's peak
        option = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_APPEND_NEWLINE
        most = None if max_evidence is None else _evidence_bound(max_evidence)
        return orjson.dumps(body, default=_json_defaulter(most), option=option)


# The fields added to the JSON form after `exit_code`, which closed it until then: a reader
# that took the keys in order reads the old ones where they were.
_LATER = ("policy_digest", "policy_files", "today_used", "today_given")


def _evidence_bound(max_evidence: Any) -> int:
    """`max_evidence`, refused (UsageError) unless a whole number of 0 or more."""
    if isinstance(max_evidence, bool) or not isinstance(max_evidence, int) or max_evidence < 0:
        from .errors import UsageError

        raise UsageError(f"max_evidence: expected a whole number of 0 or more (or None, for "
                         f"all), not {max_evidence!r}")  # fmt: skip
    return max_evidence


def _evidence_cut(finding: dict[str, Any], most: int) -> dict[str, Any]:
    """A finding's JSON form with at most `most` evidence records, the first; the rest
    counted in `evidence_not_listed`, after them (a practitioner's 8,000 open cases made one
    finding of 1.1 MB, which a service sent whole to its web page: a first hour, round 44)."""
    evidence = finding["evidence"]
    if len(evidence) <= most:
        return finding
    out: dict[str, Any] = {}
    for name, value in finding.items():
        out[name] = value
        if name == "evidence":
            out[name] = value[:most]
            out["evidence_not_listed"] = len(value) - most
    return out


def _version() -> str:
    """The version of workrules that made the result (JSON's `workrules_version`)."""
    from . import __version__

    return __version__


_AS_IS = frozenset((str, int, float, bool, type(None)))
_FIELDS: dict[type, tuple[str, ...] | None] = {}  # None: neither a Struct nor attrs class


def _fields_of(cls: type) -> tuple[str, ...] | None:
    """The field names of a Struct (or attrs) class, in order; None for any other class."""
    names = _FIELDS.get(cls, ())
    if names == ():
        from .frozen import field_names

        names = _FIELDS[cls] = field_names(cls)
    return names


def _plain(value: Any) -> Any:
    """`value` as JSON data: Structs (and attrs classes) as dicts (fields in order), tuples
    as lists, dates as ISO text. (A national report holds millions of values: each class is
    looked at once.)"""
    cls = value.__class__
    if cls in _AS_IS:
        return value
    if cls is tuple or cls is list:
        return [_plain(v) for v in value]
    names = _fields_of(cls)
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# `Result.to_json` hands orjson the result itself: orjson writes text, numbers, tuples, lists
# and dicts in C, and asks `_json_default` only for what it cannot write (a Struct,
# a date, a tuple or list subclass), which it gets as `_plain` would give it, one level deep.
# The text is the same as `orjson.dumps(result.to_dict())` gives; a national report (120k
# findings) is written 4-5 times faster. Dates come here (OPT_PASSTHROUGH_DATETIME) to be
# written by `isoformat`, as `_plain` writes them: orjson's own form of a datetime differs.
_GETTERS: dict[type, Any] = {}  # a class's instance -> the dict of its fields, in order


def _getter(cls: type, names: tuple[str, ...]) -> Any:
    if hasattr(cls, "__struct_fields__"):
        return msgspec.structs.asdict  # in C: five times quicker than zipping the fields
    import operator

    get: Any = (operator.attrgetter(*names) if len(names) > 1  # a tuple of the values, in C
                else lambda value: tuple(getattr(value, name) for name in names))  # fmt: skip
    return lambda value: dict(zip(names, get(value), strict=True))


def _json_default(value: Any) -> Any:
    getter = _GETTERS.get(value.__class__)
    if getter is not None:
        return getter(value)
    names = _fields_of(value.__class__)
    if names is not None:
        getter = _GETTERS[value.__class__] = _getter(value.__class__, names)
        return getter(value)
    if isinstance(value, tuple | list):
        return list(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):  # passed through with the dates: written as orjson would
        import orjson

        return orjson.Fragment(orjson.dumps(value))
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


def _json_defaulter(max_evidence: int | None = None) -> Any:
    """`_json_default` for one report, the commonest values first and each in one call of
    Python: an evidence entry (180k on national data) or a finding (120k), as a dict made in
    C; a period, written once per Period object (placing shares one among the findings of a
    day or week); a date. `max_evidence`: as `Result.to_dict` takes it."""
    periods: dict[int, dict[str, Any]] = {}
    date, asdict = dt.date, msgspec.structs.asdict

    def default(value: Any) -> Any:
        cls = value.__class__
        if cls is Finding and max_evidence is not None:
            return _evidence_cut(asdict(value), max_evidence)
        if cls is Evidence or cls is Finding:
            return asdict(value)
        if cls is Period:
            plain = periods.get(id(value))  # (the report holds every Period while written)
            if plain is None:
                plain = periods[id(value)] = {
                    name: _json_default(v) if v.__class__ is date else v
                    for name, v in asdict(value).items()}  # fmt: skip
            return plain
        if cls is date:
            return value.isoformat()
        return _json_default(value)

    return default


def to_dict(value: Any) -> dict[str, Any]:
    """Any result value (a Finding, a Period, ...) as JSON data, as `Result.to_dict` gives it."""
    plain = _plain(value)
    assert isinstance(plain, dict)
    return plain
