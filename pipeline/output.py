"""Writing results atomically, so that a crash or a kill never leaves a half-written file.

Every output file is written under a temporary name in its own folder (`.<name>.<random>.part`)
and renamed over the final name only once complete. A run killed at any instant leaves either
the previous file or the new one, plus at most a `.part` file that the next run removes.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.core.errors import OutputError

try:
    import fcntl
except ImportError:  # Windows has no fcntl: two runs into one folder are then not kept apart
    fcntl = None  # type: ignore[assignment]

PART_SUFFIX = ".part"
LOCK_NAME = ".yearbook.lock"
# The process's umask, read once at import (reading it means setting it).
_UMASK = os.umask(0o022)
os.umask(_UMASK)
_CHOOSE_ANOTHER = "choose another --out"
# What to do about the errors a run meets when writing, by errno.
_WRITE_HINTS = {
    errno.ENOSPC: f"the disk is full: free some space or {_CHOOSE_ANOTHER}",
    errno.EDQUOT: f"the disk quota is used up: free some space or {_CHOOSE_ANOTHER}",
    errno.EACCES: f"no permission to write there: {_CHOOSE_ANOTHER} or change its permissions",
    errno.EPERM: f"no permission to write there: {_CHOOSE_ANOTHER} or change its permissions",
    errno.EROFS: f"the file system is read-only: {_CHOOSE_ANOTHER}",
}


def _reason(error: BaseException) -> str:
    """`cannot write: <the system's words>` and, for the common causes, what to do."""
    code = errno.ENOSPC if getattr(error, "sqlite_errorname", None) == "SQLITE_FULL" else getattr(error, "errno", None)
    hint = _WRITE_HINTS.get(code) if isinstance(code, int) else None
    reason = f"cannot write: {getattr(error, 'strerror', None) or error}"
    return f"{reason}; {hint}" if hint else reason


@contextmanager
def reported_as_output_error(path: Path, kinds: tuple[type[Exception], ...] = (OSError,)) -> Iterator[None]:
    """Turn an error of `kinds` (the system's, a library's) while writing `path` into an
    `OutputError` naming the file."""
    try:
        yield
    except kinds as error:
        raise OutputError(_reason(error), path=str(path)) from None


@contextmanager
def first_output_error(folder: Path) -> Iterator[None]:
    """Report the error that stopped writing, not a later one from cleaning up after it (a
    file closed on a full disk fails to flush too): a system error raised while another was
    being handled gives way to that one. A system error of its own is an `OutputError` naming
    `folder`."""
    try:
        yield
    except OSError as error:
        first = error.__context__
        while isinstance(first, OSError):
            first = first.__context__
        if first is not None:
            raise first from None
        raise OutputError(_reason(error), path=str(folder)) from None


class PendingFile:
    """A file being written under a temporary name beside `path`; `commit` renames it into place.

    Libraries that open files by name (SQLite, Parquet) write `temporary`; text goes through
    `open_text`. `discard` removes the temporary file and leaves `path` as it was.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PART_SUFFIX, dir=path.parent)
            # mkstemp makes the file private; outputs get the permissions any new file would.
            os.fchmod(handle, 0o666 & ~_UMASK)
            os.close(handle)
        except OSError as error:
            raise OutputError(_reason(error), path=str(path.parent)) from None
        self.temporary = Path(name)

    def open_text(self, encoding: str = "utf-8") -> Any:
        with reported_as_output_error(self.path):
            return open(self.temporary, "w", encoding=encoding, newline="")

    def commit(self) -> None:
        """Flush the temporary file to disk and rename it onto the final name."""
        with reported_as_output_error(self.path):
            with open(self.temporary, "rb+") as written:
                os.fsync(written.fileno())
            os.replace(self.temporary, self.path)

    def discard(self) -> None:
        self.temporary.unlink(missing_ok=True)


def write_atomic(path: Path, content: str) -> None:
    """Write `content` to `path` through a temporary file in the same folder and a rename."""
    pending = PendingFile(path)
    try:
        with reported_as_output_error(path):
            pending.temporary.write_bytes(content.encode("utf-8"))
        pending.commit()
    finally:
        pending.discard()


@contextmanager
def output_folder_lock(folder: Path) -> Iterator[None]:
    """Hold the folder for one run at a time; a second run into it stops with a clear error.

    The lock is the operating system's on an open file, so a killed run never leaves it held.
    """
    with reported_as_output_error(folder):
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK_NAME, "a")
    with handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutputError("another yearbook run is writing into this folder; "
                                  "wait for it to finish or choose another --out", path=str(folder)) from None
        yield


def remove_partial_files(folder: Path) -> list[Path]:
    """Delete the temporary `.part` files a killed run left in `folder`; return them."""
    if not folder.is_dir():
        return []
    leftovers = sorted(folder.glob(f".*{PART_SUFFIX}"))
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    return leftovers


# One encoder for every value: json.dumps with any option set builds a new encoder per call,
# which costs more than encoding a record.
json_text = json.JSONEncoder(ensure_ascii=False).encode


def dump_json(data: Any) -> str:
    """The one JSON layout of every output file: UTF-8, keys in model order, one line per
    top-level key and one line per element of a top-level list (a chapter's records), so a
    file reads well and diffs by record, while each line goes through the fast C encoder."""
    if not isinstance(data, dict):
        return json_text(data) + "\n"
    lines = []
    for key, value in data.items():
        name = json_text(key)
        if isinstance(value, list) and value:
            items = ",\n  ".join(json_text(item) for item in value)
            lines.append(f" {name}: [\n  {items}\n ]")
        else:
            lines.append(f" {name}: {json_text(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
