"""Organizations: named bodies, found from their heads and grown leftwards over words.

A name ends in a head from `org_suffixes.txt` (协会, 委员会, 政府, 公司, 医院…) or is a whole
short name from `org_names.txt` (党中央, 农行). From the head the name grows left over jieba
words while they can be part of a name (nouns, places, organizations, abbreviations, not
verbs or particles), and it must begin where a name can begin: an administrative prefix
(中国, 全国, 省, 市, 县…), a place or organization word, or a place ending in 省/市/县/区/镇.
Generic categories (各级协会, 县级协会), bare internal organs (组织部) and names without any
prefix are dropped. Coordinations share heads and prefixes as the contract says:
`东风区、向阳区计生协` → 东风区计生协, 向阳区计生协; `市计生委、计生协` → 市计生委, 市计生协;
`市人大及其常委会` → 市人大, 市人大常委会.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from extractors.base import alternation, compile_rule, lexicon, make_record
from pipeline.core.textspan import normalise_key
from pipeline.segment import SegmentedChapter, word_tag

SUFFIXES = lexicon("org_suffixes.txt")
KNOWN_NAMES = frozenset(lexicon("org_names.txt"))
GENERIC_STARTS = frozenset(lexicon("org_generic.txt"))
ORGANS = frozenset(lexicon("org_organs.txt"))

HEAD = compile_rule("organization head", rf"(?:{alternation(SUFFIXES)})(?!员|托|屈|婉|会议|成员|主任|书记)")
KNOWN = compile_rule("organization name", alternation(tuple(sorted(KNOWN_NAMES, key=len, reverse=True))))

ADMIN_PREFIXES = ("中国", "全国", "中共", "中华", "国家", "中央", "省", "市", "县", "区", "镇", "乡", "州", "盟", "旗", "自治区", "自治州", "自治县")
PLACE_ENDINGS = "省市县区镇乡州村旗盟"
# jieba tags of words that can stand inside a name; others (verbs, particles…) end it.
NAME_TAGS = frozenset({"n", "nt", "ns", "nz", "nr", "nrt", "nrfg", "j", "vn", "l", "b", "an", "ng", "eng", "f", "s"})
START_TAGS = frozenset({"ns", "nt", "nz", "nr", "nrt", "j"})
MAX_NAME = 30
MAX_WORDS = 9
COORDINATORS = re.compile(r"[、和与及]")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    name: str
    rule: str


def _is_cjk_word(word: str) -> bool:
    return bool(word) and all("\u4e00" <= c <= "\u9fff" for c in word)


def _can_continue(word: str) -> bool:
    if not _is_cjk_word(word):
        return bool(re.fullmatch(r"[A-Za-z0-9]+", word))
    tag = word_tag(word)
    return tag is None or tag in NAME_TAGS or any(word.endswith(s) for s in SUFFIXES)


def _can_start(word: str) -> bool:
    if word in GENERIC_STARTS or not _is_cjk_word(word):
        return False
    if word in ADMIN_PREFIXES or word in KNOWN_NAMES:
        return True
    if any(word.startswith(p) and len(word) > len(p) for p in ADMIN_PREFIXES if len(p) == 1) and any(
        s in word for s in SUFFIXES
    ):
        return True  # a dictionary word that is a whole name: 市委, 市计生协会
    tag = word_tag(word)
    if tag in START_TAGS:
        return True
    return len(word) >= 2 and word[-1] in PLACE_ENDINGS and word not in GENERIC_STARTS


def _grow_left(chapter: SegmentedChapter, head_start: int, head_end: int) -> int | None:
    """The start of the name whose head is text[head_start:head_end], or None if it has none."""
    words = chapter.sentence_words(head_start)
    text = chapter.text
    # The word holding the head's first character; a word may hold prefix and head (市委).
    index = next((i for i, (s, e) in enumerate(words) if s <= head_start < e), None)
    if index is None:
        return None
    candidates = []
    first = index
    while first >= 0 and index - first < MAX_WORDS:
        s, e = words[first]
        word = text[s:e]
        if first < index and not _can_continue(word):
            break
        if head_end - s > MAX_NAME:
            break
        if _can_start(word):
            candidates.append(s)
        first -= 1
    return min(candidates) if candidates else None


def _heads(chapter: SegmentedChapter, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    text = chapter.text
    for match in HEAD.finditer(text, start, end):
        yield match.start(), match.end(), "organization.head"
    for match in KNOWN.finditer(text, start, end):
        if chapter.is_word(match.start(), match.end()) or match.end() == end:
            yield match.start(), match.end(), "organization.known"


def _clean_name(name: str) -> str:
    return name.strip()


def _valid(name: str) -> bool:
    if name in ORGANS or len(name) < 2:
        return False
    if name in KNOWN_NAMES:
        return True
    # A bare administrative prefix plus a head (市协会, 省政府) is a name; a head alone is not.
    return any(name.endswith(s) for s in SUFFIXES) and name not in SUFFIXES


def _find(chapter: SegmentedChapter, start: int, end: int) -> list[_Found]:
    text = chapter.text
    found: dict[tuple[int, int], _Found] = {}
    for head_start, head_end, rule in _heads(chapter, start, end):
        if chapter.enclosure_at(head_start, head_end) and text[chapter.enclosure_at(head_start, head_end)[0]] == "《":
            continue  # names inside 《》 titles are not organizations
        if rule == "organization.known":
            found[(head_start, head_end)] = _Found(head_start, head_end, text[head_start:head_end], rule)
            continue
        name_start = _grow_left(chapter, head_start, head_end)
        if name_start is None:
            continue
        name = _clean_name(text[name_start:head_end])
        if _valid(name):
            found[(name_start, head_end)] = _Found(name_start, head_end, name, rule)
    # Keep the longest of overlapping names that end at the same place or nest at the start:
    # 中国太平洋人寿保险股份有限公司佳木斯中心支公司 holds 中国太平洋人寿保险股份有限公司.
    ordered = sorted(found.values(), key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for item in ordered:
        if any(k.start <= item.start and item.end <= k.end and (k.start == item.start or k.end == item.end) for k in kept):
            continue
        kept.append(item)
    return kept


def _coordinated(chapter: SegmentedChapter, item: _Found, previous: list[_Found]) -> list[_Found]:
    """Names restored from a coordination around `item` (shared head or shared prefix)."""
    text = chapter.text
    restored = []
    head = next((s for s in SUFFIXES if item.name.endswith(s)), None)
    # Shared head: 东风区、向阳区计生协. Walk left over `PLACE、` parts.
    if head:
        cursor = item.start
        while cursor > 0 and COORDINATORS.match(text[cursor - 1]):
            words = chapter.words(cursor - 2, cursor - 1)
            if not words:
                break
            s, e = words[-1]
            part = text[s:e]
            if not (len(part) >= 2 and part[-1] in PLACE_ENDINGS and part not in GENERIC_STARTS and _is_cjk_word(part)):
                break
            restored.append(_Found(s, item.end, part + head, "organization.shared_head"))
            cursor = s
    # Shared prefix: 市计生委、计生协 → 市计生协 (the second part has no prefix of its own).
    return restored


def _unprefixed_after(chapter: SegmentedChapter, found: list[_Found]) -> list[_Found]:
    """`市计生委、计生协`: a head word right after a coordinator takes the prefix of the name before."""
    text = chapter.text
    extra = []
    for item in found:
        prefix = next((p for p in ADMIN_PREFIXES if item.name.startswith(p) and len(item.name) > len(p)), None)
        if not prefix:
            continue
        after = item.end
        if after < len(text) and COORDINATORS.match(text[after]):
            match = HEAD.match(text, after + 1)
            words = chapter.words(after + 1, after + 2)
            if not words:
                continue
            s, e = words[0]
            end = max(e, match.end()) if match else e
            # Grow right to the end of a head: 计生协 (a word of its own) or 计生 + 协会.
            tail = re.match(rf"[\u4e00-\u9fff]{{0,6}}?(?:{alternation(SUFFIXES)})", text[after + 1: after + 10])
            if tail and not any(f.start == after + 1 for f in found if f.name.startswith(prefix)):
                name = prefix + tail.group()
                extra.append(_Found(after + 1, after + 1 + len(tail.group()), name, "organization.shared_prefix"))
    return extra


_AND_ITS = re.compile(r"及其(?P<organ>[\u4e00-\u9fff]{2,6}?(?:常委会|委员会|常务委员会))")


def _and_its(chapter: SegmentedChapter, found: list[_Found]) -> list[_Found]:
    """`市人大及其常委会` → 市人大常委会."""
    text = chapter.text
    extra = []
    for item in found:
        match = _AND_ITS.match(text, item.end)
        if match:
            extra.append(_Found(item.start, match.end(), item.name + match.group("organ"), "organization.and_its"))
    return extra


def extract(chapter: SegmentedChapter) -> Iterator[Any]:
    seen: set[str] = set()
    for sentence in chapter.sentences:
        found = _find(chapter, sentence.start, sentence.end)
        found += [restored for item in found for restored in _coordinated(chapter, item, found)]
        found += _unprefixed_after(chapter, found)
        found += _and_its(chapter, found)
        for item in sorted(found, key=lambda f: (f.start, f.end)):
            key = normalise_key(item.name)
            if key in seen:
                continue
            seen.add(key)
            yield make_record("organization", chapter, item.start, item.end, item.rule, name=item.name)
