"""Values in words: how a number, a date or a list reads in a finding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .model import FieldType


def number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def render(value: Any, type_: FieldType | None = None) -> str:
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if type_ is not None and type_.name == "ratio" and isinstance(value, tuple):
        return f"{value[0]}:{value[1]}"
    if isinstance(value, (tuple, list, frozenset, set)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ", ".join(render(v) for v in items) if items else "none"
    if isinstance(value, (int, float)):
        dim = type_.dim if type_ is not None else ""
        if dim == "percent":
            return f"{number(value)}%"
        if dim == "hours":
            return f"{number(value)} h"
        if dim == "days":
            return f"{number(value)} day" + ("" if value == 1 else "s")
        return number(value)
    return str(value)


def renderer(type_: FieldType | None = None) -> Callable[[Any], str]:
    """`render(·, type_)` as one function, for values rendered again and again (a rule's
    limits, periods and counts in every finding): text straight through, a number or a date
    rendered once per value. The same words as `render`, whatever the value."""
    cache: dict[Any, str] = {}
    date, string, integer, real = dt.date, str, int, float

    def rendered(value: Any) -> str:
        cls = value.__class__
        if cls is string:
            text: str = value
            return text
        if cls is integer or cls is real or cls is date:  # never a bool: 1 and 1.0 read
            found = cache.get(value)  # alike, True not; no date equals a number
            if found is None:
                found = render(value, type_)
                if len(cache) < 4096:
                    cache[value] = found
            return found
        return render(value, type_)

    return rendered
