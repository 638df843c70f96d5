import pytest

from extract.parties import kind_of, read_parties, role_of, side_from_label
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
