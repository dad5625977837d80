"""Session 33's review: what the helpers found, on real files under fixtures/review43.

Each test names a behaviour and asserts the exact findings (rule, subject, line), messages or
notices of a check."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import check_text, jd_found, partial_notices, run_workrules

from workrules import UsageError, WorkrulesError, check, load_policy
from workrules.errors import InputError

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
HERE = ROOT / "review43"
ENGINES = ["python", "columnar"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_wmt_reading_outside_post_names_the_days_it_covers_not_the_rules_expression(
        engine: str) -> None:
    # 3: a rep reads "reading_ends is 2024-06-09" where the finding said "(week + 6 days)
    # otherwise date is 2024-06-09"
    code, out, _ = check_text("--select", "wmt-outside-post", "--today", "2024-07-01",
                              "staff.yaml", "allocation.yaml", "rota.yaml",
                              cwd=ROOT / "review20", engine=engine)
    assert code == 1  # a warning since session 45: the reading counts toward no cap
    assert out.splitlines()[1] == "    warning: fails the run"
    assert out.splitlines()[2] == (
        "    subject NS3; week of 2024-06-03; measured the staff member's start date is 2024-06-10; "
        "reading_ends is 2024-06-09, the staff member's start date 2024-06-10, limit required")


# -- round 36: job descriptions as a conversion from Word or PDF leaves them ------------------

JD = HERE / "jd"


@pytest.mark.parametrize(("name", "expected"), [
    # a page's marking and number between the halves of a term ("domestic" / "abuse")
    ("pagebreak-inside-domestic-abuse.md", [("jd-cases-role-boundary", 6)]),
    # the finding points at the sentence's first line, where "line" / "manage" starts
    ("pagebreak-inside-line-manage.md", [("jd-line-management-contradicted", 7)]),
    # past a page's furniture a sentence cut after any word but a stop goes on into a line in
    # lower case that opens with no verb as a list's item does ("including for defendants" /
    # page / "assessed as posing a high risk": JDs round 62); a list whose bullets a
    # conversion lost is read apart (review 33: "... no line management responsibility" /
    # page / "hold a caseload ...", fixtures/review43/review)
    ("pagebreak-after-a-noun.md", [("jd-psr-role-boundary", 6)]),
])
def test_a_term_a_page_break_cuts_in_two_is_read_whole(
        name: str, expected: list[tuple[str, int]]) -> None:
    assert [(rule, line) for _, rule, line in jd_found(JD, name)] == expected


@pytest.mark.parametrize("name", [
    "learning-event-and-e-learning.md",  # training on the cases by another name
    "framework-revised-in-future.md",  # a change that may come, after consultation
    "tracked-change-deleted.md",  # "[deleted: Hold cases ...]", as struck text
    "span-in-brackets.md",  # "the region's Heads of PDU (nine)" states the span
])
def test_what_is_not_the_post_s_duty_now_gives_no_finding(name: str) -> None:
    assert jd_found(JD, name) == []


@pytest.mark.parametrize("name", ["page-furniture-only.md", "template-not-filled-in.md"])
def test_a_text_of_page_markings_or_unfilled_placeholders_is_said_not_judged(name: str) -> None:
    result = check([JD / name])
    assert result.findings == ()
    assert dict(partial_notices(result))["jd-cases-role-boundary"] == (
        "applied in part: the text of 1 job description could not be read, so it was not "
        f"judged: {JD / name} holds only a page's numbers and markings, headings, or a "
        "template's placeholders not filled in")


# -- a negotiator's and a policy author's slips (round 36's negotiator) ------------------------

POLICIES = HERE / "policies"


@pytest.mark.parametrize(("name", "at", "reason"), [
    # a let nothing reads is checked too: its slips were loaded in silence
    ("unused-let-misspelt.wr", "7:13",
     "unknown name 'precent' for a WMT reading (did you mean 'percent'?)"),
    ("unused-let-units.wr", "7:21", "cannot add hours to percent"),
    # a limit never declared: how to declare one, beside the 'per' key's near name
    ("undeclared-parameter.wr", "8:27",
     "unknown name 'facilitator_cap' for a programme session (did you mean 'facilitator'?); a "
     "name that is no field, 'per' key or let is a parameter, declared as 'param "
     "facilitator_cap: TYPE = VALUE' (or 'param facilitator_cap: TYPE', to be agreed)"),
    # the parser's list of tokens it expected, where a number had an exponent
    ("exponent.wr", "8:28",
     "a number is written out in full, without an exponent ('e20'): 1e20 is too large a "
     "number (the largest accepted is 1,000,000,000)"),
    # a role key's slip is suggested as a grade key's is
    ("role-key-slip.wr", "5:5",
     "caseload_max has no value for 'VLOO' (did you mean 'vlo'?); its keys are pom, "
     "pre_release, nsd_practitioner, vlo, daso, polygraph_examiner, case_admin, "
     "business_manager"),
])
def test_a_policy_author_s_slip_is_refused_at_its_place_with_what_to_write(
        name: str, at: str, reason: str) -> None:
    with pytest.raises(WorkrulesError) as caught:
        load_policy(str(POLICIES / name))
    assert str(caught.value) == f"{POLICIES / name}:{at}: {reason}"


@pytest.mark.parametrize(("call", "library", "command_line"), [
    ({"set_values": ["wmt_grace=8h"]},
     "set value 'wmt_grace=8h': 8 h is not a value for wmt_grace, which is a number of days "
     "(7 days or 1 week)", ["--set", "wmt_grace=8h"]),
    ({"engine": "fast"}, "engine='fast': choose one of auto, python, columnar",
     ["--engine", "fast"]),
    ({"fail_on": "errors"}, "fail_on='errors': choose one of advisory, warning, error, never "
     "(did you mean 'error'?)", ["--fail-on", "errors"]),
])
def test_a_library_caller_s_mistake_names_the_argument_it_gave_not_a_command_line_option(
        call: dict[str, Any], library: str, command_line: list[str]) -> None:
    files = [ROOT / "example" / "staff.yaml"]
    with pytest.raises(UsageError) as caught:
        check(files, **call)
    assert str(caught.value) == library
    # the command line names its option, as before
    code, _, err = check_text(*command_line, str(files[0]), cwd=ROOT)
    assert code == 2 and "Traceback" not in err and command_line[0] in err


# -- round 10's attack: what GitHub shows and the check did not read ----------------------------

HOSTILE = HERE / "hostile"
SHOWN_LINE = {  # each file's duty sentence, which GitHub (cmark-gfm) shows as text
    "F1-comment-across-list-items.md": 7, "F1-comment-across-table-rows.md": 9,
    "F1-comment-past-fence.md": 10, "F1-comment-past-heading.md": 8,
    "F1-comment-past-html-block.md": 8, "F1-comment-past-list-item.md": 7,
    "F1-comment-past-quote.md": 7, "F1-comment-past-rule.md": 8,
    "F2-comment-in-html-attr.md": 6, "F2-comment-in-img-alt.md": 6,
    "F2-comment-in-link-title.md": 6, "F2-comment-in-link-url.md": 6,
    "F3-refdef-angle-dest-newline.md": 7, "F3-refdef-bracket-in-label.md": 6,
    "F3-refdef-empty-label.md": 6, "F3-refdef-in-fenced-code.md": 7,
    "F3-refdef-in-indented-code.md": 6, "F3-refdef-in-table-cell.md": 6,
    "F3-refdef-space-in-url.md": 6, "F3-refdef-title-line-then-text.md": 7,
    "F3-refdef-title-no-space.md": 6, "F3-refdef-url-then-quote.md": 6,
    "F4-tilde-entities.md": 6, "F4-tilde-in-emphasis.md": 6, "F4-tilde-in-strong.md": 6,
    "F5-cyrillic-capital-I.md": 6, "F5-cyrillic-palochka.md": 6,
    "F5-greek-capital-iota.md": 6, "F5-latin-capital-iota.md": 6,
    "F5-risk-greek-iota.md": 6, "F9-end-tag-with-text-after-b.md": 6,
    "F9-end-tag-with-text.md": 6,
}


@pytest.mark.parametrize("name", sorted(SHOWN_LINE))
def test_a_duty_github_shows_is_read_however_markup_around_it_is_written(name: str) -> None:
    # F1: an inline comment ends with its paragraph, list item or table row; F2: `<!--` in an
    # attribute or a link's address is no comment; F3: a line that is no link definition, or
    # one in code, is text; F4: tildes from entities or emphasised alone strike nothing; F5:
    # a capital I's look-alike reads I; F9: an end tag holds no words
    assert jd_found(HOSTILE, name) == [(name, "jd-cases-role-boundary", SHOWN_LINE[name])]


def test_a_walk_reads_a_hidden_folder_and_every_name_github_renders_as_markdown(
        tmp_path: Path) -> None:  # fmt: skip
    duty = (HOSTILE / "F9-end-tag-with-text.md").read_text(encoding="utf-8").replace(
        "Note </b ", "").replace(">", "", 1)  # the plain duty
    folder = tmp_path / "job-descriptions"
    (folder / ".archive").mkdir(parents=True)
    names = [".archive/pso.md", *(f"pso{suffix}" for suffix in (
        ".livemd", ".ronn", ".scd", ".workbook", ".rmd", ".litcoffee"))]
    for name in names:
        (folder / name).write_text(duty, encoding="utf-8")
    code, out, _ = check_text("--select", "jd-cases-role-boundary", str(folder), cwd=tmp_path)
    assert code == 1
    assert sorted(line.split(":")[0] for line in out.splitlines() if ": jd-" in line) == sorted(
        str(folder / name) for name in names)


def test_a_job_description_of_one_long_word_is_read_at_once(tmp_path: Path) -> None:
    # F7: a pointer to a document was looked for from each letter of the word to its end
    # (233 s for 262,000 letters); as one pass, nothing to report
    jd = tmp_path / "long-word.md"
    jd.write_text("---\nkind: job-description\ntitle: PSO\ngrade: PSO\n---\n" + "a" * 262_000
                  + "\n", encoding="utf-8")
    assert check([jd]).findings == ()


# -- scenario round 33: exports from real systems ------------------------------------------------

DATA = HERE / "data"


@pytest.mark.parametrize("engine", ENGINES)
def test_4c_says_it_could_not_judge_when_no_staff_member_gives_contracted_hours(
        engine: str) -> None:
    # a roster's staff export without contracted hours: "where staff.contracted_hours > 0 h"
    # judged no timesheet, and `--select unrecompensed-hours` said nothing to report
    result = check(sorted((DATA / "4c-silent-without-contracts").iterdir()),
                   select=["unrecompensed-hours"], engine=engine)
    assert result.findings == ()
    assert dict(partial_notices(result))["unrecompensed-hours"].startswith(
        "applied in part: no staff member in the data gives any contracted hours, so each was "
        "read as having none; if the export leaves them out, this rule could not judge by them")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_unit_named_two_ways_is_not_said_to_be_wholly_vacant(engine: str) -> None:
    # posts funded in "Tyne PDU", staff in "Tyne": "4 of 4 vacant ... may declare itself
    # full" failed the run, its caveat in a notice that -q drops
    result = check([DATA / "safeguard-vacancies-unit-two-names" / "staff.yaml"],
                   set_values=["safeguard_vacancies_max=0"], today=dt.date(2025, 1, 1),
                   engine=engine)  # fmt: skip
    assert result.findings == ()
    assert dict(partial_notices(result))["safeguard-vacancies"] == (
        'applied in part: unit "Tyne PDU" has funded posts and no one in the staff lists, and '
        'unit "Tyne" has staff and no funded posts: if a unit is named two ways, its posts '
        "would all read as vacant; write its name the same way in every file; 1 finding about "
        "it left out, not judged")


def test_every_column_of_an_export_that_is_no_field_is_refused_in_one_run() -> None:
    # an Oracle/SOP export: one column was refused a run, and the fields it lacks not named
    path = DATA / "one-unknown-column-at-a-time" / "staff.csv"
    with pytest.raises(InputError) as caught:
        check([path])
    fields = ("id, name, grade, roles, contracted_hours, qualified_on, line_manager, pta, "
              "pso_assessor, unit, region, band, gender, ethnicity, started_on, left_on, "
              "flexitime")
    assert [str(e) for e in caught.value.errors] == [
        f"{path}:1: the columns 'Assignment Number', 'Full Name' (did you mean 'name'?), "
        "'Position' (did you mean 'grade'?), 'Grade Code' (did you mean 'grade'?), 'Supervisor "
        f"Assignment Number' are not fields of staff records; the fields are {fields}",
        f"{path}:1: has no column 'id', which every staff record needs",  # (grade: suggested)
    ]


def test_a_roster_s_clock_columns_are_refused_with_the_field_it_lacks() -> None:
    folder = DATA / "start-did-you-mean-staff"
    with pytest.raises(InputError) as caught:
        check(sorted(folder.iterdir()))
    assert str(caught.value.errors[-1]) == (
        f"{folder / 'timesheets.csv'}:1: has no column 'hours_worked', which every timesheets "
        "record needs")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_fact_a_later_one_says_again_with_more_is_said_once(engine: str) -> None:
    result = check(sorted((DATA / "measured-text-repeats").iterdir()), fail_on="advisory",
                   select=["case-outside-post"], engine=engine)  # fmt: skip
    assert [f.measured for f in result.findings if f.subject == "C3"] == [
        "the practitioner's start date is 2024-06-03; the date the case was opened is 2024-05-20, "
        "the practitioner's start date 2024-06-03"]


# -- first hour 33 ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["JD", "jd", "job spec", "role profile"])
def test_a_name_hr_gives_a_job_description_as_its_kind_is_refused_with_the_kind_to_write(
        kind: str, tmp_path: Path) -> None:
    jd = tmp_path / "post.md"
    jd.write_text(f"---\nkind: {kind}\ntitle: PSO\ngrade: PSO\n---\nText.\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        check([jd])
    assert str(caught.value) == (f"{jd}:2: kind {kind!r} is not one of rota, allocation, "
                                 "staff, job-description (did you mean 'job-description'?)")


def test_a_folder_given_as_the_config_is_said_to_be_one(tmp_path: Path) -> None:
    done = run_workrules("check", "--config", str(tmp_path), "staff.yaml", cwd=ROOT / "example")
    assert (done.returncode, done.stderr) == (2, f"workrules: {tmp_path}: is a folder; a config "
                                                 "is a workrules.toml or pyproject.toml file\n")


def test_explain_given_a_clause_explains_each_of_its_rules() -> None:
    done = run_workrules("explain", "--no-config", "1.2k", cwd=ROOT)
    assert done.returncode == 0
    assert [line for line in done.stdout.splitlines() if line.startswith("# ")] == [
        "# wmt-over-ceiling (1.2k(i)): Above 110% of WMT for more than one week"]


def test_the_data_model_s_small_example_is_the_fixture_it_names() -> None:
    # a rep writing their first files from docs/data-model.md had no example of a staff, rota
    # or allocation file (first hour 33); the page's example is the fixture, checked by
    # test_docs as a runnable example
    page = (ROOT.parent / "docs" / "data-model.md").read_text(encoding="utf-8")
    for name in ("staff.yaml", "rota.yaml", "allocation.yaml"):
        block = page.split(f"```yaml\n# {name}\n", 1)[1].split("```", 1)[0]
        assert block == (ROOT / "data-model" / name).read_text(encoding="utf-8"), name


def test_a_report_typed_psr_is_told_the_kinds_of_pre_sentence_report(tmp_path: Path) -> None:
    (tmp_path / "staff.yaml").write_text("kind: staff\nstaff:\n  - {id: A1, grade: PSO}\n",
                                         encoding="utf-8")  # fmt: skip
    (tmp_path / "allocation.yaml").write_text(
        "kind: allocation\nreports:\n  - {id: R1, author: A1, type: PSR, date: 2024-06-03, "
        "subject: {rosh: low}}\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as caught:
        check([tmp_path / "staff.yaml", tmp_path / "allocation.yaml"])
    assert caught.value.message == (
        "reports[0] (R1).type: 'PSR' is not one of sdr, short_format, oral; each is a kind of "
        "pre-sentence report: sdr (a standard delivery report), short_format (a written short "
        "format report) or oral")


def test_a_policy_s_text_given_as_its_name_is_told_to_be_written_to_a_file() -> None:
    with pytest.raises(UsageError) as caught:
        load_policy('policy mine "Mine"\nextends "claim-2024"\n')
    assert str(caught.value) == (
        "a policy is given by a shipped policy's name or a .wr file's path, not by its text: "
        "write the text to a .wr file and give its path")


def test_a_dated_cap_unset_on_the_run_s_day_says_its_undated_records_were_not_judged(
        tmp_path: Path) -> None:  # fmt: skip
    policy = tmp_path / "cap.wr"
    policy.write_text('policy cap-2025 "Cap"\nextends "claim-2024"\n\nset cases_max = 1 from '
                      '2025-04-01\n', encoding="utf-8")  # fmt: skip
    (tmp_path / "staff.yaml").write_text("kind: staff\nstaff:\n  - {id: S1, grade: PO}\n",
                                         encoding="utf-8")  # fmt: skip
    (tmp_path / "allocation.yaml").write_text(
        "kind: allocation\ncases:\n  - {id: C1, practitioner: S1}\n  - {id: C2, practitioner: "
        "S1}\n", encoding="utf-8")  # fmt: skip
    result = check([tmp_path / "staff.yaml", tmp_path / "allocation.yaml"], policy=str(policy),
                   select=["cases-per-practitioner"], today=dt.date(2025, 1, 1))  # fmt: skip
    assert result.findings == ()
    assert dict(partial_notices(result))["cases-per-practitioner"] == (
        "applied in part; cap not yet agreed for earlier records: cases_max unset before "
        "2025-04-01; records with no date are judged by the values in force on 2025-01-01 (the "
        "run's day), when cases_max is unset: none of them was judged")


# -- the review of the session's own change -------------------------------------------------

REVIEW = HERE / "review"


@pytest.mark.parametrize(("name", "expected"), [
    # lines a page break parts, read apart: a lost bullet's duty is found, not joined to the
    # denial before it
    ("pagebreak-after-a-lost-bullet.md", [("jd-cases-role-boundary", 12)]),
    ("pagebreak-list-items.md", []),  # "assist Probation Officers who supervise ..."
    # a testimonial to the reader ("You will hold ...") is someone else's words, with its
    # speaker on its line or the next
    ("testimonial-same-line.md", []),
    ("testimonial-next-line.md", []),
    # a comment opened mid-line goes on past a line that starts no block ("2024.", "2)",
    # "<em>"): what it hides is not read
    ("comment-over-a-year-line.md", []),
    ("comment-over-a-numbered-line.md", []),
    ("comment-over-an-inline-tag-line.md", []),
])
def test_the_session_s_reading_holds_on_what_its_review_wrote(
        name: str, expected: list[tuple[str, int]]) -> None:
    assert [(rule, line) for _, rule, line in jd_found(REVIEW, name)] == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_a_wholly_vacant_unit_beside_another_with_no_posts_is_still_found(engine: str) -> None:
    # "Wear PDU" (5 posts, no one in post) and "Regional Hub" (staff, no posts) are not one
    # unit written two ways: the finding stands, and the notice still names both
    result = check([REVIEW / "vacant-unit" / "staff.yaml"], set_values=[
        "safeguard_vacancies_max=1"], today=dt.date(2025, 1, 1), engine=engine)  # fmt: skip
    assert [(f.rule, f.subject) for f in result.findings] == [("safeguard-vacancies", "Wear PDU")]
    assert "left out" not in dict(partial_notices(result))["safeguard-vacancies"]


def test_a_walk_does_not_read_a_python_environment_whose_python_is_gone(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    for env in (".venv", ".conda"):
        (folder / env / "lib").mkdir(parents=True)
        (folder / env / "lib" / "bad.yaml").write_text("kind: rota\nbroken: [\n")
    (folder / ".venv" / "pyvenv.cfg").write_text("home = /gone\n")  # (no bin/python)
    # (what proves each a tool's, as a `pyvenv.cfg` alone does not: attack round 32, P5)
    (folder / ".venv" / "lib" / "python3.12" / "site-packages").mkdir(parents=True)
    (folder / ".conda" / "conda-meta").mkdir()
    (folder / ".conda" / "conda-meta" / "history").write_text("==> 2024-05-01 <==\n")
    (folder / "jd").mkdir()
    (folder / "jd" / "pso.md").write_text(
        "---\nkind: job-description\ntitle: PSO\ngrade: PSO\n---\nSupervise cases.\n")
    done = run_workrules("check", "--no-config", "-o", os.devnull, str(folder), cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == ("workrules: did not walk 2 folders: a virtual environment or cache, or a "
                   "link leading out of the folder walked or the repository (first: "
                   f"{folder}/.conda/)\n")


def test_a_file_a_walk_reaches_through_a_linked_folder_is_named_where_it_lies(
        tmp_path: Path) -> None:  # fmt: skip
    (tmp_path / ".git").mkdir()  # (a repository: the link leads inside it)
    (tmp_path / "job-descriptions").mkdir()
    (tmp_path / "job-descriptions" / "pso.md").write_text(
        (HOSTILE / "F9-end-tag-with-text.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "job-descriptions").symlink_to("../job-descriptions")
    code, out, _ = check_text("docs", cwd=tmp_path)
    assert code == 1
    assert out.startswith("job-descriptions/pso.md:6: jd-cases-role-boundary [7a] ")


# -- round 37: what managers circulate beside a job description ------------------------------

JD37 = HERE / "jd37"


@pytest.mark.parametrize(("name", "expected"), [
    # a change request's quoted wording is what the job description will say
    ("change-adds-quoted-duty.md", [("jd-cases-role-boundary", 6)]),
    ("change-adds-quoted-line-management.md", [("jd-span-stated", 6)]),
    ("keep-the-case.md", [("jd-cases-role-boundary", 6)]),
    ("psrs-on-the-da-list.md", [("jd-psr-role-boundary", 6)]),
    # "unless a PO is not available": an exception that lets the post hold them
    ("unless-a-po-is-not-available.md", [("jd-psr-role-boundary", 6)]),
    # watching a PO work, and POs of a team named in full, are not the post's duties
    ("observe-the-court-po.md", []),
    ("pos-in-the-high-risk-team.md", []),
    ("induction-plan-in-english.md", []),
    # an email's reply quotes the suggestion it declines ("> On 3 May, Sam Patel wrote:"),
    # and a quoted question asks: neither gives the post a duty
    ("email-reply-quotes-a-suggestion.md", []),
    ("quoted-question-about-line-management.md", []),
])
def test_round_37_s_documents_are_read_as_a_reader_reads_them(
        name: str, expected: list[tuple[str, int]]) -> None:
    assert [(rule, line) for _, rule, line in jd_found(JD37, name)] == expected


def test_an_email_that_points_to_a_job_description_sent_is_said_not_judged() -> None:
    result = check([JD37 / "email-points-to-a-jd-sent.md"])
    assert result.findings == ()
    assert dict(partial_notices(result))["jd-cases-role-boundary"].startswith(
        "applied in part: the text of 1 job description could not be read, so it was not "
        f"judged: {JD37 / 'email-points-to-a-jd-sent.md'} only points to another document")


def test_an_induction_plan_in_english_is_not_said_to_have_no_english() -> None:
    result = check([JD37 / "induction-plan-in-english.md"])
    assert not any("English" in reason for _, reason in partial_notices(result))
