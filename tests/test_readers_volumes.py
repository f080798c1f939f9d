"""Splitting a volume of many chapters into its chapters (`--split`, pipeline.readers.volumes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fixture_documents import record_keys, score_as_sample
from helpers import ROOT, SHARED
from pipeline.readers import ReadDocument, read_documents
from pipeline.readers.volumes import article_starts, chapter_spans, markdown_starts, split_document
from pipeline.runner import extract_text

DOC_ID = "jiamusi-2003-jishengxie"
SAMPLE = (ROOT / "corpus" / f"{DOC_ID}.txt").read_text(encoding="utf-8")
ARTICLE = SAMPLE + "\n"  # the sample file ends without a line end
# A second article in the yearbook's form: breadcrumb, title, entries, byline.
SECOND = "您的当前位置:\n\n妇女联合会\n\n  【概况】 2003年,全市共有妇联组织 1 200个。\n  【维权工作】 全年受理来信来访300多件。\n\n(王丽)\n"
GAZETTEER = """# 第四十三卷（下part01）

<!-- page-anchor: LYG-1987 -->

## 第四十三卷民政

### 概述

民政事务由知州执掌。

### 第一章基层政权

#### 第一节里保甲

秦时，朐县设乡。

### 第二章优抚安置

【抗日山烈士陵园】位于赣榆县西部。
"""


# --- development cases ----------------------------------------------------------------------


def test_markdown_chapters_start_at_the_chapter_level_and_above() -> None:
    starts = markdown_starts(GAZETTEER)
    assert [GAZETTEER[start:GAZETTEER.index("\n", start)] for start in starts] == [
        "# 第四十三卷（下part01）", "## 第四十三卷民政", "### 概述", "### 第一章基层政权", "### 第二章优抚安置"]


def test_parts_without_body_text_join_the_chapter_after_them() -> None:
    chapters = [GAZETTEER[start:end] for start, end in chapter_spans(GAZETTEER)]
    assert [chapter.splitlines()[0] for chapter in chapters] == ["# 第四十三卷（下part01）", "### 第一章基层政权",
                                                                 "### 第二章优抚安置"]
    assert "".join(chapters) == GAZETTEER


def test_without_a_chapter_name_the_shallowest_repeated_level_divides() -> None:
    text = "# 年鉴\n\n## 计划生育协会\n\n正文一。\n\n## 妇女联合会\n\n正文二。\n"
    assert [text[start:end] for start, end in chapter_spans(text)] == [
        "# 年鉴\n\n## 计划生育协会\n\n正文一。\n\n", "## 妇女联合会\n\n正文二。\n"]


def test_yearbook_articles_start_at_the_title_lines_before_their_first_entry() -> None:
    volume = ARTICLE + SECOND
    assert article_starts(volume) == [0, len(ARTICLE)]
    assert chapter_spans(volume) == [(0, len(ARTICLE)), (len(ARTICLE), len(volume))]


def test_entries_of_one_article_do_not_split_it() -> None:
    assert chapter_spans(SAMPLE) == [(0, len(SAMPLE))]


def test_a_text_without_structure_is_one_chapter() -> None:
    text = "各位代表：\n现在，我代表省人民政府向大会报告工作。\n一、2025年工作回顾\n过去一年。\n二、2026年工作安排\n今年。\n"
    assert chapter_spans(text) == [(0, len(text))]


def test_a_chapter_keeps_the_pdf_pages_it_spans() -> None:
    # Page 2 starts inside the first article, page 3 inside the second.
    text = "计划生育协会\n【概况】一。\n妇女联合会\n【概况】二。"
    first, second = split_document(ReadDocument(Path("v.pdf"), text, "pdf", page_starts=(0, 10, 17)))
    assert (first.text, first.offset, first.first_page, first.page_starts) == (text[:14], 0, 1, (0, 10))
    assert (second.text, second.offset, second.first_page, second.page_starts) == (text[14:], 14, 2, (0, 3))
    assert [second.page_at(offset) for offset in (0, 2, 3)] == [2, 2, 3]


# --- the done-when: a volume is split with --split, each chapter scored like a single one ------


def test_each_chapter_of_a_split_volume_is_scored_like_a_single_one(tmp_path: Path) -> None:
    volume = tmp_path / "jiamusi-2003.txt"
    volume.write_text(ARTICLE + SECOND, encoding="utf-8")
    chapters = read_documents(volume, split=True)
    assert [(suffix, document.offset) for suffix, document in chapters] == [("-1", 0), ("-2", len(ARTICLE))]
    first, second = (document.text for _, document in chapters)
    assert first == ARTICLE
    single, split = extract_text(DOC_ID, SAMPLE), extract_text("jiamusi-2003-1", first)
    assert record_keys(split) == record_keys(single)
    assert score_as_sample(first, split, tmp_path / "split") == score_as_sample(SAMPLE, single, tmp_path / "single")
    assert extract_text("jiamusi-2003-2", second).chapter.title == "妇女联合会"


def test_split_chapters_and_their_ids_are_the_same_on_every_run(tmp_path: Path) -> None:
    volume = tmp_path / "volume.md"
    volume.write_text(GAZETTEER, encoding="utf-8")
    runs = [[(suffix, document.text) for suffix, document in read_documents(volume, split=True)] for _ in range(2)]
    assert runs[0] == runs[1]
    assert [suffix for suffix, _ in runs[0]] == ["-1", "-2", "-3"]


def test_without_split_a_volume_stays_one_document(tmp_path: Path) -> None:
    volume = tmp_path / "volume.txt"
    volume.write_text(ARTICLE + SECOND, encoding="utf-8")
    assert [(suffix, document.text) for suffix, document in read_documents(volume, split=False)] == [
        ("", ARTICLE + SECOND)]


# --- the full texts in ../shared/dev --------------------------------------------------------

DEV = SHARED / "dev"
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/dev (the development texts) is not here")


@needs_dev
@pytest.mark.parametrize(("name", "openings"), [
    ("lyg-minzheng", ["# 第四十三卷至第五十一卷（下part01）", "### 第一章基层政权及群众自治组织", "### 第二章优抚安置"]),
    ("lyg-gongyimeishu", ["# 第十七卷至第二十九卷（中part01）", "### 第一章雕塑画类"]),
])
def test_gazetteer_volumes_split_into_their_chapters(name: str, openings: list[str], tmp_path: Path) -> None:
    path = tmp_path / f"{name}.txt"
    shutil.copy(DEV / f"{name}.txt", path)
    chapters = read_documents(path, split=True)
    assert [(suffix, document.text.splitlines()[0]) for suffix, document in chapters] == [
        (f"-{number}", opening) for number, opening in enumerate(openings, start=1)]
    assert "".join(document.text for _, document in chapters) == path.read_text(encoding="utf-8")


@needs_dev
@pytest.mark.parametrize("name", ["gov-2026-beijing", "gov-2026-guangdong", "gov-2026-henan"])
def test_a_government_report_is_one_document_even_with_split(name: str) -> None:
    assert [suffix for suffix, _ in read_documents(DEV / f"{name}.txt", split=True)] == [""]
