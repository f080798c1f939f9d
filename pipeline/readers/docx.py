"""Read a Word document (.docx) with the standard library: it is a zip of XML files.

The body (`word/document.xml`) is read in order: each paragraph a line, headings included
(a heading style only changes how it looks); a line break inside a paragraph is a line break;
each table drawn as a box of its rows and cells (`┌─┬─┐ │ │ │ └─┴─┘`, a cell spanning
columns as wide as they are), so that the text as read shows it as a table and segmentation
keeps it out of prose. Tracked deletions, field codes, drawings and text boxes are not the
document's running text and are left out.
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from pipeline.core.errors import InputError
from pipeline.readers.pdf import too_large

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY_PART = "word/document.xml"
# Elements of a paragraph whose text is not running text: drawings and text boxes, the
# alternative renderings of one object, field instructions, tracked deletions.
_NOT_RUNNING_TEXT = frozenset({
    f"{_W}drawing", f"{_W}pict", f"{_W}txbxContent", f"{_W}instrText", f"{_W}delText", f"{_W}del",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
})
# What a run element stands for in the text.
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-",
             f"{_W}softHyphen": ""}


def read_docx(path: Path, max_bytes: int | None = None) -> str:
    """The text of a .docx file. Raise `InputError` for a file that is not one or holds no
    text, and, with `max_bytes`, for one whose text is larger than that in UTF-8."""
    try:
        with zipfile.ZipFile(path) as archive:
            body = ElementTree.fromstring(archive.read(_BODY_PART)).find(f"{_W}body")
    except zipfile.BadZipFile:
        raise InputError("not a .docx file (not a zip archive): an old binary .doc, or an encrypted document? "
                         "Save it as .docx without a password", path=str(path)) from None
    except KeyError:
        raise InputError(f"not a Word document: the archive has no {_BODY_PART}", path=str(path)) from None
    except ElementTree.ParseError as error:
        raise InputError(f"broken {_BODY_PART} ({error}); open and save it again in Word", path=str(path)) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=str(path)) from None
    if body is None:
        raise InputError(f"not a Word document: {_BODY_PART} has no body", path=str(path))
    text = "\n".join(_blocks(body))
    if not text.strip():
        raise InputError("holds no text (only drawings or text boxes?): there is nothing to extract", path=str(path))
    size = len(text.encode("utf-8"))
    if max_bytes is not None and size > max_bytes:
        raise too_large(path, f"{size:,} bytes of text", max_bytes)
    return text


def _blocks(container: ElementTree.Element) -> Iterator[str]:
    """The lines of the paragraphs and tables of `container`, in order."""
    for child in container:
        if child.tag == f"{_W}p":
            yield _paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            yield from _table_lines(child)
        elif child.tag == f"{_W}sdt":  # a content control: its content is part of the body
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts: list[str] = []

    def walk(element: ElementTree.Element) -> None:
        for child in element:
            if child.tag in _NOT_RUNNING_TEXT:
                continue
            if child.tag == f"{_W}t":
                parts.append(child.text or "")
            elif child.tag in _RUN_TEXT:
                parts.append(_RUN_TEXT[child.tag])
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts)


def _display_width(text: str) -> int:
    """Columns `text` takes in a fixed-width CJK display: wide and full-width characters two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _table_lines(table: ElementTree.Element) -> list[str]:
    """A table drawn as a box: a line per row, rules between rows, a cell's paragraphs joined."""
    rows: list[list[tuple[str, int]]] = []  # (text, columns spanned) of each cell
    for row in table.findall(f"{_W}tr"):
        cells = []
        for cell in row.findall(f"{_W}tc"):
            span = cell.find(f"{_W}tcPr/{_W}gridSpan")
            texts = [_paragraph_text(paragraph).replace("\n", " ").strip() for paragraph in cell.findall(f"{_W}p")]
            cells.append((" ".join(text for text in texts if text), int(span.get(f"{_W}val", "1")) if span is not None else 1))
        rows.append(cells)
    columns = max((sum(span for _, span in cells) for cells in rows), default=0)
    widths = [1] * columns

    def cell_width(first: int, span: int) -> int:
        return sum(widths[first:first + span]) + span - 1  # the inner rules the cell covers

    for spanning in (False, True):  # single cells set the widths; a wider spanning cell widens its last
        for cells in rows:
            column = 0
            for text, span in cells:
                if (span > 1) == spanning:
                    widths[column + span - 1] += max(_display_width(text) - cell_width(column, span), 0)
                column += span

    def rule(left: str, middle: str, right: str) -> str:
        return left + middle.join("─" * width for width in widths) + right

    lines = [rule("┌", "┬", "┐")]
    for index, cells in enumerate(rows):
        if index:
            lines.append(rule("├", "┼", "┤"))
        drawn, column = [], 0
        for text, span in cells:
            drawn.append(text + " " * (cell_width(column, span) - _display_width(text)))
            column += span
        drawn += [" " * widths[rest] for rest in range(column, columns)]
        lines.append("│" + "│".join(drawn) + "│")
    lines.append(rule("└", "┴", "┘"))
    return lines
