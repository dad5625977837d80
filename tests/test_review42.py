"""Session 32's review: what the helpers found, on real files under fixtures/review42.

Each test names a behaviour and asserts the exact findings (rule, subject, line), messages or
notices of a check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import check_text, jd_found, partial_notices, run_workrules

from workrules import check
from workrules.errors import InputError
from workrules.textpattern import sentences

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review42"
DATA = HERE / "data"
JD = HERE / "jd"
ENGINES = ["python", "columnar"]


@pytest.mark.parametrize("engine", ENGINES)
def test_operation_safeguard_vacancies_name_the_day_they_count_who_is_in_post(
        engine: str) -> None:
    # 1.1g: P2 left on 1 May, so in the week of the day judged (a staff list alone: no dated
    # record) one FTE of four funded PO posts is in post; the sentence names the week (it once
    # named no day, "in post today", which a report read later does not tell)
    code, out, err = check_text("--today", "2025-06-01", "--set", "safeguard_vacancies_max=1",
                                "vacancies.yaml", cwd=DATA, engine=engine)
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        "vacancies.yaml:4: safeguard-vacancies [1.1g] Wear PDU, week of 2025-05-26: vacant "
        "funded full-time posts: 3 of 4 (1 FTE in post for some of the week, at 37 h a week), "
        "more than the 1 agreed for Operation Safeguard (1.1g). The unit may declare itself "
        "full.")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_value_not_given_is_said_once_among_the_reasons_a_requirement_fails(
        engine: str) -> None:
    # 3: P1 and L1 have no left_on, so both parts of "left_on is set and left_on <= ..." fail
    # for want of it: one reason, not "left_on is not given; the leaving date is not given, ..."
    code, out, err = check_text("--today", "2025-06-01", "leaver-manager.yaml", cwd=DATA,
                                engine=engine)  # fmt: skip
    assert (code, err) == (0, "")  # advisory findings do not fail the run
    assert [line for line in out.splitlines() if line.startswith(("    subject", "    because"))
            ] == [
        "    subject P1; -; measured the staff member's leaving date is not given, limit required",
        "    because the line manager is M1; the line manager's leaving date is 2025-03-01; the "
        "staff member's leaving date is not given",
        "    subject L1; -; measured the staff member's leaving date is not given; the staff "
        "member's qualification date is not given, limit required",
        "    because the Practice Tutor Assessor is M1; the Practice Tutor Assessor's leaving date "
        "is 2025-03-01; the staff member's leaving date is not given; the staff member's "
        "qualification date is not given",
    ]


@pytest.mark.parametrize(("name", "expected"), [
    # an FAQ's question that asks whether the post does the work, answered a plain no, names
    # no duty: the question reads as someone else's words (as if quoted)
    ("pso-faq-high-risk-no.md", []),
    ("pso-faq-qa-labels.md", []),  # "Q: ...?" over "A: No."
    # a hedged no, and a yes, leave the question what it asks
    ("pso-faq-no-but.md", [("pso-faq-no-but.md", "jd-cases-role-boundary", 8)]),
    ("pso-faq-no-not-usually.md", [("pso-faq-no-not-usually.md", "jd-cases-role-boundary", 8)]),
    ("pso-faq-yes.md", [("pso-faq-yes.md", "jd-cases-role-boundary", 8)]),
    # a denial read across a question and its answer still denies: "Will I line manage
    # anyone? No." against line_management: true
    ("po-faq-line-manage-no.md",
     [("po-faq-line-manage-no.md", "jd-line-management-denied-by-text", 10)]),
])  # fmt: skip
def test_a_question_answered_a_plain_no_is_no_duty(name: str,
                                                   expected: list[tuple[str, str, int]]) -> None:
    assert jd_found(JD, name) == expected


@pytest.mark.parametrize(("text", "asked_apart"), [
    ("Will I hold MAPPA level 2 cases? No.", True),
    ("Does the post carry line management? No, none.", True),
    ("Q: Will I write reports?\nA: No.", True),
    # a question about a limit or an exception: its no says the post is not kept from it
    ("Is there a cap on the high risk cases I will hold? No.", False),
    ("Will I only hold low risk cases? No.", False),
    ("Won't I hold MAPPA cases? No.", False),
    # no yes-or-no question, or a hedged answer
    ("Why would I hold MAPPA cases? No PSO does.", False),
    ("Will I hold MAPPA cases? No, except in an emergency.", False),
    ("Will I hold MAPPA cases? Yes.", False),
])  # fmt: skip
def test_which_questions_answered_no_are_read_apart(text: str, asked_apart: bool) -> None:
    (said,) = sentences(text)  # the question and its answer, read as one
    (question,) = sentences(text.split("?")[0] + "?")
    assert (bool(said.quoted) and all(said.quoted[:len(question.words)])) == asked_apart


@pytest.mark.parametrize("engine", ENGINES)
def test_a_contract_given_as_an_fte_is_not_judged_and_the_others_are(engine: str) -> None:
    # 4c: N2's 1.0 beside weekly contracts is an FTE, no week's hours: "39 h over their 1 h
    # contracted" failed the run; that finding is left out and said, N1's 8 h over 37 h stays
    result = check([DATA / "fte-beside-hours" / "staff.csv",
                    DATA / "fte-beside-hours" / "timesheets.csv"], engine=engine)  # fmt: skip
    assert [(f.rule, f.subject, f.measured, f.line) for f in result.findings] == [
        ("unrecompensed-hours", "N1", "8 h", 2)]
    assert dict(partial_notices(result))["unrecompensed-hours"].startswith(
        "applied in part: 1 staff member with contracted hours below 2 h or above 60 h a week "
        "(N2 1 h), no week's contract: a full-time equivalent (1.0 for full time, 0.5 for "
        "half), hours a day (7.4 for 37 h a week) or a month's hours (160.33) look so; this rule "
        "did not judge them (1 finding by the figure left out); give contracted hours a week")


@pytest.mark.parametrize(("name", "expected"), [
    # what the service, a division or a team does is no duty of the post's ...
    ("pso-service-supervises.md", []),
    ("pso-team-manages.md", []),
    # ... and the post turned to after it is the post's own
    ("pso-team-then-you.md", [("pso-team-then-you.md", "jd-cases-role-boundary", 8)]),
    # a change to the boundary talked of, not made; one the post makes is
    ("pso-framework-may-change.md", []),
    ("pso-allowed-by-the-post.md", [("pso-allowed-by-the-post.md", "jd-cases-role-boundary", 8)]),
    # cases held "as a Probation Officer" once qualified are a PO's ("as a Probation Officer
    # does" compares, and is the post's: tests below)
    ("pqip-cases-as-a-po-once-qualified.md", []),
    ("pqip-cases-as-a-learner.md", [("pqip-cases-as-a-learner.md", "jd-cases-role-boundary", 8)]),
    # "some of them" names some of the people a duty names, as "some of whom" does
    ("pso-reports-some-of-them.md", [("pso-reports-some-of-them.md", "jd-psr-role-boundary", 8)]),
    # a youth referral order is a sentence, and a case referred from a court comes to the post;
    # a referral the post makes passes the case on
    ("pso-referral-orders.md", [("pso-referral-orders.md", "jd-cases-role-boundary", 8)]),
    ("pso-referred-from-court.md", [("pso-referred-from-court.md", "jd-psr-role-boundary", 8)]),
    ("pso-referrals-made.md", []),
    # supervision given informally, line management kept with the SPO: no span to state
    ("po-informal-supervision.md", []),
])  # fmt: skip
def test_who_does_the_work_and_when_decide_whether_a_duty_is_the_posts(
        name: str, expected: list[tuple[str, str, int]]) -> None:
    assert jd_found(JD, name) == expected


def test_a_job_description_whose_text_cannot_be_read_is_said_not_judged() -> None:
    # never silent: an empty body, a body that only points to an attachment, and a body with no
    # word of English passed as "nothing to report"; the rules that read the text say so
    names = ["pso-welsh-only.md", "pso-empty-body.md", "pso-see-attached.md"]
    result = check([JD / name for name in names])
    assert result.findings == ()
    said = dict(partial_notices(result))
    why = "; ".join([
        f"{JD / 'pso-welsh-only.md'} has no word of English (the patterns read English)",
        f"{JD / 'pso-empty-body.md'} has no text",
        f'{JD / "pso-see-attached.md"} only points to another document, or to one to come '
        '("PSO_JD_2024.pdf"), which is not given'])
    for rule in ("jd-psr-role-boundary", "jd-cases-role-boundary", "jd-span-stated"):
        assert said[rule] == ("applied in part: the text of 3 job descriptions could not be "
                              f"read, so they were not judged: {why}")


def test_an_unread_text_is_said_only_by_the_rules_that_judge_its_grade() -> None:
    # an SPO's empty job description: the PSO role boundaries (7a, 7b) do not judge an SPO
    result = check([JD / "spo-empty-body.md"])
    said = dict(partial_notices(result))
    assert "jd-psr-role-boundary" not in said and "jd-cases-role-boundary" not in said
    assert said["jd-line-management-denied-by-text"] == (
        "applied in part: the text of 1 job description could not be read, so it was not "
        f"judged: {JD / 'spo-empty-body.md'} has no text")


def test_a_text_key_in_front_matter_is_refused_at_its_own_line() -> None:
    with pytest.raises(InputError) as caught:
        check([HERE / "hostile" / "text-key.md"])
    assert str(caught.value) == (
        f"{HERE / 'hostile' / 'text-key.md'}:5: a Markdown job description takes its text from "
        "the body, not a 'text' key")


@pytest.mark.parametrize("engine", ENGINES)
def test_an_spos_terms_of_post_are_not_read_as_an_spo_role(engine: str) -> None:
    # "Job Share SPO", "SPO (Maternity Cover)" and "Part Time SPO" read as SPO_JOB_SHARE,
    # SPO_MATERNITY and SPO_PART_TIME ("M2 (SPO_MATERNITY)" reads as an SPO on leave), where the
    # same words beside PO were dropped as terms of the post
    code, out, err = check_text("--today", "2025-06-01", "--set", "span_of_control_max[SPO]=0",
                                "staff.csv", cwd=DATA / "spo-terms", engine=engine)  # fmt: skip
    assert (code, err) == (1, "")
    assert [line.split(": line manager to")[0] for line in out.splitlines()
            if not line.startswith(" ")] == [
        "staff.csv:2: span-of-control [9] M1 (SPO)", "staff.csv:3: span-of-control [9] M2 (SPO)",
        "staff.csv:4: span-of-control [9] M3 (SPO)"]


def test_a_full_time_equivalent_in_a_grade_is_refused_with_the_grade_suggested() -> None:
    folder = DATA / "spo-terms"
    with pytest.raises(InputError) as caught:
        check([folder / "fte-in-title-staff.csv"])
    assert str(caught.value).startswith(
        f"{folder / 'fte-in-title-staff.csv'}:2: staff[0] (B1).grade: 'SPO (0.6)' is not a grade "
        "(did you mean 'SPO'?)")


# -- a hostile repository, ninth round --------------------------------------------------------

HOSTILE = HERE / "hostile"


_OVERRIDE = ("the text holds a bidirectional override (U+202D or U+202E, as a character, an "
             "entity or a <bdo> element), which shows the letters after it in reverse while the "
             "check reads them as stored: the check and a reviewer would read two texts; remove "
             "it")
_DRAWN = ("the text holds math or a diagram the forge draws (a ```math or ```mermaid block, or "
          "$...$), which shows other words than the check reads: a job description has no need "
          "of one; write it as text")


@pytest.mark.parametrize(("where", "refusal"), [
    # "as \u202ehgih\u202c risk" shows "as high risk" and was read as "hgih" (exit 0); as an
    # entity or a <bdo> element the forge's diff warns of nothing
    ("bidi/pso-rlo.md", _OVERRIDE), ("bidi/pso-rlo-entity.md", _OVERRIDE),
    ("bidi/pso-bdo.md", _OVERRIDE),
    # "$h i g h$" shows "high", "$\phantom{not}$" shows nothing, Mermaid's "#104;igh" shows
    # "high": the check read the source
    ("drawn/pso-math-block.md", _DRAWN), ("drawn/pso-math-italic.md", _DRAWN),
    ("drawn/pso-math-phantom-not.md", _DRAWN), ("drawn/pso-math-text.md", _DRAWN),
    ("drawn/pso-mermaid-entity.md", _DRAWN),
])  # fmt: skip
def test_text_shown_otherwise_than_it_is_read_is_refused(where: str, refusal: str) -> None:
    with pytest.raises(InputError) as caught:
        check([HOSTILE / where])
    assert str(caught.value) == f"{HOSTILE / where}:6: {refusal}"


def test_dollar_amounts_are_no_math() -> None:
    assert check([HOSTILE / "drawn" / "salary-in-dollars.md"]).findings == ()


@pytest.mark.parametrize(("name", "line"), [
    # a comment's, a script's or a <del>'s markers in code spans or a fenced block, escaped, or
    # opened mid-line and running past a blank line, are shown as written: the duty between
    # them shows, and is read
    ("pso-comment-in-code-spans.md", 8), ("pso-comment-in-fenced-code.md", 10),
    ("pso-comment-mid-line-across-paragraphs.md", 8), ("pso-del-in-code-spans.md", 8),
    ("pso-escaped-comment.md", 8), ("pso-script-in-code-spans.md", 8),
    ("pso-strike-in-code-spans.md", 6),
    # an entity in a code span shows as written ("&#110;ot"), and denies nothing
    ("pso-entity-not-in-code.md", 6),
])  # fmt: skip
def test_markup_in_code_or_escaped_is_shown_as_written(name: str, line: int) -> None:
    assert jd_found(HOSTILE / "code", name) == [(name, "jd-cases-role-boundary", line)]


@pytest.mark.parametrize(("name", "line"), [
    ("pso-straight-quotes.md", 6), ("pso-curly-quotes.md", 6), ("pso-single-quoted-item.md", 8),
])  # fmt: skip
def test_the_posts_own_duty_in_quotation_marks_is_still_its_duty(name: str, line: int) -> None:
    # 'The post holder will "manage cases assessed as high risk ..."', and a duty quoted whole:
    # no one else's words (an attributed quotation still is: test_review19)
    assert jd_found(HOSTILE / "quoted", name) == [(name, "jd-cases-role-boundary", line)]


@pytest.mark.parametrize("form", ["folded", "verbatim-tag", "escaped-break",
                                  "kind-line-in-string"])  # fmt: skip
def test_a_walk_reads_a_job_description_whose_kind_is_no_plain_word(form: str) -> None:
    # `kind: >-` over `job-description`, a tagged or escaped kind, or a `kind:` line inside a
    # string before the real one: the loader reads each, and the walk skipped it (exit 0)
    done = run_workrules("check", "--no-config", "-q", "--format", "text", "--select", "jd-*",
                         form, cwd=HOSTILE / "walk-kind")  # fmt: skip
    assert done.returncode == 1
    assert [line.split(" (")[0] for line in done.stdout.splitlines()
            if not line.startswith(" ")] == [
        f"{form}/pso.md:{7 if form != 'verbatim-tag' else 6}: jd-cases-role-boundary [7a] "
        f"{form}/pso.md"]


def test_a_policy_named_like_the_claim_with_ascii_look_alikes_is_refused() -> None:
    # "claim-2o24" (a letter o) reads as the claim in every report
    from workrules import PolicyError, load_policy
    from workrules.policy import refuse_posing_as_shipped

    source = HOSTILE / "lookalike" / "local.wr"
    with pytest.raises(PolicyError) as caught:
        refuse_posing_as_shipped(load_policy(str(source)), source)
    assert "which reads as 'claim-2024', the name of a shipped policy" in str(caught.value)


def test_a_grade_swapping_the_words_of_the_psos_title_is_not_known() -> None:
    # "Probation Officer Services" was read as a PO beside a "Services" team: a PO may hold
    # high-risk cases, so 7a passed; a grade not known is said, its holder not judged
    result = check([HOSTILE / "pso-grade-word-swap.md"], select=["jd-*"])
    assert result.findings == ()
    assert dict(partial_notices(result))["jd-cases-role-boundary"].startswith(
        "applied in part; not applied for unknown grades: this rule judges by grade, and this "
        "grade is not known, so their holders were not judged: PROBATION_OFFICER_SERVICES")


def test_a_walk_outside_git_does_not_follow_a_link_out_of_the_folder(tmp_path: Path) -> None:
    # a checkout with no .git (a source archive): the walk read a link's target wherever it
    # led, and quoted its values
    outside = tmp_path / "outside-staff.yaml"
    outside.write_text("kind: staff\nstaff:\n  - {id: S9, grade: ghp_TOKEN0123456789}\n",
                       encoding="utf-8")  # fmt: skip
    rotas = tmp_path / "tree" / "rotas"
    rotas.mkdir(parents=True)
    (rotas / "a-staff.yaml").symlink_to(outside)
    (rotas / "b-staff.yaml").write_text("kind: staff\nstaff:\n  - {id: S1, grade: PO}\n",
                                        encoding="utf-8")  # fmt: skip
    done = run_workrules("check", "--no-config", "rotas", cwd=tmp_path / "tree")
    assert "TOKEN" not in done.stdout + done.stderr
    assert done.returncode == 0


@pytest.mark.parametrize(("name", "expected"), [
    # another team's or the service's work, in a clause of its own or past a place
    ("r34-fp-team-relative-clause.md", []),
    ("r34-fp-organisation-subject.md", []),
    ("r34-fp-hmpps-standard-blurb.md", []),
    # a case that becomes high risk and is passed on; an FAQ answered "A: No, ..."
    ("r34-fp-if-reassessed-refer.md", []),
    ("r34-fp-faq-question-answered-no.md", []),
    # a case held until it is transferred is held; one safeguarding concern is one; an
    # offender manager for AP residents holds their cases
    ("r34-fn-until-transferred.md", [("r34-fn-until-transferred.md", "jd-cases-role-boundary", 6)]),
    ("r34-fn-safeguarding-concern-singular.md",
     [("r34-fn-safeguarding-concern-singular.md", "jd-cases-role-boundary", 6)]),
    ("r34-fn-offender-manager-for-residents.md",
     [("r34-fn-offender-manager-for-residents.md", "jd-cases-role-boundary", 6)]),
])  # fmt: skip
def test_round_34_job_descriptions_read_as_a_careful_reader_reads_them(
        name: str, expected: list[tuple[str, str, int]]) -> None:
    assert jd_found(JD, name) == expected


@pytest.mark.parametrize(("name", "why"), [
    ("r34-cj-pointer-english.md", 'only points to another document, or to one to come ("as per '
                                  'the generic"), which is not given'),
    ("r34-cj-placeholder-tbc.md", 'only points to another document, or to one to come ("Job '
                                  'description to follow"), which is not given'),
    ("r34-cj-welsh-body-english-heading.md",
     "has no sentence in English, only its headings (the patterns read English)"),
])  # fmt: skip
def test_a_pointer_a_placeholder_or_welsh_under_english_headings_is_said_not_judged(
        name: str, why: str) -> None:
    said = dict(partial_notices(check([JD / name])))
    assert said["jd-cases-role-boundary"] == (
        "applied in part: the text of 1 job description could not be read, so it was not "
        f"judged: {JD / name} {why}")


# -- the review of the session's own change ---------------------------------------------------

REVIEW = HERE / "review"


@pytest.mark.parametrize(("name", "expected"), [
    # a question about doing the work alone, at once or in the first months, answered no, says
    # the post does it later or with others
    ("faq_alone.md", [("faq_alone.md", "jd-cases-role-boundary", 8)]),
    ("faq_first.md", [("faq_first.md", "jd-cases-role-boundary", 8)]),
    ("faq_straight.md", [("faq_straight.md", "jd-cases-role-boundary", 8)]),
    # "as a Probation Officer does" compares: the PSO's own cases
    ("as_po3.md", [("as_po3.md", "jd-cases-role-boundary", 8)]),
    # a post created to allow PSOs to manage high-risk cases is no change talked of
    ("hyp_pilot.md", [("hyp_pilot.md", "jd-cases-role-boundary", 8)]),
    # informal supervision beside line management, or supervision formal and informal
    ("inf_and_f.md", [("inf_and_f.md", "jd-line-management-contradicted", 9)]),
    ("inf_formally_f.md", [("inf_formally_f.md", "jd-line-management-contradicted", 9)]),
    # the post holder named with its unit is the post (while "we supervise ..." is the
    # service's, as most adverts open: so "we manage ... together" passes, a known limit)
    ("org_postholder.md", [("org_postholder.md", "jd-cases-role-boundary", 8)]),
    ("org_we.md", []),
    # a grade with its team's name beside it is the grade ("PSO Court Services")
    ("pso-court-services.md", [("pso-court-services.md", "jd-cases-role-boundary", 6)]),
    # comments holding a backtick each: the comments hide only themselves
    ("bypass_comment_tick.md", [("bypass_comment_tick.md", "jd-cases-role-boundary", 8)]),
    # dollar amounts and code are no math, and are read
    ("usd1.md", []), ("usd4.md", []), ("code_pid.md", []),
    # someone else's words, quoted after "may" or "to", or a testimonial with its source on the
    # next line
    ("q_may.md", []), ("q_to_said.md", []), ("q_testimonial.md", []),
])  # fmt: skip
def test_the_sessions_own_review_readings(name: str,
                                          expected: list[tuple[str, str, int]]) -> None:
    assert jd_found(REVIEW, name) == expected


def test_attachment_theory_is_no_attachment() -> None:
    # "attachment-based approaches" named a document not given
    assert partial_notices(check([REVIEW / "attach_theory.md"], select=["jd-*"])) == []


def test_one_sessional_contract_does_not_take_a_units_vacancies_out() -> None:
    # S9's 1.5 h a week is no week's contract, and is said; Wear PDU's vacancies stand
    result = check([REVIEW / "hr-vac" / "staff.yaml"], today=dt.date(2025, 6, 1),
                   set_values=["safeguard_vacancies_max=1"])  # fmt: skip
    assert [(f.rule, f.subject) for f in result.findings] == [("safeguard-vacancies", "Wear PDU")]
    assert "so what it found for them may be wrong" in dict(
        partial_notices(result))["safeguard-vacancies"]


@pytest.mark.parametrize(("name", "expected"), [
    # a plain "No" to whether the post does the work, however the question ends
    ("b-faq_all.md", []), ("b-faq_during.md", []), ("b-faq_while.md", []),
    # an indented code block is code, not math
    ("b-code_indent.md", []),
    # opposing a move to allow PSOs to hold the cases is no duty
    ("b-hyp_move.md", []),
    # a PQiP learner's cases "as a Probation Officer" once qualified
    ("b-pqip_as_po.md", []),
    # a quoted duty the post is expected or required to do is its own
    ("b-q_expected.md", [("b-q_expected.md", "jd-cases-role-boundary", 8)]),
    ("b-q_required.md", [("b-q_required.md", "jd-cases-role-boundary", 8)]),
    # teams named by what they do, and the service's "we"
    ("b-team_dv.md", []), ("b-team_hate.md", []), ("b-team_omic.md", []),
    ("b-we_advert.md", []),
])  # fmt: skip
def test_the_sessions_second_review_readings(name: str,
                                             expected: list[tuple[str, str, int]]) -> None:
    assert jd_found(REVIEW, name) == expected


@pytest.mark.parametrize(("name", "expected"), [
    # a team named with its short form does the work, not the post
    ("r35-F5a-unit-parenthesis-manages.md", []),
    ("r35-F5c-abbreviated-unit-holds.md", []),
    # an exception that lets the post hold the cases after a negation: still a breach (7a
    # holds the boundary under any circumstances)
    ("r35-F3a-negation-unless.md", [("r35-F3a-negation-unless.md", "jd-cases-role-boundary", 6)]),
    ("r35-F3b-negation-other-than.md",
     [("r35-F3b-negation-other-than.md", "jd-cases-role-boundary", 6)]),
])  # fmt: skip
def test_round_35_job_descriptions(name: str, expected: list[tuple[str, str, int]]) -> None:
    assert jd_found(JD, name) == expected
