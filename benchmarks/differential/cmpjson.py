import json
import pathlib
import sys

SKIP_RULES = {"unit-vacancies", "safeguard-vacancies"}


def norm(text):
    body = text.split("\n--stdout\n", 1)[1].split("\n--stderr\n")[0]
    try:
        d = json.loads(body)
    except Exception:
        return text
    d["findings"] = [f for f in d.get("findings", []) if f["rule"] not in SKIP_RULES]
    d["not_applied"] = [
        n
        for n in d.get("not_applied", [])
        if "the data has no" not in n["reason"] and n["rule"] not in SKIP_RULES
    ]
    d.pop("exit_code", None)
    d.pop("summary", None)
    return json.dumps(d, indent=1, ensure_ascii=False)


a, b = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
bad = n = 0
for f in sorted(a.iterdir()):
    if not (b / f.name).exists():
        continue
    x = f.read_text(errors="surrogateescape")
    if "|json" not in x.splitlines()[0]:
        continue
    n += 1
    y = (b / f.name).read_text(errors="surrogateescape")
    if norm(x) != norm(y):
        bad += 1
        print("DIFF", x.splitlines()[0])
        import difflib

        for diff_line in list(
            difflib.unified_diff(norm(x).splitlines(), norm(y).splitlines(), lineterm="", n=1)
        )[2:30]:
            print("   ", diff_line[:300])
print("json compared", n, "diffs", bad)
