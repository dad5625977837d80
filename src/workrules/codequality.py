"""GitLab's Code Quality report (`--format codequality`): what a merge request's widget and
its diff show on every GitLab tier, from `artifacts: reports: codequality:`.

The report is a JSON array of issues, the subset of the Code Climate format GitLab reads:
`description`, `check_name`, `fingerprint`, `severity` (`info`, `minor`, `major`, `critical`
or `blocker`) and `location` (`path`, relative to the repository, and `lines.begin`). GitLab
keeps one issue of each fingerprint, and tells a merge request's new issues from its target
branch's by them, so each issue's fingerprint is unique in its report and stable:

- a finding: the SHA-256 of its rule, subject and period (kind, start, end), as SARIF's
  `partialFingerprints` (not its wording, file or line: a record moved in its file, or a
  sentence reworded, keeps its issue; a job description's subject, its path, is written as
  `location.path` is, so `./jd/` and `jd/` give one fingerprint); a second finding of the
  same rule, subject and period (two lines of one job description) adds its place among
  them, in the report's order;
- a value a file of the repository set over the policy's, a rule it leaves out, and a rule
  applied in part, each an issue at its file and line, as the `github` format annotates
  them (a raised cap hides its findings: the widget shows it on the line that raised it);
- a file the folders given held that was not read (`Result.files_not_read`): an `info`
  issue at its line 1, saying why;
- a refusal (exit 2): one `blocker` issue a reason, at the file and line it names.

Severities: an error finding is `critical`, a warning `major`, an advisory `minor`, and a
waived finding `info`, its description ending with the waiver; a value set, a rule left out
or applied in part is `minor` (a cap the policy leaves to be agreed, filled in, `info`).
Every string is made inert first (`report.neutralised`), and the JSON is written by orjson
with a fixed layout, so the report is deterministic. Paths are written as the finding gives
them, with forward slashes and no leading `./`: name the folders relative to the
repository's top, as the CI recipes do, for GitLab to find the files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from .errors import UsageError, WorkrulesError, inert
from .findings import Finding, Result
from .report import is_left_out, neutralised, setter

KEY = "workrules codequality v1"
SEVERITY = {"error": "critical", "warning": "major", "advisory": "minor"}
WAIVED = "info"
NOTICE = "minor"
REFUSED = "blocker"


def _hash(*parts: str) -> str:
    key = "\x1f".join((KEY, *parts))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _path(file: str) -> str:
    """A file as GitLab links it: forward slashes, no leading `./` ("." for none)."""
    from .ci_formats import _posix

    return _posix(file) if file else "."


def _issue(description: str, check: str, fingerprint: str, severity: str, file: str,
           line: int) -> dict[str, Any]:  # fmt: skip
    return {"description": description, "check_name": check, "fingerprint": fingerprint,
            "severity": severity,
            "location": {"path": _path(file), "lines": {"begin": max(line, 1)}}}  # fmt: skip


def _finding_key(f: Finding) -> tuple[str, ...]:
    """What a finding's fingerprint hashes: its rule, subject and period; a subject that is
    its file (a job description's) written as `_path` writes it, so that `./jd/pso.md` and
    `jd/pso.md` are one issue."""
    from .ci_formats import _posix

    period = (f.period.kind, f.period.start.isoformat(), f.period.end.isoformat()) if (
        f.period is not None) else ("", "", "")
    subject = _posix(f.subject) if f.subject == f.file else f.subject
    return ("finding", f.rule, subject, *period)


def _named(rule: str, clause: str) -> str:
    return f"{rule} [{clause}]" if clause else rule


def issues(result: Result) -> list[dict[str, Any]]:
    """The findings, then the values a file set, the rules it leaves out and those applied in
    part, as Code Quality issues (the module's docstring says how)."""
    shown = neutralised(result)
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, ...], int] = {}

    def fingerprint(key: tuple[str, ...]) -> str:
        n = seen[key] = seen.get(key, 0) + 1
        return _hash(*key) if n == 1 else _hash(*key, str(n))

    for f, given in zip(shown.findings, result.findings, strict=True):
        said = f"{_named(f.rule, f.clause)}: {f.message}"
        if f.waiver is not None:
            w = f.waiver
            said += f" (waived until {w.until}, agreed by {w.agreed_by}: {w.reason})"
        severity = WAIVED if f.waiver is not None else SEVERITY.get(f.severity, "major")
        out.append(_issue(said, f.rule, fingerprint(_finding_key(given)), severity, f.file,
                          f.line))  # fmt: skip
    for s, given_s in zip(shown.settings, result.settings, strict=True):
        if s.file:
            said = (f"{s.name} {s.value}, set over the policy's value ({s.policy}) by "
                    f"{setter(s)}")  # fmt: skip
            key = ("setting", given_s.name, given_s.file)
            severity = WAIVED if s.policy == "to be agreed" else NOTICE  # (a cap filled in)
            out.append(_issue(said, "workrules-set-over-policy", fingerprint(key), severity,
                              s.file, s.line))  # fmt: skip
    for na, given_na in zip(shown.not_applied, result.not_applied, strict=True):
        if is_left_out(na) or (na.partial and na.file):
            check = "workrules-left-out" if is_left_out(na) else "workrules-applied-in-part"
            said = f"{_named(na.rule, na.clause)}: {na.reason}"
            key = (check, given_na.rule, given_na.file)
            out.append(_issue(said, check, fingerprint(key), NOTICE, na.file, na.line))
    # a file the folders held that was not read, at its line 1: a merge request that adds a
    # job description the gate cannot read shows it in the widget (attack round 34, P7)
    for u, given_u in zip(shown.files_not_read, result.files_not_read, strict=True):
        out.append(_issue(f"Not read by workrules: {u.reason}", "workrules-not-read",
                          fingerprint(("not-read", given_u.file)), WAIVED, u.file, 1))
    return out


def codequality(result: Result) -> str:
    """The result as a GitLab Code Quality report (JSON)."""
    from .ci_formats import json_text

    return json_text(issues(result)) + "\n"


def codequality_errors(errors: Sequence[WorkrulesError]) -> str:
    """A Code Quality report of a run that could not judge: a `blocker` issue a reason."""
    from .ci_formats import json_text

    out = []
    for n, err in enumerate(errors, start=1):
        said = err.cli if isinstance(err, UsageError) and err.cli else err.message
        file = inert(err.file) if err.file else ""
        where = f"{file}:{err.line}: " if file and err.line else f"{file}: " if file else ""
        out.append(_issue(f"workrules could not check this: {inert(where + said)}",
                          "workrules-input-refused",
                          _hash("refused", err.file or "", str(err.line or 0), str(n)),
                          REFUSED, file, err.line or 0))  # fmt: skip
    return json_text(out) + "\n"
