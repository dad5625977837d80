"""Session 44: what the helpers found, on the files in fixtures/review54/.

- an insider who wants the gate to pass (attack round 23, left from session 43): a PSO's
  high-risk duty worded with a negation that asks for more ("not only ... but also", "not
  fewer than", "is not excluded from", "no upper limit on"), or after a condition on staffing
  ("if PO capacity falls below 75%"), or under a heading of what the post will learn ("##
  Experience you will gain in post"), gave no 7a finding.
- an HR analyst who shapes the exports (attack round 24): TOIL written in minutes (480 for
  8 h) was read as 480 hours of TOIL in one week.
- job descriptions with org charts (round 54) and drafted by a chat assistant (round 55):
  "6 \u00d7 Probation Officer" (a multiplication sign), "5x POs", American spellings, "## Who You Are", "You will not
  have any direct reports", the post's own SPO providing its line management, learners not
  line managed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import check_text, jd_found, run_workrules, said_on_every_path
from hypothesis import given
from hypothesis import strategies as st

HERE = Path(__file__).parent.parent / "fixtures" / "review54"


# ------------------------------------------- job descriptions: what each round's files give


INSIDER = [  # attack round 23: a negation that asks for more denies nothing
    ("not-only-but-also.md", [("jd-cases-role-boundary", 6)]),
    ("not-just-but-too.md", [("jd-cases-role-boundary", 6)]),  # "not just ... but ... too"
    ("not-fewer-than.md", [("jd-cases-role-boundary", 6)]),
    ("never-fewer-than.md", [("jd-cases-role-boundary", 6)]),
    ("not-excluded-from.md", [("jd-cases-role-boundary", 6)]),
    ("no-upper-limit.md", [("jd-cases-role-boundary", 6)]),
    # a condition on staffing sets no cases apart, as "below high risk" does
    ("capacity-falls-below.md", [("jd-cases-role-boundary", 6)]),
    ("lower-than-agreed.md", [("jd-cases-role-boundary", 6)]),
    # what the post will learn in post is what it does
    ("gain-in-post.md", [("jd-cases-role-boundary", 12)]),
]
STILL_DENIED = [  # read as before: each still keeps the cases from the post
    ("below-high-still-apart.md", []),  # "cases assessed as below high risk"
    ("exempt-from-still-denies.md", []),  # "PSOs are exempt from holding ..."
    ("but-also-after-a-denial.md", []),  # "will not hold ..., but also support the POs"
    ("falls-below-still-denied.md", []),  # "if ... falls below 75%, PSOs will still not hold"
    ("not-only-but-never.md", []),  # "do not only hold ..., but they will never hold ..."
    ("experience-criteria.md", []),  # "## Experience" heads a candidate's criteria
]


CHARTS = [  # round 54: an org chart's counts
    ("multiplication-sign-span.md", []),  # "- 6 \u00d7 Probation Officer", a multiplication sign
    # "- 5x POs": "6x" stays one word, as "4x SPO meetings" is no span (the review)
    ("compact-x-span.md", [("jd-span-stated", 5)]),
    ("x-meetings-not-a-span.md", [("jd-span-stated", 5)]),
    # "Students on placement are not line managed by the post holder": not the post's denial
    ("learners-not-line-managed.md", []),
    ("team-structure-span.md", []),  # "Team structure: 1 SPO, 7 POs, 2 PSOs"
    ("total-reporting-span.md", []),  # "Total reporting to this post: 11"
    ("headcount-is-posts.md", [("jd-span-stated", 5)]),  # an advert's "Headcount: 1": posts
]
ASSISTANT = [  # round 55: drafted by a chat assistant
    ("organized-crime.md", [("jd-cases-role-boundary", 6)]),
    ("behaviors-heading.md", []),  # "## Behaviors" heads a candidate's criteria
    ("who-you-are-heading.md", []),
    # "You will not have any direct reports" beside `line_management: true`
    ("not-any-direct-reports.md", [("jd-line-management-denied-by-text", 8)]),
    ("own-manager-provides-lm.md", []),  # "Your SPO will provide line management"
    # "Work one-to-one with people convicted of sexual offences"
    ("one-to-one-with.md", [("jd-cases-role-boundary", 8)]),
    ("shadow-in-managing.md", []),  # "Shadow experienced POs in managing high-risk ..."
    ("work-closely-partners.md", []),  # "Work closely with MAPPA partners and the police"
]


REVIEWED = [  # the review of the session's change: read as at the session's start
    ("requirements-heading-duties.md", [("jd-cases-role-boundary", 8)]),  # no criteria heading
    # "does not write court reports but also manages ... high risk": a turn, not "and also"
    ("but-also-after-a-denial-duty.md", [("jd-cases-role-boundary", 6)]),
    # "The SPO will provide line management to the court team": the SPO's own
    ("spo-will-provide-lm.md", [("jd-span-stated", 6)]),
    ("below-mappa-level.md", []),  # "cases below MAPPA level 2": set apart
    ("computer-program.md", [("jd-cases-role-boundary", 6)]),  # "the nDelius program"
    # "The Probation Officers in your team will not have any direct reports": theirs
    ("others-no-direct-reports.md", []),
]


@pytest.mark.parametrize(("name", "found"),
                         INSIDER + STILL_DENIED + CHARTS + ASSISTANT + REVIEWED)  # fmt: skip
def test_each_job_description_gives_the_findings_a_reader_sees_in_it(
    name: str, found: list[tuple[str, int]]
) -> None:
    assert jd_found(HERE / "jd", name) == [(name, rule, line) for rule, line in found]


# ------------------------------------------- TOIL written in minutes


def test_toil_or_paid_excess_above_a_weeks_hours_is_refused_at_its_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 480 (minutes, for 8 h) was read as 480 h of TOIL in one week, and 4c said nothing of it
    code, out, err = check_text("staff.csv", "timesheets.csv", cwd=HERE / "toil")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "workrules: timesheets.csv:2: timesheets[0].toil_hours: 480 is more than 168; give 168 "
        "or less (a timesheet row's TOIL is a week's excess hours, and a week has 168 hours)",
        "workrules: timesheets.csv:3: timesheets[1].paid_excess_hours: 420 is more than 168; "
        "give 168 or less (a timesheet row's paid excess is a week's excess hours, and a week "
        "has 168 hours)",
    ]
    said = said_on_every_path(["staff.csv", "timesheets.csv"], HERE / "toil", monkeypatch)
    assert len(said) == 1 and "480 is more than 168" in next(iter(said))


# ------------------------------------------- a multiplication sign keeps every word in place


@given(st.text(alphabet="6x\u00d7 ab'\",.o", max_size=40))
def test_a_multiplication_sign_read_as_x_keeps_quotations_and_commas_on_their_words(
    text: str,
) -> None:
    # `_quoted` and `_pauses` find the words again in the text as written: U+00D7 must be as
    # many words there as `_words` reads, or a quotation would be read as none
    from workrules.textpattern import _TEXT_WORD, _words

    low = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    assert len(_words(text)) == len(_TEXT_WORD.findall(low))


def test_a_quoted_sentence_with_a_charts_count_is_still_someone_elses() -> None:
    from workrules.textpattern import _quoted, _words

    text = "The Instruction says 'the SPO will line manage 6 \u00d7 POs' here."
    words = _words(text)
    assert words[3:11] == ["the", "spo", "will", "line", "manage", "6", "x", "pos"]
    assert [w for w, q in zip(words, _quoted(text, len(words)), strict=True) if q] == [
        "the", "spo", "will", "line", "manage", "6", "x", "pos"]


# ------------------------------------------- a month inside a long sickness


@pytest.mark.parametrize(("period", "level"), [("2024-05", 50.0), ("2024-06", 25.0)])
def test_a_month_inside_a_long_sickness_is_a_month_the_data_records(
    period: str, level: float
) -> None:
    # H201 is off sick from 15 April to 14 June, H202 at work: May was refused as "the data
    # records nothing in 2024-05 (... run from 2024-04-15 to 2024-04-21)", an absence read as
    # the week it starts in; half the team's working days were lost to sickness in May
    done = run_workrules("indicators", "staff.yaml", "--period", period, "--min-cell", "2",
                         "--format", "json", cwd=HERE / "long-sickness")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    sickness = next(i for i in json.loads(done.stdout)["indicators"] if i["id"] == "sickness")
    national = next(c for c in sickness["cells"] if c["group"] == "all")
    assert (sickness["available"], national["level"]) == (True, level)


@pytest.mark.parametrize(("folder", "period", "span"), [
    # a month after a long sickness ends
    ("long-sickness", "2024-07", "2024-04-15 to 2024-06-14"),
    # parental leave to June 2026 in an export of July 2025 (the review: 2026-Q1 was given a
    # sickness rate of 0.0 for people the data says nothing of then)
    ("booked-leave", "2026-Q1", "2025-06-02 to 2025-07-13"),
])  # fmt: skip
def test_a_month_no_record_covers_is_said_to_be_uncovered(folder: str, period: str,
                                                         span: str) -> None:  # fmt: skip
    done = run_workrules("indicators", "staff.yaml", "--period", period, "--min-cell", "2",
                         cwd=HERE / folder)  # fmt: skip
    assert done.returncode == 0
    assert (f"Sickness absence rate (%)\n  not available: the data records nothing in {period} "
            f"(its timesheets, absences, incidents and counts run from {span}, and the first "
            "day anyone started or left is not given)") in done.stdout


# ------------------------------------------- an unknown grade's notice at its record


def test_a_holder_of_an_unknown_grade_is_warned_of_at_their_record_in_every_ci_format() -> None:
    # "Senior PSO" on a staff record turned 7a off for a high-RoSH case; the warning had no
    # file, so GitHub showed it on the run's summary page, not in the pull request's diff
    def out(fmt: str) -> str:
        done = run_workrules("check", "--no-config", "staff.yaml", "allocation.yaml", "--today",
                             "2025-06-30", "--format", fmt, cwd=HERE / "unknown-grade")  # fmt: skip
        assert (done.returncode, done.stderr) == (0, "")
        return done.stdout

    warned = [line.split("::")[1] for line in out("github").splitlines() if line[:2] == "::"]
    assert [w for w in warned if "[7a]" in w][:2] == [
        "warning file=staff.yaml,line=5,title=workrules%3A case-role-boundary [7a] applied in "
        "part",
        "warning file=staff.yaml,line=5,title=workrules%3A case-role-boundary-risk-unknown [7a] "
        "applied in part",
    ]
    notes = json.loads(out("sarif"))["runs"][0]["invocations"][0][
        "toolConfigurationNotifications"]
    where = [n["locations"][0]["physicalLocation"] for n in notes
             if n["descriptor"]["id"] == "case-role-boundary"]  # fmt: skip
    assert where == [{"artifactLocation": {"uri": "staff.yaml", "uriBaseId": "%SRCROOT%"},
                      "region": {"startLine": 5}}]  # fmt: skip
    said = {n["rule"]: (n["file"], n["line"]) for n in json.loads(out("json"))["not_applied"]}
    assert said["case-role-boundary"] == ("staff.yaml", 5)
    assert said["span-of-control"] == ("", 0)  # a cap not agreed: no record to point at


# ------------------------------------------- a policy author's first mistakes


@pytest.mark.parametrize(("policy", "said"), [
    ("per-quarter.wr",
     "per-quarter.wr:8:27: there is no 'per quarter': the periods a rule groups by are day, "
     "week, month; a cap that changes each quarter or year is a dated value ('set NAME = 40 "
     "from 2025-04-01, 38 from 2025-07-01'; docs/language.md, 'Dated values')"),
    ("missing-where.wr",
     "missing-where.wr:7:5: a rule's condition on its records is written after 'where': where "
     "rosh = very_high"),
    ("mentions-alone.wr",
     "mentions-alone.wr:7:21: 'mentions' reads a text named before it: forbid text mentions "
     "\"post sentence supervision\" (a job description's body is 'text')"),
    ("limit-noun.wr",  # (it asked "did you mean 'clause'?")
     "limit-noun.wr:8:37: a limit is a number with no word after it but its unit (%, h, days "
     "or weeks): what is counted is the measure's, so write 'at most 40'"),
])  # fmt: skip
def test_a_policy_authors_first_mistakes_are_told_what_to_write(policy: str, said: str) -> None:
    # each was "unknown name 'quarter' ... declared as 'param quarter: ...'" or a list of
    # what the parser expected
    code, out, err = check_text("--policy", policy, "../../example/staff.yaml",
                                cwd=HERE / "authoring")  # fmt: skip
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == f"workrules: {said}"


def test_a_policys_repr_is_short_enough_for_a_log() -> None:
    from workrules.policy import load_policy

    policy = load_policy()
    assert repr(policy) == (f"Policy(name='claim-2024', rules={len(policy.rules)}, "
                            f"files={list(policy.files)!r})")  # fmt: skip
    assert len(repr(policy)) < 200


def test_only_the_but_that_answers_a_not_only_in_its_clause_is_read_as_and() -> None:
    from workrules.textpattern import _words

    assert _words("You will not only hold low risk cases but also MAPPA cases")[8] == "and"
    assert _words("not just low but high too")[3] == "and"
    # another clause's "but", and a "but" after a plain denial, stay turns
    assert _words("not only that; but they will not hold MAPPA cases")[4] == "but"
    assert _words("does not write reports but also manages cases")[4] == "but"
