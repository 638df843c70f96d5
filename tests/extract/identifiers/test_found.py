"""Properties every finder keeps: raw is the text at its place, and nothing crashes on noise."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.identifiers import (
    approval_numbers,
    case_numbers,
    cn_dates,
    money,
    patent_numbers,
    product_codes,
    specifications,
    uscc,
)
from extract.identifiers.found import fold_width

FINDERS = [
    uscc.find_uscc_candidates,
    patent_numbers.find_patent_number_candidates,
    patent_numbers.find_publication_numbers,
    case_numbers.find_case_numbers,
    cn_dates.find_cn_dates,
    approval_numbers.find_approval_numbers,
    approval_numbers.find_application_numbers,
    product_codes.find_product_codes,
    money.find_amounts,
    specifications.find_specifications,
]

# Characters identifiers are made of, their full-width twins, and the noise around them.
ALPHABET = (
    "0123456789０１２３４５６７８９XZLCNHJSAMBxmgμl.．·,，:：/*×（）()〔〕【】[] \n\u3000"
    "国药准字械注备号第年月日元万二〇十一五人民币最高法知民终初苏粤裁规格型号片盒专利统一社会信用代码"
)


@pytest.mark.parametrize("finder", FINDERS, ids=lambda f: f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}")
@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=80))
def test_raw_is_the_text_at_its_place(finder, text):
    for found in finder(text):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.raw
        assert found.value


@given(st.text(max_size=60))
def test_fold_width_keeps_length_and_is_idempotent(text):
    folded = fold_width(text)
    assert len(folded) == len(text)
    assert fold_width(folded) == folded
