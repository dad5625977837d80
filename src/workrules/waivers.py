"""Waivers against one run: which findings a waiver covers, and what is said of one that
covers none.

A waiver's subject that names a file (a job description's findings name their file) names it
relative to the folder of the config it is written in, or to the top of the repository;
a run names the same file as it was given (`.`, `./job-descriptions/`, an absolute path, from
a subfolder). Both are the same file: a waiver drafted from `check job-descriptions/` turned
back into a failure under `check .` (a first hour, round 53, P1). A waiver whose file the run
was not given (the hook passes the changed files only) is not looked at, and says nothing;
one whose file is gone says so, with the file of the run that has its name or the breach it
was agreed for (P2, P4). A waiver may pin the value it was agreed for (`value = 12`): a worse
breach of the same rule in the same file is then not waived (P3).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import posixpath
import re
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from typing import Literal

from .findings import Finding, WaiverInfo
from .resources import caller_root, git_root, is_within, repository_root

WALK_DEPTH = 32  # folders below a waiver pattern's fixed folders, looked through for its files
WALK_ENTRIES = 50_000  # files and folders looked through for the waivers' patterns, a run
MAX_PIN_DIGITS = 15  # an integer `value` longer than this is no finding's (a float has 15-17)

_LINE = re.compile(r",? lines? \d+(?:-\d+)?")  # `, line 9`: where a quoted sentence stood
_QUOTED = re.compile(r'\): ("(?:[^"\\]|\\.)*")\Z')  # the sentence an item of text quotes


def written(subject: str) -> str:
    """A waiver's subject as it is matched: a path without a leading `./`, its `a//b` and
    `a/./b` made `a/b`; any other subject as written."""
    if "/" not in subject:
        return subject
    while subject.startswith("./"):
        subject = subject[2:]
    return posixpath.normpath(subject) if subject else "."


def _full(name: str) -> str:
    """`name` (a path as the run or a config names it) as an absolute path: from a library
    caller's `root`, else the current folder; its folders resolved, its own name kept."""
    base = caller_root() or os.getcwd()
    path = os.path.normpath(os.path.join(base, name))
    return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


class RunNames:
    """The names each file of one run goes by, for the waivers of that run."""

    def __init__(self, files: Iterable[str]) -> None:
        self.files = frozenset(files)
        self._bases: dict[str, tuple[str, ...]] = {}
        self._spelt: dict[tuple[str, tuple[str, ...]], frozenset[str]] = {}
        self._walked: dict[str, tuple[tuple[str, ...], bool]] = {}
        self._budget = WALK_ENTRIES

    def bases(self, w: WaiverInfo) -> tuple[str, ...]:
        """The folders `w`'s subject names a file from: the folder of the file it is written
        in (a config, a policy) and the top of the git work tree that holds that file. A
        config with no repository around it (one copied out of the checkout) names files from
        the top of the run's repository instead, or, outside any, from the run's folder. The
        run's folder is no base of a config elsewhere: a waiver written from the top for
        `job-descriptions/spo.md` covered `archive/job-descriptions/spo.md` in a run from
        `archive/` (the review of session 53, P7)."""
        found = self._bases.get(w.file)
        if found is None:
            folder = os.path.dirname(_full(w.file))
            top = git_root(os.path.join(folder, "x"))
            if top is None:
                here = caller_root() or os.path.realpath(os.getcwd())
                top = git_root(os.path.join(here, "x")) or here
            found = self._bases[w.file] = tuple(dict.fromkeys([folder, top]))
        return found

    def spellings(self, name: str, bases: tuple[str, ...]) -> frozenset[str]:
        """The names the run's file `name` goes by: absolute, and relative to each of `bases`
        that holds it."""
        key = (name, bases)
        found = self._spelt.get(key)
        if found is None:
            full = _full(name)
            names = {_posix(full)}
            names.update(_posix(os.path.relpath(full, base)) for base in bases
                         if full.startswith(base.rstrip(os.sep) + os.sep))  # fmt: skip
            found = self._spelt[key] = frozenset(names)
        return found

    def covers(self, w: WaiverInfo, subject: str) -> bool:
        """Whether `w`'s subject names `subject` (a finding's): as written, or, for a file of
        the run, by its path from the waiver's folders, or its absolute path. Not by the name
        the run gave it: from `archive/`, `job-descriptions/spo.md` is another file than the
        one a waiver written at the top names (the review of session 53, P7)."""
        if subject not in self.files:
            return fnmatchcase(subject, w.subject)
        pattern = written(w.subject)
        return any(fnmatchcase(name, pattern) for name in self.spellings(subject, self.bases(w)))

    def on_disk(self, w: WaiverInfo) -> Literal["elsewhere", "gone", "unlooked"] | None:
        """For a waiver that names no file of the run: "elsewhere" when its subject names a
        file in the repository that the run was not given (not looked at: the hook passes the
        changed files only), "gone" when it is a file's path and no such file is there
        (renamed or removed), None when it names no file, "unlooked" when a pattern's folders
        hold more than is looked through (`_walk`). Looked for from the waiver's folders and
        the current one, inside the repository only."""
        from .inputs import DATA_SUFFIXES, SHEET_SUFFIXES

        pattern = written(w.subject)
        if "/" not in pattern and not pattern.lower().endswith((*DATA_SUFFIXES, *SHEET_SUFFIXES,
                                                                ".txt")):  # fmt: skip
            return None
        here = caller_root() or os.path.realpath(os.getcwd())
        roots = {repository_root(_full(w.file)), git_root(os.path.join(here, "x")) or here}

        def inside(path: str) -> bool:
            return any(is_within(path, root) for root in roots)

        if not any(c in pattern for c in "*?"):
            paths = [pattern] if os.path.isabs(pattern) else [os.path.join(base, pattern)
                                                              for base in self.bases(w)]
            return "elsewhere" if any(os.path.isfile(p) and inside(p) for p in paths) else "gone"
        cut = False
        starts = [""] if os.path.isabs(pattern) else list(self.bases(w))
        for base in starts:
            # the folders the pattern names before its first wildcard: where its files are
            parts = pattern.split("/")
            fixed = next(i for i, part in enumerate(parts) if any(c in part for c in "*?"))
            prefix = "/".join(parts[:fixed])
            start = os.path.join(base, prefix) if base else prefix or os.sep
            if not os.path.isdir(start) or not inside(start):
                continue
            files, truncated = self._walk(start)
            cut = cut or truncated
            for rel in files:
                name = f"{prefix}/{rel}" if prefix else rel
                if fnmatchcase(name, pattern):
                    path = os.path.join(start, *rel.split("/"))
                    if os.path.isfile(path) and inside(path):
                        return "elsewhere"
        return "unlooked" if cut else None

    def _walk(self, start: str) -> tuple[tuple[str, ...], bool]:
        """The files below the folder `start`, as paths from it, and whether the look stopped
        short. Bounded, once a run: no link to a folder is followed (two links, `a/up -> ..`
        and `b/side -> ../a`, made a recursive glob of `**/gone.md` run for minutes), no
        `.git` is entered, and at most `WALK_DEPTH` folders deep and `WALK_ENTRIES` names a run
        are looked at (the review of session 53, P4: sixteen `**/` in a pattern took over 100 s
        a run in a repository of 900 folders)."""
        found = self._walked.get(start)
        if found is not None:
            return found
        files: list[str] = []
        truncated = False
        for folder, dirs, names in os.walk(start):  # (followlinks=False: links not entered)
            rel = os.path.relpath(folder, start)
            depth = 0 if rel == os.curdir else rel.count(os.sep) + 1
            dirs[:] = sorted(d for d in dirs if d.lower().rstrip(". ") != ".git")
            self._budget -= len(dirs) + len(names)
            if self._budget < 0:
                truncated = True
                break
            if depth >= WALK_DEPTH and dirs:
                truncated = True
                dirs[:] = []
            prefix = "" if rel == os.curdir else _posix(rel) + "/"
            files.extend(prefix + name for name in sorted(names))
        found = self._walked[start] = (tuple(files), truncated)
        return found

    def moved_to(self, w: WaiverInfo, findings: Sequence[Finding]) -> str:
        """Where the file of `w` (gone) may be now, in words, or "": a file of the run with
        its name, or one whose finding of `w`'s rule is the breach `w` was agreed for (its
        `value`); named as the waiver would name it."""
        base = self.bases(w)[0]

        def named(file: str) -> str:
            full = _full(file)
            return _posix(os.path.relpath(full, base)) if full.startswith(
                base.rstrip(os.sep) + os.sep) else file  # fmt: skip

        name = posixpath.basename(written(w.subject))
        same = sorted({named(f) for f in self.files if posixpath.basename(_posix(f)) == name})
        if same:
            return f"{_listed(same)} in this run has its name"
        if w.value is None:
            return ""
        alike = sorted({named(f.file) for f in findings if f.rule == w.rule and f.waiver is None
                        and f.subject in self.files and pin_covers(w.value, f)})  # fmt: skip
        if alike:
            return (f"{_listed(alike)} in this run has the breach it was agreed for "
                    f"({w.rule}, {_shown(w.value)})")
        return ""


EVERYONE = ("which covers every subject: no finding of the rule fails a run until then")


def waiver_said(subject: str, until: dt.date) -> str:
    """A waiver as a value set over the policy's, listed in every report with a warning at
    its line, whether a policy file or a config writes it (attack round 34, P5: a config's
    `subject = "*"` was listed nowhere): its subject and until, and, for a pattern of `*` and
    `?` alone, that it covers every subject (one that covers every subject of a run is said
    so by the run: `Policy.check`)."""
    everyone = "*" in subject and not subject.strip("*?")
    return (f"for \"{subject}\" until {until.isoformat()}"
            + (f", {EVERYONE}" if everyone else ""))


def _listed(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")


def _shown(value: int | float | str) -> str:
    if isinstance(value, str):
        return value if _ratios(value) is not None else "the text it quoted then"
    return f"{value:g}" if isinstance(value, float) else str(value)


def pin_problem(value: object) -> str | None:
    """Why a waiver's `value` cannot pin what it was agreed for, or None: a number (the
    finding's value, as the JSON report gives it) or the finding's text. An integer of more
    than `MAX_PIN_DIGITS` digits is no finding's value (one of 400, which TOML reads, was an
    internal error where it was compared: the review of session 53, P9)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return ("a waiver's value must be the finding's value it was agreed for, a number "
                "(value = 12) or its text, as the JSON report's `value` gives it")
    if isinstance(value, int) and abs(value) >= 10**MAX_PIN_DIGITS:
        return (f"a waiver's value is a number of more than {MAX_PIN_DIGITS} digits, which no "
                "finding has")
    if isinstance(value, float) and not math.isfinite(value):
        return f"a waiver's value {value} is no number a finding has"
    if isinstance(value, str) and not value.strip():
        return "a waiver's value must be non-empty text"
    return None


_RATIO = re.compile(r"(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)")


def _ratios(text: object) -> list[float] | None:
    """The limits a ratio's limit text gives, each as one to how many (`1:6` 6, `2:13` 6.5;
    `1:6 or 2:13` both), or None where `text` is no ratio."""
    if not isinstance(text, str):
        return None
    parts = [_RATIO.fullmatch(part.strip()) for part in text.split(" or ")]
    if not parts or any(m is None or not float(m.group(1)) for m in parts):
        return None
    return [float(m.group(2)) / float(m.group(1)) for m in parts if m is not None]


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value) if abs(value) < 10**MAX_PIN_DIGITS else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        if (ratio := _ratios(value)) is not None and len(ratio) == 1:
            return ratio[0]  # (a pin written as the ratio was agreed: `value = "1:7"`)
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _items(text: str) -> frozenset[str]:
    """What a finding's value in words holds, item by item (`; ` apart), each as the sentence
    it quotes (`...): "Holds a caseload..."`), else without the lines it names: a line added
    above it, or a policy's new wording of its phrase, is not a new breach."""
    out = set()
    for item in text.split("; "):
        quoted = _QUOTED.search(item)
        out.add(" ".join((quoted.group(1) if quoted else _LINE.sub("", item)).split()))
    return frozenset(out)


def pin_covers(pin: int | float | str | None, finding: Finding) -> bool:
    """Whether a waiver that pins `pin` covers `finding` of its rule and subject: any finding,
    with no pin; else one no worse than it. A number: not further past the limit (12 agreed
    for a cap of 8 covers 10 and 12, not 20). Text: no item the pinned text lacks (a second
    sentence giving a boundary caseload is a new breach). A ratio's (`1:6`): one to no more than
    the pin's (`value = 7` or `"1:7"` covers 1:6.5 and 1:7, not 1:8)."""
    if pin is None:
        return True
    value = finding.value
    if isinstance(value, str) and isinstance(pin, str):
        return _items(value) <= _items(pin)
    number, agreed = _number(value), _number(pin)
    if number is None or agreed is None or isinstance(value, str):
        return value == pin
    if _ratios(finding.limit_value) is not None:
        # a ratio's limit is a most (`1:6`): one to fewer is nearer it (the review of session
        # 53, P5: pinned at 1:7, a group of 1:6.5 was not waived)
        return number <= agreed
    limit = _number(finding.limit_value)
    if limit is not None and number > limit:
        return number <= agreed
    if limit is not None and number < limit:
        return number >= agreed
    return number == agreed


def pin_said(w: WaiverInfo, finding: Finding) -> str:
    """The fact a finding its waiver's pin does not cover carries: what was agreed, and what
    is new."""
    assert w.value is not None
    where = f"agreed by {w.agreed_by}, {w.file}:{w.line}"
    if isinstance(w.value, str) and isinstance(finding.value, str):
        new = sorted(_items(finding.value) - _items(w.value))
        shown = "; ".join(new[:3]) + (f"; and {len(new) - 3:,} more" if len(new) > 3 else "")
        return (f"a waiver of {w.rule} for {w.subject} ({where}) covers only the text it was "
                f"agreed for, and {'this is' if len(new) == 1 else 'these are'} new, so it is "
                f"not waived: {shown}")
    agreed = _shown(w.value)
    if _ratios(finding.limit_value) is not None and _ratios(w.value) is None:
        agreed = f"1:{agreed}"  # (as the ratio is measured: 1:7, not 7)
    return (f"a waiver of {w.rule} for {w.subject} ({where}) was agreed for "
            f"{agreed}: this is {finding.measured}, so it is not waived")
