"""The sample chapter in every form archives hold it gives the same records as its UTF-8 text.

Saved as GB18030, UTF-8 with BOM and UTF-16 text, as a GBK web page, as a Word file, and typeset as PDFs in one
column and in two columns (stored column by column, and row by row across the columns), each
with a running header and page numbers and read with both PDF backends: the records (type,
section and scoring key), the chapter fields and the score against the sample's gold are the
same as for the UTF-8 text, and every record's offsets point into the text as read.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any, Callable

import pytest

from fixture_documents import chapter_docx, record_keys, score_as_sample, web_page, write_pdf
from helpers import ROOT, assert_offsets
from pipeline.core.records import ExtractionFile
from pipeline.readers import read_document
from pipeline.readers.pdf import BACKENDS, DEFAULT_BACKEND
from pipeline.runner import extract_text

DOC_ID = "jiamusi-2003-jishengxie"
SAMPLE_PATH = ROOT / "corpus" / f"{DOC_ID}.txt"
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")

SAVED_AS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "gb18030-text": (".txt", lambda path: path.write_bytes(SAMPLE.encode("gb18030"))),
    "utf-8-bom-text": (".txt", lambda path: path.write_bytes(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"))),
    "utf-16-text": (".txt", lambda path: path.write_bytes(SAMPLE.encode("utf-16"))),
    "utf-16-be-text-without-bom": (".txt", lambda path: path.write_bytes(SAMPLE.encode("utf-16-be"))),
    "gbk-web-page": (".html", lambda path: path.write_bytes(web_page(SAMPLE, "gbk").encode("gbk"))),
    "word-docx": (".docx", lambda path: chapter_docx(SAMPLE, path)),
    "one-column-pdf": (".pdf", lambda path: write_pdf(SAMPLE, path)),
    "two-column-pdf-stored-by-column": (".pdf", lambda path: write_pdf(SAMPLE, path, columns=2, stored="columns")),
    "two-column-pdf-stored-by-row": (".pdf", lambda path: write_pdf(SAMPLE, path, columns=2, stored="rows")),
}
CASES = [pytest.param(form, DEFAULT_BACKEND, id=form) for form, (suffix, _) in SAVED_AS.items() if suffix != ".pdf"] + [
    pytest.param(form, backend, id=f"{form}-{backend}")
    for form, (suffix, _) in SAVED_AS.items() if suffix == ".pdf" for backend in sorted(BACKENDS)]


@pytest.fixture(scope="module")
def from_utf8(tmp_path_factory: pytest.TempPathFactory) -> tuple[ExtractionFile, dict[str, Any]]:
    result = extract_text(DOC_ID, SAMPLE)
    return result, score_as_sample(SAMPLE, result, tmp_path_factory.mktemp("utf-8"))


@pytest.mark.parametrize(("form", "backend"), CASES)
def test_every_form_gives_the_records_of_the_utf8_text(form: str, backend: str, tmp_path: Path,
                                                        from_utf8: tuple[ExtractionFile, dict[str, Any]]) -> None:
    suffix, save = SAVED_AS[form]
    path = tmp_path / f"{DOC_ID}{suffix}"
    save(path)
    document = read_document(path, pdf_backend=backend)
    result = extract_text(DOC_ID, document.text)
    expected, expected_score = from_utf8
    assert_offsets(document.text, result.records)
    assert result.chapter == expected.chapter
    assert record_keys(result) == record_keys(expected)
    assert score_as_sample(document.text, result, tmp_path / "score") == expected_score
