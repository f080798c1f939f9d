"""Rules are data: every lexicon and pattern file says what it holds and loads cleanly."""

from __future__ import annotations

import pytest

from extractors.base import table
from helpers import ROOT
from pipeline.core.errors import RuleFileError

DATA_FILES = sorted(
    path for folder in ("extractors/data", "pipeline/data", "pipeline/readers/data")
    for path in (ROOT / folder).glob("*.txt")
)
TABLES = {"units.txt": 2, "count_context.txt": 2, "award_verbs.txt": 2, "meeting_words.txt": 2,
          "document_verbs.txt": 2, "org_prefixes.txt": 2, "qualifiers.txt": 3}


@pytest.mark.parametrize("path", DATA_FILES, ids=[p.name for p in DATA_FILES])
def test_every_data_file_opens_with_a_header(path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and len(first) > 20, path


@pytest.mark.parametrize("name,columns", sorted(TABLES.items()))
def test_tables_load(name: str, columns: int) -> None:
    assert len(table(name, columns)) > 3


def test_qualifier_table_maps_onto_the_contracts_nine_in_three_places() -> None:
    rows = table("qualifiers.txt", 3)
    assert {qualifier for _, qualifier, _ in rows} == {"多", "余", "近", "约", "以上", "以下", "左右", "超过", "不足"}
    assert {place for _, _, place in rows} == {"before", "number", "unit"}


def test_a_malformed_table_line_names_file_and_line() -> None:
    with pytest.raises(RuleFileError, match=r"extractors/data/units.txt: line \d+: expected 3 columns"):
        table("units.txt", 3)
