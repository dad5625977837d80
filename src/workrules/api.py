"""The library API: what the CLI calls and what other tools import.

    from workrules import load_policy, load_data
    policy = load_policy()                      # the claim, shipped with the package
    policy = policy.with_values(["sfo_open_reviews_max=2"])
    result = policy.check(load_data(["rota.yaml", "allocation.yaml"]))
    for finding in result.findings: ...

Every value returned is frozen (a msgspec Struct: `msgspec.structs.replace(finding, ...)` makes
a changed copy); every error raised is a `WorkrulesError`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .dataset import Dataset, load_data, load_kept
from .errors import InputErrors, UsageError, WorkrulesError
from .findings import DEFAULT_FAIL_ON, FailOn, Result
from .load import STDIN, STDIN_NAME
from .policy import Policy, load_policy, refuse_nothing, refuse_posing_as_shipped
from .resources import DEFAULT_POLICY, confined_to, named_in_root

if TYPE_CHECKING:
    from .config import Config
    from .workforce import IndicatorReport


def check(
    files: Iterable[str | os.PathLike[str]],
    policy: Policy | str | os.PathLike[str] | None = None,
    set_values: Iterable[str] = (),
    *,
    today: dt.date | None = None,
    fail_on: FailOn | None = None,
    config: str | os.PathLike[str] | bool = False,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    progress: Callable[[int], None] | None = None,
    redact: bool = False,
    engine: str = "auto",
    root: str | os.PathLike[str] | None = None,
) -> Result:
    """Load `files` as one data set and check it against `policy` (default: the claim). A
    folder among them is walked for workrules data, as the command line walks it.

    `config`: a project config file, True to use the nearest one above the current
    directory, False (the default for library callers) for none. The config can name the
    policy, parameter values, waivers, the severity that fails a run, the rules to select
    or ignore, and data files that are always loaded (a staff list, say); findings are then
    reported only for `files`. `select` (replacing the config's) and `ignore` (added to the
    config's): rule ids or patterns such as `jd-*`. A file named `-` is standard input.
    `progress` is called with the number of files read so far. `redact`: every staff id and
    name in the result replaced by a pseudonym (`staff-01`, ...; see `workrules.redact`).
    `engine`: python, columnar or auto (see `Policy.check`). `root`: a folder every file the
    call reads must be inside (the files named, a config's `data`, a policy's `extends`,
    where links lead), whatever the current folder: a service checking users' uploads names
    each upload's folder (see docs/library.md). By default the bounds are the git work tree,
    else the current folder.
    """
    with confined_to(root):
        try:
            return _check(files, policy, set_values, today=today, fail_on=fail_on,
                          config=config, select=select, ignore=ignore, progress=progress,
                          redact=redact, engine=engine)  # fmt: skip
        except WorkrulesError as err:
            if root is not None:  # (a folder walked, say, is refused by the name it was given)
                for one in err.errors if isinstance(err, InputErrors) else (err,):
                    # (only a name as given, which is a file: one the load named already is
                    # relative to `root`, and named again it was `tmp/x/tmp/x/rota.yaml`
                    # where the current folder is within `root`)
                    if one.file is not None and os.path.lexists(one.file):
                        one.file = named_in_root(one.file)
            raise


def _check(files: Iterable[str | os.PathLike[str]], policy: Policy | str | os.PathLike[str] | None,
           set_values: Iterable[str], *, today: dt.date | None, fail_on: FailOn | None,
           config: str | os.PathLike[str] | bool, select: Iterable[str], ignore: Iterable[str],
           progress: Callable[[int], None] | None, redact: bool, engine: str) -> Result:
    """`check`, within its `root`."""
    from .arguments import day, file_names, many

    names = file_names(files, "files")
    skipped: list[str] = []
    if any(os.path.isdir(n) for n in names):  # a folder, walked as the command line walks it
        from .inputs import expand_paths

        names, skipped = expand_paths(names)
    elif not all(map(str.isascii, names)):
        from .inputs import refuse_unshown_names

        refuse_unshown_names(names)
    if not names:  # (the command line asks for a FILE: a gate given nothing must not pass)
        raise UsageError("files: no data files given, and a check of nothing would pass; give "
                         "the files to check, e.g. ['staff.yaml', 'rota.yaml']")
    set_values, today = many(set_values, "set_values", "['sfo_open_reviews_max=2']"), day(today)
    select, ignore = many(select, "select", "['jd-*']"), many(ignore, "ignore", "['jd-*']")
    policy, cfg = configured_policy(policy, set_values, config, select=select, ignore=ignore)
    config_fail_on = cfg is not None and fail_on is None and cfg.fail_on not in (
        None, DEFAULT_FAIL_ON)  # (the command line's --fail-on is not the config's)
    if cfg is not None:
        fail_on = fail_on or cfg.fail_on
    always: list[str] = []
    if cfg is not None:
        always = [f for f in cfg.data if not any(_same_file(f, g) for g in names)]
    # JSON and NDJSON records kept unbuilt too when the columnar engine is sure to run, and
    # large NDJSON exports read as columns unless the Python engine is sure to run
    forced = engine if engine != "auto" else os.environ.get("WORKRULES_ENGINE", "")
    data = load_kept([*always, *names], "all" if forced == "columnar" else "tables", progress,
                     columns=forced != "python", slips=policy.grade_slips)  # fmt: skip
    refuse_nothing(data)
    if select or ignore or (cfg is not None and (cfg.select or cfg.ignore or
                                                 _config_chose_policy(cfg, policy))):
        named = set(map(_named, names)) if always else None
        _refuse_unread(policy, data, named, list(select), list(ignore), cfg)
    result = policy.check(data, today=today, fail_on=fail_on or DEFAULT_FAIL_ON, engine=engine)
    if not (select or ignore or (cfg is not None and (cfg.select or cfg.ignore))):
        # (rules chosen by name read what they read: the run's choice, not the policy's)
        result = _unread_kinds_shown(result, policy, data,
                                     set(map(_named, names)) if always else None)  # fmt: skip
    if config_fail_on:
        assert cfg is not None
        result = _config_fail_on_shown(result, cfg)
    if always:
        assert cfg is not None
        result = _only_for_named(result, [_named(n) for n in names], always, cfg)
    if skipped:  # what the command line's notes say, in the result (a first hour, round 44:
        # a folder upload's Word job description and rota of no `kind:`, unread, unsaid)
        import msgspec

        from .inputs import files_not_read, not_read

        found = [(named_in_root(path), why) for path, why in not_read(skipped)]
        result = msgspec.structs.replace(result, files_not_read=files_not_read(found))
    if redact:
        from .redact import redacted

        result = redacted(result, data.staff)
    return result


def indicators(files: Iterable[str | os.PathLike[str]], period: str | None = None,
               **options: Any) -> IndicatorReport:  # fmt: skip
    """Clause 3's workload indicators over `files` (see `workrules.workforce.indicators`):
    `period` such as `2024-Q2`, `by` the breakdowns, `min_cell` the smallest group shown,
    `root` as for `check`."""
    from .workforce import indicators as compute

    return compute(files, period, **options)


def configured_policy(
    policy: Policy | str | os.PathLike[str] | None = None,
    set_values: Iterable[str] = (),
    config: str | os.PathLike[str] | bool = False,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> tuple[Policy, Config | None]:
    """The policy a run uses, and the project config it was read with (`config` as for
    `check`): the config's policy unless one is given, its values then `set_values` (so the
    command line's --set wins), its waivers and grades, and the rules selected."""
    from .config import find_config, read_config

    cfg = None
    if config is True:
        cfg = find_config(os.getcwd())
    elif config:
        cfg = read_config(os.fspath(config))
    its_policy = cfg is not None and policy is None and cfg.policy is not None
    if cfg is not None and policy is None:
        policy = cfg.policy
    if not isinstance(policy, Policy):
        beside = [name for name, _ in cfg.grades] if cfg is not None else []
        source, policy = policy, load_policy(policy, grades=beside)
        refuse_posing_as_shipped(policy, source)
    if its_policy:
        assert cfg is not None
        policy = _config_policy_shown(policy, cfg)
    if cfg is not None:  # grades first, so that --set can cap a grade the config declares
        policy = _config_grades_shown(policy.with_grades(cfg.grades, cfg.file, cfg.grade_lines),
                                      cfg)  # fmt: skip
    if cfg is not None and cfg.set_values:  # first, so that the command line's --set wins
        policy = policy.with_values(cfg.set_values, file=cfg.file, lines=cfg.set_lines)
    if set_values:
        policy = policy.with_values(set_values)
    select, ignore = list(select), list(ignore)
    if cfg is not None:
        policy = _config_waivers_shown(policy.with_waivers(cfg.waivers), cfg)
        # refuse a wrong id, or a choice that leaves no rule, there
        policy.with_rules(cfg.select, cfg.ignore, file=cfg.file, lines=cfg.rule_lines)
        chosen = policy.with_rules(select or list(cfg.select), [*cfg.ignore, *ignore])
        return _config_choice_shown(chosen, len(policy.rules), cfg, not select), cfg
    return policy.with_rules(select, ignore), cfg


def _config_policy_shown(policy: Policy, cfg: Config) -> Policy:
    """`policy`, chosen by the config, with that choice among the values set over the
    defaults, which every report lists: a pull request's `policy = "employer-current"` (or a
    file of its own that extends no shipped policy, with the claim's rule ids and a 5a of
    1:100) passed a breaching run, and the report named the policy only in its summary line,
    which `--quiet` leaves out. The claim itself, named, changes nothing and is not listed."""
    if cfg.policy is None or cfg.policy == DEFAULT_POLICY:
        return policy
    import msgspec

    from .findings import Setting

    chosen = policy.name
    if cfg.policy.endswith(".wr"):  # (a config names a shipped policy or a file of its own)
        chosen += f", the repository's {cfg.policy}"
    shown = Setting("policy", chosen, f"the default, {DEFAULT_POLICY}", cfg.file,
                    cfg.policy_line or 0)  # fmt: skip
    return msgspec.structs.replace(policy, settings=(shown, *policy.settings))


def _only_for_named(result: Result, named: list[str], always: list[str], cfg: Config) -> Result:
    """`result` with the findings about the files named only (`Result.only_for`), and, when
    that leaves some out, the config's `data` among the values set over the defaults, which
    every report lists, with how many: a CI gate that named the rotas and allocations (as
    docs/ci.md's recipe did) dropped the staff list's breaches of 8d and 9, and said "0
    findings ... nothing to report" (attack round 17)."""
    shown = result.only_for(named)
    kept = {id(f) for f in shown.findings}
    left = [f for f in result.findings if id(f) not in kept and f.waiver is None]
    hidden = len(left)  # (a waived finding left out is no news: the review of session 40)
    if not hidden:
        return shown
    rules = sorted({f.rule for f in left})
    import msgspec

    from .findings import Setting

    files = ", ".join(map(named_in_root, always))
    value = (f"{files}, read with the files named: {hidden} finding{'s' if hidden != 1 else ''} "
             f"about {'it' if len(always) == 1 else 'them'} not shown, of "
             f"{', '.join(rules)} (name "
             f"{'it' if len(always) == 1 else 'them'} to see {'it' if hidden == 1 else 'them'})")
    said = Setting("data", value, "none: every file's findings shown", cfg.file,
                   cfg.data_line or 0)  # fmt: skip
    return msgspec.structs.replace(shown, settings=(*shown.settings, said))


def _config_chose_policy(cfg: Config, policy: Policy) -> bool:
    """Whether the config chose `policy`, other than the default (so the choice is the pull
    request's, and one that reads none of the records given checks nothing)."""
    return any(s.name == "policy" and s.file == cfg.file for s in policy.settings)


def _config_grades_shown(policy: Policy, cfg: Config) -> Policy:
    """`policy` with the config's `[grades]` among the values set over the policy's, which
    every report lists: a grade declared there decides which rules judge its holders (a
    pull request's `PS0 = ""`, with a zero, took a PSO's job description out of 7a's
    boundary), and no report named it."""
    if not cfg.grades:
        return policy
    import msgspec

    from .findings import Setting

    shown = [Setting(f"grade {name}", f"like {family}" if family else "a grade of its own",
                     "not declared", cfg.file, line or 0)
             for (name, family), line in zip(cfg.grades, cfg.grade_lines, strict=True)]  # fmt: skip
    return msgspec.structs.replace(policy, settings=(*policy.settings, *shown))


def _config_waivers_shown(policy: Policy, cfg: Config) -> Policy:
    """`policy` with the config's waivers among the values set over the policy's, which
    every report lists, with a warning at each `[[waiver]]` line, as a policy file's waiver
    is: a pull request's `subject = "*"` for 7a passed its breach, with nothing but a notice
    on the finding, and no line of the config's diff said a rule was switched off (attack
    round 34, P5)."""
    if not cfg.waivers:
        return policy
    import msgspec

    from .findings import Setting
    from .waivers import waiver_said

    shown = [Setting(f"waiver {w.rule}", waiver_said(w.subject, w.until),
                     f"no waiver in {policy.name}", w.file, w.line) for w in cfg.waivers]
    return msgspec.structs.replace(policy, settings=(*policy.settings, *shown))


def _config_choice_shown(policy: Policy, rules: int, cfg: Config, its_select: bool) -> Policy:
    """`policy` with the config's `select` (when the command line gave none) and `ignore`
    among the values set over the policy's, which every report lists: a pull request's
    `ignore = ["upw-contact-hours"]` left the breached rule out, and the report said
    "0 findings from 29 rules ... nothing to report", naming neither the rule nor the file."""
    import msgspec

    from .findings import Setting

    shown = [Setting(option, ", ".join(patterns), f"all {rules} rules", cfg.file, line or 0)
             for option, patterns, line in (("select", cfg.select if its_select else (),
                                             cfg.rule_lines[0]),
                                            ("ignore", cfg.ignore, cfg.rule_lines[1]))
             if patterns]  # fmt: skip
    if not shown:
        return policy
    return msgspec.structs.replace(policy, settings=(*policy.settings, *shown))


def _config_fail_on_shown(result: Result, cfg: Config) -> Result:
    """`result` with the config's `fail-on` among the values set over the policy's: a pull
    request's `fail-on = "never"` passed a breaching run, and its log said "(--fail-on
    never)", as if the CI job had chosen it, naming neither the setting nor the file."""
    import msgspec

    from .findings import Setting

    shown = Setting("fail-on", str(cfg.fail_on), f"{DEFAULT_FAIL_ON} (the default)", cfg.file,
                    cfg.fail_on_line or 0)  # fmt: skip
    return msgspec.structs.replace(result, settings=(*result.settings, shown))


def _refuse_unread(policy: Policy, data: Dataset, named: set[str] | None, select: list[str],
                   ignore: list[str], cfg: Config | None) -> None:
    """A choice of rules (`select`, `ignore`, or the config's) that leaves no rule reading
    any kind of record the files named hold (`named`; None: every file was named) is
    refused: the run would check nothing it was given (a config's `ignore = ["jd-*"]` in a
    repository of job descriptions), and a gate that checks nothing must not pass."""
    from . import model as m
    from .lang import ir
    from .render import plural_of

    given = [kind for kind, records in data.records.items() if len(records) and (
        named is None or any(r.file in named for r in records))]
    read: set[str] = set()
    for cr in policy.rules:
        read.add(cr.kind.name)
        for e in (cr.where, *cr.check):
            if ir.is_node(e):
                for x in ir.walk(e):
                    if isinstance(x, ir.Among):
                        read.add(x.kind)
                    elif isinstance(x, ir.Attr) and x.staff:  # `staff.grade`: the staff list
                        read.add("staff")
    if not given or read.intersection(given):
        return
    file = line = None
    if not (select or ignore) and cfg is not None:  # the config's choice alone
        select, ignore = list(cfg.select), list(cfg.ignore)
        file, line = cfg.file, cfg.rule_lines[1] if cfg.ignore else cfg.rule_lines[0]
        if not (select or ignore):  # the config's policy
            line = cfg.policy_line
    said = " and ".join(f"{o} {', '.join(p)}" for o, p in
                        (("select", select), ("ignore", ignore)) if p)  # fmt: skip
    kinds = ", ".join(plural_of(m.KINDS[k].noun or k) if k in m.KINDS else k for k in given)
    if not said:  # the config's policy
        raise UsageError(f"policy {policy.name}: no rule of it reads the records given "
                         f"({kinds}), so the run would check nothing; the config chose it "
                         f"over the default, {DEFAULT_POLICY}", file=file, line=line)  # fmt: skip
    raise UsageError(f"{said}: no rule left of policy {policy.name} reads the records given "
                     f"({kinds}), so the run would check nothing", file=file, line=line)


def _kinds_read(policy: Policy) -> set[str]:
    """The kinds of record some rule of `policy` reads: its own kind, another's through
    `among` or `require some`, and the staff list through a staff member's field, in its
    condition, its check or its sentence."""
    from .lang import ir

    read: set[str] = set()
    for cr in policy.rules:
        read.add(cr.kind.name)
        if isinstance(cr.check, ir.Absent):
            read.add(cr.check.kind.name)
        for e in (cr.where, *cr.check, *cr.template):
            if ir.is_node(e):
                for x in ir.walk(e):
                    if isinstance(x, ir.Among):
                        read.add(x.kind)
                    elif isinstance(x, ir.Attr) and x.staff:
                        read.add("staff")
    return read


def _unread_kinds_shown(result: Result, policy: Policy, data: Dataset,
                        named: set[str] | None) -> Result:  # fmt: skip
    """`result`, with the kinds of record the data holds that the claim's rules read and no
    rule of a repository's own `policy` (on a shipped policy, or writing the claim's rules or
    values: `policy._writes_the_claim`) reads among the values set over the policy's, which
    every report lists: a policy named as the claim's local agreement but built on
    `employer-current` read only WMT readings, and a run over rotas, reports, timesheets and
    job descriptions holding twelve of the claim's breaches said "nothing to report" (attack
    round 27, P3). A shipped policy is reported as it always was. `named`: the files named,
    when a config's `data` was read beside them (a staff list read for the rotas named is
    theirs to judge by, not a kind of record given to be judged); None: every file."""
    from .resources import shipped_policies

    if policy.name in shipped_policies() or not policy.files:
        return result
    if not any(policy.shipped) and not any(s.name == "extends" for s in policy.settings):
        return result  # (a policy of other rules than the claim's, on nothing shipped)
    given = [kind for kind, records in data.records.items() if len(records)]
    mine = _kinds_read(policy)
    unread = [kind for kind in given if kind not in mine]
    if unread:
        claims = _kinds_read(load_policy(DEFAULT_POLICY))
        unread = [kind for kind in unread if kind in claims and (named is None or any(
            r.file in named for r in data.records[kind]))]  # fmt: skip
    if not unread:
        return result
    import msgspec

    from . import model as m
    from .findings import Setting
    from .render import plural_of

    words = [plural_of(m.KINDS[k].noun or k) if k in m.KINDS else k for k in unread]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
    said = Setting("no rule reads the data's", listed, f"{DEFAULT_POLICY}'s rules read them",
                   policy.files[-1], 0)  # fmt: skip
    return msgspec.structs.replace(result, settings=(*result.settings, said))


def _named(name: str) -> str:
    """The name the findings give a file named `name` to `check` (`Finding.file`)."""
    return STDIN_NAME if name == STDIN else named_in_root(name)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


__all__ = ["Dataset", "Policy", "Result", "check", "indicators", "load_data", "load_policy"]
