"""A project's workrules config: `workrules.toml`, or `[tool.workrules]` in `pyproject.toml`.

It lets a repository of job descriptions or rotas fix, once, what every run needs:

    [tool.workrules]
    policy = "claim-2024"              # a shipped policy, or a .wr file inside the repository
    data = ["staff.yaml"]              # always loaded (globs allowed); findings are reported
                                       # only for the files named on the command line
    fail-on = "warning"                # advisory | warning | error | never
    select = ["jd-*"]                  # only these rules (ids or patterns with * and ?)
    ignore = ["jd-span-cap"]           # less these; --select replaces select, --ignore adds

    [tool.workrules.set]               # parameter values
    sfo_open_reviews_max = 2
    span_of_control_max = { SPO = 6, PLM = 8 }

    [tool.workrules.grades]            # grades beyond the data model's vocabulary, each
    TEAM_LEAD = "SPO"                  # with the grade whose caps it falls under ("" none)

    [[tool.workrules.waiver]]          # a recorded local exception
    rule = "upw-contact-hours"
    subject = "S004"                   # a subject, or a pattern with * and ?
    reason = "Rural unit: travel between sites is counted as contact time"
    agreed-by = "North East JNCC, 2024-05-14"
    until = 2025-03-31

Unknown keys are refused with a "did you mean"; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import stat
import sys
from collections.abc import Iterator
from typing import Any

import msgspec

from .errors import UsageError, did_you_mean, visible
from .findings import FAIL_ON, FailOn, WaiverInfo, waiver_subject_problem
from .limits import MAX_CONFIG_BYTES, MAX_NUMBER, MAX_TEXT_CHARS, date_problem, number_problem
from .resources import (
    caller_root,
    git_root,
    is_within,
    named_in_root,
    open_regular,
    repository_root,
    shipped_policies,
    shipped_policy,
)
from .waivers import pin_problem

CONFIG_NAMES = ("workrules.toml", "pyproject.toml")
_KEYS = ("policy", "data", "fail-on", "select", "ignore", "set", "grades", "waiver")
_WAIVER_KEYS = ("rule", "subject", "reason", "agreed-by", "until")
# A waiver's field that may be left out: the finding's value it was agreed for (without it,
# a waiver covers every breach of its rule for its subject, whatever it becomes)
_WAIVER_PIN = "value"
# The entries of a config's `data`: each glob is a walk of the folders it can reach, so 5,000
# copies of `**/staff.y*ml` (100 KB of config) took 17 s in a repository of 1,000 files, and a
# config of 1 MiB holds 60,000 (half an hour in one of 10,000).
MAX_DATA_ENTRIES = 100


class Config(msgspec.Struct, frozen=True):
    """What a project config says. Paths are ready to open from the current directory."""

    file: str
    policy: str | None
    data: tuple[str, ...]
    set_values: tuple[str, ...]
    fail_on: FailOn | None
    waivers: tuple[WaiverInfo, ...]
    grades: tuple[tuple[str, str], ...] = ()  # declared grade, family ("" for none)
    set_lines: tuple[int | None, ...] = ()  # where each of set_values was written
    select: tuple[str, ...] = ()  # rule ids or patterns: only these rules (all when empty)
    ignore: tuple[str, ...] = ()  # rule ids or patterns: less these
    grade_lines: tuple[int | None, ...] = ()  # where each of grades was written
    rule_lines: tuple[int | None, int | None] = (None, None)  # where select, ignore are
    fail_on_line: int | None = None  # where fail-on is
    policy_line: int | None = None  # where policy is
    data_line: int | None = None  # where data is


def find_config(start: str) -> Config | None:
    """The nearest config at or above `start`, up to the top of its git work tree or the
    user's home folder, whichever comes first. Outside both, only `start` itself is looked
    in: a config planted higher up (in /tmp, say) by someone else never applies."""
    for folder in _search_path(os.path.abspath(start)):
        for name in CONFIG_NAMES:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                config = read_config(path, required=name == "workrules.toml", found=True)
                if config is not None:
                    if name == "workrules.toml":
                        _refuse_second_config(folder, path)
                    return config
    return None


def _refuse_second_config(folder: str, path: str) -> None:
    """Refuse a `[tool.workrules]` table in the pyproject.toml beside workrules.toml (`path`):
    only one of the two is read, and the other's settings (a cap, a waiver, `fail-on`) would
    be passed over in silence. A pyproject.toml that does not name workrules is not parsed."""
    other = os.path.join(folder, "pyproject.toml")
    try:  # (a regular file only: a FIFO of that name waited for ever, as attack round 32's P1)
        with open_regular(other) as handle:
            named = b"workrules" in handle.read(MAX_CONFIG_BYTES + 1)
    except OSError:
        return
    if not named:
        return
    try:
        second = read_config(other, required=False, found=True)
    except UsageError:
        return  # not read: workrules.toml is the config here
    if second is not None:
        raise UsageError("pyproject.toml beside it has a [tool.workrules] table too, and only "
                         "one of the two is read: keep the settings in one of them",
                         file=_display(path))  # fmt: skip


def _search_path(start: str) -> list[str]:
    home = os.path.abspath(os.path.expanduser("~"))
    folders = [start]
    folder = start
    while not (os.path.exists(os.path.join(folder, ".git")) or folder == home):
        parent = os.path.dirname(folder)
        if parent == folder:  # neither a repository nor home above: the start alone
            return [start]
        folder = parent
        folders.append(folder)
    return folders


class _Seen:
    """Whether the cache (when the command line has it on) holds that a pyproject.toml of just
    these bytes was read before, as valid TOML without a [tool.workrules] table: a hook run in
    a Python project then neither imports tomllib nor parses the file, each time, to find no
    config in it. The mark is signed plain data like every cache entry (`ast_cache`): a mark
    not ours, or none, is a miss, and the file is read."""

    def __init__(self, raw: bytes) -> None:
        from . import __version__, ast_cache
        from .policy import cache_folder

        self.folder = cache_folder()
        key = ast_cache.content_hash(b"\0".join([ast_cache.FORMAT, b"pyproject-without-config",
                                                  __version__.encode(), sys.version.encode(),
                                                  raw]))  # fmt: skip
        self.entry = f"pyproject-{key.hex()[:32]}.json"

    def before(self) -> bool:
        from . import ast_cache

        return self.folder is not None and ast_cache.load_mark(self.folder, self.entry)

    def remember(self) -> None:
        from . import ast_cache

        if self.folder is not None:
            ast_cache.store_mark(self.folder, self.entry)


def _bounds() -> str:
    """What confines a config's paths, in words: its repository, or the folder a library
    caller confined the call to (`root`)."""
    return "the repository" if caller_root() is None else "the folder this check is confined to"


def read_config(path: str, required: bool = True, found: bool = False) -> Config | None:
    """Read a config file. A pyproject.toml without [tool.workrules] gives None (or an error
    when the file was named explicitly). `found`: looked for in the repository, not named."""
    confined = caller_root()  # a library caller's `root`: the config named from it
    shown = _display(path) if confined is None else named_in_root(path)
    if confined is not None and not is_within(path, confined):
        raise UsageError(f"the config file is outside the folder this check is confined to "
                         f"({confined}); name one inside it", file=shown)  # fmt: skip
    root = git_root(path)
    if root is not None and not is_within(path, root):  # a planted link to ~/.something
        raise UsageError(f"the config file is a link to a file outside its repository "
                         f"({root}); name the file itself", file=shown)  # fmt: skip
    try:
        # One found in the repository must be a regular file (opened without waiting for a
        # FIFO's writer); one named with --config may be `<(git show ...)` or /dev/null.
        fd = os.open(path, os.O_RDONLY | (getattr(os, "O_NONBLOCK", 0) if found else 0))
        with os.fdopen(fd, "rb") as handle:
            if found and not stat.S_ISREG(os.fstat(fd).st_mode):
                raise UsageError("the config file is not a regular file", file=shown)
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise UsageError("the config file does not exist", file=shown) from None
    except IsADirectoryError:  # (os.fdopen's own words: "[Errno 21] Is a directory: 3")
        raise UsageError("is a folder; a config is a workrules.toml or pyproject.toml file",
                         file=shown) from None  # fmt: skip
    except OSError as err:
        raise UsageError(f"the config file cannot be read: {err.strerror or err}",
                         file=shown) from None  # fmt: skip
    if len(raw) > MAX_CONFIG_BYTES:
        raise UsageError(f"the config file is more than {MAX_CONFIG_BYTES:,} bytes; a config "
                         "sets a policy, data, values, grades and waivers, and needs a few "
                         "kilobytes", file=shown)  # fmt: skip
    seen = None if required or os.path.basename(path) != "pyproject.toml" else _Seen(raw)
    if seen is not None and seen.before():
        return None
    import tomllib

    try:
        doc = tomllib.loads(raw.decode("utf-8-sig"))  # Notepad's byte-order mark, as in data
    except UnicodeDecodeError as err:
        raise UsageError(f"the config file cannot be read: {err}", file=shown) from None
    except ValueError as err:  # tomllib's int() of more than 4,300 digits is no TOMLDecodeError
        if isinstance(err, tomllib.TOMLDecodeError):
            raise _toml_error(err, raw, shown) from None
        text = raw.decode("utf-8-sig", "replace")
        long = re.search(r"[0-9_]{4000,}", text)
        raise UsageError(f"a number too long to be a value (the largest accepted is "
                         f"{MAX_NUMBER:,})", file=shown,
                         line=text.count("\n", 0, long.start()) + 1 if long else None) from None
    except RecursionError:  # tomllib recurses for each `[` of an array: 2,000 of them did it
        raise UsageError("not valid TOML: nested too deeply to be a config", file=shown) from None
    text = raw.decode("utf-8-sig")
    is_pyproject = os.path.basename(path) == "pyproject.toml"
    if is_pyproject:
        tool = doc.get("tool")
        section = tool.get("workrules") if isinstance(tool, dict) else None
        if section is None:
            if required:
                raise UsageError("this pyproject.toml has no [tool.workrules] table", file=shown)
            if seen is not None:
                seen.remember()
            return None
        prefix = "tool.workrules"
    else:
        section, prefix = doc, ""
    return _parse(section, text, shown, os.path.dirname(os.path.abspath(path)), prefix)


def _toml_error(err: Exception, raw: bytes, shown: str) -> UsageError:
    where = re.search(r"line (\d+)", str(err))
    text = raw.decode("utf-8", "replace")
    line = int(where.group(1)) if where else max(1, len(text.splitlines()))
    reason = str(err).split(" (at ")[0]
    if "end of document" in str(err):
        reason += " before the end of the file"
    return UsageError(f"not valid TOML: {reason}", file=shown, line=line)


class _Lines:
    """Where keys are written in a config's text (TOML parsers keep no lines), found in one
    pass: a config of 40,000 `[set]` values once took minutes, each one's line looked for
    from the top of the file. A key is known by its table (`set.upw_ratio`, under `prefix`:
    `tool.workrules` in pyproject.toml), and no line inside a multi-line string is read as a
    key: ruff's `[tool.ruff.lint] ignore = [...]` before `[tool.workrules] ignore = [...]`, or
    a waiver's reason holding the line `upw_ratio = "1:6"`, named the wrong line as the one
    that set a value (the sixteenth attack)."""

    _KEY = re.compile(r'[ \t]*(?:\[(\[?)\s*([\w.\'" -]+?)\s*\]|"([^"\n]*)"\s*=|([^\s"=\[#]+)\s*=)')

    def __init__(self, text: str, prefix: str = "") -> None:
        self.prefix = prefix
        self.first: dict[str, int] = {}  # a key's first assignment or table, by its full path
        self.arrays: dict[str, list[int]] = {}  # each [[NAME]] opened, by its full path
        table, open_string = "", ""
        for number, line in enumerate(text.splitlines(), 1):
            if open_string:  # inside a multi-line string: only its end is looked for
                if line.count(open_string) % 2:
                    open_string = ""
                continue
            found = self._KEY.match(line)
            if found is not None:
                array, header, quoted, bare = found.groups()
                if header is not None:  # (`[tool."workrules"]` is `[tool.workrules]`)
                    table = header = ".".join(part.strip().strip("\"'") for part in
                                              header.split("."))  # fmt: skip
                    self.first.setdefault(header, number)
                    if array:
                        self.arrays.setdefault(header, []).append(number)
                else:
                    key = quoted if quoted is not None else bare
                    self.first.setdefault(f"{table}.{key}" if table else key, number)
            for quotes in ('"""', "'''"):
                if line.count(quotes) % 2:  # a multi-line string opens on this line
                    open_string = quotes
                    break

    def at(self, path: str) -> int | None:
        """The line where the full dotted `path` is first assigned or opens a table."""
        return self.first.get(path)

    def of(self, key: str) -> int | None:
        """The line where `key` (a dotted path under the config's table) is first assigned
        or opens a table."""
        return self.first.get(f"{self.prefix}.{key}" if self.prefix else key)

    def table(self, name: str, index: int) -> int | None:
        """The line of the `index`th `[[name]]` table (under the config's table)."""
        opened = self.arrays.get(f"{self.prefix}.{name}" if self.prefix else name, [])
        return opened[index] if index < len(opened) else None


def _parse(section: Any, text: str, shown: str, base: str, prefix: str) -> Config:
    lines = _Lines(text, prefix)
    # the line of a config written inline in pyproject.toml (`tool = {workrules = {...}}`)
    inline = (lines.at(prefix) or lines.at(prefix.split(".")[0])) if prefix else None

    def fail(message: str, key: str) -> UsageError:
        # (a parameter's or a grade's name: its line in its table)
        line = lines.of(key) or lines.of(f"set.{key}") or lines.of(f"grades.{key}")
        return UsageError(message, file=shown, line=line)

    where = f"[{prefix}]" if prefix else "the config"
    if not isinstance(section, dict):
        raise UsageError(f"{where} must be a table", file=shown)
    for key in section:
        # pyproject.toml's table, pasted into workrules.toml
        if key == "tool" and not prefix and isinstance(section[key], dict):
            table = re.search(r"^[ \t]*\[+[ \t]*tool\b", text, re.M)
            raise UsageError("[tool.workrules] is pyproject.toml's table; in workrules.toml the "
                             "settings stand at the top, under no table", file=shown,
                             line=text.count("\n", 0, table.start()) + 1 if table else None)
        if key not in _KEYS:
            raise fail(f"{where} has no setting '{key}'{did_you_mean(key, _KEYS)}; settings "
                       f"are {', '.join(_KEYS)}", key)  # fmt: skip

    root = repository_root(os.path.join(base, CONFIG_NAMES[0]))
    policy = section.get("policy")
    if policy is not None:
        if not isinstance(policy, str):
            raise fail("policy must be a string: a shipped policy's name or a file", "policy")
        _refuse_unnameable(policy, "policy", fail)
        if policy.endswith(".wr"):
            candidate = os.path.join(base, policy)
            if not is_within(candidate, root):
                raise fail(f"policy {policy!r} is outside {_bounds()} ({root}): a config "
                           "names a shipped policy or a .wr file inside its repository",
                           "policy")  # fmt: skip
            if not os.path.lexists(candidate):
                stem = os.path.basename(policy)[: -len(".wr")]
                hint = (f" (the shipped policy is named {stem}, without .wr)"
                        if stem in shipped_policies() else "")  # fmt: skip
                raise fail(f"policy {policy!r} does not exist{hint}", "policy")
            policy = _display(candidate)
        else:
            try:
                shipped_policy(policy)
            except UsageError as err:
                raise fail(err.message, "policy") from None

    data = section.get("data", [])
    if isinstance(data, str):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(d, str) for d in data):
        raise fail("data must be a list of file names or globs", "data")
    if len(data) > MAX_DATA_ENTRIES:  # each glob walks the folders it can reach
        raise fail(f"data has {len(data):,} entries, and at most {MAX_DATA_ENTRIES} are read (a "
                   "real config names a staff list, or a glob or two)", "data")  # fmt: skip
    files: list[str] = []
    for pattern in data:
        _refuse_unnameable(pattern, "data", fail)
        try:
            matched = _data_files(pattern, base, root)
        except UsageError as err:
            raise fail(f"data: {pattern!r} {err.message}", "data") from None
        if not matched:
            raise fail(f"data: '{pattern}' matches no file", "data")
        files.extend(_display(f) for f in matched)

    fail_on = section.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise fail(f"fail-on must be one of {', '.join(FAIL_ON)}"
                   f"{did_you_mean(str(fail_on), FAIL_ON)}", "fail-on")  # fmt: skip

    chosen: dict[str, tuple[str, ...]] = {}
    for key in ("select", "ignore"):
        value = section.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(f"{key} must be a list of rule ids or patterns such as \"jd-*\"", key)
        chosen[key] = tuple(value)

    set_values: list[str] = []
    set_lines: list[int | None] = []
    values = section.get("set", {})
    if not isinstance(values, dict):
        raise fail("set must be a table of parameter = value", "set")
    for name, value in values.items():
        # (written inline, `set = {x = 1}`: the line of `set`, or of the table holding it)
        line = lines.of(f"set.{name}") or lines.of("set") or inline
        _refuse_unassignable(name, "a parameter's name", fail, name)
        if isinstance(value, dict):
            for key, v in value.items():
                _refuse_unassignable(key, f"a key of {name}", fail, name)
                set_values.append(f"{name}[{key}]={_value_text(v, name, fail)}")
                set_lines.append(line)
        else:
            set_values.append(f"{name}={_value_text(value, name, fail)}")
            set_lines.append(line)

    grades = section.get("grades", [])
    if isinstance(grades, list):
        grades = dict.fromkeys(grades, "")
    if not isinstance(grades, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in grades.items()):
        raise fail('grades must be a list of grade names, or a table of NAME = "FAMILY"',
                   "grades")  # fmt: skip

    waivers = section.get("waiver", [])
    if not isinstance(waivers, list):
        raise fail("write each waiver as a [[waiver]] table", "waiver")
    out: list[WaiverInfo] = []
    for i, w in enumerate(waivers):
        # (an array of inline tables, `waiver = [{...}]`: the line of `waiver`)
        line = lines.table("waiver", i) or lines.of("waiver") or inline
        if not isinstance(w, dict):
            raise UsageError("a waiver must be a table", file=shown, line=line)
        for key in w:
            if key not in _WAIVER_KEYS and key != _WAIVER_PIN:
                fields = (*_WAIVER_KEYS, _WAIVER_PIN)
                raise UsageError(f"a waiver has no field '{key}'{did_you_mean(key, fields)}"
                                 f"; its fields are {', '.join(_WAIVER_KEYS)}, and "
                                 f"{_WAIVER_PIN} if it pins one", file=shown,
                                 line=line)  # fmt: skip
        missing = [k for k in _WAIVER_KEYS if k not in w]
        if missing:
            raise UsageError(f"a waiver must give {', '.join(missing)}: an exception records "
                             "whom it covers, why, who agreed it and when it ends", file=shown,
                             line=line)  # fmt: skip
        until = w["until"]
        if isinstance(until, str):
            try:
                until = dt.date.fromisoformat(until)
            except ValueError:
                until = None
        if not isinstance(until, dt.date) or isinstance(until, dt.datetime):
            raise UsageError("a waiver's until must be a date (until = 2025-03-31)",
                             file=shown, line=line)  # fmt: skip
        if (problem := date_problem(until)) is not None:  # 9999-12-31 is a waiver for ever
            raise UsageError(f"a waiver's until {until.isoformat()} {problem}", file=shown,
                             line=line)  # fmt: skip
        for key in ("rule", "subject", "reason", "agreed-by"):
            if not isinstance(w[key], str) or not visible(w[key]):
                raise UsageError(f"a waiver's {key} must be non-empty text", file=shown,
                                 line=line)  # fmt: skip
            if len(w[key]) > MAX_TEXT_CHARS:  # printed again with each finding it waives
                raise UsageError(f"a waiver's {key} is at most {MAX_TEXT_CHARS:,} characters "
                                 "(it is printed again with each finding it waives), and this "
                                 f"one has {len(w[key]):,}", file=shown, line=line)  # fmt: skip
        if (problem := waiver_subject_problem(w["subject"])) is not None:
            raise UsageError(f"a waiver's subject {problem}", file=shown, line=line)
        pin = w.get(_WAIVER_PIN)
        if pin is not None and (problem := pin_problem(pin)) is not None:
            raise UsageError(problem, file=shown, line=line)
        out.append(WaiverInfo(w["rule"], w["subject"], w["reason"], w["agreed-by"], until,
                              shown, line or 0, pin))  # fmt: skip
    return Config(shown, policy, tuple(files), tuple(set_values), fail_on, tuple(out),
                  grades=tuple(grades.items()), set_lines=tuple(set_lines),
                  grade_lines=tuple(lines.of(f"grades.{g}") or lines.of("grades")
                                    for g in grades),
                  select=chosen["select"], ignore=chosen["ignore"],
                  rule_lines=(lines.of("select"), lines.of("ignore")),
                  fail_on_line=lines.of("fail-on") or inline,
                  policy_line=lines.of("policy") or inline,
                  data_line=lines.of("data") or inline)  # fmt: skip


def _refuse_unnameable(name: str, key: str, fail: Any) -> None:
    """A path no file can have (a NUL, a line break, a control character), or one too long
    to be a file's name, refused before any file is looked for."""
    from .errors import printable

    if printable(name) != name or len(name) > 4096:
        shown = printable(name if len(name) <= 80 else f"{name[:60]}...{name[-10:]}")
        raise fail(f"{key}: '{shown}' is not a file name (it holds a control character, or "
                   "is longer than any path)", key)  # fmt: skip


def _refuse_unassignable(word: str, what: str, fail: Any, key: str) -> None:
    """A `[set]` name or key holding `=`, `[` or `]`: each value is passed on as the text
    `NAME[KEY]=VALUE`, and `"cap=24 h #" = 1` was read as `cap=24 h`, a value the config did
    not write, and `{ "SPO]=9 #" = 6 }` as SPO's 9. Refused at its line, as written."""
    if any(c in word for c in "=[]"):
        from .errors import printable

        raise fail(f"set: {printable(word)!r} is not {what}: a name or key holds no '=', '[' "
                   "or ']'", key)  # fmt: skip


def _data_files(pattern: str, base: str, root: str) -> list[str]:
    """The regular files inside `root` that a `data` entry names, relative to `base`.

    A glob never follows a symlinked folder (two symlinks to each other would make `**`
    endless) and skips anything that is not a regular file (a FIFO or a device would block).
    A name without wildcards must be a regular file inside the repository. Nothing in it is
    expanded: `~` and `$HOME` are the names they are."""
    if not glob.has_magic(pattern):
        full = os.path.join(base, pattern)
        if not is_within(full, root):
            raise UsageError(f"is outside {_bounds()} ({root})")
        if not os.path.lexists(full):
            unexpanded = ("; '~' and '$NAME' are not expanded" if pattern.startswith("~")
                          or "$" in pattern else "")  # fmt: skip
            from .load import sibling_hint

            raise UsageError(f"does not exist (a config's paths are relative to its folder"
                             f"{unexpanded}){sibling_hint(full, pattern)}")  # fmt: skip
        if not _regular(full):
            raise UsageError("is not a regular file")
        return [full]
    given = pattern.replace(os.sep, "/").split("/")
    wild = next(i for i, p in enumerate(given) if glob.has_magic(p))
    if ".." in given[wild:]:  # "**/../x.yaml": normalised, the wildcard would be gone
        raise UsageError("has '..' after a wildcard, which names no folder for certain; "
                         "write the path without it")
    parts = os.path.normpath(os.path.join(base, pattern)).split(os.sep)
    fixed = next(i for i, p in enumerate(parts) if glob.has_magic(p))
    start = os.sep.join(parts[:fixed]) or os.sep
    if not is_within(start, root):
        raise UsageError(f"is outside {_bounds()} ({root})")
    found = {f for f in _walk(start, parts[fixed:]) if _regular(f) and is_within(f, root)}
    return sorted(found)


def _walk(start: str, parts: list[str]) -> Iterator[str]:
    """The entries below `start` whose path from it the pattern `parts` matches.

    The pattern is run as a set of states (an NFA over path segments), each folder read once
    whatever the pattern: `**/**/**/**/*.yaml` made the old recursive walk try every way of
    splitting a path among its `**`s, and a config's glob hung a run for minutes in a folder
    25 deep. A `**` or a wildcard never enters a hidden folder (unless the segment itself
    starts with `.`) nor follows a symlinked one."""
    from fnmatch import fnmatchcase

    last = len(parts)

    def closure(states: set[int]) -> frozenset[int]:
        out = set(states)
        for i in sorted(states):
            j = i
            while j < last - 1 and parts[j] == "**":  # `**/x` may match x itself
                j += 1
                out.add(j)
        return frozenset(out)

    def step(states: frozenset[int], name: str) -> frozenset[int]:
        hidden = name.startswith(".")
        after: set[int] = set()
        for i in states:
            if i == last:
                continue
            part = parts[i]
            if part == "**":  # last, it matches one or more names: the files below
                if not hidden:
                    after.update((i, i + 1) if i == last - 1 else (i,))
            elif not glob.has_magic(part):
                if name == part:
                    after.add(i + 1)
            elif fnmatchcase(name, part) and (not hidden or part.lstrip("*").startswith(".")):
                after.add(i + 1)
        return closure(after)

    pending = [(start, closure({0}))]
    while pending:
        folder, states = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            after = step(states, entry.name)
            if not after:
                continue
            if entry.is_dir(follow_symlinks=False):
                if after != {last}:
                    pending.append((entry.path, after))
            elif last in after:
                yield entry.path


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _value_text(value: Any, name: str, fail: Any) -> str:
    if isinstance(value, (bool, list, dict, dt.datetime, dt.time)):  # no value has a time of day
        raise fail(f"set: {name} must be a number, a quantity such as \"7.5 h\", a ratio "
                   "such as \"1:6\", a date, or \"unset\"", name)  # fmt: skip
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and (problem := number_problem(value)) is not None:
        # Python writes no int of more than 4,300 digits as text: a long one is described
        shown = str(value) if abs(value).bit_length() <= 100 else "a number of over 30 digits"
        raise fail(f"set: {name} = {shown} {problem}", name)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _display(path: str) -> str:
    """A path as a user would type it from the current directory."""
    rel = os.path.relpath(path)
    if rel == "-":  # a file named `-`, never standard input
        return os.path.join(os.curdir, rel)
    return rel if not rel.startswith("..") else os.path.abspath(path)


def values_differing(here: str, named: str) -> tuple[str, int]:
    """What the config `here` (a pull request's own workrules.toml) sets otherwise than the
    config `named` that a run read instead, in words a manager reads (`span_of_control_max[SPO]
    is 14 here, but the check applied 8, from base-workrules.toml`: a first hour, round 49),
    and the line of `here` where the first of them is written (1 when none is found). The
    values under `[set]`, each entry of a keyed one apart, then the other settings by name;
    "" when neither file can be read as TOML, or they differ only in comments."""
    import tomllib

    try:
        texts = []
        for path in (here, named):
            with open_regular(path) as handle:
                texts.append(handle.read(MAX_CONFIG_BYTES + 1).decode("utf-8-sig"))
        docs = [tomllib.loads(text) for text in texts]
    except (OSError, ValueError, RecursionError):  # (read as the run read it, or not at all)
        return "", 1
    sections: list[dict[str, Any]] = []
    for path, doc in zip((here, named), docs, strict=True):
        section: Any = doc
        if os.path.basename(path) == "pyproject.toml":
            tool = doc.get("tool")
            section = tool.get("workrules") if isinstance(tool, dict) else None
        sections.append(section if isinstance(section, dict) else {})
    ours, theirs = (_flat_set(section.get("set")) for section in sections)
    shown = _display(named)
    said: list[str] = []
    first: str | None = None
    for name, value in ours.items():
        if theirs.get(name) == value:
            continue
        first = first or name
        applied = (f"the check applied {_said_value(theirs[name])}, from {shown}"
                   if name in theirs else f"{shown} sets none, so the check applied the "
                   "policy's")  # fmt: skip
        said.append(f"{name} is {_said_value(value)} here, but {applied}")
    for name in theirs.keys() - ours.keys():
        said.append(f"{name} is {_said_value(theirs[name])} in {shown}, and not set here")
    others = [{"waiver": "waivers"}.get(k, k) for k in dict.fromkeys([*sections[0], *sections[1]])
              if k != "set" and sections[0].get(k) != sections[1].get(k)]  # fmt: skip
    words = [f"{'; '.join(said[:3])}" + (f" (and {len(said) - 3} more)" if len(said) > 3
                                         else "")] if said else []  # fmt: skip
    if others:
        words.append(f"its {', '.join(others)} differ{'s' if len(others) == 1 else ''} too"
                     if said else f"its {', '.join(others)} differ"
                     f"{'s' if len(others) == 1 else ''}")  # fmt: skip
    line = _line_of(texts[0], first or (others[0].removesuffix("s") if others else "")) if (
        first or others) else 1  # fmt: skip
    return "; ".join(words), line


def _flat_set(values: Any) -> dict[str, Any]:
    """A config's `[set]` as `name` or `name[KEY]` to each value."""
    if not isinstance(values, dict):
        return {}
    flat: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dict):
            flat.update((f"{name}[{key}]", v) for key, v in value.items())
        else:
            flat[name] = value
    return flat


def _said_value(value: Any) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def _line_of(text: str, name: str) -> int:
    """The line of `text` where the setting `name` (`cap[KEY]`: the key's entry, or the
    cap's) is written; 1 when none is found."""
    key = name.rpartition("[")[2].rstrip("]") if name.endswith("]") else ""
    base = name.partition("[")[0]
    for pattern in ((rf"^[ \t]*{re.escape(base)}[ \t]*=.*\b{re.escape(key)}[ \t]*=",) if key
                    else ()) + (rf"^[ \t]*\[?[ \t]*(?:set\.)?{re.escape(base)}\b",):  # fmt: skip
        found = re.search(pattern, text, re.M)
        if found is not None:
            return text.count("\n", 0, found.start()) + 1
    return 1
