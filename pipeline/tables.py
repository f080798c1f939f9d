"""Find the tables of a chapter in the text as read and rebuild them as rows of cells.

Two layouts are recognised, both as printed volumes and their typed or OCR'd copies show them:

* box-drawn tables (`┏━┯━┓ ┃ │ ┃ ┠─┼─┨ ┗━┷━┛`, and ASCII grids `+---+ | |`), read on the
  display grid the box draws: a line's characters are placed by their display width, the
  vertical strokes give the columns, the horizontal rules the rows, and a rule left open under
  a cell merges it with the cell below;
* column-aligned tables: three or more consecutive lines whose cells are separated by runs of
  two or more spaces at columns shared by every line, with short cells, many of them numbers.
  Poems, name lists and run-in headings (`    推广优良品种  建国以来，…`) have gaps too, but
  no numbers in their cells, or sentences, or no column shared by three lines.

A table takes in its caption (`表3—2 …情况表`) and unit line (`单位：人`) directly above it, and
its notes (`注：…`, `资料来源：…`) directly below it (contract v2: they belong to the table).
Each cell's wrapped lines are joined; `start`/`end` point into the text as read.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from pipeline.core.records import Table, TableCell

_MAX_CAPTION = 50
_MAX_ALIGNED_CELL = 16  # characters of an aligned table's cell, at the median
_MIN_ALIGNED_LINES = 3
_MAX_HEADER_LINES = 3

# --- patterns -----------------------------------------------------------------------------

# A line drawn with box characters (U+2500–U+257F) or an ASCII grid line: it opens with one.
_BOX_LINE = re.compile(r"[ \t\u3000]*[\u2500-\u257f|+]")
# A rule under an aligned header: a line of dashes or box strokes only.
_ALIGNED_RULE = re.compile(r"[ \t\u3000]*[-=─━═]{4,}[-=─━═ \t\u3000]*")
# Inside an aligned table, a line may also hold one short piece: the wrapped end of a cell.
_ALIGNED_INSIDE = re.compile(rf"{_ALIGNED_RULE.pattern}|[ \t\u3000]*[^\s。；]{{1,{_MAX_ALIGNED_CELL}}}[ \t\u3000]*")
# A gap between two cells of an aligned line: two or more spaces, a tab or an ideographic space.
_GAP = r"(?:[ \t]*\u3000[ \t\u3000]*| {2,}|\t)"
_CELL_GAP = re.compile(_GAP)
# A gap between two characters, anywhere (is there any?), and at the start of a line.
_GAP_BETWEEN = re.compile(rf"\S{_GAP}\S")
_GAPPED_LINE = re.compile(rf"[ \t\u3000]*\S.*?\S{_GAP}\S")
# A cell that reads as a sentence: no cell of an aligned table ends a sentence inside it.
_SENTENCE_MARK = re.compile(r"[。；！？]")
_DIGIT = re.compile(r"[0-9０-９]")

# A table's number: 表3—2, 表 12.
_LABEL = r"表[ \t]*[0-9０-９一二三四五六七八九十]+(?:[ \t]*[-—–－·.][ \t]*[0-9０-９]+)?(?![年月日%])"
# A line holding only a table's number, its title on the next line or its table missing.
_LABEL_LINE = re.compile(rf"^[ \t\u3000]*{_LABEL}[ \t\u3000]*$", re.MULTILINE)
_CAPTION = re.compile(rf"""
    {_LABEL}
      [^。；#【]{{0,40}}                                                  # and its title
  | [^。；，,#【][^。；，,]{{1,40}}?(?:表|一览|统计|情况|名录|名单|简况|概况)              # …情况表, …一览
      (?:\s*[（(][^）)\n]{{1,20}}[）)])?                                     # （1985—1990年）
""", re.VERBOSE)
# Unit lines and notes that belong to the table they stand next to.
_NOTE = re.compile(r"(?:单位|注\s*[0-9０-９①-⑨]?|附注|说明|备注|资料来源|数据来源|来源)\s*[:：]")


# --- glyphs on the display grid -----------------------------------------------------------


@dataclass(frozen=True)
class _Glyph:
    column: int  # display column where the character begins
    width: int
    offset: int  # into the text as read
    char: str


@lru_cache(maxsize=512)
def _strokes(char: str) -> tuple[bool, bool]:
    """(vertical, horizontal): which strokes a box or grid character draws."""
    if char == "|":
        return True, False
    if char == "+":
        return True, True
    if char in "-=":
        return False, True
    if not "\u2500" <= char <= "\u257f":
        return False, False
    # The Unicode names say which arms a box character has (`BOX DRAWINGS DOWN LIGHT AND
    # HORIZONTAL HEAVY` is ┯).
    name = unicodedata.name(char, "")
    vertical = any(word in name for word in ("VERTICAL", " UP", " DOWN"))
    horizontal = any(word in name for word in ("HORIZONTAL", "LEFT", "RIGHT"))
    return vertical, horizontal


def _width(char: str, box_width: int) -> int:
    if "\u2500" <= char <= "\u257f":
        return box_width  # drawn full width in CJK fonts, narrow elsewhere: chosen per table
    if char == "\t":
        return 4
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _glyphs(text: str, start: int, end: int, box_width: int) -> list[_Glyph]:
    glyphs = []
    column = 0
    for offset in range(start, end):
        char = text[offset]
        width = _width(char, box_width)
        glyphs.append(_Glyph(column, width, offset, char))
        column += width
    return glyphs


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # without the newline
    blank: bool


def _lines(text: str) -> list[_Line]:
    lines = []
    offset = 0
    for raw in text.split("\n"):
        lines.append(_Line(offset, offset + len(raw), not raw.strip()))
        offset += len(raw) + 1
    return lines


# --- cells --------------------------------------------------------------------------------


@dataclass
class _Piece:
    """A stretch of one line's text inside one cell."""

    text: str
    start: int
    end: int


def _piece(glyphs: list[_Glyph]) -> _Piece | None:
    """The text of some glyphs of a line, without padding; None when they are all blank."""
    kept = [glyph for glyph in glyphs if not glyph.char.isspace()]
    if not kept:
        return None
    text = "".join(glyph.char for glyph in glyphs).strip()
    return _Piece(_without_layout_spaces(text), kept[0].offset, kept[-1].offset + 1)


_LAYOUT_SPACE = re.compile(r"\s+")


def _without_layout_spaces(text: str) -> str:
    """Padding spaces inside a cell (`王  军`) are layout; between two Latin letters or digits
    one space is kept (`Beijing Daily`, `表5—1 1986年`)."""
    return _LAYOUT_SPACE.sub(lambda match: " " if _latin_around(text, match.start(), match.end()) else "", text)


def _latin_around(text: str, start: int, end: int) -> bool:
    return 0 < start and end < len(text) and _is_latin(text[start - 1], digits=True) and _is_latin(text[end], digits=True)


def _is_latin(char: str, digits: bool) -> bool:
    return char.isascii() and (char.isalnum() if digits else char.isalpha())


def _joined(pieces: list[_Piece]) -> str:
    """The wrapped lines of one cell as one text: joined directly (`出席代`+`表`, `46`+`0人`),
    with a space only between two Latin words."""
    text = ""
    for piece in pieces:
        between = " " if text and _is_latin(text[-1], digits=False) and _is_latin(piece.text[0], digits=False) else ""
        text += between + piece.text
    return text


@dataclass
class _Cell:
    column: int
    column_span: int
    pieces: list[_Piece]
    empty_at: int  # where an empty cell is placed in the text
    row_span: int = 1

    def built(self) -> TableCell:
        if not self.pieces:
            return TableCell(text="", column=self.column, row_span=self.row_span, column_span=self.column_span,
                             start=self.empty_at, end=self.empty_at)
        return TableCell(text=_joined(self.pieces), column=self.column, row_span=self.row_span, column_span=self.column_span,
                         start=self.pieces[0].start, end=self.pieces[-1].end)


def _line_groups(lines: list[int], filled: list[set[int]]) -> list[list[int]]:
    """Lines cut into rows: a line continues the row above when the columns filled on the row's
    first line are at least half empty on it (a wrapped row: `东明县总工会  1980  391` over
    `第五次会议`); a line about as full as the row's first line starts a row of its own."""
    groups: list[list[int]] = []
    first_filled: set[int] = set()
    for line, columns in zip(lines, filled):
        if groups and first_filled and 2 * len(first_filled - columns) >= len(first_filled):
            groups[-1].append(line)
            continue
        groups.append([line])
        first_filled = columns
    return groups


def _rows_of_lines(lines: list[list[list[_Glyph]]], line_starts: list[int], one_row: bool) -> list[list[_Cell]]:
    """Rows of cells from lines already cut into columns: all lines one row when `one_row`, else
    grouped as `_line_groups` says."""
    filled = [{column for column, glyphs in enumerate(line) if _piece(glyphs)} for line in lines]
    indexes = list(range(len(lines)))
    groups = [indexes] if one_row else _line_groups(indexes, filled)
    rows = []
    for group in groups:
        row = []
        for column in range(len(lines[group[0]])):
            pieces = [piece for piece in (_piece(lines[line][column]) for line in group) if piece]
            row.append(_Cell(column, 1, pieces, _first_offset(lines[group[0]][column], line_starts[group[0]])))
        rows.append(row)
    return rows


def _first_offset(glyphs: list[_Glyph], line_start: int) -> int:
    return glyphs[0].offset if glyphs else line_start


# --- box-drawn tables ---------------------------------------------------------------------


def _stroke_columns(lines: list[list[_Glyph]]) -> list[int]:
    """The display columns where vertical strokes stand, neighbours one apart taken as one."""
    columns = sorted({glyph.column for glyphs in lines for glyph in glyphs if _strokes(glyph.char)[0]})
    merged: list[int] = []
    for column in columns:
        if not merged or column - merged[-1] > 1:
            merged.append(column)
    return merged


def _boundary_index(column: int, boundaries: list[int]) -> int | None:
    for index, boundary in enumerate(boundaries):
        if abs(column - boundary) <= 1:
            return index
    return None


def _box_grid(text: str, block: list[_Line]) -> tuple[list[list[_Glyph]], list[int]]:
    """The block's glyphs and column boundaries, with box characters taken as wide or narrow,
    whichever lines the strokes up better (fewer distinct stroke columns)."""
    best: tuple[list[list[_Glyph]], list[int]] | None = None
    for box_width in (2, 1):
        lines = [_glyphs(text, line.start, line.end, box_width) for line in block]
        boundaries = _stroke_columns(lines)
        if best is None or len(boundaries) < len(best[1]):
            best = lines, boundaries
    assert best is not None
    return best


def _slot_glyphs(glyphs: list[_Glyph], boundaries: list[int], columns: int) -> list[list[_Glyph]]:
    """The glyphs of a line inside each of `columns` columns, without the strokes on the column
    boundaries."""
    slots: list[list[_Glyph]] = [[] for _ in range(columns)]
    for glyph in glyphs:
        if _strokes(glyph.char)[0] and _boundary_index(glyph.column, boundaries) is not None:
            continue
        for column in range(len(boundaries) - 1):
            if boundaries[column] < glyph.column < boundaries[column + 1]:
                slots[column].append(glyph)
                break
    return slots


def _is_text(glyph: _Glyph) -> bool:
    return not glyph.char.isspace() and not "\u2500" <= glyph.char <= "\u257f"


def _is_ruled(slot: list[_Glyph]) -> bool:
    """A column of a line drawn across with a horizontal stroke; in an ASCII grid a rule is a
    run of dashes, so that a cell holding one dash (`| - |`) stays a cell."""
    drawn = "".join(glyph.char for glyph in slot if not glyph.char.isspace())
    return bool(drawn) and all(_strokes(char)[1] for char in drawn) and (len(drawn) > 1 or drawn > "\u2500")


class _Grid:
    """A box on the display grid: a slot per (line, column), each either ruled off (a horizontal
    stroke and no text) or inside a cell. Cells are the slots the box does not separate: no
    vertical stroke between two slots side by side, no rule between two slots one above the other."""

    def __init__(self, text: str, block: list[_Line]) -> None:
        lines, boundaries = _box_grid(text, block)
        own = [_stroke_columns([glyphs]) for glyphs in lines]
        # A box typed by hand may not line its strokes up (fewer on every line than in all):
        # then the n-th stroke of each line is its n-th column boundary.
        by_line = own if len(boundaries) > max(map(len, own)) else [boundaries] * len(lines)
        self.columns = max(map(len, by_line)) - 1
        self.line_starts = [line.start for line in block]
        self.slots = [_slot_glyphs(glyphs, line_boundaries, self.columns) for glyphs, line_boundaries in zip(lines, by_line)]
        self.ruled = [[_is_ruled(slot) for slot in line] for line in self.slots]
        self.strokes = [{_boundary_index(glyph.column, line_boundaries) for glyph in glyphs if _strokes(glyph.char)[0]}
                        for glyphs, line_boundaries in zip(lines, by_line)]

    def bands(self) -> list[list[int]]:
        """Runs of lines no rule crosses (rows of the box), in order."""
        bands: list[list[int]] = [[]]
        for index, ruled in enumerate(self.ruled):
            if any(ruled):
                bands.append([])
            else:
                bands[-1].append(index)
        return [band for band in bands if band]

    def header_bands(self, bands: list[list[int]]) -> int:
        """How many bands stand above the first rule across the whole box, the top border aside."""
        for index, ruled in enumerate(self.ruled):
            if all(ruled) and any(band[0] < index for band in bands) and any(band[0] > index for band in bands):
                return sum(band[0] < index for band in bands)
        return 0

    def filled(self, line: int) -> set[int]:
        return {column for column, slot in enumerate(self.slots[line]) if not self.ruled[line][column] and any(map(_is_text, slot))}

    def cells(self, cuts: set[int]) -> list[tuple[list[int], list[int]]]:
        """(lines, columns) of each cell: the connected slots not ruled off; no slot of line
        `i` joins the one above it when `i` is in `cuts`."""
        parent = {(line, column): (line, column) for line in range(len(self.slots)) for column in range(self.columns)
                  if not self.ruled[line][column]}

        def root(slot: tuple[int, int]) -> tuple[int, int]:
            while parent[slot] != slot:
                parent[slot] = parent[parent[slot]]
                slot = parent[slot]
            return slot

        for line, column in parent:
            if (line, column + 1) in parent and column + 1 not in self.strokes[line]:
                parent[root((line, column + 1))] = root((line, column))
            if (line + 1, column) in parent and line + 1 not in cuts:
                parent[root((line + 1, column))] = root((line, column))
        members: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for slot in parent:
            members.setdefault(root(slot), []).append(slot)
        return [(sorted({line for line, _ in slots}), sorted({column for _, column in slots})) for slots in members.values()]

    def cell(self, lines: list[int], columns: list[int]) -> _Cell:
        pieces = []
        for line in lines:
            piece = _piece([glyph for column in columns for glyph in self.slots[line][column]])
            if piece:
                pieces.append(piece)
        first_slot = self.slots[lines[0]][columns[0]]
        return _Cell(columns[0], len(columns), pieces, _first_offset(first_slot, self.line_starts[lines[0]]))


def _box_table(text: str, block: list[_Line]) -> tuple[list[list[_Cell]], list[list[_Cell]]] | None:
    """(header rows, body rows) of a box-drawn block, or None if it draws no cells.

    The header is the rows above the first rule across the whole box. A body the box does not
    rule off into rows (one band of lines) is cut into rows line by line, a wrapped line going
    with the row above it."""
    grid = _Grid(text, block)
    bands = grid.bands()
    if grid.columns < 1 or not bands:
        return None
    header_bands = grid.header_bands(bands)
    cuts: set[int] = set()
    if len(bands) - header_bands == 1:
        body = bands[-1]
        rows = _line_groups(body, [grid.filled(line) for line in body])
        bands = bands[:-1] + rows
        cuts = {group[0] for group in rows}
    band_of = {line: number for number, band in enumerate(bands) for line in band}
    rows_of: list[list[_Cell]] = [[] for _ in bands]
    for lines, columns in grid.cells(cuts):
        numbers = [band_of[line] for line in lines if line in band_of] or [0]
        cell = grid.cell(lines, columns)
        cell.row_span = max(numbers) - min(numbers) + 1
        rows_of[min(numbers)].append(cell)
    rows = [sorted(row, key=lambda cell: cell.column) for row in rows_of]
    return rows[:header_bands], [row for row in rows[header_bands:] if row]


# --- column-aligned tables ----------------------------------------------------------------


def _chunks(glyphs: list[_Glyph], text: str) -> list[tuple[int, int, list[_Glyph]]]:
    """(first display column, end display column, glyphs) of each run of text between gaps."""
    if not glyphs:
        return []
    first, last = glyphs[0].offset, glyphs[-1].offset + 1
    chunks = []
    by_offset = {glyph.offset: glyph for glyph in glyphs}
    cursor = first
    for gap in list(_CELL_GAP.finditer(text, first, last)) + [None]:
        stop = gap.start() if gap else last
        piece = [by_offset[offset] for offset in range(cursor, stop) if not by_offset[offset].char.isspace()]
        if piece:
            chunk_glyphs = [by_offset[offset] for offset in range(cursor, stop)]
            chunks.append((piece[0].column, piece[-1].column + piece[-1].width, chunk_glyphs))
        if gap:
            cursor = gap.end()
    return chunks


def _gutters(chunked: list[list[tuple[int, int, list[_Glyph]]]]) -> list[int]:
    """Column boundaries: the middles of the runs of display columns no chunk of any line covers."""
    left = min(chunk[0] for chunks in chunked for chunk in chunks)
    right = max(chunk[1] for chunks in chunked for chunk in chunks)
    covered = [False] * (right - left)
    for chunks in chunked:
        for start, end, _ in chunks:
            for column in range(start - left, end - left):
                covered[column] = True
    boundaries = [left]
    column = 0
    while column < len(covered):
        if covered[column]:
            column += 1
            continue
        gap_start = column
        while column < len(covered) and not covered[column]:
            column += 1
        if column - gap_start >= 2:
            boundaries.append(left + (gap_start + column) // 2)
    # The outer boundaries take in header chunks wider than the columns below them.
    return [-1, *boundaries[1:], right + len(covered) + _MAX_CAPTION]


def _aligned_table(text: str, block: list[_Line]) -> tuple[list[list[_Cell]], list[list[_Cell]]] | None:
    """(header rows, body rows) of lines with gaps when they read as a table, else None."""
    rule_at = next((index for index, line in enumerate(block) if _ALIGNED_RULE.fullmatch(text, line.start, line.end)), None)
    content = [line for line in block if not _ALIGNED_RULE.fullmatch(text, line.start, line.end)]
    if len(content) < _MIN_ALIGNED_LINES:
        return None
    glyph_lines = [[glyph for glyph in _glyphs(text, line.start, line.end, 1)] for line in content]
    chunked = [_chunks(glyphs, text) for glyphs in glyph_lines]
    if not all(chunked):
        return None
    # The header may be wider than its columns: the grid comes from the lines below it.
    header_lines = rule_at if rule_at is not None else _leading_lines_without_digits(chunked)
    data = chunked[header_lines:] if len(chunked) - header_lines >= 2 else chunked
    boundaries = _gutters(data)
    cells = [chunk for chunks in data for chunk in chunks]
    texts = ["".join(glyph.char for glyph in chunk[2]) for chunk in cells]
    if (len(boundaries) < 3 or any(_SENTENCE_MARK.search(cell) for cell in texts)
            or median(len(cell.strip()) for cell in texts) > _MAX_ALIGNED_CELL
            or 3 * sum(bool(_DIGIT.search(cell)) for cell in texts) < len(texts)):
        return None
    cut = [_assigned(chunks, boundaries) for chunks in chunked]
    starts = [line.start for line in content]
    header = _rows_of_lines(cut[:header_lines], starts[:header_lines], one_row=True) if header_lines else []
    return header, _rows_of_lines(cut[header_lines:], starts[header_lines:], one_row=False)


def _leading_lines_without_digits(chunked: list[list[tuple[int, int, list[_Glyph]]]]) -> int:
    """How many lines open the block without a digit while the lines after them have some: a header."""
    count = 0
    for chunks in chunked[:_MAX_HEADER_LINES]:
        if any(_DIGIT.match(glyph.char) for chunk in chunks for glyph in chunk[2]):
            break
        count += 1
    return count if count < len(chunked) else 0


def _assigned(chunks: list[tuple[int, int, list[_Glyph]]], boundaries: list[int]) -> list[list[_Glyph]]:
    """The glyphs of a line per column: each chunk goes to the column holding its middle."""
    columns: list[list[_Glyph]] = [[] for _ in boundaries[1:]]
    for start, end, glyphs in chunks:
        middle = (start + end) // 2
        column = next(index for index in range(len(columns)) if middle < boundaries[index + 1])
        if columns[column]:  # two chunks in one column: a space between them, taken as layout
            columns[column].append(_Glyph(-1, 1, glyphs[0].offset, " "))
        columns[column].extend(glyphs)
    return columns


# --- finding tables -----------------------------------------------------------------------


def _blocks(text: str, lines: list[_Line], pattern: re.Pattern[str], inside: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """(first, last + 1) line indexes of the runs of consecutive lines matching `pattern` (or
    `inside`, which may continue a run but not start or end one)."""
    blocks = []
    index = 0
    while index < len(lines):
        if not pattern.match(text, lines[index].start, lines[index].end) or lines[index].blank:
            index += 1
            continue
        first = index
        last = index
        index += 1
        while index < len(lines) and not lines[index].blank:
            line = lines[index]
            if pattern.match(text, line.start, line.end):
                last = index
            elif not (inside and inside.fullmatch(text, line.start, line.end)):
                break
            index += 1
        blocks.append((first, last + 1))
        index = last + 1
    return blocks


def _stripped(text: str, line: _Line) -> str:
    return text[line.start:line.end].strip()


def _text_span(text: str, line: _Line) -> tuple[int, int]:
    """Where a line's text begins and ends, without its indentation and trailing spaces."""
    raw = text[line.start:line.end]
    return line.start + len(raw) - len(raw.lstrip()), line.start + len(raw.rstrip())


def _neighbour(lines: list[_Line], index: int, step: int) -> int | None:
    """The index of the nearest non-blank line from `index` in direction `step`, at most one
    blank line away."""
    for distance in (1, 2):
        other = index + step * distance
        if not 0 <= other < len(lines):
            return None
        if not lines[other].blank:
            return other
    return None


def _surroundings(text: str, lines: list[_Line], first: int, last: int) -> tuple[int, int, str | None, list[str]]:
    """Widen a table's lines [first, last) over its caption and notes: (first, last, caption, notes)."""
    caption = None
    notes_above: list[str] = []
    above = _neighbour(lines, first, -1)
    while above is not None and caption is None:
        line_text = _stripped(text, lines[above])
        if _NOTE.match(line_text) and len(line_text) <= _MAX_CAPTION:
            notes_above.insert(0, _without_layout_spaces(line_text))
        elif len(line_text) <= _MAX_CAPTION and _CAPTION.fullmatch(_caption_without_unit(line_text)[0]):
            caption, unit = _caption_without_unit(line_text)
            notes_above[:0] = [unit] if unit else []
            label = above - 1  # the table's number on a line of its own above its title
            if label >= 0 and _LABEL_LINE.fullmatch(text, lines[label].start, lines[label].end):
                caption = f"{_stripped(text, lines[label])} {caption}"
                above = label
        else:
            break
        first = above
        above = _neighbour(lines, first, -1)
    notes_below: list[str] = []
    below = _neighbour(lines, last - 1, 1)
    while below is not None and _NOTE.match(_stripped(text, lines[below])):
        note_end = below + 1
        # A note runs on over the lines that continue it (not indented, the last not ended); a
        # unit line is one line.
        while (not _stripped(text, lines[below]).startswith("单位") and note_end < len(lines) and not lines[note_end].blank and not text[lines[note_end].start].isspace()
               and not _stripped(text, lines[note_end - 1]).endswith("。") and not _NOTE.match(_stripped(text, lines[note_end]))):
            note_end += 1
        notes_below.append(_without_layout_spaces("".join(_stripped(text, line) for line in lines[below:note_end])))
        last = note_end
        below = _neighbour(lines, last - 1, 1)
    return first, last, _caption_text(caption) if caption else None, notes_above + notes_below


_LABEL_START = re.compile(rf"{_LABEL}\s*")


def _caption_text(caption: str) -> str:
    """A caption without layout spaces, one space after the table's number (`表4—3 全县…`)."""
    label = _LABEL_START.match(caption)
    if not label or label.end() == len(caption):
        return _without_layout_spaces(caption)
    return f"{_without_layout_spaces(label.group().strip())} {_without_layout_spaces(caption[label.end():])}"


_UNIT_AFTER_CAPTION = re.compile(r"(?P<caption>.+?)[ \t\u3000]+(?P<unit>单位\s*[:：].+)")


def _caption_without_unit(line_text: str) -> tuple[str, str | None]:
    """A caption line may end with the table's unit: `职工人数表    单位：人`."""
    match = _UNIT_AFTER_CAPTION.fullmatch(line_text)
    if match:
        return match.group("caption"), _without_layout_spaces(match.group("unit"))
    return line_text, None


def find_tables(text: str) -> list[Table]:
    """The tables of a chapter text as read, in text order."""
    has_box = _BOX_LINE.search(text) is not None
    has_gaps = _GAP_BETWEEN.search(text) is not None
    has_labels = _LABEL_LINE.search(text) is not None
    if not has_box and not has_gaps and not has_labels:
        return []
    lines = _lines(text)
    found: list[tuple[int, int, tuple[list[list[_Cell]], list[list[_Cell]]]]] = []
    taken: set[int] = set()
    if has_box:
        for first, last in _blocks(text, lines, _BOX_LINE):
            built = _box_table(text, lines[first:last]) if last - first >= 2 else None
            if built:
                found.append((first, last, built))
                taken.update(range(first, last))
    if has_gaps:
        for first, last in _blocks(text, lines, _GAPPED_LINE, _ALIGNED_INSIDE):
            if taken.intersection(range(first, last)):
                continue
            built = _aligned_table(text, lines[first:last])
            if built:
                found.append((first, last, built))
    tables = []
    for first, last, (header, rows) in sorted(found, key=lambda item: item[0]):
        first, last, caption, notes = _surroundings(text, lines, first, last)
        start, _ = _text_span(text, lines[first])
        _, end = _text_span(text, lines[last - 1])
        tables.append(Table(caption=caption, notes=notes, start=start, end=end,
                            header=[[cell.built() for cell in row] for row in header],
                            rows=[[cell.built() for cell in row] for row in rows]))
    if has_labels:
        tables = sorted(tables + _tables_without_cells(text, lines, tables), key=lambda table: table.start)
    return tables


def _tables_without_cells(text: str, lines: list[_Line], tables: list[Table]) -> list[Table]:
    """Captions whose table the text does not hold (an image, a table left out in the copy): a
    line with only a table's number (`表4—3`), with its title on the next line. They still
    belong to a table, not to the prose, so they come out as tables without cells."""
    starts = [line.start for line in lines]
    found = []
    for match in _LABEL_LINE.finditer(text):
        index = bisect.bisect_right(starts, match.start()) - 1
        if any(table.start <= lines[index].end and lines[index].start <= table.end for table in tables):
            continue  # the number of a table found above
        last = index + 1
        title = _stripped(text, lines[last]) if last < len(lines) else ""
        caption = _stripped(text, lines[index])
        if title and len(title) <= _MAX_CAPTION and _CAPTION.fullmatch(title) and not _LABEL_LINE.fullmatch(title):
            caption, last = f"{caption} {title}", last + 1
        start, _ = _text_span(text, lines[index])
        _, end = _text_span(text, lines[last - 1])
        found.append(Table(caption=_caption_text(caption), start=start, end=end))
    return found

