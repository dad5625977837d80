"""One rule explained, after ruff's `ruff rule CODE`: what it checks, why, its parameters,
its severity and effective date, and a breach of it in the example data shipped with
workrules. Everything is generated from the policy and the example, so it cannot drift.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from typing import TYPE_CHECKING

from .frozen import replace

if TYPE_CHECKING:
    from .evaluate import CompiledRule
    from .findings import Finding, Result
    from .policy import Policy

EXAMPLE_TODAY = dt.date(2025, 1, 1)  # the example is always checked as on this day
WIDTH = 88


def explain_rule(policy: Policy, rule_id: str) -> str:
    """The rule `rule_id` of `policy` in words (a UsageError, with a suggestion, if the policy
    has no such rule)."""
    from .describe import describe_effective, describe_rule, describe_value

    cr = policy.rule(rule_id)
    rule = cr.rule
    heading = rule.id + (f" ({rule.clause})" if rule.clause else "")
    title = cr.head.title  # (its slots said with the policy's values)
    out = [f"# {heading}" + (f": {title}" if title else "")]

    out += _section("What it checks", [_fill(describe_rule(cr, policy))])
    out += _section("Why", [_fill(rule.why or "The policy gives no reason for this rule.")])

    params = [
        _item(f"`{name}` = {describe_value(policy, name)}"
              + (f": {policy.params[name].doc}" if policy.params[name].doc else ""))
        for name in sorted(cr.params)
    ]  # fmt: skip
    out += _section("Parameters", ["\n".join(params)] if params else [
        _fill("None: the rule's limits are written into it.")])  # fmt: skip

    out += _section("Severity and effective date", [
        f"Severity: {rule.severity}\nIn force: {describe_effective(cr, policy)}\n"
        f"Written in: {rule.pos.file}, line {rule.pos.line} (policy {policy.name})"])  # fmt: skip

    waivers = [w for w in policy.waivers if w.rule == rule.id]
    if waivers:
        out += _section("Waivers", ["\n".join(
            _item(f"for `{w.subject}` until {w.until}, agreed by {w.agreed_by}: {w.reason} "
                  f"({w.file}:{w.line})") for w in waivers)])  # fmt: skip

    out += _section("Example of a breach", _example(policy, cr))
    return "\n".join(out) + "\n"


def _section(title: str, paragraphs: list[str]) -> list[str]:
    return ["", f"## {title}", *(p for para in paragraphs for p in ("", para))]


def _fill(text: str) -> str:
    return textwrap.fill(text, WIDTH, break_on_hyphens=False, break_long_words=False)


def _item(text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent="- ", subsequent_indent="  ",
                         break_on_hyphens=False, break_long_words=False)  # fmt: skip


def _example(policy: Policy, cr: CompiledRule) -> list[str]:
    """The first breach of the rule in the shipped example, or why there is none."""
    from .dataset import load_data
    from .errors import WorkrulesError
    from .resources import example_files

    files = example_files()
    if not files:
        return [_fill("No example data is shipped with this installation of workrules.")]
    base = os.path.commonpath([os.path.dirname(f) for f in files])
    names = ", ".join(os.path.relpath(f, base) for f in files)
    about = (f"The example data shipped with workrules ({names}), checked as on "
             f"{EXAMPLE_TODAY.isoformat()}")  # fmt: skip
    try:
        data = load_data(files)
        single = replace(policy, rules=(cr,),
                              waivers=tuple(w for w in policy.waivers if w.rule == cr.id))
        result: Result = single.check(data, today=EXAMPLE_TODAY)
    except WorkrulesError as err:
        return [_fill(f"The example data could not be checked: {err}")]

    not_applied = [na for na in result.not_applied if na.rule == cr.id]
    part = [na for na in not_applied if na.partial]
    if not_applied and not part:
        unset = not_applied[0].params
        verb = "is" if len(unset) == 1 else "are"
        command = f"workrules explain {cr.id} {_policy_option(policy)}" + " ".join(
            _set_option(policy, name) for name in unset)
        paras = [
            _fill(f"Not applied: the cap is not yet agreed ({', '.join(unset)} {verb} unset), "
                  f"so the rule finds nothing in the example data. To apply it, give "
                  f"{'it a value' if len(unset) == 1 else 'each a value'} (N) with --set, "
                  "here or with workrules check:"),
            "    " + command,
        ]  # fmt: skip
        keyed = [policy.params[name] for name in unset if policy.params[name].keyed_by]
        paras += [_fill(f"KEY is a {d.keyed_by} of {d.name}: {', '.join(d.keys)}; set each "
                        "one that applies.") for d in keyed]  # fmt: skip
        return paras

    findings = [f for f in result.findings if f.rule == cr.id]
    notes = [_fill(f"The rule was {na.reason}.") for na in part]
    if not findings:
        return [_fill(f"{about}, holds no breach of this rule."), *notes]
    first = _relative(findings[0], base)
    waived = sum(1 for f in findings if f.waiver is not None)
    times = "once" if len(findings) == 1 else f"{len(findings)} times"
    times += f" ({waived} waived)" if waived else ""
    lead = f"{about}, breaches the rule {times}" + (". The first:" if len(findings) > 1 else ":")
    return [_fill(lead), "\n".join("    " + line for line in _finding_lines(first)), *notes]


def _finding_lines(f: Finding) -> list[str]:
    from .report import finding_line, waiver_text

    lines = [finding_line(f),
             f"    subject {f.subject}; {f.when()}; measured {f.measured}, limit {f.limit}"]
    if f.facts:
        lines.append(f"    because {'; '.join(f.facts)}")
    lines.append("    evidence " + ", ".join(f"{e.label} ({e.file}:{e.line})" for e in f.evidence))
    if f.waiver is not None:
        lines.append(f"    {waiver_text(f)}")
    return lines


def _relative(f: Finding, base: str) -> Finding:
    """The finding with the example's folder left out of every path it names."""
    prefix = base + os.sep

    def rel(text: str) -> str:
        return text.replace(prefix, "")

    return replace(
        f, file=rel(f.file), subject=rel(f.subject), message=rel(f.message),
        facts=tuple(rel(x) for x in f.facts),
        evidence=tuple(replace(e, file=rel(e.file), label=rel(e.label))
                       for e in f.evidence),
    )  # fmt: skip


def _policy_option(policy: Policy) -> str:
    from .resources import DEFAULT_POLICY, shipped_policies

    last = policy.files[-1]
    shipped_name = os.path.splitext(os.path.basename(last))[0]
    if last == f"policies/{shipped_name}.wr" and shipped_name in shipped_policies():
        return "" if shipped_name == DEFAULT_POLICY else f"--policy {shipped_name} "
    return f"--policy {last} "


def _set_option(policy: Policy, name: str) -> str:
    if policy.params[name].keyed_by:
        return f"--set '{name}[KEY]=N'"
    return f"--set {name}=N"
