"""Bounds on values, so that nothing read can overflow what workrules computes with.

A date outside `EARLIEST_DATE`..`LATEST_DATE` or a number larger in size than `MAX_NUMBER` is
refused where it is read (a data file, a policy, `--set`, `--today`), with its file and line.
The bounds are far outside any real rota, caseload or agreement, and far inside what the
arithmetic on them can hold: a week, a month or a span of years added to the latest date is
still a date, and a sum of millions of bounded numbers is still finite and exact.
"""

from __future__ import annotations

import datetime as dt

# Records of work are from this century; qualification dates go back decades, and waivers and
# effective dates look years ahead. Nothing real is before 1900 or after 2999.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)
DATE_RANGE = f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"
# ... and within those, the dates a record of work can plausibly have. Not refused (an HR
# export writes an open-ended absence to 2999-12-31 or 9999-12-31's nearest), but named where
# a rule reads one as excusing work: special leave from 1900-01-02 to 2999-12-31 excused
# every month of 1.2i (attack 48, P2).
PLAUSIBLE_FIRST = dt.date(2000, 1, 1)
PLAUSIBLE_LAST = dt.date(2100, 12, 31)

# A policy file: the claim's is under 200 KB. A bigger one is not an agreement but a way to
# make every run parse (and every rule evaluate) for minutes: 20,000 rules took 22 s.
MAX_POLICY_BYTES = 1 << 20
# ... and its words, numbers, quoted texts and signs, counted before it is parsed: the claim's
# are about 10,000; a 1 MiB `1+1+...+1` (500,000) took the parser 22-29 s and 1 GB before its
# nesting was refused (attack round 14), where this many take it about 2 s.
MAX_POLICY_TOKENS = 50_000

# The regexes of a policy (`matches /.../`), in all, the files it extends included: as many
# steps of RE2's compiled programs. RE2 compiles in time with the size of its program
# (`/(\pL{100}\pN{100}[^x]{100}){3}/` is 431,110 steps and half a second; 2,500 of them, 430
# KB, held a run for over five minutes before a record was read), and searches in time linear
# in the text but, when its DFA gives up (`/[ab]*a[ab]{20}c/`, 27 steps, needs 2**20 states),
# also in the size of the program: about 10 ms a step over a job description of the largest
# size, so 100,000 steps were a quarter of an hour a file (200 such rules, 8 KB: two minutes).
# The policies of the tests and docs need 19 steps at most; this many search a job
# description of the largest size in about fifteen seconds at worst (608 steps: 9 s).
MAX_REGEX_PROGRAM = 1_000

# The words of the phrases a policy's word lists expand to, for all its text patterns: each
# entry of a list stands in every place that names it, so lists that name lists multiply (four
# lists of three entries, each naming the one before three times, are 3**81 phrases: 250 bytes
# of policy took all the memory). The claim's patterns expand to about 200,000 words
# (`tests/test_review32.py` keeps them under nine twentieths of this).
MAX_PATTERN_WORDS = 500_000

# The words of one policy file's `mentions "..."` phrases, in all. A phrase is searched for at
# every word of a text, word by word: one of 3,000 words over a job description of "a a a ..."
# took half a minute. A real phrase has a few words ("line manag"); this many words search a
# job description of the largest size accepted in about two seconds at worst.
MAX_MENTION_WORDS = 500

# The steps a text pattern may take to read a text, for each word of the text (a step: a
# place of the trie of a pattern's phrases, or a word of the trie of a place's alternatives,
# tried at a position; a word a gap or a negation's reach covers). Walked as tries, phrases
# that start alike cost no more than one, but a policy can still be written so that each word
# starts thousands of walks (300 phrases, each of its own word list of 20 words: 6,000 steps a
# word). The claim's patterns take at most about 60 steps a word, on text written to be dense
# with their phrases (25 on the JD corpus); a step is about a microsecond, so the largest job
# description accepted (load.MAX_JD_CHARS, some 130,000 words at most) is read in about a
# minute at worst. A pattern that goes over is refused at its line.
MAX_MATCH_STEPS = 500

# A text of a policy or a config that a report prints (a clause, a title, a rule's `why`, a
# waiver's reason, a `say` sentence), in characters, and the placeholders of a `say`: each
# finding prints its rule's clause and sentence (or title) and its waiver's reason again, so
# a policy of one sentence of 1 MiB, or of 2,000 `{title}`s over a job description's title of
# 100,000 characters, wrote hundreds of megabytes a finding (one finding: 200 MB, 860 MB of
# memory). The claim's longest is a `why` of 433 characters, its widest sentence 11
# placeholders.
MAX_TEXT_CHARS = 2_000
MAX_SAY_PLACEHOLDERS = 32

# A finding's sentence once its placeholders are put in words, in characters. The bounds above
# bound the policy's own text, not what a placeholder expands to: `{evidence}` names every
# record of the finding, so a `say` of 32 `{evidence}`s over a rota of 322 KB (1,000 sessions,
# each of the same 10 supervisors) made a report of 63 MB, with lines of 6 MB (attack round 33,
# P5). `{evidence}` names its records up to half of this and then says how many more there
# are (`said_list`), and a longer sentence is cut to its start and end, saying how much was
# left out (`said_within`). The claim's longest sentence over a national data set is some 340
# characters; its widest list, a manager's team, a few dozen records.
MAX_SENTENCE_CHARS = 10_000

# A config file (workrules.toml, pyproject.toml): a real one is a few kilobytes. A larger one
# is not a project's settings but a way to make every run read and parse megabytes.
MAX_CONFIG_BYTES = 1 << 20

# A git attributes file (`.gitattributes`, `.git/info/attributes`) of the repository checked:
# read a line at a time up to git's own bound (attr.c's ATTR_MAX_FILE_SIZE: git ignores a
# larger file), and refused beyond it rather than read in part (a `working-tree-encoding`
# after the bound would go unseen). A real one can be megabytes (18,000 git-lfs lines). Each
# is read once a run, and only its lines that can set `working-tree-encoding` are kept and
# matched against each data file; a repository has a handful: more than MAX_ENCODING_LINES
# in one file is not a checkout's settings but a way to make every data file cost thousands
# of matches, and the memory kept is bounded by them, not by the file.
MAX_ATTRIBUTES_BYTES = 100 << 20
MAX_ENCODING_LINES = 1_000

# No hour, count, percentage, ratio term or number of days comes near this.
MAX_NUMBER = 1_000_000_000

# The days a policy moves one date by (`week + 6 days`), all its moves added up: some 270
# years, so that any accepted date moved that far is still a date (Python's end at 9999).
MAX_SHIFT_DAYS = 100_000
# Rows of a Parquet file, read from its metadata before any column is decoded. Parquet's
# run-length and dictionary encodings let a file of a few hundred kilobytes declare tens of
# millions of rows (20M rows in 214 KB, 0.01 bytes a row, took minutes and gigabytes), so a
# file may declare up to MAX_FILE_ROWS rows, and more only as its size vouches for them: up to
# ROWS_PER_BYTE rows a byte of the file. Measured on real shapes (benchmarks/generate.py
# national, each list's files of a nation joined into one file of 3M rows or more): the
# densest is the unallocated list, 0.66 bytes a row with zstd (0.74 with snappy); wmt 0.82,
# timesheets 1.04 (3.9M rows in 4.1 MB), mappa meetings 2.07, cases 1.80; each region's own
# files 1.0 to 27; and 3M timesheet rows of 2,500 people over 23 years, hours repeating every
# 97 rows (more regular than any real export), 0.27 with zstd. Eight rows a byte (0.125 bytes
# a row) admits them with room, and still refuses the bombs, which are 90 rows a byte and far
# more. A file at MAX_FILE_ROWS took about 35 s and 1.5 GB where every row is read the exact
# way (the slowest), on a loaded machine; a larger file costs in proportion to its bytes, as
# a large JSON or CSV file does.
MAX_FILE_ROWS = 2_000_000
ROWS_PER_BYTE = 8
# Rows of all the Parquet files of one check, added up from their metadata before any file is
# read: twice the 50M-record history (12 regions x 18 years, 1,992 files, 9.4 GiB), so that
# files each below their bound cannot add up to a run without end. One file is held to it too.
MAX_CHECK_ROWS = 100_000_000

# The text a Parquet file decodes into, all its text values added up (from its dictionaries'
# lengths and how often each is used, before any is decoded). Dictionary encoding lets one
# long name, written once, stand in every row: 50 rows of a 1,000,000-character name are a
# file of a few kilobytes and 50 MB of text; 200 rows of 2,000,000 took 1.3 GB and 12 s. (One
# value longer than a CSV cell may be, csv.field_size_limit(), is refused on its own.) Real
# exports decode into at most 46 bytes of text a byte of the file (the national unallocated
# list in one zstd file; 0.6 to 36 for each region's files), so a file may hold up to
# MAX_FILE_TEXT bytes of text, or TEXT_PER_BYTE bytes a byte of a larger file, and never more
# than a JSON file may be (load.MAX_JSON_BYTES, 2 GiB). The bytes of its pages once
# uncompressed, as its footer gives them, are held to the same bound before any is read: a
# page written without a dictionary is decompressed whole, and zstd packs 275 MB of one
# repeated text into 27 KB (real exports: 1 to 11 bytes uncompressed a byte of the file).
MAX_FILE_TEXT = 256 << 20
TEXT_PER_BYTE = 256


def file_rows(size: int) -> int:
    """The rows (and the values of one column) a Parquet file of `size` bytes may declare."""
    return min(MAX_CHECK_ROWS, max(MAX_FILE_ROWS, size * ROWS_PER_BYTE))


def file_text(size: int, most: int) -> int:
    """The bytes of text a Parquet file of `size` bytes may decode into, at `most` the most."""
    return min(most, max(MAX_FILE_TEXT, size * TEXT_PER_BYTE))


def date_problem(day: dt.date) -> str | None:
    """Why `day` is refused, or None."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return f"is outside the dates workrules accepts ({DATE_RANGE})"


# The decimal places a number written in a policy or a `--set` may have: a limit of hours, a
# count or a percentage needs no more (7.25 h), and one with more (`members >= 7.0000001`) is
# a different limit from the one a reader, `render`, a finding and `diff` show, which round
# to two places (attack round 14).
MAX_POLICY_DECIMALS = 2


def decimals_problem(text: str) -> str | None:
    """Why the number written `text` (digits, a point, digits) is refused for its decimal
    places, or None."""
    _, point, places = text.partition(".")
    if point and len(places.rstrip("0")) > MAX_POLICY_DECIMALS:
        return (f"has {len(places.rstrip('0'))} decimal places; a policy's numbers have at most "
                f"{MAX_POLICY_DECIMALS}, as a limit needs no more (round it, or write it as "
                "another unit)")
    return None


def number_problem(value: float) -> str | None:
    """Why `value` is refused (NaN, or larger in size than MAX_NUMBER: infinity is), or None."""
    if value != value:
        return "is not a number"
    if -MAX_NUMBER <= value <= MAX_NUMBER:
        return None
    return f"is too large a number (the largest accepted is {MAX_NUMBER:,})"

MAX_ERRORS_PER_FILE = 100  # a file with more bad records says so in its first hundred
