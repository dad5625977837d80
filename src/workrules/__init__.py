"""workrules: the probation unions' workload claim as policy-as-code.

The public API is imported lazily, so `import workrules` stays cheap for a pre-commit hook:

    from workrules import load_policy, load_data, check
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # real types for type-checkers; at run time each name loads on first use
    from .api import check, load_data, load_policy
    from .dataset import Dataset
    from .errors import InputError, InputErrors, PolicyError, UsageError, WorkrulesError
    from .findings import Evidence, Finding, NotApplied, Period, Result
    from .policy import Policy
    from .workforce import IndicatorReport, indicators

__version__ = "0.8.0"

_EXPORTS = {
    "check": "api", "load_data": "api", "load_policy": "api", "Policy": "policy",
    "Dataset": "dataset", "Result": "findings", "Finding": "findings", "NotApplied": "findings",
    "Evidence": "findings", "Period": "findings", "WorkrulesError": "errors",
    "InputError": "errors", "InputErrors": "errors", "PolicyError": "errors",
    "UsageError": "errors",
    "indicators": "workforce", "IndicatorReport": "workforce",
}  # fmt: skip

__all__ = [
    "Dataset", "Evidence", "Finding", "IndicatorReport", "InputError", "InputErrors",
    "NotApplied", "Period",
    "Policy", "PolicyError", "Result", "UsageError", "WorkrulesError", "check", "indicators",
    "load_data", "load_policy",
]  # fmt: skip


def __dir__() -> list[str]:
    """The public API with the module's own names: `dir()`, `help()` and a REPL's completion
    show the names loaded on first use (a first hour, round 50)."""
    return sorted(set(globals()) | set(__all__))


def __getattr__(name: str) -> Any:
    from importlib import import_module

    module = _EXPORTS.get(name)
    if module is None:
        # a module of the package, as the docs write it (`workrules.report.REPORTER_BY_NAME`),
        # imported on first use as the names above are
        from importlib.util import find_spec

        if name.isidentifier() and not name.startswith("_") and find_spec(
                f"{__name__}.{name}") is not None:  # fmt: skip
            return import_module(f".{name}", __name__)
        raise AttributeError(f"module 'workrules' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
