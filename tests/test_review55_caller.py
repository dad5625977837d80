"""Review 55: a developer who imports workrules into a web service, and a policy author (a
first hour, round 44), on the files in fixtures/review55/caller/.

- P14: a data file with bad records of two kinds (`grade: PS0` on one, `contracted_hours: -3`
  on another) said one a run: each stage of the load (the schema, building the records,
  merging the files, the policy's grades) stopped at its own mistakes.
- P9: with `root=` a service's temporary folder, every subject, `file`, sentence and error
  named the folder's absolute path (`/tmp/upload-a7vbrd51/spo.md`).
- P10: one finding of a practitioner holding 8,000 cases was 1.1 MB of JSON, with no way to
  ask for fewer of its evidence records.
- P12: a `from` on a rule for job descriptions was refused at the rule's id, not at the `from`.
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
from workrules.limits import MAX_ERRORS_PER_FILE

HERE = Path(__file__).parent.parent / "fixtures" / "review55" / "caller"
SHOWN = "fixtures/review55/caller"
ROOT = Path(__file__).parent.parent

SLIP = ("grade 'PS0' is not a known grade (did you mean 'PSO'?); if it is a grade of its own, "
        "declare it with 'grade PS0' in the policy or grades = [\"PS0\"] in workrules.toml")
BELOW = "contracted_hours: -3 is less than 0; give 0 or more"


def _refused(*args: str) -> list[str]:
    """The lines `workrules check ARGS` says on stderr, run from the repository, which must
    refuse the input (exit status 2)."""
    done = run_workrules("check", *args, cwd=ROOT)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    return done.stderr.splitlines()


# ------------------------------------------- P14: every bad record of a file, in one run


def test_a_slip_of_a_grade_is_said_with_a_value_the_schema_refuses() -> None:
    assert _refused(f"{SHOWN}/two-bad-records.yaml") == [
        f"workrules: {SHOWN}/two-bad-records.yaml:4: staff S1: {SLIP}",
        f"workrules: {SHOWN}/two-bad-records.yaml:5: staff[1] (S2).{BELOW}",
    ]


def test_a_value_the_schema_takes_but_no_record_can_hold_is_said_with_the_rest() -> None:
    # a vacancy for a grade is found when the record is built, which a refusal by the schema
    # had stopped before: each of three stages' mistakes, in the order of their lines
    assert _refused(f"{SHOWN}/three-stages.yaml") == [
        f"workrules: {SHOWN}/three-stages.yaml:7: staff[0] (S1): grade: 'Vacant PO' says the "
        "post is vacant ('Vacant'), not a grade: a staff list lists the people in post; give "
        "the funded posts in the establishment",
        f"workrules: {SHOWN}/three-stages.yaml:8: staff[1] (S2).{BELOW}",
        f"workrules: {SHOWN}/three-stages.yaml:9: staff S3: {SLIP}",
    ]


def test_a_slip_of_a_grade_is_said_with_a_reference_to_no_one_in_the_file_after() -> None:
    assert _refused(f"{SHOWN}/slip-staff.yaml", f"{SHOWN}/rota-nobody.yaml") == [
        f"workrules: {SHOWN}/slip-staff.yaml:4: staff S1: {SLIP}",
        f"workrules: {SHOWN}/rota-nobody.yaml:4: timesheet S9 week 2025-06-09: staff 'S9' is "
        "not the id of anyone in the staff lists given; pass the file that lists them too",
    ]


def test_files_are_said_in_the_order_given_whichever_stage_refused_each() -> None:
    assert _refused(f"{SHOWN}/rota-nobody.yaml", f"{SHOWN}/slip-staff.yaml") == [
        f"workrules: {SHOWN}/rota-nobody.yaml:4: timesheet S9 week 2025-06-09: staff 'S9' is "
        "not the id of anyone in the staff lists given; pass the file that lists them too",
        f"workrules: {SHOWN}/slip-staff.yaml:4: staff S1: {SLIP}",
    ]


def test_a_slip_of_a_grade_is_said_with_a_staff_member_listed_twice() -> None:
    assert _refused(f"{SHOWN}/listed-twice.yaml") == [
        f"workrules: {SHOWN}/listed-twice.yaml:4: staff S1: {SLIP}",
        f"workrules: {SHOWN}/listed-twice.yaml:6: staff S2 is listed twice with different "
        f"details: here and at {SHOWN}/listed-twice.yaml:5; grade is \"PSO\" here and \"PO\" "
        "there",
    ]


def test_a_grade_the_policy_declares_is_no_slip_beside_another_refusal() -> None:
    assert _refused("--policy", f"{SHOWN}/declares-ps0.wr", f"{SHOWN}/two-bad-records.yaml") == [
        f"workrules: {SHOWN}/two-bad-records.yaml:5: staff[1] (S2).{BELOW}"]


def test_the_library_gets_each_bad_record_with_its_file_and_line() -> None:
    with pytest.raises(workrules.InputErrors) as caught:
        workrules.check([str(HERE / "two-bad-records.yaml")])
    assert [(os.path.basename(e.file or ""), e.line, e.message) for e in caught.value.errors] == [
        ("two-bad-records.yaml", 4, f"staff S1: {SLIP}"),
        ("two-bad-records.yaml", 5, f"staff[1] (S2).{BELOW}"),
    ]


def test_data_loaded_without_a_policy_says_what_the_data_alone_refuses() -> None:
    # (a grade is judged against a policy's grades: `Policy.check` says the slip after)
    with pytest.raises(workrules.InputError) as caught:
        workrules.load_data([str(HERE / "two-bad-records.yaml")])
    assert str(caught.value).endswith(f"two-bad-records.yaml:5: staff[1] (S2).{BELOW}")
    assert not isinstance(caught.value, workrules.InputErrors)


def _many_bad(tmp_path: Path, records: int) -> Path:
    """A rota of `records` timesheets: the second refused by the schema, every other one of a
    week given by its Tuesday (refused when built), and a staff list."""
    rows = [f"  - {{staff: S1, week: 2025-06-{'10' if n % 2 else '09'}, hours_worked: "
            f"{-4 if n == 1 else 40}}}\n" for n in range(records)]
    (tmp_path / "rota.yaml").write_text("kind: rota\nunit: T\ntimesheets:\n" + "".join(rows),
                                        encoding="utf-8")  # fmt: skip
    (tmp_path / "staff.yaml").write_text("kind: staff\nunit: T\nstaff:\n  - {id: S1, grade: PO}\n",
                                         encoding="utf-8")  # fmt: skip
    return tmp_path


def test_a_file_of_thousands_of_bad_records_says_its_first_hundred_reading_it_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import yaml

    composed = []
    compose = yaml.compose
    monkeypatch.setattr(yaml, "compose", lambda *a, **k: composed.append(1) or compose(*a, **k))
    folder = _many_bad(tmp_path, 4_000)
    with pytest.raises(workrules.InputErrors) as caught:
        workrules.check([str(folder / "staff.yaml"), str(folder / "rota.yaml")])
    errors = caught.value.errors
    assert len(errors) == MAX_ERRORS_PER_FILE
    assert [e.line for e in errors[:3]] == [5, 7, 9]
    # a record the schema refuses is not built: said once, for the schema's reason
    assert errors[0].message == "timesheets[1].hours_worked: -4 is less than 0; give 0 or more"
    assert errors[1].message == ("timesheets[3]: week '2025-06-10' is a Tuesday; a week is "
                                 "given by its Monday (2025-06-09) or as an ISO week (2025-W24)")
    # the lines of a hundred refusals found in one reading of the file's YAML, not a hundred
    assert len(composed) == 1


def test_the_command_line_lists_twenty_and_counts_the_rest(tmp_path: Path) -> None:
    folder = _many_bad(tmp_path, 4_000)
    done = run_workrules("check", "staff.yaml", "rota.yaml", cwd=folder)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 21
    assert lines[-1] == f"workrules: ... and {MAX_ERRORS_PER_FILE - 20} more input errors"


# ------------------------------------------- P9: names relative to the caller's root


def _upload(tmp_path: Path) -> str:
    """The upload, unpacked into a temporary folder of its own, as a service does."""
    up = tmp_path / "upload-a7vbrd51"
    shutil.copytree(HERE / "upload", up)
    return str(up)


def test_an_upload_checked_within_root_names_its_files_from_root(tmp_path: Path) -> None:
    up = _upload(tmp_path)
    result = workrules.check([up], root=up)
    assert result.files == ("spo.md", "staff.yaml")
    assert [(f.file, f.subject, [e.file for e in f.evidence]) for f in result.findings] == [
        ("spo.md", "spo.md", ["spo.md"])]
    assert result.findings[0].message.startswith(
        "spo.md (Senior Probation Officer) gives the post line management")
    assert up not in result.to_json() and str(tmp_path) not in result.to_json()


def test_files_named_one_by_one_within_root_are_named_from_root(tmp_path: Path) -> None:
    up = _upload(tmp_path)
    result = workrules.check([os.path.join(up, "staff.yaml"), os.path.join(up, "spo.md")],
                             root=up)  # fmt: skip
    assert result.files == ("staff.yaml", "spo.md")


def test_a_file_in_a_folder_of_the_upload_is_named_with_that_folder(tmp_path: Path) -> None:
    up = _upload(tmp_path)
    os.mkdir(os.path.join(up, "jd"))
    os.rename(os.path.join(up, "spo.md"), os.path.join(up, "jd", "spo.md"))
    result = workrules.check([up], root=up)
    assert result.files == (os.path.join("jd", "spo.md"), "staff.yaml")
    assert result.findings[0].subject == os.path.join("jd", "spo.md")


def test_a_refusal_within_root_names_the_file_from_root(tmp_path: Path) -> None:
    up = _upload(tmp_path)
    shutil.copy(HERE / "two-bad-records.yaml", up)
    with pytest.raises(workrules.InputErrors) as caught:
        workrules.check([up], root=up)
    assert [str(e) for e in caught.value.errors] == [
        f"two-bad-records.yaml:4: staff S1: {SLIP}",
        f"two-bad-records.yaml:5: staff[1] (S2).{BELOW}"]
    with pytest.raises(workrules.InputError) as missing:
        workrules.check([os.path.join(up, "rota.yaml")], root=up)
    assert str(missing.value) == "rota.yaml: cannot be read: No such file or directory"


def test_a_folder_of_no_data_within_root_is_refused_by_its_name_from_root(
        tmp_path: Path) -> None:  # fmt: skip
    up = _upload(tmp_path)
    os.mkdir(os.path.join(up, "notes"))
    with pytest.raises(workrules.InputError) as caught:
        workrules.check([os.path.join(up, "notes")], root=up)
    assert caught.value.file == "notes"


def test_a_policy_within_root_is_named_from_root(tmp_path: Path) -> None:
    up = _upload(tmp_path)
    shutil.copy(HERE / "from-on-jd.wr", up)
    with pytest.raises(workrules.PolicyError) as caught:
        workrules.check([up], policy=os.path.join(up, "from-on-jd.wr"), root=up)
    assert str(caught.value) == ("from-on-jd.wr:6:5: a job description has no date, so 'from' "
                                 "cannot apply to it")


def test_what_a_folder_within_root_did_not_read_is_named_from_root(tmp_path: Path) -> None:
    up = _upload(tmp_path)
    (Path(up) / "env").mkdir()
    (Path(up) / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (Path(up) / "env" / "bin").mkdir()  # (its Python: a `pyvenv.cfg` alone proves no
    (Path(up) / "env" / "bin" / "python").symlink_to("/usr/bin/python3")  # environment)
    (Path(up) / "rota.yaml").write_text("", encoding="utf-8")
    result = workrules.check([up], root=up)
    assert [(n.file, n.reason.split(":")[0]) for n in result.files_not_read] == [
        (os.path.join("env", ""), "a folder not walked"),
        ("rota.yaml", "not workrules data, so not read")]
    assert result.files_not_read[0] == FileNotRead(
        os.path.join("env", ""), result.files_not_read[0].reason)


def test_without_root_files_keep_the_names_they_were_given(tmp_path: Path) -> None:
    up = _upload(tmp_path)
    result = workrules.check([up])
    assert result.files == (os.path.join(up, "spo.md"), os.path.join(up, "staff.yaml"))
    assert result.findings[0].subject == os.path.join(up, "spo.md")


def test_the_command_line_names_files_as_they_were_given(tmp_path: Path) -> None:
    up = _upload(tmp_path)
    done = run_workrules("check", up, "--format", "json", cwd=tmp_path)
    assert json.loads(done.stdout)["files"] == [os.path.join(up, "spo.md"),
                                                os.path.join(up, "staff.yaml")]  # fmt: skip
    done = run_workrules("check", "upload-a7vbrd51", "--format", "json", cwd=tmp_path)
    assert json.loads(done.stdout)["files"] == ["upload-a7vbrd51/spo.md",
                                                "upload-a7vbrd51/staff.yaml"]  # fmt: skip


# ------------------------------------------- P10: a bound on the evidence in JSON


@pytest.fixture(scope="module")
def crowded() -> workrules.Result:
    """One finding: a PO holding 60 cases, against a total of 40."""
    rows = "".join(f"  - {{id: X{n:03d}, practitioner: P1, rosh: low}}\n" for n in range(60))
    data = workrules.load_data([
        ("staff.yaml", "kind: staff\nunit: T\nstaff:\n  - {id: P1, grade: PO}\n"),
        ("allocation.yaml", "kind: allocation\nunit: T\ncases:\n" + rows)])
    result = workrules.load_policy().with_values(["cases_max=40"]).check(data)
    assert [len(f.evidence) for f in result.findings] == [60]
    return result


def test_max_evidence_lists_the_first_records_and_counts_the_rest(
        crowded: workrules.Result) -> None:  # fmt: skip
    finding = crowded.to_dict(max_evidence=2)["findings"][0]
    assert finding["evidence"] == [
        {"file": "allocation.yaml", "line": 4, "kind": "case", "label": "X000"},
        {"file": "allocation.yaml", "line": 5, "kind": "case", "label": "X001"}]
    assert finding["evidence_not_listed"] == 58
    assert list(finding)[list(finding).index("evidence") + 1] == "evidence_not_listed"


def test_the_json_text_bounded_is_the_dict_bounded(crowded: workrules.Result) -> None:
    text = crowded.to_json(max_evidence=2)
    assert text == json.dumps(crowded.to_dict(max_evidence=2), indent=2, ensure_ascii=False) + "\n"
    assert crowded.json_bytes(max_evidence=2).decode() == text
    assert len(text) < len(crowded.to_json()) - 58 * 80


def test_evidence_within_the_bound_is_listed_whole_and_not_counted(
        crowded: workrules.Result) -> None:  # fmt: skip
    finding = crowded.to_dict(max_evidence=60)["findings"][0]
    assert len(finding["evidence"]) == 60 and "evidence_not_listed" not in finding


def test_by_default_every_record_is_listed_as_the_command_line_writes_it(
        crowded: workrules.Result) -> None:  # fmt: skip
    plain = crowded.to_dict()
    assert len(plain["findings"][0]["evidence"]) == 60
    assert "evidence_not_listed" not in plain["findings"][0]
    assert crowded.to_json() == json.dumps(plain, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("wrong", [-1, True, "10", 2.5])
def test_a_bound_that_is_no_whole_number_is_refused(crowded: workrules.Result,
                                                     wrong: object) -> None:  # fmt: skip
    with pytest.raises(workrules.UsageError) as caught:
        crowded.to_json(max_evidence=wrong)  # type: ignore[arg-type]
    assert str(caught.value) == ("max_evidence: expected a whole number of 0 or more (or None, "
                                 f"for all), not {wrong!r}")


# ------------------------------------------- P12: a `from` refused at the `from`


def test_from_on_a_rule_for_job_descriptions_is_refused_at_the_from() -> None:
    assert _refused("--policy", f"{SHOWN}/from-on-jd.wr", f"{SHOWN}/upload/staff.yaml") == [
        f"workrules: {SHOWN}/from-on-jd.wr:6:5: a job description has no date, so 'from' "
        "cannot apply to it",
        "        from 2025-04-01",
        "        ^^^^^^^^^^^^^^^",
    ]


def test_from_naming_no_parameter_is_refused_at_the_from() -> None:
    assert _refused("--policy", f"{SHOWN}/from-unknown.wr", f"{SHOWN}/upload/staff.yaml") == [
        f"workrules: {SHOWN}/from-unknown.wr:6:5: 'from' takes a date or a date parameter; "
        "'agreed_on' is not a parameter",
        "        from agreed_on",
        "        ^^^^^^^^^^^^^^",
    ]
