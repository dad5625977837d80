"""A policy: parameters with their values and compiled rules, ready to check data.

`load_policy` reads a policy file (or a shipped policy by name), follows `extends`, applies
`set` statements and command-line assignments, and compiles every rule. `Policy.check`
runs the rules over a `Dataset` and returns a `Result`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import stat
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from . import model as m
from . import waivers as waiving
from .dataset import (
    Dataset,
)
from .engine.choice import RunRule
from .engine.common import APART, Env
from .engine.notices import (
    absent_data_notice,
    acting_notice,
    away_notice,
    caseholders_notice,
    contract_step_notice,
    daily_dips_notice,
    days_worked_notice,
    expected_notice,
    from_notice,
    grade_of_clause_notice,
    implausible_notice,
    join_notice,
    judged_alone_notice,
    learners_total_notice,
    monday_readings_notice,
    one_site_notice,
    pattern_notice,
    those_notice,
    tier_notice,
    two_ids_notice,
    unassessed_notice,
    units_apart_notice,
    unknown_grade_notice,
    unread_members_notice,
    unreadable_notice,
    unstated_notice,
    who_left_out_notice,
)
from .engine.python import Explainer, run_rule
from .errors import (
    InputError,
    PolicyError,
    UsageError,
    WorkrulesError,
    collected,
    did_you_mean,
    printable,
)
from .evaluate import CompiledRule, Missing, limit_from, placer
from .findings import (
    DEFAULT_FAIL_ON,
    EXPIRED_WAIVER,
    FAIL_ON,
    Evidence,
    FailOn,
    Finding,
    LeftOut,
    NotApplied,
    Period,
    PolicySource,
    Result,
    RuleInfo,
    Setting,
    Unread,
    WaiverInfo,
)
from .lang import ir
from .lang.ir import param_type
from .limits import MAX_ERRORS_PER_FILE, MAX_MENTION_WORDS, MAX_POLICY_BYTES, MAX_REGEX_PROGRAM
from .render import render
from .resources import (
    DEFAULT_POLICY,
    caller_root,
    data_dir,
    is_within,
    named_in_root,
    repository_root,
    shipped_policies,
    shipped_policy,
)
from .waivers import RunNames, pin_covers, pin_said

if TYPE_CHECKING:
    from typing import NamedTuple

    from .lang import nodes as n
else:
    from .named_tuple import NamedTuple


class ParamFacts(NamedTuple):
    """What a run reads of a parameter's declaration: its name, type and keys."""

    name: str
    type: str  # percent | hours | days | count | number | date | ratio
    keyed_by: str = ""
    keys: tuple[str, ...] = ()


def param_facts(decl: n.Param) -> ParamFacts:
    return ParamFacts(decl.name, decl.type, decl.keyed_by, decl.keys)


class _Fetched(Mapping[str, Any]):
    """A mapping whose keys are known and whose values (parts of the AST) are fetched the
    first time one is asked for: a policy from the cache of its type-checked form decodes
    no AST unless a tool reads it."""

    __slots__ = ("_fetch", "_got", "_keys")

    def __init__(self, keys: Iterable[str], fetch: Any) -> None:
        self._keys, self._fetch, self._got = dict.fromkeys(keys), fetch, None

    def _all(self) -> Mapping[str, Any]:
        got = self._got
        if got is None:
            got = self._got = self._fetch()
        return got  # type: ignore[no-any-return]

    def __getitem__(self, key: str) -> Any:
        return self._all()[key]

    def __iter__(self) -> Any:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __repr__(self) -> str:
        return repr(dict(self._all()))


class ValueHistory(msgspec.Struct, frozen=True):
    """A parameter's dated values: `steps` are (from, value), oldest first; a first step
    from None holds from the start, otherwise the parameter is unset before the first date."""

    steps: tuple[tuple[dt.date | None, Any], ...]

    def at(self, day: dt.date | None) -> Any:
        """The value in force on `day` (None: before every dated step)."""
        value = None
        for since, v in self.steps:
            if since is None or (day is not None and since <= day):
                value = v
            else:
                break
        return value

    def dates(self) -> list[dt.date]:
        return [since for since, _ in self.steps if since is not None]


def value_words(value: Any, ptype: Any, *, until: bool = False) -> str:
    """A parameter value, or its dated history, in words: `8 h`, `to be agreed`, `5, then 4
    from 2024-06-10`. A history unset before its first date starts `to be agreed` (with
    `until`: `to be agreed until DATE`)."""
    if isinstance(value, ValueHistory):
        steps = [f"{value_words(v, ptype)} from {since}" if since else value_words(v, ptype)
                 for since, v in value.steps]  # fmt: skip
        first = value.steps[0][0] if value.steps else None
        if first is not None:
            steps.insert(0, f"to be agreed until {first}" if until else "to be agreed")
        return ", then ".join(steps)
    return render(value, ptype) if value is not None else "to be agreed"


def _histories(value: Any) -> list[ValueHistory]:
    if isinstance(value, ValueHistory):
        return [value]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, ValueHistory)]
    return []


def _at(value: Any, day: dt.date | None) -> Any:
    if isinstance(value, ValueHistory):
        return value.at(day)
    if isinstance(value, dict):
        return {k: _at(v, day) for k, v in value.items()}
    return value


class Policy(msgspec.Struct, frozen=True):
    """Compiled rules and parameter values. Immutable; `with_values` returns a new one."""

    name: str
    title: str
    files: tuple[str, ...]
    params: Mapping[str, n.Param]
    values: Mapping[str, Any]  # plain: value, ValueHistory or None; keyed: dict key -> those
    rules: tuple[CompiledRule, ...]
    waivers: tuple[WaiverInfo, ...] = ()
    # declared grade -> family, or ""
    grades: Mapping[str, str] = msgspec.field(default_factory=dict)
    words: Mapping[str, n.WordList] = msgspec.field(default_factory=dict)
    patterns: Mapping[str, n.TextPattern] = msgspec.field(default_factory=dict)
    # what a run reads of `params` (which a policy from the cache decodes only when asked)
    facts: Mapping[str, ParamFacts] = msgspec.field(default_factory=dict)
    # the values set over the policy's own (`with_values`), each once, the last set winning
    settings: tuple[Setting, ...] = ()
    # rule id -> the rule as type-checked, for each rule whose grade comparisons the declared
    # grades widened (`ir.widen_grades`): a later declaration widens it afresh
    as_checked: Mapping[str, CompiledRule] = msgspec.field(default_factory=dict)
    # its files as read, the policy's own first, then each it extends, with their SHA-256, and
    # the SHA-256 of them all one after another (`sha256:HEX`): what a report names it by
    digest: str = ""
    sources: tuple[PolicySource, ...] = ()
    # whether each of `files` is a shipped policy's file: a repository's own may be shown by
    # the same name (`policies/claim-2024.wr`), which `diff`'s heading tells apart
    shipped: tuple[bool, ...] = ()
    # the rules of a policy it extends that it leaves out (`leave out RULE`), each listed as
    # not applied in every report, with where it was left out
    left_out: tuple[LeftOut, ...] = ()
    # rule id -> its title as written, for each title that names a parameter's value
    # (`_titled`): the rules' heads say it with the values in force
    title_sources: Mapping[str, str] = msgspec.field(default_factory=dict)

    def __repr__(self) -> str:
        # short: every compiled rule and word list in full ran to 3.5 million characters, in a
        # service's log from one `logger.info("%r", policy)` (a first hour, round 44)
        return (f"Policy(name={self.name!r}, rules={len(self.rules)}, "
                f"files={list(self.files)!r})")

    def with_grades(self, grades: Iterable[tuple[str, str]], file: str | None = None,
                    lines: Sequence[int | None] = ()) -> Policy:  # fmt: skip
        """Declare grades beyond the vocabulary (from a project config, say), each with the
        family whose caps it falls under ("" for none); `lines`: where each is written."""
        declared = dict(self.grades)
        for i, (name, family) in enumerate(grades):
            try:
                _declare(name, family, declared, file)
            except UsageError as err:
                err.line = lines[i] if i < len(lines) else None
                raise
        if declared == self.grades:
            return self
        return self._with_declared(declared)

    def _with_declared(self, grades: Mapping[str, str]) -> Policy:
        """This policy with `grades` declared: each rule that compares a grade with grades
        written in it compares the grades declared like them too (`ir.widen_grades`), widened
        from the rule as type-checked, so that a grade declared again is judged by its last
        declaration alone."""
        rules, checked, likes = [], {}, ir.GradeLikes(grades)
        for cr in self.rules:
            base = self.as_checked.get(cr.id, cr)
            wide = ir.widen_grades(base, likes)
            rules.append(wide)
            if wide is not base:
                checked[cr.id] = base
        return msgspec.structs.replace(self, rules=tuple(rules), grades=grades,
                                       as_checked=checked)._titled()  # fmt: skip

    def _titled(self) -> Policy:
        """This policy with each rule's title that names a parameter (`title "Unpaid Work
        group above {upw_ratio}"`) said with its value, from the title as written
        (`title_sources`, taken from the rules as type-checked the first time): every report,
        `rules` and `render` then say the value the policy judges by, an offer's 1:7 where the
        claim says 1:6 (a first hour, round 48). A dated value is said whole, never by the
        day: "five programme sessions (four from 2026-04-01)"."""
        sources = self.title_sources or {cr.id: cr.head.title for cr in self.rules
                                         if "{" in cr.head.title or "}" in cr.head.title}
        if not sources:
            return self
        from .render import TitleSlot, slot_words, title_parts

        def filled(slot: TitleSlot) -> str:
            value, type_ = self.values.get(slot.name), ir.type_named(self.facts[slot.name].type)
            if not isinstance(value, ValueHistory) or not value.steps:
                return slot_words(slot, value, type_)
            # a dated value said whole, its first value then the later ones in brackets: a
            # heading over findings judged under each must tell neither reader that one held
            # all along, nor depend on the day a report is made (a first hour, round 51: "More
            # than four" over findings judged at five, and from the machine's clock)
            # A value unset before its first date is said as its first value, with its date and
            # "to be agreed before" in the brackets, as `rules` says the history ("to be agreed
            # until 2026-04-01, then 2 from 2026-04-01"), never "More than to be agreed (two
            # ...)" (round 51's review, P9)
            first_from, first = value.steps[0]
            head = slot_words(slot, first, type_)
            bare = slot._replace(nouns=None, words=True) if slot.nouns else slot
            after = [f"{slot_words(bare, v, type_)} from {since}" for since, v in value.steps[1:]]
            if first_from is not None:
                after.insert(0, f"from {first_from}")
            unset = "; to be agreed before" if first_from is not None else ""
            return f"{head} ({', '.join(after)}{unset})"

        rules = []
        for cr in self.rules:
            source = sources.get(cr.id)
            if source is not None:
                said = "".join(part if not isinstance(part, TitleSlot) else filled(part)
                               for part in title_parts(source))  # fmt: skip
                if said != cr.head.title:
                    cr = cr._replace(head=cr.head._replace(title=said))
            rules.append(cr)
        return msgspec.structs.replace(self, rules=tuple(rules), title_sources=sources)

    def with_waivers(self, waivers: Iterable[WaiverInfo]) -> Policy:
        """Add recorded exceptions (from a project config, say); their rules must exist."""
        added = tuple(waivers)
        ids = [cr.id for cr in self.rules]
        for w in added:
            if w.rule not in ids:
                raise UsageError(f"waiver for '{w.rule}': policy {self.name} has no such rule"
                                 f"{did_you_mean(w.rule, ids)}", file=w.file,
                                 line=w.line)  # fmt: skip
        _refuse_waived_twice(self.waivers + added, UsageError)
        return msgspec.structs.replace(self, waivers=self.waivers + added)

    def with_rules(self, select: Iterable[str] = (), ignore: Iterable[str] = (), *,
                   file: str | None = None,
                   lines: tuple[int | None, int | None] = (None, None)) -> Policy:  # fmt: skip
        """Only the rules `select` names (all when empty), less those `ignore` names. Each
        entry is a rule id, a pattern with `*` and `?` (`jd-*`) or a clause the policy's rules
        cite (`4c`, `7`: its rules, as `explain` gives them); one that names no rule is
        refused with the likely id (`file`: the config it was written in, and `lines`
        where select and ignore are, for messages). A choice that leaves no rule is refused:
        a gate that checks nothing must not pass."""
        from fnmatch import fnmatchcase

        from .arguments import many

        select, ignore = many(select, "select", "['jd-*']"), many(ignore, "ignore", "['jd-*']")
        ids = [cr.id for cr in self.rules]

        def matching(patterns: Iterable[str], option: str, line: int | None) -> set[str]:
            found: set[str] = set()
            for pattern in patterns:
                hits = {i for i in ids if fnmatchcase(i, pattern)}
                if not hits and not any(c in pattern for c in "*?["):  # a clause: `4c`, `7`
                    hits = set(self.rules_of_clause(pattern))  # (a first hour, round 37)
                if not hits:
                    how = "matching " if any(c in pattern for c in "*?[") else ""
                    why = (self._all_left_out(pattern) or f"policy {self.name} has no rule "
                           f"{how}'{pattern}'"
                           f"{self._left_out_hint(pattern) or did_you_mean(pattern, ids)}")
                    # (a config's line names its key; the command line its option)
                    raise UsageError(f"{option} {pattern}: {why}", file=file, line=line,
                                     cli=None if file else f"--{option} {pattern}: {why}")
                found |= hits
            return found

        select, ignore = list(select), list(ignore)
        if not select and not ignore:
            return self
        chosen = matching(select, "select", lines[0]) if select else set(ids)
        chosen -= matching(ignore, "ignore", lines[1])
        if not chosen and ids:
            said = " and ".join(f"{o} {', '.join(p)}" for o, p in
                                (("select", select), ("ignore", ignore)) if p)  # fmt: skip
            raise UsageError(f"{said}: no rule of policy {self.name} is left to check, so the "
                             "run would check nothing", file=file,
                             line=lines[1] if ignore else lines[0])  # fmt: skip
        return msgspec.structs.replace(
            self, rules=tuple(cr for cr in self.rules if cr.id in chosen))

    def rule_info(self) -> tuple[RuleInfo, ...]:
        out = []
        for cr in self.rules:
            r = cr.head
            out.append(RuleInfo(r.id, r.clause, r.title, r.why, r.severity, r.effective,
                                r.file, r.line))  # fmt: skip
        return tuple(out)

    def rule(self, rule_id: str) -> CompiledRule:
        for cr in self.rules:
            if cr.id == rule_id:
                return cr
        hint = (self._left_out_hint(rule_id) or did_you_mean(rule_id, [r.id for r in self.rules])
                or self._rule_hint(rule_id))  # fmt: skip
        raise UsageError(f"policy {self.name} has no rule '{rule_id}'{hint}")

    def rules_of_clause(self, word: str) -> list[str]:
        """The ids of the rules that check clause `word` (`5a`, `[5a]`), else those of its
        parts (`1.2k` for `1.2k(i)`, `5` for `5a` to `5c`), in the policy's order; [] when it
        names none."""
        clauses = [r.rule.clause for r in self.rules]
        return [self.rules[i].id for i in _of_clause(word, clauses)]

    def left_out_picked(self, pattern: str) -> list[LeftOut]:
        """The rules this policy leaves out that `pattern` (as `--select` takes it: an id, a
        pattern with `*`, or a clause) would pick were they applied: a selection that picks
        one is said to, never "0 findings ... nothing to report" alone (attack round 29,
        P1). A clause picks as `rules_of_clause` does, over the rules and those left out."""
        return left_out_picked(pattern, [(r.id, r.rule.clause) for r in self.rules],
                               self.left_out)  # fmt: skip

    def _all_left_out(self, pattern: str) -> str:
        """Why `pattern`, a clause or a pattern that picks no rule applied, picks nothing: the
        rules it picks are all left out, each with the line that left it out (attack round
        29, P4: `--select 7a` said the policy "has no rule '7a'"); "" otherwise (an id left
        out is said by `_left_out_hint`)."""
        gone = self.left_out_picked(pattern)
        if not gone or [lo.rule for lo in gone] == [pattern]:
            return ""
        glob = any(c in pattern for c in "*?[")
        what = f"rules matching '{pattern}'" if glob else \
            f"rules of clause {pattern.strip().strip('[]')}"
        return (f"the {what} are all left out by policy {self.name}: "
                f"{', '.join(f'{lo.rule} by {lo.file}:{lo.line}' for lo in gone)}; "
                "'workrules rules' lists the rules it applies")

    def _left_out_hint(self, rule_id: str) -> str:
        """`; it is left out by offer.wr:22`, where the policy leaves that rule out."""
        lo = next((lo for lo in self.left_out if lo.rule == rule_id), None)
        return f"; it is left out by {lo.file}:{lo.line}" if lo is not None else ""

    def _rule_hint(self, word: str) -> str:
        """What to give instead of `word`, which names no rule: the rules of a clause when it
        is one (`5a`, `[5a]`), else where a finding names its rule."""
        import re

        ids = self.rules_of_clause(word)
        if ids:
            return f"; clause {word.strip().strip('[]')} is checked by {', '.join(ids)}"
        if re.search(r":\d+:?$", word):  # `rota.yaml:13`: a finding's place, not its rule
            return ("; give the rule id a finding shows after its file:line, e.g. "
                    f"'{self.rules[0].id}' ('workrules rules' lists them)" if self.rules else "")
        return "; 'workrules rules' lists the rules" if self.rules else ""

    def with_values(self, assignments: Iterable[str], *, file: str | None = None,
                    lines: Sequence[int | None] = ()) -> Policy:  # fmt: skip
        """Apply `name=value` / `name[KEY]=value` assignments (the CLI's --set). From a file
        (a config's [set]), `file` and `lines` say where each was written, for messages."""
        from .arguments import many

        assignments = many(assignments, "set_values", "['sfo_open_reviews_max=2']")
        values = {k: (dict(v) if isinstance(v, dict) else v) for k, v in self.values.items()}
        settings = {s.name: s for s in self.settings}
        first: dict[tuple[str, Any], tuple[str, int | None]] = {}  # in one file: each once
        for i, text in enumerate(assignments):
            if not isinstance(text, str):
                raise UsageError(f"set_values[{i}]: expected NAME=VALUE text, not "
                                 f"{type(text).__name__}; e.g. 'sfo_open_reviews_max=2'")
            where = (file, lines[i] if i < len(lines) else None) if file is not None else None
            name, key, value = _parse_assignment(text, self.facts, where, self.grades)
            if where is not None:
                if (name, key) in first:  # `{ SPO = 6, Spo = 7 }`: one grade, two values
                    said, line = first[name, key]
                    at = f" (line {line})" if line is not None else ""
                    raise UsageError(f"set {text}: {name}{f'[{key}]' if key else ''} is "
                                     f"already set by {said}{at}; give each value once",
                                     file=where[0], line=where[1])  # fmt: skip
                first[name, key] = (text, where[1])
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0:
                self._refuse_zero_divisor(name, text, where)
            shown = name if key is None else f"{name}[{key}]"
            ptype = ir.type_named(self.facts[name].type)
            before = settings[shown].policy if shown in settings else value_words(
                values[name] if key is None else values[name].get(key), ptype)
            if key is None:
                values[name] = value
            else:
                values[name][key] = value
            settings.pop(shown, None)  # (in the order last set)
            settings[shown] = Setting(shown, value_words(value, ptype), before,
                                      where[0] if where else "", (where[1] or 0) if where else 0)
        return msgspec.structs.replace(self, values=values,
                                       settings=tuple(settings.values()))._titled()

    def _refuse_zero_divisor(self, name: str, text: str,
                             where: tuple[str, int | None] | None) -> None:  # fmt: skip
        """A parameter a rule divides by cannot be 0: every quotient would have no value, and
        the rule would read as if nothing were there (a full-time week of 0 h: no one in post)."""
        by = sorted({cr.id for cr in self.rules for e in (*cr.check, cr.where, *cr.template)
                     if ir.is_node(e) for x in ir.walk(e)
                     if isinstance(x, ir.Arith) and x.op == "/" and isinstance(x.right, ir.Param)
                     and x.right.name == name})  # fmt: skip
        if by:
            reason = (f"{name} cannot be 0: {', '.join(by)} divides by it, and nothing "
                      f"divided by 0 has a value")  # fmt: skip
            if where is None:
                raise UsageError(f"set value {text!r}: {reason}", cli=f"--set {text}: {reason}")
            raise UsageError(f"set {text}: {reason}", file=where[0], line=where[1])

    def describe_value(self, name: str) -> str:
        decl, value = self.params[name], self.values[name]
        ptype = param_type(decl)
        if decl.keyed_by:
            return "; ".join(f"{k} {value_words(v, ptype)}" for k, v in value.items())
        return value_words(value, ptype)

    def _wholly_unset(self, name: str) -> bool:
        value = self.values[name]
        if self.facts[name].keyed_by:
            return all(v is None for v in value.values())
        return value is None

    def values_at(self, day: dt.date) -> dict[str, Any]:
        """Every parameter's value on `day` (a keyed one: a dict of key -> value)."""
        return {k: _at(v, day) for k, v in self.values.items()}

    def check(self, data: Dataset, *, today: dt.date | None = None,
              fail_on: FailOn = DEFAULT_FAIL_ON, engine: str = "auto") -> Result:  # fmt: skip
        """Run every rule over `data`.

        `today` decides which waivers have expired and which value of a dated parameter
        applies to records without a day (default: the real date). `fail_on` is the weakest
        severity that fails the run (see `Result.exit_code`). `engine`: python, columnar
        (the same findings, faster on large data sets) or auto (`engine.choice`). Data that
        holds no record at all (`load_data([])`, or lists given empty) is refused, as
        `workrules.check` refuses it: a check of nothing would pass.
        """
        return self._check_any(data, today=today, fail_on=fail_on, engine=engine,
                               empty=False)  # fmt: skip

    def _check_any(self, data: Dataset, *, today: dt.date | None = None,
                   fail_on: FailOn = DEFAULT_FAIL_ON, engine: str = "auto",
                   empty: bool = True) -> Result:  # fmt: skip
        """`check`; with `empty`, data with no record is checked too, for what is no gate (a
        policy's tests, a comparison of two policies), which reports what it found as before."""
        from .arguments import day

        if not isinstance(data, Dataset):  # `policy.check(["rota.yaml"])`: files, not data
            raise UsageError(f"data: expected a Dataset (from workrules.load_data), not "
                             f"{type(data).__name__}; workrules.check(files) loads files")
        today = day(today)
        if fail_on not in FAIL_ON:  # a caller without a type-checker may pass any text
            choose = f"choose one of {', '.join(FAIL_ON)}{did_you_mean(fail_on, FAIL_ON)}"
            raise UsageError(f"fail_on={fail_on!r}: {choose}",
                             cli=f"--fail-on {fail_on}: {choose}")
        if not self.rules:  # a gate that checks nothing must not pass
            raise UsageError(f"policy {self.name} has no rules, so it would check nothing",
                             file=self.files[-1] if self.files else None)  # fmt: skip
        if not empty:  # nor one given nothing (a first hour, round 44: a service's empty upload
            refuse_nothing(data)  # passed with exit code 0 where `workrules.check` refused it)
        from .engine.choice import runner
        from .gc_pause import gc_paused_if_asked

        run = runner(engine, data)
        with gc_paused_if_asked():
            result = self._check(data, today or dt.date.today(), fail_on, run)
        # the day given is said in the result as JSON's `today`, as it always was; the day the
        # run judged by, given or not, is `today_used` (a first hour, round 46: an auditor
        # could not tell which day a report made without `--today` was judged by)
        if today is None:
            return result
        return msgspec.structs.replace(result, today=today, today_given=True)

    def _check(self, data: Dataset, today: dt.date, fail_on: FailOn,
               run: RunRule = run_rule) -> Result:  # fmt: skip
        values = self._nearest_caps({k: _at(v, today) for k, v in self.values.items()})
        unknown = self._unknown_grades(data)
        # a record whose compared grade is among them is not judged (`ir.KnownGrade`), as the
        # rule's notice of unknown grades says
        unknown_grades = frozenset(g for held in unknown.values() for g in held)
        env = Env(data.staff, values, _cap_families(self.grades), today,
                  unknown_grades=unknown_grades)  # fmt: skip
        findings: list[Finding] = []
        # a rule left out is said first, with the line that left it out: a local policy that
        # drops a clause of the claim is no silent pass (a first hour, round 48)
        not_applied: list[NotApplied] = [
            NotApplied(lo.rule, lo.clause, lo.said(), (), file=lo.file, line=lo.line)
            for lo in self.left_out]  # fmt: skip
        applied = 0
        ran: set[str] = set()
        given: dict[tuple[str, ...], Any] = {}  # fields with a default the data gives
        # never imported here; another thread may be importing it still (the first hour of
        # session 38: "partially initialized module" from a check beside a columnar one)
        columnar = sys.modules.get("workrules.engine.columnar")
        if columnar is not None and run is getattr(columnar, "run_rule", None):
            columnar.begin([cr for cr in self.rules if not self._changes(cr) and not any(
                self._wholly_unset(p) for p in cr.params)], data, env)  # every rule's plan at once
        for cr in self.rules:
            if isinstance(cr.where, ir.Const) and cr.where.value is False:
                # `where false`: the way the docs once gave to drop a clause, which judged no
                # record and read as "0 findings" (a first hour, round 48): not applied
                not_applied.append(NotApplied(
                    cr.id, cr.head.clause, f"its 'where' is false, so it judges no record (to "
                    f"leave a rule out, write: leave out {cr.id})", (), file=cr.head.file,
                    line=cr.head.line))  # fmt: skip
                continue
            unset = sorted(p for p in cr.params if self._wholly_unset(p))
            if unset:
                hint = ", ".join(f"--set {p}{'[KEY]' if self.facts[p].keyed_by else ''}="
                                 f"{'DATE' if self.facts[p].type == 'date' else 'N'}"
                                 for p in unset)  # fmt: skip
                what = "date" if all(self.facts[p].type == "date" for p in unset) else "cap"
                not_applied.append(NotApplied(
                    cr.id, cr.head.clause,
                    f"{what} not yet agreed: {', '.join(unset)} "
                    f"{'is' if len(unset) == 1 else 'are'}"
                    f" unset (set with {hint})",
                    tuple(unset),
                ))  # fmt: skip
                continue
            applied += 1
            ran.add(cr.id)
            changes = self._changes(cr)
            first = len(findings)  # this rule's findings are those added from here
            dated = None  # what a dated cap left unjudged before its first date
            if not changes:
                measured, missing = run(cr, data, env)
                findings.extend(placer(cr, env, data)(measured))
            else:
                missing, dated = self._run_dated(cr, data, today, findings, run, unknown_grades)
            notice = unknown_grade_notice(cr, unknown)
            in_part = notice
            missing = _beyond_every_cap(cr, missing, data)
            if notice is not None and missing:  # an unknown grade is said as one, not also
                missing = {(pname, key, who) for pname, key, who in missing  # as a grade with
                           if not (who and key in notice.params and self.facts[pname].keyed_by
                                   == "grade")}  # no cap (a first hour, round 53, P8)
            if missing:
                in_part = self._in_part(cr, missing, data)
                if notice is not None:  # one notice per rule, saying all it could not judge
                    in_part = msgspec.structs.replace(
                        in_part, params=in_part.params + notice.params,
                        reason=f"{in_part.reason}; {notice.reason.split('; ', 1)[1]}",
                        file=in_part.file or notice.file, line=in_part.line or notice.line)
            if not changes and len(findings) == first and cr.effective is not None:
                late = from_notice(cr, data, env.params.get(cr.effective) if isinstance(
                    cr.effective, str) else cr.effective, self.settings)  # fmt: skip
                if late is not None:  # it judged nothing: not applied, as a cap left unset
                    not_applied.append(late)
                    applied -= 1
            if dated is not None:  # (the records before a first date said first)
                in_part = dated if in_part is None else msgspec.structs.replace(
                    dated, params=tuple(dict.fromkeys(dated.params + in_part.params)),
                    reason=f"{dated.reason}; "
                           f"{in_part.reason.removeprefix('applied in part; ')}",
                    file=in_part.file, line=in_part.line)  # fmt: skip
            if in_part is not None:
                not_applied.append(in_part)
            for said in (unstated_notice(cr, data, given),
                         expected_notice(cr, data, env, given, self.rules),
                         absent_data_notice(cr, data),
                         acting_notice(cr, data, given),
                         monday_readings_notice(cr, data, given),
                         two_ids_notice(cr, data, given), days_worked_notice(cr, data, given),
                         away_notice(cr, data, given),
                         implausible_notice(cr, data, given, findings, first),
                         pattern_notice(cr, data, findings, first),
                         contract_step_notice(cr, data, env, findings, first),
                         units_apart_notice(cr, data, findings, first),
                         unreadable_notice(cr, data, env, findings[first:]),
                         judged_alone_notice(cr, data, env, given),
                         tier_notice(cr, data, env, given, self.rules),
                         unassessed_notice(cr, data, env, given, self.rules),
                         grade_of_clause_notice(cr, data, env, given, self.rules),
                         caseholders_notice(cr, data, env),
                         learners_total_notice(cr, data, env),
                         who_left_out_notice(cr, data, env),
                         unread_members_notice(cr, data, env),
                         daily_dips_notice(cr, data, env, findings, first),
                         those_notice(cr, data, env),
                         one_site_notice(cr, data, findings, first)):
                if said is not None:  # one notice per rule: joined to the rule's other one
                    join_notice(not_applied, cr, said)
        names = RunNames(data.files)
        findings = self._waive(findings, today, names)
        settings = self._waivers_of_everyone(
            data, self._waivers_of_no_one(data, findings, today, names), today, names)
        findings.sort(key=Finding.sort_key)
        unread = _unread(self.rules, data, findings)
        if unread:  # what stopped them (a cap not yet agreed, say) is moot: nothing to judge
            idle = {u.rule for u in unread}  # and a rule that judged nothing was not applied
            applied -= len(idle & ran)
            not_applied = [na for na in not_applied if na.rule not in idle]
        return Result(self.name, data.files, tuple(findings), tuple(not_applied), applied,
                      self.rule_info(), fail_on, settings, unread,
                      policy_digest=self.digest, policy_files=self.sources,
                      today_used=today)  # fmt: skip

    def _nearest_caps(self, values: dict[str, Any]) -> dict[str, Any]:
        """`values`, with each cap keyed by grade given an entry for each declared grade that
        has none of its own but a grade on its chain of declarations has: the nearest one's
        (`DEPUTY_LEAD like TEAM_LEAD`, `TEAM_LEAD like SPO`: a DEPUTY_LEAD is held to a
        TEAM_LEAD's cap when one is set, else to an SPO's). A chain that reaches no entry is
        left to `engine.common.lookup`, which walks on from its end (`_cap_families`). Each
        chain is walked once per cap (a config may declare thousands of grades, one like the
        next), and the policy's own tables are not changed."""
        grades = self.grades
        if not any(family in grades for family in grades.values()):
            return values  # no chain: a grade's family is as near as the lookup looks
        out = dict(values)
        for name, table in values.items():
            facts = self.facts.get(name)
            if facts is None or facts.keyed_by != "grade" or not isinstance(table, dict):
                continue
            # each declared grade -> the nearest grade on its chain with an entry, or None
            nearest = {g: key for g, key in ir.first_on_chains(grades, table.__contains__).items()
                       if g not in table}  # fmt: skip
            if any(key is not None for key in nearest.values()):
                out[name] = {**table, **{g: table[key] for g, key in nearest.items()
                                         if key is not None}}  # fmt: skip
        return out

    def _changes(self, cr: CompiledRule) -> list[dt.date]:
        """The days on which a parameter of the rule takes a new value (none: one run)."""
        return sorted({d for p in cr.params for h in _histories(self.values[p])
                       for d in h.dates()})  # fmt: skip

    def _unknown_grades(self, data: Dataset) -> dict[str, dict[str, list[tuple[str, str, int]]]]:
        """Grades neither in the vocabulary nor declared, by where they stand ("staff" or
        "job_description"), each with its holders (id, file, line). A near miss of a known or
        declared grade (PS0 for PSO) is refused: a typo is never taken for a grade of its
        own."""
        holders: list[tuple[str, m.Staff | m.JobDescription]] = [
            ("staff", s) for s in data.staff.values()]
        holders += [("job_description", j) for j in data.of("job_description")
                    if isinstance(j, m.JobDescription)]  # fmt: skip
        slips, out = self._grades_held(holders)
        if slips:
            raise collected(slips)
        self._funded_grades(data, [*m.known_grade_names(), *self.grades],
                            {m.word_key(g) for g in self.grades})  # fmt: skip
        return out

    def grade_slips(self, holders: Iterable[tuple[str, m.Staff | m.JobDescription]]
                    ) -> list[InputError]:  # fmt: skip
        """The refusals of the grades among `holders` (each "staff" or "job_description",
        and the record) that are near misses of a known or declared grade, at most
        MAX_ERRORS_PER_FILE, as `check` would refuse them: for a load refused for something
        else, so that each bad record of its files is said in one run (`build_dataset`)."""
        return self._grades_held(holders)[0]

    def _grades_held(self, holders: Iterable[tuple[str, m.Staff | m.JobDescription]]
                     ) -> tuple[list[InputError], dict[str, dict[str, list[tuple[str, str, int]]]]]:
        """`holders`' near misses of a grade, refused (`grade_slips`), and their grades that
        are neither known nor declared, as `_unknown_grades` gives them."""
        declared = {m.word_key(g) for g in self.grades}
        known = [*m.known_grade_names(), *self.grades]
        verdicts: dict[str, bool] = {}
        out: dict[str, dict[str, list[tuple[str, str, int]]]] = {}
        slips: list[InputError] = []  # each record's, in one run (review 42: one a run)
        for where, record in holders:
            grade = record.grade
            ok = verdicts.get(grade)
            if ok is None:
                ok = verdicts[grade] = (m.canonical_grade(grade) is not None
                                        or m.word_key(grade) in declared)  # fmt: skip
            if ok:
                continue
            close = m.near_miss(grade, known) or m.canonical_grade(
                m.word_key(grade).translate(m.LOOKALIKE))
            if close is not None:  # its code: "did you mean 'SPO'?", not the title in capitals
                close = m.canonical_grade(close) or close
            line = dict(record.field_lines).get("grade", record.line) if isinstance(
                record, m.JobDescription) else record.line
            if close is not None:
                who = f"staff {record.id}: " if where == "staff" else ""
                slips.append(InputError(
                    f"{who}grade {grade!r} is not a known grade (did you mean '{close}'?); if "
                    f"it is a grade of its own, declare it with 'grade {grade}' in the policy "
                    f"or grades = [\"{grade}\"] in workrules.toml",
                    file=record.file, line=line))  # fmt: skip
                if len(slips) >= MAX_ERRORS_PER_FILE:
                    break
                continue
            out.setdefault(where, {}).setdefault(grade, []).append(
                (record.id, record.file, line))
        return slips, out

    @staticmethod
    def _funded_grades(data: Dataset, known: list[str], declared: set[str]) -> None:
        """An establishment entry's grade must be a known or declared grade, or one someone
        holds: its posts are filled by the staff of that grade, so a slip (PP for PO) would
        count every post vacant. Refused, with the likely grade."""
        held = sorted({s.grade for s in data.staff.values()})
        for e in data.of("establishment"):
            assert isinstance(e, m.Establishment)
            grade = e.grade
            if grade is None or grade in held:
                continue
            if m.is_pay_band(grade):  # a finance export's posts by band (declared as a grade
                # too, as the refusal below advised: no one holds it)
                raise InputError(f"establishment: grade {grade!r} {m.PAY_BAND_NOT_A_GRADE}",
                                 file=e.file, line=e.line)  # fmt: skip
            if m.canonical_grade(grade) is not None or m.word_key(grade) in declared:
                continue
            hint = did_you_mean(grade, held) or did_you_mean(grade, known)
            raise InputError(
                f"establishment: grade {grade!r} is not a known grade, nor the grade of anyone "
                f"in the staff lists given{hint}; if it is a grade of its own, declare it "
                f"with 'grade {grade}' in the policy or grades = [\"{grade}\"] in "
                "workrules.toml", file=e.file, line=e.line)  # fmt: skip

    def _in_part(self, cr: CompiledRule, missing: set[Missing],
                 data: Dataset | None = None) -> NotApplied:  # fmt: skip
        """A rule applied except where a keyed cap is unset, or has no entry for a key. A
        staff member a rule over staff groups by (a line manager with no cap for their grade)
        is named with how many records name them, and whom they report to in turn
        (`_grouped_by_staff`)."""
        unset: dict[str, list[str]] = {}
        absent: dict[tuple[str, str], list[str]] = {}
        # ("", reason, "" or "all"): what the data did not let the rule judge (`_absent`); or
        # ("", reason, "at FILE:LINE"), the first record the reason names, where the notice's
        # annotation stands (`python._excused_note`)
        notes = [key for pname, key, _ in sorted(missing) if not pname]
        at = next((who[3:].rpartition(":") for pname, _, who in sorted(missing)
                   if not pname and who.startswith("at ")), None)  # fmt: skip
        if any(who == "all" for pname, _, who in missing if not pname):
            return NotApplied(cr.id, cr.head.clause, "; ".join(notes), ())
        for pname, key, who in sorted(missing):
            if not pname:
                continue
            if who:
                absent.setdefault((pname, key), []).append(who)
            elif key not in unset.setdefault(pname, []):
                unset[pname].append(key)
        parts = [f"cap not yet agreed for {', '.join(keys)}: {pname}[{keys[0]}] is unset (set "
                 f"with --set {pname}[{keys[0]}]=N)" for pname, keys in unset.items()]
        for (pname, key), subjects in absent.items():
            by = self.facts[pname].keyed_by
            named = _grouped_by_staff(cr, data, subjects[:5])
            shown = ("; " if named != subjects[:5] else ", ").join(named) + (
                f" and {len(subjects) - 5} more" if len(subjects) > 5 else "")
            family = ", nor for its family" if by == "grade" else ""
            parts.append(f"not applied for {by} {key}: no cap for this {by} ({pname} has no "
                         f"entry for it{family}; {shown})")
        parts += notes
        names = [f"{p}[{k}]" for p, keys in unset.items() for k in keys]
        names += [f"{p}[{k}]" for p, k in absent]
        return NotApplied(cr.id, cr.head.clause, f"applied in part; {'; '.join(parts)}",
                          tuple(dict.fromkeys(names)), True, *(
                              (at[0], int(at[2])) if at is not None else ()))  # fmt: skip

    def _run_dated(self, cr: CompiledRule, data: Dataset, today: dt.date,
                   findings: list[Finding], run: RunRule = run_rule,
                   unknown: frozenset[str] = frozenset(),
                   ) -> tuple[set[Missing], NotApplied | None]:  # fmt: skip
        """Run a rule whose parameters change over time (`_run_by_period`): what a keyed cap
        left unjudged, and the notice of what went unjudged before a value was agreed. A cap
        keyed by grade whose grades' values change on different days (PO's on 1 July, PQiP's
        never) is run once for each set of keys whose values change on the same days, each
        over its own periods, the others' entries left to their runs (`APART`): a PQiP's
        breach held from May is one breach, not one until PO's change and another from it
        (the first hour of round 44)."""
        # each keyed cap's entries as dated: a declared grade's its nearest's (as each run's)
        tables = self._nearest_caps({p: self.values[p] for p in cr.params
                                     if self.facts[p].keyed_by})  # fmt: skip
        missing: set[Missing] = set()
        unset_before: list[str] = []
        unset_today: list[str] = []
        earlier: dict[tuple[str, str], ValueHistory] = {}  # keyed entries unset before a date
        for values, changes in self._runs_apart(cr, tables):
            missing |= self._run_by_period(cr, data, values, changes, today, findings, run,
                                           tables, unset_before, unset_today, earlier, unknown)
        whole = bool(unset_before)  # a cap unset before a date for every key (or plain)
        if earlier:  # said after the unset caps, by key, with what to write (`--set` would
            for (pname, key), history in sorted(earlier.items()):  # replace the history)
                steps = ", ".join(f"{value_words(v, ir.type_named(self.facts[pname].type))} "
                                  f"from {since}" for since, v in history.steps)  # fmt: skip
                what = "DATE" if self.facts[pname].type == "date" else "N"
                unset_before.append(
                    f"{pname}[{key}] unset before {history.steps[0][0]} (to judge them, put a "
                    f"value for the days before it first, in the policy: set {pname}[{key}] = "
                    f"{what}, {steps})")  # fmt: skip
        if not unset_before:
            return missing, None
        dated = [p for p in sorted(cr.params) if _histories(self.values[p])] if whole else []
        return missing, NotApplied(
            cr.id, cr.head.clause,
            f"applied in part; cap not yet agreed for earlier records: "
            f"{'; '.join(unset_before)}" + (
                f"; records with no date are judged by the values in force on {today} (the "
                f"run's day), when {', '.join(unset_today)} is unset: none of them was judged"
                if unset_today else ""),
            (*dated, *(f"{p}[{k}]" for p, k in sorted(earlier))), True,
        )  # fmt: skip

    def _runs_apart(self, cr: CompiledRule, tables: Mapping[str, Any]
                    ) -> list[tuple[Mapping[str, Any], list[dt.date]]]:  # fmt: skip
        """The runs of a dated rule: the values each reads, and the days its periods change.
        One, over every value, unless the rule's limit is a cap keyed by grade (or another
        key) whose keys' values change on different days (`_judged_apart`): then one for each
        set of keys that change on the same days, with the other keys' entries `APART`, its
        periods cut at its own keys' changes and at those of the rule's other parameters."""
        name = _judged_apart(cr)
        table = tables.get(name) if name is not None else None
        if name is None or not isinstance(table, dict):
            return [(self.values, self._changes(cr))]
        by_days: dict[tuple[dt.date, ...], set[str]] = {}
        for key, value in table.items():
            days = tuple(value.dates()) if isinstance(value, ValueHistory) else ()
            by_days.setdefault(days, set()).add(key)
        if len(by_days) < 2:  # every key changes on the same days: the periods are theirs
            return [(self.values, self._changes(cr))]
        others = {d for p in cr.params if p != name for h in _histories(self.values[p])
                  for d in h.dates()}  # fmt: skip
        return [({**self.values, name: {k: v if k in keys else APART for k, v in table.items()}},
                 sorted(others.union(days))) for days, keys in sorted(by_days.items())]

    def _run_by_period(self, cr: CompiledRule, data: Dataset, these: Mapping[str, Any],
                       changes: list[dt.date], today: dt.date, findings: list[Finding],
                       run: RunRule, tables: Mapping[str, Any], unset_before: list[str],
                       unset_today: list[str], earlier: dict[tuple[str, str], ValueHistory],
                       unknown: frozenset[str] = frozenset(),
                       ) -> set[Missing]:  # fmt: skip
        """Run a rule whose parameters change over time once per period of constant values
        (of `these`, the values of this run: `_runs_apart`); a record counts in the period
        its day (or week, or month) starts in. Records without a day take the values in force
        `today`. A count held at once (`most at once ... at most`) is run for each period in
        force by `today` over every record, its peak looked for on that period's days
        (`Env.days`); a spell is run once, each reading judged by its own day's values
        (`_spell_by_day`). What went unjudged for a cap unset before its first date goes in
        `unset_before` and `unset_today` (a whole cap), or in `earlier` (a key's entry: its
        dated history in `tables`)."""
        bounds: list[dt.date | None] = [None, *changes, None]
        missing: set[Missing] = set()
        by_day: list[tuple[dt.date | None, dt.date | None, dict[str, Any]]] = []
        by_day_from: list[dt.date | None] = []
        # the day the rule's caps (not its `from`) took the values they hold: `{limit_from}`
        caps = sorted(cr.params - {cr.effective} if isinstance(cr.effective, str) else cr.params)
        held: tuple[Any, ...] | None = None
        since: dt.date | None = None
        for lo, hi in itertools.pairwise(bounds):
            values = {name: _at(v, lo) for name, v in these.items()}
            if lo is not None and tuple(values[p] for p in caps) != held:
                since = lo
            held = tuple(values[p] for p in caps)
            holds_today = (lo is None or lo <= today) and (hi is None or today < hi)
            gaps = sorted(p for p in cr.params if values[p] is None or (
                isinstance(values[p], dict) and all(v is None for v in values[p].values())))
            if gaps:
                # (said where records of those days were left unjudged, or today's are)
                if hi is not None and (_dated_in(cr, data, lo, hi) or (
                        holds_today and not cr.kind.date_fields)):  # fmt: skip
                    unset_before.append(f"{', '.join(gaps)} unset before {hi}")
                if holds_today and not cr.kind.date_fields:  # (its records have no day)
                    unset_today.append(", ".join(gaps))
                continue
            if isinstance(cr.check, ir.Spell):  # run once, below, each reading judged by
                by_day.append((lo, hi, self._nearest_caps(values)))  # its own day's values
                by_day_from.append(since)
                continue
            if isinstance(cr.check, ir.AtOnce) and cr.check.op == "most":  # a count held at
                if lo is not None and lo > today:  # once, day by day: each value in force by
                    continue  # the run's day judges the days it holds, by every record held
                env = Env(data.staff, self._nearest_caps(values), _cap_families(self.grades),
                          today, (lo, hi), values_from=since, unknown_grades=unknown)  # fmt: skip
                measured, part_missing = run(cr, data, env)
                if not holds_today:  # a count of records no day dates is today's (`peak_of`:
                    measured = [x for x in measured if x.period is not None]  # day None)
            else:
                env = Env(data.staff, self._nearest_caps(values), _cap_families(self.grades),
                          today, values_from=since, unknown_grades=unknown)  # fmt: skip
                measured, part_missing = run(cr, data, env, (lo, hi), holds_today)
            for item in part_missing:  # a key's entry unset before its first date: said
                entry = _dated_entry(tables, item)  # with that date, not as "not yet agreed"
                if entry is not None and entry.at(lo) is None:
                    earlier.setdefault((item[0], item[1]), entry)
                else:
                    missing.add(item)
            findings.extend(placer(cr, env, data)(measured))
        if by_day:
            missing |= self._spell_by_day(cr, data, today, by_day, by_day_from, findings,
                                          unknown)
        return missing

    def _spell_by_day(self, cr: CompiledRule, data: Dataset, today: dt.date,
                      by_day: list[tuple[dt.date | None, dt.date | None, dict[str, Any]]],
                      by_day_from: list[dt.date | None], findings: list[Finding],
                      unknown: frozenset[str] = frozenset(),
                      ) -> set[Missing]:  # fmt: skip
        """A spell whose values change over time, run once: each reading is judged by the
        values of its own day, so a spell runs on across a change (cut at it, an 11-day spell
        above both the old and the new WMT ceiling was two short ones: scenario round 34); a
        spell breaches the first limit a day of it exceeds (`python._limit_by_day`), and is
        said by the values of its first day. By the Python engine whichever was chosen (both
        give the same findings; this is the rare case)."""
        families = _cap_families(self.grades)
        now = self._nearest_caps({k: _at(v, today) for k, v in self.values.items()})
        env = Env(data.staff, now, families, today, by_day=tuple(by_day), unknown_grades=unknown)
        measured, missing = run_rule(cr, data, env)
        envs = [Env(data.staff, values, families, today, values_from=since,
                    unknown_grades=unknown)
                for (_, _, values), since in zip(by_day, by_day_from, strict=True)]
        explainers: dict[int, Explainer] = {}  # each period's, bound once, for spells across one
        day_of = _reading_day(cr.kind)
        for i, (lo, hi, _) in enumerate(by_day):  # (a spell always has its days)
            part = [x for x in measured if x.period is not None and (
                (lo is None or x.period.start >= lo) and (hi is None or x.period.start < hi))]
            if not part:
                continue
            placed = placer(cr, envs[i], data)(part)
            for x, f in zip(part, placed, strict=True):
                # a spell that runs on into another value: its sentence says the change
                last = _window_of(by_day, max((d for r in x.evidence
                                               if (d := day_of(r)) is not None), default=lo))
                if last > i and cr.template:
                    for at in range(i, last + 1):
                        if at not in explainers:
                            explainers[at] = Explainer(cr, envs[at], data)
                    f = msgspec.structs.replace(f, message=_spell_sentence(
                        cr, x, f, by_day[i:last + 1], envs[i],
                        [explainers[at] for at in range(i, last + 1)]))
                findings.append(f)
        return missing

    def _waivers_of_no_one(self, data: Dataset, findings: list[Finding], today: dt.date,
                           names: RunNames) -> tuple[Setting, ...]:  # fmt: skip
        """The run's settings, with each waiver in force whose subject (or pattern) names no
        one in `data` (no finding of its rule, no id, unit, region or file) said to cover
        nothing: the policy's waiver, listed as set already, says so there; the config's is
        listed. `waive unrecompensed-hours for "CT 01"`, where the id is CT01, was listed as
        set and waived nothing, and nothing said so (a first hour, round 51, P7). So is one
        naming only a unit, region or file for a rule whose findings this run are all of
        people or records: a waiver covers the findings whose subject it names, and a unit's
        name covered none of its staff's (the review of session 51, P6). A file is named as
        the run names it or from the waiver's folders (`RunNames`); one in the repository
        that the run was not given is not looked at, and nothing is said of it (the hook
        passes the changed files only); one that is gone is said to be, with where it may
        be now (a first hour, round 53, P2 and P4); one whose pattern's folders are more than
        is looked through says so (the review of session 53, P4)."""
        from fnmatch import fnmatchcase

        settings = list(self.settings)
        found: tuple[set[str], set[str]] | None = None
        for w in self.waivers:
            if w.until < today or any(f.rule == w.rule and names.covers(w, f.subject)
                                      for f in findings):  # fmt: skip
                continue  # (an expired waiver is a finding of its own already)
            if found is None:
                found = _names_in(data)
            ids, places = found
            if any(fnmatchcase(name, w.subject) for name in ids):
                continue
            own = sorted({f.subject for f in findings if f.rule == w.rule})
            if any(names.covers(w, name) for name in places):
                if not own or any(subject in places for subject in own):
                    continue
                shown = ", ".join(own[:3]) + (f" and {len(own) - 3:,} more" if len(own) > 3
                                              else "")  # fmt: skip
                said = (f"for \"{w.subject}\" until {w.until.isoformat()}, which names a unit, "
                        f"region or file, but the findings of {w.rule} are of people or "
                        f"records ({shown}), so it covers none of them: name each one's id")
            else:
                state = names.on_disk(w)
                if state == "elsewhere":  # not among the files given: not looked at
                    continue
                if state == "gone":
                    moved = names.moved_to(w, findings)
                    said = (f"for \"{w.subject}\" until {w.until.isoformat()}, which names a "
                            "file that is not there (from the config's folder or the "
                            "repository's top), so it covers nothing (was it renamed or "
                            f"removed?): {f'{moved}; ' if moved else ''}write the file's new "
                            "name as the subject, or remove the waiver")  # fmt: skip
                elif state == "unlooked":  # its folders hold more than a run looks through
                    said = (f"for \"{w.subject}\" until {w.until.isoformat()}, which names "
                            "files by a pattern, and names none of this run's; its folders "
                            f"hold more than the {waiving.WALK_ENTRIES:,} files and folders, "
                            f"{waiving.WALK_DEPTH} deep, that are looked through for one, so "
                            "whether it names a file the run was not given is not known: name "
                            "the folder before its first `*`")  # fmt: skip
                else:
                    said = (f"for \"{w.subject}\" until {w.until.isoformat()}, which names no "
                            "one in the data (no id, unit or file), so it covers nothing: write "
                            "the subject as the data writes it")  # fmt: skip
            at = next((i for i, st in enumerate(settings) if st.name == f"waiver {w.rule}"
                       and (st.file, st.line) == (w.file, w.line)), None)  # fmt: skip
            if at is None:
                settings.append(Setting(f"waiver {w.rule}", said, f"no waiver in {self.name}",
                                        w.file, w.line))  # fmt: skip
            else:
                settings[at] = msgspec.structs.replace(settings[at], value=said)
        return tuple(settings)

    def _waivers_of_everyone(self, data: Dataset, settings: tuple[Setting, ...],
                             today: dt.date, names: RunNames) -> tuple[Setting, ...]:  # fmt: skip
        """`settings`, with each waiver in force whose pattern covers every subject of its
        rule in `data` (every record of the rule's kind: `"job-descriptions/*"` or `"*s*"`
        over a folder of job descriptions) said to cover every subject, as one of `*` alone
        is: judged by what the pattern matches in the run, not by its characters (attack
        round 34, P6). A waiver naming one subject, with no `*` or `?`, is not said so."""
        if not self.waivers:
            return settings
        from .render import plural_of

        rules = {cr.id: cr for cr in self.rules}
        out = list(settings)
        for w in self.waivers:
            cr = rules.get(w.rule)
            if (cr is None or w.until < today or not any(c in w.subject for c in "*?")
                    or not w.subject.strip("*?")):  # fmt: skip
                continue  # (`*` alone: said so already)
            subjects = {s for r in data.of(cr.kind.name)
                        if isinstance(s := getattr(r, cr.kind.subject, None), str)}  # fmt: skip
            if not subjects or not all(names.covers(w, s) for s in subjects):
                continue
            at = next((i for i, st in enumerate(out) if st.name == f"waiver {w.rule}"
                       and (st.file, st.line) == (w.file, w.line)), None)  # fmt: skip
            if at is None:
                continue
            many = len(subjects)
            noun = cr.kind.noun if many == 1 else plural_of(cr.kind.noun)
            out[at] = msgspec.structs.replace(out[at], value=(
                f"for \"{w.subject}\" until {w.until.isoformat()}, which covers every subject "
                f"of the rule in this run ({many:,} {noun}, all it has): no finding of the "
                "rule fails a run until then"))  # fmt: skip
        return tuple(out)

    def _waive(self, findings: list[Finding], today: dt.date, names: RunNames) -> list[Finding]:
        """Mark findings covered by a waiver; an expired waiver is itself a finding. A waiver
        covers a finding of its rule whose subject it names (`RunNames.covers`), no worse than
        the value it pins, if it pins one (`pin_covers`)."""
        if not self.waivers:
            return findings
        out = []
        for f in findings:
            named = [w for w in self.waivers
                     if w.rule == f.rule and names.covers(w, f.subject)]  # fmt: skip
            matching = [w for w in named if pin_covers(w.value, f)]
            begins = f.period.start if f.period is not None else today
            covering = [w for w in matching if begins <= w.until]
            whole = [w for w in covering if f.period is None or f.period.kind != "span"
                     or f.period.end <= w.until]  # fmt: skip
            if whole:  # (the first listed that covers it all, whatever the order)
                f = msgspec.structs.replace(f, waiver=whole[0])
            elif covering:
                # a spell that runs on past every waiver of it: the agreement covered its days
                # to `until`, not the months after (attack round 25: a two-week handover's
                # waiver waived a spell of 161 days above 110%, and a rep told to renew it never
                # saw the rest). Not waived; the finding says what the waiver covers (the one
                # that covers most of it: a renewed waiver listed after an old one is read).
                w = max(covering, key=lambda w: w.until)
                assert f.period is not None
                after = (f.period.end - w.until).days
                f = msgspec.structs.replace(f, facts=(*f.facts, (
                    f"a waiver of {w.rule} for {w.subject} (agreed by {w.agreed_by}, "
                    f"{w.file}:{w.line}) covers this spell to {w.until} only: it runs on "
                    f"{after:,} day{'' if after == 1 else 's'} after, to {f.period.end}, so it "
                    "is not waived")))
            elif named and not matching:  # worse than the value agreed: a new breach, said
                pinned = [w for w in named if begins <= w.until] or named  # with what was
                f = msgspec.structs.replace(f, facts=(*f.facts, pin_said(pinned[0], f)))
            out.append(f)
        clauses = {cr.id: cr.head.clause for cr in self.rules}
        for w in self.waivers:
            if w.until >= today:
                continue
            label = f"waiver of {w.rule} for {w.subject}"
            out.append(Finding(
                rule=EXPIRED_WAIVER, clause=clauses.get(w.rule, ""), severity="warning",
                subject=f"{w.rule}:{w.subject}", period=Period("day", w.until, w.until),
                file=w.file, line=w.line, measured=f"expired {w.until}",
                limit=f"in force until {w.until}", value=w.until.isoformat(),
                limit_value=today.isoformat(),
                evidence=(Evidence(w.file, w.line, "waiver", label),),
                facts=(f"agreed by {w.agreed_by}", f"because {w.reason}"),
                message=f"The {label} (agreed by {w.agreed_by}) expired on {w.until}; "
                        f"findings after that date are no longer waived. Renew it or remove "
                        f"it.",
            ))  # fmt: skip
        return out


def _names_in(data: Dataset) -> tuple[set[str], set[str]]:
    """What a finding's subject can be in `data`: the ids of its staff and records, and the
    units, regions and files named (a job description's findings name the file)."""
    ids = set(data.staff)
    places = set(data.units.values()) | set(data.regions.values()) | set(data.files)
    for records in data.records.values():
        for record in records:
            for field in ("id", "staff"):
                value = getattr(record, field, None)
                if isinstance(value, str):
                    ids.add(value)
            for field in ("unit", "region"):
                value = getattr(record, field, None)
                if isinstance(value, str):
                    places.add(value)
    for member in data.staff.values():
        places.update(v for v in (getattr(member, "unit", None),
                                  getattr(member, "region", None)) if isinstance(v, str))
    return ids, places


def _of_clause(word: str, clauses: Sequence[str]) -> list[int]:
    """The places in `clauses` of clause `word` (`5a`, `[5a]`), else of its parts (`1.2k` for
    `1.2k(i)`, `5` for `5a` to `5c`); [] when it names none."""
    clause = word.strip().strip("[]").casefold()
    if not clause:
        return []
    exact = [i for i, c in enumerate(clauses) if c.casefold() == clause]
    return exact or [i for i, c in enumerate(map(str.casefold, clauses)) if c.startswith(
        clause) and (c[len(clause)] in "(." or (clause[-1].isdigit()
                                               and c[len(clause)].isalpha()))]


def left_out_picked(pattern: str, rules: Sequence[tuple[str, str]],
                    left_out: Sequence[LeftOut]) -> list[LeftOut]:  # fmt: skip
    """Of `left_out`, those `pattern` would pick beside `rules` (each an id and its clause),
    as `Policy.with_rules` picks: by id or `*` pattern, else, a word that is no pattern, by
    clause (`Policy.left_out_picked`; the command line's note reads a result's rules)."""
    from fnmatch import fnmatchcase

    every = [*rules, *((lo.rule, lo.clause) for lo in left_out)]
    picked = [i for i, (rid, _) in enumerate(every) if fnmatchcase(rid, pattern)]
    if not picked and not any(c in pattern for c in "*?["):
        picked = _of_clause(pattern, [clause for _, clause in every])
    return [left_out[i - len(rules)] for i in picked if i >= len(rules)]


def _grouped_by_staff(cr: CompiledRule, data: Dataset | None, subjects: list[str]) -> list[str]:
    """`subjects` (the groups a keyed cap had no entry for), each staff member of a rule over
    staff grouped by one of their fields that names a colleague (`per line_manager`) said
    with how many records name them, and whom their own record names in that field: a PO
    "deputy" with half an SPO's team was named with no cap for the grade, but not with the
    three who report to them nor the SPO they report to, so few readers would act on it
    (attack round 26, P7). Walks the staff once, only for a notice."""
    keys = cr.keys or ()
    field = keys[0].get if len(keys) == 1 else None
    if (data is None or cr.kind.name != "staff" or not isinstance(field, ir.Field)
            or field.type.name != "staff"):  # fmt: skip
        return subjects
    counts: dict[str, int] = dict.fromkeys(subjects, 0)
    gone: dict[str, int] = dict.fromkeys(subjects, 0)  # (records that give a leaving day)
    for s in data.staff.values():
        if (to := getattr(s, field.name, None)) in counts:
            if getattr(s, "left_on", None) is None:
                counts[to] += 1
            else:  # a leaver is no report now (the review of session 47: two who left in
                gone[to] += 1  # 2022 were counted among a deputy's five)
    manager = field.name == "line_manager"
    words = field.name.replace("_", " ")
    out = []
    for who in subjects:
        person, count, left = data.staff.get(who), counts[who], gone[who]
        if person is None or not count + left:
            out.append(who)
            continue
        above = data.staff.get(getattr(person, field.name, None) or "")
        out.append(f"{who}: {count:,} direct report{'' if count == 1 else 's'}" if manager
                   else f"{who}: {count:,} named by {words}")  # fmt: skip
        if left:
            out[-1] += f" (and {left:,} who {'has' if left == 1 else 'have'} left)"
        if above is not None:
            out[-1] += f", and reports to {above.id} ({above.grade})" if manager else \
                f", their own {words} {above.id} ({above.grade})"  # fmt: skip
    return out


def _judged_apart(cr: CompiledRule) -> str | None:
    """The keyed cap by whose key a dated rule's records or groups can be run apart, each in
    the periods of its own key's values (`Policy._runs_apart`): the limit of a `measure`
    (or `most at once`), `CAP[KEY]`, with one key that is not a list (each record or group
    reads one entry), over a group's `per` keys and their people alone (the same group in
    every run). The rule reads the cap nowhere else but by that same lookup, so a record
    or group judged in another run is always told so (`APART`) before it is judged. None:
    the rule is cut at every change of every value, as before."""
    check = cr.check
    if not isinstance(check, (ir.Measure, ir.AtOnce)):
        return None
    limit = check.limit
    if not isinstance(limit, ir.Lookup) or limit.key.type.name == "list":
        return None
    if cr.keys is not None and not all(isinstance(x, (ir.Key, ir.Attr, ir.Const))
                                       for x in ir.walk(limit.key)):  # fmt: skip
        return None
    read = [cr.where, limit.key, *(k.get for k in cr.keys or ()),
            *(e for e in cr.template if not isinstance(e, str))]
    if isinstance(check, ir.Measure):
        read.append(check.value)
    for e in read:
        if e is not None and any(isinstance(x, ir.Lookup) and x.name == limit.name
                                 and (x != limit or e is limit.key)
                                 for x in ir.walk(e)):  # fmt: skip
            return None
    return limit.name


def _dated_entry(tables: Mapping[str, Any], item: Missing) -> ValueHistory | None:
    """The dated history of the keyed cap's entry that `item` (from a run) says was unset
    for a key, if it has one that starts on a date: before then it is unset."""
    pname, key, who = item
    table = tables.get(pname) if pname and not who else None
    entry = table.get(key) if isinstance(table, dict) else None
    if isinstance(entry, ValueHistory) and entry.steps and entry.steps[0][0] is not None:
        return entry
    return None


def _grade_nodes(rule: n.Rule) -> tuple[Any, ...]:
    """The nodes of a rule's selection, grouping and check (not of its sentence, which may name
    a field without judging by it) that judge by grade: paths to a grade, and comparisons of
    one, in the order of a walk of the rule. Walked once per rule: the grade words are checked
    on load and the holders of unknown grades noticed on each check."""
    from .lang import nodes as n

    found = _GRADE_NODES.get(id(rule))
    if found is not None and found[0]() is rule:
        return found[1]
    out: list[Any] = []
    stack: list[Any] = [rule.where, rule.check, rule.per, rule.lets]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            stack.extend(node)
        elif isinstance(node, n.Pos) or not isinstance(node, n._Node):
            continue
        else:
            path = node.left if isinstance(node, n.Compare) else node
            if isinstance(path, n.Path) and path.parts[-1] == "grade":
                out.append(node)
            stack.extend(n.field_values(node))
    key = id(rule)

    def forget(ref: weakref.ref[n.Rule]) -> None:  # the rule gone, before its id is reused
        if (entry := _GRADE_NODES.get(key)) is not None and entry[0] is ref:
            del _GRADE_NODES[key]

    _GRADE_NODES[key] = (weakref.ref(rule, forget), tuple(out))
    return tuple(out)


# each rule's, found once, while the rule lasts (held, it was kept for good: a service loading
# a policy on each request grew without bound, a first hour, round 50)
_GRADE_NODES: dict[int, tuple[weakref.ref[n.Rule], tuple[Any, ...]]] = {}


def _grade_sources(rule: n.Rule) -> set[str]:
    """Which grades a rule judges by: "staff", "job_description" or both. A grade read inside
    `(L where COND)` judges no one: it keeps some of a list, and a holder of an unknown grade
    it leaves out is named by the notice of those left out (`notices.those_notice`)."""
    from .lang import nodes as n

    kept: set[int] = set()  # the nodes under a `where` of a list
    stack: list[tuple[Any, bool]] = [((rule.where, rule.check, rule.per, rule.lets), False)]
    while stack:
        node, inside = stack.pop()
        if isinstance(node, tuple):
            stack.extend((x, inside) for x in node)
        elif isinstance(node, n._Node) and not isinstance(node, n.Pos):
            if inside:
                kept.add(id(node))
            stack.extend((x, inside or isinstance(node, n.Those))
                         for x in n.field_values(node))  # fmt: skip
    return {"job_description" if node.parts == ("grade",) and rule.scope == "job_description"
            else "staff" for node in _grade_nodes(rule)
            if isinstance(node, n.Path) and id(node) not in kept}


def _beyond_every_cap(cr: CompiledRule, missing: set[Missing], data: Dataset) -> set[Missing]:
    """`missing` less the records a cap with no entry for their key could not have found in
    breach: a rule `measure FIELD at most CAP[KEY]` of a count, over each record, and a record
    whose FIELD is 0, which no cap (a whole number of 0 or more) is below. A case
    administrator's job description with `span_of_control: 0` made jd-span-cap "applied in
    part" for want of a case administrators' cap, a warning on every CI run, and a branch
    secretary asked whether such a cap needed agreeing (a first hour, round 49)."""
    check = cr.check
    if (not missing or cr.keys is not None or not isinstance(check, ir.Measure)
            or check.op != "most" or not isinstance(check.value, ir.Field)
            or not isinstance(check.limit, ir.Lookup) or check.limit.type.dim != "count"):
        return missing  # (a count's value is never below 0: `literal_value` refuses it)
    name, field = check.limit.name, check.value.name
    if all(pname != name for pname, _, who in missing if who):
        return missing
    zero: set[str] = set()
    other: set[str] = set()  # (two records of one label, one of them over 0: still noted)
    for record in data.of(cr.kind.name):
        (zero if getattr(record, field, None) == 0 else other).add(m.record_label(record))
    nothing = zero - other
    if not nothing:
        return missing
    return {(pname, key, who) for pname, key, who in missing
            if pname != name or not who or who not in nothing}  # fmt: skip


def _check_grade_words(rule: n.Rule, grades: Mapping[str, str], lines: Mapping[str, list[str]],
                       params: Mapping[str, Any],
                       lists: Mapping[str, tuple[str, ...] | None] | None = None,
                       ) -> None:  # fmt: skip
    """A grade a rule compares with (`author.grade in {PSO, PQiP}`, `chair.grade = MAPPA_
    COORDINATOR`, `grade != "PSO"`) is a known grade in its canonical spelling, or a declared
    one: a typo there would silently match no one. A bare word is a grade where it names
    nothing the rule can read (a field, a parameter, a `let`, a `per` key), as the type check
    then reads it. A word that names a word list or a text pattern (`lists`) is refused for
    what it is: a grade is compared with a set of grades, not a word list (a first hour,
    round 55: the advice to declare `grade chair_grades` gave the same error again)."""
    from .lang import nodes as n

    names: set[str] | None = None
    for node in _grade_nodes(rule):
        if not isinstance(node, n.Compare):
            continue
        for word in node.right.items if isinstance(node.right, n.SetLit) else (node.right,):
            if isinstance(word, n.Path) and len(word.parts) == 1:
                if names is None:
                    names = _names_read(rule, params)
                if word.parts[0] in names:
                    continue  # `author.grade = grade`: two grades compared
                value = word.parts[0]
            elif isinstance(word, n.Symbol | n.Str):
                value = word.value
            else:
                continue
            if value in grades:
                continue
            if isinstance(word, n.Path) and lists is not None and value in lists:
                listed = [m.word_key(w) for w in lists[value] or ()
                          if m.word_key(w).isidentifier()]  # fmt: skip
                what = ("a word list, which only a text pattern reads" if lists[value]
                        is not None else "a text pattern, which reads text")  # fmt: skip
                raise _error_at(word.pos, f"'{value}' is {what}; a "
                                "grade is compared with a set of grades written in the rule: "
                                f"in {{{', '.join(listed[:6] or ['SPO', 'SPO_COURTS'])}}}",
                                lines)  # fmt: skip
            canonical = m.canonical_grade(value)
            if canonical != value and m.word_key(value) in grades:
                raise _error_at(word.pos, f"'{value}' is the declared grade "
                                f"{m.word_key(value)} written another way; a rule writes a "
                                f"declared grade as it is folded: {m.word_key(value)}",
                                lines)  # fmt: skip
            if canonical != value:
                known = [*m.known_grade_names(), *grades]
                hint = canonical or m.near_miss(value, known)
                folded = m.word_key(value)
                declare = (f"; declare a grade of its own with 'grade {folded}'"
                           + (f" and write it {folded}" if folded != value else "")
                           if value.isidentifier() else "")  # fmt: skip
                raise _error_at(word.pos, f"'{value}' is not a known grade in its canonical "
                                f"spelling{f' (did you mean {hint!r}?)' if hint else ''}"
                                f"{declare}", lines)  # fmt: skip


def _names_read(rule: n.Rule, params: Mapping[str, Any]) -> set[str]:
    """The bare names a rule's conditions can read: its kind's fields, its parameters, `let`s
    and `per` keys, the record's unit and region, and the calendar's periods (a bare word that
    is none of these is a value, as the type check reads it)."""
    kind = m.KINDS.get(rule.scope)
    return {*params, *(let.name for let in rule.lets), *(gk.alias for gk in rule.per),
            *(kind.fields if kind is not None else ()), *ir.CALENDAR, "unit", "region"}


def _reading_day(kind: m.Kind) -> Callable[[Any], dt.date | None]:
    """A reading's own day (its first date field), by which a spell judges it."""
    field = kind.date_fields[0] if kind.date_fields else None
    return (lambda r: getattr(r, field, None)) if field else (lambda r: None)


def _window_of(by_day: Sequence[tuple[dt.date | None, dt.date | None, Any]],
               day: dt.date | None) -> int:
    """The index of the period of constant values `day` falls in."""
    return next((i for i, (lo, hi, _) in enumerate(by_day)
                 if day is not None and (lo is None or lo <= day) and (hi is None or day < hi)),
                0)  # fmt: skip


def _spell_sentence(cr: CompiledRule, x: Any, f: Finding,
                    windows: Sequence[tuple[dt.date | None, dt.date | None, Any]],
                    start: Env, explainers: Sequence[Explainer]) -> str:
    """The sentence of a spell that runs from one value of its parameters into another (a
    WMT ceiling lowered mid-spell): a value read with `latest of` is the latest reading's, by
    that reading's day's values (the cut a manager must make now); a parameter the sentence
    names reads with its change ("110% (105% from 2025-04-07)"), unless a value of the latest
    reading read it before (the cut, then the cap it brings them back to); any other value
    is as of the spell's first day, as a spell within one period reads (scenarios round 43: a
    spell from 112% over 110% into 107% over 105% advised a cut of -3%). `explainers`: those
    of the periods the spell runs through, `start` the first's values."""
    from .engine.common import Facts, said_within

    facts = Facts(x.x, f.value, f.limit_value, f.period, x.evidence, cr.head.clause, cr.id,
                  start.today, limit_from(cr, start))  # fmt: skip

    def said(ex: Explainer, i: int) -> str:
        return ex.value_said(i, facts)

    out: list[str] = []
    latest: set[str] = set()  # the parameters a value of the latest reading has read
    for i, part in enumerate(cr.template):
        if isinstance(part, str):
            out.append(part)
        elif any(isinstance(e, ir.Aggregate) and e.fn == "latest" for e in ir.walk(part)) or (
                isinstance(part, (ir.Param, ir.Lookup)) and part.name in latest):
            out.append(said(explainers[-1], i))  # (and the same cap named after it)
            latest |= ir.params_of(part)
        elif isinstance(part, (ir.Param, ir.Lookup)):
            first = said(explainers[0], i)
            changes, shown = [], first
            for ex, (lo, _, _) in zip(explainers[1:], windows[1:], strict=True):
                if (now := said(ex, i)) != shown:
                    changes.append(f"{now} from {lo}")
                    shown = now
            out.append(f"{first} ({', '.join(changes)})" if changes else first)
        else:
            out.append(said(explainers[0], i))
    sentence = "".join(out)
    return said_within(f"{sentence} {x.note}" if x.note else sentence)


def _dated_in(cr: CompiledRule, data: Dataset, lo: dt.date | None, hi: dt.date) -> bool:
    """Whether a record of the rule's kind is dated (by its first date field given) from `lo`
    up to `hi`: the days a value left unset would leave unjudged. A kind with no date judges
    by the run's day, and says so apart; one whose records all fall after `hi` lost nothing
    (a cap agreed from 2025-01-01 over cases opened since was "applied in part": negotiator
    round 34)."""
    fields = cr.kind.date_fields
    if not fields:
        return False
    calendar = next((k.calendar for k in cr.keys or () if k.calendar), "")
    for record in data.of(cr.kind.name):
        day = next((d for f in fields if (d := getattr(record, f, None)) is not None), None)
        if day is None:
            continue
        if calendar == "week":  # a record counts in the period its week or month starts in
            day -= dt.timedelta(days=day.weekday())
        elif calendar == "month":
            day = day.replace(day=1)
        if (lo is None or day >= lo) and day < hi:
            return True
    return False


def _unread(rules: Iterable[CompiledRule], data: Dataset,
            findings: Sequence[Finding]) -> tuple[Unread, ...]:  # fmt: skip
    """The rules that read no record: the data has none of the kind each judges (`for each`),
    and they found nothing (a JD-only repository's pre-commit run, where rota and caseload
    rules have nothing to judge; a report that counted them as passed, or listed their unset
    caps, said they had checked something: first hour, session 33)."""
    found = {f.rule for f in findings}
    return tuple(Unread(cr.id, cr.head.clause, cr.kind.nouns()) for cr in rules
                 if not data.of(cr.kind.name) and cr.id not in found)  # fmt: skip


def _refuse_waived_twice(waivers: Sequence[WaiverInfo], error: type[WorkrulesError]) -> None:
    """A waiver of a rule for a subject (or pattern) that an earlier one waives already,
    refused at its line: a waiver has no start, so the later `until` covers every finding the
    other does, and which one was meant is not for workrules to guess."""
    first: dict[tuple[str, str], WaiverInfo] = {}
    for w in waivers:
        seen = first.setdefault((w.rule, w.subject), w)
        if seen is not w:
            raise error(f"a second waiver of {w.rule} for '{printable(w.subject)}' (the first is "
                        f"at {_place_of(seen)}): keep one, with the date agreed",
                        file=w.file, line=w.line or None)  # fmt: skip


def _place_of(w: WaiverInfo) -> str:
    return f"{printable(w.file)}:{w.line}" if w.line else printable(w.file)


def _cap_families(grades: Mapping[str, str]) -> Mapping[str, str]:
    """Each declared grade -> the family whose keyed caps it falls under (`Env.grades`): the
    end of its chain of declarations (`A like B`, `B like PO`: PO; a grade declared with no
    family ends its chain), from which `engine.common.lookup` walks the vocabulary's
    families. Each chain is walked once, so a lookup never walks one: a config may declare
    thousands of grades, each like the one before."""
    if not any(family in grades for family in grades.values()):
        return grades  # no chain: the families as declared
    out: dict[str, str] = {}
    for start in grades:
        path: list[str] = []
        on_path: set[str] = set()
        up = start
        while up in grades and up not in out and up not in on_path:
            path.append(up)
            on_path.add(up)
            up = grades[up]
        # `up`: "" (the last on the path has no family), a grade of the vocabulary, one ended
        # before, or one on the path (a loop of a config's declarations: the walk ends there)
        if up == "":
            top = path.pop()
            out[top], end = "", top
        else:
            end = (out[up] or up) if up in out else up
        out.update(dict.fromkeys(path, end))
    return out


# A declared grade's name, held to what the data's grades may be (the schema's `grade`): one
# that no data file could hold would declare nothing, and a control in it reached the reports.
_GRADE_NAME = re.compile(r" *[A-Za-z][A-Za-z0-9 _()\-\u2010-\u2015]{0,99}")


def _declare(name: str, family: str, declared: dict[str, str], file: str | None) -> None:
    """Declare a grade beyond the vocabulary, under its folded name (as the data's grades
    are folded: `Team Lead` is `TEAM_LEAD`). A grade the vocabulary knows is refused: its
    family is the claim's (9h's Heads fall under HEAD_OF_SERVICE), not a repository's."""
    if not any(ch.isalnum() for ch in m.word_key(name)):  # "", " ", "_", "-", a zero width
        raise UsageError(f"grade {name!r}: a grade's name needs a letter or a digit", file=file)
    if _GRADE_NAME.fullmatch(name) is None:  # (a line break and `::error` in one: attack 16)
        raise UsageError(f"grade {name!r}: a grade's name is written as the data's grades are, "
                         "in letters, digits, spaces, '_', hyphens, dashes and parentheses, "
                         "starting with a letter, on one line, in at most 100 characters",
                         file=file)  # fmt: skip
    known = m.canonical_grade(name)
    if known is not None:
        raise UsageError(f"grade {name}: the data model knows this grade ({known}); declare "
                         "only grades beyond its vocabulary", file=file)  # fmt: skip
    declared[m.word_key(name)] = _declared_family(name, family, declared, file)


def _declared_family(name: str, family: str, declared: Mapping[str, str],
                     file: str | None) -> str:  # fmt: skip
    """The family of a declared grade, checked: a known grade, or one declared before."""
    if not family:
        return ""
    canonical = m.canonical_grade(family)
    if canonical is not None:
        return canonical
    if m.word_key(family) in declared:  # the grade it is like (`_cap_families` for caps)
        return m.word_key(family)
    raise UsageError(f"grade {name}: 'like {family}' names no known or declared grade"
                     f"{did_you_mean(family, [*m.known_grade_names(), *declared])}",
                     file=file)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Values


def param_value(expr: n.Expr | n.History, decl: n.Param) -> Any:
    """A parameter's value: a literal's value, or a ValueHistory of them."""
    from .lang import nodes as n

    if isinstance(expr, n.History):
        return ValueHistory(tuple((d.since, literal_value(d.value, decl)) for d in expr.items))
    return literal_value(expr, decl)


# what the parser says of text it cannot read at all (not of a number too large, say)
_UNREADABLE = re.compile(r"^unexpected |is not a keyword that can stand here|^expected ")


def literal_value(expr: n.Expr, decl: n.Param | ParamFacts, where: PolicyError | None = None,
                  shown: str | None = None) -> Any:  # fmt: skip
    """The value of a literal for parameter `decl`, or a PolicyError saying why it does not fit
    (naming it as `shown`, the text as given, else as the policy would write it)."""
    from .lang import nodes as n

    t = decl.type
    ok = False
    value: Any = None
    if isinstance(expr, n.Num) and t in ("percent", "hours", "days", "count", "number"):
        ok = expr.dim in (t, "number")
        value = expr.value
        if t == "count" and not float(value).is_integer():
            ok = False
        if t == "percent" and expr.dim == "number" and 0 < value < 2:  # a fraction: 1.1 for 110%?
            said = shown or n.unparse(expr)
            raise PolicyError(
                f"{said} is not a value for {decl.name}: a percentage written without '%' is "
                f"read as one, so {said} would be {said}%; write {render(value * 100)}% if a "
                f"fraction was meant, or {said}% if {said}% was",
                file=expr.pos.file, line=expr.pos.line, column=expr.pos.column)  # fmt: skip
    elif isinstance(expr, n.DateLit) and t == "date":
        ok, value = True, expr.value
    elif isinstance(expr, n.RatioLit) and t == "ratio":
        ok, value = True, (expr.left, expr.right)
    if not ok:
        said = shown or n.unparse(expr)
        hint = ""
        if t == "hours":  # `7:30`: hours and minutes, which a decimal writes 7.5
            from .hints import number_hint

            hint = number_hint(said)
        raise PolicyError(
            f"{said} is not a value for {decl.name}, which is {_type_words(t)}{hint}",
            file=expr.pos.file, line=expr.pos.line, column=expr.pos.column,
        )  # callers that know the source add the line and caret
    return value


def _type_words(t: str) -> str:
    return {
        "percent": "a percentage (110%)", "hours": "a number of hours (7.5 h)",
        "days": "a number of days (7 days or 1 week)", "count": "a whole number",
        "number": "a number", "date": "a date (2024-06-03)", "ratio": "a ratio (1:6)",
    }[t]  # fmt: skip


def _param_key(decl: n.Param | ParamFacts, key: str, declared: Mapping[str, str]) -> str | None:
    """The key `key` names in a keyed parameter, or None. A grade key is read as a grade
    (`spo`, `Senior Probation Officer` -> SPO) and may be any grade of the vocabulary or
    one declared, not only those the parameter lists: a region caps its own grades."""
    if key in decl.keys:
        return key
    if decl.keyed_by != "grade":  # a fixed list's value, read as the data reads it (`VLO`)
        folded = "_".join(key.lower().replace("-", " ").split())
        return folded if folded in decl.keys else None
    canonical = m.canonical_grade(key)
    by_key = {m.word_key(k): k for k in (*declared, *decl.keys)}
    return by_key.get(m.word_key(canonical or key)) or canonical


def _key_refusal(name: str, decl: n.Param | ParamFacts, key: str,
                 declared: Mapping[str, str]) -> str:  # fmt: skip
    if decl.keyed_by != "grade":
        folded = "_".join(key.lower().replace("-", " ").split())  # (as `_param_key` reads it)
        hint = (f" ('{key}' is a grade, and {name} is keyed by {decl.keyed_by})"
                if m.canonical_grade(key) is not None else did_you_mean(folded, decl.keys))
        return (f"{name} has no value for '{key}'{hint}; its keys are "
                f"{', '.join(decl.keys)}")  # fmt: skip
    close = m.near_miss(key, [*decl.keys, *declared, *m.known_grade_names()])
    hint = f" (did you mean '{m.canonical_grade(close) or close}'?)" if close else ""
    return (f"{name} has no value for '{key}'{hint}; its keys are {', '.join(decl.keys)}, or "
            "any grade of the vocabulary or declared with 'grade NAME' in the policy or "
            "[grades] in workrules.toml")


def _parse_assignment(text: str, params: Mapping[str, n.Param] | Mapping[str, ParamFacts],
                      where: tuple[str, int | None] | None = None,
                      declared: Mapping[str, str] | None = None,
                      ) -> tuple[str, str | None, Any]:  # fmt: skip
    """A `--set` assignment, or one written in a file at `where` (file, line). `declared`
    are the grades declared beyond the vocabulary, which a grade-keyed parameter may key."""
    def refuse(reason: str) -> UsageError:
        if where is None:
            return UsageError(f"set value {text!r}: {reason}", cli=f"--set {text}: {reason}")
        return UsageError(f"set {text}: {reason}", file=where[0], line=where[1])

    if "=" not in text:
        raise refuse("write NAME=VALUE, e.g. --set sfo_open_reviews_max=2")
    target, raw = (s.strip() for s in text.split("=", 1))
    key = None
    if target.endswith("]") and "[" in target:
        target, key = target[:-1].split("[", 1)
    elif "." in target:
        target, key = target.split(".", 1)
    if target not in params:
        raise refuse(f"there is no parameter '{target}'{did_you_mean(target, params)}")
    decl = params[target]
    if decl.keyed_by and key is None:
        each = decl.keyed_by.upper()  # (the first key alone looked like a guess at one)
        raise refuse(f"{target} has one value per {decl.keyed_by}; write "
                     f"{target}[{each}]={raw} for each {decl.keyed_by} it holds for, as "
                     f"{target}[{decl.keys[0]}]={raw}")  # fmt: skip
    if not decl.keyed_by and key is not None:
        raise refuse(f"{target} has a single value; write {target}={raw}")
    if key is not None:
        written, key = key, _param_key(decl, key, declared or {})
        if key is None:
            raise refuse(_key_refusal(target, decl, written, declared or {}))
    if not raw:  # (an unset variable in a CI script writes `--set wmt_ceiling=$CEILING` so)
        raise refuse(f"no value: write {text.split('=', 1)[0].strip()}=unset to leave it to be "
                     "agreed; an empty value is not taken for that, since it turns a rule off")
    if raw.lower() in ("unset", "to be agreed"):
        return target, key, None
    if _DATED.search(raw):  # a history of values is the policy's to write, dated (a keyed
        line = f"{target}[{key}]" if key is not None else target  # cap's by its key)
        raise refuse(f"{raw}: a value set for a run holds for the whole of it; values that "
                     f"change on a date are written in a policy that extends this one: set "
                     f"{line} = {raw} (see docs/language.md, 'Dated values')")
    if decl.type == "hours":  # `7.30`: 7 h 30 min, or 7.3 hours? refused as a data cell is
        from .tabular import minutes_problem

        problem = minutes_problem(re.sub(r"\s*(?:h|hours?)\s*$", "", raw))  # (7.30 hours)
        if problem is not None:
            raise refuse(problem)
    from .lang import nodes as n

    try:
        literal: n.Expr | None = n.parse_literal(raw)
        shown = None
        if literal is None:  # no value: say it as given, not as read (2024-06 is not 2024 - 6)
            from .lang.parse import parse_expression

            try:
                literal, shown = parse_expression(raw, "--set"), raw
            except PolicyError as err:  # ("1 month", "4 wks": the parser's tokens would say
                if not _UNREADABLE.search(err.message):  # nothing of the value; a number too
                    raise  # large, or nested too deep, says so)
                from .hints import number_hint, ratio_hint

                hint = ratio_hint(raw) if decl.type == "ratio" else number_hint(raw)
                raise refuse(f"{raw} is not a value for {decl.name}, which is "
                             f"{_type_words(decl.type)}{hint}") from None
        return target, key, literal_value(literal, decl, shown=shown)
    except PolicyError as err:
        raise refuse(err.message) from None


_DATED = re.compile(r"\bfrom\s+[0-9]{4}-[0-9]{2}-[0-9]{2}\b")  # `105% from 2025-03-28`


# ---------------------------------------------------------------------------------------------
# Loading
#
# A bare name (`claim-2024`) is a shipped policy, whatever files lie around: a file is named by
# its path, ending in `.wr` (`./local.wr`). The policy a user names may be anywhere; what it
# `extends` must be a shipped policy or a `.wr` file inside the same repository (see
# `resources.repository_root`), so a policy from a checked repository cannot read, and echo
# in an error, a file outside it.

MAX_EXTENDS_DEPTH = 16


class _Source(msgspec.Struct, frozen=True):
    shown: str  # the name in positions and messages
    path: str  # the file to read
    ident: str  # the resolved path: one policy file, however it is named


def _shipped(name: str) -> _Source:
    path = shipped_policy(name).path
    return _Source(f"policies/{name}.wr", path, os.path.realpath(path))


def _named(source: str) -> _Source:
    """The policy a user named: a shipped name, or a `.wr` file anywhere."""
    if source.endswith(".wr"):  # (named within a caller's `root` relative to it)
        return _Source(named_in_root(source), source, os.path.realpath(source))
    return _shipped(source)


def _extended(base: str, by: _Source, root: str) -> _Source:
    """The policy that `by` extends: a shipped name, or a `.wr` file inside `root`."""
    if printable(base) != base:  # a NUL made the path functions raise (exit 70)
        raise UsageError(f"extends {base!r}: not the name of a file (it holds a control "
                         "character)")  # fmt: skip
    if not base.endswith(".wr"):
        return _shipped(base)
    path = base if os.path.isabs(base) else os.path.join(os.path.dirname(by.path), base)
    shown = base if os.path.isabs(base) else os.path.normpath(
        os.path.join(os.path.dirname(by.shown), base))  # fmt: skip
    source = _Source(shown, path, os.path.realpath(path))
    if not (is_within(source.ident, root) or is_within(source.ident, _shipped_dir())):
        raise UsageError(f"extends {base!r}: a policy may extend only a shipped policy or a .wr "
                         f"file inside its own repository ({root})")  # fmt: skip
    return source


def _shipped_dir() -> str:
    return os.path.realpath(data_dir("policies").path)


def _read(source: _Source, raws: list[tuple[str, bytes]] | None = None) -> str:
    """The text of a policy file: a regular file of UTF-8 text (a FIFO or device would block
    or never end). `raws`, when given, gets the file's name and bytes, for its digest."""
    raw = read_policy_bytes(source.shown, source.path)
    if raws is not None:
        raws.append((source.shown, raw))
    try:  # a byte-order mark, as Windows editors write one, is not part of the policy
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as err:
        start = err.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        raise UsageError(f"policy file {source.shown!r} is not UTF-8 text (byte {start + 1})",
                         file=source.shown, line=raw.count(b"\n", 0, start) + 1) from None


# SHA-256 from the stdlib's own small module, as `hashlib` itself takes it: importing `hashlib`
# loads OpenSSL's `_hashlib`, milliseconds of a pre-commit run (`ast_cache` takes BLAKE2 so).
if sys.version_info >= (3, 12):
    try:
        from _sha2 import sha256 as _sha256
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import sha256 as _sha256
else:
    try:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found, unused-ignore]
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import sha256 as _sha256


def _digest(raws: Sequence[tuple[str, bytes]]) -> dict[str, Any]:
    """A policy's `digest` and `sources` (Policy's fields) from its files' names and bytes, in
    the order read: the policy's own file, then each file it extends. The digest is the SHA-256
    of the bytes one after another, so that for a policy of one file it is what `sha256sum`
    gives, and `cat local.wr claim-2024.wr | sha256sum` gives a chain's; each file's own is
    listed beside it, by which the commit of each can be found (docs/traceability.md)."""
    whole = _sha256()
    for _, raw in raws:
        whole.update(raw)
    return {"digest": f"sha256:{whole.hexdigest()}",
            "sources": tuple(PolicySource(shown, _sha256(raw).hexdigest())
                             for shown, raw in raws)}  # fmt: skip


def read_policy_bytes(shown: str, path: str) -> bytes:
    """The bytes of a policy file, refused (UsageError) unless it is a regular file (opened
    without waiting for a FIFO's writer) of at most MAX_POLICY_BYTES."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        stem = os.path.basename(shown)[: -len(".wr")]
        hint = (f" (the shipped policy is named {stem}, without .wr)"
                if stem in shipped_policies() else "")  # fmt: skip
        raise UsageError(f"policy file {shown!r} does not exist{hint}") from None
    except OSError as err:
        raise UsageError(f"policy file {shown!r} cannot be read: {err.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UsageError(f"policy file {shown!r} is not a regular file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(MAX_POLICY_BYTES + 1)
        if len(raw) > MAX_POLICY_BYTES:
            raise UsageError(f"policy file {shown!r} is more than {MAX_POLICY_BYTES:,} "
                             "bytes; longer policies are refused")  # fmt: skip
    except OSError as err:
        raise UsageError(f"policy file {shown!r} cannot be read: {err.strerror}") from None
    finally:
        os.close(fd)
    return raw


def _chain(source: _Source, root: str, fresh: bool = False, keys: list[str] | None = None,
           sources: list[_Source] | None = None, idents: list[str] | None = None,
           raws: list[tuple[str, bytes]] | None = None,
           ) -> list[tuple[n.PolicyFile, list[str]]]:  # fmt: skip
    """The policy files from the furthest base to `source`, each with its lines. A cycle, or
    a chain deeper than MAX_EXTENDS_DEPTH, is refused at the `extends` that makes it. `keys`,
    when given, gets the `_source_key` of each file read, and `sources` the file (in the
    order read); `idents` the resolved path of each file returned, in the order returned;
    `raws` each file's name and bytes, in the order read (`_digest`)."""
    out: list[tuple[n.PolicyFile, list[str]]] = []
    reached: dict[str, str] = {}  # each file followed, by its real path: the one extending it
    read = [0]  # the bytes of the chain's files so far (MAX_POLICY_BYTES in all)

    def follow(src: _Source, trail: tuple[_Source, ...],
               via: tuple[n.Pos, Mapping[str, list[str]]] | None = None) -> None:
        reached[src.ident] = trail[-1].shown if trail else ""
        try:
            text = _read(src, raws)
        except UsageError as err:  # one that cannot be read: refused at the `extends` naming it
            if via is None:
                raise
            raise _error_at(via[0], err.message, via[1]) from None
        read[0] += len(text.encode("utf-8"))
        if read[0] > MAX_POLICY_BYTES and via is not None:
            # 16 files of 1 MiB, each extending the next, were parsed and type-checked for
            # minutes (one took 24 s): the bound on one file is a bound on the chain
            raise _error_at(via[0], f"extends {src.shown}: the policies of this chain are "
                            f"more than {MAX_POLICY_BYTES:,} bytes in all with it (a real "
                            "chain, the claim's with a local agreement, is a tenth of that); "
                            "longer chains are refused",
                            via[1])  # fmt: skip
        pf = parse_cached(text, src.shown, fresh=fresh)
        lines = text.splitlines()
        if via is not None:
            _refuse_base_posing(pf, src, lines, via)
        if keys is not None:
            keys.append(_source_key(text, src.shown))
        if sources is not None:
            sources.append(src)
        for base, pos in pf.extends:
            at = {pos.file: lines}
            try:
                nxt = _extended(base, src, root)
            except UsageError as err:
                raise _error_at(pos, err.message, at) from None
            names = [s.shown for s in (*trail, src)]
            again = [s.shown for s in (*trail, src) if s.ident == nxt.ident]
            if again:
                raise _error_at(pos, f"extends goes round in a cycle: "
                                f"{' -> '.join([*names, again[0]])}", at)  # fmt: skip
            if len(names) >= MAX_EXTENDS_DEPTH:
                raise _error_at(pos, f"extends goes deeper than {MAX_EXTENDS_DEPTH} policies: "
                                f"{' -> '.join([*names[:2], '...', *names[-2:], nxt.shown])}",
                                at)  # fmt: skip
            if nxt.ident in reached:  # by two ways: every file a chain reached twice was
                # followed again (three `extends` a file, 10 files deep: 59,049 reads)
                raise _error_at(pos, f"extends {nxt.shown} a second time: "
                                f"{reached[nxt.ident]} extends it already; "
                                "a chain extends each policy once", at)  # fmt: skip
            follow(nxt, (*trail, src), (pos, at))
        out.append((pf, lines))
        if idents is not None:
            idents.append(src.ident)

    follow(source, ())
    return out


def _refuse_base_posing(pf: n.PolicyFile, src: _Source, lines: list[str],
                        via: tuple[n.Pos, Mapping[str, list[str]]]) -> None:  # fmt: skip
    """Refuse a repository's policy file that another extends (`via`: that `extends` and its
    file's lines) when it takes a shipped policy's name, as `refuse_posing_as_shipped` refuses
    the policy given: `extends "claim-2024.wr"`, a local copy calling itself `claim-2024` with
    5c raised to 10 h, was read as the claim, and its changes were listed nowhere (attack
    round 27, P1). Refused at the `extends`, naming the file and the line of its name."""
    if is_within(src.ident, _shipped_dir()):
        return
    name = pf.name or os.path.splitext(os.path.basename(src.shown))[0]
    posed = next((shipped for shipped in shipped_policies() if reads_as(name, shipped)), None)
    if posed is None:
        return
    line = next((i for i, text in enumerate(lines, 1) if re.match(r"\s*policy\b", text)), None)
    how = (f"{src.shown} calls itself {name!r} (line {line})" if pf.name and line else
           f"{src.shown} declares no name, so it takes {name!r} from its file name")
    what = ("the name of a shipped policy" if posed == name else
            f"which reads as {posed!r}, the name of a shipped policy")  # fmt: skip
    raise _error_at(via[0], f"{how}, {what}, so every report would pass this chain's base off "
                    f"as the shipped one; give that file a name of its own (policy "
                    f"{posed}-local), or extend the shipped policy by its name (extends "
                    f"\"{posed}\")", via[1])  # fmt: skip


def _error_at(pos: n.Pos, message: str, lines: Mapping[str, list[str]]) -> PolicyError:
    src = lines.get(pos.file, [])
    return PolicyError(message, file=pos.file, line=pos.line, column=pos.column,
                       source_line=src[pos.line - 1] if 0 < pos.line <= len(src) else None,
                       width=pos.width)  # fmt: skip


def _pos_of(err: PolicyError, fallback: n.Pos) -> n.Pos:
    from .lang import nodes as n

    if err.line is None or err.column is None:
        return fallback
    return n.Pos(fallback.file, err.line, err.column)


_USE_CACHE = False


def use_cache(on: bool = True) -> None:
    """Keep parsed policies in the cache folder (see `ast_cache`). The command line turns this
    on; a library caller opts in. `WORKRULES_NO_CACHE` overrides it."""
    global _USE_CACHE
    _USE_CACHE = on


def cache_folder() -> str | None:
    """The cache folder when the cache is on (`use_cache`, and not turned off), else None."""
    from . import ast_cache

    return ast_cache.cache_dir() if _USE_CACHE else None


_PARSER_CODE: list[bytes] = []


def _source_key(text: str, name: str) -> str:
    """What decides the AST of a policy file, hashed: its name and text, the grammar, the AST
    classes and the parser's own checks (bounds, refusals, text patterns and severities from
    the modules it imports), the cache format and the workrules version. A change to any of
    them parses afresh."""
    from . import __version__, ast_cache

    if not _PARSER_CODE:
        code = data_dir("grammar").joinpath("policy.lark").read_bytes() + b"\0"
        lang = os.path.dirname(ir.__file__)
        # the parser and every module of ours whose refusals or bounds it applies
        for module in ("lang/nodes.py", "lang/parse.py", "errors.py", "limits.py",
                       "textpattern.py", "findings.py"):  # fmt: skip
            with open(os.path.join(lang, "..", module), "rb") as handle:
                code += handle.read() + b"\0"
        _PARSER_CODE.append(code)
    return ast_cache.content_hash(b"\0".join([ast_cache.FORMAT, __version__.encode(),
                                              _PARSER_CODE[0], name.encode(),
                                              text.encode()])).hex()  # fmt: skip


_MEMO_SIZE = 8  # policies a library caller loads again and again (one per file it checks, say)
_PARSED: dict[tuple[str, str], n.PolicyFile] = {}
_COMPILED: dict[tuple[object, ...], dict[str, Any]] = {}
_MEMO_LOCK = threading.Lock()  # a library caller may load policies from several threads


def _recalled(memo: dict[Any, Any], key: Any) -> Any:
    """What an in-process memo keeps under `key`, or None."""
    with _MEMO_LOCK:
        return memo.get(key)


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> None:
    """`value` kept under `key` in an in-process memo of the last `_MEMO_SIZE` ones."""
    with _MEMO_LOCK:
        memo.pop(key, None)
        memo[key] = value
        while len(memo) > _MEMO_SIZE:
            del memo[next(iter(memo))]


def parse_cached(text: str, name: str, *, cache: bool | None = None,
                 fresh: bool = False) -> n.PolicyFile:  # fmt: skip
    """Parse a policy file, or, when the cache is on (`cache`, else `use_cache`), load its AST
    from the cache of an earlier identical parse. `fresh` parses (and caches) even so.

    The key is the policy's name and text, the grammar, the AST classes and the parser, the
    cache format and the workrules version, so a change to any of them parses afresh. A
    pre-commit run then never imports Lark at all. A cache that cannot be used safely is ignored.
    """
    from . import ast_cache

    folder = ast_cache.cache_dir() if (_USE_CACHE if cache is None else cache) else None
    entry = None
    if folder is not None:

        entry = f"policy-{_source_key(text, name)[:32]}.json"
        cached = None if fresh else ast_cache.load(folder, entry)
        if cached is not None:
            return cached
    elif not fresh and (kept := _recalled(_PARSED, (name, text))) is not None:
        return kept  # type: ignore[no-any-return]
    from .lang.parse import PolicyParser

    pf = PolicyParser(text, name).parse()
    if folder is not None and entry is not None:
        ast_cache.store(folder, entry, pf)
    elif folder is None:
        _remember(_PARSED, (name, text), pf)
    return pf


def _matchers(patterns: Mapping[str, n.TextPattern | None], words: dict[str, n.WordList],
              lines: Mapping[str, list[str]], fresh: bool, keys: list[str] | None,
              ) -> dict[str, Any]:  # fmt: skip
    """The compiled text patterns, by name. With the cache on (`keys`: the `_source_key` of
    each file of the chain), from the cache when it holds those the same files gave the same
    code, else compiled and cached. With the cache off, from memory when one of the last few
    loads declared the same patterns and word lists (compiled matchers are immutable). A
    policy without text patterns never imports their module."""
    from . import ast_cache

    folder = ast_cache.cache_dir() if keys is not None else None
    entry = None
    if folder is not None and keys is not None:
        entry = ast_cache.matchers_entry(keys)
        cached = None if fresh else ast_cache.load_matchers(folder, entry)
        if cached is not None and set(cached) == set(patterns):
            ast_cache.hits += 1  # a policy that fails after this is loaded afresh
            return cached
    if any(p is None for p in patterns.values()):
        raise LookupError("text patterns not in the cache")  # a checked entry's: a miss
    memo_key = None if folder is not None else (tuple(patterns.items()), tuple(words.items()))
    if memo_key is not None and not fresh and (kept := _recalled(_COMPILED, memo_key)):
        return kept  # type: ignore[no-any-return]
    from .textpattern import compile_pattern

    def error(message: str, pos: n.Pos) -> PolicyError:
        return _error_at(pos, message, lines)

    decls = {name: p for name, p in patterns.items() if p is not None}
    budget = [0]  # the words the word lists expand to, for all the policy's patterns at once
    matchers = {name: compile_pattern(p, words, error, decls, budget=budget)
                for name, p in decls.items()}  # fmt: skip
    if folder is not None and entry is not None:
        ast_cache.store_matchers(folder, entry, matchers)
    elif memo_key is not None:
        _remember(_COMPILED, memo_key, matchers)
    return matchers


def load_policy(source: str | os.PathLike[str] | None = None,
                set_values: Iterable[str] = (), *, grades: Iterable[str] = (),
                root: str | os.PathLike[str] | None = None) -> Policy:  # fmt: skip
    """Load a policy by path or shipped name (default: the claim), compile it, apply values.
    `grades`: the names of grades declared beside the policy (a project config's `[grades]`,
    then given to `Policy.with_grades`), which its rules may compare with as with its own.
    `root`: a folder the policy and every file it extends must be inside (see
    `workrules.check`); the shipped policies are always within reach."""
    from .resources import confined_to

    with confined_to(root):
        return _load_policy(source, set_values, grades)


def _load_policy(source: str | os.PathLike[str] | None, set_values: Iterable[str],
                 grades: Iterable[str]) -> Policy:  # fmt: skip
    """`load_policy`, within its `root`."""
    if source is not None and not isinstance(source, str | os.PathLike):
        raise UsageError(f"policy: expected a shipped policy name or a policy file, not "
                         f"{type(source).__name__}")  # fmt: skip
    from .arguments import many

    set_values = many(set_values, "set_values", "['sfo_open_reviews_max=2']")
    beside = tuple(sorted({m.word_key(g) for g in many(grades, "grades", "['TEAM_LEAD']")}))
    top = _named(os.fspath(source) if source is not None else DEFAULT_POLICY)
    root = repository_root(top.path)
    if not (is_within(top.ident, root) or is_within(top.ident, _shipped_dir())):
        if caller_root() is not None:  # (a library caller's `root`: not a link, not git's)
            raise UsageError(f"policy {top.shown!r} is outside the folder this check is "
                             f"confined to ({root}); name one inside it")  # fmt: skip
        raise UsageError(f"policy {top.shown!r} is a link to a file outside its repository "
                         f"({root}); name the file itself")  # fmt: skip
    from . import ast_cache

    hits = ast_cache.hits
    try:
        return _load(top, root, set_values, beside=beside)
    except Exception:
        if ast_cache.hits == hits:
            raise
        # An AST from the cache failed: whatever the entry holds, parse afresh and let the
        # policy's own text decide (belt and braces: entries are authenticated).
        return _load(top, root, set_values, fresh=True, beside=beside)


def _merge(chain: list[tuple[n.PolicyFile, list[str]]], lines: Mapping[str, list[str]],
           set_at: dict[tuple[str, str | None], n.Pos] | None = None,
           left: dict[str, tuple[n.LeaveOut, n.Rule]] | None = None,
           ) -> tuple[dict[str, n.Param], dict[str, Any], dict[str, n.Rule], list[n.Waiver],
                      dict[str, str], dict[str, n.WordList], dict[str, n.TextPattern]]:  # fmt: skip
    """The declarations of a chain of policy files, each file's over its base's: parameters,
    their values, rules, waivers, grades, word lists and text patterns. `set_at`, when given,
    gets where each value (by name and key) was last set; `left`, each rule a file left out
    of its bases' (`leave out RULE`), with the rule it left out."""
    left = {} if left is None else left
    params: dict[str, n.Param] = {}
    values: dict[str, Any] = {}
    rules: dict[str, n.Rule] = {}
    waivers: list[n.Waiver] = []
    grades: dict[str, str] = {}
    words: dict[str, n.WordList] = {}
    patterns: dict[str, n.TextPattern] = {}
    for pf, _ in chain:
        waivers.extend(pf.waivers)
        words.update((w.name, w) for w in pf.words)  # an extending policy's replace the base's
        patterns.update((p.name, p) for p in pf.patterns)
        for gd in pf.grades:
            for gname in gd.names:
                try:
                    _declare(gname, gd.family, grades, None)
                except UsageError as err:
                    raise _error_at(gd.pos, err.message, lines) from None
        own: set[str] = set()
        for decl in pf.params:
            if decl.name in params:
                first = params[decl.name].pos
                raise _error_at(decl.pos, f"parameter '{decl.name}' is declared twice (first at "
                                f"{first.file}:{first.line}); use 'set' to change its value",
                                lines)  # fmt: skip
            params[decl.name] = decl
            if decl.keyed_by:
                _refuse_keys_slipped(decl, lines)
                values[decl.name] = dict.fromkeys(decl.keys)
            elif decl.default is not None:
                try:
                    values[decl.name] = param_value(decl.default, decl)
                except PolicyError as err:
                    raise _error_at(_pos_of(err, decl.default.pos), err.message,
                                    lines) from None  # fmt: skip
            else:
                values[decl.name] = None
        set_here: dict[tuple[str, str | None], int] = {}  # in this file: where each was set
        for st in pf.sets:
            if st.name not in params:
                hint = _declared_elsewhere(st.name, chain, pf) or did_you_mean(st.name, params)
                raise _error_at(st.pos, f"there is no parameter '{st.name}'{hint}", lines)
            decl = params[st.name]
            if decl.keyed_by and st.key is None:
                raise _error_at(st.pos, f"{st.name} holds one value per {decl.keyed_by}; write "
                                f"set {st.name}[{decl.keys[0]}] = ...", lines)  # fmt: skip
            if not decl.keyed_by and st.key is not None:
                raise _error_at(st.pos, f"{st.name} has a single value; write set {st.name} = "
                                "...", lines)  # fmt: skip
            key = None if st.key is None else _param_key(decl, st.key, grades)
            if st.key is not None and key is None:
                raise _error_at(st.pos, _key_refusal(st.name, decl, st.key, grades), lines)
            first_set = set_here.setdefault((st.name, key), st.pos.line)
            if first_set != st.pos.line:  # which of two values was meant is not ours to guess
                shown = st.name if key is None else f"{st.name}[{key}]"
                raise _error_at(st.pos, f"{shown} is set a second time in this policy (first "
                                f"at line {first_set}); keep one value", lines)  # fmt: skip
            try:
                value = param_value(st.value, decl) if st.value is not None else None
            except PolicyError as err:
                raise _error_at(_pos_of(err, st.pos), err.message, lines) from None
            if key is None:
                values[st.name] = value
            else:
                values[st.name][key] = value
            if set_at is not None:
                set_at[st.name, key] = st.pos
        for rule in pf.rules:
            if rule.id in own:
                first = rules[rule.id].pos
                raise _error_at(rule.pos, f"rule id '{rule.id}' is used twice in this policy "
                                f"(first at line {first.line})", lines)  # fmt: skip
            own.add(rule.id)
            _refuse_unstated_replacement(rule, rules.get(rule.id), chain, pf, lines)
            rules[rule.id] = rule  # a rule of an extending policy replaces the base's
            left.pop(rule.id, None)  # (and one written again after a base left it out is in)
        _refuse_clause_spelt_apart(pf, rules, lines)
        _leave_out(pf, rules, own, left, lines)
    return params, values, rules, waivers, grades, words, patterns


def _refuse_unstated_replacement(rule: n.Rule, replaced: n.Rule | None,
                                 chain: list[tuple[n.PolicyFile, list[str]]], pf: n.PolicyFile,
                                 lines: Mapping[str, list[str]]) -> None:  # fmt: skip
    """Refuse a rule that replaces a base's rule of its id (`replaced`) citing another clause
    without saying so (`replaces "2025"`), and a `replaces` that is not so. A local rule
    named `cases-per-practitioner`, the claim's name for its 2025 cap, took that cap out of
    every run, while the report still listed the cap's value as set (a first hour, round 55):
    a rule of another clause under a base rule's id is far likelier a name picked by chance
    than a replacement, and a deliberate replacement (5b's ratio for 5a's) says which clause
    it replaces. A replacement citing the same clause (a cap written another way) needs no
    word."""
    if replaced is None:
        if rule.replaces is not None:
            why = (f"the policies this one extends have no rule '{rule.id}' to replace"
                   f"{did_you_mean(rule.id, _base_rule_ids(chain, pf))}" if pf.extends else
                   f"this policy extends none, so rule {rule.id} replaces no rule")
            raise _error_at(rule.replaces_pos or rule.pos, f"{why}; 'replaces' is for a rule "
                            "of the same id in the policy this one extends (delete the line "
                            "for a rule of this policy's own)", lines)  # fmt: skip
        return
    was = replaced.clause
    base = next((p.name for p, _ in chain if p.file == replaced.pos.file), "") or "its base"
    if rule.replaces is not None:
        if _clause_key(rule.replaces) != _clause_key(was):
            raise _error_at(rule.replaces_pos or rule.pos, f"rule {rule.id} of {base} cites "
                            f'clause {was or "none"}, not "{rule.replaces}": write replaces '
                            f'"{was}"', lines)  # fmt: skip
        return
    if not was or _clause_key(was) == _clause_key(rule.clause):
        return
    title = f" ({replaced.title})" if replaced.title and "{" not in replaced.title else ""
    raise _error_at(rule.pos, f"rule id '{rule.id}' is the id of {base}'s rule for clause "
                    f"{was}{title}, which this rule would replace, taking clause "
                    f"{was} out of every run, while it cites clause {rule.clause or 'none'}: "
                    "give this rule an id of its own, or, to replace that rule, say so under "
                    f'its clause: replaces "{was}"', lines)  # fmt: skip


def _base_rule_ids(chain: list[tuple[n.PolicyFile, list[str]]], pf: n.PolicyFile) -> list[str]:
    """The ids of the rules written in the files of `chain` before `pf`."""
    out: list[str] = []
    for other, _ in chain:
        if other is pf:
            break
        out.extend(r.id for r in other.rules)
    return out


def _clause_key(clause: str) -> str:
    """A clause as cited, its spelling aside: `8 b`, `8B` and `8(b)` are 8b."""
    return re.sub(r"[\s()\[\]]+", "", clause).casefold()


def _refuse_clause_spelt_apart(pf: n.PolicyFile, rules: Mapping[str, n.Rule],
                               lines: Mapping[str, list[str]]) -> None:
    """Refuse a rule of this file whose clause is one another rule (of a base, or of this
    policy) cites, spelt another way: `clause "8 b"` beside the claim's 8b was printed on
    every finding as a clause of its own, missed by `--select 8b`, with no word (a first
    hour, round 51). Which was meant is not ours to guess: the message names the other. A
    clause no other rule cites is the policy's own (`local 1`), or one of the claim's that
    no rule cites (4a), and stays."""
    cited: dict[str, str] = {}  # key -> the clause as the first rule to cite it spells it
    for rule in rules.values():
        if rule.clause and rule not in pf.rules:
            cited.setdefault(_clause_key(rule.clause), rule.clause)
    for rule in pf.rules:
        if not rule.clause:
            continue
        other = cited.setdefault(_clause_key(rule.clause), rule.clause)
        if other != rule.clause:
            src = lines.get(rule.pos.file, [])
            at = next((i for i in range(rule.pos.line, min(len(src), rule.pos.line + 40) + 1)
                       if re.search(rf'\bclause\s+"{re.escape(rule.clause)}"', src[i - 1])),
                      rule.pos.line)  # fmt: skip
            column = src[at - 1].find('"') + 1 if at != rule.pos.line else rule.pos.column
            import attrs  # (a refusal's only: a hook run loads no attrs)

            pos = attrs.evolve(rule.pos, line=at, column=column,
                               width=len(rule.clause) + 2 if at != rule.pos.line else 1)
            raise _error_at(pos, f'clause "{rule.clause}" is clause {other} written another '
                            f'way; did you mean clause "{other}"? (a clause of the policy\'s '
                            f'own reads unlike any other, such as "local 1")', lines)


def _declared_elsewhere(name: str, chain: list[tuple[n.PolicyFile, list[str]]],
                        pf: n.PolicyFile) -> str:
    """Where a parameter a policy sets, and neither it nor its bases declare, is declared:
    the shipped policies that declare it (the claim first), and the `extends` to add. A
    counter-offer written without `extends` was told only "there is no parameter
    'upw_ratio'" (a first hour, round 48)."""
    names = {p.name for p, _ in chain}
    found = []
    for shipped, resource in sorted(shipped_policies().items(),
                                    key=lambda item: item[0] != DEFAULT_POLICY):  # fmt: skip
        if shipped in names:
            continue
        with open(resource.path, encoding="utf-8") as handle:
            if re.search(rf"(?m)^param\s+{re.escape(name)}\b", handle.read()):
                found.append(shipped)
    if not found:
        return ""
    where = f"the shipped policy {found[0]}" + (
        f" (and {', '.join(found[1:])})" if found[1:] else "")  # fmt: skip
    if not pf.extends and len(chain) == 1:
        return (f" here: {name} is declared in {where}; to set it, add extends "
                f"\"{found[0]}\" at the top of this policy")
    return (f" here or in the policies this one extends: {name} is declared in {where}, which "
            f"it does not extend")


def _leave_out(pf: n.PolicyFile, rules: dict[str, n.Rule], own: set[str],
               left: dict[str, tuple[n.LeaveOut, n.Rule]],
               lines: Mapping[str, list[str]]) -> None:  # fmt: skip
    """Take each rule `pf` leaves out (`leave out RULE`) out of `rules`, its bases', into
    `left`. Refused: a rule of the same file (delete it instead), one left out twice, and an
    id its bases have no rule of, with the likely id (a slip would leave the clause in, and
    the author would believe it out)."""
    here: dict[str, int] = {}
    for lo in pf.leave_out:
        if lo.rule in own:
            raise _error_at(lo.pos, f"rule {lo.rule} is written in this policy (line "
                            f"{rules[lo.rule].pos.line}): 'leave out' is for a rule of a policy "
                            "this one extends; delete the rule instead", lines)  # fmt: skip
        if lo.rule in here:
            raise _error_at(lo.pos, f"rule {lo.rule} is left out a second time in this policy "
                            f"(first at line {here[lo.rule]}); keep one", lines)  # fmt: skip
        if lo.rule not in rules:
            before = left.get(lo.rule)
            if before is not None:
                said = f"{before[0].pos.file}:{before[0].pos.line}"
                why = f"rule {lo.rule} is already left out, by {said}"
            elif not pf.extends:
                why = (f"this policy extends none, so it has no rule '{lo.rule}' to leave out; "
                       "'leave out' takes a rule of the policy named by 'extends' (add "
                       f"extends \"{DEFAULT_POLICY}\" to build on the claim)")
            else:
                why = (f"the policies this one extends have no rule '{lo.rule}' to leave out"
                       f"{did_you_mean(lo.rule, rules) or '; workrules rules lists them'}")
            raise _error_at(lo.pos, why, lines)
        here[lo.rule] = lo.pos.line
        left[lo.rule] = (lo, rules.pop(lo.rule))


def _load(top: _Source, root: str, set_values: Iterable[str], fresh: bool = False,
          beside: tuple[str, ...] = ()) -> Policy:  # fmt: skip
    """`load_policy`'s work; `beside`: grades declared beside the policy, folded (a cached
    policy is kept apart for each set of them, since its grade words were checked with them)."""
    from . import ast_cache

    keys: list[str] | None = [] if _USE_CACHE and ast_cache.cache_dir() else None
    entry = _checked_entry(top, root, beside) if keys is not None else None
    if entry is not None and not fresh:
        cached = _load_checked(top, root, entry)
        if cached is not None:
            return cached.with_values(set_values) if set_values else cached
    from .lang.typecheck import check_rule

    sources: list[_Source] = []
    idents: list[str] = []
    raws: list[tuple[str, bytes]] = []
    chain = _chain(top, root, fresh, keys, sources, idents, raws)
    lines = {pf.file: src for pf, src in chain}
    set_at: dict[tuple[str, str | None], n.Pos] = {}
    left: dict[str, tuple[n.LeaveOut, n.Rule]] = {}
    params, values, rules, waivers, grades, words, patterns = _merge(chain, lines, set_at, left)
    waivers = _waivers_kept(waivers, left, [pf.file for pf, _ in chain], lines)
    over = _rests_on(chain, idents, _over_shipped(chain, idents, (values, rules, words, patterns),
                                                  set_at))  # fmt: skip
    _refuse_dangling_lists(words, lines)
    _refuse_costly_searches(rules, lines)
    for rule in rules.values():
        _check_grade_words(rule, {**dict.fromkeys(beside, ""), **grades}, lines, params,
                           {**dict.fromkeys(patterns),
                            **{w: tuple(i.value for i in wl.items) for w, wl in words.items()}})
    matchers = _matchers(patterns, words, lines, fresh, keys) if patterns else {}
    try:
        compiled = tuple(check_rule(rule, params, lines, matchers,
                                    tuple(sorted(_grade_sources(rule))))
                         for rule in rules.values())  # fmt: skip
    except RecursionError:
        raise PolicyError("an expression is nested too deeply; split it with 'let'",
                          file=chain[-1][0].file) from None  # fmt: skip
    _refuse_zero_divisors(compiled, params, values, set_at, lines)
    over = _unread_said(over, compiled, params)
    last = chain[-1][0]
    name = last.name or os.path.splitext(os.path.basename(last.file))[0]
    for w in waivers:
        if w.rule not in rules:
            raise _error_at(w.pos, f"there is no rule '{w.rule}' to waive"
                            f"{did_you_mean(w.rule, rules)}", lines)  # fmt: skip
    recorded = tuple(WaiverInfo(w.rule, w.subject, w.reason, w.agreed_by, w.until, w.pos.file,
                                w.pos.line) for w in waivers)  # fmt: skip
    _refuse_waived_twice(recorded, PolicyError)
    policy = Policy(name, last.title, tuple(pf.file for pf, _ in chain), params, values, compiled,
                    recorded,
                    grades, words, patterns,
                    {p: param_facts(decl) for p, decl in params.items()}, over,
                    **_digest(raws),
                    shipped=tuple(is_within(i, _shipped_dir()) for i in idents),
                    left_out=tuple(LeftOut(rid, rule.clause, lo.pos.file, lo.pos.line, lo.reason)
                                   for rid, (lo, rule) in left.items()))  # fmt: skip
    if entry is not None and keys is not None:  # as type-checked: widened on each load
        _store_checked(entry, policy, sources, keys, matchers)
    policy = policy._with_declared(grades) if grades else policy._titled()
    return policy.with_values(set_values) if set_values else policy


def _waivers_kept(waivers: list[n.Waiver], left: Mapping[str, tuple[n.LeaveOut, n.Rule]],
                  files: list[str], lines: Mapping[str, list[str]]) -> list[n.Waiver]:
    """The waivers of the rules still in the policy: a base's waiver of a rule a later file
    leaves out goes with the rule; one written where the rule is already left out is
    refused, since it waives nothing."""
    kept = []
    for w in waivers:
        gone = left.get(w.rule)
        if gone is None:
            kept.append(w)
        elif files.index(w.pos.file) >= files.index(gone[0].pos.file):
            at = f"{gone[0].pos.file}:{gone[0].pos.line}"
            raise _error_at(w.pos, f"rule {w.rule} is left out (by {at}), so there is nothing "
                            "to waive; delete the waiver", lines)  # fmt: skip
    return kept


def _refuse_dangling_lists(words: Mapping[str, n.WordList],
                           lines: Mapping[str, list[str]]) -> None:  # fmt: skip
    """Every word list's `{name}`s, checked whether a pattern reads the list or not (a pattern
    checks what it reads, as it is compiled): a name that is no word list, refused with the
    likely one, and a list that contains itself, through others or not. Otherwise a slip
    would wait, unseen, for the first policy that extends this one and reads the list."""
    from .textpattern import _SLOT

    refs = {name: [(m_.group(1), item) for item in wl.items for m_ in _SLOT.finditer(item.value)]
            for name, wl in words.items()}  # fmt: skip
    for found in refs.values():
        for ref, item in found:
            if ref not in words:
                raise _error_at(item.pos, f"there is no word list '{ref}'"
                                f"{did_you_mean(ref, words)}; declare it with: words NAME = "
                                "\"...\", ...", lines)  # fmt: skip
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in done:
            return
        for ref, item in refs[name]:
            if ref in path or ref == name:
                raise _error_at(item.pos, f"word list '{ref}' contains itself", lines)
            visit(ref, [*path, name])
        done.add(name)

    for name in refs:
        visit(name, [])


def _key_vocabularies() -> dict[str, tuple[str, ...]]:
    """What a parameter may be keyed by, beside `grade`: each fixed list of the data model, by
    the name of one of its values (`role`, of the field `roles`), with its values."""
    found: dict[str, tuple[str, ...]] = {}
    fields = [*(t for k in m.KINDS.values() for t in k.fields.items()),
              *(t for fs in m.NESTED.values() for t in fs.items())]  # fmt: skip
    for name, t in fields:
        elem = t.elem if t.name == "list" else t
        if elem is not None and elem.name == "enum":
            found.setdefault(name[:-1] if t.name == "list" else name, elem.values)
    return found


def _refuse_keys_slipped(decl: n.Param, lines: Mapping[str, list[str]]) -> None:
    """A keyed parameter's declaration, checked as a `set` of it is: `by grde` (a slip of what
    parameters are keyed by), a key given twice (`{SPO, spo}`), a key that is no value of the
    fixed list it is keyed by (`by role {vlo0}`). Each refused at its line, with the likely
    name; never guessed. A key type that is no slip of a known one (`by unit`) is read as
    before, its keys as written."""
    vocabularies = _key_vocabularies()
    known = ["grade", *vocabularies]
    if decl.keyed_by not in known:
        hint = did_you_mean(decl.keyed_by, known)
        if hint:
            raise _error_at(decl.pos, f"'{decl.keyed_by}' is not what a parameter is keyed by"
                            f"{hint}; key it by grade or by a fixed list ({', '.join(known[1:])})",
                            lines)  # fmt: skip
    values = vocabularies.get(decl.keyed_by)
    seen: dict[str, str] = {}
    for key in decl.keys:
        if decl.keyed_by == "grade":
            folded = m.word_key(m.canonical_grade(key) or key)
        else:
            folded = "_".join(key.lower().replace("-", " ").split())
            if values is not None and folded not in values:
                raise _error_at(decl.pos, f"{decl.name}: '{key}' is not a {decl.keyed_by}"
                                f"{did_you_mean(folded, values)}; the {decl.keyed_by}s are "
                                f"{', '.join(values)}", lines)  # fmt: skip
        if folded in seen:
            raise _error_at(decl.pos, f"{decl.name}: the key '{key}' is given twice (as "
                            f"'{seen[folded]}' before it); give each key once", lines)  # fmt: skip
        seen[folded] = key


def _refuse_zero_divisors(compiled: Sequence[CompiledRule], params: Mapping[str, n.Param],
                          values: Mapping[str, Any], set_at: Mapping[tuple[str, str | None], n.Pos],
                          lines: Mapping[str, list[str]]) -> None:  # fmt: skip
    """A parameter a rule divides by given 0 in the policy (its declaration, a `set`, a dated
    step), refused at that line as `--set NAME=0` is refused (`Policy._refuse_zero_divisor`):
    every quotient would have no value, and the rule would find nothing, silently."""
    by: dict[str, set[str]] = {}
    for cr in compiled:
        for e in (*cr.check, cr.where, *cr.template):
            if ir.is_node(e):
                for x in ir.walk(e):
                    if isinstance(x, ir.Arith) and x.op == "/" and isinstance(x.right, ir.Param):
                        by.setdefault(x.right.name, set()).add(cr.id)
    for name, rules in sorted(by.items()):
        value = values.get(name)
        given = value.items() if isinstance(value, dict) else [(None, value)]
        for key, v in given:
            steps = v.steps if isinstance(v, ValueHistory) else [(None, v)]
            if any(isinstance(x, (int, float)) and not isinstance(x, bool) and x == 0
                   for _, x in steps):  # fmt: skip
                decl = params[name]
                pos = set_at.get((name, key)) or (
                    decl.default.pos if decl.default is not None else decl.pos)  # fmt: skip
                raise _error_at(pos, f"{name} cannot be 0: {', '.join(sorted(rules))} divides "
                                "by it, and nothing divided by 0 has a value", lines)  # fmt: skip


def _refuse_costly_searches(rules: Mapping[str, n.Rule],
                            lines: Mapping[str, list[str]]) -> None:  # fmt: skip
    """Refuse the `mentions` phrase or the regex with which the rules of a policy, the files
    it extends included, search for more than MAX_MENTION_WORDS words or MAX_REGEX_PROGRAM
    steps of RE2's programs in all, as the parser refuses it in one file: 16 files of 500
    words, each extending the next, searched a job description of "a a a ..." ten times as
    long as one (23 s)."""
    import attrs

    from .lang import nodes as n
    from .textpattern import regex

    words = steps = 0
    for rule in rules.values():
        stack: list[Any] = [rule]
        while stack:
            node = stack.pop()
            if isinstance(node, tuple):
                stack.extend(reversed(node))
                continue
            if not attrs.has(type(node)):
                continue
            stack.extend(reversed([getattr(node, f.name) for f in attrs.fields(type(node))]))
            if not isinstance(node, n.TextMatch):
                continue
            if node.how == "mentions":
                words += len(node.pattern.split())
                if words > MAX_MENTION_WORDS:
                    raise _error_at(node.pos, "the 'mentions' phrases of this policy and "
                                    f"those it extends are too long in all: with this one "
                                    f"they have {words:,} words, and at most "
                                    f"{MAX_MENTION_WORDS:,} are searched for in a policy (a "
                                    "real phrase has a few); write shorter phrases",
                                    lines)  # fmt: skip
            else:
                steps += regex(node.pattern).compiled.programsize
                if steps > MAX_REGEX_PROGRAM:
                    raise _error_at(node.pos, "the patterns of this policy and those it extends "
                                    f"are too large in all: with this one they compile to "
                                    f"{steps:,} steps of RE2's program, and at most "
                                    f"{MAX_REGEX_PROGRAM:,} are allowed in a policy (a real "
                                    "one needs a few dozen, and a step can cost 10 ms a search "
                                    "of a long text); write fewer or smaller patterns",
                                    lines)  # fmt: skip


def _over_shipped(chain: list[tuple[n.PolicyFile, list[str]]], idents: list[str],
                  merged: tuple[Mapping[str, Any], Mapping[str, n.Rule],
                                Mapping[str, n.WordList], Mapping[str, n.TextPattern]],
                  set_at: Mapping[tuple[str, str | None], n.Pos],
                  ) -> tuple[Setting, ...]:  # fmt: skip
    """What a repository's policy file changes of the shipped policy it extends: each rule,
    word list or text pattern it replaces (one of the same name, which can judge anything or
    nothing: a claim's pattern that finds no phrase), and each value it
    sets over one the shipped policy gives (a cap raised out of reach). Listed in every
    report, as a config's `[set]` and `ignore` are: `extends "claim-2024"` with its 5c rule
    written again, `at most 100 h`, was reported as "0 findings ... nothing to report",
    naming neither the rule nor the file. A value the shipped policy leaves to be agreed,
    which a local policy is there to give, is listed too, as the config's `[set]` lists it
    (`span_of_control_max[SPO] = 1000` moved from the config into the policy went unlisted),
    and so is each grade it declares, as the config's `[grades]` are (`grade PS0`, with a
    zero, took a PSO's job description out of 7a: the sixteenth attack)."""
    shipped_dir = _shipped_dir()
    shipped = [i for i, ident in enumerate(idents) if is_within(ident, shipped_dir)]
    if not shipped or len(shipped) == len(chain):
        return ()
    base = [chain[i] for i in shipped]
    base_params, base_values, base_rules, _, _, base_words, base_patterns = _merge(
        base, {pf.file: src for pf, src in base})
    values, rules, words, patterns = merged
    last = base[-1][0]
    name = last.name or os.path.splitext(os.path.basename(last.file))[0]
    out: list[Setting] = []
    replaceable: tuple[tuple[str, Mapping[str, Any], Mapping[str, Any]], ...] = (
        ("rule", rules, base_rules), ("words", words, base_words),
        ("pattern", patterns, base_patterns))  # fmt: skip
    for what, now_of, was_of in replaceable:
        for ident, node in now_of.items():
            if ident in was_of and node is not was_of[ident]:
                out.append(Setting(f"{what} {ident}", "replaced", f"as {name} writes it",
                                   node.pos.file, node.pos.line))  # fmt: skip
    for pname, decl in base_params.items():
        ptype = ir.type_named(param_facts(decl).type)
        was, now = base_values.get(pname), values.get(pname)
        # (each key either gives: a grade the parameter does not list, `[SPO_COURTS] = 20`,
        # went unlisted, its cap raised out of reach: scenarios, round 43)
        pairs = ([(k, was.get(k), now.get(k)) for k in [*was, *(k for k in now if k not in was)]]
                 if isinstance(was, dict) and isinstance(now, dict)
                 else [(None, was, now)])  # fmt: skip
        for key, before, after in pairs:
            pos = set_at.get((pname, key))
            if before == after or pos is None:
                continue
            shown = pname if key is None else f"{pname}[{key}]"
            out.append(Setting(shown, value_words(after, ptype),
                               f"{value_words(before, ptype)} in {name}", pos.file, pos.line))
    for i, (pf, _) in enumerate(chain):
        if i in shipped:
            continue
        for gd in pf.grades:
            out.extend(Setting(f"grade {gname}",
                               f"like {gd.family}" if gd.family else "a grade of its own",
                               f"not declared in {name}", gd.pos.file, gd.pos.line)
                       for gname in gd.names)  # fmt: skip
    return tuple(sorted(out, key=lambda s: (s.file, s.line)))


def _unread_said(over: tuple[Setting, ...], compiled: Sequence[CompiledRule],
                 params: Mapping[str, n.Param]) -> tuple[Setting, ...]:  # fmt: skip
    """`over`, each value a policy sets that no rule of it reads said to be so: a local
    policy's `set cases_max = 40`, the rule that read it left out or replaced, was listed as
    in force (a first hour, round 55)."""
    read = frozenset().union(*(cr.params | cr.optional_params for cr in compiled))
    return tuple(msgspec.structs.replace(s, value=f"{s.value}, read by no rule of this policy")
                 if (name := s.name.split("[", 1)[0]) in params and name not in read
                 else s for s in over)  # fmt: skip


def _rests_on(chain: list[tuple[n.PolicyFile, list[str]]], idents: list[str],
              over: tuple[Setting, ...]) -> tuple[Setting, ...]:  # fmt: skip
    """`over` (`_over_shipped`), with what a repository's policy rests on when that is not
    the claim, and the waivers of its own files: listed in every report beside the values
    set. A policy called `claim-2024-tees-valley`, "the local agreement", that extends
    `employer-current`, and a renamed copy of the whole claim with 5c raised, each reported
    "nothing to report" and named no shipped policy (attack round 27, P3, P4); a waiver of
    5c for "*" until 2999-12-31 was a rule switched off, listed nowhere (P5)."""
    shipped = [i for i, ident in enumerate(idents) if is_within(ident, _shipped_dir())]
    if shipped and shipped[-1] == len(chain) - 1:
        return over  # a shipped policy, as shipped
    top, top_lines = chain[-1]
    line = next((i for i, text in enumerate(top_lines, 1) if re.match(r"\s*policy\b", text)), 0)
    stands: list[Setting] = []
    base = ""
    if not shipped and _writes_the_claim(chain):
        stands.append(Setting("extends", f"no shipped policy, so nothing in it is compared with "
                              f"the claim: compare it with `workrules diff {DEFAULT_POLICY} "
                              f"{top.file}`", f"the default, {DEFAULT_POLICY}", top.file, line))
    elif shipped:
        last = chain[shipped[-1]][0]
        base = last.name or os.path.splitext(os.path.basename(last.file))[0]
        if base != DEFAULT_POLICY:
            at = next((pos for pf, _ in chain for name, pos in pf.extends if name == base), None)
            stands.append(Setting("extends", f"{base}, a shipped policy other than "
                                  f"{DEFAULT_POLICY}", f"the default, {DEFAULT_POLICY}",
                                  at.file if at else top.file, at.line if at else line))
    waived = []
    for i, (pf, _) in enumerate(chain):
        if i in shipped:
            continue
        for w in pf.waivers:  # (a pattern of `*` and `?` alone: any subject, or nearly)
            waived.append(Setting(f"waiver {w.rule}", waiving.waiver_said(w.subject, w.until),
                                  f"no waiver in {base or DEFAULT_POLICY}", w.pos.file,
                                  w.pos.line))  # fmt: skip
    return (*stands, *sorted((*over, *waived), key=lambda s: (s.file, s.line)))


def _writes_the_claim(chain: list[tuple[n.PolicyFile, list[str]]]) -> bool:
    """Whether a chain of the repository's files, extending no shipped policy, writes a rule
    of the claim's by its id: a copy of the claim, whole or in part, which reads as the claim
    and is compared with it by nothing. (A policy of other rules altogether, reading a
    parameter of the claim's name, passes for nothing of the claim's.)"""
    ids, _ = _claims_names()
    return any(r.id in ids for pf, _ in chain for r in pf.rules)


_CLAIMS_NAMES: list[tuple[frozenset[str], frozenset[str]]] = []


def _claims_names() -> tuple[frozenset[str], frozenset[str]]:
    """The shipped claim's rule ids and parameter names, from its text (read once)."""
    if not _CLAIMS_NAMES:
        with open(shipped_policy(DEFAULT_POLICY).path, encoding="utf-8") as handle:
            text = handle.read()
        _CLAIMS_NAMES.append((frozenset(re.findall(r"(?m)^rule\s+([a-z0-9-]+)", text)),
                              frozenset(re.findall(r"(?m)^param\s+(\w+)", text))))  # fmt: skip
    return _CLAIMS_NAMES[0]


def refuse_nothing(data: Dataset) -> None:
    """Refuse data that holds no records at all (no source given, exports of their header rows
    alone, lists given empty): checked, it would pass as "nothing to report", no rule having
    judged anyone. `workrules.check` and `Policy.check` refuse it alike (a first hour, round
    44: a service's empty upload, checked in memory, passed with exit code 0)."""
    files = data.files
    if not files:  # (as `workrules.check` refuses no files, in the words of the data)
        raise UsageError("data: no data given, and a check of nothing would pass; give the data "
                         "to check, e.g. load_data(['staff.yaml', 'rota.yaml'])")
    if data.staff or any(len(rs) for rs in data.records.values()):
        return
    more = f", nor do the {len(files) - 1} other data files" if len(files) > 2 else (
        ", nor does the other data file" if len(files) == 2 else "")
    raise InputError(f"holds no records{more}: each list is empty (an export of its header row "
                     "alone?), and a check of nothing would pass", file=files[0])


def refuse_posing_as_shipped(policy: Policy, source: str | os.PathLike[str] | None) -> None:
    """Refuse `policy`, loaded from the file `source`, when it takes a shipped policy's name.
    Every report of a check names the policy it applied (`of policy claim-2024`, SARIF's
    category `workrules/claim-2024/`): a repository's own, weaker file calling itself the claim
    would be reported as the claim, and its code-scanning results would replace the claim's.
    `diff` compares such a file (an older claim kept as released is what negotiators diff),
    naming its file in its heading; `render` shows any file, whatever it calls itself. A file
    such a policy extends is refused as it is read (`_refuse_base_posing`)."""
    if source is None or not os.fspath(source).endswith(".wr"):
        return  # a shipped policy, by its name
    posed = next((name for name in shipped_policies() if reads_as(policy.name, name)), None)
    if posed is None or is_within(os.fspath(source), _shipped_dir()):
        return
    import re

    shown = policy.files[-1]
    lines = read_policy_bytes(shown, os.fspath(source)).decode("utf-8", "replace").splitlines()
    line = next((i for i, text in enumerate(lines, 1) if re.match(r"\s*policy\b", text)), None)
    how = (f"this policy calls itself {policy.name!r}" if line is not None else
           f"this policy file declares no name, so it takes {policy.name!r} from its file name")
    what = ("the name of a shipped policy" if posed == policy.name else
            f"which reads as {posed!r}, the name of a shipped policy")  # fmt: skip
    raise PolicyError(f"{how}, {what}; give a policy of your own a name of its own (policy "
                      f"{posed}-local), so that no report passes it off as the shipped one",
                      file=shown, line=line, column=1 if line else None,
                      source_line=lines[line - 1] if line else None)  # fmt: skip


def repository_lookalikes(policy: Policy) -> dict[int, str]:
    """The places in `policy.files` of the repository's files whose file name reads as a
    shipped policy's (`policies/claim-2024.wr` of the repository's own), each with the
    shipped policy's name, so that `diff`'s heading tells the two apart (attack round 27, P1:
    `NEW tees-valley-local (policies/tees-local.wr, extending policies/claim-2024.wr)` named a
    local copy as the shipped claim is named)."""
    out: dict[int, str] = {}
    for i, (file, shipped) in enumerate(zip(policy.files, policy.shipped, strict=False)):
        stem = os.path.splitext(os.path.basename(file))[0]
        posed = next((name for name in shipped_policies() if reads_as(stem, name)), None)
        if posed is not None and not shipped and not _same_bytes(policy, i, posed):
            out[i] = posed
    return out


def _same_bytes(policy: Policy, at: int, shipped: str) -> bool:
    """Whether the file at `at` in `policy.files` holds the shipped policy's very bytes (the
    source tree's `policies/claim-2024.wr` beside an installed release of the same): no
    repository's own copy to tell apart."""
    mine = next((s.sha256 for s in policy.sources if s.file == policy.files[at]), None)
    theirs = load_policy(shipped).sources
    return mine is not None and bool(theirs) and theirs[0].sha256 == mine


def reads_as(name: str, shipped: str) -> bool:
    """Whether a policy `name` reads as the `shipped` policy's name in a report: the same in
    another case or width (`Claim-2024`, a fullwidth `c`: U+FF43), with invisible or space
    characters added (`claim-2024` and U+200B, a trailing space), or with any character
    that is not ASCII standing for one that is (U+0441 CYRILLIC SMALL LETTER ES for `c`,
    U+2010 for `-`), or in ASCII that reads as it (`claim-2o24`, `clairn-2024`: `_skeleton`).
    A policy file's name becomes the policy's when it has no `policy` line, and a file system
    takes any of these."""
    import unicodedata

    unseen = ("Cf", "Cc", "Mn")  # format characters (U+200B), controls, combining marks
    seen = "".join(c for c in unicodedata.normalize("NFKC", name).casefold()
                   if not c.isspace() and unicodedata.category(c) not in unseen)  # fmt: skip
    return (len(seen) == len(shipped) and all(
        a == b or not a.isascii() for a, b in zip(seen, shipped, strict=True))) or (
        seen.isascii() and _skeleton(seen) == _skeleton(shipped))  # fmt: skip


# ASCII that reads as other ASCII in a report's font: a digit for a letter (`claim-2o24`,
# `c1aim-2024`), `rn` for `m` (`clairn-2024`), `vv` for `w` (review 42)
_ASCII_ALIKE = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "5": "s"})


def _skeleton(name: str) -> str:
    return name.replace("rn", "m").replace("vv", "w").translate(_ASCII_ALIKE)


# ---------------------------------------------------------------------------------------------
# The cache of the type-checked policy (`ir_cache`): what a warm run loads instead of the AST


def _checked_entry(top: _Source, root: str, beside: tuple[str, ...] = ()) -> str:
    from . import ir_cache

    return ir_cache.entry_name([top.shown, top.path, top.ident, root, *beside])


def _store_checked(entry: str, policy: Policy, sources: list[_Source], keys: list[str],
                   matchers: Mapping[str, Any]) -> None:  # fmt: skip
    """Keep the checked `policy` (as loaded from `sources`, whose `_source_key`s are `keys`)
    as `entry`, for `_load_checked`."""
    from . import ast_cache, ir_cache

    folder = ast_cache.cache_dir()
    if folder is None:
        return
    waivers = tuple((w.rule, w.subject, w.reason, w.agreed_by, w.until, w.file, w.line)
                    for w in policy.waivers)  # fmt: skip
    rules = tuple(cr._replace(ast=None) for cr in policy.rules)

    def encode(p: Policy) -> Any:
        return {
            "chain": [[s.shown, s.path, s.ident, k] for s, k in zip(sources, keys, strict=True)],
            "name": p.name, "title": p.title, "files": list(p.files),
            "params": [[f.name, f.type, f.keyed_by, list(f.keys)] for f in p.facts.values()],
            "words": list(p.words), "patterns": list(p.patterns), "grades": dict(p.grades),
            "ir": ir_cache.encode((p.values, rules, waivers), matchers),
            "over": [[o.name, o.value, o.policy, o.file, o.line] for o in p.settings],
            "shipped": list(p.shipped),
            "left_out": [[lo.rule, lo.clause, lo.file, lo.line, lo.reason] for lo in p.left_out],
        }  # fmt: skip

    ast_cache._store(folder, entry, encode, policy)


class _PolicyAst:
    """The AST of a policy loaded from its checked form, read (from the AST cache, or parsed)
    the first time a tool asks for any of it."""

    def __init__(self, top: _Source, root: str) -> None:
        self.top, self.root = top, root
        self._got: Any = None

    def _merged(self) -> Any:
        if self._got is None:
            from . import ast_cache

            hits = ast_cache.hits
            try:
                self._got = self._read(fresh=False)
            except Exception:
                if ast_cache.hits == hits:
                    raise
                self._got = self._read(fresh=True)  # an AST from the cache failed: parse
        return self._got

    def _read(self, fresh: bool) -> Any:
        chain = _chain(self.top, self.root, fresh)
        return _merge(chain, {pf.file: src for pf, src in chain})

    def rule(self, rule_id: str) -> n.Rule:
        return self._merged()[2][rule_id]  # type: ignore[no-any-return]

    def params(self) -> dict[str, n.Param]:
        return self._merged()[0]  # type: ignore[no-any-return]

    def words(self) -> dict[str, n.WordList]:
        return self._merged()[5]  # type: ignore[no-any-return]

    def patterns(self) -> dict[str, n.TextPattern]:
        return self._merged()[6]  # type: ignore[no-any-return]


def _load_checked(top: _Source, root: str, entry: str) -> Policy | None:
    """The policy `top` from the cache of its checked form, or None (a miss): the entry must
    be signed by this user, and every file of its chain still the one it was made from."""
    import functools

    from . import ast_cache, ir_cache

    folder = ast_cache.cache_dir()
    raw = ast_cache._load(folder, entry, lambda data: data) if folder is not None else None
    if type(raw) is not dict:
        return None
    try:
        keys: list[str] = []
        raws: list[tuple[str, bytes]] = []  # (the files as read now: what the report names)
        for shown, path, ident, key in raw["chain"]:
            if os.path.realpath(path) != ident:
                return None
            if _source_key(_read(_Source(shown, path, ident), raws), shown) != key:
                return None
            keys.append(key)
        names = [str(p) for p in raw["patterns"]]
        matchers = _matchers(dict.fromkeys(names), {}, {}, False, keys) if names else {}
        values, rules, waivers = ir_cache.decode(raw["ir"], matchers)
        ast = _PolicyAst(top, root)
        facts = {str(name): ParamFacts(str(name), str(ptype), str(by), tuple(map(str, pkeys)))
                 for name, ptype, by, pkeys in raw["params"]}  # fmt: skip
        policy = Policy(
            str(raw["name"]), raw["title"], tuple(map(str, raw["files"])),
            _Fetched(facts, ast.params), values,
            tuple(cr._replace(ast=ir.AstRule(fetch=functools.partial(ast.rule, cr.id)))
                  for cr in rules),
            tuple(WaiverInfo(*w) for w in waivers), dict(raw["grades"]),
            _Fetched(map(str, raw["words"]), ast.words), _Fetched(names, ast.patterns), facts,
            tuple(Setting(str(name), str(value), str(was), str(file), int(line))
                  for name, value, was, file, line in raw["over"]),
            **_digest(raws),
            shipped=tuple(bool(x) for x in raw["shipped"]),
            left_out=tuple(LeftOut(str(rule), str(clause), str(file), int(line), str(reason))
                           for rule, clause, file, line, reason in raw["left_out"]),
        )  # fmt: skip
        if not all(type(cr) is ir.Rule for cr in policy.rules):
            return None
        policy = policy._with_declared(policy.grades) if policy.grades else policy._titled()
    except Exception:  # whatever a signed entry holds: a miss, and the policy is loaded
        return None
    ast_cache.hits += 1
    return policy
