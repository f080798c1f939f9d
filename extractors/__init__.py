"""Extractors: each module reads one segmented chapter and yields records of one type.

`extract_records` runs them all, in the contract's order of types, and sorts the records by
their place in the text.
"""

from __future__ import annotations

from typing import Any

from extractors import awards, campaigns, counts, documents, meetings, organizations
from extractors.chapter import extract as extract_chapter_info
from pipeline.segment import SegmentedChapter

RECORD_EXTRACTORS = {
    "organization": organizations.extract,
    "count": counts.extract,
    "campaign": campaigns.extract,
    "award": awards.extract,
    "meeting": meetings.extract,
    "document": documents.extract,
}


def extract_records(chapter: SegmentedChapter) -> list[Any]:
    records = [record for extract in RECORD_EXTRACTORS.values() for record in extract(chapter)]
    return sorted(records, key=lambda record: (record.start, record.end, record.type))


__all__ = ["RECORD_EXTRACTORS", "extract_chapter_info", "extract_records"]
