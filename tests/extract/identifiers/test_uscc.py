import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.identifiers.uscc import (
    USCC_CHARSET,
    find_uscc_candidates,
    find_usccs,
    is_valid_uscc,
    organisation_code_ok,
    uscc_check_char,
)

REAL_VALID = [  # FORMATS.md §1, all pass both checks
    "91350200776049653A",
    "91440101MA5CJQ4N59",
    "913502000728319549",
    "123502001549897397",
    "9135021359498494XQ",
    "91350213678251743X",
    "91350200MA2YJ1XR9G",
]


@pytest.mark.parametrize("code", REAL_VALID)
def test_real_codes_are_valid(code):
    assert is_valid_uscc(code)
    assert organisation_code_ok(code)


@pytest.mark.parametrize(
    "code",
    [
        "91350203M0001QAY9B",  # special-cased in the source: fails the checksum
        "91350100M000100Y4Z",  # GB 32100 worked example with Z (not in the charset)
        "91350200776049653B",  # last char changed
        "9135020077604965",  # too short
        "91350200776049653AA",  # too long
        "9135020O776049653A",  # O is never used
    ],
)
def test_invalid_codes(code):
    assert not is_valid_uscc(code)


def test_worked_example_check_char():
    assert uscc_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    "printed", ["９１３５０２００７７６０４９６５３Ａ", "9135 0200 7760 4965 3A", " 91350200776049653A\n"]
)
def test_validator_tolerates_width_and_spaces(printed):
    assert is_valid_uscc(printed)


def test_find_usccs_in_a_party_block():
    text = "被告：某某药业有限公司，统一社会信用代码：９１３５０２００７７６０４９６５３Ａ，住所地……"
    [found] = find_usccs(text)
    assert found.value == "91350200776049653A"
    assert text[found.start : found.end] == found.raw


@pytest.mark.parametrize(
    ("printed", "value"),
    [("91110105MAO1RBW7NW", "91110105MA01RBW7NW"), ("9135O2OO776O49653A", "91350200776049653A")],
)
def test_ocr_letters_for_digits_are_read_as_digits(printed, value):
    text = f"统一社会信用代码:{printed}。"
    [found] = find_usccs(text)
    assert (found.raw, found.value) == (printed, value)
    assert not is_valid_uscc(printed)  # the validator itself stays strict


def test_candidates_report_a_wrong_check_char_after_the_label():
    text = "统一社会信用代码 9135 0200 7760 4965 3B；另 91350203M0001QAY9B"
    candidates = find_uscc_candidates(text)
    assert [(c.value, c.valid) for c in candidates] == [
        ("91350200776049653B", False),
        ("91350203M0001QAY9B", False),
    ]
    assert find_usccs(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "公民身份号码11010519491231002X",  # a citizen ID (GB 11643 check passes)
        "医保代码XA01ABD075A002010100483",  # 23-char NHSA code
        "9135020077604965 3B 12",  # spaced run without a label
    ],
)
def test_things_that_are_not_uscc_candidates(text):
    assert find_uscc_candidates(text) == []


bodies = st.text(alphabet=USCC_CHARSET, min_size=2, max_size=2).flatmap(
    lambda head: st.tuples(
        st.just(head),
        st.text(alphabet="0123456789", min_size=6, max_size=6),
        st.text(alphabet=USCC_CHARSET, min_size=9, max_size=9),
    )
)


@given(bodies)
def test_generated_codes_are_valid(parts):
    first17 = "".join(parts)
    assert is_valid_uscc(first17 + uscc_check_char(first17))


@given(bodies, st.integers(0, 17), st.integers(1, 30))
def test_changing_one_char_invalidates(parts, position, shift):
    first17 = "".join(parts)
    code = first17 + uscc_check_char(first17)
    alphabet = "0123456789" if 2 <= position < 8 else USCC_CHARSET
    if shift % len(alphabet) == 0:
        shift += 1
    changed = alphabet[(alphabet.index(code[position]) + shift) % len(alphabet)]
    assert not is_valid_uscc(code[:position] + changed + code[position + 1 :])


@given(bodies)
def test_find_usccs_finds_generated_codes_in_text(parts):
    first17 = "".join(parts)
    code = first17 + uscc_check_char(first17)
    text = f"统一社会信用代码：{code}。"
    assert [f.value for f in find_usccs(text)] == [code]
