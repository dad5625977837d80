"""Job descriptions as HR writes their duties (fixtures/jd-prose/README.md says what each file
tests and what the tool gave before and after): a lead-in ending in `:` is read with each item
of the list under it, a table cell's items apart by `;` each complete the row's first cell, a
line management denial with a hedge ("will not normally", "It is not envisaged that") denies
(9), and a finding about a job description's text names every line it is found at. Each test
runs real files and asserts the exact report, under both engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_text, claim_matcher, made_by_masked, run_workrules

from workrules.textpattern import sentences

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "jd-prose"
ENGINES = ["python", "columnar"]


def _expected(name: str) -> str:
    return (HERE / "expected" / name).read_text(encoding="utf-8")


FLAGGED = {
    # "manage a caseload ... This will include:" over "cases assessed as high risk of serious
    # harm": the item read after its lead-in; "include:" wrapped onto a line of its own
    "pso-this-will-include": 18,
    # "prepare pre-sentence reports (oral and short format) on:" over "people with a history
    # of domestic abuse"
    "pso-courts-reports-on": 12,
    # "| Caseload | Tier A and B cases; IOM cases as allocated by the SPO |"
    "pqip-table-items": 11,
    # "Duties include, but are not limited to:": "not limited to" denies no item
    "pso-not-limited-to": 10,
    # line_management: true, and "will not normally be expected to line manage staff"
    "sao-hedged-but-flagged-yes": 11,
    # high RoSH cases (10) and MAPPA level 2 or 3 cases (12): one 7a finding naming both;
    # PSRs on sexual offending (13): a 7b finding
    "pso-two-boundaries": 10,
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(FLAGGED))
def test_a_duty_written_as_hr_lists_it_is_reported_at_its_line(name: str, engine: str) -> None:
    code, out, err = check_text(f"jd/{name}.md", cwd=HERE, engine=engine)
    assert (code, out, err) == (1, _expected(f"{name}.txt"), "")
    assert out.startswith(f"jd/{name}.md:{FLAGGED[name]}: jd-")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["pso-lead-in-clean", "admin-hedged-no-lm", "pso-hedged-no-lm",
                                  "po-what-youll-bring", "pso-reports-save-for",
                                  "pom-supervising-officers"])  # fmt: skip
def test_what_a_rep_would_pass_is_passed(name: str, engine: str) -> None:
    # "Support the Probation Officer in:" / "The post holder will not:" / "Experience of:" over
    # the protected kinds of case (each item was read without its lead-in, as the post's
    # duty); "It is not envisaged that this role will have any line management
    # responsibility", "It is not anticipated that the post holder will line manage staff"
    # (read as line management, so the text contradicted its front matter or itself).
    # Session 23: "Leadership of a team of staff" under "What you'll bring", a criterion;
    # PSRs "save for cases involving domestic abuse or sexual offending"; "Liaise with
    # supervising officers in the community" (each read as a duty beyond the post before)
    assert check_text(f"jd/{name}.md", cwd=HERE, engine=engine) == (0, "", "")


@pytest.mark.parametrize("engine", ENGINES)
def test_one_finding_a_rule_names_every_line_its_pattern_is_found_at(engine: str) -> None:
    # Two boundaries crossed under one rule (7a: high RoSH, MAPPA level 2 or 3) are one finding
    # about the document, with each sentence to put right; 7b is a finding of its own.
    _, out, _ = check_text("jd/pso-two-boundaries.md", cwd=HERE, engine=engine)
    heads = [line.split(" [")[0] for line in out.splitlines() if line.startswith("jd/")]
    assert heads == ["jd/pso-two-boundaries.md:10: jd-cases-role-boundary",
                     "jd/pso-two-boundaries.md:13: jd-psr-role-boundary"]  # fmt: skip
    because = next(line for line in out.splitlines() if line.startswith("    because"))
    assert [part.split('", line ')[1].split(")")[0] for part in because.split("; text gives")
            if '", line ' in part] == ["10", "12"]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_the_pre_commit_run_over_the_folder_gives_the_report_read_against_the_claim(
        engine: str) -> None:
    names = sorted(f"jd/{p.name}" for p in (HERE / "jd").glob("*.md"))
    done = run_workrules("check", "--no-config", "--format", "text", "--engine", engine,
                         *names, cwd=HERE)  # fmt: skip
    assert (done.returncode, made_by_masked(done.stdout), done.stderr) == (
        1, made_by_masked(_expected("precommit.txt")), "")


def test_a_list_item_knows_the_lead_in_it_completes() -> None:
    text = ("The post holder will manage a caseload. This will\ninclude:\n\n"
            "- cases assessed as high RoSH\n- low risk cases\n\nThe post holder will attend.\n"
            "- a bullet with no lead-in\n")  # fmt: skip
    said = [(s.line, s.text, s.lead and s.lead.text) for s in sentences(text)]
    assert said == [
        (1, "The post holder will manage a caseload.", None),
        (1, "This will include:", None),
        (4, "cases assessed as high RoSH",
         "The post holder will manage a caseload. This will include:"),
        (5, "low risk cases", "The post holder will manage a caseload. This will include:"),
        (7, "The post holder will attend.", None),
        (8, "a bullet with no lead-in", None),
    ]


def test_a_label_alone_leads_its_list_and_a_table_cells_items_complete_its_row() -> None:
    text = ("Duties will include:\n- holding IOM cases\n\n| Duty | Detail |\n|---|---|\n"
            "| Case management | Low RoSH; high RoSH by exception |\n")  # fmt: skip
    said = [(s.line, " ".join(s.words), s.lead and s.lead.text) for s in sentences(text)]
    assert said == [
        # (a short first item is read with the label, as a label's value, from its line)
        (1, "duties will include : holding iom cases", "Duties will include:"),
        # (the header row is read with each row under it: `test_jd_numbers.py`)
        (6, "case management : low rosh ; high rosh by exception", None),
        (6, "high rosh by exception", "Case management:"),
    ]


def _gives(pattern: str, text: str) -> bool:
    return claim_matcher(pattern).gives(text)


@pytest.mark.parametrize("sentence", [
    "The post holder will not normally have line management responsibilities.",
    "It is not anticipated that the post holder will line manage staff.",
    "It is not envisaged that this role will have any line management responsibility.",
    "The post holder will not normally be required to supervise or line manage colleagues.",
    "There is no expectation that the post holder will line manage staff.",
    "There will not normally be any direct reports.",
    "Staff management: not normally required",
    "No line management responsibility.",
])  # fmt: skip
def test_a_hedged_denial_of_line_management_denies_it(sentence: str) -> None:
    assert (_gives("no_line_management", sentence), _gives("line_management", sentence),
            _gives("line_management_stated", sentence)) == (True, False, False)  # fmt: skip


@pytest.mark.parametrize("sentence", [
    "Not normally required to work weekends, the post holder will line manage six PSOs.",
    "You are not expected to hold a caseload and will line manage a team of PSOs.",
    "It is expected that the post holder will line manage a team of case administrators.",
])  # fmt: skip
def test_a_hedge_about_something_else_leaves_line_management_given(sentence: str) -> None:
    assert (_gives("line_management", sentence), _gives("no_line_management", sentence)) == (
        True, False)


# Real job descriptions' wording, each read as a careful reader reads it. Session 23: the
# first read otherwise before (a helper's 112 made-up JDs in HMPPS style: 83 agreed, now 101);
# the rows after "(already so)" were already read so, and must stay so.
@pytest.mark.parametrize(("pattern", "sentence", "gives"), [
    # a denial whose negation is far from "line management": "have any responsibility for"
    # is a hedge (`lm_hedges`), so what follows it in its clause is denied with it
    ("line_management", "This post will not have any responsibility for the formal line "
     "management of staff.", False),
    ("line_management", "The post holder will not be responsible for the line management of "
     "staff in the team.", False),
    # denials in other words (`lm_denied`)
    ("no_line_management", "There are no direct line reports for this post.", True),
    ("no_line_management", "No staff report to this post.", True),
    ("no_line_management", "The post holder will have no staff reporting to them.", True),
    ("no_line_management", "This is not a management post.", True),
    ("no_line_management", "Staff managed: Nil", True),
    # a supervising officer is the practitioner of a person on licence, not the post's staff
    ("line_management", "Liaise with supervising officers in the community about licence "
     "conditions.", False),
    # a criterion, not a duty (`not_a_duty`)
    ("line_management", "A track record of line managing and developing staff would be an "
     "advantage.", False),
    ("line_management", "You will be the people leader for a team of Probation "
     "Practitioners.", True),
    # role boundaries (7): "save for" and "aside from" exclude; a condition naming the SPO
    # is an exception that lets the post be given the work
    ("reports_outside_role_boundary", "Complete court reports, save for cases involving "
     "domestic abuse.", False),
    ("reports_outside_role_boundary", "Prepare pre-sentence reports on all cases aside from "
     "those with a high risk of serious harm.", False),
    ("cases_outside_role_boundary", "The PSO will not hold high RoSH cases unless the SPO "
     "agrees.", True),
    # spans as HR writes them: civil service grades, a pay band before the count, "comprises"
    ("span_of_control_stated", "Line manages the Case Administration team (5 x AO).", True),
    ("span_of_control_stated", "Line manages 2 x Band 3 Administrative Officers.", True),
    ("span_of_control_stated", "Line manage the PDU's Case Administration team, which comprises "
     "12 staff.", True),
    # (already so)
    ("line_management", "Where there is no SPO available, the post holder will line manage the "
     "team.", True),
    ("line_management", "Without prejudice to the above, the SPO will line manage a team of "
     "officers.", True),
    ("line_management", "You will not be responsible for reception but will line manage the "
     "case administrators.", True),
    ("reports_outside_role_boundary", "Prepare pre-sentence reports on cases with a high risk of "
     "serious harm.", True),
    ("cases_outside_role_boundary", "The PSO will not hold high RoSH cases.", False),
    # Session 24: a helper's 113 more made-up JDs (63 agreed with a careful reader, now 98);
    # each sentence below was read otherwise before, except those after "what a second
    # reading" and the last two, which must stay so.
    # the staff's admin, not staff (`not_staff`)
    ("line_management", "Manage the team mailbox and diary, ensuring messages are answered.",
     False),
    ("line_management", "Process and manage staff travel and subsistence claims.", False),
    ("line_management", "Produce and manage team performance reports for the SPO.", False),
    ("line_management", "Lead the PDU's staff wellbeing group.", False),
    # line management given to someone else, or the post's own (`denied_after`, `own_manager`)
    ("line_management", "Line management is provided by the Community Payback Manager.", False),
    ("line_management", "Line management chain: Head of PDU > SPO > PO.", False),
    # a form's "(Y/N)" is no answer (`lm_form_fields`)
    ("line_management", "Supervisory responsibility (Y/N): N", False),
    # supervision that is not line management (`not_a_duty`)
    ("line_management", "Act as a PSO Assessor, supervising and assessing PSOs working towards "
     "their qualification.", False),
    ("line_management", "Provide practice supervision to newly qualified officers.", False),
    # line management in the Civil Service's words (`lm_implied_hr`, `lm_implied`), and a team
    # whose name holds "management" (`own_manager` no longer holds "offender management")
    ("line_management", "Act as Reporting Manager for 9 Administrative Officers.", True),
    ("line_management", "Responsible for the recruitment, induction, supervision, appraisal and "
     "development of the Unpaid Work Supervisors.", True),
    ("line_management", "Manage the Offender Management Unit team of POMs.", True),
    # spans (`span_stated`, `count_after`)
    ("span_of_control_stated", "Line manage the Sentence Management Team of 9 practitioners.",
     True),
    ("span_of_control_stated", "The post holder will have 9 court staff reporting to them.",
     True),
    ("span_of_control_stated", "Line manage the team of POs (x4) and PSOs (x3).", True),
    ("span_of_control_stated", "Reporting Officer for the three SAOs in the hub.", True),
    # 7b's categories as practitioners write them (`boundary_cases`, `every_risk_level`)
    ("cases_outside_role_boundary", "Supervise people with previous sexual convictions in the "
     "community.", True),
    ("cases_outside_role_boundary", "Manage cases flagged for DA with support from the SPO.",
     True),
    ("cases_outside_role_boundary", "Manage people with severe and enduring mental illness.",
     True),
    ("cases_outside_role_boundary", "Hold cases regardless of their level of risk.", True),
    # a risk that is not of serious harm (`boundary_not_cases`)
    ("cases_outside_role_boundary", "Supervise people on probation at high risk of rough "
     "sleeping.", False),
    # what a second reading of these lists found they must not do: "going to the SPO for
    # advice" is no handing over, "team x 4 a year" and "the team numbers 12" are no span,
    # stalking is not a category 7b names; and what reading a text as it shows must not do
    ("cases_outside_role_boundary", "The post holder will manage cases assessed as high risk of "
     "serious harm, going to the SPO for advice where needed.", True),
    ("cases_outside_role_boundary", "Manage domestic abuse cases and go to the Probation Officer "
     "with any concerns.", True),
    ("span_of_control_stated", "Deliver risk briefings to the team x 4 a year.", False),
    ("span_of_control_stated", "The team currently numbers 12 practitioners.", False),
    ("cases_outside_role_boundary", "Manage a caseload of people convicted of stalking "
     "offences.", False),
    ("cases_outside_role_boundary", "<table><tr><td>Duties</td><td>Manage cases assessed as high "
     "risk of serious harm</td></tr></table>", True),
    ("span_of_control_stated", "Line manage 3*PSOs and 2*SAOs in the court team.", True),
    # a third review, of 86 JDs in the layouts HMPPS and the Civil Service use (69 agreed,
    # now 79): DV and DA flags, Tier A, scores, forms' "(Yes/No)" labels and "Reportees",
    # and a duty desk, which holds no caseload
    ("reports_outside_role_boundary", "Prepare written short format reports for DV cases.", True),
    ("reports_outside_role_boundary", "Prepare oral reports on cases flagged as DA.", True),
    ("cases_outside_role_boundary", "Manage a caseload of Tier A and Tier B cases.", True),
    ("cases_outside_role_boundary", "Manage a caseload of people with a high RSR score.", True),
    ("cases_outside_role_boundary", "Manage a caseload of Tier C and Tier D cases; Tier A cases "
     "are held by Probation Officers.", False),
    ("cases_outside_role_boundary", "Manage the duty desk and see people of all risk levels "
     "reporting in.", False),
    ("cases_outside_role_boundary", "Manage the duty desk, and hold a caseload including high "
     "RoSH cases.", True),
    ("span_of_control_stated", "| Number of staff reporting to this post | 8 |", True),
    ("span_of_control_stated", "| Reportees | 6 (4 PSO, 2 Case Administrators) |", True),
    ("line_management", "Line management responsibilities (Yes/No): Yes", True),
    ("no_line_management", "Line management responsibilities (Yes/No): Yes", False),
    ("line_management", "Management of staff (Yes/No): Yes", True),
    ("no_line_management", "Line management responsibilities (Yes/No): No", True),
    # a fourth review, of 95 JDs as PDF and Word exports give them (72 agreed, now 78), and a
    # scenario helper's: spans as ranges and after "approx.", line management that stays
    # with someone else, teams of partners, and a span of one
    ("span_of_control_stated", "Reporting to you will be 4 Probation Officers and 3 PSOs.",
     True),
    ("span_of_control_stated", "Responsible for the wellbeing, supervision and development of "
     "the team's 8 Probation Officers.", True),
    ("line_management", "You will have dotted-line (professional) management of the two "
     "psychologists co-located in the PDU; their line management remains with the Regional "
     "Psychology Lead.", False),
    ("line_management", "You will lead a matrix project team drawn from across the region.",
     False),
    ("line_management", "Manage the staff room keys and fire register.", False),
    ("span_of_control_stated", "Deploy and supervise the Community Payback supervisors "
     "(approx. 15 sessional), including their rotas, training and performance.", True),
    ("span_of_control_stated", "The SAO will line manage approx. 8 administrative staff.", True),
    ("span_of_control_stated", "The SPO is responsible for the line management of 10 to 12 "
     "staff.", True),
    ("span_of_control_stated", "The SPO is responsible for the line management of "
     "approximately ten to twelve staff, including Probation Officers and PSOs.", True),
    ("line_management", "The post has one direct report (the Performance Analyst).", True),
    ("span_of_control_stated", "This post has a single direct report, the Office "
     "Administrator.", True),
    ("no_line_management", "This is a non-line-management role within the PDU administrative "
     "team.", True),
    ("line_management", "The job holder will be the reporting officer for two EOs in the "
     "performance team.", True),
    # ... and what the review of those additions found they must not read (review 35)
    ("line_management", "Holds monthly line management supervision with their own team of "
     "probation officers.", True),
    ("line_management", "Provides line management supervision from the regional office to "
     "the probation officers in the team.", True),
    ("line_management", "Manages and supervises the project team of probation officers.",
     True),
    ("line_management", "Leads, manages and appraises the Partnership Team of PSOs.", True),
    ("span_of_control_stated", "Line manages probation officers, meeting each of them 4 to 6 "
     "times a year.", False),
    ("span_of_control_stated", "Line manages probation officers, holding supervision between "
     "4 and 6 times a year.", False),
    ("line_management", "Lead the IOM partnership team. Police and local authority staff in "
     "the team are employed and line managed by their own organisations.", True),
    # a count in brackets, as HR writes a span (review 35)
    ("span_of_control_stated", "Line manage the Senior Probation Officers (5) and the Business "
     "Manager (1).", True),
    ("span_of_control_stated", "Oversee and appraise the work of Probation Officers, PSOs and "
     "case administrators in the team (10 staff).", True),
    ("span_of_control_stated", "Supervise the day-to-day work of the case administrators "
     "(8\u201310 FTE), allocating tasks and monitoring quality.", True),
    ("span_of_control_stated", "Line manage the team (see section 3) and the rota.", False),
    # (already so)
    ("line_management", "You will line manage a team of 8 Probation Officers.", True),
    ("line_management", "Be a member of the PDU management team.", False),
])  # fmt: skip
def test_job_description_wording_is_read_as_a_reader_reads_it(pattern: str, sentence: str,
                                                              gives: bool) -> None:  # fmt: skip
    assert _gives(pattern, sentence) is gives


@pytest.mark.xfail(strict=True, reason="a hedge set apart from its negation by a parenthesis "
                   "('is not, in the normal course of their duties, expected to line manage') "
                   "puts the negation 10 words before the match, past 'unless after' (6 words), "
                   "and 'in' and 'to' are walls a gap of `{lm_hedged} ...` may not cross")
def test_a_hedge_after_a_parenthesis_denies_line_management() -> None:
    sentence = ("The post holder is not, in the normal course of their duties, expected to line "
                "manage staff.")
    assert not _gives("line_management", sentence)


# ------------------------------------------------------------------ bounds on lists and lead-ins
@pytest.mark.parametrize("engine", ENGINES)
def test_a_finding_names_the_first_five_lines_and_counts_the_rest(engine: str) -> None:
    # a lead-in over a long list is read with each item from its last 24 words; a finding
    # about a text names five of the lines its pattern is found at, and counts the others
    folder = HERE.parent / "lead-bounds"
    code, out, err = check_text("forty-breaching-items.md", "long-lead-in.md", cwd=folder,
                                engine=engine)  # fmt: skip
    assert (code, out, err) == (1, (folder / "expected.txt").read_text(encoding="utf-8"), "")
    assert out.count("and found at 35 more lines (the first 18, the last 52)") == 2
