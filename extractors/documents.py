"""Documents: every title in book-title marks 《…》, one per distinct title, with its issuer.

The issuer is who issued, wrote or delivered it when the same clause says so: the phrase
before 下发/印发/制定/发出/出台/颁布/发布 (`市计生协会下发了《…》`), the speaker of
`X作《…》报告`, and for a forwarded document (批转, 转发) the original author named after the verb.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from extractors.base import compile_rule, make_record
from extractors.phrases import phrase_before
from pipeline.core.textspan import normalise_key
from pipeline.segment import SegmentedChapter

ISSUING = compile_rule("issuing verb", r"(?P<verb>下发|印发|制定|制发|发出|出台|颁布|发布|编印|编写|出版|起草|修订|作|做)了?\s*$")
FORWARDING = compile_rule("forwarding verb", r"(?:批转|转发)了?(?P<author>[\u4e00-\u9fff]{2,20}?)\s*$")
_ADVERBS = re.compile(r"(?:还|也|又|已|先后|相继|分别|共|并|均|都|同时|专门|正式|首次|重新)+$")


def _issuer(chapter: SegmentedChapter, title_start: int) -> str | None:
    text = chapter.text
    clause_start, _ = chapter.clause_span(title_start, title_start + 1)
    before = text[clause_start:title_start]
    forwarded = FORWARDING.search(before)
    if forwarded:
        return forwarded.group("author")
    issuing = ISSUING.search(before)
    if not issuing:
        return None
    verb_start = clause_start + issuing.start()
    subject = text[clause_start:verb_start]
    subject = _ADVERBS.sub("", subject)
    span = phrase_before(chapter, clause_start + len(subject)) if subject else None
    if not span:
        return None
    issuer = text[span[0]:span[1]].strip()
    return issuer or None


def extract(chapter: SegmentedChapter) -> Iterator[Any]:
    text = chapter.text
    seen: set[str] = set()
    for start, end in chapter.enclosures:
        if text[start] != "《":
            continue
        title = text[start + 1: end - 1].strip()
        key = normalise_key(title)
        if not title or key in seen:
            continue
        seen.add(key)
        yield make_record("document", chapter, start + 1, end - 1, "document.title",
                          title=title, issuer=_issuer(chapter, start))
