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
