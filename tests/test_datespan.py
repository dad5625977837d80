"""Two forms of the policy language (fixtures/datespan/README.md): a date moved by a whole
number of days (`week + 6 days`, `opened - 1 week`, `6 days + week`), and `most at once
until FIELD`, which ends each record's span at a date of its own as well. Exact findings
under both engines, the refusals word for word, and date arithmetic against Python's."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import check_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workrules import PolicyError, load_data, load_policy
from workrules.limits import EARLIEST_DATE, LATEST_DATE, MAX_SHIFT_DAYS

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "datespan"
ENGINES = ["python", "columnar"]
FILES = ("--today", "2024-07-01", "--policy", "policy.wr", "staff.yaml", "rota.yaml",
         "allocation.yaml")  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_dates_moved_by_days_and_spans_until_a_date_find_exactly_these(engine: str) -> None:
    # NS1 started on Sunday 9 June, the last day of the week of 3 June: in post that week.
    # NS2 started on Monday 10 June: their week of 3 June ended the day before. C1 was opened
    # on NS2's seventh day, C2 on their eighth. PT1's learner L1 qualified on the day L3
    # started (one at a time); PT2's L4 qualified the day after L5 started (two at once).
    expected = (HERE / "expected" / "report.txt").read_text(encoding="utf-8")
    assert check_text(*FILES, cwd=HERE, engine=engine) == (1, expected, "")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_learner_stops_counting_on_the_day_they_qualify(engine: str) -> None:
    _, out, _ = check_text("--select", "pta-learners", *FILES, cwd=HERE, engine=engine)
    found = [line.split()[3].rstrip(":") for line in out.splitlines()
             if re.match(r"\S+:\d+: ", line)]  # fmt: skip
    assert found == ["PT2"]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_unset_parameter_moved_or_added_to_in_a_sentence_reads_not_given(engine: str) -> None:
    # it made the sentence raise (None + a day; None + 1 h, before this was found)
    args = ("--today", "2024-07-01", "--policy", "sentence.wr", "staff.yaml", "rota.yaml")
    _, out, err = check_text(*args, cwd=HERE, engine=engine)
    assert err == ""
    assert [line for line in out.splitlines() if not line.startswith(" ")] == [
        "rota.yaml:7: long-week [local 4] NS2 worked 41 h in the week of 2024-06-10; review "
        "from not given, allowance not given.",
        "rota.yaml:9: long-week [local 4] PT1 worked 42 h in the week of 2024-12-30; review "
        "from not given, allowance not given."]
    _, out, _ = check_text("--set", "review_from=2024-06-03", "--set", "allowance=2 h", *args,
                           cwd=HERE, engine=engine)  # fmt: skip
    assert out.splitlines()[0].endswith("review from 2024-06-10, allowance 3 h.")


REFUSED = {
    "date-plus-date": "invalid/date-plus-date.wr:4:18: cannot add a date to a date; a date "
                      "moves by days (week + 6 days)",
    "date-minus-date": "invalid/date-minus-date.wr:4:18: cannot subtract a date from a date; a "
                       "date moves by days (week - 6 days)",
    "date-plus-number": "invalid/date-plus-number.wr:4:20: a date moves by days; 6 is a plain "
                        "number (write 6 days)",
    "date-plus-hours": "invalid/date-plus-hours.wr:4:20: a date moves by days; 8 h is in hours, "
                       "not days (6 days, 1 week)",
    "date-plus-parameter": "invalid/date-plus-parameter.wr:6:20: a date moves by a number of "
                           "days written out (6 days, 1 week); wmt_grace is not one",
    "date-plus-part-day": "invalid/date-plus-part-day.wr:4:20: a date moves by whole days; "
                          "1.5 days is not a whole number of days",
    "days-minus-date": "invalid/days-minus-date.wr:4:20: cannot subtract a date from days; "
                       "subtract days from a date (week - 6 days)",
    "date-times-days": "invalid/date-times-days.wr:4:13: '*' needs numbers; week is date",
    "date-moved-too-far": "invalid/date-moved-too-far.wr:4:33: a date moves by at most 100,000 "
                          "days in all; (week + 60000 days) - 50000 days moves it by 110,000",
    "until-unknown-field": "invalid/until-unknown-field.wr:5:32: a staff member has no field "
                           "'qualifed_on' (did you mean 'qualified_on'?); 'until' takes one of "
                           "its dates (qualified_on)",
    "until-not-a-date": "invalid/until-not-a-date.wr:5:32: 'until' takes a date of the staff "
                        "member; grade is string",
    "until-span-field": "invalid/until-span-field.wr:5:32: a staff member is held from "
                        "started_on up to left_on already; 'until' takes another of its dates",
    "until-without-spans": "invalid/until-without-spans.wr:5:13: 'most at once' needs records "
                           "held over days; a timesheet has no opened and closed dates",
}  # fmt: skip


def test_every_refusal_has_a_case() -> None:
    assert sorted(REFUSED) == sorted(p.stem for p in (HERE / "invalid").glob("*.wr"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_misused_date_or_until_is_refused_naming_file_line_and_column(name: str) -> None:
    code, out, err = check_text("--policy", f"invalid/{name}.wr", "staff.yaml", cwd=HERE)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == f"workrules: {REFUSED[name]}"
    assert "Traceback" not in err


def test_the_forms_are_written_back_as_they_read(tmp_path: Path) -> None:
    """`fmt` and the unparser keep `week + 6 days` and `most at once until qualified_on`."""
    from workrules.fmt import format_policy

    text = (HERE / "policy.wr").read_text(encoding="utf-8")
    assert format_policy(text, "policy.wr") == text


# ---------------------------------------------------------------------------------------------
# Date arithmetic, against Python's

_DAYS = st.integers(0, MAX_SHIFT_DAYS)
_DATES = st.dates(EARLIEST_DATE, LATEST_DATE)


def _moved(day: dt.date, op: str, days: int) -> dt.date | None:
    try:
        moved = day + dt.timedelta(days=days if op == "+" else -days)
    except OverflowError:
        return None
    return moved if EARLIEST_DATE <= moved <= LATEST_DATE else None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=_DATES, op=st.sampled_from(["+", "-"]), days=_DAYS | st.integers(0, 40))
def test_a_date_plus_or_minus_days_is_pythons_date_under_both_engines(
        tmp_path_factory: pytest.TempPathFactory, day: dt.date, op: str, days: int) -> None:  # fmt: skip
    """A case opened on `day`; its practitioner started on `day op days` (P1), or a day
    after that (P2). `forbid opened op days = practitioner.started_on` finds P1's alone."""
    moved = _moved(day, op, days)
    other = _moved(day, op, days - 1) if op == "+" else _moved(day, op, days + 1)
    if moved is None or other is None:
        return  # a date the data could not hold
    folder = tmp_path_factory.mktemp("moved")
    (folder / "policy.wr").write_text(
        "rule moved\n    for each case\n    where opened is set\n"
        f"    forbid opened {op} {days} days = practitioner.started_on\n"
        f'    say "{{id}}: {{opened {op} {days} days}}"\n', encoding="utf-8")  # fmt: skip
    (folder / "data.yaml").write_text(
        "kind: staff\nstaff:\n"
        f"  - {{id: P1, grade: PO, started_on: {moved.isoformat()}}}\n"
        f"  - {{id: P2, grade: PO, started_on: {other.isoformat()}}}\n", encoding="utf-8")
    (folder / "cases.yaml").write_text(
        "kind: allocation\ncases:\n"
        f"  - {{id: C1, practitioner: P1, opened: {day.isoformat()}}}\n"
        f"  - {{id: C2, practitioner: P2, opened: {day.isoformat()}}}\n", encoding="utf-8")
    policy = load_policy(str(folder / "policy.wr"))
    data = load_data([str(folder / "data.yaml"), str(folder / "cases.yaml")])
    for engine in ENGINES:
        found = policy.check(data, today=dt.date(2024, 7, 1), engine=engine).findings
        # (a case's finding then says the days it was held: scenarios round 57, P4)
        assert [f.message.split(" Held ")[0].split(" From ")[0] for f in found] == [
            f"C1: {moved.isoformat()}"], engine  # fmt: skip


@given(days=st.integers(MAX_SHIFT_DAYS + 1, 10 * MAX_SHIFT_DAYS))
@settings(max_examples=10)
def test_a_date_moved_beyond_the_bound_is_refused_before_any_record_is_read(
        tmp_path_factory: pytest.TempPathFactory, days: int) -> None:
    folder = tmp_path_factory.mktemp("far")
    path = folder / "far.wr"
    path.write_text(f"rule far\n    for each case\n    require opened - {days} days < opened\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(PolicyError) as err:
        load_policy(str(path))
    assert err.value.message == (f"a date moves by at most {MAX_SHIFT_DAYS:,} days in all; "
                                 f"opened - {days} days moves it by {days:,}")  # fmt: skip
