"""The chapter record: title, byline and sections, as segmentation found them."""

from __future__ import annotations

from pipeline.core.records import ChapterInfo
from pipeline.segment import SegmentedChapter


def extract(chapter: SegmentedChapter) -> ChapterInfo:
    return ChapterInfo(title=chapter.title, author=chapter.author, sections=list(chapter.sections))
