"""A rule in words: one plain English sentence, generated from its AST and the parameters.

The sentence is for the people who negotiate workloads, not for programmers: fields read as
words ("the line manager's grade"), parameters as their values with their names in brackets
("4 (programme_sessions_max)"), caps still to be agreed as such. Anything without a better
phrasing falls back to the policy text itself (`nodes.unparse`), so every valid rule can be
described. `document` and `explain` use this module; nothing here evaluates data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import model as m
from . import nodes as n
from .datamodel import field_word
from .render import render, value_word

if TYPE_CHECKING:
    from .evaluate import CompiledRule
    from .policy import Policy


def describe_rule(cr: CompiledRule, policy: Policy) -> str:
    """One sentence that says what `cr` checks, with the policy's parameter values."""
    return _Phraser(cr, policy).sentence()


def describe_value(policy: Policy, name: str) -> str:
    """A parameter's value in words: `110%`, `to be agreed`, `to be agreed until 2025-01-01,
    then 6 from 2025-01-01, then 5 from 2025-07-01`, or per key for a keyed parameter."""
    decl, value = policy.params[name], policy.values[name]
    if not decl.keyed_by:
        return _value_words(value, decl)
    given = [(k, _value_words(v, decl)) for k, v in value.items() if v is not None]
    unset = [k for k, v in value.items() if v is None]
    parts = [f"{k} {words}" for k, words in given]
    if unset and not given:
        parts.append(f"to be agreed for every {decl.keyed_by}")
    elif unset:
        parts.append(f"to be agreed for {', '.join(unset)}")
    return "; ".join(parts)


def describe_effective(cr: CompiledRule, policy: Policy) -> str:
    """When the rule is in force: `always`, `from 2024-06-01`, `from 2024-06-03
    (upw_ratio_from)`, or `from a date to be agreed (NAME)`."""
    eff = cr.rule.effective
    if eff is None:
        return "always"
    if isinstance(eff, dt.date):
        return f"from {eff.isoformat()}"
    if eff not in policy.params:
        return f"from {eff}"
    value = policy.values[eff]
    if value is None:
        return f"from a date to be agreed ({eff})"
    return f"from {_value_words(value, policy.params[eff])} ({eff})"


def _value_words(value: Any, decl: n.Param) -> str:
    from .lang.ir import param_type
    from .policy import value_words

    return value_words(value, param_type(decl), until=True)


# ---------------------------------------------------------------------------------------------
# Words for the data model. Anything not listed reads as its name with spaces for underscores.

_NOUNS = {"upw_session": "Unpaid Work session"}

_SINGULAR = {
    "group members": "group member",
    "required sign-offs": "required sign-off",
    "sign-offs given": "sign-off given",
    "TOIL hours": "TOIL hours",
    "contact hours": "contact hours",
}

_OPS = {"+": "plus", "-": "minus", "*": "times", "/": "divided by"}
_COMPARE = {"=": "", "!=": "", "<": "below ", "<=": "at most ", ">": "above ", ">=": "at least "}
# ... and two dates, as a reader says them ("the start date is before the manager's leaving
# date", not "below": negotiator round 35)
_COMPARE_DATES = {"<": "before ", "<=": "on or before ", ">": "after ", ">=": "on or after "}

# A verb in four forms: it holds, it does not, it must, it must not.
_VERBS = {
    "is": ("is", "is not", "must be", "must not be"),
    "are": ("are", "are not", "must be", "must not be"),
    "include": ("include", "do not include", "must include", "must not include"),
    "mentions": ("mentions", "does not mention", "must mention", "must not mention"),
    "matches": ("matches", "does not match", "must match", "must not match"),
    "gives": ("gives", "does not give", "must give", "must not give"),
}


def _words(name: str) -> str:
    return name.replace("_", " ")


def _noun(kind: m.Kind) -> str:
    return _NOUNS.get(kind.name) or kind.noun or _words(kind.name)


def _plural(noun: str) -> str:
    """`plural_of`, of the head of a noun with "of" in it: "counts of unallocated cases"."""
    from .render import plural_of

    head, of, rest = noun.partition(" of ")
    return f"{plural_of(head)} of {rest}" if of else plural_of(noun)


def _singular(words: str) -> str:
    if words in _SINGULAR:
        return _SINGULAR[words]
    return words[:-1] if words.endswith("s") and not words.endswith("ss") else words


_field_word, _value_word = field_word, value_word


def _alternatives(items: Sequence[str], word: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _series(items: Sequence[str], word: str) -> str:
    """Conditions joined: `A and B`, `A, and B, and C` (commas keep nested `or`s apart)."""
    return f" {word} ".join(items) if len(items) <= 2 else f", {word} ".join(items)


def _many(count: float, one: str, several: str) -> str:
    return f"{render(count)} {one if count == 1 else several}"


def _bare(phrase: str) -> str:
    return phrase.removeprefix("the ")


# ---------------------------------------------------------------------------------------------


class _Phraser:
    """Walks one rule's AST and says it in words."""

    def __init__(self, cr: CompiledRule, policy: Policy) -> None:
        self.rule = cr.rule
        self.kind = cr.kind
        self.policy = policy
        self.keys = {k.alias: k for k in cr.keys or ()}
        self.lets = {let.name for let in self.rule.lets}
        self.grouped = False  # names resolve to group keys (True) or record fields (False)
        self.selection = ""  # which records count, said once by the first count or aggregate

    # the sentence ------------------------------------------------------------------------------
    def sentence(self) -> str:
        check = self.rule.check
        noun = _noun(self.kind)
        select = self._from() + self._where()
        if isinstance(check, n.Spell):
            intro = f"For each {self._key_list()}"
            taking = self._lets()
            cond = self.cond(check.cond)
            self.grouped = True
            limit = self.expr(check.bound.limit)
            verb = "may last at most" if check.bound.op == "most" else "must last at least"
            hold = ""
            limit_e = check.holding.limit if check.holding is not None else None
            name = limit_e.parts[0] if isinstance(limit_e, n.Path) else ""
            if name and self.policy is not None and self.policy.values.get(name, 0) is None:
                hold = (f" A {noun} holds until the next one ({name} is unset, so with no "
                        f"limit).")  # fmt: skip
            elif limit_e is not None:
                hold = f" A {noun} holds until the next one, for at most {self.expr(limit_e)}."
            return (f"{intro}{taking}, a spell of {_plural(noun)}{select} in which {cond} "
                    f"{verb} {limit}.{hold}")  # fmt: skip
        if isinstance(check, n.Absent):
            other = m.KINDS.get(check.kind)
            word = _noun(other) if other is not None else check.kind
            cal = self.rule.per[0].path.parts[0] if self.rule.per else "period"
            by = f" naming them as {_words(check.by)}" if check.by else ""
            return (f"For each {noun}{select}{self._lets()} and each {cal} they are in post "
                    f"for the whole of, at least one {word}{by} must name them in that {cal} "
                    f"(the {cal}s judged run from the first to the last in which the data has "
                    f"any {_plural(word)}; one in which it has none is reported as not "
                    f"applied).")  # fmt: skip
        if self.keys:
            intro = f"For each {self._key_list()}"
            self.selection = f"{_plural(noun)}{select}"
            self.grouped = True
            taking = self._lets()
            body = self.check(check)
            if self.selection and select:  # no count or aggregate said which records count
                intro += f" (counting only {self.selection})"
            return f"{intro}{taking}, {body}."
        taking = self._lets()
        return f"For each {noun}{select}{taking}, {self.check(check)}."

    def _lets(self) -> str:
        counted = self._counted()  # said with the ratio it counts for
        lets = [f'"{let.name}" as {self.expr(let.value)}' for let in self.rule.lets
                if let is not counted]  # fmt: skip
        return f", taking {_series(lets, 'and')}" if lets else ""

    def _from(self) -> str:
        eff = self.rule.effective
        if eff is None:
            return ""
        if isinstance(eff, dt.date):
            return f" from {eff.isoformat()}"
        if eff not in self.policy.params:
            return f" from {eff}"
        value = self.policy.values[eff]
        if value is None:
            return f" from a date to be agreed ({eff})"
        if isinstance(value, dt.date):
            return f" from {value.isoformat()}"
        return f" from {eff} (as in force at the time)"

    def _where(self) -> str:
        if self.rule.where is None:
            return ""
        saved, self.grouped = self.grouped, False
        try:
            return f" where {self.cond(self.rule.where)}"
        finally:
            self.grouped = saved

    def _key_list(self) -> str:
        return _alternatives([self._key_word(gk) for gk in self.rule.per], "and")

    def _key_word(self, gk: n.GroupKey) -> str:
        parts = gk.path.parts
        if gk.alias != parts[-1]:
            return _words(gk.alias)
        if len(parts) == 1 and parts[0] in self.kind.fields:
            word = _field_word(self.kind.name, parts[0])
            info = self.keys.get(gk.alias)
            return _singular(word) if info is not None and info.explode else word
        if len(parts) == 1:
            return _words(parts[0])
        saved, self.grouped = self.grouped, False
        try:
            return _bare(self.expr(gk.path))
        finally:
            self.grouped = saved

    # checks --------------------------------------------------------------------------------
    def check(self, check: n.Check) -> str:
        if isinstance(check, n.Measure):
            value = self.expr(check.value)
            limit = self.expr(check.bound.limit, role=check.bound.op)
            if check.repaid is not None:
                when = "in the same record" if check.late is None else (
                    f"in the same record or one up to {self.expr(check.late)} later "
                    f"(oldest first)")
                value += f", less {self.expr(check.repaid)} recorded {when},"
            return f"{value} must be at {check.bound.op} {limit}"
        if isinstance(check, n.Require):
            return self.demand(check.cond, True)
        if isinstance(check, n.Forbid):
            return self.demand(check.cond, False)
        if isinstance(check, n.RatioCheck):
            return self.ratio(check)
        if isinstance(check, n.Absent):  # said by `sentence`
            return f"require some {check.kind}"
        return n.unparse(check.cond)  # a spell is said by `sentence`

    def demand(self, cond: n.Expr, required: bool) -> str:
        """`require` (required=True) or `forbid` a condition, as an obligation."""
        while isinstance(cond, n.Not):
            cond, required = cond.arg, not required
        if isinstance(cond, n.BoolOp):
            parts = "; ".join(self.cond(a) for a in cond.args)
            if cond.op == "or":
                lead = "at least one of these must hold" if required else "none of these may hold"
            else:
                lead = "all of these must hold" if required else "these may not all hold"
            return f"{lead}: {parts}"
        if isinstance(cond, n.Otherwise):
            lead = "this must hold" if required else "this must not hold"
            return f"{lead}: {self.cond(cond)}"
        return self.atom(cond, positive=required, must=True)

    def ratio(self, check: n.RatioCheck) -> str:
        left = self._list_word(check.left)
        right = self._list_word(check.right)
        left_one, left_many = _singular(left), left
        right_one, right_many = _singular(right), right
        alternatives = []
        for lim in check.limits:
            if isinstance(lim, n.RatioLit):
                a, b, label = lim.left, lim.right, f"{lim.left}:{lim.right}"
            else:
                name = lim.parts[0]
                value = self.policy.values.get(name) if name in self.policy.params else None
                if value is None or not isinstance(value, tuple):
                    status = "to be agreed" if value is None else "as in force at the time"
                    alternatives.append(f"no more {right_many} for each {left_one} than "
                                        f"{name} allows ({status})")  # fmt: skip
                    continue
                a, b = value
                label = f"{name} {a}:{b}"
            if a <= 1:
                text = f"at most {_many(b, right_one, right_many)} for each {left_one}"
            elif b % a == 0:
                text = (f"at least {_many(a, left_one, left_many)} and at most "
                        f"{_many(b // a, right_one, right_many)} for each {left_one}")  # fmt: skip
            else:
                text = (f"at least {_many(a, left_one, left_many)} and at most "
                        f"{_many(b, right_one, right_many)} for every {a} {left_many}")  # fmt: skip
            alternatives.append(f"{text} ({label})")
        counted = self._counted()
        only = f", counting {self.expr(counted.value)}" if counted is not None else ""
        return "there must be " + ", or ".join(alternatives) + only

    def _counted(self) -> n.Let | None:
        """The let a ratio counts on its left when it keeps some of a list: `let supervising
        = (supervisors where ...)`, `ratio supervising to members`."""
        check = self.rule.check
        if not isinstance(check, n.RatioCheck) or len(check.left.parts) != 1:
            return None
        return next((x for x in self.rule.lets if x.name == check.left.parts[0]
                     and isinstance(x.value, n.Those)), None)  # fmt: skip

    def _list_word(self, path: n.Path) -> str:
        let = next((x for x in self.rule.lets if (x.name,) == path.parts), None)
        if let is not None and isinstance(let.value, n.Those):  # they count as the list's
            return self._list_word(let.value.arg)
        if len(path.parts) == 1 and path.parts[0] in self.kind.fields:
            return _field_word(self.kind.name, path.parts[0])
        return _bare(self.expr(path))

    # conditions ------------------------------------------------------------------------------
    def cond(self, e: n.Expr) -> str:
        """A condition as a statement: `the author's grade is PSO or PQiP`."""
        if isinstance(e, n.Not):
            return self.negated(e.arg)
        if isinstance(e, n.BoolOp):
            return _series([self._nested(a) for a in e.args], e.op)
        if isinstance(e, n.Otherwise):
            return f"{self._nested(e.first)} (or, where that is not given, " \
                   f"{self._nested(e.second)})"  # fmt: skip
        return self.atom(e, positive=True, must=False)

    def negated(self, e: n.Expr) -> str:
        if isinstance(e, n.Not):
            return self.cond(e.arg)
        if isinstance(e, (n.BoolOp, n.Otherwise)):
            return f"it is not the case that {self.cond(e)}"
        return self.atom(e, positive=False, must=False)

    def _nested(self, e: n.Expr) -> str:
        text = self.cond(e)
        return f"({text})" if isinstance(e, (n.BoolOp, n.Otherwise)) else text

    def atom(self, e: n.Expr, *, positive: bool, must: bool) -> str:
        """A single test, in one of four moods: it is / is not / must be / must not be."""
        subject, verb, rest = self._parts(e)
        if isinstance(e, n.Compare) and e.op in ("!=", "not-in"):
            positive = not positive
        if isinstance(e, n.IsSet) and e.negated:
            positive = not positive
        forms = _VERBS[verb]
        word = forms[(2 if must else 0) + (0 if positive else 1)]
        return f"{subject} {word} {rest}".rstrip()

    def _dated(self, e: n.Expr) -> bool:
        """Whether `e` is a date: a date written out, a date field of the record or of the
        staff member one of its fields names, its day, or a parameter of dates."""
        if isinstance(e, n.DateLit):
            return True
        if not isinstance(e, n.Path):
            return False
        first, rest = e.parts[0], e.parts[1:]
        field = self.kind.fields.get(first)
        if field is None:
            param = self.policy.params.get(first) if self.policy is not None else None
            return (param is not None and param.type == "date") or (
                not rest and first in ("date", "day") and bool(self.kind.date_fields))
        if not rest:
            return field.name == "date"
        if field.name == "staff" and len(rest) == 1:
            theirs = m.KINDS["staff"].fields.get(rest[0])
            return theirs is not None and theirs.name == "date"
        return False

    def _parts(self, e: n.Expr) -> tuple[str, str, str]:
        """(subject, verb, the rest) of a test, stated positively."""
        if isinstance(e, n.Compare):
            left, right = e.left, e.right
            if e.op in _COMPARE_DATES and (self._dated(left) or self._dated(right)):
                return self.expr(left), "is", _COMPARE_DATES[e.op] + self.expr(right)
            if e.op in _COMPARE:
                return self.expr(left), "is", _COMPARE[e.op] + self.expr(right)
            if e.op in ("in", "not-in"):
                if isinstance(right, n.SetLit):
                    return self.expr(left), "is", self._set(right, "or")
                return self.expr(right), "include", self.expr(left)
            if e.op == "within":
                return self.expr(left), "are", f"all among {self._set_or_expr(right, 'and')}"
            if e.op == "overlaps":
                return self.expr(left), "include", f"any of {self._set_or_expr(right, 'or')}"
            return self.expr(left), "is", f"{e.op} {self.expr(right)}"
        if isinstance(e, n.IsSet):
            return self.expr(e.arg), "is", "given"
        if isinstance(e, n.TextMatch):
            if e.how == "mentions":
                return self.expr(e.arg), "mentions", f'"{e.pattern}"'
            flags = "i" if e.pattern.startswith("(?i)") else ""
            return self.expr(e.arg), "matches", \
                f"the pattern /{e.pattern.removeprefix('(?i)')}/{flags}"  # fmt: skip
        if isinstance(e, n.Gives):  # the pattern's name is the policy's; its phrases are there
            return self.expr(e.arg), "gives", f"{_words(e.pattern)} (text pattern {e.pattern})"
        if isinstance(e, n.BoolLit):
            return "this", "is", "always true" if e.value else "never true"
        if isinstance(e, (n.Not, n.BoolOp, n.Otherwise)):
            return f"({self.cond(e)})", "is", "true"
        return self.expr(e), "is", "yes"  # a yes/no field or a name for one

    def _set(self, e: n.SetLit, word: str) -> str:
        return _alternatives([self.expr(i) for i in e.items], word)

    def _set_or_expr(self, e: n.Expr, word: str) -> str:
        return self._set(e, word) if isinstance(e, n.SetLit) else self.expr(e)

    # values ----------------------------------------------------------------------------------
    def expr(self, e: n.Expr, role: str = "") -> str:
        """A value in words. `role` is `most` or `least` when `e` is a check's limit."""
        if isinstance(e, n.Num):
            return render(e.value, m.number(e.dim))
        if isinstance(e, n.DateLit):
            return e.value.isoformat()
        if isinstance(e, n.RatioLit):
            return f"{e.left}:{e.right}"
        if isinstance(e, n.Str):
            return f'"{e.value}"'
        if isinstance(e, n.Symbol):
            return _value_word(e.value)
        if isinstance(e, n.BoolLit):
            return "yes" if e.value else "no"
        if isinstance(e, n.Path):
            return self.path(e)
        if isinstance(e, n.Lookup):
            return self.lookup(e, role)
        if isinstance(e, n.SetLit):
            return self._set(e, "or")
        if isinstance(e, n.Count):
            return f"the number of {self._take_selection()}"
        if isinstance(e, n.Aggregate):
            return self.aggregate(e)
        if isinstance(e, n.MostAtOnce):
            what, verb = self._take_selection(), self.kind.span_verb
            ends = [  # `until line_manager.left_on`: a staff member's date; else its own
                f"the {_field_word('staff', u.parts[1])} of their "
                f"{_field_word(self.kind.name, u.parts[0])}" if len(u.parts) > 1
                else f"their {_field_word(self.kind.name, u.parts[0])}" for u in e.until]
            if ends:
                verb += " and before " + (ends[0] if len(ends) == 1 else
                                          f"{', '.join(ends[:-1])} or {ends[-1]}")
            if " where " in what:  # the selection's clause ends first
                return f"the most {what}, {verb} on any one day,"
            return f"the most {what} {verb} on any one day"
        if isinstance(e, n.Tally):
            return self.tally(e)
        if isinstance(e, n.NumberOf):
            return f"the number of {_bare(self.expr(e.arg))}"
        if isinstance(e, n.Those):  # its condition reads each person's staff record
            kind, self.kind = self.kind, m.KINDS["staff"]
            try:
                cond = self.cond(e.cond)
            finally:
                self.kind = kind
            return f"only those of the {self._list_word(e.arg)} for whom {cond}"
        if isinstance(e, n.NumberIn):  # (the pattern's name is the policy's, as for `gives`)
            return (f"the largest number {self.expr(e.arg)} states where it gives "
                    f"{_words(e.pattern)} (text pattern {e.pattern})")
        if isinstance(e, n.Arith):
            return f"{self._operand(e.left)} {_OPS.get(e.op, e.op)} {self._operand(e.right)}"
        if isinstance(e, n.Otherwise):
            return f"{self.expr(e.first)} (or, where that is not given, {self.expr(e.second)})"
        if isinstance(e, (n.Compare, n.IsSet, n.TextMatch, n.Gives, n.Not, n.BoolOp)):
            return self.cond(e)
        return n.unparse(e)

    def _operand(self, e: n.Expr) -> str:
        text = self.expr(e)
        return f"({text})" if isinstance(e, (n.Arith, n.Otherwise)) else text

    def _take_selection(self) -> str:
        if self.selection:
            text, self.selection = self.selection, ""
            return f"{text}"
        return _plural(_noun(self.kind))

    def _what(self, arg: n.Expr) -> str:
        """What an aggregate is taken of: a field's own words, else the expression's."""
        if isinstance(arg, n.Path) and len(arg.parts) == 1 and arg.parts[0] in self.kind.fields:
            return _field_word(self.kind.name, arg.parts[0])
        return f"value of {self.expr(arg)}"

    def aggregate(self, e: n.Aggregate) -> str:
        saved, self.grouped = self.grouped, False
        try:
            what = self._what(e.arg)
        finally:
            self.grouped = saved
        records = self._take_selection()
        if e.fn == "sum":
            return f"the total {what} of the {records}"
        if e.fn == "latest":
            return f"the {what} of the latest of the {records}"
        word = {"max": "highest", "min": "lowest"}.get(e.fn, e.fn)
        return f"the {word} {what} among the {records}"

    def tally(self, e: n.Tally) -> str:
        """`mean of`, `count of`, `share of`, `how many of`, `sum of ... among` in words."""
        kind, saved = self.kind, (self.grouped, self.selection)
        if e.among is not None:
            other = m.KINDS.get(e.among.kind)
            if other is not None:
                self.kind = other
        self.grouped = False
        try:
            what = self._what(e.arg)
            cond = self.cond(e.cond) if e.cond is not None else ""
            where = ""
            if e.among is not None and e.among.where is not None:
                where = f" where {self.cond(e.among.where)}"
        finally:
            self.kind = kind
            self.grouped, self.selection = saved
        if e.among is not None:
            keys = _alternatives([self._key_word(gk) for gk in self.rule.per], "and")
            records = f"{_plural(_noun(m.KINDS[e.among.kind]))}{where} of the same {keys}"
            if e.among.same is not None:
                field = e.among.same.replace("_", " ")
                records += (f" and of a {field} one of its {_plural(_noun(self.kind))} gives (any "
                            f"{field}, where one of them gives none)")
        else:
            records = self._take_selection()
        if e.fn == "mean" and e.by is not None:
            member = self._what(e.by)
            return (f"the mean, over the {_plural(member)} of the {records}, of each one's "
                    f"mean {what}")
        if e.fn == "mean":
            return f"the mean {what} of the {records}"
        if e.fn == "sum":
            return f"the total {what} of the {records}"
        if e.fn == "count":
            return f"the number of different {_plural(what)} of the {records}"
        share = "percentage" if e.fn == "share" else "number"
        return (f"the {share} of the {_plural(what)} of the {records} with at least one for "
                f"which {cond}")

    def path(self, e: n.Path) -> str:
        head, rest = e.parts[0], e.parts[1:]
        if head in self.lets:
            return f'"{head}"' + "".join(f"'s {_words(p)}" for p in rest)
        if self.grouped and head in self.keys:
            key = self.keys[head]
            if key.calendar:
                return f"the {key.calendar}"
            return self._follow(_words(head), key.type, rest) or n.unparse(e)
        if not self.grouped and head in self.kind.fields:
            word = _field_word(self.kind.name, head)
            return self._follow(word, self.kind.fields[head], rest) or n.unparse(e)
        if head in ("day", "week", "month") and not rest and self.kind.date_fields:
            return f"the {head}"
        if head in self.policy.params and not rest:
            return self.param(head)
        if not rest:
            return _value_word(head)  # a bare word standing for a value: `rosh = high`
        return n.unparse(e)

    def _follow(self, word: str, t: m.FieldType, rest: Iterable[str]) -> str | None:
        """`the line manager's grade`: a staff or nested record followed field by field."""
        words = [word]
        for part in rest:
            if t.name == "staff":
                fields: Any = m.STAFF_FIELDS
            elif t.name == "record":
                fields = m.NESTED.get(t.record)
            else:
                return None
            if not fields or part not in fields:
                return None
            words.append(_field_word("staff" if t.name == "staff" else t.record, part))
            t = fields[part]
        return "the " + "'s ".join(words)

    def _type_of(self, e: n.Expr) -> m.FieldType | None:
        if not isinstance(e, n.Path):
            return None
        head, rest = e.parts[0], e.parts[1:]
        if self.grouped and head in self.keys:
            t: m.FieldType | None = self.keys[head].type
        elif not self.grouped and head in self.kind.fields:
            t = self.kind.fields[head]
        else:
            return None
        for part in rest:
            if t is None:
                return None
            fields: Any = m.STAFF_FIELDS if t.name == "staff" else (
                m.NESTED.get(t.record) if t.name == "record" else None)
            t = fields.get(part) if fields else None
        return t

    # parameters ------------------------------------------------------------------------------
    def param(self, name: str) -> str:
        from .policy import ValueHistory

        decl, value = self.policy.params[name], self.policy.values[name]
        if decl.keyed_by:
            return f"{name} (one value per {decl.keyed_by})"
        if value is None:
            return f"{name} (to be agreed)"
        if isinstance(value, ValueHistory):
            return f"{name} (as in force at the time)"
        return f"{_value_words(value, decl)} ({name})"

    def lookup(self, e: n.Lookup, role: str = "") -> str:
        from .policy import ValueHistory

        decl = self.policy.params.get(e.name)
        if decl is None or not decl.keyed_by:
            return n.unparse(e)
        word = {"most": "cap", "least": "minimum"}.get(role, "value")
        key = self.expr(e.key)
        if isinstance(e.key, n.Path) and len(e.key.parts) == 1 and key.startswith("the "):
            key = "its " + key.removeprefix("the ")
        ktype = self._type_of(e.key)
        if ktype is not None and ktype.name == "list":
            head = f"the lowest {word} among {key}"
        else:
            head = f"the {word} for {key}"
        values = list(self.policy.values[e.name].values())
        if all(v is None for v in values):
            status = ", to be agreed"
        elif any(v is None for v in values):
            status = f", to be agreed for some {_plural(decl.keyed_by)}"
        elif any(isinstance(v, ValueHistory) for v in values):
            status = ", as in force at the time"
        else:
            status = ""
        return f"{head} ({e.name}{status})"
