"""The HTML reports opened as a person would: in a real headless Chromium, driven by Playwright.

Each page must render with no console error and no request beyond its own file, its charts
must draw bars of non-zero size, its tables must hold the expected rows, and its print layout
must work (print media applies the print rules; the page prints to a PDF).

Chromium is Debian's (`apt-get install chromium`, at /usr/bin/chromium, or the path in
WORKRULES_CHROMIUM); Playwright's own browsers are never downloaded. Without Chromium or
Playwright these tests skip, saying why; `.ci/run` installs Chromium and sets
WORKRULES_REQUIRE_BROWSER=1, which turns the skip into a failure, so CI always runs them.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workrules.cli import main
from workrules.html_report import BarChart, Section, Table, page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXAMPLE = ["staff.yaml", "rota.yaml", "allocation.yaml", "jd/business-manager.md",
           "jd/case-administrator.md", "jd/senior-probation-officer.md"]  # fmt: skip
REDACT = ["staff.yaml", "rota.yaml", "allocation.yaml", "jd/business-manager.md"]
# The flags that work on a closed network as root (see docs/ci.md).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    """WORKRULES_CHROMIUM if set, else `chromium` on the PATH or at /usr/bin/chromium."""
    path = os.environ.get("WORKRULES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


def _unavailable(reason: str) -> None:
    if os.environ.get("WORKRULES_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and WORKRULES_REQUIRE_BROWSER=1 requires the browser tests")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = _chromium()
    if chromium is None:
        _unavailable("no Chromium: install Debian's (apt-get install chromium) or set "
                     "WORKRULES_CHROMIUM")  # fmt: skip
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=chromium, headless=True, args=FLAGS[1:],
            chromium_sandbox=False)  # fmt: skip
        yield context
        context.close()


def _report(folder: Path, files: list[str], *extra: str) -> str:
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(["check", *files, "--today", "2024-07-01", "--format", "html", *extra])
    finally:
        os.chdir(cwd)
    assert code == 1
    return out.getvalue()


class Opened:
    """A page loaded in the browser, with every console error and outside request it made."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        self.url = path.as_uri()

    def bars(self) -> list[dict[str, float]]:
        return [r.bounding_box() for r in self.page.query_selector_all("svg.bars rect.bar")]

    def rows(self) -> list[int]:
        """The number of body rows of each table, in order."""
        rows: list[int] = self.page.eval_on_selector_all(
            "table", "ts => ts.map(t => t.tBodies[0].rows.length)")
        return rows


def _open(browser: Any, tmp_path: Path, html: str) -> Opened:
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    return Opened(browser, path)


def test_the_check_report_renders_with_its_charts_and_tables(browser: Any,
                                                            tmp_path: Path) -> None:  # fmt: skip
    opened = _open(browser, tmp_path, _report(FIXTURES / "example", EXAMPLE, "--no-config"))
    page_ = opened.page
    assert opened.errors == []
    assert opened.requests == [opened.url]  # nothing but the file itself
    assert page_.title() == ("Fixture PDU, judged as on 2024-07-01: workrules check, policy "
                             "claim-2024")  # (the unit and the day: a first hour, round 47)
    assert page_.eval_on_selector_all("svg.bars", "s => s.length") == 3
    bars = opened.bars()
    assert len(bars) == 8 + 2 + 3  # eight clauses, two units (one "no unit"), three weeks
    assert all(b["width"] > 0 and b["height"] > 0 for b in bars), bars
    # bars are to scale: 5c's and 7's 2 findings against the other clauses' 1
    widths = [b["width"] for b in bars[:8]]
    assert max(widths) == pytest.approx(2 * min(widths), rel=0.01)
    # the summary by subject and clause (10 rows), one table per clause with findings, then
    # the 13 rules not applied (caps and levels to agree) and the 3 that read no record (no
    # absences, funded posts or unallocated counts)
    assert opened.rows() == [10, 1, 1, 1, 2, 2, 1, 1, 1, 13, 3]
    tooltips = page_.eval_on_selector_all("svg.bars g title", "ts => ts.map(t => t.textContent)")
    assert "Fixture PDU: 9" in tooltips and "week of 2024-06-03: 6" in tooltips
    page_.close()


def test_the_redacted_report_shows_no_name_in_the_rendered_text(browser: Any,
                                                                tmp_path: Path) -> None:  # fmt: skip
    opened = _open(browser, tmp_path, _report(FIXTURES / "redact", REDACT, "--redact"))
    text = opened.page.inner_text("body")
    assert opened.errors == []
    assert "staff-07" in text
    for secret in ("S109", "Priya", "Raman", "Ruth Ellison", "Declan"):
        assert secret not in text
    # 5 rules not applied (jd-span-in-text-only for the business manager's cap, ...) and 7
    # applied in part (psr-role-boundary-before-qualifying, psr-role-boundary-reoffending-unknown,
    # pso-assessor-of-another-grade and pta-of-another-role for the unknown grade, ...), each
    # under its own heading since a first hour, round 47; 18 rules that read no record (no
    # cases, MAPPA meetings, SFO reviews...); then the 3 values its config sets
    # (pta_learners_max, span_of_control_max for SPO, and its waiver: attack round 34, P5)
    assert opened.rows() == [9, 1, 2, 1, 1, 1, 1, 2, 5, 7, 18, 3]
    opened.page.close()


def test_the_print_layout_applies_and_prints_to_pdf(browser: Any, tmp_path: Path) -> None:
    opened = _open(browser, tmp_path, _report(FIXTURES / "example", EXAMPLE, "--no-config"))
    page_ = opened.page
    screen = page_.evaluate("getComputedStyle(document.body).maxWidth")
    page_.emulate_media(media="print")
    body = page_.evaluate("[getComputedStyle(document.body).maxWidth, "
                          "getComputedStyle(document.body).fontSize]")  # fmt: skip
    assert screen != "none" and body == ["none", "14px"]  # 10.5pt
    assert page_.evaluate("getComputedStyle(document.querySelector('thead')).display") == \
        "table-header-group"  # fmt: skip
    assert page_.evaluate("getComputedStyle(document.querySelector('tr')).breakInside") == \
        "avoid"  # fmt: skip
    pdf = page_.pdf(format="A4")
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page\n") + pdf.count(
        b"/Type /Page ") + pdf.count(b"/Type/Page") >= 2  # several pages
    assert opened.errors == []
    page_.close()


def test_a_page_built_with_the_api_renders_every_chart_and_table(browser: Any,
                                                                tmp_path: Path) -> None:  # fmt: skip
    labels = [f"Unit {n} <b>&amp;</b>" for n in range(12)]
    html = page("Indicators <script>x</script>", [
        Section("Vacancy rate", chart=BarChart(labels, [n * 2.5 for n in range(1, 13)],
                                               note="Vacancies.", unit="%"),
                table=Table(["unit", "rate"], [[u, f"{n}%"] for n, u in enumerate(labels)])),
        Section("Turnover", chart=BarChart(["North", "South"], [3, 0.5], unit="%")),
    ])  # fmt: skip
    opened = _open(browser, tmp_path, html)
    assert opened.errors == []
    assert opened.page.title() == "Indicators <script>x</script>"  # shown, not run
    assert opened.page.eval_on_selector_all("script, b", "s => s.length") == 0
    bars = opened.bars()
    assert len(bars) == 14 and all(b["width"] > 0 and b["height"] > 0 for b in bars)
    assert bars[11]["width"] == pytest.approx(12 * bars[0]["width"], rel=0.01)
    assert opened.rows() == [12]
    opened.page.close()


def test_the_indicators_page_renders_a_chart_and_a_table_for_each_indicator(
    browser: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = FIXTURES / "workforce"
    out = tmp_path / "indicators.html"
    assert main(["indicators", *(str(folder / f) for f in ("staff.yaml", "rota.yaml",
                 "allocation.yaml")), "--period", "2024-Q2", "--by", "region,gender",
                 "--format", "html", "-o", str(out)]) == 0  # fmt: skip
    opened = Opened(browser, out)
    assert opened.errors == [] and opened.requests == [opened.url]
    assert opened.page.title() == (  # (two units' files: a first hour, round 48, P5)
        "workrules indicators: Tyne PDU and Wear PDU (the files given), 2024-Q2")
    bars = opened.bars()
    # eight indicators drawn for the nation and the one region (the ninth, hours without a
    # contract, is one person's and suppressed: no bar)
    assert len(bars) == 8 * 2 and all(b["height"] > 0 for b in bars), bars
    # a table per indicator: national and regional rows, whole and by gender (vacancies are
    # by region and grade only; one person without a contract has one gender, not given)
    assert opened.rows() == [8, 2, 8, 8, 8, 8, 8, 8, 4]
    assert "[c]" in opened.page.inner_text("body")
    opened.page.close()
