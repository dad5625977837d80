"""Hostile data reaching the reports (attack round 33, fixtures/hostile-reports/README.md).

A repository policy's `say` of 32 `{evidence}`s made a rota of 322 KB a report of 63 MB with
lines of 6 MB (P5); a policy's clause, title, `why` or sentence with a zero-width character
showed "5c" everywhere where `--select 5c` named no rule (P1); a job description's title (P2)
and a data file's name (P3) with one were printed raw; and SARIF's message text carried a
live embedded link taken from a title (P4).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workrules.ci_formats import sarif_text
from workrules.cli import main
from workrules.dataset import _HIDDEN, escaped, hidden, hiding, unshown
from workrules.engine.common import said_list, said_within
from workrules.errors import PolicyError
from workrules.limits import MAX_SENTENCE_CHARS
from workrules.policy import load_policy

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "hostile-reports"
TODAY = ["--today", "2024-07-01"]
ZW = "\u200b"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------- P1: a policy's texts hold only what shows


@pytest.mark.parametrize(("name", "where", "named"), [
    ("clause-zero-width.wr", "4:14", "U+200B ZERO WIDTH SPACE"),
    ("title-word-joiner.wr", "5:16", "U+2060 WORD JOINER"),
    ("why-soft-hyphen.wr", "6:42", "U+00AD SOFT HYPHEN"),
    ("say-byte-order-mark.wr", "10:83", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    # written as an escape, found as it is read, at its backslash (review of session 53, P3)
    ("clause-escaped-zero-width.wr", "4:14", "U+200B ZERO WIDTH SPACE"),
    ("title-escaped-soft-hyphen.wr", "5:16", "U+00AD SOFT HYPHEN"),
])  # fmt: skip
def test_a_policy_text_with_an_invisible_character_is_refused_at_it(
        name: str, where: str, named: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(HERE / "policy")
    said = (f"workrules: {name}:{where}: a text in a policy holds only characters that show; "
            f"this one holds {named}, which every report, `explain` and `diff` would print as "
            "if it were not there (a clause '5c' with one inside is not the '5c' that "
            "`--select 5c` names); delete it")
    for argv in (["check", "--no-config", "--policy", name, "rota.yaml", "staff.yaml", *TODAY],
                 ["diff", "plain.wr", name], ["explain", "upw-long-day", "--policy", name]):
        code, out, err = _run(capsys, *argv)
        assert (code, out, err.splitlines()[0]) == (2, "", said), argv


def test_an_emoji_keeps_its_variation_selector_and_joiners(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE / "policy")
    policy = load_policy(Path("emoji.wr"))
    assert policy.rules[0].head.title == ("\u26a0\ufe0f Long day on Unpaid Work "
                                     "\U0001f468\u200d\U0001f469\u200d\U0001f467")
    code, out, _ = _run(capsys, "check", "--no-config", "--policy", "emoji.wr", "rota.yaml",
                        "staff.yaml", *TODAY)  # fmt: skip
    assert code == 1 and out.startswith(
        "rota.yaml:4: upw-long-day [5c] S010 had 9 h of contact with work groups on "
        "2024-06-04 (5c).\n")


@pytest.mark.parametrize(("name", "title"), [
    ("emoji-sequences.wr", "Step 1\ufe0f\u20e3 \u203c\ufe0f Long day on Unpaid Work "
     "\U0001f9d1\U0001f3fd\u200d\u2696\ufe0f \U0001f3f4\U000e0067\U000e0062\U000e0077"
     "\U000e006c\U000e0073\U000e007f"),
    ("joining-scripts.wr", "Long day on Unpaid Work (\u0633\u0627\u0639\u062a\u200c\u0647"
     "\u0627\u06cc \u06a9\u0627\u0631; \u0d85\u0dc0\u0db1\u0dca\u200d; \u0c85\u0ca8"
     "\u0ccd\u200d; \u0930\u094d\u200d\u092f\u093e)"),
])  # fmt: skip
def test_a_policy_text_keeps_the_joiners_and_selectors_real_text_is_written_with(
        name: str, title: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A keycap, `‼️`, a skin-toned judge, the Welsh flag's tags; a Persian word's ZWNJ, the
    ZWJ of a Sinhala, Kannada or Marathi word: all show, and are read (review of session 53,
    P2: each was refused)."""
    monkeypatch.chdir(HERE / "policy")
    assert load_policy(Path(name)).rules[0].head.title == title
    for engine in ("python", "columnar"):
        code, out, err = _run(capsys, "check", "--no-config", "--policy", name, "rota.yaml",
                              "staff.yaml", "--engine", engine, *TODAY)  # fmt: skip
        assert (code, err) == (1, "") and out.startswith(
            "rota.yaml:4: upw-long-day [5c] S010 had 9 h of contact with work groups on "
            "2024-06-04 (5c).\n")


_INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
                              "\u180e", "\u3164", "\u115f", "\U000e0041", "\u034f"])
_SHOWN = st.text(st.sampled_from("abcXYZ019 .,()-"), min_size=1, max_size=20)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(head=_SHOWN, char=_INVISIBLE, tail=_SHOWN,
       field=st.sampled_from(["clause", "title", "why"]))  # fmt: skip
def test_any_text_with_an_invisible_character_is_refused_at_its_column(
        head: str, char: str, tail: str, field: str, tmp_path: Path) -> None:  # fmt: skip
    text = (HERE / "policy" / "plain.wr").read_text(encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.lstrip().startswith(field))
    lines = text.splitlines()
    indent = lines[line - 1].index(field)
    lines[line - 1] = f'{" " * indent}{field} "{head}{char}{tail}"'
    policy = tmp_path / "p.wr"
    policy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_policy(policy)
    assert (err.value.line, err.value.column) == (line, indent + len(field) + 3 + len(head))
    lines[line - 1] = f'{" " * indent}{field} "{head}{tail}"'
    policy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_policy(policy)  # the same text without it is read


# ---------------------------------------------- P2: a job description's title, as a unit's


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif"])
def test_a_title_with_a_zero_width_space_is_refused_as_a_unit_is(
        fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE / "title")
    code, out, err = _run(capsys, "check", "--no-config", "jd", "--format", fmt, *TODAY)
    assert code == 2
    assert ZW not in out + err
    said = ("jd/business-manager.md:3: title 'Senior\\u200b Business Manager' holds U+200B "
            "ZERO WIDTH SPACE, which does not show: every report would print another title "
            "than it shows; write 'Senior Business Manager'")
    assert said in (err if fmt == "text" else out + err).replace("%3A", ":")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_title_written_with_emoji_or_joining_scripts_is_read(
        engine: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """`⚠️`, `☎️`, a family, the Welsh flag, Persian `کسب‌وکار` (ZWNJ), Sinhala `ව්‍යාපාර`
    (ZWJ): each a title as written, and read (review of session 53, P1: each refused the
    run)."""
    monkeypatch.chdir(HERE / "real-titles")
    code, out, err = _run(capsys, "check", "--no-config", "jd", "--engine", engine, *TODAY)
    assert (code, err) == (1, "")
    said = [line for line in out.splitlines() if line.startswith("jd/")]
    assert said == [f"jd/{name}.md:6: jd-span-stated [9] jd/{name}.md ({title}) gives the post "
                    "line management but states no span of control (9)." for name, title in [
        ("duty-line", "Business Manager \u260e\ufe0f Duty Line"),
        ("family-team", "Business Manager, Family Court Team "
         "\U0001f468\u200d\U0001f469\u200d\U0001f467"),
        ("persian", "\u0645\u062f\u06cc\u0631 \u06a9\u0633\u0628\u200c\u0648\u06a9\u0627"
         "\u0631"),
        ("safeguarding-lead", "Business Manager \u26a0\ufe0f Safeguarding Lead"),
        ("sinhala", "\u0dc0\u0dca\u200d\u0dba\u0dcf\u0db4\u0dcf\u0dbb \u0d9a\u0dc5\u0db8"
         "\u0db1\u0dcf\u0d9a\u0dbb\u0dd4"),
        ("welsh", "Rheolwr Busnes \U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c"
         "\U000e0073\U000e007f"),
    ]]  # fmt: skip


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_soft_hyphen_in_a_title_is_read_as_nothing(
        fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Word's soft hyphen (U+00AD) in a title pasted from a hyphenated document: read as
    nothing, as in the text, not refused (review of session 53, P4)."""
    monkeypatch.chdir(HERE / "soft-hyphen")
    code, out, err = _run(capsys, "check", "--no-config", "jd", "--format", fmt, *TODAY)
    assert (code, err) == (1, "") and "\u00ad" not in out and "\xad" not in out
    said = ("jd/business-manager.md (Senior Business Manager) gives the post line management "
            "but states no span of control (9).")
    if fmt == "json":
        (finding,) = json.loads(out)["findings"]
        assert finding["message"] == said
    else:
        assert out.startswith(f"jd/business-manager.md:6: jd-span-stated [9] {said}\n")


def test_a_title_with_a_control_is_still_read_and_shown_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (tmp_path / "jd").mkdir()
    text = (HERE / "title" / "jd" / "business-manager.md").read_text(encoding="utf-8")
    (tmp_path / "jd" / "bm.md").write_text(text.replace(ZW, "\\e[0m"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "check", "--no-config", "jd", *TODAY)
    assert code == 1 and "jd/bm.md (Senior\\x1b[0m Business Manager)" in out


# ------------------------------------------------------ P3: a data file's name, as it shows


@pytest.mark.parametrize("walked", [True, False])
def test_a_data_file_whose_name_holds_a_zero_width_space_is_refused(
        walked: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (tmp_path / "jd").mkdir()
    text = (HERE / "sarif" / "jd" / "business-manager.md").read_text(encoding="utf-8")
    (tmp_path / "jd" / f"business{ZW}-manager.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "check", "--no-config",
                          "jd" if walked else f"jd/business{ZW}-manager.md", *TODAY)  # fmt: skip
    assert (code, out) == (2, "")
    assert err == ("workrules: jd/business\\u200b-manager.md: its name holds U+200B ZERO WIDTH "
                   "SPACE, which does not show: every report would name it "
                   "'jd/business-manager.md'; rename it\n")


_REAL_NAMES = ["\u260e\ufe0f", "\u203c\ufe0f", "1\ufe0f\u20e3", "\u26a0\ufe0f",
               "\U0001f9d1\U0001f3fd\u200d\u2696\ufe0f",
               "\U0001f468\u200d\U0001f469\u200d\U0001f467",
               "\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",
               "\u0639\u0644\u06cc\u200c\u0631\u0636\u0627", "\u0dc1\u0dca\u200d\u0dbb\u0dd3",
               "\u0d85\u0dc0\u0db1\u0dca\u200d", "\u0938\u0930\u094d\u200d\u092f\u093e"]


@pytest.mark.parametrize("walked", [True, False])
@pytest.mark.parametrize("real", _REAL_NAMES)
def test_a_data_file_named_with_emoji_or_joining_scripts_is_read(
        real: str, walked: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A file (or its folder) named with an emoji sequence, or a Persian, Sinhala, Malayalam
    or Marathi name with its joiner: read (review of session 53, P1: each refused the run)."""
    (tmp_path / f"Rotas {real}").mkdir()
    for name in ("rota.yaml", "staff.yaml"):
        (tmp_path / f"Rotas {real}" / f"{name[:-5]} {real}.yaml").write_bytes(
            (HERE / "policy" / name).read_bytes())  # fmt: skip
    monkeypatch.chdir(tmp_path)
    files = [f"Rotas {real}"] if walked else [f"Rotas {real}/{n} {real}.yaml"
                                              for n in ("rota", "staff")]  # fmt: skip
    code, out, err = _run(capsys, "check", "--no-config", "--policy",
                          str(HERE / "policy" / "plain.wr"), *files, *TODAY)  # fmt: skip
    assert (code, err) == (1, "") and out.startswith(
        f"Rotas {real}/rota {real}.yaml:4: upw-long-day [5c] S010 had 9 h of contact")


@pytest.mark.parametrize(("char", "named"), [
    ("\u00ad", "U+00AD SOFT HYPHEN"), ("\u200d", "U+200D ZERO WIDTH JOINER"),
    ("\u200c", "U+200C ZERO WIDTH NON-JOINER"),
    ("\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A"),
])  # fmt: skip
def test_a_data_file_name_split_by_a_joiner_or_soft_hyphen_is_refused(
        char: str, named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Between two ASCII letters a joiner, like a soft hyphen or a tag outside a flag, only
    hides: `rota` + U+200D + `2.yaml` is printed as `rota2.yaml`."""
    (tmp_path / f"ro{char}ta.yaml").write_bytes((HERE / "policy" / "rota.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "check", "--no-config", f"ro{char}ta.yaml", *TODAY)
    assert (code, out) == (2, "")
    assert err == (f"workrules: ro{escaped(char)}ta.yaml: its name holds {named}, which does "
                   "not show: every report would name it 'rota.yaml'; rename it\n")


# -------------------------------- the one rule: what hides is refused, real text is read

# Letters and marks of any script but ASCII, that show (a Hangul filler is a letter, and shows
# nothing)
_LETTER = st.characters(categories=["Lu", "Ll", "Lo", "Lm", "Mn", "Mc"], max_codepoint=0x2FFFF,
                        exclude_characters="".join(chr(c) for c in range(128))).filter(
    lambda c: not hiding(c) and _HIDDEN.match(c) is None)  # fmt: skip
_WORD = st.builds(lambda a, j, b: a + j + b, st.text(_LETTER, min_size=1, max_size=5),
                  st.sampled_from(["\u200c", "\u200d"]), st.text(_LETTER, min_size=1, max_size=5))
_EMOJI = st.sampled_from([
    "\u26a0\ufe0f", "\u260e\ufe0f", "\u203c\ufe0f", "\u2194\ufe0f", "#\ufe0f\u20e3",
    "1\ufe0f\u20e3", "\U0001f44d\U0001f3fd", "\U0001f9d1\U0001f3fd\u200d\u2696\ufe0f",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\u2764\ufe0f\u200d\U0001f525", "\U0001f3f4\u200d\u2620\ufe0f",
    "\U0001f468\U0001f3ff\u200d\U0001f9b0", "\U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1",
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "\U0001f1ec\U0001f1e7", "\u00a9\ufe0f", "\u845b\U000e0100"])  # fmt: skip
_REAL_TEXT = st.lists(st.one_of(_WORD, _EMOJI, st.text(_LETTER, min_size=1, max_size=5),
                                st.sampled_from(["Long day", "5c", "(", ")", ":"])),
                      min_size=1, max_size=8).map(" ".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=_REAL_TEXT)
def test_real_text_with_joiners_and_emoji_is_never_refused(text: str) -> None:
    assert hiding(text) == [] and unshown(text) is None, ascii(text)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(text=_REAL_TEXT)
def test_a_policy_title_of_real_text_is_read(text: str, tmp_path: Path) -> None:
    plain = (HERE / "policy" / "plain.wr").read_text(encoding="utf-8")
    policy = tmp_path / "p.wr"
    policy.write_text(plain.replace("Long day on Unpaid Work", text), encoding="utf-8")
    assert load_policy(policy).rules[0].head.title == text


@settings(max_examples=300, deadline=None)
@given(head=_REAL_TEXT, left=st.text(st.sampled_from("abcXYZ019"), min_size=1, max_size=5),
       char=st.sampled_from([ZW, "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]),
       right=st.text(st.sampled_from("abcXYZ019"), min_size=1, max_size=5), tail=_REAL_TEXT)
def test_an_invisible_character_between_ascii_letters_is_always_refused(
        head: str, left: str, char: str, right: str, tail: str) -> None:  # fmt: skip
    text = f"{head} {left}{char}{right} {tail}"
    at = len(head) + 1 + len(left)
    assert hiding(text) == [at]
    assert unshown(text) == (hidden(char), text[:at] + escaped(char) + text[at + 1:],
                             text[:at] + text[at + 1:])  # fmt: skip


# ------------------------------------------- P4: SARIF's message text holds no live link


def test_sarif_message_text_escapes_the_brackets_of_a_link_in_a_title(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE / "sarif")
    code, out, _ = _run(capsys, "check", "--no-config", "jd", "--format", "sarif", *TODAY)
    assert code == 1
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["message"]["text"] == (
        "jd/business-manager.md (Business Manager \\[apply\\](javascript:alert(1))) gives the "
        "post line management but states no span of control (9).")


@given(st.text(st.sampled_from("[]()\\ab1:"), max_size=30))
def test_no_sarif_text_has_an_unescaped_bracket(text: str) -> None:
    said = sarif_text(text)
    out, i = [], 0  # read back as a SARIF viewer reads plain text: each `\x` is `x`
    while i < len(said):
        assert said[i] not in "[]", said  # every bracket comes after a backslash
        if said[i] == "\\":
            i += 1
        out.append(said[i])
        i += 1
    assert "".join(out) == text


# ------------------------------------------------ P5: one sentence is bounded, not a report


def _rota(folder: Path, sessions: int = 300, supervisors: int = 10) -> None:
    who = ", ".join(f"S{j:02d}" for j in range(supervisors))
    (folder / "rota.yaml").write_text("kind: rota\nunit: Medway PDU\nupw_sessions:\n" + "".join(
        f"  - {{id: U{i:05d}{'x' * 190}, date: 2024-06-04, supervisors: [{who}], "
        f"members: {supervisors}, contact_hours: 1}}\n" for i in range(sessions)),
        encoding="utf-8")  # fmt: skip
    (folder / "staff.yaml").write_text((HERE / "multiplier" / "staff.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")  # fmt: skip


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_sentence_of_32_evidence_lists_is_cut_to_its_bound(
        engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    _rota(tmp_path)
    monkeypatch.chdir(tmp_path)
    given = sum(p.stat().st_size for p in tmp_path.iterdir())
    argv = ["check", "--no-config", "--policy", str(HERE / "multiplier" / "evidence-32.wr"),
            ".", "--engine", engine, *TODAY]  # fmt: skip
    code, out, _ = _run(capsys, *argv, "--format", "github")
    assert code == 1
    assert len(out) < 10 * given  # (63 MB from 322 KB before)
    assert max(map(len, out.splitlines())) < MAX_SENTENCE_CHARS + 200
    code, out, _ = _run(capsys, *argv, "--format", "json")
    findings = json.loads(out)["findings"]
    assert len(findings) == 10
    for f in findings:
        said = f["message"]
        assert len(said) <= MAX_SENTENCE_CHARS
        assert said.startswith(f"U00000{'x' * 190}, U00001")
        assert " and 275 more " in said  # the first list: 25 sessions said, then a count
        assert "characters left out)..." in said and said.endswith(" and 275 more")
        assert len(f["evidence"]) == 300  # every record is still listed as evidence


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_one_evidence_list_over_the_bound_says_how_many_more(
        engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    _rota(tmp_path, supervisors=2)
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "check", "--no-config", "--policy",
                        str(HERE / "multiplier" / "evidence-once.wr"), ".", "--engine", engine,
                        "--format", "json", *TODAY)  # fmt: skip
    assert code == 1
    first = json.loads(out)["findings"][0]["message"]
    assert first.startswith("S00 had 300 h of contact with work groups on 2024-06-04 (U00000")
    assert first.endswith(f"U00024{'x' * 190} and 275 more; 5c).")
    assert "left out" not in first


def test_a_short_list_and_sentence_are_as_they_were() -> None:
    labels = ["U1 (upw session)", "U2 (upw session)"]
    assert said_list(labels) == "U1 (upw session), U2 (upw session)"
    sentence = "S010 had 9 h of contact with work groups on 2024-06-04 (U1 (upw session)) (5c)."
    assert said_within(sentence) is sentence


@given(st.lists(st.text(min_size=0, max_size=3000), max_size=40))
def test_said_list_is_the_whole_list_or_a_bounded_start_of_it(labels: list[str]) -> None:
    said = said_list(labels)
    whole = ", ".join(labels)
    if len(whole) <= MAX_SENTENCE_CHARS:
        assert said == whole
    else:
        head, _, more = said.rpartition(" and ")
        shown = len(labels) - int(more.removesuffix(" more").replace(",", ""))
        assert 1 <= shown < len(labels) and head == ", ".join(labels[:shown])
        assert shown == 1 or len(head) <= MAX_SENTENCE_CHARS // 2


@given(st.text(max_size=30_000))
def test_said_within_is_at_most_the_bound(sentence: str) -> None:
    said = said_within(sentence)
    assert len(said) <= MAX_SENTENCE_CHARS
    assert said == sentence or (said.startswith(sentence[:7000])
                                and said.endswith(sentence[-2000:]))
