"""Review 12: attacks by a hostile repository, and HR exports as careless tools write them,
that the earlier reviews did not try. Each test names the behaviour, runs a real file of
fixtures/review12/ (or one planted as an attacker would plant it), and asserts the exact exit
status and message.
"""

from __future__ import annotations

import os
import string
from pathlib import Path

import pytest
from conftest import check_text, run_workrules
from hypothesis import example, given
from hypothesis import strategies as st

from workrules.config import read_config
from workrules.errors import UsageError, did_you_mean, visible
from workrules.limits import MAX_POLICY_BYTES

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "review12"
GATE = HERE / "gate"
CONFIG = HERE / "config"
DATA = HERE / "data"
STAFF = ROOT / "fixtures" / "example" / "staff.yaml"


def _check(*args: str, cwd: Path = HERE) -> tuple[int, str, str]:
    done = run_workrules("check", "-q", "--format", "text", *args, cwd=cwd)
    return done.returncode, done.stdout, done.stderr


# ------------------------------------------------------------------- a config that turns the gate off


def test_a_gate_reading_the_reviewed_config_is_not_switched_off_by_the_pull_requests() -> None:
    # The pull request's workrules.toml sets fail-on never, ignores a rule, raises a cap out of
    # reach and waives every subject until 2999: the run finds nothing. docs/ci.md once said
    # that none of these hides a finding and that --fail-on on the command line makes a gate
    # the change cannot relax; here --fail-on changes nothing, since nothing is found. Even
    # with -q, what the config set over the policy is said (not the command line's --fail-on).
    assert _check("--fail-on", "warning", "rota.yaml", cwd=GATE) == (0, (
        "\nValues set for this run, over the policy's (3):\n"
        "  upw_contact_hours_max 24 h (the policy's: 8 h; set by workrules.toml:8)\n"
        # (the config's waiver, as a policy file's is: attack round 34, P5)
        "  waiver upw-contact-hours for \"*\" until 2999-12-31, which covers every subject: no "
        "finding of the rule fails a run until then (the policy's: no waiver in claim-2024; set "
        "by workrules.toml:10)\n"
        "  ignore upw-group-ratio (the policy's: all 60 rules; set by workrules.toml:5)\n"), "")
    # The recipe docs/ci.md now gives: the reviewed copy of the config, passed with --config.
    assert _check("--config", "base-workrules.toml", "rota.yaml", cwd=GATE) == (1, (
        "rota.yaml:5: upw-group-ratio [5a] U201 on 2024-06-04 had 7 group members to 1 "
        "supervisor (S010); from 2024-06-03 the ratio is at most 1:6 (5a).\n"
        "    error: fails the run\n"
        "    subject U201; 2024-06-04; measured 1:7 (members 7, supervisors 1), limit at most "
        "1:6\n"
        "    because 1:6 allows at most 6 members for 1 supervisor (there are 7)\n"
        "    evidence U201 (rota.yaml:5)\n"
        "rota.yaml:6: upw-contact-hours [5c] S011 had 9 h of contact with work groups on "
        "2024-06-05 (U202); the cap is 8 h a day (5c).\n"
        "    error: fails the run\n"
        "    subject S011; 2024-06-05; measured 9 h, limit at most 8 h\n"
        "    evidence U202 (rota.yaml:6)\n"), "")


def test_the_ci_page_tells_a_gate_to_read_the_reviewed_config() -> None:
    page = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "None of them hides a finding" not in page
    assert "git show origin/main:workrules.toml > base-workrules.toml" in page
    assert "--config base-workrules.toml" in page


def test_a_waiver_whose_reason_is_only_invisible_characters_is_refused_at_its_line() -> None:
    # once taken as given: a zero-width space is "non-empty text" to str.strip()
    assert _check("--config", "config/invisible-reason.toml", "gate/rota.yaml") == (2, "", (
        "workrules: config/invisible-reason.toml:3: a waiver's reason must be non-empty "
        "text\n"))


@given(st.text(st.sampled_from(" \t\n\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad\u2028\u3000"),
               max_size=8))
def test_no_text_of_blanks_and_invisible_characters_is_visible(text: str) -> None:
    assert not visible(text)
    assert visible(text + "x" + text)


def test_a_waiver_until_a_date_beyond_the_accepted_range_is_refused_at_its_line() -> None:
    # once a waiver for ever (9999-12-31), where a policy's `until 9999-12-31` is refused
    assert _check("--config", "config/waiver-for-ever.toml", "gate/rota.yaml") == (2, "", (
        "workrules: config/waiver-for-ever.toml:3: a waiver's until 9999-12-31 is outside the "
        "dates workrules accepts (1900-01-01 to 2999-12-31)\n"))


def test_a_config_saved_with_a_byte_order_mark_and_crlf_is_read_whole() -> None:
    # once "not valid TOML: Invalid statement" at line 1, for Notepad's byte-order mark; every
    # key is read, the first one too (fail-on error: the two errors still fail the run)
    config = read_config(str(CONFIG / "bom-crlf.toml"))
    assert config is not None
    assert (config.fail_on, config.ignore, config.rule_lines) == ("error",
                                                                  ("upw-contact-hours",),
                                                                  (None, 4))  # fmt: skip
    code, out, err = _check("--config", "config/bom-crlf.toml", "gate/rota.yaml")
    assert (code, err) == (1, "")
    assert out.startswith("gate/rota.yaml:5: upw-group-ratio [5a] U201 ")
    assert "upw-contact-hours [5c]" not in out  # ignored, and said so under the values set:
    assert "  ignore upw-contact-hours (the policy's: all 60 rules; set by " \
           "config/bom-crlf.toml:4)\n" in out


def test_a_look_alike_rule_id_says_which_character_is_not_the_one_it_looks_like() -> None:
    # once "... no rule 'upw-contact-h\u03bfurs' (did you mean 'upw-contact-hours'?)": two names
    # that read the same, and nothing to say what to change
    assert _check("--config", "config/look-alike-ignore.toml", "gate/rota.yaml") == (2, "", (
        "workrules: config/look-alike-ignore.toml:2: ignore upw-contact-h\u03bfurs: policy "
        "claim-2024 has no rule 'upw-contact-h\u03bfurs' (did you mean 'upw-contact-hours'? "
        "The name given has U+03BF GREEK SMALL LETTER OMICRON where that has 'o'.)\n"))


@given(st.text(string.ascii_lowercase + "-", min_size=4, max_size=20),
       st.data())  # fmt: skip
@example("upw-contact-hours", None)
def test_a_look_alike_is_named_only_where_the_names_differ_beyond_ascii(word: str,
                                                                      data: object) -> None:  # fmt: skip
    assert did_you_mean(word, [word]) == f" (did you mean '{word}'?)"
    if data is None:
        return
    assert isinstance(data, st.DataObject)
    at = data.draw(st.integers(0, len(word) - 1))
    odd = data.draw(st.sampled_from("\u03bf\u0430\u2010\u0131\uff45"))
    swapped = word[:at] + odd + word[at + 1:]
    said = did_you_mean(swapped, [word])
    assert said.startswith(f" (did you mean '{word}'? The name given has U+")
    assert said.endswith(f" where that has '{word[at]}'.)")


FIELDS = ["id", "staff", "week", "date", "percent", "hours_worked", "line_manager", "grade"]


@given(st.lists(st.sampled_from(["Staff", "ID", "Week", "Commencing", "Hours", "Worked", "No",
                                 "Line", "Manager", "Employee", "%", "Grade", "Date"]),
                min_size=1, max_size=4),
       st.sampled_from([" ", "_", "-", "  "]))  # fmt: skip
def test_a_suggestion_is_always_a_name_offered_and_only_a_suggestion(words: list[str],
                                                                    sep: str) -> None:  # fmt: skip
    title = sep.join(words)
    said = did_you_mean(title, FIELDS)
    assert said == "" or any(said.startswith(f" (did you mean '{f}'?") for f in FIELDS)
    one = {w.lower() for w in words} & set(FIELDS)
    if said == "" and len({w.lower() for w in words}) > 1:  # no word is a field, or two are
        assert len(one) != 1


# --------------------------------------------------------------------------- unbounded policy files


def test_a_policy_file_above_a_mebibyte_is_refused_unparsed(tmp_path: Path) -> None:
    # once read whole and parsed: 20,000 rules (2.8 MB) took 22 s and 480 MB on every run
    (tmp_path / ".git").mkdir()
    with open(tmp_path / "big.wr", "w", encoding="utf-8") as handle:
        handle.write(("# " + "x" * 77 + "\n") * (MAX_POLICY_BYTES // 80 + 1))
    (tmp_path / "workrules.toml").write_text('policy = "big.wr"\n', encoding="utf-8")
    done = run_workrules("check", str(STAFF), cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        "workrules: policy file 'big.wr' is more than 1,048,576 bytes; longer policies are "
        "refused\n"))


# ------------------------------------------------------------------ a folder with a link leading out


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_link_out_of_the_repository_in_a_folder_checked_is_skipped_unread(
        tmp_path: Path) -> None:  # fmt: skip
    # `workrules check .` once opened the link's target (a MiB of it, to look for `kind:`)
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "staff.yaml").write_bytes(STAFF.read_bytes())
    secret = tmp_path / "secret.yaml"  # were it peeked at, its kind would make it data, and
    secret.write_text("kind: staff\nstaff: []\n", encoding="utf-8")  # the run be refused
    os.symlink(secret, repo / "z-link.yaml")
    done = run_workrules("check", "--no-config", "--format", "text", ".", cwd=repo)
    assert (done.returncode, done.stderr) == (
        0, "workrules: skipped 1 link that leads out of the folder walked or the repository, "
           "unread, or to no workrules data (first: ./z-link.yaml)\n")
    assert done.stdout.endswith(" over 1 file; nothing to report.\n")


# ----------------------------------------------------------------------------- messy HR exports


@pytest.mark.parametrize(("name", "message"), [
    # once "...; give a value, or leave it out if it is not known": an id cannot be left out
    ("null-id-staff.yaml", "null-id-staff.yaml:5: staff[1].id: is empty; give a value (it is "
     "required)"),
    # once "has no top-level 'kind:' (...) ('kind' is not 'kind': keys are written in lower
    # case)": the key is right, its value is missing
    ("empty-kind.yaml", "empty-kind.yaml:2: kind: is empty; give one of rota, allocation, "
     "staff or job-description"),
    # once "...; give the number alone, without 'x29'", which would have made it 0
    ("hex-hours-timesheets.csv", "hex-hours-timesheets.csv:2: hours_worked: '0x29' is not a "
     "number"),
    # once with no "did you mean": a title of words, one of them the field
    ("hr-titles-staff.csv", "hr-titles-staff.csv:1: the column 'Staff ID' is not a field of "
     "staff records (did you mean 'id'?); the fields are id, name, grade, roles, "
     "contracted_hours, qualified_on, line_manager, pta, pso_assessor, unit, region, band, "
     "gender, ethnicity, started_on, left_on, flexitime"),
    ("hr-titles-wmt.csv", "hr-titles-wmt.csv:1: the column 'Week Commencing' is not a field of "
     "wmt records (did you mean 'week'?); the fields are staff, week, date, percent"),
    # once "...; give the number alone, without 'e1'", which would have made it 1
    ("exponent-toil.yaml", "exponent-toil.yaml:4: timesheets[0].toil_hours: '1e1' is not a "
     "number; write it without an exponent, as 10"),
    # once "unknown field '\u200bline_management' (did you mean 'line_management'?)", the two
    # names looking the same
    ("zero-width-key.md", "zero-width-key.md:5: unknown field '\u200bline_management' (did you "
     "mean 'line_management'? The name given holds U+200B ZERO WIDTH SPACE, which does not "
     "show.); allowed here: grade, kind, line_management, span_of_control, text, title, unit"),
])  # fmt: skip
def test_a_messy_export_is_refused_with_advice_that_fits(name: str, message: str) -> None:
    assert check_text(str(STAFF), name, cwd=DATA) == (2, "", f"workrules: {message}\n")


def test_an_optional_field_given_as_null_may_still_be_left_out() -> None:
    done = run_workrules("check", "--no-config", "-", input=(
        "kind: staff\nstaff:\n  - {id: S1, grade: PO, contracted_hours: null}\n"))  # fmt: skip
    assert (done.returncode, done.stderr) == (2, (
        "workrules: <stdin>:3: staff[0] (S1).contracted_hours: is empty; give a value, or "
        "leave it out if it is not known\n"))


def test_an_excel_error_value_in_a_csv_cell_is_refused() -> None:
    code, out, err = check_text("na-name-staff.csv", cwd=DATA)
    assert (code, out) == (2, "")
    assert err.startswith("workrules: na-name-staff.csv:2: name: '#N/A' is Excel's")


def test_a_utf16_csv_without_a_byte_order_mark_is_refused_as_not_utf8() -> None:
    code, out, err = check_text(str(STAFF), "utf16-no-bom-timesheets.csv", cwd=DATA)
    assert (code, out) == (2, "")
    assert "\\x00" not in err
    assert err.startswith("workrules: utf16-no-bom-timesheets.csv:1: ")


@given(st.from_regex(r"-?0[xXbBoO][0-9a-fA-F]{1,4}|[0-9]{1,3}(\.[0-9])? ?(h|hrs|%)"
                     r"|[0-9]{1,3}(\.[0-9]{1,2})?[eE]-?[0-9]{1,3}", fullmatch=True))  # fmt: skip
@example("1e1")
@example("1e10")
def test_a_hint_for_a_number_never_changes_its_value(text: str) -> None:
    from decimal import Decimal

    from workrules.schemacheck import number_hint

    hint = number_hint(text)
    body = text.lstrip("-")
    if body[:1] == "0" and body[1:2] in "xXbBoO" and len(body) > 1:  # another base: no hint
        assert hint == ""
    elif "e" in text.lower() and not text.endswith("hrs"):  # as written without the exponent
        assert hint in ("", f"; write it without an exponent, as {Decimal(text):f}")
        assert bool(hint) == (abs(int(text.lower().split("e")[1])) <= 9)
    else:  # the unit named, and what is left the number
        unit = text.split()[-1].lstrip("0123456789.")
        assert hint == f"; give the number alone, without '{unit}'"
        assert float(text[: len(text) - len(unit)]) >= 0


def test_a_config_error_is_a_usage_error_naming_its_file() -> None:
    with pytest.raises(UsageError) as caught:
        read_config(str(CONFIG / "waiver-for-ever.toml"))
    assert (caught.value.file, caught.value.line) == (os.path.relpath(
        CONFIG / "waiver-for-ever.toml"), 3)  # fmt: skip


@pytest.mark.parametrize("name", ["blank-lines-timesheets.csv", "commas-only-timesheets.csv"])
def test_a_csv_with_no_header_row_is_refused_however_blank(name: str) -> None:
    code, out, err = check_text(str(STAFF), name, cwd=DATA)
    assert (code, out) == (2, "")
    assert err.startswith(f"workrules: {name}:1: ")
    assert "header" in err
