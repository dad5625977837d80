"""CSV and Parquet exports: one file per list, one row per record, one column per field.

The list a file fills is in its name: the last word of the name before the suffix, after a
`-`, `_`-free separator (`-` or `.`), or the whole name (`wmt.csv`, `region-01-wmt.csv`,
`north-east.timesheets.parquet`). The list says the kind of record, and the kind of file
(`staff` lists go in a staff file, `timesheets` in a rota, `wmt` in an allocation). Columns
are the record's fields; a nested record's fields are `subject.rosh`, `subject.flags`. A
list (`roles`, `supervisors`) is a Parquet list, or in CSV its items separated by `;`. An
empty CSV cell, or a Parquet null, is a field not given.

Each file becomes the document its JSON form would be, and is validated and refused alike.
Where it stands: a CSV record's line is the line of the file where its row starts (the
header is line 1, so the first record is line 2); a Parquet record's line is its row number
counting the first row as 1. Parquet is read through pyarrow, imported only when a `.parquet`
file is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import functools
import io
import math
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

from . import datamodel as dm
from . import limits
from .errors import InputError, closest, collected, did_you_mean
from .limits import (
    DATE_RANGE,
    MAX_CHECK_ROWS,
    MAX_ERRORS_PER_FILE,
    MAX_NUMBER,
    file_rows,
    file_text,
)
from .load import MAX_JSON_BYTES, Document, Mapping

TABULAR_SUFFIXES = (".csv", ".parquet")
_NUMBERS = ("hours", "percent", "count")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")

# list name -> (kind of file, kind of record); `staff` lists go in a staff file
_LISTS: dict[str, tuple[str, str]] = {}
for _kind in ("staff", "rota", "allocation"):
    for _section, _record in dm.LISTS[_kind].items():
        _LISTS.setdefault(_section, (_kind, _record))


def list_word(path: str) -> str:
    """The last word of a tabular file's name, which names the list it fills."""
    stem = os.path.splitext(os.path.basename(path))[0]
    for sep in ("-", "."):
        stem = stem.rsplit(sep, 1)[-1]
    # a blank apart too, as a spreadsheet's name is written ("Tees PDU - staff.csv", "Tees
    # PDU staff.csv": refused as ' staff', "did you mean 'staff'?", in a first hour, round 42),
    # where the last word is a list's name as it is ("Training sessions.csv" is no near miss
    # of upw_sessions, which a folder walk would stop at: the review of session 42)
    words = stem.split()
    last = words[-1].lower() if len(words) > 1 else ""
    return words[-1] if last in _LISTS or last in _LIST_WORDS else stem.strip() or stem


def _renamed(name: str, suffix: str) -> str | None:
    """The name to give a file whose name ends with a list's name, but in capitals or after
    a blank or `_` (`team - WMT.csv`, `ne_absences.csv`: a first hour, round 45, P12, where a
    warehouse's 18 files were each told "did you mean 'absences'?" and not the name to give):
    the rest of its name, `-`, and the list's; else None."""
    ending = next((n for n in sorted(_LISTS, key=len, reverse=True)
                   if name.lower().endswith(n)), None)  # fmt: skip
    if ending is None:
        return None
    rest = name[: -len(ending)].strip(" -_.")
    return f"{rest}-{ending}{suffix}" if rest else f"{ending}{suffix}"


def list_of(path: str) -> str | None:
    """The list a tabular file fills, from its name, or None."""
    stem = list_word(path)
    return stem if stem in _LISTS else None


# What an office calls a list in an export's name, where it is no near miss of the list's own
# name (`STH-upw.csv` of unpaid work sessions was skipped by a folder walk, and its 9-member
# session passed: a first hour, round 43): read, for the loader to refuse with the name to give
_LIST_WORDS = {"upw": "upw_sessions", "unpaid_work": "upw_sessions", "unpaidwork":
               "upw_sessions", "programmes": "programme_sessions", "programme":
               "programme_sessions", "mappa": "mappa_meetings", "sfo": "sfo_reviews",
               "sfos": "sfo_reviews", "psr": "reports", "psrs": "reports", "caseload": "cases",
               "caseloads": "cases", "sickness": "absences", "timesheet": "timesheets",
               "absence": "absences", "incident": "incidents"}  # fmt: skip


def names_a_list(path: str) -> bool:
    """Whether a tabular file's name ends with a list's name or a near miss of one, or a word
    an office calls a list by (`_LIST_WORDS`): the loader then refuses it with the likely
    name, rather than a folder walk skip it."""
    import difflib

    word = list_word(path).lower()
    if word in _LISTS or difflib.get_close_matches(word, _LISTS, 1, 0.8):
        return True
    if word in _LIST_WORDS:  # an office's word, over columns like the list's own: two or more
        # of its fields, or near misses of them ("Session,Date,Site,Supervisor,Hours"); another
        # tool's file so named is skipped ("Project,Address,Capacity" in `STH-upw.csv`, a list
        # of programmes with a `Programme` column: the review of session 43)
        return _like_columns(_header_titles(path), _LIST_WORDS[word]) >= 2
    named = _list_in_name(path)  # ("staff-survey-2024.csv" is no staff list: its header says)
    if named is not None:
        # a warehouse's export of the list, titled its own way (`ne_staff.csv` of `Staff ID,
        # Job Title,Contracted Hours`), is read, to be refused naming each column as when
        # named itself (a first hour, round 45, P11: a walk skipped it with a bare note, then
        # said to pass the file that lists the staff)
        return _header_fits(path, named) or _like_columns(_header_titles(path), named,
                                                          titled=True) >= 2
    return header_list(path) is not None


def _like_columns(titles: Iterable[str], section: str, titled: bool = False) -> int:
    """How many of `titles` are fields of `section`'s records or near misses of one: a
    plural or a slip (`supervisor`), or a field's last word (`hours` of `contact_hours`).
    With `titled`, also as an HR export titles one (`_TITLES`: `job title` for grade) or a
    title ending in a field's name (`staff_id` for id)."""
    import difflib

    fields = set(_columns_of(record_of(section)))
    def titled_as(t: str) -> bool:  # (an HR export's title, or one ending in a field's name)
        return any(t.endswith("_" + f) for f in fields) or any(
            f in fields for f in _TITLES.get(_WORDS.sub(" ", t).strip(), ()))

    return sum(1 for t in titles if t in fields or difflib.get_close_matches(t, fields, 1, 0.8)
               or any(f.endswith("_" + t) for f in fields) or (titled and titled_as(t)))


def header_list(path: str) -> str | None:
    """The list a CSV or Parquet file's header is, whatever its name: the first whose fields
    all its columns are, among them every field its records need and one of its own (attack
    round 17: `rota.csv`, an unpaid work register by its header, was skipped by a folder
    walk, and its breach passed; named, the loader refuses it for its name). A header of
    common words only (`id,date,type`, `week,cases`, `id,name,grade`) is no list's: another
    tool's file is not refused (the review of session 40)."""
    given = _header_titles(path)
    if not given:
        return None
    for section in _LISTS:
        if set(given) <= set(_columns_of(record_of(section))) and list_is_shown(section, given):
            return section
    return None


# Fields only a workrules list's records have: one of them, with every field a record needs,
# shows a list for what it is, whatever its file's name or kind says
_OWN_FIELDS = frozenset({"hours_worked", "toil_hours", "paid_excess_hours", "supervisors",
                         "members", "contact_hours", "facilitators", "programme", "chair",
                         "percent", "practitioner", "rosh", "author", "required_signoffs",
                         "signed_off", "first_day", "last_day", "contracted_hours",
                         "line_manager", "pta", "pso_assessor", "qualified_on"})  # fmt: skip


def list_is_shown(section: str, keys: Iterable[str]) -> bool:
    """Whether `keys` (a header's columns, or the keys a file writes) show the list
    `section`: every field its records need, and one only its records have."""
    record = record_of(section)
    have = set(keys)
    return {f.name for f in record.fields if f.required} <= have and bool(
        have & _OWN_FIELDS & {f.name for f in record.fields}
        or (section == "establishment" and have >= _FUNDED))


# An establishment's funded posts by grade (`Unit,Grade,Posts`: a first hour, round 42); posts
# alone are another tool's (a blog's `Unit,Posts`: the review of session 40)
_FUNDED = frozenset({"grade", "posts"})


def _header_fits(path: str, section: str) -> bool:
    """Whether a CSV or Parquet file's columns are all fields of `section`'s records (read as
    the loader reads a header): an export named list-first, as its header shows."""
    known = set(_columns_of(record_of(section)))
    given = _header_titles(path)
    return bool(given) and all(t in known for t in given)


def _header_titles(path: str) -> list[str]:
    """A CSV or Parquet file's column titles as fields' names (`_titles`), or those of a list
    saved as Excel's "Unicode Text" (`.txt`); none if it cannot be read as one."""
    try:
        if path.lower().endswith(".csv"):
            with open(path, "rb") as handle:
                head = handle.read(1 << 16).decode("utf-8-sig", "replace")
            titles = next(csv.reader(io.StringIO(head)), [])
        elif path.lower().endswith(".txt"):  # a list saved as Excel's "Unicode Text"
            from .load import unicode_text

            with open(path, "rb") as handle:
                raw = handle.read(1 << 16)
            if not unicode_text(raw):
                return []
            text = raw[: len(raw) // 2 * 2].decode("utf-16", "replace")
            titles = next(csv.reader(io.StringIO(text), delimiter="\t"), [])
        elif path.lower().endswith(".parquet"):
            import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]

            titles = list(pq.read_schema(path).names)
        else:
            return []
    except Exception:  # (unreadable or not Parquet: it is no export to refuse by its name)
        return []
    return _titles(titles)


def _list_in_name(path: str) -> str | None:
    """A list's name written elsewhere in a tabular file's name than at its end, as exports
    are named by the month or copied ("timesheets-2024-06.csv", "wmt_june.csv", "Copy of
    timesheets.csv"), or None: the loader refuses such a file with the name to give it, and a
    folder walk, which skipped it, so passing every breach in it, reads it to be refused."""
    stem = os.path.splitext(os.path.basename(path))[0].lower()
    for name in sorted(_LISTS, key=len, reverse=True):  # (`upw_sessions` before `sessions`)
        if re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", stem):
            return name
    return None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_YEAR = re.compile(r"(?<![a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
                         r"[ _-]*((?:19|20)[0-9]{2})(?![0-9])", re.IGNORECASE)


def _year_month(found: re.Match[str]) -> str:
    return f"{found[2]}-{_MONTHS.index(found[1].lower()) + 1:02}"


def read_tabular(raw: bytes, path: str, suffix: str, fast: bool = False,
                 lazy: bool = False, *, opened: str | None = None) -> Any:  # fmt: skip
    """A CSV or Parquet file's records as a document of its kind; with `fast`, a Parquet
    file's records built in bulk from its columns where that can be vouched for (a
    `fastload.Built`; see `fastload.read_fast_columns`); with `lazy` as well, kept as its
    columns where they can be vouched for (`lazyrows.vet`), to be built when read. `opened`:
    the file `raw` was read from, where `path` names it otherwise (`named_in_root`)."""
    section = list_of(path)
    if section is None:
        stem = list_word(path) if os.path.basename(path)[: -len(suffix)] else ""
        if not stem:
            form = "CSV" if suffix == ".csv" else "Parquet"
            raise InputError(f"a {form} file's name says which list it fills "
                             f"(e.g. region-01-timesheets{suffix}); this one has no name "
                             f"before {suffix}", file=path)  # fmt: skip
        named = _list_in_name(path)
        # (a month's name, "Timesheets April 2024.csv", though a near miss of the list's name
        # as a whole: first hour, round 52, P5)
        if named is not None and (not did_you_mean(stem, _LISTS) or _MONTH_YEAR.search(stem)):
            name = os.path.basename(path)[: -len(suffix)]
            at = name.lower().find(named)
            rest = "-".join((name[:at] + " " + name[at + len(named):]).replace("_", " ")
                            .replace("-", " ").split())  # fmt: skip
            rest = _MONTH_YEAR.sub(_year_month, rest)  # "April-2024": 2024-04, in date order
            first = InputError(
                "a CSV or Parquet file names the list it fills at the end of its name; this "
                f"one names '{named}' before the end: rename it "
                f"{rest + '-' if rest else ''}{named}{suffix}", file=path)  # fmt: skip
            if suffix == ".csv":  # and what its header would be told once renamed
                try:
                    _csv_rows(raw, path, named, _columns_of(record_of(named)))
                except InputError as header:
                    raise collected([first, header]) from None
            raise first
        # its header says which, before a name alike ("posts.csv" of an establishment's
        # columns: "did you mean 'reports'?", in a first hour, round 42): name it so
        headed = header_list(opened or path)
        renamed = None
        hint = (f" (did you mean '{_LIST_WORDS[stem.lower()]}'?)"
                if stem.lower() in _LIST_WORDS else did_you_mean(stem, _LISTS))
        if headed and f"'{headed}'" not in hint:
            hint = (f"; its columns are those of {headed}: rename it "
                    f"{os.path.basename(path)[: -len(suffix)]}-{headed}{suffix}")
        elif (renamed := _renamed(os.path.basename(path)[: -len(suffix)], suffix)) is not None:
            hint += f": rename it {renamed}"
        misnamed = InputError(
            "a CSV or Parquet file names the list it fills at the end of its name (e.g. "
            f"region-01-timesheets{suffix}); '{stem}' is not one of "
            f"{', '.join(sorted(_LISTS))}{hint}",
            file=path,
        )
        meant = list_of(renamed) if renamed is not None else named
        if meant is not None and suffix == ".csv" and not headed:
            # and what its header would be told once renamed, in the same run: a warehouse's
            # `ne_staff.csv` titles its columns its own way too (a first hour, round 45, P11)
            try:
                _csv_rows(raw, path, meant, _columns_of(record_of(meant)))
            except InputError as header:
                raise collected([misnamed, header]) from None
        raise misnamed
    kind, record_kind = _LISTS[section]
    bad: list[InputError] = []  # a row's first bad cell, for each row: said at once
    row_bad = 0  # how many of them are rows that are no record (a Total row)
    if suffix == ".csv":
        rows = _csv_rows(raw, path, section, _columns_of(dm.BY_NAME[record_kind]), bad)
        row_bad = len(bad)  # (rows that are no record: the others are read all the same)
        if section == "staff":
            _refuse_merged_cells(rows, path, ("unit", "region"))
    else:
        table = _parquet_columns(_parquet_table(raw, path), path, section)
        if fast and not _spaces_only(table):
            from .fastload import Built, Declined, read_fast_columns

            if lazy:
                from .lazyrows import vet

                try:
                    chunk = vet(table, path, kind, section)
                except Declined:
                    pass
                else:
                    return Built(path, kind, {"kind": kind}, [
                        (k, chunk if k == record_kind else []) for k in dm.LISTS[kind].values()])
            try:
                return read_fast_columns(_columns(table), table.num_rows, path, kind, section)
            except Declined:  # the exact path reads it, and says what is wrong and where
                pass
        rows = list(enumerate(_pylist(table, path), start=1))
    record = dm.BY_NAME[record_kind]
    fields = {f.name: f for f in record.fields}
    top = Mapping(kind=kind)
    top.line = 1
    records = []
    decimals = _decimal_columns(rows, fields)
    for line, row in rows:
        out = Mapping()
        out.line = line
        try:
            for column, value in row.items():
                if value is None or (value.__class__ is str and not value.strip()):
                    continue  # an empty cell (or one of spaces only) gives nothing
                name, _, inner = column.partition(".")
                field = fields.get(name)
                if inner and field is not None and field.type == "record":
                    nested = out.setdefault(name, {})
                    if isinstance(nested, dict):
                        sub = next((f for f in dm.NESTED_KINDS[field.record].fields
                                    if f.name == inner), None)  # fmt: skip
                        nested[inner] = _typed(sub, value, column, path, line)
                    continue
                out[column] = _typed(field, value, column, path, line, column in decimals)
        except InputError as err:
            bad.append(err)
            if len(bad) >= MAX_ERRORS_PER_FILE:
                break
            continue
        records.append(out)
    top[section] = records
    if bad:  # the rows that are no record first (a Total row at the end is not lost past the
        # lines shown), then the cells of the others by line; where those were all read,
        # what the load would find in their records (first hour, round 52, P7)
        more = () if len(bad) >= MAX_ERRORS_PER_FILE or len(bad) > row_bad else (
            _refusals_of(Document(path, top, "", "json")))  # fmt: skip
        raise collected([*bad[:row_bad], *sorted([*bad[row_bad:], *more],
                                                 key=lambda err: err.line or 0)])
    return Document(path, top, "", "json")


def _refusals_of(doc: Document) -> tuple[InputError, ...]:
    """What loading `doc` refuses in its records (the schema's, and building them: a date
    written dd/mm/yyyy, a grade that is a pay band), as `build_dataset` says them; none if
    it loads."""
    from .dataset import _errors_in, _past_the_schema, sections_of, validate

    unsound: set[tuple[str | int, ...]] = set()
    try:
        kind = validate(doc, unsound)
        for _ in sections_of(doc, kind, []):
            pass
    except InputError as err:
        return _errors_in(_past_the_schema(doc, err, unsound, []) if unsound else err)
    return ()


def _decimal_columns(rows: list[tuple[int, Any]], fields: dict[str, dm.Field]) -> set[str]:
    """The hours columns of a CSV file that one cell shows to be decimal numbers: two decimals
    that are no minutes (`30.70`), or three or more (`7.125`). A warehouse's DECIMAL(5,2)
    column writes every cell with two decimals, and its `32.10` was refused, row by row, as
    perhaps 32 h 10 min (a first hour, round 45: some 200 refusals of one column whose
    `30.70` says what it is); such a column's cells are read as the decimals they are."""
    hours = {name for name, f in fields.items() if f.type == "hours"}
    out: set[str] = set()
    for _, row in rows:
        for column in hours.intersection(row).difference(out):
            value = row[column]
            if value.__class__ is str and _NO_MINUTES.fullmatch(value):
                out.add(column)
        if len(out) == len(hours):
            break
    return out


_NO_MINUTES = re.compile(r"\s*[0-9]+\.(?:[6-9][0-9]|[0-9]{3,})\s*")


def _typed(field: dm.Field | None, value: Any, column: str, path: str, line: int,
           in_decimals: bool = False) -> Any:
    """A CSV cell as the JSON value of its field (Parquet values are typed already)."""
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        # a time of day (a date stored as UTC: 23:00 the day before) is never cut to a day
        raise InputError(f"{column}: {value.isoformat(' ')} is a date and a time of day; give "
                         "the date alone (a date column, or midnight)", file=path,
                         line=line)  # fmt: skip
    if isinstance(value, dt.date):  # a Parquet date or timestamp column
        return value.isoformat()[:10]
    if isinstance(value, dict):  # a Parquet struct: a nested record, nulls not given
        return {k: _typed(None, v, f"{column}.{k}", path, line) for k, v in value.items()
                if v is not None}  # fmt: skip
    if isinstance(value, list | tuple):  # a Parquet list: its items typed alike
        if None in value:
            raise InputError(f"{column}: item {list(value).index(None) + 1} of the list is "
                             "null; remove it or give its value", file=path,
                             line=line)  # fmt: skip
        return [_typed(None, v, column, path, line) for v in value]
    if isinstance(value, decimal.Decimal):  # a Parquet decimal column
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{column}: {value} is not a number", file=path, line=line)
    if isinstance(value, int | float) and not isinstance(value, bool) and (
            field is None or field.type in _NUMBERS):  # (a number for text is not text)
        return _bounded(value, str(value), column, path, line)
    if not isinstance(value, str | int | float | bool):  # bytes, a time of day, a duration
        kind = type(value).__name__
        raise InputError(f"{column}: a Parquet value of type {kind} is not a text, number, "
                         "true/false, date or list", file=path, line=line)  # fmt: skip
    if not isinstance(value, str):
        return value
    if "#" in value and value.strip().upper() in _EXCEL_ERRORS:  # (every CSV cell comes here)
        raise InputError(f"{column}: {value.strip()!r} is Excel's error value (a formula that "
                         "failed), not data; give the value, or leave the cell empty where "
                         "it is not known", file=path, line=line)  # fmt: skip
    if field is None:
        return value
    if field.type == "list":
        if "," in value:  # a list's items are separated by `;`: `,` separates the columns
            hint = ";".join(i.strip() for i in value.split(",") if i.strip())
            raise InputError(f"{column}: {value!r}: a CSV cell separates the items of a list "
                             f"with ';' ({hint})", file=path, line=line)  # fmt: skip
        return [item.strip() for item in value.split(";") if item.strip()]
    if field.type in _NUMBERS:
        # JSON's numbers only: float() also takes 'nan', 'inf' and '1_000'
        number = float(value) if _NUMBER.fullmatch(value.strip()) else math.nan
        if not math.isfinite(number):
            from .hints import no_value_advice, number_hint

            advice = no_value_advice(field.required, field.default, cell=True)
            raise InputError(f"{column}: {value!r} is not a number{number_hint(value, advice)}",
                             file=path, line=line)  # fmt: skip
        if field.type == "hours" and not in_decimals and (
                problem := minutes_problem(value, contract=field.name == "contracted_hours")
                ) is not None:  # fmt: skip
            raise InputError(f"{column}: {problem}", file=path, line=line)
        typed = int(number) if number.is_integer() and "." not in value else number
        return _bounded(typed, value.strip(), column, path, line)
    if field.type == "bool":
        if value.strip().lower() in ("true", "yes", "y", "1"):
            return True
        if value.strip().lower() in ("false", "no", "n", "0"):
            return False
        raise InputError(f"{column}: {value!r} is not true or false (write true or false, yes "
                         "or no, Y or N, 1 or 0)", file=path, line=line)  # fmt: skip
    return value


# hours written with two decimals that, read as minutes, are a whole number of five below 60
# (`7.30`, `37.15`, `7.20`): an HR system's hours and minutes, or hundredths of an hour? (Read
# as hundredths, only .00, .25, .50 and .75 are a whole number of five minutes, and those are
# read so: `37.50` is 37.5 h.)
_MINUTES = re.compile(r"\s*([0-9]+)\.([0-5][05])\s*")


def minutes_problem(text: str, contract: bool = False) -> str | None:
    """Why hours written `text` are refused as `H.MM` (`minutes_or_hundredths`), or None: a
    data cell's and a value set for a run (`--set upw_contact_hours_max=7.30`) alike. With
    `contract`, a week's contracted hours: also a part-time contract of 37 hours written in
    hours and minutes (`_PART_TIME`)."""
    clock = _MINUTES.fullmatch(text)
    if clock is None:
        return _part_time_minutes(text) if contract else None
    if not int(clock[2]) % 25:
        return None
    return minutes_or_hundredths(clock[1], clock[2])


# A part-time contract's hours in hours and minutes, as HR systems write them: a whole number
# of twentieths of 37 hours read so (`22.12`, 22 h 12 min, is 0.6 of 37 h; `29.36` is 0.8,
# `14.48` 0.4, `25.54` 0.7), but no such fraction read as a decimal (22.12 h is 0.598 of 37).
# Read as a decimal, a PO working their contract owed 0.08 h a week (scenarios round 47).
_PART_TIME = re.compile(r"\s*([0-9]{1,2})\.([0-5][0-9])\s*")


def _part_time_minutes(text: str) -> str | None:
    clock = _PART_TIME.fullmatch(text)
    if clock is None:
        return None
    h, mm = int(clock[1]), int(clock[2])
    twentieths = (h * 60 + mm) * 20 / (37 * 60)  # the hours and minutes, in twentieths of 37 h
    as_decimal = float(f"{h}.{clock[2]}") * 20 / 37
    if 0 < h < 37 and abs(twentieths - round(twentieths)) < 1e-9 and \
            abs(as_decimal - round(as_decimal)) > 1e-9:  # fmt: skip
        return minutes_or_hundredths(clock[1], clock[2])
    return None


def minutes_or_hundredths(hours: str, minutes: str) -> str:
    """Why hours written `H.MM` (MM a whole number of five minutes below 60, not a multiple
    of 25) are refused: the two readings, and how to write each so that it is read as meant.
    Never guessed."""
    from decimal import Decimal

    h, mm = int(hours), int(minutes)
    hundredths = Decimal(f"{h}.{minutes}")
    exact = Decimal(h) + Decimal(mm) / 60
    as_minutes = exact.quantize(Decimal("0.01"))
    about = "" if as_minutes == exact else "about "
    shown = f"{hundredths.normalize():f}"
    # two decimals would be read as minutes again: a third says hundredths
    decimal = shown if len(shown.partition(".")[2]) < 2 else f"{shown}0"
    return (f"'{hours}.{minutes}' is {h} h {mm} min as HR systems write hours and minutes, or "
            f"{shown} hours ({h} h {mm * 6 // 10} min) as a decimal number, and which is meant "
            f"is not guessed: write {about}{as_minutes.normalize():f} for {h} h {mm} min, or "
            f"{decimal} for {shown} hours")


def _bounded(value: int | float, text: str, column: str, path: str, line: int) -> int | float:
    """A number of a CSV cell or a Parquet column, held to the bound every data file is held
    to (`limits.MAX_NUMBER`; JSON and YAML hold their numbers to it as they are parsed)."""
    if -MAX_NUMBER <= value <= MAX_NUMBER:
        return value
    from .load import _shorten

    raise InputError(f"{column}: {_shorten(text)} is too large a number for a data file (the "
                     f"largest accepted is {MAX_NUMBER:,}: no hour, count or percentage comes "
                     "near it)", file=path, line=line)  # fmt: skip


def _columns_of(record: dm.RecordKind) -> list[str]:
    """The columns a record's CSV export may have: its fields, and a nested record's fields
    as `field.inner`."""
    names = []
    for f in record.fields:
        if f.type == "record":
            names += [f"{f.name}.{g.name}" for g in dm.NESTED_KINDS[f.record].fields]
        else:
            names.append(f.name)
    return names


# what Excel writes in a cell whose formula failed (a lookup that found nothing: #N/A)
_EXCEL_ERRORS = frozenset(("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!",
                           "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#GETTING_DATA"))
_HEADER_BREAKS = re.compile(r"[ \-]+")  # spaces and hyphens only: never a control
# the spaces of Unicode that are blanks (a non-breaking space, as a title copied from a web
# page or a document has it; a thin or a figure space): each a space, in a column's title
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# a long number as a spreadsheet shows it and saves it in CSV: `4.41235E+11`, `1E+05`
SCIENTIFIC_ID = r"[0-9](?:\.[0-9]+)?[eE]\+[0-9]{1,3}"
_SCIENTIFIC = re.compile(rf"(?:\A|;)\s*({SCIENTIFIC_ID})\s*(?:;|\Z)")
SCIENTIFIC_SAID = ("is a number as a spreadsheet shows a long one (in scientific notation), not "
                   "an id: saved so, the digits it hides are lost, and two ids may become one; "
                   "format the column as text before saving")
# `="007"`: a cell an export writes for Excel to show as text, keeping its leading zeros
_TEXT_FORMULA = re.compile(r'\s*="([^"]*)"\s*\Z')
# A summary row of a sheet: a total, a subtotal, or an average ("Team average", "PDU mean": a
# first hour, round 45, P7, where one was told its staff were missing from the staff lists)
_TOTALS = re.compile(r"((grand|team|unit|pdu|office|overall|regional|national)\s+)?(sub[\s-]*)?"
                     r"(totals?|averages?|mean|avg\.?)\s*:?\Z", re.IGNORECASE)


def _decode_csv(raw: bytes, path: str) -> str:
    """A CSV file's text: UTF-8 (with or without Excel's byte-order mark), or UTF-16 when it
    starts with UTF-16's byte-order mark (Excel's "Unicode text"), which says so beyond doubt."""
    from .load import UTF32_MARKS, utf32

    if raw[:4] in UTF32_MARKS:  # (its mark starts as UTF-16's does)
        raise utf32(path, "save it as UTF-8 (in Excel: CSV UTF-8)")
    if raw[:2] not in (b"\xff\xfe", b"\xfe\xff") and b"\x00" in raw:
        at = raw.index(b"\x00")
        # UTF-16 without its mark: every other byte of its ASCII text is NUL
        utf16 = raw[: 200].count(b"\x00") * 3 >= min(len(raw), 200)
        why = ("it looks like UTF-16 text without a byte-order mark" if utf16
               else f"byte {at + 1} is a NUL byte, which no CSV text holds")  # fmt: skip
        raise InputError(f"is not UTF-8 text ({why}); save it as UTF-8 (in Excel: CSV UTF-8)",
                         file=path, line=raw.count(b"\n", 0, at) + 1)  # fmt: skip
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("starts as UTF-16 text (its first two bytes are UTF-16's mark) "
                             "but is not UTF-16 throughout; save it as UTF-8",
                             file=path, line=1) from None  # fmt: skip
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        from .load import not_utf8

        raise not_utf8(raw, err.start, path, "save it as UTF-8 (in Excel: CSV UTF-8)") from None


def _header(cells: list[str], rows: list[tuple[int, list[str]]], path: str, section: str,
            known: list[str]) -> list[str | None]:
    """The field of each column (None for a trailing empty column Excel adds), from the
    header's cells: written as in the data model, or as an HR export titles it (any case,
    spaces or hyphens for `_`: `Contracted Hours` is `contracted_hours`)."""
    out: list[str | None] = []
    named = [c.strip() for c in cells]
    one = sum(1 for c in named if c) <= 1
    below = _header_below(rows, known) if one else None
    # a title alone on line 1 with no commas after it, over rows of several cells (a blank row
    # between, as a spreadsheet's sheet has it): the first such row is likely the header (a
    # first hour, round 45, P8: the title was named as a column that is no field)
    wider = (next((line for line, row in rows[:10] if sum(1 for c in row if c.strip()) >= 2),
                  None) if one and below is None and len(named) == 1 else None)  # fmt: skip
    title = (f" (line {below} looks like the header row: remove the lines above it, as a CSV "
             "export starts with its header row)" if below is not None else
             f" (is line 1 a title above the header? line {wider} looks like the header row: "
             "remove the lines above it, as a CSV export starts with its header row)"
             if wider is not None else
             " (is line 1 a title above the header? a CSV export starts with its header row)"
             if one and len(named) > 1 else "")  # fmt: skip
    refused: list[_NotAField] = []  # every column that is no field, and every field missing,
    for number, name in enumerate(named, start=1):  # in one run (an HR export has several)
        if not name:
            given = next(((line, row[number - 1]) for line, row in rows
                          if number <= len(row) and row[number - 1].strip()), None)  # fmt: skip
            if given is None:
                out.append(None)  # an empty column: nothing in it to read
                continue
            raise InputError(f"column {number} has no name in the header row, but line "
                             f"{given[0]} has {given[1]!r} in it{title}", file=path,
                             line=1)  # fmt: skip
        try:
            out.append(_field_of(name, number, out, known, section, title, path, 1))
        except _NotAField as err:
            if title:  # (a title row: said once)
                raise
            refused.append(err)
            out.append(None)
    wide = _wide_sheet(refused, section, known, path)
    if wide is not None:
        raise wide
    if refused and len(refused) == sum(1 for n in named if n):
        raise refused[0]  # no column is a field: a title row above the header, said once
    errors: list[InputError] = list(refused)
    if len(refused) > 1:  # one line for them all: an export of 25 such columns filled the
        columns = ", ".join(f"'{e.titled}'{e.hint}" for e in refused)  # cap on errors
        errors = [InputError(f"the columns {columns} are not fields of {section} records; "
                             f"the fields are {', '.join(known)}{_staff_columns(refused, section)}",
                             file=path, line=1)]  # fmt: skip
    elif refused and (theirs := _staff_columns(refused, section)):
        first = refused[0]
        errors = [_NotAField(first.titled, first.hint, first.meant, first.message + theirs,
                             file=path, line=first.line)]  # fmt: skip
    try:
        _refuse_required_missing(out, bool(rows), record_of(section), section, path, 1,
                                 [[e.meant] for e in refused if e.meant])  # fmt: skip
    except InputError as err:
        errors.append(err)
    if errors:
        raise collected(errors)
    return out


# a column's title that holds a date: a sheet with a column for each week or day
_DATE_IN_TITLE = re.compile(r"[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{2,4}|[0-9]{1,2}(st|nd|rd|th)?[ -]"
                            r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)


def _wide_sheet(refused: Sequence[_NotAField], section: str, known: list[str],
                path: str) -> InputError | None:  # fmt: skip
    """A sheet with a column for each week or day (`w/c 03/06/2024`, ...), where a list of
    weekly or daily records has one row for each person and week: said, with the columns to
    reshape it to, in the first refusal (a first hour, round 45, P9: the first refusal named
    only 'Officer', the second the week columns, and neither the shape a record has)."""
    dated = [e for e in refused if _DATE_IN_TITLE.search(e.titled)]
    when = next((f for f in ("week", "date") if f in known), None)
    if len(dated) < 2 or when is None:
        return None
    record = record_of(section)
    needed = {f.name for f in record.fields if f.required} | {when}
    columns = [k for k in known if k in needed]
    shown = ", ".join(f"'{e.titled}'" for e in dated[:3]) + (
        f" and {len(dated) - 3:,} more" if len(dated) > 3 else "")  # fmt: skip
    others = [e for e in refused if e not in dated]
    also = ("; and " + ", ".join(f"the column '{e.titled}'{e.hint}" for e in others)
            + f" {'is' if len(others) == 1 else 'are'} not a field of {section} records"
            if others else "")  # fmt: skip
    return InputError(f"the columns {shown} are dates: this sheet has a column for each "
                      f"{when}, but a {section} record is one row for each person and {when}, "
                      f"with the columns {', '.join(columns)}; reshape it so (in Excel, Power "
                      f"Query's Unpivot Columns turns the {when} columns into rows){also}",
                      file=path, line=1)  # fmt: skip


def _staff_columns(refused: Sequence[_NotAField], section: str) -> str:
    """Columns of another list that are a staff member's (`Grade`, `Contracted Hrs` in a
    rota), as `; ...` to end the refusal: they belong in the staff list, which workrules
    reads them from (a first hour, round 45, P10: the rep was not told a staff list was
    needed)."""
    if section == "staff":
        return ""
    staff = [f.name for f in record_of("staff").fields]
    # (not a column suggested as one of this list's own fields: `Hours` is hours worked)
    theirs = [e.titled for e in refused if e.meant is None and _as_field(e.titled, staff)]
    if not theirs:
        return ""
    names = " and ".join(f"'{t}'" for t in theirs)
    return (f"; {names} {'is' if len(theirs) == 1 else 'are'} a staff member's, given once "
            "in the staff list (a file named for it, as unit-staff.csv, with a row for each "
            "person: id, grade, contracted_hours...), not here: remove "
            f"{'it' if len(theirs) == 1 else 'them'}")


def _as_field(name: str, known: list[str]) -> str | None:
    """The field of `known` a column titled `name` is or nearly is (as `_field_of` reads a
    title, or a close spelling: `Contracted Hrs`), or None."""
    folded = _HEADER_BREAKS.sub("_", _SPACES.sub(" ", name).lower())
    if folded in known:
        return folded
    synonym = _TITLES.get(_WORDS.sub(" ", name.lower()).strip(), ())
    return next((f for f in synonym if f in known), None) or closest(name, known)


class _NotAField(InputError):
    """A column that is no field of its list's records: `titled` as its header names it,
    `hint` the words said after it (a suggestion), `meant` the field suggested, if any."""

    def __init__(self, titled: str, hint: str, meant: str | None, message: str, *, file: str,
                 line: int | None) -> None:  # fmt: skip
        super().__init__(message, file=file, line=line)
        self.titled, self.hint, self.meant = titled, hint, meant


def _header_below(rows: list[tuple[int, list[str]]], known: list[str]) -> int | None:
    """The line of the first of the next few rows whose cells, two or more, are all fields'
    names (as a header titles them): the header, under a title line; None if none is."""
    for line, cells in rows[:10]:
        if _all_titles(cells, known):
            return line
    return None


def _titles(cells: list[str]) -> list[str]:
    """A header row's titles as fields' names (any case, spaces or hyphens for `_`, a
    byte-order mark before one said nothing, as where two exports are joined), the empty
    ones left out."""
    named = (c.strip("\ufeff").strip() for c in cells)
    return [_HEADER_BREAKS.sub("_", _SPACES.sub(" ", c).lower()) for c in named if c]


def _all_titles(cells: list[str], known: list[str]) -> bool:
    """Whether a row's cells, two or more, are all fields' names as a header titles them (a
    byte-order mark before one, as where two exports are joined, said nothing)."""
    named = _titles(cells)  # (a field's name is its own title: lower case, with `_`)
    return len(named) >= 2 and all(c in known for c in named)


@functools.cache
def _id_fields(section: str) -> frozenset[str]:
    """The columns of a list that hold ids: its records' own, and the staff they name."""
    return frozenset(f.name for f in record_of(section).fields
                     if f.type in ("id", "staff") or f.elem in ("id", "staff"))


def record_of(section: str) -> dm.RecordKind:
    """The kind of record a list holds."""
    return dm.BY_NAME[_LISTS[section][1]]


# Columns as HR systems title them, by the words of their titles -> the fields they may be,
# the first one a list has suggested: never read as the field, only named in the refusal
_PERSON = ("staff", "practitioner", "author", "chair", "manager", "id")  # a reference first
# a full-time equivalent is no contract's hours: said how to give them
_FTE_TITLES = ("fte", "wte", "fte value", "full time equivalent", "whole time equivalent")
_TITLES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("employee id", "employee number", "employee no", "staff number",
                     "staff no", "payroll number", "payroll no", "payroll id", "person id",
                     "staff id number", "staff code"), _PERSON),
    **dict.fromkeys(("crn", "case reference", "case ref"), ("id",)),  # nDelius's case number
    # a person named, as a team's sheet heads its first column (a first hour, round 45, P9)
    "officer": ("staff", "practitioner", "name", "id"),
    # a name, never an id: a staff list's name, else a staff member's column (`_staff_columns`
    # says to remove it), not the id reference beside it (a first hour, round 52, P6)
    **dict.fromkeys(("officer name", "staff name", "employee name", "practitioner name",
                     "full name", "offender manager name"), ("name",)),
    **dict.fromkeys(("start date", "date started", "start", "started", "joined",
                     "date joined", "join date", "employment start date"), ("started_on",)),
    # the last day of service (or of holding a case): said to give the day after (`_DAY_AFTER`)
    **dict.fromkeys(("leaving date", "leave date", "date left", "left", "leaver date",
                     "employment end date", "last day of service", "last working day"),
                    ("left_on",)),
    **dict.fromkeys(("termination date", "end date"), ("left_on", "closed")),
    **dict.fromkeys(("allocation date", "date allocated", "allocation start date"),
                    ("opened",)),
    **dict.fromkeys(("job title", "post title", "post", "position", "role title",
                     "position title", "job", "grade title"), ("grade",)),
    **dict.fromkeys(("normal hours", "weekly hours", "hours per week", "contract hours",
                     "contractual hours", "standard hours", "working hours", "hours",
                     "contracted hours per week", "weekly contracted hours"),
                    ("contracted_hours", "hours_worked")),
    **dict.fromkeys(_FTE_TITLES, ("contracted_hours",)),  # (never hours worked)
    **dict.fromkeys(("pdu", "probation delivery unit", "unit name", "team", "office"),
                    ("unit",)),
    **dict.fromkeys(("w c", "w b", "week commencing", "week beginning", "week starting",
                     "week start", "wc"), ("week",)),
    **dict.fromkeys(("qualified", "qualification date", "date qualified"), ("qualified_on",)),
    **dict.fromkeys(("manager", "line manager id", "manager id", "reports to"),
                    ("line_manager",)),
    **dict.fromkeys(("hours due", "expected hours", "scheduled hours", "hours expected",
                     "due hours", "contracted hours this week", "planned hours"),
                    ("hours_due",)),
    **dict.fromkeys(("paid overtime", "overtime paid", "paid overtime hours", "paid hours",
                     "paid extra hours"), ("paid_excess_hours",)),
    **dict.fromkeys(("flexi", "flexi scheme", "flexi time", "flexitime scheme", "on flexi",
                     "flexi time scheme"), ("flexitime",)),
    **dict.fromkeys(("ethnic origin", "ethnic group", "ethnic background"), ("ethnicity",)),
}  # fmt: skip
# A field that is the first day after one an export gives, said beside its suggestion: an HR
# leaving date is the last day of service, where `left_on` is the first day not in post (a
# first hour, round 52, P2: a leaver whose last day was 1 April counted as a Q1 leaver).
_DAY_AFTER = {
    "left_on": "left_on is the first day not in post: an HR leaving or termination date is "
               "the last day of service, so give the day after it",
    "closed": "closed is the first day the case is not held: where the export's date is the "
              "last day it was held, give the day after it",
}
_WORDS = re.compile(r"[^a-z0-9]+")


def _field_of(name: str, number: int, before: list[str | None], known: list[str],
              section: str, title: str, path: str, line: int | None) -> str:  # fmt: skip
    """The field a column titled `name` is: written as in the data model, or as an HR export
    titles it (any case, spaces or hyphens for `_`; ASCII letters only, so no other letter
    is read as one of them). Refused, naming the column, if it is no field, or the field of
    a column before it."""
    field = name
    if name not in known:
        spaced = _SPACES.sub(" ", name)
        folded = _HEADER_BREAKS.sub("_", spaced.lower()) if spaced.isascii() else name
        if folded not in known:
            synonym = _TITLES.get(_WORDS.sub(" ", name.lower()).strip(), ())
            titled = next((f for f in synonym if f in known), None)
            meant = titled or closest(name, known)
            hint = f" (did you mean '{titled}'?)" if titled else did_you_mean(name, known)
            if meant == "contracted_hours" and _WORDS.sub(" ", name.lower()).strip() in (
                    _FTE_TITLES):  # fmt: skip
                hint = (" (a full-time equivalent: give 'contracted_hours', the hours a week, "
                        "an FTE of 1.0 being 37 h)")
            elif titled in _DAY_AFTER:
                hint = f" (did you mean '{titled}'? {_DAY_AFTER[titled]})"
            raise _NotAField(name, hint, meant, f"the column '{name}' is not a field of "
                             f"{section} records{hint}{title}; the fields are "
                             f"{', '.join(known)}", file=path, line=line)  # fmt: skip
        field = folded
    if field in before:
        first = before.index(field) + 1
        said = f"'{field}'" if field == name else f"'{field}' (as '{name}')"
        raise InputError(f"the column {said} is given twice (columns {first} and "
                         f"{number})", file=path, line=line)  # fmt: skip
    # a nested record given whole (a Parquet struct, `subject`) and a field of it given as a
    # column of its own (`subject.rosh`): two values for one field, one of which would be lost
    group, dot, _ = field.partition(".")
    whole = next((i for i, b in enumerate(before) if b is not None and (
        b == group if dot else b.startswith(f"{field}."))), None)  # fmt: skip
    if whole is not None:
        part, record = (field, before[whole]) if dot else (before[whole], field)
        raise InputError(f"the column '{part}' is given twice (columns {whole + 1} and "
                         f"{number}: '{record}' gives the whole of its record, and "
                         f"'{part}' one field of it); give one or the other", file=path,
                         line=line)  # fmt: skip
    return field


def _refuse_required_missing(columns: list[str | None], rows: bool, record: dm.RecordKind,
                             section: str, path: str, line: int | None,
                             suggested: Sequence[list[str]] = ()) -> None:  # fmt: skip
    """A field every record needs with no column for it, refused once (not row by row); not
    one that a column refused beside it was suggested as (`suggested`: "did you mean 'week'?"
    says it already)."""
    given = {c.partition(".")[0] for c in columns if c is not None}
    given |= {name.partition(".")[0] for names in suggested for name in names}
    missing = [_column_needed(f) for f in record.fields if f.required and f.name not in given]
    if rows and missing:
        also = f" (nor {', '.join(repr(m) for m in missing[1:])})" if missing[1:] else ""
        raise InputError(f"has no column '{missing[0]}'{also}, which every {section} record "
                         "needs", file=path, line=line)  # fmt: skip


def _column_needed(field: dm.Field) -> str:
    """The column a required field needs: a nested record's fields are columns of their own
    (`subject.rosh`), so the first one it needs is named, else its first (a report's subject
    needs none, its RoSH left out while not yet assessed, but an export with no column of it
    at all has left its risk out: `subject.rosh` is named, as ever)."""
    if field.type != "record":
        return field.name
    fields = dm.NESTED_KINDS[field.record].fields
    inner = next((g.name for g in fields if g.required), fields[0].name if fields else None)
    return field.name if inner is None else f"{field.name}.{inner}"


def _refuse_broken_cell(cells: list[str], header: list[str], path: str, start: int,
                        end: int) -> None:
    """Refuse a row whose value in quotes runs over lines `start` to `end` when the value is
    an id, or holds a line that reads as a row (as many cells as the header): a quote closed
    some lines on takes the rows between into one value (a session seen in the file, with its
    12 members, was part of the site's name above it). A name written over two lines in its
    cell ("Smith,\n Jo", a spreadsheet's line break) is read."""
    for at, cell in enumerate(cells):
        if "\n" not in cell and "\r" not in cell:
            continue
        name = header[at].strip() if at < len(header) else f"column {at + 1}"
        rows = [part for part in cell.splitlines() if _reads_as_row(part, len(header))]
        if not rows and name.lower().replace("_", " ").split()[-1:] != ["id"]:
            continue
        raise InputError(f"not valid CSV: the value of {name!r} in this row is in quotes that "
                         f"run on to line {end}, taking the lines between into it (rows, or an "
                         "id, never hold a line break): close the quote where the value ends",
                         file=path, line=start)  # fmt: skip


def _reads_as_row(line: str, width: int) -> bool:
    """Whether a line inside a value in quotes reads as a row of the export: as many cells as
    the header, one of them a date or a number ("U2,2024-06-05,Depot B,S010,12,9"), as an
    address written over two lines in its cell does not ("Unit 4, Riverside Park, Leeds")."""
    if line.count(",") < width - 1:
        return False
    cells = next(csv.reader([line]), [])
    return len(cells) >= width and any(_ROW_VALUE.fullmatch(c.strip()) for c in cells)


# a cell a row has and an address or a note seldom does: a date, a week, a number
_ROW_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}"
                        r"|[0-9]{4}-W[0-9]{2}|[0-9]+(?:\.[0-9]+)?")


_NOT_BLANK = re.compile(r"\S")


def _csv_rows(raw: bytes, path: str, section: str, known: list[str],
              bad: list[InputError] | None = None) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a CSV export, each its line and its cells by field. A row that is no
    record (a Total row, cells past the header's) is refused; with `bad`, it is added there
    and left out, so that the rows after it are read in the same run (a first hour, round 52,
    P7: a Total row hid the 25 dates of the same file until the next run)."""
    text = _decode_csv(raw, path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("is empty; a CSV export starts with a header row naming the fields",
                         file=path, line=1) from None  # fmt: skip
    except csv.Error as err:
        raise InputError(f"not valid CSV: {err}", file=path, line=1) from None
    if not any(cell.strip() for cell in header):  # blank, or commas only
        raise InputError("line 1 is blank where the header row should be; a CSV export starts "
                         "with a header row naming the fields", file=path, line=1)  # fmt: skip
    if header and header[0].strip().lower().startswith("sep="):  # Excel's separator hint
        raise InputError(f"line 1 is Excel's separator hint {','.join(header)!r}, not a "
                         "header; remove it (a CSV export starts with its header row)",
                         file=path, line=1)  # fmt: skip
    # Excel's CSV where `,` is the decimal comma uses `;`; its "Unicode text" uses tabs
    sep = next((c for c in ";\t|" if c in header[0]), None) if len(header) == 1 else None
    if sep is not None:
        _refuse_separator(sep, header[0], raw, text, path)
    named = [cell.strip() for cell in header]
    if len(named) > 1 and all(named):  # a header read without its rows: refused before them
        after = 0  # (40 MB of rows were read for a header refused: round 10's attack)
        for _ in range(reader.line_num):
            after = text.find("\n", after) + 1 or len(text)
        more = _NOT_BLANK.search(text, after) is not None
        _header(header, [(reader.line_num + 1, [])] if more else [], path, section, known)
    rows: list[tuple[int, list[str]]] = []
    start = reader.line_num + 1
    # a row whose first cell is a field's name as a header titles it may be the header again
    titles = frozenset(f"{mark}{k.replace('_', gap)}" for k in known for gap in "_ -"
                       for mark in ("", "\ufeff"))  # fmt: skip
    again = _titles(header)
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                start = reader.line_num + 1
                continue
            if cells == header or (  # files joined with each one's header kept
                    cells[0].strip().lower() in titles
                    and _titles(cells) == again):  # (titled otherwise, after a mark)
                raise InputError("repeats the header row (line 1); a CSV export has one "
                                 "header, at the top", file=path, line=start)  # fmt: skip
            if reader.line_num > start:  # a value in quotes ran over lines
                _refuse_broken_cell(cells, header, path, start, reader.line_num)
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as err:
        # read leniently, an unclosed quote would take every later row into its cell
        why = ("a value in quotes starts in this row and is never closed"
               if "unexpected end of data" in str(err) else str(err))  # fmt: skip
        if "field limit" in why:  # csv's own words ("field larger than field limit")
            why = (f"a cell in this row runs on for more than {csv.field_size_limit():,} "
                   "characters (a value in quotes whose closing quote is missing takes in "
                   "every row after it)")  # fmt: skip
        raise InputError(f"not valid CSV: {why}", file=path, line=start) from None
    fields = _header(header, rows, path, section, known)
    ids = _id_fields(section)
    out = []
    for line, cells in rows:
        try:
            _refuse_no_record(cells, header, path, line)
        except InputError as err:
            if bad is None:
                raise
            bad.append(err)
            continue
        _refuse_cells(cells, fields, ids, path, line)
        # empty cells past the last column (a trailing ',') are nothing given
        out.append((line, {f: c for f, c in zip(fields, cells, strict=False) if f is not None}))
    return out


def _refuse_no_record(cells: list[str], header: list[str], path: str, line: int) -> None:
    """Refuse a row that is no record: a Total row, one of characters that do not show, or
    one whose cells are not the header's."""
    first = next(cell for cell in cells if cell.strip()).strip()
    if _TOTALS.match(first):
        raise InputError(f"this row is a {first!r} row, not a record; an export lists "
                         "records only: remove it", file=path, line=line)  # fmt: skip
    if not any(c.isprintable() and not c.isspace() for cell in cells for c in cell):
        shown = ", ".join(sorted({f"U+{ord(c):04X}" for cell in cells for c in cell
                                  if not c.isspace()}))  # fmt: skip
        mark = "; U+001A is the end-of-file mark of old tools" if "U+001A" in shown else ""
        raise InputError(f"this row holds only characters that do not show ({shown}"
                         f"{mark}): remove the row", file=path, line=line)  # fmt: skip
    if len(cells) < len(header) or any(cell.strip() for cell in cells[len(header):]):
        count = f"{len(cells)} cell" + ("" if len(cells) == 1 else "s")
        raise InputError(f"has {count} where the header names {len(header)} columns",
                         file=path, line=line)  # fmt: skip


def _refuse_cells(cells: list[str], fields: list[str | None], ids: frozenset[str], path: str,
                  line: int) -> None:  # fmt: skip
    """Refuse a cell that is no value: an id Excel wrote in scientific notation, a formula."""
    for field, cell in zip(fields, cells, strict=False):
        if field in ids and ("E+" in cell or "e+" in cell) and (
                found := _SCIENTIFIC.search(cell)):
            raise InputError(f"{field}: {found[1]!r} {SCIENTIFIC_SAID}", file=path,
                             line=line)  # fmt: skip
        if field is not None and "=" in cell and (found := _TEXT_FORMULA.match(cell)):
            write = f"write {found[1]!r} alone" if found[1] else "leave the cell empty"
            raise InputError(f"{field}: {cell.strip()!r} is a spreadsheet formula that "
                             f"shows the text {found[1]!r} (as an export writes a value "
                             f"for Excel to keep its zeros); {write}", file=path,
                             line=line)  # fmt: skip


def _refuse_separator(sep: str, header: str, raw: bytes, text: str, path: str) -> None:
    """Refuse a CSV file whose header is one column holding `sep` (`;`, a tab or `|`), which
    separates its columns instead of `,`, saying how to save it with commas. Excel writes `;`,
    and decimal commas, where Windows' decimal symbol is `,`, and a rep's "save it as CSV with
    commas" could not be done in Excel; the decimal commas were said on the next run only (a
    first hour, round 46): both are said at once, with the settings that make Excel write
    commas and points. Excel's "Unicode Text" renamed `.csv` (UTF-16, tabs) is said so."""
    start = f"the header is one column, {header!r}: a CSV export separates its columns with ','"
    if sep == "\t" and raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{start} (this one is tab-separated UTF-16 text, as Excel saves "
                         "\"Unicode Text\"); in Excel, save it as CSV UTF-8 (Comma delimited)",
                         file=path, line=1)  # fmt: skip
    if sep != ";":
        said = "tabs" if sep == "\t" else f"'{sep}'"
        raise InputError(f"{start} (this one seems to use {said}); save it as CSV with commas",
                         file=path, line=1)  # fmt: skip
    comma = _decimal_comma(text)
    excel = ("Excel writes ';' and decimal commas where Windows' decimal symbol is ','; in "
             "Windows' Region settings, under Additional settings, set the decimal symbol to "
             "'.' and the list separator to ',', then save it as CSV UTF-8 again")
    if comma is None:
        raise InputError(f"{start} (this one seems to use ';'); save it as CSV with commas: "
                         f"{excel}", file=path, line=1)  # fmt: skip
    raise InputError(f"{start} and writes numbers with '.' as the decimal point (this one "
                     f"seems to use ';', and decimal commas: {comma[0]!r} on line {comma[1]}); "
                     f"save it as CSV with commas and decimal points: {excel}", file=path,
                     line=1)  # fmt: skip


_DECIMAL_COMMA = re.compile(r"\s*-?[0-9]+,[0-9]+\s*")


def _decimal_comma(text: str) -> tuple[str, int] | None:
    """The first cell of a `;`-separated file's rows (its first thousand) that is a number
    written with a decimal comma (`41,5`), and its line; None if none is."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        next(reader, None)  # (the header)
        for row in reader:
            if reader.line_num > 1000:
                break
            cell = next((c for c in row if _DECIMAL_COMMA.fullmatch(c)), None)
            if cell is not None:
                return cell.strip(), reader.line_num
    except csv.Error:  # (a broken quote: the separator is still said)
        pass
    return None


def _refuse_merged_cells(rows: list[tuple[int, dict[str, str]]], path: str,
                         names: tuple[str, ...]) -> None:  # fmt: skip
    """Refuse a staff export whose `unit` (or `region`) is given on the first row of each group
    and left empty on the rows under it: a spreadsheet's merged cell, saved to CSV, gives its
    value to its first row only. Read as given, those staff are in no unit, left out of every
    unit's figures, and a unit was declared full (1.1g) on the staff left in it (review 41).
    Known by its exact shape only: each value written once (no two rows in a row give the
    same), and empty cells right under two or more of them. Staff of no unit listed among
    others (a list sorted by id, a group that gives its unit on every row) are read as given,
    and said where a rule leaves them out."""
    for name in names:
        written: list[str] = []  # the values given, in order
        under: dict[str, int] = {}  # a value with an empty cell right under it: the line
        last: str | None = None
        for line, row in rows:
            value = (row.get(name) or "").strip()
            if value:
                written.append(value)
                last = value
            elif last is not None:
                under.setdefault(last, line)
        if len(under) < 2 or len(written) != len(set(written)):
            continue
        value, line = min(under.items(), key=lambda item: item[1])
        others = len(under) - 1
        raise InputError(f"{name} is empty on this row and on others under a row that gives it "
                         f"('{value}', and {others} other{'' if others == 1 else 's'}): a "
                         "spreadsheet's merged cell saved to CSV gives its value to its first "
                         f"row only; give the {name} on every row", file=path,
                         line=line)  # fmt: skip


def _parquet_table(raw: bytes, path: str) -> Any:
    try:
        import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
        import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise InputError("is a Parquet file, and reading one needs pyarrow (pip install "
                         "pyarrow)", file=path) from None  # fmt: skip
    if len(raw) < 12 or raw[:4] != b"PAR1" or raw[-4:] != b"PAR1":
        raise InputError("is not a Parquet file: it does not begin and end with Parquet's "
                         "marks (PAR1); damaged, cut short, or another format named .parquet",
                         file=path)  # fmt: skip
    texts: list[str] | None = None
    try:  # a file read alone: ParquetFile is about twice as fast as read_table
        parquet = pq.ParquetFile(pa.BufferReader(raw))
        footer = int.from_bytes(raw[-8:-4], "little")
        checked_rows(parquet.metadata, path, len(raw),  # before any column is decoded
                     memoryview(raw)[max(0, len(raw) - 8 - footer):])  # fmt: skip
        _refuse_pages_bomb(raw, parquet.metadata, path)  # (and by its pages' own headers)
        texts = _text_columns(parquet.schema)
        table = _texts_bounded(_read_groups(pq.ParquetFile(
            pa.BufferReader(raw), metadata=parquet.metadata, read_dictionary=texts)),
            parquet.schema_arrow, path, len(raw))  # fmt: skip
    except (pa.ArrowException, OSError):
        pass
    else:  # ParquetFile reads a column named twice (read_table refuses it)
        _refuse_columns_twice(list(table.column_names), path)
        return _as_written(table)
    try:  # read_table's words say what is wrong
        table = pq.read_table(pa.BufferReader(raw), read_dictionary=texts)
        return _as_written(_texts_bounded(table, pq.read_schema(pa.BufferReader(raw)), path,
                                          len(raw)))  # fmt: skip
    except (pa.ArrowException, OSError) as err:
        _refuse_parquet_columns_twice(raw, path)
        detail = " ".join(str(err).replace("'<Buffer>'", "").split())  # one line, no buffer
        raise InputError(f"not a readable Parquet file: {detail}", file=path) from None


# Row groups read at once, and made one chunk, where a file has many small ones: a writer
# that flushes every record writes a row a row group, and a chunk a row group, each text column
# with its own dictionary, took twice the time and memory of the rows themselves (attack round
# 28: 60,000 of them, 3.7 s and 540 MB, where 1,024 at a time took 3.0 s and 250 MB).
_FEW_GROUPS = 64
_GROUPS_AT_ONCE = 1_024
_ROWS_AT_ONCE = 65_536


def _read_groups(parquet: Any) -> Any:
    """The table of a Parquet file (`parquet`, a ParquetFile), its small row groups read a
    slice at a time and each slice made one chunk."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    metadata = parquet.metadata
    groups = int(metadata.num_row_groups)
    if groups <= _FEW_GROUPS:
        return parquet.read()
    parts, begun, rows = [], 0, 0
    for index in range(groups + 1):
        more = max(0, int(metadata.row_group(index).num_rows)) if index < groups else 0
        if index == groups or index - begun >= _GROUPS_AT_ONCE or (
                index > begun and rows + more > _ROWS_AT_ONCE):  # fmt: skip
            part = parquet.read_row_groups(range(begun, index))
            parts.append(part.combine_chunks() if index - begun > 1 else part)
            begun, rows = index, 0
        rows += more
    return pa.concat_tables(parts)


def _text_columns(schema: Any) -> list[str]:
    """The paths of a Parquet file's text (and bytes) columns, lists' items and records'
    fields too (`roles.list.element`, `subject.rosh`), to be read as dictionaries: each
    distinct value once, and in each row its number."""
    return [column.path for column in (schema.column(i) for i in range(len(schema)))
            if column.physical_type == "BYTE_ARRAY"
            and not str(column.logical_type).startswith("Decimal")]  # fmt: skip


def _texts_bounded(table: Any, schema: Any, path: str, size: int) -> Any:
    """A table read with its text columns as dictionaries, checked before any is decoded, then
    decoded: the table a plain read gives (`schema`, the file's own). A value longer than a CSV
    cell may be (`csv.field_size_limit()`) is refused at its row, naming its column, and so is
    the file whose texts add up to more than `limits.file_text`: dictionary encoding lets one
    long value, written once, stand in every row. A page written plain has no dictionary of
    its own; pyarrow builds one as it reads it, so it is checked alike."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    def exact(lengths: Any, values: Any) -> int:
        return int(pc.sum(pc.take(lengths, values.indices)).as_py() or 0)

    longest, budget = csv.field_size_limit(), file_text(size, MAX_JSON_BYTES)
    sure, total, rough = 0, 0, []  # rough: counted as its longest value times its rows
    columns = list(table.columns)
    for index, field in enumerate(table.schema):
        start = 0
        if columns[index].num_chunks > 1 and _holds_dictionary(field.type):
            # a chunk a row group: one chunk, its dictionaries made one, checked at once (a
            # file of a row a row group, as a writer flushing every record makes, took 8 s for
            # 60,000 rows checked a chunk at a time, attack round 28)
            columns[index] = pa.chunked_array([columns[index].combine_chunks()])
        for chunk in columns[index].chunks:
            for values, lists, name in _dictionaries(chunk, (), field.name):
                _refuse_not_utf8(values, lists, name, path, start)
                lengths = pc.binary_length(values.dictionary)  # bytes: no fewer characters
                most = pc.max(lengths).as_py() or 0
                if most > longest:
                    _refuse_long_text(values, lists, name, path, start, longest)
                bound = most * (len(values) - values.null_count)
                if total + bound <= budget:  # (real texts: no need to count them exactly)
                    total += bound
                    rough.append((lengths, values))
                    continue
                sure += sum(exact(*seen) for seen in rough) + exact(lengths, values)
                total, rough = sure, []
                if total > budget:
                    raise InputError(
                        f"decodes into {total:,} bytes of text or more (by its dictionaries, "
                        f"up to the column '{name}'); workrules reads at most "
                        f"{budget:,} bytes of text from a Parquet file of {size:,} bytes: one "
                        "text repeated in every row by dictionary encoding, not an export",
                        file=path)  # fmt: skip
            start += len(chunk)
    if table.schema.equals(schema):  # (no text column: none made one chunk)
        return table
    columns = [column if column.type == want.type else _decoded(column, want.type)
               for column, want in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(columns, schema=schema)


def _holds_dictionary(kind: Any) -> bool:
    """Whether a column of type `kind` holds dictionary arrays (in a list's items or a record's
    fields too), which `_dictionaries` finds."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    if pa.types.is_dictionary(kind):
        return True
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _holds_dictionary(kind.value_type)
    if pa.types.is_struct(kind):
        return any(_holds_dictionary(kind.field(i).type) for i in range(kind.num_fields))
    return False


def _decoded(column: Any, kind: Any) -> Any:
    """A column read as dictionaries decoded to `kind`, in one chunk as a plain read gives it
    (a dictionary read gives a chunk a row group, each with its own dictionary)."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    decoded = column.cast(kind)
    return decoded if decoded.num_chunks < 2 else pa.chunked_array([decoded.combine_chunks()])


def _dictionaries(array: Any, lists: tuple[Any, ...], name: str) -> Any:
    """The dictionary arrays in `array` (the column `name`, or a list's items, or a record's
    fields), each with the list arrays it is inside, outermost first, which lead its items
    back to their rows, and its column's name (a record's field as `subject.rosh`)."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    kind = array.type
    if pa.types.is_dictionary(kind):
        yield array, lists, name
    elif pa.types.is_list(kind) or pa.types.is_large_list(kind):
        yield from _dictionaries(array.flatten(), (*lists, array), name)
    elif pa.types.is_struct(kind):
        for index, child in enumerate(array.flatten()):
            yield from _dictionaries(child, lists, f"{name}.{kind.field(index).name}")


def _first_use(values: Any, lists: tuple[Any, ...], words: Any) -> tuple[int, int] | None:
    """Where `values` (a dictionary array, perhaps a list's items) first uses one of the
    dictionary's entries `words` (their indices): the entry used, and the row of the table
    (counted from its chunk's start) that holds it; None when no row uses one."""
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    item = int(pc.index(pc.is_in(values.indices, value_set=words.cast(values.indices.type)),
                        True).as_py())  # fmt: skip
    if item < 0:
        return None
    row = item
    for outer in reversed(lists):  # an item of a list: the row of its list
        row = pc.list_parent_indices(outer)[row].as_py()
    return int(values.indices[item].as_py()), int(row)


def _refuse_not_utf8(values: Any, lists: tuple[Any, ...], column: str, path: str,
                     start: int) -> None:  # fmt: skip
    """Refuse a text column (`values`, a dictionary array) holding bytes that are not UTF-8,
    at the first row that uses them: Parquet's reader does not look, and the first value read
    as text would fail deep in a check (review 41: exit 70, an internal error, for a file a
    broken exporter wrote)."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    words = values.dictionary
    if not (pa.types.is_string(words.type) or pa.types.is_large_string(words.type)):
        return
    try:
        words.validate(full=True)
        return
    except pa.ArrowInvalid:
        pass
    raw = words.cast(pa.large_binary())  # the bytes as written (no decoding)
    bad = []
    for index, value in enumerate(raw.to_pylist()):
        try:
            value is None or value.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(index)
    found = _first_use(values, lists, pa.array(bad, pa.int64()))
    if found is None:
        return  # bytes no row uses: nothing is read from them
    shown = raw[bad[0]].as_py()[:40].decode("utf-8", "backslashreplace")
    raise InputError(f"{column}: '{shown}' holds bytes that are not UTF-8 text (written in "
                     "another encoding, or damaged); export the file again as UTF-8",
                     file=path, line=start + found[1] + 1)  # fmt: skip


def _refuse_long_text(values: Any, lists: tuple[Any, ...], column: str, path: str, start: int,
                      longest: int) -> None:  # fmt: skip
    """Refuse the first value of `values` (a dictionary array) longer than `longest`
    characters, at its row."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    words = values.dictionary
    if pa.types.is_string(words.type) or pa.types.is_large_string(words.type):
        lengths, unit = pc.utf8_length(words), "characters"
    else:
        lengths, unit = pc.binary_length(words), "bytes"
    long = pc.indices_nonzero(pc.greater(lengths, longest))
    if not len(long):
        return  # as many bytes, but fewer characters: a CSV cell would hold it
    found = _first_use(values, lists, long)
    if found is None:
        return  # a long value no row uses: nothing is decoded from it
    entry, row = found
    length = lengths[entry].as_py()
    raise InputError(f"{column}: a text of {length:,} {unit}; workrules reads a text of at most "
                     f"{longest:,} characters, as a CSV cell may hold: no name, id or note comes "
                     "near it", file=path, line=start + row + 1)  # fmt: skip


# The footers `parquet_rows` has passed, by the file's size and the footer's bytes (their
# digest), with the rows each declares. A check adds up its Parquet files' rows from their
# footers before it reads any (`refuse_too_many_rows`), then reads each, and the exact path
# may read a file again: each footer is checked once (attack round 28: the check ran twice on
# a file of 100,000 row groups). What it finds depends on nothing else, so a footer read again
# with the same bytes, in a file of the same size, needs no second look.
_PASSED: dict[tuple[int, int, int, int, bytes], int] = {}


def checked_rows(metadata: Any, path: str, size: int, footer: Any) -> int:
    """`parquet_rows`, of a footer whose bytes (to the end of the file) are `footer`, done once
    for each footer passed."""
    import hashlib

    key = (size, file_rows(size), file_text(size, MAX_JSON_BYTES), csv.field_size_limit(),
           hashlib.blake2b(footer, digest_size=32).digest())  # (and the bounds it was held to)
    rows = _PASSED.get(key)
    if rows is None:
        rows = parquet_rows(metadata, path, size)
        if len(_PASSED) >= 256:  # (a library caller's many checks: kept small)
            _PASSED.clear()
        _PASSED[key] = rows
    return rows


def parquet_rows(metadata: Any, path: str, size: int) -> int:
    """The rows a Parquet file of `size` bytes declares in its metadata (its footer, read
    before any column is decoded), refused when above `limits.file_rows(size)`: run-length and
    dictionary encodings let a file of kilobytes declare millions of rows. The larger of the
    file's count and its row groups' (a hostile footer can make them differ), naming the row
    group that goes past the bound. A column's values are held to the same bound: a list
    column (`supervisors`) holds its items, and one row's list of millions is as costly."""
    bound = file_rows(size)
    declared = max(0, int(metadata.num_rows))
    groups = int(metadata.num_row_groups)
    total, past = 0, 0
    for index in range(groups):
        total += max(0, int(metadata.row_group(index).num_rows))
        if total > bound and not past:
            past = index + 1
    rows = max(declared, total)
    if bound < MAX_CHECK_ROWS:
        why = (f"workrules reads up to {limits.MAX_FILE_ROWS:,} rows from a Parquet file, and "
               f"more only from a larger file, {limits.ROWS_PER_BYTE} rows a byte (this one is "
               f"{size:,} bytes): an export takes more than an eighth of a byte a row, and more "
               "rows than that are a few values repeated by run-length or dictionary encoding, "
               "not records")  # fmt: skip
    else:
        why = (f"workrules reads at most {MAX_CHECK_ROWS:,} in one check: check the data in "
               "parts (a region at a time)")  # fmt: skip
    if rows > bound:
        where = f" (row {bound + 1:,} is in row group {past} of {groups})" if past else ""
        raise InputError(f"declares {rows:,} rows in its Parquet metadata{where}; {why}",
                         file=path)  # fmt: skip
    values: dict[str, int] = {}  # column -> its values, in all
    past_at: dict[str, int] = {}  # column -> the row group its values go past the bound in
    # fixed-length bytes (pyarrow reads no dictionary of them): each value's length, whose
    # dictionary expands as a text's would
    fixed = {str(metadata.schema.column(i).path): int(metadata.schema.column(i).length or 0)
             for i in range(len(metadata.schema))
             if metadata.schema.column(i).physical_type == "FIXED_LEN_BYTE_ARRAY"}  # fmt: skip
    longest = csv.field_size_limit()
    for name, length in fixed.items():
        if length > longest:
            raise InputError(f"{name}: a column of values of {length:,} bytes each (fixed-length "
                             f"bytes); workrules reads a value of at most {longest:,}, as a CSV "
                             "cell may hold", file=path)  # fmt: skip
    pages = 0  # the bytes of its pages, uncompressed, or of its fixed-length values decoded
    # (one pass over the row groups, counting as it goes: a list of every row group's count for
    # each column made a file of a row a row group take time as the square of its rows, 21 s
    # for 60,000 of them, attack round 28)
    for index in range(groups):
        group = metadata.row_group(index)
        for column in range(int(group.num_columns)):
            chunk = group.column(column)
            count = max(0, int(chunk.num_values))
            name = str(chunk.path_in_schema)
            values[name] = seen = values.get(name, 0) + count
            if seen > bound:
                past_at.setdefault(name, index + 1)
            pages += max(int(chunk.total_uncompressed_size), fixed.get(name, 0) * count, 0)
    if pages > file_text(size, MAX_JSON_BYTES):
        # a page written without a dictionary is decompressed whole before it is read (real
        # exports: 1 to 11 bytes uncompressed a byte of the file)
        raise InputError(f"declares {pages:,} bytes once its pages are uncompressed (in its "
                         f"Parquet metadata); workrules reads at most "
                         f"{file_text(size, MAX_JSON_BYTES):,} "
                         f"from a Parquet file of {size:,} bytes: a few values compressed over "
                         "and over, not an export", file=path)  # fmt: skip
    for name, count in values.items():
        if count > bound:
            shown = name.replace(".list.element", "").replace(".list.item", "")
            raise InputError(
                f"declares {count:,} values of the column '{shown}' in its Parquet "
                f"metadata (value {bound + 1:,} is in row group {past_at[name]} of {groups}); a "
                f"column's values (a list column's items too) are held as its rows are: {why}",
                file=path)  # fmt: skip
    return rows


def _refuse_pages_bomb(raw: bytes, metadata: Any, path: str) -> None:
    """Refuse a Parquet file whose pages decompress into more than `limits.file_text` of its
    size by their own headers, which a reader goes by, where its footer may say less (attack
    round 28: a footer saying each column took no more uncompressed than compressed let 309 KB
    decompress into 2.5 GB, 3.4 GB of memory, and pyarrow's words refused it)."""
    from .parquetpages import uncompressed_pages

    pages, most = uncompressed_pages(raw, metadata), file_text(len(raw), MAX_JSON_BYTES)
    if pages > most:
        declared = sum(max(0, int(metadata.row_group(i).column(c).total_uncompressed_size))
                       for i in range(int(metadata.num_row_groups))
                       for c in range(int(metadata.row_group(i).num_columns)))  # fmt: skip
        raise InputError(f"its pages' own headers give {pages:,} bytes once uncompressed (its "
                         f"footer says {declared:,}); workrules reads at most {most:,} bytes "
                         f"from a Parquet file of {len(raw):,} bytes: a few values compressed "
                         "over and over, not an export (if it is one, export it again, in "
                         "parts)", file=path)  # fmt: skip


def refuse_too_many_rows(paths: list[str]) -> None:
    """Refuse a check whose Parquet files declare more than `limits.MAX_CHECK_ROWS` rows in
    all, added up from their footers before any file is read (each file is held to
    `limits.file_rows` of its size when it is read, so files whose bounds add up to no more
    cannot pass it, and their footers are not read). A file that cannot be opened or whose
    footer cannot be read is passed over: reading it refuses it, saying why."""
    import stat

    parquet = [p for p in paths if p.lower().endswith(".parquet")]
    if sum(file_rows(_size(p)) for p in parquet) <= MAX_CHECK_ROWS:
        return
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from .load import _check_confined
    from .resources import named_in_root

    total = 0
    for path in parquet:
        try:
            _check_confined(path)
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except (InputError, OSError):
            continue
        with os.fdopen(fd, "rb") as handle:
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    continue
                metadata = pq.read_metadata(handle)
                size = os.fstat(fd).st_size
                handle.seek(size - 8)
                footer = int.from_bytes(handle.read(4), "little")
                handle.seek(max(0, size - 8 - footer))
                rows = checked_rows(metadata, path, size, handle.read())
            except (InputError, pa.ArrowException, OSError, ValueError):
                continue  # refused, with its reason, when it is read
        total += rows
        if total > MAX_CHECK_ROWS:
            raise InputError(f"brings the rows of this check's Parquet files to {total:,} (by "
                             f"their metadata); a check reads at most {MAX_CHECK_ROWS:,}: "
                             "check the data in parts (a region at a time)",
                             file=named_in_root(path))  # fmt: skip


def _size(path: str) -> int:
    """A file's size in bytes, or 0 where it cannot be told (reading it says why)."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def _pylist(table: Any, path: str) -> list[dict[str, Any]]:
    """A Parquet table's rows as Python values. A date or time Python cannot hold (beyond the
    year 9999, or to the nanosecond) is refused at its row, naming its column."""
    try:
        return table.to_pylist()  # type: ignore[no-any-return]
    except (OverflowError, ValueError):
        pass
    for name in table.column_names:
        column = table.column(name)
        try:
            column.to_pylist()
        except (OverflowError, ValueError):
            row = next(i for i in range(len(column)) if not _readable(column, i))
            _refuse_unreadable(column.slice(row, 1), name, path, row + 1)
    raise InputError("has a value that cannot be read as a date, a number or a text",
                     file=path)  # fmt: skip


def _readable(column: Any, index: int) -> bool:
    try:
        column[index].as_py()
    except (OverflowError, ValueError):
        return False
    return True


def _refuse_unreadable(value: Any, column: str, path: str, line: int) -> None:
    """Refuse the one value `value` (a slice of its column), which Python cannot hold."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    try:
        shown = str(value.cast(pa.string())[0])
    except (pa.ArrowException, ValueError):
        shown = ""
    if not shown or shown.startswith("<"):  # "<value out of range: 2147483647>"
        raise InputError(f"{column}: a date before the year 1 or after 9999, far outside the "
                         f"dates workrules accepts ({DATE_RANGE})", file=path,
                         line=line)  # fmt: skip
    raise InputError(f"{column}: {shown} is a date and a time of day (to the nanosecond); give "
                     "the date alone (a date column, or midnight)", file=path,
                     line=line)  # fmt: skip


def _as_written(table: Any) -> Any:
    """A table whose single-precision numbers are read as a person wrote them: 37.1 stored as
    a float32 is 37.099998474121094 as a double, so each is read as the shortest text that
    gives back the same float32 ("37.1"), then as a double. So too a half-precision one
    (`_half`), which the checks' kernels do not take (attack round 13: exit 70, an internal
    error)."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    for index, field in enumerate(table.schema):
        if pa.types.is_float32(field.type):
            wide = pc.cast(pc.cast(table.column(index), pa.string()), pa.float64())
            table = table.set_column(index, pa.field(field.name, pa.float64()), wide)
        elif pa.types.is_float16(field.type):  # (Arrow writes a half's every binary digit)
            halves = table.column(index).cast(pa.float64()).to_pylist()
            read: dict[float, float] = {}
            wide = pa.array([v if v is None else read.get(v) or read.setdefault(v, _half(v))
                             for v in halves], pa.float64())  # fmt: skip
            table = table.set_column(index, pa.field(field.name, pa.float64()), wide)
    return table


def _half(value: float) -> float:
    """A half-precision number as a person wrote it: the shortest decimal that is stored as
    the same half (22.2 is stored as 22.203125, and read so it was 0.0031 h over a contract
    of 22.2 h: review 46)."""
    import math
    import struct

    if not math.isfinite(value):
        return value
    stored = struct.pack("<e", value)
    for digits in range(1, 6):
        written = float(f"{value:.{digits}g}")
        try:
            if struct.pack("<e", written) == stored:
                return written
        except OverflowError:  # (65504, the largest half, to one digit is 7e4)
            continue
    return value


def _spaces_only(table: Any) -> bool:
    """Whether a text column holds a value of spaces only, which the exact path reads as a
    value not given (as a CSV's empty cell) where the fast paths would read it as written: the
    file is then left to the exact path, so that it says the same (`staff '  '` is "has no
    'staff'", not "not the id of anyone"). In C, a column at a time."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

    return any(pc.any(pc.utf8_is_space(column)).as_py() for column in table.columns
               if pa.types.is_string(column.type) or pa.types.is_large_string(column.type))


def _parquet_columns(table: Any, path: str, section: str) -> Any:
    """A Parquet table with its columns named as the fields they are (titled as HR titles
    them, as a CSV header's may be), checked once for the whole file: an unknown column, one
    given twice or a required field with no column is refused naming the column, not row by
    row. The index pandas writes as a column (named in its metadata) is not a field, unless its
    title is one that no other column gives (`_read_as`)."""
    import json

    names = list(table.column_names)
    pandas = (table.schema.metadata or {}).get(b"pandas")
    if pandas is not None:
        try:
            index = json.loads(pandas).get("index_columns", [])
        except (ValueError, AttributeError):
            index = []
        known = _columns_of(record_of(section))
        given = {_read_as(n, known, section, path) for n in names if n not in index} - {None}
        drop = [n for n in index if isinstance(n, str) and n in names
                and _read_as(n, known, section, path) in (None, *given)]
        if drop:
            table = table.drop_columns(drop)
            names = list(table.column_names)
    record = record_of(section)
    known = [*_columns_of(record), *(f.name for f in record.fields if f.type == "record")]
    fields: list[str | None] = []
    for number, name in enumerate(names, start=1):
        fields.append(_field_of(name, number, fields, known, section, "", path, None))
    _refuse_required_missing(fields, bool(table.num_rows), record, section, path, None)
    return table if fields == names else table.rename_columns(fields)


def _read_as(name: str, known: list[str], section: str, path: str) -> str | None:
    """The field a column titled `name` is read as (`_field_of`), or None. A field's column
    that a file's pandas metadata calls its index ("ROSH") is data, and read, never dropped
    unseen: the metadata is the writer's to set (attack round 13). Unless another column gives
    the field: an index `ID` kept from a frame beside its `id` column (review 46)."""
    try:
        return _field_of(name, 0, [], known, section, "", path, None)
    except _NotAField:
        return None


def _refuse_parquet_columns_twice(raw: bytes, path: str) -> None:
    """A column named twice, in the words a CSV's gets (pyarrow's are "Multiple matches for
    FieldRef.Name(...)" and the whole schema); nothing if the schema cannot be read either."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-untyped,import-not-found,unused-ignore]

    try:
        names = list(pq.ParquetFile(pa.BufferReader(raw)).schema_arrow.names)
    except (pa.ArrowException, OSError):
        return
    _refuse_columns_twice(names, path)


def _refuse_columns_twice(names: list[str], path: str) -> None:
    twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if twice is not None:
        first, second = names.index(twice) + 1, names.index(twice, names.index(twice) + 1) + 1
        raise InputError(f"the column '{twice}' is given twice (columns {first} and {second})",
                         file=path)  # fmt: skip


def _plain_type(t: Any) -> bool:
    """Whether a Parquet column's values are read as they are written (text, whole numbers,
    floating point, true/false, or lists and records of them); a date, a decimal or bytes is
    the exact path's to convert or refuse."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return _plain_type(t.value_type)
    if pa.types.is_struct(t):
        return all(_plain_type(t.field(i).type) for i in range(t.num_fields))
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_integer(t)
                or pa.types.is_floating(t) or pa.types.is_boolean(t))  # fmt: skip


def _columns(table: Any) -> dict[str, list[Any]]:
    """A table's columns as lists of values (None where null); Declined for a column the fast
    path does not read."""
    from .fastload import Declined

    if not all(_plain_type(field.type) for field in table.schema):
        raise Declined
    return {name: table.column(name).to_pylist() for name in table.column_names}
