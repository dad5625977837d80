"""Session 48's own changes: what they do, on real files from `fixtures/`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workrules.cli import main

WORKFORCE = Path(__file__).parent.parent / "fixtures" / "workforce"


def test_each_indicator_table_has_a_caption_and_rows_headed_by_their_group(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a first hour, round 47, P10: a screen reader moving through a figure heard neither the
    # indicator nor the row's group
    out = tmp_path / "indicators.html"
    files = [str(WORKFORCE / f) for f in ("staff.yaml", "rota.yaml", "allocation.yaml")]
    assert main(["indicators", *files, "--period", "2024-Q2", "--by", "grade",
                 "--format", "html", "-o", str(out)]) == 0  # fmt: skip
    assert capsys.readouterr().err == ""
    html = out.read_text(encoding="utf-8")
    captions = re.findall(r"<caption>([^<]*)</caption>", html)
    assert captions[:2] == ["Turnover rate (%), 2024-Q2", "Vacancy rate (%), 2024-Q2"]
    assert len(captions) == html.count("<table")
    first = html[html.index("<tbody"):html.index("</tbody>")]
    assert re.findall(r'<th scope="row">([^<]*)</th>', first) == [
        "all", "grade (occupation): PO", "grade (occupation): PSO"]
