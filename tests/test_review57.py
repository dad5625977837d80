"""Session 47: what the helpers found, on the files in fixtures/review57/.

- job descriptions written before the 2021 unification (round 60): the old words for cases
  kept for Probation Officers ("Tier 4", "MAPPP", "Schedule 1 offenders", "Critical Public
  Protection Cases") were not read; "Line management transferred to the SPO" and "... was
  removed from this post" were read as giving line management; "Manage ViSOR records for
  RSOs" was read as holding RSO cases; an NQO post's job description went unjudged in silence.
- a court team (scenarios round 49): a report writer without the `psr_author` role was left
  out of the interim PSR cap with no word.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import jd_found, partial_notices

from workrules import check

HERE = Path(__file__).parent.parent / "fixtures" / "review57"


LEGACY = [  # round 60: posts written before unification
    ("tier4-pso.md", [("jd-cases-role-boundary", 6)]),  # "Tier 3 and Tier 4 offenders"
    ("mappp-pso.md", [("jd-cases-role-boundary", 6)]),  # "subject to Level 2/3 MAPPP"
    ("schedule1-pso.md", [("jd-cases-role-boundary", 6)]),  # "Schedule 1 offenders"
    ("cppc-pso.md", [("jd-cases-role-boundary", 6)]),  # "Critical Public Protection Cases"
    ("tier12-pso-guard.md", []),  # the old tiers 1 and 2 are a PSO's
    ("tier4-visa.md", []),  # a case rising to Tier 4 referred for a PO: handed on
    ("lm-transferred.md", []),  # "Line management transferred to the SPO in 2021."
    ("lm-removed.md", []),  # "Line management responsibility was removed from this post"
    ("lm-transferred-to-post.md", [("jd-span-stated", 6)]),  # moved to this post: a duty
    ("visor-records-pso.md", [("jd-cases-role-boundary", 6)]),  # RSOs' records: still read
    ("delius-records-and-cases.md", [("jd-cases-role-boundary", 6)]),  # records, and cases
]
REVIEWED = [  # the review of session 47: a records word between a duty and the cases, kept
    ("a2-case-mgmt-and-admin.md", [("jd-cases-role-boundary", 6)]),  # "and administration of"
    ("a3-caseload-keeping-records.md", [("jd-cases-role-boundary", 6)]),  # "keeping records"
    ("h1-hostile-keep-records.md", [("jd-cases-role-boundary", 6)]),  # "keep the records of"
    ("r1-oral-reports-admin.md", [("jd-psr-role-boundary", 6)]),  # "court administration"
    ("c7-critical-few-priorities.md", []),  # "the critical few priorities": no CPPC
    ("d1-tiers-1-to-4.md", [("jd-cases-role-boundary", 6)]),  # "Tiers 1 to 4"
]


@pytest.mark.parametrize(("name", "expected"), LEGACY, ids=[n for n, _ in LEGACY])
def test_a_legacy_job_description_is_read_as_the_claim_reads_it_today(
        name: str, expected: list[tuple[str, int]]) -> None:  # fmt: skip
    assert jd_found(HERE / "jd", name) == [(name, *found) for found in expected]


@pytest.mark.parametrize(("name", "expected"), REVIEWED, ids=[n for n, _ in REVIEWED])
def test_the_review_s_job_descriptions_are_read_as_the_claim_reads_them(
        name: str, expected: list[tuple[str, int]]) -> None:  # fmt: skip
    assert jd_found(HERE / "review", name) == [(name, *found) for found in expected]


def test_a_policy_naming_one_big_list_in_many_patterns_is_refused_at_the_bound(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # 400 patterns each naming a list of 480,000 words: each pattern's matcher is built over
    # the whole list, so each is charged for it (charged once, the policy ran for 40 s and
    # took 850 MB: the review of session 47)
    from workrules.cli import main

    monkeypatch.chdir(HERE / "review")
    monkeypatch.setenv("WORKRULES_NO_CACHE", "1")
    assert main(["check", "--no-config", "--policy", "bomb400.wr", "bomb-jd.md"]) == 2
    assert capsys.readouterr().err.startswith(
        "workrules: bomb400.wr:4:11: \"{a} {a}\" brings the phrases the policy's word lists "
        "expand to over 500,000 words")


def test_an_nqo_post_given_cases_7a_keeps_from_a_pso_is_named_as_not_judged() -> None:
    path = HERE / "jd" / "nqo-very-high.md"
    result = check([path])
    assert result.findings == ()
    assert dict(partial_notices(result))["jd-cases-role-boundary"] == (
        "applied in part: clause 7a names the role boundary of the NQO (Newly qualified "
        "Probation Officer) too, and this rule judges PQiP and PSO only, so 1 job description "
        "for an NQO post that it would fault for a PQiP or a PSO was not judged: "
        f"{path}:2; the guidance that sets an NQO's boundary is not in the files: check it "
        "against that guidance")


def test_report_writers_without_the_psr_author_role_are_named_by_the_interim_cap() -> None:
    folder = HERE / "psr-roles"
    result = check([folder / "staff.yaml", folder / "allocation.yaml"], config=False,
                   set_values=["psr_reports_per_month_max=2"], today=date(2024, 8, 1))
    alloc = folder / "allocation.yaml"
    # CT01 holds the role: judged, a finding; CT02 and CT03 wrote reports without it
    assert [(f.rule, f.subject) for f in result.findings] == [("psr-reports-per-month", "CT01")]
    assert dict(partial_notices(result))["psr-reports-per-month"] == (
        "applied in part: 4 pre-sentence reports name as author 2 staff members whom this rule "
        "does not judge (psr_author in author.roles does not hold for them), so they were not "
        f"judged: CT02 (PO): 3 pre-sentence reports, and judged they would give 1 finding: 3 "
        f"(July 2024; {alloc}:4), against a limit of 2; CT03 (PO): 1 pre-sentence report "
        f"({alloc}:7); if they do this work, record the grade or role this rule reads, and it "
        "will judge them")


def test_diff_of_a_source_tree_s_policies_beside_an_installed_release_names_no_copy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    # the source tree's policies/claim-2024.wr holds the shipped policy's very bytes: the
    # docs' example, run over an installed release, was headed "the repository's, not the
    # shipped claim-2024"
    from workrules.cli import main
    from workrules.resources import shipped_policy

    (tmp_path / "policies").mkdir()
    for name in ("claim-2024", "employer-current"):
        with open(shipped_policy(name).path, "rb") as handle:
            (tmp_path / "policies" / f"{name}.wr").write_bytes(handle.read())
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "policies/claim-2024.wr", "policies/employer-current.wr"]) == 1
    assert capsys.readouterr().out.splitlines()[:2] == [
        "OLD claim-2024 (policies/claim-2024.wr)",
        "NEW employer-current (policies/employer-current.wr)"]
