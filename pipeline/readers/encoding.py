"""Decode text files in the encodings archives hold: UTF-8 (with or without BOM), UTF-16,
GB18030 (a superset of GBK and GB2312) and Big5.

Bytes are never silently mangled. A file that no candidate decodes strictly raises an
`InputError` naming the byte offset where the best candidate failed.
"""

from __future__ import annotations

import codecs

from pipeline.core.errors import InputError

# Tried in this order after the byte-order marks; the first strict decode wins. UTF-8 first:
# valid UTF-8 is almost never valid by accident. GB18030 before Big5: mainland archives are the
# common case, and a Big5 file with traditional characters usually breaks GB18030 early.
_CANDIDATES = ("utf-8", "gb18030", "big5")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: many NUL bytes on one side of each pair."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f")
    return cjk / len(text)


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name). Raise `InputError` when nothing decodes the bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise InputError(
                    f"declares {encoding} by its byte-order mark but byte {error.start} is invalid",
                    path=path,
                ) from None
    utf16 = _looks_like_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise InputError(
            f"binary data, not text (NUL byte at offset {data.index(0)})", path=path
        )
    failures: list[tuple[int, str]] = []
    for encoding in _CANDIDATES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            failures.append((error.start, encoding))
            continue
        if encoding == "gb18030" and _cjk_share(text) < 0.05 and len(text) > 200:
            # Decodes, but into no Chinese: more likely Big5 or junk; let Big5 try first.
            try:
                return data.decode("big5"), "big5"
            except UnicodeDecodeError:
                pass
        return text, encoding
    offset, encoding = max(failures)
    raise InputError(
        f"not decodable as UTF-8, UTF-16, GB18030 or Big5 (best guess {encoding} fails at "
        f"byte {offset}); convert the file to UTF-8 or check it is text",
        path=path,
    )
