"""Property tests: on random Chinese and mixed text with numbers, quotes, brackets and headings
inserted, extraction never raises, every record validates, every offset slice equals its raw
text, and the output is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import assert_offsets
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
