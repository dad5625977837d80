"""A policy: parameters with their values and compiled rules, ready to check data.

`load_policy` reads a policy file (or a shipped policy by name), follows `extends`, applies
`set` statements and command-line assignments, and compiles every rule. `Policy.check`
runs the rules over a `Dataset` and returns a `Result`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from . import nodes as n
from .compile import Env, param_type
from .dataset import Dataset
from .errors import PolicyError, UsageError, did_you_mean
from .evaluate import CompiledRule, compile_rule, placer, run_rule
from .findings import Finding, NotApplied, Result
from .render import render
from .resources import DEFAULT_POLICY, shipped_policies


@attrs.frozen
class Policy:
    """Compiled rules and parameter values. Immutable; `with_values` returns a new one."""

    name: str
    title: str
    files: tuple[str, ...]
    params: Mapping[str, n.Param]
    values: Mapping[str, Any]  # plain: value or None; keyed: dict key -> value or None
    rules: tuple[CompiledRule, ...]

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
            items = [f"{k} {render(v, ptype) if v is not None else 'to be agreed'}"
                     for k, v in value.items()]  # fmt: skip
            return "; ".join(items)
        return render(value, ptype) if value is not None else "to be agreed"

    def _wholly_unset(self, name: str) -> bool:
        value = self.values[name]
        if self.params[name].keyed_by:
            return all(v is None for v in value.values())
        return value is None

    def check(self, data: Dataset) -> Result:
        """Run every rule over `data`."""
        env = Env(data.staff, self.values)
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
            measured, missing = run_rule(cr, data, env)
            findings.extend(map(placer(cr, env, data), measured))
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
                    tuple(f"{p}[{k}]" for p, keys in by_param.items() for k in keys),
                ))  # fmt: skip
        findings.sort(key=Finding.sort_key)
        return Result(self.name, data.files, tuple(findings), tuple(not_applied), applied)


# ---------------------------------------------------------------------------------------------
# Values


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
        from .parse import parse_expression

        return target, key, literal_value(parse_expression(raw, "--set"), decl)
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
    for pf, _ in chain:
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
                    values[decl.name] = literal_value(decl.default, decl)
                except PolicyError as err:
                    raise _error_at(decl.default.pos, err.message, lines) from None
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
                value = literal_value(st.value, decl) if st.value is not None else None
            except PolicyError as err:
                raise _error_at(st.pos, err.message, lines) from None
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
    try:
        compiled = tuple(compile_rule(rule, params, lines) for rule in rules.values())
    except RecursionError:
        raise PolicyError("an expression is nested too deeply; split it with 'let'",
                          file=chain[-1][0].file) from None  # fmt: skip
    last = chain[-1][0]
    name = last.name or os.path.splitext(os.path.basename(last.file))[0]
    policy = Policy(name, last.title, tuple(pf.file for pf, _ in chain), params, values, compiled)
    return policy.with_values(set_values) if set_values else policy
