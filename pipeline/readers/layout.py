"""Page layout from glyph positions: rows, columns, running parts, paragraphs.

Every PDF backend hands over the glyphs of each page with their boxes; this module alone
decides the reading order, so the backends give the same text. In four named steps, the
first and third page by page (`layout_page` keeps only lines, so memory stays flat however
long the file), the others once all pages are laid out (`lay_out`):

1. `page_rows`: glyphs grouped into rows by their vertical middle, each row left to right.
2. `running_rows`: running headers, footers and page numbers among the top and bottom rows
   of every page: a page-number shape; or, set off from the body, a text that stands at an
   edge of another page too (digits aside), or a row standing where those stood elsewhere.
3. `reading_lines`: columns found from where the glyphs lie (an x range that almost no row
   covers, with text on both sides, and not crossed by a row that another gutter splits), and
   each page read band by band, a band's columns left to right; a row that crosses a gutter
   (a title across both columns) is a band of its own.
   The order the file stores the glyphs in plays no part.
4. `join_paragraphs`: lines joined into paragraphs, a paragraph starting where a line is
   indented or the line before it ends short of the column's right edge; a line break inside
   a word or a number joins without a space, and no space is put between Chinese characters.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from statistics import median

# Rows: glyphs whose vertical middles lie within this share of the font size are one row.
ROW_TOLERANCE = 0.4
# Overprint: the same glyph again within this share of the font size is a fake bold copy.
OVERPRINT = 0.3
# Segments: glyphs further apart than this share of the font size are separate runs.
SEGMENT_GAP = 1.0
# Gutters: an x range at least this share of the font size wide, covered by at most this
# share of the rows; with this share of the glyphs on each side, or else with a justified
# edge on its left: most rows there end within this share of the font size of one x.
GUTTER_MIN_WIDTH = 0.8
GUTTER_MAX_COVER = 0.1
COLUMN_MIN_SHARE = 0.15
JUSTIFIED_EDGE = 1.0
JUSTIFIED_SHARE = 0.6
# Paragraphs: an indent or a short line end of at least this share of the font size, or a
# change of font size by more than this share.
INDENT = 0.8
SHORT_END = 1.5
SIZE_CHANGE = 0.15
# Running parts: rows looked at from each edge of the page, and how close (a share of its font
# size) a row must stand to where a running part stood on another page: a scanned page may
# stand a little higher or lower than the one before it.
EDGE_ROWS = 2
SLOT_TOLERANCE = 0.5
# A running part stands further from the body than this many times the line spacing.
RUNNING_APART = 1.3
# A gap of this share of the font size between two Latin glyphs is a space never drawn.
WORD_GAP = 0.25

# Page numbers as printed: 12, - 12 -, · 12 ·, — 12 —, 第12页, 第12页 共90页, 12/90, xii.
_PAGE_NUMBER = re.compile(
    r"""
    [-–—·•|\s]*                           # dashes, dots or bars around the number
    (?: \d{1,4}(?:\s*/\s*\d{1,4})?        # 12 or 12/90
      | 第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?
      | [ivxlc]{1,7}                      # roman numerals of front matter
    )
    [-–—·•|\s]*
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
# Latin text that a gap between two glyphs may separate into words.
_LATIN_WORD_CHAR = re.compile(r"[!-~\u00C0-\u024F]")
# Punctuation after which a Latin word continues on the next line after a space.
_LATIN_CLAUSE_END = ".,;:!?)"


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as a backend reads it: its text and box, `top` measured down the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float = 1.0  # how sure OCR was of it; a text layer's glyphs are sure

    @property
    def size(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class PageGlyphs:
    number: int  # 1-based
    glyphs: list[Glyph]


@dataclass
class Row:
    """Glyphs at one height of a page, left to right."""

    glyphs: list[Glyph]
    top: float = field(init=False)
    bottom: float = field(init=False)
    size: float = field(init=False)

    def __post_init__(self) -> None:
        self.top = min(glyph.top for glyph in self.glyphs)
        self.bottom = max(glyph.bottom for glyph in self.glyphs)
        self.size = median(glyph.size for glyph in self.glyphs)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        return "".join(glyph.text for glyph in self.glyphs)

    @cached_property
    def segments(self) -> list[tuple[float, float]]:
        """The x ranges the row covers, glyphs closer than `SEGMENT_GAP` merged."""
        ranges: list[tuple[float, float]] = []
        for glyph in self.glyphs:
            if glyph.text.isspace():
                continue
            if ranges and glyph.x0 - ranges[-1][1] <= SEGMENT_GAP * self.size:
                ranges[-1] = (ranges[-1][0], max(ranges[-1][1], glyph.x1))
            else:
                ranges.append((glyph.x0, glyph.x1))
        return ranges


@dataclass(frozen=True)
class Line:
    """A row's text within one column, with the edges of that column on its page."""

    text: str
    x0: float  # of the first inked glyph, so that an indent drawn as spaces still counts
    x1: float
    left: float
    right: float
    size: float
    page: int
    row: int  # index of the row on its page
    top: float
    bottom: float
    confidence: float  # the least of its glyphs'

    @classmethod
    def of(cls, glyphs: list[Glyph], left: float, right: float, page: int, row: int) -> Line:
        inked = [glyph for glyph in glyphs if not glyph.text.isspace()]
        return cls(line_text(glyphs), inked[0].x0, max(glyph.x1 for glyph in inked), left, right,
                   median(glyph.size for glyph in inked), page, row, min(glyph.top for glyph in inked),
                   max(glyph.bottom for glyph in inked), min(glyph.confidence for glyph in inked))


@dataclass(frozen=True)
class LineSpan:
    """Where a printed line ended up in the text as read: its page, its box (in points, `top`
    down the page) and how sure OCR was of it."""

    start: int
    end: int
    page: int
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    confidence: float


@dataclass(frozen=True)
class EdgeRow:
    """A row at the top or bottom of a page, where running parts stand."""

    row: int
    middle: float
    size: float
    text: str
    apart: bool  # set off from the body by more than the page's line spacing


@dataclass(frozen=True)
class PageLayout:
    """A page reduced to what joining needs: its lines in reading order and its edge rows."""

    number: int
    rows: int
    lines: list[Line]
    edges: list[EdgeRow]


# --- 1. rows -----------------------------------------------------------------------------


def page_rows(glyphs: list[Glyph]) -> list[Row]:
    """Group a page's glyphs into rows, top to bottom; overprinted duplicates dropped."""
    rows: list[Row] = []
    current: list[Glyph] = []
    middle = size = 0.0
    for glyph in sorted(glyphs, key=lambda glyph: (glyph.top + glyph.bottom) / 2):
        glyph_middle = (glyph.top + glyph.bottom) / 2
        if current and abs(glyph_middle - middle) > ROW_TOLERANCE * size:
            rows.append(Row(_without_overprint(current)))
            current = []
        if not current:
            middle, size = glyph_middle, max(glyph.size, 1.0)
        current.append(glyph)
    if current:
        rows.append(Row(_without_overprint(current)))
    return rows


def _without_overprint(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop a glyph printed again over itself (how some PDFs fake bold type)."""
    kept: list[Glyph] = []
    for glyph in sorted(glyphs, key=lambda glyph: glyph.x0):
        if kept and kept[-1].text == glyph.text and glyph.x0 - kept[-1].x0 < OVERPRINT * glyph.size:
            continue
        kept.append(glyph)
    return kept


# --- 2. running headers, footers and page numbers -----------------------------------------


def _running_key(text: str) -> str:
    return _DIGITS.sub("#", _SPACES.sub("", text))


def edge_rows(rows: list[Row]) -> list[EdgeRow]:
    """The rows a running part may be: the first and last `EDGE_ROWS` of a page."""
    indexes = sorted({*range(min(EDGE_ROWS, len(rows))), *range(max(len(rows) - EDGE_ROWS, 0), len(rows))})
    spacings = [below.middle - above.middle for above, below in zip(rows, rows[1:])]
    spacing = median(spacings) if spacings else 0.0

    def apart(index: int) -> bool:
        towards_body = index + 1 if index < len(rows) / 2 else index - 1
        if not 0 <= towards_body < len(rows):
            return True
        return abs(rows[towards_body].middle - rows[index].middle) > RUNNING_APART * spacing

    return [EdgeRow(index, rows[index].middle, rows[index].size, rows[index].text, apart(index)) for index in indexes]


def running_rows(pages: list[PageLayout]) -> set[tuple[int, int]]:
    """(page, row) of every running header, footer and page number.

    An edge row is a running part when it reads as a page number; or, when it is set off from
    the body by more than the line spacing, when its text (digits aside) stands at an edge of
    another page too, or when it stands where a running part so found stood on another page
    (even and odd pages often have different headers). Only unbroken runs from the top or the
    bottom edge count.
    """
    pages_by_key: dict[str, set[int]] = defaultdict(set)
    for page in pages:
        for edge in page.edges:
            if edge.apart:
                pages_by_key[_running_key(edge.text)].add(page.number)
    slots = sorted(edge.middle for page in pages for edge in page.edges
                   if _PAGE_NUMBER.fullmatch(edge.text) or len(pages_by_key[_running_key(edge.text)]) >= 2)

    def in_slot(edge: EdgeRow) -> bool:
        tolerance = SLOT_TOLERANCE * edge.size
        index = bisect.bisect_left(slots, edge.middle - tolerance)
        return index < len(slots) and slots[index] <= edge.middle + tolerance

    found: set[tuple[int, int]] = set()
    for page in pages:
        running = {edge.row for edge in page.edges
                   if _PAGE_NUMBER.fullmatch(edge.text) or edge.apart and in_slot(edge)}
        top, bottom = 0, page.rows - 1
        while top in running:
            found.add((page.number, top))
            top += 1
        while bottom > top and bottom in running:
            found.add((page.number, bottom))
            bottom -= 1
    return found


# --- 3. columns and reading order ---------------------------------------------------------


def find_gutters(rows: list[Row]) -> list[tuple[float, float]]:
    """The x ranges between text columns on a page, left to right; empty for one column."""
    segments = [segment for row in rows for segment in row.segments]
    if len(rows) < 3 or not segments:
        return []
    left = int(min(start for start, _ in segments))
    right = int(max(end for _, end in segments)) + 1
    size = median(row.size for row in rows)
    cover = [0] * (right - left + 2)
    for start, end in segments:
        cover[int(start) - left] += 1
        cover[int(end) + 1 - left] -= 1
    depth = list(accumulate(cover[:-1]))
    # Almost no row in a gutter (a title or page number may cross it); but a last page's
    # short column is covered by as few rows, so an empty range counts as well.
    gaps = _low_runs(depth, GUTTER_MAX_COVER * len(rows), GUTTER_MIN_WIDTH * size)
    gaps += [gap for gap in _low_runs(depth, 0, GUTTER_MIN_WIDTH * size)
             if not any(start <= gap[0] and gap[1] <= end for start, end in gaps)]
    gutters = sorted((left + start, left + end) for start, end in gaps
                     if _separates_columns(rows, (left + start, left + end)))
    return [gutter for gutter in gutters if not _crossed_by_column_text(rows, gutter, gutters)]


def _crosses(segments: list[tuple[float, float]], gap: tuple[float, float]) -> bool:
    return any(start < gap[0] and end > gap[1] for start, end in segments)


def _crossed_by_column_text(rows: list[Row], gap: tuple[float, float], gutters: list[tuple[float, float]]) -> bool:
    """Whether a row crossing `gap` is split by another gutter, so it is the text of a column,
    not a title across the columns: then `gap` lies inside that column (the blank that a
    last page's short column leaves beside a byline or a running header)."""
    for row in rows:
        segments = row.segments
        if _crosses(segments, gap) and any(
                other != gap and not _crosses(segments, other)
                and any(end <= other[0] for _, end in segments) and any(start >= other[1] for start, _ in segments)
                for other in gutters):
            return True
    return False


def _low_runs(depth: list[int], limit: float, width: float) -> list[tuple[int, int]]:
    """Ranges at least `width` wide where `depth` stays at or below `limit`, text on both sides."""
    runs: list[tuple[int, int]] = []
    open_at: int | None = None
    for offset, value in enumerate(depth):
        if value <= limit and open_at is None:
            open_at = offset
        elif value > limit and open_at is not None:
            if open_at > 0 and offset - open_at >= width:
                runs.append((open_at, offset))
            open_at = None
    return runs


def _separates_columns(rows: list[Row], gap: tuple[float, float]) -> bool:
    """Whether a gap is a gutter: rows of their own on both sides, and either enough text on
    each side or a justified column edge along its left (a last page's short column)."""
    start, end = gap
    left_ends: list[float] = []
    right_rows = 0
    glyphs_left = glyphs_right = 0
    for row in rows:
        segments = row.segments
        if _crosses(segments, gap):
            continue
        ends = [segment_end for _, segment_end in segments if segment_end <= start]
        if ends:
            left_ends.append(max(ends))
        right_rows += any(segment_start >= end for segment_start, _ in segments)
        for glyph in row.glyphs:
            if (glyph.x0 + glyph.x1) / 2 < start:
                glyphs_left += 1
            else:
                glyphs_right += 1
    if not left_ends or not right_rows:
        return False
    total = glyphs_left + glyphs_right
    if min(glyphs_left, glyphs_right) >= COLUMN_MIN_SHARE * total:
        return True
    size, edge = median(row.size for row in rows), median(left_ends)
    return sum(abs(row_end - edge) <= JUSTIFIED_EDGE * size for row_end in left_ends) >= JUSTIFIED_SHARE * len(left_ends)


def reading_lines(rows: list[Row], page: int) -> list[Line]:
    """A page's lines in reading order: band by band, each band's columns left to right.

    A row that crosses a gutter (a title set across the columns) is a band of its own.
    """
    if not rows:
        return []
    gutters = find_gutters(rows)
    bounds = [(start + end) / 2 for start, end in gutters]
    columns: list[list[tuple[int, list[Glyph]]]] = [[] for _ in range(len(bounds) + 1)]
    spanning: list[int] = []
    for index, row in enumerate(rows):
        if any(_crosses(row.segments, gutter) for gutter in gutters):
            spanning.append(index)
            continue
        parts: dict[int, list[Glyph]] = defaultdict(list)
        for glyph in row.glyphs:
            parts[bisect.bisect(bounds, (glyph.x0 + glyph.x1) / 2)].append(glyph)
        for column, glyphs in parts.items():
            if any(not glyph.text.isspace() for glyph in glyphs):
                columns[column].append((index, glyphs))
    inked = [glyph for row in rows for glyph in row.glyphs if not glyph.text.isspace()]
    page_edges = min(glyph.x0 for glyph in inked), max(glyph.x1 for glyph in inked)
    body = set(range(EDGE_ROWS, len(rows) - EDGE_ROWS))
    edges = [_column_edges(column, body, page_edges) for column in columns]
    lines: list[Line] = []
    band_start = 0
    for stop in spanning + [len(rows)]:
        for column, (left, right) in zip(columns, edges):
            lines.extend(Line.of(glyphs, left, right, page, index) for index, glyphs in column
                         if band_start <= index < stop)
        if stop < len(rows):
            lines.append(Line.of(rows[stop].glyphs, *page_edges, page, stop))
        band_start = stop + 1
    return lines


def _column_edges(column: list[tuple[int, list[Glyph]]], body: set[int],
                  page_edges: tuple[float, float]) -> tuple[float, float]:
    """The left and right edges of a column's text; rows at the page's top and bottom edges
    (where running parts stand, such as a centred page number) count only when it has no other."""
    parts = [glyphs for index, glyphs in column if index in body] or [glyphs for _, glyphs in column]
    inked = [glyph for glyphs in parts for glyph in glyphs if not glyph.text.isspace()]
    if not inked:
        return page_edges
    return min(glyph.x0 for glyph in inked), max(glyph.x1 for glyph in inked)


def layout_page(page: PageGlyphs) -> PageLayout:
    """Reduce one page to its lines in reading order and its edge rows."""
    rows = [row for row in page_rows(page.glyphs) if any(not glyph.text.isspace() for glyph in row.glyphs)]
    return PageLayout(page.number, len(rows), reading_lines(rows, page.number), edge_rows(rows))


# --- 4. paragraphs and text ---------------------------------------------------------------


def is_cjk(char: str) -> bool:
    """Chinese, Japanese and Korean characters and their punctuation and full-width forms.

    >>> is_cjk("协"), is_cjk("，"), is_cjk("1")
    (True, True, False)
    """
    code = ord(char)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0xFE30 <= code <= 0xFE4F or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF)


def line_text(glyphs: list[Glyph]) -> str:
    """The glyphs' text, with a space where a gap separates two Latin words or numbers."""
    parts: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if (previous is not None and glyph.x0 - previous.x1 > WORD_GAP * glyph.size
                and _LATIN_WORD_CHAR.fullmatch(previous.text[-1:])
                and _LATIN_WORD_CHAR.fullmatch(glyph.text[:1])):
            parts.append(" ")
        parts.append(glyph.text)
        previous = glyph
    return "".join(parts)


def line_break_joiner(before: str, after: str) -> str:
    """What joins two lines of one paragraph: a space only between two Latin words.

    A break inside a number or a word, or next to a Chinese character, joins without one.

    >>> line_break_joiner("1 5", "19个"), line_break_joiner("计生", "协会")
    ('', '')
    >>> line_break_joiner("Family", "Planning"), line_break_joiner("Year-", "book")
    (' ', '')
    """
    if not before or not after or before[-1].isspace():
        return ""
    last, first = before[-1], after[0]
    if _LATIN_LETTER.fullmatch(first) and (_LATIN_LETTER.fullmatch(last) or last in _LATIN_CLAUSE_END):
        return " "
    if first.isdigit() and _LATIN_LETTER.fullmatch(last):
        return " "
    return ""


def _starts_paragraph(line: Line, previous: Line | None) -> bool:
    if previous is None:
        return True
    if abs(line.size - previous.size) > SIZE_CHANGE * line.size:
        return True
    if line.x0 - line.left > INDENT * line.size:
        return True
    return previous.x1 < previous.right - SHORT_END * previous.size


def join_paragraphs(lines: list[Line], pages: int, spans: list[LineSpan] | None = None) -> tuple[str, tuple[int, ...]]:
    """The text of `lines`, a paragraph per line of text, and where each page starts in it.

    Pages are numbered from 1 to `pages`; a page without lines starts where the next begins.
    With `spans`, where each line ended up is appended to it.
    """
    paragraphs: list[str] = []
    current = ""
    length = 0  # of the text so far, paragraphs joined by "\n"
    page_starts = [-1] * pages
    previous: Line | None = None
    for line in lines:
        content = line.text.lstrip()
        if _starts_paragraph(line, previous):
            if previous is not None:
                paragraphs.append(current.rstrip())
                length += len(paragraphs[-1]) + 1
            current = ""
        else:
            current += line_break_joiner(current, content)
        if page_starts[line.page - 1] < 0:
            page_starts[line.page - 1] = length + len(current)
        if spans is not None:
            start = length + len(current)
            spans.append(LineSpan(start, start + len(content.rstrip()), line.page,
                                  (line.x0, line.top, line.x1, line.bottom), line.confidence))
        current += content
        previous = line
    if previous is not None:
        paragraphs.append(current.rstrip())
    text = "\n".join(paragraphs)
    following = len(text)
    for index in range(pages - 1, -1, -1):
        if page_starts[index] < 0:
            page_starts[index] = following
        following = page_starts[index]
    return text, tuple(page_starts)


def lay_out(pages: Iterable[PageGlyphs], spans: list[LineSpan] | None = None) -> tuple[str, tuple[int, ...], list[int]]:
    """The text of a document's pages in reading order, where each page starts in it, and
    the numbers of the pages that hold no glyphs at all. With `spans`, where each printed
    line ended up is appended to it."""
    layouts: list[PageLayout] = []
    empty: list[int] = []
    for page in pages:
        if not page.glyphs:
            empty.append(page.number)
        layouts.append(layout_page(page))
    running = running_rows(layouts)
    lines = [line for layout in layouts for line in layout.lines if (line.page, line.row) not in running]
    return join_paragraphs(lines, len(layouts), spans) + (empty,)
