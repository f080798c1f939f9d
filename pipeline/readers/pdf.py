"""Read the text layer of a PDF in reading order, with the page each character came from.

Two backends hand the glyphs of each page, with their boxes, to `layout.lay_out`, which
alone decides columns, running parts and paragraphs, so both give the same text:

* `pdfium` (pypdfium2, installed with pdfplumber): the default, by measurement many times
  faster (`python -m pipeline.readers --speed FILE.pdf` prints pages per second);
* `pdfplumber` (pdfminer): pure Python, slower; each page is closed after use, or it keeps
  every page's objects in memory.

Pages without a readable text layer (scans) are rendered and read by OCR (`ocr`, the `ocr`
extra), so a PDF that mixes text and scanned pages reads each page its own way; without the
extra, a scan is an error and a scanned page among text pages a warning, both saying how to
install it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.readers import ocr
from pipeline.readers.layout import Glyph, LineSpan, PageGlyphs, lay_out

DEFAULT_BACKEND = "pdfium"
# A page whose glyphs mostly have no Unicode value has a text layer nobody can read.
UNMAPPED_SHARE = 0.5
_UNMAPPED = "\ufffd"


@dataclass(frozen=True)
class PdfText:
    text: str
    page_starts: tuple[int, ...]
    warnings: tuple[str, ...]
    lines: tuple[LineSpan, ...] = ()  # where each printed line ended up in `text`


def too_large(path: Path, found: str, max_bytes: int) -> InputError:
    """The error for a file with more text than `max_bytes`, which bounds the memory a
    document takes (the option --max-size)."""
    return InputError(f"too large ({found}); the limit is {max_bytes / 1e6:g} MB of text per file (--max-size): "
                      f"split the file, or raise the limit if the machine has the memory", path=str(path))


def _unreadable(path: Path, error: Exception) -> InputError:
    """The error for a file a backend cannot open or parse: encrypted, or broken."""
    reason = str(error) or " ".join(type(arg).__name__ for arg in error.args) or type(error).__name__
    if "password" in reason.lower() or "encrypt" in reason.lower():
        return InputError(f"the PDF is encrypted ({reason}); decrypt it first, e.g. `qpdf --decrypt IN OUT`",
                          path=str(path))
    return InputError(f"not a readable PDF ({reason}); check that the file is complete", path=str(path))


def _pdfium_pages(path: Path) -> Iterator[PageGlyphs]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise _unreadable(path, error) from None
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                height = page.get_height()
                count = textpage.count_chars()
                text = textpage.get_text_range(0, count)
                if len(text) != count:  # characters beyond the BMP: read them one by one
                    text = "".join(chr(raw.FPDFText_GetUnicode(textpage, char) or 0xFFFD) for char in range(count))
                box = raw.FS_RECTF()
                glyphs = []
                for char, value in enumerate(text):
                    # Spaces and line ends that PDFium makes up are not in the file.
                    if value.isspace() and raw.FPDFText_IsGenerated(textpage, char):
                        continue
                    if not raw.FPDFText_GetLooseCharBox(textpage, char, box):
                        continue
                    if raw.FPDFText_HasUnicodeMapError(textpage, char) == 1:
                        value = _UNMAPPED
                    glyphs.append(Glyph(value, box.left, box.right, height - box.top, height - box.bottom))
            finally:
                textpage.close()
                page.close()
            yield PageGlyphs(index + 1, glyphs)
    except pdfium.PdfiumError as error:
        raise _unreadable(path, error) from None
    finally:
        document.close()


def _pdfplumber_pages(path: Path) -> Iterator[PageGlyphs]:
    import pdfplumber
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        # Opened here, so that it is closed also when pdfplumber fails to open the document.
        with open(path, "rb") as stream, pdfplumber.open(stream) as document:
            for page in document.pages:
                try:
                    glyphs = [
                        Glyph(_UNMAPPED if char["text"].startswith("(cid:") else char["text"],
                              char["x0"], char["x1"], char["top"], char["bottom"])
                        for char in page.chars if char.get("upright", True)
                    ]
                finally:
                    # pdfplumber keeps every page's objects until the page is closed.
                    page.close()
                yield PageGlyphs(page.page_number, glyphs)
    except (PdfminerException, MalformedPDFException, PSException) as error:
        raise _unreadable(path, error) from None


BACKENDS: dict[str, Callable[[Path], Iterator[PageGlyphs]]] = {
    "pdfium": _pdfium_pages,
    "pdfplumber": _pdfplumber_pages,
}


def _scanned_page(path: Path, number: int, warnings: list[str]) -> PageGlyphs:
    """A page without a readable text layer, rendered and read by OCR."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        image = document[number - 1].render(scale=ocr.DPI / 72).to_pil()
    finally:
        document.close()
    page = ocr.ocr_page(number, image, str(path))
    warnings.extend(page.warnings)
    return page.glyphs


def _readable_pages(path: Path, pages: Iterator[PageGlyphs], unreadable: list[int], warnings: list[str],
                    max_bytes: int | None) -> Iterator[PageGlyphs]:
    """Pass pages on, those with no text layer or an unreadable one read by OCR, or, without
    the `ocr` extra, emptied and noted; stop with an error once their text passes `max_bytes`
    in UTF-8."""
    size = 0
    for page in pages:
        unmapped = sum(glyph.text == _UNMAPPED for glyph in page.glyphs)
        if not page.glyphs or unmapped > UNMAPPED_SHARE * len(page.glyphs):
            if not ocr.available():
                unreadable.append(page.number)
                yield PageGlyphs(page.number, [])
                continue
            page = _scanned_page(path, page.number, warnings)
        size += sum(len(glyph.text.encode("utf-8")) for glyph in page.glyphs)
        if max_bytes is not None and size > max_bytes:
            raise too_large(path, f"its text passes the limit on page {page.number}", max_bytes)
        yield page


def read_pdf(path: Path, backend: str = DEFAULT_BACKEND, max_bytes: int | None = None) -> PdfText:
    """The text of a PDF as read. Raise `InputError` for a scan, an encrypted or broken file,
    and, with `max_bytes`, one whose text is larger than that in UTF-8."""
    if backend not in BACKENDS:
        raise InputError(f"unknown PDF backend {backend!r}; choose one of {', '.join(BACKENDS)}", path=str(path))
    unreadable: list[int] = []
    warnings: list[str] = []
    lines: list[LineSpan] = []
    text, page_starts, _ = lay_out(_readable_pages(path, BACKENDS[backend](path), unreadable, warnings, max_bytes),
                                   lines)
    pages = len(page_starts)
    if not text and unreadable:
        raise InputError(f"no text layer on any of its {pages} pages (a scan?); to read it by OCR, {ocr.INSTALL_HINT}",
                         path=str(path))
    if not text:
        raise InputError(f"no text on any of its {pages} pages, neither in a text layer nor by OCR", path=str(path))
    warnings += [f"{path}: page {number} has no readable text layer (a scanned page?); its text is missing: "
                 f"to read it by OCR, {ocr.INSTALL_HINT}" for number in unreadable]
    return PdfText(text, page_starts, tuple(warnings), tuple(lines))


def pages_per_second(path: Path, backend: str) -> tuple[int, float]:
    """(pages, pages per second) for reading `path` with `backend`, layout included."""
    started = time.perf_counter()
    pages = len(read_pdf(path, backend).page_starts)
    return pages, pages / (time.perf_counter() - started)
