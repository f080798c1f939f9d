"""Matching text the way the contract does: NFKC, whitespace removed, offsets mapped back.

Evidence in a gold file is found in the chapter "after Unicode NFKC and with all whitespace
removed on both sides"; the offsets reported are those of the text as read. Normalisation is
done one character at a time so that every normalised character knows the original character
it came from (NFKC of a whole string only differs for combining sequences, which Chinese
yearbook text does not use).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Quote marks the scorer treats as one: the contract says keys compare "quote marks unified".
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»「」『』〝〞〟＂\"'‘’‚‛"})


@lru_cache(maxsize=4096)
def _normalise_char(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", char) if not c.isspace())


def normalise(text: str) -> str:
    """NFKC with all whitespace removed: the form evidence is compared in."""
    return "".join(_normalise_char(c) for c in text)


def normalise_key(text: str) -> str:
    """The form a strict-match key is compared in: `normalise` plus unified quote marks."""
    return normalise(text).translate(_QUOTES)


@dataclass(frozen=True)
class NormalisedText:
    """A text in normalised form with, for each normalised character, its original offset."""

    original: str
    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> NormalisedText:
        chars: list[str] = []
        origin: list[int] = []
        for offset, char in enumerate(original):
            for normal in _normalise_char(char):
                chars.append(normal)
                origin.append(offset)
        return cls(original, "".join(chars), tuple(origin))

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        """Every (start, end) in the original text whose normalised form equals `needle`'s."""
        target = normalise(needle)
        spans: list[tuple[int, int]] = []
        if not target:
            return spans
        at = self.text.find(target)
        while at != -1:
            last = at + len(target) - 1
            spans.append((self.origin[at], self.origin[last] + 1))
            at = self.text.find(target, at + 1)
        return spans

    def locate(self, needle: str, near: int | None = None) -> tuple[int, int] | None:
        """The span of `needle` in the original text, the one nearest `near` when it repeats."""
        spans = self.find_all(needle)
        if not spans:
            return None
        if near is None:
            return spans[0]
        return min(spans, key=lambda span: (0 if span[0] <= near < span[1] else 1, abs(span[0] - near)))
