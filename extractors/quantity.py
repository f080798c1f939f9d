"""Quantities as Chinese official prose writes them, in three named steps.

1. `parse_numeral` turns one numeral into a number: Arabic or full-width digits, spaced or
   comma thousands, decimals, Chinese numerals (两, 十二, 一千五百, 〇), mixed forms (3万4000,
   13万2, 1.2亿), and a bare scale word (万 in 近万).
2. `parse_range` reads a numeral or a range of two (`1—2`, `3~4`, `五六百`, `三四十`).
3. `canonical_qualifier` maps an approximation or bound word onto the contract's nine.

>>> parse_numeral("1 519")
1519
>>> parse_numeral("一千五百")
1500
>>> parse_numeral("3万4000")
34000
>>> parse_range("五六百")
(500, 600)
>>> canonical_qualifier("逾")
'超过'
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from extractors.base import table

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
SCALES = {"万": 10_000, "亿": 100_000_000, "万亿": 10**12}

# Variants of the contract's qualifiers and where each stands (contract, count.qualifier).
_QUALIFIER_ROWS = table("qualifiers.txt", 3)
QUALIFIER_VARIANTS: dict[str, str] = {word: qualifier for word, qualifier, _ in _QUALIFIER_ROWS}
QUALIFIERS_BEFORE = tuple(word for word, _, place in _QUALIFIER_ROWS if place == "before")
QUALIFIERS_AFTER_UNIT = tuple(word for word, _, place in _QUALIFIER_ROWS if place == "unit")

_CHINESE_NUMBER = re.compile(r"[〇零一二两三四五六七八九十百千万亿]+")
_ARABIC = re.compile(r"\d+(?:\.\d+)?")


def _plain(text: str) -> str:
    """Full-width digits and points to ASCII; thousands separators and spaces removed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\d)[\s,，](?=\d{3}(?!\d))", "", text)
    return text.replace("．", ".").strip()


def _whole(value: Decimal | float) -> int | float:
    """An exact number as int when whole, else float (decimal arithmetic avoids 1126.6亿 →
    112659999999.99998)."""
    exact = Decimal(str(value)) if not isinstance(value, Decimal) else value
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def scale(value: int | float, factor: int) -> int | float:
    """`value` × `factor` exactly: scale(1126.6, 10**8) == 112660000000."""
    return _whole(Decimal(str(value)) * factor)


def _chinese_below_wan(text: str) -> int:
    """一千五百 → 1500, 十二 → 12, 三百零五 → 305, 两千 → 2000."""
    total, digit = 0, None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    if digit is not None:
        # 一千五 is 1500: a digit right after a place word stands one place lower.
        place = SMALL_UNITS.get(text[-2], 10) if len(text) >= 2 else 10
        total += digit * (place // 10)
    return total


def parse_numeral(text: str) -> int | float:
    """One numeral to a number.

    >>> parse_numeral("1,100万")
    11000000
    >>> parse_numeral("1.2亿")
    120000000
    >>> parse_numeral("13万2")
    132000
    >>> parse_numeral("万")
    10000
    >>> parse_numeral("２０")
    20
    """
    plain = _plain(text)
    if not plain:
        raise ValueError("empty numeral")
    value = Decimal(0)
    rest = plain
    # Split on scale words from the largest: 1.2亿 → 1.2 × 10^8; 3万4000 → 3 × 10^4 + 4000.
    for scale_word in ("万亿", "亿", "万"):
        if scale_word in rest:
            head, _, tail = rest.partition(scale_word)
            head_value = _small(head) if head else 1
            factor = SCALES[scale_word]
            if tail and re.fullmatch(r"\d", tail):
                # 13万2: a single trailing digit is the next lower place (2 × 1000).
                value += head_value * factor + int(tail) * factor // 10
                rest = ""
            else:
                value += head_value * factor
                rest = tail
    if rest:
        value += _small(rest)
    return _whole(value)


def _small(text: str) -> Decimal:
    if _ARABIC.fullmatch(text):
        return Decimal(text)
    if _CHINESE_NUMBER.fullmatch(text):
        return Decimal(_chinese_below_wan(text))
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千])", text)
    if match:  # 3千 → 3000
        return Decimal(match.group(1)) * SMALL_UNITS[match.group(2)]
    raise ValueError(f"not a numeral: {text!r}")


# Two adjacent Chinese digits give an approximate range: 五六百 → 500–600, 三四十 → 30–40.
_ADJACENT_DIGITS = re.compile(r"(?P<low>[一二两三四五六七八九])(?P<high>[二三四五六七八九])(?P<tail>[十百千万亿]*)")
_RANGE_SEPARATOR = re.compile(r"\s*[-—–~～至到]+\s*")


def parse_range(text: str) -> tuple[int | float, int | float | None]:
    """A numeral or a range to (value, value_max).

    >>> parse_range("4.5-5")
    (4.5, 5)
    >>> parse_range("两三")
    (2, 3)
    >>> parse_range("1 519")
    (1519, None)
    """
    plain = _plain(text)
    adjacent = _ADJACENT_DIGITS.fullmatch(plain)
    if adjacent and DIGITS[adjacent.group("high")] == DIGITS[adjacent.group("low")] + 1:
        tail = adjacent.group("tail")
        low = parse_numeral(adjacent.group("low") + tail)
        high = parse_numeral(adjacent.group("high") + tail)
        return low, high
    parts = [part for part in _RANGE_SEPARATOR.split(plain) if part]
    if len(parts) == 2:
        low_text, high_text = parts
        high = parse_numeral(high_text)
        # 3—5万: the scale written once applies to both ends.
        scale_word = next((w for w in ("万亿", "亿", "万") if high_text.endswith(w) and not low_text.endswith(w)), None)
        low = parse_numeral(low_text + scale_word) if scale_word else parse_numeral(low_text)
        return low, high
    return parse_numeral(plain), None


def canonical_qualifier(word: str | None) -> str | None:
    """The contract's form of an approximation or bound word, or None.

    >>> canonical_qualifier("以内")
    '以下'
    >>> canonical_qualifier("不到")
    '不足'
    """
    if not word:
        return None
    return QUALIFIER_VARIANTS.get(word.strip())
