"""OCR of page images: scanned PDF pages and PNG, JPEG or TIFF files (the `ocr` extra).

An engine returns the lines it read, each with its box and confidence; each line becomes
glyphs spread over its box, and `layout.lay_out` puts them in reading order with the rules it
applies to a PDF's text layer (columns, running headers, page numbers, paragraphs, headings
and bylines on their own lines). Two engines, measured side by side by `benchmarks/ocr.py`:

* `rapidocr` (RapidOCR on ONNX Runtime, PP-OCR Chinese models inside the wheel, offline):
  the default, chosen by that measurement (see the README for the figures);
* `tesseract` (Tesseract with `chi_sim`, Debian `tesseract-ocr tesseract-ocr-chi-sim`),
  chosen with YEARBOOK_OCR_ENGINE=tesseract.

What an engine read from a page is cached by the page's pixels and the engine's name and
version ($YEARBOOK_OCR_CACHE, else ~/.cache/yearbook-extract/ocr), so a rerun, also after a
rule change, never OCRs a page twice.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING, Protocol

from pipeline.core.errors import InputError
from pipeline.readers.layout import Glyph, LineSpan, PageGlyphs, is_cjk, lay_out

if TYPE_CHECKING:
    from PIL.Image import Image

DEFAULT_ENGINE = "rapidocr"
INSTALL_HINT = "install the OCR extra: `pip install 'yearbook-extract[ocr]'`"
# Part of every cache key: raise it when what is cached changes shape.
_CACHE_FORMAT = 2
# Scans are made and rendered at this resolution; an image file without one is taken to have it.
DPI = 300
# A line read with less confidence than this marks the records that come from it.
LOW_CONFIDENCE = 0.9
# A page is set vertically when most of its characters stand in boxes this many times taller
# than wide.
VERTICAL_SHAPE = 1.5
# Latin letters, digits and their punctuation take about half the width of a Chinese character.
_NARROW_WIDTH = 0.5
_SPACE_BESIDE_CJK = re.compile(r"(?<=[\u2e80-\u9fff\uff00-\uffef])\s+|\s+(?=[\u2e80-\u9fff\uff00-\uffef])")


Point = tuple[float, float]


@dataclass(frozen=True)
class OcrLine:
    """A line as an engine read it: its pieces (a character or a word each, with the corners
    of its box in pixels: top left, top right, bottom right, bottom left; y down the page) and
    the engine's confidence in the line, 0 to 1."""

    pieces: tuple[tuple[str, tuple[Point, Point, Point, Point]], ...]
    confidence: float

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)

    @property
    def box(self) -> tuple[float, float, float, float]:
        return _bounds([point for _, corners in self.pieces for point in corners])

    @property
    def slope(self) -> float:
        """How far its top edge falls along x, from its first piece to its last."""
        (left, top), (right, end) = self.pieces[0][1][0], self.pieces[-1][1][1]
        return (end - top) / (right - left) if right > left else 0.0


class Engine(Protocol):
    name: str
    version: str

    def read(self, image: Image) -> list[OcrLine]: ...


class _RapidOcr:
    name = "rapidocr"

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self.version = metadata.version("rapidocr-onnxruntime")
        self._engine = RapidOCR()

    def read(self, image: Image) -> list[OcrLine]:
        import numpy

        # With each character's box, a line read across a gutter still shows the gutter.
        found, _ = self._engine(numpy.asarray(image.convert("RGB")), return_word_box=True)
        lines = []
        for corners, text, confidence, boxes, pieces, _ in found or []:
            if not pieces:  # no character boxes: the line is one piece
                boxes, pieces = [corners], [text]
            lines.append(OcrLine(tuple((piece, _corners(box)) for piece, box in zip(pieces, boxes)), float(confidence)))
        return lines


class _Tesseract:
    name = "tesseract"

    def __init__(self) -> None:
        import pytesseract

        self._pytesseract = pytesseract
        try:
            self.version = f"{pytesseract.get_tesseract_version()} chi_sim"
        except pytesseract.TesseractNotFoundError:
            raise InputError("Tesseract is not installed: `apt-get install tesseract-ocr tesseract-ocr-chi-sim`, "
                             f"or use the default engine {DEFAULT_ENGINE!r}") from None

    def read(self, image: Image) -> list[OcrLine]:
        words = self._pytesseract.image_to_data(image, lang="chi_sim", output_type=self._pytesseract.Output.DICT)
        grouped: dict[tuple[int, int, int], list[int]] = {}
        for index, text in enumerate(words["text"]):
            if text.strip() and float(words["conf"][index]) >= 0:
                key = (words["block_num"][index], words["par_num"][index], words["line_num"][index])
                grouped.setdefault(key, []).append(index)
        lines = []
        for indexes in grouped.values():
            # A word's box is tight around its ink (that of 一 is a dash): each word is given
            # the height of its line, as a character of the line has in print.
            top = min(words["top"][index] for index in indexes)
            bottom = max(words["top"][index] + words["height"][index] for index in indexes)
            pieces = []
            for index in indexes:
                x0, x1 = words["left"][index], words["left"][index] + words["width"][index]
                pieces.append((words["text"][index], _corners([(x0, top), (x1, top), (x1, bottom), (x0, bottom)])))
            confidence = sum(float(words["conf"][index]) for index in indexes) / len(indexes) / 100
            lines.append(OcrLine(tuple(pieces), confidence))
        return lines


def _corners(points: Iterable[Iterable[float]]) -> tuple[Point, Point, Point, Point]:
    return tuple((float(x), float(y)) for x, y in points)


def _bounds(points: Iterable[Point]) -> tuple[float, float, float, float]:
    """x0, top, x1, bottom of the box around `points`."""
    xs, ys = zip(*points)
    return min(xs), min(ys), max(xs), max(ys)


ENGINES: dict[str, Callable[[], Engine]] = {"rapidocr": _RapidOcr, "tesseract": _Tesseract}


@cache
def load_engine(name: str = DEFAULT_ENGINE) -> Engine:
    """The engine called `name`, loaded once per process. Raise `InputError` saying how to
    install it when the `ocr` extra is missing."""
    if name not in ENGINES:
        raise InputError(f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")
    try:
        return ENGINES[name]()
    except ImportError as error:
        raise InputError(f"OCR needs {error.name or 'its engine'}: {INSTALL_HINT}") from None


def available() -> bool:
    """Whether the default engine can be loaded (the `ocr` extra is installed)."""
    try:
        load_engine()
    except InputError:
        return False
    return True


def _cache_folder() -> Path:
    return Path(os.environ.get("YEARBOOK_OCR_CACHE") or Path.home() / ".cache" / "yearbook-extract" / "ocr")


def cached_read(engine: Engine, image: Image) -> list[OcrLine]:
    """What `engine` reads on `image`, from the cache when it read these pixels before."""
    digest = hashlib.sha256(f"{_CACHE_FORMAT} {engine.name} {engine.version} {image.mode} {image.size}".encode())
    digest.update(image.tobytes())
    path = _cache_folder() / f"{digest.hexdigest()}.json"
    try:
        return [OcrLine(tuple((text, _corners(corners)) for text, corners in pieces), confidence)
                for pieces, confidence in json.loads(path.read_text("utf-8"))]
    except (OSError, ValueError):
        pass
    lines = engine.read(image)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as stream:
            json.dump([[line.pieces, line.confidence] for line in lines], stream, ensure_ascii=False)
        os.replace(stream.name, path)
    except OSError:
        pass  # an unwritable cache only costs the next run the OCR again
    return lines


def levelled(lines: list[OcrLine]) -> list[OcrLine]:
    """The lines of a skewed page turned level, by the median slope of their top edges, so
    that a line's box is as tall as its text and the rows of the page stand level."""
    slopes = [line.slope for line in lines if line.box[2] - line.box[0] > 2 * (line.box[3] - line.box[1])]
    if not slopes or median(slopes) == 0:
        return lines
    turn = -math.atan(median(slopes))
    cos, sin = math.cos(turn), math.sin(turn)
    return [OcrLine(tuple((text, tuple((x * cos - y * sin, x * sin + y * cos) for x, y in corners))
                          for text, corners in line.pieces), line.confidence)
            for line in lines]


def page_glyphs(number: int, lines: list[OcrLine], points_per_pixel: float) -> PageGlyphs:
    """A page's glyphs from its OCR lines, levelled, in points: each piece's characters spread
    over its box by their width, Chinese characters full width, Latin ones half."""
    glyphs = []
    for line in levelled(lines):
        texts = [_SPACE_BESIDE_CJK.sub("", text.strip()) for text, _ in line.pieces]
        quoted = iter(_curly_quotes("".join(texts)))  # quotes pair across the pieces of a line
        for text, (_, corners) in zip(texts, line.pieces):
            if not text:
                continue
            x0, top, x1, bottom = (value * points_per_pixel for value in _bounds(corners))
            widths = [1.0 if is_cjk(char) else _NARROW_WIDTH for char in text]
            unit = (x1 - x0) / sum(widths)
            for width in widths:
                glyphs.append(Glyph(next(quoted), x0, x0 + width * unit, top, bottom, line.confidence))
                x0 += width * unit
    return PageGlyphs(number, glyphs)


def _curly_quotes(text: str) -> str:
    """A line's straight double quotes as Chinese ones: closing after an unclosed opening
    one, opening before a later quote, else closing (one opened on the line above).

    >>> _curly_quotes('开展“十进社区"的契机，"三争"即"四评')
    '开展“十进社区”的契机，“三争”即”四评'
    """
    chars = list(text)
    is_open = False
    for index, char in enumerate(chars):
        if char == '"':
            later = any(mark in '"”' for mark in chars[index + 1:])
            char = chars[index] = "“" if not is_open and later else "”"
        if char in "“”":
            is_open = char == "“"
    return "".join(chars)


def is_vertical(lines: list[OcrLine]) -> bool:
    """Whether most of a page's characters stand in boxes taller than wide: vertical text."""
    upright = sum(len(line.text) for line in levelled(lines)
                  if line.box[3] - line.box[1] > VERTICAL_SHAPE * (line.box[2] - line.box[0]) and len(line.text) > 1)
    return upright > sum(len(line.text) for line in lines) / 2


@dataclass(frozen=True)
class OcrPage:
    glyphs: PageGlyphs
    warnings: tuple[str, ...]


def ocr_page(number: int, image: Image, where: str, dpi: float = DPI) -> OcrPage:
    """OCR one page image; a page set vertically is read but reported, as OCR reads it poorly."""
    try:
        reader = load_engine(os.environ.get("YEARBOOK_OCR_ENGINE") or DEFAULT_ENGINE)
    except InputError as error:
        raise InputError(str(error), path=where) from None
    lines = cached_read(reader, image)
    warnings = ()
    if is_vertical(lines):
        warnings = (f"{where}: page {number} is set in vertical lines (an old gazetteer?), which OCR reads as "
                    "horizontal text poorly; check its text",)
    return OcrPage(page_glyphs(number, lines, 72 / dpi), warnings)


def _image_pages(path: Path) -> Iterator[tuple[Image, float]]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            for frame in ImageSequence.Iterator(image):
                dpi = round(frame.info.get("dpi", (DPI, DPI))[0]) or DPI  # PNG stores it per metre
                yield frame.convert("RGB"), dpi
    except (UnidentifiedImageError, OSError) as error:
        raise InputError(f"not a readable image ({error}); check that the file is complete", path=str(path)) from None


@dataclass(frozen=True)
class OcrText:
    text: str
    page_starts: tuple[int, ...]
    spans: tuple[LineSpan, ...]
    warnings: tuple[str, ...]


def read_image(path: Path) -> OcrText:
    """The text of a page image, or of each page of a multi-page TIFF, by OCR; an error when
    OCR finds no text at all."""
    try:
        import PIL  # noqa: F401  (installed with the `ocr` extra)
    except ImportError:
        raise InputError(f"a page image needs OCR: {INSTALL_HINT}", path=str(path)) from None
    warnings: list[str] = []
    pages = []
    for number, (image, dpi) in enumerate(_image_pages(path), start=1):
        page = ocr_page(number, image, str(path), dpi)
        warnings += page.warnings
        pages.append(page.glyphs)
    spans: list[LineSpan] = []
    text, page_starts, _ = lay_out(pages, spans)
    if not text:
        raise InputError(f"OCR found no text on any of its {len(page_starts)} pages", path=str(path))
    return OcrText(text, page_starts, tuple(spans), tuple(warnings))
