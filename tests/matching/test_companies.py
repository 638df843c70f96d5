import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.companies import alias_keys, company_key, same_company


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("甲制药有限公司", "甲制药"),
        ("甲制药（中国）有限公司", "甲制药"),
        ("甲制药(中国)有限公司", "甲制药"),
        ("甲制药股份有限公司", "甲制药"),
        ("甲制药有限责任公司", "甲制药"),
        ("甲制药有限公司南京分公司", "甲制药"),
        ("甲 制药 有限公司", "甲制药"),
        ("ＡＢＣ制药有限公司", "abc制药"),
        ("伊莱利利公司（Eli Lilly and Company）", "伊莱利利"),
        ("Eisai Co.,Ltd.", "eisai"),
        ("BAYER AG", "bayer"),
        ("拜耳医药（上海）有限公司", "拜耳医药(上海)"),  # a place other than 中国 names another entity
        ("", None),
        (None, None),
    ],
)
def test_company_key(printed, key):
    assert company_key(printed) == key


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("甲制药（中国）有限公司", "甲制药有限公司", "equal"),
        ("拜耳", "拜耳医药保健有限公司", "alias"),  # a real pair of the originator list
        ("恒瑞医药", "江苏恒瑞医药股份有限公司", "alias"),
        ("拜耳医药保健有限公司", "BAYER AG", None),  # two entities under one short name: not chained
        ("甲制药有限公司", "甲药业有限公司", None),
        ("江苏甲制药有限公司", "浙江甲制药有限公司", None),
        ("甲制药有限公司", None, None),
    ],
)
def test_same_company(a, b, expected):
    assert same_company(a, b) == expected


def test_alias_list_is_loaded_and_symmetric():
    full = company_key("拜耳医药保健有限公司")
    assert full in alias_keys(company_key("拜耳"))
    assert company_key("拜耳") in alias_keys(full)


NAME_PARTS = st.lists(
    st.sampled_from(
        [
            "甲",
            "乙",
            "制药",
            "药业",
            "（中国）",
            "(中国)",
            "有限公司",
            "股份",
            "分公司",
            "南京",
            " ",
            "Ｃｏ.",
            "Ltd",
            "集团",
        ]
    ),
    min_size=1,
    max_size=8,
)


@given(NAME_PARTS)
def test_company_key_is_idempotent(parts):
    key = company_key("".join(parts))
    assert key is None or company_key(key) == key
