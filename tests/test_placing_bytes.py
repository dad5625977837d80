"""Placing and the JSON report, made cheaper, say exactly what they said before.

The command line writes the JSON report as the UTF-8 bytes orjson wrote (`report.json_bytes`),
not decoded to text and encoded again: the bytes must be those of `report.as_json`, encoded,
on standard output and in a file, for a plain report and for one that takes the long way
(values made inert). Evidence names a record with no id as `model.record_label` names it,
with what is the same for its kind looked up once. Findings, their evidence and periods
hold no reference cycle, so the cyclic GC does not track them.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
from pathlib import Path

import pytest
from conftest import EXAMPLE, FIXTURES, run_workrules

from workrules import cli, evaluate, report
from workrules import model as m
from workrules.api import check
from workrules.dataset import load_data
from workrules.findings import Evidence, Finding, Period, Result
from workrules.frozen import replace

TODAY = "2025-01-06"


@pytest.mark.parametrize(("folder", "files"), [
    (FIXTURES / "example", EXAMPLE),
    (FIXTURES / "review21" / "reporters", ["staff.yaml", "rota.yaml"]),  # made inert
])  # fmt: skip
def test_the_command_line_writes_the_json_report_as_as_json_encodes_it(
        folder: Path, files: list[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    out = tmp_path / "report.json"
    args = ("check", "--no-config", "--format", "json", "--engine", "python", "--today", TODAY)
    printed = run_workrules(*args, *files, cwd=folder)
    written = run_workrules(*args, "-o", str(out), *files, cwd=folder)
    assert printed.returncode == written.returncode == 1, printed.stderr
    monkeypatch.chdir(folder)  # the report names the files as they were given
    want = report.as_json(check(files, today=dt.date.fromisoformat(TODAY), engine="python"))
    assert printed.stdout == want
    assert out.read_bytes() == want.encode()
    assert json.loads(want)["findings"]


def test_the_json_report_as_bytes_is_as_json_encoded_plain_or_hostile() -> None:
    clean = Finding("r", "1", "error", "S1", Period("week", dt.date(2024, 6, 3),
                    dt.date(2024, 6, 9)), "a.json", 1, "1", "0", 1, 0,
                    (Evidence("a.json", 1, "wmt", "WMT S1 week 2024-06-03"),), (), "m")  # fmt: skip
    for finding in (clean, replace(clean, message="caf\u00e9 \x1b[2J", subject="\u202eS1")):
        result = Result("p", ("a.json",), (finding,), (), 1)
        assert report.json_bytes(result) == report.as_json(result).encode()


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_bytes_go_to_standard_output_as_its_text_would(encoding: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    text = '{"label": "caf\u00e9"}\n'
    stream = io.TextIOWrapper(io.BytesIO(), encoding=encoding, newline="\n")
    monkeypatch.setattr("sys.stdout", stream)
    print("before", end=" ")  # what was printed first stays first
    cli._write(text.encode(), None)
    stream.flush()
    assert stream.buffer.getvalue() == ("before " + text).encode(encoding)  # type: ignore[attr-defined]


def test_bytes_go_to_a_stream_with_no_buffer_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stdout", stream)
    cli._write(b'{"a": 1}\n', None)
    assert stream.getvalue() == '{"a": 1}\n'


@pytest.mark.parametrize("files", [
    [f"cases/spells-and-toil-across-year-ends/{f}.yaml" for f in ("staff", "rota", "allocation")],
    ["workforce/staff.yaml"],
])  # fmt: skip
def test_evidence_names_a_record_with_no_id_as_record_label_does(files: list[str]) -> None:
    data = load_data([str(FIXTURES / f) for f in files])
    named = 0
    for kind in m.KIND_BY_CLASS.values():
        if "id" in kind.fields or kind.subject == "unit":
            continue
        label = evaluate._namer(kind, data.units)
        for record in data.of(kind.name):
            assert label(record) == m.record_label(record)
            named += 1
    assert named


def test_findings_evidence_and_periods_are_not_tracked_by_the_cyclic_gc() -> None:
    period = Period("day", dt.date(2024, 6, 3), dt.date(2024, 6, 3))
    evidence = Evidence("a.json", 1, "wmt", "S1")
    finding = Finding("r", "1", "error", "S1", period, "a.json", 1, "1", "0", [1], 0,
                      (evidence,), (), "m")  # fmt: skip
    assert not any(map(gc.is_tracked, (period, evidence, finding)))
