"""Older organisations and another's role as the subject (JDs, round 66, P1 and P6): what the
National Probation Service, a CRC, a Probation Trust, NOMS or a YOT did, with or without the
short name in brackets, and a prison officer acting as the key worker, are no duty of the
post's; the post's own duty beside them is still found (`fixtures/jd-custody-org/`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import claim_matcher
from hypothesis import given
from hypothesis import strategies as st

from workrules.api import check

CUSTODY = Path(__file__).resolve().parents[1] / "fixtures" / "jd-custody-org"
ENGINES = ("python", "columnar")
TODAY = dt.date(2025, 3, 10)


def _found(name: str, engine: str) -> list[tuple[str, int, str]]:
    result = check([str(CUSTODY / name)], today=TODAY, engine=engine)
    return [(f.rule, f.line, f.subject) for f in result.findings]


# the post's own duty, found once, at its line: (file, rule, line), by what each shows
FOUND = [
    pytest.param("b07-nps-pso-mappa2.md", "jd-cases-role-boundary", 10,
                 id="P1-the-nps-opening-then-the-posts-mappa-level-2-caseload"),
    pytest.param("b03-crc-pso-tier4.md", "jd-cases-role-boundary", 9,
                 id="P1-the-crc-opening-then-the-posts-tier-4-cases"),
    pytest.param("b13-yot-pso.md", "jd-cases-role-boundary", 7,
                 id="P1-seconded-to-the-yot-supervises-very-high-rosh"),
    pytest.param("b14-crc-pso-dv.md", "jd-cases-role-boundary", 7,
                 id="P1-a-crc-case-manager-holds-domestic-abuse-cases"),
    pytest.param("b19-trust-pso-tiers.md", "jd-cases-role-boundary", 7,
                 id="P1-a-trust-pso-across-tiers-1-to-4"),
    pytest.param("own-pso-in-the-nps.md", "jd-cases-role-boundary", 6,
                 id="P1-as-a-pso-in-the-nps-you-will-manage"),
    pytest.param("own-nps-then-you-will.md", "jd-cases-role-boundary", 6,
                 id="P1-the-nps-manages-and-you-will-manage"),
    pytest.param("own-within-the-nps-comma.md", "jd-cases-role-boundary", 6,
                 id="P1-within-the-nps-comma-manages"),
    pytest.param("own-trust-psos-manage.md", "jd-cases-role-boundary", 6,
                 id="P1-probation-trust-psos-manage"),
    pytest.param("own-pso-pom-acts-as-pom.md", "jd-cases-role-boundary", 6,
                 id="P6-as-a-pso-pom-you-will-act-as-the-pom"),
    pytest.param("own-alongside-prison-officers.md", "jd-cases-role-boundary", 6,
                 id="P6-alongside-prison-officers-act-as-the-key-worker"),
    pytest.param("own-officers-key-workers-then-pom.md", "jd-cases-role-boundary", 6,
                 id="P6-officers-act-as-key-workers-and-the-pso-acts-as-the-pom"),
]

# what is not the post's duty, by what each shows
NOT_THE_POSTS = [
    pytest.param("p1a-nps-bracketed.md", id="P1-the-national-probation-service-nps-manages"),
    pytest.param("p1b-nps-supervises.md", id="P1-the-nps-supervises"),
    pytest.param("p1c-probation-trust.md", id="P1-the-probation-trust-manages"),
    pytest.param("own-crc-then-post-holder.md", id="P1-a-named-crc-and-the-crc-bracketed"),
    pytest.param("own-yot-noms-trust.md", id="P1-the-yot-noms-bracketed-trusts-the-trusts-role"),
    pytest.param("n02-keyworker-prison-officer.md", id="P6-prison-officers-act-as-the-key-worker"),
    pytest.param("p6a-prison-officers-key-worker.md", id="P6-prison-officers-act-as"),
    pytest.param("p6b-keyworker-is-a-prison-officer.md",
                 id="P6-the-keyworker-is-a-prison-officer-and-acts-as"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "rule", "line"), FOUND)
def test_the_posts_own_duty_beside_an_older_organisation_or_another_role_is_found(
        name: str, rule: str, line: int, engine: str) -> None:  # fmt: skip
    assert _found(name, engine) == [(rule, line, str(CUSTODY / name))]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", NOT_THE_POSTS)
def test_what_an_older_organisation_or_a_prison_officer_does_gives_no_finding(
        name: str, engine: str) -> None:  # fmt: skip
    assert _found(name, engine) == []


_ORGANISATIONS = st.sampled_from([
    "The National Probation Service (NPS)", "The NPS", "The Probation Trust",
    "Anyshire Probation Trust", "The Community Rehabilitation Company (CRC)", "The local CRC",
    "The National Offender Management Service (NOMS)", "The YOT", "The Youth Offending Service"])
_ORG_VERBS = st.sampled_from(["manages", "supervises", "works with", "is responsible for"])
_OTHERS = st.sampled_from(["Prison officers act", "The keyworker acts",
                           "Wing officers will act", "Custody officers serve"])
_JOINS = st.sampled_from([", and you will", " and the post holder will", "; you will",
                          ". You will"])
_DUTIES = st.sampled_from([
    "manage a caseload including people assessed as high RoSH",
    "hold cases involving domestic abuse",
    "supervise people subject to MAPPA at level 2"])
_CASES = st.sampled_from(["people assessed as high RoSH", "men convicted of sexual offences",
                          "cases managed at MAPPA level 2"])


@given(_ORGANISATIONS, _ORG_VERBS, _CASES)
def test_what_an_older_organisation_does_is_never_the_posts(org: str, verb: str,
                                                            cases: str) -> None:
    assert not claim_matcher("cases_outside_role_boundary").gives(f"{org} {verb} {cases}.")


@given(_OTHERS, _CASES)
def test_a_prison_officers_key_worker_role_is_never_the_posts(others: str, cases: str) -> None:
    text = f"{others} as the key worker for {cases}."
    assert not claim_matcher("cases_outside_role_boundary").gives(text)


@given(_ORGANISATIONS, _ORG_VERBS, _JOINS, _DUTIES)
def test_the_posts_duty_after_what_an_older_organisation_does_is_always_read(
        org: str, verb: str, join: str, duty: str) -> None:  # fmt: skip
    text = f"{org} {verb} people on probation{join} {duty}."
    assert claim_matcher("cases_outside_role_boundary").gives(text)
