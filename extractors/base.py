"""What every extractor shares: building a record with its provenance, and reading lexicons."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from pipeline.core.errors import RuleFileError
from pipeline.core.records import EXTRACTED_MODELS
from pipeline.segment import SegmentedChapter
from pipeline.withheld import withheld_entries


def make_record(record_type: str, chapter: SegmentedChapter, start: int, end: int, rule: str,
                evidence_span: tuple[int, int] | None = None, **fields: Any) -> Any:
    """An extracted record for [start, end) of the chapter's text, its evidence the clause around
    it; its `start`, `end` and `raw` are those of the text as read."""
    evidence_start, evidence_end = evidence_span or chapter.clause_span(start, end)
    read_start, read_end = chapter.as_read(start, end)
    return EXTRACTED_MODELS[record_type](
        section=chapter.section_at(start),
        evidence=chapter.text[evidence_start:evidence_end],
        start=read_start,
        end=read_end,
        raw=chapter.text_as_read[read_start:read_end],
        rule=rule,
        **fields,
    )


def _numbered_lines(name: str) -> list[tuple[int, str]]:
    """(line number, stripped line) of a data file in extractors/data, without comments."""
    text = resources.files("extractors.data").joinpath(name).read_text(encoding="utf-8")
    withheld = withheld_entries(f"extractors/data/{name}")
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("#") and line.split()[0] not in withheld]


@lru_cache(maxsize=None)
def lexicon(name: str) -> tuple[str, ...]:
    """A word list, longest first, so that alternations built from it prefer the longest match."""
    words = {line.split()[0] for _, line in _numbered_lines(name)}
    return tuple(sorted(words, key=lambda word: (-len(word), word)))


@lru_cache(maxsize=None)
def table(name: str, columns: int = 2) -> tuple[tuple[str, ...], ...]:
    """A whitespace-separated table of `columns` columns, one row per line; a malformed line or
    a first column given twice is an error naming the file and the line."""
    rows = []
    seen: dict[str, int] = {}
    for number, line in _numbered_lines(name):
        row = tuple(line.split())
        if len(row) != columns:
            raise RuleFileError(f"line {number}: expected {columns} columns, found {len(row)}: {line!r}",
                                path=f"extractors/data/{name}")
        if row[0] in seen:
            raise RuleFileError(f"line {number}: {row[0]!r} is already given on line {seen[row[0]]}",
                                path=f"extractors/data/{name}")
        seen[row[0]] = number
        rows.append(row)
    return tuple(rows)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so that the longest match wins."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda word: (-len(word), word)))


def compile_rule(name: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.VERBOSE)
    except re.error as error:
        raise RuleFileError(f"rule {name!r} does not compile: {error}") from None
