"""Job descriptions written as posts are advertised (JDs, round 65): an agency's "on behalf
of", what the Service does said in an advert's opening, another person's letter in a candidate
pack, and the selection process said in a sentence (`fixtures/jd-adverts/`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import claim_matcher
from hypothesis import given
from hypothesis import strategies as st

from workrules.api import check

ADVERTS = Path(__file__).resolve().parents[1] / "fixtures" / "jd-adverts"
ENGINES = ("python", "columnar")
TODAY = dt.date(2025, 3, 10)


def _found(name: str, engine: str) -> list[tuple[str, int, str]]:
    result = check([str(ADVERTS / name)], today=TODAY, engine=engine)
    return [(f.rule, f.line, f.subject) for f in result.findings]


# the post's own duty, found once, at its line: (file, rule, line), by what each shows
FOUND = [
    pytest.param("c04-agency-on-behalf-hmpps-pso-high.md", "jd-cases-role-boundary", 6,
                 id="P1-recruiting-on-behalf-of-hmpps-for-a-pso-to-manage"),
    pytest.param("p1-w1-recruiting-on-behalf-psr.md", "jd-psr-role-boundary", 6,
                 id="P1-recruiting-on-behalf-of-a-region-for-a-pso-to-prepare-reports"),
    pytest.param("p1-w2-work-on-behalf-oral.md", "jd-psr-role-boundary", 6,
                 id="P1-working-on-behalf-of-the-service-preparing-reports"),
    pytest.param("b16-agency-pso-caseload-high.md", "jd-cases-role-boundary", 12,
                 id="an-agencys-client-then-the-duties"),
    pytest.param("b24-cs-pso-job-summary-in-this-role.md", "jd-cases-role-boundary", 10,
                 id="P2-in-this-role-you-will-manage"),
    pytest.param("own-join-our-team-and-manage.md", "jd-cases-role-boundary", 6,
                 id="P2-you-will-join-our-team-and-manage"),
    pytest.param("own-service-then-you.md", "jd-cases-role-boundary", 6,
                 id="P2-the-service-protects-the-public-and-you-will-manage"),
    pytest.param("p3-control-welcome-then-role-lm.md", "jd-span-stated", 12,
                 id="P3-line-management-under-the-role-after-a-welcome"),
    pytest.param("own-welcome-then-spo-no-span.md", "jd-span-stated", 12,
                 id="P3-an-spos-line-management-after-a-welcome"),
    pytest.param("c12-pqip-pack-welcome-breach.md", "jd-cases-role-boundary", 14,
                 id="P3-a-learners-caseload-after-a-welcome"),
    pytest.param("b23-eoi-pso-successful-candidate-psr.md", "jd-psr-role-boundary", 10,
                 id="P4-the-successful-candidate-will-prepare"),
    pytest.param("own-asked-to-manage.md", "jd-cases-role-boundary", 6,
                 id="P4-you-will-be-asked-to-manage-when-the-po-is-on-leave"),
    # the review of session 51: readings of round 65 that hid the post's own duty
    pytest.param("r51-p1-pso-plan-how-you-would.md", "jd-cases-role-boundary", 8,
                 id="r51-P1-agree-how-you-would-supervise-is-a-duty"),
    pytest.param("r51-p2-pso-interview-psr-high.md", "jd-psr-role-boundary", 8,
                 id="r51-P2-the-interview-with-a-defendant-is-the-posts"),
    pytest.param("r51-p3-spo-h1-welcome-h2-role.md", "jd-span-stated", 12,
                 id="r51-P3-the-role-under-a-welcome-at-h1-is-the-posts"),
    pytest.param("r51-p4-pso-we-protect-public-by.md", "jd-cases-role-boundary", 8,
                 id="r51-P4-we-protect-the-public-by-managing-in-main-duties"),
    pytest.param("r51-p7-pso-our-case-managers.md", "jd-cases-role-boundary", 8,
                 id="r51-P7-our-case-managers-after-you-will-be-one"),
]

# what is not the post's duty, by what each shows
NOT_THE_POSTS = [
    pytest.param("own-on-behalf-of-the-po.md", id="P1-reports-on-behalf-of-the-po"),
    pytest.param("n09-agency-pso-client-pos-high-risk.md", id="P1-the-clients-pos-manage"),
    pytest.param("n01-cs-pso-criteria-high-risk.md", id="P2-the-service-protects-the-public-by"),
    pytest.param("c01-pso-hmpps-responsible-for-supervising.md",
                 id="P2-the-services-role-is-to-supervise"),
    pytest.param("c11-pso-our-practitioners-high-risk.md", id="P2-our-teams-manage"),
    pytest.param("p2-x4-service-works-hard.md", id="P2-the-service-works-hard-to-protect"),
    pytest.param("n12-pso-benefits-join-a-team.md", id="P2-a-team-that-manages"),
    pytest.param("n08-po-pack-head-welcome.md", id="P3-welcome-from-the-head-of-pdu"),
    pytest.param("c02-po-pack-message-from-head.md", id="P3-a-message-from-our-head-of-pdu"),
    pytest.param("c10-pso-foreword-rpd.md", id="P3-foreword-from-the-rpd"),
    pytest.param("c08-pso-advert-at-interview-inline.md", id="P4-at-interview-you-will-be-asked"),
    pytest.param("p4-x2-interview-caseload.md", id="P4-during-the-interview-how-you-would"),
    pytest.param("p4-x3-assessment-psr.md", id="P4-as-part-of-the-assessment"),
    pytest.param("n03-pso-selection-case-study-da.md", id="P4-under-a-selection-heading"),
    pytest.param("own-h1-welcome-h3-my-team.md", id="r51-P3-a-letters-own-sub-heading"),
    pytest.param("own-interview-panel-asked.md", id="r51-P2-during-the-interview-candidates"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "rule", "line"), FOUND)
def test_the_posts_own_duty_in_an_advert_is_found_at_its_line(name: str, rule: str,
                                                              line: int, engine: str) -> None:
    assert _found(name, engine) == [(rule, line, str(ADVERTS / name))]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", NOT_THE_POSTS)
def test_what_an_advert_says_of_others_or_of_the_selection_gives_no_finding(
        name: str, engine: str) -> None:  # fmt: skip
    assert _found(name, engine) == []


_OPENINGS = st.sampled_from([
    "The Probation Service protects the public", "HMPPS works hard to keep the public safe",
    "Our teams manage people on licence", "The Probation Service's role is to supervise people",
    "We are recruiting on behalf of HMPPS", "Our practitioners supervise people on probation"])
_JOINS = st.sampled_from([", and you will", " and the post holder will", "; you will",
                          ". You will"])
_DUTIES = st.sampled_from([
    "manage a caseload including people assessed as high RoSH",
    "hold cases involving domestic abuse",
    "supervise people subject to MAPPA at level 2"])


@given(_OPENINGS, _JOINS, _DUTIES)
def test_the_posts_duty_after_what_the_service_does_is_always_read(opening: str, join: str,
                                                                  duty: str) -> None:
    assert claim_matcher("cases_outside_role_boundary").gives(f"{opening}{join} {duty}.")


_MOMENTS = st.sampled_from(["During the interview", "In the interview", "At the interview",
                            "As part of the assessment"])
_POST_DUTIES = st.sampled_from([
    "you will assess defendants and write pre-sentence reports on cases assessed as high RoSH",
    "you will manage a caseload including people assessed as high RoSH",
    "you will decide how you would supervise people subject to MAPPA at level 2"])


@given(_MOMENTS, _POST_DUTIES)
def test_an_interview_is_the_selections_only_with_a_candidate_asked(moment: str,
                                                                    duty: str) -> None:
    """The review of session 51, P1, P2: "the interview" alone is the post's own with a
    defendant; the selection's only where a candidate is asked."""
    matcher = claim_matcher("cases_outside_role_boundary") if "manage" in duty or \
        "supervise" in duty else claim_matcher("reports_outside_role_boundary")
    assert matcher.gives(f"{moment} {duty}.")
    asked = duty.replace("you will", "you will be asked how you would", 1)
    assert not matcher.gives(f"{moment} {asked}.")
