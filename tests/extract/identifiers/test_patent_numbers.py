import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.identifiers.patent_numbers import (
    find_patent_number_candidates,
    find_patent_numbers,
    find_publication_numbers,
    normalize_patent_number,
    normalize_publication_number,
    patent_check_digit,
    patent_kind,
)

REAL_VALID = [  # FORMATS.md §2.1, tested there
    "200910021479.6",
    "200680018223.4",
    "202310397744.0",
    "202220828888.8",
    "201911044411.X",
    "201911044384.6",
    "202511071601.6",
    "201710601862.3",
]


@pytest.mark.parametrize("number", REAL_VALID)
def test_real_numbers_pass(number):
    digits, check = number.split(".")
    assert patent_check_digit(digits) == check
    assert normalize_patent_number(number) == "ZL" + number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ZL201911044411.X", "ZL201911044411.X"),
        ("ZL 2009 1 0021479.6", "ZL200910021479.6"),
        ("CN 200910021479·6", "ZL200910021479.6"),
        ("ZL２００９１００２１４７９．６", "ZL200910021479.6"),
        ("ZL200910021479・6", "ZL200910021479.6"),
        ("2009100214796", "ZL200910021479.6"),
        ("zl201911044411.x", "ZL201911044411.X"),
        ("ZL95115608.X", "ZL95115608.X"),  # worked example: sum 186, mod 11 = 10
        ("97101765.4", "ZL97101765.4"),
    ],
)
def test_normalize_printed_forms(raw, expected):
    assert normalize_patent_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "89103229.2",  # quoted in a history page; its real check digit would be 0
        "200910021479.5",  # wrong check digit
        "200910021479",  # no check digit
        "199910021479.6",  # 12-digit form did not exist before 2003
        "200950021479.6",  # no type digit 5
        "CN116455754B",  # a publication number
        "",
    ],
)
def test_normalize_rejects(raw):
    assert normalize_patent_number(raw) is None


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("ZL200910021479.6", "invention"),
        ("ZL202220828888.8", "utility_model"),
        ("201830123456.1", "design"),
        ("201880012345.6", "invention"),  # PCT invention
        ("201890012345.6", "utility_model"),  # PCT utility model
        ("ZL97101765.4", "invention"),
        ("CN 216979871 U", "utility_model"),
        ("CN116455754B", "invention"),
        ("no number", None),
    ],
)
def test_patent_kind(number, kind):
    assert patent_kind(number) == kind


def test_find_patent_numbers_with_offsets():
    text = "原告享有专利号为ZL 2009 1 0021479.6的发明专利，涉案专利（２０１９１１０４４４１１．Ｘ）……"
    found = find_patent_numbers(text)
    assert [f.value for f in found] == ["ZL200910021479.6", "ZL201911044411.X"]
    for f in found:
        assert text[f.start : f.end] == f.raw


def test_wrong_check_digit_is_a_candidate_not_a_number():
    text = "专利号ZL200910021479.5"
    assert find_patent_numbers(text) == []
    [candidate] = find_patent_number_candidates(text)
    assert (candidate.value, candidate.valid) == ("ZL200910021479.5", False)


@pytest.mark.parametrize(
    "text",
    [
        "联系电话：13912345678、02584561234",  # phone numbers
        "统一社会信用代码91350200776049653A",  # USCC
        "医保代码XA01ABD075A002010100483",  # NHSA drug code
        "受理号CYHS2201187",  # drug registration application
        "编号2009100214795",  # a bare 13-digit run whose check fails
        "金额85123456.7元",  # old-form shape without ZL or a 专利号 label
        "本位码86900483000019",
    ],
)
def test_other_long_numbers_are_not_patent_numbers(text):
    assert find_patent_number_candidates(text) == []


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("CN 116455754 B", "CN116455754B"),
        ("CN116455754A", "CN116455754A"),
        ("CN 216979871 U", "CN216979871U"),
        ("CN1030001A", "CN1030001A"),
        ("ＣＮ　１２０５５１６３２　Ｂ", "CN120551632B"),
    ],
)
def test_publication_numbers(raw, value):
    assert normalize_publication_number(raw) == value
    [found] = find_publication_numbers(f"授权公告号：{raw}，")
    assert found.value == value and found.raw == raw


twelve_digits = st.tuples(st.integers(2003, 2099), st.sampled_from("12389"), st.integers(0, 9_999_999)).map(
    lambda t: f"{t[0]}{t[1]}{t[2]:07d}"
)


def printed_forms(digits: str, check: str) -> list[str]:
    """The ways a ruling prints one number (FORMATS.md §2.1)."""
    wide = "".join(chr(ord(c) + 0xFEE0) for c in digits)
    return [
        f"ZL{digits}.{check}",
        f"ZL {digits[:4]} {digits[4]} {digits[5:]}.{check}",
        f"{digits}.{check}",
        f"{digits}{check}",
        f"CN {digits}·{check}",
        f"ZL{wide}．{check}",
    ]


@given(twelve_digits)
def test_every_printed_form_normalises_to_one_value(digits):
    check = patent_check_digit(digits)
    expected = f"ZL{digits}.{check}"
    for printed in printed_forms(digits, check):
        assert normalize_patent_number(printed) == expected
        assert [f.value for f in find_patent_numbers(f"专利号为{printed}的专利")] == [expected]


@given(twelve_digits)
def test_normalize_is_idempotent(digits):
    once = normalize_patent_number(f"ZL {digits[:4]} {digits[4]} {digits[5:]}.{patent_check_digit(digits)}")
    assert once is not None and normalize_patent_number(once) == once


@given(twelve_digits, st.sampled_from("0123456789X"))
def test_only_the_right_check_digit_is_accepted(digits, check):
    accepted = normalize_patent_number(f"{digits}.{check}") is not None
    assert accepted == (check == patent_check_digit(digits))
