"""The contract: run over ../shared/spec/examples, the claim finds exactly EXPECTED.md's rows.

The rows are read from EXPECTED.md itself (clause, subject, when). Skipped where the shared
folder is not beside the checkout.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workrules import check

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "spec" / "examples"
CAPS = ["sfo_open_reviews_max=2", "pta_learners_max=2", "span_of_control_max[SPO]=6"]

pytestmark = pytest.mark.skipif(not EXAMPLES.is_dir(), reason=f"{EXAMPLES} is not here")


def _expected_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in (EXAMPLES / "EXPECTED.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.match(r"^\d", cells[0]):
            clause, subject, when, _ = cells
            rows.append((clause, subject, when))
    return rows


ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def _run(monkeypatch: pytest.MonkeyPatch, caps: list[str],
         engine: str) -> list[tuple[str, str, str]]:  # fmt: skip
    monkeypatch.chdir(EXAMPLES)
    files = ["staff.yaml", "rota.yaml", "allocation.yaml", *sorted(
        str(p.relative_to(EXAMPLES)) for p in (EXAMPLES / "jd").glob("*.md"))]
    result = check(files, set_values=caps, engine=engine)
    return sorted((f.clause, f.subject, f.when()) for f in result.findings)


def test_expected_md_lists_fourteen_rows() -> None:
    assert len(_expected_rows()) == 14


@ENGINES
def test_claim_finds_first_ten_rows_with_caps_unset(monkeypatch: pytest.MonkeyPatch,
                                                    engine: str) -> None:  # fmt: skip
    assert _run(monkeypatch, [], engine) == sorted(_expected_rows()[:10])


@ENGINES
def test_claim_finds_all_fourteen_rows_with_caps_set(monkeypatch: pytest.MonkeyPatch,
                                                     engine: str) -> None:  # fmt: skip
    assert _run(monkeypatch, CAPS, engine) == sorted(_expected_rows())


def test_rules_with_unset_caps_are_listed_not_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    result = check(["staff.yaml", "rota.yaml", "allocation.yaml"])
    reasons = {na.rule: na.reason for na in result.not_applied}
    assert reasons["sfo-open-reviews"].startswith("cap not yet agreed: sfo_open_reviews_max")
    assert reasons["pta-learners"].startswith("cap not yet agreed: pta_learners_max")
    assert reasons["span-of-control"].startswith("cap not yet agreed: span_of_control_max")
