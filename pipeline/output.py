"""Writing results: atomic files, so a crash or a kill never leaves a half-written file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pipeline.core.errors import OutputError


def write_atomic(path: Path, content: str) -> None:
    """Write `content` to `path` through a temporary file in the same folder and a rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as error:
        raise OutputError(f"cannot write into the output folder: {error.strerror or error}", path=str(path.parent)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write: {error.strerror or error}", path=str(path)) from None


def dump_json(data: Any) -> str:
    """The one JSON layout of every output file: UTF-8, indented, keys in model order."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
