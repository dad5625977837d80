"""Redaction: a Result with every staff id and name replaced by a pseudonym (`--redact`).

A report redacted so can be shared (with a manager, in a branch meeting) without naming
anyone. Each member of staff gets one pseudonym, `staff-01`, `staff-02`, ...: the data set's
staff ids sorted, then numbered, zero-padded to the width of the count. Why a numbering and
not a hash of the id: staff ids are short and drawn from a small space (`S001`, an HR number
of six digits), so an unkeyed hash of one is reversed by trying every id; a keyed hash needs
a secret, and a new secret each run would change every pseudonym each run. A numbering over
the sorted ids gives the same pseudonym for the same data set, run after run (the output is
byte-identical), and carries nothing of the id. Its limit: adding or removing staff can shift
the numbers, so pseudonyms are stable for one data set, not across data sets.

What is replaced, wherever it occurs in a finding, a notice or a waiver (subject, evidence,
facts, sentence, the staff a finding is about, the measured value for machines, the reason a
rule was not applied, a waiver's subject, reason and signatory): every staff id and every
name that the staff lists give, as a whole word, in any case; a name also when its words are
split by other spaces or a line break (as in a quoted job description). A name shared by two
people becomes both pseudonyms (`staff-03 or staff-07`). Not replaced: file paths (they locate
the record, and are the user's own choice of names), the policy's own texts (rule ids,
clauses, titles) and the data model's (what a value is counted in), and any person the staff
lists do not name (a surname alone, initials, a name typed only in a job description): see
docs/security.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .findings import Result
from .frozen import field_names, replace
from .model import Staff

# Fields never redacted: the policy's own words and the data model's (what a value is counted
# in), what made the report (its digests), and where a record is (see the docstring).
_KEEP = frozenset({"rule", "clause", "severity", "kind", "file", "files", "policy", "rules",
                   "fail_on", "params", "line", "policy_digest", "policy_files",
                   "value_unit"})  # fmt: skip
# An id or name is a whole word: not inside a longer word, a number (`1:6`, `37.5`, `112%`)
# or a date (`2024-06-10`): digits joined to it by `.:-/` are of a number; letters are not
# (`S101/S102` and `S1-S10` name two people each).
_BEFORE = r"(?<!\w)(?!(?<=[0-9][.:\-/])[0-9])"
_AFTER = r"(?![\w%])(?!(?<=[0-9])[.:\-/][0-9])"
# An apostrophe is typed straight, curly (U+2019) or as a modifier letter (U+02BC).
_APOSTROPHES = "'\u2019\u02bc"
_STRAIGHT = str.maketrans(dict.fromkeys(_APOSTROPHES, "'"))


def pseudonyms(staff: Iterable[Staff]) -> dict[str, str]:
    """Each staff id and name (lower-cased, runs of spaces as one) -> its pseudonym."""
    people = sorted({s.id: s for s in staff}.values(), key=lambda s: s.id)
    width = max(2, len(str(len(people))))
    by_id = {s.id: f"staff-{n:0{width}d}" for n, s in enumerate(people, start=1)}
    names: dict[str, list[str]] = {}
    for s in people:
        if s.name and s.name.strip():
            names.setdefault(_key(s.name), []).append(by_id[s.id])
    out = {_key(name): " or ".join(alias) for name, alias in names.items()}
    out.update({_key(i): alias for i, alias in by_id.items()})  # an id wins over a name
    return out


def _key(text: str) -> str:
    text = text.translate(_STRAIGHT)
    return " ".join(text.split()).lower() if text.split() else text.lower()


def _pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for all `words` (already keys), built as a trie, so that its time grows with
    the text, not with the number of staff; a space in a word matches any run of spaces."""
    trie: dict[str, Any] = {}
    for word in words:
        if not word.strip():
            continue  # a blank id would match everywhere
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return None

    def regex(node: dict[str, Any]) -> str:
        alts = [_char(ch) + regex(sub)
                for ch, sub in sorted(node.items()) if ch]  # fmt: skip
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return re.compile(_BEFORE + "(?:" + regex(trie) + ")" + _AFTER, re.IGNORECASE)


def _char(ch: str) -> str:
    """The regex for one character of a key: a space is any run of spaces, an apostrophe
    any apostrophe."""
    if ch == " ":
        return r"\s+"
    return f"[{_APOSTROPHES}]" if ch == "'" else re.escape(ch)


def redacted(result: Result, staff: Mapping[str, Staff] | Iterable[Staff]) -> Result:
    """`result` with every staff id and name of `staff` replaced by its pseudonym."""
    people = list(staff.values()) if isinstance(staff, Mapping) else list(staff)
    alias = pseudonyms(people)
    pattern = _pattern(alias)
    if pattern is None:
        return result
    memo: dict[str, str] = {}

    def text(value: str) -> str:
        out = memo.get(value)
        if out is None:
            out = memo[value] = pattern.sub(lambda m: alias[_key(m.group())], value)
        return out

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return text(value)
        if isinstance(value, tuple):
            return tuple(walk(v) for v in value)
        names = field_names(type(value))
        if names is not None:
            return replace(value, **{name: walk(getattr(value, name)) for name in names
                                     if name not in _KEEP})  # fmt: skip
        return value  # numbers, dates, None

    redacted_result: Result = walk(result)
    return redacted_result
