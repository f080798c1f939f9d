"""The readers' data files (`data/*.txt`): a header of `#` lines, then one entry a line."""

from __future__ import annotations

import re
from importlib import resources

from pipeline.core.errors import RuleFileError


def data_lines(name: str) -> list[tuple[int, str]]:
    """(line number, stripped line) of every entry in `data/<name>`: no blanks, no `#` lines."""
    text = resources.files("pipeline.readers.data").joinpath(name).read_text(encoding="utf-8")
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("#")]


def data_patterns(name: str) -> list[re.Pattern[str]]:
    """Each entry of `data/<name>` compiled as a regular expression."""
    patterns = []
    for number, line in data_lines(name):
        try:
            patterns.append(re.compile(line))
        except re.error as error:
            raise RuleFileError(f"line {number}: bad pattern ({error})", path=f"pipeline/readers/data/{name}") from None
    return patterns
