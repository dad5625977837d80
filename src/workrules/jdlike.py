"""Whether a Markdown or text file with no front matter reads as a job description.

A manager pastes a job description from Word into `job-descriptions/` as Markdown: a title
(`# PSO - Sentence Management`), a `**Grade:** PSO` line and its duties, and no front matter.
A folder walk skipped it as "not workrules data" and the gate passed its breach (a first
hour, round 49). A walk reads such a file, so that the loader refuses it, saying which front
matter to add; a README, a changelog or a folder's notes stay skipped.

A repository of job descriptions also holds notes about them: minutes ("# SPO forum ..." over
"## Span of control"), a rep's checklist ("## Caseload"), a comparison table (`| Caseload |`),
recruitment notes ("Grade: SPO (Band 5)"), a folder's NOTES.md ("Reports to: branch
secretary"). Read as job descriptions, they were refused and a gate that had passed failed
(the review of session 49, P2). So a file reads as one only when it shows what a job
description has and a note about one does not:

- its title or a heading names it as one: "Job description", "Role profile", "SPO Job
  Description" (`_NAMED`), not "Notes on these job descriptions";
- its title is a post's (`_post_title`): a grade alone, or a grade with its specialism or team
  in brackets, after a dash or in capitals ("Probation Services Officer (Sentence
  Management)", "PSO - Courts", "Court PSO"), not a grade word opening other words ("SPO
  forum", "PSO caseloads", "Head of PDU briefing");
- a line gives its grade or band (`Grade: PSO`, `| Band | 4 |`);
- it has the sections every job description has (`_SECTIONS`), counted by kind: its duties,
  its purpose, its person specification, its reporting line. A note's headings ("Caseload",
  "Span of control", "Line management") are what notes discuss, so they count for nothing.

It reads as one when named and showing one more sign; or with a grade line or a post's title
and two kinds of section; or with a post's title, a grade line and one kind of section. In a
folder named for job descriptions, a name alone, a grade line or post's title with one kind of
section, or a heading in a post's words ("# Senior Practitioner") over a grade line naming a
grade, is enough, unless its title is a note's ("briefing", "minutes"); one section alone
never is. When in doubt a file is skipped, and a walk
says so in the job summary: a refused note fails a gate, a skipped one does not. Fenced and
indented code is left out first: a document about job descriptions (this project's own) shows
their front matter and sections in examples. Only the head of the text is read (`_HEAD`).
"""

from __future__ import annotations

import re

_HEAD = 1 << 14  # a title, a grade line and a section heading stand near the top

# a fenced code block (``` or ~~~), or a line indented as code: examples, not the document
_FENCE = re.compile(r"^ {0,3}(```|~~~).*?(?:^ {0,3}\1[^\n]*$|\Z)", re.S | re.M)
_INDENTED = re.compile(r"^(?: {4}|\t).*$", re.M)
# How a line starts in Markdown before its words: a heading's `#`s, a quote, a list's
# bullet, a table's bar, bold or italic marks
_LEAD = r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]*|[-*+][ \t]+|\|[ \t]*)*[*_]{0,3}[ \t]*"
# `Grade: PSO`, `**Grade:** PSO (Band 3)`, `| Band | 4 |`, `Pay band - 3`: the grade line
_GRADE_LINE = re.compile(
    _LEAD + r"(?:grade|band|pay[ \t]+band|grade[ \t]*/[ \t]*band|pay[ \t]+grade)[ \t]*[*_]{0,3}"
    r"[ \t]*(?::|\||[-\u2013][ \t])[ \t]*[*_]{0,3}[ \t]*([^\n|]{1,80})", re.I | re.M)
# A grade given as a pay band or a number: `Band 3`, `4`, `Grade 5 (PSO)`
_BAND = re.compile(r"(?:(?:pay[ \t]+)?band|grade)?[ \t]*[0-9]{1,2}[a-z]?\b", re.I)
# How a section heading or label ends: the line's end, a colon or a table's next cell
_END = r"[ \t]*[*_]{0,3}[ \t]*(?::|$|\|)"
# The sections every job description has, by kind, as a heading or a label at a line's start
# (the words of the corpus's headings). A kind counts once, however many of its words show.
_SECTIONS = {
    "duties": re.compile(
        _LEAD + r"(?:(?:main|key|principal|core|general|specific|your)[ \t]+)?(?:duties(?:[ \t]+"
        r"and[ \t]+responsibilities)?|responsibilities|tasks|accountabilities)[ \t]*[*_]{0,3}"
        r"[ \t]*:?[ \t]*[*_]{0,3}[ \t]*$"
        r"|" + _LEAD + r"(?:what[ \t]+you(?:'|\u2019)?ll[ \t]+do|what[ \t]+you[ \t]+will[ \t]+"
        r"do)\b" + _END, re.I | re.M),
    "purpose": re.compile(
        _LEAD + r"(?:(?:overall|main|job|role)[ \t]+purpose|purpose[ \t]+of[ \t]+the[ \t]+"
        r"(?:post|role|job)|(?:role|job)[ \t]+overview|overview[ \t]+of[ \t]+the[ \t]+(?:post|role|"
        r"job)|job[ \t]+summary|about[ \t]+the[ \t]+role)\b"
        + _END, re.I | re.M),
    "person": re.compile(
        _LEAD + r"(?:person[ \t]+specification|essential[ \t]+criteria|desirable[ \t]+"
        r"criteria)\b" + _END, re.I | re.M),
    "reporting": re.compile(
        _LEAD + r"(?:reporting[ \t]+lines?|reports[ \t]+to|responsible[ \t]+to|accountable"
        r"[ \t]+to|where[ \t]+the[ \t]+post[ \t]+sits)\b" + _END, re.I | re.M),
}
# A folder named for job descriptions, as the pre-commit hook's `files:` names it
_JD_FOLDER = re.compile(r"(?i)(^|/)(job[-_ ]?descriptions?|jds?)/")
# A Markdown heading, or the first line of words: where a pasted job description's title is
_TITLE = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+?)[ \t#]*$|^[ \t]*(?!---)([^\s<!].{2,})$", re.M)
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
_MARKS = re.compile(r"[*_`]+")
_TITLE_MARKS = re.compile(
    r"[*_`]+|^\s*(?:job[ \t]+description|role[ \t]+profile)\s*[:\u2013-]\s*", re.I)
# A title or heading naming the document a job description: "Job Description", "Role profile:
# PSO", "Job description - PSO (Courts)"; or a post's title then the words, "SPO Job
# Description" (group 1, for `_post_title`). Singular and as a label: "Notes on these job
# descriptions" and "Rep's checklist for a new job description" are about them.
_NAMED = re.compile(
    r"(?:job|role)[ \t]+(?:description|profile)(?:[ \t]*(?:[:\u2013\u2014(-].*|for[ \t].*))?"
    r"|(.+?)[ \t]*[:\u2013\u2014-]?[ \t]*(?:job|role)[ \t]+(?:description|profile)", re.I)
# A post's title: a grade, then its specialism, team or terms in brackets or after a dash
_POST_TAIL = re.compile(r"[ \t]*(?:\(|[-\u2013\u2014:][ \t]|,[ \t]).*$|[ \t]*[-\u2013\u2014]$")
# The words a grade's name is written in, and those of a post's terms ("Acting SPO", "Snr PO")
_TERM_WORDS = frozenset({"ACTING", "INTERIM", "SNR", "SR", "SEN", "SENR", "CO", "ORDINATOR",
                         "I", "II", "III", "1", "2", "3", "4", "5", "6", "7"})
# Words that make a title a note's about a grade, not a post's: "SPO Forum", "PSO Caseloads",
# "Head of PDU Briefing", "SPO Recruitment"
_NOTE_WORDS = frozenset({
    "agenda", "briefing", "briefings", "caseload", "caseloads", "changes", "checklist",
    "comparison", "consultation", "faq", "faqs", "forum", "grading", "guide", "interview",
    "interviews", "meeting", "meetings", "minutes", "network", "note", "notes", "pay",
    "recruitment", "review", "survey", "training", "update", "updates", "vacancies", "vacancy",
    "workload", "workloads"})


def _post_title(said: str) -> str | None:
    """The grade `said` names when it is a post's title, else None. A post's title is a grade
    ("Probation Services Officer", "Acting SPO"), then perhaps its specialism, team or terms in
    brackets or after a dash ("Probation Services Officer (Sentence Management)", "PSO -
    Courts"); or a grade with the team's name in capitals before or after it ("PSO Courts",
    "Court PSO", "IOM Probation Services Officer"); in Welsh and English, the part after the
    last " / ". A grade word opening other words ("SPO forum, 3 November", "PSO caseloads",
    "Head of PDU briefing", "SPO Recruitment") names a meeting or a topic, not a post."""
    from .model import canonical_grade, grade_index, word_key

    head = _POST_TAIL.sub("", said.rsplit(" / ", 1)[-1]).strip()
    if not head or len(head) > 60:
        return None
    known = {t for key in grade_index() for t in key.split("_")} | _TERM_WORDS

    def grade_of(words: list[str]) -> str | None:
        if not words or any(t not in known for t in word_key(" ".join(words)).split("_")):
            return None
        return canonical_grade(" ".join(words))

    words = head.split()
    for at in range(len(words), 0, -1):  # the grade first, the longest that is one
        if (grade := grade_of(words[:at])) is not None:
            return grade if _named_as_a_post(words[at:]) else None
    for at in range(1, len(words)):  # the grade last: "Court PSO", "Victim Liaison SPO"
        if (grade := grade_of(words[at:])) is not None:
            return grade if _named_as_a_post(words[:at]) else None
    return None


def _named_as_a_post(words: list[str]) -> bool:
    """Whether `words` name a post or a team as a title does: each in capitals ("Sentence
    Management", "IOM", "Resettlement & Accommodation"), none a note's ("Forum")."""
    return all((w[:1].isupper() or w[:1].isdigit() or w in ("&", "and", "of", "/"))
               and w.lower() not in _NOTE_WORDS for w in words)  # fmt: skip


def _a_posts_title(said: str) -> bool:
    """Whether a title reads as a post's though it names no grade ("Senior Practitioner",
    "Offender Manager (PSO)", "Team Manager"): a few words in capitals, none a note's."""
    words = _POST_TAIL.sub("", said.rsplit(" / ", 1)[-1]).split()
    return 0 < len(words) <= 8 and _named_as_a_post(words)


class JobDescriptionText:
    """What a text with no front matter shows of a job description: its title (a post's), the
    grade its grade line or title names, whether a title or heading names it one (`named`), and
    how many kinds of a job description's sections it has (`sections`)."""

    __slots__ = ("grade", "grade_line", "named", "noted", "sections", "title", "titled")

    def __init__(self, text: str) -> None:
        from .model import canonical_grade

        body = _INDENTED.sub("", _FENCE.sub("", text[:_HEAD].replace("\r\n", "\n")))
        self.sections = sum(1 for found in _SECTIONS.values() if found.search(body))
        self.grade = ""
        self.grade_line = False
        for m in _GRADE_LINE.finditer(body):
            said = m.group(1).strip(" \t*_|").strip()
            known = (_post_title(said) or canonical_grade(said)) if len(said) <= 80 else None
            if known is not None or _BAND.match(said):  # (a table's `| Grade | Cap |`, a
                self.grade_line = True  # changelog's `- Grade: corrected ...`: no grade)
                self.grade = self.grade or (known or "")  # ("SPO (Band 5)": SPO)
        first = _TITLE.search(body)
        self.title = ""
        self.named = False
        said = ""
        if first is not None:
            said = _MARKS.sub("", first.group(1) or first.group(2) or "").strip()
        for heading in [said] + [_MARKS.sub("", h).strip() for h in _HEADING.findall(body)[:20]]:
            named = _NAMED.fullmatch(heading) if len(heading) <= 120 else None
            if named is not None and (named.group(1) is None or _post_title(named.group(1))):
                self.named = True
                if named.group(1) and not self.title:  # "SPO Job Description": its post
                    self.title = named.group(1).strip(" \t-:\u2013\u2014")
        said = _TITLE_MARKS.sub("", said).strip()
        # a Markdown heading first, in a post's words though naming no grade
        self.titled = bool(first and first.group(1)) and _a_posts_title(said)
        # a title in a note's words ("Head of PDU briefing", "SPO recruitment"): a note's
        self.noted = any(w in _NOTE_WORDS for w in re.findall(r"[a-z]+", said.lower()))
        if said and len(said) <= 120 and _post_title(said) is not None:  # (a title is short;
            # a line of 180,000 characters, a table of numbers, recursed too deep)
            self.title = said
        if self.title:
            self.grade = self.grade or (_post_title(self.title) or "")

    @property
    def reads_as_one(self) -> bool:
        """Whether it shows what a job description has and a note about one does not."""
        post = bool(self.title)
        return ((self.named and (post or self.grade_line or self.sections > 0))
                or ((post or self.grade_line) and self.sections >= 2)
                or (post and self.grade_line and self.sections >= 1))

    @property
    def reads_as_one_in_a_folder(self) -> bool:
        """Whether, in a folder named for job descriptions, it reads as one: named, a grade
        line or a post's title with one kind of section, or a heading in a post's words over a
        grade line naming a grade (never a section alone, nor under a note's title)."""
        post = bool(self.title)
        return not self.noted and (
            self.named or ((post or self.grade_line) and self.sections >= 1)
            or ((post or self.titled) and bool(self.grade) and self.grade_line))


def reads_as_job_description(text: str, path: str = "") -> JobDescriptionText | None:
    """What `text`, with no front matter, shows of a job description when it reads as one,
    else None (`JobDescriptionText.reads_as_one`; a little less in a folder named for job
    descriptions)."""
    shown = JobDescriptionText(text)
    if shown.reads_as_one or (shown.reads_as_one_in_a_folder
                              and _JD_FOLDER.search(path.replace("\\", "/"))):
        return shown
    return None


def front_matter_to_add(shown: JobDescriptionText) -> str:
    """The front matter a job description that lacks it needs, in words: the lines to add at
    its top, with the title and grade it shows where it shows them."""
    title = shown.title.replace("'", "\u2019")[:80] or "TITLE"  # (inside quotes)
    grade = shown.grade or "GRADE"
    return (f"add these lines at its top: '---', 'kind: job-description', 'title: {title}', "
            f"'grade: {grade}', '---' (and 'line_management: true', 'span_of_control: N' if "
            "the post manages staff)")
