"""A policy: parameters with their values and compiled rules, ready to check data.

`load_policy` reads a policy file (or a shipped policy by name), follows `extends`, applies
`set` statements and command-line assignments, and compiles every rule. `Policy.check`
runs the rules over a `Dataset` and returns a `Result`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from . import nodes as n
from .compile import Env, param_type
from .dataset import Dataset
from .errors import PolicyError, UsageError, did_you_mean
from .evaluate import CompiledRule, compile_rule, placer, run_rule
from .findings import (
    DEFAULT_FAIL_ON,
    EXPIRED_WAIVER,
    FAIL_ON,
    Evidence,
    Finding,
    NotApplied,
    Period,
    Result,
    RuleInfo,
    WaiverInfo,
)
from .render import render
from .resources import DEFAULT_POLICY, shipped_policies


@attrs.frozen
class ValueHistory:
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


@attrs.frozen
class Policy:
    """Compiled rules and parameter values. Immutable; `with_values` returns a new one."""

    name: str
    title: str
    files: tuple[str, ...]
    params: Mapping[str, n.Param]
    values: Mapping[str, Any]  # plain: value, ValueHistory or None; keyed: dict key -> those
    rules: tuple[CompiledRule, ...]
    waivers: tuple[WaiverInfo, ...] = ()
    words: Mapping[str, n.WordList] = attrs.field(factory=dict)
    patterns: Mapping[str, n.TextPattern] = attrs.field(factory=dict)

    def with_waivers(self, waivers: Iterable[WaiverInfo]) -> Policy:
        """Add recorded exceptions (from a project config, say); their rules must exist."""
        added = tuple(waivers)
        ids = [cr.id for cr in self.rules]
        for w in added:
            if w.rule not in ids:
                raise UsageError(f"waiver for '{w.rule}': policy {self.name} has no such rule"
                                 f"{did_you_mean(w.rule, ids)}", file=w.file,
                                 line=w.line)  # fmt: skip
        return attrs.evolve(self, waivers=self.waivers + added)

    def rule_info(self) -> tuple[RuleInfo, ...]:
        out = []
        for cr in self.rules:
            r = cr.rule
            effective = r.effective.isoformat() if isinstance(r.effective, dt.date) else (
                r.effective or "")
            out.append(RuleInfo(r.id, r.clause, r.title, r.why, r.severity, effective,
                                r.pos.file, r.pos.line))  # fmt: skip
        return tuple(out)

    def rule(self, rule_id: str) -> CompiledRule:
        for cr in self.rules:
            if cr.id == rule_id:
                return cr
        raise UsageError(f"policy {self.name} has no rule '{rule_id}'"
                         f"{did_you_mean(rule_id, [r.id for r in self.rules])}")  # fmt: skip

    def with_values(self, assignments: Iterable[str]) -> Policy:
        """Apply `name=value` / `name[KEY]=value` assignments (the CLI's --set)."""
        values = {k: (dict(v) if isinstance(v, dict) else v) for k, v in self.values.items()}
        for text in assignments:
            name, key, value = _parse_assignment(text, self.params)
            if key is None:
                values[name] = value
            else:
                values[name][key] = value
        return attrs.evolve(self, values=values)

    def describe_value(self, name: str) -> str:
        decl, value = self.params[name], self.values[name]
        ptype = param_type(decl)
        if decl.keyed_by:
            return "; ".join(f"{k} {value_words(v, ptype)}" for k, v in value.items())
        return value_words(value, ptype)

    def _wholly_unset(self, name: str) -> bool:
        value = self.values[name]
        if self.params[name].keyed_by:
            return all(v is None for v in value.values())
        return value is None

    def check(self, data: Dataset, *, today: dt.date | None = None,
              fail_on: str = DEFAULT_FAIL_ON) -> Result:  # fmt: skip
        """Run every rule over `data`.

        `today` decides which waivers have expired and which value of a dated parameter
        applies to records without a day (default: the real date). `fail_on` is the weakest
        severity that fails the run (see `Result.exit_code`).
        """
        if fail_on not in FAIL_ON:
            raise UsageError(f"--fail-on {fail_on}: choose one of {', '.join(FAIL_ON)}"
                             f"{did_you_mean(fail_on, FAIL_ON)}")  # fmt: skip
        from .gc_pause import paused_gc

        with paused_gc():
            return self._check(data, today or dt.date.today(), fail_on)

    def _check(self, data: Dataset, today: dt.date, fail_on: str) -> Result:
        env = Env(data.staff, {k: _at(v, today) for k, v in self.values.items()})
        findings: list[Finding] = []
        not_applied: list[NotApplied] = []
        applied = 0
        for cr in self.rules:
            unset = sorted(p for p in cr.params if self._wholly_unset(p))
            if unset:
                hint = ", ".join(f"--set {p}{'[KEY]' if self.params[p].keyed_by else ''}=N"
                                 for p in unset)  # fmt: skip
                not_applied.append(NotApplied(
                    cr.id, cr.rule.clause,
                    f"cap not yet agreed: {', '.join(unset)} {'is' if len(unset) == 1 else 'are'}"
                    f" unset (set with {hint})",
                    tuple(unset),
                ))  # fmt: skip
                continue
            applied += 1
            changes = sorted({d for p in cr.params for h in _histories(self.values[p])
                              for d in h.dates()})  # fmt: skip
            if not changes:
                measured, missing = run_rule(cr, data, env)
                findings.extend(map(placer(cr, env, data), measured))
            else:
                missing = self._run_by_period(cr, data, changes, today, findings, not_applied)
            if missing:
                by_param: dict[str, list[str]] = {}
                for pname, key in sorted(missing):
                    by_param.setdefault(pname, []).append(key)
                reason = "; ".join(
                    f"cap not yet agreed for {', '.join(keys)}: "
                    f"{pname}[{keys[0]}] is unset (set with --set {pname}[{keys[0]}]=N)"
                    for pname, keys in by_param.items()
                )
                not_applied.append(NotApplied(
                    cr.id, cr.rule.clause, f"applied in part; {reason}",
                    tuple(f"{p}[{k}]" for p, keys in by_param.items() for k in keys), True,
                ))  # fmt: skip
        findings = self._waive(findings, today)
        findings.sort(key=Finding.sort_key)
        return Result(self.name, data.files, tuple(findings), tuple(not_applied), applied,
                      self.rule_info(), fail_on)  # fmt: skip

    def _run_by_period(self, cr: CompiledRule, data: Dataset, changes: list[dt.date],
                       today: dt.date, findings: list[Finding], not_applied: list[NotApplied],
                       ) -> set[tuple[str, str]]:  # fmt: skip
        """Run a rule whose parameters change over time once per period of constant values;
        a record counts in the period its day (or week, or month) starts in. Records
        without a day take the values in force `today`."""
        bounds: list[dt.date | None] = [None, *changes, None]
        missing: set[tuple[str, str]] = set()
        unset_before: list[str] = []
        for lo, hi in itertools.pairwise(bounds):
            values = {name: _at(v, lo) for name, v in self.values.items()}
            holds_today = (lo is None or lo <= today) and (hi is None or today < hi)
            gaps = sorted(p for p in cr.params if values[p] is None or (
                isinstance(values[p], dict) and all(v is None for v in values[p].values())))
            if gaps:
                if hi is not None:
                    unset_before.append(f"{', '.join(gaps)} unset before {hi}")
                continue
            env = Env(data.staff, values)
            measured, part_missing = run_rule(cr, data, env, (lo, hi), holds_today)
            missing |= part_missing
            findings.extend(map(placer(cr, env, data), measured))
        if unset_before:
            dated = tuple(sorted(p for p in cr.params if _histories(self.values[p])))
            not_applied.append(NotApplied(
                cr.id, cr.rule.clause,
                f"applied in part; cap not yet agreed for earlier records: "
                f"{'; '.join(unset_before)}", dated, True,
            ))  # fmt: skip
        return missing

    def _waive(self, findings: list[Finding], today: dt.date) -> list[Finding]:
        """Mark findings covered by a waiver; an expired waiver is itself a finding."""
        from fnmatch import fnmatchcase

        if not self.waivers:
            return findings
        out = []
        for f in findings:
            for w in self.waivers:
                if w.rule != f.rule or not fnmatchcase(f.subject, w.subject):
                    continue
                start = f.period.start if f.period is not None else today
                if start <= w.until:
                    f = attrs.evolve(f, waiver=w)
                    break
            out.append(f)
        clauses = {cr.id: cr.rule.clause for cr in self.rules}
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


# ---------------------------------------------------------------------------------------------
# Values


def param_value(expr: n.Expr | n.History, decl: n.Param) -> Any:
    """A parameter's value: a literal's value, or a ValueHistory of them."""
    if isinstance(expr, n.History):
        return ValueHistory(tuple((d.since, literal_value(d.value, decl)) for d in expr.items))
    return literal_value(expr, decl)


def literal_value(expr: n.Expr, decl: n.Param, where: PolicyError | None = None) -> Any:
    """The value of a literal for parameter `decl`, or a PolicyError saying why it does not fit."""
    t = decl.type
    ok = False
    value: Any = None
    if isinstance(expr, n.Num) and t in ("percent", "hours", "days", "count", "number"):
        ok = expr.dim in (t, "number")
        value = expr.value
        if t == "count" and not float(value).is_integer():
            ok = False
    elif isinstance(expr, n.DateLit) and t == "date":
        ok, value = True, expr.value
    elif isinstance(expr, n.RatioLit) and t == "ratio":
        ok, value = True, (expr.left, expr.right)
    if not ok:
        raise PolicyError(
            f"{n.unparse(expr)} is not a value for {decl.name}, which is {_type_words(t)}",
            file=expr.pos.file, line=expr.pos.line, column=expr.pos.column,
        )  # callers that know the source add the line and caret
    return value


def _type_words(t: str) -> str:
    return {
        "percent": "a percentage (110%)", "hours": "a number of hours (7.5 h)",
        "days": "a number of days (7 days or 1 week)", "count": "a whole number",
        "number": "a number", "date": "a date (2024-06-03)", "ratio": "a ratio (1:6)",
    }[t]  # fmt: skip


def _parse_assignment(text: str, params: Mapping[str, n.Param]) -> tuple[str, str | None, Any]:
    if "=" not in text:
        raise UsageError(f"--set {text}: write NAME=VALUE, e.g. --set sfo_open_reviews_max=2")
    target, raw = (s.strip() for s in text.split("=", 1))
    key = None
    if target.endswith("]") and "[" in target:
        target, key = target[:-1].split("[", 1)
    elif "." in target:
        target, key = target.split(".", 1)
    if target not in params:
        raise UsageError(f"--set {text}: there is no parameter '{target}'"
                         f"{did_you_mean(target, params)}")  # fmt: skip
    decl = params[target]
    if decl.keyed_by and key is None:
        raise UsageError(f"--set {text}: {target} has one value per {decl.keyed_by}; write "
                         f"{target}[{decl.keys[0]}]={raw}")  # fmt: skip
    if not decl.keyed_by and key is not None:
        raise UsageError(f"--set {text}: {target} has a single value; write {target}={raw}")
    if key is not None and key not in decl.keys:
        raise UsageError(f"--set {text}: {target} has no value for '{key}'"
                         f"{did_you_mean(key, decl.keys)}; its keys are "
                         f"{', '.join(decl.keys)}")  # fmt: skip
    if raw.lower() in ("unset", "to be agreed", ""):
        return target, key, None
    try:
        literal: n.Expr | None = n.parse_literal(raw)
        if literal is None:
            from .parse import parse_expression

            literal = parse_expression(raw, "--set")
        return target, key, literal_value(literal, decl)
    except PolicyError as err:
        raise UsageError(f"--set {text}: {err.message}") from None


# ---------------------------------------------------------------------------------------------
# Loading


def _read(source: str) -> tuple[str, str]:
    """(display name, text) of a policy named by path or by shipped name."""
    shipped = shipped_policies()
    if not os.path.exists(source) and source in shipped:
        return f"policies/{source}.wr", shipped[source].read_text(encoding="utf-8")
    try:
        with open(source, encoding="utf-8") as handle:
            return source, handle.read()
    except FileNotFoundError:
        raise UsageError(f"policy {source!r} is neither a file nor a shipped policy"
                         f"{did_you_mean(source, shipped)}; shipped: {', '.join(sorted(shipped))}"
                         ) from None  # fmt: skip
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"policy {source!r} cannot be read: {err}") from None


def _chain(source: str, seen: tuple[str, ...] = ()) -> list[tuple[n.PolicyFile, list[str]]]:
    """The policy files from the furthest base to `source`, each with its lines."""
    name, text = _read(source)
    if name in seen:
        raise UsageError(f"policy {name} extends itself (through {' -> '.join(seen)})")
    pf = parse_cached(text, name)
    chain: list[tuple[n.PolicyFile, list[str]]] = []
    for base, pos in pf.extends:
        base_source = base
        if not base.endswith(".wr") or not os.path.isabs(base):
            candidate = os.path.join(os.path.dirname(source), base)
            if base.endswith(".wr") and os.path.exists(candidate):
                base_source = candidate
        try:
            chain.extend(_chain(base_source, (*seen, name)))
        except UsageError as err:
            raise PolicyError(err.message, file=pos.file, line=pos.line, column=pos.column,
                              source_line=text.splitlines()[pos.line - 1]) from None  # fmt: skip
    chain.append((pf, text.splitlines()))
    return chain


def _error_at(pos: n.Pos, message: str, lines: Mapping[str, list[str]]) -> PolicyError:
    src = lines.get(pos.file, [])
    return PolicyError(message, file=pos.file, line=pos.line, column=pos.column,
                       source_line=src[pos.line - 1] if 0 < pos.line <= len(src) else None,
                       width=pos.width)  # fmt: skip


def _pos_of(err: PolicyError, fallback: n.Pos) -> n.Pos:
    if err.line is None or err.column is None:
        return fallback
    return n.Pos(fallback.file, err.line, err.column)


def _cache_dir() -> str | None:
    if os.environ.get("WORKRULES_NO_CACHE"):
        return None
    base = os.environ.get("WORKRULES_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "workrules",
    )
    return base


def parse_cached(text: str, name: str) -> n.PolicyFile:
    """Parse a policy file, or load its AST from the cache of an earlier identical parse.

    The key is the policy's name and text, the grammar, the AST classes and the workrules
    version, so a change to any of them parses afresh. A pre-commit run then never imports
    Lark at all.
    A cache that cannot be read or written is ignored.
    """
    import hashlib
    import pickle

    from . import __version__
    from .resources import data_dir

    folder = _cache_dir()
    grammar = data_dir("grammar").joinpath("policy.lark").read_bytes()
    with open(n.__file__, "rb") as handle:
        shapes = handle.read()
    key = hashlib.sha256(b"\0".join([__version__.encode(), grammar, shapes, name.encode(),
                                      text.encode()])).hexdigest()  # fmt: skip
    path = os.path.join(folder, f"policy-{key[:32]}.pickle") if folder else None
    if path is not None:
        try:
            with open(path, "rb") as handle:
                cached = pickle.load(handle)
            if isinstance(cached, n.PolicyFile):
                return cached
        except (OSError, pickle.PickleError, EOFError, AttributeError, TypeError):
            pass
    from .parse import PolicyParser

    pf = PolicyParser(text, name).parse()
    if path is not None:
        try:
            os.makedirs(folder, exist_ok=True)  # type: ignore[arg-type]
            tmp = f"{path}.{os.getpid()}.tmp"
            with open(tmp, "wb") as handle:
                pickle.dump(pf, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass
    return pf


def load_policy(source: str | os.PathLike[str] | None = None,
                set_values: Iterable[str] = ()) -> Policy:  # fmt: skip
    """Load a policy by path or shipped name (default: the claim), compile it, apply values."""
    chain = _chain(str(source) if source is not None else DEFAULT_POLICY)
    lines = {pf.file: src for pf, src in chain}
    params: dict[str, n.Param] = {}
    values: dict[str, Any] = {}
    rules: dict[str, n.Rule] = {}
    waivers: list[n.Waiver] = []
    words: dict[str, n.WordList] = {}
    patterns: dict[str, n.TextPattern] = {}
    for pf, _ in chain:
        waivers.extend(pf.waivers)
        words.update((w.name, w) for w in pf.words)  # an extending policy's replace the base's
        patterns.update((p.name, p) for p in pf.patterns)
        own: set[str] = set()
        for decl in pf.params:
            if decl.name in params:
                first = params[decl.name].pos
                raise _error_at(decl.pos, f"parameter '{decl.name}' is declared twice (first at "
                                f"{first.file}:{first.line}); use 'set' to change its value",
                                lines)  # fmt: skip
            params[decl.name] = decl
            if decl.keyed_by:
                values[decl.name] = dict.fromkeys(decl.keys)
            elif decl.default is not None:
                try:
                    values[decl.name] = param_value(decl.default, decl)
                except PolicyError as err:
                    raise _error_at(_pos_of(err, decl.default.pos), err.message,
                                    lines) from None  # fmt: skip
            else:
                values[decl.name] = None
        for st in pf.sets:
            if st.name not in params:
                raise _error_at(st.pos, f"there is no parameter '{st.name}'"
                                f"{did_you_mean(st.name, params)}", lines)  # fmt: skip
            decl = params[st.name]
            if decl.keyed_by and st.key is None:
                raise _error_at(st.pos, f"{st.name} holds one value per {decl.keyed_by}; write "
                                f"set {st.name}[{decl.keys[0]}] = ...", lines)  # fmt: skip
            if not decl.keyed_by and st.key is not None:
                raise _error_at(st.pos, f"{st.name} has a single value; write set {st.name} = "
                                "...", lines)  # fmt: skip
            if st.key is not None and st.key not in decl.keys:
                raise _error_at(st.pos, f"{st.name} has no value for '{st.key}'"
                                f"{did_you_mean(st.key, decl.keys)}; its keys are "
                                f"{', '.join(decl.keys)}", lines)  # fmt: skip
            try:
                value = param_value(st.value, decl) if st.value is not None else None
            except PolicyError as err:
                raise _error_at(_pos_of(err, st.pos), err.message, lines) from None
            if st.key is None:
                values[st.name] = value
            else:
                values[st.name][st.key] = value
        for rule in pf.rules:
            if rule.id in own:
                first = rules[rule.id].pos
                raise _error_at(rule.pos, f"rule id '{rule.id}' is used twice in this policy "
                                f"(first at line {first.line})", lines)  # fmt: skip
            own.add(rule.id)
            rules[rule.id] = rule  # a rule of an extending policy replaces the base's
    matchers: dict[str, Any] = {}
    if patterns:  # a policy without text patterns never imports their module
        from .textpattern import compile_pattern

        matchers = {name: compile_pattern(p, words, lambda message, pos: _error_at(pos, message,
                                                                                 lines))
                    for name, p in patterns.items()}  # fmt: skip
    try:
        compiled = tuple(compile_rule(rule, params, lines, matchers) for rule in rules.values())
    except RecursionError:
        raise PolicyError("an expression is nested too deeply; split it with 'let'",
                          file=chain[-1][0].file) from None  # fmt: skip
    last = chain[-1][0]
    name = last.name or os.path.splitext(os.path.basename(last.file))[0]
    for w in waivers:
        if w.rule not in rules:
            raise _error_at(w.pos, f"there is no rule '{w.rule}' to waive"
                            f"{did_you_mean(w.rule, rules)}", lines)  # fmt: skip
    policy = Policy(name, last.title, tuple(pf.file for pf, _ in chain), params, values, compiled,
                    tuple(WaiverInfo(w.rule, w.subject, w.reason, w.agreed_by, w.until,
                                     w.pos.file, w.pos.line) for w in waivers),
                    words, patterns)  # fmt: skip
    return policy.with_values(set_values) if set_values else policy
