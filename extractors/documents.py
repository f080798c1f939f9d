"""Documents: every title in book-title marks 《…》, one per distinct title, with its issuer;
the titles in 〈…〉 inside a 《…》 title are documents too (contract v2), their issuer unsaid.

The issuer is who issued, wrote or delivered it when the same clause says so: the phrase
before 下发/印发/制定/发出/出台/颁布/发布 (`市计生协会下发了《…》`), the speaker of
`X作《…》报告`, and for a forwarded document (批转, 转发) the original author named after the verb.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from extractors.base import alternation, compile_rule, lexicon, make_record, table
from extractors.organizations import KNOWN_NAMES, SUFFIXES
from extractors.phrases import WHEN, phrase_before
from pipeline.core.textspan import normalise_key
from pipeline.segment import SegmentedChapter

DOCUMENT_VERBS: dict[str, str] = dict(table("document_verbs.txt"))


def _words(role: str) -> str:
    return alternation(word for word, word_role in DOCUMENT_VERBS.items() if word_role == role)


ISSUING = compile_rule("issuing verb", rf"(?P<verb>{_words('issue')})(?:了|(?P<relative>的))?\s*$")
# 作 and 做 end many words (制作, 合作): as issuing verbs only when the title is a report delivered.
DELIVERING = compile_rule("delivering verb", r"(?<![制合工创协操动写运])(?P<verb>作|做)了?\s*$")
REPORT_AFTER = compile_rule("report after title", r"的?(?:报告|讲话|发言|说明)")
FORWARDING = compile_rule("forwarding verb", rf"(?:{_words('forward')})了?(?P<author>[\u4e00-\u9fff]{{2,20}}?)\s*$")
_ADVERBS = compile_rule("adverbs before the verb", rf"(?:{_words('adverb')})+$")


_LEADING_TIME = re.compile(rf"^(?:{WHEN})*")
# A preposition of accordance before the issuing verb: in 市民政部门根据内务部颁布的《…》 the
# issuer is who it names, in 县政府根据上级要求制定了《…》 the subject before it.
_ACCORDING_TO = re.compile(r"根据|按照|依据|依照|遵照")
# 我们编制了《…》: a pronoun names no issuer.
_PRONOUNS = frozenset({"我们", "我", "他们", "他", "她", "其", "本人", "咱们"})
# 胡为德副市长作《…》报告, 市长张三作…: the person, without the post written next to the name.
_POSTS = alternation(lexicon("posts.txt"))
_NAME_WITH_POST = compile_rule("a name with its post",
                               rf"^(?:(?P<before>[\u4e00-\u9fff]{{2,3}}?)(?:{_POSTS})|(?:{_POSTS})(?P<after>[\u4e00-\u9fff]{{2,3}}))$")
_MAX_ISSUER = 30
# A title quoted inside a title: 《关于转发〈…条例〉的通知》.
_INNER_TITLE = compile_rule("title inside a title", r"〈(?P<title>[^〈〉]{1,80})〉")


def _is_body(name: str) -> bool:
    """A body's name (市委, 市妇联) before a post: 市委书记 is an officer, not a name and a post."""
    return name.endswith(SUFFIXES) or name in KNOWN_NAMES


def _issuer(chapter: SegmentedChapter, title_start: int) -> str | None:
    """Who issued the document, when its clause says so; the whole subject of the clause, so
    that joint issuers stay together (县总工会与县劳动和社会保障局联合下发《…》)."""
    text = chapter.text
    clause_start, _ = chapter.clause_span(title_start, title_start + 1)
    before = text[clause_start:title_start]
    forwarded = FORWARDING.search(before)
    if forwarded:
        return forwarded.group("author")
    issuing = ISSUING.search(before)
    if not issuing:
        title_end = text.find("》", title_start)
        delivered = DELIVERING.search(before)
        if not delivered or title_end < 0:
            return None
        if not (REPORT_AFTER.match(text, title_end + 1) or REPORT_AFTER.search(text, title_end - 3, title_end)):
            return None  # 作《…》报告 or 作《…报告》: a report delivered
        issuing = delivered
    subject = _ADVERBS.sub("", before[: issuing.start()].strip())
    subject = _LEADING_TIME.sub("", subject).strip()
    prepositions = list(_ACCORDING_TO.finditer(subject))
    if prepositions:
        relative = issuing.groupdict().get("relative")
        subject = (subject[prepositions[-1].end():] if relative else subject[:prepositions[0].start()]).strip()
    with_post = _NAME_WITH_POST.match(subject)
    if with_post and not _is_body(with_post.group("before") or ""):
        subject = with_post.group("before") or with_post.group("after")
    if not subject or subject in _PRONOUNS:
        return None
    if len(subject) > _MAX_ISSUER:
        span = phrase_before(chapter, clause_start + before.index(subject) + len(subject))
        subject = text[span[0]:span[1]].strip() if span else ""
    return subject or None


def extract(chapter: SegmentedChapter) -> Iterator[Any]:
    text = chapter.text
    seen: set[str] = set()
    previous: tuple[int, str | None] | None = None  # end and issuer of the last title
    for start, end in chapter.enclosures:
        if text[start] != "《":
            continue
        title = text[start + 1: end - 1].strip()
        issuer = _issuer(chapter, start)
        if issuer is None and previous and re.fullmatch(r"\s*[、和及与]\s*", text[previous[0]:start]):
            issuer = previous[1]  # 颁布《…》、《…》: one verb for a list of titles
        previous = (end, issuer)
        titles = [(start + 1, end - 1, title, issuer, "document.title")] + [
            (inner.start("title"), inner.end("title"), inner.group("title").strip(), None, "document.inner_title")
            for inner in _INNER_TITLE.finditer(text, start + 1, end - 1)]
        for title_start, title_end, title, title_issuer, rule in titles:
            key = normalise_key(title)
            if not title or key in seen:
                continue
            seen.add(key)
            yield make_record("document", chapter, title_start, title_end, rule, title=title, issuer=title_issuer)
