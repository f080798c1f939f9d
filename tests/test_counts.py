"""The count extractor and its quantity normaliser, as a table of cases grouped by origin.

Each case is a short sentence and the counts it must yield as (value, value_max, unit,
qualifier), or an empty list where the contract says there is no count.
"""

from __future__ import annotations

import pytest

from extractors.quantity import canonical_qualifier, parse_numeral, parse_range
from helpers import records_of


def counts(text: str) -> list[tuple]:
    return [(r.value, r.value_max, r.unit, r.qualifier) for r in records_of(text, "count")]


# Forms of numbers and units, written for this table from how yearbooks state quantities.
FORMS = [
    ("spaced-thousands", "全市共有协会组织 1 519个。", [(1519, None, "个", None)]),
    ("spaced-thousands-more", "会员3 700多人。", [(3700, None, "人", "多")]),
    ("comma-thousands", "投入资金1,100万元。", [(11000000, None, "元", None)]),
    ("fullwidth-comma-thousands", "培训1，200人次。", [(1200, None, "人次", None)]),
    ("fullwidth-digits", "建成场所１２处。", [(12, None, "处", None)]),
    ("decimal", "增长5.4%。", [(5.4, None, "%", None)]),
    ("fullwidth-percent", "占比１２．５％。", [(12.5, None, "%", None)]),
    ("wan-yu", "发放宣传单5万余份。", [(50000, None, "份", "余")]),
    ("yu-wan", "折合人民币20余万元。", [(200000, None, "元", "余")]),
    ("chinese-yu-wan", "筹集资金二百余万元。", [(2000000, None, "元", "余")]),
    ("jin-wan", "义务咨询近万人次。", [(10000, None, "人次", "近")]),
    ("yi-yuan", "完成投资1.2亿元。", [(120000000, None, "元", None)]),
    ("wanyi", "地区生产总值5.2万亿元。", [(5200000000000, None, "元", None)]),
    ("mixed-wan", "人口3万4000人。", [(34000, None, "人", None)]),
    ("mixed-wan-digit", "参观13万2人次。", [(132000, None, "人次", None)]),
    ("liang-jia", "与两家保险公司合作。", [(2, None, "家", None)]),
    ("chinese-compound", "共一千五百名会员。", [(1500, None, "名", None)]),
    ("chinese-teen", "设立十二个站点。", [(12, None, "个", None)]),
    ("chinese-ling", "共三百零五户。", [(305, None, "户", None)]),
    ("chinese-range-hundreds", "来了五六百人。", [(500, 600, "人", None)]),
    ("chinese-range-tens", "约三四十人参加。", [(30, 40, "人", "约")]),
    ("liang-san", "每村两三个小组。", [(2, 3, "个", None)]),
    ("dash-range", "掌握了1—2门致富技能。", [(1, 2, "门", None)]),
    ("tilde-range", "每户3~4人。", [(3, 4, "人", None)]),
    ("percent-range", "增长4.5%-5%。", [(4.5, 5, "%", None)]),
    ("percent-yishang", "有 85%以上的协会达标。", [(85, None, "%", "以上")]),
    ("per-mille", "出生率为12.5‰。", [(12.5, None, "‰", None)]),
    ("percentage-points", "高于全国0.4个百分点。", [(0.4, None, "个百分点", None)]),
    ("bei", "增长1.5倍。", [(1.5, None, "倍", None)]),
    ("cheng", "超五成企业。", [(5, None, "成", "超过")]),
    ("duoren", "理事共计70多人参加了会议。", [(70, None, "人", "多")]),
    ("yishang-money", "引进10亿元以上项目。", [(1000000000, None, "元", "以上")]),
    ("zuoyou", "年产值在13万元左右。", [(130000, None, "元", "左右")]),
    ("yue", "厂房约200平方米。", [(200, None, "平方米", "约")]),
    ("dayue", "大约300人。", [(300, None, "人", "约")]),
    ("chaoguo", "超过5000户。", [(5000, None, "户", "超过")]),
    ("yu", "逾3000人次。", [(3000, None, "人次", "超过")]),
    ("chao", "超1000家。", [(1000, None, "家", "超过")]),
    ("tupo", "突破100万人。", [(1000000, None, "人", "超过")]),
    ("buzu", "不足10户。", [(10, None, "户", "不足")]),
    ("budao", "不到20人。", [(20, None, "人", "不足")]),
    ("yinei", "控制在3%以内。", [(3, None, "%", "以下")]),
    ("yixia", "降至5%以下。", [(5, None, "%", "以下")]),
    ("shangbai", "上百人参加。", [(100, None, "人", "多")]),
    ("shubai", "数百户受益。", [(100, None, "户", "多")]),
    ("jiang-jin", "将近2000名。", [(2000, None, "名", "近")]),
    ("yuan-unit", "利税5万元。", [(50000, None, "元", None)]),
    ("renci", "服务2.3万人次。", [(23000, None, "人次", None)]),
    ("mu", "种植3000亩。", [(3000, None, "亩", None)]),
    ("dun", "产量120万吨。", [(1200000, None, "吨", None)]),
    ("dun-biaozhunmei", "全年节能12万吨标准煤。", [(120000, None, "吨标准煤", None)]),
    ("qianwashi", "发电量18亿千瓦时。", [(1800000000, None, "千瓦时", None)]),
    ("gongli", "新建道路35公里。", [(35, None, "公里", None)]),
    ("pingfang-gongli", "面积1.2万平方公里。", [(12000, None, "平方公里", None)]),
    ("noun-unit-xian", "东海、赣榆、灌云三县。", [(3, None, "县", None)]),
    ("noun-unit-xiaozu", "建立732小组。", [(732, None, "小组", None)]),
    ("da-noun", "培育三大产业。", [(3, None, "产业", None)]),
    ("age-threshold", "60岁以上老人。", [(60, None, "岁", "以上")]),
    ("two-qualifiers", "近5000人以上。", [(5000, None, "人", "近")]),
    ("two-counts", "有4个集体和10名个人受到表彰。", [(4, None, "个", None), (10, None, "名", None)]),
    ("chu", "网点16处。", [(16, None, "处", None)]),
    ("hu", "帮扶100多户贫困家庭。", [(100, None, "户", "多")]),
    ("ming-yu", "5 000余名会员。", [(5000, None, "名", "余")]),
    ("jia", "企业2000余家。", [(2000, None, "家", "余")]),
    ("suo", "学校12所。", [(12, None, "所", None)]),
    ("xiang", "完成项目48项。", [(48, None, "项", None)]),
    ("ci", "开展活动30次。", [(30, None, "次", None)]),
    ("chang", "演出20场。", [(20, None, "场", None)]),
    ("pi", "分两批实施。", [(2, None, "批", None)]),
    ("tai", "添置砂轮机30台。", [(30, None, "台", None)]),
    ("fu", "完成贝雕画900幅。", [(900, None, "幅", None)]),
    ("riyuan", "用28万日元收购。", [(280000, None, "日元", None)]),
    ("meiyuan", "出口额1.5亿美元。", [(150000000, None, "美元", None)]),
    ("qian-scale", "职工3千人。", [(3000, None, "人", None)]),
    ("growth-rate", "一般公共预算收入增长4.8%。", [(4.8, None, "%", None)]),
    ("decline", "下降11.5%。", [(11.5, None, "%", None)]),
    ("lai", "十来个人。", [(10, None, "个", "多")]),
    ("nei-after-measure", "步行500米内可达公交站。", [(500, None, "米", "以下")]),
    ("nei-after-money", "单笔贷款控制在5万元内。", [(50000, None, "元", "以下")]),
]

# The contract's exclusions: no count in these.
EXCLUSIONS = [
    ("year", "2003年,市计生协会进一步加大了工作力度。"),
    ("date", "5月29日召开会议。"),
    ("duration-hours", "实施24小时监控。"),
    ("duration-years", "5年来工作成效明显。"),
    ("ordinal", "第三次全体会议。"),
    ("session", "召开四届四次理事会议。"),
    ("anniversary", "纪念建党60周年。"),
    ("slogan-quoted", "开展“十进社区”活动。"),
    ("slogan-quoted-2", "坚持“一好四建”的原则。"),
    ("grade", "三级计生协网络健全。"),
    ("pm25", "PM2.5浓度下降。"),
    ("line-number", "地铁2号线开通。"),
    ("magnitude", "发生6.8级地震。"),
    ("rating", "创建4A级景区。"),
    ("indefinite-yi", "发展了一批年轻同志。"),
    ("indefinite-yige", "建一个理事会。"),
    ("list-ordinal", "一是建立了工作制度。"),
    ("idiom", "走进千家万户。"),
    ("book-title", "印发《三年行动方案》。"),
    ("age-point", "时年15岁。"),
    ("bare-number", "编号1630。"),
    ("duration-months", "历时3个月。"),
    ("century", "20世纪80年代。"),
    ("unify", "统一规划。"),
]


@pytest.mark.parametrize("text,expected", [pytest.param(t, e, id=i) for i, t, e in FORMS])
def test_count_forms(text: str, expected: list[tuple]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in EXCLUSIONS])
def test_not_counts(text: str) -> None:
    assert counts(text) == []


NUMERALS = [
    ("1 519", 1519), ("3 700", 3700), ("1,100万", 11000000), ("１２", 12), ("0.7万", 7000),
    ("一千五百", 1500), ("十二", 12), ("二十五", 25), ("一百二", 120), ("两千", 2000),
    ("三百零五", 305), ("3万4000", 34000), ("13万2", 132000), ("1.2亿", 120000000),
    ("5.2万亿", 5200000000000), ("万", 10000), ("十万", 100000), ("一亿二千万", 120000000),
    ("二百", 200), ("〇", 0),
]


@pytest.mark.parametrize("text,value", [pytest.param(t, v, id=t) for t, v in NUMERALS])
def test_parse_numeral(text: str, value: int) -> None:
    assert parse_numeral(text) == value


@pytest.mark.parametrize("text,expected", [
    ("1—2", (1, 2)), ("3~4", (3, 4)), ("五六百", (500, 600)), ("三四十", (30, 40)),
    ("两三", (2, 3)), ("3—5万", (30000, 50000)), ("7", (7, None)),
])
def test_parse_range(text: str, expected: tuple) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize("word,canonical", [
    ("逾", "超过"), ("超", "超过"), ("突破", "超过"), ("以内", "以下"), ("不到", "不足"),
    ("大约", "约"), ("多", "多"), ("余", "余"), ("以上", "以上"), ("左右", "左右"), ("好", None),
])
def test_canonical_qualifier(word: str, canonical: str | None) -> None:
    assert canonical_qualifier(word) == canonical


# Regressions found on the real dev texts (government work reports, gazetteers).
REGRESSIONS = [
    ("decimal-yi-exact", "实际使用外资1126.6亿元。", [(112660000000, None, "元", None)]),
    ("shared-bound", "合格率分别超98.5%和99%。", [(98.5, None, "%", "超过"), (99, None, "%", "超过")]),
    ("shared-bound-list", "接连突破8万亿元、9万亿元。", [(8000000000000, None, "元", "超过"), (9000000000000, None, "元", "超过")]),
    ("unit-begins-noun", "驻军83075部队政治委员。", []),
    ("grade-after-unit", "全球首台25兆瓦级风电主轴轴承。", []),
    ("project-phase", "国家会议中心二期投用。", []),
    ("editions", "两届广交会吸引采购商。", [(2, None, "届", None)]),
    ("threshold-years", "服役4年以上。", [(4, None, "年", "以上")]),
    ("fixed-formula", "坚持四项基本原则。", []),
    ("compound-unit", "年均浓度27微克/立方米。", [(27, None, "微克/立方米", None)]),
    ("ten-alone", "十件民生实事全面完成。", [(10, None, "件", None)]),
    ("range-scale-twice", "受益3万—5万人。", [(30000, 50000, "人", None)]),
    ("bound-inside-word", "签约12个项目，通过5个渠道。", [(12, None, "个", None), (5, None, "个", None)]),
    # 入超 and 班超 are dictionary words, but jieba cuts 收入 超 and 培训班 超 here.
    ("bound-after-dictionary-bigram", "全年旅游收入超3亿元，举办培训班超10期。",
     [(300000000, None, "元", "超过"), (10, None, "期", "超过")]),
    ("nei-starts-a-word", "修订20项内容，扶持50家内资企业。", [(20, None, "项", None), (50, None, "家", None)]),
    ("nei-after-noun-is-a-place", "在全市4区内开展巡查。", [(4, None, "区", None)]),
    ("nei-after-years-is-a-time-frame", "力争5年内建成。", []),
    ("session-jie-before-congress", "学习十九届历次全会精神。", []),
    ("editions-of-a-conference", "举办5届学术会议。", [(5, None, "届", None)]),
    ("big-any-noun", "推进六大行动，建设四大片区。", [(6, None, "行动", None), (4, None, "片区", None)]),
    ("big-adjective-and-noun", "打造八大新亮点。", [(8, None, "新亮点", None)]),
    ("big-one-is-no-count", "这是其一大特色。", []),
    ("big-ordinal-is-no-count", "跻身全国第三大港口。", []),
]


@pytest.mark.parametrize("text,expected", [pytest.param(t, e, id=i) for i, t, e in REGRESSIONS])
def test_count_regressions(text: str, expected: list[tuple]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize(("text", "subjects"), [
    ("全县新建村卫生室12个、文化广场8处。", ["新建村卫生室", "文化广场"]),  # not back across 12个
    ("垃圾分类覆盖率达90%，为120个行政村配备图书室。", ["垃圾分类覆盖率", "行政村"]),  # its own subject
    ("地区生产总值5.2万亿元、增长5.4%。", ["地区生产总值", "地区生产总值"]),  # none of its own: chained
], ids=["not-past-the-count-before", "own-subject-after-unit-beats-chain", "chained"])
def test_subjects_of_coordinated_counts(text: str, subjects: list[str]) -> None:
    assert [r.subject for r in records_of(text, "count")] == subjects


def test_subjects_of_the_sample_sentences() -> None:
    text = "全市共有协会组织 1 519个,其中县级协会11个。共发放宣传单5万余份。"
    assert [r.subject for r in records_of(text, "count")] == ["协会组织", "县级协会", "宣传单"]
