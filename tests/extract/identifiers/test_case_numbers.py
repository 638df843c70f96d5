import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.identifiers.case_numbers import (
    CaseNumber,
    find_case_numbers,
    is_court_case_number,
    normalize_case_number,
    parse_case_number,
)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("（2099）最高法知民终1号", "（2099）最高法知民终1号"),
        ("(2098)京73民初456号", "（2098）京73民初456号"),
        ("（2097）苏01民初78号", "（2097）苏01民初78号"),
        ("〔2099〕最高法知民终1号", "（2099）最高法知民终1号"),
        ("【2099】最高法知民终1号", "（2099）最高法知民终1号"),
        ("[2099]最高法知民终1号", "（2099）最高法知民终1号"),
        ("〈2098)粤03民初\n44号", "（2098）粤03民初44号"),  # OCR's angle bracket, a line break
        ("国知药裁〔2099j 21号", "国知药裁〔2099〕21号"),  # OCR read 〕 as j
        ("(2099j最高法知民终7号", "（2099）最高法知民终7号"),
        ("（２０９９）最高法知民终１号", "（2099）最高法知民终1号"),
        ("（2099）最高法知民\n终 1 号", "（2099）最高法知民终1号"),
        ("（2099）最高法知民终1号之一", "（2099）最高法知民终1号之一"),
        ("(2021)最高法知行终93号", "（2021）最高法知行终93号"),
        ("(2020)京73行初7143号", "（2020）京73行初7143号"),
        ("(2022)最高法知民终2177号", "（2022）最高法知民终2177号"),
        ("（2099）苏0102民初5号", "（2099）苏0102民初5号"),
        ("(2005)沪高民三(知)终字第36号", "（2005）沪高民三（知）终字第36号"),
        ("(2007)民三终字第4号", "（2007）民三终字第4号"),
        ("国知药裁〔2099〕3号", "国知药裁〔2099〕3号"),
        ("苏知裁字[2099]12号", "苏知裁字〔2099〕12号"),
        ("苏知裁字（2099）12号", "苏知裁字〔2099〕12号"),
        ("粤知执处字〔2098〕5号", "粤知执处字〔2098〕5号"),
        ("国知发保字〔2020〕23号", "国知发保字〔2020〕23号"),
    ],
)
def test_normalize_case_number(raw, normal):
    assert normalize_case_number(raw) == normal
    assert normalize_case_number(normal) == normal  # idempotent


@pytest.mark.parametrize(
    "raw",
    [
        "最高法知民终1号",
        "（2099）",
        "2099年1号",
        "国知药裁3号",
        "（2098）京长安内经证字第0417号",
        "",
    ],  # last: a 公证书
)
def test_not_case_numbers(raw):
    assert normalize_case_number(raw) is None


@pytest.mark.parametrize(
    ("raw", "court"),
    [
        ("（2099）最高法知民终1号", True),
        ("(2005)沪高民三(知)终字第36号", True),
        ("国知药裁〔2099〕3号", False),
        ("苏知裁字[2099]12号", False),
    ],
)
def test_is_court_case_number(raw, court):
    assert is_court_case_number(raw) is court


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("（2099）最高法知民终1号", CaseNumber(2099, "最高法", "知民终", 1, "", True)),
        ("(2098)京73民初456号", CaseNumber(2098, "京73", "民初", 456, "", False)),
        ("（2097）苏01民初78号", CaseNumber(2097, "苏01", "民初", 78, "", False)),
        ("（2099）最高法民申12号之二", CaseNumber(2099, "最高法", "民申", 12, "之二", False)),
        ("（2099）最高法知民再3号", CaseNumber(2099, "最高法", "知民再", 3, "", True)),
        ("(2005)沪高民三(知)终字第36号", CaseNumber(2005, "沪高", "民三（知）终", 36, "", True)),
        ("国知药裁〔2099〕3号", None),
    ],
)
def test_parse_case_number(raw, parsed):
    assert parse_case_number(raw) == parsed


def test_find_case_numbers_in_running_text():
    text = (
        "根据国知药裁〔2099〕3号裁决，不服（2098）京73民初456号判决，上诉至本院，案号（2099）最高法知民\n"
        "终1号。原审(2005)沪高民三(知)终字第36号；本局作出的苏知裁字[2099]12号决定；粤知执处字〔2098〕5号。"
    )
    found = find_case_numbers(text)
    assert [f.value for f in found] == [
        "国知药裁〔2099〕3号",
        "（2098）京73民初456号",
        "（2099）最高法知民终1号",
        "（2005）沪高民三（知）终字第36号",
        "苏知裁字〔2099〕12号",
        "粤知执处字〔2098〕5号",
    ]
    for f in found:
        assert text[f.start : f.end] == f.raw


brackets = st.sampled_from([("(", ")"), ("（", "）"), ("〔", "〕"), ("【", "】"), ("[", "]")])
courts = st.sampled_from(["最高法", "京73", "沪73", "苏01", "粤0304", "浙"])
kinds = st.sampled_from(["民初", "民终", "知民终", "知民初", "民申", "民再", "知行终", "执"])


@given(brackets, st.integers(2016, 2099), courts, kinds, st.integers(1, 99999), st.sampled_from(["", "之一"]))
def test_court_numbers_normalise_whatever_the_brackets(bracket, year, court, kind, serial, suffix):
    printed = f"{bracket[0]}{year}{bracket[1]}{court}{kind}{serial}号{suffix}"
    normal = normalize_case_number(printed)
    assert normal == f"（{year}）{court}{kind}{serial}号{suffix}"
    assert normalize_case_number(normal) == normal
    [found] = find_case_numbers(f"案号：{printed}。")
    assert found.value == normal


@pytest.mark.parametrize(
    "text",
    [
        "恒澜公司提交的（2098）京长安内经证字第0417号公证书显示",  # notarial certificate
        "于（2099）年作出",
        "第47048号无效宣告请求审查决定",
    ],
)
def test_other_numbers_are_not_case_numbers(text):
    assert find_case_numbers(text) == []


@given(courts, kinds, st.integers(1, 9999), st.data())
def test_a_line_break_inside_a_court_number_changes_nothing(court, kind, serial, data):
    printed = f"（2099）{court}{kind}{serial}号"
    cut = data.draw(st.integers(1, len(printed) - 1))
    text = f"本院受理的{printed[:cut]}\n{printed[cut:]}一案"
    [found] = find_case_numbers(text)
    assert found.value == printed
    assert text[found.start : found.end] == found.raw


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("京知执字(2099)1号", "京知执字〔2099〕1号"),  # the year in round brackets after the office's prefix
        ("京知执字（2099）第1号", "京知执字〔2099〕第1号"),
        ("京知执字 ( 2099 ) 1 号", "京知执字〔2099〕1号"),
        ("宁知(2099)纠字6号", "宁知〔2099〕纠字6号"),  # a type word after the year
        ("粤知执处字【2099】5号", "粤知执处字〔2099〕5号"),
    ],
)
def test_office_numbers_in_other_forms(raw, normal):
    assert normalize_case_number(raw) == normal
    [found] = find_case_numbers(f"被告某市知识产权局作出{raw}处理决定")
    assert found.value == normal
