"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extractors import extract_records
from pipeline.core.textspan import normalise
from pipeline.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_EXCERPTS = SHARED / "dev" / "excerpts"


def assert_offsets(text: str, records: list[Any]) -> None:
    """Every extracted record's start/end slice of the text as read equals its raw text, and
    its evidence is found in the text as the contract finds it (whitespace removed)."""
    for record in records:
        assert record.start is not None and record.end is not None, record
        assert text[record.start:record.end] == record.raw, record
        assert normalise(record.evidence) in normalise(text), record


def records_of(text: str, record_type: str | None = None, doc_id: str = "test") -> list[Any]:
    """Extract a text and return its records (of one type), after checking their offsets."""
    records = extract_records(segment(doc_id, text))
    assert_offsets(text, records)
    return [r for r in records if record_type is None or r.type == record_type]
