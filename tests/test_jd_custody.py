"""Custody, specialist settings and older words (JDs, round 66; `fixtures/jd-custody/`): help
given to someone else ends where the post's own second duty begins ("Support the SPO with
audits and hold a caseload ...", P2, P3), MAPPA levels and old tiers written with a slash
("Level 2/3 MAPPA", "Tier 3/4", P4, P5), and help to a manager named by two or three words
("the deputy manager", P7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.api import check
from workrules.textpattern import _verb_form

CUSTODY = Path(__file__).resolve().parents[1] / "fixtures" / "jd-custody"
ENGINES = ("python", "columnar")
TODAY = dt.date(2024, 7, 1)
SPO_CAP = ("span_of_control_max[SPO]=10",)


def _found(path: Path, engine: str) -> list[tuple[str, int, str]]:
    result = check([str(path)], set_values=SPO_CAP, today=TODAY, engine=engine)
    return [(f.rule, f.line, f.subject) for f in result.findings]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "rule", "line"), [
    ("help-to-spo-then-own-cases.md", "jd-cases-role-boundary", 6),
    ("help-to-po-then-own-cases.md", "jd-cases-role-boundary", 6),
    ("help-in-a-list-of-gerunds.md", "jd-cases-role-boundary", 6),
    ("help-then-own-line-management.md", "jd-span-stated", 6),
    ("treatment-manager-line-manages-after-supervision.md", "jd-span-stated", 7),
    ("level-slash-mappa-cases.md", "jd-cases-role-boundary", 6),
    ("level-slash-mappa-reports.md", "jd-psr-role-boundary", 6),
    ("crc-tier-slash-cases.md", "jd-cases-role-boundary", 6),
])
def test_a_duty_after_help_or_written_with_a_slash_is_found(name: str, rule: str, line: int,
                                                             engine: str) -> None:
    path = CUSTODY / name
    assert _found(path, engine) == [(rule, line, str(path))]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", [
    "supports-deputy-manager-in-supervision.md",
    "supports-deputy-ap-manager-in-supervision.md",
    "help-with-the-po-own-work.md",
    "pso-pom-supports-po.md",
    "pso-excluding-mappa.md",
    "pso-slash-levels-excluded.md",
    "crc-tier-1-and-2.md",
    "treatment-manager-no-line-management.md",
])
def test_help_and_what_is_kept_for_others_give_nothing(name: str, engine: str) -> None:
    assert _found(CUSTODY / name, engine) == []


def test_the_finding_names_the_second_duty_not_the_help() -> None:
    path = CUSTODY / "help-to-spo-then-own-cases.md"
    (finding,) = check([str(path)], set_values=SPO_CAP, today=TODAY).findings
    assert finding.clause == "7a"
    assert finding.facts == ("the grade is PSO", 'text gives cases_outside_role_boundary (phrase '
                             '"{case_duties} ... {boundary_cases}" found "hold a caseload '
                             'including high rosh", line 6): "Support the SPO with audits and '
                             'hold a caseload including high RoSH cases."')


_FILLER = st.lists(st.sampled_from(["audits", "quality", "assurance", "the", "rota", "checks",
                                    "reports", "office", "cover"]), min_size=1, max_size=4)


@settings(max_examples=25, deadline=None)
@given(_FILLER, st.sampled_from(["Support the SPO", "Assist the PO", "Help the SPO"]))
def test_help_with_anything_ends_before_the_posts_own_cases(
        tmp_path_factory: pytest.TempPathFactory, filler: list[str], helping: str) -> None:
    path = tmp_path_factory.mktemp("help") / "jd.md"
    path.write_text("---\nkind: job-description\ntitle: Probation Services Officer\n"
                    f"grade: PSO\n---\n{helping} with {' '.join(filler)} and hold a caseload "
                    "including high RoSH cases.\n")
    assert [(f.rule, f.line) for f in check([str(path)], today=TODAY).findings] == [
        ("jd-cases-role-boundary", 6)]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=12))
def test_a_verbs_form_is_read_from_its_first_inflected_word(stem: str) -> None:
    assert _verb_form([stem + "ing"]) == "ing"
    assert _verb_form(["line", stem.rstrip("s") + "xs"]) == "s"
    assert _verb_form([stem + "ss", "take", "on"]) == ""
