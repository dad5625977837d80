"""The command line: a thin shell over the library API.

`main(argv)` parses arguments, calls the library, prints, and returns the exit code: 0 no
findings, 1 findings, 2 the input, the policy or the command could not be used. Every
`WorkrulesError` becomes a one-line message (plus a caret excerpt for policy errors) here and
nowhere else.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import WorkrulesError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"workrules: error: {message}", file=sys.stderr)
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

    rules = sub.add_parser("rules", help="list the rules of a policy with their parameters")
    _policy_args(rules)
    return p


def _policy_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--policy", metavar="POLICY",
                   help="a policy file, or the name of a shipped policy (default: claim-2024)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="give a parameter a value, e.g. --set sfo_open_reviews_max=2 or "
                        "--set 'span_of_control_max[SPO]=6' (repeatable)")  # fmt: skip


def _check(args: argparse.Namespace) -> int:
    from .api import check
    from .report import REPORTER_BY_NAME

    result = check(args.files, policy=args.policy, set_values=args.set)
    output = REPORTER_BY_NAME[args.format](result)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(output)
        except OSError as err:
            raise WorkrulesError(f"cannot write the report: {err.strerror}",
                                 file=args.output) from None  # fmt: skip
    else:
        sys.stdout.write(output)
    return EXIT_FINDINGS if result.findings else EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    from .policy import load_policy

    policy = load_policy(args.policy, args.set)
    for cr in policy.rules:
        rule = cr.rule
        since = f"; from {rule.effective}" if rule.effective else ""
        print(f"{rule.id} [{rule.clause}] {rule.severity}{since}: {rule.title}")
        for name in sorted(cr.params):
            print(f"    {name} = {policy.describe_value(name)}")
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        return _rules(args)
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
