"""One error root for everything the tool reports to its user.

Every message says what went wrong and where (file, record, line or byte), so that a batch
log line is enough to find the problem without a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable


class YearbookError(Exception):
    """Root of all errors the tool raises on purpose."""

    stage = "run"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class InputError(YearbookError):
    """A chapter file that cannot be read or decoded."""

    stage = "read"


class GoldError(YearbookError):
    """A gold or prediction file that breaks the annotation contract."""

    stage = "gold"


class RuleFileError(YearbookError):
    """A lexicon or pattern data file that is malformed."""

    stage = "rules"


class OutputError(YearbookError):
    """An output folder or file that cannot be written."""

    stage = "write"


def named(names: Iterable[str], limit: int = 10) -> str:
    """Names (doc_ids, files) for a message: the first `limit`, then how many more.

    >>> named(["a", "b", "c"], limit=2)
    'a, b and 1 more'
    """
    listed = list(names)
    shown = ", ".join(listed[:limit])
    return f"{shown} and {len(listed) - limit} more" if len(listed) > limit else shown


# The exit status of a command whose output pipe was closed early (Python's own, on EPIPE).
BROKEN_PIPE_STATUS = 1


def leave_closed_stdout() -> int:
    """Handle a command's reader going away early (`yearbook schema | head`) the way Python's
    documentation advises: send what is still buffered for stdout to the null device, so that
    flushing it at exit cannot fail a second time, and return the exit status. Nothing is
    printed: the reader has all it asked for."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)
    return BROKEN_PIPE_STATUS
