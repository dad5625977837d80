"""The one exception family of workrules.

Every error a user can cause (bad input files, a bad policy, a bad command line) is a
`WorkrulesError`. The CLI turns it into a one-line message in exactly one place and exits 2.
Library users catch `WorkrulesError` (or one of its kinds) and read `.file`, `.line` and
`.message`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

# Characters that must never reach a terminal, a log or a report line as they are: C0 and C1
# controls (line breaks, ESC, NUL, ...), DEL, Unicode line and paragraph separators, the
# bidirectional controls that reorder what a reader sees, and lone surrogates (not text).
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """`text` with every control, separator, bidi control and lone surrogate written as an
    escape (`\\n`, `\\x1b`, `\\u202e`): one line that shows what it holds and does nothing
    to the terminal. Text without such characters is returned as it is (one C-speed scan)."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_escape, text)


def visible(text: str) -> bool:
    """Whether `text` shows anything: not only blanks and invisible characters (a zero-width
    space, a byte-order mark, a soft hyphen), which would make an empty reason look given (a
    config's waiver, a policy's `leave out ... because`)."""
    import unicodedata

    return any(not (c.isspace() or unicodedata.category(c) in ("Cf", "Cc", "Zs", "Zl", "Zp"))
               for c in text)  # fmt: skip


# Commands a CI runner obeys in the log of a step, wherever they stand in a line: GitHub
# Actions' old form `##[set-output name=x;]...`, Azure Pipelines' logging commands
# (`##vso[task.setvariable variable=X]...`, `##vso[task.prependpath]...`) and TeamCity's
# service messages (`##teamcity[...]`): two `#`, a word, a `[`. The bracket is escaped.
LOG_COMMAND = re.compile(r"##([A-Za-z]*)\[")
# GitHub Actions' `::command::` is obeyed at the start of a line after whatever the runner
# trims there: .NET's `TrimStart()`, every Unicode blank (a no-break space, an ideographic
# space), not only a space and a tab; and the invisible characters older runtimes trimmed.
_COMMAND_START = re.compile(r"(?m)^((?:[^\S\n]|[\u180e\u200b\u2060\ufeff])*)::")


def _unbracket(match: re.Match[str]) -> str:
    return f"##{match.group(1)}\\["


def unbracketed(text: str) -> str:
    """`text` with each `##WORD[` written `##WORD\\[`: what a value needs, wherever it will
    stand in a line (a `::` inside a value starts no line)."""
    return LOG_COMMAND.sub(_unbracket, text) if "##" in text else text


def no_log_commands(text: str) -> str:
    """`text` (of one line or many) with nothing a CI runner would take for a command:
    every `##WORD[` written `##WORD\\[`, and a `::` that starts a line (after any blanks)
    written `%3A%3A`, as the Actions toolkit escapes a colon. Text without them is returned as
    it is."""
    text = unbracketed(text)
    if "::" in text:
        text = _COMMAND_START.sub(r"\1%3A%3A", text)
    return text


def inert(text: str) -> str:
    """`printable(text)` with no CI log command (`no_log_commands`): one line, safe for a
    terminal and for a CI runner's log."""
    return no_log_commands(printable(text))


# A refusal quotes what it refuses; a value of a megabyte (a `kind:` of one word, an id) made
# a line of a megabyte in a CI log. A run of characters without a space longer than this is
# quoted by its start and end, and a message longer than MAX_MESSAGE by its start and end.
MAX_RUN = 200
MAX_MESSAGE = 2000
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def _cut(match: re.Match[str]) -> str:
    run = match.group()
    return f"{run[:100]}...({len(run) - 120:,} characters left out)...{run[-20:]}"


def bounded(text: str) -> str:
    """`text` with each run of more than MAX_RUN characters without a space, and then the
    whole, cut to their start and end, saying how much was left out."""
    if len(text) <= MAX_RUN:
        return text
    text = _LONG_RUN.sub(_cut, text)
    if len(text) > MAX_MESSAGE:
        text = (f"{text[:1500]}...({len(text) - 1800:,} characters left out)..."
                f"{text[-300:]}")  # fmt: skip
    return text


def _bounded_place(where: str) -> str:
    """A file's place (`path:line`) of more than MAX_RUN characters cut in its folders, the
    file's own name and line kept whole (a path 2,100 folders deep made a refusal of 4,144
    characters: attack round 12)."""
    if len(where) <= MAX_RUN:
        return where
    head, _, tail = where.rpartition("/")
    if not head or len(tail) > MAX_RUN - 60:
        return bounded(where)
    return f"{head[:60]}...({len(head) - 60:,} characters left out).../{tail}"


class WorkrulesError(Exception):
    """Something given to workrules cannot be used. `str(err)` is the one-line reason."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def location(self) -> str:
        if self.file is None:
            return ""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        # One line, whatever the message quotes from the input (a key with a line break in it,
        # an escape sequence, a bidi control).
        where = _bounded_place(self.location())
        return no_log_commands(printable(f"{where}: " if where else "")
                               + bounded(printable(self.message)))

    def details(self) -> str:
        """Extra lines shown after the one-line reason (a source excerpt, a caret)."""
        return ""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by its fields, not by its constructor's arguments: `InputErrors` takes its
        # errors, not the message its `args` hold, and failed to unpickle, which broke a
        # `ProcessPoolExecutor` a worker raised it in (a first hour, round 50, P2).
        return (_unpickled, (type(self), self.args), self.__dict__)


def _unpickled(cls: type[WorkrulesError], args: tuple[Any, ...]) -> WorkrulesError:
    """An error of class `cls` with `args`, its fields to be set from its pickled state."""
    return cls.__new__(cls, *args)


class InputError(WorkrulesError):
    """A data file (rota, allocation, staff, job description) cannot be used."""


class InputErrors(InputError):
    """Several data files (or several records of one) cannot be used: `errors` holds each, in
    the order of the files; the first gives this error's own file, line and message."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        self.errors: tuple[InputError, ...] = tuple(
            e for err in errors for e in (err.errors if isinstance(err, InputErrors) else (err,))
        )
        first = self.errors[0]
        super().__init__(first.message, file=first.file, line=first.line, column=first.column)


def collected(errors: Sequence[InputError]) -> InputError:
    """The one error to raise for `errors` (at least one): itself when alone."""
    return errors[0] if len(errors) == 1 else InputErrors(errors)


class PolicyError(WorkrulesError):
    """A policy file cannot be parsed or does not make sense against the data model."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        source_line: str | None = None,
        width: int = 1,
    ) -> None:
        super().__init__(message, file=file, line=line, column=column)
        self.source_line = source_line
        self.width = max(1, width)

    def details(self) -> str:
        if self.source_line is None or self.column is None:
            return ""
        text = printable(self.source_line.rstrip("\n").expandtabs(1))
        column = self.column
        if len(text) > 2 * MAX_RUN:  # a line of a megabyte: the part around the column
            start = max(0, column - 1 - MAX_RUN // 2)
            text = ("..." if start else "") + text[start:start + MAX_RUN] + (
                "..." if start + MAX_RUN < len(text) else "")
            column = column - start + (3 if start else 0)
        # the line quoted can hold what a CI log obeys (`    ::set-output ...` is a command)
        safe = no_log_commands(text)
        if safe != text:  # the caret stays under what it marks
            column = len(no_log_commands(text[:column - 1])) + 1
            text = safe
        caret = " " * (column - 1) + "^" * min(self.width, max(1, len(text) - column + 1))
        return f"    {text}\n    {caret}"


class UsageError(WorkrulesError):
    """The command line or the library call itself is wrong. `cli`: the reason as the command
    line says it, naming its option (`--set wmt_grace=8h: ...`) where the library's names the
    argument (`values: wmt_grace=8h: ...`), which a library caller gave."""

    def __init__(self, message: str, *, cli: str | None = None, file: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:  # fmt: skip
        super().__init__(message, file=file, line=line, column=column)
        self.cli = cli

    def command_line(self) -> str:
        """The one-line reason as the command line prints it."""
        return str(self) if self.cli is None else str(UsageError(
            self.cli, file=self.file, line=self.line, column=self.column))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or an empty string: never a guess applied."""
    close = closest(word, choices)
    if close is None:
        return ""
    return f" (did you mean '{close}'?{_look_alikes(word, close)})"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The one choice `word` is most likely a misspelling of (`did_you_mean`), or None."""
    import difflib  # only when something is refused: not on a clean run's path

    options = sorted(set(choices))
    # the same name in another case, or with its numbers padded otherwise (`n1`, `N01` for
    # `N1`: HR and case-management systems write one person's id both ways), which difflib
    # scores low on a short id
    # (ASCII only: beyond it, case folding makes one letter of another, the Kelvin sign a 'k')
    # (`word` folded once, not once a choice: a reference of megabytes to no one's id, in a
    # JSON file of a national data set's thousands of staff, would fold it thousands of times)
    ascii_ = word.isascii()
    folded = word.casefold() if ascii_ else ""
    close = [o for o in options if ascii_ and o != word and o.casefold() == folded]
    if not close and ascii_:
        unpadded = _unpadded(word)
        close = [o for o in options if o != word and _unpadded(o) == unpadded]
    if len(close) > 1:
        return None
    # difflib scores two texts at most 2 * shorter / (both): a word over 7/3 of the longest
    # choice scores under its cutoff of 0.6 against every one, so it is not asked (it indexes
    # every character of the word first: a 50 MB reference took 70 s and 2.3 GB, attack round
    # 28, for a suggestion it could not make)
    if not close and 3 * len(word) <= 7 * max(map(len, options), default=0):
        close = [o for o in difflib.get_close_matches(word, options, n=1, cutoff=0.6)
                 if _alike_beyond_shared_words(word, o)]
    if not close:  # a look-alike beyond ASCII in a name of few letters, where difflib's
        # greedy matching falls short: `a\u03bfaa` for `aaaa` (review 12's property test)
        close = [o for o in options if len(o) == len(word) and word != o
                 and all(a == b or ord(a) >= 0x80 for a, b in zip(word, o, strict=True))]
    if not close and len(word) >= 3:  # a name cut short at a word's end: `toil` for `toil_hours`
        cut = f"{word}_"
        close = [o for o in options if o.startswith(cut)]
    if not close:  # a title of words, one of them the name: `Staff ID` for `id`
        words = set(re.split(r"[\s_-]+", word.strip().lower()))
        close = [o for o in options if o.lower() in words] if len(words) > 1 else []
    return close[0] if len(close) == 1 else None


def _alike_beyond_shared_words(word: str, close: str) -> bool:
    """Whether `word` and `close` are still alike with the words they share at either end
    taken off: `line_manger` is `line_manager` misspelt, where `travel_hours` and
    `on_call_hours` are alike in `_hours` only, and `toil_hours` would count standby or
    travel as time given back (scenario round 37)."""
    import difflib

    a, b = word.lower().split("_"), close.lower().split("_")
    while len(a) > 1 and len(b) > 1 and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    while len(a) > 1 and len(b) > 1 and a[0] == b[0]:
        a, b = a[1:], b[1:]
    rest_a, rest_b = "_".join(a), "_".join(b)
    if set(a) <= set(b) or set(b) <= set(a):  # a word left out: `sfo_reviews_max` (review 47)
        return True
    return rest_a == word.lower() or difflib.SequenceMatcher(None, rest_a, rest_b).ratio() >= 0.6


_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
_POINT_ZERO = re.compile(r"\A([0-9]+)\.0+\Z")


# Marks a word processor or a spreadsheet puts for an ASCII one (a Unicode hyphen or an en dash
# for `-`, a curly quotation mark for `'`), read as it: `P-1` and `P-1` with a Unicode hyphen
# are one id written two ways (attack round 13), where an id written with an en dash throughout
# is its own.
_MARK_FOLD = str.maketrans({
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u2018\u2019\u201b\u02bc\u2032\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201f\u2033\uff02", '"'),
    **dict.fromkeys("\u00b7\u2024\u2027\uff0e", "."),
    **dict.fromkeys("\u2215\u2044\uff0f", "/")})


def _unpadded(name: str) -> str:
    """`name` in one case with the zeros that pad its numbers left out (`N01` -> `n1`; and
    `1.0`, a whole number as a spreadsheet or pandas writes it, -> `1`), and its marks drawn
    as an ASCII one read as that one (`_MARK_FOLD`)."""
    return _LEADING_ZEROS.sub("", _POINT_ZERO.sub(r"\1", name.casefold().translate(_MARK_FOLD)))


_POINT_ZERO_LINES = re.compile(r"^([0-9]+)\.0+$", re.M)


def unpadded_all(names: list[str]) -> list[str]:
    """`_unpadded` of each of `names`, in a few passes in C over them joined by line breaks
    (a national data set's 1.4M record ids: a tenth of the time one by one); one by one when
    a name holds a line break of its own. `str.casefold` and both substitutions read one
    character at a time or stop at a line break, so the joined text gives each name's own."""
    if not names:
        return []
    joined = "\n".join(names)
    if joined.count("\n") != len(names) - 1:
        return list(map(_unpadded, names))
    return _LEADING_ZEROS.sub("", _POINT_ZERO_LINES.sub(
        r"\1", joined.casefold().translate(_MARK_FOLD))).split("\n")


def surely_apart(names: list[str]) -> bool:
    """True when no two of `names` (each given once) fold alike (`_unpadded`), told without
    folding each; False when it cannot be told so. A name is its prefix (the text before its
    last run of ASCII digits: an export's ids share a few, folded once each) and that run
    (`R01-U001-C0042` is `R01-U001-C` and `0042`). When no two prefixes fold alike and each
    prefix's runs have one width, no two names fold alike: two runs of one width are one
    number only if they are the same text (a third of the time of folding every name)."""
    from itertools import repeat
    from operator import sub

    prefixes = list(map(str.rstrip, names, repeat("0123456789")))
    distinct = list(set(prefixes))
    if len(set(unpadded_all(distinct))) != len(distinct) or any(
            p[-1:] == "." and p[:-1].isdigit() for p in distinct):  # fmt: skip
        return False  # two prefixes alike, or a whole number written `12.0`
    widths = map(sub, map(len, names), map(len, prefixes))
    return len(set(zip(prefixes, widths, strict=True))) == len(distinct)


def _look_alikes(word: str, choice: str) -> str:
    """What tells `word` from `choice` when it only looks the same: a character that does not
    show (a zero-width space, a byte-order mark), or one beyond ASCII in the place of an ASCII
    one (` The name given has U+03BF GREEK SMALL LETTER OMICRON where that has 'o'.`)."""
    import unicodedata

    from .dataset import _HIDDEN, _kind_of_unnamed  # (a variation selector too: what an id
    # may not hold)

    hidden = sorted({c for c in word if unicodedata.category(c) == "Cf" or _HIDDEN.match(c)})
    if hidden and "".join(c for c in word if c not in hidden) == choice:
        named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '') or _kind_of_unnamed(c)}"
                          for c in hidden)  # fmt: skip
        return f" The name given holds {named}, which does not show."
    if len(word) != len(choice):
        return ""
    pairs = sorted({(a, b) for a, b in zip(word, choice, strict=True) if a != b})
    if not pairs or any(ord(a) < 0x80 for a, _ in pairs):
        return ""
    named = ", ".join(f"U+{ord(a):04X} {unicodedata.name(a, 'NO NAME')} where that has '{b}'"
                      for a, b in pairs)  # fmt: skip
    return f" The name given has {named}."
