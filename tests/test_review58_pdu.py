"""One PDU's indicators for a board paper (a first hour, round 48, P5, P8 and P9), on the files
in fixtures/review58/pdu/:

- files that cover one PDU, or a few units, are labelled with what they cover in every
  format (`Medway PDU (the files given)`), never `national` nor their region's name alone;
  files whose staff are in every probation region keep `national`;
- a note names the indicator that hides a group's people by its title, not its id
  (`paid_over`), and a grade written as a code has its plain title beside it;
- `--by unit` (or `pdu`) is refused, saying to give only the unit's files;
- the change is labelled a relative change.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import workrules
from workrules.cli import main

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review58" / "pdu"
MEDWAY = "Medway PDU (the files given)"
MEDWAY_REGION = "Kent, Surrey and Sussex: Medway PDU (the files given)"


def _run(capsys: pytest.CaptureFixture[str], folder: str, *args: str) -> tuple[int, str, str]:
    code = main(["indicators", str(HERE / folder), "--period", "2026-Q3", *args])
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- what the files cover (P5)


def test_one_pdus_csv_names_the_pdu_on_every_row_never_national_nor_its_region_alone(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    code, out, err = _run(capsys, "medway", "--by", "region", "--format", "csv")
    expected = (HERE / "expected" / "medway-by-region.csv").read_text(encoding="utf-8")
    assert (code, out, err) == (0, expected, "")
    rows = out.splitlines()
    assert rows[0] == ("indicator,unit,region,dimension,group,people,level,previous,"
                       "relative_change_percent,national,regional,note,period,numerator,"
                       "denominator")
    assert rows[3:5] == [
        f"vacancy,%,{MEDWAY},all,all,29,12.1,9.1,+33.3,12.1,,,2026-Q3,4,33",
        f'vacancy,%,"{MEDWAY_REGION}",all,all,29,12.1,9.1,+33.3,12.1,12.1,,2026-Q3,4,33']
    assert not [row for row in rows[1:] if ",national," in row or ",Kent, Surrey" in row]


def test_one_pdus_table_by_grade_is_labelled_with_the_pdu_and_says_relative_change(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    code, out, err = _run(capsys, "medway", "--by", "grade")
    expected = (HERE / "expected" / "medway-by-grade.txt").read_text(encoding="utf-8")
    assert (code, out, err) == (0, expected, "")
    vacancy = out.split("\n\n")[1].splitlines()
    assert [re.sub(r"  +", " | ", line) for line in vacancy[2:6:2] + vacancy[5:6]] == [
        "region | group | people | level | number | previous | relative change | all files "
        "| regional | why [c] or -",
        f"{MEDWAY} | all | 29 | 12.1 | 4 / 33 | 9.1 | +33.3% | 12.1",
        f"{MEDWAY} | grade (occupation): CASE_ADMIN (Case Administrator) | [c] | [c] | [c] "
        "| [c] | [c] | [c] | fewer than 10 people, now and in 2026-Q2"]
    legend = out.splitlines()[-3:]
    assert legend[0] == (
        "Period 2026-Q3 (2026-07-01 to 2026-09-30); relative change on the period before, "
        "2026-Q2 (2026-04-01 to 2026-06-30): (now - before) / before, so a rate of 10.0 that "
        "rises to 12.0 is +20.0%, not 2 percentage points. FTE: contracted hours / 37.")
    assert legend[2].endswith(
        "All files: the same group in all the files given (1 region (Kent, Surrey and "
        "Sussex), 1 unit (Medway PDU)), which do not cover every region, so no figure here is "
        "the nation's, and each row's label says what its files cover; regional: the whole of "
        "the row's region in the files given. No figure is about one person, so --redact "
        "changes nothing here.")


def test_one_pdus_json_gives_each_scopes_label_and_each_grade_codes_title() -> None:
    report = workrules.indicators([HERE / "medway"], "2026-Q3", by=("region", "grade"))
    data = json.loads(workrules.workforce_report.json_text(report))
    assert (data["covers"], data["scopes"], data["grades"]) == (
        "1 region (Kent, Surrey and Sussex), 1 unit (Medway PDU)",
        {"national": MEDWAY, "Kent, Surrey and Sussex": MEDWAY_REGION},
        {"CASE_ADMIN": "Case Administrator", "HEAD_OF_PDU": "Head of a Probation Delivery Unit"})
    # the cells keep their scope as a key a script reads
    assert {c["scope"] for i in data["indicators"] for c in i["cells"]} == {
        "national", "Kent, Surrey and Sussex"}


def test_one_pdus_html_page_and_charts_name_the_pdu(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "board.html"
    assert _run(capsys, "medway", "--by", "region", "--format", "html", "-o", str(out)) == (
        0, "", "")
    html = out.read_text(encoding="utf-8")
    assert re.findall(r"<title>([^<]*)</title>", html)[:3] == [
        f"workrules indicators: {MEDWAY}, 2026-Q3", f"{MEDWAY}: 3.4%", f"{MEDWAY_REGION}: 3.4%"]
    assert re.findall(r'aria-label="([^"]*)"', html)[1] == (
        f"{MEDWAY}: 12.1%; {MEDWAY_REGION}: 12.1%")
    assert re.findall(r"<figcaption>([^,]*),", html) == [
        "Each region&#x27;s whole and the figure for all the files"] * 6
    assert html.count('<th scope="col">all files</th>') == 6
    assert html.count("national") == 0


def test_four_units_of_a_region_are_counted_in_the_label_not_given_the_regions_name_alone(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "region", "--by", "region", "--format", "csv")
    assert (code, err) == (0, "")
    assert out.splitlines()[1:3] == [
        'turnover,%,"4 units in Kent, Surrey and Sussex (the files given)",all,all,12,0.0,0.0,'
        "-,0.0,,,2026-Q3,0,12",
        'turnover,%,"Kent, Surrey and Sussex: 4 units (the files given)",all,all,12,0.0,0.0,'
        "-,0.0,0.0,,2026-Q3,0,12"]


def test_staff_in_every_probation_region_keep_the_national_label_and_region_names(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "national", "--by", "region", "--format", "csv",
                          "--min-cell", "2")
    assert (code, err) == (0, "")
    labels = [row.split(",")[2] for row in out.splitlines()[1:] if row.startswith("turnover,")]
    assert labels == ["national", "East Midlands", "East of England", "Greater Manchester",
                      '"Kent', "London", "North East", "North West", "South Central",
                      "South West", "Wales", "West Midlands", "Yorkshire & the Humber"]
    code, out, err = _run(capsys, "national", "--by", "region", "--min-cell", "2")
    assert out.splitlines()[2].split() == [
        "region", "group", "people", "level", "number", "previous", "relative", "change",
        "national", "regional", "why", "[c]", "or", "-"]
    assert out.splitlines()[4].startswith("national ")
    assert "National: the same group in all the data given (12 regions (East Midlands, East " \
        "of England, Greater Manchester and 9 more), 24 units (East Midlands PDU 1, East " \
        "Midlands PDU 2, East of England PDU 1 and 21 more)), the nation's only if the data " \
        "covers every region; regional: the whole of the row's region." in out  # fmt: skip


# ---------------------------------------------------------------- indicators in words (P8)


def test_a_groups_people_hidden_by_another_indicator_name_it_by_its_title() -> None:
    report = workrules.indicators([HERE / "medway"], "2026-Q3", by=("grade",))
    turnover = next(i for i in report.indicators if i.id == "turnover")
    assert turnover.cells[0].people_why == (
        "hidden under Average weekly paid hours over contract, which counts the same people")
    said = workrules.workforce_report.csv_text(report)
    assert "paid_over," in said  # (the indicator's own column keeps its id)
    assert "hidden under paid_over" not in said


def test_grade_codes_have_their_titles_and_everyday_short_forms_stay_as_they_are(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "medway", "--by", "grade", "--format", "csv")
    assert (code, err) == (0, "")
    groups = [row.split(",")[4] for row in out.splitlines()[1:] if row.startswith("turnover,")]
    assert groups == ["all", "CASE_ADMIN (Case Administrator)",
                      "HEAD_OF_PDU (Head of a Probation Delivery Unit)", "PO", "PSO", "SPO"]


# ---------------------------------------------------------------- no breakdown by unit (P9)


@pytest.mark.parametrize("by", ["unit", "PDU", "region,pdus", "team"])
def test_a_breakdown_by_unit_is_refused_saying_to_give_only_the_units_files(
        by: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["indicators", str(HERE / "medway"), "--by", by])
    name = by.split(",")[-1]
    assert (exit_.value.code, capsys.readouterr().err.splitlines()[-1]) == (
        2, f"workrules: argument --by: '{name}' is not a breakdown: for one unit's (PDU's) "
        "figures, give only its files (or, from an export of several units, only its staff "
        "and their records), and the report is labelled with the unit; the breakdowns are "
        "region, grade, band, gender, ethnicity (see 'workrules indicators --help')")
