"""Run one command and print its wall time, CPU time (user + system, its threads and
children included) and its own peak RSS, as JSON, on stdout.

    python benchmarks/peak.py CMD ARGS...

A child's peak RSS (`ru_maxrss`) starts from its parent's resident size at fork, so a
benchmark process that has loaded national data in-process would pass its own high-water mark
to every command it starts after that. This launcher is a fresh, small process: the command
forks from it, and its peak is the command's own. The command's output is discarded; its
stderr is passed through on failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> int:
    cmd = sys.argv[1:]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    assert proc.stderr is not None
    err = proc.stderr.read().decode(errors="replace")[:500]
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                      "max_rss_mib": usage.ru_maxrss / 1024, "exit": code,
                      "stderr": err}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
