"""What a finding carries, and how reports show it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from workrules import check
from workrules.cli import main
from workrules.findings import Evidence, Period

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _one(result, rule: str, subject: str):  # type: ignore[no-untyped-def]
    (found,) = [f for f in result.findings if f.rule == rule and f.subject == subject]
    return found


def test_contact_hours_finding_carries_every_part(example: list[str]) -> None:
    f = _one(check(example), "upw-contact-hours", "S010")
    assert f.clause == "5c"
    assert f.severity == "error"
    assert f.period == Period("day", dt.date(2024, 6, 7), dt.date(2024, 6, 7))
    assert (f.file, f.line) == ("rota.yaml", 16)
    assert (f.value, f.limit_value) == (9.0, 8.0)
    assert (f.measured, f.limit) == ("9 h", "at most 8 h")
    assert f.evidence == (
        Evidence("rota.yaml", 16, "upw_session", "U104"),
        Evidence("rota.yaml", 22, "upw_session", "U105"),
    )
    assert f.message == (
        "S010 had 9 h of contact with work groups on 2024-06-07 (U104, U105); the cap is 8 h "
        "a day (5c)."
    )
    assert f.unit == "Fixture PDU"


def test_wmt_spell_says_how_much_reduction_brings_it_back(example: list[str]) -> None:
    f = _one(check(example), "wmt-over-ceiling", "S001")
    assert f.period == Period("span", dt.date(2024, 6, 3), dt.date(2024, 6, 16))
    assert (f.value, f.limit_value) == (14, 7.0)
    assert f.message == (
        "S001 (PO) was above 110% of WMT from 2024-06-03 to 2024-06-16 (14 days; peak 118%); "
        "the claim (1.2k(i)) allows at most 7 days. At the last reading of the spell, a cut of "
        "8% of WMT was needed to bring them back to 110%."
    )
    assert [e.label for e in f.evidence] == ["WMT S001 week 2024-06-03", "WMT S001 week 2024-06-10"]


def test_role_boundary_names_the_category_that_applied(example: list[str]) -> None:
    f = _one(check(example), "psr-role-boundary", "R502")
    assert f.facts == ("the author's grade is PQiP", "the author's qualification date is not given",
                       "the person's MAPPA level is 2")
    assert f.measured == "the person's MAPPA level is 2"


def test_ratio_explains_which_alternative_failed_and_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "cases" / "upw-ratio-alternatives")
    result = check(["../../example/staff.yaml", "rota.yaml"], policy="policy.wr")
    f = _one(result, "upw-either", "U3")
    assert f.facts == (
        "1:5 allows at most 5 members for 1 supervisor (there are 6)",
        "2:12 needs at least 2 supervisors (there is 1)",
    )
    assert (f.measured, f.limit) == ("1:6 (members 6, supervisors 1)", "at most 1:5 or 2:12")


def test_job_description_finding_points_at_the_mention(example: list[str]) -> None:
    f = _one(check(example), "jd-span-stated", "jd/business-manager.md")
    assert (f.file, f.line) == ("jd/business-manager.md", 6)
    assert f.facts == (
        'text gives line_management (phrase "line management" found "line management", line 6): '
        '"The post holder has '
        'line management of the administrative team, case administrators included."',
        "no sentence of text gives no_line_management",
        "the span of control is not given",
        "no sentence of text gives span_of_control_stated")


def test_span_cap_finding_points_at_the_stated_span(example: list[str]) -> None:
    f = _one(check(example, set_values=["span_of_control_max[SPO]=6"]), "jd-span-cap",
             "jd/senior-probation-officer.md")  # fmt: skip
    assert (f.file, f.line, f.value, f.limit_value) == ("jd/senior-probation-officer.md", 6, 8, 6)


@pytest.mark.parametrize("fmt", ["table", "text", "json"])
def test_output_is_byte_identical_across_runs(example: list[str], fmt: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for _ in range(2):
        assert main(["check", *example, "--format", fmt]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


def test_json_report_holds_findings_and_rules_not_applied(
    example: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", *example, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["exit_code"] == 1
    assert len(data["findings"]) == 10
    first = data["findings"][0]
    assert first["rule"] == "wmt-over-ceiling"
    assert first["period"] == {"kind": "span", "start": "2024-06-03", "end": "2024-06-16"}
    assert first["evidence"][0] == {"file": "allocation.yaml", "line": 5, "kind": "wmt",
                                    "label": "WMT S001 week 2024-06-03"}  # fmt: skip
    assert {na["rule"] for na in data["not_applied"]} >= {"sfo-open-reviews", "pta-learners"}


def test_text_report_lines_start_with_file_and_line(
    example: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", *example, "--format", "text"])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("allocation.yaml:5: wmt-over-ceiling [1.2k(i)] S001 (PO) was above")


def test_clean_data_exits_zero(monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.chdir(FIXTURES / "example")
    assert main(["check", "staff.yaml", "jd/case-administrator.md"]) == 0
    assert "0 findings" in capsys.readouterr().out


def test_set_changes_a_cap_without_editing_the_policy(example: list[str]) -> None:
    strict = check(example, set_values=["upw_contact_hours_max=6.5"])
    subjects = sorted(f.subject for f in strict.findings if f.rule == "upw-contact-hours")
    assert subjects == ["S010"] * 4 + ["S011"] * 2  # U100 on 2024-05-28 too: 5c has no start
