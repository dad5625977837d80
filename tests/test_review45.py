"""Session 35: what the helpers found, on the files in fixtures/review45/.

- job descriptions, round 39 (revised and legacy documents): tracked changes as pandoc,
  CriticMarkup and a converted Word file write them, reviewers' comments, the short forms of
  7b's kinds, and Probation Officers named as the subject of a comparison;
- a policy diff compares sets in one order at any depth, quoted members included, and leaves
  quoted text as written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import jd_found, run_workrules

from workrules.textpattern import as_shown

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "review45"


# ---------------------------------------------------------------- a negotiator's diff


def test_a_set_of_quoted_text_written_in_another_order_is_no_change() -> None:
    done = run_workrules("diff", str(HERE / "diff" / "quoted-set.wr"),
                         str(HERE / "diff" / "quoted-set-reordered.wr"))  # fmt: skip
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1] == (
        "No differences: OLD and NEW state the same rules, values, grades and waivers.")


def test_braces_inside_quoted_text_are_text_and_a_change_to_them_is_a_change() -> None:
    done = run_workrules("diff", "--format", "json", str(HERE / "diff" / "quoted-set.wr"),
                         str(HERE / "diff" / "quoted-text-changed.wr"))  # fmt: skip
    assert done.returncode == 1, done.stderr
    [change] = json.loads(done.stdout)["changes"]
    assert (change["field"], change["old"], change["new"]) == (
        "forbid", '(subject.rosh in {high, very_high}) or (subject.reoffending = "{b, a}")',
        '(subject.rosh in {high, very_high}) or (subject.reoffending = "{a, b}")')


# ------------------------------------------------------------------ job descriptions, round 39


@pytest.mark.parametrize(("name", "line"), [
    # 7b's kinds in the short forms revised job descriptions use
    ("cp-beside-da.md", 8),  # "children ... subject to CP plans"
    ("rosh-m-h.md", 8),  # "RoSH M/H cases"
    ("mappa-category-1.md", 8),  # registered sexual offenders, at any level
    ("convicted-under-tact.md", 8),
    ("tact-prisoners.md", 8),
    ("current-safeguarding.md", 8),  # 7b's "current or recent"
    # tracked changes: the inserted word is read, the deleted one is not
    ("pandoc-insertion.md", 8),
    ("criticmarkup.md", 9),  # a substitution's new text; line 8's deletion is not read
    # what is deleted or a comment is not read, and each line after stays where it was
    ("pandoc-deletion.md", 14),
    ("strike-over-line-break.md", 11),
    ("deleted-line.md", 10),
    # a Probation Officer named before a verb of one is the subject; the PSO after is the post
    ("po-as-subject.md", 10),
])  # fmt: skip
def test_a_revised_job_description_s_duty_is_read_where_it_stands(name: str, line: int
                                                                   ) -> None:  # fmt: skip
    assert jd_found(HERE / "jd", name) == [(name, "jd-cases-role-boundary", line)]


@pytest.mark.parametrize("name", [
    "reviewer-comment.md",  # "[Comment HR: do we want PSOs holding high risk cases ...?]"
    "outside-the-iom-cohort.md",  # "low risk individuals outside the IOM cohort"
    "support-po-court-duty-officer.md",  # "support the PO court duty officer with PSRs on ..."
    "po-only.md",  # "Hold MAPPA L2/L3 cases: PO only."
])  # fmt: skip
def test_what_a_revised_job_description_keeps_from_the_post_is_no_finding(name: str) -> None:
    assert jd_found(HERE / "jd", name) == []


@pytest.mark.parametrize(("written", "read"), [
    # pandoc's tracked changes: a deletion and a comment read as nothing, over lines too
    ('Manage [low]{.deletion author="HR"}[high]{.insertion author="HR"} risk',
     "Manage high risk"),
    ('[Hold DA\ncases.]{.deletion author="HR"\ndate="2024-01-01"} Next.', "\n\n Next."),
    ('[HR: why?]{.comment-start id="0" author="HR"}Hold low risk cases[]{.comment-end id="0"}',
     "Hold low risk cases"),
    ("[high\n\nrisk]{.underline}", "[high\n\nrisk]{.underline}"),  # never past a paragraph
    # CriticMarkup
    ("{--high--} {++low\nrisk++} {~~all~>low~~} {>>why?<<} {==cases==}",
     " low\nrisk low  cases"),
    ("{--high\n\nrisk--}", "{--high\n\nrisk--}"),
    # two tildes strike over a soft line break, never into the next item
    ("- ~~Manage high\n  risk cases.~~\n- Manage", "-  \n\n- Manage"),
    ("- ~~Manage high\n- risk cases.~~", "- ~~Manage high\n- risk cases.~~"),
    # a line marked deleted, and a reviewer's comment
    ("- [DELETED] Hold IOM cases.\nKeep [DELETED] this", "-  \nKeep [DELETED] this"),
    ("[HR comment: PSOs to hold DA cases?] Manage low risk cases.",
     "  Manage low risk cases."),
])  # fmt: skip
def test_a_tracked_change_or_a_comment_is_read_as_a_reviewer_reads_it(written: str, read: str
                                                                     ) -> None:  # fmt: skip
    assert as_shown(written) == read
