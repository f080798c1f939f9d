"""Pick the reader for a file by its suffix and return the chapter text as read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.readers.encoding import decode_bytes

TEXT_SUFFIXES = (".txt", ".md", ".text", "")
SUPPORTED_SUFFIXES = (".txt", ".md", ".text")


@dataclass(frozen=True)
class ReadDocument:
    """The text as read from one file, with what the reader learned on the way."""

    path: Path
    text: str
    encoding: str
    # Character offset where each PDF page starts in `text` (page 1 first); empty for text files.
    page_starts: tuple[int, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def page_at(self, offset: int) -> int | None:
        """1-based PDF page of a character offset, or None for inputs without pages."""
        if not self.page_starts:
            return None
        page = 0
        for index, start in enumerate(self.page_starts):
            if start <= offset:
                page = index
            else:
                break
        return page + 1


def read_document(path: Path) -> ReadDocument:
    """Read one chapter file. Raise `InputError` naming the file when it cannot be read."""
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=str(path)) from None
    if suffix not in TEXT_SUFFIXES:
        raise InputError(
            f"unsupported file type {suffix!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}",
            path=str(path),
        )
    text, encoding = decode_bytes(data, str(path))
    return ReadDocument(path, text, encoding)


def find_text_file(folder: Path, doc_id: str) -> Path | None:
    """The chapter file for `doc_id` in `folder` (any supported suffix), or None."""
    for suffix in SUPPORTED_SUFFIXES:
        candidate = folder / f"{doc_id}{suffix}"
        if candidate.is_file():
            return candidate
    return None
