"""The text as read from one file, with what the reader learned on the way."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path


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

    def page_at(self, offset: int) -> int | None:
        """The PDF page (1-based, as in the file) of a character offset; None without pages.

        >>> ReadDocument(Path("a.pdf"), "page one\\npage two", "pdf", (0, 9)).page_at(9)
        2
        """
        if not self.page_starts:
            return None
        return self.first_page + max(bisect.bisect_right(self.page_starts, offset) - 1, 0)
