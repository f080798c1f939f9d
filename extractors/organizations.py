"""Organizations: named bodies, found from their heads and grown leftwards over words.

A name ends in a head from `org_suffixes.txt` (协会, 委员会, 政府, 公司, 医院…) that closes a
jieba word, or is a whole short name from `org_names.txt` (党中央, 农行). From the head the
name grows left over the run of words that can stand in a name (nouns, places, organizations,
unknown words; not verbs, particles or numbers), and the run must hold a word where a name
can begin: an administrative prefix (中国, 全国, 省, 市, 县…), a place or organization word, or
a place ending in 省/市/县/区/镇. Generic categories (各级协会, 县级协会, 三县政府), bare internal
organs (组织部) and bare heads (人民政府) are dropped.

Beyond single names, the language states organizations in a few recurring shapes:
* coordination sharing a head or a prefix (contract): `东风区、向阳区计生协` → 东风区计生协,
  向阳区计生协; `市计生委、计生协` → 市计生委, 市计生协; `市人大及其常委会` → 市人大, 市人大常委会;
* a term-numbered congress inside a session name: `北京市第十六届人民代表大会第四次会议` → the
  organization 北京市第十六届人民代表大会;
* an enumeration of short names before 等 and a category of bodies: `牧原、宇通、华兰等一批龙头企业`
  → 牧原, 宇通, 华兰;
* a name the sentence states as one, though no word in it can begin a name: the object of a
  founding or renaming verb (`成立了农民抗日救国会`, `县设地震办公室`, `改称文物管理委员会`) or a
  name glossed with its short form, which is a name too (`青年抗日先锋队（简称青抗先）`).

Where the rules find no name, a trained recognizer (`extractors/org_model.py`) proposes names
that need no head on the list (companies, historical, military, foreign bodies) and boundaries
that jieba's words run across. The contract's rules still decide each proposal: a lead verb
or number is cut off, a category, a bare organ or head, a name inside a title or a meeting
name is dropped; shared heads and `X及其常委会` are restored from it as from any name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from extractors import org_model
from extractors.base import alternation, compile_rule, lexicon, make_record, table
from extractors.phrases import BOUNDS
from pipeline.core.textspan import normalise_key
from pipeline.segment import SegmentedChapter
from pipeline.words import word_tag

SUFFIXES = lexicon("org_suffixes.txt")
KNOWN_NAMES = frozenset(lexicon("org_names.txt"))
GENERIC_STARTS = frozenset(lexicon("org_generic.txt"))
ORGANS = frozenset(lexicon("org_organs.txt"))
HEAD_EXCEPTIONS = frozenset(lexicon("org_head_exceptions.txt"))
FOUNDING_VERBS = frozenset(lexicon("org_founding_verbs.txt"))
_FOUNDING_ENDINGS = tuple(FOUNDING_VERBS)

HEAD = compile_rule("organization head", rf"(?:{alternation(SUFFIXES)})(?!员|托|屈|婉|会议|成员|书记)")
KNOWN = compile_rule("organization name", alternation(tuple(sorted(KNOWN_NAMES, key=len, reverse=True))))

# Prefixes that make a bare head a name in a yearbook of a city or county (市委, 省协会); township
# and village level (乡政府, 村委会) are usually many bodies, so they need a place name.
PREFIX_ROLES: dict[str, frozenset[str]] = {word: frozenset(roles.split(",")) for word, roles in table("org_prefixes.txt")}
ADMIN_PREFIXES = tuple(word for word, roles in PREFIX_ROLES.items() if "admin" in roles)
PLACE_ENDINGS = "".join(word for word, roles in PREFIX_ROLES.items() if "place_end" in roles)
# jieba tags of words that can stand inside a name; others (verbs, particles, numbers…) end it.
NAME_TAGS = frozenset({"n", "nt", "ns", "nz", "nr", "nrt", "nrfg", "vn", "l", "b", "an", "ng", "eng", "f", "s", "zg", "j"})
START_TAGS = frozenset({"ns", "nt", "nz", "nr", "nrt"})
# Tags of a whole word that cannot be a body even when it ends like a head (全部, 干部 as adverb…).
NOT_NAME_TAGS = frozenset({"m", "d", "r", "a", "ad", "v", "c", "p"})
DEMONSTRATIVES = "".join(word for word, roles in PREFIX_ROLES.items() if "pronoun" in roles)
_ORDINAL = re.compile(r"第[一二三四五六七八九十百零〇\d]+")
MAX_NAME = 30
MAX_WORDS = 9
COORDINATORS = re.compile(r"[、和与及]")

_N = r"[一二三四五六七八九十百零〇两\d]+"
CONGRESS_IN_SESSION = compile_rule("congress in session", rf"""
    (?P<term>第?{_N}届[\u4e00-\u9fff\s]{{0,10}}?(?:人民代表大会|代表大会|人大|政协|委员会|理事会))
    (?:第?{_N}次|{_N}中)
""")
ENUMERATION = compile_rule("enumerated names", r"""
    (?P<items>[\u4e00-\u9fffA-Za-z]{2,12}(?:、[\u4e00-\u9fffA-Za-z]{2,12})+)
    等[^，。；、]{0,8}?
    (?P<category>企业|公司|集团|银行|机构|单位|高校|医院|院校|学校|组织|商号)
""")
# A list of fields of work or of regions, not bodies: 工会、共青团、妇女儿童…等事业;
# 东盟、非洲、中东…等新兴市场.
FIELDS_LIST = compile_rule("fields list", r"等(?:[^，。；、]{0,4}?)(?:事业|工作|领域|方面|战线|系统|市场|地区|国家)")
# A short or other name glossed after a name, in brackets or after a comma: 农民抗日救国会（简称
# 农救会）, 县微生物站（又称920厂）, …改称中国少年先锋队，简称少先队.
GLOSS = compile_rule("name gloss", r"""
    \s*(?:[（(]|，)\s*(?:简称|又称|亦称|俗称|通称)\s*[“"]?
    (?P<short>[\u4e00-\u9fffA-Za-z0-9]{2,10}?)
    [”"]?\s*(?:[）)]|(?=[，。；、]|\s|$))
""")
# An army named before its numbered units: 新四军三师, 八路军一一五师教导二旅, 海陵团二连.
MILITARY_UNITS = compile_rule("military units", rf"(?:[\u4e00-\u9fff]{{0,2}}?{_N}(?:军|师|旅|团|营|连|排))+")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    name: str
    rule: str
    confidence: float | None = None


def _is_cjk(word: str) -> bool:
    return bool(word) and all("\u4e00" <= c <= "\u9fff" for c in word)


def _can_continue(word: str) -> bool:
    if _ORDINAL.fullmatch(word):
        return True  # 第一 in 哈尔滨市第一中学
    if not _is_cjk(word):
        return bool(re.fullmatch(r"[A-Za-z0-9]+", word))
    tag = word_tag(word)
    return tag is None or tag in NAME_TAGS or word.endswith(SUFFIXES)


def _can_start(word: str) -> bool:
    if word in GENERIC_STARTS or not _is_cjk(word):
        return False
    if word in ADMIN_PREFIXES or word in KNOWN_NAMES:
        return True
    if word_tag(word) in START_TAGS:
        return True
    return len(word) >= 2 and word[-1] in PLACE_ENDINGS


def _head_closes_word(chapter: SegmentedChapter, head_start: int, head_end: int) -> tuple[int, int] | None:
    """The word holding the head, when the head ends where the word ends and the word is not
    an ordinary word ending like a head (格局, 上市公司). A head of several words (筹备|委员会)
    counts when it begins where a word begins; its span is then the head's own."""
    words = chapter.words(head_start, head_end)
    for start, end in words:
        if start <= head_end - 1 < end:
            word = chapter.text[start:end]
            if end != head_end or word in HEAD_EXCEPTIONS:
                return None
            if start > head_start and words[0][0] == head_start:
                return head_start, end
            if word != chapter.text[head_start:head_end] and word_tag(word) in NOT_NAME_TAGS:
                return None  # 全部, 干部: a word that only ends like a head
            return start, end
    return None


def _name_run(text: str, words: list[tuple[int, int]], last: int, end: int) -> tuple[int, list[int]]:
    """The run of words that can stand in a name and ends with word `last` (which is taken as
    is), and the indexes of the words in it where a name can begin."""
    run_start = last
    while run_start > 0 and last - run_start < MAX_WORDS - 1:
        word_start, word_end = words[run_start - 1]
        word = text[word_start:word_end]
        if end - word_start > MAX_NAME:
            break
        if word in _JOINS_FIELDS and run_start > 1 and _joins_fields(text, words, run_start, last):
            run_start -= 1  # 材料科学与技术研究所: two fields of one body, not two bodies
            continue
        if not _can_continue(word):
            break
        run_start -= 1
    starts = [i for i in range(run_start, last + 1) if _can_start(text[words[i][0]:words[i][1]])]
    return run_start, starts


_JOINS_FIELDS = frozenset({"与", "和"})


def _joins_fields(text: str, words: list[tuple[int, int]], join: int, last: int) -> bool:
    """Whether the 与/和 before word `join` joins two fields inside one name: a field word on
    its left (not a body's head or name: 县农行和信用合作社 are two bodies), and between it and
    the head no word that could begin a name of its own (市计生协与县民政局)."""
    before = text[words[join - 2][0]:words[join - 2][1]]
    return (_can_continue(before) and not before.endswith(SUFFIXES) and before not in KNOWN_NAMES
            and not any(_can_start(text[s:e]) for s, e in words[join:last + 1]))


def _grow_left(chapter: SegmentedChapter, head_word: tuple[int, int], head_end: int) -> int | None:
    """The start of the name whose head closes `head_word`, or None if it has no name."""
    words = chapter.clause_words(head_word[0])
    text = chapter.text
    head = text[head_word[0]:head_word[1]]
    before = text[head_word[0] - 1] if head_word[0] > 0 else None
    if (head[0] in DEMONSTRATIVES or (before and before in DEMONSTRATIVES)) and len(head) <= 3:
        return None  # 该厂, 本会: a pronoun phrase, not a name
    run_start, starts = _name_run(text, words, _word_index(words, head_word[0]), head_end)
    if not starts:
        return head_word[0] if _carries_own_prefix(head) else None
    first = starts[0]
    # A run that begins with generic words (各级, 县级) before its first real start is a category.
    if any(text[s:e] in GENERIC_STARTS for s, e in words[run_start:first]):
        return None
    if run_start < first and _all_name_like(text, words[run_start:first]):
        return words[run_start][0]
    return words[first][0] + _glued_verb(text[words[first][0]:words[first][1]])


def _glued_verb(word: str) -> int:
    """1 when jieba glued a one-character verb or preposition to the level a name begins with
    (称县 in …，称县生产指挥部: named the county's…), else 0."""
    glued = len(word) == 2 and word_tag(word) is None and word[1] in PLACE_ENDINGS
    return 1 if glued and word_tag(word[0]) in ("v", "p") else 0


def _word_index(words: list[tuple[int, int]], start: int) -> int:
    return next(i for i, (word_start, _) in enumerate(words) if word_start == start)


# jieba tags of numbers and measure words: with the tags that lead into a list of names
# (_LEAD_TAGS: verbs, particles…) they end a stated name (below) on its left.
_NUMBER_TAGS = frozenset({"m", "mq", "q"})


def _stated_start(chapter: SegmentedChapter, head_word: tuple[int, int], head_end: int) -> int | None:
    """The start of a name the sentence states as one although no word in it can begin a name:
    the object of a founding verb (成立了农民抗日救国会, 县设地震办公室) or a name with a gloss
    after it (青年抗日先锋队（简称青抗先）). Its words run left from the head to the verb, or to
    the clause's start or a verb, particle or number before a gloss."""
    text = chapter.text
    words = chapter.clause_words(head_word[0])
    first = last = _word_index(words, head_word[0])
    while first > 0:
        word = text[words[first - 1][0]:words[first - 1][1]]
        if not _is_cjk(word) or word_tag(word) in _LEAD_TAGS | _NUMBER_TAGS or _ends_in_founding_verb(word):
            break
        if word in GENERIC_STARTS or word in DEMONSTRATIVES or last - first >= MAX_WORDS - 1:
            return None  # 成立各级妇女协会: a category
        first -= 1
    if head_end - words[first][0] > MAX_NAME:
        return None
    if first == last and word_tag(text[words[last][0]:words[last][1]]) not in START_TAGS:
        return None  # 建立村民委员会: one dictionary word names a kind of body
    before = [text[s:e] for s, e in words[max(first - 2, 0):first]]
    if before[-1:] in (["了"], ["“"]):
        before = before[:-1]  # 成立了…, 改称“…”
    if GLOSS.match(text, head_end):
        return words[first][0]
    after = words[last + 1] if last + 1 < len(words) else None
    if after and word_tag(text[after[0]:after[1]]) in NAME_TAGS:
        return None  # 成立农业生产合作社高级社: the object runs on past the head
    return words[first][0] if before and _ends_in_founding_verb(before[-1]) else None


def _ends_in_founding_verb(word: str) -> bool:
    """成立, or a word jieba does not know that ends in one (县设: the county set up)."""
    return word in FOUNDING_VERBS or (word_tag(word) is None and word.endswith(_FOUNDING_ENDINGS))


def name_start_before(chapter: SegmentedChapter, end: int) -> int | None:
    """The start of an organization or place name that ends at `end` (the owner of a meeting:
    市计生协会 in 市计生协会四届四次理事会议, 北京市 in 北京市第十六届…), or None."""
    words = [w for w in chapter.clause_words(max(end - 1, 0)) if w[1] <= end]
    if not words or words[-1][1] != end or not _can_continue(chapter.text[words[-1][0]:words[-1][1]]):
        return None
    _, starts = _name_run(chapter.text, words, len(words) - 1, end)
    if starts:
        return words[starts[0]][0]
    return words[-1][0] if _carries_own_prefix(chapter.text[words[-1][0]:words[-1][1]]) else None


def _carries_own_prefix(word: str) -> bool:
    """A head word that carries its own prefix is a whole name: 市委, 县总工会, 市计生协会."""
    return any(word.startswith(p) and len(word) > len(p) + 1 for p in ADMIN_PREFIXES)


def _all_name_like(text: str, words: list[tuple[int, int]]) -> bool:
    """Words before the first start that still belong to the name (汉魏 in 汉魏洛阳故城遗址博物馆)."""
    return all(word_tag(text[s:e]) in ("nr", "nz", "ns") and _is_cjk(text[s:e]) for s, e in words)


def _valid(name: str, words_in_name: int) -> bool:
    if name in ORGANS or len(name) < 2 or name in GENERIC_STARTS:
        return False
    if name in KNOWN_NAMES:
        return True
    if not name.endswith(SUFFIXES) or name in SUFFIXES:
        return False
    if words_in_name == 1:
        # One dictionary word is a name only with a prefix of its own (市委, 郑州大学,
        # 北京市人民政府, 浙江工业大学); 人民政府 and 公立医院 are not.
        head = next(s for s in SUFFIXES if name.endswith(s))
        prefix = name[: -len(head)]
        return any(name.startswith(p) and len(name) > len(p) + 1 for p in ADMIN_PREFIXES) or (
            len(prefix) >= 2 and (word_tag(prefix) in START_TAGS or prefix[-1] in PLACE_ENDINGS
                                  or any(word_tag(prefix[:n]) == "ns" for n in (2, 3)))
        )
    return True


def _after_numeral(text: str, start: int) -> bool:
    """三县政府, 两个协会: a count of bodies is a category."""
    return start > 0 and bool(re.match(r"[一二三四五六七八九十两几数\d个家所]", text[start - 1]))


def _in_fields_list(chapter: SegmentedChapter, end: int) -> bool:
    _, clause_end = chapter.clause_span(end - 1, end)
    tail = chapter.text[end:clause_end]
    return bool(re.match(r"(?:、[\u4e00-\u9fff]{1,8})*", tail)) and bool(FIELDS_LIST.search(tail[:40]))


def _names_from_heads(chapter: SegmentedChapter, start: int, end: int) -> list[_Found]:
    text = chapter.text
    found: list[_Found] = []
    for match in HEAD.finditer(text, start, end):
        enclosure = chapter.enclosure_at(match.start(), match.end())
        if enclosure and text[enclosure[0]] == "《":
            continue  # names inside 《》 titles are not organizations
        head_word = _head_closes_word(chapter, match.start(), match.end())
        if head_word is None:
            continue
        name_start, rule = _grow_left(chapter, head_word, match.end()), "organization.head"
        stated_start = _stated_start(chapter, head_word, match.end())
        if stated_start is not None and (name_start is None or stated_start < name_start):
            name_start, rule = stated_start, "organization.stated"
        if name_start is None or _after_numeral(text, name_start):
            continue
        name = text[name_start:match.end()].strip()
        words_in_name = len(chapter.words(name_start, match.end()))
        if _valid(name, words_in_name):
            found.append(_Found(name_start, match.end(), name, rule))
    for match in KNOWN.finditer(text, start, end):
        if chapter.enclosure_at(match.start(), match.end()) and text[chapter.enclosure_at(match.start(), match.end())[0]] == "《":
            continue
        if chapter.is_word(match.start(), match.end()) and not _after_numeral(text, match.start()):
            previous = found[-1] if found and found[-1].rule == "organization.known" else None
            if previous and previous.end == match.start():
                # 解放军空军: adjacent short names are one body.
                found[-1] = _Found(previous.start, match.end(), text[previous.start:match.end()], "organization.known")
                continue
            found.append(_Found(match.start(), match.end(), match.group(), "organization.known"))
    return [item for item in found if not _in_fields_list(chapter, item.end)]


def _military_units(chapter: SegmentedChapter, found: list[_Found]) -> list[_Found]:
    """新四军三师: an army's numbered units are part of its name."""
    extended = []
    for item in found:
        units = MILITARY_UNITS.match(chapter.text, item.end)
        if units and units.end() - item.end <= 12:
            extended.append(_Found(item.start, units.end(), chapter.text[item.start:units.end()], "organization.unit"))
    return extended


def _congresses(chapter: SegmentedChapter, start: int, end: int) -> list[_Found]:
    text = chapter.text
    found = []
    for match in CONGRESS_IN_SESSION.finditer(text, start, end):
        term_start = match.start("term")
        words = chapter.clause_words(term_start)
        owner = term_start
        for word_start, word_end in reversed([w for w in words if w[1] <= term_start]):
            if word_end != owner or not _can_continue(text[word_start:word_end]):
                break
            owner = word_start
            if _can_start(text[word_start:word_end]):
                break
        if owner == term_start:
            # No owner word: only a one-character level before it (市十六届人大) makes a name.
            if term_start == 0 or text[term_start - 1] not in "省市县区":
                continue
            owner -= 1
        found.append(_Found(owner, match.end("term"), text[owner:match.end("term")], "organization.congress"))
    return found


# jieba tags of words that lead into a list of names but are not part of its first name:
# verbs, particles, prepositions, conjunctions, adverbs, pronouns.
_LEAD_TAGS = frozenset({"v", "vd", "vi", "ul", "uj", "uz", "ug", "uv", "ud", "p", "c", "d", "ad", "r"})
# … and of common nouns and locatives that describe the listed bodies (骨干企业, 龙头, 省内外).
_DESCRIBING_TAGS = frozenset({"n", "s"})


def _enumerations(chapter: SegmentedChapter, start: int, end: int) -> list[_Found]:
    """牧原、宇通、华兰等一批龙头企业: each listed short name is a body."""
    text = chapter.text
    if text.find("、", start, end) < 0 or text.find("等", start, end) < 0:
        return []  # no list: the pattern is not tried along the whole sentence
    found = []
    for match in ENUMERATION.finditer(text, start, end):
        items = match.group("items").split("、")
        cursor = match.start("items")
        first = items[0]
        # The first item may carry the verb before the list (培育了超聚变) or a common noun
        # describing the list (河南龙头牧原、宇通): the name begins after the last verb, particle
        # or bound word, and after the last common noun that leaves a name as long as the
        # shortest sibling.
        first_end = cursor + len(first)
        words = [w for w in chapter.words(cursor, first_end) if w[0] >= cursor and w[1] <= first_end]
        first_start = cursor
        for word_start, word_end in words:
            if word_tag(text[word_start:word_end]) in _LEAD_TAGS or text[word_start:word_end] in BOUNDS:
                first_start = word_end
        shortest = max(2, min(len(item) for item in items[1:]))
        for word_start, word_end in reversed(words[:-1]):
            if word_start < first_start:
                break
            if word_tag(text[word_start:word_end]) in _DESCRIBING_TAGS and first_end - word_end >= shortest:
                first_start = word_end
                break
        offsets = [first_start]
        position = cursor + len(first) + 1
        for item in items[1:]:
            offsets.append(position)
            position += len(item) + 1
        ends = [cursor + len(first)] + [o + len(i) for o, i in zip(offsets[1:], items[1:])]
        names = [(s, e, text[s:e]) for s, e in zip(offsets, ends)]
        # Short names of bodies are unknown words or proper names; dictionary nouns (机关,
        # 厂矿) or generic words (各区) make the list a list of categories.
        if any(not _is_proper(name) for _, _, name in names):
            continue
        found.extend(_Found(s, e, name, "organization.enumeration") for s, e, name in names)
    return found


def _is_proper(name: str) -> bool:
    """An enumerated item that can be a short name of a body: not a generic word and not one
    common dictionary word (机关, 厂矿)."""
    if len(name) < 2 or name in GENERIC_STARTS or name[0] in DEMONSTRATIVES:
        return False
    return word_tag(name) not in ("n", "v", "vn", "a", "ad", "d", "ng", "r", "m")


def _shared_head(chapter: SegmentedChapter, item: _Found) -> list[_Found]:
    """东风区、向阳区计生协: places coordinated before a name take its head."""
    text = chapter.text
    if item.rule not in ("organization.head", MODEL_RULE):
        return []
    head = next((s for s in SUFFIXES if item.name.endswith(s)), None)
    if not head:
        return []
    restored = []
    cursor = item.start
    while cursor > 1 and COORDINATORS.match(text[cursor - 1]):
        words = [w for w in chapter.words(cursor - 2, cursor - 1) if w[1] == cursor - 1]
        if not words:
            break
        s, e = words[-1]
        part = text[s:e]
        if not (len(part) >= 2 and part[-1] in PLACE_ENDINGS and part not in GENERIC_STARTS and _is_cjk(part)):
            break
        restored.append(_Found(s, item.end, part + head, "organization.shared_head"))
        cursor = s
    return restored


def _shared_prefix(chapter: SegmentedChapter, found: list[_Found]) -> list[_Found]:
    """市计生委、计生协: a head phrase right after a coordinator, with no prefix of its own,
    takes the prefix of the name before it."""
    text = chapter.text
    extra = []
    starts = {f.start for f in found}
    for item in found:
        prefix = next((p for p in ADMIN_PREFIXES if item.name.startswith(p) and len(item.name) > len(p)), None)
        after = item.end
        if not prefix or after >= len(text) or not COORDINATORS.match(text[after]) or after + 1 in starts:
            continue
        tail = re.match(rf"[\u4e00-\u9fff]{{0,6}}?(?:{alternation(SUFFIXES)})", text[after + 1: after + 10])
        if not tail:
            continue
        first_words = chapter.words(after + 1, after + 2)
        first_word = text[first_words[0][0]:first_words[0][1]] if first_words else ""
        if first_word in ADMIN_PREFIXES or word_tag(first_word) == "ns" or (len(first_word) >= 2 and first_word[-1] in PLACE_ENDINGS):
            continue  # the part has a prefix of its own (中共灌云县委、灌云县人民政府)
        extra.append(_Found(after + 1, after + 1 + len(tail.group()), prefix + tail.group(), "organization.shared_prefix"))
    return extra


_AND_ITS = re.compile(r"及其(?P<organ>[\u4e00-\u9fff]{0,6}?(?:常委会|委员会|常务委员会))")


def _and_its(chapter: SegmentedChapter, found: list[_Found]) -> list[_Found]:
    """`市人大及其常委会` → 市人大常委会."""
    extra = []
    for item in found:
        match = _AND_ITS.match(chapter.text, item.end)
        if match:
            extra.append(_Found(item.start, match.end(), item.name + match.group("organ"), "organization.and_its"))
    return extra


def _glossed(chapter: SegmentedChapter, found: list[_Found]) -> list[_Found]:
    """农民抗日救国会（简称农救会）: the short name in a gloss after a name is a name too, and a
    head right after the gloss continues the long one (贫下中农协会（简称贫协）筹备委员会)."""
    text = chapter.text
    extra = []
    for item in found:
        gloss = GLOSS.match(text, item.end)
        if not gloss or gloss.group("short") in GENERIC_STARTS:
            continue
        extra.append(_Found(gloss.start("short"), gloss.end("short"), gloss.group("short"), "organization.gloss"))
        head = HEAD.match(text, gloss.end())
        if head and _head_closes_word(chapter, head.start(), head.end()):
            extra.append(_Found(item.start, head.end(), item.name + head.group(), "organization.gloss"))
    return extra


def _longest(found: list[_Found]) -> list[_Found]:
    """Of names sharing a start or an end, keep the longest (中国太平洋…有限公司佳木斯中心支公司)."""
    ordered = sorted(found, key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for item in ordered:
        if any(k.start <= item.start and item.end <= k.end and (k.start == item.start or k.end == item.end)
               and k.rule not in ("organization.shared_head",) for k in kept):
            continue
        kept.append(item)
    return kept


MODEL_RULE = "organization.model"
# Below this confidence a proposal of the model is not taken (chosen on the dev gold).
MODEL_MIN_CONFIDENCE = 0.5


def _names_from_model(chapter: SegmentedChapter, start: int, end: int, settled: list[_Found]) -> list[_Found]:
    """The model's names in text[start:end] that no name of the rules overlaps, as the rules
    decide them: the model finds where a name begins and ends, a head on the list says that
    it names a body (most names without one in yearbook prose are projects, sites or funds)."""
    text = chapter.text
    found = []
    proposals = [proposal for window_start, window_end in _unsettled_heads(chapter, start, end, settled)
                 for proposal in org_model.propose(text, window_start, window_end)]
    for proposal in proposals:
        if proposal.confidence < MODEL_MIN_CONFIDENCE or any(
                f.start < proposal.end and proposal.start < f.end for f in settled):
            continue
        words = _words_of_name(chapter, proposal.start, proposal.end)
        if not words:
            continue
        name_start = words[0][0]
        name = text[name_start:proposal.end]
        enclosure = chapter.enclosure_at(name_start, proposal.end)
        if (name in KNOWN_NAMES or not _valid(name, len(words)) or name[0] in DEMONSTRATIVES
                or text[words[0][0]:words[0][1]] in GENERIC_STARTS or _after_numeral(text, name_start)
                or (enclosure and text[enclosure[0]] == "《") or _in_fields_list(chapter, proposal.end)):
            continue
        found.append(_Found(name_start, proposal.end, name, MODEL_RULE, round(proposal.confidence, 3)))
    return found


def _unsettled_heads(chapter: SegmentedChapter, start: int, end: int,
                     settled: list[_Found]) -> list[tuple[int, int]]:
    """Where the model is worth running: the stretch of its clause before each head that ends
    no name the rules found (a name is at most MAX_NAME long), and a few characters after it
    (民政厅|长, where jieba's word runs on past the head). Overlapping stretches are merged."""
    windows: list[tuple[int, int]] = []
    for head in HEAD.finditer(chapter.text, start, end):
        if any(f.start < head.end() <= f.end for f in settled):
            continue
        clause_start, clause_end = chapter.clause_span(head.start(), head.end())
        window = (max(clause_start, head.end() - MAX_NAME), min(clause_end, head.end() + _AFTER_HEAD))
        if windows and window[0] <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], window[1]))
        else:
            windows.append(window)
    return windows


_AFTER_HEAD = 4


def _words_of_name(chapter: SegmentedChapter, start: int, end: int) -> list[tuple[int, int]]:
    """The words of a proposed name: from its end leftwards over the words that can stand in
    a name, no further than where the model begins it. A verb, particle or number leading into
    it or inside it (组建了, 疗养院设党支部) ends it there, as it ends a name of the rules; a word
    the model begins inside is left out."""
    words = [word for word in chapter.words(start, end) if word[0] >= start]
    first = len(words) - 1
    while first > 0 and _can_continue(word := chapter.text[words[first - 1][0]:words[first - 1][1]]) \
            and word_tag(word) not in _LEAD_TAGS:
        first -= 1
    return words[first:]


def _as_named_before(chapter: SegmentedChapter, item: _Found, named: list[str]) -> _Found:
    """A name the chapter stated in full before and now reads only in part (妇女抗日救国会, then
    妇女|抗日救国会改称…, where 妇女 can begin no name): the full name as written before it."""
    if item.rule != "organization.head":
        return item
    for name in named:
        start = item.end - len(name)
        if len(name) > len(item.name) and start >= 0 and chapter.text.startswith(name, start):
            return _Found(start, item.end, name, item.rule)
    return item


def extract(chapter: SegmentedChapter, with_model: bool = True) -> Iterator[Any]:
    """The organizations of a chapter; `with_model=False`: the rules alone."""
    seen: set[str] = set()
    named: list[str] = []  # names in the order the chapter first gives them
    for sentence in chapter.sentences:
        found = _names_from_heads(chapter, sentence.start, sentence.end)
        found += _military_units(chapter, found)
        found += _congresses(chapter, sentence.start, sentence.end)
        found += _enumerations(chapter, sentence.start, sentence.end)
        found = _longest(found)
        if with_model:
            found += _names_from_model(chapter, sentence.start, sentence.end, found)
        found += [restored for item in found for restored in _shared_head(chapter, item)]
        found += _shared_prefix(chapter, found)
        found += _and_its(chapter, found)
        found += _glossed(chapter, found)
        found = [_as_named_before(chapter, item, named) for item in found]
        for item in sorted(found, key=lambda f: (f.start, f.end)):
            key = normalise_key(item.name)
            if key in seen:
                continue
            seen.add(key)
            named.append(item.name)
            yield make_record("organization", chapter, item.start, item.end, item.rule, name=item.name.strip(),
                              confidence=item.confidence)
