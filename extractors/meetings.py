"""Meetings: named meetings and congresses, one record per distinct name, with attendance.

A meeting name is an owner phrase, a session number and a meeting head:
`市计生协会` + `四届四次` + `理事会议`, `北京市` + `第十六届` + `人民代表大会第四次会议`, or a
party congress abbreviation (`党的二十大`, `二十届四中全会`). `attendees` is the number
before `出席` (or `参加`) in the same sentence, without 特邀/列席 guests.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from extractors.base import compile_rule, make_record
from extractors.phrases import phrase_before
from extractors.quantity import parse_numeral
from pipeline.core.textspan import normalise_key
from pipeline.segment import SegmentedChapter

_N = r"[一二三四五六七八九十百零〇两\d]+"
SESSION_MEETING = compile_rule("meeting session", rf"""
    (?:第{_N}届|{_N}届)                                  # 第十六届, 四届
    [\u4e00-\u9fff]{{0,12}}?                             # 人民代表大会, 人大
    (?:第?{_N}次|{_N}中)                                  # 第四次, 三次, 四中
    [\u4e00-\u9fff]{{0,8}}?
    (?:全体会议|全会|代表大会|大会|会议)
  | 第{_N}次[\u4e00-\u9fff]{{0,10}}?(?:代表大会|大会|会议)   # 第十次代表大会
  | 党的{_N}大
""")
ATTENDANCE = compile_rule("attendance", rf"(?P<n>{_N})\s*(?:多|余)?\s*(?:人|名)(?:[^，。；]{{0,6}})?(?:出席|参加)")


def _attendees(chapter: SegmentedChapter, start: int) -> int | None:
    sentence_start, sentence_end = chapter.sentence_span(start, start + 1)
    text = chapter.text
    # The attendance may be the next sentence's (召开…会议。…70多人参加了会议。).
    _, next_end = chapter.sentence_span(sentence_end, sentence_end + 1) if sentence_end < len(text) else (0, sentence_end)
    for match in ATTENDANCE.finditer(text, sentence_start, max(sentence_end, next_end)):
        if re.search(r"特邀|列席", text[max(sentence_start, match.start() - 6): match.start()]):
            continue
        try:
            return int(parse_numeral(match.group("n")))
        except ValueError:
            continue
    return None


def extract(chapter: SegmentedChapter) -> Iterator[Any]:
    text = chapter.text
    seen: set[str] = set()
    for sentence in chapter.sentences:
        for match in SESSION_MEETING.finditer(text, sentence.start, sentence.end):
            if chapter.enclosure_at(match.start(), match.end()):
                continue
            owner = phrase_before(chapter, match.start(), max_chars=16)
            start = owner[0] if owner else match.start()
            name = text[start: match.end()]
            key = normalise_key(name)
            if key in seen:
                continue
            seen.add(key)
            yield make_record("meeting", chapter, start, match.end(), "meeting.session",
                              name=name, attendees=_attendees(chapter, start))
