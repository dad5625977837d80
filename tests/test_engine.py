"""The Python engine: the code it generates, and what that code computes.

The engine generates one module per rule from the typed IR (`workrules.lang.ir`). Here a
plain tree-walking reader of the same IR, written in this file, is the reference: on
generated data sets, every `where`, every group and every measure or require check must give
the same records, groups, values and limits, and leave the same keyed caps unset.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import (
    LOCAL_LINES,
    SLOW,
    _every_cap_set,
    data_set,
    mutated_claim,
    styles,
    write,
)

import workrules
from workrules import WorkrulesError, model
from workrules.engine.common import (
    EPSILON,
    Env,
    Group,
    JudgedApart,
    NoEntry,
    UnsetParam,
    held_at_peak,
    lookup,
    missing,
)
from workrules.engine.python import program, run_rule, source_of, text_regex
from workrules.lang import ir
from workrules.policy import Policy, _at

TODAY = dt.date(2024, 6, 1)


# ---------------------------------------------------------------------------------------------
# A reference reading of the IR: one node at a time, nothing generated


def ev(e: Any, x: Any, env: Env) -> Any:  # one branch per node, on purpose
    """The value of the IR expression `e` over the record or group `x`."""
    if isinstance(e, ir.Const):
        return e.value
    if isinstance(e, ir.Param):
        return env.params.get(e.name)
    if isinstance(e, ir.Field):
        return getattr(x, e.name)
    if isinstance(e, ir.Key):
        return x.keys[e.position]
    if isinstance(e, ir.Calendar):
        if not e.fields:  # a kind with no date: every week the data's dated records cover
            return _weeks_of(DATA[-1], env)
        d = next((v for f in e.fields if (v := getattr(x, f)) is not None), None)
        if d is None or e.unit == "day":
            return d
        return d - dt.timedelta(days=d.weekday()) if e.unit == "week" else d.replace(day=1)
    if isinstance(e, ir.Attr):
        base = ev(e.base, x, env)
        if base is None:
            return None
        if not e.staff:
            return getattr(base, e.name)
        if isinstance(base, tuple):
            return tuple(getattr(env.staff[b], e.name) for b in base)
        return getattr(env.staff[base], e.name)
    if isinstance(e, ir.Lookup):
        return lookup(env.params.get(e.name), e.name, ev(e.key, x, env), env.grades)
    if isinstance(e, ir.Count):
        return len(x.records)
    if isinstance(e, ir.MostAtOnce):
        return len(held_at_peak(x.records, e.spans)[1])
    if isinstance(e, ir.Aggregate):
        return aggregate(e, x, env)
    if isinstance(e, ir.NumberOf):
        v = ev(e.arg, x, env)
        return None if v is None else len(v)
    if isinstance(e, ir.Arith):
        a, b = ev(e.left, x, env), ev(e.right, x, env)
        if a is None or b is None or (e.op == "/" and b == 0):
            return None
        return {"+": a + b, "-": a - b, "*": a * b}[e.op] if e.op != "/" else a / b
    if isinstance(e, ir.Shift):
        d = ev(e.arg, x, env)
        return None if d is None else d + dt.timedelta(days=e.days)
    if isinstance(e, ir.Compare):
        return compare(e, x, env)
    if isinstance(e, ir.IsSet):
        if isinstance(e.arg, ir.Lookup) and e.arg.key.type.name != "list":
            try:  # a keyed cap with no entry for the key, nor its family, is not set
                value = ev(e.arg, x, env)
            except NoEntry:
                value = None
            return (value is None) == e.negated
        return (ev(e.arg, x, env) is None) == e.negated
    if isinstance(e, ir.TextMatch):
        t = ev(e.arg, x, env)
        return t is not None and text_regex(e).search(t) is not None
    if isinstance(e, ir.Gives):
        return e.matcher.gives(ev(e.arg, x, env))
    if isinstance(e, ir.NumberIn):
        found = e.matcher.stating(ev(e.arg, x, env))
        return None if found is None else found[0]
    if isinstance(e, ir.Not):
        return not ev(e.arg, x, env)
    if isinstance(e, ir.BoolOp):
        parts = (bool(ev(a, x, env)) for a in e.args)
        return all(parts) if e.op == "and" else any(parts)
    if isinstance(e, ir.Otherwise):
        v = ev(e.first, x, env)
        return v if v is not None else ev(e.second, x, env)
    if isinstance(e, ir.Today):  # the run's day
        return env.today
    if isinstance(e, ir.KnownGrade):  # a grade the run found unknown is not judged
        return ev(e.arg, x, env) not in env.unknown_grades
    if isinstance(e, (ir.Place, ir.Mean, ir.Distinct, ir.Share, ir.Among)):
        return units(e, x, env)
    raise AssertionError(f"no reading of {type(e).__name__}")


DATA: list[Any] = []  # the data set `reference` reads: `unit`, `region` and `among` need it


def units(e: Any, x: Any, env: Env) -> Any:
    """The unit-level nodes (issue 12), read plainly."""
    if isinstance(e, ir.Place):
        table = getattr(DATA[-1], e.what + "s")
        if e.own and getattr(x, e.what) is not None:
            return getattr(x, e.what)
        person = x if e.person == "self" else (
            env.staff.get(getattr(x, e.person)) if e.person else None)
        if person is not None:
            if getattr(person, e.what) is not None:
                return getattr(person, e.what)
            if person.file in table:
                return table[person.file]
        return table.get(x.file)
    if isinstance(e, ir.Mean) and e.member is not None:  # each member's mean, then theirs
        by: dict[Any, list[Any]] = {}
        for r in x.records:
            who, v = ev(e.member, r, env), ev(e.arg, r, env)
            if who is not None and v is not None:
                by.setdefault(who, []).append(v)
        means = [sum(vs) / len(vs) for vs in by.values()]
        return sum(means) / len(means) if means else None
    if isinstance(e, ir.Mean):
        values = [v for r in x.records if (v := ev(e.arg, r, env)) is not None]
        return sum(values) / len(values) if values else None
    if isinstance(e, ir.Distinct):
        return len({v for r in x.records if (v := ev(e.arg, r, env)) is not None})
    if isinstance(e, ir.Share):
        members, meeting = set(), set()
        for r in x.records:
            who = ev(e.member, r, env)
            if who is not None:
                members.add(who)
                if ev(e.cond, r, env):
                    meeting.add(who)
        if not e.percent:
            return len(meeting)
        return 100 * len(meeting) / len(members) if members else None
    found = []
    for r in DATA[-1].of(e.kind):
        if e.where is not None and not ev(e.where, r, env):
            continue
        ok = True
        for i, match in enumerate(e.matches):
            if match.how == "eq":
                ok = ok and ev(match.get, r, env) == x.keys[i] is not None
            elif match.how == "in_post":
                start = x.keys[i]
                end = {"day": start, "week": start + dt.timedelta(days=6)}.get(match.calendar)
                if end is None:
                    end = (start + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
                ok = ok and (r.started_on is None or r.started_on <= end) and (
                    r.left_on is None or r.left_on > start)
        if ok:
            found.append(r)
    return ev(e.agg, Group(x.keys, found), env) if found else None


def aggregate(e: ir.Aggregate, g: Group, env: Env) -> Any:
    if e.fn != "latest":
        values = [v for r in g.records if (v := ev(e.arg, r, env)) is not None]
        if not values:
            return 0 if e.fn == "sum" else None
        fold: Any = {"sum": sum, "max": max, "min": min}[e.fn]
        return fold(values)
    dated = []
    for i, r in enumerate(g.records):
        day = next((getattr(r, f) for f in e.fields if getattr(r, f) is not None), None)
        v = ev(e.arg, r, env)
        if day is not None and v is not None:
            which = next(j for j, f in enumerate(e.fields) if getattr(r, f) is not None)
            dated.append(((day, which, i), v))
    return max(dated, key=lambda t: t[0])[1] if dated else None


def compare(e: ir.Compare, x: Any, env: Env) -> bool:
    if isinstance(e.right, ir.Param) and env.params.get(e.right.name) is None:
        return False  # a comparison with an unset cap holds for no record
    a, b = ev(e.left, x, env), ev(e.right, x, env)
    if a is None or b is None:
        return False
    if e.op == "in":
        return a in b
    if e.op == "not-in":
        return a not in b
    if e.op == "within":
        return set(a) <= set(b)
    if e.op == "overlaps":
        return not set(a).isdisjoint(b)
    if _number(a) and _number(b):  # a difference within EPSILON is none
        return bool({"=": not _apart(a, b) and not _apart(b, a),
                     "!=": _apart(a, b) or _apart(b, a), "<": _apart(b, a),
                     "<=": not _apart(a, b), ">": _apart(a, b),
                     ">=": not _apart(b, a)}[e.op])  # fmt: skip
    return bool({"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b,
                 ">=": a >= b}[e.op])  # fmt: skip


def _weeks_of(data: Any, env: Env) -> tuple[dt.date, ...]:
    """Each Monday of a week in which a dated record of the run's work falls (not an absence
    or an incident), up to the day judged's; with none, the week of the day judged (none
    without one)."""
    mondays = {d - dt.timedelta(days=d.weekday()) for kind in model.KINDS.values()
               if kind.name not in ("staff", "absence", "incident")
               for r in data.of(kind.name) for f in kind.date_fields
               if (d := getattr(r, f)) is not None}  # fmt: skip
    weeks = tuple(sorted(w for w in mondays if env.today is None or w <= env.today))
    if not weeks:
        return () if env.today is None else (env.today - dt.timedelta(env.today.weekday()),)
    return weeks


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _apart(a: Any, b: Any) -> bool:
    """`a` is more than `b` by more than EPSILON: how the engines compare numbers."""
    return bool(a - b > EPSILON)


def reference(rule: ir.Rule, data: Any, env: Env) -> tuple[list[Any], set[Any]]:
    """What a measure, require or forbid check finds, read node by node."""
    unset: set[Any] = set()
    DATA.append(data)

    def judged(x: Any, test: Any) -> Any:
        try:
            return test(x)
        except JudgedApart:  # its key is judged in another run: neither judged nor unset here
            return None
        except UnsetParam as u:
            unset.add(missing(u, x))
            return None

    records = list(data.of(rule.kind.name))
    if rule.effective is not None:
        since = env.params[rule.effective] if isinstance(rule.effective, str) else rule.effective
        records = [r for r in records if (d := first_day(rule, r)) is not None and d >= since]
    if rule.where is not None:
        records = [r for r in records if judged(r, lambda r: bool(ev(rule.where, r, env)))]
    items: list[Any] = records
    if rule.keys is not None:
        groups: dict[tuple[Any, ...], list[Any]] = {}
        for r in records:
            combos: list[tuple[Any, ...]] = [()]
            for k in rule.keys:
                v = ev(k.get, r, env)
                if v is None:
                    combos = []
                    break
                combos = [(*c, i) for c in combos for i in (v if k.explode else (v,))]
            for c in combos:
                groups.setdefault(c, []).append(r)
        items = [Group(k, v) for k, v in groups.items()]
    found = []
    check = rule.check
    for x in items:
        who = x.keys if isinstance(x, Group) else id(x)
        if isinstance(check, ir.Measure):
            got = judged(x, lambda x: (ev(check.value, x, env), ev(check.limit, x, env)))
            if got is None or None in got:
                continue
            v, lim = got
            over = _apart(v, lim) if _number(v) else v > lim
            under = _apart(lim, v) if _number(v) else v < lim
            if over if check.op == "most" else under:
                found.append((who, v, lim))
        elif isinstance(check, ir.Require):
            held = judged(x, lambda x: bool(ev(check.cond, x, env)))
            if held is not None and held == check.forbid:
                found.append((who, None, None))
    return found, unset


def first_day(rule: ir.Rule, r: Any) -> Any:
    return next((v for f in rule.kind.date_fields if (v := getattr(r, f)) is not None), None)


def engine(rule: ir.Rule, data: Any, env: Env) -> tuple[list[Any], set[Any]]:
    measured, unset = run_rule(rule, data, env)
    out = []
    for m in measured:
        who = m.x.keys if isinstance(m.x, Group) else id(m.x)
        out.append((who, m.value, m.limit) if isinstance(rule.check, ir.Measure)
                   else (who, None, None))  # fmt: skip
    return out, unset


def env_of(policy: Policy, data: Any) -> Env:
    # (the run's day too: a rule's `today`, `ir.Today`, reads it)
    return Env(data.staff, {k: _at(v, TODAY) for k, v in policy.values.items()}, policy.grades,
               TODAY)


POLICIES = [workrules.load_policy(), workrules.load_policy(None, _every_cap_set())]


@SLOW
@given(data=data_set(), style=styles)
def test_generated_code_agrees_with_a_plain_reading_of_the_ir(
    data: dict[str, Any], style: tuple[str, bool | None], tmp_path: Path
) -> None:
    for old in tmp_path.iterdir():
        old.unlink()
    dataset = workrules.load_data(write(tmp_path, data, *style))
    compared = 0
    for policy in POLICIES:
        env = env_of(policy, dataset)
        for rule in policy.rules:
            if isinstance(rule.check, (ir.Measure, ir.Require)):
                assert engine(rule, dataset, env) == reference(rule, dataset, env), rule.id
                compared += 1
    assert compared >= 20


def test_the_reference_reading_finds_what_the_shipped_examples_breach() -> None:
    """The reference is not vacuous: on the shipped fixtures it finds breaches, and the same
    ones as the engine."""
    folder = Path(__file__).parent.parent / "fixtures" / "example"
    files = sorted(str(p) for p in folder.rglob("*") if p.is_file())
    dataset = workrules.load_data(files)
    found = 0
    for policy in POLICIES:
        env = env_of(policy, dataset)
        for rule in policy.rules:
            if isinstance(rule.check, (ir.Measure, ir.Require)):
                expected = reference(rule, dataset, env)
                assert engine(rule, dataset, env) == expected, rule.id
                found += len(expected[0])
    assert found > 0


# ---------------------------------------------------------------------------------------------
# The generated code, as a reader sees it


def test_each_rule_is_one_module_under_its_own_name_and_a_traceback_shows_its_line() -> None:
    rule = POLICIES[0].rule("mappa-chairing-per-day")
    prog = program(rule)
    assert prog.filename == "<workrules rule mappa-chairing-per-day>"
    ns = prog.bind(rule, Env({}, {}))
    with pytest.raises(AttributeError) as err:
        ns["where"]([object()])  # not a record: the generated line fails
    text = "".join(traceback.format_exception(err.value))
    assert 'File "<workrules rule mappa-chairing-per-day>", line' in text
    where_line = next(line for line in prog.source.splitlines() if "for x in records if" in line)
    assert where_line.strip() in text


def test_a_spell_flags_readings_alike_whether_its_parameters_are_set_or_not() -> None:
    """A spell's test of each reading is written twice: with each parameter tested for None,
    and, for a run whose every parameter has a value, without (`flags_set`). Both flag the
    same readings; with the ceiling unset, the general one runs and flags none."""
    rule = POLICIES[0].rule("wmt-over-ceiling")
    prog = program(rule)
    bare = prog.source.split("def flags_set(rs):", 1)[1].split("\n\n", 1)[0]
    assert "is not None" in prog.source.split("def flags(rs):", 1)[1].split("\n\n", 1)[0]
    assert "is not None" not in bare
    folder = Path(__file__).parent.parent / "fixtures" / "example"
    dataset = workrules.load_data(sorted(str(p) for p in folder.rglob("*") if p.is_file()))
    env = env_of(POLICIES[0], dataset)
    ns = prog.bind(rule, env, data=dataset)
    readings = list(dataset.of("wmt"))
    flagged = ns["flags"](readings)
    assert ns["flags_set"](readings) == flagged and True in flagged and False in flagged
    measured, _ = run_rule(rule, dataset, env)
    assert [(g.x.keys, g.value, g.measured) for g in measured] == [(("S001",), 14, "14 days")]
    unset = Env(env.staff, {**env.params, "wmt_ceiling": None}, env.grades)
    assert run_rule(rule, dataset, unset) == ([], set())


def test_one_rule_id_with_two_sources_gets_two_names(tmp_path: Path) -> None:
    written: list[Any] = []
    for limit in ("3", "4 h"):
        path = tmp_path / f"p{len(written)}.wr"
        path.write_text(f"rule contact\n    for each upw_session\n    per supervisors, per day\n"
                        f"    measure sum of contact_hours at most {limit}\n", encoding="utf-8")
        written.append(program(workrules.load_policy(str(path)).rule("contact")))
    assert written[0].source != written[1].source
    assert written[0].filename.startswith("<workrules rule contact")
    assert written[0].filename != written[1].filename
    same = program(workrules.load_policy(str(tmp_path / "p0.wr")).rule("contact"))
    assert same.filename == written[0].filename  # the same source keeps its name
    assert source_of(workrules.load_policy(str(tmp_path / "p0.wr")).rule("contact")).startswith(
        same.source)


def test_compile_prints_the_generated_code_of_a_rule() -> None:
    run = subprocess.run([sys.executable, "-m", "workrules", "compile", "upw-group-ratio"],
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    # the values its parameters have in the policy, then the code that names them
    assert run.stdout.startswith("# the values of its parameters in this policy, bound at each "
                                 "run:\n#   upw_ratio = 1:6\n# rule upw-group-ratio "
                                 "(upw_session): generated by workrules")  # fmt: skip
    assert "def left(x):\n    return x.supervisors\n" in run.stdout
    assert "def limits(x):\n    return [_p0]\n" in run.stdout


def test_compile_refuses_an_unknown_rule_and_suggests_one() -> None:
    run = subprocess.run([sys.executable, "-m", "workrules", "compile", "upw-group-rati"],
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 2
    assert run.stderr == ("workrules: policy claim-2024 has no rule 'upw-group-rati' (did you "
                          "mean 'upw-group-ratio'?)\n")
    assert run.stdout == ""


# ---------------------------------------------------------------------------------------------
# The typed IR


def test_each_check_kind_is_its_own_ir_class() -> None:
    policy = POLICIES[0]
    kinds = {rule_id: type(policy.rule(rule_id).check) for rule_id in (
        "wmt-over-ceiling", "unrecompensed-hours", "upw-group-ratio", "upw-contact-hours",
        "psr-role-boundary", "caseload-by-role", "jd-span-stated")}  # fmt: skip
    assert kinds == {
        "wmt-over-ceiling": ir.Spell, "unrecompensed-hours": ir.Repaid,
        "upw-group-ratio": ir.Ratio, "upw-contact-hours": ir.Measure,
        "psr-role-boundary": ir.Require, "caseload-by-role": ir.AtOnce,
        "jd-span-stated": ir.Require,
    }  # fmt: skip
    forbid = policy.rule("psr-role-boundary").check
    require = policy.rule("jd-span-stated").check
    assert isinstance(forbid, ir.Require) and forbid.forbid
    assert isinstance(require, ir.Require) and not require.forbid


def test_every_ir_expression_carries_its_type() -> None:
    contact = POLICIES[0].rule("upw-contact-hours")
    check = contact.check
    assert isinstance(check, ir.Measure)
    assert check.value.type.describe() == "hours"
    assert isinstance(check.value, ir.Aggregate) and check.value.fn == "sum"
    assert check.value.arg == ir.Field(check.value.arg.type, "contact_hours")
    assert isinstance(check.limit, ir.Param) and check.limit.name == "upw_contact_hours_max"
    assert [(k.alias, k.calendar, k.explode) for k in contact.keys or ()] == [
        ("supervisor", "", True), ("day", "day", False)]


def test_every_shipped_rule_writes_a_module_that_compiles() -> None:
    from workrules.resources import shipped_policies

    for name in shipped_policies():
        for rule in workrules.load_policy(name).rules:
            source = source_of(rule)
            compile(source, f"<{rule.id}>", "exec")
            assert source.startswith(f"# rule {rule.id} ({rule.kind.name})")


def test_compile_prints_the_same_code_whatever_the_hash_seed() -> None:
    outputs = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run([sys.executable, "-m", "workrules", "compile", "psr-role-boundary"],
                             capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})  # fmt: skip
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1
    assert "# _c2: {'high', 'very_high'}\n" in outputs.pop()


@SLOW
@given(text=st.one_of(mutated_claim(), mutated_claim(LOCAL_LINES)))
def test_whatever_type_checks_writes_python_that_compiles(text: str, tmp_path: Path) -> None:
    path = tmp_path / "p.wr"
    path.write_text(text, encoding="utf-8")
    try:
        policy = workrules.load_policy(str(path))
    except WorkrulesError:
        return  # refused in words: test_properties says how
    for rule in policy.rules:
        compile(source_of(rule), f"<{rule.id}>", "exec")


# ---------------------------------------------------------------------------------------------
# Rendering once per value, and the peak by bisection: the same as the plain forms


_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32), st.dates(), st.text(max_size=5),
    st.tuples(st.integers(0, 9), st.integers(0, 9)), st.lists(st.text(max_size=3), max_size=3),
    st.frozensets(st.text(max_size=3), max_size=3),
)  # fmt: skip
_TYPES = [None, *(model.FieldType("number", dim) for dim in ("", "percent", "hours", "days")),
          model.FieldType("ratio"), model.FieldType("string")]  # fmt: skip


@given(values=st.lists(_VALUES, max_size=12), which=st.sampled_from(range(len(_TYPES))))
def test_a_renderer_says_each_value_as_render_does_however_often_it_is_asked(
        values: list[Any], which: int) -> None:  # fmt: skip
    from workrules.render import render, renderer

    type_ = _TYPES[which]
    say = renderer(type_)
    for value in values + values + [True, 1, 1.0, False, 0, 0.0]:  # 1 and True read apart
        assert say(value) == render(value, type_)


def _peak_by_every_day(records: list[Any], spans: tuple[str, str]) -> tuple[Any, list[Any]]:
    first, last = spans
    days = sorted({d for r in records if (d := getattr(r, first)) is not None})
    best: tuple[Any, list[Any]] = (None, [r for r in records if getattr(r, first) is None])
    for day in days:
        held = [r for r in records if ((o := getattr(r, first)) is None or o <= day)
                and ((c := getattr(r, last)) is None or day < c)]  # fmt: skip
        if len(held) > len(best[1]):
            best = (day, held)
    return best


_DAY = st.one_of(st.none(), st.integers(0, 12).map(lambda n: dt.date(2024, 1, 1)
                                                   + dt.timedelta(days=n)))  # fmt: skip


@given(spans=st.lists(st.tuples(_DAY, _DAY), max_size=10))
def test_the_peak_is_the_first_day_most_are_held_and_those_records(
        spans: list[tuple[Any, Any]]) -> None:  # fmt: skip
    from types import SimpleNamespace

    records = [SimpleNamespace(opened=o, closed=c) for o, c in spans]
    day, held = held_at_peak(records, ("opened", "closed"))
    want_day, want_held = _peak_by_every_day(records, ("opened", "closed"))
    assert day == want_day
    assert [id(r) for r in held] == [id(r) for r in want_held]


@given(spans=st.lists(st.tuples(_DAY, _DAY, _DAY), max_size=10))
def test_a_record_held_until_a_date_of_its_own_is_not_held_from_that_day(
        spans: list[tuple[Any, Any, Any]]) -> None:  # fmt: skip
    """`most at once until FIELD`: as if each record closed on the earlier of its closing
    date and FIELD, counted day by day."""
    from types import SimpleNamespace

    records = [SimpleNamespace(opened=o, closed=c, until=u) for o, c, u in spans]
    day, held = held_at_peak(records, ("opened", "closed", "until"))
    closed_early = [SimpleNamespace(opened=o, closed=min(c, u) if c and u else c or u, i=i)
                    for i, (o, c, u) in enumerate(spans)]  # fmt: skip
    want_day, want_held = _peak_by_every_day(closed_early, ("opened", "closed"))
    assert day == want_day
    place = {id(r): i for i, r in enumerate(records)}
    assert [place[id(r)] for r in held] == [r.i for r in want_held]
