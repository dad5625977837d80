"""The command line: a thin shell over the library API.

`main(argv)` parses arguments, calls the library, prints, and returns the exit code: 0 nothing
fails the run, 1 a finding fails it (see --fail-on), 2 the input, the policy or the command
could not be used (for `diff`: 0 the same, 1 different). Every
`WorkrulesError` becomes a one-line message (plus a caret excerpt for policy errors) here and
nowhere else.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from .errors import WorkrulesError
from .findings import FAIL_ON

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line, like every other refusal; the usage is one --help away.
        import re

        from .errors import did_you_mean

        wrong = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if wrong:
            choices = re.findall(r"'([^']*)'", wrong.group(2))
            message += did_you_mean(wrong.group(1), choices)
        print(f"workrules: {message} (see '{self.prog} --help')", file=sys.stderr)
        raise SystemExit(EXIT_UNUSABLE)


def _parser() -> argparse.ArgumentParser:
    from .report import REPORTER_BY_NAME

    p = _Parser(prog="workrules", description="Check rotas, allocations and job descriptions "
                "against the probation unions' workload claim, or another policy.")  # fmt: skip
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="check data files against a policy")
    check.add_argument("files", nargs="+", metavar="FILE",
                       help="rota, allocation, staff and job-description files (YAML, JSON or "
                            "Markdown with front matter), checked together")  # fmt: skip
    _policy_args(check)
    check.add_argument("--format", choices=sorted(REPORTER_BY_NAME), default="table",
                       help="output format (default: table)")  # fmt: skip
    check.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    check.add_argument("--fail-on", choices=FAIL_ON, default=None,
                       help="the weakest severity that fails the run: advisory, warning "
                            "(soft-mandatory; the default), error (hard-mandatory only) or "
                            "never (report only)")  # fmt: skip
    _today_arg(check)
    _config_arg(check)

    rules = sub.add_parser("rules", help="list the rules of a policy with their parameters")
    _policy_args(rules)

    explain = sub.add_parser("explain", help="what a rule checks, why, and an example breach")
    explain.add_argument("rule", metavar="RULE", help="a rule id, e.g. upw-group-ratio")
    _policy_args(explain)

    compiled = sub.add_parser("compile", help="the Python code the engine generates for a rule")
    compiled.add_argument("rule", metavar="RULE", help="a rule id, e.g. upw-group-ratio")
    _policy_args(compiled)

    diff = sub.add_parser("diff", help="what changed between two versions of a policy, and "
                          "(with --data) what each would flag on the same data")  # fmt: skip
    diff.add_argument("old", metavar="OLD", help="the older policy (file or shipped name)")
    diff.add_argument("new", metavar="NEW", help="the newer policy (file or shipped name)")
    diff.add_argument("--data", nargs="+", default=[], metavar="FILE",
                      help="evaluate both versions on these data files and compare findings")
    diff.add_argument("--format", choices=("table", "markdown", "json"), default="table",
                      help="output format (default: table)")
    diff.add_argument("-o", "--output", metavar="FILE", help="write the diff to FILE")
    _today_arg(diff)

    render = sub.add_parser("render", help="a policy as a readable document")
    render.add_argument("policy", metavar="POLICY", nargs="?",
                        help="a policy file or shipped name (default: claim-2024)")
    render.add_argument("--format", choices=("markdown", "html"), default="markdown",
                        help="output format (default: markdown)")
    render.add_argument("-o", "--output", metavar="FILE", help="write the document to FILE")
    return p


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
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _policy_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--policy", metavar="POLICY",
                   help="a policy file, or the name of a shipped policy (default: claim-2024)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="give a parameter a value, e.g. --set sfo_open_reviews_max=2 or "
                        "--set 'span_of_control_max[SPO]=6' (repeatable)")  # fmt: skip


def _write(output: str, path: str | None, args: argparse.Namespace | None = None) -> None:
    """Print `output`, or (-o) write it to `path`: never over a file the command read, and
    through a new file renamed into place, so a failed write leaves the old file whole."""
    if not path:
        sys.stdout.write(output)
        return
    import contextlib
    import os
    import stat

    try:
        st: os.stat_result | None = os.stat(path)
    except (OSError, ValueError):
        st = None
    if st is not None and args is not None:
        for used in _inputs(args):
            try:
                same = os.path.samefile(path, used)
            except (OSError, ValueError):
                same = False
            if same:
                raise WorkrulesError("-o would overwrite a file this command reads; write the "
                                     "output to another file", file=path)  # fmt: skip
    try:
        if st is not None and not stat.S_ISREG(st.st_mode):  # /dev/null, a pipe: write to it
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(output)
            return
        folder = os.path.dirname(os.path.abspath(path))
        tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.urandom(6).hex()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(tmp, flags, 0o666)
        try:
            with open(fd, "w", encoding="utf-8") as handle:
                handle.write(output)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as err:
        raise WorkrulesError(f"cannot write the report: {err.strerror}",
                             file=path) from None  # fmt: skip


def _inputs(args: argparse.Namespace) -> list[str]:
    """Every file the command read: data, config, and each policy file it extends."""
    from .policy import load_policy

    files = [*getattr(args, "files", []), *getattr(args, "data", [])]
    policies = [p for p in (getattr(args, "old", None), getattr(args, "new", None)) if p]
    if args.command in ("check", "render"):
        policy = args.policy
        if args.command == "check":
            from .config import find_config, read_config

            choice = _config_choice(args)
            cfg = find_config(".") if choice is True else read_config(choice) if choice else None
            if cfg is not None:
                files += [cfg.file, *cfg.data]
                policy = policy or cfg.policy
        policies.append(policy)
    for policy in policies:
        files.extend(load_policy(policy).files)
    return files


def _check(args: argparse.Namespace) -> int:
    from .api import check
    from .report import REPORTER_BY_NAME

    result = check(args.files, policy=args.policy, set_values=args.set, today=args.today,
                   fail_on=args.fail_on, config=_config_choice(args))  # fmt: skip
    _write(REPORTER_BY_NAME[args.format](result), args.output, args)
    return EXIT_FINDINGS if result.exit_code else EXIT_CLEAN


def _config_choice(args: argparse.Namespace) -> str | bool:
    """The config file named, False for none, True to look for the nearest one."""
    if getattr(args, "no_config", False):
        return False
    return getattr(args, "config", None) or True


def _explain(args: argparse.Namespace) -> int:
    from .explain import explain_rule
    from .policy import load_policy

    sys.stdout.write(explain_rule(load_policy(args.policy, args.set), args.rule))
    return EXIT_CLEAN


def _compile(args: argparse.Namespace) -> int:
    from .engine.python import rule_source
    from .policy import load_policy

    sys.stdout.write(rule_source(load_policy(args.policy, args.set), args.rule))
    return EXIT_CLEAN


def _diff(args: argparse.Namespace) -> int:
    from .policy_diff import run_diff

    output, differ = run_diff(args.old, args.new, data=args.data, fmt=args.format,
                              today=args.today)  # fmt: skip
    _write(output, args.output, args)
    return EXIT_FINDINGS if differ else EXIT_CLEAN


def _render(args: argparse.Namespace) -> int:
    from .document import render_policy
    from .policy import load_policy

    _write(render_policy(load_policy(args.policy), args.format), args.output, args)
    return EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    from .policy import load_policy

    policy = load_policy(args.policy, args.set)
    for cr in policy.rules:
        rule = cr.rule
        since = f"; from {rule.effective}" if rule.effective else ""
        print(f"{rule.id} [{rule.clause}] {rule.severity}{since}: {rule.title}")
        for name in sorted(cr.params | cr.optional_params):
            print(f"    {name} = {policy.describe_value(name)}")
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    from .policy import use_cache

    use_cache()  # the parsed-policy cache is the command line's choice (WORKRULES_NO_CACHE)
    args = _parser().parse_args(argv)
    try:
        command = {"check": _check, "rules": _rules, "explain": _explain, "compile": _compile,
                   "diff": _diff,
                   "render": _render}[args.command]  # fmt: skip
        return command(args)
    except WorkrulesError as err:
        print(f"workrules: {err}", file=sys.stderr)
        details = err.details()
        if details:
            print(details, file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `workrules ... | head`: the reader has gone; that is not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN


if __name__ == "__main__":
    raise SystemExit(main())
