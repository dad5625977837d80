"""`workrules test`: the claim's own policy tests pass, and a failing test says what differs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from workrules.cli import main
from workrules.policy_tests import find_test_files, run_tests

ROOT = Path(__file__).resolve().parents[1]
CLAIM_TESTS = ROOT / "tests" / "policy"
FAILING = ROOT / "fixtures" / "policy-tests" / "failing.wrtest.yaml"


def test_the_claims_policy_tests_all_pass() -> None:
    run = run_tests([str(CLAIM_TESTS)])
    assert [(o.name, o.problems) for o in run.failed] == []
    assert len(run.outcomes) >= 30


def test_every_rule_of_the_claim_has_a_test_that_expects_its_finding() -> None:
    from workrules import load_policy

    expected: set[str] = set()
    for file in find_test_files([str(CLAIM_TESTS)]):
        for test in yaml.safe_load(Path(file).read_text(encoding="utf-8"))["tests"]:
            expected.update(e.split()[0] for e in test.get("expect", []))
    assert {cr.rule.id for cr in load_policy().rules} - expected == set()


def test_the_cli_runs_them_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(CLAIM_TESTS)]) == 0
    assert capsys.readouterr().out.endswith(" tests in 9 files: all passed.\n")


def test_a_failing_test_prints_the_difference_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # run from fixtures/, so that outside a git work tree (a source archive: the README's test
    # command, first hour 33) the test's '../example' data is inside the folder run from
    monkeypatch.chdir(FAILING.parent.parent)
    assert main(["test", f"{FAILING.parent.name}/{FAILING.name}"]) == 1
    assert capsys.readouterr().out == (
        "FAIL policy-tests/failing.wrtest.yaml:8: expects a breach the data does not give\n"
        "    - upw-group-ratio U1 2024-06-04   (expected, not given)\n"
        "FAIL policy-tests/failing.wrtest.yaml:15: gives a breach it does not expect\n"
        "    + upw-contact-hours S010 2024-06-04 @ failing.wrtest.yaml:19   (given, not expected)\n"
        "    + upw-contact-hours S010 2024-06-04 @ failing.wrtest.yaml:19   (given, but "
        "expect_not has 'upw-contact-hours S010')\n"
        "FAIL policy-tests/failing.wrtest.yaml:23: expects a rule not applied that was\n"
        "    - not applied: upw-group-ratio   (expected, not reported)\n"
        "    + not applied: mappa-meetings-per-day: cap not yet agreed: "
        "mappa_meetings_per_day_max is unset (set with --set mappa_meetings_per_day_max=N)   "
        "(reported, not expected)\n"
        "FAIL policy-tests/failing.wrtest.yaml:31: data the loader refuses\n"
        "    the data was refused: failing.wrtest.yaml:35: U1: supervisors 'S999' is not the id "
        "of anyone in the staff lists given; pass the file that lists them too\n"
        "5 tests in 1 file: 4 failed.\n"
    )


def test_junit_report_has_a_case_per_test_and_a_failure_per_failed_one(tmp_path: Path) -> None:
    from junitparser import Failure, JUnitXml

    out = tmp_path / "tests.xml"
    assert main(["test", str(FAILING), "--junit", str(out)]) == 1
    suites = list(JUnitXml.fromfile(str(out)))
    (suite,) = suites
    cases = list(suite)
    assert [c.name for c in cases] == [
        "expects a breach the data does not give", "gives a breach it does not expect",
        "expects a rule not applied that was", "data the loader refuses", "passes"]
    assert [bool(c.result) and isinstance(c.result[0], Failure) for c in cases] == [
        True, True, True, True, False]
    first = out.read_bytes()
    main(["test", str(FAILING), "--junit", str(out)])
    assert out.read_bytes() == first  # no timings: the same tests give the same bytes


def test_a_misspelt_key_is_refused_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    bad = ROOT / "fixtures" / "policy-tests" / "bad" / "misspelt-key.wrtest.yaml"
    assert main(["test", str(bad)]) == 2
    assert capsys.readouterr().err == (
        f"workrules: {bad}:3: unknown key 'expekt' in a test (did you mean 'expect'?)\n")


def test_a_folder_without_tests_is_refused_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"workrules: no policy test files (*.wrtest.yaml) under {tmp_path}\n")


def test_pre_commit_hook_for_policy_repositories_runs_the_tests() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "workrules-test"]
    assert hook["entry"] == "workrules test"
    assert hook["pass_filenames"] is False


@pytest.mark.parametrize(("name", "message"), [
    ("misspelt-rule-in-expect-not", "11: expect_not: policy claim-2024 has no rule "
     "'sfo-open-review' (did you mean 'sfo-open-reviews'?)"),
    ("two-tests-one-name", "9: a second test named 'no finding' (the first is at line 5); "
     "give each test a name of its own"),
])  # fmt: skip
def test_a_test_file_that_would_pass_or_fail_for_the_wrong_reason_is_refused_with_exit_2(
        capsys: pytest.CaptureFixture[str], name: str, message: str) -> None:
    # a misspelt rule in expect_not passed whatever the policy found; two tests of one name
    # made a FAIL that did not say which
    bad = ROOT / "fixtures" / "policy-tests" / "bad" / f"{name}.wrtest.yaml"
    assert main(["test", str(bad)]) == 2
    assert capsys.readouterr().err == f"workrules: {bad}:{message}\n"
