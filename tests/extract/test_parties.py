import pytest

from extract.model import Document, Source
from extract.parties import kind_of, read_parties, role_of, side_from_label
from extract.ruling import understand
from extract.segments import segment


@pytest.mark.parametrize(
    "label, role",
    [
        ("原告", "plaintiff"),
        ("被告", "defendant"),
        ("上诉人（原审被告）", "appellant"),
        ("被上诉人（原审原告）", "appellee"),
        ("原审被告", "defendant"),
        ("原审第三人", "third_party"),
        ("请求人", "requester"),
        ("被请求人二", "respondent"),
        ("再审申请人（一审被告、二审上诉人）", "retrial_applicant"),
        ("被申请人（一审原告、二审被上诉人）", "retrial_respondent"),
    ],
)
def test_role_of_label(label, role):
    assert role_of(label) == role


@pytest.mark.parametrize(
    "label, side",
    [
        ("上诉人（原审被告）", "accused"),
        ("上诉人（原审原告）", "rights_holder"),
        ("被上诉人（原审原告）", "rights_holder"),
        ("再审申请人（一审被告、二审上诉人）", "accused"),
        ("原告", "rights_holder"),
        ("被请求人", "accused"),
        ("第三人", None),
        ("上诉人（原审被告、反诉原告）", "accused"),
        ("被上诉人(原审原告、反诉被告)", "rights_holder"),
        ("被告（反诉原告）", "accused"),
        ("请求人（专利权人）", "rights_holder"),
        ("被请求人（仿制药申请人）", "accused"),
        ("请求人（药品上市许可申请人）", "accused"),
        ("利害关系人", "rights_holder"),
    ],
)
def test_side_from_label(label, side):
    assert side_from_label(label, role_of(label))[0] == side


@pytest.mark.parametrize(
    "name, following, kind",
    [
        ("甲制药有限公司", "，住所地", "company"),
        ("王某", "，男，1980年1月1日出生", "person"),
        ("伊莱利利公司（Eli Lilly and Company）", "，住所地", "company"),
        ("Grantek Pharma AG", "，住所地", "company"),
    ],
)
def test_kind_of(name, following, kind):
    assert kind_of(name, following) == kind


def test_party_details_in_one_paragraph_and_in_following_lines():
    text = "\n".join(
        [
            "民事判决书",
            "（2099）京73民初5号",
            "原告：伊莱利利公司（Eli Lilly and Company, Inc.），住所地美国印第安纳州。",
            "法定代表人：John Smith，该公司副总裁。",
            "两原告共同委托诉讼代理人：李某，北京某律师事务所律师，住北京市朝阳区。",
            "被告：乙药业股份有限公司，统一社会信用代码：91350200776049653A，住所地江苏省南京市中山路2号，法定代表人：赵某。",
            "被告：王某，男，1980年1月1日出生，汉族，住江苏省南京市。",
            "原告与被告侵害发明专利权纠纷一案。",
        ]
    )
    parties = read_parties(text, segment(text).parties)
    assert [(p.name, p.role, p.kind) for p in parties] == [
        ("伊莱利利公司（Eli Lilly and Company, Inc.）", "plaintiff", "company"),
        ("乙药业股份有限公司", "defendant", "company"),
        ("王某", "defendant", "person"),
    ]
    assert parties[0].representative == "John Smith"
    assert parties[0].address == "美国印第安纳州"  # not the agent's address
    assert parties[1].uscc == "91350200776049653A"
    assert parties[1].address == "江苏省南京市中山路2号"
    assert parties[1].representative == "赵某"


def test_invalid_uscc_is_dropped_with_a_warning():
    text = "行政裁决书\n请求人：甲公司，统一社会信用代码：91350200776049653B，住所地福建省厦门市。\n请求人与被请求人纠纷一案。"
    (party,) = read_parties(text, segment(text).parties)
    assert party.uscc is None
    assert any("校验位不正确" in w for w in party.warnings)


# --- the party block in the forms published judgments and rulings print (issue 10, classes 5 and 12)
# Every text below is invented; the companies are fictional, the years 2096–2099.


def _parties(text: str) -> list[tuple]:
    """(name, role, side, kind) of every party the reader finds in `text`, sides from the text too."""
    doc = Document(text=text, boxes=(None,) * len(text), pages=1)
    return [(p.name, p.role, p.side, p.kind) for p in understand(doc, Source("t.txt", "0", 1)).parties]


def _details(text: str) -> list[tuple]:
    doc = Document(text=text, boxes=(None,) * len(text), pages=1)
    return [
        (p.name, p.role_label, p.uscc, p.address, p.representative)
        for p in understand(doc, Source("t.txt", "0", 1)).parties
    ]


JICHUAN = "霁川生物制药有限公司"
QIWU = "栖梧医药科技有限公司"
MUXI = "沐溪药业股份有限公司"


@pytest.mark.parametrize(
    "block, expected",
    [
        pytest.param(
            f"原告{JICHUAN}，住所地甲省乙市丙路1号。\n法定代表人周某，该公司董事长。\n"
            f"委托诉讼代理人吴某，某律师事务所律师，住甲省乙市。\n被告{QIWU}，住所地丁省戊市己路2号。\n法定代表人郑某，该公司总经理。",
            [(JICHUAN, "plaintiff", "rights_holder", "company"), (QIWU, "defendant", "accused", "company")],
            id="colon-less, comma after the name",
        ),
        pytest.param(
            f"上诉人(原审被告){MUXI}。\n法定代表人冯某，董事长。\n委托代理人陈某。\n"
            "被上诉人(原审原告)岚澈制药株式会社。\n法定代表人山田某，知识产权部部长。\n原审被告卫某。",
            [
                (MUXI, "appellant", "accused", "company"),
                ("岚澈制药株式会社", "appellee", "rights_holder", "company"),
                ("卫某", "defendant", "accused", "person"),
            ],
            id="colon-less, half-width brackets, full stop after the name",
        ),
        pytest.param(
            f"原告 {JICHUAN}，住所地甲省。\n被告 张某某，男，2060年1月1日出生，汉族，住甲省乙市。",
            [
                (JICHUAN, "plaintiff", "rights_holder", "company"),
                ("张某某", "defendant", "accused", "person"),
            ],
            id="a space for the colon",
        ),
        pytest.param(
            "上诉人（一审原告）：霁川公司（Jichuan Pharma Co., Ltd.）（又称霁川制药公司）。住所地：某国某市。"
            "法定代表人：Anna Berg，该公司副总裁。委托代理人：孙某，某律师事务所律师。"
            f"上诉人（一审被告）：{QIWU}。住所地：甲省乙市。法定代表人：钱某，该公司董事长。委托代理人：李某，某律师事务所律师。",
            [
                ("霁川公司（Jichuan Pharma Co., Ltd.）", "appellant", "rights_holder", "company"),
                (QIWU, "appellant", "accused", "company"),
            ],
            id="two parties run together in one paragraph",
        ),
        pytest.param(
            f"请求人：{JICHUAN}，住所地甲省乙市。法定代表人：周某。被请求人：{QIWU}，住所地甲省丙市。"
            f"请求人于2097年1月5日向本局提出处理请求，本局于当日立案。",
            [(JICHUAN, "requester", "rights_holder", "company"), (QIWU, "respondent", "accused", "company")],
            id="the whole block and the history in one paragraph",
        ),
        pytest.param(
            "原告：某某医药研究所，住所地甲省乙市。\n诉讼代表人：刘某，该所所长。\n"
            "被告：沐溪药业有限公司某某分公司，营业场所甲省丙市。\n负责人：何某。\n"
            "被告：某某大药房连锁有限公司，住所地甲省丁市。\n代表人：韩某。\n"
            "第三人：某某有限公司，住所地甲省。",
            [
                ("某某医药研究所", "plaintiff", "rights_holder", "other"),
                ("沐溪药业有限公司某某分公司", "defendant", "accused", "company"),
                ("某某大药房连锁有限公司", "defendant", "accused", "company"),
                ("某某有限公司", "third_party", None, "company"),
            ],
            id="代表人, 诉讼代表人 and 负责人 lines do not end the block",
        ),
        pytest.param(
            "原告：某某有限公司，住所地甲省。\n被告：张某，男，汉族。\n被告：某某\n被告：王××，女，汉族。\n被告：马**",
            [
                ("某某有限公司", "plaintiff", "rights_holder", "company"),
                ("张某", "defendant", "accused", "person"),
                ("某某", "defendant", "accused", "person"),
                ("王××", "defendant", "accused", "person"),
                ("马**", "defendant", "accused", "person"),
            ],
            id="anonymised parties",
        ),
        pytest.param(
            "原告：维尔特罗纳公司（Veltrona Pharmaceuticals, Inc.），住所地美利坚合众国某州。\n"
            "原告：Veltrona Pharma AG，住所地瑞士联邦某市。\n"
            f"被告：{QIWU}（以下简称栖梧公司），住所地甲省。",
            [
                ("维尔特罗纳公司（Veltrona Pharmaceuticals, Inc.）", "plaintiff", "rights_holder", "company"),
                ("Veltrona Pharma AG", "plaintiff", "rights_holder", "company"),
                (QIWU, "defendant", "accused", "company"),
            ],
            id="foreign names with English in brackets; a short name dropped from the name",
        ),
    ],
)
def test_party_block_forms(block, expected):
    text = f"某某知识产权法院\n民事判决书\n（2097）某73民初12号\n{block}\n原告与被告侵害发明专利权纠纷一案，本院于2097年3月1日立案。"
    assert _parties(text) == expected


@pytest.mark.parametrize(
    "block, expected",
    [
        pytest.param(
            f"请求人一：{JICHUAN}\n请求人二：{QIWU}\n被请求人一：{MUXI}\n被请求人二：甲某",
            [
                (JICHUAN, "requester", "rights_holder", "company"),
                (QIWU, "requester", "rights_holder", "company"),
                (MUXI, "respondent", "accused", "company"),
                ("甲某", "respondent", "accused", "person"),
            ],
            id="numbered after the role",
        ),
        pytest.param(
            f"第一被请求人：{MUXI}\n第二被请求人：{QIWU}",
            [(MUXI, "respondent", "accused", "company"), (QIWU, "respondent", "accused", "company")],
            id="numbered before the role",
        ),
        pytest.param(
            f"请求人（一）：{JICHUAN}\n请求人(二)：{QIWU}\n被请求人：{MUXI}",
            [
                (JICHUAN, "requester", "rights_holder", "company"),
                (QIWU, "requester", "rights_holder", "company"),
                (MUXI, "respondent", "accused", "company"),
            ],
            id="numbered in brackets",
        ),
        pytest.param(
            f"请求人 {JICHUAN}\n被请求人　　{MUXI}\n住　　所：甲省丁市",
            [(JICHUAN, "requester", "rights_holder", "company"), (MUXI, "respondent", "accused", "company")],
            id="spaces instead of colons",
        ),
        pytest.param(
            f"请　求　人：{JICHUAN}\n被 请 求 人：{MUXI}",
            [(JICHUAN, "requester", "rights_holder", "company"), (MUXI, "respondent", "accused", "company")],
            id="letter-spaced labels",
        ),
        pytest.param(
            f"请求人\t{JICHUAN}\n被请求人\t{MUXI}",
            [(JICHUAN, "requester", "rights_holder", "company"), (MUXI, "respondent", "accused", "company")],
            id="a table's cells (label, tab, name)",
        ),
    ],
)
def test_office_party_labels(block, expected):
    text = f"某某市知识产权局\n专利侵权纠纷处理决定书\n某知处字〔2097〕5号\n{block}\n请求人于2097年1月5日向本局提出处理请求，本局于当日立案。"
    assert _parties(text) == expected


@pytest.mark.parametrize(
    "block, expected",
    [
        pytest.param(
            f"申请再审人（一审被告、二审上诉人）：{MUXI}\n法定代表人：冯某，该公司总经理。\n"
            f"被申请人（一审原告、二审被上诉人）：{JICHUAN}。",
            [
                (MUXI, "retrial_applicant", "accused", "company"),
                (JICHUAN, "retrial_respondent", "rights_holder", "company"),
            ],
            id="申请再审人, the older wording of 再审申请人",
        ),
        pytest.param(
            f"再审申请人（一审原告、二审上诉人）：{JICHUAN}。\n被申请人（一审被告、二审被上诉人）：{MUXI}。\n"
            f"原审第三人：{QIWU}。\n二审被上诉人（一审被告）：甲某",
            [
                (JICHUAN, "retrial_applicant", "rights_holder", "company"),
                (MUXI, "retrial_respondent", "accused", "company"),
                (QIWU, "third_party", None, "company"),
                ("甲某", "defendant", "accused", "person"),
            ],
            id="earlier-instance labels take the first-instance role",
        ),
        pytest.param(
            f"上诉人（原审被告）：{MUXI}。\n被上诉人（原审原告）：{JICHUAN}。\n原审被告：{QIWU}。\n一审原告：甲某。",
            [
                (MUXI, "appellant", "accused", "company"),
                (JICHUAN, "appellee", "rights_holder", "company"),
                (QIWU, "defendant", "accused", "company"),
                ("甲某", "plaintiff", "rights_holder", "person"),
            ],
            id="原审被告 and 一审原告 without a role in the appeal",
        ),
        pytest.param(
            f"申诉人（一审原告、二审上诉人）：{JICHUAN}。\n被申诉人（一审被告、二审被上诉人）：{MUXI}。",
            [
                (JICHUAN, "retrial_applicant", "rights_holder", "company"),
                (MUXI, "retrial_respondent", "accused", "company"),
            ],
            id="申诉人 and 被申诉人, the wording of older retrials",
        ),
    ],
)
def test_retrial_and_appeal_labels(block, expected):
    text = f"中华人民共和国最高人民法院\n民事裁定书\n（2096）最高法民申101号\n{block}\n上述当事人侵害发明专利权纠纷一案，不服某某高级人民法院民事判决，向本院申请再审。"
    assert _parties(text) == expected


@pytest.mark.parametrize(
    "block, expected",
    [
        pytest.param(
            f"请求人（专利权人）：{JICHUAN}，住所地甲省乙市。\n利害关系人：{QIWU}，住所地甲省丙市。\n"
            f"被请求人（仿制药申请人）：{MUXI}，住所地甲省丁市。",
            [
                (JICHUAN, "requester", "rights_holder", "company"),
                (QIWU, "third_party", "rights_holder", "company"),
                (MUXI, "respondent", "accused", "company"),
            ],
            id="the patentee requests",
        ),
        pytest.param(
            f"请求人（药品上市许可申请人）：{MUXI}，住所地甲省丁市。\n被请求人（专利权人）：{JICHUAN}，住所地甲省乙市。",
            [(MUXI, "requester", "accused", "company"), (JICHUAN, "respondent", "rights_holder", "company")],
            id="the generic applicant requests",
        ),
    ],
)
def test_linkage_labels(block, expected):
    text = f"国家知识产权局\n药品专利纠纷早期解决机制行政裁决书\n国知药裁〔2098〕12号\n{block}\n请求人于2098年1月5日向国家知识产权局提出行政裁决请求。"
    assert _parties(text) == expected


USCC_A = "91330100MA2H7K3Q5D"
USCC_B = "91440300MA5G8N2W12"


@pytest.mark.parametrize(
    "block, expected",
    [
        pytest.param(
            f"请求人：{JICHUAN}\n住　　所：甲省乙市丙路1号\n法定代表人　：周某\n统一社会信用代码　：{USCC_A}\n"
            f"被请求人：{QIWU}\n住　　所：甲省丁市\n统一社会信用代码：{USCC_B}",
            [
                (JICHUAN, "请求人", USCC_A, "甲省乙市丙路1号", "周某"),
                (QIWU, "被请求人", USCC_B, "甲省丁市", None),
            ],
            id="padded detail labels on their own lines",
        ),
        pytest.param(
            f"请求人一 {JICHUAN}，统一社会信用代码{USCC_A}，住所地甲省乙市。\n"
            f"被请求人二 {QIWU}，住所地甲省丁市，法定代表人 郑某。",
            [
                (JICHUAN, "请求人一", USCC_A, "甲省乙市", None),
                (QIWU, "被请求人二", None, "甲省丁市", "郑某"),
            ],
            id="numbered labels with a space for the colon keep their USCC",
        ),
        pytest.param(
            f"上诉人(原审被告)：{MUXI}。住所地：甲省乙市。\n委托代理人：孙某，住甲省丙市。\n地址：甲省丙市丁路9号。",
            [(MUXI, "上诉人（原审被告）", None, "甲省乙市", None)],
            id="half-width label brackets printed full-width; an agent's address is not the party's",
        ),
        pytest.param(
            f"请求人：\n{JICHUAN}，住所地甲省乙市。\n法定代表人：\n周某，该公司董事长。\n被请求人：\n{QIWU}",
            [(JICHUAN, "请求人", None, "甲省乙市", "周某"), (QIWU, "被请求人", None, None, None)],
            id="the name printed on the line under its label",
        ),
    ],
)
def test_party_details_in_other_layouts(block, expected):
    text = f"某某市知识产权局\n行政裁决书\n某知裁字〔2099〕3号\n{block}\n请求人于2099年1月5日向本局提出处理请求，本局于当日立案。"
    assert _details(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "某某省某某市中级人民法院民 事 判 决 书(2097)某01民初7号原告霁川生物制药有限公司,住所地甲省乙市。"
            "法定代表人周某,该公司董事长。委托代理人吴某,某律师事务所律师。被告栖梧医药科技有限公司,住所地丁省。"
            "法定代表人郑某,总经理。原告霁川生物制药有限公司与被告栖梧医药科技有限公司侵害发明专利权纠纷一案,本院于2097年3月1日立案。",
            [(JICHUAN, "plaintiff", "rights_holder", "company"), (QIWU, "defendant", "accused", "company")],
            id="title, number and parties compacted into one paragraph",
        ),
        pytest.param(
            "中华人民共和国最高人民法院 民 事 裁 定 书 (2096)最高法民申3号 再审申请人(一审原告、二审被上诉人):"
            "霁川生物制药有限公司。住所地:甲省乙市。 法定代表人:周某,该公司总经理。 委托代理人:***,某律师事务所律师。 "
            "被申请人(一审被告、二审上诉人):沐溪药业股份有限公司。住所地:甲省丙市。 一审被告:*** 再审申请人霁川生物制药有限公司"
            "因与被申请人沐溪药业股份有限公司侵害发明专利权纠纷一案,不服某某高级人民法院民事判决,向本院申请再审。",
            [
                (JICHUAN, "retrial_applicant", "rights_holder", "company"),
                (MUXI, "retrial_respondent", "accused", "company"),
                ("***", "defendant", "accused", "person"),
            ],
            id="compacted with spaces between sentences; a name masked whole",
        ),
        pytest.param(
            "案号\n(2099)某01知民初5号\n当事人\n霁川生物制药有限公司,栖梧医药科技有限公司\n全文\n"
            "某某市中级人民法院民事裁定书(2099)某01知民初5号原告高某某。被告栖梧医药科技有限公司,住所地丁省。"
            "本院受理原告高某某与被告栖梧医药科技有限公司侵害实用新型专利权纠纷一案后,被告提出管辖权异议。",
            [("高某某", "plaintiff", "rights_holder", "person"), (QIWU, "defendant", "accused", "company")],
            id="a site's metadata lines, then the compacted document; a person's name ends the sentence",
        ),
    ],
)
def test_compacted_pages(text, expected):
    assert _parties(text) == expected


@pytest.mark.parametrize(
    "block, expected",
    [
        pytest.param(
            "上诉人（一审原告）：岚某公司住所地某国某市。\n被上诉人（一审被告）：沐溪药业股份有限公司法定代表人冯某。",
            [("岚某公司", "appellant", "rights_holder", "company"), (MUXI, "appellee", "accused", "company")],
            id="details glued to the name without a comma",
        ),
        pytest.param(
            "原告：霁川生物制药有限公司（原霁川制药厂），住所地甲省。\n被告：栖梧医药科技有限公司(原栖梧贸易有限公司)。",
            [(JICHUAN, "plaintiff", "rights_holder", "company"), (QIWU, "defendant", "accused", "company")],
            id="a former name after 原 dropped",
        ),
    ],
)
def test_names_cut_right(block, expected):
    text = f"某某知识产权法院\n民事判决书\n（2097）某73民初12号\n{block}\n原告与被告侵害发明专利权纠纷一案，本院于2097年3月1日立案。"
    assert _parties(text) == expected


@pytest.mark.parametrize(
    "history, expected",
    [
        pytest.param(
            f"原告{JICHUAN}诉被告{QIWU}侵害发明专利权纠纷一案，本院于2097年1月31日受理后依法审理。",
            [(JICHUAN, "plaintiff", "rights_holder", "company"), (QIWU, "defendant", "accused", "company")],
            id="原告甲诉被告乙",
        ),
        pytest.param(
            f"上诉人{MUXI}（以下简称沐溪公司）因与被上诉人{JICHUAN}、原审被告张某侵害发明专利权纠纷一案，不服某某法院民事判决，向本院提起上诉。"
            f"{JICHUAN}系涉案专利的专利权人。",
            [
                (MUXI, "appellant", "accused", "company"),
                (JICHUAN, "appellee", "rights_holder", "company"),
                ("张某", "defendant", "accused", "person"),
            ],
            id="上诉人甲因与被上诉人乙、原审被告丙",
        ),
    ],
)
def test_parties_from_the_history_when_the_block_is_missing(history, expected):
    text = f"某某市第一中级人民法院\n民事判决书\n（2098）某01民初34号\n法定代表人吕某，该公司董事长。\n委托代理人张某某，某律师事务所律师。\n{history}"
    doc = Document(text=text, boxes=(None,) * len(text), pages=1)
    ruling = understand(doc, Source("t.txt", "0", 1))
    assert [(p.name, p.role, p.side, p.kind) for p in ruling.parties] == expected
    assert sum("取自审理经过" in w for w in ruling.warnings) == len(expected)


def test_names_take_full_width_brackets_and_keep_their_printed_short_names():
    text = (
        "某某知识产权法院\n民事判决书\n（2097）某73民初15号\n"
        "原告:维尔特罗纳公司(Veltrona Pharmaceuticals, Inc.)(又称维尔制药公司),住所地某国。\n"
        "被告:沐溪医药(上海)有限公司,住所地上海市。\n"
        "原告维尔特罗纳公司(Veltrona Pharmaceuticals, Inc.)与被告沐溪医药(上海)有限公司(以下简称沐溪公司)侵害发明专利权纠纷一案。"
    )
    doc = Document(text=text, boxes=(None,) * len(text), pages=1)
    parties = understand(doc, Source("t.txt", "0", 1)).parties
    assert [p.name for p in parties] == [
        "维尔特罗纳公司（Veltrona Pharmaceuticals, Inc.）",
        "沐溪医药（上海）有限公司",
    ]
    assert "维尔制药公司" in parties[0].short_names
    assert "沐溪公司" in parties[1].short_names
