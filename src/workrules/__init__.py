"""workrules: the probation unions' workload claim as policy-as-code.

The public API is imported lazily, so `import workrules` stays cheap for a pre-commit hook:

    from workrules import load_policy, load_data, check
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "check": "api", "load_data": "api", "load_policy": "api", "Policy": "policy",
    "Dataset": "dataset", "Result": "findings", "Finding": "findings", "NotApplied": "findings",
    "Evidence": "findings", "Period": "findings", "WorkrulesError": "errors",
    "InputError": "errors", "PolicyError": "errors", "UsageError": "errors",
}  # fmt: skip

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'workrules' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)
