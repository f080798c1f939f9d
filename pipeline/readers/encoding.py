"""Decode text in the encodings archives hold: UTF-8 (with or without BOM), UTF-16 (with or
without BOM), GB18030 (a superset of GBK and GB2312) and Big5.

Bytes are never silently mangled: a file is decoded strictly or not at all, and a file that
no candidate decodes raises an `InputError` naming the byte offset and line where the
closest candidate fails.

Without a byte-order mark, valid UTF-8 without NUL bytes wins (it is almost never valid by
accident). Otherwise GB18030 and Big5 both accept most double-byte text, each other's
included, and UTF-16 of Chinese alone has no NUL bytes to give it away, so every strict
decoding is scored by `plausibility`, the share of its characters that ordinary text is made
of (ASCII, CJK punctuation and the common characters in `data/common_hanzi.txt`), and the
best one wins. Bytes with NULs that are not UTF-16 are binary data, not text.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

from pipeline.core.errors import InputError
from pipeline.readers.rules import data_lines

# Tried when the bytes are not UTF-8, in this order; on equal scores the earlier one wins
# (mainland archives are the common case). big5hkscs is Big5 with the Hong Kong additions.
_DOUBLE_BYTE = ("gb18030", "big5hkscs")
_UTF16 = ("utf-16-le", "utf-16-be")
_NAMES = "UTF-8, UTF-16, GB18030 or Big5"

# (byte-order mark, the codec of the bytes after it, the name reported)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# A decoding whose characters are less than this share ordinary text is not this encoding.
MIN_PLAUSIBLE = 0.5
# Labels a web page may declare, read as the superset that real pages in them use.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """The characters of `data/common_hanzi.txt`."""
    return frozenset(char for _, line in data_lines("common_hanzi.txt") for char in line if not char.isspace())


def _ordinary(char: str, common: frozenset[str]) -> bool:
    code = ord(char)
    return (0x20 <= code < 0x7F or char in "\n\r\t" or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E
            or 0x2010 <= code <= 0x2027 or char in common)


def plausibility(text: str) -> float:
    """The share of `text` made of ASCII, CJK punctuation and common Chinese characters.

    >>> plausibility("全市共有协会组织 1 519个")
    1.0
    """
    sample = text[:20000]
    if not sample:
        return 1.0
    common = common_characters()
    return sum(_ordinary(char, common) for char in sample) / len(sample)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def undecodable(data: bytes, encoding: str, offset: int, path: str, what: str) -> InputError:
    """The error for bytes that `encoding` cannot decode at `offset`, saying what to do."""
    return InputError(
        f"{what} (byte {offset}, line {_line_of(data, offset)}, fails in {encoding}); "
        f"convert the file to UTF-8 or check that it is text",
        path=path,
    )


def _strict(data: bytes, encoding: str) -> str | UnicodeDecodeError:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        return error


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name). Raise `InputError` when nothing decodes the bytes."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            decoded = _strict(data[len(bom):], codec)
            if isinstance(decoded, UnicodeDecodeError):
                raise undecodable(data, name, len(bom) + decoded.start, path,
                                  f"declares {name} by its byte-order mark but is not")
            return decoded, name
    # NUL bytes: UTF-16 (every ASCII character has one), or not text at all.
    has_nul = b"\x00" in data
    if not has_nul:
        decoded = _strict(data, "utf-8")
        if isinstance(decoded, str):
            return decoded, "utf-8"
    # UTF-16 of Chinese alone has no NUL bytes, so it competes with the double-byte encodings.
    candidates = (() if has_nul else _DOUBLE_BYTE) + (_UTF16 if len(data) % 2 == 0 else ())
    failures: list[tuple[int, str]] = []
    scored: list[tuple[float, int, str, str]] = []
    for rank, encoding in enumerate(candidates):
        decoded = _strict(data, encoding)
        if isinstance(decoded, UnicodeDecodeError):
            failures.append((decoded.start, encoding))
        else:
            scored.append((plausibility(decoded), -rank, decoded, encoding))
    if scored:
        score, _, text, encoding = max(scored)
        if score >= MIN_PLAUSIBLE:
            return text, encoding
    if has_nul:
        raise InputError(f"binary data, not text (NUL byte at offset {data.index(0)})", path=path)
    if scored:
        raise InputError(
            f"does not read as text in {_NAMES} (closest: {encoding}, {score:.0%} ordinary characters); "
            f"check that it is a text file",
            path=path,
        )
    offset, encoding = max(failures)
    raise undecodable(data, encoding, offset, path, f"not decodable as {_NAMES}")


def decode_declared(data: bytes, label: str, path: str) -> tuple[str, str, tuple[str, ...]]:
    """Decode bytes in the encoding a document declares; return (text, encoding, warnings).

    A declaration that is wrong or unknown falls back to detection, with a warning, when the
    detected encoding decodes the whole file; otherwise the declared one's failure is raised.
    Bytes that are UTF-8 (and not ASCII) are UTF-8 whatever they declare: pages re-saved in
    UTF-8 keep their old declaration, and GBK would decode them into nonsense.
    """
    label = label.strip().lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        text, detected = decode_bytes(data, path)
        return text, detected, (f"{path}: declares unknown charset {label!r}; read as {detected}",)
    encoding = _SUPERSETS.get(name, name)
    if name != "utf-8" and not data.isascii():
        as_utf8 = _strict(data, "utf-8")
        if isinstance(as_utf8, str):
            return as_utf8, "utf-8", (f"{path}: declares charset {label} but is utf-8",)
    decoded = _strict(data, encoding)
    if isinstance(decoded, str):
        return decoded, encoding, ()
    try:
        text, detected = decode_bytes(data, path)
    except InputError:
        raise undecodable(data, encoding, decoded.start, path, f"declares charset {label} but is not") from None
    return text, detected, (f"{path}: declares charset {label} but is {detected} (byte {decoded.start} is not {label})",)
