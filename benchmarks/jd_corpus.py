"""Precision and recall of clause 9's reading of job descriptions, on the labelled corpus.

    python benchmarks/jd_corpus.py                    # fixtures/jd-corpus, the claim's policy
    python benchmarks/jd_corpus.py --policy p.wr DIR  # another policy or corpus

`DIR/labels.yaml` says, for each job description, whether its text gives the post line
management (`gives`). The script reads each text with the policy's `line_management` pattern
(`text gives line_management`) and, for comparison, with the substring test clause 9 used
before (`text mentions "line manag"`), and prints a Markdown table of precision and recall
with every JD either reading gets wrong. Where labels also say `boundary` (clause 7: does the
text give a PSO or PQiP learner reports or cases kept for Probation Officers), it scores the
reading of clause 7's rules too: grade PSO or PQiP and `text gives` one of `--boundary`'s
patterns. It measures; it never fails a build.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from workrules.compile import mentions_pattern
from workrules.dataset import load_data
from workrules.policy import load_policy
from workrules.textpattern import TextMatcher, compile_pattern

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "fixtures" / "jd-corpus"


def scores(labels: dict[str, bool], found: dict[str, bool]) -> tuple[float, float, list[str]]:
    tp = sum(1 for k, v in labels.items() if v and found[k])
    fp = sum(1 for k, v in labels.items() if not v and found[k])
    fn = sum(1 for k, v in labels.items() if v and not found[k])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    wrong = sorted(k for k in labels if labels[k] != found[k])
    return precision, recall, wrong


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(CORPUS))
    ap.add_argument("--policy", default=None)
    ap.add_argument("--pattern", default="line_management")
    ap.add_argument("--denial", default="no_line_management",
                    help="pattern whose match vetoes the reading (jd-span-stated's condition); "
                         "'' for none")
    ap.add_argument("--boundary",
                    default="reports_outside_role_boundary,cases_outside_role_boundary",
                    help="clause 7's patterns, comma-separated, scored against `boundary`")
    args = ap.parse_args(argv)
    folder = Path(args.corpus)
    labelled = yaml.safe_load((folder / "labels.yaml").read_text())
    labels = {name: bool(v["gives"]) for name, v in labelled.items()}
    policy = load_policy(args.policy)
    def pattern(name: str) -> TextMatcher:
        return compile_pattern(policy.patterns[name], policy.words,
                               lambda message, pos: ValueError(message),
                               policy.patterns)  # fmt: skip

    matcher = pattern(args.pattern)
    denial = pattern(args.denial) if args.denial else None
    data = load_data([str(folder / name) for name in sorted(labels)])
    texts = {Path(jd.file).name: jd.text for jd in data.of("job_description")}
    before = mentions_pattern("line manag")
    readings = {
        f"text gives {args.pattern}" + (f" and not text gives {args.denial}" if denial else ""): {
            k: matcher.gives(texts[k]) and not (denial and denial.gives(texts[k]))
            for k in labels},
        'text mentions "line manag" (before)': {
            k: before.search(texts[k]) is not None for k in labels},
    }
    positives = sum(labels.values())
    print(f"{len(labels)} job descriptions in {folder.name}, {positives} giving line management, "
          f"{len(labels) - positives} not.\n")
    print("| reading | precision | recall | wrong |")
    print("|---|---|---|---|")
    for name, found in readings.items():
        precision, recall, wrong = scores(labels, found)
        print(f"| `{name}` | {precision:.0%} | {recall:.0%} | {len(wrong)} |")
    parts = {"written with the pattern": "", "reviewer's held-out (rv-)": "rv-",
             "fresh held-out (fr-)": "fr-", "clause 7's held-out (h7-)": "h7-"}
    first = next(iter(readings))
    if any(k.startswith(("rv-", "fr-")) for k in labels):
        print(f"\n`{first}` by part of the corpus:\n")
        print("| part | JDs | precision | recall |")
        print("|---|---|---|---|")
        for part, prefix in parts.items():
            keys = [k for k in labels if (k.startswith(prefix) if prefix
                                          else not k.startswith(("rv-", "fr-", "h7-")))]
            precision, recall, _ = scores({k: labels[k] for k in keys}, readings[first])
            print(f"| {part} | {len(keys)} | {precision:.0%} | {recall:.0%} |")
    for name, found in readings.items():
        print_wrong(name, labels, found)
    boundary = {k: bool(v["boundary"]) for k, v in labelled.items() if "boundary" in v}
    if boundary and args.boundary:
        grades = {Path(jd.file).name: jd.grade for jd in data.of("job_description")}
        matchers = [pattern(name) for name in args.boundary.split(",")]
        found = {k: grades[k] in ("PSO", "PQiP") and any(m.gives(texts[k]) for m in matchers)
                 for k in boundary}  # fmt: skip
        name = "grade in {PSO, PQiP} and text gives " + " or ".join(args.boundary.split(","))
        precision, recall, wrong = scores(boundary, found)
        print(f"\nClause 7: {len(boundary)} job descriptions labelled, "
              f"{sum(boundary.values())} giving work across the role boundary.\n")
        print("| reading | precision | recall | wrong |")
        print("|---|---|---|---|")
        print(f"| `{name}` | {precision:.0%} | {recall:.0%} | {len(wrong)} |")
        print_wrong(name, boundary, found)
    return 0


def print_wrong(name: str, labels: dict[str, bool], found: dict[str, bool]) -> None:
    wrong = scores(labels, found)[2]
    if wrong:
        print(f"\n`{name}` is wrong on: " + ", ".join(
            f"{k} ({'missed' if labels[k] else 'false flag'})" for k in wrong))


if __name__ == "__main__":
    sys.exit(main())
