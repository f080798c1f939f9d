"""Run the pipeline: read, segment once, extract, validate, write.

`extract_document` is the per-document function every executor calls; `run_extraction`
walks the inputs, gives each document a unique doc_id, and writes `OUT/<doc_id>.json`. A
document that fails is recorded in `OUT/errors.jsonl` and the others go on.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from extractors import extract_chapter_info, extract_records
from pipeline.core.errors import InputError, YearbookError
from pipeline.core.records import ExtractionFile
from pipeline.output import dump_json, write_atomic
from pipeline.readers import read_document
from pipeline.readers.dispatch import SUPPORTED_SUFFIXES
from pipeline.segment import segment

_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


def extract_text(doc_id: str, text: str) -> ExtractionFile:
    """Extract one chapter's records from its text as read."""
    chapter = segment(doc_id, text)
    return ExtractionFile(doc_id=doc_id, chapter=extract_chapter_info(chapter), records=extract_records(chapter))


def extract_document(path: Path, doc_id: str) -> tuple[ExtractionFile, str]:
    """Read and extract one file; return the output and the text as read."""
    document = read_document(path)
    result = extract_text(doc_id, document.text)
    if document.page_starts:
        records = [record.model_copy(update={"page": document.page_at(record.start)}) for record in result.records]
        result = result.model_copy(update={"records": records})
    return result, document.text


def safe_doc_id(name: str) -> str:
    """A doc_id that is a plain file name: no folders, no dots at the start, no odd characters."""
    cleaned = _UNSAFE.sub("_", name).strip("._") or "document"
    return cleaned[:120]


@dataclass(frozen=True)
class InputFile:
    path: Path
    doc_id: str


def collect_inputs(paths: list[Path]) -> list[InputFile]:
    """Every chapter file under `paths` (folders recursively), each with a unique doc_id.

    The doc_id is the file's stem; when two files share a stem, the folders below the given
    root are prefixed (`2003-jishengxie` and `2004-jishengxie` stay apart).
    """
    found: list[tuple[Path, Path]] = []
    for root in paths:
        if root.is_dir():
            found.extend((root, path) for path in sorted(root.rglob("*")) if path.is_file()
                         and path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith("."))
        elif root.exists():
            found.append((root.parent, root))
        else:
            raise InputError("no such file or folder", path=str(root))
    stems: dict[str, int] = {}
    for _, path in found:
        stems[safe_doc_id(path.stem)] = stems.get(safe_doc_id(path.stem), 0) + 1
    inputs: list[InputFile] = []
    taken: set[str] = set()
    for root, path in found:
        doc_id = safe_doc_id(path.stem)
        if stems[doc_id] > 1:
            relative = path.relative_to(root).with_suffix("")
            doc_id = safe_doc_id("-".join(relative.parts))
        base, number = doc_id, 2
        while doc_id in taken:
            doc_id, number = f"{base}-{number}", number + 1
        taken.add(doc_id)
        inputs.append(InputFile(path, doc_id))
    return inputs


@dataclass
class RunSummary:
    written: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)


def run_extraction(inputs: list[InputFile], out_dir: Path, progress: Callable[[str], None] | None = None) -> RunSummary:
    """Extract every input into `out_dir`; failures go to `out_dir/errors.jsonl`."""
    summary = RunSummary()
    for item in inputs:
        try:
            result, _ = extract_document(item.path, item.doc_id)
            write_atomic(out_dir / f"{item.doc_id}.json", dump_json(result.model_dump(mode="json")))
            summary.written.append(item.doc_id)
        except YearbookError as error:
            summary.failed.append({"file": str(item.path), "doc_id": item.doc_id, "stage": error.stage, "message": str(error)})
        if progress:
            progress(item.doc_id)
    errors_path = out_dir / "errors.jsonl"
    lines = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in summary.failed)
    write_atomic(errors_path, lines)
    return summary


def progress_printer(total: int) -> Callable[[str], None]:
    """A one-line progress display on stderr when it is a terminal."""
    done = 0

    def report(doc_id: str) -> None:
        nonlocal done
        done += 1
        if sys.stderr.isatty():
            print(f"\r{done}/{total} documents  {doc_id[:40]:<40}", end="" if done < total else "\n", file=sys.stderr)

    return report
