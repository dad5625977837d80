"""Session 44: a developer who imports workrules into a web service (a first hour, round 44),
on the files in fixtures/review54/library/.

- P1: a folder upload of a staff list, an empty rota.yaml and a Word job description
  passed with exit code 0, and nothing in the Result (nor its JSON) said that two files were
  not read; the command line said it on stderr alone.
- P2: `Policy.check(load_data([]))`, or data whose one list is empty, passed with exit code
  0, where `workrules.check` refuses a check of nothing.
- P4: a CSV export given in memory as `(name, text)` was read as YAML, and told to rename
  itself to the name it had.
- P16: YAML given in memory above the size bound was refused with no advice, where the same
  file on disk is told to be exported as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import run_workrules

import workrules
from workrules.findings import FileNotRead
from workrules.load import MAX_YAML_BYTES

HERE = Path(__file__).parent.parent / "fixtures" / "review54" / "library"
UPLOAD = HERE / "upload"

WORD = ("a file of a word processor, a spreadsheet or a PDF, not read: workrules reads a job "
        "description as Markdown (.md) and a sheet as CSV UTF-8; save any that hold data so")
FOLDER = ("a folder not walked: a virtual environment or cache, or a link leading out of the "
          "folder walked or the repository")
NOT_DATA = ("not workrules data, so not read: workrules data is YAML, JSON or Markdown with a "
            "top-level 'kind:' of rota, allocation, staff or job-description, or CSV or "
            "Parquet named for the list it fills (as unit-staff.csv)")
LINK = ("a link leading out of the folder walked or the repository, or to no workrules data, "
        "not read")


# ------------------------------------------- P1: the files a folder upload did not read


def _uploaded(tmp_path: Path) -> Path:
    """The upload, as a service writes it to a folder of its own, with a virtual environment
    in it (made here: one committed to the repository would be its content, and walked)."""
    up = tmp_path / "upload"
    shutil.copytree(UPLOAD, up)
    (up / "env").mkdir()
    (up / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (up / "env" / "bin").mkdir()  # (its Python: a `pyvenv.cfg` alone proves no environment,
    (up / "env" / "bin" / "python").symlink_to("/usr/bin/python3")  # attack round 32, P5)
    return up


def test_a_folder_upload_names_each_file_it_did_not_read_and_why(tmp_path: Path) -> None:
    up = str(_uploaded(tmp_path))
    result = workrules.check([up], root=up)
    assert result.exit_code == 0  # the staff list and the PSO's job description: no breach
    # (named from `root`, as review 55 names a caller's upload: P9)
    assert result.files == ("pso.md", "staff.yaml")
    assert result.files_not_read == (
        FileNotRead("JD PSO.docx", WORD),
        FileNotRead("README.md", NOT_DATA),
        FileNotRead(os.path.join("env", ""), FOLDER),
        FileNotRead("rota.yaml", NOT_DATA),
    )


def test_the_json_form_lists_the_files_not_read_before_the_day_and_the_exit_code() -> None:
    report = workrules.check([str(UPLOAD)], root=str(UPLOAD)).to_dict()
    assert list(report)[-8:-4] == ["unread", "today", "files_not_read", "exit_code"]  # (then
    # what made it: tests/test_review56_provenance.py)
    assert report["files_not_read"][0] == {"file": "JD PSO.docx", "reason": WORD}
    assert json.loads(workrules.check([str(UPLOAD)], root=str(UPLOAD)).to_json()) == {
        **report, "workrules_version": workrules.__version__}
    unconfined = workrules.check([str(UPLOAD)]).to_dict()  # (named as given, without root)
    assert unconfined["files_not_read"][0] == {"file": str(UPLOAD / "JD PSO.docx"),
                                               "reason": WORD}  # fmt: skip


def test_files_named_one_by_one_leave_nothing_unread() -> None:
    result = workrules.check([str(UPLOAD / "staff.yaml"), str(UPLOAD / "pso.md")])
    assert result.files_not_read == ()
    assert result.to_dict()["files_not_read"] == []


def test_a_link_leading_out_of_the_upload_is_named_as_not_read(tmp_path: Path) -> None:
    up = tmp_path / "upload"
    up.mkdir()
    (up / "staff.yaml").write_bytes((UPLOAD / "staff.yaml").read_bytes())
    (tmp_path / "other-user.yaml").write_text("kind: staff\nstaff: []\n", encoding="utf-8")
    (up / "theirs.yaml").symlink_to(tmp_path / "other-user.yaml")
    result = workrules.check([up], root=up)
    assert result.files_not_read == (FileNotRead("theirs.yaml", LINK),)


def test_the_command_line_says_the_same_notes_and_its_json_names_the_files(
        tmp_path: Path) -> None:  # fmt: skip
    done = run_workrules("check", "--no-config", ".", "--format", "json",
                         cwd=_uploaded(tmp_path))  # fmt: skip
    assert done.returncode == 0
    assert done.stderr.splitlines() == [  # as before this change, word for word
        "workrules: did not read 1 file of a word processor, a spreadsheet or a PDF (first: "
        "./JD PSO.docx): workrules reads a job description as Markdown (.md) and a sheet as "
        "CSV UTF-8; save any that hold data so",
        "workrules: did not walk 1 folder: a virtual environment or cache, or a link leading "
        "out of the folder walked or the repository (first: ./env/)",
        "workrules: skipped 2 files that are not workrules data (first: ./README.md)",
    ]
    assert json.loads(done.stdout)["files_not_read"] == [
        {"file": "./JD PSO.docx", "reason": WORD}, {"file": "./README.md", "reason": NOT_DATA},
        {"file": "./env/", "reason": FOLDER}, {"file": "./rota.yaml", "reason": NOT_DATA}]


def test_a_quiet_command_line_says_no_notes_and_lists_none() -> None:
    # --quiet leaves the notes out, on stderr and in the report, as it leaves out the rules
    # not applied
    done = run_workrules("check", "--no-config", "-q", ".", "--format", "json", cwd=UPLOAD)
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["files_not_read"] == []


# ------------------------------------------- P2: a check of nothing, in memory


def test_policy_check_of_no_data_is_refused_as_workrules_check_refuses_no_files() -> None:
    policy = workrules.load_policy()
    with pytest.raises(workrules.UsageError) as refused:
        policy.check(workrules.load_data([]))
    assert str(refused.value) == (
        "data: no data given, and a check of nothing would pass; give the data to check, "
        "e.g. load_data(['staff.yaml', 'rota.yaml'])")


def test_policy_check_of_empty_lists_is_refused_as_the_same_file_on_disk_is(
        tmp_path: Path) -> None:  # fmt: skip
    text = "kind: staff\nunit: Tees PDU\nstaff: []\n"
    with pytest.raises(workrules.InputError) as refused:
        workrules.load_policy().check(workrules.load_data([("staff.yaml", text)]))
    assert str(refused.value) == (
        "staff.yaml: holds no records: each list is empty (an export of its header row "
        "alone?), and a check of nothing would pass")
    (tmp_path / "staff.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(workrules.InputError) as on_disk:
        workrules.check([str(tmp_path / "staff.yaml")])
    assert str(on_disk.value) == str(refused.value).replace(
        "staff.yaml", str(tmp_path / "staff.yaml"), 1)


def test_policy_check_of_two_empty_sources_names_the_first_and_counts_the_other() -> None:
    staff = {"kind": "staff", "unit": "Tees PDU", "staff": []}
    rota = ("rota.yaml", "kind: rota\nunit: Tees PDU\ntimesheets: []\n")
    with pytest.raises(workrules.InputError) as refused:
        workrules.load_policy().check(workrules.load_data([("staff.json", staff), rota]))
    assert str(refused.value) == (
        "staff.json: holds no records, nor does the other data file: each list is empty (an "
        "export of its header row alone?), and a check of nothing would pass")


def test_policy_check_of_one_record_still_runs() -> None:
    staff = ("staff.yaml", (UPLOAD / "staff.yaml").read_text(encoding="utf-8"))
    result = workrules.load_policy().check(workrules.load_data([staff]))
    assert (result.exit_code, result.files) == (0, ("staff.yaml",))


# ------------------------------------------- P4, P16: text in memory a file would be


def test_csv_text_in_memory_is_told_to_be_written_to_a_file() -> None:
    csv = "id,practitioner,tier,rosh,opened,closed\nX1,P1,C2,medium,2025-05-06,\n"
    with pytest.raises(workrules.InputError) as refused:
        workrules.load_data([("Tees PDU cases.csv", csv)])
    assert str(refused.value) == (
        "Tees PDU cases.csv: is CSV, which workrules reads from a file, not from text in "
        "memory: write the text to a file of this name (in a folder of its own, as "
        "tempfile.mkdtemp() makes) and give its path, as load_data([path]) or "
        "workrules.check([folder], root=folder)")


def test_a_csv_file_so_written_is_read() -> None:
    # what the message says to do, done: the export's name says the list it fills
    folder = HERE / "csv"
    data = workrules.load_data([str(folder / "staff.yaml"), str(folder / "Tees PDU cases.csv")],
                               root=str(folder))  # fmt: skip
    assert [c.id for c in data.of("case")] == ["X1"]


@pytest.mark.parametrize(("name", "advice"), [
    ("allocation.yaml", " (export large data sets as JSON, named .json)"),
    ("pso.md", " (export large data sets as JSON, named .json)"),
    ("cases.ndjson", ""),  # (JSON already: no advice, as on disk)
])  # fmt: skip
def test_large_text_in_memory_is_given_the_advice_a_file_on_disk_is(name: str,
                                                                   advice: str) -> None:
    with pytest.raises(workrules.InputError) as refused:
        workrules.load_data([(name, "#" * (MAX_YAML_BYTES + 1))])
    assert str(refused.value) == (
        f"{name}: is more than 8,388,608 bytes; longer data is refused{advice}")
