import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.identifiers.product_codes import find_product_codes, is_nhsa_code, nhsa_kind, parse_nhsa_code


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("XA01ABD075A002010100483", "western_drug"),
        ("XL02BBA326A001010102180", "western_drug"),
        ("ZA01AAX0558010100166", "chinese_medicine"),
        ("C0344051070500007551", "consumable"),
        ("C1701022160400012087", "consumable"),
        ("C15010521204021107660000001", "consumable"),
        ("ＸＡ０１ＡＢＤ０７５Ａ００２０１０１００４８３", "western_drug"),
    ],
)
def test_real_codes(code, kind):
    assert nhsa_kind(code) == kind
    assert is_nhsa_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "XA01ABD075A00201010048",  # 22 chars
        "XA01ABD075A0020101004831",  # 24 chars
        "YA01ABD075A002010100483",  # no Y category
        "C034405107050000755",  # 19 chars
        "C03440510705000075510",  # 21 chars
        "JSYP2097004518",  # a platform's own id
    ],
)
def test_not_codes(code):
    assert not is_nhsa_code(code)


def test_parse_western_drug_code():
    parsed = parse_nhsa_code("XA01ABD075A002010100483")
    assert parsed is not None
    assert (parsed.product, parsed.spec, parsed.enterprise) == ("XA01ABD075A002", "0101", "00483")


def test_parse_consumable_code_with_model():
    parsed = parse_nhsa_code("C15010521204021107660000001")
    assert parsed is not None
    assert (parsed.product, parsed.enterprise, parsed.spec) == ("C150105212", "10766", "0000001")


def test_find_product_codes_in_a_table_row():
    text = "利伐沙班片 | 10mg | 国药准字H20963318 | XB01AFL189A001010107735 | JSYP2097004518"
    [found] = find_product_codes(text)
    assert found.value == "XB01AFL189A001010107735"
    assert text[found.start : found.end] == found.raw


letters = st.characters(min_codepoint=ord("A"), max_codepoint=ord("Z"))


def digits(n: int):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


@given(letters, digits(2), letters, letters, letters, digits(3), letters, digits(3), digits(9))
def test_generated_western_codes_are_codes(a, b, c, d, e, f, g, h, i):
    code = f"X{a}{b}{c}{d}{e}{f}{g}{h}{i}"
    assert nhsa_kind(code) == "western_drug"
    assert [x.value for x in find_product_codes(f"医保代码：{code}。")] == [code]
