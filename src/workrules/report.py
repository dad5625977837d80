"""Reporters: a Result as text for people or machines. Add a format by adding one function.

Every reporter is deterministic: the same Result gives byte-identical output.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import re
from collections.abc import Callable, Sequence
from typing import Any

from .errors import LOG_COMMAND, no_log_commands, printable, unbracketed
from .findings import FailOn, Finding, NotApplied, Result, Setting, fails
from .frozen import field_names, replace

# ----------------------------------------------------------------------------- neutralising
# Every string of a Result may come from the checked repository (ids, names, labels, file
# names, a policy's titles and sentences), which may be hostile. Before any format is
# written, each is made inert: controls, line breaks, bidi controls and lone surrogates are
# written as escapes (`errors.printable`), so no value can end a line, start a new one, move
# the cursor or reorder the text; a relative path that starts with `:` is written `./:...`, so
# that no line of the text report can start with a workflow command; and the command markers
# a CI runner heeds anywhere in a line (Actions' old `##[`, Azure Pipelines' `##vso[`,
# TeamCity's `##teamcity[`: `errors.no_log_commands`) lose their bracket.


def no_command_lines(text: str) -> str:
    """`text` with no line that starts (after any blanks, a no-break space too) with `::`, the
    mark of a GitHub Actions workflow command, which the runner obeys in any log line (the
    pre-commit hook's text report runs in Actions too), and no `##WORD[` (Azure Pipelines'
    `##vso[`). Values cannot start a line once neutralised; this is the last guard, written
    as the Actions toolkit escapes a colon (`errors.no_log_commands`)."""
    return no_log_commands(text)


def neutralised(result: Result) -> Result:
    """`result` with every string made inert (the same object when nothing needed it)."""
    memo: dict[str, str] = {}
    changes = _changes(result, memo, skip="findings")
    findings = _inert_findings(result.findings, memo)
    if findings is not result.findings:
        changes["findings"] = findings
    return replace(result, **changes) if changes else result


_FIELDS: dict[type, tuple[str, ...]] = {}
_PLAIN = frozenset((int, float, bool, type(None), dt.date))  # nothing in them to make inert
_NONE = type(None)
_FILE_FIELDS = ("file", "files")  # whose relative paths may not start with `:`


_LOG_COMMAND_BYTES = re.compile(LOG_COMMAND.pattern.encode())


def _text(value: str, memo: dict[str, str], name: str) -> str:
    out = memo.get(value)
    if out is None:
        out = printable(value)
        out = unbracketed(out)
        memo[value] = out = value if out == value else out  # the same object if unchanged
    if out[:1] == ":" and name in _FILE_FIELDS:
        out = "./" + out
    return value if out == value else out


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = field_names(cls) or ()
    return names


def _changes(value: Any, memo: dict[str, str], skip: str = "") -> dict[str, Any]:
    """The fields of the Struct `value` that change when made inert, made so."""
    changes = {}
    for field in _fields(value.__class__):
        if field == skip:
            continue
        old = getattr(value, field)
        kind = old.__class__
        if kind in _PLAIN:
            continue
        new = _text(old, memo, field) if kind is str else _inert(old, memo, field)
        if new is not old:
            changes[field] = new
    return changes


def _inert(value: Any, memo: dict[str, str], name: str) -> Any:
    cls = value.__class__
    if cls is str:
        return _text(value, memo, name)
    if cls in _PLAIN:
        return value
    if cls is tuple:
        items = [_inert(v, memo, name) for v in value]
        return value if all(map(operator.is_, items, value)) else tuple(items)
    changes = _changes(value, memo)
    return replace(value, **changes) if changes else value


# A national check reports 100k findings, nearly always with nothing to make inert. Rather than
# walk each one, the findings are looked at a block at a time, field by field across the block
# (C-speed passes): when no string in the block holds a character `printable` escapes or a
# `##WORD[`, and no file field starts with `:`, the block is kept as it is; otherwise each of its
# findings goes through `_inert`, as every finding used to. The quick look only ever answers
# "clean" when `_inert` would change nothing, so the output is the same either way.
_BLOCK = 1024
_SEP = " "  # between values: neither escaped nor part of `##WORD[` (nor of a leading `:`)


def _inert_findings(findings: tuple[Finding, ...], memo: dict[str, str]) -> tuple[Finding, ...]:
    out: list[Finding] = []
    changed = False
    for start in range(0, len(findings), _BLOCK):
        block = findings[start:start + _BLOCK]
        if _clean(block, "findings"):
            out.extend(block)
            continue
        for f in block:
            new = _inert(f, memo, "findings")
            changed = changed or new is not f
            out.append(new)
    return tuple(out) if changed else findings


def _clean(values: Sequence[Any], name: str) -> bool:
    """Whether `_inert(v, {}, name)` is `v` for every one of `values` (all of one field, or
    all items of tuples of one field): False when in doubt."""
    kinds = set(map(type, values))
    if _NONE in kinds and len(kinds) > 1:  # an optional field: look at those that are set
        kinds.discard(_NONE)
        values = [v for v in values if v is not None]
    if kinds <= _PLAIN:
        return True
    if str in kinds and kinds <= _PLAIN | {str}:
        texts = values if len(kinds) == 1 else [v for v in values if v.__class__ is str]
        joined = _SEP.join(texts)
        if not joined.isprintable() and printable(joined) is not joined:
            return False  # (`isprintable` is False for all `printable` escapes, and more)
        if "##" in joined and LOG_COMMAND.search(joined):
            return False
        return name not in _FILE_FIELDS or not (joined[:1] == ":" or _SEP + ":" in joined)
    if kinds == {tuple}:
        return _clean(list(itertools.chain.from_iterable(values)), name)
    if len(kinds) != 1:
        return False
    (cls,) = kinds
    names = _fields(cls)
    if not names:
        return False  # left as it is by `_inert`, but nothing this block expects
    return all(_clean(list(map(operator.attrgetter(field), values)), field) for field in names)


def setter(s: Setting) -> str:
    """Who set a value over the policy's: `--set`, or the config's file and line."""
    return "--set" if not s.file else f"{s.file}:{s.line}" if s.line else s.file


def _settings_lines(result: Result, quiet: bool = False) -> list[str]:
    """The values set over the policy's (a config's `[set]`, `--set`): a cap raised out of
    reach hides its findings, so what the run used is said beside what it found. `quiet`:
    only those a file set (a config a pull request may change), not the command line's."""
    settings = [s for s in result.settings if s.file or not quiet]
    if not settings:
        return []
    lines = ["", f"Values set for this run, over the policy's ({len(settings)}):"]
    lines.extend(f"  {s.name} {s.value} (the policy's: {s.policy}; set by {setter(s)})"
                 for s in settings)  # fmt: skip
    return lines


def is_left_out(na: NotApplied) -> bool:
    """Whether `na` is a rule the policy leaves out (`leave out RULE`, said by
    `findings.LeftOut.said` at the line that left it out): a choice a file of the repository
    made, listed under `--quiet` as a value set is, never a notice to leave out."""
    return not na.partial and bool(na.file) and na.reason.startswith("left out by ")


def left_out_only(result: Result) -> Result:
    """`result` with, of its rules not applied, only those the policy leaves out: what a
    quiet report keeps (attack round 29, P1: `-q` dropped a `leave out` from every report a
    person reads, where it kept the values set, though a rule left out decides more)."""
    return replace(result, not_applied=tuple(filter(is_left_out, result.not_applied)))


def _not_applied_lines(result: Result) -> list[str]:
    """The rules that judged nothing under "Not applied", then those that judged some records
    and not others under "Applied in part": a rule applied in part may have made findings, and
    under "Not applied" a listener heard that its clause was not applied just after a finding
    of it (a first hour, round 47)."""
    lines: list[str] = []
    for partial, heading in ((False, "Not applied"), (True, "Applied in part")):
        rules = [na for na in result.not_applied if na.partial is partial]
        if rules:
            many = len(rules)
            lines += ["", f"{heading} ({many} rule{'' if many == 1 else 's'}):"]
            lines.extend(f"  {na.rule} [{na.clause}]: {na.reason}" for na in rules)
    return lines


def _unread_lines(result: Result) -> list[str]:
    """The rules that read no record, in one line: the kinds of record the data has none of
    (its rule ids are in the JSON, SARIF and JUnit reports)."""
    if not result.unread:
        return []
    many = len(result.unread)
    kinds = list(dict.fromkeys(u.records for u in result.unread))
    return ["", f"Nothing to check ({many} rule{'' if many == 1 else 's'}): the data has no "
            f"{_listed(kinds)}, the records {'this rule judges' if many == 1 else 'they judge'}."]


def _listed(words: Sequence[str]) -> str:
    """`a`, `a or b`, `a, b or c`."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _summary(result: Result) -> str:
    count = len(result.findings)
    noun = "finding" if count == 1 else "findings"
    files = len(result.files)
    waived = sum(1 for f in result.findings if f.waiver is not None)
    failing = len(result.failing)
    waived_text = f" ({waived} waived)" if waived else ""
    chosen = next((f"fail-on {s.value}, set by {setter(s)}" for s in result.settings
                   if s.name == "fail-on"), f"--fail-on {result.fail_on}")  # fmt: skip
    partial = sum(1 for na in result.not_applied if na.partial)
    if count:
        verdict = f"{failing} fail{'s' if failing == 1 else ''} the run ({chosen})"
    else:  # not "nothing to report" where someone, or some file, was not judged or shown
        said = []
        if any(s.name == "data" for s in result.settings):  # (`api._only_for_named`)
            said.append("the config's data has findings not shown (see the values set for "
                        "this run)")
        if partial:
            said.append(f"{partial} rule{'s' if partial != 1 else ''} could not judge every "
                        "record (see the rules applied in part)")
        if any(s.name == "no rule reads the data's" for s in result.settings):
            # (`api._unread_kinds_shown`: attack round 27, P3)
            said.append("no rule of the policy read some of the records given (see the values "
                        "set for this run)")
        verdict = f"none found, but {' and '.join(said)}" if said else "nothing to report"
    rules = "rule" if result.rules_applied == 1 else "rules"
    return (f"{count} {noun}{waived_text} from {result.rules_applied} {rules} of policy "
            f"{result.policy} over {files} file{'s' if files != 1 else ''}; {verdict}.")


def summary_line(result: Result) -> str:
    """`_summary(neutralised(result))`, without making the findings inert: the summary reads of
    them only how many there are, are waived and fail the run, which making text inert leaves
    as they are (a waiver stays given, a severity one of `SEVERITIES`). The one line the
    command line writes on stderr beside `-o FILE` walked every finding for it: 0.4 s of a
    national check's 5.8 s of CPU (benchmarks/README.md, session 52)."""
    findings = result.findings
    return _summary(replace(neutralised(replace(result, findings=())), findings=findings))


def made_by(result: Result) -> str:
    """What made the report, in one line a person can quote: the policy by name and the first
    12 hex digits of its digest, the workrules version, and the day it judged by (a first
    hour, round 46: a grievance's text report named neither, and 132 commits of the claim said
    "0.8.0"). The whole digest, and each file's, are in the JSON, SARIF and HTML reports."""
    from . import __version__

    digest = result.policy_digest
    if digest.startswith("sha256:"):
        digest = digest[:len("sha256:") + 12]
    policy = " ".join(filter(None, (result.policy, digest)))
    day = result.today_used or result.today
    when = "" if day is None else (
        f", judged as on {day} ({f'--today {day}' if result.today_given else 'the day it ran'})")
    return f"Made by policy {policy} and workrules {__version__}{when}."


def _made_by_lines(result: Result) -> list[str]:
    """`made_by`'s line, in every report: what is pasted into a grievance, and what a clean
    report kept in a meeting pack is traced by (it was left out of a report with no findings
    until the scenarios of round 51, P6: a clean report is evidence too). A hook shows its
    output only when it fails, so a clean commit's run stays silent."""
    return [made_by(result)]


def waiver_text(f: Finding) -> str:
    """`waived until DATE, agreed by WHO: REASON`, or an empty string."""
    w = f.waiver
    if w is None:
        return ""
    return f"waived until {w.until}, agreed by {w.agreed_by}: {w.reason} ({w.file}:{w.line})"


def severity_text(f: Finding, fail_on: FailOn) -> str:
    """A finding's severity in words, and whether it fails a run that fails on `fail_on`:
    `advisory: does not fail the run`, `error: fails the run`, `warning, waived: does not fail
    the run`. (A first hour, round 47: in the text and the table an advisory finding differed
    from a failing one by its colour alone, which a screen reader does not say.)"""
    if f.waiver is not None:
        return f"{f.severity}, waived: does not fail the run"
    return f"{f.severity}: {'fails' if fails(f, fail_on) else 'does not fail'} the run"


def finding_details(f: Finding, fail_on: FailOn | None = None) -> list[str]:
    """A finding's line, then (given `fail_on`) its severity in words, then its subject,
    period, values, facts, evidence and waiver, indented (the text report's block; the JUnit
    report reuses it, without the severity, which its failures' types say)."""
    lines = [finding_line(f)]
    if fail_on is not None:
        lines.append(f"    {severity_text(f, fail_on)}")
    lines.append(f"    subject {f.subject}; {f.when()}; measured {f.measured}, limit {f.limit}")
    if f.facts:
        lines.append(f"    because {'; '.join(f.facts)}")
    lines.append("    evidence " + ", ".join(f"{e.label} ({e.file}:{e.line})"
                                            for e in f.evidence))  # fmt: skip
    if f.waiver is not None:
        lines.append(f"    {waiver_text(f)}")
    return lines


def text(result: Result, *, quiet: bool = False, colour: bool = False) -> str:
    """One `file:line: rule [clause] sentence` line per finding, with its details indented.

    `quiet`: the findings only (no rules-not-applied notices, no summary), with the rules
    the policy leaves out and the values a file set, which decide what the gate sees. `colour`: SGR
    colour codes around the location, the rule (by severity) and the summary, added to text
    already made inert, so no value can bring codes of its own."""
    result = neutralised(result)
    lines: list[str] = []
    for f in result.findings:
        details = finding_details(f, result.fail_on)
        if colour:
            details[0] = finding_line(f, colour=True)
        lines.extend(details)
    if not quiet:
        lines.extend(_not_applied_lines(result) + _unread_lines(result))
    else:  # (-q: a rule the policy leaves out still, as a value a file set)
        lines.extend(_not_applied_lines(left_out_only(result)))
    lines.extend(_settings_lines(result, quiet))  # (-q: a config's too, which may hide)
    if not quiet:
        lines.extend(_made_by_lines(result))
        lines.append(_paint(_summary(result), "bold", colour))
    return no_command_lines("\n".join(lines) + "\n") if lines else ""


# SGR codes: bold, dim, and a colour per severity. Only ever around text already inert.
_SGR = {"bold": "1", "dim": "2", "error": "1;31", "warning": "33", "advisory": "36"}


def _paint(text: str, style: str, on: bool) -> str:
    return f"\x1b[{_SGR[style]}m{text}\x1b[0m" if on and text else text


def _rule_style(f: Finding) -> str:
    return "dim" if f.waiver is not None else f.severity if f.severity in _SGR else "warning"


TABLE_HEADERS = ("where", "rule", "subject", "when", "measured (limit)", "evidence", "finding")
_TABLE_CAPS = (0, 22, 14, 14, 18, 20, 60)  # column widths when no width is given (0: no cap)
# On a narrow terminal these columns, in this order, move into the finding's cell as lines.
_FOLDABLE = ("evidence", "when", "subject", "measured (limit)", "rule")


def _table_cells(f: Finding, fail_on: FailOn) -> list[str]:
    # the severity in words under the rule, which colour alone told apart (round 47)
    return [f"{f.file}:{f.line}", f"{f.rule}\n[{f.clause}]\n{severity_text(f, fail_on)}",
            f.subject, f.when(),
            f"{f.measured}\n({f.limit})", ", ".join(e.label for e in f.evidence),
            f.message + (f"\n[{waiver_text(f)}]" if f.waiver else "")]  # fmt: skip


def table(result: Result, *, quiet: bool = False, colour: bool = False,
          width: int | None = None) -> str:  # fmt: skip
    """A table of findings (tabulate), each with its sentence, then what was not applied.

    `width`: the columns to fit (a terminal's). Cells wrap at spaces, never inside a word,
    so a path or an id is never split; when even that is too wide, the evidence, period,
    subject, measure and rule columns (in that order) move into the finding's cell as lines, and
    when the rest is still too wide, the report is `text`'s. No `width`: each column up to a
    fixed cap. `quiet` and `colour` as for `text`."""
    from tabulate import tabulate

    result = neutralised(result)
    rows = [_table_cells(f, result.fail_on) for f in result.findings]
    out: list[str] = []
    if rows:
        headers = list(TABLE_HEADERS)
        widths = _column_widths([headers, *rows], width)
        for name in _FOLDABLE:
            if width is None or sum(widths) + 3 * len(widths) + 1 <= width:
                break
            i = headers.index(name)
            for row in rows:
                label = "measured" if name == "measured (limit)" else name
                cell = row.pop(i)  # (an empty cell goes too, with its column)
                if cell:
                    row[-1] += f"\n{label}: {cell}".replace("\n(", " (").replace("\n[", " [")
            del headers[i]
            widths = _column_widths([headers, *rows], width)
        if width is not None and sum(widths) + 3 * len(widths) + 1 > width:
            # still too wide (a long path and rule id leave the finding no room): the text
            # report's lines, which a terminal wraps, not a table's rows broken across lines
            return text(result, quiet=quiet, colour=colour)
        rendered = tabulate(
            [[_wrap(c, w) for c, w in zip(row, widths, strict=True)] for row in rows],
            headers=[_wrap(h, w - 2) for h, w in zip(headers, widths, strict=True)],
            tablefmt="simple_grid",
            disable_numparse=True,  # values as written: an id "1e999" is not "inf"
        )  # fmt: skip
        out.append(_colour_table(rendered, result.findings) if colour else rendered)
    if not quiet:
        out.extend(_not_applied_lines(result) + _unread_lines(result))
    else:  # (-q: a rule the policy leaves out still, as a value a file set)
        out.extend(_not_applied_lines(left_out_only(result)))
    out.extend(_settings_lines(result, quiet))  # (-q: a config's too, as `text`)
    if not quiet:
        out.extend(_made_by_lines(result))
        out.append(_paint(_summary(result), "bold", colour))
    return no_command_lines("\n".join(out).lstrip("\n") + "\n") if out else ""


def _colour_table(rendered: str, findings: tuple[Finding, ...]) -> str:
    """The header bold, and in each finding's rows the place bold and the rule coloured by
    severity: codes put around slices of the drawn table, so tabulate never measures them."""
    lines = rendered.split("\n")
    edges = [i for i, ch in enumerate(lines[0]) if ch in "┬┐"]
    spans = [(2, edges[0] - 1), (edges[0] + 2, edges[1] - 1)]
    row = -1  # -1: the header
    for n, line in enumerate(lines[1:-1], start=1):
        if line.startswith("├"):
            row += 1
            continue
        styles = ("bold", "bold") if row < 0 else ("bold", _rule_style(findings[row]))
        for (start, end), style in zip(reversed(spans), reversed(styles), strict=True):
            cell = line[start:end].rstrip()
            line = line[:start] + _paint(cell, style, True) + line[start + len(cell):]
        lines[n] = line
    return "\n".join(lines)


def _column_widths(rows: list[list[str]], width: int | None) -> list[int]:
    """How wide each column may be: its natural width if the table fits `width`, else at least
    its longest word (the whole cell for `where`), the room left shared in proportion to what
    each column lacks. Without `width`, the natural width up to a cap per column."""
    # tabulate gives a header 2 more than its text: measure the header so, and wrap it 2 less
    lines = [[[f"{line}  " for line in cell.split("\n")] for cell in rows[0]]]
    lines += [[cell.split("\n") for cell in row] for row in rows[1:]]
    natural = [max(len(line) for row in lines for line in row[c]) for c in range(len(rows[0]))]
    if width is None:
        return [min(n, cap) if cap else n for n, cap in zip(natural, _TABLE_CAPS, strict=True)]
    least = [natural[0], *(max((len(word) for row in lines for line in row[c]
                                for word in line.split()), default=1)
                           for c in range(1, len(natural)))]  # fmt: skip
    least = [max(m, *(len(word) + 2 for word in h.split())) for m, h in zip(least, rows[0],
                                                                            strict=True)]
    room = width - (3 * len(natural) + 1) - sum(least)  # a simple_grid cell takes 3 more
    lack = [n - m for n, m in zip(natural, least, strict=True)]
    if room <= 0 or not sum(lack):
        return least
    if room >= sum(lack):
        return natural
    widths = [m + room * d // sum(lack) for m, d in zip(least, lack, strict=True)]
    return widths


def _wrap(cell: str, width: int) -> str:
    """`cell` wrapped at spaces to `width`, its own line breaks kept; no word is split."""
    import textwrap

    return "\n".join(
        "\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
        or "" for line in cell.split("\n"))  # fmt: skip


def as_json(result: Result) -> str:
    """The whole result (`Result.to_json`): format version, findings, rules not applied, the
    exit code. Dates are ISO text; the layout is fixed (two-space indent, fields in declaration
    order), so output is byte-identical."""
    return json_bytes(result).decode()


def json_bytes(result: Result) -> bytes:
    """`as_json(result)` as UTF-8, as it is written: the command line writes these bytes as
    they are, with no copy of a national report's 130 MB decoded to text and encoded again."""
    try:
        raw = result.json_bytes()
    except TypeError:  # a lone surrogate (a file name's undecodable byte): the long way
        return neutralised(result).json_bytes()
    if _inert_json(raw, result):
        return raw
    return neutralised(result).json_bytes()


# Nearly every report has nothing to make inert, and that is seen more cheaply in the JSON
# text than in the Result: text that is all ASCII with no backslash (orjson escapes every
# control character and quote so) holds no character `printable` escapes but DEL; then with
# no DEL, no `##WORD[` and no file's path that starts with `:` (looked for among the paths, a
# few distinct ones), `neutralised` would change nothing, and the text is the same.
# Anything else goes the long way, through `neutralised`. (Scans at C speed: a national
# report is 130 MB.)
def _inert_json(raw: bytes, result: Result) -> bool:
    # (a byte is looked for at memchr's speed; `##` alone took 141 ms over 127 MB, so `#` is
    # looked for first: most reports have none)
    if not raw.isascii() or b"\\" in raw or b"\x7f" in raw or (
            b"#" in raw and b"##" in raw and _LOG_COMMAND_BYTES.search(raw)):
        return False
    value_of, limit_of = operator.attrgetter("value"), operator.attrgetter("limit_value")
    if not (_holds_no_record(list(map(value_of, result.findings)))
            and _holds_no_record(list(map(limit_of, result.findings)))):  # fmt: skip
        return False  # a value with a `file` of its own: the long way
    return not any(path[:1] == ":" for path in _paths(result))


# What a finding's value may be for the quick look: `_inert` walks no further into these
# (a list or a dict is left as it is), so no path can hide in them.
_NO_RECORD = _PLAIN | {str, list, dict, dt.datetime, dt.time}


def _holds_no_record(values: list[Any]) -> bool:
    kinds = set(map(type, values))
    if tuple in kinds:  # walked by `_inert`: look at the items
        kinds.discard(tuple)
        items = itertools.chain.from_iterable(v for v in values if v.__class__ is tuple)
        return kinds <= _NO_RECORD and _holds_no_record(list(items))
    return kinds <= _NO_RECORD


def _paths(result: Result) -> set[str]:
    """Every `file` and `files` value of `result` (the fields `_text` gives a `./`)."""
    file_of = operator.attrgetter("file")
    findings = result.findings
    evidence = itertools.chain.from_iterable(map(operator.attrgetter("evidence"), findings))
    waivers = (w for w in map(operator.attrgetter("waiver"), findings) if w is not None)
    return {*result.files, *map(file_of, findings), *map(file_of, evidence),
            *map(file_of, waivers), *map(file_of, result.rules),
            *map(file_of, result.policy_files)}


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


def codequality(result: Result) -> str:
    """GitLab's Code Quality report: an issue per finding (see `codequality.codequality`)."""
    from .codequality import codequality

    return codequality(result)


def github(result: Result) -> str:
    """GitHub Actions workflow commands: an annotation per finding (see `ci_formats.github`)."""
    from .ci_formats import github

    return github(result)


# One row per finding, for a spreadsheet or a data frame: what a national check's findings are
# grouped by (rule, clause, unit, grade's subject, period) in columns of their own. The rules
# not applied, those that read no record and the values a run set over the policy's are rows
# too (`kind`), so a spreadsheet of the findings is never silent about what was not checked.
# `staff` and `value_unit` came later, after `message`, so that a sheet read by column number
# finds the others where they were (a first hour, round 49: a planner summing by person and
# by unit of measure): the staff ids a finding is about (`; ` between them) and what its
# `value` and `limit_value` are counted in (`unit` is the organisational unit, a PDU).
CSV_HEADERS = ("kind", "rule", "clause", "severity", "waived", "subject", "unit", "period",
               "start", "end", "file", "line", "measured", "limit", "value", "limit_value",
               "evidence", "message", "staff", "value_unit")


def csv_text(result: Result) -> str:
    """The findings as CSV (`CSV_HEADERS`), in the report's order, then a row for each rule not
    applied (`not applied`, or `partly applied`), each rule that read no record (`unread`),
    each value set over the policy's (`setting`: its name as subject, the run's value as
    measured, the policy's as limit), and last what made the report (`made by`: the policy as
    subject, its whole digest as value, the day judged by as start, `made_by`'s line as
    message). Dates are ISO, numbers to six places; text from the data or a policy (a
    repository policy's `clause "=HYPERLINK(...)"`) is one printable line that a spreadsheet
    cannot take for a formula."""
    import csv
    import io

    result = neutralised(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    after = [""] * (len(CSV_HEADERS) - CSV_HEADERS.index("message") - 1)  # (not a finding's)
    for f in result.findings:
        period = f.period
        writer.writerow([
            "finding", inert_cell(f.rule), inert_cell(f.clause), f.severity,
            "yes" if f.waiver is not None else "no",
            inert_cell(f.subject), inert_cell(f.unit), f.when() if period else "",
            period.start.isoformat() if period else "", period.end.isoformat() if period else "",
            inert_cell(f.file), f.line, inert_cell(f.measured), inert_cell(f.limit),
            _csv_value(f.value), _csv_value(f.limit_value),
            "; ".join(inert_cell(f"{e.file}:{e.line}") for e in f.evidence),
            inert_cell(" ".join(filter(None, (f.message, waiver_text(f))))),
            "; ".join(inert_cell(who) for who in f.staff), inert_cell(f.value_unit),
        ])  # fmt: skip
    for na in result.not_applied:
        kind = "partly applied" if na.partial else "not applied"
        writer.writerow([kind, inert_cell(na.rule), inert_cell(na.clause), *[""] * 14,
                         inert_cell(na.reason), *after])  # fmt: skip
    for u in result.unread:
        writer.writerow(["unread", inert_cell(u.rule), inert_cell(u.clause), *[""] * 14,
                         inert_cell(f"the data has no {u.records}, the records this rule "
                                    "judges"), *after])  # fmt: skip
    for s in result.settings:
        writer.writerow(["setting", "", "", "", "", inert_cell(s.name), "", "", "", "",
                         inert_cell(s.file), s.line or "", inert_cell(s.value),
                         inert_cell(s.policy), "", "", "",
                         inert_cell(f"set over the policy's value by {setter(s)}"), *after])
    for unread in result.files_not_read:  # (the file's name where a finding's stands)
        writer.writerow(["not read", *[""] * 9, inert_cell(unread.file), "", *[""] * 5,
                         inert_cell(unread.reason), *after])  # fmt: skip
    # what made the report, as the text report's line says it: a sheet kept with a meeting's
    # papers is evidence, with findings or none (scenarios of round 51, P6)
    day = result.today_used or result.today
    writer.writerow(["made by", "", "", "", "", inert_cell(result.policy), "", "",
                     day.isoformat() if day else "", "", "", "", "", "",
                     inert_cell(result.policy_digest), "", "",
                     inert_cell(made_by(result)), *after])  # fmt: skip
    return no_command_lines(buffer.getvalue())


def _csv_value(value: Any) -> Any:
    """A finding's value or limit as a cell: a number to six places (-0.0 as 0.0), a date as ISO,
    True and False as the JSON report writes them, nothing for None, text made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):  # to six places, as the indicators' CSV: 0.05, not the
        return repr(round(value, 6) + 0.0)  # 0.0500000000000016 a sum of decimals makes
    if isinstance(value, int):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return inert_cell(str(value))


def inert_cell(text: str) -> str:
    """A value that a spreadsheet cannot take for a formula: one that starts with `=`, `+`,
    `-`, `@`, a tab or a carriage return (`=HYPERLINK(...)` in an HR export's unit) is written
    after a `'`, a spreadsheet's own text marker. It is one printable line (a line break in a
    value would start a line of the CSV, on standard output in CI, with `::error ...`, a GitHub
    workflow command), and no CI log command stands in it (`##vso[...]`, which Azure Pipelines
    obeys anywhere in a line)."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = f"'{text}"
    return unbracketed(printable(text))


def html_page(result: Result) -> str:
    """A self-contained HTML page: charts by clause, unit and week, then the findings (see
    `html_report.check_page`)."""
    from .html_report import check_page

    return check_page(result)


REPORTER_BY_NAME: dict[str, Callable[[Result], str]] = {
    "table": table,
    "text": text,
    "json": as_json,
    "sarif": sarif,
    "junit": junit,
    "codequality": codequality,
    "github": github,
    "html": html_page,
    "csv": csv_text,
}


def finding_line(f: Finding, *, colour: bool = False) -> str:
    waived = " (waived)" if f.waiver is not None else ""
    where = _paint(f"{f.file}:{f.line}:", "bold", colour)
    return f"{where} {_paint(f.rule, _rule_style(f), colour)} [{f.clause}]{waived} {f.message}"
