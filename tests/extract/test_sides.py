"""Sides by the kind of case (extract/sides.py). Every text is invented (years 2096–2099)."""

import pytest

from extract.model import Document, Source
from extract.ruling import understand
from extract.sides import side_rule

A = "霁川生物制药有限公司"
B = "栖梧医药科技有限公司"


def _read(text: str):
    doc = Document(text=text, boxes=(None,) * len(text), pages=1)
    return understand(doc, Source("t.txt", "0", 1))


def _sides(text: str) -> list[tuple[str, str | None]]:
    return [(p.name, p.side) for p in _read(text).parties]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            f"某某知识产权法院\n民事判决书\n（2097）某73民初3号\n原告：{A}，住所地甲省。\n被告：{B}，住所地乙省。\n"
            f"原告{A}与被告{B}确认不侵害专利权纠纷一案，本院于2097年1月2日立案。",
            [(A, "accused"), (B, "rights_holder")],
            id="declaratory suit: the plaintiff is the accused side",
        ),
        pytest.param(
            f"某某高级人民法院\n民事判决书\n（2098）某民终9号\n上诉人（原审被告）：{B}。\n被上诉人（原审原告）：{A}。\n"
            f"上诉人{B}因与被上诉人{A}确认不侵犯发明专利权纠纷一案，不服某某中级人民法院民事判决，向本院提起上诉。",
            [(B, "rights_holder"), (A, "accused")],
            id="declaratory suit on appeal",
        ),
        pytest.param(
            f"某某知识产权法院\n民事判决书\n（2097）某73民初4号\n原告：{A}。\n被告：张某，男，汉族。\n第三人：李某，男，汉族。\n"
            f"原告{A}与被告张某、第三人李某专利权权属纠纷一案，本院于2097年1月2日立案。",
            [(A, None), ("张某", None), ("李某", None)],
            id="ownership dispute: no sides",
        ),
        pytest.param(
            f"某某市中级人民法院\n行政判决书\n（2099）某01行初26号\n原告：{B}。\n被告：某某市知识产权局。\n负责人：王某，该局局长。\n出庭负责人：赵某，该局副局长。\n"
            f"第三人：{A}。\n原告{B}不服被告某某市知识产权局专利侵权纠纷处理决定，向本院提起行政诉讼。"
            f"{A}以{B}制造的设备侵犯其实用新型专利权为由，请求某某市知识产权局处理。",
            [(B, "accused"), ("某某市知识产权局", None), (A, "rights_holder")],
            id="administrative review of an infringement ruling: who complains of whom",
        ),
        pytest.param(
            f"某某市中级人民法院\n行政判决书\n（2099）某01行初27号\n原告：{A}。\n被告：某某市知识产权局。\n第三人：{B}。\n"
            f"原告{A}不服被告某某市知识产权局专利侵权纠纷行政裁决，向本院提起行政诉讼。被告认为：{B}在展会上展出涉案产品，构成许诺销售行为。",
            [(A, "rights_holder"), ("某某市知识产权局", None), (B, "accused")],
            id="administrative review: the party the office found infringing",
        ),
        pytest.param(
            f"北京知识产权法院\n行政判决书\n（2099）京73行初11号\n原告：{A}。\n被告：国家知识产权局。\n第三人：{B}。\n"
            f"原告{A}因发明专利权无效行政纠纷一案，不服被告作出的无效宣告请求审查决定，向本院提起行政诉讼。",
            [(A, None), ("国家知识产权局", None), (B, None)],
            id="invalidation case: no sides",
        ),
    ],
)
def test_sides_by_kind_of_case(text, expected):
    assert _sides(text) == expected


def test_no_doubt_about_sides_where_the_case_has_none():
    text = (
        f"北京知识产权法院\n行政判决书\n（2099）京73行初11号\n原告：{A}。\n被告：国家知识产权局。\n"
        f"原告{A}因发明专利申请驳回复审行政纠纷一案，不服被告作出的复审决定，向本院提起行政诉讼。"
    )
    assert not any("权利人一方还是被诉方" in w for w in _read(text).warnings)


def test_doubt_when_an_administrative_case_does_not_tell():
    text = (
        f"某某市中级人民法院\n行政判决书\n（2099）某01行初28号\n原告：{A}。\n被告：某某市知识产权局。\n第三人：{B}。\n"
        f"原告{A}不服被告专利侵权纠纷处理决定，向本院提起行政诉讼。"
    )
    warnings = _read(text).warnings
    assert any(f"「{A}」" in w and "权利人一方还是被诉方" in w for w in warnings)
    assert not any("「某某市知识产权局」" in w for w in warnings)


@pytest.mark.parametrize(
    "cause, opening, rule",
    [
        ("侵害发明专利权纠纷", "民事判决书", "normal"),
        ("确认不侵害专利权纠纷", "民事判决书", "flipped"),
        (None, "原告甲公司与被告乙公司确认不侵犯专利权纠纷一案", "flipped"),
        ("因恶意提起知识产权诉讼损害责任纠纷", "民事判决书", "flipped"),
        ("专利实施许可合同纠纷", "民事判决书", "none"),
        ("发明专利申请驳回复审行政纠纷", "行政判决书", "none"),
        (None, "行政判决书 原告不服被告作出的专利侵权纠纷处理决定", "administrative"),
        (None, "（2099）最高法知行终5号 上诉人不服无效宣告请求审查决定", "none"),
    ],
)
def test_side_rule(cause, opening, rule):
    assert side_rule(cause, opening) == rule


def test_no_side_is_guessed_when_the_text_does_not_name_the_patentee():
    text = (
        f"某某高级人民法院\n民事判决书\n（2098）某民终10号\n上诉人：{A}。\n被上诉人：{B}。\n"
        f"上诉人{A}因与被上诉人{B}侵害发明专利权纠纷一案，不服某某中级人民法院民事判决，向本院提起上诉。"
    )
    ruling = _read(text)
    assert [(p.name, p.side) for p in ruling.parties] == [(A, None), (B, None)]
    assert sum("权利人一方还是被诉方" in w for w in ruling.warnings) == 2


def test_once_the_patentee_is_named_the_others_are_accused():
    text = (
        f"某某高级人民法院\n民事判决书\n（2098）某民终11号\n上诉人：{A}。\n被上诉人：{B}。\n"
        f"上诉人{A}因与被上诉人{B}侵害发明专利权纠纷一案，不服某某中级人民法院民事判决，向本院提起上诉。"
        f"{B}是涉案专利的专利权人。"
    )
    assert _sides(text) == [(A, "accused"), (B, "rights_holder")]
