"""Counts: a number, its measure word or unit, its qualifier and what is counted.

One compiled pattern finds candidates in each sentence; `extractors.quantity` turns the
numeral into a value; the contract's exclusions (dates, durations, ordinals, anniversaries,
numbers inside names and quotes, grades) are checks on the match and its neighbours.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from extractors.base import alternation, compile_rule, lexicon, make_record, table
from extractors.quantity import QUALIFIERS_AFTER_UNIT, QUALIFIERS_BEFORE, canonical_qualifier, parse_range, scale
from pipeline.segment import SegmentedChapter
from pipeline.words import in_dictionary, word_tag

UNIT_KINDS: dict[str, str] = {row[0]: row[1] for row in table("units.txt")}
NUMBERED_NAMES = compile_rule("numbered names", alternation(lexicon("numbered_names.txt")))
CONTEXT: dict[str, str] = {row[0]: row[1] for row in table("count_context.txt")}

_UNITS = alternation(tuple(sorted(UNIT_KINDS, key=len, reverse=True)))
_PREFIX_QUALIFIERS = alternation(QUALIFIERS_BEFORE)
_SUFFIX_QUALIFIERS = alternation(QUALIFIERS_AFTER_UNIT)
_DIGIT = r"[0-9０-９]"
_ARABIC = rf"{_DIGIT}{{1,3}}(?:[ ,，]{_DIGIT}{{3}})+(?![0-9０-９])(?:[.．]{_DIGIT}+)?|{_DIGIT}+(?:[.．]{_DIGIT}+)?"
_CHINESE_NUMERALS = "〇零一二两三四五六七八九十百千万亿"
_CHINESE = rf"[{_CHINESE_NUMERALS}]+"

COUNT = compile_rule("count", rf"""
    (?P<prefix>{_PREFIX_QUALIFIERS})?                  # 近 约 超过 逾 不足 …
    (?P<number>
        (?:{_ARABIC})(?:万(?:{_DIGIT}+))?               # 1 519, 1,100, 4.5, 3万4000
        (?:(?:万|亿)?%?\s*[-—–~～至到]\s*(?:{_ARABIC}))?  # a range: 1—2, 4.5%-5%, 3万—5(万)
      | 上百|上千|上万|数十|数百|数千|数万|几十|几百|几千|几万|成百|成千|成千上万
      | {_CHINESE}                                       # 两, 一千五百, 五六百, 万
    )
    (?P<approx>多|余|来)?                                # 3 700多, 20余(万)
    (?P<scale>万亿|亿|万|千|百)?                           # 5(万), 1.2(亿)
    (?P<approx2>多|余)?                                  # 5万(余)
    (?P<big>大)?                                          # 三(大)产业
    (?P<unit>(?:{_UNITS})(?:/(?:{_UNITS}))?)             # 个, 微克/立方米
    (?P<suffix>{_SUFFIX_QUALIFIERS})?                    # 85%(以上), 50米(内)
""")

# Approximate words that stand for a number (contract: 上百 数百 → 多, value 100 or the hundreds).
_VAGUE = {"上百": 100, "上千": 1000, "上万": 10_000, "数十": 10, "数百": 100, "数千": 1000, "数万": 10_000,
          "几十": 10, "几百": 100, "几千": 1000, "几万": 10_000, "成百": 100, "成千": 1000, "成千上万": 1000}

# Left neighbours that make a number an ordinal, a code or a part of a name.
_NOT_AFTER = re.compile(r"[第A-Za-z0-9０-９.．#№\-]$|(?:编号|号码|电话|型号|序号)$")
# Right neighbours that make a number a date, duration, grade or anniversary, not a count.
_NOT_BEFORE = re.compile(r"^(?:年(?!以上|以下|以内)|月|日|号|时|点|分钟|秒|周年|级|等|档|期间|世纪|年代)")
# After the unit: 级 makes a grade (25兆瓦级, 30万吨级); a numeral or a congress after 届
# makes a session (四届四次, 十届人大, 二十届历次全会).
_GRADE_AFTER_UNIT = re.compile(r"^级")
_SESSION_AFTER_JIE = re.compile(rf"^(?:[{'一二三四五六七八九十'}\d]|(?:历次|各次)?(?:人大|全会|会议|政协|理事))")
# Jieba tags of a numeral-and-unit word that is a name (三门 a county, 两院 the academies).
_NAME_TAGS = frozenset({"ns", "nr", "nz", "nt", "j"})
_DURATION_AFTER_UNIT = re.compile(r"^(?:来|间|之内|中)")
# 个 before a time noun is a span of time (3个月, 两个工作日), not a count.
_TIME_AFTER_GE = re.compile(r"^(?:月|多月|小时|工作日|星期|礼拜|季度|年头|钟头)")
# 次 before a meeting word is a session number (四届四次理事会议, 三次会议).
_SESSION_AFTER_CI = re.compile(r"^(?:[\u4e00-\u9fff]{0,4}(?:会议|全会|大会))")
# An age counts only as a threshold (20周岁以上), never as a point (年满20周岁).
_AGES = frozenset({"岁", "周岁"})
# A bare 内 after the unit is a bound (50米内 → 以下) when it is a word of its own after a
# measure, money or ratio; otherwise it is a place (4区内), a time frame (5年内) or the start
# of a word (20项内容, 50家内资企业) and is left out of the count.
_WITHIN = "内"
_WITHIN_UNIT_KINDS = frozenset({"measure", "money", "ratio"})


def _unit_kind(unit: str) -> str | None:
    return UNIT_KINDS.get(unit.split("/")[0])


# jieba's dictionary tags of words that end a noun phrase read after a measure word
# (verbs, adverbs, particles, numbers, punctuation): 4个集体和… → 集体.
_STOP_TAGS = frozenset({"v", "d", "ad", "p", "c", "u", "uj", "ul", "r", "m", "q", "x", "y", "e", "o"})
_MAX_SUBJECT_WORDS = 6


_CJK_WORD = re.compile(r"[\u4e00-\u9fff“”]+")


def _is_cjk_word(word: str) -> bool:
    return _CJK_WORD.fullmatch(word) is not None


def _subject(chapter: SegmentedChapter, match: re.Match[str], offset: int, floor: int) -> tuple[str | None, bool]:
    """What is counted, and whether it follows the unit: the nouns a measure word counts when
    they follow it (4个集体), else the noun phrase before the number, not reaching back to
    `floor` (the end of the count before it: 上市公司达288家、总市值… → 总市值), after any
    leading verb and without scope words (全市) or a verb of change (一般公共预算收入增长4.8% →
    一般公共预算收入)."""
    text = chapter.text
    start, end = offset + match.start(), offset + match.end()
    clause_start, clause_end = chapter.clause_span(start, end)
    clause_start = max(clause_start, floor)
    if _unit_kind(match.group("unit")) == "measure" and not match.group("suffix"):
        taken: list[tuple[int, int]] = []
        for word_start, word_end in chapter.words(end, clause_end):
            word = text[word_start:word_end]
            if word_start < end:
                continue
            if not _is_cjk_word(word) or word_tag(word) in _STOP_TAGS or CONTEXT.get(word) == "stop":
                break
            taken.append((word_start, word_end))
            if len(taken) == _MAX_SUBJECT_WORDS:
                break
        if taken and taken[0][0] == end:
            return text[taken[0][0]:taken[-1][1]], True
    words = [text[s:e] for s, e in chapter.words(clause_start, start) if s >= clause_start and e <= start]
    while words and (CONTEXT.get(words[-1]) in ("change", "scope") or not _is_cjk_word(words[-1])
                     or word_tag(words[-1]) in ("d", "ad", "p")):
        words.pop()
    phrase: list[str] = []
    for word in reversed(words):
        if CONTEXT.get(word) == "lead" or not (_is_cjk_word(word) or word in "、"):
            break
        phrase.insert(0, word)
    while phrase and (CONTEXT.get(phrase[0]) == "scope" or phrase[0] == "、"):
        phrase.pop(0)
    while len(phrase) > 2 and word_tag(phrase[0]) == "v":
        phrase.pop(0)  # 治理违法建设2049万平方米 → 违法建设
    return "".join(phrase[-_MAX_SUBJECT_WORDS:]) or None, False


_CHANGE_OR_SCOPE = compile_rule("change or scope", alternation(tuple(sorted(
    (word for word, role in CONTEXT.items() if role in ("change", "scope")), key=len, reverse=True))))


def _chains(chapter: SegmentedChapter, previous_end: int, start: int) -> bool:
    """Whether only punctuation, verbs of change and scope words stand between two counts, so
    that the second one counts the same thing (地区生产总值5.2万亿元、增长5.4%)."""
    between = _CHANGE_OR_SCOPE.sub("", chapter.text[previous_end:start])
    return bool(re.fullmatch(r"[\s、，,和与及]*", between))


def _value(match: re.Match[str]) -> tuple[Any, Any]:
    number = match.group("number")
    if number in _VAGUE:
        value, value_max = _VAGUE[number], None
    else:
        scale_word = match.group("scale")
        if scale_word:
            # 3万—5万: the scale is written on both ends; it is applied once, below.
            number = re.sub(rf"{scale_word}(?=\s*[-—–~～至到])", "", number)
        value, value_max = parse_range(number.replace("%", ""))
    scale_word = match.group("scale")
    if scale_word:
        factor = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 1000, "百": 100}[scale_word]
        value = scale(value, factor)
        value_max = scale(value_max, factor) if value_max is not None else None
    return value, value_max


def _prefix(chapter: SegmentedChapter, match: re.Match[str], offset: int) -> str | None:
    """The bound word before the number, unless jieba reads it as the end of a dictionary word
    (签约12个, 通过5个渠道: 约 and 过 are not bounds there). 收入超4亿 keeps 超 although 入超
    is in the dictionary (jieba cuts 收入 超), and so does 营收超4500亿 where the HMM glues an
    unknown 营收超."""
    prefix = match.group("prefix")
    start = offset + match.start("prefix")
    if prefix and len(prefix) == 1 and start > 0:
        words = chapter.words(start, start + 1)
        if words and words[0][0] < start and in_dictionary(chapter.text[words[0][0]:words[0][1]]):
            return None
    return prefix


def _qualifier(match: re.Match[str], prefix: str | None) -> str | None:
    number = match.group("number")
    if number in _VAGUE:
        return "多"
    # With two qualifiers the one nearer the number wins.
    for word in (match.group("approx"), match.group("approx2"), prefix, match.group("suffix")):
        canonical = canonical_qualifier(word)
        if canonical:
            return canonical
    return None


def _is_excluded(chapter: SegmentedChapter, match: re.Match[str], offset: int) -> bool:
    text = chapter.text
    start = offset + match.start("number")
    end = offset + match.end()
    number = match.group("number")
    unit = match.group("unit")
    if _NOT_AFTER.search(text[max(0, start - 3): start]):
        return True
    after_number = text[offset + match.end("number"): offset + match.end("number") + 3]
    if _NOT_BEFORE.match(after_number):
        return True
    if _DURATION_AFTER_UNIT.match(text[end: end + 2]) and unit in ("个", "天"):
        return True
    if unit == "个" and _TIME_AFTER_GE.match(text[end: end + 3]):
        return True
    if unit == "次" and _SESSION_AFTER_CI.match(text[end: end + 6]):
        return True
    if unit == "届" and _SESSION_AFTER_JIE.match(text[end: end + 4]):
        return True
    if _GRADE_AFTER_UNIT.match(text[end: end + 1]):
        return True
    if unit == "年" and not match.group("suffix"):
        return True  # a span of time; only a threshold (4年以上) is a count
    if unit == "期" and not number[0].isdigit() and re.match(r"[\u4e00-\u9fff]", text[start - 1: start] or " "):
        return True  # a project phase: 国家会议中心二期
    if any(s <= start and end <= e for s, e in _numbered_names(chapter, start)):
        return True
    if number[0].isdigit() and _unit_kind(unit) == "measure":
        unit_start = offset + match.start("unit")
        # 83075部队: the "unit" begins a dictionary noun. Checked on the words only when a noun
        # could start there, since 70多人参加 holds the noun 人参 but not as a word.
        if any((word_tag(text[unit_start:unit_start + n]) or "").startswith("n") for n in (2, 3) if unit_start + n > end):
            for word_start, word_end in chapter.words(unit_start, unit_start + 1):
                tag = word_tag(text[word_start:word_end])
                if word_start >= unit_start and word_end > end and tag and tag.startswith("n"):
                    return True
    for word_start, word_end in chapter.words(start, end):
        if word_start == start and word_end == end and word_tag(text[start:end]) in _NAME_TAGS:
            return True
    if unit in _AGES and not match.group("suffix"):
        return True
    if chapter.enclosure_at(start, end) is not None:
        return True
    if number == "一" and not match.group("suffix"):
        return True  # the indefinite 一 (一批, 一个): not a count
    if number[0] in _CHINESE_NUMERALS and not match.group("prefix"):
        # A Chinese numeral must stand as its own word: not 千家万户, 统一, 一些.
        if not chapter.is_word(start, end):
            return True
    if re.fullmatch(r"[百千万亿]", number) and not match.group("prefix") and not match.group("approx"):
        return True  # a lone place word (百姓, 万物) is not a number here
    return False


def _bounds_within(chapter: SegmentedChapter, match: re.Match[str], offset: int) -> bool:
    within = offset + match.start("suffix")
    return _unit_kind(match.group("unit")) in _WITHIN_UNIT_KINDS and chapter.is_word(within, within + 1)


def _numbered_names(chapter: SegmentedChapter, offset: int) -> list[tuple[int, int]]:
    """Fixed numbered names around `offset` (四项基本原则), looked for only near the number."""
    text = chapter.text
    return [m.span() for m in NUMBERED_NAMES.finditer(text, max(0, offset - 8), min(len(text), offset + 12))]


# N大X with any noun X (十大新突破, 三大动力, 五大片区) where X is not a unit of the table: the
# contract counts X as the unit (gold/README.md). X is the noun word right after 大, with an
# adjective before it when there is one (新突破); 一大特色 is no count, like the indefinite 一.
_BIG = compile_rule("N big X", rf"(?<![第0-9０-９{_CHINESE_NUMERALS}])(?P<number>[二两三四五六七八九十]{{1,3}}|{_DIGIT}{{1,2}})大")
_BIG_NOUN_TAGS = frozenset({"n", "vn", "nz"})


def _big_counts(chapter: SegmentedChapter, start: int, end: int, seen: list[tuple[int, int]]) -> Iterator[Any]:
    """N大X counts in text[start:end] whose X the count pattern did not know (`seen`: the
    spans of its N大 matches)."""
    text = chapter.text
    for match in _BIG.finditer(text, start, end):
        if any(s <= match.start() < e for s, e in seen):
            continue
        words = [w for w in chapter.words(match.end(), end) if w[0] >= match.end()][:2]
        if not words or words[0][0] != match.end():
            continue
        if len(words) == 2 and word_tag(text[words[0][0]:words[0][1]]) == "a":
            words = words[1:]  # the adjective opens the noun: 新 突破
        noun_word = text[words[0][0]:words[0][1]]
        if word_tag(noun_word) not in _BIG_NOUN_TAGS or not _is_cjk_word(noun_word):
            continue
        count_end = words[0][1]
        if chapter.enclosure_at(match.start(), count_end) is not None or any(
                s <= match.start() and count_end <= e for s, e in _numbered_names(chapter, match.start())):
            continue
        noun = text[match.end():count_end]
        yield make_record("count", chapter, match.start(), count_end, "count.big",
                          value=parse_range(match.group("number"))[0], value_max=None, unit=noun, qualifier=None,
                          subject=noun)


def extract(chapter: SegmentedChapter) -> Iterator[Any]:
    text = chapter.text
    for sentence in chapter.sentences:
        piece = text[sentence.start: sentence.end]
        previous: tuple[int, str | None, str | None] | None = None  # end, prefix qualifier, subject
        big: list[tuple[int, int]] = []  # N大 spans the count pattern read, kept or not
        for match in COUNT.finditer(piece):
            if match.group("suffix") == _WITHIN and not _bounds_within(chapter, match, sentence.start):
                match = COUNT.match(piece, match.start(), match.start("suffix"))
            if match.group("big"):
                big.append((sentence.start + match.start(), sentence.start + match.end()))
            if _is_excluded(chapter, match, sentence.start):
                continue
            try:
                value, value_max = _value(match)
            except ValueError:
                continue
            start, end = sentence.start + match.start(), sentence.start + match.end()
            prefix = _prefix(chapter, match, sentence.start)
            qualifier = _qualifier(match, prefix)
            # 分别超98.5%和99%, 突破8万亿元、9万亿元: a bound before the first of coordinated
            # numbers holds for all of them.
            inherited = False
            if qualifier is None and previous and previous[1] and re.fullmatch(r"\s*[、和与及]\s*", text[previous[0]:start]):
                qualifier, inherited = previous[1], True
            subject, follows_unit = _subject(chapter, match, sentence.start, previous[0] if previous else 0)
            if previous and not follows_unit and _chains(chapter, previous[0], start):
                subject = previous[2]  # 地区生产总值5.2万亿元、增长5.4%: the same subject
            previous = (end, canonical_qualifier(prefix) or (qualifier if inherited else None), subject)
            unit = match.group("unit")
            yield make_record(
                "count", chapter, start, end, "count",
                value=value,
                value_max=value_max,
                unit="%" if unit == "％" else unit,
                qualifier=qualifier,
                subject=subject,
            )
        yield from _big_counts(chapter, sentence.start, sentence.end, big)
