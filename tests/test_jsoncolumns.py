"""A JSON document written one record a line (as large exports are) has its lists read into
Arrow columns (`arrowload.read_json_columns`), and is the document the exact path reads: the
same records at the same lines, the same findings under either engine, and every refusal
word for word the exact path's, because whatever the columns cannot vouch for (a layout they
do not know, a key given twice, a missing comma) is declined and read as before."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_arrowload import _either_way, _timesheets, _upw, _wmt

from workrules.dataset import load_kept
from workrules.errors import InputError

pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "jsoncols"
ROTA = "region-01-rota.json"
ALLOCATION = "region-01-allocation.json"
STAFF = "region-01-staff.json"


@pytest.fixture
def columns_at_any_size(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)  # the fixtures are small
    monkeypatch.setattr("workrules.dataset._COLUMNS_MIN", 0)
    yield


def _files(folder: Path = FIXTURES) -> list[str]:
    return sorted(str(p) for p in folder.iterdir())


def _tabular(files: list[str], keep: str = "tables") -> set[str]:
    """The kinds whose records a load keeps as Arrow columns."""
    data = load_kept(files, keep)
    return {k for k in data.records if getattr(data.of(k), "tabular", 0)}


@pytest.mark.parametrize("keep", ["tables", "all"])
def test_a_document_is_kept_as_columns_with_the_exact_paths_records(
        keep: str, columns_at_any_size: None, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assert _tabular(_files(), keep) == {"timesheet", "wmt", "case", "report", "upw_session",
                                        "programme_session"}  # fmt: skip
    fast, exact = _either_way(_files(), monkeypatch, keep)
    assert isinstance(fast, dict) and fast == exact
    data = load_kept(_files(), keep)
    sheets = [(r.hours_worked, r.line) for r in data.of("timesheet")]  # type: ignore[attr-defined]
    # each number as written (37 an int, 33.5 a float), each record at its line: the first
    # list's records from line 3, the second list's after the first's `],` and its opener
    assert [(type(h), h, line) for h, line in sheets] == [
        (int, 37, 3), (int, 37, 4), (int, 41, 5), (int, 37, 6), (int, 41, 7), (int, 61, 8),
        (int, 37, 9), (float, 33.5, 10)]
    assert [r.line for r in data.of("upw_session")] == list(range(13, 21))


def _edited(tmp_path: Path, name: str, line: int, old: str, new: str) -> Path:
    """A copy of the fixtures with `old` replaced by `new` on line `line` of file `name`."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES, folder)
    path = folder / name
    lines = path.read_text().split("\n")
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines))
    return path


# (what, file, line, old, new, the refusal's words, whether one file alone shows it)
REFUSALS = [
    ("a key given twice in a record", ROTA, 4, '"hours_worked":37',
     '"hours_worked":37,"hours_worked":38', "duplicate key 'hours_worked'", True),
    ("a key given twice at the top", ROTA, 1, '"unit":"North East"',
     '"unit":"North East","unit":"North West"', "duplicate key 'unit'", True),
    ("a list given twice", ROTA, 12, '"upw_sessions":[', '"timesheets":[',
     "duplicate key 'timesheets'", True),
    ("an unknown top-level name", ROTA, 1, '"unit"', '"unti"', "did you mean 'unit'?", True),
    ("a misspelt field", ROTA, 4, '"hours_worked"', '"hours_workd"',
     "did you mean 'hours_worked'?", True),
    ("a missing comma between records", ROTA, 4, "},", "}", "", True),
    ("a comma after the last record", ROTA, 10, "}", "},", "", True),
    ("a text for a number", ROTA, 4, '"hours_worked":37', '"hours_worked":"37"',
     "hours_worked", True),
    ("a null", ROTA, 5, '"toil_hours":4', '"toil_hours":null', "toil_hours", True),
    ("a required field missing", ROTA, 6, '"staff":"R01-U001-S0001",', "", "staff", True),
    ("an impossible date", ALLOCATION, 24, '"date":"2024-04-09"', '"date":"2024-04-31"',
     "not a real date", True),
    ("a week not a Monday", ROTA, 4, '"week":"2024-04-08"', '"week":"2024-04-09"',
     "is a Tuesday", True),
    ("an unknown field of a nested record", ALLOCATION, 23, '"reoffending"', '"reofending"',
     "reofending", True),
    ("an id given twice", ALLOCATION, 14, '"id":"R01-U001-C0002"', '"id":"R01-U001-C0001"',
     "R01-U001-C0001", False),
    ("a staff id no one has", ROTA, 4, '"staff":"R01-U001-S0001"', '"staff":"R01-U001-S0099"',
     "R01-U001-S0099", False),
    # a record's line ending with a list's `[`, its item a record on the next line: the
    # newline between is no comma's (perf53: no longer counted, found by the `[`)
    ("a list of records over two lines", ROTA, 13, '"supervisors":["R01-U001-S0017"]',
     '"supervisors":[\n{"staff":"R01-U001-S0017"}]', "supervisors", True),
]


@pytest.mark.parametrize("what,name,line,old,new,words,alone", REFUSALS,
                         ids=[r[0] for r in REFUSALS])  # fmt: skip
def test_a_bad_document_is_refused_with_the_exact_paths_message(
    what: str, name: str, line: int, old: str, new: str, words: str, alone: bool,
    tmp_path: Path, columns_at_any_size: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workrules.arrowload import read_json_columns
    from workrules.fastload import Declined

    path = _edited(tmp_path, name, line, old, new)
    if alone:  # the columns decline it: the exact path reads it, and refuses it
        with pytest.raises(Declined):
            read_json_columns(path.read_bytes(), str(path))
    else:  # a file that is fine alone: the load, checking keys across files, declines it
        read_json_columns(path.read_bytes(), str(path))
    for keep in ("tables", "all"):
        fast, exact = _either_way(_files(path.parent), monkeypatch, keep)
        assert isinstance(fast, str) and fast == exact, what
        assert fast.startswith(f"{path}:") and words in fast, (what, fast)


@pytest.mark.parametrize("engine", ["auto", "columnar"])
def test_the_fixtures_findings_are_the_exact_paths_under_either_engine(
        engine: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """`auto` runs the Python engine on a few records read through the columns."""
    from workrules.api import check
    from workrules.report import as_json

    monkeypatch.delenv("WORKRULES_ENGINE", raising=False)
    with monkeypatch.context() as patch:
        patch.setattr("workrules.dataset._FAST_MIN", 0)
        patch.setattr("workrules.dataset._COLUMNS_MIN", 0)
        result = check(_files(), engine=engine, today=dt.date(2024, 12, 1))
        assert "timesheet" in _tabular(_files())
        patch.setenv("WORKRULES_NO_FAST_LOAD", "1")
        exact = as_json(check(_files(), engine=engine, today=dt.date(2024, 12, 1)))
    assert as_json(result) == exact
    # each finding at the line of its record: a WMT reading's, a report's (its author started
    # after it: clause 3), a timesheet's
    assert [(Path(f.file).name, f.line, f.rule) for f in result.findings] == [
        (ALLOCATION, 8, "wmt-over-ceiling"), (ALLOCATION, 23, "psr-outside-post"),
        (ROTA, 8, "unrecompensed-hours")]  # fmt: skip


def _relaid(tmp_path: Path, name: str, relay: object) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES, folder)
    path = folder / name
    path.write_text(relay(path.read_text()))  # type: ignore[operator]
    return path


# (what, how the rota is rewritten, whether its lists are still read as columns)
LAYOUTS = [
    ("the next list opened on the closing line", lambda t: t.replace("],\n", "],"), True),
    ("the top-level keys on lines of their own",
     lambda t: t.replace('"kind":"rota",', '\n"kind":"rota",\n'), True),
    ("an empty list between two", lambda t: t.replace('"upw_sessions"', '"mappa_meetings":[\n],\n"upw_sessions"'), True),
    ("a space before the comma", lambda t: t.replace("},\n", "} ,\n"), True),
    ("indented", lambda t: json.dumps(json.loads(t), indent=2), False),
    ("all on one line", lambda t: json.dumps(json.loads(t), separators=(",", ":")), False),
    ("windows line ends", lambda t: t.replace("\n", "\r\n"), False),
    ("windows line ends between records", lambda t: t.replace("},\n{", "},\r\n{"), False),
    ("windows line ends after one record", lambda t: t.replace("},\n{", "},\r\n{", 1), False),
    ("a record over two lines", lambda t: t.replace(',"hours_worked":41', ',\n"hours_worked":41', 1),
     False),
    ("two records on one line", lambda t: t.replace("},\n", "},", 1), False),
    ("the first record on the opener's line", lambda t: t.replace('"timesheets":[\n', '"timesheets":['),
     False),
    ("a blank line between records", lambda t: t.replace("},\n", "},\n\n", 1), False),
    ("a line of spaces after the last record", lambda t: t.replace("}\n]", "}\n  \n]", 1), False),
    ("the closing bracket after the last record", lambda t: t.replace("}\n]", "}]", 1), False),
]


@pytest.mark.parametrize("what,relay,as_columns", LAYOUTS, ids=[r[0] for r in LAYOUTS])
def test_a_layout_it_does_not_know_is_read_on_the_exact_path(
    what: str, relay: object, as_columns: bool, tmp_path: Path, columns_at_any_size: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workrules.arrowload import read_json_columns
    from workrules.fastload import Declined

    path = _relaid(tmp_path, ROTA, relay)
    if as_columns:
        read_json_columns(path.read_bytes(), str(path))
    else:
        with pytest.raises(Declined):
            read_json_columns(path.read_bytes(), str(path))
    assert ("timesheet" in _tabular(_files(path.parent))) == as_columns
    fast, exact = _either_way(_files(path.parent), monkeypatch)
    assert isinstance(fast, dict) and fast == exact, what


@pytest.mark.parametrize("written,as_read", [
    ("37.0", (float, 37.0)), ("3.7e1", (float, 37.0)), ("-0", None), ("37", (int, 37)),
])  # fmt: skip
def test_a_number_is_read_as_written_however_it_is_written(
    written: str, as_read: tuple[type, float] | None, tmp_path: Path, columns_at_any_size: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _edited(tmp_path, ROTA, 4, '"hours_worked":37', f'"hours_worked":{written}')
    fast, exact = _either_way(_files(path.parent), monkeypatch)
    assert fast == exact
    if as_read is not None:
        assert isinstance(fast, dict) and fast["timesheet"][1][2] == as_read


def test_a_small_load_builds_its_records_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """Below `_COLUMNS_MIN` bytes of JSON and NDJSON, decoding and building every record costs
    less than reading columns: the records are decoded as before (none kept as columns)."""
    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)
    assert not _tabular(_files())
    monkeypatch.setattr("workrules.dataset._COLUMNS_MIN", 10_000)  # the fixtures are 10 kB
    assert "timesheet" in _tabular(_files())
    # when the Python engine is sure to run, it builds every record: decoded as before
    assert not any(getattr(records, "tabular", 0) for records in
                   load_kept(_files(), "tables", columns=False).records.values())  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Generated documents, in the export's layout and others: the same findings (or the same
# refusal) through the columns as through the exact path, under either engine

def _line(record: dict[str, object]) -> str:
    return json.dumps(record, separators=(",", ":"))


def _export(kind: str, lists: dict[str, list[dict[str, object]]]) -> str:
    """A document in the export's layout: the top-level keys on the first line, each list's
    opener on a line of its own, one record a line."""
    parts = [f'"{name}":[\n' + ",\n".join(map(_line, records)) + ("\n]" if records else "]")
             for name, records in lists.items()]  # fmt: skip
    return f'{{"kind":"{kind}","unit":"North East",\n' + ",\n".join(parts) + "\n}\n"


# Edits a generated document may get: each keeps the layout (most are read as columns, or
# declined by them) or breaks the JSON, which both paths must refuse alike
_EDITS: list[tuple[str, str, int]] = [
    ('"hours_worked":', '"hours_worked":37,"hours_worked":', 1),  # a key twice in a record
    ('"unit":"North East"', '"unit":"North East","unit":"X"', 1),  # a key twice at the top
    ('"unit"', '"units"', 1),  # an unknown top-level name
    ("},\n", "}\n", 1),  # a missing comma
    ("}\n]", "},\n]", 1),  # a comma after the last record
    ("},\n", "},\n\n", 1),  # a blank line
    ("},\n", "},", 1),  # two records on a line
    ("},\n", "},\r\n", -1),  # windows line ends, between records
    ('"percent":', '"percent":null,"x":', 1),
    ('"hours_worked":37', '"hours_worked":37.0', 1),
    ('"hours_worked":37', '"hours_worked":""', 1),
    ('"toil_hours":', '"toil_hour":', 1),
    ("[\n{", "[{", 1),  # the first record on the opener's line
    ('"hours_worked":', '"notes":[\n{"a":1}],"hours_worked":', 1),  # a `[` ends a record's line
    ('"supervisors":[', '"supervisors":[\n', 1),  # a list of ids over two lines
]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(sheets=_timesheets(), upw=_upw(), wmt=_wmt(),
       edits=st.lists(st.sampled_from(range(len(_EDITS))), max_size=2),
       edit_allocation=st.booleans(), indent=st.booleans(),
       engine=st.sampled_from(["auto", "columnar"]))  # fmt: skip
def test_a_generated_document_gives_the_findings_of_the_exact_path(
    sheets: list[dict[str, object]], upw: list[dict[str, object]],
    wmt: list[dict[str, object]], edits: list[int], edit_allocation: bool, indent: bool,
    engine: str, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workrules.api import check
    from workrules.report import as_json

    folder = tmp_path_factory.mktemp("generated")
    shutil.copy(FIXTURES / STAFF, folder / STAFF)
    rota = _export("rota", {"timesheets": sheets, "upw_sessions": upw})
    allocation = _export("allocation", {"wmt": wmt})
    for index in edits:
        old, new, count = _EDITS[index]
        if edit_allocation:
            allocation = allocation.replace(old, new, count)
        else:
            rota = rota.replace(old, new, count)
    if indent:  # a layout the columns do not read
        rota = json.dumps(json.loads(rota), indent=2) if not edits else rota
    (folder / ROTA).write_text(rota)
    (folder / ALLOCATION).write_text(allocation)
    files = _files(folder)

    def outcome() -> object:
        try:
            return as_json(check(files, engine=engine))
        except InputError as err:
            return str(err)

    with monkeypatch.context() as patch:
        # `auto` runs the Python engine on these few records (`--engine python` would have
        # them decoded as records, not read through the columns)
        patch.delenv("WORKRULES_ENGINE", raising=False)
        patch.setattr("workrules.dataset._FAST_MIN", 0)
        patch.setattr("workrules.dataset._COLUMNS_MIN", 0)
        fast = outcome()
        if not edits and not indent:  # the export's layout: read through the columns
            assert {"timesheet", "wmt"} <= _tabular(files)
        patch.setenv("WORKRULES_NO_FAST_LOAD", "1")
        exact = outcome()
    assert fast == exact


def test_files_read_at_once_are_taken_in_order_and_refused_in_order(
        tmp_path: Path, columns_at_any_size: None, monkeypatch: pytest.MonkeyPatch,
        read_ahead: list[int]) -> None:  # fmt: skip
    """Large exports are read on several threads at once (`dataset._read_ahead`), and the
    load is the one read a file at a time: the same records, and with two files broken, the
    same refusal, of the first of them as given; the progress counts up."""
    from workrules import dataset

    ahead = read_ahead
    counted: list[int] = []
    data = dataset.load_kept(_files(), "tables", counted.append)
    assert ahead == [3] and counted == [1, 2, 3]
    fast, exact = _either_way(_files(), monkeypatch)
    assert isinstance(fast, dict) and fast == exact
    rota = _edited(tmp_path, ROTA, 4, '"hours_worked"', '"hours_workd"')
    allocation = rota.parent / ALLOCATION
    allocation.write_text(allocation.read_text().replace('"date":"2024-04-09"',
                                                         '"date":"2024-04-31"', 1))
    # whichever is given first is the one refused, as when read one at a time
    for files, named, words in (
            ([str(allocation), str(rota), str(rota.parent / STAFF)], allocation,
             "not a real date"),
            ([str(rota), str(allocation), str(rota.parent / STAFF)], rota,
             "did you mean 'hours_worked'?")):  # fmt: skip
        fast, exact = _either_way(files, monkeypatch)
        assert isinstance(fast, str) and fast == exact
        assert fast.startswith(f"{named}:") and words in fast, fast
    assert len(data.of("timesheet")) == 8 and set(ahead) == {3}
