"""Clause 7 read from job-description prose (`jd-psr-role-boundary`, `jd-cases-role-boundary`),
and clause 9's decisions on deputising, volunteers and day-to-day supervision of staff."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from workrules.api import check
from workrules.cli import main
from workrules.errors import PolicyError
from workrules.policy import load_policy
from workrules.textpattern import TextMatcher, compile_pattern

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fixtures" / "jd-corpus"
LABELS: dict[str, dict[str, object]] = yaml.safe_load((CORPUS / "labels.yaml").read_text())
BOUNDARY = sorted(k for k, v in LABELS.items() if "boundary" in v)
RULES = {"jd-psr-role-boundary", "jd-cases-role-boundary"}


def _pattern(name: str) -> TextMatcher:
    policy = load_policy()
    return compile_pattern(policy.patterns[name], policy.words,
                           lambda message, pos: PolicyError(message),
                           policy.patterns)  # fmt: skip


def _text(name: str) -> str:
    return (CORPUS / name).read_text().split("---\n", 2)[2]


def test_corpus_labels_both_kinds_of_role_boundary_job_description() -> None:
    labels = [bool(LABELS[k]["boundary"]) for k in BOUNDARY]
    assert min(labels.count(True), labels.count(False)) >= 12


@pytest.mark.parametrize("name", BOUNDARY)
def test_role_boundary_rules_flag_exactly_the_job_descriptions_labelled_so(name: str) -> None:
    result = check([str(CORPUS / name)])
    flagged = any(f.rule in RULES for f in result.findings)
    assert flagged == LABELS[name]["boundary"]


def test_role_boundary_finding_names_clause_line_sentence_and_grade(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(CORPUS)
    assert main(["check", "c7-pso-under-po-supervision.md", "--format", "text"]) == 1
    first = capsys.readouterr().out.splitlines()[:5]
    sentence = ('"Under the supervision of a Probation Officer, write pre-sentence reports on '
                'individuals managed under Integrated Offender Management."')
    found = ('text gives reports_outside_role_boundary (phrase "{psr_nouns} ... {boundary_cases}" '
             'found "pre sentence reports on individuals managed under integrated offender '
             'management", line 6): ' + sentence)
    assert first == [
        "c7-pso-under-po-supervision.md:6: jd-psr-role-boundary [7b] "
        "c7-pso-under-po-supervision.md (Probation Services Officer) gives a PSO pre-sentence "
        "reports on people outside the role boundary of the grade (7b).",
        "    error: fails the run",
        "    subject c7-pso-under-po-supervision.md; -; measured " + found + ", limit not allowed",
        "    because the grade is PSO; " + found,
        "    evidence c7-pso-under-po-supervision.md (c7-pso-under-po-supervision.md:2)",
    ]


def test_a_probation_officer_may_hold_the_cases_a_pso_may_not() -> None:
    """The text would breach a PSO's boundary; the rules read only PSO and PQiP posts."""
    cases = _pattern("cases_outside_role_boundary")
    assert cases.gives(_text("c7-po-high-risk-caseload.md"))
    assert not check([str(CORPUS / "c7-po-high-risk-caseload.md")]).findings


@pytest.mark.parametrize(("sentence", "gives"), [
    ("Manage a caseload that includes people assessed as high risk of serious harm.", True),
    ("Hold a caseload of MAPPA level 2 and 3 cases.", True),
    ("Case manage registered sex offenders in the community.", True),
    ("You will not manage cases assessed as high risk of serious harm.", False),
    ("Manage a caseload of medium risk cases, excluding DA perpetrators.", False),
    ("Refer high risk cases to the SPO for reallocation.", False),
    ("Support the PO in managing high risk cases.", False),
    ("Supervise Unpaid Work groups that may include sex offenders.", False),
    ("Manage risk and safeguarding concerns on your caseload.", False),
    ("Manage the MAPPA level 2 and 3 meeting diary.", False),
    ("Attend training on managing high risk of harm cases.", False),
])  # fmt: skip
def test_what_counts_as_cases_outside_the_role_boundary(sentence: str, gives: bool) -> None:
    assert _pattern("cases_outside_role_boundary").gives(sentence) is gives


@pytest.mark.parametrize(("name", "gives"), [
    # 9: a JD that refers to a responsibility for line management must state the span; a
    # deputy who takes on line management when required has that responsibility
    ("c9-deputise-spo-lm.md", True),
    # volunteers are not staff
    ("c9-team-of-volunteers.md", False),
    # day-to-day supervision of staff is line management
    ("c9-day-to-day-supervision-psos.md", True),
])  # fmt: skip
def test_clause_9_reading_of_deputising_volunteers_and_day_to_day_supervision(
        name: str, gives: bool) -> None:  # fmt: skip
    assert _pattern("line_management").gives(_text(name)) is gives
    assert bool(LABELS[name]["gives"]) is gives
