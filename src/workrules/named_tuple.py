"""`typing.NamedTuple`'s class syntax at about half its cost at import.

`class X(NamedTuple): a: int` in a module with string annotations makes typing turn each
annotation into a `ForwardRef`, which compiles it: some 2 ms of the pre-commit path for the
IR's 37 classes alone. Here the class is the same `collections.namedtuple` with the same
fields, defaults, methods and docstring; only `__annotations__` keeps the annotations as the
strings they were written as. Type checkers see `typing.NamedTuple` itself:

    if TYPE_CHECKING:
        from typing import NamedTuple
    else:
        from .named_tuple import NamedTuple
"""

from __future__ import annotations

import collections
from typing import Any

# As typing has them: names a NamedTuple's body may not define, and those it does not copy.
_PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields",
                         "_field_defaults", "_make", "_replace", "_asdict", "_source"})  # fmt: skip
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
_namedtuple: Any = collections.namedtuple


class _NamedTupleMeta(type):
    def __new__(mcs, typename: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
        if bases != (_NamedTupleBase,):
            raise TypeError("a NamedTuple here subclasses NamedTuple alone")
        types = ns.get("__annotations__", {})
        defaults = []
        for name in types:
            if name in ns:
                defaults.append(ns[name])
            elif defaults:
                raise TypeError(f"Non-default namedtuple field {name} cannot follow default "
                                f"field{'s' if len(defaults) > 1 else ''} "
                                f"{', '.join(n for n in types if n in ns)}")  # fmt: skip
        cls = _namedtuple(typename, list(types), defaults=defaults, module=ns["__module__"])
        cls.__annotations__ = cls.__new__.__annotations__ = dict(types)
        for key, value in ns.items():
            if key in _PROHIBITED:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _SPECIAL and key not in cls._fields:
                setattr(cls, key, value)
        return cls


_NamedTupleBase = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})


def NamedTuple(*args: Any, **kwargs: Any) -> Any:
    """Only as a base class: `class X(NamedTuple): ...`."""
    raise TypeError("use NamedTuple as a base class: class X(NamedTuple): ...")


NamedTuple.__mro_entries__ = lambda bases: (_NamedTupleBase,)  # type: ignore[attr-defined]
