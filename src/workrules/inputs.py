"""Directories given as data: the workrules files inside them, found by their `kind:`.

`workrules check .` walks the folder as ruff or yamllint do: recursively, in name order. It
enters hidden folders (`job-descriptions/.archive/`: GitHub shows what they hold, and a
pre-commit hook's pattern matches it) and linked folders that lead to a folder inside the
repository (each once), but never `.git`, a link leading out, or a Python environment or a
cache (a folder holding `pyvenv.cfg` with its Python or `site-packages`, `conda-meta/history`
or a signed `CACHEDIR.TAG`: `_a_tools_folder`), which it names as not walked. A YAML or JSON
file is workrules data when its top-level `kind:` is a workrules kind (or a near miss of one,
so that a misspelt kind is refused with a suggestion, not skipped); a Markdown file when its
front matter says `kind: job-description`. Other YAML, JSON and Markdown files
(`.pre-commit-config.yaml`, a README) are skipped, and counted for a note; a file that claims a
workrules kind but is broken is loaded, and refused, like a file named directly.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, BinaryIO

from .dataset import DOCUMENT_KINDS
from .errors import InputError
from .load import (
    DOCUMENT_SUFFIXES,
    JSON_SUFFIXES,
    LFS_POINTER,
    MARKDOWN_SUFFIXES,
    MAX_JSON_BYTES,
    MAX_YAML_BYTES,
    SPREADSHEET_SUFFIXES,
    lone_cr_as_lf,
    office_lock,
    unicode_text,
)
from .resources import open_regular

if TYPE_CHECKING:
    from .findings import FileNotRead

DATA_SUFFIXES = (".yaml", ".yml", ".json", ".ndjson", ".jsonl", *MARKDOWN_SUFFIXES, ".csv",
                 ".parquet")  # fmt: skip
# A spreadsheet named for a list (`region-01-timesheets.xlsx`) is meant as data: found, and
# refused with what to export instead, never skipped in silence.
SHEET_SUFFIXES = SPREADSHEET_SUFFIXES
_WORKBOOK_SUFFIXES = tuple(s for s in SHEET_SUFFIXES if s not in (".tsv", ".tab"))
# `Kind:` too, so that the loader refuses it (keys are lower case) rather than the walk skip it
_YAML_KIND = re.compile(r"""(?mi)^["']?kind["']?[ \t]*:[ \t]*["']?([^"'#\r\n]+)""")
# a YAML value that is no plain word: a block scalar, a tag, an anchor or an alias
_YAML_NODE = re.compile(r"\s*[>|!&*]")
_JSON_KIND = re.compile(r'"kind"\s*:\s*"([^"]*)"', re.I)
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.S | re.M)
# 'kind' as a key may be written: in quotes, in a flow mapping, or escaped in JSON (\u006b…)
_MAY_GIVE_KIND = re.compile(r"kind|\\u00[46][0-9a-f]|\\x[46][0-9a-f]", re.I)
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
        if _leads_out(path.rstrip("/" + os.sep) or path, path):
            # the folder named is itself a link out of the repository that holds it (attack
            # round 15: a pull request made `job-descriptions/` one, and the walk listed and
            # quoted the files where it led): refused before a name in it is read
            from .resources import caller_root, is_within

            confined = caller_root()
            raise InputError(
                f"is a folder outside the folder this check is confined to ({confined}): not "
                "walked" if confined is not None and not is_within(path, confined) else
                "is a folder that leads out of the git work tree that holds it (a link, or a "
                "folder behind one): not walked", file=path)  # fmt: skip
        found = 0
        skipped.extend(_case_siblings(path, paths))
        for candidate in _walk(path, skipped):
            if os.path.islink(candidate) and _leads_out(candidate, path):
                skipped.append(candidate)  # unread: its target is not the repository's
            elif os.path.islink(candidate) and _read_as(candidate) and _read_as(
                    os.path.realpath(candidate)) not in ("", _read_as(candidate)):  # fmt: skip
                # a link of another suffix to a file, named first, was read in its place as
                # another kind of file, and the file itself skipped as named twice (attack
                # round 15: a job description read as YAML lost its text)
                raise InputError(f"is a link to '{os.path.basename(os.path.realpath(candidate))}'"
                                 ", a file of another suffix: the two would be read as different "
                                 "kinds of file; name the file itself", file=candidate)  # fmt: skip
            elif office_lock(candidate) or saved_as_csv(candidate) is not None:
                skipped.append(candidate)  # Excel's lock file, or the workbook (or Unicode
                # Text) a CSV beside it was saved from: noted, unread (a first hour, round
                # 46: either stopped the whole check, as a list not saved as CSV UTF-8)
            elif candidate.lower().endswith(tuple(DOCUMENT_SUFFIXES)):
                skipped.append(candidate)  # a job description in Word or PDF: said, unread
            elif candidate.lower().endswith(".txt") and _unicode_text_list(candidate):
                files.append(candidate)  # a list saved as Excel's "Unicode Text", for the
                found += 1  # loader to refuse with the name to give it (it passed unsaid)
            elif not candidate.lower().endswith((*DATA_SUFFIXES, *SHEET_SUFFIXES)):
                if _refuse_misnamed(candidate):  # any other file: passed over, unless data
                    skipped.append(candidate)  # a template's or a backup's: named, unread
            elif job_description_template(candidate):
                skipped.append(candidate)  # a template: named as such, never judged
            elif is_workrules_data(candidate):
                files.append(candidate)
                found += 1
            else:
                skipped.append(candidate)
        if not found:  # (what it passed over, first: a folder of a spreadsheet's sheets saved
            # as CSV, named as the sheets were, was said to hold no YAML, JSON or Markdown)
            passed = [f for f in skipped if f.startswith(os.path.join(path, ""))] or skipped
            over = f"; it passed over {len(passed)} file{'s' if len(passed) != 1 else ''} " \
                f"(first: {passed[0]})" if passed else ""  # fmt: skip
            raise InputError("is a directory with no workrules data in it (YAML, JSON or "
                             "Markdown files with a top-level 'kind:' of "
                             f"{', '.join(DOCUMENT_KINDS)}, or CSV or Parquet files named for "
                             f"the list they fill, as unit-staff.csv){over}",
                             file=path)  # fmt: skip
    refuse_unshown_names(files)
    return files, skipped


def _case_siblings(folder: str, given: Sequence[str]) -> list[str]:
    """The folders beside `folder` whose names differ from its own in case alone
    (`Job-Descriptions/` beside `job-descriptions/`), and that no path of `given` names:
    named as not walked, with a separator at their end. The forge lists them side by side, and
    a pull request's job description in one passed a recipe that named the other with nothing
    said (attack round 34, P8)."""
    trimmed = folder.rstrip("/" + os.sep) or folder
    name = os.path.basename(trimmed)
    if not name or name in (".", ".."):
        return []
    parent = os.path.dirname(trimmed)
    try:
        beside = sorted(e.name for e in os.scandir(parent or ".")
                        if e.name != name and e.name.casefold() == name.casefold()
                        and e.is_dir(follow_symlinks=False))  # fmt: skip
    except OSError:
        return []
    named = {os.path.normcase(os.path.realpath(p)) for p in given}
    return [os.path.join(parent, other) + os.sep for other in beside
            if os.path.normcase(os.path.realpath(os.path.join(parent, other))) not in named]


def _case_twin(folder: str) -> bool:
    """Whether a folder a walk did not walk (named with a separator at its end) has a folder
    beside it whose name differs from its own in case alone (not git's `.GIT`): one
    `_case_siblings` named."""
    trimmed = folder.rstrip(os.sep)
    name = os.path.basename(trimmed)
    if name.casefold().rstrip(". ") == ".git" or os.path.islink(trimmed):
        return False
    try:
        return any(e.name != name and e.name.casefold() == name.casefold() and e.is_dir()
                   for e in os.scandir(os.path.dirname(trimmed) or "."))  # fmt: skip
    except OSError:
        return False


def refuse_unshown_names(paths: Sequence[str]) -> None:
    """Refuse a data file whose name (or a folder's on its path, as given) holds a character
    that does not show and that no report writes as an escape (`dataset.unshown`): every
    finding names its file, and a job description's subject is its path, so `zw` + U+200B +
    `space.md` and `zwspace.md` read alike in every report (attack round 33, P3). A bidi
    control or a control is written as an escape (`\\u202e`), and shows so."""
    if all(map(str.isascii, paths)):
        return
    from .dataset import unshown

    for path in paths:
        found = unshown(path)
        if found is not None:
            named, shown, plain = found
            raise InputError(f"its name holds {named}, which does not show: every report "
                             f"would name it '{plain}'; rename it", file=shown)  # fmt: skip


def saved_as_csv(path: str) -> str | None:
    """The CSV beside a workbook, or beside tab-separated text (`.tsv`, or Excel's "Unicode
    Text"), of the same name, which names a list: the sheet saved as CSV UTF-8, as the refusal
    of the workbook asks, read in its place (a rep kept the workbook as the master copy, and
    it stopped every run with the advice already followed: a first hour, round 46). None for
    any other file, and for one with no such CSV beside it."""
    stem, suffix = os.path.splitext(path)
    if suffix.lower() not in (*SHEET_SUFFIXES, ".txt") or os.path.basename(path).startswith(
            "~$"):  # fmt: skip
        return None
    if suffix.lower() == ".txt" and not _head_is_unicode_text(path):
        return None
    from .tabular import names_a_list

    for csv in (stem + ".csv", stem + ".CSV"):
        if os.path.isfile(csv) and not os.path.islink(csv) and names_a_list(csv):
            return csv
    return None


def _head_is_unicode_text(path: str) -> bool:
    try:
        with open_regular(path) as handle:
            return unicode_text(handle.read(4098))
    except OSError:
        return False


def _unicode_text_list(path: str) -> bool:
    """Whether a `.txt` file is a list saved as Excel's "Unicode Text" (UTF-16, tabs), named
    for its list or headed by its columns: the loader refuses it, saying to save it as CSV
    UTF-8 and the name to give it."""
    if not _head_is_unicode_text(path):
        return False
    from .tabular import names_a_list

    return names_a_list(path)


# Why a folder walk left what it found unread, in words: `Result.files_not_read` gives each
# file with its reason (a service checking a folder upload was told nothing of a rota it never
# read: a first hour, round 44), and the command line's notes count the files of each reason
NOT_READ = {
    "lock": "an Office lock file, which Excel keeps beside a file it has open, not read: close "
            "the file in Excel before checking, so that what is checked is what was saved",
    "saved": "a workbook or tab-separated text with the CSV of the same name beside it, which "
             "is read instead, as saved from it: save it again as CSV UTF-8 whenever the "
             "workbook changes",
    "document": "a file of a word processor, a spreadsheet or a PDF, not read: workrules reads "
                "a job description as Markdown (.md) and a sheet as CSV UTF-8; save any that "
                "hold data so",
    "folder": "a folder not walked: a virtual environment or cache, or a link leading out of "
              "the folder walked or the repository",
    "case": "a folder not walked: its name differs from a folder given only in case, and a "
            "walk reads the folders it is given; name it too, or check '.'",
    "lfs": "a Git LFS pointer, not the file it stands for, so not read: fetch the files (git "
           "lfs pull, or `lfs: true` in actions/checkout) before checking, so that what is "
           "checked is what the repository holds",
    "data": "not workrules data, so not read: workrules data is YAML, JSON or Markdown with a "
            "top-level 'kind:' of rota, allocation, staff or job-description, or CSV or "
            "Parquet named for the list it fills (as unit-staff.csv)",
    "link": "a link leading out of the folder walked or the repository, or to no workrules "
            "data, not read",
    "template": "a template of a job description (its name has the word 'template', and it is "
                "not filled in: placeholders, or no front matter of a known grade), not "
                "judged, as the pre-commit hook passes it over: each job description made "
                "from it is judged under its own name (name the file to check to have it "
                "judged too)",
}  # fmt: skip


def job_description_template(path: str) -> bool:
    """Whether a walk passes `path` over as a template of a job description: a Markdown file
    whose name has the word `template` (`_template.md`, `pso-template.md`), as the pre-commit
    hook's `exclude:` passes it over, unless it is written as a post in full
    (`_filled_in`). A template holds placeholders (`grade: GRADE`), and judged as a post it
    made findings and notices in CI about a file the hook never checked (a first hour, round
    53, P7). Named to check, it is read."""
    return path.lower().endswith(MARKDOWN_SUFFIXES) and _TEMPLATE.search(
        path.replace(os.sep, "/")) is not None and not _filled_in(path)


def _filled_in(path: str) -> bool:
    """Whether a Markdown file named as a template is a job description written in full: its
    front matter says `kind: job-description`, gives a title and a grade the service knows,
    and neither it nor the text holds a placeholder (`textpattern.unfilled_placeholders`:
    `[team name]`, `XX`, `{{grade}}`; in the front matter, a value's words in capitals read
    so too, `(TEAM NAME)`, `JOB TITLE`). Such a file is a post named like a template
    (`pso-courts-template-2025.md`), and is judged: passed over, its breach of 7a passed
    every recipe (attack round 34, P2). When in doubt, it is a template, as before."""
    try:
        with open_regular(path) as handle:
            raw = handle.read(_PEEK)
    except OSError:
        return False  # (skipped, as a template: named, it is read and refused)
    text = lone_cr_as_lf(raw.decode("utf-8", "replace").removeprefix("\ufeff"))
    front = _FRONT.match(text)
    if front is None:
        return False
    keys = {m.group(1).lower(): m.group(2).strip().strip("'\"")
            for m in _POST_KEY.finditer(front.group(1))}  # fmt: skip
    kinds = [m.group(1).strip() for m in _YAML_KIND.finditer(front.group(1))]
    if kinds != ["job-description"] or not keys.get("title") or not keys.get("grade"):
        return False
    from .model import canonical_grade
    from .textpattern import unfilled_placeholders, unreadable

    if canonical_grade(keys["grade"]) is None:
        return False
    capitals = "\n".join(f"[{m.group(0).lower()}]" for m in _CAPITALS.finditer(front.group(1)))
    body = text[front.end():]
    return not (unfilled_placeholders(front.group(1)) or unfilled_placeholders(capitals)
                or unfilled_placeholders(body) or unreadable(body))  # fmt: skip


# words in capitals, as a template writes what is to be filled in (`JOB TITLE (TEAM NAME)`):
# each run is asked of as a placeholder in brackets would be
_CAPITALS = re.compile(r"(?<![\w'-])[A-Z][A-Z'-]+(?:[ \t]+[A-Z][A-Z'-]+)*(?![\w'-])")


# A template's name, as the pre-commit hook's `exclude:` writes it (.pre-commit-hooks.yaml):
# one whose word is `template` (or `templates`), bounded by the name's start or end, `-`, `_`,
# `.` or a blank (`_template.md`, `pso-template.md`, `Template PSO.md`); not the letters
# inside another word (attack round 34, P1: `pso-contemplated-merger.md` was never judged)
_TEMPLATE_NAME = r"(^|/)([^/]*[-_. ])?templates?([-_. ][^/]*)?$"
_TEMPLATE = re.compile(rf"(?i){_TEMPLATE_NAME}")


def not_read(skipped: Sequence[str]) -> list[tuple[str, str]]:
    """What `expand_paths` skipped, in the order found, each with why (a key of `NOT_READ`):
    a folder not walked (named with a separator at its end), a link, Excel's lock file, a
    workbook a CSV beside it was saved from, a file of a word processor, a spreadsheet or a
    PDF, or one that is not workrules data. Word's lock file (`~$pso.docx`, which Word leaves
    beside an open file) is none of them: left out."""
    found = []
    for path in skipped:
        if path.endswith(os.sep) and _case_twin(path):
            found.append((path, "case"))  # a folder beside one given, of its name in case
        elif path.endswith(os.sep):  # a tool's folder, or a link leading out
            found.append((path, "folder"))
        elif os.path.islink(path):  # (most lead out)
            found.append((path, "link"))
        elif os.path.basename(path).startswith("~$") and path.lower().endswith(
                tuple(DOCUMENT_SUFFIXES)):  # fmt: skip
            continue  # (a job description open in Word: its file is said, unread)
        elif office_lock(path):
            found.append((path, "lock"))
        elif saved_as_csv(path) is not None:
            found.append((path, "saved"))
        elif lfs_pointer(path):  # (one not named as data: said as what it is, not passed over
            found.append((path, "lfs"))  # as not workrules data: attack round 32, P2)
        elif job_description_template(path):
            found.append((path, "template"))
        elif not os.path.basename(path).startswith("~$"):
            office = path.lower().endswith((*DOCUMENT_SUFFIXES, *SPREADSHEET_SUFFIXES))
            found.append((path, "document" if office else "data"))
    return found


def lfs_pointer(path: str) -> bool:
    """Whether the regular file at `path` is a Git LFS pointer, in any spelling git-lfs reads."""
    try:
        with open_regular(path) as handle:
            return handle.read(64).startswith(LFS_POINTER)
    except OSError:
        return False


def files_not_read(found: Sequence[tuple[str, str]]) -> tuple[FileNotRead, ...]:
    """What `expand_paths` skipped, as `not_read` sorts it, each with its reason in words,
    for `Result.files_not_read`."""
    from .findings import FileNotRead

    return tuple(FileNotRead(path, NOT_READ[why]) for path, why in found)


def skipped_notes(found: Sequence[tuple[str, str]]) -> list[str]:
    """The command line's notes on what `expand_paths` skipped, as `not_read` sorts it: a line
    for each reason, with how many and the first."""
    by_why: dict[str, list[str]] = {}
    for path, why in found:
        by_why.setdefault(why, []).append(path)
    notes = []
    if "lock" in by_why:  # (a first hour, round 46: it stopped the check, as a bad CSV)
        locks = by_why["lock"]
        noun = "1 Office lock file" if len(locks) == 1 else f"{len(locks)} Office lock files"
        notes.append(f"workrules: passed over {noun}, which Excel keeps beside a file it has "
                     f"open (first: {locks[0]}): close the file in Excel before checking, so "
                     "that what is checked is what was saved (a lock file left behind once "
                     "Excel has closed may be deleted)")
    if "saved" in by_why:  # (and a workbook kept beside its CSV stopped every run)
        saved = by_why["saved"]
        if len(saved) == 1:
            noun = ("workbook" if saved[0].lower().endswith(_WORKBOOK_SUFFIXES)
                    else "tab-separated text")  # fmt: skip
            notes.append(f"workrules: read {saved_as_csv(saved[0]) or 'the CSV'}, not the "
                         f"{noun} beside it that it was saved from ({saved[0]}); save it again "
                         "as CSV UTF-8 whenever the workbook changes")  # fmt: skip
        else:
            notes.append(f"workrules: read {len(saved)} CSV files, not the workbooks or "
                         "tab-separated text beside them that they were saved from (first: "
                         f"{saved[0]}); save each again as CSV UTF-8 whenever its workbook "
                         "changes")  # fmt: skip
    if "document" in by_why:  # (a first hour, round 37: a Word JD passed over unsaid)
        office = by_why["document"]
        noun = "1 file" if len(office) == 1 else f"{len(office)} files"
        notes.append(f"workrules: did not read {noun} of a word processor, a spreadsheet or a "
                     f"PDF (first: {office[0]}): workrules reads a job description as Markdown "
                     "(.md) and a sheet as CSV UTF-8; save any that hold data so")
    if "folder" in by_why:
        folders = by_why["folder"]
        noun = "1 folder" if len(folders) == 1 else f"{len(folders)} folders"
        notes.append(f"workrules: did not walk {noun}: a virtual environment or cache, or a "
                     f"link leading out of the folder walked or the repository (first: "
                     f"{folders[0]})")
    if "case" in by_why:
        twins = by_why["case"]
        noun = "1 folder" if len(twins) == 1 else f"{len(twins)} folders"
        notes.append(f"workrules: did not walk {noun} whose name differs from a folder given "
                     f"only in case (first: {twins[0]}): name it too, or check '.'")
    if "lfs" in by_why:
        pointers = by_why["lfs"]
        noun = "1 Git LFS pointer" if len(pointers) == 1 else f"{len(pointers)} Git LFS pointers"
        notes.append(f"workrules: did not read {noun}, not the file it stands for (first: "
                     f"{pointers[0]}): fetch the files (git lfs pull, or `lfs: true` in "
                     "actions/checkout) before checking")
    if "data" in by_why:
        other = by_why["data"]
        noun = "1 file that is" if len(other) == 1 else f"{len(other)} files that are"
        notes.append(f"workrules: skipped {noun} not workrules data (first: {other[0]})")
    if "template" in by_why:
        templates = by_why["template"]
        noun = "1 job description template" if len(templates) == 1 else \
            f"{len(templates)} job description templates"
        notes.append(f"workrules: skipped {noun}, not judged, as the "
                     f"pre-commit hook passes {'it' if len(templates) == 1 else 'them'} over "
                     f"(first: {templates[0]}); name a file to check to have it judged")
    if "link" in by_why:
        links = by_why["link"]
        noun = "1 link that leads" if len(links) == 1 else f"{len(links)} links that lead"
        notes.append(f"workrules: skipped {noun} out of the folder walked or the repository, "
                     f"unread, or to no workrules data (first: {links[0]})")
    return notes


def _read_as(path: str) -> str:
    """How the loader reads a file by its name: YAML, JSON, NDJSON, Markdown, CSV, Parquet;
    "" for a name no data has (`README`, `tool.sh`)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".ndjson": "ndjson",
            ".jsonl": "ndjson", ".csv": "csv", ".parquet": "parquet"}.get(suffix, "")


def _walk(folder: str, skipped: list[str]) -> Iterator[str]:
    """The data files under `folder`, in name order, depth first, into hidden folders and
    linked ones that stay inside the repository (each real folder once: a link back up is no
    loop); never into `.git`, and links that lead out and folders of tools (`_a_tools_folder`)
    are added to `skipped`, unwalked. A stack, not recursion: a repository's folders 1,000
    deep (git holds them) made Python's recursion give out."""
    top = os.path.realpath(folder)
    seen = {top}
    # each folder's entries, with the folder's real path: a folder's own is its parent's and
    # its name, so that only a link is resolved (resolving every folder cost a walk as much as
    # its depth each: a file 1,900 folders deep took a minute, attack round 12)
    stack = [(_entries(folder), top)]
    while stack:
        entry = next(stack[-1][0], None)
        if entry is None:
            stack.pop()
        elif entry.is_dir(follow_symlinks=False) or (entry.is_symlink() and _a_folder(entry)):
            real = (os.path.realpath(entry.path) if entry.is_symlink()
                    else os.path.join(stack[-1][1], entry.name))  # fmt: skip
            if entry.name.lower().rstrip(". ") == ".git":
                if entry.name != ".git" and not os.path.exists(os.path.join(entry.path, "HEAD")):
                    skipped.append(entry.path + os.sep)  # `.GIT`, `.git ` outside git: a folder
                    # that may be git's on a file system that folds case, unwalked and named
                    # (attack round 15: passed over unsaid, its job descriptions unread)
                continue  # git's, never the repository's content (and never said: every walk)
            if _a_tools_folder(entry.path) or (entry.is_symlink()
                                               and _leads_out(entry.path, folder)):  # fmt: skip
                skipped.append(entry.path + os.sep)
            elif real not in seen:
                seen.add(real)
                # a linked folder's files are named where they are, as git names them (a
                # finding on the link's path lands on no file of the repository: review 33)
                stack.append((_entries(_named_as_given(real, folder) if entry.is_symlink()
                                       else entry.path), real))  # fmt: skip
        elif _a_file(entry):  # (a file of another name is looked at for data misnamed)
            yield entry.path


def _refuse_misnamed(path: str) -> bool:
    """Refuse a file a walk does not read by its name (`pso.rst`, `pso.txt`) that starts with
    front matter of a workrules kind, blank lines or HTML comments before it: GitHub shows
    its text, and a job description renamed so passed a walk unread (attack round 11). One
    named as a template or an editor's backup (`job-description.md.tmpl`, `pso.md~`,
    `pso.md.bak`) is not refused: True, to be named among the files skipped (the review of
    session 34: a template folder refused every run). Any other file is passed over unsaid (a
    README in reStructuredText, a picture); only the head of each is read."""
    try:
        with open_regular(path) as handle:
            head = handle.read(_MISNAMED_PEEK)
    except OSError:
        return False
    text = head.decode("utf-8", "replace").removeprefix("\ufeff")
    front = _FRONT.match(_before_front(text))
    said = [m.group(1).strip() for m in _YAML_KIND.finditer(front.group(1))] if front else []
    shown_as = _junk_after_suffix(path)
    if front is None and shown_as:  # `rota.yaml ` (a blank, a dot or an invisible character
        # after the suffix, which GitHub's file list does not show): a walk passed such a rota
        # over unsaid, and named, it was read and breached (attack round 18). Read as the name
        # it shows; any other name (a note, a script, a template, `rota.yaml.disabled`) is
        # passed over as before (the reviews of session 40)
        said = [m.group(1).strip() for m in _YAML_KIND.finditer(text)]
        said += [m.group(1) for m in _JSON_KIND.finditer(text)]
        if any(_a_kind(k) for k in said) or _holds_a_list(text):
            junk = os.path.basename(path)[len(shown_as):]
            raise InputError(f"is named {os.path.basename(path)!r}, with "
                             f"{'blanks or dots' if junk.isprintable() else 'characters'} "
                             f"after its suffix, and holds workrules data: name it "
                             f"{shown_as!r}", file=path, line=1)  # fmt: skip
        return False
    kind = next((k for k in said if _a_kind(k)), None)
    if kind is not None and path.lower().endswith(_SPARE_SUFFIXES):
        return True
    if kind is not None:
        raise _misnamed(kind, path)
    suffix = os.path.splitext(path)[1].lower()
    if front is None and suffix in PROSE_SUFFIXES and unkinded_job_description(
            text := _as_markdown(lone_cr_as_lf(text), suffix), path):  # fmt: skip
        # a job description saved as text, with no front matter (a first hour, round 49: as
        # Markdown, the walk skipped it and the gate passed its breach), or written in another
        # markup the forge shows as a page (attack round 34, P3: `pso.rst`, `.adoc`, `.org`
        # and `.html` passed every recipe with nothing said)
        from .jdlike import JobDescriptionText, front_matter_to_add

        stem = os.path.splitext(os.path.basename(path))[0]
        added = front_matter_to_add(JobDescriptionText(text))
        if suffix == ".txt":
            raise InputError(f"reads as a job description but is named "
                             f"{os.path.basename(path)!r} and has no front matter, so "
                             f"workrules cannot read it: name it '{stem}.md' and {added}",
                             file=path, line=1)  # fmt: skip
        raise InputError(f"reads as a job description but is written as "
                         f"{PROSE_SUFFIXES[suffix]} ({os.path.basename(path)!r}), which "
                         f"workrules does not read: write it as Markdown, '{stem}.md', and "
                         f"{added}", file=path, line=1)  # fmt: skip
    return False


# Text a forge shows as a page, or a browser does, that a job description may be written in:
# one that reads as a job description, with no front matter, is refused, never passed over
PROSE_SUFFIXES = {".txt": "text", ".text": "text", ".rst": "reStructuredText",
                  ".rest": "reStructuredText", ".adoc": "AsciiDoc", ".asciidoc": "AsciiDoc",
                  ".asc": "AsciiDoc", ".org": "Org", ".html": "HTML", ".htm": "HTML",
                  ".xhtml": "HTML", ".textile": "Textile", ".rdoc": "RDoc", ".pod": "Pod",
                  ".creole": "Creole", ".mediawiki": "MediaWiki", ".wiki": "MediaWiki"}


def _as_markdown(text: str, suffix: str) -> str:
    """Another markup's headings, list items and breaks written as Markdown's, so that a job
    description in it reads as one as it would in Markdown (`jdlike`): AsciiDoc's, Creole's
    and MediaWiki's `= Title` / `== Section ==`, Org's `* Title`, Textile's `h1. Title`, and
    HTML's tags (`<h1>`, `<li>`, `<p>`; any other tag read as nothing, entities decoded).
    reStructuredText's underlined titles read as Markdown's setext headings already."""
    if suffix in (".html", ".htm", ".xhtml"):
        import html

        text = _HTML_HEADING.sub(lambda m: "\n" + "#" * int(m.group(1)) + " ", text)
        text = _HTML_ITEM.sub("\n- ", text)
        text = _HTML_BREAK.sub("\n", text)
        return html.unescape(_HTML_TAG.sub("", text))
    if suffix in (".adoc", ".asciidoc", ".asc", ".creole", ".mediawiki", ".wiki"):
        return _EQUALS_HEADING.sub(lambda m: "#" * len(m.group(1)) + " " + m.group(2), text)
    if suffix == ".org":
        return _ORG_HEADING.sub(lambda m: "#" * min(len(m.group(1)), 6) + " ", text)
    if suffix == ".textile":
        return _TEXTILE_HEADING.sub(lambda m: "#" * int(m.group(1)) + " ", text)
    return text


_HTML_HEADING = re.compile(r"(?i)<h([1-6])\b[^>]*>")
_HTML_ITEM = re.compile(r"(?i)<li\b[^>]*>")
_HTML_BREAK = re.compile(r"(?i)</?(?:p|br|div|h[1-6]|ul|ol|li|tr|table|section|article|dt|dd"
                         r"|dl|blockquote|header|footer|main|body|html|head|title)\b[^>]*>")
_HTML_TAG = re.compile(r"<[^<>]*>")
_EQUALS_HEADING = re.compile(r"^(={1,6})[ \t]+(.*?)(?:[ \t]+=+)?[ \t]*$", re.M)
_ORG_HEADING = re.compile(r"^(\*+)[ \t]+", re.M)
_TEXTILE_HEADING = re.compile(r"^h([1-6])\.[ \t]+", re.M)


def _misnamed(kind: str, path: str) -> InputError:
    return InputError(f"starts with the front matter of workrules data (kind: {kind}) but is "
                      f"named {os.path.basename(path)!r}, which workrules does not read as "
                      f"data: name it .md (a job description) or .yaml", file=path, line=1)


def misnamed_front_matter(text: str, path: str) -> InputError | None:
    """The refusal of a file named to check, and read as YAML for its suffix (`pso.txt`), that
    starts with the front matter of workrules data, as a walk refuses it: or None. (Named, it
    was refused as "not valid YAML": JDs, round 57.)"""
    front = _FRONT.match(_before_front(text.removeprefix("\ufeff")))
    said = [m.group(1).strip() for m in _YAML_KIND.finditer(front.group(1))] if front else []
    kind = next((k for k in said if _a_kind(k)), None)
    return _misnamed(kind, path) if kind is not None else None


def _junk_after_suffix(path: str) -> str:
    """The name a file shows where only blanks, dots or invisible characters follow a data
    suffix in it (`rota.yaml `, `rota.yaml.`, `rota.yaml` and a zero-width space): that name;
    else ""."""
    name = os.path.basename(path)
    shown = name.rstrip(" .\t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff")
    return shown if shown != name and shown.lower().endswith(DATA_SUFFIXES) else ""


_MISNAMED_PEEK = 1 << 14  # front matter starts a file: 16 KiB of each other file is plenty
# A template's or an editor's spare copy of a data file: named as skipped, not refused
_SPARE_SUFFIXES = ("~", ".bak", ".orig", ".swp", ".tmp", ".tmpl", ".template", ".sample",
                   ".example", ".dist", ".old")
# What may stand before a Markdown file's front matter that GitHub still shows as the page:
# blank lines, and HTML comments (`<!-- draft -->`)
_BEFORE_FRONT = re.compile(r"\A(?:\s+|<!--.*?-->)*", re.S)


def _before_front(text: str) -> str:
    """`text` from its first character that is no blank nor part of an HTML comment."""
    lead = _BEFORE_FRONT.match(text)  # (it matches at least nothing)
    return text[lead.end():] if lead else text


def _named_as_given(real: str, folder: str) -> str:
    """The resolved folder `real`, named as the walked `folder` was: relative to the current
    folder when that was, else whole."""
    if os.path.isabs(folder):
        return real
    shown = os.path.relpath(real)
    return real if shown.startswith(os.pardir) else shown


def _a_folder(entry: os.DirEntry[str]) -> bool:
    """Whether a linked entry leads to a folder (a loop or a dangling link leads nowhere)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _a_tools_folder(path: str) -> bool:
    """Whether a folder is a tool's, not the repository's writing: a Python environment (a
    virtual one's `pyvenv.cfg` with its `lib/python*/site-packages` or its `bin/python` beside
    it, whether or not that Python still runs; conda's `conda-meta/` with its `history` or a
    package's record) or a cache that
    says so (`CACHEDIR.TAG`, as pytest's, ruff's and mypy's do, its first line the tag's
    signature). A walk names it as not walked rather than read thousands of files of packages
    (workrules' own examples among them: review 33); but not one whose marker git tracks (a
    tool makes such a folder, and no one commits it), nor one whose marker is a link or no
    regular file. A marker alone proves nothing where git's index cannot be read (a linked
    worktree, a submodule, an unpacked archive): an empty `pyvenv.cfg` committed beside a rota
    hid it there (attack round 32, P5). Raises InputError where the folder holds workrules
    data beside its marker: passed over, it would be passed over unsaid."""
    marker = _tools_marker(path)
    if marker is None:
        return False
    from .resources import git_tracked

    # a marker committed to the repository is its content, not a tool's: a pull request's
    # empty `pyvenv.cfg` hid a folder of job descriptions from the walk (attack round 11)
    if git_tracked(marker) is True:
        return False
    _refuse_data_beside(path, marker)
    return True


def _tools_marker(path: str) -> str | None:
    """The marker that proves the folder at `path` a tool's (`_a_tools_folder`), or None. Each
    is looked at without following a link, and only a regular file is opened, without waiting
    for a FIFO's writer: a committed link `CACHEDIR.TAG -> /proc/self/fd/2` made a walk wait
    for ever in CI, and a FIFO of that name in an unpacked archive did too (attack round 32,
    P1); a tool writes its marker, and a link to one is committed (attack round 15:
    `pyvenv.cfg -> ../../.git/HEAD` hid its folder from the walk)."""
    import glob
    import stat

    def regular(name: str) -> bool:
        try:
            return stat.S_ISREG(os.lstat(os.path.join(path, name)).st_mode)
        except OSError:
            return False

    def folder(name: str) -> bool:
        try:
            return stat.S_ISDIR(os.lstat(os.path.join(path, name)).st_mode)
        except OSError:
            return False

    if regular("pyvenv.cfg") and (
            any(os.path.lexists(os.path.join(path, *python)) for python in _VENV_PYTHONS)
            or folder(os.path.join("Lib", "site-packages"))
            or glob.glob(os.path.join(glob.escape(path), "lib", "python*", "site-packages"))):
        return os.path.join(path, "pyvenv.cfg")  # (its Python may be a dangling link: lexists)
    if folder("conda-meta") and (regular(os.path.join("conda-meta", "history")) or any(
            regular(os.path.join("conda-meta", os.path.basename(record))) for record in
            glob.glob(os.path.join(glob.escape(path), "conda-meta", "*.json"))[:64])):
        # (a package's record, `*.json`: pixi's environments, conda-pack's and repo2docker's
        # keep no `history`, and were walked, their packages' example rotas read: the review
        # of session 52, P4)
        return os.path.join(path, "conda-meta")
    tag = os.path.join(path, "CACHEDIR.TAG")
    try:
        with open_regular(tag, follow=False) as handle:
            signed = handle.read(43) == b"Signature: 8a477f597d28d172789f06886806bc55"
    except OSError:
        return None
    return tag if signed else None


# what a virtual environment's Python is (the link venv makes, or Windows' copy)
_VENV_PYTHONS = (("bin", "python"), ("bin", "python3"), ("Scripts", "python.exe"))


def _refuse_data_beside(path: str, marker: str) -> None:
    """Refuse a tool's folder (`_a_tools_folder`) that holds workrules data of its own, beside
    its marker: no tool writes a rota there, and a walk that passed the folder over would pass
    the data over unsaid (attack round 32, P5). Only the folder's own files are looked at (a
    cache's README is no data), never its tool's folders of packages."""
    for entry in _entries(path):
        if (not entry.is_symlink() and entry.is_file(follow_symlinks=False)
                and entry.name.lower().endswith((*DATA_SUFFIXES, *SHEET_SUFFIXES))
                and is_workrules_data(entry.path)):  # fmt: skip
            raise InputError(f"is workrules data in a folder that {os.path.basename(marker)} "
                             "beside it marks as a tool's (a virtual environment or cache), "
                             "which a walk does not enter: move the data out of that folder, "
                             "or remove the marker", file=entry.path)  # fmt: skip


_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
              (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _wide(raw: bytes) -> str | None:
    """`raw` as text when it is UTF-16 or UTF-32 (by its byte order mark, or by the zero bytes
    its ASCII characters have), else None. A folder walk reads such a file for its `kind` as a
    reader's editor shows it, so that the loader, which reads UTF-8 only, refuses it: GitHub
    shows a UTF-16 job description as text, and a walk that skipped it passed its breach."""
    for bom, encoding in _WIDE_BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            size = 4 if "32" in encoding else 2
            return body[: len(body) // size * size].decode(encoding, "replace")
    head = raw[:64]
    if b"\x00" not in head or len(head) < 8:
        return None
    for size, zeros, encoding in ((4, (1, 2, 3), "utf-32-le"), (4, (0, 1, 2), "utf-32-be"),
                                  (2, (1,), "utf-16-le"), (2, (0,), "utf-16-be")):  # fmt: skip
        if all(b == 0 for i, b in enumerate(head) if i % size in zeros):
            return raw[: len(raw) // size * size].decode(encoding, "replace")
    return None


def _a_file(entry: os.DirEntry[str]) -> bool:
    """Whether a folder's entry is a file (through a link). A link that cannot be followed (a
    loop, a name too long, a path through a file) is passed over as a dangling one is: it
    names no file, and the loader refuses it when it is named."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _entries(folder: str) -> Iterator[os.DirEntry[str]]:
    try:
        return iter(sorted(os.scandir(folder), key=lambda e: e.name))
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror}", file=folder) from None


def _leads_out(path: str, top: str) -> bool:
    """Whether a link found in a folder leads out of the git work tree that holds it (the
    loader refuses such a file when it is named; found in a folder, it is not even peeked at).
    Outside git (a source archive unpacked, a build context), out of the walked folder `top`
    (review 42: a walk outside git read a link's target wherever it led, and quoted it)."""
    from .resources import confining_root, is_within

    root = confining_root(path)
    if root is None:  # (not the current folder: a container's is often `/`)
        root = os.path.realpath(top)
    return not is_within(path, root)


def is_workrules_data(path: str) -> bool:
    """Whether a file says it is workrules data by its top-level `kind:`, or, for a CSV or
    Parquet export, by the list its name ends with (or a near miss). A regex finds the kind
    as it is usually written; where it finds none but the file may still give one (a quoted
    or escaped key, a flow mapping, front matter after a byte order mark or with CRLF line
    ends, a kind past the first MiB), the file is parsed as the loader parses it (`_parsed_kind`):
    a folder walk never skips what the loader would read as data, so a breach cannot pass by
    being written another way."""
    if path.lower().endswith((".csv", ".parquet", *SHEET_SUFFIXES)):
        from .tabular import names_a_list

        return names_a_list(path)
    try:
        with open_regular(path) as handle:
            raw = handle.read(_PEEK + 1)
    except OSError:
        return True  # let the loader say why it cannot be read
    if raw.startswith(LFS_POINTER):  # a file left as a Git LFS pointer: data if named as data
        return _NAMED_AS_DATA.search(path.replace(os.sep, "/")) is not None
    wide = _wide(raw[:_PEEK])  # UTF-16 or UTF-32 (Notepad, PowerShell): read, then refused
    text = wide if wide is not None else raw[:_PEEK].decode("utf-8", "replace").removeprefix(
        "\ufeff")
    suffix = os.path.splitext(path)[1].lower()
    front = None
    if suffix in MARKDOWN_SUFFIXES:
        front = _FRONT.match(lone_cr_as_lf(text))  # (a file with CR line ends: read, not skipped)
        if front is None:  # no front matter: prose, not data; but front matter a blank line
            late = _FRONT.match(_before_front(lone_cr_as_lf(text)))  # or a comment stands
            if late is not None and any(  # before is data, for the loader to refuse
                    _a_kind(m.group(1).strip()) for m in _YAML_KIND.finditer(late.group(1))):
                return True
            # front matter in TOML (`+++`, as Hugo writes it) that gives a workrules kind, or
            # a grade and a title, is data too, for the loader to refuse with what to write
            # (attack round 34, P4: skipped as "not workrules data", its breach passed)
            if late is None and toml_front_matter(_before_front(lone_cr_as_lf(text))):
                return True
            # and so is a job description pasted with no front matter (a first hour, round
            # 49: `# PSO ...`, `**Grade:** PSO` and its duties were skipped, and passed)
            return late is None and unkinded_job_description(text, path)
        said = [m.group(1) for m in _YAML_KIND.finditer(front.group(1))]
    elif text.lstrip(" \t\r\n")[:1] in ("{", "[") and not text.lstrip(" \t\r\n").startswith(
            ("{{", "{%", "{#")):  # (JSON; not a template's `{{- if ... }}`: review 48)
        said = [m.group(1) for m in _JSON_KIND.finditer(text)][:1]
    else:
        said = [m.group(1) for m in _YAML_KIND.finditer(text)]
    if any(_a_kind(word) for word in said):
        return True
    if not said and (front is not None or suffix in (".yaml", ".yml")) and _a_post_unkinded(
            front.group(1) if front is not None else text):  # fmt: skip
        return True
    if front is None and _holds_a_list(text):  # `kind: roster`, or none, over a rota's lists
        return True
    if said and all(_PLAIN_KIND.fullmatch(word.strip()) for word in said) and not (
            _OTHER_KEY_WAYS.search(front.group(1) if front is not None else text)):  # fmt: skip
        return False  # `kind: Deployment`: another tool's file
    # a kind written as a block (`kind: >-`), with a tag (`!<tag:...>`) or an escaped line
    # break, or a `kind:` line inside a string: what the loader reads is the file parsed
    # (review 42: a walk skipped such a job description, which the loader reads)
    found = None
    if front is not None:  # a key that shows as `kind` ("k\u0456nd", "\uff4bind")
        found = _YAML_KIND.search(_as_read(front.group(1)))
        if found is not None and _a_kind(found.group(1)):
            return True
    if len(raw) > _PEEK:  # the rest, looked at as bytes: a MiB at a time for the word, and
        # whole only within the loader's bound (attack round 15: 1 GB of a `.yaml` was read
        # whole, 2.1 GB of memory, and 3 GB ended in a MemoryError)
        try:
            with open_regular(path) as handle:
                if not _holds_kind_word(handle):
                    return False  # no word 'kind' written in any way: not data
                size = os.fstat(handle.fileno()).st_size
                if size > (MAX_JSON_BYTES if suffix in JSON_SUFFIXES else MAX_YAML_BYTES):
                    return True  # for the loader to refuse by its size, as when named
                handle.seek(0)
                raw = handle.read()
        except OSError:
            return True
        text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    if suffix in (".ndjson", ".jsonl") and text.lstrip("\ufeff \t\r\n")[:1] == "{":
        from .tabular import names_a_list

        if names_a_list(path):  # an export named for its list, its header line missing
            return True  # (the loader says what the header must say)
    if not _MAY_GIVE_KIND.search(text):
        return False  # no word 'kind' written in any way: not data
    return _parsed_kind(path, text)


def toml_front_matter(text: str) -> bool:
    """Whether `text` opens with front matter in TOML, between `+++` lines, that says it is
    workrules data: a `kind` of a workrules kind (or a near miss), or a job description's
    `grade` (one the service knows) beside a `title`."""
    front = _TOML_FRONT.match(text)
    if front is None:
        return False
    keys = {m.group(1).lower(): m.group(2).strip().strip("'\"")
            for m in _TOML_KEY.finditer(front.group(1))}  # fmt: skip
    if "kind" in keys:
        return _a_kind(keys["kind"])
    if "grade" not in keys or "title" not in keys:
        return False
    from .model import canonical_grade

    return canonical_grade(keys["grade"]) is not None


_TOML_FRONT = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*\r?$", re.S | re.M)
_TOML_KEY = re.compile(r"""^[ \t]*["']?(kind|grade|title)["']?[ \t]*=[ \t]*([^#\n]{0,200})""",
                       re.I | re.M)


def unkinded_job_description(text: str, path: str) -> bool:
    """Whether a Markdown or text file with no front matter reads as a job description
    (`jdlike`: a title naming a grade, a grade line, a job description's sections): a walk
    reads it, so that the loader refuses it with the front matter to add, rather than skip it
    as not workrules data. A folder's README, index, contributing notes, changelog, licence
    or template is never one, as the pre-commit hook's `exclude:` passes them over."""
    if _NOT_A_POST.search(path.replace(os.sep, "/")):
        return False
    from .jdlike import reads_as_job_description

    return reads_as_job_description(text, path) is not None


# The files the pre-commit hook's `exclude:` passes over (.pre-commit-hooks.yaml)
_NOT_A_POST = re.compile(r"(?i)(^|/)(readme|index|contributing|changelog|license)(\.[^/]*)?$"
                         rf"|{_TEMPLATE_NAME}")


def _holds_a_list(text: str) -> bool:
    """Whether a YAML or JSON file holds one of workrules' lists, whatever its kind says:
    `upw_sessions:` under `kind: roster`, or under no kind (attack round 17: such a rota was
    skipped by a folder walk, its breach passed, and named, the loader refused it with "did
    you mean 'rota'?"). A list is taken for one only with its records' fields written in the
    file, every one a record needs and one of its own (`supervisors`, `hours_worked`,
    `practitioner`): a test suite's `cases:` or a site's `staff:` with a `grade:` is another
    tool's (the review of session 40). A walk reads it, for the loader to refuse."""
    from .tabular import list_is_shown

    found = {m.group(1).lower() for m in _TOP_LIST.finditer(text)}
    found |= {m.group(1).lower() for m in _JSON_LIST.finditer(text)}
    if not found:
        return False
    keys = {m.group(1).lower() for m in _ANY_KEY.finditer(text)}
    return any(list_is_shown(name, keys) for name in found)


_LIST_NAMES = ("timesheets|upw_sessions|programme_sessions|mappa_meetings|wmt|cases|reports"
               "|sfo_reviews|unallocated|establishment|absences|incidents|staff")
# a list at a YAML file's top level (a key at a line's start), or a JSON key over a list
_TOP_LIST = re.compile(rf"""^["']?({_LIST_NAMES})["']?[ \t]*:[ \t]*(?:\[|#|$)""", re.I | re.M)
_JSON_LIST = re.compile(rf'"({_LIST_NAMES})"\s*:\s*\[', re.I)
_ANY_KEY = re.compile(r"""(?:^|[{,\s])["']?([a-z_]+)["']?[ \t]*:""", re.I | re.M)


def _holds_kind_word(handle: BinaryIO) -> bool:
    """Whether a file, read a MiB at a time from its start, writes the word `kind` in any way
    (`_MAY_GIVE_KIND`): each piece read with the last bytes of the one before, so that a word
    across two pieces is found."""
    tail = b""
    while piece := handle.read(_PEEK):
        if _MAY_GIVE_KIND_BYTES.search(tail + piece):
            return True
        tail = piece[-16:]
    return False


# A kind's value as another tool writes it (`Deployment`, `ConfigMap`, `page`): a plain word
# or a few. One with escapes or a blank, or a file that may give its kind another way (a flow
# mapping at its top level, a key quoted or escaped at a line's start; not a Helm template's
# `{{- ... }}` nor JSON indented in a value: review 48), is parsed: a `kind: Deployment` line
# inside a string, or a kind written `"\x6a..."` or on the line after its key, hid a job
# description from the walk (attack round 15)
_PLAIN_KIND = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*(?:[ \t]+[A-Za-z0-9_./-]+)*")
_OTHER_KEY_WAYS = re.compile(r"""\A\s*[{\[](?!\{)|^[{\[](?!\{)|^["'][^"'\n]*["'][ \t]*:""", re.M)
_MAY_GIVE_KIND_BYTES = re.compile(rb"kind|\\u00[46][0-9a-f]|\\x[46][0-9a-f]", re.I)


def _a_post_unkinded(text: str) -> bool:
    """Whether a front matter or a YAML file that gives no kind holds a job description's own
    keys at its top level (a `grade` that names a grade of the service beside `title` or
    `text`, or `line_management` with `span_of_control`): a job description whose `kind:`
    line was left out, commented out or written as `type:`. A walk reads it, so that the
    loader refuses it as it does when the file is named (attack round 12: the walk skipped
    it, and its breach passed). A site's page with `grade: 7` (a school year) is not one (the
    review of session 35)."""
    keys = {m.group(1).lower(): m.group(2) for m in _POST_KEY.finditer(text)}
    if {"line_management", "span_of_control"} <= keys.keys():
        return True
    if "grade" not in keys or not keys.keys() & {"title", "text"}:
        return False
    from .model import canonical_grade

    return canonical_grade(keys["grade"].strip().strip("'\"")) is not None


_POST_KEY = re.compile(r"""^["']?(grade|title|text|line_management|span_of_control)["']?[ \t]*:"""
                       r"[ \t]*([^#\n]{0,200})", re.I | re.M)


def _parsed_kind(path: str, text: str) -> bool:
    """Whether the file, parsed as the loader parses it, has a top-level kind (or a near
    miss). One the loader cannot parse (a CI config with merge keys, JSON with a comment) is
    data, for the loader to refuse, only if a `kind` key starts one of its lines, as a
    top-level key does: otherwise it is skipped, as before."""
    from .load import read_document

    try:
        data = read_document(path).data
    except InputError:
        return _TOP_KIND.search(text) is not None
    kind = data.get("kind") if isinstance(data, dict) else None
    return isinstance(kind, str) and _a_kind(kind)


# A `kind` key at a line's start (top level), quoted, escaped or in a flow mapping
_TOP_KIND = re.compile(r"""^(?:\{\s*)?["']?(?:kind|\\u006bind)["']?\s*:""", re.I | re.M)


def _a_kind(word: str) -> bool:
    """Whether `word`, a top-level kind, is a document kind or a near miss of one, which the
    loader then refuses with a suggestion: a slip (`job-descripton`), another way to write it
    (`Job Description`, `job_description`), a shortening (`job-desc`, `alloc`), or a name HR
    gives a job description (`JD`, `job spec`, `role profile`). Any other kind (`Deployment`,
    a Kubernetes file's) is not workrules data."""
    read = _as_read(word).strip().lower()
    low = _SEPARATORS.sub("-", read)
    first = read.split()[0] if read.split() else ""  # ("rota june": the loader says rota)
    return (low in DOCUMENT_KINDS or low in _OTHER_NAMES or first in DOCUMENT_KINDS
            or first in _OTHER_NAMES
            or any(len(low) >= 4 and kind.startswith(low) for kind in DOCUMENT_KINDS)
            or bool(difflib.get_close_matches(low, DOCUMENT_KINDS, 1, 0.8)))  # fmt: skip


def other_name_of_a_job_description(word: str) -> bool:
    """Whether `word`, a kind, is a name HR gives a job description (`JD`, `job spec`)."""
    return _SEPARATORS.sub("-", _as_read(word).strip().lower()) in _OTHER_NAMES


_SEPARATORS = re.compile(r"[\s_.]+")
# A path named as the pre-commit hook's `files:` names data (.pre-commit-hooks.yaml): a job
# descriptions folder, a rota, allocation or staff file, an export named for a list
_NAMED_AS_DATA = re.compile(
    r"(?i)(^|/)(job[-_ ]?descriptions?|jds?|rotas?|allocations?)/|(rota|allocation|staff"
    r"|absences|cases|establishment|incidents|mappa_meetings|programme_sessions|reports"
    r"|sfo_reviews|timesheets|unallocated|upw_sessions|wmt)[^/]*$")
# names a job description goes by in HR, as a kind
_OTHER_NAMES = frozenset({"jd", "jds", "job-spec", "job-specification", "job-profile",
                          "role-profile", "role-description", "job-descriptions", "rotas",
                          "allocations"})  # fmt: skip


def _as_read(text: str) -> str:
    """`text` as it reads: compatibility forms composed (a full-width `k`, a no-break
    space), characters that do not show dropped, and letters of another alphabet in a Latin
    word read as the Latin ones they look like (`textpattern.as_shown`)."""
    if text.isascii():
        return text
    import unicodedata

    from .textpattern import as_shown

    return as_shown(unicodedata.normalize("NFKC", text))
