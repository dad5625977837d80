"""The HTML page machinery (`workrules.html_report`) and the check's HTML report.

The page is checked as text here (escaping, determinism, structure); tests/test_browser.py
opens it in a real Chromium.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from workrules.cli import main
from workrules.html_report import BarChart, Section, Table, escape, page

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "example"
FILES = ["staff.yaml", "rota.yaml", "allocation.yaml", "jd/business-manager.md",
         "jd/case-administrator.md", "jd/senior-probation-officer.md"]  # fmt: skip


def example_page(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(EXAMPLE)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", *FILES, "--no-config", "--today", "2024-07-01", "--format", "html"])
    assert code == 1
    return out.getvalue()


def test_a_page_has_a_title_sections_charts_and_tables_in_order() -> None:
    html = page("Indicators", [
        Section("Vacancy rate", text=("By unit.",), chart=BarChart(
            ["North PDU", "East PDU"], [12.5, 4], note="Vacancies over funded posts.", unit="%"),
            table=Table(["unit", "rate"], [["North PDU", "12.5%"], ["East PDU", 4.0]])),
        Section("Notes", level=3),
    ], intro=["Data to 2024-06-30."])  # fmt: skip
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">\n") and html.endswith("</html>\n")
    order = ["<h1>Indicators</h1>", "<p>Data to 2024-06-30.</p>", "<h2>Vacancy rate</h2>",
             "<p>By unit.</p>", "<svg", "<title>North PDU: 12.5%</title>",
             "<title>East PDU: 4%</title>", "<figcaption>Vacancies over funded posts.",
             '<th scope="col">unit</th>', "<td>East PDU</td><td>4</td>", "<h3>Notes</h3>"]
    places = [html.index(part) for part in order]
    assert places == sorted(places)
    # each label over its bar; the largest bar takes the whole width (296 units), the other
    # its share (a first hour, round 47: labels beside the bars, in a drawing 720 wide, were
    # 5.5 px high on a phone)
    assert '<text x="0" y="17">North PDU</text><rect class="bar" x="0" y="22" width="296" ' \
        'height="12"></rect><text x="302" y="32">12.5%</text>' in html
    assert 'x="0" y="58" width="94.7" height="12"' in html
    assert 'aria-label="North PDU: 12.5%; East PDU: 4%"' in html


def test_every_string_is_escaped_and_made_printable() -> None:
    nasty = '<script>alert(1)</script> & "q" \x1b[31m\u202e'
    html = page(nasty, [Section(nasty, text=[nasty], chart=BarChart([nasty], [1], note=nasty),
                                table=Table([nasty], [[nasty + "\nline two"]]))])  # fmt: skip
    assert "<script" not in html and "\x1b" not in html and "\u202e" not in html
    assert escape(nasty) == ("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; "
                             "\\x1b[31m\\u202e")
    assert f"<td>{escape(nasty)}<br>line two</td>" in html
    assert 'content="default-src \'none\'; style-src \'unsafe-inline\'' in html  # no network


def test_a_long_label_is_cut_on_the_chart_and_whole_in_its_title() -> None:
    label = "A unit with a name much longer than the chart has room for"
    html = page("t", [Section("s", chart=BarChart([label], [3]))])
    assert f"<title>{label}: 3</title>" in html
    assert ">A unit with a name much longer than the cha…</text>" in html


@pytest.mark.parametrize(("labels", "values", "why"), [
    (["a"], [1, 2], "one value per label"),
    (["a"], [-1], "finite number of zero or more"),
    (["a"], [float("nan")], "finite number of zero or more"),
    (["a"], [float("inf")], "finite number of zero or more"),
    (["a"], [True], "finite number of zero or more"),
])  # fmt: skip
def test_a_chart_refuses_values_it_cannot_draw(labels: list[str], values: list[float],
                                               why: str) -> None:  # fmt: skip
    with pytest.raises(ValueError, match=why):
        BarChart(labels, values)


def test_a_table_refuses_a_row_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="row 2 of a table has 1 cells for 2 headers"):
        Table(["a", "b"], [["1", "2"], ["3"]])


def test_an_empty_chart_says_so() -> None:
    assert "<p>(nothing to chart)</p>" in page("t", [Section("s", chart=BarChart([], []))])


def test_the_check_page_charts_clauses_units_and_weeks_then_lists_every_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html = example_page(monkeypatch)
    assert html == example_page(monkeypatch)  # byte-identical
    assert ("<h1>Fixture PDU, judged as on 2024-07-01: workrules check, policy claim-2024</h1>"
            in html)  # fmt: skip
    for heading in ("Findings by subject", "Findings by clause", "Findings by unit", "Findings by week",
                    "Clause 1.2k(i): 1 finding", "Clause 5c: 2 findings",
                    "Rules not applied (13)", "Rules that read no records (3)"):  # fmt: skip
        assert f"<h2>{heading}</h2>" in html, heading
    assert "<title>Fixture PDU: 9</title>" in html
    assert "<title>week of 2024-06-03: 6</title>" in html
    # ten findings, 13 rules not applied, 3 that read no record (their kind not in the data)
    # (each finding's subject heads its row)
    assert html.count('<tr role="row"><td role="cell"') == 10 + 13 + 3
    assert ('<tr role="row"><td role="cell" data-label="rule">safeguard-vacancies</td><td '
            'role="cell" data-label="clause">1.1g</td><td role="cell" data-label="the data has '
            'no">establishment entries</td></tr>') in html
    # the sentence first, where a manager reads, and wide enough to print (a first hour, round
    # 37: the eighth of eight columns was cut off at the page's edge)
    assert ('<table class="findings cards" role="table">\n<caption>Clause 5c: Too many contact '
            'hours with work groups in one day</caption>\n<thead role="rowgroup"><tr role="row">'
            '<th scope="col" role="columnheader">finding</th><th scope="col" role="columnheader">'
            'severity</th><th scope="col" role="columnheader">subject</th>') in html
    # the severity in words, and the subject heading its row for a screen reader (a first
    # hour, round 40)
    assert ('<tr role="row"><td role="cell" data-label="finding">S010 had 9 h of contact with '
            "work groups on 2024-06-07 (U104, U105); the cap is 8 h a day (5c).</td><td "
            'role="cell" data-label="severity">error: fails the run</td><th scope="row" '
            'role="rowheader" data-label="subject">S010</th><td role="cell" data-label="period">'
            '2024-06-07</td><td role="cell" data-label="measured">9 h</td><td role="cell" '
            'data-label="limit">at most 8 h</td><td role="cell" data-label="where">rota.yaml:16'
            '</td><td role="cell" data-label="evidence">U104 (rota.yaml:16)<br>U105 '
            '(rota.yaml:22)</td><td role="cell" data-label="rule">upw-contact-hours</td></tr>'
            ) in html  # fmt: skip
    # one main landmark, a link past the charts to the first table, and the charts' figures
    # in their names (role="img" hides their text)
    assert html.count("<main>") == 1 and html.count("</main>") == 1
    assert ('claim-2024</h1>\n<p><a href="#findings">Skip the charts to the findings</a></p>'
            ) in html  # fmt: skip
    assert html.count('<section id="findings">') == 1
    assert 'aria-label="(no unit given): 1 finding; Fixture PDU: 9 findings"' in html
    assert ("<p>Each finding measures the data against the limits policy claim-2024 states: a "
            "claim&#x27;s are what the claim asks for, not terms agreed with the employer; an "
            "agreement&#x27;s are what was agreed.</p>") in html


def test_the_check_page_opens_with_a_count_by_subject_and_clause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a one-page summary for members (a first hour, round 45: the findings' tables printed as
    # eight pages): each subject's findings under each clause, the days they span, in words
    html = example_page(monkeypatch)
    summary = html[html.index("<h2>Findings by subject</h2>"):html.index("Findings by clause")]
    assert summary.count('<tr role="row"><th scope="row"') == 10
    cells = re.sub(r' (role|data-label)="[^"]*"', "", summary)  # (a card's parts, on a phone)
    assert ('<tr><th scope="row">S001</th><td>1.2k(i)</td><td>1</td><td>2024-06-03 to '
            "2024-06-16</td><td>Above 110% of WMT for more than one week</td></tr>\n"
            '<tr><th scope="row">S001</th><td>4c</td><td>1</td><td>2024-06-03 to 2024-06-09'
            "</td><td>Hours over contract neither given as TOIL nor paid</td></tr>") in cells
    assert ('<tr><th scope="row">jd/business-manager.md</th><td>9</td><td>1</td><td>-</td><td>'
            "Job description gives line management but states no span of control</td></tr>"
            ) in cells  # fmt: skip
    assert html.index("Findings by subject") < html.index("Findings by clause")


def test_the_check_page_draws_no_unit_chart_when_no_finding_has_a_unit() -> None:
    # a CSV has no unit: one bar of "(no unit given)" said nothing (a first hour, round 45)
    import datetime as dt

    from workrules.api import check
    from workrules.html_report import check_page

    folder = EXAMPLE.parent / "review56" / "html" / "no-unit"
    result = check([folder / "team-staff.csv", folder / "team-timesheets.csv"],
                   today=dt.date(2024, 12, 1))  # fmt: skip
    assert len(result.findings) == 1 and not result.findings[0].unit
    html = check_page(result)
    assert "Findings by unit" not in html and "<h2>Findings by clause</h2>" in html


def test_a_check_with_no_findings_has_no_charts_and_says_so() -> None:
    from workrules.findings import Result
    from workrules.html_report import check_page

    html = check_page(Result(policy="claim-2024", files=("rota.yaml",), findings=(),
                             not_applied=(), rules_applied=3))  # fmt: skip
    assert "<svg" not in html and "<table" not in html
    assert ("<p>0 findings from 3 rules of policy claim-2024 over 1 file; nothing to report.</p>"
            in html)  # fmt: skip
