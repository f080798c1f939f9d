"""Awards: one record per honouring clause (contract: one 表彰/评为/评出/授予/获奖 verb).

The verbs and where recipient, grantor and title sit around them are data
(`award_verbs.txt`). `recipient` is the whole phrase naming who was honoured, counts included
(`4个集体和10名个人`); `title` only when an honour is named after the verb, else null.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from extractors.base import alternation, compile_rule, make_record, table
from pipeline.segment import SegmentedChapter

VERBS: dict[str, str] = {row[0]: row[1] for row in table("award_verbs.txt")}


def _verbs(pattern: str) -> str:
    return alternation(tuple(sorted((v for v, p in VERBS.items() if p == pattern), key=len, reverse=True)))


PASSIVE = compile_rule("award passive", rf"被(?P<grantor>[^，。；,;]{{0,24}}?)(?P<verb>{_verbs('passive')})(?P<title>[^，。；,;]{{2,40}})")
RECEIVE = compile_rule("award receive", rf"受到(?P<grantor>[^，。；,;]{{1,30}}?)(?:的)?(?:通报)?(?P<verb>{_verbs('receive')})(?:奖励|表彰)?")
# 获 alone also means "obtain" (获批, 获得感): with it the title must end in an honour word.
WIN = compile_rule("award win", rf"""
    (?P<verb>{_verbs('win')})
    (?P<title>[^，。；,;]{{2,40}}?
        (?:奖|奖章|奖状|称号|冠军|亚军|季军|第[一二三]名|金奖|银奖|铜奖|金牌|银牌|铜牌|先进集体|先进个人|先进单位|模范|标兵))
    (?![\u4e00-\u9fff])
""")
_RECIPIENT_LEAD = re.compile(r"^(?:\s|全[市省县区国]|共|还|均|分别|先后|已)*有?\s*")
_TITLE_TAIL = re.compile(r"(?:荣誉)?称号$")


def _strip_title(title: str) -> str | None:
    title = _TITLE_TAIL.sub("", title.strip()).strip("“”\"「」 ")
    return title or None


def _recipient(chapter: SegmentedChapter, verb_start: int) -> tuple[int, int] | None:
    clause_start, _ = chapter.clause_span(verb_start, verb_start + 1)
    text = chapter.text
    lead = _RECIPIENT_LEAD.match(text[clause_start:verb_start])
    start = clause_start + (lead.end() if lead else 0)
    return (start, verb_start) if start < verb_start else None


def extract(chapter: SegmentedChapter) -> Iterator[Any]:
    text = chapter.text
    for sentence in chapter.sentences:
        taken: list[tuple[int, int]] = []
        for rule, pattern in (("award.passive", PASSIVE), ("award.receive", RECEIVE), ("award.win", WIN)):
            for match in pattern.finditer(text, sentence.start, sentence.end):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                recipient = _recipient(chapter, match.start())
                if recipient is None:
                    continue
                taken.append(match.span())
                grantor = match.groupdict().get("grantor")
                title = match.groupdict().get("title")
                yield make_record(
                    "award", chapter, recipient[0], match.end(), rule,
                    evidence_span=chapter.clause_span(recipient[0], match.end()),
                    recipient=text[recipient[0]:recipient[1]].strip(),
                    grantor=(grantor or "").strip() or None,
                    title=_strip_title(title) if title and rule != "award.receive" else None,
                )
