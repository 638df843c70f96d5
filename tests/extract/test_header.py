"""The title block and the case facts (extract/header.py), per failure class of issue 10.

Every document here is invented: invented companies, case numbers of 2096–2099.
"""

import pytest

from extract.header import procedure_of_number, read_header
from extract.model import Document, Source
from extract.ruling import understand
from extract.segments import segment

PARTIES = "\n".join(
    [
        "上诉人（原审被告）：青石岭制药有限公司，住所地江苏省某市某路1号。",
        "法定代表人：赵某，该公司董事长。",
        "被上诉人（原审原告）：白露湾医药科技有限公司，住所地上海市某区某路2号。",
        "法定代表人：钱某，该公司总经理。",
    ]
)
HISTORY = (
    "上诉人青石岭制药有限公司（以下简称青石岭公司）因与被上诉人白露湾医药科技有限公司（以下简称白露湾公司）"
    "侵害发明专利权纠纷一案，不服上海知识产权法院（2098）沪73知民初41号民事判决，向本院提起上诉。本案现已审理终结。"
)
BODY = "\n".join(
    [
        HISTORY,
        "本院认为，被诉侵权产品落入涉案专利权的保护范围。",
        "依照《中华人民共和国民事诉讼法》第一百七十七条第一款第一项之规定，判决如下：",
        "驳回上诉，维持原判。",
        "本判决为终审判决。",
        "审判长　孙某",
        "二〇九九年五月六日",
    ]
)
TITLE = "中华人民共和国最高人民法院\n民 事 判 决 书\n（2099）最高法知民终17号"
APPEAL = f"{TITLE}\n{PARTIES}\n{BODY}"


def header(text):
    return read_header(text, segment(text))


def ruling(text):
    return understand(Document(text=text, boxes=(None,) * len(text), pages=1), Source("t.txt", "0" * 64, 1))


def test_a_plain_appeal():
    h = header(APPEAL)
    assert (h.document_type, h.authority_name, h.authority_kind) == ("judgment", "最高人民法院", "court")
    assert h.case_number == "（2099）最高法知民终17号"
    assert [v for v, _ in h.prior_case_numbers] == ["（2098）沪73知民初41号"]
    assert (h.cause, h.procedure) == ("侵害发明专利权纠纷", "second_instance")
    assert h.warnings == ()


# Class 1: the court's name glued to the line above, and documents without a court line.
@pytest.mark.parametrize(
    "title",
    [
        # the site's 案号 line compacted into the court's line
        "案号：（2098）沪73知民初41号中华人民共和国最高人民法院\n民事判决书\n（2099）最高法知民终17号",
        # a publisher's headline glued before the court
        "青石岭公司与白露湾公司侵害发明专利权纠纷二审民事判决书中华人民共和国最高人民法院\n民事判决书\n（2099）最高法知民终17号",
        # the whole title block on one line
        "中华人民共和国最高人民法院民事判决书（2099）最高法知民终17号",
        # letter-spaced court and document name
        "中 华 人 民 共 和 国 最 高 人 民 法 院\n民　事　判　决　书\n（２０９９）最高法知民终１７号",
        # a number glued to the court without any other word
        "（2098）沪73知民初41号最高人民法院\n民事判决书\n（2099）最高法知民终17号",
    ],
)
def test_the_courts_name_is_read_line_by_line(title):
    h = header(f"{title}\n{PARTIES}\n{BODY}")
    assert h.authority_name == "最高人民法院"
    assert h.case_number == "（2099）最高法知民终17号"
    assert h.document_type == "judgment"


@pytest.mark.parametrize(
    "title, authority, warned",
    [
        # no court line: the number names the court
        ("民事判决书\n（2099）最高法知民终17号", "最高人民法院", True),
        ("民事判决书\n（2099）京73民初8号", "北京知识产权法院", True),
        ("民事判决书\n（2099）浙民终3号", "浙江省高级人民法院", True),
        ("民事判决书\n（2096）民三终字第4号", "最高人民法院", True),
        ("民事判决书\n（2096）沪高民三（知）终字第9号", "上海市高级人民法院", True),
        # an intermediate court's number names no court for certain: none, with a warning
        ("民事判决书\n（2099）苏05民初9号", None, True),
    ],
)
def test_without_a_court_line_no_party_becomes_the_authority(title, authority, warned):
    h = header(f"{title}\n{PARTIES}\n{BODY}")
    assert h.authority_name == authority
    assert h.authority_name != "青石岭制药有限公司"
    assert any("法院" in w for w in h.warnings) is warned


def test_an_office_without_a_title_line_is_read_from_its_signature():
    text = "\n".join(
        [
            "专利侵权纠纷行政裁决书",
            "苏知裁字〔2099〕3号",
            "请求人：白露湾医药科技有限公司，住所地上海市某区某路2号。",
            "被请求人：青石岭制药有限公司，住所地江苏省某市某路1号。",
            "请求人白露湾医药科技有限公司与被请求人青石岭制药有限公司专利侵权纠纷一案，本局依法立案。",
            "本局认为，被请求人的行为构成侵权。",
            "裁决如下：",
            "责令被请求人立即停止销售侵犯涉案专利权的产品。",
            "当事人不服本裁决的，可以自收到本裁决书之日起十五日内向南京市中级人民法院提起行政诉讼。",
            "江苏省知识产权局",
            "二〇九九年七月一日",
        ]
    )
    h = header(text)
    assert (h.authority_name, h.authority_kind) == ("江苏省知识产权局", "ip_office")
    assert h.procedure == "administrative"


def test_a_companys_letter_has_no_authority():
    text = "青石岭制药有限公司\n情况说明\n某省医药集中采购服务中心：\n我公司生产的产品涉及（2099）苏05民初9号民事判决。\n特此说明。"
    h = header(text)
    assert h.document_type == "other"
    assert h.authority_name is None


def test_a_notice_keeps_its_issuer():
    text = "某某省医疗保障局\n某医保函〔2099〕27号\n关于挂网专利异议处理有关事项的通知\n各有关单位：\n现将有关事项通知如下：\n一、略。"
    h = header(text)
    assert (h.document_type, h.authority_name, h.case_number) == ("other", "某某省医疗保障局", None)


# Class 2: text before the document.
SITE_METADATA = "\n".join(
    [
        "案件名称：青石岭制药有限公司与白露湾医药科技有限公司专利权权属纠纷二审民事判决书",
        "审理法院：最高人民法院",
        "案号：（2098）沪73知民初41号",
        "案由：专利权权属纠纷",
        "裁判日期：2099-05-06",
        "当事人：青石岭制药有限公司；白露湾医药科技有限公司",
    ]
)
SITE_FIELDS_ON_THEIR_OWN_LINES = "\n".join(
    ["跳转到主要内容", "（2098）沪73知民初41号", "裁判日期: 2099-05-06", "案件名称", "某某二审民事判决书", "法院",
     "最高人民法院", "案由", "专利权权属纠纷", "法律依据", "《最高人民法院关于审理专利纠纷案件适用法律问题的若干规定》", "全文"]
)  # fmt: skip
PUBLISHER = "\n".join(
    [
        "白露湾公司诉青石岭公司专利侵权案二审改判",
        "发布时间：2099-06-01 来源：某某知识产权网",
        "一审案号：（2098）沪73知民初41号",
        "二审案号：（2099）最高法知民终17号",
        "裁判要旨",
        "仿制药的技术方案与权利要求记载的技术特征等同的，落入专利权的保护范围。",
    ]
)


@pytest.mark.parametrize("preamble", [SITE_METADATA, SITE_FIELDS_ON_THEIR_OWN_LINES, PUBLISHER])
def test_text_before_the_document_is_not_the_document(preamble):
    text = f"{preamble}\n{APPEAL}"
    seg = segment(text)
    assert seg.preamble is not None and text[seg.title[0] :].startswith("中华人民共和国最高人民法院")
    h = read_header(text, seg)
    assert (h.document_type, h.authority_name) == ("judgment", "最高人民法院")
    assert h.case_number == "（2099）最高法知民终17号"
    assert h.cause == "侵害发明专利权纠纷"  # the document's own, not the site's 专利权权属纠纷
    assert h.procedure == "second_instance"


def test_a_compacted_document_after_the_sites_fields():
    compacted = TITLE.replace("\n", "") + PARTIES.replace("\n", "") + BODY.replace("\n", "")
    text = f"{SITE_FIELDS_ON_THEIR_OWN_LINES}\n{compacted}"
    h = header(text)
    assert (h.authority_name, h.case_number, h.cause) == ("最高人民法院", "（2099）最高法知民终17号", "侵害发明专利权纠纷")


@pytest.mark.parametrize(
    "preamble, number, authority",
    [
        ("案号：（2099）最高法知民终17号\n审理法院：最高人民法院", "（2099）最高法知民终17号", "最高人民法院"),
        ("结案日期:2099年5月6日 案由:侵害发明专利权纠纷 案号:(2099)最高法知民终17号 经办法院:最高人民法院",
         "（2099）最高法知民终17号", "最高人民法院"),
        ("案号\n（2099）京73民初8号\n法院\n北京知识产权法院", "（2099）京73民初8号", "北京知识产权法院"),
    ],
)  # fmt: skip
def test_the_sites_fields_stand_in_for_missing_lines_with_a_warning(preamble, number, authority):
    text = f"白露湾公司与青石岭公司侵害发明专利权纠纷案\n{preamble}\n当事人信息\n{PARTIES}\n{BODY}"
    h = header(text)
    assert (h.case_number, h.authority_name) == (number, authority)
    assert any("网页信息" in w for w in h.warnings)


def test_a_headline_names_the_document_the_copy_dropped():
    text = f"青石岭公司与白露湾公司侵害发明专利权纠纷二审民事判决书\n最高人民法院\n（2099）最高法知民终17号\n{PARTIES}\n{BODY}"
    h = header(text)
    assert (h.document_type, h.authority_name, h.case_number) == ("judgment", "最高人民法院", "（2099）最高法知民终17号")


def test_a_page_that_starts_at_the_parties_still_gives_the_case():
    text = f"视频中心 |\n|中文|English\n白露湾公司与青石岭公司侵犯专利权纠纷上诉案\n{PARTIES}\n{HISTORY}"
    h = header(text)
    assert (h.cause, h.procedure) == ("侵害发明专利权纠纷", "second_instance")
    assert [v for v, _ in h.prior_case_numbers] == ["（2098）沪73知民初41号"]
    assert h.document_type == "other" and any("文书名称" in w for w in h.warnings)


def test_a_first_instance_number_in_the_history_is_not_the_own_number():
    text = f"民事判决书\n{PARTIES}\n{HISTORY}\n判决如下：\n驳回上诉，维持原判。"
    h = header(text)
    assert h.case_number is None
    assert "未找到案号，请人工填写。" in h.warnings


# Class 3: the cause, as the document states it.
@pytest.mark.parametrize(
    "statement, cause",
    [
        ("原告白露湾公司与被告青石岭公司侵害发明专利权纠纷一案", "侵害发明专利权纠纷"),
        ("上诉人青石岭公司因侵犯发明专利权纠纷一案", "侵犯发明专利权纠纷"),
        ("上诉人青石岭公司因侵犯专利权纠纷一案", "侵犯专利权纠纷"),
        ("原告白露湾公司诉被告青石岭公司侵犯实用新型专利权纠纷一案", "侵犯实用新型专利权纠纷"),
        ("请求人白露湾公司与被请求人青石岭公司专利侵权纠纷一案", "专利侵权纠纷"),
        ("原告青石岭公司与被告白露湾公司确认不侵犯发明专利权纠纷一案", "确认不侵犯发明专利权纠纷"),
        ("上诉人青石岭公司与被上诉人白露湾公司确认是否落入专利权保护范围纠纷一案", "确认是否落入专利权保护范围纠纷"),
        ("上诉人青石岭公司因与被上诉人某市知识产权局、原审第三人白露湾公司专利侵权纠纷行政裁决一案", "专利侵权纠纷行政裁决"),
        ("上诉人王某因发明专利无效行政纠纷一案", "发明专利无效行政纠纷"),
        ("原告白露湾公司与被告青石岭公司侵害技术秘密纠纷一案", "侵害技术秘密纠纷"),
        ("原告白露湾公司与被告青石岭公司侵害商标权及不正当竞争纠纷一案", "侵害商标权及不正当竞争纠纷"),
        ("上诉人青石岭公司因管辖权异议纠纷一案", "管辖权异议纠纷"),
        ("原告张某某与被告李某专利权权属纠纷一案", "专利权权属纠纷"),
    ],
)
def test_the_cause_is_read_from_the_history_paragraph(statement, cause):
    text = f"{TITLE}\n{PARTIES}\n{statement}，本院依法组成合议庭审理了本案。\n判决如下：\n驳回上诉。"
    h = header(text)
    assert h.cause == cause
    assert text[h.cause_span[0] : h.cause_span[1]] == cause


def test_an_offices_cause_line_comes_first():
    text = "\n".join(
        [
            "国家知识产权局",
            "药品专利纠纷早期解决机制行政裁决书",
            "国知药裁〔2099〕8号",
            "请求人：白露湾医药科技有限公司",
            "被请求人：青石岭制药有限公司",
            "案由：确认是否落入专利权保护范围纠纷。",
            "请求人于二〇九九年一月五日向本局提出请求。",
            "本局裁决如下：",
            "被请求人申请注册的某某片的技术方案落入涉案专利权利要求1的保护范围。",
        ]
    )
    assert header(text).cause == "确认是否落入专利权保护范围纠纷"


def test_a_laws_title_is_not_the_cause():
    history = "原告白露湾公司诉称，依照《最高人民法院关于审理专利纠纷案件适用法律问题的若干规定》，本院受理。"
    text = f"{TITLE}\n{PARTIES}\n{history}\n被告制造的产品侵犯原告的实用新型专利权纠纷事实清楚。\n判决如下：\n驳回上诉。"
    assert header(text).cause != "专利纠纷"


def test_the_sites_cause_only_when_the_document_states_none():
    text = f"案由：侵害外观设计专利权纠纷\n{TITLE}\n{PARTIES}\n本院依法组成合议庭审理了本案。\n判决如下：\n驳回上诉。"
    h = header(text)
    assert h.cause == "侵害外观设计专利权纠纷"
    assert any("案由" in w for w in h.warnings)


# Class 4: the instance, from old numbers, role labels and the history.
@pytest.mark.parametrize(
    "number, procedure",
    [
        ("（2099）最高法知民终17号", "second_instance"),
        ("（2099）京73民初8号", "first_instance"),
        ("（2099）最高法民申12号", "retrial"),
        ("（2099）最高法知民再3号", "retrial"),
        ("（2099）最高法知民辖终5号", "second_instance"),
        ("（2099）京73行初7号", "first_instance"),
        ("（2099）最高法知行终9号", "second_instance"),
        ("（2096）民三终字第4号", "second_instance"),
        ("（2096）沪一中民五（知）初字第208号", "first_instance"),
        ("（2096）京知民初字第12号", "first_instance"),
        ("（2096）高民终字第1033号", "second_instance"),
        ("（2096）高民（知）终字第3号", "second_instance"),
        ("（2096）民提字第20号", "retrial"),
        ("（2096）民申字第1187号", "retrial"),
        ("（2096）民监字第7号", "retrial"),
        ("（2096）行终字第2号", "second_instance"),
        ("（2096）一中行初字第61号", "first_instance"),
        ("（2096）知行字第86号", "retrial"),
        ("（2099）京73执12号", None),
        ("国知药裁〔2099〕3号", None),
    ],
)
def test_procedure_of_number(number, procedure):
    assert procedure_of_number(number) == procedure


@pytest.mark.parametrize(
    "label, procedure",
    [
        ("上诉人（原审被告）：", "second_instance"),
        ("上诉人(一审被告)", "second_instance"),
        ("再审申请人（一审被告、二审上诉人）：", "retrial"),
        ("申请再审人（一审被告、二审上诉人）：", "retrial"),
        ("原告：", "first_instance"),
    ],
)
def test_without_a_number_the_role_labels_give_the_instance(label, procedure):
    text = f"民事判决书\n{label}青石岭制药有限公司，住所地江苏省某市某路1号。\n本院依法审理了本案。"
    assert header(text).procedure == procedure


@pytest.mark.parametrize(
    "title, procedure",
    [
        ("最高人民法院\n民事判决书\n（2099）最高法知民终17号", "second_instance"),
        ("北京知识产权法院\n民事判决书\n（2099）京73民初8号", "first_instance"),
    ],
)
def test_the_number_outranks_the_labels(title, procedure):
    assert header(f"{title}\n{PARTIES}\n{BODY}").procedure == procedure


def test_an_offices_requester_is_administrative():
    text = "某某市知识产权局\n专利侵权纠纷处理决定书\n请求人：白露湾医药科技有限公司\n被请求人：青石岭制药有限公司\n处理决定如下：\n略。"
    assert header(text).procedure == "administrative"


# Class 12: office numbers with the year in round brackets, read through to the finding.
OFFICE_DECISION = "\n".join(
    [
        "某某市知识产权局",
        "专利侵权纠纷处理决定书",
        "{number}",
        "请求人：白露湾医疗器械有限公司，住所地某市某区某路2号。",
        "被请求人：青石岭科技有限公司，住所地某市某区某路3号。",
        "请求人白露湾医疗器械有限公司与被请求人青石岭科技有限公司专利侵权纠纷一案，本局于2099年1月5日立案。",
        "经审理查明，被请求人销售的被控侵权产品“某某牌血糖仪”落入ZL201911044411.X号发明专利权的保护范围。",
        "本局认为，被请求人的行为构成侵权。",
        "处理决定如下：",
        "一、责令被请求人立即停止销售侵犯ZL201911044411.X号专利权的产品；",
        "二、驳回请求人的其他请求。",
        "当事人不服本处理决定的，可以自收到本决定书之日起十五日内向某市中级人民法院提起行政诉讼。",
        "某某市知识产权局",
        "2099年3月2日",
    ]
)


@pytest.mark.parametrize(
    "printed, normal",
    [
        ("京知执字(2099)12号", "京知执字〔2099〕12号"),
        ("京知执字（2099）第12号", "京知执字〔2099〕第12号"),
        ("京知执字 ( 2099 ) 12 号", "京知执字〔2099〕12号"),
        ("宁知(2099)纠字6号", "宁知〔2099〕纠字6号"),
        ("粤知执处字【2099】5号", "粤知执处字〔2099〕5号"),
    ],
)
def test_an_office_number_in_other_forms_keeps_the_finding(printed, normal):
    r = ruling(OFFICE_DECISION.format(number=printed))
    assert r.case_number == normal
    assert (r.document_type, r.procedure, r.authority.kind) == ("administrative_decision", "administrative", "ip_office")
    assert r.outcome.infringement is True
    assert r.effective is not None


def test_an_office_ruling_cited_by_a_court_is_a_prior_number():
    text = f"{TITLE}\n{PARTIES}\n被告某市知识产权局作出宁知(2098)纠字6号专利侵权纠纷案件行政裁决书，原告不服，诉至本院。"
    h = header(text)
    assert "宁知〔2098〕纠字6号" in [v for v, _ in h.prior_case_numbers]


@pytest.mark.parametrize(
    "preamble, procedure",
    [
        ("审理程序：二审", "second_instance"),
        ("审理程序\n再审", "retrial"),
        ("白露湾公司与青石岭公司侵害发明专利权纠纷一审民事判决书", "first_instance"),
    ],
)
def test_the_sites_instance_when_nothing_else_gives_it(preamble, procedure):
    text = f"{preamble}\n民事判决书\n青石岭制药有限公司与白露湾医药科技有限公司纠纷，本院依法审理了本案。"
    assert header(text).procedure == procedure


def test_a_prefaces_prose_gives_no_cause():
    text = f"发布时间：2099-06-01\n两家公司多年前即有专利纠纷。本案二审改判。\n{TITLE}\n{PARTIES}\n本院依法组成合议庭审理了本案。"
    assert header(text).cause is None


@pytest.mark.parametrize(
    "name, kind",
    [
        ("专利侵权纠纷处理决定书", "administrative_decision"),
        ("专利纠纷调处决定书", "administrative_decision"),
        ("专利侵权纠纷案件处理决定书", "administrative_decision"),
        ("专利侵权纠纷行政裁决书", "administrative_ruling"),
        ("药品专利纠纷早期解决机制行政裁决书", "administrative_ruling"),
        ("重大专利侵权纠纷行政裁决书", "administrative_ruling"),
    ],
)
def test_office_document_names(name, kind):
    text = f"某某省知识产权局\n{name}\n某知法处字〔2099〕3号\n请求人：白露湾医药科技有限公司\n被请求人：青石岭制药有限公司\n决定如下：\n略。"
    h = header(text)
    assert (h.document_type, h.authority_name, h.procedure) == (kind, "某某省知识产权局", "administrative")
