"""The parsed-policy cache, kept safe from whoever else can reach its folder.

A parse costs a pre-commit run the Lark import and the parse itself, so the AST of each policy
file is kept in `$WORKRULES_CACHE_DIR` (default `$XDG_CACHE_HOME/workrules`, else
`~/.cache/workrules`) as JSON of plain data: lists, strings and numbers that this module turns
back into the frozen node classes of `lang/nodes.py` and nothing else. Loading a cache file can
never run code, whoever wrote it.

- The folder is created 0700. A folder owned by another user, or writable by the group or the
  world, is not used at all (as if there were no cache).
- An entry is written to a fresh temporary file (`O_EXCL | O_NOFOLLOW`), then renamed into
  place: a planted symlink is replaced, never written through.
- An entry that cannot be read or decoded, for any reason, is a miss: the policy is parsed.
- `WORKRULES_NO_CACHE` (any non-empty value) turns the cache off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
from typing import Any

from .lang import nodes as n

FORMAT = b"workrules-ast-json-1"  # part of every key: a new encoding never reads an old one
MAX_ENTRY_BYTES = 16 * 1024 * 1024  # the claim's AST is about 22 KB

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def cache_dir() -> str | None:
    """The cache folder the environment asks for, or None when the cache is turned off."""
    if os.environ.get("WORKRULES_NO_CACHE"):
        return None
    return os.environ.get("WORKRULES_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "workrules",
    )


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


# ---------------------------------------------------------------------------------------------
# Plain data: a node is [class name, *fields], a tuple ["", *items], a date ["@", iso text].

def _is_node_class(cls: object) -> bool:
    """An AST class of lang/nodes.py: an attrs node, or a NamedTuple (a few are, for speed)."""
    if not isinstance(cls, type) or cls.__module__ != n.__name__:
        return False
    return (issubclass(cls, n._Node) and cls is not n._Node) or (
        issubclass(cls, tuple) and hasattr(cls, "_fields")
    )


_CLASSES: dict[str, type] = {name: cls for name, cls in vars(n).items() if _is_node_class(cls)}
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(getattr(cls, "_fields", None)
               or (a.name for a in cls.__attrs_attrs__))  # type: ignore[attr-defined]
    for cls in _CLASSES.values()
}  # fmt: skip
_SCALARS = (str, bool, int, float)


def encode(value: Any) -> Any:
    """An AST (or any part of one) as plain JSON-ready data."""
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
    if data is None or isinstance(data, _SCALARS):
        return data
    if not isinstance(data, list) or not data:
        raise ValueError("not an encoded AST")
    tag = data[0]
    if tag == "":
        return tuple(map(decode, data[1:]))
    if tag == "@" and len(data) == 2 and isinstance(data[1], str):
        return dt.date.fromisoformat(data[1])
    cls = _CLASSES[tag]
    if len(data) - 1 != len(_FIELDS[cls]):
        raise ValueError(f"{tag} has {len(_FIELDS[cls])} fields")
    return cls(*map(decode, data[1:]))


# ---------------------------------------------------------------------------------------------


def load(folder: str, name: str) -> n.PolicyFile | None:
    """The cached AST in `folder`/`name`, or None: a miss for any failure at all."""
    if not usable_folder(folder, create=False):
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
        import json

        pf = decode(json.loads(b"".join(chunks)))
        return pf if isinstance(pf, n.PolicyFile) else None
    except Exception:  # corrupt or hostile bytes of any kind: parse afresh
        return None
    finally:
        os.close(fd)


def store(folder: str, name: str, pf: n.PolicyFile) -> None:
    """Keep `pf` as `folder`/`name`. Silently does nothing when that cannot be done safely."""
    if not usable_folder(folder, create=True):
        return
    import json

    try:
        data = json.dumps(encode(pf), separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return
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
