"""Session 48's own changes: what they do, on real files from `fixtures/`.

- job descriptions written to the Civil Service's forms (JDs, round 61: Success Profiles,
  person specifications, JES papers, recruitment packs): "SPO (line manager)" among a post's
  contacts read as its line management; a scoring grid's weight read as a span; "Job and
  Person Profile" over the main duties read as a person specification; "What we need from
  you" and "How to apply" read as duties; a co-worker beside
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
    ("time-share-table.md", [("jd-span-stated", 6)]),  # "| Line management | 25% |": a share
    ("job-and-person-profile.md", [("jd-cases-role-boundary", 9)]),  # "### Main duties"
    ("role-and-person-specification.md", [("jd-cases-role-boundary", 8)]),
    ("success-profile-responsibilities.md", [("jd-cases-role-boundary", 9)]),
    ("what-we-need-from-you.md", []),  # a candidate's criteria
    ("technical-heading.md", [("jd-cases-role-boundary", 7)]),  # "Technical" alone: read
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


@pytest.mark.parametrize(("by", "headers"), [
    ("grade", ["all", "grade (occupation): PO", "grade (occupation): PSO"]),
    # the review of session 48: with `--by region` every row's group is "all", so a screen
    # reader heard "all" on each row; the region tells them apart
    ("region", ["Tyne PDU and Wear PDU (the files given)",
                "North East: Tyne PDU and Wear PDU (the files given)"]),
])  # fmt: skip
def test_each_indicator_table_has_a_caption_and_rows_headed_by_whose_they_are(
        by: str, headers: list[str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    # a first hour, round 47, P10: a screen reader moving through a figure heard neither the
    # indicator nor whose figure it was
    out = tmp_path / "indicators.html"
    files = [str(WORKFORCE / f) for f in ("staff.yaml", "rota.yaml", "allocation.yaml")]
    assert main(["indicators", *files, "--period", "2024-Q2", "--by", by,
                 "--format", "html", "-o", str(out)]) == 0  # fmt: skip
    assert capsys.readouterr().err == ""
    html = out.read_text(encoding="utf-8")
    captions = re.findall(r"<caption>([^<]*)</caption>", html)
    assert captions[:2] == ["Turnover rate (%), 2024-Q2", "Vacancy rate (%), 2024-Q2"]
    assert len(captions) == html.count("<table")
    first = html[html.index("<tbody"):html.index("</tbody>")]
    assert re.findall(r'<th scope="row">([^<]*)</th>', first) == headers


GITHUB = FIXTURES / "review58" / "github"
REDACT = ["fixtures/redact/staff.yaml", "fixtures/redact/rota.yaml",
          "fixtures/redact/allocation.yaml", "fixtures/redact/jd/business-manager.md"]


def _digestless(text: str) -> str:
    """`text` with the claim's digest left out: it changes with each edit of the claim."""
    return re.sub(r"sha256:[0-9a-f]{12}", "sha256:...", text)


@pytest.mark.parametrize(("given", "expected", "code"), [
    (REDACT, "redact-summary.md", 1),  # findings by rule, the rules not applied, made by
    (["fixtures/review58/github/hostile"], "hostile-summary.md", 0),  # an id that is an image
    (["fixtures/review58/github/refused"], "refused-summary.md", 2),  # input refused
], ids=["findings", "hostile-ids", "refused"])  # fmt: skip
def test_format_github_writes_the_job_summary_a_phone_reads_on_the_run_s_page(
        given: list[str], expected: str, code: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # a first hour, round 47, P13: a rep on a phone reads the run's page, where the log's
    # plain lines are 270 characters wide; every text is Markdown-escaped (an id written as
    # an image would be fetched by the reader's browser)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.chdir(FIXTURES.parent)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "--format", "github", "--no-config", "--today", "2024-07-01",
                 *given]) == code  # fmt: skip
    capsys.readouterr()
    want = (GITHUB / "expected" / expected).read_text(encoding="utf-8")
    got = summary.read_text(encoding="utf-8")
    assert _digestless(got) == _digestless("earlier step\n" + want)  # appended
    # no image, link or tag a Markdown renderer would act on
    assert not re.search(r"!\[|(?<!\\)<img|(?<!\\)\]\(", want)


def test_no_job_summary_is_written_outside_github_actions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    summary = tmp_path / "summary.md"
    monkeypatch.chdir(FIXTURES.parent)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "--format", "github", "--no-config", *REDACT]) == 1
    capsys.readouterr()
    assert not summary.exists()


def test_a_job_summary_that_cannot_be_written_is_said_and_the_verdict_stands(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.chdir(FIXTURES.parent)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path))  # a folder: cannot be opened
    assert main(["check", "--format", "github", "--no-config", *REDACT]) == 1
    err = capsys.readouterr().err
    assert "workrules: the job summary could not be written to GITHUB_STEP_SUMMARY (" in err
    assert err.rstrip().endswith("the annotations and the exit status still stand")



@pytest.mark.parametrize("nested", [
    bytes([0x19]) + bytes([0x19]) * 5000,  # a page header's list of lists of lists ...
    bytes([0x1B]) + bytes([0x01, 0xBB]) * 3000,  # ... and of maps of maps
], ids=["lists", "maps"])  # fmt: skip
def test_a_page_header_nested_past_any_real_one_ends_the_count_without_a_crash(
        nested: bytes) -> None:  # fmt: skip
    # the review of session 48: lists and maps nested in a Parquet page header were read by
    # recursion with no bound (structs alone were bounded): 5,000 bytes raised RecursionError
    from workrules.parquetpages import chunk_pages

    data = nested + bytes(10)
    assert chunk_pages(data, 0, len(data)) == 0
