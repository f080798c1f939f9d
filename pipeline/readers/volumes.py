"""Split a volume that holds many chapters into its chapters, by the volume's own structure.

Tried in this order; the first that finds at least two chapters wins:

1. Markdown headings (gazetteers rebuilt from OCR): a chapter starts at each heading of the
   chapter level and at each heading above it. The chapter level is the shallowest level
   with a heading that names a chapter (`### 第一章 …`), else the shallowest level used twice.
2. Yearbook articles: a chapter starts at a block of title lines (short, not sentences)
   followed by a `【…】` entry; the article before it ends with its entries and byline.

A part without body text (a volume title, a `## 第十七卷` heading, page anchors) joins the
chapter after it, so every chapter has text and together they cover the whole volume. A
file with no such structure is one chapter.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import replace

from pipeline.readers.document import ReadDocument

NUMERAL = "〇零一二三四五六七八九十百两"
_MARKDOWN_HEADING = re.compile(r"^(?P<marks>\#{1,6})[ \t]+(?P<name>\S[^\n]*)$", re.MULTILINE)
_CHAPTER_NAME = re.compile(rf"第[{NUMERAL}\d]+章")
_ENTRY_LINE = re.compile(r"[ \t\u3000]*【[^【】\n]{1,30}】")
# A byline closes an article: `(李正伟)`, `（撰稿：张三）`.
_BYLINE_LINE = re.compile(r"[ \t\u3000]*[（(][^()（）\n]{1,30}[)）][ \t\u3000]*")
# A title line: short, with a Chinese character, and no sentence punctuation.
_TITLE_LINE = re.compile(r"[ \t\u3000]*(?=[^\n]*[\u4e00-\u9fff])[^\n。！？；!?;，,]{1,24}")
# Lines that carry no body text: blank, Markdown headings, HTML comments (page anchors), and
# `{{TABLE:…}}` placeholders.
_NO_BODY_LINE = re.compile(r"\s*|\#{1,6}[ \t][^\n]*|<!--.*-->|\{\{[A-Z_]+:[^\n]*\}\}")


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((start, start + len(line.rstrip("\r\n"))))
        start += len(line)
    return spans


def markdown_starts(text: str) -> list[int]:
    """Where chapters start by Markdown headings; empty when no level divides the text."""
    headings = [(len(match["marks"]), match.start(), match["name"]) for match in _MARKDOWN_HEADING.finditer(text)]
    chapter_levels = [level for level, _, name in headings if _CHAPTER_NAME.match(name)]
    repeated = [level for level, count in Counter(level for level, _, _ in headings).items() if count >= 2]
    if not chapter_levels and not repeated:
        return []
    split_level = min(chapter_levels) if chapter_levels else min(repeated)
    return [start for level, start, _ in headings if level <= split_level]


def article_starts(text: str) -> list[int]:
    """Where yearbook articles start: the first of the title lines before a `【…】` entry."""
    spans = _line_spans(text)
    starts = []
    for index, (start, end) in enumerate(spans):
        if not _ENTRY_LINE.match(text, start, end):
            continue
        first_title = None
        for before in range(index - 1, -1, -1):
            line = text[spans[before][0]:spans[before][1]]
            if not line.strip():
                continue
            if _ENTRY_LINE.match(line) or _BYLINE_LINE.fullmatch(line) or not _TITLE_LINE.fullmatch(line):
                break
            first_title = spans[before][0]
        if first_title is not None:
            starts.append(first_title)
    return starts


def _has_body(text: str) -> bool:
    return any(not _NO_BODY_LINE.fullmatch(line) for line in text.splitlines())


def chapter_spans(text: str) -> list[tuple[int, int]]:
    """Half-open (start, end) of each chapter in `text`, in order, covering all of it."""
    for find_starts in (markdown_starts, article_starts):
        starts = find_starts(text)
        if len(starts) >= 2:
            break
    else:
        return [(0, len(text))]
    bounds = sorted({0, *starts, len(text)})
    spans: list[tuple[int, int]] = []
    pending = 0  # start of parts without body text waiting for the next chapter
    for start, end in zip(bounds, bounds[1:]):
        if _has_body(text[start:end]):
            spans.append((pending, end))
            pending = end
    if not spans:
        return [(0, len(text))]
    if pending < len(text):  # trailing parts without body text stay with the last chapter
        spans[-1] = (spans[-1][0], len(text))
    return spans


def _chapter(document: ReadDocument, start: int, end: int) -> ReadDocument:
    """The part [start, end) of a document, its page provenance kept."""
    page_starts: tuple[int, ...] = ()
    first_page = document.first_page
    if document.page_starts:
        first = max(bisect.bisect_right(document.page_starts, start) - 1, 0)
        first_page += first
        page_starts = (0, *(page - start for page in document.page_starts[first + 1:] if page < end))
    return replace(document, text=document.text[start:end], page_starts=page_starts, first_page=first_page,
                   offset=document.offset + start)


def split_document(document: ReadDocument) -> list[ReadDocument]:
    """The chapters of a document, in order; the document itself when it has one."""
    spans = chapter_spans(document.text)
    if len(spans) == 1:
        return [document]
    return [_chapter(document, start, end) for start, end in spans]
