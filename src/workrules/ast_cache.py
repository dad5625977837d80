"""The parsed-policy cache, kept safe from whoever else can reach its folder.

A parse costs a pre-commit run the Lark import and the parse itself, so the AST of each policy
file is kept in `$WORKRULES_CACHE_DIR` (default `$XDG_CACHE_HOME/workrules`, else
`~/.cache/workrules`) as JSON of plain data: lists, strings and numbers that this module turns
back into the frozen node classes of `lang/nodes.py` and nothing else. The text patterns a
chain of policy files compiles to are kept the same way (`matchers_entry`), turned back into
`textpattern`'s matcher classes and nothing else, and so is the type-checked policy
(`ir_cache.py`), turned back into the IR's classes. Loading a cache file can never run code,
whoever wrote it.

- The folder is created 0700. A folder owned by another user, or writable by the group or the
  world, is not used at all (as if there were no cache).
- An entry is written to a fresh temporary file (`O_EXCL | O_NOFOLLOW`), then renamed into
  place: a planted symlink is replaced, never written through.
- Every entry is authenticated: it starts with a keyed BLAKE2b (32 bytes) of its name and
  content under a secret key of this user's, kept outside the cache folder
  (`$XDG_STATE_HOME/workrules/cache-key`, else `~/.local/state/workrules/cache-key`; created
  0600 with `O_EXCL | O_NOFOLLOW` in a 0700 folder of ours). An entry someone else planted
  or restored (a CI cache from a fork's run) fails it and is a miss, so it can neither crash
  the run nor change a rule. Without a key that can be made and read safely there is no cache.
- An entry that cannot be read, authenticated or decoded, for any reason, is a miss: the
  policy is parsed.
- `WORKRULES_NO_CACHE` (any non-empty value) turns the cache off.
- A relative path in `WORKRULES_CACHE_DIR`, `XDG_CACHE_HOME` or `XDG_STATE_HOME` is ignored
  (the XDG Base Directory spec calls it invalid), and the run says so once on stderr: it would
  name a folder of whatever repository the run starts in, whose files are the checked
  repository's to choose (attack round 31, P1 and P2: a committed key and a signed entry
  that dropped rules). For the same reason a cache folder or key that lies inside the git
  work tree of the current folder, or of a file the command line checks (`keep_out_of`), is
  not used at all: no cache this run, said once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .lang import nodes as n

FORMAT = b"workrules-ast-json-3"  # part of every key: a new encoding never reads an old one
MAX_ENTRY_BYTES = 16 * 1024 * 1024  # the claim's AST is about 22 KB
KEY_BYTES = 32  # the secret key; also the length of an entry's MAC (keyed BLAKE2b)
hits = 0  # entries loaded: a policy that fails after a hit is parsed afresh (policy.py)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def cache_dir() -> str | None:
    """The cache folder the environment asks for, or None when the cache is turned off or
    that folder lies in a git work tree the run reads (see `keep_out_of`)."""
    if os.environ.get("WORKRULES_NO_CACHE"):
        return None
    folder = _absolute("WORKRULES_CACHE_DIR", "the policy cache") or os.path.join(
        _absolute("XDG_CACHE_HOME", "the policy cache")
        or os.path.join(os.path.expanduser("~"), ".cache"),
        "workrules",
    )
    if not os.path.isabs(folder):  # a relative HOME: a folder of wherever the run starts
        _say_once(f"the policy cache's folder {folder} is not an absolute path (is HOME "
                  "relative?), so there is no policy cache this run")  # fmt: skip
        return None
    return None if _in_work_tree(folder, "the policy cache's folder") else folder


_SAID: set[str] = set()  # what this process has said on stderr already: each once


def _say_once(text: str) -> None:
    if text not in _SAID:
        _SAID.add(text)
        import sys

        with contextlib.suppress(OSError, ValueError, AttributeError):
            print(f"workrules: {text}", file=sys.stderr, flush=True)


def _absolute(variable: str, what: str) -> str | None:
    """The folder environment `variable` names, or None when it is unset or empty, or names a
    relative path: that is ignored, as the XDG Base Directory spec says of its own variables
    ("invalid"), and said once. Taken as given, it would be a folder of the repository the
    run starts in, which the checked repository supplies (attack round 31, P1)."""
    value = os.environ.get(variable)
    if not value:
        return None
    if os.path.isabs(value):
        return value
    _say_once(f"{variable}={value} is not an absolute path, so it is ignored for {what} "
              "(a relative one would name a folder of the repository checked)")  # fmt: skip
    return None


_AVOID: list[str] = []  # paths the command line checks: their git work trees hold no cache
_TREES: dict[str, str | None] = {}  # a folder's git work tree (its top, resolved), or None


def keep_out_of(paths: list[str]) -> None:
    """Use no cache folder or key inside the git work tree of any of `paths` (the files and
    folders a command checks, as given), nor of the current folder: a repository must never
    supply the cache that decides which rules it is judged by."""
    _AVOID[:] = paths


def _work_tree(path: str) -> str | None:
    """The top of the git work tree that holds `path` (a folder, or a file's folder), resolved;
    None outside any."""
    probe = os.path.abspath(path)
    if not os.path.isdir(probe):
        probe = os.path.dirname(probe)
    if probe in _TREES:
        return _TREES[probe]
    start, top = probe, None
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            top = os.path.realpath(probe)
            break
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    _TREES[start] = top
    return top


def _in_work_tree(folder: str, what: str) -> bool:
    """Whether `folder` lies in the git work tree of the current folder or of a checked path
    (said once when it does): a file there is the repository's to write, and `git add -A`
    would commit the key."""
    real = os.path.realpath(folder)
    # the user's own home as a git work tree (a dotfiles repository) is theirs, not a checked
    # repository's: a clone has a work tree of its own below it (the review of session 51, P3)
    home = os.path.expanduser("~")
    own = os.path.realpath(home) if os.path.isabs(home) else None
    for source in (os.curdir, *_AVOID):
        try:
            top = _work_tree(source)
        except (OSError, ValueError):
            continue
        if top is not None and top != own and (
                real == top or real.startswith(top.rstrip(os.sep) + os.sep)):  # fmt: skip
            _say_once(f"{what} {folder} lies inside the git work tree {top}, whose files the "
                      "repository can supply: no policy cache this run")  # fmt: skip
            return True
    return False


def usable_folder(folder: str, *, create: bool) -> bool:
    """Whether `folder` is a folder only this user can write to (creating it 0700 first when
    `create`). Anything else, including an error, means: no cache."""
    try:
        if create:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.stat(folder)
    except (OSError, ValueError):
        return False
    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022:
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid()


def key_path() -> str:
    """Where this user's secret cache key is kept: outside the cache folder, so whoever can
    write there (a restored CI cache, a shared folder) cannot read or replace it."""
    state = _absolute("XDG_STATE_HOME", "the policy cache's key") or os.path.join(
        os.path.expanduser("~"), ".local", "state")
    return os.path.join(state, "workrules", "cache-key")


_KEYS: dict[str, bytes] = {}


def secret_key() -> bytes | None:
    """This user's cache key, made on first use; None (no cache) when it cannot be made or
    read safely: a regular file of KEY_BYTES, ours, 0600, in a folder only we can write."""
    path = key_path()
    if not os.path.isabs(path):  # a relative HOME (the review of session 51, P4)
        _say_once(f"the policy cache's key {path} is not an absolute path (is HOME "
                  "relative?), so there is no policy cache this run")  # fmt: skip
        return None
    if _in_work_tree(path, "the policy cache's key"):
        return None
    key = _KEYS.get(path)
    if key is None:
        if not usable_folder(os.path.dirname(path), create=True):
            return None
        key = _read_key(path)
        if key is None and _make_key(path):
            key = _read_key(path)
        if key is None:
            return None
        _KEYS[path] = key
    return key


def _read_key(path: str) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        getuid = getattr(os, "getuid", None)
        if (not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077 or st.st_size != KEY_BYTES
                or (getuid is not None and st.st_uid != getuid())):  # fmt: skip
            return None
        key = os.read(fd, KEY_BYTES + 1)
        return key if len(key) == KEY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _make_key(path: str) -> bool:
    """Write a new random key to `path` unless one is there: whole, to a fresh temporary file
    linked into place, so a reader never sees half a key and two writers agree on one."""
    tmp = f"{path}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o600)
    except (OSError, ValueError):
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(KEY_BYTES))
        with contextlib.suppress(FileExistsError):  # another run made one first: use theirs
            os.link(tmp, path)
        return True
    except OSError:
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


# The stdlib's BLAKE2 from its own small module, as `hashlib` itself takes it: importing
# `hashlib` (or `hmac`) would also load OpenSSL's `_hashlib`, some milliseconds of a pre-commit
# run that checks one file. BLAKE2b takes a key itself (RFC 7693), so no HMAC is needed.
try:
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b as _blake2b
try:
    from _operator import _compare_digest as _compare
except ImportError:  # pragma: no cover - not CPython
    from hmac import compare_digest as _compare  # type: ignore[no-redef]


def content_hash(data: bytes) -> bytes:
    """A 32-byte hash of `data` (BLAKE2b), for naming cache entries by what they hold."""
    return _blake2b(data, digest_size=32).digest()


def _mac(key: bytes, name: str, data: bytes) -> bytes:
    """The MAC of `name` and `data` under `key`: BLAKE2b keyed with `key`, KEY_BYTES long."""
    mac = _blake2b(key=key, digest_size=KEY_BYTES, person=b"workrules-cache")
    mac.update(name.encode("utf-8") + b"\0")
    mac.update(data)
    return mac.digest()


def _same(a: bytes, b: bytes) -> bool:
    """A comparison in constant time."""
    return bool(_compare(a, b))


# ---------------------------------------------------------------------------------------------
# Plain data: a node is [class name, *fields], a tuple ["", *items], a date ["@", iso text].

def _is_node_class(cls: object) -> bool:
    """An AST class of lang/nodes.py: an attrs node, or a NamedTuple (a few are, for speed)."""
    from .lang import nodes as n

    if not isinstance(cls, type) or cls.__module__ != n.__name__:
        return False
    return (issubclass(cls, n._Node) and cls is not n._Node) or (
        issubclass(cls, tuple) and hasattr(cls, "_fields")
    )


_CLASSES: dict[str, type] = {}  # the AST classes by name, and their fields: filled on first
_FIELDS: dict[type, tuple[str, ...]] = {}  # use (a run from the checked cache needs neither)


def _node_classes() -> None:
    from .lang import nodes as n

    _CLASSES.update((name, cls) for name, cls in vars(n).items() if _is_node_class(cls))
    _FIELDS.update((cls, tuple(getattr(cls, "_fields", None)
                               or (a.name for a in cls.__attrs_attrs__)))  # type: ignore[attr-defined]
                   for cls in _CLASSES.values())  # fmt: skip


_SCALARS = (str, bool, int, float)


def encode(value: Any) -> Any:
    """An AST (or any part of one) as plain JSON-ready data."""
    if not _FIELDS:
        _node_classes()
    if value is None or isinstance(value, _SCALARS):
        return value
    fields = _FIELDS.get(type(value))
    if fields is not None:  # before plain tuples: a NamedTuple node is a tuple too
        return [type(value).__name__, *(encode(getattr(value, f)) for f in fields)]
    if isinstance(value, tuple):
        return ["", *map(encode, value)]
    if isinstance(value, dt.date):
        return ["@", value.isoformat()]
    raise TypeError(f"not part of a policy AST: {type(value).__name__}")


def decode(data: Any) -> Any:
    """The AST that `encode` gave `data`; ValueError (or KeyError) for anything else."""
    if not _CLASSES:
        _node_classes()
    if type(data) in _PLAIN:
        return data
    if type(data) is not list or not data:
        raise ValueError("not an encoded AST")
    # Scalars inline, not by a call each: a cached policy is mostly positions and strings.
    items = [d if type(d) in _PLAIN else decode(d) for d in data[1:]]
    tag = data[0]
    if tag == "":
        return tuple(items)
    if tag == "@" and len(items) == 1 and type(items[0]) is str:
        return dt.date.fromisoformat(items[0])
    cls = _CLASSES[tag]
    if len(items) != len(_FIELDS[cls]):
        raise ValueError(f"{tag} has {len(_FIELDS[cls])} fields")
    return cls(*items)


_PLAIN = frozenset({str, bool, int, float, type(None)})  # what json.loads gives but lists


# ---------------------------------------------------------------------------------------------


def load(folder: str, name: str) -> n.PolicyFile | None:
    """The cached AST in `folder`/`name`, or None: a miss for any failure at all."""
    from .lang import nodes as n

    pf = _load(folder, name, decode)
    if not isinstance(pf, n.PolicyFile):
        return None
    global hits
    hits += 1
    return pf


def store(folder: str, name: str, pf: n.PolicyFile) -> None:
    """Keep `pf` as `folder`/`name`. Silently does nothing when that cannot be done safely."""
    _store(folder, name, encode, pf)


def load_mark(folder: str, name: str) -> bool:
    """Whether `folder`/`name` is a mark this user's runs left (`store_mark`)."""
    return _load(folder, name, lambda data: data is True) is True


def store_mark(folder: str, name: str) -> None:
    """Leave a mark (an entry holding `true`) as `folder`/`name`."""
    _store(folder, name, lambda value: value, True)


def _load(folder: str, name: str, decoder: Callable[[Any], Any]) -> Any:
    """`decoder` applied to the JSON of the authenticated entry `folder`/`name`, or None: a
    miss for any failure at all."""
    if not usable_folder(folder, create=False):
        return None
    key = secret_key()
    if key is None:
        return None
    try:
        fd = os.open(os.path.join(folder, name), os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        raw = b"".join(chunks)
        mac, data = raw[:KEY_BYTES], raw[KEY_BYTES:]
        if not _same(mac, _mac(key, name, data)):
            return None  # not written by us with this key: planted, restored or damaged
        import json

        return decoder(json.loads(data))
    except Exception:  # corrupt or hostile bytes of any kind: parse afresh
        return None
    finally:
        os.close(fd)


def _store(folder: str, name: str, encoder: Callable[[Any], Any], value: Any) -> None:
    """Keep `encoder(value)` as JSON in `folder`/`name`, signed. Silently does nothing when
    that cannot be done safely."""
    if not usable_folder(folder, create=True):
        return
    key = secret_key()
    if key is None:
        return
    import json

    try:
        data = json.dumps(encoder(value), separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return
    data = _mac(key, name, data) + data
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o600)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, os.path.join(folder, name))
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


# ---------------------------------------------------------------------------------------------
# Compiled text patterns (`textpattern.TextMatcher`), the same way: plain data turned back into
# the matcher classes and nothing else. A matcher is ["M", *fields], a phrase ["P", *fields];
# a Choice (shared by the phrases of one matcher) is ["C", its number in a table] where it is
# a list of alternatives, each its words joined by spaces (`manag*` for a prefix); a Walk
# ["W", edges, done] (its indexes are made again from them); a tuple is ["", *items], a dict
# ["D", [key, value]...], a frozenset ["F", *sorted items].


def matchers_entry(sources: list[str]) -> str:
    """The name of the entry holding the matchers compiled from the policy files whose
    `policy._source_key`s are `sources` (which cover the format and the version), by the
    textpattern.py of this run."""
    from . import textpattern

    with open(textpattern.__file__, "rb") as handle:
        code = handle.read()
    key = content_hash(b"\0".join([FORMAT, code, *(s.encode() for s in sources)]))
    return f"patterns-{key.hex()[:32]}.json"


def load_matchers(folder: str, name: str) -> dict[str, Any] | None:
    """The compiled matchers of entry `name`, by pattern name, or None (a miss)."""
    found = _load(folder, name, _decode_matchers)
    return found if isinstance(found, dict) else None


def store_matchers(folder: str, name: str, matchers: dict[str, Any]) -> None:
    _store(folder, name, _encode_matchers, matchers)


def _encode_matchers(matchers: dict[str, Any]) -> Any:
    from .textpattern import Choice, Phrase, TextMatcher, Walk

    table: list[Any] = []
    numbers: dict[tuple[str, ...], int] = {}  # choices with the same alternatives: one entry

    def enc(value: Any) -> Any:
        if value is None or isinstance(value, _SCALARS):
            return value
        if isinstance(value, Choice):
            alts = tuple(value.written_alternatives())
            if alts not in numbers:
                numbers[alts] = len(table)
                table.append(list(alts))
            return ["C", numbers[alts]]
        if isinstance(value, TextMatcher):
            return ["M", *map(enc, value)]
        if isinstance(value, Phrase):
            return ["P", *map(enc, value)]
        if isinstance(value, Walk):
            return ["W", enc(value.edges), enc(value.done)]
        if type(value) is tuple:
            return ["", *map(enc, value)]
        if type(value) is dict:
            return ["D", *([k, enc(v)] for k, v in value.items())]
        if type(value) is frozenset:
            return ["F", *sorted(value)]
        raise TypeError(f"not part of a text matcher: {type(value).__name__}")

    encoded = {name: enc(m) for name, m in matchers.items()}
    return {"choices": table, "matchers": encoded}


def _decode_matchers(data: Any) -> dict[str, Any]:
    from .textpattern import Choice, Phrase, TextMatcher, Walk

    choices: list[Any] = [None] * len(data["choices"])
    # The claim's patterns hold some 400 choices, 11k alternatives and 40k words, most of
    # them written again and again (a word list used in several phrases): a choice with the
    # same alternatives is one entry of the table (`_encode_matchers`), made once and shared;
    # its words are made when a text is first walked past its first word (`Choice.written`).

    def choice(number: Any) -> Any:
        if choices[number] is None:
            texts = data["choices"][number]
            if type(texts) is not list or not all(type(t) is str for t in texts):
                raise ValueError("not an encoded choice")
            choices[number] = Choice.written(texts)
        return choices[number]

    def edges(value: Any) -> list[tuple[int, Any, int]]:
        """A Walk's edges, `["", ["", node, place, next]...]` with each place a choice
        (`["C", number]`) or a gap (null), in one loop: the claim's walks have 3,000."""
        if type(value) is not list or value[:1] != [""]:
            raise ValueError("not a walk's edges")
        out = []
        for edge in value[1:]:
            if type(edge) is not list or len(edge) != 4 or edge[0] != "" or not all(
                    type(n) is int and n >= 0 for n in (edge[1], edge[3])):  # fmt: skip
                raise ValueError("not a walk's edge")
            place = edge[2]
            if place is not None:
                if type(place) is not list or len(place) != 2 or place[0] != "C" \
                        or type(place[1]) is not int or place[1] < 0:  # fmt: skip
                    raise ValueError("not a walk's place")
                place = choice(place[1])
            out.append((edge[1], place, edge[3]))
        return out

    def dec(value: Any) -> Any:
        if value is None or isinstance(value, _SCALARS):
            return value
        if not isinstance(value, list) or not value or not isinstance(value[0], str):
            raise ValueError("not an encoded matcher")
        tag, items = value[0], value[1:]
        if tag == "C" and len(items) == 1 and type(items[0]) is int and items[0] >= 0:
            return choice(items[0])
        if tag == "M" and len(items) == len(TextMatcher._fields):
            return TextMatcher(*map(dec, items))
        if tag == "P" and len(items) == len(Phrase._fields):
            return Phrase(*map(dec, items))
        if tag == "W" and len(items) == 2:
            return Walk(edges(items[0]), dec(items[1]))
        if tag == "":
            return tuple(map(dec, items))
        if tag == "D":
            return {str(k): dec(v) for k, v in items}
        if tag == "F":
            return frozenset(map(str, items))
        raise ValueError(f"not an encoded matcher: {tag!r}")

    matchers = {str(name): dec(m) for name, m in data["matchers"].items()}
    if not all(isinstance(m, TextMatcher) for m in matchers.values()):
        raise ValueError("not a matcher")
    return matchers
