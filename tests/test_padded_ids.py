"""An id with a blank at its start or end (`'N1 '`, as a hand-edited CSV or a spreadsheet
export has it) is refused at its line, with the id to write instead, on every path the loader
has (YAML, JSON, NDJSON, CSV, Parquet; the fast paths and the exact one), word for word; a
staff id given so where someone's id is meant says the blank is what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_workrules
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.dataset import load_kept
from workrules.errors import InputError, unpadded_all

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "paddedid"
pytest.importorskip("pyarrow")


def _refusals(files: list[str], monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The refusal of `files` on the fast paths (any file's size; Parquet and NDJSON kept as
    columns) and on the exact path: one each, or the data set's kinds when it loads."""
    said = set()
    for exact in (False, True):
        with monkeypatch.context() as patch:
            patch.setattr("workrules.dataset._FAST_MIN", 0)
            if exact:
                patch.setenv("WORKRULES_NO_FAST_LOAD", "1")
            try:
                data = load_kept(files, "all")
            except InputError as err:
                said.add(str(err))
            else:
                said.add(repr(sorted(k for k, v in data.records.items() if v)))
    return said


@pytest.mark.parametrize("said", [
    "trailing-space-staff.csv:2: staff member id 'N1 ' has a space at its end; write 'N1'",
    "tab-staff.yaml:5: staff member id '\\tN1' has a tab at its start; write 'N1'",
    "nbsp-cases.json:6: case id 'C2\u00a0' has a non-breaking space at its end; write 'C2'",
    "space-cases.ndjson:4: case id 'C3 ' has a space at its end; write 'C3'",
    "leading-space-cases.parquet:2: case id ' C2' has a space at its start; write 'C2'",
    ("padded-reference-timesheets.csv:3: timesheet N1  week 2024-06-03: staff 'N1 ' has a "
     "space at its end; write 'N1'"),
])  # fmt: skip
def test_an_id_with_a_blank_at_an_end_is_refused_on_every_path(
        said: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    file = said.split(":")[0]
    files = [str(HERE / file), str(HERE / "clean-staff.csv")]
    assert _refusals(files, monkeypatch) == {f"{HERE / file}:{said.split(':', 1)[1]}"}
    done = run_workrules("check", "--no-config", file, "clean-staff.csv", cwd=HERE)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"workrules: {said}\n")


def test_a_space_inside_an_id_is_part_of_the_id() -> None:
    done = run_workrules("check", "--no-config", "-q", "inner-space-staff.yaml", cwd=HERE)
    assert (done.returncode, done.stderr) == (0, "")


_BLANK = st.sampled_from([" ", "\t", "\u00a0", "\u3000", "  "])
_ID = st.text(st.sampled_from("ABCN0129-_ /"), min_size=1, max_size=6).filter(
    lambda s: s.strip() == s and "  " not in s)  # (blanks in a row: refused apart)
_FORM = st.sampled_from(["json", "ndjson", "csv", "parquet"])
# A list of each way a fast path keeps records: cases as built records (or, from Parquet, as
# columns); MAPPA meetings kept unbuilt, as columns or as an NDJSON export's Structs.
_LISTS = {
    "cases": ("allocation", {"practitioner": "N1"}),
    "mappa_meetings": ("rota", {"date": "2024-06-03", "chair": "N1", "type": "review",
                                "level": 2}),
}  # fmt: skip


def _written(folder: Path, ids: list[str], name: str, form: str) -> Path:
    """Records of the list `name` with these ids, written as `form` (as an HR export)."""
    kind, rest = _LISTS[name]
    rows = [{"id": i, **rest} for i in ids]
    path = folder / f"region-{name}.{form}"
    if form == "json":
        path.write_text(json.dumps({"kind": kind, name: rows}, indent=2))
    elif form == "ndjson":
        path.write_text("\n".join(map(json.dumps, [{"kind": kind, "list": name},
                                                   *rows])) + "\n")  # fmt: skip
    elif form == "csv":
        import csv

        with path.open("w", newline="") as out:
            writer = csv.DictWriter(out, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


@settings(max_examples=40, deadline=None)
@given(ids=st.lists(_ID, min_size=1, max_size=5, unique=True), at=st.integers(0, 4),
       pad=_BLANK, end=st.booleans(), form=_FORM, name=st.sampled_from(sorted(_LISTS)))  # fmt: skip
def test_an_id_with_a_blank_at_an_end_is_refused_alike_in_every_form(
        ids: list[str], at: int, pad: str, end: bool, form: str, name: str,
        tmp_path_factory: pytest.TempPathFactory) -> None:  # fmt: skip
    at %= len(ids)
    given_ids = list(ids)
    given_ids[at] = ids[at] + pad if end else pad + ids[at]
    path = _written(tmp_path_factory.mktemp("padded"), given_ids, name, form)
    with pytest.MonkeyPatch.context() as patch:
        said = _refusals([str(path), str(HERE / "clean-staff.csv")], patch)
    assert len(said) == 1
    (refusal,) = said
    assert f" id '{given_ids[at]}' has " in refusal.replace("\\t", "\t")
    assert refusal.endswith(f" at its {'end' if end else 'start'}; write '{ids[at]}'")


# ids each written one way: none differs from another only in the zeros that pad a number
# ('0' and '00' are one id written two ways, refused on every path: test_ids_across_files)
_IDS_APART = st.lists(_ID, min_size=1, max_size=5, unique=True).filter(
    lambda ids: len(set(unpadded_all(ids))) == len(ids))


@settings(max_examples=20, deadline=None)
@given(ids=_IDS_APART, form=_FORM, name=st.sampled_from(sorted(_LISTS)))  # fmt: skip
def test_ids_without_a_blank_at_an_end_load_alike_in_every_form(
        ids: list[str], form: str, name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = _written(tmp_path_factory.mktemp("clean"), ids, name, form)
    with pytest.MonkeyPatch.context() as patch:
        said = _refusals([str(path), str(HERE / "clean-staff.csv")], patch)
    kind = "case" if name == "cases" else "mappa_meeting"
    assert said == {repr(sorted([kind, "staff"]))}


def test_the_columnar_check_finds_the_blanks_str_strip_takes_off() -> None:
    import polars as pl

    from workrules.dataset import BLANKS, hidden, lookalike
    from workrules.lazyrows import _padded

    others = [c for c in map(chr, range(0x3100)) if not c.isspace() and c.isprintable()]
    assert "".join(c for c in map(chr, range(0x110000)) if c.isspace()) == BLANKS
    for c in BLANKS:
        assert _padded(pl.Series([f"N1{c}", "N2"])) and _padded(pl.Series(["N2", f"{c}N1"]))
    # a blank inside an id that is not a space is refused (`N<VT>1`: attack round 22)
    assert all(_padded(pl.Series(["N2", f"N{c}1"])) for c in BLANKS if c != " ")
    inside = ["N 1"] + [f"{c}N{c}" for c in others]
    # a space inside an id is part of it; but one that is a form of an ASCII character (the
    # non-breaking space of `N\xa01`), and a letter that looks like an ASCII one (a Greek
    # capital alpha), are refused on the exact path, `dataset.lookalike`: so here too; and so
    # is a character that shows nothing though Python prints it (a Hangul filler, the
    # combining grapheme joiner, the blank Braille pattern: `dataset.hidden`, review 27)
    alike = [v for v in inside if lookalike(v) is not None or hidden(v) is not None]
    assert "\u0391N\u0391" in alike and "\u00e9N\u00e9" not in alike
    assert "\u2800N\u2800" in alike
    assert not _padded(pl.Series([v for v in inside if v not in alike]))
    assert all(_padded(pl.Series(["N2", v])) for v in alike)
