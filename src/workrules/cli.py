"""The command line: a thin shell over the library API.

`main(argv)` parses arguments, calls the library, prints, and returns the exit code: 0 nothing
fails the run, 1 a finding fails it (see --fail-on), 2 the input, the policy or the command
could not be used (for `diff`: 0 the same, 1 different), 70 workrules itself failed (a bug).
Every `WorkrulesError` becomes a one-line message (plus a caret excerpt for policy errors) here
and nowhere else; so does every other exception, as a one-line bug report (`--debug` adds the
traceback), so that a crash can never pass for findings (exit 1).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Collection, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from . import __version__
from .engine.choice import ENGINES
from .errors import UsageError, WorkrulesError, inert, printable

if TYPE_CHECKING:
    import argparse

    from .ci_formats import RunNote
    from .findings import FileNotRead, Result
    from .policy import Policy
    from .terminal import Progress

_COLOURS = ("auto", "always", "never")  # --color
MAX_ERRORS_SHOWN = 20  # input errors printed in one run; the rest are counted

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
EXIT_BUG = 70  # EX_SOFTWARE in sysexits.h: an internal error, never a verdict on the input
EPILOG = (
    "exit status: 0 nothing fails the run, 1 some finding fails it, 2 the input, the policy "
    f"or the command could not be used, {EXIT_BUG} an internal error (a bug in workrules: "
    "please report it; --debug shows the traceback)"
)


def _parser() -> argparse.ArgumentParser:
    import argparse

    from .findings import FAIL_ON
    from .report import REPORTER_BY_NAME

    class _Parser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # an option's start is not taken for the option (`--sel` for `--select`,
            # `--no` for `--no-config`): that is a guess; it is refused, naming the likely one
            kwargs["allow_abbrev"] = False
            super().__init__(*args, **kwargs)

        def error(self, message: str) -> None:  # type: ignore[override]
            # One line, like every other refusal; the usage is one --help away.
            import re

            from .errors import did_you_mean

            wrong = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
            prog = self.prog
            early = _option_before_command(self) if self.prog == "workrules" else None
            if early is not None:  # `workrules --no-config check`: said as it is
                message, prog = early
            elif wrong:
                choices = re.findall(r"'([^']*)'", wrong.group(2))
                message += did_you_mean(wrong.group(1), choices)
            elif self.prog == "workrules":  # an option no command has: said of its command
                message, prog = _unknown_option(message, self)
            _say(f"workrules: {message} (see '{prog} --help')")
            raise SystemExit(EXIT_UNUSABLE)

        def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
            if self.prog == "workrules":
                self.words = list(sys.argv[1:] if args is None else args)
            return super().parse_known_args(args, namespace)

    p = _Parser(prog="workrules", description="Check rotas, allocations and job descriptions "
                "against the probation unions' workload claim, or another policy.",
                epilog=EPILOG)  # fmt: skip
    _debug_arg(p, False)
    p.add_argument("--version", action="version", version=f"workrules {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="check data files against a policy")
    check.add_argument("files", nargs="+", metavar="FILE",
                       help="rota, allocation, staff and job-description files (YAML, JSON or "
                            "Markdown with front matter; CSV, NDJSON or Parquet exports named "
                            "for the list they fill), checked together; a directory for the "
                            "workrules files under it; - for standard input")  # fmt: skip
    _policy_args(check)
    _select_args(check)
    check.add_argument("--format", choices=sorted(REPORTER_BY_NAME), default=None,
                       help="output format (default: as -o FILE's suffix names: .html, "
                            ".json, .sarif, .xml (junit), .csv, .txt; else table on a "
                            "terminal, text otherwise)")  # fmt: skip
    check.add_argument("--color", "--colour", choices=_COLOURS,
                       default="auto", help="colour the table and text reports: auto (on a "
                       "terminal, unless NO_COLOR is set), always or never")  # fmt: skip
    check.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    check.add_argument("--fail-on", choices=FAIL_ON, default=None,
                       help="the weakest severity that fails the run: advisory, warning "
                            "(soft-mandatory; the default), error (hard-mandatory only) or "
                            "never (report only)")  # fmt: skip
    check.add_argument("-q", "--quiet", action="store_true",
                       help="findings only: no rules-not-applied notices, no summary line (what a "
                            "config sets over the policy is still listed)")
    check.add_argument("--data-only", action="store_true",
                       help="validate the data only: load and refuse it as check does, and "
                            "say what the rules could not judge in it (grades not known, "
                            "fields no record gives), without the findings; exit 0 for data "
                            "with nothing to say, 1 with notices, 2 for data refused")
    check.add_argument("--redact", action="store_true",
                       help="replace every staff id and name by a pseudonym (staff-01, ...), "
                            "the same for the same data, so the report can be shared")
    _engine_arg(check, "auto", "what runs the rules: python, columnar (a polars plan per "
                "rule; the same findings) or auto (as WORKRULES_ENGINE says, else by the size "
                "of the data; the default)")
    _today_arg(check)
    _config_arg(check)

    rules = sub.add_parser("rules", help="list the rules of a policy with their parameters")
    _policy_args(rules)
    _select_args(rules)
    _config_arg(rules)

    explain = sub.add_parser("explain", help="what a rule checks, why, and an example breach")
    explain.add_argument("rule", metavar="RULE", help="a rule id, e.g. upw-group-ratio, or a "
                         "clause, e.g. 4c (its rules)")
    _policy_args(explain)
    _config_arg(explain)

    compiled = sub.add_parser("compile", help="the Python code the engine generates for a rule")
    compiled.add_argument("rule", metavar="RULE", help="a rule id, e.g. upw-group-ratio")
    _engine_arg(compiled, "python", "the engine to show: python (the generated module) or "
                "columnar (the rule's polars plan, or why it runs on Python)")
    _policy_args(compiled)
    _config_arg(compiled)

    diff = sub.add_parser("diff", help="what changed between two versions of a policy, and "
                          "(with --data) what each would flag on the same data")  # fmt: skip
    diff.add_argument("old", metavar="OLD", help="the older policy (file or shipped name)")
    diff.add_argument("new", metavar="NEW", help="the newer policy (file or shipped name)")
    diff.add_argument("--data", nargs="+", default=[], metavar="FILE",
                      help="evaluate both versions on these data files and compare findings")
    diff.add_argument("--format", choices=("table", "text", "markdown", "json"), default=None,
                      help="output format (default: as -o FILE's suffix names, else table)")
    diff.add_argument("-o", "--output", metavar="FILE", help="write the diff to FILE")
    _today_arg(diff)

    render = sub.add_parser("render", help="a policy as a readable document")
    render.add_argument("policy", metavar="POLICY", nargs="?",
                        help="a policy file or shipped name (default: the config's, else "
                             "claim-2024)")  # fmt: skip
    render.add_argument("--policy", dest="policy_option", metavar="POLICY",
                        help="the same, as rules and explain take it")  # fmt: skip
    render.add_argument("--format", choices=("markdown", "html"), default=None,
                        help="output format (default: as -o FILE's suffix names, else "
                             "markdown)")  # fmt: skip
    render.add_argument("-o", "--output", metavar="FILE", help="write the document to FILE")
    render.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="give a parameter a value, as for check (repeatable)")
    _config_arg(render)

    test = sub.add_parser("test", help="run a policy's tests (*.wrtest.yaml): small data and "
                          "the exact findings the policy must give")  # fmt: skip
    test.add_argument("paths", nargs="*", metavar="PATH",
                      help="test files, or folders searched for them (default: .)")
    test.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report to FILE")
    test.add_argument("-v", "--verbose", action="store_true", help="list passing tests too")

    fmt = sub.add_parser("fmt", help="write policy files (*.wr) in the canonical layout, "
                         "comments kept")  # fmt: skip
    fmt.add_argument("files", nargs="+", metavar="FILE",
                     help="policy files, rewritten in place ('-': standard input to output)")
    fmt.add_argument("--check", action="store_true",
                     help="change nothing; exit 1 and name each file that would change")

    ind = sub.add_parser("indicators", help="the workload indicators of clause 3 (turnover, "
                         "vacancies, sickness, hours over contract...) by region, grade, pay "
                         "band, gender and ethnicity, small groups suppressed")  # fmt: skip
    _indicator_args(ind)

    completion = sub.add_parser("completion", help="print a shell completion script")
    completion.add_argument("shell", choices=("bash", "zsh", "fish"),
                            help="the shell: bash, zsh or fish")  # fmt: skip
    for command in (check, rules, explain, compiled, diff, render, test, fmt, ind, completion):
        _debug_arg(command, argparse.SUPPRESS)
    return p


def _commands(top: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser of each command, to read its options."""
    import argparse

    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _option_before_command(top: argparse.ArgumentParser) -> tuple[str, str] | None:
    """The message for a command's option given before the command (`workrules --format text
    check`, read as the command `text`), and the help to see; None if there is none."""
    words: list[str] = getattr(top, "words", [])
    commands = _commands(top)
    at = next((i for i, w in enumerate(words) if w in commands), len(words))
    ours = {o for a in top._actions for o in a.option_strings}
    for word in words[:at]:
        name = word.partition("=")[0]
        if not name.startswith("-") or name in ours:
            continue
        owners = [c for c, p in commands.items()
                  if any(name in a.option_strings for a in p._actions)]  # fmt: skip
        if at < len(words) and words[at] in owners:
            owners = [words[at]]
        if owners:
            named = ", ".join(owners[:-1]) + f" and {owners[-1]}" if owners[1:] else owners[0]
            return (f"{name} is an option of {named}: give it after the command (workrules "
                    f"{owners[0]} {name} ...)", "workrules" if owners[1:] else f"workrules "
                    f"{owners[0]}")  # fmt: skip
    return None


def _unknown_option(message: str, top: argparse.ArgumentParser) -> tuple[str, str]:
    """`message` (argparse's, of the whole command line) with the likely option named when
    an option is misspelt (`--fromat` for `--format`), and the help to see: the command's."""
    import difflib

    words: list[str] = getattr(top, "words", [])
    commands = _commands(top)
    command = next((w for w in words if w in commands), None)
    parser = commands[command] if command is not None else top
    known = [o for a in parser._actions for o in a.option_strings if o.startswith("--")]
    if command is None:
        known += [o for a in top._actions for o in a.option_strings if o.startswith("--")]
    unknown = next((w.partition("=")[0] for w in words if w.startswith("--")
                    and w.partition("=")[0] not in known and w != "--"), None)  # fmt: skip
    # compared without the dashes every option shares, and closely: options are few and
    # short, and `--data` (diff's) is not `--redact`
    close = difflib.get_close_matches(unknown.lstrip("-"), [o[2:] for o in known], n=1,
                                      cutoff=0.75) if unknown is not None else []  # fmt: skip
    hint = f" (did you mean '--{close[0]}'?)" if close else ""
    if hint:  # `--verison` was reported as a missing COMMAND, `--fromat text` as two words
        message = f"unrecognized arguments: {unknown}{hint}"
    return message, parser.prog


def _indicator_args(p: argparse.ArgumentParser) -> None:
    from .indicator_options import DEFAULT_MIN_CELL, DIMENSIONS, PERIOD_FORMS

    p.add_argument("files", nargs="+", metavar="FILE",
                   help="staff, rota and allocation files read together (as for check)")
    p.add_argument("--period", metavar="PERIOD", type=_argument(_period),
                   help=f"the period: {PERIOD_FORMS} (default: the quarter of the latest date "
                        "the data records work on); compared with the same kind of period "
                        "before it")
    p.add_argument("--by", metavar="DIMENSIONS", type=_argument(_by), default=DIMENSIONS,
                   help=f"break down by these, comma-separated (default: {','.join(DIMENSIONS)})")
    p.add_argument("--min-cell", metavar="N", type=_argument(_min_cell),
                   default=DEFAULT_MIN_CELL, help="suppress groups of fewer than N people, and "
                   f"what would reveal them (default: {DEFAULT_MIN_CELL})")  # fmt: skip
    p.add_argument("--format", choices=("table", "csv", "json", "html"), default=None,
                   help="output format (default: as -o FILE's suffix names, else table); html: "
                        "one self-contained page with a chart and the table of each "
                        "indicator")  # fmt: skip
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    p.add_argument("--redact", action="store_true",
                   help="accepted as for every report; changes nothing here, as no indicator "
                        "shows one person")  # fmt: skip


def _argument(parse: Any) -> Any:
    """An argparse type from a parser that raises UsageError: its message, one line."""
    import argparse

    def convert(text: str) -> Any:
        try:
            return parse(text)
        except WorkrulesError as err:
            raise argparse.ArgumentTypeError(
                err.cli if isinstance(err, UsageError) and err.cli else err.message) from None

    return convert


def _period(text: str) -> Any:
    from .workforce import parse_period

    return parse_period(text)


def _by(text: str) -> Any:
    from .errors import UsageError
    from .workforce import parse_by

    names = [part.strip() for part in text.split(",")]
    twice = next((name for i, name in enumerate(names) if name and name in names[:i]), None)
    if twice is not None:  # `region,region` was read as `region`: a slip, not a wish
        raise UsageError(f"'{twice}' is given twice in '{text}'; name each breakdown once")
    if not all(names):
        raise UsageError(f"'{text}' has an empty breakdown; give names separated by commas, "
                         "such as region,gender")  # fmt: skip
    return parse_by(text)


def _min_cell(text: str) -> int:
    import argparse

    if not text.strip().isdigit() or int(text) < 2:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of people, 2 or more "
                                         "(no figure is about one person)")
    return int(text)


def _debug_arg(p: argparse.ArgumentParser, default: object) -> None:
    # Before or after the command: the subcommand's copy must not reset what was given before.
    p.add_argument("--debug", action="store_true", default=default,
                   help="on an internal error, show the traceback")  # fmt: skip


def _today_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--today", metavar="DATE", type=_date, default=None,
                   help="the date to judge waivers' expiry and dated parameters by "
                        "(default: today), for reproducible reports")  # fmt: skip


def _config_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE",
                   help="a project config (workrules.toml or a pyproject.toml with "
                        "[tool.workrules]); by default the nearest one above the current "
                        "directory is used")  # fmt: skip
    p.add_argument("--no-config", action="store_true", help="ignore any project config")


def _date(text: str) -> dt.date:
    import argparse

    from .limits import date_problem

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None
    problem = date_problem(day)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"'{text}' {problem}")
    return day


def _select_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--select", action="append", default=[], metavar="RULES",
                   help="only these rules: ids or patterns, comma-separated, e.g. "
                        "--select 'jd-*,span-of-control' (replaces the config's select)")
    p.add_argument("--ignore", action="append", default=[], metavar="RULES",
                   help="not these rules: ids or patterns, comma-separated (added to the "
                        "config's ignore)")  # fmt: skip


def _rule_list(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _policy_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--policy", metavar="POLICY",
                   help="a policy file, or the name of a shipped policy (default: the "
                        "config's, else claim-2024)")  # fmt: skip
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="give a parameter a value, e.g. --set sfo_open_reviews_max=2 or "
                        "--set 'span_of_control_max[SPO]=6' (repeatable)")  # fmt: skip


def _write(output: str | bytes, path: str | None, args: argparse.Namespace | None = None,
           *, utf8: bool = False, read: Sequence[str] = ()) -> None:  # fmt: skip
    """Print `output`, or (-o) write it to `path`: never over a file the command read (those
    of `args`, and `read`), and through a new file renamed into place, so a failed write
    leaves the old file whole. Bytes (UTF-8: the JSON report) are written as they are where
    text would be written the same (UTF-8, lines ending in \\n), and decoded otherwise.
    `utf8`: a format for programs, printed as UTF-8 whatever the console's encoding."""
    import os

    if not path:
        try:
            _print(output, utf8)
        except BrokenPipeError:
            raise
        except OSError as err:  # a full disk under `> report.txt`: the verdict still stands
            _say(f"workrules: the report could not be written to standard output "
                 f"({err.strerror or err}); the exit status is still the verdict")  # fmt: skip
            _reader_gone()
        return
    if isinstance(output, bytes) and os.linesep != "\n":
        output = output.decode()
    import contextlib
    import stat

    try:
        st: os.stat_result | None = os.stat(path)
    except (OSError, ValueError):
        st = None
    if st is not None and (args is not None or read):
        for used in [*read, *(_inputs(args) if args is not None else ())]:
            try:
                same = os.path.samefile(path, used)
            except (OSError, ValueError):
                same = False
            if same:
                raise WorkrulesError("-o would overwrite a file this command reads; write the "
                                     "output to another file", file=path)  # fmt: skip
    try:
        folder = os.path.dirname(os.path.abspath(path))
        _refuse_git_folder(path, folder)
        if st is not None and not stat.S_ISREG(st.st_mode) and not _repository_link(path):
            _put(path, output)  # /dev/null, /dev/stdout, a pipe: write to it
            return
        _refuse_folder_leading_out(path, folder)
        tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.urandom(6).hex()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(tmp, flags, 0o666)
        try:
            _keep_mode(fd, path)
            _put(fd, output)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as err:
        raise WorkrulesError(f"cannot write the report: {err.strerror}",
                             file=path) from None  # fmt: skip


def _keep_mode(fd: int, path: str) -> None:
    """Give the new file the mode of the regular file it replaces (`fmt` of a private draft
    made it readable by all, 0600 to 0644: attack round 20); a link is replaced as a new file."""
    import contextlib
    import os
    import stat

    with contextlib.suppress(OSError):
        st = os.lstat(path)
        if stat.S_ISREG(st.st_mode) and hasattr(os, "fchmod"):
            os.fchmod(fd, stat.S_IMODE(st.st_mode))


def _refuse_git_folder(path: str, folder: str) -> None:
    """Refuse to write `path` in a `.git` folder, named so or reached through a link that leads
    there (attack round 32, P4: a pull request committed `reports -> .git`, and `-o
    reports/workrules.sarif` wrote into git's folder; `hooks -> .git/hooks` would have written
    a hook). That folder is git's, not the repository's: its config, refs and hooks are read
    by git, and CI keeps the runner's credentials there. `.GIT`, `.git.` and `.git ` too, as
    `resources.is_within` reads them."""
    import os

    real = os.path.realpath(folder)
    if any(part.lower().rstrip(". ") == ".git" for part in real.split(os.sep)):
        raise WorkrulesError(
            f"the folder {os.path.dirname(path) or '.'} is git's own folder (.git), or leads "
            "there through a link: workrules writes no report into it; name a folder of the "
            "work tree", file=path)  # fmt: skip


def _refuse_folder_leading_out(path: str, folder: str) -> None:
    """Refuse to write `path` where its folder, named inside the repository (the git work
    tree that holds it as named), is a link, or lies under one, that leads out of it (attack
    round 20: a pull request committed `reports` as a link to a folder outside the checkout,
    and `-o reports/workrules.sarif` replaced a file of the same name there). A folder named
    outside the repository, or outside git, is the user's choice, as given."""
    import os

    root, probe = None, folder
    while root is None:  # the git work tree that holds the folder as named: a `.git` is not
        # looked for inside a link (one to another repository's folder would be its own top)
        if not os.path.islink(probe) and os.path.exists(os.path.join(probe, ".git")):
            root = os.path.realpath(probe)
        elif (parent := os.path.dirname(probe)) == probe:
            return  # outside git, a link is the user's own (to a shared drive, say): no pull
        else:  # request planted it (the review of session 42)
            probe = parent
    real = os.path.realpath(folder)
    if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
        return
    raise WorkrulesError(
        f"the folder {os.path.dirname(path) or '.'} is a link, or lies under one, that leads out "
        f"of the repository (to {real}); workrules writes no report through "
        "it: name the folder the report is to go to as it is", file=path)  # fmt: skip


def _repository_link(path: str) -> bool:
    """Whether `path` is a link in a git work tree: the checked repository's file, which CI
    writes a report to (`-o workrules.xml`). A pull request can commit it as a link to a pipe
    (the run then waited for a reader for ever) or a device; it is replaced by the report, as a
    link to a regular file always was, never written through."""
    import os

    from .resources import git_root

    return os.path.islink(path) and git_root(path) is not None


def _print(output: str | bytes, utf8: bool) -> None:
    """Write `output` to standard output (`_write`)."""
    import os

    if utf8 and not _utf8(sys.stdout) and hasattr(sys.stdout, "buffer"):
        # A format read by a program says it is UTF-8 (SARIF and JSON by their standards,
        # JUnit's XML declaration, the HTML page's charset, the GitHub runner reads it so):
        # written in a console's code page (Windows' cp1252) it was another text, and a
        # name the code page lacks ended the run as an internal error.
        text = output.decode() if isinstance(output, bytes) else output
        sys.stdout.flush()
        sys.stdout.buffer.write(text.replace("\n", os.linesep).encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    if isinstance(output, bytes) and (os.linesep != "\n" or not _utf8(sys.stdout)):
        output = output.decode()
    if isinstance(output, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(output)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(output)
        sys.stdout.flush()


def _say(text: str) -> None:
    """Print `text` on standard error, if it can be written at all: an error that cannot be
    shown (`2>/dev/full`, a closed stream) must not change the exit status, which is the
    verdict (a refused run exited 1, the findings status, as Python's own error did)."""
    import contextlib

    with contextlib.suppress(OSError, ValueError):
        print(text, file=sys.stderr, flush=True)


def _put(file: str | int, output: str | bytes) -> None:
    """Write `output` to `file` (a path or a descriptor): bytes as they are, text as UTF-8."""
    if isinstance(output, bytes):
        with open(file, "wb") as binary:
            binary.write(output)
    else:
        with open(file, "w", encoding="utf-8") as text:
            text.write(output)


def _utf8(stream: Any) -> bool:
    """Whether `stream` writes its text as UTF-8 to a binary `buffer` (bytes may go there)."""
    import codecs

    try:
        return hasattr(stream, "buffer") and codecs.lookup(stream.encoding).name == "utf-8"
    except (AttributeError, LookupError, TypeError):
        return False


def _inputs(args: argparse.Namespace, *, lenient: bool = False) -> list[str]:
    """Every file the command read: data, config, and each policy file it extends. `lenient`
    (for a run refused because one of them could not be used): what cannot be loaded is
    named as it was given, not refused again."""
    from .policy import load_policy

    files = [*getattr(args, "files", []), *getattr(args, "data", [])]
    policies = [p for p in (getattr(args, "old", None), getattr(args, "new", None)) if p]
    if args.command in ("check", "render"):
        from .config import find_config, read_config

        policy = args.policy
        choice = _config_choice(args)
        try:
            cfg = find_config(".") if choice is True else read_config(choice) if choice else None
        except WorkrulesError:
            if not lenient:
                raise
            cfg = None
            files += [choice] if isinstance(choice, str) else []
        if cfg is not None:
            files += [cfg.file, *cfg.data]
            policy = policy or cfg.policy
        policies.append(policy)
    for policy in policies:
        try:
            files.extend(load_policy(policy).files)
        except WorkrulesError:
            if not lenient:
                raise
            files += [policy] if policy else []
    return files


def _engine_arg(p: argparse.ArgumentParser, default: str, help_text: str) -> None:
    choices = ENGINES if default == "auto" else ENGINES[1:]
    p.add_argument("--engine", choices=choices, default=default, help=help_text)


# The format a report's file asks for by its name, when no --format is given (`-o pack.html`
# wrote a text report into a page a browser showed as one paragraph: first hour, round 43).
_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".json": "json", ".sarif": "sarif",
                   ".xml": "junit", ".csv": "csv", ".md": "markdown", ".markdown": "markdown",
                   ".txt": "text"}  # fmt: skip


def _format_by_name(args: argparse.Namespace, choices: Collection[str], default: str | None
                    ) -> str | None:  # fmt: skip
    """`--format` as given, else the one `-o FILE`'s suffix names among `choices`, else
    `default`."""
    if args.format is not None or not args.output:
        return args.format if args.format is not None else default
    import os

    named = _SUFFIX_FORMATS.get(os.path.splitext(args.output)[1].lower())
    return named if named in choices else default


FORMAT_ENV = "WORKRULES_FORMAT"


def _format_by_env() -> str | None:
    """The format `WORKRULES_FORMAT` names for `check` when neither `--format` nor `-o`'s
    suffix names one; None when it is unset or empty. A screen reader's terminal seldom says
    `TERM=dumb` (NVDA and JAWS in Windows Terminal, VoiceOver in Terminal.app), and typing
    `--format text` on every run was the only way past the table's box-drawing (a first hour,
    round 47). It is the user's environment, never a file of the repository checked, and a
    format changes how the findings are written, never which fail the run or the exit
    status."""
    import os

    from .errors import did_you_mean
    from .report import REPORTER_BY_NAME

    named = os.environ.get(FORMAT_ENV, "").strip()
    if not named:
        return None
    if named.lower() not in REPORTER_BY_NAME:
        choose = f"choose one of {', '.join(REPORTER_BY_NAME)}"
        raise UsageError(f"{FORMAT_ENV}={printable(named)}: {choose}"
                         f"{did_you_mean(named, REPORTER_BY_NAME)}, or unset it")
    return named.lower()


def _data_only(result: Result) -> int:
    """`check --data-only`: the data loaded (a refusal exits 2 before this), and the notices
    about it: each rule's "applied in part" or a notice at a record (a grade not known, a field
    no record gives), not a cap the policy leaves unset. No finding is said: a data officer
    checking an export before sending it has none to judge (first hour, round 52, P3)."""
    from .report import neutralised, no_command_lines

    result = neutralised(result)  # (a value of the data cannot start a line, nor colour one)
    notices = [n for n in result.not_applied if n.partial or n.file or not n.params]
    lines = [f"{n.file}:{n.line}: note: {n.rule} [{n.clause}] {n.reason}" if n.file
             else f"note: {n.rule} [{n.clause}] {n.reason}" for n in notices]  # fmt: skip
    files = len(result.files)
    said = (f"{len(notices)} notice{'s' * (len(notices) != 1)} about the data: read "
            f"{'them' if len(notices) > 1 else 'it'} before sending it" if notices
            else "nothing to say about it")
    lines.append(f"workrules: the data loads ({files} file{'s' * (files != 1)}); {said}. "
                 "Findings are not reported (--data-only): run check without it for them.")
    try:
        _write(no_command_lines("\n".join(lines) + "\n"), None, None)
    except BrokenPipeError:
        _reader_gone()
    return EXIT_FINDINGS if notices else EXIT_CLEAN


def _check(args: argparse.Namespace) -> int:
    from .api import check
    from .report import REPORTER_BY_NAME

    if args.data_only and (args.format not in (None, "text", "table") or args.output):
        raise UsageError("--data-only says its notices as text, on standard output: it takes "
                         "no --format or -o (a report of findings is check's, without it)")
    args.format = _format_by_name(args, REPORTER_BY_NAME, None) or _format_by_env()
    if args.format is None:  # a table for people; linter lines for pipes, files and hooks
        import os  # (and `text` on a terminal that says it is dumb: a screen reader's)

        args.format = ("table" if not args.output and sys.stdout.isatty()
                       and os.environ.get("TERM") != "dumb" else "text")  # fmt: skip
    from . import ast_cache

    # no policy cache from the work tree of a checked file: the repository would choose its
    # own rules (attack round 31, P1)
    ast_cache.keep_out_of([*args.files, *([args.policy] if args.policy else [])])
    try:
        args.files, not_read = _walked(args)
        progress = _progress(len(args.files))
        try:
            result = check(args.files, policy=args.policy, set_values=args.set,
                           today=args.today, fail_on=args.fail_on, config=_config_choice(args),
                           select=_rule_list(args.select), ignore=_rule_list(args.ignore),
                           progress=progress, redact=args.redact,
                           engine=args.engine)  # fmt: skip
        finally:
            if progress is not None:
                progress.done()
    except WorkrulesError as err:  # CI formats still report, so the dashboard shows why
        from .ci_formats import ERROR_REPORTERS

        if args.format in ERROR_REPORTERS:
            read = _inputs_of_refused(args, err) if args.output else []
            try:
                _write(ERROR_REPORTERS[args.format](_errors_of(err)), args.output, utf8=True,
                       read=read)  # fmt: skip
            except WorkrulesError as refused:  # -o names an input: it is kept, unwritten
                _say(f"workrules: {refused}")
            except BrokenPipeError:  # the reader has gone; the input is still refused
                _reader_gone()
            if args.format == "github":
                from .ci_formats import github_errors_summary

                _job_summary(github_errors_summary(_errors_of(err)))
        raise
    if args.data_only:
        return _data_only(result)
    _note_left_out_picked(_rule_list(args.select), result)
    if args.quiet:  # (a rule the policy leaves out is kept: a file chose it, as a value set)
        from .report import left_out_only

        result = left_out_only(result)
    elif not_read:  # (the folders were walked here, and the files found named to `check`)
        import msgspec

        result = msgspec.structs.replace(result, files_not_read=not_read)
    # the config read is not the repository's own, which differs: an annotation at it and a
    # paragraph of the job summary too (a first hour, round 49: stderr alone reached no one)
    config_note = None if args.quiet else _config_not_read(args)
    notes = [config_note] if config_note is not None and args.format == "github" else []
    from .gc_pause import gc_paused_if_asked

    with gc_paused_if_asked():  # a report builds a million small objects, and no cycles
        output = _report(result, args, notes)
    try:
        _write(output, args.output, args, utf8=args.format in _PROGRAM_FORMATS)
    except BrokenPipeError:  # `workrules check | head`: the findings still fail the run
        _reader_gone()
    if args.format == "github":
        from .ci_formats import github_summary

        _job_summary(github_summary(result, notes))
    if args.output and result.exit_code and not args.quiet:  # a CI job's log says why it
        # failed, where the report went to a file (a first hour, round 41: GitLab's recipe,
        # `--format junit -o report.xml`, ended its log at "exit code 1")
        from .report import no_command_lines, summary_line

        _say(no_command_lines(f"workrules: {summary_line(result)} The report is in "
                              f"{printable(args.output)}."))  # fmt: skip
    if config_note is not None:
        _say(f"workrules: note: this run reads the config {printable(args.config)} (--config), "
             "not the workrules.toml here, which differs from it: a change made there (a "
             "waiver, a value) applies once it is in the config named")
    return EXIT_FINDINGS if result.exit_code else EXIT_CLEAN


def _note_left_out_picked(select: Sequence[str], result: Result) -> None:
    """Say so where a `--select` pattern would pick a rule the policy leaves out: `--select
    'case-*'` under a policy that leaves out case-role-boundary ran the one other rule it
    picked and said "0 findings ... nothing to report" (attack round 29, P1). Said with
    `--quiet` too: the rule left out decides what the gate sees."""
    from .report import is_left_out

    found = [na for na in result.not_applied if is_left_out(na)]
    if not select or not found:
        return
    from .findings import LeftOut
    from .policy import left_out_picked

    left = [LeftOut(na.rule, na.clause, na.file, na.line) for na in found]
    rules = [(r.id, r.clause) for r in result.rules]
    for pattern in select:
        gone = left_out_picked(pattern, rules, left)
        if gone:
            said = "; ".join(f"{lo.rule} ({lo.clause}) is left out by {lo.file}:{lo.line}"
                             for lo in gone)  # fmt: skip
            _say(inert(f"workrules: note: --select {pattern}: {said}, so this run does not "
                       f"judge {'it' if len(gone) == 1 else 'them'}"))


def _config_not_read(args: argparse.Namespace) -> RunNote | None:
    """Where `--config FILE` names another config than the `workrules.toml` of the folder the
    check runs in, and the two differ, what a manager reads of it: CI reads the reviewed config
    from the branch a pull request merges into, and a cap or a waiver the pull request changes
    in its own workrules.toml has no effect until merged, which nothing said (a first hour,
    round 43), then only standard error said (round 49: the manager saw a cap of 8 against a
    file that says 14). None where no such config is named, or the two are the same."""
    import os

    named = getattr(args, "config", None)
    here = "workrules.toml"
    if not isinstance(named, str) or not os.path.isfile(here):
        return None
    try:
        if os.path.samefile(named, here):
            return None
        with open(named, "rb") as a, open(here, "rb") as b:
            if a.read(1 << 20) == b.read(1 << 20):
                return None
    except OSError:
        return None
    from .ci_formats import RunNote  # (only here: the pre-commit path never imports it)
    from .config import values_differing

    differ, line = values_differing(here, named)
    shown = printable(named)
    said = (f"This check used the config {shown} (the CI job names it with --config), not "
            "this workrules.toml, which differs from it")
    said += f": {differ}." if differ else "."
    said += (f" In the set-up docs/ci.md gives, {shown} is the workrules.toml of the branch this "
             "pull request merges into, as it was reviewed: a cap or a waiver changed here "
             "applies only once it is merged there. Record an agreed exception in a pull "
             "request of its own, and merge it first.")  # fmt: skip
    return RunNote(here, line, "workrules: this workrules.toml was not used", said)


# The formats that programs read, each UTF-8 by its own declaration or its reader's.
_PROGRAM_FORMATS = frozenset({"json", "sarif", "junit", "codequality", "html", "github",
                              "csv"})


def _reader_gone() -> None:
    """The reader of standard output has gone (`workrules ... | head`): what is left to print
    goes nowhere, and Python's last flush at exit raises nothing."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):  # no descriptor (a test's)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _inputs_of_refused(args: argparse.Namespace, err: WorkrulesError) -> list[str]:
    """The files a refused check read, as far as they can be known: the data, the config and
    the policy chain where they still load, and each file an error names (the config or the
    policy that could not be read is an input too)."""
    return [*(e.file for e in _errors_of(err) if e.file), *_inputs(args, lenient=True)]


def _data_files(args: argparse.Namespace) -> list[str]:
    """The files to check: each directory given replaced by the workrules files under it,
    with one note for the files skipped there (not with --quiet); a file named twice (by a
    folder and by name: `check . rota.yaml`) read once, where it is first named."""
    return _walked(args)[0]


def _walked(args: argparse.Namespace) -> tuple[list[str], tuple[FileNotRead, ...]]:
    """`_data_files`, and what the folders given held that was not read, each with why (for
    the report's `files_not_read`; none with --quiet, which leaves the notes out)."""
    import os

    from .arguments import once

    if not any(f != "-" and os.path.isdir(f) for f in args.files):
        if not all(map(str.isascii, args.files)):  # (the pre-commit path imports no more)
            from .inputs import refuse_unshown_names

            refuse_unshown_names(args.files)
        return once(args.files), ()
    from .inputs import expand_paths, files_not_read, not_read, skipped_notes

    files, skipped = expand_paths(args.files)
    if args.quiet:
        return once(files), ()
    found = not_read(skipped)  # (each path looked at once, for the notes and the report)
    for note in skipped_notes(found):
        print(inert(note), file=sys.stderr)
    return once(files), files_not_read(found)


def _progress(total: int) -> Progress | None:
    """A progress line on stderr for runs of many files, only when stderr is a terminal."""
    if total < 2 or not sys.stderr.isatty():
        return None
    from .terminal import Progress

    return Progress(total)


def _errors_of(err: WorkrulesError) -> tuple[WorkrulesError, ...]:
    from .errors import InputErrors

    return err.errors if isinstance(err, InputErrors) else (err,)


def _report(result: Result, args: argparse.Namespace, notes: Sequence[RunNote] = ()
            ) -> str | bytes:  # fmt: skip
    """The report in the chosen format; the human formats quiet, coloured and fitted as asked;
    `notes`, what the command line adds to the GitHub annotations."""
    from . import report

    if args.format == "github":
        from .ci_formats import github

        return github(result, notes)

    if args.format == "text":
        return report.text(result, quiet=args.quiet, colour=_colour(args))
    if args.format == "table":
        import shutil

        width = shutil.get_terminal_size().columns
        return report.table(result, quiet=args.quiet, colour=_colour(args), width=width)
    if args.format == "json":  # as UTF-8, written as it is (`_write`)
        return report.json_bytes(result)
    if args.format == "sarif" and len(result.findings) > SARIF_RESULTS_MAX and not args.quiet:
        print(f"workrules: the SARIF log holds {len(result.findings):,} results; GitHub code "
              f"scanning rejects a run of more than {SARIF_RESULTS_MAX:,} (and shows 5,000): "
              "upload one log per region, or --select the rules to show (docs/ci.md)",
              file=sys.stderr)  # fmt: skip
    return report.REPORTER_BY_NAME[args.format](result)


SARIF_RESULTS_MAX = 25_000  # the results a run GitHub code scanning takes (its documented limit)


def _job_summary(markdown: str) -> None:
    """In a GitHub Actions job, the run's summary (`ci_formats.github_summary`, or
    `github_errors_summary` for input refused) appended to the file the runner names in
    `GITHUB_STEP_SUMMARY`, which GitHub shows on the run's page: the runner's environment
    alone names it, never a file of the repository. A summary that cannot be written is said
    on standard error; the verdict stands."""
    import os

    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path or os.environ.get("GITHUB_ACTIONS") != "true":
        return
    try:
        with open(path, "a", encoding="utf-8") as out:
            out.write(markdown)
    except OSError as err:
        _say(f"workrules: the job summary could not be written to GITHUB_STEP_SUMMARY "
             f"({err.strerror or err}); the annotations and the exit status still stand")


def _colour(args: argparse.Namespace) -> bool:
    """--color: always, never, or (auto) when the report goes to a terminal that shows colour
    and NO_COLOR is not set (https://no-color.org)."""
    if args.color != "auto":
        return bool(args.color == "always")
    import os

    return (not args.output and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
            and os.environ.get("TERM") != "dumb")  # fmt: skip


def _config_choice(args: argparse.Namespace) -> str | bool:
    """The config file named, False for none, True to look for the nearest one."""
    if getattr(args, "no_config", False):
        return False
    return getattr(args, "config", None) or True


def _configured(args: argparse.Namespace) -> Policy:
    """The policy as `check` would use it: the project config's policy, values, waivers and
    grades, then --policy, --set and (where offered) --select and --ignore."""
    from .api import configured_policy

    policy, _ = configured_policy(args.policy, args.set, _config_choice(args),
                                  select=_rule_list(getattr(args, "select", [])),
                                  ignore=_rule_list(getattr(args, "ignore", [])))  # fmt: skip
    return policy


def _explain(args: argparse.Namespace) -> int:
    from .explain import explain_rule

    policy = _configured(args)
    # a clause (`5a`, `[5a]`, `1.2k` for `1.2k(i)`) that names no rule: each of its rules
    ids = [args.rule] if any(cr.id == args.rule for cr in policy.rules) else (
        policy.rules_of_clause(args.rule) or [args.rule])  # fmt: skip
    if ids == [args.rule] and not any(cr.id == args.rule for cr in policy.rules):
        _refuse_rule_left_out(args)
    sys.stdout.write(_inert_lines("\n".join(explain_rule(policy, rule_id) for rule_id in ids)))
    return EXIT_CLEAN


def _refuse_rule_left_out(args: argparse.Namespace) -> None:
    """Where the project config's `select` or `ignore` (or the command's) leaves out the rule
    `explain` was asked for, say so: "policy claim-2024 has no rule" was untrue (attack round
    20)."""
    from .api import configured_policy

    try:
        _, cfg = configured_policy(args.policy, args.set, _config_choice(args))
        whole, _ = configured_policy(args.policy or (cfg.policy if cfg is not None else None))
    except WorkrulesError:
        return
    where = f"the config {cfg.file}" if cfg is not None and (cfg.select or cfg.ignore) \
        else "--select or --ignore"  # fmt: skip
    said = f"`workrules explain --no-config {args.rule}` explains it as the policy states it"
    if any(cr.id == args.rule for cr in whole.rules):
        raise UsageError(f"policy {whole.name} has the rule {args.rule!r}, but {where} leaves "
                         f"it out, so `check` does not apply it here; {said}")
    if ids := whole.rules_of_clause(args.rule):
        raise UsageError(f"policy {whole.name} has rules for clause {args.rule} "
                         f"({', '.join(ids)}), but {where} leaves them out, so `check` does not "
                         f"apply them here; {said}")


def _inert_lines(text: str) -> str:
    """A report made of lines that may quote a policy: each line's controls written as escapes,
    and no line starting a GitHub workflow command."""
    from .report import no_command_lines

    return no_command_lines("\n".join(printable(line) for line in text.split("\n")))


def _compile(args: argparse.Namespace) -> int:
    policy = _configured(args)
    if args.engine == "columnar":
        from .engine.columnar import describe

        sys.stdout.write(describe(policy.rule(args.rule), policy.values_at(dt.date.today())))
        return EXIT_CLEAN
    from .engine.python import rule_source

    sys.stdout.write(rule_source(policy, args.rule))
    return EXIT_CLEAN


def _diff(args: argparse.Namespace) -> int:
    from .policy_diff import run_diff

    args.files, args.quiet = args.data, False  # a folder of data, as for check
    args.format = _format_by_name(args, ("table", "text", "markdown", "json"), "table")
    output, differ = run_diff(args.old, args.new, data=_data_files(args), fmt=args.format,
                              today=args.today)  # fmt: skip
    try:
        _write(output if args.format == "json" else _inert_lines(output), args.output, args,
               utf8=args.format == "json")  # fmt: skip
    except BrokenPipeError:  # the reader has gone; the policies still differ
        _reader_gone()
    return EXIT_FINDINGS if differ else EXIT_CLEAN


def _render(args: argparse.Namespace) -> int:
    from .document import render_policy

    if args.policy_option is not None:  # `render --policy X`, as `rules` and `explain` take it
        if args.policy is not None:
            raise UsageError(f"render: the policy is given twice ({args.policy} and --policy "
                             f"{args.policy_option}); give it once")  # fmt: skip
        args.policy = args.policy_option
    args.format = _format_by_name(args, ("markdown", "html"), "markdown")
    _write(render_policy(_configured(args), args.format), args.output, args)
    return EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    policy = _configured(args)
    for cr in policy.rules:
        rule = cr.rule
        since = f"; from {rule.effective}" if rule.effective else ""
        print(inert(f"{rule.id} [{rule.clause}] {rule.severity}{since}: {cr.head.title}"))
        for name in sorted(cr.params | cr.optional_params):
            print(inert(f"    {name} = {policy.describe_value(name)}"))
    if policy.left_out:  # (a rule of the base not applied here is said, never dropped silently)
        print(f"\nLeft out ({len(policy.left_out)} rule{'' if len(policy.left_out) == 1 else 's'}"
              "), not applied:")
        for lo in policy.left_out:
            print(inert(f"  {lo.rule} [{lo.clause}]: {lo.said()}"))
    return EXIT_CLEAN


def _test(args: argparse.Namespace) -> int:
    import os

    from .policy_tests import junit, report, run_tests

    if args.junit and not args.junit.lower().endswith(".xml") and os.path.isfile(args.junit):
        # (a policy or a data file the tests read, named by a slip, was replaced by the XML:
        # the review of session 42)
        raise UsageError(f"--junit {args.junit}: a JUnit report is XML, and this file is not "
                         "one; name the report *.xml")
    run = run_tests(args.paths)
    if args.junit:  # never over a test file it ran (attack round 20), as -o never is
        _write(junit(run), args.junit, read=sorted({o.file for o in run.outcomes}))
    try:
        sys.stdout.write(report(run, verbose=args.verbose))
    except BrokenPipeError:  # `workrules test | head`: a failing test still fails the run
        _reader_gone()
    return EXIT_FINDINGS if run.exit_code else EXIT_CLEAN


def _fmt(args: argparse.Namespace) -> int:
    from .fmt import format_files

    stdin = sys.stdin.read() if "-" in args.files else None
    changed = False
    for one in format_files(args.files, stdin):
        changed = changed or one.changed
        if args.check:
            if one.changed:
                try:
                    print(inert(f"would reformat {one.path}"))
                except BrokenPipeError:  # the reader has gone; the file still would change
                    _reader_gone()
        elif one.path == "-":
            sys.stdout.write(one.after)
        elif one.changed:
            _write(one.after, one.path)
            print(inert(f"reformatted {one.path}"))
    return EXIT_FINDINGS if args.check and changed else EXIT_CLEAN


def _indicators(args: argparse.Namespace) -> int:
    from .dataset import load_data
    from .workforce import compute
    from .workforce_report import REPORTER_BY_NAME

    args.quiet = False
    args.format = _format_by_name(args, REPORTER_BY_NAME, "table")
    args.files = _data_files(args)
    report = compute(load_data(args.files), args.period, by=args.by, min_cell=args.min_cell)
    _write(REPORTER_BY_NAME[args.format](report), args.output, args)
    return EXIT_CLEAN


def _completion(args: argparse.Namespace) -> int:
    from .completion import completion_script

    sys.stdout.write(completion_script(_parser(), args.shell))
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line `argv` (else sys.argv's) and give its exit code.

    The cyclic garbage collector is paused for the whole command (a command makes no
    reference cycles worth collecting): a hook run that checks one job description otherwise
    spends some 7 ms, a twentieth of its run, in collections triggered by the classes and the
    policy its imports and loading build (which is why this module imports little at its top),
    and as much again in the collection Python makes at exit of every object then alive. So
    for the process's own command line (`argv` None) it stays paused to the end; a caller that
    passes `argv` gets it back as it was. Loading and checking data pause it in any case
    (`gc_pause`). So does what else the command line chooses for its process (the policy cache,
    pausing the collector while data loads, pyarrow's memory pool): a caller that passes `argv`
    finds each as it was before."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    kept = _process_choices() if argv is not None else None
    stdout = _usable_stdout()
    stderr = sys.stderr
    if stderr is None:  # started without one (`2>&-`): what it would say goes nowhere
        sys.stderr = _ClosedStderr()
    try:
        return _main(argv)
    finally:
        if stderr is None:
            sys.stderr = stderr
        if enabled and argv is not None:
            gc.enable()
        if kept is not None:
            _restore_process_choices(kept)
        _restore_stdout(stdout)


class _ClosedStdout:
    """Standard output when the process was started without one (`workrules check >&-`):
    writing to it is writing to a reader that has gone, so a check still exits 1 on findings
    rather than ending in an internal error."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise BrokenPipeError("standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class _ClosedStderr:
    """Standard error when the process was started without one: a progress bar and messages
    are not shown, and the exit status is the same (it ended a check with findings as an
    internal error, exit 70: attack round 13)."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _usable_stdout() -> tuple[Any, str | None]:
    """Make standard output able to take any report: a stand-in when it is closed, and on a
    console whose code page lacks a character of the data (Windows' cp1252 has no `Ł`, no
    `李`, no box drawing) that character written as an escape (`\\u0141`), not an internal
    error. Gives what to put back."""
    import codecs

    stream = sys.stdout
    if stream is None:
        sys.stdout = _ClosedStdout()
        return stream, None
    errors = getattr(stream, "errors", None)
    try:
        utf = codecs.lookup(stream.encoding).name.startswith("utf-")
    except (AttributeError, LookupError, TypeError):
        utf = True  # not a text stream we can ask: leave it as it is
    # (the C locale's `surrogateescape` writes back only the bytes a file name could not
    # decode; any other character the code page lacks ends the run as `strict` does)
    if errors in ("strict", "surrogateescape") and not utf and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="backslashreplace")
        return stream, errors
    return stream, None


def _restore_stdout(kept: tuple[Any, str | None]) -> None:
    stream, errors = kept
    if stream is None:
        sys.stdout = stream
    elif errors is not None and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors=errors)


_POOL = "ARROW_DEFAULT_MEMORY_POOL"


def _process_choices() -> tuple[bool, bool, str | None]:
    import os

    from . import gc_pause, policy

    return policy._USE_CACHE, gc_pause._PAUSE, os.environ.get(_POOL)


def _restore_process_choices(kept: tuple[bool, bool, str | None]) -> None:
    import os

    from .gc_pause import use_gc_pause
    from .policy import use_cache

    use_cache(kept[0])
    use_gc_pause(kept[1])
    if kept[2] is None:
        os.environ.pop(_POOL, None)
    else:
        os.environ[_POOL] = kept[2]


def _main(argv: Sequence[str] | None) -> int:
    from .gc_pause import use_gc_pause
    from .policy import use_cache

    use_cache()  # the parsed-policy cache is the command line's choice (WORKRULES_NO_CACHE)
    use_gc_pause()  # so is pausing the garbage collector while data loads and rules run
    import os

    # and pyarrow's memory pool: its default (mimalloc) takes fresh huge pages for Parquet's
    # tables, each zeroed by the kernel (a national Parquet run: 0.6 s of system time and
    # 125 MiB more at the peak than the C library's allocator). Read when pyarrow is imported.
    os.environ.setdefault(_POOL, "system")
    words = list(sys.argv[1:] if argv is None else argv)
    args: Any = SimpleNamespace(debug="--debug" in words)
    try:
        _refuse_options_that_are_files(words)
        _refuse_given_twice(words)
        args = _quick_check_args(words) or _parser().parse_args(words)
        if getattr(args, "output", None) == "-":  # `-o -`: standard output, as for every
            args.output = None  # tool that takes a file (it wrote a file named "-")
        command = {"check": _check, "rules": _rules, "explain": _explain, "compile": _compile,
                   "diff": _diff, "render": _render, "test": _test, "fmt": _fmt,
                   "indicators": _indicators, "completion": _completion}[args.command]  # fmt: skip
        return command(args)
    except WorkrulesError as err:
        errors = _errors_of(err)
        for one in errors[:MAX_ERRORS_SHOWN]:  # each on its own line, as ruff does
            said = one.command_line() if isinstance(one, UsageError) else str(one)
            _say(f"workrules: {said}")
            details = one.details()
            if details:
                _say(details)
        if len(errors) > MAX_ERRORS_SHOWN:
            _say(f"workrules: ... and {len(errors) - MAX_ERRORS_SHOWN} more input errors")
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `workrules ... | head`: the reader has gone; that is not an error
        _reader_gone()  # (check, test, diff and fmt --check still give their verdict)
        return EXIT_CLEAN
    except Exception as err:  # any other exception is a bug, never a finding
        return _bug(err, getattr(args, "debug", False))


# `workrules check FILE... [OPTION VALUE | FLAG]...`, as a pre-commit hook runs it, is read here
# without argparse: its import and the parser of every command (help texts and all) were about
# a tenth of a hook's run. Anything else, or anything unusual in it (an abbreviation, a
# `--name=value`, a value starting with `-`, a value not among the choices, files in two runs,
# --today, --help), is left to argparse, so every refusal and message is still argparse's.
# tests/test_precommit_path.py holds the two to the same arguments.
_QUICK_FLAGS = {"-q": "quiet", "--quiet": "quiet", "--redact": "redact",
                "--no-config": "no_config", "--debug": "debug",
                "--data-only": "data_only"}  # fmt: skip
_QUICK_VALUES = {"--policy": "policy", "--format": "format", "--color": "color",
                 "--colour": "color", "-o": "output", "--output": "output",
                 "--fail-on": "fail_on", "--engine": "engine", "--config": "config"}  # fmt: skip
_QUICK_LISTS = {"--set": "set", "--select": "select", "--ignore": "ignore"}


# Options of `check` that say what the gate is: given twice, argparse lets the later win in
# silence. In CI the files come from the pull request (`$(git ls-files ...)`), and a file
# named `rotas/zz --config=evil.yaml` is split by the shell into a file and an option that
# replaced the reviewed --config: the gate passed. Each is refused when given twice, and so
# is --config beside --no-config. (argparse takes a unique prefix, `--conf`, as the option.)
_ONCE = ("--config", "--no-config", "--policy", "--fail-on")


def _refuse_given_twice(words: Sequence[str]) -> None:
    if not words or words[0] != "check":
        return
    seen: dict[str, str] = {}
    for word in words[1:]:
        if word == "--":  # what follows is files, however it is spelt
            break
        name = word.split("=", 1)[0]
        if not name.startswith("--") or len(name) < 5:
            continue
        option = next((o for o in _ONCE if o.startswith(name)), None)
        if option is None:
            continue
        if option in seen or {option, *seen} >= {"--config", "--no-config"}:
            first = seen.get(option) or seen.get("--config") or seen.get("--no-config")
            raise UsageError(f"{word!r} after {first!r}: {option} is given once (a later one "
                             "would replace the first in silence); if a file name starts "
                             "with '-', put '--' before the files")  # fmt: skip
        seen[option] = word


def _refuse_options_that_are_files(words: Sequence[str]) -> None:
    """Refuse a word that would be read as an option but names a file or folder here.
    pre-commit passes a commit's file names after the hook's own options, with no `--`
    before them: a committed `-o../x-rota.yaml` (the file `x-rota.yaml` in a folder named
    `-o..`) was read as `-o ../x-rota.yaml`, and the report written outside the repository.
    Nobody types an option that is also the name of a file beside them. A file named `-`
    (which pre-commit and `git ls-files | xargs` pass as `-`) was read as standard input,
    and the file itself never checked: a terminal's input awaited, or "<stdin>: is empty"."""
    import os

    if "-" in words and os.path.lexists("-"):  # before or after `--`: `-` is always stdin
        raise UsageError("'-' is the name of a file here, and it would be read as standard "
                         "input, not the file; name the file as ./-")  # fmt: skip
    for word in words:
        if word == "--" and os.path.lexists(word):  # a file named `--` (a glob's `*` gives it)
            raise UsageError("'--' is the name of a file here, and it would end the options "
                             "unread; name the file as ./--")  # fmt: skip
        if word == "--":  # what follows is files, however it is spelt
            return
        if word.startswith("-") and word != "-" and os.path.lexists(word):
            raise UsageError(f"{word!r} is the name of a file here, so it is not taken as an "
                             "option; put '--' before the files (workrules check [OPTION]... "
                             "-- FILE...)")  # fmt: skip


def _quick_check_args(words: Sequence[str]) -> Any:
    """The arguments argparse would give `check` for `words`, or None: ask argparse."""
    if not words or words[0] != "check":
        return None
    from .findings import FAIL_ON
    from .report import REPORTER_BY_NAME

    choices: dict[str, Any] = {"format": REPORTER_BY_NAME, "color": _COLOURS,
                               "fail_on": FAIL_ON, "engine": ENGINES}  # fmt: skip
    args: dict[str, Any] = {
        "debug": False, "command": "check", "files": [], "policy": None, "set": [],
        "select": [], "ignore": [], "format": None, "color": "auto", "output": None,
        "fail_on": None, "quiet": False, "redact": False, "engine": "auto", "today": None,
        "config": None, "no_config": False, "data_only": False,
    }  # fmt: skip
    i, after_files = 1, False
    while i < len(words):
        word = words[i]
        if not word.startswith("-"):  # a file; argparse takes one run of them only
            if after_files:
                return None
            args["files"].append(word)
            i += 1
            continue
        after_files = bool(args["files"])
        if word in _QUICK_FLAGS:
            args[_QUICK_FLAGS[word]] = True
            i += 1
            continue
        name = _QUICK_VALUES.get(word) or _QUICK_LISTS.get(word)
        if name is None or i + 1 == len(words) or words[i + 1].startswith("-"):
            return None
        value = words[i + 1]
        if name in choices and value not in choices[name]:
            return None
        if word in _QUICK_LISTS:
            args[name].append(value)
        else:
            args[name] = value
        i += 2
    return SimpleNamespace(**args) if args["files"] else None


def _bug(err: BaseException, debug: bool) -> int:
    """Report an unexpected exception: one line (the traceback with --debug), exit EXIT_BUG."""
    if debug:
        import traceback

        traceback.print_exception(err, file=sys.stderr)
    if isinstance(err, MemoryError) and not debug:  # (attack round 21: a 63 MB export,
        # within every bound, ran the machine out of memory and was said to be a bug)
        _say("workrules: the machine ran out of memory checking this data (MemoryError): no "
             "finding was made. The data is within workrules' bounds but larger than this "
             "machine holds: check it in parts (a region or a year at a time), or on a machine "
             "with more memory.")  # fmt: skip
        return EXIT_BUG
    reason = inert(f"{type(err).__name__}: {err}")
    if len(reason) > 200:
        reason = reason[:150] + " ... " + reason[-40:]
    hint = "" if debug else "; run again with --debug for the traceback"
    _say(f"workrules: internal error ({reason}). This is a bug in workrules, not a finding "
         f"about your files: please report it to the workrules maintainers with the command "
         f"you ran{hint}.")  # fmt: skip
    return EXIT_BUG


if __name__ == "__main__":
    raise SystemExit(main())
