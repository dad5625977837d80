"""Session 48's own changes: what they do, on real files from `fixtures/`.

- job descriptions written to the Civil Service's forms (JDs, round 61: Success Profiles,
  person specifications, JES papers, recruitment packs): "SPO (line manager)" among a post's
  contacts read as its line management; a scoring grid's weight read as a span; "Job and
  Person Profile" over the main duties read as a person specification; "What we need from
  you", "Technical" and "How to apply" read as duties; a co-worker beside
  the PO who holds the case read as holding it; two common ways of stating a span not read.
- indicators' HTML tables without captions or row headers (a first hour, round 47, P10).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workrules import check
from workrules.cli import main

FIXTURES = Path(__file__).parent.parent / "fixtures"
WORKFORCE = FIXTURES / "workforce"
JD = FIXTURES / "review58" / "jd"
CAPS = ["span_of_control_max[SAO]=6", "span_of_control_max[SPO]=8"]

FORMS = [  # round 61: each file checked alone, with spans capped for SAOs and SPOs
    ("keyrel-line-manager.md", []),  # "SPO (line manager), Probation Officers, police"
    ("keyrel-line-manager-flag-false.md", []),  # the same, with line_management: false
    ("line-manager-to-staff.md", [("jd-span-stated", 6)]),  # "Line manager to the PSOs"
    ("scoring-grid-weight.md", [("jd-span-stated", 6)]),  # "| Line management | 30 |": a weight
    ("grid-line-management-potential.md", []),  # "line management potential": a criterion
    ("job-and-person-profile.md", [("jd-cases-role-boundary", 9)]),  # "### Main duties"
    ("role-and-person-specification.md", [("jd-cases-role-boundary", 8)]),
    ("success-profile-responsibilities.md", [("jd-cases-role-boundary", 9)]),
    ("what-we-need-from-you.md", []),  # a candidate's criteria
    ("technical-heading.md", []),  # the Success Profiles' "Technical": criteria
    ("technical-duties.md", [("jd-cases-role-boundary", 7)]),  # "## Technical duties": duties
    ("how-to-apply.md", []),  # an example for a statement: "working with people convicted of"
    ("co-worker-only.md", []),  # "only as co-worker to the allocated PO, who holds the case"
    ("pso-holds-po-co-works.md", [("jd-cases-role-boundary", 6)]),  # the PO co-works: held
    ("case-admin-team-of-7.md", [("jd-span-in-text-only", 6)]),  # "team of 7 AOs": over 6
    ("jes-staff-managed-direct.md", [("jd-span-in-text-only", 10)]),  # "Staff managed (direct)"
]


@pytest.mark.parametrize(("name", "expected"), FORMS, ids=[n for n, _ in FORMS])
def test_a_job_description_in_a_civil_service_form_is_read_as_a_rep_reads_it(
        name: str, expected: list[tuple[str, int]]) -> None:  # fmt: skip
    result = check([JD / name], set_values=CAPS, select=["jd-*"])
    assert [(f.rule, f.line) for f in result.findings] == expected


def test_each_indicator_table_has_a_caption_and_rows_headed_by_their_group(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a first hour, round 47, P10: a screen reader moving through a figure heard neither the
    # indicator nor the row's group
    out = tmp_path / "indicators.html"
    files = [str(WORKFORCE / f) for f in ("staff.yaml", "rota.yaml", "allocation.yaml")]
    assert main(["indicators", *files, "--period", "2024-Q2", "--by", "grade",
                 "--format", "html", "-o", str(out)]) == 0  # fmt: skip
    assert capsys.readouterr().err == ""
    html = out.read_text(encoding="utf-8")
    captions = re.findall(r"<caption>([^<]*)</caption>", html)
    assert captions[:2] == ["Turnover rate (%), 2024-Q2", "Vacancy rate (%), 2024-Q2"]
    assert len(captions) == html.count("<table")
    first = html[html.index("<tbody"):html.index("</tbody>")]
    assert re.findall(r'<th scope="row">([^<]*)</th>', first) == [
        "all", "grade (occupation): PO", "grade (occupation): PSO"]
