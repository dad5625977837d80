"""Record ids with a letter or digit from another alphabet, or another form of one, that looks
like an ASCII one (a Cyrillic capital es, a Greek capital nu, a full-width C, a mathematical
bold nine), or an accented letter written as a letter and a separate accent:
read as written, each was a second person or case beside the one it looks like, splitting
their hours or caseload so that every cap passed. Refused on every path, both engines; the
Latin alphabet's own letters (`Siân`, `Zoë`) are ids like any other."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import check_text, said_on_every_path
from hypothesis import given
from hypothesis import strategies as st

from workrules.dataset import lookalike

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "lookalike"


def _alike(noun: str, shown: str, named: str, plain: str) -> str:
    return (f"{noun} id '{shown}' holds {named}: read as it is, it is another id than "
            f"'{plain}'; write '{plain}'")  # fmt: skip


REFUSED = [
    ("lookalike-staff.yaml", "lookalike-staff.yaml:4: " + _alike(
        "staff member", "\u039d4", "U+039D GREEK CAPITAL LETTER NU, which looks like 'N'",
        "N4")),
    ("lookalike-allocation.json", "lookalike-allocation.json:4: " + _alike(
        "case", "\u04217", "U+0421 CYRILLIC CAPITAL LETTER ES, which looks like 'C'", "C7")),
    ("lookalike-cases.csv", "lookalike-cases.csv:3: " + _alike(
        "case", "\uff239", "U+FF23 FULLWIDTH LATIN CAPITAL LETTER C, which looks like 'C'",
        "C9")),
    ("lookalike-cases.ndjson", "lookalike-cases.ndjson:3: " + _alike(
        "case", "\u0421RN9", "U+0421 CYRILLIC CAPITAL LETTER ES, which looks like 'C'",
        "CRN9")),
    ("lookalike-cases.parquet", "lookalike-cases.parquet:2: " + _alike(
        "case", "C\U0001d7d7", "U+1D7D7 MATHEMATICAL BOLD DIGIT NINE, which looks like '9'",
        "C9")),
    # an accented letter written as the letter and then its accent, as macOS writes it
    ("decomposed-staff.yaml", "decomposed-staff.yaml:4: " + _alike(
        "staff member", "Zoe\u0308", "'e' and then U+0308 COMBINING DIAERESIS, which look "
        "like '\u00eb' (U+00EB)", "Zo\u00eb")),
    ("decomposed-rota.yaml", "decomposed-rota.yaml:4: timesheet Rene\u0301e week 2024-06-10: "
     "staff 'Rene\u0301e' holds 'e' and then U+0301 COMBINING ACUTE ACCENT, which look like "
     "'\u00e9' (U+00E9); write 'Ren\u00e9e'"),
    # a reference to someone, written with a look-alike: named as such, not "no such person"
    ("lookalike-rota.yaml", "lookalike-rota.yaml:4: timesheet \u039d1 week 2024-06-10: staff "
     "'\u039d1' holds U+039D GREEK CAPITAL LETTER NU, which looks like 'N'; write 'N1'"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "said"), REFUSED, ids=[f for f, _ in REFUSED])
def test_an_id_with_a_lookalike_letter_is_refused_alike_on_every_path(
        file: str, said: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assert said_on_every_path(["staff.csv", file], HERE, monkeypatch) == {said}
    for engine in ("python", "columnar"):
        assert check_text("staff.csv", file, cwd=HERE, engine=engine) == (
            2, "", f"workrules: {said}\n")


FINDING = """\
welsh-rota.yaml:3: unrecompensed-hours [4c] Siân worked 40 h in the week of 2024-06-03, 3 h \
over their 37 h contracted, but 0 h of it was given as TOIL or paid: 3 h unrecompensed (4c).
    error: fails the run
    subject Siân; week of 2024-06-03; measured 3 h, limit at most 0 h
    because the staff member's contracted hours are 37 h
    evidence timesheet Siân week 2024-06-03 (welsh-rota.yaml:3)
"""


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_ids_with_the_latin_alphabets_own_letters_are_read(
        engine: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    files = ["welsh-staff.yaml", "welsh-rota.yaml"]
    assert said_on_every_path(files, HERE, monkeypatch) == {"['staff', 'timesheet']"}
    code, out, err = check_text("--today", "2024-07-01", "--select", "unrecompensed-hours",
                                *files, cwd=HERE, engine=engine)  # fmt: skip
    assert (code, out, err) == (1, FINDING, "")


LOOKALIKES = {"\u0421": "C", "\u0410": "A", "\u041d": "H", "\u043e": "o", "\u0440": "p",
              "\u0391": "A", "\u039d": "N", "\u039f": "O", "\u03bf": "o", "\uff23": "C",
              "\uff11": "1", "\U0001d7d7": "9", "\u2160": "I"}  # fmt: skip
_ASCII = st.text(st.sampled_from("ACHNOIopx0123456789-_"), min_size=1, max_size=8)


@given(_ASCII, st.data())
def test_an_id_is_refused_exactly_when_it_holds_a_lookalike_and_told_the_ascii_one(
        plain: str, data: st.DataObject) -> None:  # fmt: skip
    twins = {v: k for k, v in reversed(LOOKALIKES.items())}
    swap = data.draw(st.lists(st.booleans(), min_size=len(plain), max_size=len(plain)))
    written = "".join(twins[c] if s and c in twins else c for c, s in zip(plain, swap, strict=True))
    said = lookalike(written)
    if written == plain:
        assert said is None
    else:
        assert said is not None and said[1] == plain
        assert all(f"U+{ord(c):04X}" in said[0] for c in set(written) - set(plain))


@given(st.text(max_size=8))
def test_the_id_a_lookalike_refusal_asks_for_is_itself_accepted(value: str) -> None:
    said = lookalike(value)
    if said is None:
        # nothing in it is a form of ASCII, or looks like it, outside the Latin alphabet
        assert all(c.isascii() or not unicodedata.normalize("NFKC", c).isascii()
                   or not unicodedata.normalize("NFKC", c).isprintable() for c in value)
    else:
        assert lookalike(said[1]) is None


_LATIN = st.text(st.sampled_from("AaEeIiOoUuNnCcYyZzWw\u00e2\u00e9\u00eb\u00ee\u00f1\u00f6\u00e7\u0177\u0175"
                                 "\u00c9\u00d6\u017e0123456789-"), min_size=1, max_size=8)


@given(_LATIN, st.data())
def test_an_accented_letter_written_apart_is_refused_and_told_the_composed_id(
        composed: str, data: st.DataObject) -> None:  # fmt: skip
    # each accented letter written one way or the other: composed, or the letter and a mark
    apart = data.draw(st.lists(st.booleans(), min_size=len(composed), max_size=len(composed)))
    written = "".join(unicodedata.normalize("NFD", c) if a else c
                      for c, a in zip(composed, apart, strict=True))  # fmt: skip
    said = lookalike(written)
    if written == composed:
        assert said is None
    else:
        assert said is not None and said[1] == composed
        assert all(f"U+{ord(k):04X}" in said[0] for k in set(written) if unicodedata.combining(k))
