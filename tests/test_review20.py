"""Review 20: claim-2024's limits judged at their boundaries on one unit's records
(fixtures/review20/README.md says which). The one-line cases at, under and over each limit
are policy tests (tests/policy/boundaries.wrtest.yaml); here are the records a unit's own
files hold: people who start or leave mid-week, a part-timer, 29 February, and an ISO week
that does not exist. The expected report was read finding by finding against the claim."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review20"
ENGINES = ["python", "columnar"]
FILES = ("--today", "2024-07-01", "staff.yaml", "allocation.yaml", "rota.yaml")


def _expected(name: str) -> str:
    return (HERE / "expected" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ENGINES)
def test_the_units_report_is_exactly_the_claims_breaches(engine: str) -> None:
    # LV2 and NS2: 8 days above 110% in post (1.2k(i)); PO2 (part-time): a week and a day;
    # PO1: 23 to 29 February 2024 is 7 days (none), 4 to 11 March 8; NS3 and PO2: half an
    # hour over contract with nothing given back (4c).
    assert check_text(*FILES, cwd=HERE, engine=engine) == (1, _expected("unit.txt"), "")


@pytest.mark.parametrize("engine", ENGINES)
def test_days_out_of_post_do_not_count_toward_a_week_above_110_percent(engine: str) -> None:
    # 1.2k(i): LV1 left on Wednesday 12 June after 7 days above 110% (5 to 11 June); NS1
    # started on Thursday 6 June under a reading for that week, 7 days to 12 June; NS3's
    # reading for the week before they started holds no day in post. None works above 110%
    # for more than a week. LV2 (left a day later) and NS2 (started a day earlier) do.
    _, out, _ = check_text("--select", "wmt-over-ceiling", *FILES, cwd=HERE, engine=engine)
    subjects = [line.split()[3] for line in out.splitlines() if not line.startswith(" ")]
    assert subjects == ["LV2", "NS2", "PO2", "PO1"]
    assert "    subject LV2; 2024-06-05 to 2024-06-12; measured 8 days, limit at most 7 days" \
        in out.splitlines()
    assert "    subject NS2; 2024-06-05 to 2024-06-12; measured 8 days, limit at most 7 days" \
        in out.splitlines()


def test_a_reading_for_iso_week_53_of_2025_is_refused_naming_file_and_line() -> None:
    assert check_text("staff.yaml", "week53/allocation.yaml", cwd=HERE) == (
        2, "", "workrules: week53/allocation.yaml:6: wmt[1]: week '2025-W53' is not a real ISO "
               "week\n")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_weekly_reading_for_a_week_before_the_start_is_reported(engine: str) -> None:
    # 3: NS3's reading for the week of 3 June ends on 9 June (week + 6 days), the day before
    # they started
    _, out, _ = check_text("--select", "wmt-outside-post", *FILES, cwd=HERE, engine=engine)
    assert out.startswith("allocation.yaml:17: wmt-outside-post [3] NS3 ")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_timesheet_for_a_week_before_the_start_is_reported(engine: str) -> None:
    # 3: timesheet-before-starting, the twin of timesheet-after-leaving
    _, out, _ = check_text("--fail-on", "advisory", *FILES, cwd=HERE, engine=engine)
    assert "rota.yaml:5: timesheet-before-starting [3] NS3 " in out


@pytest.mark.parametrize("engine", ENGINES)
def test_a_case_opened_after_its_holder_qualified_is_a_probation_officers(engine: str) -> None:
    # 7a: QL1 qualified on 3 June; their tutor assessor is still on their record, so the
    # loader reads them as a PQiP learner. C1 (high RoSH) was opened on 17 June: allocated to
    # a Probation Officer, inside the boundary.
    assert check_text("--today", "2024-07-01", "staff.yaml", "allocation.yaml",
                      cwd=HERE / "qualified", engine=engine) == (0, "", "")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_learner_who_qualified_is_not_counted_against_the_tutors_cap(engine: str) -> None:
    # 8d: QL1 qualified on 3 June, so from 10 June PT1 has two learners, at a cap of two
    # (`most at once until qualified_on`)
    code, out, _ = check_text("--today", "2024-07-01", "--set", "pta_learners_max=2",
                              "staff.yaml", "allocation.yaml", cwd=HERE / "qualified",
                              engine=engine)  # fmt: skip
    assert (code, out) == (0, "")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_only_a_mappa_coordinators_chairing_is_capped(engine: str) -> None:
    # 8b caps what a MAPPA coordinator chairs: by grade, or by the role (SP2); SP1, an SPO
    # without it, chairs two initial meetings in a day and is not capped
    assert check_text("--today", "2024-07-01", "staff.yaml", "rota.yaml",
                      cwd=HERE / "mappa", engine=engine) == (1, (
        "rota.yaml:11: mappa-chairing-per-day [8b] SP2 chaired 2 review Level 2 MAPPA "
        "meetings on 2024-06-06 (M5, M6); the cap is 1 of each type a day (8b).\n"
        "    error: fails the run\n"
        "    subject SP2; 2024-06-06; measured 2, limit at most 1\n"
        "    evidence M5 (rota.yaml:11), M6 (rota.yaml:12)\n"), "")
