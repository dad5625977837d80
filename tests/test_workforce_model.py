"""The workforce facts that clause 3's indicators and the unit-level rules read (issue 12):
new optional staff fields, funded posts, absences, incidents and weekly unallocated counts.
Every one is optional; each is read, refused and placed as the rest of the data model is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import workrules
from workrules import InputError
from workrules.model import Absence, Establishment, Incident, Unallocated

FIXTURE = Path(__file__).parent.parent / "fixtures" / "workforce-model"


def test_the_new_fields_and_lists_are_read_with_their_lines() -> None:
    data = workrules.load_data([str(FIXTURE / "staff.yaml"), str(FIXTURE / "allocation.yaml")])
    s1 = data.staff["S1"]
    assert (s1.unit, s1.region, s1.band, s1.gender, s1.ethnicity, s1.started_on, s1.flexitime) == (
        "North PDU", "North East", "Band 4", "Female", "White British", dt.date(2020, 1, 6), True)
    assert data.staff["S2"].left_on == dt.date(2024, 5, 31)
    staff_file = str(FIXTURE / "staff.yaml")
    assert data.of("establishment") == (
        Establishment(10.5, staff_file, 8, grade="PO"), Establishment(20, staff_file, 9))
    # `Sickness` and `Near miss` are read in any case, as every fixed list is
    assert data.of("absence") == (Absence("S1", dt.date(2024, 5, 6), dt.date(2024, 5, 8),
                                          "sickness", staff_file, 11),)
    assert data.of("incident") == (Incident("I1", dt.date(2024, 5, 7), "near_miss", staff_file,
                                            13, staff="S2"),)
    alloc = str(FIXTURE / "allocation.yaml")
    assert data.of("unallocated") == (
        Unallocated(dt.date(2024, 6, 10), 650, alloc, 5),
        Unallocated(dt.date(2024, 6, 17), 600, alloc, 6),  # 2024-W25 is the week of 17 June
        Unallocated(dt.date(2024, 6, 17), 600, alloc, 7, unit="South"),
    )
    # the allocation file names no region, and the data set names one only: it is in that one
    assert data.regions == {staff_file: "North East", alloc: "North East"}


@pytest.mark.parametrize(("edit", "message"), [
    (("posts: 20}", "posts: 20, grade: PO}"),
     "staff.yaml:9: a second establishment entry for unit \"North PDU\" and grade PO (the first "
     "is at {dir}/staff.yaml:8); give one entry for each unit and grade"),
    (("last_day: 2024-05-08", "last_day: 2024-05-01"),
     "staff.yaml:11: absences[0]: the absence ends (2024-05-01) before it starts (2024-05-06)"),
    (("reason: Sickness", "reason: sicknes"),
     "staff.yaml:11: absences[0].reason: 'sicknes' is not one of sickness, annual_leave, "
     "special_leave, parental_leave, training, other (did you mean 'sickness'?)"),
    (("staff: S2}", "staff: S3}"),
     "staff.yaml:13: I1: staff 'S3' is not the id of anyone in the staff lists given; pass the "
     "file that lists them too"),
    (("started_on: 2020-01-06", "startd_on: 2020-01-06"),
     "staff.yaml:5: unknown field 'startd_on' in staff[0] (S1) (did you mean 'started_on'?)"),
    (("started_on: 2020-01-06", "started_on: 2020-02-30"),
     "staff.yaml:5: staff[0] (S1): started_on '2020-02-30' is not a real date"),
])
def test_workforce_records_are_refused_as_every_record_is(
        tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    text = (FIXTURE / "staff.yaml").read_text()
    assert edit[0] in text
    (tmp_path / "staff.yaml").write_text(text.replace(*edit))
    with pytest.raises(InputError) as err:
        workrules.load_data([str(tmp_path / "staff.yaml")])
    assert str(err.value).startswith(f"{tmp_path}/" + message.format(dir=tmp_path))


def test_a_second_unallocated_count_for_a_unit_and_week_is_refused(tmp_path: Path) -> None:
    text = (FIXTURE / "allocation.yaml").read_text() + "  - {week: 2024-06-17, cases: 1}\n"
    (tmp_path / "allocation.yaml").write_text(text)
    with pytest.raises(InputError) as err:
        workrules.load_data([str(tmp_path / "allocation.yaml")])
    assert str(err.value) == (
        f"{tmp_path}/allocation.yaml:8: a second count of unallocated cases for unit \"North "
        f"PDU\" in the week of 2024-06-17 (the first is at {tmp_path}/allocation.yaml:6); give one "
        "count for each unit and week")
