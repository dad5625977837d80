"""The library as other tools use it: the JSON form of a result, typed values, and data held
in memory rather than in files."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import conftest
import pytest
import yaml

from workrules import check, load_data, load_policy
from workrules.cli import main
from workrules.errors import InputError
from workrules.findings import FAIL_ON, JSON_FORMAT_VERSION, SEVERITIES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXAMPLE = conftest.EXAMPLE


def test_to_dict_is_json_ready_and_is_what_format_json_writes(
    example: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = check(example)
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data  # dates are text already
    assert main(["check", *example, "--format", "json", "--no-config"]) == 1
    written = capsys.readouterr().out
    assert written == result.to_json()
    assert json.loads(written) == data


def test_json_form_starts_with_its_version_and_ends_with_what_made_it(
        example: list[str]) -> None:  # fmt: skip
    data = check(example).to_dict()
    keys = list(data)
    assert keys[0] == "format_version" and data["format_version"] == JSON_FORMAT_VERSION == 1
    assert keys[1:] == ["workrules_version", "policy", "files", "findings", "not_applied",
                        "rules_applied", "rules", "fail_on", "settings", "unread", "today",
                        "files_not_read", "exit_code",
                        "policy_digest", "policy_files", "today_used", "today_given"]  # fmt: skip
    assert data["today"] is None  # the day given: none (the day used is `today_used`)
    assert data["today_given"] is False
    assert data["settings"] == []  # nothing set over the policy's values
    first = data["findings"][0]
    assert first["period"] == {"kind": "span", "start": "2024-06-03", "end": "2024-06-16"}
    assert first["waiver"] is None


def test_severities_and_fail_on_values_are_the_typed_literals() -> None:
    from typing import get_args

    from workrules.findings import FailOn, Severity

    assert get_args(Severity) == SEVERITIES == ("advisory", "warning", "error")
    assert get_args(FailOn) == FAIL_ON == ("advisory", "warning", "error", "never")


def _example_documents() -> list[object]:
    """The example unit's YAML files as parsed mappings, and its job descriptions as text."""
    folder = FIXTURES / "example"
    held: list[object] = []
    for name in EXAMPLE:
        text = (folder / name).read_text(encoding="utf-8")
        held.append(yaml.safe_load(text) if name.endswith(".yaml") else (name, text))
    return held


def test_in_memory_data_gives_the_same_findings_as_the_files(example: list[str]) -> None:
    policy = load_policy()
    from_files = policy.check(load_data(example), today=dt.date(2024, 7, 1))
    from_memory = policy.check(load_data(_example_documents()), today=dt.date(2024, 7, 1))

    def key(result):  # type: ignore[no-untyped-def]
        return sorted((f.rule, f.subject, f.when(), f.measured) for f in result.findings)

    assert key(from_memory) == key(from_files)
    assert from_memory.files == ("<document 1>", "<document 2>", "<document 3>",
                                 "jd/business-manager.md", "jd/case-administrator.md",
                                 "jd/senior-probation-officer.md")  # fmt: skip


def test_a_named_pair_and_a_document_object_name_the_file_in_findings() -> None:
    class Held:
        name = "team/rota.yaml"
        text = (FIXTURES / "example" / "rota.yaml").read_text(encoding="utf-8")

    staff = yaml.safe_load((FIXTURES / "example" / "staff.yaml").read_text(encoding="utf-8"))
    data = load_data([("team/staff.yaml", staff), Held()])
    assert data.staff["S009"].file == "team/staff.yaml"
    result = load_policy().check(data)
    assert {f.file for f in result.findings} == {"team/rota.yaml"}
    (ratio,) = [f for f in result.findings if f.rule == "upw-group-ratio"]
    assert (ratio.file, ratio.line) == ("team/rota.yaml", 13)  # the line in the held text


def test_in_memory_data_is_refused_as_a_file_would_be() -> None:
    with pytest.raises(InputError) as err:
        load_data([{"kind": "staf", "staff": []}])
    assert str(err.value) == ("<document 1>:1: kind 'staf' is not one of rota, allocation, "
                              "staff, job-description (did you mean 'staff'?)")  # fmt: skip
    with pytest.raises(InputError) as err:
        load_data([("rota.yaml", "kind: rota\nsessions: [\n")])
    assert str(err.value).startswith("rota.yaml:3: not valid YAML")
    with pytest.raises(InputError) as err:
        load_data([{"kind": "staff", "staff": [{"id": "S1", "grade": "PO", "roles": {1}}]}])
    assert str(err.value) == "<document 1>: cannot be read as data: set is not JSON data"
    with pytest.raises(InputError) as err:
        load_data([42])
    assert str(err.value) == ("data source 1 (int) is none of: a file path, a mapping with "
                              "'kind:', a (name, text) pair")  # fmt: skip


def test_dates_in_a_mapping_are_read_as_their_iso_text() -> None:
    staff = {"kind": "staff", "staff": [
        {"id": "S1", "grade": "PO", "qualified_on": dt.date(2024, 5, 13)}]}  # fmt: skip
    (person,) = load_data([staff]).of("staff")
    assert person.qualified_on == dt.date(2024, 5, 13)  # type: ignore[union-attr]


SNIPPET = '''
from workrules import check, load_data, load_policy
policy = load_policy()
result = check(["rota.yaml"])
reveal_type(policy)
reveal_type(result.findings[0].severity)
reveal_type(result.fail_on)
reveal_type(load_data)
reveal_type(result.to_dict())
'''


@pytest.mark.slow
def test_type_checkers_see_the_public_api_types(tmp_path: Path) -> None:
    snippet = tmp_path / "use.py"
    snippet.write_text(SNIPPET)
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                          "--cache-dir", str(tmp_path / "cache"), str(snippet)],
                         capture_output=True, text=True, cwd=tmp_path)  # fmt: skip
    revealed = [line.split("Revealed type is ", 1)[1] for line in run.stdout.splitlines()
                if "Revealed type is" in line]  # fmt: skip
    assert revealed[0] == '"workrules.policy.Policy"'
    assert revealed[1] == "\"Literal['advisory'] | Literal['warning'] | Literal['error']\""
    assert revealed[2] == ("\"Literal['advisory'] | Literal['warning'] | Literal['error'] | "
                           "Literal['never']\"")  # fmt: skip
    assert revealed[3] == ('"def (sources: typing.Iterable[Any], progress: (def (int)) | None '
                           '=, *, root: str | os.PathLike[str] | None =) -> '
                           'workrules.dataset.Dataset"')  # fmt: skip
    assert revealed[4] == '"dict[str, Any]"'
    assert "error:" not in run.stdout.replace("Revealed type", "")


# The garbage collector: paused while data loads only when the command line (or a caller)
# asks, since pausing it is an interpreter-wide act.


def _gc_while_loading(example: list[str]) -> list[bool]:
    import gc

    seen: list[bool] = []
    load_data(example, progress=lambda _: seen.append(gc.isenabled()))
    return seen


def test_a_library_caller_keeps_the_garbage_collector_running(
    example: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from workrules import gc_pause

    monkeypatch.setattr(gc_pause, "_PAUSE", False)
    assert _gc_while_loading(example) == [True] * len(example)


def test_the_command_line_pauses_it_while_loading_and_restores_it(
    example: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from workrules import gc_pause

    monkeypatch.setattr(gc_pause, "_PAUSE", False)
    gc_pause.use_gc_pause()
    assert _gc_while_loading(example) == [False] * len(example)
    assert gc.isenabled()


def test_the_summary_counts_one_rule_in_the_singular(
    example: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "staff.yaml", "rota.yaml", "--select", "upw-group-ratio",
                 "--format", "text", "--no-config"])  # fmt: skip
    assert code == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 finding from 1 rule of policy claim-2024 over 2 files; 1 fails the run "
        "(--fail-on warning)."
    )


def test_a_command_pauses_the_collector_throughout_and_restores_it(
    example: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from workrules import api

    seen: list[bool] = []
    check = api.check
    monkeypatch.setattr(api, "check", lambda *a, **k: (seen.append(gc.isenabled()),
                                                       check(*a, **k))[1])  # fmt: skip
    assert gc.isenabled()
    assert main(["check", "staff.yaml", "--format", "text", "--no-config"]) in (0, 1)
    assert seen == [False] and gc.isenabled()
    assert main(["check", "no-such-file.yaml", "--no-config"]) == 2  # a refusal restores it too
    assert gc.isenabled()
    gc.disable()
    try:  # a caller that had paused it keeps it paused
        main(["check", "staff.yaml", "--format", "text", "--no-config"])
        assert not gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()


def test_a_file_named_twice_is_read_once_as_the_command_line_reads_it() -> None:
    # `rota.yaml` and `./rota.yaml` are one file: read twice, each timesheet was "a second
    # timesheet for S001" at the same line as the first
    example = Path(__file__).resolve().parent.parent / "fixtures" / "example"
    names = [str(example / "staff.yaml"), str(example / "rota.yaml"),
             os.path.join(str(example), ".", "rota.yaml")]  # fmt: skip
    result = check(names, today=dt.date(2024, 7, 1))
    assert result.files == (names[0], names[1])
    assert [f.rule for f in result.findings] == [
        "unrecompensed-hours", "upw-group-ratio", "upw-contact-hours", "upw-contact-hours",
        "programme-sessions-per-week", "mappa-chairing-per-day"]  # fmt: skip
