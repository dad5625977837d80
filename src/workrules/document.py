"""A policy as a readable document, in Markdown or as a standalone HTML page.

For each rule: its id, clause and title, the sentence `describe` generates from it, the
`why` text, severity, when it is in force, its parameters with their values (and dates), the
file it is written in (and the rule of the same id it replaces in a base policy), and the
waivers recorded against it. Before the rules: the policy's name, files and a table of every
parameter. Generated from the policy, so it cannot drift from what `check` enforces.

The document is built once as a list of blocks; one renderer per format writes it out. The
output is deterministic: no dates, no paths other than the policy's own.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .errors import LOG_COMMAND, UsageError, WorkrulesError, did_you_mean, printable

if TYPE_CHECKING:
    from .evaluate import CompiledRule
    from .policy import Policy

FORMATS = ("markdown", "html")


def render_policy(policy: Policy, fmt: str = "markdown") -> str:
    """`policy` as a document in `fmt` (`markdown` or `html`)."""
    if fmt not in RENDERER_BY_NAME:
        raise UsageError(f"no document format '{fmt}'{did_you_mean(fmt, FORMATS)}; choose "
                         f"{' or '.join(FORMATS)}")  # fmt: skip
    return RENDERER_BY_NAME[fmt](_blocks(policy))


# ---------------------------------------------------------------------------------------------
# The document as blocks of inline spans.


@attrs.frozen
class Span:
    """A piece of running text: plain, `code`, `strong`, or a `link` to `href`. A policy may
    come from anywhere: a line break or control character in its text is written as an
    escape, so that no title or sentence can end a line of the document or start a new one."""

    text: str = attrs.field(converter=printable)
    style: str = ""
    href: str = ""


Inline = tuple[Span, ...]


@attrs.frozen
class Heading:
    level: int
    text: Inline
    anchor: str = ""


@attrs.frozen
class Para:
    text: Inline


@attrs.frozen
class Items:
    items: tuple[Inline, ...]


@attrs.frozen
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]


Block = Heading | Para | Items | Table


def _t(text: str) -> Span:
    return Span(text)


def _code(text: str) -> Span:
    return Span(text, "code")


def _strong(text: str) -> Span:
    return Span(text, "strong")


def _link(text: str, anchor: str, style: str = "") -> Span:
    return Span(text, "link-code" if style == "code" else "link", f"#{anchor}")


def _blocks(policy: Policy) -> list[Block]:
    from .describe import describe_effective, describe_rule, describe_value

    out: list[Block] = [Heading(1, (_t(policy.title or policy.name),))]
    files = [_code(f) for f in policy.files]
    chain: list[Span] = [files[0]]
    for f in files[1:]:
        chain += [_t(", extended by "), f]
    unset = [name for name in policy.params if _wholly_unset(policy, name)]
    out.append(Para((
        _t("Policy "), _code(policy.name), _t(", from "), *chain,
        _t(f". {_count(len(policy.rules), 'rule')}; {_count(len(policy.params), 'parameter')}"
           f", {len(unset)} of them to be agreed."),
    )))  # fmt: skip
    out.append(Para((
        _t("This document is generated from the policy by "), _code("workrules render"),
        _t(". Change the policy, then render it again; do not edit this text."),
    )))  # fmt: skip
    if policy.settings:  # a config's [set], select, ignore or policy, and --set: what `check`
        # uses over the policy's own, said first (attack round 20: a config's `ignore` left a
        # rule out of the document and its raised value stood in the table, neither said)
        from .report import setter

        out.append(Heading(2, (_t("Set over the policy"),), "set-over-the-policy"))
        out.append(Table(("setting", "value used", "the policy's", "set by"), tuple(
            ((_code(st.name),), (_t(st.value),), (_t(st.policy),), (_code(setter(st)),))
            for st in policy.settings)))  # fmt: skip

    out.append(Heading(2, (_t("Contents"),), "contents"))
    out.append(Table(("rule", "clause", "title", "status"), tuple(
        ((_link(cr.id, cr.id, "code"),), (_t(cr.rule.clause),), (_t(cr.head.title),),
         (_t(_status(policy, cr)),))
        for cr in policy.rules
    )))  # fmt: skip

    if policy.left_out:  # a rule of the base not applied here: said, never a silent gap
        out.append(Heading(2, (_t("Left out"),), "left-out"))
        out.append(Para((_t("Rules of the policy this one extends that it leaves out: none "
                            "of them is applied, and every report lists them as not "
                            "applied."),)))  # fmt: skip
        out.append(Table(("rule", "clause", "left out by", "because"), tuple(
            ((_code(lo.rule),), (_t(lo.clause),), (_code(f"{lo.file}:{lo.line}"),),
             (_t(lo.reason),)) for lo in policy.left_out)))  # fmt: skip

    users: dict[str, list[str]] = {name: [] for name in policy.params}
    for cr in policy.rules:
        for name in sorted(cr.params | cr.optional_params):
            users.setdefault(name, []).append(cr.id)
    several = len(policy.files) > 1
    header = ("parameter", "type", "value", "used by", "meaning")
    rows = []
    for name, decl in policy.params.items():
        ptype = decl.type + (f" by {decl.keyed_by}" if decl.keyed_by else "")
        used: list[Span] = []
        for i, rule_id in enumerate(users.get(name, [])):
            used += [_t(", ")] if i else []
            used.append(_link(rule_id, rule_id, "code"))
        row = [(_code(name),), (_t(ptype),), (_t(describe_value(policy, name)),),
               tuple(used) or (_t("none"),), (_t(decl.doc),)]  # fmt: skip
        if several:
            row.append((_code(decl.pos.file),))
        rows.append(tuple(row))
    out.append(Heading(2, (_t("Parameters"),), "parameters"))
    out.append(Table(header + (("declared in",) if several else ()), tuple(rows)))

    if policy.waivers:
        out.append(Heading(2, (_t("Waivers"),), "waivers"))
        out.append(Table(("rule", "subject", "until", "agreed by", "because", "recorded in"), tuple(
            ((_link(w.rule, w.rule, "code"),), (_code(w.subject),), (_t(w.until.isoformat()),),
             (_t(w.agreed_by),), (_t(w.reason),), (_code(f"{w.file}:{w.line}"),))
            for w in policy.waivers
        )))  # fmt: skip

    if policy.patterns:
        out += _text_blocks(policy)

    replaced = _replaced(policy)
    out.append(Heading(2, (_t("Rules"),), "rules"))
    for cr in policy.rules:
        rule = cr.rule
        out.append(Heading(3, (_code(rule.id),), rule.id))
        clause = f"Clause {rule.clause}" if rule.clause else "No clause"
        title = cr.head.title  # (its slots said with the policy's values)
        out.append(Para((_strong(f"{clause}: {title}" if title else clause),)))
        out.append(Para((_strong("What it checks."), _t(" " + describe_rule(cr, policy)))))
        if rule.why:
            out.append(Para((_strong("Why."), _t(" " + rule.why))))
        items: list[Inline] = [
            (_t(f"Severity: {rule.severity}"),),
            (_t(f"In force: {describe_effective(cr, policy)}"),),
            (_t(f"Status: {_status(policy, cr)}"),),
        ]
        for name in sorted(cr.params | cr.optional_params):
            items.append((_t("Parameter "), _code(name), _t(f": {describe_value(policy, name)}")))
        where: list[Span] = [_t("Written in "), _code(rule.pos.file), _t(f", line {rule.pos.line}")]
        for base in replaced.get((rule.id, rule.pos.file), []):
            where += [_t(", replacing the rule of the same id in "), _code(base)]
        items.append(tuple(where))
        for w in policy.waivers:
            if w.rule == rule.id:
                items.append((
                    _t("Waived for "), _code(w.subject),
                    _t(f" until {w.until.isoformat()}, agreed by {w.agreed_by}: {w.reason}"),
                ))  # fmt: skip
        out.append(Items(tuple(items)))
    return out


def _text_blocks(policy: Policy) -> list[Block]:
    """The text patterns (`text gives NAME`) in words, and the word lists they use."""
    out: list[Block] = [Heading(2, (_t("Text patterns"),), "text-patterns")]
    out.append(Para((
        _t("How rules read prose. A phrase matches a sentence word by word: "), _code("manag*"),
        _t(" is any word starting with manag, "), _code("{staff}"),
        _t(" any entry of the word list staff, "), _code("..."),
        _t(" a gap of a few words (see docs/language.md, Text patterns)."),
    )))  # fmt: skip

    def quoted(items: Sequence[Any]) -> list[Span]:
        spans: list[Span] = []
        for i, item in enumerate(items):
            spans += [_t(", ")] if i else []
            spans.append(_code(item.value))
        return spans

    for p in policy.patterns.values():
        out.append(Heading(3, (_code(p.name),), f"pattern-{p.name}"))
        if p.doc:
            out.append(Para((_t(p.doc),)))
        parts = [(_t("Finds any of: "), *quoted(p.finds), _t("."))]
        gap = [_t(f"A gap spans up to {p.gap} words")]
        if p.stops:
            gap += [_t(", stops at "), *quoted(p.stops)]
        if p.walls:
            gap += [_t(", never crosses "), *quoted(p.walls)]
        if p.objects:
            gap += [_t(", and, once it has covered a word, ends at "), *quoted(p.objects)]
        parts.append((*gap, _t(".")))
        if p.ends:
            parts.append((_t("A clause ends at "), *quoted(p.ends), _t(".")))
        if p.before:
            parts.append((_t(f"Not counted with any of these up to {p.before_reach} words "
                             "before it in the same clause: "), *quoted(p.before), _t(".")))
        if p.after:
            parts.append((_t(f"Not counted with any of these up to {p.after_reach} words "
                             "after it in the same clause: "), *quoted(p.after), _t(".")))
        if p.after_stops:
            parts.append((_t("Those words after it are not read past any of: "),
                          *quoted(p.after_stops), _t(".")))
        if p.lapses:
            parts.append((_t("A negation does not cancel it when its clause, or the clause "
                             "opening right after it, makes an exception with any of: "),
                          *quoted(p.lapses), _t("."),))
        if p.anaphors:
            parts.append((_t("In a sentence under a heading, these words are also read as "
                             "the heading's words: "), *quoted(p.anaphors), _t("."),))
        if p.inside:
            parts.append((_t("Not counted inside any of: "), *quoted(p.inside), _t(".")))
        if p.unless_quoted:
            parts.append((_t("Not counted when it lies wholly inside quotation marks (someone "
                             "else's words, quoted)."),))
        if p.under:
            parts.append((_t("Not counted in a section whose heading gives "), _code(p.under),
                          _t(" (a heading over it, or the header row of its table)"),
                          *((_t(", unless a heading inside that section gives "),
                             _code(p.under_until)) if p.under_until else ()), _t("."),))
        if p.joins:
            parts.append((_t("Where it states a number, the counts of one list are added up "
                             "when nothing but a comma or any of these joins them: "),
                          *quoted(p.joins), _t("."),))
        out.append(Items(tuple(parts)))
    out.append(Table(("word list", "entries"), tuple(
        ((_code(w.name),), tuple(quoted(w.items))) for w in policy.words.values()
    )))  # fmt: skip
    return out


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _wholly_unset(policy: Policy, name: str) -> bool:
    value = policy.values[name]
    if isinstance(value, dict):
        return all(v is None for v in value.values())
    return value is None


def _status(policy: Policy, cr: CompiledRule) -> str:
    """Whether the rule runs now: `applied`, or which caps it waits for."""
    params = sorted(cr.params)
    waiting = [p for p in params if _wholly_unset(policy, p)]
    if waiting:
        return f"not applied until {' and '.join(waiting)} {'is' if len(waiting) == 1 else 'are'}" \
               " agreed"  # fmt: skip
    from .policy import ValueHistory

    later = sorted((h.steps[0][0], p) for p in params
                   if isinstance(h := policy.values[p], ValueHistory)
                   and h.steps and h.steps[0][0] is not None)  # fmt: skip
    if later:
        since, name = later[-1]
        return f"applied from {since} ({name} is to be agreed before then)"
    partial = [p for p in params if isinstance(policy.values[p], dict)
               and any(v is None for v in policy.values[p].values())]  # fmt: skip
    if partial:
        return f"applied in part: {' and '.join(partial)} not yet agreed for every " \
               f"{' or '.join(sorted({policy.params[p].keyed_by for p in partial}))}"  # fmt: skip
    return "applied"


def _replaced(policy: Policy) -> dict[tuple[str, str], list[str]]:
    """For each (rule id, file) the base files that also define that rule id, which the rule
    replaces. A base that cannot be read again is left out."""
    from .policy import parse_cached, read_policy_bytes
    from .resources import is_within, repository_root, shipped_policies

    if len(policy.files) < 2:
        return {}
    shipped = shipped_policies()
    defined: list[tuple[str, set[str]]] = []
    for file in policy.files:
        name = os.path.splitext(os.path.basename(file))[0]
        try:
            if file == f"policies/{name}.wr" and name in shipped and not os.path.exists(file):
                text = shipped[name].read_text(encoding="utf-8")
            elif is_within(file, repository_root(file)):  # read as the loader read it: a
                # regular file, bounded, in its repository (attack round 19: a FIFO or a link
                # to /dev/zero named as the shipped base hung `render` or took all memory)
                text = read_policy_bytes(file, file).decode("utf-8")
            else:
                text = ""
            ids = {rule.id for rule in parse_cached(text, file).rules} if text else set()
        except (OSError, UnicodeDecodeError, WorkrulesError):  # read once already: never fails
            ids = set()
        defined.append((file, ids))
    out: dict[tuple[str, str], list[str]] = {}
    for i, (file, ids) in enumerate(defined):
        for rule_id in sorted(ids):
            bases = [f for f, base_ids in defined[:i] if rule_id in base_ids]
            if bases:
                out[(rule_id, file)] = bases[-1:]
    return out


# ---------------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*\[\]<>])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def _md_text(text: str, in_table: bool = False) -> str:
    out = _MD_SPECIAL.sub(lambda mo: "\\" + mo.group(0), text)
    return out.replace("|", "\\|") if in_table else out


def md_cell(value: object) -> str:
    """A table cell's text as Markdown shows it, as `render` writes it: a policy's text with a
    comment (`"hi<!-- -->gh"`, shown as "high" where the phrase matched nothing), a tag, an
    image or an entity written as it is showed another text (attack round 20); as `md_plain`
    writes a line, `~~`, addresses and emoji codes too (a diff's Markdown tables left them
    live where the job summary's lines no longer did: attack round 29, left by fixleave). A
    `|` is escaped in a code span too: a table reads it first."""
    return md_plain(str(value).replace("\n", " ")).replace("|", "\\|")


# What GitHub makes something else of, in text: a bare web address (`www.`, `http://`,
# `https://`, `ftp://`) or an e-mail address a link, an emoji code (`:white_check_mark:`;
# `:+1:`, `:100:`) a picture. Some of it is done on the text as parsed, where a backslash
# no longer stands (cmark-gfm's links of e-mail addresses, the emoji), so each is put in a
# code span, whose text none of it touches, and so shown as typed. (A web address ends
# before the punctuation that ends a sentence, as GFM's do.)
_MD_LIVE = re.compile(
    r"(?<![A-Za-z])(?:(?i:https?|ftp)://|(?i:www)\.)[^\s<]*?(?=[.,:;!?)'\"*_~]*(?:[\s<]|$))"
    r"|[A-Za-z0-9.+_-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+"
    r"|:(?:[+-]1|100|1234|[A-Za-z0-9_+-]*[A-Za-z][A-Za-z0-9_+-]*):")


def md_plain(text: str) -> str:
    """`text` as a line of Markdown shows it, exactly as typed, where GitHub renders it (a job
    summary's list lines): Markdown's specials escaped as `_md_text` escapes them, and `&` (an
    entity, `&#x202E;`, written as it is became a live bidi control), `~` (`~~` struck text
    through), web and e-mail addresses and emoji codes in code spans (`_MD_LIVE`; attack
    round 29, P3: each was left live where the summary's tables escape `&`, as `md_cell`)."""
    out, last = [], 0
    for mo in _MD_LIVE.finditer(text):
        out += [_md_escaped(text[last:mo.start()]), _md_code(mo.group(0))]
        last = mo.end()
    out.append(_md_escaped(text[last:]))
    return "".join(out)


def _md_escaped(text: str) -> str:
    """`_md_text`'s escapes, and `&` and `~`, which GFM reads as an entity and struck text."""
    return re.sub(r"[&~]", lambda mo: "\\" + mo.group(0), _md_text(text))


def md_table(headers: list[str], rows: Iterable[Iterable[object]]) -> list[str]:
    """A pipe table's lines, each cell as `md_cell` writes it (a diff's tables, a job
    summary's)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_cell(v) for v in row) + " |" for row in rows]
    return lines


def _md_code(text: str) -> str:
    """`text` as a code span: fenced by one backtick more than its longest run of them, so that
    no run inside closes the span (a waiver's subject "a``<img onerror=...>``b" in two ticks
    closed it, and Markdown passed the tag on as HTML)."""
    longest = max(map(len, re.findall("`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _md_inline(spans: Inline, in_table: bool = False) -> str:
    out = []
    for s in spans:
        if s.style == "code":
            text = _md_code(s.text)
            out.append(text.replace("|", "\\|") if in_table else text)
        elif s.style == "strong":
            out.append(f"**{_md_text(s.text, in_table)}**")
        elif s.style in ("link", "link-code"):
            label = _md_code(s.text) if s.style == "link-code" else _md_text(s.text, in_table)
            out.append(f"[{label}]({s.href})")
        else:
            out.append(_md_text(s.text, in_table))
    return "".join(out)


def _markdown(blocks: Sequence[Block]) -> str:
    parts: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            parts.append("#" * b.level + " " + _md_inline(b.text))
        elif isinstance(b, Para):
            parts.append(_md_inline(b.text))
        elif isinstance(b, Items):
            parts.append("\n".join("- " + _md_inline(i) for i in b.items))
        else:
            lines = ["| " + " | ".join(b.header) + " |", "|" + "---|" * len(b.header)]
            lines += ["| " + " | ".join(_md_inline(c, True) for c in row) + " |"
                      for row in b.rows]  # fmt: skip
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------------------------------------
# HTML

_STYLE = """\
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #222; max-width: 64rem;
       margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
code { background: #f4f4f4; padding: 0 0.2rem; }
h3 { margin-top: 2rem; border-top: 1px solid #ddd; padding-top: 1rem; }"""


def _escape(text: str) -> str:
    """`text` as HTML text, with no CI log command in the page's source (`##vso[`, which Azure
    Pipelines obeys anywhere in a line, when the page is printed to a log): its bracket is
    written as a character reference, which a browser shows as `[`."""
    out = html.escape(text)
    return LOG_COMMAND.sub(r"##\1&#91;", out) if "##" in out else out


def _html_inline(spans: Inline) -> str:
    out = []
    for s in spans:
        text = _escape(s.text)
        if s.style == "code":
            out.append(f"<code>{text}</code>")
        elif s.style == "strong":
            out.append(f"<strong>{text}</strong>")
        elif s.style in ("link", "link-code"):
            label = f"<code>{text}</code>" if s.style == "link-code" else text
            out.append(f'<a href="{html.escape(s.href)}">{label}</a>')
        else:
            out.append(text)
    return "".join(out)


def _html(blocks: Sequence[Block]) -> str:
    title = next((b for b in blocks if isinstance(b, Heading)), None)
    title_text = _escape("".join(s.text for s in title.text)) if title else "Policy"
    body: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            anchor = f' id="{html.escape(b.anchor)}"' if b.anchor else ""
            body.append(f"<h{b.level}{anchor}>{_html_inline(b.text)}</h{b.level}>")
        elif isinstance(b, Para):
            body.append(f"<p>{_html_inline(b.text)}</p>")
        elif isinstance(b, Items):
            body.append("<ul>\n" + "\n".join(f"<li>{_html_inline(i)}</li>" for i in b.items)
                        + "\n</ul>")  # fmt: skip
        else:
            head = "".join(f"<th>{_escape(h)}</th>" for h in b.header)
            rows = "\n".join("<tr>" + "".join(f"<td>{_html_inline(c)}</td>" for c in row)
                             + "</tr>" for row in b.rows)  # fmt: skip
            body.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n"
                        "</table>")  # fmt: skip
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title_text}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n<body>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )


RENDERER_BY_NAME: dict[str, Callable[[Sequence[Block]], str]] = {
    "markdown": _markdown,
    "html": _html,
}
