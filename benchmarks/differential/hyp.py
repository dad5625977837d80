"""Data sets drawn by tests/test_engines.py's strategies, for the differential run.

Written to DIR/hN.
"""

import json
import pathlib
import sys

sys.path.insert(0, "/work/wt-review-out/tests")
from hypothesis import HealthCheck, given, settings
from test_engines import caps, data_sets

out = pathlib.Path(sys.argv[1])
n = [0]


@settings(
    max_examples=int(sys.argv[2]),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(data_sets(), caps)
def write(files, values):
    d = out / f"h{n[0]}"
    n[0] += 1
    d.mkdir(parents=True, exist_ok=True)
    for name, doc in files.items():
        (d / name).write_text(json.dumps(doc, indent=1))
    (d / "set.json").write_text(json.dumps([f"{k}={v}" for k, v in values.items()]))


write()
jobs = []
for d in sorted(out.iterdir()):
    sets = [a for s in json.loads((d / "set.json").read_text()) for a in ("--set", s)]
    files = ["staff.json", "rota.json", "allocation.json"]
    for fmt in ("json", "text"):
        jobs.append(
            [
                f"{d.name}|claim|py|{fmt}",
                str(d),
                ["--engine", "python", "--format", fmt, *sets, *files],
            ]
        )
    jobs.append(
        [
            f"{d.name}|kinds|py|json",
            str(d),
            [
                "--engine",
                "python",
                "--format",
                "json",
                "--policy",
                "/work/wt-review-out/fixtures/engines/every-check-kind.wr",
                "--set",
                "holds=4",
                "--set",
                "span[SPO]=1",
                *files,
            ],
        ]
    )
    jobs.append(
        [
            f"{d.name}|adv|py|json",
            str(d),
            [
                "--engine",
                "python",
                "--format",
                "json",
                "--policy",
                "/tmp/rv/adv/adversarial.wr",
                "--set",
                "holds=4",
                *files,
            ],
        ]
    )
(out / "../jobs-hyp.json").write_text(json.dumps(jobs))
print(len(jobs))
