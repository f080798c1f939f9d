"""What a rerun may skip: the content hash of each input file and of the outputs it gave,
under the fingerprint of the pipeline that made them.

An input file is skipped when its bytes, the options that shape its outputs (`--split`,
`--keep-text`), the pipeline (code, rule files, jieba and pydantic versions) and its output
files are all as the manifest recorded them. The manifest is
rewritten atomically, at most about once a second during a run and once at its end, so a kill
costs at most the documents finished since the last save; they are extracted again and give
the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import extractors
import pipeline
from pipeline.core.errors import InputError
from pipeline.output import dump_json, write_atomic

MANIFEST_NAME = ".yearbook-manifest"  # no .json: not a chapter to anyone globbing *.json
_FORMAT = 2
_SAVE_EVERY_SECONDS = 1.0
_CHUNK = 1 << 20
# Files of the packages that decide what a document's output is.
_PIPELINE_FILES = ("*.py", "*.txt", "*.json", "*.jsonl")


def pipeline_fingerprint() -> str:
    """A hash of everything that decides the output: the code and data files of `pipeline` and
    `extractors`, and the versions of jieba and pydantic. Any edit invalidates the cache."""
    digest = hashlib.sha256()
    for distribution in ("jieba", "pydantic"):
        digest.update(f"{distribution} {metadata.version(distribution)}\n".encode())
    for package in (pipeline, extractors):
        root = Path(package.__file__).parent
        files = sorted({path for pattern in _PIPELINE_FILES for path in root.rglob(pattern)
                        if "__pycache__" not in path.parts})
        for path in files:
            digest.update(f"{package.__name__}/{path.relative_to(root).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=str(path)) from None
    return digest.hexdigest()


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Manifest:
    """The manifest of one output folder. Per input file (by its doc_id): the pipeline that
    extracted it, the hash of its bytes, the options that shape its outputs, the hash of each
    output file it gave, and the reader's warnings, so that a skipped file reports them again.
    Entries of another pipeline are kept only to know which outputs an input had."""

    def __init__(self, out_dir: Path, fingerprint: str, files: dict[str, dict[str, Any]] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.folder = out_dir
        self.path = out_dir / MANIFEST_NAME
        self.fingerprint = fingerprint
        self.files = files or {}
        self._clock = clock
        self._saved_at = -math.inf  # the first finished file is saved at once

    @classmethod
    def load(cls, out_dir: Path, fingerprint: str) -> Manifest:
        """The folder's manifest; an empty one when it is missing or unreadable (every file is
        then extracted again)."""
        try:
            data = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(out_dir, fingerprint)
        if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("files"), dict):
            return cls(out_dir, fingerprint)
        return cls(out_dir, fingerprint, data["files"])

    def unchanged(self, doc_id: str, source_digest: str, options: dict[str, bool]) -> Entry | None:
        """What the file gave last time, with the outputs' texts, when its bytes and options are
        the same and every output file is exactly as written; otherwise None."""
        entry = self.files.get(doc_id)
        if not entry or (entry.get("pipeline"), entry.get("source"), entry.get("options")) != \
                (self.fingerprint, source_digest, options):
            return None
        outputs = {}
        for name, digest in entry.get("outputs", {}).items():
            try:
                content = (self.folder / name).read_bytes()
            except OSError:
                return None
            if hashlib.sha256(content).hexdigest() != digest:
                return None
            outputs[name] = content.decode("utf-8")
        return Entry(outputs, tuple(entry.get("warnings", ())))

    def outputs_of(self, doc_id: str) -> list[str]:
        """The output file names recorded for an input file."""
        return list(self.files.get(doc_id, {}).get("outputs", {}))

    def record(self, doc_id: str, source_digest: str, options: dict[str, bool], entry: Entry) -> None:
        self.files[doc_id] = {"pipeline": self.fingerprint, "source": source_digest, "options": options,
                              "outputs": {name: text_digest(content) for name, content in entry.outputs.items()},
                              "warnings": list(entry.warnings)}

    def forget(self, doc_id: str) -> None:
        self.files.pop(doc_id, None)

    def save(self) -> None:
        data = {"format": _FORMAT, "files": dict(sorted(self.files.items()))}
        write_atomic(self.path, dump_json(data))
        self._saved_at = self._clock()

    def save_if_due(self) -> None:
        """Save when the last save is more than a second old, and after the first file: a run
        killed early, even in its first second, keeps what it finished."""
        if self._clock() - self._saved_at >= _SAVE_EVERY_SECONDS:
            self.save()


@dataclass(frozen=True)
class Entry:
    """The outputs of one input file (file name → content, in order) and its reader warnings."""

    outputs: dict[str, str]
    warnings: tuple[str, ...] = ()
