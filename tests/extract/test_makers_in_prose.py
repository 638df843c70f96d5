"""The maker printed before a product in the prose ("甲公司生产的X片"): its name with the
bounds the NLP pipeline's organisation names give, not the words the regex swept in
(products.find_mentions → nlp.organisation_ending_at). Invented companies and texts."""

from __future__ import annotations

import pytest

from extract.nlp import drug_name_spans
from extract.products import find_mentions


def _maker(text: str) -> str | None:
    paragraphs, start = [], 0
    for line in text.split("\n"):
        paragraphs.append((start, start + len(line)))
        start += len(line) + 1
    hints = [
        m.maker_hint for m in find_mentions(text, paragraphs, [], drug_name_spans) if m.name == "利伐沙班片"
    ]
    assert len(hints) == 1
    if hints[0] is None:
        return None
    value, (start, end) = hints[0]
    assert text[start:end] == value
    return value


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "maker"),
    [
        # what the regex swept in before the name is left out
        ("原告通过公证购买，取得澜川公司生产的利伐沙班片一盒。", "澜川公司"),
        ("经查明，被告青禾生物科技有限公司生产的利伐沙班片", "青禾生物科技有限公司"),
        ("经查明星岚药业公司未经许可制造、销售的利伐沙班片", "星岚药业公司"),
        ("另查明，案外人丙丁制药有限公司生产的利伐沙班片在售。", "丙丁制药有限公司"),
        ("二〇九七年海瑞公司研制的利伐沙班片获批上市。", "海瑞公司"),
        ("被诉侵权产品为滇和坊公司生产的利伐沙班片", "滇和坊公司"),
        ("以及被请求人泽远（南通）医药有限公司生产的利伐沙班片", "泽远（南通）医药有限公司"),
        ("被告北辰医药有限公司浦东第二分公司生产、销售的利伐沙班片", "北辰医药有限公司浦东第二分公司"),
        # a name longer than the regex's window is read whole
        (
            "本院于2098年5月认定，原告取得内蒙古自治区鄂尔多斯市伊金霍洛旗澜川生物医药科技股份有限公司生产的利伐沙班片。",
            "内蒙古自治区鄂尔多斯市伊金霍洛旗澜川生物医药科技股份有限公司",
        ),
        # already exact: unchanged
        ("澜川公司生产的利伐沙班片", "澜川公司"),
        # no organisation ends there: the regex's reading stays
        ("被告张三生产的利伐沙班片", "被告张三"),
        ("我公司生产、销售的利伐沙班片", "我公司"),
    ],
)
def test_the_maker_before_a_product_is_the_organisation_named(text, maker):
    assert _maker(text) == maker


@pytest.mark.slow
def test_no_maker_words_no_maker():
    assert _maker("被诉侵权产品为利伐沙班片，规格10mg。") is None
