"""Issue 12, fourth round (fixtures/review4): Operation Safeguard's vacancies rule and the
clause 3 vacancy rate count a unit funded only by grade alike (`among (staff with the same
grade)`), and what a held-out tester's HR exports showed."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workrules
from workrules import PolicyError
from workrules import nodes as n
from workrules.parse import parse_expression

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review4"
TODAY = dt.date(2024, 6, 30)


# ---------------------------------------------------------------------------------------------
# safeguard-vacancies and the vacancy rate


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_unit_funded_only_by_grade_counts_no_one_of_an_unfunded_grade(engine: str) -> None:
    # fixtures/review4/vacancies-by-grade: 5 PO and 3 PSO posts, no all-grades entry; two
    # SPOs in post fill no funded post. The rule counted them (1.5 vacant), the rate did not.
    files = [HERE / "vacancies-by-grade" / "staff.yaml"]
    result = workrules.check(files, set_values=["safeguard_vacancies_max=2"], today=TODAY,
                             engine=engine)  # fmt: skip
    (vacant,) = [f for f in result.findings if f.rule == "safeguard-vacancies"]
    assert vacant.message == (
        "Wear PDU, week of 2024-06-24: vacant funded full-time posts: 3.5 of 8 (4.5 FTE in post "
        "for some of the week, at 37 h a week), more than the 2 agreed for Operation Safeguard "
        "(1.1g). The unit may declare itself full.")
    # the SPOs are not evidence either: what the rule read is the POs, the PSO and the posts
    assert [e.label for e in vacant.evidence] == [
        "P1", "P2", "P3", "P4", "S1", "establishment entry Wear PDU",
        "establishment entry Wear PDU"]
    report = workrules.indicators(files, "2024-Q2", by=(), min_cell=2)
    (rate,) = [i for i in report.indicators if i.id == "vacancy"]
    assert rate.cells[0].level == 3.5 / 8 * 100


@st.composite
def units(draw: st.DrawFn) -> tuple[str, float, float]:
    """A staff file of one unit: some grade entries, maybe an all-grades entry, and staff of
    funded and unfunded grades, some with no contracted hours, some not in post on the day;
    with the posts vacant worked out by hand."""
    grades = ["PO", "PSO", "SPO"]
    funded = draw(st.dictionaries(st.sampled_from(grades), st.integers(1, 9), max_size=3))
    whole = draw(st.none() | st.integers(1, 20))
    if not funded and whole is None:
        whole = 5
    lines, in_post = [], {g: 0.0 for g in grades}
    for i in range(draw(st.integers(0, 8))):
        grade = draw(st.sampled_from(grades))
        hours = draw(st.none() | st.sampled_from([0, 18.5, 37]))
        left = draw(st.sampled_from([None, "2024-06-24", "2024-07-01"]))
        record = f"{{id: X{i}, grade: {grade}"
        record += f", contracted_hours: {hours}" if hours is not None else ""
        record += f", left_on: {left}" if left else ""
        lines.append(record + "}")
        if left != "2024-06-24":  # (gone before the week judged: the rule judges a week)
            in_post[grade] += (hours or 0) / 37
    entries = [f"{{grade: {g}, posts: {p}}}" for g, p in sorted(funded.items())]
    if whole is not None:
        entries.append(f"{{posts: {whole}}}")
        posts, filled = float(whole), sum(in_post.values())
    else:
        posts, filled = float(sum(funded.values())), sum(in_post[g] for g in funded)
    staff = "".join(f"  - {x}\n" for x in lines) or "  []\n"
    text = (f"kind: staff\nunit: U\nregion: R\nstaff:\n{staff}establishment:\n"
            + "".join(f"  - {e}\n" for e in entries))
    return text.replace("staff:\n  []\n", "staff: []\n"), posts - filled, posts


@settings(max_examples=15, deadline=None)
@given(unit=units())
def test_the_rule_and_the_rate_count_the_same_vacancies(unit: tuple[str, float, float]) -> None:
    text, vacant, posts = unit
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "staff.yaml"
        path.write_text(text)
        for engine in ("python", "columnar"):
            result = workrules.check([path], set_values=["safeguard_vacancies_max=0"],
                                     today=TODAY, engine=engine)  # fmt: skip
            found = [f.value for f in result.findings if f.rule == "safeguard-vacancies"]
            assert found == ([pytest.approx(vacant)] if vacant > 1e-9 else [])
        report = workrules.indicators([path], "2024-Q2", by=(), min_cell=2)
        (rate,) = [i for i in report.indicators if i.id == "vacancy"]
        if not rate.available:  # no one in post gives contracted hours: no FTE is guessed
            assert rate.reason is not None
            assert rate.reason.startswith("no staff record gives contracted hours")
            assert "contracted_hours: 18.5" not in text and "contracted_hours: 37" not in text
        elif not rate.cells[0].suppressed:
            assert rate.cells[0].level == pytest.approx(vacant / posts * 100)


def test_with_the_same_writes_back_as_it_parses() -> None:
    for text in ("sum of posts among (staff with the same grade)",
                 "count of staff among (staff with the same grade where left_on is not set)"):
        once = n.unparse(parse_expression(text, "p.wr"))
        assert once == text
        assert n.unparse(parse_expression(once, "p.wr")) == once


@pytest.mark.parametrize(("among", "message"), [
    ("(staff with the same grdae)", "4:41: 'with the same grdae' needs a field both an "
     "establishment entry and a staff member have; an establishment entry has no 'grdae' (did "
     "you mean 'grade'?)"),
    ("(staff with the same posts)", "4:41: 'with the same posts' needs a field both an "
     "establishment entry and a staff member have; a staff member has no 'posts'"),
])  # fmt: skip
def test_with_the_same_a_field_not_both_kinds_have_is_refused(
    among: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "p.wr"
    path.write_text("rule r\n for each establishment\n per unit\n measure sum of "
                    f"contracted_hours among {among} at most 1\n")  # fmt: skip
    with pytest.raises(PolicyError) as err:
        workrules.load_policy(str(path))
    assert str(err.value).splitlines()[0] == f"{path}:{message}"


# ---------------------------------------------------------------------------------------------
# fixtures/review4/hr: exports as HR would give them, worked out by hand (its README)

HR = HERE / "hr"
HR_FILES = sorted(HR.glob("*.yaml"))


def _wmt_not_assessed(today: dt.date) -> tuple[list[str], list[str]]:
    result = workrules.check(HR_FILES, set_values=["wmt_assessed_from=2024-04-01"], today=today)
    found = [f"{f.subject} {f.period.describe() if f.period else ''}" for f in result.findings
             if f.rule == "wmt-not-assessed"]  # fmt: skip
    return found, [na.reason for na in result.not_applied if na.rule == "wmt-not-assessed"]


def test_a_month_not_over_on_the_run_day_is_not_judged_for_a_wmt_reading() -> None:
    # on 15 June, June was judged: everyone without a reading in its first half was a finding
    # (Cardiff's staff have no reading in any file: its export is not judged as Leeds' months,
    # since session 35)
    cardiff = ("not applied for Cardiff PDU: the data has no WMT reading of its staff at all "
               "(is an export missing?)")
    found, notes = _wmt_not_assessed(dt.date(2024, 6, 15))
    assert found == ["L4 April 2024"]
    assert notes == ["applied in part; not applied for May 2024: the data has no WMT reading at "
                     "all for it; not applied for June 2024: not over on 2024-06-15, so a WMT "
                     f"reading may still come; {cardiff}"]
    found, notes = _wmt_not_assessed(dt.date(2024, 6, 30))  # June is over on its last day
    assert found == ["L3 June 2024", "L4 April 2024", "L4 June 2024"]
    assert notes == ["applied in part; not applied for May 2024: the data has no WMT reading at "
                     f"all for it; {cardiff}"]
    found, notes = _wmt_not_assessed(dt.date(2024, 4, 15))  # no month over: none judged
    assert found == []
    assert notes == ["not applied for April 2024, May 2024, June 2024: not over on 2024-04-15, so a "
                     "WMT reading may still come"]


def test_someone_who_leaves_the_day_they_start_is_no_leaver() -> None:
    # counted in post during the quarter and as a leaver, N4 made the turnover 33.3%
    report = workrules.indicators([HERE / "never-in-post" / "staff.yaml"], "2024-Q2",
                                  by=(), min_cell=2)  # fmt: skip
    (turnover,) = [i for i in report.indicators if i.id == "turnover"]
    assert (turnover.cells[0].people, turnover.cells[0].level) == (3, 0.0)


def test_a_period_with_none_before_it_says_so() -> None:
    # '1900-Q1' was refused as "outside the dates workrules accepts", which it is not
    with pytest.raises(workrules.UsageError) as err:
        workrules.indicators(HR_FILES, "1900-Q1")
    assert str(err.value) == (
        "'1900-Q1' has no period before it to compare with: 1899-10-01 is outside the dates "
        "workrules accepts (1900-01-01 to 2999-12-31)")


def test_the_hr_exports_give_the_figures_worked_out_by_hand() -> None:
    # fixtures/review4/hr/README.md works each figure out
    import contextlib
    import io

    from workrules.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["indicators", *map(str, HR_FILES), "--period", "2024-Q2", "--min-cell",
                     "2", "--by", "region", "--format", "csv"])  # fmt: skip
    assert code == 0
    assert out.getvalue() == (HR / "expected.csv").read_text(encoding="utf-8")


def test_a_set_value_that_is_no_value_is_named_as_given() -> None:
    # '2024-06' (a month, not a date) was named "2024 - 6", as the expression it parses as
    with pytest.raises(workrules.UsageError) as err:
        workrules.check([HR / "wales-staff.yaml"], set_values=["wmt_assessed_from=2024-06"])
    assert str(err.value) == ("set value 'wmt_assessed_from=2024-06': 2024-06 is not a value for "
                              "wmt_assessed_from, which is a date (2024-06-03)")


@pytest.mark.parametrize("value", ["0", "0 h"])
def test_a_parameter_a_rule_divides_by_cannot_be_0(value: str) -> None:
    # full_time_hours=0 gave everyone an FTE of nothing, summed as 0: "4 of 4 vacant (0
    # FTE in post today, at 0 h a week)" in every unit
    with pytest.raises(workrules.UsageError) as err:
        workrules.check(HR_FILES, set_values=[f"full_time_hours={value}",
                                              "safeguard_vacancies_max=1"])  # fmt: skip
    assert str(err.value) == (f"set value 'full_time_hours={value}': full_time_hours cannot be 0: "
                              "safeguard-vacancies divides by it, and nothing divided by 0 "
                              "has a value")
