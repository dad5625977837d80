import json
import pathlib
import sys

import yaml

FORMATS = ["json", "sarif", "junit", "github", "text", "table", "html"]
jobs = []


def add(label, cwd, args, redact=True, engines=("python", "columnar")):
    for eng in engines:
        for fmt in FORMATS:
            for ex in [[], ["--redact"]] if redact and eng == "python" else [[]]:
                jobs.append(
                    [
                        f"{label}|{eng}|{fmt}|{' '.join(ex)}",
                        str(cwd),
                        ["--engine", eng, "--format", fmt, *ex, *args],
                    ]
                )


for root in sys.argv[2:]:
    for case in sorted(pathlib.Path(root).resolve().glob("*/case.yaml")):
        c = yaml.safe_load(case.read_text())
        args = list(c["files"])
        if c.get("policy"):
            args = ["--policy", c["policy"], *args]
        for s in c.get("set", []) or []:
            args = ["--set", s, *args]
        add(case.parent.name, case.parent, args)
pathlib.Path(sys.argv[1]).write_text(json.dumps(jobs))
print(len(jobs))
