import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.identifiers.cn_dates import find_cn_dates, format_cn_date, format_gbt9704_date, parse_cn_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("二〇二二年十二月五日", dt.date(2022, 12, 5)),
        ("二○二二年十月三十一日", dt.date(2022, 10, 31)),  # ○ U+25CB
        ("二◯二三年四月三日", dt.date(2023, 4, 3)),  # ◯ U+25EF
        ("二零一六年八月二十九日", dt.date(2016, 8, 29)),
        ("二O一六年八月二十九日", dt.date(2016, 8, 29)),  # OCR letter O
        ("二Ｏ一六年八月二十日", dt.date(2016, 8, 20)),  # full-width letter O
        ("二0二三年十一月十日", dt.date(2023, 11, 10)),
        ("2022年12月5日", dt.date(2022, 12, 5)),
        ("２０２３年４月３日", dt.date(2023, 4, 3)),
        ("2023 年 4 月 3 日", dt.date(2023, 4, 3)),
        ("  2023年04月03日 ", dt.date(2023, 4, 3)),
        ("二〇九九年一月一日", dt.date(2099, 1, 1)),
        ("二@〇九八年四月二十八日", dt.date(2098, 4, 28)),  # a speck OCR left in the year
        ("二G〇九九年十月十日", dt.date(2099, 10, 10)),
        ("二〇九九\n年三月十六日", dt.date(2099, 3, 16)),  # an OCR line break
        ("2023-04-03", dt.date(2023, 4, 3)),
        ("2023/4/3", dt.date(2023, 4, 3)),
        ("２０２３．４．３", dt.date(2023, 4, 3)),
    ],
)
def test_parse_cn_date_accepts_printed_forms(raw, expected):
    assert parse_cn_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "二O〇O九九年二月十一日",  # OCR doubled a zero: no year 99
        "2023年2月30日",
        "二〇二三年十三月一日",
        "二〇二三年四月",
        "2023-04/03",
        "2023-02-30",
        "二〇二三年四月三日前",
        "",
    ],
)
def test_parse_cn_date_rejects(raw):
    assert parse_cn_date(raw) is None


@pytest.mark.parametrize(
    ("date", "court", "notice"),
    [
        (dt.date(2016, 8, 29), "二〇一六年八月二十九日", "2016年8月29日"),
        (dt.date(2023, 4, 3), "二〇二三年四月三日", "2023年4月3日"),
        (dt.date(2023, 10, 10), "二〇二三年十月十日", "2023年10月10日"),
        (dt.date(2022, 12, 31), "二〇二二年十二月三十一日", "2022年12月31日"),
    ],
)
def test_formats(date, court, notice):
    assert format_cn_date(date) == court
    assert format_gbt9704_date(date) == notice


def test_find_cn_dates_gives_offsets_into_the_original():
    text = "本院于二〇二二年十二月五日立案，２０２３年４月３日开庭，2023年2月30日不存在。"
    found = find_cn_dates(text)
    assert [f.value for f in found] == ["2022-12-05", "2023-04-03"]
    for f in found:
        assert text[f.start : f.end] == f.raw


def test_find_cn_dates_does_not_take_part_of_a_longer_number():
    assert find_cn_dates("编号12023年4月3日") == []


dates = st.dates(min_value=dt.date(1985, 1, 1), max_value=dt.date(2099, 12, 31))


@given(dates)
def test_court_style_round_trips(date):
    assert parse_cn_date(format_cn_date(date)) == date


@given(dates)
def test_notice_style_round_trips(date):
    assert parse_cn_date(format_gbt9704_date(date)) == date


@given(dates, st.sampled_from(["○", "◯", "零", "O", "Ｏ"]))
def test_every_zero_variant_reads_the_same(date, zero):
    assert parse_cn_date(format_cn_date(date).replace("〇", zero)) == date
