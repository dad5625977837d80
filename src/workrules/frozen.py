"""The fields of a frozen value class, and a copy of one with some fields changed, for both
kinds the project has: msgspec Structs (what a check returns, the loaded policy and data:
cheap to create, on the pre-commit path) and attrs classes (the AST, and values only the
other tools make). attrs is imported only for an attrs value."""

from __future__ import annotations

from typing import Any, TypeVar, cast

T = TypeVar("T")


def field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a Struct or attrs class, in declaration order; None for any other."""
    names = getattr(cls, "__struct_fields__", None)
    if names is not None:
        return names  # type: ignore[no-any-return]
    fields = getattr(cls, "__attrs_attrs__", None)
    return None if fields is None else tuple(f.name for f in fields)


def replace(obj: T, /, **changes: Any) -> T:
    """`obj` with `changes` (`msgspec.structs.replace`, or `attrs.evolve`)."""
    if hasattr(obj.__class__, "__struct_fields__"):
        import msgspec

        return msgspec.structs.replace(obj, **changes)  # type: ignore[type-var]
    import attrs

    return cast(T, attrs.evolve(cast(Any, obj), **changes))
