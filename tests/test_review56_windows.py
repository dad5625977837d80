"""Review 56: a rep's OneDrive folder as Excel leaves it, and `diff --data`'s line for a clause
whose cap is not applied, on the files in fixtures/review56/windows/ (a first hour, round 46,
problems 2, 3, 5, 7, 8(a) and 9):

- the lock file Excel keeps beside a file it has open (`~$Tees PDU - wmt.csv`) is passed over
  by a folder walk with a note saying to close the file; named, it is refused saying what it
  is (it stopped the whole check, told to save it as CSV UTF-8);
- a list saved as Excel's "Unicode Text" (a `.txt`, UTF-16, tab-separated) named for its list
  is refused at its name, with how to save it and the name to give it (a walk passed it over
  unsaid, and its breaches with it); renamed `.csv`, it is refused saying what it is;
- a workbook, or Unicode Text, with the CSV saved from it beside it under the same name is
  passed over with a note that the CSV is read (it stopped every run); one with no CSV beside
  it is refused as before;
- a CSV with `;` between its columns and decimal commas, as Excel writes one where the
  decimal symbol is `,`, is refused naming both at once, with how to have Excel write commas;
- `workrules diff --data` says which rule gave a clause's 0 when the clause's cap is not
  applied under either policy (it read "8e: not applied under OLD, 0 findings under NEW").
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_workrules

from workrules import check
from workrules.policy_diff import impact

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review56" / "windows"

CLOSE_IT = ("close the file in Excel before checking, so that what is checked is what was "
            "saved (a lock file left behind once Excel has closed may be deleted)")


def _check(*args: str, cwd: Path = HERE) -> tuple[int, str, str]:
    done = run_workrules("check", "--no-config", *args, cwd=cwd)
    return done.returncode, done.stdout, done.stderr


def _not_read(folder: str) -> list[tuple[str, str]]:
    code, out, _ = _check(folder, "--format", "json")
    assert code == 1, out
    return [(f["file"], f["reason"]) for f in json.loads(out)["files_not_read"]]


# ------------------------------------------------------------------- Excel's lock file


def test_excel_s_lock_file_beside_an_open_csv_is_passed_over_with_a_note() -> None:
    code, out, err = _check("lock", "--format", "text")
    assert code == 1  # T02 above the WMT ceiling for three weeks: the check ran
    assert "wmt-over-ceiling [1.2k(i)] T02" in out
    assert err == ("workrules: passed over 1 Office lock file, which Excel keeps beside a file "
                   f"it has open (first: lock/~$Tees PDU - wmt.csv): {CLOSE_IT}\n")


def test_excel_s_lock_file_is_listed_as_not_read_with_why() -> None:
    assert _not_read("lock") == [
        ("lock/~$Tees PDU - wmt.csv", "an Office lock file, which Excel keeps beside a file it "
         "has open, not read: close the file in Excel before checking, so that what is "
         "checked is what was saved")]


def test_excel_s_lock_file_named_is_refused_saying_what_it_is() -> None:
    code, out, err = _check("lock/~$Tees PDU - wmt.csv", "lock/Tees PDU - staff.csv")
    assert (code, out) == (2, "")
    assert err == ("workrules: lock/~$Tees PDU - wmt.csv: is the lock file Excel or Word keeps "
                   "beside a file it has open (here 'Tees PDU - wmt.csv'), not data: close that "
                   "file, then check the file itself, not its lock file\n")


def test_a_lock_file_of_a_workbook_named_is_refused_as_a_lock_file_not_a_workbook() -> None:
    code, _, err = _check("saved/~$Tees PDU - wmt.xlsx")
    assert code == 2
    assert err.startswith("workrules: saved/~$Tees PDU - wmt.xlsx: is the lock file Excel or "
                          "Word keeps beside a file it has open (here 'Tees PDU - wmt.xlsx')")


def test_a_file_of_data_named_as_a_lock_file_is_still_read(tmp_path: Path) -> None:
    # a name is no lock file: only a small file that is not text is (a rota named `~$...` is
    # no way to hide a breach from a folder walk)
    (tmp_path / "staff.yaml").write_text(
        "kind: staff\nstaff:\n  - {id: S1, grade: CP_SUPERVISOR, contracted_hours: 37, "
        "roles: [upw_supervisor]}\n")
    (tmp_path / "~$rota.yaml").write_text(
        "kind: rota\nupw_sessions:\n  - {id: U1, date: 2026-11-27, supervisors: [S1], "
        "members: 5, contact_hours: 9}\n")
    result = check([tmp_path])
    assert [(f.rule, f.subject) for f in result.findings] == [("upw-contact-hours", "S1")]
    assert result.files_not_read == ()


# ------------------------------------------------------------ a workbook beside its CSV


def test_a_workbook_beside_the_csv_saved_from_it_is_passed_over_with_a_note() -> None:
    code, out, err = _check("saved", "--format", "text")
    assert code == 1
    assert "saved/Tees PDU - wmt.csv:2: wmt-over-ceiling [1.2k(i)] T02" in out
    assert err.splitlines() == [
        "workrules: passed over 1 Office lock file, which Excel keeps beside a file it has open "
        f"(first: saved/~$Tees PDU - wmt.xlsx): {CLOSE_IT}",
        "workrules: read saved/Tees PDU - wmt.csv, not the workbook beside it that it was "
        "saved from (saved/Tees PDU - wmt.xlsx); save it again as CSV UTF-8 whenever the "
        "workbook changes"]


def test_a_workbook_beside_its_csv_is_listed_as_not_read_with_why() -> None:
    assert _not_read("saved") == [
        ("saved/Tees PDU - wmt.xlsx", "a workbook or tab-separated text with the CSV of the "
         "same name beside it, which is read instead, as saved from it: save it again as CSV "
         "UTF-8 whenever the workbook changes"),
        ("saved/~$Tees PDU - wmt.xlsx", "an Office lock file, which Excel keeps beside a file "
         "it has open, not read: close the file in Excel before checking, so that what is "
         "checked is what was saved")]


def test_a_workbook_with_no_csv_beside_it_is_refused_as_before() -> None:
    code, out, err = _check("workbook-alone")
    assert (code, out) == (2, "")
    assert err == ("workrules: workbook-alone/Tees PDU - wmt.xlsx: is a spreadsheet workbook "
                   "(.xlsx), which workrules does not read; save each sheet as CSV UTF-8, named "
                   "for the list it fills (e.g. region-01-timesheets.csv), or export the data as "
                   "JSON or Parquet\n")


def test_a_workbook_named_beside_its_csv_is_still_refused() -> None:
    code, _, err = _check("saved/Tees PDU - wmt.xlsx", "saved/Tees PDU - staff.csv")
    assert code == 2
    assert err.startswith("workrules: saved/Tees PDU - wmt.xlsx: is a spreadsheet workbook")


# ------------------------------------------------------------------ Excel's Unicode Text

UNICODE_TEXT = ("is tab-separated UTF-16 text, as Excel saves \"Unicode Text\", which workrules "
                "does not read; in Excel, save it as CSV UTF-8 (Comma delimited), named "
                "'Tees PDU - upw_sessions.csv'")


def test_a_list_saved_as_unicode_text_in_a_folder_is_refused_at_its_name() -> None:
    code, out, err = _check("unicode-text")
    assert (code, out) == (2, "")
    assert err == f"workrules: unicode-text/Tees PDU - upw_sessions.txt: {UNICODE_TEXT}\n"


def test_a_list_saved_as_unicode_text_named_is_refused_with_the_name_to_give_it() -> None:
    code, _, err = _check("unicode-text/Tees PDU - upw_sessions.txt",
                          "unicode-text/Tees PDU - staff.csv")  # fmt: skip
    assert code == 2
    assert err == f"workrules: unicode-text/Tees PDU - upw_sessions.txt: {UNICODE_TEXT}\n"


def test_unicode_text_named_for_no_list_is_told_the_name_its_columns_give(
        tmp_path: Path) -> None:  # fmt: skip
    text = (HERE / "unicode-text" / "Tees PDU - upw_sessions.txt").read_bytes()
    (tmp_path / "Book1.txt").write_bytes(text)
    code, _, err = _check("Book1.txt", cwd=tmp_path)
    assert code == 2
    assert err.endswith("named 'Book1-upw_sessions.csv'\n")


def test_unicode_text_beside_the_csv_saved_from_it_is_passed_over_with_a_note() -> None:
    code, out, err = _check("unicode-text-saved", "--format", "text")
    assert code == 1  # U2: 9 h of contact, 9 members to 1 supervisor
    assert [line.split(": ")[1].split(" ")[0] for line in out.splitlines() if "[5" in line
            ] == ["upw-contact-hours", "upw-group-ratio"]  # fmt: skip
    assert err == ("workrules: read unicode-text-saved/Tees PDU - upw_sessions.csv, not the "
                   "tab-separated text beside it that it was saved from (unicode-text-saved/"
                   "Tees PDU - upw_sessions.txt); save it again as CSV UTF-8 whenever the "
                   "workbook changes\n")


def test_unicode_text_renamed_csv_is_refused_saying_what_it_is() -> None:
    code, _, err = _check("unicode-text-as-csv/Tees PDU - upw_sessions.csv")
    assert code == 2
    assert err == ("workrules: unicode-text-as-csv/Tees PDU - upw_sessions.csv:1: the header is "
                   "one column, 'id\\tdate\\tsite\\tsupervisors\\tmembers\\tcontact_hours': a "
                   "CSV export separates its columns with ',' (this one is tab-separated UTF-16 "
                   "text, as Excel saves \"Unicode Text\"); in Excel, save it as CSV UTF-8 "
                   "(Comma delimited)\n")


def test_the_data_model_says_what_it_reads_of_utf_16() -> None:
    page = " ".join((HERE.parents[2] / "docs" / "data-model.md").read_text().split())
    assert "(Excel's \"Unicode text\")" not in page
    assert "Excel's \"Unicode Text\" (a `.txt` file, UTF-16 and tab-separated)" in page


# ------------------------------------------------------------ `;` and decimal commas

SEMICOLONS = ("Excel writes ';' and decimal commas where Windows' decimal symbol is ','; in "
              "Windows' Region settings, under Additional settings, set the decimal symbol to "
              "'.' and the list separator to ',', then save it as CSV UTF-8 again")


def test_a_semicolon_csv_with_decimal_commas_names_both_at_once() -> None:
    code, _, err = _check("semicolon")
    assert code == 2
    assert err == ("workrules: semicolon/Darlington - timesheets.csv:1: the header is one "
                   "column, 'staff;week;hours_worked;toil_hours': a CSV export separates its "
                   "columns with ',' and writes numbers with '.' as the decimal point (this one "
                   "seems to use ';', and decimal commas: '41,5' on line 2); save it as CSV "
                   f"with commas and decimal points: {SEMICOLONS}\n")


def test_a_semicolon_csv_with_no_decimal_comma_says_how_to_get_commas(tmp_path: Path) -> None:
    (tmp_path / "timesheets.csv").write_text("staff;week;hours_worked\nS1;2024-06-03;41\n")
    code, _, err = _check("timesheets.csv", cwd=tmp_path)
    assert code == 2
    assert err == ("workrules: timesheets.csv:1: the header is one column, "
                   "'staff;week;hours_worked': a CSV export separates its columns with ',' "
                   f"(this one seems to use ';'); save it as CSV with commas: {SEMICOLONS}\n")


# ------------------------------------------------- `diff --data`: a clause's cap not applied


def test_a_clause_s_zero_says_which_rule_gave_it_when_its_cap_is_not_applied() -> None:
    folder = HERE / "diff"
    found = impact(folder / "old.wr", folder / "new.wr", [folder / "staff.yaml"])
    assert found.summary == (
        "8e: not applied under OLD, 0 findings under NEW from pso-assessor-of-another-grade "
        "(pso-assessees not applied under both)",)
    assert [(na.rule, na.under) for na in found.not_applied] == [("pso-assessees", "both")]
