"""The stores other systems load: SQLite, records.jsonl, CSV and Parquet hold exactly the
per-document outputs (Hypothesis round trips), in the documented layout."""

from __future__ import annotations

import csv
import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import OutputError
from pipeline.core.records import QUALIFIERS, ExtractionFile
from pipeline.stores import OutputStores, load_parquet, load_sqlite, sqlite_schema

_TEXT = st.text(st.characters(codec="utf-8"), max_size=8)
_NAME = st.text(st.characters(codec="utf-8"), min_size=1, max_size=8)
_INTEGER = st.integers(-(2**53), 2**53)  # Parquet keeps numbers as doubles: exact up to 2**53
_NUMBER = _INTEGER | st.floats(allow_nan=False, allow_infinity=False, width=64)

_COMMON = {
    "section": st.none() | _TEXT, "evidence": _NAME,
    "start": st.none() | st.integers(0, 2**31), "end": st.none() | st.integers(0, 2**31), "raw": st.none() | _TEXT,
    "rule": st.none() | _TEXT, "page": st.none() | st.integers(1, 10_000),
    "confidence": st.none() | st.floats(0, 1), "warnings": st.none() | st.lists(_TEXT, max_size=3),
}
_OWN = {
    "organization": {"name": _NAME},
    "count": {"value": _NUMBER, "value_max": st.none() | _NUMBER, "unit": _NAME,
              "qualifier": st.none() | st.sampled_from(QUALIFIERS), "subject": st.none() | _TEXT},
    "campaign": {"name": _NAME, "kind": st.none() | _TEXT, "expansion": st.none() | st.lists(_TEXT, max_size=3)},
    "award": {"recipient": _NAME, "grantor": st.none() | _TEXT, "title": st.none() | _TEXT},
    "meeting": {"name": _NAME, "attendees": st.none() | _INTEGER},
    "document": {"title": _NAME, "issuer": st.none() | _TEXT},
}
_RECORD = st.one_of(*(st.fixed_dictionaries({"type": st.just(kind), **fields, **_COMMON}) for kind, fields in _OWN.items()))
_CHAPTER = st.fixed_dictionaries({"title": st.none() | _TEXT, "author": st.none() | _TEXT,
                                  "sections": st.none() | st.lists(_TEXT, max_size=3)})
_OFFSET = st.integers(0, 2**31)
_CELL = st.fixed_dictionaries({"text": _TEXT, "column": st.integers(0, 30), "row_span": st.integers(1, 4),
                               "column_span": st.integers(1, 4), "start": _OFFSET, "end": _OFFSET})
# A row's cells in column order, as tables are rebuilt; a row may be empty (all its cells merged above).
_ROWS = st.lists(st.lists(_CELL, max_size=3, unique_by=lambda cell: cell["column"]).map(
    lambda row: sorted(row, key=lambda cell: cell["column"])), max_size=3)
_TABLE = st.fixed_dictionaries({"caption": st.none() | _TEXT, "notes": st.lists(_TEXT, max_size=2), "header": _ROWS,
                                "rows": _ROWS, "start": _OFFSET, "end": _OFFSET})
_DOCUMENTS = st.lists(
    st.builds(lambda doc_id, chapter, records, tables: ExtractionFile.model_validate(
        {"doc_id": doc_id, "chapter": chapter, "records": records, "tables": tables}),
        st.from_regex(r"[a-z0-9\u4e00-\u9fff-]{1,12}", fullmatch=True), _CHAPTER, st.lists(_RECORD, max_size=5),
        st.lists(_TABLE, max_size=2)),
    max_size=4, unique_by=lambda document: document.doc_id)


def _write(out: Path, documents: list[ExtractionFile], formats: tuple[str, ...] = ()) -> None:
    with OutputStores(out, formats) as stores:
        for document in documents:
            stores.add(json.loads(document.model_dump_json()))


@settings(max_examples=60, deadline=None)
@given(_DOCUMENTS)
def test_sqlite_parquet_and_jsonl_hold_exactly_the_documents(documents: list[ExtractionFile]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        _write(out, documents, ("parquet",))
        by_id = sorted(documents, key=lambda document: document.doc_id)
        assert load_sqlite(out / "records.sqlite") == by_id
        assert sorted(load_parquet(out / "parquet"), key=lambda document: document.doc_id) == by_id
        lines = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
        assert lines == [{"doc_id": document.doc_id, **record.model_dump(mode="json")}
                         for document in documents for record in document.records]


_SAMPLE = ExtractionFile.model_validate({
    "doc_id": "d1", "chapter": {"title": "计划生育协会", "author": None, "sections": ["组织建设"]},
    "records": [
        {"type": "count", "section": "组织建设", "evidence": "全市共有协会组织 1 519个", "value": 1519, "unit": "个",
         "subject": "协会组织", "start": 10, "end": 16, "raw": "1 519个", "rule": "count.number"},
        {"type": "campaign", "section": None, "evidence": "开展“三争四评”活动", "name": "三争四评",
         "expansion": ["争当", "评选"], "start": 30, "end": 34, "raw": "三争四评"},
    ],
})


def test_csv_files_for_spreadsheets(tmp_path: Path) -> None:
    _write(tmp_path, [_SAMPLE], ("csv",))
    raw = (tmp_path / "csv" / "count.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark spreadsheets need to read UTF-8
    with open(tmp_path / "csv" / "count.csv", encoding="utf-8-sig", newline="") as stream:
        assert list(csv.reader(stream)) == [
            ["doc_id", "record_index", "value", "value_max", "unit", "qualifier", "subject", "section", "evidence",
             "start", "end", "raw", "rule", "page", "confidence", "warnings"],
            ["d1", "0", "1519", "", "个", "", "协会组织", "组织建设", "全市共有协会组织 1 519个", "10", "16", "1 519个",
             "count.number", "", "", ""]]
    with open(tmp_path / "csv" / "campaign.csv", encoding="utf-8-sig", newline="") as stream:
        assert list(csv.reader(stream))[1] == ["d1", "1", "三争四评", "", '["争当", "评选"]', "", "开展“三争四评”活动",
                                               "30", "34", "三争四评", "", "", "", ""]
    with open(tmp_path / "csv" / "chapters.csv", encoding="utf-8-sig", newline="") as stream:
        assert list(csv.reader(stream)) == [["doc_id", "title", "author", "sections", "records"],
                                            ["d1", "计划生育协会", "", '["组织建设"]', "2"]]


def test_sqlite_tables_view_and_indexes(tmp_path: Path) -> None:
    _write(tmp_path, [_SAMPLE])
    connection = sqlite3.connect(tmp_path / "records.sqlite")
    assert connection.execute('SELECT doc_id, record_index, type, evidence, start, "end" FROM records '
                              "ORDER BY doc_id, record_index").fetchall() == [
        ("d1", 0, "count", "全市共有协会组织 1 519个", 10, 16), ("d1", 1, "campaign", "开展“三争四评”活动", 30, 34)]
    plan = connection.execute("EXPLAIN QUERY PLAN SELECT * FROM count WHERE doc_id = 'd1'").fetchall()
    assert "USING INDEX" in plan[0][3]
    assert connection.execute("SELECT typeof(value) FROM count").fetchall() == [("integer",)]
    connection.close()
    assert sqlite_schema()[2] == (
        'CREATE TABLE "count" ("doc_id" TEXT NOT NULL, "record_index" INTEGER NOT NULL, "value" NUMERIC NOT NULL, '
        '"value_max" NUMERIC, "unit" TEXT NOT NULL, "qualifier" TEXT, "subject" TEXT, "section" TEXT, '
        '"evidence" TEXT NOT NULL, "start" INTEGER, "end" INTEGER, "raw" TEXT, "rule" TEXT, "page" INTEGER, '
        '"confidence" NUMERIC, "warnings" TEXT, PRIMARY KEY (doc_id, record_index))')


def test_stores_are_replaced_only_when_complete(tmp_path: Path) -> None:
    _write(tmp_path, [_SAMPLE], ("csv", "parquet"))
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    with pytest.raises(RuntimeError):
        with OutputStores(tmp_path, ("csv", "parquet")) as stores:
            stores.add(json.loads(_SAMPLE.model_copy(update={"doc_id": "d2"}).model_dump_json()))
            raise RuntimeError("killed halfway")
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        OutputStores(tmp_path, ("xlsx",))
    assert str(caught.value) == "unknown output format xlsx; choose from csv, parquet"
    assert list(tmp_path.iterdir()) == []


def test_regression_unicode_line_separators_stay_inside_one_jsonl_line(tmp_path: Path) -> None:
    """Found by the round trip: NEL and U+2028 are line ends to `splitlines`."""
    record = _SAMPLE.records[0].model_copy(update={"evidence": "一\x85二\u2028三\u2029"})
    _write(tmp_path, [_SAMPLE.model_copy(update={"records": [record]})])
    text = (tmp_path / "records.jsonl").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 1
    assert '"evidence": "一\\u0085二\\u2028三\\u2029"' in text
    assert json.loads(text)["evidence"] == "一\x85二\u2028三\u2029"
