"""The library API's arguments, checked where a caller hands them over.

A caller without a type-checker may pass one file name where a list is wanted (a string is
iterable: `check("rota.yaml")` read the files `r`, `o`, ...), a date as text, or None; each is
refused here with a `UsageError` that says what to give, never a TypeError from deep inside.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .errors import UsageError


def many(value: Any, what: str, example: str) -> list[Any]:
    """`value` as a list of items: refused when it is one item (a string, a path, bytes, a
    mapping) or not a collection at all."""
    if isinstance(value, str | bytes | os.PathLike):
        raise UsageError(f"{what}: expected a list, not one {type(value).__name__} "
                         f"({_shown(value)}); give a list, e.g. {example}")  # fmt: skip
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise UsageError(f"{what}: expected a list, not {type(value).__name__}; "
                         f"give a list, e.g. {example}")  # fmt: skip
    return list(value)


def file_names(value: Any, what: str) -> list[str]:
    """`value` as a list of file names: each a string or a path."""
    names = many(value, what, "['staff.yaml', 'rota.yaml']")
    for i, name in enumerate(names):
        if not isinstance(name, str | os.PathLike):
            raise UsageError(f"{what}[{i}]: expected a file name or a path, not "
                             f"{type(name).__name__} ({_shown(name)})")  # fmt: skip
    return [os.fspath(name) for name in names]


def day(value: Any, what: str = "today") -> dt.date | None:
    """`value` if it is None or a date (not a datetime, which compares with no date)."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    raise UsageError(f"{what}: expected a datetime.date, not {type(value).__name__} "
                     f"({_shown(value)}); e.g. datetime.date(2025, 1, 1)"
                     f"{' (a datetime: its .date())' if isinstance(value, dt.datetime) else ''}")


def whole(value: Any, what: str) -> int:
    """`value` if it is a whole number (not True or False)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise UsageError(f"{what}: expected a whole number, not {type(value).__name__} "
                     f"({_shown(value)})")  # fmt: skip


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:45]}...{text[-10:]}"


def once(files: Sequence[Any]) -> list[Any]:
    """`files`, each file once, where it is first named: a path by its device and inode where
    it can be read, else by its name (`rota.yaml` and `./rota.yaml` are one file). Anything
    that is not a path (standard input, a mapping a tool holds) is kept as it is."""
    seen: set[object] = set()
    out = []
    for name in files:
        if isinstance(name, (str, os.PathLike)) and name != "-":
            try:
                info = os.stat(name)
                key: object = (info.st_dev, info.st_ino)
            except (OSError, ValueError):
                key = os.path.normpath(name)
            if key in seen:
                continue
            seen.add(key)
        out.append(name)
    return out
