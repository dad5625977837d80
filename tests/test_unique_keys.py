"""A record given twice is refused, whichever files hold the two and however many lists lie
between them: the first is named wherever it is. While each list's keys rise and no two
lists' keys overlap, only each list's first and last key are kept; after that a set, of
hashes for keys of several fields (`dataset._add_unique`). None of that may let a duplicate
through, or refuse a record that is not one."""

from __future__ import annotations

from pathlib import Path

import pytest

from workrules.dataset import load_data
from workrules.errors import InputError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DUPLICATES = FIXTURES / "duplicates"
STAFF = str(FIXTURES / "example" / "staff.yaml")


def _load(*names: str) -> list[tuple[str, str, int]]:
    data = load_data([STAFF, *(str(DUPLICATES / n) for n in names)])
    return [(t.staff, str(t.week), t.line) for t in data.records["timesheet"]]  # type: ignore[attr-defined]


def _refusal(*names: str) -> str:
    with pytest.raises(InputError) as err:
        _load(*names)
    return str(err.value)


def test_lists_naming_the_same_people_in_different_weeks_load() -> None:
    assert _load("june-s001.yaml", "june-s002.yaml", "june-both.yaml") == [
        ("S001", "2024-06-03", 4), ("S001", "2024-06-10", 5), ("S002", "2024-06-03", 4),
        ("S001", "2024-06-17", 4), ("S002", "2024-06-10", 5)]


def test_a_timesheet_given_again_in_a_later_file_names_the_first() -> None:
    """A list out of order (a later week first): its keys checked one by one."""
    again = DUPLICATES / "s001-again.yaml"
    assert _refusal("june-s001.yaml", "june-s002.yaml", "s001-again.yaml") == (
        f"{again}:5: a second timesheet for S001 in the week of 2024-06-10 (the first is at "
        f"{DUPLICATES / 'june-s001.yaml'}:5), hours_worked 30 here and 37 there; give one row "
        "per person per week")


def test_a_timesheet_given_again_after_lists_that_overlap_names_the_first() -> None:
    """Lists in order whose keys overlap (`june-both` spans S001 to S002): every key is
    checked from there on, as a hash; a week given as an ISO week is still the same week."""
    again = DUPLICATES / "s002-again.yaml"
    assert _refusal("june-s001.yaml", "june-s002.yaml", "june-both.yaml", "s002-again.yaml") == (
        f"{again}:4: a second timesheet for S002 in the week of 2024-06-10 (the first is at "
        f"{DUPLICATES / 'june-both.yaml'}:5), hours_worked 30 here and 37 there; give one row "
        "per person per week")


def test_keys_sharing_a_hash_are_told_apart_record_by_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every key given one hash: nothing is refused that is not given twice, and what is
    given twice is still refused, naming the first."""
    expected = _load("june-s001.yaml", "june-s002.yaml", "june-both.yaml")
    monkeypatch.setattr("workrules.dataset.hash", lambda key: 7, raising=False)
    assert _load("june-s001.yaml", "june-s002.yaml", "june-both.yaml") == expected
    assert "a second timesheet for S002 in the week of 2024-06-10" in _refusal(
        "june-both.yaml", "june-s002.yaml", "s002-again.yaml")


def test_a_record_given_twice_in_one_list_in_order_is_refused() -> None:
    """Keys that do not rise strictly: equal neighbours are not in order."""
    assert "a second timesheet for S002 in the week of 2024-06-10" in _refusal(
        "june-both.yaml", "s002-again.yaml")
