"""Self-contained HTML pages: headed sections, each with a bar chart (inline SVG) and a table.

A page is one file that a union rep can open in any browser, print, or mail: no script, no
font, no image and no style sheet from elsewhere (its Content-Security-Policy forbids them
all, so nothing on it can reach the network), inline CSS with a print layout, and charts
drawn as inline SVG with a text label, the value and a <title> (a tooltip) for every bar.
Every string given is treated as hostile: controls and line breaks are written as escapes
(`errors.printable`), then `<`, `>`, `&` and quotes are escaped, so no value can add markup.
The same arguments give byte-identical output: nothing is taken from the clock or machine.

The API, for any report (`workrules check --format html` is `check_page`; the §3 indicators
use the same):

    from workrules.html_report import BarChart, Section, Table, page

    html = page("Workload indicators, North region", [
        Section("Vacancy rate by unit",
                chart=BarChart(labels=("North PDU", "East PDU"), values=(12.5, 4.0),
                               note="Vacancies as a share of funded posts.", unit="%"),
                table=Table(headers=("unit", "vacancy rate"),
                            rows=(("North PDU", "12.5%"), ("East PDU", "4.0%")))),
    ], intro=("Data to 2024-06-30.",))

- `page(title, sections, *, intro=())` -> the whole document as text (ends in a newline).
  `intro`: paragraphs under the title.
- `Section(heading, *, text=(), chart=None, table=None, level=2)`: a heading (`<h2>`, or
  `<h3>` with `level=3`), paragraphs, then the chart, then the table; any may be left out.
- `BarChart(labels, values, *, note="", unit="", kind="", counts=())`: one horizontal bar
  per label, in the order given, each under its label; values are finite numbers of zero or
  more (ValueError otherwise), bars scaled to the largest; `note` is the chart's caption (say
  what is counted), `unit` follows each value (`%`, ` h`). The chart's accessible name
  lists each label and value: `kind` is said before each label (`clause`), and `counts`,
  a noun's singular and plural, after each value instead of `unit` (`1 finding`).
- `Table(headers, rows, *, caption="")`: cells are text or numbers; a line break in a cell's
  text is kept as a line break (each line escaped on its own). Every row must have as many
  cells as there are headers (ValueError otherwise). A table scrolls sideways in a box of
  its own when it is wider than the screen, so the page never is.
- `page(..., meta=((NAME, CONTENT), ...))`: `<meta>` elements in the head, for what the page
  keeps but need not say (a whole digest).
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from .errors import printable, unbracketed

if TYPE_CHECKING:
    from .findings import Finding, Result

Cell = str | int | float


def _texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _numbers(values: Iterable[float]) -> tuple[float, ...]:
    return tuple(values)


def _rows(rows: Iterable[Iterable[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(row) for row in rows)


@attrs.frozen
class BarChart:
    """Horizontal bars, one per label, in the order given, scaled to the largest value."""

    labels: tuple[str, ...] = attrs.field(converter=_texts)
    values: tuple[float, ...] = attrs.field(converter=_numbers)
    note: str = ""
    unit: str = ""
    # the words of the chart's accessible name: `kind` before each label, `counts` (singular,
    # plural) after each value, so a screen reader says "clause 3: 1 finding", not "3: 1" (a
    # first hour, round 47)
    kind: str = ""
    counts: tuple[str, str] | tuple[()] = ()

    def __attrs_post_init__(self) -> None:
        if len(self.labels) != len(self.values):
            raise ValueError(f"a bar chart needs one value per label ({len(self.labels)} "
                             f"labels, {len(self.values)} values)")  # fmt: skip
        for v in self.values:
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) \
                    or v < 0:  # fmt: skip
                raise ValueError(f"a bar's value must be a finite number of zero or more: {v!r}")


@attrs.frozen
class Table:
    """Headers and rows of cells (text or numbers), every cell escaped."""

    headers: tuple[str, ...] = attrs.field(converter=_texts)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)
    caption: str = ""
    # a class for the page's style sheet: `findings` gives a finding's sentence, first, 40% of
    # the width, and lets the file:line and evidence cells break anywhere, so the table fits a
    # printed page (a first hour, round 37: 8 columns were 750-1080 px wide, and the sentence,
    # last, was cut off at the page's edge); an id or a heading is not broken (review 47).
    # `cards` (with another class or alone): on a narrow screen, a card for each row (`_table`)
    kind: str = ""
    # the column whose cells head their rows (`<th scope="row">`), so that a screen reader
    # moving down another column says whose row it is (a first hour, round 40); None: none
    row_header: int | None = None

    def __attrs_post_init__(self) -> None:
        for n, row in enumerate(self.rows, start=1):
            if len(row) != len(self.headers):
                raise ValueError(f"row {n} of a table has {len(row)} cells for "
                                 f"{len(self.headers)} headers")  # fmt: skip


@attrs.frozen
class Section:
    """A heading, then paragraphs, a chart and a table, each optional."""

    heading: str
    text: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    chart: BarChart | None = None
    table: Table | None = None
    level: int = 2
    id: str = ""  # an anchor a link on the page leads to (`page`'s `skip`)


def escape(value: Cell) -> str:
    """`value` as inert HTML text: each line made printable, with no CI log command
    (`##vso[`: a page printed to a log), and escaped, lines joined by `<br>`."""
    text = value if isinstance(value, str) else _number(value)
    return "<br>".join(html.escape(unbracketed(printable(line)), quote=True)
                       for line in text.split("\n"))  # fmt: skip


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_CSS = """\
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1b1b1b; background: #fff; max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #6a1b4d; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
p { margin: .3rem 0 .6rem; }
figure { margin: .5rem 0 1rem; }
figcaption { font-size: .9rem; color: #444; }
svg.bars { display: block; max-width: 100%; height: auto; }
svg.bars text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  fill: #1b1b1b; }
svg.bars rect.bar { fill: #6a1b4d; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-size: .9rem; color: #444; padding-bottom: .3rem; }
th, td { border: 1px solid #bbb; padding: .3rem .45rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
table.findings td:first-child { width: 40%; }
table.findings td:nth-child(7), table.findings td:nth-child(8) { overflow-wrap: anywhere; }
th { background: #f1e6ee; }
tbody th { background: none; font-weight: 600; }
tbody tr:nth-child(even) { background: #faf7f9; }
.table-box { overflow-x: auto; }
@media screen and (max-width: 40rem) {
  body { margin: .75rem auto; padding: 0 .6rem; }
  table { font-size: .95rem; }
  table.cards, table.cards caption, table.cards tbody, table.cards tr, table.cards th,
  table.cards td { display: block; width: auto; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap; }
  table.cards tr { border: 1px solid #bbb; margin: 0 0 .8rem; }
  table.cards td, table.cards tbody th { border: 0; border-top: 1px solid #e6dbe2;
    overflow-wrap: anywhere; }
  table.cards > tbody > tr > :first-child { border-top: 0; }
  table.findings td:first-child { width: auto; }
  table.cards td:not(:first-child)::before, table.cards tbody th::before {
    content: attr(data-label) ": "; content: attr(data-label) ": " / ""; font-weight: 600; }
}
@media print {
  body { font-size: 10.5pt; max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, tr { break-inside: avoid; page-break-inside: avoid; }
  table { font-size: 8.5pt; }
  th, td { padding: .15rem .25rem; }
  table.findings td:nth-child(8) { font-size: 7.5pt; }
  .table-box { overflow: visible; }
  thead { display: table-header-group; }
  svg.bars rect.bar, th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  @page { margin: 15mm; }
}
"""

# No script, style sheet, font, image or frame from anywhere; inline styles only.
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'")  # fmt: skip

# Chart geometry, in SVG user units (the drawing scales down to fit the page). Each label
# stands over its bar, in a drawing 360 wide: one 720 wide, with the labels beside the bars,
# scaled to a phone's 328 px, drew its 12 px labels 5.5 px high (a first hour, round 47);
# this one draws its 13 px labels 12 px high there, and 13 px wherever it has its width.
_WIDTH, _VALUE_W, _ROW, _BAR, _TOP = 360, 64, 36, 12, 4
_LABEL_CHARS = 44  # a longer label is cut with an ellipsis; the bar's <title> has it whole


def _chart(chart: BarChart) -> str:
    if not chart.labels:
        return f"<p>{escape('(nothing to chart)')}</p>"
    top = max(chart.values)
    room = _WIDTH - _VALUE_W
    height = _TOP * 2 + _ROW * len(chart.labels)
    # the bars' labels and values as the drawing's name: `role="img"` hides its text from a
    # screen reader, and the figure's caption already reads the note (a first hour, round 40:
    # the counts by unit and by week were nowhere else on the page)
    label = escape("; ".join(_spoken(chart, name, value)
                             for name, value in zip(chart.labels, chart.values, strict=True)))
    out = [f'<figure><svg class="bars" role="img" aria-label="{label}" '
           f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
           f'width="{_WIDTH}" height="{height}">']  # fmt: skip
    for n, (name, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = _TOP + n * _ROW
        width = _number(round(room * value / top, 1) if top else 0)
        after = _number(round(room * value / top + 6, 1) if top else 6)
        shown = name if len(name) <= _LABEL_CHARS else name[: _LABEL_CHARS - 1] + "…"
        amount = f"{_number(value)}{chart.unit}"
        bar = y + 18  # the label's line, then the bar
        out.append(
            f'<g class="bar-row"><title>{escape(name)}: {escape(amount)}</title>'
            f'<text x="0" y="{y + 13}">{escape(shown)}</text><rect class="bar" x="0" '
            f'y="{bar}" width="{width}" height="{_BAR}"></rect><text x="{after}" '
            f'y="{bar + _BAR - 2}">{escape(amount)}</text></g>')  # fmt: skip
    out.append("</svg>")
    if chart.note:
        out.append(f"<figcaption>{escape(chart.note)}</figcaption>")
    out.append("</figure>")
    return "\n".join(out)


def _spoken(chart: BarChart, name: str, value: float) -> str:
    """A bar as its chart's accessible name says it: `clause 3: 1 finding`, `East PDU: 4%`."""
    said = f"{chart.kind} {name}" if chart.kind else name
    if chart.counts:
        return f"{said}: {_number(value)} {chart.counts[0] if value == 1 else chart.counts[1]}"
    return f"{said}: {_number(value)}{chart.unit}"


def _table(table: Table) -> str:
    """The table in a box of its own that scrolls sideways when the table is wider than the
    screen (a first hour, round 47: tables of 660 to 1,100 px made a phone's page 900 px
    wide). A table of findings is, on a narrow screen, a card per finding (the page's style
    sheet), each cell under its header's name (`data-label`): the sentence, squeezed to a
    word a line among nine columns, is the card's first line. The cards are shown as blocks,
    which drops a table's meaning in some browsers, so its parts are named with their roles.
    So is any table whose `kind` has `cards`; others scroll."""
    cards = roles = "cards" in table.kind.split()
    out = ['<div class="table-box">']
    out.append(f'<table class="{escape(table.kind)}"{_role("table", roles)}>' if table.kind
               else "<table>")  # fmt: skip
    if table.caption:
        out.append(f"<caption>{escape(table.caption)}</caption>")
    out.append(f'<thead{_role("rowgroup", roles)}><tr{_role("row", roles)}>' + "".join(
        f'<th scope="col"{_role("columnheader", roles)}>{escape(h)}</th>'
        for h in table.headers) + "</tr></thead>")  # fmt: skip
    out.append(f'<tbody{_role("rowgroup", roles)}>')
    head = table.row_header
    labels = [f' data-label="{escape(h)}"' if cards else "" for h in table.headers]
    row_open = f'<tr{_role("row", roles)}>'
    out.extend(row_open + "".join(
        f'<th scope="row"{_role("rowheader", roles)}{labels[n]}>{escape(c)}</th>' if n == head
        else f'<td{_role("cell", roles)}{labels[n]}>{escape(c)}</td>'
        for n, c in enumerate(row)) + "</tr>" for row in table.rows)  # fmt: skip
    out.append("</tbody></table>\n</div>")
    return "\n".join(out)


def _role(role: str, on: bool) -> str:
    return f' role="{role}"' if on else ""


def _section(section: Section) -> str:
    level = 3 if section.level == 3 else 2
    anchor = f' id="{escape(section.id)}"' if section.id else ""
    out = [f"<section{anchor}>\n<h{level}>{escape(section.heading)}</h{level}>"]
    out.extend(f"<p>{escape(t)}</p>" for t in section.text)
    if section.chart is not None:
        out.append(_chart(section.chart))
    if section.table is not None:
        out.append(_table(section.table))
    out.append("</section>")
    return "\n".join(out)


def page(title: str, sections: Sequence[Section], *, intro: Sequence[str] = (),
         skip: tuple[str, str] | None = None,
         meta: Sequence[tuple[str, str]] = ()) -> str:  # fmt: skip
    """The whole page, in one `main` landmark: a title, `intro` paragraphs, then each section
    in order. `skip`: a section's id and the words of a link to it, first on the page, past
    what a screen reader or a keyboard would otherwise go through (the charts). `meta`: names
    and contents of `<meta>` elements, kept in the page's head and never shown."""
    kept = "".join(f'<meta name="{escape(name)}" content="{escape(content)}">\n'
                   for name, content in meta)  # fmt: skip
    head = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{kept}"
        f"<title>{escape(title)}</title>\n<style>\n{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(title)}</h1>"
    )  # fmt: skip
    link = [f'<p><a href="#{escape(skip[0])}">{escape(skip[1])}</a></p>'] if skip else []
    body = [head, *link, *(f"<p>{escape(t)}</p>" for t in intro), *map(_section, sections)]
    return "\n".join(body) + "\n</main>\n</body>\n</html>\n"


# ---------------------------------------------------------------------------------------------
# The check report: `workrules check --format html`.


def check_page(result: Result) -> str:
    """A check's findings as a page: a summary, charts of the findings by clause, by unit and
    by week, then the findings grouped by clause (rule, subject, period, place, measured vs
    limit, evidence, the facts and the sentence, any waiver), then the rules not applied."""
    from .findings import fails
    from .report import _summary, neutralised, setter, waiver_text

    result = neutralised(result)
    findings = result.findings
    by_clause: dict[str, list[Finding]] = {}
    for clause in _clause_order(result):
        by_clause[clause] = []
    for f in findings:
        by_clause.setdefault(f.clause, []).append(f)
    by_clause = {c: fs for c, fs in by_clause.items() if fs}
    titles = {r.id: r.title for r in result.rules}
    sections = []
    if findings:
        sections.append(_by_subject(by_clause, titles))
        clauses = list(by_clause)
        sections.append(Section("Findings by clause", chart=BarChart(
            clauses, [len(by_clause[c]) for c in clauses],
            note="Findings under each clause of the policy (waived findings included).",
            kind="clause", counts=_FINDINGS)))
        units = _counts(f.unit or "(no unit given)" for f in findings)
        if any(f.unit for f in findings):  # one bar of "(no unit given)" says nothing (a CSV
            # has no unit: a first hour, round 45)
            sections.append(Section("Findings by unit", chart=BarChart(
                sorted(units), [units[u] for u in sorted(units)],
                note="Findings in each unit: the record's, its staff member's, or its file's.",
                counts=_FINDINGS)))
        weeks = _counts(_week(f) for f in findings)
        order = sorted(weeks, key=lambda w: (w.startswith("("), w))
        sections.append(Section("Findings by week", chart=BarChart(
            order, [weeks[w] for w in order],
            note="Findings by the week (from Monday) in which their period starts.",
            counts=_FINDINGS)))
    first_table = False
    for clause, group in by_clause.items():
        rows = []
        for f in group:
            sentence = f.message
            if f.facts:
                sentence += "\nbecause " + "; ".join(f.facts)
            if f.waiver is not None:
                sentence += f"\n{waiver_text(f)}"
            evidence = "\n".join(f"{e.label} ({e.file}:{e.line})" for e in f.evidence)
            # in words, not by colour alone (a first hour, round 40)
            severity = ("waived" if f.waiver is not None else
                        f"{f.severity}: fails the run" if fails(f, result.fail_on)
                        else f"{f.severity}: does not fail the run")  # fmt: skip
            rows.append((sentence, severity, f.subject, f.when(), f.measured, f.limit,
                         f"{f.file}:{f.line}", evidence, f.rule))  # fmt: skip
        noun = "finding" if len(group) == 1 else "findings"
        ruled = list(dict.fromkeys(f.rule for f in group))
        caption = f"Clause {clause}: " + "; ".join(titles.get(r, r) for r in ruled)
        sections.append(Section(f"Clause {clause}: {len(group)} {noun}", id=(
            "findings" if not first_table else ""), table=Table(
            ("finding", "severity", "subject", "period", "measured", "limit", "where",
             "evidence", "rule"), rows, caption=caption, kind="findings cards",
            row_header=2)))  # fmt: skip
        first_table = True
    # the rules that judged nothing apart from those applied in part, which may have made
    # findings above (a first hour, round 47: 4c was listed as not applied under its finding)
    for partial, heading, said in (
            (False, "Rules not applied", "Silence is not a pass for these: each judged none "
             "of the data, for the reason given."),
            (True, "Rules applied in part", "Each of these judged some of the data and not "
             "the rest, for the reason given: its findings above stand, and silence on the "
             "rest is not a pass.")):  # fmt: skip
        listed = [na for na in result.not_applied if na.partial is partial]
        if listed:
            sections.append(Section(
                f"{heading} ({len(listed)})", text=(said,),
                table=Table(("rule", "clause", "reason"),
                            [(na.rule, na.clause, na.reason) for na in listed], kind="cards")))
    if result.unread:
        sections.append(Section(
            f"Rules that read no records ({len(result.unread)})",
            text=("The data has none of the records these rules judge, so they found nothing: "
                  "that is no pass.",),
            table=Table(("rule", "clause", "the data has no"),
                        [(u.rule, u.clause, u.records) for u in result.unread], kind="cards")))
    if result.settings:
        sections.append(Section(
            f"Values set for this run ({len(result.settings)})",
            text=(f"These values were set over the policy's own, by {_setters(result)}. A cap "
                  "set higher than the policy's hides the findings it would have made.",),
            table=Table(("parameter", "value used", "the policy's", "set by"),
                        [(s.name, s.value, s.policy, setter(s)) for s in result.settings],
                        kind="cards")))
    if result.files_not_read:  # (attack round 34, P7: named only on stderr and in GitHub's)
        sections.append(Section(
            f"Files not read ({len(result.files_not_read)})",
            text=("The folders checked hold these files, which workrules did not read, so did "
                  "not judge: a job description among them is judged once it is saved as "
                  "workrules reads it.",),
            table=Table(("file", "why not read"),
                        [(u.file, u.reason) for u in result.files_not_read], kind="cards")))
    checked = ", ".join(result.files) or "none"
    intro: tuple[str, ...] = (
        _summary(result), f"Files checked: {checked}.",
        # (a first hour, round 37: a manager read "the cap is 4 (8a)" as a term in force)
        f"Each finding measures the data against the limits policy {result.policy} states: a "
        "claim's are what the claim asks for, not terms agreed with the employer; an "
        "agreement's are what was agreed.")  # fmt: skip
    intro += (_made_by(result),)  # (a first hour, round 46: which policy text made it)
    if result.today is not None:  # (a first hour, round 39: a pack made again needs its day)
        intro += (f"Waivers and dated values were judged as on {result.today.isoformat()} "
                  f"(--today {result.today.isoformat()}): the same files and that day give "
                  "this report again.",)  # fmt: skip
    elif result.today_used is not None:  # the real date: said too, and how to give it again
        day = result.today_used.isoformat()
        intro += (f"Waivers and dated values were judged as on {day}, the day it ran: give "
                  f"--today {day} to make this report again.",)  # fmt: skip
    skip = ("findings", "Skip the charts to the findings") if findings else None
    kept = [("workrules-policy-digest", result.policy_digest)] if result.policy_digest else []
    kept += [("workrules-policy-file", f"{p.file} sha256:{p.sha256}")
             for p in result.policy_files]  # fmt: skip
    return page(_title(result), sections, intro=intro, skip=skip, meta=kept)


_FINDINGS = ("finding", "findings")
_TITLE_NAMES = 3  # units or files named in a page's title, then "and N more"


def _setters(result: Result) -> str:
    """Who set the values a run set over the policy's own, as their "set by" says: the
    policy files that extend it (`set` in an offer), the project's config, the command line
    (a first hour, round 51: an offer's own `set` lines were put down to a config)."""
    files = list(dict.fromkeys(s.file for s in result.settings if s.file.endswith(".wr")))
    said = []
    if files:
        said.append(f"the policy file {', '.join(files)} that extends it" if len(files) == 1
                    else f"the policy files {', '.join(files)} that extend it")  # fmt: skip
    if any(s.file and not s.file.endswith(".wr") for s in result.settings):
        said.append("the project's config")
    if any(not s.file for s in result.settings):
        said.append("the command line")
    return " and ".join(said)


def _title(result: Result) -> str:
    """What the page is of: its units (else its files) and the day it judged by, then the
    policy. A mail app, a browser's tab and a screen reader's window title show this alone,
    and every report was "workrules check: policy claim-2024" (a first hour, round 47)."""
    units = sorted({f.unit for f in result.findings if f.unit})
    names = units or [*result.files]
    of = ", ".join(names[:_TITLE_NAMES])
    if len(names) > _TITLE_NAMES:
        of += f" and {len(names) - _TITLE_NAMES} more"
    day = result.today_used or result.today
    when = f"judged as on {day.isoformat()}" if day is not None else ""
    said = ", ".join(filter(None, (of, when)))
    return f"{said}: workrules check, policy {result.policy}" if said else \
        f"workrules check: policy {result.policy}"


def _made_by(result: Result) -> str:
    """The policy by name and the first 12 hex digits of its digest, as the text report gives
    them, with its files (each with its own, so, when there are several), and the workrules
    version: what an auditor needs to find the commit. A whole digest, 64 characters, was
    read out letter by letter before the findings and ran past a phone's screen (a first
    hour, round 47): the page keeps the whole ones in its head (`<meta>`), and the JSON and
    SARIF reports have them."""
    from . import __version__

    files = result.policy_files
    each = [p.file if len(files) == 1 else f"{p.file}, sha256:{p.sha256[:12]}" for p in files]
    of = f", of {', then '.join(each)}" if each else ""
    short = result.policy_digest
    if short.startswith("sha256:"):
        short = short[:len("sha256:") + 12]
    digest = f" ({short}{of})" if short else ""
    return f"Made by policy {result.policy}{digest} and workrules {__version__}."


def _by_subject(by_clause: dict[str, list[Finding]], titles: dict[str, str]) -> Section:
    """A page's summary for members: one row for each subject and clause, with how many
    findings, the days they span and what the clause's rules check, in plain words (a first
    hour, round 45: a rep wanted a count by person and clause, with a sentence each, where
    the findings' tables print as eight pages)."""
    rows: dict[tuple[str, str], list[Finding]] = {}
    for clause, group in by_clause.items():
        for f in group:
            rows.setdefault((f.subject, clause), []).append(f)
    order = sorted(rows, key=lambda k: (k[0], _clause_key(k[1])))
    table = []
    for subject, clause in order:
        group = rows[(subject, clause)]
        starts = [f.period.start for f in group if f.period is not None]
        ends = [f.period.end for f in group if f.period is not None]
        days = ("-" if not starts else min(starts).isoformat() if min(starts) == max(ends)
                else f"{min(starts).isoformat()} to {max(ends).isoformat()}")
        what = "; ".join(titles.get(r, r) for r in dict.fromkeys(f.rule for f in group))
        waived = sum(f.waiver is not None for f in group)
        table.append((subject, clause, f"{len(group)} ({waived} waived)" if waived
                      else len(group), days, what))  # fmt: skip
    return Section("Findings by subject", text=(
        "Each person, post or file with a finding, and the clauses it falls under: the tables "
        "further down give each finding in full.",), table=Table(
        ("subject", "clause", "findings", "days", "what is checked"), table,
        row_header=0, kind="cards"))


def _clause_order(result: Result) -> list[str]:
    """The clauses in the claim's order, as a reader looks for them (1.2k(i), 4c, 5a, 7, 7a, 9;
    the policy's rules put 7a after 9: a first hour, round 37), then any other in order of
    finding."""
    return sorted(dict.fromkeys([r.clause for r in result.rules]), key=_clause_key)


def _clause_key(clause: str) -> tuple[tuple[int, int, str], ...]:
    """`1.2k(i)` as ((0, 1, ''), (0, 2, ''), (1, 0, 'k'), (1, 0, '(i)')): numbers by value
    before words, so that a clause of a local agreement ("local 1") comes after the claim's."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.findall(r"[0-9]+|[A-Za-z]+|\([^)]*\)", clause))


def _counts(keys: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key in keys:
        out[key] = out.get(key, 0) + 1
    return out


def _week(f: Finding) -> str:
    if f.period is None:
        return "(no period)"
    start = f.period.start
    return f"week of {(start - dt.timedelta(days=start.weekday())).isoformat()}"
