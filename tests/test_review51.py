"""Session 41: what the helpers found, on the files in fixtures/review51/.

- a hostile repository, nineteenth attack (the library in a long-running service): an uploaded
  config's `data` and an uploaded policy's `extends` read another user's upload, bounded only
  by the process's current folder (`/` under systemd or in a container); a nested mapping
  given as data raised a bare RecursionError; every policy a service loaded kept its
  generated source in `linecache` for ever; `render` read a FIFO left where the shipped base's
  name points, and hung.
"""

from __future__ import annotations

import datetime as dt
import linecache
import os
import shutil
import threading
from pathlib import Path

import pytest

import workrules
from workrules.engine import python as engine

HERE = Path(__file__).parent.parent / "fixtures" / "review51"
DAY = dt.date(2025, 1, 1)


@pytest.fixture
def uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two users' uploads side by side, the service's current folder `/` (outside git)."""
    shutil.copytree(HERE / "uploads", tmp_path / "uploads")
    monkeypatch.chdir("/")
    return tmp_path / "uploads"


def test_without_a_root_the_current_folder_bounds_an_uploaded_config(uploads: Path) -> None:
    # What the attack found, kept as the command line's rule: the current folder `/` holds both
    # uploads, so user one's config reads user two's staff list. `root` is the caller's answer.
    u1 = uploads / "u1"
    result = workrules.check([u1 / "rota.yaml"], config=u1 / "workrules.toml", today=DAY)
    assert [f.subject for f in result.findings] == ["S777"]


def test_an_uploaded_configs_data_outside_its_root_is_refused(uploads: Path) -> None:
    u1 = uploads / "u1"
    with pytest.raises(workrules.UsageError) as err:
        workrules.check([u1 / "rota.yaml"], config=u1 / "workrules.toml", today=DAY, root=u1)
    assert err.value.message == (f"data: '../u2/*.yaml' is outside the folder this check is "
                                 f"confined to ({os.path.realpath(u1)})")  # fmt: skip
    assert err.value.line == 1


def test_an_uploaded_policy_cannot_extend_another_users_policy(uploads: Path) -> None:
    u1 = uploads / "u1"
    with pytest.raises(workrules.PolicyError) as err:
        workrules.load_policy(u1 / "mine.wr", root=u1)
    assert (err.value.line, err.value.message) == (1, (
        "extends '../u2/private.wr': a policy may extend only a shipped policy or a .wr file "
        f"inside its own repository ({os.path.realpath(u1)})"))
    # the shipped policies stay within reach of a confined call
    assert workrules.load_policy("claim-2024", root=u1).name == "claim-2024"


def test_a_link_out_of_the_root_or_a_file_named_outside_it_is_refused_unread(
        uploads: Path) -> None:  # fmt: skip
    u1, theirs = uploads / "u1", uploads / "u2" / "staff.yaml"
    (u1 / "staff.yaml").symlink_to(theirs)
    for named in (u1 / "staff.yaml", theirs):
        with pytest.raises(workrules.InputError) as err:
            workrules.load_data([named], root=u1)
        assert err.value.message == (f"is outside the folder this check is confined to "
                                     f"({os.path.realpath(u1)}); name a file inside it")
        assert "Secret Person" not in str(err.value)
    # a walk of the upload passes the link over, and reads the upload's own rota
    with pytest.raises(workrules.InputError) as walked:
        workrules.check([u1], root=u1, today=DAY)
    assert "'S777' is not the id of anyone in the staff lists given" in walked.value.message


def test_a_root_that_is_no_folder_is_refused(uploads: Path) -> None:
    with pytest.raises(workrules.UsageError, match=r"^root: '/no/such/folder' is not a folder$"):
        workrules.check([uploads / "u1" / "rota.yaml"], root="/no/such/folder")


def test_a_root_holds_for_its_own_call_and_thread_only(uploads: Path) -> None:
    u1 = uploads / "u1"
    errors: list[str] = []

    def confined() -> None:
        try:
            workrules.check([u1 / "rota.yaml"], config=u1 / "workrules.toml", root=u1)
        except workrules.UsageError as err:
            errors.append(err.message)

    thread = threading.Thread(target=confined)
    thread.start()
    thread.join()
    assert len(errors) == 1
    # the next call, on this thread, without a root, has the usual bounds again
    result = workrules.check([u1 / "rota.yaml"], config=u1 / "workrules.toml", today=DAY)
    assert [f.subject for f in result.findings] == ["S777"]


def test_a_mapping_nested_too_deeply_is_an_input_error() -> None:
    nested: dict[str, object] = {"x": 1}
    for _ in range(5000):
        nested = {"x": nested}
    with pytest.raises(workrules.InputError) as err:
        workrules.load_data([{"kind": "staff", "unit": "U", "staff": [], "extra": nested}])
    assert str(err.value) == "<document 1>: is nested too deeply to be a data file"


POLICY = """rule over
    clause "x"
    title "t"
    why "w"
    for each timesheet
    measure hours_worked at most {cap} h
    say "{{staff}} {{value}}"
"""


def test_generated_sources_kept_for_tracebacks_are_bounded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(engine, "_MAX_FILES", 8)
    monkeypatch.setattr(engine, "_FILES", {})
    data = workrules.load_data([HERE / "uploads" / "u2" / "staff.yaml",
                                ("r.yaml", "kind: rota\nunit: U\ntimesheets:\n"
                                 "  - {staff: S777, week: 2025-06-09, hours_worked: 40}\n")])
    path = tmp_path / "p.wr"
    for cap in range(1, 30):  # one rule id, 29 sources: each its own name, at most 8 kept
        path.write_text(POLICY.format(cap=cap))
        result = workrules.load_policy(path).check(data, engine="python", today=DAY)
        assert [f.value for f in result.findings] == [40]
        assert len(engine._FILES) <= 8
    kept = [name for name in linecache.cache if name.startswith("<workrules rule over")]
    assert set(engine._FILES) <= set(kept)
    assert all(name in engine._FILES for name in kept if name.endswith(">") and "-" in name)


def test_render_reads_no_fifo_left_where_the_shipped_base_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from workrules.document import render_policy

    (tmp_path / "policies").mkdir()
    os.mkfifo(tmp_path / "policies" / "claim-2024.wr")
    (tmp_path / "local.wr").write_text('extends "claim-2024"\nset wmt_ceiling = 120%\n')
    monkeypatch.chdir(tmp_path)
    done: list[str] = []
    thread = threading.Thread(
        target=lambda: done.append(render_policy(workrules.load_policy("local.wr"))),
        daemon=True)  # fmt: skip
    thread.start()
    thread.join(30)
    assert done and "120%" in done[0]
