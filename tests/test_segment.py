"""Segmentation: headings and entries, paragraphs broken by a print layout, bylines.

The texts are short chapters written for these tests in the manner of county gazetteers
typed from print: Markdown headings for the volume's parts, numbered lines, entries whose
heading is run into the paragraph, first lines indented and the rest wrapped at the margin.
"""

from __future__ import annotations

import pytest

from helpers import records_of
from pipeline.segment import segment

GAZETTEER = """##### 第二辑    农业技术

一、良种推广
    1979年后，良种工作重新得到重视。
    良种繁育  1978年，县种子公司建立良种繁育场3处，繁育小麦良种
120万公斤。
    病虫防治　1983年，全县建立病虫测报点21个，配备测报员
40名。
    二、农机推广
    机械播种  1984年，推广机械播种面积达15万亩。
"""


def test_run_in_entries_are_the_sections_and_structure_lines_the_levels_above() -> None:
    chapter = segment("t", GAZETTEER)
    assert chapter.sections == ["良种繁育", "病虫防治", "机械播种"]
    assert [(h.kind, h.text) for h in chapter.headings] == [
        ("markdown", "第二辑 农业技术"), ("numbered", "一、良种推广"), ("entry", "良种繁育"),
        ("entry", "病虫防治"), ("numbered", "二、农机推广"), ("entry", "机械播种"),
    ]


def test_a_record_takes_the_nearest_heading_of_any_kind_above_it() -> None:
    counts = [(r.raw, r.section) for r in records_of(GAZETTEER, "count")]
    assert counts == [
        ("3处", "良种繁育"), ("120万公斤", "良种繁育"), ("21个", "病虫防治"), ("40名", "病虫防治"),
        ("15万亩", "机械播种"),
    ]


def test_a_run_in_entry_after_a_heading_needs_no_indentation() -> None:
    text = "##### 第四辑  妇女组织\n\n妇女联合会  1950年3月，县妇女联合会成立，有会员\n2100人。\n"
    chapter = segment("t", text)
    assert chapter.sections == ["妇女联合会"]
    assert [(r.raw, r.section) for r in records_of(text, "count")] == [("2100人", "妇女联合会")]


def test_structure_headings_are_the_sections_of_a_chapter_without_entries() -> None:
    text = "群众团体\n第一节  工人联合会\n    1950年，县工会有会员900人。\n第二节  农民协会\n    1951年，全县有农会38个。\n"
    chapter = segment("t", text)
    assert chapter.sections == ["第一节 工人联合会", "第二节 农民协会"]
    assert [(r.raw, r.section) for r in records_of(text, "count")] == [("900人", "第一节 工人联合会"), ("38个", "第二节 农民协会")]


def test_a_numbered_heading_run_in_the_same_way_is_a_structure_heading() -> None:
    text = ("科学普及\n    一、科普组织  1981年，成立县科学技术协会。\n    学会  全县有学会10个。\n"
            "    （二）科普活动　1985年，举办科技讲座84期。\n")
    chapter = segment("t", text)
    assert [(h.kind, h.text) for h in chapter.headings] == [
        ("numbered", "一、科普组织"), ("entry", "学会"), ("numbered", "（二）科普活动"),
    ]
    assert chapter.sections == ["学会"]
    assert [(r.raw, r.section) for r in records_of(text, "count")] == [("10个", "学会"), ("84期", "（二）科普活动")]


# Lines that open with a phrase and a gap but are no entry heading, each in a chapter with one
# true entry so that the chapter's sections show what was taken for a heading.
NOT_ENTRIES = [
    ("date", "    1985年  全县有科普小组12个。"),
    ("date-in-numerals", "    一九八五年  全县有科普小组12个。"),
    ("enumerating-opener", "    一是加强领导  各乡镇都配备了专职干部。"),
    ("clause-cut-before-its-object", "    全县共有  科普小组12个，会员300人。"),
    ("table-row", "    县总工会  53  27  868"),
    ("two-column-table-row", "    会员人数  2460"),
    ("wrapped-continuation", "    全县有科普小组12个，其中\n农业小组  8个，工业小组4个。"),
]


@pytest.mark.parametrize("line", [pytest.param(line, id=name) for name, line in NOT_ENTRIES])
def test_a_line_that_only_looks_like_a_run_in_entry_is_none(line: str) -> None:
    text = f"    科普组织  1981年，成立县科学技术协会。\n{line}\n"
    assert segment("t", text).sections == ["科普组织"]


def test_a_paragraph_of_a_text_without_indentation_can_open_with_an_entry() -> None:
    text = "科学普及\n\n科普组织  1981年，成立县科学技术协会。\n科普活动  1985年，举办科技讲座84期。\n"
    assert segment("t", text).sections == ["科普组织", "科普活动"]


def test_a_top_byline_is_the_author_and_no_body_text() -> None:
    text = "科学技术\n撰稿：王立新\n    1985年，全县有科技人员1200人。\n"
    chapter = segment("t", text)
    assert (chapter.title, chapter.author) == ("科学技术", "王立新")
    assert [r.raw for r in records_of(text)] == ["1200人"]


def test_a_top_byline_can_name_several_authors() -> None:
    assert segment("t", "科学技术\n供稿：王立新 李明\n    全县有科技人员1200人。\n").author == "王立新、李明"


# --- hard line wraps -----------------------------------------------------------------------

WRAPPED = """科学技术
    科普队伍  1981年，全县有科普员46
0人，1985年增至1 519人。同年，县一中被评为“科技教育先进学
校”，县科协于1953年9
月成立。
    1984年，县农机站被省农业厅授予“科技推广先进单位”称号，县种子公
司被省农业厅授予“良种推广先进单位”称号。
"""


def test_no_field_carries_a_line_break_or_a_layout_space() -> None:
    records = records_of(WRAPPED)
    fields = [value for record in records
              for name, value in record.model_dump().items() if name != "raw" and isinstance(value, str)]
    assert fields and not [value for value in fields if "\n" in value or "  " in value]


def test_a_number_broken_by_a_wrap_is_one_number() -> None:
    counts = [(r.raw, r.value, r.unit) for r in records_of(WRAPPED, "count")]
    assert counts == [("46\n0人", 460, "人"), ("1 519人", 1519, "人")]


def test_names_broken_by_a_wrap_are_written_whole_and_point_into_the_text_as_read() -> None:
    awards = records_of(WRAPPED, "award")
    assert [(a.recipient, a.grantor, a.title) for a in awards] == [
        ("县一中", None, "科技教育先进学校"), ("县农机站", "省农业厅", "科技推广先进单位"),
        ("县种子公司", "省农业厅", "良种推广先进单位"),
    ]
    assert [a.raw.count("\n") for a in awards] == [1, 0, 1]
    assert awards[2].evidence == "县种子公司被省农业厅授予“良种推广先进单位”称号"


def test_evidence_is_the_clause_without_its_layout() -> None:
    [first, *_] = records_of(WRAPPED, "count")
    assert first.evidence == "全县有科普员460人"


def test_spaces_between_digits_are_data_and_spaces_beside_chinese_are_layout() -> None:
    text = "科学技术\n    全县有科技人员 1 519 人， 其中女性 312人。\n"
    assert [(r.value, r.evidence) for r in records_of(text, "count")] == [
        (1519, "全县有科技人员1 519人"), (312, "其中女性312人"),
    ]


def test_a_text_without_layout_is_read_as_it_is() -> None:
    text = "科学技术\n全县有科技人员1519人。\n县科协成立于1958年。\n"
    chapter = segment("t", text)
    assert chapter.text == text and chapter.as_read(5, 9) == (5, 9)
