"""The library API: what the CLI calls and what other tools import.

    from workrules import load_policy, load_data
    policy = load_policy()                      # the claim, shipped with the package
    policy = policy.with_values(["sfo_open_reviews_max=2"])
    result = policy.check(load_data(["rota.yaml", "allocation.yaml"]))
    for finding in result.findings: ...

Every value returned is a frozen attrs object; every error raised is a `WorkrulesError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from .dataset import Dataset, load_data
from .findings import Result
from .policy import Policy, load_policy


def check(
    files: Iterable[str | os.PathLike[str]],
    policy: Policy | str | os.PathLike[str] | None = None,
    set_values: Iterable[str] = (),
) -> Result:
    """Load `files` as one data set and check it against `policy` (default: the claim)."""
    if not isinstance(policy, Policy):
        policy = load_policy(policy, set_values)
    elif set_values:
        policy = policy.with_values(set_values)
    return policy.check(load_data(files))


__all__ = ["Dataset", "Policy", "Result", "check", "load_data", "load_policy"]
