"""A progress line on stderr, for runs that read many files on a terminal.

Hand-rolled, so that no progress library is imported: the CLI makes one only when stderr is
a terminal, and it draws nothing until the run has taken a second, so a quick run (a
pre-commit hook's) never shows it, and captured output (a test's, a CI log) never holds it.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY_S = 1.0  # draw nothing for quick runs
EVERY_S = 0.1  # redraw at most this often


class Progress:
    """`workrules: reading files 120/4000 [====      ]`, redrawn in place; cleared by `done`."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.drawn = 0.0  # when it was last drawn; 0 for never

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.start < DELAY_S or (now - self.drawn < EVERY_S and done < self.total):
            return
        self.drawn = now
        width = 30
        filled = width * done // max(self.total, 1)
        bar = "=" * filled + " " * (width - filled)
        self._write(f"\r\x1b[2Kworkrules: reading files {done}/{self.total} [{bar}]")

    def done(self) -> None:
        if self.drawn:
            self._write("\r\x1b[2K")

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
