"""Package data: the grammar, the shipped policies, the schemas and the example data.

In a built wheel, the top-level `grammar/` and `policies/` folders (and the example under
`fixtures/example/`) live inside the package (see `pyproject.toml`). In a source checkout
run without installing, they are read from the checkout itself.

Files are reached through plain `os.path` strings: `importlib.resources` and `pathlib` cost a
pre-commit run about 15 ms of imports, and workrules is always installed as a folder.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import re
import stat
from collections.abc import Callable, Iterator
from typing import BinaryIO, NamedTuple, NoReturn

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_CHECKOUT = os.path.dirname(os.path.dirname(_PACKAGE))


class Resource:
    """A file or folder of package data (the parts of `importlib.abc.Traversable` used here)."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    def joinpath(self, *parts: str) -> Resource:
        return Resource(os.path.join(self.path, *parts))

    def is_dir(self) -> bool:
        return os.path.isdir(self.path)

    def iterdir(self) -> list[Resource]:
        return [Resource(os.path.join(self.path, n)) for n in sorted(os.listdir(self.path))]

    def read_bytes(self) -> bytes:
        with open(self.path, "rb") as handle:
            return handle.read()

    def read_text(self, encoding: str = "utf-8") -> str:
        with open(self.path, encoding=encoding) as handle:
            return handle.read()

    def __fspath__(self) -> str:
        return self.path

    def __str__(self) -> str:
        return self.path

    def __repr__(self) -> str:
        return f"Resource({self.path!r})"


def data_dir(name: str) -> Resource:
    """A folder of package data: inside the installed package, else in the checkout."""
    packaged = os.path.join(_PACKAGE, name)
    if os.path.isdir(packaged):
        return Resource(packaged)
    return Resource(os.path.join(_CHECKOUT, name))


def shipped_policies() -> dict[str, Resource]:
    """The policies shipped with workrules, by name (the file name without `.wr`)."""
    return {
        entry.name[: -len(".wr")]: entry
        for entry in data_dir("policies").iterdir()
        if entry.name.endswith(".wr")
    }


def shipped_policy(name: str) -> Resource:
    """The shipped policy called `name`; a UsageError (with a suggestion) when there is none."""
    from .errors import UsageError, did_you_mean

    if "\n" in name or name.lstrip().startswith(("policy ", "extends ", "rule ", "#")):
        # a policy's text given where its name or file is (negotiator 33: "such as ./policy s
        # ...\n.wr" named a file after the whole text)
        raise UsageError("a policy is given by a shipped policy's name or a .wr file's path, "
                         "not by its text: write the text to a .wr file and give its path")
    if "/" in name or os.sep in name:
        raise UsageError(f"policy {name!r} is not a policy file: a policy file's name ends in .wr")
    shipped = shipped_policies()
    if name not in shipped:
        raise UsageError(f"policy {name!r} is not a shipped policy{did_you_mean(name, shipped)}; "
                         f"shipped: {', '.join(sorted(shipped))}; a policy file is named by a "
                         f"path ending in .wr, such as ./{name}.wr")  # fmt: skip
    return shipped[name]


DEFAULT_POLICY = "claim-2024"


EXAMPLE_SUFFIXES = (".yaml", ".yml", ".json", ".md")


def example_files() -> list[str]:
    """The example data set shipped with workrules (staff, rota, allocation and job
    descriptions), as sorted paths: from the installed package (`workrules/examples/
    claim-2024/`), otherwise from the checkout's `fixtures/example/`."""
    folder = os.path.join(_PACKAGE, "examples", "claim-2024")
    if not os.path.isdir(folder):
        folder = os.path.join(_CHECKOUT, "fixtures", "example")
    found: list[str] = []
    for root, _, names in os.walk(folder):
        found.extend(os.path.join(root, n) for n in names
                     if os.path.splitext(n)[1] in EXAMPLE_SUFFIXES)  # fmt: skip
    return sorted(found)


# ---------------------------------------------------------------------------------------------
# Where a checked repository ends: its config, policies and data globs stay inside it.


# The folder a library caller confines a call to (`workrules.check(..., root=...)`): a
# service checking many users' uploads names each upload's folder, so that what one upload
# names (a config's `data`, a policy's `extends`, a link) stays in it whatever the process's
# current folder is (attack round 19: under systemd or Docker that is `/`, which held every
# other user's upload). Per call and per thread: a context variable, never a global.
_CONFINED: contextvars.ContextVar[str | None] = contextvars.ContextVar("workrules_root",
                                                                      default=None)


@contextlib.contextmanager
def confined_to(root: str | os.PathLike[str] | None) -> Iterator[None]:
    """Within the block, every file a call reads (named, walked, a config's `data`, a policy's
    `extends`) must be inside `root` (a folder); None leaves the usual bounds (the git work
    tree, else the current folder or the file's own)."""
    if root is None:
        yield
        return
    from .errors import UsageError

    if not isinstance(root, str | os.PathLike) or not os.fspath(root):
        raise UsageError(f"root: expected a folder, not {root!r}" if isinstance(root, str) else
                         f"root: expected a folder, not {type(root).__name__}")  # fmt: skip
    real = os.path.realpath(os.fspath(root))
    if not os.path.isdir(real):
        raise UsageError(f"root: {os.fspath(root)!r} is not a folder")
    token = _CONFINED.set(real)
    try:
        yield
    finally:
        _CONFINED.reset(token)


def confining_root(path: str) -> str | None:
    """The folder a file at `path` must stay inside: the caller's `root`, else the top of the
    git work tree that holds it; None outside both (the user's own choice)."""
    return _CONFINED.get() or git_root(path)


def caller_root() -> str | None:
    """The folder a library caller confined this call to (`confined_to`), resolved, or None."""
    return _CONFINED.get()


def named_in_root(path: str) -> str:
    """The name a file at `path` goes by in findings and errors: within a library caller's
    `root`, its path relative to that folder (`rota.yaml`, `jd/spo.md`), as the command line
    names a file relative to the folder it runs in; else `path` as given. A service unpacks
    each upload into a temporary folder, whose name meant nothing to its user and was in every
    subject, sentence and error (a first hour, round 44, P9). The file's own name is kept (a
    link is named as it was given); its folders are resolved, as `root` is."""
    root = _CONFINED.get()
    if root is None or path == "-":
        return path
    if path.endswith(os.sep) and path.strip(os.sep):  # a folder, as `inputs.not_read` says one
        return named_in_root(path.rstrip(os.sep)) + os.sep
    full = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))),
                        os.path.basename(path))  # fmt: skip
    if not full.startswith(root.rstrip(os.sep) + os.sep):
        return path  # (outside it: refused where it is read, by the name given)
    shown = os.path.relpath(full, root)
    return os.path.join(os.curdir, shown) if shown == "-" else shown  # (`-` is standard input)


def git_root(path: str) -> str | None:
    """The top of the git work tree that holds `path` as named (not where a symlink leads),
    resolved; None outside any."""
    probe = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return os.path.realpath(probe)
        parent = os.path.dirname(probe)
        if parent == probe:
            return None
        probe = parent


def checkout_encoding(path: str) -> str | None:
    """Where git's attributes give the file at `path` a `working-tree-encoding` (the
    `.gitattributes` file and line, and the attribute), or None: git then writes the file on
    checkout in that encoding, not as it was committed and as the forge shows it (attack round
    15: `working-tree-encoding=UTF-7` made "high\u00a0risk" the ASCII "high+AKA-risk" in CI's
    checkout, valid UTF-8 no phrase reads, and a breach passed). Read as git reads them: each
    `.gitattributes` from the work tree's top down to the file's folder, then
    `.git/info/attributes`, with the macros (`[attr]NAME ...`) of the top's and of that; a
    pattern without a slash matches the name at any depth below its file's folder, one with a
    slash the path from there. Each file is read once a run, and only its lines that can set
    the attribute are matched (attack round 30: 40,000 lines were read and compiled again for
    every data file, 2 s each). Raises InputError, naming `path`, where an attributes file is
    larger than git reads, or sets the attribute on more lines than are matched, or on a line
    longer than git reads."""
    root = git_root(path)
    if root is None:
        return None
    here = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))),
                        os.path.basename(path))  # fmt: skip
    rel = os.path.relpath(here, root).replace(os.sep, "/")
    if rel.startswith("../"):
        return None
    parts = rel.split("/")
    found = None
    sources = [(os.path.join(root, *parts[:depth], ".gitattributes"), "/".join(parts[depth:]))
               for depth in range(len(parts))]  # fmt: skip
    sources.append((os.path.join(root, ".git", "info", "attributes"), rel))
    stamps = {source: _stamp(source) for source, _ in sources}
    macros: dict[str, tuple[str, ...]] = {}
    for source in (sources[0][0], sources[-1][0]):  # (git reads macros from these alone)
        given = _macros(source, stamps[source])
        if isinstance(given, str):
            _refuse(path, source, root, given)
        macros.update(given)
    setters = frozenset(name for name, attrs in macros.items()
                        if any(_attribute_name(a) == _ENCODING for a in attrs))  # fmt: skip
    for source, below in sources:
        lines = _encoding_lines(source, stamps[source], setters)
        if isinstance(lines, str):
            _refuse(path, source, root, lines)
        name = below.rsplit("/", 1)[-1]
        for line_no, by_name, matcher, attrs in lines:
            if matcher(_matchable(name if by_name else below)) is None:
                continue
            for attr in (a for given in attrs for a in (given, *macros.get(given, ()))):
                if _attribute_name(attr) == _ENCODING:  # (a later line overrides an earlier)
                    shown = os.path.relpath(source, root).replace(os.sep, "/")
                    found = (None if attr[0] in "-!" or "=" not in attr
                             or _UTF8.fullmatch(attr.split("=", 1)[1])
                             else f"{shown}:{line_no} gives it '{attr}'")  # fmt: skip
    return found


def _refuse(path: str, source: str, root: str, problem: str) -> NoReturn:
    """Raise InputError, naming `path`, for the attributes file at `source` that cannot be
    read (`problem`, said after its name)."""
    from .errors import InputError

    shown = os.path.relpath(source, root).replace(os.sep, "/")
    raise InputError(f"cannot be told apart from a file git writes in another encoding on "
                     f"checkout: {shown}{problem}", file=path)  # fmt: skip


_ENCODING = "working-tree-encoding"
_UTF8 = re.compile(r"(?i)utf-?8")  # (the encoding a file is committed in: no change)


def _attribute_name(attr: str) -> str:
    """An attribute's name as a line gives it (`-name`, `!name`, `name=value`)."""
    return attr.lstrip("-!").split("=", 1)[0]


class _Attributes(NamedTuple):
    """What a git attributes file can say of `working-tree-encoding`: its lines (line number,
    pattern, attributes) that name it or a macro of the setters asked for, its macros (name,
    attributes) that name it, and why it cannot be read ("" if it can). Nothing else of the
    file is kept, so what is held is bounded by those lines, not by the file."""

    lines: tuple[tuple[int, str, tuple[str, ...]], ...] = ()
    macros: tuple[tuple[str, tuple[str, ...]], ...] = ()
    problem: str = ""


def open_regular(path: str, *, follow: bool = True) -> BinaryIO:
    """The regular file at `path`, opened to read its bytes; OSError for anything else (a
    FIFO, a device, a socket, a folder) and, unless `follow`, for a link. A file a walk meets
    in a hostile repository is opened so: without waiting for a FIFO's writer, and checked by
    the open handle, so that a committed `CACHEDIR.TAG -> /proc/self/fd/2` or a FIFO
    `.git/index` is passed over at once, not waited on for ever (attack round 32, P1, P3)."""
    if not follow and stat.S_ISLNK(os.lstat(path).st_mode):  # (where O_NOFOLLOW is missing)
        raise OSError(f"{path} is a link")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags | (0 if follow else getattr(os, "O_NOFOLLOW", 0)))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _stamp(source: str) -> tuple[int, ...] | None:
    """What tells the git attributes file at `source` from another, or from itself changed, so
    that it is read once a run; None if it is absent, or a link or no regular file, which git
    does not read either (a link to /dev/stdin would wait for ever)."""
    try:
        info = os.lstat(source)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


_GIT_LINE = 2048  # (git ignores a line this long or longer: attr.c's ATTR_MAX_LINE_LENGTH)
_BLANK = b" \t\r\n"  # (the characters git splits an attributes line at)
_BOM = b"\xef\xbb\xbf"  # (git drops it from the first line)


@functools.lru_cache(maxsize=16)  # (a step of `_macros` and `_encoding_lines`, which keep it)
def _read_attributes(source: str, stamp: tuple[int, ...] | None,
                     setters: frozenset[str] = frozenset()) -> _Attributes:  # fmt: skip
    """The git attributes file at `source` (none where `stamp` is None), read a block at a
    time up to git's own bound (a larger file is refused), keeping only the lines that name
    `working-tree-encoding` or a macro of `setters`: a `.gitattributes` of 18,000 git-lfs
    lines was refused whole at 1 MiB, and each file read was kept whole in memory, 39 MB a
    megabyte (review of session 50, P6, P7)."""
    from .limits import MAX_ATTRIBUTES_BYTES, MAX_ENCODING_LINES

    if stamp is None:
        return _Attributes()
    marks = [_ENCODING.encode(), *(name.encode("utf-8", "replace") for name in setters)]
    unsure = any("\ufffd" in name for name in setters)  # (a name read from bytes not UTF-8)
    marker = None if unsure else re.compile(b"|".join(re.escape(mark) for mark in marks))
    lines: list[tuple[int, str, tuple[str, ...]]] = []
    macros: list[tuple[str, tuple[str, ...]]] = []
    try:
        with open_regular(source, follow=False) as handle:
            for number, line, long in _named_lines(handle, marker,
                                                   max(len(mark) for mark in marks)):  # fmt: skip
                if number < 0:  # (what git would not read either)
                    return _Attributes(problem=f" is larger than the {MAX_ATTRIBUTES_BYTES >> 20} "
                                               "MiB git reads of an attributes file; shorten it")
                if number == 1:
                    line = line.removeprefix(_BOM)
                line = line.removesuffix(b"\r")
                if long or len(line) >= _GIT_LINE:
                    return _Attributes(problem=f":{number} is longer than the {_GIT_LINE:,} "
                                               f"bytes git reads of a line and names {_ENCODING}"
                                               " or a macro that gives it; shorten it")
                read = _attribute_line(line)
                if read is None:
                    continue
                macro, pattern, attrs = read
                if macro:
                    if any(_attribute_name(a) == _ENCODING for a in attrs):
                        macros.append((pattern, attrs))
                elif any(a in setters or _attribute_name(a) == _ENCODING for a in attrs):
                    lines.append((number, pattern, attrs))
                else:
                    continue
                if len(lines) + len(macros) > MAX_ENCODING_LINES:
                    return _Attributes(problem=f":{number} gives files a {_ENCODING} after "
                                               f"{MAX_ENCODING_LINES:,} lines that do, more "
                                               "than workrules matches; give fewer")
    except OSError:
        return _Attributes()
    return _Attributes(tuple(lines), tuple(macros))


def _named_lines(handle: BinaryIO, marker: re.Pattern[bytes] | None, overlap: int,
                 block_size: int = 1 << 20) -> Iterator[tuple[int, bytes, bool]]:  # fmt: skip
    """The lines of an attributes file open as `handle` in which `marker` finds a name (every
    line where it is None): each line number, the line (without its newline; only its last
    bytes if longer than git reads), and whether it is longer than git reads; then (-1, b"",
    False) if the file is larger than git reads. Read a megabyte at a time, a block in which
    no name is found at C speed (a file up to 100 MiB, once a run), and nothing of it kept
    but the start of the line it ends in."""
    from .limits import MAX_ATTRIBUTES_BYTES

    def named(data: bytes) -> bool:
        return marker is None or marker.search(data) is not None

    number = size = 0
    start, long, hit = b"", False, False  # (the line's start; longer than git reads; named)
    while block := handle.read(block_size):
        size += len(block)
        if size > MAX_ATTRIBUTES_BYTES:
            yield -1, b"", False
            return
        if hit or named(start + block):  # (`start` is short: at most a line git reads)
            *ended, rest = (start + block).split(b"\n")
            for line in ended:
                number += 1
                if hit or named(line):
                    yield number, line[-_GIT_LINE - 1:] if long else line, long
                hit = long = False
            start = rest if ended else start + block
        elif (ends := block.count(b"\n")) > 0:
            number += ends
            start, long = block[block.rfind(b"\n") + 1:], False
        else:
            start += block
        if len(start) > _GIT_LINE + 1:  # (of a line longer than git reads, its last bytes)
            hit, long, start = hit or named(start), True, start[-overlap:]
    if start or long:
        number += 1
        if hit or named(start):
            yield number, start, long


def _attribute_line(line: bytes) -> tuple[bool, str, tuple[str, ...]] | None:
    """A line of a git attributes file as git's `parse_attr_line` reads it: whether it is a
    macro's (`[attr]NAME ...`), its pattern or the macro's name (a pattern in double quotes
    unquoted as a C string is, `"a b.yaml"`), and its attributes; None for a blank line, a
    comment or a line that gives no attribute."""
    text = line.lstrip(_BLANK)
    if not text or text.startswith(b"#"):
        return None
    cut = (found.start() if (found := re.search(rb"[ \t\r\n]", text)) else len(text))
    macro = cut > 6 and text.startswith(b"[attr]")
    pattern, rest = _unquoted(text) if text.startswith(b'"') else (None, b"")
    if pattern is None:
        pattern, rest = text[6 if macro else 0:cut], text[cut:]
    attrs = tuple(word.decode("utf-8", "replace") for word in re.split(rb"[ \t\r\n]+", rest)
                  if word)  # fmt: skip
    return (macro, pattern.decode("utf-8", "replace"), attrs) if attrs else None


_C_ESCAPES = {ord(k): v for k, v in {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11,
                                      "\\": 92, '"': 34}.items()}  # fmt: skip


def _unquoted(text: bytes) -> tuple[bytes | None, bytes]:
    """`text`, which opens with `"`, as git's `unquote_c_style` reads it: the quoted bytes
    and what follows the closing quote; (None, b"") where it is not a C string (git then reads
    the line's pattern as unquoted)."""
    out, at = bytearray(), 1
    while at < len(text):
        byte = text[at]
        if byte == ord('"'):
            return bytes(out), text[at + 1:]
        if byte != ord("\\"):
            out.append(byte)
            at += 1
            continue
        code = text[at + 1:at + 2]
        if code and code[0] in _C_ESCAPES:
            out.append(_C_ESCAPES[code[0]])
            at += 2
        elif re.fullmatch(rb"[0-3][0-7][0-7]", text[at + 1:at + 4]):
            out.append(int(text[at + 1:at + 4], 8))
            at += 4
        else:
            return None, b""
    return None, b""


@functools.lru_cache(maxsize=256)
def _macros(source: str, stamp: tuple[int, ...] | None
            ) -> tuple[tuple[str, tuple[str, ...]], ...] | str:  # fmt: skip
    """The macros (`[attr]NAME ...`) of the attributes file at `source` that give files a
    `working-tree-encoding`; or why the file is refused (a string)."""
    read = _read_attributes(source, stamp, frozenset())
    return read.problem or read.macros


_Matcher = Callable[[str], object]


@functools.lru_cache(maxsize=256)
def _encoding_lines(source: str, stamp: tuple[int, ...] | None, setters: frozenset[str]
                    ) -> tuple[tuple[int, bool, _Matcher, tuple[str, ...]], ...] | str:  # fmt: skip
    """The lines of the attributes file at `source` that can set `working-tree-encoding` (by
    name, or by a macro of `setters`), each with its pattern compiled: (line number, whether
    the pattern matches the name alone, its matcher, the attributes); or why the file is
    refused (a string)."""
    read = _read_attributes(source, stamp, setters)
    if read.problem:
        return read.problem
    return tuple((number, "/" not in pattern, _wildmatch(pattern.removeprefix("/")), attrs)
                 for number, pattern, attrs in read.lines)  # fmt: skip


def _attribute_match(pattern: str, path: str) -> bool:
    """Whether a gitattributes `pattern` matches `path` (relative to the pattern's folder), as
    git's wildmatch does: a pattern without a slash the name alone; with one, the path, `*`
    and `?` within one folder's name, `**/`, `/**/` and `/**` across folders."""
    subject = path if "/" in pattern else path.rsplit("/", 1)[-1]
    return _wildmatch(pattern.removeprefix("/"))(_matchable(subject)) is not None


def _matchable(path: str) -> str:
    """`path` as RE2 can read it: UTF-8, which a lone surrogate (a name's byte that is not
    UTF-8) cannot be, so each is read as U+FFFD, as an attributes file's such byte is."""
    return _SURROGATE.sub("\ufffd", path)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _wildmatch(pattern: str) -> _Matcher:
    """A gitattributes pattern as the `fullmatch` of a regex of the path below its file's
    folder (or of a file's name, for a pattern without a slash), compiled with RE2, so that it
    matches in time linear in the path whatever the pattern (attack round 30: as a
    backtracking regex, `rotas/*a*a*a*a*a*a*a*a*a*a*b` took 80 s over a name of 40 `a`s).
    `*` and `?` stay within a folder's name, a class (`[mM]`, `[!a-z]`, `[[:digit:]]`) matches one
    character, `\\` makes the next one plain; a pattern RE2 cannot read (`[!]`, `[z-a]`) is
    read as matching every path, so that its encoding is refused, not missed."""
    import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(_glob_regex(pattern), options).fullmatch  # type: ignore[no-any-return]
    except (re2.error, ValueError):
        return re2.compile("(?s).*", options).fullmatch  # type: ignore[no-any-return]


def _glob_regex(pattern: str) -> str:
    """`pattern`, a gitattributes pattern, as RE2's syntax (every character but an ASCII
    letter or digit written as its code point); ValueError for a class that never ends."""

    def plain(char: str) -> str:
        return char if char.isascii() and char.isalnum() else f"\\x{{{ord(char):x}}}"

    out, at = ["(?s)"], 0
    while at < len(pattern):
        if pattern.startswith("**/", at):
            out.append("(?:.*/)?")
            at += 3
        elif pattern.startswith("/**", at) and at + 3 == len(pattern):
            out.append("/.*")
            at += 3
        elif pattern[at] == "*":
            out.append("[^/]*")
            at += 1
        elif pattern[at] == "?":
            out.append("[^/]")
            at += 1
        elif pattern[at] == "[" and (read := _glob_class(pattern, at, plain)) is not None:
            out.append(read[0])  # a class: [mM], [!a-z], [[:digit:]]
            at = read[1]
        elif pattern[at] == "\\" and at + 1 < len(pattern):
            out.append(plain(pattern[at + 1]))
            at += 2
        else:
            out.append(plain(pattern[at]))
            at += 1
    return "".join(out)


_POSIX_CLASSES = frozenset({"alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower",
                            "print", "punct", "space", "upper", "xdigit"})  # (git's wildmatch)


def _glob_class(pattern: str, at: int, plain: Callable[[str], str]) -> tuple[str, int] | None:
    """The class that opens at `at` as RE2's syntax, and where the pattern goes on after it;
    None if it never ends (a `[` then plain). Read as git's wildmatch reads one: a `]` first
    in it is in it, `\\` makes the next character plain, `a-z` is a range and `[:digit:]` a
    POSIX class (round 50's review, P10: `[[:digit:]]*.yaml` matched nothing, so the encoding
    git gives was missed); ValueError for a class of no name git knows (`[[:word:]]`) or for
    `[!` or `[^` with no end (`[!]`), which git matches to nothing and this reader cannot
    read."""
    negated = pattern[at + 1:at + 2] in ("!", "^")
    body: list[str] = []
    last = ""  # (a plain character a `-` can make a range from)
    here = at + 1 + negated
    while True:
        if here >= len(pattern):
            if negated:
                raise ValueError(pattern)
            return None
        char = pattern[here]
        if char == "]" and here > at + 1 + negated:
            break
        if char == "\\" and here + 1 < len(pattern):
            here += 1
            last = pattern[here]
            body.append(plain(last))
        elif char == "-" and last and pattern[here + 1:here + 2] not in ("", "]"):
            here += 1
            if pattern[here] == "\\" and here + 1 < len(pattern):
                here += 1
            body.append(f"-{plain(pattern[here])}")
            last = ""
        elif pattern.startswith("[:", here) and (close := pattern.find("]", here + 2)) > 0 \
                and close > here + 2 and pattern[close - 1] == ":":  # fmt: skip
            name = pattern[here + 2:close - 1]
            if name not in _POSIX_CLASSES:
                raise ValueError(pattern)
            body.append(f"[:{name}:]")
            last, here = "", close
        else:
            last = char
            body.append(plain(char))
        here += 1
    inside = "".join(body)
    return (f"[^/{inside}]" if negated else f"[{inside}]"), here + 1  # (never a folder's `/`)


def git_tracked(path: str) -> bool | None:
    """Whether git's index (`.git/index`, as a checkout or `git add` writes it) holds the file
    at `path`, or a file in the folder at `path` (a committed file is tracked; a folder a tool
    made, never added, is not); None
    when it cannot say: outside git, a work tree whose `.git` is a file (a worktree, a
    submodule), or an index this reader does not know (versions 2 to 4 are read)."""
    root = git_root(path)
    if root is None:
        return None
    git = os.path.join(root, ".git")
    if os.path.islink(git) or not os.path.isdir(git):  # a `.git` file (`gitdir: ...`) or a link:
        return None  # not followed, as it may lead anywhere (`gitdir: /etc`, `-> /proc/self`)
    index = _index(os.path.join(git, "index"))
    if index is None:
        return None
    rel = os.path.relpath(os.path.realpath(path), root).replace(os.sep, "/")
    name = rel.encode("utf-8", "surrogateescape")
    inside = name + b"/"  # a folder is tracked when a file in it is
    version, raw = index
    if version < 4:  # full names, each after its entry's flags: looked for as bytes, at C
        return _named_in(raw, name) or _named_in(raw, inside)  # speed (a big repository's
    names = _index_names(index)  # index has 500,000 names)
    if names is None:
        return None
    return name in names or any(n.startswith(inside) for n in names)


def _named_in(raw: bytes, name: bytes) -> bool:
    """Whether an entry of a version 2 or 3 index is named `name` (or, if `name` ends with
    `/`, starts so): where the bytes occur, the two before them (or four, with an entry's
    extended flags) are flags whose low 12 bits are the name's length (0xFFF: longer)."""
    folder = name.endswith(b"/")
    at = raw.find(name if folder else name + b"\0", 12)
    while at >= 0:
        for back in (2, 4):
            flags = int.from_bytes(raw[at - back : at - back + 2], "big")
            length = flags & 0xFFF
            fits = length > len(name) - 1 if folder else length in (len(name), 0xFFF)
            if fits and (back == 2 or flags & 0x4000):
                return True
        at = raw.find(name if folder else name + b"\0", at + 1)
    return False


@functools.cache
def _index(path: str) -> tuple[int, bytes] | None:
    """Git's index file at `path`, as its version and bytes; None if it cannot be read as
    one (read once a run: a walk asks only about the few folders that look like a tool's).
    Only a regular file, not a link: a FIFO `.git/index` in an unpacked archive waited for
    ever, and a link to /dev/zero read 256 MiB (attack round 32, P3)."""
    import struct

    try:
        with open_regular(path, follow=False) as handle:
            raw = handle.read(_MAX_INDEX_BYTES + 1)
    except OSError:
        return None
    if len(raw) > _MAX_INDEX_BYTES or raw[:4] != b"DIRC" or len(raw) < 12:
        return None
    version = struct.unpack(">I", raw[4:8])[0]
    return (version, raw) if version in (2, 3, 4) else None


@functools.cache
def _index_names(index: tuple[int, bytes]) -> frozenset[bytes] | None:
    """The paths a version 4 index lists (each name written as what it keeps of the last),
    or None if it cannot be read."""
    import struct

    version, raw = index
    count = struct.unpack(">I", raw[8:12])[0]
    names: set[bytes] = set()
    at, previous = 12, b""
    try:
        for _ in range(count):
            flags = struct.unpack(">H", raw[at + 60:at + 62])[0]
            start = at + 62 + (2 if version >= 3 and flags & 0x4000 else 0)
            if version == 4:  # the name: strip so many bytes of the last, add what follows
                strip, start = _varint(raw, start)
                end = raw.index(b"\0", start)
                name = previous[:len(previous) - strip] + raw[start:end]
                at = end + 1
            else:
                end = raw.index(b"\0", start)
                name = raw[start:end]
                at += (end - at + 8) // 8 * 8  # padded with 1 to 8 NULs to a multiple of 8
            names.add(name)
            previous = name
    except (struct.error, ValueError, IndexError):
        return None
    return frozenset(names)


_MAX_INDEX_BYTES = 256 << 20  # a repository of a million files has an index of some 100 MB


def _varint(raw: bytes, at: int) -> tuple[int, int]:
    """Git's offset number at `at` (the index's version 4 names), and where it ends."""
    byte = raw[at]
    value = byte & 0x7F
    while byte & 0x80:
        at += 1
        byte = raw[at]
        value = ((value + 1) << 7) | (byte & 0x7F)
    return value, at + 1


def repository_root(path: str) -> str:
    """The folder that confines what a file at `path` may name: the top of the git work tree
    that holds it as named (not where a symlink leads); outside git, the current directory
    when it holds the file, else the file's own folder. Returned resolved. A library
    caller's `root` (`confined_to`) before all of these."""
    root = confining_root(path)
    if root is not None:
        return root
    folder = os.path.dirname(os.path.abspath(path))
    cwd = os.path.realpath(os.getcwd())
    return cwd if is_within(folder, cwd) else os.path.realpath(folder)


def is_within(path: str, folder: str) -> bool:
    """Whether the resolved `path` is `folder` or below it (`folder` already resolved), and
    not in a `.git` folder. That folder is git's, not the repository's content: CI keeps
    the runner's credentials there (actions/checkout writes its token into `.git/config`),
    and a link named `rota.csv` that leads to one of its files would have a refusal quote it.
    Any `.git` below `folder`, not only its own: a second repository checked out inside the
    work tree (a second actions/checkout with `path:`) keeps its token in its own `.git`
    (review 41). `.GIT` too: on a file system that ignores case it is the same folder (and
    `.git.` or `.git ` on one that drops a name's trailing dots and spaces)."""
    real = os.path.realpath(path)
    if real == folder:
        return True
    base = folder.rstrip(os.sep) + os.sep
    if not real.startswith(base):
        return False
    return not any(part.lower().rstrip(". ") == ".git"
                   for part in real[len(base):].split(os.sep))  # fmt: skip
