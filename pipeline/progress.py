"""Progress of a batch on stderr: documents done, documents and characters per second.

On a terminal the line is redrawn in place a few times a second; into a log (`--progress on`
with stderr redirected) a full line is printed every few seconds and at the end.
"""

from __future__ import annotations

import sys
import time
from typing import Callable, Literal, TextIO

Outcome = Literal["extracted", "unchanged", "failed"]
_BAR_WIDTH = 20
_REDRAW_SECONDS = 0.2
_LOG_SECONDS = 5.0


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, live: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self._clock = clock
        self._started = clock()
        self._shown_at: float | None = None
        self.counts: dict[Outcome, int] = {"extracted": 0, "unchanged": 0, "failed": 0}
        self.characters = 0

    def advance(self, outcome: Outcome, characters: int = 0) -> None:
        """Count one finished document and redraw when it is time."""
        self.counts[outcome] += 1
        self.characters += characters
        now = self._clock()
        interval = _REDRAW_SECONDS if self.live else _LOG_SECONDS
        if self._shown_at is None or now - self._shown_at >= interval:
            self._show(now)

    def finish(self) -> None:
        """Show the final numbers and end the line."""
        self._show(self._clock())
        if self.live:
            self.stream.write("\n")
            self.stream.flush()

    def line(self, now: float) -> str:
        done = sum(self.counts.values())
        elapsed = now - self._started
        per_second = (lambda amount: amount / elapsed) if elapsed > 0 else (lambda amount: 0.0)
        filled = _BAR_WIDTH * done // self.total if self.total else _BAR_WIDTH
        parts = [f"[{'#' * filled}{'-' * (_BAR_WIDTH - filled)}] {done}/{self.total} documents",
                 f"{per_second(self.counts['extracted']):.1f} documents/s",
                 f"{per_second(self.characters):,.0f} characters/s"]
        parts += [f"{self.counts[outcome]} {outcome}" for outcome in ("unchanged", "failed") if self.counts[outcome]]
        return "  ".join(parts)

    def _show(self, now: float) -> None:
        self._shown_at = now
        # On a terminal: back to the line start, redraw, clear what a longer line left.
        self.stream.write(f"\r{self.line(now)}\x1b[K" if self.live else f"{self.line(now)}\n")
        self.stream.flush()
