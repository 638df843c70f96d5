from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.identifiers.money import find_amounts, format_amount, parse_cny


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("1,500,000元", 1_500_000),
        ("1，500，000元", 1_500_000),
        ("150万元", 1_500_000),
        ("35.5万元", 355_000),
        ("人民币一百五十万元", 1_500_000),
        ("壹佰伍拾万元", 1_500_000),
        ("壹佰伍拾万元整", 1_500_000),
        ("人民币 1,500,000.00 元", 1_500_000),
        ("1200000元", 1_200_000),
        ("二十万零五百元", 200_500),
        ("十二万元", 120_000),
        ("一亿二千万元", 120_000_000),
        ("1.2亿元", 120_000_000),
        ("¥3,000元", 3000),
        ("叁仟元伍角", 3000.5),
        ("１２万元", 120_000),
    ],
)
def test_parse_cny(raw, amount):
    assert parse_cny(raw) == amount


@pytest.mark.parametrize("raw", ["300万", "一五元", "元", "万元", "千元", "abc", "15日"])
def test_parse_cny_rejects(raw):
    assert parse_cny(raw) is None


def test_find_amounts_with_offsets():
    text = "赔偿经济损失300万元及合理开支12万元，共计人民币三百一十二万元；案件受理费32400元，于十日内履行。"
    found = find_amounts(text)
    assert [f.value for f in found] == ["3000000", "120000", "3120000", "32400"]
    for f in found:
        assert text[f.start : f.end] == f.raw


def test_dates_and_counts_are_not_amounts():
    assert find_amounts("于十日内，2098年3月2日，第3项") == []


@given(st.integers(0, 10**12))
def test_arabic_with_separators_round_trips(amount):
    assert parse_cny(f"{amount:,}元") == amount


@given(st.integers(1, 99_999_999))
def test_wan_form_round_trips(amount):
    wan = Decimal(amount) / 10000
    assert parse_cny(f"{format_amount(wan)}万元") == amount


_CN = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """A plain Chinese-numeral writer for n < 10^8 (test oracle, zero rules simplified)."""

    def below_10000(m: int) -> str:
        out, zero = "", False
        for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            digit = m // size % 10
            if digit:
                out += ("零" if zero and out else "") + _CN[digit] + unit
                zero = False
            else:
                zero = True
        return out

    high, low = divmod(n, 10000)
    text = (below_10000(high) + "万" if high else "") + ("零" if high and 0 < low < 1000 else "")
    return text + below_10000(low)


@given(st.integers(1, 99_999_999))
def test_chinese_numerals_round_trip(amount):
    assert parse_cny(f"人民币{to_chinese(amount)}元") == amount
