import pytest

from extract.outcome import read_outcome
from extract.segments import segment

HEAD = "民事判决书\n（2099）京73民初5号\n原告：甲公司，住所地北京市。\n被告：乙公司，住所地南京市。\n原告与被告侵害发明专利权纠纷一案。\n"


def _outcome(operative: str, tail: str, document_type="judgment", procedure="first_instance", cause="侵害发明专利权纠纷"):
    text = HEAD + "判决如下：\n" + operative + "\n" + tail + "\n审判长　王某\n二〇九九年三月五日"
    return read_outcome(text, segment(text), document_type, procedure, cause)


def test_stop_and_damages():
    o = _outcome(
        "一、被告乙公司于本判决生效之日起立即停止制造、销售、许诺销售侵害原告专利权的产品；\n"
        "二、被告乙公司于本判决生效之日起十日内赔偿原告经济损失1,200,000元及合理开支123000元；\n"
        "三、驳回原告甲公司的其他诉讼请求。",
        "如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，上诉于中华人民共和国最高人民法院。",
    )
    assert o.orders == ("停止制造", "停止销售", "停止许诺销售", "赔偿经济损失", "驳回诉讼请求")
    assert o.damages_cny == 1200000
    assert (o.infringement, o.disposition) == (True, "infringement_found")
    assert (o.effective, o.appeal_period_days) == (False, 15)
    assert o.decision_date == "2099-03-05"


@pytest.mark.parametrize(
    "operative, tail, expected",
    [
        ("驳回原告甲公司的全部诉讼请求。", "如不服本判决，可以在判决书送达之日起三十日内上诉。", (False, "no_infringement", False, 30)),
        ("准许原告甲公司撤诉。", "", (None, "withdrawn", None, None)),
        ("一、撤销北京知识产权法院（2098）京73民初1号民事判决；\n二、本案发回北京知识产权法院重审。", "本裁定为终审裁定。", (None, "remanded", True, None)),
        ("驳回上诉，维持原判。", "本判决为终审判决。", (None, "appeal_dismissed", True, None)),
    ],
)
def test_dispositions(operative, tail, expected):
    o = _outcome(operative, tail)
    assert (o.infringement, o.disposition, o.effective, o.appeal_period_days) == expected


def test_damages_only_has_no_stop_order():
    o = _outcome("一、被告乙公司于本判决生效之日起十日内赔偿原告经济损失及合理开支共计2600000元；", "")
    assert o.orders == ("赔偿经济损失",)
    assert o.infringement is True and o.damages_cny == 2600000


def test_linkage_ruling_falls_within_but_orders_nothing():
    text = (
        "国家知识产权局\n行政裁决书\n国知药裁〔2099〕3号\n请求人：甲公司\n被请求人：乙公司\n"
        "依据《中华人民共和国专利法》第七十六条的规定，裁决如下：\n"
        "被请求人乙公司申请注册的利伐沙班片（受理号：CYHS9800417国）的技术方案落入请求人第ZL208818117398.1号发明专利权利要求1至6的保护范围。\n"
        "当事人对本裁决不服的，可以自收到本裁决书之日起十五日内向北京知识产权法院提起行政诉讼。\n国家知识产权局\n二〇九九年十一月二十日"
    )
    o = read_outcome(text, segment(text), "administrative_ruling", "administrative", "确认是否落入专利权保护范围纠纷")
    assert (o.infringement, o.disposition, o.orders) == (True, "infringement_found", ())
    assert (o.effective, o.appeal_period_days) == (False, 15)


INTERIM_HEAD = "民事裁定书\n（2099）苏01知民初88号之一\n申请人：甲公司，住所地南京市。\n被申请人：乙公司，住所地苏州市。\n"


@pytest.mark.parametrize(
    "history",
    [
        "申请人甲公司与被申请人乙公司侵害发明专利权纠纷一案，申请人于二〇九九年三月一日向本院提出行为保全申请，请求责令被申请人停止制造被诉产品。",
        "申请人甲公司以被申请人乙公司即将上市的仿制药侵害其专利权为由，向本院申请诉前禁令。",
        "本院在审理原告甲公司诉被告乙公司侵害发明专利权纠纷一案中，甲公司申请责令乙公司在诉讼中停止销售被诉产品（诉中禁令）。",
    ],
)
def test_an_interim_order_to_stop_is_not_a_finding(history):
    """Issue 10, class 10: a 行为保全 / 诉前禁令 ruling orders a stop pending trial; read as a
    finding it would delist a product on an interim order."""
    text = (INTERIM_HEAD + history + "\n裁定如下：\n被申请人乙公司立即停止制造、销售被诉侵权产品。\n"
            "本裁定立即开始执行。\n审判长　王某\n二〇九九年三月五日")
    o = read_outcome(text, segment(text), "ruling", "first_instance", "侵害发明专利权纠纷")
    assert o.orders[:2] == ("停止制造", "停止销售")  # the order is read as printed …
    assert (o.infringement, o.disposition) == (None, "other")  # … but finds nothing
    assert any("临时措施" in w for w in o.warnings)


@pytest.mark.parametrize(
    "operative",
    [
        "一、责令被请求人乙公司立即停止实施侵权行为；\n二、驳回请求人的其他请求。",  # an office's 处理决定
        "一、被请求人乙公司立即停止生产、销售侵犯请求人专利权的产品；",
        "一、被告乙公司立即停止侵害原告第ZL209912345678.5号发明专利权；",
    ],
)
def test_stop_orders_in_other_words_are_findings(operative):
    """Issue 10, class 7: 停止实施 / 停止生产 / 停止侵害 are stop orders (they were read but
    never acted on)."""
    from extract.stop_orders import is_stop_order

    o = _outcome(operative, "")
    assert (o.infringement, o.disposition) == (True, "infringement_found")
    assert any(is_stop_order(order) for order in o.orders)


@pytest.mark.parametrize(
    ("ending", "date"),
    [
        ("审判长　王某\n二〇九九年三月五日\n书记员　李某", "2099-03-05"),  # the signature block
        ("二〇九九年三月五日", "2099-03-05"),  # a date line alone, no bench found
        ("审判长 王某 审判员 赵某 二〇九九年三月五日 书记员 李某", "2099-03-05"),  # run together
        ("依照《中华人民共和国专利法》（2020年10月17日修正）第六十五条之规定", None),  # a law's date
        ("涉案专利于二〇九五年一月九日授权公告。", None),  # a patent's grant date
    ],
)
def test_the_decision_date_is_the_signed_one_never_a_date_near_the_end(ending, date):
    """Issue 10, class 6: with no signature block, the last date in the text (a law's
    amendment date, a patent's grant date) was taken as the decision date without a word."""
    text = HEAD + "原告诉称，被告侵权。\n本院认为，被告构成侵权。\n" + ending
    o = read_outcome(text, segment(text), "judgment", "first_instance", "侵害发明专利权纠纷")
    assert o.decision_date == date
    assert any("未找到落款日期" in w for w in o.warnings) is (date is None)


def test_an_office_header_table_labels_its_date():
    text = ("国家知识产权局\n行政裁决书\n案件编号\t国知药裁〔2099〕33号\n裁决日\t二〇九九年八月十九日\n"
            "请求人：甲公司\n被请求人：乙公司\n合议组认为，不落入。\n裁决如下：\n不落入保护范围。\n合议组组长：王某")
    o = read_outcome(text, segment(text), "administrative_ruling", "administrative", "确认是否落入专利权保护范围纠纷")
    assert o.decision_date == "2099-08-19"


@pytest.mark.parametrize(
    "operative",
    ["本案按原告甲科技发展有限公司撤回起诉处理。", "本案按撤诉处理。", "本案按上诉人乙公司自动撤回上诉处理。"],
)
def test_a_suit_treated_as_withdrawn(operative):
    """A ruling for unpaid fees (按撤诉处理): withdrawn, nothing found."""
    o = _outcome(operative, "")
    assert (o.infringement, o.disposition) == (None, "withdrawn")


def test_a_compacted_page_signs_inside_its_last_paragraph():
    """Sites that lose the line breaks run the order, the bench and the date together."""
    text = ("某某市中级人民法院民事裁定书（2097）某01民初174号原告：甲公司，住所地某市。被告：乙公司，住所地某县。"
            "本院受理原告甲公司与被告乙公司侵害专利权纠纷一案后，原告未预交案件受理费。裁定如下：本案按原告甲公司撤回起诉处理。"
            "审判长 李某审判员 杨某审判员 王某二〇九七年四月二十四日书记员 张某")
    o = read_outcome(text, segment(text), "ruling", "first_instance", "侵害专利权纠纷")
    assert (o.disposition, o.decision_date) == ("withdrawn", "2097-04-24")
