"""Property tests: on random Chinese and mixed text with numbers, quotes, brackets and headings
inserted, extraction never raises, every record validates, every offset slice equals its raw
text, and the output is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import assert_offsets
from pipeline.scoring import strict_key
from pipeline.core.records import ExtractionFile
from pipeline.runner import extract_text

PIECES = st.sampled_from([
    "市计生协会", "全市共有", "协会组织", "1 519个", "3 700多人", "5万余份", "近万人次", "85%以上",
    "二百余万元", "两三个", "1—2门", "“", "”", "「", "」", "《", "》", "【", "】", "（", "）",
    "，", "。", "、", "；", "：", "\n", "\n【组织建设】", "\n# 标题\n", "\n一、概况\n", "（一）加强建设。",
    "即", "被", "评为", "受到", "表彰", "召开", "四届四次理事会议", "第十次代表大会", "下发了",
    "东风区、向阳区计生协", "“三争”即争创合格协会、争当五好会员", "行动", "工程", "计划",
    "2003年", "24小时", "第三", "PM2.5", "(李正伟)", " ", "\u3000", "~", "—", "％", "１２",
    "十届人大三次会议", "县政府对 予以表彰", "被省政府授予", "称号", "制作《", "1 200人出席", "3万—5万人",
])
TEXTS = st.one_of(
    st.lists(PIECES, max_size=40).map("".join),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_extraction_never_raises_validates_and_keeps_offsets(text: str) -> None:
    result = extract_text("random", text)
    ExtractionFile.model_validate(result.model_dump(mode="json"))
    assert_offsets(text, result.records)
    assert extract_text("random", text) == result


# Gazetteer sentences cut into pieces, so that a random width wraps them anywhere: inside
# names, numbers (1 519), quotes and dates.
GAZETTEER_PIECES = st.sampled_from([
    "1981年，", "全县有科普员", "460人", "1 519个", "3 700多人", "5万余份", "近万人次", "85%以上",
    "县科学技术协会", "东明县总工会", "成立", "召开", "第三次代表大会", "县一中", "被评为",
    "“科技教育先进学校”", "受到", "县政府", "表彰", "开展", "“五讲四美”活动", "下发了",
    "《关于加强科普工作的通知》", "，", "。", "、", "；", "1953年9月", "至1985年，", "共有", "会员",
])
PARAGRAPHS = st.lists(st.lists(GAZETTEER_PIECES, min_size=1, max_size=14).map(lambda pieces: "".join(pieces) + "。"),
                      min_size=1, max_size=4)


def _wrapped(paragraph: str, width: int) -> str:
    """A paragraph as print sets it: the first line indented, the others flush, `width` wide
    (12 or more: a narrower line can be a date alone, 1953年9月4, which is a web page's date
    line and boilerplate)."""
    return "    " + "\n".join(paragraph[i:i + width] for i in range(0, len(paragraph), width))


def _fields(records: list) -> list:
    return [record.model_dump(exclude={"start", "end", "raw"}) for record in records]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PARAGRAPHS, st.integers(min_value=12, max_value=45))
def test_a_chapter_wrapped_at_any_width_gives_the_records_of_its_paragraphs(paragraphs: list[str], width: int) -> None:
    flat = "科学技术\n" + "".join(f"    {paragraph}\n" for paragraph in paragraphs)
    wrapped = "科学技术\n" + "".join(_wrapped(paragraph, width) + "\n" for paragraph in paragraphs)
    flat_result, wrapped_result = extract_text("t", flat), extract_text("t", wrapped)
    assert_offsets(wrapped, wrapped_result.records)
    assert [strict_key(r) for r in wrapped_result.records] == [strict_key(r) for r in flat_result.records]
    assert _fields(wrapped_result.records) == _fields(flat_result.records)
