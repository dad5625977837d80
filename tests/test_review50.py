"""Session 40: what the helpers found, on the files in fixtures/review50/.

- scenarios, round 39 (left from session 39): a share just over a cap of two places said as
  the cap itself;
- a first hour, round 40 (a rep with a screen reader): a table wider than the terminal, and a
  table of box-drawing lines on a terminal that says it is dumb;
- job descriptions, round 45, and scenarios, round 40 (never silent): a run whose rules could
  not judge everyone summed up as "nothing to report"; a word for no value refused with advice
  that was wrong for a required field and for one with a default; people whose record gives no
  contracted hours counted as staff with no contract, with no word;
- a hostile repository, seventeenth attack (make the verdict lie): a rota a folder walk skipped
  for its kind, or its missing kind, or a CSV's name, while the loader refused it named; a
  gate that named its rotas dropped the staff list's breaches unsaid; GitHub's ten warnings a
  step, of which the eleventh, the one that turned 5a off, was dropped;
- a hostile repository, eighteenth attack (the pre-commit hook as the gate): a rota named
  `w.yaml ` (a blank after the suffix) or `w.yaml.`, passed over by a walk unsaid;
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import run_workrules
from hypothesis import given
from hypothesis import strategies as st

from workrules import check, report
from workrules.builders import NO_GRADE, _BadValue, _grade_of
from workrules.render import apart, number

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review50"
EXAMPLE = ROOT / "fixtures" / "example"


# ---------------------------------------------------------------- a value at its limit's places

def test_a_share_just_over_its_cap_is_said_to_the_places_that_show_it_over() -> None:
    # one practitioner of three above 110% of WMT: 33.333...%, over a cap set at 33.33%;
    # "33.33% ..., more than the 33.33% agreed" read as a false breach
    edge = HERE / "share-edge"
    result = check([edge / "staff.yaml", edge / "allocation.yaml"], set_values=["safeguard_over_ceiling_share_max=33.33%"],
                   today=dt.date(2025, 4, 30),
                   select=["safeguard-over-ceiling-share"])  # fmt: skip
    [f] = result.findings
    assert (f.measured, f.limit, f.line) == ("33.333%", "at most 33.33%", 4)
    assert f.message.startswith(
        "Tees PDU, week of 2025-03-03: 33.333% of the practitioners with a reading above 110% "
        "of WMT (1 of 3), more than the 33.33% agreed for Operation Safeguard (1.1g); ")
    assert f.value == 100 / 3 and f.limit_value == 33.33  # the numbers as they are


def test_a_share_over_its_cap_by_more_than_two_places_show_is_said_as_before() -> None:
    edge = HERE / "share-edge"
    result = check([edge / "staff.yaml", edge / "allocation.yaml"], set_values=["safeguard_over_ceiling_share_max=30%"],
                   today=dt.date(2025, 4, 30),
                   select=["safeguard-over-ceiling-share"])  # fmt: skip
    [f] = result.findings
    assert (f.measured, f.limit) == ("33.33%", "at most 30%")


@given(st.floats(0.001, 10_000, allow_nan=False), st.floats(1e-6, 0.009))
def test_a_value_and_a_limit_said_alike_are_said_apart_on_the_side_they_are(
        limit: float, over: float) -> None:  # fmt: skip
    value = limit + over
    said, limit_said = number(value), number(limit)
    shown, shown_limit = apart(value, limit, said, limit_said)
    if said != limit_said:
        assert (shown, shown_limit) == (value, limit)
    else:
        places = shown.places  # type: ignore[attr-defined]
        assert float(number(shown)) > float(number(shown_limit))  # on the side they are
        for x, text in ((value, number(shown)), (limit, number(shown_limit))):  # rounded
            assert abs(float(text) - x) <= 0.5 * 10**-places + 1e-12


# ---------------------------------------------------------------- the table at a terminal's width

def example_result(monkeypatch: pytest.MonkeyPatch) -> object:
    """The README's first check, run from the project's root as the README runs it."""
    monkeypatch.chdir(ROOT)
    example = EXAMPLE.relative_to(ROOT)
    return check([*sorted(example.glob("*.yaml")), *sorted((example / "jd").glob("*.md"))])


@pytest.mark.parametrize("columns", [60, 80])
def test_a_table_that_cannot_fit_the_terminal_is_the_text_report(
        columns: int, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # a path of 43 characters beside a rule id of 35 leave the finding no room at 80 columns:
    # the table was drawn 83 wide, each line wrapped by the terminal, each sentence cut into
    # pieces of 22 characters read between the other columns' pieces
    result = example_result(monkeypatch)
    drawn = report.table(result, width=columns)  # type: ignore[arg-type]
    assert drawn == report.text(result)  # type: ignore[arg-type]
    assert "│" not in drawn and drawn.startswith(
        "fixtures/example/allocation.yaml:5: wmt-over-ceiling [1.2k(i)] S001 (PO) was above ")


def test_a_narrow_table_moves_the_rule_into_the_finding_cell_last(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    result = example_result(monkeypatch)
    drawn = report.table(result, width=100)  # type: ignore[arg-type]
    lines = [line for line in drawn.splitlines() if line[:1] in "┌│├└"]
    assert max(len(line) for line in lines) == 100
    assert lines[1].split() == ["│", "where", "│", "finding", "│"]
    flat = " ".join(drawn.split()).replace(" │ ", " ")
    assert "rule: wmt-over-ceiling [1.2k(i)]" in flat
    assert "measured: 14 days (at most 7 days)" in flat


def test_the_default_on_a_dumb_terminal_is_text(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    from workrules.cli import main

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    files = [str(EXAMPLE / "rota.yaml"), str(EXAMPLE / "staff.yaml")]
    monkeypatch.setenv("TERM", "xterm")
    assert main(["check", "--no-config", "--color", "never", *files]) == 1
    assert capsys.readouterr().out.startswith("┌")
    monkeypatch.setenv("TERM", "dumb")
    assert main(["check", "--no-config", *files]) == 1
    out = capsys.readouterr().out
    assert "│" not in out and out.startswith(str(EXAMPLE / "rota.yaml") + ":")


# ---------------------------------------------------------------- a summary never "nothing to report"

def test_a_run_that_judged_not_everyone_is_not_summed_up_as_nothing_to_report() -> None:
    # a job description that only points to an attached PDF; a practitioner whose grade no
    # rule knows, holding a high-RoSH case: the notices said so, the last line "nothing to
    # report", and a rep reading only it took the run for clean
    done = run_workrules("check", "--no-config", "--today", "2025-04-01", "pointer-only.md",
                         "unknown-grade/staff.yaml", "unknown-grade/allocation.yaml", cwd=HERE)
    assert (done.returncode, done.stderr) == (0, "")
    last = done.stdout.splitlines()[-1]
    assert last == ("0 findings from 26 rules of policy claim-2024 over 3 files; none found, but "
                    "13 rules could not judge every record (see the rules applied in part).")
    partly = [line for line in done.stdout.splitlines() if ": applied in part" in line]
    assert len(partly) == 13


# ---------------------------------------------------------------- what to write for a value not known

@pytest.mark.parametrize(("files", "message"), [
    # a required field: an empty cell was refused again, as required
    (["wear-staff.csv", "c-timesheets.csv"], "c-timesheets.csv:2: hours_worked: 'TBC' is not a "
     "number; 'TBC' stands for no value: give the value; it is required, so leave the record "
     "out until it is known"),
    # a field with a default: an empty cell, as advised, read as 0 h of TOIL, a definite breach
    (["wear-staff.csv", "a-timesheets.csv"], "a-timesheets.csv:2: toil_hours: '-' is not a "
     "number; '-' stands for no value: give the value; an empty cell is read as 0, not as "
     "unknown"),
    (["wear-staff.csv", "dash-rota.yaml"], "dash-rota.yaml:4: timesheets[0].toil_hours: '-' is "
     "not a number; '-' stands for no value: give the value; a value left out is read as 0, "
     "not as unknown"),
    # a field that may be not given: as before
    (["tbc-staff.csv"], "tbc-staff.csv:2: contracted_hours: 'TBC' is not a number; 'TBC' stands "
     "for no value: give the value, or leave the cell empty where it is not known"),
    # a job description's front matter, and a report's nested subject (the review of session
    # 40: each still said "leave the cell empty")
    (["tbc-span.md"], "tbc-span.md:5: span_of_control: 'TBC' is not a whole number; 'TBC' "
     "stands for no value: give the value, or leave it out where it is not known"),
    (["tbc-level-staff.yaml", "tbc-level-allocation.yaml"], "tbc-level-allocation.yaml:4: "
     "reports[0] (R1).subject.mappa_level: 'TBC' is not a whole number; 'TBC' stands for no "
     "value: give the value; a value left out is read as 0, not as unknown"),
    # a grade (JDs round 68, P8: a template's `grade: TBC` was named as an unknown grade, and
    # the advice was to declare it)
    (["tbc-grade.md"], "tbc-grade.md:4: grade: 'TBC' stands for no value, not a grade: give the "
     "grade, and leave the record or file out until it is known"),
    (["tbc-grade-staff.yaml"], "tbc-grade-staff.yaml:5: staff[1] (W02): grade: 'To be "
     "confirmed' stands for no value, not a grade: give the grade, and leave the record or file "
     "out until it is known"),
])  # fmt: skip
def test_a_word_for_no_value_is_refused_with_what_a_blank_would_be_read_as(
        files: list[str], message: str) -> None:  # fmt: skip
    done = run_workrules("check", "--no-config", *files, cwd=HERE / "no-value")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"workrules: {message}\n"


# ---------------------------------------------------------------- an indicator over hours not given

def test_staff_whose_hours_are_not_given_are_said_to_be_so_in_the_no_contract_figure() -> None:
    done = run_workrules("indicators", "--period", "2025-Q1", "--by", "grade", "--min-cell", "2",
                         "--format", "csv", "staff.yaml", "rota.yaml",
                         cwd=HERE / "hours-not-given")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    rows = [line for line in done.stdout.splitlines() if line.startswith("no_contract,")]
    note = ('"read with care: 2 staff members counted because their record gives no contracted '
            'hours, not 0: if the export left their hours out, they are not staff without a '
            'contract; 2 of the 4 staff in post in the period returned a timesheet it reads (2 '
            'person-weeks, of the 26 weeks the 2 with no contracted hours it counts were in '
            'post): the figure is the average of the weeks given, not of the staff\'s time in '
            'post, and a week with no timesheet is not a week with no hours worked; the period '
            'before, 2024-Q4, has no figure: the data\'s timesheets, absences, incidents and '
            'counts record nothing in it"')
    pdu = "Wear PDU (the files given)"  # (one PDU's files: a first hour, round 48, P5)
    unit = "hours per person-week"  # (an average, not a total: a first hour, round 49, P11)
    assert rows == [f"no_contract,{unit},{pdu},all,all,2,25.00,-,-,25.00,,{note},2025-Q1,50,2",
                    f"no_contract,{unit},{pdu},grade,PSO,2,25.00,-,-,25.00,,{note},2025-Q1,50,2"]


# ---------------------------------------------------------------- a walk never skips a rota by its kind

WALK = HERE / "hostile" / "walk"


@pytest.mark.parametrize(("folder", "message"), [
    # `kind: roster` over an unpaid work session of 1:9 (the one-word change reads as a tidy-up)
    ("roster", "./rota.yaml:1: kind 'roster' is not one of rota, allocation, staff, "
     "job-description (did you mean 'rota'?)"),
    ("nokind", "./rota.yaml:1: has no top-level 'kind:' (rota, allocation, staff or "
     "job-description)"),
    # a CSV whose header is an unpaid work register's, named for no list
    ("csv", "./rota.csv: a CSV or Parquet file names the list it fills at the end of its name "
     "(e.g. region-01-timesheets.csv); 'rota' is not one of absences, cases, establishment, "
     "incidents, mappa_meetings, programme_sessions, reports, sfo_reviews, staff, timesheets, "
     "unallocated, upw_sessions, wmt; its columns are those of upw_sessions: rename it "
     "rota-upw_sessions.csv"),
])  # fmt: skip
def test_a_walk_refuses_a_rota_whose_kind_or_name_says_otherwise(folder: str,
                                                                  message: str) -> None:
    # walked, each passed with exit 0 and one line on standard error; named, each was refused
    done = run_workrules("check", "--no-config", "--", ".", cwd=WALK / folder)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"workrules: {message}\n"


def test_a_walk_still_skips_other_tools_files_and_a_team_page() -> None:
    # `kind: Deployment`; a site's `staff:` list with grades but no field only a staff list
    # has; a test suite's `cases:`, an incident log's `incidents:`, a dashboard's `"reports":
    # []`; CSVs headed `id,date,type`, `week,cases` or `id,name,grade` (the review of session
    # 40: each refused a walk of a repository that holds them, exit 2)
    done = run_workrules("check", "--no-config", "--", ".", cwd=WALK / "other")
    assert (done.returncode, done.stdout.splitlines()[-1]) == (0, (
        "0 findings from 6 rules of policy claim-2024 over 1 file; nothing to report."))
    assert done.stderr == ("workrules: skipped 11 files that are not workrules data (first: "
                           "./blog.csv)\n")


@pytest.mark.parametrize("form", ["text", "github"])
def test_findings_about_a_config_s_data_left_out_of_a_named_run_are_counted(form: str) -> None:
    # docs/ci.md's recipe named the rotas and allocations: the staff list the config's `data`
    # loads was judged, its breach of 9 (S009 manages 4, the cap 3) left out, and the run said
    # "0 findings ... nothing to report"
    done = run_workrules("check", "--format", form, "rota.yaml", cwd=HERE / "hostile" / "named")
    assert (done.returncode, done.stderr) == (0, "")
    said = ("data staff.yaml, read with the files named: 1 finding about it not shown, of "
            "span-of-control (name it to see it) (the policy's: none: every file's findings "
            "shown")
    lines = done.stdout.splitlines()
    if form == "text":
        assert f"  {said}; set by workrules.toml:2)" in lines
        assert lines[-1] == ("0 findings from 11 rules of policy claim-2024 over 1 file; none "
                             "found, but the config's data has findings not shown (see the "
                             "values set for this run).")
    else:
        assert (f"::warning file=workrules.toml,line=2,title=workrules%3A set over the "
                f"policy's::{said})") in lines
    named = run_workrules("check", "--format", form, "rota.yaml", "staff.yaml",
                          cwd=HERE / "hostile" / "named")  # fmt: skip
    assert named.returncode == 1 and "not shown" not in named.stdout


def test_github_s_ten_warnings_a_step_show_the_value_that_weakens_the_gate_first() -> None:
    # eleven caps the claim leaves to be agreed, filled in, then `upw_ratio_from = 2999-12-31`
    # (5a off) on line 16: the twelfth warning, which GitHub drops unsaid
    done = run_workrules("check", "--format", "github", "--", ".",
                         cwd=HERE / "hostile" / "many-settings")  # fmt: skip
    assert done.returncode == 0
    warnings = [line for line in done.stdout.splitlines() if line.startswith("::warning")]
    assert len(warnings) == 10
    assert warnings[0] == ("::warning file=workrules.toml,line=16,title=workrules%3A set over "
                           "the policy's::upw_ratio_from 2999-12-31 (the policy's: 2024-06-03)")
    assert warnings[-1] == (
        "::warning title=workrules%3A 3 more warnings%2C in the log::GitHub shows 10 warning "
        "annotations a step; the other 3 are the lines under 'Not shown as warning "
        "annotations' in the log")
    lines = done.stdout.splitlines()
    at = lines.index("Not shown as warning annotations (3):")
    assert lines[at:at + 4] == [  # (the review of session 40: dropped, they were in no log)
        "Not shown as warning annotations (3):",
        "  workrules.toml:13: set over the policy's: safeguard_vacancies_max 3 (the policy's: "
        "to be agreed)",
        "  workrules.toml:14: set over the policy's: mappa_meetings_per_day_max 3 (the "
        "policy's: to be agreed)",
        "  workrules.toml:15: set over the policy's: wmt_assessed_from 2024-01-01 (the policy's: "
        "to be agreed)"]


def test_every_finding_of_a_run_with_more_than_ten_is_an_annotation_or_a_line_of_the_log(
        tmp_path: Path) -> None:  # fmt: skip
    sessions = "".join(f"  - {{id: U{n}, date: 2024-06-{n:02}, supervisors: [S010], members: 7, "
                       "contact_hours: 7}\n" for n in range(3, 28))  # fmt: skip
    (tmp_path / "rota.yaml").write_text(f"kind: rota\nunit: Test PDU\nupw_sessions:\n{sessions}",
                                        encoding="utf-8")  # fmt: skip
    (tmp_path / "staff.yaml").write_text("kind: staff\nunit: Test PDU\nstaff:\n  - {id: S010, "
                                         "grade: PO, contracted_hours: 37}\n", encoding="utf-8")
    done = run_workrules("check", "--no-config", "--format", "github", "rota.yaml",
                         "staff.yaml", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error")]
    assert len(errors) == 10 and errors[-1].startswith("::error title=workrules%3A 16 more errors")
    for n in range(3, 28):  # each of the 25 sessions over 1:6, said once
        said = [line for line in lines if f"U{n} on 2024-06-{n:02} had 7 group members" in line]
        assert len(said) == 1, n


@pytest.mark.parametrize("name", ["w.yaml ", "w.yaml.", "w.yaml\u200b", "w.json "])
def test_a_walk_refuses_a_rota_under_a_name_it_does_not_read(name: str, tmp_path: Path) -> None:
    # GitHub's file list shows `w.yaml ` as `w.yaml`; named on its own, the loader read it as
    # the rota it is, and its 1:7 group breached 5a; walked, it was passed over without a word
    rotas = tmp_path / "rotas"
    rotas.mkdir()
    (rotas / "ok.yaml").write_text("kind: rota\nunit: Test PDU\n", encoding="utf-8")
    body = ('{"unit": "Test PDU", "kind": "rota"}\n' if name.startswith("w.json") else
            "# June\nunit: Test PDU\nkind: rota\nupw_sessions:\n  - {id: U101, date: 2024-06-04, "
            "supervisors: [S010], members: 7, contact_hours: 7}\n")  # fmt: skip
    (rotas / name).write_text(body, encoding="utf-8")
    done = run_workrules("check", "--no-config", "--", "rotas/", cwd=tmp_path)
    shown = name.rstrip(" .\u200b")
    what = "characters" if "\u200b" in name else "blanks or dots"
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"workrules: rotas/{name}:1: is named {name!r}, with {what} after its "
                           f"suffix, and holds workrules data: name it {shown!r}\n")


@pytest.mark.parametrize(("name", "text"), [
    ("how-to-add-a-rota.txt", "To add a rota, copy this:\n\n    kind: rota\n    unit: X\n"),
    ("new_rota.sh", "#!/bin/sh\ncat > rota.yaml <<EOF\nkind: rota\nunit: X\nEOF\n"),
    ("rota.yaml.j2", "kind: rota\nunit: {{ unit }}\n"),
    ("rota.yaml.save", "kind: rota\nunit: X\n"),
    ("rota.yaml.disabled", "kind: rota\nunit: X\n"),
    ("june.txt", "Title: June\nKind: rota\n"),
    ("office.geojson", '{"type": "Feature", "properties": {"kind": "staff"}}\n'),
])  # fmt: skip
def test_a_walk_passes_over_a_note_a_script_or_a_spare_copy_that_quotes_data(
        name: str, text: str, tmp_path: Path) -> None:  # fmt: skip
    # the first version of the refusal read any line in the first 16 KiB (the review of
    # session 40: a how-to, a heredoc, a Jinja template and a GeoJSON map each failed a walk)
    (tmp_path / "rota.yaml").write_text(
        "kind: rota\nunit: Test PDU\nupw_sessions:\n  - {id: U1, date: 2024-06-04, "
        "supervisors: [S010], members: 5, contact_hours: 6}\n", encoding="utf-8")
    (tmp_path / "staff.yaml").write_text("kind: staff\nunit: Test PDU\nstaff:\n  - {id: S010, "
                                         "grade: PO, contracted_hours: 37}\n", encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    done = run_workrules("check", "--no-config", "-q", "--", ".", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "")


@given(word=st.sampled_from(sorted(NO_GRADE)), upper=st.lists(st.booleans(), min_size=30,
                                                              max_size=30),
       pad=st.sampled_from(["", " ", "  "]))  # fmt: skip
def test_a_word_for_no_grade_is_refused_in_any_case_and_spacing(word: str, upper: list[bool],
                                                                 pad: str) -> None:  # fmt: skip
    written = pad + "".join(c.upper() if up else c for c, up in zip(word, upper[:len(word)], strict=True)) + pad
    with pytest.raises(_BadValue, match="stands for no value, not a grade"):
        _grade_of(written.replace(" ", "  ") if pad == "  " else written, "grade")


@pytest.mark.parametrize("grade", ["PO", "Probation Services Officer", "Tbc Officer", "Pending "
                                   "Cases Officer", "NA Coordinator"])  # fmt: skip
def test_a_grade_holding_such_a_word_among_others_is_read(grade: str) -> None:
    assert _grade_of(grade, "grade")
