"""Reading scans by OCR (pipeline.readers.ocr): image-only PDFs, PDFs mixing text and scanned
pages, and page images.

The scans are made here: the sample chapter typeset by tests/fixture_documents.py, rendered
at 300 dpi, skewed, blurred, speckled and saved as JPEG (`scan_pdf`). Tests that run an OCR
engine need the `ocr` extra and are slow; the others put a stand-in engine in its place, whose
lines are stated here, to test what the reader does with what an engine returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fixture_documents import record_keys, scan_pdf, write_image_pdf, write_pdf
from helpers import ROOT, assert_offsets
from pipeline.core.errors import InputError
from pipeline.readers import ocr, read_document
from pipeline.readers.ocr import OcrLine
from pipeline.runner import _extract_read, extract_text

SAMPLE = (ROOT / "corpus" / "jiamusi-2003-jishengxie.txt").read_text(encoding="utf-8")


def _box(x0: float, top: float, x1: float, bottom: float, slope: float = 0.0) -> tuple[Any, ...]:
    """The corners of a line's box, on a page turned so that y grows by `slope` along x."""
    return (x0, top + slope * x0), (x1, top + slope * x1), (x1, bottom + slope * x1), (x0, bottom + slope * x0)


def _line(text: str, corners: tuple[Any, ...], confidence: float) -> OcrLine:
    """A line read as one piece, as an engine without character boxes reads it."""
    return OcrLine(((text, corners),), confidence)


class _StandIn:
    """An engine that returns the same lines for every page, and counts the pages it read."""

    name, version = "stand-in", "1"

    def __init__(self, lines: list[OcrLine]) -> None:
        self.lines, self.pages = lines, 0

    def read(self, image: Any) -> list[OcrLine]:
        self.pages += 1
        return self.lines


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """One cache for the module's scans, so that a page read by one test is not read again."""
    monkeypatch.setenv("YEARBOOK_OCR_CACHE", str(tmp_path_factory.getbasetemp() / "ocr-cache"))


def _with_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lines: list[OcrLine]) -> _StandIn:
    """The stand-in engine in place of the real one, with a cache of its own for the test."""
    engine = _StandIn(lines)
    monkeypatch.setattr(ocr, "load_engine", lambda name=ocr.DEFAULT_ENGINE: engine)
    monkeypatch.setenv("YEARBOOK_OCR_CACHE", str(tmp_path / "ocr-cache"))
    return engine


def _blank_png(path: Path, size: tuple[int, int] = (1240, 1754)) -> Path:
    from PIL import Image

    Image.new("L", size, 255).save(path, dpi=(144, 144))
    return path


# --- what the reader does with an engine's lines (no engine needed) --------------------------

# A page at 144 dpi (two pixels a point), scanned one pixel in fifty askew: two columns of
# text lines 28 pixels high, 40 apart, each column two paragraphs; a page number at the foot;
# one line read with little confidence.
LEFT = ["　【组织建设】全市共有协会", "组织1 519个，其中县级协会", "11个。", "　【组织活动】开展“三送\"活"]
RIGHT = ["　【抗击非典】各级协会组织", "积极配合卫生部门，召开座", "谈会3次。", "　【扶贫帮困】帮扶贫困户"]
TWO_COLUMNS = [
    _line(text.strip("　"), _box(x0 + (40 if text.startswith("　") else 0), 140 + 40 * row,
                                  x0 + 28 * sum(1 if ocr.is_cjk(char) else 0.5 for char in text), 168 + 40 * row, 0.02),
            0.55 if text.startswith("谈会") else 0.97)
    for x0, column in ((100, LEFT), (620, RIGHT)) for row, text in enumerate(column)
] + [_line("- 12 -", _box(560, 1600, 640, 1628, 0.02), 0.99)]
# Two lines of one paragraph on a level page.
LEVEL = [_line("【组织建设】全市共有协会组", _box(140, 140, 500, 168), 0.98),
         _line("织1 519个。", _box(100, 180, 260, 208), 0.97)]
EXPECTED = ("【组织建设】全市共有协会组织1 519个，其中县级协会11个。\n【组织活动】开展“三送”活\n"
            "【抗击非典】各级协会组织积极配合卫生部门，召开座谈会3次。\n【扶贫帮困】帮扶贫困户")


def test_lines_are_read_in_columns_with_running_parts_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_engine(monkeypatch, tmp_path, TWO_COLUMNS)
    document = read_document(_blank_png(tmp_path / "page.png"))
    assert (document.text, document.encoding, document.page_starts) == (EXPECTED, "ocr", (0,))


def test_every_line_keeps_its_page_box_in_points_and_confidence(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _with_engine(monkeypatch, tmp_path, LEVEL)
    document = read_document(_blank_png(tmp_path / "page.png"))
    assert [(document.text[line.start:line.end], line.page, line.box, line.confidence)
            for line in document.lines] == [("【组织建设】全市共有协会组", 1, pytest.approx((70, 70, 250, 84)), 0.98),
                                             ("织1 519个。", 1, pytest.approx((50, 90, 130, 104)), 0.97)]


def test_records_from_an_unsure_line_carry_its_confidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_engine(monkeypatch, tmp_path, TWO_COLUMNS)
    document = read_document(_blank_png(tmp_path / "page.png"))
    result = _extract_read("page", document)
    assert_offsets(document.text, result.records)
    assert sorted((record.raw, record.warnings) for record in result.records if record.type == "count") == [
        ("1 519个", None), ("11个", None), ("3次", ["OCR confidence 0.55: check the text against the page"])]


def test_vertical_lines_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_engine(monkeypatch, tmp_path, [_line("县志卷之三", _box(900, 100, 930, 400), 0.8),
                               _line("建置沿革", _box(850, 100, 880, 340), 0.8)])
    path = _blank_png(tmp_path / "leaf.png")
    assert read_document(path).warnings == (
        f"{path}: page 1 is set in vertical lines (an old gazetteer?), which OCR reads as horizontal text poorly; "
        "check its text",)


def test_each_page_of_a_tiff_is_a_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    engine = _with_engine(monkeypatch, tmp_path, LEVEL)
    path = tmp_path / "pages.tif"
    first, second = Image.new("L", (1240, 1754), 255), Image.new("L", (1240, 1754), 250)
    first.save(path, save_all=True, append_images=[second], dpi=(144, 144))
    document = read_document(path)
    assert (document.text, document.page_starts, engine.pages) == (
        "【组织建设】全市共有协会组织1 519个。\n【组织建设】全市共有协会组织1 519个。", (0, 22), 2)


def test_a_page_read_before_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _with_engine(monkeypatch, tmp_path, TWO_COLUMNS)
    path = _blank_png(tmp_path / "page.png", size=(1240, 1750))
    texts = [read_document(path).text for _ in range(2)]
    assert (texts[0] == texts[1], engine.pages) == (True, 1)


# --- errors --------------------------------------------------------------------------------------


def test_a_page_image_without_the_extra_says_how_to_install_it(tmp_path: Path, without_the_ocr_extra: None) -> None:
    path = _blank_png(tmp_path / "page.png")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == (f"{path}: OCR needs rapidocr_onnxruntime: install the OCR extra: "
                                 "`pip install 'yearbook-extract[ocr]'`")


def test_an_image_that_is_not_one_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_engine(monkeypatch, tmp_path, TWO_COLUMNS)
    path = tmp_path / "cut.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 cut short")
    with pytest.raises(InputError, match=r"cut\.jpg: not a readable image \(.+\); check that the file is complete$"):
        read_document(path)


# --- scans read by an engine (the `ocr` extra; slow) ----------------------------------------------


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pytest.importorskip("rapidocr_onnxruntime", reason="OCR needs the `ocr` extra: pip install -e '.[ocr]'")
    folder = tmp_path_factory.mktemp("scans")
    printed = folder / "printed.pdf"
    write_pdf(SAMPLE, printed)
    pages = scan_pdf(printed)
    write_image_pdf(pages, folder / "scan.pdf")
    return {"printed": printed, "pages": pages, "scan": folder / "scan.pdf", "folder": folder}


@pytest.mark.slow
def test_an_image_only_pdf_gives_the_records_of_its_text(scans: dict[str, Any]) -> None:
    document = read_document(scans["scan"])
    expected, found = record_keys(extract_text("scan", SAMPLE)), record_keys(_extract_read("scan", document))
    assert document.encoding == "pdf" and len(document.page_starts) == 3
    assert sum((expected & found).values()) >= 0.95 * sum(expected.values())
    assert sum((found - expected).values()) <= 0.05 * sum(expected.values())


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".png", ".jpg"])
def test_a_scanned_page_as_an_image_gives_the_records_of_its_text(scans: dict[str, Any], suffix: str) -> None:
    printed = read_document(scans["printed"])
    page_text = printed.text[:printed.page_starts[1]]
    path = scans["folder"] / f"page{suffix}"
    scans["pages"][0].save(path, dpi=(300, 300))
    assert record_keys(_extract_read("page", read_document(path))) == record_keys(extract_text("page", page_text))


@pytest.mark.slow
def test_a_pdf_mixing_text_and_scanned_pages_reads_each_its_way(scans: dict[str, Any], tmp_path: Path) -> None:
    from pypdfium2 import PdfDocument

    mixed = PdfDocument(scans["printed"])
    mixed.import_pages(PdfDocument(scans["scan"]), [2])
    mixed.save(tmp_path / "mixed.pdf")
    document, printed = read_document(tmp_path / "mixed.pdf"), read_document(scans["printed"])
    # The scanned page's first line carries on the text page's last paragraph, as printed.
    assert document.text.startswith(printed.text) and document.page_starts[3] == len(printed.text)
    assert "李正伟" in document.text[len(printed.text):] and document.lines[-1].page == 4
