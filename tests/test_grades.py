"""Grades are read in any case and through their aliases; a typo is refused, never passed.

- Any casing of a known grade or alias loads as the grade's canonical spelling.
- A near miss of a known grade (one slip of the keyboard) is refused with "did you mean".
- Whatever grade a PSR author has, the role boundary of 7 either judges them, or the run is
  refused, or the rule says it could not judge their grade: it never passes them in silence.
- A grade declared in workrules.toml or in the policy is judged without a notice.
"""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workrules import InputError, PolicyError, UsageError, check, load_data, load_policy
from workrules import model as m

FAST = settings(max_examples=60, deadline=None)
SPELLINGS = sorted((s, g.name) for g in m.GRADES for s in (g.name, *g.aliases))
# (its subject's flags given, as an export carrying them gives them: no notice that none is)
REPORT = """kind: allocation
reports:
  - {id: R1, author: S1, type: sdr, date: 2024-06-10, subject: {rosh: high, flags: [iom]}}
"""


def _staff(grade: str) -> str:
    return f"kind: staff\nstaff:\n  - {{id: S1, grade: {grade}}}\n"


def _run(folder: Path, grade: str, **kwargs: object) -> object:
    (folder / "staff.yaml").write_text(_staff(grade), encoding="utf-8")
    (folder / "allocation.yaml").write_text(REPORT, encoding="utf-8")
    return check([folder / "staff.yaml", folder / "allocation.yaml"], **kwargs)  # type: ignore[arg-type]


@st.composite
def recased(draw: st.DrawFn) -> tuple[str, str]:
    """A known spelling with each letter in either case: (as written, canonical grade)."""
    spelling, grade = draw(st.sampled_from(SPELLINGS))
    flips = draw(st.lists(st.booleans(), min_size=len(spelling), max_size=len(spelling)))
    return "".join(c.swapcase() if f else c for c, f in zip(spelling, flips, strict=True)), grade


@FAST
@given(recased())
@example(("PQIP", "PQiP"))
@example(("pqip", "PQiP"))
@example(("tpo", "PQiP"))
def test_any_casing_of_a_known_grade_loads_as_that_grade(written_grade: tuple[str, str]) -> None:
    written, grade = written_grade
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "staff.yaml"
        path.write_text(_staff(written), encoding="utf-8")
        assert load_data([path]).staff["S1"].grade == grade


@st.composite
def slip(draw: st.DrawFn) -> tuple[str, str]:
    """One slip of the keyboard in a known grade of three letters or more: a letter changed
    (to another, or to the digit it looks like), dropped, doubled, or swapped with the next."""
    name = draw(st.sampled_from([g.name for g in m.GRADES if len(g.name) >= 3]))
    i = draw(st.integers(0, len(name) - 2))
    how = draw(st.sampled_from(["change", "drop", "double", "swap", "digit"]))
    letter = draw(st.sampled_from(string.ascii_uppercase))
    out = {
        "change": name[:i] + letter + name[i + 1:],
        "drop": name[:i] + name[i + 1:],
        "double": name[:i] + name[i] + name[i:],
        "swap": name[:i] + name[i + 1] + name[i] + name[i + 2:],
        "digit": name.upper().translate(str.maketrans("OISB", "0158")),
    }[how]
    return out, name


@FAST
@given(slip())
@example(("PS0", "PSO"))
def test_a_near_miss_of_a_known_grade_is_refused_with_a_suggestion(
    typo_of: tuple[str, str],
) -> None:
    typo, _ = typo_of
    if m.canonical_grade(typo) is not None or not typo[0].isalpha() or len(typo) < 3:
        return  # another known grade, a name the schema refuses, or too short to be a slip
    with tempfile.TemporaryDirectory() as folder, pytest.raises(InputError) as err:
        _run(Path(folder), typo)
    assert f"grade '{m.word_key(typo)}' is not a known grade (did you mean '" in err.value.message
    assert err.value.line == 3


@FAST
@given(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,14}", fullmatch=True))
@example("PS0")
@example("TEAM_LEAD")
@example("NO")
@example("ML")
def test_no_grade_is_ever_passed_in_silence_by_the_role_boundary(grade: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        try:
            result = _run(Path(folder), grade)
        except InputError as err:
            if isinstance(yaml.safe_load(grade), bool):  # `grade: NO` is YAML's false, not a grade
                assert "YAML reads yes, no, on and off (in any case) as true or false" in err.message
            else:  # a slip of a grade, or a word that says the holder is away ("ML")
                assert "did you mean" in err.message or "not a grade" in err.message
            return
    assert not isinstance(result, Exception)
    found = [f.rule for f in result.findings]  # type: ignore[attr-defined]
    notices = {na.rule: na.reason for na in result.not_applied}  # type: ignore[attr-defined]
    canonical = m.canonical_grade(grade)
    if canonical in ("PSO", "PQiP"):
        assert found == ["psr-role-boundary"]
    elif canonical is not None:
        assert found == []
    else:
        # named as the loader folds it (case, spaces, hyphens): `team lead` is TEAM_LEAD
        assert f"not known, so their holders were not judged: {m.word_key(grade)} (S1)" in notices[
            "psr-role-boundary"]


def test_a_grade_declared_in_the_config_is_judged_without_a_notice(tmp_path: Path) -> None:
    (tmp_path / "workrules.toml").write_text('[grades]\nTEAM_LEAD = "SPO"\n', encoding="utf-8")
    result = _run(tmp_path, "TEAM_LEAD", config=tmp_path / "workrules.toml")
    assert result.findings == ()  # type: ignore[attr-defined]
    assert "psr-role-boundary" not in [na.rule for na in result.not_applied]  # type: ignore[attr-defined]


def test_the_same_grade_undeclared_is_reported_by_name(tmp_path: Path) -> None:
    result = _run(tmp_path, "TEAM_LEAD")
    reason = {na.rule: na.reason for na in result.not_applied}["psr-role-boundary"]  # type: ignore[attr-defined]
    assert reason == (
        "applied in part; not applied for unknown grades: this rule judges by grade, and this "
        "grade is not known, so their holders were not judged: TEAM_LEAD (S1) (declare a grade "
        "of its own with 'grade NAME' in the policy or [grades] in workrules.toml)")


def test_declaring_a_grade_lets_a_near_miss_stand_as_a_grade_of_its_own(tmp_path: Path) -> None:
    policy = tmp_path / "local.wr"
    policy.write_text('extends "claim-2024"\ngrade PS0 "a grade of its own, not a typo"\n',
                      encoding="utf-8")  # fmt: skip
    result = _run(tmp_path, "PS0", policy=policy)
    assert result.findings == ()  # type: ignore[attr-defined]
    assert "psr-role-boundary" not in [na.rule for na in result.not_applied]  # type: ignore[attr-defined]


def test_a_declared_family_must_be_a_grade(tmp_path: Path) -> None:
    policy = tmp_path / "local.wr"
    policy.write_text('extends "claim-2024"\ngrade TEAM_LEAD like SOP\n', encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_policy(policy)
    assert err.value.line == 2
    assert err.value.message == (
        "grade TEAM_LEAD: 'like SOP' names no known or declared grade (did you mean 'SPO'?)")


def test_a_declared_family_is_written_in_its_canonical_spelling(tmp_path: Path) -> None:
    policy = tmp_path / "local.wr"
    policy.write_text('extends "claim-2024"\ngrade TEAM_LEAD, DEPUTY like spo\n',
                      encoding="utf-8")  # fmt: skip
    assert load_policy(policy).grades == {"TEAM_LEAD": "SPO", "DEPUTY": "SPO"}


def test_the_data_model_page_lists_every_grade_alias_and_family() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "data-model.md").read_text()
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    for g in m.GRADES:
        row = next(r for r in rows if r.startswith(f"| `{g.name}` |"))
        for word in (*g.aliases, g.family, *g.roles):
            assert f"`{word}`" in row if word else True, (g.name, word)


@pytest.mark.parametrize("cap", [
    "1",
    # a dated cap runs the rule once per period of constant values: each run must still know
    # the grades the policy declares
    "3, 1 from 2020-01-01",
])
def test_a_declared_grade_is_capped_through_its_family_and_theirs(tmp_path: Path,
                                                                  cap: str) -> None:
    policy = tmp_path / "local.wr"
    policy.write_text('extends "claim-2024"\ngrade TEAM_LEAD like SPO_COURTS\n'
                      f"set span_of_control_max[SPO] = {cap}\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "staff.yaml").write_text(
        "kind: staff\nstaff:\n  - {id: T1, grade: TEAM_LEAD}\n"
        "  - {id: T2, grade: PO, line_manager: T1}\n  - {id: T3, grade: PO, line_manager: T1}\n",
        encoding="utf-8")  # fmt: skip
    result = check([tmp_path / "staff.yaml"], policy=policy)
    assert [(f.rule, f.subject, f.value, f.limit_value) for f in result.findings] == [
        ("span-of-control", "T1", 2, 1)]
    assert "span-of-control" not in [na.rule for na in result.not_applied]


@pytest.mark.parametrize(("written", "grade"), [
    ("Probation Officer", "PO"), ("PO ", "PO"), ("Case Administrator", "CASE_ADMIN"),
    ("Business Manager", "BUSINESS_MANAGER"), ("Head of PDU", "HEAD_OF_PDU"),
    ("Trainee Probation Officer", "PQiP"), ("SPO - Courts", "SPO_COURTS"),
    ("Spo-Courts", "SPO_COURTS"), ("Senior Probation Officer (Courts)", "SPO_COURTS"),
    ("SPO \u2013 Victims", "SPO_VICTIMS"), ("PSO Band 3", "PSO"),
    ("Hostel Worker", "HOSTEL_WORKER"),
])  # fmt: skip
def test_a_grade_written_as_a_job_title_is_read_as_its_grade(
    tmp_path: Path, written: str, grade: str,
) -> None:
    path = tmp_path / "staff.yaml"
    path.write_text(_staff(f'"{written}"'), encoding="utf-8")
    assert load_data([path]).staff["S1"].grade == grade


def test_a_near_miss_of_a_title_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        _run(tmp_path, '"Probaton Officer"')
    assert err.value.line == 3
    assert err.value.message == (
        "staff S1: grade 'PROBATON_OFFICER' is not a known grade (did you mean "
        "'PO'?); if it is a grade of its own, declare it with 'grade "
        "PROBATON_OFFICER' in the policy or grades = [\"PROBATON_OFFICER\"] in workrules.toml")


def test_a_title_naming_no_grade_is_reported_as_an_unknown_grade(tmp_path: Path) -> None:
    result = _run(tmp_path, '"Hostel Worker"')
    reason = {na.rule: na.reason for na in result.not_applied}["psr-role-boundary"]  # type: ignore[attr-defined]
    assert "so their holders were not judged: HOSTEL_WORKER (S1)" in reason


@pytest.mark.parametrize("band", ["Band 4", "BAND_4", "band 3", "PB3", "Pay Band 5"])
def test_a_pay_band_alone_as_a_staff_grade_is_refused(tmp_path: Path, band: str) -> None:
    # (it was read as the unknown grade BAND_4, and every role rule passed its holder over,
    # advising to declare it: first hour, round 52, P1)
    with pytest.raises(InputError) as err:
        _run(tmp_path, f'"{band}"')
    assert err.value.line == 3
    assert err.value.message == (
        f"staff[0] (S1): grade: {band!r} is a pay band, not a grade: a band names no role, so "
        "no rule that judges by grade could judge its holder; give the grade (PO, PSO, SPO, "
        "...; HR's job title) in grade, and the band in band")


@pytest.mark.parametrize("key", ["spo", "Senior Probation Officer", "SPO "])
def test_a_grade_key_of_a_cap_is_read_like_a_grade(tmp_path: Path, key: str) -> None:
    policy = load_policy("claim-2024").with_values([f"span_of_control_max[{key}]=8"])
    assert policy.values["span_of_control_max"]["SPO"] == 8


def test_a_cap_may_be_set_for_a_grade_of_the_vocabulary_it_does_not_list() -> None:
    policy = load_policy("claim-2024").with_values(
        ["span_of_control_max[Senior Probation Officer (Courts)]=3"])
    assert policy.values["span_of_control_max"]["SPO_COURTS"] == 3


def test_a_slip_in_a_cap_key_is_refused_with_a_suggestion() -> None:
    with pytest.raises(UsageError) as err:
        load_policy("claim-2024").with_values(["span_of_control_max[SP0]=8"])
    assert err.value.message.startswith(
        "set value 'span_of_control_max[SP0]=8': span_of_control_max has no value for 'SP0' (did you "
        "mean 'SPO'?); its keys are SAO, BUSINESS_MANAGER, SPO,")


def test_a_grade_declared_in_the_config_can_be_capped_with_set(tmp_path: Path) -> None:
    (tmp_path / "workrules.toml").write_text('[grades]\nTEAM_LEAD = ""\n', encoding="utf-8")
    (tmp_path / "staff.yaml").write_text(
        "kind: staff\nstaff:\n  - {id: T1, grade: Team Lead}\n"
        "  - {id: T2, grade: PO, line_manager: T1}\n  - {id: T3, grade: PO, line_manager: T1}\n",
        encoding="utf-8")  # fmt: skip
    result = check([tmp_path / "staff.yaml"], config=tmp_path / "workrules.toml",
                   set_values=["span_of_control_max[TEAM_LEAD]=1"])  # fmt: skip
    assert [(f.rule, f.subject, f.value, f.limit_value) for f in result.findings] == [
        ("span-of-control", "T1", 2, 1)]


def test_an_undeclared_grade_cannot_be_capped_with_set() -> None:
    with pytest.raises(UsageError) as err:
        load_policy("claim-2024").with_values(["span_of_control_max[TEAM_LEAD]=8"])
    assert "has no value for 'TEAM_LEAD'; its keys are" in err.value.message


def test_a_policy_can_cap_the_grade_it_declares(tmp_path: Path) -> None:
    policy = tmp_path / "local.wr"
    policy.write_text('extends "claim-2024"\ngrade TEAM_LEAD\n'
                      "set span_of_control_max[team_lead] = 1\n", encoding="utf-8")  # fmt: skip
    assert load_policy(policy).values["span_of_control_max"]["TEAM_LEAD"] == 1



GRADE_WORDS = Path(__file__).resolve().parents[1] / "fixtures" / "grade-words"


@pytest.mark.parametrize(("name", "line", "column", "message"), [
    ("bare-word", 6, 39, "'MAPA_COORDINATOR' is not a known grade in its canonical spelling "
     "(did you mean 'MAPPA_COORDINATOR'?); declare a grade of its own with "
     "'grade MAPA_COORDINATOR'"),
    ("quoted", 6, 27, "'PS0' is not a known grade in its canonical spelling (did you mean "
     "'PSO'?); declare a grade of its own with 'grade PS0'"),
    ("title", 6, 26, "'Probation Services Officer' is not a known grade in its canonical "
     "spelling (did you mean 'PSO'?)"),
])  # fmt: skip
def test_a_misspelt_grade_in_a_comparison_is_refused_at_the_word(
        name: str, line: int, column: int, message: str) -> None:
    # a bare word or a quoted text compared with a grade would match no one, in silence
    with pytest.raises(PolicyError) as err:
        load_policy(GRADE_WORDS / f"{name}.wr")
    assert (err.value.line, err.value.column, err.value.message) == (line, column, message)


@pytest.mark.parametrize("name", ["two-grades", "declared"])
def test_a_field_or_a_declared_grade_compared_with_a_grade_is_not_a_misspelt_grade(
        name: str) -> None:
    assert load_policy(GRADE_WORDS / f"{name}.wr").rules


def test_a_misspelt_grade_in_a_comparison_is_refused_on_the_command_line() -> None:
    from conftest import run_workrules

    example = Path(__file__).resolve().parents[1] / "fixtures" / "example"
    proc = run_workrules("check", "--no-config", "--policy", str(GRADE_WORDS / "bare-word.wr"),
                         str(example / "rota.yaml"), str(example / "staff.yaml"))  # fmt: skip
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines()[0] == (
        f"workrules: {GRADE_WORDS / 'bare-word.wr'}:6:39: 'MAPA_COORDINATOR' is not a known "
        "grade in its canonical spelling (did you mean 'MAPPA_COORDINATOR'?); declare a grade "
        "of its own with 'grade MAPA_COORDINATOR'")


def test_every_known_grade_compares_as_written_and_every_alias_points_at_its_grade(
        tmp_path: Path) -> None:
    # the vocabulary, both ways: a canonical name loads; an alias (any other spelling the
    # data's loader folds to it) is refused, naming the grade it stands for
    policy = tmp_path / "local.wr"
    for g in m.GRADES:
        for word, canonical in ((g.name, True), *((a, False) for a in g.aliases)):
            if word == g.name and not canonical:
                continue
            policy.write_text(f'policy words "Grade words"\nrule r\n    clause "7"\n'
                              f'    for each report\n    where author.grade = "{word}"\n'
                              '    require subject.rosh in {low, medium}\n',
                              encoding="utf-8")  # fmt: skip
            if canonical:
                assert load_policy(policy).rules, word
                continue
            with pytest.raises(PolicyError) as err:
                load_policy(policy)
            assert f"(did you mean '{g.name}'?)" in err.value.message, word


def test_a_policy_compares_with_a_grade_its_project_config_declares() -> None:
    # fixtures/grade-words/config: `[grades] LOCAL_PSO = "PSO"` in workrules.toml, and a rule
    # of the project's policy on `author.grade = LOCAL_PSO`: R2, an sdr by L1, is reported
    from conftest import run_workrules

    proc = run_workrules("check", "staff.yaml", "allocation.yaml", "-q", "--format", "text",
                         cwd=GRADE_WORDS / "config")  # fmt: skip
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout.splitlines()[:4] == [
        "allocation.yaml:9: local-pso-oral-reports-only [local] R2 (2024-07-02): A local PSO "
        "writes oral reports only: measured the report type is SDR, required.",
        "    error: fails the run",
        "    subject R2; 2024-07-02; measured the report type is SDR, limit required",
        "    because the author's grade is LOCAL_PSO; the report type is SDR",
    ]


def test_a_grade_declared_beside_a_policy_is_known_to_that_load_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # with the policy cache on: a policy checked with the config's grades is kept apart from
    # the same policy loaded without them, which still refuses the word
    from workrules import policy as wp

    monkeypatch.setenv("WORKRULES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(wp, "_USE_CACHE", True)
    local = GRADE_WORDS / "config" / "local.wr"
    for _ in range(2):  # the second load from the cache
        assert load_policy(local, grades=["Local PSO"]).rules
        with pytest.raises(PolicyError) as err:
            load_policy(local)
        assert (err.value.line, err.value.message) == (8, (
            "'LOCAL_PSO' is not a known grade in its canonical spelling; declare a grade of "
            "its own with 'grade LOCAL_PSO'"))
