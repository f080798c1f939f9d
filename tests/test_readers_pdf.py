"""Reading PDFs (pipeline.readers.pdf) typeset from the sample chapter by tests/fixture_documents.py.

Three layouts of the same chapter, each three A5 pages with a running header alternating
between even and odd pages and a page number at the foot: one column, two columns stored
column by column, and two columns stored row by row across both columns.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_documents import FIRST_PAGE_NUMBER, HEADERS, page_openings, write_pdf, write_scanned_pdf
from helpers import ROOT
from pipeline.core.errors import InputError
from pipeline.readers import read_document
from pipeline.readers.pdf import BACKENDS, DEFAULT_BACKEND, pages_per_second, read_pdf

SAMPLE = (ROOT / "corpus" / "jiamusi-2003-jishengxie.txt").read_text(encoding="utf-8")
# The sample as a PDF prints it: a paragraph a line, no blank lines, indents as space.
SAMPLE_AS_PRINTED = "\n".join(line.strip() for line in SAMPLE.splitlines() if line.strip())
LAYOUTS = {
    "one-column": {"columns": 1},
    "two-columns-stored-by-column": {"columns": 2, "stored": "columns"},
    "two-columns-stored-by-row": {"columns": 2, "stored": "rows"},
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdfs")
    paths = {}
    for name, layout in LAYOUTS.items():
        paths[name] = folder / f"{name}.pdf"
        assert write_pdf(SAMPLE, paths[name], **layout) == 3
    return paths


# --- development cases ----------------------------------------------------------------------


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_reads_as_the_chapter_printed(pdfs: dict[str, Path], layout: str, backend: str) -> None:
    text = read_pdf(pdfs[layout], backend).text
    assert text == SAMPLE_AS_PRINTED


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_page_starts_where_its_first_line_does(pdfs: dict[str, Path], layout: str, backend: str) -> None:
    pdf = read_pdf(pdfs[layout], backend)
    openings = page_openings(SAMPLE, LAYOUTS[layout]["columns"])
    assert [pdf.text[start:start + len(opening)] for start, opening in zip(pdf.page_starts, openings)] == openings


def test_a_record_offset_gives_the_page_it_was_printed_on(pdfs: dict[str, Path]) -> None:
    document = read_document(pdfs["two-columns-stored-by-row"])
    pages = [document.page_at(document.text.index(words)) for words in ("【组织建设】", "【扶贫帮困】", "三争四评五带头")]
    assert (document.encoding, pages) == ("pdf", [1, 2, 3])


def test_running_headers_and_page_numbers_are_not_in_the_text(pdfs: dict[str, Path]) -> None:
    text = read_pdf(pdfs["two-columns-stored-by-column"]).text
    printed = [*HEADERS, *(str(FIRST_PAGE_NUMBER + page) for page in range(3))]
    assert [part for part in printed if part in text] == []


def test_the_default_backend_is_pdfium_chosen_by_measurement() -> None:
    # Measured with `python -m pipeline.readers --speed`: PDFium about nine times faster.
    assert DEFAULT_BACKEND == "pdfium"


def test_speed_is_measured_in_pages(pdfs: dict[str, Path]) -> None:
    pages, speed = pages_per_second(pdfs["one-column"], "pdfium")
    assert pages == 3 and speed > 0


def test_pdfplumber_closes_each_page_before_reading_the_next(pdfs: dict[str, Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber.page

    closed: list[int] = []
    close = pdfplumber.page.Page.close

    def counting_close(page: pdfplumber.page.Page) -> None:
        closed.append(page.page_number)
        close(page)

    monkeypatch.setattr(pdfplumber.page.Page, "close", counting_close)
    pages = BACKENDS["pdfplumber"](pdfs["one-column"])
    assert [(next(pages).number, list(closed)) for _ in range(3)] == [(1, [1]), (2, [1, 2]), (3, [1, 2, 3])]
    pages.close()


# --- errors --------------------------------------------------------------------------------------


def test_a_scan_without_the_ocr_extra_says_how_to_install_it(tmp_path: Path, without_the_ocr_extra: None) -> None:
    path = tmp_path / "scan.pdf"
    write_scanned_pdf(path)
    for backend in BACKENDS:
        with pytest.raises(InputError) as caught:
            read_pdf(path, backend)
        assert str(caught.value) == (f"{path}: no text layer on any of its 2 pages (a scan?); to read it by OCR, "
                                     "install the OCR extra: `pip install 'yearbook-extract[ocr]'`")


def test_a_scanned_page_among_text_pages_without_the_ocr_extra_is_a_warning(
        tmp_path: Path, pdfs: dict[str, Path], without_the_ocr_extra: None) -> None:
    from pypdfium2 import PdfDocument

    scan, mixed = tmp_path / "scan.pdf", tmp_path / "mixed.pdf"
    write_scanned_pdf(scan, pages=1)
    document = PdfDocument(pdfs["one-column"])
    document.import_pages(PdfDocument(scan))
    document.save(mixed)
    pdf = read_pdf(mixed)
    assert (pdf.text, pdf.page_starts[3], pdf.warnings) == (
        SAMPLE_AS_PRINTED, len(SAMPLE_AS_PRINTED),
        (f"{mixed}: page 4 has no readable text layer (a scanned page?); its text is missing: to read it by OCR, "
         "install the OCR extra: `pip install 'yearbook-extract[ocr]'`",))


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_an_encrypted_pdf_says_to_decrypt_it(tmp_path: Path, backend: str) -> None:
    pytest.importorskip("reportlab", reason="reportlab is in the `test` extra")
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "locked.pdf"
    canvas = Canvas(str(path), encrypt=StandardEncryption("user", "owner"))
    canvas.drawString(100, 100, "Yearbook")
    canvas.save()
    with pytest.raises(InputError, match=r"locked\.pdf: the PDF is encrypted \(.*\); decrypt it first, "
                                         r"e\.g\. `qpdf --decrypt IN OUT`$"):
        read_pdf(path, backend)


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_a_truncated_pdf_is_not_readable(tmp_path: Path, backend: str) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj <<")
    with pytest.raises(InputError, match=r"cut\.pdf: not a readable PDF \(.+\); check that the file is complete$"):
        read_pdf(path, backend)


def test_an_unknown_backend_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_pdf(tmp_path / "a.pdf", "tesseract")
    assert str(caught.value) == f"{tmp_path / 'a.pdf'}: unknown PDF backend 'tesseract'; choose one of pdfium, pdfplumber"
