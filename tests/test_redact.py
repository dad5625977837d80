"""`check --redact`: every staff id and name becomes a pseudonym, in every report format.

fixtures/redact is a small unit whose staff have (invented) names: a job description quotes
a name and an id in the sentence a finding cites and splits another name over a line break,
a waiver is agreed by a named member of staff and gives a name in its reason, a notice names
the holder of an unknown grade, and two people share a name. The expected reports are
fixtures/redact/expected/redacted.{txt,json,html}; every format must hold no id or name of the
staff file, and two runs give the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
import yaml
from conftest import made_by_masked

from workrules import check
from workrules.cli import main
from workrules.model import Staff
from workrules.redact import pseudonyms, redacted
from workrules.report import REPORTER_BY_NAME

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "redact"
FILES = ["staff.yaml", "rota.yaml", "allocation.yaml", "jd/business-manager.md"]
ARGS = ["check", *FILES, "--today", "2024-07-01"]
STAFF = yaml.safe_load((FOLDER / "staff.yaml").read_text(encoding="utf-8"))["staff"]


@pytest.fixture(autouse=True)
def _in_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FOLDER)  # its workrules.toml holds the waiver and the caps


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    return code, out.getvalue()


def secrets() -> list[str]:
    """Every staff id, every name and every word of a name, as the staff file gives them."""
    words = [w for s in STAFF if s.get("name") for w in s["name"].split()]
    return sorted({*(s["id"] for s in STAFF), *(s["name"] for s in STAFF if "name" in s),
                   *words})  # fmt: skip


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_the_redacted_report_is_exactly_the_expected_one(fmt: str) -> None:
    code, out = run([*ARGS, "--redact", "--format", fmt])
    assert code == 1
    suffix = "txt" if fmt == "text" else fmt
    expected = (FOLDER / "expected" / f"redacted.{suffix}").read_text(encoding="utf-8")
    assert made_by_masked(out) == made_by_masked(expected)  # (the policy's digest: any)


@pytest.mark.parametrize("fmt", sorted(REPORTER_BY_NAME))
def test_no_id_or_name_of_the_staff_survives_in_any_format(fmt: str) -> None:
    code, plain = run([*ARGS, "--format", fmt])
    assert code == 1
    assert "S109" in plain or (fmt == "github" and "S101" in plain)  # the data does name them
    code, out = run([*ARGS, "--redact", "--format", fmt])
    assert code == 1
    for secret in secrets():
        assert re.search(rf"(?i)\b{re.escape(secret)}\b", out) is None, (fmt, secret)
    assert "staff-07" in out or (fmt == "github" and "staff-01" in out)
    assert run([*ARGS, "--redact", "--format", fmt]) == (code, out)  # byte-identical


def test_each_person_keeps_one_pseudonym_everywhere() -> None:
    text = (FOLDER / "expected" / "redacted.txt").read_text(encoding="utf-8")
    # S109 (Priya Raman) is quoted from the job description by name and id: staff-07 twice.
    assert '"The post holder (now staff-07, staff-07) has line management' in text
    # Ruth Ellison, split over a line break in the job description, and her id in the waiver.
    assert "covers for staff-10 when she is away" in text
    assert "agreed by staff-10 (staff-10): staff-08 drove the group" in text
    # A notice names the holder of an unknown grade.
    assert "TEAM_LEAD (staff-09)" in text


def test_pseudonyms_number_the_sorted_ids_and_a_shared_name_gives_both() -> None:
    people = [Staff(id=s["id"], grade="PO", file="staff.yaml", line=1, name=s.get("name"))
              for s in reversed(STAFF)]  # fmt: skip
    alias = pseudonyms(people)
    assert [alias[i.casefold()] for i in ("S101", "S102", "S105", "S112")] == [
        "staff-01", "staff-02", "staff-03", "staff-10"]  # fmt: skip
    assert alias["grace adeyemi"] == "staff-03 or staff-04"
    assert pseudonyms(people[::-1]) == alias  # the order of the file does not matter


def test_ids_are_replaced_as_whole_words_only() -> None:
    result = check(FILES, today=None, config=True)
    people = [Staff(id="12", grade="PO", file="x", line=1, name="Al Bo"),
              Staff(id="S1", grade="PO", file="x", line=1)]  # fmt: skip
    finding = result.findings[0]
    from workrules.frozen import replace

    message = "12 and S1 (al  bo) worked 12.5 h, 112%, 1:12 on 2024-06-12; S12 and S1x too; 12."
    one = replace(result, findings=(replace(finding, message=message),))
    assert redacted(one, people).findings[0].message == (
        "staff-01 and staff-02 (staff-01) worked 12.5 h, 112%, 1:12 on 2024-06-12; S12 and "
        "S1x too; staff-01.")  # fmt: skip


def test_without_redact_nothing_changes() -> None:
    assert check(FILES, config=True) == check(FILES, config=True, redact=False)
    assert redacted(check(FILES, config=True), []) == check(FILES, config=True)
