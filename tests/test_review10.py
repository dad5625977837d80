"""Adversarial review of session 8's rewrites (fixtures/review10): a record given twice found
whatever the order of its lists, a JSON export read alike by the fast and the exact path in
the layouts tools write, and the language's quotations and counted nouns."""

from __future__ import annotations

import datetime as dt
import json
import operator
from pathlib import Path
from typing import Any

import pytest
from conftest import check_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workrules import dataset
from workrules.dataset import load_data
from workrules.errors import InputError
from workrules.render import counted, number
from workrules.textpattern import sentences

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review10"
STAFF = str(ROOT / "fixtures" / "example" / "staff.yaml")


def _check(*args: str, engine: str = "python") -> tuple[int, str, str]:
    return check_text(*args, cwd=HERE, engine=engine)


# ------------------------------------------------------------------ quotations in a JD
@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_year_cut_short_opens_no_quotation(engine: str) -> None:
    """"the '90s" once opened a quotation that the possessive "each one's 'supervision'"
    closed: the post's own line management was read as someone else's words, and the
    missing span of control went unreported."""
    code, out, err = _check("jd/spo-since-the-90s.md", engine=engine)
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        "jd/spo-since-the-90s.md:8: jd-span-stated [9] jd/spo-since-the-90s.md (Senior "
        "Probation Officer (Unpaid Work)) gives the post line management but states no span "
        "of control (9).")  # fmt: skip


@pytest.mark.parametrize(("text", "quoted"), [
    ("Since '24 the SPO manages the officers' team.", []),
    ("Staff in the \u201890s were managed by SPOs' leads.", []),
    # a quotation after the year is still one
    ("In '24 it said 'the SPO manages' them.", [False, False, False, False, True, True, True,
                                                False]),
    ("It offers '24/7' cover.", []),  # a quoted number is not told from a year: not quoted
])  # fmt: skip
def test_which_words_are_quoted_near_a_year_cut_short(text: str, quoted: list[bool]) -> None:
    (sentence,) = sentences(text)
    assert list(sentence.quoted) == quoted


# ------------------------------------------------------------------ counted nouns
@given(st.one_of(st.integers(-3, 3), st.floats(-3, 3, allow_nan=False)))
@example(1.001)
@example(0.999)
def test_a_count_takes_the_singular_exactly_when_it_reads_one(value: float) -> None:
    """1.001 reads "1": "1 case", never "1 cases"."""
    written = number(value)
    assert counted(value, "case", "cases") == (
        f"{written} case" if written == "1" else f"{written} cases")


# ------------------------------------------------------------------ a record given twice
def _reference_unique(seen: Any, earlier: list[Any], built: list[Any], fields: tuple[str, ...],
                      refuse: Any) -> None:  # fmt: skip
    """The plain check `_add_unique` stands for: every key so far in a dict, record by record."""
    key = operator.attrgetter(*fields)
    firsts: dict[Any, Any] = {}
    for record in earlier:
        firsts.setdefault(key(record), record)
    for record in built:
        first = firsts.setdefault(key(record), record)
        if first is not record:
            raise refuse(record, first)


_MONDAYS = [dt.date(2024, 6, 3) + dt.timedelta(weeks=i) for i in range(3)]
_READING = st.tuples(st.sampled_from(["S001", "S002", "S003"]), st.sampled_from(_MONDAYS),
                     st.booleans(), st.sampled_from(["week", "date", "both"]))  # fmt: skip


def _week(day: dt.date, iso: bool) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}" if iso else day.isoformat()


@st.composite
def _wmt_files(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Lists of WMT readings (a key of three fields, some of them not given), in order or not,
    weeks as dates or as ISO weeks, over one to four files."""
    files = []
    for index in range(draw(st.integers(1, 4))):
        readings = draw(st.lists(_READING, min_size=1, max_size=5))
        if draw(st.booleans()):
            readings.sort(key=lambda r: (r[0], r[1]))
        lines = ["kind: allocation", "unit: Fixture PDU", "wmt:"]
        for staff, day, iso, how in readings:
            parts = [f"staff: {staff}", "percent: 90"]
            if how != "date":
                parts.append(f"week: '{_week(day, iso)}'")
            if how != "week":
                parts.append(f"date: {(day + dt.timedelta(days=1)).isoformat()}")
            lines.append("  - {" + ", ".join(parts) + "}")
        files.append((f"f{index}.yaml", "\n".join(lines) + "\n"))
    return files


def _wmt(sources: list[Any]) -> Any:
    try:
        data = load_data([STAFF, *sources])
    except InputError as err:
        return str(err)
    return [(r.staff, r.week, r.date, r.file, r.line) for r in data.records["wmt"]]


@pytest.mark.parametrize("spans", [dataset._MAX_SPANS, 1])
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(files=_wmt_files())
def test_a_reading_given_twice_is_found_as_a_plain_check_finds_it(
    files: list[tuple[str, str]], spans: int,
) -> None:
    """Whatever the lists' order and overlap, and however few spans are kept: the records
    loaded, or the refusal (its words and lines), are those of a check of every key."""
    real = dataset._add_unique
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dataset, "_MAX_SPANS", spans)
        got = _wmt(files)
        patch.setattr(dataset, "_add_unique", _reference_unique)
        assert dataset._add_unique is not real
        assert got == _wmt(files)


# ------------------------------------------------------------------ a JSON export's layouts
_ROTA = {"kind": "rota", "unit": "Fixture PDU", "timesheets": [
    {"staff": "S001", "week": "2024-06-03", "hours_worked": 37},
    {"staff": "S001", "week": "2024-06-10", "hours_worked": 40, "toil_hours": 3},
    {"staff": "S002", "week": "2024-W23", "hours_worked": 37},
]}  # fmt: skip


def _one_a_line(data: dict[str, Any], newline: str) -> str:
    head = json.dumps({k: v for k, v in data.items() if k != "timesheets"})[:-1]
    rows = f",{newline}".join(json.dumps(r, separators=(",", ":")) for r in data["timesheets"])
    return f'{head}, "timesheets":[{newline}{rows}{newline}]}}{newline}'


_LAYOUTS = {
    "indent2": lambda d: json.dumps(d, indent=2) + "\n",
    "indent4": lambda d: json.dumps(d, indent=4),
    "tabs": lambda d: json.dumps(d, indent="\t"),
    "minified": lambda d: json.dumps(d, separators=(",", ":")),
    "one-a-line": lambda d: _one_a_line(d, "\n"),
    "one-a-line-crlf": lambda d: _one_a_line(d, "\r\n"),
    "bom": lambda d: "\ufeff" + _one_a_line(d, "\n"),
}


def _loaded(path: Path, fast: bool, patch: pytest.MonkeyPatch) -> Any:
    patch.setattr(dataset, "_FAST_MIN", 0)
    if fast:
        patch.delenv("WORKRULES_NO_FAST_LOAD", raising=False)
    else:
        patch.setenv("WORKRULES_NO_FAST_LOAD", "1")
    try:
        data = load_data([STAFF, str(path)])
    except InputError as err:
        return str(err)
    return [(r.staff, r.week, r.hours_worked, r.line) for r in data.records["timesheet"]]


@pytest.mark.parametrize("layout", sorted(_LAYOUTS))
@pytest.mark.parametrize("change", [
    "none", "record given twice", "a key given twice", "a Tuesday for a week",
    "a note holding an opener and an escaped newline",
])  # fmt: skip
def test_a_json_export_reads_alike_on_both_paths(layout: str, change: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """As Python, jq or JavaScript write it (indented, tabs, one line, CRLF, a BOM), with a
    record given twice, a key given twice, a bad value or an awkward text: the fast path
    loads what the exact path loads, at the same lines, or refuses it in the same words."""
    data = json.loads(json.dumps(_ROTA))
    rows = data["timesheets"]
    if change == "record given twice":
        rows.append(dict(rows[0]))
    elif change == "a Tuesday for a week":
        rows[1]["week"] = "2024-06-11"
    elif change == "a note holding an opener and an escaped newline":
        data["unit"] = 'Fixture PDU "timesheets":[\n{'
    text = _LAYOUTS[layout](data)
    if change == "a key given twice":
        text = text.replace('"hours_worked":40', '"hours_worked":40,"hours_worked":41')
        text = text.replace('"hours_worked": 40', '"hours_worked": 40, "hours_worked": 41')
    path = tmp_path / "rota.json"
    path.write_bytes(text.encode())
    exact = _loaded(path, False, monkeypatch)
    assert _loaded(path, True, monkeypatch) == exact
    if change == "none" and layout.startswith(("one-a-line", "bom")):
        assert [line for *_, line in exact] == [2, 3, 4]  # a record a line, after the opener
