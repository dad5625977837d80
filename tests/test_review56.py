"""Session 46: what the helpers found, on the files in fixtures/review56/.

- job adverts and recruitment packs (round 58): an FAQ's question answered no in other words
  than "No", or set in bold over its answer, was read as the duty it denied; an interview
  sheet's questions and exercises, a careers page's progression and a Head of PDU's cover
  letter were read as the post's duties; "Reporting to the post holder: 6 POs, ..." stated no
  span.
- Easy Read and plain-language versions (round 59): "look after people who are high risk",
  "people who have hurt a partner", "be the manager of a team (of 8 staff)" were not read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import jd_found

HERE = Path(__file__).parent.parent / "fixtures" / "review56"


ADVERTS = [  # round 58: job adverts and recruitment packs
    # "Absolutely not.", "Never.", "Not as a PSO.", "They don't.", "No - PSOs do not line
    # manage staff", each under a question set in bold: no duty
    ("faq-denials.md", []),
    ("faq-hedged-not-alone.md", [("jd-cases-role-boundary", 6)]),  # "Not on your own."
    ("faq-hedged-first-year.md", [("jd-cases-role-boundary", 6)]),  # "... in your first year"
    ("faq-bold-yes.md", [("jd-cases-role-boundary", 6)]),  # "Yes, you will hold a small number"
    ("interview-questions.md", []),  # under "Interview questions (panel use only)"
    ("interview-scenario.md", []),  # under "Scenario": "You are the PSO holding the case ..."
    ("interview-describe-a-time.md", []),  # "Describe a time you have line managed ..."
    ("careers-progression.md", []),  # "Through PQiP you could progress to managing high risk"
    ("cover-letter.md", []),  # "As Head of PDU I line manage the SPOs"
    ("reporting-to-the-post-holder.md", []),  # a span: "Reporting to the post holder: 6 POs"
]
EASY_READ = [  # round 59: Easy Read and plain-language versions
    ("easy-read-look-after.md", [("jd-cases-role-boundary", 6)]),
    ("plain-words-partner.md", [("jd-psr-role-boundary", 6)]),
    ("easy-read-manager.md", [("jd-span-stated", 6)]),  # "be the manager of a team": no span
    ("easy-read-manager-of-8.md", []),  # "... of a team of 8 staff": a span
]


@pytest.mark.parametrize(("name", "found"), ADVERTS + EASY_READ)
def test_each_job_description_gives_the_findings_a_reader_sees_in_it(
    name: str, found: list[tuple[str, int]]
) -> None:
    assert jd_found(HERE / "jd", name) == [(name, rule, line) for rule, line in found]


@pytest.mark.parametrize(("name", "line"), [("reporting-to-the-post-holder.md", 8),
                                            ("easy-read-manager-of-8.md", 6)])
def test_a_span_stated_in_the_text_is_read_and_checked_against_the_cap(name: str,
                                                                         line: int) -> None:
    from workrules import check

    result = check([HERE / "jd" / name], set_values=["span_of_control_max[SPO]=8"],
                   select=["jd-*"])  # fmt: skip
    assert [(f.rule, f.line) for f in result.findings] == [("jd-span-in-text-only", line)]


# ------------------------------------------- the review of the session's change

REVIEWED = [
    # an FAQ's answer that hedges ("Not officially.", "Not on paper.", "Not as a rule.", "They
    # shouldn't.", "Not in theory.", "You shouldn't have to."): the post holds them
    *[(f"{name}.md", [("jd-cases-role-boundary", 8)])
      for name in ("h01", "h02", "h03", "h04", "h05", "h07")],
    # real duties under "### Case study supervision", with "how you would manage", and under
    # "## Scenario": read (an interview's headings are named as one: "Interview questions")
    ("j06-case-study-supervision.md", [("jd-cases-role-boundary", 10)]),
    ("j08-how-you-would-duty.md", [("jd-cases-role-boundary", 8)]),
    ("j10-scenario-heading-duties.md", [("jd-cases-role-boundary", 8)]),
    # an SPO who line manages a team and not the administrators, or not PQiP learners: no
    # contradiction where line_management: true settles it
    ("j14-contradicts-ordinary.md", []),
    ("j15-contradicts-ordinary2.md", []),
    ("k03-in-charge-of-the-team-diary.md", []),  # a diary is no team to manage
]  # fmt: skip


@pytest.mark.parametrize(("name", "found"), REVIEWED)
def test_what_the_review_found_is_read_as_a_reader_reads_it(
    name: str, found: list[tuple[str, int]]
) -> None:
    assert jd_found(HERE / "review", name) == [(name, rule, line) for rule, line in found]


@pytest.mark.parametrize("name", ["l01-locations.md", "l02-values.md", "l03-dates.md",
                                  "j17-english-names.md"])
def test_a_list_of_places_values_dates_or_names_is_not_said_to_be_in_another_language(
    name: str,
) -> None:
    from workrules import check

    result = check([HERE / "review" / name], select=["jd-*"])
    assert not [na for na in result.not_applied if "not in English" in na.reason]


def test_a_small_list_named_like_an_excel_lock_file_is_read_where_nothing_beside_it_is_locked(
) -> None:  # fmt: skip
    from workrules import check

    # `~$Tees PDU - timesheets.csv`: UTF-16, 166 bytes, weeks of 52-55 h against 37, and no
    # `Tees PDU - timesheets.csv` beside it to lock
    result = check([HERE / "review" / "lockname"])
    assert [(f.rule, f.subject, f.when()) for f in result.findings] == [
        ("unrecompensed-hours", "T02", f"week of 2024-06-{day}") for day in ("03", "10", "17")]
    assert not result.files_not_read
