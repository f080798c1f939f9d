"""Pick the reader for a file by its suffix and return the text as read."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.readers.document import ReadDocument
from pipeline.readers.docx import read_docx
from pipeline.readers.encoding import decode_bytes
from pipeline.readers.ocr import read_image
from pipeline.readers.pdf import DEFAULT_BACKEND, read_pdf, too_large
from pipeline.readers.volumes import split_document
from pipeline.readers.webpage import read_webpage

TEXT_SUFFIXES = (".txt", ".md", ".text", "")
PAGE_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
WORD_SUFFIXES = (".docx",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
# What a folder is searched for; a file named on the command line may also have no suffix.
SUPPORTED_SUFFIXES = (".txt", ".md", ".text", *PAGE_SUFFIXES, *PDF_SUFFIXES, *WORD_SUFFIXES, *IMAGE_SUFFIXES)


def read_document(path: Path, pdf_backend: str = DEFAULT_BACKEND, max_bytes: int | None = None) -> ReadDocument:
    """Read one file. Raise `InputError` naming the file when it cannot be read or holds no
    text, and, with `max_bytes`, when it holds more text than that (see `too_large`)."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + SUPPORTED_SUFFIXES:
        raise InputError(f"unsupported file type {suffix!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}",
                         path=str(path))
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    if suffix in PDF_SUFFIXES:
        pdf = read_pdf(path, pdf_backend, max_bytes)
        return ReadDocument(path, pdf.text, "pdf", pdf.page_starts, pdf.warnings, lines=pdf.lines)
    if suffix in IMAGE_SUFFIXES:
        scan = read_image(path)
        return ReadDocument(path, scan.text, "ocr", scan.page_starts, scan.warnings, lines=scan.spans)
    if suffix in WORD_SUFFIXES:
        return ReadDocument(path, read_docx(path, max_bytes), "docx")
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise too_large(path, f"{size / 1e6:.1f} MB", max_bytes)
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=str(path)) from None
    if suffix in PAGE_SUFFIXES:
        text, encoding, warnings = read_webpage(data, str(path))
        document = ReadDocument(path, text, encoding, warnings=warnings)
    else:
        text, encoding = decode_bytes(data, str(path))
        document = ReadDocument(path, text, encoding)
    if not text.strip():
        what = ("is empty (0 bytes)" if not data else
                "holds no chapter text, only markup and navigation" if suffix in PAGE_SUFFIXES else
                "holds only whitespace")
        raise InputError(f"{what}: there is nothing to extract", path=str(path))
    return document


def read_documents(path: Path, split: bool, pdf_backend: str = DEFAULT_BACKEND,
                   max_bytes: int | None = None) -> list[tuple[str, ReadDocument]]:
    """(doc_id suffix, document) for each document a file holds.

    Without `split`, or for a file with no chapter structure, the one document of the file
    with suffix "" (its doc_id stays the file's stem). With `split`, a volume's chapters in
    order with suffixes "-1", "-2", …, the same on every run of the same file.
    """
    document = read_document(path, pdf_backend, max_bytes)
    if not split:
        return [("", document)]
    chapters = split_document(document)
    if len(chapters) == 1:
        return [("", document)]
    return [(f"-{number}", chapter) for number, chapter in enumerate(chapters, start=1)]


def find_text_file(folder: Path, doc_id: str) -> Path | None:
    """The chapter file for `doc_id` in `folder` (any supported suffix), or None."""
    for suffix in SUPPORTED_SUFFIXES:
        candidate = folder / f"{doc_id}{suffix}"
        if candidate.is_file():
            return candidate
    return None
