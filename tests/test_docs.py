"""The README and docs/ say what is true: the examples marked runnable are run and give the
exit status they state, the site builds with no broken link, the release they pin is this
version and has a changelog entry, and the config example works when pasted.

Runnable examples (docs/index.md, "Examples that are run"): a ```sh or ```python block right
after `<!-- runnable -->`, `<!-- runnable in DIR -->` (run from DIR, relative to the checkout;
else from the checkout) or `<!-- runnable; output follows -->` (what it prints must equal the
```text block that follows). A shell block is run one command at a time (a line, or lines
joined by a trailing backslash), each expected to exit with its `# exit N`, else 0; a Python
block is run as one script, expected to exit 0.

They run against this checkout as installed: one virtual environment for the session, with
the checkout installed without dependencies and the running environment's site-packages
appended by a .pth file (so no download, and no new venv per example). Its `bin` comes first
on PATH, so `workrules` and `python` in an example are the installed ones.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path
from typing import NamedTuple

import orjson
import pytest
from conftest import made_by_masked

from workrules import __version__

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
MARKER = re.compile(r"^<!-- runnable\b.*-->$", re.M)
RUNNABLE = re.compile(
    r"^<!-- runnable(?: in (?P<folder>[\w./-]+))?(?P<output>; output follows)? -->\n"
    r"```(?P<lang>sh|python)\n(?P<body>.*?)^```\n"
    r"(?:\n*```text\n(?P<text>.*?)^```\n)?",
    re.M | re.S,
)
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")


class Example(NamedTuple):
    page: str
    line: int
    lang: str
    folder: str
    body: str
    output: str | None  # what it must print, when the page shows it


def examples() -> list[Example]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in RUNNABLE.finditer(text):
            found.append(Example(
                str(page.relative_to(ROOT)), text.count("\n", 0, m.start()) + 2, m["lang"],
                m["folder"] or ".", m["body"], m["text"] if m["output"] else None))  # fmt: skip
    return found


EXAMPLES = examples()


def commands(body: str) -> list[tuple[str, int]]:
    """A shell block's commands, each with the exit status its `# exit N` states (else 0)."""
    out: list[tuple[str, int]] = []
    pending = ""
    for line in body.splitlines():
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        command, pending = (pending + line).strip(), ""
        if command and not command.startswith("#"):
            status = EXIT.search(command)
            out.append((command, int(status[1]) if status else 0))
    return out


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One venv with this checkout installed, reading dependencies from the running one."""
    venv = tmp_path_factory.mktemp("docs-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path("
                              "'purelib'))"], capture_output=True, text=True,
                             check=True).stdout.strip()  # fmt: skip
    outer = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    Path(purelib, "_outer_site_packages.pth").write_text("\n".join(outer) + "\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                           "--quiet", "--no-deps", "--no-cache-dir", str(ROOT)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    where = subprocess.run([python, "-c", "import workrules; print(workrules.__file__)"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert where.startswith(str(venv)), f"the examples would not test the install: {where}"
    return venv


def test_every_runnable_marker_marks_an_example() -> None:
    """A misspelt marker, or one not right above a ```sh or ```python block, would skip an
    example in silence."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        assert len(MARKER.findall(text)) == len(list(RUNNABLE.finditer(text))), page
    assert {e.page for e in EXAMPLES} >= {"README.md", "docs/index.md", "docs/ci.md",
                                          "docs/library.md", "docs/negotiators.md"}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.page}:{e.line}" for e in EXAMPLES])
def test_runnable_example_exits_as_stated(example: Example, installed: Path,
                                          tmp_path: Path) -> None:  # fmt: skip
    env = {**os.environ, "PATH": f"{installed / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "WORKRULES_CACHE_DIR": str(tmp_path / "cache"), "VIRTUAL_ENV": str(installed),
           "NO_COLOR": "1", "COLUMNS": "200"}  # fmt: skip
    env.pop("PYTHONPATH", None)
    cwd = ROOT / example.folder
    if example.lang == "python":
        script = tmp_path / "example.py"
        script.write_text(example.body, encoding="utf-8")
        runs = [([str(installed / "bin" / "python"), str(script)], "python example", 0)]
    else:
        if "git ls-files" in example.body and not (ROOT / ".git").exists():
            pytest.skip("the example lists a clone's files: this checkout is no git work tree")
        # (pipefail: a `git ls-files | xargs -0 -r workrules ...` whose git failed exits as
        # git did, not as xargs given nothing: first hour 33)
        runs = [(["bash", "-o", "pipefail", "-c", c], c, status)
                for c, status in commands(example.body)]
    printed = ""
    for argv, shown, status in runs:
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=120)  # fmt: skip
        assert done.returncode == status, (
            f"{example.page}:{example.line}: `{shown}` exited {done.returncode}, the page says "
            f"{status}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        assert "Traceback" not in done.stderr
        printed += done.stdout
    if example.output is not None:  # (what made the report: its digest, version and day, any)
        assert made_by_masked(printed) == made_by_masked(example.output)


def test_the_site_builds_with_no_broken_link(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason="mkdocs is not installed: pip install '.[docs]'")
    pytest.importorskip("material", reason="mkdocs-material is not installed: pip install "
                                           "'.[docs]'")  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                           str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "security" / "index.html").read_text(encoding="utf-8")
    assert "What workrules trusts" in page  # SECURITY.md is included, not linked out


def test_the_site_lists_every_page_in_docs() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in (ROOT / "docs").rglob("*.md"):
        assert f": {page.relative_to(ROOT / 'docs').as_posix()}\n" in nav, page


def test_the_pinned_release_is_this_version_with_a_changelog_entry() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__
    pins = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        pins += re.findall(r"^\s*rev: (\S+)", text, re.M)
        pins += re.findall(r"git\+https://\S+@([\w.]+)", text)
    # the project has no release tags yet (a first hour, round 49: `rev: v0.8.0` failed), so
    # the docs pin one commit, everywhere; a tag, once there are tags, is this version's
    assert pins and (set(pins) == {f"v{__version__}"}
                     or (len(set(pins)) == 1 and re.fullmatch(r"[0-9a-f]{40}", pins[0])))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d\d-\d\d$", changelog, re.M)
    assert releases[0] == __version__, "the newest CHANGELOG section is not this version"
    assert f"\n[{__version__}]: " in changelog


def test_the_config_example_works_when_pasted(tmp_path: Path) -> None:
    """docs/config.md's workrules.toml in a copy of fixtures/rota-repo: no refusal, and its
    waiver is in force on the day the docs were last checked, not expired."""
    text = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    (toml,) = re.findall(r"^```toml\n(.*?)^```\n", text, re.M | re.S)
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "rota-repo", repo)
    (repo / "workrules.toml").write_text(toml, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "workrules", "check", "rota.yaml",
                           "allocation.yaml", "--format", "json", "--today", "2026-12-01"],
                          cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "WORKRULES_NO_CACHE": "1"})  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    findings = orjson.loads(done.stdout)["findings"]
    assert "waiver-expired" not in {f["rule"] for f in findings}
    assert sorted(f["subject"] for f in findings if f["waiver"]) == ["S010", "S011"]


def test_the_readme_is_a_front_door() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme) < 6000
    blocks = re.findall(r"^```sh\n(.*?)^```$", readme, re.M | re.S)
    assert blocks[0].startswith("python3 -m venv .venv && . .venv/bin/activate && python -m "
                                "pip install . && workrules check ")  # fmt: skip
    assert blocks[1].startswith("python3 -m venv .venv && . .venv/bin/activate && python -m "
                                "pip install '.[test]' && python -m pytest")  # fmt: skip
    for page in ("index", "data-model", "ci", "config", "negotiators", "language",
                 "traceability", "library"):  # fmt: skip
        assert f"](docs/{page}.md)" in readme
