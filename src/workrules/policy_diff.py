"""What changed between two versions of a policy, and what each would flag on the same data.

Negotiators set a claim beside a counter-offer, or beside current practice:

    from workrules.policy import load_policy
    from workrules.policy_diff import diff_policies, impact

    old, new = load_policy("claim-2024"), load_policy("employer-current")
    for c in diff_policies(old, new).changes:
        print(c.kind, c.name, c.field, c.old, "->", c.new)

Both take loaded policies, shipped names or policy files (`diff_policies("claim-2024",
"policies/employer-current.wr")`), and `impact` takes a data set or a list of files; anything
else is refused with a `UsageError`.

`diff_policies` compares the effective policies (`extends` followed, `set` applied), never their
text: layout, comments, how a sentence is split into quoted pieces and the order of rules and
parameters make no difference, and positions are never compared; nor are the policies' names
and titles, which the formats show as headings. Rules are matched by id, then by clause among
the unmatched, the most alike first (a rule removed and one added with the same clause is a
rename), then a rule the same in all but its id and clause (renamed and renumbered). `impact`
checks one data set with both policies and matches findings by rule (through renames), subject
and period (then by place and evidence), never by their sentences. Both return frozen values;
the formatters (`FORMAT_BY_NAME`) only turn them into text.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import msgspec

from . import nodes as n
from .dataset import Dataset, load_data
from .errors import UsageError, did_you_mean
from .evaluate import CompiledRule
from .findings import EXPIRED_WAIVER, Finding, LeftOut, NotApplied, Period, Result, WaiverInfo
from .lang import ir
from .policy import Policy, load_policy
from .render import counted

# ---------------------------------------------------------------------------------------------
# The diff, as values

KINDS = ("rule-added", "rule-removed", "rule-left-out", "rule-renamed", "rule-changed",
         "param-added",
         "param-removed", "param-changed", "grade-added", "grade-removed", "grade-changed",
         "waiver-added", "waiver-removed", "waiver-changed", "text-changed")  # fmt: skip
# (`rule-left-out`: a rule of OLD that NEW leaves out, `leave out RULE`, in one row whose NEW
# says where; a rule NEW has that OLD leaves out is `rule-added`, its OLD saying where)


@attrs.frozen
class Change:
    """One difference between OLD and NEW, in words.

    `kind` is one of `KINDS`. `name` is the rule id (NEW's id for a renamed rule), the
    parameter, or the rule a waiver waives. `field` is the part that changed: for a rule
    `id` (a rename), `clause`, `title`, `why`, `severity`, `from`, `for each`, `where`, `per`,
    `let`, `measure`, `require`, `forbid`, `spell`, `ratio`, `alternatives`, `limit`, `check`
    (a different kind of check) or `say`; for a parameter `type`, `keys`, `doc`, `value` or
    `value[KEY]`; for a grade the policy declares (`grade NAME like FAMILY`) `like`, the
    grade's family deciding which rules judge its holders; for a waiver `for SUBJECT`; for a
    word list or text pattern (`text-changed`, added, removed or changed) `words` or
    `pattern`; "" for a whole rule or parameter added or
    removed. `old` and `new` are "" where that side has nothing. `clause` is the rule's clause,
    or for a parameter the clauses of the rules that use it.
    """

    kind: str
    name: str
    field: str
    old: str
    new: str
    clause: str = ""


@attrs.frozen
class PolicyDiff:
    """Every difference between two effective policies, rules first, in NEW's order (then
    what only OLD has, in OLD's order), then parameters, then grades, then waivers."""

    old: str  # the policies' names
    new: str
    old_files: tuple[str, ...]  # the files each was loaded from, furthest base first
    new_files: tuple[str, ...]
    changes: tuple[Change, ...]
    renamed: tuple[tuple[str, str], ...] = ()  # (OLD id, NEW id)
    # either side's files named as a shipped policy's file that are the repository's, each with
    # that shipped policy's name (`policy.repository_lookalikes`): said in the headings only
    old_local: Mapping[int, str] = attrs.field(factory=dict)  # (by place in `old_files`)
    new_local: Mapping[int, str] = attrs.field(factory=dict)
    # the policies' titles, and each parameter's description (NEW's, else OLD's), for the
    # words a person reads aloud (`text`): "upw_ratio_from" alone says nothing at the table
    old_title: str = ""
    new_title: str = ""
    docs: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def identical(self) -> bool:
        return not self.changes


# ---------------------------------------------------------------------------------------------
# Comparing rules


def _unparse(expr: Any) -> str:
    """An expression as written, its sets' members in one order (a reordered set is no
    change)."""
    return n.unparse(n.canonical(expr))


def match_rules(old: Sequence[CompiledRule], new: Sequence[CompiledRule]
                ) -> list[tuple[CompiledRule | None, CompiledRule | None]]:  # fmt: skip
    """Pairs (OLD rule, NEW rule): by id, then by clause among the rules left unmatched: of the
    rules of one clause that judge one kind of record (a rule over cases and one over reports
    are two rules, however they are named), the most alike first (`_likeness`: how many of
    their parts are the same), ties in policy order; then a rule renamed and renumbered at
    once (every part the same but its id and clause). NEW's rules come in NEW's order; rules
    only OLD has follow in OLD's order."""
    old_by_id = {cr.id: cr for cr in old}
    new_ids = {cr.id for cr in new}
    spare_old = [cr for cr in old if cr.id not in new_ids]
    spare_new = [cr for cr in new if cr.id not in old_by_id]
    candidates = sorted(
        ((a.rule.clause != b.rule.clause, -_likeness(a.rule, b.rule), j, i, a, b)
         for j, b in enumerate(spare_new) for i, a in enumerate(spare_old)
         if (a.rule.clause == b.rule.clause != "" and a.kind.name == b.kind.name)
         or _likeness(a.rule, b.rule) == _PARTS),
        key=lambda c: c[:4])  # fmt: skip
    partner: dict[str, CompiledRule] = {}
    taken: set[str] = set()
    for *_, a, b in candidates:
        if b.id not in partner and a.id not in taken:
            partner[b.id] = a
            taken.add(a.id)
    pairs: list[tuple[CompiledRule | None, CompiledRule | None]] = [
        (old_by_id.get(cr.id) or partner.get(cr.id), cr) for cr in new
    ]
    return pairs + [(cr, None) for cr in spare_old if cr.id not in taken]


def _plain(value: object) -> object:
    """A part of a rule as plain values, positions left out, for `_likeness`."""
    if value is None or isinstance(value, str | int | float | dt.date):
        return value
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, n.Bound):
        return value.op, _unparse(value.limit)
    if isinstance(value, n.GroupKey):
        return _unparse(value.path), value.alias
    if isinstance(value, n.Let):
        return value.name, _unparse(value.value)
    if isinstance(value, n.Template):
        return _template(value)
    if isinstance(value, n.Check):
        return (type(value).__name__,
                *(_plain(getattr(value, a.name)) for a in attrs.fields(type(value))
                  if a.name != "pos"))  # fmt: skip
    return _unparse(value)


_LIKE = ("title", "why", "severity", "effective", "scope", "where", "per", "lets", "check",
         "say")  # fmt: skip
_PARTS = len(_LIKE)


def _likeness(a: n.Rule, b: n.Rule) -> int:
    """How many parts of two rules are the same (title, why, severity, `from`, `for each`,
    `where`, `per`, `let`, the check, `say`)."""
    return sum(_plain(getattr(a, p)) == _plain(getattr(b, p)) for p in _LIKE)


def _template(t: n.Template | None) -> str:
    if t is None:
        return ""
    return "".join(p if isinstance(p, str) else "{" + _unparse(p) + "}" for p in t.parts)


def _param_ref(policy: Policy, expr: n.Expr) -> str:
    """An expression, with the value of a parameter it names: `upw_ratio (1:6)`."""
    text = _unparse(expr)
    if isinstance(expr, n.Path) and len(expr.parts) == 1 and expr.parts[0] in policy.params:
        return f"{text} ({policy.describe_value(text)})"
    return text


def _bound(policy: Policy, bound: n.Bound) -> tuple[object, str]:
    return (bound.op, _unparse(bound.limit)), f"at {bound.op} {_param_ref(policy, bound.limit)}"


def _check_parts(policy: Policy, check: n.Check) -> list[tuple[str, object, str]]:
    """(field, what is compared, what is shown) for each part of a check."""
    if isinstance(check, n.Measure):
        value = _unparse(check.value)
        repaid = "" if check.repaid is None else f"repaid by {_unparse(check.repaid)}"
        if check.late is not None:
            repaid += f" up to {_param_ref(policy, check.late)} later"
        return [("measure", value, value), ("limit", *_bound(policy, check.bound)),
                ("repaid", repaid, repaid)]
    if isinstance(check, n.Spell):
        cond = _unparse(check.cond)
        # always three parts, so two spells line up; no `holding` reads as until the next one
        hold = check.holding
        limit = hold.limit if hold is not None else None
        unset = isinstance(limit, n.Path) and len(limit.parts) == 1 and (
            policy.values.get(limit.parts[0], 0) is None)  # an unset hold: the next reading
        holding = _bound(policy, hold) if hold is not None and not unset else (
            None, "until the next reading")
        return [("spell", cond, cond), ("limit", *_bound(policy, check.bound)),
                ("holding", *holding)]
    if isinstance(check, n.Require | n.Forbid):
        cond = _unparse(check.cond)
        return [("require" if isinstance(check, n.Require) else "forbid", cond, cond)]
    if isinstance(check, n.Absent):
        some = f"some {check.kind}" + (f" by {check.by}" if check.by else "")
        return [("require", some, some)]
    sides = f"{_unparse(check.left)} to {_unparse(check.right)}"
    keys = tuple(_unparse(limit) for limit in check.limits)
    shown = " or ".join(_param_ref(policy, limit) for limit in check.limits)
    return [("ratio", sides, sides), ("alternatives", keys, shown)]


def _check_text(policy: Policy, check: n.Check) -> str:
    parts = {field: shown for field, _, shown in _check_parts(policy, check)}
    if isinstance(check, n.Measure):
        repaid = f" {parts['repaid']}" if parts["repaid"] else ""
        return f"measure {parts['measure']}{repaid} {parts['limit']}"
    if isinstance(check, n.Spell):
        holding = "" if check.holding is None else f" holding {parts['holding']}"
        return f"spell {parts['spell']} lasting {parts['limit']}{holding}"
    if isinstance(check, n.RatioCheck):
        return f"ratio {parts['ratio']} at most {parts['alternatives']}"
    if isinstance(check, n.Absent):
        return f"require {parts['require']}"
    word = "require" if isinstance(check, n.Require) else "forbid"
    return f"{word} {parts[word]}"


def _effective(policy: Policy, effective: dt.date | str | None) -> str:
    if effective is None:
        return ""
    if isinstance(effective, dt.date):
        return effective.isoformat()
    if effective in policy.params:
        return f"{effective} ({policy.describe_value(effective)})"
    return effective


def _group_key(key: n.GroupKey) -> str:
    path = _unparse(key.path)
    return path if key.alias == key.path.parts[-1] else f"{path} as {key.alias}"


def _title(policy: Policy, rule: n.Rule) -> str:
    """A rule's title as the policy says it: a slot (`{upw_ratio}`) with its value."""
    return next((cr.head.title for cr in policy.rules if cr.id == rule.id), rule.title)


def _rule_parts(policy: Policy, rule: n.Rule) -> list[tuple[str, object, str]]:
    """(field, what is compared, what is shown) for each part of a rule but its check: a
    title as written (one naming `{upw_ratio}` is the same title whatever the value, which
    the parameters' rows say), shown with its values."""
    where = _unparse(rule.where) if rule.where is not None else ""
    per = ", ".join(_group_key(k) for k in rule.per)
    lets = "; ".join(f"{let.name} = {_unparse(let.value)}" for let in rule.lets)
    say = _template(rule.say)
    return [
        ("clause", rule.clause, rule.clause),
        ("title", rule.title, _title(policy, rule)),
        ("why", rule.why, rule.why),
        ("severity", rule.severity, rule.severity),
        ("from", rule.effective, _effective(policy, rule.effective)),
        ("for each", rule.scope, rule.scope),
        ("where", where, where),
        ("per", per, per),
        ("let", lets, lets),
        ("say", say, say),
    ]


def _rule_changes(old: Policy, a: n.Rule, new: Policy, b: n.Rule) -> list[Change]:
    """What changed in a rule matched by id or by clause: every part compared as text."""
    out = []
    if a.id != b.id:
        out.append(Change("rule-renamed", b.id, "id", a.id, b.id, b.clause))
    parts_a, parts_b = _rule_parts(old, a), _rule_parts(new, b)
    if type(a.check) is type(b.check):
        checks_a, checks_b = _check_parts(old, a.check), _check_parts(new, b.check)
    else:  # a different kind of check is shown whole
        shown_a, shown_b = _check_text(old, a.check), _check_text(new, b.check)
        checks_a, checks_b = [("check", shown_a, shown_a)], [("check", shown_b, shown_b)]
    # the check comes after `let` and before `say`, as rules are usually written
    for (field, key_a, shown_a), (_, key_b, shown_b) in zip(
        [*parts_a[:-1], *checks_a, parts_a[-1]], [*parts_b[:-1], *checks_b, parts_b[-1]],
        strict=True,
    ):
        # (a title is the same as written, or as said: `{upw_ratio}` and "1:6" under 1:6)
        if key_a != key_b and not (field == "title" and shown_a == shown_b):
            out.append(Change("rule-changed", b.id, field, shown_a, shown_b, b.clause))
    return out


# ---------------------------------------------------------------------------------------------
# Comparing parameters and waivers


def _one_value(policy: Policy, name: str, key: str) -> str:
    """The value of one key of a keyed parameter, in the words of `describe_value`: the
    parameter is viewed, for this one call, as a plain one holding that key's value."""
    decl = attrs.evolve(policy.params[name], keyed_by="", keys=())
    view = msgspec.structs.replace(
        policy, params={**policy.params, name: decl},
        values={**policy.values, name: policy.values[name][key]})  # fmt: skip
    return view.describe_value(name)


def _keys(decl: n.Param) -> str:
    return f"by {decl.keyed_by} {{{', '.join(decl.keys)}}}" if decl.keyed_by else ""


def _declared(policy: Policy, name: str) -> str:
    """A whole parameter: `1:6 (ratio)`, `to be agreed for each grade (count by grade)`."""
    decl, value = policy.params[name], policy.values[name]
    if not decl.keyed_by:
        return f"{policy.describe_value(name)} ({decl.type})"
    if all(v is None for v in value.values()):
        return f"to be agreed for each {decl.keyed_by} ({decl.type} by {decl.keyed_by})"
    return f"{policy.describe_value(name)} ({decl.type} by {decl.keyed_by})"


def _value_changes(old: Policy, new: Policy, name: str, clause: str) -> list[Change]:
    a, b = old.params[name], new.params[name]
    if a.keyed_by and b.keyed_by:
        keys = [*b.keys, *(k for k in a.keys if k not in b.keys)]
        # a key set for a grade the parameter does not list (`[SPO_COURTS] = 20`, a grade
        # of the SPO family: "No differences" where its cap went from the SPO's 8 to 20:
        # scenarios, round 43)
        keys += sorted({*old.values[name], *new.values[name]} - set(keys))
        out = []
        for key in keys:
            has_a, has_b = key in old.values[name], key in new.values[name]
            va = old.values[name].get(key) if has_a else None
            vb = new.values[name].get(key) if has_b else None
            ta = _one_value(old, name, key) if has_a else ""
            tb = _one_value(new, name, key) if has_b else ""
            if (va, ta) != (vb, tb):
                out.append(Change("param-changed", name, f"value[{key}]", ta, tb, clause))
        return out
    ta, tb = old.describe_value(name), new.describe_value(name)
    if (old.values[name], ta) != (new.values[name], tb):
        return [Change("param-changed", name, "value", ta, tb, clause)]
    return []


def _param_changes(old: Policy, new: Policy, name: str, clause: str) -> list[Change]:
    a, b = old.params[name], new.params[name]
    out = []
    if a.type != b.type:
        out.append(Change("param-changed", name, "type", a.type, b.type, clause))
    if (a.keyed_by, sorted(a.keys)) != (b.keyed_by, sorted(b.keys)):
        out.append(Change("param-changed", name, "keys", _keys(a), _keys(b), clause))
    if a.doc != b.doc:
        out.append(Change("param-changed", name, "doc", a.doc, b.doc, clause))
    return out + _value_changes(old, new, name, clause)


def _clauses_using(policies: Iterable[Policy], name: str) -> str:
    clauses: list[str] = []
    for policy in policies:
        for cr in policy.rules:
            uses = name in cr.params or name in cr.optional_params
            if uses and cr.rule.clause and cr.rule.clause not in clauses:
                clauses.append(cr.rule.clause)
        if clauses:
            break
    return ", ".join(clauses)


def _grade_changes(old: Policy, new: Policy) -> list[Change]:
    """The grades each policy declares beyond the vocabulary, and the family each is like: a
    grade like PSO is judged by 7a's role boundary, one of its own by none of the grade rules,
    so moving a grade from one to the other changes what the rules find."""
    out = []
    for name in [*new.grades, *(g for g in old.grades if g not in new.grades)]:
        a, b = old.grades.get(name), new.grades.get(name)
        if a == b:
            continue
        kind = "added" if name not in old.grades else "removed" if name not in new.grades \
            else "changed"  # fmt: skip
        out.append(Change(f"grade-{kind}", name, "like", _like(old, name), _like(new, name)))
    return out


def _like(policy: Policy, name: str) -> str:
    if name not in policy.grades:
        return ""
    family = policy.grades[name]
    return f"like {family}" if family else "a grade of its own"


def _waiver_text(w: WaiverInfo) -> str:
    return f"until {w.until}; because {w.reason}; agreed by {w.agreed_by}"


def _waiver_changes(old: Policy, new: Policy, renamed: Mapping[str, str]) -> list[Change]:
    clauses = {cr.id: cr.rule.clause for cr in (*old.rules, *new.rules)}
    before = {(renamed.get(w.rule, w.rule), w.subject): w for w in old.waivers}
    after = {(w.rule, w.subject): w for w in new.waivers}
    out = []
    for key in [*after, *(k for k in before if k not in after)]:
        rule, subject = key
        a, b = before.get(key), after.get(key)
        ta, tb = (_waiver_text(a) if a else ""), (_waiver_text(b) if b else "")
        if ta == tb:
            continue
        kind = "added" if a is None else "removed" if b is None else "changed"
        out.append(Change(f"waiver-{kind}", rule, f"for {subject}", ta, tb,
                          clauses.get(rule, "")))  # fmt: skip
    return out


def _text_changes(old: Policy, new: Policy) -> list[Change]:
    """Word lists and text patterns: what `text gives NAME` reads. A list both sides have
    shows the entries taken out (old) and put in (new); a pattern both have is compared as
    written. One side's whole vocabulary, where the other has no pattern at all, is one row
    per pattern (its lists go with it)."""
    out: list[Change] = []
    for field in ("pattern", "words"):
        a: Mapping[str, Any] = old.words if field == "words" else old.patterns
        b: Mapping[str, Any] = new.words if field == "words" else new.patterns
        for name in [*b, *(k for k in a if k not in b)]:
            if name in a and name in b:
                if field == "words":
                    was = [_unparse(i) for i in a[name].items]
                    now = [_unparse(i) for i in b[name].items]
                    before = ", ".join(i for i in was if i not in now)
                    after = ", ".join(i for i in now if i not in was)
                else:
                    before, after = n.unparse_pattern(a[name]), n.unparse_pattern(b[name])
            elif field == "words" and not (old.patterns and new.patterns):
                continue
            else:
                before = _size(a[name]) if name in a else ""
                after = _size(b[name]) if name in b else ""
            if before == after:
                continue
            lists = {name}  # the list, and the lists that bring it in ({name} as an entry)
            while field != "pattern" and (more := {
                    w.name for policy in (new, old) for w in policy.words.values()
                    if w.name not in lists and any("{" + x + "}" in i.value
                                                   for i in w.items for x in lists)}):
                lists |= more
            patterns = [name] if field == "pattern" else [
                p.name for policy in (new, old) for p in policy.patterns.values()
                if any("{" + x + "}" in n.unparse_pattern(p) for x in lists)]
            while more_patterns := {  # and the patterns that read their headings with them
                    p.name for policy in (new, old) for p in policy.patterns.values()
                    if {p.under, p.under_until} & set(patterns) and p.name not in patterns}:
                patterns += sorted(more_patterns)
            users = sorted({cr.rule.clause for policy in (new, old) for cr in policy.rules
                            for p in patterns if f"gives {p}" in _rule_text(cr)})
            out.append(Change("text-changed", name, field, before, after, ", ".join(users)))
    return out


def _size(decl: n.WordList | n.TextPattern) -> str:
    if isinstance(decl, n.WordList):
        return f"{len(decl.items)} entries"
    return f"{len(decl.finds)} phrases"


def _rule_text(cr: CompiledRule) -> str:
    r = cr.rule
    conds = [r.where, getattr(r.check, "cond", None), *(let.value for let in r.lets)]
    return " ".join(_unparse(c) for c in conds if c is not None)


def _left_out(old: Policy, new: Policy) -> tuple[dict[str, LeftOut], dict[str, LeftOut]]:
    """The rules each side leaves out (`leave out RULE`) that the other side has, but for
    those the side writes again under another id (`_replaced`: a rename)."""
    have = ({cr.id for cr in new.rules}, {cr.id for cr in old.rules})
    again = {rule for pair in _replaced(old, new) for rule in (pair[0].id, pair[1].id)}
    return ({lo.rule: lo for lo in old.left_out if lo.rule in have[0] and lo.rule not in again},
            {lo.rule: lo for lo in new.left_out if lo.rule in have[1] and lo.rule not in again})


def _replaced(old: Policy, new: Policy) -> list[tuple[CompiledRule, CompiledRule]]:
    """(OLD rule, NEW rule) for each rule one side leaves out (`leave out RULE`) and writes
    again under another id: in a policy that extends another, leaving a rule out and adding
    it under a new name is the only way to rename it. The rule written again is the one rule
    of the side's own (that the other side has not) of the same clause, over the same kind of
    record, with the same check (its limits named alike: a value a `set` changes is a change
    of value, not of rule), the same grouping (`per` keys and calendar) and the same `where`;
    the left-out rule must be the only one it could replace. A rule written again weaker
    (another check: `forbid rosh in {very_high}`), counted by another period (a weekly cap
    left out for a daily one) or over other records stays left out and added: when in doubt,
    no rename."""
    out: list[tuple[CompiledRule, CompiledRule]] = []
    for at, (mine, theirs) in enumerate(((new, old), (old, new))):
        ids = {cr.id for cr in theirs.rules}
        gone = [cr for cr in theirs.rules if cr.id in {lo.rule for lo in mine.left_out}]
        added = [cr for cr in mine.rules if cr.id not in ids]

        def same(a: CompiledRule, b: CompiledRule) -> bool:
            return (a.rule.clause == b.rule.clause != "" and a.kind.name == b.kind.name
                    and all(_plain(getattr(a.rule, part)) == _plain(getattr(b.rule, part))
                            for part in ("check", "per", "where")))  # fmt: skip

        for a in gone:
            written = [b for b in added if same(a, b)]
            if len(written) == 1 and [g for g in gone if same(g, written[0])] == [a]:
                out.append((a, written[0]) if at == 0 else (written[0], a))
    return out


def _pairs(old: Policy, new: Policy) -> list[tuple[CompiledRule | None, CompiledRule | None]]:
    """`match_rules`, a rule one side leaves out kept out of the matching: left out, it is
    not renamed into another rule of its clause, and is said as left out; unless the side
    writes it again under another id (`_replaced`), paired with it as a rename."""
    left = _left_out(old, new)
    again = _replaced(old, new)
    if not left[0] and not left[1] and not again:
        return match_rules(old.rules, new.rules)
    apart = {cr.id for pair in again for cr in pair} | set(left[0]) | set(left[1])
    pairs = match_rules([cr for cr in old.rules if cr.id not in apart],
                        [cr for cr in new.rules if cr.id not in apart])  # fmt: skip
    # each left out where its side's rule before it stands (4c among the clauses, in order);
    # a rule renamed so where OLD's stands (8a before 8b, as the claim has them)
    renamed_to = {a.id: b for a, b in again}
    for at, rules in ((0, old.rules), (1, new.rules)):
        for i, cr in enumerate(rules):
            if cr.id in left[1 - at] or (at == 0 and cr.id in renamed_to):
                before = {r.id for r in rules[:i]}
                place = max((k + 1 for k, pair in enumerate(pairs)
                             if (mine := pair[at]) is not None and mine.id in before),
                            default=0)  # fmt: skip
                pairs.insert(place, (cr, renamed_to.get(cr.id)) if at == 0 else (None, cr))
    return pairs


PolicyLike = Policy | str | os.PathLike[str]


def _policy(value: PolicyLike, role: str) -> Policy:
    """A loaded policy, a shipped name or a policy file, loaded as `check` would load it."""
    if isinstance(value, Policy):
        return value
    if isinstance(value, str | os.PathLike):
        return load_policy(value)
    raise UsageError(f"{role}: expected a Policy, a shipped policy name or a policy file, "
                     f"not {type(value).__name__}")  # fmt: skip


def diff_policies(old: PolicyLike, new: PolicyLike) -> PolicyDiff:
    """Every difference between two policies (see `Change` for what is compared); each a
    loaded `Policy`, a shipped name or a policy file."""
    old, new = _policy(old, "old policy"), _policy(new, "new policy")
    changes: list[Change] = []
    renamed: list[tuple[str, str]] = []
    left = _left_out(old, new)
    for a, b in _pairs(old, new):
        if a is None and b is not None:
            gone = left[0].get(b.id)
            changes.append(Change("rule-added", b.id, "", gone.said() if gone else "",
                                  b.head.title, b.rule.clause))  # fmt: skip
        elif b is None and a is not None:
            gone = left[1].get(a.id)
            changes.append(Change("rule-left-out" if gone else "rule-removed", a.id, "",
                                  a.head.title, gone.said() if gone else "",
                                  a.rule.clause))  # fmt: skip
        elif a is not None and b is not None:
            if a.id != b.id:
                renamed.append((a.id, b.id))
            changes.extend(_rule_changes(old, a.rule, new, b.rule))
    for name in [*new.params, *(p for p in old.params if p not in new.params)]:
        clause = _clauses_using((new, old), name)
        if name not in old.params:
            changes.append(Change("param-added", name, "", "", _declared(new, name), clause))
        elif name not in new.params:
            changes.append(Change("param-removed", name, "", _declared(old, name), "", clause))
        else:
            changes.extend(_param_changes(old, new, name, clause))
    changes.extend(_grade_changes(old, new))
    changes.extend(_waiver_changes(old, new, dict(renamed)))
    changes.extend(_text_changes(old, new))
    from .policy import repository_lookalikes

    docs = {name: decl.doc for policy in (old, new) for name, decl in policy.params.items()
            if decl.doc}  # (NEW's description over OLD's)
    return PolicyDiff(old.name, new.name, old.files, new.files, tuple(changes), tuple(renamed),
                      repository_lookalikes(old), repository_lookalikes(new), old.title,
                      new.title, docs)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Impact: the findings of both policies on the same data


@attrs.frozen
class FindingPair:
    """One finding matched across the two runs by rule (NEW's id where it was renamed),
    subject and period; `old` or `new` is None where only one policy flags it."""

    rule: str
    clause: str  # the rule's clause, `5a -> 5b` where it changed
    subject: str
    period: Period | None
    unit: str
    old: Finding | None
    new: Finding | None

    @property
    def side(self) -> str:
        """`both`, `old` (only OLD flags it) or `new`."""
        return "both" if self.old and self.new else "old" if self.old else "new"

    @property
    def finding(self) -> Finding:
        """NEW's finding where there is one, else OLD's."""
        found = self.new or self.old
        assert found is not None
        return found


@attrs.frozen
class Tally:
    """How many findings of one clause (or one unit) only OLD, only NEW, or both flag."""

    name: str  # a clause (`5a -> 5b` where a rule's clause changed) or a unit (`-`: none)
    only_old: int
    only_new: int
    both: int
    # for a clause, what one policy did not judge that the other did, as its line says it
    # first ("not judged under OLD (cap to be agreed: sfo_open_reviews_max unset)", "not
    # applied under NEW (left out at offer.wr:8)"): its row says it too, or `8c | 0 | 1 | 0`
    # reads as the claim judging 8c and finding nothing (and `4c | 1 | 0 | 0` as 4c met).
    # For a unit, the findings of a rule one policy did not judge, in words: "1 under NEW of
    # a clause not judged under OLD (8c)"
    not_judged: str = ""
    # of `only_old` (`only_new`), the findings of a rule the other policy did not judge (not
    # applied or left out, or applied only in part and finding nothing: as the clause's line
    # says). A unit's row says them apart, in its first cell, and counts as "only OLD" and
    # "only NEW" the rest, the differences the two policies' terms make: "Medway PDU: 1 only
    # under NEW" of 8c, a cap the claim leaves to be agreed, read aloud as the offer finding
    # what the claim passes (the review of session 48, P4). A clause's row keeps its counts,
    # its first cell saying what a policy did not judge.
    only_old_not_judged_by_new: int = 0
    only_new_not_judged_by_old: int = 0


@attrs.frozen
class RuleNotApplied:
    """A rule that one or both policies could not apply (a cap not yet agreed)."""

    rule: str
    clause: str
    under: str  # OLD, NEW or both
    reason: str


@attrs.frozen
class Impact:
    """What each policy flags on the same data, matched finding by finding."""

    files: tuple[str, ...]
    only_old: tuple[FindingPair, ...]
    only_new: tuple[FindingPair, ...]
    both: tuple[FindingPair, ...]
    by_clause: tuple[Tally, ...]
    by_unit: tuple[Tally, ...]
    summary: tuple[str, ...]  # one line per clause with findings under either policy
    not_applied: tuple[RuleNotApplied, ...]
    # what the rules that read no record (under either policy) would judge, in words: the
    # kinds of record the data has none of ("timesheets")
    unread: tuple[str, ...] = ()
    # the advisory findings (a record a rule could not judge, one to look at), under either
    # policy: no breach, so counted apart from the lists and tallies above (a first hour,
    # round 41: 28 cases with no RoSH recorded were tallied as 28 flags of 7a)
    notes: tuple[FindingPair, ...] = ()


def _plural(noun: str, count: int) -> str:
    if count == 1 or noun.endswith(("staff", "s")):
        return noun
    return noun + "s"


def _noun(cr: CompiledRule) -> str:
    """What one finding of the rule is about: a record of its kind (`unpaid work session`), a
    group named by its keys (`supervisor-day`), or a spell (`staff spell`)."""
    keys = "-".join(k.alias.replace("_", " ") for k in cr.rule.per)
    if isinstance(cr.rule.check, n.Spell):
        return f"{keys} spell" if keys else "spell"
    if isinstance(cr.rule.check, n.Absent):
        return f"staff-{keys}"
    return keys or cr.kind.noun or cr.kind.name


_EXPIRED_LABEL = "expired waivers"


def _tally(name: str, pairs: Iterable[FindingPair]) -> Tally:
    sides = [p.side for p in pairs]
    return Tally(name, sides.count("old"), sides.count("new"), sides.count("both"))


def _apart(t: Tally, pairs: Sequence[FindingPair],
           unjudged: tuple[Mapping[str, str], Mapping[str, str]], words: bool) -> Tally:
    """`t`, with how many of the findings only OLD, and only NEW, flag are of a rule the other
    policy did not judge (`unjudged`: for each policy, by NEW's rule id, as its clause's line
    says it); for a unit (`words`), said with their clauses in `not_judged`: "1 under NEW of a
    clause not judged under OLD (8c)"."""
    apart: dict[tuple[str, str], list[FindingPair]] = {}  # (side, how) -> its findings
    for p in pairs:
        if p.side != "both" and (how := unjudged[p.side == "old"].get(p.rule)):
            apart.setdefault((p.side, how), []).append(p)
    count = [sum(len(found) for (side, _), found in apart.items() if side == s)
             for s in ("old", "new")]  # fmt: skip
    t = attrs.evolve(t, only_old_not_judged_by_new=count[0],
                     only_new_not_judged_by_old=count[1])  # fmt: skip
    if not words:
        return t
    said = []
    for side, other in (("old", "NEW"), ("new", "OLD")):
        for how in ("not judged", "applied only in part"):
            found = apart.get((side, how), [])
            if found:
                clauses = list(dict.fromkeys(p.clause for p in found))
                kind = "a clause" if len(clauses) == 1 else "clauses"
                said.append(f"{len(found)} under {_SIDES[side]} of {kind} {how} under {other} "
                            f"({', '.join(clauses)})")  # fmt: skip
    return attrs.evolve(t, not_judged="; ".join(said))


def _differences(t: Tally) -> tuple[int, int, int]:
    """A unit's counts as its row says them: only OLD, only NEW and both, the findings of a
    rule the other policy did not judge left out of the first two (its `not_judged` says
    them apart)."""
    return (t.only_old - t.only_old_not_judged_by_new, t.only_new - t.only_new_not_judged_by_old,
            t.both)  # fmt: skip


def _summary_line(label: str, counts: tuple[int, int], status: tuple[str, str],
                  noun: str, given_by: tuple[str, str] = ("", ""),
                  unjudged: tuple[str, str] = ("", ""),
                  silent: tuple[bool, bool] = (False, False),
                  left_out: tuple[str, ...] = ()) -> str:  # fmt: skip
    """A clause's line: what a policy left out (`left_out`, `_left_out_words`) and what a
    policy did not judge (`unjudged`, for a side) first, then each policy's count, or why it
    has none; `given_by`, for a side, the rules whose findings its count is, where the
    clause's others were not applied; `silent`, for a side, that it has no count to give (none
    of the clause's rules that flag a breach was applied; a status "left out": none at all)."""
    parts, counted = [], False
    for count, state, side, by, quiet in zip(counts, status, ("OLD", "NEW"), given_by, silent,
                                             strict=True):  # fmt: skip
        by = f" from {by}" if by else ""
        if quiet or state == "left out":  # (said before the counts: `unjudged`)
            continue
        if state and not count:
            parts.append(f"{state} under {side}")
        elif not counted:
            breach = "" if noun == "finding" else " in breach"
            parts.append(f"{count} {_plural(noun, count)}{breach} under {side}{by}")
            counted = True
        else:
            parts.append(f"{count} under {side}{by}")
    said = [*left_out, *(words for words in unjudged if words)]
    if parts:
        said.append(", ".join(parts))
    return f"{label}: {'; '.join(said)}"


def impact(old: PolicyLike, new: PolicyLike, data: Dataset | Iterable[str | os.PathLike[str]],
           diff: PolicyDiff | None = None, *, today: dt.date | None = None) -> Impact:  # fmt: skip
    """Check `data` (a data set, or files loaded as one) with both policies and match their
    findings (see `FindingPair`)."""
    old, new = _policy(old, "old policy"), _policy(new, "new policy")
    if not isinstance(data, Dataset):
        if isinstance(data, str | os.PathLike):
            raise UsageError("data: expected a Dataset or a list of files, not one file name")
        data = load_data(data)
    diff = diff or diff_policies(old, new)
    renamed = dict(diff.renamed)
    pairs = _pairs(old, new)
    label: dict[str, str] = {}  # rule id (NEW's, where both have it) -> clause label
    nouns: dict[str, set[str]] = {}
    for a, b in pairs:
        rid = _rule_id(a, b)
        if a is None or b is None or a.rule.clause == b.rule.clause:
            label[rid] = _either(a, b).rule.clause
        else:
            label[rid] = f"{a.rule.clause} -> {b.rule.clause}"
        nouns[rid] = {_noun(cr) for cr in (a, b) if cr is not None}
    results = old._check_any(data, today=today), new._check_any(data, today=today)  # (no gate)

    def key(f: Finding, is_old: bool) -> tuple[str, str, Period | None]:
        if not is_old:
            return f.rule, f.subject, f.period
        subject = f.subject
        if f.rule == EXPIRED_WAIVER:  # its subject is `rule:subject`: the rule may be renamed
            waived, _, who = subject.partition(":")
            subject = f"{renamed.get(waived, waived)}:{who}"
        return renamed.get(f.rule, f.rule), subject, f.period

    found: dict[tuple[str, str, Period | None], tuple[list[Finding], list[Finding]]] = {}
    waived = [0, 0]  # a finding a waiver covers is not flagged: it is counted apart
    for side, result in enumerate(results):
        for f in result.findings:
            if f.waiver is not None:
                waived[side] += 1
                continue
            found.setdefault(key(f, side == 0), ([], []))[side].append(f)
    _join_spells(found)
    _join_peaks(found, {_rule_id(a, b) for a, b in pairs
                        if any(isinstance(cr.check, ir.AtOnce) for cr in (a, b) if cr)})
    matched: list[FindingPair] = []
    notes: list[FindingPair] = []
    for (rid, subject, period), (olds, news) in found.items():
        for fo, fn in _pair_up(olds, news):
            one = fn or fo
            assert one is not None
            # each side's finding is a breach or a note by its own severity: a rule NEW makes
            # advisory flags under OLD alone, and notes under NEW (review 41)
            for kept, into in ((_breach, matched), (_note, notes)):
                ko, kn = kept(fo), kept(fn)
                if ko is not None or kn is not None:
                    # (an expired waiver is no breach of its rule's clause: counted apart, where
                    # it made "5c: 3 under OLD, 3 under NEW" of two breaches and a waiver,
                    # scenarios round 44)
                    clause = (_EXPIRED_LABEL if rid == EXPIRED_WAIVER
                              else label.get(rid, one.clause))  # fmt: skip
                    into.append(FindingPair(rid, clause, subject, period, one.unit, ko, kn))
    matched.sort(key=lambda p: (*p.finding.sort_key(), p.side))
    notes.sort(key=lambda p: (*p.finding.sort_key(), p.side))
    said_apart = (f"advisory notes, not breaches (a record a rule could not judge, or one to "
                  f"look at): {sum(1 for p in notes if p.old)} under OLD, "
                  f"{sum(1 for p in notes if p.new)} under NEW, listed apart",)  # fmt: skip

    order = list(dict.fromkeys([*label.values(), *sorted(p.clause for p in matched)]))
    by_clause = tuple(_tally(c, [p for p in matched if p.clause == c]) for c in order
                      if any(p.clause == c for p in matched))  # fmt: skip
    lines, not_judged, unjudged = _summaries(by_clause, pairs, results, label, nouns, matched,
                                             (old, new), _left_out(old, new))  # fmt: skip
    by_clause = tuple(_apart(attrs.evolve(t, not_judged=not_judged.get(t.name, "")),
                             [p for p in matched if p.clause == t.name], unjudged, False)
                      for t in by_clause)  # fmt: skip
    units = sorted({p.unit for p in matched}, key=lambda u: (u == "", u))
    by_unit = tuple(_apart(_tally(u or "-", mine := [p for p in matched if p.unit == u]), mine,
                           unjudged, True) for u in units)  # fmt: skip
    return Impact(
        tuple(data.files),
        tuple(p for p in matched if p.side == "old"),
        tuple(p for p in matched if p.side == "new"),
        tuple(p for p in matched if p.side == "both"),
        by_clause, by_unit,
        tuple(lines) + ((
            f"waived, so not flagged: {waived[0]} under OLD, {waived[1]} under NEW",)
            if any(waived) else ()) + (said_apart if notes else ()),
        _not_applied(pairs, results, renamed),
        tuple(dict.fromkeys(u.records for r in results for u in r.unread)),
        tuple(notes),
    )  # fmt: skip


def _breach(f: Finding | None) -> Finding | None:
    """`f` where it is a breach (not advisory), else None."""
    return f if f is not None and f.severity != "advisory" else None


def _note(f: Finding | None) -> Finding | None:
    """`f` where it is advisory (a record a rule could not judge, one to look at), else None."""
    return f if f is not None and f.severity == "advisory" else None


def _join_spells(found: dict[tuple[str, str, Period | None],
                             tuple[list[Finding], list[Finding]]]) -> None:  # fmt: skip
    """A spell one policy ends sooner, or starts later, than the other is one breach both
    flag: OLD's and NEW's lone findings of a rule and subject whose days overlap are paired,
    under OLD's period (read as two, a spell a higher ceiling shortened was a breach only the
    laxer offer caught: negotiator round 34)."""
    lone: dict[tuple[str, str], tuple[list[Any], list[Any]]] = {}
    for k, (olds, news) in found.items():
        period = k[2]
        if period is not None and period.kind == "span" and len(olds) + len(news) == 1:
            lone.setdefault((k[0], k[1]), ([], []))[0 if olds else 1].append(k)
    for old_keys, new_keys in lone.values():
        for ko in old_keys:
            kn = next((kn for kn in new_keys if kn in found and _overlap(ko[2], kn[2])), None)
            if kn is not None:
                found[ko] = (found[ko][0], found.pop(kn)[1])


def _join_peaks(found: dict[tuple[str, str, Period | None],
                            tuple[list[Finding], list[Finding]]],
                rules: set[str]) -> None:  # fmt: skip
    """A count held at once (`most at once`) that both policies find over their caps is one
    breach, though each dates it on the first day it passed its own cap (a cap that changes on
    a date moves the day): OLD's and NEW's one finding each of such a rule and subject are
    paired, under OLD's period, where they hold the same records (negotiator round 35: seven
    reports over a cap of six in both read as a breach each offer alone caught; a breach of
    others, a year on, is another: the review of session 35)."""
    by_subject: dict[tuple[str, str], list[tuple[str, str, Period | None]]] = {}
    for k in found:
        if k[0] in rules:
            by_subject.setdefault((k[0], k[1]), []).append(k)
    for keys in by_subject.values():
        if len(keys) != 2:
            continue
        (olds_a, news_a), (olds_b, news_b) = found[keys[0]], found[keys[1]]
        if len(olds_a) == len(news_b) == 1 and not news_a and not olds_b:
            ko, kn = keys
        elif len(olds_b) == len(news_a) == 1 and not news_b and not olds_a:
            kn, ko = keys
        else:
            continue
        # the same breach holds the same records (another, a year on, holds others)
        if set(found[ko][0][0].evidence) == set(found[kn][1][0].evidence):
            found[ko] = (found[ko][0], found.pop(kn)[1])


def _overlap(a: Period | None, b: Period | None) -> bool:
    return a is not None and b is not None and a.start <= b.end and b.start <= a.end


def _pair_up(olds: Sequence[Finding], news: Sequence[Finding]
             ) -> list[tuple[Finding | None, Finding | None]]:  # fmt: skip
    """OLD's and NEW's findings of one rule, subject and period, paired: a rule can give one
    subject several in a period (a chair's initial and review meetings of a day). The pair that
    stands at the same file and line, else shares the most evidence, first; findings that share
    neither with any of the other side's are that side's alone (two findings without evidence
    pair in order)."""
    if len(olds) == len(news) == 1:
        return [(olds[0], news[0])]

    def alike(a: Finding, b: Finding) -> tuple[bool, int]:
        return (a.file, a.line) == (b.file, b.line), len(set(a.evidence) & set(b.evidence))

    candidates = sorted(((alike(a, b), i, j) for i, a in enumerate(olds)
                         for j, b in enumerate(news)),
                        key=lambda c: (not c[0][0], -c[0][1], c[1], c[2]))  # fmt: skip
    partner: dict[int, int] = {}
    for (same_place, shared), i, j in candidates:
        bare = not olds[i].evidence and not news[j].evidence
        if (same_place or shared or bare) and i not in partner and j not in partner.values():
            partner[i] = j
    pairs: list[tuple[Finding | None, Finding | None]] = [
        (fo, news[partner[i]] if i in partner else None) for i, fo in enumerate(olds)]
    paired = set(partner.values())
    return pairs + [(None, fn) for j, fn in enumerate(news) if j not in paired]


def _summaries(by_clause: Iterable[Tally],
               pairs: Sequence[tuple[CompiledRule | None, CompiledRule | None]],
               results: tuple[Result, Result], label: Mapping[str, str],
               nouns: Mapping[str, set[str]], matched: Sequence[FindingPair],
               policies: tuple[Policy, Policy],
               left: tuple[Mapping[str, LeftOut], Mapping[str, LeftOut]] = ({}, {}),
               ) -> tuple[list[str], dict[str, str], tuple[dict[str, str], dict[str, str]]]:
    """One line per clause: how many findings each policy gives, in the rules' own noun
    (`finding` where they differ, or where a finding is not a rule's: an expired waiver); and,
    by clause, what one policy did not judge that the other did (`Tally.not_judged`). A rule
    one policy leaves out (`leave out RULE`) is said before any count, with where: "4c: 1
    finding under OLD, 0 under NEW" read at the table as the offer fixing 4c, where it never
    applied it (a first hour, round 48). Last, for each policy, the rules (by NEW's id) whose
    lines say that policy did not judge them (`not judged`, or `applied only in part`), so
    that the units count apart the other policy's findings of them."""
    unapplied = [{na.rule: na for na in result.not_applied
                  if not na.partial} for result in results]
    partial = [{na.rule: na for na in result.not_applied if na.partial} for result in results]
    unread = [{u.rule for u in result.unread} for result in results]
    lines, not_judged = [], {}
    unjudged_rules: tuple[dict[str, str], dict[str, str]] = ({}, {})
    # a clause that no finding names, applied under one policy only (a cap agreed by NEW
    # that flags nothing): said, or "no findings under either" reads as no difference
    # (negotiator round 35)
    named = [t.name for t in by_clause]
    quiet = [Tally(c, 0, 0, 0) for c in dict.fromkeys(label.values()) if c not in named]
    for t in [*by_clause, *quiet]:
        rules = [(a, b) for a, b in pairs if label[_rule_id(a, b)] == t.name]
        kinds = {noun for a, b in rules for noun in nouns[_rule_id(a, b)]}
        if any(p.rule not in label for p in matched if p.clause == t.name):
            kinds.add("finding")
        noun = kinds.pop() if len(kinds) == 1 else "finding"
        status = []
        for side in (0, 1):
            mine = [pair[side] for pair in rules if pair[side] is not None]
            if rules and not mine:
                status.append("no rule")
            elif mine and all(cr.id in unapplied[side] for cr in mine if cr is not None):
                status.append("not applied")
            else:
                status.append("")
        # a rule one policy leaves out (`leave out RULE`), said first with where it was left
        # out; a side that leaves out the whole clause gives no count ("left out")
        # (or leaves out some and applies none of the others: "not applied under NEW" again,
        # after "X not applied under NEW (left out ...)", would say it twice)
        gone = _left_out_words(rules, left)
        status = ["left out" if any(w.startswith(f"not applied under {side}") or (
                      s == "not applied" and f" not applied under {side} (" in w) for w in gone)
                  else s for s, side in zip(status, ("OLD", "NEW"), strict=True)]
        counts = (t.only_old + t.both, t.only_new + t.both)
        # a rule of the clause not applied under one policy (a cap to be agreed there) and
        # applied under the other: said first, before any count, or "8c: 0 findings under OLD,
        # 1 under NEW" reads aloud as the claim judging 8c and finding nothing (scenarios
        # round 44; a first hour, round 48: the words in brackets after it came too late).
        # Where no rule of the clause that flags a breach was applied under that policy (8c's
        # other rule is advisory), the policy gives no count at all. A rule the other policy
        # leaves out is not applied there either, but is said as well: both sides' words come
        # before any count ("8c: not applied under NEW (left out at offer.wr:8); not judged
        # under OLD (cap to be agreed: ...)").
        # A rule applied only in part (no staff member in the data gives a line manager: each
        # was read as having none), where its policy gives the clause no finding, is said so
        # too, or its 0 reads as the rule judged and passed; so is a rule that read no record
        # (no job description given) left out of "from the clause's 9 other rules" (review of
        # session 48, P5). A policy gives a count only from the rules it applied in full to
        # some record, or where it flags something.
        in_part = [_in_part(rules, at, partial[at], counts[at]) for at in (0, 1)]
        both_in_part = bool(in_part[0]) and [
            (ids, why) for ids, why, _ in in_part[0]] == [(ids, why) for ids, why, _ in in_part[1]]
        unjudged, silent, judged_by = ["", ""], [False, False], ["", ""]
        said: list[dict[str, str]] = [{}, {}]  # rule id (NEW's) -> how it went unjudged
        apart_any = [False, False]
        passed: list[set[str]] = [set(), set()]  # each side's rules applied in part, said so
        for at, which in enumerate(("OLD", "NEW")):
            apart = sorted((cr for cr, other in ((pair[at], pair[1 - at]) for pair in rules)
                            if cr is not None and cr.id in unapplied[at]
                            and (other is None or other.id not in unapplied[1 - at])),
                           key=lambda cr: cr.id)  # fmt: skip
            if status[1 - at] == "no rule":  # (the diff's table says so)
                apart = []
            partly = in_part[at]
            if not apart and not partly:
                continue
            own = [cr for cr in (pair[at] for pair in rules)
                   if cr is not None and cr.head.severity != "advisory"]  # fmt: skip
            passed[at] = {cr.id for _, _, crs in partly for cr in crs}
            judged = sorted(cr.id for cr in own if cr.id not in unapplied[at]
                            and cr.id not in unread[at] and cr.id not in passed[at])  # fmt: skip
            speaks = bool(judged or counts[at])
            words = []
            if apart:
                # (a side that leaves out a rule of the clause too, or whose other rules read
                # no record, names each rule it did not judge, so that its words beside "X not
                # applied under NEW (left out ...)", or for clause 9 alone, are clear)
                named_too = any(f"not applied under {which} (" in w for w in gone)
                why = "; ".join(dict.fromkeys(_unjudged_reason(unapplied[at][cr.id],
                                                               policies[at])
                                              for cr in apart))  # fmt: skip
                apart_ids = [cr.id for cr in apart]
                others = any(cr.id not in apart_ids for cr in own)
                ids = f"{', '.join(apart_ids)} " if speaks or named_too or others else ""
                words.append(f"{ids}not judged under {which} ({why})")
                apart_any[at] = True
                said[at].update((_rule_id(*pair), "not judged") for pair in rules
                                if (cr := pair[at]) is not None and cr.id in apart_ids)
            if partly and not (both_in_part and at == 1):
                under = "both" if both_in_part else which
                words += [f"{names} applied in part under {under} ({reason})"
                          for names, reason, _ in partly]  # fmt: skip
            said[at].update((_rule_id(*pair), "applied only in part") for pair in rules
                            if (cr := pair[at]) is not None and cr.id in passed[at])  # fmt: skip
            unjudged[at] = "; ".join(words)
            if speaks:
                judged_by[at] = _from_rules(judged)
            else:
                silent[at] = True
        # (a rule applied in part alike under both, beside nothing else, is no difference)
        differs = any(apart_any) or (any(in_part) and not both_in_part)
        if not gone and t.name not in named and ("no rule" in status or (
                status[0] == status[1] and not differs)):
            continue  # (a rule one policy has not: the diff's table says so)
        # a rule not applied under either policy, beside one of the clause that was: a side's
        # 0 is said to be the applied rules' alone, naming them and the rule not applied (a
        # first hour, round 46: "8e: not applied under OLD, 0 findings under NEW" read as the
        # 8e cap applied by NEW and passed, where the 0 was another rule's of the clause)
        idle = sorted(a.id for a, b in rules if a is not None and b is not None
                      and a.id in unapplied[0] and b.id in unapplied[1])  # fmt: skip
        # (a rule counts where it read a record of the data: "0 findings under OLD from the
        # clause's 9 other rules" were job descriptions' rules, and the data had none)
        read = [[cr.id for cr in (pair[at] for pair in rules)
                 if cr is not None and cr.id not in unapplied[at] and cr.id not in unread[at]
                 and cr.id not in passed[at]] for at in (0, 1)]  # fmt: skip
        given_by = tuple(
            judged_by[at] or (_from_rules(sorted(read[at]))
                              if idle and not status[at] and not counts[at] else "")
            for at in (0, 1))  # fmt: skip
        # a policy none of whose rules of the clause read a record gives it no count: its 0
        # would be read as judged and passed (an expired waiver is no rule's: its count stands)
        nothing = [bool(rules) and not (status[at] or silent[at] or counts[at] or read[at])
                   for at in (0, 1)]  # fmt: skip
        silent = [silent[at] or nothing[at] for at in (0, 1)]
        gone_too = [*_renamed_words(rules, policies), *gone]
        if idle and not any(given_by[at] and not judged_by[at] for at in (0, 1)) and any(
                nothing):  # (said as a part where no count follows to put it in brackets)
            gone_too.append(f"{', '.join(idle)} not applied under both")
        line = _summary_line(t.name, counts,
                             ("" if silent[0] else status[0], "" if silent[1] else status[1]),
                             noun, (given_by[0], given_by[1]), (unjudged[0], unjudged[1]),
                             (silent[0], silent[1]), tuple(gone_too))  # fmt: skip
        if idle and any(given_by[at] and not judged_by[at] for at in (0, 1)):
            # (unless a 0 stands for the clause's rules that were applied)
            line += f" ({', '.join(idle)} not applied under both)"
        lines.append(line)
        if gone or any(unjudged):  # (the row says it too: `4c | 1 | 0 | 0` reads as fixed)
            not_judged[t.name] = "; ".join([*gone, *(words for words in unjudged if words)])
        for at in (0, 1):  # (what the line said each side did not judge, for the units)
            # a side that still judges the clause by another rule of it that flags a breach
            # (NEW leaves out 7a's case-role-boundary, or writes it again weaker under a new
            # id) did judge it: the other side's findings of the rule it dropped are a
            # difference its terms make, counted in the unit's "only OLD", not "of a clause
            # not judged" with a 0 there (attack round 29, P2). Not judged is a clause none of
            # whose rules applies under that side (a cap to be agreed), or whose rules that
            # apply read no record (a job description's rule of clause 9, with none given).
            judges = any(cr is not None and cr.id not in unapplied[at] and cr.id not in unread[at]
                         and cr.head.severity != "advisory" for cr in (p[at] for p in rules))
            unjudged_rules[at].update((rid, how) for rid, how in said[at].items()
                                      if how != "not judged" or not judges)  # fmt: skip
            if judges:
                continue
            unjudged_rules[at].update((other.id, "not judged") for pair in rules
                                      if pair[at] is None and (other := pair[1 - at]) is not None
                                      and other.id in left[at])  # fmt: skip
    return lines, not_judged, (unjudged_rules[0], unjudged_rules[1])


def _in_part(rules: Sequence[tuple[CompiledRule | None, CompiledRule | None]], at: int,
             partial: Mapping[str, NotApplied], count: int,
             ) -> list[tuple[str, str, list[CompiledRule]]]:  # fmt: skip
    """A side's rules of a clause applied only in part, where the side gives the clause no
    finding (a 0 that is no pass): (their ids, why, the rules), by reason, the rules that flag
    a breach only (an advisory rule's 0 is no count)."""
    if count:
        return []
    by_reason: dict[str, list[CompiledRule]] = {}
    for pair in rules:
        cr = pair[at]
        if cr is not None and cr.id in partial and cr.head.severity != "advisory":
            by_reason.setdefault(_in_part_reason(partial[cr.id]), []).append(cr)
    return [(", ".join(cr.id for cr in crs), why, crs) for why, crs in by_reason.items()]


def _in_part_reason(na: NotApplied) -> str:
    """What a rule applied in part could not judge, in a few words to say in brackets: the
    notice's words after "applied in part", their closing bracket made a `;`."""
    reason = na.reason.removeprefix("applied in part: ").removeprefix("applied in part; ")
    return _unbracketed(reason)


def _unbracketed(reason: str) -> str:
    """`reason` with its closing bracket made a `;` (`X (to leave a rule out, write: ...)`
    becomes `X; to leave ...`), to be said in brackets, not brackets in brackets."""
    head, bracket, tail = reason.rpartition(" (")
    last = bracket and tail.endswith(")") and ")" not in tail[:-1]  # (a closing bracket)
    return f"{head}; {tail[:-1]}" if last else reason


def _from_rules(ids: Sequence[str]) -> str:
    """The rules a count is from, named where they are one or two, else counted: a clause
    of ten rules named in full buries the count it qualifies."""
    return ", ".join(ids) if len(ids) <= 2 else f"the clause's {len(ids)} other rules"


def _unjudged_reason(na: NotApplied, policy: Policy) -> str:
    """Why a rule judged nothing, in a few words: `cap to be agreed: sfo_open_reviews_max
    unset` (a date parameter's: `date to be agreed`), else the notice's own words, their
    closing bracket made a `;` (they are said in brackets: `(its 'where' is false, so it
    judges no record; to leave a rule out, write: ...)`, not brackets in brackets)."""
    if not na.params:
        return _unbracketed(na.reason)
    dates = all(policy.facts[p].type == "date" for p in na.params if p in policy.facts)
    return f"{'date' if dates else 'cap'} to be agreed: {', '.join(na.params)} unset"


def _left_out_words(rules: Sequence[tuple[CompiledRule | None, CompiledRule | None]],
                    left: tuple[Mapping[str, LeftOut], Mapping[str, LeftOut]]) -> list[str]:
    """For a clause's rules, what each side leaves out, in words: `not applied under NEW
    (left out at offer.wr:22)` where the side leaves out every rule of the clause the other
    has, else `unrecompensed-hours not applied under NEW (left out at offer.wr:22)`."""
    out = []
    for at, side in ((0, "OLD"), (1, "NEW")):
        gone = [left[at][other.id] for pair in rules
                if pair[at] is None and (other := pair[1 - at]) is not None
                and other.id in left[at]]  # fmt: skip
        if not gone:
            continue
        places = " and ".join(f"{lo.file}:{lo.line}" for lo in gone)
        whole = all(pair[at] is None for pair in rules)
        ids = "" if whole else f"{', '.join(lo.rule for lo in gone)} "
        out.append(f"{ids}not applied under {side} (left out at {places})")
    return out


def _renamed_words(rules: Sequence[tuple[CompiledRule | None, CompiledRule | None]],
                   policies: tuple[Policy, Policy]) -> list[str]:
    """For a clause's rules, each that one side leaves out and writes again under another id
    (`_replaced`), in words, said before any count, with where: `programme-sessions-per-week
    renamed facilitator-weekly-sessions under NEW (left out at offer.wr:20, written again at
    offer.wr:24)`. Its findings under both ids are matched as one rule's, and the reader who
    saw `leave out` in the offer must not read "8a: 49 under OLD, 30 under NEW" as a rule
    dropped and another added (a first hour, round 51)."""
    out = []
    for a, b in rules:
        if a is None or b is None or a.id == b.id:
            continue
        left = ({lo.rule: lo for lo in policies[0].left_out},
                {lo.rule: lo for lo in policies[1].left_out})  # fmt: skip
        if (lo := left[1].get(a.id)) is not None:
            where = f" (left out at {lo.file}:{lo.line}, written again at {b.head.file}:" \
                    f"{b.head.line})"
        elif (lo := left[0].get(b.id)) is not None:
            where = f" ({b.id} left out under OLD at {lo.file}:{lo.line}, written again as " \
                    f"{a.id} at {a.head.file}:{a.head.line})"
        else:  # (a rule renamed in place: the diff's rules say so, by its id)
            continue
        out.append(f"{a.id} renamed {b.id} under NEW{where}")
    return out


def _either(a: CompiledRule | None, b: CompiledRule | None) -> CompiledRule:
    """NEW's rule of a matched pair, where NEW has it, else OLD's."""
    found = b or a
    assert found is not None
    return found


def _rule_id(a: CompiledRule | None, b: CompiledRule | None) -> str:
    return _either(a, b).id


def _not_applied(pairs: Sequence[tuple[CompiledRule | None, CompiledRule | None]],
                 results: tuple[Result, Result],
                 renamed: Mapping[str, str]) -> tuple[RuleNotApplied, ...]:  # fmt: skip
    old = {renamed.get(na.rule, na.rule): na for na in results[0].not_applied}
    new = {na.rule: na for na in results[1].not_applied}
    order = [_rule_id(a, b) for a, b in pairs]
    out = []
    for rid in [*order, *sorted((set(old) | set(new)) - set(order))]:
        a, b = old.get(rid), new.get(rid)
        if a is None and b is None:
            continue
        if a is not None and b is not None:
            reason = a.reason if a.reason == b.reason else f"OLD: {a.reason}; NEW: {b.reason}"
            clause = b.clause if a.clause == b.clause else f"{a.clause} -> {b.clause}"
            out.append(RuleNotApplied(rid, clause, "both", reason))
        else:
            na = a if a is not None else b
            assert na is not None
            out.append(RuleNotApplied(rid, na.clause, "OLD" if a else "NEW", na.reason))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Formats: text for negotiators and machines; each takes the diff and the impact (or None).

_SECTIONS = (("rule", "Rules", "rule"), ("param", "Parameters", "parameter"),
             ("grade", "Grades", "grade"), ("waiver", "Waivers", "waived rule"),
             ("text", "Text patterns", "pattern or words"))  # fmt: skip


def _heading_files(files: tuple[str, ...], local: Mapping[int, str]) -> str:
    """`FILE, extending BASE, ...`, a file of the repository's named as a shipped policy's
    file said to be so (`PolicyDiff.old_local`, `new_local`)."""
    shown = [f"{f}: the repository's, not the shipped {local[i]}" if i in local else f
             for i, f in enumerate(files)]  # fmt: skip
    if len(shown) == 1:
        return shown[0]
    return f"{shown[-1]}, extending {', '.join(reversed(shown[:-1]))}"


@attrs.frozen
class _Item:
    """One thing that differs (a rule, a parameter, a grade, a waiver of one subject, a word
    list or pattern) with the parts of it that changed, each a row of the tables."""

    section: str  # a prefix of `_SECTIONS`
    verb: str  # added, removed, left-out, renamed (whatever else changed with it) or changed
    changes: tuple[Change, ...]


def _items(diff: PolicyDiff) -> list[_Item]:
    """The diff's changes by the thing they change, in the diff's order: a rule or parameter
    by its name, a waiver by rule and subject, a word list or pattern by its name and kind."""
    found: dict[tuple[str, ...], list[Change]] = {}
    for c in diff.changes:
        prefix = c.kind.split("-", 1)[0]
        key: tuple[str, ...] = (
            (prefix, c.name, c.field) if prefix in ("waiver", "text") else (prefix, c.name))
        found.setdefault(key, []).append(c)
    out = []
    for key, changes in found.items():
        verbs = {c.kind.split("-", 1)[1] for c in changes}
        verb = next(v for v in ("added", "removed", "left-out", "renamed", "changed")
                    if v in verbs)  # fmt: skip
        out.append(_Item(key[0], verb, tuple(changes)))
    return out


def _count_words(diff: PolicyDiff, row: str | None = "row",
                 sides: tuple[str, str] = ("OLD", "NEW")) -> str:  # fmt: skip
    """`3 differences: rules: 1 changed, 1 removed; parameters: 1 changed`: each number
    counts the things that differ (a rule, a parameter...), so the parts add up to the whole;
    where a thing takes several rows (each part of a rule that changed), the rows are counted
    apart, in words (a first hour, round 48: "26 differences" of 26 rows, beside "rules: 2
    changed; parameters: 8 changed", did not add up)."""
    if diff.identical:
        return (f"No differences: {sides[0]} and {sides[1]} state the same rules, values, "
                "grades and waivers.")  # fmt: skip
    items = _items(diff)
    groups = []
    for prefix, title, _ in _SECTIONS:
        counts = []
        for verb in ("added", "removed", "left-out", "renamed", "changed"):
            number = sum(1 for i in items if i.section == prefix and i.verb == verb)
            if number:
                counts.append(f"{number} {verb.replace('-', ' ')}")
        if counts:
            groups.append(f"{title.lower()}: {', '.join(counts)}")
    count, rows = len(items), len(diff.changes)
    worded = sum(1 for c in diff.changes if _wording_only(c))
    # a sentence reworded reads as a difference like a cap raised, unless it is said apart
    # (a first hour, round 41: a negotiator could not tell the two apart on one clause)
    alone = (f"{'is' if worded == 1 else 'are'} to words alone (a rule's title, reason or "
             "sentence, a value's description), which change nothing that is flagged.")
    if rows == count:  # (a row for each: the rows are the differences)
        apart = f" Of the {count}, {worded} {alone}" if worded else ""
    else:
        apart = (f" They take {rows} {row}s: one for each part that changed, or for a whole "
                 "rule or parameter added or removed" if row else
                 f" In all, {rows} parts of them changed (a whole rule or parameter added or "
                 "removed is one part)") + (f"; {worded} of the {rows} {alone}" if worded else ".")
    return f"{count} difference{'s' if count != 1 else ''}: {'; '.join(groups)}.{apart}"


_WORDING = {"rule-changed": {"title", "why", "say"}, "param-changed": {"doc"}}


def _wording_only(c: Change) -> bool:
    """Whether `c` changes only words a person reads, never what is flagged."""
    return c.field in _WORDING.get(c.kind, ())


def _change_row(c: Change) -> list[str]:
    return ["reworded" if _wording_only(c) else c.kind.split("-", 1)[1].replace("-", " "),
            c.name, c.clause, c.field, c.old, c.new]  # fmt: skip


def _finding_cells(p: FindingPair) -> list[str]:
    f = p.finding
    if p.old is not None and p.new is not None and (
            (p.old.measured, p.old.limit) != (p.new.measured, p.new.limit)):
        measured = (f"OLD {p.old.measured} ({p.old.limit}); NEW {p.new.measured} "
                    f"({p.new.limit})")  # fmt: skip
    else:
        measured = f"{f.measured} ({f.limit})"
    when = f.when()
    if p.old is not None and p.new is not None and p.old.period != p.new.period:
        when = f"OLD {p.old.when()}; NEW {p.new.when()}"  # a spell one policy shortens
    if _severity_differs(p) and p.old and p.new:
        measured += f"; OLD {p.old.severity}, NEW {p.new.severity}"
    return [f"{f.file}:{f.line}", p.rule, p.clause, p.subject, when, p.unit or "-", measured]


_FINDING_HEADERS = ["where", "rule", "clause", "subject", "when", "unit", "measured (limit)"]
_TALLY_HEADERS = ["only OLD", "only NEW", "both"]
_LISTS = (("only_old", "Only OLD flags"), ("only_new", "Only NEW flags"), ("both", "Both flag"))
_NOTES = "Advisory notes, not breaches"
_SIDES = {"old": "OLD", "new": "NEW", "both": "both"}


def _note_cells(p: FindingPair) -> list[str]:
    return [_SIDES[p.side], *_finding_cells(p)]


def table(diff: PolicyDiff, found: Impact | None) -> str:
    """Tables for a terminal (tabulate), section by section."""
    from tabulate import tabulate

    def grid(rows: list[list[Any]], headers: list[str], widths: list[int | None]) -> str:
        return tabulate(rows, headers=headers, tablefmt="simple_grid", maxcolwidths=widths,
                        disable_numparse=True)  # fmt: skip

    out = [f"OLD {diff.old} ({_heading_files(diff.old_files, diff.old_local)})",
           f"NEW {diff.new} ({_heading_files(diff.new_files, diff.new_local)})"]  # fmt: skip
    for prefix, title, noun in _SECTIONS:
        rows = [_change_row(c) for c in diff.changes if c.kind.startswith(prefix + "-")]
        if rows:
            out += ["", f"{title}:", grid(rows, ["change", noun, "clause", "part", "OLD", "NEW"],
                                          [8, 24, 10, 12, 40, 40])]  # fmt: skip
    out += ["", _count_words(diff)]
    if found is None:
        return "\n".join(out) + "\n"
    count = len(found.files)
    out += ["", f"Impact on {count} data file{'s' if count != 1 else ''}:"]
    out += [f"  {line}" for line in found.summary] or ["  no findings under either policy"]
    for name, tallies in (("clause", found.by_clause), ("unit", found.by_unit)):
        if tallies:
            counts: list[list[Any]] = [[_wrap(_tally_name(t), 24), *_row_counts(t, name)]
                                       for t in tallies]  # fmt: skip
            out += ["", grid(counts, [name, *_TALLY_HEADERS], [24, None, None, None])]
    for attr, title in _LISTS:
        pairs: tuple[FindingPair, ...] = getattr(found, attr)
        if not pairs:
            out += ["", f"{title}: none."]
            continue
        out += ["", f"{title} ({len(pairs)}):",
                grid([_finding_cells(p) for p in pairs], _FINDING_HEADERS,
                     [None, 22, 10, 10, 14, 12, 30])]  # fmt: skip
    if found.notes:
        out += ["", f"{_NOTES} ({len(found.notes)}):",
                grid([_note_cells(p) for p in found.notes], ["under", *_FINDING_HEADERS],
                     [5, None, 22, 10, 10, 14, 12, 30])]  # fmt: skip
    if found.not_applied:
        out += ["", f"Not applied ({counted(len(found.not_applied), 'rule', 'rules')}):"]
        out += [f"  {na.rule} [{na.clause}] under {na.under}: {na.reason}"
                for na in found.not_applied]  # fmt: skip
    if found.unread:
        out += ["", _nothing_to_check(found)]
    return "\n".join(out) + "\n"


def _row_counts(t: Tally, name: str) -> tuple[int, int, int]:
    """A row's counts: a clause's as they are (its first cell says what a policy did not
    judge of the whole row), a unit's differences (`_differences`)."""
    return _differences(t) if name == "unit" else (t.only_old, t.only_new, t.both)


def _tally_name(t: Tally) -> str:
    """A tally's first cell: the clause, with what a policy did not judge of it, before the
    counts (`8c: not judged under OLD (cap to be agreed: ...)`)."""
    return f"{t.name}: {t.not_judged}" if t.not_judged else t.name


def _wrap(cell: str, width: int) -> str:
    """`cell` wrapped at spaces to `width`, no word split (a parameter's name, a rule id)."""
    import textwrap

    return "\n".join(textwrap.wrap(cell, width, break_long_words=False,
                                   break_on_hyphens=False)) or cell  # fmt: skip


def _nothing_to_check(found: Impact) -> str:
    """The kinds of record the data has none of, which some rule of either policy judges:
    what neither policy's silence says about."""
    kinds = list(found.unread)
    listed = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"
    return (f"Nothing to check: the data has no {listed}, so the rules that judge them found "
            "nothing under either policy.")


# ---------------------------------------------------------------------------------------------
# Plain text: to read aloud at the table, or paste into a paper in Word


def _sides(diff: PolicyDiff) -> tuple[str, str]:
    """What the text calls each policy: its name (two of one name, a name and OLD or NEW)."""
    if diff.old != diff.new:
        return diff.old, diff.new
    return f"{diff.old} (OLD)", f"{diff.new} (NEW)"


def _named(line: str, sides: tuple[str, str]) -> str:
    """A line the impact wrote with OLD and NEW (`8c: 1 finding under OLD, 0 under NEW`), with
    the policies' names in their place."""
    import re

    return re.sub(r"\bunder (OLD|NEW)\b",
                  lambda m: f"under {sides[m.group(1) == 'NEW']}", line)  # fmt: skip


_QUOTED = {"title", "why", "say", "doc"}  # a person's words, quoted; the rest is the policy's


def _shown(value: str, field: str) -> str:
    if not value:
        return "none"
    return f'"{value}"' if field in _QUOTED else value


def _part_name(c: Change) -> str:
    """A part that changed, in words: `value for SPO`, `title (words alone)`."""
    field = {"doc": "description", "why": "reason", "say": "sentence", "like": "family"}.get(
        c.field, c.field)  # fmt: skip
    if field.startswith("value[") and field.endswith("]"):
        field = f"value for {field[6:-1]}"
    return f"{field} (words alone)" if _wording_only(c) else field


def _item_head(item: _Item, diff: PolicyDiff) -> str:
    """`wmt_ceiling, "The WMT level above which ..." [1.2k(i), 1.1g]`: a parameter with its
    description, a rule or pattern with its clause."""
    first = item.changes[0]
    clause = f" [{first.clause}]" if first.clause else ""
    if item.section == "param" and diff.docs.get(first.name):
        return f'{first.name}, "{diff.docs[first.name]}"{clause}'
    if item.section == "waiver":
        return f"waiver of {first.name} {first.field}{clause}"
    if item.section == "text":
        return f"{'word list' if first.field == 'words' else 'text pattern'} {first.name}{clause}"
    if item.section == "rule" and item.verb == "renamed":
        was = next(c.old for c in item.changes if c.field == "id")
        return f"{first.name}{clause}, renamed from {was}"
    return f"{first.name}{clause}"


def _stop(words: str) -> str:
    """`words` ended with a full stop, where they have none (a reason may end with one)."""
    return words if words.endswith((".", "!", "?")) else f"{words}."


def _item_lines(item: _Item, diff: PolicyDiff, sides: tuple[str, str]) -> list[str]:
    """A thing that differs, on one line where one part of it changed (a value, a waiver, a
    whole rule added), else a line naming it and a line for each part."""
    head = _item_head(item, diff)
    parts = [c for c in item.changes if c.field != "id"]  # (a rename is said in the head)
    if item.section == "waiver":  # (its parts with commas: a `;` parts the two policies)
        parts = [attrs.evolve(c, old=c.old.replace("; ", ", "), new=c.new.replace("; ", ", "))
                 for c in parts]  # fmt: skip
    whole = item.section in ("waiver", "grade", "text")  # (their one part is the whole)
    if item.verb in ("added", "removed") and len(parts) == 1 and (whole or not parts[0].field):
        c = parts[0]
        value = _shown(c.new or c.old, "title" if item.section == "rule" else c.field)
        # (a rule OLD leaves out, that NEW has: its `old` says where it was left out)
        gone = f", {_stop(c.old)}" if item.section == "rule" and c.new and c.old else "."
        return [f"  {head}, {item.verb}: {value} under {sides[item.verb == 'added']} only{gone}"]
    if item.verb == "left-out" and len(parts) == 1:  # (`new` says where NEW left it out)
        c = parts[0]
        return [f"  {head}: {_shown(c.old, 'title')} under {sides[0]} only, {_stop(c.new)}"]
    if len(parts) == 1 and parts[0].field == "words":  # (the entries taken out, put in)
        c = parts[0]
        return [f"  {head}, changed from {sides[0]} to {sides[1]}: takes out {_shown(c.old, '')}"
                f"; puts in {_shown(c.new, '')}."]
    said = [f"{_shown(c.old, c.field)} under {sides[0]}; {_shown(c.new, c.field)} under "
            f"{sides[1]}." for c in parts]  # fmt: skip
    if len(parts) == 1 and (whole or parts[0].field == "value"):
        return [f"  {head}: {said[0]}"]
    verb = "" if item.verb == "renamed" else f", {item.verb}"
    return [f"  {head}{verb}:" if parts else f"  {head}."] + [
        f"    {_part_name(c)}: {words}" for c, words in zip(parts, said, strict=True)]


def _tally_words(t: Tally, sides: tuple[str, str], unit: bool = False) -> str:
    """`8c, not judged under claim-2024 (...): 1 only under employer-offer-2026`: the counts
    that are not 0, so no 0 is read aloud for a side that did not judge. A unit's findings of
    a clause one policy did not judge follow its differences, each count with its clause:
    `Medway PDU: 2 under both; 1 under employer-offer-2026 of a clause not judged under
    claim-2024 (8c)`."""
    only_old, only_new, both = _differences(t) if unit else (t.only_old, t.only_new, t.both)
    counts = [f"{only_old} only under {sides[0]}" if only_old else "",
              f"{only_new} only under {sides[1]}" if only_new else "",
              f"{both} under both" if both else ""]  # fmt: skip
    said = ", ".join(c for c in counts if c)
    if unit:
        return f"  {t.name}: {'; '.join(w for w in (said, _named(t.not_judged, sides)) if w)}"
    name = f"{t.name}, {_named(t.not_judged, sides)}" if t.not_judged else t.name
    return f"  {name}: {said or 'none'}"


def _finding_words(p: FindingPair, sides: tuple[str, str]) -> str:
    f = p.finding
    if p.old is not None and p.new is not None and p.old.period != p.new.period:
        when = f"{p.old.when()} under {sides[0]}; {p.new.when()} under {sides[1]}"
    else:
        when = "" if f.when() == "-" else f.when()
    if p.old is not None and p.new is not None and (
            (p.old.measured, p.old.limit) != (p.new.measured, p.new.limit)):
        measured = (f"{p.old.measured} ({p.old.limit}) under {sides[0]}; {p.new.measured} "
                    f"({p.new.limit}) under {sides[1]}")  # fmt: skip
    else:
        measured = f"{f.measured} ({f.limit})"
    about = ", ".join(x for x in (p.subject, when, p.unit) if x)
    return f"  {f.file}:{f.line}: {p.rule} [{p.clause}] {about}: {measured}" + (
        f"; {p.old.severity} under {sides[0]}, {p.new.severity} under {sides[1]}"
        if _severity_differs(p) and p.old and p.new else "")  # fmt: skip


def _severity_differs(p: FindingPair) -> bool:
    """Both flag it, one as an error, the other as a warning: said on its row, or "7: 13
    under both" hides that NEW's pass a run with `--fail-on error` (a first hour, round 51)."""
    return p.old is not None and p.new is not None and p.old.severity != p.new.severity


def _reason_words(na: RuleNotApplied, sides: tuple[str, str]) -> str:
    """A rule not applied, its reason under each policy named by the policy."""
    reason = na.reason
    if na.under == "both" and reason.startswith("OLD: ") and "; NEW: " in reason:
        a, b = reason[5:].split("; NEW: ", 1)
        reason = f"{sides[0]}: {a}; {sides[1]}: {b}"
    under = "both" if na.under == "both" else sides[na.under == "NEW"]
    return f"  {na.rule} [{na.clause}] under {under}: {reason}"


def text(diff: PolicyDiff, found: Impact | None) -> str:
    """Plain lines to read aloud at the negotiating table or paste into a paper (Word): no
    table, no Markdown, no line wrapped; each policy called by its name, with its title at
    the top; each parameter with its description beside its name; each thing that differs on
    a line of its own, its parts that changed under it."""
    sides = _sides(diff)
    out = []
    for word, side, title, files, local in (
            ("From", sides[0], diff.old_title, diff.old_files, diff.old_local),
            ("to", sides[1], diff.new_title, diff.new_files, diff.new_local)):  # fmt: skip
        named = f', "{title}"' if title else ""
        out.append(f"{word} {side}{named} ({_heading_files(files, local)})")
    out += ["", _count_words(diff, None, sides)]
    items = _items(diff)
    for prefix, title, _ in _SECTIONS:
        mine = [i for i in items if i.section == prefix]
        if mine:
            out += ["", f"{title} ({len(mine)}):"]
            for item in mine:
                out += _item_lines(item, diff, sides)
    if found is None:
        return "\n".join(out) + "\n"
    count = len(found.files)
    out += ["", f"What each flags on {count} data file{'s' if count != 1 else ''}:"]
    out += [f"  {_named(line, sides)}" for line in found.summary] or [
        "  no findings under either policy"]
    for name, tallies in (("clause", found.by_clause), ("unit", found.by_unit)):
        if tallies:
            out += ["", f"By {name}:", *(_tally_words(t, sides, name == "unit")
                                         for t in tallies)]  # fmt: skip
    titles = (f"Only {sides[0]} flags", f"Only {sides[1]} flags", "Both flag")
    for (attr, _), title in zip(_LISTS, titles, strict=True):
        pairs: tuple[FindingPair, ...] = getattr(found, attr)
        if not pairs:
            out += ["", f"{title}: none."]
            continue
        out += ["", f"{title} ({len(pairs)}):", *(_finding_words(p, sides) for p in pairs)]
    if found.notes:
        out += ["", f"{_NOTES} ({len(found.notes)}):"]
        out += [f"{_finding_words(p, sides)} (under "
                f"{'both' if p.side == 'both' else sides[p.side == 'new']})"
                for p in found.notes]  # fmt: skip
    if found.not_applied:
        out += ["", f"Not applied ({counted(len(found.not_applied), 'rule', 'rules')}):"]
        out += [_reason_words(na, sides) for na in found.not_applied]
    if found.unread:
        out += ["", _nothing_to_check(found)]
    return "\n".join(out) + "\n"


def markdown(diff: PolicyDiff, found: Impact | None) -> str:
    """Markdown to paste into a negotiating paper: headings, pipe tables, a list of clauses."""
    from .document import md_cell, md_table

    out = [f"## Policy diff: {diff.old} -> {diff.new}", "",
           f"OLD: `{diff.old}` ({_heading_files(diff.old_files, diff.old_local)}). "
           f"NEW: `{diff.new}` ({_heading_files(diff.new_files, diff.new_local)}).", "",
           _count_words(diff)]  # fmt: skip
    for prefix, title, noun in _SECTIONS:
        rows = [_change_row(c) for c in diff.changes if c.kind.startswith(prefix + "-")]
        if rows:
            out += ["", f"### {title}", ""]
            out += md_table(["change", noun, "clause", "part", "OLD", "NEW"], rows)
    if found is not None:
        count = len(found.files)
        out += ["", f"### Impact on {count} data file{'s' if count != 1 else ''}", ""]
        out += [f"- {line}" for line in found.summary] or ["No findings under either policy."]
        for name, tallies in (("clause", found.by_clause), ("unit", found.by_unit)):
            if tallies:
                out += ["", *md_table([name, *_TALLY_HEADERS],
                                        ([_tally_name(t), *_row_counts(t, name)]
                                         for t in tallies))]  # fmt: skip
        for attr, title in _LISTS:
            pairs: tuple[FindingPair, ...] = getattr(found, attr)
            out += ["", f"#### {title} ({len(pairs)})", ""]
            if pairs:
                out += md_table(_FINDING_HEADERS, (_finding_cells(p) for p in pairs))
            else:
                out.append("None.")
        if found.notes:
            out += ["", f"#### {_NOTES} ({len(found.notes)})", ""]
            out += md_table(["under", *_FINDING_HEADERS], (_note_cells(p) for p in found.notes))
        if found.not_applied:
            out += ["", f"#### Not applied ({counted(len(found.not_applied), 'rule', 'rules')})",
                    ""]  # fmt: skip
            out += md_table(["rule", "clause", "under", "reason"],
                             ([na.rule, na.clause, na.under, na.reason]
                              for na in found.not_applied))  # fmt: skip
        if found.unread:
            out += ["", md_cell(_nothing_to_check(found))]
    return "\n".join(out) + "\n"


def _fields(value: Any) -> dict[str, Any]:
    from .frozen import field_names

    names = field_names(type(value))  # an attrs class of this module, or a finding's Struct
    if names is not None:
        return {name: getattr(value, name) for name in names}
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def as_json(diff: PolicyDiff, found: Impact | None) -> str:
    """Everything, for other tools: fields in declaration order, two-space indent, ISO dates;
    each matched finding carries both policies' findings in full (None where absent)."""
    import orjson

    fields = _fields(diff)
    # (the headings' words: each file is named in `old_files` and `new_files`; and the words
    # read aloud, which the policies state: a description that changed is a `doc` change)
    for name in ("old_local", "new_local", "old_title", "new_title", "docs"):
        del fields[name]
    data = {**fields, "identical": diff.identical, "impact": found}
    return orjson.dumps(data, default=_fields, option=orjson.OPT_INDENT_2).decode() + "\n"


FORMAT_BY_NAME: dict[str, Callable[[PolicyDiff, Impact | None], str]] = {
    "table": table,
    "text": text,
    "markdown": markdown,
    "json": as_json,
}


def run_diff(old: str, new: str, data: Sequence[str] = (), fmt: str = "table",
             today: dt.date | None = None) -> tuple[str, bool]:  # fmt: skip
    """The `workrules diff` command: the diff of two policies (file or shipped name) in
    `fmt`, with the impact on `data` when files are given, and whether the policies differ."""
    if fmt not in FORMAT_BY_NAME:
        raise UsageError(f"--format {fmt}: choose one of {', '.join(FORMAT_BY_NAME)}"
                         f"{did_you_mean(fmt, FORMAT_BY_NAME)}")  # fmt: skip
    # A file that calls itself by a shipped policy's name is compared, not refused as `check`
    # refuses it: an older version of the claim, kept as it was released, is what negotiators
    # diff (its heading names its file); a file it extends taking a shipped name is refused as
    # it is read (`policy._refuse_base_posing`).
    before, after = load_policy(old), load_policy(new)
    diff = diff_policies(before, after)
    found = impact(before, after, load_data(data), diff, today=today) if data else None
    return FORMAT_BY_NAME[fmt](diff, found), not diff.identical
