"""Directories given as data: the workrules files inside them, found by their `kind:`.

`workrules check .` walks the folder as ruff or yamllint do: recursively, in name order,
never into a hidden folder (`.git`, `.venv`) or through a symlinked folder. A YAML or JSON
file is workrules data when its top-level `kind:` is a workrules kind (or a near miss of
one, so that a misspelt kind is refused with a suggestion, not skipped); a Markdown file
when its front matter says `kind: job-description`. Other YAML, JSON and Markdown files
(`.pre-commit-config.yaml`, a README) are skipped, and counted for a note; a file that
claims a workrules kind but is broken is loaded, and refused, like a file named directly.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Sequence

from .dataset import DOCUMENT_KINDS
from .errors import InputError
from .load import SPREADSHEET_SUFFIXES

DATA_SUFFIXES = (".yaml", ".yml", ".json", ".ndjson", ".jsonl", ".md", ".markdown", ".csv",
                 ".parquet")  # fmt: skip
# A spreadsheet named for a list (`region-01-timesheets.xlsx`) is meant as data: found, and
# refused with what to export instead, never skipped in silence.
SHEET_SUFFIXES = SPREADSHEET_SUFFIXES
# `Kind:` too, so that the loader refuses it (keys are lower case) rather than the walk skip it
_YAML_KIND = re.compile(r"""(?mi)^kind[ \t]*:[ \t]*["']?([^"'#\s]+)""")
_JSON_KIND = re.compile(r'"kind"\s*:\s*"([^"]*)"', re.I)
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.S | re.M)
_PEEK = 1 << 20  # a top-level kind is near the top; a MiB is plenty to find it


def expand_paths(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """The data files that `paths` name: files as given, each directory replaced by the
    workrules files under it; and the files skipped as not workrules data."""
    files: list[str] = []
    skipped: list[str] = []
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            files.append(path)
            continue
        found = 0
        for candidate in _walk(path):
            if os.path.islink(candidate) and _leads_out(candidate):
                skipped.append(candidate)  # unread: its target is not the repository's
            elif is_workrules_data(candidate):
                files.append(candidate)
                found += 1
            else:
                skipped.append(candidate)
        if not found:
            raise InputError("is a directory with no workrules data in it (YAML, JSON or "
                             "Markdown files with a top-level 'kind:' of "
                             f"{', '.join(DOCUMENT_KINDS)})", file=path)  # fmt: skip
    return files, skipped


def _walk(folder: str) -> Iterator[str]:
    """The data files under `folder`, in name order, depth first. A stack, not recursion: a
    repository's folders 1,000 deep (git holds them) made Python's recursion give out."""
    stack = [_entries(folder)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry.is_dir(follow_symlinks=False):
            if not entry.name.startswith("."):
                stack.append(_entries(entry.path))
        elif entry.name.lower().endswith((*DATA_SUFFIXES, *SHEET_SUFFIXES)) and entry.is_file():
            yield entry.path


def _entries(folder: str) -> Iterator[os.DirEntry[str]]:
    try:
        return iter(sorted(os.scandir(folder), key=lambda e: e.name))
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror}", file=folder) from None


def _leads_out(path: str) -> bool:
    """Whether a link found in a folder leads out of the git work tree that holds it (the
    loader refuses such a file when it is named; found in a folder, it is not even peeked at)."""
    from .resources import git_root, is_within

    root = git_root(path)
    return root is not None and not is_within(path, root)


def is_workrules_data(path: str) -> bool:
    """Whether a file says it is workrules data by its top-level `kind:` (cheap: a regex),
    or, for a CSV or Parquet export, by the list its name ends with (or a near miss)."""
    if path.lower().endswith((".csv", ".parquet", *SHEET_SUFFIXES)):
        from .tabular import names_a_list

        return names_a_list(path)
    try:
        with open(path, "rb") as handle:
            text = handle.read(_PEEK).decode("utf-8", "replace")
    except OSError:
        return True  # let the loader say why it cannot be read
    suffix = os.path.splitext(path)[1].lower()
    if suffix in (".md", ".markdown"):
        front = _FRONT.match(text)
        found = _YAML_KIND.search(front.group(1)) if front else None
    elif text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        found = _JSON_KIND.search(text)
    else:
        found = _YAML_KIND.search(text)
    return found is not None and _a_kind(found.group(1))


def _a_kind(word: str) -> bool:
    low = word.lower()
    return low in DOCUMENT_KINDS or bool(difflib.get_close_matches(low, DOCUMENT_KINDS, 1, 0.8))
