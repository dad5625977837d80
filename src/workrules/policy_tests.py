"""`workrules test`: a policy's own tests, each pairing small data with the exact findings the
policy must give, in the manner of `opa test` and `cfn-guard test` (docs/authoring.md).

A test file is YAML, named `*.wrtest.yaml`:

    policy: claim-2024            # a shipped name, or a .wr file beside this one (default: claim)
    set: [sfo_open_reviews_max=2] # values for every test of the file (optional)
    today: 2024-07-01             # the date waivers and dated values are judged by (optional)
    data: [../staff.yaml]         # data for every test of the file (optional)
    tests:
      - name: a group of seven for one supervisor is over 1:6
        set: [...]                # more values for this test only (optional)
        data:                     # documents written here, and files beside this one
          - kind: rota
            upw_sessions: [...]
        expect:                   # exactly these findings, as `rule subject period`
          - upw-group-ratio U1 2024-06-04
        expect_not: [upw-contact-hours]   # no finding starts with any of these
        not_applied: [pso-assessees]      # exactly these rules not applied (optional)

An expectation is the finding's rule, subject and period as `check --format text` shows them
(`-` for no period), optionally followed by `@ LINE` (the line in this file, for data written
here) or `@ FILE:LINE` (FILE named as in `data:`). A finding a waiver covers is expected as
waived, `rule subject period (waived)` (before any `@`), and only so. `expect` left out means
"any findings"; `expect: []` means none.
Documents written in a test are checked as if they were files; their findings and errors
name this file (its base name) and the line of the record in it. Files named in `data:` are
named in findings as there, relative to this file, wherever the tests are run from.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import msgspec

from .errors import InputError, UsageError, printable, unbracketed
from .findings import Finding, Result
from .resources import git_root, is_within, repository_root

TEST_SUFFIX = ".wrtest.yaml"
FILE_KEYS = ("policy", "set", "today", "data", "tests")
TEST_KEYS = ("name", "set", "today", "data", "expect", "expect_not", "not_applied")
_SKIP_DIRS = {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox"}


@attrs.frozen
class TestOutcome:
    """One test: where it is written, and what went wrong (nothing when it passed)."""

    file: str
    line: int
    name: str
    problems: tuple[str, ...]  # the diff, one line each

    @property
    def passed(self) -> bool:
        return not self.problems


@attrs.frozen
class TestRun:
    outcomes: tuple[TestOutcome, ...]

    @property
    def failed(self) -> tuple[TestOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.passed)

    @property
    def exit_code(self) -> int:
        """0: every test passed; 1: some test failed."""
        return 1 if self.failed else 0


def find_test_files(paths: Sequence[str]) -> list[str]:
    """The test files named, and those under the folders named (default: the current one)."""
    found: list[str] = []
    for path in paths or ["."]:
        if os.path.isdir(path):
            found.extend(_walk(path))
        elif os.path.exists(path):
            found.append(path)
        else:
            raise UsageError("no such file or folder", file=path)
    if not found:
        raise UsageError(f"no policy test files (*{TEST_SUFFIX}) under "
                         f"{', '.join(paths or ['.'])}")  # fmt: skip
    return found


def _walk(top: str) -> list[str]:
    """The test files under `top`, each folder's in name order before its subfolders', as
    `os.walk` gave them; with a stack, as a repository's folders can be 1,000 deep (os.walk
    recursed until Python 3.12). Links to folders are not followed."""
    found: list[str] = []
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue  # as os.walk: a folder that cannot be read is passed over
        found.extend(os.path.normpath(e.path) for e in entries
                     if e.name.endswith(TEST_SUFFIX) and not e.is_dir())  # fmt: skip
        stack.extend(reversed([e.path for e in entries if e.is_dir(follow_symlinks=False)
                               and e.name not in _SKIP_DIRS and not e.name.startswith(".")]))
    return found


def run_tests(paths: Sequence[str]) -> TestRun:
    """Run every test of every test file under `paths`. A test file that cannot be used raises
    a WorkrulesError naming it (and the line); a test whose data is refused fails."""
    outcomes: list[TestOutcome] = []
    for file in find_test_files(paths):
        outcomes.extend(run_test_file(file))
    return TestRun(tuple(outcomes))


def _read(file: str) -> Any:
    """A test file's YAML and text. It is a repository's file like any other: a link out of
    the repository is refused unread, and so is a FIFO or a file larger than a data file."""
    from .load import parse_yaml, read_raw

    root = repository_root(file)
    if not is_within(file, root):
        raise UsageError(f"the test file is a link to a file outside its repository ({root}); "
                         "name the file itself", file=file)  # fmt: skip
    raw, _ = read_raw(file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("cannot read the test file: is not UTF-8 text", file=file) from None
    spec = parse_yaml(text, file)
    return spec, text


def _inside(name: str, folder: str, file: str, what: str) -> str:
    """The path of `name`, a file a test names relative to its own folder, refused unless it
    is a file name (no NUL or line break) that leads to a file inside the test file's
    repository: a test is the repository's, and may not read (and quote) a file beyond it."""
    if printable(name) != name or len(name) > 4096:
        raise UsageError(f"{what}: {name[:80]!r} is not a file name (it holds a "
                         "control character, or is longer than any path)", file=file)
    path = os.path.normpath(os.path.join(folder, name))
    root = repository_root(file)
    if not is_within(path, root):
        # outside git, the repository is the folder the tests are run from (a source archive
        # unpacked): say so, as the user may only have run them from a folder further down
        where = "" if git_root(file) is not None else (
            ": outside a git work tree it is the folder the tests are run from, so run them "
            "from the project's top folder")  # fmt: skip
        raise UsageError(f"{what}: {name!r} is outside the repository ({root}{where}); a test "
                         "names a shipped policy, or files inside its repository", file=file)
    return os.path.join(os.curdir, path) if path == "-" else path  # a file, never stdin


def _check_keys(node: Any, allowed: tuple[str, ...], file: str, what: str) -> None:
    from .errors import did_you_mean

    if not isinstance(node, dict):
        raise UsageError(f"{what} must be a mapping of keys ({', '.join(allowed)})", file=file,
                         line=getattr(node, "line", None) or 1)  # fmt: skip
    for key in node:
        if key not in allowed:
            raise UsageError(f"unknown key '{key}' in {what}{did_you_mean(str(key), allowed)}",
                             file=file, line=getattr(node, "line", None) or None)  # fmt: skip


def _strings(value: Any, file: str, line: int, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{what} must be a list of text", file=file, line=line)
    return list(value)


def _date(value: Any, path: tuple[str | int, ...], file: str, text: str,
          line: int) -> dt.date | None:  # fmt: skip
    """The `today:` of the mapping at `path` in the test file, refused at its line as
    `check --today` refuses it: not a date, or outside the dates workrules accepts (attack
    round 30: `today: 9999-12-31` judged a test as of a day no check can be run on)."""
    from .limits import date_problem
    from .load import key_lines

    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        problem: str | None = "is not a date (YYYY-MM-DD)"
    else:
        problem = date_problem(day)
    if problem is not None:
        raise UsageError(f"today: '{printable(str(value))}' {problem}", file=file,
                         line=key_lines(text, path).get("today") or line)  # fmt: skip
    return day


def run_test_file(file: str) -> Iterator[TestOutcome]:
    """Run the tests of one file, in order."""
    spec, text = _read(file)
    _check_keys(spec, FILE_KEYS, file, "a test file")
    top = spec.line or 1
    tests = spec.get("tests")
    if not isinstance(tests, list) or not tests:
        raise UsageError("a test file needs 'tests:', a list of tests", file=file, line=top)
    folder = os.path.dirname(file)
    policy = _policy(spec.get("policy"), folder, file, text, top)
    shared_set = _strings(spec.get("set"), file, top, "set")
    shared_data = _data(spec.get("data"), ("data",), folder, file, text, top)
    today = _date(spec.get("today"), (), file, text, top)
    names: dict[str, int] = {}
    for index, test in enumerate(tests):
        _check_keys(test, TEST_KEYS, file, "a test")
        name, line = test.get("name"), test.line or 1
        if isinstance(name, str) and names.setdefault(name, line) != line:
            raise UsageError(f"a second test named {printable(name)!r} (the first is at line "
                             f"{names[name]}); give each test a name of its own", file=file,
                             line=line)  # fmt: skip
        _refuse_unknown_rules(test, index, policy, file, text)
        yield _run_one(test, index, policy, shared_set, shared_data, today, folder, file, text)


def _refuse_unknown_rules(test: Any, index: int, policy: Any, file: str, text: str) -> None:
    """A rule that `expect`, `expect_not` or `not_applied` names is a rule of the policy: a
    misspelt id in `expect_not` would pass for ever, and in the others fail with no word of
    why."""
    from .errors import did_you_mean
    from .load import key_lines

    rules = [cr.id for cr in policy.rules]
    left = {lo.rule: lo for lo in policy.left_out}  # (not applied, as a test may expect)
    line = test.line or 1
    for key in ("expect", "expect_not", "not_applied"):
        for item in _strings(test.get(key), file, line, key):
            what = item.partition("@")[0].split()
            rule = what[0] if what else ""
            if rule and rule not in rules and not (key == "not_applied" and rule in left):
                at = key_lines(text, ("tests", index)).get(key) or line
                hint = (f"; it is left out by {left[rule].file}:{left[rule].line}" if rule in left
                        else did_you_mean(rule, rules))  # fmt: skip
                raise UsageError(f"{key}: policy {policy.name} has no rule {printable(rule)!r}"
                                 f"{hint}", file=file, line=at)  # fmt: skip


def _policy(value: Any, folder: str, file: str, text: str, line: int) -> Any:
    from .policy import load_policy

    if value is None:
        return load_policy()
    if not isinstance(value, str):
        raise UsageError("policy must be a shipped name or a policy file", file=file, line=line)
    if value.endswith(".wr") or "/" in value:
        try:
            value = _inside(value, folder, file, "policy")
        except UsageError as err:
            from .load import key_lines

            err.line = key_lines(text, ()).get("policy") or line
            raise
    return load_policy(value)


def _data(value: Any, path: tuple[str | int, ...], folder: str, file: str, text: str,
          line: int) -> list[Any]:  # fmt: skip
    """The documents a test names: each a path beside the test file, or written in it."""
    from .load import Document, key_lines, read_document

    if value is None:
        return []
    if not isinstance(value, list):
        raise UsageError("data must be a list of files and documents", file=file, line=line)
    documents: list[Any] = []
    for index, item in enumerate(value):
        if isinstance(item, str):  # named in findings as here, relative to the test file
            try:
                inside = _inside(item, folder, file, "data")
            except UsageError as err:  # at the line of its `data:`
                err.line = key_lines(text, path[:-1]).get(str(path[-1])) or line
                raise
            doc = read_document(inside)
            documents.append(msgspec.structs.replace(doc, path=os.path.normpath(item)))
        elif isinstance(item, dict):
            lines: tuple[tuple[str, int], ...] = ()
            if item.get("kind") == "job-description":
                lines = tuple(key_lines(text, (*path, index)).items())
            documents.append(Document(os.path.basename(file), item, "", "yaml", 0, lines))
        else:
            raise UsageError("each item of data is a file name or a document (a mapping with "
                             "'kind:')", file=file, line=getattr(value, "line", line))  # fmt: skip
    return documents


def _with_values(policy: Any, values: list[str], shared: int, index: int, file: str, text: str,
                 line: int) -> Any:  # fmt: skip
    """`policy` with a test's values set (the file's `set:`, the first `shared`, then the
    test's own), a value refused at the line of the `set:` that gives it, in the test file:
    a misspelt parameter was reported as `--set cases_mx=40`, naming neither the file nor
    its line (a first hour, round 55)."""
    from .load import key_lines

    try:
        return policy.with_values(values) if values else policy
    except UsageError as whole:
        if whole.file is not None:
            raise
        for i, value in enumerate(values):  # (which of them: the error path only)
            try:
                policy.with_values([value])
            except UsageError as err:
                at = key_lines(text, () if i < shared else ("tests", index)).get("set") or line
                said = err.message.removeprefix("set value ")
                raise UsageError(f"set: {said}", file=file, line=at) from None
        raise


def _run_one(test: Any, index: int, policy: Any, shared_set: list[str], shared_data: list[Any],
             today: dt.date | None, folder: str, file: str, text: str) -> TestOutcome:  # fmt: skip
    from .dataset import load_data

    line = test.line or 1
    name = test.get("name")
    if not isinstance(name, str) or not name:
        raise UsageError("every test needs a 'name:'", file=file, line=line)
    try:
        values = [*shared_set, *_strings(test.get("set"), file, line, "set")]
        data = [*shared_data,
                *_data(test.get("data"), ("tests", index, "data"), folder, file, text, line)]
        if not data:
            raise UsageError(f"test '{name}' has no data", file=file, line=line)
        day = (_date(test.get("today"), ("tests", index), file, text, line) or today
               or dt.date.today())  # fmt: skip
        tested = _with_values(policy, values, len(shared_set), index, file, text, line)
        loaded = load_data(data)
        result = tested._check_any(loaded, today=day)  # (no gate: empty data checked too)
    except InputError as err:  # the data was refused: that fails the test, it is not unusable
        return TestOutcome(file, line, name, (f"the data was refused: {err}",))
    problems = _vacuous(test, loaded, tested, file, line) + _compare(test, result, file, line)
    return TestOutcome(file, line, name, tuple(problems))


# a period as findings write it (`Period.describe`; a month as `2024-06`, `finding_key`)
_PERIOD = re.compile(r"-|[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?|week of [0-9]{4}-[0-9]{2}-[0-9]{2}"
                     r"|[0-9]{4}-[0-9]{2}-[0-9]{2} to [0-9]{4}-[0-9]{2}-[0-9]{2}")


def _vacuous(test: Any, data: Any, policy: Any, file: str, line: int) -> list[str]:
    """An `expect_not` that can hold whatever the policy finds: a subject no record of the
    test's data has (`S02O` for `S020`), or a period not written as the rule's findings write
    it (`2024-06-03` for `week of 2024-06-03`). It would pass for ever, testing nothing."""
    from .errors import did_you_mean

    subjects: set[str] = {str(s) for s in data.staff} | set(data.files) | {
        str(u) for u in (*data.units.values(), *data.regions.values()) if u}
    for records in data.records.values():
        for record in records:
            for name in ("id", "unit", "region"):
                value = getattr(record, name, None)
                if value is not None:
                    subjects.add(str(value))
    subjects |= {cr.id for cr in policy.rules}  # (a rule with no subject key: its own id)
    calendars = {cr.id: next((k.calendar for k in cr.keys or () if k.calendar), "")
                 for cr in policy.rules}  # fmt: skip
    problems = []
    for never in _strings(test.get("expect_not"), file, line, "expect_not"):
        words = never.split()
        if len(words) < 2:
            continue
        rest = " ".join(words[1:])  # a subject may hold spaces ("North PDU")
        subject = max((s for s in subjects if rest == s or rest.startswith(f"{s} ")),
                      key=len, default=None)  # fmt: skip
        if subject is None:
            problems.append(f"! expect_not '{never}': no record of the test's data has the "
                            f"subject '{words[1]}'{did_you_mean(words[1], subjects)}, so it "
                            "tests nothing")
            continue
        period, calendar = rest[len(subject):].strip(), calendars.get(words[0], "")
        if period and not _written_as_found(period, calendar):
            problems.append(f"! expect_not '{never}': '{period}' is no period as the rule's "
                            f"findings write it ({_FORMS.get(calendar, _FORMS[''])}), so it "
                            "tests nothing")
    return problems


# how a rule's findings write their period, by what the rule counts by
_FORMS = {"day": "it counts by day: a day, 2024-06-04",
          "week": "it counts by week: 'week of 2024-06-03', the week's Monday",
          "month": "it counts by month: a month, 2024-06",
          "": "a day 2024-06-04, days '2024-06-03 to 2024-06-16', or '-' for none"}


def _written_as_found(period: str, calendar: str) -> bool:
    """Whether `period` is written as a finding of a rule counting by `calendar` (day, week,
    month, or "" for a record's own day, a spell's days or none) writes its period: on a
    daily rule `week of 2024-06-03` or `2024-06` matched no finding ever (negotiator round
    34), nor did a week not starting on its Monday."""
    import datetime as dt

    if not _PERIOD.fullmatch(period):
        return False
    days = re.findall(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", period)
    try:
        dates = [dt.date.fromisoformat(d) for d in days]
    except ValueError:  # 2024-02-30
        return False
    if calendar == "week":
        return period.startswith("week of ") and dates[0].weekday() == 0
    if calendar == "month":
        return re.fullmatch(r"[0-9]{4}-[0-9]{2}", period) is not None
    if calendar == "day":
        return len(days) == 1 and period == days[0]
    return not period.startswith("week of ") and (len(days) > 0 or period == "-")


def finding_key(f: Finding) -> str:
    """A finding as an expectation states it: `rule subject period`, a month as `2024-06`
    (the report writes it `June 2024`)."""
    when = f.period.start.isoformat()[:7] if f.period is not None and f.period.kind == "month" \
        else f.when()  # fmt: skip
    return f"{f.rule} {f.subject} {when}"


WAIVED = "(waived)"


def _matches(expected: str, f: Finding, file: str) -> bool:
    """Whether `f` is the finding `expected` states. A waived finding is expected as waived
    (`rule subject period (waived)`), and only so: a waiver for every subject (`waive RULE for
    "*"`) had a test of the rule pass where the gate never failed (attack round 20)."""
    what, _, where = (part.strip() for part in expected.partition("@"))
    waived = what.endswith(WAIVED)
    if waived:
        what = what[: -len(WAIVED)]
    if " ".join(what.split()) != finding_key(f) or waived != (f.waiver is not None):
        return False
    if not where:
        return True
    if ":" in where:
        named, _, at = where.rpartition(":")
        return at == str(f.line) and os.path.normpath(named) == f.file
    return where == str(f.line) and f.file == os.path.basename(file)


def _shown(f: Finding) -> str:
    if f.waiver is not None:
        w = f.waiver
        return (f"{finding_key(f)} {WAIVED} @ {f.file}:{f.line}, by the waiver at "
                f"{w.file}:{w.line} until {w.until.isoformat()}")
    return f"{finding_key(f)} @ {f.file}:{f.line}"


def _waived_note(want: str, left: Sequence[Finding], file: str) -> str:
    """Why an expectation met no finding, where a finding differs from it only in being waived
    or not: what to write."""
    what, at, where = want.partition("@")
    other = (what.strip()[: -len(WAIVED)] if what.strip().endswith(WAIVED)
             else f"{what.strip()} {WAIVED}") + (f" @{where}" if at else "")  # fmt: skip
    if any(_matches(other, f, file) for f in left):
        return (": it is given waived; a waived finding is expected as 'RULE SUBJECT PERIOD "
                f"{WAIVED}'" if WAIVED not in what else ": it is given, and not waived")
    return ""


def _compare(test: Any, result: Result, file: str, line: int) -> list[str]:
    problems: list[str] = []
    if "expect" in test:
        expected = _strings(test["expect"], file, line, "expect")
        left = list(result.findings)
        missing: list[str] = []
        for want in expected:
            hit = next((f for f in left if _matches(want, f, file)), None)
            if hit is None:
                missing.append(want)
            else:
                left.remove(hit)
        problems += [f"- {want}   (expected, not given{_waived_note(want, left, file)})"
                     for want in missing]  # fmt: skip
        problems += [f"+ {_shown(f)}   (given, not expected)" for f in left]
    for never in _strings(test.get("expect_not"), file, line, "expect_not"):
        words = never.split()
        for f in result.findings:
            if finding_key(f).split()[: len(words)] == words:
                problems.append(f"+ {_shown(f)}   (given, but expect_not has '{never}')")
    if "not_applied" in test:
        want_na = _strings(test["not_applied"], file, line, "not_applied")
        # a rule that read no record (the test's data has none of its kind) judged nothing
        # either: listed or not, it is no difference (tests written before it was told apart)
        got_na = [na.rule for na in result.not_applied] + [u.rule for u in result.unread]
        problems += [f"- not applied: {r}   (expected, not reported)"
                     for r in want_na if r not in got_na]  # fmt: skip
        problems += [f"+ not applied: {na.rule}: {na.reason}   (reported, not expected)"
                     for na in result.not_applied if na.rule not in want_na]  # fmt: skip
    return problems


def report(run: TestRun, verbose: bool = False) -> str:
    """`PASS`/`FAIL` per test (failures with their diff; passes only when `verbose`), then a
    one-line summary."""
    from .report import no_command_lines

    lines: list[str] = []
    for o in run.outcomes:  # a name, a file and an expectation are the test file's text:
        # each shown on its line as printable, so none can start a line of its own (a GitHub
        # workflow command) or send the terminal an escape
        if o.passed:
            if verbose:
                lines.append(printable(f"PASS {o.file}:{o.line}: {o.name}"))
            continue
        lines.append(printable(f"FAIL {o.file}:{o.line}: {o.name}"))
        lines.extend(printable(f"    {p}") for p in o.problems)
    total, failed = len(run.outcomes), len(run.failed)
    noun = "test" if total == 1 else "tests"
    verdict = f"{failed} failed" if failed else "all passed"
    files = len({o.file for o in run.outcomes})
    lines.append(f"{total} {noun} in {files} file{'s' if files != 1 else ''}: {verdict}.")
    return no_command_lines("\n".join(lines)) + "\n"


def junit(run: TestRun) -> str:
    """JUnit XML: a suite per test file, a case per test, a <failure> holding the diff. No
    timings, so that the same tests give byte-identical output."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="workrules test", tests=str(len(run.outcomes)),
                      failures=str(len(run.failed)))  # fmt: skip
    by_file: dict[str, list[TestOutcome]] = {}
    for o in run.outcomes:
        by_file.setdefault(o.file, []).append(o)
    for file, outcomes in by_file.items():  # every text printable: XML 1.0 holds no escape
        # character (ESC, NUL), even written as a reference, and a report with one is refused
        # by every reader of JUnit XML
        shown = _xml_text(file)
        suite = ET.SubElement(root, "testsuite", name=shown, tests=str(len(outcomes)),
                              failures=str(sum(not o.passed for o in outcomes)))  # fmt: skip
        for o in outcomes:
            case = ET.SubElement(suite, "testcase", name=_xml_text(o.name), classname=shown,
                                 file=shown, line=str(o.line))  # fmt: skip
            if not o.passed:
                problems = [_xml_text(p) for p in o.problems]
                failure = ET.SubElement(case, "failure", message=problems[0],
                                        type="policy-test")  # fmt: skip
                failure.text = "\n".join(problems)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _xml_text(text: str) -> str:
    """`text` printable, with no CI log command (`##vso[`: the XML printed to a log)."""
    return unbracketed(printable(text))


__all__ = ["TestOutcome", "TestRun", "find_test_files", "junit", "report", "run_test_file",
           "run_tests"]  # fmt: skip
