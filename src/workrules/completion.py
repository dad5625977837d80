"""Shell completion scripts for bash, zsh and fish, written from the argparse parser.

`workrules completion bash > ~/.local/share/bash-completion/completions/workrules` (see
docs/cli.md). The scripts complete commands, each command's options, the choices of options
that have them (--format, --color, --fail-on), and file names elsewhere.
"""

from __future__ import annotations

import argparse


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> list[tuple[list[str], list[str], str]]:
    """(option strings, choices, help) of every option of `parser`."""
    out = []
    for action in parser._actions:
        if action.option_strings:
            choices = [str(c) for c in action.choices] if action.choices else []
            text = "" if action.help in (None, argparse.SUPPRESS) else str(action.help)
            out.append((list(action.option_strings), choices, text))
    return out


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for `shell` (bash, zsh or fish)."""
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](parser)


def _bash(parser: argparse.ArgumentParser) -> str:
    commands = _commands(parser)
    lines = [
        "# bash completion for workrules (workrules completion bash)",
        "_workrules() {",
        '    local cur prev cmd i',
        '    cur="${COMP_WORDS[COMP_CWORD]}"',
        '    prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    cmd=""',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in -*) ;; *) cmd="${COMP_WORDS[i]}"; break ;; esac',
        "    done",
        '    case "$prev" in',
    ]
    seen: set[str] = set()
    for sub in commands.values():
        for names, choices, _ in _options(sub):
            if choices and names[-1] not in seen:
                seen.add(names[-1])
                lines.append(f'        {"|".join(names)}) COMPREPLY=($(compgen -W '
                             f'"{" ".join(choices)}" -- "$cur")); return ;;')  # fmt: skip
    lines += ["    esac", '    case "$cmd" in',
              f'        "") COMPREPLY=($(compgen -W "{" ".join(commands)} --version --help '
              '--debug" -- "$cur")); return ;;']  # fmt: skip
    for name, sub in commands.items():
        words = " ".join(n for names, _, _ in _options(sub) for n in names)
        positional = [a for a in sub._actions if not a.option_strings and a.choices]
        extra = " ".join(str(c) for a in positional for c in a.choices or ())
        lines.append(f'        {name}) if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W '
                     f'"{words}" -- "$cur")); else COMPREPLY=($(compgen -W "{extra}" -- '
                     f'"$cur") $(compgen -f -- "$cur")); fi ;;')  # fmt: skip
    lines += ["    esac", "}", "complete -o filenames -F _workrules workrules", ""]
    return "\n".join(lines)


def _zsh(parser: argparse.ArgumentParser) -> str:
    commands = _commands(parser)
    lines = ["#compdef workrules", "# zsh completion for workrules (workrules completion zsh)",
             "_workrules() {", "    local -a commands",
             "    commands=("]  # fmt: skip
    for name, sub in commands.items():
        lines.append(f"        '{name}:{_quote(sub.description or _help_of(parser, name))}'")
    lines += ["    )", "    if (( CURRENT == 2 )); then",
              "        _describe 'command' commands", "        return", "    fi",
              '    case "${words[2]}" in']  # fmt: skip
    for name, sub in commands.items():
        specs = []
        for names, choices, text in _options(sub):
            values = f":value:({' '.join(choices)})" if choices else ""
            for n in names:
                specs.append(f"'{n}[{_quote(text)}]{values}'")
        specs.append("'*:file:_files'")
        lines.append(f"        {name}) _arguments {' '.join(specs)} ;;")
    lines += ["    esac", "}", 'compdef _workrules workrules', ""]
    return "\n".join(lines)


def _fish(parser: argparse.ArgumentParser) -> str:
    commands = _commands(parser)
    lines = ["# fish completion for workrules (workrules completion fish)",
             f"set -l commands {' '.join(commands)}"]  # fmt: skip
    for name in commands:
        lines.append(f"complete -c workrules -n \"not __fish_seen_subcommand_from $commands\" "
                     f"-f -a {name} -d '{_quote(_help_of(parser, name))}'")  # fmt: skip
    for name, sub in commands.items():
        for names, choices, text in _options(sub):
            flags = " ".join(f"-l {n[2:]}" if n.startswith("--") else f"-s {n[1:]}"
                             for n in names)  # fmt: skip
            values = f" -x -a '{' '.join(choices)}'" if choices else ""
            lines.append(f"complete -c workrules -n \"__fish_seen_subcommand_from {name}\" "
                         f"{flags}{values} -d '{_quote(text)}'")  # fmt: skip
    lines.append("")
    return "\n".join(lines)


def _help_of(parser: argparse.ArgumentParser, command: str) -> str:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.dest == command:
                    return str(choice.help or "")
    return ""


def _quote(text: str) -> str:
    """Text safe inside single quotes (and zsh's [...] descriptions)."""
    return text.replace("'", "").replace("[", "(").replace("]", ")").replace(":", " -")
