"""Data sets drawn by tests/test_engines.py's strategies, for the differential run.

    python hyp.py DIR N      # N data sets written to DIR/hN, the jobs to DIR/../jobs-hyp.json
"""

import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from hypothesis import HealthCheck, given, settings  # noqa: E402 (after the tests' path)
from test_engines import caps, data_sets  # noqa: E402

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
    # the same data under every check kind, and under the adversarial sentences
    policies = {"kinds": (ROOT / "fixtures" / "engines" / "every-check-kind.wr",
                          ["--set", "holds=4", "--set", "span[SPO]=1"]),
                "adv": (HERE / "adversarial.wr", ["--set", "holds=4"])}  # fmt: skip
    for label, (policy, values) in policies.items():
        jobs.append([f"{d.name}|{label}|py|json", str(d),
                     ["--engine", "python", "--format", "json", "--policy", str(policy),
                      *values, *files]])  # fmt: skip
(out / "../jobs-hyp.json").write_text(json.dumps(jobs))
print(len(jobs))
