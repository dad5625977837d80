"""8c, 8d and 8e over one training year (scenarios round 55): open SFO reviews left on the
name of a reviewing manager who has left are reported and counted for no one (P1); a PSO
promoted to PQiP under a new record is a change of post, and the notice of two records of one
name says nothing to the counts held at once that it does not split (P2); a learner whose
recorded tutor is a PSO is said (P3). fixtures/training-year/README.md says what each shows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run_workrules
from hypothesis import given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "training-year"
ENGINES = ["python", "columnar"]
SETS = ("--set", "pta_learners_max=2", "--set", "pso_assessees_max=2", "--set",
        "sfo_open_reviews_max=2", "--set", "span_of_control_max[SPO]=6")

# what every folder shares: the span of control, 9 (staff.yaml's lines do not move)
SPANS = [
    ("staff.yaml", 8, "span-of-control", "E1002", ("2025-02-03", "2026-08-31"), 7),
    ("staff.yaml", 11, "span-of-control", "E1005", ("2024-09-02", "2026-08-31"), 13),
]
LEFT = ("the reviewing manager's leaving date is 2026-02-02, today 2026-08-31")


def _run(folder: str, engine: str, *files: str) -> dict[str, Any]:
    done = run_workrules("check", "--no-config", "--format", "json", "--engine", engine,
                         "--today", "2026-08-31", *SETS, *files, cwd=HERE / folder)  # fmt: skip
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _found(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    out = []
    for f in report["findings"]:
        period = f["period"] and (f["period"]["start"], f["period"]["end"])
        out.append((f["file"], f["line"], f["rule"], f["subject"], period, f["value"]))
    return out


def _notices(report: dict[str, Any]) -> dict[str, str]:
    return {n["rule"]: n["reason"] for n in report["not_applied"]}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_year_is_judged_with_its_one_review_on_a_leaver_said(engine: str) -> None:
    report = _run("year", engine, "staff.yaml", "rota.yaml", "allocation.yaml")
    assert _found(report) == [
        ("allocation.yaml", 6, "sfo-open-reviews", "E1002", None, 3),
        ("allocation.yaml", 14, "sfo-review-manager-not-in-post", "SFO-2026-002", None, LEFT),
        ("allocation.yaml", 16, "sfo-open-reviews", "E1004", None, 3),
        *SPANS[:2],
        ("staff.yaml", 13, "pso-assessees", "E2001", ("2025-09-15", "2026-02-01"), 3),
        ("staff.yaml", 21, "pta-learners", "E4001", ("2025-09-08", "2026-01-04"), 4),
        ("staff.yaml", 24, "pta-learners", "E4004", ("2026-04-07", "2026-05-06"), 3),
    ]
    said = next(f["message"] for f in report["findings"]
                if f["rule"] == "sfo-review-manager-not-in-post")  # fmt: skip
    assert said.startswith(
        "SFO review SFO-2026-002 is open (signed off: none; required: spo, head_of_pdu, ppg) on "
        "the name of E1003, who left on 2026-02-02 (left_on in the staff list): on 2026-08-31 "
        "the files name nobody in post who holds it")


@pytest.mark.parametrize("engine", ENGINES)
def test_reviews_left_on_a_leaver_are_said_and_counted_for_no_one(engine: str) -> None:
    # P1: E1003 left on 2026-02-02 with three open reviews still on the name: no 8c finding
    # says E1003 holds them; each is said at its line
    report = _run("leaver-reviews", engine, "staff.yaml", "allocation.yaml")
    found = _found(report)
    assert [f for f in found if f[2].startswith("sfo-")] == [
        ("allocation.yaml", 6, "sfo-open-reviews", "E1002", None, 3),
        ("allocation.yaml", 14, "sfo-review-manager-not-in-post", "SFO-2026-002", None, LEFT),
        ("allocation.yaml", 16, "sfo-review-manager-not-in-post", "SFO-2025-033", None, LEFT),
        ("allocation.yaml", 17, "sfo-review-manager-not-in-post", "SFO-2025-035", None, LEFT),
    ]
    assert not any(f["subject"] == "E1003" for f in report["findings"])


@pytest.mark.parametrize("engine", ENGINES)
def test_a_review_on_a_manager_leaving_after_the_day_judged_is_theirs(engine: str) -> None:
    # judged before E1003 left, the three reviews are E1003's, over the cap of 2
    done = run_workrules("check", "--no-config", "--format", "json", "--engine", engine,
                         *SETS, "--today", "2026-02-01", "--select", "8c", "staff.yaml",
                         "allocation.yaml", cwd=HERE / "leaver-reviews")  # fmt: skip
    found = _found(json.loads(done.stdout))
    assert ("allocation.yaml", 14, "sfo-open-reviews", "E1003", None, 3) in found
    assert not any(f[2] == "sfo-review-manager-not-in-post" for f in found)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_pso_promoted_under_a_new_record_is_not_said_to_split_8d_or_8e(engine: str) -> None:
    # P2: E3003 (PSO to 2026-03-01) and E5013 (PQiP from 2026-03-02), one name: the counts
    # held at once (8d, 8e, 9) are whole, and no notice advises one record
    report = _run("year", engine, "staff.yaml", "allocation.yaml")
    said = _notices(report)
    for rule in ("pta-learners", "pso-assessees", "span-of-control"):
        assert "one name" not in said.get(rule, "")
    assert "pta-learners" not in said and "pso-assessees" not in said


@pytest.mark.parametrize("engine", ENGINES)
def test_a_change_of_grade_is_advised_to_keep_both_records(engine: str) -> None:
    # a rule that adds up a person's weeks (4c) still names the pair, whose weeks either side
    # of the change are under two ids; the grades differ, so it advises keeping both records,
    # as data-model.md says a record has one grade for the whole run
    done = run_workrules("check", "--no-config", "--format", "json", "--engine", engine,
                         "--today", "2026-08-31", "staff.yaml", "rota.yaml",
                         cwd=HERE / "promotion-timesheets")  # fmt: skip
    said = _notices(json.loads(done.stdout))
    assert said["unrecompensed-hours"] == (
        "applied in part: two staff records with one name meet on a day, one leaving as the "
        "other starts: E3003 (staff.yaml:6), leaving on 2026-03-02, and E5013 (staff.yaml:7), "
        "starting on 2026-03-02; if they are one person (a second assignment, an acting post "
        "or a move under a new number), this rule counted them as two people, apart; where "
        "the two hold different grades (E3003 PSO to E5013 PQiP), that is a change of post: "
        "keep both records, since a staff record has one grade for the whole run and one "
        "record would judge both posts by one grade; a week or spell across the change was "
        "judged in two parts, one for each record")
    assert "span-of-control" not in said or "one name" not in said["span-of-control"]


@pytest.mark.parametrize("engine", ENGINES)
def test_one_record_for_the_promotion_judges_both_posts_by_one_grade(engine: str) -> None:
    # the merge the old notice advised: E2001's true 8e breach goes, a false 8d one comes,
    # and the PSO assessor kept on a PQiP record is said
    found = _found(_run("one-record", engine, "staff.yaml", "allocation.yaml"))
    assert [f for f in found if f[0] == "staff.yaml" and f not in SPANS] == [
        ("staff.yaml", 21, "pta-learners", "E4001", ("2025-09-08", "2026-01-04"), 4),
        ("staff.yaml", 22, "pta-learners", "E4002", ("2025-03-03", "2026-01-04"), 3),
        ("staff.yaml", 24, "pta-learners", "E4004", ("2026-04-07", "2026-05-06"), 3),
        ("staff.yaml", 46, "pso-assessor-of-another-grade", "E3003", None,
         "the staff member's grade is PQiP"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_learner_whose_tutor_is_a_pso_is_said(engine: str) -> None:
    # P3: E5004's PTA is E3002, a PSO with no roles: counted for E3002 as written, and said
    report = _run("pso-as-pta", engine, "staff.yaml", "allocation.yaml")
    found = _found(report)
    assert [f for f in found if f[2].startswith("pta-")] == [
        ("staff.yaml", 21, "pta-learners", "E4001", ("2025-09-08", "2025-10-19"), 3),
        ("staff.yaml", 38, "pta-of-another-role", "E5004", None,
         "the Practice Tutor Assessor's grade is PSO"),
    ]
    said = next(f["message"] for f in report["findings"] if f["rule"] == "pta-of-another-role")
    assert said == (
        "E5004 is recorded with E3002 (PSO) as their Practice Tutor Assessor, but a PSO is not "
        "one: E5004 is counted among E3002's PQiP learners (8d) as written, and in no other "
        "tutor's; check the learner's PTA or E3002's grade (8d).")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_tutor_is_judged_by_grade_alone_whatever_roles_they_list(
        engine: str, tmp_path: Path) -> None:  # fmt: skip
    # the review of session 53, P5, P7: a PO whose roles list another duty is no sign the PO
    # is no tutor (no other rule reads `pta` in `roles`, and real exports leave it out)
    (tmp_path / "staff.yaml").write_text(
        "kind: staff\nstaff:\n"
        "  - {id: T1, grade: PO, roles: [pso_assessor]}\n"
        "  - {id: T2, grade: PO}\n"
        "  - {id: T3, grade: PO, roles: [pta]}\n"
        "  - {id: L1, grade: PQiP, pta: T1}\n"
        "  - {id: L2, grade: PQiP, pta: T2}\n"
        "  - {id: L3, grade: PQiP, pta: T3}\n"
        "  - {id: T4, grade: PSO, roles: [pta]}\n"
        "  - {id: L4, grade: PQiP, pta: T4}\n", encoding="utf-8")
    done = run_workrules("check", "--no-config", "--format", "json", "--engine", engine,
                         "--select", "pta-of-another-role", "staff.yaml", cwd=tmp_path)  # fmt: skip
    found = [(f["line"], f["subject"]) for f in json.loads(done.stdout)["findings"]]
    assert found == [(10, "L4")]


# ---------------------------------------------------------------- `today` in a condition

_TODAY_POLICY = """\
rule left-by-today
    clause "3"
    title "Left by the day judged"
    why "A test of the run's day read in a condition."
    for each sfo_review
    where manager.left_on is set
    require manager.left_on > today
    say "{id}: {manager} left on {manager.left_on}, on or before {today} ({clause})."
"""


def test_today_in_a_condition_is_the_run_s_day_and_a_let_may_not_take_its_name(
        tmp_path: Path) -> None:  # fmt: skip
    from workrules import load_policy
    from workrules.errors import PolicyError

    path = tmp_path / "p.wr"
    path.write_text(_TODAY_POLICY, encoding="utf-8")
    rule = load_policy(path).rules[0]
    assert "Today(" in repr(rule.check)
    path.write_text(_TODAY_POLICY.replace("    where", "    let today = 1\n    where"),
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(PolicyError, match="'today' is a name a rule's sentence reads"):
        load_policy(path)


_days = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 3, 1))


@settings(max_examples=25, deadline=None)
@given(left=st.lists(st.none() | _days, min_size=1, max_size=4), today=_days)
def test_today_in_a_condition_judges_alike_in_both_engines(
        left: list[dt.date | None], today: dt.date) -> None:  # fmt: skip
    import tempfile

    from workrules import load_data, load_policy

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.wr"
        path.write_text(_TODAY_POLICY, encoding="utf-8")
        policy = load_policy(path)
    staff = [{"id": f"M{i}", "grade": "SPO", **({"left_on": d.isoformat()} if d else {})}
             for i, d in enumerate(left)]  # fmt: skip
    reviews = [{"id": f"R{i}", "manager": f"M{i}", "required_signoffs": ["spo"]}
               for i in range(len(left))]  # fmt: skip
    data = load_data([{"kind": "staff", "staff": staff},
                      {"kind": "allocation", "sfo_reviews": reviews}])  # fmt: skip
    want = [f"R{i}" for i, d in enumerate(left) if d is not None and d <= today]
    for engine in ENGINES:
        result = policy.check(data, today=today, engine=engine)
        assert [f.subject for f in result.findings] == want, engine


def test_today_has_no_parts(tmp_path: Path) -> None:
    # the review of session 53, P8: "unknown name 'today' ... (did you mean 'today'?)"
    from workrules import load_policy
    from workrules.errors import PolicyError

    path = tmp_path / "p.wr"
    path.write_text(_TODAY_POLICY.replace("manager.left_on is set",
                                          "today.year > 2000"), encoding="utf-8")  # fmt: skip
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert (err.value.line, err.value.message) == (
        6, "'today' is the day judged, a date; it has no part 'year'")
