"""Reporters: a Result as text for people or machines. Add a format by adding one function.

Every reporter is deterministic: the same Result gives byte-identical output.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable
from typing import Any

import attrs

from .errors import printable
from .findings import Finding, Result

# ----------------------------------------------------------------------------- neutralising
# Every string of a Result may come from the checked repository (ids, names, labels, file
# names, a policy's titles and sentences), which may be hostile. Before any format is
# written, each is made inert: controls, line breaks, bidi controls and lone surrogates are
# written as escapes (`errors.printable`), so no value can end a line, start a new one, move
# the cursor or reorder the text; a relative path that starts with `:` is written `./:...`, so
# that no line of the text report can start with a workflow command; and the old-style
# `##[` command marker, which the Actions runner heeds anywhere in a line, loses its bracket.


_COMMAND_START = re.compile(r"(?m)^([ \t]*)::")


def no_command_lines(text: str) -> str:
    """`text` with no line that starts (after blanks) with `::`, the mark of a GitHub Actions
    workflow command, which the runner obeys in any log line (the pre-commit hook's text
    report runs in Actions too). Values cannot start a line once neutralised; this is the
    last guard, written as the Actions toolkit escapes a colon."""
    return _COMMAND_START.sub(r"\1%3A%3A", text)


def neutralised(result: Result) -> Result:
    """`result` with every string made inert (the same object when nothing needed it)."""
    cleaned: Result = _inert(result, {}, "")
    return cleaned


_FIELDS: dict[type, tuple[str, ...]] = {}
_PLAIN = frozenset((int, float, bool, type(None), dt.date))  # nothing in them to make inert


def _text(value: str, memo: dict[str, str], name: str) -> str:
    out = memo.get(value)
    if out is None:
        out = printable(value)
        if "##[" in out:
            out = out.replace("##[", "##\\[")
        memo[value] = out = value if out == value else out  # the same object if unchanged
    if out[:1] == ":" and name in ("file", "files"):
        out = "./" + out
    return value if out == value else out


def _inert(value: Any, memo: dict[str, str], name: str) -> Any:
    cls = value.__class__
    if cls is str:
        return _text(value, memo, name)
    if cls in _PLAIN:
        return value
    if cls is tuple:
        items = [_inert(v, memo, name) for v in value]
        return value if all(map(operator.is_, items, value)) else tuple(items)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in attrs.fields(cls)) if attrs.has(cls) else ()
    changes = {}
    for field in names:
        old = getattr(value, field)
        kind = old.__class__
        if kind in _PLAIN:
            continue
        new = _text(old, memo, field) if kind is str else _inert(old, memo, field)
        if new is not old:
            changes[field] = new
    return attrs.evolve(value, **changes) if changes else value


def _not_applied_lines(result: Result) -> list[str]:
    if not result.not_applied:
        return []
    lines = ["", f"Not applied ({len(result.not_applied)} rules):"]
    for na in result.not_applied:
        lines.append(f"  {na.rule} [{na.clause}]: {na.reason}")
    return lines


def _summary(result: Result) -> str:
    count = len(result.findings)
    noun = "finding" if count == 1 else "findings"
    files = len(result.files)
    waived = sum(1 for f in result.findings if f.waiver is not None)
    failing = len(result.failing)
    waived_text = f" ({waived} waived)" if waived else ""
    verdict = (f"{failing} fail{'s' if failing == 1 else ''} the run (--fail-on "
               f"{result.fail_on})" if count else "nothing to report")  # fmt: skip
    return (f"{count} {noun}{waived_text} from {result.rules_applied} rules of policy "
            f"{result.policy} over {files} file{'s' if files != 1 else ''}; {verdict}.")


def waiver_text(f: Finding) -> str:
    """`waived until DATE, agreed by WHO: REASON`, or an empty string."""
    w = f.waiver
    if w is None:
        return ""
    return f"waived until {w.until}, agreed by {w.agreed_by}: {w.reason} ({w.file}:{w.line})"


def finding_details(f: Finding) -> list[str]:
    """A finding's line, then its subject, period, values, facts, evidence and waiver, indented
    (the text report's block; the JUnit report reuses it)."""
    lines = [finding_line(f)]
    lines.append(f"    subject {f.subject}; {f.when()}; measured {f.measured}, limit {f.limit}")
    if f.facts:
        lines.append(f"    because {'; '.join(f.facts)}")
    lines.append("    evidence " + ", ".join(f"{e.label} ({e.file}:{e.line})"
                                            for e in f.evidence))  # fmt: skip
    if f.waiver is not None:
        lines.append(f"    {waiver_text(f)}")
    return lines


def text(result: Result) -> str:
    """One `file:line: rule [clause] sentence` line per finding, with its details indented."""
    result = neutralised(result)
    lines: list[str] = []
    for f in result.findings:
        lines.extend(finding_details(f))
    lines.extend(_not_applied_lines(result))
    lines.append(_summary(result))
    return no_command_lines("\n".join(lines) + "\n")


def table(result: Result) -> str:
    """A table of findings (tabulate), each with its sentence, then what was not applied."""
    from tabulate import tabulate

    result = neutralised(result)
    rows = [
        [f"{f.file}:{f.line}", f"{f.rule}\n[{f.clause}]", f.subject, f.when(),
         f"{f.measured}\n({f.limit})", ", ".join(e.label for e in f.evidence),
         f.message + (f"\n[{waiver_text(f)}]" if f.waiver else "")]
        for f in result.findings
    ]  # fmt: skip
    out: list[str] = []
    if rows:
        out.append(tabulate(
            rows, headers=["where", "rule", "subject", "when", "measured (limit)", "evidence",
                           "finding"],
            tablefmt="simple_grid", maxcolwidths=[24, 22, 14, 14, 18, 20, 60],
            disable_numparse=True,  # values as written: an id "1e999" is not "inf"
        ))  # fmt: skip
    out.extend(_not_applied_lines(result))
    out.append(_summary(result))
    return no_command_lines("\n".join(out).lstrip("\n") + "\n")


def as_json(result: Result) -> str:
    """The whole result (`Result.to_json`): format version, findings, rules not applied, the
    exit code. Dates are ISO text; the layout is fixed (two-space indent, fields in declaration
    order), so output is byte-identical."""
    return neutralised(result).to_json()


# The CI formats live in ci_formats; they are imported only when asked for, so that
# `import workrules.report` (and the CLI's start-up) stays cheap.


def sarif(result: Result) -> str:
    """SARIF 2.1.0, for code scanning (see `ci_formats.sarif`)."""
    from .ci_formats import sarif

    return sarif(result)


def junit(result: Result) -> str:
    """JUnit XML: a suite per rule, a test case per rule and subject (see `ci_formats.junit`)."""
    from .ci_formats import junit

    return junit(result)


def github(result: Result) -> str:
    """GitHub Actions workflow commands: an annotation per finding (see `ci_formats.github`)."""
    from .ci_formats import github

    return github(result)


REPORTER_BY_NAME: dict[str, Callable[[Result], str]] = {
    "table": table,
    "text": text,
    "json": as_json,
    "sarif": sarif,
    "junit": junit,
    "github": github,
}


def finding_line(f: Finding) -> str:
    waived = " (waived)" if f.waiver is not None else ""
    return f"{f.file}:{f.line}: {f.rule} [{f.clause}]{waived} {f.message}"
