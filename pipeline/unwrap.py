"""The text extractors read: a chapter's paragraphs without the line breaks and spaces of its
layout, and the way back to the text as read.

Print, OCR'd and typed volumes break lines every 40–60 characters, inside words and numbers
(`先进职工之\n家`, `46\n0人`), and scatter spaces beside punctuation (`1970年5月， 称县…`).
Segmentation decides which lines make one paragraph; `unwrap` then removes inside each
paragraph every line break with the spaces around it, and every run of spaces beside a
Chinese character or punctuation mark. Spaces between digits or Latin letters (`1 519个`,
`PM 2.5`) are data and stay. Extractors find records in the clean text; their offsets are
mapped back, so that a record's `start`/`end` slice the text as read to its `raw`.

A text without wraps or stray spaces (a government report) is its own clean text, mapped by
a single run.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# A run of layout whitespace: spaces, tabs, full-width spaces and line breaks.
_WHITESPACE = re.compile(r"[ \t\u3000\n]+")
# Chinese characters and the marks set with them (CJK punctuation, full-width forms); the
# full-width space itself is whitespace, not one of them.
_CJK = re.compile(r"[\u3001-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class Unwrapped:
    """A clean text made of runs copied unchanged from the text as read: run i starts at
    `clean_starts[i]` in the clean text and at `read_starts[i]` in the text as read."""

    text: str
    clean_starts: tuple[int, ...]
    read_starts: tuple[int, ...]

    def to_read(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) of the clean text as a span of the text as read: the layout removed
        inside the span is inside it again, none around it."""
        if end <= start:
            return self._read_offset(start), self._read_offset(start)
        return self._read_offset(start), self._read_offset(end - 1) + 1

    def to_clean(self, offset: int) -> int:
        """The clean offset of a character of the text as read (of the next one kept, when
        the layout removed it)."""
        index = bisect.bisect_right(self.read_starts, offset) - 1
        clean = self.clean_starts[index] + offset - self.read_starts[index]
        if index + 1 < len(self.clean_starts):
            clean = min(clean, self.clean_starts[index + 1])
        return clean

    def _read_offset(self, offset: int) -> int:
        index = bisect.bisect_right(self.clean_starts, offset) - 1
        return self.read_starts[index] + offset - self.clean_starts[index]


def _layout_in(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The part of the whitespace text[start:end] that is layout, if any: all of it beside a
    Chinese character or mark; between digits or Latin letters only a line break, the run
    keeping one space when it had one (`1 \n519` → `1 519`)."""
    if (start > 0 and _CJK.match(text, start - 1)) or (end < len(text) and _CJK.match(text, end)):
        return start, end
    if "\n" not in text[start:end]:
        return None
    if end - start == 1:
        return start, end
    return (start + 1, end) if text[start] != "\n" else (start, end - 1)


def unwrap(text: str, paragraphs: list[tuple[int, int]]) -> Unwrapped:
    """`text` with the layout whitespace removed inside each of `paragraphs` (spans of the text
    as read, in order); the text between them is kept as it is."""
    pieces: list[str] = []
    clean_starts, read_starts = [0], [0]
    cursor = length = 0
    for start, end in paragraphs:
        for match in _WHITESPACE.finditer(text, start, end):
            layout = _layout_in(text, match.start(), match.end())
            if layout is None:
                continue
            pieces.append(text[cursor:layout[0]])
            length += layout[0] - cursor
            cursor = layout[1]
            clean_starts.append(length)
            read_starts.append(cursor)
    if cursor == 0:
        return Unwrapped(text, (0,), (0,))
    pieces.append(text[cursor:])
    return Unwrapped("".join(pieces), tuple(clean_starts), tuple(read_starts))
