"""Baselines the accuracy report shows beside the pipeline, on the same texts.

* organizations: every word jieba's part-of-speech tagger marks `nt` (organization name);
  every name the trained recognizer proposes, without the rules (`extractors/org_model.py`);
  the rules without the recognizer;
* counts: a plain regular expression for an Arabic number, an optional 万/亿 and a measure
  word, with no qualifiers, ranges, Chinese numerals or exclusions.

They use the same segmentation (boilerplate removed) so the margin is the extractors' own.
"""

from __future__ import annotations

import re
from typing import Any

from extractors import org_model, organizations
from extractors.base import make_record
from pipeline.segment import SegmentedChapter

_MEASURE_WORDS = "个|人次|人|名|户|家|份|元|处|门|所|项|件|次|场|批|座|条|台|吨|亩|公里|平方米|%|％"
_NUMBER_AND_MEASURE = re.compile(rf"(\d+(?:\.\d+)?)(万|亿)?({_MEASURE_WORDS})")


def _record(record_type: str, chapter: SegmentedChapter, start: int, end: int, **fields: Any) -> Any:
    return make_record(record_type, chapter, start, end, f"baseline.{record_type}", **fields)


def _distinct_organizations(chapter: SegmentedChapter, spans: Any) -> list[Any]:
    """One record per distinct name of (start, end, confidence) spans, at its first mention."""
    records, seen = [], set()
    for start, end, confidence in spans:
        name = chapter.text[start:end]
        if name not in seen:
            seen.add(name)
            records.append(_record("organization", chapter, start, end, name=name, confidence=confidence))
    return records


def jieba_nt_organizations(chapter: SegmentedChapter) -> list[Any]:
    import jieba.posseg

    def spans() -> Any:
        for sentence in chapter.sentences:
            offset = sentence.start
            for pair in jieba.posseg.cut(chapter.text[sentence.start:sentence.end]):
                if pair.flag == "nt":
                    yield offset, offset + len(pair.word), None
                offset += len(pair.word)

    return _distinct_organizations(chapter, spans())


def model_organizations(chapter: SegmentedChapter) -> list[Any]:
    return _distinct_organizations(chapter, ((name.start, name.end, name.confidence) for sentence in chapter.sentences
                                             for name in org_model.propose(chapter.text, sentence.start, sentence.end)))


def rule_organizations(chapter: SegmentedChapter) -> list[Any]:
    return list(organizations.extract(chapter, with_model=False))


def regex_counts(chapter: SegmentedChapter) -> list[Any]:
    records = []
    for sentence in chapter.sentences:
        for match in _NUMBER_AND_MEASURE.finditer(chapter.text, sentence.start, sentence.end):
            number, scale, unit = match.groups()
            value = float(number) * {"万": 10_000, "亿": 100_000_000}.get(scale or "", 1)
            records.append(_record("count", chapter, match.start(), match.end(),
                                   value=int(value) if value == int(value) else value,
                                   unit="%" if unit == "％" else unit, qualifier=None, subject=None))
    return records


BASELINES = {
    "jieba nt → organization": ("organization", jieba_nt_organizations),
    "model alone → organization": ("organization", model_organizations),
    "rules alone → organization": ("organization", rule_organizations),
    "regex number+measure → count": ("count", regex_counts),
}
