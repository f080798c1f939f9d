"""Stores that other systems load: records.jsonl, SQLite, and on request CSV and Parquet.

Every store is fed the same per-document output (`OUT/<doc_id>.json` as a dict), one document
at a time in input order, so memory stays flat however large the archive is. Each store is
written under temporary names and renamed into place when the run completes; a killed run
leaves the previous run's stores untouched.

One table per record type plus `chapters`, and the chapters' tables as data: `tables` (one row
per table) and `table_cells` (one row per cell). Their columns are derived from the models, so
the SQLite tables, the CSV files, the Parquet files and `yearbook schema` never disagree.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import sqlite3
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pipeline.core.errors import OutputError
from pipeline.core.records import EXTRACTED_MODELS, RECORD_TYPES, ChapterInfo, ExtractionFile, Provenance, Table, TableCell
from pipeline.extras import import_extra
from pipeline.manifest import MANIFEST_NAME
from pipeline.output import PendingFile, json_text, reported_as_output_error

JSONL_NAME = "records.jsonl"
SQLITE_NAME = "records.sqlite"
CSV_FOLDER = "csv"
PARQUET_FOLDER = "parquet"
# What `--format` can add to the stores that are always written (JSON, JSON Lines, SQLite).
OPTIONAL_FORMATS = ("csv", "parquet")
CHAPTERS_TABLE = "chapters"
TABLES_TABLE = "tables"
CELLS_TABLE = "table_cells"
# Rows of one table kept before they go to a Parquet row group.
_PARQUET_BATCH = 8192

Kind = Literal["text", "integer", "number", "list"]
_SQL_TYPES: dict[str, str] = {"text": "TEXT", "integer": "INTEGER", "number": "NUMERIC", "list": "TEXT"}
_ARROW_NAMES = {"text": "string", "integer": "int64", "number": "double", "list": "list<string>"}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    nullable: bool
    description: str

    @property
    def sql_type(self) -> str:
        return _SQL_TYPES[self.kind]

    def describe(self) -> dict[str, Any]:
        """What `yearbook schema` says of this column, in SQLite and Parquet terms."""
        return {
            "name": self.name,
            "sqlite": self.sql_type + ("" if self.nullable else " NOT NULL"),
            "parquet": _ARROW_NAMES[self.kind],
            "nullable": self.nullable,
            "description": self.description + ("; in SQLite and CSV a JSON array" if self.kind == "list" else ""),
        }



def _column(name: str, annotation: Any, required: bool, description: str) -> Column:
    """The column of a model field, from its type annotation."""
    options = typing.get_args(annotation) if isinstance(annotation, types.UnionType) or \
        typing.get_origin(annotation) is typing.Union else (annotation,)
    nullable = type(None) in options or not required
    options = tuple(option for option in options if option is not type(None))
    kind: Kind
    if set(options) in ({int, float}, {float}):
        kind = "number"
    elif options == (int,):
        kind = "integer"
    elif options == (str,) or typing.get_origin(options[0]) is Literal:
        kind = "text"
    elif typing.get_origin(options[0]) is list:
        kind = "list"
    else:
        raise TypeError(f"no column kind for field {name!r} of type {annotation!r}")
    return Column(name, kind, nullable, description)


_DOC_ID = Column("doc_id", "text", False, "the document (OUT/<doc_id>.json)")


def _record_columns(record_type: str) -> tuple[Column, ...]:
    """doc_id, record_index, the type's own fields, then section, evidence and provenance."""
    fields = EXTRACTED_MODELS[record_type].model_fields
    shared = [name for name in fields if name != "type" and all(name in model.model_fields for model in EXTRACTED_MODELS.values())]
    own = [name for name in fields if name != "type" and name not in shared]
    shared.sort(key=lambda name: name in Provenance.model_fields)
    return (
        _DOC_ID,
        Column("record_index", "integer", False, "position of the record in the document's records, from 0"),
        *(_column(name, fields[name].annotation, fields[name].is_required(),
                  fields[name].description or f"`{name}` of the {record_type} record (contract, {record_type})")
          for name in own + shared),
    )


def _model_columns(model: type[Table] | type[TableCell], names: tuple[str, ...]) -> tuple[Column, ...]:
    fields = model.model_fields
    return tuple(_column(name, fields[name].annotation, True, fields[name].description or name) for name in names)


_TABLE_INDEX = Column("table_index", "integer", False, "position of the table in the chapter's tables, from 0")
TABLES: dict[str, tuple[Column, ...]] = {
    CHAPTERS_TABLE: (
        _DOC_ID,
        *(_column(name, field.annotation, False, f"chapter {name}; null when the text does not say it")
          for name, field in ChapterInfo.model_fields.items()),
        Column("records", "integer", False, "number of records extracted from the chapter"),
    ),
    **{record_type: _record_columns(record_type) for record_type in RECORD_TYPES},
    TABLES_TABLE: (
        _DOC_ID, _TABLE_INDEX, *_model_columns(Table, ("caption", "notes", "start", "end")),
        Column("header_rows", "integer", False, "number of header rows"),
        Column("body_rows", "integer", False, "number of body rows"),
    ),
    CELLS_TABLE: (
        _DOC_ID, _TABLE_INDEX,
        Column("row", "integer", False, "row of the cell, from 0, the header rows first"),
        *_model_columns(TableCell, ("column",)),
        Column("is_header", "integer", False, "1 for a cell of a header row, else 0"),
        *_model_columns(TableCell, ("text", "row_span", "column_span", "start", "end")),
    ),
}
_KEYS = {CHAPTERS_TABLE: ("doc_id",), TABLES_TABLE: ("doc_id", "table_index"),
         CELLS_TABLE: ("doc_id", "table_index", "row", "column")}
# The columns every record table shares, for the `records` view across types.
_VIEW_COLUMNS = ("doc_id", "record_index", "type", "section", "evidence", "start", "end", "raw", "rule", "page")


def table_rows(document: dict[str, Any]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(table, row) for the chapter and every record of one output document, in order."""
    doc_id = document["doc_id"]
    chapter = document["chapter"]
    records = document["records"]
    # The chapter's own columns sit between doc_id and the record count; a record's after
    # doc_id and record_index.
    yield CHAPTERS_TABLE, (doc_id, *(chapter.get(column.name) for column in TABLES[CHAPTERS_TABLE][1:-1]), len(records))
    for index, record in enumerate(records):
        yield record["type"], (doc_id, index, *(record.get(column.name) for column in TABLES[record["type"]][2:]))
    for table_index, table in enumerate(document.get("tables", [])):
        yield TABLES_TABLE, (doc_id, table_index, table["caption"], table["notes"], table["start"], table["end"],
                             len(table["header"]), len(table["rows"]))
        for row_index, (row, is_header) in enumerate([(row, 1) for row in table["header"]] + [(row, 0) for row in table["rows"]]):
            for cell in row:
                yield CELLS_TABLE, (doc_id, table_index, row_index, cell["column"], is_header, cell["text"],
                                    cell["row_span"], cell["column_span"], cell["start"], cell["end"])


def _as_json_lists(table: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """The row with its list values as JSON arrays, for stores without a list type."""
    return tuple(json_text(value) if column.kind == "list" and value is not None else value
                 for column, value in zip(TABLES[table], row))


# --- stores --------------------------------------------------------------------------------


# Characters that tools splitting on Unicode line boundaries (Python's `splitlines`, some
# editors) take for a line end; JSON allows them raw in strings, so they are escaped to keep
# one record a line for everyone. The encoder already escapes the ASCII controls.
_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def _escape_line_breaks(text: str) -> str:
    return _LINE_BREAKS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class _JsonLinesStore:
    """records.jsonl: one record a line, `doc_id` first, in document and record order."""

    def __init__(self, out_dir: Path) -> None:
        self._file = PendingFile(out_dir / JSONL_NAME)
        self._stream = self._file.open_text()

    def add(self, document: dict[str, Any]) -> None:
        # Each line is `{"doc_id": …, ` followed by the record's own JSON without its `{`.
        opening = '{"doc_id": ' + json_text(document["doc_id"]) + ", "
        lines = "".join(opening + json_text(record)[1:] + "\n" for record in document["records"])
        with reported_as_output_error(self._file.path):
            self._stream.write(_escape_line_breaks(lines))

    def close(self) -> None:
        with reported_as_output_error(self._file.path):
            self._stream.close()
        self._file.commit()

    def discard(self) -> None:
        _close_quietly(self._stream)
        self._file.discard()


class _SqliteStore:
    """records.sqlite: a table per record type and `chapters`, keyed by (doc_id, record_index)."""

    def __init__(self, out_dir: Path) -> None:
        self._file = PendingFile(out_dir / SQLITE_NAME)
        try:
            with self._errors():
                self._connection = sqlite3.connect(self._file.temporary)
                # A fresh file renamed into place only when complete: no journal is needed.
                self._connection.execute("PRAGMA journal_mode = OFF")
                self._connection.execute("PRAGMA synchronous = OFF")
                for statement in sqlite_schema():
                    self._connection.execute(statement)
        except BaseException:
            if hasattr(self, "_connection"):
                _close_quietly(self._connection)
            self._file.discard()  # a store that could not start leaves no temporary file
            raise
        self._inserts = {table: f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(columns))})'
                         for table, columns in TABLES.items()}

    def _errors(self) -> Any:
        return reported_as_output_error(self._file.path, kinds=(OSError, sqlite3.Error))

    def add(self, document: dict[str, Any]) -> None:
        rows: dict[str, list[tuple[Any, ...]]] = {}
        for table, row in table_rows(document):
            rows.setdefault(table, []).append(_as_json_lists(table, row))
        with self._errors():
            for table, table_rows_of_document in rows.items():
                self._connection.executemany(self._inserts[table], table_rows_of_document)

    def close(self) -> None:
        with self._errors():
            self._connection.commit()
            self._connection.close()
        self._file.commit()

    def discard(self) -> None:
        _close_quietly(self._connection)
        self._file.discard()


def sqlite_schema() -> list[str]:
    """The CREATE statements of records.sqlite."""
    statements = []
    for table, columns in TABLES.items():
        key = _KEYS.get(table, ("doc_id", "record_index"))
        definitions = [f'"{column.name}" {column.sql_type}{"" if column.nullable else " NOT NULL"}' for column in columns]
        statements.append(f'CREATE TABLE "{table}" ({", ".join(definitions)}, PRIMARY KEY ({", ".join(key)}))')
    selects = [f"""SELECT {", ".join(f"'{t}' AS type" if c == "type" else f'"{c}"' for c in _VIEW_COLUMNS)} FROM "{t}\""""
               for t in RECORD_TYPES]
    statements.append('CREATE VIEW "records" AS ' + " UNION ALL ".join(selects))
    return statements


class _TableFiles:
    """One pending file per table, each with an open handle (a text stream, a Parquet writer)
    that is closed before the file is committed or discarded."""

    def __init__(self, folder: Path, suffix: str, open_handle: Callable[[str, PendingFile], Any]) -> None:
        self.files = {table: PendingFile(folder / f"{table}{suffix}") for table in TABLES}
        self.handles = {table: open_handle(table, pending) for table, pending in self.files.items()}

    def close(self) -> None:
        for table, pending in self.files.items():
            with reported_as_output_error(pending.path):
                self.handles[table].close()
            pending.commit()

    def discard(self) -> None:
        for table, pending in self.files.items():
            _close_quietly(self.handles[table])
            pending.discard()


class _CsvStore:
    """csv/<table>.csv: UTF-8 with a byte-order mark (so spreadsheets read the Chinese), a header
    row, null as an empty field and lists as JSON arrays."""

    def __init__(self, out_dir: Path) -> None:
        self._tables = _TableFiles(out_dir / CSV_FOLDER, ".csv", lambda _, pending: pending.open_text("utf-8-sig"))
        self._writers = {table: csv.writer(stream) for table, stream in self._tables.handles.items()}
        for table, writer in self._writers.items():
            writer.writerow([column.name for column in TABLES[table]])

    def add(self, document: dict[str, Any]) -> None:
        for table, row in table_rows(document):
            with reported_as_output_error(self._tables.files[table].path):
                self._writers[table].writerow(_as_json_lists(table, row))

    def close(self) -> None:
        self._tables.close()

    def discard(self) -> None:
        self._tables.discard()


class _ParquetStore:
    """parquet/<table>.parquet, written in row groups so that memory stays flat."""

    def __init__(self, out_dir: Path) -> None:
        self._arrow = import_extra("pyarrow", "parquet", "--format parquet")
        parquet = import_extra("pyarrow.parquet", "parquet", "--format parquet")
        self._schemas = {table: arrow_schema(table) for table in TABLES}
        self._tables = _TableFiles(out_dir / PARQUET_FOLDER, ".parquet",
                                   lambda table, pending: parquet.ParquetWriter(pending.temporary, self._schemas[table]))
        self._rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in TABLES}

    def add(self, document: dict[str, Any]) -> None:
        for table, row in table_rows(document):
            self._rows[table].append(row)
            if len(self._rows[table]) >= _PARQUET_BATCH:
                self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self._rows[table]
        columns = {column.name: [row[index] for row in rows] for index, column in enumerate(TABLES[table])}
        with reported_as_output_error(self._tables.files[table].path):
            self._tables.handles[table].write_table(self._arrow.table(columns, schema=self._schemas[table]))
        rows.clear()

    def close(self) -> None:
        for table, rows in self._rows.items():
            if rows:
                self._flush(table)
        self._tables.close()

    def discard(self) -> None:
        self._tables.discard()


def arrow_schema(table: str) -> Any:
    """The Arrow schema of one Parquet table (needs the `parquet` extra)."""
    arrow = import_extra("pyarrow", "parquet", "--format parquet")
    types_of = {"text": arrow.string(), "integer": arrow.int64(), "number": arrow.float64(),
                "list": arrow.list_(arrow.string())}
    return arrow.schema([arrow.field(column.name, types_of[column.kind], nullable=column.nullable)
                         for column in TABLES[table]])


_STORES: dict[str, type] = {"jsonl": _JsonLinesStore, "sqlite": _SqliteStore, "csv": _CsvStore, "parquet": _ParquetStore}


def _close_quietly(handle: Any) -> None:
    """Close a handle of a store being thrown away: its own error (a full disk) must not stop the
    other stores from being discarded, and the error that caused the discard is reported."""
    with contextlib.suppress(OSError, sqlite3.Error, ValueError):
        handle.close()


class OutputStores:
    """All stores of a run, fed together; a context manager that commits them all on success
    and discards them all on any exception, leaving the previous run's stores in place."""

    def __init__(self, out_dir: Path, formats: Iterable[str] = ()) -> None:
        unknown = sorted(set(formats) - set(OPTIONAL_FORMATS))
        if unknown:
            raise OutputError(f"unknown output format {', '.join(unknown)}; choose from {', '.join(OPTIONAL_FORMATS)}")
        wanted = ["jsonl", "sqlite", *(name for name in OPTIONAL_FORMATS if name in set(formats))]
        if "parquet" in wanted:  # before any file is created: a missing extra fails the run at once
            import_extra("pyarrow.parquet", "parquet", "--format parquet")
        self._stores: list[Any] = []
        try:
            for name in wanted:
                self._stores.append(_STORES[name](out_dir))
        except BaseException:
            self.discard()
            raise

    def add(self, document: dict[str, Any]) -> None:
        for store in self._stores:
            store.add(document)

    def discard(self) -> None:
        for store in self._stores:
            store.discard()

    def __enter__(self) -> OutputStores:
        return self

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        if error is not None:
            self.discard()
            return
        for store in self._stores:
            store.close()


# --- loading back --------------------------------------------------------------------------


def documents_from_tables(tables: dict[str, Iterable[dict[str, Any]]]) -> list[ExtractionFile]:
    """Rebuild the per-document outputs from table rows (as loaded from SQLite or Parquet)."""
    chapters: dict[str, dict[str, Any]] = {}
    for row in tables[CHAPTERS_TABLE]:
        chapter = {column.name: row[column.name] for column in TABLES[CHAPTERS_TABLE][1:-1]}
        chapters[row["doc_id"]] = {"doc_id": row["doc_id"], "chapter": chapter, "records": {}}
    for record_type in RECORD_TYPES:
        for row in tables[record_type]:
            record = {column.name: _whole(row[column.name]) if column.kind == "number" else row[column.name]
                      for column in TABLES[record_type][2:]}
            chapters[row["doc_id"]]["records"][row["record_index"]] = {"type": record_type, **record}
    tables_of = _tables_from_rows(tables[TABLES_TABLE], tables[CELLS_TABLE])
    return [ExtractionFile.model_validate({**document, "records": [document["records"][index] for index in sorted(document["records"])],
                                           "tables": tables_of.get(doc_id, [])})
            for doc_id, document in chapters.items()]


def _tables_from_rows(table_rows: Iterable[dict[str, Any]], cell_rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """doc_id → its tables, rebuilt from the rows of `tables` and `table_cells`."""
    built: dict[tuple[str, int], dict[str, Any]] = {}
    for row in table_rows:
        rows: list[list[dict[str, Any]]] = [[] for _ in range(row["header_rows"] + row["body_rows"])]
        built[(row["doc_id"], row["table_index"])] = {
            **{name: row[name] for name in ("caption", "notes", "start", "end")}, "header_rows": row["header_rows"], "cells": rows}
    for cell in sorted(cell_rows, key=lambda cell: (cell["row"], cell["column"])):
        built[(cell["doc_id"], cell["table_index"])]["cells"][cell["row"]].append(
            {name: cell[name] for name in ("text", "column", "row_span", "column_span", "start", "end")})
    by_document: dict[str, list[dict[str, Any]]] = {}
    for (doc_id, _), table in sorted(built.items()):
        rows = table.pop("cells")
        header_rows = table.pop("header_rows")
        by_document.setdefault(doc_id, []).append({**table, "header": rows[:header_rows], "rows": rows[header_rows:]})
    return by_document


def _whole(value: int | float | None) -> int | float | None:
    """Parquet keeps every number as a double; whole values are integers in the records."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def load_sqlite(path: Path) -> list[ExtractionFile]:
    """The documents held in a records.sqlite, in doc_id order."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        tables = {}
        for table, columns in TABLES.items():
            rows = connection.execute(f'SELECT * FROM "{table}" ORDER BY doc_id')
            tables[table] = [{column.name: json.loads(row[column.name]) if column.kind == "list" and row[column.name] is not None
                              else row[column.name] for column in columns} for row in rows]
    finally:
        connection.close()
    return documents_from_tables(tables)


def load_parquet(folder: Path) -> list[ExtractionFile]:
    """The documents held in a parquet/ folder of `<table>.parquet` files."""
    parquet = import_extra("pyarrow.parquet", "parquet", "loading Parquet")
    return documents_from_tables({table: parquet.read_table(folder / f"{table}.parquet").to_pylist() for table in TABLES})


def describe_outputs() -> dict[str, Any]:
    """What each file in the output folder holds, for `yearbook schema`."""
    return {
        "files": {
            "<doc_id>.json": "one chapter in the gold shape: the schema above",
            JSONL_NAME: "one record a line: {\"doc_id\": …} followed by the fields of one item of `records` above",
            SQLITE_NAME: "SQLite database: the tables below, each with a primary key (doc_id[, record_index]; "
                         "tables: doc_id, table_index; table_cells: doc_id, table_index, row, column); "
                         "the view `records` joins the fields shared by all record types",
            f"{CSV_FOLDER}/<table>.csv": "with --format csv: one file per table below, UTF-8 with a byte-order mark, "
                                         "a header row, null as an empty field, lists as JSON arrays",
            f"{PARQUET_FOLDER}/<table>.parquet": "with --format parquet: one file per table below, Parquet types as listed",
            "<doc_id>.txt": "with --keep-text: the text as read, that every record's start and end point into",
            "errors.jsonl": "one line per input file that failed (level error) and per reader warning (level warning): "
                            "file, doc_id, level, stage, message",
            MANIFEST_NAME: "content hashes that let a rerun skip unchanged documents; not for other systems",
        },
        "tables": {table: [column.describe() for column in columns] for table, columns in TABLES.items()},
        "views": {"records": list(_VIEW_COLUMNS)},
    }
