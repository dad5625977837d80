"""Every folder of fixtures/cases: its files, checked, give exactly the findings it lists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from workrules import check

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "case.yaml").is_file())


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_case_gives_exactly_its_findings(case: Path, monkeypatch: pytest.MonkeyPatch,
                                         engine: str) -> None:  # fmt: skip
    spec = yaml.safe_load((case / "case.yaml").read_text())
    monkeypatch.chdir(case)
    # optional: the run's day (YAML reads a date), for a sentence that names it
    result = check(spec["files"], policy=spec.get("policy"), set_values=spec.get("set", []),
                   engine=engine, today=spec.get("today"))  # fmt: skip
    got = [f"{f.rule} {f.subject} {f.when()} {f.file}:{f.line}" for f in result.findings]
    assert got == spec["findings"]
    if "messages" in spec:  # optional: the findings' sentences, exactly, in the same order
        assert [f.message for f in result.findings] == spec["messages"]
    assert [na.rule for na in result.not_applied] == spec["not_applied"]
    # the rules that read no record: the data has none of the kind each judges
    assert [u.rule for u in result.unread] == spec["unread"]
    assert result.exit_code == (1 if spec["findings"] else 0)
