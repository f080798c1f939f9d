"""Campaigns: quoted names of activities, programmes, principles and slogans, with their kind
and expansion, and unquoted programme names ending in 行动/工程/计划.

A name whose numerals promise a size (`三争` 3, `八有` 8, `一好四建` 5) is expanded from a `即`
clause after it, a list in brackets after it, or a list right before it (quoted or not); when
the list found has another size, the record carries a warning.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from extractors.base import alternation, compile_rule, lexicon, make_record
from extractors.phrases import HONOUR_LEVEL, WHEN
from extractors.quantity import DIGITS, parse_numeral
from pipeline.core.textspan import normalise_key
from pipeline.segment import SegmentedChapter
from pipeline.words import word_tag

KINDS = lexicon("campaign_kinds.txt")
NOT_HEADS = lexicon("campaign_not_heads.txt")
NOT_CONTEXTS = lexicon("campaign_not_contexts.txt")
HOLIDAY_ENDINGS = lexicon("holidays.txt")
HONOUR_ENDINGS = lexicon("honour_endings.txt")
GROUP_OR_DOCTRINE_ENDINGS = lexicon("campaign_not_endings.txt")
BOUNDS = frozenset(lexicon("phrase_bounds.txt")) | frozenset(lexicon("programme_bounds.txt"))
_LONG_BOUNDS = tuple(bound for bound in BOUNDS if len(bound) > 1)  # a word ending in one is a bound too
# jieba tags that end an unquoted programme name on its left (深入, 全面, 和, 在…, 以上).
_NOT_IN_NAME_TAGS = frozenset({"d", "ad", "c", "p", "u", "uj", "ul", "r", "f"})
# Verbs and verbal nouns that open the phrase before a name introduce it when nothing else does.
_INTRODUCING_TAGS = frozenset({"v", "vn"})
_PROGRAMME_LEADS = frozenset(lexicon("programme_leads.txt"))
_MAX_SLOGAN_WITHOUT_NUMBERS = 15

# The kind is the word right after the name, possibly behind 的 (`“一好四建”的原则`).
_KIND = compile_rule("campaign kind", rf"的?(?P<kind>{alternation(KINDS)})")
# A kind word close behind the name (纪念活动) shows a long quote names an activity, not speech.
_KIND_NEAR = compile_rule("campaign kind near", rf"的?[\u4e00-\u9fff]{{0,2}}?(?:{alternation(KINDS)})")
_NOT_HEAD = compile_rule("campaign not head", alternation(NOT_HEADS))
# A level word may stand between the verb and a quoted honour: 被评为省级“文明窗口”.
_NOT_CONTEXT = compile_rule("campaign not context", rf"(?:{alternation(NOT_CONTEXTS)})[的了出成]?(?:{HONOUR_LEVEL})?\s*$")
_OPENING_QUOTES = "“「\""
_EXPANSION_LEAD = compile_rule("expansion lead", r"[”」\"]?[^，。；！？\n]{0,4}?[，,：:]?\s*(?:即|是指|就是)[：:]?\s*")
_BRACKET_LIST = compile_rule("bracket list", r"\s*[（(](?P<items>[^（）()]{2,80})[）)]")
_ITEM_SPLITS = ("；;", "、，,；;", "、")
# A programme head not followed by what makes it an ordinary word (计划生育, 工程师, 行动者)
# … nor part of a longer word: 工程院 an academy, 工程体系 a system, 工程遗产 a heritage, 工程化.
_PROGRAMME_HEAD = compile_rule("programme head",
                               r"(?:行动计划|行动|工程|计划)(?!生育|师|者|书|表|单列|经济|项目|建设|计划|院|体系|遗产|化)")
_GENERIC_PROGRAMME = compile_rule("generic programme", r"(?:专项|重点|重大|三年|五年|各项|有关|相关|年度|工作|实施|整治|攻坚|提升|改造|建设|新一轮|系列)+")
_MAX_PROGRAMME = 16
# An event or a holiday named by its date (“7·21”, “25·7”区域性大洪水, “五·一”), not a campaign.
_DATE_CODE = compile_rule("date code", r"""
    [0-9０-９]{1,2}\s*[·・.．]\s*[0-9０-９]{1,2}
  | [一二三四五六七八九十]{1,3}\s*[·・.．]\s*[一二三四五六七八九十]{1,3}     # “五·一”, “一二·九”
""")
# A route or cluster of places (“深圳—香港—广州”): place names joined by dashes.
_PLACE_CHAIN_DASH = re.compile(r"\s*[—–\-－~～]+\s*")
# “桦加沙”等15个台风: the quote is one of a counted category, which may show it is no campaign.
_MEMBER_OF = compile_rule("member of a counted category",
                          r"等\s*(?:[0-9０-９]+|[一二两三四五六七八九十百千几多]+)[个项场次批类种件轮起届]?(?P<category>[\u4e00-\u9fff]{1,8})")
# A quoted name that wins an honour (“四季博古瓶”，获…奖) names a work or a product: a campaign
# wins none.
_WINS_AN_HONOUR = compile_rule("wins an honour", rf"[，,]?\s*(?:{WHEN})*(?:同获|荣获|获得|获|被评为)")
# An abbreviation lists a handful of parts; larger numbers are names (百千万工程).
_MAX_PROMISED = 30
_STRAY_CLOSING_QUOTE = compile_rule("closing quote", r"[”」]")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]+")
_NUMERAL_CHARS = "".join(DIGITS) + "十百千万"


@dataclass
class _Campaign:
    name: str
    start: int
    end: int
    evidence: tuple[int, int]
    rule: str
    kind: str | None = None
    expansion: list[str] | None = None
    warnings: list[str] = field(default_factory=list)


def promised_size(name: str) -> int | None:
    """The number of parts a numbered abbreviation promises: 三争 → 3, 一好四建 → 5, 两为两争 → 4.

    Each numeral must count the word after it; a name of numerals only (十四五, a plan's
    number) promises nothing.

    >>> promised_size("一好四建"), promised_size("八有"), promised_size("幸福工程"), promised_size("十三五")
    (5, 8, None, None)
    """
    parts = re.findall(rf"([{_NUMERAL_CHARS}]+)(?=[^{_NUMERAL_CHARS}])", name)
    if not parts or len(name) > 8 or re.fullmatch(rf"[{_NUMERAL_CHARS}]+", name):
        return None
    try:
        total = sum(parse_numeral(part) for part in parts)
    except ValueError:
        return None
    return total if 0 < total <= _MAX_PROMISED else None


def _split_items(text: str, size: int | None) -> list[str]:
    """Split a list at the separators that give the promised number of parts."""
    text = text.strip().rstrip("。；;，,：:")
    best: list[str] = []
    for separators in _ITEM_SPLITS:
        items = [item.strip(" “”\"「」") for item in re.split(f"[{separators}]", text)]
        items = [re.sub(r"^(?:即|和|及|与)", "", item).strip() for item in items if item.strip()]
        if size is not None and len(items) == size:
            return items
        if len(items) > len(best):
            best = items
    return best


def _expansion_after(chapter: SegmentedChapter, end: int, size: int) -> tuple[list[str], int] | None:
    """A `即` clause or a bracketed list after the name. The list is read to the end of its
    clause when that gives the promised size (即有会员名册、…、协会标志，使…), else to the end
    of the sentence (即选一个…好会长；建一个…理事会；…)."""
    text = chapter.text
    _, sentence_end = chapter.sentence_span(end - 1, end)
    lead = _EXPANSION_LEAD.match(text, end - 1, sentence_end)
    if lead:
        clause_end = re.search(r"[，,。；;]|$", text[lead.end():sentence_end])
        first_clause_end = lead.end() + clause_end.start()
        for stop in (first_clause_end, sentence_end):
            items = _split_items(text[lead.end():stop], size)
            if len(items) == size:
                return items, stop
        items = _split_items(text[lead.end():sentence_end], size)
        return (items, sentence_end) if len(items) >= 2 else None
    bracket = _BRACKET_LIST.match(text, end, sentence_end)
    if bracket:
        items = _split_items(bracket.group("items"), size)
        if len(items) == size:
            return items, bracket.end()
    return None


def _expansion_before(chapter: SegmentedChapter, start: int, size: int) -> tuple[list[str], int] | None:
    """A list right before the name: `“A，B，C，D”的“两为两争”` or `送米面、送知识、送健康“三送”`."""
    text = chapter.text
    sentence_start, _ = chapter.sentence_span(start, start + 1)
    before = text[sentence_start:start]
    quoted = re.search(r"[“「\"](?P<items>[^“”「」\"]{2,120})[”」\"]的?$", before)
    if quoted:
        items = _split_items(quoted.group("items"), size)
        if len(items) == size:
            return items, sentence_start + quoted.start()
    plain = re.search(r"(?P<items>[\u4e00-\u9fff]+(?:、[\u4e00-\u9fff]+)+)的?$", before)
    if plain:
        items = plain.group("items").split("、")
        # The first item may carry a verb before it (开展送米面): keep its last len(other) chars.
        width = len(items[-1])
        items[0] = items[0][-width:] if len(items[0]) > width else items[0]
        if len(items) == size:
            return items, sentence_start + plain.start() + len(plain.group("items")) - len("、".join(items))
    return None


def _list_starts(chapter: SegmentedChapter) -> dict[int, int]:
    """For each quote, the first quote of its run of quoted items joined by 、 or 和
    (“西游记”、“滴水观音”), found in one pass over the quotes."""
    text = chapter.text
    starts: dict[int, int] = {}
    previous: tuple[int, int] | None = None
    for quote_start, quote_end in chapter.enclosures:
        joined = previous is not None and previous[1] <= quote_start and \
            text[previous[1]:quote_start].strip() in ("、", "和", "，", "", "及", "与")
        starts[quote_start] = starts[previous[0]] if joined and previous else quote_start
        previous = (quote_start, quote_end)
    return starts


def _names_an_instance(chapter: SegmentedChapter, quote_start: int) -> bool:
    """Whether a noun stands right before the opening quote (no verb, no 的 between)."""
    words = [w for w in chapter.words(max(quote_start - 1, 0), quote_start) if w[1] == quote_start]
    if not words:
        return False
    word = chapter.text[words[0][0]:words[0][1]]
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,}", word)) and word_tag(word) in ("n", "nr", "ns", "nz", "nt")


def _is_place_chain(name: str) -> bool:
    parts = _PLACE_CHAIN_DASH.split(name)
    return len(parts) >= 2 and all(word_tag(part) == "ns" for part in parts)


def _is_campaign_name(chapter: SegmentedChapter, name: str, start: int, end: int, list_starts: dict[int, int]) -> bool:
    text = chapter.text
    if not 2 <= len(name) <= 40:
        return False
    if text[end: end + 3] and (_NOT_HEAD.match(text, end) or _WINS_AN_HONOUR.match(text, end)):
        return False
    if name[-1] in "。！？!?" or re.search(r"[：:]\s*$", text[max(0, start - 3): start - 1]):
        return False  # quoted speech
    clause_start, _ = chapter.clause_span(start, end)
    list_start = list_starts.get(start - 1, start - 1)
    if _NOT_CONTEXT.search(text, max(clause_start, list_start - 12), list_start):
        return False  # a mascot, an artwork, a product or an honour's title
    if len(name) > _MAX_SLOGAN_WITHOUT_NUMBERS and promised_size(name) is None and not _KIND_NEAR.match(text, end):
        return False  # a quoted sentence
    if (_names_an_instance(chapter, list_start) and not _KIND.match(text, end) and promised_size(name) is None
            and not name.endswith(KINDS)):
        return False  # 浮雕“九龙壁”, 杭州“六小龙”: the proper name of a thing the noun before it names
    if any(name.endswith(ending) for ending in HOLIDAY_ENDINGS) and promised_size(name) is None:
        return False
    if name.endswith(HONOUR_ENDINGS):
        return False  # an honour's title (“三八红旗手”), never a campaign
    if name.endswith(GROUP_OR_DOCTRINE_ENDINGS) and promised_size(name) is None:
        return False  # “造反派”, “工会消亡论”: a group or a doctrine
    if _DATE_CODE.fullmatch(name) or _is_place_chain(name):
        return False
    member = _MEMBER_OF.match(text, end)
    if member and _NOT_HEAD.match(member.group("category")):
        return False  # “桦加沙”等15个台风
    kind = _KIND.match(text, end)
    if len(name) == 2 and promised_size(name) is None and not (kind and kind.group("kind") not in ("工作", "建设")):
        return False  # a quoted plain word used as emphasis (“双向”分解, “非典”)
    return True


def _quoted(chapter: SegmentedChapter) -> Iterator[_Campaign]:
    text = chapter.text
    consumed_until = -1
    list_starts = _list_starts(chapter)
    for quote_start, quote_end in chapter.enclosures:
        if text[quote_start] not in _OPENING_QUOTES or quote_start < consumed_until:
            continue
        name_start, name_end = quote_start + 1, quote_end - 1
        name = text[name_start:name_end].strip()
        if not _is_campaign_name(chapter, name, name_start, quote_end, list_starts):
            continue
        size = promised_size(name)
        campaign = _Campaign(name, name_start, name_end, chapter.clause_span(quote_start, quote_end), "campaign.quoted")
        kind = _KIND.match(text, quote_end)
        if kind:
            campaign.kind = kind.group("kind")
        if size:
            found = _expansion_after(chapter, quote_end, size)
            if found:
                campaign.expansion, expansion_end = found
                campaign.evidence = (campaign.evidence[0], max(campaign.evidence[1], expansion_end))
                consumed_until = expansion_end  # quotes inside the expansion are not campaigns
            else:
                found = _expansion_before(chapter, quote_start, size)
                if found:
                    campaign.expansion, expansion_start = found
                    campaign.evidence = (min(campaign.evidence[0], expansion_start), campaign.evidence[1])
            if campaign.expansion is not None and len(campaign.expansion) != size:
                campaign.warnings.append(
                    f"name promises {size} parts, expansion found has {len(campaign.expansion)}"
                )
        yield campaign


def _lost_opening_quotes(chapter: SegmentedChapter) -> Iterator[_Campaign]:
    """Names whose opening quote the source lost (完成八五”计划): the word before a closing quote
    that closes no quoted span, when a kind word follows it as after a campaign's name."""
    text = chapter.text
    closing = {end - 1 for start, end in chapter.enclosures}
    for sentence in chapter.sentences:
        for match in _STRAY_CLOSING_QUOTE.finditer(text, sentence.start, sentence.end):
            kind = _KIND.match(text, match.end())
            if match.start() in closing or not kind:
                continue
            words = [w for w in chapter.words(sentence.start, match.start()) if w[1] == match.start()]
            if not words or words[0][0] < sentence.start:
                continue
            start = words[0][0]
            name = text[start:match.start()]
            if len(name) < 2 or not _CJK_NAME.fullmatch(name) or name in BOUNDS:
                continue
            yield _Campaign(name, start, match.start(), chapter.clause_span(start, match.end()), "campaign.lost_quote",
                            kind=kind.group("kind"))


def _is_list_of_next(chapter: SegmentedChapter, quote_start: int, quote_end: int) -> bool:
    """A quoted list just before a numbered name is that name's expansion, not a campaign."""
    text = chapter.text
    after = re.match(r"的?[“「\"]", text[quote_end: quote_end + 3])
    if not after:
        return False
    index = bisect.bisect_left(chapter.enclosures, (quote_end, -1))
    if index >= len(chapter.enclosures):
        return False
    next_quote = chapter.enclosures[index]
    size = promised_size(text[next_quote[0] + 1: next_quote[1] - 1])
    if not size:
        return False
    return len(_split_items(text[quote_start + 1: quote_end - 1], size)) == size


def _programmes(chapter: SegmentedChapter) -> Iterator[_Campaign]:
    """Unquoted programme names: 生育关怀行动, 幸福工程, 南水北调中线工程.

    From the head the name grows left over whole words up to a bounding word (实施, 开展, 的…),
    punctuation or a quote, and must keep at least two characters before its head.
    """
    text = chapter.text
    for sentence in chapter.sentences:
        for match in _PROGRAMME_HEAD.finditer(text, sentence.start, sentence.end):
            if chapter.enclosure_at(match.start(), match.end()):
                continue
            if any(end > match.end() for _, end in chapter.words(match.end() - 1, match.end())):
                continue  # the head begins a longer word (工程款): no programme
            words = chapter.words(sentence.start, match.start())
            name_end = match.start()  # where the words of the name before its head end
            if words and words[-1][1] > match.start():
                if words[-1][1] != match.end():
                    continue  # the head is inside a word (实行动态, 流行动漫): no programme
                name_end = words.pop()[0]  # a dictionary name ending in its head (希望工程)
            first = len(words)
            bounded = False
            for index in range(len(words) - 1, -1, -1):
                word = text[words[index][0]:words[index][1]]
                # A verb right before the head is part of the name (乡村教师支持计划).
                next_to_head = index == len(words) - 1 and name_end == match.start() and word_tag(word) == "v"
                if (word in BOUNDS or word.endswith(_LONG_BOUNDS)) and not next_to_head:
                    bounded = True
                    break  # 实施, 全面实施: the verb that introduces the programme
                if (word_tag(word) in _NOT_IN_NAME_TAGS or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9.]+", word)
                        or match.end() - words[index][0] > _MAX_PROGRAMME):
                    break
                first = index
            # Verbs inside a name belong to it (自贸试验区提升战略行动); without an introducing
            # word before it, a verb that opens the phrase introduces the name (建成南水北调配套工程).
            # Then a round or scope word (新一轮, 全国) opens the phrase, not the name.
            phrase = [text[word_start:word_end] for word_start, word_end in words]
            while not bounded and first < len(words) and word_tag(phrase[first]) in _INTRODUCING_TAGS:
                first += 1
            while first < len(words) and phrase[first] in _PROGRAMME_LEADS:
                first += 1
            start = words[first][0] if first < len(words) else name_end
            # A name does not begin with a number or a measure word (30项市级疏堵工程).
            while start < match.start() and re.match(r"[0-9.项个类批]", text[start]):
                start += 1
            core = text[start: match.start()]
            if len(core) < 2 or core[-1] in _NUMERAL_CHARS or _GENERIC_PROGRAMME.fullmatch(core):
                continue
            name = text[start: match.end()]
            yield _Campaign(name, start, match.end(), chapter.clause_span(start, match.end()), "campaign.programme", kind=match.group())


def extract(chapter: SegmentedChapter) -> Iterator[Any]:
    text = chapter.text
    merged: dict[str, _Campaign] = {}
    lists = {(s, e) for s, e in chapter.enclosures if text[s] in _OPENING_QUOTES and _is_list_of_next(chapter, s, e)}
    quoted = list(_quoted(chapter)) + list(_lost_opening_quotes(chapter))
    # The parts of an expansion (网底建设工程、自身造血工程…) are not campaigns of their own.
    expansions = [c.evidence for c in quoted if c.expansion]
    programmes = [p for p in _programmes(chapter)
                  if not any(s <= p.start and p.end <= e for s, e in expansions)]
    for campaign in quoted + programmes:
        if (campaign.start - 1, campaign.end + 1) in lists:
            continue
        key = normalise_key(campaign.name)
        first = merged.get(key)
        if first is None:
            merged[key] = campaign
            continue
        first.kind = first.kind or campaign.kind
        if first.expansion is None and campaign.expansion is not None:
            first.expansion, first.warnings = campaign.expansion, campaign.warnings
    for campaign in sorted(merged.values(), key=lambda c: c.start):
        record = make_record(
            "campaign", chapter, campaign.start, campaign.end, campaign.rule,
            evidence_span=campaign.evidence,
            name=campaign.name,
            kind=campaign.kind,
            expansion=campaign.expansion,
            warnings=campaign.warnings or None,
        )
        yield record
