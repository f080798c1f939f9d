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

A file that mixes encodings (a part pasted in from another file) is an error naming where
the first part ends: UTF-8 for a while and then not, or a decoding that reads well except for
a stretch it turns into rare characters.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
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
# Characters of a text scored for plausibility (the first ones: enough to tell).
_SAMPLE = 20000
# A part of a file that decodes with at least this many non-ASCII characters, and reads as
# ordinary text, is in that encoding: bytes of another one never fit for long.
_EVIDENCE = 20
# Every stretch of this many characters must read as ordinary text on its own.
_MAX_CHARACTER_BYTES = 3
_STRETCH = 1000
# Control characters that no text holds (tabs, line and page breaks are text); a decoding
# with this share of them or more is binary data. Below it, a stray one (a DOS end-of-file
# mark, a pasted bell) does not make a long text binary.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01
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
    sample = text[:_SAMPLE]
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


def _utf8_then_not(data: bytes, failure: UnicodeDecodeError, path: str) -> InputError | None:
    """The error for a file that is UTF-8 up to `failure` and then is not (cut off in the
    middle of a character, or followed by another encoding); None when its first part is no
    evidence of UTF-8."""
    if not _reads_as_text(data[:failure.start].decode("utf-8")):
        return None
    if failure.end == len(data) and failure.reason == "unexpected end of data":
        return InputError(f"is UTF-8 but ends in the middle of a character ({_where(data, failure.start)}): "
                          f"the file is cut off; check that it is complete", path=path)
    # UTF-8 fails where it ends (or a character later, should the first bytes after it happen
    # to be UTF-8 too).
    starts = range(failure.start, max(failure.start - _MAX_CHARACTER_BYTES, 0) - 1, -1)
    then = _continues_in(data, starts, _DOUBLE_BYTE)
    return _mixed("utf-8", _where(data, then[1] if then else failure.start), then[0] if then else None, path)


def _continues_in(data: bytes, starts: Iterable[int], encodings: tuple[str, ...]) -> tuple[str, int] | None:
    """(encoding, start) for the first of `starts` from which the rest of `data` reads as
    text in one of `encodings`; None when there is none."""
    for start in starts:
        for encoding in encodings:
            text = _strict(data[start:], encoding)
            if isinstance(text, str) and _reads_as_text(text):
                return encoding, start
    return None


def _reads_as_text(text: str) -> bool:
    """Whether a decoded part is evidence of its encoding: enough non-ASCII characters, and
    ordinary ones."""
    return sum(not char.isascii() for char in text[:_SAMPLE]) >= _EVIDENCE and plausibility(text) >= MIN_PLAUSIBLE


def _where(data: bytes, offset: int) -> str:
    return f"byte {offset}, line {_line_of(data, offset)}"


def _mixed(first: str, where: str, then: str | None, path: str) -> InputError:
    """The error for a file in `first` up to `where`, then in the encoding `then` or in none."""
    return InputError(f"mixes encodings: {first} up to {where}, then {then or 'bytes that are not ' + first}; "
                      f"convert every part of it to one encoding, UTF-8", path=path)


def _odd_stretch(text: str) -> tuple[int, float] | None:
    """(start, plausibility) of the first stretch of `text` that does not read as ordinary
    text although the whole does: what another encoding's part becomes in this one."""
    if len(text) <= _STRETCH:
        return None
    starts = [*range(0, len(text) - _STRETCH, _STRETCH), len(text) - _STRETCH]
    for start in starts:
        score = plausibility(text[start:start + _STRETCH])
        if score < MIN_PLAUSIBLE:
            return start, score
    return None


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name). Raise `InputError` when nothing decodes the bytes, the
    file mixes encodings, or what decodes is control characters (a binary file too short, or
    too lucky, to fail every decoding: `\\x89PNG\\r\\n\\x1a\\n` reads as GB18030)."""
    text, encoding = _decode(data, path)
    sample = text[:_SAMPLE]
    controls = _CONTROLS.findall(sample)
    if controls and len(controls) >= _MAX_CONTROL_SHARE * len(sample):
        first = _CONTROLS.search(sample).start()  # type: ignore[union-attr]
        raise InputError(f"binary data, not text (control characters, the first U+{ord(sample[first]):04X} at "
                         f"character {first})", path=path)
    return text, encoding


def _decode(data: bytes, path: str) -> tuple[str, str]:
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
        mixed = _utf8_then_not(data, decoded, path)
        if mixed:
            raise mixed
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
            odd = _odd_stretch(text)
            if odd is None:
                return text, encoding
            start, share = odd
            line = text.count("\n", 0, start) + 1
            raise InputError(f"mixes encodings: read as {encoding}, its text from about line {line} on is rare "
                             f"characters ({share:.0%} ordinary); convert every part of it to one encoding, UTF-8",
                             path=path)
    if has_nul:
        raise InputError(f"binary data, not text (NUL byte at offset {data.index(0)})", path=path)
    if scored:
        raise InputError(
            f"does not read as text in {_NAMES} (closest: {encoding}, {score:.0%} ordinary characters); "
            f"check that it is a text file",
            path=path,
        )
    offset, encoding = max(failures)
    # A double-byte encoding decodes some UTF-8 too, so a UTF-8 part may start before the
    # failure, in its line: the line is where to look.
    line_start = data.rfind(b"\n", 0, offset) + 1
    starts = (line_start, *range(offset, max(offset - _MAX_CHARACTER_BYTES, line_start) - 1, -1))
    if then := _continues_in(data, starts, ("utf-8",)):
        raise _mixed(encoding, f"line {_line_of(data, then[1])}", "utf-8", path)
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
