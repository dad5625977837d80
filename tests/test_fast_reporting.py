"""The fast reporters write exactly what the plain ones wrote.

A national check reports 100k findings, so the reporters take short cuts: `report.neutralised`
looks at a block of findings at a time and walks only the blocks that hold something to make
inert, `Result.to_json` lets orjson write the findings itself, the JSON report is not
neutralised when its text shows nothing to make inert, and SARIF is written by
orjson rather than the standard library. The reference forms below
are the code as it was before those short cuts (a walk of every value; `to_dict`, then
orjson); generated results, hostile strings included (controls, bidi controls, ANSI escapes,
workflow commands, NUL, lone surrogates, file names that start with `:`), must come out of
every format byte for byte as they did.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import operator
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules import ci_formats, report
from workrules.errors import printable
from workrules.findings import (
    Evidence,
    Finding,
    NotApplied,
    Period,
    Result,
    RuleInfo,
    WaiverInfo,
)
from workrules.frozen import field_names, replace

# ------------------------------------------------------------------- the reference forms


def reference_neutralised(result: Result) -> Result:
    """Every string of `result` made inert, one value at a time (report.py before 0.4)."""
    return _ref_inert(result, {}, "")  # type: ignore[no-any-return]


_REF_PLAIN = frozenset((int, float, bool, type(None), dt.date))


def _ref_text(value: str, memo: dict[str, str], name: str) -> str:
    out = memo.get(value)
    if out is None:
        out = printable(value)
        if "##[" in out:
            out = out.replace("##[", "##\\[")
        memo[value] = out = value if out == value else out
    if out[:1] == ":" and name in ("file", "files"):
        out = "./" + out
    return value if out == value else out


def _ref_inert(value: Any, memo: dict[str, str], name: str) -> Any:
    cls = value.__class__
    if cls is str:
        return _ref_text(value, memo, name)
    if cls in _REF_PLAIN:
        return value
    if cls is tuple:
        items = [_ref_inert(v, memo, name) for v in value]
        return value if all(map(operator.is_, items, value)) else tuple(items)
    names = field_names(cls) or ()
    changes = {}
    for field in names:
        old = getattr(value, field)
        if old.__class__ in _REF_PLAIN:
            continue
        new = _ref_inert(old, memo, field)
        if new is not old:
            changes[field] = new
    return replace(value, **changes) if changes else value


def reference_json_text(data: Any) -> str:
    """How `ci_formats` wrote its JSON (SARIF) before: the standard library, indented."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def reference_json(result: Result) -> str:
    """`Result.to_json` as it was: `to_dict()` (a walk of every value), then orjson."""
    return orjson.dumps(result.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n"


# ------------------------------------------------------------------------ generated results

HOSTILE = ("\n", "\r\n", "\t", "\x00", "\x1b[31m", "\x1b]8;;http://x\x07", "\u202e", "\u2066",
           "\u061c", "\u2028", "\x85", "\x7f", "::error::", "::", "##[group]", "##[", "#", "[",
           ":", "./", "\ud800", "\udfff", "é", "\u00a0", "\uffff", "\U0001d518", " ")  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)), max_size=4).map(
    "".join
)
# Mostly ordinary values, so that most blocks are clean and the quick look is what decides.
plain_texts = st.one_of(st.sampled_from(("R01-S0001", "wmt", "/data/rota.json", "14 days")),
                        st.sampled_from(("a ##[b", "::c", ":d")), texts)  # fmt: skip
files = st.one_of(plain_texts, st.just(":a.json"), texts.map(lambda t: ":" + t))
dates = st.dates(min_value=dt.date(1, 1, 1))
datetimes = st.datetimes(timezones=st.one_of(st.none(), st.timezones(), st.just(
    dt.timezone(dt.timedelta(hours=5, seconds=7)))))  # fmt: skip
values = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(),
                   plain_texts, dates, datetimes, st.times(),
                   st.tuples(plain_texts, st.integers()), st.lists(plain_texts, max_size=2),
                   st.dictionaries(plain_texts, st.integers(), max_size=2))  # fmt: skip


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(dates)
    return Period(draw(st.sampled_from(("day", "week", "month", "span"))), start, start)


evidence = st.builds(Evidence, files, st.integers(0, 10**6), plain_texts, plain_texts)
waivers = st.builds(WaiverInfo, plain_texts, plain_texts, texts, texts, dates, files,
                    st.integers(0, 99))  # fmt: skip
findings = st.builds(
    Finding,
    rule=plain_texts, clause=plain_texts,
    severity=st.sampled_from(("advisory", "warning", "error")),
    subject=plain_texts, period=st.one_of(st.none(), periods()), file=files,
    line=st.integers(0, 10**6), measured=plain_texts, limit=plain_texts,
    value=values, limit_value=values,
    evidence=st.lists(evidence, max_size=3).map(tuple),
    facts=st.lists(plain_texts, max_size=2).map(tuple), message=plain_texts, unit=plain_texts,
    waiver=st.one_of(st.none(), st.none(), waivers),
)  # fmt: skip
results = st.builds(
    Result,
    policy=plain_texts, files=st.lists(files, max_size=3).map(tuple),
    findings=st.lists(findings, max_size=12).map(tuple),
    not_applied=st.lists(st.builds(NotApplied, plain_texts, plain_texts, texts,
                                   st.lists(plain_texts, max_size=2).map(tuple)),
                         max_size=2).map(tuple),
    rules_applied=st.integers(0, 20),
    rules=st.lists(st.builds(RuleInfo, plain_texts, plain_texts, texts, texts,
                             st.sampled_from(("advisory", "warning", "error")), plain_texts,
                             files, st.integers(0, 99)), max_size=2).map(tuple),
    fail_on=st.sampled_from(("advisory", "warning", "error", "never")),
)  # fmt: skip


def _outcome(write: Callable[[], str]) -> tuple[str, str]:
    """What writing gives: the text, or the kind of error (a number beyond 64 bits, say)."""
    try:
        return "text", write()
    except TypeError as err:  # orjson.JSONEncodeError is a TypeError
        return "error", type(err).__name__


@contextlib.contextmanager
def _as_before() -> Iterator[None]:
    """The reporters with the reference neutraliser and JSON writers in place (the HTML
    reporter imports `report.neutralised` as it runs, so it is patched with the others)."""
    with mock.patch.object(report, "neutralised", reference_neutralised), \
            mock.patch.object(ci_formats, "neutralised", reference_neutralised), \
            mock.patch.object(ci_formats, "json_text", reference_json_text), \
            mock.patch.object(Result, "to_json", reference_json), \
            mock.patch.dict(report.REPORTER_BY_NAME,  # (its quick look at the text, too)
                            json=lambda r: reference_json(reference_neutralised(r))):  # fmt: skip
        yield


# ---------------------------------------------------------------------------------- tests


@settings(max_examples=300, deadline=None)
@given(result=results, block=st.sampled_from((1, 3, 1024)))
def test_neutralised_findings_are_the_value_by_value_walk(result: Result, block: int) -> None:
    with mock.patch.object(report, "_BLOCK", block):
        fast = report.neutralised(result)
    slow = reference_neutralised(result)
    assert repr(fast) == repr(slow)  # (not ==: a NaN is not equal to itself)
    assert (fast is result) == (slow is result)  # untouched when nothing needed it


@settings(max_examples=300, deadline=None)
@given(result=results)
def test_to_json_is_to_dict_written_by_orjson(result: Result) -> None:
    assert _outcome(result.to_json) == _outcome(lambda: reference_json(result))


@pytest.mark.parametrize("fmt", ["json", "text", "table", "sarif", "junit", "github", "html"])
@settings(max_examples=60, deadline=None)
@given(result=results, block=st.sampled_from((1, 3, 1024)))
def test_every_format_writes_what_it_wrote_before(fmt: str, result: Result, block: int) -> None:
    with _as_before():  # (the reporter looked up here: the JSON one is patched by name)
        before = _outcome(lambda: report.REPORTER_BY_NAME[fmt](result))
    with mock.patch.object(report, "_BLOCK", block):
        after = _outcome(lambda: report.REPORTER_BY_NAME[fmt](result))
    assert after == before


def test_a_hostile_value_in_one_finding_is_made_inert_among_many_clean_ones() -> None:
    clean = Finding("r", "1", "error", "S1", None, "a.json", 1, "1", "0", 1, 0, (), (), "m")
    hostile = replace(clean, evidence=(Evidence(":x.json", 2, "k", "\x1b[2J"),))
    result = Result("p", ("a.json",), (clean,) * 2000 + (hostile,), (), 1)
    out = report.neutralised(result)
    assert out.findings[:2000] == result.findings[:2000]
    assert out.findings[2000].evidence == (Evidence("./:x.json", 2, "k", "\\x1b[2J"),)


def test_the_json_report_of_plain_text_is_written_without_walking_the_findings() -> None:
    clean = Finding("r", "1", "error", "S1", Period("week", dt.date(2024, 6, 3),
                    dt.date(2024, 6, 9)), "a.json", 1, "1", "0", 1, 0,
                    (Evidence("a.json", 1, "wmt", "WMT S1 week 2024-06-03"),), (), "m")  # fmt: skip
    result = Result("p", ("a.json",), (clean,) * 3, (), 1)
    with mock.patch.object(report, "neutralised", side_effect=AssertionError("walked")):
        out = report.as_json(result)
    assert out == reference_json(reference_neutralised(result))
    hostile = replace(clean, evidence=(Evidence(":x.json", 2, "wmt", "S1"),))
    out = report.as_json(replace(result, findings=(clean, hostile)))
    assert '"file": "./:x.json"' in out
    record = replace(clean, value=(1, Evidence(":y.json", 3, "wmt", "S1")))
    out = report.as_json(replace(result, findings=(record,)))
    assert '"file": "./:y.json"' in out  # a path within a value is looked at too


@settings(max_examples=300, deadline=None)
@given(result=results)
def test_summary_line_is_the_summary_of_the_neutralised_result(result: Result) -> None:
    """The line `check -o FILE` writes on stderr, made without walking the findings (session
    52: 0.4 s of a national check), says what the summary of the whole neutralised result
    says: the findings' number, those waived and those failing the run, hostile texts in the
    findings, waivers and severities included."""
    assert report.summary_line(result) == report._summary(reference_neutralised(result))
