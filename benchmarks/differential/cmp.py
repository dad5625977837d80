import difflib
import pathlib
import sys

a, b = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
bad = 0
for f in sorted(a.iterdir()):
    g = b / f.name
    x, y = (
        f.read_text(errors="surrogateescape"),
        (g.read_text(errors="surrogateescape") if g.exists() else "MISSING"),
    )
    if x != y:
        bad += 1
        print("DIFF", x.splitlines()[0])
        diff = difflib.unified_diff(x.splitlines(), y.splitlines(), lineterm="", n=0)
        for diff_line in list(diff)[2:14]:
            print("   ", diff_line[:400])
print("compared", len(list(a.iterdir())), "diffs", bad)
