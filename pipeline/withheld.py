"""Lexicon entries withheld from this process, for the leave-one-family-out evaluation.

`yearbook evaluate` scores each source family a second time without the lexicon entries that
occur in that family's texts and in no other's: entries that may have been written while
looking at it. It runs that extraction in a fresh worker process whose environment names the
entries, as JSON `{"<package data file>": [entry, ...]}`; nothing else sets the variable.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

ENVIRONMENT_VARIABLE = "YEARBOOK_WITHHELD_ENTRIES"


@lru_cache(maxsize=None)
def withheld_entries(data_file: str) -> frozenset[str]:
    """The entries of `data_file` (`extractors/data/org_suffixes.txt`) this process leaves out."""
    named = os.environ.get(ENVIRONMENT_VARIABLE)
    if not named:
        return frozenset()
    return frozenset(json.loads(named).get(data_file, ()))



@contextmanager
def withholding(entries: dict[str, list[str]]) -> Iterator[None]:
    """Name `entries` in this process's environment while a worker process is started, so that
    the worker withholds them from its first import on; the parent's lexicons stay as they are."""
    previous = os.environ.get(ENVIRONMENT_VARIABLE)
    os.environ[ENVIRONMENT_VARIABLE] = json.dumps(entries, ensure_ascii=False)
    try:
        yield
    finally:
        if previous is None:
            del os.environ[ENVIRONMENT_VARIABLE]
        else:
            os.environ[ENVIRONMENT_VARIABLE] = previous
