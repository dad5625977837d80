"""Session 44: a cap keyed by grade whose grades' values are dated apart, on the files in
fixtures/review54/keyed-dated/ (first hour, round 44: P3, P5 and P11).

- PO's cap changed on 1 July and PQiP's never did, yet a PQiP learner's one breach of cases
  held at once was reported twice (from 6 May, and again from 1 July), and a count per author
  was cut in two at PO's change, so three reports over a cap of 2 went unreported: a rule's
  periods were cut at every key's change. A subject's are cut only where its own key's value
  changes (a value looked up for another key is no change for it).
- a cap set from the start for PO and from 1 April only for PQiP said "cap not yet agreed for
  PQiP: cap_by_grade[PQiP] is unset (set with --set cap_by_grade[PQiP]=N)" over records all
  judged after April, and, where some came before, advised a `--set` that would wipe the
  dated values.
- `--set 'cap_by_grade[PO]=40 from 2025-07-01'` advised a `set` line without the key, itself
  refused for a keyed cap.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from conftest import check_text, made_by_masked, run_workrules
from test_engine import engine as generated
from test_engine import reference

import workrules
from workrules.engine.common import APART, Env, JudgedApart, lookup

HERE = Path(__file__).parent.parent / "fixtures" / "review54" / "keyed-dated"
TODAY = ("--today", "2025-08-15")
TODAY_DATE = dt.date(2025, 8, 15)


def _notice(data: str, *args: str, fmt: str = "json",
            engine: str = "python") -> subprocess.CompletedProcess[str]:
    """`workrules check` of `data` against `notice.wr` (a cap set from the start for PO, from
    1 April for PQiP, never for PSO), judged on the day of `TODAY`."""
    return run_workrules("check", "--no-config", "--format", fmt, "--engine", engine,
                         "--policy", "notice.wr", data, *TODAY, *args, cwd=HERE)  # fmt: skip


# ------------------------------------------- P3: one breach, cut only at its own key's changes


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_grade_whose_cap_never_changed_is_not_cut_at_another_grades_change(
    engine: str,
) -> None:
    # L1 (PQiP: 2 from 1 April, never changed) holds three cases from 6 May: one finding, not a
    # second from 1 July, the day PO's cap changed. P1 (PO: 3, then 2 from 1 July) still breaches
    # from 1 July, by its own key's change.
    code, out, err = check_text("--policy", "split.wr", "cases.yaml", *TODAY,
                                "--select", "cases-by-grade", cwd=HERE, engine=engine)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "cases.yaml:8: cases-by-grade [2025] L1 (2025-05-06 to 2025-08-15): cases-by-grade: "
        "measured 3, at most 2. Over the cap since 2025-05-06, and still on 2025-08-15 (the day "
        "judged); all 3 were held on 2025-05-06.",
        "    error: fails the run",
        "    subject L1; 2025-05-06 to 2025-08-15; measured 3, limit at most 2",
        "    evidence K1 (cases.yaml:8), K2 (cases.yaml:9), K3 (cases.yaml:10)",
        "cases.yaml:12: cases-by-grade [2025] P1 (2025-07-01 to 2025-08-15): cases-by-grade: "
        "measured 3, at most 2. Over the cap since 2025-07-01, and still on 2025-08-15 (the day "
        "judged); all 3 were held on 2025-07-01.",
        "    error: fails the run",
        "    subject P1; 2025-07-01 to 2025-08-15; measured 3, limit at most 2",
        "    evidence K4 (cases.yaml:12), K5 (cases.yaml:13), K6 (cases.yaml:14)",
    ]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_count_per_author_runs_on_across_another_grades_change(engine: str) -> None:
    # L1 (PQiP) wrote two reports before PO's change on 1 July and one after: three over 2,
    # which the cut at PO's change counted as two and one, and reported nothing.
    code, out, err = check_text("--policy", "split.wr", "reports.yaml", *TODAY,
                                "--select", "reports-by-grade", cwd=HERE, engine=engine)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "reports.yaml:9: reports-by-grade [2025] L1: reports-by-grade: measured 3, at most 2.",
        "    error: fails the run",
        "    subject L1; -; measured 3, limit at most 2",
        "    evidence R1 (reports.yaml:9), R2 (reports.yaml:11), R3 (reports.yaml:13)",
        "reports.yaml:18: reports-by-grade [2025] P1: reports-by-grade: measured 3, at most 2.",
        "    error: fails the run",
        "    subject P1; -; measured 3, limit at most 2",
        "    evidence R5 (reports.yaml:18), R6 (reports.yaml:20), R7 (reports.yaml:22)",
    ]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_first_hours_figures_give_one_finding_as_with_pos_second_value_removed(
    engine: str,
) -> None:
    # PO 45, then 40 from 1 July; PQiP 20 from 1 April; L1 (PQiP) holds 21 cases from 6 May.
    found = {}
    for policy in ("repro.wr", "repro-one-po-value.wr"):
        done = run_workrules("check", "--no-config", "--format", "json", "--engine", engine,
                             "--policy", policy, "repro.yaml", *TODAY, "--select", "cases-by-grade",
                             cwd=HERE)  # fmt: skip
        assert (done.returncode, done.stderr) == (1, "")
        found[policy] = [(f["rule"], f["subject"], f["period"], f["measured"], f["limit"])
                         for f in json.loads(done.stdout)["findings"]]  # fmt: skip
    assert found["repro.wr"] == found["repro-one-po-value.wr"] == [
        ("cases-by-grade", "L1", {"kind": "span", "start": "2025-05-06", "end": "2025-08-15"},
         "21", "at most 20")]


# ------------------------------------------- P5: "not yet agreed" only for what went unjudged


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_no_notice_when_every_record_of_a_key_falls_after_its_first_value(engine: str) -> None:
    # PO's cap holds from the start, PQiP's from 1 April; L1's cases are all held from May,
    # judged by the value then (the finding at "at most 2"): nothing went unjudged.
    done = _notice("cases.yaml", "--select", "cases-by-grade", fmt="text", engine=engine)
    assert (done.returncode, done.stderr) == (1, "")
    assert made_by_masked(done.stdout).splitlines() == [
        "cases.yaml:8: cases-by-grade [2025] L1 (2025-05-06 to 2025-08-15): cases-by-grade: "
        "measured 3, at most 2. Over the cap since 2025-05-06, and still on 2025-08-15 (the day "
        "judged); all 3 were held on 2025-05-06.",
        "    error: fails the run",
        "    subject L1; 2025-05-06 to 2025-08-15; measured 3, limit at most 2",
        "    evidence K1 (cases.yaml:8), K2 (cases.yaml:9), K3 (cases.yaml:10)",
        "Made by policy notice sha256:<digest> and workrules <version>, judged as on 2025-08-15 "
        "(--today 2025-08-15).",
        "1 finding from 1 rule of policy notice over 1 file; 1 fails the run (--fail-on "
        "warning).",
    ]


UNJUDGED_EARLIER = (
    "applied in part; cap not yet agreed for earlier records: cap_by_grade[PQiP] unset before "
    "2025-04-01 (to judge them, put a value for the days before it first, in the policy: set "
    "cap_by_grade[PQiP] = N, 2 from 2025-04-01)")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_records_before_a_keys_first_value_are_said_unjudged_before_that_day(
    engine: str,
) -> None:
    # A case held in February and a report written in March, before PQiP's cap from 1 April:
    # not judged, said so with the day, and the advice keeps the dated value (a `--set` would
    # replace the whole history with one value).
    done = _notice("early.yaml", "--select", "cases-by-grade", "--select", "reports-by-grade",
                   engine=engine)  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    result = json.loads(done.stdout)
    assert [(f["rule"], f["subject"], f["limit"]) for f in result["findings"]] == [
        ("cases-by-grade", "L1", "at most 2")]
    assert [(na["rule"], na["reason"], na["params"], na["partial"])
            for na in result["not_applied"]] == [
        ("cases-by-grade", UNJUDGED_EARLIER, ["cap_by_grade[PQiP]"], True),
        ("reports-by-grade", UNJUDGED_EARLIER, ["cap_by_grade[PQiP]"], True),
    ]  # fmt: skip
    assert "--set" not in done.stdout


def test_a_key_never_set_is_still_told_to_be_set() -> None:
    # PSO's cap has no value at all, from the start or from a date: "not yet agreed", with the
    # `--set` that gives it one, as before.
    done = _notice("pso.yaml", "--select", "cases-by-grade")
    assert (done.returncode, done.stderr) == (0, "")
    assert [na["reason"] for na in json.loads(done.stdout)["not_applied"]] == [
        "applied in part; cap not yet agreed for PSO: cap_by_grade[PSO] is unset (set with "
        "--set cap_by_grade[PSO]=N)"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_key_unset_before_its_date_and_one_never_set_make_one_notice(engine: str) -> None:
    # One rule, one notice (the rule counted once among those applied in part): the earlier
    # records first, then the key never set.
    done = _notice("both.yaml", "--select", "cases-by-grade", engine=engine)
    assert (done.returncode, done.stderr) == (0, "")
    assert [(na["rule"], na["reason"], na["params"])
            for na in json.loads(done.stdout)["not_applied"]] == [
        ("cases-by-grade", f"{UNJUDGED_EARLIER}; cap not yet agreed for PSO: cap_by_grade[PSO] "
         "is unset (set with --set cap_by_grade[PSO]=N)",
         ["cap_by_grade[PQiP]", "cap_by_grade[PSO]"])]  # fmt: skip


# ------------------------------------------- P11: a dated --set on a keyed cap


def test_a_dated_set_of_a_keyed_cap_is_advised_with_its_key() -> None:
    done = run_workrules("check", "--no-config", "--policy", "split.wr", "cases.yaml",
                         "--set", "cap_by_grade[PO]=40 from 2025-07-01", cwd=HERE)
    assert done.returncode == 2
    assert done.stderr == (
        "workrules: --set cap_by_grade[PO]=40 from 2025-07-01: 40 from 2025-07-01: a value set "
        "for a run holds for the whole of it; values that change on a date are written in a "
        "policy that extends this one: set cap_by_grade[PO] = 40 from 2025-07-01 (see "
        "docs/language.md, 'Dated values')\n")


# ------------------------------------------- the plain reading of the IR agrees


def test_a_lookup_of_a_key_judged_apart_raises_apart_and_its_family_with_it() -> None:
    table = {"PO": APART, "PQiP": 2}
    assert lookup(table, "cap", "PQiP", {}) == 2
    with pytest.raises(JudgedApart):
        lookup(table, "cap", "PO", {})
    with pytest.raises(JudgedApart):  # a grade with no entry of its own, under PO's
        lookup(table, "cap", "LOCAL_PO", {"LOCAL_PO": "PO"})


def test_generated_code_and_the_plain_reading_skip_what_is_judged_apart_alike() -> None:
    # In a run for PQiP's periods, PO's authors are judged in the run for PO's: neither the
    # generated code nor the plain reading finds, or notes as unset, anything of theirs.
    policy = workrules.load_policy(HERE / "split.wr")
    data = workrules.load_data([str(HERE / "reports.yaml")])
    rule = policy.rule("reports-by-grade")
    for table, found in (({"PO": APART, "PQiP": 2}, [(("L1",), 3, 2)]),
                         ({"PO": 2, "PQiP": APART}, [(("P1",), 4, 2)]),
                         ({"PO": 2, "PQiP": None}, [(("P1",), 4, 2)])):  # fmt: skip
        env = Env(data.staff, {**policy.values_at(TODAY_DATE), "cap_by_grade": table})
        expected = reference(rule, data, env)
        assert generated(rule, data, env) == expected
        assert expected[0] == found
        assert expected[1] == ({("cap_by_grade", "PQiP", "")} if None in table.values()
                               else set())  # fmt: skip
