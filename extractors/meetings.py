"""Meetings: named meetings and congresses, one record per distinct name, with attendance.

Three shapes of the language name a meeting:
* an owner, a session number and a meeting head: `市计生协会` + `四届四次` + `理事会议`,
  `北京市` + `第十六届人民代表大会第四次会议`; a numbered edition: `第五届世界生物圈保护区大会`;
  party congress abbreviations: `党的二十大`, `二十届四中全会`;
* the object of a verb of convening: `召开优抚模范会议`, `举办…高峰会、…发展大会` (each part);
  fairs, exhibitions, trade shows, contests and ceremonies are not meetings, nor is a count
  of gatherings (`召开3次座谈会`).
`attendees` is the number of those who attended (`70多人参加了会议`, `出席代表45人`), without
特邀/列席 guests, from the meeting's sentence or the next one.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from extractors.base import alternation, compile_rule, make_record, table
from extractors.organizations import name_start_before
from extractors.quantity import parse_numeral
from pipeline.core.textspan import normalise_key
from pipeline.segment import SegmentedChapter

_N = r"[一二三四五六七八九十百千万零〇两\d]+"
MEETING_WORDS: dict[str, str] = dict(table("meeting_words.txt"))
_HEAD = "(?:" + alternation(word for word, role in MEETING_WORDS.items() if role == "head") + ")"
_NOT_MEETING = compile_rule("not a meeting", "(?:" + alternation(
    word for word, role in MEETING_WORDS.items() if role == "not") + ")$")

# A note in brackets inside a session's name: 三届二次全委（扩大）会议.
_NOTE = r"(?:[（(][\u4e00-\u9fff]{1,4}[）)])?"
SESSION = compile_rule("meeting session", rf"""
    (?:第{_N}届|{_N}届|首届)[\u4e00-\u9fff\s]{{0,12}}?(?:第?{_N}次|{_N}中)[\u4e00-\u9fff]{{0,8}}?{_NOTE}{_HEAD}
  | (?:第{_N}次|首次)[\u4e00-\u9fff]{{0,10}}?{_NOTE}{_HEAD}
    (?:第{_N}次(?:全体)?会议)?                           # 第一次代表大会第二次会议: one session
""")
EDITION = compile_rule("meeting edition", rf"第{_N}届[\u4e00-\u9fff—（）()\-]{{2,24}}?(?:大会|峰会|论坛|年会)")
PARTY_CONGRESS = compile_rule("party congress", rf"党的{_N}大|{_N}届{_N}中全会")
CONVENED = compile_rule("meeting convened", rf"""
    (?:召开|举行|举办|主持召开|联合召开|组织召开)[了的过]?    # 召开的…大会: the one convened
    (?P<names>[^，。；：！？,;]{{2,60}}{_HEAD})
    (?![\u4e00-\u9fff]{{0,1}}(?:精神|决定|要求|部署))
""")
# 召开3次座谈会, 举办两期报告会, 召开各种交流会: a count or a kind of gatherings names none
# (contract v2).
_COUNTED = compile_rule("counted gatherings", rf"^(?:(?:{_N}|多|数|几)(?:次|场|期|个|届|批)|各[种类级项次]|多种|历次)")
_HEADCOUNT = rf"\d{{1,3}}(?:[ ,，]\d{{3}})+(?!\d)|{_N}"  # 1 200, 312, 两千
_ENDS_WITH_HEAD = compile_rule("meeting head at end", f"{_HEAD}$")
ATTENDANCE = compile_rule("attendance", rf"""
    (?P<before>{_HEADCOUNT})\s*(?:多|余)?\s*(?:人|名)(?:[^，。；]{{0,6}})?(?:出席|参加|到会)
  | (?:出席|到会)(?:会议的?)?(?:代表|人员|同志)?(?P<after>{_HEADCOUNT})(?:多|余)?(?:人|名)
""")


def _attendees(chapter: SegmentedChapter, start: int, end: int) -> int | None:
    """The attendance stated after the meeting's name, in its sentence or the next one
    (召开…会议，…70多人参加了会议。)."""
    _, sentence_end = chapter.sentence_span(start, end)
    text = chapter.text
    following_end = chapter.sentence_span(sentence_end, sentence_end + 1)[1] if sentence_end < len(text) else sentence_end
    for match in ATTENDANCE.finditer(text, end, max(sentence_end, following_end)):
        if re.search(r"特邀|列席", text[max(end, match.start() - 6): match.end()]):
            continue
        try:
            return int(parse_numeral(match.group("before") or match.group("after")))
        except ValueError:
            continue
    return None


def _found(chapter: SegmentedChapter, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    text = chapter.text
    for pattern, rule in ((SESSION, "meeting.session"), (EDITION, "meeting.edition")):
        for match in pattern.finditer(text, start, end):
            owner = name_start_before(chapter, match.start())
            yield (owner if owner is not None else match.start()), match.end(), rule
    for match in PARTY_CONGRESS.finditer(text, start, end):
        yield match.start(), match.end(), "meeting.party_congress"
    for match in CONVENED.finditer(text, start, end):
        cursor = match.start("names")
        for part in re.split(r"(?<=会|议|坛)[、和及]", match.group("names")):
            if _ENDS_WITH_HEAD.search(part) and not _COUNTED.match(part):
                yield cursor, cursor + len(part), "meeting.convened"
            cursor += len(part) + 1


def extract(chapter: SegmentedChapter) -> Iterator[Any]:
    text = chapter.text
    seen: set[str] = set()
    for sentence in chapter.sentences:
        spans = sorted(set(_found(chapter, sentence.start, sentence.end)), key=lambda f: (f[0], -f[1], f[2]))
        kept: list[tuple[int, int, str]] = []
        for start, end, rule in spans:
            if any(s <= start and end <= e for s, e, _ in kept):
                continue  # inside a longer name already found
            kept.append((start, end, rule))
        for start, end, rule in kept:
            name = text[start:end].strip()
            if chapter.enclosure_at(start, end) or _NOT_MEETING.search(name):
                continue
            key = normalise_key(name)
            if key in seen:
                continue
            seen.add(key)
            yield make_record("meeting", chapter, start, end, rule, name=name, attendees=_attendees(chapter, start, end))
