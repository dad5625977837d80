"""Package data: the grammar and the shipped policies.

In a built wheel, the top-level `grammar/` and `policies/` folders live inside the package
(see `pyproject.toml`). In a source checkout run without installing, they are read from the
checkout itself.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def data_dir(name: str) -> Traversable:
    packaged = resources.files("workrules").joinpath(name)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def shipped_policies() -> dict[str, Traversable]:
    """The policies shipped with workrules, by name (the file name without `.wr`)."""
    folder = data_dir("policies")
    return {
        entry.name[: -len(".wr")]: entry
        for entry in folder.iterdir()
        if entry.name.endswith(".wr")
    }


DEFAULT_POLICY = "claim-2024"


EXAMPLE_SUFFIXES = (".yaml", ".yml", ".json", ".md")


def example_files() -> list[str]:
    """The example data set shipped with workrules (staff, rota, allocation and job
    descriptions), as sorted paths: from the installed package (`workrules/examples/
    claim-2024/`), otherwise from the checkout's `fixtures/example/`."""
    packaged = resources.files("workrules").joinpath("examples").joinpath("claim-2024")
    if packaged.is_dir():
        folder = Path(str(packaged))
    else:
        folder = Path(__file__).resolve().parents[2] / "fixtures" / "example"
    return sorted(str(p) for p in folder.rglob("*")
                  if p.is_file() and p.suffix in EXAMPLE_SUFFIXES)  # fmt: skip
