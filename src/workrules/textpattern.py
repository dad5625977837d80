"""Read prose sentence by sentence, and find a policy's text patterns in it.

A policy declares its vocabulary (`words NAME = "...", ...`) and its text patterns
(`pattern NAME ... finds ...`) in the DSL; this module holds no phrase of its own. It knows
only how prose is laid out (bullets, headings, Markdown table rows, "Label: value" lines,
line-wrapped sentences) and how to match a phrase word by word:

- a text is split into sentences, each a list of lower-case words with the file line of each
  word; `:` and `;` are kept as words, other punctuation is dropped ("line-manages" is the two
  words `line manages`);
- a phrase is a list of words: `manag*` is any word starting with `manag`, `{staff}` any
  entry of the word list `staff` (entries may be several words), `...` up to `gap` words
  that stop at a `gaps stop at` entry (what is managed is not staff) and never cross a
  `gaps never cross` entry or a clause end;
- a match counts unless a negation comes shortly before it (`unless after`) or after it
  (`unless before`) in the same clause, or it lies inside an `unless inside` phrase (unless
  that phrase starts on a verb sharing the match's object: "supervise and support staff"), or
  (`unless quoted`) wholly inside quotation marks that open and close in its sentence.

Matching is a set-of-positions walk over the words (no backtracking): its time is linear in
the length of the text times the size of the pattern, whatever either holds. A pattern's
phrases are walked together as a trie of their places (`Walk`), and a place's alternatives as
a trie of their words (`Choice`), so phrases that start alike cost what one does; the steps a
pattern takes for each word of a text are bounded (`limits.MAX_MATCH_STEPS`), so no policy
makes one text take minutes. Policy regexes (`matches /.../`) are compiled with RE2, which
also runs in linear time; see `regex`.

The values here are NamedTuples, not attrs classes: the pre-commit path imports this module,
and an attrs class costs it about 0.4 ms to build at import.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .errors import PolicyError, did_you_mean
from .limits import MAX_MATCH_STEPS, MAX_PATTERN_WORDS

if TYPE_CHECKING:
    from typing import NamedTuple

    from .lang import nodes as n  # the AST classes, in annotations only
else:
    from .named_tuple import NamedTuple

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}\*?|[a-z0-9]+(?:'[a-z0-9]+)*\*?|[:;(]|\.\.\.")
# A word, a `:` or `;`, or a `(` before a number (in digits or words): a count in brackets, as
# HR writes a span ("Senior Probation Officers (5)", "(7 staff in total)", "(nineteen staff in
# all)"), is read as one ("{staff} ( {number}"); an org chart's multiplication sign (U+00D7,
# "6 \u00d7 PO") is a word, read as "x" (JDs, round 54). ("6x" stays one word: "4x SPO
# meetings" is no span, as the review of session 44 found.)
_TEXT_WORD = re.compile(r"\u00d7|(?<=[0-9])%"
                        r"|[a-z0-9]+(?:-[a-z0-9]+){2,}|[a-z0-9]+(?:'[a-z0-9]+)*|[:;]"
                        r"|\((?=[ \t]*(?:[0-9]|(?:one|two|three|four|five|six|seven|eight|nine"
                        r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
                        r"|nineteen|twenty|thirty|forty|fifty)\b))")
_PHRASE_CHARS = re.compile(r"[A-Za-z0-9'\u2019*:;.(\s-]")
_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Bullets as written and as pasted: Word's glyphs in plain text (the Symbol and Wingdings
# characters U+F0B7, U+F0A7, U+F0D8, U+F076, U+F0FC, U+F0E0, `§`, and `o` before a tab), what
# pdftotext gives for them (`∙` U+2219, the asterisk U+2217, `◇`, `❖`; `o` and `Ø` before
# spaces in a run of lines: `_letter_bullets`), arrows, ticks, numbers and letters ("1.", "(a)",
# "iv)") and a duty numbered within its section ("2.3 Prepare").
_BULLET = re.compile(
    r"(?:[-*+\u2022\u25aa\u25cf\u2013\u2014\u00b7\u25e6\u25cb\u25a0\u25a1\u25c6\u25ba\u25b8\u2023"
    r"\u2043\u2192\u2666\u2713\u2714\u27a2\u27a4\u00a7\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0e0"
    r"\u2219\u2217\u25c7\u2756]|o(?=\t)"
    r"|\(?[0-9]{1,3}[.)]|[0-9]{1,2}(?:\.[0-9]{1,2})+\.?(?=\s+[A-Z][a-z])"
    r"|\(?(?:[a-z]|ii|iii|iv|vi|vii|viii|ix)[.)])\s+")
_HEADING = re.compile(r"#{1,6}\s+")
_LABEL = re.compile(r"[*_]{0,2}[A-Za-z][A-Za-z0-9 /&()'\u2019.,-]{0,48}?[*_]{0,2}\s*:")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]\u201d\u2019*_]*\s+(?=[A-Z0-9\"'(\[\u201c\u2018*_])")
# A full stop that ends an abbreviation, not a sentence: "e.g.", "i.e.", "incl.", "excl.",
# "esp.", "vs.", "approx.", "inc." and "poss." in lower case ("Caseload inc. IOM cases": round
# 51; not after "not" or "no", whose sentence it may end: "Car allowance not inc. PSOs will
# hold ...", the review of session 43) and a title ("Dr.", "Mrs.") always, and "c.", "ca.",
# "est.", "no.", "s." or
# "para." in lower case before a number ("c. 12 PSOs", "under s. 21"); never one after a colon
# ("Line management: No. 3 officers report to ...": an answer), nor a capital "C." ("Unit C. 8
# officers report ..."). What may end a sentence as often as not is left a sentence's end: a
# capital's initial ("J. Smith", but "cases at Tier C. High risk ..."), "etc.", "Inc.", "Dept.".
# "St." is a saint's ("at St. Helens", "St. Albans PDU") unless a name or a number comes
# before it: a street's ("in Church St. The post holder ...", `_STREET`). Before a number,
# "Fig.", "p.", "pp.", "vol." too, and "No." inside brackets or after a word in lower case
# ("(No. 3 team)").
_ABBREVIATION = re.compile(r"\b(?:((?i:e\.g|i\.e|viz|cf|incl|excl|esp|vs|approx)"
                           r"|(?<!not )(?<!no )(?:inc|poss)|Dr|Mrs?|Ms|Prof)|(St)|c|ca|circa|est"
                           r"|ss?|para|[Ff]igs?|pp?|[Vv]ol|(?<!: )(?<!:)nos?|(?<=\()Nos?"
                           r"|(?<=[a-z] )Nos?)\.$")
# the word before a street's "St.": a name ("Church St.", "King's St.") or a number ("12 St.")
_STREET = re.compile(r"(?:\b[A-Z][\w'\u2019]*|\b[0-9]+)\s+$")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BOLD_LINE = re.compile(r"(?:\*\*|__)([^*_]{1,80})(?:\*\*|__):?")
# A line that ends a sentence ("...court.") before one that starts one ("The post..."): the
# next line starts a new sentence, as inside a line. Text saved from a word processor writes
# a paragraph, a label or a duty to a line.
_LINE_ENDS = re.compile(r"[.!?][\"')\]\u201d\u2019]*$")
_LINE_STARTS = re.compile(r"[A-Z0-9\"'(\[\u201c\u2018]")
# Characters that are not read: a soft hyphen (a word processor's hint where a word may break),
# zero-width spaces and joiners, a byte-order mark inside the text; the Unicode hyphens,
# read as `-` ("day\u2011to\u2011day" is "day-to-day"); and the typographic ligatures text
# copied from a PDF keeps, read as their letters ("o\ufb00ences" is "offences").
_UNREAD = {0x00AD: None, 0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None,
           0xFEFF: None, 0x2010: "-", 0x2011: "-", 0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl",
           0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}
# Beside those, every other character that does not show (the ones refused inside an id,
# `dataset.HIDDEN`: variation selectors, the combining grapheme joiner, Hangul fillers, tag
# characters...) and the bidirectional controls: "hi\u034fgh" is "high" to a reader, so a
# breach written with one inside a word must be found as if it were not there.
_BIDI = ((0x200E, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069), (0x61C, 0x61C))
# The control characters of ASCII that are no blank (DEL, escape, backspace): `dataset.CONTROLS`
_ASCII_CONTROL = re.compile("[\\x00-\\x08\\x0e-\\x1b\\x7f]")


def _unshown() -> dict[int, str | None]:
    from .dataset import HIDDEN

    unshown: dict[int, str | None] = {c: None for a, b in (*HIDDEN, *_BIDI)
                                      for c in range(a, b + 1)}  # fmt: skip
    unshown.update(_BLANK)
    return unshown


# Characters that show as a blank: a braille pattern with no dots, the Hangul fillers. Between
# two words they part them ("high\u2800risk" shows "high risk"), so they read as a space.
_BLANK = {0x2800: " ", 0x115F: " ", 0x1160: " ", 0x3164: " ", 0xFFA0: " "}


# What a Markdown job description hides once rendered: an HTML comment ("hi<!-- -->gh" shows
# as "high"), markup inside a word ("h*i*gh", "hi<span></span>gh"; an underscore inside a
# word is no emphasis in Markdown, and is kept); and what it shows as
# another character, an HTML entity ("h&#105;gh"). Lines are kept: a comment over lines
# leaves its line ends, and an entity for a line end reads as a space.
# Only inline tags are markup inside a word: a block tag between two words (`</td><td>`,
# `</p><p>`, `<li>`) is a break between them, and `<sup>` keeps its text apart as before.
# Emphasis is a pair of `*` runs round a part of a word ("h*i*gh", "hi**gh**"): a lone `*`
# is a character ("3*PSOs", "24*7"), as Markdown shows it. (Each pattern is written so that
# no text makes it backtrack more than a bounded number of steps a character: a comment is
# found with `str.find`, and a run of tags is one tag at a time.)
# The patterns of tags (compiled at their first use: most texts hold no `<`, and the pre-commit
# path reads one job description)
_TAG_SOURCES: dict[str, str] = {}


@functools.cache
def _tag(name: str) -> re.Pattern[str]:
    return re.compile(_TAG_SOURCES[name], re.IGNORECASE)


# A tag's attributes as CommonMark reads them (a name, and a value unquoted, in '' or in ""):
# anything else inside `<...>` is shown as written ("<will manage high risk cases>"). Each
# attribute and value is bounded, so that no text makes a tag backtrack far.
_ATTR = (r"""[A-Za-z_:][A-Za-z0-9_.:-]{0,60}(?:[ \t]*=[ \t]*(?:[^\s"'=<>`]{1,200}"""
         r"""|"[^"\n]{0,200}"|'[^'\n]{0,200}'))?""")
_ATTRS = rf"(?:[ \t]+{_ATTR}){{0,100}}[ \t]*/?"
# (any tag but those that break a line or set text apart: a custom element `<x-y>`, `<nobr>`
# or a ruby's `<rt>` inside a word shows nothing between its letters; nor does a form's or a
# media's tag, `<button>`, `<input>`, `<svg>`, `<iframe>`, which GitHub strips, keeping the
# text between: "hi<button></button>gh" shows "high" there (attack round 12))
_BLOCK_NAMES = (r"p|div|li|ul|ol|dl|dt|dd|td|th|tr|table|thead|tbody|tfoot|caption|h[1-6]|hr|"
                r"blockquote|pre|section|article|header|footer|nav|aside|main|figure|figcaption|"
                r"details|summary|address")
_INLINE_NAME = (rf"(?!(?:{_BLOCK_NAMES}|br|sup|script|style|template)"
                r"(?![A-Za-z0-9-]))[A-Za-z][A-Za-z0-9-]{0,30}")
# An empty `<sup>` inside a word raises nothing, and shows nothing ("hi<sup></sup>gh")
_EMPTY_SUP = re.compile(r"(?<=\w)<sup\b[^<>\n]{0,200}>[ \t]*</sup[ \t]*>(?=\w)", re.IGNORECASE)


def _tag_of(name: str, attrs: str, space: str = "[ \t]*") -> str:
    """An open tag of `name` (a pattern) with `attrs`, or its end tag: an end tag holds its
    name and space alone, as CommonMark reads one ("</b The post holder will ...>" is text)."""
    return rf"(?:<{name}{attrs}>|</{name}{space}>)"


_TAG_SOURCES["inline"] = rf"(?<=\w)(?:{_tag_of(_INLINE_NAME, _ATTRS)})+(?=\w)"
# The same, broken over lines ("man<span\nclass='x'></span>ages"): the word is joined, and
# the line ends go after it, so that the rest of the text keeps its lines.
# (a tag may break over lines, but holds no blank line: at most one line end between parts)
_SPACE = r"(?:[ \t]*\n[ \t]*|[ \t]+)"
_ATTR_OVER_LINES = _ATTR.replace(chr(92) + "n", "")  # (a quoted value may hold a line end)
_ATTRS_OVER_LINES = rf"(?:{_SPACE}{_ATTR_OVER_LINES}){{0,100}}{_SPACE}?/?"
_TAG_SOURCES["inline over lines"] = (
    rf"(?<=\w)(?:{_tag_of(_INLINE_NAME, _ATTRS_OVER_LINES, _SPACE + '?')})+(?=\w)")
_TAG_SOURCES["word rest"] = rf"(?:\w+|{_tag_of(_INLINE_NAME, _ATTRS)})*"
# A block tag is a break between sentences, as `<br>` is (`sentences` reads it as one): table
# cells, paragraphs and list items are read apart ("<td>Budget</td><td>None</td>" is no
# denial of the duties in the next row).
_TAG_SOURCES["block"] = _tag_of(f"(?:{_BLOCK_NAMES})", _ATTRS_OVER_LINES, _SPACE + "?")
# An HTML heading alone on its line is a heading, as `## ...` is ("<h2>Main duties</h2>")
_TAG_SOURCES["heading"] = (rf"^[ \t]*<h([1-6]){_ATTRS}>([^<>\n]{{0,500}}(?:<(?!/?h[1-6])"
                           rf"[^<>\n]{{0,500}}>[^<>\n]{{0,500}}){{0,20}})</h\1>[ \t]*$")
# Any other tag (not `<br>`): no reader sees it, nor what its attributes say ("<span
# title='no line management'>"), so it reads as a space.
_TAG_SOURCES["other"] = _tag_of("(?!br\\b)[A-Za-z][A-Za-z0-9-]{0,30}", _ATTRS_OVER_LINES,
                                _SPACE + "?")
# Emphasis: a pair of `*` runs round a part of a word, at its end or its start ("h*i*gh",
# "*h*igh").
_EMPHASIS = re.compile(r"(?<=\w)(\*{1,3})(\w[^\s*]{0,59}?)\1"
                       r"|(?<![\w*])(\*{1,3})(\w[^\s*]{0,59}?)\3(?=\w)")
# A link shows its text, and an image nothing: "[high](https://intranet/rosh) risk" reads
# "high risk", and its destination and title are not read ("[team](#t \"no line
# management\")"). A link reference definition at a paragraph's start is shown as nothing
# (inside a paragraph it is text, "[Direct reports]: 8").
_LINK = re.compile(r"(!?)\[([^\[\]\n]{0,200})\]\((?:(?:[^()\s]|\([^()\s]{0,200}\)){0,2000}"
                   r"|<[^<>\n]{0,2000}>)"
                   r"""(?:[ \t]+(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|\([^()\n]{0,200}\)))?[ \t]*\)""")
# A full reference link shows its text ("[high][r1]"); a footnote's mark shows as a number,
# never its label ("will[^not] manage" reads "will manage"), and its note at the foot shows its
# text, not its label.
_REFERENCE_LINK = re.compile(r"(!?)\[([^\[\]\n]{0,200})\]\[[^\[\]\n]{1,200}\]")
# A span with attributes, as pandoc writes a Word run's underline, highlight or style
# ("[high]{.underline} risk", "[not]{custom-style="Strong"}"): its text, as the words of the
# sentence a reader makes of it. Only braces that hold attributes and nothing else (classes,
# ids, `key=value`), which say nothing: the forge shows the braces as written, so words in them
# ("{.mark including people convicted of ...}") are read, as a reviewer reads them.
_ATTRIBUTE = r"""(?:[.#][\w-]{1,60}|[A-Za-z][\w-]{0,60}=(?:"[^"\n]{0,100}"|'[^'\n]{0,100}'"""\
             r"""|[^\s"'{}]{1,100}))"""
# (Its text and its attributes may run over lines, as pandoc wraps them, though never past a
# paragraph's end.) A tracked change's deletion (`{.deletion author="HR"}`) and a comment's
# text (`{.comment-start ...}`) are what `pandoc --track-changes=all` makes of Word's: text
# deleted or a reviewer's note, read as nothing; an insertion is read (round 39).
_ATTRIBUTE_SPAN = re.compile(
    rf"(?<!\\)\[((?:[^\[\]\\]|\\[^\n]){{0,2000}})\]"
    rf"\{{([ \t\n]*(?:{_ATTRIBUTE}[ \t\n]*){{1,10}})\}}")
_UNREAD_CLASSES = re.compile(r"(?<![\w-])\.(?:deletion|comment-start|paragraph-deletion)(?![\w-])")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FOOTNOTE = re.compile(r"^ {0,3}\[\^[^\[\]\s]{1,100}\]:|\[\^[^\[\]\s]{1,100}\]", re.MULTILINE)
# A footnote's definition on its line: GitHub shows it at the page's foot, in a numbered list,
# not where it is written. Read as an item of a list where it stands, it heads nothing and
# leads nothing: "[^1]: ## Essential criteria" is no heading over the duties after it, nor
# "[^1]: The post holder will not:" a lead-in to the list under it.
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\[\]\s]{1,100}\]:[ \t]*(.*?)[:\s]*$", re.MULTILINE)


def _as_footnote(m: re.Match[str]) -> str:
    return "- " + m.group(1).lstrip("#").strip() if m.group(1) else ""


# A web address or e-mail address, in angle brackets (an autolink) or bare: a link to a reader,
# never prose ("will <https://not.example> manage", "(see .../no/rosh)"); read as a space, its
# trailing punctuation kept (a full stop after a bare address still ends its sentence).
_URL = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]{0,2000}"
                  r"|[^<>\s@]{1,200}@[^<>\s@]{1,200})>"
                  r"|\b(?:https?|ftp)://[^\s<>]{0,2000}|\bwww\.[^\s<>]{1,2000}"
                  r"|\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}")
_URL_END = re.compile(r"[.,;:!?)\]'\"]+$")
# A code span inside a word shows its letters in it ("`hi`gh"), as emphasis does.
_CODE_IN_WORD = re.compile(r"(?<=\w)`([^`\s]{1,60})`|`([^`\s]{1,60})`(?=\w)")
# Emphasis with `_` runs round words ("__gh__" after "**hi**" shows "high"): a run that no
# letter or digit touches on its outer side (an underscore inside a word, `span_of_control`,
# is kept, as Markdown keeps it)
_UNDERSCORES = re.compile(r"(?<![A-Za-z0-9_])(_{1,3})(?=[^\s_])([^_\n]{1,60}?)(?<=\S)\1"
                          r"(?![A-Za-z0-9_])")
# HTML that never shows: a processing instruction (`<?x?>`), a CDATA section and a declaration
# (`<!X ...>`), each read as the comment it is to a browser
_DECLARATION = re.compile(r"<![A-Za-z][^<>]{0,2000}>")
# (as CommonMark takes one: a label holds no bracket but an escaped one, and a destination
# in `<...>` closes on its line: "[x]: <u "..."" and "[x\]: /u "..."" are paragraphs GitHub
# shows, attack round 12)
_LINK_DEFINITION = re.compile(
    r"^ {0,3}\[(?=[^\]\n]{0,200}[^\s\]])(?:[^\[\]\\\n]|\\[^\n]){1,200}\]:[ \t]*"
    r"(?:<[^<>\n]{0,500}>|[^\s<]\S{0,499})"
    r"""(?:[ \t]+(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|\([^()\n]{0,200}\)))?[ \t]*$""", re.MULTILINE)
# Elements whose content is never shown: a template, a script, a style sheet, a ruby's
# fallback brackets (`<rp>`: GitHub keeps the element and every browser hides it), and any
# element with the `hidden` attribute ("<div hidden>This post has no line management.</div>").
# (Elements a browser hides but GitHub strips, keeping their text, are read: a reader there
# sees it.)
_TAG_SOURCES["opening"] = rf"<([A-Za-z][A-Za-z0-9]{{0,30}})({_ATTRS_OVER_LINES})>"
_TAG_SOURCES["attribute"] = rf"{_SPACE}({_ATTR_OVER_LINES})"
_NEVER_SHOWN = frozenset({"template", "script", "style", "rp"})
# Text struck through (`<del>`, `<s>`, `<strike>`, Markdown's `~~...~~`), as a tracked change
# shows a word deleted, is read as nothing: "will ~~not~~ manage" reads "will manage" to a
# reviewer, and so to the check (review 40: the struck "not" cancelled the duty).
_STRUCK = frozenset({"del", "s", "strike"})
# (GitHub strikes text between one tilde and another too, "will ~not~ manage"; never past a
# table's cell: "| ~~x | duty | y~~ |" strikes no cell; "~15 cases (~10%)" strikes nothing)
# Two tildes strike on over a soft line break too, never past the paragraph or into a new
# list item, heading, quote or table row: a struck duty Word's conversion wrapped (round 39).
_STRUCK_THROUGH = re.compile(
    r"(?<![~\\])~~(?=[^\s~])(?:[^\n|~]|~(?!~)|\n(?![ \t]*(?:\n|[-*+>#|]|\d{1,9}[.)])))"
    r"{0,2000}?[^\s~\\|]~~(?!~)"
    r"|(?<![~\\\w])~(?=[^\s~])[^\n~|]{0,2000}?[^\s~\\|]~(?![~\w])")
# A tracked change's deleted text, as a conversion from Word writes it out ("[deleted: Hold
# cases assessed as high risk ...]", "[Deleted text: ...]"): struck, read as nothing (round 36)
# A note may wrap over lines as a conversion wraps it ("[deleted: Hold cases ...,\n under the
# supervision of the SPO.]"), never past a blank line (one left open would take the paragraphs
# after it: the review of session 45), and "removed" marks one as "deleted" does ("[REMOVED:
# not]": round 56): read as nothing, its line ends kept.
_DELETED_NOTE = re.compile(r"(?i)\[(?:deleted|deleted text|deletion|removed|removed text)"
                           r"\s*:(?:[^\[\]\n]|\n(?![ \t]*\n)){0,2000}\]")
# ... and a line marked deleted at its start ("[DELETED] Manage high risk cases.", Word's
# printed markup "Deleted: Manage ...", a bold "**DELETED:**" label) or at its end ("- Manage
# high risk cases [DELETED]"): the line is struck (rounds 39 and 56). At its end "[removed]" is
# a redaction's mark, of a name in a duty released under FOI (the review of session 45): read.
_DELETED_LINE = re.compile(
    r"(?im)^([ \t]{0,12}(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?)(?:\[(?:deleted|removed)\][^\n]*"
    r"|[*_]{0,2}(?:deleted|removed)[ \t]*:[^\n]*|[^\n]*\[deleted\][ \t.]*$)")
_DOCS_COMMENT = re.compile(r"(?m)^\[[a-z]{1,3}\][^\n:\[\]]{1,60}:[^\n]*$")
# A reviewer's comment left in the text ("[Comment HR: do we want PSOs holding ...?]", "[HR
# comment: ...]", "[Napo comment: ...]", "[Query from UNISON: ...]", "[Reviewer: ...]"), or a
# question signed with initials ("[JB: do we want PSOs holding DA cases?]"): a note to the
# writers, not the post's duties, wrapped over lines or not (rounds 39 and 56). A pointer to
# one ("[see comment: hold IOM cases]") is the text's (review 45).
_REVIEW_COMMENT = re.compile(
    r"(?i)\[(?!see\b|per\b|as per\b|refer)"
    r"(?:[^\W\d_][\w'\u2019.&-]{0,20}(?:\s+[\w'\u2019.&-]{1,20}){0,2}\s+)?(?:comments?|query"
    r"|queries|question|note from|response from|response)\b[^:\[\]\n]{0,60}:"
    r"(?:[^\[\]\n]|\n(?![ \t]*\n)){0,2000}\]"
    r"|\[(?:reviewer|editor|reviewers?'? note)\s*:(?:[^\[\]\n]|\n(?![ \t]*\n)){0,2000}\]"
    r"|\[(?-i:[A-Z]{2,3})\s*:(?:[^\[\]\n]|\n(?![ \t]*\n)){0,2000}\?\s*\]")


def _struck(m: re.Match[str]) -> str:
    return " " + "\n" * m.group().count("\n")
# Tildes that emphasis wraps alone ("*~~* ... *~~*"): each run is closed inside its emphasis,
# so it strikes nothing (GitHub shows "<em>~~</em> ... <em>~~</em>": round 10's attack)
_TILDES_EMPHASISED = re.compile(r"(?<![*_])([*_]{1,3})~{1,2}\1(?![*_])")
_RUBY_TEXT = re.compile(r"</?rt\b[^<>]{0,200}>", re.IGNORECASE)
# A ruby whole, on one line: its base text, with annotations (`<rt>`) and the parentheses
# shown only where ruby is not (`<rp>`) among it
_RUBY = re.compile(r"<ruby\b[^<>]{0,200}>([^\n]{0,2000}?)</ruby\s*>", re.IGNORECASE)
_RUBY_PART = re.compile(r"<(r[tp])\b[^<>]{0,200}>([^\n]*?)(?:</\1\s*>|(?=<r[tp]\b)|\Z)",
                        re.IGNORECASE)
_RUBY_END = re.compile(r"</r[tp]\s*>", re.IGNORECASE)  # (its end tag left: `_without_hidden`)


def _ruby(m: re.Match[str]) -> str:
    """A ruby as read: its base whole ("hi", an empty annotation, "gh" reads "high": attack
    round 11), then its annotations, which stand over it, as words after it."""
    notes = [n.group(2) for n in _RUBY_PART.finditer(m.group(1))
             if n.group(1).lower() == "rt" and n.group(2).strip()]  # fmt: skip
    base = _RUBY_END.sub("", _RUBY_PART.sub("", m.group(1)))
    return " ".join([base, *notes]) if notes else base


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# ... which GitHub shows as "high&nbsp;risk", read as "high risk" (JDs round 52)
_SPACE_ESCAPED_TWICE = re.compile(r"&amp;(?:nbsp|ensp|emsp|thinsp|#160|#[xX]0*[aA]0);")


def _entity(m: re.Match[str]) -> str:
    import html

    char = html.unescape(m.group())
    # what an entity writes is text, never markup: "&#126;&#126;" shows two tildes, which
    # strike nothing, and "&lt;span title='...'&gt;" shows a tag's words (`_KEPT`)
    if "\n" in char or "\r" in char:
        return " "
    line_start = m.string.rfind("\n", 0, m.start()) + 1
    if char in _STRUCTURE and not m.string[line_start:m.start()].strip():
        # ... and at a line's start, no heading, quote, table row or item of a list either:
        # "&#35;&#35; Essential criteria" is a paragraph on GitHub (attack round 12)
        return _STRUCTURE[char]
    return char.translate(_KEPT)


# Markup that starts a line, as an entity writes it: a character that shows as it does and
# starts nothing
_STRUCTURE = {"#": "\uff03", ">": "\uff1e", "|": "\uff5c", "-": "\uff0d", "*": "\uff0a",
              "+": "\uff0b"}


def _without_comments(text: str) -> str:
    """`text` without its HTML comments, each replaced by the line ends it held. A comment
    ends where a browser ends it: at `-->` or `--!>`, and `<!-->` and `<!--->` are whole
    (empty) comments. One never closed hides the rest of the page where it starts a block (a
    line), as CommonMark renders it, and is text inside a paragraph. (The next of each end is
    looked for again only once passed: a text of 30,000 comments is read in one pass.)"""
    out, at = [], 0
    arrow = bang = -2  # the next "-->" and "--!>" at or after where they were last looked for
    while (start := text.find("<!--", at)) >= 0:
        if _inside_a_tag_or_link(text, start):  # an attribute's value, a link's address
            out.append(text[at : start + 4])  # or title: text, no comment (round 10's attack)
            at = start + 4
            continue
        if text.startswith(">", start + 4):
            end, close = start + 4, 1
        elif text.startswith("->", start + 4):
            end, close = start + 4, 2
        else:
            if -1 < arrow < start + 4 or arrow == -2:
                arrow = text.find("-->", start + 4)
            if -1 < bang < start + 4 or bang == -2:
                bang = text.find("--!>", start + 4)
            ends = [(e, n) for e, n in ((arrow, 3), (bang, 4)) if e >= 0]
            line_start = text.rfind("\n", 0, start) + 1
            opens_block = not text[line_start:start].strip(" ") and start - line_start < 4
            if not ends:  # never closed: at a block's start it hides the rest of the page,
                if opens_block:  # else it is text
                    out += [text[at:start], "\n" * text.count("\n", start)]
                    at = len(text)
                break
            end, close = min(ends)
            if not opens_block and (_PARAGRAPH_ENDS.search(text, start, end) or (
                    text[line_start:start].lstrip().startswith("|")
                    and text.find("\n", start, end) >= 0)):  # fmt: skip
                # inline HTML stays in its paragraph: opened mid-line, a comment that would
                # run past a blank line (review 42), a line that starts a block of its own (a
                # heading, a list item, a quote, a rule, a fence, an HTML block) or the end of
                # its table row is text, as GitHub shows it (round 10's attack)
                out.append(text[at : start + 4])
                at = start + 4
                continue
        out += [text[at:start], "\n" * text.count("\n", start, end)]
        at = end + close
    return "".join([*out, text[at:]])


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TAG_OPENED = re.compile(r"<[A-Za-z][A-Za-z0-9-]{0,30}[ \t]")


def _inside_a_tag_or_link(text: str, at: int) -> bool:
    """Whether `<!--` at `at` stands inside an HTML tag (its attributes: `<a title="<!--">`)
    or a link's address or title (`[x](https://a/<!--)`), on its line: there it is no
    comment's start. Only the line's last 500 characters before it are looked at."""
    line = text[max(text.rfind("\n", 0, at) + 1, at - 500) : at]
    tag = max((m.start() for m in _TAG_OPENED.finditer(line)), default=-1)
    if tag >= 0 and ">" not in line[tag:]:
        return True
    link = line.rfind("](")
    return link >= 0 and ")" not in line[link + 2 :]


# A line that starts a block, which ends a paragraph (CommonMark: a heading, a list item, a
# block quote, a thematic break, a code fence, an HTML block; a table's next row)
# (one search with a blank line: two, the first failing far and the second found near, would
# walk the rest of the text once a comment)
# (an ordered list interrupts a paragraph only from 1, and an HTML block only of a block's
# element, a comment, an instruction or a declaration: "<em>", "2024." and "2)" at a line's
# start go on in the paragraph, review 33)
_PARAGRAPH_ENDS = re.compile(
    r"\n[ \t]*\n|\n[ \t]{0,3}(?:#{1,6}(?:[ \t]|$)|[-*+][ \t]|1[.)][ \t]|>|(?:[-*_][ \t]*){3,}$|"
    rf"`{{3}}|~{{3}}|<(?:!--|\?|![A-Za-z]|!\[CDATA\[)|</?(?:{_BLOCK_NAMES}|script|pre|style|"
    r"textarea)(?:[\s/>]|$)|\|)", re.MULTILINE | re.IGNORECASE)
# Code as Markdown reads it: a fenced block, a span between equal runs of backticks (in one
# paragraph), and a character escaped with a backslash show as written. What looks like markup
# in them (a comment's `<!--`, `<del>`, `~~`, an entity) is none, and is kept apart from the
# steps that read markup (`_code_kept`): the characters that start markup stand in for
# themselves as private-use ones, put back once the markup is read (review 42).
_FENCED = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n(.*?)(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)",
                     re.MULTILINE | re.DOTALL)
_TICKS = re.compile(r"`+")
_TICKS_OR_COMMENT = re.compile(r"`+|<!--")
_ESCAPED = re.compile(r"\\([<>&~$])")
_KEPT = str.maketrans({"<": "\ue000", ">": "\ue001", "&": "\ue002", "~": "\ue003", "$": "\ue004",
                       "[": "\ue005"})  # ("[a]: /url" in a fence is no link's definition)
_PUT_BACK = str.maketrans({"\ue000": "<", "\ue001": ">", "\ue002": "&", "\ue003": "~",
                           "\ue004": "$", "\ue005": "["})


def _code_kept(text: str) -> str:
    """`text` with the markup characters in its code and its escapes kept from being read as
    markup (`_PUT_BACK` puts them back)."""
    if "```" in text or "~~~" in text:
        text = _FENCED.sub(lambda m: m.group().translate(_KEPT), text)
    if "`" in text:
        text = _code_spans_kept(text)
    if "\\" in text:
        text = _ESCAPED.sub(lambda m: m.group(1).translate(_KEPT), text)
    return text


def _code_spans_kept(text: str) -> str:
    """`text` with the markup characters of its code spans kept (`_KEPT`). As CommonMark reads
    them, left to right: what starts first wins, so a backtick inside a comment opens no span
    (`<!-- `x -->`), and a span opened by a run of backticks ends at the next run of the same
    length in its paragraph. Each run's closer is looked up, not searched for: a text of many
    backticks that never close is read in one pass."""
    from bisect import bisect_right

    runs: dict[int, list[int]] = {}
    for m in _TICKS.finditer(text):
        runs.setdefault(len(m.group()), []).append(m.start())
    blanks = [m.start() for m in _BLANK_LINE.finditer(text)]
    out, at, pos, closer = [], 0, 0, -1
    for m in _TICKS_OR_COMMENT.finditer(text):
        start = m.start()
        if start < pos:
            continue
        para_end = blanks[k] if (k := bisect_right(blanks, start)) < len(blanks) else len(text)
        if m.group() == "<!--":  # a comment: what it holds is not code (as `_without_comments`)
            if closer < m.end():  # the next "-->", looked for again only once passed
                closer = text.find("-->", m.end())
                if closer < 0:
                    closer = len(text) + 1  # none: no comment closes from here on
            end = closer if closer <= len(text) else -1
            line_start = text.rfind("\n", 0, start) + 1
            block = not text[line_start:start].strip(" ") and start - line_start < 4
            if end >= 0 and (block or end < para_end):
                pos = end + 3
            continue
        length = len(m.group())
        if start and text[start - 1] == "\\":  # an escaped backtick opens no span
            continue
        same = runs[length]
        k = bisect_right(same, start)
        if k < len(same) and same[k] < para_end:
            close = same[k] + length
            out += [text[at:start], text[start:close].translate(_KEPT)]
            at = pos = close
    return "".join([*out, text[at:]]) if out else text


def _without_hidden(text: str) -> str:
    """`text` without the content of its elements that never show (a template, a script, a
    style sheet, an element with the attribute `hidden`), each replaced by the line ends it
    held, nested elements of its name counted; one never closed is read as written."""
    out, at = [], 0
    for opening in _tag("opening").finditer(text):
        if opening.start() < at or not _hides(opening):
            continue
        name = opening.group(1)
        depth, close = 1, None
        same = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])", re.IGNORECASE)
        for tag in same.finditer(text, opening.end()):
            depth += -1 if tag.group(1) else 1
            if not depth:
                close = tag.start()
                break
        if close is None:
            break
        out += [text[at:opening.start()], "\n" * text.count("\n", opening.start(), close)]
        at = close
    return "".join([*out, text[at:]])


def hiding_markup(text: str) -> tuple[int, str] | None:
    """On which line of `text` (0 for its first) it first holds markup that a browser
    hides but a forge's page (whose sanitiser drops the markup and keeps its text) and the
    diff show, and what it is: a template, a style sheet, the `hidden` attribute; or None.
    Such text reads one way to the check and another to a reviewer (a duty in `<div
    hidden>` passed; a denial in one cancelled a duty), so a job description holding it is
    refused (`dataset`). A script and a ruby's brackets are hidden on the forge too, and are
    left to `_without_hidden`."""
    if "<!--" in text:
        text = _without_comments(text)  # (its line ends kept: a tag's line is the same)
    for opening in _tag("opening").finditer(text):
        name = opening.group(1).lower()
        if name in ("template", "style"):
            return text.count("\n", 0, opening.start()), f"a <{name}> element"
        if name not in _NEVER_SHOWN and name not in _STRUCK and _hides(opening):
            return (text.count("\n", 0, opening.start()),
                    f"a <{opening.group(1)}> element with the attribute 'hidden'")
    return None


# A bidirectional override, as a character, an entity or an element: "as \u202ehgih\u202c risk"
# shows "as high risk" and reads "hgih" (review 42; an isolate, U+2066-U+2069, does not reverse
# letters, and is read as not shown)
_OVERRIDE = re.compile(r"[\u202d\u202e]|&#(?:x0*202[de]|0*823[78]);|<bdo\b", re.IGNORECASE)


# What GitHub draws rather than shows as written: a math block or span (MathJax: "$h i g h$"
# shows "high", "$\\phantom{not}$" shows nothing) or a diagram (Mermaid: "#104;igh" shows
# "high"). Inline math as GitHub and pandoc read it: `$` before no space, `$` after none and
# before no digit ("$30,000 to $35,000" is none), holding a letter.
_DRAWN = re.compile(r"^[ \t]{0,3}(?:`{3,}|~{3,})[ \t]*(?:math|mermaid|latex|tex)\b|\$\$(?=\S)"
                    r"|(?<![\\$\w])\$(?=[^\s$])([^$\n]{0,200}?)(?<=[^\s\\$])\$(?![\d$])",
                    re.MULTILINE | re.IGNORECASE)  # fmt: skip
# what only math writes ("\\text{...}", "x^2", "{...}"), or letters set apart by spaces, which
# math mode joins ("$h i g h$" shows "high"); a sum of money ("$52,000 to 58,000 (AU$)") is none
_MATH_ONLY = re.compile(r"[\\^_{}]|^\s*[A-Za-z]{1,2}(?:\s+[A-Za-z]{1,2}){2,}\s*$")


def drawn_markup(text: str) -> int | None:
    """On which line of `text` (0 for its first) it first holds math or a diagram the forge
    draws (a ```math or ```mermaid block, `$$`, inline `$...$` that only math writes), or
    None: what it draws is not what the check reads (review 42), so a job description holding
    one is refused. Code spans and escapes are code, not math."""
    kept = _code_kept(text) if "`" in text or "\\" in text else text
    for found in _DRAWN.finditer(kept):
        inline = found.group(1)
        line_start = kept.rfind("\n", 0, found.start()) + 1
        if kept.startswith(("    ", "\t"), line_start):  # an indented code block's line
            continue
        if inline is None or _MATH_ONLY.search(inline):
            return kept.count("\n", 0, found.start())
    return None


def reordering(text: str) -> int | None:
    """On which line of `text` (0 for its first) it first holds a bidirectional override (the
    character, its entity or a `<bdo>` element), or None. A browser shows the letters after it
    in reverse ("hgih" shows as "high") while the check reads them as stored, so a job
    description holding one is refused (`dataset`), as markup a browser hides is."""
    found = _OVERRIDE.search(text)
    return None if found is None else text.count("\n", 0, found.start())


def _hides(opening: re.Match[str]) -> bool:
    name = opening.group(1).lower()
    if name in _NEVER_SHOWN or name in _STRUCK:
        return True
    return any(a.group(1).split("=", 1)[0].strip().lower() == "hidden"
               for a in _tag("attribute").finditer(opening.group(2)))  # fmt: skip


def _joined_over_lines(text: str) -> str:
    """`text` with the inline tags inside a word that break over lines taken out, the word
    joined (its rest up to the next space, past any tag inside it) and the line ends they
    held put after it."""
    out, at = [], 0
    for m in _tag("inline over lines").finditer(text):
        breaks = m.group().count("\n")
        if not breaks or m.start() < at:
            continue
        rest = _tag("word rest").match(text, m.end()).end()  # type: ignore[union-attr]
        out += [text[at:m.start()], text[m.end():rest], "\n" * breaks]
        at = rest
    return "".join([*out, text[at:]])


def _without_definitions(text: str) -> str:
    """`text` without its link reference definitions: those that start a block, as CommonMark
    reads them (the text's first line, or after a blank line, a heading, a thematic break, a
    code fence or another definition; inside a paragraph one is text), each line kept, empty."""
    out, at, last_end = [], 0, -2
    for found in _LINK_DEFINITION.finditer(text):
        start = found.start()
        if start:
            before = text[text.rfind("\n", 0, start - 1) + 1 : start - 1]
            if start - 1 != last_end and before.strip() and not _CLOSES_A_BLOCK.match(before):
                continue
        out.append(text[at:start])
        at = last_end = found.end()
    return "".join([*out, text[at:]])


# A line after which a block starts: a heading, a thematic break, a code fence.
_CLOSES_A_BLOCK = re.compile(r" {0,3}(?:#{1,6}(?:[ \t]|$)|(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}"
                             r"|(?:_[ \t]*){3,})$|`{3,}|~{3,})")


# Where one cell of an HTML table's row ends and the next begins (`</th><td>`): read as a
# pipe table's cells are, joined by " : " ("<th>Line management</th><td>None</td>" was read
# as two sentences, and a PO's "None" gave no denial: JDs round 52)
_CELL_BOUNDARY = re.compile(r"</t[hd]\s*>\s*<t[hd](?:\s[^>]*)?>", re.IGNORECASE)
# A label's colon, then a line break in HTML (`<br>`), inline tags between them
_LABEL_BREAK = re.compile(r"([:?](?:\s*</(?:strong|b|em|i|u|span)\s*>)*)[ \t]*<br\s*/?>",
                          re.IGNORECASE)
# ... or Markdown's hard line break, a backslash at the line's end ("**Line management:**\")
_LABEL_HARD_BREAK = re.compile(r"^([^\n]*?[:?](?:\*\*|__)?)\\{1,2}[ \t]*$", re.MULTILINE)


def _as_cell_boundary(m: re.Match[str]) -> str:
    """Two cells of a row as " : ", keeping the line ends between them."""
    return " : " + "\n" * m.group().count("\n")


def _as_break(m: re.Match[str]) -> str:
    """A block tag as a break between sentences (`<br>`), keeping the line ends inside it."""
    return "<br>" + "\n" * m.group().count("\n")


def _as_box_break(m: re.Match[str]) -> str:
    """`_as_break`, but a box that may hold a heading (`_CONTAINERS`) is marked where it opens
    and closes (`<br open>`, `<br close>`): a heading inside it heads only what the box holds
    (`sentences`)."""
    tag = m.group()
    name = _TAG_NAME.match(tag).group(2).lower()  # type: ignore[union-attr]
    mark = ("<br close>" if tag[1] == "/" else "<br open>") if name in _CONTAINERS else "<br>"
    return mark + "\n" * tag.count("\n")


# HTML boxes a heading inside of heads no further, as a reader sees them: a folded
# `<details>`, a quoted box, a table. (Not a `<div>` or a `<section>`: GitHub draws no box for
# them, so a heading inside one heads what follows it there too. Nor a table's cells or rows: a
# label cell heads the cells beside it.)
_CONTAINERS = frozenset({"details", "blockquote", "table"})
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
_CONTAINER_MARK = re.compile(r"<br (open|close)>")


def _as_space(m: re.Match[str]) -> str:
    """A tag as a space, keeping the line ends inside it."""
    return " " + "\n" * m.group().count("\n")


def _as_address(m: re.Match[str]) -> str:
    found = m.group()
    end = "" if found.startswith("<") else (e.group() if (e := _URL_END.search(found)) else "")
    return " " + end


def _attributed(m: re.Match[str]) -> str:
    """An attribute span as read: its text, or nothing where it is deleted or a comment; the
    line ends it held kept, so that each line stays where it was."""
    if _BLANK_LINE.search(m.group()):  # a paragraph ends inside it: no span, as written
        return m.group()
    if _UNREAD_CLASSES.search(m.group(2)):
        return "\n" * m.group().count("\n")
    return m.group(1) + "\n" * m.group(2).count("\n")


def _critic(text: str) -> str:
    """CriticMarkup's marks as a reviewer reads them: a deletion (`{--...--}`) and a comment
    (`{>>...<<}`) are nothing, an addition (`{++...++}`) and a highlight (`{==...==}`) their
    text, a substitution (`{~~old~>new~~}`) its new text; each line end kept (round 39). A mark
    closes within 2,000 characters and its paragraph, never past a line that starts an item
    of a list, a heading or a quote: one left open is text. Found with `str.find`, so that no
    text of marks left open takes longer than a pass over it for each (a regex took minutes
    over 250 KB of `{~~a~>`: the review of session 35)."""
    out: list[str] = []
    at = done = 0
    while (start := _CRITIC_OPEN.search(text, at)) is not None:
        opener = start.group()
        body_at = start.end()
        end = text.find(_CRITIC_CLOSE[opener], body_at, body_at + 2000)
        middle = -1
        if opener == "{~~" and end >= 0:
            middle = text.find("~>", body_at, end)
        if end < 0 or (opener == "{~~" and middle < 0) or _NEW_BLOCK.search(text, body_at, end):
            at = body_at
            continue
        inner = text[body_at:end]
        kept = (text[middle + 2:end] if opener == "{~~" else
                inner if opener in ("{++", "{==") else "")  # fmt: skip
        out += [text[done:start.start()], kept, "\n" * (inner.count("\n") - kept.count("\n"))]
        at = done = end + 3
    return "".join([*out, text[done:]]) if out else text


_CRITIC_OPEN = re.compile(r"\{(?:--|>>|\+\+|==|~~)")
_CRITIC_CLOSE = {"{--": "--}", "{>>": "<<}", "{++": "++}", "{==": "==}", "{~~": "~~}"}
# a paragraph's end, or a line that starts an item of a list, a heading or a quote
_NEW_BLOCK = re.compile(r"\n[ \t]*(?:\n|[-*+>#]|\d{1,9}[.)])")


def _linked(m: re.Match[str]) -> str:
    return "" if m.group(1) else m.group(2)


def _emphasised(m: re.Match[str]) -> str:
    return m.group(2) if m.group(2) is not None else m.group(4)


def _without_instructions(text: str) -> str:
    """`text` without processing instructions (`<?x?>`), CDATA sections and declarations,
    each replaced by the line ends it held (one never closed is text, as written)."""
    for opener, closer in (("<?", "?>"), ("<![CDATA[", "]]>")):
        out, at = [], 0
        while (start := text.find(opener, at)) >= 0:
            end = text.find(closer, start + len(opener))
            if end < 0:
                break
            out += [text[at:start], "\n" * text.count("\n", start, end)]
            at = end + len(closer)
        if out:
            text = "".join([*out, text[at:]])
    return _DECLARATION.sub(lambda m: "\n" * m.group().count("\n"), text)


def _as_heading(m: re.Match[str]) -> str:
    return "#" * int(m.group(1)) + " " + m.group(2)


def as_shown(text: str, boxes: bool = False) -> str:
    """`text` as a reader sees it rendered: without comments, markup inside words, entities
    and characters that do not show (see above); each line where it was. `boxes`: HTML boxes
    marked where they open and close (`_as_box_break`)."""
    if "`" in text or "\\" in text or "~~~" in text:
        text = _code_kept(text)
    if "<!--" in text:
        text = _without_comments(text)
    if "<?" in text or "<!" in text:
        text = _without_instructions(text)
    if "<" in text:
        text = _without_hidden(text)
        if "<h" in text or "<H" in text:
            text = re.sub(_TAG_SOURCES["heading"], _as_heading, text,
                          flags=re.IGNORECASE | re.MULTILINE)  # fmt: skip
    if "]" in text:
        if "[^" in text:
            text = _FOOTNOTE_DEFINITION.sub(_as_footnote, text)
            text = _FOOTNOTE.sub(lambda m: "" if m.group().endswith(":") else " ", text)
        text = _LINK.sub(_linked, _without_definitions(text))
        text = _REFERENCE_LINK.sub(_linked, text)
        if "]{" in text:
            text = _ATTRIBUTE_SPAN.sub(_attributed, text)
    if "://" in text or "@" in text or "www." in text:
        text = _URL.sub(_as_address, text)
    if "&" in text:
        if "&amp;" in text:  # a space's entity escaped twice, as two converters in a row
            text = _SPACE_ESCAPED_TWICE.sub(" ", text)  # write it ("high&amp;nbsp;risk")
        text = _ENTITY.sub(_entity, text)
    # what does not show, gone before markup inside a word is read ("hi\u200b<b>gh</b>" shows
    # "high": attack round 12; "hi<DEL>gh" too, attack round 22)
    if not text.isascii() or _ASCII_CONTROL.search(text):
        text = _without_unshown(text)
    if "<" in text:
        if "<rt" in text or "<RT" in text or "<rp" in text or "<RP" in text:
            text = _RUBY.sub(_ruby, text)  # a ruby's annotation stands over its base, apart
            text = _RUBY_TEXT.sub(" ", text)
        if "\n" in text:
            text = _joined_over_lines(text)
        text = _EMPTY_SUP.sub("", text)
        if "<t" in text or "<T" in text:  # a row's cells read as a pipe table's: joined by
            text = _CELL_BOUNDARY.sub(_as_cell_boundary, text)  # " : " (round 52)
        if ":" in text or "?" in text:  # a label, a line break, its value: one line, as a
            text = _LABEL_BREAK.sub(r"\1 ", text)  # label's value ("Line management:<br>None":
            # round 52)
        text = _tag("other").sub(_as_space, _tag("block").sub(
            _as_box_break if boxes else _as_break, _tag("inline").sub("", text)))
    if "\\\n" in text or "\\\r" in text:  # a label's hard break: the label over its value
        text = _LABEL_HARD_BREAK.sub(r"\1", text)
    if "`" in text:
        text = _CODE_IN_WORD.sub(lambda m: m.group(1) or m.group(2), text)
    if "_" in text:
        text = _UNDERSCORES.sub(lambda m: m.group(2), text)
    if "{" in text and any(m in text for m in ("{--", "{++", "{~~", "{>>", "{==")):
        text = _critic(text)
    if "~" in text and ("*~" in text or "_~" in text):  # "*~~*": tildes emphasised alone
        text = _TILDES_EMPHASISED.sub(lambda m: m.group().translate(_KEPT), text)
    if "*" in text:
        text = _EMPHASIS.sub(_emphasised, text)
    if "~" in text:
        text = _STRUCK_THROUGH.sub(_struck, text)
    if "[" in text:
        if any(w in text for w in ("eleted", "ELETED", "eletion", "emoved", "EMOVED")):
            text = _DELETED_NOTE.sub(_unread_note, text)
        text = _REVIEW_COMMENT.sub(_unread_note, text)
        if "]" in text:  # a comment as Google Docs exports them, at the page's foot: "[a]Jo
            text = _DOCS_COMMENT.sub(" ", text)  # Bell: are we happy for PSOs to ...?"
    if any(w in text for w in ("eleted", "ELETED", "emoved", "EMOVED")):
        text = _DELETED_LINE.sub(r"\1 ", text)
    if any(c in text for c in "\ue000\ue001\ue002\ue003\ue004\ue005"):
        text = text.translate(_PUT_BACK)
    text = text.translate(_UNREAD)
    if not text.isascii():
        if not _UNSHOWN:
            _UNSHOWN.update(_unshown())
        text = text.translate(_UNSHOWN)
        if _MARK_ON_LATIN.search(text):  # "hi\u0307gh" shows as "high"
            import unicodedata

            text = _MARK_ON_LATIN.sub("", unicodedata.normalize("NFC", text))
        if text and max(text) >= _CIRCLED_FIRST and _CIRCLED.search(text):
            text = text.translate(_CIRCLED_LETTERS)
        english: dict[int, bool] = {}  # a line's start -> whether its words are English
        text = _FOREIGN_WORD.sub(lambda m: _as_letters(m, english), text)
    return text


def _unread_note(match: re.Match[str]) -> str:
    """A deleted text's or a comment's note read as nothing: a blank, and the line ends it
    held (a note wrapped over lines keeps the lines after it where they were)."""
    return " " + "\n" * match.group().count("\n")


_C1 = re.compile("[\x80-\x84\x86-\x9f]")
# a C1 control as the Windows-1252 character its byte is; one Windows-1252 leaves out, nothing
# (`dataset.without_hidden` reads a name so too)
C1_AS_CP1252: dict[int, str | None] = {
    c: bytes([c]).decode("cp1252", "ignore") or None for c in range(0x80, 0xA0) if c != 0x85}


def _without_unshown(text: str) -> str:
    """`text` without the characters that do not show (`_UNREAD`'s and `_UNSHOWN`'s that are
    read as nothing) and the combining marks on an ASCII letter (`_MARK_ON_LATIN`)."""
    if not _GONE:
        if not _UNSHOWN:
            _UNSHOWN.update(_unshown())
        _GONE.update({c: None for c, v in (*_UNREAD.items(), *_UNSHOWN.items()) if v is None})
    if _C1.search(text):  # Windows-1252 read as Latin-1: "medium\x96high" is "medium\u2013high"
        text = text.translate(C1_AS_CP1252)  # (the review of session 43)
    text = text.translate(_GONE)
    if _MARK_ON_LATIN.search(text):
        import unicodedata

        text = _MARK_ON_LATIN.sub("", unicodedata.normalize("NFC", text))
    return text


_GONE: dict[int, str | None] = {}


# Combining marks left on an ASCII letter once the text is composed (NFC: a Welsh "w\u0302"
# is "\u0175", kept): none composes with its letter, as a dot above an i, which shows as the
# i's own dot; a reader reads "hi\u0307gh" as "high", so they are dropped.
_MARK_ON_LATIN = re.compile(
    r"(?<=[A-Za-z])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Circled letters ("ⓗⓘⓖⓗ") are symbols, not letters of a word: read as the letters they circle.
_CIRCLED_FIRST = "\u24b6"
_CIRCLED = re.compile("[\u24b6-\u24e9]")
_CIRCLED_LETTERS = {0x24B6 + i: c for i, c in enumerate(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}


_UNSHOWN: dict[int, str | None] = {}
# A word with a letter that is not ASCII: in one that also has an ASCII letter, a letter of
# another alphabet that looks like a Latin one is read as that one ("h\u0456gh" with a Cyrillic
# i is "high" to a reader); a full-width or mathematical letter or digit is read as the one it
# is a form of, in any word. A letter of the Latin alphabet's own (the Welsh ŵ, é) is kept.
# Latin letters (IPA and others) drawn as a letter of the English alphabet: script g, iota,
# alpha, dotless j
_LATIN_TWINS = {"\u0261": "g", "\u0269": "i", "\u0196": "I", "\u0251": "a", "\u0237": "j",
                "\u0280": "r", "\u01c0": "l"}  # (and the dental click, a bar: "H\u01c0GH")
_FOREIGN_WORD = re.compile(r"\w+")  # (each word, once: the callback skips ASCII ones)
_TWINS: dict[str, str | None] = {}  # each letter's ASCII twin, looked up once


def _twin(c: str) -> str | None:
    """The ASCII letter or digit `c` looks like (`dataset._ascii_twin`), or None."""
    if c not in _TWINS:
        from .dataset import _ascii_twin

        _TWINS[c] = _OTHER_TWINS.get(c) or _ascii_twin(c)
    return _TWINS[c]


# Letters Unicode's table of look-alikes does not twin with the Latin one they are drawn as:
# the Komi sje (Cyrillic) is a g ("\u04bb\u0456\u050d\u04bb" shows "high": attack round 11)
_OTHER_TWINS = {"\u050d": "g", "\u050c": "G"}


def _as_letters(m: re.Match[str], english: dict[int, bool]) -> str:
    word = m.group()
    if word.isascii():
        return word
    import unicodedata

    mixed = any(c.isascii() and c.isalpha() for c in word) or (
        len(word) >= 3 and _in_english(m, english)  # a word all of look-alikes, among English
        and all(c.isascii() or not c.isalpha() or _twin(c) is not None for c in word))  # ones
    out = []
    for c in word:
        if c.isascii() or not c.isalnum():
            out.append(c)
            continue
        if mixed and c in _LATIN_TWINS:  # "hi\u0261h": a Latin letter shaped as another
            out.append("\0" if _LATIN_TWINS[c] == "l" else _LATIN_TWINS[c])
            continue
        name = unicodedata.name(c, "")  # small capitals and a dotless i are Latin letters
        if name.startswith(("LATIN LETTER SMALL CAPITAL ", "LATIN SMALL LETTER DOTLESS ")) \
                and len(name.rpartition(" ")[2]) == 1:  # fmt: skip
            out.append(name[-1].lower())
            continue
        if c.isdecimal():  # a digit of any script ("\u0661\u0662", "\u0967\u0968"): the
            out.append(str(unicodedata.decimal(c)))  # number it is (attack round 32, P6)
            continue
        folded = unicodedata.normalize("NFKC", c)
        how = unicodedata.decomposition(c)
        if folded.isascii() and ((how.startswith(("<wide>", "<font>")) and folded.isalnum())
                                 or (how.startswith(("<super>", "<sub>", "<small>"))
                                 and folded.isalpha())):  # fmt: skip
            out.append(folded)  # (raised letters "ʰⁱᵍʰ" too; a superscript "¹" stays apart)
        elif mixed and c == "\u0130":  # a capital I with its dot ("HİGH")
            out.append("I")
        elif mixed and (twin := _twin(c)) is not None and twin.isalpha():
            out.append("\0" if twin == "l" else twin)  # (a bar: an I among capitals)
        else:
            out.append(c)
    read = "".join(out)
    if "\0" in read:  # a bar among capitals is an I, whatever its case ("H\ua4f2GH", Lisu)
        capitals = all(c.isupper() for c in read if c.isascii() and c.isalpha())
        read = read.replace("\0", "I" if capitals and read.strip("\0") else "l")
    return read


def _in_english(m: re.Match[str], english: dict[int, bool]) -> bool:
    """Whether the line that holds the word `m` is in English: three words or more of ASCII
    letters, and more of them than words of other letters. A word wholly of letters that look
    like Latin ones ("\u04bb\u0456\u050d\u04bb", Cyrillic) in such a line is read as the
    Latin word a reader sees (attack round 11); a line of another language keeps its words."""
    text = m.string
    start = text.rfind("\n", 0, m.start()) + 1
    said = english.get(start)
    if said is None:
        end = text.find("\n", m.end())
        line = text[start:] if end < 0 else text[start:end]
        latin = len(_ENGLISH_WORD.findall(line))
        said = english[start] = latin >= 3 and latin > len(_FOREIGN_WORD.findall(line)) - latin
    return said


_ENGLISH_WORD = re.compile(r"\b[A-Za-z]+\b")


QUOTE_MAX = 200  # characters of a sentence a finding quotes
SHORT_VALUE = 6  # words: a sentence this short under a heading (or a question) is its value
FIELD_VALUE = 8  # words: a "Label: value" line with a value this short is a header field


# ---------------------------------------------------------------------------------------------
# Sentences


def _quotation_blocks(rows: list[str]) -> set[int]:
    """The rows of the Markdown block quotes (`> ...`) that quote someone else's words: one
    introduced by a paragraph ending in `:` ("The operating model describes the team:",
    "On 3 May, Sam wrote:"), one that opens with a quotation mark, one that ends with its
    source ("— PI 04/2016", "Source: ..."), or one of questions only (an email's reply quotes
    what it answers: round 37). Any other block quote is the post's own text set in: a Word
    document's indented paragraphs, as pandoc converts them, are block quotes, and a duty
    written so is the post's (a breach there was read as a quotation, and passed)."""
    out: set[int] = set()
    start = None
    before = ""  # the last line of text before the block quote being read
    last = ""  # the last line of text outside a block quote
    for i, row in enumerate([*rows, ""]):
        inside = row.lstrip().startswith(">")
        if inside and start is None:
            start, before = i, last
        elif not inside and start is not None:
            block = [r.lstrip().lstrip("> ").strip() for r in rows[start:i]]
            said = [b for b in block if b]
            if (_introduces_a_quotation(before)
                    or (said and _introduces_a_quotation(said[0]))  # "> On 3 May, Sam wrote:"
                    or (said and said[0][:1] in _QUOTE_CHARS)
                    or (said and _ATTRIBUTION.match(said[-1]))
                    or (said and all(b.rstrip("*_ ").endswith("?") for b in said))
                    or (said and _REVIEWER_SAYS.match(_ALERT.sub("", " ".join(said[:2]))))
                    ):  # fmt: skip
                # (a question quoted, as a reply quotes the email it answers: "> Could the
                # new PSO hold some of the sex offender cases?" asks, and gives no duty)
                out.update(range(start, i))
            start = None
        if not inside and row.strip():
            last = row.strip()
    return out


# A block quote that is a reviewer's or a side's answer to the draft, by its label ("> **Union
# response:** Holding high RoSH cases is PO work", a GitHub alert "> [!NOTE]" over "> Reviewer
# (JB): ..."): their words on the duties, not the post's (round 56). The label names the side
# or the reviewer: "> **Position summary:** You will manage ..." is the post's (the review).
_REVIEWER_SAYS = re.compile(
    r"(?i)[*_]{0,2}(?:the\s+|our\s+)?(?:(?:trade\s+)?unions?|unison|napo|gmb|tu|hr|management"
    r"|employers?|staff\s+side|branch|jncc|reviewers?|editors?)(?:'s|s'|\u2019s)?\s+(?:response"
    r"|responses|comments?|query|queries|reply|position|view|note)\b[^:\n]{0,40}:"
    r"|[*_]{0,2}(?:reviewer|editor)\b[^:\n]{0,40}:")
_ALERT = re.compile(r"^\[!\w+\]\s*")  # a GitHub alert's mark, "[!NOTE]"


def _introduces_a_quotation(line: str) -> bool:
    """Whether `line`, right before a block quote, introduces someone else's words: it ends in
    `:` and says who says them ("The operating model describes the team:", "PI 04/2016
    states:"). A heading, a label in bold, or a lead-in of the post's own ("The post holder
    will:", "Main duties:") introduces the post's text, set in as Word indents it."""
    return (line.rstrip("*_ ").endswith(":") and not line.startswith(("#", "**", "__"))
            and _SAYS.search(line) is not None)  # ("From the HMPPS Target Operating Model:")


# what introduces a quotation: who says the words, and that they say them
_SAYS = re.compile(r"(?i)^\W*(?:from|per)\b|\bis\s+clear\s+that\b|\bmakes?\s+clear\b|"
                   r"\b(?:says?|said|states?|stated|describes?|described|sets?\s+out|"
                   r"reads?|notes?|noted|explains?|explained|defines?|defined|quotes?|quoted|"
                   r"according\s+to|writes?|wrote|puts?\s+it|provides?\s+that|specif(?:y|ies)|"
                   r"specified|advises?|advised)\b")


# The source under a quotation: "— PI 04/2016", "-- The Tiering Framework", "Source: ..." (not
# a hyphen alone: a bulleted duty)
_ATTRIBUTION = re.compile(r"(?:\u2013|\u2014|--)\s*\S|source\s*:|\(source\b", re.I)


class Sentence(NamedTuple):
    """One sentence of a text: as written (spaces collapsed), its words and their lines."""

    text: str
    words: tuple[str, ...]
    lines: tuple[int, ...]  # the file line of each word
    quoted: tuple[bool, ...] = ()  # whether each word lies inside quotation marks (() if none)
    # the sentence read with each word broken by a hyphen at a line's end made whole
    # (`_joined`), or None if it has no such word
    joined: Sentence | None = None
    # the headings of the sections the sentence lies in, outermost first (a Markdown table's
    # header row heads its rows): read by a pattern's `unless under`
    section: tuple[Sentence, ...] = ()
    # the lead-in the sentence completes, or None: the paragraph ending in `:` over a bulleted
    # list ("This will include:"), a table row's first cell for a `;` item of another cell
    lead: Sentence | None = None
    # whether a comma comes right after each word (() if none is known): the pause an aside
    # makes ("the PQiP, like the POs in the team, will hold")
    pauses: tuple[bool, ...] = ()

    @property
    def line(self) -> int:
        return self.lines[0]

    def quote(self) -> str:
        text = self.text
        return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1].rstrip() + "\u2026"


def _words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    if "no." in text:  # "(No. 3 team)" is a number, never a "no": one word for one
        text = _NUMBER_SIGN.sub(lambda m: f"number{m.group(1) or m.group(2) or ''}", text)
    words = _TEXT_WORD.findall(text)
    if "\u00d7" in text:  # "6 \u00d7 PO", an org chart's count: "6 x PO"
        words = ["x" if w == "\u00d7" else w for w in words]
    if "%" in text:  # "| Line management | 25% |", a share of time: "25 percent", no count
        words = ["percent" if w == "%" else w for w in words]
    if _US_SPELLING.search(text) is not None:  # "organized crime", "Behaviors" (round 55)
        words = [_US_WORDS.get(w) or _US_IZE.sub(r"is\1", w) for w in words]
    if "but" in text and _NOT_ONLY.search(text) is not None:
        words = _not_only_but(words)
    if _SPELLED_SO.search(text) is None:
        return words
    # "LM" is the line manager after an article or a possessive ("support the LM of the
    # team": the review of session 43), else line management ("LM for the PSOs")
    return [("manager" if i and words[i - 1] in _BEFORE_A_PERSON else "management")
            if w == "lm" else _SPELLED.get(w, w) for i, w in enumerate(words)]


# A word as busy people type it, read as the word it is (round 51: "Line mgmt - court PSOs",
# "PSO wont hold high RoSH cases", "sexual offenses" passed unread): an abbreviation of an
# everyday word, an American spelling, a contraction without its apostrophe, a common slip.
# One word for one, so that a sentence's words keep their places. (Terms of the service,
# "SFR" for a short format report, are the policy's words.)
_SPELLED = {
    "mgmt": "management", "mgt": "management", "mngmt": "management", "mgmnt": "management",
    "managment": "management", "mangement": "management", "managemant": "management",
    "mgr": "manager", "mngr": "manager", "mgrs": "managers", "mngrs": "managers",
    "superivision": "supervision", "supervison": "supervision", "supervsion": "supervision",
    "offense": "offence", "offenses": "offences", "wont": "won't", "dont": "don't",
    "cant": "can't", "doesnt": "doesn't", "isnt": "isn't", "arent": "aren't",
    "wouldnt": "wouldn't", "shouldnt": "shouldn't", "wasnt": "wasn't", "werent": "weren't",
    "didnt": "didn't", "hasnt": "hasn't", "havent": "haven't", "lvl": "level",
    "lvls": "levels", "hi": "high", "w": "with", "admins": "administrators", "perps":
    "perpetrators", "perp": "perpetrator", "lm": "management", "resp": "responsibility",
}
# "not only" and its kin, after which "but" adds to what is said (`_words`)
_NOT_ONLY = re.compile(r"\bnot (?:only|just|merely|simply|solely)\b")
_ONLY_WORDS = frozenset({"only", "just", "merely", "simply", "solely"})


def _not_only_but(words: list[str]) -> list[str]:
    """`words` with the "but" that answers a "not only" (or "not just", ...) read as "and":
    "not only ... but (also) ..." says one thing more, not a turn, so it ends no clause there
    (attack round 23: "will not only manage low and medium RoSH cases but also cases assessed
    as high risk of serious harm", "not just ... but high RoSH cases too" hid 7a). Any other
    "but" is a turn, after a plain denial too ("does not write court reports but also manages
    ...": the review of session 44)."""
    out, open_ = list(words), False
    for i, w in enumerate(words):
        if w == "not" and words[i + 1 : i + 2] and words[i + 1] in _ONLY_WORDS:
            open_ = True
        elif w == "but" and open_:
            out[i], open_ = "and", False
        elif w in (";", ":"):  # (a clause of its own: a "but" there answers nothing before)
            open_ = False
    return out


# American spellings, read as British: "-ize" and its forms after four letters or more
# ("organized", "prioritize", "specialization"; not "size" or "prize"), and `_US_WORDS` (not
# "program": a computer's, in British English too)
_US_IZE = re.compile(r"(?<=[a-z]{4})iz(e|ed|es|ing|ation|ations)$")
_US_WORDS = {"behavior": "behaviour", "behaviors": "behaviours", "behavioral": "behavioural",
             "labor": "labour", "center": "centre", "centers": "centres", "defense": "defence",
             "counseling": "counselling"}
_BEFORE_A_PERSON = frozenset({"the", "a", "an", "your", "their", "my", "his", "her", "our",
                              "to", "by", "with", "from"})
_US_SPELLING = re.compile(r"[a-z]{4}iz(?:e|ed|es|ing|ation|ations)\b|\b(?:"
                          + "|".join(sorted(_US_WORDS, key=len, reverse=True)) + r")\b")
_SPELLED_SO = re.compile(r"\b(?:" + "|".join(sorted(_SPELLED, key=len, reverse=True)) + r")\b")


# (in brackets or after a word: after a dash or a comma, "no." answers a label, "Line
# management - no. 3 officers are managed by ...")
_NUMBER_SIGN = re.compile(r"(?:(?<=\()|(?<=[a-z0-9] ))no(s?)\.(?=\s*[0-9])"
                          # a label's "No." ("No. direct reports: 6", "No. of staff: 4":
                          # round 51), where a colon and a number follow it
                          r"|(?:^|(?<=[\n*|-] ))no(s?)\.(?=[ \t]+[a-z][a-z ]{1,40}:[ \t]*[0-9])")


# Quotation marks: straight and curly double quotes, guillemets, and single quotes that open at
# a word's start and close at a word's end (so that "doesn't" and "the officers' room" hold no
# quotation), never before two digits (a year cut short, "the '90s", "since '24", opens none)
# nor as a word cut short ("'til", "'cause": an apostrophe). A single quote is a quotation of
# at most QUOTED_AT_MOST characters (a title, a phrase, a sentence of an Instruction): an
# apostrophe before a plural's ("the officers' absence") further on is none, and no quote that
# never closes is looked for beyond it (a line of 80,000 such quotes is read in seconds).
# Each pair's opening and closing characters.
QUOTED_AT_MOST = 240
_QUOTE_CHARS = frozenset("\"\u201c\u201d\u201e\u00ab\u00bb'\u2018\u2019")
_QUOTATION = re.compile(
    r"\"[^\"]+\"|\u201c[^\u201c\u201d]+[\u201d\u201c]|\u201e[^\u201e\u201c\u201d]+[\u201c\u201d]"
    r"|\u00ab[^\u00ab\u00bb]+\u00bb|(?<![\w'\u2019])['\u2018](?=\w)(?!\d\ds?\b)"
    r"(?!(?:til|cause|cos|coz|em|bout|round|n|twas|tis)\b)"
    rf"[^\n]{{0,{QUOTED_AT_MOST}}}?(?<=[\w.,!?])['\u2019](?!\w)", re.IGNORECASE)


def _quoted(text: str, count: int, item: bool = False) -> tuple[bool, ...]:
    """For each of the `count` words of `text` (as `_words` reads them), whether it lies
    inside a quotation that opens and closes within the text: someone else's words, quoted
    ("the Instruction states that 'the SPO will line manage the team'"). A Markdown block
    quote (`> ...` lines) is quoted too (see `sentences`)."""
    asked = _ASKED_WHETHER.search(text) if "whether" in text or " if " in text else None
    if _QUOTE_CHARS.isdisjoint(text) and asked is None:
        return ()
    spans = [m.span() for m in _QUOTATION.finditer(text)
             if _someone_elses(text, *m.span(), item)] if not _QUOTE_CHARS.isdisjoint(
        text) else []  # fmt: skip
    if asked is not None:  # a question told ("Tom asked whether the role includes line
        # management"): what it asks about is no duty, as a question quoted is not (JDs,
        # round 49); up to its clause's end, past any quotation it holds: what the sentence
        # goes on to give is read ("If you are unsure whether a case is suitable, you will
        # still hold ...", "... asked if she could take on DA cases and the SPO agreed that
        # she will hold three": the review of session 42)
        close = _ASKED_ENDS.search(text, asked.end())
        end = close.start() if close is not None else len(text) + 1
        spans = [sp for sp in spans if sp[1] <= asked.end() or sp[0] >= end] + [
            (asked.end() - 1, end)]
        spans.sort()
    if not spans:
        return ()
    low = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    if len(low) != len(text):  # a character whose lower case is longer: positions move
        return ()
    flags = []  # the quotations do not overlap, and come in order: one pass over both
    at, (a, b) = 0, spans[0]
    for m in _TEXT_WORD.finditer(low):
        while b <= m.end() and at + 1 < len(spans):
            at += 1
            a, b = spans[at]
        flags.append(a < m.start() and m.end() < b)
    return tuple(flags) if len(flags) == count and any(flags) else ()


# A question told, not asked: what follows is asked about, not given
_ASKED_WHETHER = re.compile(r"(?i)\b(?:asked|asks|asking|queried|queries|querying|enquired|"
                            r"inquired|wondered|wonders|unclear|unsure|not sure|to check)"
                            r"(?:\s+(?:us|me|him|her|them|hr|the\s+\w+))?\s+(?:whether|if)\b")


# Where a question told ends: its clause's end
_ASKED_ENDS = re.compile(r"(?i)[,;:()]|\s[-\u2013\u2014]\s|\b(?:and|but|then|so|while|whereas)\b")


# The post's own voice: a quotation opened right after one of these is what the post does
# ('The post holder will "manage cases assessed as high risk"'), not someone else's words
_OWN_VOICE = frozenset({"will", "shall", "must", "holder", "jobholder"})
# ... and "to" after what the post is required to do ('You will be expected to "manage ..."')
_OWN_DUTY_TO = frozenset({"required", "expected", "asked", "need", "needs", "able", "have",
                          "has", "going", "want", "trained"})
_FILLED = re.compile(r"[^\s*_]")  # a character that is no space nor emphasis
_ONLY_STOPS = re.compile(r"[\s.;:!?*_]*\Z")


def _someone_elses(text: str, a: int, b: int, item: bool = False) -> bool:
    """Whether the quotation at `text[a:b]` gives someone else's words: not one opened right
    after the post's own voice ("will", "must", "the post holder"), nor one that is a whole
    item of a bulleted list (a duty in quotation marks is still a duty: review 42; a
    paragraph wholly quoted may be a testimonial, its source on the next line). Only the words
    near it are looked at: a text of many quotations is read in one pass."""
    if _POST_SPEAKS.match(text, a + 1, b) is not None:  # "\"The post holder will ...\""
        return False  # (job language: no testimonial speaks of "the post holder")
    line_start = max(text.rfind("\n", 0, a) + 1, a - 120)
    if not text[line_start:a].strip(" \t*_>"):  # a quotation that starts its line: the lead
        # is the line before ("Amend bullet 5 to read:"), looked for near it only
        lead = text[max(0, line_start - 200) : line_start].rstrip()
        lead = lead[lead.rfind("\n") + 1 :]
        if lead.endswith(":") and _EDIT_LEAD.match(lead) is not None:
            return False
    elif _EDIT_LEAD.match(text, line_start, a) is not None:  # 'Add: "Hold cases ..."': the
        return False  # wording a change to the job description puts in it (round 37)
    before = [w.strip(",;:") for w in text[max(0, a - 40):a].rstrip(" \t*_").lower().split()]
    if before and (before[-1] in _OWN_VOICE or (
            before[-1] == "to" and len(before) > 1 and before[-2] in _OWN_DUTY_TO)):
        return False
    return (not item or _FILLED.search(text, 0, a) is not None
            or _ONLY_STOPS.match(text, b) is None)  # fmt: skip


# A quotation whose own words give the post its duty in job language ("\"The post holder will
# manage ...\"", "\"The successful candidate will ...\""): the post's, wherever it stands
# (round 10's attack: a duty wholly quoted after a line of junk was read as someone else's)
_POST_SPEAKS = re.compile(
    r"[ \t*_]*(?:the[ \t]+)?(?:post[ \t-]?holder|job[ \t-]?holder|role[ \t-]?holder|"
    r"successful[ \t]+(?:candidate|applicant)|appointee|incumbent|this[ \t]+(?:post|role)|"
    r"the[ \t]+(?:post|role))[ \t]+(?:will|must|shall|is|are|has|have|would|should)\b",
    re.IGNORECASE)  # (not "you": a testimonial speaks to the reader so, review 33)
# A change to a job description that puts the quoted wording in it, at the line's start
# ("Add: ...", "Amend bullet 3 to read: ...", "Insert after bullet 6: ..."); "Remove bullet 4
# (...)" takes it out, and stays someone else's words
_EDIT_LEAD = re.compile(
    r"[ \t]*(?:[-*+\u2022][ \t]+|[0-9]{1,3}[.)][ \t]+)?[*_]*(?:(?:change|amendment|edit|cr)"
    r"[^:\n]{0,20}:[ \t]*)?(?:add|adds|adding|insert|amend|replace|reword|update|include)\b"
    r"(?![^\"\u201c\n]*\b(?:remove|delete|omit|strike)\b)[^\"\u201c\n]{0,100}\Z", re.IGNORECASE)
# a relative pronoun after a comma still tells of the noun before it ("POs, who hold ...",
# "POs, as they prepare ...")
_RELATIVES = frozenset({"who", "whom", "whose", "which", "as"})


def _pauses(text: str, count: int) -> tuple[bool, ...]:
    """For each of the `count` words of `text` (as `_words` reads them), whether a comma comes
    between it and the next word, the next not a relative pronoun; () if none does. (Brackets
    and dashes part a label's words as often as an aside's: "Line management (Y/N): N",
    "Supervisory responsibility: Yes - groups of up to 6".)"""
    if "," not in text:
        return ()
    low = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    if len(low) != len(text):  # a character whose lower case is longer: positions move
        return ()
    found = list(_TEXT_WORD.finditer(low))
    if len(found) != count:
        return ()
    flags = tuple("," in low[a.end() : b.start()] and b.group() not in _RELATIVES
                  for a, b in itertools.pairwise(found))  # fmt: skip
    return (*flags, False) if any(flags) else ()


def _goes_on_as_text(rows: list[str], offset: int, pieces: list[Any]) -> bool:
    """Whether the `|` line at `offset` goes on with the paragraph over it, as GitHub reads it:
    a sentence is being read from the line above, which is no table's row nor a grid's border,
    and no header's underline (`|---|`) follows ("... assessed as" over "| high risk of
    serious harm." is one sentence; attack round 12)."""
    if not pieces or offset == 0:
        return False
    above = rows[offset - 1].strip()
    if not above or above.startswith(("|", "+")):
        return False
    below = rows[offset + 1].strip() if offset + 1 < len(rows) else ""
    return not (below.startswith("|") and _table_cells(below) is None)


def _grade_columns(header: str) -> list[str]:
    """The grade each column of a table's header names ("| Duty | PO | PSO |": "", "PO",
    "PSO"), or "" for a column that names none; empty unless two columns after the first name
    one, as a comparison of grades does ("| Job title | Senior Probation Officer |" is a
    field and its value)."""
    cells = _table_cells(header.strip()) or []
    named = [_GRADE_HEAD.fullmatch(cell) if at else None for at, cell in enumerate(cells)]
    heads = [m.group("grade") if m is not None else "" for m in named]  # "PSO Court": "PSO"
    return heads if sum(map(bool, heads)) >= 2 else []


def _denied_in_every_column(cells: list[str]) -> list[str]:
    """A table's row whose every answer after the duty says no ("| Hold MAPPA level 2 cases |
    N/A | N/A |" under "| Duty | Year 1 | Year 2 |", "| Line management | N |" under "| Duty |
    Applies to this post (Y/N) |": JDs, round 63), read as the duty and "does not apply": no
    column gives the duty, whichever of them is the post's. An "x" alone is not read so: a
    column of marks may tick with it. Read so only under a header that asks whether a duty
    applies (`_asks_applies`), and said of the post: a bare "does not apply" after a duty may
    be about anything (review of session 50, P2)."""
    answers = [cell for cell in cells[1:] if cell]
    if not answers or not all(_NOT_APPLICABLE.fullmatch(cell) for cell in answers):
        return cells
    return [cells[0], "does not apply to this post"]


def _asks_applies(header: str) -> bool:
    """Whether every answer column of a table's header asks if the duty is the post's: "Applies
    to this post (Y/N)", "This post", "Year 1". Not a column that asks something else of the
    duty ("Training required", "PO countersignature (Y/N)"), where "No" leaves the duty the
    post's (review of session 50, P3); nor one grade alone, which may open such a question
    ("PO countersignature"). Two grades or more are read by `_answers_by_grade`."""
    heads = [cell for cell in (_table_cells(header.strip()) or [])[1:] if cell]
    return bool(heads) and all(_APPLIES_HEAD.fullmatch(cell) for cell in heads)


def _under_labels(heads: list[str], cells: list[str]) -> str:
    """A table's row with each value read after the label over it in the header row, as a
    label/value row is read ("| Grade | Direct reports |" over "| SPO | 10 |": "Grade : SPO :
    Direct reports : 10"), or "" where the header is no row of labels: one with a number for
    a cell is a table's first row of values set as its header ("| Direct reports | 10 |")."""
    if len(heads) != len(cells) or any(_A_NUMBER.fullmatch(head) for head in heads):
        return ""
    return " : ".join(f"{head} : {cell}" if head else cell
                      for head, cell in zip(heads, cells, strict=True) if cell)  # fmt: skip


# a cell that is a number alone ("10", "1.5", "£45,000")
_A_NUMBER = re.compile(r"[^\w\s]?\s*\d[\d.,]*\s*[^\w\s]?")


def _answers_by_grade(heads: list[str], cells: list[str]) -> list[str]:
    """A comparison table's row with each answer under a grade read with it, as yes or no
    ("PO yes", "PSO no"); as written where a grade kept from Probation Officers' work (a PSO,
    a PQiP learner) answers yes, so the duty is given to whoever holds the post (the review of
    session 35: "PQiP no" beside "PSO yes" hid a PSO's duty)."""
    said = [_ANSWER.fullmatch(cell) if head and cell else None
            for head, cell in zip(heads, cells, strict=False)]  # fmt: skip
    if any(m is not None and not m.group("no") and _KEPT_GRADE.search(head)
           for head, m in zip(heads, said, strict=False)):  # fmt: skip
        return cells
    read = [f"{head} {'no' if m.group('no') else 'yes'}" if m is not None else cell
            for head, m, cell in zip(heads, said, cells, strict=False)]  # fmt: skip
    return read + cells[len(read):]


# the grades a table may keep Probation Officers' work from
_KEPT_GRADE = re.compile(r"(?i)services|pso|pqip|trainee|learner")
# A column's header that names a grade, and an answer in a row under it
# (with a team or setting beside it: "PSO Court", "Court PSO", "PSO (Court)", "PSO - Court")
_GRADE_HEAD = re.compile(r"(?i)(?:(?!not\b|non\b|no\b)[a-z]{2,20}\s+)?"
                         r"(?P<grade>probation services officers?|senior probation officers?|"
                         r"probation officers?|psos?|pos?|spos?|pqips?|pqip learners?|"
                         r"trainees?|learners?)(?:\s*\([^()]{0,30}\)|\s*[-\u2013\u2014:]?\s*"
                         r"(?!only\b|not\b|no\b)[a-z]{2,20})?")
# A column's header that asks whether the duty is the post's ("Applies to this post (Y/N)",
# "Applicable", "This post", "Year 2")
_APPLIES_HEAD = re.compile(r"(?i)(?:(?:duty|does (?:it|this|the duty)) )?(?:appl(?:ies|y|icable)"
                           r"(?: (?:to|for) (?:this|the) (?:post|role|job))?|(?:for |in )?this "
                           r"(?:post|role|job)|(?:training )?(?:year|yr) \d{1,2})"
                           r"(?:\s*\((?:y\s*/\s*n|yes\s*/\s*no)\))?\??")
# An answer that says no, or that the duty does not apply ("N", "✗", "N/A")
_NOT_APPLICABLE = re.compile(r"(?i)no|n|\u2717|\u2718|n\s*/\s*a|not applicable|does not apply")
_ANSWER = re.compile(r"(?i)(?P<no>no|n|\u2717|\u2718|x|not permitted|not allowed|never)"
                     r"|yes|y|\u2713|\u2714|permitted|allowed|only with [^|]{0,40}")


def _same_columns(header: str, underline: str) -> bool:
    """Whether a table's header and the row under it have as many cells: GitHub draws no table
    where they differ (`| Essential | Desirable |` over `|---|` is a paragraph)."""
    cells = _table_cells(header.strip())
    return cells is not None and len(cells) == len(underline.strip().strip("|").split("|"))


def _table_cells(line: str) -> list[str] | None:
    """The cells of a Markdown table row, or None for the row under the header (`|---|`)."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{1,}:?", c) or not c for c in cells):
        return None
    return cells


# The sentences of the last text read: each pattern of a policy reads the same job description
# (a 200 KB text took 5 s a pattern to split)
_SAID: list[Any] = [None, ()]


def _sentences_of(text: str) -> Sequence[Sentence]:
    last, said = _SAID
    if last is not text and last != text:
        said = tuple(sentences(text))
        _SAID[:] = [text, said]
    return said  # type: ignore[no-any-return]


def sentences(text: str, first_line: int = 1) -> list[Sentence]:
    """Split prose into sentences. A blank line, a bullet, a heading, a table row or a
    "Label: value" line starts a new sentence; other lines continue the one before (prose
    wrapped across lines), unless the line before ended its sentence (`.`, `!` or `?`) or was
    a header field (a "Label: value" line whose value has at most 8 words), and this one
    starts with a capital or a digit (text saved from a word processor writes a paragraph to
    a line). Within a line, a sentence ends at `.`, `!`
    or `?` followed by a capital or a digit. A line whose cells are apart by tabs (a table
    saved as text) is read as a table row. A table row is one sentence whose cells are joined
    by ` : `, so that `| Reports to | Head of PDU |` reads as `Reports to : Head of PDU`.

    A heading (`## Line management`, a line in bold alone, a label with nothing after its
    colon) is a title, not a sentence: it is read with the first sentence under it when that
    sentence is a short value (`None`, `Not applicable`, `6 PSOs`), and dropped otherwise.
    A line in bold alone that holds a label and its value (`**Direct reports: 6**`) is a
    label and its value, not a title.

    Each sentence knows the headings of the sections it lies in (`Sentence.section`): a
    Markdown heading ends the sections of its level and deeper; a line in bold alone or a
    label alone heads a section under the last Markdown heading, ended by the next heading
    of any kind; a Markdown table's header row heads the rows under it."""
    out: list[Sentence] = []
    pieces: list[tuple[int, str]] = []
    heading: list[tuple[int, str]] = []
    quoted_lines: set[int] = set()
    sections: list[tuple[int, Sentence]] = []  # (level, heading), outermost first
    table_head: list[Sentence] = []  # the header row of the table being read
    grade_heads: list[str] = []  # its columns' grades, where they name one ("PO", "PSO")
    head_cells: list[str] = []  # its cells, each the label of the values under it
    labels: set[int] = set()  # the lines of header rows read with the values under them
    asks_applies: list[bool] = []  # [True] where its answers say whether a duty is the post's

    def flush() -> None:
        parts = [(line, piece, _words(piece)) for line, piece in pieces]
        pieces.clear()
        if not any(w not in (":", ";") for _, _, ws in parts for w in ws):
            return
        if heading:
            if sum(len(ws) for _, _, ws in parts) <= SHORT_VALUE:
                line, title = heading[0]
                if _a_question(title) and _answered_no(
                        _words(title), [w for _, _, ws in parts for w in ws], title,
                        " ".join(piece for _, piece, _ in parts)):  # fmt: skip
                    _asked_only(out, line)  # "**Will I hold high-risk cases?**" over "Never."
                    quoted_lines.add(line)
                parts.insert(0, (line, title + " :", [*_words(title), ":"]))
            heading.clear()
        words = tuple(w for _, _, ws in parts for w in ws)
        lines = tuple(line for line, _, ws in parts for _ in ws)
        body = " ".join(" ".join(piece.split()) for _, piece, _ in parts)
        quoted = _quoted(body, len(words), item=parts[0][0] in items)
        if quoted_lines and not quoted_lines.isdisjoint(lines):
            quoted = tuple(line in quoted_lines or (bool(quoted) and quoted[i])
                           for i, line in enumerate(lines))  # fmt: skip
        section = tuple(h for _, h in sections) + tuple(table_head)
        said = _joined(Sentence(body, words, lines, quoted if any(quoted) else (),
                                section=section, lead=lead[0] if lead else None,
                                pauses=_pauses(body, len(words))), parts)
        if len(parts) == 1 and parts[0][0] in second and said.joined is None:
            read, shown = second[parts[0][0]]  # the row read its second way
            spaced = tuple(_words(read))
            if spaced != words:
                said = said._replace(joined=Sentence(shown or said.text, spaced,
                                                     (parts[0][0],) * len(spaced)))
        out.append(said)

    titles: set[int] = set()  # the lines of titles as a word processor writes them
    # a table row's second reading, by line, and how it is quoted ("": as the row): a line
    # read as a row with its tabs as spaces, a row under a header of labels with each value
    # after its label (quoted so)
    second: dict[int, tuple[str, str]] = {}
    outside: list[tuple[int, Sentence]] = []  # the sections a block quote opened inside of
    items: set[int] = set()  # the lines that start a bulleted item
    quoting = False  # in a Markdown block quote (`> ...`)
    underlines: set[int] = set()  # the rows that underline a setext heading
    broken = False  # a sentence goes on past a page break (`_goes_on`)
    repeats: list[set[str]] = []  # the text's repeated lines, found when first asked for
    fence = ""  # the fence of the code block being read (```` ``` ````, `~~~`), or ""
    # the HTML boxes open (`_as_box_break`): the sections outside each, and how many
    # sentences had been read when it opened; `headed`: the line of the last heading read
    boxes: list[tuple[list[tuple[int, Sentence]], int]] = []
    headed = 0
    rows = [_EXAMPLE.sub(_blanked_value, row) if "[" in row else row
            for row in _grid_rows(as_shown(text, boxes=True).split("\n"))]
    charted = _others_in_charts(rows)  # a code block's rows not the post's (other posts, diffs)
    quotation = _quotation_blocks(rows)  # the rows of block quotes that quote someone
    # A bulleted list's lead-in (`Sentence.lead`): the paragraph (its last two sentences) that
    # ends in `:` right over the list, or a label alone ("Duties will include:"). `para`: where
    # the paragraph being read starts in `out`; `fresh`: the next line starts a paragraph.
    lead: list[Sentence] = []
    # The lead-ins of nested lists, each with the indentation of its list's items (its first
    # item's): an item less deep is not in its list ("- The post holder will not:" over "  -
    # attend court", then "- Manage cases ..." back at the outer list's depth); items as deep
    # are ("- The post holder will not:" then "- attend court", "- chair MAPPA", a flat list).
    leads: list[tuple[int, Sentence]] = []

    def end_lead() -> None:
        lead.clear()
        leads.clear()

    def indent(at: int) -> int:
        row = rows[at - first_line] if 0 <= at - first_line < len(rows) else ""
        return len(_INDENT.match(row).group().expandtabs(4))  # type: ignore[union-attr]
    def read(body: str, line: int) -> int:
        """Read `body`, line `line`'s text, into `pieces`: a sentence that ends inside it ends
        there (at `.`, `!` or `?` before a capital or a digit, not after an abbreviation);
        where its last sentence starts is returned."""
        start = 0
        for end in _SENTENCE_END.finditer(body):
            short = _ABBREVIATION.search(body, max(start, end.start() - 7), end.start())
            if short and (short.group(1) or body[end.end()].isdigit() or (
                    short.group(2) and not _STREET.search(body, max(0, short.start() - 40),
                                                          short.start()))):
                continue
            pieces.append((line, body[start : end.start()]))
            flush()
            start = end.end()
        pieces.append((line, body[start:]))
        return start

    para, fresh, colon_heading = 0, True, False
    rows = _letter_bullets(_boxes_read(rows))
    for offset, raw in enumerate(rows):
        line = first_line + offset
        if "<br " in raw and (marks := _CONTAINER_MARK.findall(raw)):
            flush()
            for mark in marks:
                if mark == "open":
                    boxes.append((list(sections), len(out)))
                elif boxes:
                    outer, at = boxes.pop()
                    # a heading read inside the box, with something under it there, heads
                    # no further (a box that holds only its heading heads what follows)
                    if sections != outer and any(said.lines[0] > headed
                                                 for said in out[at:] if said.lines):
                        sections[:] = outer
            raw = _CONTAINER_MARK.sub("<br>", raw)
        body = _HTML_BREAK.sub(". ", raw).strip()
        if body.startswith(">") != quoting:  # a block quote starts or ends a sentence
            flush()
            quoting = not quoting
            if quoting:  # a heading inside the quote heads only the quote's lines
                outside = list(sections)
            else:
                sections[:] = outside
        if quoting:
            body = body.lstrip("> ")
            if offset in quotation:
                quoted_lines.add(line)
        if broken and (_PAGE_FURNITURE.fullmatch(body) or body in _repeated(rows, repeats)):
            continue  # a PDF's page number, marking or running head, where a page cut a sentence
        if not body or offset in underlines:
            if not body:  # a table ends at a blank line: a table after it has its own header
                table_head.clear()
            # a sentence broken by a page, or by a blank line, mid-clause (once found so, up
            # to the line it goes on in: `_goes_on` looked at every row before it)
            if pieces and not body and (broken or _goes_on(pieces[-1][1], rows, offset + 1,
                                                           repeats)):  # fmt: skip
                broken = True
                continue
            flush()
            fresh = True
            continue
        broken = False
        if fence or (opened := _FENCE.match(body)) is not None:
            # a code block shows its lines as written: each read as a sentence of its own,
            # never as a heading, a list or a table ("# Person specification" in one heads
            # nothing)
            flush()
            end_lead()
            if not fence:
                fence = opened.group(1)  # type: ignore[union-attr]
            elif body.startswith(fence[0] * len(fence)) and not body.strip(fence[0]):
                fence = ""
            elif offset not in charted:
                pieces.append((line, body))
                flush()
            continue
        # an indented code block's `#` line is text, not a heading
        code = body.startswith("#") and raw.startswith(("\t", "    "))
        ends_here = plain = False
        row_items: list[tuple[int, str]] = []
        row = body.startswith("|") and not _goes_on_as_text(rows, offset, pieces)
        if not row:
            table_head.clear()
        if row:
            flush()
            end_lead()
            para, fresh = len(out), True
            cells = _table_cells(body)
            if cells is None:  # the row under the header: the header heads the rows below
                if (not table_head and out and out[-1].lines[-1] == line - 1
                        and _same_columns(rows[offset - 1], body)):  # fmt: skip
                    table_head.append(out[-1]._replace(section=(), joined=None))
                    grade_heads[:] = _grade_columns(rows[offset - 1])
                    head_cells[:] = _table_cells(rows[offset - 1]) or []
                    asks_applies[:] = [_asks_applies(rows[offset - 1])]
                continue
            if table_head and grade_heads:  # "| Hold MAPPA cases | Yes | No |" under "| Duty
                # | PO | PSO |": each answer read with its grade ("PO yes : PSO no"; round 39)
                cells = _answers_by_grade(grade_heads, cells)
            elif table_head:  # "does not apply" only under a header asking it (review 50)
                answers = _denied_in_every_column(cells) if asks_applies == [True] else cells
                if answers is cells and (paired := _under_labels(head_cells, cells)):
                    second[line] = (paired, paired)  # "Direct reports : 10" (round 64)
                    labels.add(table_head[0].line)
                cells = answers
            body, ends_here = " : ".join(c for c in cells if c), True
            if _words(row_first := cells[0]):  # a cell's items apart by `;` each complete
                row_items = [(line, item) for cell in cells[1:]  # the row's first cell
                             for item in cell.split(";")[1:] if _words(item)]  # fmt: skip
        elif not code and ((title := _heading(body) or _numbered_heading(body, rows, offset + 1)
                            or _setext_title(body, rows, offset)) is not None
                           and not (pieces and body[0].islower())):  # fmt: skip
            flush()  # (a line in lower case goes on with the sentence: "This will\ninclude:")
            end_lead()
            heading[:] = [(line, title)]
            colon_heading = body.rstrip("*_ ").endswith(":")
            para, fresh = len(out), True
            if (md := _HEADING.match(body)) is not None:
                level = len(md.group(0).strip())
            elif (level := _underline_level(rows, offset)) > 0:
                underlines.add(offset + 1)  # (the underline is not read)
            else:
                level = 7
            while sections and sections[-1][0] >= level:
                sections.pop()
            title_words = tuple(_words(title))
            sections.append((level, Sentence(title, title_words, (line,) * len(title_words))))
            # a duty set in bold, or as a heading, is still a duty (a lead-in's "Duties will
            # include:" leads its list)
            if not colon_heading and _a_sentence(title):
                out.append(Sentence(" ".join(title.split()), title_words,
                                    (line,) * len(title_words),
                                    section=tuple(h for _, h in sections[:-1])))
            headed = line
            continue
        elif (bullet := _BULLET.match(body)) is not None and not _number_wrapped(
                body, pieces, rows, offset, first_line):
            flush()
            items.add(line)
            if heading and colon_heading:
                title_words = (*_words(heading[0][1]), ":")
                # (as deep as its own line: "The post holder will not:" set inside an item
                # leads that item's list only)
                leads[:] = [(indent(heading[0][0]), _short_lead(Sentence(
                    heading[0][1] + ":", title_words, (heading[0][0],) * len(title_words))))]
            elif para < len(out) and out[-1].text.rstrip().endswith(":"):
                deep = indent(line)  # this lead-in's list: its first item's depth
                while leads and leads[-1][0] >= deep:
                    leads.pop()
                leads.append((deep, _short_lead(_lead_in(out[max(para, len(out) - 2):]))))
            else:
                while leads and leads[-1][0] > indent(line):
                    leads.pop()
            lead[:] = [leads[-1][1]] if leads else []
            para, fresh = len(out), False
            body = body[bullet.end():]
        elif _LABEL.match(body) is not None and not (pieces and body[0].islower()):
            flush()
            end_lead()
            para, fresh = len(out), False
        else:
            plain = True
        if "\t" in body and not ends_here and _mid_sentence(rows, offset, bool(pieces)):
            body = " ".join(body.split())  # a tab typed in a sentence over lines: a space
        if "\t" in body and not ends_here:  # a table saved as text: its cells apart by tabs
            cells = [c.strip().rstrip(":").rstrip() for c in body.split("\t")]
            if sum(1 for c in cells if c) > 1:
                flush()
                # ... or a tab typed inside a sentence, which shows as a space: read both ways
                second[line] = (" ".join(body.split()), "")
                body, ends_here = " : ".join(c for c in cells if c), True
        inline: list[str] = []  # a list copied from a browser, its items on one line
        if "\u2022" in body and not ends_here:
            head, *inline = _INLINE_BULLET.split(body)
            inline = [item for item in inline if _words(item)]
            if inline:
                body = head
        if pieces and _LINE_STARTS.match(body) and (
                (_LINE_ENDS.search(prev := pieces[-1][1].rstrip())
                 and not _abbreviated(prev, body)) or _field(pieces)):  # fmt: skip
            flush()  # the line before ended its sentence, or was a header field
        if (plain and ";" in body and pieces and pieces[-1][0] == line - 1
                and body[:1].isupper() and _cell_label(pieces[-1][1])
                and _cell_value(body, rows, offset)):  # fmt: skip
            # a table flattened a cell a line, its label over its value ("Caseload" over "Cases
            # assessed as low or medium RoSH; high RoSH cases by exception"): read as its row
            # is, "Caseload : ..." and each item after the first after its label (JDs round
            # 62); the cells over it are read apart ("Line management" over "None"). A heading
            # over a sentence is not a row ("Caseload" over "Cases are allocated by the SPO
            # ...; high RoSH cases go to Probation Officers": the review of session 49)
            label = pieces.pop()
            flush()
            row_first = label[1].strip()
            pieces.append((label[0], row_first + " :"))
            row_items = [(line, item) for item in body.split(";")[1:] if _words(item)]
            ends_here = True
        if plain and not pieces:  # a sentence outside any bulleted list
            end_lead()
            if fresh:
                para, fresh = len(out), False
        if plain and not ends_here and not pieces and _title_line(body, rows, offset + 1):
            while sections and sections[-1][0] >= 7:  # a title as text saved from Word writes it
                sections.pop()
            title_words = tuple(_words(body))
            titles.add(line)
            sections.append((7, Sentence(body, title_words, (line,) * len(title_words))))
            headed = line
        start = read(body, line)
        if ends_here or (start and _a_question(body[:start])
                         and len(_words(body[start:])) <= SHORT_VALUE):
            flush()  # a question's short answer on its line ends there: "...? No"
        if row_items:  # "| Case management | Low and medium RoSH; high RoSH by exception |"
            first = _words(row_first)
            lead[:] = [_short_lead(Sentence(row_first + ":", (*first, ":"),
                                            (line,) * (len(first) + 1)))]
            for item in row_items:
                pieces.append(item)
                flush()
            end_lead()
        if inline:  # "Key duties: \u2022 Does not hold a caseload \u2022 Prepare ...": each
            flush()  # item a sentence, after the line's lead-in where it ends in `:`
            items.add(line)
            kept = list(lead)
            if body.rstrip(" *_").endswith(":"):
                said = _words(body)
                lead[:] = [_short_lead(Sentence(body.strip(), tuple(said), (line,) * len(said)))]
            for each in inline:
                read(each, line)
                flush()
            lead[:] = kept
    flush()
    if labels:  # a header row read with the values under it says nothing alone: "| Line
        # management | Caseload |" over "| None | 30 |" gives no line management (round 64)
        out[:] = [s for s in out if s.lines[0] not in labels or s.lines[-1] != s.lines[0]]
    return _answered(out, titles, items)


# A lead-in is read again with each item of its list: only its last words are kept, those
# that lead into the items ("... The post holder will be responsible for:"), so that a long
# paragraph over a long list costs no more than a short one.
LEAD_WORDS = 24


def _short_lead(lead: Sentence) -> Sentence:
    """`lead` cut to its last LEAD_WORDS words."""
    if len(lead.words) <= LEAD_WORDS:
        return lead
    words = lead.words[-LEAD_WORDS:]
    return lead._replace(text="... " + " ".join(words), words=words,
                         lines=lead.lines[-LEAD_WORDS:],
                         quoted=lead.quoted[-LEAD_WORDS:] if lead.quoted else (),
                         pauses=lead.pauses[-LEAD_WORDS:] if lead.pauses else ())


def _lead_in(said: Sequence[Sentence]) -> Sentence:
    """The sentences of a paragraph that ends in `:` read as one lead-in to the list under it
    ("The post holder will manage a caseload. This will include:")."""
    if len(said) == 1:
        return said[0]._replace(section=(), joined=None, lead=None)
    words = tuple(w for s in said for w in s.words)
    quoted = (tuple(q for s in said for q in (s.quoted or (False,) * len(s.words)))
              if any(s.quoted for s in said) else ())  # fmt: skip
    pauses = (tuple(q for s in said for q in (s.pauses or (False,) * len(s.words)))
              if any(s.pauses for s in said) else ())  # fmt: skip
    return Sentence(" ".join(s.text for s in said), words,
                    tuple(n for s in said for n in s.lines), quoted, pauses=pauses)  # fmt: skip


def _abbreviated(last: str, nxt: str) -> bool:
    """Whether a line's last sentence, `last` (its line stripped), ends on an abbreviation
    that ends no sentence before the next line, `nxt`, as `sentences` reads one inside a line:
    "Line manage a team of approx." over "12 Probation Officers" (JDs round 62), "c." or
    "est." before a number."""
    if not last.endswith("."):
        return False
    short = _ABBREVIATION.search(last, max(0, len(last) - 7))
    return short is not None and bool(short.group(1) or nxt[:1].isdigit() or (
        short.group(2) and not _STREET.search(last, max(0, short.start() - 40),
                                              short.start())))


CELL_LABEL_WORDS = 3  # words: a line this short may be a flattened table's label cell


def _cell_label(text: str) -> bool:
    """Whether a line is a table's label cell as a conversion that writes a cell a line leaves
    it ("Caseload", "Case management"): a few words, the first a capital, no closing
    punctuation, no bullet or heading."""
    text = text.strip()
    return (0 < len(_TITLE_WORD.findall(text)) == len(_words(text)) <= CELL_LABEL_WORDS
            and text[:1].isupper() and text[-1:] not in ".!?;:," and _heading(text) is None
            and _BULLET.match(text) is None)


# The verbs that make a line a sentence rather than a table's cell: be, have and do as a
# clause's verb or its helper ("Cases are allocated ...", "High RoSH cases are held ..."), the
# modals, and "go" ("high RoSH cases go to Probation Officers")
_CLAUSE_VERBS = frozenset({
    "is", "are", "was", "were", "isn't", "aren't", "has", "have", "had", "does", "do", "did",
    "go", "goes", "will", "must", "shall", "you'll", "we'll", "they'll", "should", "may", "can",
    "would", "could", "might"})
CELL_RUN_VALUE = 8  # words: a value this short, with no stop, is a cell's beside a label's


def _cell_value(body: str, rows: Sequence[str], at: int) -> bool:
    """Whether `body`, row `at` of `rows` and under a label cell (`_cell_label`) on the row over
    it, is that cell's value, as a conversion that writes a table a cell a line leaves it, not a
    sentence under a heading: it ends with no stop, and either has no verb a clause is made by
    (`_CLAUSE_VERBS`: "Cases assessed as low or medium RoSH; high RoSH cases by exception"), or
    the label sits in a run of label and value pairs, a label over a short value with no stop
    right over it or right under the value ("Line management" / "None" / "Caseload" /
    "...")."""
    text = body.strip().rstrip("*_ ")
    if not text or text[-1] in ".!?":
        return False
    if _CLAUSE_VERBS.isdisjoint(w.lower() for w in _words(text)):
        return True

    def pair(label: int) -> bool:
        if not (label >= 0 and label + 1 < len(rows)):
            return False
        value = rows[label + 1].strip()
        return (_cell_label(rows[label]) and bool(value) and value[-1] not in ".!?:;"
                and len(_words(value)) <= CELL_RUN_VALUE)

    return pair(at - 3) or pair(at + 1)


_LEADING_NUMBER = re.compile(r"\(?([0-9]{1,3})[.)]\s")


def _number_wrapped(body: str, pieces: list[tuple[int, str]], rows: Sequence[str], at: int,
                    first_line: int) -> bool:
    """Whether a line that starts with a number as a list's item does ("12. The team is
    ...") goes on from the line right over it, where a sentence wrapped it to the line's start
    ("... in the team of" over "12. The team is based in Hartlepool.": JDs round 62): that
    line ends on a word no clause ends on (but one a list may follow: "Duties include") and is
    no item numbered one less."""
    number = _LEADING_NUMBER.match(body)
    if number is None or not pieces or pieces[-1][0] != first_line + at - 1:
        return False
    words = pieces[-1][1].rstrip().rsplit(None, 1)
    if not words or words[-1].lower() not in _GOES_ON_AFTER - _LEADS_A_LIST:
        return False
    opened = _LEADING_NUMBER.match(rows[pieces[0][0] - first_line].strip())
    return opened is None or int(opened.group(1)) + 1 != int(number.group(1))


# A bullet inside a line, between two of a list's items as a browser copies a list ("Key
# duties: \u2022 Does not hold a caseload \u2022 Prepare ...")
_INLINE_BULLET = re.compile(r"[ \t]+\u2022[ \t]+(?=\S)")
# `o` or `Ø` and spaces at a line's start, as pdftotext writes Word's Symbol and Wingdings
# bullets: a bullet only in a run of such lines (never the word "o", nor a name: "Øystein")
_LETTER_BULLET = re.compile(r"[ \t]*([o\u00d8])[ \t]+(?=[A-Za-z0-9(\"'\u2018\u201c])")
LETTER_BULLET_ROWS = 4  # rows: the next item in a run of `o` bullets starts this near at most


def _letter_bullets(rows: list[str]) -> list[str]:
    """`rows` with each `o` or `Ø` that stands as a bullet (`_LETTER_BULLET`, and another line
    within LETTER_BULLET_ROWS rows starts with the same) written as `\u2022`."""
    starts = [(i, m) for i, row in enumerate(rows)
              if row[:1] in " \to\u00d8" and (m := _LETTER_BULLET.match(row)) is not None]
    if len(starts) < 2:
        return rows
    out = list(rows)
    for k, (i, m) in enumerate(starts):
        near = [starts[j] for j in (k - 1, k + 1) if 0 <= j < len(starts)]
        if any(abs(j - i) <= LETTER_BULLET_ROWS and n.group(1) == m.group(1) for j, n in near):
            out[i] = rows[i][: m.start(1)] + "\u2022" + rows[i][m.end(1):]
    return out


# A form's tick boxes as a conversion leaves them: ticked (`☒`, `☑`, `[x]`, `[✓]`) or not (`☐`,
# `[ ]`), each before its answer ("Line management responsibility: ☒ Yes ☐ No": JDs round 62)
_BOX = re.compile(r"[ \t]*(?:(?P<ticked>[\u2612\u2611]|\[[xX\u2713\u2714]\])|[\u2610]|\[ \])[ \t]*")


def _boxes(row: str) -> tuple[str, list[tuple[bool, str]]] | None:
    """A line of a form's tick boxes, two or more: what it asks (the text before the first box)
    and each box, ticked or not, with its answer (the text up to the next box); or None."""
    if not any(c in row for c in "\u2610\u2611\u2612[") or len(marks := list(
            _BOX.finditer(row))) < 2:  # fmt: skip
        return None
    if all((m.group("ticked") or "")[:1] == "[" for m in marks):
        return None  # a template's "[x]" to fill in ("line manage [x] PSOs and [x] POs")
    ends = [m.start() for m in marks[1:]] + [len(row)]
    return row[: marks[0].start()], [(m.group("ticked") is not None, row[m.end() : end])
                                     for m, end in zip(marks, ends, strict=True)]


_ANSWER_WORD = re.compile(r"[a-z0-9]+")


def _ticked(answers: list[tuple[bool, str]]) -> list[str] | None:
    """The answers ticked on a line of tick boxes (`_boxes`), each stripped; or None where they
    cannot be told apart: none ticked (a conversion lost the tick: "☐ Yes ☐ No"), or
    answers ticked that contradict each other, "Yes" and "No", or one and its "not"
    ("☒ Case holding ☒ Not case holding"). Every box ticked is an answer when the answers agree:
    a list to tick all that apply ("Cases you will manage: ☒ Low RoSH ☒ Medium RoSH
    ☒ High RoSH": the review of session 49)."""
    ticked = [answer.strip() for on, answer in answers if on]
    said = [tuple(_ANSWER_WORD.findall(answer.lower())) for answer in ticked]
    firsts = {words[0] for words in said if words}
    negated = {words[1:] for words in said
               if len(words) > 1 and words[0] in ("not", "no", "non")}
    if not ticked or {"yes", "no"} <= firsts or negated & set(said):
        return None
    return ticked


def _boxes_read(rows: list[str]) -> list[str]:
    """`rows` with a line of tick boxes read as its question and the answers ticked ("Line
    management responsibility: Yes"), those not ticked left out; a line whose boxes cannot be
    told apart (none ticked, or answers ticked that contradict each other: `_ticked`) is read
    as nothing, not as every answer at once ("Yes No" cancels itself): `undecided_boxes` names
    it."""
    out = rows
    for i, row in enumerate(rows):
        if (boxes := _boxes(row)) is None:
            continue
        if out is rows:
            out = list(rows)
        asked, answers = boxes
        ticked = _ticked(answers)
        out[i] = (asked + " " + ", ".join(ticked)) if ticked else ""
    return out


def undecided_boxes(text: str | None) -> tuple[int, ...]:
    """The lines (from 1) of `text` whose tick boxes cannot be told apart: two or more boxes
    on a line, none ticked ("☐ Yes ☐ No", as a conversion that lost the tick leaves it)
    or answers ticked that contradict each other ("☒ Yes ☒ No"). `sentences` reads such
    a line as nothing; a rule reading the text should say so, for a rep to read the form by
    hand."""
    if not text or not any(c in text for c in "\u2610\u2611\u2612["):
        return ()
    return tuple(i for i, row in enumerate(text.split("\n"), 1)
                 if (boxes := _boxes(row)) is not None and _ticked(boxes[1]) is None)


_INDENT = re.compile(r"[ \t>]*")  # how deep a line is: its spaces, tabs and quote marks
_BROKEN = re.compile(r"[a-z]-$", re.I)  # a line that ends in a word broken by a hyphen
_GOES_ON = re.compile(r"[a-z]")  # ... and the next that goes on with its lower-case rest


def _joined(said: Sentence, parts: list[tuple[int, str, list[str]]]) -> Sentence:
    """`said` with its second reading (`Sentence.joined`) where a line of it ends in a word
    broken by a hyphen and the next line goes on in lower case ("super-" / "vise"): the two
    halves read as one word ("supervise"). Typesetting breaks a word so, and so does an
    ordinary hyphenated word ("pre-" / "sentence", "line-" / "manage"); the reader has no
    dictionary to tell them apart, so a matcher reads the sentence both ways (`first`): a
    word made whole that is no word ("presentence") matches nothing."""
    if len(parts) < 2 or not any(_BROKEN.search(piece.rstrip()) for _, piece, _ in parts[:-1]):
        return said
    words: list[str] = []
    lines: list[int] = []
    flags: list[bool] = []
    quoted = said.quoted or (False,) * len(said.words)
    at, glue = 0, False
    for i, (line, piece, ws) in enumerate(parts):
        for k, w in enumerate(ws):
            if glue and k == 0:
                words[-1] += w  # the broken word's rest, read on its first half's line
            else:
                words.append(w)
                lines.append(line)
                flags.append(quoted[at])
            at += 1
        glue = (bool(ws) and i + 1 < len(parts) and _BROKEN.search(piece.rstrip()) is not None
                and _GOES_ON.match(parts[i + 1][1].lstrip()) is not None)  # fmt: skip
    if len(words) == len(said.words):
        return said
    return said._replace(joined=Sentence(said.text, tuple(words), tuple(lines),
                                         tuple(flags) if any(flags) else ()))  # fmt: skip


def _field(pieces: list[tuple[int, str]]) -> bool:
    """Whether the pending sentence is one "Label: value" line with a short value, a header
    field ("Reports to: Deputy Head of PDU"); a longer value may wrap onto a line that starts
    with a capital ("... including\nIOM cases")."""
    if len(pieces) != 1 or (label := _LABEL.match(pieces[0][1])) is None:
        return False
    return len(_words(pieces[0][1][label.end():])) <= FIELD_VALUE


_DIRECT = frozenset({"yes", "no", "none", "nil", "never", "one", "two", "three", "four", "five",
                     "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
                     "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                     "twenty", "thirty", "forty", "fifty"})
ANSWER_WORDS = 40  # words: a direct answer this long at most is read with its question


def _direct(words: Sequence[str]) -> bool:
    """Whether a sentence opens as a direct answer does (yes, no, a number), however long:
    "How many people will I manage? Twelve: eight POs, three PSOs and a case administrator."
    """
    words = _unlabelled(words, ("a", "answer"))  # "A: No, high risk cases are held by POs"
    return bool(words) and len(words) <= ANSWER_WORDS and (
        words[0] in _DIRECT or words[0].isdigit())


def _a_question(text: str) -> bool:
    """Whether a sentence (as written) ends with a question mark, in bold or italics or not
    ("**Will I hold high-risk cases?** No": review 41, the question was read as a duty)."""
    return text.rstrip().rstrip("*_").endswith("?")


# A question answered yes or no opens with one of these ("Will I ...?", "Does the post ...?").
_YES_NO = frozenset({"am", "are", "can", "could", "did", "do", "does", "has", "have", "is",
                     "may", "might", "must", "shall", "should", "was", "will", "would"})
# ... or whether it does so alone or at once ("on my own?", "straight away?", "in my first six
# months?"): "No" says it does so later, or with others (review 42's review); in an answer
# after its "not", the same words hedge it ("No, you will not hold them on your own")
_AT_ONCE = frozenset({"own", "alone", "myself", "yourself", "independently", "unsupervised",
                      "unsupported", "solely", "sole", "straight", "immediately",
                      "straightaway", "first", "initially", "induction", "day", "days", "week",
                      "weeks", "month", "months", "year", "years", "yet", "start", "begin",
                      "until", "before", "probationary", "once", "soon", "early", "without"})
# A question with one of these asks whether the post is kept from something ("Is there a limit
# on high-risk cases?", "Will I only hold low-risk cases?"): "No" then says it is not.
_ASKS_A_LIMIT = frozenset({"not", "only", "cap", "capped", "caps", "limit", "limited",
                           "limits", "protected", "exempt", "excluded", "exclude", "without",
                           "except", "never", "cannot", "no", "free", "restricted"}) | _AT_ONCE
# An answer with one of these in its first words hedges its "No" ("No, not usually", "No,
# but you may cover ...", "No, except in an emergency"): the question's work is not denied.
_HEDGES = frozenset({"but", "except", "unless", "usually", "normally", "generally", "always",
                     "initially", "yet", "until", "though", "although", "however", "only",
                     "rarely", "occasionally", "sometimes", "mostly", "apart", "save",
                     "other", "beyond", "after", "once", "when", "while",
                     # what is so in name only ("Not officially.", "Not on paper.", "Not as a
                     # rule.", "Not in theory.": the review of session 46)
                     "officially", "formally", "technically", "strictly", "paper", "rule",
                     "theory", "principle", "ideally", "supposed", "meant", "intended",
                     "expected", "often", "much", "many", "every", "routinely", "regularly"})
HEDGE_WORDS = 8  # words: how far into an answer a hedge is looked for


# "No" as a yes: "No problem.", "No worries." (the review of session 42)
_NO_BOTHER = frozenset({"problem", "problems", "worries", "worry", "bother", "trouble",
                        "issue", "issues", "probs", "prob", "doubt"})  # fmt: skip


def _answered_no(question: Sequence[str], answer: Sequence[str], asked: str = "",
                 said: str = "") -> bool:  # fmt: skip
    """Whether a question that asks if the post does something is answered no, plainly:
    "**Will I be allocated cases involving domestic abuse?** No. They are held by Probation
    Officers." The question is then someone else's words, as if quoted (`unless quoted`):
    what it names is no duty of the post's. A denial that reads across the question and its
    answer ("Does the post have line management responsibility? No") still holds, as it is
    not wholly inside the question. A hedged "No", a question about a limit or an exception,
    and a question that is no yes-or-no one are read as before."""
    words = _unlabelled(question, ("q", "question"), asked)
    answer = _unlabelled(answer, ("a", "answer"), said)
    opens = _says_no(answer)
    return (opens > 0 and not set(answer[1:2]) & _NO_BOTHER and bool(words)
            and words[0] in _YES_NO
            and not any(w in _ASKS_A_LIMIT or w.endswith(("n't", "n\u2019t")) for w in words)
            and not _hedged(answer, opens))


# Words that open a no in other words than "No" ("Absolutely not.", "Certainly not. They are
# held by POs.", "Not at all.", "They don't.": JDs round 58, an FAQ's answers), and the people
# an FAQ's answer may name for the post's holder ("They don't.", "PSOs do not.")
_FIRMLY = frozenset({"absolutely", "certainly", "definitely", "categorically", "no"})
_HOLDERS = frozenset({"they", "you", "we", "i", "it", "he", "she", "psos", "pso", "learners",
                      "officers", "staff", "this", "the"})
_NOTS = frozenset({"not", "never", "cannot"})
# An answer's verb of a firm no: "They don't.", "You won't.", "PSOs do not."; not a modal of
# what ought to be ("They shouldn't.", "You shouldn't have to.": the review of session 46)
_FIRM_NOT = frozenset({"don't", "doesn't", "won't", "can't", "mustn't", "don\u2019t",
                       "doesn\u2019t", "won\u2019t", "can\u2019t", "mustn\u2019t"})
_FIRM_VERBS = frozenset({"do", "does", "will", "can", "must", "shall", "are", "is"})


def _says_no(answer: Sequence[str]) -> int:
    """How many of an answer's first words say no ("No", "Never", "Not at all", "Absolutely
    not", "They don't", "You will not"); 0 if it does not open with a no."""
    first = answer[:1]
    if first and first[0] in ("no", "never", "nope", "not"):
        return 1
    if len(answer) > 1 and answer[0] in _FIRMLY and answer[1] in _NOTS:
        return 2
    if len(answer) > 1 and answer[0] in _HOLDERS and (
            answer[1] in _NOTS or answer[1] in _FIRM_NOT):
        return 2
    if len(answer) > 2 and answer[0] in _HOLDERS and answer[1] in _FIRM_VERBS and (
            answer[2] in _NOTS):
        return 3
    return 0


def _hedged(answer: Sequence[str], opens: int) -> bool:
    """Whether an answer's no is hedged in its first words: "No, but ...", "No, not usually",
    "Not on your own", "No, you will not hold them in your first year". "No, not at all" and
    a no restated ("No - PSOs do not hold high risk cases") are not hedged."""
    window = answer[opens:opens + HEDGE_WORDS - 1]
    if any(w in _HEDGES for w in window):
        return True
    if answer[0] == "no" and window[:1] == ["not"] and window[1:3] != ["at", "all"]:
        return True  # "No, not high risk" says what it is instead: read as before
    if answer[:2] == ["not", "all"]:  # "Not all of them" ("Not at all" is a no)
        return True
    nots = [n for n, w in enumerate(answer[:opens + HEDGE_WORDS - 1]) if w in _NOTS]
    return bool(nots) and any(w in _AT_ONCE for w in answer[nots[0] + 1:opens + HEDGE_WORDS])


# Words any English prose has; none of them in a text of some length: it is not in English
# (a Welsh-only job description: the patterns read English). Words Welsh writes too ("at",
# "is", "be", "all", "a", "i") are left out.
_ENGLISH = frozenset({"the", "and", "of", "to", "you", "will", "in", "for", "with", "on",
                      "are", "your", "this", "as", "by", "or", "who", "have", "from", "that",
                      "it", "we", "our", "their", "they", "not", "can", "may", "must", "within",
                      "into", "other", "about", "which", "an", "has", "been", "would", "should",
                      "post", "role", "work", "cases", "case", "team", "teams", "staff",
                      "manage", "duties", "probation", "officer", "officers", "line",
                      "management", "manager", "reports", "report", "senior", "job", "title",
                      "responsibilities", "responsibility", "yes", "none", "services",
                      "service", "risk", "harm", "people", "supervise", "supervision",
                      "person", "specification", "purpose", "main", "administrative",
                      # (what an induction plan's lines hold: "Week 2: observe a PO supervising a
                      # registered sex offender", no word of the above: round 37)
                      "week", "weeks", "month", "day", "days", "year", "observe", "shadow",
                      "offender", "offenders", "court", "courts", "prison", "licence", "order",
                      "orders", "supervising", "managing", "holding", "writing", "training",
                      "induction", "learner", "learners", "colleague", "colleagues", "police",
                      "programme", "programmes", "assessment", "assessments", "meeting",
                      "meetings", "attend", "complete", "support", "plan", "review"})
ENGLISH_FROM = 8  # words: a text this long with no English word is said not to be English
# words in lower case: a part with fewer is a list of names, places, values or dates ("Sarah
# Jones, Priya Patel, ...", "Empathy. Resilience. ...", "Closing date: Sunday 14 July 2024"),
# no prose in another language (the review of session 46: each was named as not English)
PROSE_WORDS = 5
ATTACHED_BELOW = 25  # words: a text this short that names an attachment stands for it
# (a name's start is where a run of its letters starts: a search from each letter of a long
# word scanned the rest of it, 233 s over one word of 262,000 letters: round 10's attack)
_DOCUMENT = re.compile(r"(?<![\w.-])[\w.-]{1,255}\.(?:pdf|docx?|odt|rtf|pages)\b", re.IGNORECASE)
_ATTACHED = re.compile(r"\bsee (?:the )?(?:attached|enclosed|attachment)\b|\bin the attachment\b|"
                       r"\benclosure\b|"
                       r"\b(?:attached|enclosed) (?:job description|document|file|pdf|jd)\b|"
                       r"\bas per (?:the )?(?:generic|standard|national|full)\b|"
                       r"\bon the intranet\b|\bavailable on request\b|"
                       r"\b(?:job description|jd|duties) (?:to follow|tbc|tba)\b|"
                       r"\b(?:job description|jd|job spec|role profile)s? (?:i|we|hr|you) "
                       r"(?:sent|shared|emailed|attached|forwarded|circulated)\b|"
                       r"^\W*(?:tbc|tba)\W*$|"
                       # a text that opens by saying its duties are elsewhere: "The duties
                       # of this post are set out in the national PSO job description",
                       # "Duties as agreed with your line manager" (round 40); not "other
                       # duties as required" after duties of its own
                       r"\A\W*(?:the )?(?:main |key )?(?:duties|responsibilities)(?: of (?:this|"
                       r"the) (?:post|role|job))? (?:are|is) (?:set out|described|detailed|"
                       r"listed|specified|contained|given) in\b|"
                       r"\A\W*(?:(?:the )?(?:duties|responsibilities) )?(?:are )?as (?:agreed|"
                       r"discussed) (?:with|at|by)\b|"
                       # "to be confirmed" alone, or of the duties: not a span's ("Span of
                       # control: to be confirmed" beside a text that says the post has no
                       # line management, JDs round 42)
                       r"^\W*to be confirmed\W*$|\b(?:duties|details|responsibilities|job "
                       r"description|role profile|tasks|purpose|accountabilities|content)\b"
                       r"[^.\n]{0,60}\bto be confirmed\b",
                       re.IGNORECASE | re.MULTILINE)
# A text of any length that says its duties are in a document it does not hold ("The main
# duties of the post are set out in the generic PSO job description, which is attached to the
# advert as a separate document": a recruitment pack of everything but them, round 43)
# JDs, round 63 (an annex to a generic role profile): the "core" or "generic" duties too, and
# said of the profile ("to be read with the generic PSO role profile, which sets out the core
# duties of the grade") or as a label's answer ("Core duties: see the generic PSO role profile")
_ELSEWHERE_DOCUMENT = (r"\b(?:job descriptions?|jds?|role profiles?|profiles?|job specs?|"
                       r"documents?|attachments?|enclosures?)\b")
_DUTIES_ELSEWHERE = re.compile(
    r"(?im)(?:^[^\w\n]*|(?<=[.!?] ))(?:the )?(?:(?:main|key|principal|full|detailed|core|"
    r"generic|standard|common) ){0,2}(?:duties|"
    r"responsibilities)(?: of (?:this|the) (?:post|role|job|grade))? (?:are|is) (?:set out|"
    r"described|detailed|listed|specified|contained|given) in (?P<where>(?:the |a |our )?"
    rf"[^.\n]{{0,80}}?{_ELSEWHERE_DOCUMENT}[^.\n]{{0,80}})|"
    r"^[^\w\n]*(?:core |generic |main |standard |key )?(?:duties|responsibilities)\W{1,4}"
    rf"(?:see|refer to) (?P<seen>(?:the |a |our )?[^.\n]{{0,80}}?{_ELSEWHERE_DOCUMENT}"
    r"[^.\n]{0,80})|"
    # JDs round 68, P3: "Duties as per the generic PSO job description" after an opening
    # paragraph, and a post written as another's with its differences ("As the Probation
    # Officer job description, except:")
    r"^[^\w\n]*(?:(?:main|key|core|generic|standard) )?(?:duties|responsibilities)(?: are)? as "
    rf"(?:per|in|set out in) (?P<per>(?:the |a |our )?[^.\n]{{0,80}}?{_ELSEWHERE_DOCUMENT})|"
    rf"^[^\w\n]*as (?:per |in )?(?:the |a |our )(?P<like>[^.\n]{{0,80}}?{_ELSEWHERE_DOCUMENT})"
    r"[^.\n]{0,40}?(?:,? (?:except|but|apart from|save|other than|with the (?:exception|"
    r"following|differences))\b|:[ \t]*$)|"
    r"\bread(?: (?:this|the) (?:annex|appendix|addendum|schedule|document))? "
    rf"(?:with|alongside|in conjunction with) (?P<read>(?:the |a |our )?[^.\n]{{0,80}}?"
    rf"{_ELSEWHERE_DOCUMENT}[^.\n]{{0,80}}?),?\s+which\s+(?:sets|set)\s+out\s+the\s+"
    r"(?:(?:main|key|principal|core|generic|standard|common)\s+){0,2}(?:duties|responsibilities)")
# how `unreadable` opens for such a text: its own words are read and judged; the notice says
# so (review of session 50, P9)
DUTIES_ELSEWHERE_SAID = "says its duties are in another document"
_ITSELF = re.compile(r"(?i)\b(?:this|these|below|above|following|here|overleaf)\b")
_LETTERS = re.compile(r"[^\W\d_]+")
# A template's placeholder left unfilled ("[Insert main duties]", "<insert region>", "[To be
# added]"), and a Markdown heading's line
_PLACEHOLDER = re.compile(r"(?i)[\[<{]\s*(?:insert|add|enter|type|to be (?:added|agreed|"
                          r"confirmed|inserted)|tbc|tba|placeholder)\b[^\[\]<>{}\n]{0,200}"
                          r"[\]>}]")
_HEADING_LINE = re.compile(r"(?m)^[ \t]{0,3}#{1,6}(?:[ \t].*)?$")  # (a bold line may be a duty)
# A placeholder among a template's filled-in words (JDs round 68, P7: "a caseload of XX cases
# including [risk levels]"): `_PLACEHOLDER`'s, a merge field ("{{grade}}", "\u00abTeam\u00bb"),
# a short bracketed phrase that ends in a word standing for a value to come ("[number]",
# "[risk levels]", "[team name]": not a link's "[text](url)" or "[text][1]", nor a tick box's
# "[x]"), and "XX" for a number; not a form's blank to sign ("Signed: ______": every JD has
# one). In angle brackets ("<insert team name>", "<<team name>>") a placeholder is an HTML tag
# to a Markdown reader, which shows nothing: looked for in the text as written, outside its
# comments.
_HOLE = re.compile(
    _PLACEHOLDER.pattern[4:] + r"|\{\{[^{}\n]{1,80}\}\}|\u00ab[\w.-]{1,60}\u00bb"
    # (a wiki-link's "[[...]]", and an editor's remark or insertion, "[see Annex B for grade]",
    # "[their local area]", are none: the review of session 53, P3)
    r"|(?<!\[)\[[ \t]*(?!(?:see|refer|as|per|cf|for|from|in|at|on|with|by|to|of|and|or|not|"
    r"e\.g|i\.e|including|excluding|the|a|an|their|his|her|its|our|your|this|that|these|those)"
    r"\b)(?P<label>(?:[^\W\d_][\w'-]{0,20}[ \t]+){0,4}(?:numbers?|no\.?|amount|figure|value|"
    r"names?|levels?|grade|band|team|unit|region|area|location|office|site|date|title|role|post|"
    r"manager|details|xx+|nn+|(?-i:N)))[ \t]*\](?![(\[:\]])"
    # "XX" for a number, not a Roman numeral's twenty ("Part XX", "Schedule XX")
    r"|(?<!\bpart )(?<!\bchapter )(?<!\bsection )(?<!\bschedule )(?<!\bannex )(?<!\barticle )"
    r"(?<!\bappendix )(?<!\bvolume )(?<!\bparagraph )(?<![\w-])(?-i:XX+|xx+)(?![\w-])",
    re.IGNORECASE)
# a Markdown link's label defined in the text ("[team]: https://..."), which a bare "[team]"
# links to: a link, not a placeholder
_LINK_LABEL = re.compile(r"(?m)^[ \t]{0,3}\[([^\[\]\n]{1,100})\]:[ \t]*\S")
_HOLE_IN_ANGLES = re.compile(r"(?i)<<[^<>\n]{1,80}>>|<\s*(?:insert|add|enter|type|to be "
                             r"(?:added|agreed|confirmed|inserted)|tbc|tba|placeholder)\b"
                             r"[^<>\n]{0,200}>")


def unfilled_placeholders(text: str | None) -> tuple[int, ...]:
    """The lines (from 1) of `text` that hold a template's placeholder among words filled in
    ("Manage a caseload of XX cases including [risk levels]"), as the text shows (`as_shown`:
    not in a comment, not struck out): what it stands for was not given, so a rule reading
    the text could not judge it, and should say so (JDs round 68, P7). A text of nothing but
    placeholders is `unreadable`."""
    if not text or not any(c in text for c in "[<{\u00abXx"):
        return ()
    labels = {" ".join(m.group(1).lower().split()) for m in _LINK_LABEL.finditer(text)
              } if "]:" in text else set()  # fmt: skip

    def hole(row: str) -> bool:
        return any(m.group("label") is None or " ".join(m.group("label").lower().split())
                   not in labels for m in _HOLE.finditer(row))  # fmt: skip

    shown = as_shown(text).split("\n")
    written = (_without_comments(text) if "<!--" in text else text).split("\n")
    return tuple(i for i, row in enumerate(shown, 1) if hole(row) or (
        i <= len(written) and "<" in written[i - 1] and _HOLE_IN_ANGLES.search(written[i - 1])))


@functools.lru_cache(maxsize=64)  # each rule that reads a text asks of it (a JD: eight)
def unreadable(text: str | None) -> str | None:
    """Why a text cannot be read for duties, or None: it has no words ("has no text"), stands
    for a document not given ("Please see the attached job description (PSO_JD.pdf)"), or has
    no word of English (the patterns read English). A rule that reads such a text says it did
    not judge it (`notices.unreadable_notice`): nothing found in it is not "checked, and
    fine"."""
    words = _LETTERS.findall(text.lower()) if text else []
    if not words:
        return "has no text"
    if len(words) < ATTACHED_BELOW and (named := _DOCUMENT.search(text or "") or _ATTACHED.search(
            text or "") or _ATTACHED.search(_HEADING_LINE.sub("", text or "").lstrip())
            ) is not None:  # fmt: skip
        # (read under its headings: "## Main duties" over "The duties of this post are set
        # out in the national PSO job description" opens with the line)
        said = " ".join(named.group(0).split())
        return f'only points to another document, or to one to come ("{said}"), which is not given'
    if (named := _DUTIES_ELSEWHERE.search(text or "")) is not None and not _ITSELF.search(
            named.group("where") or named.group("seen") or named.group("read")
            or named.group("per") or named.group("like")
            ):  # ("set out in the job description below": itself)  # fmt: skip
        said = " ".join(named.group(0).strip(" \t*_-").split())
        return f'{DUTIES_ELSEWHERE_SAID} ("{said}"), which is not given'
    if len(words) >= ENGLISH_FROM and _ENGLISH.isdisjoint(words):
        return "has no word of English (the patterns read English)"
    # what a conversion or a template leaves with nothing filled in: a page's numbers and
    # markings ("OFFICIAL - SENSITIVE", "Page 1 of 2"), placeholders ("[Insert main duties]")
    # and headings (round 36)
    rest = _HEADING_LINE.sub("", _PLACEHOLDER.sub(" ", text or ""))
    if not any(_LETTERS.search(line) and not _PAGE_FURNITURE.fullmatch(line.strip())
               for line in rest.splitlines()):  # fmt: skip
        return ("holds only a page's numbers and markings, headings, or a template's "
                "placeholders not filled in")
    # English in its headings alone: its duties, in lines of some length, are in another
    # language (Welsh under "## Main duties": review 42)
    long = [read for line in (text or "").splitlines()
            if len(read := _LETTERS.findall(line.lower())) >= ENGLISH_FROM]  # fmt: skip
    if long and all(_ENGLISH.isdisjoint(read) for read in long):
        return "has no sentence in English, only its headings (the patterns read English)"
    return None


# What starts a part of a text judged on its own by `not_in_english`: a heading, a bulleted
# item, a block quote's mark (taken off first); and a line that goes on a paragraph unless the
# line before ended a sentence and this one starts another (a Welsh line over its English one,
# with no blank between: JDs round 59)
_HEADING_START = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]|$)")
_QUOTE_MARKS = re.compile(r"[ \t]*(?:>[ \t]?)+")
_ENDS_SENTENCE = re.compile(r"[.!?][\"')\]\u201d\u2019*_]*$")
_STARTS_SENTENCE = re.compile(r"[*_]*[A-Z0-9\u00c0-\u024f\"'(\[\u201c\u2018]")
# a postcode: a line that holds one is an address, not a duty
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")


@functools.lru_cache(maxsize=64)  # each rule that reads a text asks of it, as of `unreadable`
def not_in_english(text: str | None) -> tuple[tuple[int, int], ...]:
    """The lines of a text, read in English where it can be, that hold a part long enough to
    give a duty and not in English: each run of them as (first, last), counted from 0, runs
    apart by blank lines alone taken as one. A part is a paragraph (up to a blank line, a
    heading, a bulleted item, or a sentence ended at a line's end with the next line starting
    another), a heading, or a table's cell; it is not in English as a whole text is not
    (`unreadable`): of ENGLISH_FROM words or more, none of them English. Words in capitals
    ("MAPPA", "PSO") and the "x" of "4 x PSO" count towards no length: "5 x SPO, 31 x PO"
    is a count, in any language; and a part with fewer than PROSE_WORDS words in lower case is
    a list of names, places or dates, not prose. So a Welsh paragraph or cell beside its
    English is named, while a bilingual title, a label ("Rheoli llinell / Line management:
    Dim / None"), a name or an address is not. `notices.unreadable_notice` says the lines
    were not read."""
    if not text:
        return ()
    parts: list[tuple[int, int, str]] = []  # (first line, last line, text)
    para: list[int] = []
    said: list[str] = []

    def end() -> None:
        if para:
            parts.append((para[0], para[-1], " ".join(said)))
        para.clear()
        said.clear()

    rows = as_shown(text).split("\n")
    for at, raw in enumerate(rows):
        row = _QUOTE_MARKS.sub("", raw, count=1) if raw.lstrip().startswith(">") else raw
        line = row.strip()
        if not line:
            end()
        elif line.startswith("|") or "\t" in line:  # a table's row: each cell on its own
            end()
            parts.extend((at, at, cell) for cell in re.split(r"\||\t+", line))
        elif _HEADING_START.match(row):
            end()
            parts.append((at, at, line))
        else:
            if _BULLET.match(line) or (said and _ENDS_SENTENCE.search(said[-1])
                                       and _STARTS_SENTENCE.match(line)):  # fmt: skip
                end()
            para.append(at)
            said.append(line)
    end()
    runs: list[list[int]] = []
    for first, last, part in parts:
        words = _LETTERS.findall(part)
        if (sum(1 for w in words if w != "x" and not w.isupper()) < ENGLISH_FROM
                or sum(1 for w in words if w[0].islower() and w != "x") < PROSE_WORDS
                or not _ENGLISH.isdisjoint(w.lower() for w in words)
                or _POSTCODE.search(part)):  # fmt: skip
            continue
        if runs and (runs[-1][1] >= first or not any(
                rows[between].strip() for between in range(runs[-1][1] + 1, first))):
            runs[-1][1] = max(runs[-1][1], last)
        else:
            runs.append([first, last])
    return tuple((first, last) for first, last in runs)


def _unlabelled(words: Sequence[str], labels: tuple[str, ...], text: str = "") -> Sequence[str]:
    """The words after an FAQ's label ("Q: Will I ...?", "A: No."), or a chat's speaker in
    `text` ("Jo Bell (SPO): can you take on ...?", "Sam Lee (PSO): No.": JDs, round 49), or all
    of them."""
    if len(words) > 2 and words[0] in labels and words[1] == ":":
        return words[2:]
    return words[_speaker(text, words):]


# A chat's speaker: a name of up to four words, a role in brackets, a colon
_SPEAKER = re.compile(r"\s*[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3}"
                      r"\s*\([^()]{1,40}\)\s*:")


def _speaker(text: str, words: Sequence[str]) -> int:
    """How many of `words` (those of `text`) name a chat's speaker at its start; 0 if none."""
    found = _SPEAKER.match(text) if text and "(" in text[:80] else None
    if found is None:
        return 0
    count = len(_words(found.group(0)))
    return count if count < len(words) and words[count - 1] == ":" else 0


def _asked_only(out: list[Sentence], line: int) -> None:
    """A question set as a heading (a bold line alone, `### Will I ...?`) and answered no
    under it: the question as read on its own line, read as quoted (JDs, round 58: an FAQ's
    "**Will I hold high-risk cases?**" over "Absolutely not." gave 7a)."""
    for n in range(len(out) - 1, -1, -1):
        if set(out[n].lines) == {line}:
            out[n] = out[n]._replace(quoted=(True,) * len(out[n].words))
            return
        if out[n].lines and out[n].lines[-1] < line:
            return


def _answered(found: list[Sentence], titles: set[int] | None = None,
              items: set[int] | None = None) -> list[Sentence]:
    """A question followed by a short sentence is read with it as its answer, joined by `:`
    ("Does the post have line management responsibility? No" reads as a label and its value).
    So is a title as a word processor writes one (`titles`: its line) with a value under it,
    as a Markdown heading is ("LINE MANAGEMENT RESPONSIBILITIES" over "NONE"): a value of
    TITLE_VALUE words at most, no sentence (no closing stop) and no bulleted item (`items`).
    An answer is no question: "Why join us?" over "Line management responsibility? No" leaves
    the second question its own answer, and a run of short questions ("A? A? A? ...") is read
    in time in proportion to its length, not its square (each was the answer to the one
    before, which was then a question again)."""
    out: list[Sentence] = []
    for s in found:
        last = out[-1] if out else None
        if (last is not None and not _a_question(s.text) and (
                len(s.words) - _speaker(s.text, s.words) <= SHORT_VALUE
                or (_a_question(last.text) and _direct(s.words)))
                and (_a_question(last.text) or (
                    titles and ":" not in last.words and last.lines and set(last.lines) <= titles
                    and len(s.words) <= TITLE_VALUE and s.text.rstrip()[-1:] not in ".!;"
                    and not (items and s.line in items)))):  # fmt: skip
            asked = ((True,) * len(last.words) if _a_question(last.text)
                     and _answered_no(last.words, s.words, last.text, s.text)
                     else last.quoted)  # fmt: skip
            quoted = ((*(asked or (False,) * len(last.words)), False,
                       *(s.quoted or (False,) * len(s.words))) if asked or s.quoted
                      else ())  # fmt: skip
            out[-1] = Sentence(f"{last.text} {s.text}", (*last.words, ":", *s.words),
                               (*last.lines, s.line, *s.lines), quoted,
                               section=last.section)  # fmt: skip
        else:
            out.append(s)
    return out


_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or",
                          "the", "to", "with", "&"})  # fmt: skip
TITLE_WORDS = 6  # words: a plain line this short may be a title
TITLE_VALUE = 3  # words: a value this short under a title is read with it ("NONE", "Yes")


def _in_title_case(words: Sequence[str]) -> bool:
    """Whether `words` (`_TITLE_WORD`'s) are in Title Case or capitals: each but the small
    words ("of", "and") starts with a capital."""
    return all(w[0].isupper() for w in words if w.lower() not in _SMALL_WORDS)


def _a_sentence(title: str) -> bool:
    """Whether a heading's or a bold line's title is written as a sentence: it ends as one
    ("**The post holder will manage ... harm.**"), or it opens as a duty does ("### The post
    holder will hold ..."). Such a line is read as a sentence too; a topic ("Working with high
    risk cases and partner agencies", "Main duties:") is not."""
    text = title.strip()
    if not text or text.endswith(":"):
        return False
    if text[-1] in ".!;":
        return len(_words(text)) > 2
    words = _words(text)
    return len(words) > 2 and (_DUTY_OPENS.match(text) is not None or words[0] in _IMPERATIVES
                               or not _MODALS.isdisjoint(words))


# A title that is a duty: an imperative ("**Manage cases assessed as high risk of serious
# harm**") or a sentence with a modal verb ("**You'll manage ...**", "**As a PSO you will
# ...**"). A topic ("Working with high risk cases") is neither.
_IMPERATIVES = frozenset({
    "manage", "hold", "supervise", "prepare", "write", "complete", "carry", "undertake",
    "deliver", "provide", "assess", "oversee", "ensure", "maintain", "attend", "coordinate",
    "co-ordinate", "facilitate", "allocate", "chair", "conduct", "produce",
})  # (not a word a topic opens with as well: "Support ...", "Work ...", "Line Management ...")
_MODALS = frozenset({"will", "must", "shall", "you'll", "we'll", "they'll", "should", "may",
                     "can"})  # fmt: skip


# how a duty written as a sentence opens: the post, then what it will or must do
_DUTY_OPENS = re.compile(r"(?i)(?:the\s+)?(?:post\s*holder|job\s*holder|role\s*holder|post|role|"
                         r"pso|pqip(?:\s+learner)?|learner|you)\s+(?:will|must|shall|is|are|may)\b")


def _title_line(body: str, rows: Sequence[str], after: int) -> bool:
    """Whether a plain line that starts a sentence is a title, as text saved from a word
    processor writes a heading: at most 6 words with no closing punctuation, and either in
    Title Case or capitals ("Person Specification", "ESSENTIAL CRITERIA") or followed by a
    bulleted line ("Essential criteria" over its list). The line is still read as a sentence
    (with the lines it runs on into); it also heads the sentences after it."""
    words = _TITLE_WORD.findall(body)
    if (not words or len(_words(body)) > TITLE_WORDS or not body[0].isupper()
            or body.rstrip()[-1] in ".!?;:,"):  # fmt: skip
        return False
    if _in_title_case(words) or _section_name(body):
        return True
    while after < len(rows) and not rows[after].strip():
        after += 1
    return after < len(rows) and _BULLET.match(rows[after].strip()) is not None


# A grid table's border, as pandoc writes one: "+------+-----+", "+======+=====+"
_GRID_BORDER = re.compile(r"\+(?:[-=:]+\+)+")


def _grid_rows(rows: list[str]) -> list[str]:
    """`rows` with each row of a grid table whose cells wrap over several lines read as one
    line ("| Prepare oral and written pre-sentence |" over "| reports, including ... |"), on
    its first line; the lines it takes the rest from are left empty. A row's lines lie between
    two borders (`+---+`) and have as many cells each; a cell's text is its lines' text, joined
    by spaces, each column on its own."""
    out = rows
    at = 0
    while at < len(rows):
        if _GRID_BORDER.fullmatch(rows[at].strip()) is None:
            at += 1
            continue
        end = at + 1
        while end < len(rows) and rows[end].strip().startswith("|"):
            end += 1
        lines = [rows[k].strip() for k in range(at + 1, end)]
        if (len(lines) > 1 and end < len(rows) and _GRID_BORDER.fullmatch(rows[end].strip())
                and all(line.endswith("|") for line in lines)):  # fmt: skip
            cells = [line[1:-1].split("|") for line in lines]
            if len({len(c) for c in cells}) == 1 and _wrapped_only(cells):
                if out is rows:
                    out = list(rows)
                joined = (" ".join(c[i].strip() for c in cells if c[i].strip())
                          for i in range(len(cells[0])))  # fmt: skip
                out[at + 1] = "| " + " | ".join(joined) + " |"
                for k in range(at + 2, end):
                    out[k] = ""
        at = end
    return out


def _wrapped_only(cells: list[list[str]]) -> bool:
    """Whether every column of a grid table's row is one text wrapped over its lines: no line
    of a cell after its first starts an item of a list, and no blank line parts two
    paragraphs (pandoc writes a Word cell's bullets and paragraphs so; each is read apart, as
    the row's lines are)."""
    for column in zip(*cells, strict=True):
        parts = [part.strip() for part in column]
        seen_blank = False
        for k, part in enumerate(parts):
            if not part:
                seen_blank = seen_blank or any(parts[:k])
            elif (k and _BULLET.match(part)) or seen_blank:
                return False
    return True


# What a PDF prints at a page's foot or head, inside a sentence that a page break cuts: "Page 1
# of 3", "1 / 3", "- 2 -", pdf-parse's "-- 1 of 2 --", Word's letter-spaced "2 | P a g e" (or
# "Page | 2"), a security marking ("OFFICIAL", "OFFICIAL-SENSITIVE"). JDs round 62.
_PAGE_FURNITURE = re.compile(r"(?i)page \d{1,3}( of \d{1,3})?|\d{1,3} ?/ ?\d{1,3}"
                             r"|-{1,2} ?\d{1,3}( of \d{1,3})? ?-{1,2}"
                             r"|\d{1,3} ?\| ?p ?a ?g ?e|p ?a ?g ?e ?\| ?\d{1,3}"
                             r"|official(\s*[-\u2013\u2014:]?\s*sensitive)?")
# The words a clause cannot end on: a line ending on one goes on in the next (prepositions,
# articles and possessives, conjunctions, a relative pronoun, a modal verb)
_GOES_ON_AFTER = frozenset({"of", "to", "and", "or", "the", "a", "an", "with", "for", "in", "on",
                            "by", "including", "include", "includes", "as", "from", "at",
                            "under", "into", "within", "across", "between", "about", "via",
                            "through", "towards", "than", "their", "your", "our", "its",
                            "every", "who", "whom", "whose", "will", "shall", "must"})
# ... but a list may follow these without a colon ("The main duties include" / "1. Hold ..."):
# a number wrapped to the next line's start is not read as running on from them
_LEADS_A_LIST = frozenset({"including", "include", "includes"})
# The words a clause goes on with and a list's item does not open with (prepositions,
# conjunctions, a relative pronoun): a line in lower case that opens so after a page break is
# the rest of the sentence the page cut ("... for people" / "Page 1 of 2" / "with a history of
# domestic abuse"); one that opens with any other word, a verb or a noun ("hold a caseload",
# "preparation of pre-sentence reports"), is a list's item whose bullet a conversion lost
# (review 33; the review of session 49)
_GOES_ON_WITH = frozenset({"of", "and", "or", "nor", "but", "with", "without", "for", "by",
                           "from", "at", "including", "under", "into", "within", "across",
                           "between", "via", "through", "towards", "than", "who", "whom",
                           "whose", "which"})
# ... and a past participle, which goes on the noun before it ("including for defendants" /
# "Page 2 of 3" / "assessed as posing a high risk ...": JDs round 62); a list's item opens with
# a verb's plain form or a noun ("proceed", "need", "embed" are no participles)
_PAST_PARTICIPLE = re.compile(r"[a-z]{4,}(?<!e)ed")


def _repeated(rows: Sequence[str], found: list[set[str]]) -> set[str]:
    """The lines of the text (stripped) that it holds more than once, as a PDF repeats its
    running head on each page; found once a text (`found`, empty until then)."""
    if not found:
        seen: set[str] = set()
        twice: set[str] = set()
        for row in rows:
            line = row.strip()
            if line:
                (twice if line in seen else seen).add(line)
        found.append(twice)
    return found[0]


PAGE_BREAK_ROWS = 12  # the rows a page break may take, at most


def _mid_sentence(rows: Sequence[str], at: int, going_on: bool) -> bool:
    """Whether row `at`, which holds a tab, is a line of a sentence written over lines rather
    than a table's row saved as text: a sentence goes on into it from a line with no tab
    (`going_on`), or it goes on into the next line, one with no tab that starts in lower case.
    A table saved as text has a tab in each of its rows."""
    before = rows[at - 1] if at else ""
    after = rows[at + 1].strip() if at + 1 < len(rows) else ""
    return (going_on and "\t" not in before) or (
        bool(after) and "\t" not in rows[at + 1] and after[:1].islower())


def _goes_on(last: str, rows: Sequence[str], after: int, repeats: list[set[str]]) -> bool:
    """Whether a sentence whose last line so far is `last` goes on past the blank line (and a
    page's number, marking or running head) at `after`, into a next line of text that starts
    no list item or heading. It does when the line ends on a word no clause ends on ("...
    people convicted of"): into a line in lower case past blank lines ("sexual offences, once
    ..."), and into any line past a page's number, marking or running head ("managed under" /
    "Page 2 of 4" / "Multi-Agency Public Protection Arrangements", "line manage a team of" /
    "Page 2 of 3" / "9 PSOs": JDs round 62). After any other word but a stop, it does only
    where a page's number, marking or running head stands between the two halves and the next
    starts with a number ("You will line manage" / "Page 2 of 3" / "9 PSOs") or with a word a
    clause goes on with and no list's item opens with (`_GOES_ON_WITH`: "... for people" /
    "Page 1 of 2" / "with a history of domestic abuse"; a past participle: "including for
    defendants" / "Page 2 of 3" / "assessed as posing ..."), or the halves cut a term in two
    ("line" / "Page 2 of 3" / "manage a team"). A line that has no stop is not enough: one in
    lower case that opens otherwise, with a verb or a noun, is a list's item whose bullet a
    conversion lost, read apart ("... no line management responsibility" / "Page 2 of 3" /
    "hold a caseload ...": review 33; "Not case holding" / "Page 1 of 2" / "preparation of
    pre-sentence reports ...": the review of session 49)."""
    words = last.rstrip().rsplit(None, 1)
    if not words or words[-1][-1:] in ".!?:;" or _heading(last.strip()) is not None:
        return False
    mid_clause = words[-1].lower() in _GOES_ON_AFTER
    furniture = False
    # a page break is a few lines (a footer, a page number, a running head, blank lines): a
    # look no further keeps a text of 40,000 repeated lines from being walked once a line
    end = min(len(rows), after + PAGE_BREAK_ROWS)
    while after < end and (not (line := rows[after].strip())
                           or _PAGE_FURNITURE.fullmatch(line)
                           or line in _repeated(rows, repeats)):  # fmt: skip
        furniture = furniture or bool(line)  # a page's furniture between the two halves
        after += 1
    if after >= end:
        return False
    nxt = rows[after].strip()
    if _BULLET.match(nxt) is not None or _heading(nxt) is not None:
        return False
    first = nxt.split(None, 1)[0].lower().strip(",.;:*_") if nxt else ""
    if furniture and (words[-1].lower().strip(",*_"), first) in _TERMS_CUT:
        return True
    if mid_clause:
        return furniture or nxt[:1].islower()
    return furniture and (nxt[:1].isdigit() or (nxt[:1].islower() and (
        first in _GOES_ON_WITH or _PAST_PARTICIPLE.fullmatch(first) is not None)))


# Terms a page break may cut in two, each as (its first word, its next): the halves are read
# as one sentence when a page's furniture stands between them
_TERMS_CUT = frozenset({
    ("domestic", "abuse"), ("domestic", "violence"), ("high", "risk"), ("very", "high"),
    ("serious", "harm"), ("sexual", "offending"), ("sexual", "offences"), ("sexual", "offence"),
    ("child", "protection"), ("mental", "health"), ("safeguarding", "concerns"),
    ("line", "manage"), ("line", "manages"), ("line", "management"), ("line", "managing"),
    ("direct", "reports"), ("span", "of"), ("pre-sentence", "reports"),
    ("pre-sentence", "report"), ("mappa", "level"), ("organised", "crime"),
    ("terrorism", "related"), ("risk", "of"), ("likelihood", "of")})


# A fenced code block's opening fence: three or more backticks or tildes
_FENCE = re.compile(r"(`{3,}(?=[^`]*\Z)|~{3,})")  # (``` x ``` on one line: inline code)


# A template's example left in square brackets where the value should be ("**Span of control:**
# [e.g., 6-8 direct reports - confirm with HR]"): a hint to whoever fills the template in, not
# what the post is given; read as nothing (JDs, round 55), where it is the whole value.
_EXAMPLE = re.compile(r"(?i)\[\s*(?:e\.\s?g\b\.?|eg\b|for example\b|example\s*:)[^\[\]\n]{0,200}\]")


def _blanked_value(match: re.Match[str]) -> str:
    """The example read as nothing where it is all of a line's value (after a label's colon,
    a bullet, or alone); inside a duty it is the duty's ("Hold a mixed caseload [e.g. people
    assessed as high risk]": the review of session 45)."""
    row = match.string
    before, after = row[: match.start()].rstrip(" \t*_"), row[match.end():].strip(" \t*_.")
    if after or not (before.endswith(":") or _BULLET_ONLY.fullmatch(before)):
        return match.group()
    return " " * len(match.group())


_BULLET_ONLY = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])?[ \t]*")


# An organisation chart drawn in a code block, as a tree ("Head of PDU" over "├── SPO (this
# post)" over "│   └── PO x 6"): the glyphs that draw its branches, a line's depth being where
# its text starts after them; a dashed branch (`┄`, `╌`) or a "dotted line" is no line
# management. Round 54 of the held-out job descriptions.
_TREE_GLYPHS = "│├└┬┴┼─┌┐┘┤╰╭╴╶┄┈╌┆┊╎|+`\\"
_TREE_BRANCH = re.compile("[ \t]*(?:[│|][ \t]*)*[├└╰+`\\\\|][─\\-\u2013┄┈╌]+[ \t>]*\\w")
# ... and what makes a block a grid, not a tree: a table's border (`+-----+-----+`, a box's
# `┌────┐`), which a table in a code block or a top-down chart draws (the review of session
# 45: a PSO's "Caseload | ... high risk" row in a grid was dropped as another post's)
_GRID_BORDER = re.compile("[ \t]*[+┌└├┬┼][-=─:+┬┴┼┐┘┤ \t]*[+┐┘┤┬┴┼][ \t]*")
_TREE_DEPTH = re.compile("[ \t" + re.escape(_TREE_GLYPHS) + "\\-\u2013>:]*")
_DOTTED = re.compile(r"[┄┈╌┆┊╎]|\bdotted[- ]?lines?\b|\bmatrix\b|\bdotted\b", re.I)
# the chart's node of the post itself: "SPO (this post)", "PO ← you are here"
_THIS_POST = re.compile(r"\b(?:this|the) (?:post|role|position|job)\b|\bpost ?holder\b"
                        r"|\byou are here\b|\(you\)|[←<]-*\s*you\b", re.I)
# a node that is several posts, this one among them ("SPO x 5 (including this post)", "SPO
# x 4 (this post is one of them)")
_SEVERAL = re.compile("(?:^|\\s)(?:[x\u00d7]\\s*(?:[2-9]|\\d\\d)|(?:[2-9]|\\d\\d)\\s*[x\u00d7])"
                      r"(?:\s|$|\))|\bone of\b|\bincluding\b|\bamong\b", re.I)
_COUNT_IN_NODE = re.compile("(?:^|\\s)(?:[x\u00d7]\\s*\\d+|\\d+\\s*[x\u00d7])(?:\\s|$|\\))", re.I)


def _others_in_charts(rows: Sequence[str]) -> set[int]:
    """The rows of code blocks not read as the post's text: a ```diff block's lines taken out
    (`-`), and, in drawn organisation charts, the other posts than the job description's own:
    where a tree marks the post's node ("(this post)"), every node outside it and the branches
    under it (its manager, its peers and their teams), a dashed or dotted branch and what hangs
    from it, and, where the post's node is several posts ("SPO x 5 (including this post)"), its
    own count and the teams under it (shared among them). A chart with no node marked, a grid
    table and a top-down chart of boxes are read as they are. Rows are offsets into `rows`."""
    out: set[int] = set()
    block: list[int] = []
    fence = ""
    diff = False  # a ```diff block: its lines marked `-` are text taken out (round 56)
    for at, row in enumerate(rows):
        body = row.strip()
        if fence:
            if body.startswith(fence[0] * len(fence)) and not body.strip(fence[0]):
                fence = ""
                out.update(_others_in_tree(rows, block))
                block = []
            else:
                block.append(at)
                if diff and body.startswith("-") and not body.startswith("---"):
                    out.add(at)
        elif (opened := _FENCE.match(body)) is not None:
            fence = opened.group(1)
            diff = body[len(fence):].strip().lower() in ("diff", "patch")
    return out


def _others_in_tree(rows: Sequence[str], block: list[int]) -> set[int]:
    drawn = [at for at in block if _TREE_BRANCH.match(rows[at])]
    marked = [at for at in block if _THIS_POST.search(rows[at])]
    if len(drawn) < 2 or len(marked) != 1 or any(_GRID_BORDER.fullmatch(rows[at])
                                                 for at in block):  # fmt: skip
        return set()
    post = marked[0]
    texts = [at for at in block if _words(rows[at])]
    # the post's node is a drawn one, or the tree's root right over one ("Where this post
    # sits:" over the chart is its title, no node: the review of session 45)
    if post not in drawn and not (post == texts[0] and len(texts) > 1 and texts[1] in drawn
                                  and not rows[post].rstrip(" *_").endswith(":")):  # fmt: skip
        return set()
    nodes = [(at, len(_TREE_DEPTH.match(rows[at].expandtabs(4)).group()))  # type: ignore[union-attr]
             for at in texts]  # (a tab as deep as four blanks, as an editor shows it)
    depth = next(d for at, d in nodes if at == post)
    under: list[int] = []  # the rows of the post's branch
    cut = -1  # the depth below which a dotted branch's rows are cut off
    for at, d in nodes:
        if at <= post:
            continue
        if d <= depth:
            break
        if cut >= 0 and d > cut:
            continue
        cut = d if _DOTTED.search(rows[at]) else -1
        if cut < 0:
            under.append(at)
    others = {at for at, _ in nodes if at != post and at not in under}
    if _SEVERAL.search(_THIS_POST.sub(" ", rows[post])):
        others.update(under)
        if _COUNT_IN_NODE.search(rows[post]):
            others.add(post)
    return others


# A setext heading's underline ("Line management" over "===============")
_UNDERLINE = re.compile(r"(=+|-{2,})\s*")


def _setext_title(body: str, rows: Sequence[str], at: int) -> str | None:
    """The title of a setext heading, as pandoc writes a level 1 or 2 heading ("3. Line
    management" over a line of `=`), or None: a line alone in its paragraph (a blank line, or
    nothing, before it) with a line of `=` or `-` right under it (`_underline_level`). A `---`
    after a blank line is a thematic break, not an underline."""
    if not _underline_level(rows, at) or (at and rows[at - 1].strip()) or (
            _BULLET.match(body) and not _NUMBERED.match(body)) or (
            body.rstrip("*_ ")[-1:] in ".!?;,"):  # fmt: skip
        return None  # (a sentence over `---` is read as one: a rule under a paragraph)
    numbered = _NUMBERED.fullmatch(body)
    title = (numbered.group(2) if numbered else body).strip().strip("*_: ")
    return title if _words(title) else None


def _underline_level(rows: Sequence[str], at: int) -> int:
    """1 when the row after `at` underlines it with `=`, 2 with `-`, else 0."""
    if at + 1 >= len(rows) or (mark := _UNDERLINE.fullmatch(rows[at + 1].strip())) is None:
        return 0
    return 1 if mark.group(1)[0] == "=" else 2


# A numbered line, as Word numbers its headings: "2. Line Management", "3.2 Supervision"
_NUMBERED = re.compile(r"([0-9]{1,2}(?:\.[0-9]{1,2})*)[.)]?\s+(\S.*)")


def _numbered_heading(body: str, rows: Sequence[str], after: int) -> str | None:
    """The title of a numbered heading as Word numbers one ("2. Line Management" over "2.1 The
    post has no direct reports."), or None: a short line in Title Case (TITLE_WORDS at most,
    no closing punctuation) whose next line is numbered under it (its number and `.1`). Its
    own line numbers a duty ("1. Line management of the case administration team.", "1. Line
    manage the two Case Administrators") when it ends as a sentence, is not in Title Case, or
    no line numbered under it follows."""
    numbered = _NUMBERED.fullmatch(body)
    if numbered is None:
        return None
    number, title = numbered.groups()
    title = title.strip()
    if (len(_words(title)) > TITLE_WORDS or not title[0].isupper()
            or title.rstrip("*_ ")[-1:] in ".!?;,"
            or not (_in_title_case(_TITLE_WORD.findall(title)) or _section_name(title))):
        return None  # ("1. Line manage the two Case Administrators" numbers a duty)
    while after < len(rows) and not rows[after].strip():
        after += 1
    below = rows[after].strip() if after < len(rows) else ""
    if not below.startswith(number + ".") or not below[len(number) + 1 : len(number) + 2].isdigit():
        return None
    return title.strip("*_: ")


# The last word of a section's name in sentence case, as GOV.UK's style writes headings ("4.
# Line management" over "4.1 The secondee will remain line managed by ...": JDs, round 49)
_SECTION_NOUNS = frozenset({"management", "responsibilities", "responsibility", "duties",
                            "accountabilities", "purpose", "arrangements", "supervision",
                            "relationships", "requirements", "criteria", "summary", "scope",
                            "dimensions", "reporting", "structure", "lines"})  # fmt: skip


def _section_name(title: str) -> bool:
    """Whether `title`, not in Title Case, is a section's name: at most 4 words, the last of
    them a noun that names a section ("Line management", "Key responsibilities"), and none a
    verb, a preposition or a denial that makes it a duty or a value ("Provide line
    management", "Responsible for line management", "No line management": the review of
    session 42)."""
    words = _words(title)
    return (0 < len(words) <= 4 and words[-1] in _SECTION_NOUNS
            and _NOT_SECTION_WORDS.isdisjoint(words))  # fmt: skip


_NOT_SECTION_WORDS = frozenset({
    "for", "of", "to", "with", "in", "on", "by", "will", "must", "shall", "may", "can", "be",
    "is", "are", "has", "have", "you", "we", "i", "the", "a", "an", "all", "any", "some", "no",
    "not", "none", "nil", "without", "provide", "provides", "providing", "undertake",
    "undertakes", "deliver", "delivers", "ensure", "ensures", "support", "supports", "lead",
    "leads", "oversee", "oversees", "carry", "carries", "give", "gives", "offer", "offers",
    "take", "takes", "manage", "manages", "managing", "responsible", "accountable",
    "including", "includes", "plus", "and", "or"})  # fmt: skip


def _heading(line: str) -> str | None:
    """The title of a heading line, or None if the line is not one."""
    if (md := _HEADING.match(line)) is not None:
        return line[md.end():].strip("#: ")
    if (bold := _BOLD_LINE.fullmatch(line)) is not None:
        title = bold.group(1)
        if ":" in title.rstrip(": ") and _LABEL.match(title) and _words(title.split(":", 1)[1]):
            return None  # a label and its value in bold: "**Direct reports: 6**"
        return title.strip(": ")
    if (label := _LABEL.fullmatch(line)) is not None:
        return label.group(0).strip("*_: ")
    return None


# ---------------------------------------------------------------------------------------------
# Phrases


class Word(NamedTuple):
    text: str
    prefix: bool  # `manag*`: any word that starts with `manag`

    def matches(self, word: str) -> bool:
        return word.startswith(self.text) if self.prefix else word == self.text


Alternative = tuple[Word, ...]  # consecutive words


class _Node:
    """A place in a trie of words: the words (and `*` prefixes) that go on from it, and
    whether an alternative ends there. A prefix is looked up by the word's own prefixes of
    the lengths the node holds, so a place costs a few look-ups whatever number of
    alternatives go through it."""

    __slots__ = ("exact", "final", "lengths", "prefixed")

    def __init__(self) -> None:
        self.exact: dict[str, _Node] = _NO_NODES
        self.prefixed: dict[str, _Node] = _NO_NODES
        self.lengths: tuple[int, ...] = ()  # of the prefixes, shortest first
        self.final = False

    def add(self, word: Word) -> _Node:
        """The node after `word`, made if new."""
        if word.prefix:
            if self.prefixed is _NO_NODES:
                self.prefixed = {}
            if word.text not in self.prefixed:
                self.prefixed[word.text] = _Node()
                self.lengths = tuple(sorted({*self.lengths, len(word.text)}))
            return self.prefixed[word.text]
        if self.exact is _NO_NODES:
            self.exact = {}
        if word.text not in self.exact:
            self.exact[word.text] = _Node()
        return self.exact[word.text]

    def after(self, word: str, into: list[_Node]) -> int:
        """Add to `into` the nodes `word` leads to from here; the look-ups it took."""
        found = self.exact.get(word)
        if found is not None:
            into.append(found)
        if not self.lengths:
            return 1
        size = len(word)
        looked = 1
        for length in self.lengths:
            if length > size:
                break
            looked += 1
            found = self.prefixed.get(word[:length])
            if found is not None:
                into.append(found)
        return looked


_NO_NODES: dict[str, _Node] = {}  # shared by the nodes that have none (never written to)


class Choice:
    """Alternatives for one place in a phrase (or one list of entries), walked together as a
    trie of their words: a position is tried once for each word of the alternatives that
    start alike, not once for each alternative."""

    __slots__ = ("_alts", "_root", "_written", "exact", "lengths", "prefixes")

    def __init__(self, alts: Sequence[Alternative]) -> None:
        self._alts: tuple[Alternative, ...] | None = tuple(dict.fromkeys(alts))
        self._written: tuple[str, ...] = ()
        # the first words, for the common case (a word no alternative starts with); the trie
        # is made when first walked (a run that reads no text makes none)
        self.exact = {alt[0].text for alt in self._alts if not alt[0].prefix}
        self.prefixes = {alt[0].text for alt in self._alts if alt[0].prefix}
        self.lengths = tuple(sorted(set(map(len, self.prefixes))))
        self._root: _Node | None = None

    @classmethod
    def written(cls, texts: Sequence[str]) -> Choice:
        """A choice of the alternatives `texts`, each written as the policy cache keeps it
        (`written_alternatives`): their words are made when first asked for, only their first
        words now. A job description walks few of the claim's 400 choices past their first
        word, so a cached policy loads without making its 40k words."""
        self = cls.__new__(cls)
        self._written = tuple(dict.fromkeys(texts))
        self._alts = None
        firsts = {text.partition(" ")[0] for text in self._written}
        self.exact = {w for w in firsts if not w.endswith("*")}
        self.prefixes = {w[:-1] for w in firsts if w.endswith("*")}
        if "" in self.exact or "" in self.prefixes:
            raise ValueError("an alternative without words")
        self.lengths = tuple(sorted(set(map(len, self.prefixes))))
        self._root = None
        return self

    @property
    def alts(self) -> tuple[Alternative, ...]:
        if self._alts is None:
            self._alts = tuple(tuple(Word(w[:-1], True) if w.endswith("*") else Word(w, False)
                                     for w in text.split(" ")) for text in self._written)
        return self._alts

    def written_alternatives(self) -> list[str]:
        """The alternatives, each its words joined by spaces, `*` after a prefix."""
        if self._alts is None:
            return list(self._written)
        return [" ".join(w.text + "*" * w.prefix for w in alt) for alt in self._alts]

    @property
    def root(self) -> _Node:
        if self._root is None:
            root = _Node()
            for alt in self.alts:
                node = root
                for word in alt:
                    node = node.add(word)
                node.final = True
            self._root = root
        return self._root

    def ends(self, words: Sequence[str], at: int) -> list[int]:
        """Where the alternatives found at `at` end, nearest first (each once)."""
        if at >= len(words):
            return []
        word = words[at]
        if not self.lengths and word not in self.exact:
            return []  # the common case: one dict look-up says no
        frontier: list[_Node] = []
        steps = self.root.after(word, frontier)
        out: list[int] = []
        end = at + 1
        count = len(words)
        while frontier:
            if any(node.final for node in frontier):
                out.append(end)
            if end >= count:
                break
            word = words[end]
            end += 1
            going: list[_Node] = []
            for node in frontier:
                steps += node.after(word, going)
            frontier = going
        _WORK[0] += steps
        return out

    def longest(self, words: Sequence[str], at: int) -> int:
        """How many words the longest alternative found at `at` covers (0: none is there)."""
        if not self.lengths and (at >= len(words) or words[at] not in self.exact):
            return 0  # the common case, a word no alternative starts with: no list made
        found = self.ends(words, at)
        return found[-1] - at if found else 0


GAP = None  # `...` in a phrase
Element = Choice | None  # one of several alternatives, or a gap


class Phrase(NamedTuple):
    source: str  # as written in the policy
    elements: tuple[Element, ...]


class Walk:
    """The phrases of a `finds` (or of an `unless inside`) walked together, as a trie of their
    places: phrases that start alike share the places they start with, so each position of a
    text is tried once for each place of the trie, not once for each phrase. Its nodes are
    numbered (0 the root); `edges` are (node, place, next node), `done` (node, phrase): the
    phrases (by index) that end at a node. Flat, so that a phrase of any length is no deeper
    to build or to cache than a short one. Its nodes are made when it is first walked, each
    node's index of words when the walk first gets there (a run that reads no text, or text
    that gets no further than a phrase's first words, makes no more)."""

    __slots__ = ("_nodes", "done", "edges")

    def __init__(self, edges: Sequence[tuple[int, Element, int]],
                 done: Sequence[tuple[int, int]]) -> None:  # fmt: skip
        self.edges = tuple(edges)
        self.done = tuple(done)
        self._nodes: list[_Place] = []

    @property
    def nodes(self) -> list[_Place]:
        if not self._nodes:
            size = 1 + max((e[2] for e in self.edges), default=0)
            nodes = [_Place() for _ in range(size)]
            for node, k in self.done:
                nodes[node].done.append(k)
            for node, element, child in self.edges:
                if element is None:
                    nodes[node].gaps.append(child)
                else:
                    nodes[node].going.append((element, child))
            self._nodes = nodes
        return self._nodes

    @classmethod
    def of(cls, phrases: Sequence[Phrase]) -> Walk:
        edges: list[tuple[int, Element, int]] = []
        done: list[tuple[int, int]] = []
        # (node, id of a place): the next node (the phrases hold their places while this runs)
        made: dict[tuple[int, int], int] = {}
        for k, phrase in enumerate(phrases):
            node = 0
            for element in phrase.elements:
                key = (node, id(element))
                if key not in made:
                    made[key] = len(made) + 1
                    edges.append((node, element, made[key]))
                node = made[key]
            done.append((node, k))
        return cls(edges, done)


class _Place:
    """One node of a `Walk`: the phrases that end there, the gaps and the places that go on
    from it (and the node each leads to), the places indexed by the words they can start with
    (`indexed`)."""

    __slots__ = ("done", "exact", "gaps", "going", "lengths", "prefixed", "ready")

    def __init__(self) -> None:
        self.done: list[int] = []
        self.gaps: list[int] = []
        self.going: list[tuple[Choice, int]] = []
        self.exact: dict[str, list[tuple[Choice, int]]] = {}
        self.prefixed: dict[str, list[tuple[Choice, int]]] = {}
        self.lengths: tuple[int, ...] = ()  # of the prefixes, shortest first
        self.ready = False

    def indexed(self) -> _Place:
        """This node, its places indexed by their first words."""
        if not self.ready:
            for element, child in self.going:
                for word in element.exact:
                    self.exact.setdefault(word, []).append((element, child))
                for prefix in element.prefixes:
                    self.prefixed.setdefault(prefix, []).append((element, child))
            self.lengths = tuple(sorted(set(map(len, self.prefixed))))
            self.ready = True
        return self

    def places(self, words: Sequence[str], at: set[int]) -> dict[int, Choice]:
        """The places (by the node they lead to) that can start at a position of `at`."""
        if not self.going:
            return {}
        if not self.ready:
            self.indexed()
        out: dict[int, Choice] = {}
        count = len(words)
        for p in at:
            if p >= count:
                continue
            word = words[p]
            for element, child in self.exact.get(word, ()):
                out[child] = element
            for length in self.lengths:
                if length > len(word):
                    break
                for element, child in self.prefixed.get(word[:length], ()):
                    out[child] = element
        return out


class Hit(NamedTuple):
    """Where a pattern was found: the sentence, the line of its first word, the phrase."""

    sentence: Sentence
    line: int
    phrase: str
    pattern: str
    words: str = ""  # the words the phrase matched, as read (lower case)
    # a negation that would have cancelled the match, and the words that made it lapse
    # (`negations lapse with`): ("not", "in exceptional circumstances"), or ()
    lapsed: tuple[str, str] | tuple[()] = ()
    # the words that stood for the heading over the sentence (`headings stand for`), and the
    # heading: ("these cases", "Cases assessed as high risk of serious harm", its line), or ()
    told: tuple[str, str, int] | tuple[()] = ()

    def fact(self, subject: str = "text") -> str:
        lapsed = (f'; "{self.lapsed[0]}" does not deny it, as "{self.lapsed[1]}" makes an '
                  f"exception" if self.lapsed else "")  # fmt: skip
        told = (f'; "{self.told[0]}" read as the heading "{self.told[1]}", line {self.told[2]}'
                if self.told else "")  # fmt: skip
        return (f'{subject} gives {self.pattern} (phrase "{self.phrase}" found "{self.words}", '
                f'line {self.line}{lapsed}{told}): "{self.sentence.quote()}"')  # fmt: skip


# The numbers a match may state in words (a policy's `{number}` list names them too)
_NUMBER_WORDS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"))}  # fmt: skip
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                      "eighty": 80, "ninety": 90, "dozen": 12, "single": 1})  # fmt: skip
_COUNTED_NUMBER = re.compile(r"x?([0-9]{1,6})")
_NOT_A_COUNT = frozenset({"band", "bands", "grade", "grades", "level", "levels"})


def stated(words: str) -> int | None:
    """The largest number a match's words state, in figures or in words ("line manage nine
    administrative officers": 9; "a team of 10-12": the top of the range, 12; HR's "x12": 12;
    "a single direct report": 1), or None. A number after "band", "grade" or "level" names
    a pay band or a level, not a count ("2 x Band 4 PSOs": 2)."""
    best: int | None = None
    read = words.split()
    for at, word in enumerate(read):
        if at and read[at - 1] in _NOT_A_COUNT:
            continue
        figures = _COUNTED_NUMBER.fullmatch(word)
        value = int(figures.group(1)) if figures is not None else _NUMBER_WORDS.get(word)
        if value is not None and (best is None or value > best):
            best = value
    return best


# The words of a heading that `headings stand for` reads in place of "these cases": the
# 480 job descriptions of the fixtures and of two rounds of review have headings of at most 7
# words; a longer one is prose set as a heading.
HEADING_STANDS_FOR = 40

# The words after a count of a list read to find where it ends (`TextMatcher._read_on`): its
# staff ("night support workers"), and an `unless inside` phrase or a negation after it
# ("... through the PDU's SPOs", "... who are line managed by their own SPOs").
READ_ON_WORDS = 16

# walls, stops, the length of the `objects end at` entry starting at each word, and the length
# of the wall (a clause end or a `gaps never cross` entry) starting at each word (0 where none)
Marks = tuple[Sequence[bool], Sequence[int], Sequence[int], Sequence[int]]

_NONE: frozenset[int] = frozenset()
_LAST: list[Any] = [None, None, None]  # the matcher, the text and the hit of the last read
# The steps of matching spent on the text being read, and how many it may take (see
# MAX_MATCH_STEPS): a trie node of a Choice or a Walk tried at a position is a step.
_WORK: list[int] = [0, 1 << 62]


def _words_read(said: Sequence[Sentence]) -> int:
    """How many words reading `said` reads: each sentence's, and a lead-in's twice (alone,
    then before the item) for each item it leads into; and one, so that never 0."""
    return 1 + sum(len(s.words) + (2 * len(s.lead.words) if s.lead is not None else 0)
                   for s in said)


# The lead-in last read alone (`TextMatcher._led`): the matcher, the lead-in, and whether it
# gave a match
_LEAD_READ: list[Any] = [None, None, False]
# `_LAST`, `_WORK` and `_LEAD_READ` are the reader's, one text at a time: a library
# caller's threads read in turn (one thread's reset of the steps could refuse another's text
# as too long to read, or leave it unbounded).
_READING = threading.RLock()


class TextMatcher(NamedTuple):
    """A compiled `pattern` declaration."""

    name: str
    finds: tuple[Phrase, ...]
    gap: int
    stops: Choice
    walls: Choice
    ends: Choice
    objects: Choice  # a gap that has covered a word ends at one of these (`objects end at`)
    before: Choice  # negations before a match (`unless after`)
    before_reach: int
    after: Choice  # negations after a match (`unless before`)
    after_reach: int
    inside: tuple[Phrase, ...]
    # the `finds` and `inside` phrases walked together (`Walk`)
    walk: Walk
    inside_walk: Walk
    unless_quoted: bool = False  # a match wholly inside quotation marks does not count
    # `unless under NAME`: a sentence in a section whose heading gives NAME gives nothing
    under: TextMatcher | None = None
    # `negations lapse with`: in the match's clause or opening the next, they undo a negation
    lapses: Choice | None = None
    # `headings stand for`: words that, in a sentence under a heading, are read as the heading
    anaphors: Choice | None = None
    # where the pattern is declared: a text it takes too long to read is refused there
    file: str = ""
    line: int = 0
    # `not past`: the words after a match are read for an `after` entry up to one of these
    after_stops: Choice | None = None
    # `unless under NAME until NAME`: a heading inside `under`'s section that ends what it covers
    under_until: TextMatcher | None = None
    # `counts add up when joined by`: what may stand between the counts of one list ("and"),
    # besides a comma, for `number in text gives` to add them up; None: never added up
    joins: Choice | None = None

    def first(self, text: str | None, first_line: int = 1) -> Hit | None:
        """The first match in `text` that no negation or `unless inside` phrase cancels;
        lines count from `first_line`. The last text read is remembered, so that a finding's
        explanation does not read its text a second time."""
        if not text:
            return None
        with _READING:
            owner, last, hit = _LAST
            if owner is not self or last != text:
                read: dict[int, bool] = {}  # each heading read once: by its id, while it lives
                said = _sentences_of(text)
                _WORK[:] = [0, MAX_MATCH_STEPS * _words_read(said)]
                try:
                    hit = next((h for s in said if not self._under(s.section, read)
                                and (h := self._read(s)) is not None), None)  # fmt: skip
                finally:
                    _WORK[1] = 1 << 62  # no bound on a sentence read on its own
                _LAST[:] = [self, text, hit]
        if hit is None or first_line == 1:
            return hit  # type: ignore[no-any-return]
        told = hit.told and (*hit.told[:2], hit.told[2] + first_line - 1)
        return hit._replace(line=hit.line + first_line - 1,  # type: ignore[no-any-return]
                            told=told)

    def gives(self, text: str | None) -> bool:
        return self.first(text) is not None

    def number(self, text: str | None) -> int | None:
        """`number in text gives NAME`: the largest number the matches in `text` state
        (`stated`), or None when none is found or none states one."""
        found = self.stating(text)
        return None if found is None else found[0]

    def stating(self, text: str | None, first_line: int = 1) -> tuple[int, Hit] | None:
        """The largest number the matches in `text` state, with the first match that states
        it; None when none states one. Every match of every sentence is read, to each place
        its phrase can end ("line manages 2 SAOs and 5 AOs" states 5 as well as 2), and with
        `counts add up when joined by`, the counts of one list are added up (`_counts`: 7)."""
        best: tuple[int, Hit] | None = None
        if not text or self.first(text) is None:
            return best
        read: dict[int, bool] = {}
        said = _sentences_of(text)
        with _READING:
            _WORK[:] = [0, MAX_MATCH_STEPS * _words_read(said)]
            try:
                for s in said:
                    if self._under(s.section, read) or (hit := self._read(s)) is None:
                        continue
                    for count, h in self._counts(hit):
                        if best is None or count > best[0]:
                            best = (count, h)
            finally:
                _WORK[1] = 1 << 62  # no bound on a sentence read on its own
        if best is None or first_line == 1:
            return best
        h = best[1]
        told = h.told and (*h.told[:2], h.told[2] + first_line - 1)
        return best[0], h._replace(line=h.line + first_line - 1, told=told)

    def _counts(self, hit: Hit) -> Iterator[tuple[int, Hit]]:
        """The numbers the sentence `hit` was found in states, each with its match: each
        match's (`stated`), to every place it can end; and, with `joins`, the sum of each list
        of counts, each but the first starting where the one before ends but for a comma or
        `joins` entries: "line manages 6 facilitators and 3 treatment managers" (9), "1 x SAO,
        4 x AO, 2 x Case Administrator" (7). A count is the last number of its match that
        names no band or level; the next is a count of its own match, or read on from the
        first's words (`_read_on`). A bracket joins nothing ("8 direct reports (6 PSOs, 2
        POs)"), so a total and its parts are not added."""
        if hit.told:  # the words read are the heading's: the match alone
            if (count := stated(hit.words)) is not None:
                yield count, hit
            return
        s = hit.sentence
        words = s.words
        items: dict[int, tuple[int, int, Hit]] = {}  # a count's place: its end, start, match
        for i, end, h in self._matches(s, every_end=True):
            if (count := stated(h.words)) is not None:
                yield count, h
            at = next((k for k in range(end - 1, i - 1, -1)
                       if stated(words[k]) is not None
                       and not (k and words[k - 1] in _NOT_A_COUNT)), None)  # fmt: skip
            if at is not None and at not in items:
                items[at] = (end, i, h)
            elif at is not None and end > items[at][0]:
                items[at] = (end, *items[at][1:])
        if self.joins is None:
            return
        listed: set[int] = set()  # the counts read as the next of a list (never a list's first)
        for at, (end, start, h) in sorted(items.items()):
            if at in listed:
                continue  # (a list read from its second count is smaller: counts are positive)
            total = stated(words[at])
            assert total is not None
            parts = 1
            while (then := self._next_count(s, end)) is not None:
                then_end = items[then][0] if then in items else self._read_on(s, start, at,
                                                                               then)
                if then_end is None:
                    break
                listed.add(then)
                total += stated(words[then]) or 0
                parts, end = parts + 1, then_end
            if parts > 1:
                yield total, h._replace(words=" ".join(words[start:end]))

    def _next_count(self, s: Sentence, end: int) -> int | None:
        """Where the next count of a list starts after a count ending at `end`: past a comma
        or `joins` entries, at a number; None if there is none."""
        joins = self.joins
        assert joins is not None
        words = s.words
        k = end
        while k < len(words) and (length := joins.longest(words, k)):
            k += length
        if k == len(words) or (k == end and not (s.pauses and s.pauses[end - 1])):
            return None
        return k if stated(words[k]) is not None else None

    def _read_on(self, s: Sentence, start: int, at: int, then: int) -> int | None:
        """Where the count at `then` ends, read as the one at `at` is, from the same words
        before it (its match starts at `start`): "line manages 2 SAOs, 5 AOs, 3 PSOs and 1 PO"
        reads "line manages 1 PO", as far past the verb as its first count. None if it is no
        count so read. Only the words a match and what cancels it can reach are read after
        the count (`READ_ON_WORDS`), so that a list of thousands is read in time with its
        length."""
        lead = at - start
        last = then + READ_ON_WORDS
        words = (*s.words[start:at], *s.words[then:last])
        said = Sentence(s.text, words, (*s.lines[start:at], *s.lines[then:last]),
                        (*s.quoted[start:at], *s.quoted[then:last]) if s.quoted else (),
                        section=s.section,
                        pauses=(*s.pauses[start:at], *s.pauses[then:last]) if s.pauses else ())
        _WORK[1] += MAX_MATCH_STEPS * len(words)  # the words read once more
        ends = [e for _, e, _ in self._matches(said, every_end=True, first_only=True) if e > lead
                and next((k for k in range(e - 1, -1, -1) if stated(words[k]) is not None
                          and not (k and words[k - 1] in _NOT_A_COUNT)), None) == lead]
        return then + min(ends) - lead if ends else None

    def every(self, text: str | None, first_line: int = 1) -> list[Hit]:
        """Each match in `text`, as `first` finds it, at most one a line (the first): every
        place a finding about the text points at; lines count from `first_line`."""
        out: list[Hit] = []
        if not text or self.first(text) is None:
            return out
        read: dict[int, bool] = {}
        lines: set[int] = set()
        said = _sentences_of(text)
        with _READING:
            _WORK[:] = [0, MAX_MATCH_STEPS * _words_read(said)]
            try:
                for s in said:
                    if self._under(s.section, read) or (h := self._read(s)) is None \
                            or h.line in lines:  # fmt: skip
                        continue
                    lines.add(h.line)
                    told = h.told and (*h.told[:2], h.told[2] + first_line - 1)
                    out.append(h._replace(line=h.line + first_line - 1, told=told))
            finally:
                _WORK[1] = 1 << 62  # no bound on a sentence read on its own
        return out

    def _too_much(self) -> PolicyError:
        """The refusal of a pattern that takes too long to read a text (MAX_MATCH_STEPS)."""
        return PolicyError(f"pattern {self.name} takes more than {MAX_MATCH_STEPS:,} steps "
                           "for each word of a text to read it (the claim's take at most 70): "
                           "its phrases, word lists or gaps try too much at each word; write "
                           "fewer phrases or entries, or shorter ones",
                           file=self.file or None, line=self.line or None)  # fmt: skip

    def _read(self, s: Sentence) -> Hit | None:
        """The first match in sentence `s`, read as written, with its broken words made whole,
        or with the words that stand for its heading read as the heading (`_told`). A sentence
        that completes a lead-in is read after it (`_led`)."""
        if s.lead is not None and (led := self._led(s)) is not None:
            if (hit := self._in_sentence(led)) is not None:
                # a match in `s` alone is quoted without the lead-in
                alone = self._in_sentence(s)
                return alone if alone is not None and alone.words == hit.words else hit
            s = led
        elif (hit := self._in_sentence(s)) is not None:
            return hit
        if s.joined is not None and (hit := self._in_sentence(s.joined)) is not None:
            return hit
        if self.anaphors is None or not s.section:
            return None
        told = self._told(s)
        if told is None or (hit := self._in_sentence(told[0])) is None:
            return None
        return hit._replace(sentence=s, told=told[1])

    def _led(self, s: Sentence) -> Sentence | None:
        """`s` read after its lead-in, each word of the lead-in on `s`'s first line: "This
        will include: cases assessed as high RoSH", "The post holder will not: hold ...",
        "Support the Probation Officer in: managing ...". None if the lead-in gives a match by
        itself: that match is found at the lead-in's own line, and `s` is read alone."""
        lead = s.lead
        assert lead is not None
        matcher, read, alone = _LEAD_READ  # (read alone once for all the items it leads into)
        if matcher is not self or read is not lead:
            alone = self._in_sentence(lead) is not None
            _LEAD_READ[:] = [self, lead, alone]
        if alone:
            return None
        quoted = ((*(lead.quoted or (False,) * len(lead.words)),
                   *(s.quoted or (False,) * len(s.words))) if lead.quoted or s.quoted
                  else ())  # fmt: skip
        pauses = ((*(lead.pauses or (False,) * len(lead.words)),
                   *(s.pauses or (False,) * len(s.words))) if lead.pauses or s.pauses
                  else ())  # fmt: skip
        return Sentence(f"{lead.text} {s.text}", (*lead.words, *s.words),
                        (*(s.line,) * len(lead.words), *s.lines), quoted, section=s.section,
                        pauses=pauses)  # fmt: skip

    def _told(self, s: Sentence) -> tuple[Sentence, tuple[str, str, int]] | None:
        """`s` with each `headings stand for` entry in it ("these cases") read as the words
        of the heading nearest over it ("Cases assessed as high risk of serious harm"), each on
        the entry's line; and the first entry, the heading and its line. None if it has none.
        A heading announces what its duties are about: "hold a small number of these cases"
        under it holds the heading's cases. A heading longer than `HEADING_STANDS_FOR` words
        is no such announcement, and stands for nothing: read in each of a sentence's entries,
        a heading of 64,000 words over a line of 10,000 took gigabytes."""
        anaphors = self.anaphors
        assert anaphors is not None
        heading = s.section[-1]
        if len(heading.words) > HEADING_STANDS_FOR:
            return None
        words: list[str] = []
        lines: list[int] = []
        first = ""
        k = 0
        while k < len(s.words):
            length = anaphors.longest(s.words, k)
            if length and heading.words:
                first = first or " ".join(s.words[k : k + length])
                words += heading.words
                lines += [s.lines[k]] * len(heading.words)
                k += length
            else:
                words.append(s.words[k])
                lines.append(s.lines[k])
                k += 1
        if not first:
            return None
        said = Sentence(s.text, tuple(words), tuple(lines), section=s.section)
        return said, (first, heading.text, heading.line)

    def _under(self, section: tuple[Sentence, ...], read: dict[int, bool]) -> bool:
        """Whether a heading of the section a sentence lies in gives `under`'s pattern, and no
        heading inside that one gives `under_until`'s (the post's role after a letter's). The
        `until` pattern's own `unless under` is read over its heading as over any sentence (a
        role's heading under a person specification's is a criterion's, and ends nothing)."""
        under, until = self.under, self.under_until
        if under is None:
            return False
        covered = False
        ends: dict[int, bool] = {}
        for k, h in enumerate(section):
            if (found := read.get(id(h))) is None:
                found = read[id(h)] = under._in_sentence(h) is not None
            if found:
                if until is None:
                    return True
                covered = True
            elif covered and until is not None and until._in_sentence(h) is not None \
                    and not until._under(section[: k + 1], ends):  # fmt: skip
                covered = False
        return covered

    def _in_sentence(self, s: Sentence) -> Hit | None:
        return next((h for _, _, h in self._matches(s)), None)

    def _matches(self, s: Sentence, every_end: bool = False,
                 first_only: bool = False) -> Iterator[tuple[int, int, Hit]]:
        """The matches in sentence `s` that nothing cancels, in order of where they start:
        each with its first and past-the-last word; with `every_end`, to each place its phrase
        can end, otherwise to the nearest; with `first_only`, those starting at its first word
        only."""
        words = s.words
        ends = [self.ends.longest(words, i) > 0 for i in range(len(words))]
        walls = [e or self.walls.longest(words, i) > 0 for i, e in enumerate(ends)]
        # a negation that is also a wall or a clause end ("excluding ..."), with an exception
        # made to it ("..., unless directed by the SPO"), is neither: a gap crosses it
        clauses: list[int] = []  # for `_lapse`, of the clause ends as read
        clauses_read: dict[int, list[tuple[int, str, bool]]] = {}
        lapsed_at = self._lapsed_walls(words, ends, walls, clauses, clauses_read)
        if lapsed_at:
            read_ends = ends
            ends = [e and k not in lapsed_at for k, e in enumerate(ends)]
            walls = [w and k not in lapsed_at for k, w in enumerate(walls)]
        stops = [self.stops.longest(words, i) for i in range(len(words))]
        objects = [self.objects.longest(words, i) for i in range(len(words))]
        if _WORK[0] > _WORK[1]:
            raise self._too_much()
        # a wall the phrase's own words name whole after a gap ("caseload ... and will include
        # ...") is no wall to them: how many words each wall covers
        named = [max(self.ends.longest(words, i), self.walls.longest(words, i)) if w else 0
                 for i, w in enumerate(walls)]
        marks = (walls, stops, objects, named)
        # the `unless inside` phrases found: where each starts, and the furthest it reaches
        spans: dict[int, int] = {}
        starts = self.inside_walk.nodes[0].indexed()
        for i, word in enumerate(words):
            if word in starts.exact or starts.lengths:
                for _, found in self._found(self.inside_walk, words, i, marks, s.pauses):
                    spans[i] = max(spans.get(i, i), *found)
        longest = max((b - a for a, b in spans.items()), default=0)
        starts = self.walk.nodes[0].indexed()
        for i, word in enumerate(words[:1] if first_only else words):
            if word not in starts.exact and not starts.lengths:
                continue  # most words: no phrase starts with them
            for k, found in self._found(self.walk, words, i, marks):
                phrase = self.finds[k]
                for end in sorted(found) if every_end else (min(found),):
                    if self.unless_quoted and s.quoted and all(s.quoted[i:end]):
                        continue
                    # a phrase that covers a word of the match starts at most `longest` words
                    # before it (the longest phrase found), so only those places are looked at
                    if spans:
                        around = range(max(0, i - longest + 1), end)
                        _WORK[0] += len(around)
                        if any(spans.get(a, -1) > i and not _shared(objects, i, a)
                               for a in around):  # fmt: skip
                            continue
                    lapsed = next((lapsed_at[k] for k in range(i, end) if k in lapsed_at), ())
                    if (negation := self._negated(words, ends, i, end)) is not None:
                        at, said = negation
                        if (lapse := self._lapse(words, read_ends if lapsed_at else ends, at,
                                                 clauses, clauses_read)) is None:  # fmt: skip
                            continue
                        lapsed = (said, lapse)
                    yield i, end, Hit(s, s.lines[i], phrase.source, self.name,
                                      " ".join(words[i:end]), lapsed)  # fmt: skip

    def _lapsed_walls(self, words: Sequence[str], ends: Sequence[bool], walls: Sequence[bool],
                      clauses: list[int], clauses_read: dict[int, list[tuple[int, str, bool]]],
                      ) -> dict[int, tuple[str, str]]:  # fmt: skip
        """The walls and clause ends that start a negation (an `unless after` entry) made void
        by an exception (`_lapse`), by position: the negation and the exception, as read."""
        if self.lapses is None:
            return {}
        out: dict[int, tuple[str, str]] = {}
        for k in (k for k, wall in enumerate(walls) if wall):  # few: a look-up each
            if ((length := self.before.longest(words, k)) > 0
                    and (lapse := self._lapse(words, ends, k, clauses, clauses_read))
                    is not None):  # fmt: skip
                out[k] = (" ".join(words[k : k + length]), lapse)
        return out

    def _lapse(self, words: Sequence[str], ends: Sequence[bool], at: int, clauses: list[int],
               clauses_read: dict[int, list[tuple[int, str, bool]]]) -> str | None:  # fmt: skip
        """The first `negations lapse with` entry that makes an exception to the negation at
        `at`: in its clause (from the clause end before it, included: "except in exceptional
        circumstances, ... will not hold"), or opening the clause after it ("will not hold
        ... unless directed by the SPO"), as read; None if there is none. `clauses` (where the
        clause of each word starts) and `clauses_read` (each clause's exception, by where it
        starts) are filled in as the sentence is read, for `ends`."""
        lapses = self.lapses
        if lapses is None or not lapses.alts:
            return None
        # the clause from the clause end at or before `at` to the next (each clause read once)
        if not clauses:
            start = 0
            for k, end in enumerate(ends):
                start = k if end else start
                clauses.append(start)
        first = clauses[at]
        if first not in clauses_read:
            last = first + 1
            while last < len(words) and not ends[last]:
                last += 1
            _WORK[0] += last - first
            clauses_read[first] = [(k, " ".join(words[k : k + length]), words[k] in _NOT_WORDS)
                                   for k in range(first, min(last + 1, len(words)))
                                   if (length := lapses.longest(words, k)) > 0]  # fmt: skip
        # An exception that opens with a plain negation's word ("no more than two", "not
        # limited to", "not normally") is that negation's own, and excuses it alone: "hold no
        # more than 35 cases and no cases assessed as high risk" still denies the high risk
        # cases (review 46). It excuses too an exclusion it holds: "not excluded from" excuses
        # "excluded from" as it does "not" (attack round 23). One that opens otherwise is a
        # condition ("without the agreement of the SPO", "other than under the direct
        # supervision of"): an exception to any negation of its clause.
        return next((said for k, said, own in clauses_read[first]
                     if not own or k <= at <= k + said.count(" ")), None)

    def _found(self, walk: Walk, words: Sequence[str], start: int, marks: Marks,
               pauses: Sequence[bool] | None = None) -> list[tuple[int, set[int]]]:
        """Each phrase of `walk` that can start at `start` (by index, in order), with every
        position where it can end.

        A gap skips at most `gap` words and never crosses a wall (a clause end, a `never
        cross` entry). It stops at a `stops at` entry (what is managed is not staff), but the
        word after the gap may still be found there if it is longer than the stop ("case
        administrators" past "case") or right after it, the stop then naming what kind of
        staff ("interventions team"). Once a gap has covered a word (the verb's own object),
        it ends at an `objects end at` entry ("manage the register and support staff"), but
        not before ("supervise and appraise a team" shares its object).

        An `unless inside` phrase (`pauses` given, one for each word, or empty) is read more
        narrowly. Its trailing gap starts at no `objects end at` entry: the phrase's own words
        hold the object ("support Probation Officers"), so in "support Probation Officers and
        manage cases ..." the second verb is the post's own; once the gap has covered a word,
        a second verb goes on with the first's subject ("experience of assessing and working
        with ...", "POs who hold and manage ..."), unless it starts a second duty of the post
        (`_second_duty`: "support the SPO with audits and hold a caseload ..."). And its
        words run on across no comma: in "the PQiP, like the POs in the team, will hold ..."
        the officers are an aside, and "the POs in the team will hold" is not said of them.

        The phrases are walked together (`Walk`): a place that phrases share is tried once, and
        only the places whose first words are where the walk has got to are tried at all."""
        walls, stops, objects, named = marks
        trailing = pauses is not None
        count = len(words)
        nodes = walk.nodes
        out: list[tuple[int, set[int]]] = []
        # (node, where the phrases through it can have got to, whether a gap came last, and
        # the walls a gap came to, where the phrase's next words must name the wall whole)
        todo: list[tuple[int, set[int], bool, frozenset[int]]] = [(0, {start}, False, _NONE)]
        steps = 0
        while todo:
            node, at, after_gap, walled = todo.pop()
            place = nodes[node]
            if at:  # (none where a gap came only to a wall the next words must name)
                out.extend((k, at) for k in place.done)
            steps += len(at) * (1 + len(place.lengths))  # the look-ups of `places`
            for child in place.gaps:
                reach: set[int] = set()
                came: set[int] = set()  # the walls the gap came to (`named`)
                # an inner gap of an `unless inside` phrase runs to the words the phrase names
                # after it ("... become senior probation officers ... line manage ...")
                last = not trailing or not nodes[child].going
                for p in at:
                    for q in range(p, min(count, p + self.gap + 1)):
                        steps += 1
                        if walls[q] or (objects[q] and last and (
                                q > p if not trailing else q == p or (
                                    q > p and self._second_duty(words, objects, pauses, start,
                                                                q)))):  # fmt: skip
                            if q == p and trailing and not last and walls[q]:
                                # a gap of no words crosses no clause end: the phrase's next
                                # words may open the clause ("{after_qualifying} ... you will
                                # {po_does} ..." over "Once qualified as a PO, you will ...")
                                reach.add(q)
                            elif named[q]:
                                came.add(q)
                            break
                        reach.add(q)
                        if stops[q]:
                            reach.add(q + stops[q])
                            break
                if reach or came:
                    todo.append((child, reach, True, frozenset(came - reach)))
            # A wall (a clause end, a `gaps never cross` entry) right after a gap is passed only
            # by the phrase's next words naming it whole: "{case_duties} ... and will include
            # ..." finds "Caseload pro rata to a full time PSO's, and will include domestic
            # abuse cases", where the subject "and will" leaves out is the caseload, and "line
            # manag* ... not part of this post" reads "Line management of the PSOs is not part
            # of this post" (JDs round 70, P1, P3); no gap ends at the wall itself.
            starts = at | walled if walled else at
            for child, element in place.places(words, starts).items():
                going = {e for p in starts for e in element.ends(words, p)
                         if not (after_gap and p < count and stops[p] >= e - p)
                         and not (p in walled and e - p < named[p])
                         and not (pauses and not after_gap and p > start and pauses[p - 1])}
                steps += len(at)
                if going:
                    todo.append((child, going, False, _NONE))
        out.sort(key=lambda found: found[0])
        _WORK[0] += steps
        if _WORK[0] > _WORK[1]:
            raise self._too_much()
        return out

    def _second_duty(self, words: Sequence[str], objects: Sequence[int],
                     pauses: Sequence[bool] | None, start: int, at: int) -> bool:
        """Whether the `objects end at` entry at `at`, in the trailing gap of an `unless
        inside` phrase starting at `start`, starts a second duty of the post rather than going
        on with a verb of the gap (JDs round 66): its verb has the form of the phrase's first
        word, itself a verb of an `objects end at` entry (a duty: "Support the SPO with audits
        **and hold** a caseload", "supports the SPO with audits **and line manages** a team"),
        with no verb of that form between that it could go on with ("support the PO in
        assessing and managing ...", "assist the PO to assess and manage ...", "the PO who
        holds and manages ..."); or, after a comma, it goes on from before the phrase ("provides
        treatment supervision to facilitators ..., **and line manages** a team"), unless it is
        a gerund ("experience of assessing, and managing, ...")."""
        form = _verb_form(words[at + 1 : at + objects[at]])
        between = words[start + 1 : at]
        if any(w in _RELATIVES or w == "that" for w in between):
            return False
        if pauses and pauses[at - 1]:
            return form != "ing"
        if _verb_form(words[start : start + 1]) != form or self.objects.longest(
                ("and", *words[start : start + 3]), 0) == 0:  # fmt: skip
            return False
        if form == "ing":
            return not any(w.endswith("ing") for w in between)
        return form == "s" or "to" not in between

    def _negated(self, words: Sequence[str], ends: Sequence[bool], start: int,
                 end: int) -> tuple[int, str] | None:
        """The negation (`unless after` before the match, `unless before` after it, in its
        clause) that cancels the match at `start:end`: where it starts, and as read; None if
        there is none."""
        for i in range(start - 1, max(-1, start - 1 - self.before_reach), -1):
            _WORK[0] += 1
            if ends[i]:
                break
            if found := [e for e in self.before.ends(words, i) if e <= start]:
                return i, " ".join(words[i : max(found)])
        reach = end + self.after_reach
        i = end
        while i < min(len(words), reach):
            _WORK[0] += 1
            if ends[i]:
                break
            if words[i] == ":":  # a label's value is read whole: "Staff: the post has none"
                reach = len(words)
            if found := list(self.after.ends(words, i)):
                return i, " ".join(words[i : max(found)])
            if self.after_stops is not None and self.after_stops.longest(words, i) > 0:
                break  # a turn to something else: what follows says nothing of the match
            i += 1
        return None


# ---------------------------------------------------------------------------------------------
# Compiling a policy's declarations


# The words of a plain negation (`_lapse`): an exception that opens with one qualifies it.
_NOT_WORDS = frozenset({"no", "not", "never", "none", "nor", "neither", "won't", "don't",
                        "doesn't", "isn't", "aren't", "cannot", "can't", "mustn't", "shouldn't"})


class _Compiler:
    def __init__(self, lists: Mapping[str, n.WordList], error: Callable[[str, n.Pos], PolicyError],
                 budget: list[int] | None = None) -> None:  # fmt: skip
        self.lists = lists
        self.error = error
        # The words of the phrases the policy's word lists have expanded to so far, shared by
        # the patterns of one policy (see MAX_PATTERN_WORDS).
        self.budget = budget if budget is not None else [0]
        self._expanding: list[str] = []
        self._slots: dict[str, tuple[Alternative, ...]] = {}
        self._choices: dict[str | Alternative, Choice] = {}

    def phrase(self, source: n.Str, gaps: str) -> Phrase:
        """`gaps`: "none" (a list entry), "inner" (`finds`) or "trailing" (`unless inside`,
        whose `...` may end it: "reports to : ..." covers what follows the label)."""
        out: list[Element] = []
        for element in self.elements(source, gaps):
            if element is None:
                out.append(None)
                continue
            key = element if isinstance(element, str) else element[0]
            if key not in self._choices:  # one Choice per word list, and per word
                self._choices[key] = Choice(self.slot(key, source) if isinstance(key, str)
                                            else (key,))  # fmt: skip
            out.append(self._choices[key])
        return Phrase(source.value, tuple(out))

    def elements(self, source: n.Str, gaps: str) -> list[tuple[Alternative] | str | None]:
        """The places of a phrase: a word (as a one-word alternative), the name of a word
        list (checked), or a gap (None)."""
        elements: list[tuple[Alternative] | str | None] = []
        text = source.value
        pos = 0
        for slot in [*_SLOT.finditer(text), None]:
            chunk = text[pos : slot.start() if slot else len(text)]
            stray = _PHRASE_CHARS.sub("", chunk.replace("...", ""))
            if "{" in stray or "}" in stray:
                raise self.error(f"a '{{' or '}}' in \"{text}\" does not name a word list; "
                                 "write {name}", source.pos)  # fmt: skip
            for word in _WORD.findall(chunk.lower().replace("\u2019", "'")):
                if word == "...":
                    if gaps == "none":
                        raise self.error(f"'...' has no place in \"{text}\": only 'finds' and "
                                         "'unless inside' phrases have gaps", source.pos)
                    elements.append(GAP)
                else:
                    elements.append(((Word(word.rstrip("*"), word.endswith("*")),),))
            if slot is not None:
                self.slot(slot.group(1), source)
                elements.append(slot.group(1))
                pos = slot.end()
        if not any(e is not GAP for e in elements):
            raise self.error(f'"{text}" has no words to find', source.pos)
        if elements[0] is GAP or (elements[-1] is GAP and gaps != "trailing"):
            raise self.error(f"\"{text}\" may not start{'' if gaps == 'trailing' else ' or end'}"
                             " with '...'", source.pos)  # fmt: skip
        return elements

    def phrases(self, items: Sequence[n.Str], gaps: str) -> tuple[Phrase, ...]:
        """Phrases of `finds` or `unless inside`; an item that is only `{list}` stands for
        each entry of the list as a phrase of its own (so its entries may have gaps)."""
        out: list[Phrase] = []
        for item in items:
            whole = _SLOT.fullmatch(item.value.strip())
            if whole is None:
                out.append(self.phrase(item, gaps))
                continue
            with self.expanding(whole.group(1), item) as entries:
                out.extend(self.phrases(entries, gaps))
        return tuple(out)

    @contextlib.contextmanager
    def expanding(self, name: str, source: n.Str) -> Iterator[tuple[n.Str, ...]]:
        """The entries of word list `name`, refusing an unknown name or a list in itself."""
        if name not in self.lists:
            raise self.error(f"there is no word list '{name}'{did_you_mean(name, self.lists)}"
                             "; declare it with: words NAME = \"...\", ...", source.pos)
        if name in self._expanding:
            raise self.error(f"word list '{name}' contains itself", source.pos)
        self._expanding.append(name)
        try:
            yield self.lists[name].items
        finally:
            self._expanding.pop()

    def slot(self, name: str, source: n.Str) -> tuple[Alternative, ...]:
        if name not in self._slots:
            with self.expanding(name, source) as entries:
                self._slots[name] = self.entries(entries)
        return self._slots[name]

    def entries(self, items: Sequence[n.Str]) -> tuple[Alternative, ...]:
        """Entries of a list (or of a stops/negation clause): each a run of words; an entry
        that is `{other}` brings in the entries of that list."""
        out: list[Alternative] = []
        for item in items:
            alts: list[Alternative] = [()]
            for element in self.elements(item, gaps="none"):
                assert element is not None
                choices = self.slot(element, item) if isinstance(element, str) else element
                # every entry of a list in every place: four lists of three entries that each
                # name the one before three times are 3**81 phrases (a policy of 250 bytes
                # took all the memory); counted before any is made
                self._spend(len(alts) * len(choices), item)
                alts = [a + b for a in alts for b in choices]
            self._spend(sum(map(len, alts)) - len(alts), item)
            out.extend(alts)
        return tuple(dict.fromkeys(out))

    def _spend(self, words: int, item: n.Str) -> None:
        self.budget[0] += words
        if self.budget[0] > MAX_PATTERN_WORDS:
            raise self.error(f"\"{item.value}\" brings the phrases the policy's word lists "
                             f"expand to over {MAX_PATTERN_WORDS:,} words (the claim's need "
                             "about 180,000): each entry of a list stands in every place that "
                             "names it; name fewer lists in one entry", item.pos)


def _verb_form(words: Sequence[str]) -> str:
    """The form of the first of `words` that has one, as a verb's: "ing" ("holding"), "s"
    ("holds", "line manages"), or "" (none: "hold", "take on")."""
    for w in words:
        if w.endswith("ing") and len(w) > 4:
            return "ing"
        if w.endswith("s") and not w.endswith("ss") and len(w) > 2:
            return "s"
    return ""


def _shared(objects: Sequence[int], start: int, at: int) -> bool:
    """Whether an `unless inside` phrase starting at word `at` starts on a verb that shares the
    object of a match starting at `start`: "supervise **and support** staff in their work".
    The match's gap crossed the `objects end at` entry ("and support") that holds the word,
    which a gap does only before it has covered a word of its own, so the two verbs share
    "staff", and the phrase ("support staff in ...") does not make the first verb's staff
    someone else's."""
    return any(objects[q] and q + objects[q] > at for q in range(start + 1, at))


def compile_pattern(decl: n.TextPattern, lists: Mapping[str, n.WordList],
                    error: Callable[[str, n.Pos], PolicyError],
                    patterns: Mapping[str, n.TextPattern] | None = None,
                    _within: tuple[str, ...] = (),
                    budget: list[int] | None = None) -> TextMatcher:  # fmt: skip
    """Check a `pattern` declaration against the word lists and build its matcher; `patterns`
    are the policy's patterns, one of which `unless under` may name."""
    under = until = None
    for heading in filter(None, (decl.under, decl.under_until)):
        patterns = patterns or {}
        if heading not in patterns:
            raise error(f"pattern {decl.name}: there is no text pattern '{heading}' to read "
                        f"a heading with{did_you_mean(heading, patterns)}; declare it with "
                        f"'pattern {heading} finds \"...\"'", decl.pos)
        if heading in (*_within, decl.name):
            circle = ", ".join((*_within, decl.name, heading))
            raise error(f"pattern {decl.name}: 'unless under {decl.under}' goes round in a "
                        f"circle ({circle}): a heading is read by a pattern that does not read "
                        "headings with it", decl.pos)
        matcher = compile_pattern(patterns[heading], lists, error, patterns,
                                  (*_within, decl.name), budget)
        if heading == decl.under:
            under = matcher
        else:
            until = matcher
    c = _Compiler(lists, error, budget)
    if not decl.finds:
        raise error(f"pattern {decl.name} finds nothing: add 'finds \"...\"'", decl.pos)
    finds = c.phrases(decl.finds, "inner")
    inside = c.phrases(decl.inside, "trailing")
    return TextMatcher(
        decl.name, finds, decl.gap,
        Choice(c.entries(decl.stops)), Choice(c.entries(decl.walls)),
        Choice(c.entries(decl.ends)), Choice(c.entries(decl.objects)),
        Choice(c.entries(decl.before)), decl.before_reach,
        Choice(c.entries(decl.after)), decl.after_reach,
        inside, Walk.of(finds), Walk.of(inside),
        decl.unless_quoted, under, Choice(c.entries(decl.lapses)) if decl.lapses else None,
        Choice(c.entries(decl.anaphors)) if decl.anaphors else None,
        decl.pos.file, decl.pos.line,
        Choice(c.entries(decl.after_stops)) if decl.after_stops else None, until,
        Choice(c.entries(decl.joins)) if decl.joins else None,
    )


# ---------------------------------------------------------------------------------------------
# Policy regexes: RE2, imported only when a policy uses `matches`

REPEAT_MAX = 1000  # RE2's own limit on {n}; checked first, so the message is ours


def regex(pattern: str) -> Any:
    """`pattern` compiled with RE2 (linear time, whatever the pattern or the text), or a
    ValueError saying in words why it cannot be used."""
    # (a `\x{...}` is a code point, not a count: attack round 14's `\x{110000}`)
    for match in re.finditer(r"(?<!\\)(?<!\\x)\{([0-9]+)(?:,([0-9]*))?\}", pattern):
        for count in match.groups():
            if count and (len(count) > 6 or int(count) > REPEAT_MAX):
                raise ValueError(f"a repeat count of {count} is too large (at most "
                                 f"{REPEAT_MAX})")  # fmt: skip
    import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

    options = re2.Options()
    options.log_errors = False
    try:
        return _Linear(re2.compile(pattern, options))
    except re2.error as err:
        reason = err.args[0] if err.args else err
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        what = str(reason).split(": ", 1)[0]  # RE2 then quotes the pattern; the caret shows it
        if what in ("invalid perl operator", "invalid escape sequence"):
            what += (" (patterns run in linear time, so look-arounds and back-references are "
                     "not available)")
        raise ValueError(what) from None


class _Linear:
    """An RE2 pattern searched like `re`'s: `$` holds at the end of the text and before a
    line break that ends it, as in `re`. RE2 reads UTF-8, which a lone surrogate (it can
    come from a data file) cannot be: such a character is searched as `?`, one character for
    one, so positions in the text stay right."""

    def __init__(self, compiled: Any) -> None:
        self.compiled = compiled

    def search(self, text: str) -> Any:
        try:
            found = self.compiled.search(text)
        except UnicodeEncodeError:
            text = text.encode("utf-8", "replace").decode("utf-8")
            found = self.compiled.search(text)
        if found is None and text.endswith("\n"):  # `$` also before a final line break, as in re
            found = self.compiled.search(text[:-1])
        return found
