"""Practitioner posts in other settings whose prose limits, conditions or negates the duties
the claim caps or forbids (JDs, round 70, `fixtures/jd-settings/`): a caseload's second verb
"and will include" keeps the caseload as its subject, a denial after the staff line
management would manage still denies it, case management kept with the case manager and
co-working with the Probation Officer who keeps the case give no case, and a count's kind of
staff may be two words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import claim_matcher
from hypothesis import given
from hypothesis import strategies as st

from workrules.api import check

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "jd-settings"
ENGINES = ("python", "columnar")
TODAY = dt.date(2025, 6, 1)
CONFIG = HERE / "workrules.toml"  # the region's caps, as the round ran them

# every file of the folder, with the findings it gives: (rule, line)
FOUND: dict[str, list[tuple[str, int]]] = {
    "b01-court-pso-sfr-da.md": [("jd-psr-role-boundary", 11)],
    "b02-court-pso-high-rosh-caseload.md": [("jd-cases-role-boundary", 10)],
    "b03-ap-pso-residents-mappa3.md": [("jd-cases-role-boundary", 10)],
    "b04-vlo-pso-licence-caseload.md": [("jd-cases-role-boundary", 10)],
    "b05-yot-secondee-pso-high-rosh.md": [("jd-cases-role-boundary", 10)],
    "b06-omu-pso-pom-only-where.md": [("jd-cases-role-boundary", 11)],
    "b07-pso-not-normally-da.md": [("jd-cases-role-boundary", 8)],
    "b08-ete-officer-iom.md": [("jd-cases-role-boundary", 11)],
    "b09-facilitator-sexual-offending-caseload.md": [("jd-cases-role-boundary", 11)],
    "b10-court-pso-duty-table-yes.md": [("jd-psr-role-boundary", 11)],
    "b11-ap-manager-span-12.md": [("jd-span-cap", 6)],
    "b12-court-spo-text-12-psos.md": [("jd-span-in-text-only", 7)],
    "b13-ap-manager-lm-false-9-workers.md": [("jd-line-management-contradicted", 9),
                                             ("jd-span-in-text-only", 9)],
    "b14-pso-exceptional-small-caseload.md": [("jd-cases-role-boundary", 8)],
    "b15-pso-jobshare-da-pro-rata.md": [("jd-cases-role-boundary", 10)],  # P1
    "b16-upw-placement-officer-but.md": [("jd-cases-role-boundary", 7)],
    "b17-resettlement-except-tact.md": [("jd-cases-role-boundary", 10)],
    "b18-deputy-ap-text-8-span-6.md": [("jd-span-text-larger", 6)],  # P6
    "b19-facilitator-other-than-da-psr.md": [("jd-psr-role-boundary", 8)],
    "b20-court-pso-unless-safeguarding.md": [("jd-psr-role-boundary", 7)],
    "b21-omu-table-mappa2-yes.md": [("jd-cases-role-boundary", 11)],
    "b22-pqip-in-agreement-high-rosh.md": [("jd-cases-role-boundary", 7)],
    "g1-caseload-and-may-also-include.md": [("jd-cases-role-boundary", 7)],
    "g3-lm-is-part-of.md": [("jd-span-stated", 7)],
    "g4-kept-with-no-one-named.md": [("jd-cases-role-boundary", 7)],
    "g4-mappa-cases-kept-others-held.md": [("jd-cases-role-boundary", 7)],
    "g5-cover-no-keeper.md": [("jd-cases-role-boundary", 7)],
    "g5-where-co-working-no-only.md": [("jd-cases-role-boundary", 7)],
    "g6-bank-relief-workers.md": [("jd-span-text-larger", 6)],
    "g6-waking-night-support-workers.md": [("jd-span-text-larger", 6)],
    "p1-caseload-and-will-include.md": [("jd-cases-role-boundary", 6)],
    "p1-hold-caseload-and-will-include.md": [("jd-cases-role-boundary", 6)],
    "p3-guard-lm-given.md": [("jd-span-stated", 6)],
    "p6-night-waking-staff.md": [("jd-span-text-larger", 6)],
    **{name: [] for name in (
        "g1-and-will-include-training.md", "g1-caseload-and-will-not-include.md",
        "g3-lm-does-not-form-part.md", "g3-lm-falls-outside.md", "g3-lm-is-not-included.md",
        "g4-case-management-rests-with.md",
        "g6-night-waking-within-span.md",
        "n01-court-pso-no-caseload.md", "n02-court-pso-da-by-po.md",
        "n03-ap-residential-worker-unknown-grade.md", "n04-ap-manager-span-7.md",
        "n05-vlo-victims-mappa.md", "n06-yot-secondee-high-by-others.md",
        "n07-omu-pso-pom-high-to-po.md", "n08-ete-volunteers-no-lm.md",
        "n09-upw-placement-case-managed-by-po.md", "n10-facilitator-two-groups-no-caseload.md",
        "n11-court-po-lm-6-psos.md", "n12-spo-attends-mappa.md", "n13-pso-deputise-spo.md",
        "n14-pso-caseload-agreed-locally.md", "n16-ap-manager-shared-lm-span-8.md",
        "n17-pso-yes-no-table.md",
        "n19-pso-lm-false-volunteers.md", "n20-court-spo-up-to-8.md",
        "n21-ap-pso-residents-remain-com.md",
        "n23-pso-template-placeholders.md", "n24-pso-generic-elsewhere.md",
        "n26-pso-jobshare-no-high.md", "n27-upw-supervisor-groups.md",
        "p3-lm-of-the-psos-is-not.md",
        )},
}
# Still reported, wrongly (see CHANGELOG, JDs round 70): a PQiP learner told what they will do
# once qualified, with no Probation Officer named (P2: a PSO qualifies too, and the pattern
# cannot tell the post's grade), and a denial after a subject with prepositions (P3's n15).
LEFT: dict[str, list[tuple[str, int]]] = {
    "n25-pqip-once-qualified.md": [("jd-cases-role-boundary", 8)],
    "p2-on-qualification.md": [("jd-cases-role-boundary", 6)],
    "p2-once-you-qualify.md": [("jd-cases-role-boundary", 6)],
    "n15-po-jobshare-pro-rata.md": [("jd-span-stated", 11)],
    # P4 and P5's words ("; case management stays with the COM", "only where co-working",
    # "other than to cover ... who remains the case manager") were taken out again after the
    # review of session 54 (P1, P2): read on their words alone, they cleared a post's own
    # caseload ("You will be the case manager for ... high RoSH; case management remains with
    # the PO where a parole review is due", "only where co-working is not possible"). Missing a
    # breach is worse than a false one a reader can answer: these stay reported.
    "g5-except-to-cover-po-keeps.md": [("jd-cases-role-boundary", 7)],
    "g5-only-when-co-working.md": [("jd-cases-role-boundary", 7)],
    "n18-pso-cover-mappa-po-remains.md": [("jd-cases-role-boundary", 7)],
    "n22-resettlement-works-with-com-keeps.md": [("jd-cases-role-boundary", 7)],
    "n28-pso-only-where-po-low.md": [("jd-cases-role-boundary", 7)],
    "p4-remains-with-com.md": [("jd-cases-role-boundary", 6)],
    "p5-co-working-po-remains.md": [("jd-cases-role-boundary", 6)],
}
# the rules each cannot-judge file names as applied in part
NOTICES: dict[str, set[str]] = {
    "n03-ap-residential-worker-unknown-grade.md": {"jd-cases-role-boundary",
                                                   "jd-psr-role-boundary"},
    "n11-court-po-lm-6-psos.md": {"jd-span-cap"},
    "n23-pso-template-placeholders.md": {"jd-cases-role-boundary", "jd-span-stated"},
    "n24-pso-generic-elsewhere.md": {"jd-cases-role-boundary", "jd-span-stated"},
}


def _check(name: str, engine: str) -> list[tuple[str, int]]:
    result = check([str(HERE / name)], config=CONFIG, today=TODAY, engine=engine)
    return [(f.rule, f.line) for f in result.findings]


def test_every_file_of_the_folder_is_checked() -> None:
    names = {p.name for p in HERE.glob("*.md")} - {"README.md"}
    assert names == {*FOUND, *LEFT}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(FOUND))
def test_posts_in_other_settings_give_exactly_their_findings(name: str, engine: str) -> None:
    assert _check(name, engine) == FOUND[name]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(LEFT))
def test_the_problems_left_are_still_reported_as_before(name: str, engine: str) -> None:
    assert _check(name, engine) == LEFT[name]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(NOTICES))
def test_what_cannot_be_judged_is_said(name: str, engine: str) -> None:
    result = check([str(HERE / name)], config=CONFIG, today=TODAY, engine=engine)
    assert NOTICES[name] <= {n.rule for n in result.not_applied}
    assert result.findings == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_caseload_that_and_will_include_kinds_quotes_its_line(engine: str) -> None:
    result = check([str(HERE / "b15-pso-jobshare-da-pro-rata.md")], config=CONFIG, today=TODAY,
                   engine=engine)  # fmt: skip
    (finding,) = result.findings
    assert (finding.rule, finding.clause, finding.line) == ("jd-cases-role-boundary", "7a", 10)
    assert "and will include domestic abuse" in " ".join(finding.facts)


@pytest.mark.parametrize("engine", ENGINES)
def test_two_word_kinds_of_staff_add_up_to_the_text_s_span(engine: str) -> None:
    result = check([str(HERE / "b18-deputy-ap-text-8-span-6.md")], config=CONFIG, today=TODAY,
                   engine=engine)  # fmt: skip
    (finding,) = result.findings
    assert (finding.rule, finding.line) == ("jd-span-text-larger", 6)
    assert finding.value.startswith("number in text gives span_of_control_stated is 8, the "
                                    "span of control 6")  # fmt: skip
    assert "2 night waking staff" in finding.value


# -- the matcher: a wall the phrase's own words name whole after a gap -------------------------

_CASES = claim_matcher("cases_outside_role_boundary")
_LM = claim_matcher("line_management")
_MODALS = ("will", "may", "can", "would")
_KINDS = ("domestic abuse cases", "people managed under MAPPA level 2",
          "cases assessed as high risk of serious harm", "IOM cases")


@given(st.sampled_from(("Caseload of 30", "Hold a caseload of 25", "Manage a small caseload",
                        "Caseload pro rata to a full time PSO's")),
       st.sampled_from(_MODALS), st.sampled_from(("", "also ")), st.sampled_from(_KINDS),
       st.sampled_from(("", ",")))  # fmt: skip
def test_and_will_include_keeps_the_caseload_as_its_subject(lead: str, modal: str, also: str,
                                                             kinds: str, comma: str) -> None:
    assert _CASES.gives(f"{lead}{comma} and {modal} {also}include {kinds}.")


@given(st.sampled_from(_MODALS), st.sampled_from(_KINDS))
def test_and_will_not_include_still_denies(modal: str, kinds: str) -> None:
    assert not _CASES.gives(f"Hold a caseload of 30 and {modal} not include {kinds}.")


@given(st.sampled_from(("the PSOs", "the court PSOs", "staff", "the team's two PSOs",
                        "the three Probation Services Officers")),
       st.sampled_from(("is not part of this post", "does not form part of this role",
                        "is not included in this post", "forms no part of this role",
                        "falls outside this role", "is not within the remit of this post")))
def test_line_management_denied_after_its_staff_is_no_line_management(staff: str,
                                                                      denial: str) -> None:
    assert not _LM.gives(f"Line management of {staff} {denial}.")


@given(st.sampled_from(("the PSOs", "the court PSOs", "the team's two PSOs")))
def test_line_management_said_to_be_part_of_the_post_is_line_management(staff: str) -> None:
    assert _LM.gives(f"Line management of {staff} is part of this post.")


@given(st.sampled_from(("stays with you", "remains with the post holder")))
def test_case_management_kept_with_the_post_gives_the_case(kept: str) -> None:
    assert _CASES.gives("Work with people assessed as high risk of serious harm on housing; "
                        f"case management {kept}.")
