"""The text as read from one file, with what the reader learned on the way."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pipeline.readers.layout import LineSpan


@dataclass(frozen=True)
class ReadDocument:
    """The text as read from a file, or from one chapter of it (see `volumes`).

    Every record's offsets point into `text`. `offset` is where `text` starts in the text as
    read from the whole file (0 unless the file was split into chapters).
    """

    path: Path
    text: str
    encoding: str
    # Character offset in `text` where each PDF page starts, `first_page` first; empty for
    # inputs without pages.
    page_starts: tuple[int, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    first_page: int = 1
    offset: int = 0
    # Each printed line of a PDF or page image: where it is in `text`, its page and box, and
    # how sure OCR was of it; empty for inputs without pages.
    lines: tuple[LineSpan, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The PDF page (1-based, as in the file) of a character offset; None without pages.

        >>> ReadDocument(Path("a.pdf"), "page one\\npage two", "pdf", (0, 9)).page_at(9)
        2
        """
        if not self.page_starts:
            return None
        return self.first_page + max(bisect.bisect_right(self.page_starts, offset) - 1, 0)

    @cached_property
    def _line_ends(self) -> list[int]:
        return [line.end for line in self.lines]

    def least_confidence(self, start: int, end: int) -> float:
        """How sure OCR was of the least sure line that `start:end` (offsets into `text`)
        overlaps; 1 for text that was not OCR'd."""
        least = 1.0
        for line in self.lines[bisect.bisect_right(self._line_ends, start + self.offset):]:
            if line.start >= end + self.offset:
                break
            least = min(least, line.confidence)
        return least
