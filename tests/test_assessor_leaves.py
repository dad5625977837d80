"""8d and 8e: a learner counts against an assessor only while both are there. A Practice
Tutor Assessor (or PSO assessor) who leaves stops holding the learners the export still
names them for (`most at once until qualified_on or pta.left_on`: the first of the dates
given ends a record's span). fixtures/assessor-leaves/README.md says what each person shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import check_text, run_workrules
from hypothesis import given
from hypothesis import strategies as st

from workrules.engine.common import peak_of

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "assessor-leaves"
ENGINES = ["python", "columnar"]
RUN = ("--today", "2025-06-01", "--set", "pta_learners_max=4", "--set", "pso_assessees_max=3",
       "--select", "8d", "--select", "8e", "staff.yaml")


@pytest.mark.parametrize("engine", ENGINES)
def test_an_assessor_who_leaves_is_over_the_cap_only_up_to_their_leaving(engine: str) -> None:
    # P1 left on 1 March 2025 and A1 on 1 April, their learners still naming them: each
    # spell ends the day before; P2's ends the day before M5 qualified
    expected = (HERE / "expected" / "check.txt").read_text(encoding="utf-8")
    assert check_text(*RUN, cwd=HERE, engine=engine) == (1, expected, "")
    periods = [line.strip() for line in expected.splitlines() if "; measured" in line]
    assert periods == [
        "subject P1; 2024-10-01 to 2025-02-28; measured 5, limit at most 4",
        "subject P2; 2024-09-02 to 2025-02-02; measured 5, limit at most 4",
        "subject A1; 2024-11-04 to 2025-03-31; measured 4, limit at most 3"]


def _policy(tmp_path: Path, until: str) -> str:
    path = tmp_path / "p.wr"
    path.write_text('rule r\n    clause "8d"\n    for each staff\n    per pta\n'
                    f"    measure most at once until {until} at most 3\n", encoding="utf-8")
    return str(path)


def test_an_until_named_twice_is_refused_at_its_place(tmp_path: Path) -> None:
    code, out, err = check_text("--policy", _policy(tmp_path, "qualified_on or qualified_on"),
                                str(HERE / "staff.yaml"), cwd=tmp_path)  # fmt: skip
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == (
        f"workrules: {tmp_path / 'p.wr'}:5:48: 'until' names qualified_on twice")


def test_an_until_that_is_not_a_date_of_the_person_named_is_refused(tmp_path: Path) -> None:
    code, _, err = check_text("--policy", _policy(tmp_path, "qualified_on or pta.grade"),
                              str(HERE / "staff.yaml"), cwd=tmp_path)  # fmt: skip
    assert code == 2
    assert err.splitlines()[0].endswith(
        ":5:48: 'until' takes a date of the staff member pta names (qualified_on, "
        "started_on, left_on); not 'grade'")


def test_fmt_keeps_every_until_in_order(tmp_path: Path) -> None:
    path = _policy(tmp_path, "qualified_on  or   pta.left_on")
    assert run_workrules("fmt", path, cwd=tmp_path).returncode == 0
    assert "measure most at once until qualified_on or pta.left_on at most 3" in Path(
        path).read_text(encoding="utf-8")


def _r(started: Any, left: Any, qualified: Any, other: Any) -> SimpleNamespace:
    return SimpleNamespace(started_on=started, left_on=left, qualified_on=qualified, other=other)


_day = st.none() | st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 3, 1))


@given(st.lists(st.tuples(_day, _day, _day, _day), max_size=8))
def test_two_untils_hold_a_record_up_to_the_first_of_them(days: list[tuple[Any, ...]]) -> None:
    # the same peak as one `until` at the earlier of the two dates, record by record
    records = [_r(*d) for d in days]
    one = [_r(s, left, min([d for d in (q, o) if d is not None], default=None), None)
           for s, left, q, o in days]  # fmt: skip
    day, held, undated = peak_of(records, ("started_on", "left_on", "qualified_on", "other"))
    day_one, held_one, undated_one = peak_of(one, ("started_on", "left_on", "qualified_on"))
    at = {id(r): i for i, r in enumerate(records)} | {id(r): i for i, r in enumerate(one)}
    assert (day, [at[id(r)] for r in held], undated) == (
        day_one, [at[id(r)] for r in held_one], undated_one)
