"""Whether a Markdown or text file with no front matter reads as a job description.

A manager pastes a job description from Word into `job-descriptions/` as Markdown: a title
(`# PSO - Sentence Management`), a `**Grade:** PSO` line and its duties, and no front matter.
A folder walk skipped it as "not workrules data" and the gate passed its breach (a first
hour, round 49). A walk reads such a file, so that the loader refuses it, saying which front
matter to add; a README, a changelog or a folder's notes stay skipped.

What a job description shows, as job descriptions are written (the corpus of fixtures/
jd-corpus, and the posts of the job-description hunts, with their front matter taken off):
its title names a grade of the service, a line gives its grade or band (`Grade: PSO`,
`| Band | 4 |`), and its sections are a job description's (main duties, key
responsibilities, person specification, reporting lines). A file reads as one when it shows
two of these three, or when it lies in a folder named for job descriptions and shows any of
them. Fenced and indented code is left out first: a document about job descriptions (this
project's own) shows their front matter and sections in examples. Only the head of the text
is read (`_HEAD`).
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
# A section a job description has, as a heading or a label at a line's start: the words of
# the corpus's headings, none a README's (`Overview`, `Structure`, `Benefits` are left out)
_SECTION = re.compile(
    _LEAD + r"(?:main|key|principal|core|general|specific)?[ \t]*(?:duties(?:[ \t]+and[ \t]+"
    r"responsibilities)?|responsibilities|tasks|accountabilities)[ \t]*[*_]{0,3}[ \t]*:?"
    r"[ \t]*[*_]{0,3}[ \t]*$"
    r"|" + _LEAD + r"(?:(?:overall|main|job|role)[ \t]+purpose|purpose[ \t]+of[ \t]+the[ \t]+"
    r"(?:post|role|job)|role[ \t]+overview|job[ \t]+(?:summary|description|title|purpose)|"
    r"person[ \t]+specification|essential[ \t]+criteria|desirable[ \t]+criteria|reporting"
    r"[ \t]+lines?|reports[ \t]+to|responsible[ \t]+to|accountable[ \t]+to|line[ \t]+"
    r"management(?:[ \t]+responsibilit(?:y|ies))?|span[ \t]+of[ \t]+control|direct[ \t]+"
    r"reports|where[ \t]+the[ \t]+post[ \t]+sits|about[ \t]+the[ \t]+role|the[ \t]+role|"
    r"what[ \t]+you(?:'|\u2019)?ll[ \t]+do|what[ \t]+you[ \t]+will[ \t]+do|caseload)\b"
    r"[ \t]*[*_]{0,3}[ \t]*(?::|$|\|)", re.I | re.M)
# A folder named for job descriptions, as the pre-commit hook's `files:` names it
_JD_FOLDER = re.compile(r"(?i)(^|/)(job[-_ ]?descriptions?|jds?)/")
# A Markdown heading, or the first line of words: where a pasted job description's title is
_TITLE = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+?)[ \t#]*$|^[ \t]*(?!---)([^\s<!].{2,})$", re.M)
_TITLE_MARKS = re.compile(
    r"[*_`]+|^\s*(?:job[ \t]+description|role[ \t]+profile)\s*[:\u2013-]\s*", re.I)


class JobDescriptionText:
    """What a text with no front matter shows of a job description: its title, the grade its
    grade line or title names, and how many kinds of sign it shows (`signs`)."""

    __slots__ = ("grade", "grade_line", "sections", "title")

    def __init__(self, text: str) -> None:
        from .model import canonical_grade

        body = _INDENTED.sub("", _FENCE.sub("", text[:_HEAD].replace("\r\n", "\n")))
        self.sections = len({m.group(0).strip(" \t:*_#|>-").lower()
                             for m in _SECTION.finditer(body)})  # fmt: skip
        self.grade = ""
        self.grade_line = False
        for m in _GRADE_LINE.finditer(body):
            said = m.group(1).strip(" \t*_|").strip()
            known = canonical_grade(said) if len(said) <= 80 else None
            if known is not None or _BAND.match(said):  # (a table's `| Grade | Cap |`, a
                self.grade_line = True  # changelog's `- Grade: corrected ...`: no grade)
                self.grade = self.grade or (known or "")
        first = _TITLE.search(body)
        self.title = ""
        if first is not None:
            said = _TITLE_MARKS.sub("", first.group(1) or first.group(2) or "").strip()
            if said and len(said) <= 120 and canonical_grade(said) is not None:  # (a title is
                # short; a line of 180,000 characters, a table of numbers, recursed too deep)
                self.title = said
                self.grade = self.grade or (canonical_grade(said) or "")

    @property
    def signs(self) -> int:
        """How many of the three kinds of sign the text shows: a title naming a grade, a
        grade line, a job description's sections (at least one)."""
        return bool(self.title) + self.grade_line + (self.sections > 0)


def reads_as_job_description(text: str, path: str = "") -> JobDescriptionText | None:
    """What `text`, with no front matter, shows of a job description when it reads as one (two
    kinds of sign, or one in a folder named for job descriptions), else None."""
    shown = JobDescriptionText(text)
    if shown.signs >= 2 or (shown.signs and _JD_FOLDER.search(path.replace("\\", "/"))):
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
