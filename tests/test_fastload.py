"""The fast path for large JSON exports is exact: it builds the very records the exact path
builds, or it declines and the exact path reads the file (and refuses it, with the same
message, when it is wrong)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workrules.dataset import load_data, load_kept, sections_of, validate
from workrules.errors import InputError
from workrules.fastload import Declined, read_fast
from workrules.load import read_document

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("national") / "data"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "national",
                    str(out), "--scale", "0.01", "--weeks", "8"], check=True,
                   capture_output=True)  # fmt: skip
    return out


def exact_sections(path: str) -> list[tuple[str, list[object]]]:
    doc = read_document(path)
    return list(sections_of(doc, validate(doc)))


def test_the_fast_path_builds_the_records_the_exact_path_builds(national: Path) -> None:
    files = sorted(national.iterdir())
    assert files
    for path in files:
        built = read_fast(path.read_bytes(), str(path))
        assert built.sections == exact_sections(str(path)), path.name


def test_a_whole_data_set_loads_the_same_either_way(national: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    files = [str(p) for p in sorted(national.iterdir())]
    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)
    fast = load_data(files)
    monkeypatch.setenv("WORKRULES_NO_FAST_LOAD", "1")
    exact = load_data(files)
    assert fast.records == exact.records
    assert fast.staff == exact.staff and fast.units == exact.units


def _refusal(files: list[str]) -> str:
    try:
        load_data(files)
    except InputError as err:
        return str(err)
    return ""


def _mutated(national: Path, tmp: Path, name: str, old: str, new: str) -> str:
    text = (national / name).read_text()
    assert old in text
    path = tmp / name
    path.write_text(text.replace(old, new, 1))
    return str(path)


@pytest.mark.parametrize(("old", "new", "reason"), [
    ('"percent":', '"percent":1,"percent":', "duplicate key 'percent'"),
    ('"percent":', '"percnt":', "unknown field 'percnt'"),
    ('"week":"2024-04-08"', '"week":"2024-04-31"', "is not a real date"),
])  # fmt: skip
def test_a_bad_record_is_refused_with_the_exact_paths_message(
    national: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str,
    reason: str,
) -> None:
    path = _mutated(national, tmp_path, "region-01-allocation.json", old, new)
    with pytest.raises(Declined):
        read_fast(Path(path).read_bytes(), path)
    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)
    fast = _refusal([path])
    monkeypatch.setenv("WORKRULES_NO_FAST_LOAD", "1")
    assert fast == _refusal([path])
    assert reason in fast and fast.startswith(f"{path}:")


def test_a_file_not_written_one_record_per_line_is_read_on_the_exact_path(
    national: Path, tmp_path: Path
) -> None:
    import json

    source = national / "region-01-rota.json"
    path = tmp_path / "rota.json"
    path.write_text(json.dumps(json.loads(source.read_text()), indent=2))
    with pytest.raises(Declined):
        read_fast(path.read_bytes(), str(path))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whatever_the_fast_path_accepts_the_exact_path_accepts_alike(
    national: Path, tmp_path: Path, data: st.DataObject
) -> None:
    """Any one-character edit of a real export: the fast path either declines, or builds
    exactly what the exact path builds."""
    text = (national / "region-01-allocation.json").read_text()
    at = data.draw(st.integers(0, len(text) - 1))
    edit = data.draw(st.sampled_from(["delete", "insert", "replace"]))
    char = data.draw(st.sampled_from(list('{}[]:,"0123456789aW-\n ')))
    if edit == "delete":
        text = text[:at] + text[at + 1:]
    elif edit == "insert":
        text = text[:at] + char + text[at:]
    else:
        text = text[:at] + char + text[at + 1:]
    path = tmp_path / f"edit-{os.getpid()}.json"
    path.write_text(text)
    try:
        built = read_fast(text.encode(), str(path))
    except Declined:
        return
    assert built.sections == exact_sections(str(path))


@pytest.fixture(scope="module")
def national_ndjson(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ndjson") / "data"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "national",
                    str(out), "--scale", "0.01", "--weeks", "8", "--format", "ndjson"],
                   check=True, capture_output=True)  # fmt: skip
    return out


def test_an_ndjson_export_builds_the_records_of_its_json_form(
    national: Path, national_ndjson: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def plain(records: tuple[object, ...]) -> list[tuple[object, ...]]:
        return [tuple(getattr(r, f) for f in r.__struct_fields__ if f not in ("file", "line"))  # type: ignore[attr-defined]
                for r in records]  # fmt: skip

    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)
    from_json = load_data([str(p) for p in sorted(national.iterdir())])
    files = [str(p) for p in sorted(national_ndjson.iterdir())]
    fast = load_data(files)
    monkeypatch.setenv("WORKRULES_NO_FAST_LOAD", "1")
    exact = load_data(files)
    assert fast.records == exact.records
    for kind, records in from_json.records.items():
        assert plain(fast.records[kind]) == plain(records), kind
    wmt = fast.records["wmt"][0]
    assert wmt.file.endswith("region-01-allocation-wmt.ndjson") and wmt.line == 2  # type: ignore[union-attr]


def test_an_ndjson_line_with_a_duplicate_key_is_refused_at_its_line(
    national_ndjson: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = (national_ndjson / "region-01-allocation-wmt.ndjson").read_text().split("\n")
    lines[4] = lines[4].replace('"percent":', '"percent":1,"percent":')
    path = tmp_path / "wmt.ndjson"
    path.write_text("\n".join(lines))
    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)
    assert _refusal([str(path)]) == (
        f"{path}:5: duplicate key 'percent' (first at line 5); JSON readers "
        "would silently keep only the last one")


def test_an_ndjson_file_without_a_header_is_refused_on_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "wmt.ndjson"
    path.write_text('{"staff": "S1", "week": "2024-W20", "percent": 90}\n')
    assert _refusal([str(path)]) == (
        f'{path}:1: the first line of an NDJSON file is a header naming the kind of file and '
        'the list its lines fill, e.g. {"kind": "rota", "unit": "North East", "list": '
        '"timesheets"}')


def _typed(records: tuple[object, ...] | list[object]) -> list[tuple[object, ...]]:
    """Records as (type, value) pairs: 37 and 37.0 are equal, but print differently."""
    return [tuple((type(getattr(r, f)), getattr(r, f)) for f in r.__struct_fields__)  # type: ignore[attr-defined]
            for r in records]  # fmt: skip


def _either_way(files: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """What load_data makes of `files` on the fast path, and on the exact path: the data
    set's records by kind, or the refusal's text."""
    def outcome() -> object:
        try:
            data = load_kept(files, "all")  # every export's records kept unbuilt
        except InputError as err:
            return str(err)
        return {kind: _typed(records) for kind, records in data.records.items()}

    with monkeypatch.context() as patch:
        patch.setattr("workrules.dataset._FAST_MIN", 0)
        fast = outcome()
        patch.setenv("WORKRULES_NO_FAST_LOAD", "1")
        return fast, outcome()


@pytest.fixture(scope="module")
def national_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("pyarrow")
    out = tmp_path_factory.mktemp("parquet") / "data"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "national",
                    str(out), "--scale", "0.01", "--weeks", "8", "--format", "parquet"],
                   check=True, capture_output=True)  # fmt: skip
    return out


def test_a_parquet_export_loads_the_same_either_way(national_parquet: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from workrules.fastload import Built
    from workrules.tabular import read_tabular

    files = sorted(national_parquet.iterdir())
    for path in files:  # each one built on the fast path
        assert isinstance(read_tabular(path.read_bytes(), str(path), ".parquet", True), Built)
    fast, exact = _either_way([str(p) for p in files], monkeypatch)
    assert isinstance(fast, dict) and fast == exact


# A cell of a Parquet export set to another value: of its own type or not, missing, empty,
# out of range, not a number, a misspelt enum, an impossible date, a staff id nobody has.
_CELLS = st.one_of(
    st.none(), st.just(""), st.sampled_from(["2024-02-30", "2024-04-02", "2024-W14", "sdr",
                                             "SDR", "hgih", "R01-U001-S0004", "nobody"]),
    st.integers(-2, 200), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.lists(st.sampled_from(["R01-U001-S0004", "R01-U001-S0004", "x", "spo", "sop"]),
             max_size=3),
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whatever_a_parquet_cell_holds_both_paths_agree(
    national_parquet: Path, tmp_path: Path, data: st.DataObject,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One cell of a real Parquet export changed (or a column renamed): the fast path builds
    exactly the records of the exact path, or the same refusal, word for word."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = sorted(p.name for p in national_parquet.iterdir() if p.name.startswith("region-01"))
    name = data.draw(st.sampled_from(names))
    rows = pq.read_table(national_parquet / name).to_pylist()[:20]
    row = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.sampled_from(sorted(rows[0])))
    if data.draw(st.booleans()):
        if column == "subject" and isinstance(rows[row][column], dict):
            inner = data.draw(st.sampled_from(sorted(rows[row][column])))
            value = data.draw(st.one_of(_CELLS, st.sampled_from([r[column][inner] for r in rows])))
            rows[row] = {**rows[row], "subject": {**rows[row]["subject"], inner: value}}
        else:  # any value, or another row's (a duplicate id, a second week)
            value = data.draw(st.one_of(_CELLS, st.sampled_from([r[column] for r in rows])))
            rows[row] = {**rows[row], column: value}
    else:
        renamed = column[:-1] if len(column) > 3 else column + "s"
        rows = [{(renamed if k == column else k): v for k, v in r.items()} for r in rows]
    try:
        table = pa.Table.from_pylist(rows)
    except (pa.ArrowException, OverflowError):
        return  # not a table Parquet can hold
    path = tmp_path / name
    pq.write_table(table, path)
    fast, exact = _either_way([str(path), str(national_parquet / "region-01-staff-staff.parquet")],
                              monkeypatch)  # fmt: skip
    assert fast == exact


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whatever_an_ndjson_edit_makes_both_paths_agree(
    national_ndjson: Path, tmp_path: Path, data: st.DataObject,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Any one-character edit of a real NDJSON export: the fast path builds exactly the
    records of the exact path, or the same refusal, word for word."""
    name = data.draw(st.sampled_from(["region-01-allocation-reports.ndjson",
                                      "region-01-allocation-wmt.ndjson",
                                      "region-01-rota-upw_sessions.ndjson"]))  # fmt: skip
    text = "\n".join((national_ndjson / name).read_text().split("\n")[:30]) + "\n"
    at = data.draw(st.integers(0, len(text) - 1))
    edit = data.draw(st.sampled_from(["delete", "insert", "replace"]))
    char = data.draw(st.sampled_from(list('{}[]:,"0123456789aW-\n \\')))
    text = text[:at] + ("" if edit == "delete" else char) + text[at + (edit != "insert"):]
    path = tmp_path / name
    path.write_text(text)
    fast, exact = _either_way([str(path), str(national_ndjson / "region-01-staff-staff.ndjson")],
                              monkeypatch)  # fmt: skip
    assert fast == exact


FASTLOAD = ROOT / "fixtures" / "fastload"
FASTLOAD_STAFF = str(FASTLOAD / "region-01-staff.json")


def test_a_key_spaced_before_its_colon_does_not_hide_a_duplicate_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`"staff"  :` ends in no `":`, so counting `":` missed one key and a duplicate key
    (`percent` twice) made the count right again: the file was read, keeping the last."""
    path = FASTLOAD / "spaced-key" / "region-01-allocation.json"
    with pytest.raises(Declined):
        read_fast(path.read_bytes(), str(path))
    fast, exact = _either_way([str(path), FASTLOAD_STAFF], monkeypatch)
    assert fast == exact == (
        f"{path}:3: duplicate key 'percent' (first at line 3); JSON readers would silently "
        "keep only the last one")
    # on the command line, at the size the fast path reads (trailing space is no data)
    big = tmp_path / "region-01-allocation.json"
    big.write_bytes(path.read_bytes() + b" " * (1 << 16))
    run = subprocess.run([sys.executable, "-m", "workrules", "check", str(big), FASTLOAD_STAFF],
                         capture_output=True, text=True)  # fmt: skip
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (f"workrules: {big}:3: duplicate key 'percent' (first at line 3); "
                          "JSON readers would silently keep only the last one\n")  # fmt: skip


def test_a_report_subject_starting_a_line_is_not_taken_for_a_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two reports on one line, and a subject on a line of its own whose first key is
    escaped (`{"\\u0072osh"`): the lines still number the records, but not in order. The fast
    path declines, and each report keeps the line it starts on."""
    path = FASTLOAD / "escaped-subject" / "region-01-allocation.json"
    with pytest.raises(Declined):
        read_fast(path.read_bytes(), str(path))
    monkeypatch.setattr("workrules.dataset._FAST_MIN", 0)
    reports = load_data([str(path), FASTLOAD_STAFF]).records["report"]
    assert [(r.id, r.line) for r in reports] == [  # type: ignore[attr-defined]
        ("R01-U001-R0001", 3), ("R01-U001-R0002", 3), ("R01-U001-R0003", 5)]


_SPACES = st.sampled_from(["  ", " ", "", "\t ", "\t", "\r\n", "\n", " \r\n "])
_WMT = ("R01-U001-S0004", "R01-U001-S0005")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_however_keys_are_spaced_or_spelt_both_paths_agree(
    tmp_path: Path, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small export, one record per line, its keys spaced and escaped at random, a key
    perhaps given twice, a unit perhaps holding colons: the same records or the same
    refusal either way."""
    names = ["staff", "week", "percent", "kind", "unit"]
    spaced = data.draw(st.sampled_from(names))  # the key spaced before its colon
    space = data.draw(_SPACES)
    escaped = data.draw(st.sampled_from([None, *names]))  # the key with an escape, if any
    twice = data.draw(st.sampled_from([*names[:3], None]))  # the key given twice, if any

    def key(name: str) -> str:
        after = data.draw(st.sampled_from(["", " "]))
        if name == escaped:
            at = data.draw(st.integers(0, len(name) - 1))
            name = name[:at] + f"\\u{ord(name[at]):04x}" + name[at + 1:]
        return f'"{name}"{space if name == spaced else ""}:{after}'

    unit = data.draw(st.sampled_from(["North: East", "North East", "North : East", ":x", "a\\u003ab"]))
    lines = []
    for i, staff in enumerate(data.draw(st.lists(st.sampled_from(_WMT), min_size=1, max_size=3))):
        fields = {"staff": f'"{staff}"', "week": f'"2024-04-{1 + 7 * i:02d}"',
                  "percent": str(90 + i)}  # fmt: skip
        given = [key(k) + v for k, v in fields.items()]
        if twice is not None and i == 0:
            given.insert(data.draw(st.integers(0, 3)), key(twice) + fields[twice])
        lines.append("{" + ",".join(given) + "}")
    text = f'{{{key("kind")}"allocation",{key("unit")}"{unit}",\n"wmt":[\n' + ",\n".join(lines)
    path = tmp_path / "region-01-allocation.json"
    path.write_text(text + "\n]}\n")
    fast, exact = _either_way([str(path), FASTLOAD_STAFF], monkeypatch)
    assert fast == exact


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_however_reports_are_laid_out_both_paths_agree(
    tmp_path: Path, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports broken into lines at random (between records, before a subject), a subject's
    first key perhaps escaped: the same records, on the same lines, either way."""
    text = (FASTLOAD / "escaped-subject" / "region-01-allocation.json").read_text()
    head, rest = text.split('"reports":[', 1)
    body = rest.rsplit("]}", 1)[0].replace("\n", "").replace('\\u0072osh', "rosh")
    records = body.split("},{")
    out = []
    for i, record in enumerate(records):
        record = ("" if i == 0 else "{") + record + ("" if i == len(records) - 1 else "}")
        first_key = data.draw(st.sampled_from(['"\\u0072osh"', '"rosh"', ' "rosh"']))
        subject = data.draw(st.sampled_from(["\n", "", "\r\n"])) + "{" + first_key
        out.append(record.replace('"subject":{"rosh"', '"subject":' + subject))
    joined = out[0]
    for record in out[1:]:
        joined += "," + data.draw(st.sampled_from(["\n", "", "\r\n", " \n"])) + record
    path = tmp_path / "region-01-allocation.json"
    path.write_text(head + '"reports":[\n' + joined + "\n]}\n")
    fast, exact = _either_way([str(path), FASTLOAD_STAFF], monkeypatch)
    assert fast == exact


def test_a_flag_given_twice_in_an_ndjson_report_is_refused_at_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The list inside a record of an NDJSON line knows no line of its own: the refusal
    names the record's line (it said line 0)."""
    path = FASTLOAD / "ndjson-flags-twice" / "region-01-allocation-reports.ndjson"
    fast, exact = _either_way([str(path), FASTLOAD_STAFF], monkeypatch)
    assert fast == exact == (
        f"{path}:2: reports[0] (R01-U001-R0001).subject.flags: 'domestic_abuse' is given "
        "twice; name each one once")


def test_two_ndjson_records_on_one_line_are_refused_whatever_the_line_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two records on one line and a line holding only a space: as many lines as records,
    so counting lines alone let the fast path read the file (the third record at the wrong
    line), where the exact path refuses it."""
    from workrules.fastload import read_fast_ndjson

    path = FASTLOAD / "ndjson-two-on-a-line" / "region-01-rota-timesheets.ndjson"
    with pytest.raises(Declined):
        read_fast_ndjson(path.read_bytes(), str(path))
    fast, exact = _either_way([str(path), FASTLOAD_STAFF], monkeypatch)
    assert fast == exact == f"{path}:3: not valid JSON: extra data after the document"
