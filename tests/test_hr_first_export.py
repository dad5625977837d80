"""An HR data officer's first regional export (first hour, round 52): the files as HR and
case-management systems write them, and what each refusal says. fixtures/hr-first-export/
README.md says what each file shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_workrules
from hypothesis import given, settings
from hypothesis import strategies as st

from workrules.api import load_data
from workrules.errors import InputError
from workrules.model import canonical_grade, word_key

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "hr-first-export"
BAND_SAYS = ("is a pay band, not a grade: a band names no role, so no rule that judges by "
             "grade could judge its holder; give the grade (PO, PSO, SPO, ...; HR's job title) "
             "in grade, and the band in band")


def _refusal(*args: str) -> list[str]:
    done = run_workrules("check", "--no-config", *args, cwd=HERE)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    return done.stderr.splitlines()


# P1: HR's `Grade` column of bands mapped to `grade` was read as unknown grades: every rule
# that judges by grade passed its holders over, and the advice was to declare BAND_4.
def test_a_pay_band_given_as_a_staff_grade_is_refused_at_each_line() -> None:
    assert _refusal("band-as-grade/staff.csv") == [
        f"workrules: band-as-grade/staff.csv:{line}: staff[{i}] ({who}): grade: {band!r} "
        f"{BAND_SAYS}" for line, i, who, band in ((4, 2, "E1004", "Band 4"),
                                                  (5, 3, "E1016", "Band 3"))]


def test_a_pay_band_as_a_staff_grade_is_refused_by_indicators_too() -> None:
    done = run_workrules("indicators", "--by", "grade",
                         "band-as-grade/staff.csv", cwd=HERE)  # fmt: skip
    assert done.returncode == 2
    assert f"band-as-grade/staff.csv:4: staff[2] (E1004): grade: 'Band 4' {BAND_SAYS}" \
        in done.stderr


_SEPARATORS = st.sampled_from([" ", "_", "-", "", "  "])


@settings(max_examples=60, deadline=None)
@given(word=st.sampled_from(["Band", "BAND", "band", "PB", "Pay Band", "pay_band"]),
       sep=_SEPARATORS, number=st.integers(1, 9), letter=st.sampled_from(["", "a", "B"]),
       grade=st.sampled_from(["", "PSO ", "PO ", "Probation Services Officer "]))
def test_a_band_alone_is_refused_and_a_band_beside_a_grade_is_not(
        tmp_path_factory: pytest.TempPathFactory, word: str, sep: str, number: int,
        letter: str, grade: str) -> None:  # fmt: skip
    written = f"{grade}{word}{sep}{number}{letter}"
    path = tmp_path_factory.mktemp("band") / "staff.csv"
    path.write_text(f"id,grade\nS1,{written}\n", encoding="utf-8")
    if not grade:
        with pytest.raises(InputError) as err:
            load_data([path])
        assert (err.value.line, err.value.message) == (
            2, f"staff[0] (S1): grade: {written!r} {BAND_SAYS}")
    else:  # (read as before: the grade, or an unknown grade the check reports)
        assert load_data([path]).staff["S1"].grade == (
            canonical_grade(written) or word_key(written))
