"""The CI reports: SARIF 2.1.0, JUnit XML and GitHub Actions workflow commands.

Every test checks the shipped example (fixtures/example), from its own folder so that paths
read as a user's would, on 2025-01-01 so that which waivers have expired never changes.
tests/data/ci-waivers.wr adds two waivers to the claim: one in force (upw-contact-hours for
S0*), one expired (mappa-chairing-per-day for S030). The SARIF log is validated against the
official OASIS schema, vendored as tests/data/sarif-schema-2.1.0.json; the JUnit report is
read back with junitparser, as a CI server's plugin would read it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from junitparser import Failure, JUnitXml, Skipped

from workrules import __version__, check
from workrules.ci_formats import escape_data, escape_property, fingerprint, github, junit, sarif
from workrules.cli import main
from workrules.findings import Finding, Result
from workrules.frozen import replace
from workrules.report import REPORTER_BY_NAME

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DIR = ROOT / "fixtures" / "example"
DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = ["staff.yaml", "rota.yaml", "allocation.yaml", "jd/business-manager.md",
           "jd/case-administrator.md", "jd/senior-probation-officer.md"]  # fmt: skip
TODAY = dt.date(2025, 1, 1)
WAIVERS = "../../tests/data/ci-waivers.wr"  # from fixtures/example

POLICY_RULES = [
    "wmt-over-ceiling", "unrecompensed-hours", "upw-group-ratio", "upw-contact-hours",
    "psr-role-boundary", "programme-sessions-per-week", "mappa-chairing-per-day",
    "sfo-open-reviews", "pta-learners", "pso-assessees", "caseload-by-role",
    "psr-reports-per-month", "cases-per-practitioner", "span-of-control", "jd-span-stated",
    "jd-span-cap", "jd-line-management-contradicted", "jd-line-management-denied-by-text",
    "jd-span-zero-but-text-gives", "jd-span-without-line-management",
    "jd-line-management-with-span-zero",
    "jd-line-management-text-contradicts-itself", "hours-without-contract",
    "safeguard-wmt-mean", "safeguard-over-ceiling-share", "safeguard-unallocated",
    "safeguard-vacancies", "wmt-not-assessed", "jd-psr-role-boundary", "jd-cases-role-boundary",
    "psr-role-boundary-before-qualifying", "jd-span-in-text-only", "jd-span-text-larger",
    "case-role-boundary", "case-role-boundary-risk-unknown", "timesheet-after-leaving",
    "timesheet-before-starting", "wmt-outside-post", "upw-outside-post",
    "programme-outside-post", "mappa-outside-post", "psr-outside-post",
    "wmt-reading-as-fraction", "case-role-boundary-before-qualifying",
    "case-role-boundary-before-qualifying-risk-unknown", "case-outside-post",
    "line-manager-not-in-post", "pta-not-in-post", "pso-assessor-not-in-post",
    "absence-outside-post", "recompense-beyond-the-week", "upw-contact-without-members",
    "psr-role-boundary-reoffending-unknown", "pso-assessor-of-another-grade",
    "sfo-review-requires-no-signoff", "mappa-meetings-per-day", "jd-title-grade",
    "sfo-review-manager-not-in-post", "pta-of-another-role", "line-manager-not-yet-in-post",
]  # fmt: skip
NOT_APPLIED = ["sfo-open-reviews", "pta-learners", "pso-assessees", "caseload-by-role",
               "psr-reports-per-month", "cases-per-practitioner", "span-of-control",
               "jd-span-cap", "safeguard-wmt-mean", "safeguard-over-ceiling-share",
               "wmt-not-assessed", "jd-span-in-text-only", "mappa-meetings-per-day"]  # fmt: skip
# the rules that read no record: the example has no absences, funded posts (establishment)
# nor counts of unallocated cases
UNREAD = ["safeguard-unallocated", "safeguard-vacancies", "absence-outside-post"]


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(EXAMPLE_DIR)
    return EXAMPLE


@pytest.fixture
def plain(example: list[str]) -> Result:
    """The example against the claim: ten findings, none waived."""
    return check(example, today=TODAY)


@pytest.fixture
def waived(example: list[str]) -> Result:
    """The example against the claim with tests/data/ci-waivers.wr's two waivers."""
    return check(example, policy=WAIVERS, today=TODAY)


def _one(result: Result, rule: str, subject: str) -> Finding:
    (found,) = [f for f in result.findings if f.rule == rule and f.subject == subject]
    return found


def _sarif_results(result: Result, rule: str, subject: str) -> list[dict[str, Any]]:
    run = json.loads(sarif(result))["runs"][0]
    return [r for r in run["results"]
            if r["ruleId"] == rule and r["properties"]["subject"] == subject]  # fmt: skip


# ------------------------------------------------------------------------------------- SARIF


def test_vendored_schema_is_the_official_sarif_2_1_0_schema() -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["$id"] == ("https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/"
                             "Schemata/sarif-schema-2.1.0.json")  # fmt: skip
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"


def _sarif_validator() -> jsonschema.protocols.Validator:
    # The official file is used as published. It does not pass check_schema: its `region`
    # puts an `anyOf` inside `properties` (an upstream slip), which validation reads as a
    # property named "anyOf" and so never applies; every other constraint applies.
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("which", ["plain", "waived"])
def test_sarif_validates_against_official_schema(
    which: str, request: pytest.FixtureRequest
) -> None:
    result: Result = request.getfixturevalue(which)
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in _sarif_validator().iter_errors(json.loads(sarif(result)))]  # fmt: skip
    assert errors == []


def test_sarif_schema_check_is_not_vacuous(plain: Result) -> None:
    log = json.loads(sarif(plain))
    log["runs"][0]["results"][0]["level"] = "fatal"
    log["runs"][0]["results"][1]["suppressions"] = [{"status": "accepted"}]
    messages = sorted(e.message for e in _sarif_validator().iter_errors(log))
    assert messages == ["'fatal' is not one of ['none', 'note', 'warning', 'error']",
                        "'kind' is a required property"]  # fmt: skip


def test_sarif_names_the_tool_and_describes_every_rule(waived: Result) -> None:
    log = json.loads(sarif(waived))
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("workrules", __version__)
    # The policy's rules in its order, then the pseudo-rule an expired waiver reports under.
    assert [r["id"] for r in driver["rules"]] == [*POLICY_RULES, "waiver-expired"]
    contact = driver["rules"][3]
    assert contact == {
        "id": "upw-contact-hours",
        "name": "UpwContactHours",
        "shortDescription": {"text": "Too many contact hours with work groups in one day"},
        "fullDescription": {"text": contact["fullDescription"]["text"]},
        "help": {"text": "Clause 5c of the workload claim: Too many contact hours with work "
                         "groups in one day. " + contact["fullDescription"]["text"] +
                         " `workrules explain upw-contact-hours` says what the rule measures "
                         "and shows an example breach."},
        "defaultConfiguration": {"level": "error"},
        "properties": {"clause": "5c", "severity": "error", "effective": ""},
    }  # fmt: skip
    assert contact["fullDescription"]["text"] == waived.rules[3].why != ""
    expired = driver["rules"][-1]
    assert expired["shortDescription"] == {"text": "A recorded waiver has expired"}
    assert expired["defaultConfiguration"] == {"level": "warning"}
    assert "workrules explain" not in expired["help"]["text"]


def test_sarif_result_points_at_rule_record_and_evidence(plain: Result) -> None:
    (result,) = _sarif_results(plain, "upw-contact-hours", "S010")
    f = _one(plain, "upw-contact-hours", "S010")
    rules = json.loads(sarif(plain))["runs"][0]["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == "upw-contact-hours"
    assert result == {
        "ruleId": "upw-contact-hours",
        "ruleIndex": 3,
        "level": "error",
        "message": {"text": "S010 had 9 h of contact with work groups on 2024-06-07 (U104, "
                            "U105); the cap is 8 h a day (5c)."},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "rota.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 16}}}],
        "relatedLocations": [
            {"id": 1, "physicalLocation": {
                "artifactLocation": {"uri": "rota.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 16}}, "message": {"text": "U104"}},
            {"id": 2, "physicalLocation": {
                "artifactLocation": {"uri": "rota.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 22}}, "message": {"text": "U105"}},
        ],
        "partialFingerprints": {"workrulesFinding/v1": fingerprint(f)},
        "properties": {"subject": "S010", "period": "2024-06-07", "measured": "9 h",
                       "limit": "at most 8 h", "clause": "5c", "severity": "error",
                       "failsRun": True, "unit": f.unit},
    }  # fmt: skip
    assert f.unit  # the example's rota names its unit


def test_sarif_marks_waived_findings_as_suppressed(waived: Result) -> None:
    (s010,) = _sarif_results(waived, "upw-contact-hours", "S010")
    assert s010["suppressions"] == [{
        "kind": "external",
        "status": "accepted",
        "justification": "Split site: travel between sites, logged as contact time; agreed by "
                         "Unit JNCC, minute 2024-05-14/3; until 2030-01-01",
        "location": {"physicalLocation": {
            "artifactLocation": {"uri": "../../tests/data/ci-waivers.wr",
                                 "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 8}}},
    }]  # fmt: skip
    assert s010["level"] == "error"  # still the rule's level: suppressed, not downgraded
    assert s010["properties"]["failsRun"] is False
    # The waiver for S030 ran out before its finding: that finding is not suppressed.
    (s030,) = _sarif_results(waived, "mappa-chairing-per-day", "S030")
    assert "suppressions" not in s030
    suppressed = [r["properties"]["subject"] for r in json.loads(sarif(waived))["runs"][0]
                  ["results"] if "suppressions" in r]  # fmt: skip
    assert suppressed == ["S011", "S010"]


def test_sarif_reports_an_expired_waiver_under_its_own_descriptor(waived: Result) -> None:
    (expired,) = _sarif_results(waived, "waiver-expired", "mappa-chairing-per-day:S030")
    assert expired["ruleIndex"] == len(POLICY_RULES)
    assert expired["level"] == "warning"
    assert expired["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "../../tests/data/ci-waivers.wr", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 14},
    }
    assert expired["properties"]["clause"] == "8b"


def test_sarif_lists_rules_not_applied_as_configuration_notifications(plain: Result) -> None:
    (invocation,) = json.loads(sarif(plain))["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolConfigurationNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == NOT_APPLIED
    # a rule that read no record is no notification (nothing stopped it), but is said
    assert [u["id"] for u in json.loads(sarif(plain))["runs"][0]["properties"]["rulesUnread"]
            ] == UNREAD  # fmt: skip
    assert notes[0] == {
        "level": "note",
        "message": {"text": "cap not yet agreed: sfo_open_reviews_max is unset (set with --set "
                            "sfo_open_reviews_max=N)"},
        "descriptor": {"id": "sfo-open-reviews"},
        "associatedRule": {"id": "sfo-open-reviews", "index": 7},
        "properties": {"clause": "8c", "parameters": ["sfo_open_reviews_max"]},
    }  # fmt: skip


def test_sarif_fingerprint_follows_rule_subject_and_period_not_wording(plain: Result) -> None:
    f = _one(plain, "upw-contact-hours", "S010")
    assert fingerprint(replace(f, message="Reworded.", line=99)) == fingerprint(f)
    assert fingerprint(replace(f, subject="S011")) != fingerprint(f)
    assert fingerprint(replace(f, period=None)) != fingerprint(f)
    assert len({r["partialFingerprints"]["workrulesFinding/v1"]
                for r in json.loads(sarif(plain))["runs"][0]["results"]}) == 10  # fmt: skip


def test_sarif_is_pretty_printed_and_byte_identical_run_to_run(example: list[str]) -> None:
    first = sarif(check(example, policy=WAIVERS, today=TODAY))
    second = sarif(check(example, policy=WAIVERS, today=TODAY))
    assert first == second
    assert first.startswith('{\n  "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/')
    assert first.endswith("}\n")


def test_sarif_uri_is_relative_with_forward_slashes_or_an_absolute_file_uri(
    plain: Result,
) -> None:
    f = _one(plain, "upw-contact-hours", "S010")
    nested = replace(plain, findings=(replace(f, file="./rotas/june week.yaml"),))
    location = json.loads(sarif(nested))["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {
        "uri": "rotas/june%20week.yaml", "uriBaseId": "%SRCROOT%"}
    absolute = replace(plain, findings=(replace(f, file=str(EXAMPLE_DIR / "rota.yaml")),))
    location = json.loads(sarif(absolute))["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {
        "uri": (EXAMPLE_DIR / "rota.yaml").as_uri()}


# ------------------------------------------------------------------------------------- JUnit


def _suites(report: str) -> dict[str, Any]:
    return {suite.name: suite for suite in JUnitXml.fromstring(report)}


def test_junit_has_one_testcase_per_rule_and_subject(waived: Result) -> None:
    suites = _suites(junit(waived))
    # (the policy's two waivers are listed among the values set: attack round 27, P5); the
    # three rules that read no record share one case (a first hour, round 53, P9)
    assert list(suites) == [*(r for r in POLICY_RULES if r not in UNREAD), "waiver-expired",
                            "nothing to check", "values set for this run"]
    cases = {name: [(case.classname, case.name) for case in suite]
             for name, suite in suites.items()}  # fmt: skip
    # the name: rule, clause and subject (GitLab lists failures by name, and keeps one of two
    # alike)
    assert cases["upw-contact-hours"] == [("upw-contact-hours", "upw-contact-hours [5c]: S010"),
                                          ("upw-contact-hours", "upw-contact-hours [5c]: S011")]
    assert cases["psr-role-boundary"] == [("psr-role-boundary", "psr-role-boundary [7]: R500"),
                                          ("psr-role-boundary", "psr-role-boundary [7]: R502")]
    assert cases["waiver-expired"] == [("waiver-expired",
                                        "waiver-expired: mappa-chairing-per-day:S030")]
    for rule in NOT_APPLIED:
        assert [name for _, name in cases[rule]] == [
            f"{rule} [{suites[rule].properties().__next__().value}]: all subjects"]
    names = [name for c in cases.values() for _, name in c]
    assert len(names) == len(set(names))
    assert sum(len(c) for c in cases.values()) == 63
    root = JUnitXml.fromstring(junit(waived))
    # skipped: 13 rules not applied, one case for the 3 that read no record, 2 waived
    # findings, 2 waivers listed
    assert (root.tests, root.failures, root.skipped, root.errors) == (63, 9, 18, 0)
    (unread_case,) = suites["nothing to check"]
    assert [(r.type, r.message) for r in unread_case.result] == [
        (None, "3 rules read no records: the data has no counts of unallocated cases, "
         "establishment entries or absences, the records these rules judge")]
    assert unread_case.system_out.splitlines()[1] == (
        "safeguard-vacancies [1.1g]: the data has no establishment entries")


def test_junit_suite_carries_clause_severity_and_title(waived: Result) -> None:
    suite = _suites(junit(waived))["upw-contact-hours"]
    assert {p.name: p.value for p in suite.properties()} == {
        "clause": "5c", "severity": "error",
        "title": "Too many contact hours with work groups in one day", "policy": "ci-waivers"}
    assert (suite.tests, suite.failures, suite.skipped, suite.errors) == (2, 0, 2, 0)


def test_junit_fails_a_case_whose_finding_fails_the_run(waived: Result) -> None:
    (case,) = _suites(junit(waived))["mappa-chairing-per-day"]
    (failure,) = case.result
    assert isinstance(failure, Failure)
    assert failure.message == ("S030 chaired 2 initial Level 2 MAPPA meetings on 2024-06-05 "
                               "(M300, M301); the cap is 1 of each type a day (8b).")  # fmt: skip
    assert failure.type == "error"
    assert failure.text == (
        "rota.yaml:34: mappa-chairing-per-day [8b] S030 chaired 2 initial Level 2 MAPPA "
        "meetings on 2024-06-05 (M300, M301); the cap is 1 of each type a day (8b).\n"
        "    subject S030; 2024-06-05; measured 2, limit at most 1\n"
        "    evidence M300 (rota.yaml:34), M301 (rota.yaml:35)")
    # file and line (as pytest and GitLab write them) are not junitparser fields: read the XML.
    element = ET.fromstring(junit(waived)).find(
        "testsuite[@name='mappa-chairing-per-day']/testcase")
    assert element is not None
    assert (element.get("file"), element.get("line")) == ("rota.yaml", "34")


def test_junit_skips_a_waived_case_with_the_waiver(waived: Result) -> None:
    s010 = next(c for c in _suites(junit(waived))["upw-contact-hours"]
                if c.name == "upw-contact-hours [5c]: S010")
    (skipped,) = s010.result
    assert isinstance(skipped, Skipped)
    assert skipped.message == (
        "waived until 2030-01-01, agreed by Unit JNCC, minute 2024-05-14/3: Split site: travel "
        "between sites, logged as contact time (../../tests/data/ci-waivers.wr:8)")
    assert s010.system_out.startswith("rota.yaml:16: upw-contact-hours [5c] (waived) S010 had 9 h")


def test_junit_skips_a_rule_not_applied_with_the_reason(plain: Result) -> None:
    (case,) = _suites(junit(plain))["sfo-open-reviews"]
    (skipped,) = case.result
    assert isinstance(skipped, Skipped)
    assert skipped.message == ("cap not yet agreed: sfo_open_reviews_max is unset (set with "
                               "--set sfo_open_reviews_max=N)")  # fmt: skip


def test_junit_rule_without_findings_has_one_passing_case(example: list[str]) -> None:
    result = check(example, set_values=["sfo_open_reviews_max=99"], today=TODAY)
    (case,) = _suites(junit(result))["sfo-open-reviews"]
    assert (case.name, case.result, case.is_passed) == ("sfo-open-reviews [8c]: all subjects", [],
                                                        True)  # fmt: skip


def test_junit_findings_below_fail_on_pass_with_details_in_system_out(
    example: list[str],
) -> None:
    result = check(example, policy=WAIVERS, today=TODAY, fail_on="error")
    (case,) = _suites(junit(result))["waiver-expired"]
    assert case.is_passed
    assert case.system_out.startswith("../../tests/data/ci-waivers.wr:14: waiver-expired [8b] "
                                      "The waiver of mappa-chairing-per-day for S030")  # fmt: skip


def test_junit_escapes_markup_and_writes_control_characters_as_escapes(plain: Result) -> None:
    f = _one(plain, "upw-contact-hours", "S010")
    odd = replace(f, subject='S<1>&"2"', message="Over <cap> & \x07beyond.\nNext line.")
    report = junit(replace(plain, findings=(odd,)))
    (case,) = _suites(report)["upw-contact-hours"]
    assert case.name == 'upw-contact-hours [5c]: S<1>&"2"'
    assert case.result[0].message == "Over <cap> & \\x07beyond.\\nNext line."


def test_junit_is_byte_identical_run_to_run(example: list[str]) -> None:
    assert junit(check(example, policy=WAIVERS, today=TODAY)) == junit(
        check(example, policy=WAIVERS, today=TODAY))


# ------------------------------------------------------------------------------------ GitHub


def test_github_annotates_each_finding_with_file_line_and_title(plain: Result) -> None:
    lines = github(plain).splitlines()
    assert lines[:3] == [
        "::error file=allocation.yaml,line=5,title=wmt-over-ceiling [1.2k(i)]::S001 (PO) was "
        "above 110%25 of WMT from 2024-06-03 to 2024-06-16 (14 days; peak 118%25); the claim "
        "(1.2k(i)) allows at most 7 days. At the last reading of the spell, a cut of 8%25 of WMT "
        "was needed to bring them back to 110%25.",
        "::error file=allocation.yaml,line=17,title=psr-role-boundary [7]::S002 (PSO) wrote "
        "pre-sentence report R500 (sdr, 2024-06-10) on a person outside the role boundary of a "
        "PSO: the person's RoSH level is high (7).",
        "::error file=allocation.yaml,line=27,title=psr-role-boundary [7]::S003 (PQiP) wrote "
        "pre-sentence report R502 (short format, 2024-06-12) on a person outside the role "
        "boundary of a PQiP: the person's MAPPA level is 2 (7).",
    ]
    assert sum(line.startswith("::") for line in lines) == 10
    assert lines[10:12] == ["", "Not applied (13 rules):"]
    assert lines[-3:-1] == ["", "Nothing to check (3 rules): the data has no counts of unallocated "
                            "cases, establishment entries or absences, the records they judge."]
    assert lines[-1] == ("10 findings from 44 rules of policy claim-2024 over 6 files; 10 fail "
                         "the run (--fail-on warning).")  # fmt: skip


def test_github_escapes_percent_and_commas_and_shows_line_breaks_as_escapes(
    plain: Result,
) -> None:
    f = _one(plain, "upw-contact-hours", "S010")
    odd = replace(f, file="rotas/a,b:c.yaml", clause="5c, 5d",
                       message="Line one: 100% over,\r\nline two.")  # fmt: skip
    (line, *_) = github(replace(plain, findings=(odd,))).splitlines()
    assert line == ("::error file=rotas/a%2Cb%3Ac.yaml,line=16,title=upw-contact-hours [5c%2C "
                    "5d]::Line one: 100%25 over,\\r\\nline two.")  # fmt: skip


def test_github_escapes_follow_the_actions_toolkit() -> None:
    assert escape_data("50% a:b, c\r\nd") == "50%25 a:b, c%0D%0Ad"
    assert escape_property("50% a:b, c\r\nd") == "50%25 a%3Ab%2C c%0D%0Ad"
    assert escape_property("%3A") == "%253A"  # % first, so an escape is never read twice


def test_github_waived_findings_are_notices_with_the_reason(waived: Result) -> None:
    lines = github(waived).splitlines()
    assert ("::notice file=rota.yaml,line=16,title=upw-contact-hours [5c]::S010 had 9 h of "
            "contact with work groups on 2024-06-07 (U104, U105); the cap is 8 h a day (5c). "
            "(waived: Split site: travel between sites, logged as contact time)") in lines
    assert lines[0] == (
        "::warning file=../../tests/data/ci-waivers.wr,line=14,title=waiver-expired [8b]::The "
        "waiver of mappa-chairing-per-day for S030 (agreed by Head of PDU) expired on "
        "2024-06-01; findings after that date are no longer waived. Renew it or remove it.")
    assert lines[-1] == ("11 findings (2 waived) from 44 rules of policy ci-waivers over 6 "
                         "files; 9 fail the run (--fail-on warning).")  # fmt: skip


def test_github_advisory_findings_are_notices(plain: Result) -> None:
    f = replace(_one(plain, "upw-contact-hours", "S010"), severity="advisory")
    (line, *_) = github(replace(plain, findings=(f,))).splitlines()
    assert line.startswith("::notice file=rota.yaml,line=16,title=upw-contact-hours [5c]::")


# --------------------------------------------------------------------------------------- CLI


def run(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ci_formats_are_registered_reporters() -> None:
    assert {"sarif", "junit", "github"} <= set(REPORTER_BY_NAME)


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github"])
def test_cli_writes_each_ci_format_and_exits_1_with_findings(
    fmt: str, example: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", *example, "--policy", WAIVERS, "--format", fmt,
                          "--today", "2025-01-01", "--no-config"], capsys)  # fmt: skip
    assert (code, err) == (1, "")
    assert out == REPORTER_BY_NAME[fmt](check(example, policy=WAIVERS, today=TODAY))
    if fmt == "sarif":
        assert list(_sarif_validator().iter_errors(json.loads(out))) == []
    elif fmt == "junit":
        assert JUnitXml.fromstring(out).failures == 9
    else:
        assert out.splitlines()[-1].startswith("11 findings (2 waived)")


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github"])
def test_cli_ci_format_exits_0_when_nothing_fails_the_run(
    fmt: str, example: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / f"report.{fmt}"
    code, out, err = run(["check", *example, "--format", fmt, "--fail-on", "never",
                          "--today", "2025-01-01", "--no-config", "-o", str(target)],
                         capsys)  # fmt: skip
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8") == REPORTER_BY_NAME[fmt](
        check(example, today=TODAY, fail_on="never"))
    assert os.path.getsize(target) > 0
