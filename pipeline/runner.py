"""Run the pipeline over many files: read, segment once, extract, validate, write.

`extract_document` (and `extract_text` under it) is the per-document function; `extract_task`
wraps it into the unit every executor runs (this process, a process pool, a Dask cluster):
one input file, which holds one document, or one per chapter with `--split`.
`run_extraction` walks the inputs in order, skips files whose bytes, options and pipeline are
unchanged since the last run (the manifest), keeps a bounded number of files in flight, and
writes each result as it arrives, in input order:

* `OUT/<doc_id>.json` in the gold shape (and `OUT/<doc_id>.txt`, the text as read, with
  `--keep-text`), atomically, with nothing run-specific in it;
* the stores (`records.jsonl`, `records.sqlite`, on request or when there already CSV and
  Parquet), rebuilt every run from all inputs (and the documents of earlier runs kept with
  `--keep-others`) and renamed into place at its end;
* `OUT/errors.jsonl`: a line per file that failed and per reader warning
  (file, doc_id, level, stage, message).

No file can cost the others or stop the run: one that cannot be read, runs past the time
limit per document or makes the pipeline raise (a bug) is a line in `errors.jsonl`, and a
file larger than the size limit is refused before it is read (`Limits`). A kill at any
instant leaves only complete files; the rerun skips what was finished and ends with the same
bytes as an uninterrupted run. A run that stops on an output error (a full disk) leaves no
temporary files behind.
"""

from __future__ import annotations

import json
import math
import re
import traceback
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from extractors import extract_chapter_info, extract_records
from pipeline.core.errors import InputError, OutputError, YearbookError, named
from pipeline.core.records import ExtractionFile
from pipeline.executors import Executor, SerialExecutor, TimeLimit
from pipeline.gold import validate_prediction_file
from pipeline.manifest import Entry, Manifest, file_digest, pipeline_fingerprint
from pipeline.output import (dump_json, first_output_error, output_folder_lock, remove_partial_files,
                             reported_as_output_error, write_atomic)
from pipeline.progress import Outcome, Progress
from pipeline.readers import SUPPORTED_SUFFIXES, ReadDocument, read_document, read_documents
from pipeline.readers.ocr import LOW_CONFIDENCE
from pipeline.segment import SegmentedChapter, segment
from pipeline.stores import CHAPTERS_TABLE, CSV_FOLDER, PARQUET_FOLDER, OutputStores

ERRORS_NAME = "errors.jsonl"
_UNSAFE = re.compile(r"[^\w.\-]+")
# A chapter of a volume split by `--split`: `<doc_id of the volume>-<n>`.
_SPLIT_CHAPTER = re.compile(r"(?P<volume>.+)-[0-9]+")
# What a run does with the outputs of documents that are not among its inputs (run_extraction).
Others = Literal["stop", "prune", "keep"]
# Room for `.json` and the temporary-file decoration within a file name's 255 bytes.
_MAX_DOC_ID_BYTES = 150
# The limits per document. Extraction takes about 2 to 3 s per MB of text on one core (16 MB
# of chapters in 35 s, 3 MB in one line without punctuation in 10 s) and up to 130 MB of
# memory per MB (16 MB: 0.8 to 2 GB): the time limit is far beyond any document of the size limit.
DEFAULT_TIME_LIMIT_SECONDS = 300.0
DEFAULT_MAX_MEGABYTES = 16.0
# Every lazily loaded part of the pipeline (jieba's dictionary, the lexicons, the compiled
# rules) is loaded by extracting this once per process, before any time limit runs.
_WARM_UP_TEXT = "计划生育协会\n【组织建设】全市共有协会组织1 519个，开展“三争”活动，召开第十次代表大会，被评为先进集体。\n"


def extract_text(doc_id: str, text: str) -> ExtractionFile:
    """Extract one chapter's records from its text as read."""
    return extract_segmented(segment(doc_id, text))


def extract_segmented(chapter: SegmentedChapter) -> ExtractionFile:
    """Extract the records of a chapter already segmented."""
    return ExtractionFile(doc_id=chapter.doc_id, chapter=extract_chapter_info(chapter), records=extract_records(chapter),
                          tables=chapter.tables)


def extract_document(path: Path, doc_id: str) -> tuple[ExtractionFile, str]:
    """Read and extract one file; return the output and the text as read."""
    document = read_document(path)
    return _extract_read(doc_id, document), document.text


def _extract_read(doc_id: str, document: ReadDocument) -> ExtractionFile:
    """Extract a document as read, each record with the page it starts on and, when it comes
    from a line OCR was unsure of, a warning with that confidence."""
    result = extract_text(doc_id, document.text)
    if document.page_starts:
        records = [record.model_copy(update={"page": document.page_at(record.start),
                                             "warnings": _ocr_warnings(document, record)})
                   for record in result.records]
        result = result.model_copy(update={"records": records})
    return result


def _ocr_warnings(document: ReadDocument, record: Any) -> list[str] | None:
    """A record's warnings, with the confidence of the least sure OCR line it comes from
    when that is below `LOW_CONFIDENCE`."""
    confidence = document.least_confidence(record.start, record.end)
    if confidence >= LOW_CONFIDENCE:
        return record.warnings
    return [*(record.warnings or []), f"OCR confidence {confidence:.2f}: check the text against the page"]


@dataclass(frozen=True)
class Limits:
    """How long one document may run and how large one input may be; None is no limit.

    `max_bytes` bounds the memory a document takes: a text file or web page larger is not
    read, and a PDF's text is read until it passes that much UTF-8.
    """

    seconds: float | None = DEFAULT_TIME_LIMIT_SECONDS
    max_bytes: int | None = int(DEFAULT_MAX_MEGABYTES * 1_000_000)

    @classmethod
    def of(cls, seconds: float, megabytes: float) -> Limits:
        """The limits of the options `--time-limit SECONDS` and `--max-size MB`, where 0 is none."""
        for option, value in (("--time-limit", seconds), ("--max-size", megabytes)):
            if not value >= 0:  # also NaN
                raise YearbookError(f"{option} must be 0 (no limit) or more, not {value:g}")
        return cls(seconds if 0 < seconds < math.inf else None,
                   int(megabytes * 1_000_000) if 0 < megabytes < math.inf else None)


@lru_cache(maxsize=1)
def _warm_up() -> None:
    """Load every lazily loaded part of the pipeline in this process, once. Should that fail
    (a bug), it fails again on the first document, which reports it."""
    with suppress(Exception):
        extract_text("warm-up", _WARM_UP_TEXT)


@dataclass(frozen=True)
class FileResult:
    """What a worker sends back for one input file: its output files and the reader's
    warnings (`entry`), or why it failed (`stage`, `message`)."""

    doc_id: str
    entry: Entry | None = None
    characters: int = 0
    stage: str | None = None
    message: str | None = None


def extract_task(path: Path, doc_id: str, split: bool = False, keep_text: bool = False,
                 limits: Limits = Limits()) -> FileResult:
    """The unit of work of every executor: one input file to the content of its output files,
    `<doc_id>.json` (and `<doc_id>.txt` with `keep_text`) for each document it holds (one, or
    one per chapter with `split`), reading and each document within `limits`.

    Never raises for a bad file: the error comes back with its stage, so one file cannot cost
    the others. An error that is not a `YearbookError` is a bug; its message says where.
    """
    outputs: dict[str, str] = {}
    warnings: dict[str, None] = {}  # in order, once: a volume's chapters share its warnings
    characters = 0
    stage = "read"
    try:
        _warm_up()
        with TimeLimit(limits.seconds, str(path), stage, "reading it"):
            documents = read_documents(path, split, max_bytes=limits.max_bytes)
        stage = "extract"
        for suffix, document in documents:
            doing = f"extracting its chapter {doc_id + suffix}" if suffix else "extracting it"
            with TimeLimit(limits.seconds, str(path), stage, doing):
                result = _extract_read(doc_id + suffix, document)
                outputs[f"{result.doc_id}.json"] = dump_json(result.model_dump(mode="json"))
            if keep_text:
                outputs[f"{result.doc_id}.txt"] = document.text
            warnings.update(dict.fromkeys(document.warnings))
            characters += len(document.text)
    except YearbookError as error:
        return FileResult(doc_id, stage=error.stage, message=str(error))
    except Exception as error:  # noqa: BLE001 - a bug on one file must not stop the batch
        return FileResult(doc_id, stage=stage, message=f"{path}: {describe_bug(error)}, please report it with the file")
    return FileResult(doc_id, Entry(outputs, tuple(warnings)), characters)


def describe_bug(error: BaseException) -> str:
    """An error the tool did not raise on purpose, with the place it came from: the start of
    a message that a user can report without a traceback."""
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return (f"unexpected {type(error).__name__}: {error} (at {Path(frame.filename).name}:{frame.lineno}); "
            f"this is a bug")


# --- inputs ----------------------------------------------------------------------------------


def safe_doc_id(name: str) -> str:
    """A doc_id that is a plain file name: no folders, no dots at the start, no odd characters,
    short enough for any file system.

    >>> safe_doc_id("../../etc/passwd")
    'etc_passwd'
    >>> safe_doc_id("2003 年鉴/计划生育")
    '2003_年鉴_计划生育'
    """
    cleaned = _UNSAFE.sub("_", name).strip("._") or "document"
    return cleaned.encode("utf-8")[:_MAX_DOC_ID_BYTES].decode("utf-8", "ignore").rstrip("._") or "document"


@dataclass(frozen=True)
class InputFile:
    path: Path
    doc_id: str


def _files_under(paths: list[Path], exclude: Path | None) -> Iterator[tuple[Path, Path, bool]]:
    """(root, file, named) for every file under `paths`, in path order, each once: a folder's
    files recursively without hidden files and folders, and none inside `exclude` (the output
    folder, where `--keep-text` writes texts); `named` when the file itself was given."""
    seen: set[Path] = set()
    excluded = exclude.resolve() if exclude else None
    for root in paths:
        if root.is_dir():
            candidates = [(root, path, False) for path in sorted(root.rglob("*")) if path.is_file()
                          and not any(part.startswith(".") for part in path.relative_to(root).parts)]
        elif root.is_file():
            candidates = [(root.parent, root, True)]
        elif root.exists():  # reading a pipe or a device would wait for ever, or never end
            raise InputError("neither a file nor a folder (a pipe or a device?)", path=str(root))
        else:
            raise InputError("no such file or folder", path=str(root))
        for base, path, given in candidates:
            resolved = path.resolve()
            if resolved not in seen and not (excluded and resolved.is_relative_to(excluded)):
                seen.add(resolved)
                yield base, path, given


def _is_chapter_file(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def unsupported_files(paths: list[Path], exclude: Path | None = None) -> list[Path]:
    """The files in the folders of `paths` that `collect_inputs` leaves out for their type."""
    return [path for _, path, given in _files_under(paths, exclude) if not given and not _is_chapter_file(path)]


def collect_inputs(paths: list[Path], exclude: Path | None = None) -> list[InputFile]:
    """Every chapter file under `paths` (a file named in `paths` whatever its type, folders
    recursively for the supported types, each file once, none inside `exclude`), each with
    its doc_id. Raise `InputError` when there is none, or when two files would have one doc_id.

    The doc_id is the file's stem; when two files share a stem, the folders below the given
    root are prefixed (`2003-jishengxie` and `2004-jishengxie` stay apart). doc_ids must differ
    also when letter case is ignored, so that outputs stay apart on any file system; files
    that still share one (`x.txt` and `x.html` in one folder) are an error naming them, so
    that no output stands for the wrong file.
    """
    found = [(root, path) for root, path, given in _files_under(paths, exclude) if given or _is_chapter_file(path)]
    if not found:
        skipped = unsupported_files(paths, exclude)
        holds = f"only {named(path.name for path in skipped)}" if skipped else "no files"
        raise InputError(f"no chapter files ({', '.join(SUPPORTED_SUFFIXES)}) to extract: {holds}",
                         path=", ".join(map(str, paths)))
    stems = Counter(safe_doc_id(path.stem).casefold() for _, path in found)
    by_doc_id: dict[str, list[InputFile]] = {}
    for root, path in found:
        doc_id = safe_doc_id(path.stem)
        if stems[doc_id.casefold()] > 1:
            doc_id = safe_doc_id("-".join(path.relative_to(root).with_suffix("").parts))
        by_doc_id.setdefault(doc_id.casefold(), []).append(InputFile(path, doc_id))
    clashes = [" and ".join(str(item.path) for item in items)
               + f" (doc_id {' = '.join(dict.fromkeys(item.doc_id for item in items))})"
               for items in by_doc_id.values() if len(items) > 1]
    if clashes:
        raise InputError(f"input files that would share a doc_id, so that one's output would overwrite the other's: "
                         f"{'; '.join(clashes)}; rename one of them, or extract them into separate --out folders")
    return [item for items in by_doc_id.values() for item in items]


# --- running ---------------------------------------------------------------------------------


@dataclass
class RunSummary:
    extracted: list[str] = field(default_factory=list)  # input doc_ids, in input order
    unchanged: list[str] = field(default_factory=list)
    documents: int = 0  # output documents (more than inputs with --split)
    # errors.jsonl: one entry per failed file ("level": "error") and reader warning ("warning").
    log: list[dict[str, str]] = field(default_factory=list)
    # Documents of earlier runs that are not inputs of this one: removed (--prune) or kept.
    pruned: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        """Input files whose outputs are in the folder after the run."""
        return len(self.extracted) + len(self.unchanged)

    @property
    def failed(self) -> list[dict[str, str]]:
        return [entry for entry in self.log if entry["level"] == "error"]


@dataclass(frozen=True)
class _Options:
    split: bool
    keep_text: bool
    limits: Limits

    def as_dict(self) -> dict[str, bool]:
        """The options that shape a file's outputs (the limits only decide whether it has any)."""
        return {"split": self.split, "keep_text": self.keep_text}


@dataclass
class _Started:
    item: InputFile
    source_digest: str  # empty when the file could not be read
    future: Future[FileResult] | Any
    unchanged: bool = False


def _finished(result: FileResult) -> Future[FileResult]:
    future: Future[FileResult] = Future()
    future.set_result(result)
    return future


def _start(item: InputFile, manifest: Manifest, executor: Executor, options: _Options) -> _Started:
    """Skip the file when unchanged since the last run, else submit it."""
    try:
        digest = file_digest(item.path)
    except InputError as error:
        return _Started(item, "", _finished(FileResult(item.doc_id, stage=error.stage, message=str(error))))
    unchanged = manifest.unchanged(item.doc_id, digest, options.as_dict())
    if unchanged is not None:
        return _Started(item, digest, _finished(FileResult(item.doc_id, unchanged)), unchanged=True)
    return _Started(item, digest, _submit(item, executor, options))


def _submit(item: InputFile, executor: Executor, options: _Options) -> Future[FileResult] | Any:
    return executor.submit(extract_task, item.path, item.doc_id, options.split, options.keep_text, options.limits)


def _result(started: _Started, executor: Executor, options: _Options) -> FileResult:
    """The file's result. A worker that dies (killed, out of memory, crashed in a C library)
    takes every document in flight in its pool down with it: each of them is tried once more,
    so that a file that kills its worker costs only itself."""
    try:
        return started.future.result()
    except BrokenProcessPool:
        pass
    except Exception as error:  # noqa: BLE001 - the cluster lost it
        return _lost(started.item, error)
    try:
        return _submit(started.item, executor, options).result()
    except Exception as error:  # noqa: BLE001 - its worker died again
        return _lost(started.item, error)


def _lost(item: InputFile, error: Exception) -> FileResult:
    return FileResult(item.doc_id, stage="worker", message=(
        f"{item.path}: the worker extracting it stopped ({type(error).__name__}: {error}); run again to retry"))


def _in_input_order(inputs: list[InputFile], manifest: Manifest, executor: Executor,
                    options: _Options) -> Iterator[tuple[_Started, FileResult]]:
    """Results in input order, with up to `executor.in_flight` files submitted ahead."""
    waiting: deque[_Started] = deque()
    for item in inputs:
        waiting.append(_start(item, manifest, executor, options))
        while len(waiting) > executor.in_flight:
            started = waiting.popleft()
            yield started, _result(started, executor, options)
    while waiting:
        started = waiting.popleft()
        yield started, _result(started, executor, options)


def run_extraction(inputs: list[InputFile], out_dir: Path, executor: Executor | None = None,
                   formats: tuple[str, ...] = (), progress: Progress | None = None,
                   split: bool = False, keep_text: bool = False, limits: Limits = Limits(),
                   others: Others = "stop") -> RunSummary:
    """Extract every input into `out_dir` (see the module docstring for what is written).

    Outputs in the folder of documents that are not among `inputs` (an earlier run's) are,
    by `others`: "stop", an `OutputError` naming them before anything is changed; "prune",
    removed with their manifest entries; "keep", kept and fed to the stores after this run's
    documents. Either way every store then describes the folder's documents, and a CSV or
    Parquet store already in the folder is rewritten with the others.
    """
    executor = executor or SerialExecutor()
    options = _Options(split, keep_text, limits)
    summary = RunSummary()
    taken = {item.doc_id.casefold() for item in inputs}
    with output_folder_lock(out_dir):
        manifest = Manifest.load(out_dir, pipeline_fingerprint())
        earlier = _other_outputs(inputs, manifest)
        if earlier and others == "stop":
            raise OutputError(f"holds the outputs of documents that are not inputs of this run ({len(earlier)}): "
                              f"{named(earlier)}; add --prune to remove them, --keep-others to keep them beside "
                              f"this run's, or choose another --out", path=str(out_dir))
        kept = earlier if others == "keep" else {}
        for names in kept.values():  # before anything is changed: a file that is no output stops the run
            for name in _chapter_outputs(names):
                validate_prediction_file(out_dir / name)
        _remove_partial_files(out_dir)
        if others == "prune":
            for doc_id, names in earlier.items():
                _remove(out_dir, set(names))
                manifest.forget(doc_id)
            summary.pruned = list(earlier)
        summary.kept = list(kept)
        formats = (*formats, *_stores_in(out_dir))
        try:
            with first_output_error(out_dir), OutputStores(out_dir, formats) as stores:
                for started, result in _in_input_order(inputs, manifest, executor, options):
                    result = _without_clashes(started, result, taken)
                    outcome = _settle(started, result, manifest, options, summary)
                    if result.entry is not None:
                        for name, content in result.entry.outputs.items():
                            if name.endswith(".json"):
                                stores.add(json.loads(content))
                                summary.documents += 1
                    manifest.save_if_due()
                    if progress:
                        progress.advance(outcome, result.characters)
                for names in kept.values():
                    for name in _chapter_outputs(names):
                        stores.add(validate_prediction_file(out_dir / name).model_dump(mode="json"))
                write_atomic(out_dir / ERRORS_NAME,
                             "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in summary.log))
        except BaseException:
            # The error that stopped the run is the one to report: saving what is done and
            # tidying up are worth a try, but a full disk that fails them must not hide it.
            with suppress(OutputError):
                manifest.save()
            with suppress(OSError):
                _remove_partial_files(out_dir)
            raise
        else:
            manifest.save()
        finally:
            if progress:
                progress.finish()
    return summary


def _other_outputs(inputs: list[InputFile], manifest: Manifest) -> dict[str, list[str]]:
    """The output files in the folder of documents that are not among `inputs`, by doc_id:
    those the manifest records for other inputs, and chapter files it does not know (of a run
    whose manifest is gone) that no input can have written."""
    folder = manifest.folder
    ours = {item.doc_id for item in inputs}
    others = {doc_id: [name for name in manifest.outputs_of(doc_id) if (folder / name).is_file()]
              for doc_id in manifest.files if doc_id not in ours}
    recorded = {name for doc_id in manifest.files for name in manifest.outputs_of(doc_id)}
    for path in sorted(folder.glob("*.json")):
        chapter_of = _SPLIT_CHAPTER.fullmatch(path.stem)
        if path.name.startswith(".") or path.name in recorded or path.stem in ours \
                or (chapter_of and chapter_of.group("volume") in ours):
            continue
        others[path.stem] = [path.name]
    return {doc_id: names for doc_id, names in others.items() if names}  # not those whose files are all gone


def _chapter_outputs(names: list[str]) -> list[str]:
    """The `<doc_id>.json` files among a document's outputs (not its `--keep-text` text)."""
    return [name for name in names if name.endswith(".json")]


def _stores_in(out_dir: Path) -> list[str]:
    """The optional stores (CSV, Parquet) that an earlier run wrote into the folder."""
    folders = {"csv": CSV_FOLDER, "parquet": PARQUET_FOLDER}
    return [name for name, folder in folders.items() if (out_dir / folder / f"{CHAPTERS_TABLE}.{name}").is_file()]


def _remove_partial_files(out_dir: Path) -> None:
    """Remove the temporary files of a killed or failed run (only one run writes a folder)."""
    for folder in (out_dir, out_dir / CSV_FOLDER, out_dir / PARQUET_FOLDER):
        remove_partial_files(folder)


def _without_clashes(started: _Started, result: FileResult, taken: set[str]) -> FileResult:
    """Fail a split volume whose chapter doc_id is another input's doc_id."""
    if result.entry is None or started.unchanged:
        return result
    for name in result.entry.outputs:
        doc_id = name.rsplit(".", 1)[0]
        if doc_id != started.item.doc_id and doc_id.casefold() in taken:
            return FileResult(result.doc_id, stage="run", message=(
                f"{started.item.path}: its chapter {doc_id} has the doc_id of another input file; rename one of them"))
    return result


def _settle(started: _Started, result: FileResult, manifest: Manifest, options: _Options,
            summary: RunSummary) -> Outcome:
    """Write the file's outputs (or remove those an earlier run left for it) and note the outcome."""
    item = started.item
    folder = manifest.folder
    earlier = {*manifest.outputs_of(item.doc_id), f"{item.doc_id}.json"}
    source = {"file": str(item.path), "doc_id": item.doc_id}
    if result.entry is None:
        # No output of an earlier run may stand for a file that now fails.
        _remove(folder, earlier)
        manifest.forget(item.doc_id)
        summary.log.append({**source, "level": "error", "stage": result.stage or "run",
                            "message": result.message or "failed"})
        return "failed"
    summary.log.extend({**source, "level": "warning", "stage": "read", "message": warning}
                       for warning in result.entry.warnings)
    if started.unchanged:
        summary.unchanged.append(item.doc_id)
        return "unchanged"
    for name, content in result.entry.outputs.items():
        write_atomic(folder / name, content)
    _remove(folder, earlier - set(result.entry.outputs))
    manifest.record(item.doc_id, started.source_digest, options.as_dict(), result.entry)
    summary.extracted.append(item.doc_id)
    return "extracted"


def _remove(folder: Path, names: set[str]) -> None:
    for name in sorted(names):
        with reported_as_output_error(folder / name):
            (folder / name).unlink(missing_ok=True)
