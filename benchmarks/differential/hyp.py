"""Data sets drawn by tests/test_engines.py's strategies, written to DIR/hN for the differential run."""
import json, sys, pathlib
sys.path.insert(0, "/work/wt-review-out/tests")
from hypothesis import given, settings, HealthCheck
from test_engines import data_sets, caps
out = pathlib.Path(sys.argv[1]); n = [0]
@settings(max_examples=int(sys.argv[2]), derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(data_sets(), caps)
def write(files, values):
    d = out / f"h{n[0]}"; n[0] += 1; d.mkdir(parents=True, exist_ok=True)
    for name, doc in files.items(): (d / name).write_text(json.dumps(doc, indent=1))
    (d / "set.json").write_text(json.dumps([f"{k}={v}" for k, v in values.items()]))
write()
jobs = []
for d in sorted(out.iterdir()):
    sets = sum((["--set", s] for s in json.loads((d / "set.json").read_text())), [])
    files = ["staff.json", "rota.json", "allocation.json"]
    for fmt in ("json", "text"):
        jobs.append([f"{d.name}|claim|py|{fmt}", str(d), ["--engine", "python", "--format", fmt, *sets, *files]])
    jobs.append([f"{d.name}|kinds|py|json", str(d), ["--engine", "python", "--format", "json", "--policy", "/work/wt-review-out/fixtures/engines/every-check-kind.wr", "--set", "holds=4", "--set", "span[SPO]=1", *files]])
    jobs.append([f"{d.name}|adv|py|json", str(d), ["--engine", "python", "--format", "json", "--policy", "/tmp/rv/adv/adversarial.wr", "--set", "holds=4", *files]])
json.dump(jobs, open(out / "../jobs-hyp.json", "w")); print(len(jobs))
