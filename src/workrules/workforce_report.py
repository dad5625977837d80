"""Clause 3's indicators as a table, CSV, JSON or an HTML page (`REPORTER_BY_NAME`).

Every format shows the same figures: a suppressed one as `[c]` (null in JSON, with its
`suppressed` flag), a figure that does not exist (no one in the group then, a change on zero)
as `-` (null), and a rate of a group with people whose denominator is 0 as `-` with why
(`level_why`). Beside each level, the counts it is of (`numerator`, `denominator`).
`sections` gives the report as (heading, definition, headers, rows) for page
formats built on it, such as an HTML page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from .workforce import (
    ALL,
    DIMENSION_NAMES,
    NATIONAL,
    SUPPRESSED,
    Cell,
    Indicator,
    IndicatorReport,
    Window,
)

# ("relative change": (now - before) / before, which nothing said was not percentage points, a
# vacancy rate of 7.7 to 11.5 being "+50.0%"; "all files" where they do not cover every region,
# their rows labelled with what they cover: a first hour, round 48, P5)
# (what each [c] of the row is hidden for: round 45, P1; and why a level of a group with
# people is `-`, its denominator 0: round 53, P1. `number`: the counts behind the level, the
# claim's "level/number": round 53, P3)
HEADERS = ("region", "group", "people", "level", "number", "previous", "relative change",
           "national", "regional", "why [c] or -")
OF_THE_FILES = "all files"  # the national column's header where the files are not the nation's
# (`period` last: a CSV of each quarter, stacked for a chart, said nothing of which it was in a
# first hour, round 45, P4; last, so that a script reading the columns by place reads on)
# (`numerator` and `denominator` after it, for the same reason: round 53, P3)
CSV_HEADERS = ("indicator", "unit", "region", "dimension", "group", "people", "level",
               "previous", "relative_change_percent", "national", "regional", "note",
               "period", "numerator", "denominator")  # fmt: skip
NO_FIGURE = "-"


def _when(w: Window) -> str:
    return f"{w.label} ({w.start.isoformat()} to {w.end.isoformat()})"


def _number(value: float | None, hidden: bool, places: int) -> str:
    if hidden:
        return SUPPRESSED
    if value is None:
        return NO_FIGURE
    if value != value or value in (float("inf"), float("-inf")):
        return f"{value:,.{places}f}"  # (no figure is: as Python writes it, never a crash)
    return f"{half_up(value, places):,}"


def half_up(value: float, places: int) -> Any:
    """`value` to `places` decimal places, an exact half rounded up (away from zero), as by
    hand or in a spreadsheet: 0.625 is 0.63 (Python's own rounding, to even, gives 0.62).
    The float is first read to six places more than it is shown: a sum of shares carries
    float's error in its last digits (ten shares of 0.6 are 5.999999999999999, and 6/32 was
    18.749999999999996, shown 18.7 beside the JSON's 18.75: scenarios round 41; fifty shares
    gave 47.74999999999994 for 47.75, past the 15 significant digits read before), which no
    figure here is exact to."""
    from decimal import ROUND_HALF_UP, Decimal

    read = Decimal(f"{float(value):.{places + 6}f}")
    return read.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _change(cell: Cell) -> str:
    if cell.suppressed or cell.previous_suppressed:
        return SUPPRESSED
    if cell.change is None:
        return NO_FIGURE
    change = half_up(cell.change, 1)  # as the figures are rounded: by hand, a half up
    return f"{change:+}%" if change else "0.0%"  # (a fall of 0.04% is no "-0.0%")


def national(report: IndicatorReport) -> bool:
    """Whether the files cover every region, so that their rows are the nation's."""
    return report.scopes.get(NATIONAL, NATIONAL) == NATIONAL


def scope(report: IndicatorReport, cell: Cell) -> str:
    """What a row's scope is labelled: `national` or its region's name where the files cover
    every region, else what the files cover (`workforce.scope_labels`)."""
    return report.scopes.get(cell.scope, cell.scope)


def group(report: IndicatorReport, cell: Cell) -> str:
    """A row's group as written in the files, with its plain title beside a grade's code."""
    title = report.grades.get(cell.group) if cell.dimension == "grade" else None
    return cell.group if title is None else f"{cell.group} ({title})"


def _group(report: IndicatorReport, cell: Cell) -> str:
    return (ALL if cell.dimension == ALL
            else f"{DIMENSION_NAMES[cell.dimension]}: {group(report, cell)}")  # fmt: skip


def column_headers(report: IndicatorReport) -> tuple[str, ...]:
    return HEADERS if national(report) else tuple(
        OF_THE_FILES if h == NATIONAL else h for h in HEADERS)  # fmt: skip


def why_hidden(cell: Cell, before: str) -> str:
    """What each of the row's own hidden figures is hidden for, in a few words (its national
    and regional columns copy rows that say their own); `before`: the period before's label."""
    if cell.why is not None and cell.previous_why == f"{cell.why} in {before}":
        return f"{cell.why}, now and in {before}"
    return "; ".join(f"{what}{why}" for what, why in (
        ("", cell.why), ("people: ", cell.people_why), ("before: ", cell.previous_why))
        if why is not None)  # fmt: skip


def why_no_figure(cell: Cell, before: str) -> str:
    """Why a level of a group with people in it, now or in the period before, is `-`: its
    denominator is 0 (`Cell.level_why`), where the legend's "no one in the group" is wrong."""
    return "; ".join(f"{what}{why}" for what, why in (
        ("", cell.level_why), (f"{before}: ", cell.previous_level_why)) if why is not None)


def why_column(cell: Cell, before: str) -> str:
    """The last column: why each [c] is hidden, and why a `-` of a group with people is."""
    return "; ".join(filter(None, (why_hidden(cell, before), why_no_figure(cell, before))))


def count(value: float | None) -> str:
    """A count behind a level as a reader checks it by hand: whole where it is whole, else
    to two places (5.9 FTE vacant, 910.5 working days, 10.14 FTE)."""
    if value is None:
        return ""
    rounded = half_up(value, 2)
    whole = rounded == rounded.to_integral_value()
    return f"{rounded:,.0f}" if whole else f"{rounded.normalize():,}"


def number(cell: Cell) -> str:
    """The counts behind a level, numerator / denominator (`[c]` where the level or its people
    are hidden: they would give them)."""
    if cell.suppressed or cell.people_suppressed:
        return SUPPRESSED
    if cell.numerator is None or cell.denominator is None:
        return NO_FIGURE
    return f"{count(cell.numerator)} / {count(cell.denominator)}"


def _row(report: IndicatorReport, ind: Indicator, cell: Cell) -> list[str]:
    p, before = ind.places, report.previous.label
    return [
        scope(report, cell), _group(report, cell),
        _number(cell.people, cell.people_suppressed, 0),
        _number(cell.level, cell.suppressed, p), number(cell),
        _number(cell.previous, cell.previous_suppressed, p), _change(cell),
        _number(cell.national, cell.national_suppressed, p),
        "" if cell.scope == NATIONAL else _number(cell.regional, cell.regional_suppressed, p),
        why_column(cell, before),
    ]  # fmt: skip


def heading(ind: Indicator) -> str:
    return f"{ind.title} ({ind.unit})"


def not_available(ind: Indicator) -> str:
    return f"not available: {ind.reason}"


def _with_care(ind: Indicator) -> str:
    """What may make an indicator's figures wrong, and the period before's."""
    return "; ".join(c for c in (ind.caveat, ind.previous_caveat) if c)


def read_with_care(ind: Indicator) -> str:
    said = _with_care(ind)
    return f"read with care: {said}" if said else ""


def sections(report: IndicatorReport) -> list[tuple[str, str, tuple[str, ...], list[list[str]]]]:
    """Each indicator as (heading, definition or why it is not available, and what may make
    its figures wrong, headers, rows)."""
    return [(heading(ind), (ind.definition + _number_is(ind)
                            + (f". Read with care: {_with_care(ind)}" if _with_care(ind)
                               else ""))
             if ind.available else not_available(ind),
             column_headers(report),
             [_row(report, ind, c) for c in ind.cells])
            for ind in report.indicators]  # fmt: skip


def _number_is(ind: Indicator) -> str:
    """What the `number` column's two counts are."""
    if not (ind.numerator and ind.denominator):
        return ""
    return f". Number: {ind.numerator} / {ind.denominator}"


def legend(report: IndicatorReport) -> list[str]:
    n = report.min_cell
    return [
        f"Period {_when(report.period)}; relative change on the period before, "
        f"{_when(report.previous)}: (now - before) / before, so a rate of 10.0 that rises to "
        "12.0 is +20.0%, not 2 percentage points. FTE: contracted hours / "
        f"{report.full_time_hours:g}.",
        f"{SUPPRESSED} suppressed: a group of fewer than {n} people, or a figure that would let "
        "a suppressed one be worked out (from a total, or the "
        + ("national" if national(report) else "all files'") + " or regional rows); a "
        "group's people also where another indicator counts the same people and hides them. "
        "The period before shows what its own report shows, and the change is given where both "
        "figures are. The last column says why each is hidden.",
        f"{NO_FIGURE} no figure: no one in the group then, a change on zero, a period before "
        "the data does not cover (said under the indicator), or a rate whose denominator is 0 "
        "though the group had people (the last column says why). Number: the counts the level "
        "is of, numerator / denominator (the definition says which). " + _whole(report)
        + " No figure is about one person, so --redact changes nothing here.",
    ]  # fmt: skip


def no_rows(report: IndicatorReport) -> list[str]:
    """The breakdowns asked for that no staff record gives, said once above the legend: they
    have no rows, where one row `not given` repeated the whole (scenarios round 53, P6)."""
    out = []
    if report.no_rows_by:
        names = [DIMENSION_NAMES[d] for d in report.no_rows_by]
        said = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        out.append(f"No rows by {said}: no staff record gives one, and a row of everyone as "
                   "`not given` would be no group.")
    if report.read_as_not_given:
        words = "; ".join(
            f'{DIMENSION_NAMES[d]} "{word}" ({n:,} {"person" if n == 1 else "people"})'
            for d, word, n in report.read_as_not_given)
        out.append(f"Read as `not given`, as words an export writes where it holds no answer: "
                   f"{words}. An answer given (\"Prefer not to say\", \"Not stated\") keeps a "
                   "row of its own.")
    return out


def _whole(report: IndicatorReport) -> str:
    """What the national (or all files') column and the regional one are, in the legend."""
    if national(report):
        return ("National: the same group in all the data given" + (
            f" ({report.covers}), the nation's only if the data covers every region"
            if report.covers else "") + "; regional: the whole of the row's region.")
    covers = f" ({report.covers})" if report.covers else ""
    return (f"All files: the same group in all the files given{covers}, which do not cover "
            "every region, so no figure here is the nation's, and each row's label says what "
            "its files cover; regional: the whole of the row's region in the files given.")


def table(report: IndicatorReport) -> str:
    from tabulate import tabulate

    out: list[str] = []
    for title, definition, headers, rows in sections(report):
        out.append(title)
        out.append(f"  {definition}")
        if rows:
            out.append(tabulate(rows, headers=list(headers), tablefmt="simple",
                                disable_numparse=True,
                                colalign=("left", "left", *("right",) * 7, "left")))  # fmt: skip
        out.append("")
    out.extend([*no_rows(report), *legend(report)])
    return _plain_lines("\n".join(out)) + "\n"


def _plain_lines(text: str) -> str:
    from .errors import printable
    from .report import no_command_lines

    return no_command_lines("\n".join(printable(line) for line in text.split("\n")))


def csv_text(report: IndicatorReport) -> str:
    import csv
    import io

    from .report import inert_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    period = inert_cell(report.period.label)
    for ind in report.indicators:
        if not ind.available:
            writer.writerow([ind.id, ind.unit, *[""] * 9, not_available(ind), period, "", ""])
            continue
        before = report.previous.label
        for cell in ind.cells:
            # numbers as a spreadsheet reads them: no thousands separator ("4,801" was text)
            row = _row(report, ind, cell)
            del row[4]  # (the counts go in columns of their own, last)
            row[2:8] = [value.replace(",", "") for value in row[2:8]]
            hidden, no_figure = why_hidden(cell, before), why_no_figure(cell, before)
            counts = [SUPPRESSED] * 2 if cell.suppressed or cell.people_suppressed else [
                NO_FIGURE if v is None else count(v).replace(",", "")
                for v in (cell.numerator, cell.denominator)]  # fmt: skip
            # (the row's scope as labelled: one PDU's files pasted into a board paper said
            # "national" and the region, never the PDU: a first hour, round 48, P5)
            writer.writerow([ind.id, ind.unit, inert_cell(row[0]), cell.dimension,
                             inert_cell(group(report, cell)), *row[2:5],
                             row[5].rstrip("%"), *row[6:8],
                             "; ".join(filter(None, (hidden and f"why [c]: {hidden}",
                                                     no_figure and f"why -: {no_figure}",
                                                     read_with_care(ind)))),
                             period, *counts])  # fmt: skip
    return buffer.getvalue()


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6) + 0.0  # -0.0 written as 0.0
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def to_dict(report: IndicatorReport) -> dict[str, Any]:
    """The report as plain data: stable keys, floats to 6 places, dates as ISO text."""

    def plain(_inst: Any, _field: Any, value: Any) -> Any:
        return value.isoformat() if hasattr(value, "isoformat") else value

    data = attrs.asdict(report, value_serializer=plain)
    data["redact"] = "ignored: no figure is about one person"
    return _rounded(data)  # type: ignore[no-any-return]


def json_text(report: IndicatorReport) -> str:
    import json

    return json.dumps(_unbracketed(to_dict(report)), indent=2, ensure_ascii=False) + "\n"


def _unbracketed(value: Any) -> Any:
    """`value` with no CI log command (`##vso[...]`) in any text: a region's name in the JSON
    printed to a pipeline's log."""
    from .errors import unbracketed

    if isinstance(value, str):
        return unbracketed(value)
    if isinstance(value, dict):
        return {k: _unbracketed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unbracketed(v) for v in value]
    return value


def html_page(report: IndicatorReport) -> str:
    """One self-contained page (`html_report.page`): for each indicator its definition, a bar
    chart of its shown levels (the national rows, or each region's whole with `--by region`),
    and the table beneath."""
    from .html_report import BarChart, Section, Table, page

    out = []
    nation = national(report)
    for ind, (title, definition, headers, rows) in zip(report.indicators, sections(report),
                                                       strict=True):  # fmt: skip
        if not ind.available:
            out.append(Section(title, text=(definition,)))
            continue
        regional = any(c.scope != NATIONAL for c in ind.cells)
        charted = [c for c in ind.cells if (c.dimension == ALL if regional else
                                            c.scope == NATIONAL)
                   and not c.suppressed and c.level is not None and c.level >= 0]  # fmt: skip
        # each bar labelled as its row (files short of every region: what they cover, never
        # "national: 11.6%" for one PDU, a first hour, round 48, P5)
        whole = "the national figure" if nation else "the figure for all the files"
        chart = BarChart([scope(report, c) if regional or (c.dimension == ALL and not nation)
                          else _group(report, c) for c in charted],
                         [float(half_up(c.level or 0.0, ind.places)) for c in charted],
                         note=(f"Each region's whole and {whole}" if regional else
                               f"{whole[0].upper()}{whole[1:]} and each group")
                         + f", in {ind.unit}; suppressed groups and negative rates are not "
                         "drawn.", unit="%" if ind.unit == "%" else "")  # fmt: skip
        # a caption naming the indicator and period, and each row headed by its region where
        # the rows are regions' (the group "all" of each, else: the review of session 48), else
        # by its group, so a screen reader moving through a figure says whose it is (a first
        # hour, round 47)
        table = Table(headers, rows, caption=f"{title}, {report.period.label}",
                      row_header=0 if regional else 1)
        out.append(Section(title, text=(definition,), chart=chart, table=table))
    what = "" if nation else f"{report.scopes[NATIONAL]}, "
    return page(f"workrules indicators: {what}{report.period.label}", out,
                intro=[*no_rows(report), *legend(report)])


REPORTER_BY_NAME: dict[str, Callable[[IndicatorReport], str]] = {
    "table": table,
    "csv": csv_text,
    "json": json_text,
    "html": html_page,
}
