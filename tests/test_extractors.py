"""Organizations, campaigns, awards, meetings and documents: exact records per sentence.

Cases are grouped by origin: `written` (sentences written for this table in the style of
yearbooks from other provinces and domains), `sample` (the user's sample chapter),
`dev` (patterns met in the real dev texts), and known failures as strict xfail.
Every extraction goes through `records_of`, which checks each record's offsets.
"""

from __future__ import annotations

import pytest

from extractors import extract_chapter_info
from helpers import records_of
from pipeline.segment import segment


def names(text: str, record_type: str, field: str = "name") -> list:
    return [getattr(r, field) for r in records_of(text, record_type)]


ORGANIZATIONS = [
    ("written-union", "市总工会召开全委会议，县妇联、团县委参加。", ["市总工会", "县妇联", "团县委"]),
    ("written-place-prefix", "桦南县残联与县民政局联合开展助残活动。", ["桦南县残联", "县民政局"]),
    ("written-company", "中国农业银行佳木斯分行捐款5万元。", ["中国农业银行佳木斯分行"]),
    ("written-school", "哈尔滨市第一中学和市第一医院开展义诊。", ["哈尔滨市第一中学", "市第一医院"]),
    ("written-generic", "各级协会组织和有关部门积极配合。", []),
    ("written-level", "县级协会11个，村级协会1294个。", []),
    ("written-organ", "组织部、宣传部负责落实。", []),
    ("written-organ-with-parent", "市委组织部负责落实。", ["市委组织部"]),
    ("sample-shared-head", "市东风区、向阳区计生协开展慰问。", ["东风区计生协", "向阳区计生协"]),
    ("sample-shared-prefix", "市计生委、计生协还与保险公司合作。", ["市计生委", "市计生协"]),
    ("sample-abbreviation", "协调农行等部门为贫困家庭贷款。", ["农行"]),
    ("dev-and-its", "依法接受市人大及其常委会监督。", ["市人大", "市人大常委会"]),
    ("dev-congress-in-session", "在北京市第十六届人民代表大会第四次会议上。", ["北京市第十六届人民代表大会"]),
    ("written-congress-at-start", "十届人大三次会议于3月召开。", ["人大"]),
    ("dev-enumeration", "培育了牧原、宇通、华兰等一批龙头企业。", ["牧原", "宇通", "华兰"]),
    ("written-enumeration-of-common-words", "今日头条、快手科技等一批互联网企业。", ["今日头条", "快手科技"]),
    ("written-enumeration-after-particle", "引进了鑫源化纤、汇通物流等一批骨干企业。", ["鑫源化纤", "汇通物流"]),
    ("written-enumeration-after-nouns", "全省骨干企业牧原、宇通等企业发展迅速。", ["牧原", "宇通"]),
    ("written-historical-bodies", "赣榆县临时参议会召开会议，东海县农会成立。", ["赣榆县临时参议会", "东海县农会"]),
    ("written-policy-category", "加快建设高水平大学和一流医院。", []),
    ("written-enumeration-after-verb", "支持金晨光电、汇通等龙头企业发展。", ["金晨光电", "汇通"]),
    ("written-fields-joined-in-a-name", "县经济与信息化局召开会议。", ["县经济与信息化局"]),
    ("written-two-bodies-joined", "市计生协与县民政局联合开展活动。", ["市计生协", "县民政局"]),
    ("written-known-name-joined", "县农行和信用合作社发放贷款。", ["农行"]),
    ("written-enumeration-after-verb-and-nouns", "支持骨干企业牧原、宇通等企业发展。", ["牧原", "宇通"]),
    ("dev-fields-list", "工会、共青团、妇女儿童等事业健康发展。", []),
    ("dev-pronoun", "该厂1982年被评为先进企业。", []),
    ("dev-count-of-bodies", "东海、赣榆、灌云三县政府设第一科。", []),
    ("dev-word-ending-like-head", "优化中关村示范区空间格局。", []),
    ("written-historical-heads", "1938年，延安县抗日救国会成立，国民党汉口市党务登记处派员接收。",
     ["延安县抗日救国会", "国民党汉口市党务登记处"]),
    ("written-vanguard-head", "中华民族解放先锋队在北平成立。", ["中华民族解放先锋队"]),
    ("written-county-level-heads", "济南黄河修防段与临沂县良种场、徐州地区行署协作。",
     ["济南黄河修防段", "临沂县良种场", "徐州地区行署"]),
    ("written-commission-abbreviations-at-text-start", "省科委、省体委联合发文。", ["省科委", "省体委"]),
    ("written-work-team-with-parent", "县委工作组进驻该村，县农业局也派出工作组。", ["县委工作组", "县农业局"]),
    ("written-mass-organization-of-an-era", "1945年，各村建立儿童团，站岗放哨。", ["儿童团"]),
    ("written-gloss-in-brackets", "1940年，区委组织成立了工人抗日救国会（简称工救会）。",
     ["区委", "工人抗日救国会", "工救会"]),
    ("written-other-name-in-brackets", "1965年，县农械修配厂（俗称铁木社）建成。", ["县农械修配厂", "铁木社"]),
    ("written-gloss-after-comma", "1957年，县成立工商业联合会，简称工商联。", ["工商业联合会", "工商联"]),
    ("written-gloss-at-clause-start", "青年抗日先锋队（简称青抗先）在各村活动。", ["青年抗日先锋队", "青抗先"]),
    ("written-organ-after-gloss", "选举产生了县手工业者协会（简称手协）筹备委员会。",
     ["县手工业者协会", "县手工业者协会筹备委员会", "手协"]),
    ("written-renamed-without-place", "1962年，改称文物管理委员会。", ["文物管理委员会"]),
    ("written-founded-bare-organ-or-kind", "乡里成立工作组，城镇建立居民委员会。", []),
    ("written-founded-category", "1946年，成立各级妇女协会。", []),
    ("written-founded-object-runs-on", "1955年，成立手工业生产合作社联社。", []),
    ("written-body-before-its-post", "城关镇妇联主任李华出席会议。", ["城关镇妇联"]),
    ("written-named-in-full-before", "1938年，成立工人抗日救国会。1940年，工人抗日救国会改称职工会。",
     ["工人抗日救国会"]),
    ("written-verb-glued-to-the-level", "1971年，称市革命委员会政工组，归县农业局领导。", ["市革命委员会", "县农业局"]),
]


@pytest.mark.parametrize("text,expected", [pytest.param(t, e, id=i) for i, t, e in ORGANIZATIONS])
def test_organizations(text: str, expected: list[str]) -> None:
    assert names(text, "organization") == expected


def campaigns(text: str) -> list[tuple]:
    return [(r.name, r.kind, r.expansion) for r in records_of(text, "campaign")]


CAMPAIGNS = [
    ("sample-ji-clause", "坚持“一好四建”的原则，即选一个好会长；建一个理事会；建一个活动阵地；建一个委员小组体系；建一套工作制度。",
     [("一好四建", "原则", ["选一个好会长", "建一个理事会", "建一个活动阵地", "建一个委员小组体系", "建一套工作制度"])]),
    ("sample-quoted-list-before", "开展了“我为协会尽责任，我为国策做贡献，争创先进集体，争当先进个人”的“两为两争”活动。",
     [("两为两争", "活动", ["我为协会尽责任", "我为国策做贡献", "争创先进集体", "争当先进个人"])]),
    ("sample-plain-list-before", "开展送米面、送知识、送健康“三送”活动。", [("三送", "活动", ["送米面", "送知识", "送健康"])]),
    ("sample-holiday", "在“母亲节”走访慰问。", []),
    ("sample-plain-term", "在抗击“非典”工作中。", []),
    ("written-programme", "全面实施生育关怀行动和幸福工程。", [("生育关怀行动", "行动", None), ("幸福工程", "工程", None)]),
    ("written-bracket-expansion", "破“四旧”（旧文化、旧思想、旧传统、旧习惯）。", [("四旧", None, ["旧文化", "旧思想", "旧传统", "旧习惯"])]),
    ("written-emphasis", "实行“双向”分解。", []),
    ("dev-award-title", "杭州、温州双获“国际湿地城市”。", []),
    ("dev-artwork", "该厂生产的“南京长江大桥”、“瑞鹤朝阳”参加展览。", []),
    ("dev-mascot", "火爆出圈的吉祥物“喜洋洋”。", []),
    ("dev-nickname", "素有“江苏一枝花”之称。", []),
    ("dev-named-instance", "该公司设计的贝瓷画“松鹤同春”和浮雕“荷花蜻蜓”。", []),
    ("dev-numbered-after-noun", "持续深化新时代“千万工程”。", [("千万工程", None, None)]),
    ("written-date-code-event", "全力抗击“7·20”特大暴雨灾害。", []),
    ("written-natural-event", "抵御“利奇马”台风正面袭击。", []),
    ("written-one-of-counted-events", "防御“杜苏芮”等4个台风和3次寒潮。", []),
    ("written-one-of-counted-programmes", "推广“最多跑一次”等12项改革。", [("最多跑一次", None, None)]),
    ("written-place-chain", "打造“广州—佛山—肇庆”产业带。", []),
    ("written-programme-with-verbs-inside", "实施老城区风貌保护提升行动。", [("老城区风貌保护提升行动", "行动", None)]),
    ("written-programme-after-a-verb-alone", "建成城北污水处理厂扩建工程。", [("城北污水处理厂扩建工程", "工程", None)]),
    ("written-programme-after-round-word", "实施新一轮农田水利提升工程。", [("农田水利提升工程", "工程", None)]),
    ("written-programme-after-new-bound", "持续推行乡村教师支持计划。", [("乡村教师支持计划", "计划", None)]),
    ("written-project-system", "完善防洪排涝工程体系。", []),
    ("written-academy", "新增中国工程院院士2名。", []),
    ("written-subject-and-verb-before-programme", "企业职工响应蓝天行动。", [("蓝天行动", "行动", None)]),
    ("written-head-inside-a-word", "全省各地区实行动态管理。", []),
    ("written-programme-that-is-one-word", "各乡镇干部支持希望工程。", [("希望工程", "工程", None)]),
    ("written-head-begins-a-word", "清欠农民工工程款3亿元。", []),
    ("dev-expansion-parts-are-not-campaigns", "“四大工程”即：网底建设工程、自身造血工程、帮贫解困工程、舆论宣传工程。",
     [("四大工程", None, ["网底建设工程", "自身造血工程", "帮贫解困工程", "舆论宣传工程"])]),
]


@pytest.mark.parametrize("text,expected", [pytest.param(t, e, id=i) for i, t, e in CAMPAIGNS])
def test_campaigns(text: str, expected: list[tuple]) -> None:
    assert campaigns(text) == expected


def test_expansion_of_another_size_warns() -> None:
    (record,) = records_of("开展“三争”活动，即争创合格协会、争当五好会员。", "campaign")
    assert record.expansion == ["争创合格协会", "争当五好会员"]
    assert record.warnings == ["name promises 3 parts, expansion found has 2"]


def test_one_record_per_campaign_name_with_fields_from_later_mentions() -> None:
    text = "开展“三争四评五带头”活动。“三争”即争创合格协会、争当五好会员、争建幸福文明家庭。"
    assert campaigns(text) == [
        ("三争四评五带头", "活动", None),
        ("三争", None, ["争创合格协会", "争当五好会员", "争建幸福文明家庭"]),
    ]


def awards(text: str) -> list[tuple]:
    return [(r.recipient, r.grantor, r.title) for r in records_of(text, "award")]


AWARDS = [
    ("sample-receive", "全市有 4个集体和10名个人受到中国计划生育协会表彰奖励。", [("4个集体和10名个人", "中国计划生育协会", None)]),
    ("sample-passive", "市计生协会被省计生协评为全省协会工作先进集体。", [("市计生协会", "省计生协", "全省协会工作先进集体")]),
    ("sample-passive-no-grantor", "《人生》杂志订阅工作被评为全省先进集体。", [("《人生》杂志订阅工作", None, "全省先进集体")]),
    ("written-win", "县妇联荣获全国三八红旗集体称号。", [("县妇联", None, "全国三八红旗集体")]),
    ("written-grant", "大会对61名先进集体和个人给予嘉奖。", [("61名先进集体和个人", "大会", None)]),
    ("dev-subject-from-sentence", "该厂1982年投产，1987年被市政府命名为市企业管理优秀单位。", [("该厂", "市政府", "市企业管理优秀单位")]),
    ("dev-obtain-is-not-award", "项目获批建设。", []),
    ("written-passive-grant", "该厂被省政府授予“先进企业”称号。", [("该厂", "省政府", "先进企业")]),
    ("written-empty-recipient", "县政府对 予以表彰。", []),
    ("written-date-opens-sentence", "5月12日，该社编印的《农村实用技术》，被评为全省优秀科普读物。",
     [("该社编印的《农村实用技术》", None, "全省优秀科普读物")]),
    ("written-date-between-recipient-and-verb", "“金帆”牌渔网1979年获部优。", [("“金帆”牌渔网", None, "部优")]),
    ("written-recipient-of-the-clause-before", "该县草编1983年获省优，1986年获全国旅游产品“天马”奖。",
     [("该县草编", None, "省优"), ("该县草编", None, "全国旅游产品“天马”奖")]),
    ("written-subject-after-semicolon", "纺织业产值最高；县刺绣厂的手绣台布，远销欧美，获全国同类产品评比第二名。",
     [("县刺绣厂的手绣台布", None, "全国同类产品评比第二名")]),
    ("written-first-of-its-kind", "县中医院荣获全省首个中医药领域质量管理奖。", [("县中医院", None, "质量管理奖")]),
    ("written-rating-is-not-award", "全县12家养老院获评A级以上。", []),
    ("written-place-of-award-is-not-recipient", "在全省技能大赛中，获团体二等奖。", []),
    ("written-chained-clause-whatever-the-verb", "该厂产品在全国展会上获得优质产品奖，次年被评为名牌产品。",
     [("该厂产品", None, "优质产品奖"), ("该厂产品", None, "名牌产品")]),
    ("written-chain-after-a-longer-verb", "该厂1982年荣获全国先进集体称号，1985年获省优。",
     [("该厂", None, "全国先进集体"), ("该厂", None, "省优")]),
    ("written-chain-after-a-grant", "市政府对该厂给予表彰，1985年获省优。", [("该厂", "市政府", None), ("该厂", None, "省优")]),
    ("written-no-subject-but-a-date", "1985年荣获全国先进集体称号，1986年获省优。", []),
    ("written-punctuation-is-no-recipient", "——获省优。", []),
    ("written-tally-of-placings-by-times", "该县代表队获得男子团体冠军12次，女子单打冠军20次。", [("该县代表队", None, None)]),
    ("written-tally-of-placings-counted", "射击队共获得5项团体第1名。", [("射击队", None, None)]),
    ("written-selection-names-the-honour", "县团委评选出“优秀团干部”15名。", [("“优秀团干部”15名", "县团委", "优秀团干部")]),
    ("written-placings-listed-under-one-verb", "乒乓球队获得女子团体第2名，单打第5名和第7名。",
     [("乒乓球队", None, "女子团体第2名，单打第5名和第7名")]),
    ("written-ordinals-under-one-placing", "县代表队曾获地区第一、三名。", [("县代表队", None, "地区第一、三名")]),
    ("written-placing-alone", "县女子篮球队获得冠军，次年获亚军。", [("县女子篮球队", None, "冠军"), ("县女子篮球队", None, "亚军")]),
    ("written-next-act-is-not-a-listed-placing", "李刚获男子跳远第二名，同时获三级跳远第一名。",
     [("李刚", None, "男子跳远第二名"), ("李刚", None, "三级跳远第一名")]),
    ("written-counted-honour-keeps-its-title", "该厂获省优质产品奖3次。", [("该厂", None, "省优质产品奖")]),
    ("written-result-and-place-before-the-placing",
     "1990年，在全省中学生运动会上，李晓峰以11秒2的成绩，获男子100米第一名，同时获200米第二名。",
     [("李晓峰", None, "男子100米第一名"), ("李晓峰", None, "200米第二名")]),
]


@pytest.mark.parametrize("text,expected", [pytest.param(t, e, id=i) for i, t, e in AWARDS])
def test_awards(text: str, expected: list[tuple]) -> None:
    assert awards(text) == expected


def meetings(text: str) -> list[tuple]:
    return [(r.name, r.attendees) for r in records_of(text, "meeting")]


MEETINGS = [
    ("sample-session", "召开了市计生协会四届四次理事会议，市协会常务理事、理事共计70多人参加了会议。",
     [("市计生协会四届四次理事会议", 70)]),
    ("written-congress", "市总工会第十次代表大会召开，出席代表312人，特邀代表20人。", [("市总工会第十次代表大会", 312)]),
    ("written-convened", "县民政局召开优抚模范会议，出席代表45人。", [("优抚模范会议", 45)]),
    ("dev-party-congress", "全面贯彻党的二十大精神。", [("党的二十大", None)]),
    ("dev-two-convened", "成功举办第十八届中国—拉美企业家高峰会、中国（河南）—东盟粮农合作发展大会。",
     [("第十八届中国—拉美企业家高峰会", None), ("中国（河南）—东盟粮农合作发展大会", None)]),
    ("dev-fair-is-not-meeting", "参加上海春交会和广交会。", []),
    ("written-attendance-thousands", "县总工会召开第十次代表大会，1 200人出席。", [("第十次代表大会", 1200)]),
    ("written-attendance-chinese", "召开市妇联第五次代表大会，两千多人参加。", [("市妇联第五次代表大会", 2000)]),
    ("dev-wrapped-line", "政府工作报告\n在广东省第十四届\n人民代表大会第五次会议上", [("广东省第十四届人民代表大会第五次会议", None)]),
]


@pytest.mark.parametrize("text,expected", [pytest.param(t, e, id=i) for i, t, e in MEETINGS])
def test_meetings(text: str, expected: list[tuple]) -> None:
    assert meetings(text) == expected


def documents(text: str) -> list[tuple]:
    return [(r.title, r.issuer) for r in records_of(text, "document")]


DOCUMENTS = [
    ("sample-issued", "市计生协会下发了《关于落实非典防治工作的紧急通知》。", [("关于落实非典防治工作的紧急通知", "市计生协会")]),
    ("sample-no-issuer", "重新印制了《协会工作手册》。", [("协会工作手册", None)]),
    ("written-report", "市长张三作《政府工作报告》。", [("政府工作报告", "张三")]),
    ("written-report-post-after-name", "王建国副县长作《关于全县教育工作的报告》。", [("关于全县教育工作的报告", "王建国")]),
    ("written-report-by-a-post-of-a-body", "驻军某部政治委员作《拥政爱民》的报告。", [("拥政爱民", "驻军某部政治委员")]),
    ("written-issued-according-to", "县卫生局根据省卫生厅颁布的《乡村医生管理办法》开展考核。", [("乡村医生管理办法", "省卫生厅")]),
    ("written-organised-compiling", "县政府组织编制了《全县旅游发展规划》。", [("全县旅游发展规划", "县政府")]),
    ("written-pronoun-is-no-issuer", "我们制定了《三年行动方案》。", [("三年行动方案", None)]),
    ("written-issuer-before-according-to", "县政府根据上级要求制定了《实施办法》。", [("实施办法", "县政府")]),
    ("written-post-of-two-characters", "张三副市长作《报告》。", [("报告", "张三")]),
    ("written-officer-of-a-body", "市委书记作《政府工作报告》。", [("政府工作报告", "市委书记")]),
    ("written-forwarded", "市政府批转市民政局《关于做好救灾工作的意见》。", [("关于做好救灾工作的意见", "市民政局")]),
    ("written-repeated", "学习《条例》，贯彻《条例》。", [("条例", None)]),
    ("written-made-is-not-issued", "他拍摄制作《美丽乡村》。", [("美丽乡村", None)]),
]


@pytest.mark.parametrize("text,expected", [pytest.param(t, e, id=i) for i, t, e in DOCUMENTS])
def test_documents(text: str, expected: list[tuple]) -> None:
    assert documents(text) == expected


def test_the_office_of_a_top_byline_names_a_body() -> None:
    text = "2026年湖南省政府工作报告\n湖南省人民政府省长 张三\n各位代表：\n全省新建学校12所。\n"
    assert extract_chapter_info(segment("t", text)).author == "张三"
    assert [(r.name, r.evidence) for r in records_of(text, "organization")] == [("湖南省人民政府", "湖南省人民政府省长张三")]


@pytest.mark.xfail(strict=True, reason="bodies named without any head or place (海康威视) are not found")
def test_known_failure_bare_company_name() -> None:
    assert names("海康威视获中国质量奖。", "organization") == ["海康威视"]


@pytest.mark.xfail(strict=True, reason="a loss written with an OCR tilde for the minus sign is read as a positive value")
def test_known_failure_negative_value_written_with_ocr_tilde() -> None:
    (record,) = records_of("利润~2.49万元。", "count")
    assert record.value == -24900
