"""Reading a phrase left from a position, shared by awards, meetings and documents.

A phrase such as a meeting's owner, an award's recipient or a document's issuer runs back
from a verb or a name to the start of its clause, but stops at a bounding word (召开, 在, 的,
出席… in `phrase_bounds.txt`): `召开了市计生协会四届四次理事会议` → `市计生协会…`. `WHEN`
is the time phrase that may stand before such a phrase or between it and its verb;
`HONOUR_LEVEL` the level word that may stand before a quoted honour.
"""

from __future__ import annotations

import re

from extractors.base import lexicon
from pipeline.segment import SegmentedChapter

BOUNDS = frozenset(lexicon("phrase_bounds.txt"))
# A point in time as yearbooks write it before or after the phrase it dates (1987年10月,
# 7月18日, 3月上旬, 同年, 下半年, 年内).
WHEN = (r"同年|当年|次年|\d{2,4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:[上中下]旬|初|底|末)?"
        r"|\d{1,2}月(?:\d{1,2}日)?(?:[上中下]旬|初|底|末)?|[一二三四五六七八九十]+月|[上下]半年|年[初底末内]|全年|是年|本年")
# The level of an honour written before its quoted name: 被评为省级“文明窗口”.
HONOUR_LEVEL = r"(?:全国|全省|全市|全县|(?:国家|省|市|县|地区|部)级)"
_LEADING_NOISE = re.compile(r"[\s\d年月日,，、:：;；()（）]+")


def phrase_before(chapter: SegmentedChapter, end: int, max_chars: int = 30) -> tuple[int, int] | None:
    """The span of the phrase ending at `end`: back to the clause start or a bounding word."""
    text = chapter.text
    clause_start, _ = chapter.clause_span(end - 1 if end > 0 else 0, end)
    start = end
    for word_start, word_end in reversed(chapter.words(clause_start, end)):
        if word_end > end:
            continue
        if word_start < clause_start or end - word_start > max_chars:
            break
        word = text[word_start:word_end]
        if word in BOUNDS:
            break
        start = word_start
    noise = _LEADING_NOISE.match(text, start, end)
    if noise:
        start = noise.end()
    while start < end and text[start].isspace():
        start += 1
    return (start, end) if start < end else None
