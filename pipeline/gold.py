"""Load gold and prediction files, validate them against the contract, locate their evidence;
turn predictions into gold files to correct by hand.

A gold file that breaks the contract fails with a `GoldError` naming the file, the record
(index and type) and the reason. Evidence is located in the chapter text as the contract says
(NFKC, whitespace-insensitive) and mapped back to offsets in the text as read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pipeline.core.errors import GoldError, InputError, OutputError, named
from pipeline.core.records import ChapterInfo, ExtractionFile, GoldFile, Provenance
from pipeline.core.textspan import NormalisedText
from pipeline.output import dump_json, write_atomic


@dataclass(frozen=True)
class LocatedRecord:
    """A record with the span its evidence occupies in the text as read."""

    record: Any
    span: tuple[int, int]

    @property
    def type(self) -> str:
        return self.record.type


@dataclass(frozen=True)
class LoadedChapter:
    path: Path
    doc_id: str
    chapter: ChapterInfo
    records: list[LocatedRecord]


def read_json(path: Path) -> Any:
    """Parse a JSON file, reporting malformed JSON with its file, line and column."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"cannot read: {error}", path=str(path)) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise GoldError(
            f"line {error.lineno}, column {error.colno}: malformed JSON ({error.msg})",
            path=str(path),
        ) from None


def _describe_validation_error(data: Any, error: ValidationError) -> str:
    problems = []
    for problem in error.errors()[:5]:
        location = list(problem["loc"])
        where = "file"
        if len(location) >= 2 and location[0] == "records" and isinstance(location[1], int):
            index = location[1]
            record = data["records"][index] if isinstance(data.get("records"), list) else {}
            record_type = record.get("type", "?") if isinstance(record, dict) else "?"
            where = f"record {index} ({record_type})"
            location = location[3:] if len(location) > 2 and location[2] == record_type else location[2:]
        field = ".".join(str(part) for part in location) or "(record)"
        problems.append(f"{where}: {field}: {problem['msg']}")
    more = len(error.errors()) - len(problems)
    if more > 0:
        problems.append(f"and {more} more")
    return "; ".join(problems)


def _validate(path: Path, model: type[BaseModel]) -> Any:
    data = read_json(path)
    if not isinstance(data, dict):
        raise GoldError("top level must be a JSON object", path=str(path))
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise GoldError(_describe_validation_error(data, error), path=str(path)) from None


def locate_records(path: Path, records: list[Any], text: str) -> list[LocatedRecord]:
    """Find each record's evidence in `text` (nearest its `start` when it has one)."""
    normalised = NormalisedText.of(text)
    located = []
    for index, record in enumerate(records):
        near = getattr(record, "start", None)
        span = normalised.locate(record.evidence, near=near)
        if span is None:
            raise GoldError(
                f"record {index} ({record.type}): evidence not found in the chapter text: "
                f"{record.evidence!r}",
                path=str(path),
            )
        located.append(LocatedRecord(record, span))
    return located


def load_gold(path: Path, text: str) -> LoadedChapter:
    """A gold file: contract keys only, every evidence found in `text`."""
    parsed = _validate(path, GoldFile)
    return LoadedChapter(path, parsed.doc_id, parsed.chapter, locate_records(path, parsed.records, text))


def load_prediction(path: Path, text: str) -> LoadedChapter:
    """An extraction file: the gold shape, provenance keys allowed."""
    parsed = _validate(path, ExtractionFile)
    return LoadedChapter(path, parsed.doc_id, parsed.chapter, locate_records(path, parsed.records, text))


def validate_gold_file(path: Path) -> GoldFile:
    """Check a gold file's shape without its text (used where the text is not at hand)."""
    return _validate(path, GoldFile)


def validate_prediction_file(path: Path) -> ExtractionFile:
    """Check an extraction file's shape without its text."""
    return _validate(path, ExtractionFile)


def prediction_paths(pred_dir: Path) -> dict[str, Path]:
    """The prediction files of a folder by doc_id (their stem), without its hidden bookkeeping
    files (the run manifest). A folder that is missing or holds none is an error: whatever
    would be made of it (scores, a review, gold stubs) could only mislead."""
    if not pred_dir.is_dir():
        raise InputError("prediction folder not found; give the --out folder of a `yearbook extract` run",
                         path=str(pred_dir))
    predictions = {path.stem: path for path in sorted(pred_dir.glob("*.json"))
                   if path.is_file() and not path.name.startswith(".")}
    if not predictions:
        raise InputError(f"no prediction files <doc_id>.json in the folder; run `yearbook extract … --out {pred_dir}` "
                         f"first, or check the folder's name", path=str(pred_dir))
    return predictions


def gold_stub(prediction: ExtractionFile) -> GoldFile:
    """A prediction as a gold file of the current contract version, to correct by hand: every
    record with the contract's keys only (the provenance an extractor adds is dropped, as
    gold may not hold it), nulls written out so that the annotator sees every field."""
    records = [record.model_dump(exclude=set(Provenance.model_fields)) for record in prediction.records]
    return GoldFile.model_validate({"doc_id": prediction.doc_id, "chapter": prediction.chapter.model_dump(),
                                    "records": records})


def write_gold_stubs(pred_dir: Path, out_dir: Path) -> list[Path]:
    """Write `out_dir/<doc_id>.json`, a gold stub (see `gold_stub`), for every prediction of
    `pred_dir`; return the files written. Nothing is written when a prediction is invalid or
    a gold file of the same name exists: a hand-corrected file is never overwritten."""
    predictions = prediction_paths(pred_dir)
    stubs = {out_dir / path.name: gold_stub(validate_prediction_file(path)) for path in predictions.values()}
    existing = [path.name for path in stubs if path.exists()]
    if existing:
        raise OutputError(f"holds gold files of the same names already, which are not overwritten: {named(existing)}; "
                          f"move them away or choose another --out", path=str(out_dir))
    for path, stub in stubs.items():
        write_atomic(path, dump_json(stub.model_dump(mode="json")))
    return list(stubs)
