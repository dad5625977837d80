"""Reports for CI: SARIF 2.1.0 for code scanning, JUnit XML for test dashboards, and GitHub
Actions workflow commands for annotations on a pull request.

Like every reporter these are deterministic: no timestamps and nothing from the machine (but
the Azure Pipelines build identity in SARIF, below), findings in the order of
`result.findings` (by file and line), rules in the policy's order.
File paths are written as the finding gives them (as passed on the command line), with
forward slashes.

SARIF (`sarif`): one run, whose `automationDetails` is the category `workrules/POLICY/` (so
code scanning keeps the alerts of two policies apart), or in Azure Pipelines the pipeline's
build identity (`automation_details`: the one thing in the log taken from the environment),
and whose driver gives `fullName` and `informationUri`, as GitHub Advanced Security for Azure
DevOps requires. `tool.driver.rules` holds a descriptor for every rule of the
policy, then one for each rule a finding names that the policy does not hold (the
`waiver-expired` finding an out-of-date waiver makes). A waived finding is reported with an
accepted external suppression, so code scanning shows it as dismissed, not hidden. Rules that
could not be applied are tool configuration notifications of the invocation. Each result's
`partialFingerprints` hashes rule, subject and period, never the sentence, so rewording a
rule's `say` keeps its alerts.

JUnit (`junit`): one <testsuite> per rule, named by its id, with clause, severity and title as
properties; one <testcase> per rule and subject (classname the rule id, name the rule, its
clause and the subject):
- some finding of the subject fails the run (`findings.fails` with the run's --fail-on): a
  <failure> whose message is the sentence (or the sentences), whose type is the severity, and
  whose text gives every finding of the subject: file:line, measured, limit, evidence;
- otherwise some finding is waived: <skipped> with the waiver (who agreed it, until when,
  why), the findings in <system-out>: an agreed exception neither passes nor fails;
- otherwise (findings below --fail-on, advisory ones say): the case passes, and its findings
  are in <system-out>, so they are read but fail nothing.
A rule with no findings has one passing case named "all subjects"; a rule not applied has a
skipped case with the reason (named "all subjects", or "records not checked" when the rule
was applied in part and has findings too). The rules that read no record (the data had none
of the kind they judge: a JD-only repository's rota rules) have no suite each: one suite,
"nothing to check", holds one skipped case for them all ("read no records: the data has no
timesheets or WMT readings ..."), its output a line a rule, so a merge request's widget counts
one skip, not 44.

GitHub (`github`): one workflow command a finding, `::error file=PATH,line=N,title=RULE
[CLAUSE]::SENTENCE` (`::warning` for warnings, `::notice` for advisories and for every
waived finding, whose sentence ends "(waived: REASON)"), escaped as the Actions toolkit
escapes data and properties. A value a file of the repository set over the policy's, a rule
it leaves out and a rule applied in part are warnings, at their line where one is known. The
rules not applied and the summary follow as plain log lines, as in the text report; those
are not annotations, so they take none of the few annotations a step may show. Every value
in them is neutralised first (`report.neutralised`: no line break, control character or `##[`
survives), and no plain line can start with `::`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any, NamedTuple
from urllib.parse import quote

from . import __version__
from .errors import UsageError, WorkrulesError, inert, printable, unbracketed
from .findings import (
    EXPIRED_WAIVER,
    SEVERITIES,
    FileNotRead,
    Finding,
    Result,
    RuleInfo,
    Setting,
    Unread,
    fails,
)
from .report import (
    _not_applied_lines,
    _settings_lines,
    _summary,
    _unread_lines,
    finding_details,
    finding_line,
    is_left_out,
    made_by,
    neutralised,
    no_command_lines,
    setter,
    waiver_text,
)

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
# The tool's home page in SARIF (`tool.driver.informationUri`). The project has no public
# address yet: this is the placeholder the README's CI recipes use for its git URL
# (example.org is reserved, so it never points anywhere wrong). Change it here, in one place,
# when the project is published.
INFORMATION_URI = "https://git.example.org/unions/workrules"
FINGERPRINT_KEY = "workrulesFinding/v1"

# Severity -> SARIF level, and -> GitHub workflow command.
SARIF_LEVEL = {"error": "error", "warning": "warning", "advisory": "note"}
GITHUB_COMMAND = {"error": "error", "warning": "warning", "advisory": "notice"}

# Findings that no rule of the policy makes: what a report says about them.
PSEUDO_RULES = {
    EXPIRED_WAIVER: (
        "A recorded waiver has expired",
        "A waiver excuses a rule's findings for some subjects until a date. After that date "
        "the findings it covered count again, so an expired waiver is reported until it is "
        "renewed or removed.",
    ),
}


# ------------------------------------------------------------------------------------ shared


def rule_infos(result: Result) -> tuple[RuleInfo, ...]:
    """The policy's rules, then (sorted) every other rule a finding or a not-applied notice
    names, described from `PSEUDO_RULES` or from the finding itself."""
    known = {r.id for r in result.rules}
    extra: dict[str, RuleInfo] = {}
    for f in result.findings:
        if f.rule not in known and f.rule not in extra:
            title, why = PSEUDO_RULES.get(f.rule, (f.rule, ""))
            extra[f.rule] = RuleInfo(f.rule, "", title, why, f.severity, "", "", 0)
    for na in result.not_applied:
        if na.rule not in known and na.rule not in extra:
            extra[na.rule] = RuleInfo(na.rule, na.clause, na.rule, "", "warning", "", "", 0)
    return (*result.rules, *(extra[k] for k in sorted(extra)))


@functools.lru_cache(maxsize=4096)  # a national report names its 36 files 120k times
def _posix(path: str) -> str:
    return PurePath(os.path.normpath(path)).as_posix() if path else path


def _by_rule(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.rule, []).append(f)
    return out


# ------------------------------------------------------------------------------------- SARIF


def _artifact(path: str) -> dict[str, Any]:
    """A file as a SARIF artifactLocation: a relative URI against %SRCROOT%, or a file: URI."""
    uri, relative = _uri(path)
    return {"uri": uri, "uriBaseId": SRCROOT} if relative else {"uri": uri}


@functools.lru_cache(maxsize=4096)
def _uri(path: str) -> tuple[str, bool]:
    if os.path.isabs(path):
        return PurePath(path).as_uri(), False
    return quote(_posix(path), safe="/", errors="surrogateescape"), True


def _physical(path: str, line: int) -> dict[str, Any]:
    out: dict[str, Any] = {"artifactLocation": _artifact(path)}
    if line >= 1:
        out["region"] = {"startLine": line}
    return out


def _help(info: RuleInfo, from_policy: bool) -> str:
    parts = [f"Clause {info.clause} of the workload claim: {info.title}." if info.clause
             else f"{info.title}."]  # fmt: skip
    if info.why:
        parts.append(info.why)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", info.effective):
        parts.append(f"In force from {info.effective}.")
    elif info.effective:
        parts.append(f"In force from the date parameter {info.effective} gives.")
    if from_policy:
        parts.append(f"`workrules explain {info.id}` says what the rule measures and shows an "
                     f"example breach.")  # fmt: skip
    return " ".join(parts)


def _pascal(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", rule_id))


def _descriptor(info: RuleInfo, from_policy: bool) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": _pascal(info.id),
        "shortDescription": {"text": sarif_text(info.title)},
        "fullDescription": {"text": sarif_text(info.why or info.title)},
        "help": {"text": sarif_text(_help(info, from_policy))},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(info.severity, "warning")},
        "properties": {"clause": info.clause, "severity": info.severity,
                       "effective": info.effective},
    }  # fmt: skip


def fingerprint(f: Finding) -> str:
    """A stable hash of what a finding is about: rule, subject and period (not its wording)."""
    period = (f.period.kind, f.period.start.isoformat(), f.period.end.isoformat()) if (
        f.period is not None) else ("", "", "")
    key = "\x1f".join((f.rule, f.subject, *period))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _original_files(result: Result) -> dict[str, str]:
    """Each file a finding, its evidence, its waiver or a rule applied in part names that
    `neutralised` writes otherwise, by the name it is written as: {inert name: name}."""
    out: dict[str, str] = {}
    located = [[na.file] for na in result.not_applied if na.file]  # a rule applied in part's
    for f in result.findings:
        names = [f.file, *(e.file for e in f.evidence)]
        if f.waiver is not None:
            names.append(f.waiver.file)
        located.append(names)
    for names in located:
        for name in names:
            inert = unbracketed(printable(name))
            if inert[:1] == ":":
                inert = "./" + inert
            if inert != name and _encodable(name):  # (a lone surrogate has no URI: inert)
                out[inert] = name
    return out


def _encodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# What a SARIF viewer reads as markup in a message's plain text (SARIF 2.1.0, 3.11.6): an
# embedded link, `[text](target)`, where the target is a related location's id or a URI (GitHub
# code scanning makes `[x](1)` a link); so a literal `[` or `]` is written `\[` or `\]`, and a
# literal backslash `\\`, as the standard's own example writes `para\[0\]\\spans\[2\]`.
# A job description's title `Manager [l](javascript:alert(1))` was a live link in a finding's
# message (attack round 33, P4). Written so: a result's message and its related locations'
# (what the data says) and a rule's descriptions (a repository policy's texts). Not yet: the
# notifications of a rule not applied and of a setting, whose `[KEY]` is workrules' own.
_SARIF_LITERAL = re.compile(r"[\\\[\]]")


def sarif_text(text: str) -> str:
    """`text` as a SARIF message's plain text: each `[`, `]` and backslash escaped with a
    backslash, so that nothing in it is an embedded link (the same object when it has none)."""
    if "[" not in text and "]" not in text and "\\" not in text:
        return text
    return _SARIF_LITERAL.sub(r"\\\g<0>", text)


# Evidence listed as related locations, at most, for one result: 2,000 findings of a day's 400
# sessions each made a 337 MB SARIF file that code scanning refuses (attack round 21); the
# rest are counted in the result's properties, and every format but SARIF lists them all
SARIF_RELATED = 100


def _sarif_result(f: Finding, index: int, result: Result,
                  original: Mapping[str, str]) -> dict[str, Any]:  # fmt: skip
    props: dict[str, Any] = {"subject": f.subject, "period": f.when(), "measured": f.measured,
                             "limit": f.limit, "clause": f.clause, "severity": f.severity,
                             "failsRun": fails(f, result.fail_on)}  # fmt: skip
    if f.facts:
        props["facts"] = list(f.facts)
    if f.unit:
        props["unit"] = f.unit
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": SARIF_LEVEL.get(f.severity, "warning"),
        "message": {"text": sarif_text(f.message)},
        "locations": [{"physicalLocation": _physical(original.get(f.file, f.file), f.line)}],
    }
    if f.evidence:
        out["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(original.get(e.file, e.file), e.line),
             "message": {"text": sarif_text(e.label)}}
            for i, e in enumerate(f.evidence[:SARIF_RELATED], start=1)
        ]
        if len(f.evidence) > SARIF_RELATED:  # the rest counted, not listed
            props["relatedLocationsNotListed"] = len(f.evidence) - SARIF_RELATED
    out["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(f)}
    if f.waiver is not None:
        w = f.waiver
        out["suppressions"] = [{
            "kind": "external",
            "status": "accepted",
            "justification": f"{w.reason}; agreed by {w.agreed_by}; until {w.until.isoformat()}",
            "location": {"physicalLocation": _physical(original.get(w.file, w.file), w.line)},
        }]  # fmt: skip
    out["properties"] = props
    return out


# Azure Pipelines' predefined variables that identify a build, as GHAzDO wants them.
_ADO_VARIABLES = ("SYSTEM_COLLECTIONURI", "SYSTEM_TEAMPROJECT", "SYSTEM_DEFINITIONID",
                  "BUILD_DEFINITIONNAME", "SYSTEM_PHASEID", "SYSTEM_PHASENAME",
                  "BUILD_SOURCEBRANCH", "BUILD_BUILDID")  # fmt: skip
_ADO = "azuredevops/pipeline/build/"


def automation_details(policy: str, env: Mapping[str, str]) -> dict[str, Any]:
    """The run's `automationDetails`. Anywhere but Azure Pipelines, the category
    `workrules/POLICY/`, so code scanning keeps the alerts of each policy apart. In a pipeline
    (TF_BUILD=True with its build variables set), the pipeline's own build identity, the one
    input GitHub Advanced Security for Azure DevOps requires that the files cannot give."""
    values = [env.get(name, "") for name in _ADO_VARIABLES]
    if env.get("TF_BUILD", "").lower() != "true" or not all(values):
        return {"id": f"workrules/{policy}/"}
    collection, project, definition, def_name, phase, phase_name, branch, build = values
    org = collection.rstrip("/").rsplit("/", 1)[-1]
    return {
        "id": f"{_ADO}{org}/{project}/{definition}/{phase}/{branch}/{build}",
        "properties": {f"{_ADO}buildDefinitionId": definition,
                       f"{_ADO}buildDefinitionName": def_name,
                       f"{_ADO}phaseId": phase, f"{_ADO}phaseName": phase_name},
    }  # fmt: skip


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    """The tool as SARIF names it, with the rules it ran."""
    return {"name": "workrules", "fullName": f"workrules {__version__}",
            "informationUri": INFORMATION_URI, "version": __version__,
            "semanticVersion": __version__, "rules": rules}  # fmt: skip


def sarif_log(result: Result) -> dict[str, Any]:
    """The SARIF log as plain data (what `sarif` writes). A location names the file as it
    is: a file name made inert for a log (`##[` written `##\\[`) would point code scanning at
    a file that does not exist, and a URI is percent-encoded, inert as it stands."""
    original = _original_files(result)
    given_settings = result.settings
    original_not_read = result.files_not_read
    result = neutralised(result)
    infos = rule_infos(result)
    policy_ids = {r.id for r in result.rules}
    index = {info.id: i for i, info in enumerate(infos)}
    notifications: list[dict[str, Any]] = []
    for na in result.not_applied:
        notifications.append({
            # (a rule the policy leaves out is a choice a file made, at its line: a warning,
            # as a value set is; a rule that could not judge is a note)
            "level": "warning" if is_left_out(na) else "note",
            "message": {"text": na.reason},
            "descriptor": {"id": na.rule},
            "associatedRule": {"id": na.rule, "index": index[na.rule]},
            "properties": {"clause": na.clause, "parameters": list(na.params)},
        })  # fmt: skip
        if na.file:  # the first record the rule could not judge
            notifications[-1]["locations"] = [
                {"physicalLocation": _physical(original.get(na.file, na.file), na.line)}]
    # each value a file of the repository set over the policy's, at its line: a warning, as
    # the GitHub format's annotation is (the sixteenth attack)
    for shown, given in zip(result.settings, given_settings, strict=True):
        if not shown.file:
            continue
        said = (f"{shown.name} {shown.value} (the policy's: {shown.policy}; set by "
                f"{setter(shown)})")
        notifications.append({
            "level": "warning", "message": {"text": said},
            "descriptor": {"id": "workrules-setting"},
            "locations": [{"physicalLocation": _physical(_posix(given.file), given.line)}],
        })  # fmt: skip
    # each file the folders given held that was not read: a note at it (attack round 34, P7)
    for unread, given_unread in zip(result.files_not_read, original_not_read, strict=True):
        notifications.append({
            "level": "note", "message": {"text": f"Not read by workrules: {unread.reason}"},
            "descriptor": {"id": "workrules-not-read"},
            "locations": [{"physicalLocation": _physical(_posix(given_unread.file), 1)}],
        })  # fmt: skip
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolConfigurationNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {"driver": _driver([_descriptor(info, info.id in policy_ids)
                                    for info in infos])},
        "automationDetails": automation_details(result.policy, os.environ),
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"description": {
            "text": "The directory workrules was run from: relative paths start there."}}},
        "results": [_sarif_result(f, index[f.rule], result, original)
                    for f in result.findings],
        "properties": {"policy": result.policy, "failOn": result.fail_on,
                       "rulesApplied": result.rules_applied},
    }  # fmt: skip
    if result.unread:  # rules with nothing to judge: their silence is no pass
        run["properties"]["rulesUnread"] = [
            {"id": u.rule, "clause": u.clause, "records": u.records} for u in result.unread]
    if result.settings:  # values set over the policy's own (a raised cap hides findings)
        run["properties"]["settings"] = [
            {"name": s.name, "value": s.value, "policy": s.policy, "setBy": setter(s)}
            for s in result.settings]  # fmt: skip
    run["properties"].update(_made_by(result))
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _made_by(result: Result) -> dict[str, Any]:
    """What made the log, after the run's other properties: the policy's digest and each of
    its files' (`Result.policy_digest`), the version, and the day the run judged by, given
    (`--today`) or the real date (a first hour, round 46: an auditor could not tell)."""
    day = result.today_used or result.today
    return {"policyDigest": result.policy_digest,
            "policyFiles": [{"file": p.file, "sha256": p.sha256} for p in result.policy_files],
            "workrulesVersion": __version__, "today": day.isoformat() if day else None,
            "todayGiven": result.today_given}  # fmt: skip


def sarif(result: Result) -> str:
    """The result as a SARIF 2.1.0 log: pretty-printed JSON, byte-identical for the same
    result."""
    return json_text(sarif_log(result)) + "\n"


def json_text(data: Any) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)`, written by orjson (in C: the standard
    library writes an indented document in Python, 25 s for a national SARIF log). The two
    give the same text for the data a log holds: text, whole numbers, booleans, None, lists
    and dicts with text keys (no floats, which they write differently). What orjson refuses
    (a lone surrogate, a number beyond 64 bits, a key that is not text) goes to `json.dumps`."""
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(data, indent=2, ensure_ascii=False)


# ------------------------------------------------------------------------------------- JUnit

# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def junit(result: Result) -> str:
    """The result as JUnit XML: a suite per rule, a case per rule and subject."""
    import xml.etree.ElementTree as ET

    result = neutralised(result)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    root = ET.Element("testsuites", {"name": "workrules", **{k: "0" for k in counts}})
    findings = _by_rule(result.findings)
    not_applied = {na.rule: na for na in result.not_applied}
    # the rules that read no record, with no finding and no reason they were not applied
    # (which their own skipped case gives): one case says them all, below
    nothing = [u for u in result.unread if u.rule not in not_applied and u.rule not in findings]
    left = {u.rule for u in nothing}
    for info in rule_infos(result):
        if info.id in left:
            continue
        suite = ET.SubElement(root, "testsuite", {"name": info.id, **{k: "0" for k in counts}})
        props = ET.SubElement(suite, "properties")
        for name, value in (("clause", info.clause), ("severity", info.severity),
                            ("title", info.title), ("effective", info.effective),
                            ("policy", result.policy)):  # fmt: skip
            if value:
                ET.SubElement(props, "property", {"name": name, "value": _x(value)})
        tally = dict.fromkeys(counts, 0)
        # each case's name says its rule and clause before its subject: GitLab's merge request
        # widget lists failed cases by name alone, and keeps only the first of two alike (a
        # first hour, round 41: two failures both named "S001", and every rule's "all
        # subjects" one case)
        named = f"{info.id} [{info.clause}]: " if info.clause else f"{info.id}: "
        by_subject: dict[str, list[Finding]] = {}
        for f in findings.get(info.id, []):
            by_subject.setdefault(f.subject, []).append(f)
        for subject in sorted(by_subject):
            group = by_subject[subject]
            case = ET.SubElement(suite, "testcase", {
                "classname": info.id, "name": _x(named + subject),
                "file": _x(_posix(group[0].file)),
                "line": str(group[0].line)})  # fmt: skip
            details = _x("\n".join(line for f in group for line in finding_details(f)))
            failing = [f for f in group if fails(f, result.fail_on)]
            waived = [f for f in group if f.waiver is not None]
            tally["tests"] += 1
            if failing:
                worst = max(failing, key=lambda f: SEVERITIES.index(f.severity))
                failure = ET.SubElement(case, "failure", {
                    "message": _x(" ".join(f.message for f in failing)),
                    "type": worst.severity})  # fmt: skip
                failure.text = details
                tally["failures"] += 1
            elif waived:
                reasons = list(dict.fromkeys(waiver_text(f) for f in waived))
                ET.SubElement(case, "skipped", {"message": _x("; ".join(reasons))})
                ET.SubElement(case, "system-out").text = details
                tally["skipped"] += 1
            else:
                ET.SubElement(case, "system-out").text = details
        na = not_applied.get(info.id)
        if na is not None:
            name = "records not checked" if by_subject else "all subjects"
            case = ET.SubElement(suite, "testcase", {"classname": info.id,
                                                     "name": _x(named + name)})  # fmt: skip
            ET.SubElement(case, "skipped", {"message": _x(na.reason)})
            tally["tests"] += 1
            tally["skipped"] += 1
        elif not by_subject:
            ET.SubElement(suite, "testcase", {
                "classname": info.id, "name": _x(named + "all subjects")})  # fmt: skip
            tally["tests"] += 1
        for key, count in tally.items():
            suite.set(key, str(count))
            counts[key] += count
    if nothing:  # nothing to judge is no pass, but one skip, not one a rule (a JD-only
        # repository's 44 rota and caseload rules were 44 skipped cases on every merge
        # request: a first hour, round 53, P9)
        _unread_case(root, nothing)
        counts["tests"] += 1
        counts["skipped"] += 1
    if result.settings:  # a raised cap, an ignored rule, a weaker fail-on: each a case, seen
        suite = ET.SubElement(root, "testsuite", {
            "name": "values set for this run", "tests": str(len(result.settings)),
            "failures": "0", "errors": "0", "skipped": str(len(result.settings))})  # fmt: skip
        for s in result.settings:
            case = ET.SubElement(suite, "testcase", {
                "classname": "values set for this run", "name": _x(s.name),
                "file": _x(_posix(s.file)), "line": str(s.line)})  # fmt: skip
            ET.SubElement(case, "skipped", {"message": _x(
                f"{s.name} {s.value} (the policy's: {s.policy}; set by {setter(s)})")})
        counts["tests"] += len(result.settings)
        counts["skipped"] += len(result.settings)
    if result.files_not_read:  # one case names them all (attack round 34, P7)
        _not_read_case(root, result.files_not_read)
        counts["tests"] += 1
        counts["skipped"] += 1
    for key, count in counts.items():
        root.set(key, str(count))
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")  # fmt: skip


UNREAD_SUITE = "nothing to check"


def _unread_case(root: Any, unread: Sequence[Unread]) -> None:
    """The rules that read no record, as one skipped case of a suite of their own: its message
    the kinds of record the data has none of, its output a line a rule."""
    import xml.etree.ElementTree as ET

    many = len(unread)
    kinds = list(dict.fromkeys(u.records for u in unread))
    listed = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"
    suite = ET.SubElement(root, "testsuite", {"name": UNREAD_SUITE, "tests": "1",
                                              "failures": "0", "errors": "0", "skipped": "1"})
    # one name whatever the count: a consumer that keeps a case's history by its name (GitLab's
    # widget, Azure's test history) sees the same case from run to run (the review of
    # session 53, P8)
    case = ET.SubElement(suite, "testcase", {"classname": UNREAD_SUITE,
                                             "name": "rules with no records to judge"})
    ET.SubElement(case, "skipped", {"message": _x(
        f"{many} rule{'' if many == 1 else 's'} read no records: the data has no {listed}, the "
        f"records {'this rule judges' if many == 1 else 'these rules judge'}")})
    ET.SubElement(case, "system-out").text = _x("\n".join(
        f"{u.rule} [{u.clause}]: the data has no {u.records}" if u.clause else
        f"{u.rule}: the data has no {u.records}" for u in unread))


NOT_READ_SUITE = "files not read"


def _not_read_case(root: Any, unread: Sequence[FileNotRead]) -> None:
    """The files the folders given held that were not read, as one skipped case of a suite of
    its own, of one name whatever the count (a consumer keeps a case's history by it): its
    message how many and the first, its output a line a file with why. A GitLab merge request
    widget, which shows JUnit, said nothing of a job description the walk passed over
    (attack round 34, P7)."""
    import xml.etree.ElementTree as ET

    many = len(unread)
    suite = ET.SubElement(root, "testsuite", {"name": NOT_READ_SUITE, "tests": "1",
                                              "failures": "0", "errors": "0", "skipped": "1"})
    case = ET.SubElement(suite, "testcase", {"classname": NOT_READ_SUITE,
                                             "name": "files in the folders checked not read"})
    were = "file in the folders checked was" if many == 1 else \
        "files in the folders checked were"
    ET.SubElement(case, "skipped", {"message": _x(
        f"{many} {were} not read, so not judged (first: {unread[0].file})")})
    ET.SubElement(case, "system-out").text = _x("\n".join(f"{u.file}: {u.reason}"
                                                          for u in unread))  # fmt: skip


# ------------------------------------------------------------------------------------ GitHub


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as the Actions toolkit does (`escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (`escapeProperty`): also `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, file: str | None = None) -> str:
    """One finding as a workflow command: `::error file=PATH,line=N,title=RULE [CLAUSE]::...`;
    `file`, the file's name as it is, where only a line break made it inert (`_as_named`)."""
    command = "notice" if f.waiver is not None else GITHUB_COMMAND.get(f.severity, "warning")
    props = {"file": _posix(file or f.file), "line": str(f.line) if f.line >= 1 else "",
             "title": f"{f.rule} [{f.clause}]" if f.clause else f.rule}  # fmt: skip
    message = f.message if f.waiver is None else f"{f.message} (waived: {f.waiver.reason})"
    fields = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v)
    return f"::{command} {fields}::{escape_data(message)}"


def setting_annotation(s: Setting, file: str | None = None) -> str:
    """A value a file of the repository set over the policy's (a config's `[set]`, `ignore`,
    `policy`, a repository policy's `set` or `grade`), as a warning on its line: it may weaken
    the gate, and a plain line in the log of a passing step reached no reviewer of the pull
    request (the sixteenth attack: `upw_ratio_from = 2999-12-31` turned 5a off, green)."""
    props = {"file": _posix(file or s.file), "line": str(s.line) if s.line >= 1 else "",
             "title": "workrules: set over the policy's"}  # fmt: skip
    fields = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v)
    said = f"{s.name} {s.value} (the policy's: {s.policy})"
    return f"::warning {fields}::{escape_data(said)}"


def partial_annotation(rule: str, clause: str, reason: str, file: str = "",
                       line: int = 0) -> str:  # fmt: skip
    """A rule applied in part, as a warning (its reason names the records it could not
    judge): at the first of them, `file` and `line`, where one is known, else with no file."""
    title = f"workrules: {rule} [{clause}] applied in part" if clause else \
        f"workrules: {rule} applied in part"
    said = re.sub(r"^applied in part[;:] ", "", reason)
    props = {"file": _posix(file), "line": str(line) if file and line >= 1 else "",
             "title": title}  # fmt: skip
    fields = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v)
    return f"::warning {fields}::{escape_data(said)}"


def left_out_annotation(rule: str, clause: str, reason: str, file: str, line: int) -> str:
    """A rule the policy leaves out (`leave out RULE`), as a warning on the line that left it
    out: a pull request that adds one turns a clause off, and a plain line in the log reached
    no reviewer, where a `set` in the same file got its warning (attack round 29, P1)."""
    named = f"{rule} [{clause}]" if clause else rule
    props = {"file": _posix(file), "line": str(line) if line >= 1 else "",
             "title": f"workrules: {named} left out"}  # fmt: skip
    fields = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v)
    return f"::warning {fields}::{escape_data(f'{named} is not applied: {reason}')}"


class RunNote(NamedTuple):
    """What the command line knows of a run beyond its `Result` (the config it read is not the
    repository's own `workrules.toml`, which differs): a notice at `file` and `line` (none
    where `file` is ""), titled `title`, and a paragraph of the job summary."""

    file: str
    line: int
    title: str
    text: str


def notice(file: str, line: int, title: str, text: str) -> str:
    """A notice annotation: at `file` and `line` where a file is given."""
    props = {"file": _as_named(file) or inert(file) if file else "",
             "line": str(line) if file and line >= 1 else "", "title": title}  # fmt: skip
    fields = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v)
    return f"::notice {fields}::{escape_data(inert(text))}"


def not_read_said(result: Result) -> RunNote | None:
    """The files the folders given held that were not read, as one notice: how many, for each
    reason, and the first. At the first file when it is a file (not a folder), so that a
    pull request's diff shows it where it brought one. Said on standard error alone, a job
    description pasted with no front matter passed the gate unseen (a first hour, round
    49)."""
    if not result.files_not_read:
        return None
    by_why: dict[str, list[str]] = {}
    for unread in result.files_not_read:
        by_why.setdefault(unread.reason, []).append(unread.file)
    many = len(result.files_not_read)
    parts = [f"{_what_unread(reason)}: {len(files)} (first: {files[0]})"
             for reason, files in by_why.items()]  # fmt: skip
    first = result.files_not_read[0].file
    a_file = not first.endswith(("/", os.sep))  # (a folder not walked is named with a "/")
    noun = "file" if many == 1 else "files"
    text = (f"The folders checked hold {many} {noun} that workrules did not read, so did not "
            f"judge: {'; '.join(parts)}. The job summary lists each, with why; a job "
            "description among them is judged once it is saved as workrules reads it.")
    return RunNote(first if a_file else "", 1 if a_file else 0, f"workrules: {many} not read",
                   text)  # fmt: skip


def _what_unread(reason: str) -> str:
    """A reason a file was not read (`inputs.NOT_READ`), shortened to what the file is."""
    return reason.split(",")[0].split(":")[0].removesuffix(", so not read").strip()


def _not_read_summary(result: Result) -> list[str]:
    """The job summary's list of what the folders given held that was not read: each reason
    once, with the files it covers (the first 50 of each)."""
    from .document import md_plain

    if not result.files_not_read:
        return []
    by_why: dict[str, list[str]] = {}
    for unread in result.files_not_read:
        by_why.setdefault(unread.reason, []).append(unread.file)
    many = len(result.files_not_read)
    lines = ["", f"**Not read ({many}): files in the folders checked that workrules did not "
             "read, so did not judge**", ""]  # fmt: skip
    for reason, files in by_why.items():
        named = ", ".join(files[:50]) + (f" and {len(files) - 50} more" if len(files) > 50
                                         else "")  # fmt: skip
        lines.append(f"- {md_plain(no_command_lines(inert(f'{named}: {reason}')))}")
    return lines


def github(result: Result, notes: Sequence[RunNote] = ()) -> str:
    """An annotation per finding, a warning on the line of each value a file of the repository
    set over the policy's, of each rule it leaves out, and one for each rule applied in part, a
    notice for the files the folders given held that were not read and for each of `notes`
    (the command line's), then the rules not applied, the values set and the summary as plain
    lines."""
    said = [n for n in (not_read_said(result), *notes) if n is not None]
    shown = neutralised(result)
    # (each annotation, its line in the log should GitHub not show it, and how much it
    # matters: 0, a value a file set that changes one the policy fixed, or a rule it leaves
    # out; 1, a rule applied in part; 2, a finding; 3, a cap the policy leaves to be agreed,
    # filled in)
    marked: list[tuple[str, str, int]] = [
        (annotation(f, _as_named(given.file)), finding_line(f), 2)
        for f, given in zip(shown.findings, result.findings, strict=True)]  # fmt: skip
    marked.extend((setting_annotation(s, _as_named(given.file)),
                   f"{setter(s)}: set over the policy's: {s.name} {s.value} (the policy's: "
                   f"{s.policy})", 3 if s.policy == "to be agreed" else 0)
                  for s, given in zip(shown.settings, result.settings, strict=True)
                  if s.file)  # fmt: skip
    # a rule the policy leaves out: a warning at its `leave out`, which matters as a value set
    marked.extend((left_out_annotation(na.rule, na.clause, na.reason,
                                       _as_named(given.file) or na.file, na.line),
                   f"{na.rule} [{na.clause}]: {na.reason}", 0)
                  for na, given in zip(shown.not_applied, result.not_applied, strict=True)
                  if is_left_out(na))  # fmt: skip
    # a rule applied in part judged some records and not others (a job description of a
    # grade the data model does not know escaped 7a and 7b): a warning the checks page lists,
    # not a plain line of a green step's log (attack 16); a cap still to be agreed is not one
    marked.extend((partial_annotation(na.rule, na.clause, na.reason,
                                      _as_named(given.file) or na.file, na.line),
                   f"{na.rule} [{na.clause}]: {na.reason}", 1)
                  for na, given in zip(shown.not_applied, result.not_applied, strict=True)
                  if na.partial)  # fmt: skip
    # (what was not read, and a config not the repository's own: notices that matter most)
    marked[:0] = [(notice(n.file, n.line, n.title, n.text), inert(n.text), 0) for n in said]
    lines, unshown = _within_limits(marked)
    result = shown
    plain = [*unshown, *_not_applied_lines(result), *_unread_lines(result),
             *_settings_lines(result), _summary(result)]
    lines.append(no_command_lines("\n".join(plain)))
    return "\n".join(lines) + "\n"


def github_summary(result: Result, notes: Sequence[RunNote] = ()) -> str:
    """The job summary GitHub shows on a run's page, in Markdown (the command line appends it
    to `$GITHUB_STEP_SUMMARY` with `--format github`): what the run found, by rule, the rules
    not applied or applied in part, the values set and what made the report. A rep on a phone
    reads the run's page, where the annotations' plain lines are 270-character lines of a raw
    log (a first hour, round 47, P13). Every text is Markdown-escaped, to show as typed (a
    file's name or a reason's value could be a link, an image, a tag, an entity or an emoji
    code: `document.md_plain`) and free of CI log commands."""
    from .document import md_plain, md_table

    shown = neutralised(result)
    lines = ["## workrules check", "", md_plain(no_command_lines(_summary(shown))), ""]
    counts: dict[tuple[str, str], list[int]] = {}
    for f in shown.findings:
        tally = counts.setdefault((f.rule, f.clause), [0, 0])
        tally[0] += 1
        tally[1] += fails(f, shown.fail_on)
    if counts:
        lines += md_table(["rule", "clause", "findings", "fail the run"],
                           [(rule, clause, n, failing)
                            for (rule, clause), (n, failing) in sorted(counts.items())])
        lines += ["", "Each finding is an annotation on its file and line; the step's log "
                  "lists them all.", ""]  # fmt: skip
    for note in notes:  # (the config read is not the repository's own: said first)
        title = note.title.removeprefix("workrules: ")
        lines += [f"**{md_plain(no_command_lines(inert(title[:1].upper() + title[1:])))}**", "",
                  md_plain(no_command_lines(inert(note.text))), ""]
    for line in (*_not_applied_lines(shown), *_settings_lines(shown)):
        if not line:
            continue
        text = md_plain(no_command_lines(line.strip()))  # (an id or reason as typed)
        lines.append(f"- {text}" if line.startswith("  ") else f"\n**{text}**\n")
    lines += _not_read_summary(result)
    lines += ["", md_plain(no_command_lines(made_by(shown)))]
    return "\n".join(lines) + "\n"


def github_errors_summary(errors: Sequence[WorkrulesError]) -> str:
    """The job summary of a run whose input was refused: each refusal, Markdown-escaped, as
    the annotations give it (`github_summary`)."""
    from .document import md_plain

    lines = ["## workrules check", "", "workrules could not check the files given (exit code "
             "2): nothing was judged. Mend each of these and run it again:", ""]  # fmt: skip
    for err in errors:
        file, line = _where(err)
        place = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
        lines.append(f"- {md_plain(no_command_lines(inert(place + _said(err))))}")
    return "\n".join(lines) + "\n"


ANNOTATIONS_SHOWN = 10  # of each kind (error, warning, notice) GitHub shows for a step


def _within_limits(marked: list[tuple[str, str, int]]) -> tuple[list[str], list[str]]:
    """The annotations GitHub shows, and the log's lines for those it would not: it shows ten
    of each kind (error, warning, notice) a step and drops the rest unsaid, so of a kind with
    more, the nine that matter most (a value that changes one the policy fixed, then a rule
    applied in part, then the findings, then a cap filled in) are annotations, in their
    order, and a tenth counts the others, which the log lists in full as plain lines (attack
    round 17: eleven caps filled in hid the twelfth warning, `upw_ratio_from = 2999-12-31`,
    which turned 5a off; the review of session 40: the others must stay in the log)."""
    from collections import Counter

    kinds = [_kind_of(line) for line, _, _ in marked]
    over = {k for k, n in Counter(kinds).items() if n > ANNOTATIONS_SHOWN}  # (a national
    # check's 114,870 findings: one count each, never a count of the list for each)
    if not over:
        return [line for line, _, _ in marked], []
    out = [line for (line, _, _), k in zip(marked, kinds, strict=True) if k not in over]
    unshown: list[str] = []
    for kind in sorted(over):
        of_kind = sorted((rank, n, line, said) for n, ((line, said, rank), k)
                         in enumerate(zip(marked, kinds, strict=True)) if k == kind)  # fmt: skip
        shown, rest = of_kind[:ANNOTATIONS_SHOWN - 1], of_kind[ANNOTATIONS_SHOWN - 1:]
        out.extend(line for _, _, line, _ in shown)
        title = f"workrules: {len(rest)} more {kind}s, in the log"
        said = (f"GitHub shows {ANNOTATIONS_SHOWN} {kind} annotations a step; the other "
                f"{len(rest)} are the lines under 'Not shown as {kind} annotations' in the log")
        out.append(f"::{kind} title={escape_property(title)}::{escape_data(said)}")
        unshown += ["", f"Not shown as {kind} annotations ({len(rest)}):",
                    *(f"  {said}" for _, _, _, said in sorted(rest, key=lambda r: r[1]))]
    return out, unshown


def _kind_of(annotation_line: str) -> str:
    """An annotation's kind: `error` of `::error file=...::...` (or of `::error::...`)."""
    return re.match(r"::([a-z]+)", annotation_line).group(1)  # type: ignore[union-attr]


# ------------------------------------------------------------------ when the run cannot judge
# Exit 2: the input, the policy or the command could not be used. The CI formats still
# write a report, so that a dashboard says why the check did not run, not just that it did
# not: SARIF a failed invocation with a notification per error, JUnit an <error> case per
# error, GitHub an ::error annotation per error. Messages are already one printable line.


def _where(err: WorkrulesError) -> tuple[str, int]:
    return (_posix(err.file) if err.file else "", err.line or 0)


def sarif_errors(errors: Sequence[WorkrulesError]) -> str:
    """A SARIF log of a run that could not judge: no results, the invocation unsuccessful."""
    notes = []
    for err in errors:
        note: dict[str, Any] = {"level": "error", "message": {"text": inert(_said(err))}}
        file, line = _where(err)
        if file:
            note["locations"] = [{"physicalLocation": _physical(file, line)}]  # (a URI: the
            # name percent-encoded as it is, as a finding's is, not as made inert)
        notes.append(note)
    run = {
        "tool": {"driver": _driver([])},
        # No policy was applied: the category of a run that could not judge.
        "automationDetails": automation_details("input", os.environ),
        "invocations": [{"executionSuccessful": False, "exitCode": 2,
                         "toolExecutionNotifications": notes}],
        "results": [],
    }  # fmt: skip
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json_text(log) + "\n"


def junit_errors(errors: Sequence[WorkrulesError]) -> str:
    """JUnit XML with an <error> test case for each reason the run could not judge."""
    import xml.etree.ElementTree as ET

    count = str(len(errors))
    root = ET.Element("testsuites", {"name": "workrules", "tests": count, "failures": "0",
                                     "errors": count, "skipped": "0"})  # fmt: skip
    suite = ET.SubElement(root, "testsuite", {"name": "workrules", "tests": count,
                                              "failures": "0", "errors": count, "skipped": "0"})
    for err in errors:
        file, line = _where(err)
        attrs_ = {"classname": "workrules", "name": _x(inert(file) or "input")}
        if file:
            attrs_.update(file=_x(inert(file)), line=str(line))
        case = ET.SubElement(suite, "testcase", attrs_)
        said = err.command_line() if isinstance(err, UsageError) else str(err)
        ET.SubElement(case, "error", {"message": _x(said),
                                      "type": type(err).__name__}).text = _x(said)
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")  # fmt: skip


def _as_named(file: str) -> str | None:
    """A file's name as it is, for an annotation's `file=`, where the only characters in it
    that would be made inert are line breaks (which `escape_property` writes as `%0A` and
    `%0D`) and tabs (which a workflow command's property holds as they are), so that GitHub
    finds the file (attack round 15: `jd/a\\nb.md`, as made inert, named no file); None for
    any other name (a log command in it, `##vso[`, a bidi control: the runner's log shows the
    line as it is, and a control would turn the name around there), given as made inert."""
    flat = file.replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return file if inert(flat) == flat else None


def github_errors(errors: Sequence[WorkrulesError]) -> str:
    """An ::error annotation for each reason the run could not judge."""
    lines = []
    for err in errors:
        file, line = _where(err)
        props = {"file": _as_named(file) or inert(file), "line": str(line) if line else "",
                 "title": "workrules could not check this"}  # fmt: skip
        fields = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v)
        lines.append(f"::error {fields}::{escape_data(inert(_said(err)))}")
    return "\n".join(lines) + "\n"


def _said(err: WorkrulesError) -> str:
    """An error's reason without its place, as the command line words it (`--set ...`)."""
    return err.cli if isinstance(err, UsageError) and err.cli else err.message


def _codequality_errors(errors: Sequence[WorkrulesError]) -> str:
    from .codequality import codequality_errors

    return codequality_errors(errors)


ERROR_REPORTERS: dict[str, Callable[[Sequence[WorkrulesError]], str]] = {
    "sarif": sarif_errors,
    "junit": junit_errors,
    "codequality": _codequality_errors,
    "github": github_errors,
}
