"""Review 57: a PDU court team's records (scenarios round 49, P3, P4 and P5), on the files in
fixtures/review57/court/:

- a pre-sentence report whose subject's RoSH is not yet assessed (an on-the-day oral report)
  is recorded by leaving `rosh` out, as a case's may be: never given a level, and named by
  the rules that judge by it as not judged; "not assessed" (and `N/A`, "not known",
  "pending") is refused saying so;
- bail information and breach reports in the reports list are refused saying they are no
  pre-sentence reports and are left out; `FDR Written` and `ODR` are hinted as `fdr` is;
- ids written two ways (two courts numbering their reports from 1, a staff list re-exported
  under the new building's unit) are refused every clash of a kind in one run, each naming
  both places.
"""

from __future__ import annotations

import json
from datetime import date as _date
from pathlib import Path

import pytest
from conftest import LOAD_PATHS, partial_notices, run_workrules

from workrules import check, load_policy
from workrules.dataset import load_kept
from workrules.errors import InputError, InputErrors

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review57" / "court"
TODAY = _date(2024, 12, 1)


def _refused(*names: str) -> list[str]:
    """Each line of the refusal of checking `names` (in HERE) with the claim."""
    with pytest.raises(InputError) as caught:
        check([HERE / n for n in names], today=TODAY)
    err = caught.value
    return [str(e) for e in (err.errors if isinstance(err, InputErrors) else (err,))]


# ---------------------------------------------------------------- P4: a RoSH not yet assessed

NOT_JUDGED = (
    "applied in part: 2 pre-sentence reports give no RoSH level, left out as not yet assessed: "
    "R-N1 (CT04, 2024-09-12, {alloc}:6); R-N4 (CT06, 2024-09-13, {alloc}:12); this rule judges "
    "by the RoSH level, and found nothing else in them to fault, so they were not judged: "
    "judge them once their RoSH level is assessed")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_report_with_its_rosh_left_out_is_read_and_named_as_not_judged(engine: str) -> None:
    result = check([HERE / "staff.yaml", HERE / "rosh-left-out"], today=TODAY, engine=engine)
    alloc = str(HERE / "rosh-left-out" / "allocation.yaml")
    # no level is guessed: the report outside the boundary by its flags is a finding, and
    # the learner's report with no likelihood of reoffending either is said as before
    assert [(f.rule, f.subject) for f in result.findings] == [
        ("psr-role-boundary", "R-N2"), ("psr-role-boundary-reoffending-unknown", "R-N4")]
    said = dict(partial_notices(result))
    assert said["psr-role-boundary"] == NOT_JUDGED.format(alloc=alloc)
    notice = next(na for na in result.not_applied if na.rule == "psr-role-boundary")
    assert (notice.file, notice.line) == (alloc, 6)
    # the PO's report (R-N3) is not one the boundary judges, and the one before qualifying
    # judges none of them: neither names a report
    assert "psr-role-boundary-before-qualifying" not in said
    assert "R-N3" not in json.dumps([na.reason for na in result.not_applied])


def test_a_report_s_rosh_left_empty_in_a_csv_export_is_read_as_not_assessed() -> None:
    result = check([HERE / "staff.yaml", HERE / "rosh-csv" / "reports.csv"], today=TODAY)
    reports = str(HERE / "rosh-csv" / "reports.csv")
    assert result.findings == ()
    assert dict(partial_notices(result))["psr-role-boundary"].startswith(
        "applied in part: 1 pre-sentence report gives no RoSH level, left out as not yet "
        f"assessed: R-C1 (CT05, 2024-09-12, {reports}:2); this rule judges by the RoSH level, "
        "and found nothing else in it to fault, so it was not judged: judge it once its RoSH "
        "level is assessed")


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("path", sorted(LOAD_PATHS))
def test_a_rosh_left_out_is_named_alike_on_every_load_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, engine: str) -> None:
    """An NDJSON export of reports, read on every path (records built, decoded fast, kept as
    Structs, read into Arrow columns): the same report named, under either engine."""
    lines = [{"kind": "allocation", "unit": "Teesside Courts Team", "list": "reports"},
             {"id": "R-J1", "author": "CT04", "type": "oral", "date": "2024-09-12",
              "subject": {"reoffending": "low"}},
             {"id": "R-J2", "author": "CT04", "type": "oral", "date": "2024-09-12",
              "subject": {"rosh": "low", "reoffending": "low"}}]
    (tmp_path / "reports.ndjson").write_text("".join(json.dumps(x) + "\n" for x in lines))
    (tmp_path / "staff.yaml").write_text((HERE / "staff.yaml").read_text())
    env, thresholds, keep = LOAD_PATHS[path]
    monkeypatch.chdir(tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name, number in thresholds.items():
        monkeypatch.setattr(f"workrules.dataset.{name}", number)
    data = load_kept(["staff.yaml", "reports.ndjson"], keep)
    result = load_policy().check(data, today=TODAY, engine=engine)  # type: ignore[arg-type]
    assert result.findings == ()
    assert dict(partial_notices(result))["psr-role-boundary"].startswith(
        "applied in part: 1 pre-sentence report gives no RoSH level, left out as not yet "
        "assessed: R-J1 (CT04, 2024-09-12, reports.ndjson:2); ")


def test_not_assessed_and_its_usual_spellings_are_refused_saying_to_leave_rosh_out() -> None:
    alloc = str(HERE / "rosh-words" / "allocation.yaml")
    how = ("a RoSH not yet assessed is recorded by leaving rosh out of the report's subject, "
           "never by a level: the rules that judge a report by its RoSH then name it as not "
           "judged")
    assert _refused("staff.yaml", "rosh-words") == [
        f"{alloc}:5: reports[0] (R-W1).subject.rosh: 'not assessed' is not one of low, medium, "
        f"high, very_high; {how}",
        f"{alloc}:6: reports[1] (R-W2).subject.rosh: 'N/A' is not one of low, medium, high, "
        f"very_high; {how}",
        f"{alloc}:7: reports[2] (R-W3).subject.rosh: 'Not Known' is not one of low, medium, "
        f"high, very_high; {how}",
        f"{alloc}:8: reports[3] (R-W4).subject.rosh: 'pending' is not one of low, medium, high, "
        f"very_high; {how}",
    ]


def test_not_assessed_in_a_csv_cell_is_refused_saying_to_leave_the_cell_empty(
        tmp_path: Path) -> None:
    (tmp_path / "reports.csv").write_text(
        "id,author,type,date,subject.rosh,subject.reoffending\n"
        "R-X1,CT04,oral,2024-09-12,Not Assessed,low\n")
    with pytest.raises(InputError) as caught:
        check([HERE / "staff.yaml", tmp_path / "reports.csv"], today=TODAY)
    assert str(caught.value) == (
        f"{tmp_path / 'reports.csv'}:2: reports[0] (R-X1).subject.rosh: 'Not Assessed' is not "
        "one of low, medium, high, very_high; a RoSH not yet assessed is recorded by leaving "
        "its cell empty, never by a level: the rules that judge a report by its RoSH then name "
        "it as not judged")


# ---------------------------------------------------------------- P5: reports that are no PSR


def test_bail_information_and_breach_reports_are_refused_as_no_pre_sentence_reports() -> None:
    alloc = str(HERE / "report-types" / "allocation.yaml")
    allowed = "is not one of sdr, short_format, oral"
    bail = ("a bail information report is not a pre-sentence report, and the data model has no "
            "list for it: leave it out of the reports, which hold pre-sentence reports alone")
    breach = ("a breach report is not a pre-sentence report, and the data model has no list for "
              "it: leave it out of the reports, which hold pre-sentence reports alone")
    assert _refused("staff.yaml", "report-types") == [
        f"{alloc}:5: reports[0] (BIR-1).type: 'bail_information' {allowed}; {bail}",
        f"{alloc}:6: reports[1] (BIR-2).type: 'Bail Information Report' {allowed}; {bail}",
        f"{alloc}:7: reports[2] (BR-1).type: 'breach' {allowed}; {breach}",
        f"{alloc}:8: reports[3] (BR-2).type: 'Breach Report' {allowed}; {breach}",
        # a fast delivery report written, and an oral delivery report, as `fdr` is hinted
        f"{alloc}:9: reports[4] (T-1).type: 'FDR Written' {allowed} (did you mean "
        "'short_format'?)",
        f"{alloc}:10: reports[5] (T-2).type: 'Written FDR' {allowed} (did you mean "
        "'short_format'?)",
        f"{alloc}:11: reports[6] (T-3).type: 'ODR' {allowed} (did you mean 'oral'?)",
        f"{alloc}:12: reports[7] (T-4).type: 'Oral Delivery Report' {allowed} (did you mean "
        "'oral'?)",
        f"{alloc}:13: reports[8] (T-5).type: 'FDR Oral' {allowed} (did you mean 'oral'?)",
        f"{alloc}:15: reports[9] (T-6).type: 'fdr' {allowed}; a fast delivery report is "
        "short_format when written, oral when given in court",
    ]


# ---------------------------------------------------------------- P3: every clash in one run


def test_two_courts_numbering_reports_from_one_are_refused_every_clash_in_one_run() -> None:
    mags = str(HERE / "two-courts" / "mags-allocation.yaml")
    crown = str(HERE / "two-courts" / "crown-allocation.yaml")
    said = _refused("staff.yaml", "two-courts/mags-allocation.yaml",
                    "two-courts/crown-allocation.yaml")
    assert said == [
        f"{crown}:{line}: pre-sentence report {n} and pre-sentence report 00{n} (at {mags}:"
        f"{line}) differ only in case or in the zeros that pad a number; write one pre-sentence "
        f"report's id the same way in every file ('00{n}'), and give two pre-sentence reports "
        "ids that differ in more than that" for n, line in ((1, 5), (2, 6), (3, 7))]


def test_a_staff_list_re_exported_under_a_new_unit_is_refused_for_each_person() -> None:
    staff = str(HERE / "court-move" / "staff.yaml")
    moved = str(HERE / "court-move" / "staff-after-move.yaml")
    said = _refused("court-move/staff.yaml", "court-move/staff-after-move.yaml")
    assert said == [
        f"{moved}:{line}: staff {who} is listed twice with different details: here and at "
        f"{staff}:{there}; neither record gives a unit, and this file's unit is \"Teesside "
        "Justice Centre\", that file's \"Teesside Courts Team\": if they are two people, give "
        "them different ids; if one, give the same unit in each of their records"
        for who, line, there in (("CT01", 6, 5), ("CT04", 7, 6))]


def test_staff_ids_written_two_ways_are_refused_every_clash_in_one_run() -> None:
    staff = str(HERE / "court-move" / "staff.yaml")
    hr = str(HERE / "court-move" / "staff-hr-ids.yaml")
    said = _refused("court-move/staff.yaml", "court-move/staff-hr-ids.yaml")
    assert said == [
        f"{hr}:6: staff CT05 and staff ct05 (at {staff}:7) differ only in case or in the zeros "
        "that pad a number; write one person's id the same way in every file ('ct05'), and "
        "give two people ids that differ in more than that",
        f"{hr}:7: staff 7 and staff 07 (at {staff}:8) differ only in case or in the zeros that "
        "pad a number; write one person's id the same way in every file ('07'), and give two "
        "people ids that differ in more than that",
    ]


def test_a_payroll_list_naming_no_unit_is_refused_for_each_person_it_shares() -> None:
    staff = str(HERE / "court-move" / "staff.yaml")
    payroll = str(HERE / "court-move" / "payroll-staff.yaml")
    said = _refused("court-move/staff.yaml", "court-move/neighbour-staff.yaml",
                    "court-move/payroll-staff.yaml")
    assert said == [
        f"{payroll}:{line}: staff {who} is listed twice, here and at {staff}:{there}, and only "
        "one of the two files says where: neither record gives a unit, this file names no "
        "unit, that file's is \"Teesside Courts Team\", and the files given name 2 units "
        "(\"Hartlepool PDU\", \"Teesside Courts Team\"), so which unit this "
        f"{who} is in is not known; if they are two people, give them different ids; if one, "
        "give the same unit in each of their records"
        for who, line, there in (("CT01", 4, 5), ("CT04", 5, 6))]


def test_the_command_line_prints_every_clash_and_exits_2() -> None:
    done = run_workrules("check", "--no-config", "staff.yaml", "two-courts/mags-allocation.yaml",
                         "two-courts/crown-allocation.yaml", cwd=HERE)
    assert done.returncode == 2
    assert [line.split(": ", 2)[1] for line in done.stderr.splitlines()] == [
        "two-courts/crown-allocation.yaml:5", "two-courts/crown-allocation.yaml:6",
        "two-courts/crown-allocation.yaml:7"]
