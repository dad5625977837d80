"""A fact a finding rests on is said once, however often the rule's condition reads it: a
`forbid` that tests a field twice (`is set and != "low"`), or a `where` and a check that read
the same field, give one "because" each, under both engines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workrules import load_data, load_policy

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "columnar-exact"
FILES = [str(HERE / "staff.yaml"), str(HERE / "allocation.yaml")]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_field_the_condition_tests_twice_is_one_fact(engine: str) -> None:
    result = load_policy(str(HERE / "forbid.wr")).check(
        load_data(FILES), today=dt.date(2025, 1, 1), engine=engine)
    r5 = next(f for f in result.findings if f.subject == "R5")
    assert r5.measured == "the person's likelihood of reoffending is medium"
    assert r5.facts == ("the author's grade is PQiP", "the author's qualification date is not given",
                        "the person's likelihood of reoffending is medium")


def test_a_field_read_by_where_and_by_the_check_is_one_fact(tmp_path: Path) -> None:
    policy = tmp_path / "twice.wr"
    policy.write_text((HERE / "forbid.wr").read_text().replace(
        'where author.grade = "PSO"', 'where subject.rosh in {high, very_high} or author.grade = "PSO"'))
    result = load_policy(str(policy)).check(load_data(FILES), today=dt.date(2025, 1, 1))
    r1 = next(f for f in result.findings if f.subject == "R1")
    assert r1.facts == ("the person's RoSH level is high", "the author's grade is PSO")
