import pytest

from extract.segments import OPERATIVE_END, PARTY_LABEL, segment

JUDGMENT = "\n".join(
    [
        "北京知识产权法院",
        "民事判决书",
        "（2099）京73民初5号",
        "原告：甲制药有限公司，住所地北京市海淀区中关村大街1号。",
        "法定代表人：张某，该公司董事长。",
        "委托诉讼代理人：李某，北京某律师事务所律师。",
        "被告：乙药业股份有限公司，住所地江苏省南京市玄武区中山路2号。",
        "原告甲制药有限公司与被告乙药业股份有限公司侵害发明专利权纠纷一案，本院于2099年1月2日立案。",
        "本院认为，被诉侵权产品落入涉案专利权的保护范围。",
        "依照《中华人民共和国专利法》第十一条之规定，判决如下：",
        "一、被告乙药业股份有限公司于本判决生效之日起立即停止制造、销售侵害原告专利权的产品；",
        "二、驳回原告甲制药有限公司的其他诉讼请求。",
        "案件受理费100元，由被告负担。",
        "如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，上诉于中华人民共和国最高人民法院。",
        "审判长　王某",
        "二〇九九年三月五日",
    ]
)


def test_segments_of_a_first_instance_judgment():
    seg = segment(JUDGMENT)
    assert JUDGMENT[seg.title[0] : seg.title[1]].endswith("（2099）京73民初5号")
    assert len(seg.parties) == 4
    operative = JUDGMENT[seg.operative[0] : seg.operative[1]]
    assert operative.startswith("一、被告乙药业")
    assert operative.endswith("其他诉讼请求。")
    assert JUDGMENT[seg.tail[0] :].startswith("案件受理费")


def test_quoted_first_instance_orders_are_not_the_operative_part():
    text = JUDGMENT.replace(
        "本院认为，",
        "一审法院判决如下：一、乙公司停止制造；二、驳回甲公司其他诉讼请求。\n本院认为，",
    )
    seg = segment(text)
    assert text[seg.operative[0] : seg.operative[1]].startswith("一、被告乙药业")


@pytest.mark.parametrize(
    "line, label",
    [
        ("上诉人（原审被告）：甲制药有限公司，住所地……", "上诉人（原审被告）"),
        ("被上诉人（原审原告）：乙公司", "被上诉人（原审原告）"),
        ("被请求人一：四川天府康泰制药有限公司", "被请求人一"),
        ("再审申请人（一审被告、二审上诉人）：丙公司", "再审申请人（一审被告、二审上诉人）"),
        ("原审被告：丁医药有限公司", "原审被告"),
    ],
)
def test_party_labels(line, label):
    assert PARTY_LABEL.match(line).group("label") == label


@pytest.mark.parametrize("line", ["本院认为，被告行为构成侵权。", "原告甲公司与被告乙公司纠纷一案"])
def test_prose_is_not_a_party_label(line):
    assert PARTY_LABEL.match(line) is None


@pytest.mark.parametrize("line", ["一审案件受理费32400元", "如不服本判决，可以……", "本判决为终审判决。", "审　判　长　韩立群"])
def test_operative_part_ends(line):
    assert OPERATIVE_END.match(line)


@pytest.mark.parametrize(
    "before",
    [
        "案件名称：甲公司与乙公司侵害发明专利权纠纷一审民事判决书\n审理法院：北京知识产权法院\n案号：（2098）京73民初4号\n案由：专利权权属纠纷",
        "跳转到主要内容\n（2098）京73民初4号\n裁判日期: 2099-03-05\n法院\n北京知识产权法院\n案由\n专利权权属纠纷\n全文",
        "甲公司诉乙公司专利侵权案一审宣判\n发布时间：2099-03-06\n一审案号：（2098）京73民初4号\n裁判要旨\n被诉产品落入保护范围。",
    ],
)
def test_the_document_starts_at_its_title_block(before):
    text = f"{before}\n{JUDGMENT}"
    seg = segment(text)
    assert text[seg.preamble[0] : seg.preamble[1]] == before
    assert text[seg.title[0] : seg.title[1]].startswith("北京知识产权法院\n民事判决书")
    assert len(seg.parties) == 4


@pytest.mark.parametrize(
    "title",
    [
        "北京知识产权法院民 事 判 决 书（2099）京73民初5号",  # compacted on one line
        "民事判决书\n（2099）京73民初5号",  # no court line
        "北京知识产权法院\n（2099）京73民初5号",  # no document name
    ],
)
def test_title_blocks_in_other_forms_after_a_preamble(title):
    text = "案由：专利权权属纠纷\n来源：某某网\n" + JUDGMENT.replace("北京知识产权法院\n民事判决书\n（2099）京73民初5号", title)
    seg = segment(text)
    assert seg.preamble is not None
    assert text[seg.title[0] :].startswith(title.split("\n")[0])


def test_a_document_without_a_preamble_starts_at_the_top():
    assert segment(JUDGMENT).preamble is None


def test_a_sites_court_field_followed_by_its_number_field_is_not_the_title():
    before = "法院\n北京知识产权法院\n案号\n（2099）京73民初5号\n案由\n专利权权属纠纷\n全文"
    text = f"{before}\n{JUDGMENT}"
    seg = segment(text)
    assert text[seg.preamble[0] : seg.preamble[1]] == before
