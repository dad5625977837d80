"""Run workrules in-process over a list of (label, cwd, args) jobs; write outputs to OUTDIR."""

import contextlib
import hashlib
import io
import json
import os
import pathlib
import sys

jobs = json.loads(pathlib.Path(sys.argv[1]).read_text())
out = pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
os.environ["NO_COLOR"] = "1"
os.environ.pop("WORKRULES_ENGINE", None)
from workrules.cli import main  # noqa: E402 (after the environment is set)

for label, cwd, args in jobs:
    os.chdir(cwd)
    so, se = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(so), contextlib.redirect_stderr(se):
        try:
            rc = main(["check", "--no-config", "--today", "2024-07-01", *args])
        except SystemExit as e:
            rc = e.code
        except BaseException as e:
            rc = "EXC " + type(e).__name__ + ": " + str(e)[:200]
    name = hashlib.md5(label.encode()).hexdigest()[:12]
    (out / name).write_text(
        f"{label}\nrc={rc}\n--stdout\n{so.getvalue()}\n--stderr\n{se.getvalue()}",
        errors="surrogateescape",
    )
