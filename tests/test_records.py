"""Records the data cannot settle on its own (issue 9, section 3): the language parts that
read them, checked against plain restatements over generated input."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workrules
from workrules import PolicyError
from workrules import nodes as n
from workrules.compile import held_at_peak
from workrules.model import Case
from workrules.parse import parse_expression, parse_policy

MONDAY = dt.date(2024, 6, 3)
day = st.integers(0, 60).map(lambda d: MONDAY + dt.timedelta(days=d))


@st.composite
def cases(draw: st.DrawFn) -> list[Case]:
    out = []
    for i in range(draw(st.integers(0, 8))):
        opened = draw(st.none() | day)
        closed = draw(st.none() | day)
        if opened is not None and closed is not None and closed < opened:
            opened, closed = closed, opened
        out.append(Case(f"C{i}", "S001", "a.yaml", i + 1, opened=opened, closed=closed))
    return out


@settings(max_examples=200, deadline=None)
@given(cases())
def test_most_at_once_is_the_most_held_on_any_single_day(records: list[Case]) -> None:
    def held_on(d: dt.date) -> list[Case]:
        return [r for r in records if (r.opened is None or r.opened <= d)
                and (r.closed is None or d < r.closed)]  # fmt: skip

    first, held = held_at_peak(records, ("opened", "closed"))
    days = [MONDAY - dt.timedelta(days=1) + dt.timedelta(days=i) for i in range(63)]
    best = max((len(held_on(d)) for d in days), default=0)
    assert len(held) == best
    if first is None:  # no opened date makes a difference: every undated case is counted
        assert held == [r for r in records if r.opened is None]
    else:  # the first day the most are held, and exactly those
        assert held == held_on(first)
        assert all(len(held_on(d)) < best for d in days if d < first)


numbers = st.integers(0, 60)


@settings(max_examples=100, deadline=None)
@given(numbers, numbers, st.sampled_from(["days", "weeks"]))
def test_new_rule_parts_parse_and_write_back(a: int, b: int, unit: str) -> None:
    text = (f"rule r\n    for each wmt\n    per staff\n"
            f"    spell percent > {a}% lasting at most {b} {unit} holding at most {a} {unit}\n"
            f'    say "{{latest of percent - {b}%}}"\n'
            f"rule s\n    for each case\n    per practitioner\n"
            f"    measure most at once at most {b}\n"
            f"rule t\n    for each timesheet\n"
            f"    measure hours_worked repaid by toil_hours up to {a} {unit} later "
            f"at most {b} h\n")  # fmt: skip
    rules = {r.id: r for r in parse_policy(text, "p.wr").rules}
    spell = rules["r"].check
    assert isinstance(spell, n.Spell) and spell.holding is not None
    assert n.unparse(spell.holding.limit) == f"{a * (7 if unit == 'weeks' else 1)} days"
    latest = rules["r"].say.parts[0]  # type: ignore[union-attr]
    assert n.unparse(latest) == f"(latest of percent) - {b}%"  # type: ignore[arg-type]
    again = parse_expression(n.unparse(latest), "p.wr")  # type: ignore[arg-type]
    assert n.unparse(again) == n.unparse(latest)  # type: ignore[arg-type]
    held = rules["s"].check
    assert isinstance(held, n.Measure) and isinstance(held.value, n.MostAtOnce)
    owed = rules["t"].check
    assert isinstance(owed, n.Measure) and owed.repaid is not None and owed.late is not None
    assert n.unparse(owed.repaid) == "toil_hours"


@pytest.mark.parametrize(("text", "message"), [
    ("rule r\n for each wmt\n per staff\n spell percent > 1% lasting at most 7 days "
     "holding at least 3 days\n", "a reading holds 'at most' some days"),
    ("rule r\n for each report\n per author\n measure most at once at most 3\n",
     "'most at once' needs records held over days; a pre-sentence report has no opened and"),
    ("rule r\n for each case\n per practitioner\n measure latest of tier at most 3\n",
     "'latest of' needs dated records; a case has no date"),
    ("rule r\n for each timesheet\n per staff\n measure sum of hours_worked repaid by "
     "toil_hours at most 0 h\n", "'repaid by' follows one person's records one by one"),
    ("rule r\n for each timesheet\n measure hours_worked repaid by toil_hours up to 2 h "
     "later at most 0 h\n", "'up to ... later' takes days or weeks"),
    ("rule r\n for each upw_session\n measure contact_hours repaid by members "
     "at most 0 h\n", "'repaid by' follows one person's dated records"),
])  # fmt: skip
def test_new_rule_parts_misused_are_refused_in_one_line(
    text: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "p.wr"
    path.write_text(text)
    with pytest.raises(PolicyError) as err:
        workrules.load_policy(str(path))
    assert message in str(err.value)
    assert str(err.value).startswith(f"{path}:")


MONDAYS = st.integers(0, 10).map(lambda w: MONDAY + dt.timedelta(weeks=w))


@settings(max_examples=100, deadline=None)
@given(weeks=st.dictionaries(MONDAYS, st.tuples(st.integers(30, 50), st.integers(0, 8)),
                             max_size=8),
       late=st.integers(0, 6))  # fmt: skip
def test_later_recompense_never_pays_more_than_was_given(
    weeks: dict[dt.date, tuple[int, int]], late: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _check_recompense(weeks, late, Path(tmp))


def _check_recompense(weeks: dict[dt.date, tuple[int, int]], late: int, tmp_path: Path) -> None:
    rows = "".join(f"  - {{staff: S001, week: {w}, hours_worked: {h}, toil_hours: {t}}}\n"
                   for w, (h, t) in sorted(weeks.items()))  # fmt: skip
    (tmp_path / "staff.yaml").write_text(
        "kind: staff\nstaff:\n  - {id: S001, grade: PO, contracted_hours: 37}\n")
    (tmp_path / "rota.yaml").write_text(f"kind: rota\ntimesheets:\n{rows}" if rows
                                        else "kind: rota\ntimesheets: []\n")  # fmt: skip
    files = [str(tmp_path / "staff.yaml"), str(tmp_path / "rota.yaml")]
    found = workrules.check(files, set_values=[f"toil_recorded_late={late} weeks"]).findings
    owed = {f.period.start: f.value for f in found if f.rule == "unrecompensed-hours"}
    over = {w: max(h - 37, 0) for w, (h, _) in weeks.items()}
    # what is still owed for a week is never more than that week's hours over
    assert all(0 < v <= over[w] for w, v in owed.items())
    # and what is repaid never comes to more than all the TOIL given
    assert sum(over.values()) - sum(owed.values()) <= sum(t for _, t in weeks.values())
    if late == 0:  # the week's own record only: the plain rule of 4c
        assert owed == {w: over[w] - t for w, (h, t) in weeks.items() if over[w] > t}
