"""Line management cannot run in a loop (9): an export that names two people as each other's
line manager, or a longer ring, is refused at the line of the loop's first person in the
files, naming the loop. Read as written, each would count among the others' direct reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_workrules
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules import load_data
from workrules.errors import InputError

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "management-loop"


@pytest.mark.parametrize(("name", "line", "loop"), [
    ("staff.yaml", 6, "H01: line_manager 'S01' leads round to H01 again (H01 -> S01 -> H01)"),
    ("staff-three.yaml", 11, "A01: line_manager 'H01' leads round to A01 again "
                             "(A01 -> H01 -> S01 -> A01)"),
])  # fmt: skip
def test_a_loop_of_line_managers_is_refused_at_its_first_persons_line(
        name: str, line: int, loop: str) -> None:  # fmt: skip
    done = run_workrules("check", "--no-config", name, cwd=HERE)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"workrules: {name}:{line}: {loop}: line management cannot run in "
                           f"a loop; one of these line_manager entries is wrong\n")


def _has_loop(managers: dict[str, str | None]) -> bool:
    for start in managers:
        seen = set()
        who: str | None = start
        while who is not None:
            if who in seen:
                return True
            seen.add(who)
            who = managers[who]
    return False


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=2, max_value=7).flatmap(lambda n: st.lists(
    st.one_of(st.none(), st.integers(min_value=0, max_value=n - 1)), min_size=n, max_size=n)))
def test_any_staff_list_is_refused_exactly_when_its_managers_form_a_loop(
        picks: list[int | None]) -> None:  # fmt: skip
    managers = {f"S{i}": (None if p is None or p == i else f"S{p}") for i, p in enumerate(picks)}
    staff = [{"id": who, "grade": "SPO", **({"line_manager": m} if m else {})}
             for who, m in managers.items()]  # fmt: skip
    document = {"kind": "staff", "unit": "North PDU", "staff": staff}
    if _has_loop(managers):
        with pytest.raises(InputError, match="line management cannot run in a loop"):
            load_data([document])
    else:
        assert len(load_data([document]).staff) == len(staff)
