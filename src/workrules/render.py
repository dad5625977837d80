"""Values in words: how a number, a date or a list reads in a finding."""

from __future__ import annotations

import datetime as dt
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
