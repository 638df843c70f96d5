"""Specification lists and the strengths or models a ruling names (extract/product_specs.py)."""

import pytest

from extract.product_specs import claimed_and_excluded, keep, specs_before_name, split_items


@pytest.mark.parametrize(
    ("printed", "items"),
    [
        ("5mg、7.5mg", ["5mg", "7.5mg"]),
        ("分别为5mg和7.5mg", ["5mg", "7.5mg"]),
        ("10mg、15mg、20mg三种规格", ["10mg", "15mg", "20mg"]),
        ("BX-18、BX-20及BX-22", ["BX-18", "BX-20", "BX-22"]),
        ("１０ｍｇ、２０ｍｇ", ["１０ｍｇ", "２０ｍｇ"]),
        ("10mg……", ["10mg"]),
        ("5ml:0.1g", ["5ml:0.1g"]),
        ("10mg×7片", ["10mg×7片"]),
        ("安护型22G", ["安护型22G"]),
        ("100mg（沙库巴曲49mg/缬沙坦51mg）", ["100mg（沙库巴曲49mg/缬沙坦51mg）"]),
    ],
)
def test_split_items(printed, items):
    assert split_items(printed) == items


@pytest.mark.parametrize(
    ("before", "items"),
    [
        ("停止制造、销售规格为5mg、7.5mg的", ["5mg", "7.5mg"]),
        ("被诉侵权产品为型号BX-22的", ["BX-22"]),
        ("销售10mg规格的", ["10mg"]),
        ("停止销售BX-20型", ["BX-20"]),
        ("被诉侵权产品为乙公司的", []),
        ("停止制造、销售侵害原告专利权的", []),
        ("侵犯请求人ZL209020946172.4的", []),
        ("销售Pfizer的", []),
    ],
)
def test_specs_before_name(before, items):
    assert specs_before_name(before) == items


@pytest.mark.parametrize(
    ("text", "claimed", "excluded"),
    [
        ("甲公司明确其仅主张型号为BX-20、BX-25的产品构成侵权。", ["BX-20", "BX-25"], []),
        ("原告当庭明确BX-18型号不在其主张范围内。", [], ["BX-18"]),
        ("型号为BX-26的产品不属于被诉侵权产品。", [], ["BX-26"]),
        ("原告撤回对BX-26型号的主张。", [], ["BX-26"]),
        ("被诉侵权产品为乙公司生产的利伐沙班片。", [], []),
    ],
)
def test_claimed_and_excluded(text, claimed, excluded):
    assert claimed_and_excluded(text) == (claimed, excluded)


@pytest.mark.parametrize(
    ("items", "named", "excluded", "kept"),
    [
        (["10mg", "15mg", "20mg"], ["15mg"], [], ["15mg"]),
        (["0.25g", "0.5g"], ["500mg"], [], ["0.5g"]),
        (["BX-18", "BX-20"], [], ["BX-18"], ["BX-20"]),
        ([], ["5mg", "7.5mg"], [], ["5mg", "7.5mg"]),
        (["10mg", "10mg"], [], [], ["10mg"]),
    ],
)
def test_keep(items, named, excluded, kept):
    assert keep(items, named, excluded) == kept
