import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.identifiers.approval_numbers import (
    approval_key,
    approval_kind,
    find_application_numbers,
    find_approval_numbers,
    normalize_approval_number,
)


@pytest.mark.parametrize(
    ("printed", "value", "kind"),
    [
        ("国药准字H20213456", "国药准字H20213456", "drug"),
        ("国药准字HJ20220057", "国药准字HJ20220057", "drug"),  # 境外生产
        ("国药准字HJ20140344", "国药准字HJ20140344", "drug"),
        ("国药准字 H 2021 3456", "国药准字H20213456", "drug"),
        ("国药准字Ｈ２０２１３４５６", "国药准字H20213456", "drug"),
        ("国药准字Z44020211", "国药准字Z44020211", "drug"),
        ("国药准字SC20100001", "国药准字SC20100001", "drug"),  # 港澳台
        ("国械注准20213130109", "国械注准20213130109", "device_registration"),
        ("国械注进20223130141", "国械注进20223130141", "device_registration"),
        ("国械注进20162705149", "国械注进20162705149", "device_registration"),
        ("苏械注准20172140019", "苏械注准20172140019", "device_registration"),
        ("陕械注准20172140019", "陕械注准20172140019", "device_registration"),
        ("湘械注准20212171172", "湘械注准20212171172", "device_registration"),
        ("国械注准 2023 3 14 0001", "国械注准20233140001", "device_registration"),
        ("粤中械备20190035号", "粤中械备20190035号", "device_filing"),
        ("鲁青械备20150027号", "鲁青械备20150027号", "device_filing"),
        ("赣械备20170001号", "赣械备20170001号", "device_filing"),
        ("粤穗械备20230018", "粤穗械备20230018", "device_filing"),
        ("粤械备（2014）0023", "粤械备(2014)0023", "device_filing"),
        ("国食药监械(准)字2012第3451234号", "国食药监械(准)字2012第3451234号", "device_legacy"),
        ("京药监械（准）字2011第2400123号", "京药监械(准)字2011第2400123号", "device_legacy"),
    ],
)
def test_find_approval_numbers(printed, value, kind):
    text = f"批准文号：{printed}，"
    [found] = find_approval_numbers(text)
    assert (found.raw, found.value) == (printed, value)
    assert text[found.start : found.end] == printed
    assert approval_kind(value) == kind


@pytest.mark.parametrize(
    "text",
    [
        "国药准字H2021345",  # 7 digits
        "国药准字Q20213456",  # no letter Q
        "国械注准2021313010",  # 10 digits
        "国械注准20214130109",  # class 4 does not exist
        "本位码86900483000019",
    ],
)
def test_not_approval_numbers(text):
    assert find_approval_numbers(text) == []


def test_several_numbers_in_one_cell():
    text = "国药准字H20213456；国药准字H20213457、国械注准20213130109"
    assert [f.value for f in find_approval_numbers(text)] == [
        "国药准字H20213456",
        "国药准字H20213457",
        "国械注准20213130109",
    ]


def test_a_list_that_prints_the_prefix_once():
    text = "批准文号：国药准字H20213456、H20213457；国药准字Z20200001。另见H20219999。"
    found = find_approval_numbers(text)
    assert [(f.raw, f.value) for f in found] == [
        ("国药准字H20213456", "国药准字H20213456"),
        ("H20213457", "国药准字H20213457"),
        ("国药准字Z20200001", "国药准字Z20200001"),
    ]
    for f in found:
        assert text[f.start : f.end] == f.raw


@pytest.mark.parametrize(
    ("a", "b"),
    [("粤中械备20190035号", "粤中械备 20190035"), ("粤械备（2014）0023", "粤械备(2014)0023")],
)
def test_approval_key_equates_print_variants(a, b):
    assert approval_key(a) == approval_key(b)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("受理号：CYHS2201187", ["CYHS2201187"]),
        ("受理号为CYHS2096123国，", ["CYHS2096123国"]),
        ("JXHS2000123、CXHL1500123", ["JXHS2000123", "CXHL1500123"]),
        ("XCYHS22011870", []),  # inside a longer code
        ("医保代码XA01ABD075A002010100483", []),
    ],
)
def test_find_application_numbers(text, values):
    assert [f.value for f in find_application_numbers(text)] == values


@given(
    st.sampled_from("HZSJBTF"),
    st.sampled_from(["", "C", "J"]),
    st.integers(0, 99_999_999),
    st.booleans(),
)
def test_drug_numbers_found_and_normalised_idempotently(letter, origin, digits, spaced):
    number = f"{digits:08d}"
    sep = " " if spaced else ""
    printed = f"国药准字{sep}{letter}{origin}{sep}{number[:4]}{sep}{number[4:]}"
    [found] = find_approval_numbers(f"（批准文号{printed}）")
    assert found.value == f"国药准字{letter}{origin}{number}"
    assert normalize_approval_number(found.value) == found.value
