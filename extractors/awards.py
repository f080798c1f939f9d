"""Awards: one record per honouring clause (contract: one 表彰/评为/评出/授予/获奖 verb).

The verbs and where recipient, grantor and title sit around them are data
(`award_verbs.txt`). `recipient` is the whole phrase naming who was honoured, counts included
(`4个集体和10名个人`); `title` only when an honour is named after the verb, else null.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from extractors.base import alternation, compile_rule, make_record, table
from extractors.phrases import HONOUR_LEVEL, WHEN
from pipeline.segment import SegmentedChapter
from pipeline.words import word_tag

VERBS: dict[str, frozenset[str]] = {row[0]: frozenset(row[1].split(",")) for row in table("award_verbs.txt")}


def _verbs(pattern: str) -> str:
    return alternation(verb for verb, patterns in VERBS.items() if pattern in patterns)


PASSIVE = compile_rule("award passive", rf"被(?P<grantor>[^，。；,;]{{0,24}}?)(?P<verb>{_verbs('passive')})(?P<title>[^，。；,;]{{2,40}})")
# 受到省领导的接见和表扬: the grantor before 的 and another act joined by 和.
RECEIVE = compile_rule("award receive", rf"""
    (?<!享)受到?(?!到)(?P<grantor>[^，。；,;]{{0,30}}?)(?:的(?:[\u4e00-\u9fff]{{1,4}}[和与])?)?(?:通报)?
    (?P<verb>{_verbs('receive')})(?:奖励|表彰)?
""")
WIN = compile_rule("award win", rf"(?P<verb>{_verbs('win')})(?P<title>[^，。；,;]{{2,40}})")
# A sports placing, or several under one number word (第2名, 第二、四、六名, 第二名和第四名、七名).
_ORDINAL = r"[一二三四五六七八九十\d]{1,2}"
_PLACING = rf"(?:冠军|亚军|季军|第{_ORDINAL}(?:名?[、和]第?{_ORDINAL})*名)"
# The words an honour's title ends in (获…一等奖, 授予…称号, …第2名).
_HONOUR_END = (rf"(?:奖|奖章|奖状|称号|{_PLACING}|金奖|银奖|铜奖|金牌|银牌|铜牌"
               r"|先进集体|先进个人|先进单位|模范|标兵|省优|部优|国优)")
# A clause that names no act of its own (单打第6名 after 获得女子团体第2名，).
_NO_VERB = rf"(?:(?!{alternation(VERBS)})[^，。；,;\s])"
WIN_WEAK = compile_rule("award win weak", rf"""
    (?P<verb>{_verbs('win_weak')})
    (?P<title>[^，。；,;]{{2,60}}{_HONOUR_END}
        (?:[，,]{_NO_VERB}{{1,20}}?{_PLACING})*             # placings listed on: one title
      | [^，。；,;]?{_PLACING}                               # 获得冠军, 获总冠军: a placing alone
      | 省优|部优|国优)                                     # 获省优: the short form alone
    (?![\u4e00-\u9fff])
""")
GRANT = compile_rule("award grant", rf"(?P<grantor>[^，。；,;]{{1,20}}?)对(?P<recipient>[^，。；,;]{{1,30}}?)(?P<verb>{_verbs('grant')})")
GIVE = compile_rule("award give", rf"(?P<grantor>[\u4e00-\u9fff]{{2,20}}?)(?<!被)(?P<verb>{_verbs('give')})(?P<recipient>[^，。；,;]{{1,20}}?)(?:(?P<title>“[^”]{{1,30}}”)(?:荣誉)?称号|奖[匾杯旗状金品]|[\d一二三四五六七八九十]+(?!等)|$)")
# 播种机，地区行署授予科技进步二等奖: the body gives a named honour, the recipient is the
# subject of the sentence before it.
GIVE_TITLE = compile_rule("award give title", rf"""
    (?P<grantor>[\u4e00-\u9fff]{{2,20}}?)(?<!被)(?P<verb>{_verbs('give')})
    (?P<title>[^，。；,;]{{2,40}}{_HONOUR_END})(?![\u4e00-\u9fff])
""")
# What follows a verb of commending when it names no recipient: a meeting or a decision of
# commendation (表彰大会, 表彰决定), an activity (评选活动).
_NOT_RECIPIENT = r"(?:大会|会议|会|决定|通报|名单|活动|办法|条例|工作|仪式|典礼)"
SELECT = compile_rule("award select", rf"""
    (?P<verb>{_verbs('select')})了?(?!{_NOT_RECIPIENT})
    (?P<recipient>[^，。；,;]{{2,60}})(?=[，。；,;]|$)
""")
_NAMES_A_GATHERING = compile_rule("a gathering's name", rf"{_NOT_RECIPIENT}$")  # 表彰先进集体大会
# 荣立二等功, 记大功: the merit is the title; 立功者 (those who did) is no award.
MERIT = compile_rule("award merit", rf"(?P<verb>{_verbs('merit')})(?P<title>(?:集体)?[一二三特]等功|大功)(?!者)")
WON = compile_rule("award won", rf"(?P<verb>{_verbs('won')})(?=[，。；,;]|$)")
# Sentences without any honouring verb are skipped before the slower patterns run.
_MAY_HOLD_AWARD = compile_rule("award verbs", alternation(VERBS))
RULES = (
    ("award.passive", PASSIVE),
    ("award.receive", RECEIVE),
    ("award.grant", GRANT),
    ("award.give", GIVE),
    ("award.give", GIVE_TITLE),
    ("award.select", SELECT),
    ("award.win", WIN),
    ("award.won", WON),
    ("award.merit", MERIT),
    ("award.win", WIN_WEAK),
)
# Adverbs of time and repetition around an award verb (同时获…, 曾获…, 连年被评为…): no part
# of the recipient. Tried after WHEN, so that 同年 is a date before 同 is an adverb.
_ADVERBS = r"同时|曾经|曾|再次|多次|连续|连年|先后|分别|[均又也同还都新共已]"
# What may precede a recipient in its clause but is not part of it: a date, an adverb, a place
# of award (在巴拿马赛会上), or the 有 of 全市有4个集体….
_RECIPIENT_LEAD = re.compile(rf"(?:\s|全[市省县区国乡镇村]|{WHEN}|{_ADVERBS})*有?\s*")
# … and what may stand between the recipient and the verb (“花冠”牌贝雕画1982年获省优): a
# place of award, the result it was won with (以12秒5的成绩), an adverb, a date.
_PLACE_OF_AWARD = re.compile(r"在[^，。；]{1,30}?[上中]")
_RESULT = r"以[^，。；]{1,15}?成绩"
_RECIPIENT_TAIL = re.compile(rf"(?:{_PLACE_OF_AWARD.pattern}|{_RESULT}|{WHEN}|{_ADVERBS})+$")
_NAMES_SOMETHING = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
# A sentence opening with a date (7月18日，该厂…被评为…) or a place of award (1974年，在省运动会
# 上，王大明…): the subject follows it.
_SENTENCE_LEAD = re.compile(rf"(?:(?:{WHEN})+[，,]?\s*)?(?:{_PLACE_OF_AWARD.pattern}[，,]\s*)?")
# The subject stops before the result it won with (王大明以1.78米的成绩，获…).
_SUBJECT = re.compile(rf"^[\u4e00-\u9fff“”《》、0-9]{{2,30}}?(?=\d{{4}}年|被|获|荣获|受到|，|,|{_RESULT})")
# A tally of placings is one award with no title (contract: 获得…冠军15次, 共获得9项团体第2名,
# 两次冠军): the placing counted before it or by the times after it.
_TALLY_COUNT = r"[\d一二两三四五六七八九十百]+"
_COUNTED_PLACING = re.compile(rf"^{_TALLY_COUNT}[项次个].*{_PLACING}$")
_ENDS_IN_PLACING = re.compile(rf"{_PLACING}$")
_TIMES_AFTER = re.compile(rf"{_TALLY_COUNT}次")
_TITLE_TAIL = re.compile(r"(?:荣誉|光荣)?称号$")
# An honour quoted whole, a level word before it kept and the quotes dropped (授予“文明窗口”称号
# → 文明窗口, 评为省级“文明窗口” → 省级文明窗口); quotes inside a longer title stay (“百花”奖).
_QUOTED_WHOLE = re.compile(rf"^(?P<level>{HONOUR_LEVEL})?[“「\"](?P<honour>[^“”「」\"]+)[”」\"]$")
# The honour named in quotes within a recipient phrase (评选出“十佳青年”12名).
_QUOTED_HONOUR = re.compile(r"[“「\"](?P<honour>[^“”「」\"]{2,20})[”」\"]")
# The grantor before an active verb is the body that commends, not a gathering where it did
# (会上, 大会上), nor a scope (全县); a convening verb before it leaves the body before that verb
# (县总工会召开大会表彰…).
_AT_A_GATHERING = re.compile(r"(?:会|会议)上$")
_CONVENING = re.compile(r"召开|举行|举办")
_MAX_GRANTOR = 20
# 获我省首个制造业领域中国质量奖: what makes the honour a first of its kind is not its title.
_TITLE_LEAD = re.compile(r"^(?:[我本全][省市县区国]|国内|省内|市内)?(?:首个|首枚|首块|首座|第一个|唯一)"
                         r"(?:[\u4e00-\u9fffA-Za-z]{1,8}?领域)?")
# A grade or rating after an assessment (获评A级以上, 国家A级, 获优秀等次) is not an honour
# (gold/README.md, award).
_RATING = re.compile(r"^(?:国家|省|市)?(?:[A-ZＡ-Ｚ]{1,5}|\d)级(?:以上|以下)?(?=$|[、，和及])|^[优良合格秀]+等次")


def _strip_title(title: str) -> str | None:
    title = _TITLE_TAIL.sub("", title.strip())
    whole = _QUOTED_WHOLE.match(title)
    title = (whole.group("level") or "") + whole.group("honour") if whole else title.strip("“”\"「」 ")
    title = _TITLE_LEAD.sub("", title) or title
    return title or None


def _is_tally(text: str, title: str, title_end: int) -> bool:
    """Whether the title read after a verb counts placings (冠军15次, 9项团体第2名), not names one."""
    title = title.strip()
    return bool(_COUNTED_PLACING.match(title)
                or _ENDS_IN_PLACING.search(title) and _TIMES_AFTER.match(text, title_end))


def _grantor_before(chapter: SegmentedChapter, verb_start: int) -> str | None:
    """Who commends, before an active verb in its clause (县委评出…), or None (会上表彰…)."""
    clause_start, _ = chapter.clause_span(verb_start, verb_start + 1)
    phrase = chapter.text[clause_start:verb_start]
    convening = _CONVENING.search(phrase)
    if convening:
        phrase = phrase[:convening.start()]
    lead = _RECIPIENT_LEAD.match(phrase)
    phrase = _RECIPIENT_TAIL.sub("", phrase[lead.end() if lead else 0:]).strip()
    if not phrase or _AT_A_GATHERING.search(phrase) or len(phrase) > _MAX_GRANTOR or not _NAMES_SOMETHING.search(phrase):
        return None
    return phrase


def _clause_recipient(chapter: SegmentedChapter, verb_start: int) -> tuple[int, int] | None:
    """The recipient phrase before the verb in its clause, cleaned of dates and adverbs."""
    clause_start, _ = chapter.clause_span(verb_start, verb_start + 1)
    text = chapter.text
    lead = _RECIPIENT_LEAD.match(text[clause_start:verb_start])
    start = clause_start + (lead.end() if lead else 0)
    tail = _RECIPIENT_TAIL.search(text[start:verb_start])
    end = start + tail.start() if tail else verb_start
    return (start, end) if start < end else None


def _sentence_subject(chapter: SegmentedChapter, verb_start: int) -> tuple[int, int] | None:
    """The subject that opens the sentence, or its last part after a semicolon, after a date
    (1987年被市政府命名为…, 7月18日，该厂…被评为…)."""
    text = chapter.text
    sentence_start, _ = chapter.sentence_span(verb_start, verb_start + 1)
    subject_start = max(sentence_start, text.rfind("；", sentence_start, verb_start) + 1,
                        text.rfind(";", sentence_start, verb_start) + 1)
    lead = _SENTENCE_LEAD.match(text, subject_start, verb_start)
    if lead:
        subject_start = lead.end()
    subject = _SUBJECT.match(text[subject_start:verb_start])
    if subject and not _PLACE_OF_AWARD.fullmatch(subject.group()) and not _MAY_HOLD_AWARD.search(subject.group()):
        return subject_start, _predicate_start(chapter, subject_start, subject_start + subject.end())
    return None


# jieba tags of the word that opens a clause's predicate: a verb or a preposition.
_PREDICATE_TAGS = frozenset({"v", "p"})


def _predicate_start(chapter: SegmentedChapter, start: int, end: int) -> int:
    """Where the subject in text[start:end] ends: before the first verb or preposition that no
    的 follows (王玉兰 in 王玉兰出席全国妇女代表大会; 学生创作的版画 in 学生创作的版画入选…,
    where 创作 modifies), or `end` when there is none."""
    text = chapter.text
    for word_start, word_end in chapter.words(start, end):
        if word_start - start >= 2 and word_end <= end and word_tag(text[word_start:word_end]) in _PREDICATE_TAGS \
                and "的" not in text[word_end:end]:
            return word_start
    return end


def _claimed(matches: list[tuple[str, re.Match[str]]]) -> list[tuple[str, re.Match[str]]]:
    """The matches that claim their verb, the first rule in RULES to find it winning (荣获 over
    the 获 inside it), in text order."""
    taken: list[tuple[int, int]] = []
    claimed = []
    for rule, match in matches:
        verb_start, verb_end = match.span("verb")
        if not any(start < verb_end and verb_start < end for start, end in taken):
            taken.append((verb_start, verb_end))
            claimed.append((rule, match))
    return sorted(claimed, key=lambda item: item[1].start("verb"))


def extract(chapter: SegmentedChapter) -> Iterator[Any]:
    text = chapter.text
    for sentence in chapter.sentences:
        if not _MAY_HOLD_AWARD.search(text, sentence.start, sentence.end):
            continue
        matches = [(rule, match) for rule, pattern in RULES for match in pattern.finditer(text, sentence.start, sentence.end)]
        previous: tuple[int, int] | None = None  # the recipient before: clauses chained on one subject
        for rule, match in _claimed(matches):
            groups = match.groupdict()
            title = groups.get("title")
            if groups.get("recipient") and "grantor" not in groups:
                if _NAMES_A_GATHERING.search(match.group("recipient")):
                    continue
                recipient: tuple[int, int] | None = match.span("recipient")
                grantor = _grantor_before(chapter, match.start()) or ""
                honour = _QUOTED_HONOUR.search(match.group("recipient"))
                title = honour.group("honour") if honour else None
            elif groups.get("recipient"):
                recipient = match.span("recipient")
                grantor_span = match.span("grantor")
                grantor_start = _RECIPIENT_LEAD.match(text, grantor_span[0], grantor_span[1])
                grantor = text[grantor_start.end() if grantor_start else grantor_span[0]: grantor_span[1]].strip()
            else:
                # Its clause's own, else that of the award before (贝雕画1982年获省优，1985年获…),
                # else the subject of the sentence.
                recipient = (_clause_recipient(chapter, match.start()) or previous
                             or _sentence_subject(chapter, match.start()))
                grantor = (groups.get("grantor") or "").strip()
            if recipient is None or not _NAMES_SOMETHING.search(text, recipient[0], recipient[1]):
                continue  # none, or only punctuation (——获省优)
            previous = recipient
            if title and _RATING.match(title.strip()):
                continue
            if groups.get("title") and _is_tally(text, title, match.end("title")):
                title = None
            start = min(recipient[0], match.start())
            yield make_record(
                "award", chapter, start, match.end(), rule,
                evidence_span=_evidence(chapter, start, match.end()),
                recipient=text[recipient[0]:recipient[1]].strip(),
                grantor=grantor.strip() or None,
                title=_strip_title(title) if title else None,
            )


def _evidence(chapter: SegmentedChapter, start: int, end: int) -> tuple[int, int]:
    first_start, _ = chapter.clause_span(start, start + 1)
    _, last_end = chapter.clause_span(max(end - 1, start), end)
    return first_start, last_end
