"""Conformance: every rule and example of the contract (../shared/spec/ANNOTATION.md, v2).

One table per section of the contract, in its order: the chapter, each record type, the
decisions for hard cases, and each bullet of "Version 2". Each case is one rule or example
stated there, written as a fresh sentence of a yearbook or a county gazetteer (never copied
from the development texts), with the exact records the contract asks for. A rule the
contract states cannot silently lose its implementation: a case that cannot pass yet is a
strict xfail saying why. Every extraction goes through `records_of`, which checks offsets.

Records are compared on their scored key and the fields the contract defines for the type:
organization (name); count (value, value_max, unit, qualifier: its scored key; `subject` is
scored by overlap and has cases of its own); campaign (name,
kind, expansion); award (recipient, grantor, title); meeting (name, attendees); document
(title, issuer).
"""

from __future__ import annotations

from typing import Any

import pytest

from extractors import extract_chapter_info
from helpers import records_of
from pipeline.segment import segment

FIELDS = {
    "organization": ("name",),
    "count": ("value", "value_max", "unit", "qualifier"),
    "campaign": ("name", "kind", "expansion"),
    "award": ("recipient", "grantor", "title"),
    "meeting": ("name", "attendees"),
    "document": ("title", "issuer"),
}


def found(text: str, record_type: str) -> list[tuple[Any, ...]]:
    """The records of one type in `text`, each as the tuple of its contract fields."""
    return [tuple(getattr(r, f) for f in FIELDS[record_type]) for r in records_of(text, record_type)]


def cases(*rows: tuple[Any, ...]) -> list[Any]:
    """pytest params from (id, text, type, expected[, xfail reason]) rows."""
    params = []
    for row in rows:
        case_id, text, record_type, expected, *reason = row
        marks = [pytest.mark.xfail(strict=True, reason=reason[0])] if reason else []
        params.append(pytest.param(text, record_type, expected, id=case_id, marks=marks))
    return params


def check(text: str, record_type: str, expected: list[tuple[Any, ...]]) -> None:
    assert found(text, record_type) == expected


# ---------------------------------------------------------------------------------------
# The chapter: title, author (byline), sections (the 【】 entries), boilerplate, record section
# ---------------------------------------------------------------------------------------

CHAPTER_TEXT = (
    "您的当前位置：首页 > 年鉴 > 群团组织\n"
    "妇女联合会\n"
    "【组织建设】全县有基层妇代会312个。\n"
    "【维权工作】受理来信来访86件。\n"
    "（撰稿：陈秀兰）\n"
)


def test_chapter_title_author_and_entry_sections() -> None:
    info = extract_chapter_info(segment("t", CHAPTER_TEXT))
    assert (info.title, info.author, info.sections) == ("妇女联合会", "陈秀兰", ["组织建设", "维权工作"])


def test_chapter_author_in_plain_parentheses() -> None:
    text = "科学技术协会\n【学会工作】新建学会3个。\n(赵德明)\n"
    assert extract_chapter_info(segment("t", text)).author == "赵德明"


def test_chapter_without_byline_has_no_author() -> None:
    text = "体育\n【群众体育】全县举办篮球比赛12场。\n"
    assert extract_chapter_info(segment("t", text)).author is None


def test_chapter_breadcrumb_holds_no_records() -> None:
    records = records_of(CHAPTER_TEXT)
    assert [(r.type, r.section) for r in records] == [("count", "组织建设"), ("count", "维权工作")]


def test_record_section_is_null_before_the_first_heading() -> None:
    text = "全县有科普协会14个。\n【科普宣传】印发科普资料2万份。\n"
    assert [r.section for r in records_of(text, "count")] == [None, "科普宣传"]


def test_record_section_in_a_text_without_entries_is_its_own_nearest_heading() -> None:
    text = "工会志\n第二节 县工会代表大会\n大会选出委员27人。\n一、企业民主管理\n建立职代会的企业41个。\n"
    assert [r.section for r in records_of(text, "count")] == ["第二节 县工会代表大会", "一、企业民主管理"]


def test_record_section_under_a_markdown_heading() -> None:
    text = "#### 青年工作\n发展团员436名。\n"
    assert [r.section for r in records_of(text, "count")] == ["青年工作"]


# ---------------------------------------------------------------------------------------
# organization
# ---------------------------------------------------------------------------------------

ORGANIZATION = cases(
    ("org-party-and-government-bodies", "县委、县政府召开专题会议研究扶贫工作。", "organization",
     [("县委",), ("县政府",)]),
    ("org-association-with-place", "宁安县计生协会组织会员开展互助。", "organization", [("宁安县计生协会",)]),
    ("org-company-and-bank", "中国人民财产保险公司牡丹江分公司和县工行捐款2万元。", "organization",
     [("中国人民财产保险公司牡丹江分公司",), ("工行",)]),
    ("org-school-and-hospital", "县第二中学与县人民医院开展义诊。", "organization",
     [("县第二中学",), ("县人民医院",)]),
    ("org-one-record-per-surface-name", "县妇女联合会（县妇联）召开执委会。", "organization",
     [("县妇女联合会",), ("县妇联",)]),
    ("org-shared-head-restored", "城关区、新华区妇联联合开展慰问。", "organization",
     [("城关区妇联",), ("新华区妇联",)]),
    ("org-shared-prefix-restored", "县科委、科协共同举办培训。", "organization", [("县科委",), ("县科协",)],
     "a shared place prefix is restored only when the first part is in the name lists (市计生委、计生协), not for 县科委、科协"),
    ("org-not-generic-categories", "各级妇联组织和有关部门密切配合，乡级协会全部建立。", "organization", [],
     "a known short name inside a category (各级妇联组织) is still read as a name"),
    ("org-not-a-place-alone", "城关镇建成文化站。", "organization", []),
    ("org-not-a-group-of-people", "宣传队深入农村演出。", "organization", []),
)


@pytest.mark.parametrize("text,record_type,expected", ORGANIZATION)
def test_organization(text: str, record_type: str, expected: list) -> None:
    check(text, record_type, expected)


# ---------------------------------------------------------------------------------------
# count
# ---------------------------------------------------------------------------------------

COUNT = cases(
    ("count-spaced-digits", "全县共有协会组织 2 468个。", "count", [(2468, None, "个", None)]),
    ("count-ten-thousand-with-yu", "发放宣传资料3万余份。", "count", [(30000, None, "份", "余")]),
    ("count-near-ten-thousand", "接待群众近万人次。", "count", [(10000, None, "人次", "近")]),
    ("count-money-scaled", "筹集资金40余万元。", "count", [(400000, None, "元", "余")]),
    ("count-chinese-numeral", "新建幼儿园两所。", "count", [(2, None, "所", None)]),
    ("count-hundred-million", "完成投资3.5亿元。", "count", [(350000000, None, "元", None)]),
    ("count-range", "每户种植2—3亩。", "count", [(2, 3, "亩", None)]),
    ("count-qualifier-duo", "参加培训的妇女800多人。", "count", [(800, None, "人", "多")]),
    ("count-qualifier-yue", "全年约120场。", "count", [(120, None, "场", "约")]),
    ("count-qualifier-zuoyou", "每期学员50人左右。", "count", [(50, None, "人", "左右")]),
    ("count-qualifier-yishang", "入会率达90%以上。", "count", [(90, None, "%", "以上")]),
    ("count-qualifier-buzu", "病床不足30张。", "count", [(30, None, "张", "不足")]),
    ("count-variant-yu-is-chaoguo", "会员逾5000名。", "count", [(5000, None, "名", "超过")]),
    ("count-variant-tupo-is-chaoguo", "储蓄余额突破1亿元。", "count", [(100000000, None, "元", "超过")]),
    ("count-variant-yinei-is-yixia", "误差控制在5%以内。", "count", [(5, None, "%", "以下")]),
    ("count-variant-budao-is-buzu", "缺员不到20人。", "count", [(20, None, "人", "不足")]),
    ("count-variant-dayue-is-yue", "大约300户受益。", "count", [(300, None, "户", "约")]),
    ("count-variant-shangbai-is-duo", "上百名志愿者参加。", "count", [(100, None, "名", "多")]),
    ("count-qualifier-yixia", "伤亡人数在10人以下。", "count", [(10, None, "人", "以下")]),
    ("count-qualifier-chaoguo", "捐款超过8万元。", "count", [(80000, None, "元", "超过")]),
    ("count-variant-chao-is-chaoguo", "年产值超3亿元。", "count", [(300000000, None, "元", "超过")]),
    ("count-variant-shubai-is-duo", "参观群众数百人。", "count", [(100, None, "人", "多")]),
    ("count-not-numbers-in-slogans", "推行一好四建工作法，开展十进社区活动。", "count", []),
    ("count-not-numbers-in-names-and-codes", "建立三级计生协，治理PM2.5污染，修建2号线。", "count", []),
    ("count-not-years-and-dates", "1987年5月12日，协会成立。", "count", []),
    ("count-not-durations", "值班24小时，5年来未出事故。", "count", []),
    ("count-not-ordinals-and-sessions", "第三季度召开四届四次会议。", "count", []),
    ("count-not-anniversary", "纪念建会40周年。", "count", []),
    ("count-not-inside-names", "开展五好家庭评选，乘坐3号线。", "count", []),
    ("count-not-magnitudes-and-grades", "发生4.7级地震，创建3A级景区。", "count", []),
    ("count-not-phone-numbers", "咨询电话12355。", "count", []),
    ("count-growth-rate", "产值增长8.6%。", "count", [(8.6, None, "%", None)]),
    ("count-threshold", "投资5000万元以上的项目。", "count", [(50000000, None, "元", "以上")]),
)


@pytest.mark.parametrize("text,record_type,expected", COUNT)
def test_count(text: str, record_type: str, expected: list) -> None:
    check(text, record_type, expected)


# `subject`: the short noun phrase of what is counted, as written (`协会组织`, `下岗职工`).
COUNT_SUBJECTS = [
    pytest.param("全县共有村级协会 1 046个。", ["村级协会"], id="subject-before-the-number"),
    pytest.param("安置下岗职工320人。", ["下岗职工"], id="subject-after-the-verb", marks=pytest.mark.xfail(
        strict=True, reason="the clause's leading verb is kept before a subject of one or two words")),
    pytest.param("印发宣传单4万份。", ["宣传单"], id="subject-of-the-measure", marks=pytest.mark.xfail(
        strict=True, reason="the clause's leading verb is kept before a subject of one or two words")),
    pytest.param("帮扶6个村和40户农民。", ["村", "农民"], id="subject-after-the-measure-word", marks=pytest.mark.xfail(
        strict=True, reason="a one-character noun after a measure word (6个村) is not taken as the subject")),
]


@pytest.mark.parametrize("text,expected", COUNT_SUBJECTS)
def test_count_subject(text: str, expected: list) -> None:
    assert [r.subject for r in records_of(text, "count")] == expected


# ---------------------------------------------------------------------------------------
# campaign
# ---------------------------------------------------------------------------------------

CAMPAIGN = cases(
    ("campaign-quoted-name-with-kind", "全县推行“村务公开”制度。", "campaign", [("村务公开", "制度", None)]),
    ("campaign-corner-quotes", "开展「科技下乡」活动。", "campaign", [("科技下乡", "活动", None)]),
    ("campaign-quoted-without-kind", "提出“富民强县”的口号。", "campaign", [("富民强县", None, None)]),
    ("campaign-unquoted-xingdong", "实施春风助学行动。", "campaign", [("春风助学行动", "行动", None)]),
    ("campaign-unquoted-gongcheng", "启动母亲水窖工程。", "campaign", [("母亲水窖工程", "工程", None)]),
    ("campaign-not-holiday", "“重阳节”期间看望老人。", "campaign", []),
    ("campaign-expansion-from-ji", "推行“三访”制度，即访贫户、访病户、访孤老。", "campaign",
     [("三访", "制度", ["访贫户", "访病户", "访孤老"])]),
    ("campaign-expansion-from-list-before", "开展送技术、送良种“两送”活动。", "campaign",
     [("两送", "活动", ["送技术", "送良种"])]),
    ("campaign-expansion-is-not-a-campaign-of-its-own", "坚持“讲团结，比奉献”的“两讲”原则。", "campaign",
     [("两讲", "原则", ["讲团结", "比奉献"])]),
    ("campaign-political-movements-in-quotes", "1952年开展“三反”、“五反”运动。", "campaign",
     [("三反", None, None), ("五反", "运动", None)]),
    ("campaign-holiday-named-by-date-is-none", "每逢“八·一”慰问驻军。", "campaign", []),
    ("campaign-another-name-is-none", "踢毽子又叫“打鸡毛”。", "campaign", []),
    ("campaign-quoted-body-is-none", "各校建立“少年先锋”组织。", "campaign", []),
    ("campaign-quoted-faction-is-none", "清查“造反派”骨干。", "campaign", []),
    ("campaign-quoted-doctrine-is-none", "批判“唯生产力论”。", "campaign", []),
    ("campaign-quoted-speech-after-colon-is-none", "他在会上强调：“要把扶贫工作做实”。", "campaign", []),
    ("campaign-quoted-work-that-wins-is-none", "“百鸟朝凤”，1986年获省工艺美术作品一等奖。", "campaign", []),
    ("campaign-quoted-statue-is-none", "完成“孙中山”塑像。", "campaign", []),
    ("campaign-quoted-new-product-is-none", "该厂试制出“竹编灯”。", "campaign", []),
    ("campaign-expansion-null-when-not-given", "深入开展“五比”竞赛。", "campaign", [("五比", "竞赛", None)]),
)


@pytest.mark.parametrize("text,record_type,expected", CAMPAIGN)
def test_campaign(text: str, record_type: str, expected: list) -> None:
    check(text, record_type, expected)


# ---------------------------------------------------------------------------------------
# award, meeting, document
# ---------------------------------------------------------------------------------------

AWARD = cases(
    ("award-passive-with-grantor-and-title", "县妇联被省妇联评为全省妇联系统先进集体。", "award",
     [("县妇联", "省妇联", "全省妇联系统先进集体")]),
    ("award-plain-commendation-has-no-title", "县科协受到市政府表彰奖励。", "award", [("县科协", "市政府", None)]),
    ("award-recipient-with-counts", "全县有6个集体和15名个人受到省总工会表彰。", "award",
     [("6个集体和15名个人", "省总工会", None)]),
)

MEETING = cases(
    ("meeting-session-name", "召开县科协三届二次委员会议。", "meeting", [("县科协三届二次委员会议", None)]),
    ("meeting-attendees", "县妇联第八次代表大会召开，出席代表186人。", "meeting",
     [("县妇联第八次代表大会", 186)]),
    ("meeting-attendees-without-guests", "县总工会第六次代表大会召开，出席代表150人，特邀代表12人。", "meeting",
     [("县总工会第六次代表大会", 150)]),
    ("meeting-one-per-distinct-name", "召开县科协第四次代表大会。县科协第四次代表大会选举了委员。", "meeting",
     [("县科协第四次代表大会", None)]),
    ("meeting-planned-not-held", "原定召开的县青联第二次代表大会未能举行。", "meeting",
     [("县青联第二次代表大会", None)]),
)

DOCUMENT = cases(
    ("document-every-title-in-marks", "订阅《农民日报》和《科学种田》杂志。", "document",
     [("农民日报", None), ("科学种田", None)]),
    ("document-issuer-said-by-the-sentence", "县政府下发《关于加强农村科普工作的意见》。", "document",
     [("关于加强农村科普工作的意见", "县政府")]),
    ("document-report-delivered-by-a-person", "会上，王建国作《团结奋进，开创工会工作新局面》的报告。", "document",
     [("团结奋进，开创工会工作新局面", "王建国")]),
    ("document-forwarded-keeps-original-author", "县委转发县妇联《关于保护妇女儿童权益的报告》。", "document",
     [("关于保护妇女儿童权益的报告", "县妇联")]),
)


@pytest.mark.parametrize("text,record_type,expected", AWARD + MEETING + DOCUMENT)
def test_award_meeting_document(text: str, record_type: str, expected: list) -> None:
    check(text, record_type, expected)


# ---------------------------------------------------------------------------------------
# Decisions for hard cases
# ---------------------------------------------------------------------------------------

HARD_CASES = cases(
    ("hard-org-inside-an-event-name", "举办县科协成立纪念日活动。", "organization", [("县科协",)]),
    ("hard-org-inside-a-congress-name", "召开县总工会第七次代表大会。", "organization", [("县总工会",)]),
    ("hard-org-not-inside-book-titles", "学习《县妇联工作条例》。", "organization", []),
    ("hard-organ-without-parent-is-none", "宣传部、经费审查委员会参加。", "organization", []),
    ("hard-organ-with-parent-is-one", "县委宣传部参加。", "organization", [("县委宣传部",)]),
    ("hard-army-with-descriptor-by-name", "日军当局强征民夫。", "organization", [("日军",)]),
    ("hard-category-list-is-no-body", "化工、建材、电子产业工会相继成立。", "organization", []),
    ("hard-category-list-with-deng", "城关、胡集等乡镇工会开展活动。", "organization", []),
    ("hard-count-every-occurrence", "新建村级组织8个，又新建村级组织8个。", "count",
     [(8, None, "个", None), (8, None, "个", None)]),
    ("hard-count-indefinite-yi-is-none", "召开一次会议，组建一个班子。", "count", []),
    ("hard-count-numeral-before-noun", "全县建立724小组。", "count", [(724, None, "小组", None)]),
    ("hard-campaign-lost-quote-mark", "全面完成七五”计划。", "campaign", [("七五", "计划", None)]),
    ("hard-campaign-lost-quote-mark-activity", "各校开展学雷锋”活动。", "campaign", [("学雷锋", "活动", None)]),
    ("hard-campaign-closing-quote-of-speech-is-none", "他说：“我们要干好。”工作中不怕苦。", "campaign", []),
    ("hard-campaign-emphasis-is-none", "实行“双轨”运行。", "campaign", []),
    ("hard-award-one-per-verb", "该厂被评为省级先进企业，厂长被授予劳动模范称号。", "award",
     [("该厂", None, "省级先进企业"), ("厂长", None, "劳动模范")]),
    ("hard-award-title-after-rongh", "县文化馆荣获合格文化馆称号。", "award", [("县文化馆", None, "合格文化馆")]),
    ("hard-meeting-attendees-without-invited-and-observers", "县第五次妇代会召开，出席代表204人，列席代表20人。",
     "meeting", [("县第五次妇代会", 204)]),
    ("hard-document-forwarded-by-verb-zhuanfa", "县政府转发省科委《星火计划实施办法》。", "document",
     [("星火计划实施办法", "省科委")]),
)


@pytest.mark.parametrize("text,record_type,expected", HARD_CASES)
def test_decisions_for_hard_cases(text: str, record_type: str, expected: list) -> None:
    check(text, record_type, expected)


# ---------------------------------------------------------------------------------------
# Version 2
# ---------------------------------------------------------------------------------------

GAZETTEER_RUN_IN = (
    "工会志\n"
    "第一节  工人组织\n"
    "全县工会会员1200人。\n"
    "    组织建设  1983年，新建基层工会15个。\n"
    "    职工教育  举办夜校8所。\n"
)


def test_v2_run_in_headings_are_entries() -> None:
    chapter = segment("t", GAZETTEER_RUN_IN)
    assert extract_chapter_info(chapter).sections == ["组织建设", "职工教育"]
    assert [(r.value, r.section) for r in records_of(GAZETTEER_RUN_IN, "count")] == [
        (1200, "第一节 工人组织"), (15, "组织建设"), (8, "职工教育")]


def test_v2_hard_wrap_inside_a_field() -> None:
    text = "工会\n    职工之家  1985年，城关供销社被评为先进职工之\n家。\n"
    assert found(text, "award") == [("城关供销社", None, "先进职工之家")]


def test_v2_count_split_by_a_wrap_is_one_count() -> None:
    text = "妇女工作\n    女工  全县有女职工46\n0人。\n"
    assert [(r.value, r.unit) for r in records_of(text, "count")] == [(460, "人")]


def test_v2_tables_hold_no_records() -> None:
    text = (
        "各乡工会会员情况表\n"
        "┏━━━━┳━━━━┓\n"
        "┃乡  别┃会员数┃\n"
        "┠────╂────┨\n"
        "┃城关乡┃ 312人┃\n"
        "┗━━━━┻━━━━┛\n"
        "单位：人\n"
        "全县共有会员856人。\n"
    )
    assert [r.value for r in records_of(text, "count")] == [856]


def test_v2_boilerplate_holds_no_records() -> None:
    text = (
        "来源：县志办公室 2023年5月6日\n"
        "作者：刘海明\n"
        "时间：2023-05-06\n"
        "首页 > 地方志 > 科技\n"
        "本报记者 孙立新摄\n"
        "科学技术\n"
        "【科技推广】推广良种12个。\n"
        "第 3 页\n"
    )
    assert [(r.type, r.value) for r in records_of(text)] == [("count", 12)]


def test_v2_toolbars_and_page_numbers_hold_no_records() -> None:
    text = "体育\n下载 打印\n【字号：加大 还原 减小】\n【群众体育】举办篮球比赛12场。\n·352·\n- 353 -\n第 354 页\n"
    assert [(r.type, r.value) for r in records_of(text)] == [("count", 12)]


V2_ORGANIZATIONS = cases(
    ("v2-org-fund-is-none", "设立县乡村振兴产业投资基金。", "organization", []),
    ("v2-org-zone-and-park-are-none", "建设县经济开发区和县农业科技园区。", "organization", []),
    ("v2-org-port-airport-station-are-none", "扩建县汽车站和县货运港口。", "organization", []),
    ("v2-org-platform-and-database-are-none", "建成县科技服务平台和县科技成果数据库。", "organization", []),
    ("v2-org-centre-that-acts-is-one", "县农业技术推广服务中心成立，配备技术人员12人。", "organization",
     [("县农业技术推广服务中心",)]),
    ("v2-org-research-centre-is-one", "市食品安全研究中心承担课题3项。", "organization", [("市食品安全研究中心",)]),
    ("v2-org-centre-as-city-goal-is-none", "加快建设国际消费中心城市和城市副中心。", "organization", []),
    ("v2-org-congress-from-session-name", "在湖北省第十三届人民代表大会第二次会议上。", "organization",
     [("湖北省第十三届人民代表大会",)]),
    ("v2-org-abbreviated-congress-from-session", "省十三届人大三次会议审议通过。", "organization",
     [("省十三届人大",)]),
)

V2_CAMPAIGN_KIND = cases(
    ("v2-kind-longest-of-the-list", "实施“春蕾”计划。", "campaign", [("春蕾", "计划", None)]),
    ("v2-kind-gongzuo", "抓好“一村一品”工作。", "campaign", [("一村一品", "工作", None)]),
    ("v2-kind-tixi", "健全“三级联动”体系。", "campaign", [("三级联动", "体系", None)]),
    ("v2-kind-jingsai", "开展“双学双比”竞赛。", "campaign", [("双学双比", "竞赛", None)]),
    ("v2-kind-mubiao", "实现“两个确保”目标。", "campaign", [("两个确保", "目标", None)]),
    ("v2-kind-not-in-the-list-is-null", "推广“一站式”服务。", "campaign", [("一站式", None, None)]),
)

V2_AWARDS = cases(
    ("v2-award-commend-count-phrase", "会上表彰了45个先进职工之家、23名优秀工会积极分子。", "award",
     [("45个先进职工之家、23名优秀工会积极分子", None, None)]),
    ("v2-award-commend-count-phrase-with-grantor", "县总工会表彰模范职工小家12个。", "award",
     [("模范职工小家12个", "县总工会", None)]),
    ("v2-award-pingchu-phrase-with-count-after", "1988年，县委评出劳动模范、先进工作者138人。", "award",
     [("劳动模范、先进工作者138人", "县委", None)]),
    ("v2-award-pingxuanchu-count-before", "全县评选出86个文明班组。", "award", [("86个文明班组", None, None)]),
    ("v2-award-recipient-before-huojiang", "县酿酒厂、城关棉织厂等7个单位获奖。", "award",
     [("县酿酒厂、城关棉织厂等7个单位", None, None)]),
    ("v2-award-grantor-and-quoted-title", "该站被省农业厅授予“科技推广先进单位”称号。", "award",
     [("该站", "省农业厅", "科技推广先进单位")]),
    ("v2-award-gazetteer-shou-biaozhang", "1964年，该社受省农业厅表彰。", "award", [("该社", "省农业厅", None)]),
    ("v2-award-gazetteer-glorious-title", "他被国务院授予全国先进工作者光荣称号。", "award",
     [("他", "国务院", "全国先进工作者")]),
    ("v2-award-gazetteer-named-as", "1983年，城关中学被命名为地区文明单位。", "award",
     [("城关中学", None, "地区文明单位")]),
    ("v2-award-gazetteer-place-and-result-before-verb", "李红在全省中学生田径运动会上以12秒5的成绩获女子100米第一名。",
     "award", [("李红", None, "女子100米第一名")]),
    ("v2-award-gazetteer-chained-with-tongshi", "王强在1984年全国射击锦标赛中获男子步枪第二名，同时获团体第三名。",
     "award", [("王强", None, "男子步枪第二名"), ("王强", None, "团体第三名")]),
    ("v2-award-gazetteer-adverb-before-verb", "该队曾获全省篮球比赛冠军。", "award", [("该队", None, "全省篮球比赛冠军")]),
    ("v2-award-gazetteer-same-year-is-a-date", "1978年该厂获省优质产品奖，同年5月同获部优质产品奖。", "award",
     [("该厂", None, "省优质产品奖"), ("该厂", None, "部优质产品奖")]),
    ("v2-award-gazetteer-place-in-arabic-digits", "该校女子篮球队在地区比赛中获团体第2名。", "award",
     [("该校女子篮球队", None, "团体第2名")]),
    ("v2-award-subject-before-its-predicate", "1987年，王玉兰出席全国妇女代表大会，被授予全国三八红旗手称号。", "award",
     [("王玉兰", None, "全国三八红旗手")]),
    ("v2-award-subject-keeps-its-modifier", "县一中学生创作的版画入选全国少儿美展，获三等奖。", "award",
     [("县一中学生创作的版画", None, "三等奖")]),
    ("v2-award-gazetteer-merit-citation", "1950年，李长海在剿匪中荣立二等功。", "award", [("李长海", None, "二等功")]),
    ("v2-award-gazetteer-collective-merit", "该连记集体三等功一次。", "award", [("该连", None, "集体三等功")]),
    ("v2-award-those-who-earned-merit-is-none", "对立功者给予奖励。", "award", []),
    ("v2-award-body-gives-a-named-honour", "县农机厂研制的播种机，地区行署授予科技进步二等奖。", "award",
     [("县农机厂研制的播种机", "地区行署", "科技进步二等奖")]),
    ("v2-award-grantor-before-another-act", "该队受到省、地领导的接见和表扬。", "award", [("该队", "省、地领导", None)]),
    ("v2-award-received-without-grantor", "全乡有3个集体和9名个人受到表彰。", "award", [("3个集体和9名个人", None, None)]),
    ("v2-award-commendation-meeting-is-no-award", "县委召开表彰先进集体大会。", "award", []),
    ("v2-award-quoted-honour-is-title-not-campaign", "刘桂英被评为“三八红旗手”。", "campaign", []),
    ("v2-award-quoted-honour-title", "刘桂英被评为“三八红旗手”。", "award", [("刘桂英", None, "三八红旗手")]),
)

V2_MORE = cases(
    ("v2-quoted-honour-with-zhengchuang-is-no-campaign", "全县开展争创“青年文明号”活动。", "campaign", []),
    ("v2-quoted-honour-without-verb-is-no-campaign", "全县有“三八红旗手”46名。", "campaign", []),
    ("v2-quoted-honours-in-a-contest-are-no-campaigns", "开展“五好家庭”和“文明户”竞赛活动。", "campaign", []),
    ("v2-cup-contest-is-campaign", "县团委举办“丰收杯”知识竞赛。", "campaign", [("丰收杯", None, None)]),
    ("v2-cup-contest-kind", "举办“振兴杯”竞赛。", "campaign", [("振兴杯", "竞赛", None)]),
    ("v2-award-level-word-before-quoted-honour", "她被评为省级“巾帼建功标兵”。", "award",
     [("她", None, "省级巾帼建功标兵")]),
    ("v2-award-pingxuanchu-named-honour", "年内评选出“十佳青年”12名。", "award", [("“十佳青年”12名", None, "十佳青年")]),
    ("v2-count-multi-level-descriptor-none", "列为省、市两级试点，建立县、乡、村三级网络。", "count", []),
    ("v2-count-age-threshold", "招收20周岁以上的青年。", "count", [(20, None, "周岁", "以上")]),
    ("v2-count-age-point-is-none", "凡年满18周岁的公民均可参加。", "count", []),
    ("v2-count-bushaoyu-is-yishang", "每村不少于5名。", "count", [(5, None, "名", "以上")]),
    ("v2-count-buchaoguo-is-yixia", "每组不超过12人。", "count", [(12, None, "人", "以下")]),
    ("v2-document-angle-title-inside-book-title", "下发《关于转发〈农村科普工作条例〉的通知》。", "document",
     [("关于转发〈农村科普工作条例〉的通知", None), ("农村科普工作条例", None)]),
    ("v2-meeting-zuotanhui", "召开科技工作座谈会。", "meeting", [("科技工作座谈会", None)]),
    ("v2-meeting-xianchanghui", "召开全县植棉现场会。", "meeting", [("全县植棉现场会", None)]),
    ("v2-meeting-baogaohui", "举办英模事迹报告会。", "meeting", [("英模事迹报告会", None)]),
    ("v2-meeting-jiaoliuhui", "召开农村科普经验交流会。", "meeting", [("农村科普经验交流会", None)]),
    ("v2-meeting-daibiaohui", "召开县贫协代表会。", "meeting", [("县贫协代表会", None)]),
    ("v2-meeting-abbreviated-congress", "1981年5月，县第二次团代会召开。", "meeting", [("县第二次团代会", None)]),
    ("v2-meeting-committee-plenary-by-ordinal", "县妇联四届二次全委会在城关召开。", "meeting",
     [("县妇联四届二次全委会", None)]),
    ("v2-meeting-historical-congress-by-ordinal", "1957年3月，曹县第一次妇女代表大会召开。", "meeting",
     [("曹县第一次妇女代表大会", None)]),
    ("v2-meeting-session-with-a-note-in-brackets", "县总工会召开了三届二次全委（扩大）会议。", "meeting",
     [("三届二次全委（扩大）会议", None)]),
    ("v2-meeting-executive-committee-session", "县妇联一届二次执委会在城关召开。", "meeting",
     [("县妇联一届二次执委会", None)]),
    ("v2-meeting-session-of-a-congress-by-ordinal", "1958年7月，中共曹县第一次代表大会第二次会议召开。", "meeting",
     [("中共曹县第一次代表大会第二次会议", None)]),
    ("v2-meeting-congress-by-term-keeps-its-owner", "1984年4月，县第十届人民代表大会举行。", "meeting",
     [("县第十届人民代表大会", None)]),
    ("v2-meeting-first-congress", "1990年，县首届一次职代会召开。", "meeting", [("县首届一次职代会", None)]),
    ("v2-meeting-attendance-daohui", "同年召开全县青年积极分子代表会议，到会代表320人。", "meeting",
     [("全县青年积极分子代表会议", 320)]),
    ("v2-meeting-counted-with-guo-is-none", "全县先后召开过六次妇女代表大会。", "meeting", []),
    ("v2-meeting-kind-of-gatherings-is-none", "召开各种经验交流会20次。", "meeting", []),
    ("v2-meeting-sports-games-is-none", "举办全县第三届田径运动大会。", "meeting", []),
    ("v2-meeting-ceremony-is-none", "举行授奖仪式和开工典礼仪式。", "meeting", []),
    ("v2-meeting-fair-and-exhibition-are-none", "举办物资交易会和农业展览会。", "meeting", []),
    ("v2-meeting-contest-is-none", "举办职工技术比赛和青年歌手大奖赛。", "meeting", []),
    ("v2-meeting-unnamed-count-is-no-meeting", "全年召开3次座谈会。", "meeting", []),
    ("v2-meeting-unnamed-count-is-a-count", "全年召开3次座谈会。", "count", [(3, None, "次", None)]),
    ("v2-table-caption-and-note-hold-no-records",
     "科学技术\n表4—3  全县8个乡镇科普协会情况表\n┏━━━━┳━━━━┓\n┃乡  镇┃协会数┃\n┠────╂────┨\n┃城关镇┃ 12个 ┃\n"
     "┗━━━━┻━━━━┛\n单位：个\n全县建立科普协会52个。\n", "count", [(52, None, "个", None)]),
    ("v2-table-caption-without-its-table-holds-no-records", "表4—3\n全县8个乡镇科普协会情况表\n全县建立科普协会52个。\n", "count",
     [(52, None, "个", None)]),
)


@pytest.mark.parametrize("text,record_type,expected", V2_ORGANIZATIONS + V2_CAMPAIGN_KIND + V2_AWARDS + V2_MORE)
def test_version_2(text: str, record_type: str, expected: list) -> None:
    check(text, record_type, expected)


def test_v2_a_breadcrumb_after_a_section_name_is_boilerplate() -> None:
    text = "文化事业 您的当前位置：首页 > 年鉴\n群众文化\n群众文化\n【文化活动】全县举办文艺演出36场。\n"
    chapter = segment("t", text)
    assert chapter.title == "群众文化"
    assert [(r.type, r.value) for r in records_of(text)] == [("count", 36)]
